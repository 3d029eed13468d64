"""What falls due, and who must do it: the due items behind ``lgtool kalender``.

Pure functions of (register, date), no I/O and no rendering. Each kind of
item has one small collector in :data:`COLLECTORS`; a new kind (action items,
decisions, incident deadlines) is one more function there.

Who is responsible, per kind (documented in docs/kalender.md):

- KLASSA and RSA: ``objektagare`` (the owner decides on the classification and the risks);
- access review: ``objektledare_it`` (who runs the system's accounts);
- continuity exercise: ``objektledare_verksamhet`` (who runs the business process);
- an action item: its ``ansvarig`` (a role key is resolved, anything else is a name);
  none written: ``objektagare``;
- a priority or a management decision: its own ``ansvarig`` text;
- a steering document and an incident's reporting deadline: nobody named (the
  organisation's duty, listed under "ingen namngiven").

The role is resolved through the pm3 roles, the processing's override before its
förvaltningsobjekt's (:func:`lgtool.checkpoints.effective_roles`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from lgtool.atgarder import items_of
from lgtool.checkpoints import (
    CHECKPOINTS,
    active_checkpoints,
    add_months,
    date_checkpoint,
    effective_roles,
)
from lgtool.incidents import REGLER, Regel, frist
from lgtool.model import Ar, Behandling, Forvaltningsobjekt, Organisation
from lgtool.model.ar import Beslut
from lgtool.model.incident import Incident
from lgtool.options import Typ

INGEN_NAMNGIVEN = "ingen namngiven"
"""How an item whose role has no named person is listed (and selected with --ansvarig)."""

ROLE_FOR: Mapping[str, str] = {
    "klassa": "objektagare",
    "rsa": "objektagare",
    "behorighetskontroll": "objektledare_it",
    "kontinuitetsovning": "objektledare_verksamhet",
}
"""The pm3 role responsible for each date checkpoint; a checkpoint not named here:
``objektagare``."""

ETIKETT: Mapping[str, str] = {
    "klassa": "KLASSA",
    "rsa": "RSA",
    "behorighetskontroll": "Behörighetskontroll",
    "kontinuitetsovning": "Kontinuitetsövning",
    "atgard": "Åtgärd",
    "beslut": "Beslut",
    "prioritering": "Prioritering",
    "styrdokument": "Styrdokument",
    "tidig_varning": "Tidig varning",
    "incidentanmalan": "Incidentanmälan",
    "slutrapport": "Slutrapport",
    "imy": "Anmälan till IMY",
}
"""Each kind's name in tables and calendar summaries."""


class Post(NamedTuple):
    """One due item (a tuple: a register of 10,000 processings has some 30,000)."""

    datum: date | None
    """When it falls due; None: a checkpoint never done (due now)."""
    typ: Typ
    behandling: str | None
    """The processing's id; None for items of the whole organisation."""
    forvaltningsobjekt: str | None
    ansvarig: str | None
    """The responsible person's name; None: the role has nobody named."""
    roll: str | None
    """The pm3 role that is responsible; None when the item names a person directly."""
    text: str
    """What is to be done, in Swedish."""
    forfallen: bool
    """Overdue at the reference date (a checkpoint never done is)."""
    namn: str
    """What it concerns (the processing's, priority's or document's name): the summary's."""
    nyckel: str
    """The record's stable id within its kind (the calendar's UID is built from it)."""


@dataclass(frozen=True)
class Kalender:
    """The due items of a register at a reference date, overdue first."""

    per: date
    organisation: str
    poster: tuple[Post, ...]


@dataclass(frozen=True)
class Underlag:
    """What the collectors read: the register's processings and records at a reference date."""

    per: date
    organisation: Organisation
    objekt: Mapping[str, Forvaltningsobjekt]
    behandlingar: Sequence[Behandling]
    """The processings of a förvaltningsobjekt in :attr:`objekt`."""
    ar: Mapping[int, Ar]
    incidenter: Sequence[Incident] = ()
    till: date | None = None
    """Only items overdue or due by this day are needed (None: every item)."""


Collector = Callable[[Underlag], Iterator[Post]]


def _checkpoints(u: Underlag) -> Iterator[Post]:
    """Every active date checkpoint: last date plus the policy interval; never done: due now.

    The checkpoint's state is :func:`lgtool.checkpoints.date_checkpoint`'s, as in status.
    """
    per, policy, till = u.per, u.organisation.policy, u.till
    dated = [
        (
            c,
            getattr(policy.max_alder_manader, c.interval or ""),
            ROLE_FOR.get(c.key, "objektagare"),
        )
        for c in active_checkpoints(policy)
        if c.kind == "datum"
    ]
    # The item's text begins a sentence: "Behörighetskontroll för …", "KLASSA för …".
    names = {c.key: c.name[:1].upper() + c.name[1:] for c, _, _ in dated}
    # Each objekt's named people per role, resolved once; a processing with roles of its
    # own is resolved by itself (:func:`effective_roles`).
    named = {
        objekt_id: {role: _person(objekt.roller.get(role)) for _, _, role in dated}
        for objekt_id, objekt in u.objekt.items()
    }
    done_text: dict[date, str] = {}  # ", senast gjord 2025-03-01": shared by many items
    for b in u.behandlingar:
        if b.roller:
            roles = effective_roles(u.objekt[b.forvaltningsobjekt], b)
            people = {role: _person(roles.get(role)) for _, _, role in dated}
        else:
            people = named[b.forvaltningsobjekt]
        for c, months, role in dated:
            value = date_checkpoint(c, b, policy, per)
            if value.status == "ej_tillampligt":
                continue
            done = value.datum
            if done is None:
                due, text = None, f"{names[c.key]} för {b.namn} saknas"
            else:
                due = add_months(done, months)
                if till is not None and due > till:
                    continue
                when = done_text.get(done)
                if when is None:
                    when = done_text[done] = f", senast gjord {done.isoformat()}"
                text = f"{names[c.key]} för {b.namn}{when}"
            yield Post(
                due,
                c.key,  # type: ignore[arg-type]  # the date checkpoints' keys are kinds
                b.id,
                b.forvaltningsobjekt,
                people[role],
                role,
                text,
                due is None or due < per,
                b.namn,
                b.id,
            )


def _person(name: str | None) -> str | None:
    """A role's holder as written, None when nobody is named."""
    return (name or "").strip() or None


def _priorities(u: Underlag) -> Iterator[Post]:
    """This year's priorities with a ``senast``, while not done or struck."""
    per = u.per
    year = u.ar.get(per.year)
    if year is None:
        return
    for p in year.prioriteringar.get(per.year, []):
        if p.senast is None or p.status in ("klar", "struken"):
            continue
        yield Post(
            datum=p.senast,
            typ="prioritering",
            behandling=None,
            forvaltningsobjekt=None,
            ansvarig=p.ansvarig,
            roll=None,
            text=p.text,
            forfallen=p.senast < per,
            namn=p.text,
            nyckel=p.id,
        )


def _steering_documents(u: Underlag) -> Iterator[Post]:
    """Steering documents with ``revideras_senast`` or ``giltig_till``: the earlier of them."""
    per = u.per
    for d in u.organisation.styrdokument:
        dates = [
            (when, text)
            for when, text in (
                (d.revideras_senast, f"Revidera {d.namn}"),
                (d.giltig_till, f"{d.namn} slutar gälla"),
            )
            if when is not None
        ]
        if not dates:
            continue
        when, text = min(dates, key=lambda pair: pair[0])
        yield Post(
            datum=when,
            typ="styrdokument",
            behandling=None,
            forvaltningsobjekt=None,
            ansvarig=None,
            roll=None,
            text=text,
            forfallen=when < per,
            namn=d.namn,
            nyckel=d.namn,
        )


def _incident_deadlines(u: Underlag) -> Iterator[Post]:
    """Each reporting step of an incident while nothing is sent: passed or still to come.

    The deadlines and their states are :func:`lgtool.incidents.frist`'s (the state at the
    end of the reference day); an hour deadline is shown on its Swedish day.
    """
    per = u.per
    known = {b.id: b for b in u.behandlingar}
    for incident in u.incidenter:
        first = next((known[b] for b in incident.behandlingar if b in known), None)
        for regel in REGLER:
            state = frist(regel, incident, per)
            if state.status not in ("saknas", "ej_passerad") or state.frist is None:
                continue
            due = state.frist
            day = due.date() if isinstance(due, datetime) else due
            yield Post(
                datum=day,
                typ=regel.steg,
                behandling=first.id if first else None,
                forvaltningsobjekt=first.forvaltningsobjekt if first else None,
                ansvarig=None,
                roll=None,
                text=f"{regel.namn[:1].upper()}{regel.namn[1:]} för incident {incident.id}: "
                f"{incident.rubrik}",
                forfallen=state.status == "saknas",
                namn=f"incident {incident.id}",
                nyckel=incident.id,
            )


def _action_items(u: Underlag) -> Iterator[Post]:
    """Each open action item (``handlingsplan.punkter``) with a ``senast``."""
    per = u.per
    for item in items_of(u.behandlingar, u.objekt, u.organisation.policy, per):
        b, punkt = item.behandling, item.punkt
        if not punkt.oppen or punkt.senast is None:
            continue
        written = (punkt.ansvarig or "").strip()
        role: str | None = None
        person: str | None = written
        if item.roll is not None or not written:  # a role, or nobody: the role's holder
            role = item.roll or "objektagare"
            roles = effective_roles(u.objekt[b.forvaltningsobjekt], b)
            person = _person(roles.get(role))
        yield Post(
            datum=punkt.senast,
            typ="atgard",
            behandling=b.id,
            forvaltningsobjekt=b.forvaltningsobjekt,
            ansvarig=person,
            roll=role,
            text=f"Åtgärd {punkt.id} för {b.namn}: {punkt.rubrik}",
            forfallen=punkt.forsenad(per),
            namn=f"{b.namn} ({punkt.id})",
            nyckel=f"{b.id}/{punkt.id}",
        )


def _decisions(u: Underlag) -> Iterator[Post]:
    """Management decisions with a ``senast`` while not done or struck, from every year file."""
    per = u.per
    for year, ar in sorted(u.ar.items()):
        review = ar.ledningens_genomgang
        if review is None or year > per.year:
            continue
        for beslut in review.beslut:
            if not isinstance(beslut, Beslut) or beslut.senast is None:
                continue
            if beslut.status in ("klar", "struken"):
                continue
            yield Post(
                datum=beslut.senast,
                typ="beslut",
                behandling=None,
                forvaltningsobjekt=None,
                ansvarig=beslut.ansvarig,
                roll=None,
                text=beslut.text,
                forfallen=beslut.senast < per,
                namn=beslut.text,
                nyckel=f"{year}/{beslut.id}",
            )


COLLECTORS: tuple[Collector, ...] = (
    _checkpoints,
    _action_items,
    _decisions,
    _priorities,
    _steering_documents,
    _incident_deadlines,
)
"""One collector per kind of record; each yields that kind's due items."""

_TYP_ORDER = {
    typ: i
    for i, typ in enumerate(
        (
            "tidig_varning",
            "incidentanmalan",
            "imy",
            "slutrapport",
            "klassa",
            "rsa",
            "behorighetskontroll",
            "kontinuitetsovning",
            "atgard",
            "beslut",
            "prioritering",
            "styrdokument",
        )
    )
}


def _order(p: Post) -> tuple[int, str, str]:
    """Overdue first, then by date (never done first), kind, förvaltningsobjekt and record.

    The first three in one number: a register of 10,000 processings sorts some 30,000
    items, and numbers compare faster than tuples of dates.
    """
    day = p.datum.toordinal() if p.datum is not None else 0
    rank = _TYP_ORDER.get(p.typ, len(_TYP_ORDER))
    return (
        ((0 if p.forfallen else 1 << 24) | day) << 4 | rank,
        p.forvaltningsobjekt or "",
        p.nyckel,
    )


def collect(
    organisation: Organisation,
    behandlingar: Iterable[Behandling],
    per: date,
    ar: Mapping[int, Ar],
    incidenter: Sequence[Incident] = (),
    *,
    till: date | None = None,
) -> tuple[Post, ...]:
    """Every due item of the register at ``per``, overdue first then by date.

    ``till``: only the items overdue or due by that day (None: whatever their date); a
    processing of no förvaltningsobjekt in the organisation has none (status leaves it
    out too; validate names it).
    """
    objekt = {o.id: o for o in organisation.forvaltningsobjekt}
    known = [b for b in behandlingar if b.forvaltningsobjekt in objekt]
    u = Underlag(per, organisation, objekt, known, ar, incidenter, till)
    found: list[Post] = []
    for c in COLLECTORS:
        found.extend(c(u))
    if till is not None:  # the few other kinds are told apart here
        found = [p for p in found if p.forfallen or p.datum is None or p.datum <= till]
    found.sort(key=_order)
    return tuple(found)


def kommando(p: Post) -> str | None:
    """The command (or the field to fill in) that records ``p`` as done, when there is one."""
    if p.typ in _DATED:
        return f"lgtool registrera {p.typ} {p.behandling}"
    if p.typ == "atgard":
        behandling, _, punkt = p.nyckel.partition("/")
        return f"lgtool satt {behandling} handlingsplan.punkter.{punkt}.status klar"
    regel = _REGEL.get(p.typ)
    if regel is not None:
        return f"ange tidpunkten i fältet {regel.falt} i incidentfilen"
    return None


_DATED = frozenset(c.key for c in CHECKPOINTS if c.kind == "datum")
_REGEL: Mapping[str, Regel] = {regel.steg: regel for regel in REGLER}


def people(poster: Sequence[Post], organisation: Organisation) -> tuple[list[str], list[str]]:
    """The known people (names in roles and items) and role keys, for an unknown --ansvarig."""
    names = {n.strip() for o in organisation.forvaltningsobjekt for n in o.roller.values() if n}
    names.update(p.ansvarig for p in poster if p.ansvarig)
    roles = {r for o in organisation.forvaltningsobjekt for r in o.roller}
    roles.update(p.roll for p in poster if p.roll)
    return sorted(names, key=str.casefold), sorted(roles)


def matches(p: Post, ansvarig: str) -> bool:
    """Whether ``ansvarig`` (a name, a role key or 'ingen namngiven') is responsible for ``p``."""
    wanted = ansvarig.strip().casefold()
    if wanted == INGEN_NAMNGIVEN:
        return p.ansvarig is None
    return (p.ansvarig or "").casefold() == wanted or (p.roll or "") == wanted


def select(
    poster: Sequence[Post],
    per: date,
    *,
    inom: int | None,
    ansvarig: str | None = None,
    objekt: Sequence[str] = (),
    typ: Sequence[str] = (),
) -> tuple[Post, ...]:
    """The items overdue or due within ``inom`` days of ``per`` (None: any day), filtered.

    The order is kept.
    """
    last = None if inom is None else per + timedelta(days=inom)
    return tuple(
        p
        for p in poster
        if (last is None or p.forfallen or p.datum is None or p.datum <= last)
        and (ansvarig is None or matches(p, ansvarig))
        and (not objekt or p.forvaltningsobjekt in objekt)
        and (not typ or p.typ in typ)
    )


def due_within(poster: Sequence[Post], per: date, days: int | None) -> bool:
    """``--fail-on``: anything overdue (``days`` None), or due within ``days`` of ``per``."""
    if days is None:
        return any(p.forfallen for p in poster)
    last = per + timedelta(days=days)
    return any(p.forfallen or p.datum is None or p.datum <= last for p in poster)
