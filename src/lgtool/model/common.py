"""Types shared by the register's schemas: dates, ids, levels."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from lgtool.wording import shown

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _parse_datum(value: Any, info: ValidationInfo) -> Any:
    """Dates arrive as strings from the YAML layer; parse them strictly as YYYY-MM-DD."""
    parsed = _parse_any_datum(value)
    today = (info.context or {}).get("idag")
    if isinstance(today, date) and parsed > today:
        raise PydanticCustomError(
            "framtida_datum",
            "datumet {datum} ligger efter dagens datum ({idag})",
            {"datum": parsed.isoformat(), "idag": today.isoformat()},
        )
    return parsed


def _parse_any_datum(value: Any) -> date:
    """A date written YYYY-MM-DD, past or future."""
    if _plain_iso(value):  # the usual case, four times as fast: the same date
        try:
            return date.fromisoformat(value)
        except ValueError:  # not a real date: the message comes from the careful way
            pass
    return _parse_any_datum_carefully(value)


def _plain_iso(value: Any) -> bool:
    """Whether ``value`` is a str of exactly ten ASCII characters ``DDDD-DD-DD``."""
    return (
        type(value) is str
        and len(value) == 10
        and value.isascii()
        and value[4] == "-"
        and value[7] == "-"
        and value[:4].isdigit()
        and value[5:7].isdigit()
        and value[8:].isdigit()
    )


def _parse_any_datum_carefully(value: Any) -> date:
    """:func:`_parse_any_datum` for every value, with the message for each mistake."""
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str):
        match = _ISO_DATE.match(value.strip())
        if not match:
            raise PydanticCustomError(
                "ogiltigt_datum",
                "'{varde}' är inget datum; skriv datum som ÅÅÅÅ-MM-DD",
                {"varde": value},
            )
        year, month, day = (int(g) for g in match.groups())
        try:
            parsed = date(year, month, day)
        except ValueError:
            raise PydanticCustomError(
                "ogiltigt_datum", "'{varde}' är inget möjligt datum", {"varde": value}
            ) from None
        if len(match.group(2)) != 2 or len(match.group(3)) != 2:
            raise PydanticCustomError(
                "ogiltigt_datum",
                "skriv datumet med två siffror för månad och dag: {forslag}",
                {"forslag": parsed.isoformat()},
            )
    else:
        raise PydanticCustomError(
            "ogiltigt_datum",
            "ska vara ett datum (ÅÅÅÅ-MM-DD), inte {varde}",
            {"varde": shown(value)},
        )
    return parsed


Datum = Annotated[date, BeforeValidator(_parse_datum)]
"""A date written YYYY-MM-DD; a date after today (validation context ``idag``) is refused."""

Slutdatum = Annotated[date, BeforeValidator(_parse_any_datum)]
"""A date written YYYY-MM-DD that may lie in the future: a due date (``senast``)."""

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ROLL_PATTERN = r"^[a-z][a-z_]*$"
# Both patterns are matched by pydantic-core's regex engine and by editors (the JSON
# Schema, ECMAScript), where '$' is the end of the text. Python's re lets '$' match
# before a final line break ('tk-x\n'): Python code checks an id with slug_problem,
# which uses fullmatch, never with these patterns and re.match.
SLUG_MAX_LENGTH = 80
_SLUG_TEXT = re.compile(r"[a-z0-9][a-z0-9-]*")

WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(10)] + [f"lpt{n}" for n in range(10)]
)
"""Names Windows cannot give a file, whatever the extension (``con.yaml`` is the console)."""


def _not_reserved(value: str) -> str:
    if value in WINDOWS_RESERVED:
        raise PydanticCustomError(
            "reserverat_namn",
            "'{varde}' kan inte vara ett id: Windows kan inte spara en fil med det namnet; "
            "välj ett annat, t.ex. tk-{varde}",
            {"varde": value},
        )
    return value


def slug_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (the rule of ``lgtool validate``), or None when it can.

    An id names a file, so this is the check before any path is made from one.
    """
    if not _SLUG_TEXT.fullmatch(value) or len(value) > SLUG_MAX_LENGTH:
        return (
            "är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck (inga å, ä, "
            f"ö eller mellanslag, högst {SLUG_MAX_LENGTH} tecken), t.ex. tk-signalstyrning"
        )
    if value in WINDOWS_RESERVED:
        return (
            "kan inte vara ett id: Windows kan inte spara en fil med det namnet; välj ett "
            f"annat, t.ex. tk-{value}"
        )
    return None


Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, min_length=1, max_length=SLUG_MAX_LENGTH),
    AfterValidator(_not_reserved),
]
"""An id: lower-case a-z, digits and hyphens, and no name Windows reserves (con, nul …)."""

Niva = Annotated[int, Field(ge=0, le=4)]
"""A KLASSA consequence level 0-4 (labels differ between sources, so integers are stored)."""

Antal = Annotated[int, Field(ge=0)]
"""A count, zero or more."""

Text = Annotated[str, Field(min_length=1)]
"""Free text that must not be empty."""


class Schema(BaseModel):
    """Base of every register schema: unknown keys are errors, and types are strict.

    Strict types matter here: in YAML 1.2 ``ja``/``yes`` are strings, and a
    coordinator who writes ``registerford: ja`` must be told, not silently coerced.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


RollNyckel = Annotated[str, Field(pattern=ROLL_PATTERN)]
"""A pm3 role key, e.g. objektledare_it."""
