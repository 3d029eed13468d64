"""Build the report: register → checked context → rendered Markdown (public version guarded)."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from lgtool import clock
from lgtool.asof import status_per
from lgtool.errors import ReportError
from lgtool.problems import format_text, has_errors, summary
from lgtool.register import AR_DIR, Register
from lgtool.report.context import (
    Jamforelse,
    build_context,
    reference_date,
    year_file_comparison,
)
from lgtool.report.public import check_public


def _tidy(text: str) -> str:
    """At most one blank line in a row, and exactly one newline at the end."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def year_end_comparison(root: Path, year: int) -> Jamforelse | None:
    """Key figures at this and the previous year end from the git history, if it has them."""
    from lgtool.history import compare_year_end, year_end_figures

    pair = compare_year_end(root, year)
    if pair is None:
        from lgtool.history import shallow_note

        note = shallow_note(root)
        if note:  # say why the report has no comparison
            sys.stderr.write(note + "\n")
    if pair is None:
        return None
    return Jamforelse(
        nu=pair[0], foregaende=pair[1], arsskiften=tuple(year_end_figures(root, year))
    )


def render_report(
    *,
    loaded: Register,
    root: Path | None,
    year: int,
    per: date | None,
    publik: bool,
    mallar: Path | None,
    jamforelse: Jamforelse | None = None,
) -> str:
    """The report as Markdown (without charts)."""
    text, _ = render_document(
        loaded=loaded,
        root=root,
        year=year,
        per=per,
        publik=publik,
        mallar=mallar,
        jamforelse=jamforelse,
    )
    return text


def render_document(
    *,
    loaded: Register,
    root: Path | None,
    year: int,
    per: date | None,
    publik: bool,
    mallar: Path | None,
    jamforelse: Jamforelse | None = None,
    chart_format: str | None = None,
) -> tuple[str, dict[str, bytes]]:
    """The report as Markdown for pandoc, and its chart files by name.

    With ``chart_format`` ('svg' or 'png') the Markdown refers to the charts; without
    it there are none (the Markdown output).
    """
    from lgtool.report.environment import Limits, make_environment, render, template_folders

    if has_errors(loaded.problems):
        raise ReportError(
            f"registret har {summary(list(loaded.problems))}; rätta dem innan rapporten tas "
            "fram:\n" + format_text(loaded.problems).rstrip("\n")
        )
    organisation = loaded.require_organisation()
    ar = loaded.ar.get(year)
    if ar is None:
        where = f"{root.as_posix()}/{AR_DIR}/{year}.yaml" if root else f"{AR_DIR}/{year}.yaml"
        option = f" --register {root.as_posix()}" if root and root.as_posix() != "register" else ""
        raise ReportError(
            f"årsfilen {where} saknas; skapa den från föregående års plan med "
            f"lgtool ar ny {year}{option}"
        )
    known, status = status_per(root, loaded, reference_date(year, per))
    context = build_context(
        organisation,
        ar,
        status,
        publik=publik,
        jamforelse=jamforelse,
        foregaende_ar=loaded.ar.get(year - 1),
        incident_records=loaded.incidenter,
        incident_per=min(status.per, clock.today()),
    )
    context["arsjamforelse"] = {
        "foregaende_ar": year - 1,
        "rader": year_file_comparison(ar, loaded.ar.get(year - 1), loaded.incidenter),
    }
    files: dict[str, bytes] = {}
    context["diagram"] = {}
    if chart_format is not None:
        from lgtool.report.charts import report_charts

        minimum = organisation.policy.publik_min_gruppstorlek
        previous = loaded.ar.get(year - 1)
        series = jamforelse.arsskiften if jamforelse else ()
        charts = report_charts(
            status,
            ar,
            previous,
            series,
            publik=publik,
            minimum=minimum,
            records=loaded.incidenter,
        )
        for chart in charts:
            name = f"{chart.name}.{chart_format}"
            files[name] = chart.svg if chart_format == "svg" else chart.png
            context["diagram"][chart.name.removeprefix("diagram-")] = {
                "fil": name,
                "text": chart.caption,
            }
    # A city's register renders in about a second per 10,000 processings; hostile
    # templates stop within 5 s on a small one.
    limits = Limits(seconds=5.0 + len(loaded.behandlingar) / 10_000)
    env = make_environment(template_folders(mallar, root), limits)
    text = _tidy(render(env, "rapport.md.j2", context))
    if publik:
        check_public(text, loaded)
        if known is not loaded:  # the register as known then: names since removed too
            check_public(text, known)
    return text, files
