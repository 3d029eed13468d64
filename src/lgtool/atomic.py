"""Writing files: atomically, inside the register only, and onto ``-o`` as the user meant.

Three ways to write, one per kind of target:

- :func:`write_atomic`: a file lgtool owns (a cache file, the user's key). A reader
  sees the old file or the new one, never half of either, and a crash leaves no
  temporary file behind.
- :func:`write_in_register`: a file inside the register. The path must stay
  inside the register folder, and no symbolic link on the way is followed, so a
  link committed to the register (``behandlingar -> /etc``) cannot lead a write
  out of it.
- :func:`write_output`: the file named by ``-o``. A link is followed to what it
  names, a device or a FIFO is written through (``-o /dev/null``, ``-o /dev/stdout``),
  and nothing but a regular file is ever replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path, PurePosixPath

from lgtool.errors import LgtoolError, UsageError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class UnsafePathError(LgtoolError):
    """A write that would leave the register or go through a symbolic link; nothing written."""


def write_atomic(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder, fsync and rename.

    If anything fails before the rename (disk full, Ctrl-C, a crash), the old file
    is untouched and no temp file is left (on Linux the temp file has no name
    until just before the rename). A symbolic link at ``path`` is replaced, never
    written through.

    ``durable=False`` leaves out the fsyncs, for a file whose loss or truncation in
    a power cut is harmless and detected (a cache, which its MAC rejects): on a busy
    disk each fsync waits for everyone's writes.
    """
    directory = path.parent if str(path.parent) else Path(".")
    if not _BY_FOLDER:
        _write_atomic_by_path(path, data, mode=mode, durable=durable)
        return
    dir_fd = os.open(directory, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        _replace_at(
            dir_fd, path.name, data, shown=path.as_posix(), mode=mode, strict=False, durable=durable
        )
    finally:
        os.close(dir_fd)


def _write_atomic_by_path(path: Path, data: bytes, *, mode: int | None, durable: bool) -> None:
    """:func:`write_atomic` where folders cannot be opened (Windows): a named temp file."""
    directory = path.parent if str(path.parent) else Path(".")
    if mode is None:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


_BY_FOLDER = os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd
"""Whether files can be opened and renamed relative to an open folder (not on Windows).

(``os.replace`` takes the same folder arguments as ``os.rename`` but is not listed.)
"""


def check_relative(rel: str) -> PurePosixPath:
    """``rel`` as a path that stays inside its folder: no '..', not absolute, not empty."""
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or "\\" in rel or any(p in ("..", ".") for p in path.parts):
        raise UnsafePathError(f"sökvägen '{rel}' leder ut ur registret; inget har skrivits")
    return path


def write_in_register(root: Path, rel: str, data: bytes, *, make_folders: bool = False) -> None:
    """Write ``data`` atomically to ``root/rel``, never outside ``root`` and never through a link.

    Every folder on the way is opened without following links (``O_NOFOLLOW``,
    relative to the folder before it), so a folder swapped for a link between a
    check and the write is refused as well. ``make_folders`` creates missing
    folders inside the register. A link at the file itself is refused, not replaced.
    """
    parts = check_relative(rel).parts
    try:
        if not _BY_FOLDER:
            _write_in_register_by_path(root, parts, data, make_folders=make_folders)
            return
        fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        try:
            for index, part in enumerate(parts[:-1]):
                shown = "/".join(parts[: index + 1])
                child = _open_folder(fd, part, shown, make_folders=make_folders)
                os.close(fd)
                fd = child
            _replace_at(fd, parts[-1], data, shown="/".join(parts))
        finally:
            os.close(fd)
    except OSError as exc:  # a full disk, a read-only register: nothing was written
        raise write_error((root / rel).as_posix(), exc) from None


def _open_folder(parent: int, name: str, shown: str, *, make_folders: bool) -> int:
    """The folder ``name`` in the open folder ``parent``, never through a link."""
    try:
        return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
    except FileNotFoundError:
        if not make_folders:
            raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _is_link(name, parent):
            raise _link_error(shown) from None
        raise
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o777, dir_fd=parent)
    return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)


def _is_link(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _link_error(shown: str) -> UnsafePathError:
    return UnsafePathError(
        f"{shown} är en symbolisk länk; lgtool skriver aldrig genom länkar i registret "
        "(ersätt länken med en vanlig fil eller mapp)"
    )


def _replace_at(
    dir_fd: int,
    name: str,
    data: bytes,
    *,
    shown: str,
    mode: int | None = None,
    strict: bool = True,
    durable: bool = True,
) -> None:
    """Write ``name`` in the open folder ``dir_fd`` through a temp file and a rename.

    ``strict`` (a register file) refuses a link or anything but a regular file at
    ``name``; otherwise it is replaced. ``mode`` defaults to the old file's.
    ``durable``: fsync the file and the folder (see :func:`write_atomic`).
    """
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    if strict and info is not None and stat.S_ISLNK(info.st_mode):
        raise _link_error(shown)
    if strict and info is not None and not stat.S_ISREG(info.st_mode):
        raise UnsafePathError(f"{shown} finns men är ingen vanlig fil; inget har skrivits")
    if mode is None:
        regular = info is not None and stat.S_ISREG(info.st_mode)
        mode = info.st_mode & 0o777 if info is not None and regular else 0o644
    tmp = f".{name}.{os.urandom(6).hex()}.tmp"
    fd, named = _open_temp(dir_fd, tmp, mode)
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(fd, mode)
            if durable:
                os.fsync(fd)
        if not named:
            # The data is on disk in a file without a name: give it one just before the
            # rename, so a crash while writing leaves nothing behind in the register.
            os.link(f"/proc/self/fd/{fd}", tmp, dst_dir_fd=dir_fd, follow_symlinks=True)
            named = True
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        if named:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
        raise
    finally:
        os.close(fd)
    if durable:
        with contextlib.suppress(OSError):
            os.fsync(dir_fd)


def _open_temp(dir_fd: int, tmp: str, mode: int) -> tuple[int, bool]:
    """A file to write in the folder ``dir_fd``: unnamed where Linux allows, else ``tmp``.

    Returns the descriptor and whether the file already has the name ``tmp``.
    """
    unnamed = getattr(os, "O_TMPFILE", 0)
    if unnamed and os.path.isdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # not supported by this file system
            return os.open(".", unnamed | os.O_WRONLY | _CLOEXEC, mode, dir_fd=dir_fd), False
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    return os.open(tmp, flags, mode, dir_fd=dir_fd), True


def _write_in_register_by_path(
    root: Path, parts: tuple[str, ...], data: bytes, *, make_folders: bool
) -> None:
    """:func:`write_in_register` where folders cannot be opened relative to each other."""
    path = root
    for index, part in enumerate(parts):
        path = path / part
        if path.is_symlink():
            raise _link_error("/".join(parts[: index + 1]))
    if make_folders:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


def check_output(path: Path, *, option: str = "-o") -> None:
    """Refuse ``-o`` onto a folder or into a missing folder before any work is done."""
    shown = path.as_posix()
    if path.is_dir():
        raise UsageError(f"{option}: '{shown}' är en mapp; ange en fil, t.ex. {shown}/rapport.md")
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if not path.exists() and not target.parent.is_dir():
        raise UsageError(f"{option}: mappen '{target.parent.as_posix()}' finns inte")


def write_output(path: Path, data: bytes, *, option: str = "-o") -> None:
    """Write ``data`` to the file the user named with ``-o``.

    A regular file (or a new one) is written atomically; a symbolic link is
    followed and what it names is written; a device or a FIFO is written through
    (a FIFO that nobody reads from is refused rather than waited on). A folder,
    a missing folder and a full disk are the user's to fix, with a Swedish message.
    """
    shown = path.as_posix()
    try:
        info = os.stat(path)  # through links, /proc's too (/dev/stdout)
    except FileNotFoundError:
        info = None  # a new file, or a link to one
    except (OSError, ValueError):
        raise UsageError(
            f"{option}: '{shown}' är en symbolisk länk som inte leder någonstans"
        ) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{option}: '{shown}' är en mapp; ange en fil, t.ex. {shown}/rapport.md")
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            _write_through(path, data, option=option, shown=shown)
            return
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        if not target.parent.is_dir():
            raise UsageError(f"{option}: mappen '{target.parent.as_posix()}' finns inte")
        write_atomic(target, data)
    except OSError as exc:
        raise write_error(shown, exc) from None


def _write_through(target: Path, data: bytes, *, option: str, shown: str) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | _CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENXIO and stat.S_ISFIFO(os.stat(target).st_mode):
            raise UsageError(
                f"{option}: '{shown}' är en namngiven pipe (FIFO) som ingen läser från"
            ) from None
        if exc.errno == errno.ENXIO:  # a socket, or a device without its hardware
            raise UsageError(f"{option}: '{shown}' går inte att skriva till") from None
        raise
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def write_error(shown: str, exc: OSError) -> LgtoolError:
    """An error writing ``shown``, in Swedish (a full disk, no permission ...)."""
    return LgtoolError(f"kunde inte skriva {shown}: {_reason(exc)}; inget har skrivits")


def stream_error(exc: OSError) -> LgtoolError | None:
    """A failed write to stdout (a full disk, a closed terminal) as a user error, else None.

    Output that went to a pipe or a file the user chose is the user's to fix;
    any other OSError is left to the handler of unexpected errors.
    """
    if exc.errno not in _STREAM_ERRNOS:
        return None
    return LgtoolError(f"kunde inte skriva utdata: {_reason(exc)}; utdata är ofullständig")


_STREAM_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EFBIG})


def _reason(exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "disken är full",
        errno.EDQUOT: "diskkvoten är slut",
        errno.EACCES: "behörighet saknas",
        errno.EPERM: "behörighet saknas",
        errno.EROFS: "filsystemet är skrivskyddat",
        errno.EIO: "skrivfel på disken",
        errno.EISDIR: "det är en mapp",
        errno.ENOENT: "filen eller mappen finns inte",
        errno.EFBIG: "filen blir för stor",
    }
    return reasons.get(exc.errno or 0, f"felkod {errno.errorcode.get(exc.errno or 0)}")
