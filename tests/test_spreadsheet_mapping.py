"""The import mapping: the shipped example is the default, headers match loosely."""

from __future__ import annotations

from conftest import EXAMPLE_REGISTER
from lgtool.spreadsheet.mapping import DEFAULT, EXAMPLE_FILE, example_text, load


def test_committed_example_mapping_is_the_default() -> None:
    """If this fails: regenerate register/import/mappning-exempel.yaml from example_text()."""
    path = EXAMPLE_REGISTER / EXAMPLE_FILE
    assert path.read_text("utf-8") == example_text()
    assert load(path) == DEFAULT


def test_headers_match_case_and_space_insensitively_and_field_paths_work() -> None:
    assert DEFAULT.field_for("  senaste   klassa ").name == "senaste_klassa"  # type: ignore[union-attr]
    assert DEFAULT.field_for("roller.objektspecialist").name == "roller.objektspecialist"  # type: ignore[union-attr]
    assert DEFAULT.field_for("Kommentar") is None
    assert DEFAULT.header_for("handlingsplan.roda") == "Röda"
