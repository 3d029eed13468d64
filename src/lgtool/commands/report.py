"""``lgtool report YEAR``: Ledningens genomgång as a finished document."""

from __future__ import annotations

import sys
from pathlib import Path

from lgtool.atomic import check_output, write_output
from lgtool.commands.loading import load
from lgtool.errors import ExitCode, UsageError
from lgtool.options import ReportOptions
from lgtool.register import register_root
from lgtool.report.build import render_document, year_end_comparison
from lgtool.report.context import reference_date


def check_request(year: int, fmt: str, output: Path | None) -> None:
    """Refuse, before any work, a report that cannot be made: a Word or PDF file to the
    terminal, a year out of range, an output file that cannot be written."""
    if fmt in ("docx", "pdf") and output is None:
        kind = "Word-filer" if fmt == "docx" else "PDF-filer"
        raise UsageError(f"--format {fmt} kräver -o FIL ({kind} skrivs inte till terminalen)")
    if not 1900 < year < 2200:
        raise UsageError(
            f"{year} är inget år som lgtool kan ta fram en rapport för; ange t.ex. 2025"
        )
    if output is not None:
        check_output(output)


def report(options: ReportOptions) -> ExitCode:
    """Produce the report and write it to ``output`` (atomically) or stdout."""
    register, year, per, publik = options.register, options.year, options.per, options.publik
    mallar, fmt, output = options.mallar, options.format, options.output
    referensmall, cache = options.referensmall, options.cache
    check_request(year, fmt, output)
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
        write_output(output, data)
    return ExitCode.OK
