"""The terminal table of ``lgtool status`` (rich): symbols and colour, readable at 80 columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lgtool.checkpoints import BehandlingStatus, Checkpoint, Status, Summering
from lgtool.render.basis import basis_sentence, priority_note, shows_basis
from lgtool.render.cells import (
    KATEGORI_KORT,
    checkpoint_cell,
    label,
    legend_columns,
    legend_symbols,
)
from lgtool.wording import antal


def _objekt_table(
    title: str,
    items: tuple[BehandlingStatus, ...],
    status: Status,
    caption: str,
    *,
    wide: bool,
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
    for s in items:
        cells = [checkpoint_cell(s.kontrollpunkter, c.key) for c in status.checkpoints]
        names = [Text(s.behandling.id)] + ([Text(label(s))] if wide else [])
        table.add_row(*names, *(Text(c.symbol, style=c.style) for c in cells))
    return table


WIDE = 120
"""From this terminal width on, the table also shows each processing's name and system."""


def summary_text(s: Summering, checkpoints: Sequence[Checkpoint]) -> str:
    """The compact counts under each group and for the total."""
    dated = ", ".join(
        f"{c.short} {a.antal}/{a.av}"
        for c in checkpoints
        if c.kind == "datum" and (a := s.share(c.key))
    )
    return (
        f"Aktuella: {dated} · "
        f"utan avvikelse {s.antal - s.avvikelser}/{s.antal} · "
        f"gula {s.gula}, röda {s.roda}"
    )


def _heading(console: Console, title: str, status: Status) -> None:
    """The title with the organisation and date, and where the figures come from."""
    console.print(
        Text.assemble((title, "bold"), f" – {status.organisation}, per {status.per.isoformat()}")
    )
    if shows_basis(status):
        console.print(Text(basis_sentence(status), style="dim"))


def render_status(status: Status, out: TextIO, *, color: bool | None = None) -> None:
    """Print the status grouped per förvaltningsobjekt, with totals and a legend."""
    console = Console(file=out, highlight=False, no_color=color is False or None)
    if color is False:
        console.no_color = True
    _heading(console, "Informationssäkerhetsläget", status)
    if not status.behandlingar:
        console.print("Inga behandlingar matchar urvalet.")
        return
    for objekt, items in status.per_objekt():
        s = status.summarize(items)
        console.print()
        title = f"{objekt.namn} ({objekt.id})"
        caption = summary_text(s, status.checkpoints)
        console.print(_objekt_table(title, items, status, caption, wide=console.width >= WIDE))
    total = status.summering
    console.print()
    console.print(
        Text.assemble(("Totalt", "bold"), f" {antal(total.antal, 'behandling', 'behandlingar')}:")
    )
    console.print(
        summary_text(total, status.checkpoints)
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
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("Nr", justify="right", width=3)
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
        table.add_row(
            str(i),
            s.behandling.id,
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
