"""The exported workbook: two sheets, frozen bold header, widths, real dates."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest

from conftest import ORGANISATION, TODAY, behandling
from lgtool.checkpoints import compute_status
from lgtool.model import Behandling, Organisation
from lgtool.safetext import apostrophe_escaped
from lgtool.spreadsheet.items import ITEM_COLUMNS, ITEM_SHEET, item_rows
from lgtool.spreadsheet.write import (
    register_columns,
    register_row,
    status_headers,
    status_row,
    to_csv,
    to_xlsx,
)

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


def _reference_xlsx(status: Any) -> Any:
    """The workbook as the default (cell-by-cell) mode of openpyxl builds it: the careful
    path that the streamed export must match cell for cell."""
    workbook = openpyxl.Workbook()
    behandlingar = [s.behandling for s in status.behandlingar]
    columns = register_columns(behandlingar, status.checkpoints)
    id_columns = [("Id", "id"), ("Namn", "namn"), ("Förvaltningsobjekt", "forvaltningsobjekt")]
    sheets = [
        ("Register", [h for h, _ in columns], [register_row(b, columns) for b in behandlingar]),
        (
            "Status",
            [h for h, _ in id_columns] + status_headers(status.checkpoints),
            [
                register_row(s.behandling, id_columns) + status_row(s, status.checkpoints)
                for s in status.behandlingar
            ],
        ),
    ]
    items = item_rows(behandlingar)
    if items:
        sheets.append((ITEM_SHEET, [h for h, _ in ITEM_COLUMNS], items))
    for index, (title, headers, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        sheet.append(headers)
        for header_cell in sheet[1]:
            header_cell.font = openpyxl.styles.Font(bold=True)
        for row_number, row in enumerate(rows, start=2):
            if title != "Status":
                row = [apostrophe_escaped(v) for v in row]  # noqa: PLW2901
            sheet.append(row)
            for column, value in enumerate(row, start=1):
                target = sheet.cell(row=row_number, column=column)
                if isinstance(value, str) and value.startswith("="):
                    target.data_type = "s"
                if isinstance(value, date):
                    target.number_format = "yyyy-mm-dd"
        for column, header in enumerate(headers, start=1):
            values = [header, *(str(r[column - 1]) for r in rows if r[column - 1] is not None)]
            values = [v.isoformat() if isinstance(v, date) else v for v in values]
            width = min(max(max(len(str(v)) for v in values) + 2, 8), 60)
            sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _cells(workbook: Any) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for sheet in workbook.worksheets:
        widths = {k: d.width for k, d in sheet.column_dimensions.items()}
        found.append((sheet.title, sheet.freeze_panes, tuple(sorted(widths.items()))))
        for row in sheet.iter_rows():
            found.extend(
                (sheet.title, c.coordinate, c.value, c.data_type, c.number_format, c.font.b)
                for c in row
            )
    return found


def test_the_streamed_workbook_matches_the_cell_by_cell_one() -> None:
    organisation = Organisation.model_validate(ORGANISATION)
    rows = [
        behandling("b1", roller={"objektledare_it": None}, senaste_rsa=None),
        behandling("b2", anteckning="=SUMMA(A1:A9)", system="=1+1", senaste_klassa=None),
        behandling("b4", namn="'+", anteckning="''=x", system="'x"),
        behandling(
            "b3",
            handlingsplan={
                "punkter": [
                    {"id": "p1", "rubrik": "=HYPERLINK(\"x\")", "farg": "rod",
                     "kalla": "rsa", "hittad": "2026-01-05", "senast": "2026-03-01"},
                ]
            },
        ),
    ]  # fmt: skip
    models = [Behandling.model_validate(r, context={"idag": TODAY}) for r in rows]
    status = compute_status(organisation, models, TODAY)
    streamed = openpyxl.load_workbook(io.BytesIO(to_xlsx(status)))
    assert streamed.sheetnames == ["Register", "Status", ITEM_SHEET]
    assert _cells(streamed) == _cells(_reference_xlsx(status))
    text = [c for c in _cells(streamed) if len(c) == 6 and str(c[2]).startswith("=")]
    assert {c[2] for c in text} == {"=SUMMA(A1:A9)", "=1+1", '=HYPERLINK("x")'}
    assert all(c[3] == "s" for c in text)  # text, never a formula
