"""Git access, through the git command line: revisions, trees, blobs and history.

Read-only by design: only plumbing commands that never write to the repository
are run (rev-parse, ls-tree, cat-file, log, diff-tree, merge-base, symbolic-ref,
show-ref),
with optional locks off so that not even the index is refreshed. Every failure
becomes a :class:`~lgtool.errors.GitError` with a Swedish message.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from lgtool.errors import GitError

_ENV = {
    "GIT_OPTIONAL_LOCKS": "0",  # never refresh the index, never take a lock
    "GIT_TERMINAL_PROMPT": "0",  # never ask for credentials
    "LC_ALL": "C",  # git's own messages in English, so the known ones can be recognised
}

_DEFAULT_BRANCHES = (
    "refs/heads/main",
    "refs/heads/master",
    "refs/remotes/origin/main",
    "refs/remotes/origin/master",
)

SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class TreeEntry:
    """A file in a commit's tree, its path relative to the register folder."""

    rel: str
    mode: str
    blob: str
    size: int = 0
    """The blob's size in bytes (a file too large for the register is never read)."""


@dataclass(frozen=True)
class Commit:
    """A commit on the first-parent history, with its committer date (in its own time zone)."""

    sha: str
    datum: date

    @property
    def short(self) -> str:
        """The abbreviated commit id shown to people."""
        return self.sha[:7]


@dataclass(frozen=True)
class Base:
    """The revision a diff compares against, and how it was chosen (for the output)."""

    sha: str
    beskrivning: str


class GitRepo:
    """The git repository that holds a register folder."""

    def __init__(self, toplevel: Path, prefix: str) -> None:
        self.toplevel = toplevel
        self.prefix = prefix
        """The register folder relative to the repository root, '' or ending in '/'."""

    @classmethod
    def discover(cls, register: Path) -> GitRepo:
        """The repository the register folder ``register`` lies in."""
        out = _run(
            ["rev-parse", "--show-toplevel", "--show-prefix"],
            cwd=register,
            fail=lambda err: _not_a_repository(register, err),
        )
        lines = out.decode("utf-8", "replace").splitlines()
        if len(lines) < 1 or not lines[0]:
            raise GitError(f"'{register}' ligger i ett git-förråd utan arbetskopia (bare)")
        prefix = lines[1] if len(lines) > 1 else ""
        return cls(Path(lines[0]), prefix)

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Run a read-only git command in the repository; its stdout."""
        return _run(list(args), cwd=self.toplevel, stdin=stdin)

    def _try(self, *args: str) -> bytes | None:
        """Like :meth:`git`, but None when git exits non-zero."""
        proc = _spawn(list(args), cwd=self.toplevel)
        return proc.stdout if proc.returncode == 0 else None

    def is_shallow(self) -> bool:
        """Whether this is a shallow clone (history cut off)."""
        return self.git("rev-parse", "--is-shallow-repository").strip() == b"true"

    def resolve(self, revision: str) -> str:
        """The full commit id that ``revision`` names."""
        out = self._try(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        )
        if out is None:
            if self._try("rev-parse", "--verify", "--quiet", "HEAD") is None:
                raise GitError("förrådet har inga commits ännu; checka in registret först")
            hint = (
                "; förrådet är en grund klon (shallow clone), hämta hela historiken med "
                "'git fetch --unshallow' (i GitHub Actions: fetch-depth: 0)"
                if self.is_shallow()
                else ""
            )
            raise GitError(
                f"okänd revision '{revision}': ingen gren, tagg eller commit heter så{hint}"
            )
        return out.decode().strip()

    def head_name(self) -> str:
        """The current branch's name, or 'frånkopplad HEAD' (detached)."""
        out = self._try("symbolic-ref", "--quiet", "--short", "HEAD")
        return out.decode().strip() if out else "frånkopplad HEAD"

    def default_branch(self) -> str | None:
        """The default branch: origin/HEAD, else main or master (local, then origin)."""
        out = self._try("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
        candidates = [out.decode().strip()] if out else []
        candidates.extend(_DEFAULT_BRANCHES)
        for ref in candidates:
            if self._try("show-ref", "--verify", "--quiet", ref) is not None:
                return ref
        return None

    def default_base(self) -> Base:
        """The merge base of HEAD with the default branch, else HEAD~1."""
        head = self.resolve("HEAD")
        branch = self.default_branch()
        if branch is not None:
            short = _short_ref(branch)
            out = self._try("merge-base", head, branch)
            if out is not None:
                sha = out.decode().strip()
                return Base(sha, f"merge base med {short}")
            if self.is_shallow():
                raise GitError(
                    f"ingen gemensam bas med {short} finns i historiken: förrådet är en grund "
                    "klon (shallow clone); hämta hela historiken med 'git fetch --unshallow' "
                    "(i GitHub Actions: fetch-depth: 0) eller ange BASE"
                )
        parent = self._try("rev-parse", "--verify", "--quiet", f"{head}~1^{{commit}}")
        if parent is None:
            if self.is_shallow():
                raise GitError(
                    "HEAD~1 finns inte i historiken: förrådet är en grund klon (shallow clone); "
                    "hämta hela historiken med 'git fetch --unshallow' eller ange BASE"
                )
            raise GitError(
                "det finns ingen tidigare commit att jämföra med (HEAD är den första); ange BASE"
            )
        return Base(parent.decode().strip(), "HEAD~1")

    def register_tree(self, sha: str) -> list[TreeEntry] | None:
        """The files under the register folder at commit ``sha``; None when it did not exist."""
        args = ["ls-tree", "-r", "-z", "-l", "--full-tree", sha]
        if self.prefix:
            args += ["--", self.prefix]
        entries: list[TreeEntry] = []
        for record in self.git(*args).split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, blob, size = meta.decode().split()
            path = raw_path.decode("utf-8", "surrogateescape")
            if kind != "blob" or not path.startswith(self.prefix):
                continue
            entries.append(
                TreeEntry(path[len(self.prefix) :], mode, blob, int(size) if size.isdigit() else 0)
            )
        return entries or None

    def blob_sizes(self, blobs: Iterable[str]) -> dict[str, int]:
        """The sizes of many blobs, by one ``git cat-file --batch-check`` (nothing is read)."""
        wanted = list(dict.fromkeys(blobs))
        if not wanted:
            return {}
        stdin = "".join(f"{b}\n" for b in wanted).encode()
        out = self.git("cat-file", "--batch-check", stdin=stdin).decode()
        sizes: dict[str, int] = {}
        for blob, line in zip(wanted, out.splitlines(), strict=False):
            header = line.split(" ")
            if len(header) != 3:  # "<id> missing": a broken or partial clone
                raise GitError(f"git-objektet {blob} saknas i förrådet (ofullständig klon?)")
            sizes[blob] = int(header[2])
        return sizes

    def read_blobs(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """The contents of many blobs, read by one ``git cat-file --batch`` process."""
        wanted = list(dict.fromkeys(blobs))
        if not wanted:
            return {}
        out = self.git("cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
        result: dict[str, bytes] = {}
        pos = 0
        for blob in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].decode().split(" ")
            if len(header) != 3:  # "<id> missing": a broken or partial clone
                raise GitError(f"git-objektet {blob} saknas i förrådet (ofullständig klon?)")
            size = int(header[2])
            result[blob] = out[end + 1 : end + 1 + size]
            pos = end + 1 + size + 1
        return result

    def changed_files(self, old: str, new: str) -> dict[str, tuple[str, str | None]]:
        """The files under the register folder that differ between commits ``old`` and
        ``new``: path → (mode, blob) in ``new``, blob None where ``new`` has no such file.
        One ``git diff-tree``; no rename detection."""
        args = ["diff-tree", "-r", "--no-renames", "--raw", "-z", "--no-abbrev", old, new]
        if self.prefix:
            args += ["--", self.prefix]
        tokens = self.git(*args).split(b"\0")
        changed: dict[str, tuple[str, str | None]] = {}
        for meta, raw_path in zip(tokens[::2], tokens[1::2], strict=False):
            if not meta.startswith(b":"):
                continue
            path = raw_path.decode("utf-8", "surrogateescape")
            if not path.startswith(self.prefix):
                continue
            _, mode, _, blob, change = meta.decode().split(" ")
            gone = change == "D" or set(blob) == {"0"}
            changed[path[len(self.prefix) :]] = (mode, None if gone else blob)
        return changed

    def first_parent_history(self, revision: str = "HEAD") -> list[Commit]:
        """The first-parent history of ``revision``, newest first, with committer dates."""
        sha = self.resolve(revision)
        out = self.git(
            "-c", "log.showSignature=false", "log", "--first-parent", "--format=%H %cI", sha, "--"
        )
        commits: list[Commit] = []
        for line in out.decode().splitlines():
            commit, _, when = line.partition(" ")
            commits.append(Commit(commit, datetime.fromisoformat(when).date()))
        return commits

    def file_versions(self, revision: str = "HEAD") -> dict[str, list[FileVersion]]:
        """Every version of every file under the register folder on the first-parent
        history of ``revision``, newest first: one ``git log --raw`` for all files.

        A version is the file as a commit left it (its blob; None where the commit
        deleted it). Merges are compared with their first parent; no rename detection.
        """
        sha = self.resolve(revision)
        out = self.git(
            "-c",
            "log.showSignature=false",
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "-z",
            "--format=%x01%H",
            sha,
        )
        versions: dict[str, list[FileVersion]] = {}
        for chunk in out.split(b"\x01")[1:]:
            commit, _, changes = chunk.partition(b"\0")
            tokens = changes.lstrip(b"\n").split(b"\0")
            for meta, raw_path in zip(tokens[::2], tokens[1::2], strict=False):
                if not meta.startswith(b":"):
                    continue
                path = raw_path.decode("utf-8", "surrogateescape")
                if not path.startswith(self.prefix):
                    continue
                _, mode, _, blob, change = meta.decode().split(" ")
                gone = change == "D" or set(blob) == {"0"}
                versions.setdefault(path[len(self.prefix) :], []).append(
                    FileVersion(commit.decode(), mode, None if gone else blob)
                )
        return versions


@dataclass(frozen=True)
class FileVersion:
    """One version of a file: the commit that wrote it, and its mode and blob."""

    commit: str
    mode: str
    blob: str | None
    """None: the commit deleted the file."""


def commit_at(history: Sequence[Commit], day: date) -> Commit | None:
    """The newest commit of ``history`` (newest first) dated on or before ``day``."""
    for commit in history:
        if commit.datum <= day:
            return commit
    return None


def _short_ref(ref: str) -> str:
    for prefix in ("refs/heads/", "refs/remotes/"):
        if ref.startswith(prefix):
            return ref[len(prefix) :]
    return ref


def _spawn(
    args: list[str], *, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    if not cwd.is_dir():
        raise GitError(f"mappen '{cwd}' finns inte")
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env={**os.environ, **_ENV},
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git finns inte installerat (kommandot 'git' hittades inte)") from None


def _run(
    args: list[str],
    *,
    cwd: Path,
    stdin: bytes | None = None,
    fail: Callable[[str], GitError] | None = None,
) -> bytes:
    proc = _spawn(args, cwd=cwd, stdin=stdin)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        if "dubious ownership" in err:
            raise GitError(
                f"git vägrar läsa förrådet i '{cwd}' eftersom det ägs av en annan användare; "
                "godkänn det med 'git config --global --add safe.directory <mapp>'"
            )
        if fail is not None:
            raise fail(err)
        last = err.splitlines()[-1] if err else f"kod {proc.returncode}"
        raise GitError(f"git {args[0]} misslyckades: {last}")
    return proc.stdout


def _not_a_repository(register: Path, err: str) -> GitError:
    if "not a git repository" in err:
        return GitError(
            f"'{register}' ligger inte i ett git-förråd; lgtool diff och lgtool trend läser "
            "registrets historik ur git (git init och git commit först)"
        )
    last = err.splitlines()[-1] if err else "okänt fel"
    return GitError(f"git kan inte läsa förrådet för '{register}': {last}")
