"""Each unit's register, read as it is, with its own policy, and its status at a date.

A folder is read exactly as ``lgtool status`` reads one (:func:`lgtool.commands.loading.load`,
with the folder's parse cache, and :func:`lgtool.asof.status_per` for a reference
date in the past). A git repository is read at its revision without a checkout,
through :class:`lgtool.history.RegisterHistory` and its blob cache, and a past
reference date is answered from that revision's history as for a folder
(:class:`lgtool.asof.KnownAt`).

Whatever goes wrong with one unit (a missing folder, a path that is not a
register, a bad revision, an unusable organisation.yaml) becomes a located
problem of that unit; the others are read as usual.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lgtool.checkpoints import Anledning, Status, Underlag, compute_status
from lgtool.errors import LgtoolError
from lgtool.gitrepo import GitRepo, commit_at
from lgtool.problems import Problem
from lgtool.register import FolderFiles, Register
from lgtool.stad.cityfile import City, Unit


@dataclass(frozen=True)
class LoadedUnit:
    """One unit read: its register and status (None when unusable) and its problems."""

    unit: Unit
    problems: tuple[Problem, ...]
    """The register's problems, or the one problem that kept it from being read."""
    register: Register | None = None
    status: Status | None = None
    """The whole register's status at the reference date, with the unit's own policy."""

    @property
    def fel(self) -> int:
        """How many errors (not warnings) the unit's register has."""
        return sum(p.antal for p in self.problems if p.niva == "fel")


def load_unit(
    city: City,
    unit: Unit,
    per: date,
    *,
    today: date,
    cache: bool,
    read: MutableMapping[str, FolderFiles] | None = None,
) -> LoadedUnit:
    """Read ``unit``'s register and compute its status at ``per``.

    ``read``: register folders as :func:`lgtool.folder.read_folder` read them, by
    path; a folder in it is not read again, and one read here is added (the result
    cache keys the output by them, :mod:`lgtool.stad.cached`).
    """
    try:
        if unit.git is not None:
            register, status = _from_git(unit, per, today=today)
        else:
            assert unit.folder is not None
            register, status = _from_folder(
                unit.folder, per, today=today, cache=cache, read=read if read is not None else {}
            )
    except LgtoolError as exc:
        line, col = city.locate(unit.index, "register")
        problem = Problem(
            city.shown, line, col, "enhet-olasbar", f"enheten '{unit.id}': {exc.message}"
        )
        return LoadedUnit(unit, (problem,))
    return LoadedUnit(unit, register.problems, register, status)


def _from_folder(
    folder: Path,
    per: date,
    *,
    today: date,
    cache: bool,
    read: MutableMapping[str, FolderFiles],
) -> tuple[Register, Status | None]:
    from lgtool.asof import status_per
    from lgtool.commands.loading import load
    from lgtool.errors import UsageError
    from lgtool.folder import read_folder, register_root

    if not folder.exists():
        raise UsageError(f"registret '{folder.as_posix()}' finns inte")
    if folder.is_file():
        raise UsageError(f"'{folder.as_posix()}' är en fil; ange registermappen")
    root = register_root(folder)
    files = read.get(os.fspath(folder))
    if files is None:
        files = read[os.fspath(folder)] = read_folder(root)
    loaded = load(root, today=today, cache=cache, files=files)
    if loaded.organisation is None:
        return loaded, None
    _, status = status_per(root, loaded, per, today=today, cache=cache)
    return loaded, status


class RevisionRepo(GitRepo):
    """A unit's repository as seen from its revision: what is asked of HEAD is asked of it.

    :class:`lgtool.asof.KnownAt` follows the history of HEAD; a unit names the
    branch, tag or commit it is read at, in a repository that may be bare.
    """

    def __init__(self, toplevel: Path, prefix: str, ref: str) -> None:
        super().__init__(toplevel, prefix)
        self.ref = ref

    def resolve(self, revision: str) -> str:
        """The commit ``revision`` names; HEAD is the unit's revision."""
        return super().resolve(self.ref if revision == "HEAD" else revision)


def _from_git(unit: Unit, per: date, *, today: date) -> tuple[Register, Status | None]:
    from lgtool.asof import KnownAt
    from lgtool.errors import GitError
    from lgtool.history import RegisterHistory

    assert unit.git is not None and unit.repository is not None
    repository = unit.repository
    if not repository.is_dir():
        raise GitError(f"git-förrådet '{repository.as_posix()}' finns inte")
    prefix = f"{unit.git.sokvag}/" if unit.git.sokvag else ""
    repo = RevisionRepo(repository, prefix, unit.git.ref)
    _require_repository(repo, repository)
    history = RegisterHistory(repo, display=unit.shown, today=today)
    commits = repo.first_parent_history("HEAD")
    head = history.at(commits[0].sha)
    if head is None:
        where = f"mappen '{unit.git.sokvag}'" if unit.git.sokvag else "förrådets rot"
        raise GitError(
            f"{where} i '{repository.as_posix()}' på revisionen '{unit.git.ref}' är inget "
            "register: där finns varken organisation.yaml eller mappen behandlingar/"
        )
    if head.organisation is None:
        return head, None
    register, underlag = head, Underlag(anledning="per_ej_passerat")
    if per < today:
        commit = commit_at(commits, per)
        found = KnownAt(history, commits, head).at(commit, per) if commit else None
        if found is not None and found[0].organisation is not None:
            register, underlag = found
        else:
            reason: Anledning = "registret_saknas"
            if commit is None:
                reason = "grund_klon" if repo.is_shallow() else "ingen_commit"
            underlag = Underlag(anledning=reason)
    organisation = register.require_organisation()
    status = compute_status(organisation, register.behandlingar, per)
    return head, dataclasses.replace(status, underlag=underlag)


def _require_repository(repo: GitRepo, repository: Path) -> None:
    """A git error unless ``repository`` is itself a git repository: its work tree, its
    .git folder, or a bare repository. A folder inside another repository is not taken
    for that repository."""
    from lgtool.errors import GitError

    real = repository.resolve()
    try:
        bare, git_dir = repo.git("rev-parse", "--is-bare-repository", "--absolute-git-dir").split()
        top = b"" if bare == b"true" else repo.git("rev-parse", "--show-toplevel").strip()
    except (GitError, ValueError):
        bare, git_dir, top = b"", b"", b""
    found = {Path(os.fsdecode(p)).resolve() for p in (git_dir, top) if p}
    if real not in found:
        raise GitError(
            f"'{repository.as_posix()}' är inget git-förråd; ange förrådets mapp "
            "(eller dess .git-mapp) i 'git'"
        )
