"""The rich console that every terminal table prints through."""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import TextIO

from rich import console

from lgtool.options import Terminal


class Console(console.Console):
    """rich's console, except that a closed stdout is left to lgtool's one error handler.

    rich itself exits with code 1 (the code of a register with errors) when the
    reader of a pipe has gone, as in ``lgtool status | head -2``.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "stdout är stängd")


def console_for(out: TextIO, terminal: Terminal | None = None) -> Console:
    """A console that prints to ``out`` exactly as ``terminal`` says, whatever the
    environment; with None, as rich finds the environment (:mod:`lgtool.render.terminal`).
    """
    if terminal is None:
        from lgtool.render.terminal import terminal_of

        terminal = terminal_of(out)
    return Console(
        file=out,
        width=terminal.width,
        height=terminal.rows,
        color_system=terminal.color_system,
        force_terminal=terminal.color_system is not None,
        no_color=terminal.no_color,
        force_jupyter=False,
        legacy_windows=False,
        highlight=False,
    )


def painter(terminal: Terminal) -> Callable[[str, str], str]:
    """A function that gives text in a rich style (``"bold"``, ``"red"``) as ``terminal``
    shows it: with its escape codes, without colour under ``NO_COLOR``, or plain.

    For text laid out by lgtool itself (:func:`lgtool.render.table._count_grid`),
    written without rich measuring it again.
    """
    if terminal.color_system is None:
        return lambda text, style: text
    from rich.color import ColorSystem
    from rich.style import Style

    system = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
    }[terminal.color_system]
    styles: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        if not style or not text:
            return text
        if style not in styles:
            parsed = Style.parse(style)
            styles[style] = parsed.without_color if terminal.no_color else parsed
        return styles[style].render(text, color_system=system)

    return paint
