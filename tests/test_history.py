"""lgtool.history: the register at git revisions, trend points and the year-end comparison."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, behandling, reviewed, write_register
from helpers_git import GitBuilder
from lgtool.checkpoints import Nyckeltal
from lgtool.history import RegisterHistory, compare_year_end, step_dates, trend_points
from lgtool.problems import Problem
from lgtool.register import ParsedFile, load_register, parse_source
from lgtool.yamlio import dump_plain


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitBuilder:
    builder = GitBuilder(tmp_path / "repo")
    monkeypatch.chdir(builder.root)
    return builder


def _history(repo: GitBuilder) -> RegisterHistory:
    return RegisterHistory.open(Path("register"), today=TODAY)


def test_the_register_at_a_commit_is_validated_exactly_like_the_folder(
    repo: GitBuilder,
) -> None:
    b1_text = dump_plain(behandling("b1"))
    write_register(
        repo.root / "register",
        behandlingar=[behandling("b1"), behandling("b2", kategori="okand"), behandling("b3")],
        ar={2026: {"ar": 2026, "prioriteringar": {2026: [{"id": "p", "text": "T"}]}}},
        files={
            "behandlingar/b4.yaml": "id: b4\nnamn: [\n",
            "behandlingar/b5.yml": "id: b5\n",
            "behandlingar/fel-namn.yaml": b1_text,
            "anteckningar.txt": "inte en del av registret\n",
        },
    )
    os.symlink("b1.yaml", repo.root / "register/behandlingar/b6.yaml")
    repo.write("utanfor.yaml", "id: x\n")
    os.symlink("../../utanfor.yaml", repo.root / "register/behandlingar/b7.yaml")
    sha = repo.commit("2026-02-01")
    from_git = _history(repo).at(sha)
    from_folder = load_register(Path("register"), today=TODAY)
    assert from_git == from_folder
    assert len(from_folder.problems) == 8


def test_a_symbolic_link_inside_the_register_is_followed_and_outside_is_reported(
    repo: GitBuilder,
) -> None:
    write_register(repo.root / "register", behandlingar=[behandling("b1")])
    repo.write("utanfor.yaml", "id: x\n")
    os.symlink("b1.yaml", repo.root / "register/behandlingar/b2.yaml")
    os.symlink("../../utanfor.yaml", repo.root / "register/behandlingar/b3.yaml")
    sha = repo.commit("2026-02-01")
    register = _history(repo).at(sha)
    assert register is not None
    assert [b.id for b in register.behandlingar] == ["b1"]
    assert register.problems == (
        Problem(
            "register/behandlingar/b2.yaml",
            1,
            5,
            "dubblett-id",
            "id 'b1' används redan i register/behandlingar/b1.yaml",
        ),
        Problem(
            "register/behandlingar/b2.yaml",
            1,
            5,
            "id-filnamn",
            "id 'b1' stämmer inte med filnamnet 'b2.yaml'; id och filnamn ska vara lika",
        ),
        Problem(
            "register/behandlingar/b3.yaml",
            1,
            1,
            "symlank",
            "filen är en symbolisk länk till en plats utanför registret och läses inte",
        ),
    )


def test_the_register_before_it_existed_is_none(repo: GitBuilder) -> None:
    repo.write("README.md", "hej\n")
    first = repo.commit("2025-01-01")
    write_register(repo.root / "register", behandlingar=[behandling("b1")])
    repo.commit("2025-02-01")
    assert _history(repo).at(first) is None


def test_files_are_parsed_once_per_blob(repo: GitBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = parse_source

    def counting(*args: Any, **kwargs: Any) -> ParsedFile:
        calls.append(args[0].rel)
        return real(*args, **kwargs)

    monkeypatch.setattr("lgtool.history.parse_source", counting)
    root = repo.root / "register"
    write_register(root, behandlingar=[behandling(f"b{i}") for i in range(5)])
    shas = [repo.commit("2026-01-01")]
    for i, day in ((1, "2026-02-01"), (3, "2026-03-01")):
        write_register(root, behandlingar=[behandling(f"b{i}", senaste_rsa="2026-01-20")])
        shas.append(repo.commit(day))
    history = _history(repo)
    for sha in shas + shas:
        history.at(sha)
    assert calls == [
        "organisation.yaml",
        *(f"behandlingar/b{i}.yaml" for i in range(5)),
        "behandlingar/b1.yaml",
        "behandlingar/b3.yaml",
    ]


@pytest.mark.parametrize(
    ("fran", "till", "steg", "expected"),
    [
        (
            "2024-01-15",
            "2024-05-10",
            "manad",
            ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-10"],
        ),
        (
            "2024-02-01",
            "2024-12-31",
            "kvartal",
            ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"],
        ),
        ("2023-12-31", "2025-06-01", "ar", ["2023-12-31", "2024-12-31", "2025-06-01"]),
        ("2024-06-01", "2024-06-01", "ar", ["2024-06-01"]),
    ],
)
def test_step_dates(fran: str, till: str, steg: Any, expected: list[str]) -> None:
    found = step_dates(date.fromisoformat(fran), date.fromisoformat(till), steg)
    assert [d.isoformat() for d in found] == expected


def _figures(per: str, **values: Any) -> Nyckeltal:
    shares = ("andel_klassa", "andel_rsa", "andel_behorighetskontroll", "andel_registerford")
    base: dict[str, Any] = {
        "antal": 2,
        **dict.fromkeys(shares, 1.0),
        "gula": 0,
        "roda": 0,
        "utan_handlingsplan": 0,
        "avvikelser": 0,
    } | values
    return Nyckeltal(
        per=date.fromisoformat(per),
        antal=base["antal"],
        andelar={key: base[key] for key in shares},
        gula=base["gula"],
        roda=base["roda"],
        utan_handlingsplan=base["utan_handlingsplan"],
        avvikelser=base["avvikelser"],
    )


def test_trend_points_carry_on_past_invalid_yaml_at_an_old_revision(repo: GitBuilder) -> None:
    root = repo.root / "register"
    write_register(root, behandlingar=[behandling("b1"), behandling("b2")])
    first = repo.commit("2026-01-20")
    (root / "behandlingar/b2.yaml").write_text("id: b2\n\tnamn: x\n", encoding="utf-8")
    broken = repo.commit("2026-02-10")
    write_register(root, behandlingar=[behandling("b2", handlingsplan={"gula": 1, "roda": 2})])
    fixed = repo.commit("2026-03-05")
    (root / "organisation.yaml").write_text("organisation: [\n", encoding="utf-8")
    no_org = repo.commit("2026-04-02")
    history = _history(repo)
    commits = history.repo.first_parent_history()
    days = step_dates(date(2025, 12, 1), date(2026, 4, 30), "manad")
    points = trend_points(history, commits, days)
    summary = [
        (p.datum.isoformat(), p.commit.sha if p.commit else None, p.nyckeltal, p.anmarkning)
        for p in points
    ]
    assert summary == [
        ("2025-12-31", None, None, "före första commit"),
        ("2026-01-31", first, _figures("2026-01-31"), None),
        ("2026-02-28", broken, _figures("2026-02-28", antal=1), None),
        ("2026-03-31", fixed, _figures("2026-03-31", gula=1, roda=2, avvikelser=1), None),
        ("2026-04-30", no_org, None, "organisation.yaml har fel"),
    ]
    assert [len(p.problems) for p in points] == [0, 0, 1, 0, 1]
    assert points[2].problems[0].text() == (
        "register/behandlingar/b2.yaml:2:1: fel: tabbtecken får inte användas för indrag; "
        "använd mellanslag"
    )


def _year_history(repo: GitBuilder) -> Path:
    root = repo.root / "register"
    write_register(root, behandlingar=[behandling("b1", **reviewed("2024-06-01"))])
    repo.commit("2024-06-10")
    write_register(
        root,
        behandlingar=[
            behandling("b1", **reviewed("2025-05-01")),
            behandling(
                "b2",
                **reviewed("2025-04-01", senaste_klassa=None),
                handlingsplan={"gula": 2, "roda": 1},
            ),
        ],
    )
    repo.commit("2025-05-02")
    return root


def test_compare_year_end_gives_both_year_ends(repo: GitBuilder) -> None:
    root = _year_history(repo)
    assert compare_year_end(root, 2025, today=TODAY) == (
        _figures(
            "2025-12-31",
            andel_klassa=0.5,
            gula=2,
            roda=1,
            avvikelser=1,
        ),
        _figures("2024-12-31", antal=1),
    )


def test_compare_year_end_for_a_year_not_over_uses_today(repo: GitBuilder) -> None:
    root = _year_history(repo)
    result = compare_year_end(root, 2026, today=TODAY)
    assert result is not None
    assert (result[0].per, result[1].per) == (TODAY, date(2025, 12, 31))


def test_compare_year_end_without_history_for_the_previous_year(repo: GitBuilder) -> None:
    root = _year_history(repo)
    assert compare_year_end(root, 2024, today=TODAY) is None
    assert compare_year_end(root, 2027, today=TODAY) is None


def test_compare_year_end_outside_git(tmp_path: Path) -> None:
    root = write_register(tmp_path / "register", behandlingar=[behandling("b1")])
    assert compare_year_end(root, 2025, today=TODAY) is None
