"""CI and pre-commit: GitHub annotations, the pre-commit hook and the example pipelines."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import REPO, TODAY, assert_golden, behandling, run_cli, write_register
from lgtool.commands.validate import validate
from lgtool.errors import ExitCode
from lgtool.options import ValidateOptions


def _yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def test_validate_github_annotations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = io.StringIO()
    options = ValidateOptions(Path("tests/corpus/bad"), "github", cache=False)
    code = validate(options, out, today=TODAY)
    assert code == ExitCode.PROBLEM
    assert_golden("validate-github.txt", out.getvalue())


def test_pre_commit_hook() -> None:
    hooks = _yaml(REPO / ".pre-commit-hooks.yaml")
    assert hooks == [
        {
            "id": "lgtool-validate",
            "name": "lgtool validate",
            "description": "Kontrollerar registret för Ledningens genomgång och visar alla fel "
            "med fil, rad och kolumn.",
            "entry": "lgtool validate",
            "language": "python",
            "pass_filenames": False,
            "files": r"\.ya?ml$",
        }
    ]
    files = re.compile(hooks[0]["files"])
    assert [bool(files.search(p)) for p in ("r/behandlingar/a.yaml", "r/a.yml", "README.md")] == [
        True,
        True,
        False,
    ]


def test_pre_commit_hook_runs_as_pre_commit_runs_it(tmp_path: Path) -> None:
    write_register(tmp_path / "register", behandlingar=[behandling("b1")])
    entry = shlex.split(_yaml(REPO / ".pre-commit-hooks.yaml")[0]["entry"])
    assert entry[0] == "lgtool"
    good = run_cli(*entry[1:], cwd=tmp_path)
    (tmp_path / "register/behandlingar/b1.yaml").write_text("id: b1\n", encoding="utf-8")
    bad = run_cli(*entry[1:], cwd=tmp_path)
    assert (good.code, good.out) == (
        0,
        "Registret är giltigt: 1 behandling, 1 förvaltningsobjekt, 0 årsfiler.\n",
    )
    assert bad.code == 1


def _commands(text: str) -> list[list[str]]:
    """Every lgtool invocation in a pipeline's shell lines, as argument lists."""
    found = []
    for line in text.splitlines():
        code = line.split(" #", 1)[0]
        match = re.search(r"(?:^|[\s:])(lgtool [a-z]+\b.*)", code)
        if match and not code.lstrip().startswith("#"):
            command = re.split(r" > | \|\| ", match.group(1))[0]
            found.append(shlex.split(command))
    return found


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_example_pipelines_use_real_options(name: str) -> None:
    path = REPO / "docs" / "ci" / name
    _yaml(path)  # valid YAML
    commands = _commands(path.read_text(encoding="utf-8"))
    assert sorted({c[1] for c in commands}) == ["diff", "validate"]
    for words in commands:
        helptext = run_cli(words[1], "--help").out
        for option in (w.split("=")[0] for w in words[2:] if w.startswith("-")):
            assert option in helptext, f"{name}: {option} finns inte i lgtool {words[1]}"


def test_example_pipelines_fetch_the_whole_history() -> None:
    github = _yaml(REPO / "docs/ci/github-actions.yml")
    checkout = github["jobs"]["granska"]["steps"][0]
    gitlab = _yaml(REPO / "docs/ci/gitlab-ci.yml")
    assert (checkout["uses"], checkout["with"]["fetch-depth"]) == ("actions/checkout@v4", 0)
    assert gitlab["lgtool"]["variables"]["GIT_DEPTH"] == 0


@pytest.mark.parametrize("command", ["diff", "trend"])
def test_docs_describe_every_option(command: str) -> None:
    doc = (REPO / "docs" / "granskning.md").read_text(encoding="utf-8")
    helptext = run_cli(command, "--help").out
    options = sorted(set(re.findall(r"--[a-z-]+", helptext)) - {"--help"})
    assert options
    assert [o for o in options if o not in doc] == []
    assert f"lgtool {command}" in doc
