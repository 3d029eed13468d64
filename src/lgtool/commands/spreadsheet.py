"""``lgtool import`` and ``lgtool export``: the register to and from spreadsheets."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from lgtool import clock
from lgtool.asof import status_per
from lgtool.atomic import write_atomic
from lgtool.editing import display, problems_in_files
from lgtool.errors import ExitCode, UsageError
from lgtool.problems import Problem, format_text, summary
from lgtool.register import BEHANDLINGAR_DIR, load_register, register_root
from lgtool.render.basis import basis_sentence, shows_basis
from lgtool.skeleton import SCHEMA_REF
from lgtool.spreadsheet import mapping as mappings
from lgtool.spreadsheet.convert import convert_row, render
from lgtool.spreadsheet.read import check_headers, find_table, read_cells
from lgtool.spreadsheet.write import CSV_STATUS_PREFIX, STATUS_COLUMNS, to_csv, to_xlsx
from lgtool.wording import antal
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
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    candidates: dict[str, tuple[int, str, dict[str, str]]] = {}
    for number, cells in table.rows:
        result = convert_row(number, table.headers, cells, mapping)
        if result.data is None:
            errors.extend((number, e) for e in result.errors)
            continue
        behandling_id = str(result.data["id"])
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
        candidates[rel] = (number, render(result.data, schema_ref=SCHEMA_REF), result.columns)
    problems = problems_in_files(
        root, {rel: text.encode("utf-8") for rel, (_, text, _) in candidates.items()}, today=today
    )
    for rel, (number, text, columns) in candidates.items():
        if problems[rel]:
            errors.extend((number, e) for e in _row_problems(number, text, columns, problems[rel]))
            continue
        exists = (root / rel).exists()
        if exists and not overwrite:
            message = (
                f"rad {number}: {display(root, rel)} finns redan; använd --skriv-over för att "
                "ersätta den"
            )
            errors.append((number, message))
            continue
        plan.files[rel] = (number, text, exists)
    errors.sort(key=lambda e: e[0])  # stable: a row's messages keep their order
    plan.errors = [message for _, message in errors]
    plan.rejected = {number for number, _ in errors}
    return plan


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


def import_sheet(
    register: Path | None,
    sheet_file: Path,
    *,
    mapping: Path | None,
    dry_run: bool,
    overwrite: bool,
    out: TextIO,
    today: date | None = None,
) -> ExitCode:
    """Create processing files from a spreadsheet; exit 1 when any row was not written."""
    root = register_root(register)
    column_map = mappings.load(mapping) if mapping else mappings.DEFAULT
    plan = plan_import(root, sheet_file, column_map, overwrite=overwrite, today=today)
    if plan.unused:
        out.write(f"Kolumner som inte används: {', '.join(plan.unused)}\n")
    if dry_run:
        for rel, (number, text, exists) in plan.files.items():
            what = "skrivs över" if exists else "ny fil"
            out.write(f"\n--- {display(root, rel)} (rad {number}, {what})\n{text}")
        if plan.files:
            out.write("\n")
    else:
        (root / BEHANDLINGAR_DIR).mkdir(parents=True, exist_ok=True)
        for rel, (_number, text, _exists) in plan.files.items():
            write_atomic(root / rel, text.encode("utf-8"))
    for error in plan.errors:
        out.write(f"{error}\n")
    count = len(plan.files)
    verb = "Skulle skriva" if dry_run else "Skrev"
    rejected = len(plan.rejected)
    tail = f"; {antal(rejected, 'rad', 'rader')} skrevs inte (se ovan)" if rejected else ""
    out.write(
        f"{verb} {antal(count, 'fil', 'filer')} i {display(root, BEHANDLINGAR_DIR)}/{tail}.\n"
    )
    return ExitCode.PROBLEM if plan.errors else ExitCode.OK


def export(
    register: Path | None,
    fmt: str | None,
    output: Path | None,
    *,
    per: date | None,
    out: TextIO,
) -> ExitCode:
    """Write the register and its status as xlsx or CSV; exit 1 when the register has problems."""
    if fmt is None:
        fmt = "xlsx" if output is not None and output.suffix.lower() == ".xlsx" else "csv"
    if fmt == "xlsx" and output is None:
        raise UsageError("ange en fil för xlsx med -o, t.ex. -o register.xlsx")
    root = register_root(register)
    loaded = load_register(root)
    loaded.require_organisation()
    _, status = status_per(root, loaded, per or clock.today())
    if fmt == "xlsx":
        assert output is not None
        write_atomic(output, to_xlsx(status))
    elif output is None:
        out.write(to_csv(status))
    else:
        write_atomic(output, b"\xef\xbb\xbf" + to_csv(status).encode("utf-8"))
    if output is not None:
        out.write(f"Skrev {output.as_posix()}: {len(status.behandlingar)} behandlingar.\n")
    if shows_basis(status):  # stdout may be the CSV itself: the basis goes to stderr
        sys.stderr.write(basis_sentence(status) + "\n")
    if loaded.problems:
        sys.stderr.write(
            f"Registret har {summary(list(loaded.problems))}; behandlingar med fel är inte med "
            "(se lgtool validate):\n" + format_text(loaded.problems)
        )
        return ExitCode.PROBLEM
    return ExitCode.OK
