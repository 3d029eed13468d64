"""``stad status`` and ``stad gemensamma`` through the result cache, as ``lgtool status``.

A city's output is a function of lgtool itself, the command and its options,
today's date, the bytes of stad.yaml and every unit's register files. When none
of those changed, the stored output is written again without loading anything:
the warm path lists and hashes the units' files (:func:`lgtool.folder.read_folder`)
and reads two small cache files; it imports neither the YAML reader nor the schemas.

Which folders the units are is known only by reading stad.yaml, so a run also
stores a *manifest*: the units' register folders, keyed by the bytes and the path
of stad.yaml. A warm run reads the manifest, reads those folders and looks the
output up by the key over all of it. Both live in the result cache of stad.yaml's
folder (:mod:`lgtool.result_cache`, signed as every cache file).

Not cached, as for ``lgtool status`` (:func:`lgtool.commands.cached.replayable`): the
``table`` format, ``--ingen-cache``, a reference date in the past; and a city with a
unit read from git (its answer depends on the repository, which the key does not
hold). Each unit's parse cache serves a run that is not replayed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path, PurePath
from typing import Any, TextIO

from lgtool import __version__, clock
from lgtool.cachedir import code_fingerprint
from lgtool.folder import FolderFiles, SourceFile, read_folder
from lgtool.options import IN_KEY, StadGemensammaOptions, StadStatusOptions
from lgtool.result_cache import STDERR, STDOUT, Result, ResultCache

StadOptions = StadStatusOptions | StadGemensammaOptions
FORMAT = "lgtool-stad 1"
_MANIFEST = "enheter"


@dataclass(frozen=True)
class Reading:
    """What a run is given and what it tells: the day, the register folders read by path
    (it adds those it reads), and the units' register folders ('' for one from git)."""

    today: date
    read: MutableMapping[str, FolderFiles] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)


Run = Callable[[StadOptions, TextIO, TextIO, Reading], int]
"""Runs the command: (options, stdout, stderr, reading) → exit code."""


def replayable(options: StadOptions, today: date) -> bool:
    """Whether the output of ``options`` may be stored (see the module docstring)."""
    return (
        options.cache
        and options.format != "table"
        and (options.per is None or options.per >= today)
    )


def status(options: StadStatusOptions) -> int:
    """``lgtool stad status`` (:func:`lgtool.commands.stad.status`), replayed when unchanged."""
    return replay_or_run(options, _run_status)


def gemensamma(options: StadGemensammaOptions) -> int:
    """``lgtool stad gemensamma`` (:func:`lgtool.commands.stad.gemensamma`), replayed."""
    return replay_or_run(options, _run_gemensamma)


def _run_status(options: StadOptions, out: TextIO, err: TextIO, reading: Reading) -> int:
    from lgtool.commands.stad import status as run

    assert isinstance(options, StadStatusOptions)
    return run(
        options, out, err=err, today=reading.today, read=reading.read, folders=reading.folders
    )


def _run_gemensamma(options: StadOptions, out: TextIO, err: TextIO, reading: Reading) -> int:
    from lgtool.commands.stad import gemensamma as run

    assert isinstance(options, StadGemensammaOptions)
    return run(
        options, out, err=err, today=reading.today, read=reading.read, folders=reading.folders
    )


def replay_or_run(options: StadOptions, run: Run) -> int:
    """The stored output of ``options`` when nothing has changed, else ``run`` (and store it)."""
    today = clock.today()
    raw = _city_bytes(options.stadsfil) if replayable(options, today) else None
    if raw is None:
        return run(options, sys.stdout, sys.stderr, Reading(today))
    folder = options.stadsfil.parent
    manifest = ResultCache.for_register(folder, _manifest_key(options.stadsfil, raw))
    read: dict[str, FolderFiles] = {}
    known = _folders(manifest.load())
    if known is not None:
        read = {path: read_folder(Path(path)) for path in known}
        stored = ResultCache.for_register(folder, _key(options, today, raw, known, read))
        found = stored.load()
        if found is not None:
            return found.write()
    out, err = io.StringIO(), io.StringIO()
    reading = Reading(today, read)
    code = run(options, out, err, reading)
    used = reading.folders
    sys.stdout.write(out.getvalue())
    sys.stderr.write(err.getvalue())
    if "" in used:  # a unit read from git: not cached
        return code
    for path in used:
        if path not in read:
            read[path] = read_folder(Path(path))
    manifest.save(Result(0, ((STDOUT, json.dumps({_MANIFEST: used}, ensure_ascii=False)),)))
    parts = tuple((s, t) for s, t in ((STDOUT, out.getvalue()), (STDERR, err.getvalue())) if t)
    stored = ResultCache.for_register(folder, _key(options, today, raw, used, read))
    stored.save(Result(int(code), parts))
    return code


def _city_bytes(path: Path) -> bytes | None:
    """stad.yaml's bytes; None when it cannot be read (the run reports why)."""
    from lgtool.folder import read_regular
    from lgtool.stad.limits import MAX_CITY_BYTES

    try:
        return read_regular(path, limit=MAX_CITY_BYTES)
    except Exception:  # missing, too large, not a regular file: the command says so
        return None


def _manifest_key(path: Path, raw: bytes) -> str:
    digest = hashlib.sha256(
        json.dumps([FORMAT, _MANIFEST, __version__, code_fingerprint(), os.fspath(path)]).encode()
    )
    digest.update(raw)
    return digest.hexdigest()


def _folders(found: Result | None) -> list[str] | None:
    """The units' folders in a stored manifest; None when there is none or it is not one."""
    if found is None or len(found.parts) != 1:
        return None
    try:
        data = json.loads(found.parts[0][1])
    except ValueError:
        return None
    paths = data.get(_MANIFEST) if isinstance(data, dict) else None
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        return None
    return paths


def _key(
    options: StadOptions,
    today: date,
    raw: bytes,
    folders: list[str],
    read: Mapping[str, FolderFiles],
) -> str:
    """Everything the output depends on: code, command, options, day, stad.yaml, the files."""
    head = json.dumps(
        [
            FORMAT,
            __version__,
            code_fingerprint(),
            options.command,
            _key_options(options),
            today.isoformat(),
            os.fspath(options.stadsfil),
            folders,
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    digest = hashlib.sha256(head.encode("utf-8", "surrogateescape"))
    update = digest.update
    update(b"\n%d\n" % len(raw))
    update(raw)
    for folder in folders:
        sources, problems = read[folder]
        update(json.dumps([folder, [list(_plain_problem(p)) for p in problems]]).encode())
        for source in sources:  # length-prefixed, so no two lists of files hash alike
            _add(update, source)
    return digest.hexdigest()


def _add(update: Callable[[bytes], None], source: SourceFile) -> None:
    rel = source.rel.encode("utf-8", "surrogateescape")
    update(b"\n%d %d %s\n" % (len(rel), len(source.raw), rel))
    update(source.raw)


def _plain_problem(problem: Any) -> tuple[Any, ...]:
    return (problem.fil, problem.rad, problem.kolumn, problem.kod, problem.meddelande)


def _key_options(options: StadOptions) -> dict[str, Any]:
    """The options' fields that change the output (as :func:`lgtool.result_cache.key_options`)."""
    found: dict[str, Any] = {}
    for f in fields(options):
        if not f.metadata.get(IN_KEY, True):
            continue
        value = getattr(options, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, PurePath):
            value = str(value)
        found[f.name] = value
    return found
