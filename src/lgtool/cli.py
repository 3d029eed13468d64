"""The command line: each command turns its options into one call of the core.

Heavy modules are imported inside the commands so that ``--help`` and
``--version`` stay fast.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from datetime import date
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer import _click as click
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup

from lgtool import __version__
from lgtool.errors import ExitCode, LgtoolError, UsageError

_HELP_WORDS = (
    ("Usage: ", "Användning: "),
    (" [OPTIONS]", " [FLAGGOR]"),
    (" COMMAND [ARGS]...", " KOMMANDO [ARGUMENT]..."),
    ("Show this message and exit.", "Visa denna hjälp och avsluta."),
    ("[default:", "[standard:"),
    ("[required]", "[krävs]"),
    ("\nOptions:\n", "\nFlaggor:\n"),
    ("\nArguments:\n", "\nArgument:\n"),
    ("\nCommands:\n", "\nKommandon:\n"),
)
"""typer's fixed words. A phrase in the help column may be wrapped over two lines."""


def _swedish_help(text: str) -> str:
    for english, swedish in _HELP_WORDS:
        words = english.strip().split(" ")
        if len(words) == 1:
            text = text.replace(english, swedish)
        else:  # keep the line breaks that typer wrapped the phrase with
            pattern = r"(\s+)".join(re.escape(word) for word in words)
            text = re.sub(pattern, partial(_same_spacing, swedish.strip().split(" ")), text)
    return text


def _same_spacing(words: list[str], match: re.Match[str]) -> str:
    """``words`` joined by the whitespace between the English words that ``match`` found."""
    spaces = [*match.groups(), ""]
    return "".join(word + space for word, space in zip(words, spaces, strict=True))


class _Argument(TyperArgument):
    """An argument shown by its Swedish metavar alone, without typer's English type (<str>)."""

    def display_type_rich(self, ctx: click.Context) -> str | None:
        return None


class _Command(TyperCommand):
    """A command whose help is in Swedish (typer's fixed words translated).

    Every option and argument has a Swedish metavar (ID, FIL, MAPP, ÅÅÅÅ-MM-DD ...),
    so no English type name (<str>, <path>) is shown.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument

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
        typer.Option(
            "--format", "-f", help="Utdataformat: text, json eller github.", metavar="FORMAT"
        ),
    ] = ProblemFormat.text,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Kontrollera registret och visa alla fel med fil, rad och kolumn."""
    from lgtool.commands.cached import validate as run

    return run(register, fmt.value, cache=not ingen_cache)


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
    typer.Option(
        "--format", "-f", help="Utdataformat: table, json, csv eller markdown.", metavar="FORMAT"
    ),
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
            metavar="VILLKOR",
        ),
    ] = None,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa informationssäkerhetsläget: kontrollpunkterna per behandling och objekt."""
    from lgtool.commands.cached import status as run

    return run(
        register=register,
        per=_parse_date(per, "--per"),
        objekt=objekt or [],
        kategori=kategori or [],
        bara_avvikelser=avvikelser,
        fmt=fmt.value,
        fail_on=fail_on.value if fail_on else None,
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
    from lgtool.commands.cached import prioritering as run

    return run(
        register=register,
        per=_parse_date(per, "--per"),
        objekt=objekt or [],
        kategori=kategori or [],
        fmt=fmt.value,
        cache=not ingen_cache,
    )


class ReportFormat(StrEnum):
    """Output formats of the report."""

    markdown = "markdown"
    docx = "docx"
    html = "html"


@app.command(cls=_Command)
def report(
    ar: Annotated[
        int,
        typer.Argument(
            help="Året som rapporten gäller, t.ex. 2024.", metavar="ÅR", show_default=False
        ),
    ],
    register: RegisterOption = None,
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            help="Referensdatum (standard: årets sista dag).",
            show_default=False,
            metavar="ÅÅÅÅ-MM-DD",
        ),
    ] = None,
    publik: Annotated[
        bool,
        typer.Option(
            "--publik",
            help="Publik version: bara sammanställda uppgifter, inga system-, behandlings- "
            "eller personnamn (OSL 18 kap. 8 §).",
        ),
    ] = False,
    mallar: Annotated[
        Path | None,
        typer.Option(
            "--mallar",
            help="Mapp med egna mallar som ersätter standardmallarna.",
            show_default=False,
            metavar="MAPP",
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="Utdataformat: markdown, docx (Word) eller html.",
            metavar="FORMAT",
        ),
    ] = ReportFormat.markdown,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Skriv till filen (standard: terminalen).",
            show_default=False,
            metavar="FIL",
        ),
    ] = None,
    referensmall: Annotated[
        Path | None,
        typer.Option(
            "--referensmall",
            help="Word-mall (.docx) med organisationens formatmallar.",
            show_default=False,
            metavar="FIL",
        ),
    ] = None,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Ta fram Ledningens genomgång för ett år som Markdown, Word eller HTML."""
    from lgtool.commands.report import report as run

    return run(
        register=register,
        year=ar,
        per=_parse_date(per, "--per"),
        publik=publik,
        mallar=mallar,
        fmt=fmt.value,
        output=output,
        referensmall=referensmall,
        cache=not ingen_cache,
    )


# --- Authoring: ny, satt, registrera, schema, import, export ----------------------------


class Kontroll(StrEnum):
    """The reviews that ``lgtool registrera`` records."""

    klassa = "klassa"
    rsa = "rsa"
    behorighetskontroll = "behorighetskontroll"


class ExportFormat(StrEnum):
    """Spreadsheet formats for export."""

    xlsx = "xlsx"
    csv = "csv"


@app.command(cls=_Command)
def ny(
    behandling_id: Annotated[
        str, typer.Argument(metavar="ID", help="Den nya behandlingens id, t.ex. tk-parkering.")
    ],
    objekt: Annotated[
        str,
        typer.Option(
            "--objekt",
            help="Förvaltningsobjektets id i organisation.yaml.",
            show_default=False,
            metavar="ID",
        ),
    ],
    namn: Annotated[
        str | None,
        typer.Option("--namn", help="Behandlingens namn.", show_default=False, metavar="NAMN"),
    ] = None,
    kategori: Annotated[
        str | None,
        typer.Option(
            "--kategori",
            help="unik, gemensam eller ovrig.",
            show_default=False,
            metavar="KATEGORI",
        ),
    ] = None,
    register: RegisterOption = None,
) -> int:
    """Skapa behandlingar/ID.yaml från en kommenterad mall med alla fält."""
    from lgtool.commands.authoring import ny as run

    return run(register, behandling_id, objekt=objekt, namn=namn, kategori=kategori, out=sys.stdout)


@app.command(cls=_Command)
def satt(
    behandling_id: Annotated[str, typer.Argument(metavar="ID", help="Behandlingens id.")],
    falt_och_varden: Annotated[
        list[str],
        typer.Argument(
            metavar="FÄLT VÄRDE...",
            help="Fält och nytt värde, t.ex. senaste_klassa 2025-01-10 eller handlingsplan.roda 1. "
            "Flera par ändras tillsammans.",
        ),
    ],
    register: RegisterOption = None,
) -> int:
    """Ändra fält i en behandling; kommentarer och formatering lämnas orörda."""
    from lgtool.commands.authoring import satt as run

    return run(register, behandling_id, falt_och_varden, sys.stdout)


@app.command(cls=_Command)
def registrera(
    kontroll: Annotated[
        Kontroll,
        typer.Argument(metavar="KONTROLL", help="klassa, rsa eller behorighetskontroll."),
    ],
    behandling_id: Annotated[str, typer.Argument(metavar="ID", help="Behandlingens id.")],
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Datum då kontrollen gjordes (standard: i dag).",
            show_default=False,
            metavar="ÅÅÅÅ-MM-DD",
        ),
    ] = None,
    register: RegisterOption = None,
) -> int:
    """Registrera att en KLASSA, RSA eller behörighetskontroll är genomförd."""
    from lgtool.commands.authoring import registrera as run

    return run(
        register,
        kontroll.value,
        behandling_id,
        datum=_parse_date(datum, "--datum"),
        out=sys.stdout,
    )


@app.command(cls=_Command)
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Mapp att skriva till (standard: registrets mapp schema/).",
            show_default=False,
            metavar="MAPP",
        ),
    ] = None,
    register: RegisterOption = None,
) -> int:
    """Skriv JSON Schema för registrets filer, så att editorn kan komplettera och kontrollera."""
    from lgtool.commands.schema import schema as run

    return run(register, output, sys.stdout)


@app.command(name="import", cls=_Command)
def import_(
    fil: Annotated[
        Path,
        typer.Argument(metavar="FIL", help="Kalkylblad: .xlsx eller .csv.", show_default=False),
    ],
    mappning: Annotated[
        Path | None,
        typer.Option(
            "--mappning",
            "-m",
            help="Mappningsfil från kolumnrubriker till fält (standard: de svenska rubrikerna "
            "i register/import/mappning-exempel.yaml).",
            show_default=False,
            metavar="FIL",
        ),
    ] = None,
    torrkorning: Annotated[
        bool,
        typer.Option("--torrkorning", help="Visa vad som skulle skrivas, men skriv inget."),
    ] = False,
    skriv_over: Annotated[
        bool,
        typer.Option("--skriv-over", help="Skriv över behandlingar som redan finns."),
    ] = False,
    register: RegisterOption = None,
) -> int:
    """Skapa behandlingsfiler från ett kalkylblad med en rad per behandling."""
    from lgtool.commands.spreadsheet import import_sheet as run

    return run(
        register,
        fil,
        mapping=mappning,
        dry_run=torrkorning,
        overwrite=skriv_over,
        out=sys.stdout,
    )


@app.command(cls=_Command)
def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="xlsx eller csv (standard: filändelsen i -o, annars csv).",
            show_default=False,
            metavar="FORMAT",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Fil att skriva (standard för csv: standard ut).",
            show_default=False,
            metavar="FIL",
        ),
    ] = None,
    per: PerOption = None,
    register: RegisterOption = None,
) -> int:
    """Exportera behandlingarna och deras kontrollpunkter som kalkylblad."""
    from lgtool.commands.spreadsheet import export as run

    return run(
        register,
        fmt.value if fmt else None,
        output,
        per=_parse_date(per, "--per"),
        out=sys.stdout,
    )


class DiffFormat(StrEnum):
    """Output formats for diff."""

    table = "table"
    markdown = "markdown"
    json = "json"


@app.command(cls=_Command)
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE",
            help="Revisionen att jämföra från (standard: merge base med huvudgrenen, "
            "annars HEAD~1).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD",
            help="Revisionen att jämföra med (standard: arbetskopian).",
            show_default=False,
        ),
    ] = None,
    register: RegisterOption = None,
    per: PerOption = None,
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format", "-f", help="Utdataformat: table, markdown eller json.", metavar="FORMAT"
        ),
    ] = DiffFormat.table,
    fail_on_forsamring: Annotated[
        bool,
        typer.Option(
            "--fail-on-forsamring", help="Avsluta med kod 1 om någon kontrollpunkt försämrats."
        ),
    ] = False,
) -> int:
    """Visa vad en ändring gör med läget: förbättringar och försämringar mellan två versioner."""
    from lgtool.commands.diff import diff as run

    return run(
        register=register,
        base=base,
        head=head,
        per=_parse_date(per, "--per"),
        fmt=fmt.value,
        fail_on_forsamring=fail_on_forsamring,
        out=sys.stdout,
    )


class TrendStep(StrEnum):
    """Step lengths for trend."""

    manad = "manad"
    kvartal = "kvartal"
    ar = "ar"


@app.command(cls=_Command)
def trend(
    register: RegisterOption = None,
    fran: Annotated[
        str | None,
        typer.Option(
            "--fran",
            help="Första datum (standard: datum för första commit).",
            show_default=False,
            metavar="ÅÅÅÅ-MM-DD",
        ),
    ] = None,
    till: Annotated[
        str | None,
        typer.Option(
            "--till",
            help="Sista datum (standard: i dag).",
            show_default=False,
            metavar="ÅÅÅÅ-MM-DD",
        ),
    ] = None,
    steg: Annotated[
        TrendStep,
        typer.Option("--steg", help="Steglängd: manad, kvartal eller ar.", metavar="STEG"),
    ] = TrendStep.kvartal,
    fmt: StatusFormatOption = StatusFormat.table,
) -> int:
    """Visa nyckeltalen över tid ur registrets git-historik."""
    from lgtool.commands.trend import trend as run

    return run(
        register=register,
        fran=_parse_date(fran, "--fran"),
        till=_parse_date(till, "--till"),
        steg=steg.value,
        fmt=fmt.value,
        out=sys.stdout,
    )


# --- Starting: init, ar ny ------------------------------------------------------------


@app.command(cls=_Command)
def init(
    organisation: Annotated[
        str,
        typer.Option(
            "--organisation",
            help="Förvaltningens eller bolagets namn.",
            show_default=False,
            metavar="NAMN",
        ),
    ],
    mapp: Annotated[
        Path,
        typer.Argument(
            metavar="MAPP",
            help="Registerförrådets mapp; skapas om den inte finns (standard: den aktuella).",
            show_default=False,
        ),
    ] = Path("."),
    huvudman: Annotated[
        str | None,
        typer.Option(
            "--huvudman", help="Huvudman, t.ex. kommunen.", show_default=False, metavar="NAMN"
        ),
    ] = None,
) -> int:
    """Skapa ett nytt register som går att validera och rapportera direkt."""
    from lgtool.commands.init import init as run

    return run(mapp, organisation=organisation, huvudman=huvudman, out=sys.stdout)


ar_app = typer.Typer(
    cls=_Group,
    name="ar",
    help="Årsfilerna: starta ett nytt år från föregående års plan.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(ar_app)


@ar_app.command(name="ny", cls=_Command)
def ar_ny(
    ar: Annotated[
        int,
        typer.Argument(
            help="Det nya året, t.ex. 2026; föregående års fil måste finnas.",
            metavar="ÅR",
            show_default=False,
        ),
    ],
    register: RegisterOption = None,
) -> int:
    """Skapa årsfilen för ett nytt år från föregående års plan, beslut och prioriteringar."""
    from lgtool.commands.ar import ny as run

    return run(register, ar, sys.stdout)


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


_REPLAYABLE = ("validate", "status", "prioritering")
"""Commands whose stored result may be replayed before typer parses the command line."""


def main() -> NoReturn:
    """Run the CLI with one error handler: user errors → 1, usage → 2, Ctrl-C → 130."""
    # A run on a city's register builds a few hundred thousand small objects and frees
    # almost none before it exits; the default thresholds collect them over and over
    # (a quarter of `status` on 10,000 processings). Rarer collections, as mypy does.
    gc.set_threshold(200_000, 30, 30)
    try:
        result = None
        if sys.argv[1:2] and sys.argv[1] in _REPLAYABLE:
            from lgtool.commands.cached import replay_from_argv

            result = replay_from_argv(sys.argv[1:])
        if result is None:
            result = app(standalone_mode=False, prog_name="lgtool")
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
    if result == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into a quiet exit code 130
        typer.echo("avbrutet", err=True)
    sys.exit(result if isinstance(result, int) else ExitCode.OK)
