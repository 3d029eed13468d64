"""Round-trip edits in yamlio: every byte outside the edited value stays as it was."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lgtool import fields
from lgtool.yamlio import YamlError, edit_value, format_scalar, parse
from lgtool.yamlio import edit as edit_module

MESSY = (
    "# Signalstyrning – kommentar överst\n"
    "\n"
    "id: tk-signalstyrning\n"
    "namn: 'Signalstyrning (gamla)'   # enkla citattecken\n"
    'system: "TrafikSCADA"\n'
    "kategori:    unik\n"
    "\n"
    "\n"
    "personuppgifter: false\n"
    "klassning: {konfidentialitet: 2, riktighet: 3, tillganglighet: 4}\n"
    "senaste_klassa: 2024-03-12 # senaste\n"
    "senaste_rsa: null\n"
    "senaste_behorighetskontroll:\n"
    "registerford: false\n"
    "   # indragen kommentar\n"
    "konsekvensbedomning: ej_tillampligt\n"
    "handlingsplan:\n"
    "    per_datum: 2024-10-01\n"
    "    gula: 5      # delvis\n"
    "    roda: 2\n"
    "\n"
    "# slut\n"
    "anteckning: |\n"
    "  Rad ett.\n"
    "  Rad två.\n"
)


def edit(text: str, name: str, value: object) -> str:
    spec = fields.resolve(name)
    return edit_value(text, spec.path, value, field_order=fields.order)  # type: ignore[arg-type]


def test_edit_keeps_every_byte_outside_the_value() -> None:
    edited = edit(MESSY, "senaste_klassa", date(2025, 1, 10))
    assert edited == MESSY.replace(
        "senaste_klassa: 2024-03-12 # senaste", "senaste_klassa: 2025-01-10 # senaste"
    )


@pytest.mark.parametrize(
    ("name", "value", "old", "new"),
    [
        ("namn", "Ny 'signal'", "'Signalstyrning (gamla)'", "'Ny ''signal'''"),
        ("system", "Ny: SCADA", '"TrafikSCADA"', '"Ny: SCADA"'),
        ("kategori", "gemensam", "kategori:    unik", "kategori:    gemensam"),
        ("senaste_rsa", date(2025, 2, 1), "senaste_rsa: null", "senaste_rsa: 2025-02-01"),
        (
            "senaste_behorighetskontroll",
            date(2025, 2, 1),
            "senaste_behorighetskontroll:\n",
            "senaste_behorighetskontroll: 2025-02-01\n",
        ),
        ("handlingsplan.roda", 0, "    roda: 2", "    roda: 0"),
        ("handlingsplan.gula", 1, "    gula: 5      # delvis", "    gula: 1      # delvis"),
        ("klassning.riktighet", 1, "riktighet: 3,", "riktighet: 1,"),
        ("anteckning", "Kort.", "|\n  Rad ett.\n  Rad två.\n", "Kort.\n"),
    ],
)
def test_edit_replaces_only_the_value(name: str, value: object, old: str, new: str) -> None:
    assert MESSY.count(old) == 1
    assert edit(MESSY, name, value) == MESSY.replace(old, new)


def test_missing_key_is_inserted_after_its_schema_predecessor() -> None:
    edited = edit(MESSY, "natverkszon", "Z2")
    assert edited == MESSY.replace(
        "klassning: {konfidentialitet: 2, riktighet: 3, tillganglighet: 4}\n",
        "klassning: {konfidentialitet: 2, riktighet: 3, tillganglighet: 4}\nnatverkszon: Z2\n",
    )


def test_missing_key_in_flow_mapping() -> None:
    edited = edit(MESSY, "klassning.sparbarhet", 1)
    assert edited == MESSY.replace("tillganglighet: 4}", "tillganglighet: 4, sparbarhet: 1}")


def test_missing_parent_is_created_with_the_documents_indent() -> None:
    text = "id: a\nroller:\n    objektagare: Anna\nkontinuitetsplan: true\n"
    assert edit(text, "handlingsplan.roda", 1) == (
        "id: a\nroller:\n    objektagare: Anna\nhandlingsplan:\n    roda: 1\n"
        "kontinuitetsplan: true\n"
    )


def test_null_parent_becomes_a_mapping_and_keeps_its_comment() -> None:
    text = "id: a\nklassning: null   # inte klassad\nnatverkszon: Z1\n"
    assert edit(text, "klassning.konfidentialitet", 2) == (
        "id: a\nklassning:   # inte klassad\n  konfidentialitet: 2\nnatverkszon: Z1\n"
    )


def test_role_is_appended_to_roller() -> None:
    text = "id: a\nroller:\n  objektagare: Anna  # ägare\n\nhandlingsplan: null\n"
    assert edit(text, "roller.objektledare_it", None) == (
        "id: a\nroller:\n  objektagare: Anna  # ägare\n  objektledare_it: null\n\n"
        "handlingsplan: null\n"
    )


def test_mapping_can_be_set_to_null_but_not_to_a_scalar() -> None:
    assert edit(MESSY, "handlingsplan", None) == MESSY.replace(
        "handlingsplan:\n    per_datum: 2024-10-01\n    gula: 5      # delvis\n    roda: 2\n",
        "handlingsplan: null\n",
    )
    with pytest.raises(YamlError) as error:
        edit(MESSY, "handlingsplan", 3)
    assert (error.value.line, error.value.column, error.value.message) == (
        18,
        5,
        "'handlingsplan' är en mappning; ange ett fält i den, t.ex. handlingsplan.<fält>, "
        "eller null för att ta bort den",
    )


def test_crlf_and_first_key() -> None:
    text = "namn: x\r\nkategori: unik\r\n"
    assert edit(text, "id", "a") == "id: a\r\nnamn: x\r\nkategori: unik\r\n"
    assert edit(text, "namn", "ny") == "namn: ny\r\nkategori: unik\r\n"


def test_broken_yaml_is_refused_with_its_position() -> None:
    with pytest.raises(YamlError) as error:
        edit("id: a\nnamn: [x\n", "namn", "y")
    assert error.value.code == "yaml-syntax"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "true"),
        (3, "3"),
        (date(2025, 1, 2), "2025-01-02"),
        ("Signalstyrning", "Signalstyrning"),
        ("Åsa Öberg", "Åsa Öberg"),
        ("ja", '"ja"'),
        ("2025-01-02", '"2025-01-02"'),
        ("2024-13-01", '"2024-13-01"'),
        ("12", '"12"'),
        ("a: b", '"a: b"'),
        ("# inte kommentar", '"# inte kommentar"'),
        (" mellanslag", '" mellanslag"'),
        ("två\nrader", '"två\\nrader"'),
        ("", '""'),
    ],
)
def test_format_scalar(value: object, text: str) -> None:
    assert format_scalar(value) == text  # type: ignore[arg-type]


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30
)
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.dates(), _TEXT)


@settings(deadline=None)
@given(
    name=st.sampled_from(
        ["namn", "system", "senaste_rsa", "handlingsplan.gula", "klassning.riktighet", "anteckning"]
    ),
    value=_VALUES,
)
def test_edit_then_reread_changes_exactly_that_value(name: str, value: object) -> None:
    before = parse(MESSY).data
    after = parse(edit(MESSY, name, value)).data
    expected = value.isoformat() if isinstance(value, date) else value
    path = name.split(".")
    target = before
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = expected
    assert after == before


_SIMPLE_TEXT = st.text(
    st.sampled_from("abcxyzABåäöÅÖé019_ .:;()/+-–—§%&'!?eEnNtTfFoOxX"), min_size=1, max_size=12
)


@given(_SIMPLE_TEXT)
@settings(max_examples=500, deadline=None)
def test_the_quick_plainness_check_agrees_with_loading(text: str) -> None:
    # format_scalar decides plain text by the resolver alone where that is exact;
    # the careful check loads ``x: TEXT`` with ruamel.yaml. They must agree.
    assert edit_module._reads_back_as_plain(text) == (
        _guards_pass(text) and edit_module._loads_back(text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "1_000",
        "0x1F",
        ".5",
        "+1",
        "1e3",
        ".inf",
        ".nan",
        "NaN",
        "Null",
        "TRUE",
        "2024-01-01",
        "2024-1-1",
        "1:30",
        "0o17",
        "-1",
        "a b",
        "(x)",
        "1.0.0",
        "Åsa's",
        "100 %",
        "RSA:n",
        "12:30",
        "a:b:c",
        "x;y",
        "1:2:3",
    ],
)
def test_the_quick_plainness_check_on_lookalikes(text: str) -> None:
    assert edit_module._reads_back_as_plain(text) == (
        _guards_pass(text) and edit_module._loads_back(text)
    )


def _guards_pass(text: str) -> bool:
    """The cheap refusals that come before either check."""
    return (
        bool(edit_module._PLAIN_SAFE.match(text))
        and text == text.strip()
        and not (": " in text or " #" in text or text.endswith(":"))
        and text.lower() not in edit_module._YAML11_WORDS
        and not any(c in text for c in ",[]{}")
    )
