"""The city's summary (``lgtool stad report ÅR``): the units' registers as one document.

It is built with the unit report's machinery: the sandboxed template environment
(:mod:`lgtool.report.environment`, template ``stad.md.j2``), its charts
(:func:`lgtool.report.charts.comparison_chart`), the conversion to Word, HTML and PDF
(:mod:`lgtool.report.convert`) and the public version's guard
(:func:`lgtool.report.public.check_public`, run against every unit's register).

The public version shows the units and the city's totals, and applies the
group-size rule within each unit: a unit with fewer processings than its own
policy's ``publik_min_gruppstorlek`` is named without figures. When the units so
left out hold fewer processings together than the largest of their limits, their
figures could be read off the city's total by subtraction; the total is then taken
over the units shown, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lgtool.due import Post, collect
from lgtool.model import Ar
from lgtool.model.organisation import Policy
from lgtool.objectives import Matt
from lgtool.register import Register
from lgtool.stad.rollup import CommonSystem, total

TYP_ORD = {"forvaltning": "förvaltning", "bolag": "bolag"}
SHARES = ("klassa_aktuell", "rsa_aktuell", "behorighetskontroll_aktuell", "utan_avvikelse")
"""The shares of the report's table (and, but for the last, of its chart)."""
CHART_TITLES = ("KLASSA", "RSA", "Behörighetskontroll")


@dataclass(frozen=True)
class UnitFacts:
    """What the city report says of one unit."""

    id: str
    namn: str
    typ: str | None
    nyckeltal: Mapping[str, Matt]
    """Empty when the unit could not be read."""
    register: Register | None
    arsfil: bool
    treaarsplan: bool
    forsenade: tuple[Post, ...]
    """Decisions of the management review not done by their ``senast``."""
    fel: int = 0
    """Errors in the unit's register (its error-free files are counted)."""

    @property
    def antal(self) -> int | None:
        """How many processings the unit's register has (None: not read)."""
        m = self.nyckeltal.get("utan_avvikelse")
        return m.av if m is not None else None

    @property
    def min_gruppstorlek(self) -> int:
        """The unit's own group-size limit for public figures."""
        organisation = self.register.organisation if self.register else None
        policy = organisation.policy if organisation else Policy()
        return policy.publik_min_gruppstorlek


def facts(
    unit_id: str,
    *,
    namn: str,
    typ: str | None,
    register: Register | None,
    nyckeltal: Mapping[str, Matt],
    status: Any,
    year: int,
    fel: int = 0,
) -> UnitFacts:
    """The facts of one unit read (``status`` its computed status at the reference date)."""
    ar = register.ar.get(year) if register else None
    overdue: tuple[Post, ...] = ()
    if register is not None and register.organisation is not None and status is not None:
        behandlingar = [s.behandling for s in status.behandlingar]
        posts = collect(register.organisation, behandlingar, status.per, register.ar)
        overdue = tuple(p for p in posts if p.typ == "beslut" and p.forfallen)
    return UnitFacts(
        unit_id,
        namn,
        typ,
        nyckeltal,
        register,
        ar is not None,
        _three_years(ar, year),
        overdue,
        fel,
    )


def _three_years(ar: Ar | None, year: int) -> bool:
    """Whether the year file plans each of the three years (a priority for each)."""
    return ar is not None and all(ar.prioriteringar.get(y) for y in range(year, year + 3))


def _share(figures: Mapping[str, Matt], key: str) -> float | None:
    m = figures.get(key)
    if m is None or m.antal is None or not m.av:
        return None
    return m.antal / m.av


def _row(figures: Mapping[str, Matt]) -> dict[str, Any]:
    gula, roda = figures.get("gula"), figures.get("roda")
    antal = figures.get("utan_avvikelse")
    return {
        "antal": antal.av if antal else None,
        "klassa": _share(figures, "klassa_aktuell"),
        "rsa": _share(figures, "rsa_aktuell"),
        "behorighetskontroll": _share(figures, "behorighetskontroll_aktuell"),
        "utan_avvikelse": _share(figures, "utan_avvikelse"),
        "gula": gula.antal if gula else None,
        "roda": roda.antal if roda else None,
    }


def shown(unit: UnitFacts, *, publik: bool) -> bool:
    """Whether the unit's figures are shown: read, and in the public version large enough."""
    if not unit.nyckeltal:
        return False
    return not publik or (unit.antal or 0) >= unit.min_gruppstorlek


def build_context(
    stad: str,
    year: int,
    per: date,
    units: Sequence[UnitFacts],
    systems: Sequence[CommonSystem],
    *,
    publik: bool,
) -> dict[str, Any]:
    """The template's context (templates/stad.md.j2)."""
    rows = []
    for u in units:
        row = {
            "namn": u.namn,
            "typ": TYP_ORD.get(u.typ or "", "–"),
            "visas": shown(u, publik=publik),
            "lasbar": bool(u.nyckeltal),
            "min_gruppstorlek": u.min_gruppstorlek,
            "arsfil": "ja" if u.arsfil else "nej",
            "plan": "ja" if u.treaarsplan else "nej",
            "forsenade": len(u.forsenade),
            "beslut": [
                {"text": p.text, "senast": p.datum, "ansvarig": p.ansvarig or "–"}
                for p in u.forsenade
            ],
        }
        rows.append({**_row(u.nyckeltal), **row})
    context: dict[str, Any] = {
        "stad": stad,
        "ar": year,
        "per": per,
        "publik": publik,
        "enheter": rows,
        "totalt": _total(stad, units, publik=publik),
        "plan": {"med": sum(1 for u in units if u.treaarsplan)},
        "forsenade": {
            "enheter": sum(1 for u in units if u.forsenade),
            "antal": sum(len(u.forsenade) for u in units),
        },
        "olasbara": [u.namn for u in units if not u.nyckeltal],
        "med_fel": [u.namn for u in units if u.fel and u.nyckeltal],
        "gemensamma": _common(systems, {u.id: u.namn for u in units}),
        "diagram": {},
    }
    return context


def _total(stad: str, units: Sequence[UnitFacts], *, publik: bool) -> dict[str, Any]:
    """The city's row: every unit read, or in the public version those that may be shown
    when the others could otherwise be read off it (module docstring)."""
    read = [u for u in units if u.nyckeltal]
    hidden = [u for u in read if not shown(u, publik=publik)]
    counted, note = read, None
    if hidden:
        together = sum(u.antal or 0 for u in hidden)
        if together < max(u.min_gruppstorlek for u in hidden):
            counted = [u for u in read if u not in hidden]
            note = (
                "Totalen omfattar de enheter som redovisas; enheter med färre behandlingar än "
                "gränsen för redovisning ingår inte, eftersom deras siffror annars skulle gå att "
                "räkna fram."
            )
        else:
            note = (
                "Totalen omfattar alla enheter, också de som inte redovisas separat eftersom de "
                "har färre behandlingar än gränsen."
            )
    figures = total(u.nyckeltal for u in counted)
    antal = figures.get("utan_avvikelse")
    visible = bool(counted) and (
        not publik or (antal.av or 0) >= max(u.min_gruppstorlek for u in counted)
        if antal
        else False
    )
    return {
        **_row(figures),
        "namn": f"Totalt, {stad}",
        "visas": visible,
        "alla": len(counted) == len(read),
        "anmarkning": note,
    }


def _common(systems: Sequence[CommonSystem], names: Mapping[str, str]) -> dict[str, Any]:
    rows = []
    for s in systems:
        groups: dict[str, list[str]] = {"aktuell": [], "forfallen": [], "saknas": []}
        for unit_id, use in s.enheter:
            name = names.get(unit_id, unit_id)
            if use.klassa == "okand":
                groups["forfallen"].append(f"{name} (okänd per datumet)")
            else:
                groups.setdefault(use.klassa, []).append(name)
        rows.append({"system": s.system, **groups})
    return {
        "antal": len(systems),
        "klassade": sum(1 for s in systems if s.klassade == len(s.enheter)),
        "rader": rows,
    }


def chart(stad: str, units: Sequence[UnitFacts], *, publik: bool) -> Any:
    """The comparison across the units shown and the city; None without matplotlib."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return None
    from lgtool.report.charts import comparison_chart

    drawn = [u for u in units if shown(u, publik=publik)]
    totals = _total(stad, units, publik=publik)
    names = [u.namn for u in drawn]
    shares = [[_share(u.nyckeltal, key) for key in SHARES[:3]] for u in drawn]
    if totals["visas"]:
        names.append(stad)
        shares.append([totals["klassa"], totals["rsa"], totals["behorighetskontroll"]])
    if not drawn:
        return None
    return comparison_chart(
        names,
        shares,
        CHART_TITLES,
        "Andel behandlingar med aktuell KLASSA, RSA och behörighetskontroll per enhet"
        + (" och för staden" if totals["visas"] else ""),
    )


def render_markdown(context: dict[str, Any], mallar: Path | None, *, processings: int) -> str:
    """The document as Markdown from the template ``stad.md.j2`` (a copy in ``mallar``
    replaces it)."""
    from lgtool.report.environment import Limits, make_environment, render, template_folders

    limits = Limits(seconds=5.0 + processings / 10_000)
    env = make_environment(template_folders(mallar, None), limits)
    text = render(env, "stad.md.j2", context)
    text = re.sub(r"[ \t]+\n", "\n", text)  # as the unit report: no trailing spaces,
    text = re.sub(r"\n{3,}", "\n\n", text)  # one blank line at most, one newline last
    return text.strip("\n") + "\n"


def check_public(text: str, stad: str, units: Sequence[UnitFacts]) -> None:
    """Refuse a public city report that names a system, processing or person of any unit.

    The units' and the city's own names are in the document by design; they are taken
    out before the check, so that a processing named like a unit does not stop it.
    """
    from lgtool.report.public import check_public as check_unit

    for name in sorted({stad, *(u.namn for u in units)}, key=len, reverse=True):
        text = text.replace(name, " ")
    for u in units:
        if u.register is not None:
            check_unit(text, u.register)
