"""``lgtool stad`` through the result cache: replayed only while nothing it depends on changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, behandling, run_cli, write_register
from helpers_git import GitBuilder
from lgtool.commands import stad as commands
from test_stad import ENV, city, nord, syd, unit


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The commands that really ran (not replayed), by name."""
    ran: list[str] = []
    for name in ("status", "gemensamma"):
        real: Callable[..., Any] = getattr(commands, name)

        def counted(
            *args: Any, _real: Callable[..., Any] = real, _name: str = name, **kw: Any
        ) -> Any:
            ran.append(_name)
            return _real(*args, **kw)

        monkeypatch.setattr(commands, name, counted)
    return ran


def two(tmp_path: Path) -> Path:
    nord(tmp_path / "nord" / "register")
    syd(tmp_path / "syd" / "register")
    return city(tmp_path, [unit("nord", "../nord/register"), unit("syd", "../syd/register")])


def test_unchanged_city_is_replayed_and_any_change_runs_again(
    tmp_path: Path, runs: list[str]
) -> None:
    path = two(tmp_path)
    first = run_cli("stad", "status", path, "-f", "json", env=ENV)
    again = run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert runs == ["status"]
    # Another format, another day, another command: each runs once, then is replayed.
    for argv, env in (
        (("-f", "csv"), ENV),
        (("-f", "json"), {"LGTOOL_IDAG": "2026-11-30"}),
    ):
        run_cli("stad", "status", path, *argv, env=env)
        run_cli("stad", "status", path, *argv, env=env)
    run_cli("stad", "gemensamma", path, "-f", "json", env=ENV)
    run_cli("stad", "gemensamma", path, "-f", "json", env=ENV)
    assert runs == ["status", "status", "status", "gemensamma"]
    # A unit's file changes: the figures change.
    write_register(tmp_path / "syd" / "register", behandlingar=[behandling("s4")])
    changed = run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert changed.out != first.out
    # stad.yaml changes: it runs again.
    path.write_text(path.read_text("utf-8") + "# kommentar\n", "utf-8")
    run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert runs[-2:] == ["status", "status"]
    assert len(runs) == 6


def test_problems_and_exit_code_are_replayed(tmp_path: Path, runs: list[str]) -> None:
    nord(tmp_path / "nord" / "register")
    path = city(tmp_path, [unit("nord", "../nord/register"), unit("borta", "../borta")])
    first = run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert first.code == 1 and "finns inte" in first.err
    again = run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert runs == ["status"]
    # The missing folder appears: the city is read again.
    write_register(tmp_path / "borta", behandlingar=[behandling("x1")])
    fixed = run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert (fixed.code, fixed.err) == (0, "")
    assert runs == ["status", "status"]


@pytest.mark.parametrize(
    "argv",
    [
        ("-f", "table"),
        ("-f", "json", "--ingen-cache"),
        ("-f", "json", "--per", "2025-12-31"),
    ],
)
def test_not_replayed(tmp_path: Path, runs: list[str], argv: tuple[str, ...]) -> None:
    path = two(tmp_path)
    for _ in range(2):
        run_cli("stad", "status", path, *argv, env=ENV)
    assert runs == ["status", "status"]


def test_a_unit_from_git_is_never_replayed(tmp_path: Path, runs: list[str]) -> None:
    repo = GitBuilder(tmp_path / "ost")
    write_register(tmp_path / "ost", behandlingar=[behandling("o1")])
    repo.commit(TODAY.isoformat())
    path = city(tmp_path, [unit("ost", {"git": "../ost"})])
    first = run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert (first.code, first.err) == (0, "")
    run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert runs == ["status", "status"]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units whose registers were really read (not taken from their stored summary)."""
    from lgtool.stad import units

    loaded: list[str] = []
    real = units.load_unit

    def counted(city: Any, unit: Any, *args: Any, **kw: Any) -> Any:
        loaded.append(unit.id)
        return real(city, unit, *args, **kw)

    monkeypatch.setattr(units, "load_unit", counted)
    return loaded


def test_only_the_unit_that_changed_is_read_again(tmp_path: Path, loads: list[str]) -> None:
    path = two(tmp_path)
    first = run_cli("stad", "status", path, env=ENV)  # a table: never replayed whole
    assert loads == ["nord", "syd"]
    again = run_cli("stad", "status", path, env=ENV)
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert loads == ["nord", "syd"]
    write_register(
        tmp_path / "syd" / "register", behandlingar=[behandling("s4", kategori="gemensamt")]
    )
    changed = run_cli("stad", "status", path, "-f", "json", env=ENV)
    assert loads[2:] == ["syd"]
    common = run_cli("stad", "gemensamma", path, "-f", "json", env=ENV)
    assert loads[2:] == ["syd"]  # both units' summaries stored, syd's with its error
    # The same answers as reading everything again.
    for result, argv in ((changed, ("status",)), (common, ("gemensamma",))):
        fresh = run_cli("stad", *argv, path, "-f", "json", "--ingen-cache", env=ENV)
        assert (result.code, result.out, result.err) == (fresh.code, fresh.out, fresh.err)
    assert changed.code == 1
    assert loads[2:] == ["syd", "nord", "syd", "nord", "syd"]
