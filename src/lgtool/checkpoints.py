"""The status computation: the checkpoints per processing, from (register, policy, date).

Pure functions with no I/O and no rendering, shared by ``status``, ``prioritering``,
``report``, ``diff``, ``trend`` and ``export`` so that all of them mean the same thing.

The checkpoints are data: :data:`CHECKPOINTS` is the one table of them (key,
register field, policy interval, labels, kind, key figure). The computation, the
summaries, the key figures and every rendering iterate over it, so a new date
checkpoint is one entry here plus its field in the model and its interval in the
policy.
"""

from __future__ import annotations

import calendar
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    Sequence,
    ValuesView,
)
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Literal, NamedTuple, get_args

from lgtool.model import KATEGORIER, Behandling, Forvaltningsobjekt, Organisation, Policy
from lgtool.model.behandling import Kategori
from lgtool.options import FailOn as FailOn  # noqa: PLC0414  (defined there once, for the CLI)

DatumStatus = Literal["aktuell", "forfallen", "saknas", "okand", "ej_tillampligt"]
"""``okand``: the only date known is after the reference date, so its state then is unknown."""
JaNej = Literal["ja", "nej"]
Tillamplighet = Literal["ja", "nej", "ej_tillampligt"]
ZonStatus = Literal["ja", "nej", "saknas", "ej_tillampligt"]
"""``ej_tillampligt``: a processing without an IT system; ``saknas``: zone or level not recorded."""

Kind = Literal["datum", "janej", "roller", "zon", "antal"]
"""How a checkpoint is computed and shown: a dated review, yes/no, named roles, the
network zone, or a count of action-plan items."""

EJ_TILLAMPLIGT = "ej_tillampligt"


@dataclass(frozen=True)
class Trend:
    """How a key figure is shown when followed over time (``trend``, ``diff``)."""

    short: str
    """The trend table's column header: 'BK'."""
    name: str
    """Its name in the trend's lines and in ``diff``: 'behörighetskontroll aktuell'."""
    note: str
    """What the column means, for the trend's footnote: 'andel med aktuell kontroll'."""
    expansion: str | None = None
    """The header spelt out in the footnote, when it is an abbreviation."""
    diff_name: str | None = None
    """Its name in ``diff`` when that differs from ``name``."""


@dataclass(frozen=True)
class KeyFigure:
    """A share that management follows: how many of the processings it applies to are good."""

    id: str
    """Stable id (docs/json.md), e.g. ``klassa_aktuell``."""
    label: str
    """The report's row: 'KLASSA genomförd och aktuell'."""
    good: tuple[str, ...]
    """The values counted."""
    trend: Trend | None = None
    """How it is shown over time; None: not followed over time."""
    whole: Literal["tillampliga", "alla"] = "tillampliga"
    """What they are counted of: every value but ``ej_tillampligt``, or every processing."""


@dataclass(frozen=True)
class Checkpoint:
    """One checkpoint of the source document (or added later, opt-in through the policy)."""

    key: str
    """Its name in JSON, deviations and column ids: ``klassa``."""
    kind: Kind
    short: str
    """The column header in tables: 'KL'."""
    meaning: str
    """What the column means, for the legend: 'KLASSA (informationsklassning)'."""
    name: str
    """Its name in running text (diff lines, spreadsheet cells): 'KLASSA'."""
    sheet: str
    """Its header in the exported status sheet: 'Behörighetskontroll'."""
    field: str | None = None
    """The processing's field it reads (``senaste_klassa``)."""
    column: str | None = None
    """The spreadsheet header of that field, for date checkpoints ('Senaste KLASSA')."""
    hint: str | None = None
    """The comment above the field in the skeleton of ``lgtool ny`` (date checkpoints)."""
    interval: str | None = None
    """The key in ``policy.max_alder_manader`` that holds its interval (date checkpoints)."""
    opt_in: bool = False
    """Added after format version 1: active only when the policy names its interval."""
    applies_when: str | None = None
    """A yes/no field of the processing; where it is not true the status is ej_tillampligt."""
    figure: KeyFigure | None = None
    breakdown: tuple[KeyFigure, ...] = ()
    """Further key figures that split the checkpoint's values (the zone: right, wrong …)."""

    @property
    def values(self) -> tuple[str, ...]:
        """The values it can take, in the order summaries count them."""
        if self.kind == "datum":
            base: tuple[str, ...] = ("aktuell", "forfallen", "saknas", "okand")
        elif self.kind == "zon":
            base = ("ja", "nej", "saknas")
        else:
            base = ("ja", "nej")
        if self.applies_when or self.kind == "zon" or self.key == "konsekvensbedomning":
            base = (*base, EJ_TILLAMPLIGT)
        return base


def _date_checkpoint(
    key: str,
    labels: tuple[str, str, str, str, str, str, str],
    trend: Trend,
    *,
    opt_in: bool = False,
    applies_when: str | None = None,
) -> Checkpoint:
    """A dated review: field ``senaste_<key>``, interval ``max_alder_manader.<key>``.

    ``labels``: short header, legend meaning, name in text, status-sheet header,
    register-sheet header of the field, the report's key-figure row, and the
    skeleton's comment on the field.
    """
    short, meaning, name, sheet, column, figure, hint = labels
    return Checkpoint(
        key=key,
        kind="datum",
        short=short,
        meaning=meaning,
        name=name,
        sheet=sheet,
        field=f"senaste_{key}",
        column=column,
        hint=hint,
        interval=key,
        opt_in=opt_in,
        applies_when=applies_when,
        figure=KeyFigure(f"{key}_aktuell", figure, ("aktuell",), trend),
    )


_CURRENT = "andel med aktuell kontroll"

CHECKPOINTS: tuple[Checkpoint, ...] = (
    _date_checkpoint(
        "klassa",
        (
            "KL",
            "KLASSA (informationsklassning)",
            "KLASSA",
            "KLASSA",
            "Senaste KLASSA",
            "KLASSA genomförd och aktuell",
            "Datum (ÅÅÅÅ-MM-DD) för senast genomförda KLASSA; null = aldrig.",
        ),
        Trend("KLASSA", "KLASSA aktuell", _CURRENT),
    ),
    _date_checkpoint(
        "rsa",
        (
            "RSA",
            "risk- och sårbarhetsanalys",
            "RSA",
            "RSA",
            "Senaste RSA",
            "RSA genomförd och aktuell",
            "Datum (ÅÅÅÅ-MM-DD) för senast genomförda risk- och sårbarhetsanalys (RSA); "
            "null = aldrig.",
        ),
        Trend("RSA", "RSA aktuell", _CURRENT),
    ),
    _date_checkpoint(
        "behorighetskontroll",
        (
            "BK",
            "behörighetskontroll",
            "behörighetskontroll",
            "Behörighetskontroll",
            "Senaste behörighetskontroll",
            "Behörighetskontroll genomförd och aktuell",
            "Datum (ÅÅÅÅ-MM-DD) för senaste behörighetskontroll; null = aldrig.",
        ),
        Trend("BK", "behörighetskontroll aktuell", _CURRENT, "behörighetskontroll"),
    ),
    _date_checkpoint(
        "kontinuitetsovning",
        (
            "KÖ",
            "kontinuitetsövning (av dem med kontinuitetsplan)",
            "kontinuitetsövning",
            "Kontinuitetsövning",
            "Senaste kontinuitetsövning",
            "Kontinuitetsplanen övad och aktuell (av dem med kontinuitetsplan)",
            "Datum (ÅÅÅÅ-MM-DD) för senaste övning av kontinuitetsplanen; null = aldrig. "
            "Räknas bara när policyn anger max_alder_manader.kontinuitetsovning.",
        ),
        Trend(
            "KÖ",
            "kontinuitetsövning aktuell",
            "andel med aktuell övning av dem med kontinuitetsplan",
            "kontinuitetsövning",
        ),
        opt_in=True,
        applies_when="kontinuitetsplan",
    ),
    Checkpoint(
        "registerford",
        "janej",
        "Reg",
        "registerförd enligt GDPR",
        "registerförd",
        "Registerförd enligt GDPR",
        field="registerford",
        applies_when="personuppgifter",
        figure=KeyFigure(
            "registerford",
            "Registerförda enligt GDPR (av dem med personuppgifter)",
            ("ja",),
            Trend(
                "Reg",
                "registerförda",
                "andel registerförda av dem med personuppgifter",
                diff_name="registerförda (av dem med personuppgifter)",
            ),
        ),
    ),
    Checkpoint(
        "konsekvensbedomning",
        "janej",
        "KB",
        "konsekvensbedömning (GDPR)",
        "konsekvensbedömning",
        "Konsekvensbedömning",
        field="konsekvensbedomning",
        figure=KeyFigure(
            "konsekvensbedomning",
            "Konsekvensbedömning genomförd (av dem där den är tillämplig)",
            ("ja",),
        ),
    ),
    Checkpoint(
        "klassningsprotokoll",
        "janej",
        "Pro",
        "informationsklassningsprotokoll finns",
        "klassningsprotokoll",
        "Klassningsprotokoll finns",
        field="klassningsprotokoll",
        figure=KeyFigure("klassningsprotokoll", "Informationsklassningsprotokoll finns", ("ja",)),
    ),
    Checkpoint(
        "systembeskrivning",
        "janej",
        "Bes",
        "systemskiss/beskrivning finns",
        "systembeskrivning",
        "Systembeskrivning finns",
        field="systembeskrivning",
        figure=KeyFigure("systembeskrivning", "Systemskiss/beskrivning finns", ("ja",)),
    ),
    Checkpoint(
        "roller",
        "roller",
        "Rol",
        "ansvarsroller namnsatta enligt pm3",
        "ansvarsroller",
        "Roller namnsatta enligt pm3",
        field="roller",
        figure=KeyFigure("roller_namnsatta", "Ansvarsroller namnsatta enligt pm3", ("ja",)),
    ),
    Checkpoint(
        "natverkszon",
        "zon",
        "Zon",
        "nätverkssäkerhetszon enligt klassningen",
        "nätverkszon",
        "Nätverkszon enligt klassning",
        field="natverkszon",
        applies_when="system",
        figure=KeyFigure(
            "natverkszon_ratt",
            "Placerade i den nätverkszon klassningen kräver (av dem med IT-system)",
            ("ja",),
        ),
        breakdown=(
            KeyFigure(
                "natverkszon_fel", "– i en annan nätverkszon än klassningen kräver", ("nej",)
            ),
            KeyFigure(
                "natverkszon_ej_angiven",
                "– nätverkszon eller konfidentialitetsnivå inte angiven",
                ("saknas",),
            ),
            KeyFigure(
                "natverkszon_ej_tillampligt",
                "Utan eget IT-system (nätverkszon ej tillämplig)",
                (EJ_TILLAMPLIGT,),
                whole="alla",
            ),
        ),
    ),
    Checkpoint(
        "gula",
        "antal",
        "Gul",
        "ohanterade gula punkter (uppfyller delvis)",
        "gula",
        "Ohanterade gula",
        field="handlingsplan",
    ),
    Checkpoint(
        "roda",
        "antal",
        "Röd",
        "ohanterade röda punkter (uppfyller inte alls)",
        "röda",
        "Ohanterade röda",
        field="handlingsplan",
    ),
)
"""Every checkpoint lgtool knows, in the order of the source document."""

BY_KEY: Mapping[str, Checkpoint] = {c.key: c for c in CHECKPOINTS}

DATE_CHECKPOINTS: tuple[str, ...] = tuple(c.key for c in CHECKPOINTS if c.kind == "datum")
"""Every dated checkpoint (the reviews ``lgtool registrera`` records), active or not."""

UTAN_AVVIKELSE = KeyFigure("utan_avvikelse", "Utan avvikelse", ())
"""The share of processings where no checkpoint deviates (its own rule)."""


def active_checkpoints(policy: Policy) -> tuple[Checkpoint, ...]:
    """The checkpoints this policy checks: the zone only with a zone map, opt-ins when named."""
    chosen = []
    for c in CHECKPOINTS:
        if c.kind == "zon" and policy.zon_for_konfidentialitet is None:
            continue
        if c.opt_in and getattr(policy.max_alder_manader, c.interval or "") is None:
            continue
        chosen.append(c)
    return tuple(chosen)


@lru_cache(maxsize=8192)  # a register has far fewer distinct dates than checkpoints
def add_months(start: date, months: int) -> date:
    """Calendar months later, the day clamped to the month's end (2024-02-29 + 12 → 2025-02-28)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@dataclass(frozen=True, slots=True)  # one per dated checkpoint of every processing
class DatumKontroll:
    """A dated checkpoint (KLASSA, RSA, access review …)."""

    status: DatumStatus
    datum: date | None


@dataclass(frozen=True, slots=True)
class RollKontroll:
    """Whether every required pm3 role has a named person."""

    status: JaNej
    saknas: tuple[str, ...]


Varde = DatumKontroll | RollKontroll | str | int | None
"""A checkpoint's value for one processing."""


class Kontrollpunkter(Mapping[str, Varde]):
    """The active checkpoints' values for one processing, by checkpoint key, in table order."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Varde]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Varde:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    # The dict's own views: Mapping's are a Python call per item, for every processing.
    def keys(self) -> KeysView[str]:
        return self._values.keys()

    def values(self) -> ValuesView[Varde]:
        return self._values.values()

    def items(self) -> ItemsView[str, Varde]:
        return self._values.items()

    def __repr__(self) -> str:
        return f"Kontrollpunkter({self._values!r})"

    def datum(self, key: str) -> DatumKontroll:
        """The dated checkpoint called ``key`` (klassa, rsa, behorighetskontroll …)."""
        value = self._values[key]
        assert isinstance(value, DatumKontroll)
        return value

    @property
    def roller(self) -> RollKontroll:
        """The pm3 roles."""
        value = self._values["roller"]
        assert isinstance(value, RollKontroll)
        return value

    @property
    def natverkszon(self) -> str | None:
        """The zone status; None when the policy has no zone map (no zone check)."""
        value = self._values.get("natverkszon")
        return value if isinstance(value, str) else None

    @property
    def gula(self) -> int | None:
        """Open yellow items; None when the processing has no handlingsplan."""
        return self._count("gula")

    @property
    def roda(self) -> int | None:
        """Open red items; None when the processing has no handlingsplan."""
        return self._count("roda")

    def _count(self, key: str) -> int | None:
        value = self._values[key]
        return value if isinstance(value, int) else None


class Kort(NamedTuple):
    """What lists, summaries and selections use of a processing: its id and grouping."""

    id: str
    namn: str
    forvaltningsobjekt: str
    system: str | None
    kategori: Kategori

    @classmethod
    def of(cls, behandling: Behandling) -> Kort:
        """The short form of ``behandling``."""
        b = behandling
        return cls(b.id, b.namn, b.forvaltningsobjekt, b.system, b.kategori)


class BehandlingStatus:
    """One processing with its computed checkpoints.

    ``behandling`` may be given as a function that builds the model when it is
    first asked for: a status taken from the per-processing cache
    (:mod:`lgtool.processing_cache`) has its :attr:`kort`, checkpoints and JSON
    text, and builds the whole model only for a caller that needs more.
    """

    __slots__ = ("_behandling", "_kontrollpunkter", "avvikelser", "json", "kort")

    kort: Kort
    avvikelser: tuple[str, ...]
    """The checkpoints that deviate; empty when everything is in order."""
    json: str | Callable[[], str] | None
    """Its entry in ``status --format json`` as written, when already known
    (:func:`lgtool.render.data.behandling_json`), or a function that gives it."""

    def __init__(
        self,
        behandling: Behandling | Callable[[], Behandling],
        kontrollpunkter: Kontrollpunkter | Callable[[], Kontrollpunkter],
        avvikelser: tuple[str, ...],
        *,
        kort: Kort | None = None,
        json: str | Callable[[], str] | None = None,
    ) -> None:
        if kort is None:
            assert isinstance(behandling, Behandling)
            kort = Kort.of(behandling)
        self._behandling = behandling
        self.kort = kort
        self._kontrollpunkter = kontrollpunkter
        self.avvikelser = avvikelser
        self.json = json

    @property
    def kontrollpunkter(self) -> Kontrollpunkter:
        """The active checkpoints' values (read now if they were given as a function)."""
        found = self._kontrollpunkter
        if not isinstance(found, Kontrollpunkter):
            found = self._kontrollpunkter = found()
        return found

    @property
    def behandling(self) -> Behandling:
        """The processing's model (built now if it was given as a function)."""
        found = self._behandling
        if not isinstance(found, Behandling):
            found = self._behandling = found()
        return found

    @property
    def avvikelse(self) -> bool:
        """True when any checkpoint deviates."""
        return bool(self.avvikelser)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BehandlingStatus):
            return NotImplemented
        return (self.behandling, self.kontrollpunkter, self.avvikelser) == (
            other.behandling,
            other.kontrollpunkter,
            other.avvikelser,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable: the model is built on demand

    def __repr__(self) -> str:
        return f"BehandlingStatus({self.kort!r}, {self.kontrollpunkter!r}, {self.avvikelser!r})"


@dataclass(frozen=True)
class Summering:
    """Counts over a group of processings."""

    antal: int
    avvikelser: int
    varden: Mapping[str, Mapping[str, int]]
    """Per active checkpoint (not the counts of items): how many have each value."""
    gula: int
    roda: int
    utan_handlingsplan: int

    def __getitem__(self, key: str) -> Mapping[str, int]:
        """How many processings have each value of checkpoint ``key``."""
        return self.varden[key]

    @property
    def natverkszon(self) -> Mapping[str, int] | None:
        """The zone counts; None when the policy has no zone map."""
        return self.varden.get("natverkszon")

    def share(self, key: str, figure: KeyFigure | None = None) -> Andel:
        """Checkpoint ``key``'s key figure (or ``figure``, one of its breakdown)."""
        figure = figure or BY_KEY[key].figure
        assert figure is not None
        counts = self.varden[key]
        if figure.whole == "alla":
            whole = sum(counts.values())
        else:
            whole = sum(n for value, n in counts.items() if value != EJ_TILLAMPLIGT)
        return Andel(sum(counts[value] for value in figure.good), whole)

    def figures(self) -> list[tuple[KeyFigure, Andel]]:
        """Every key figure of the active checkpoints (with breakdowns), then 'utan avvikelse'."""
        found = []
        for key in self.varden:
            c = BY_KEY[key]
            for figure in (c.figure, *c.breakdown) if c.figure else ():
                found.append((figure, self.share(key, figure)))
        found.append((UTAN_AVVIKELSE, Andel(self.antal - self.avvikelser, self.antal)))
        return found

    def okanda(self) -> int:
        """How many dated checkpoint values are unknown at the reference date (``okand``)."""
        return sum(counts.get("okand", 0) for counts in self.varden.values())


@dataclass(frozen=True)
class Andel:
    """A share: ``antal`` of ``av``."""

    antal: int
    av: int

    @property
    def andel(self) -> float | None:
        """The share 0–1; None when there is nothing to share."""
        return self.antal / self.av if self.av else None


Anledning = Literal[
    "per_ej_passerat", "inte_i_git", "ingen_commit", "grund_klon", "registret_saknas"
]
"""Why the working tree is the basis: the reference date is today or later; the register
is not in git; no commit on or before the reference date; none in a shallow clone, whose
history is cut off; the register (or a usable organisation.yaml) did not exist in that
commit."""


@dataclass(frozen=True)
class Underlag:
    """What the figures rest on: the last commit on or before the reference date, or the
    working tree (:func:`lgtool.asof.register_per` decides)."""

    kalla: Literal["commit", "arbetskopian"] = "arbetskopian"
    commit: str | None = None
    """The full commit id, when ``kalla`` is ``commit``."""
    commit_datum: date | None = None
    senare_registrerade_datum: int = 0
    """Dates on or before the reference date that were recorded after the commit."""
    utelamnade_behandlingar: tuple[str, ...] = ()
    """Processings in the working tree that the commit does not have: added after it."""
    fel_i_commit: int = 0
    """Problems in the commit's files (those files are left out, as in ``lgtool trend``)."""
    anledning: Anledning | None = None
    """Why the working tree is used; None with a commit."""

    @property
    def kort(self) -> str | None:
        """The abbreviated commit id shown to people."""
        return self.commit[:7] if self.commit else None


ARBETSKOPIAN = Underlag(anledning="per_ej_passerat")
"""The basis of a status at today's date or later."""


@dataclass(frozen=True)
class Status:
    """The status of (a selection of) the register at a reference date."""

    per: date
    organisation: str
    objekt: Mapping[str, Forvaltningsobjekt]
    checkpoints: tuple[Checkpoint, ...]
    """The active checkpoints (:func:`active_checkpoints`), in table order."""
    behandlingar: tuple[BehandlingStatus, ...]
    """Sorted per förvaltningsobjekt (register order), then system, then id."""
    policy: Policy = field(repr=False, default_factory=Policy)
    underlag: Underlag = ARBETSKOPIAN
    """What the register's values were taken from (set by the caller; default the working tree)."""
    summeringar: Mapping[str, Summering] | None = field(default=None, compare=False, repr=False)
    """Summaries of förvaltningsobjekt counted before, by id: exactly this status's processings
    of the objekt (:mod:`lgtool.processing_cache` keeps them). :meth:`select` drops them."""

    @property
    def zonkontroll(self) -> bool:
        """Whether the policy checks network zones."""
        return any(c.kind == "zon" for c in self.checkpoints)

    @cached_property  # a status is frozen; the table and its basis line both ask
    def summering(self) -> Summering:
        """Counts over every processing in this status: the förvaltningsobjekt's added up."""
        parts = [part for _, part in self.summering_per_objekt]
        if sum(part.antal for part in parts) != len(self.behandlingar):
            return summarize(self.behandlingar, self.checkpoints)  # (not grouped: counted)
        return add_up(parts, self.checkpoints)

    @cached_property
    def summering_per_objekt(self) -> list[tuple[Forvaltningsobjekt, Summering]]:
        """:meth:`summarize` of each group of :meth:`per_objekt` (counted once)."""
        known = self.summeringar or {}
        return [
            (objekt, known.get(objekt.id) or self.summarize(items))
            for objekt, items in self.per_objekt()
        ]

    def summarize(self, items: Sequence[BehandlingStatus]) -> Summering:
        """Counts over some of this status's processings (a förvaltningsobjekt, a kategori)."""
        return summarize(items, self.checkpoints)

    def per_objekt(self) -> list[tuple[Forvaltningsobjekt, tuple[BehandlingStatus, ...]]]:
        """The processings per förvaltningsobjekt in register order; empty groups left out."""
        # One pass over the processings: a city has hundreds of objekt and thousands of them.
        members: dict[str, list[BehandlingStatus]] = {}
        for s in self.behandlingar:
            members.setdefault(s.kort.forvaltningsobjekt, []).append(s)
        return [
            (objekt, tuple(members[objekt_id]))
            for objekt_id, objekt in self.objekt.items()
            if objekt_id in members
        ]

    def per_kategori(self) -> list[tuple[str, tuple[BehandlingStatus, ...]]]:
        """The processings grouped per kategori in priority order; empty groups left out."""
        groups: list[tuple[str, tuple[BehandlingStatus, ...]]] = []
        for kategori in KATEGORIER:
            items = tuple(s for s in self.behandlingar if s.kort.kategori == kategori)
            if items:
                groups.append((kategori, items))
        return groups


def _date_status(done: date | None, months: int, per: date) -> DatumKontroll:
    if done is None:
        return DatumKontroll("saknas", None)
    if done > per:  # recorded after the reference date: what was true then is not known
        return DatumKontroll("okand", done)
    if add_months(done, months) >= per:
        return DatumKontroll("aktuell", done)
    return DatumKontroll("forfallen", done)


def effective_roles(objekt: Forvaltningsobjekt, behandling: Behandling) -> dict[str, str | None]:
    """The objekt's roles overlaid key by key by the processing's own (null un-names a role)."""
    roles = dict(objekt.roller)
    roles.update(behandling.roller or {})
    return roles


def _applies(value: object) -> bool:
    """A yes/no field that is true, or a text field that is filled in (``system``)."""
    return value is True or (isinstance(value, str) and bool(value.strip()))


def date_checkpoint(
    c: Checkpoint, behandling: Behandling, policy: Policy, per: date
) -> DatumKontroll:
    """Date checkpoint ``c`` (``kind`` datum) of one processing at ``per``: the last date
    against the policy's interval, or not applicable."""
    done: date | None = getattr(behandling, c.field or "")
    if c.applies_when is not None and not _applies(getattr(behandling, c.applies_when)):
        return DatumKontroll("ej_tillampligt", done)
    months: int = getattr(policy.max_alder_manader, c.interval or "")
    return _date_status(done, months, per)


def _value(
    c: Checkpoint, behandling: Behandling, objekt: Forvaltningsobjekt, policy: Policy, per: date
) -> Varde:
    """Checkpoint ``c`` of one processing."""
    if c.kind == "datum":
        return date_checkpoint(c, behandling, policy, per)
    applies = c.applies_when is None or _applies(getattr(behandling, c.applies_when))
    if c.kind == "janej":
        if not applies:
            return EJ_TILLAMPLIGT
        value = getattr(behandling, c.field or "")
        return ("ja" if value else "nej") if isinstance(value, bool) else str(value)
    if c.kind == "roller":
        roles = effective_roles(objekt, behandling)
        missing = tuple(r for r in policy.pm3_roller if not (roles.get(r) or "").strip())
        return RollKontroll("nej" if missing else "ja", missing)
    if c.kind == "zon":
        if not applies:
            return EJ_TILLAMPLIGT
        zones = policy.zon_for_konfidentialitet or {}
        klassning = behandling.klassning
        required = zones.get(klassning.konfidentialitet) if klassning else None
        if required is None or behandling.natverkszon is None:
            return "saknas"
        return "ja" if behandling.natverkszon == required else "nej"
    plan = behandling.handlingsplan  # kind == "antal": open items, listed or counted
    return None if plan is None else plan.antal("gul" if c.key == "gula" else "rod")


def compute_checkpoints(
    behandling: Behandling,
    objekt: Forvaltningsobjekt,
    policy: Policy,
    per: date,
    checkpoints: Sequence[Checkpoint] | None = None,
) -> BehandlingStatus:
    """The checkpoints of one processing at reference date ``per``."""
    active = active_checkpoints(policy) if checkpoints is None else checkpoints
    points = Kontrollpunkter({c.key: _value(c, behandling, objekt, policy, per) for c in active})
    return BehandlingStatus(behandling, points, _deviations(active, points))


def _deviations(checkpoints: Sequence[Checkpoint], points: Kontrollpunkter) -> tuple[str, ...]:
    found: list[str] = []
    values = points._values
    for c in checkpoints:
        value = values[c.key]
        if c.kind == "datum":
            assert isinstance(value, DatumKontroll)
            if value.status in ("forfallen", "saknas"):
                found.append(c.key)
        elif c.kind == "roller":
            assert isinstance(value, RollKontroll)
            if value.status == "nej":
                found.append(c.key)
        elif c.kind in ("janej", "zon"):
            if value in ("nej", "saknas"):
                found.append(c.key)
        elif value is None:  # no handlingsplan: said once, not per colour
            if "handlingsplan" not in found:
                found.append("handlingsplan")
        elif isinstance(value, int) and value > 0:
            found.append(c.key)
    return tuple(found)


def compute_status(
    organisation: Organisation,
    behandlingar: Iterable[Behandling],
    per: date,
    *,
    reuse: Status | None = None,
) -> Status:
    """The status of every processing at ``per``: the one computation all commands share.

    ``reuse``: a status computed before (``lgtool diff``'s other side); a processing
    equal to one there, under an equal policy and objekt at the same date, keeps its
    checkpoints instead of having them computed again.
    """
    objekt = {o.id: o for o in organisation.forvaltningsobjekt}
    policy = organisation.policy
    active = active_checkpoints(policy)
    known: dict[str, BehandlingStatus] = {}
    if reuse is not None and reuse.per == per and reuse.policy == policy and reuse.objekt == objekt:
        known = {s.kort.id: s for s in reuse.behandlingar}
    items = []
    for b in behandlingar:
        if b.forvaltningsobjekt not in objekt:
            continue
        before = known.get(b.id)
        if before is not None and before.behandling is b:
            items.append(before)
        elif before is not None and before.behandling == b:  # the same values, read twice
            items.append(BehandlingStatus(b, before.kontrollpunkter, before.avvikelser))
        else:
            items.append(compute_checkpoints(b, objekt[b.forvaltningsobjekt], policy, per, active))
    return build_status(organisation, items, per)


def build_status(organisation: Organisation, items: list[BehandlingStatus], per: date) -> Status:
    """The status of the processings ``items``, computed at ``per`` (:func:`compute_checkpoints`)
    for this organisation's policy, in the order every command shows them."""
    objekt = {o.id: o for o in organisation.forvaltningsobjekt}
    order = {objekt_id: i for i, objekt_id in enumerate(objekt)}
    items.sort(
        key=lambda s: (
            order[s.kort.forvaltningsobjekt],
            (s.kort.system or "").casefold(),
            s.kort.id,
        )
    )
    return Status(
        per=per,
        organisation=organisation.organisation,
        objekt=objekt,
        checkpoints=active_checkpoints(organisation.policy),
        behandlingar=tuple(items),
        policy=organisation.policy,
    )


def status_word(value: Varde) -> str | None:
    """The value a summary counts: a date's or roles' status, a yes/no word; None for counts."""
    if isinstance(value, DatumKontroll | RollKontroll):
        return value.status
    return value if isinstance(value, str) else None


def summarize(items: Sequence[BehandlingStatus], checkpoints: Sequence[Checkpoint]) -> Summering:
    """Counts of every checkpoint's values over ``items``."""
    # One pass, not one per checkpoint: status sums up every förvaltningsobjekt too.
    counted = [c for c in checkpoints if c.kind != "antal"]
    varden = {c.key: dict.fromkeys(c.values, 0) for c in counted}
    keys = [(c.key, varden[c.key]) for c in counted]
    avvikelser = gula = roda = utan_handlingsplan = 0
    dated, named = DatumKontroll, RollKontroll
    for s in items:  # status_word inlined: 10,000 processings × every checkpoint, twice
        values = s.kontrollpunkter._values
        if s.avvikelser:
            avvikelser += 1
        for key, counts in keys:
            value = values[key]
            kind = type(value)
            if kind is str:
                counts[value] += 1  # type: ignore[index]
            elif kind is dated or kind is named:
                counts[value.status] += 1  # type: ignore[union-attr]
        yellow = values["gula"]
        if type(yellow) is int:
            gula += yellow
        else:
            utan_handlingsplan += 1
        red = values["roda"]
        if type(red) is int:
            roda += red
    return Summering(
        antal=len(items),
        avvikelser=avvikelser,
        varden=varden,
        gula=gula,
        roda=roda,
        utan_handlingsplan=utan_handlingsplan,
    )


def add_up(parts: Sequence[Summering], checkpoints: Sequence[Checkpoint]) -> Summering:
    """The counts of several groups together: what :func:`summarize` gives for all of them."""
    counted = [c for c in checkpoints if c.kind != "antal"]
    varden = {c.key: dict.fromkeys(c.values, 0) for c in counted}
    for part in parts:
        for key, counts in varden.items():
            for value, n in part.varden[key].items():
                counts[value] += n
    return Summering(
        antal=sum(p.antal for p in parts),
        avvikelser=sum(p.avvikelser for p in parts),
        varden=varden,
        gula=sum(p.gula for p in parts),
        roda=sum(p.roda for p in parts),
        utan_handlingsplan=sum(p.utan_handlingsplan for p in parts),
    )


def select(
    status: Status,
    *,
    objekt: Sequence[str] = (),
    kategori: Sequence[str] = (),
    bara_avvikelser: bool = False,
) -> Status:
    """The same status restricted to some objekt, kategorier, or to deviating processings."""
    if not (objekt or kategori or bara_avvikelser):
        return status  # (its summary is counted once)
    items = tuple(
        s
        for s in status.behandlingar
        if (not objekt or s.kort.forvaltningsobjekt in objekt)
        and (not kategori or s.kort.kategori in kategori)
        and (not bara_avvikelser or s.avvikelse)
    )
    return Status(
        per=status.per,
        organisation=status.organisation,
        objekt=status.objekt,
        checkpoints=status.checkpoints,
        behandlingar=items,
        policy=status.policy,
        underlag=status.underlag,
    )


FAIL_ON: tuple[FailOn, ...] = get_args(FailOn)
"""The ``--fail-on`` thresholds (:data:`lgtool.options.FailOn`)."""


def fails(status: Status, threshold: FailOn) -> bool:
    """Whether any processing meets the ``--fail-on`` threshold."""
    dated = [c.key for c in status.checkpoints if c.kind == "datum"]
    for s in status.behandlingar:
        p = s.kontrollpunkter
        dates = [p.datum(key).status for key in dated]
        if threshold == "forfallen" and "forfallen" in dates:
            return True
        if threshold == "saknas" and ("saknas" in dates or p.natverkszon == "saknas"):
            return True
        if threshold == "roda" and (p.roda or 0) > 0:
            return True
        if threshold == "avvikelse" and s.avvikelse:
            return True
    return False


def klassa_unknown(status: Status) -> int:
    """How many processings :func:`priority_list` leaves out: their KLASSA is unknown at R."""
    return sum(
        1 for s in status.behandlingar if s.kontrollpunkter.datum("klassa").status == "okand"
    )


def priority_list(status: Status) -> tuple[BehandlingStatus, ...]:
    """Processings whose KLASSA is missing or expired, in the seed's prescribed order.

    A KLASSA that is unknown at the reference date (``okand``) is neither: such
    processings are left out (:func:`klassa_unknown` counts them).

    Unik before gemensam before övrig; saknas before förfallen; higher
    konfidentialitet first (no classification counts lowest); oldest date; id.
    """
    kategori_order = {k: i for i, k in enumerate(KATEGORIER)}
    candidates = [
        s
        for s in status.behandlingar
        if s.kontrollpunkter.datum("klassa").status in ("forfallen", "saknas")
    ]

    def key(s: BehandlingStatus) -> tuple[int, int, int, date, str]:
        b = s.behandling
        klassa = s.kontrollpunkter.datum("klassa")
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
    """The key figures management follows over time (report, trend, diff)."""

    per: date
    antal: int
    andelar: Mapping[str, float | None]
    """``andel_<checkpoint>`` per active checkpoint followed over time, in table order."""
    gula: int
    roda: int
    utan_handlingsplan: int
    avvikelser: int

    def values(self) -> dict[str, int | float | None]:
        """Every figure by name, in the order trend and diff show them."""
        return {
            "antal": self.antal,
            **self.andelar,
            "gula": self.gula,
            "roda": self.roda,
            "utan_handlingsplan": self.utan_handlingsplan,
            "avvikelser": self.avvikelser,
        }


def trend_checkpoints(checkpoints: Sequence[Checkpoint]) -> list[Checkpoint]:
    """The checkpoints whose key figure is followed over time (``andel_<key>``)."""
    return [c for c in checkpoints if c.figure is not None and c.figure.trend is not None]


def key_figures(status: Status) -> Nyckeltal:
    """Shares of the checkpoints followed over time; red and yellow totals."""
    s = status.summering
    return Nyckeltal(
        per=status.per,
        antal=s.antal,
        andelar={
            f"andel_{c.key}": s.share(c.key).andel for c in trend_checkpoints(status.checkpoints)
        },
        gula=s.gula,
        roda=s.roda,
        utan_handlingsplan=s.utan_handlingsplan,
        avvikelser=s.avvikelser,
    )
