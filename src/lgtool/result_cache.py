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
(the command then runs as usual and writes a new one). A result is written as the
command writes its output, to a temporary file put in place only when the command
has returned (:class:`Recording`), so a city's 50 MB answer is never held in memory
and a run cut short stores nothing. Only the last
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
from typing import Any, BinaryIO, TextIO

from lgtool import __version__
from lgtool.cachedir import code_fingerprint, linked, location, mac_parts, new_mac, prepare, read
from lgtool.folder import FolderFiles, display_root
from lgtool.options import IN_KEY, CachedOptions

FORMAT = "lgtool-result 2"
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
        found = self._found()
        if found is None:
            return None
        code, parts = found
        return Result(code, tuple((stream, _text(data)) for stream, data in parts))

    def replay(self) -> int | None:
        """Write the stored result as :meth:`Result.write` would, and return its exit code;
        None (nothing written) when there is none or it is not exactly as written.

        The stored bytes go straight to a UTF-8 stream, a piece at a time, never decoded
        into one string and encoded again: a city's answer is 50 MB.
        """
        found = self._found()
        if found is None:
            return None
        code, parts = found
        for stream, data in parts:
            _write_bytes(sys.stdout if stream == STDOUT else sys.stderr, data)
        return code

    def _found(self) -> tuple[int, list[tuple[int, memoryview]]] | None:
        raw = read(self.path)
        if raw is None:
            return None
        found = _decode(raw, self.key)
        if found is not None:
            with contextlib.suppress(OSError):
                os.utime(self.path)  # recently used: kept longest
        return found

    def save(self, result: Result) -> None:
        """Store ``result`` and drop the oldest results beyond the limits; never fails."""
        recording = self.recording()
        if recording is None:
            return
        try:
            for stream, text in result.parts:
                recording.add(stream, text.encode("utf-8", "surrogateescape"))
        except BaseException:
            recording.abandon()
            raise
        recording.finish(result.code)

    def recording(self) -> Recording | None:
        """A new result for this key, written to disk as the command writes it (so that a
        city's 50 MB answer is never held in memory); None when no result can be stored
        here (no key for the MAC, a cache folder that is a link or cannot be written)."""
        if self.path.parent.is_symlink():
            return None
        digest = new_mac()
        if digest is None:
            return None
        import tempfile  # only when a command really runs

        try:
            prepare(self.folder)
            if linked(self.path):
                return None
            name = f".{self.path.name}."
            fd, temp = tempfile.mkstemp(prefix=name, suffix=".tmp", dir=self.folder)
        except OSError:
            return None
        return Recording(self, os.fdopen(fd, "wb"), Path(temp), digest)

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


class Recording:
    """A result being stored: each piece written to a temporary file as it comes, the
    MAC fed as it goes, and the file put in place by :meth:`finish`, only once the
    command has returned. A run cut short (a closed pipe, Ctrl-C) calls
    :meth:`abandon`, or dies before :meth:`finish`: no half answer is ever stored.
    A cache that cannot be written (a full disk) is given up on, never an error."""

    def __init__(self, cache: ResultCache, file: BinaryIO, temp: Path, digest: hmac.HMAC) -> None:
        self._cache = cache
        self._file: BinaryIO | None = file
        self._temp = temp
        self._digest = digest
        self._parts: list[list[int]] = []  # [stream, length] per run of writes to one stream
        for part in _signed_head(cache.key):
            digest.update(part)
        self._write(_HEADER_SPACE)

    def add(self, stream: int, data: bytes) -> None:
        """Record ``data`` (UTF-8, surrogates escaped) written to ``stream``."""
        if self._parts and self._parts[-1][0] == stream:
            self._parts[-1][1] += len(data)
        else:
            self._parts.append([stream, len(data)])
        self._digest.update(data)
        self._write(data)

    def finish(self, code: int) -> None:
        """Store the result with exit code ``code``, and drop the oldest beyond the limits."""
        meta = json.dumps(
            {
                "kod": code,
                "delar": [stream for stream, _ in self._parts],
                "langd": [length for _, length in self._parts],
            }
        ).encode("ascii")
        tail = b"\n" + meta + b"\n"
        self._digest.update(tail)
        self._write(tail)
        file = self._file
        if file is None:  # given up on
            self.abandon()
            return
        try:
            file.seek(0)
            file.write(f"{FORMAT} {self._digest.hexdigest()}\n".encode("ascii"))
            file.close()
            self._file = None
            os.replace(self._temp, self._cache.path)
        except OSError:
            self.abandon()
            return
        self._cache._prune()

    def abandon(self) -> None:
        """Store nothing: remove the temporary file."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None
        with contextlib.suppress(OSError):
            self._temp.unlink()

    def _write(self, data: bytes) -> None:
        if self._file is None:
            return
        try:
            self._file.write(data)
        except OSError:  # a full disk, say: the answer is not stored, nothing worse
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None


_HEADER_SPACE = f"{FORMAT} {'0' * 64}\n".encode("ascii")
"""Where the header goes, written over by :meth:`Recording.finish` (a MAC is 64 hex digits)."""


def _signed_head(key: str) -> tuple[bytes, bytes]:
    """What the MAC covers before the payload: the key, so a result cannot be moved to
    another key."""
    return key.encode("ascii"), b"\n"


def _decode(raw: bytes, key: str) -> tuple[int, list[tuple[int, memoryview]]] | None:
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
    # The payload: the output, a newline, the meta line (JSON: no newline) and a newline.
    middle = raw.rfind(b"\n", end + 1, len(raw) - 1)
    if middle < 0 or not raw.endswith(b"\n"):
        return None
    data, meta_raw = memoryview(raw)[end + 1 : middle], raw[middle + 1 : -1]
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
    return code, list(zip(streams, _split(data, lengths), strict=True))


def _is_int(value: Any) -> bool:
    return type(value) is int


def _split(data: memoryview, lengths: Sequence[int]) -> Iterator[memoryview]:
    start = 0
    for n in lengths:
        yield data[start : start + n]
        start += n


def _text(data: memoryview) -> str:
    return codecs.decode(data, "utf-8", "surrogateescape")


REPLAY_CHUNK = 1 << 20
"""Bytes written to a stream at a time by :meth:`ResultCache.replay`."""


def _write_bytes(target: TextIO, data: memoryview) -> None:
    """Write the stored bytes ``data`` to ``target`` as writing their text would."""
    buffer = getattr(target, "buffer", None)
    encoding = getattr(target, "encoding", None)
    if buffer is not None and encoding and codecs.lookup(encoding).name == "utf-8":
        target.flush()  # what the text layer holds goes first
        for start in range(0, len(data), REPLAY_CHUNK):
            buffer.write(data[start : start + REPLAY_CHUNK])
        buffer.flush()
        return
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    for start in range(0, len(data), REPLAY_CHUNK):
        target.write(decoder.decode(data[start : start + REPLAY_CHUNK]))
    target.write(decoder.decode(b"", final=True))
