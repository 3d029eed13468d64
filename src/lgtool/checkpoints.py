"""The status computation: the ten checkpoints per processing, from (register, policy, date).

Pure functions with no I/O and no rendering, shared by ``status``, ``prioritering``,
``report``, ``diff`` and ``trend`` so that all of them mean the same thing.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from lgtool.model import KATEGORIER, Behandling, Forvaltningsobjekt, Organisation, Policy
from lgtool.options import FailOn as FailOn  # noqa: PLC0414  (defined there once, for the CLI)

DatumStatus = Literal["aktuell", "forfallen", "saknas"]
JaNej = Literal["ja", "nej"]
Tillamplighet = Literal["ja", "nej", "ej_tillampligt"]
ZonStatus = Literal["ja", "nej", "saknas"]

DATE_CHECKPOINTS = ("klassa", "rsa", "behorighetskontroll")
STATUS_CHECKPOINTS = (
    "registerford",
    "konsekvensbedomning",
    "klassningsprotokoll",
    "systembeskrivning",
)


def add_months(start: date, months: int) -> date:
    """Calendar months later, the day clamped to the month's end (2024-02-29 + 12 → 2025-02-28)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@dataclass(frozen=True)
class DatumKontroll:
    """A dated checkpoint (KLASSA, RSA, access review)."""

    status: DatumStatus
    datum: date | None


@dataclass(frozen=True)
class RollKontroll:
    """Whether every required pm3 role has a named person."""

    status: JaNej
    saknas: tuple[str, ...]


@dataclass(frozen=True)
class Kontrollpunkter:
    """The source document's control points for one processing."""

    klassa: DatumKontroll
    rsa: DatumKontroll
    behorighetskontroll: DatumKontroll
    registerford: Tillamplighet
    konsekvensbedomning: Tillamplighet
    klassningsprotokoll: JaNej
    systembeskrivning: JaNej
    roller: RollKontroll
    natverkszon: ZonStatus | None
    """None when the policy has no zone map (no zone check)."""
    gula: int | None
    roda: int | None
    """None when the processing has no handlingsplan."""

    def datum(self, name: str) -> DatumKontroll:
        """The dated checkpoint called ``name`` (klassa, rsa, behorighetskontroll)."""
        value = getattr(self, name)
        assert isinstance(value, DatumKontroll)
        return value


@dataclass(frozen=True)
class BehandlingStatus:
    """One processing with its computed checkpoints."""

    behandling: Behandling
    kontrollpunkter: Kontrollpunkter
    avvikelser: tuple[str, ...]
    """The checkpoints that deviate; empty when everything is in order."""

    @property
    def avvikelse(self) -> bool:
        """True when any checkpoint deviates."""
        return bool(self.avvikelser)


@dataclass(frozen=True)
class Summering:
    """Counts over a group of processings."""

    antal: int
    avvikelser: int
    klassa: Mapping[str, int]
    rsa: Mapping[str, int]
    behorighetskontroll: Mapping[str, int]
    registerford: Mapping[str, int]
    konsekvensbedomning: Mapping[str, int]
    klassningsprotokoll: Mapping[str, int]
    systembeskrivning: Mapping[str, int]
    roller: Mapping[str, int]
    natverkszon: Mapping[str, int] | None
    gula: int
    roda: int
    utan_handlingsplan: int


@dataclass(frozen=True)
class Status:
    """The status of (a selection of) the register at a reference date."""

    per: date
    organisation: str
    objekt: Mapping[str, Forvaltningsobjekt]
    zonkontroll: bool
    behandlingar: tuple[BehandlingStatus, ...]
    """Sorted per förvaltningsobjekt (register order), then system, then id."""
    policy: Policy = field(repr=False, default_factory=Policy)

    @property
    def summering(self) -> Summering:
        """Counts over every processing in this status."""
        return summarize(self.behandlingar, zonkontroll=self.zonkontroll)

    def per_objekt(self) -> list[tuple[Forvaltningsobjekt, tuple[BehandlingStatus, ...]]]:
        """The processings per förvaltningsobjekt in register order; empty groups left out."""
        # One pass over the processings: a city has hundreds of objekt and thousands of them.
        members: dict[str, list[BehandlingStatus]] = {}
        for s in self.behandlingar:
            members.setdefault(s.behandling.forvaltningsobjekt, []).append(s)
        return [
            (objekt, tuple(members[objekt_id]))
            for objekt_id, objekt in self.objekt.items()
            if objekt_id in members
        ]

    def per_kategori(self) -> list[tuple[str, tuple[BehandlingStatus, ...]]]:
        """The processings grouped per kategori in priority order; empty groups left out."""
        groups: list[tuple[str, tuple[BehandlingStatus, ...]]] = []
        for kategori in KATEGORIER:
            items = tuple(s for s in self.behandlingar if s.behandling.kategori == kategori)
            if items:
                groups.append((kategori, items))
        return groups


def _date_status(done: date | None, months: int, per: date) -> DatumKontroll:
    if done is None:
        return DatumKontroll("saknas", None)
    if add_months(done, months) >= per:
        return DatumKontroll("aktuell", done)
    return DatumKontroll("forfallen", done)


def effective_roles(objekt: Forvaltningsobjekt, behandling: Behandling) -> dict[str, str | None]:
    """The objekt's roles overlaid key by key by the processing's own (null un-names a role)."""
    roles = dict(objekt.roller)
    roles.update(behandling.roller or {})
    return roles


def compute_checkpoints(
    behandling: Behandling, objekt: Forvaltningsobjekt, policy: Policy, per: date
) -> BehandlingStatus:
    """The checkpoints of one processing at reference date ``per``."""
    ages = policy.max_alder_manader
    roles = effective_roles(objekt, behandling)
    missing_roles = tuple(r for r in policy.pm3_roller if not (roles.get(r) or "").strip())
    zone: ZonStatus | None = None
    if policy.zon_for_konfidentialitet is not None:
        required = (
            policy.zon_for_konfidentialitet.get(behandling.klassning.konfidentialitet)
            if behandling.klassning
            else None
        )
        if required is None or behandling.natverkszon is None:
            zone = "saknas"
        else:
            zone = "ja" if behandling.natverkszon == required else "nej"
    plan = behandling.handlingsplan
    points = Kontrollpunkter(
        klassa=_date_status(behandling.senaste_klassa, ages.klassa, per),
        rsa=_date_status(behandling.senaste_rsa, ages.rsa, per),
        behorighetskontroll=_date_status(
            behandling.senaste_behorighetskontroll, ages.behorighetskontroll, per
        ),
        registerford=(
            ("ja" if behandling.registerford else "nej")
            if behandling.personuppgifter
            else "ej_tillampligt"
        ),
        konsekvensbedomning=behandling.konsekvensbedomning,
        klassningsprotokoll="ja" if behandling.klassningsprotokoll else "nej",
        systembeskrivning="ja" if behandling.systembeskrivning else "nej",
        roller=RollKontroll("nej" if missing_roles else "ja", missing_roles),
        natverkszon=zone,
        gula=plan.gula if plan else None,
        roda=plan.roda if plan else None,
    )
    return BehandlingStatus(behandling, points, _deviations(points))


def _deviations(points: Kontrollpunkter) -> tuple[str, ...]:
    found: list[str] = []
    for name in DATE_CHECKPOINTS:
        if points.datum(name).status != "aktuell":
            found.append(name)
    for name in STATUS_CHECKPOINTS:
        if getattr(points, name) == "nej":
            found.append(name)
    if points.roller.status == "nej":
        found.append("roller")
    if points.natverkszon in ("nej", "saknas"):
        found.append("natverkszon")
    if points.gula is None:
        found.append("handlingsplan")
    else:
        if points.gula > 0:
            found.append("gula")
        if points.roda and points.roda > 0:
            found.append("roda")
    return tuple(found)


def compute_status(
    organisation: Organisation, behandlingar: Iterable[Behandling], per: date
) -> Status:
    """The status of every processing at ``per``: the one computation all commands share."""
    objekt = {o.id: o for o in organisation.forvaltningsobjekt}
    order = {objekt_id: i for i, objekt_id in enumerate(objekt)}
    items = [
        compute_checkpoints(b, objekt[b.forvaltningsobjekt], organisation.policy, per)
        for b in behandlingar
        if b.forvaltningsobjekt in objekt
    ]
    items.sort(
        key=lambda s: (
            order[s.behandling.forvaltningsobjekt],
            (s.behandling.system or "").casefold(),
            s.behandling.id,
        )
    )
    return Status(
        per=per,
        organisation=organisation.organisation,
        objekt=objekt,
        zonkontroll=organisation.policy.zon_for_konfidentialitet is not None,
        behandlingar=tuple(items),
        policy=organisation.policy,
    )


_TILLAMPLIGHET = ("ja", "nej", "ej_tillampligt")


def summarize(items: Sequence[BehandlingStatus], *, zonkontroll: bool) -> Summering:
    """Counts of every checkpoint's values over ``items``."""
    # One pass, not one per checkpoint: status sums up every förvaltningsobjekt too.
    date_keys = ("aktuell", "forfallen", "saknas")
    klassa = dict.fromkeys(date_keys, 0)
    rsa = dict.fromkeys(date_keys, 0)
    behorighetskontroll = dict.fromkeys(date_keys, 0)
    registerford = dict.fromkeys(_TILLAMPLIGHET, 0)
    konsekvensbedomning = dict.fromkeys(_TILLAMPLIGHET, 0)
    klassningsprotokoll = dict.fromkeys(("ja", "nej"), 0)
    systembeskrivning = dict.fromkeys(("ja", "nej"), 0)
    roller = dict.fromkeys(("ja", "nej"), 0)
    natverkszon = dict.fromkeys(("ja", "nej", "saknas"), 0)
    avvikelser = gula = roda = utan_handlingsplan = 0
    for s in items:
        p = s.kontrollpunkter
        if s.avvikelser:
            avvikelser += 1
        klassa[p.klassa.status] += 1
        rsa[p.rsa.status] += 1
        behorighetskontroll[p.behorighetskontroll.status] += 1
        registerford[p.registerford] += 1
        konsekvensbedomning[p.konsekvensbedomning] += 1
        klassningsprotokoll[p.klassningsprotokoll] += 1
        systembeskrivning[p.systembeskrivning] += 1
        roller[p.roller.status] += 1
        natverkszon[p.natverkszon or "saknas"] += 1
        if p.gula is None:
            utan_handlingsplan += 1
        else:
            gula += p.gula
        roda += p.roda or 0
    return Summering(
        antal=len(items),
        avvikelser=avvikelser,
        klassa=klassa,
        rsa=rsa,
        behorighetskontroll=behorighetskontroll,
        registerford=registerford,
        konsekvensbedomning=konsekvensbedomning,
        klassningsprotokoll=klassningsprotokoll,
        systembeskrivning=systembeskrivning,
        roller=roller,
        natverkszon=natverkszon if zonkontroll else None,
        gula=gula,
        roda=roda,
        utan_handlingsplan=utan_handlingsplan,
    )


def select(
    status: Status,
    *,
    objekt: Sequence[str] = (),
    kategori: Sequence[str] = (),
    bara_avvikelser: bool = False,
) -> Status:
    """The same status restricted to some objekt, kategorier, or to deviating processings."""
    items = tuple(
        s
        for s in status.behandlingar
        if (not objekt or s.behandling.forvaltningsobjekt in objekt)
        and (not kategori or s.behandling.kategori in kategori)
        and (not bara_avvikelser or s.avvikelse)
    )
    return Status(
        per=status.per,
        organisation=status.organisation,
        objekt=status.objekt,
        zonkontroll=status.zonkontroll,
        behandlingar=items,
        policy=status.policy,
    )


def fails(status: Status, threshold: FailOn) -> bool:
    """Whether any processing meets the ``--fail-on`` threshold."""
    for s in status.behandlingar:
        p = s.kontrollpunkter
        dates = [p.datum(n).status for n in DATE_CHECKPOINTS]
        if threshold == "forfallen" and "forfallen" in dates:
            return True
        if threshold == "saknas" and ("saknas" in dates or p.natverkszon == "saknas"):
            return True
        if threshold == "roda" and (p.roda or 0) > 0:
            return True
        if threshold == "avvikelse" and s.avvikelse:
            return True
    return False


def priority_list(status: Status) -> tuple[BehandlingStatus, ...]:
    """Processings whose KLASSA is missing or expired, in the seed's prescribed order.

    Unik before gemensam before övrig; saknas before förfallen; higher
    konfidentialitet first (no classification counts lowest); oldest date; id.
    """
    kategori_order = {k: i for i, k in enumerate(KATEGORIER)}
    candidates = [s for s in status.behandlingar if s.kontrollpunkter.klassa.status != "aktuell"]

    def key(s: BehandlingStatus) -> tuple[int, int, int, date, str]:
        b = s.behandling
        klassa = s.kontrollpunkter.klassa
        level = b.klassning.konfidentialitet if b.klassning else -1
        return (
            kategori_order[b.kategori],
            0 if klassa.status == "saknas" else 1,
            -level,
            klassa.datum or date.min,
            b.id,
        )

    return tuple(sorted(candidates, key=key))


@dataclass(frozen=True)
class Nyckeltal:
    """The key figures management follows over time (report, trend)."""

    per: date
    antal: int
    andel_klassa: float | None
    andel_rsa: float | None
    andel_behorighetskontroll: float | None
    andel_registerford: float | None
    """Share of processings with personal data that are in the GDPR record."""
    gula: int
    roda: int
    utan_handlingsplan: int
    avvikelser: int


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def key_figures(status: Status) -> Nyckeltal:
    """Shares of current KLASSA/RSA/access review and registration; red and yellow totals."""
    s = status.summering
    with_personal_data = s.registerford["ja"] + s.registerford["nej"]
    return Nyckeltal(
        per=status.per,
        antal=s.antal,
        andel_klassa=_share(s.klassa["aktuell"], s.antal),
        andel_rsa=_share(s.rsa["aktuell"], s.antal),
        andel_behorighetskontroll=_share(s.behorighetskontroll["aktuell"], s.antal),
        andel_registerford=_share(s.registerford["ja"], with_personal_data),
        gula=s.gula,
        roda=s.roda,
        utan_handlingsplan=s.utan_handlingsplan,
        avvikelser=s.avvikelser,
    )
