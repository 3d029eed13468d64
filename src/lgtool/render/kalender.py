"""``lgtool kalender`` as a table, JSON (docs/json.md), CSV and Markdown."""

from __future__ import annotations

from typing import Any, TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from lgtool.due import ETIKETT, INGEN_NAMNGIVEN, Kalender, Post
from lgtool.options import Terminal
from lgtool.render.console import Console, console_for, painter
from lgtool.render.table import break_at_hyphen
from lgtool.render.terminal import terminal_of
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
    from lgtool.render.data import to_json  # (not for the terminal's table)

    return to_json({"per": k.per.isoformat(), "poster": [post_dict(p) for p in k.poster]})


def kalender_csv(k: Kalender) -> str:
    """One row per item, the JSON fields as columns."""
    from lgtool.render.data import csv_text, to_csv

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
    from lgtool.render.markdown import escape, table

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
        _summary_table(k, inom, console, terminal or terminal_of(out))
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
            else Text(f"  {when(p)}")
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
    # One pass: a register of 10,000 processings has some 30,000 items.
    groups: dict[str, tuple[list[int], Post, dict[str, int]]] = {}
    for p in k.poster:
        objekt = p.forvaltningsobjekt or HELA_ORGANISATIONEN
        group = groups.get(objekt)
        if group is None:
            group = groups[objekt] = ([0, 0], p, {})
        group[0][0 if p.forfallen else 1] += 1
        counts = group[2]
        name = p.ansvarig or INGEN_NAMNGIVEN
        counts[name] = counts.get(name, 0) + 1
    rows = []
    for objekt, ((overdue, due), first, counts) in groups.items():
        people = sorted(counts.items(), key=lambda c: (-c[1], c[0].casefold()))
        rows.append((objekt, overdue, due, first, people))
    return rows


def _summary_table(k: Kalender, inom: int, console: Console, terminal: Terminal) -> None:
    """One row per förvaltningsobjekt: how much is overdue and due, when the first, who.

    Laid out as status's summary is (:func:`lgtool.render.table.break_at_hyphen`, the
    terminal's own escape codes through :func:`lgtool.render.console.painter`): plain
    fixed-width lines, so a city's few hundred rows cost milliseconds, and no line is
    wider than the window: an id too long breaks after a hyphen, the names are cut
    with "…" at the end of the line.
    """
    paint = painter(terminal)
    rows = summary_rows(k)
    within = f"Inom {inom} d"
    numbers = [len("Förfallet"), len(within), 12]
    gaps = 3 * 4 + 2
    room = console.width - 1 - sum(numbers) - gaps  # a line one short of the window
    longest = max(len("Förvaltningsobjekt"), *(len(r[0]) for r in rows))
    names = len("Ansvariga (poster)")
    objekt_width = max(min(longest, room - names), 12)
    widths = [objekt_width, *numbers, max(room - objekt_width, names)]
    length = sum(widths) + gaps
    out: list[str] = [" " * length + "\n"]

    def line(cells: list[tuple[str, str]], right: tuple[bool, ...]) -> None:
        texts = []
        for (cell, style), width, to_right in zip(cells, widths, right, strict=True):
            text = cell if len(cell) <= width else cell[: width - 1] + "…"
            texts.append(paint(text.rjust(width) if to_right else text.ljust(width), style))
        out.append(" " + "   ".join(texts) + " \n")

    first_header = "Förvaltningsobjekt" if objekt_width >= len("Förvaltningsobjekt") else "Objekt"
    header = [first_header, "Förfallet", within, "Först", "Ansvariga (poster)"]
    line([(h, "bold") for h in header], (False, True, True, False, False))
    out.append(" " + "─" * (length - 2) + " \n")
    for objekt, overdue, due, first, people in rows:
        first_cell = (f"! {when(first)}", "yellow") if first.forfallen else (f"  {when(first)}", "")
        parts = break_at_hyphen(objekt, objekt_width).split("\n")
        line(
            [
                (parts[0], ""),
                (str(overdue), "red" if overdue else ""),
                (str(due), ""),
                first_cell,
                (", ".join(f"{name} ({n})" for name, n in people), ""),
            ],
            (False, True, True, False, False),
        )
        for part in parts[1:]:
            line([(part, "")] + [("", "")] * 4, (False, True, True, False, False))
    out.append(" " * length + "\n")
    console.file.write("".join(out))
    n = len(k.poster)
    console.print(
        Text(
            f"{antal(n, 'post', 'poster')} i {antal(len(rows), 'rad', 'rader')}, en per "
            "förvaltningsobjekt (fler än en skärm). "
            "--alla visar varje post; --objekt ID eller --ansvarig NAMN visar ett urval.",
            style="dim",
        )
    )
