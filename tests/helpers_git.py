"""Test helpers: real git repositories with set dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,  # the machine's own git config must not matter
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Testsson",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test Testsson",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


class GitBuilder:
    """A git repository in a folder, with commits at chosen dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str, when: str | None = None) -> str:
        """Run git in the repository; its stdout. ``when`` sets author and committer date."""
        env = {**os.environ, **_ENV}
        if when is not None:
            stamp = when if "T" in when else f"{when}T12:00:00+01:00"
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = stamp
        proc = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return proc.stdout

    def commit(self, when: str, message: str = "ändring") -> str:
        """Commit everything in the working tree at date ``when``; the commit id."""
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message, when=when)
        return self.git("rev-parse", "HEAD").strip()

    def write(self, rel: str, text: str) -> None:
        """Write a file (relative to the repository root)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def snapshot(self) -> dict[str, bytes]:
        """Every file under .git and its bytes: proof that nothing was written."""
        git_dir = self.root / ".git"
        return {
            str(p.relative_to(git_dir)): p.read_bytes()
            for p in sorted(git_dir.rglob("*"))
            if p.is_file()
        }
