"""Shared Swedish wording (lgtool.wording)."""

from __future__ import annotations

from typing import Any

import pytest

from lgtool.wording import antal, shown


@pytest.mark.parametrize(
    ("n", "text"), [(0, "0 årsfiler"), (1, "1 årsfil"), (2, "2 årsfiler"), (21, "21 årsfiler")]
)
def test_antal(n: int, text: str) -> None:
    assert antal(n, "årsfil", "årsfiler") == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (1, "1"),
        (-1, "-1"),
        (1.5, "1.5"),
        ("1", "'1'"),
        ("ja", "'ja'"),
        ("", "''"),
        ({"a": 1}, "en mappning"),
        ([1], "en lista"),
    ],
)
def test_shown_writes_values_as_yaml_would(value: Any, text: str) -> None:
    assert shown(value) == text
