"""The register at any revision of its git history, and its key figures over time.

Files are read straight from git (no checkout) and checked exactly as
``lgtool validate`` checks them (:func:`lgtool.register.parse_source` and
:func:`lgtool.register.assemble`). Each file's parse and validation is cached by
git blob id, so walking a long history costs in proportion to the files that
changed, not to commits × files.
"""

from __future__ import annotations

import calendar
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from lgtool import clock
from lgtool.cache import ParseCache
from lgtool.checkpoints import Nyckeltal, compute_status, key_figures
from lgtool.errors import GitError
from lgtool.folder import MAX_FILE_BYTES, too_large_message
from lgtool.gitrepo import SYMLINK_MODE, Commit, GitRepo, TreeEntry, commit_at
from lgtool.options import Steg as Steg  # noqa: PLC0414  (re-exported)
from lgtool.problems import Problem
from lgtool.register import (
    AR_DIR,
    BEHANDLINGAR_DIR,
    ORGANISATION_FILE,
    ParsedFile,
    Register,
    SourceFile,
    assemble,
    display_root,
    join_display,
    parse_source,
    symlink_problem,
    wrong_extension,
    yml_problem,
)


class RegisterHistory:
    """The register as it was at any commit; files parsed once per blob."""

    def __init__(self, repo: GitRepo, *, display: str, today: date | None = None) -> None:
        self.repo = repo
        self.display = display
        self.today = today or clock.today()
        self._files: dict[tuple[str, str], ParsedFile] = {}
        self.parse_cache: ParseCache | None = None
        """A parse cache (by content): a blob with the same bytes as a file read before
        is not parsed again. Never saved from here: the caller saves it (or not)."""
        self._registers: dict[str, Register | None] = {}
        self._shallow: bool | None = None

    @property
    def shallow(self) -> bool:
        """Whether the repository is a shallow clone: its history is cut off."""
        if self._shallow is None:
            self._shallow = self.repo.is_shallow()
        return self._shallow

    def shallow_note(self, commits: Sequence[Commit]) -> str | None:
        """What a shallow clone leaves out of the history, in Swedish; None for a full clone."""
        if not self.shallow or not commits:
            return None
        first = min(c.datum for c in commits).isoformat()
        return (
            f"obs: förrådet är en grund klon (shallow clone); historiken börjar {first} och "
            "allt före det saknas. Hämta hela historiken med 'git fetch --unshallow' "
            "(i GitHub Actions: fetch-depth: 0)."
        )

    @classmethod
    def open(cls, register: Path, *, today: date | None = None) -> RegisterHistory:
        """The history of the register folder ``register`` (in the working tree)."""
        return cls(GitRepo.discover(register), display=display_root(register), today=today)

    def at(self, sha: str) -> Register | None:
        """The register at commit ``sha``, validated; None when the folder did not exist."""
        if sha not in self._registers:
            self._registers[sha] = self._load(sha)
        return self._registers[sha]

    def _load(self, sha: str) -> Register | None:
        tree = self.repo.register_tree(sha)
        if tree is None or not _looks_like_register(tree):
            return None
        chosen, problems = self._select(tree)
        files = self.parse((e.rel, e.blob) for e in chosen)
        parsed = [files[(e.rel, e.blob)] for e in chosen]
        return assemble(parsed, display_root=self.display, extra=problems)

    def parse(self, files: Iterable[tuple[str, str]]) -> dict[tuple[str, str], ParsedFile]:
        """Files given as (path in the register, blob id), each parsed and validated once;
        the blobs not seen before are read by one git process."""
        found = self.parse_some(files)
        return {key: item for key, item in found.items() if item is not None}

    def parse_some(
        self,
        files: Iterable[tuple[str, str]],
        worth: Callable[[tuple[str, str], bytes], bool] | None = None,
    ) -> dict[tuple[str, str], ParsedFile | None]:
        """:meth:`parse`, but a file read for the first time is parsed only when ``worth``
        says its bytes are worth it (None for the others, which are not remembered).
        With ``worth``, a blob above the register's size limit is never read (None)."""
        wanted = list(dict.fromkeys(files))
        new = [key for key in wanted if key not in self._files]
        if worth is not None:  # blobs from the log, not from a tree whose sizes were checked
            sizes = self.repo.blob_sizes(blob for _, blob in new)
            new = [key for key in new if sizes[key[1]] <= MAX_FILE_BYTES]
        contents = self.repo.read_blobs(blob for _, blob in new)
        for rel, blob in new:
            data = contents[blob]
            if worth is None or worth((rel, blob), data):
                self._files[(rel, blob)] = parse_source(
                    SourceFile(rel, data),
                    display_root=self.display,
                    today=self.today,
                    cache=self.parse_cache,
                )
        return {key: self._files.get(key) for key in wanted}

    def _select(self, tree: list[TreeEntry]) -> tuple[list[TreeEntry], list[Problem]]:
        """The register's files in a tree, by the same rules as reading the folder."""
        by_path = {e.rel: e for e in tree}
        chosen: list[TreeEntry] = []
        problems: list[Problem] = []
        for entry in sorted(tree, key=_read_order):
            folder, _, name = entry.rel.rpartition("/")
            at_root = not folder and PurePosixPath(name).stem == "organisation"
            wanted = (
                entry.rel == ORGANISATION_FILE or at_root or folder in (BEHANDLINGAR_DIR, AR_DIR)
            )
            if not wanted:
                continue
            shown = join_display(self.display, entry.rel)
            if wrong_extension(name):
                problems.append(yml_problem(shown))
            elif not name.endswith(".yaml"):
                continue
            elif entry.size > MAX_FILE_BYTES:
                message = too_large_message(entry.size)
                problems.append(Problem(shown, 1, 1, "for-stor-fil", message))
            elif entry.mode == SYMLINK_MODE:
                target = self._symlink_target(entry, by_path)
                if target is None:
                    problems.append(symlink_problem(shown))
                elif target.size > MAX_FILE_BYTES:
                    message = too_large_message(target.size)
                    problems.append(Problem(shown, 1, 1, "for-stor-fil", message))
                else:
                    chosen.append(TreeEntry(entry.rel, target.mode, target.blob, target.size))
            else:
                chosen.append(entry)
        return chosen, problems

    def _symlink_target(self, link: TreeEntry, by_path: dict[str, TreeEntry]) -> TreeEntry | None:
        """The register file a symbolic link points to, when it stays inside the register."""
        target = self.repo.read_blobs([link.blob])[link.blob].decode("utf-8", "replace")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(link.rel), target))
        entry = by_path.get(resolved)
        if entry is None or entry.mode == SYMLINK_MODE or resolved.startswith("../"):
            return None
        return entry


def _read_order(entry: TreeEntry) -> tuple[int, str]:
    # organisation.yaml first, then behandlingar/ and ar/ by name: as read_folder reads them
    return (0 if entry.rel == ORGANISATION_FILE else 1, entry.rel)


def _looks_like_register(tree: list[TreeEntry]) -> bool:
    return any(e.rel == ORGANISATION_FILE or e.rel.startswith(f"{BEHANDLINGAR_DIR}/") for e in tree)


_MONTHS_PER_STEP: dict[Steg, int] = {"manad": 1, "kvartal": 3, "ar": 12}


def step_dates(fran: date, till: date, steg: Steg) -> list[date]:
    """The ends of each month, quarter or year from ``fran`` to ``till``, and ``till`` itself."""
    months = _MONTHS_PER_STEP[steg]
    dates: list[date] = []
    year, month = fran.year, fran.month
    month += (-month) % months  # the first period end at or after fran
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end >= till:
            break
        if end >= fran:
            dates.append(end)
        month += months
        if month > 12:
            year, month = year + 1, month - 12
    dates.append(till)
    return dates


@dataclass(frozen=True)
class TrendPunkt:
    """The key figures at one step date, from the last commit on or before it."""

    datum: date
    commit: Commit | None
    """None when the history starts after this date."""
    nyckeltal: Nyckeltal | None
    """None when there was no register, or its organisation.yaml was unusable."""
    problems: tuple[Problem, ...] = ()
    """Problems in the register's files at that commit (those files are left out)."""
    anmarkning: str | None = None
    """Why there are no figures, in Swedish."""


RegisterAt = Callable[[Commit, date], "Register | None"]
"""The register at a commit with its dates as known at a day (:class:`lgtool.asof.KnownAt`)."""


def trend_points(
    history: RegisterHistory,
    commits: Sequence[Commit],
    dates: Sequence[date],
    known_at: RegisterAt | None = None,
) -> list[TrendPunkt]:
    """For each date, the key figures of the register as of the last commit on or before it.

    With ``known_at`` each date checkpoint is the one known at that date, as
    ``lgtool status --per`` takes it (:mod:`lgtool.asof`); else the commit's own.
    """
    points: list[TrendPunkt] = []
    for day in dates:
        commit = commit_at(commits, day)
        if commit is None:
            why = (
                "historiken saknas i den grunda klonen" if history.shallow else "före första commit"
            )
            points.append(TrendPunkt(day, None, None, (), why))
            continue
        register = known_at(commit, day) if known_at else history.at(commit.sha)
        if register is None:
            points.append(TrendPunkt(day, commit, None, (), "registret fanns inte"))
            continue
        if register.organisation is None:
            points.append(
                TrendPunkt(day, commit, None, register.problems, f"{ORGANISATION_FILE} har fel")
            )
            continue
        status = compute_status(register.organisation, register.behandlingar, day)
        points.append(TrendPunkt(day, commit, key_figures(status), register.problems))
    return points


def history_cache(register: Path, command: str = "trend") -> ParseCache:
    """The parse cache of the register's git history for ``command`` (trend, diff).

    Kept apart from the working tree's (:meth:`ParseCache.for_register`), and one per
    command: a cache keeps only the files its last run read, and trend reads every
    version while diff reads two commits. Its entries are keyed by content like the
    working tree's and signed the same way (:mod:`lgtool.cache`), so a cache file from
    elsewhere is never believed.
    """
    from lgtool.cachedir import location

    folder, name = location(register)
    return ParseCache.open(folder / f"historik-{command}-{name}")


def shallow_note(register: Path) -> str | None:
    """:meth:`RegisterHistory.shallow_note` for the register folder; None outside git."""
    try:
        history = RegisterHistory.open(register)
        return history.shallow_note(history.repo.first_parent_history("HEAD"))
    except GitError:
        return None


def compare_year_end(
    register: Path, year: int, *, today: date | None = None
) -> tuple[Nyckeltal, Nyckeltal] | None:
    """Key figures at YEAR-12-31 and at (YEAR-1)-12-31, from the register's git history.

    The first is taken at today's date instead when YEAR has not ended yet (its
    ``per`` says which). None when the register is not in a git repository, or the
    history does not cover the previous year end with a usable register.
    """
    today = today or clock.today()
    end, previous = min(date(year, 12, 31), today), date(year - 1, 12, 31)
    if end <= previous:
        return None
    try:
        from lgtool.asof import KnownAt as Known  # asof builds on this module

        history = RegisterHistory.open(register, today=today)
        commits = history.repo.first_parent_history("HEAD")
        known = Known(history, commits, None)
        points = trend_points(history, commits, [end, previous], known.register)
    except GitError:
        return None
    current, earlier = points
    if current.nyckeltal is None or earlier.nyckeltal is None:
        return None
    return current.nyckeltal, earlier.nyckeltal


def year_end_figures(
    register: Path, year: int, *, years: int = 5, today: date | None = None
) -> list[Nyckeltal]:
    """Key figures at each of the last ``years`` year ends up to YEAR, from the git history.

    The year that has not ended yet is taken at today's date. Each date is the one
    known at the year end, as in ``lgtool status --per`` (:mod:`lgtool.asof`). Year
    ends before the history starts, or without a usable register, are left out; []
    outside git.
    """
    today = today or clock.today()
    ends = sorted({min(date(y, 12, 31), today) for y in range(year - years + 1, year + 1)})
    try:
        from lgtool.asof import KnownAt  # asof builds on this module

        history = RegisterHistory.open(register, today=today)
        commits = history.repo.first_parent_history("HEAD")
        known = KnownAt(history, commits, None)
        points = trend_points(history, commits, ends, known.register)
    except GitError:
        return []
    return [p.nyckeltal for p in points if p.nyckeltal is not None]
