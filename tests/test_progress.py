"""The progress bar: nothing at all unless stderr is a terminal and the work is long."""

from __future__ import annotations

import io

import pytest

from lgtool.render import progress as progress_module
from lgtool.render.progress import progress_bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(stream: io.StringIO, total: int) -> None:
    with progress_bar("Läser registret", stream=stream) as start:
        tick = start(total)
        for _ in range(total):
            tick()


def test_nothing_is_written_when_stderr_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0.0)
    stream = io.StringIO()
    _run(stream, 50)
    assert stream.getvalue() == ""


def test_nothing_is_written_for_short_work_on_a_terminal() -> None:
    stream = _Terminal()
    _run(stream, 50)
    assert stream.getvalue() == ""


def test_a_bar_is_shown_for_long_work_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0.0)
    stream = _Terminal()
    _run(stream, 50)
    shown = stream.getvalue()
    assert "Läser registret" in shown
    assert "50/50" in shown
    # transient: the bar is erased at the end, so the command's own output follows cleanly
    assert shown.endswith("\x1b[?25h\r\x1b[1A\x1b[2K")
