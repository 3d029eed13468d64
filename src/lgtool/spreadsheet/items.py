"""The action items (``handlingsplan.punkter``) as a second sheet, ``Åtgärder``.

``lgtool export`` writes one row per item when any processing lists its items, and
``lgtool import`` reads the sheet back into the processings of the register sheet, so
an exported workbook imports unchanged. Only xlsx has a second sheet: in CSV the items
are not carried.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from lgtool.model import Behandling
from lgtool.safetext import escape_controls
from lgtool.spreadsheet.convert import CellError, is_empty, read_date, shown, without_csv_quote
from lgtool.spreadsheet.mapping import SpreadsheetError, normalise

ITEM_SHEET = "Åtgärder"
ITEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Behandling", "behandling"),
    ("Id", "id"),
    ("Rubrik", "rubrik"),
    ("Färg", "farg"),
    ("Källa", "kalla"),
    ("Krav", "krav"),
    ("Ansvarig", "ansvarig"),
    ("Hittad", "hittad"),
    ("Senast", "senast"),
    ("Status", "status"),
    ("Klar datum", "klar_datum"),
    ("Beslutad av", "beslutad_av"),
    ("Kommentar", "kommentar"),
)
"""(header, field): the sheet's columns; ``behandling`` is the processing's id."""
_DATES = frozenset({"hittad", "senast", "klar_datum"})


def item_rows(behandlingar: Sequence[Behandling]) -> list[list[Any]]:
    """One row per listed item, the processings in the order given; empty: no items anywhere."""
    rows = []
    for b in behandlingar:
        plan = b.handlingsplan
        for punkt in plan.punkter or [] if plan else []:
            data = punkt.model_dump()
            rows.append(
                [b.id if name == "behandling" else data.get(name) for _, name in ITEM_COLUMNS]
            )
    return rows


def read_items(
    cells: list[tuple[int, tuple[Any, ...]]],
) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[int, str]]]:
    """The items of the sheet per processing id, and the rows that cannot be read."""
    header_at = next(
        (i for i, (_, row) in enumerate(cells) if any(not is_empty(c) for c in row)), None
    )
    if header_at is None:
        return {}, []
    number, header = cells[header_at]
    by_header = {normalise(h): name for h, name in ITEM_COLUMNS}
    columns = [by_header.get(normalise(str(h))) if not is_empty(h) else None for h in header]
    if "behandling" not in columns or "id" not in columns:
        raise SpreadsheetError(
            f"bladet '{ITEM_SHEET}' (rad {number}) behöver kolumnerna Behandling och Id"
        )
    items: dict[str, list[dict[str, Any]]] = {}
    errors: list[tuple[int, str]] = []
    for row_number, row in cells[header_at + 1 :]:
        values: dict[str, Any] = {}
        for name, value in zip(columns, row, strict=False):
            if name is None or is_empty(value):
                continue
            try:
                values[name] = _value(name, value)
            except CellError as exc:
                errors.append(
                    (
                        row_number,
                        f"bladet {ITEM_SHEET}, rad {row_number}: '{_header(name)}': "
                        f"{escape_controls(shown(value), keep_breaks=False)} {exc.reason}",
                    )
                )
        if not values:
            continue
        owner = values.pop("behandling", None)
        if owner is None:
            errors.append((row_number, f"bladet {ITEM_SHEET}, rad {row_number}: Behandling saknas"))
            continue
        items.setdefault(str(owner), []).append(values)
    return items, errors


def _header(name: str) -> str:
    return next(h for h, n in ITEM_COLUMNS if n == name)


def _value(name: str, value: Any) -> Any:
    if name in _DATES:
        return read_date(value)
    if isinstance(value, date):
        return value.isoformat()
    return without_csv_quote(shown(value))


def has_item_sheet(path: Path) -> bool:
    """Whether ``path`` is a workbook (xlsx) that may hold the items sheet."""
    return path.suffix.lower() in (".xlsx", ".xlsm")
