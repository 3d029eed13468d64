"""The result cache: a whole command's output, replayed when nothing has changed.

``lgtool validate`` in CI and ``lgtool status`` at a coordinator's desk are run
again and again on a register that has not changed. A command's output is a
function of lgtool itself, the command and its options, today's date, and the
register's files, so when none of those changed since a run, that run's output
can be written again without loading anything: the exact text written to stdout
and stderr, in the order it was written, and the exit code.

The key (:func:`result_key`) is a SHA-256 over all of it: the format of this
cache, lgtool's version and the fingerprint of the installed code
(:func:`lgtool.cachedir.code_fingerprint`, so that an upgrade or an edited
checkout never replays an old answer), the command's options object
(:mod:`lgtool.options`: every field but those declared not to change the
output, so a new option is in the key without anyone remembering to add it),
today's date (:func:`lgtool.clock.today`, which honours
``LGTOOL_IDAG``), how the register folder is shown in paths, every register file
read (path and content, in the order read, never the modification time) and the
problems met while reading the folder (symbolic links, ``.yml`` files, files too
large or unreadable).

Each result is one file in ``.lgtool-cache/`` (:mod:`lgtool.cachedir`), named by
the register and the key, signed with the same per-user HMAC as the parse cache:
the MAC covers the key and the content, so a result forged elsewhere, or copied
to another key's name, is never replayed. A damaged or unsigned file is ignored
(the command then runs as usual and writes a new one). Only the last
:data:`KEEP` results per register are kept, and at most :data:`KEEP_BYTES` of them.

This module imports nothing heavy (no pydantic, ruamel.yaml, jinja2 or rich):
a warm run is Python's start, typer, reading and hashing the files, and one read.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import hmac
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from lgtool import __version__
from lgtool.cachedir import code_fingerprint, location, mac_parts, read, write
from lgtool.folder import FolderFiles, display_root
from lgtool.options import IN_KEY, CachedOptions

FORMAT = "lgtool-result 1"
KEEP = 8
"""Results kept per register: one per command and options used on the same files."""
KEEP_BYTES = 64 * 1024 * 1024
"""At most this much per register (``status --format json`` is ~10 MB for a city)."""
_PREFIX = "svar-"

STDOUT = 1
STDERR = 2


@dataclass(frozen=True)
class Result:
    """What a command wrote, in order (stream, text), and its exit code."""

    code: int
    parts: tuple[tuple[int, str], ...]

    def write(self) -> int:
        """Write the parts to this process's stdout and stderr as the command did; the code."""
        for stream, text in self.parts:
            (sys.stdout if stream == STDOUT else sys.stderr).write(text)
        return self.code


def key_options(options: CachedOptions) -> dict[str, Any]:
    """The options as the key holds them: every field but those declared ``not_in_key``.

    Values become plain JSON (a date as ÅÅÅÅ-MM-DD, a path as its text, a tuple as
    a list, an options record such as :class:`lgtool.options.Terminal` as an object
    of its fields); a value of any other type is refused rather than keyed loosely.
    """
    return {
        f.name: _plain(getattr(options, f.name))
        for f in fields(options)
        if f.metadata.get(IN_KEY, True)
    }


def _plain(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    raise TypeError(f"an option of type {type(value).__name__} cannot be part of a cache key")


def result_key(
    options: CachedOptions,
    *,
    today: date,
    root: Path,
    files: FolderFiles,
) -> str:
    """The key of a command's result: everything its output depends on (module docstring)."""
    sources, problems = files
    head = json.dumps(
        [
            FORMAT,
            __version__,
            code_fingerprint(),
            options.command,
            key_options(options),
            today.isoformat(),
            display_root(root),
            [astuple(p) for p in problems],
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    digest = hashlib.sha256(head.encode("utf-8", "surrogateescape"))
    update = digest.update
    for source in sources:  # length-prefixed, so no two lists of files hash alike
        update(b"\n%d %d %s\n" % (len(source.rel), len(source.raw), source.rel.encode()))
        update(source.raw)
    return digest.hexdigest()


class ResultCache:
    """The stored result of one key for one register; :meth:`load` and :meth:`save`."""

    def __init__(self, folder: Path, register: str, key: str) -> None:
        self.folder = folder
        self.register = register
        self.key = key
        self.path = folder / f"{_PREFIX}{register}-{key[:40]}"

    @classmethod
    def for_register(cls, root: Path, key: str) -> ResultCache:
        """The result of ``key`` for the register folder ``root``."""
        folder, register = location(root)
        return cls(folder, register, key)

    def load(self) -> Result | None:
        """The stored result, or None when there is none or it is not exactly as written."""
        raw = read(self.path)
        if raw is None:
            return None
        result = _decode(raw, self.key)
        if result is not None:
            with contextlib.suppress(OSError):
                os.utime(self.path)  # recently used: kept longest
        return result

    def save(self, result: Result) -> None:
        """Store ``result`` and drop the oldest results beyond the limits; never fails."""
        data = [text.encode("utf-8", "surrogateescape") for _, text in result.parts]
        meta = json.dumps(
            {
                "kod": result.code,
                "delar": [stream for stream, _ in result.parts],
                "langd": [len(d) for d in data],
            }
        ).encode("ascii")
        # The MAC over the parts and one join: `status --format json` on 50,000
        # processings is 50 MB, and each concatenation would be another copy.
        signature = mac_parts([*_signed_head(self.key), meta, b"\n", *data])
        if signature is None:
            return
        write(self.path, b"".join([f"{FORMAT} {signature}\n".encode("ascii"), meta, b"\n", *data]))
        self._prune()

    def _prune(self) -> None:
        prefix = f"{_PREFIX}{self.register}-"
        found: list[tuple[float, int, str]] = []
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name.startswith(prefix):
                    stat = entry.stat()
                    found.append((stat.st_mtime, stat.st_size, entry.path))
        found.sort(reverse=True)
        total = 0
        for i, (_, size, path) in enumerate(found):
            total += size
            if path != str(self.path) and (i >= KEEP or total > KEEP_BYTES):
                with contextlib.suppress(OSError):
                    os.remove(path)


def _signed_head(key: str) -> tuple[bytes, bytes]:
    """What the MAC covers before the payload: the key, so a result cannot be moved to
    another key."""
    return key.encode("ascii"), b"\n"


def _decode(raw: bytes, key: str) -> Result | None:
    # Views, not slices: a stored result can be 50 MB, and each slice a copy.
    end = raw.find(b"\n")
    header = raw[: max(end, 0)]
    expected = f"{FORMAT} ".encode("ascii")
    if end < 0 or not header.startswith(expected):
        return None
    payload = memoryview(raw)[end + 1 :]
    signature = mac_parts([*_signed_head(key), payload])
    if signature is None or not hmac.compare_digest(
        header[len(expected) :], signature.encode("ascii")
    ):
        return None
    middle = raw.find(b"\n", end + 1)
    if middle < 0:
        return None
    meta_raw, data = raw[end + 1 : middle], memoryview(raw)[middle + 1 :]
    try:
        meta = json.loads(meta_raw)
        code, streams, lengths = meta["kod"], meta["delar"], meta["langd"]
    except (ValueError, TypeError, KeyError):
        return None
    if not (
        _is_int(code)
        and 0 <= code <= 255
        and isinstance(streams, list)
        and isinstance(lengths, list)
        and len(streams) == len(lengths)
        and all(_is_int(s) and s in (STDOUT, STDERR) for s in streams)
        and all(_is_int(n) and n >= 0 for n in lengths)
        and sum(lengths) == len(data)
    ):
        return None
    try:
        parts = tuple(zip(streams, _split(data, lengths), strict=True))
    except UnicodeDecodeError:
        return None
    return Result(code, parts)


def _is_int(value: Any) -> bool:
    return type(value) is int


def _split(data: memoryview, lengths: Sequence[int]) -> Iterator[str]:
    start = 0
    for n in lengths:
        yield codecs.decode(data[start : start + n], "utf-8", "surrogateescape")
        start += n
