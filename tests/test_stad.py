"""``lgtool stad``: the city file, each unit's register, the totals and the common systems.

The city below, at TODAY (2026-11-29):

- nord (policy: KLASSA every 12 months): n1 classified 2026-01-10 (aktuell), n2 on
  2025-06-01 (förfallen after 12 months), both with 1 yellow and 2 red items.
- syd (its own policy: KLASSA every 24 months): s1 on 2025-06-01 (aktuell after
  24 months), s2 never classified (saknas), s3 on 2026-01-10; s2 and s3 have no
  personal data.
- The common systems (kategori gemensam): Outlook, classified in nord (n1) and
  missing in syd (s2, written "outlook "); Agresso, förfallen in nord (n2) and
  current in syd (s1, written "AGRESSO") on the same date, by syd's own policy.

KLASSA by hand: nord 1 of 2, syd 2 of 3, the city 3 of 5 (60 %, not the 58 % that
averaging 50 % and 67 % would give).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ORGANISATION, REPO, TODAY, assert_golden, behandling, run_cli, write_register
from helpers_git import GitBuilder
from lgtool.yamlio import dump_plain

ENV = {"LGTOOL_IDAG": TODAY.isoformat()}
PLAN = {"gula": 1, "roda": 2}


def nord(root: Path) -> Path:
    return write_register(
        root,
        behandlingar=[
            behandling("n1", kategori="gemensam", system="Outlook", handlingsplan=PLAN),
            behandling(
                "n2",
                senaste_klassa="2025-06-01",
                kategori="gemensam",
                system="Agresso",
                handlingsplan=PLAN,
            ),
        ],
    )


def syd(root: Path) -> Path:
    organisation = {**ORGANISATION, "policy": {"max_alder_manader": {"klassa": 24}}}
    return write_register(
        root,
        organisation=organisation,
        behandlingar=[
            behandling("s1", senaste_klassa="2025-06-01", kategori="gemensam", system="AGRESSO"),
            behandling(
                "s2",
                senaste_klassa=None,
                personuppgifter=False,
                registerford=False,
                kategori="gemensam",
                system="outlook ",
            ),
            behandling("s3", personuppgifter=False, registerford=False),
        ],
    )


def city(tmp_path: Path, units: list[dict[str, Any]], **extra: Any) -> Path:
    path = tmp_path / "stad" / "stad.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_plain({"stad": "Teststad", "enheter": units, **extra}), "utf-8")
    return path


def unit(unit_id: str, register: Any, typ: str = "forvaltning") -> dict[str, Any]:
    return {"id": unit_id, "namn": unit_id.capitalize(), "typ": typ, "register": register}


@pytest.fixture
def two_units(tmp_path: Path) -> Path:
    nord(tmp_path / "nord" / "register")
    syd(tmp_path / "syd" / "register")
    return city(
        tmp_path,
        [unit("nord", "../nord/register"), unit("syd", "../syd/register", "bolag")],
    )


def figures(**pairs: tuple[int | None, int | None]) -> dict[str, dict[str, int | None]]:
    return {key: {"antal": a, "av": b} for key, (a, b) in pairs.items()}


NORD = figures(
    klassa_aktuell=(1, 2),
    rsa_aktuell=(2, 2),
    behorighetskontroll_aktuell=(2, 2),
    registerford=(2, 2),
    konsekvensbedomning=(0, 0),
    klassningsprotokoll=(2, 2),
    systembeskrivning=(2, 2),
    roller_namnsatta=(2, 2),
    utan_avvikelse=(0, 2),
    gula=(2, None),
    roda=(4, None),
    utbildning_informationssakerhet=(None, None),
    utbildning_dataskydd=(None, None),
    upphandlingar_klassade=(None, None),
)
SYD = figures(
    klassa_aktuell=(2, 3),
    rsa_aktuell=(3, 3),
    behorighetskontroll_aktuell=(3, 3),
    registerford=(1, 1),
    konsekvensbedomning=(0, 0),
    klassningsprotokoll=(3, 3),
    systembeskrivning=(3, 3),
    roller_namnsatta=(3, 3),
    utan_avvikelse=(2, 3),
    gula=(0, None),
    roda=(0, None),
    utbildning_informationssakerhet=(None, None),
    utbildning_dataskydd=(None, None),
    upphandlingar_klassade=(None, None),
)
TOTAL = figures(
    klassa_aktuell=(3, 5),
    rsa_aktuell=(5, 5),
    behorighetskontroll_aktuell=(5, 5),
    registerford=(3, 3),
    konsekvensbedomning=(0, 0),
    klassningsprotokoll=(5, 5),
    systembeskrivning=(5, 5),
    roller_namnsatta=(5, 5),
    utan_avvikelse=(2, 5),
    gula=(2, None),
    roda=(4, None),
    utbildning_informationssakerhet=(None, None),
    utbildning_dataskydd=(None, None),
    upphandlingar_klassade=(None, None),
)


def test_status_json_pins_each_unit_and_the_total_by_hand(two_units: Path) -> None:
    result = run_cli("stad", "status", two_units, "--format", "json", env=ENV)
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == {
        "per": "2026-11-29",
        "enheter": [
            {"id": "nord", "namn": "Nord", "typ": "forvaltning", "fel": 0, "nyckeltal": NORD},
            {"id": "syd", "namn": "Syd", "typ": "bolag", "fel": 0, "nyckeltal": SYD},
        ],
        "totalt": {"nyckeltal": TOTAL},
    }


def test_unit_figures_are_those_of_lgtool_status(two_units: Path, tmp_path: Path) -> None:
    stad = json.loads(run_cli("stad", "status", two_units, "-f", "json", env=ENV).out)
    for index, name in enumerate(("nord", "syd")):
        register = tmp_path / name / "register"
        alone = json.loads(run_cli("status", "-r", register, "-f", "json", env=ENV).out)
        assert stad["enheter"][index]["nyckeltal"] == alone["nyckeltal"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_status_formats(two_units: Path, fmt: str) -> None:
    result = run_cli("stad", "status", two_units, "--format", fmt, env=ENV)
    assert (result.code, result.err) == (0, "")
    assert_golden(f"stad-status.{'txt' if fmt == 'table' else fmt}", result.out)


def test_bad_units_are_located_and_never_hide_the_others(tmp_path: Path) -> None:
    nord(tmp_path / "nord" / "register")
    write_register(  # syd's register has an error: the valid file still counts
        tmp_path / "syd" / "register",
        behandlingar=[behandling("s1"), behandling("s2", kategori="gemensamt")],
    )
    (tmp_path / "tom").mkdir()
    repo = GitBuilder(tmp_path / "ost")
    write_register(tmp_path / "ost" / "register", behandlingar=[behandling("o1")])
    repo.commit("2026-02-01")
    path = tmp_path / "stad" / "stad.yaml"
    path.parent.mkdir()
    path.write_text(
        """stad: Teststad
stader: 1
enheter:
  - {id: nord, namn: Nord, typ: forvaltning, register: ../nord/register}
  - {id: syd, namn: Syd, typ: bolag, register: ../syd/register, farg: bla}
  - {id: syd, namn: Syd igen, typ: bolag, register: ../nord/register}
  - {id: borta, namn: Borta, typ: bolag, register: ../finns-inte}
  - {id: tom, namn: Tom, typ: bolag, register: ../tom}
  - id: ost
    namn: Ost
    typ: forvaltning
    register: {git: ../ost, ref: finns-inte, sokvag: register}
  - id: fel
    namn: Fel
    typ: forvaltning
    register: {git: ../ost, sokvag: ../register}
  - {id: syd2, namn: Syd2, typ: bolag, register: ../syd/register}
""",
        "utf-8",
    )
    result = run_cli("stad", "status", path, "--format", "json", env=ENV)
    assert result.code == 1
    data = json.loads(result.out)
    assert [(u["id"], u["fel"], u["nyckeltal"] != {}) for u in data["enheter"]] == [
        ("nord", 0, True),
        ("syd", 1, False),
        ("borta", 1, False),
        ("tom", 1, False),
        ("ost", 1, False),
        ("fel", 1, False),
        ("syd2", 1, True),
    ]
    assert data["enheter"][0]["nyckeltal"] == NORD
    assert data["enheter"][6]["nyckeltal"]["klassa_aktuell"] == {"antal": 1, "av": 1}
    assert data["totalt"]["nyckeltal"]["klassa_aktuell"] == {"antal": 2, "av": 3}
    shown = path.as_posix()
    where = tmp_path.as_posix()
    assert result.err == (
        f"{shown} har 4 fel:\n"
        f"{shown}:2:1: fel: okänt fält 'stader' – menade du 'stad'?\n"
        f"{shown}:5:65: fel: okänt fält 'farg'\n"
        f"{shown}:6:10: fel: enheten 'syd' finns redan (enheter[1]); varje enhet ska ha ett "
        "eget id\n"
        f"{shown}:16:37: fel: 'register.sokvag' ska vara en mapp i förrådet, skriven relativt "
        "dess rot utan '..', t.ex. register; inte '../register'\n"
        "\n"
        "Enheten Borta (borta) har 1 fel i 1 fil (visas som i lgtool validate):\n"
        f"{shown}:7:52: fel: enheten 'borta': registret '{where}/finns-inte' finns inte\n"
        "\n"
        "Enheten Tom (tom) har 1 fel i 1 fil (visas som i lgtool validate):\n"
        f"{shown}:8:48: fel: enheten 'tom': '{where}/tom' ser inte ut som ett register: där "
        "finns varken organisation.yaml eller mappen behandlingar/\n"
        "\n"
        "Enheten Ost (ost) har 1 fel i 1 fil (visas som i lgtool validate):\n"
        f"{shown}:12:5: fel: enheten 'ost': okänd revision 'finns-inte': ingen gren, tagg "
        "eller commit heter så\n"
        "\n"
        "Enheten Syd2 (syd2) har 1 fel i 1 fil (visas som i lgtool validate):\n"
        f"{where}/syd/register/behandlingar/s2.yaml:4:11: fel: ogiltigt värde 'gemensamt' för "
        "'kategori'; tillåtna värden: unik, gemensam, ovrig – menade du 'gemensam'?\n"
    )


def test_gemensamma_lists_each_common_system_once_with_each_units_state(
    two_units: Path,
) -> None:
    result = run_cli("stad", "gemensamma", two_units, "--format", "json", env=ENV)
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == {
        "per": "2026-11-29",
        "stad": "Teststad",
        "system": [
            {
                "system": "Agresso",
                "enheter": [
                    {
                        "enhet": "nord",
                        "behandlingar": ["n2"],
                        "klassa": "forfallen",
                        "datum": "2025-06-01",
                    },
                    {
                        "enhet": "syd",
                        "behandlingar": ["s1"],
                        "klassa": "aktuell",
                        "datum": "2025-06-01",
                    },
                ],
            },
            {
                "system": "Outlook",
                "enheter": [
                    {
                        "enhet": "nord",
                        "behandlingar": ["n1"],
                        "klassa": "aktuell",
                        "datum": "2026-01-10",
                    },
                    {"enhet": "syd", "behandlingar": ["s2"], "klassa": "saknas", "datum": None},
                ],
            },
        ],
    }
    table = run_cli("stad", "gemensamma", two_units, env=ENV)
    assert table.code == 0
    assert_golden("stad-gemensamma.txt", table.out)


def test_git_unit_is_read_at_its_revision_and_per_from_its_history(tmp_path: Path) -> None:
    """A bare repository: the unit's branch 'lg', not HEAD; --per answered from its history."""
    work = GitBuilder(tmp_path / "arbete")
    write_register(
        tmp_path / "arbete" / "register",
        behandlingar=[behandling("g1", **dict.fromkeys(DATES, "2025-03-01"))],
    )
    work.commit("2025-03-02")
    work.git("checkout", "--quiet", "-b", "lg")
    write_register(
        tmp_path / "arbete" / "register",
        behandlingar=[
            behandling("g1", **dict.fromkeys(DATES, "2026-03-01")),
            behandling("g2", senaste_klassa=None),
        ],
    )
    work.commit("2026-03-02")
    work.git("checkout", "--quiet", "main")
    work.git("clone", "--quiet", "--bare", str(tmp_path / "arbete"), str(tmp_path / "ost.git"))
    path = city(
        tmp_path,
        [unit("ost", {"git": "../ost.git", "ref": "lg", "sokvag": "register/"})],
    )
    now = json.loads(run_cli("stad", "status", path, "-f", "json", env=ENV).out)
    assert now["enheter"][0]["nyckeltal"]["klassa_aktuell"] == {"antal": 1, "av": 2}
    then = run_cli("stad", "status", path, "-f", "json", "--per", "2025-12-31", env=ENV)
    assert (then.code, then.err) == (0, "")
    data = json.loads(then.out)
    assert data["per"] == "2025-12-31"
    # At 2025-12-31 the branch had g1 only, classified 2025-03-01: current.
    assert data["enheter"][0]["nyckeltal"]["klassa_aktuell"] == {"antal": 1, "av": 1}
    assert (tmp_path / "ost.git" / "refs" / "heads" / "lg").exists() or (
        tmp_path / "ost.git" / "packed-refs"
    ).exists()


DATES = ("senaste_klassa", "senaste_rsa", "senaste_behorighetskontroll")


def test_a_city_file_that_cannot_be_parsed_is_located(tmp_path: Path) -> None:
    path = tmp_path / "stad.yaml"
    path.write_text("stad: Teststad\nenheter:\n  - id: a\n   namn: A\n", "utf-8")
    result = run_cli("stad", "status", path, env=ENV)
    assert (result.code, result.err) == (1, "")
    assert result.out.splitlines()[-1].startswith(f"{path.as_posix()}:4:4: fel: ")


def test_a_missing_city_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("stad", "status", tmp_path / "saknas.yaml", env=ENV)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"fel: stadsfilen '{(tmp_path / 'saknas.yaml').as_posix()}' finns inte\n"


def test_a_fifo_city_file_is_refused_unread(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "stad.yaml"
    os.mkfifo(fifo)
    result = run_cli("stad", "status", fifo, env=ENV)
    assert result.code == 2
    assert result.err == (
        f"fel: stadsfilen '{fifo.as_posix()}' kan inte läsas: den är en namngiven pipe (FIFO), "
        "inte en vanlig fil\n"
    )


def test_a_city_file_without_units_shows_only_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "stad.yaml"
    path.write_text("- trafikkontoret\n", "utf-8")
    result = run_cli("stad", "status", "stad.yaml", env=ENV, cwd=tmp_path)
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "Informationssäkerhetsläget – stad.yaml, per 2026-11-29\n"
        "Stadsfilen har inga enheter som kan visas; se felen nedan.\n"
        "\n"
        "stad.yaml har 1 fel:\n"
        "stad.yaml:1:1: fel: filen ska innehålla fält (nyckel: värde) på översta nivån\n"
    )


def test_a_unit_with_an_unusable_organisation_has_no_figures(tmp_path: Path) -> None:
    nord(tmp_path / "nord" / "register")
    write_register(tmp_path / "trasig", organisation="organisation: [\n")
    path = city(tmp_path, [unit("nord", "../nord/register"), unit("trasig", "../trasig")])
    result = run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert result.code == 1
    data = json.loads(result.out)
    assert data["enheter"][1] == {
        "id": "trasig",
        "namn": "Trasig",
        "typ": "forvaltning",
        "fel": 1,
        "nyckeltal": {},
    }
    assert data["totalt"]["nyckeltal"] == NORD
    assert result.err.startswith(
        "Enheten Trasig (trasig) har 1 fel i 1 fil (visas som i lgtool validate):\n"
        f"{(tmp_path / 'trasig').as_posix()}/organisation.yaml:"
    )


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("status", "lgtool stad status [FLAGGOR] {STADSFIL}"),
        ("gemensamma", "lgtool stad gemensamma [FLAGGOR] {STADSFIL}"),
        ("report", "lgtool stad report [FLAGGOR] {ÅR} {STADSFIL}"),
    ],
)
def test_every_stad_command_has_swedish_help(command: str, usage: str) -> None:
    result = run_cli("stad", command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"Användning: {usage}\n\n  ")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"\nlgtool stad {command} " in readme


def test_per_in_the_past_is_answered_from_each_folders_history(tmp_path: Path) -> None:
    """A folder in git: --per gives what lgtool status --per gives for that register."""
    repo = GitBuilder(tmp_path / "nord")
    register = tmp_path / "nord" / "register"
    write_register(register, behandlingar=[behandling("n1", **dict.fromkeys(DATES, "2025-02-01"))])
    repo.commit("2025-02-02")
    write_register(
        register,
        behandlingar=[
            behandling("n1", **dict.fromkeys(DATES, "2026-02-01")),
            behandling("n2", senaste_klassa=None),
        ],
    )
    repo.commit("2026-02-02")
    syd(tmp_path / "syd" / "register")  # not in git: the working tree, dates after R unknown
    path = city(tmp_path, [unit("nord", "../nord/register"), unit("syd", "../syd/register")])
    result = run_cli("stad", "status", path, "-f", "json", "--per", "2025-12-31", env=ENV)
    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    for index, name in enumerate(("nord", "syd")):
        alone = run_cli(
            "status",
            "-r",
            tmp_path / name / "register",
            "-f",
            "json",
            "--per",
            "2025-12-31",
            env=ENV,
        )
        assert data["enheter"][index]["nyckeltal"] == json.loads(alone.out)["nyckeltal"]
    # At R nord had n1 only, reviewed 2025-02-01: current.
    assert data["enheter"][0]["nyckeltal"]["klassa_aktuell"] == {"antal": 1, "av": 1}


def test_gemensamma_table_breaks_long_names_between_words_never_inside(tmp_path: Path) -> None:
    """At 80 and 100 columns a long system and unit name wrap between words; the
    processings' column is left out where it would not fit whole."""
    long_system = "Dokument- och ärendehanteringssystemet"
    write_register(
        tmp_path / "a" / "register",
        behandlingar=[
            behandling("a-dokument-och-arendehantering", kategori="gemensam", system=long_system)
        ],
    )
    path = city(
        tmp_path,
        [
            {
                "id": "expl",
                "namn": "Exploateringskontoret Stadens Fastighets AB",
                "typ": "forvaltning",
                "register": "../a/register",
            }
        ],
    )
    for width in ("80", "100"):
        result = run_cli("stad", "gemensamma", path, env={**ENV, "COLUMNS": width})
        assert result.code == 0
        lines = result.out.splitlines()
        table = lines[lines.index(next(x for x in lines if x.startswith("System"))) :]
        words = {w for line in table for w in line.split()}
        for name in (long_system, "Exploateringskontoret Stadens Fastighets AB"):
            assert set(name.split()) <= words, (width, result.out)
        assert "Behandlingar" not in table[0], result.out
        assert max(len(line) for line in lines) <= int(width)
