"""The schemas' dates: the quick way for a plain YYYY-MM-DD gives the careful way's answer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from lgtool.model.common import _parse_any_datum, _parse_any_datum_carefully


def _outcome(parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except PydanticCustomError as exc:
        return (exc.type, exc.message())


_DATELIKE = st.text(
    alphabet=st.sampled_from([*"0123456789", "-", " ", "٣", "²", "\n"]), max_size=11
)


@settings(max_examples=1000)
@given(_DATELIKE | st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
def test_the_quick_way_gives_the_careful_answer(value: str) -> None:
    assert _outcome(_parse_any_datum, value) == _outcome(_parse_any_datum_carefully, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-11", date(2025, 3, 11)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2025-02-29", ("ogiltigt_datum", "'2025-02-29' är inget möjligt datum")),
        ("0000-01-01", ("ogiltigt_datum", "'0000-01-01' är inget möjligt datum")),
        (" 2025-03-11", date(2025, 3, 11)),
        (
            "2025-3-11",
            ("ogiltigt_datum", "skriv datumet med två siffror för månad och dag: 2025-03-11"),
        ),
        ("٢٠٢٥-03-11", date(2025, 3, 11)),
    ],
)
def test_known_dates(value: str, expected: Any) -> None:
    assert _outcome(_parse_any_datum, value) == expected
