"""Cells as people fill them in: dates, booleans, numbers, words."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lgtool.fields import resolve
from lgtool.spreadsheet.convert import CellError, read_bool, read_cell, read_date, read_int, slug


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (datetime(2025, 1, 10), date(2025, 1, 10)),
        (date(2025, 1, 10), date(2025, 1, 10)),
        (45667, date(2025, 1, 10)),
        ("45667", date(2025, 1, 10)),
        ("2025-01-10", date(2025, 1, 10)),
        ("2025-1-10", date(2025, 1, 10)),
        ("2025-01-10 00:00:00", date(2025, 1, 10)),
        ("20250110", date(2025, 1, 10)),
        ("10/1/2025", date(2025, 1, 10)),
        ("10.1.2025", date(2025, 1, 10)),
    ],
)
def test_dates(cell: object, value: date) -> None:
    assert read_date(cell) == value


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2024-13-01", "är inget möjligt datum"),
        ("31/2/2025", "är inget möjligt datum"),
        ("i våras", "är inget datum; skriv ÅÅÅÅ-MM-DD"),
        (1.5, "är inget datum"),
    ],
)
def test_bad_dates(cell: object, reason: str) -> None:
    with pytest.raises(CellError) as error:
        read_date(cell)
    assert error.value.reason == reason


def test_booleans_numbers_words_and_roles() -> None:
    assert [read_bool(v) for v in ("Ja", "X", "nej", "N", 1, 0.0, True)] == [
        True, True, False, False, True, False, True,
    ]  # fmt: skip
    with pytest.raises(CellError):
        read_bool("kanske")
    assert [read_int(v) for v in (3, 3.0, "3", "3,0", " 4 ")] == [3, 3, 3, 3, 4]
    with pytest.raises(CellError):
        read_int("2,5")
    assert read_cell(resolve("kategori"), "Övrig") == "ovrig"
    assert read_cell(resolve("konsekvensbedomning"), "Ej tillämpligt") == "ej_tillampligt"
    assert read_cell(resolve("kategori"), "Viktig") == "Viktig"
    assert read_cell(resolve("roller.objektagare"), "-") is None
    assert read_cell(resolve("namn"), 2025.0) == "2025"
    assert slug("Trafikkameror – Östra (ny)") == "trafikkameror-ostra-ny"
