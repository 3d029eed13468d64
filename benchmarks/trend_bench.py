"""Benchmark: ``lgtool trend`` over 100 commits of a 1,000-processing register.

The issue's bar: trend over such a history finishes in well under ten times one
``lgtool status`` on the same register, because parsed files are cached by git
blob id and only the changed files are read again. Run it with

    .venv/bin/python benchmarks/trend_bench.py [--behandlingar 1000] [--commits 100]

It builds the repository in a temporary folder, times both commands as a user
runs them (a fresh process each, best of three) and prints the ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

OBJEKT = 20
START = date(2018, 1, 15)

ORGANISATION_HEAD = """\
organisation: Benchmarkkontoret
policy:
  zon_for_konfidentialitet: {0: Z1, 1: Z1, 2: Z2, 3: Z3, 4: Z4}
forvaltningsobjekt:
"""

BEHANDLING = """\
id: {id}
namn: Behandling {n}
forvaltningsobjekt: objekt-{objekt}
system: System {n}
kategori: {kategori}
personuppgifter: {personuppgifter}
klassning:
  konfidentialitet: {k}
  riktighet: 2
  tillganglighet: 3
natverkszon: Z{zon}
senaste_klassa: {klassa}
senaste_rsa: {rsa}
senaste_behorighetskontroll: null
registerford: true
konsekvensbedomning: ej_tillampligt
klassningsprotokoll: true
systembeskrivning: true
handlingsplan:
  per_datum: {klassa}
  gula: {gula}
  roda: {roda}
"""


def _month(start: date, months: int) -> date:
    index = start.month - 1 + months
    return date(start.year + index // 12, index % 12 + 1, 15)


def _behandling(n: int, rng: random.Random, when: date) -> str:
    k = rng.randint(0, 4)
    klassa = _month(when, -rng.randint(1, 30))
    return BEHANDLING.format(
        id=f"b-{n:04d}",
        n=n,
        objekt=n % OBJEKT,
        kategori=("unik", "gemensam", "ovrig")[n % 3],
        personuppgifter="true" if n % 2 else "false",
        k=k,
        zon=max(1, k),
        klassa=min(klassa, when).isoformat(),
        rsa="null" if n % 7 == 0 else min(klassa, when).isoformat(),
        gula=rng.randint(0, 6),
        roda=rng.randint(0, 3),
    )


def _git(repo: Path, *args: str, when: date | None = None) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when.isoformat()}T12:00:00+01:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def build(repo: Path, behandlingar: int, commits: int, start: date = START) -> date:
    """The repository: the whole register in the first commit (dated ``start``), then a few
    files per commit, one commit a month; the last commit's date.

    Choose ``start`` so that the last commit is not after today: 120 monthly steps at
    10,000 processings, for instance, start on 2016-01-15 (issue 18).
    """
    rng = random.Random(20240514)
    register = repo / "register"
    (register / "behandlingar").mkdir(parents=True)
    objekt = "".join(
        f"  - id: objekt-{i}\n    namn: Objekt {i}\n    roller:\n"
        f"      objektagare: Ägare {i}\n      objektledare_verksamhet: Verksamhet {i}\n"
        f"      objektledare_it: {'null' if i % 5 == 0 else f'IT {i}'}\n"
        for i in range(OBJEKT)
    )
    (register / "organisation.yaml").write_text(ORGANISATION_HEAD + objekt, encoding="utf-8")
    for n in range(behandlingar):
        (register / "behandlingar" / f"b-{n:04d}.yaml").write_text(
            _behandling(n, rng, start), encoding="utf-8"
        )
    _git(repo, "init", "--quiet", "--initial-branch=main")
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", "registret", when=start)
    when = start
    for i in range(1, commits):
        when = _month(start, i)
        for n in rng.sample(range(behandlingar), 3):
            path = register / "behandlingar" / f"b-{n:04d}.yaml"
            text = path.read_text(encoding="utf-8").splitlines(keepends=True)
            text = [
                f"senaste_klassa: {when.isoformat()}\n"
                if line.startswith("senaste_klassa:")
                else line
                for line in text
            ]
            path.write_text("".join(text), encoding="utf-8")
        _git(repo, "commit", "--quiet", "--all", "-m", f"ändring {i}", when=when)
    return when


def timed(args: list[str], cwd: Path, runs: int = 3) -> float:
    """The best wall time of ``lgtool ARGS`` over ``runs`` fresh processes.

    Stored results (``.lgtool-cache/svar-*``) are removed before each run, so
    that ``status`` computes the status (from the parse cache) instead of
    replaying it: trend is measured against the work, not against a replay.
    """
    best = float("inf")
    for _ in range(runs):
        for stored in cwd.glob(".lgtool-cache/svar-*"):
            stored.unlink()
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "lgtool", *args],
            cwd=cwd,
            check=True,  # a failing run would time an error message
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Build the repository, time status and trend, print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--behandlingar", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lgtool-trend-bench-") as tmp:
        repo = Path(tmp)
        last = build(repo, options.behandlingar, options.commits)
        per = last.isoformat()
        status = timed(["status", "--per", per, "--format", "json"], repo, options.runs)
        trend = timed(
            ["trend", "--steg", "manad", "--fran", START.isoformat(), "--till", per, "-f", "json"],
            repo,
            options.runs,
        )
    print(
        f"register: {options.behandlingar} behandlingar, {options.commits} commits "
        f"({options.commits} månadssteg)"
    )
    print(f"lgtool status: {status:.2f} s")
    print(f"lgtool trend:  {trend:.2f} s")
    print(f"kvot trend/status: {trend / status:.2f} (mål: väl under 10)")


if __name__ == "__main__":
    main()
