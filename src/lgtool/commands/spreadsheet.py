"""``lgtool import`` and ``lgtool export``: the register to and from spreadsheets."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from lgtool import clock
from lgtool.asof import status_per
from lgtool.atomic import check_output, write_output
from lgtool.editing import display
from lgtool.errors import ExitCode, UsageError
from lgtool.problems import format_text, summary
from lgtool.register import BEHANDLINGAR_DIR, load_register, register_root
from lgtool.render.basis import basis_sentence, shows_basis
from lgtool.safetext import escape_controls
from lgtool.spreadsheet import mapping as mappings
from lgtool.spreadsheet.importing import import_files
from lgtool.spreadsheet.write import to_csv, to_xlsx
from lgtool.wording import antal


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
    plan = import_files(
        root, sheet_file, column_map, overwrite=overwrite, dry_run=dry_run, today=today
    )
    if plan.unused:
        unused = escape_controls(", ".join(plan.unused), keep_breaks=False)
        out.write(f"Kolumner som inte används: {unused}\n")
    out.writelines(f"{note}\n" for note in plan.notes)
    if dry_run:
        for rel, (number, text, exists) in plan.files.items():
            what = "skrivs över" if exists else "ny fil"
            out.write(f"\n--- {display(root, rel)} (rad {number}, {what})\n{escape_controls(text)}")
        if plan.files:
            out.write("\n")
    for error in plan.errors:
        out.write(f"{escape_controls(error, keep_breaks=False)}\n")
    count = len(plan.files)
    verb = "Skulle skriva" if dry_run else "Skrev"
    rejected = len(plan.rejected)
    tail = f"; {antal(rejected, 'rad', 'rader')} skrevs inte (se ovan)" if rejected else ""
    out.write(
        f"{verb} {antal(count, 'fil', 'filer')} i {display(root, BEHANDLINGAR_DIR)}/{tail}.\n"
    )
    return ExitCode.PROBLEM if plan.errors else ExitCode.OK


def _plain_file(path: Path) -> bool:
    """A file to be written, or a regular one: not /dev/null, /dev/stdout or a link to them."""
    return not path.is_symlink() and (path.is_file() or not path.exists())


def export(
    register: Path | None,
    fmt: str | None,
    output: Path | None,
    *,
    per: date | None,
    out: TextIO,
) -> ExitCode:
    """Write the register and its status as xlsx or CSV; exit 1 when the register has problems.

    The format is ``fmt``, else the ending of ``output``, else CSV; an ending that
    is not .xlsx or .csv, or that is not ``fmt``'s, is a usage error (a device or a
    link, such as /dev/stdout, has no ending to check).
    """
    if output is not None:
        check_output(output)
    if output is not None and _plain_file(output):
        ending = output.suffix.lower().lstrip(".")
        if ending not in ("xlsx", "csv"):
            raise UsageError(
                f"-o {output.name}: export skriver bara .xlsx eller .csv; "
                "ge filen en av de ändelserna"
            )
        if fmt is not None and fmt != ending:
            raise UsageError(f"-o {output.name}: filändelsen passar inte --format {fmt}")
        fmt = ending
    fmt = fmt or "csv"
    if fmt == "xlsx" and output is None:
        raise UsageError("ange en fil för xlsx med -o, t.ex. -o register.xlsx")
    root = register_root(register)
    loaded = load_register(root)
    loaded.require_organisation()
    _, status = status_per(root, loaded, per or clock.today())
    if fmt == "xlsx":
        assert output is not None
        write_output(output, to_xlsx(status))
    elif output is None:
        out.write(to_csv(status))
    else:
        write_output(output, to_csv(status).encode("utf-8"))
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
