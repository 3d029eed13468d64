"""senaste_kontinuitetsovning: an opt-in date checkpoint added after format version 1.

It proves the checkpoint registry end to end: without the policy's interval it is
invisible everywhere; with it, status, JSON, the table, the report, export/import and
diff all show it, and it applies only where kontinuitetsplan is true.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import ORGANISATION, behandling, run_cli, write_register
from helpers_git import GitBuilder
from lgtool.checkpoints import DatumKontroll, compute_checkpoints
from lgtool.model import Behandling, Organisation

R = "2026-11-29"
WITH_INTERVAL = {"max_alder_manader": {"kontinuitetsovning": 12}}


def _org(policy: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**ORGANISATION, "policy": policy or {}}


def _check(policy: dict[str, Any] | None, **fields: Any) -> Any:
    org = Organisation.model_validate(_org(policy))
    b = Behandling.model_validate(behandling(**fields))
    return compute_checkpoints(b, org.forvaltningsobjekt[0], org.policy, date.fromisoformat(R))


def test_inactive_without_the_policys_interval() -> None:
    result = _check(None, kontinuitetsplan=True, senaste_kontinuitetsovning="2020-01-01")
    assert "kontinuitetsovning" not in result.kontrollpunkter
    assert result.avvikelser == ()


@pytest.mark.parametrize(
    ("fields", "expected", "deviates"),
    [
        # 2025-11-29 + 12 months = 2026-11-29 = R: still current on its last day.
        ({"kontinuitetsplan": True, "senaste_kontinuitetsovning": "2025-11-29"},
         DatumKontroll("aktuell", date(2025, 11, 29)), False),
        ({"kontinuitetsplan": True, "senaste_kontinuitetsovning": "2025-11-28"},
         DatumKontroll("forfallen", date(2025, 11, 28)), True),
        ({"kontinuitetsplan": True}, DatumKontroll("saknas", None), True),
        ({"kontinuitetsplan": True, "senaste_kontinuitetsovning": None},
         DatumKontroll("saknas", None), True),
        ({"kontinuitetsplan": False}, DatumKontroll("ej_tillampligt", None), False),
        ({}, DatumKontroll("ej_tillampligt", None), False),  # kontinuitetsplan not recorded
        ({"kontinuitetsplan": False, "senaste_kontinuitetsovning": "2020-01-01"},
         DatumKontroll("ej_tillampligt", date(2020, 1, 1)), False),
    ],
)  # fmt: skip
def test_active_with_the_interval(
    fields: dict[str, Any], expected: DatumKontroll, deviates: bool
) -> None:
    result = _check(WITH_INTERVAL, **fields)
    assert result.kontrollpunkter.datum("kontinuitetsovning") == expected
    assert ("kontinuitetsovning" in result.avvikelser) is deviates


FIELDS: list[dict[str, Any]] = [
    {"kontinuitetsplan": True, "senaste_kontinuitetsovning": "2026-04-15"},
    {"kontinuitetsplan": True, "senaste_kontinuitetsovning": "2024-04-15"},
    {"kontinuitetsplan": False},
]


def _register(root: Path, policy: dict[str, Any] | None, *, recorded: bool = True) -> Path:
    """Three processings; ``recorded=False`` leaves out the new field (a version-1 register)."""
    items = [
        behandling(
            f"b{i}",
            **{k: v for k, v in extra.items() if recorded or k != "senaste_kontinuitetsovning"},
        )
        for i, extra in enumerate(FIELDS, 1)
    ]
    return write_register(root, organisation=_org(policy), behandlingar=items)


def _outputs(register: Path) -> dict[str, str]:
    runs = {
        "json": ("status", "--format", "json"),
        "table": ("status",),
        "markdown": ("status", "--format", "markdown"),
        "prioritering": ("prioritering", "--format", "json"),
        "report": ("report", "2026"),
    }
    found = {}
    for name, args in runs.items():
        result = run_cli(*args, "-r", str(register), "--per", R, env={"COLUMNS": "80"})
        assert result.err == "", (name, result.err)
        found[name] = result.out
    return found


def test_a_version_1_register_reports_exactly_as_before(tmp_path: Path) -> None:
    """Recording the new field changes nothing until the policy turns the checkpoint on."""
    (tmp_path / "utan" / "ar").mkdir(parents=True)
    plain = _register(tmp_path / "utan", None, recorded=False)
    recorded = _register(tmp_path / "med", None)
    year = "ar: 2026\nprioriteringar: {2026: [], 2027: [], 2028: []}\n"
    for root in (plain, recorded):
        (root / "ar" / "2026.yaml").write_text(year, encoding="utf-8")
    before, after = _outputs(plain), _outputs(recorded)
    assert after == before
    assert all("ontinuitetsöv" not in text for text in after.values())
    export = run_cli("export", "--format", "csv", "-r", str(plain), "--per", R)
    assert (export.code, export.err) == (0, "")
    assert "ontinuitetsöv" not in export.out


def test_status_json_has_the_key_beside_the_other_dates(tmp_path: Path) -> None:
    register = _register(tmp_path / "r", WITH_INTERVAL)
    result = run_cli("status", "-r", str(register), "--per", R, "--format", "json")
    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    points = [b["kontrollpunkter"] for b in data["behandlingar"]]
    assert list(points[0])[:4] == ["klassa", "rsa", "behorighetskontroll", "kontinuitetsovning"]
    assert [p["kontinuitetsovning"] for p in points] == [
        {"status": "aktuell", "datum": "2026-04-15"},
        {"status": "forfallen", "datum": "2024-04-15"},
        {"status": "ej_tillampligt", "datum": None},
    ]
    assert [b["avvikelser"] for b in data["behandlingar"]] == [[], ["kontinuitetsovning"], []]
    assert data["summering"]["kontinuitetsovning"] == {
        "aktuell": 1,
        "forfallen": 1,
        "saknas": 0,
        "okand": 0,
        "ej_tillampligt": 1,
    }


def test_the_table_shows_the_column_and_still_fits_80_columns(tmp_path: Path) -> None:
    register = _register(tmp_path / "r", WITH_INTERVAL)
    result = run_cli("status", "-r", str(register), "--per", R, env={"COLUMNS": "80"})
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "KL" in line and "RSA" in line)
    assert header.split() == [
        "Behandling", "KL", "RSA", "BK", "KÖ", "Reg", "KB", "Pro", "Bes", "Rol", "Gul", "Röd",
    ]  # fmt: skip
    rows = {w[0]: w[1:] for line in lines if (w := line.split()) and w[0] in ("b1", "b2", "b3")}
    assert rows == {
        "b1": ["✓", "✓", "✓", "✓", "✓", "–", "✓", "✓", "✓", "0", "0"],
        "b2": ["✓", "✓", "✓", "!", "✓", "–", "✓", "✓", "✓", "0", "0"],
        "b3": ["✓", "✓", "✓", "–", "✓", "–", "✓", "✓", "✓", "0", "0"],
    }
    assert "Aktuella: KL 3/3, RSA 3/3, BK 3/3, KÖ 1/2 · utan avvikelse 2/3" in result.out
    assert "KÖ = kontinuitetsövning (av dem med kontinuitetsplan)" in result.out


def test_the_report_has_the_key_figure(tmp_path: Path) -> None:
    register = _register(tmp_path / "r", WITH_INTERVAL)
    (register / "ar" / "2026.yaml").write_text(
        "ar: 2026\nprioriteringar: {2026: [], 2027: [], 2028: []}\n", encoding="utf-8"
    )
    result = run_cli("report", "2026", "-r", str(register), "--per", R)
    assert (result.code, result.err) == (0, "")
    rows = [line for line in result.out.splitlines() if line.startswith("| ") and " av " in line]
    assert rows[:5] == [
        "| KLASSA genomförd och aktuell | 3 av 3 | 100\u00a0% |",
        "| RSA genomförd och aktuell | 3 av 3 | 100\u00a0% |",
        "| Behörighetskontroll genomförd och aktuell | 3 av 3 | 100\u00a0% |",
        "| Kontinuitetsplanen övad och aktuell (av dem med kontinuitetsplan) "
        "| 1 av 2 | 50\u00a0% |",
        "| Registerförda enligt GDPR (av dem med personuppgifter) | 3 av 3 | 100\u00a0% |",
    ]


def test_export_carries_the_field_and_imports_back(tmp_path: Path) -> None:
    register = _register(tmp_path / "r", WITH_INTERVAL)
    sheet = tmp_path / "export.csv"
    result = run_cli("export", "-r", str(register), "--per", R, "-o", str(sheet))
    assert result.code == 0, result.err
    header, *rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    columns = header.split(";")
    assert "Senaste kontinuitetsövning" in columns
    assert "Status: Kontinuitetsövning" in columns
    at = columns.index("Senaste kontinuitetsövning")
    status_at = columns.index("Status: Kontinuitetsövning")
    assert [(r.split(";")[at], r.split(";")[status_at]) for r in rows] == [
        ("2026-04-15", "aktuell"),
        ("2024-04-15", "förfallen"),
        ("", "ej tillämpligt"),
    ]
    target = write_register(tmp_path / "till", organisation=_org(WITH_INTERVAL))
    result = run_cli("import", str(sheet), "-r", str(target))
    assert result.code == 0, result.out + result.err
    assert "senaste_kontinuitetsovning: 2024-04-15\n" in (
        target / "behandlingar" / "b2.yaml"
    ).read_text(encoding="utf-8")


def test_diff_names_the_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitBuilder(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    root = repo.root / "register"
    items = [behandling("b1", kontinuitetsplan=True, senaste_kontinuitetsovning=None)]
    write_register(root, organisation=_org(WITH_INTERVAL), behandlingar=items)
    repo.commit("2026-05-01")
    items = [behandling("b1", kontinuitetsplan=True, senaste_kontinuitetsovning="2026-05-14")]
    write_register(root, organisation=_org(WITH_INTERVAL), behandlingar=items)
    repo.commit("2026-05-20")
    result = run_cli("diff", "HEAD~1", "HEAD", "--per", R, "--format", "json")
    assert (result.code, result.err) == (0, "")
    changes = json.loads(result.out)["behandlingar"][0]["andringar"]
    assert changes == [
        {
            "var": "b1",
            "falt": "kontinuitetsovning",
            "fore": {"status": "saknas", "datum": None},
            "efter": {"status": "aktuell", "datum": "2026-05-14"},
            "riktning": "forbattring",
        }
    ]
    text = run_cli("diff", "HEAD~1", "HEAD", "--per", R).out
    assert "    ↑ kontinuitetsövning: saknas → aktuell (2026-05-14)\n" in text
