"""One command line: the CLI fills in one options object, and the cache key derives from it."""

from __future__ import annotations

import typing
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, Literal, get_args, get_origin

import pytest

from conftest import TODAY
from lgtool import cli, options
from lgtool.commands import cached
from lgtool.folder import FolderFiles, SourceFile
from lgtool.options import (
    IN_KEY,
    CachedOptions,
    KalenderFailOn,
    KalenderOptions,
    PrioriteringOptions,
    StatusOptions,
    Terminal,
    ValidateOptions,
)
from lgtool.result_cache import key_options, result_key

CACHED: list[type[CachedOptions]] = [
    ValidateOptions,
    StatusOptions,
    PrioriteringOptions,
    KalenderOptions,
]
NOT_IN_KEY = {"cache"}
"""The fields declared with ``not_in_key``: the answer is the same either way."""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate"], ValidateOptions()),
        (
            ["validate", "--format=github", "-r", "reg", "--ingen-cache"],
            ValidateOptions(register=Path("reg"), format="github", cache=False),
        ),
        (
            [
                "status",
                *("--format", "csv", "--per", "2025-06-30", "--avvikelser"),
                *("--objekt", "a", "--objekt", "b", "--kategori", "unik", "--fail-on", "roda"),
            ],
            StatusOptions(
                per=date(2025, 6, 30),
                objekt=("a", "b"),
                kategori=("unik",),
                bara_avvikelser=True,
                format="csv",
                fail_on="roda",
            ),
        ),
        (["status"], StatusOptions(terminal=Terminal())),
        (
            ["status", "--alla"],
            StatusOptions(alla=True, terminal=Terminal()),
        ),
        (
            ["prioritering", "-f", "markdown", "--kategori", "ovrig", "-r", "a b/reg"],
            PrioriteringOptions(register=Path("a b/reg"), kategori=("ovrig",), format="markdown"),
        ),
        (["prioritering", "--alla"], PrioriteringOptions(alla=True, terminal=Terminal())),
        (["kalender"], KalenderOptions(terminal=Terminal())),
        (
            ["kalender", "-f", "json", "--inom", "30", "--typ", "rsa", "--fail-on", "inom:7"],
            KalenderOptions(inom=30, typ=("rsa",), format="json", fail_on=KalenderFailOn(7)),
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_the_command_line_fills_in_one_options_object(
    argv: list[str], expected: CachedOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The table's terminal: a pipe (50 rows), 80 columns, no colours.
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    seen: list[CachedOptions] = []

    def spy(options: CachedOptions, run: object) -> int:
        seen.append(options)
        return 0

    monkeypatch.setattr(cached, "replay_or_run", spy)
    assert cli.run(argv) == 0
    assert seen == [expected]


def _changed(value: Any, annotation: Any) -> Any:
    """A value of the type ``annotation`` that differs from ``value``."""
    if get_origin(annotation) in (typing.Union, UnionType):
        kinds = [a for a in get_args(annotation) if a is not NoneType]
        return _changed(None, kinds[0]) if value is not None else _changed(value, kinds[0])
    if get_origin(annotation) is Literal:
        return next(v for v in get_args(annotation) if v != value)
    if annotation is bool:
        return not value
    if annotation is Path:
        return Path("annan-mapp")
    if annotation is date:
        return date(2025, 6, 30)
    if annotation == tuple[str, ...]:
        return (*(value or ()), "x")
    if annotation is int:
        return (value or 0) + 1
    if annotation is str:
        return f"{value or ''}x"
    if get_origin(annotation) is tuple and get_args(annotation)[1:] == (...,):
        return (*(value or ()), _changed(None, get_args(annotation)[0]))
    if annotation is KalenderFailOn:
        return KalenderFailOn(inom=None if value and value.inom else 30)
    if annotation is Terminal:
        return replace(value or Terminal(), width=(value or Terminal()).width + 1)
    raise AssertionError(f"no test value for an option of type {annotation}")


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, globalns=vars(options))


def _key(opts: CachedOptions) -> str:
    files: FolderFiles = ([SourceFile("organisation.yaml", b"a: 1\n")], [])
    return result_key(opts, today=TODAY, root=Path("register"), files=files)


@pytest.mark.parametrize("cls", CACHED, ids=lambda cls: cls.__name__)
def test_every_option_is_in_the_key_unless_declared_otherwise(cls: type[CachedOptions]) -> None:
    # A new field of an options class is in the key without anyone adding it there:
    # this test finds it, changes it, and expects another key.
    base = cls()
    hints = _hints(cls)
    declared = {f.name for f in fields(cls) if not f.metadata.get(IN_KEY, True)}
    assert declared == NOT_IN_KEY
    for f in fields(cls):
        other = replace(base, **{f.name: _changed(getattr(base, f.name), hints[f.name])})
        if f.name in NOT_IN_KEY:
            assert _key(other) == _key(base), f.name
        else:
            assert _key(other) != _key(base), f.name


def test_the_same_options_of_two_commands_have_two_keys() -> None:
    assert _key(StatusOptions(format="json")) != _key(PrioriteringOptions(format="json"))


def test_the_key_holds_the_options_as_plain_values() -> None:
    assert key_options(
        StatusOptions(
            register=Path("reg"), per=date(2025, 6, 30), objekt=("x",), format="json", cache=False
        )
    ) == {
        "register": "reg",
        "per": "2025-06-30",
        "objekt": ["x"],
        "kategori": [],
        "bara_avvikelser": False,
        "format": "json",
        "fail_on": None,
        "alla": False,
        "terminal": None,
    }


def test_the_key_holds_the_terminal_field_by_field() -> None:
    terminal = Terminal(width=120, rows=40, color_system="256", no_color=True)
    assert key_options(StatusOptions(terminal=terminal))["terminal"] == {
        "width": 120,
        "rows": 40,
        "color_system": "256",
        "no_color": True,
        "encoding": "utf-8",
    }
    for changed in (
        replace(terminal, width=80),
        replace(terminal, rows=41),
        replace(terminal, color_system="truecolor"),
        replace(terminal, color_system=None),
        replace(terminal, no_color=False),
        replace(terminal, encoding="ascii"),
    ):
        assert _key(StatusOptions(terminal=changed)) != _key(StatusOptions(terminal=terminal))


def test_an_option_the_key_cannot_hold_is_refused() -> None:
    odd = replace(ValidateOptions(), register=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="an option of type object cannot be part of a cache key"):
        key_options(odd)


@pytest.mark.parametrize(
    ("opts", "expected"),
    [
        (ValidateOptions(), True),
        (ValidateOptions(cache=False), False),
        (StatusOptions(format="json"), True),
        (StatusOptions(), False),  # a table without its terminal: rich looks for itself
        (StatusOptions(terminal=Terminal()), True),
        (StatusOptions(terminal=Terminal(), cache=False), False),
        (PrioriteringOptions(format="csv", cache=False), False),
        (PrioriteringOptions(format="table"), False),
        (PrioriteringOptions(format="table", terminal=Terminal()), True),
        # a past reference date: answered from git history, which the key does not hold
        (StatusOptions(format="json", per=date(2026, 11, 28)), False),
        (PrioriteringOptions(format="json", per=date(2026, 11, 28)), False),
        (StatusOptions(format="json", per=TODAY), True),
    ],
)
def test_what_is_stored(opts: CachedOptions, expected: bool) -> None:
    assert cached.replayable(opts, TODAY) is expected
