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


def test_registerformat_documents_every_field_and_known_role() -> None:
    from lgtool.model import KANDA_ROLLER, Behandling, Handlingsplan, Klassning

    text = (REPO / "docs" / "registerformat.md").read_text(encoding="utf-8")
    for model in (Behandling, Klassning, Handlingsplan):
        for name in model.model_fields:
            assert f"`{name}`" in text, name
    rules = text.split("### Rollnycklar", 1)[1].split("###", 1)[0]
    for role in KANDA_ROLLER:
        assert f"`{role}`" in rules, role
    assert "| `per_datum` | datum | valfritt |" in text
    assert "LGTOOL_IDAG" in text
