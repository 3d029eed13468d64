"""The register as it was known on a reference date in the past, from its git history.

When the reference date R has passed and the register is in git, the figures are
what the register knew about R (issue 12):

- the processings, and every field but the dates, come from the last commit on or
  before the end of day R (a processing added later is not counted);
- each dated review takes the first date on or before R that a version of the
  processing's file states, walking from the working tree back to the first
  commit: a date entered late counts, and an overwritten earlier date is found again.

Without such a commit the working tree is used, and a date after R is unknown at R
(``okand``, :mod:`lgtool.checkpoints`). The year files always come from the working
tree: they are written after the year they describe.

One ``git log --raw`` lists every version of every file; the versions are read in
rounds (one ``git cat-file`` per round, newest first) and only as far back as some
date is still unresolved, each blob parsed once (:class:`RegisterHistory`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from lgtool import clock
from lgtool.checkpoints import CHECKPOINTS, Status, Underlag, compute_status
from lgtool.errors import GitError
from lgtool.model import Behandling
from lgtool.register import BEHANDLINGAR_DIR, Register

if TYPE_CHECKING:  # git is read only for a date in the past: imported there
    from lgtool.gitrepo import Commit, FileVersion
    from lgtool.history import RegisterHistory

DATE_FIELDS: tuple[str, ...] = tuple(
    c.field for c in CHECKPOINTS if c.kind == "datum" and c.field is not None
)
"""Every dated review's field, whether or not the policy turns its checkpoint on."""


def status_per(
    root: Path | None,
    loaded: Register,
    per: date,
    *,
    today: date | None = None,
    cache: bool = False,
) -> tuple[Register, Status]:
    """The status at ``per`` and the register it was computed from (:func:`register_per`).

    ``loaded`` is the working tree's register; its organisation must be usable.
    """
    if root is None:
        register, underlag = loaded, Underlag(anledning="inte_i_git")
    else:
        register, underlag = register_per(root, loaded, per, today=today, cache=cache)
    organisation = register.require_organisation()
    status = compute_status(organisation, register.behandlingar, per)
    return register, dataclasses.replace(status, underlag=underlag)


def register_per(
    root: Path, loaded: Register, per: date, *, today: date | None = None, cache: bool = False
) -> tuple[Register, Underlag]:
    """The register as known at ``per``, and what it rests on.

    ``loaded`` is the working tree's register (already read and validated). It is
    returned as it is when ``per`` is today or later, outside git, or when no
    commit on or before ``per`` holds a usable register. With ``cache`` the folder's
    parse cache spares parsing the commit's files that the working tree also has.
    """
    today = today or clock.today()
    if per >= today:
        return loaded, Underlag(anledning="per_ej_passerat")
    from lgtool.cache import ParseCache
    from lgtool.gitrepo import commit_at
    from lgtool.history import RegisterHistory

    try:
        history = RegisterHistory.open(root, today=today)
    except GitError:
        return loaded, Underlag(anledning="inte_i_git")
    if cache:
        history.parse_cache = ParseCache.for_register(root)
    try:
        commits = history.repo.first_parent_history("HEAD")
    except GitError:  # no commits yet
        return loaded, Underlag(anledning="ingen_commit")
    commit = commit_at(commits, per)
    if commit is None:
        shallow = history.repo.is_shallow()  # the history that would answer is cut off
        return loaded, Underlag(anledning="grund_klon" if shallow else "ingen_commit")
    found = KnownAt(history, commits, loaded).at(commit, per)
    if found is None or found[0].organisation is None:
        return loaded, Underlag(anledning="registret_saknas")
    return found


class KnownAt:
    """The register as known at any past date, from one history: the versions of every
    file are listed once (one ``git log``) and each blob is parsed once, however many
    dates are asked for (``lgtool trend`` asks for one per step)."""

    def __init__(
        self, history: RegisterHistory, commits: Sequence[Commit], working: Register | None
    ) -> None:
        """``commits``: the first-parent history of HEAD, newest first; ``working``: the
        working tree's register, whose dates are the newest version (None: start at HEAD)."""
        self.history = history
        self.working = working
        self._order = {c.sha: i for i, c in enumerate(commits)}
        self._versions: dict[str, list[FileVersion]] | None = None
        self._working = {b.id: b for b in working.behandlingar} if working else {}

    def at(self, commit: Commit, per: date) -> tuple[Register, Underlag] | None:
        """The register at ``commit`` with each date as known at ``per``; None when the
        register did not exist then. An unusable organisation.yaml leaves it as it was."""
        then = self.history.at(commit.sha)
        if then is None:
            return None
        if then.organisation is None:
            return then, Underlag(anledning="registret_saknas")
        if self._versions is None:
            self._versions = self.history.repo.file_versions("HEAD")
        walk = _DateWalk(self.history, self._versions, self._order, self._order[commit.sha])
        behandlingar, later = walk.resolve(then.behandlingar, self._working, per)
        working = self.working
        register = Register(
            organisation=then.organisation,
            behandlingar=behandlingar,
            ar=working.ar if working else then.ar,
            problems=working.problems if working else then.problems,
            files={**working.files, **then.files} if working else then.files,
        )
        # present in the commit, valid or not: a file with problems then is not "added later"
        present = _present(self._versions, self._order, self._order[commit.sha])
        return register, Underlag(
            kalla="commit",
            commit=commit.sha,
            commit_datum=commit.datum,
            senare_registrerade_datum=later,
            utelamnade_behandlingar=tuple(sorted(i for i in self._working if i not in present)),
            fel_i_commit=len(then.problems),
        )

    def register(self, commit: Commit, per: date) -> Register | None:
        """:meth:`at` without the basis (for :func:`lgtool.history.trend_points`)."""
        found = self.at(commit, per)
        return found[0] if found else None


def _present(
    versions: Mapping[str, list[FileVersion]], order: Mapping[str, int], commit_index: int
) -> set[str]:
    """The ids of the processing files that exist at the commit at ``commit_index``."""
    found = set()
    for rel, items in versions.items():
        folder, _, name = rel.rpartition("/")
        if folder != BEHANDLINGAR_DIR or not name.endswith(".yaml"):
            continue
        at = next((v for v in items if order.get(v.commit, -1) >= commit_index), None)
        if at is not None and at.blob is not None:
            found.add(name.removesuffix(".yaml"))
    return found


def _worth_parsing(
    unresolved: Mapping[str, Sequence[str]], per: date, key: tuple[str, str], data: bytes
) -> bool:
    return _may_state_date(data, unresolved[key[0]], per)


def _may_state_date(text: bytes, fields: Sequence[str], per: date) -> bool:
    """Whether a file's bytes may state a date on or before ``per`` for one of ``fields``.

    A cheap look before the full parse: a field is ruled out when it is absent, or
    named once, on a top-level line that leaves it empty (``null``, ``~``, nothing) or
    holds a plain date after ``per``. Anything else (a comment naming the field, a
    flow mapping, an alias, a quoted value) is parsed, so this never hides a date.
    """
    for name in fields:
        key = name.encode()
        mentions = text.count(key)
        if mentions == 0:
            continue
        if mentions > 1:
            return True
        match = re.search(rb"(?m)^" + key + _VALUE, text)
        if match is None:
            return True
        if match.group(1):
            try:
                if date.fromisoformat(match.group(1).decode()) <= per:
                    return True
            except ValueError:  # not a real date: the full parse reports it
                return True
    return False


_VALUE = rb"[ \t]*:[ \t]*(?:null|Null|NULL|~|(\d{4}-\d{2}-\d{2}))?[ \t]*(?:#[^\n]*)?\r?$"
"""The rest of a top-level line holding nothing, null or a plain date (then group 1)."""


@dataclass
class _Pending:
    """One processing of the commit whose dates are still being looked for."""

    behandling: Behandling
    versions: Sequence[FileVersion]
    found: dict[str, tuple[date, bool]]
    """Field → the date chosen, and whether it was recorded after the commit."""
    position: int = 0


class _DateWalk:
    """Each processing's dates: the first on or before R, from the newest version back."""

    def __init__(
        self,
        history: RegisterHistory,
        versions: Mapping[str, list[FileVersion]],
        order: Mapping[str, int],
        commit_index: int,
    ) -> None:
        self.history = history
        self.versions = versions
        self.order = order
        """Commit id → its position on the first-parent history, 0 for the newest."""
        self.commit_index = commit_index

    def resolve(
        self, then: Sequence[Behandling], working: Mapping[str, Behandling], per: date
    ) -> tuple[tuple[Behandling, ...], int]:
        """The commit's processings with their dates as known at ``per``, and how many
        of those dates were recorded after the commit."""
        from lgtool.gitrepo import SYMLINK_MODE

        pending = [
            _Pending(b, self.versions.get(f"{BEHANDLINGAR_DIR}/{b.id}.yaml", []), {}) for b in then
        ]
        # The working tree first: it is already read and validated.
        for p in pending:
            current = working.get(p.behandling.id)
            if current is not None:
                self._take(p, current, per, later=True)
        open_ = [p for p in pending if len(p.found) < len(DATE_FIELDS) and p.versions]
        while open_:
            wanted = []
            for p in open_:
                version = p.versions[p.position]
                if version.blob is not None and version.mode != SYMLINK_MODE:
                    wanted.append((f"{BEHANDLINGAR_DIR}/{p.behandling.id}.yaml", version.blob))
            unresolved = {
                f"{BEHANDLINGAR_DIR}/{p.behandling.id}.yaml": [
                    name for name in DATE_FIELDS if name not in p.found
                ]
                for p in open_
            }
            worth = partial(_worth_parsing, unresolved, per)
            parsed = self.history.parse_some(wanted, worth)
            for p in open_:
                version = p.versions[p.position]
                p.position += 1
                if version.blob is None or version.mode == SYMLINK_MODE:
                    continue
                item = parsed[(f"{BEHANDLINGAR_DIR}/{p.behandling.id}.yaml", version.blob)]
                if item is None:
                    continue
                if item.loaded is not None and isinstance(item.loaded.model, Behandling):
                    newer = self.order.get(version.commit, len(self.order)) < self.commit_index
                    self._take(p, item.loaded.model, per, later=newer)
            open_ = [
                p for p in open_ if len(p.found) < len(DATE_FIELDS) and p.position < len(p.versions)
            ]
        result = []
        later = 0
        for p in pending:
            changes = {}
            for name in DATE_FIELDS:
                chosen = p.found.get(name)
                stated = getattr(p.behandling, name)
                if chosen is None:  # no version states a date on or before R: the commit's
                    continue
                if chosen[0] != stated:
                    changes[name] = chosen[0]
                    later += chosen[1]
            result.append(p.behandling.model_copy(update=changes) if changes else p.behandling)
        return tuple(result), later

    @staticmethod
    def _take(p: _Pending, version: Behandling, per: date, *, later: bool) -> None:
        for name in DATE_FIELDS:
            if name in p.found:
                continue
            value: date | None = getattr(version, name)
            if value is not None and value <= per:
                p.found[name] = (value, later)
