"""Unwrapping the schemas' type annotations (lgtool.model.annotations)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Optional, Union

import pytest
from pydantic import BaseModel, Field

from conftest import REPO
from lgtool.model import Behandling, Forvaltningsobjekt, Klassning, Organisation
from lgtool.model.annotations import Choice, DictOf, ListOf, Unwrapped, unwrap
from lgtool.model.common import Datum, RollNyckel


class Inner(BaseModel):
    """A nested model."""

    namn: str


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (str, Unwrapped((str,), False)),
        (Inner, Unwrapped((Inner,), False)),
        (Annotated[int, Field(ge=0)], Unwrapped((int,), False)),
        (Datum | None, Unwrapped((date,), True)),
        (Optional[Annotated[str, "x"]], Unwrapped((str,), True)),  # noqa: UP045 (the old spelling)
        (Annotated[int | None, "x"], Unwrapped((int,), True)),
        (Union[str, int], Unwrapped((str, int), False)),  # noqa: UP007 (the old spelling)
        (str | list[Inner] | None, Unwrapped((str, ListOf(Inner)), True)),
        (dict[str, list[Inner]], Unwrapped((DictOf(str, list[Inner]),), False)),
        (Literal["ja", "nej"] | None, Unwrapped((Choice(("ja", "nej")),), True)),
        (Annotated[str | Annotated[date | None, "y"], "x"], Unwrapped((str, date), True)),
    ],
)
def test_unwrap(annotation: object, expected: Unwrapped) -> None:
    assert unwrap(annotation) == expected


def test_unwrap_the_schemas_own_fields() -> None:
    fields = Behandling.model_fields
    assert unwrap(fields["senaste_klassa"].annotation) == Unwrapped((date,), True)
    assert unwrap(fields["klassning"].annotation) == Unwrapped((Klassning,), True)
    assert unwrap(fields["kategori"].annotation) == Unwrapped(
        (Choice(("unik", "gemensam", "ovrig")),), False
    )
    assert unwrap(fields["roller"].annotation) == Unwrapped((DictOf(RollNyckel, str | None),), True)
    assert unwrap(Organisation.model_fields["forvaltningsobjekt"].annotation) == Unwrapped(
        (ListOf(Forvaltningsobjekt),), False
    )


def test_no_other_module_unwraps_annotations_on_its_own() -> None:
    source = REPO / "src" / "lgtool"
    own = [
        str(path.relative_to(source))
        for path in sorted(source.rglob("*.py"))
        if "get_origin(" in path.read_text("utf-8")
    ]
    assert own == ["model/annotations.py"]
