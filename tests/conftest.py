"""Shared test helpers: build registers from dicts in tmp_path, run the CLI."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lgtool.yamlio import dump_plain

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """The cache key lives in a temporary folder, not in the user's ~/.cache."""
    import os
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="lgtool-test-cache-")


EXAMPLE_REGISTER = REPO / "register"
TODAY = date(2026, 11, 29)

ORGANISATION: dict[str, Any] = {
    "organisation": "Testkontoret",
    "forvaltningsobjekt": [
        {
            "id": "obj",
            "namn": "Objektet",
            "roller": {
                "objektagare": "Olle Ägare",
                "objektledare_verksamhet": "Vera Verksamhet",
                "objektledare_it": "Ivar It",
            },
        }
    ],
}


def behandling(id: str = "b1", **fields: Any) -> dict[str, Any]:
    """A valid processing with every required field; ``fields`` override."""
    data: dict[str, Any] = {
        "id": id,
        "namn": f"Behandling {id}",
        "forvaltningsobjekt": "obj",
        "kategori": "unik",
        "personuppgifter": True,
        "senaste_klassa": "2026-01-10",
        "senaste_rsa": "2026-01-10",
        "senaste_behorighetskontroll": "2026-01-10",
        "registerford": True,
        "konsekvensbedomning": "ej_tillampligt",
        "klassningsprotokoll": True,
        "systembeskrivning": True,
        "handlingsplan": {"gula": 0, "roda": 0},
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not _DROP}


def reviewed(day: str, **fields: Any) -> dict[str, Any]:
    """KLASSA, RSA and access review all done on ``day`` (``fields`` override): for
    registers committed in the past, whose dates must not lie after their commits."""
    dates = ("senaste_klassa", "senaste_rsa", "senaste_behorighetskontroll")
    return {**dict.fromkeys(dates, day), **fields}


_DROP = object()
DROP: Any = _DROP
"""Pass as a field value to :func:`behandling` to leave the field out."""


def write_register(
    root: Path,
    *,
    organisation: Mapping[str, Any] | str | None = None,
    behandlingar: Sequence[Mapping[str, Any]] | None = None,
    ar: Mapping[int, Mapping[str, Any]] | None = None,
    files: Mapping[str, str | bytes] | None = None,
) -> Path:
    """Write a register under ``root``: models as YAML, ``files`` as raw text or bytes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "behandlingar").mkdir(exist_ok=True)
    (root / "ar").mkdir(exist_ok=True)
    org = ORGANISATION if organisation is None else organisation
    text = org if isinstance(org, str) else dump_plain(dict(org))
    (root / "organisation.yaml").write_text(text, encoding="utf-8")
    for b in behandlingar or []:
        (root / "behandlingar" / f"{b['id']}.yaml").write_text(dump_plain(dict(b)), "utf-8")
    for year, year_data in (ar or {}).items():
        (root / "ar" / f"{year}.yaml").write_text(dump_plain(dict(year_data)), "utf-8")
    for rel, raw in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(raw, bytes):
            path.write_bytes(raw)
        else:
            path.write_text(raw, encoding="utf-8")
    return root


@pytest.fixture
def make_register(tmp_path: Path) -> Callable[..., Path]:
    """``make_register(behandlingar=[...], ...)`` → the register folder in tmp_path."""

    def make(**kwargs: Any) -> Path:
        return write_register(tmp_path / "register", **kwargs)

    return make


@dataclass
class Run:
    """The result of running ``lgtool``: exit code, stdout and stderr."""

    code: int
    out: str
    err: str


def _environment(env: Mapping[str, str] | None) -> dict[str, str]:
    """The environment of a run: the tests' own, a fixed width and no colour."""
    import os

    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    if "LGTOOL_REGISTER" not in (env or {}):
        full_env.pop("LGTOOL_REGISTER", None)
    return full_env


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Run:
    """Run ``lgtool ARGS`` in this process, as :func:`lgtool.cli.main` runs it.

    The same error handler (:func:`lgtool.cli.run`), a fresh stdin, stdout and
    stderr (bytes underneath, as a pipe), the environment and working folder of a
    new process, and the module state a new process starts with. What needs a
    real process (the entry point, signals, pipes) is tested with :func:`run_process`.
    """
    import io
    import os

    from lgtool import cachedir, cli

    saved = (sys.stdin, sys.stdout, sys.stderr, dict(os.environ), os.getcwd())
    environment = _environment(env)  # from the tests' own, before it is cleared
    out, err = io.BytesIO(), io.BytesIO()
    try:
        os.environ.clear()
        os.environ.update(environment)
        if cwd is not None:
            os.chdir(cwd)
        cachedir._key = None  # read again from $XDG_CACHE_HOME, as a new process does
        sys.stdin = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(
            err, encoding="utf-8", errors="backslashreplace", write_through=True
        )
        code = cli.run([str(a) for a in args])
        sys.stdout.flush()
        sys.stderr.flush()
        return Run(code, _text(out.getvalue()), _text(err.getvalue()))
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        os.environ.clear()
        os.environ.update(saved[3])
        os.chdir(saved[4])


def _text(data: bytes) -> str:
    """Bytes as ``subprocess.run(text=True)`` gives them: decoded, universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def run_process(
    *args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Run:
    """Run ``python -m lgtool ARGS`` in a subprocess, as a user would."""
    proc = subprocess.run(
        [sys.executable, "-m", "lgtool", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_environment(env),
        check=False,
        timeout=120,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    import os

    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path} (UPDATE_GOLDEN=1 to accept)"


def overlapping_words(pdf: Path) -> list[tuple[int, str, str]]:
    """Words of ``pdf`` whose boxes overlap on the page: (page, word, word).

    Read with ``pdftotext -bbox`` (poppler); the test is skipped without it. Two
    words on one line less than a point apart were set against or on top of each
    other (a table column narrower than its longest word): a space is over two
    points wide at the tables' 8.5 pt.
    """
    import html
    import re
    import shutil

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler) behövs för att läsa ordens läge i PDF-filen")
    boxes = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>'
    )
    pages: list[list[tuple[float, float, float, float, str]]] = []
    for line in boxes.splitlines():
        if "<page " in line:
            pages.append([])
        found = word.search(line)
        if found and pages:
            x0, y0, x1, y1 = (float(v) for v in found.groups()[:4])
            pages[-1].append((y0, y1, x0, x1, html.unescape(found.group(5))))
    tolerance = 0.5  # of height: words on one line
    gap = 1.0
    overlaps = []
    for number, words in enumerate(pages, start=1):
        words.sort()
        for i, (_, bottom, left, right, text) in enumerate(words):
            for other_top, _, other_left, other_right, other in words[i + 1 :]:
                if other_top >= bottom - tolerance:
                    break
                if min(right, other_right) - max(left, other_left) > -gap:
                    overlaps.append((number, text, other))
    return overlaps
