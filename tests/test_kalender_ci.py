"""The weekly reminder pipelines in docs/ci/: real options, the pinned install, the schedule."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from conftest import REPO, behandling, run_cli
from test_ci import _commands


def _yaml(name: str) -> Any:
    return YAML(typ="safe", pure=True).load((REPO / "docs/ci" / name).read_text("utf-8"))


def _github_script() -> str:
    steps = _yaml("kalender-github.yml")["jobs"]["paminn"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "Öppna, uppdatera och stäng ärenden"]
    text: str = step["run"]
    return text


def test_github_runs_weekly_and_installs_as_the_review_workflow() -> None:
    workflow = _yaml("kalender-github.yml")
    review = _yaml("github-actions.yml")
    assert workflow["on"]["schedule"] == [{"cron": "0 6 * * 1"}]
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}

    def install(data: Any, job: str) -> Any:
        return [s for s in data["jobs"][job]["steps"] if s.get("name") == "Installera lgtool"]

    assert install(workflow, "paminn") == install(review, "granska")


def test_gitlab_runs_on_a_schedule_and_installs_as_the_review_job() -> None:
    job = _yaml("kalender-gitlab.yml")["lgtool-kalender"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert job["before_script"] == _yaml("gitlab-ci.yml")["lgtool"]["before_script"]


def test_pipelines_use_real_kalender_options() -> None:
    for name in ("kalender-github.yml", "kalender-gitlab.yml"):
        commands = _commands((REPO / "docs/ci" / name).read_text("utf-8"))
        assert {c[1] for c in commands} == {"kalender"}, name
        helptext = run_cli("kalender", "--help").out
        for words in commands:
            for option in (w for w in words[2:] if w.startswith("-")):
                assert option in helptext, f"{name}: {option}"
    gitlab = (REPO / "docs/ci/kalender-gitlab.yml").read_text("utf-8")
    assert '"--format", "markdown", "--ansvarig", name' in gitlab


def test_the_github_people_list_has_one_line_per_person(make_register: Any, tmp_path: Path) -> None:
    root = make_register(
        behandlingar=[
            behandling("b1", senaste_klassa=None),
            behandling("b2", senaste_rsa=None, roller={"objektagare": None}),
        ]
    )
    listing = run_cli("kalender", "-r", root, "--per", "2026-03-01", "--format", "json")
    (tmp_path / "kalender.json").write_text(listing.out, "utf-8")
    snippet = re.search(r"<<'PY'\n(.*?)\nPY\n", _github_script(), flags=re.DOTALL)
    assert snippet is not None
    proc = subprocess.run(
        [sys.executable, "-c", snippet.group(1)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout == "Olle Ägare\ningen namngiven\n"
