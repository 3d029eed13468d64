"""lgtool trend: the key figures over git history in four formats, and its errors."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from conftest import TODAY, assert_golden, behandling, reviewed, run_cli, write_register
from helpers_git import GitBuilder
from lgtool.commands.trend import TrendFormat, trend
from lgtool.errors import ExitCode, GitError, UsageError
from lgtool.history import Steg
from lgtool.options import TrendOptions
from lgtool.render.trend import sparkline


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitBuilder:
    builder = GitBuilder(tmp_path / "repo")
    monkeypatch.chdir(builder.root)
    monkeypatch.setenv("COLUMNS", "100")
    return builder


def _history(repo: GitBuilder) -> None:
    """A register that gets better over 2025, with a broken file for a while; in 2026
    b2 is reviewed again while the others' reviews expire. Every date lies on or before
    its commit."""
    root = repo.root / "register"
    plan = {"gula": 4, "roda": 3}
    write_register(
        root,
        behandlingar=[
            behandling("b1", **reviewed("2025-01-20", senaste_klassa=None), handlingsplan=plan),
            behandling(
                "b2", **reviewed("2025-01-20", senaste_rsa="2024-11-01"), handlingsplan=plan
            ),
        ],
    )
    repo.commit("2025-02-10", "registret")
    write_register(
        root,
        behandlingar=[
            behandling(
                "b1", **reviewed("2025-01-20", senaste_klassa="2025-05-02"), handlingsplan=plan
            )
        ],
    )
    repo.commit("2025-05-03")
    (root / "behandlingar/b3.yaml").write_text("id: b3\n\tnamn: x\n", encoding="utf-8")
    repo.commit("2025-08-20", "trasig fil")
    b3 = reviewed("2025-09-15", senaste_behorighetskontroll=None)
    write_register(
        root,
        behandlingar=[
            behandling("b3", **b3, personuppgifter=True, registerford=False),
            behandling(
                "b2",
                **reviewed("2025-01-20", senaste_rsa="2025-10-01"),
                handlingsplan={"gula": 1, "roda": 0},
            ),
        ],
    )
    repo.commit("2025-10-05", "rättad")
    b3 = {**b3, "senaste_behorighetskontroll": "2026-02-20"}
    write_register(
        root,
        behandlingar=[
            behandling("b3", **b3, registerford=True),
            behandling("b2", **reviewed("2026-02-15"), handlingsplan={"gula": 1, "roda": 0}),
        ],
    )
    repo.commit("2026-03-01")


def _run(
    fmt: TrendFormat, steg: Steg = "kvartal", fran: date | None = None, till: date | None = None
) -> str:
    out = io.StringIO()
    options = TrendOptions(Path("register"), fran, till, steg, fmt)
    code = trend(options, out, today=TODAY)
    assert code == ExitCode.OK
    return out.getvalue()


def test_table(repo: GitBuilder) -> None:
    _history(repo)
    assert_golden("trend.txt", _run("table", fran=date(2024, 12, 1)))


def test_markdown(repo: GitBuilder) -> None:
    _history(repo)
    assert_golden("trend.md", _run("markdown", "ar", fran=date(2024, 12, 31)))


def test_json(repo: GitBuilder) -> None:
    _history(repo)
    assert_golden("trend.json", _run("json", "ar"))


def test_csv(repo: GitBuilder) -> None:
    _history(repo)
    text = _run("csv", "ar", fran=date(2024, 12, 31))
    shas = [repo.git("rev-parse", r).strip() for r in ("HEAD~1", "HEAD")]
    assert text == (
        "\ufeffdatum;commit;antal;andel_klassa;andel_rsa;andel_behorighetskontroll;"
        "andel_registerford;gula;roda;utan_handlingsplan;avvikelser;anmarkning;fel\r\n"
        "2024-12-31;;;;;;;;;;;före första commit;0\r\n"
        f"2025-12-31;{shas[0]};3;1,0;1,0;0,6667;0,6667;5;3;0;3;;0\r\n"
        f"2026-11-29;{shas[1]};3;0,3333;0,3333;0,6667;1,0;5;3;0;3;;0\r\n"
    )


def test_sparkline() -> None:
    assert sparkline([0.0, 0.5, None, 1.0], top=1.0) == "▁▅ █"
    assert sparkline([3, 1, 0]) == "█▃▁"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([None]) == " "


def test_fran_after_till(repo: GitBuilder) -> None:
    _history(repo)
    with pytest.raises(UsageError) as caught:
        _run("table", fran=date(2026, 1, 1), till=date(2025, 1, 1))
    assert caught.value.message == "--fran 2026-01-01 ligger efter --till 2025-01-01"


def test_register_never_committed(repo: GitBuilder) -> None:
    repo.write("README.md", "hej\n")
    repo.commit("2025-01-01")
    write_register(repo.root / "register", behandlingar=[behandling("b1")])
    with pytest.raises(GitError) as caught:
        _run("table")
    assert caught.value.message == (
        "registret 'register' finns inte i någon commit på main fram till 2026-11-29; "
        "checka in det först"
    )


def test_cli_outside_git_and_without_commits(tmp_path: Path) -> None:
    write_register(tmp_path / "register", behandlingar=[behandling("b1")])
    outside = run_cli("trend", cwd=tmp_path)
    GitBuilder(tmp_path)
    empty = run_cli("trend", cwd=tmp_path)
    assert (outside.code, outside.out, outside.err) == (
        1,
        "",
        "fel: 'register' ligger inte i ett git-förråd; lgtool diff och lgtool trend läser "
        "registrets historik ur git (git init och git commit först)\n",
    )
    assert (empty.code, empty.out, empty.err) == (
        1,
        "",
        "fel: förrådet har inga commits ännu; checka in registret först\n",
    )


def test_cli_bad_step_and_date(repo: GitBuilder) -> None:
    _history(repo)
    step = run_cli("trend", "--steg", "vecka", cwd=repo.root)
    day = run_cli("trend", "--fran", "2025-13-01", cwd=repo.root)
    assert (step.code, step.err) == (
        2,
        "fel: ogiltigt värde 'vecka' för --steg; tillåtna värden: 'manad', 'kvartal', 'ar'\n"
        "Se 'lgtool trend --help'.\n",
    )
    assert (day.code, day.err) == (
        2,
        "fel: --fran: '2025-13-01' är inget datum; skriv ÅÅÅÅ-MM-DD\n",
    )
