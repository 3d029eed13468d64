"""Shared Swedish wording (lgtool.wording)."""

from __future__ import annotations

from typing import Any

import pytest

from lgtool.wording import antal, number, percent, share, shown


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


def test_one_of_eight_is_13_percent_everywhere() -> None:
    """Half up, not Python's half to even: the report, diff and trend say the same."""
    assert [share(1, 8), percent(0.125), percent(0.005), share(0, 0)] == [
        "13\u00a0%",
        "13\u00a0%",
        "1\u00a0%",
        "–",
    ]


def test_thousands_and_counts_use_a_non_breaking_space() -> None:
    assert [number(1234567), antal(1234, "behandling", "behandlingar")] == [
        "1\u00a0234\u00a0567",
        "1\u00a0234 behandlingar",
    ]
