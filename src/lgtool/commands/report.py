"""``lgtool report YEAR``: Ledningens genomgång as a finished document."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from lgtool.atomic import check_output, write_output
from lgtool.checkpoints import compute_status
from lgtool.commands.loading import load
from lgtool.errors import ExitCode, ReportError, UsageError
from lgtool.options import ReportOptions
from lgtool.problems import format_text, summary
from lgtool.register import AR_DIR, Register, register_root
from lgtool.report.context import Jamforelse, build_context, reference_date

_MIN_SENSITIVE_LENGTH = 4
"""Shorter strings (zone names such as Z2, system names such as IA) match ordinary words."""


def sensitive_strings(loaded: Register) -> dict[str, str]:
    """Strings that must never appear in the public report, with what they are."""
    found: dict[str, str] = {}
    org = loaded.organisation
    for b in loaded.behandlingar:
        found.setdefault(b.namn, "behandlingens namn")
        found.setdefault(b.id, "behandlingens id")
        if b.system:
            found.setdefault(b.system, "systemnamn")
        if b.natverkszon:
            found.setdefault(b.natverkszon, "nätverkszon")
        for person in (b.roller or {}).values():
            if person:
                found.setdefault(person, "personnamn")
    if org:
        for objekt in org.forvaltningsobjekt:
            for person in objekt.roller.values():
                if person:
                    found.setdefault(person, "personnamn")
    for ar in loaded.ar.values():
        for u in ar.upphandlingar:
            found.setdefault(u.namn, "upphandlingens namn")
    return {k: v for k, v in found.items() if len(k.strip()) >= _MIN_SENSITIVE_LENGTH}


def check_public(text: str, loaded: Register) -> None:
    """Refuse a public report in which a name of a system, processing or person appears."""
    leaks = []
    for value, kind in sorted(sensitive_strings(loaded).items()):
        pattern = r"(?<!\w)" + re.escape(value) + r"(?!\w)"
        escaped = r"(?<!\w)" + re.escape(_md_escaped(value)) + r"(?!\w)"
        if re.search(pattern, text) or re.search(escaped, text):
            leaks.append(f"'{value}' ({kind})")
    if leaks:
        raise ReportError(
            "den publika versionen skulle innehålla uppgifter som inte får publiceras: "
            + ", ".join(leaks)
            + ". De kommer från fritext i årsfilen eller en egen mall; skriv om texten utan namnen."
        )


def _md_escaped(value: str) -> str:
    from lgtool.render.markdown import escape

    return escape(value)


def _tidy(text: str) -> str:
    """At most one blank line in a row, and exactly one newline at the end."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def year_end_comparison(root: Path, year: int) -> Jamforelse | None:
    """Key figures at this and the previous year end from the git history, if it has them."""
    from lgtool.history import compare_year_end

    pair = compare_year_end(root, year)
    if pair is None:
        from lgtool.history import shallow_note

        note = shallow_note(root)
        if note:  # say why the report has no comparison
            sys.stderr.write(note + "\n")
    return Jamforelse(nu=pair[0], foregaende=pair[1]) if pair else None


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
    """The report as Markdown."""
    from lgtool.report.environment import make_environment, render, template_folders

    if loaded.problems:
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
    status = compute_status(organisation, loaded.behandlingar, reference_date(year, per))
    context = build_context(organisation, ar, status, publik=publik, jamforelse=jamforelse)
    env = make_environment(template_folders(mallar, root))
    text = _tidy(render(env, "rapport.md.j2", context))
    if publik:
        check_public(text, loaded)
    return text


def report(options: ReportOptions) -> ExitCode:
    """Produce the report and write it to ``output`` (atomically) or stdout."""
    register, year, per, publik = options.register, options.year, options.per, options.publik
    mallar, fmt, output = options.mallar, options.format, options.output
    referensmall, cache = options.referensmall, options.cache
    if fmt == "docx" and output is None:
        raise UsageError("--format docx kräver -o FIL (Word-filer skrivs inte till terminalen)")
    if not 1900 < year < 2200:
        raise UsageError(
            f"{year} är inget år som lgtool kan ta fram en rapport för; ange t.ex. 2025"
        )
    if output is not None:
        check_output(output)
    root = register_root(register)
    loaded = load(root, cache=cache)
    text = render_report(
        loaded=loaded,
        root=root,
        year=year,
        per=per,
        publik=publik,
        mallar=mallar,
        jamforelse=year_end_comparison(root, year),
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
            per=reference_date(year, per),
            referensmall=referensmall,
        )
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_output(output, data)
    return ExitCode.OK
