"""One writer at a time: an advisory lock on the register for read-modify-write.

``lgtool satt``, ``registrera``, ``ny`` and ``import`` read files, decide and
write. Two of them at once on the same file would each write their own version,
and one edit would be lost while both said they succeeded. Each of them holds
this lock from the read to the rename, so the second waits for the first and
reads its result.

The lock is ``flock`` on the register folder itself: no lock file is left in the
register, and the kernel releases the lock when the process ends, however it
ends. Readers (``validate``, ``status`` …) take no lock: writes are atomic renames,
so a reader sees a file before or after an edit, never half of one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lgtool.errors import LgtoolError

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another lgtool that is writing the same register."""

_POLL = 0.02


class RegisterLockedError(LgtoolError):
    """Another lgtool held the register's lock for longer than :data:`LOCK_TIMEOUT`."""


@contextmanager
def register_lock(root: Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the register's write lock for the ``with`` block (waits at most ``timeout`` s)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; writes are still atomic, edits may race
        yield
        return
    wait = LOCK_TIMEOUT if timeout is None else timeout
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RegisterLockedError(
                        f"registret {root.as_posix()} ändras av en annan lgtool-körning "
                        f"(väntade {wait:g} sekunder); inget har skrivits, försök igen om en stund"
                    ) from None
                time.sleep(_POLL)
        yield
    finally:
        os.close(fd)  # closing the folder releases the lock
