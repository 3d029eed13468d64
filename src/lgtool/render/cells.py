"""How a checkpoint value is shown: a symbol and a word, never colour alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from lgtool.checkpoints import (
    CHECKPOINTS,
    BehandlingStatus,
    Checkpoint,
    DatumKontroll,
    Kontrollpunkter,
    RollKontroll,
    Summering,
)


class Cell(NamedTuple):
    """A checkpoint value as shown: symbol, short word, and the style that colours it."""

    symbol: str
    word: str
    style: str


OK = "✓"
EXPIRED = "!"
BAD = "✗"
NONE = "–"
UNKNOWN = "?"

_CELLS = {
    "aktuell": Cell(OK, "aktuell", "green"),
    "ja": Cell(OK, "ja", "green"),
    "forfallen": Cell(EXPIRED, "förfallen", "yellow"),
    "saknas": Cell(BAD, "saknas", "red"),
    "nej": Cell(BAD, "nej", "red"),
    "ej_tillampligt": Cell(NONE, "ej tillämpligt", "dim"),
    "okand": Cell(UNKNOWN, "okänt", "magenta"),
}


def cell(value: str) -> Cell:
    """The cell for a checkpoint status value."""
    return _CELLS[value]


def count_cell(value: int | None, style_when_positive: str) -> Cell:
    """A red/yellow count: the number, or '–' when there is no handlingsplan."""
    if value is None:
        return Cell(NONE, "ingen handlingsplan", "dim")
    return Cell(str(value), str(value), style_when_positive if value > 0 else "green")


CHECKPOINT_NAMES = {c.key: c.name for c in CHECKPOINTS}
"""Each checkpoint's Swedish name in running text (diff lines, spreadsheet cells)."""

DEVIATION_WORDS = {
    **CHECKPOINT_NAMES,
    "handlingsplan": "handlingsplan saknas",
    "gula": "gula punkter",
    "roda": "röda punkter",
}
"""What each entry of ``BehandlingStatus.avvikelser`` means, in words."""


def checkpoint_cell(points: Kontrollpunkter, key: str) -> Cell:
    """The cell for checkpoint ``key`` of one processing."""
    value = points[key]
    if isinstance(value, DatumKontroll | RollKontroll):
        return cell(value.status)
    if key == "gula":
        return count_cell(points.gula, "yellow")
    if key == "roda":
        return count_cell(points.roda, "red")
    return cell(value if isinstance(value, str) else "saknas")


def legend_columns(checkpoints: Sequence[Checkpoint]) -> str:
    """'KL = KLASSA (informationsklassning); RSA = …' for the columns shown."""
    return "; ".join(f"{c.short} = {c.meaning}" for c in checkpoints)


def label(status: BehandlingStatus) -> str:
    """The processing as named in tables: its name, and its system when that differs."""
    b = status.behandling
    if b.system and b.system.casefold() != b.namn.casefold():
        return f"{b.namn} ({b.system})"
    return b.namn


KATEGORI_KORT = {"unik": "unik", "gemensam": "gemensam", "ovrig": "övrig"}
"""The kategori keys as Swedish words (the keys are ASCII)."""


LEGEND_SYMBOLS = (
    f"{OK} aktuell/ja   {EXPIRED} förfallen   {BAD} saknas/nej   "
    f"{NONE} ej tillämpligt/ingen handlingsplan"
)
LEGEND_UNKNOWN = f"   {UNKNOWN} okänt per referensdatumet (registrerat senare)"
"""Added to the legend when some date is unknown at the reference date."""


def legend_symbols(summering: Summering) -> str:
    """The symbols' legend; it explains '?' only where the table shows one."""
    return LEGEND_SYMBOLS + (LEGEND_UNKNOWN if summering.okanda() else "")
