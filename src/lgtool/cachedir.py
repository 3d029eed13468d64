"""Where lgtool's caches live, and the per-user key that signs them.

The caches (:mod:`lgtool.cache`, what each file's YAML said;
:mod:`lgtool.processing_cache`, each processing's computed status; and
:mod:`lgtool.result_cache`, a whole command's output) live in ``.lgtool-cache/``
at the root of the git work tree that holds the register (or in the register
folder outside git), with a ``.gitignore`` of its own. Nothing is read, written
or removed there through a symbolic link (:func:`linked`).

A cache file can come from anywhere (a committed folder, a fork's pull request),
and a cache that is believed skips validation, so a checksum is not enough: each
cache file carries an HMAC-SHA256 whose key is a random secret kept outside the
repository, per user and machine (``$XDG_CACHE_HOME/lgtool/nyckel`` or
``~/.cache/lgtool/nyckel``). Only caches written on this machine by this user are
ever believed. Where no key can be kept, nothing is cached.

Every cache is keyed by everything that decides its answer, and the code that
computed the answer is part of that: :func:`code_fingerprint` is the one rule for
it, used by both caches, so an edited checkout, an upgrade of lgtool or of a
dependency, or a changed schema never reuses what other code stored.

Kept free of heavy imports: the warm path of a command uses it before anything
else is loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import sys
from collections.abc import Iterable
from pathlib import Path

CACHE_DIR = ".lgtool-cache"
_KEY_BYTES = 32
_key: bytes | None = None
_fingerprint: str | None = None
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def location(root: Path) -> tuple[Path, str]:
    """The cache folder of the register folder ``root``, and the register's name in it."""
    real = root.resolve()
    base = _work_tree(real) or real
    return base / CACHE_DIR, hashlib.sha256(str(real).encode()).hexdigest()[:16]


def code_fingerprint() -> str:
    """A hash of the installed code: lgtool's own files and the installed distributions.

    Every file of the lgtool package (its code, and so its schemas and rules) by
    content, and the names of the installed distributions (their versions, e.g.
    ``pydantic-2.14.4.dist-info``). An edited checkout with the same version
    number, an added schema field or an upgraded dependency changes it, so no
    cache is ever believed by other code than wrote it. Computed once per process.
    """
    global _fingerprint  # noqa: PLW0603  (computed once per process)
    if _fingerprint is not None:
        return _fingerprint
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            digest.update(f"\n{os.path.relpath(path, _PACKAGE)}\n".encode())
            with contextlib.suppress(OSError), open(path, "rb") as file:
                digest.update(file.read())
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")) and os.path.isdir(entry):
            with contextlib.suppress(OSError):
                names = sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))
                digest.update("\n".join([entry, *names]).encode("utf-8", "surrogateescape"))
    _fingerprint = digest.hexdigest()
    return _fingerprint


def mac(payload: bytes) -> str | None:
    """The HMAC-SHA256 of ``payload`` with this user's key; None when no key can be kept."""
    key = _secret()
    return hmac.new(key, payload, hashlib.sha256).hexdigest() if key is not None else None


def new_mac() -> hmac.HMAC | None:
    """An HMAC-SHA256 with this user's key, to be fed piece by piece; None without a key."""
    key = _secret()
    return hmac.new(key, digestmod=hashlib.sha256) if key is not None else None


def mac_parts(parts: Iterable[bytes | memoryview]) -> str | None:
    """:func:`mac` of the parts one after the other, without joining them."""
    key = _secret()
    if key is None:
        return None
    digest = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def read(path: Path) -> bytes | None:
    """A cache file's bytes; None when it is missing, or not a regular file in a real folder.

    A committed ``.lgtool-cache`` may be a link out of the register or hold a FIFO;
    neither is read (a FIFO would block forever).
    """
    from lgtool.folder import read_regular

    if path.parent.is_symlink() or path.is_symlink():
        return None
    try:
        return read_regular(path, limit=None)
    except OSError:
        return None


def write(path: Path, data: bytes) -> None:
    """Write a cache file atomically, with the folder's ``.gitignore``; never fails.

    Renamed into place but not synced to disk: every cache file is signed, so one
    cut short by a crash fails its MAC and is ignored (a slower run, nothing worse),
    and a sync of a city's 50 MB answer costs more than the run. A cache that
    cannot be written (read-only checkout, full disk) is left alone: it only ever
    makes runs faster. A cache folder that is a symbolic link (a committed one,
    say, leading out of the register) is never written through.
    """
    if path.parent.is_symlink():
        return
    with contextlib.suppress(OSError):
        prepare(path.parent)
        if not linked(path):
            _replace(path, data)


def prepare(folder: Path) -> None:
    """Make the cache folder ``folder`` and its ``.gitignore``, if missing."""
    from lgtool.atomic import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, b"# lgtool's cache; can be removed at any time.\n*\n")


def linked(path: Path) -> bool:
    """Whether ``path`` is, or lies under, a symbolic link up to the cache folder (included).

    Nothing is read, written or removed through one: a committed ``.lgtool-cache``
    may be a link leading out of the register.
    """
    folder = path.parent
    while True:
        if folder.is_symlink():
            return True
        if folder.name == CACHE_DIR or folder.parent == folder:
            return path.is_symlink()
        folder = folder.parent


def read_under(path: Path) -> bytes | None:
    """:func:`read` for a file in a folder of the cache folder: none of it may be a link."""
    from lgtool.folder import read_regular

    if linked(path):
        return None
    try:
        return read_regular(path, limit=None)
    except OSError:
        return None


def write_quick(path: Path, data: bytes) -> None:
    """Write a file in a folder of the cache folder, atomically but without fsync.

    For files whose content is signed: one cut short by a crash fails its MAC and
    is ignored. Never through a symbolic link, and never fails (as :func:`write`).
    """
    folder = path.parent
    with contextlib.suppress(OSError):
        if not folder.is_dir():
            if folder.parent.is_symlink():
                return
            prepare(folder.parent)
            folder.mkdir(exist_ok=True)
        if linked(path):
            return
        _replace(path, data)


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` atomically to ``path`` without fsync (the content is signed)."""
    from lgtool.atomic import write_atomic

    write_atomic(path, data, durable=False)


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lgtool" / "nyckel"


def _secret() -> bytes | None:
    """This user's and machine's cache key, created on first use; None if none can be kept."""
    global _key  # noqa: PLW0603  (read once per process)
    if _key is not None:
        return _key
    path = _key_file()
    try:
        from lgtool.folder import read_regular

        key = read_regular(path, limit=_KEY_BYTES)
    except Exception:  # missing, not a regular file, too large: make a new key
        key = b""
    if len(key) != _KEY_BYTES:
        import secrets  # only the first run makes a key

        from lgtool.atomic import write_atomic

        key = secrets.token_bytes(_KEY_BYTES)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(path, key, mode=0o600)
        except OSError:
            return None
    _key = key
    return key


def _work_tree(path: Path) -> Path | None:
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None
