"""The parse cache: what each register file's YAML said, keyed by the file's content.

Reading YAML is almost all of a cold run's cost. The cache keeps, per file, the
plain data the YAML layer produced, keyed by a hash of the file's bytes (never by
its modification time), so an unchanged file is not parsed again. Positions for
problems still come from ruamel.yaml, which then reads only the files that have
problems.

It also remembers which files validated cleanly against their schema, and the
latest date in each. Validation is a function of the bytes, the schema and rules
(the installed code) and today's date, and the day enters only through the rule "no
date after today": a file that validated cleanly stays valid on every day that is
not before its latest date, so on such a day it is rebuilt without validating
(:func:`lgtool.model.trusted.construct`). On an earlier day (a clock set back) it
is validated again and the rule fires. Files with problems are always validated
again, and the rules between files run on every run.

The cache lives in ``.lgtool-cache/parse-<register>/`` (:mod:`lgtool.cachedir`),
split into shards by key (:mod:`lgtool.shards`), so that a run writes only the
shards whose entries changed: after one file is edited, two shards, not the whole
cache. Each shard starts with a header line (format, lgtool version, the
fingerprint of the installed code, :func:`lgtool.cachedir.code_fingerprint`, the
shard's name and an HMAC-SHA256 of all of it and the payload); a shard with a
wrong header, a wrong MAC or an unexpected shape is ignored and rewritten. So a
cache written by other code (an added required field, a tightened rule, an
upgraded pydantic) is never believed. The payload is JSON, never pickle: a cache
file can come from anywhere (a committed folder, a fork's pull request) and must
never run code.

Because a trusted entry skips validation, a checksum is not enough: anyone could
compute one for a forged entry that declares an invalid file valid, commit it in
a pull request, and make ``lgtool validate`` pass in CI. The MAC's key is a random
secret kept outside the repository, per user and machine
(:func:`lgtool.cachedir.mac`), so only caches written on this machine are ever
believed. Where no key can be kept, nothing is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic_core import __version__ as _pydantic_core_version

from lgtool import __version__
from lgtool.cachedir import code_fingerprint, linked, location
from lgtool.shards import SHARDS, ShardedStore, compact_json, shards_for
from lgtool.yamlio import READER_VERSION

_FORMAT = (
    f"lgtool-parse-cache 4 {READER_VERSION.replace(' ', '-')} "
    f"pydantic-core-{_pydantic_core_version}"
)
_PAIRS = "\x00pairs"
"""Marks a mapping with keys that are not all strings, stored as [key, value] pairs."""


class ParseCache:
    """Plain YAML data per file content; open with :meth:`for_register`, save with :meth:`save`.

    An entry is ``{"data": <plain data>, "ok": {<kind>: <latest date or "">}}``:
    ``ok`` names the schemas the data validated cleanly against. The entries are
    kept in a :class:`lgtool.shards.ShardedStore` (a folder of signed shards), so a
    run writes only the shards whose entries changed.
    """

    def __init__(self, path: Path | None, *, shards: int = SHARDS) -> None:
        self.path = path
        self._store = _Store(path, _header(), _entry_shape, shards=shards)
        self._fresh: list[str] = []
        """Keys put since :meth:`settle`."""
        self._legacy: Path | None = None
        """The one file that lgtool 0.1 kept the whole cache in, removed on saving."""

    @classmethod
    def open(cls, path: Path) -> ParseCache:
        """The cache stored in the folder ``path``; empty when missing, stale or corrupt."""
        return cls(path)

    @classmethod
    def for_register(cls, root: Path, *, files: int | None = None) -> ParseCache:
        """The cache of the register folder ``root`` (see the module docstring for where),
        split for ``files`` processing files (:func:`lgtool.shards.shards_for`)."""
        folder, name = location(root)
        shards = SHARDS if files is None else shards_for(files)
        cache = cls(folder / f"parse-{name}", shards=shards)
        cache._legacy = folder / f"parse-{name}.json"
        return cache

    @staticmethod
    def key(raw: bytes) -> str:
        """The cache key of a file's bytes."""
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def get(self, key: str) -> tuple[bool, Any]:
        """``(True, data)`` when the file with this key was read before, else ``(False, None)``."""
        entry = _thawed(self._store.get(key))
        return (False, None) if entry is None else (True, entry["data"])

    def settle(self) -> None:
        """The entries put so far are complete: hold them as their JSON, not as objects.

        A cold run puts an entry per file; as plain data a city's register would
        stay in memory until the cache is saved. Where it can, the JSON goes at once
        to its shard's temporary file (:meth:`lgtool.shards.ShardedStore.spill`).
        """
        store = self._store
        for key in self._fresh:
            entry = store.stored(key)
            if entry is not None and not isinstance(entry, _Frozen):
                frozen = _Frozen(store.encode_entry(key, entry))
                if not store.spill(key, frozen):
                    store.replace(key, frozen)
        self._fresh.clear()

    def keep(self, key: str) -> None:
        """Keep the entry of the file with this key, read before, without reading it."""
        self._store.keep(key)

    def validated(self, key: str, kind: str) -> date | Literal[False] | None:
        """The latest date of a file that validated cleanly as ``kind`` (None: it has no date).

        False when the file is not known to validate cleanly as ``kind``.
        """
        entry = _thawed(self._store.stored(key))
        latest = entry["ok"].get(kind) if entry is not None else None
        if latest is None:
            return False
        if not latest:
            return None
        try:
            return date.fromisoformat(latest)
        except ValueError:
            return False

    def mark_validated(self, key: str, kind: str, latest: date | None) -> None:
        """Remember that the file with this key validated cleanly as ``kind``."""
        entry = _thawed(self._store.stored(key))
        if entry is None or not self._store.used(key):
            return  # only files read in this run (and so put or got) are kept
        text = latest.isoformat() if latest else ""
        if entry["ok"].get(kind) == text:
            return
        self._store.put(key, {"data": entry["data"], "ok": {**entry["ok"], kind: text}})
        self._fresh.append(key)

    def put(self, key: str, data: Any) -> None:
        """Remember the plain data read from the file with this key, if JSON can hold it."""
        try:
            if _json_as_is(data):
                self._store.plain.add(key)
            else:
                _encode(data)
        except TypeError:
            return
        self._store.put(key, {"data": data, "ok": {}})
        self._fresh.append(key)

    def save(self) -> None:
        """Write the shards whose entries changed (entries not used in this run are dropped).

        A cache that cannot be written (read-only checkout, full disk) is left alone:
        it only ever makes runs faster.
        """
        self._store.save()
        if self._legacy is not None and not linked(self._legacy):
            with contextlib.suppress(OSError):
                os.remove(self._legacy)


class _Store(ShardedStore):
    """The parse cache's shards: mappings with keys that are not strings kept as pairs."""

    def __init__(
        self, folder: Path | None, header: str, valid: Callable[[Any], bool], *, shards: int
    ) -> None:
        super().__init__(folder, header, valid, shards=shards)
        self.plain: set[str] = set()
        """Keys put in this run whose data JSON holds as it is (checked once, in :meth:`put`)."""

    def decode(self, payload: bytes) -> Any:
        return json.loads(payload, object_hook=_decode_mapping)

    def encode_entry(self, key: str, entry: dict[str, Any]) -> bytes:
        """One entry's JSON (its data as :func:`_encode` writes it, where needed)."""
        if not (key in self.plain or _json_as_is(entry["data"])):
            entry = {"data": _encode(entry["data"]), "ok": entry["ok"]}
        return compact_json(entry)

    def thaw(self, entry: bytes) -> Any:
        return _Frozen(entry)

    def encode_one(self, key: str, entry: Any) -> bytes:
        return entry if isinstance(entry, _Frozen) else self.encode_entry(key, entry)

    def encode(self, entries: dict[str, Any]) -> bytes:
        parts = [
            b"%s:%s"
            % (
                json.dumps(key).encode("ascii"),
                entry if isinstance(entry, _Frozen) else self.encode_entry(key, entry),
            )
            for key, entry in entries.items()
        ]
        return b"{" + b",".join(parts) + b"}"


class _Frozen(bytes):
    """An entry held as its JSON (:meth:`ParseCache.settle`)."""

    __slots__ = ()


def _thawed(entry: Any) -> Any:
    """An entry as plain data, however it is held."""
    if isinstance(entry, _Frozen):
        return json.loads(entry, object_hook=_decode_mapping)
    return entry


def _header() -> str:
    """The start of a shard's first line: what the entries were computed by."""
    return f"{_FORMAT} {__version__} {code_fingerprint()}"


def _entry_shape(entry: Any) -> bool:
    if not (isinstance(entry, dict) and entry.keys() == {"data", "ok"}):
        return False
    ok = entry["ok"]
    return (
        isinstance(entry["data"], dict)
        and isinstance(ok, dict)
        and all(isinstance(v, str) for v in ok.values())
    )


class _CorruptError(ValueError):
    pass


_SCALARS = frozenset({str, int, bool, type(None)})


def _json_as_is(value: Any) -> bool:
    """Whether JSON holds ``value`` exactly as it is (the usual case: only string keys).

    One loop instead of :func:`_encode`'s copy: a cold run puts 10,000 files.
    """
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            for k in item:
                if type(k) is not str or k == _PAIRS:
                    return False
            extend(item.values())
        elif kind is list:
            extend(item)
        elif kind not in _SCALARS and not (kind is float and math.isfinite(item)):
            return False  # _encode decides: NaN, a date, an object cannot be cached
    return True


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
