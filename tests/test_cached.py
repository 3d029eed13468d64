"""Running commands through the result cache: the command line read before typer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lgtool import cli
from lgtool.commands import cached
from lgtool.commands.cached import Request, parse_argv

PLAIN = [
    ["validate"],
    ["validate", "-r", "reg"],
    ["validate", "--register", "a b/reg", "--format", "json"],
    ["validate", "--format=github", "--register=reg"],
    ["validate", "-f", "text"],
    ["status", "-f", "json"],
    ["status", "--format", "csv", "--per", "2025-06-30", "--avvikelser"],
    ["status", "-f", "markdown", "--objekt", "a", "--objekt", "b", "--kategori", "unik"],
    ["status", "--fail-on", "roda", "-f", "json", "-r", "reg"],
    ["status", "--fail-on=saknas", "--per=2025-01-01", "-f", "csv"],
    ["prioritering", "-f", "json"],
    ["prioritering", "--format", "markdown", "--kategori", "ovrig", "--per", "2024-12-31"],
]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_the_command_line_gives_the_request_typer_gives(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Request] = []

    def spy(request: Request, *, cache: bool, run: object) -> int:
        seen.append(request)
        return 0

    monkeypatch.setattr(cached, "replay_or_run", spy)
    assert cli.app(argv, standalone_mode=False, prog_name="lgtool") == 0
    assert parse_argv(argv) == seen[0]
    assert seen[0].replayable


def test_a_request_says_what_the_key_holds() -> None:
    assert parse_argv(
        ["status", "-f", "json", "--per", "2025-06-30", "--objekt", "x", "-r", "reg"]
    ) == Request(
        "status",
        {
            "per": "2025-06-30",
            "objekt": ["x"],
            "kategori": [],
            "avvikelser": False,
            "format": "json",
            "fail_on": None,
        },
        Path("reg"),
    )
    assert parse_argv(["validate"]) == Request("validate", {"format": "text"}, None)
    assert date.fromisoformat("2025-06-30")  # the same reading of --per as the CLI's


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--version"],
        ["report", "2025"],
        ["validate", "--help"],
        ["validate", "--ingen-cache"],
        ["validate", "-fjson"],
        ["validate", "--format", "JSON"],
        ["validate", "--format", "json", "--format", "text"],
        ["validate", "-r"],
        ["validate", "-r", ""],
        ["validate", "-r", "--format"],
        ["validate", "extra"],
        ["validate", "--per", "2025-01-01"],
        ["validate", "--", "-r"],
        ["status"],
        ["status", "-f", "table"],
        ["status", "-f", "json", "--per", "2025-13-01"],
        ["status", "-f", "json", "--fail-on", "allt"],
        ["status", "-f", "json", "--avvikelser", "--avvikelser"],
        ["status", "-f", "json", "--avvikelser=ja"],
        ["prioritering", "-f", "json", "--avvikelser"],
        ["prioritering", "-f", "json", "--fail-on", "roda"],
        ["prioritering"],
    ],
    ids=lambda argv: " ".join(argv) or "tom",
)
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert parse_argv(argv) is None
