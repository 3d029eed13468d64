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
INCIDENTER_DIR = "incidenter"
"""incidenter/<ÅÅÅÅ>/<id>.yaml: one folder per year (lgtool.register checks the year)."""

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
    if not os.access(path, os.R_OK | os.X_OK):
        raise UsageError(f"registret '{path}' kan inte läsas: behörighet saknas")
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
            raw = read_regular(path)
        except TooLargeError as exc:
            shown = join_display(display, rel)
            problems.append(Problem(shown, 1, 1, "for-stor-fil", too_large_message(exc.size)))
        except OSError as exc:
            shown = join_display(display, rel)
            problems.append(unreadable_problem(shown, exc, symlink=os.path.islink(path)))
        else:
            sources.append(SourceFile(rel, raw))

    if (root / ORGANISATION_FILE).exists() or (root / ORGANISATION_FILE).is_symlink():
        add(ORGANISATION_FILE)
    try:
        names = sorted(os.listdir(root))
    except OSError as exc:
        problems.append(folder_unreadable_problem(display or ".", exc))
        names = []
    for name in names:
        if PurePosixPath(name).stem == "organisation" and wrong_extension(name):
            problems.append(yml_problem(join_display(display, name)))
    folders = [BEHANDLINGAR_DIR, AR_DIR]
    if (root / INCIDENTER_DIR).is_dir():
        folders.append(INCIDENTER_DIR)
        folders.extend(_year_folders(root, real_root, display, problems))
    for folder in folders:
        directory = root / folder
        if not directory.is_dir():
            continue
        if directory.is_symlink() and not inside(directory, real_root):
            problems.append(folder_symlink_problem(join_display(display, folder)))
            continue
        for entry in _entries(directory, join_display(display, folder), problems):
            rel = f"{folder}/{entry.name}"
            # is_symlink first: is_dir follows the link and fails on a loop of links. A FIFO
            # or a device is read too, to be refused with its reason (read_regular).
            if entry.name.endswith(".yaml") and (
                entry.is_symlink() or not entry.is_dir(follow_symlinks=False)
            ):
                add(rel, entry)
            elif wrong_extension(entry.name):
                problems.append(yml_problem(join_display(display, rel)))
    return sources, problems


def _year_folders(root: Path, real_root: Path, display: str, problems: list[Problem]) -> list[str]:
    """The folders under incidenter/ (one per year), as register-relative paths.

    Only one level: a folder inside a year's folder is not read. A folder that is a
    link out of the register is reported and skipped, as the register's own folders.
    """
    directory = root / INCIDENTER_DIR
    if directory.is_symlink() and not inside(directory, real_root):
        return []  # reported with the folder itself
    found: list[str] = []
    for entry in _entries(directory, join_display(display, INCIDENTER_DIR), problems):
        shown = join_display(display, f"{INCIDENTER_DIR}/{entry.name}")
        if entry.is_symlink() and not inside(Path(entry.path), real_root):
            if Path(entry.path).is_dir():
                problems.append(folder_symlink_problem(shown))
            continue
        if entry.is_dir():
            found.append(f"{INCIDENTER_DIR}/{entry.name}")
    return found


def _entries(directory: Path, shown: str, problems: list[Problem]) -> list[os.DirEntry[str]]:
    """The entries of a register folder by name; a problem when it cannot be listed."""
    try:
        return sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        problems.append(folder_unreadable_problem(shown, exc))
        return []


class TooLargeError(Exception):
    """A file above the size limit, refused unread; ``size`` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class NotRegularFileError(OSError):
    """A path that names a FIFO, a device or a socket: never read, since it may never end."""

    def __init__(self, path: str, mode: int) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)
        self.mode = mode

    @property
    def kind(self) -> str:
        """What the path is, in Swedish."""
        if stat.S_ISFIFO(self.mode):
            return "en namngiven pipe (FIFO)"
        if stat.S_ISCHR(self.mode) or stat.S_ISBLK(self.mode):
            return "en enhetsfil"
        if stat.S_ISSOCK(self.mode):
            return "en socket"
        return "ingen vanlig fil"


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
"""O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever."""


def read_regular(path: str | os.PathLike[str], limit: int | None = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path``; what is not a regular file is refused.

    The file is opened without blocking and checked on the open descriptor, so a
    FIFO, a device or a socket (or a link to one) is refused at once rather than
    read forever, and a file swapped between a check and the open is still
    checked. A file above ``limit`` bytes is refused unread (``TooLargeError``).
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(os.fspath(path), info.st_mode)
        size = info.st_size
        if limit is not None and size > limit:
            raise TooLargeError(size)
        # Plain file descriptors: a warm run reads 10,000 files, and a Python file
        # object per file costs a third of the reading.
        raw = os.read(fd, size + 1)
        if len(raw) <= size:
            return raw  # a short read of a regular file is its end
        chunks = [raw]
        total = len(raw)
        while raw:  # the file grew while it was read
            raw = os.read(fd, 65536)
            chunks.append(raw)
            total += len(raw)
            if limit is not None and total > limit:
                raise TooLargeError(total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def inside(path: Path, real_root: Path) -> bool:
    """Whether ``path``, with every link followed, lies in the folder ``real_root``."""
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a loop of links; RuntimeError before 3.13
        return False


def folder_symlink_problem(shown: str) -> Problem:
    """A folder of the register that is a symbolic link out of it: nothing in it is read."""
    return Problem(
        shown,
        1,
        1,
        "symlank",
        "mappen är en symbolisk länk till en plats utanför registret; inget i den läses",
    )


def folder_unreadable_problem(shown: str, exc: OSError) -> Problem:
    """A folder of the register that the operating system refuses to list."""
    reason = _OS_REASONS.get(exc.errno or 0, f"felkod {errno.errorcode.get(exc.errno or 0)}")
    return Problem(shown, 1, 1, "olasbar", f"mappen kan inte läsas: {reason}")


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
    reason = unreadable_reason(exc, symlink=symlink)
    return Problem(shown, 1, 1, "olasbar", f"filen kan inte läsas: {reason}")


def unreadable_reason(exc: OSError, *, symlink: bool = False) -> str:
    """Why a file cannot be read, in Swedish ('behörighet saknas', 'det är en mapp' …)."""
    if isinstance(exc, NotRegularFileError):
        return f"den är {exc.kind}, inte en vanlig fil"
    if symlink and exc.errno == errno.ENOENT:
        return "den är en symbolisk länk till en fil som inte finns"
    return _OS_REASONS.get(
        exc.errno or 0, f"felkod {errno.errorcode.get(exc.errno or 0, exc.errno)}"
    )


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
