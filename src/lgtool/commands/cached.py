"""``validate``, ``status`` and ``prioritering`` through the result cache.

Each function reads the register folder (:mod:`lgtool.folder`) and, with the cache
on, writes again the stored output of the same command, options, day and files
(:mod:`lgtool.result_cache`). Otherwise the command runs as usual on the files
already read, while what it writes is recorded and stored for the next run.
Nothing heavy is imported until a command really runs.

Not cached: the ``table`` format (rich fits it to the terminal's width and
colours, which the key does not hold), a command that fails with an error (it
runs again, and says so again), and anything with ``--ingen-cache``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from lgtool import clock
from lgtool.folder import FolderFiles, read_folder, register_root
from lgtool.result_cache import STDERR, STDOUT, Result, ResultCache, result_key

if TYPE_CHECKING:
    from lgtool.checkpoints import FailOn
    from lgtool.commands.status import StatusFormat
    from lgtool.commands.validate import ProblemFormat

Run = Callable[[Path, FolderFiles, date, TextIO, TextIO], int]
"""Runs the command on the files read: (root, files, today, stdout, stderr) → exit code."""


def validate(register: Path | None, fmt: ProblemFormat, *, cache: bool) -> int:
    """``lgtool validate`` (:func:`lgtool.commands.validate.validate`), replayed when unchanged."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.validate import validate as run_validate

        return run_validate(root, fmt, out, today=today, cache=cache, files=files)

    return replay_or_run("validate", {"format": fmt}, register, cache=cache, run=run)


def status(
    *,
    register: Path | None,
    per: date | None,
    objekt: Sequence[str],
    kategori: Sequence[str],
    bara_avvikelser: bool,
    fmt: StatusFormat,
    fail_on: FailOn | None,
    cache: bool,
) -> int:
    """``lgtool status`` (:func:`lgtool.commands.status.status`), replayed when unchanged."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.status import status as run_status

        return run_status(
            register=root,
            per=per,
            objekt=objekt,
            kategori=kategori,
            bara_avvikelser=bara_avvikelser,
            fmt=fmt,
            fail_on=fail_on,
            out=out,
            err=err,
            cache=cache,
            files=files,
        )

    options = {
        "per": per.isoformat() if per else None,
        "objekt": list(objekt),
        "kategori": list(kategori),
        "avvikelser": bara_avvikelser,
        "format": fmt,
        "fail_on": fail_on,
    }
    return replay_or_run(
        "status", options, register, cache=cache, run=run, replayable=fmt != "table"
    )


def prioritering(
    *,
    register: Path | None,
    per: date | None,
    objekt: Sequence[str],
    kategori: Sequence[str],
    fmt: StatusFormat,
    cache: bool,
) -> int:
    """``lgtool prioritering`` (:func:`lgtool.commands.status.prioritering`), replayed."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.status import prioritering as run_prioritering

        return run_prioritering(
            register=root,
            per=per,
            objekt=objekt,
            kategori=kategori,
            fmt=fmt,
            out=out,
            err=err,
            cache=cache,
            files=files,
        )

    options = {
        "per": per.isoformat() if per else None,
        "objekt": list(objekt),
        "kategori": list(kategori),
        "format": fmt,
    }
    return replay_or_run(
        "prioritering", options, register, cache=cache, run=run, replayable=fmt != "table"
    )


def replay_or_run(
    command: str,
    options: Mapping[str, Any],
    register: Path | None,
    *,
    cache: bool,
    run: Run,
    replayable: bool = True,
) -> int:
    """The stored result of ``command`` when nothing has changed, else ``run`` (and store it)."""
    root = register_root(register)
    files = read_folder(root)
    today = clock.today()
    if not (cache and replayable):
        return run(root, files, today, sys.stdout, sys.stderr)
    key = result_key(command=command, options=options, today=today, root=root, files=files)
    stored = ResultCache.for_register(root, key)
    found = stored.load()
    if found is not None:
        return found.write()
    recording = _Recording()
    code = run(
        root,
        files,
        today,
        recording.tee(STDOUT, sys.stdout),
        recording.tee(STDERR, sys.stderr),
    )
    stored.save(recording.result(int(code)))
    return code


class _Recording:
    """What a command writes to stdout and stderr, in order."""

    def __init__(self) -> None:
        self._parts: list[tuple[int, list[str]]] = []

    def tee(self, stream: int, target: TextIO) -> TextIO:
        """A stream that writes to ``target`` and records what was written."""
        return cast(TextIO, _Tee(self, stream, target))

    def add(self, stream: int, text: str) -> None:
        """Record ``text`` written to ``stream``."""
        if self._parts and self._parts[-1][0] == stream:
            self._parts[-1][1].append(text)
        else:
            self._parts.append((stream, [text]))

    def result(self, code: int) -> Result:
        """The recording as a result with exit code ``code``."""
        return Result(code, tuple((stream, "".join(texts)) for stream, texts in self._parts))


class _Tee(io.TextIOBase):
    def __init__(self, recording: _Recording, stream: int, target: TextIO) -> None:
        super().__init__()
        self._recording = recording
        self._stream = stream
        self._target = target

    def write(self, text: str) -> int:
        self._target.write(text)
        self._recording.add(self._stream, text)
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._target.encoding
