"""``lgtool incidenter``: the incidents and the state of each reporting deadline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from lgtool.incidents import (
    REGLER,
    STATUS_TEXT,
    STEG,
    Frist,
    FristStatus,
    IncidentFrister,
    detected,
)
from lgtool.model.incident import STOCKHOLM
from lgtool.render.console import Console
from lgtool.render.data import to_csv, to_json
from lgtool.render.markdown import escape, table

_STYLE: dict[FristStatus, str] = {
    "i_tid": "green",
    "sen": "yellow",
    "saknas": "bold red",
    "ej_passerad": "",
    "ej_tillampligt": "dim",
}
_HEADINGS = {
    "tidig_varning": "Tidig varning",
    "incidentanmalan": "Incidentanmälan",
    "slutrapport": "Slutrapport",
    "imy": "IMY",
}


def frist_dict(f: Frist) -> dict[str, Any]:
    """``{"frist", "inskickad", "status"}`` of one step."""
    return {"frist": f.frist_text(), "inskickad": f.inskickad, "status": f.status}


def incident_dict(item: IncidentFrister) -> dict[str, Any]:
    """One incident as in ``--format json``."""
    i = item.incident
    return {
        "id": i.id,
        "upptackt": i.upptackt,
        "betydande": i.betydande,
        "personuppgiftsincident": i.personuppgiftsincident,
        "frister": {steg: frist_dict(item.frister[steg]) for steg in STEG},
    }


def render_json(items: Sequence[IncidentFrister]) -> str:
    """``{"incidenter": [...]}``."""
    return to_json({"incidenter": [incident_dict(i) for i in items]})


def render_csv(items: Sequence[IncidentFrister]) -> str:
    """One row per incident, the JSON flattened (frister.tidig_varning.status ...)."""
    return to_csv([incident_dict(i) for i in items])


_TABLE_HEADINGS = {
    "tidig_varning": "Tidig\nvarning",
    "incidentanmalan": "Incident-\nanmälan",
    "slutrapport": "Slut-\nrapport",
    "imy": "IMY",
}


def _two_lines(f: Frist) -> str:
    """A terminal cell: the state, and under it the deadline (MM-DD tt:mm or the day)."""
    if f.status == "ej_tillampligt" or f.frist is None:
        return STATUS_TEXT[f.status]
    text = _short(f.frist_text())
    return f"{STATUS_TEXT[f.status]}\n{text[5:] if len(text) > len('ÅÅÅÅ-MM-DD') else text}"


def _cell(f: Frist) -> str:
    if f.status == "ej_tillampligt":
        return STATUS_TEXT[f.status]
    return f"{STATUS_TEXT[f.status]} ({_short(f.frist_text())})"


def _short(text: str | None) -> str:
    """A deadline for a table: 2026-03-30 11:00 (Swedish time), or the day."""
    if text is None:
        return ""
    return text[:16].replace("T", " ")


def _detected(item: IncidentFrister) -> str:
    """When the incident was detected, in Swedish time as the deadlines are."""
    return _short(detected(item.incident).astimezone(STOCKHOLM).isoformat())


def render_markdown(items: Sequence[IncidentFrister], per: str) -> str:
    """A Markdown table: one row per incident, one column per step."""
    lines = [f"# Incidenter och rapporteringsfrister per {per}", ""]
    if not items:
        return "\n".join([*lines, "Inga incidenter.", ""])
    header = ["Incident", "Upptäckt", *(_HEADINGS[s] for s in STEG)]
    rows = [
        [
            escape(i.incident.id),
            escape(_detected(i)),
            *(escape(_cell(i.frister[s])) for s in STEG),
        ]
        for i in items
    ]
    lines.append(table(header, rows).rstrip("\n"))
    lines.extend(["", _legend(), ""])
    return "\n".join(lines)


def _legend(where: str = "Frist inom parentes (svensk tid)") -> str:
    steps: dict[str, list[str]] = {}
    for r in REGLER:
        steps.setdefault(r.kalla, []).append(r.namn)
    sources = "; ".join(f"{', '.join(names)}: {kalla}" for kalla, names in steps.items())
    return (
        f"{where}. i tid, sen (skickad efter fristen), saknas (fristen "
        f"har passerat utan att något skickats), ej passerad, – (gäller inte). Källor: {sources}."
    )


def render_table(items: Sequence[IncidentFrister], per: str, out: TextIO) -> None:
    """The terminal table (rich)."""
    console = Console(file=out, width=120 if out.isatty() else 100, highlight=False)
    if not items:
        console.print(f"Inga incidenter (per {per}).")
        return
    grid = Table(
        title=Text(f"Incidenter och rapporteringsfrister per {per}", style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption=_legend("Fristen (svensk tid) står under statusen"),
        caption_justify="left",
    )
    grid.add_column("Incident", no_wrap=True)
    grid.add_column("Upptäckt", no_wrap=True)
    for steg in STEG:
        grid.add_column(_TABLE_HEADINGS[steg], no_wrap=True)
    for item in items:
        grid.add_row(
            Text(item.incident.id),
            Text(_detected(item).replace(" ", "\n")),
            *(
                Text(_two_lines(item.frister[s]), style=_STYLE[item.frister[s].status])
                for s in STEG
            ),
        )
    console.print(grid)
