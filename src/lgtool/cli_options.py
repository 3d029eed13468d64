"""Options that several commands share, declared once for :mod:`lgtool.cli`.

Also the helpers that turn a choice set of :mod:`lgtool.options` into help text
and a ``--per``-style date into a :class:`datetime.date`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer

from lgtool.choices import ATGARD, ReportFormat, StatusFormat, Typ
from lgtool.cli_swedish import LazyHelp
from lgtool.errors import UsageError

if TYPE_CHECKING:  # the options objects are made only for the command that runs
    from lgtool.options import KalenderFailOn, Terminal


def one_of(choices: Any, **shown: str) -> str:
    """The values of a Literal (or a tuple) as Swedish prose: ``a, b eller c``.

    ``shown`` replaces a value's text, e.g. ``docx="docx (Word)"``.
    """
    values = [shown.get(v, v) for v in (get_args(choices) or choices)]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} eller {values[-1]}"


def _date_checkpoints() -> tuple[str, ...]:
    from lgtool.checkpoints import DATE_CHECKPOINTS

    return DATE_CHECKPOINTS


def _spelling(name: str) -> str:
    """A checkpoint's name in any case, with å/ä/ö, hyphens or spaces: RSA, Behörighetskontroll."""
    folded = name.strip().casefold().translate(str.maketrans("åäö", "aao"))
    return "".join(c for c in folded if c not in " -_")


def date_checkpoint(value: str) -> str:
    """``registrera KONTROLL``: the key of one of :data:`lgtool.checkpoints.DATE_CHECKPOINTS`.

    Any case and the å/ä/ö spelling are accepted (``RSA``, ``behörighetskontroll``)
    and give the registry's key. Checked when the command runs, and listed
    (:data:`DATE_CHECKPOINT_HELP`) when its help is shown, so that other runs,
    ``--version`` too, do not load the checkpoints and the schemas with them. The
    error is click's own.
    """
    keys = {_spelling(key): key for key in (*_date_checkpoints(), ATGARD)}
    if _spelling(value) not in keys:
        allowed = ", ".join(f"'{name}'" for name in (*_date_checkpoints(), ATGARD))
        raise typer.BadParameter(f"'{value}' is not one of {allowed}.")
    return keys[_spelling(value)]


DATE_CHECKPOINT_HELP = LazyHelp(
    lambda: f"{one_of(_date_checkpoints())}; eller {ATGARD} för en ny punkt i handlingsplanen."
)
"""``registrera KONTROLL``'s help: the dated checkpoints of the registry, and atgard."""


def parse_date(value: str | None, option: str) -> date | None:
    """The date of an ÅÅÅÅ-MM-DD option; a usage error naming ``option`` for anything else."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: '{value}' är inget datum; skriv ÅÅÅÅ-MM-DD") from None


RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        "-r",
        help="Registermappen (standard: $LGTOOL_REGISTER eller ./register).",
        metavar="MAPP",
        show_default=False,
    ),
]
IngenCacheOption = Annotated[
    bool,
    typer.Option(
        "--ingen-cache",
        help="Läs alla filer på nytt i stället för att använda cachen i .lgtool-cache/.",
    ),
]
PerOption = Annotated[
    str | None,
    typer.Option(
        "--per",
        help="Referensdatum (standard: i dag).",
        show_default=False,
        metavar="ÅÅÅÅ-MM-DD",
    ),
]
ObjektOption = Annotated[
    list[str] | None,
    typer.Option(
        "--objekt", help="Visa bara detta förvaltningsobjekt (kan upprepas).", metavar="ID"
    ),
]
KategoriOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kategori",
        help="Visa bara kategorin unik, gemensam eller ovrig (kan upprepas).",
        metavar="KATEGORI",
    ),
]
StatusFormatOption = Annotated[
    StatusFormat,
    typer.Option("--format", "-f", help=f"Utdataformat: {one_of(StatusFormat)}.", metavar="FORMAT"),
]

ReportFormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        help=f"Utdataformat: {one_of(ReportFormat, docx='docx (Word)')}.",
        metavar="FORMAT",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Skriv till filen (standard: terminalen).",
        show_default=False,
        metavar="FIL",
    ),
]

AllaOption = Annotated[
    bool,
    typer.Option(
        "--alla",
        help="Tabellen: visa varje behandling, också när de är fler än en skärm rymmer "
        "(annars en rad per förvaltningsobjekt).",
    ),
]


def table_terminal(fmt: str) -> Terminal | None:
    """The terminal that stdout's table is fitted to; None for the other formats."""
    if fmt != "table":
        return None
    import sys

    from lgtool.render.terminal import terminal_of

    return terminal_of(sys.stdout)


def parse_days(value: str, option: str) -> int:
    """A number of days (0 or more); a usage error naming ``option`` for anything else."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_DAYS:
        raise UsageError(
            f"{option}: '{value}' är inget antal dagar; skriv ett heltal från 0 till {MAX_DAYS}"
        )
    return int(text)


MAX_DAYS = 36_500
"""The longest window a day count may name (a hundred years)."""


def parse_kalender_fail_on(value: str | None) -> KalenderFailOn | None:
    """``kalender --fail-on``: ``forfallet`` or ``inom:DAGAR``."""
    if value is None:
        return None
    from lgtool.options import KalenderFailOn

    if value == "forfallet":
        return KalenderFailOn()
    if value.startswith("inom:"):
        return KalenderFailOn(parse_days(value.removeprefix("inom:"), "--fail-on inom"))
    raise UsageError(f"--fail-on: '{value}' är inget villkor; skriv forfallet eller inom:DAGAR")


def parse_typ(values: Sequence[str]) -> tuple[Typ, ...]:
    """``kalender --typ``: each one of :data:`lgtool.options.Typ`."""
    allowed: tuple[Typ, ...] = get_args(Typ)
    for value in values:
        if value not in allowed:
            raise UsageError(f"--typ: '{value}' är ingen typ; välj {one_of(Typ)}")
    return tuple(v for v in allowed if v in values)
