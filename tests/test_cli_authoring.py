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
            "'behorighetskontroll', 'kontinuitetsovning', 'atgard'\n"
            "Se 'lgtool registrera --help'.\n",
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


EXPORT_HEADER = (
    "Id;Namn;Förvaltningsobjekt;System;Kategori;Personuppgifter;Konfidentialitet;Riktighet;"
    "Tillgänglighet;Spårbarhet;Nätverkszon;Senaste KLASSA;Senaste RSA;"
    "Senaste behörighetskontroll;Registerförd;Konsekvensbedömning;Klassningsprotokoll;"
    "Systembeskrivning;Objektägare;Objektledare verksamhet;Objektledare IT;"
    "Handlingsplan per datum;Gula;Röda;Kontinuitetsplan;Anteckning;Status: KLASSA;"
    "Status: RSA;Status: Behörighetskontroll;Status: Registerförd enligt GDPR;"
    "Status: Konsekvensbedömning;Status: Klassningsprotokoll finns;"
    "Status: Systembeskrivning finns;Status: Roller namnsatta enligt pm3;"
    "Status: Roller som saknas;Status: Ohanterade gula;Status: Ohanterade röda;"
    "Status: Avvikelser"
)
EXPORT_ROW = (
    'b1;Behandling b1;obj;"Sys; med semikolon";unik;ja;;;;;;2026-01-10;2026-01-10;2026-01-10;'
    "ja;ej_tillampligt;ja;ja;;;;;0;0;;;aktuell;aktuell;aktuell;ja;ej tillämpligt;ja;ja;ja;;0;0;"
)


def test_export_csv_to_stdout_and_to_a_file_are_the_same_bytes(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling("b1", system="Sys; med semikolon")])
    result = run_cli("export", "--per", "2026-06-01", "-r", root.as_posix())
    assert (result.code, result.err) == (0, "")
    assert result.out == f"\ufeff{EXPORT_HEADER}\n{EXPORT_ROW}\n"
    sheet = tmp_path / "ut.csv"
    result = run_cli("export", "--per", "2026-06-01", "-r", root.as_posix(), "-o", sheet)
    assert (result.code, result.err) == (0, "")
    assert sheet.read_bytes() == f"\ufeff{EXPORT_HEADER}\r\n{EXPORT_ROW}\r\n".encode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "x.pdf"],
            "fel: -o x.pdf: export skriver bara .xlsx eller .csv; ge filen en av de ändelserna\n",
        ),
        (
            ["-o", "x"],
            "fel: -o x: export skriver bara .xlsx eller .csv; ge filen en av de ändelserna\n",
        ),
        (["-f", "xlsx", "-o", "x.csv"], "fel: -o x.csv: filändelsen passar inte --format xlsx\n"),
    ],
)
def test_export_refuses_an_unknown_file_ending(
    make_register: Callable[..., Path], tmp_path: Path, args: list[str], message: str
) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    result = run_cli("export", "-r", root.as_posix(), *args, cwd=tmp_path)
    assert (result.code, result.out, result.err) == (2, "", message)
    assert list(tmp_path.iterdir()) == [root]


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


def test_import_reports_everything_on_stdout(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    # The note about unused columns, the row errors and the count: one report, one stream.
    root = make_register()
    sheet = tmp_path / "blad.csv"
    sheet.write_text("Id;Namn;Förvaltningsobjekt;Kategori;Extra\nx1;Ett;obj;unik;q\n", "utf-8")
    result = run_cli("import", sheet, "-r", root, "--torrkorning")
    missing = [
        ("personuppgifter", "Personuppgifter"),
        ("registerford", "Registerförd"),
        ("konsekvensbedomning", "Konsekvensbedömning"),
        ("klassningsprotokoll", "Klassningsprotokoll"),
        ("systembeskrivning", "Systembeskrivning"),
    ]
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "Kolumner som inte används: Extra\n"
        + "".join(
            f"rad 2: kolumn för det obligatoriska fältet '{field}' saknas "
            f"(väntade rubriken '{header}')\n"
            for field, header in missing
        )
        + f"Skulle skriva 0 filer i {root.as_posix()}/behandlingar/; 1 rad skrevs inte (se ovan).\n"
    )


@pytest.mark.parametrize(
    ("spelling", "field"),
    [
        ("RSA", "senaste_rsa"),
        ("Klassa", "senaste_klassa"),
        ("behörighetskontroll", "senaste_behorighetskontroll"),
        ("BEHÖRIGHETSKONTROLL", "senaste_behorighetskontroll"),
        ("kontinuitetsövning", "senaste_kontinuitetsovning"),
    ],
)
def test_registrera_accepts_any_case_and_swedish_letters(
    make_register: Callable[..., Path], spelling: str, field: str
) -> None:
    root = make_register(behandlingar=[behandling("b1", **{field: None})])
    result = run_cli("registrera", spelling, "b1", "--datum", "2026-04-15", "-r", root)
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == (
        f"{root.as_posix()}/behandlingar/b1.yaml: {field} null → 2026-04-15"
    )


def test_registrera_refuses_an_earlier_date_without_tillat_aldre(
    make_register: Callable[..., Path],
) -> None:
    root = make_register(behandlingar=[behandling("b1", senaste_rsa="2026-11-25")])
    before = (root / "behandlingar/b1.yaml").read_bytes()
    result = run_cli("registrera", "rsa", "b1", "--datum", "2025-01-01", "-r", root)
    assert (result.code, result.out, result.err) == (
        1,
        "",
        "fel: datumet 2025-01-01 är tidigare än senaste_rsa 2026-11-25 som redan står i "
        "filen; inget har skrivits (lägg till --tillat-aldre om det tidigare datumet är rätt)\n",
    )
    assert (root / "behandlingar/b1.yaml").read_bytes() == before
    allowed = run_cli(
        "registrera", "rsa", "b1", "--datum", "2025-01-01", "--tillat-aldre", "-r", root
    )
    assert (allowed.code, allowed.err, allowed.out) == (
        0,
        "",
        f"{root.as_posix()}/behandlingar/b1.yaml: senaste_rsa 2026-11-25 → 2025-01-01\n",
    )


def test_registrera_klassa_says_how_to_update_klassning_and_handlingsplan(
    make_register: Callable[..., Path],
) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    result = run_cli("registrera", "klassa", "b1", "--datum", "2026-04-15", "-r", root)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"{root.as_posix()}/behandlingar/b1.yaml: senaste_klassa 2026-01-10 → 2026-04-15\n"
        "En ny KLASSA ändrar ofta klassningen och handlingsplanen; uppdatera dem med t.ex.\n"
        "  lgtool satt b1 klassning.konfidentialitet NIVÅ klassning.riktighet NIVÅ "
        "klassning.tillganglighet NIVÅ\n"
        "  lgtool satt b1 handlingsplan.per_datum 2026-04-15 handlingsplan.gula ANTAL "
        "handlingsplan.roda ANTAL\n"
    )


def test_satt_one_level_of_a_missing_klassning_says_how_to_set_all_three(
    make_register: Callable[..., Path],
) -> None:
    root = make_register(behandlingar=[behandling("b1", klassning=None)])
    result = run_cli("satt", "b1", "klassning.konfidentialitet", "2", "-r", root)
    shown = f"{root.as_posix()}/behandlingar/b1.yaml"
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "fel: ändringen godtas inte, inget har skrivits:\n"
        f"  {shown}:16:1: fel: obligatoriskt fält 'riktighet' saknas i 'klassning'\n"
        f"  {shown}:16:1: fel: obligatoriskt fält 'tillganglighet' saknas i 'klassning'\n"
        "'klassning' saknas i filen; sätt alla dess obligatoriska fält på en gång:\n"
        "  lgtool satt b1 klassning.konfidentialitet 2 klassning.riktighet VÄRDE "
        "klassning.tillganglighet VÄRDE\n"
    )
    whole = run_cli(
        *("satt", "b1", "klassning.konfidentialitet", "2", "klassning.riktighet", "1"),
        *("klassning.tillganglighet", "3", "-r", root),
    )
    assert (whole.code, whole.err) == (0, "")
