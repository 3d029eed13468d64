"""The choice sets of the command line, as Literals: formats, thresholds, steps.

Defined here once: the options objects (:mod:`lgtool.options`, which re-exports
them) are typed with them, and the command line (:mod:`lgtool.cli`) builds its
choices and help from them. Kept apart from the options objects so that the
command line can read them without making every options class: ``--version``
and ``--help`` import this module only.
"""

from __future__ import annotations

from typing import Literal

ProblemFormat = Literal["text", "json", "github"]
"""``validate --format``."""
StatusFormat = Literal["table", "json", "csv", "markdown"]
"""``status``, ``prioritering`` and ``trend --format``."""
TrendFormat = StatusFormat
ReportFormat = Literal["markdown", "docx", "html", "pdf"]
"""``report --format``."""
DiffFormat = Literal["table", "markdown", "json"]
"""``diff --format``."""
ExportFormat = Literal["xlsx", "csv"]
"""``export --format``."""
FailOn = Literal["forfallen", "saknas", "roda", "avvikelse", "mal"]
"""``status --fail-on``: the threshold (:func:`lgtool.checkpoints.fails`; ``mal``: an
objective due by the reference date is not met, :func:`lgtool.objectives.not_met`)."""
AtgardFailOn = Literal["forsenade"]
"""``atgarder --fail-on``: fail when any listed item is overdue."""
Farg = Literal["gul", "rod"]
"""An action item's colour (``handlingsplan.punkter[].farg``; ``atgarder --farg``)."""
Kalla = Literal["klassa", "rsa", "granskning", "incident", "lg"]
"""Where an action item comes from (``punkter[].kalla``; ``atgarder --kalla``)."""
Steg = Literal["manad", "kvartal", "ar"]
"""``trend --steg``: the step between the dates of a trend."""

ATGARD = "atgard"
"""``registrera atgard ID``: add an action item instead of recording a review."""

ColorSystem = Literal["standard", "256", "truecolor"]
"""How many colours a terminal table is printed with (rich's names)."""

IncidentFailOn = Literal["sen", "saknas"]
"""``incidenter --fail-on``: deadline states that fail a run (comma-separated)."""

GemensammaFormat = Literal["table", "json"]
"""``stad gemensamma --format``."""

KalenderFormat = Literal["table", "json", "csv", "markdown", "ics"]
"""``kalender --format``."""
Typ = Literal[
    "klassa",
    "rsa",
    "behorighetskontroll",
    "kontinuitetsovning",
    "atgard",
    "beslut",
    "prioritering",
    "styrdokument",
    "tidig_varning",
    "incidentanmalan",
    "slutrapport",
    "imy",
]
"""``kalender --typ`` and the JSON field ``typ``: every kind of due item (docs/json.md).

Some kinds come from parts of the register a version may not have yet; the
collectors of :mod:`lgtool.due` produce the kinds that exist."""
