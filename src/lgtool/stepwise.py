"""``lgtool trend`` step by step: each step's key figures updated from what changed.

:func:`lgtool.history.trend_points` with :class:`lgtool.asof.KnownAt` is the careful
path: at every step it builds the register at the step's commit, takes every
processing's dates as known at the step's date, and computes the whole status.
That costs steps × processings. This module gives the same points (the tests
compare them) at a cost in proportion to what changes:

- The register at the next step's commit is the previous one with the processing
  files that the commits in between changed, when each of them is a valid
  processing before and after that meets the rules between files by itself
  (:func:`lgtool.register.passes_alone`); any other change (organisation.yaml, a
  year file, an added, removed or broken file) reads the commit's register in full.
- The key figures are sums over the processings. Each processing's share is kept,
  and computed again only when its file changed, or when the step's date passes a
  day on which its share may change: a date stated in some version of its file
  (the date becomes known, or the dated review becomes current) or the day after
  such a date plus a checkpoint's interval (the review expires). Between those
  days nothing that the share depends on changes.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from lgtool.asof import DATE_FIELDS, _DateWalk
from lgtool.checkpoints import (
    Checkpoint,
    Nyckeltal,
    Summering,
    active_checkpoints,
    add_months,
    compute_checkpoints,
    status_word,
    trend_checkpoints,
)
from lgtool.folder import MAX_FILE_BYTES
from lgtool.gitrepo import SYMLINK_MODE, Commit, FileVersion, commit_at
from lgtool.history import RegisterHistory, TrendPunkt
from lgtool.model import Behandling, Forvaltningsobjekt, Organisation
from lgtool.register import (
    BEHANDLINGAR_DIR,
    ORGANISATION_FILE,
    ParsedFile,
    Register,
    join_display,
    passes_alone,
)

_REGULAR_MODES = frozenset({"100644", "100755"})

Share = tuple[bool, tuple[str | None, ...], int, int, int]
"""One processing's part of the sums: deviates, its word per counted checkpoint, yellow
and red items, and 1 when it has no handlingsplan."""


@dataclass
class _Entry:
    behandling: Behandling
    """The processing as the commit states it (before the dates known at the step)."""
    share: Share
    due: date | None
    """The first day after the step's on which its share may change; None: never."""


class _Sums:
    """The key figures' sums over the processings' shares."""

    def __init__(self, checkpoints: Sequence[Checkpoint]) -> None:
        self.counted = [c for c in checkpoints if c.kind != "antal"]
        self.varden = {c.key: dict.fromkeys(c.values, 0) for c in self.counted}
        self._keys = [self.varden[c.key] for c in self.counted]
        self.antal = self.avvikelser = self.gula = self.roda = self.utan = 0

    def add(self, share: Share, sign: int) -> None:
        deviates, words, gula, roda, utan = share
        self.antal += sign
        self.avvikelser += sign * deviates
        for counts, word in zip(self._keys, words, strict=True):
            if word is not None:
                counts[word] += sign
        self.gula += sign * gula
        self.roda += sign * roda
        self.utan += sign * utan

    def figures(self, day: date, checkpoints: Sequence[Checkpoint]) -> Nyckeltal:
        """:func:`lgtool.checkpoints.key_figures` of these sums."""
        s = Summering(
            antal=self.antal,
            avvikelser=self.avvikelser,
            varden={key: dict(counts) for key, counts in self.varden.items()},
            gula=self.gula,
            roda=self.roda,
            utan_handlingsplan=self.utan,
        )
        return Nyckeltal(
            per=day,
            antal=s.antal,
            andelar={
                f"andel_{c.key}": s.share(c.key).andel for c in trend_checkpoints(checkpoints)
            },
            gula=s.gula,
            roda=s.roda,
            utan_handlingsplan=s.utan_handlingsplan,
            avvikelser=s.avvikelser,
        )


class StepwiseTrend:
    """The key figures at many dates, each step updated from the previous one."""

    def __init__(self, history: RegisterHistory, commits: Sequence[Commit]) -> None:
        """``commits``: the first-parent history of HEAD, newest first."""
        self.history = history
        self.commits = commits
        self._order = {c.sha: i for i, c in enumerate(commits)}
        self._versions: dict[str, list[FileVersion]] | None = None
        self._changes: dict[str, list[tuple[str, FileVersion]]] = {}
        # The register and the sums at the last step
        self._sha: str | None = None
        self._register: Register | None = None
        self._organisation: Organisation | None = None
        self._entries: dict[str, _Entry] = {}
        self._sums: _Sums | None = None
        self._due: list[tuple[date, str]] = []
        self._candidates: dict[str, list[date]] = {}
        self._checkpoints: tuple[Checkpoint, ...] = ()
        self._sizes: dict[str, int] = {}
        self._parsed: dict[tuple[str, str], ParsedFile | None] = {}
        self._objekt: dict[str, Forvaltningsobjekt] = {}

    def points(self, dates: Sequence[date]) -> list[TrendPunkt]:
        """The same points as :func:`lgtool.history.trend_points` with
        :meth:`lgtool.asof.KnownAt.register`, for ``dates`` in any order."""
        found: dict[int, TrendPunkt] = {}
        for index, day in sorted(enumerate(dates), key=lambda pair: (pair[1], pair[0])):
            found[index] = self._point(day)
        return [found[i] for i in range(len(dates))]

    def _point(self, day: date) -> TrendPunkt:
        history = self.history
        commit = commit_at(self.commits, day)
        if commit is None:
            why = (
                "historiken saknas i den grunda klonen" if history.shallow else "före första commit"
            )
            return TrendPunkt(day, None, None, (), why)
        register = self._register_at(commit)
        if register is None:
            return TrendPunkt(day, commit, None, (), "registret fanns inte")
        if register.organisation is None:
            return TrendPunkt(day, commit, None, register.problems, f"{ORGANISATION_FILE} har fel")
        sums = self._update(commit, register, register.organisation, day)
        return TrendPunkt(day, commit, sums.figures(day, self._checkpoints), register.problems)

    # --- the register at each step's commit ---------------------------------------------

    def _register_at(self, commit: Commit) -> Register | None:
        if commit.sha == self._sha:
            return self._register
        register = None
        if self._register is not None and self._sha is not None:
            register = self._patched(self._sha, commit.sha, self._register)
        if register is None:
            register = self.history.at(commit.sha)
        self._sha, self._register = commit.sha, register
        return register

    def _file_versions(self) -> dict[str, list[FileVersion]]:
        """Every version of every file (one ``git log``); the processing files' versions
        are read and parsed at once (one ``git cat-file``), each blob once."""
        if self._versions is None:
            self._versions = self.history.repo.file_versions("HEAD")
            wanted = []
            for rel, items in self._versions.items():
                processing = rel.startswith(f"{BEHANDLINGAR_DIR}/") and rel.endswith(".yaml")
                for version in items:
                    self._changes.setdefault(version.commit, []).append((rel, version))
                    if processing and version.blob is not None and version.mode != SYMLINK_MODE:
                        wanted.append((rel, version.blob))
            self._sizes = self.history.repo.blob_sizes(blob for _, blob in wanted)
            self._parsed = self.history.parse_some(wanted, _always)
        return self._versions

    def _patched(self, before: str, after: str, register: Register) -> Register | None:
        """The register at ``after`` from the one at the older commit ``before``, when the
        commits in between only changed processings that stay valid; else None."""
        newer, older = self._order.get(after), self._order.get(before)
        if newer is None or older is None or newer > older:
            return None
        self._file_versions()
        changed: dict[str, tuple[str, str | None]] = {}
        for commit in self.commits[newer:older]:  # newest first: the newest change wins
            for rel, version in self._changes.get(commit.sha, ()):
                changed.setdefault(rel, (version.mode, version.blob))
        return patch_register(self.history, register, changed, self._sizes, self._parsed)

    # --- the sums ------------------------------------------------------------------------

    def _update(
        self, commit: Commit, register: Register, organisation: Organisation, day: date
    ) -> _Sums:
        if organisation is not self._organisation or self._sums is None:
            self._organisation = organisation
            self._checkpoints = active_checkpoints(organisation.policy)
            self._objekt = {o.id: o for o in organisation.forvaltningsobjekt}
            self._sums = _Sums(self._checkpoints)
            self._entries = {}
            self._due = []
            self._candidates = {}
        sums = self._sums
        entries = self._entries
        current = {b.id: b for b in register.behandlingar if b.forvaltningsobjekt in self._objekt}
        for behandling_id in [i for i in entries if i not in current]:
            sums.add(entries.pop(behandling_id).share, -1)
        stale = {
            i for i, b in current.items() if i not in entries or entries[i].behandling is not b
        }
        while self._due and self._due[0][0] <= day:
            _, behandling_id = heapq.heappop(self._due)
            entry = entries.get(behandling_id)
            if entry is not None and entry.due is not None and entry.due <= day:
                stale.add(behandling_id)
        if stale:
            self._recompute([current[i] for i in sorted(stale)], commit, day)
        return sums

    def _recompute(self, behandlingar: list[Behandling], commit: Commit, day: date) -> None:
        """The shares of ``behandlingar`` at ``day``, with their dates as known then."""
        assert self._sums is not None
        versions = self._file_versions()
        walk = _DateWalk(self.history, versions, self._order, self._order[commit.sha])
        known, _ = walk.resolve(behandlingar, {}, day)
        policy = self._organisation.policy if self._organisation else None
        assert policy is not None
        for stated, b in zip(behandlingar, known, strict=True):
            old = self._entries.get(b.id)
            if old is not None:
                self._sums.add(old.share, -1)
            status = compute_checkpoints(
                b, self._objekt[b.forvaltningsobjekt], policy, day, self._checkpoints
            )
            p = status.kontrollpunkter
            yellow = p.gula
            share: Share = (
                bool(status.avvikelser),
                tuple(status_word(p[c.key]) for c in self._sums.counted),
                yellow or 0,
                p.roda or 0,
                1 if yellow is None else 0,
            )
            self._sums.add(share, 1)
            due = self._next_change(stated, day)
            self._entries[b.id] = _Entry(stated, share, due)
            if due is not None:
                heapq.heappush(self._due, (due, b.id))

    def _next_change(self, behandling: Behandling, day: date) -> date | None:
        """The first day after ``day`` on which the processing's share may change."""
        days = self._candidates.get(behandling.id)
        if days is None:
            days = sorted(set(self._change_days(behandling)))
            self._candidates[behandling.id] = days
        at = bisect.bisect_right(days, day)
        return days[at] if at < len(days) else None

    def _change_days(self, behandling: Behandling) -> Iterable[date]:
        """Every date of every version of the processing's file, and each such date's
        day after it expires under each dated checkpoint's interval."""
        rel = f"{BEHANDLINGAR_DIR}/{behandling.id}.yaml"
        versions = self._file_versions().get(rel, [])
        stated: set[date] = set()
        models = [behandling]
        for v in versions:
            item = self._parsed.get((rel, v.blob)) if v.blob is not None else None
            if item is not None and item.loaded and isinstance(item.loaded.model, Behandling):
                models.append(item.loaded.model)
        for model in models:
            for name in DATE_FIELDS:
                value = getattr(model, name)
                if value is not None:
                    stated.add(value)
        assert self._organisation is not None
        policy = self._organisation.policy
        intervals = {
            getattr(policy.max_alder_manader, c.interval or "")
            for c in self._checkpoints
            if c.kind == "datum"
        }
        for value in stated:
            yield value
            for months in intervals:
                yield add_months(value, months) + timedelta(days=1)


def patch_register(
    history: RegisterHistory,
    register: Register,
    changed: Mapping[str, tuple[str, str | None]],
    sizes: Mapping[str, int] | None = None,
    parsed: Mapping[tuple[str, str], ParsedFile | None] | None = None,
) -> Register | None:
    """``register`` with the files ``changed`` (path → (mode, blob)) swapped in, when each
    is a processing file that was valid in ``register`` and is valid in its new version
    by itself (:func:`lgtool.register.passes_alone`); else None: read the register in full.

    Then nothing else changes: no other file's problems, and the processings keep their
    ids and files. ``sizes`` and ``parsed``: the blobs' sizes and parses when known.
    """
    display = history.display
    for rel, (mode, blob) in changed.items():
        folder, _, name = rel.rpartition("/")
        stem = name.removesuffix(".yaml")
        if (
            folder != BEHANDLINGAR_DIR
            or not name.endswith(".yaml")
            or blob is None
            or mode not in _REGULAR_MODES
            or register.files.get(stem) != join_display(display, rel)
        ):
            return None
    pairs = [(rel, blob) for rel, (_, blob) in changed.items() if blob is not None]
    if not pairs:
        return register
    if sizes is None:
        sizes = history.repo.blob_sizes(blob for _, blob in pairs)
    if any(sizes[blob] > MAX_FILE_BYTES for _, blob in pairs):
        return None
    if parsed is None:
        parsed = history.parse_some(pairs)
    replaced: dict[str, Behandling] = {}
    for key in pairs:
        item = parsed.get(key)
        if item is None or not passes_alone(item, register.organisation):
            return None
        assert item.loaded is not None
        model: Behandling = item.loaded.model
        replaced[model.id] = model
    return Register(
        organisation=register.organisation,
        behandlingar=tuple(replaced.get(b.id, b) for b in register.behandlingar),
        ar=register.ar,
        problems=register.problems,
        files=register.files,
        incidenter=register.incidenter,
    )


def _always(key: tuple[str, str], data: bytes) -> bool:
    return True


def stepwise_points(
    history: RegisterHistory, commits: Sequence[Commit], dates: Sequence[date]
) -> list[TrendPunkt]:
    """:class:`StepwiseTrend`'s points at ``dates``."""
    return StepwiseTrend(history, commits).points(dates)
