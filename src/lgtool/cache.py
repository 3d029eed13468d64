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

The cache lives in ``.lgtool-cache/`` (:mod:`lgtool.cachedir`), one file per
register. The file starts with a header line (format, lgtool version, the
fingerprint of the installed code, :func:`lgtool.cachedir.code_fingerprint`, and
an HMAC-SHA256 of the payload); a cache with a wrong header, a wrong MAC or an
unexpected shape is ignored and rewritten. So a cache written by other code (an
added required field, a tightened rule, an upgraded pydantic) is never believed.
The payload is JSON, never pickle: a cache file can come from anywhere (a
committed folder, a fork's pull request) and must never run code.

Because a trusted entry skips validation, a checksum is not enough: anyone could
compute one for a forged entry that declares an invalid file valid, commit it in
a pull request, and make ``lgtool validate`` pass in CI. The MAC's key is a random
secret kept outside the repository, per user and machine
(:func:`lgtool.cachedir.mac`), so only caches written on this machine are ever
believed. Where no key can be kept, nothing is cached.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic_core import __version__ as _pydantic_core_version

from lgtool import __version__
from lgtool.cachedir import code_fingerprint, location, mac, read, write
from lgtool.yamlio import READER_VERSION

_FORMAT = (
    f"lgtool-parse-cache 3 {READER_VERSION.replace(' ', '-')} "
    f"pydantic-core-{_pydantic_core_version}"
)
_REUSED: Any = object()
_PAIRS = "\x00pairs"
"""Marks a mapping with keys that are not all strings, stored as [key, value] pairs."""


class ParseCache:
    """Plain YAML data per file content; load with :meth:`open`, save with :meth:`save`.

    An entry is ``{"data": <plain data>, "ok": {<kind>: <latest date or "">}}``:
    ``ok`` names the schemas the data validated cleanly against.
    """

    def __init__(self, path: Path | None, entries: dict[str, Any] | None = None) -> None:
        self.path = path
        self._old = entries or {}
        # key → the data as JSON will hold it, or _REUSED for the data of an entry of _old
        self._new: dict[str, Any] = {}
        self._ok: dict[str, dict[str, str]] = {}
        self._changed = False

    @classmethod
    def open(cls, path: Path) -> ParseCache:
        """The cache stored at ``path``; empty when it is missing, stale or corrupt."""
        raw = read(path)
        return cls(path) if raw is None else cls(path, _decode(raw))

    @classmethod
    def for_register(cls, root: Path) -> ParseCache:
        """The cache of the register folder ``root`` (see the module docstring for where)."""
        folder, name = location(root)
        return cls.open(folder / f"parse-{name}.json")

    @staticmethod
    def key(raw: bytes) -> str:
        """The cache key of a file's bytes."""
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def get(self, key: str) -> tuple[bool, Any]:
        """``(True, data)`` when the file with this key was read before, else ``(False, None)``."""
        if key in self._old:
            self._new[key] = _REUSED
            return True, self._old[key]["data"]
        return False, None

    def validated(self, key: str, kind: str) -> date | Literal[False] | None:
        """The latest date of a file that validated cleanly as ``kind`` (None: it has no date).

        False when the file is not known to validate cleanly as ``kind``.
        """
        entry = self._old.get(key)
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
        if key not in self._new:
            return  # only files read in this run (and so put or got) are kept
        text = latest.isoformat() if latest else ""
        old = self._old.get(key)
        if old is not None and old["ok"].get(kind) == text:
            return
        self._ok.setdefault(key, {})[kind] = text
        self._changed = True

    def put(self, key: str, data: Any) -> None:
        """Remember the plain data read from the file with this key, if JSON can hold it."""
        try:
            self._new[key] = data if _json_as_is(data) else _encode(data)
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
        entries: dict[str, Any] = {}
        for k, v in self._new.items():
            old: dict[str, Any] = self._old.get(k) or {"data": None, "ok": {}}
            ok = {**old["ok"], **self._ok.get(k, {})}
            entries[k] = {"data": _encode(old["data"]) if v is _REUSED else v, "ok": ok}
        try:
            payload = json.dumps(
                entries, ensure_ascii=False, allow_nan=False, separators=(",", ":")
            ).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate, which only \u escapes can hold
            payload = json.dumps(
                entries, ensure_ascii=True, allow_nan=False, separators=(",", ":")
            ).encode("ascii")
        signature = mac(payload)
        if signature is None:
            return
        header = f"{_header()}{signature}\n"
        write(self.path, header.encode("ascii") + payload)


def _header() -> str:
    """The start of a cache file's first line: what the entries were computed by."""
    return f"{_FORMAT} {__version__} {code_fingerprint()} "


def _decode(raw: bytes) -> dict[str, Any]:
    """The entries of a cache file, or none when anything about it is not as written."""
    header, _, payload = raw.partition(b"\n")
    expected = _header().encode("ascii")
    if not header.startswith(expected):
        return {}
    signature = mac(payload)
    if signature is None or not hmac.compare_digest(
        header[len(expected) :], signature.encode("ascii")
    ):
        return {}
    try:
        entries = json.loads(payload, object_hook=_decode_mapping)
    except (ValueError, _CorruptError):
        return {}
    if not isinstance(entries, dict) or not all(map(_entry_shape, entries.values())):
        return {}
    return entries


def _entry_shape(entry: Any) -> bool:
    if not (isinstance(entry, dict) and entry.keys() == {"data", "ok"}):
        return False
    ok = entry["ok"]
    return (
        isinstance(entry["data"], dict)
        and isinstance(ok, dict)
        and all(isinstance(v, str) for v in ok.values())
    )


class _CorruptError(Exception):
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
