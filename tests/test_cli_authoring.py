"""The authoring commands as a user runs them: whole outputs and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, behandling, run_cli

COMMANDS = ("ny", "satt", "registrera", "schema", "import", "export")


def test_ny_then_satt_then_validate(make_register: Callable[..., Path]) -> None:
    root = make_register()
    r = root.as_posix()
    created = run_cli("ny", "tk-ny", "--objekt", "obj", "--namn", "Ny behandling", "-r", r)
    assert (created.code, created.err) == (0, "")
    assert created.out == (
        f"Skapade {r}/behandlingar/tk-ny.yaml.\n"
        "Fyll i de obligatoriska fälten: kategori, personuppgifter, registerford, "
        "konsekvensbedomning, klassningsprotokoll, systembeskrivning\n"
        "i en editor eller med t.ex. 'lgtool satt tk-ny personuppgifter true',\n"
        "och kör sedan 'lgtool validate'.\n"
        "Tips: kör 'lgtool schema' så att editorn hittar schemat och kan komplettera och "
        "kontrollera fälten.\n"
    )
    again = run_cli("ny", "tk-ny", "--objekt", "obj", "-r", r)
    assert (again.code, again.out, again.err) == (
        1,
        "",
        f"fel: {r}/behandlingar/tk-ny.yaml finns redan; ändra den med lgtool satt\n",
    )
    filled = run_cli(
        "satt", "tk-ny", "kategori", "unik", "personuppgifter", "ja", "registerford", "ja",
        "konsekvensbedomning", "nej", "klassningsprotokoll", "nej", "systembeskrivning", "nej",
        "-r", r,
    )  # fmt: skip
    assert (filled.code, filled.err) == (0, "")
    assert filled.out == "".join(
        f"{r}/behandlingar/tk-ny.yaml: {field} null → {value}\n"
        for field, value in [
            ("kategori", "unik"),
            ("personuppgifter", "true"),
            ("registerford", "true"),
            ("konsekvensbedomning", "nej"),
            ("klassningsprotokoll", "false"),
            ("systembeskrivning", "false"),
        ]
    )
    valid = run_cli("validate", "-r", r)
    assert (valid.code, valid.out) == (
        0,
        "Registret är giltigt: 1 behandling, 1 förvaltningsobjekt, 0 årsfiler.\n",
    )


def test_satt_refuses_a_bad_value_and_names_the_field(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    before = (root / "behandlingar/b1.yaml").read_bytes()
    result = run_cli("satt", "b1", "senaste_klassa", "2024-13-01", "-r", root.as_posix())
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "fel: ändringen godtas inte, inget har skrivits:\n"
        f"  {root.as_posix()}/behandlingar/b1.yaml:6:17: fel: 'senaste_klassa': "
        "'2024-13-01' är inget möjligt datum\n"
    )
    assert (root / "behandlingar/b1.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "err"),
    [
        (
            ["satt", "b1", "senaste_klass", "2025-01-01"],
            "fel: okänt fält 'senaste_klass' – menade du 'senaste_klassa'?\n",
        ),
        (
            ["satt", "b1", "namn"],
            "fel: ange fält och värde i par: lgtool satt ID FÄLT VÄRDE [FÄLT VÄRDE ...]\n",
        ),
        (
            ["registrera", "klassning", "b1"],
            "fel: ogiltigt värde 'klassning' för KONTROLL; tillåtna värden: 'klassa', 'rsa', "
            "'behorighetskontroll', 'kontinuitetsovning'\nSe 'lgtool registrera --help'.\n",
        ),
        (
            ["registrera", "rsa", "b1", "--datum", "1/2"],
            "fel: --datum: '1/2' är inget datum; skriv ÅÅÅÅ-MM-DD\n",
        ),
        (["ny", "Ny", "--objekt", "obj"], None),
        (["export", "-f", "xlsx"], "fel: ange en fil för xlsx med -o, t.ex. -o register.xlsx\n"),
    ],
)
def test_usage_errors_exit_2(
    make_register: Callable[..., Path], args: list[str], err: str | None
) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    result = run_cli(*args, "-r", root.as_posix())
    assert (result.code, result.out) == (2, "")
    if err is not None:
        assert result.err == err


def test_registrera_sets_the_date(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling("b1", senaste_rsa=None)])
    result = run_cli("registrera", "rsa", "b1", "--datum", "2025-06-30", "-r", root.as_posix())
    assert (result.code, result.err) == (0, "")
    assert result.out == f"{root.as_posix()}/behandlingar/b1.yaml: senaste_rsa null → 2025-06-30\n"
    same = run_cli("registrera", "rsa", "b1", "--datum", "2025-06-30", "-r", root.as_posix())
    assert same.out == (
        f"{root.as_posix()}/behandlingar/b1.yaml: senaste_rsa är redan 2025-06-30; inget ändrat\n"
    )


def test_schema_writes_every_file(make_register: Callable[..., Path], tmp_path: Path) -> None:
    root = make_register()
    out = tmp_path / "s"
    result = run_cli("schema", "-o", out.as_posix(), "-r", root.as_posix())
    assert (result.code, result.err) == (0, "")
    assert result.out == "".join(
        f"{out.as_posix()}/{n}.schema.json\n"
        for n in ("organisation", "behandling", "ar", "incident")
    ) + (
        "Schemana listar registrets 1 förvaltningsobjekt och 11 rollnycklar; kör lgtool "
        "schema igen när organisation.yaml ändras.\n"
    )
    from lgtool.jsonschema import RegisterNames, render_all
    from lgtool.model import KANDA_ROLLER

    names = RegisterNames(("obj",), tuple(sorted(KANDA_ROLLER)))
    for name, text in render_all(names).items():
        assert (out / name).read_text(encoding="utf-8") == text


def test_export_csv_to_stdout(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling("b1", system="Sys; med semikolon")])
    result = run_cli("export", "--per", "2026-06-01", "-r", root.as_posix())
    assert (result.code, result.err) == (0, "")
    header, row = result.out.splitlines()
    assert header.split(";")[:6] == [
        "Id",
        "Namn",
        "Förvaltningsobjekt",
        "System",
        "Kategori",
        "Personuppgifter",
    ]
    assert row == (
        'b1;Behandling b1;obj;"Sys; med semikolon";unik;ja;;;;;;2026-01-10;2026-01-10;2026-01-10;'
        "ja;ej_tillampligt;ja;ja;;;;;0;0;;;aktuell;aktuell;aktuell;ja;ej tillämpligt;ja;ja;ja;;0;0;"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0
    # run_cli runs 'lgtool', which click names as the program
    assert result.out.startswith(f"Användning: lgtool {command} [FLAGGOR]")
    docs = (REPO / "docs" / "redigering.md").read_text("utf-8")
    assert f"lgtool {command} " in docs


def test_registrera_knows_every_dated_checkpoint(make_register: Callable[..., Path]) -> None:
    # The kinds come from the checkpoint registry: a new dated checkpoint needs no CLI edit.
    root = make_register(behandlingar=[behandling("b1")])
    result = run_cli(
        "registrera", "kontinuitetsovning", "b1", "--datum", "2026-04-15", "-r", root.as_posix()
    )
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"{root.as_posix()}/behandlingar/b1.yaml: senaste_kontinuitetsovning "
        "(saknas) → 2026-04-15\n"
    )
