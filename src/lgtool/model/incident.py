"""The schema of incidenter/<ÅÅÅÅ>/<id>.yaml: one incident and what was reported when.

Moments are kept as the text the coordinator wrote (the JSON output shows them
"as written"); the validators only check that the text is a possible moment.
:func:`moment` and :func:`report_day` read them, in :mod:`lgtool.incidents`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from lgtool.model.common import Schema, Slug, Text

STOCKHOLM = ZoneInfo("Europe/Stockholm")
"""A moment written without an offset is Swedish local time (from the tz database)."""

_MOMENT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?"
    r"(Z|([+-])(\d{2}):(\d{2}))?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT_PATTERN = _MOMENT.pattern
DATE_OR_MOMENT_PATTERN = rf"^\d{{4}}-\d{{2}}-\d{{2}}$|{MOMENT_PATTERN}"

_HINT = "skriv t.ex. 2026-03-29T10:00:00+01:00 (utan tidszon: svensk tid)"


def _offset(match: re.Match[str]) -> timezone | None:
    if match.group(7) is None:
        return None
    if match.group(7) == "Z":
        return UTC
    hours, minutes = int(match.group(9)), int(match.group(10))
    if hours > 14 or minutes > 59 or (hours == 14 and minutes):
        raise PydanticCustomError(
            "ogiltig_tidszon",
            "'{varde}' har tidszonen {zon}, som inte finns; tidszoner går från -14:00 till "
            "+14:00 (i Sverige +01:00 på vintern, +02:00 på sommaren)",
            {"varde": match.group(0), "zon": match.group(7)},
        )
    sign = -1 if match.group(8) == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_moment(text: str) -> datetime:
    """The moment ``text`` names, with its time zone (Europe/Stockholm when none is written).

    Raises PydanticCustomError with a Swedish message when it names none.
    """
    match = _MOMENT.match(text.strip())
    if not match:
        raise PydanticCustomError(
            "ogiltig_tidpunkt",
            "'{varde}' är ingen tidpunkt; {hint}",
            {"varde": text, "hint": _HINT},
        )
    zone = _offset(match)
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    try:
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise PydanticCustomError(
            "ogiltig_tidpunkt", "'{varde}' är ingen möjlig tidpunkt", {"varde": text}
        ) from None
    return naive.replace(tzinfo=zone if zone is not None else STOCKHOLM)


def _check_moment(value: str) -> str:
    parse_moment(value)
    return value


def _check_date_or_moment(value: str) -> str:
    if _DATE.match(value.strip()):
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "ogiltigt_datum", "'{varde}' är inget möjligt datum", {"varde": value}
            ) from None
        return value
    if not _MOMENT.match(value.strip()):
        raise PydanticCustomError(
            "ogiltig_tidpunkt",
            "'{varde}' är varken ett datum (ÅÅÅÅ-MM-DD) eller en tidpunkt; {hint}",
            {"varde": value, "hint": _HINT},
        )
    parse_moment(value)
    return value


Tidpunkt = Annotated[
    str, Field(json_schema_extra={"pattern": MOMENT_PATTERN}), AfterValidator(_check_moment)
]
"""A date-time, with an offset or in Swedish local time; kept as written."""

DatumEllerTidpunkt = Annotated[
    str,
    Field(json_schema_extra={"pattern": DATE_OR_MOMENT_PATTERN}),
    AfterValidator(_check_date_or_moment),
]
"""A date (ÅÅÅÅ-MM-DD) or a date-time; kept as written."""


def moment(text: str) -> datetime:
    """A validated :data:`Tidpunkt` as an aware datetime."""
    return parse_moment(text)


def report_day(text: str) -> date:
    """The Swedish calendar day of a validated :data:`DatumEllerTidpunkt`."""
    if _DATE.match(text.strip()):
        return date.fromisoformat(text.strip())
    return parse_moment(text).astimezone(STOCKHOLM).date()


IncidentStatus = Literal["oppen", "stangd"]


class Incident(Schema):
    """incidenter/<ÅÅÅÅ>/<id>.yaml: one incident (cybersäkerhetslagen 2025:1506, GDPR art. 33)."""

    id: Slug = Field(description="Incidentens id, t.ex. 2026-007; samma som filnamnet.")
    rubrik: Text = Field(description="Kort beskrivning (visas aldrig i den publika rapporten).")
    upptackt: Tidpunkt = Field(
        description="När organisationen fick kännedom om incidenten (tidpunkt med tidszon; "
        "utan tidszon: svensk tid). Fristerna räknas härifrån."
    )
    kategori: Slug = Field(description="Kategori, samma id som i årsfilens per_kategori.")
    betydande: bool = Field(
        description="Betydande incident enligt cybersäkerhetslagen (rapporteras till CSIRT)."
    )
    personuppgiftsincident: bool = Field(
        description="Personuppgiftsincident enligt GDPR art. 33 (anmäls till IMY)."
    )
    tidig_varning: Tidpunkt | None = Field(
        None, description="När den tidiga varningen skickades till CSIRT; null = inte skickad."
    )
    incidentanmalan: Tidpunkt | None = Field(
        None, description="När incidentanmälan skickades till CSIRT; null = inte skickad."
    )
    slutrapport: DatumEllerTidpunkt | None = Field(
        None, description="När slutrapporten skickades (datum eller tidpunkt); null = inte skickad."
    )
    imy_anmalan: Tidpunkt | None = Field(
        None, description="När anmälan till IMY skickades; null = inte skickad."
    )
    behandlingar: list[Slug] = Field(
        default_factory=list, description="Berörda behandlingar (id i behandlingar/)."
    )
    atgarder: list[Slug] = Field(default_factory=list, description="Id för åtgärdspunkter.")
    status: IncidentStatus = Field("oppen", description="oppen eller stangd.")
    lardomar: str | None = Field(None, description="Lärdomar.")
