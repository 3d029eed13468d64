"""The report's context: plain data for the templates, computed from the register.

Pure: (register, year, reference date, audience) → dict. Checkpoints come from
:mod:`lgtool.checkpoints`; nothing is computed twice. In the public version every
per-processing detail is left out here, before any template sees it, and groups
smaller than the policy's minimum are merged or suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from lgtool.checkpoints import (
    BehandlingStatus,
    Nyckeltal,
    Status,
    Summering,
    priority_list,
)
from lgtool.model import Ar, Organisation
from lgtool.model.incident import Incident
from lgtool.objectives import evaluate
from lgtool.render.basis import basis_sentence, priority_note
from lgtool.render.cells import checkpoint_cell, label, legend_symbols
from lgtool.render.diff import role_name
from lgtool.render.objectives import rows as objective_rows
from lgtool.report.cyber import category_counts, cyber_context, incident_summary
from lgtool.report.public import person_roles, role_for

STATUS_ORD = {
    "planerad": "Planerad",
    "pagaende": "Pågående",
    "klar": "Klar",
    "forsenad": "Försenad",
    "struken": "Struken",
}

KATEGORI_ORD = {
    "unik": "Unika för förvaltningen",
    "gemensam": "Stadsgemensamma",
    "ovrig": "Övriga behandlingar",
}

UNDERLAG = (
    ("a", "tidigare_atgarder", "Status för åtgärder från tidigare ledningens genomgångar"),
    ("b", "forandringar", "Förändringar i externa och interna frågor"),
    ("c", "intressenters_behov", "Förändringar i intressenters behov och förväntningar"),
    ("d", "maluppfyllelse", "Återkoppling om informationssäkerhetens prestanda och måluppfyllelse"),
    ("e", "aterkoppling", "Återkoppling från intressenter"),
    ("f", "risker", "Resultat av riskbedömning och status för riskbehandlingsplanen"),
    ("g", "forbattringsmojligheter", "Möjligheter till ständig förbättring"),
)
"""ISO/IEC 27001:2022 9.3.2 a–g: letter, field in the year file, Swedish heading."""


@dataclass(frozen=True)
class Jamforelse:
    """Key figures at this year end and the previous one (from the git history)."""

    nu: Nyckeltal
    foregaende: Nyckeltal
    arsskiften: tuple[Nyckeltal, ...] = ()
    """The key figures at each of the last year ends the history has (for the chart)."""


_INCIDENT_WORDS = {
    "informationssakerhet": "Informationssäkerhet",
    "it-sakerhet": "IT-säkerhet",
    "it_sakerhet": "IT-säkerhet",
    "dataskydd": "Dataskydd",
    "personuppgiftsincident": "Personuppgiftsincident",
    "natfiske": "Nätfiske",
    "skadlig-kod": "Skadlig kod",
    "skadlig_kod": "Skadlig kod",
    "obehorig-atkomst": "Obehörig åtkomst",
    "obehorig_atkomst": "Obehörig åtkomst",
    "forlust-stold": "Förlust eller stöld",
    "forlust_stold": "Förlust eller stöld",
    "felsandning": "Felsändning",
    "driftstorning": "Driftstörning",
    "ovrigt": "Övrigt",
}


def incident_category(key: str) -> str:
    """An incident category key as a Swedish heading (keys are ASCII: 'natfiske' → 'Nätfiske')."""
    return _INCIDENT_WORDS.get(key, key.replace("_", " ").replace("-", " ").capitalize())


def _share(part: int, whole: int) -> dict[str, Any]:
    return {"antal": part, "av": whole, "andel": part / whole if whole else None}


def _key_figure_rows(s: Summering) -> list[dict[str, Any]]:
    return [
        {"id": figure.id, "namn": figure.label, **_share(a.antal, a.av)}
        for figure, a in s.figures()
    ]


def _counts(s: Summering) -> dict[str, int]:
    klassa = s["klassa"]
    return {
        "antal": s.antal,
        "klassa_aktuell": klassa["aktuell"],
        "behover_klassas": klassa["forfallen"] + klassa["saknas"],
        "gula": s.gula,
        "roda": s.roda,
        "utan_handlingsplan": s.utan_handlingsplan,
        "avvikelser": s.avvikelser,
    }


def _kategori_groups(status: Status, minimum: int | None) -> list[dict[str, Any]]:
    """Figures per kategori; with ``minimum``, small groups are merged, then suppressed."""
    groups = [(KATEGORI_ORD[k], list(items)) for k, items in status.per_kategori()]
    if minimum is not None:
        merged: list[tuple[str, list[BehandlingStatus]]] = []
        small: list[BehandlingStatus] = []
        for name, items in groups:
            if len(items) >= minimum:
                merged.append((name, items))
            else:
                small.extend(items)
        if small:
            if len(small) >= minimum:
                merged.append(("Övriga kategorier (sammanslagna)", small))
            elif merged:
                # Too few to show on their own: fold them into the largest group.
                largest = max(range(len(merged)), key=lambda i: len(merged[i][1]))
                name, items = merged[largest]
                merged[largest] = (f"{name} m.fl.", items + small)
        groups = merged
    return [{"namn": name, **_counts(status.summarize(items))} for name, items in groups]


def _status_tables(status: Status) -> list[dict[str, Any]]:
    tables = []
    for objekt, items in status.per_objekt():
        rows = []
        for s in items:
            cells = [checkpoint_cell(s.kontrollpunkter, c.key).symbol for c in status.checkpoints]
            rows.append({"behandling": label(s), "id": s.behandling.id, "celler": cells})
        s_obj = status.summarize(items)
        tables.append({"namn": objekt.namn, "id": objekt.id, "rader": rows, **_counts(s_obj)})
    return tables


def _priority_rows(status: Status) -> list[dict[str, Any]]:
    rows = []
    for s in priority_list(status):
        b = s.behandling
        klassa = s.kontrollpunkter.datum("klassa")
        rows.append(
            {
                "behandling": b.namn,
                "objekt": status.objekt[b.forvaltningsobjekt].namn,
                "kategori": KATEGORI_ORD[b.kategori],
                "status": klassa.status,
                "datum": klassa.datum,
                "konfidentialitet": b.klassning.konfidentialitet if b.klassning else None,
            }
        )
    return rows


def _prioriteringar(ar: Ar | None, year: int) -> list[dict[str, Any]]:
    if ar is None:
        return []
    return [
        {
            "text": p.text,
            "ansvarig": p.ansvarig,
            "status": STATUS_ORD[p.status],
            "kod": p.status,
            "kommentar": p.kommentar,
        }
        for p in ar.prioriteringar.get(year, [])
    ]


def _underlag(ar: Ar) -> list[dict[str, Any]]:
    lg = ar.ledningens_genomgang
    return [
        {"bokstav": letter, "rubrik": heading, "text": getattr(lg, field) if lg else None}
        for letter, field, heading in UNDERLAG
    ]


def _nyckeltal(n: Nyckeltal) -> dict[str, Any]:
    return {"per": n.per, **n.values()}


def _tidigare_beslut(foregaende: Ar | None, per: date) -> list[dict[str, Any]]:
    """9.3.2 a: the previous year's decision records, followed up in that year's file.

    A decision is overdue (``forsenad``) when its status says so, or when it is neither
    done nor struck and its ``senast`` lies before the reference date.
    """
    lg = foregaende.ledningens_genomgang if foregaende else None
    rows = []
    for b in lg.beslut if lg else []:
        if isinstance(b, str):
            continue
        overdue = b.status == "forsenad" or (
            b.status not in ("klar", "struken") and b.senast is not None and b.senast < per
        )
        rows.append(
            {
                "id": b.id,
                "text": b.text,
                "ansvarig": b.ansvarig,
                "senast": b.senast,
                "status": STATUS_ORD[b.status],
                "kod": b.status,
                "forsenad": overdue,
                "uppfoljning": b.uppfoljning,
            }
        )
    return rows


def _beslut_text(ar: Ar) -> list[str]:
    """Section 10: this year's decisions as text (a record by its text)."""
    lg = ar.ledningens_genomgang
    return [b if isinstance(b, str) else b.text for b in lg.beslut] if lg else []


def _role_holders(organisation: Organisation, status: Status) -> dict[str, str]:
    """Every person named in a pm3 role (objekt or processing), folded, → the role key."""
    pairs = [(r, p) for o in organisation.forvaltningsobjekt for r, p in o.roller.items()]
    for s in status.behandlingar:
        pairs.extend((s.behandling.roller or {}).items())
    return person_roles(pairs)


def _without_persons(rows: list[dict[str, Any]], holders: dict[str, str]) -> list[dict[str, Any]]:
    """The public version names the role, never the person: 'Karin Lindqvist' → 'Objektägare'."""
    shown = []
    for row in rows:
        role = role_for(row["ansvarig"], holders) if row["ansvarig"] else None
        if role is None:
            shown.append(row)
        else:
            words = role_name(role)
            shown.append({**row, "ansvarig": words[:1].upper() + words[1:]})
    return shown


def _comparison(
    jamforelse: Jamforelse | None, *, publik: bool, minimum: int
) -> tuple[dict[str, Any] | None, bool]:
    """Section 7's figures, or (None, True) when the public version must withhold them."""
    if jamforelse is None:
        return None, False
    if publik and min(jamforelse.nu.antal, jamforelse.foregaende.antal) < minimum:
        return None, True
    return {"nu": _nyckeltal(jamforelse.nu), "foregaende": _nyckeltal(jamforelse.foregaende)}, False


DEFAULT_MAL = (
    "Det övergripande målet med det systematiska informationssäkerhetsarbetet är en väl "
    "avvägd informationssäkerhet: rätt konfidentialitet, riktighet och tillgänglighet för "
    "verksamhetens information, med risker i balans mot kostnaderna för skyddsåtgärder och "
    "utan att lagefterlevnaden äventyras. Målen följs upp genom kontrollpunkterna i avsnitt 3."
)
"""Section 2's goals when organisation.yaml has no ``informationssakerhetsmal``."""

DEFAULT_ANSVAR = (
    "Alla medarbetare och chefer ansvarar för att skydda personuppgifter och annan icke "
    "offentlig information som de hanterar, för att delta i utbildningar och för att påpeka "
    "brister och incidenter. Ansvaret följer linjeansvaret och ligger ytterst hos ledningen "
    "({undertecknare}), som styr det operativa och lokala arbetet med informationssäkerhet "
    "där chefer med verksamhetsansvar ingår. Objektägaren ansvarar för "
    "informationssäkerheten i sitt förvaltningsobjekt."
)
"""Section 2's responsibility text when organisation.yaml has no ``ansvar``."""

DEFAULT_RISKIDENTIFIERING = (
    "Informationssäkerhetsrisker identifieras och bedöms med informationsklassning i KLASSA "
    "och med risk- och sårbarhetsanalyser (RSA) för det som KLASSA inte fångar. Bristerna "
    "förs in i en handlingsplan per informationsbehandling; ohanterade punkter redovisas i "
    "avsnitt 3."
)
"""Section 2's risk-identification text when organisation.yaml has no ``riskidentifiering``."""

DEFAULT_SARSKILT_PRIORITERAT = "Inget område är utpekat som särskilt prioriterat för {ar}."
"""Section 1's sentence when organisation.yaml names no specially prioritised area."""


def year_file_comparison(
    ar: Ar, previous: Ar | None, records: Sequence[Incident] = ()
) -> list[dict[str, Any]]:
    """Section 7's figures from the year files themselves, this year beside the one before.

    Incidents, e-learning and procurements are in the year files, so they compare even
    when the git history does not reach the previous year end. Rows that neither year
    holds are left out; a value one year lacks is None ('–').
    """
    if previous is None:
        return []

    def incidents(a: Ar) -> int | None:
        counts = category_counts(a, records)  # from the records when the year has any
        return None if counts is None else sum(counts.values())

    def course(a: Ar, field: str) -> dict[str, Any] | None:
        if not a.utbildning:
            return None
        return _share(getattr(a.utbildning, field), a.utbildning.antal_medarbetare)

    def procurements(a: Ar) -> dict[str, Any] | None:
        if not a.upphandlingar:
            return None
        done = sum(1 for u in a.upphandlingar if u.klassning_genomford)
        return _share(done, len(a.upphandlingar))

    rows = [
        ("Rapporterade incidenter", "antal", incidents(previous), incidents(ar)),
        (
            "Genomfört e-utbildningen i informationssäkerhet",
            "andel",
            course(previous, "genomfort_informationssakerhet"),
            course(ar, "genomfort_informationssakerhet"),
        ),
        (
            "Genomfört e-utbildningen i dataskydd",
            "andel",
            course(previous, "genomfort_dataskydd"),
            course(ar, "genomfort_dataskydd"),
        ),
        (
            "Upphandlingar med informationsklassning",
            "andel",
            procurements(previous),
            procurements(ar),
        ),
    ]
    return [
        {"namn": name, "slag": kind, "foregaende": before, "nu": now}
        for name, kind, before, now in rows
        if before is not None or now is not None
    ]


def legend_parts(summering: Summering) -> list[str]:
    """The legend's entries ('✓ aktuell/ja', '! förfallen', …), since Markdown folds spaces;
    '?' only where some date is unknown at the reference date."""
    return [part for part in re.split(r"\s{2,}", legend_symbols(summering)) if part]


def _lis_texts(organisation: Organisation, year: int) -> dict[str, Any]:
    """Section 1 and 2's texts from organisation.yaml, or the default texts."""
    undertecknare = organisation.undertecknare
    prioriterat = organisation.sarskilt_prioriterat.get(year)
    return {
        "undertecknare": undertecknare,
        "mal": organisation.informationssakerhetsmal or DEFAULT_MAL,
        "ansvar": organisation.ansvar or DEFAULT_ANSVAR.format(undertecknare=undertecknare.lower()),
        "riskidentifiering": organisation.riskidentifiering or DEFAULT_RISKIDENTIFIERING,
        "sarskilt_prioriterat": prioriterat,
        "sarskilt_prioriterat_saknas": DEFAULT_SARSKILT_PRIORITERAT.format(ar=year),
    }


def build_context(
    organisation: Organisation,
    ar: Ar,
    status: Status,
    *,
    publik: bool,
    jamforelse: Jamforelse | None = None,
    plan_ar: Sequence[int] | None = None,
    incident_records: Sequence[Incident] = (),
    incident_per: date | None = None,
    foregaende_ar: Ar | None = None,
) -> dict[str, Any]:
    """Everything the templates may show, for the internal or the public audience.

    ``incident_records``: the register's incident files; ``incident_per``: the day
    their deadlines are judged on (default: the report's reference date).
    ``foregaende_ar``: the previous year's file, whose decision records 9.3.2 a follows up.
    """
    year = ar.ar
    minimum = organisation.policy.publik_min_gruppstorlek
    summering = status.summering
    shown = not publik or summering.antal >= minimum
    utbildning = None
    if ar.utbildning:
        u = ar.utbildning
        utbildning = {
            "antal_medarbetare": u.antal_medarbetare,
            "informationssakerhet": _share(u.genomfort_informationssakerhet, u.antal_medarbetare),
            "dataskydd": _share(u.genomfort_dataskydd, u.antal_medarbetare),
        }
    incidenter = incident_summary(ar, incident_records, incident_category)
    upphandlingar = [
        {
            "namn": u.namn,
            "diarienummer": u.diarienummer,
            "klassning_genomford": u.klassning_genomford,
        }
        for u in ar.upphandlingar
    ]
    years = list(plan_ar) if plan_ar is not None else [year, year + 1, year + 2]
    holders = _role_holders(organisation, status) if publik else {}

    def prioriteringar(y: int) -> list[dict[str, Any]]:
        rows = _prioriteringar(ar, y)
        return _without_persons(rows, holders) if publik else rows

    jamforelse_visas, jamforelse_dold = _comparison(jamforelse, publik=publik, minimum=minimum)
    return {
        "publik": publik,
        "ar": year,
        "per": status.per,
        "organisation": organisation.organisation,
        "huvudman": organisation.huvudman,
        "min_gruppstorlek": minimum,
        "styrdokument": {
            "stad": [d for d in organisation.styrdokument if d.niva == "stad"],
            "lokal": [d for d in organisation.styrdokument if d.niva == "lokal"],
        },
        "lage": {
            "visas": shown,
            "antal": summering.antal,
            "antal_objekt": len(status.per_objekt()),
            "nyckeltal": _key_figure_rows(summering) if shown else [],
            "gula": summering.gula,
            "roda": summering.roda,
            "utan_handlingsplan": summering.utan_handlingsplan,
            "per_kategori": _kategori_groups(status, minimum if publik else None) if shown else [],
            "tabeller": [] if publik else _status_tables(status),
            "kolumner": [{"kort": c.short, "betydelse": c.meaning} for c in status.checkpoints],
            "teckenforklaring": legend_symbols(summering),
            "teckenforklaring_delar": legend_parts(summering),
            "grund": basis_sentence(status),
        },
        "prioriteringslista": {
            "rader": [] if publik else _priority_rows(status),
            "antal": len(priority_list(status)),
            "okand": priority_note(status),
        },
        "uppfoljning": prioriteringar(year),
        "incidenter": incidenter,
        "cybersakerhetslagen": cyber_context(
            organisation, ar, incident_records, incident_per or status.per, publik=publik
        ),
        "utbildning": utbildning,
        "upphandlingar": {
            "lista": [] if publik else upphandlingar,
            "antal": len(upphandlingar),
            "klassade": sum(1 for u in upphandlingar if u["klassning_genomford"]),
        },
        "jamforelse": jamforelse_visas,
        "jamforelse_dold": jamforelse_dold,
        "planering": {
            "generella": list(ar.generella_prioriteringsomraden),
            "ar": [{"ar": y, "prioriteringar": prioriteringar(y)} for y in years],
        },
        "underlag": _underlag(ar),
        "beslut": _beslut_text(ar),
        "tidigare_beslut": (
            _without_persons(_tidigare_beslut(foregaende_ar, status.per), holders)
            if publik
            else _tidigare_beslut(foregaende_ar, status.per)
        ),
        "mal": objective_rows(evaluate(status, ar), minimum=minimum if publik else None),
        "lis": _lis_texts(organisation, year),
    }


def reference_date(year: int, per: date | None) -> date:
    """The report's reference date: ``--per``, else the year's last day."""
    return per or date(year, 12, 31)
