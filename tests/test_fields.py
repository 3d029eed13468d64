"""Field paths of the processing schema and the form of command-line values."""

from __future__ import annotations

from datetime import date

import pytest

from lgtool.errors import UsageError
from lgtool.fields import FieldSpec, fields, flatten, order, parse_value, resolve


def test_resolve_nested_and_role_fields() -> None:
    assert resolve("handlingsplan.roda") == FieldSpec(
        path=("handlingsplan", "roda"),
        kind="int",
        required=False,
        nullable=False,
        description="Ohanterade punkter 'uppfyller inte alls' (röda).",
    )
    assert resolve("klassning.konfidentialitet").kind == "int"
    assert resolve("senaste_klassa").kind == "date"
    assert resolve("senaste_klassa").nullable
    assert resolve("kategori").choices == ("unik", "gemensam", "ovrig")
    role = resolve("roller.objektledare_it")
    assert (role.kind, role.nullable, role.required) == ("text", True, False)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("senaste_klass", "okänt fält 'senaste_klass' – menade du 'senaste_klassa'?"),
        ("handlingsplan.rod", "okänt fält 'handlingsplan.rod' – menade du 'roda'?"),
        (
            "handlingsplan.xyz",
            "okänt fält 'handlingsplan.xyz'; fälten i 'handlingsplan' är: "
            "per_datum, gula, roda, punkter",
        ),
        ("namn.forsta", "okänt fält 'namn.forsta': 'namn' har inga fält under sig"),
        (
            "roller.Objektledare",
            "'Objektledare' är inget rollnamn; skriv t.ex. roller.objektledare_it "
            "(små bokstäver a–z och understreck)",
        ),
    ],
)
def test_unknown_fields_are_usage_errors(name: str, message: str) -> None:
    with pytest.raises(UsageError) as error:
        resolve(name)
    assert error.value.message == message


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("senaste_klassa", "2025-01-10", date(2025, 1, 10)),
        ("senaste_klassa", "2024-13-01", "2024-13-01"),
        ("senaste_klassa", "null", None),
        ("handlingsplan.roda", "3", 3),
        ("handlingsplan.roda", "tre", "tre"),
        ("personuppgifter", "ja", True),
        ("personuppgifter", "Nej", False),
        ("personuppgifter", "true", True),
        ("personuppgifter", "kanske", "kanske"),
        ("kategori", " unik ", "unik"),
        ("namn", " Med mellanslag ", " Med mellanslag "),
        ("system", "~", None),
        ("anteckning", "", None),
    ],
)
def test_parse_value(name: str, text: str, value: object) -> None:
    assert parse_value(resolve(name), text) == value


def test_fields_and_order_follow_the_schema() -> None:
    names = [f.name for f in fields()]
    assert names[:4] == ["id", "namn", "forvaltningsobjekt", "system"]
    assert "klassning.sparbarhet" in names
    assert order(("handlingsplan",)) == ["per_datum", "gula", "roda", "punkter"]
    assert order(("roller",)) == []


def test_flatten_keeps_scalars_and_joins_lists() -> None:
    data = {"a": {"b": 1, "c": {"d": None}}, "e": [1, "x"], "f": True}
    assert flatten(data) == {"a.b": 1, "a.c.d": None, "e": "1, x", "f": True}
