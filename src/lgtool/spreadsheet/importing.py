"""``lgtool import``: plan the files a spreadsheet gives, then write them inside the register.

Every id (the Id column, or the mapping's ``id_prefix`` and the name) goes
through the same slug check as ``lgtool validate`` before a path is made from
it, and every file is written with :func:`lgtool.atomic.write_in_register`, so
a row cannot name a file outside ``behandlingar/``. Planning and writing happen
under the register's write lock, so a concurrent ``lgtool satt`` is neither
overwritten nor lost.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lgtool.atomic import write_in_register
from lgtool.editing import display, problems_in_files
from lgtool.locking import register_lock
from lgtool.model.common import slug_problem
from lgtool.problems import Problem
from lgtool.register import BEHANDLINGAR_DIR
from lgtool.safetext import escape_controls
from lgtool.skeleton import schema_ref
from lgtool.spreadsheet import mapping as mappings
from lgtool.spreadsheet.convert import convert_row, render
from lgtool.spreadsheet.items import ITEM_SHEET, has_item_sheet, read_items
from lgtool.spreadsheet.read import MissingSheetError, check_headers, find_table, read_cells
from lgtool.spreadsheet.write import CSV_STATUS_PREFIX, STATUS_COLUMNS
from lgtool.yamlio import parse


@dataclass
class ImportPlan:
    """What an import would do: files to write (relative path → text) and rejected rows."""

    files: dict[str, tuple[int, str, bool]] = field(default_factory=dict)
    """Relative path → (row number, YAML text, whether it replaces an existing file)."""
    errors: list[str] = field(default_factory=list)
    rejected: set[int] = field(default_factory=set)
    """Row numbers of the rows that are not written."""
    unused: list[str] = field(default_factory=list)
    """Headers that map to no field (shown so that a misspelt header is noticed)."""
    notes: list[str] = field(default_factory=list)
    """Rows left out on purpose (a totals row), said so that nothing goes missing unseen."""


def plan_import(
    root: Path,
    sheet_file: Path,
    mapping: mappings.ColumnMap,
    *,
    overwrite: bool,
    today: date | None = None,
) -> ImportPlan:
    """Turn every row into a file, or into the reasons it cannot be one; writes nothing."""
    table = find_table(read_cells(sheet_file, mapping.sheet), mapping)
    check_headers(table)
    plan = ImportPlan()
    ignored = {mappings.normalise(h) for _, h in STATUS_COLUMNS}
    ignored |= {mappings.normalise(CSV_STATUS_PREFIX + h) for _, h in STATUS_COLUMNS}
    plan.unused = [
        h
        for h in table.headers
        if h and mapping.field_for(h) is None and mappings.normalise(h) not in ignored
    ]
    plan.notes = [
        f"rad {number}: '{escape_controls(word, keep_breaks=False)}' är en summeringsrad och "
        "hoppas över"
        for number, word in table.totals
    ]
    errors: list[tuple[int, str]] = []
    items, item_errors = _items(sheet_file)
    errors.extend(item_errors)
    seen: dict[str, int] = {}
    candidates: dict[str, tuple[int, str, dict[str, str]]] = {}
    reference = schema_ref(root)
    for number, cells in table.rows:
        result = convert_row(number, table.headers, cells, mapping)
        if result.data is None:
            errors.extend((number, e) for e in result.errors)
            continue
        behandling_id = str(result.data["id"])
        _add_items(result.data, items.pop(behandling_id, None))
        reason = slug_problem(behandling_id)
        if reason is not None:
            # The id names the file: checked before any path is made from it.
            header = result.columns.get("id", mapping.header_for("id"))
            shown = escape_controls(behandling_id, keep_breaks=False)
            errors.append((number, f"rad {number}: '{header}': '{shown}' {reason}"))
            continue
        if behandling_id in seen:
            errors.append(
                (
                    number,
                    f"rad {number}: id '{behandling_id}' finns redan på rad "
                    f"{seen[behandling_id]}; raden hoppas över",
                )
            )
            continue
        seen[behandling_id] = number
        rel = f"{BEHANDLINGAR_DIR}/{behandling_id}.yaml"
        candidates[rel] = (number, render(result.data, schema_ref=reference), result.columns)
    problems = problems_in_files(
        root, {rel: text.encode("utf-8") for rel, (_, text, _) in candidates.items()}, today=today
    )
    for rel, (number, text, columns) in candidates.items():
        if problems[rel]:
            errors.extend((number, e) for e in _row_problems(number, text, columns, problems[rel]))
            continue
        exists, link, regular = _present(root / rel)
        if link or (exists and not regular):
            # Checked for every row before any is written: an import is not left halfway.
            message = (
                f"rad {number}: {display(root, rel)} är en symbolisk länk eller ingen vanlig "
                "fil; lgtool skriver bara vanliga filer i registret"
            )
            errors.append((number, message))
            continue
        if exists and not overwrite:
            message = (
                f"rad {number}: {display(root, rel)} finns redan; använd --skriv-over för att "
                "ersätta den"
            )
            errors.append((number, message))
            continue
        plan.files[rel] = (number, text, exists)
    errors.extend(
        (
            0,
            f"bladet {ITEM_SHEET}: behandlingen '{escape_controls(owner, keep_breaks=False)}' "
            "finns inte i registerbladet; dess punkter importeras inte",
        )
        for owner in items
    )
    errors.sort(key=lambda e: e[0])  # stable: a row's messages keep their order
    plan.errors = [message for _, message in errors]
    plan.rejected = {number for number, _ in errors}
    return plan


def _present(path: Path) -> tuple[bool, bool, bool]:
    """Whether anything is at ``path`` (a broken link too), whether it is a symbolic link,
    and whether it is a regular file: one ``lstat`` instead of four (10,000 rows)."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False, False, False
    return True, stat.S_ISLNK(mode), stat.S_ISREG(mode)


def _add_items(data: dict[str, Any], punkter: list[dict[str, Any]] | None) -> None:
    """Put a processing's rows of the Åtgärder sheet in its ``handlingsplan.punkter``."""
    if punkter is not None:
        data["handlingsplan"] = {**(data.get("handlingsplan") or {}), "punkter": punkter}


def _items(sheet_file: Path) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[int, str]]]:
    """The action items of the workbook's Åtgärder sheet per processing (none in CSV)."""
    if not has_item_sheet(sheet_file):
        return {}, []
    try:
        cells = read_cells(sheet_file, ITEM_SHEET)
    except MissingSheetError:
        return {}, []
    return read_items(cells)


def _row_problems(
    number: int, text: str, columns: dict[str, str], problems: list[Problem]
) -> list[str]:
    """Validation problems of a row's file, named by the column the value came from."""
    document = parse(text)
    lines = {document.locate(tuple(name.split(".")))[0]: h for name, h in columns.items()}
    messages = []
    for p in problems:
        header = lines.get(p.rad) if p.rad > 1 else None
        where = f"'{header}': " if header else ""
        messages.append(f"rad {number}: {where}{p.meddelande}")
    return messages


def import_files(
    root: Path,
    sheet_file: Path,
    mapping: mappings.ColumnMap,
    *,
    overwrite: bool,
    dry_run: bool,
    today: date | None = None,
) -> ImportPlan:
    """Plan the import and, unless ``dry_run``, write its files; under the write lock.

    The plan is made under the lock too: whether a file exists, and what the
    files it is checked with hold, cannot change before the files are written.
    """
    if dry_run:
        return plan_import(root, sheet_file, mapping, overwrite=overwrite, today=today)
    with register_lock(root):
        plan = plan_import(root, sheet_file, mapping, overwrite=overwrite, today=today)
        for rel, (_number, text, _exists) in plan.files.items():
            write_in_register(root, rel, text.encode("utf-8"), make_folders=True)
    return plan
