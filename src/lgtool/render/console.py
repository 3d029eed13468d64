"""The rich console that every terminal table prints through."""

from __future__ import annotations

import errno

from rich import console


class Console(console.Console):
    """rich's console, except that a closed stdout is left to lgtool's one error handler.

    rich itself exits with code 1 (the code of a register with errors) when the
    reader of a pipe has gone, as in ``lgtool status | head -2``.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "stdout är stängd")
