"""What falls due, and who must do it: the due items behind ``lgtool kalender``.

Pure functions of (status, register, date), no I/O and no rendering. Each kind of
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

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lgtool.atgarder import action_items
from lgtool.checkpoints import Status, add_months, effective_roles
from lgtool.incidents import REGLER, frist
from lgtool.model import Ar, Organisation
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


@dataclass(frozen=True)
class Post:
    """One due item."""

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
    kommando: str | None = None
    """The command that records it as done, when there is one."""


@dataclass(frozen=True)
class Kalender:
    """The due items of a register at a reference date, overdue first."""

    per: date
    organisation: str
    poster: tuple[Post, ...]


@dataclass(frozen=True)
class Underlag:
    """What the collectors read: the computed status, the organisation and the year files."""

    status: Status
    organisation: Organisation
    ar: Mapping[int, Ar]
    incidenter: Sequence[Incident] = ()


Collector = Callable[[Underlag], Iterator[Post]]


def _checkpoints(u: Underlag) -> Iterator[Post]:
    """Every active date checkpoint: last date plus the policy interval; never done: due now."""
    status, per = u.status, u.status.per
    dated = [
        (
            c,
            getattr(status.policy.max_alder_manader, c.interval or ""),
            ROLE_FOR.get(c.key, "objektagare"),
        )
        for c in status.checkpoints
        if c.kind == "datum"
    ]
    due_dates: dict[tuple[date, int], date] = {}  # a city has far fewer dates than items
    for s in status.behandlingar:
        b = s.behandling
        roles = effective_roles(status.objekt[b.forvaltningsobjekt], b)
        for c, months, role in dated:
            value = s.kontrollpunkter.datum(c.key)
            if value.status == "ej_tillampligt":
                continue
            person = (roles.get(role) or "").strip() or None
            if value.datum is None:
                due, text = None, f"{c.name} för {b.namn} saknas"
            else:
                due = due_dates.get((value.datum, months))
                if due is None:
                    due = due_dates[value.datum, months] = add_months(value.datum, months)
                text = f"{c.name} för {b.namn}, senast gjord {value.datum.isoformat()}"
            yield Post(
                datum=due,
                typ=c.key,  # type: ignore[arg-type]  # the date checkpoints' keys are kinds
                behandling=b.id,
                forvaltningsobjekt=b.forvaltningsobjekt,
                ansvarig=person,
                roll=role,
                text=text,
                forfallen=due is None or due < per,
                namn=b.namn,
                nyckel=b.id,
                kommando=f"lgtool registrera {c.key} {b.id}",
            )


def _priorities(u: Underlag) -> Iterator[Post]:
    """This year's priorities with a ``senast``, while not done or struck."""
    per = u.status.per
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
    per = u.status.per
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
    per = u.status.per
    known = {s.behandling.id: s.behandling for s in u.status.behandlingar}
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
                kommando=f"ange tidpunkten i fältet {regel.falt} i incidentfilen",
            )


def _action_items(u: Underlag) -> Iterator[Post]:
    """Each open action item (``handlingsplan.punkter``) with a ``senast``."""
    status, per = u.status, u.status.per
    for item in action_items(status):
        b, punkt = item.behandling, item.punkt
        if not punkt.oppen or punkt.senast is None:
            continue
        written = (punkt.ansvarig or "").strip()
        role: str | None = None
        person: str | None = written
        if item.roll is not None or not written:  # a role, or nobody: the role's holder
            role = item.roll or "objektagare"
            roles = effective_roles(status.objekt[b.forvaltningsobjekt], b)
            person = (roles.get(role) or "").strip() or None
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
            kommando=f"lgtool satt {b.id} handlingsplan.punkter.{punkt.id}.status klar",
        )


def _decisions(u: Underlag) -> Iterator[Post]:
    """Management decisions with a ``senast`` while not done or struck, from every year file."""
    per = u.status.per
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


def _order(p: Post) -> tuple[int, date, int, str, str]:
    return (
        0 if p.forfallen else 1,
        p.datum or date.min,
        _TYP_ORDER.get(p.typ, len(_TYP_ORDER)),
        p.forvaltningsobjekt or "",
        p.nyckel,
    )


def collect(
    status: Status,
    organisation: Organisation,
    ar: Mapping[int, Ar],
    incidenter: Sequence[Incident] = (),
) -> tuple[Post, ...]:
    """Every due item of the register, whatever its date, overdue first then by date.

    ``status`` is the one computed by :func:`lgtool.checkpoints.compute_status`
    (one pass: the checkpoints are not computed again here).
    """
    u = Underlag(status, organisation, ar, incidenter)
    return tuple(sorted((p for c in COLLECTORS for p in c(u)), key=_order))


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
