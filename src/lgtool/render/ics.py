"""``lgtool kalender --format ics``: an iCalendar feed (RFC 5545) with the `icalendar` library.

One all-day event per due item, a reminder (VALARM) some days before, and a UID
that depends only on the organisation, the kind and the record: re-importing
after a date changed moves the event instead of adding a second one, and an
unrelated edit changes nothing. The output depends only on the register and the
reference date (DTSTAMP is the reference date, not the clock).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from lgtool.due import ETIKETT, INGEN_NAMNGIVEN, Kalender, Post, kommando
from lgtool.errors import UsageError

_NAMESPACE = uuid.UUID("5f1c0d52-6b1e-4d0a-9a57-6c67746f6f6c")
"""lgtool's own UUID namespace for event UIDs (fixed: changing it re-creates every event)."""


PRODID = "-//lgtool//kalender//SV"
"""The PRODID of every calendar lgtool writes (also how it knows its own feeds again)."""

OWN_FEED_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.ics")
"""The file names :func:`person_files` gives: a slug and ``.ics``."""


def feed_title(organisation: str) -> str:
    """The calendar's name (X-WR-CALNAME) without the person: 'Staden – det som förfaller'."""
    return f"{organisation} – det som förfaller"


def is_own_person_feed(data: bytes, organisation: str) -> bool:
    """Whether ``data`` (a file's start) is a person's feed that lgtool kalender wrote for
    ``organisation``: lgtool's PRODID and a calendar name '<title> – <person>'.

    Only the calendar's own properties are read (everything before the first event), so
    a feed of thousands of events costs no more than an empty one.
    """
    ical = require_icalendar()
    if not data.startswith(b"BEGIN:VCALENDAR\r\n"):
        return False
    head = data.split(b"BEGIN:VEVENT", 1)[0].split(b"END:VCALENDAR", 1)[0]
    try:
        cal = ical.Calendar.from_ical(head + b"END:VCALENDAR\r\n")
    except (ValueError, IndexError, KeyError):
        return False
    name = cal.get("x-wr-calname")
    return (
        str(cal.get("prodid")) == PRODID
        and name is not None
        and str(name).startswith(f"{feed_title(organisation)} – ")
    )


def require_icalendar() -> Any:
    """The icalendar module; a usage error naming the extra to install when it is missing."""
    try:
        import icalendar
    except ImportError:
        raise UsageError(
            "--format ics kräver tillägget kalender: pip install 'lgtool[kalender]'"
        ) from None
    return icalendar


def uid(organisation: str, p: Post) -> str:
    """The event's stable UID: from the organisation, the kind and the record, never the date."""
    key = "\n".join((organisation, p.typ, p.nyckel))
    return f"{uuid.uuid5(_NAMESPACE, key)}@lgtool"


def summary(p: Post) -> str:
    """'KLASSA förfaller: Signalstyrning'; an overdue item: 'KLASSA FÖRFALLEN: Signalstyrning'."""
    return f"{ETIKETT[p.typ]} {'FÖRFALLEN' if p.forfallen else 'förfaller'}: {p.namn}"


def description(p: Post) -> str:
    """What it is, where, who, and how to record that it is done."""
    lines = [p.text]
    if p.behandling:
        lines.append(f"Behandling: {p.namn} ({p.behandling})")
    if p.forvaltningsobjekt:
        lines.append(f"Förvaltningsobjekt: {p.forvaltningsobjekt}")
    who = p.ansvarig or INGEN_NAMNGIVEN
    lines.append(f"Ansvarig: {who} ({p.roll})" if p.roll else f"Ansvarig: {who}")
    if p.datum is None:
        lines.append("Aldrig gjord; förfaller nu.")
    elif p.forfallen:
        lines.append(f"Förföll {p.datum.isoformat()}.")
    done = kommando(p)
    if done:
        lines.append(f"När det är gjort: {done}")
    elif p.typ in ("prioritering", "beslut"):
        lines.append("När det är gjort: sätt status: klar i årsfilen (ar/ÅÅÅÅ.yaml).")
    elif p.typ == "styrdokument":
        lines.append(
            "När det är gjort: ändra revideras_senast eller giltig_till i organisation.yaml."
        )
    return "\n".join(lines)


def calendar_bytes(k: Kalender, *, paminnelse: int, namn: str | None = None) -> bytes:
    """The RFC 5545 calendar of ``k``'s items; ``namn``: whose feed it is, for its title."""
    ical = require_icalendar()
    cal = ical.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    title = feed_title(k.organisation)
    cal.add("x-wr-calname", f"{title} – {namn}" if namn else title)
    stamp = datetime.combine(k.per, time(0), tzinfo=UTC)
    for p in k.poster:
        event = ical.Event()
        day = k.per if p.forfallen or p.datum is None else p.datum
        event.add("uid", uid(k.organisation, p))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary(p))
        event.add("description", description(p))
        event.add("transp", "TRANSPARENT")
        alarm = ical.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(p))
        alarm.add("trigger", timedelta(days=-paminnelse))
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def person_files(poster: Iterable[Post]) -> dict[str, tuple[str, list[Post]]]:
    """The items per responsible person: file name → (the person, their items).

    Items whose role has nobody named go to ``ingen-namngiven.ics``.
    """
    groups: dict[str, list[Post]] = {}
    for p in poster:
        groups.setdefault(p.ansvarig or INGEN_NAMNGIVEN, []).append(p)
    files: dict[str, tuple[str, list[Post]]] = {}
    for person in sorted(groups, key=str.casefold):
        base = _slug(person) or "person"
        name, n = f"{base}.ics", 1
        while name in files:
            n += 1
            name = f"{base}-{n}.ics"
        files[name] = (person, groups[person])
    return files


def _slug(name: str) -> str:
    """'Eva Björklund' → 'eva-bjorklund': a file name that every file system takes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-")[:60]
