"""The parse cache: what each register file's YAML said, keyed by the file's content.

Reading YAML is almost all of a cold run's cost. The cache keeps, per file, the
plain data the YAML layer produced, keyed by a hash of the file's bytes (never by
its modification time), so an unchanged file is not parsed again. Validation
against the schema and the cross-file rules run on every run: the rule "no date
after today" makes a validation result depend on the day, while what the YAML
says does not. Positions for problems still come from ruamel.yaml, which then
reads only the files that have problems.

The cache lives in ``.lgtool-cache/`` at the root of the git work tree that holds
the register (or in the register folder outside git), one file per register. The
file starts with a header line (format, lgtool version, SHA-256 of the payload);
a cache with a wrong header, a wrong checksum or an unexpected shape is ignored
and rewritten. The payload is JSON, never pickle: a cache file can come from
anywhere (a committed folder, a fork's pull request) and must never run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from pathlib import Path
from typing import Any

from lgtool import __version__
from lgtool.atomic import write_atomic
from lgtool.yamlio import READER_VERSION

CACHE_DIR = ".lgtool-cache"
_FORMAT = f"lgtool-parse-cache 1 {READER_VERSION.replace(' ', '-')}"
_REUSED: Any = object()
_PAIRS = "\x00pairs"
"""Marks a mapping with keys that are not all strings, stored as [key, value] pairs."""


class ParseCache:
    """Plain YAML data per file content; load with :meth:`open`, save with :meth:`save`."""

    def __init__(self, path: Path | None, entries: dict[str, Any] | None = None) -> None:
        self.path = path
        self._old = entries or {}
        # key → the entry as JSON will hold it, or _REUSED for an entry of _old
        self._new: dict[str, Any] = {}
        self._changed = False

    @classmethod
    def open(cls, path: Path) -> ParseCache:
        """The cache stored at ``path``; empty when it is missing, stale or corrupt."""
        try:
            raw = path.read_bytes()
        except OSError:
            return cls(path)
        return cls(path, _decode(raw))

    @classmethod
    def for_register(cls, root: Path) -> ParseCache:
        """The cache of the register folder ``root`` (see the module docstring for where)."""
        real = root.resolve()
        base = _work_tree(real) or real
        name = hashlib.sha256(str(real).encode()).hexdigest()[:16]
        return cls.open(base / CACHE_DIR / f"parse-{name}.json")

    @staticmethod
    def key(raw: bytes) -> str:
        """The cache key of a file's bytes."""
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def get(self, key: str) -> tuple[bool, Any]:
        """``(True, data)`` when the file with this key was read before, else ``(False, None)``."""
        if key in self._old:
            self._new[key] = _REUSED
            return True, self._old[key]
        return False, None

    def put(self, key: str, data: Any) -> None:
        """Remember the plain data read from the file with this key, if JSON can hold it."""
        try:
            self._new[key] = _encode(data)
        except TypeError:
            return
        self._changed = True

    def save(self) -> None:
        """Write the entries used in this run (others are dropped), if anything changed.

        A cache that cannot be written (read-only checkout, full disk) is left
        alone: it only ever makes runs faster.
        """
        if self.path is None or not (self._changed or self._new.keys() != self._old.keys()):
            return
        payload = json.dumps(
            {k: _encode(self._old[k]) if v is _REUSED else v for k, v in self._new.items()},
            ensure_ascii=False,
            allow_nan=False,
            separators=(",", ":"),
        ).encode("utf-8")
        header = f"{_FORMAT} {__version__} {hashlib.sha256(payload).hexdigest()}\n"
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                write_atomic(ignore, b"# lgtool's cache; can be removed at any time.\n*\n")
            write_atomic(self.path, header.encode("ascii") + payload)


def _work_tree(path: Path) -> Path | None:
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _decode(raw: bytes) -> dict[str, Any]:
    """The entries of a cache file, or none when anything about it is not as written."""
    header, _, payload = raw.partition(b"\n")
    expected = f"{_FORMAT} {__version__} ".encode("ascii")
    if not header.startswith(expected):
        return {}
    if header[len(expected) :].decode("ascii", "replace") != hashlib.sha256(payload).hexdigest():
        return {}
    try:
        entries = json.loads(payload, object_hook=_decode_mapping)
    except (ValueError, _CorruptError):
        return {}
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        return {}
    return entries


class _CorruptError(Exception):
    pass


def _encode(value: Any) -> Any:
    """Plain data as JSON that keeps int, bool and null mapping keys."""
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _PAIRS not in value:
            return {k: _encode(v) for k, v in value.items()}
        for k in value:
            if not (k is None or isinstance(k, str | int)):
                raise TypeError("mapping key that JSON cannot hold")
        return {_PAIRS: [[k, _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is float and math.isfinite(value):
        return value
    raise TypeError(f"{type(value).__name__} cannot be cached")


def _decode_mapping(obj: dict[str, Any]) -> dict[Any, Any]:
    if _PAIRS not in obj:
        return obj
    pairs = obj[_PAIRS]
    if len(obj) != 1 or not isinstance(pairs, list):
        raise _CorruptError
    result: dict[Any, Any] = {}
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2) or isinstance(pair[0], list | dict):
            raise _CorruptError
        result[pair[0]] = pair[1]
    return result
