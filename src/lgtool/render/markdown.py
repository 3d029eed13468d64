"""Markdown output: escaping of register values and the status table (GitHub-flavoured)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from lgtool.checkpoints import BehandlingStatus, Checkpoint, Status
from lgtool.objectives import MalUtfall
from lgtool.render.basis import basis_sentence, priority_note, shows_basis
from lgtool.render.cells import checkpoint_cell, label, legend_columns, legend_symbols
from lgtool.wording import antal

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&])")
_BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")
"""Whitespace that folds into one space; a non-breaking space is kept (Swedish '13 %')."""


def escape(value: object) -> str:
    """A register value made safe inside Markdown text and table cells.

    Backslash-escapes Markdown's punctuation (pipes cannot break a table, backticks
    cannot open code, ``<`` cannot start HTML, a leading ``#`` cannot make a heading)
    and folds newlines into spaces.
    """
    text = _BREAKING_SPACE.sub(" ", str(value)).strip()
    return _SPECIAL.sub(r"\\\1", text)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A GitHub-flavoured Markdown table; ``align`` is one of 'l'/'r'/'c' per column."""
    aligns = align.ljust(len(header), "l")
    marks = {"l": "---", "r": "--:", "c": ":-:"}
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(marks[a] for a in aligns) + "|",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def _cell_text(s: BehandlingStatus, checkpoint: Checkpoint) -> str:
    c = checkpoint_cell(s.kontrollpunkter, checkpoint.key)
    if checkpoint.kind == "datum":
        d = s.kontrollpunkter.datum(checkpoint.key)
        if d.status == "ej_tillampligt":
            return c.symbol
        return f"{c.symbol} {d.datum.isoformat()}" if d.datum else f"{c.symbol} saknas"
    return c.symbol


def status_tables(status: Status, *, heading_level: int = 3) -> str:
    """One table per förvaltningsobjekt, rows per system and processing, plus a legend."""
    cols = status.checkpoints
    header = ["Behandling", *(c.short for c in cols)]
    align = "l" + "".join("r" if c.kind == "antal" else "c" for c in cols)
    out: list[str] = []
    for objekt, items in status.per_objekt():
        out.append(f"{'#' * heading_level} {escape(objekt.namn)}\n")
        rows = [[escape(label(s)), *(_cell_text(s, c) for c in cols)] for s in items]
        out.append(table(header, rows, align))
    out.append(legend(status))
    return "\n".join(out)


def legend(status: Status) -> str:
    """The symbols and column abbreviations, as a Markdown paragraph."""
    symbols = legend_symbols(status.summering)
    return f"Teckenförklaring: {symbols}. {legend_columns(status.checkpoints)}.\n"


def status_document(status: Status, *, whole: Status | None = None) -> str:
    """``lgtool status --format markdown``: heading, tables and totals.

    ``whole``: the status before ``--avvikelser``, as in :func:`lgtool.render.table.render_status`.
    """
    s = status.summering
    intro = f"{antal(s.antal, 'behandling', 'behandlingar')}, {s.avvikelser} med avvikelser"
    if whole is not None:
        all_ = antal(len(whole.behandlingar), "behandling", "behandlingar")
        intro = f"bara behandlingar med avvikelse (--avvikelser), {s.antal} av {all_}"
    lines = [
        f"## Informationssäkerhetsläget – {escape(status.organisation)}\n",
        f"Per {status.per.isoformat()}: {intro}.\n",
        *([escape(basis_sentence(status)) + "\n"] if shows_basis(status) else []),
        status_tables(status),
        totals_line(status, av=len(whole.behandlingar) if whole else None) + "\n",
    ]
    return "\n".join(lines)


def totals_line(status: Status, *, av: int | None = None) -> str:
    """'Totalt: KLASSA aktuell 14/30, ...' in words (``av``: as in ``summary_text``)."""
    s = status.summering
    dated = [
        f"{c.name} aktuell {a.antal}/{a.av}"
        for c in status.checkpoints
        if c.kind == "datum" and (a := s.share(c.key))
    ]
    parts = [
        *dated,
        f"utan avvikelse {s.antal - s.avvikelser}/{s.antal}"
        if av is None
        else f"{s.avvikelser} av {av} har avvikelse",
        f"gula {s.gula}",
        f"röda {s.roda}",
        f"utan handlingsplan {s.utan_handlingsplan}",
    ]
    return "Totalt: " + ", ".join(parts) + "."


KATEGORI_NAMN = {
    "unik": "unik för förvaltningen",
    "gemensam": "stadsgemensam",
    "ovrig": "övrig",
}


def priority_table(items: Sequence[BehandlingStatus], objekt_namn: dict[str, str]) -> str:
    """The classification priority list as a Markdown table."""
    rows = []
    for i, s in enumerate(items, 1):
        b = s.behandling
        klassa = s.kontrollpunkter.datum("klassa")
        when = f"förfallen ({klassa.datum.isoformat()})" if klassa.datum else "saknas"
        rows.append(
            [
                str(i),
                escape(b.namn),
                escape(objekt_namn.get(b.forvaltningsobjekt, b.forvaltningsobjekt)),
                KATEGORI_NAMN[b.kategori],
                when,
                str(b.klassning.konfidentialitet) if b.klassning else "–",
            ]
        )
    return table(
        ["Nr", "Behandling", "Förvaltningsobjekt", "Kategori", "KLASSA", "K"], rows, "rlllll"
    )


def priority_document(
    status: Status, items: Sequence[BehandlingStatus], objekt_namn: dict[str, str]
) -> str:
    """``lgtool prioritering --format markdown``: heading, basis, table and what is left out."""
    parts = [
        f"## Prioriteringslista för informationsklassning – {escape(status.organisation)}\n\n"
        f"Per {status.per.isoformat()}.\n\n"
    ]
    if shows_basis(status):
        parts.append(escape(basis_sentence(status)) + "\n\n")
    note = priority_note(status)
    if items:
        parts.append(priority_table(items, objekt_namn))
    elif note:
        parts.append("Ingen behandling har en saknad eller förfallen KLASSA.\n")
    else:
        parts.append("Alla har en aktuell KLASSA.\n")
    if note:
        parts.append(f"\n{escape(note)}\n")
    return "".join(parts)


def objectives_section(results: Sequence[MalUtfall], per: date) -> str:
    """The year's objectives measured at ``per``; '' when the year file has none."""
    if not results:
        return ""
    from lgtool.render.objectives import rows

    lines = [
        [escape(r["id"]), escape(r["nyckeltal"]), r["malvarde"], r["utfall"], r["bedomning"]]
        for r in rows(results)
    ]
    return f"\n### Mål {per.year}, per {per.isoformat()}\n\n" + table(
        ["Mål", "Nyckeltal", "Målvärde", "Utfall", "Bedömning"], lines
    )
