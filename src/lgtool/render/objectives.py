"""The objectives (``mal``) in words: target, outcome and verdict, for every output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lgtool.model.ar import Mal
from lgtool.objectives import COUNT_FIGURES, LABELS, YEAR_FIGURES, MalUtfall
from lgtool.wording import NBSP

UPPFYLLT = {True: "uppfyllt", False: "inte uppfyllt", None: "kan inte mätas"}
"""The verdict's words (the report's 'Måluppfyllelse')."""


def _number(value: float) -> str:
    """66.7 → '66,7'; 100.0 → '100'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _unit(mal: Mal) -> str:
    return "" if mal.nyckeltal in COUNT_FIGURES else f"{NBSP}%"


def target_text(mal: Mal) -> str:
    """'minst 100 %', 'högst 0'."""
    word = "minst" if mal.jamforelse == "minst" else "högst"
    return f"{word} {_number(float(mal.malvarde))}{_unit(mal)}"


def outcome_text(r: MalUtfall) -> str:
    """'80 % (4 av 5)', '3', or '–' when it cannot be measured."""
    if r.utfall is None:
        return "–"
    text = f"{_number(float(r.utfall))}{_unit(r.mal)}"
    if r.mal.nyckeltal not in COUNT_FIGURES:
        text += f" ({r.matt.antal} av {r.matt.av})"
    return text


def selection_text(mal: Mal) -> str:
    """The figure's name and the objective's selection: 'KLASSA … (kategori unik)'."""
    parts = []
    if mal.urval and mal.urval.kategori:
        parts.append(f"kategori {mal.urval.kategori}")
    if mal.urval and mal.urval.forvaltningsobjekt:
        parts.append(f"objekt {mal.urval.forvaltningsobjekt}")
    name = LABELS[mal.nyckeltal]
    return f"{name} ({', '.join(parts)})" if parts else name


def rows(results: Sequence[MalUtfall], *, minimum: int | None = None) -> list[dict[str, Any]]:
    """One row per objective for templates and tables.

    With ``minimum`` (the public version), an objective whose selection holds fewer
    processings than that shows no outcome: it could point out single systems.
    """
    found = []
    for r in results:
        hidden = (
            minimum is not None
            and r.mal.urval is not None
            and r.mal.nyckeltal not in YEAR_FIGURES
            and r.antal_behandlingar < minimum
        )
        found.append(
            {
                "id": r.mal.id,
                "text": r.mal.text,
                "nyckeltal": selection_text(r.mal),
                "malvarde": target_text(r.mal),
                "senast": r.mal.senast,
                "ansvarig": r.mal.ansvarig,
                "utfall": "visas inte (för få behandlingar)" if hidden else outcome_text(r),
                "bedomning": "visas inte" if hidden else UPPFYLLT[r.uppfyllt],
                "kod": None if hidden else r.uppfyllt,
            }
        )
    return found
