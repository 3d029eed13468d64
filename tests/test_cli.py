"""The command line: one error handler, exit codes, Swedish help and usage errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest

from conftest import EXAMPLE_REGISTER, REPO, run_cli
from lgtool import __version__, cli
from lgtool.errors import ExitCode


def test_version() -> None:
    result = run_cli("--version")
    assert (result.code, result.out, result.err) == (0, f"lgtool {__version__}\n", "")


def test_top_level_help_is_swedish() -> None:
    result = run_cli("--help")
    assert result.code == 0
    assert result.out.startswith("Användning: lgtool [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    assert "\nFlaggor:\n" in result.out and "\nKommandon:\n" in result.out
    assert "Visa denna hjälp och avsluta." in result.out
    for english in ("Usage:", "Options", "Commands", "Show this message"):
        assert english not in result.out


def test_command_list_gives_each_first_sentence_whole() -> None:
    """click cuts a command's line at the column with "..."; the list wraps it instead."""
    result = run_cli("--help", env={"COLUMNS": "80"})
    commands = result.out.split("\nKommandon:\n", 1)[1]
    assert "..." not in commands
    assert commands.startswith(
        "  validate      Kontrollera registret och visa alla fel med fil, rad och\n"
        "                kolumn\n"
        "  status        Visa informationssäkerhetsläget: kontrollpunkterna per\n"
        "                behandling och objekt\n"
    )


COMPLETION_OPTIONS = (
    "  --install-completion  Installera komplettering med Tab för skalet som\n"
    "                        används (bash, zsh, fish eller PowerShell).\n"
    "  --show-completion     Visa skriptet för komplettering med Tab i skalet som\n"
    "                        används, för att kopiera det eller installera det på\n"
    "                        eget sätt.\n"
)


def test_completion_options_are_in_swedish() -> None:
    result = run_cli("--help", env={"COLUMNS": "80"})
    options = result.out.split("\nFlaggor:\n")[1].split("\n\n")[0] + "\n"
    assert options == (
        "  --version             Visa versionen och avsluta.\n"
        + COMPLETION_OPTIONS
        + "  -h, --help            Visa denna hjälp och avsluta.\n"
    )


# typer's own switch: --install-completion takes the shell instead of detecting it.
NO_DETECTION = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}


def test_install_completion_says_where_in_swedish(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), **NO_DETECTION}
    result = run_cli("--install-completion", "bash", env=env)
    script = tmp_path / ".bash_completions" / "lgtool.sh"
    assert (result.code, result.err, result.out) == (
        0,
        "",
        f"Komplettering för bash installerad i {script}.\n"
        "Den gäller från nästa gång terminalen startas.\n",
    )
    assert "_LGTOOL_COMPLETE=complete_bash" in script.read_text("utf-8")
    assert (tmp_path / ".bashrc").read_text("utf-8") == f"\nsource '{script}'\n"


def test_install_completion_in_an_unknown_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer import _completion_shared

    monkeypatch.setattr(_completion_shared, "_get_shell_name", lambda: "tcsh")
    unknown = run_cli("--install-completion", env={"HOME": str(tmp_path)})
    assert list(tmp_path.iterdir()) == []
    assert (unknown.code, unknown.out, unknown.err) == (
        2,
        "",
        "fel: kan inte installera komplettering för skalet tcsh; lgtool kan komplettera i "
        "bash, zsh, fish och PowerShell\n",
    )


COMMANDS = sorted(
    (info.name or (info.callback.__name__ if info.callback else ""))
    for info in cli.app.registered_commands
)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("columns", ["100", "40"])
def test_command_help_has_no_english_words(command: str, columns: str) -> None:
    # Every option and argument has a Swedish metavar, so typer shows no type label
    # (<str>, <path>, <text|json>); the fixed words are translated also when wrapped.
    result = run_cli(command, "--help", env={"COLUMNS": columns})
    assert result.code == 0
    for english in ("<", "Usage", "Options", "Arguments", "default", "required", "Show this"):
        assert english not in result.out, (english, result.out)


def test_whole_help_of_a_command_with_arguments_and_options() -> None:
    result = run_cli("registrera", "--help")
    assert result.out == (
        "Användning: lgtool registrera [FLAGGOR] {KONTROLL} {ID}\n"
        "\n"
        "  Registrera att en daterad kontroll är genomförd, eller lägg till en\n"
        "  åtgärdspunkt.\n"
        "\n"
        "Argument:\n"
        "  KONTROLL  klassa, rsa, behorighetskontroll eller kontinuitetsovning; eller\n"
        "            atgard för en ny punkt i handlingsplanen.  [krävs]\n"
        "  ID        Behandlingens id.  [krävs]\n"
        "\n"
        "Flaggor:\n"
        "  --datum ÅÅÅÅ-MM-DD   Datum då kontrollen gjordes, eller då punkten hittades\n"
        "                       (standard: i dag).\n"
        "  --tillat-aldre       Tillåt ett datum som är tidigare än det som redan står\n"
        "                       i registret.\n"
        "  -r, --register MAPP  Registermappen (standard: $LGTOOL_REGISTER eller\n"
        "                       ./register).\n"
        "  --rubrik TEXT        atgard: vad som brister.\n"
        "  --farg FÄRG          atgard: gul eller rod.\n"
        "  --kalla KÄLLA        atgard: klassa, rsa, granskning, incident eller lg.\n"
        "  --krav TEXT          atgard: kravet, t.ex. KLASSA 4.3.2.\n"
        "  --ansvarig ANSVARIG  atgard: pm3-roll eller namn.\n"
        "  --senast ÅÅÅÅ-MM-DD  atgard: sista datum.\n"
        "  --id ID              atgard: punktens id (standard: nästa lediga hp-N).\n"
        "  -h, --help           Visa denna hjälp och avsluta.\n"
    )


def test_no_arguments_shows_help_and_exits_2() -> None:
    result = run_cli()
    assert result.code == ExitCode.USAGE
    assert result.out == run_cli("--help").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["validat"],
            "fel: okänt kommando 'validat' – menade du 'validate'?\nSe 'lgtool --help'.\n",
        ),
        (["validate", "--bad"], "fel: okänd flagga --bad\nSe 'lgtool validate --help'.\n"),
        (
            ["validate", "-f", "xml"],
            "fel: ogiltigt värde 'xml' för --format; tillåtna värden: 'text', 'json', 'github'\n"
            "Se 'lgtool validate --help'.\n",
        ),
        (["validate", "-r"], "fel: flaggan -r behöver ett värde\nSe 'lgtool validate --help'.\n"),
        (["status", "--per"], "fel: flaggan --per behöver ett värde\nSe 'lgtool status --help'.\n"),
        (["report"], "fel: argumentet ÅR saknas\nSe 'lgtool report --help'.\n"),
        (
            ["report", "abc"],
            "fel: ogiltigt värde för ÅR: ange ett heltal\nSe 'lgtool report --help'.\n",
        ),
        (
            ["status", "--per", "2024-13-01", "-r", str(EXAMPLE_REGISTER)],
            "fel: --per: '2024-13-01' är inget datum; skriv ÅÅÅÅ-MM-DD\n",
        ),
        (
            ["status", "--objekt", "okant", "-r", str(EXAMPLE_REGISTER)],
            "fel: --objekt: förvaltningsobjektet 'okant' finns inte; finns: trafikledning, "
            "parkering, gatuarbeten, drift-underhall, konstbyggnader, kundtjanst, geodata, "
            "verksamhetsstod\n",
        ),
        (
            ["validate", "-r", "finns-inte"],
            "fel: registret 'finns-inte' finns inte (ange --register eller LGTOOL_REGISTER)\n",
        ),
        # Every file or folder named on the command line that does not exist: 2.
        (
            ["import", "finns-inte.csv", "-r", str(EXAMPLE_REGISTER)],
            "fel: filen 'finns-inte.csv' finns inte\n",
        ),
        (
            ["import", "blad.ods", "-r", str(EXAMPLE_REGISTER)],
            "fel: filen 'blad.ods' finns inte\n",
        ),
        (
            ["import", str(REPO / "README.md"), "-r", str(EXAMPLE_REGISTER)],
            "fel: 'README.md': kan bara läsa .xlsx och .csv "
            "(spara bladet i något av de formaten)\n",
        ),
        (
            ["import", str(REPO / "tests"), "-r", str(EXAMPLE_REGISTER), "-m", "saknas.yaml"],
            "fel: saknas.yaml: mappningsfilen finns inte\n",
        ),
        (
            ["report", "2025", "-r", str(EXAMPLE_REGISTER), "--mallar", "saknas"],
            "fel: --mallar: mappen 'saknas' finns inte\n",
        ),
        (
            [
                *("report", "2025", "-r", str(EXAMPLE_REGISTER), "-f", "docx", "-o", "x.docx"),
                *("--referensmall", "saknas.docx"),
            ],
            "fel: --referensmall: filen 'saknas.docx' finns inte\n",
        ),
    ],
)
def test_usage_errors_exit_2_in_swedish(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_unexpected_error_exits_3_with_a_hint_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: object, **kwargs: object) -> int:
        raise RuntimeError("hemlig registeruppgift")

    monkeypatch.setattr("lgtool.commands.validate.validate", boom)
    monkeypatch.setattr("sys.argv", ["lgtool", "validate", "--ingen-cache"])
    monkeypatch.delenv("LGTOOL_DEBUG", raising=False)
    with pytest.raises(SystemExit) as caught:
        cli.main()
    assert caught.value.code == ExitCode.INTERNAL
    captured = capsys.readouterr()
    assert captured.err == (
        "internt fel i lgtool (RuntimeError); detta är ett programfel, inte ett fel i "
        "registret. Kör igen med LGTOOL_DEBUG=1 och rapportera utskriften.\n"
    )
    assert "hemlig" not in captured.err + captured.out


def test_ctrl_c_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("lgtool.commands.validate.validate", interrupted)
    monkeypatch.setattr("sys.argv", ["lgtool", "validate", "--ingen-cache"])
    with pytest.raises(SystemExit) as caught:
        cli.main()
    assert caught.value.code == ExitCode.INTERRUPTED
    assert capsys.readouterr().err == "avbrutet\n"


@pytest.mark.parametrize(
    "message",
    [
        "Invalid value for 'ÅR': 'abc' is not a valid int.",  # typer 0.28 and 0.29
        "Invalid value for 'ÅR': Input should be a valid integer, unable to parse string",
    ],
)
def test_an_integer_argument_is_explained_in_swedish_by_every_typer(message: str) -> None:
    from lgtool.cli_swedish import swedish_usage_error

    assert swedish_usage_error(message) == "ogiltigt värde för ÅR: ange ett heltal"


def _help_of_every_command() -> list[list[str]]:
    from typer.main import get_command

    group = get_command(cli.app)
    found: list[list[str]] = [["--version"], ["--help"], []]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found.append([name, "--help"])
        for sub in getattr(command, "commands", {}):
            found.append([name, sub, "--help"])
    return found


@pytest.mark.parametrize("argv", _help_of_every_command(), ids=" ".join)
def test_only_the_command_run_is_made_and_it_says_the_same(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # cli.run makes only the command that runs (cli.command_run): its help, and the
    # version, are byte for byte those of the whole app.
    code = cli.run(argv)
    alone = capsys.readouterr()
    monkeypatch.setattr(cli, "command_run", lambda argv: cli.app)
    assert cli.run(argv) == code
    assert capsys.readouterr() == alone
    assert alone.out


@pytest.mark.parametrize(
    ("argv", "commands"),
    [
        (["--version"], []),
        (["status", "--help"], ["status"]),
        (["ar", "ny", "2027"], ["ar"]),
        (["import", "x.xlsx"], ["import"]),
        (["statsu"], None),  # unknown: the whole app, which suggests the nearest
        (["--help"], None),
        (["--help", "--version"], None),
        ([], None),  # completion
    ],
)
def test_command_run(argv: list[str], commands: list[str] | None) -> None:
    made = cli.command_run(argv)
    if commands is None:
        assert made is cli.app
    else:
        names = [cli._command_name(c) for c in made.registered_commands]
        names += [cli._group_name(g) for g in made.registered_groups]
        assert names == commands


def _options_of_every_command() -> list[tuple[Any, Any]]:
    from typer.main import get_command

    found = []
    commands = list(get_command(cli.app).commands.items())  # type: ignore[attr-defined]
    while commands:
        name, command = commands.pop(0)
        commands += [(f"{name} {n}", c) for n, c in getattr(command, "commands", {}).items()]
        found += [(command, p) for p in command.params if hasattr(p, "type_descriptor")]
    return found


@pytest.mark.skipif(
    not hasattr(__import__("typer.core").core, "_TyperParameter"), reason="typer 0.28"
)
def test_plain_values_are_coerced_as_typer_coerces_them(tmp_path: Path) -> None:
    # cli_swedish.plain_value spares a run pydantic where typer's answer is plain; for
    # every option of every command and many values, it gives exactly typer's answer
    # or leaves the value to typer.
    from typer import _click
    from typer._coercion import build_runtime_param

    from lgtool.cli_swedish import _NOT_PLAIN, plain_value

    folder = tmp_path / "mapp"
    folder.mkdir()
    (tmp_path / "fil.txt").write_text("x", encoding="utf-8")
    values = ["", "abc", "å ä ö", "-", "12", "2026-11-29", str(folder), str(tmp_path / "fil.txt")]
    values += [str(tmp_path / "finns-inte"), "table", "TABLE", "json", "forfallen", "xlsx"]
    checked = 0
    for command, param in _options_of_every_command():
        descriptor = param.type_descriptor
        ctx = _click.Context(command)
        for value in [*values, *get_args(descriptor.annotation)]:
            plain = plain_value(descriptor, value)
            if plain is _NOT_PLAIN or param.multiple:
                continue
            real = build_runtime_param(descriptor).coerce(value, param=param, ctx=ctx)
            assert (type(plain), plain) == (type(real), real), (command.name, param.name, value)
            checked += 1
    assert checked > 100
