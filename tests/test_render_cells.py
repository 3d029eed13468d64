"""How checkpoint values are shown (lgtool.render.cells): a symbol and a word, not colour alone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import ORGANISATION, behandling
from lgtool.checkpoints import BehandlingStatus, active_checkpoints, compute_status
from lgtool.model import Behandling, Organisation, Policy
from lgtool.render.cells import Cell, cell, checkpoint_cell, count_cell, label


def one(policy: dict[str, Any] | None = None, **fields: Any) -> BehandlingStatus:
    """The status at 2026-11-29 of ``behandling(**fields)`` under ``policy``."""
    org = Organisation.model_validate({**ORGANISATION, "policy": policy or {}})
    b = Behandling.model_validate(behandling(**fields))
    return compute_status(org, [b], date(2026, 11, 29)).behandlingar[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("aktuell", Cell("✓", "aktuell", "green")),
        ("ja", Cell("✓", "ja", "green")),
        ("forfallen", Cell("!", "förfallen", "yellow")),
        ("saknas", Cell("✗", "saknas", "red")),
        ("nej", Cell("✗", "nej", "red")),
        ("ej_tillampligt", Cell("–", "ej tillämpligt", "dim")),
    ],
)
def test_cell(value: str, expected: Cell) -> None:
    assert cell(value) == expected


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (None, "red", Cell("–", "ingen handlingsplan", "dim")),
        (0, "red", Cell("0", "0", "green")),
        (3, "red", Cell("3", "3", "red")),
        (12, "yellow", Cell("12", "12", "yellow")),
    ],
)
def test_count_cell(value: int | None, style: str, expected: Cell) -> None:
    assert count_cell(value, style) == expected


ZONES = {"zon_for_konfidentialitet": {2: "Z2"}}
LEVEL_2 = {"konfidentialitet": 2, "riktighet": 1, "tillganglighet": 1}


@pytest.mark.parametrize(
    ("policy", "fields", "expected"),
    [
        pytest.param(None, {}, "✓ ✓ ✓ ✓ – ✓ ✓ ✓ 0 0", id="in-order-no-zone-check"),
        pytest.param(
            ZONES,
            {"klassning": LEVEL_2, "natverkszon": "Z2", "system": "Systemet"},
            "✓ ✓ ✓ ✓ – ✓ ✓ ✓ ✓ 0 0",
            id="in-order-zone-ok",
        ),
        pytest.param(
            ZONES,
            {
                "senaste_klassa": "2025-11-28",
                "senaste_rsa": None,
                "personuppgifter": False,
                "konsekvensbedomning": "nej",
                "klassningsprotokoll": False,
                "roller": {"objektagare": None},
                "handlingsplan": {"gula": 2, "roda": 1},
                "system": "Systemet",
            },
            "! ✗ ✓ – ✗ ✗ ✓ ✗ ✗ 2 1",  # zone: no classification, so saknas
            id="deviating",
        ),
        pytest.param(None, {"handlingsplan": None}, "✓ ✓ ✓ ✓ – ✓ ✓ ✓ – –", id="no-handlingsplan"),
    ],
)
def test_checkpoint_cells_in_column_order(
    policy: dict[str, Any] | None, fields: dict[str, Any], expected: str
) -> None:
    status = one(policy, **fields)
    symbols = [
        checkpoint_cell(status.kontrollpunkter, key).symbol for key in status.kontrollpunkter
    ]
    assert symbols == expected.split()


@pytest.mark.parametrize(
    ("zonkontroll", "expected"),
    [
        (True, ["KL", "RSA", "BK", "Reg", "KB", "Pro", "Bes", "Rol", "Zon", "Gul", "Röd"]),
        (False, ["KL", "RSA", "BK", "Reg", "KB", "Pro", "Bes", "Rol", "Gul", "Röd"]),
    ],
)
def test_columns(zonkontroll: bool, expected: list[str]) -> None:
    policy = Policy(zon_for_konfidentialitet={2: "Z2"} if zonkontroll else None)
    assert [c.short for c in active_checkpoints(policy)] == expected


@pytest.mark.parametrize(
    ("namn", "system", "expected"),
    [
        ("Trafikkameror", "Kameraplattform Trafik", "Trafikkameror (Kameraplattform Trafik)"),
        ("Intranät", "intranät", "Intranät"),  # the same name in other case is not repeated
        ("Manuella trafikräkningar", None, "Manuella trafikräkningar"),
    ],
)
def test_label(namn: str, system: str | None, expected: str) -> None:
    assert label(one(namn=namn, system=system)) == expected
