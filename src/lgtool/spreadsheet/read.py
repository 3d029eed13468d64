"""Read a spreadsheet's rows: xlsx through openpyxl (the ``excel`` extra), CSV through csv.

CSV as Swedish Excel writes it (semicolon-separated) and with commas or tabs,
decided over the first rows; UTF-8 with or without BOM, else Windows-1252. In
xlsx, a vertically merged cell's value is filled down its range. Row numbers are
the ones the user sees in Excel: the first row is 1.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
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
MAX_MERGED_CELLS = 200_000
"""Cells that merged ranges cover in the rows read (ten columns of the row limit)."""
DELIMITER_ROWS = 30
"""A CSV file's delimiter is the one that splits most of these first rows alike."""


def _mib(size: int) -> str:
    return f"{-(-size // (1024 * 1024))} MiB"  # rounded up: just over never reads as at


class MissingSheetError(SpreadsheetError):
    """The workbook has no sheet of the name asked for."""


@dataclass(frozen=True)
class Table:
    """The sheet's header row and the data rows below it, with their row numbers."""

    header_row: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    totals: tuple[tuple[int, str], ...] = ()
    """Totals rows ("Summa", "Totalt" …) left out of ``rows``: row number and first cell."""


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


_PASSED: set[str] = set()
"""Digests of workbooks that passed :func:`_check_zip` in this process (import reads the
register sheet and then the items sheet of the same file)."""


def _check_zip(name: str, raw: bytes) -> None:
    """Refuse an xlsx whose parts would unpack beyond :data:`MAX_UNCOMPRESSED_BYTES`."""
    digest = hashlib.blake2b(raw, digest_size=20).hexdigest()
    if digest in _PASSED:  # the same bytes pass the same checks
        return
    _check_parts(name, raw)
    _PASSED.add(digest)


def _check_parts(name: str, raw: bytes) -> None:
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
            raise MissingSheetError(f"bladet '{sheet}' finns inte i '{path.name}'; finns: {shown}")
        name = sheet or ("Register" if "Register" in names else names[0])
        worksheet = workbook[name]
        rows = sheet_values(worksheet, MAX_COLUMNS + 1)
        try:
            cells = _bounded(path.name, enumerate(rows, start=1))
            part = getattr(worksheet, "_worksheet_path", None)  # read-only: not in the API
            merged = _merged_ranges(raw, part) if isinstance(part, str) else []
            return _fill_down(path.name, cells, merged)
        except SpreadsheetError:
            raise
        except Exception as exc:  # a broken sheet shows only while it is read
            raise SpreadsheetError(
                f"'{path.name}' kan inte läsas som xlsx ({type(exc).__name__})"
            ) from None
    finally:
        workbook.close()


def sheet_values(worksheet: Any, max_col: int) -> Iterator[tuple[Any, ...]]:
    """The rows of a read-only worksheet exactly as ``worksheet.iter_rows(values_only=True,
    max_col=max_col)`` gives them, and as lazily, read faster.

    openpyxl builds a rich-text object for every inline string (what it writes itself,
    so every exported workbook is full of them) to take its text; a string that is one
    plain text element is taken as it is, and every other cell is read by openpyxl.
    With an openpyxl whose internals differ, its own reading is used. Nothing is read
    before the first row is asked for (a broken sheet fails where it is read).
    """
    try:
        book = worksheet.parent
        parser_class = _plain_string_parser()
        options = {
            "data_only": book.data_only,
            "epoch": book.epoch,
            "date_formats": book._date_formats,
            "timedelta_formats": book._timedelta_formats,
        }
        strings, source, max_row = (
            worksheet._shared_strings,
            worksheet._get_source,
            worksheet.max_row,
        )
    except (ImportError, AttributeError):
        yield from worksheet.iter_rows(values_only=True, max_col=max_col)
        return
    yield from _parsed_rows(parser_class(source(), strings, **options), max_row, max_col)


def _parsed_rows(parser: Any, max_row: int | None, max_col: int) -> Iterator[tuple[Any, ...]]:
    # As openpyxl's ReadOnlyWorksheet._cells_by_row and _get_row (values only, from column 1)
    empty = (None,) * max_col
    counter = index = 1
    with parser.source:
        for index, cells in parser.parse():
            if max_row is not None and index > max_row:
                break
            for _ in range(counter, index):  # rows missing from the sheet
                counter += 1
                yield empty
            if counter <= index:
                row: list[Any] = [None] * max_col
                for cell in cells:
                    column = cell["column"]
                    if 1 <= column <= max_col:
                        row[column - 1] = cell["value"]
                counter += 1
                yield tuple(row)
    if max_row is not None and max_row < index:
        for _ in range(counter, max_row + 1):
            yield empty


_PARSER: Any = None


def _plain_string_parser() -> Any:
    """openpyxl's sheet parser, with plain inline strings read without a rich-text object
    and plain numbers without its general path; anything else goes to openpyxl."""
    global _PARSER  # noqa: PLW0603  (made once, on first use: openpyxl is optional)
    if _PARSER is not None:
        return _PARSER
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, VALUE_TAG, WorkSheetParser
    from openpyxl.worksheet._reader import _cast_number as cast_number
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag = f"{{{SHEET_MAIN_NS}}}t"

    class PlainStringParser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> Any:
            kind = element.get("t", "n")
            if kind == "inlineStr":
                child = element.find(INLINE_STRING)
                if (
                    child is None
                    or child.attrib
                    or len(child) != 1
                    or child[0].tag != text_tag
                    or len(child[0])
                    or (not self.data_only and element.find(FORMULA_TAG) is not None)
                ):
                    return super().parse_cell(element)
                # What WorkSheetParser.parse_cell gives: Text(t=...).content is the text
                value: Any = child[0].text or ""
                kind = "s"
            elif kind == "n" and self.data_only:
                value = element.findtext(VALUE_TAG, None) or None
                if value is not None:
                    if int(element.get("s", 0) or 0) in self.date_formats:
                        return super().parse_cell(element)  # a date: openpyxl converts it
                    value = cast_number(value)
            else:
                return super().parse_cell(element)
            style_id = element.get("s", 0)
            if style_id:
                style_id = int(style_id)
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            return {
                "row": row,
                "column": column,
                "value": value,
                "data_type": kind,
                "style_id": style_id,
            }

    _PARSER = PlainStringParser
    return _PARSER


_MERGE_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\""
)


def _column_number(letters: bytes) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column


def _merged_ranges(raw: bytes, part: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (first row, first column, last row, last column).

    openpyxl's read-only mode, which streams the rows, does not read them: they
    are read here from the sheet's XML, streamed in chunks like the shared strings
    (the zip's sizes are checked already).
    """
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                data = tail + chunk
                end = 0
                for match in _MERGE_CELL.finditer(data):
                    col1, row1, col2, row2 = match.groups()
                    found.append((int(row1), _column_number(col1), int(row2), _column_number(col2)))
                    end = match.end()
                tail = data[max(end, len(data) - 200) :]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return []  # openpyxl has read the part already: nothing more to learn here
    return found


def _fill_down(
    name: str, cells: list[tuple[int, tuple[Any, ...]]], merged: list[tuple[int, int, int, int]]
) -> list[tuple[int, tuple[Any, ...]]]:
    """The rows with each vertically merged range's value filled down its first column.

    Excel shows the value of a merged range in every row it spans (a förvaltningsobjekt
    over five processings); the file holds it only in the top cell.
    """
    if not merged:
        return cells
    index = {row_no: i for i, (row_no, _) in enumerate(cells)}
    rows = [list(row) for _, row in cells]
    covered = 0
    for first_row, column, last_row, _last_column in merged:
        if last_row <= first_row or first_row not in index or column > MAX_COLUMNS:
            continue  # a horizontal merge (a title over the columns) is left as it is
        top = rows[index[first_row]]
        value = top[column - 1] if column <= len(top) else None
        for row_no in range(first_row + 1, last_row + 1):
            if row_no not in index:
                break
            covered += 1
            if covered > MAX_MERGED_CELLS:
                raise SpreadsheetError(
                    f"'{name}' har sammanfogade celler över fler än {number(MAX_MERGED_CELLS)}"
                    " celler (se docs/sakerhet.md)"
                )
            row = rows[index[row_no]]
            row.extend([None] * (column - len(row)))
            if row[column - 1] is None:
                row[column - 1] = value
    return [(row_no, tuple(row)) for (row_no, _), row in zip(cells, rows, strict=True)]


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    try:
        return _bounded(name, ((number, tuple(row)) for number, row in enumerate(reader, 1)))
    except csv.Error:  # a field beyond csv's own limit (128 KiB), or a NUL
        raise SpreadsheetError(
            f"'{name}' rad {reader.line_num}: raden kan inte läsas som CSV (en cell är för lång "
            f"eller innehåller ett NUL-tecken; högst {number(MAX_CELL_CHARS)} tecken per cell)"
        ) from None


def csv_delimiter(text: str) -> str:
    """``;``, ``,`` or a tab: the one that splits most of the first rows into the same
    number of cells (more than one).

    Not the first line alone: a title row such as "Behandlingar, Trafikkontoret, 2025"
    above a semicolon-separated table would pick the comma. A tie goes to ``;``,
    Swedish Excel's own.
    """
    sample = text[: 256 * 1024]
    best, best_score = ";", (0, 0)
    for delimiter in (";", ",", "\t"):
        try:
            rows = list(
                islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), 200)
            )
        except csv.Error:
            continue
        widths = Counter(len(r) for r in rows if any(c.strip() for c in r))
        rows_alike = [(count, width) for width, count in widths.most_common() if width > 1][:1]
        score = rows_alike[0] if rows_alike else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_TOTALS = ("summa", "totalt", "total", "totalsumma", "summering", "sum", "totals")


def totals_word(row: tuple[Any, ...]) -> str | None:
    """The first cell's text when the row is a totals row ("Summa", "Totalt: 30" …)."""
    first = next((v for v in row if not _empty(v)), None)
    if not isinstance(first, str):
        return None
    text = first.strip()
    word = re.split(r"[\s:]", text.casefold(), maxsplit=1)[0]
    return text if word in _TOTALS else None


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
    rows = [(n, r) for n, r in cells[index + 1 :] if not all(_empty(v) for v in r)]
    totals = [(n, word) for n, r in rows if (word := totals_word(r)) is not None]
    skipped = {n for n, _ in totals}
    return Table(number, headers, tuple(r for r in rows if r[0] not in skipped), tuple(totals))


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
