"""The register folder: which files are read, as bytes, and why some are not.

Kept free of YAML, pydantic and rich: a warm run (:mod:`lgtool.result_cache`)
lists, reads and hashes the files with this module alone, and replays the stored
output when nothing has changed. :mod:`lgtool.register` reads through it too, so
there is one listing of a register folder.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lgtool.errors import UsageError
from lgtool.problems import Problem

ORGANISATION_FILE = "organisation.yaml"
BEHANDLINGAR_DIR = "behandlingar"
AR_DIR = "ar"

MAX_FILE_BYTES = 1024 * 1024
"""Register files are a few kilobytes; anything above this is refused unread."""

FolderFiles = tuple[list["SourceFile"], list[Problem]]
"""What :func:`read_folder` found: the files as bytes, and the files it could not read."""


def too_large_message(size: int) -> str:
    """Why a file of ``size`` bytes (above :data:`MAX_FILE_BYTES`) is refused.

    The size is rounded up, so that a file just over the limit never reads as
    being at it.
    """
    return (
        f"filen är {-(-size // 1024)} KiB; en registerfil får vara högst "
        f"{MAX_FILE_BYTES // 1024} KiB"
    )


@dataclass(frozen=True)
class SourceFile:
    """One register file's bytes, named by its path relative to the register root."""

    rel: str
    raw: bytes


def register_root(path: Path | None) -> Path:
    """The register folder to use: the option, else $LGTOOL_REGISTER, else ./register."""
    if path is None:
        env = os.environ.get("LGTOOL_REGISTER")
        path = Path(env) if env else Path("register")
    if path.is_file():
        raise UsageError(
            f"'{path}' är en fil, inte en mapp; ange registermappen "
            f"(den som innehåller {ORGANISATION_FILE})"
        )
    if not path.is_dir():
        raise UsageError(f"registret '{path}' finns inte (ange --register eller LGTOOL_REGISTER)")
    if not (path / ORGANISATION_FILE).exists() and not (path / BEHANDLINGAR_DIR).is_dir():
        raise UsageError(
            f"'{path}' ser inte ut som ett register: där finns varken {ORGANISATION_FILE} "
            f"eller mappen {BEHANDLINGAR_DIR}/"
        )
    return path


def display_root(root: Path) -> str:
    """How the register folder is shown in problem paths ('' for the current folder)."""
    text = root.as_posix()
    return "" if text == "." else text


def read_folder(root: Path) -> FolderFiles:
    """The register's YAML files as bytes, and problems with files that cannot be read."""
    display = display_root(root)
    sources: list[SourceFile] = []
    problems: list[Problem] = []
    real_root = root.resolve()

    def add(rel: str, entry: os.DirEntry[str] | None = None) -> None:
        # Plain os calls: pathlib's objects cost more than the reading on 10,000 files.
        path = entry.path if entry is not None else os.path.join(root, rel)
        if entry.is_symlink() if entry is not None else os.path.islink(path):
            shown = join_display(display, rel)
            try:
                target = Path(path).resolve()
            except (OSError, RuntimeError):  # a loop of links; RuntimeError before 3.13
                problems.append(unreadable_problem(shown, OSError(errno.ELOOP, ""), symlink=True))
                return
            if not target.is_relative_to(real_root):
                problems.append(symlink_problem(shown))
                return
        try:
            raw = _read(path)
        except _TooLargeError as exc:
            shown = join_display(display, rel)
            problems.append(Problem(shown, 1, 1, "for-stor-fil", too_large_message(exc.size)))
        except OSError as exc:
            shown = join_display(display, rel)
            problems.append(unreadable_problem(shown, exc, symlink=os.path.islink(path)))
        else:
            sources.append(SourceFile(rel, raw))

    if (root / ORGANISATION_FILE).exists() or (root / ORGANISATION_FILE).is_symlink():
        add(ORGANISATION_FILE)
    for name in sorted(os.listdir(root)):
        if PurePosixPath(name).stem == "organisation" and wrong_extension(name):
            problems.append(yml_problem(join_display(display, name)))
    for folder in (BEHANDLINGAR_DIR, AR_DIR):
        directory = root / folder
        if not directory.is_dir():
            continue
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            rel = f"{folder}/{entry.name}"
            # is_symlink first: is_file follows the link and fails on a loop of links
            if entry.name.endswith(".yaml") and (entry.is_symlink() or entry.is_file()):
                add(rel, entry)
            elif wrong_extension(entry.name):
                problems.append(yml_problem(join_display(display, rel)))
    return sources, problems


class _TooLargeError(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _read(path: str) -> bytes:
    """The bytes of the file at ``path``, refusing one above :data:`MAX_FILE_BYTES` unread.

    Plain file descriptors: a warm run reads 10,000 files, and a Python file
    object per file costs a third of the reading.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise _TooLargeError(size)
        raw = os.read(fd, size + 1)
        if stat.S_ISREG(info.st_mode) and len(raw) <= size:
            return raw  # a short read of a regular file is its end
        chunks = [raw]
        while raw:  # grew while read, or not a regular file: read to the end
            raw = os.read(fd, 65536)
            chunks.append(raw)
        return b"".join(chunks)
    finally:
        os.close(fd)


def symlink_problem(shown: str) -> Problem:
    """A symbolic link that is not read (it leads out of the register, or sits in git)."""
    return Problem(
        shown,
        1,
        1,
        "symlank",
        "filen är en symbolisk länk till en plats utanför registret och läses inte",
    )


def wrong_extension(name: str) -> bool:
    """A YAML file name that is not read because of its extension (.yml, .YAML, ...)."""
    return name.lower().endswith((".yml", ".yaml")) and not name.endswith(".yaml")


def yml_problem(shown: str) -> Problem:
    """A register file named .yml (or .YAML, .Yml ...), which is not read."""
    extension = PurePosixPath(shown).suffix
    return Problem(
        shown,
        1,
        1,
        "filandelse",
        f"filen har ändelsen {extension} och läses inte; döp om den till "
        f"{PurePosixPath(shown).stem}.yaml",
    )


def unreadable_problem(shown: str, exc: OSError, *, symlink: bool = False) -> Problem:
    """A file that the operating system refuses to read, in Swedish."""
    if symlink and exc.errno == errno.ENOENT:
        reason = "den är en symbolisk länk till en fil som inte finns"
    else:
        reason = _OS_REASONS.get(
            exc.errno or 0, f"felkod {errno.errorcode.get(exc.errno or 0, exc.errno)}"
        )
    return Problem(shown, 1, 1, "olasbar", f"filen kan inte läsas: {reason}")


_OS_REASONS = {
    errno.ENOENT: "den finns inte längre",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.EISDIR: "det är en mapp",
    errno.ELOOP: "symboliska länkar pekar på varandra i en slinga",
    errno.EIO: "läsfel på disken",
}


def join_display(display_root: str, rel: str) -> str:
    """A register-relative path as shown in problems (under the register folder's name)."""
    return f"{display_root}/{rel}" if display_root else rel
