"""How a checkpoint value is shown: a symbol and a word, never colour alone."""

from __future__ import annotations

from typing import NamedTuple

from lgtool.checkpoints import BehandlingStatus, Kontrollpunkter


class Cell(NamedTuple):
    """A checkpoint value as shown: symbol, short word, and the style that colours it."""

    symbol: str
    word: str
    style: str


OK = "✓"
EXPIRED = "!"
BAD = "✗"
NONE = "–"

_CELLS = {
    "aktuell": Cell(OK, "aktuell", "green"),
    "ja": Cell(OK, "ja", "green"),
    "forfallen": Cell(EXPIRED, "förfallen", "yellow"),
    "saknas": Cell(BAD, "saknas", "red"),
    "nej": Cell(BAD, "nej", "red"),
    "ej_tillampligt": Cell(NONE, "ej tillämpligt", "dim"),
}


def cell(value: str) -> Cell:
    """The cell for a checkpoint status value."""
    return _CELLS[value]


def count_cell(value: int | None, style_when_positive: str) -> Cell:
    """A red/yellow count: the number, or '–' when there is no handlingsplan."""
    if value is None:
        return Cell(NONE, "ingen handlingsplan", "dim")
    return Cell(str(value), str(value), style_when_positive if value > 0 else "green")


COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("klassa", "KL", "KLASSA (informationsklassning)"),
    ("rsa", "RSA", "risk- och sårbarhetsanalys"),
    ("behorighetskontroll", "BK", "behörighetskontroll"),
    ("registerford", "Reg", "registerförd enligt GDPR"),
    ("konsekvensbedomning", "KB", "konsekvensbedömning (GDPR)"),
    ("klassningsprotokoll", "Pro", "informationsklassningsprotokoll finns"),
    ("systembeskrivning", "Bes", "systemskiss/beskrivning finns"),
    ("roller", "Rol", "ansvarsroller namnsatta enligt pm3"),
    ("natverkszon", "Zon", "nätverkssäkerhetszon enligt klassningen"),
    ("gula", "Gul", "ohanterade gula punkter (uppfyller delvis)"),
    ("roda", "Röd", "ohanterade röda punkter (uppfyller inte alls)"),
)
"""(checkpoint, short header, meaning) in the order of the source document."""


CHECKPOINT_NAMES = {
    "klassa": "KLASSA",
    "rsa": "RSA",
    "behorighetskontroll": "behörighetskontroll",
    "registerford": "registerförd",
    "konsekvensbedomning": "konsekvensbedömning",
    "klassningsprotokoll": "klassningsprotokoll",
    "systembeskrivning": "systembeskrivning",
    "roller": "ansvarsroller",
    "natverkszon": "nätverkszon",
    "gula": "gula",
    "roda": "röda",
}
"""Each checkpoint's Swedish name in running text (diff lines, spreadsheet cells)."""

DEVIATION_WORDS = {
    **CHECKPOINT_NAMES,
    "handlingsplan": "handlingsplan saknas",
    "gula": "gula punkter",
    "roda": "röda punkter",
}
"""What each entry of ``BehandlingStatus.avvikelser`` means, in words."""


def columns(zonkontroll: bool) -> tuple[tuple[str, str, str], ...]:
    """The columns to show: the zone column only when the policy has a zone map."""
    return tuple(c for c in COLUMNS if zonkontroll or c[0] != "natverkszon")


def checkpoint_cell(points: Kontrollpunkter, name: str) -> Cell:
    """The cell for checkpoint ``name`` of one processing."""
    if name in ("klassa", "rsa", "behorighetskontroll"):
        return cell(points.datum(name).status)
    if name == "roller":
        return cell(points.roller.status)
    if name == "gula":
        return count_cell(points.gula, "yellow")
    if name == "roda":
        return count_cell(points.roda, "red")
    value = getattr(points, name)
    return cell(value if value is not None else "saknas")


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
