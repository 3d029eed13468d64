"""Read a spreadsheet's rows: xlsx through openpyxl (the ``excel`` extra), CSV through csv.

CSV as Swedish Excel writes it (semicolon-separated) and with commas or tabs; UTF-8
with or without BOM, else Windows-1252. Row numbers are the ones the user sees in
Excel: the first row is 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lgtool.spreadsheet.mapping import ColumnMap, SpreadsheetError, normalise

HEADER_SEARCH_ROWS = 30
"""The header row is looked for among the first rows (titles and merged cells above it)."""


@dataclass(frozen=True)
class Table:
    """The sheet's header row and the data rows below it, with their row numbers."""

    header_row: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


def read_cells(path: Path, sheet: str | None = None) -> list[tuple[int, tuple[Any, ...]]]:
    """Every row of the file as (row number, cell values)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SpreadsheetError(f"filen '{path}' finns inte")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".csv", ".txt"):
        return _read_csv(path.read_bytes())
    raise SpreadsheetError(
        f"'{path.name}': kan bara läsa .xlsx och .csv (spara bladet i något av de formaten)"
    )


def _read_xlsx(path: Path, sheet: str | None) -> list[tuple[int, tuple[Any, ...]]]:
    try:
        import openpyxl
    except ImportError:
        raise SpreadsheetError(
            "för xlsx behövs tillägget excel: pip install 'lgtool[excel]' (eller spara bladet "
            "som CSV)"
        ) from None
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise SpreadsheetError(
            f"'{path.name}' kan inte läsas som xlsx ({type(exc).__name__})"
        ) from None
    names = list(workbook.sheetnames)
    if sheet is not None and sheet not in names:
        raise SpreadsheetError(
            f"bladet '{sheet}' finns inte i '{path.name}'; finns: {', '.join(names)}"
        )
    name = sheet or ("Register" if "Register" in names else names[0])
    worksheet = workbook[name]
    return [
        (number, tuple(row))
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1)
    ]


def decode_csv(raw: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_csv(raw: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    text = decode_csv(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(number, tuple(row)) for number, row in enumerate(reader, start=1)]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def find_table(cells: list[tuple[int, tuple[Any, ...]]], mapping: ColumnMap) -> Table:
    """The header row (the first with the most known headers) and the non-empty rows below."""
    best: tuple[int, int] | None = None
    for index, (_number, row) in enumerate(cells[:HEADER_SEARCH_ROWS]):
        known = sum(1 for v in row if isinstance(v, str) and mapping.field_for(v) is not None)
        if known >= 2 and (best is None or known > best[1]):
            best = (index, known)
    if best is None:
        examples = ", ".join(f"'{h}'" for h in list(mapping.headers.values())[:4])
        raise SpreadsheetError(
            f"hittar ingen rubrikrad med kända kolumnrubriker (t.ex. {examples}) bland de "
            f"första {HEADER_SEARCH_ROWS} raderna; ange en mappning med --mappning"
        )
    index = best[0]
    number, header = cells[index]
    headers = tuple("" if v is None else " ".join(str(v).split()) for v in header)
    rows = tuple((n, r) for n, r in cells[index + 1 :] if not all(_empty(v) for v in r))
    return Table(number, headers, rows)


def check_headers(table: Table) -> None:
    """Refuse a header row that names the same column twice (which one would count?)."""
    seen: dict[str, int] = {}
    for column, header in enumerate(table.headers, start=1):
        if not header:
            continue
        key = normalise(header)
        if key in seen:
            raise SpreadsheetError(
                f"rad {table.header_row}: rubriken '{header}' förekommer två gånger "
                f"(kolumn {_letter(seen[key])} och {_letter(column)})"
            )
        seen[key] = column


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
