"""Swedish wording and number formatting shared by messages and every rendered output.

One place decides how a number, a share and a count with its noun are written, so
that the report, ``diff``, ``trend`` and the terminal never disagree: shares are
rounded half up (1 of 8 is 13 %, everywhere), and Swedish typography puts a
non-breaking space (U+00A0) before ``%`` and between groups of thousands.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NBSP = "\u00a0"
"""The non-breaking space of Swedish number typography ('1 234', '13 %')."""

NONE = "–"
"""How a figure that cannot be computed is shown (a share of nothing)."""


def antal(n: int, singular: str, plural: str) -> str:
    """'1 behandling', '2 behandlingar', '0 behandlingar', '1 234 behandlingar'."""
    return f"{number(n)} {singular if n == 1 else plural}"


def number(value: int | None) -> str:
    """1234 → '1 234' (non-breaking space between thousands); None → '–'."""
    if value is None:
        return NONE
    return f"{value:,}".replace(",", NBSP)


def rounded_percent(value: float) -> int:
    """A share 0–1 as a whole percentage, rounded half up (0.125 → 13)."""
    return int(Decimal(repr(value * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(value: float | None) -> str:
    """A share 0–1 as '13 %' (rounded half up, non-breaking space); None → '–'."""
    if value is None:
        return NONE
    return f"{number(rounded_percent(value))}{NBSP}%"


def share(part: int, whole: int) -> str:
    """'13 %' for 1 of 8; '–' when ``whole`` is 0."""
    return percent(part / whole if whole else None)


def shown(value: Any) -> str:
    """A value from a register file as a message shows it: as YAML would write it.

    Numbers, booleans and null appear bare (``1``, ``true``, ``null``), text in
    quotes (``'ja'``), so that a message never makes a number look like text or
    the other way round.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list | tuple):
        return "en lista"
    return f"'{value}'"
