"""tools/demo_history.py: a deterministic demo repository with three years of history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_REGISTER, REPO, run_cli

SCRIPT = REPO / "tools" / "demo_history.py"
ENV = {"LGTOOL_IDAG": "2026-11-30"}


def _build(target: Path) -> str:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(target)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    return proc.stdout


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo") / "demo-historik"
    _build(target)
    return target


def test_the_same_commits_on_every_run(demo: Path, tmp_path: Path) -> None:
    head = _git(demo, "rev-parse", "HEAD").strip()
    count = len(_git(demo, "rev-list", "HEAD").split())
    again = tmp_path / "demo-historik"
    out = _build(again)
    assert out == f"Demoförrådet {again} har {count} commits; senaste {head}.\n"
    assert _git(again, "rev-parse", "HEAD").strip() == head
    rebuilt = _build(again)  # an earlier demo in the folder is replaced
    assert rebuilt == out


def test_history_spans_about_three_years_with_fixed_authors(demo: Path) -> None:
    log = _git(demo, "log", "--format=%an <%ae>|%cn|%ad|%s", "--date=short").splitlines()
    authors = {line.split("|")[0] for line in log}
    assert authors == {"Informationssäkerhetssamordnaren <samordnare@trafikkontoret.example>"}
    dates = [line.split("|")[2] for line in log]
    assert dates[-1] == "2024-01-31"
    assert dates[0] >= "2026-10-01"
    assert log[-1].endswith("|Januari 2024: registret läggs in i git (29 behandlingar)")
    subjects = "\n".join(line.split("|")[3] for line in log)
    for event in (
        "ny behandling tk-parkeringsovervakning",
        "nätverkszonen rättad för tk-trafikkameror",
        "årsfilen 2025.yaml",
        "lokalt styrdokument fastställt",
        "objektledare IT för gatuarbeten vakant",
        "KLASSA genomförd för",
        "handlingsplanen uppdaterad för",
    ):
        assert event in subjects, event
    assert _git(demo, "status", "--porcelain") == ""


def test_the_last_commit_is_the_example_register(demo: Path) -> None:
    for path in sorted(EXAMPLE_REGISTER.rglob("*")):
        if path.is_file():
            rel = path.relative_to(EXAMPLE_REGISTER).as_posix()
            shown = subprocess.run(
                ["git", "show", f"HEAD:register/{rel}"], cwd=demo, capture_output=True, check=True
            ).stdout
            assert shown == path.read_bytes(), rel


def test_every_commit_is_a_valid_register(demo: Path) -> None:
    trend = run_cli("trend", "--steg", "manad", "--format", "json", "-r", str(demo / "register"))
    assert trend.code == 0
    points = json.loads(trend.out)["punkter"]
    assert len(points) > 30
    assert [p for p in points if p["problem"] or p["nyckeltal"] is None] == []


def test_trend_and_the_year_over_year_section_are_not_empty(demo: Path) -> None:
    register = str(demo / "register")
    trend = run_cli("trend", "--format", "json", "-r", register, env=ENV)
    points = json.loads(trend.out)["punkter"]
    assert trend.code == 0
    assert len(points) > 1
    first, last = points[0]["nyckeltal"], points[-1]["nyckeltal"]
    assert (first["antal"], last["antal"]) == (29, 30)
    assert first["roda"] > last["roda"]
    assert last is not None and points[-1]["commit"] == _git(demo, "rev-parse", "HEAD").strip()

    report = run_cli("report", "2025", "-r", register, env=ENV)
    assert report.code == 0
    section = report.out.split("## 7. ", 1)[1].split("\n## 8. ", 1)[0]
    assert section.startswith(
        "Utveckling jämfört med föregående år\n\n"
        "Jämförelsen bygger på registrets historik i git: läget 2024-12-31 jämfört med "
        "2025-12-31.\n\n| Nyckeltal | 2024-12-31 | 2025-12-31 |\n"
    )


def test_a_folder_that_is_not_a_demo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mitt").mkdir()
    (tmp_path / "mitt" / "viktigt.txt").write_text("x", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "mitt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (
        1,
        f"fel: '{tmp_path / 'mitt'}' finns redan och är inget demoförråd från "
        "tools/demo_history.py; välj en annan mapp\n",
    )
    assert (tmp_path / "mitt" / "viktigt.txt").read_text(encoding="utf-8") == "x"
