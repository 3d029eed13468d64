"""lgtool.compare: what a change does to the status, and the direction of every change."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import ORGANISATION, TODAY, behandling, write_register
from lgtool.checkpoints import DatumKontroll, RollKontroll, compute_status
from lgtool.compare import Andring, BehandlingsAndring, Jamforelse, compare, direction
from lgtool.register import load_register

D = date.fromisoformat


@pytest.mark.parametrize(
    ("falt", "before", "after", "expected"),
    [
        (
            "klassa",
            DatumKontroll("saknas", None),
            DatumKontroll("aktuell", D("2026-05-14")),
            "forbattring",
        ),
        (
            "klassa",
            DatumKontroll("forfallen", D("2024-01-01")),
            DatumKontroll("saknas", None),
            "forsamring",
        ),
        (
            "rsa",
            DatumKontroll("aktuell", D("2026-01-01")),
            DatumKontroll("aktuell", D("2026-03-01")),
            "forbattring",
        ),
        (
            "rsa",
            DatumKontroll("aktuell", D("2026-03-01")),
            DatumKontroll("aktuell", D("2026-01-01")),
            "forsamring",
        ),
        (
            "klassa",
            DatumKontroll("okand", D("2027-01-10")),
            DatumKontroll("aktuell", D("2026-03-01")),
            "andring",
        ),
        (
            "klassa",
            DatumKontroll("aktuell", D("2026-03-01")),
            DatumKontroll("okand", D("2027-01-10")),
            "andring",
        ),
        ("registerford", "nej", "ja", "forbattring"),
        ("registerford", "ja", "ej_tillampligt", "andring"),
        ("konsekvensbedomning", "ej_tillampligt", "nej", "forsamring"),
        ("natverkszon", "saknas", "nej", "forbattring"),
        ("natverkszon", None, "ja", "andring"),
        ("natverkszon", "ej_tillampligt", "saknas", "andring"),
        ("natverkszon", "nej", "ej_tillampligt", "andring"),
        (
            "roller",
            RollKontroll("nej", ("objektagare", "objektledare_it")),
            RollKontroll("nej", ("objektagare",)),
            "forbattring",
        ),
        ("roller", RollKontroll("ja", ()), RollKontroll("nej", ("objektagare",)), "forsamring"),
        ("roda", 3, 1, "forbattring"),
        ("gula", 0, None, "forsamring"),
        ("gula", None, 12, "forbattring"),
        ("roll", "Anna", None, "forsamring"),
        ("roll", "Anna", "Bertil", "andring"),
        ("roll", "  ", "Bertil", "forbattring"),
        ("prioritering", "planerad", "klar", "forbattring"),
        ("prioritering", "pagaende", "forsenad", "forsamring"),
        ("prioritering", "pagaende", "struken", "andring"),
        ("prioritering", None, "planerad", "andring"),
        ("andel_klassa", 0.5, 0.75, "forbattring"),
        ("andel_klassa", None, 0.75, "andring"),
        ("avvikelser", 3, 4, "forsamring"),
        ("antal", 3, 4, "andring"),
        ("policy.max_alder_manader.klassa", 12, 24, "andring"),
    ],
)
def test_direction(falt: str, before: Any, after: Any, expected: str) -> None:
    assert direction(falt, before, after) == expected


def _compare(tmp_path: Path, before: dict[str, Any], after: dict[str, Any]) -> Jamforelse:
    base = load_register(write_register(tmp_path / "fore", **before), today=TODAY)
    head = load_register(write_register(tmp_path / "efter", **after), today=TODAY)
    assert base.organisation and head.organisation
    assert not base.problems and not head.problems
    return compare(
        base,
        compute_status(base.organisation, base.behandlingar, TODAY),
        head,
        compute_status(head.organisation, head.behandlingar, TODAY),
    )


def test_one_date_and_one_count(tmp_path: Path) -> None:
    before = {
        "behandlingar": [
            behandling("b1", senaste_klassa=None, handlingsplan={"gula": 0, "roda": 3})
        ]
    }
    after = {
        "behandlingar": [
            behandling("b1", senaste_klassa="2026-05-14", handlingsplan={"gula": 0, "roda": 1})
        ]
    }
    result = _compare(tmp_path, before, after)
    assert result.behandlingar == (
        BehandlingsAndring(
            "b1",
            "Behandling b1",
            "andrad",
            (
                Andring(
                    "b1",
                    "klassa",
                    DatumKontroll("saknas", None),
                    DatumKontroll("aktuell", D("2026-05-14")),
                    "forbattring",
                ),
                Andring("b1", "roda", 3, 1, "forbattring"),
            ),
        ),
    )
    assert (result.organisation, result.ar) == ((), ())
    assert result.nyckeltal == (
        Andring("nyckeltal", "andel_klassa", 0.0, 1.0, "forbattring"),
        Andring("nyckeltal", "roda", 3, 1, "forbattring"),
    )
    assert (result.count("forbattring"), result.count("forsamring"), result.count("andring")) == (
        2,
        0,
        0,
    )


def test_added_removed_and_renamed(tmp_path: Path) -> None:
    same = behandling("gammalt-id", namn="Samma innehåll")
    changed = behandling("b-ny-fil", namn="Bytt och ändrad", senaste_rsa=None)
    before = {
        "behandlingar": [
            behandling("borta"),
            same,
            behandling("b-gammal-fil", namn="Bytt och ändrad"),
            behandling("kvar"),
        ]
    }
    after = {
        "behandlingar": [
            behandling("ny"),
            {**same, "id": "nytt-id"},
            changed,
            behandling("kvar", anteckning="bara text ändrad"),
        ]
    }
    result = _compare(tmp_path, before, after)
    assert result.behandlingar == (
        BehandlingsAndring(
            "b-ny-fil",
            "Bytt och ändrad",
            "bytt_id",
            (
                Andring(
                    "b-ny-fil",
                    "rsa",
                    DatumKontroll("aktuell", D("2026-01-10")),
                    DatumKontroll("saknas", None),
                    "forsamring",
                ),
            ),
            "b-gammal-fil",
        ),
        BehandlingsAndring("borta", "Behandling borta", "borttagen"),
        BehandlingsAndring("ny", "Behandling ny", "tillagd"),
        BehandlingsAndring("nytt-id", "Samma innehåll", "bytt_id", (), "gammalt-id"),
    )
    assert (
        result.count_typ("tillagd"),
        result.count_typ("borttagen"),
        result.count_typ("bytt_id"),
    ) == (1, 1, 2)


def test_organisation_roles_objekt_and_policy(tmp_path: Path) -> None:
    after_org = copy.deepcopy(ORGANISATION)
    after_org["forvaltningsobjekt"][0]["roller"]["objektledare_it"] = None
    after_org["forvaltningsobjekt"][0]["roller"]["objektagare"] = "Ny Ägare"
    after_org["forvaltningsobjekt"].append({"id": "nytt", "namn": "Nytt objekt"})
    after_org["policy"] = {"max_alder_manader": {"klassa": 24}}
    before = {"behandlingar": [behandling("b1")]}
    after = {"organisation": after_org, "behandlingar": [behandling("b1")]}
    result = _compare(tmp_path, before, after)
    assert result.organisation == (
        Andring("obj", "objektagare", "Olle Ägare", "Ny Ägare", "andring"),
        Andring("obj", "objektledare_it", "Ivar It", None, "forsamring"),
        Andring("nytt", "forvaltningsobjekt", None, "Nytt objekt", "andring"),
        Andring("policy", "max_alder_manader.klassa", 12, 24, "andring"),
    )
    assert result.behandlingar == (
        BehandlingsAndring(
            "b1",
            "Behandling b1",
            "andrad",
            (
                Andring(
                    "b1",
                    "roller",
                    RollKontroll("ja", ()),
                    RollKontroll("nej", ("objektledare_it",)),
                    "forsamring",
                ),
            ),
        ),
    )


def test_year_files_and_priority_status(tmp_path: Path) -> None:
    def year(*items: tuple[str, str]) -> dict[str, Any]:
        return {
            "ar": 2026,
            "prioriteringar": {2026: [{"id": i, "text": "T", "status": s} for i, s in items]},
        }

    before = {"ar": {2026: year(("a", "planerad"), ("b", "pagaende"), ("c", "klar"))}}
    after = {
        "ar": {
            2026: year(("a", "klar"), ("b", "forsenad"), ("d", "planerad")),
            2025: {"ar": 2025, "prioriteringar": {}},
        }
    }
    result = _compare(tmp_path, before, after)
    assert result.ar == (
        Andring("ar/2025.yaml", "arsfil", None, "finns", "andring"),
        Andring("ar/2026.yaml", "2026/a", "planerad", "klar", "forbattring"),
        Andring("ar/2026.yaml", "2026/b", "pagaende", "forsenad", "forsamring"),
        Andring("ar/2026.yaml", "2026/d", None, "planerad", "andring"),
        Andring("ar/2026.yaml", "2026/c", "klar", None, "andring"),
    )
