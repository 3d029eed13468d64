"""What a terminal table is fitted to, decided once from the environment.

rich would look at the environment itself each time it prints. lgtool asks once,
when the command line fills in the options (:func:`terminal_of`), and the tables
are then printed with exactly these settings (:func:`lgtool.render.console.console_for`).
So the result cache's key, derived from the options object, holds everything that
changes the text of a table: its width, whether and how it is coloured, the
stream's encoding and the height that decides between the summary and every
processing (:data:`PIPED_ROWS`).

The rules are rich's own (non-Windows): ``COLUMNS`` and ``LINES`` win over the
terminal's size; ``TTY_COMPATIBLE`` and ``FORCE_COLOR`` over whether stdout is a
terminal; ``NO_COLOR`` turns colour off; ``COLORTERM`` and ``TERM`` choose the
colours. This module imports nothing heavy (no rich): the result cache's warm
path calls it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from lgtool.options import ColorSystem, Terminal

PIPED_ROWS = 50
"""A screenful when stdout is not a terminal (a pipe, a file, CI): 50 rows."""

_STD_STREAMS = (0, 1, 2)


def terminal_of(stream: TextIO, environ: Mapping[str, str] | None = None) -> Terminal:
    """The terminal that ``stream`` (stdout) writes to, as a table is fitted to it.

    ``rows``, a screenful: the terminal's height (``LINES`` when set) when
    ``stream`` is a terminal, otherwise :data:`PIPED_ROWS`.
    """
    env = os.environ if environ is None else environ
    tty = _isatty(stream)
    styled = _is_terminal(env, tty)
    dumb = env.get("TERM", "").lower() in ("dumb", "unknown")
    columns, lines = _size()
    width = _number(env.get("COLUMNS")) or (80 if styled and dumb else columns) or 80
    rows = PIPED_ROWS
    if tty:
        rows = _number(env.get("LINES")) or _stream_lines(stream) or lines or 25
    return Terminal(
        width=width,
        rows=rows,
        color_system=_color_system(env) if styled and not dumb else None,
        no_color=env.get("NO_COLOR", "") != "",
        encoding=(getattr(stream, "encoding", None) or "utf-8").lower(),
    )


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed file
        return False


def _is_terminal(env: Mapping[str, str], tty: bool) -> bool:
    """Whether escape codes may be written (rich's ``Console.is_terminal``)."""
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = env.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    return tty


def _color_system(env: Mapping[str, str]) -> ColorSystem:
    if env.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    colors = env.get("TERM", "").strip().lower().rpartition("-")[2]
    return "256" if colors in ("kitty", "256color") else "standard"


def _size() -> tuple[int, int]:
    """The first standard stream's terminal size, as rich finds it; (0, 0) when none is."""
    for fd in _STD_STREAMS:
        try:
            size = os.get_terminal_size(fd)
        except (AttributeError, ValueError, OSError):  # not a terminal
            continue
        return size.columns, size.lines
    return 0, 0


def _stream_lines(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).lines
    except (AttributeError, ValueError, OSError):
        return 0


def _number(value: str | None) -> int:
    return int(value) if value is not None and value.isdigit() else 0
