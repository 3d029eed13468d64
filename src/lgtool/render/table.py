"""The terminal table of ``lgtool status`` (rich): symbols and colour, readable at 80 columns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from lgtool.checkpoints import BehandlingStatus, Checkpoint, Status, Summering
from lgtool.objectives import MalUtfall
from lgtool.render.basis import basis_sentence, priority_note, shows_basis
from lgtool.render.cells import (
    KATEGORI_KORT,
    checkpoint_cell,
    label,
    legend_columns,
    legend_symbols,
)
from lgtool.render.console import Console
from lgtool.wording import antal


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
        shown = s.behandling.id if wide else _break_at_hyphen(s.behandling.id, id_width)
        names = [Text(shown)] + ([Text(label(s))] if wide else [])
        table.add_row(*names, *(Text(c.symbol, style=c.style) for c in cells))
    return table


def _break_at_hyphen(text: str, width: int) -> str:
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
        f"{c.short} {a.antal}/{a.av}"
        for c in checkpoints
        if c.kind == "datum" and (a := s.share(c.key))
    )
    deviations = (
        f"utan avvikelse {s.antal - s.avvikelser}/{s.antal}"
        if av is None
        else f"{s.avvikelser} av {av} har avvikelse"
    )
    return f"Aktuella: {dated} · {deviations} · gula {s.gula}, röda {s.roda}"


def _heading(console: Console, title: str, status: Status) -> None:
    """The title with the organisation and date, and where the figures come from."""
    console.print(
        Text.assemble((title, "bold"), f" – {status.organisation}, per {status.per.isoformat()}")
    )
    if shows_basis(status):
        console.print(Text(basis_sentence(status), style="dim"))


def render_status(
    status: Status, out: TextIO, *, color: bool | None = None, whole: Status | None = None
) -> None:
    """Print the status grouped per förvaltningsobjekt, with totals and a legend.

    ``whole``: the status before ``--avvikelser`` (``status`` holds the deviating
    processings of it); the filter is named, and the counts say how many of all.
    """
    console = Console(file=out, highlight=False, no_color=color is False or None)
    if color is False:
        console.no_color = True
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
    console.print(Text(legend_symbols(total), style="dim"))
    console.print(
        Text(
            legend_columns(status.checkpoints),
            style="dim",
        )
    )


def render_priority(status: Status, items: tuple[BehandlingStatus, ...], out: TextIO) -> None:
    """Print the classification priority list."""
    console = Console(file=out, highlight=False)
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
    wide = console.width >= WIDE
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
    console.print(table)
    console.print(
        Text(
            "Ordning: unik, gemensam, övrig; saknas före förfallen; högre konfidentialitet (K) "
            "först; äldst först.",
            style="dim",
        )
    )
    if note:
        console.print(note)


def render_objectives(results: Sequence[MalUtfall], per: date, out: TextIO) -> None:
    """The year's objectives at ``per``, one line each; nothing when there are none."""
    if not results:
        return
    from lgtool.render.objectives import rows

    console = Console(file=out, highlight=False)
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
