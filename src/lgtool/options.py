"""What each command accepts: one frozen options object per command, and its choice sets.

The command line only fills these objects in (:mod:`lgtool.cli`); the core reads
them. Anything derived from a request is computed from the same object: the
result cache's key (:func:`lgtool.result_cache.result_key`) holds every field of
it except those declared with :func:`not_in_key`, so an option added later is in
the key unless someone decides, in the field's own declaration, that it is not.

The choice sets (output formats, steps) are Literals of :mod:`lgtool.choices`,
re-exported here; the command line builds its choices from them. Kept free of
heavy imports: the result cache's warm path imports it before anything else is
loaded (the command line, only for the command that runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from lgtool.choices import (
    ATGARD,
    AtgardFailOn,
    ColorSystem,
    DiffFormat,
    ExportFormat,
    FailOn,
    Farg,
    GemensammaFormat,
    IncidentFailOn,
    KalenderFormat,
    Kalla,
    ProblemFormat,
    ReportFormat,
    StatusFormat,
    Steg,
    TrendFormat,
    Typ,
)

__all__ = [
    "ATGARD",
    "IN_KEY",
    "ArNyOptions",
    "AtgardFailOn",
    "AtgarderOptions",
    "CachedOptions",
    "ColorSystem",
    "DiffFormat",
    "DiffOptions",
    "ExportFormat",
    "FailOn",
    "Farg",
    "GemensammaFormat",
    "IncidentFailOn",
    "IncidenterOptions",
    "InitOptions",
    "KalenderFailOn",
    "KalenderFormat",
    "KalenderOptions",
    "Kalla",
    "NyIncidentOptions",
    "NyOptions",
    "PrioriteringOptions",
    "ProblemFormat",
    "PunktOptions",
    "RegistreraOptions",
    "ReportFormat",
    "ReportOptions",
    "SattOptions",
    "SchemaOptions",
    "StadGemensammaOptions",
    "StadReportOptions",
    "StadStatusOptions",
    "StatusFormat",
    "StatusOptions",
    "Steg",
    "Terminal",
    "TrendFormat",
    "TrendOptions",
    "Typ",
    "ValidateOptions",
    "not_in_key",
]
"""The options objects, and the choice sets of :mod:`lgtool.choices` they use."""

IN_KEY = "lgtool.result_key"
"""The field metadata that :func:`not_in_key` sets to False."""


def not_in_key(default: Any) -> Any:
    """A field that does not change what the command writes, and so not part of its cache key."""
    return field(default=default, metadata={IN_KEY: False})


@dataclass(frozen=True)
class ValidateOptions:
    """``lgtool validate``."""

    command: ClassVar[str] = "validate"

    register: Path | None = None
    format: ProblemFormat = "text"
    cache: bool = not_in_key(True)
    """Use the caches (``--ingen-cache`` turns them off); the answer is the same."""


@dataclass(frozen=True)
class Terminal:
    """What a terminal table is fitted to (:func:`lgtool.render.terminal.terminal_of`).

    Part of the options of the commands that print a table, so that the result
    cache's key holds it.
    """

    width: int = 80
    rows: int = 50
    """A screenful: more processings than this are summarised per förvaltningsobjekt."""
    color_system: ColorSystem | None = None
    """None: plain text, no escape codes (not a terminal, or ``TERM=dumb``)."""
    no_color: bool = False
    """``NO_COLOR``: bold and dim, but no colours."""
    encoding: str = "utf-8"


@dataclass(frozen=True)
class StatusOptions:
    """``lgtool status``."""

    command: ClassVar[str] = "status"

    register: Path | None = None
    per: date | None = None
    objekt: tuple[str, ...] = ()
    kategori: tuple[str, ...] = ()
    bara_avvikelser: bool = False
    format: StatusFormat = "table"
    fail_on: FailOn | None = None
    alla: bool = False
    """The table: every processing, even when they are more than a screenful."""
    terminal: Terminal | None = None
    """The table's terminal (the command line fills it in for ``table``); None: as found."""
    cache: bool = not_in_key(True)
    """As in :class:`ValidateOptions`."""


@dataclass(frozen=True)
class PrioriteringOptions:
    """``lgtool prioritering``."""

    command: ClassVar[str] = "prioritering"

    register: Path | None = None
    per: date | None = None
    objekt: tuple[str, ...] = ()
    kategori: tuple[str, ...] = ()
    format: StatusFormat = "table"
    alla: bool = False
    """As in :class:`StatusOptions`."""
    terminal: Terminal | None = None
    """As in :class:`StatusOptions`."""
    cache: bool = not_in_key(True)
    """As in :class:`ValidateOptions`."""


@dataclass(frozen=True)
class AtgarderOptions:
    """``lgtool atgarder``: the action items of the processings' action plans."""

    command: ClassVar[str] = "atgarder"

    register: Path | None = None
    per: date | None = None
    objekt: tuple[str, ...] = ()
    ansvarig: str | None = None
    farg: Farg | None = None
    kalla: Kalla | None = None
    forsenade: bool = False
    format: StatusFormat = "table"
    fail_on: AtgardFailOn | None = None


@dataclass(frozen=True)
class ReportOptions:
    """``lgtool report YEAR``."""

    command: ClassVar[str] = "report"

    year: int
    register: Path | None = None
    per: date | None = None
    publik: bool = False
    mallar: Path | None = None
    format: ReportFormat = "markdown"
    output: Path | None = None
    referensmall: Path | None = None
    cache: bool = not_in_key(True)
    """As in :class:`ValidateOptions`."""


@dataclass(frozen=True)
class IncidenterOptions:
    """``lgtool incidenter``."""

    command: ClassVar[str] = "incidenter"

    register: Path | None = None
    ar: int | None = None
    per: date | None = None
    format: StatusFormat = "table"
    fail_on: tuple[IncidentFailOn, ...] = ()
    cache: bool = not_in_key(True)
    """As in :class:`ValidateOptions`."""


@dataclass(frozen=True)
class StadStatusOptions:
    """``lgtool stad status STADSFIL``: every unit's key figures and the city's total."""

    command: ClassVar[str] = "stad status"

    stadsfil: Path
    per: date | None = None
    format: StatusFormat = "table"
    cache: bool = not_in_key(True)
    """As in :class:`ValidateOptions` (each unit's parse cache)."""


@dataclass(frozen=True)
class StadGemensammaOptions:
    """``lgtool stad gemensamma STADSFIL``: the city-common systems and their state per unit."""

    command: ClassVar[str] = "stad gemensamma"

    stadsfil: Path
    per: date | None = None
    format: GemensammaFormat = "table"
    cache: bool = not_in_key(True)
    """As in :class:`ValidateOptions`."""


@dataclass(frozen=True)
class StadReportOptions:
    """``lgtool stad report ÅR STADSFIL``: the city's summary."""

    command: ClassVar[str] = "stad report"

    year: int
    stadsfil: Path
    per: date | None = None
    publik: bool = False
    mallar: Path | None = None
    """A folder whose ``stad.md.j2`` replaces the built-in template."""
    format: ReportFormat = "markdown"
    output: Path | None = None
    cache: bool = not_in_key(True)
    """As in :class:`ValidateOptions`."""


@dataclass(frozen=True)
class DiffOptions:
    """``lgtool diff [BASE [HEAD]]``."""

    command: ClassVar[str] = "diff"

    base: str | None = None
    head: str | None = None
    register: Path | None = None
    per: date | None = None
    format: DiffFormat = "table"
    fail_on_forsamring: bool = False
    cache: bool = True
    """Use the caches in .lgtool-cache/ (``--ingen-cache``: read every file)."""


@dataclass(frozen=True)
class TrendOptions:
    """``lgtool trend``."""

    command: ClassVar[str] = "trend"

    register: Path | None = None
    fran: date | None = None
    till: date | None = None
    steg: Steg = "kvartal"
    format: TrendFormat = "table"
    cache: bool = True
    """Keep what the history's files said in .lgtool-cache/ (``--ingen-cache``: read all)."""


@dataclass(frozen=True)
class NyOptions:
    """``lgtool ny ID``."""

    command: ClassVar[str] = "ny"

    behandling_id: str
    objekt: str
    namn: str | None = None
    kategori: str | None = None
    register: Path | None = None


@dataclass(frozen=True)
class NyIncidentOptions:
    """``lgtool ny-incident ID``."""

    command: ClassVar[str] = "ny-incident"

    incident_id: str
    upptackt: str | None = None
    register: Path | None = None


@dataclass(frozen=True)
class SattOptions:
    """``lgtool satt ID FÄLT VÄRDE...``."""

    command: ClassVar[str] = "satt"

    behandling_id: str
    falt_och_varden: tuple[str, ...]
    register: Path | None = None


@dataclass(frozen=True)
class RegistreraOptions:
    """``lgtool registrera KONTROLL ID``: ``kontroll`` is a dated checkpoint's key."""

    command: ClassVar[str] = "registrera"

    kontroll: str
    behandling_id: str
    datum: date | None = None
    register: Path | None = None
    tillat_aldre: bool = False
    punkt: PunktOptions | None = None
    """With ``kontroll`` ``atgard``: the action item to add (``datum`` is when it was found)."""


@dataclass(frozen=True)
class PunktOptions:
    """``lgtool registrera atgard ID``: the new item's fields (docs/registerformat.md)."""

    rubrik: str | None = None
    farg: Farg | None = None
    kalla: Kalla | None = None
    krav: str | None = None
    ansvarig: str | None = None
    senast: date | None = None
    id: str | None = None

    def given(self) -> list[str]:
        """The options given, as the command line names them."""
        return [f"--{name}" for name, value in vars(self).items() if value is not None]


@dataclass(frozen=True)
class SchemaOptions:
    """``lgtool schema``."""

    command: ClassVar[str] = "schema"

    output: Path | None = None
    register: Path | None = None


@dataclass(frozen=True)
class InitOptions:
    """``lgtool init [MAPP] --organisation NAMN``."""

    command: ClassVar[str] = "init"

    organisation: str
    mapp: Path = Path(".")
    huvudman: str | None = None


@dataclass(frozen=True)
class ArNyOptions:
    """``lgtool ar ny ÅR``."""

    command: ClassVar[str] = "ar ny"

    ar: int
    register: Path | None = None


@dataclass(frozen=True)
class KalenderFailOn:
    """``kalender --fail-on``: ``forfallet`` (inom None) or ``inom:DAGAR``."""

    inom: int | None = None


@dataclass(frozen=True)
class KalenderOptions:
    """``lgtool kalender``."""

    command: ClassVar[str] = "kalender"

    register: Path | None = None
    per: date | None = None
    inom: int = 90
    """Days ahead of ``per``; overdue items are always shown."""
    ansvarig: str | None = None
    """A person's name or a role key."""
    objekt: tuple[str, ...] = ()
    typ: tuple[Typ, ...] = ()
    format: KalenderFormat = "table"
    output: Path | None = None
    per_ansvarig: bool = False
    """Write one .ics per responsible person into the folder ``output``."""
    paminnelse: int = 14
    """Days before the due date of the calendar's reminder (VALARM)."""
    fail_on: KalenderFailOn | None = None
    alla: bool = False
    """The table: every item even when they are more than a screenful (else one row per
    förvaltningsobjekt)."""
    terminal: Terminal | None = None
    """As in :class:`StatusOptions`."""
    cache: bool = not_in_key(True)
    """As in :class:`ValidateOptions`."""


CachedOptions = ValidateOptions | StatusOptions | PrioriteringOptions | KalenderOptions
"""The options of the commands whose whole output the result cache keeps."""
