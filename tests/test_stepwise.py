"""lgtool trend step by step (lgtool.stepwise) gives exactly the careful path's points.

The careful path (:func:`lgtool.history.trend_points` with :class:`lgtool.asof.KnownAt`)
builds the whole register and status at every step; the stepwise one patches the
previous step's register and recomputes only the processings whose file changed or
whose share may change at the step's date. Random histories exercise every kind of
change: dates entered late and overwritten, broken and repaired files, added and
removed files, unknown objekt, ids that do not match their file, role gaps, and a
policy that changes its intervals and opt-in checkpoints.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import ORGANISATION, TODAY, behandling, run_cli, write_register
from helpers_git import GitBuilder
from lgtool import cachedir
from lgtool.asof import KnownAt
from lgtool.checkpoints import compute_status
from lgtool.history import RegisterHistory, step_dates, trend_points
from lgtool.stepwise import patch_register, stepwise_points
from lgtool.yamlio.dump import dump_plain

_DATES = ("senaste_klassa", "senaste_rsa", "senaste_behorighetskontroll")


def _random_day(rng: random.Random, first: date, last: date) -> str:
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    if rng.random() < 0.4:  # a month's end: a step's date, and its review expires on one
        following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        day = min(following - timedelta(days=1), last)
    return day.isoformat()


def _organisation(rng: random.Random) -> dict[str, Any]:
    organisation: dict[str, Any] = {**ORGANISATION}
    policy: dict[str, Any] = {
        "max_alder_manader": {
            "klassa": rng.choice([6, 12, 24]),
            "rsa": rng.choice([12, 36]),
            "behorighetskontroll": 12,
        }
    }
    if rng.random() < 0.3:
        policy["max_alder_manader"]["kontinuitetsovning"] = 12
    if rng.random() < 0.3:
        policy["zon_for_konfidentialitet"] = {0: "Z1", 1: "Z1", 2: "Z2", 3: "Z3", 4: "Z4"}
    organisation["policy"] = policy
    return organisation


def _processing(rng: random.Random, pid: str, commit_day: date) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in (*_DATES, "senaste_kontinuitetsovning"):
        roll = rng.random()
        if roll < 0.2:
            fields[name] = None
        elif roll < 0.8:  # on or before the commit
            fields[name] = _random_day(rng, date(2022, 1, 1), commit_day)
        else:  # recorded before it happened: unknown at earlier steps
            fields[name] = _random_day(rng, commit_day, TODAY)
    fields["personuppgifter"] = rng.random() < 0.7
    fields["kontinuitetsplan"] = rng.random() < 0.5
    fields["handlingsplan"] = rng.choice(
        [{"gula": rng.randint(0, 3), "roda": rng.randint(0, 2)}, None]
    )
    if fields["handlingsplan"] is None:
        del fields["handlingsplan"]
    if rng.random() < 0.2:
        fields["roller"] = {"objektledare_it": None}
    if rng.random() < 0.2:
        fields["klassning"] = {"konfidentialitet": 2, "riktighet": 1, "tillganglighet": 1}
        fields["natverkszon"] = rng.choice(["Z1", "Z2"])
    return behandling(pid, **fields)


def _random_history(repo: GitBuilder, seed: int) -> None:
    rng = random.Random(seed)
    root = repo.root / "register"
    (root / "behandlingar").mkdir(parents=True)
    when = date(2023, 1, 10)
    files: dict[str, str] = {}
    organisation = dump_plain(_organisation(rng))
    for n in range(6):
        pid = f"p{n}"
        files[pid] = dump_plain(_processing(rng, pid, when))
    for _ in range(22):
        (root / "organisation.yaml").write_text(organisation, encoding="utf-8")
        for path in (root / "behandlingar").iterdir():
            path.unlink()
        for pid, text in files.items():
            (root / "behandlingar" / f"{pid}.yaml").write_text(text, encoding="utf-8")
        repo.commit(when.isoformat())
        when += timedelta(days=rng.randint(10, 60))
        if "trasig" in organisation:  # broken for one commit, then repaired
            organisation = dump_plain(_organisation(rng))
        for _change in range(rng.randint(1, 3)):
            roll = rng.random()
            pid = rng.choice(sorted(files))
            if roll < 0.45:  # new dates and fields for one processing
                files[pid] = dump_plain(_processing(rng, pid, when))
            elif roll < 0.55:
                files[pid] = f"id: {pid}\n\tnamn: trasig\n"
            elif roll < 0.62:
                files[f"p{rng.randint(6, 9)}"] = dump_plain(_processing(rng, pid, when))
            elif roll < 0.68 and len(files) > 2:
                del files[pid]
            elif roll < 0.74:
                unknown = {**_processing(rng, pid, when), "forvaltningsobjekt": "okant"}
                files[pid] = dump_plain(unknown)
            elif roll < 0.78:
                files[pid] = dump_plain(_processing(rng, "annat-id", when))
            elif roll < 0.83:
                future = {**_processing(rng, pid, when), "senaste_rsa": "2027-06-01"}
                files[pid] = dump_plain(future)  # after today: a problem in the file
            elif roll < 0.93:
                organisation = dump_plain(_organisation(rng))
            else:
                organisation = "organisation: [trasig\n"


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("steg", ["manad", "kvartal"])
def test_stepwise_points_equal_the_careful_ones(tmp_path: Path, seed: int, steg: str) -> None:
    repo = GitBuilder(tmp_path / "repo")
    _random_history(repo, seed)
    dates = step_dates(date(2022, 11, 15), TODAY, steg)  # type: ignore[arg-type]

    def history() -> tuple[RegisterHistory, Any]:
        found = RegisterHistory.open(repo.root / "register", today=TODAY)
        return found, found.repo.first_parent_history("HEAD")

    careful_history, commits = history()
    careful = trend_points(
        careful_history, commits, dates, KnownAt(careful_history, commits, None).register
    )
    fast_history, commits = history()
    assert stepwise_points(fast_history, commits, dates) == careful
    assert any(p.nyckeltal is not None for p in careful)
    # Steps in any order give the same points, each at its place
    shuffled = list(reversed(dates))
    fast_history, commits = history()
    assert stepwise_points(fast_history, commits, shuffled) == careful[::-1]


def _trend(repo: GitBuilder, *extra: str) -> str:
    args = ["trend", "--register", "register", "--steg", "manad", "-f", "json", *extra]
    result = run_cli(*args, cwd=repo.root)
    assert result.code == 0, result.err
    return result.out


def test_trend_is_the_same_with_and_without_its_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitBuilder(tmp_path / "repo")
    _random_history(repo, 3)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "nyckel"))
    monkeypatch.setenv("LGTOOL_IDAG", TODAY.isoformat())
    cache = repo.root / cachedir.CACHE_DIR
    uncached = _trend(repo, "--ingen-cache")
    assert not cache.exists()  # --ingen-cache writes no cache either
    first = _trend(repo)
    (stored,) = cache.glob("historik-trend-*")  # a folder of signed shards
    second = _trend(repo)  # from the cache
    assert first == second == uncached
    # The careful path renders the same
    from lgtool.render.trend import render_json

    monkeypatch.chdir(repo.root)
    history = RegisterHistory.open(Path("register"), today=TODAY)
    commits = history.repo.first_parent_history("HEAD")
    dates = step_dates(min(c.datum for c in commits), TODAY, "manad")
    careful = trend_points(history, commits, dates, KnownAt(history, commits, None).register)
    assert render_json(careful, "manad") == uncached
    # A cache signed with another key (made elsewhere, committed) is not believed
    changed = 0
    for shard in sorted(stored.iterdir()):
        header, _, payload = shard.read_bytes().partition(b"\n")
        forged = payload.replace(b'"senaste_klassa":"20', b'"senaste_klassa":"19')
        changed += forged != payload
        shard.write_bytes(header + b"\n" + forged)
    assert changed
    assert _trend(repo) == uncached


@pytest.mark.parametrize("seed", range(6))
def test_a_patched_register_equals_the_one_read_in_full(tmp_path: Path, seed: int) -> None:
    """lgtool diff reads one side in full and patches the other with the files that differ
    (when they are processings valid on both sides); the status of that side reuses the
    checkpoints of what both share. Each must equal what reading it in full gives."""
    repo = GitBuilder(tmp_path / "repo")
    _random_history(repo, seed)
    history = RegisterHistory.open(repo.root / "register", today=TODAY)
    commits = history.repo.first_parent_history("HEAD")
    patched = 0
    pairs = [(i, i + 1) for i in range(len(commits) - 1)] + [(0, 3), (2, 9), (1, 12), (7, 3)]
    for newer, older in pairs:
        head, base = commits[newer].sha, commits[older].sha
        after = history.at(head)
        assert after is not None
        found = patch_register(history, after, history.repo.changed_files(head, base))
        full = RegisterHistory.open(repo.root / "register", today=TODAY).at(base)
        if found is not None:
            patched += 1
            assert found == full
        if full is None or full.organisation is None or after.organisation is None:
            continue
        before_status = compute_status(full.organisation, full.behandlingar, TODAY)
        after_status = compute_status(
            after.organisation, after.behandlingar, TODAY, reuse=before_status
        )
        assert after_status == compute_status(after.organisation, after.behandlingar, TODAY)
    assert patched > 0


def test_changed_files_lists_what_differs(tmp_path: Path) -> None:
    repo = GitBuilder(tmp_path / "repo")
    root = repo.root / "register"
    write_register(root, behandlingar=[behandling("b1"), behandling("b2")])
    first = repo.commit("2025-01-10")
    (root / "behandlingar/b2.yaml").unlink()
    write_register(root, behandlingar=[behandling("b1", namn="Ny"), behandling("b3")])
    second = repo.commit("2025-02-10")
    history = RegisterHistory.open(root, today=TODAY)
    changed = history.repo.changed_files(first, second)
    blob = {
        rel: history.repo.git("rev-parse", f"{second}:register/{rel}").decode().strip()
        for rel in ("behandlingar/b1.yaml", "behandlingar/b3.yaml")
    }
    assert changed == {
        "behandlingar/b1.yaml": ("100644", blob["behandlingar/b1.yaml"]),
        "behandlingar/b2.yaml": ("000000", None),
        "behandlingar/b3.yaml": ("100644", blob["behandlingar/b3.yaml"]),
    }


def test_diff_is_the_same_with_and_without_its_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitBuilder(tmp_path / "repo")
    _random_history(repo, 2)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "nyckel"))
    monkeypatch.setenv("LGTOOL_IDAG", TODAY.isoformat())
    for base, head in [("HEAD~3", "HEAD"), ("HEAD~12", "HEAD~2"), ("HEAD", "HEAD~5")]:
        args = ["diff", base, head, "--register", "register", "-f", "json"]
        uncached = run_cli(*args, "--ingen-cache", cwd=repo.root)
        first = run_cli(*args, cwd=repo.root)
        second = run_cli(*args, cwd=repo.root)
        assert first == second == uncached
    assert [p.name.split("-")[1] for p in (repo.root / cachedir.CACHE_DIR).glob("historik-*")] == [
        "diff"
    ]
