"""Status as plain data (lgtool.render.data): flattening and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ORGANISATION, behandling
from lgtool.checkpoints import compute_status, select
from lgtool.model import Behandling, Organisation
from lgtool.render.data import csv_text, flatten, status_dict, to_csv, to_json
from lgtool.safetext import csv_cell


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"a": 1}, {"a": 1}),
        ({"a": {"b": {"c": "x"}}}, {"a.b.c": "x"}),
        (
            {"saknas": ["objektagare", "objektledare_it"]},
            {"saknas": "objektagare, objektledare_it"},
        ),
        ({"saknas": []}, {"saknas": ""}),
        ({"avvikelse": True, "annan": False}, {"avvikelse": "ja", "annan": "nej"}),
        ({"gula": None, "roda": 0}, {"gula": "", "roda": 0}),
    ],
)
def test_flatten(data: dict[str, Any], expected: dict[str, Any]) -> None:
    assert flatten(data) == expected


def test_csv_columns_are_the_union_in_first_seen_order() -> None:
    rows: list[dict[str, Any]] = [{"a": 1, "b": {"c": 2}}, {"a": 3, "d": 4}]
    assert to_csv(rows) == "\ufeffa;b.c;d\r\n1;2;\r\n3;;4\r\n"


def test_csv_is_one_convention_for_excel_in_swedish() -> None:
    rows = [{"id": "b1", "andel": 0.25, "per": date(2026, 1, 2), "ja": True, "x": None}]
    rows.append({"id": "=1+1", "andel": 1.0, "per": None, "ja": False, "x": "a;b"})
    assert csv_text(["id"], [["ö"]]) == "\ufeffid\r\nö\r\n"
    assert to_csv(rows) == (
        '\ufeffid;andel;per;ja;x\r\nb1;0,25;2026-01-02;ja;\r\n\'=1+1;1,0;;nej;"a;b"\r\n'
    )


TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r"))


@given(st.lists(st.fixed_dictionaries({"id": TEXT, "namn": TEXT}), min_size=1))
def test_csv_reads_back(rows: list[dict[str, str]]) -> None:
    """Every cell reads back as written, or with the ' that keeps a formula from running."""
    expected = [{k: csv_cell(v) for k, v in row.items()} for row in rows]
    text = to_csv(rows).removeprefix("\ufeff")
    assert list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";")) == expected


def test_json_of_an_empty_selection() -> None:
    org = Organisation.model_validate(ORGANISATION)
    status = compute_status(org, [Behandling.model_validate(behandling())], date(2026, 11, 29))
    data = status_dict(select(status, kategori=["ovrig"]))
    assert to_json(data) == to_json(
        {
            "per": "2026-11-29",
            "organisation": "Testkontoret",
            "underlag": {
                "kalla": "arbetskopian",
                "commit": None,
                "commit_datum": None,
                "senare_registrerade_datum": 0,
                "utelamnade_behandlingar": [],
                "fel_i_commit": 0,
                "anledning": "per_ej_passerat",
            },
            "behandlingar": [],
            "summering": {
                "antal": 0,
                "avvikelser": 0,
                "klassa": {"aktuell": 0, "forfallen": 0, "saknas": 0, "okand": 0},
                "rsa": {"aktuell": 0, "forfallen": 0, "saknas": 0, "okand": 0},
                "behorighetskontroll": {"aktuell": 0, "forfallen": 0, "saknas": 0, "okand": 0},
                "registerford": {"ja": 0, "nej": 0, "ej_tillampligt": 0},
                "konsekvensbedomning": {"ja": 0, "nej": 0, "ej_tillampligt": 0},
                "klassningsprotokoll": {"ja": 0, "nej": 0},
                "systembeskrivning": {"ja": 0, "nej": 0},
                "roller": {"ja": 0, "nej": 0},
                "gula": 0,
                "roda": 0,
                "utan_handlingsplan": 0,
                "per_forvaltningsobjekt": {},
            },
        }
    )
