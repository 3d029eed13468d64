"""The terminal tables (lgtool.render.table): whole outputs at a set width, without colour."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from conftest import ORGANISATION, behandling
from lgtool.checkpoints import Status, compute_status, priority_list
from lgtool.model import Behandling, Organisation
from lgtool.render.table import (
    WIDE,
    break_at_hyphen,
    render_priority,
    render_status,
    summary_text,
)

LEVEL_1 = {"konfidentialitet": 1, "riktighet": 1, "tillganglighet": 1}


@pytest.fixture(autouse=True)
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """An 80-column terminal without colour, whatever the test runner's own."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")


def status_of(*behandlingar: dict[str, Any]) -> Status:
    """The status at 2026-11-29 of these processings in the test organisation."""
    org = Organisation.model_validate(ORGANISATION)
    models = [Behandling.model_validate(b) for b in behandlingar]
    return compute_status(org, models, date(2026, 11, 29))


def priority_text(*behandlingar: dict[str, Any]) -> str:
    """``render_priority`` of these processings, trailing padding removed."""
    status = status_of(*behandlingar)
    out = io.StringIO()
    render_priority(status, priority_list(status), out)
    return "\n".join(line.rstrip() for line in out.getvalue().split("\n"))


def test_priority_table_full_output() -> None:
    assert (
        priority_text(
            behandling("b2", kategori="gemensam", senaste_klassa="2025-11-28"),
            behandling("b5", kategori="unik", senaste_klassa="2024-02-29", klassning=LEVEL_1),
            behandling("b6", kategori="gemensam", senaste_klassa=None),
            behandling("b7", kategori="unik"),  # aktuell: not listed
        )
        == (
            "Prioriteringslista för informationsklassning – Testkontoret, per 2026-11-29\n"
            "\n"
            "  Nr   Behandling                         Kategori   KLASSA                   K\n"
            " " + "─" * 78 + "\n"
            "   1   b5                                 unik       ! förfallen 2024-02-29   1\n"
            "   2   b6                                 gemensam   ✗ saknas                 –\n"
            "   3   b2                                 gemensam   ! förfallen 2025-11-28   –\n"
            "\n"
            "Ordning: unik, gemensam, övrig; saknas före förfallen; högre konfidentialitet\n"
            "(K) först; äldst först.\n"
        )
    )


def test_priority_table_shows_name_and_objekt_from_the_wide_width_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(WIDE))
    text = priority_text(
        behandling("b2", kategori="gemensam", senaste_klassa="2025-11-28", system="Bokning"),
        behandling("tk-en-lang-id", namn="Diarium", senaste_klassa=None),
    )
    assert text == (
        "Prioriteringslista för informationsklassning – Testkontoret, per 2026-11-29\n"
        "\n"
        "  Nr   Behandling      Namn                                Objekt                 "
        "Kategori   KLASSA                   K\n"
        " " + "─" * 118 + "\n"
        "   1   tk-en-lang-id   Diarium                             Objektet               "
        "unik       ✗ saknas                 –\n"
        "   2   b2              Behandling b2 (Bokning)             Objektet               "
        "gemensam   ! förfallen 2025-11-28   –\n"
        "\n"
        "Ordning: unik, gemensam, övrig; saknas före förfallen; högre konfidentialitet (K) först; "
        "äldst först.\n"
    )


def test_priority_table_when_all_are_current() -> None:
    assert priority_text(behandling("b1")) == (
        "Prioriteringslista för informationsklassning – Testkontoret, per 2026-11-29\n"
        "Alla behandlingar har en aktuell KLASSA.\n"
    )


def test_priority_table_spells_ovrig_in_swedish() -> None:
    row = priority_text(behandling("b4", kategori="ovrig", senaste_klassa=None)).splitlines()[4]
    assert row.split()[:3] == ["1", "b4", "övrig"]


@pytest.mark.parametrize(("columns", "has_name"), [(WIDE - 1, False), (WIDE, True)])
def test_status_shows_names_from_the_wide_width_on(
    monkeypatch: pytest.MonkeyPatch, columns: int, has_name: bool
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    render_status(status_of(behandling("b1", namn="Diarium", system="Ärendesystemet")), out)
    header = out.getvalue().splitlines()[4].split()
    assert header[:2] == (["Behandling", "Namn"] if has_name else ["Behandling", "KL"])
    assert ("Diarium (Ärendesystemet)" in out.getvalue()) is has_name


def test_summary_text() -> None:
    status = status_of(
        behandling("b1"),
        behandling("b2", senaste_klassa="2025-01-01", handlingsplan={"gula": 2, "roda": 1}),
        behandling("b3", senaste_rsa=None, senaste_behorighetskontroll=None, handlingsplan=None),
    )
    assert summary_text(status.summering, status.checkpoints) == (
        "Aktuella: KL 2/3, RSA 2/3, BK 2/3 · utan avvikelse 1/3 · gula 2, röda 1"
    )


def test_summary_text_groups_thousands_as_the_table_does() -> None:
    many = [behandling(f"b{i}", senaste_klassa=None) for i in range(1_000)]
    many.append(behandling("ok", handlingsplan={"gula": 1_200, "roda": 0}))
    status = status_of(*many)
    assert summary_text(status.summering, status.checkpoints) == (
        "Aktuella: KL 1/1\u00a0001, RSA 1\u00a0001/1\u00a0001, BK 1\u00a0001/1\u00a0001 · "
        "utan avvikelse 0/1\u00a0001 · gula 1\u00a0200, röda 0"
    )


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("tk-parkeringstillstand-rorelsehindrade", 34, "tk-parkeringstillstand-\nrorelsehindrade"),
        ("tk-kort", 34, "tk-kort"),
        ("tk-a-b-c", 5, "tk-a-\nb-c"),
        ("utanbindestreck", 5, "utanbindestreck"),  # nothing to break at: the table folds it
    ],
)
def test_a_long_id_breaks_after_a_hyphen(text: str, width: int, expected: str) -> None:
    assert break_at_hyphen(text, width) == expected
