"""The terminal tables of ``lgtool status`` and ``prioritering`` (rich): symbols and
colour, readable at 80 columns.

More processings than a screenful (:attr:`lgtool.options.Terminal.rows`) are shown
as one row per förvaltningsobjekt, unless ``--alla`` asks for every one: a table
of thousands of rows helps nobody, and takes rich seconds to lay out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from lgtool.checkpoints import BehandlingStatus, Checkpoint, Status, Summering
from lgtool.model import Forvaltningsobjekt
from lgtool.objectives import MalUtfall
from lgtool.options import Terminal
from lgtool.render.basis import basis_sentence, priority_note, shows_basis
from lgtool.render.cells import (
    KATEGORI_KORT,
    checkpoint_cell,
    label,
    legend_columns,
    legend_symbols,
)
from lgtool.render.console import Console, console_for, painter
from lgtool.render.terminal import terminal_of
from lgtool.wording import antal, number


def _objekt_table(
    title: str,
    items: tuple[BehandlingStatus, ...],
    status: Status,
    caption: str,
    *,
    wide: bool,
    width: int,
) -> Table:
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        expand=True,
        padding=(0, 0),  # the box draws one space between columns: twelve fit in 80
        pad_edge=False,
        collapse_padding=True,
    )
    if wide:
        longest = max(len(s.behandling.id) for s in items)
        table.add_column("Behandling", width=max(longest, len("Behandling")), no_wrap=True)
        table.add_column("Namn", ratio=1)
    else:
        table.add_column("Behandling", ratio=1, min_width=12, overflow="fold")
    for c in status.checkpoints:
        table.add_column(
            c.short, justify="right" if c.kind == "antal" else "center", width=3, no_wrap=True
        )
    # The id column's width in the narrow table: the box's two edges and 4 per checkpoint.
    id_width = width - 2 - 4 * len(status.checkpoints)
    for s in items:
        cells = [checkpoint_cell(s.kontrollpunkter, c.key) for c in status.checkpoints]
        shown = s.behandling.id if wide else break_at_hyphen(s.behandling.id, id_width)
        names = [Text(shown)] + ([Text(label(s))] if wide else [])
        table.add_row(*names, *(Text(c.symbol, style=c.style) for c in cells))
    return table


def break_at_hyphen(text: str, width: int) -> str:
    """An id too long for its column, broken after a hyphen rather than inside a word."""
    lines = []
    while len(text) > width > 0:
        cut = text.rfind("-", 0, width)
        if cut <= 0:
            break  # no hyphen to break at: the table folds it
        lines.append(text[: cut + 1])
        text = text[cut + 1 :]
    return "\n".join([*lines, text])


WIDE = 120
"""From this terminal width on, the tables also show each processing's name and system
(and ``prioritering`` its förvaltningsobjekt)."""


def summary_text(s: Summering, checkpoints: Sequence[Checkpoint], *, av: int | None = None) -> str:
    """The compact counts under each group and for the total.

    ``av``: the number of processings before ``--avvikelser`` kept only those with
    a deviation; then the deviations are counted out of all of them.
    """
    dated = ", ".join(
        f"{c.short} {number(a.antal)}/{number(a.av)}"
        for c in checkpoints
        if c.kind == "datum" and (a := s.share(c.key))
    )
    deviations = (
        f"utan avvikelse {number(s.antal - s.avvikelser)}/{number(s.antal)}"
        if av is None
        else f"{number(s.avvikelser)} av {number(av)} har avvikelse"
    )
    return f"Aktuella: {dated} · {deviations} · gula {number(s.gula)}, röda {number(s.roda)}"


def _heading(console: Console, title: str, status: Status) -> None:
    """The title with the organisation and date, and where the figures come from."""
    console.print(
        Text.assemble((title, "bold"), f" – {status.organisation}, per {status.per.isoformat()}")
    )
    if shows_basis(status):
        console.print(Text(basis_sentence(status), style="dim"))


SUMMARY_NOTE = "Sammanfattning per förvaltningsobjekt; --alla visar varje behandling."
"""Said above the summary, so that nobody takes it for the whole table."""


def summarized(count: int, terminal: Terminal, *, alla: bool) -> bool:
    """Whether ``count`` rows are shown as one row per förvaltningsobjekt: more than a
    screenful (``terminal.rows``), and ``--alla`` not given."""
    return not alla and count > terminal.rows


def render_status(
    status: Status,
    out: TextIO,
    *,
    terminal: Terminal | None = None,
    alla: bool = False,
    whole: Status | None = None,
) -> None:
    """Print the status grouped per förvaltningsobjekt, with totals and a legend; more
    processings than a screenful as one row per förvaltningsobjekt (:func:`summarized`).

    ``terminal``: what the table is fitted to (default: as found for ``out``).
    ``whole``: the status before ``--avvikelser`` (``status`` holds the deviating
    processings of it); the filter is named, and the counts say how many of all.
    """
    terminal = terminal or terminal_of(out)
    console = console_for(out, terminal)
    _heading(console, "Informationssäkerhetsläget", status)
    counts = {o.id: len(items) for o, items in whole.per_objekt()} if whole else {}
    if whole is not None:
        all_ = antal(len(whole.behandlingar), "behandling", "behandlingar")
        console.print(
            f"Urval: bara behandlingar med avvikelse (--avvikelser), {len(status.behandlingar)} "
            f"av {all_}."
        )
    if not status.behandlingar:
        console.print("Inga behandlingar matchar urvalet.")
        return
    if summarized(len(status.behandlingar), terminal, alla=alla):
        console.print(SUMMARY_NOTE)
        out.write(_summary_table(status, counts, width=terminal.width, paint=painter(terminal)))
    else:
        _render_groups(console, status, counts)
    total = status.summering
    console.print()
    shown = antal(total.antal, "behandling", "behandlingar")
    if whole is not None:
        shown = f"{total.antal} av {antal(len(whole.behandlingar), 'behandling', 'behandlingar')}"
    console.print(Text.assemble(("Totalt", "bold"), f" {shown}:"))
    console.print(
        summary_text(total, status.checkpoints, av=len(whole.behandlingar) if whole else None)
        + f" · utan handlingsplan {total.utan_handlingsplan}"
    )
    console.print()
    if summarized(len(status.behandlingar), terminal, alla=alla):
        console.print(Text(summary_legend(status.checkpoints), style="dim"))
    else:
        console.print(Text(legend_symbols(total), style="dim"))
    console.print(
        Text(
            legend_columns(status.checkpoints),
            style="dim",
        )
    )


def _render_groups(console: Console, status: Status, counts: dict[str, int]) -> None:
    """One table per förvaltningsobjekt, a row per processing."""
    for objekt, group in status.per_objekt():
        # By id, the first column: sorted by system name, rows look shuffled.
        items = tuple(sorted(group, key=lambda s: s.behandling.id))
        s = status.summarize(items)
        console.print()
        title = f"{objekt.namn} ({objekt.id})"
        caption = summary_text(s, status.checkpoints, av=counts.get(objekt.id))
        console.print(
            _objekt_table(
                title, items, status, caption, wide=console.width >= WIDE, width=console.width
            )
        )


def summary_legend(checkpoints: Sequence[Checkpoint]) -> str:
    """What the summary's numbers count."""
    shorts = [c.short for c in checkpoints if c.kind != "antal"]
    counts = [c.short for c in checkpoints if c.kind == "antal"]
    return (
        "Beh = antal behandlingar; Avv = behandlingar med någon avvikelse; "
        f"{shorts[0]}–{shorts[-1]} = behandlingar med avvikelse i kontrollpunkten "
        f"(förfallen, saknas eller nej); {' och '.join(counts)} = ohanterade punkter."
    )


Paint = Callable[[str, str], str]
"""Text in a rich style, as the terminal shows it (:func:`lgtool.render.console.painter`)."""


def _plain(text: str, style: str) -> str:
    return text


def _summary_table(
    status: Status, counts: dict[str, int], *, width: int, paint: Paint = _plain
) -> str:
    """One row per förvaltningsobjekt: how many processings deviate, per checkpoint.

    ``counts``: the processings per förvaltningsobjekt before ``--avvikelser``; then
    "Beh" says how many of them.
    """
    rows = [
        (objekt, _deviation_counts(status, items, counts.get(objekt.id)))
        for objekt, items in status.per_objekt()
    ]
    headers = ["Beh", "Avv", *(c.short for c in status.checkpoints)]
    bad = ["", "red", *("yellow" if c.key == "gula" else "red" for c in status.checkpoints)]
    return _count_grid(rows, headers, bad, width=width, paint=paint)


def _count_grid(
    rows: Sequence[tuple[Forvaltningsobjekt, Sequence[int]]],
    headers: Sequence[str],
    bad: Sequence[str],
    *,
    width: int,
    paint: Paint = _plain,
) -> str:
    """A summary table: a row per förvaltningsobjekt, a column per count, and a total.

    Laid out here rather than by rich's Table, whose look it keeps (rich's SIMPLE
    box): a city has hundreds of förvaltningsobjekt, and rich took a quarter of a
    second to measure their cells. Each count column is as wide as its widest number
    (the total's), so nothing is cut; the id column takes the rest of the width at
    80 columns and breaks after a hyphen; from 120 the id is whole and the name
    wraps between words. A count is coloured ``bad`` when it is not 0, dim when it is.
    """
    total = [sum(column) for column in zip(*(numbers for _, numbers in rows), strict=True)]
    widths = [max(len(h), len(number(n))) for h, n in zip(headers, total, strict=True)]
    counts_width = sum(w + 1 for w in widths)
    # In a narrow window a city's totals (five and six digits) leave no room for the
    # id: then the columns are as wide as the rows' numbers and the totals follow as
    # a line of their own, so that nothing is cut and no line is wider than the window.
    totals_apart = width < WIDE and width - 2 - counts_width < _ID_MIN
    if totals_apart:
        row_widths = [
            max(len(h), *(len(number(numbers[i])) for _, numbers in rows))
            for i, h in enumerate(headers)
        ]
        widths, counts_width = row_widths, sum(w + 1 for w in row_widths)
    if width >= WIDE:
        id_width = max(len("Objekt"), *(len(o.id) for o, _ in rows))
        name_width = max(width - 3 - id_width - counts_width, 8)
        names = [("Objekt", id_width), ("Namn", name_width)]
    else:
        names = [("Objekt", max(width - 2 - counts_width, _ID_MIN))]
    grid: list[str] = []
    length = 1 + sum(w + 1 for _, w in names) + counts_width
    blank, rule = " " * length + "\n", " " + "─" * (length - 2) + " \n"

    def line(texts: Sequence[str], values: Sequence[tuple[str, str]], style: str = "") -> None:
        cells = [paint(text.ljust(w), style) for text, (_, w) in zip(texts, names, strict=True)]
        cells += [paint(v.rjust(w), s) for (v, s), w in zip(values, widths, strict=True)]
        grid.append(" " + " ".join(cells) + " \n")

    grid.append(blank)
    line([h for h, _ in names], [(h, "bold") for h in headers], "bold")
    grid.append(rule)
    for objekt, numbers in rows:
        if len(names) == 2:
            cells = [[objekt.id], _wrap_words(objekt.namn, names[1][1])]
        else:
            cells = [break_at_hyphen(objekt.id, names[0][1]).split("\n")]
        cells = [
            [part for text in cell for part in _fold(text, w)]
            for cell, (_, w) in zip(cells, names, strict=True)
        ]
        values = [
            (number(n), (style if n else "dim") if style else "")
            for n, style in zip(numbers, bad, strict=True)
        ]
        for k in range(max(len(cell) for cell in cells)):
            line([cell[k] if k < len(cell) else "" for cell in cells], values)
            values = [("", "")] * len(widths)  # the counts on the first line only
    grid.append(rule)
    if totals_apart:
        # Wrapped between the counts, never between a label and its count.
        parts = [f"{h} {number(n)} ·" for h, n in zip(headers, total, strict=True)]
        parts[-1] = parts[-1].removesuffix(" ·")
        texts = ["Totalt:"]
        for part in parts:
            if len(texts[-1]) + 1 + len(part) <= width - 2:
                texts[-1] += " " + part
            else:
                texts.append(part)
        grid += [" " + paint(text, "bold") + "\n" for text in texts]
    else:
        line(["Totalt", *([""] * (len(names) - 1))], [(number(n), "bold") for n in total], "bold")
    grid.append(blank)
    return "".join(grid)


_ID_MIN = 12
"""The narrowest id column of the summary (an id breaks after a hyphen to fit)."""


def _fold(text: str, width: int) -> list[str]:
    """``text`` cut into lines of ``width``: only for a word longer than its column."""
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _wrap_words(text: str, width: int) -> list[str]:
    """``text`` wrapped between words into lines of at most ``width`` (a longer word is
    folded where the column ends, as rich does)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            if current:
                lines.append(current)
            current = word
    return [*lines, current] if current else lines or [""]


def _deviation_counts(
    status: Status, items: Sequence[BehandlingStatus], of: int | None
) -> list[int]:
    """The summary's numbers for ``items``: Beh, Avv and one per checkpoint.

    Beh counts ``items``, or is ``of`` when given (before ``--avvikelser``); Avv the
    processings with any deviation; under a checkpoint, those that deviate there
    (as :attr:`BehandlingStatus.avvikelser` says), and for Gul and Röd the open items
    (as in the table per processing).
    """
    checkpoints = status.checkpoints
    per_key = dict.fromkeys((c.key for c in checkpoints), 0)
    counted = [c.key for c in checkpoints if c.kind != "antal"]
    deviating = gula = roda = 0
    for s in items:
        if s.avvikelser:
            deviating += 1
            for key in s.avvikelser:
                if key in per_key:
                    per_key[key] += 1
        points = s.kontrollpunkter
        gula += points.gula or 0
        roda += points.roda or 0
    items_open = {"gula": gula, "roda": roda}
    return [
        len(items) if of is None else of,
        deviating,
        *(per_key[c.key] if c.key in counted else items_open[c.key] for c in checkpoints),
    ]


PRIORITY_SUMMARY_NOTE = "Sammanfattning per förvaltningsobjekt; --alla visar hela listan."
PRIORITY_ORDER = (
    "Ordning: unik, gemensam, övrig; saknas före förfallen; högre konfidentialitet (K) "
    "först; äldst först."
)


def render_priority(
    status: Status,
    items: tuple[BehandlingStatus, ...],
    out: TextIO,
    *,
    terminal: Terminal | None = None,
    alla: bool = False,
) -> None:
    """Print the classification priority list; more processings than a screenful as
    one row per förvaltningsobjekt (:func:`summarized`). ``terminal``: as in
    :func:`render_status`."""
    terminal = terminal or terminal_of(out)
    console = console_for(out, terminal)
    _heading(console, "Prioriteringslista för informationsklassning", status)
    note = priority_note(status)
    if not items:
        console.print(
            "Ingen behandling har en saknad eller förfallen KLASSA."
            if note
            else "Alla behandlingar har en aktuell KLASSA."
        )
        if note:
            console.print(note)
        return
    if summarized(len(items), terminal, alla=alla):
        console.print(PRIORITY_SUMMARY_NOTE)
        console.print(
            _priority_summary(status, items, width=terminal.width), soft_wrap=True, end=""
        )
        console.print(Text(PRIORITY_LEGEND, style="dim"))
    else:
        console.print(_priority_table(status, items, width=terminal.width))
        console.print(Text(PRIORITY_ORDER, style="dim"))
    if note:
        console.print(note)


PRIORITY_LEGEND = (
    "Att klassa = behandlingar vars KLASSA saknas eller är förfallen; "
    "Unik, Gemensam, Övrig = deras kategori."
)


def _priority_summary(
    status: Status, items: tuple[BehandlingStatus, ...], *, width: int, paint: Paint = _plain
) -> str:
    """One row per förvaltningsobjekt of the priority list: how many, and of which kind."""
    kinds = list(KATEGORI_KORT)
    members: dict[str, list[int]] = {}
    for s in items:
        row = members.setdefault(s.behandling.forvaltningsobjekt, [0] * (3 + len(kinds)))
        row[0] += 1
        row[1 if s.kontrollpunkter.datum("klassa").datum is None else 2] += 1
        row[3 + kinds.index(s.behandling.kategori)] += 1
    rows = [(o, members[o.id]) for o in status.objekt.values() if o.id in members]
    headers = ["Att klassa", "Saknas", "Förfallen", *(KATEGORI_KORT[k].capitalize() for k in kinds)]
    bad = ["", "red", "yellow", *([""] * len(kinds))]
    return _count_grid(rows, headers, bad, width=width, paint=paint)


def _priority_table(status: Status, items: tuple[BehandlingStatus, ...], *, width: int) -> Table:
    """The priority list, a row per processing."""
    wide = width >= WIDE
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("Nr", justify="right", width=3)
    if wide:  # as in status: the id whole, then the name and the förvaltningsobjekt
        longest = max(len(s.behandling.id) for s in items)
        table.add_column("Behandling", width=max(longest, len("Behandling")), no_wrap=True)
        table.add_column("Namn", ratio=3)
        table.add_column("Objekt", ratio=2)
    else:
        table.add_column("Behandling", ratio=1, overflow="fold")
    table.add_column("Kategori", width=8)
    table.add_column("KLASSA", width=22)
    table.add_column("K", justify="center", width=1)
    for i, s in enumerate(items, 1):
        klassa = s.kontrollpunkter.datum("klassa")
        when = (
            Text(f"! förfallen {klassa.datum.isoformat()}", style="yellow")
            if klassa.datum
            else Text("✗ saknas", style="red")
        )
        level = s.behandling.klassning.konfidentialitet if s.behandling.klassning else None
        objekt = status.objekt.get(s.behandling.forvaltningsobjekt)
        names = [label(s), objekt.namn if objekt else s.behandling.forvaltningsobjekt]
        table.add_row(
            str(i),
            s.behandling.id,
            *(names if wide else []),
            KATEGORI_KORT[s.behandling.kategori],
            when,
            "–" if level is None else str(level),
        )
    return table


def render_objectives(
    results: Sequence[MalUtfall], per: date, out: TextIO, *, terminal: Terminal | None = None
) -> None:
    """The year's objectives at ``per``, one line each; nothing when there are none.

    ``terminal``: as in :func:`render_status`."""
    if not results:
        return
    from lgtool.render.objectives import rows

    console = console_for(out, terminal)
    console.print()
    console.print(Text(f"Mål {per.year}", style="bold"))
    marks = {True: ("✓", "green"), False: ("✗", "red"), None: ("–", "dim")}
    for r in rows(results):
        mark, style = marks[r["kod"]]
        console.print(
            Text.assemble(
                (f"{mark} ", style),
                f"{r['id']}: {r['nyckeltal']}, {r['malvarde']}; utfall {r['utfall']} – ",
                (r["bedomning"], style),
            )
        )
