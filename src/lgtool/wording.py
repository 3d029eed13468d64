"""Small pieces of Swedish wording shared by messages and rendered output."""

from __future__ import annotations

from typing import Any


def antal(n: int, singular: str, plural: str) -> str:
    """'1 behandling', '2 behandlingar', '0 behandlingar'."""
    return f"{n} {singular if n == 1 else plural}"


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
