"""Today's date and LGTOOL_IDAG (lgtool.clock)."""

from __future__ import annotations

from datetime import date

import pytest

from lgtool import clock
from lgtool.errors import UsageError


def test_today_is_the_computers_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LGTOOL_IDAG", raising=False)
    assert clock.today() == date.today()


@pytest.mark.parametrize("value", ["2026-11-29", " 2026-11-29\n"])
def test_lgtool_idag_fixes_today(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("LGTOOL_IDAG", value)
    assert clock.today() == date(2026, 11, 29)


def test_empty_lgtool_idag_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LGTOOL_IDAG", "")
    assert clock.today() == date.today()


@pytest.mark.parametrize("value", ["igår", "2026-13-01", "20261129", "2026-1-9"])
def test_lgtool_idag_that_is_not_a_date(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("LGTOOL_IDAG", value)
    with pytest.raises(UsageError) as caught:
        clock.today()
    assert caught.value.message == f"LGTOOL_IDAG: '{value}' är inget datum; skriv ÅÅÅÅ-MM-DD"
