"""What a change does to the register: two statuses compared, each change with its direction.

Pure functions of two loaded registers and their computed statuses (from
:mod:`lgtool.checkpoints`); no I/O. Whether a change is an improvement
(förbättring) or a deterioration (försämring) is decided in one place,
:func:`rank`, for checkpoints, roles, priorities and key figures alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from lgtool.checkpoints import (
    BY_KEY,
    BehandlingStatus,
    DatumKontroll,
    Nyckeltal,
    RollKontroll,
    Status,
    Varde,
    key_figures,
)
from lgtool.fields import flatten
from lgtool.model import Ar, Behandling, Organisation
from lgtool.register import AR_DIR, Register

Riktning = Literal["forbattring", "forsamring", "andring"]


@dataclass(frozen=True)
class PunktVarde:
    """An action item as compared: its colour and status (``handlingsplan.punkter``)."""

    farg: str
    status: str


Jamfort = Varde | float | PunktVarde
"""A compared value: a checkpoint's, a role's, a priority's, an item's or a key figure's."""

PUNKT = "punkt."
"""The prefix of an action item's change: ``punkt.<id>``."""
_ITEM_ORDER = {"oppen": 0, "pagaende": 1, "accepterad_risk": 2, "klar": 3}

_DATE_ORDER = {"saknas": 0, "forfallen": 1, "aktuell": 2, "ej_tillampligt": 2}
_YES_ORDER = {"nej": 0, "ja": 1, "ej_tillampligt": 1}  # not applicable = nothing is missing
_ZONE_ORDER = {"saknas": 0, "nej": 1, "ja": 2}
_PRIORITY_ORDER = {"forsenad": 0, "planerad": 1, "pagaende": 2, "klar": 3}  # struken: no order
_LOWER_IS_BETTER = frozenset({"gula", "roda", "utan_handlingsplan", "avvikelser"})


def rank(falt: str, value: Jamfort) -> tuple[float, ...] | None:
    """How good a value is (higher is better), or None when it has no order.

    Dates: aktuell > förfallen > saknas, and a newer date is better within the same
    state. ja > nej (ej tillämpligt counts as ja). Zones: ja > nej > saknas. Roles:
    named > not named, fewer missing roles is better. Counts of red and yellow
    items: fewer is better, and no handlingsplan at all is worse than any count.
    Shares: higher is better. Priorities: klar > pågående > planerad > försenad.
    Not applicable counts as good: nothing is missing. No order: a date unknown at
    the reference date (okand), and a zone that stops or starts to apply (a
    processing that gets or loses its IT system).
    """
    kind = BY_KEY[falt].kind if falt in BY_KEY else None
    if falt == "punkt" and value is None:  # not there yet: nothing to do, so a new open
        return (_ITEM_ORDER["klar"],)  # item is worse

    if isinstance(value, PunktVarde):
        return (_ITEM_ORDER[value.status],)
    if isinstance(value, DatumKontroll):
        if value.status not in _DATE_ORDER:  # okand: what held at the reference date is unknown
            return None
        return (_DATE_ORDER[value.status], value.datum.toordinal() if value.datum else 0)
    if isinstance(value, RollKontroll):
        return (1 if value.status == "ja" else 0, -len(value.saknas))
    if kind == "janej" and isinstance(value, str):
        return (_YES_ORDER[value],)
    if kind == "zon":
        return (_ZONE_ORDER[value],) if value in _ZONE_ORDER else None
    if falt == "roll":
        return (1 if isinstance(value, str) and value.strip() else 0,)
    if falt == "prioritering":
        order = _PRIORITY_ORDER.get(value) if isinstance(value, str) else None
        return None if order is None else (order,)
    if falt in _LOWER_IS_BETTER:
        return (0,) if value is None else (1, -float(value))
    if falt.startswith("andel_"):
        return None if value is None else (float(value),)
    return None


def direction(falt: str, before: Jamfort, after: Jamfort) -> Riktning:
    """förbättring, försämring, or just a change when the two values have no order."""
    if falt == "punkt" and after is None:  # an item deleted: neither better nor worse
        return "andring"
    rb, ra = rank(falt, before), rank(falt, after)
    if rb is None or ra is None or rb == ra:
        return "andring"
    return "forbattring" if ra > rb else "forsamring"


@dataclass(frozen=True)
class Andring:
    """One changed value: where, what, before → after, and its direction."""

    var: str
    """The processing id, förvaltningsobjekt id, 'policy' or year file it belongs to."""
    falt: str
    """The checkpoint, role, policy key, priority id or key figure that changed."""
    fore: Jamfort
    efter: Jamfort
    riktning: Riktning


def _change(var: str, falt: str, before: Jamfort, after: Jamfort, kind: str = "") -> Andring:
    return Andring(var, falt, before, after, direction(kind or falt, before, after))


BehandlingsTyp = Literal["tillagd", "borttagen", "bytt_id", "andrad"]


@dataclass(frozen=True)
class BehandlingsAndring:
    """A processing that was added, removed, renamed or whose checkpoints changed."""

    id: str
    namn: str
    typ: BehandlingsTyp
    andringar: tuple[Andring, ...] = ()
    tidigare_id: str | None = None
    """The id before, for a renamed processing."""


@dataclass(frozen=True)
class Jamforelse:
    """Everything a change does to the register, at one reference date."""

    per: date
    behandlingar: tuple[BehandlingsAndring, ...]
    organisation: tuple[Andring, ...]
    ar: tuple[Andring, ...]
    nyckeltal: tuple[Andring, ...]

    def changes(self) -> list[Andring]:
        """Every directed or undirected change (key figures left out: they summarise)."""
        found = [a for b in self.behandlingar for a in b.andringar]
        return found + list(self.organisation) + list(self.ar)

    def count(self, riktning: Riktning) -> int:
        """How many changes go in ``riktning``."""
        return sum(1 for a in self.changes() if a.riktning == riktning)

    def count_typ(self, typ: BehandlingsTyp) -> int:
        """How many processings were added, removed, renamed or changed."""
        return sum(1 for b in self.behandlingar if b.typ == typ)

    @property
    def empty(self) -> bool:
        """Nothing changed that lgtool follows."""
        return not (self.behandlingar or self.organisation or self.ar)


def compare(base: Register, base_status: Status, head: Register, head_status: Status) -> Jamforelse:
    """Compare the register before (``base``) and after (``head``) at the same date."""
    assert base_status.per == head_status.per
    return Jamforelse(
        per=head_status.per,
        behandlingar=_compare_behandlingar(base_status, head_status),
        organisation=_compare_organisation(base.organisation, head.organisation),
        ar=_compare_years(base.ar, head.ar),
        nyckeltal=_compare_figures(key_figures(base_status), key_figures(head_status)),
    )


def _checkpoint_changes(
    var: str, before: BehandlingStatus, after: BehandlingStatus
) -> tuple[Andring, ...]:
    """Every checkpoint whose value changed; one checked on only one side shows as None."""
    old_points, new_points = before.kontrollpunkter, after.kontrollpunkter
    names = [*new_points, *(name for name in old_points if name not in new_points)]
    found = []
    for name in names:
        old, new = old_points.get(name), new_points.get(name)
        if old != new:
            found.append(_change(var, name, old, new))
    old_items, new_items = _items(before.behandling), _items(after.behandling)
    for item_id in [*new_items, *(i for i in old_items if i not in new_items)]:
        was, now = old_items.get(item_id), new_items.get(item_id)
        if was != now:
            found.append(_change(var, PUNKT + item_id, was, now, "punkt"))
    return tuple(found)


def _items(b: Behandling) -> dict[str, PunktVarde]:
    """The processing's listed action items by id; empty where the items are only counted."""
    plan = b.handlingsplan
    if plan is None or plan.punkter is None:
        return {}
    return {p.id: PunktVarde(p.farg, p.status) for p in plan.punkter}


def _content(b: Behandling) -> dict[str, Any]:
    return b.model_dump(exclude={"id"})


def _compare_behandlingar(base: Status, head: Status) -> tuple[BehandlingsAndring, ...]:
    before = {s.behandling.id: s for s in base.behandlingar}
    after = {s.behandling.id: s for s in head.behandlingar}
    removed = [i for i in before if i not in after]
    added = [i for i in after if i not in before]
    renamed = _pair_renames([before[i] for i in removed], [after[i] for i in added])
    result: list[BehandlingsAndring] = []
    for old_id, new_id in renamed:
        s = after[new_id]
        changes = _checkpoint_changes(new_id, before[old_id], s)
        result.append(BehandlingsAndring(new_id, s.behandling.namn, "bytt_id", changes, old_id))
    paired_old = {o for o, _ in renamed}
    paired_new = {n for _, n in renamed}
    result.extend(
        BehandlingsAndring(i, before[i].behandling.namn, "borttagen")
        for i in removed
        if i not in paired_old
    )
    result.extend(
        BehandlingsAndring(i, after[i].behandling.namn, "tillagd")
        for i in added
        if i not in paired_new
    )
    for i, s in after.items():
        if i in before and before[i] is not s:  # the same status object: nothing changed
            changes = _checkpoint_changes(i, before[i], s)
            if changes:
                result.append(BehandlingsAndring(i, s.behandling.namn, "andrad", changes))
    result.sort(key=lambda b: b.id)
    return tuple(result)


def _pair_renames(
    removed: list[BehandlingStatus], added: list[BehandlingStatus]
) -> list[tuple[str, str]]:
    """Renamed processings: the same content under a new id; else the same name and objekt.

    The second rule catches a file renamed and changed in the same commit, as long as
    exactly one removed and one added processing share its name and förvaltningsobjekt.
    """
    pairs: list[tuple[str, str]] = []
    left = list(removed)
    right = list(added)
    for old in list(left):
        same = [new for new in right if _content(new.behandling) == _content(old.behandling)]
        if same:
            pairs.append((old.behandling.id, same[0].behandling.id))
            left.remove(old)
            right.remove(same[0])

    def identity(s: BehandlingStatus) -> tuple[str, str]:
        return (s.behandling.namn.casefold(), s.behandling.forvaltningsobjekt)

    for old in list(left):
        same = [new for new in right if identity(new) == identity(old)]
        twins = [o for o in left if identity(o) == identity(old)]
        if len(same) == 1 and len(twins) == 1:
            pairs.append((old.behandling.id, same[0].behandling.id))
            left.remove(old)
            right.remove(same[0])
    return pairs


def _compare_organisation(
    before: Organisation | None, after: Organisation | None
) -> tuple[Andring, ...]:
    if before is None or after is None:
        return ()
    found: list[Andring] = []
    old_objekt = {o.id: o for o in before.forvaltningsobjekt}
    new_objekt = {o.id: o for o in after.forvaltningsobjekt}
    for objekt_id, objekt in new_objekt.items():
        old = old_objekt.get(objekt_id)
        if old is None:
            found.append(_change(objekt_id, "forvaltningsobjekt", None, objekt.namn))
            continue
        required = list(after.policy.pm3_roller)
        roles = required + sorted((set(old.roller) | set(objekt.roller)) - set(required))
        for role in roles:
            was, now = old.roller.get(role), objekt.roller.get(role)
            if (was or "").strip() != (now or "").strip():
                found.append(_change(objekt_id, role, was, now, "roll"))
    found.extend(
        _change(objekt_id, "forvaltningsobjekt", objekt.namn, None)
        for objekt_id, objekt in old_objekt.items()
        if objekt_id not in new_objekt
    )
    old_policy = flatten(before.policy.model_dump(mode="json"))
    new_policy = flatten(after.policy.model_dump(mode="json"))
    for key in sorted(set(old_policy) | set(new_policy)):
        if old_policy.get(key) != new_policy.get(key):
            found.append(_change("policy", key, old_policy.get(key), new_policy.get(key)))
    return tuple(found)


def _compare_years(before: Mapping[int, Ar], after: Mapping[int, Ar]) -> tuple[Andring, ...]:
    found: list[Andring] = []
    for year in sorted(set(before) | set(after)):
        var = f"{AR_DIR}/{year}.yaml"
        old, new = before.get(year), after.get(year)
        if old is None or new is None:
            found.append(
                _change(
                    var,
                    "arsfil",
                    None if old is None else "finns",
                    None if new is None else "finns",
                )
            )
            continue
        for plan_year in sorted(set(old.prioriteringar) | set(new.prioriteringar)):
            was = {p.id: p.status for p in old.prioriteringar.get(plan_year, [])}
            now = {p.id: p.status for p in new.prioriteringar.get(plan_year, [])}
            for pid in [*now, *(p for p in was if p not in now)]:
                if was.get(pid) != now.get(pid):
                    found.append(
                        _change(
                            var, f"{plan_year}/{pid}", was.get(pid), now.get(pid), "prioritering"
                        )
                    )
    return tuple(found)


def _compare_figures(before: Nyckeltal, after: Nyckeltal) -> tuple[Andring, ...]:
    old_values, new_values = before.values(), after.values()
    names = [*new_values, *(name for name in old_values if name not in new_values)]
    found = []
    for name in names:
        old, new = old_values.get(name), new_values.get(name)
        if old != new:
            found.append(_change("nyckeltal", name, old, new))
    return tuple(found)
