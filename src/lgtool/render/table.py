"""The terminal table of ``lgtool status`` (rich): symbols and colour, readable at 80 columns."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lgtool.checkpoints import BehandlingStatus, Status, Summering, summarize
from lgtool.render.cells import (
    KATEGORI_KORT,
    LEGEND_SYMBOLS,
    checkpoint_cell,
    columns,
    label,
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
    for name, short, _ in columns(status.zonkontroll):
        table.add_column(
            short, justify="right" if name in ("gula", "roda") else "center", width=3, no_wrap=True
        )
    for s in items:
        cells = [checkpoint_cell(s.kontrollpunkter, n) for n, _, _ in columns(status.zonkontroll)]
        names = [Text(s.behandling.id)] + ([Text(label(s))] if wide else [])
        table.add_row(*names, *(Text(c.symbol, style=c.style) for c in cells))
    return table


WIDE = 120
"""From this terminal width on, the table also shows each processing's name and system."""


def summary_text(s: Summering) -> str:
    """The compact counts under each group and for the total."""
    return (
        f"Aktuella: KL {s.klassa['aktuell']}/{s.antal}, "
        f"RSA {s.rsa['aktuell']}/{s.antal}, "
        f"BK {s.behorighetskontroll['aktuell']}/{s.antal} · "
        f"utan avvikelse {s.antal - s.avvikelser}/{s.antal} · "
        f"gula {s.gula}, röda {s.roda}"
    )


def render_status(status: Status, out: TextIO, *, color: bool | None = None) -> None:
    """Print the status grouped per förvaltningsobjekt, with totals and a legend."""
    console = Console(file=out, highlight=False, no_color=color is False or None)
    if color is False:
        console.no_color = True
    console.print(
        Text.assemble(
            ("Informationssäkerhetsläget", "bold"),
            f" – {status.organisation}, per {status.per.isoformat()}",
        )
    )
    if not status.behandlingar:
        console.print("Inga behandlingar matchar urvalet.")
        return
    for objekt, items in status.per_objekt():
        s = summarize(items, zonkontroll=status.zonkontroll)
        console.print()
        title = f"{objekt.namn} ({objekt.id})"
        console.print(
            _objekt_table(title, items, status, summary_text(s), wide=console.width >= WIDE)
        )
    total = status.summering
    console.print()
    console.print(
        Text.assemble(("Totalt", "bold"), f" {antal(total.antal, 'behandling', 'behandlingar')}:")
    )
    console.print(summary_text(total) + f" · utan handlingsplan {total.utan_handlingsplan}")
    console.print()
    console.print(Text(LEGEND_SYMBOLS, style="dim"))
    console.print(
        Text(
            "; ".join(f"{short} = {meaning}" for _, short, meaning in columns(status.zonkontroll)),
            style="dim",
        )
    )


def render_priority(status: Status, items: tuple[BehandlingStatus, ...], out: TextIO) -> None:
    """Print the classification priority list."""
    console = Console(file=out, highlight=False)
    console.print(
        Text.assemble(
            ("Prioriteringslista för informationsklassning", "bold"),
            f" – {status.organisation}, per {status.per.isoformat()}",
        )
    )
    if not items:
        console.print("Alla behandlingar har en aktuell KLASSA.")
        return
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("Nr", justify="right", width=3)
    table.add_column("Behandling", ratio=1, overflow="fold")
    table.add_column("Kategori", width=8)
    table.add_column("KLASSA", width=22)
    table.add_column("K", justify="center", width=1)
    for i, s in enumerate(items, 1):
        klassa = s.kontrollpunkter.klassa
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
