"""What the figures rest on, in Swedish: the commit or the working tree (:class:`Underlag`).

One wording for the terminal, Markdown, the report and the spreadsheet export, so
that they never disagree about the basis of a status at a past reference date.
"""

from __future__ import annotations

from lgtool.checkpoints import Status, klassa_unknown
from lgtool.wording import antal

_WHY = {
    "per_ej_passerat": "",
    "inte_i_git": " (registret ligger inte i git, så dess historik är okänd)",
    "ingen_commit": ": ingen commit finns på eller före referensdatumet",
    "grund_klon": (
        ": förrådet är en grund klon (shallow clone) och historiken före referensdatumet "
        "saknas; hämta den med 'git fetch --unshallow' (i GitHub Actions: fetch-depth: 0)"
    ),
    "registret_saknas": (
        ": registret saknades eller dess organisation.yaml hade fel i den senaste commiten "
        "på eller före referensdatumet"
    ),
}


def basis_sentence(status: Status) -> str:
    """Where the register's values come from, what was left out and what is unknown."""
    u = status.underlag
    per = status.per.isoformat()
    if u.kalla == "commit" and u.commit_datum is not None:
        parts = [
            f"Läget per {per} bygger på registret som det var i commit {u.kort} "
            f"({u.commit_datum.isoformat()}), den senaste på eller före referensdatumet."
        ]
        if u.senare_registrerade_datum:
            n = u.senare_registrerade_datum
            parts.append(
                f"{antal(n, 'datum', 'datum')} för kontroller gjorda senast {per} "
                f"registrerades senare och är {'medräknat' if n == 1 else 'medräknade'}."
            )
        if u.utelamnade_behandlingar:
            n = len(u.utelamnade_behandlingar)
            parts.append(
                f"{antal(n, 'behandling', 'behandlingar')} som lagts till senare räknas inte med."
            )
        if u.fel_i_commit:
            parts.append(
                f"Den versionen av registret har {antal(u.fel_i_commit, 'fel', 'fel')}; "
                "behandlingarna i de filerna räknas inte med."
            )
    else:
        parts = [f"Läget per {per} bygger på arbetskopian av registret{_WHY[u.anledning or '']}."]
    unknown = status.summering.okanda()
    if unknown:
        parts.append(
            f"{antal(unknown, 'kontrollpunkt', 'kontrollpunkter')} har bara ett datum efter "
            "referensdatumet och redovisas som okänd"
            f"{'' if unknown == 1 else 'a'} (?); de räknas inte som aktuella."
        )
    return " ".join(parts)


def shows_basis(status: Status) -> bool:
    """Whether the terminal, Markdown and export say what the status rests on: when it
    comes from a commit, or when some date is unknown. (The report and JSON always do.)"""
    return status.underlag.kalla == "commit" or status.summering.okanda() > 0


def priority_note(status: Status) -> str | None:
    """How many processings the priority list leaves out because KLASSA is unknown at R."""
    n = klassa_unknown(status)
    if not n:
        return None
    return (
        f"{antal(n, 'behandling', 'behandlingar')} "
        f"är inte {'medräknad' if n == 1 else 'medräknade'} här: "
        f"{'dess' if n == 1 else 'deras'} KLASSA är okänd per {status.per.isoformat()} "
        "(datumet ligger efter referensdatumet)."
    )
