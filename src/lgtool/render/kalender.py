"""``lgtool kalender`` as a table, JSON (docs/json.md), CSV and Markdown."""

from __future__ import annotations

from typing import Any, TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from lgtool.due import ETIKETT, INGEN_NAMNGIVEN, Kalender, Post
from lgtool.options import Terminal
from lgtool.render.console import Console, console_for
from lgtool.render.data import csv_text, to_csv, to_json
from lgtool.render.markdown import escape, table
from lgtool.wording import antal


def post_dict(p: Post) -> dict[str, Any]:
    """One item in the documented JSON shape."""
    return {
        "datum": p.datum.isoformat() if p.datum else None,
        "typ": p.typ,
        "behandling": p.behandling,
        "forvaltningsobjekt": p.forvaltningsobjekt,
        "ansvarig": p.ansvarig,
        "roll": p.roll,
        "text": p.text,
        "forfallen": p.forfallen,
    }


def kalender_json(k: Kalender) -> str:
    """``{"per": …, "poster": [...]}``."""
    return to_json({"per": k.per.isoformat(), "poster": [post_dict(p) for p in k.poster]})


def kalender_csv(k: Kalender) -> str:
    """One row per item, the JSON fields as columns."""
    if not k.poster:
        return csv_text(list(post_dict(_EMPTY)), [])
    return to_csv([post_dict(p) for p in k.poster])


_EMPTY = Post(None, "klassa", None, None, None, None, "", False, "", "")


def when(p: Post) -> str:
    """The date column: the date, 'saknas' for a checkpoint never done."""
    return p.datum.isoformat() if p.datum else "saknas"


def who(p: Post) -> str:
    """The responsible column: the name, else 'ingen namngiven' with the role."""
    if p.ansvarig:
        return p.ansvarig
    return f"{INGEN_NAMNGIVEN} ({p.roll})" if p.roll else INGEN_NAMNGIVEN


def heading(k: Kalender, inom: int) -> str:
    """The line above the list."""
    return f"Det som förfaller – {k.organisation}, per {k.per.isoformat()} och {inom} dagar framåt"


def _empty_text(k: Kalender) -> str:
    return "Inget förfaller under perioden."


def kalender_markdown(k: Kalender, inom: int) -> str:
    """A heading and one table, overdue items first (the CI issue's body)."""
    text = f"## {escape(heading(k, inom))}\n\n"
    if not k.poster:
        return text + _empty_text(k) + "\n"
    rows = [
        [
            ("**FÖRFALLEN** " if p.forfallen else "") + when(p),
            ETIKETT[p.typ],
            escape(p.text),
            escape(p.forvaltningsobjekt or "–"),
            escape(who(p)),
        ]
        for p in k.poster
    ]
    return text + table(["Datum", "Typ", "Vad", "Objekt", "Ansvarig"], rows)


WIDE = 100
"""From this terminal width on, the table also shows each item's förvaltningsobjekt."""


def fits_on_screen(rows: int, console: Console) -> bool:
    """Whether ``rows`` rows fit on one screen: the console's height, a screenful as the
    terminal decides it (:func:`lgtool.render.terminal.terminal_of`, the rule of status)."""
    return rows <= console.height


def kalender_table(
    k: Kalender, inom: int, out: TextIO, *, alla: bool = False, terminal: Terminal | None = None
) -> None:
    """The terminal table, fitted to ``terminal`` (None: as found): every item when they
    fit on one screen or ``alla``, else one row per förvaltningsobjekt
    (:func:`_summary_table`)."""
    console = console_for(out, terminal)
    console.print(Text(heading(k, inom), style="bold"))
    if not k.poster:
        console.print(_empty_text(k))
        return
    if not alla and not fits_on_screen(len(k.poster), console):
        _summary_table(k, inom, console)
        return
    # Every width fixed up front: rich then renders each cell once instead of measuring
    # it first (a city has thousands of rows; the table must cost no more than status).
    typ_width = max(len("Typ"), *(len(ETIKETT[p.typ]) for p in k.poster))
    # The förvaltningsobjekt column only where it fits without breaking an id or squeezing
    # the text (from WIDE columns, as status shows names only from its wide width).
    with_objekt = console.width >= WIDE
    objekt_width = max(len("Objekt"), *(len(p.forvaltningsobjekt or "") for p in k.poster))
    columns = 5 if with_objekt else 4
    used = 12 + typ_width + (objekt_width if with_objekt else 0) + columns * 3
    free = max(console.width - used, 24)
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("Datum", width=12, no_wrap=True)
    t.add_column("Typ", width=typ_width, no_wrap=True)
    t.add_column("Vad", width=free * 3 // 5, overflow="fold")
    if with_objekt:
        t.add_column("Objekt", width=objekt_width, no_wrap=True)
    t.add_column("Ansvarig", width=free - free * 3 // 5, overflow="fold")
    for p in k.poster:
        date_cell = (
            Text(f"! {when(p)}", style="red" if p.datum is None else "yellow")
            if p.forfallen
            else Text(when(p))
        )
        objekt = [p.forvaltningsobjekt or "–"] if with_objekt else []
        t.add_row(date_cell, ETIKETT[p.typ], p.text, *objekt, who(p))
    console.print(t)
    console.print(Text("! = förfallet; saknas = aldrig gjord, förfaller nu.", style="dim"))


HELA_ORGANISATIONEN = "organisationen"
"""The summary's row for items of no förvaltningsobjekt (priorities, decisions, steering
documents, incidents)."""


def summary_rows(k: Kalender) -> list[tuple[str, int, int, Post, list[tuple[str, int]]]]:
    """Per förvaltningsobjekt, in the order of its most urgent item: (objekt, overdue,
    due within the window, its first item, [(responsible, items)] most items first).
    Items of no förvaltningsobjekt make the row :data:`HELA_ORGANISATIONEN`."""
    groups: dict[str, list[Post]] = {}
    for p in k.poster:
        groups.setdefault(p.forvaltningsobjekt or HELA_ORGANISATIONEN, []).append(p)
    rows = []
    for objekt, items in groups.items():
        overdue = sum(1 for p in items if p.forfallen)
        counts: dict[str, int] = {}
        for p in items:
            name = p.ansvarig or INGEN_NAMNGIVEN
            counts[name] = counts.get(name, 0) + 1
        people = sorted(counts.items(), key=lambda c: (-c[1], c[0].casefold()))
        rows.append((objekt, overdue, len(items) - overdue, items[0], people))
    return rows


def _summary_table(k: Kalender, inom: int, console: Console) -> None:
    """One row per förvaltningsobjekt: how much is overdue and due, when the first, who.

    Laid out as rich lays out its tables (the same columns, padding and rule), but as
    one text of fixed-width lines: every cell is one line, so nothing needs measuring,
    and a city's few hundred rows cost milliseconds instead of rich's per-cell rendering.
    """
    rows = summary_rows(k)
    within = f"Inom {inom} d"
    fixed = [
        max(len("Förvaltningsobjekt"), *(len(r[0]) for r in rows)),
        len("Förfallet"),
        len(within),
        12,
    ]
    widths = [*fixed, max(console.width - sum(fixed) - 5 * 3, 16)]
    right = (False, True, True, False, False)
    t = Text(" " * (sum(widths) + 14) + "\n")

    def line(cells: list[str | Text]) -> None:
        t.append(" ")
        for n, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            if n:
                t.append("   ")
            text = cell if isinstance(cell, Text) else Text(cell)
            text.truncate(width, overflow="ellipsis", pad=not right[n])
            if right[n]:
                t.append(" " * (width - text.cell_len))
            t.append_text(text)
        t.append(" \n")

    header = ["Förvaltningsobjekt", "Förfallet", within, "Först", "Ansvariga (poster)"]
    line([Text(h, style="bold") for h in header])
    t.append(" " + "─" * (sum(widths) + 12) + " \n")
    for objekt, overdue, due, first, people in rows:
        line(
            [
                objekt,
                Text(str(overdue), style="red") if overdue else "0",
                str(due),
                Text(f"! {when(first)}", style="yellow") if first.forfallen else f"  {when(first)}",
                ", ".join(f"{name} ({n})" for name, n in people),
            ]
        )
    t.append(" " * (sum(widths) + 14))
    console.print(t, no_wrap=True, overflow="crop")
    n = len(k.poster)
    console.print(
        Text(
            f"{antal(n, 'post', 'poster')} i {antal(len(rows), 'rad', 'rader')}, en per "
            "förvaltningsobjekt (fler än en skärm). "
            "--alla visar varje post; --objekt ID eller --ansvarig NAMN visar ett urval.",
            style="dim",
        )
    )
