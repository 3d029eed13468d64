"""The report's incident summary from the records, and the section "Cybersäkerhetslagen".

Pure, like :mod:`lgtool.report.context`: (organisation, year file, incident records,
reference day, audience) → plain data. In the public version only counts and
shares appear, and a share over fewer incidents than the policy's
``publik_min_gruppstorlek`` is left out; no incident title, processing, system
or person reaches the template.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from lgtool.incidents import (
    CYBERSAKERHETSLAGEN_FRAN,
    REGEL,
    STATUS_TEXT,
    FristStatus,
    IncidentFrister,
    Steg,
    all_frister,
    detected,
)
from lgtool.model import Ar, Organisation
from lgtool.model.incident import STOCKHOLM, Incident

CSIRT_STEG: tuple[Steg, ...] = ("tidig_varning", "incidentanmalan", "slutrapport")
_DUE: tuple[FristStatus, ...] = ("i_tid", "sen", "saknas")
"""The states of a deadline that has passed or been met: the base of a share."""

VERKSAMHETSUTOVARE = {"vasentlig": "väsentlig", "viktig": "viktig"}


def of_year(incidents: Sequence[Incident], year: int) -> list[Incident]:
    """The incidents detected in ``year`` (Swedish time)."""
    return [i for i in incidents if detected(i).astimezone(STOCKHOLM).year == year]


def category_counts(ar: Ar, incidents: Sequence[Incident]) -> dict[str, int] | None:
    """The year's incidents per category: counted from its records when there are any,
    else the year file's ``per_kategori``; None when the year has neither."""
    records = of_year(incidents, ar.ar)
    if not records:
        return dict(ar.incidenter.per_kategori) if ar.incidenter else None
    counts: dict[str, int] = {}
    for i in sorted(records, key=lambda i: i.kategori):
        counts[i.kategori] = counts.get(i.kategori, 0) + 1
    if ar.incidenter is not None and ar.incidenter.per_kategori:  # the year file's order
        counts = {k: counts[k] for k in ar.incidenter.per_kategori if k in counts} | counts
    return counts


def incident_summary(ar: Ar, incidents: Sequence[Incident], category: Any) -> dict[str, Any] | None:
    """The year's incidents per category: from the records when there are any.

    ``category`` turns a category key into its Swedish heading. The year file's
    counts, when it has them, agree with the records (a validation rule).
    """
    inc = ar.incidenter
    counts = category_counts(ar, incidents)
    if counts is None:
        return None
    kalla = inc.kalla if inc is not None else None
    if of_year(incidents, ar.ar) and not kalla:
        kalla = "incidentfilerna i registret"
    return {
        "kalla": kalla,
        "per_kategori": [{"kategori": category(k), "antal": v} for k, v in counts.items()],
        "totalt": sum(counts.values()),
        "sammanfattning": inc.sammanfattning if inc is not None else None,
    }


def _step(items: Sequence[IncidentFrister], steg: Steg, minimum: int | None) -> dict[str, Any]:
    states = [i.frister[steg].status for i in items if i.frister[steg].status != "ej_tillampligt"]
    due = [s for s in states if s in _DUE]
    counts = {s: states.count(s) for s in ("i_tid", "sen", "saknas", "ej_passerad")}
    shown = minimum is None or len(states) >= minimum
    return {
        "steg": steg,
        "namn": REGEL[steg].namn,
        "rubrik": REGEL[steg].namn[:1].upper() + REGEL[steg].namn[1:],
        "antal": len(states),
        "visas": shown,
        "forfallna": len(due) if shown else None,
        "i_tid": counts["i_tid"] if shown else None,
        "sen": counts["sen"] if shown else None,
        "saknas": counts["saknas"] if shown else None,
        "ej_passerad": counts["ej_passerad"] if shown else None,
        "andel": counts["i_tid"] / len(due) if shown and due else None,
    }


def cyber_context(
    organisation: Organisation,
    ar: Ar,
    incidents: Sequence[Incident],
    per: date,
    *,
    publik: bool,
) -> dict[str, Any] | None:
    """The section's data; None for an organisation not known to be in scope, or before 2026."""
    if organisation.omfattas_av_cybersakerhetslagen is not True:
        return None
    if ar.ar < CYBERSAKERHETSLAGEN_FRAN.year:  # the law took effect on 2026-01-15
        return None
    minimum = organisation.policy.publik_min_gruppstorlek if publik else None
    items = all_frister(of_year(incidents, ar.ar), per)
    significant = [i for i in items if i.incident.betydande]
    steps = [_step(items, s, minimum) for s in CSIRT_STEG]
    imy = _step(items, "imy", minimum)
    saknas: list[str] = []
    if organisation.verksamhetsutovare is None:
        saknas.append(
            "organisation.yaml anger inte om organisationen är väsentlig eller viktig "
            "verksamhetsutövare (verksamhetsutovare)."
        )
    if ar.riskhantering_godkand is None:
        saknas.append(
            "Ledningens godkännande av riskhanteringsåtgärderna är inte registrerat "
            "(riskhantering_godkand i årsfilen)."
        )
    if not ar.ledningens_utbildning:
        saknas.append(
            "Ingen utbildning för ledningen är registrerad (ledningens_utbildning i årsfilen)."
        )
    for step in [*steps, imy]:
        missing = sum(1 for i in items if i.frister[step["steg"]].status == "saknas")
        if missing and step["visas"]:
            saknas.append(
                f"{missing} {'incident' if missing == 1 else 'incidenter'} saknar "
                f"{step['namn']} fast fristen har passerat."
            )
    godkand = ar.riskhantering_godkand
    return {
        "verksamhetsutovare": VERKSAMHETSUTOVARE.get(organisation.verksamhetsutovare or ""),
        "per": per,
        "antal_incidenter": len(items),
        "antal_betydande": len(significant),
        "antal_personuppgiftsincidenter": sum(
            1 for i in items if i.incident.personuppgiftsincident
        ),
        "steg": steps,
        "imy": imy,
        "min_gruppstorlek": organisation.policy.publik_min_gruppstorlek,
        "riskhantering_godkand": (
            {
                "datum": godkand.datum,
                "beslutsorgan": godkand.beslutsorgan,
                "diarienummer": godkand.diarienummer,
            }
            if godkand
            else None
        ),
        "utbildning_antal": len({u.namn for u in ar.ledningens_utbildning}),
        "utbildning": []
        if publik
        else [
            {"namn": u.namn, "roll": u.roll, "utbildning": u.utbildning, "datum": u.datum}
            for u in sorted(ar.ledningens_utbildning, key=lambda u: (u.datum, u.namn))
        ],
        "incidenter": []
        if publik
        else [
            {
                "id": i.incident.id,
                "rubrik": i.incident.rubrik,
                "status": {s: STATUS_TEXT[i.frister[s].status] for s in (*CSIRT_STEG, "imy")},
            }
            for i in items
            if i.incident.betydande or i.incident.personuppgiftsincident
        ],
        "saknas": saknas,
    }
