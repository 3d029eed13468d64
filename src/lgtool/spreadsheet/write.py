"""``lgtool export``: the processings and their checkpoint statuses as a spreadsheet.

The register columns are the default mapping's, so the sheet imports back
unchanged. The status comes from :func:`lgtool.checkpoints.compute_status`, the
computation every command shares, and is shown with the same words as the tables.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from lgtool.checkpoints import CHECKPOINTS, BehandlingStatus, Checkpoint, Status, status_word
from lgtool.model import Behandling
from lgtool.render.cells import DEVIATION_WORDS, cell
from lgtool.render.data import csv_text
from lgtool.safetext import apostrophe_escaped
from lgtool.spreadsheet.items import ITEM_COLUMNS, ITEM_SHEET, item_rows
from lgtool.spreadsheet.mapping import DEFAULT_COLUMNS, SpreadsheetError

NOT_NAMED = "-"
"""A role set to null in the processing (explicitly no one), unlike an empty cell."""


def _status_columns(checkpoints: Sequence[Checkpoint]) -> tuple[tuple[str, str], ...]:
    columns: list[tuple[str, str]] = []
    for c in checkpoints:
        columns.append((c.key, c.sheet))
        if c.kind == "roller":
            columns.append(("roller_saknas", "Roller som saknas"))
    columns.append(("avvikelser", "Avvikelser"))
    return tuple(columns)


STATUS_COLUMNS = _status_columns(CHECKPOINTS)
"""(checkpoint, header) of every status column lgtool may write, in the source's order."""

CSV_STATUS_PREFIX = "Status: "
"""In CSV the status columns follow the register's, with this prefix on their headers."""


def status_headers(checkpoints: Sequence[Checkpoint], *, prefix: str = "") -> list[str]:
    """The status columns' headers for the active checkpoints."""
    return [prefix + header for _, header in _status_columns(checkpoints)]


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return value


def register_columns(
    behandlingar: Sequence[Behandling], checkpoints: Sequence[Checkpoint]
) -> list[tuple[str, str]]:
    """(header, field path): the default mapping, plus any other roles the register uses.

    An opt-in checkpoint's field is left out while the policy does not check it and
    no processing records it, so a version-1 register exports exactly as before.
    """
    active = {c.field for c in checkpoints}
    unused = {
        c.field
        for c in CHECKPOINTS
        if c.opt_in
        and c.field not in active
        and all(getattr(b, c.field or "") is None for b in behandlingar)
    }
    columns = [(h, name) for h, name in DEFAULT_COLUMNS.items() if name not in unused]
    known = set(DEFAULT_COLUMNS.values())
    for b in behandlingar:
        for role in b.roller or {}:
            name = f"roller.{role}"
            if name not in known:
                known.add(name)
                columns.append((name, name))
    return columns


def register_row(b: Behandling, columns: Sequence[tuple[str, str]]) -> list[Any]:
    """One processing's cells in the register sheet."""
    data = b.model_dump()
    row: list[Any] = []
    for _header, name in columns:
        parts = name.split(".")
        value: Any = data
        present = True
        for part in parts:
            if not isinstance(value, dict) or part not in value:
                present = False
                value = None
                break
            value = value[part]
        if parts[0] == "roller" and present and value is None:
            row.append(NOT_NAMED)
        else:
            row.append(_cell(value))
    return row


def status_row(s: BehandlingStatus, checkpoints: Sequence[Checkpoint]) -> list[Any]:
    """One processing's checkpoints in words ("aktuell", "förfallen", "ej tillämpligt" ...)."""
    p = s.kontrollpunkter
    row: list[Any] = []
    for c in checkpoints:
        value = p[c.key]
        if c.kind == "antal":
            row.append(value)
            continue
        word = status_word(value)
        row.append(cell(word).word if word is not None else None)
        if c.kind == "roller":
            row.append(", ".join(p.roller.saknas))
    row.append(", ".join(DEVIATION_WORDS.get(a, a) for a in s.avvikelser))
    return row


_ID_COLUMNS = (("Id", "id"), ("Namn", "namn"), ("Förvaltningsobjekt", "forvaltningsobjekt"))


def to_csv(status: Status) -> str:
    """One row per processing: the register's columns, then the status columns.

    Written as every CSV of lgtool (:func:`lgtool.render.data.csv_text`);
    ``lgtool import`` reads it back.
    """
    behandlingar = [s.behandling for s in status.behandlingar]
    columns = register_columns(behandlingar, status.checkpoints)
    active = status.checkpoints
    header = [h for h, _ in columns] + status_headers(active, prefix=CSV_STATUS_PREFIX)
    rows = (
        register_row(s.behandling, columns) + status_row(s, active) for s in status.behandlingar
    )
    return csv_text(header, rows)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def to_xlsx(status: Status) -> bytes:
    """A workbook with the sheets Register and Status (and Åtgärder when some processing lists
    its action items): bold frozen header, widths, real dates.

    Written in openpyxl's write-only mode, which streams the rows to the file: the
    default mode keeps a cell object per value and walks them again to save.
    """
    try:
        import openpyxl
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise SpreadsheetError(
            "för xlsx behövs tillägget excel: pip install 'lgtool[excel]' (eller använd "
            "--format csv)"
        ) from None
    workbook = openpyxl.Workbook(write_only=True)
    behandlingar = [s.behandling for s in status.behandlingar]
    columns = register_columns(behandlingar, status.checkpoints)
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (
            "Register",
            [h for h, _ in columns],
            [register_row(b, columns) for b in behandlingar],
        ),
        (
            "Status",
            [h for h, _ in _ID_COLUMNS] + status_headers(status.checkpoints),
            [
                register_row(s.behandling, _ID_COLUMNS) + status_row(s, status.checkpoints)
                for s in status.behandlingar
            ],
        ),
    ]
    items = item_rows(behandlingar)
    if items:  # only where some processing lists its items: a version-1 export is unchanged
        sheets.append((ITEM_SHEET, [h for h, _ in ITEM_COLUMNS], items))
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title)
        # Widths and the frozen header go before the rows: the rows are streamed out.
        for column, header in enumerate(headers, start=1):
            values = [header, *(_text(r[column - 1]) for r in rows if r[column - 1] is not None)]
            width = min(max(max(len(v) for v in values) + 2, 8), 60)
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        header_cells = []
        for header in headers:
            header_cell = WriteOnlyCell(sheet, header)
            header_cell.font = bold
            header_cells.append(header_cell)
        sheet.append(header_cells)
        imported = title != "Status"  # import reads these back: an apostrophe is escaped
        for row in rows:
            values = [apostrophe_escaped(v) for v in row] if imported else row
            sheet.append([_data_cell(sheet, WriteOnlyCell, value) for value in values])
    workbook.properties.title = f"{status.organisation}: register och status"
    workbook.properties.description = f"Status per {status.per.isoformat()} (lgtool export)"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _data_cell(sheet: Any, make_cell: Any, value: Any) -> Any:
    """A value as written: as it is, or as a cell where it needs a format or a type."""
    if isinstance(value, str) and value.startswith("="):
        # Register text is never a formula: '=SUMMA(...)' in a note stays text (and a
        # crafted value cannot run in the reader's Excel).
        text_cell = make_cell(sheet, value)
        text_cell.data_type = "s"
        return text_cell
    if isinstance(value, date):
        date_cell = make_cell(sheet, value)
        date_cell.number_format = "yyyy-mm-dd"
        return date_cell
    return value
