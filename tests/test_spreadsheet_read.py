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
