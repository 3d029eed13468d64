"""``lgtool atgarder``: the action items as a table, JSON, CSV and Markdown.

The JSON shape is documented in docs/json.md and pinned by tests: other tools read it.
Accepted risks are listed apart from the items that are still to be done, so that
they are never taken for handled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lgtool.atgarder import Atgard
from lgtool.render.data import to_csv
from lgtool.render.markdown import escape, table
from lgtool.wording import antal

FARG_ORD = {"gul": "gul", "rod": "röd"}
STATUS_ORD = {
    "oppen": "öppen",
    "pagaende": "pågående",
    "klar": "klar",
    "accepterad_risk": "accepterad risk",
}
KALLA_ORD = {
    "klassa": "KLASSA",
    "rsa": "RSA",
    "granskning": "granskning",
    "incident": "incident",
    "lg": "ledningens genomgång",
}


def item_dict(a: Atgard) -> dict[str, Any]:
    """One item in the documented JSON shape (docs/json.md)."""
    p = a.punkt
    return {
        "behandling": a.behandling.id,
        "id": p.id,
        "farg": p.farg,
        "kalla": p.kalla,
        "status": p.status,
        "senast": p.senast.isoformat() if p.senast else None,
        "forsenad": a.forsenad,
        "ansvarig": a.ansvarig,
    }


def atgarder_dict(items: Sequence[Atgard]) -> dict[str, Any]:
    """``lgtool atgarder --format json``: ``{"atgarder": [...]}``."""
    return {"atgarder": [item_dict(a) for a in items]}


def atgarder_csv(items: Sequence[Atgard]) -> str:
    """One row per item: the JSON fields, then the heading (rubrik)."""
    return to_csv([{**item_dict(a), "rubrik": a.punkt.rubrik} for a in items])


def _split(items: Sequence[Atgard]) -> tuple[list[Atgard], list[Atgard]]:
    risks = [a for a in items if a.punkt.status == "accepterad_risk"]
    return [a for a in items if a.punkt.status != "accepterad_risk"], risks


def summary(items: Sequence[Atgard]) -> str:
    """'5 punkter: 3 öppna (1 gul, 2 röda), 1 försenad, 1 klar, 1 accepterad risk'."""
    open_items = [a for a in items if a.punkt.oppen]
    gula = sum(1 for a in open_items if a.punkt.farg == "gul")
    roda = len(open_items) - gula
    klara = sum(1 for a in items if a.punkt.status == "klar")
    risker = sum(1 for a in items if a.punkt.status == "accepterad_risk")
    forsenade = sum(1 for a in items if a.forsenad)
    return (
        f"{antal(len(items), 'punkt', 'punkter')}: "
        f"{antal(len(open_items), 'öppen', 'öppna')} ({gula} gula, {roda} röda), "
        f"{antal(forsenade, 'försenad', 'försenade')}, {antal(klara, 'klar', 'klara')}, "
        f"{antal(risker, 'accepterad risk', 'accepterade risker')}"
    )


def _due(a: Atgard) -> str:
    if a.punkt.senast is None:
        return "–"
    return a.punkt.senast.isoformat() + (" försenad" if a.forsenad else "")


def atgarder_markdown(items: Sequence[Atgard], organisation: str, per: date) -> str:
    """The items as a Markdown document: those to do, then the accepted risks."""
    todo, risks = _split(items)
    parts = [f"## Åtgärder – {escape(organisation)}\n\nPer {per.isoformat()}.\n"]
    if not items:
        parts.append("Inga punkter matchar urvalet.\n")
        return "\n".join(parts)
    if todo:
        parts.append(
            table(
                ["Behandling", "Punkt", "Färg", "Källa", "Status", "Senast", "Ansvarig", "Rubrik"],
                [
                    [
                        escape(a.behandling.id),
                        escape(a.punkt.id),
                        FARG_ORD[a.punkt.farg],
                        KALLA_ORD[a.punkt.kalla],
                        STATUS_ORD[a.punkt.status],
                        f"**{_due(a)}**" if a.forsenad else _due(a),
                        escape(a.ansvarig or "–"),
                        escape(a.punkt.rubrik),
                    ]
                    for a in todo
                ],
            )
        )
    if risks:
        parts.append("### Accepterade risker\n")
        parts.append(
            table(
                ["Behandling", "Punkt", "Färg", "Beslutad av", "Rubrik"],
                [
                    [
                        escape(a.behandling.id),
                        escape(a.punkt.id),
                        FARG_ORD[a.punkt.farg],
                        escape(a.punkt.beslutad_av or "–"),
                        escape(a.punkt.rubrik),
                    ]
                    for a in risks
                ],
            )
        )
    parts.append(summary(items) + ".\n")
    return "\n".join(parts)


def render_table(items: Sequence[Atgard], organisation: str, per: date, out: TextIO) -> None:
    """The items in the terminal: those to do, then the accepted risks, then the counts."""
    console = Console(file=out, highlight=False)
    console.print(Text.assemble(("Åtgärder", "bold"), f" – {organisation}, per {per.isoformat()}"))
    if not items:
        console.print("Inga punkter matchar urvalet.")
        return
    todo, risks = _split(items)
    if todo:
        grid = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
        grid.add_column("Behandling", no_wrap=True)
        grid.add_column("Punkt", no_wrap=True)
        grid.add_column("Färg", no_wrap=True)
        grid.add_column("Status", no_wrap=True)
        grid.add_column("Senast", no_wrap=True)
        grid.add_column("Ansvarig", ratio=1, overflow="fold")
        for a in todo:
            colour = "red" if a.punkt.farg == "rod" else "yellow"
            grid.add_row(
                a.behandling.id,
                a.punkt.id,
                Text(FARG_ORD[a.punkt.farg], style=colour),
                STATUS_ORD[a.punkt.status],
                Text(_due(a), style="bold red" if a.forsenad else ""),
                a.ansvarig or "–",
            )
        console.print(grid)
    if risks:
        console.print(Text("Accepterade risker", style="bold"))
        for a in risks:
            console.print(
                f"  {a.behandling.id} {a.punkt.id} ({FARG_ORD[a.punkt.farg]}): "
                f"{a.punkt.rubrik} – beslutad av {a.punkt.beslutad_av}"
            )
    console.print(summary(items))
