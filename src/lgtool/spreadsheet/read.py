"""Read a spreadsheet's rows: xlsx through openpyxl (the ``excel`` extra), CSV through csv.

CSV as Swedish Excel writes it (semicolon-separated) and with commas or tabs; UTF-8
with or without BOM, else Windows-1252. Row numbers are the ones the user sees in
Excel: the first row is 1.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lgtool.errors import UsageError
from lgtool.folder import NotRegularFileError, TooLargeError, read_regular
from lgtool.safetext import escape_controls
from lgtool.spreadsheet.mapping import ColumnMap, SpreadsheetError, normalise
from lgtool.wording import number

HEADER_SEARCH_ROWS = 30
"""The header row is looked for among the first rows (titles and merged cells above it)."""

MAX_FILE_BYTES = 32 * 1024 * 1024
"""A spreadsheet file (xlsx or CSV) above this size is refused unread."""
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
"""An xlsx is a zip file: the sizes its parts declare, unpacked, may add up to this.

Checked before anything is unpacked, so a small file that unpacks to gigabytes
(a zip bomb) is refused at once. Python's zipfile never unpacks a part beyond the
size it declares, so the declaration cannot lie.
"""
MAX_ZIP_ENTRIES = 1_000
"""Parts in an xlsx file (a workbook has a few dozen); counted before the zip is opened."""
MAX_SHARED_STRINGS = 200_000
"""Different texts in an xlsx file (its shared strings): ten per row at the row limit."""
MAX_ROWS = 20_000
"""Rows in the sheet, counted from the first, empty rows included."""
MAX_COLUMNS = 200
"""Columns with a value in any row."""
MAX_CELL_CHARS = 10_000
"""Characters in one cell."""


def _mib(size: int) -> str:
    return f"{-(-size // (1024 * 1024))} MiB"  # rounded up: just over never reads as at


@dataclass(frozen=True)
class Table:
    """The sheet's header row and the data rows below it, with their row numbers."""

    header_row: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


def read_cells(path: Path, sheet: str | None = None) -> list[tuple[int, tuple[Any, ...]]]:
    """Every row of the file as (row number, cell values)."""
    suffix = path.suffix.lower()
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"filen '{path}' finns inte")
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise UsageError(
            f"'{path.name}': kan bara läsa .xlsx och .csv (spara bladet i något av de formaten)"
        )
    raw = _read_file(path)
    if suffix in (".xlsx", ".xlsm"):
        return _bounded(path.name, _read_xlsx(path, raw, sheet))
    return _bounded(path.name, _read_csv(path.name, raw))


def _read_file(path: Path) -> bytes:
    """The file's bytes: a regular file (never a FIFO or a device) within the size limit."""
    try:
        return read_regular(path, limit=MAX_FILE_BYTES)
    except FileNotFoundError:
        raise UsageError(f"filen '{path}' finns inte") from None
    except IsADirectoryError:
        raise UsageError(f"'{path}' är en mapp, inte ett kalkylblad") from None
    except NotRegularFileError as exc:
        raise SpreadsheetError(f"'{path}' är {exc.kind}, inte en vanlig fil") from None
    except TooLargeError as exc:
        raise SpreadsheetError(
            f"'{path.name}' är {_mib(exc.size)}; ett kalkylblad får vara högst "
            f"{_mib(MAX_FILE_BYTES)} (se docs/sakerhet.md)"
        ) from None
    except OSError as exc:
        raise SpreadsheetError(f"'{path}' kan inte läsas ({exc.strerror})") from None


def _bounded(
    name: str, rows: Iterable[tuple[int, tuple[Any, ...]]]
) -> list[tuple[int, tuple[Any, ...]]]:
    """The rows, refused as soon as one passes a limit (rows, columns, cell length)."""
    result = []
    for row_number, row in rows:
        if row_number > MAX_ROWS:
            raise SpreadsheetError(
                f"'{name}' har fler än {number(MAX_ROWS)} rader; dela upp bladet "
                "(se docs/sakerhet.md)"
            )
        end = len(row)
        while end and row[end - 1] is None:
            end -= 1
        if end > MAX_COLUMNS:
            raise SpreadsheetError(
                f"'{name}' rad {row_number}: fler än {MAX_COLUMNS} kolumner (se docs/sakerhet.md)"
            )
        for column, value in enumerate(row[:end], start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise SpreadsheetError(
                    f"'{name}' rad {row_number}, kolumn {_letter(column)}: cellen har "
                    f"{number(len(value))} tecken; högst {number(MAX_CELL_CHARS)} får stå i "
                    "en cell (se docs/sakerhet.md)"
                )
        result.append((row_number, tuple(row[:end])))
    return result


def _check_zip(name: str, raw: bytes) -> None:
    """Refuse an xlsx whose parts would unpack beyond :data:`MAX_UNCOMPRESSED_BYTES`."""
    # The entry count of the end record first: opening the zip builds every entry.
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    count = int.from_bytes(raw[end + 10 : end + 12], "little") if end >= 0 else 0
    if count > MAX_ZIP_ENTRIES:
        raise SpreadsheetError(
            f"'{name}' består av fler än {number(MAX_ZIP_ENTRIES)} delar, mer än en xlsx-fil "
            "har (se docs/sakerhet.md)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > MAX_UNCOMPRESSED_BYTES:
                raise SpreadsheetError(
                    f"'{name}' packas upp till {_mib(declared)}; ett kalkylblad får vara högst "
                    f"{_mib(MAX_UNCOMPRESSED_BYTES)} uppackat (se docs/sakerhet.md)"
                )
            strings = sum(_shared_strings(archive, info) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        raise SpreadsheetError(
            f"'{name}' kan inte läsas som xlsx (filen är ingen giltig zip-fil)"
        ) from None
    if strings > MAX_SHARED_STRINGS:
        raise SpreadsheetError(
            f"'{name}' har fler än {number(MAX_SHARED_STRINGS)} olika texter; ett kalkylblad "
            f"får ha högst {number(MAX_SHARED_STRINGS)} (se docs/sakerhet.md)"
        )


_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _shared_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """How many shared strings (``<si>``) a part holds, counted while it is unpacked.

    openpyxl reads every shared string before the first row, at about 100,000 a
    second; the rows are cut off at :data:`MAX_ROWS`, the strings are counted here.
    Any part is counted, whatever its name: the workbook's links choose which part
    holds the strings.
    """
    if not info.filename.lower().endswith(".xml"):
        return 0
    count = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1024 * 1024):
            data = tail + chunk
            count += len(_SHARED_STRING.findall(data))
            tail = data[-32:]
            count -= len(_SHARED_STRING.findall(tail))  # counted again with the next chunk
    return count + len(_SHARED_STRING.findall(tail))


def _read_xlsx(path: Path, raw: bytes, sheet: str | None) -> list[tuple[int, tuple[Any, ...]]]:
    try:
        import openpyxl
    except ImportError:
        raise SpreadsheetError(
            "för xlsx behövs tillägget excel: pip install 'lgtool[excel]' (eller spara bladet "
            "som CSV)"
        ) from None
    _check_zip(path.name, raw)
    try:
        # Read-only mode streams the sheet instead of building every cell in memory.
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise SpreadsheetError(
            f"'{path.name}' kan inte läsas som xlsx ({type(exc).__name__})"
        ) from None
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            shown = ", ".join(escape_controls(n, keep_breaks=False) for n in names)
            raise SpreadsheetError(f"bladet '{sheet}' finns inte i '{path.name}'; finns: {shown}")
        name = sheet or ("Register" if "Register" in names else names[0])
        rows = workbook[name].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        try:
            return _bounded(path.name, enumerate(rows, start=1))
        except SpreadsheetError:
            raise
        except Exception as exc:  # a broken sheet shows only while it is read
            raise SpreadsheetError(
                f"'{path.name}' kan inte läsas som xlsx ({type(exc).__name__})"
            ) from None
    finally:
        workbook.close()


def decode_csv(raw: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_csv(name: str, raw: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    text = decode_csv(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _bounded(name, ((number, tuple(row)) for number, row in enumerate(reader, 1)))
    except csv.Error:  # a field beyond csv's own limit (128 KiB), or a NUL
        raise SpreadsheetError(
            f"'{name}' rad {reader.line_num}: raden kan inte läsas som CSV (en cell är för lång "
            f"eller innehåller ett NUL-tecken; högst {number(MAX_CELL_CHARS)} tecken per cell)"
        ) from None


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
