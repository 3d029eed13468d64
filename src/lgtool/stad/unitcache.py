"""Each unit's summary through the result cache: a city where one unit changed reads one.

A unit's summary (:class:`lgtool.stad.rollup.UnitSummary`: its errors, key figures
and common systems) and its problems are a function of lgtool itself, the day, the
reference date and the unit's register files. They are stored keyed by all of that,
so that when one register of fifty changed only that one is read, validated and
computed again; the others are taken as stored. The whole city's output is cached
apart (:mod:`lgtool.stad.cached`); this serves the runs where something changed.

All units' summaries are one file in the result cache of stad.yaml's folder
(:mod:`lgtool.result_cache`, signed), read once and written once per run: fifty
small files would cost fifty writes to disk on every run that changed something.

Only folders, and only for today or a later reference date (a past one is answered
from git history, which the key does not hold); the report reads every register
whole, since it needs more than the summary.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from lgtool import __version__
from lgtool.cachedir import code_fingerprint
from lgtool.folder import FolderFiles, display_root
from lgtool.objectives import Matt
from lgtool.problems import Problem
from lgtool.result_cache import STDOUT, Result, ResultCache
from lgtool.stad.rollup import CommonUse, UnitSummary

FORMAT = "lgtool-stad-enhet 1"


def unit_key(root: Path, files: FolderFiles, *, today: date, per: date) -> str:
    """Everything a unit's summary depends on: code, day, reference date, its files."""
    sources, problems = files
    head = json.dumps(
        [
            FORMAT,
            __version__,
            code_fingerprint(),
            today.isoformat(),
            per.isoformat(),
            display_root(root),
            [_problem_list(p) for p in problems],
        ],
        ensure_ascii=False,
    )
    digest = hashlib.sha256(head.encode("utf-8", "surrogateescape"))
    update = digest.update
    for source in sources:  # length-prefixed, so no two lists of files hash alike
        rel = source.rel.encode("utf-8", "surrogateescape")
        update(b"\n%d %d %s\n" % (len(rel), len(source.raw), rel))
        update(source.raw)
    return digest.hexdigest()


class UnitStore:
    """The stored summaries of a city's units, by unit key; :meth:`open` and :meth:`save`."""

    def __init__(self, cache: ResultCache | None, entries: dict[str, Any]) -> None:
        self._cache = cache
        self._old = entries
        self._new: dict[str, Any] = {}

    @classmethod
    def open(cls, stadsfil: Path) -> UnitStore:
        """The store of the city file ``stadsfil`` (empty when there is none or it is damaged)."""
        name = hashlib.sha256(
            json.dumps([FORMAT, __version__, code_fingerprint(), str(stadsfil)]).encode()
        ).hexdigest()
        cache = ResultCache.for_register(stadsfil.parent, f"enheter-{name}")
        found = cache.load()
        entries: Any = None
        if found is not None and len(found.parts) == 1:
            try:
                entries = json.loads(found.parts[0][1])
            except ValueError:
                entries = None
        return cls(cache, entries if isinstance(entries, dict) else {})

    def get(self, key: str) -> tuple[UnitSummary, tuple[Problem, ...]] | None:
        """The summary and problems stored for ``key``; None when there are none."""
        data = self._old.get(key)
        if data is None:
            return None
        try:
            found = _decode(data)
        except (ValueError, TypeError, KeyError, IndexError):
            return None
        if found is not None:
            self._new[key] = data
        return found

    def put(self, key: str, summary: UnitSummary, problems: tuple[Problem, ...]) -> None:
        """Remember a unit's summary and problems under ``key``."""
        self._new[key] = {
            "fel": summary.fel,
            "nyckeltal": [[k, m.antal, m.av] for k, m in summary.nyckeltal.items()],
            "gemensamma": [
                [
                    u.system,
                    list(u.behandlingar),
                    u.klassa,
                    u.datum.isoformat() if u.datum else None,
                ]
                for u in summary.gemensamma
            ],
            "problem": [_problem_list(p) for p in problems],
        }

    def save(self) -> None:
        """Store the entries of this run (others are dropped) when anything changed."""
        if self._cache is None or self._new.keys() == self._old.keys():
            return
        text = json.dumps(self._new, ensure_ascii=False)
        self._cache.save(Result(0, ((STDOUT, text),)))


def _problem_list(p: Problem) -> list[Any]:
    return [p.fil, p.rad, p.kolumn, p.kod, p.meddelande, p.niva, p.antal]


def _decode(data: Any) -> tuple[UnitSummary, tuple[Problem, ...]] | None:
    if not isinstance(data, dict):
        return None
    figures = {str(k): Matt(_count(a), _count(b)) for k, a, b in data["nyckeltal"]}
    uses = tuple(
        CommonUse(
            str(system),
            tuple(str(i) for i in ids),
            str(klassa),
            date.fromisoformat(datum) if datum is not None else None,
        )
        for system, ids, klassa, datum in data["gemensamma"]
    )
    problems = tuple(
        Problem(
            str(f), int(r), int(c), str(k), str(m), "varning" if n == "varning" else "fel", int(a)
        )
        for f, r, c, k, m, n, a in data["problem"]
    )
    fel = data["fel"]
    if type(fel) is not int:
        return None
    return UnitSummary(fel, figures, uses), problems


def _count(value: Any) -> int | None:
    if value is None or type(value) is int:
        return value
    raise TypeError("not a count")
