"""``validate``, ``status``, ``prioritering`` and ``kalender`` through the result cache.

Each function takes the command's options object (:mod:`lgtool.options`), reads
the register folder (:mod:`lgtool.folder`) and, with the cache on, writes again
the stored output of the same options, day, code and files
(:mod:`lgtool.result_cache`, whose key is derived from the options object).
Otherwise the command runs as usual on the files already read, while what it
writes is recorded and stored for the next run. Nothing heavy is imported until
a command really runs.

The ``table`` format is cached too: the command line records the terminal it
is fitted to (width, colours, encoding, a screenful's height) in the options
(:func:`lgtool.render.terminal.terminal_of`), so the key holds it. A table whose
options hold no terminal (a caller that lets rich look for itself) is not cached.

Not cached: a command that fails with an error (it runs again, and says so
again), anything with ``--ingen-cache``, and a reference date in the past
(answered from git history, which the key does not hold: :mod:`lgtool.asof`).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO, cast

from lgtool import clock
from lgtool.folder import FolderFiles, read_folder, register_root
from lgtool.options import (
    CachedOptions,
    KalenderOptions,
    PrioriteringOptions,
    StatusOptions,
    ValidateOptions,
)
from lgtool.result_cache import STDERR, STDOUT, Recording, ResultCache, result_key

Run = Callable[[Path, FolderFiles, date, TextIO, TextIO], int]
"""Runs the command on the files read: (root, files, today, stdout, stderr) → exit code."""


def validate(options: ValidateOptions) -> int:
    """``lgtool validate`` (:func:`lgtool.commands.validate.validate`), replayed when unchanged."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.validate import validate as run_validate

        return run_validate(options, out, root=root, today=today, files=files)

    return replay_or_run(options, run)


def status(options: StatusOptions) -> int:
    """``lgtool status`` (:func:`lgtool.commands.status.status`), replayed when unchanged."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.status import status as run_status

        return run_status(options, out, err=err, root=root, today=today, files=files)

    return replay_or_run(options, run)


def prioritering(options: PrioriteringOptions) -> int:
    """``lgtool prioritering`` (:func:`lgtool.commands.status.prioritering`), replayed."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.status import prioritering as run_prioritering

        return run_prioritering(options, out, err=err, root=root, today=today, files=files)

    return replay_or_run(options, run)


def kalender(options: KalenderOptions) -> int:
    """``lgtool kalender`` (:func:`lgtool.commands.kalender.kalender`) to stdout, replayed
    when unchanged. Not for ``-o`` or ``--per-ansvarig``: they write files, which a
    replay would not."""
    assert options.output is None and not options.per_ansvarig

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.kalender import kalender as run_kalender

        return run_kalender(options, out, err=err, today=today, root=root, files=files)

    return replay_or_run(options, run)


def replayable(options: CachedOptions, today: date) -> bool:
    """Whether the output of ``options`` may be stored: not with the cache off, nor a
    table without its terminal, nor a reference date in the past (its answer comes
    from git history, which the key does not hold: :mod:`lgtool.asof`)."""
    per = getattr(options, "per", None)
    fitted = options.format != "table" or getattr(options, "terminal", None) is not None
    return options.cache and fitted and (per is None or per >= today)


def replay_or_run(options: CachedOptions, run: Run) -> int:
    """The stored result of ``options`` when nothing has changed, else ``run`` (and store it)."""
    root = register_root(options.register)
    files, today = read_folder(root), clock.today()
    if not replayable(options, today):
        return run(root, files, today, sys.stdout, sys.stderr)
    stored = ResultCache.for_register(
        root, result_key(options, today=today, root=root, files=files)
    )
    replayed = stored.replay()
    if replayed is not None:
        return replayed
    recording = stored.recording()
    if recording is None:  # nowhere to store it
        return run(root, files, today, sys.stdout, sys.stderr)
    try:
        code = run(
            root,
            files,
            today,
            cast(TextIO, _Tee(recording, STDOUT, sys.stdout)),
            cast(TextIO, _Tee(recording, STDERR, sys.stderr)),
        )
    except BaseException:
        # A run cut short (an error, a closed pipe, Ctrl-C) never leaves a half answer.
        recording.abandon()
        raise
    recording.finish(int(code))
    return code


class _Tee(io.TextIOBase):
    """A stream that writes to ``target`` and records what was written, encoded as the
    result cache stores it (UTF-8, surrogates escaped); the text itself is not kept."""

    def __init__(self, recording: Recording, stream: int, target: TextIO) -> None:
        super().__init__()
        self._recording = recording
        self._stream = stream
        self._target = target

    def write(self, text: str) -> int:
        self._target.write(text)
        self._recording.add(self._stream, text.encode("utf-8", "surrogateescape"))
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
