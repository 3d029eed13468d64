"""The city's roll-up: each unit's key figures, the city total, and the common systems.

Pure functions over the units' computed statuses (:mod:`lgtool.stad.units`). A
unit's key figures are exactly those of ``lgtool status --format json``
(:func:`lgtool.objectives.key_figures_by_id`), each computed with the unit's own
policy. The city total adds up the counts (``antal`` of ``av``) over the units'
processings; it never averages percentages, so a unit of 400 processings weighs
twenty times one of 20.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lgtool.checkpoints import Status
from lgtool.objectives import FIGURE_IDS, Matt, key_figures_by_id
from lgtool.register import Register

KLASSA_ORDER = ("saknas", "forfallen", "okand", "aktuell")
"""A common system's KLASSA state in a unit, worst first: several of the unit's
processings of the same system are shown by the worst of them."""


@dataclass(frozen=True)
class CommonUse:
    """A city-common system as one unit uses it: its processings and their KLASSA."""

    system: str
    """The system's name as the unit writes it."""
    behandlingar: tuple[str, ...]
    """The unit's processings of the system (kategori gemensam), by id."""
    klassa: str
    """The worst KLASSA state among them (:data:`KLASSA_ORDER`)."""
    datum: date | None
    """The latest KLASSA date among them; None when none has one."""


@dataclass(frozen=True)
class UnitSummary:
    """What the city needs of one unit: errors, key figures and common systems."""

    fel: int
    nyckeltal: Mapping[str, Matt]
    """Key figure id → value, in the order of ``status --format json``; empty when the
    unit could not be read or its organisation.yaml is unusable."""
    gemensamma: tuple[CommonUse, ...]


def summarize(fel: int, register: Register | None, status: Status | None) -> UnitSummary:
    """The summary of a unit read (``status`` None: no figures)."""
    if register is None or status is None:
        return UnitSummary(fel, {}, ())
    year_file = register.ar.get(status.per.year)
    return UnitSummary(fel, key_figures_by_id(status, year_file), common_uses(status))


def common_uses(status: Status) -> tuple[CommonUse, ...]:
    """The unit's processings of kategori gemensam with a system, grouped per system name.

    Names are matched without regard to case and surrounding spaces; the first
    spelling met is kept.
    """
    groups: dict[str, list[tuple[str, str, str, date | None]]] = {}
    for s in status.behandlingar:
        b = s.behandling
        if b.kategori != "gemensam" or not (b.system or "").strip():
            continue
        assert b.system is not None
        klassa = s.kontrollpunkter.datum("klassa")
        groups.setdefault(system_key(b.system), []).append(
            (b.system.strip(), b.id, klassa.status, klassa.datum)
        )
    uses = []
    for items in groups.values():
        states = [state for _, _, state, _ in items]
        dates = [d for _, _, _, d in items if d is not None]
        uses.append(
            CommonUse(
                system=items[0][0],
                behandlingar=tuple(sorted(i for _, i, _, _ in items)),
                klassa=min(states, key=_klassa_rank),
                datum=max(dates) if dates else None,
            )
        )
    return tuple(sorted(uses, key=lambda u: system_key(u.system)))


def system_key(name: str) -> str:
    """The key that makes two spellings of a system's name one system."""
    return " ".join(name.split()).casefold()


def _klassa_rank(state: str) -> int:
    return KLASSA_ORDER.index(state) if state in KLASSA_ORDER else len(KLASSA_ORDER)


def total(figures: Iterable[Mapping[str, Matt]]) -> dict[str, Matt]:
    """The city's key figures: per id, the sum of ``antal`` and the sum of ``av``.

    Units without a figure (the policy does not check it, the year file lacks it)
    are left out of that figure's sums; a figure no unit has is left out, and one
    that no unit can measure has both None. Counts (``gula``, ``roda``) keep ``av``
    None.
    """
    sums: dict[str, tuple[int | None, int | None]] = {}
    for unit in figures:
        for key, m in unit.items():
            antal, av = sums.get(key, (None, None))
            if m.antal is not None:
                antal = (antal or 0) + m.antal
                if m.av is not None:
                    av = (av or 0) + m.av
            sums[key] = (antal, av)
    return {key: Matt(*sums[key]) for key in FIGURE_IDS if key in sums}


@dataclass(frozen=True)
class CommonSystem:
    """One city-common system, listed once, with each unit's use of it."""

    system: str
    enheter: tuple[tuple[str, CommonUse], ...]
    """(unit id, its use), in the order of stad.yaml."""

    @property
    def klassade(self) -> int:
        """How many of the units have a current KLASSA of it."""
        return sum(1 for _, use in self.enheter if use.klassa == "aktuell")


def common_systems(units: Sequence[tuple[str, UnitSummary]]) -> list[CommonSystem]:
    """Every system of kategori gemensam, once, with the units that use it (stad.yaml order).

    Sorted by name (case ignored); a system used by one unit only is listed too, so
    that the city sees it.
    """
    by_key: dict[str, list[tuple[str, CommonUse]]] = {}
    names: dict[str, str] = {}
    for unit_id, summary in units:
        for use in summary.gemensamma:
            key = system_key(use.system)
            names.setdefault(key, use.system)
            by_key.setdefault(key, []).append((unit_id, use))
    return [CommonSystem(names[key], tuple(by_key[key])) for key in sorted(by_key)]
