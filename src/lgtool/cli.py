"""The command line: each command turns its options into one call of the core.

Heavy modules are imported inside the commands so that ``--help`` and
``--version`` stay fast.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperCommand, TyperGroup

from lgtool import __version__
from lgtool.errors import ExitCode, LgtoolError, UsageError

_HELP_WORDS = (
    ("Usage: ", "Användning: "),
    (" [OPTIONS]", " [FLAGGOR]"),
    (" COMMAND [ARGS]...", " KOMMANDO [ARGUMENT]..."),
    ("Show this message and exit.", "Visa denna hjälp och avsluta."),
    ("[default: ", "[standard: "),
    ("[required]", "[krävs]"),
    ("\nOptions:\n", "\nFlaggor:\n"),
    ("\nArguments:\n", "\nArgument:\n"),
    ("\nCommands:\n", "\nKommandon:\n"),
)


def _swedish_help(text: str) -> str:
    for english, swedish in _HELP_WORDS:
        text = text.replace(english, swedish)
    return text


class _Command(TyperCommand):
    """A command whose help is in Swedish (typer's fixed words translated)."""

    def get_help(self, ctx: typer.Context) -> str:  # type: ignore[override]
        return _swedish_help(super().get_help(ctx))


class _Group(TyperGroup):
    """The command group, with Swedish help."""

    def get_help(self, ctx: typer.Context) -> str:  # type: ignore[override]
        return _swedish_help(super().get_help(ctx))


app = typer.Typer(
    cls=_Group,
    name="lgtool",
    help="Ledningens genomgång: informationssäkerhetsregistret i YAML – validering, "
    "status, granskning och årsrapport.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # locals in tracebacks would print register data
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        "-r",
        help="Registermappen (standard: $LGTOOL_REGISTER eller ./register).",
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


class ProblemFormat(StrEnum):
    """Output formats for problems."""

    text = "text"
    json = "json"
    github = "github"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lgtool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Visa versionen och avsluta."
        ),
    ] = False,
) -> None:
    """Ledningens genomgång: informationssäkerhetsregistret i YAML."""


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: '{value}' är inget datum; skriv ÅÅÅÅ-MM-DD") from None


@app.command(cls=_Command)
def validate(
    register: RegisterOption = None,
    fmt: Annotated[
        ProblemFormat,
        typer.Option("--format", "-f", help="Utdataformat: text, json eller github."),
    ] = ProblemFormat.text,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Kontrollera registret och visa alla fel med fil, rad och kolumn."""
    from lgtool.commands.validate import validate as run

    return run(register, fmt.value, sys.stdout, cache=not ingen_cache)


class StatusFormat(StrEnum):
    """Output formats for status and prioritering."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class FailOn(StrEnum):
    """Thresholds for --fail-on."""

    forfallen = "forfallen"
    saknas = "saknas"
    roda = "roda"
    avvikelse = "avvikelse"


PerOption = Annotated[
    str | None,
    typer.Option("--per", help="Referensdatum ÅÅÅÅ-MM-DD (standard: i dag).", show_default=False),
]
ObjektOption = Annotated[
    list[str] | None,
    typer.Option("--objekt", help="Visa bara detta förvaltningsobjekt (kan upprepas)."),
]
KategoriOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kategori", help="Visa bara kategorin unik, gemensam eller ovrig (kan upprepas)."
    ),
]
StatusFormatOption = Annotated[
    StatusFormat,
    typer.Option("--format", "-f", help="Utdataformat: table, json, csv eller markdown."),
]


@app.command(cls=_Command)
def status(
    register: RegisterOption = None,
    per: PerOption = None,
    objekt: ObjektOption = None,
    kategori: KategoriOption = None,
    avvikelser: Annotated[
        bool, typer.Option("--avvikelser", help="Visa bara behandlingar med avvikelser.")
    ] = False,
    fmt: StatusFormatOption = StatusFormat.table,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Avsluta med kod 1 om någon behandling har: forfallen, saknas, roda eller "
            "avvikelse.",
            show_default=False,
        ),
    ] = None,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa informationssäkerhetsläget: kontrollpunkterna per behandling och objekt."""
    from lgtool.commands.status import status as run

    return run(
        register=register,
        per=_parse_date(per, "--per"),
        objekt=objekt or [],
        kategori=kategori or [],
        bara_avvikelser=avvikelser,
        fmt=fmt.value,
        fail_on=fail_on.value if fail_on else None,
        out=sys.stdout,
        cache=not ingen_cache,
    )


@app.command(cls=_Command)
def prioritering(
    register: RegisterOption = None,
    per: PerOption = None,
    objekt: ObjektOption = None,
    kategori: KategoriOption = None,
    fmt: StatusFormatOption = StatusFormat.table,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa behandlingar som behöver klassas (KLASSA saknas/förfallen) i prioritetsordning."""
    from lgtool.commands.status import prioritering as run

    return run(
        register=register,
        per=_parse_date(per, "--per"),
        objekt=objekt or [],
        kategori=kategori or [],
        fmt=fmt.value,
        out=sys.stdout,
        cache=not ingen_cache,
    )


_CLICK_MESSAGES = (
    (r"No such option: (\S+)(?: Did you mean (\S+)\?)?", "okänd flagga {0}"),
    (r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?", "okänt kommando '{0}'"),
    (r"Missing argument '(.+)'\.", "argumentet {0} saknas"),
    (r"Missing option '(.+)'\.", "flaggan {0} saknas"),
    (r"Option '(.+)' requires an argument\.", "flaggan {0} behöver ett värde"),
    (r"Got unexpected extra arguments?\(?s?\)? \((.+)\)", "oväntat argument: {0}"),
    (
        r"Invalid value for '(.+?)'(?: / '.+?')?: (?:Value error, )?'(.*?)' is not one of (.+)\.",
        "ogiltigt värde '{1}' för {0}; tillåtna värden: {2}",
    ),
    (
        r"Invalid value for '(.+?)'(?: / '.+?')?: (?:Value error, )?(.+)",
        "ogiltigt värde för {0}: {1}",
    ),
)


def _swedish_usage_error(message: str) -> str:
    for pattern, template in _CLICK_MESSAGES:
        match = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if match:
            text = template.format(*[g or "" for g in match.groups()])
            hint = re.search(r"Did you mean (.+)\?", message)
            return f"{text} – menade du {hint.group(1)}?" if hint else text
    return message


def main() -> NoReturn:
    """Run the CLI with one error handler: user errors → 1, usage → 2, Ctrl-C → 130."""
    try:
        result = app(standalone_mode=False)
    except NoArgsIsHelpError as exc:
        typer.echo(_swedish_help(exc.format_message()))
        sys.exit(ExitCode.USAGE)
    except ClickUsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "lgtool"
        typer.echo(f"fel: {_swedish_usage_error(exc.format_message())}", err=True)
        typer.echo(f"Se '{command} --help'.", err=True)
        sys.exit(ExitCode.USAGE)
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("avbrutet", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except LgtoolError as exc:
        typer.echo(f"fel: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:
        typer.echo(f"fel: {exc.format_message()}", err=True)
        sys.exit(ExitCode.USAGE)
    except BrokenPipeError:
        sys.exit(ExitCode.OK)
    except Exception as exc:
        if os.environ.get("LGTOOL_DEBUG"):
            raise
        typer.echo(
            f"internt fel i lgtool ({type(exc).__name__}); detta är ett programfel, inte ett "
            "fel i registret. Kör igen med LGTOOL_DEBUG=1 och rapportera utskriften.",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL)
    sys.exit(result if isinstance(result, int) else ExitCode.OK)
