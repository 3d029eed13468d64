"""The command line: each command fills in its options and makes one call of the core.

The options shared by several commands are declared in :mod:`lgtool.cli_options`,
the choice sets and options objects in :mod:`lgtool.options`, and the Swedish
help and usage errors in :mod:`lgtool.cli_swedish`. :func:`run` is the one error
handler, for :func:`main` and for the tests that run the CLI in process.

Heavy modules are imported inside the commands so that ``--help`` and
``--version`` stay fast.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn, cast, get_args

import typer

from lgtool import __version__
from lgtool.choices import (
    AtgardFailOn,
    DiffFormat,
    ExportFormat,
    FailOn,
    Farg,
    GemensammaFormat,
    IncidentFailOn,
    KalenderFormat,
    Kalla,
    ProblemFormat,
    Steg,
    Typ,
)
from lgtool.cli_options import (
    DATE_CHECKPOINT_HELP,
    AllaOption,
    IngenCacheOption,
    KategoriOption,
    ObjektOption,
    OutputOption,
    PerOption,
    RegisterOption,
    ReportFormatOption,
    StatusFormatOption,
    date_checkpoint,
    one_of,
    parse_date,
    parse_days,
    parse_kalender_fail_on,
    parse_typ,
    table_terminal,
)
from lgtool.cli_swedish import (
    ClosedOutputError,
    NoArgsIsHelpError,
    SwedishCommand,
    SwedishGroup,
    UsageError,
    swedish_help,
    swedish_usage_error,
)
from lgtool.errors import ExitCode, LgtoolError

app = typer.Typer(
    cls=SwedishGroup,
    name="lgtool",
    help="Ledningens genomgång: informationssäkerhetsregistret i YAML – validering, "
    "status, granskning och årsrapport.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,  # locals in tracebacks would print register data
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


@app.command(cls=SwedishCommand)
def validate(
    register: RegisterOption = None,
    fmt: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help=f"Utdataformat: {one_of(ProblemFormat)}.",
            metavar="FORMAT",
        ),
    ] = "text",
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Kontrollera registret och visa alla fel med fil, rad och kolumn."""
    from lgtool.commands.cached import validate as run
    from lgtool.options import ValidateOptions

    return run(ValidateOptions(register=register, format=fmt, cache=not ingen_cache))


@app.command(cls=SwedishCommand)
def status(
    register: RegisterOption = None,
    per: PerOption = None,
    objekt: ObjektOption = None,
    kategori: KategoriOption = None,
    avvikelser: Annotated[
        bool, typer.Option("--avvikelser", help="Visa bara behandlingar med avvikelser.")
    ] = False,
    fmt: StatusFormatOption = "table",
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help=f"Avsluta med kod 1 om någon behandling har: {one_of(FailOn)}.",
            show_default=False,
            metavar="VILLKOR",
        ),
    ] = None,
    alla: AllaOption = False,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa informationssäkerhetsläget: kontrollpunkterna per behandling och objekt."""
    from lgtool.commands.cached import status as run
    from lgtool.options import StatusOptions

    return run(
        StatusOptions(
            register=register,
            per=parse_date(per, "--per"),
            objekt=tuple(objekt or ()),
            kategori=tuple(kategori or ()),
            bara_avvikelser=avvikelser,
            format=fmt,
            fail_on=fail_on,
            alla=alla,
            terminal=table_terminal(fmt),
            cache=not ingen_cache,
        )
    )


@app.command(cls=SwedishCommand)
def prioritering(
    register: RegisterOption = None,
    per: PerOption = None,
    objekt: ObjektOption = None,
    kategori: KategoriOption = None,
    fmt: StatusFormatOption = "table",
    alla: AllaOption = False,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa behandlingar som behöver klassas (KLASSA saknas/förfallen) i prioritetsordning."""
    from lgtool.commands.cached import prioritering as run
    from lgtool.options import PrioriteringOptions

    return run(
        PrioriteringOptions(
            register=register,
            per=parse_date(per, "--per"),
            objekt=tuple(objekt or ()),
            kategori=tuple(kategori or ()),
            format=fmt,
            alla=alla,
            terminal=table_terminal(fmt),
            cache=not ingen_cache,
        )
    )


@app.command(cls=SwedishCommand)
def atgarder(
    register: RegisterOption = None,
    per: PerOption = None,
    objekt: ObjektOption = None,
    ansvarig: Annotated[
        str | None,
        typer.Option(
            "--ansvarig",
            help="Bara punkter med denna ansvariga (pm3-roll eller namn).",
            show_default=False,
            metavar="ANSVARIG",
        ),
    ] = None,
    farg: Annotated[
        Farg | None,
        typer.Option(
            "--farg",
            help=f"Bara punkter av färgen {one_of(Farg)}.",
            show_default=False,
            metavar="FÄRG",
        ),
    ] = None,
    kalla: Annotated[
        Kalla | None,
        typer.Option(
            "--kalla",
            help=f"Bara punkter från källan {one_of(Kalla)}.",
            show_default=False,
            metavar="KÄLLA",
        ),
    ] = None,
    forsenade: Annotated[
        bool,
        typer.Option("--forsenade", help="Bara försenade punkter (öppna och efter sista datum)."),
    ] = False,
    fmt: StatusFormatOption = "table",
    fail_on: Annotated[
        AtgardFailOn | None,
        typer.Option(
            "--fail-on",
            help="Avsluta med kod 1 om någon listad punkt är försenad (forsenade).",
            show_default=False,
            metavar="VILLKOR",
        ),
    ] = None,
) -> int:
    """Lista handlingsplanernas åtgärdspunkter: ansvarig, sista datum, försenade."""
    from lgtool.commands.atgarder import atgarder as run
    from lgtool.options import AtgarderOptions

    options = AtgarderOptions(
        register=register,
        per=parse_date(per, "--per"),
        objekt=tuple(objekt or ()),
        ansvarig=ansvarig,
        farg=farg,
        kalla=kalla,
        forsenade=forsenade,
        format=fmt,
        fail_on=fail_on,
    )
    return run(options, sys.stdout)


@app.command(cls=SwedishCommand)
def incidenter(
    register: RegisterOption = None,
    ar: Annotated[
        int | None,
        typer.Option(
            "--ar",
            help="Visa bara incidenter upptäckta detta år.",
            metavar="ÅÅÅÅ",
            show_default=False,
        ),
    ] = None,
    per: PerOption = None,
    fmt: StatusFormatOption = "table",
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help=f"Avsluta med kod 1 om någon frist har status {one_of(IncidentFailOn)} "
            "(flera med kommatecken: sen,saknas).",
            show_default=False,
            metavar="STATUS",
        ),
    ] = None,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa incidenterna och rapporteringsfristerna enligt cybersäkerhetslagen och GDPR."""
    from lgtool.commands.incidents import incidenter as run
    from lgtool.options import IncidenterOptions

    options = IncidenterOptions(
        register=register,
        ar=ar,
        per=parse_date(per, "--per"),
        format=fmt,
        fail_on=parse_fail_on(fail_on),
        cache=not ingen_cache,
    )
    return run(options, sys.stdout)


def parse_fail_on(value: str | None) -> tuple[IncidentFailOn, ...]:
    """``--fail-on sen,saknas`` as a tuple; a usage error for any other word."""
    if value is None:
        return ()
    allowed = get_args(IncidentFailOn)
    chosen: list[IncidentFailOn] = []
    for word in (w.strip() for w in value.split(",")):
        if word not in allowed:
            raise UsageError(f"--fail-on: '{word}' är ingen frist-status; välj {one_of(allowed)}")
        chosen.append(cast("IncidentFailOn", word))
    return tuple(chosen)


@app.command(cls=SwedishCommand)
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
    fmt: ReportFormatOption = "markdown",
    output: OutputOption = None,
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
    """Ta fram Ledningens genomgång för ett år som Markdown, Word, HTML eller PDF."""
    from lgtool.commands.report import report as run
    from lgtool.options import ReportOptions

    return run(
        ReportOptions(
            year=ar,
            register=register,
            per=parse_date(per, "--per"),
            publik=publik,
            mallar=mallar,
            format=fmt,
            output=output,
            referensmall=referensmall,
            cache=not ingen_cache,
        )
    )


# --- Authoring: ny, satt, registrera, schema, import, export ----------------------------


@app.command(cls=SwedishCommand)
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
    from lgtool.options import NyOptions

    options = NyOptions(behandling_id, objekt, namn=namn, kategori=kategori, register=register)
    return run(options, sys.stdout)


@app.command(name="ny-incident", cls=SwedishCommand)
def ny_incident(
    incident_id: Annotated[
        str, typer.Argument(metavar="ID", help="Den nya incidentens id, t.ex. 2026-007.")
    ],
    upptackt: Annotated[
        str | None,
        typer.Option(
            "--upptackt",
            help="När incidenten upptäcktes, t.ex. 2026-03-29T10:00:00+01:00; avgör årsmappen "
            "(standard: innevarande år).",
            show_default=False,
            metavar="TIDPUNKT",
        ),
    ] = None,
    register: RegisterOption = None,
) -> int:
    """Skapa incidenter/ÅÅÅÅ/ID.yaml från en kommenterad mall med alla fält."""
    from lgtool.commands.incidents import ny_incident as run
    from lgtool.options import NyIncidentOptions

    return run(NyIncidentOptions(incident_id, upptackt, register=register), sys.stdout)


@app.command(cls=SwedishCommand)
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
    from lgtool.options import SattOptions

    return run(SattOptions(behandling_id, tuple(falt_och_varden), register=register), sys.stdout)


@app.command(cls=SwedishCommand)
def registrera(
    kontroll: Annotated[
        str,
        typer.Argument(
            metavar="KONTROLL",
            help=DATE_CHECKPOINT_HELP,
            callback=date_checkpoint,
        ),
    ],
    behandling_id: Annotated[str, typer.Argument(metavar="ID", help="Behandlingens id.")],
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Datum då kontrollen gjordes, eller då punkten hittades (standard: i dag).",
            show_default=False,
            metavar="ÅÅÅÅ-MM-DD",
        ),
    ] = None,
    tillat_aldre: Annotated[
        bool,
        typer.Option(
            "--tillat-aldre",
            help="Tillåt ett datum som är tidigare än det som redan står i registret.",
        ),
    ] = False,
    register: RegisterOption = None,
    rubrik: Annotated[
        str | None,
        typer.Option(
            "--rubrik", help="atgard: vad som brister.", show_default=False, metavar="TEXT"
        ),
    ] = None,
    farg: Annotated[
        Farg | None,
        typer.Option("--farg", help=f"atgard: {one_of(Farg)}.", show_default=False, metavar="FÄRG"),
    ] = None,
    kalla: Annotated[
        Kalla | None,
        typer.Option(
            "--kalla", help=f"atgard: {one_of(Kalla)}.", show_default=False, metavar="KÄLLA"
        ),
    ] = None,
    krav: Annotated[
        str | None,
        typer.Option(
            "--krav",
            help="atgard: kravet, t.ex. KLASSA 4.3.2.",
            show_default=False,
            metavar="TEXT",
        ),
    ] = None,
    ansvarig: Annotated[
        str | None,
        typer.Option(
            "--ansvarig",
            help="atgard: pm3-roll eller namn.",
            show_default=False,
            metavar="ANSVARIG",
        ),
    ] = None,
    senast: Annotated[
        str | None,
        typer.Option(
            "--senast", help="atgard: sista datum.", show_default=False, metavar="ÅÅÅÅ-MM-DD"
        ),
    ] = None,
    punkt_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="atgard: punktens id (standard: nästa lediga hp-N).",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
) -> int:
    """Registrera att en daterad kontroll är genomförd, eller lägg till en åtgärdspunkt."""
    from lgtool.commands.authoring import registrera as run
    from lgtool.options import PunktOptions, RegistreraOptions

    punkt = PunktOptions(
        rubrik=rubrik,
        farg=farg,
        kalla=kalla,
        krav=krav,
        ansvarig=ansvarig,
        senast=parse_date(senast, "--senast"),
        id=punkt_id,
    )
    options = RegistreraOptions(
        kontroll,
        behandling_id,
        datum=parse_date(datum, "--datum"),
        register=register,
        punkt=punkt if punkt.given() else None,
        tillat_aldre=tillat_aldre,
    )
    return run(options, sys.stdout)


@app.command(cls=SwedishCommand)
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
    from lgtool.options import SchemaOptions

    return run(SchemaOptions(output=output, register=register), sys.stdout)


@app.command(name="import", cls=SwedishCommand)
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


@app.command(cls=SwedishCommand)
def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{one_of(ExportFormat)} (standard: filändelsen i -o, annars csv).",
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
        fmt,
        output,
        per=parse_date(per, "--per"),
        out=sys.stdout,
    )


@app.command(cls=SwedishCommand)
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
            "--format", "-f", help=f"Utdataformat: {one_of(DiffFormat)}.", metavar="FORMAT"
        ),
    ] = "table",
    fail_on_forsamring: Annotated[
        bool,
        typer.Option(
            "--fail-on-forsamring", help="Avsluta med kod 1 om någon kontrollpunkt försämrats."
        ),
    ] = False,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa vad en ändring gör med läget: förbättringar och försämringar mellan två versioner."""
    from lgtool.commands.diff import diff as run
    from lgtool.options import DiffOptions

    options = DiffOptions(
        base=base,
        head=head,
        register=register,
        per=parse_date(per, "--per"),
        format=fmt,
        fail_on_forsamring=fail_on_forsamring,
        cache=not ingen_cache,
    )
    return run(options, sys.stdout)


@app.command(cls=SwedishCommand)
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
        Steg,
        typer.Option("--steg", help=f"Steglängd: {one_of(Steg)}.", metavar="STEG"),
    ] = "kvartal",
    fmt: StatusFormatOption = "table",
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa nyckeltalen över tid ur registrets git-historik."""
    from lgtool.commands.trend import trend as run
    from lgtool.options import TrendOptions

    options = TrendOptions(
        register=register,
        fran=parse_date(fran, "--fran"),
        till=parse_date(till, "--till"),
        steg=steg,
        format=fmt,
        cache=not ingen_cache,
    )
    return run(options, sys.stdout)


# --- Starting: init, ar ny ------------------------------------------------------------


@app.command(cls=SwedishCommand)
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
    from lgtool.options import InitOptions

    return run(InitOptions(mapp=mapp, organisation=organisation, huvudman=huvudman), sys.stdout)


ar_app = typer.Typer(
    cls=SwedishGroup,
    name="ar",
    help="Årsfilerna: starta ett nytt år från föregående års plan.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(ar_app)


@ar_app.command(name="ny", cls=SwedishCommand)
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
    from lgtool.options import ArNyOptions

    return run(ArNyOptions(ar=ar, register=register), sys.stdout)


# --- The whole city: stad ----------------------------------------------------------------

stad_app = typer.Typer(
    cls=SwedishGroup,
    name="stad",
    help="Hela staden: alla förvaltningars och bolags register, sammanställda ur stad.yaml.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(stad_app)

StadsfilArgument = Annotated[
    Path,
    typer.Argument(
        help="Stadsfilen (stad.yaml) som listar enheterna och deras register.",
        metavar="STADSFIL",
        show_default=False,
    ),
]


@stad_app.command(name="status", cls=SwedishCommand)
def stad_status(
    stadsfil: StadsfilArgument,
    per: PerOption = None,
    fmt: StatusFormatOption = "table",
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa nyckeltalen per förvaltning och bolag och för hela staden."""
    from lgtool.options import StadStatusOptions
    from lgtool.stad.cached import status as run

    options = StadStatusOptions(
        stadsfil=stadsfil, per=parse_date(per, "--per"), format=fmt, cache=not ingen_cache
    )
    return run(options)


@stad_app.command(name="gemensamma", cls=SwedishCommand)
def stad_gemensamma(
    stadsfil: StadsfilArgument,
    per: PerOption = None,
    fmt: Annotated[
        GemensammaFormat,
        typer.Option(
            "--format", "-f", help=f"Utdataformat: {one_of(GemensammaFormat)}.", metavar="FORMAT"
        ),
    ] = "table",
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa de stadsgemensamma systemen och hur varje enhet som använder dem har klassat dem."""
    from lgtool.options import StadGemensammaOptions
    from lgtool.stad.cached import gemensamma as run

    options = StadGemensammaOptions(
        stadsfil=stadsfil, per=parse_date(per, "--per"), format=fmt, cache=not ingen_cache
    )
    return run(options)


@stad_app.command(name="report", cls=SwedishCommand)
def stad_report(
    ar: Annotated[
        int,
        typer.Argument(
            help="Året som sammanställningen gäller, t.ex. 2025.", metavar="ÅR", show_default=False
        ),
    ],
    stadsfil: StadsfilArgument,
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
            help="Publik version: enheter och totaler, inga system-, behandlings- eller "
            "personnamn; en enhet under sin gräns för gruppstorlek redovisas inte separat.",
        ),
    ] = False,
    mallar: Annotated[
        Path | None,
        typer.Option(
            "--mallar",
            help="Mapp med en egen stad.md.j2 som ersätter standardmallen.",
            show_default=False,
            metavar="MAPP",
        ),
    ] = None,
    fmt: ReportFormatOption = "markdown",
    output: OutputOption = None,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Ta fram stadens sammanställning av alla enheters ledningens genomgång för ett år."""
    from lgtool.commands.stad import report as run
    from lgtool.options import StadReportOptions

    return run(
        StadReportOptions(
            year=ar,
            stadsfil=stadsfil,
            per=parse_date(per, "--per"),
            publik=publik,
            mallar=mallar,
            format=fmt,
            output=output,
            cache=not ingen_cache,
        )
    )


# --- Planning: kalender -----------------------------------------------------------------


@app.command(cls=SwedishCommand)
def kalender(
    register: RegisterOption = None,
    per: PerOption = None,
    inom: Annotated[
        str,
        typer.Option(
            "--inom",
            help="Visa det som förfaller inom så många dagar (förfallet visas alltid).",
            metavar="DAGAR",
        ),
    ] = "90",
    ansvarig: Annotated[
        str | None,
        typer.Option(
            "--ansvarig",
            help="Visa bara det en person (namn) eller en roll (t.ex. objektagare) ansvarar "
            "för; 'ingen namngiven' visar det som saknar namngiven ansvarig.",
            show_default=False,
            metavar="NAMN|ROLL",
        ),
    ] = None,
    objekt: ObjektOption = None,
    typ: Annotated[
        list[str] | None,
        typer.Option(
            "--typ", help=f"Visa bara typen (kan upprepas): {one_of(Typ)}.", metavar="TYP"
        ),
    ] = None,
    fmt: Annotated[
        KalenderFormat,
        typer.Option(
            "--format", "-f", help=f"Utdataformat: {one_of(KalenderFormat)}.", metavar="FORMAT"
        ),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Skriv till filen (standard: terminalen); med --per-ansvarig en mapp.",
            show_default=False,
            metavar="FIL|MAPP",
        ),
    ] = None,
    per_ansvarig: Annotated[
        bool,
        typer.Option(
            "--per-ansvarig",
            help="Skriv en .ics-fil per ansvarig person i mappen som -o anger.",
        ),
    ] = False,
    paminnelse: Annotated[
        str,
        typer.Option(
            "--paminnelse",
            help="Påminnelse i kalendern (ics) så många dagar före förfallodagen.",
            metavar="DAGAR",
        ),
    ] = "14",
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Avsluta med kod 1 om något har förfallit (forfallet) eller förfaller inom "
            "så många dagar (inom:DAGAR, t.ex. inom:30).",
            show_default=False,
            metavar="VILLKOR",
        ),
    ] = None,
    alla: Annotated[
        bool,
        typer.Option(
            "--alla",
            help="Tabellen: visa varje post, också när de är fler än en skärm (annars en rad "
            "per förvaltningsobjekt).",
        ),
    ] = False,
    ingen_cache: IngenCacheOption = False,
) -> int:
    """Visa vad som förfaller härnäst och vem som ansvarar för det."""
    from lgtool.commands.kalender import kalender as run
    from lgtool.options import KalenderOptions

    options = KalenderOptions(
        register=register,
        per=parse_date(per, "--per"),
        inom=parse_days(inom, "--inom"),
        ansvarig=ansvarig,
        objekt=tuple(objekt or ()),
        typ=parse_typ(typ or ()),
        format=fmt,
        output=output,
        per_ansvarig=per_ansvarig,
        paminnelse=parse_days(paminnelse, "--paminnelse"),
        fail_on=parse_kalender_fail_on(fail_on),
        alla=alla,
        terminal=table_terminal(fmt) if output is None else None,
        cache=not ingen_cache,
    )
    if output is None and not per_ansvarig:
        from lgtool.commands import cached

        return cached.kalender(options)
    return run(options, sys.stdout)


def _quiet_stdout() -> None:
    """Send what stdout still holds to /dev/null: it cannot be written, and exit tries again."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def command_run(argv: Sequence[str]) -> typer.Typer:
    """``app`` with only the command that ``argv`` runs (or none for ``--version``).

    typer makes the click object of every command on every run, reading each
    function's signature: a third of ``lgtool status --help`` went to the commands
    not run. The whole app is used whenever more is needed: when the first
    argument names no command (``--help`` lists them all, an unknown command is
    answered with the nearest one) and for completion (no arguments).
    """
    if list(argv) == ["--version"]:
        commands: list[Any] = []
        groups: list[Any] = []
    elif argv:
        commands = [c for c in app.registered_commands if _command_name(c) == argv[0]]
        groups = [g for g in app.registered_groups if _group_name(g) == argv[0]]
        if not commands and not groups:
            return app
    else:
        return app
    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


def _command_name(info: Any) -> str:
    """A command's name as typer gives it: its own, or its function's with - for _."""
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))


def _group_name(info: Any) -> str:
    return str(info.name or info.typer_instance.info.name)


def run(argv: Sequence[str]) -> int:
    """Run ``lgtool ARGV`` through the one error handler; the exit code.

    User errors → 1, usage → 2, an unexpected error → 3 with a short hint (no
    traceback, which could show register data), Ctrl-C → 130. :func:`main` and
    the tests that run the CLI in process both come through here.
    """
    try:
        result = command_run(argv)(list(argv), standalone_mode=False, prog_name="lgtool")
        sys.stdout.flush()  # a full disk shows here, not after exit
    except NoArgsIsHelpError as exc:
        typer.echo(swedish_help(exc.format_message()))
        return ExitCode.USAGE
    except UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "lgtool"
        typer.echo(f"fel: {swedish_usage_error(exc.format_message())}", err=True)
        typer.echo(f"Se '{command} --help'.", err=True)
        return ExitCode.USAGE
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("avbrutet", err=True)
        return ExitCode.INTERRUPTED
    except LgtoolError as exc:
        typer.echo(f"fel: {exc.message}", err=True)
        return exc.exit_code
    except typer.TyperException as exc:
        typer.echo(f"fel: {exc.format_message()}", err=True)
        return ExitCode.USAGE
    except (ClosedOutputError, BrokenPipeError):  # `lgtool status | head -2`: quietly, as 0
        _quiet_stdout()
        return ExitCode.OK
    except Exception as exc:
        if os.environ.get("LGTOOL_DEBUG"):
            raise
        from lgtool.atomic import stream_error

        error = stream_error(exc) if isinstance(exc, OSError) else None
        if error is not None:  # stdout on a full disk: the user's to fix
            _quiet_stdout()
            typer.echo(f"fel: {error.message}", err=True)
            return error.exit_code
        typer.echo(
            f"internt fel i lgtool ({type(exc).__name__}); detta är ett programfel, inte ett "
            "fel i registret. Kör igen med LGTOOL_DEBUG=1 och rapportera utskriften.",
            err=True,
        )
        return ExitCode.INTERNAL
    if result == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into a quiet exit code 130
        typer.echo("avbrutet", err=True)
    return int(result) if isinstance(result, int) else ExitCode.OK


def main() -> NoReturn:
    """:func:`run` on the command line, then exit with its code (``SystemExit``)."""
    _prepare()
    sys.exit(run(sys.argv[1:]))


def program() -> NoReturn:
    """The installed ``lgtool`` program and ``python -m lgtool``: :func:`main`, but the
    process ends without tearing down what it built (:func:`_exit`)."""
    _prepare()
    _exit(run(sys.argv[1:]))


def _prepare() -> None:
    # A run on a city's register builds a few hundred thousand small objects and frees
    # almost none before it exits; the default thresholds collect them over and over
    # (a quarter of `status` on 10,000 processings). Rarer collections, as mypy does,
    # and rarer still: at 200,000 the one collection `status` made on 10,000 processings
    # cost a twentieth of it, and found nothing to free (the same peak memory without).
    gc.set_threshold(1_000_000, 30, 30)
    # pydantic looks for plugins in every installed distribution's entry points when it
    # builds the first schema (a tenth of a cold run on 1,000 processings); a plugin
    # could only watch or break the register's validation, never be part of it.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _exit(code: int) -> NoReturn:
    """Exit with ``code`` once the output is out and the exit handlers have run, without
    freeing every object one by one: on 10,000 processings that took a tenth of a second
    after the answer was written (the operating system takes the memory back at once).

    The exit handlers (temporary files and unsaved cache spills removed,
    :mod:`weakref` finalizers) still run; an output that cannot be flushed
    exits the ordinary way, which reports it. So does a run under a profiler, a
    debugger or a coverage tracer, or with ``LGTOOL_DEBUG`` set: they have their
    own work to do at the end.
    """
    if os.environ.get("LGTOOL_DEBUG") or sys.getprofile() or sys.gettrace():
        sys.exit(code)
    atexit._run_exitfuncs()  # (and cleared: an ordinary exit below does not run them twice)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)
