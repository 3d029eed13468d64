"""Reading sheets: encodings, delimiters, the header row under titles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lgtool.errors import UsageError
from lgtool.spreadsheet.mapping import DEFAULT, SpreadsheetError
from lgtool.spreadsheet.read import check_headers, decode_csv, find_table, read_cells


def test_decode_csv() -> None:
    assert decode_csv(b"\xef\xbb\xbfId;\xc3\x85r") == "Id;År"
    assert decode_csv("Id;År".encode()) == "Id;År"
    assert decode_csv("Id;År".encode("cp1252")) == "Id;År"


def test_header_row_below_a_title_and_empty_rows_skipped(tmp_path: Path) -> None:
    sheet = tmp_path / "a.csv"
    sheet.write_text("Behandlingar 2025;;\n;;\nId;Namn;Övrigt\na;A;x\n;;\n;  ;\nb;B;\n", "utf-8")
    table = find_table(read_cells(sheet), DEFAULT)
    assert table.header_row == 3
    assert table.headers == ("Id", "Namn", "Övrigt")
    assert table.rows == ((4, ("a", "A", "x")), (7, ("b", "B", "")))


def test_refusals(tmp_path: Path) -> None:
    sheet = tmp_path / "a.csv"
    sheet.write_text("Id,Namn,namn\na,A,B\n", "utf-8")
    table = find_table(read_cells(sheet), DEFAULT)
    with pytest.raises(SpreadsheetError) as twice:
        check_headers(table)
    assert twice.value.message == "rad 1: rubriken 'namn' förekommer två gånger (kolumn B och C)"
    sheet.write_text("x,y\n1,2\n", "utf-8")
    with pytest.raises(SpreadsheetError) as none:
        find_table(read_cells(sheet), DEFAULT)
    assert none.value.message == (
        "hittar ingen rubrikrad med kända kolumnrubriker (t.ex. 'Id', 'Namn', "
        "'Förvaltningsobjekt', 'System') bland de första 30 raderna; ange en mappning med "
        "--mappning"
    )
    with pytest.raises(UsageError) as kind:
        read_cells(tmp_path / "a.ods")
    assert kind.value.message == f"filen '{tmp_path / 'a.ods'}' finns inte"
    (tmp_path / "a.ods").write_bytes(b"")
    with pytest.raises(UsageError) as ods:
        read_cells(tmp_path / "a.ods")
    assert ods.value.message == (
        "'a.ods': kan bara läsa .xlsx och .csv (spara bladet i något av de formaten)"
    )


def test_merged_ranges_are_bounded() -> None:
    from lgtool.spreadsheet.read import MAX_MERGED_CELLS, MAX_ROWS, _fill_down

    cells: list[tuple[int, tuple[Any, ...]]] = [(n, ("x",)) for n in range(1, MAX_ROWS + 1)]
    whole_column = (1, 1, MAX_ROWS, 1)
    assert _fill_down("a.xlsx", cells[:3], [(1, 1, 3, 1)]) == [(n, ("x",)) for n in (1, 2, 3)]
    assert _fill_down("a.xlsx", [(1, ("x",)), (2, ())], [(1, 1, 2, 1)]) == [
        (1, ("x",)),
        (2, ("x",)),
    ]
    with pytest.raises(SpreadsheetError) as caught:
        _fill_down("a.xlsx", cells, [whole_column] * (MAX_MERGED_CELLS // MAX_ROWS + 1))
    assert caught.value.message == (
        "'a.xlsx' har sammanfogade celler över fler än 200\u00a0000 celler (se docs/sakerhet.md)"
    )


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Titel, med, komma\nId;Namn;Objekt\na;b;c\nd;e;f\n", ";"),
        ("Id,Namn,Objekt\na,b,c\n", ","),
        ("Id\tNamn\na\tb\n", "\t"),
        ('Id;Namn\n"a;b";c\n', ";"),
        ("Id\na\n", ";"),
    ],
)
def test_csv_delimiter_is_decided_over_the_first_rows(text: str, delimiter: str) -> None:
    from lgtool.spreadsheet.read import csv_delimiter

    assert csv_delimiter(text) == delimiter


def _both(raw: bytes, max_col: int = 12) -> tuple[list[Any], list[Any]]:
    """openpyxl's own rows and :func:`sheet_values`'s, of the workbook's first sheet."""
    openpyxl = pytest.importorskip("openpyxl")
    import io

    from lgtool.spreadsheet.read import sheet_values

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    worksheet = book[book.sheetnames[0]]
    theirs = list(worksheet.iter_rows(values_only=True, max_col=max_col))
    ours = list(sheet_values(worksheet, max_col))
    book.close()
    # by type too: 7 == 7.0 == True, but a cell read as the wrong kind is not the same
    assert [[type(v) for v in row] for row in ours] == [[type(v) for v in row] for row in theirs]
    return theirs, ours


def _workbook(rows: list[list[Any]], *, gap: bool = False) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    import io

    book = openpyxl.Workbook()
    sheet = book.active
    for number, row in enumerate(rows, start=3 if gap else 1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_sheet(xml: str) -> bytes:
    """A workbook whose first sheet's XML is ``xml`` (the rest as openpyxl writes it)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_workbook([["x"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = xml.encode("utf-8")
            target.writestr(info, data)
    return buffer.getvalue()


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize(
    "cells",
    [
        '<c r="A1" t="inlineStr"><is><t>Signalstyrning</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t xml:space="preserve"> två  </t></is></c>',
        '<c r="A1" t="inlineStr"><is><t/></is></c><c r="B1" t="inlineStr"><is></is></c>',
        '<c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>fet</t></r><r><t>text</t></r>'
        '<rPh sb="0" eb="1"><t>x</t></rPh></is></c>',
        '<c r="A1" t="inlineStr"><is><t>a</t><r><t>b</t></r></is></c>',
        '<c t="inlineStr"><is><t>utan ref</t></is></c><c t="inlineStr"><is><t>två</t></is></c>',
        '<c r="A1" t="inlineStr"><f>1+1</f><is><t>formel</t></is></c>',
        '<c r="A1" t="n"><v>3</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#N/A</v></c>'
        '<c r="D1" t="str"><v>s</v></c><c r="E1"><v>2.5</v></c>',
        '<c r="A1"><v>1E3</v></c><c r="B1" t="n"><v></v></c><c r="C1"><v>-0.5</v></c>'
        '<c r="D1" s="0"><v>7</v></c><c r="E1" s=""><v>8</v></c><c><v>9</v></c>',
        '<c r="A1" t="inlineStr"><is><t>&lt;b&gt; &amp; å</t></is></c><c r="Z1" t="inlineStr">'
        "<is><t>utanför</t></is></c>",
    ],
)
def test_sheet_values_read_as_openpyxl_does(cells: str) -> None:
    xml = (
        f'<worksheet {_NS}><dimension ref="A1:Z4"/><sheetData>'
        f'<row r="1">{cells}</row><row r="3"><c r="B3" t="inlineStr"><is><t>tre</t></is></c>'
        f'</row><row><c r="A4"><v>4</v></c></row></sheetData></worksheet>'
    )
    theirs, ours = _both(_with_sheet(xml))
    assert ours == theirs
    assert len(theirs) == 4


def test_sheet_values_rows_past_the_dimension_and_without_one() -> None:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="5"></row>'
    for dimension in ('<dimension ref="A1:B2"/>', '<dimension ref="A1:B9"/>', ""):
        xml = f"<worksheet {_NS}>{dimension}<sheetData>{rows}</sheetData></worksheet>"
        theirs, ours = _both(_with_sheet(xml), max_col=3)
        assert ours == theirs


def test_sheet_values_of_a_written_workbook() -> None:
    from datetime import date, datetime, time

    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    rows: list[list[Any]] = [
        ["Id", "Namn", "Datum", "Tal", "Ja", None, "=SUM(D2:D3)"],
        ["b1", " mellanslag ", date(2025, 3, 1), 3, True, "", 1.5],
        ["b2", CellRichText([TextBlock(InlineFont(b=True), "fet"), " vanlig"]), None, -2],
        [None, "Åsa Öberg", datetime(2025, 1, 2, 3, 4), time(12, 30), False, "x" * 300],
    ]
    theirs, ours = _both(_workbook(rows, gap=True), max_col=9)
    assert ours == theirs
    assert theirs[3][:2] == ("b1", " mellanslag ")
