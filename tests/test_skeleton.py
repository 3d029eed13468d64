"""The skeleton of lgtool ny: every field, commented, validating once filled."""

from __future__ import annotations

from lgtool.model import Behandling
from lgtool.skeleton import render
from lgtool.yamlio import parse


def test_every_field_is_present_once_with_a_comment_above() -> None:
    text = render("tk-ny", "obj")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/behandling.schema.json"
    keys = [line.split(":")[0] for line in lines if line and not line.startswith(("#", " "))]
    assert keys == list(Behandling.model_fields)
    for i, line in enumerate(lines):
        if line and not line.startswith(("#", " ")):
            assert lines[i - 1].startswith("#"), f"fältet på rad {i + 1} saknar kommentar"


def test_given_values_are_filled_in_and_quoted_when_needed() -> None:
    data = parse(render("tk-ny", "obj", namn="Ny: behandling", kategori="unik")).data
    assert (data["id"], data["namn"], data["forvaltningsobjekt"], data["kategori"]) == (
        "tk-ny",
        "Ny: behandling",
        "obj",
        "unik",
    )
    assert data["personuppgifter"] is None
