"""A progress bar on stderr for long runs, only when stderr is a terminal.

CI logs and pipes stay clean: when stderr is not a terminal nothing is shown and
rich is not even imported. On a terminal the bar appears only once the work has
taken more than a second, so ordinary runs on small registers never flicker.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

SHOW_AFTER_SECONDS = 1.0


@contextmanager
def progress_bar(
    description: str, *, stream: TextIO | None = None, force: bool = False
) -> Iterator[Callable[[int], Callable[[], None]]]:
    """A factory for :data:`lgtool.register.Progress`: ``start(total)`` → ``tick()``.

    ``force`` shows the bar even when ``stream`` is not a terminal (for tests).
    """
    stream = stream if stream is not None else sys.stderr
    if not (force or stream.isatty()):
        yield _silent
        return
    state: dict[str, Any] = {"bar": None}
    try:

        def start(total: int) -> Callable[[], None]:
            began = time.monotonic()
            done = 0

            def tick() -> None:
                nonlocal done
                done += 1
                bar = state["bar"]
                if bar is None:
                    if time.monotonic() - began < SHOW_AFTER_SECONDS or done >= total:
                        return
                    bar = state["bar"] = _Bar(description, total, stream)
                bar.update(done)

            return tick

        yield start
    finally:
        if state["bar"] is not None:
            state["bar"].close()


def _silent(total: int) -> Callable[[], None]:
    return _nothing


def _nothing() -> None:
    pass


class _Bar:
    """rich's progress bar, refreshed at most ten times a second."""

    def __init__(self, description: str, total: int, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(file=stream, force_terminal=True),
            transient=True,
            refresh_per_second=10,
        )
        self._task = self._progress.add_task(description, total=total)
        self._progress.start()

    def update(self, done: int) -> None:
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        self._progress.stop()
