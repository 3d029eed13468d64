"""The exported workbook: two sheets, frozen bold header, widths, real dates."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from conftest import ORGANISATION, TODAY, behandling
from lgtool.checkpoints import compute_status
from lgtool.model import Behandling, Organisation
from lgtool.spreadsheet.write import to_csv, to_xlsx

openpyxl = pytest.importorskip("openpyxl", reason="xlsx needs the optional extra 'excel'")


def _status() -> object:
    organisation = Organisation.model_validate(ORGANISATION)
    b = Behandling.model_validate(
        behandling("b1", roller={"objektledare_it": None}, senaste_rsa=None),
        context={"idag": TODAY},
    )
    return compute_status(organisation, [b], TODAY)


def test_workbook_layout() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(_status())))  # type: ignore[arg-type]
    assert workbook.sheetnames == ["Register", "Status"]
    register, status = workbook["Register"], workbook["Status"]
    for sheet in (register, status):
        assert sheet.freeze_panes == "A2"
        assert all(c.font.b for c in sheet[1])
        assert sheet.column_dimensions["A"].width == 8
    row = {h.value: c for h, c in zip(register[1], register[2], strict=True)}
    assert row["Senaste KLASSA"].value == datetime(2026, 1, 10)
    assert row["Senaste KLASSA"].number_format == "yyyy-mm-dd"
    assert row["Senaste RSA"].value is None
    assert row["Objektledare IT"].value == "-"
    assert [c.value for c in status[2]] == [
        "b1", "Behandling b1", "obj", "aktuell", "saknas", "aktuell", "ja", "ej tillämpligt",
        "ja", "ja", "nej", "objektledare_it", 0, 0, "RSA, ansvarsroller",
    ]  # fmt: skip


def test_csv_has_register_then_status_columns() -> None:
    header, row = to_csv(_status()).split("\r\n")[:2]  # type: ignore[arg-type]
    assert header.endswith(
        ";Anteckning;Status: KLASSA;Status: RSA;Status: Behörighetskontroll;"
        "Status: Registerförd enligt GDPR;Status: Konsekvensbedömning;"
        "Status: Klassningsprotokoll finns;Status: Systembeskrivning finns;"
        "Status: Roller namnsatta enligt pm3;Status: Roller som saknas;Status: Ohanterade gula;"
        "Status: Ohanterade röda;Status: Avvikelser"
    )
    assert row.endswith(";-;;0;0;;;aktuell;saknas;aktuell;ja;ej tillämpligt;ja;ja;nej;"
                        "objektledare_it;0;0;RSA, ansvarsroller")  # fmt: skip
