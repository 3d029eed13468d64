"""Reading sheets: encodings, delimiters, the header row under titles."""

from __future__ import annotations

from pathlib import Path

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
