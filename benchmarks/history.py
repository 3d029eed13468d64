"""A git history of a city-sized register for ``lgtool trend`` and ``lgtool diff``, built fast.

The whole register is the first commit; each following commit, one a month, records
a new KLASSA date in a few processings; the last commit changes ``last_files`` files,
so that ``diff HEAD~1 HEAD`` compares two commits that many files apart. The commits
are written with one ``git fast-import`` (no working tree, no index, no process per
commit), then the working tree is checked out once.

    python benchmarks/history.py OUT_DIR --antal 10000 --steg 120
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from generate import register_files

START = date(2016, 7, 15)
"""The first commit's day: ``steps`` monthly commits from here end before today."""

CHANGED_PER_STEP = 3
_KLASSA = re.compile(r"^senaste_klassa: .*$", re.MULTILINE)


def month(start: date, months: int) -> date:
    """The same day ``months`` calendar months after ``start`` (the 15th is in every month)."""
    index = start.month - 1 + months
    return date(start.year + index // 12, index % 12 + 1, start.day)


def git_env() -> dict[str, str]:
    """An environment in which git reads no user or system configuration."""
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }


def _blob(path: str, text: str) -> bytes:
    data = text.encode("utf-8")
    return b"M 100644 inline " + path.encode() + b"\ndata " + str(len(data)).encode() + b"\n" + data


def _commit(when: date, message: str, changes: list[bytes]) -> bytes:
    stamp = int(datetime(when.year, when.month, when.day, 11, tzinfo=UTC).timestamp())
    msg = message.encode("utf-8")
    head = (
        b"commit refs/heads/main\n"
        + f"committer Bench <bench@example.org> {stamp} +0100\n".encode()
        + b"data "
        + str(len(msg)).encode()
        + b"\n"
        + msg
        + b"\n"
    )
    return head + b"\n".join(changes) + b"\n\n"


def build(repo: Path, antal: int, steps: int, *, seed: int = 11, last_files: int = 10) -> date:
    """Write the repository at ``repo`` (a new folder) with ``steps`` monthly commits of a
    register of ``antal`` processings at ``repo/register``; the last commit's day."""
    files = register_files(antal, seed=seed, idag=START)
    rng = random.Random(seed)
    names = [n for n in files if n.startswith("behandlingar/")]
    repo.mkdir(parents=True)
    subprocess.run(
        ["git", "init", "--quiet", "--initial-branch=main", str(repo)],
        env=git_env(),
        check=True,
    )
    stream = [_commit(START, "registret", [_blob(f"register/{n}", t) for n, t in files.items()])]
    when = START
    for i in range(1, steps):
        when = month(START, i)
        changed = rng.sample(names, last_files if i == steps - 1 else CHANGED_PER_STEP)
        blobs = []
        for name in changed:
            files[name] = _KLASSA.sub(f"senaste_klassa: {when.isoformat()}", files[name], 1)
            blobs.append(_blob(f"register/{name}", files[name]))
        stream.append(_commit(when, f"KLASSA {when.isoformat()}", blobs))
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=repo,
        input=b"".join(stream) + b"done\n",
        env=git_env(),
        check=True,
    )
    subprocess.run(
        ["git", "checkout", "--quiet", "-f", "main"], cwd=repo, env=git_env(), check=True
    )
    return when


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ut", type=Path)
    parser.add_argument("--antal", type=int, default=10_000)
    parser.add_argument("--steg", type=int, default=120)
    args = parser.parse_args()
    last = build(args.ut, args.antal, args.steg)
    print(f"{args.ut}: {args.steg} commits, {START.isoformat()}–{last.isoformat()}")


if __name__ == "__main__":
    main()
