"""A signed, sharded store of cache entries: only the shards that changed are written.

Both per-file caches (:mod:`lgtool.cache`, what each file's YAML said; and
:mod:`lgtool.processing_cache`, each processing's computed status) keep one entry
per key, and a register of 50,000 processings has 50,000 of them. Written as one
file, a run that changed one register file rewrote (encoded, signed and wrote) all
of them. Here the entries are split over :data:`SHARDS` files by the first two hex
digits of their key, in a folder of their own; a shard is read the first time one
of its keys is asked for, and written only when its entries changed: after editing
one file, two shards (the old key's and the new key's).

Each shard starts with a header line: the store's format (which names the code
that wrote it, :func:`lgtool.cachedir.code_fingerprint`), the shard's name and an
HMAC-SHA256 over the header and the payload with the per-user key
(:func:`lgtool.cachedir.mac`). A shard with another header, a wrong MAC, a key
outside its prefix or an entry of an unexpected shape is ignored (and rewritten),
so a shard copied from another machine, or to another shard's name, is never
believed. The payload is JSON, never pickle.

A shard is written without fsync: a shard cut short by a crash fails its MAC and
is ignored, which costs only a slower run.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lgtool.cachedir import linked, mac, read_under, write_quick

SHARDS = 64
"""Shards per store, by the first two hex digits of the key (four prefixes a shard): few
enough that a cold run writes few files, small enough that an edit rewrites little."""

_MISSING: Any = object()


def _names(shards: int) -> dict[str, str]:
    """Each two-hex-digit prefix's shard among ``shards`` (a divisor of 256)."""
    return {f"{i:02x}": f"{i * shards // 256:02x}" for i in range(256)}


_NAMES = _names(SHARDS)


def shard_of(key: str, names: dict[str, str] = _NAMES) -> str:
    """The name of the shard that holds ``key`` (two hex digits) among ``names``."""
    prefix = key[:2]
    return names.get(prefix, prefix)


class ShardedStore:
    """Entries by hex key in :data:`SHARDS` signed files under ``folder``.

    ``header``: what wrote the entries (format, version, code fingerprint); a shard
    with another header is ignored. ``valid``: whether an entry read back has the
    shape this store writes. ``folder`` None: nothing is read or written.

    Only the entries used in a run (:meth:`get` found, :meth:`put` or :meth:`keep`)
    are written back when their shard is written; the others are dropped then.
    """

    def __init__(
        self,
        folder: Path | None,
        header: str,
        valid: Callable[[Any], bool],
        *,
        shards: int = SHARDS,
    ) -> None:
        self.folder = folder
        self._names = _NAMES if shards == SHARDS else _names(shards)
        self._shard_names = frozenset(self._names.values())
        self._header = header
        self._valid = valid
        self._shards: dict[str, dict[str, Any]] = {}
        """Shards read so far: key → entry, as stored."""
        self._used: set[str] = set()
        self._dirty: set[str] = set()
        self._released: dict[str, set[str]] = {}
        """Shards whose entries were let go (:meth:`release`): the keys they held."""

    def _shard(self, name: str) -> dict[str, Any]:
        found = self._shards.get(name)
        if found is None:
            found = self._read(name) if self.folder is not None else {}
            self._shards[name] = found
        return found

    def _read(self, name: str) -> dict[str, Any]:
        assert self.folder is not None
        raw = read_under(self.folder / name)
        if raw is None:
            return {}
        header, _, payload = raw.partition(b"\n")
        start, _, signature = header.rpartition(b" ")
        if start != f"{self._header} {name}".encode("ascii", "replace"):
            return {}
        expected = mac(start + b"\n" + payload)
        if expected is None or not hmac.compare_digest(signature, expected.encode("ascii")):
            return {}
        try:
            entries = self.decode(payload)
        except ValueError:
            return {}
        if not isinstance(entries, dict):
            return {}
        valid = self._valid
        for key, entry in entries.items():
            if shard_of(key, self._names) != name or not valid(entry):
                return {}
        return entries

    def decode(self, payload: bytes) -> Any:
        """The entries of a shard's payload (a subclass may decode its own JSON forms)."""
        return json.loads(payload)

    def get(self, key: str) -> Any:
        """The entry stored for ``key`` (and keep it), or None."""
        entry = self._shard(shard_of(key, self._names)).get(key, _MISSING)
        if entry is _MISSING:
            return None
        self._used.add(key)
        return entry

    def stored(self, key: str) -> Any:
        """The entry stored for ``key`` without marking it used, or None."""
        return self._shard(shard_of(key, self._names)).get(key)

    def used(self, key: str) -> bool:
        """Whether ``key`` was found, put or kept in this run."""
        return key in self._used

    def keep(self, key: str) -> None:
        """Keep the entry of ``key``, if there is one, without reading it."""
        self._used.add(key)

    def replace(self, key: str, entry: Any) -> None:
        """Hold ``entry`` for ``key`` in another form (the same entry: nothing to write)."""
        self._shard(shard_of(key, self._names))[key] = entry

    def put(self, key: str, entry: Any) -> None:
        """Store ``entry`` for ``key``."""
        name = shard_of(key, self._names)
        self._shard(name)[key] = entry
        self._used.add(key)
        self._dirty.add(name)

    def release(self) -> None:
        """Let go of the entries read so far (not those put): the caller has what it needs.

        A shard let go is read again only if it must be written (some of its entries
        were not used). On a city's register the entries are as large as the status.
        """
        for name, entries in self._shards.items():
            if name not in self._dirty and entries:
                self._released[name] = set(entries)
                self._shards[name] = {}

    def save(self) -> None:
        """Write the shards whose entries changed; never fails.

        A shard that was read is written again when some of its entries were not
        used (their files are gone or changed), so it holds what the last run used.
        """
        if self.folder is None:
            return
        used = self._used
        if self._dirty or used:
            self._drop_unused({shard_of(k, self._names) for k in used})
        for name in sorted(self._shards):
            entries = self._shards[name]
            held = self._released.get(name)
            if held is not None:
                if held <= used:
                    continue
                entries = self._read(name)
            kept = {k: v for k, v in entries.items() if k in used}
            if name not in self._dirty and len(kept) == len(entries):
                continue
            if not kept:
                self._remove(name)
                continue
            self._write(name, kept)

    def _drop_unused(self, wanted: set[str]) -> None:
        """Remove the shards not read in this run that hold none of its keys."""
        assert self.folder is not None
        if linked(self.folder):
            return
        try:
            found = [e.name for e in os.scandir(self.folder)]
        except OSError:
            return
        for name in found:
            if name in self._shard_names and name not in wanted and name not in self._shards:
                self._remove(name)

    def _write(self, name: str, entries: dict[str, Any]) -> None:
        assert self.folder is not None
        payload = self.encode(entries)
        start = f"{self._header} {name}".encode("ascii", "replace")
        signature = mac(start + b"\n" + payload)
        if signature is None:
            return
        write_quick(self.folder / name, b"".join((start, b" ", signature.encode(), b"\n", payload)))

    def encode(self, entries: dict[str, Any]) -> bytes:
        """A shard's payload: its entries as :func:`compact_json`."""
        return compact_json(entries)

    def _remove(self, name: str) -> None:
        assert self.folder is not None
        path = self.folder / name
        if not linked(path):
            with contextlib.suppress(OSError):
                os.remove(path)


def compact_json(value: Any) -> bytes:
    """Compact JSON on one line, UTF-8 (\\u escapes where a lone surrogate needs them)."""
    try:
        return _COMPACT.encode(value).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which only \\u escapes can hold
        return _ASCII.encode(value).encode("ascii")


# Made once: json.dumps makes an encoder per call, and a cold run encodes an entry per file.
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_ASCII = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"))
