"""``lgtool report YEAR``: Ledningens genomgång as a finished document."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Literal

from lgtool.atomic import write_atomic
from lgtool.commands.loading import load
from lgtool.errors import ExitCode, UsageError
from lgtool.register import register_root
from lgtool.report.build import render_document, year_end_comparison
from lgtool.report.context import reference_date

ReportFormat = Literal["markdown", "docx", "html", "pdf"]

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years a year file may have (model.Ar)."""


def report(
    *,
    register: Path | None,
    year: int,
    per: date | None,
    publik: bool,
    mallar: Path | None,
    fmt: ReportFormat,
    output: Path | None,
    referensmall: Path | None,
    cache: bool = False,
) -> ExitCode:
    """Produce the report and write it to ``output`` (atomically) or stdout."""
    if fmt in ("docx", "pdf") and output is None:
        kind = "Word-filer" if fmt == "docx" else "PDF-filer"
        raise UsageError(f"--format {fmt} kräver -o FIL ({kind} skrivs inte till terminalen)")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"ÅR ska vara ett år mellan {FIRST_YEAR} och {LAST_YEAR}, inte {year}")
    if output is not None and output.is_dir():
        raise UsageError(f"-o: '{output}' är en mapp; ange en fil att skriva till")
    if output is not None and not output.parent.is_dir():
        raise UsageError(f"-o: mappen '{output.parent}' finns inte")
    root = register_root(register)
    loaded = load(root, cache=cache)
    text, charts = render_document(
        loaded=loaded,
        root=root,
        year=year,
        per=per,
        publik=publik,
        mallar=mallar,
        jamforelse=year_end_comparison(root, year),
        chart_format={"markdown": None, "docx": "png"}.get(fmt, "svg"),
    )
    if fmt == "markdown":
        data = text.encode("utf-8")
    else:
        from lgtool.report.convert import convert

        organisation = loaded.require_organisation().organisation
        data = convert(
            text,
            fmt,
            title=f"Ledningens genomgång {year} – {organisation}",
            author=organisation,
            subject=f"Ledningens genomgång av informationssäkerheten {year}"
            + (" (publik version)" if publik else ""),
            per=reference_date(year, per),
            referensmall=referensmall,
            charts=charts,
        )
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data)
    return ExitCode.OK
