"""Key figures by stable id, and the year's objectives (``mal``) measured against them.

Pure functions over a computed :class:`~lgtool.checkpoints.Status` and the year file.
The ids are documented in docs/json.md and are what ``mal[].nyckeltal`` names: every
checkpoint's key figure (:data:`lgtool.checkpoints.CHECKPOINTS`), ``utan_avvikelse``,
the open yellow and red items, training completion and classified procurements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lgtool.checkpoints import CHECKPOINTS, UTAN_AVVIKELSE, Status, select
from lgtool.model import Ar
from lgtool.model.ar import Mal

COUNT_FIGURES: Mapping[str, str] = {
    "gula": "Öppna gula punkter (uppfyller delvis)",
    "roda": "Öppna röda punkter (uppfyller inte alls)",
}
"""Counts, not shares: the target is a number, usually with ``jamforelse: hogst``."""

YEAR_FIGURES: Mapping[str, str] = {
    "utbildning_informationssakerhet": "Genomfört e-utbildningen i informationssäkerhet",
    "utbildning_dataskydd": "Genomfört e-utbildningen i dataskydd",
    "upphandlingar_klassade": "Upphandlingar med genomförd informationsklassning",
}
"""Shares from the year file; an objective's ``urval`` does not apply to them."""

LABELS: Mapping[str, str] = {
    **{c.figure.id: c.figure.label for c in CHECKPOINTS if c.figure is not None},
    UTAN_AVVIKELSE.id: "Behandlingar utan avvikelse",
    **COUNT_FIGURES,
    **YEAR_FIGURES,
}
"""Every key figure's id and its name in the report, in the order docs/json.md lists them."""

FIGURE_IDS: tuple[str, ...] = tuple(LABELS)


@dataclass(frozen=True)
class Matt:
    """A key figure's value: ``antal`` of ``av`` (a share), or a count (``av`` None).

    Both None: it cannot be measured (no year file, no training figures).
    """

    antal: int | None
    av: int | None


def key_figures_by_id(status: Status, ar: Ar | None) -> dict[str, Matt]:
    """Every key figure of ``status`` (and the year file ``ar``) by id, in :data:`LABELS` order.

    A checkpoint the policy does not check (the continuity exercise without its
    interval, the zone without a zone map) is left out.
    """
    s = status.summering
    found: dict[str, Matt] = {figure.id: Matt(a.antal, a.av) for figure, a in s.figures()}
    found["gula"] = Matt(s.gula, None)
    found["roda"] = Matt(s.roda, None)
    u = ar.utbildning if ar else None
    found["utbildning_informationssakerhet"] = (
        Matt(u.genomfort_informationssakerhet, u.antal_medarbetare) if u else Matt(None, None)
    )
    found["utbildning_dataskydd"] = (
        Matt(u.genomfort_dataskydd, u.antal_medarbetare) if u else Matt(None, None)
    )
    found["upphandlingar_klassade"] = (
        Matt(sum(1 for p in ar.upphandlingar if p.klassning_genomford), len(ar.upphandlingar))
        if ar
        else Matt(None, None)
    )
    return {key: found[key] for key in LABELS if key in found}


@dataclass(frozen=True)
class MalUtfall:
    """One objective measured at a reference date."""

    mal: Mal
    matt: Matt
    utfall: float | int | None
    """Percent (one decimal) for a share, the number for a count; None: cannot be measured."""
    uppfyllt: bool | None
    """Whether the target is met (exactly at the target is met); None: cannot be measured."""
    antal_behandlingar: int
    """How many processings the objective's selection holds (the public group-size rule)."""

    def forfallet(self, per: date) -> bool:
        """Whether the objective is due by ``per`` (its ``senast`` is on or before it)."""
        return self.mal.senast is not None and self.mal.senast <= per


def measure(mal: Mal, matt: Matt) -> tuple[float | int | None, bool | None]:
    """The outcome of ``mal`` for the value ``matt``, and whether the target is met.

    Compared exactly (``antal * 100`` against ``malvarde * av``), so that 5 of 5 meets
    100 and 2 of 3 does not meet 66.67.
    """
    if matt.antal is None:
        return None, None
    if mal.nyckeltal in COUNT_FIGURES:
        value: float | int = matt.antal
        left, right = float(matt.antal), float(mal.malvarde)
    else:
        if not matt.av:
            return None, None
        value = round(100 * matt.antal / matt.av, 1)
        left, right = float(matt.antal * 100), float(mal.malvarde * matt.av)
    return value, (left >= right if mal.jamforelse == "minst" else left <= right)


def evaluate(status: Status, ar: Ar | None) -> list[MalUtfall]:
    """The objectives of ``ar`` measured on ``status`` (the whole organisation's)."""
    if ar is None:
        return []
    results = []
    for mal in ar.mal:
        urval = mal.urval
        part = status
        if urval is not None and mal.nyckeltal not in YEAR_FIGURES:
            part = select(
                status,
                objekt=[urval.forvaltningsobjekt] if urval.forvaltningsobjekt else [],
                kategori=[urval.kategori] if urval.kategori else [],
            )
        matt = key_figures_by_id(part, ar).get(mal.nyckeltal, Matt(None, None))
        utfall, uppfyllt = measure(mal, matt)
        results.append(MalUtfall(mal, matt, utfall, uppfyllt, len(part.behandlingar)))
    return results


def not_met(results: Sequence[MalUtfall], per: date) -> list[MalUtfall]:
    """The objectives due by ``per`` that are not met (``--fail-on mal``)."""
    return [r for r in results if r.forfallet(per) and r.uppfyllt is False]
