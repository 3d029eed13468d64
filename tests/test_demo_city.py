"""tools/demo_city.py: the demo city of ``make demo`` (three units, one read from git)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, TODAY, run_cli

ENV = {"LGTOOL_IDAG": TODAY.isoformat()}


def build(target: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "demo_city.py"), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(proc.stdout.strip())


def test_demo_city_has_three_units_and_is_the_same_on_every_run(tmp_path: Path) -> None:
    city = build(tmp_path / "stad")
    first = run_cli("stad", "status", city, "--format", "json", env=ENV)
    assert (first.code, first.err) == (0, "")
    data = json.loads(first.out)
    assert [(u["id"], u["typ"], u["fel"]) for u in data["enheter"]] == [
        ("trafikkontoret", "forvaltning", 0),
        ("exploateringskontoret", "forvaltning", 0),
        ("fastighetsbolaget", "bolag", 0),
    ]
    example = json.loads(run_cli("status", "-r", REPO / "register", "-f", "json", env=ENV).out)
    assert data["enheter"][0]["nyckeltal"] == example["nyckeltal"]
    assert [u["nyckeltal"]["utan_avvikelse"]["av"] for u in data["enheter"][1:]] == [24, 16]
    # Exploateringskontoret allows KLASSA every 24 months: its own policy is used.
    assert data["enheter"][1]["nyckeltal"]["klassa_aktuell"] == {"antal": 10, "av": 24}
    head = tmp_path / "stad" / "exploateringskontoret" / ".git" / "refs" / "heads" / "main"
    commit = head.read_text("ascii")
    assert build(tmp_path / "stad") == city  # an earlier demo city is replaced
    assert head.read_text("ascii") == commit
    assert run_cli("stad", "status", city, "--format", "json", env=ENV).out == first.out


def test_demo_city_refuses_a_folder_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "annat").mkdir()
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "demo_city.py"), str(tmp_path / "annat")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr == f"{tmp_path / 'annat'} finns och är ingen demostad; välj en annan mapp\n"
