"""Packaging: the sdist, the license, and the CI examples' install line run as written.

The install test makes a fresh venv and installs lgtool from a bare clone of this
repository at the HEAD commit, exactly as docs/ci/github-actions.yml does, then runs
`lgtool init`, the workflow's steps and the pre-commit hook with what it installed.
It needs PyPI for lgtool's dependencies and pre-commit, and takes about 30–50 seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import venv
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO

pytestmark = pytest.mark.skipif(
    not (REPO / ".git").exists(), reason="behöver lgtools git-förråd (inte ett sdist)"
)


def _git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def _clean_clone(tmp_path: Path) -> Path:
    """The committed tree of HEAD, as CI and pip see it (no untracked or ignored files)."""
    clone = tmp_path / "lgtool"
    _git("clone", "--quiet", "--no-hardlinks", str(REPO), str(clone), cwd=tmp_path)
    _git("checkout", "--quiet", _git("rev-parse", "HEAD"), cwd=clone)
    return clone


def test_license_file_matches_the_license_expression() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "Permission is hereby granted, free of charge" in text
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "MIT"$', pyproject, flags=re.MULTILINE)
    assert re.search(r'^license-files = \["LICENSE"\]$', pyproject, flags=re.MULTILINE)


def test_sdist_has_the_package_data_and_no_tests_without_their_files(tmp_path: Path) -> None:
    clone = _clean_clone(tmp_path)
    dist = tmp_path / "dist"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from setuptools import build_meta; "
            "print(build_meta.build_sdist(sys.argv[1]))",
            str(dist),
        ],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    name = proc.stdout.strip().splitlines()[-1]
    with tarfile.open(dist / name) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
        pkg_info = sdist.extractfile(f"{name.removesuffix('.tar.gz')}/PKG-INFO")
        assert pkg_info is not None
        metadata = pkg_info.read().decode("utf-8")
    assert "License-Expression: MIT\n" in metadata
    assert "License-File: LICENSE\n" in metadata
    assert {
        "LICENSE",
        "README.md",
        "pyproject.toml",
        "src/lgtool/templates/rapport.md.j2",
        "src/lgtool/templates/referens.docx",
        "src/lgtool/ci/github-actions.yml",
    } <= names
    assert [n for n in names if n.startswith("tests")] == []


def _install_lines(text: str) -> list[str]:
    """The shell lines of the GitHub Actions example's step 'Installera lgtool'."""
    steps = YAML(typ="safe", pure=True).load(text)["jobs"]["granska"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "Installera lgtool"]
    return [line for line in step["run"].splitlines() if line.strip()]


def test_the_ci_examples_install_the_same_way() -> None:
    github = _install_lines((REPO / "docs/ci/github-actions.yml").read_text("utf-8"))
    gitlab = YAML(typ="safe", pure=True).load((REPO / "docs/ci/gitlab-ci.yml").read_text("utf-8"))
    assert github == [
        "python -m pip install --upgrade pip",
        'pip install "lgtool @ git+<adress>@<commit>"',
    ]
    assert gitlab["lgtool"]["before_script"] == github


def test_the_ci_install_line_works_from_a_bare_repository(tmp_path: Path) -> None:
    """docs/ci/github-actions.yml's install step, as written, in a fresh venv (~30–50 s).

    Then the init'd repository's workflow steps and its pre-commit hook (the written
    ``rev:``, a full sha, installed by pre-commit itself).
    """
    bare = tmp_path / "lgtool.git"
    _git("clone", "--quiet", "--bare", str(REPO), str(bare), cwd=tmp_path)
    sha = _git("rev-parse", "HEAD")
    address = bare.as_uri()
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(env_dir),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("LGTOOL_REGISTER", None)
    scratch = tmp_path / "registerforrad"
    scratch.mkdir()
    lines = _install_lines((REPO / "docs/ci/github-actions.yml").read_text("utf-8"))
    for line in lines:
        command = line.replace("<adress>", address).replace("<commit>", sha)
        proc = subprocess.run(
            command, shell=True, cwd=scratch, env=env, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"

    lgtool = str(bin_dir / "lgtool")
    assert Path(lgtool).is_file()
    init = subprocess.run(
        [lgtool, "init", "--organisation", "Provkontoret"],
        cwd=scratch,
        env={**env, "LGTOOL_IDAG": "2026-12-01"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (init.returncode, init.stderr) == (0, "")
    assert "Byt <adress>" not in init.stdout  # pip recorded where lgtool came from
    workflow = (scratch / ".github/workflows/lgtool.yml").read_text("utf-8")
    assert _install_lines(workflow) == [
        "python -m pip install --upgrade pip",
        f'pip install "lgtool @ git+{address}@{sha}"',
    ]
    pre_commit = (scratch / ".pre-commit-config.yaml").read_text("utf-8")
    assert f"  - repo: {address}\n    rev: {sha}\n" in pre_commit
    validate = subprocess.run(
        [lgtool, "validate", "--format", "github"],
        cwd=scratch,
        env={**env, "LGTOOL_REGISTER": "register", "LGTOOL_IDAG": "2026-12-01"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (validate.returncode, validate.stdout, validate.stderr) == (0, "", "")
    _run_the_workflow_on_a_pull_request(scratch, workflow, env)
    _run_the_pre_commit_hook(scratch, env, tmp_path / "pre-commit-home")


def _run_the_pre_commit_hook(scratch: Path, env: dict[str, str], home: Path) -> None:
    """pre-commit installs the hook from the written repo: and rev: (a full sha) and runs it."""
    pip = subprocess.run(
        ["pip", "install", "--quiet", "pre-commit"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pip.returncode == 0, pip.stderr
    hook_env = {**env, "PRE_COMMIT_HOME": str(home), "LGTOOL_IDAG": "2026-12-01"}
    hook_env.pop("LGTOOL_REGISTER", None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pre-commit", "run", "--all-files"],
            cwd=scratch,
            env=hook_env,
            capture_output=True,
            text=True,
            check=False,
        )

    good = run()
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"^lgtool validate\.+Passed$", good.stdout, flags=re.MULTILINE)
    bad = scratch / "register/behandlingar/trasig.yaml"
    bad.write_text("id: trasig\n", encoding="utf-8")
    subprocess.run(["git", "add", str(bad)], cwd=scratch, env=hook_env, check=True)
    failed = run()
    assert failed.returncode == 1
    assert re.search(r"^lgtool validate\.+Failed$", failed.stdout, flags=re.MULTILINE)
    assert "register/behandlingar/trasig.yaml:1:1: fel:" in failed.stdout


def _run_the_workflow_on_a_pull_request(scratch: Path, workflow: str, env: dict[str, str]) -> None:
    """The workflow's lgtool steps, as GitHub runs them (bash -e), on a branch off main."""
    git_env = {
        **env,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }

    def git(*args: str, cwd: Path) -> None:
        subprocess.run(["git", *args], cwd=cwd, env=git_env, check=True, capture_output=True)

    git("init", "--quiet", "--initial-branch=main", cwd=scratch)
    git("add", "--all", cwd=scratch)
    git("commit", "--quiet", "-m", "Nytt register", cwd=scratch)
    checkout = scratch.parent / "checkout"
    git("clone", "--quiet", str(scratch), str(checkout), cwd=scratch.parent)
    git("checkout", "--quiet", "-b", "namnsatt-objektagare", cwd=checkout)
    organisation = checkout / "register/organisation.yaml"
    text = organisation.read_text("utf-8")
    organisation.write_text(
        text.replace("objektagare:             null", "objektagare: Anna Ägare", 1), "utf-8"
    )
    git("commit", "--quiet", "-am", "Objektägare för verksamhetsstöd", cwd=checkout)

    steps = YAML(typ="safe", pure=True).load(workflow)["jobs"]["granska"]["steps"]
    summary = checkout.parent / "step-summary.md"
    run_env = {
        **git_env,
        **YAML(typ="safe", pure=True).load(workflow)["jobs"]["granska"]["env"],
        "GITHUB_BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(summary),
        "LGTOOL_IDAG": "2026-12-01",
    }
    names = []
    for step in steps:
        if "run" not in step or step["name"] in ("Installera lgtool", "Kommentera pull requesten"):
            continue  # installed above; the comment needs GitHub's gh and a token
        names.append(step["name"])
        proc = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=checkout,
            env=run_env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (proc.returncode, proc.stderr) == (0, ""), step["name"]
    assert names == ["Validera registret", "Jämför med basgrenen", "Stoppa vid försämring"]
    comment = (checkout / "lgtool-diff.md").read_text("utf-8")
    assert re.sub(r"`[0-9a-f]{7,}`", "`SHA`", comment) == (
        "**lgtool diff:** 1 förbättring\n\n"
        "Jämför `origin/main` (`SHA`) med `HEAD` (`SHA`), per 2026-12-01.\n\n"
        "<details>\n<summary>Detaljer (1 ändring)</summary>\n\n"
        "#### Förvaltningsobjekt och policy (organisation.yaml)\n\n"
        "| Var | Vad | Före | Efter | Riktning |\n|---|---|---|---|---|\n"
        "| verksamhetsstod | objektägare | inte namnsatt | Anna Ägare | ↑ förbättring |\n\n"
        "</details>\n"
    )
    assert summary.read_text("utf-8") == comment


def test_no_document_installs_lgtool_unpinned_or_names_a_tag_that_does_not_exist() -> None:
    documents = [
        REPO / "README.md",
        REPO / ".pre-commit-hooks.yaml",
        *sorted((REPO / "docs").rglob("*.md")),
        *sorted((REPO / "docs").rglob("*.yml")),
    ]
    unpinned = re.compile(
        r"pip install ['\"]?lgtool(\[[a-z,]+\])?['\"]?(?!\s*@)(\s|$)|lgtool==|rev: v\d"
    )
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in documents
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if unpinned.search(line)
    ]
    assert found == []
    pinned = re.compile(r'pip install "lgtool(\[[a-z,]+\])? @ git\+<adress>@<commit>"')
    assert pinned.search((REPO / "README.md").read_text("utf-8"))
    assert pinned.search((REPO / "docs/granskning.md").read_text("utf-8"))
