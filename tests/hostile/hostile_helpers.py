"""Helpers of the hostile corpus: a sandbox around the register, and lgtool run in process.

Every case builds ``work/register`` inside a sandbox that also holds files an
attacker would like to reach (``work/.github/workflows/ci.yaml``, ``utanfor/``,
a home folder). A run is checked for its exit code and its whole output, and the
sandbox is compared before and after: nothing outside the register (and the
file named by ``-o``) may change.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ORGANISATION, behandling, write_register
from lgtool import cli

SENTINELS = {
    "work/.github/workflows/ci.yaml": "name: ci\non: push\n",
    "utanfor/hemligt.yaml": "losenord: hunter2\n",
    "utanfor/behandlingar/ute.yaml": "id: ute\n",
    "hem/.bashrc": "export PATH=/usr/bin\n",
}
"""Files outside the register that no command may change."""


@dataclass(frozen=True)
class Result:
    """An in-process run of ``lgtool``: exit code, stdout and stderr."""

    code: int
    out: str
    err: str


def make_sandbox(base: Path, **register: object) -> Path:
    """The sandbox folder with its sentinels and ``work/register``; returns the sandbox."""
    for rel, text in SENTINELS.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    kwargs = {"behandlingar": [behandling("b1")], **register}
    write_register(base / "work" / "register", **kwargs)  # type: ignore[arg-type]
    return base


def snapshot(base: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every path under ``base`` (links not followed) → its kind and content hash.

    Paths under any prefix in ``skip`` are left out (the register, the -o file).
    """
    found: dict[str, str] = {}
    for folder, dirs, names in os.walk(base, followlinks=False):
        for name in dirs + names:
            path = Path(folder) / name
            rel = path.relative_to(base).as_posix()
            if any(rel == s or rel.startswith(s + "/") for s in skip):
                continue
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[rel] = "link:" + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                found[rel] = "file:" + hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISDIR(info.st_mode):
                found[rel] = "dir"
            else:
                found[rel] = f"other:{stat.S_IFMT(info.st_mode)}"
    return found


@contextmanager
def unchanged_outside(base: Path, *also_allowed: str) -> Iterator[None]:
    """Assert that nothing under ``base`` but the register (and ``also_allowed``) changed."""
    skip = ("work/register", *also_allowed)
    before = snapshot(base, skip=skip)
    yield
    assert snapshot(base, skip=skip) == before


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cwd: Path,
    *args: str,
) -> Result:
    """``lgtool ARGS`` in process, from the folder ``cwd``, on 2026-11-29."""
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("LGTOOL_IDAG", "2026-11-29")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("LGTOOL_REGISTER", raising=False)
    capsys.readouterr()
    code = cli.run(args)
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


__all__ = ["ORGANISATION", "SENTINELS", "Result", "behandling", "make_sandbox", "run"]
