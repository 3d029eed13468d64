"""Per-processing results: each processing's computed status, kept between runs.

After one processing file is edited, ``lgtool status --format json`` should cost
one parse and one summary, not a run over the whole register. The parse cache
(:mod:`lgtool.cache`) spares the parsing, but every processing would still be
rebuilt, checked, computed and written as JSON. This cache keeps, per processing
file, what the status needs of it: its :class:`~lgtool.checkpoints.Kort`, its
checkpoint values, its deviations and its entry in the JSON as written
(:func:`lgtool.render.data.behandling_json`).

A processing's result is a function of the file's bytes and path, of
organisation.yaml (the policy, the förvaltningsobjekt and their roles: which
checkpoints, which intervals, which roles are known), of today's date (the rule
"no date after today") and the reference date, and of the installed code. The key
(:func:`result_key`) is a hash of all of them, so a result computed with anything
else is never found: an edited organisation.yaml or another day recomputes every
processing. Only processings without any problem are kept; a file with problems
is read and checked again on every run, and the rules between files run on every
run: a file whose id is another's file name (the only rule between processing
files that a kept result cannot answer for) sends the whole run the careful way.

Each förvaltningsobjekt's summary is kept the same way, keyed by the results of
its processings (:class:`_Summaries`): one edited file counts one förvaltningsobjekt
again, and a kept processing's checkpoints are read only if something asks for them.

The results are stored as the parse cache is, in signed shards
(:class:`lgtool.shards.ShardedStore`, ``.lgtool-cache/behandlingar-<register>/``),
with the same per-user HMAC: a result written elsewhere is never believed. Used
for ``status --format json`` and ``--format csv`` at today's date or later; a
test holds the output identical to a run with ``--ingen-cache``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, get_args

from lgtool import __version__
from lgtool.cache import ParseCache
from lgtool.cachedir import code_fingerprint, location
from lgtool.checkpoints import (
    BehandlingStatus,
    Checkpoint,
    DatumKontroll,
    DatumStatus,
    Kontrollpunkter,
    Kort,
    RollKontroll,
    Status,
    Summering,
    Varde,
    active_checkpoints,
    build_status,
    compute_checkpoints,
    summarize,
)
from lgtool.errors import RegisterError
from lgtool.folder import (
    FolderFiles,
    SourceFile,
    TooLargeError,
    display_root,
    join_display,
    read_regular,
)
from lgtool.model import KATEGORIER, Ar, Behandling, Organisation
from lgtool.model.trusted import construct
from lgtool.problems import Problem
from lgtool.register import (
    OwnRules,
    ParsedFile,
    assemble,
    kind_of,
    parse_source,
    processing_files,
    stem_of,
)
from lgtool.render.data import behandling_json, checkpoint_data, summering_dict
from lgtool.shards import ShardedStore, shards_for
from lgtool.yamlio import parse_file_bytes

FORMAT = "lgtool-behandlingar 4"


@dataclass(frozen=True)
class Loaded:
    """What ``status`` needs of the register: its problems, year files and status."""

    problems: tuple[Problem, ...]
    ar: Mapping[int, Ar]
    status: Status
    """The whole status at the reference date (every processing without problems)."""


def load_status(root: Path, files: FolderFiles, *, today: date, per: date) -> Loaded | None:
    """The register's problems and whole status at ``per``, unchanged processings from
    the cache; None when the careful way is needed: organisation.yaml missing or with
    problems, or a rule between files that kept results cannot answer (module docstring).

    Each processing file is done with as it is read: its model is not kept (a status
    builds it again if asked for), so a city's register is never in memory as models,
    and its bytes are let go (``files`` holds a :class:`_Read` in its place, with the
    digest of the bytes). When the careful way is needed, or ``files`` is used again, the
    files let go are read again into it, and must have the same bytes (:func:`_read_again`).
    """
    _read_again(root, files[0])
    found = _load_status(root, files, today=today, per=per)
    if found is None:
        _read_again(root, files[0])
    return found


@dataclass(frozen=True)
class _Read(SourceFile):
    """A processing file done with: its bytes let go (``raw`` is empty), their digest
    (:meth:`ParseCache.key`) kept to check the file when it is read again."""

    digest: str = ""


def _read_again(root: Path, sources: list[SourceFile]) -> None:
    """Put back the bytes of each file let go (:class:`_Read`) in ``sources``."""
    for index, source in enumerate(sources):
        if isinstance(source, _Read):
            sources[index] = SourceFile(source.rel, _again(root, source.rel, source.digest))


def _again(root: Path, rel: str, digest: str) -> bytes:
    """The bytes of the register file ``rel`` read again; they must be those read first."""
    try:
        raw = read_regular(os.path.join(root, rel))
    except (OSError, TooLargeError):
        raw = None
    if raw is None or ParseCache.key(raw) != digest:
        shown = join_display(display_root(root), rel)
        raise RegisterError(f"{shown} ändrades medan lgtool läste registret; kör kommandot igen")
    return raw


class _Rebuild:
    """A kept processing's model, built from its file read again (:func:`_again`)."""

    __slots__ = ("digest", "rel", "root")

    def __init__(self, root: Path, rel: str, digest: str) -> None:
        self.root = root
        self.rel = rel
        self.digest = digest

    def __call__(self) -> Behandling:
        return _rebuild(_again(self.root, self.rel, self.digest))


def _load_status(root: Path, files: FolderFiles, *, today: date, per: date) -> Loaded | None:
    sources, extra = files
    shown = display_root(root)
    folder, name = location(root)
    count = processing_files(sources)
    results = _Results(
        folder / f"behandlingar-{name}", _header(), _entry_shape, shards=shards_for(count)
    )
    parse_cache = ParseCache.for_register(root, files=count)
    first = next((s for s in sources if kind_of(s.rel) == "organisation"), None)
    if first is None:
        return None  # the careful way says what is missing
    organisation_file = parse_source(first, display_root=shown, today=today, cache=parse_cache)
    if organisation_file.loaded is None:
        return None
    organisation: Organisation = organisation_file.loaded.model
    one = _One(
        organisation, _context(today, per, first.raw), results, parse_cache, shown, per, root
    )
    items: list[BehandlingStatus] = []
    parsed: list[ParsedFile] = []
    kept: set[str] = set()  # the processing files without problems (kept or computed here)
    keys: dict[int, str] = {}  # each status's result key, by id(status)
    result_keys = one.let_go_of_kept(sources)
    for index, source in enumerate(sources):
        if source is first:
            parsed.append(organisation_file)
        elif kind_of(source.rel) != "behandling":
            parsed.append(parse_source(source, display_root=shown, today=today, cache=parse_cache))
        else:
            found = one.status(source, result_keys[index], today)
            if found is None:
                return None
            if isinstance(found, ParsedFile):
                parsed.append(found)  # problems: found again by the rules between files
            else:
                status, keys[id(status)], digest = found
                items.append(status)
                kept.add(stem_of(source.rel))
                sources[index] = _Read(source.rel, b"", digest)  # its bytes let go
    results.release()  # the statuses hold what they need of the kept results
    for item in parsed:  # an id that is another file's name: the careful way
        if item.kind == "behandling" and item.loaded is not None:
            model: Behandling = item.loaded.model
            if model.id != item.loaded.stem and model.id in kept:
                return None
    register = assemble(parsed, display_root=shown, extra=extra, behandling_stems=kept)
    for b in register.behandlingar:  # (none: a processing without problems is kept above)
        items.append(one.compute(b))
    results.save()
    parse_cache.save()
    whole = build_status(organisation, items, per)
    summaries = _Summaries(folder / f"summeringar-{name}", one.context, whole.checkpoints)
    whole = dataclasses.replace(whole, summeringar=summaries.of(whole, keys))
    return Loaded(register.problems, register.ar, whole)


class _One:
    """One processing file's status: kept, or computed (and kept)."""

    def __init__(  # noqa: PLR0917  (the run's state, given once)
        self,
        organisation: Organisation,
        context: bytes,
        results: ShardedStore,
        parse_cache: ParseCache,
        shown: str,
        per: date,
        root: Path,
    ) -> None:
        self.root = root
        self.policy = organisation.policy
        self.active = active_checkpoints(self.policy)
        self.objekt = {o.id: o for o in organisation.forvaltningsobjekt}
        self.rules = OwnRules(organisation)
        self.spool = _Spool()
        self.restore = _Restore([(c.key, c.kind) for c in self.active])
        self.context = context
        self.results = results
        self.parse_cache = parse_cache
        self.shown = shown
        self.per = per

    def let_go_of_kept(self, sources: list[SourceFile]) -> dict[int, str]:
        """The result key of each processing file in ``sources``, by its place; the bytes
        of each file with a kept result are let go (:class:`_Read`) as its shard is read.

        A shard at a time, so that the kept results read take the place of the bytes let
        go: all the bytes and all the results are never in memory at once.
        """
        by_prefix: dict[str, list[int]] = {}
        keys: dict[int, str] = {}
        for index, source in enumerate(sources):
            if kind_of(source.rel) == "behandling":
                key = keys[index] = result_key(self.context, source.rel, source.raw)
                by_prefix.setdefault(key[:2], []).append(index)
        for prefix in sorted(by_prefix):  # each shard holds whole prefixes (lgtool.shards)
            for index in by_prefix[prefix]:
                entry = self.results.stored(keys[index])
                if entry is not None:
                    sources[index] = _Read(sources[index].rel, b"", entry[4])
        return keys

    def status(
        self, source: SourceFile, key: str, today: date
    ) -> tuple[BehandlingStatus, str, str] | ParsedFile | None:
        """The status of the processing file ``source`` with result key ``key``, its key
        and the digest of its bytes (:meth:`ParseCache.key`); the file parsed when it has
        problems (for the rules between files); None when the kept result does not fit.

        A file let go (:meth:`let_go_of_kept`) has a kept result."""
        entry = self.results.get(key)
        if entry is not None:
            digest = entry[4]  # signed with the entry, and of these bytes: they are in the key
            self.parse_cache.keep(digest)  # its parse, not needed now, stays for the next run
            restored = self.restore(entry, _Rebuild(self.root, source.rel, digest))
            return None if restored is None else (restored, key, digest)
        item = parse_source(source, display_root=self.shown, today=today, cache=self.parse_cache)
        if item.loaded is None or item.problems or self.rules.check(item.loaded):
            return item
        computed = self.compute(item.loaded.model)
        text = behandling_json(computed)
        digest = ParseCache.key(source.raw)
        if not any(_SEPARATORS.search(v) for v in computed.kort if v is not None):
            entry = _entry(computed, text, digest)
            self.results.put(key, entry)
            self.results.spill(key, self.results.encode_one(key, entry))  # not held till saved
        status = BehandlingStatus(
            _Rebuild(self.root, source.rel, digest),  # the model is not kept: built if asked for
            computed.kontrollpunkter,
            computed.avvikelser,
            kort=computed.kort,
            json=self.spool.add(text),
        )
        return status, key, digest

    def compute(self, b: Behandling) -> BehandlingStatus:
        """The checkpoints of ``b``, whose förvaltningsobjekt exists."""
        return compute_checkpoints(
            b, self.objekt[b.forvaltningsobjekt], self.policy, self.per, self.active
        )


class _Summaries:
    """Each förvaltningsobjekt's summary, kept by the results of its processings.

    A summary is a function of its processings' results and the checkpoints, so its
    key is a hash of the context and the results' keys: after one file is edited,
    one förvaltningsobjekt is counted again and the rest are read back.
    """

    def __init__(self, folder: Path, context: bytes, checkpoints: Sequence[Checkpoint]) -> None:
        self.store = ShardedStore(folder, _header(), _summary_shape, shards=1)  # (small)
        self.context = context
        self.counted = [(c.key, c.values) for c in checkpoints if c.kind != "antal"]
        self.checkpoints = checkpoints

    def of(self, status: Status, keys: Mapping[int, str]) -> dict[str, Summering]:
        """The summary of each förvaltningsobjekt of ``status`` (its processings by ``keys``)."""
        found: dict[str, Summering] = {}
        for objekt, items in status.per_objekt():
            members = [keys.get(id(s)) for s in items]
            if None in members:
                continue  # (computed without a key: counted by the status itself)
            digest = hashlib.blake2b(self.context, digest_size=20)
            digest.update(objekt.id.encode("utf-8", "surrogateescape") + b"\n")
            for member in sorted(m for m in members if m is not None):
                digest.update(member.encode("ascii"))
            key = digest.hexdigest()
            summary = self._read(self.store.get(key))
            if summary is None:
                summary = summarize(items, self.checkpoints)
                self.store.put(key, summering_dict(summary))
            found[objekt.id] = summary
        self.store.save()
        return found

    def _read(self, data: Any) -> Summering | None:
        """A kept summary as it was counted; None when it is not of these checkpoints."""
        if data is None:
            return None
        varden: dict[str, dict[str, int]] = {}
        for key, values in self.counted:
            counts = data.get(key)
            if not (isinstance(counts, dict) and list(counts) == list(values)):
                return None
            varden[key] = counts
        if len(data) != len(self.counted) + len(_SUMMARY_COUNTS):
            return None
        return Summering(varden=varden, **{name: data[name] for name in _SUMMARY_COUNTS})


_SUMMARY_COUNTS = ("antal", "avvikelser", "gula", "roda", "utan_handlingsplan")


def _summary_shape(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and all(type(entry.get(name)) is int for name in _SUMMARY_COUNTS)
        and all(
            isinstance(v, dict) and all(type(n) is int for n in v.values())
            for k, v in entry.items()
            if k not in _SUMMARY_COUNTS
        )
    )


def _context(today: date, per: date, organisation: bytes | None) -> bytes:
    """Everything but the file that a processing's result depends on (module docstring)."""
    digest = hashlib.blake2b(digest_size=20)
    head = f"{FORMAT}\n{__version__}\n{code_fingerprint()}\n{today}\n{per}\n"
    digest.update(head.encode("ascii"))
    if organisation is None:
        digest.update(b"-")
    else:
        digest.update(b"%d\n" % len(organisation))
        digest.update(organisation)
    return digest.digest()


def result_key(context: bytes, rel: str, raw: bytes) -> str:
    """The key of the result of the processing file ``rel`` with bytes ``raw`` in ``context``
    (:func:`_context`)."""
    digest = hashlib.blake2b(context, digest_size=20)
    path = rel.encode("utf-8", "surrogateescape")
    digest.update(b"%d\n" % len(path))
    digest.update(path)
    digest.update(raw)
    return digest.hexdigest()


def _header() -> str:
    return f"{FORMAT} {__version__} {code_fingerprint()}"


def _entry(s: BehandlingStatus, text: str, content: str) -> list[Any]:
    """What is kept of one processing's status: [kort, checkpoints, deviations, JSON entry,
    the key of the file's bytes in the parse cache]."""
    return [
        list(s.kort),
        "\t".join(map(_segment, s.kontrollpunkter.values())),
        list(s.avvikelser),
        text,
        content,
    ]


def _segment(value: Varde) -> str:
    """A checkpoint's value as kept: compact JSON of its form in the status's JSON
    (:func:`lgtool.render.data.checkpoint_data`; JSON never writes a raw tab, which
    separates the values). Written here without a dict and ``json.dumps`` per value."""
    if isinstance(value, DatumKontroll):
        day = "null" if value.datum is None else f'"{value.datum.isoformat()}"'
        return f'{{"status":"{value.status}","datum":{day}}}'
    if isinstance(value, str):
        return _string(value)
    if value is None or isinstance(value, int):
        return json.dumps(value)
    return json.dumps(checkpoint_data(value), ensure_ascii=False, separators=(",", ":"))


_string: Callable[[str], str] = json.encoder.encode_basestring
"""The C version (``ensure_ascii=False``)."""


def _entry_shape(entry: Any) -> bool:
    """The outline of a kept result; its parts are checked as they are read (:class:`_Restore`)."""
    return (
        type(entry) is list
        and len(entry) == 5
        and type(entry[0]) is list
        and len(entry[0]) == len(Kort._fields)
        and type(entry[1]) is str
        and type(entry[2]) is list
        and type(entry[3]) is str
        and type(entry[4]) is str
    )


class _Restore:
    """Kept results back as statuses, for the active checkpoints (``kinds``: keys and kinds)."""

    def __init__(self, kinds: Sequence[tuple[str, str]]) -> None:
        self.keys = [key for key, _ in kinds]
        self.kinds = [kind for _, kind in kinds]
        self.tables = [_VALUES.setdefault(kind, {}) for kind in self.kinds]

    def __call__(
        self, entry: list[Any], model: Callable[[], Behandling]
    ) -> BehandlingStatus | None:
        """A kept result as the status it was (``model`` builds its model); None when it
        does not fit.

        Its checkpoints are read when first asked for: the summaries of unchanged
        förvaltningsobjekt are kept too (:func:`_summaries`), so most never are.
        """
        kort, points, deviations, text, _ = entry
        name, namn, objekt, system, kategori = kort
        if points.count("\t") != len(self.tables) - 1 or kategori not in KATEGORIER:
            return None
        return BehandlingStatus(
            model,
            partial(self.points, points),
            tuple(deviations),
            kort=Kort(name, namn, objekt, system, kategori),
            json=text,  # (not spooled: its shard holds it till the shards are let go)
        )

    def points(self, points: str) -> Kontrollpunkter:
        """The checkpoints kept as ``points`` (:func:`_entry`)."""
        segments = points.split("\t")
        try:
            values = [table[segment] for table, segment in zip(self.tables, segments, strict=True)]
        except KeyError:  # a value not yet met in this run
            for kind, segment in zip(self.kinds, segments, strict=True):
                if not self._learn(kind, segment):
                    message = f"a kept checkpoint this lgtool does not write: {segment!r}"
                    raise ValueError(message) from None
            values = [table[segment] for table, segment in zip(self.tables, segments, strict=True)]
        return Kontrollpunkter(dict(zip(self.keys, values, strict=True)))

    @staticmethod
    def _learn(kind: str, segment: str) -> bool:
        table = _VALUES[kind]
        if segment in table:
            return True
        value = _value(kind, segment)
        if value is _WRONG:
            return False
        table[segment] = value
        return True


class _Spool:
    """The processings' JSON entries of a run, in an unnamed temporary file (gone when closed).

    A city's entries are as large as the status itself; each is read back only when
    the status is written, in order (:func:`lgtool.render.data.write_json`). Where
    the file cannot be written (a full disk), the entries stay in memory.
    """

    __slots__ = ("_at", "_buffer", "_fd", "_file", "_written")

    def __init__(self) -> None:
        self._file: Any = None
        self._fd = -1
        self._at = 0
        """The bytes added."""
        self._written = 0
        """The bytes in the file; the rest are in ``_buffer``."""
        self._buffer = bytearray()
        """Added but not yet written (a write call per entry costs more than the entry)."""

    def add(self, text: str) -> str | Callable[[], str]:
        """``text``, or a function that reads it back."""
        data = text.encode("utf-8", "surrogatepass")
        at = self._at
        self._buffer += data
        self._at += len(data)
        if len(self._buffer) >= 65536 and self._fd != -2:
            self._flush()
        return _Spooled(self, at, len(data))

    def _flush(self) -> None:
        """Write what the buffer holds; on failure hold it, and all that follows, in memory."""
        try:
            if self._file is None:
                import tempfile

                self._file = tempfile.TemporaryFile()  # noqa: SIM115 (open for the whole run)
                self._fd = self._file.fileno()
            while self._buffer:
                done = os.write(self._fd, self._buffer)
                del self._buffer[:done]
                self._written += done
        except OSError:
            self._fd = -2

    def read(self, at: int, size: int) -> str:
        if at >= self._written:
            start = at - self._written
            return self._buffer[start : start + size].decode("utf-8", "surrogatepass")
        data = os.pread(self._fd, min(size, self._written - at), at)
        if at + size > self._written:
            data += self._buffer[: at + size - self._written]
        if len(data) != size:
            raise OSError(f"lgtool: en tillfällig fil kortades ({len(data)} av {size} byte)")
        return data.decode("utf-8", "surrogatepass")


class _Spooled:
    """One entry in a :class:`_Spool`: calling it reads the text back."""

    __slots__ = ("at", "size", "spool")

    def __init__(self, spool: _Spool, at: int, size: int) -> None:
        self.spool = spool
        self.at = at
        self.size = size

    def __call__(self) -> str:
        return self.spool.read(self.at, self.size)


_WRONG: Any = object()
_VALUES: dict[str, dict[str, Any]] = {}
"""Checkpoint values read back, by kind and kept form: most processings share a few."""


def _value(kind: str, segment: str) -> Any:
    """A checkpoint's value of ``kind`` from its kept form (:func:`_segment`), or _WRONG."""
    try:
        data = json.loads(segment)
    except ValueError:
        return _WRONG
    found: Any = _WRONG
    if type(data) is dict:
        status: Any = data.get("status")
        if kind == "datum" and data.keys() == {"status", "datum"} and status in _DATE_WORDS:
            day = data["datum"]
            try:
                found = DatumKontroll(status, None if day is None else date.fromisoformat(day))
            except (TypeError, ValueError):
                return _WRONG
        elif kind == "roller" and data.keys() == {"status", "saknas"} and status in ("ja", "nej"):
            missing = data["saknas"]
            if isinstance(missing, list) and all(type(m) is str for m in missing):
                found = RollKontroll(status, tuple(missing))
    elif kind not in ("datum", "roller") and (data is None or type(data) in (str, int)):
        found = data
    return found


_DATE_WORDS = frozenset(get_args(DatumStatus))


class _Results(ShardedStore):
    """The kept results' shards, in a form read back by splitting, not by a JSON parser.

    One record per result, ended by GS (``\\x1d``), its fields ended by RS (``\\x1e``):
    the key, the :class:`~lgtool.checkpoints.Kort` (its parts separated by US,
    ``\\x1f``; NUL for no system), the deviations (separated by US), the key of the
    file's bytes in the parse cache, the checkpoints (:func:`_segment`, separated by
    tabs) and the processing's JSON entry. None of these characters can be in a kept
    result: a register file holding one is refused (:mod:`lgtool.safetext`), and JSON
    writes them as escapes.
    """

    FRAME = (b"", b"", b"")
    TAIL = b"\x1d"  # _GS

    def encode(self, entries: dict[str, Any]) -> bytes:
        records = []
        for key, (kort, points, deviations, text, content) in entries.items():
            parts = [_NONE if v is None else v for v in kort]
            records.append(
                f"{key}{_RS}{_US.join(parts)}{_RS}{_US.join(deviations)}{_RS}"
                f"{content}{_RS}{points}{_RS}{text}{_GS}"
            )
        return "".join(records).encode("utf-8", "surrogatepass")

    def lead(self, key: str) -> bytes:
        return f"{key}{_RS}".encode("ascii")

    def encode_one(self, key: str, entry: Any) -> bytes:
        """A result's record after its key, without the GS that ends it (:meth:`encode`)."""
        kort, points, deviations, text, content = entry
        parts = [_NONE if v is None else v for v in kort]
        return (
            f"{_US.join(parts)}{_RS}{_US.join(deviations)}{_RS}{content}{_RS}{points}{_RS}{text}"
        ).encode("utf-8", "surrogatepass")

    def thaw(self, entry: bytes) -> Any:
        return next(iter(self.decode(b"-" + self.lead("") + entry + self.TAIL).values()))

    def decode(self, payload: bytes) -> Any:
        text = payload.decode("utf-8", "surrogatepass")
        if not text.endswith(_GS):
            raise ValueError("not ended")
        entries: dict[str, Any] = {}
        for record in text[:-1].split(_GS):
            fields = record.split(_RS)
            if len(fields) != _FIELDS:
                raise ValueError("not a result")
            key, kort, deviations, content, points, entry = fields
            parts: list[str | None] = list(kort.split(_US))
            if len(parts) == len(Kort._fields) and parts[3] == _NONE:
                parts[3] = None
            entries[key] = [
                parts,
                points,
                deviations.split(_US) if deviations else [],
                entry,
                content,
            ]
        return entries


_GS, _RS, _US, _NONE = "\x1d", "\x1e", "\x1f", "\x00"
_FIELDS = 6
_SEPARATORS = re.compile("[\x00\x1d\x1e\x1f]")


def _rebuild(raw: bytes) -> Behandling:
    """The model of a processing kept here: its file validated cleanly, so it is rebuilt."""
    return construct(Behandling, parse_file_bytes(raw).data)
