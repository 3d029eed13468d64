"""Figures true for a reference date in the past: the register as git knew it (lgtool.asof).

The history below, at R = 2024-12-31 (today is TODAY, 2026-11-29):

- 2024-03-01 "registret": b1 (system Alfa, K2 in Z2; RSA never done), b2 (KLASSA
  2023-05-01), b4 (KLASSA 2024-02-01); the other reviews 2024-02-15.
- 2024-11-20 (the last commit on or before R): b1's access review 2024-11-18; b4's
  KLASSA blanked (null).
- 2025-01-15: b1's RSA entered as 2024-12-10 (done in December, recorded in January);
  b2 classified again on 2025-01-10, overwriting 2023-05-01; b3 added.
- The working tree, not committed: b2's access review recorded as 2024-12-20.

So at R: b1's RSA counts (entered late); b2's KLASSA is 2023-05-01 again (förfallen),
its access review 2024-12-20; b4's KLASSA 2024-02-01 is found again before the blank;
b3 is not counted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Run, behandling, reviewed, run_cli, write_register
from helpers_git import GitBuilder
from lgtool.asof import _may_state_date
from lgtool.gitrepo import GitRepo

R = "2024-12-31"
ENV = {"LGTOOL_IDAG": TODAY.isoformat()}
ZONES = {0: "Z1", 1: "Z1", 2: "Z2", 3: "Z3", 4: "Z4"}
ORGANISATION: dict[str, Any] = {
    "organisation": "Testkontoret",
    "policy": {"zon_for_konfidentialitet": ZONES},
    "forvaltningsobjekt": [
        {
            "id": "obj",
            "namn": "Objektet",
            "roller": {
                "objektagare": "Olle Ägare",
                "objektledare_verksamhet": "Vera Verksamhet",
                "objektledare_it": "Ivar It",
            },
        }
    ],
}
K2 = {"konfidentialitet": 2, "riktighet": 1, "tillganglighet": 1}
AR_2024: dict[str, Any] = {
    "ar": 2024,
    "prioriteringar": {2024: [], 2025: [], 2026: []},
}


def lgtool(repo: GitBuilder, *args: str) -> Run:
    """``lgtool ARGS`` in the repository, today being TODAY."""
    return run_cli(*args, cwd=repo.root, env=ENV)


@pytest.fixture
def repo(tmp_path: Path) -> GitBuilder:
    """The history of the module docstring."""
    repo = GitBuilder(tmp_path / "repo")
    root = repo.root / "register"
    b1 = behandling("b1", system="Alfa", klassning=K2, natverkszon="Z2", **reviewed("2024-02-15"))
    b1["senaste_rsa"] = None
    b2 = behandling("b2", **reviewed("2024-02-15", senaste_klassa="2023-05-01"))
    b4 = behandling("b4", **reviewed("2024-02-15", senaste_klassa="2024-02-01"))
    write_register(root, organisation=ORGANISATION, behandlingar=[b1, b2, b4], ar={2024: AR_2024})
    repo.commit("2024-03-01", "registret")
    b1["senaste_behorighetskontroll"] = "2024-11-18"
    b4["senaste_klassa"] = None
    write_register(root, organisation=ORGANISATION, behandlingar=[b1, b4])
    repo.commit("2024-11-20", "behörighetskontroll")
    b1["senaste_rsa"] = "2024-12-10"
    b2["senaste_klassa"] = "2025-01-10"
    b3 = behandling("b3", **reviewed("2025-01-05"))
    write_register(root, organisation=ORGANISATION, behandlingar=[b1, b2, b3])
    repo.commit("2025-01-15", "RSA i december, ny KLASSA, ny behandling")
    b2["senaste_behorighetskontroll"] = "2024-12-20"
    write_register(root, organisation=ORGANISATION, behandlingar=[b2])
    return repo


def commit_of(repo: GitBuilder, message: str) -> str:
    """The id of the commit with this message."""
    return repo.git("log", "--format=%H", f"--grep=^{message}$").strip()


TABLE_HEAD = (
    "| Behandling | KL | RSA | BK | Reg | KB | Pro | Bes | Rol | Zon | Gul | Röd |\n"
    "|---|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|--:|--:|\n"
)
COLUMNS = (
    "KL = KLASSA (informationsklassning); RSA = risk- och sårbarhetsanalys; "
    "BK = behörighetskontroll; Reg = registerförd enligt GDPR; KB = konsekvensbedömning (GDPR); "
    "Pro = informationsklassningsprotokoll finns; Bes = systemskiss/beskrivning finns; "
    "Rol = ansvarsroller namnsatta enligt pm3; Zon = nätverkssäkerhetszon enligt klassningen; "
    "Gul = ohanterade gula punkter (uppfyller delvis); "
    "Röd = ohanterade röda punkter (uppfyller inte alls)."
)
SYMBOLS = "✓ aktuell/ja   ! förfallen   ✗ saknas/nej   – ej tillämpligt/ingen handlingsplan"


def test_status_per_a_past_date_is_what_the_register_knew(repo: GitBuilder) -> None:
    result = lgtool(repo, "status", "-r", "register", "--per", R, "-f", "markdown")
    short = commit_of(repo, "behörighetskontroll")[:7]
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "## Informationssäkerhetsläget – Testkontoret\n\n"
        "Per 2024-12-31: 3 behandlingar, 1 med avvikelser.\n\n"
        f"Läget per 2024-12-31 bygger på registret som det var i commit {short} (2024-11-20), "
        "den senaste på eller före referensdatumet. 2 datum för kontroller gjorda senast "
        "2024-12-31 registrerades senare och är medräknade. 1 behandling som lagts till "
        "senare räknas inte med.\n\n"
        "### Objektet\n\n"
        + TABLE_HEAD
        + "| Behandling b2 | ! 2023-05-01 | ✓ 2024-02-15 | ✓ 2024-12-20 "
        "| ✓ | – | ✓ | ✓ | ✓ | – | 0 | 0 |\n"
        "| Behandling b4 | ✓ 2024-02-01 | ✓ 2024-02-15 | ✓ 2024-02-15 "
        "| ✓ | – | ✓ | ✓ | ✓ | – | 0 | 0 |\n"
        "| Behandling b1 (Alfa) | ✓ 2024-02-15 | ✓ 2024-12-10 | ✓ 2024-11-18 "
        "| ✓ | – | ✓ | ✓ | ✓ | ✓ | 0 | 0 |\n\n"
        f"Teckenförklaring: {SYMBOLS}. {COLUMNS}\n\n"
        "Totalt: KLASSA aktuell 2/3, RSA aktuell 3/3, behörighetskontroll aktuell 3/3, "
        "utan avvikelse 2/3, gula 0, röda 0, utan handlingsplan 0.\n"
    )


def test_status_json_states_its_basis(repo: GitBuilder) -> None:
    result = lgtool(repo, "status", "-r", "register", "--per", R, "-f", "json")
    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    assert list(data) == [
        "per",
        "organisation",
        "underlag",
        "behandlingar",
        "summering",
        "nyckeltal",
        "mal",
    ]
    assert data["underlag"] == {
        "kalla": "commit",
        "commit": commit_of(repo, "behörighetskontroll"),
        "commit_datum": "2024-11-20",
        "senare_registrerade_datum": 2,
        "utelamnade_behandlingar": ["b3"],
        "fel_i_commit": 0,
        "anledning": None,
    }
    dates = {
        b["id"]: [
            b["kontrollpunkter"][k]["datum"] for k in ("klassa", "rsa", "behorighetskontroll")
        ]
        for b in data["behandlingar"]
    }
    assert dates == {
        "b2": ["2023-05-01", "2024-02-15", "2024-12-20"],
        "b4": ["2024-02-01", "2024-02-15", "2024-02-15"],
        "b1": ["2024-02-15", "2024-12-10", "2024-11-18"],
    }


def test_today_the_working_tree_is_the_basis(repo: GitBuilder) -> None:
    data = json.loads(lgtool(repo, "status", "-r", "register", "-f", "json").out)
    assert data["underlag"] == {
        "kalla": "arbetskopian",
        "commit": None,
        "commit_datum": None,
        "senare_registrerade_datum": 0,
        "utelamnade_behandlingar": [],
        "fel_i_commit": 0,
        "anledning": "per_ej_passerat",
    }
    assert [b["id"] for b in data["behandlingar"]] == ["b2", "b3", "b4", "b1"]


def test_a_commit_dated_later_on_the_reference_day_counts(repo: GitBuilder) -> None:
    repo.commit("2024-12-31T23:30:00+01:00", "sent på nyårsafton")
    data = json.loads(lgtool(repo, "status", "-r", "register", "--per", R, "-f", "json").out)
    assert (data["underlag"]["commit_datum"], data["underlag"]["utelamnade_behandlingar"]) == (
        "2024-12-31",
        [],
    )


def test_a_past_answer_is_never_replayed_from_the_result_cache(repo: GitBuilder) -> None:
    """The cache key holds the files, not the history: a backdated commit changes the
    answer while every file stays the same."""
    first = lgtool(repo, "status", "-r", "register", "--per", R, "-f", "json")
    repo.git("commit", "--quiet", "--allow-empty", "-m", "tom", when="2024-12-01")
    second = lgtool(repo, "status", "-r", "register", "--per", R, "-f", "json")
    assert json.loads(first.out)["underlag"]["commit_datum"] == "2024-11-20"
    assert json.loads(second.out)["underlag"]["commit_datum"] == "2024-12-01"


def test_prioritering_per_a_past_date(repo: GitBuilder) -> None:
    result = lgtool(repo, "prioritering", "-r", "register", "--per", R, "-f", "json")
    data = json.loads(result.out)
    assert (data["okand_klassa"], [b["id"] for b in data["behandlingar"]]) == (0, ["b2"])
    assert data["behandlingar"][0]["klassa"] == {"status": "forfallen", "datum": "2023-05-01"}


def test_export_per_a_past_date_says_its_basis_on_stderr(repo: GitBuilder) -> None:
    result = lgtool(repo, "export", "-r", "register", "--per", R, "-f", "csv")
    short = commit_of(repo, "behörighetskontroll")[:7]
    assert result.code == 0
    assert result.err == (
        f"Läget per 2024-12-31 bygger på registret som det var i commit {short} (2024-11-20), "
        "den senaste på eller före referensdatumet. 2 datum för kontroller gjorda senast "
        "2024-12-31 registrerades senare och är medräknade. 1 behandling som lagts till "
        "senare räknas inte med.\n"
    )
    rows = [line.split(";")[0] for line in result.out.splitlines()[1:]]
    assert rows == ["b2", "b4", "b1"]


def test_report_section_3_names_its_basis(repo: GitBuilder) -> None:
    result = lgtool(repo, "report", "2024", "-r", "register")
    short = commit_of(repo, "behörighetskontroll")[:7]
    assert (result.code, result.err) == (0, "")
    section = result.out.split("## 3. ")[1].split("### Nyckeltal")[0]
    assert section == (
        "Informationssäkerhetsläget\n\n"
        f"Läget per 2024-12-31 bygger på registret som det var i commit {short} (2024-11-20), "
        "den senaste på eller före referensdatumet. 2 datum för kontroller gjorda senast "
        "2024-12-31 registrerades senare och är medräknade. 1 behandling som lagts till "
        "senare räknas inte med.\n\n"
        "Registret omfattar 3 informationsbehandlingar i 1 förvaltningsobjekt. "
        "Kontrollpunkterna följer förvaltningens systematiska mätning och uppföljning av "
        "informationssäkerhetsläget.\n\n"
    )
    figures = result.out.split("### Nyckeltal")[1].split("\n\n")[1].splitlines()[2:5]
    assert [[cell.strip() for cell in row.split("|")[1:-1]] for row in figures] == [
        ["KLASSA genomförd och aktuell", "2 av 3", "67\u00a0%"],  # b2: 2023-05-01 again
        ["RSA genomförd och aktuell", "3 av 3", "100\u00a0%"],  # b1: entered in January
        ["Behörighetskontroll genomförd och aktuell", "3 av 3", "100\u00a0%"],
    ]


# --- no history on or before R -----------------------------------------------------------


def test_without_a_commit_on_or_before_r_the_working_tree_is_used(tmp_path: Path) -> None:
    repo = GitBuilder(tmp_path / "repo")
    write_register(
        repo.root / "register",
        organisation=ORGANISATION,
        behandlingar=[behandling("b1", **reviewed("2024-06-01", senaste_klassa="2025-01-20"))],
    )
    repo.commit("2025-02-01", "registret i git")
    result = lgtool(repo, "status", "-r", "register", "--per", R, "-f", "markdown")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "## Informationssäkerhetsläget – Testkontoret\n\n"
        "Per 2024-12-31: 1 behandling, 0 med avvikelser.\n\n"
        "Läget per 2024-12-31 bygger på arbetskopian av registret: ingen commit finns på eller "
        "före referensdatumet. 1 kontrollpunkt har bara ett datum efter referensdatumet och "
        "redovisas som okänd (?); de räknas inte som aktuella.\n\n"
        "### Objektet\n\n"
        + TABLE_HEAD
        + "| Behandling b1 | ? 2025-01-20 | ✓ 2024-06-01 | ✓ 2024-06-01 "
        "| ✓ | – | ✓ | ✓ | ✓ | – | 0 | 0 |\n\n"
        f"Teckenförklaring: {SYMBOLS}   ? okänt per referensdatumet (registrerat senare). "
        f"{COLUMNS}\n\n"
        "Totalt: KLASSA aktuell 0/1, RSA aktuell 1/1, behörighetskontroll aktuell 1/1, "
        "utan avvikelse 1/1, gula 0, röda 0, utan handlingsplan 0.\n"
    )


def test_okand_without_git(tmp_path: Path) -> None:
    """Not in git: the working tree, and a KLASSA dated after R is unknown, not current;
    prioritering leaves it out and says so."""
    root = write_register(
        tmp_path / "register",
        organisation=ORGANISATION,
        behandlingar=[
            behandling("b1", **reviewed("2024-06-01", senaste_klassa="2025-03-01")),
            behandling("b2", **reviewed("2024-06-01", senaste_klassa=None)),
        ],
    )
    status = run_cli("status", "-r", str(root), "--per", R, "-f", "json", env=ENV)
    data = json.loads(status.out)
    assert data["underlag"]["kalla"] == "arbetskopian"
    assert data["underlag"]["anledning"] == "inte_i_git"
    assert data["behandlingar"][0]["kontrollpunkter"]["klassa"] == {
        "status": "okand",
        "datum": "2025-03-01",
    }
    assert data["behandlingar"][0]["avvikelser"] == []
    assert data["summering"]["klassa"] == {"aktuell": 0, "forfallen": 0, "saknas": 1, "okand": 1}
    prioritering = run_cli("prioritering", "-r", str(root), "--per", R, "-f", "markdown", env=ENV)
    assert prioritering.out == (
        "## Prioriteringslista för informationsklassning – Testkontoret\n\n"
        "Per 2024-12-31.\n\n"
        "Läget per 2024-12-31 bygger på arbetskopian av registret (registret ligger inte i git, "
        "så dess historik är okänd). 1 kontrollpunkt har bara ett datum efter referensdatumet "
        "och redovisas som okänd (?); de räknas inte som aktuella.\n\n"
        "| Nr | Behandling | Förvaltningsobjekt | Kategori | KLASSA | K |\n"
        "|--:|---|---|---|---|---|\n"
        "| 1 | Behandling b2 | Objektet | unik för förvaltningen | saknas | – |\n\n"
        "1 behandling är inte medräknad här: dess KLASSA är okänd per 2024-12-31 "
        "(datumet ligger efter referensdatumet).\n"
    )
    as_json = json.loads(
        run_cli("prioritering", "-r", str(root), "--per", R, "-f", "json", env=ENV).out
    )
    assert (as_json["okand_klassa"], [b["id"] for b in as_json["behandlingar"]]) == (1, ["b2"])


# --- the network zone --------------------------------------------------------------------


def test_zone_key_figures_count_only_it_systems(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "register",
        organisation=ORGANISATION,
        behandlingar=[
            behandling("ratt", system="A", klassning=K2, natverkszon="Z2"),
            behandling("fel", system="B", klassning=K2, natverkszon="Z3"),
            behandling("ingen-zon", system="C", klassning=K2),
            behandling("utan-system", klassning=K2, natverkszon="Z9"),
        ],
        ar={2026: {"ar": 2026, "prioriteringar": {2026: [], 2027: [], 2028: []}}},
    )
    status = json.loads(run_cli("status", "-r", str(root), "-f", "json", env=ENV).out)
    assert {b["id"]: b["kontrollpunkter"]["natverkszon"] for b in status["behandlingar"]} == {
        "utan-system": "ej_tillampligt",
        "ratt": "ja",
        "fel": "nej",
        "ingen-zon": "saknas",
    }
    assert status["summering"]["natverkszon"] == {
        "ja": 1,
        "nej": 1,
        "saknas": 1,
        "ej_tillampligt": 1,
    }
    report = run_cli("report", "2026", "-r", str(root), "--per", TODAY.isoformat(), env=ENV)
    rows = [line for line in report.out.splitlines() if "nätverkszon" in line]
    assert rows == [
        "| Placerade i den nätverkszon klassningen kräver (av dem med IT-system) "
        "| 1 av 3 | 33\u00a0% |",
        "| – i en annan nätverkszon än klassningen kräver | 1 av 3 | 33\u00a0% |",
        "| – nätverkszon eller konfidentialitetsnivå inte angiven | 1 av 3 | 33\u00a0% |",
        "| Utan eget IT-system (nätverkszon ej tillämplig) | 1 av 4 | 25\u00a0% |",
    ]


def test_trend_takes_each_date_as_known_at_its_step(repo: GitBuilder) -> None:
    """As ``status --per`` does (from HEAD back; the working tree is not history): b1's RSA
    entered in January counts at 2024-12-31, and b4's blanked KLASSA is found again."""
    result = lgtool(repo, "trend", "-r", "register", "--fran", R, "--till", R, "-f", "csv")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[1:] == [
        f"2024-12-31;{commit_of(repo, 'behörighetskontroll')};3;0,6667;1,0;1,0;1,0;0;0;0;1;;0"
    ]


def test_a_shallow_clone_says_its_history_is_cut_off(repo: GitBuilder, tmp_path: Path) -> None:
    clone = GitBuilder(tmp_path / "klon")
    clone.git("fetch", "--quiet", "--depth", "1", repo.root.as_uri(), "main")
    clone.git("checkout", "--quiet", "FETCH_HEAD")
    result = lgtool(clone, "status", "-r", "register", "--per", R, "-f", "json")
    assert json.loads(result.out)["underlag"]["anledning"] == "grund_klon"
    markdown = lgtool(clone, "status", "-r", "register", "--per", R, "-f", "markdown").out
    assert markdown.split("\n\n")[2] == (
        "Läget per 2024-12-31 bygger på arbetskopian av registret: förrådet är en grund klon "
        "(shallow clone) och historiken före referensdatumet saknas; hämta den med 'git fetch "
        "--unshallow' (i GitHub Actions: fetch-depth: 0). 4 kontrollpunkter har bara ett "
        "datum efter referensdatumet och redovisas som okända (?); de räknas inte som aktuella."
    )


def test_a_file_broken_in_the_commit_is_left_out_and_counted(repo: GitBuilder) -> None:
    """A commit dated before R on top of the history (b3 is in it, its dates after R):
    b2's file is broken there, so b2 is left out, and not as 'added later'."""
    (repo.root / "register/behandlingar/b2.yaml").write_text("id: b2\n\tnamn: x\n", "utf-8")
    repo.commit("2024-12-02", "trasig fil")
    write_register(
        repo.root / "register", organisation=ORGANISATION, behandlingar=[behandling("b2")]
    )
    result = lgtool(repo, "status", "-r", "register", "--per", R, "-f", "json")
    data = json.loads(result.out)
    assert (data["underlag"]["fel_i_commit"], data["underlag"]["utelamnade_behandlingar"]) == (
        1,
        [],
    )
    assert [b["id"] for b in data["behandlingar"]] == ["b3", "b4", "b1"]
    markdown = lgtool(repo, "status", "-r", "register", "--per", R, "-f", "markdown").out
    assert markdown.split("\n\n")[2] == (
        f"Läget per 2024-12-31 bygger på registret som det var i commit "
        f"{commit_of(repo, 'trasig fil')[:7]} (2024-12-02), den senaste på eller före "
        "referensdatumet. Den versionen av registret har 1 fel; behandlingarna i de filerna "
        "räknas inte med. 3 kontrollpunkter har bara ett datum efter referensdatumet och "
        "redovisas som okända (?); de räknas inte som aktuella."
    )


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        pytest.param("id: b1\n", False, id="absent"),
        pytest.param("senaste_rsa: null\n", False, id="null"),
        pytest.param("senaste_rsa: ~   # aldrig\n", False, id="tilde-and-comment"),
        pytest.param("senaste_rsa:\n", False, id="empty"),
        pytest.param("senaste_rsa: 2025-01-10\n", False, id="plain-date-after-R"),
        pytest.param("senaste_rsa: 2024-12-31\n", True, id="plain-date-on-R"),
        pytest.param("senaste_rsa: '2025-01-10'\n", True, id="quoted: parse to be sure"),
        pytest.param("# senaste_rsa: 2024-01-01\nsenaste_rsa: null\n", True, id="also-named"),
        pytest.param("x: {senaste_rsa: 2024-01-01}\n", True, id="flow-mapping"),
        pytest.param("senaste_rsa: 2024-02-30\n", True, id="no-such-day"),
        pytest.param("  senaste_rsa: null\n", True, id="indented"),
    ],
)
def test_a_file_is_parsed_unless_its_bytes_rule_out_a_date(text: str, parsed: bool) -> None:
    assert _may_state_date(text.encode(), ["senaste_rsa"], date(2024, 12, 31)) is parsed


def test_a_version_above_the_size_limit_is_never_read(
    repo: GitBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.root / "register/behandlingar/b2.yaml"
    normal = path.read_bytes()
    big = normal + b"# " + b"x" * (1024 * 1024) + b"\n"
    path.write_bytes(big)
    repo.commit("2025-02-01", "stor fil")
    path.write_bytes(normal)
    repo.commit("2025-02-02", "normal igen")
    read: list[str] = []
    original = GitRepo.read_blobs

    def recording(self: GitRepo, blobs: Iterable[str]) -> dict[str, bytes]:
        wanted = list(blobs)
        read.extend(wanted)
        return original(self, wanted)

    monkeypatch.setattr(GitRepo, "read_blobs", recording)
    data = json.loads(lgtool(repo, "status", "-r", "register", "--per", R, "-f", "json").out)
    klassa = {b["id"]: b["kontrollpunkter"]["klassa"]["datum"] for b in data["behandlingar"]}
    assert klassa == {"b2": "2023-05-01", "b4": "2024-02-01", "b1": "2024-02-15"}
    assert hashlib.sha1(b"blob %d\0" % len(big) + big).hexdigest() not in read
    assert read  # the walk did read older versions


def test_the_status_chart_counts_unknown_dates_apart(tmp_path: Path) -> None:
    """The report's bars: an okänt date is its own part of the bar, never 'aktuell'."""
    from lgtool.asof import status_per
    from lgtool.register import load_register
    from lgtool.report.charts import status_groups

    root = write_register(
        tmp_path / "register",
        organisation=ORGANISATION,
        behandlingar=[behandling("b1", **reviewed("2024-06-01", senaste_klassa="2025-03-01"))],
    )
    _, status = status_per(root, load_register(root), date(2024, 12, 31), today=TODAY)
    (group,) = status_groups(status, publik=False, minimum=5)
    assert group.counts["klassa"] == {"aktuell": 0, "forfallen": 0, "saknas": 0, "okand": 1}


def test_kalender_per_a_past_date_is_what_the_register_knew(repo: GitBuilder) -> None:
    """b2's KLASSA of 2025-01-10 was entered after R: at R its KLASSA of 2023-05-01 had
    expired; b3, added later, has nothing due. The basis is said on stderr."""
    result = lgtool(repo, "kalender", "-r", "register", "--per", R, "-f", "json", "--inom", "60")
    short = commit_of(repo, "behörighetskontroll")[:7]
    assert result.code == 0
    assert result.err == (
        f"Läget per 2024-12-31 bygger på registret som det var i commit {short} (2024-11-20), "
        "den senaste på eller före referensdatumet. 2 datum för kontroller gjorda senast "
        "2024-12-31 registrerades senare och är medräknade. 1 behandling som lagts till "
        "senare räknas inte med.\n"
    )
    items = json.loads(result.out)
    assert items["per"] == R
    assert [
        (p["datum"], p["typ"], p["behandling"], p["ansvarig"], p["text"], p["forfallen"])
        for p in items["poster"]
    ] == [
        (
            "2024-05-01",
            "klassa",
            "b2",
            "Olle Ägare",
            "KLASSA för Behandling b2, senast gjord 2023-05-01",
            True,
        ),
        (
            "2025-02-01",
            "klassa",
            "b4",
            "Olle Ägare",
            "KLASSA för Behandling b4, senast gjord 2024-02-01",
            False,
        ),
        (
            "2025-02-15",
            "klassa",
            "b1",
            "Olle Ägare",
            "KLASSA för Behandling b1, senast gjord 2024-02-15",
            False,
        ),
        (
            "2025-02-15",
            "rsa",
            "b2",
            "Olle Ägare",
            "RSA för Behandling b2, senast gjord 2024-02-15",
            False,
        ),
        (
            "2025-02-15",
            "rsa",
            "b4",
            "Olle Ägare",
            "RSA för Behandling b4, senast gjord 2024-02-15",
            False,
        ),
        (
            "2025-02-15",
            "behorighetskontroll",
            "b4",
            "Ivar It",
            "Behörighetskontroll för Behandling b4, senast gjord 2024-02-15",
            False,
        ),
    ]
    assert {p["forvaltningsobjekt"] for p in items["poster"]} == {"obj"}
