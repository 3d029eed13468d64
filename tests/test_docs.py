"""Every command has Swedish help and an example in README.md."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, run_cli
from lgtool.cli import app

COMMANDS = sorted(
    (info.name or (info.callback.__name__ if info.callback else ""))
    for info in app.registered_commands
)


def test_commands_are_known() -> None:
    assert {"validate", "status", "prioritering", "report"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_and_a_readme_example(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"Användning: lgtool {command} [FLAGGOR]")
    summary = result.out.split("\n\n")[1].strip()
    assert summary and summary[0].isupper(), summary
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^### .*`lgtool {command}\b", readme, flags=re.MULTILINE), command
    assert re.search(rf"^lgtool {command}\b", readme, flags=re.MULTILINE), command


def test_readme_lists_every_exit_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in (0, 1, 2, 3, 130):
        assert re.search(rf"^\| {code} \| ", readme, flags=re.MULTILINE), code
