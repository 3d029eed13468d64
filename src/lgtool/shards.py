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

An entry that will not change again in the run can be *spilled* (:meth:`ShardedStore.spill`):
its JSON goes at once to a temporary file of its shard, with the MAC fed as it is
written, and is not held in memory (on a city's register a cold run would otherwise
hold every file's entry until the end). :meth:`ShardedStore.save` completes the file
and renames it into place; a store let go without saving (an error, Ctrl-C) removes
its temporary files.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lgtool.cachedir import linked, mac, new_mac, prepare, read_under, write_quick

SHARDS = 64
"""Shards per store, by the first two hex digits of the key (four prefixes a shard): few
enough that a cold run writes few files, small enough that an edit rewrites little."""

_MISSING: Any = object()


def shards_for(entries: int) -> int:
    """How many shards a store of about ``entries`` entries is split into.

    Each shard file costs a write on a cold run, and a city of fifty small registers
    would write thousands; an edit rewrites two shards, which stay small either way.
    """
    return SHARDS if entries >= 8000 else 16 if entries >= 2000 else 4


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
        self._spills: dict[str, _Spill] = {}
        """Shards with entries spilled (:meth:`spill`): their temporary files."""
        self._spilled: dict[str, tuple[str, int, int]] = {}
        """Each spilled key: its shard, and where its JSON lies in the shard's temporary file."""
        self._stale: set[str] = set()
        """Spilled keys put again since (the spilled JSON is not what the shard should hold)."""
        self._cleanup = weakref.finalize(self, _discard, self._spills)

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
            if key in self._spilled:
                return self._spilled_entry(key)
            return None
        self._used.add(key)
        return entry

    def stored(self, key: str) -> Any:
        """The entry stored for ``key`` without marking it used, or None."""
        entry = self._shard(shard_of(key, self._names)).get(key, _MISSING)
        if entry is _MISSING:
            return self._spilled_entry(key) if key in self._spilled else None
        return entry

    def spill(self, key: str, entry: bytes) -> bool:
        """Write ``entry``, the JSON of the entry put for ``key``, to its shard's temporary file.

        The entry is then no longer held (:meth:`get` reads it back from the file).
        False when no temporary file can be written: the caller keeps holding it.
        """
        if key in self._spilled:
            return False  # spilled once already: the file must not hold it twice
        name = shard_of(key, self._names)
        spill = self._spills.get(name)
        if spill is None:
            spill = self._open_spill(name)
            if spill is None:
                return False
        if spill.broken:
            return False
        try:
            at = spill.add(self.lead(key), entry, self.TAIL)
        except OSError:
            spill.broken = True
            return False
        self._shards[name].pop(key, None)
        self._spilled[key] = (name, at, len(entry))
        return True

    def _open_spill(self, name: str) -> _Spill | None:
        folder = self.folder
        if folder is None:
            return None
        digest = new_mac()
        if digest is None:
            return None
        try:
            if not folder.is_dir():
                if folder.parent.is_symlink():
                    return None
                prepare(folder.parent)
                folder.mkdir(exist_ok=True)
            if linked(folder / name):
                return None
            start = f"{self._header} {name}".encode("ascii", "replace")
            path = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
            spill = _Spill(path, digest, self.FRAME)
            spill.begin(start)
        except OSError:
            return None
        self._spills[name] = spill
        self._shard(name)
        return spill

    def _spilled_entry(self, key: str) -> Any:
        name, at, size = self._spilled[key]
        try:
            return self.thaw(self._spills[name].read(at, size))
        except (KeyError, OSError, ValueError):  # KeyError: read after saving
            return None

    def thaw(self, entry: bytes) -> Any:
        """A spilled entry read back from its JSON (a subclass may keep it as bytes)."""
        return json.loads(entry)

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
        if key in self._spilled:
            self._stale.add(key)
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
            spill = self._spills.pop(name, None)
            if spill is not None:
                self._finish(name, spill, kept)
                continue
            if name not in self._dirty and len(kept) == len(entries):
                continue
            if not kept:
                self._remove(name)
                continue
            self._write(name, kept)

    def _finish(self, name: str, spill: _Spill, kept: dict[str, Any]) -> None:
        """Complete shard ``name``'s temporary file with ``kept``; put it in place."""
        assert self.folder is not None
        try:
            if spill.broken:  # the shard's entries are lost: a later run puts them again
                spill.discard()
                return
            if any(self._spilled[k][0] == name for k in self._stale):
                # an entry spilled, then put again: the file holds an old JSON of it
                entries = {
                    k: self.thaw(spill.read(at, size))
                    for k, (shard, at, size) in self._spilled.items()
                    if shard == name and k not in kept
                }
                spill.discard()
                self._write(name, {**entries, **kept})
                return
            for key, entry in kept.items():
                spill.add(self.lead(key), self.encode_one(key, entry), self.TAIL)
            if linked(self.folder / name):
                spill.discard()
                return
            spill.end(self.folder / name)
        except (OSError, ValueError):
            spill.discard()

    FRAME = (b"{", b",", b"}")
    """What a payload opens with, what stands between two entries, what closes it
    (:meth:`encode` joins the same way)."""
    TAIL = b""
    """What follows each entry in a payload."""

    def lead(self, key: str) -> bytes:
        """What stands before the entry of ``key`` in a payload (its JSON and a colon)."""
        return json.dumps(key).encode("ascii") + b":"

    def encode_one(self, key: str, entry: Any) -> bytes:
        """One entry as :meth:`encode` writes it (after :meth:`lead`)."""
        return compact_json(entry)

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
            if name in self._shard_names:
                if name not in wanted and name not in self._shards:
                    self._remove(name)
            elif len(name) == 2 and all(c in "0123456789abcdef" for c in name):
                self._remove(name)  # a shard of another split (the register grew or shrank)

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


class _Spill:
    """A shard's temporary file: its header line, then its entries as they come (see :meth:`end`).

    The header's MAC is written last, in its place (an HMAC-SHA256 in hex: 64 bytes);
    the MAC is fed the payload as it is written.
    """

    def __init__(self, path: Path, digest: Any, frame: tuple[bytes, bytes, bytes]) -> None:
        self.path = path
        self._frame = frame
        self._digest = digest
        self._fd = -1
        self._at = 0
        self._mac_at = 0
        self._first = True
        self._buffer = bytearray()
        """Written but not yet in the file (a write call per entry costs more than the entry)."""
        self.broken = False
        """A write failed: the file is not complete."""

    def begin(self, start: bytes) -> None:
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        self._fd = os.open(self.path, flags, 0o666)
        self._digest.update(start + b"\n")
        self._mac_at = len(start) + 1
        header = b"%s %s\n" % (start, b"0" * 64)
        self._at = len(header)
        self._write_all(header)
        self._write(self._frame[0])

    def _write(self, data: bytes) -> None:
        self._buffer += data
        self._at += len(data)
        if len(self._buffer) >= _BUFFER:
            self._flush()

    def _flush(self) -> None:
        self._digest.update(self._buffer)
        self._write_all(self._buffer)
        self._buffer.clear()

    def _write_all(self, data: bytes | bytearray) -> None:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError:
            self.broken = True
            raise

    def add(self, lead: bytes, entry: bytes, tail: bytes) -> int:
        """Append an entry: ``lead`` (its key), ``entry`` and ``tail``; where ``entry`` starts."""
        if not self._first:
            lead = self._frame[1] + lead
        self._first = False
        at = self._at + len(lead)
        self._write(lead + entry + tail)
        return at

    def read(self, at: int, size: int) -> bytes:
        if at + size > self._at - len(self._buffer):
            self._flush()
        data = os.pread(self._fd, size, at)
        if len(data) != size:
            raise OSError("short read")
        return data

    def end(self, path: Path) -> None:
        """Close the payload, write the MAC in the header and rename the file to ``path``."""
        self._write(self._frame[2])
        self._flush()
        os.pwrite(self._fd, self._digest.hexdigest().encode("ascii"), self._mac_at)
        os.close(self._fd)
        self._fd = -1
        os.replace(self.path, path)

    def discard(self) -> None:
        """Close and remove the temporary file (never fails)."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1
        with contextlib.suppress(OSError):
            os.remove(self.path)


_BUFFER = 16384
"""Bytes a temporary file gathers before writing them: 64 shards hold at most 1 MB."""


def _discard(spills: dict[str, _Spill]) -> None:
    """Remove the temporary files of a store let go without saving."""
    for spill in spills.values():
        spill.discard()
    spills.clear()


def compact_json(value: Any) -> bytes:
    """Compact JSON on one line, UTF-8 (\\u escapes where a lone surrogate needs them)."""
    try:
        return _COMPACT.encode(value).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which only \\u escapes can hold
        return _ASCII.encode(value).encode("ascii")


# Made once: json.dumps makes an encoder per call, and a cold run encodes an entry per file.
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_ASCII = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"))
