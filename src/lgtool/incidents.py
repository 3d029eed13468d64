"""The legal deadlines of an incident, and their state on a reference day.

The rules live in one table, :data:`REGLER`, so that a change in the regulation
(another length, another CSIRT authority, a new step) is a change here only:

- cybersäkerhetslagen (2025:1506) with förordning (2025:1507), from 2026-01-15, for
  a significant incident: an early warning within 24 hours of becoming aware of
  it, an incident notification within 72 hours, and a final report no later than
  one month after the notification;
- GDPR art. 33, for a personal-data breach: a notification to IMY within 72 hours.

All lengths are elapsed time: moments are compared in UTC, so a deadline across
the change to summer or winter time is still 24 real hours. A month-long
deadline is the notification's Swedish calendar day plus one calendar month,
clamped to the month's last day (:func:`lgtool.checkpoints.add_months`), and runs
to the end of that day, Swedish time.

The state on a reference day is the state at the end of that day (Swedish time):
a deadline that falls during the day has passed by then, and a report sent
after the day does not count as sent yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from lgtool.checkpoints import add_months
from lgtool.model.incident import STOCKHOLM, Incident, moment, report_day

Steg = Literal["tidig_varning", "incidentanmalan", "slutrapport", "imy"]
"""The reporting steps, in the order the JSON output lists them."""
STEG: tuple[Steg, ...] = ("tidig_varning", "incidentanmalan", "slutrapport", "imy")

FristStatus = Literal["i_tid", "sen", "saknas", "ej_passerad", "ej_tillampligt"]
"""A deadline's state on the reference day."""
FRIST_STATUS: tuple[FristStatus, ...] = ("i_tid", "sen", "saknas", "ej_passerad", "ej_tillampligt")
STATUS_TEXT: dict[FristStatus, str] = {
    "i_tid": "i tid",
    "sen": "sen",
    "saknas": "saknas",
    "ej_passerad": "ej passerad",
    "ej_tillampligt": "–",
}
"""The states in Swedish prose, for tables and the report."""

CYBERSAKERHETSLAGEN_FRAN = date(2026, 1, 15)
"""The day cybersäkerhetslagen (2025:1506) took effect."""


@dataclass(frozen=True)
class Regel:
    """One reporting step: when it applies, what it is counted from and how long it is.

    ``timmar`` counts elapsed hours from the detection; ``manader`` counts calendar
    months from the Swedish day of the step named by ``fran_steg`` (when that was
    not sent, from that step's own deadline).
    """

    steg: Steg
    falt: str
    """The incident file's field that records when the step was sent."""
    namn: str
    """The step in Swedish, for tables and the report."""
    villkor: Literal["betydande", "personuppgiftsincident"]
    """The incident's flag that makes the step apply."""
    galler_fran: date | None
    """Incidents detected (Swedish day) before this day are not covered; None: always."""
    timmar: int | None = None
    manader: int | None = None
    fran_steg: Steg | None = None
    kalla: str = ""


CSIRT_KALLA = "cybersäkerhetslagen (2025:1506) och cybersäkerhetsförordningen (2025:1507)"

REGLER: tuple[Regel, ...] = (
    Regel(
        "tidig_varning",
        "tidig_varning",
        "tidig varning",
        "betydande",
        CYBERSAKERHETSLAGEN_FRAN,
        timmar=24,
        kalla=CSIRT_KALLA,
    ),
    Regel(
        "incidentanmalan",
        "incidentanmalan",
        "incidentanmälan",
        "betydande",
        CYBERSAKERHETSLAGEN_FRAN,
        timmar=72,
        kalla=CSIRT_KALLA,
    ),
    Regel(
        "slutrapport",
        "slutrapport",
        "slutrapport",
        "betydande",
        CYBERSAKERHETSLAGEN_FRAN,
        manader=1,
        fran_steg="incidentanmalan",
        kalla=CSIRT_KALLA,
    ),
    Regel(
        "imy",
        "imy_anmalan",
        "anmälan till IMY",
        "personuppgiftsincident",
        None,
        timmar=72,
        kalla="dataskyddsförordningen (GDPR) art. 33",
    ),
)
"""The rule table; one row per step, in :data:`STEG` order."""

REGEL: dict[Steg, Regel] = {r.steg: r for r in REGLER}


@dataclass(frozen=True)
class Frist:
    """One step's deadline and state. ``frist`` is a moment (hours) or a day (months)."""

    frist: datetime | date | None
    inskickad: str | None
    status: FristStatus

    def frist_text(self) -> str | None:
        """The deadline in ISO form: a moment in Swedish time, or a day."""
        return None if self.frist is None else self.frist.isoformat()


@dataclass(frozen=True)
class IncidentFrister:
    """An incident with the state of each step."""

    incident: Incident
    frister: dict[Steg, Frist]


def detected(incident: Incident) -> datetime:
    """When the organisation became aware of the incident (aware datetime)."""
    return moment(incident.upptackt)


def day_end(day: date) -> datetime:
    """The end of a Swedish calendar day: the first moment of the next day, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=STOCKHOLM).astimezone(UTC)


def applies(regel: Regel, incident: Incident) -> bool:
    """Whether the step applies to the incident at all."""
    if not getattr(incident, regel.villkor):
        return False
    if regel.galler_fran is None:
        return True
    return detected(incident).astimezone(STOCKHOLM).date() >= regel.galler_fran


def _deadline(regel: Regel, incident: Incident) -> tuple[datetime | date, datetime]:
    """The deadline as shown, and the moment (UTC) at which it has passed."""
    if regel.timmar is not None:
        due = detected(incident).astimezone(UTC) + timedelta(hours=regel.timmar)
        return due.astimezone(STOCKHOLM), due
    assert regel.manader is not None and regel.fran_steg is not None
    base_rule = REGEL[regel.fran_steg]
    sent = getattr(incident, base_rule.falt)
    if sent is not None:
        base = report_day(sent)
    else:  # not sent: counted from the day it was due
        _, base_limit = _deadline(base_rule, incident)
        base = base_limit.astimezone(STOCKHOLM).date()
    due_day = add_months(base, regel.manader)
    return due_day, day_end(due_day)


def _sent_moment(text: str, regel: Regel) -> datetime:
    """When a step was sent, as a UTC moment (a bare day counts as its last moment)."""
    if regel.manader is not None and len(text.strip()) == len("ÅÅÅÅ-MM-DD"):
        return day_end(report_day(text)) - timedelta(microseconds=1)
    return moment(text).astimezone(UTC)


def frist(regel: Regel, incident: Incident, per: date) -> Frist:
    """The step's deadline and its state at the end of day ``per``."""
    sent: str | None = getattr(incident, regel.falt)
    if not applies(regel, incident):
        return Frist(None, sent, "ej_tillampligt")
    shown, limit = _deadline(regel, incident)
    reference = day_end(per)
    if sent is not None:
        when = _sent_moment(sent, regel)
        if when < reference:
            on_time = when <= limit if regel.timmar is not None else when < limit
            return Frist(shown, sent, "i_tid" if on_time else "sen")
    # Nothing sent by the end of the reference day (a later report is not known yet).
    return Frist(shown, None, "saknas" if limit < reference else "ej_passerad")


def incident_frister(incident: Incident, per: date) -> IncidentFrister:
    """Every step of ``incident`` at the end of day ``per``."""
    return IncidentFrister(incident, {r.steg: frist(r, incident, per) for r in REGLER})


def all_frister(incidents: Sequence[Incident], per: date) -> list[IncidentFrister]:
    """The incidents by detection moment (then id), each with its steps."""
    ordered = sorted(incidents, key=lambda i: (detected(i).astimezone(UTC), i.id))
    return [incident_frister(i, per) for i in ordered]
