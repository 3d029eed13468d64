"""lgtool.gitrepo: revisions, trees, blobs and history through the git command line."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from pathlib import Path

import pytest

from helpers_git import GitBuilder
from lgtool.errors import GitError
from lgtool.gitrepo import Commit, GitRepo, commit_at


@pytest.fixture
def repo(tmp_path: Path) -> GitBuilder:
    builder = GitBuilder(tmp_path / "repo")
    builder.write("register/organisation.yaml", "organisation: A\n")
    builder.write("register/behandlingar/b1.yaml", "id: b1\n")
    builder.write("README.md", "hej\n")
    builder.commit("2024-01-15", "första")
    return builder


def test_discover_finds_the_register_folder_inside_the_repository(repo: GitBuilder) -> None:
    found = GitRepo.discover(repo.root / "register")
    assert (found.toplevel.resolve(), found.prefix) == (repo.root.resolve(), "register/")


def test_discover_a_register_at_the_repository_root(repo: GitBuilder) -> None:
    assert GitRepo.discover(repo.root).prefix == ""


def test_discover_outside_a_repository(tmp_path: Path) -> None:
    folder = tmp_path / "ingen-git"
    folder.mkdir()
    with pytest.raises(GitError) as caught:
        GitRepo.discover(folder)
    assert caught.value.message == (
        f"'{folder}' ligger inte i ett git-förråd; lgtool diff och lgtool trend läser "
        "registrets historik ur git (git init och git commit först)"
    )


def test_discover_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(GitError) as caught:
        GitRepo.discover(tmp_path / "saknas")
    assert caught.value.message == f"mappen '{tmp_path / 'saknas'}' finns inte"


def test_resolve_an_unknown_revision(repo: GitBuilder) -> None:
    with pytest.raises(GitError) as caught:
        GitRepo.discover(repo.root).resolve("finns-inte")
    assert caught.value.message == (
        "okänd revision 'finns-inte': ingen gren, tagg eller commit heter så"
    )


def test_resolve_refuses_an_option_disguised_as_a_revision(repo: GitBuilder) -> None:
    with pytest.raises(GitError, match="okänd revision '--output=x'"):
        GitRepo.discover(repo.root).resolve("--output=x")
    assert not (repo.root / "x").exists()


def test_resolve_in_a_repository_without_commits(tmp_path: Path) -> None:
    empty = GitBuilder(tmp_path / "tom")
    with pytest.raises(GitError) as caught:
        GitRepo.discover(empty.root).resolve("HEAD")
    assert caught.value.message == "förrådet har inga commits ännu; checka in registret först"


def test_default_base_is_the_merge_base_with_main(repo: GitBuilder) -> None:
    fork = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "--quiet", "-b", "gren")
    repo.write("register/behandlingar/b2.yaml", "id: b2\n")
    repo.commit("2024-02-01")
    repo.git("checkout", "--quiet", "main")
    repo.write("README.md", "ändrad\n")
    repo.commit("2024-02-02")
    repo.git("checkout", "--quiet", "gren")
    base = GitRepo.discover(repo.root).default_base()
    assert (base.sha, base.beskrivning) == (fork, "merge base med main")


def test_default_base_prefers_origin_head(repo: GitBuilder, tmp_path: Path) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.git("branch", "trunk")
    repo.commit("2024-02-01")
    repo.git("update-ref", "refs/remotes/origin/trunk", "trunk")
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
    base = GitRepo.discover(repo.root).default_base()
    assert (base.sha, base.beskrivning) == (first, "merge base med origin/trunk")


def test_default_base_falls_back_to_the_parent(repo: GitBuilder) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.git("branch", "-m", "main", "egen")
    repo.commit("2024-02-01")
    base = GitRepo.discover(repo.root).default_base()
    assert (base.sha, base.beskrivning) == (first, "HEAD~1")


def test_default_base_on_the_first_commit_without_a_default_branch(repo: GitBuilder) -> None:
    repo.git("branch", "-m", "main", "egen")
    with pytest.raises(GitError) as caught:
        GitRepo.discover(repo.root).default_base()
    assert caught.value.message == (
        "det finns ingen tidigare commit att jämföra med (HEAD är den första); ange BASE"
    )


def test_default_base_in_a_shallow_clone_without_the_merge_base(
    repo: GitBuilder, tmp_path: Path
) -> None:
    repo.commit("2024-02-01")
    repo.git("checkout", "--quiet", "-b", "gren")
    repo.commit("2024-03-01")
    repo.commit("2024-03-02")
    repo.git("checkout", "--quiet", "main")
    clone = tmp_path / "klon"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", "--no-single-branch", repo.root.as_uri(), clone],
        check=True,
        capture_output=True,
    )
    subprocess.run(["git", "checkout", "--quiet", "gren"], cwd=clone, check=True)
    with pytest.raises(GitError) as caught:
        GitRepo.discover(clone).default_base()
    assert caught.value.message == (
        "ingen gemensam bas med origin/main finns i historiken: förrådet är en grund klon "
        "(shallow clone); hämta hela historiken med 'git fetch --unshallow' "
        "(i GitHub Actions: fetch-depth: 0) eller ange BASE"
    )
    with pytest.raises(GitError) as unknown:
        GitRepo.discover(clone).resolve("HEAD~1")
    assert unknown.value.message == (
        "okänd revision 'HEAD~1': ingen gren, tagg eller commit heter så; förrådet är en grund "
        "klon (shallow clone), hämta hela historiken med 'git fetch --unshallow' "
        "(i GitHub Actions: fetch-depth: 0)"
    )


def test_register_tree_lists_the_register_files_relative_to_the_register(
    repo: GitBuilder,
) -> None:
    found = GitRepo.discover(repo.root / "register")
    entries = found.register_tree(found.resolve("HEAD"))
    assert entries is not None
    assert [(e.rel, e.mode) for e in entries] == [
        ("behandlingar/b1.yaml", "100644"),
        ("organisation.yaml", "100644"),
    ]
    blobs = found.read_blobs([e.blob for e in entries])
    assert sorted(blobs.values()) == [b"id: b1\n", b"organisation: A\n"]


def test_register_tree_is_none_before_the_register_existed(repo: GitBuilder) -> None:
    repo.git("rm", "--quiet", "-r", "register")
    repo.commit("2024-02-01")
    found = GitRepo.discover(repo.root)
    found.prefix = "register/"
    assert found.register_tree(found.resolve("HEAD")) is None


def test_read_blobs_handles_binary_content_and_repeats(repo: GitBuilder) -> None:
    repo.write("register/ar/x.yaml", "")
    (repo.root / "register/ar/bin.yaml").write_bytes(b"\x00\xff\n\nslut")
    repo.commit("2024-02-01")
    found = GitRepo.discover(repo.root / "register")
    entries = {e.rel: e.blob for e in found.register_tree("HEAD") or []}
    blobs = found.read_blobs([entries["ar/bin.yaml"], entries["ar/x.yaml"], entries["ar/x.yaml"]])
    assert blobs == {entries["ar/bin.yaml"]: b"\x00\xff\n\nslut", entries["ar/x.yaml"]: b""}


def test_first_parent_history_with_commit_dates(repo: GitBuilder) -> None:
    repo.git("checkout", "--quiet", "-b", "gren")
    side = repo.commit("2024-03-01", "på grenen")
    repo.git("checkout", "--quiet", "main")
    second = repo.commit("2024-02-01T23:30:00+01:00", "andra")
    repo.git("merge", "--quiet", "--no-ff", "-m", "merge", "gren", when="2024-04-01")
    merge = repo.git("rev-parse", "HEAD").strip()
    first = repo.git("rev-parse", "HEAD~2").strip()
    history = GitRepo.discover(repo.root).first_parent_history()
    assert history == [
        Commit(merge, date(2024, 4, 1)),
        Commit(second, date(2024, 2, 1)),
        Commit(first, date(2024, 1, 15)),
    ]
    assert side not in [c.sha for c in history]


def test_head_name_on_a_branch_and_detached(repo: GitBuilder) -> None:
    found = GitRepo.discover(repo.root)
    assert found.head_name() == "main"
    repo.git("checkout", "--quiet", "--detach")
    assert found.head_name() == "frånkopplad HEAD"
    assert found.first_parent_history("HEAD")[0].datum == date(2024, 1, 15)


def test_commit_at_picks_the_newest_commit_on_or_before_the_day() -> None:
    history = [
        Commit("c", date(2024, 3, 1)),
        Commit("b", date(2024, 2, 1)),
        Commit("a", date(2024, 1, 1)),
    ]
    assert commit_at(history, date(2024, 2, 29)) == history[1]
    assert commit_at(history, date(2024, 3, 1)) == history[0]
    assert commit_at(history, date(2023, 12, 31)) is None


def test_nothing_is_written_to_the_repository(repo: GitBuilder) -> None:
    before = repo.snapshot()
    found = GitRepo.discover(repo.root / "register")
    sha = found.resolve("HEAD")
    entries = found.register_tree(sha) or []
    found.read_blobs(e.blob for e in entries)
    found.first_parent_history()
    found.head_name()
    found.default_branch()
    assert repo.snapshot() == before


def test_file_versions_lists_every_version_newest_first_with_one_walk(repo: GitBuilder) -> None:
    """Merges count as what they change against their first parent; a deletion is a
    version without a blob; files outside the register folder are not listed."""
    first = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "--quiet", "-b", "sida")
    repo.write("register/behandlingar/b1.yaml", "id: b1\nnamn: sida\n")
    side = repo.commit("2024-02-01", "på sidan")
    repo.git("checkout", "--quiet", "main")
    repo.write("register/behandlingar/b2.yaml", "id: b2\n")
    repo.write("README.md", "hej igen\n")
    second = repo.commit("2024-02-10", "b2")
    repo.git("merge", "--quiet", "--no-ff", "-m", "sammanfogning", "sida", when="2024-03-01")
    merge = repo.git("rev-parse", "HEAD").strip()
    (repo.root / "register/behandlingar/b2.yaml").unlink()
    gone = repo.commit("2024-04-01", "b2 borttagen")
    blob = {
        text: hashlib.sha1(f"blob {len(text)}\0{text}".encode()).hexdigest()  # git's blob id
        for text in ("id: b1\n", "id: b1\nnamn: sida\n", "id: b2\n")
    }
    versions = GitRepo.discover(repo.root / "register").file_versions()
    assert set(versions) == {"organisation.yaml", "behandlingar/b1.yaml", "behandlingar/b2.yaml"}
    assert [(v.commit, v.blob) for v in versions["behandlingar/b1.yaml"]] == [
        (merge, blob["id: b1\nnamn: sida\n"]),
        (first, blob["id: b1\n"]),
    ]
    assert [(v.commit, v.blob) for v in versions["behandlingar/b2.yaml"]] == [
        (gone, None),
        (second, blob["id: b2\n"]),
    ]
    assert side not in {v.commit for items in versions.values() for v in items}
