"""The checkpoint computation (lgtool.checkpoints): every rule, with hand-computed expectations.

The reference date R is 2026-11-29 unless a case says otherwise. The processing from
``conftest.behandling()`` is in order on every checkpoint at R (all dates 2026-01-10, a
handlingsplan with 0/0, all three pm3 roles named on the objekt).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import DROP, ORGANISATION, behandling
from lgtool.checkpoints import (
    BehandlingStatus,
    FailOn,
    Status,
    add_months,
    compute_checkpoints,
    compute_status,
    effective_roles,
    fails,
    priority_list,
    select,
)
from lgtool.model import Behandling, Organisation

R = "2026-11-29"
ZONES = {0: "Z1", 1: "Z1", 2: "Z2", 3: "Z3", 4: "Z4"}
ALL_NAMED = {
    "objektagare": "Olle Ägare",
    "objektledare_verksamhet": "Vera Verksamhet",
    "objektledare_it": "Ivar It",
}


def organisation(
    policy: dict[str, Any] | None = None, objekt: list[dict[str, Any]] | None = None
) -> Organisation:
    """The test organisation with an optional policy and förvaltningsobjekt list."""
    data: dict[str, Any] = {**ORGANISATION, "policy": policy or {}}
    if objekt is not None:
        data["forvaltningsobjekt"] = objekt
    return Organisation.model_validate(data)


def check(
    per: str = R,
    policy: dict[str, Any] | None = None,
    objekt_roller: dict[str, str | None] | None = None,
    **fields: Any,
) -> BehandlingStatus:
    """The checkpoints of ``behandling(**fields)`` at ``per`` under ``policy``."""
    roller = ALL_NAMED if objekt_roller is None else objekt_roller
    org = organisation(policy, [{"id": "obj", "namn": "Objektet", "roller": roller}])
    b = Behandling.model_validate(behandling(**fields))
    return compute_checkpoints(b, org.forvaltningsobjekt[0], org.policy, date.fromisoformat(per))


def status_of(*behandlingar: dict[str, Any], policy: dict[str, Any] | None = None) -> Status:
    """The status at R of the test organisation with these processings."""
    models = [Behandling.model_validate(b) for b in behandlingar]
    return compute_status(organisation(policy), models, date.fromisoformat(R))


def ids(items: tuple[BehandlingStatus, ...]) -> list[str]:
    """The processings' ids in order."""
    return [s.behandling.id for s in items]


# --- calendar months -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2025-11-29", 12, "2026-11-29"),
        ("2024-02-29", 12, "2025-02-28"),  # leap day, clamped
        ("2024-02-29", 48, "2028-02-29"),  # the next leap year keeps the day
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2026-05-31", 6, "2026-11-30"),
        ("2025-11-15", 2, "2026-01-15"),  # across the year end
        ("2025-12-31", 12, "2026-12-31"),
        ("2024-11-30", 24, "2026-11-30"),
    ],
)
def test_add_months_counts_calendar_months_and_clamps_the_day(
    start: str, months: int, expected: str
) -> None:
    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(expected)


# --- klassa, rsa, behorighetskontroll ----------------------------------------------------

DATE_EDGES = [
    pytest.param("2025-11-29", R, "aktuell", id="exactly-12-months"),
    pytest.param("2025-11-28", R, "forfallen", id="one-day-more"),
    pytest.param("2024-02-29", "2025-02-28", "aktuell", id="leap-day-plus-12-is-feb-28"),
    pytest.param("2024-02-29", "2025-03-01", "forfallen", id="leap-day-one-day-more"),
    # Recorded after R: what held at R is not known (neither current nor missing).
    pytest.param("2026-06-01", "2026-01-01", "okand", id="date-after-R"),
    pytest.param("2026-11-29", R, "aktuell", id="done-on-R"),
    pytest.param("2019-03-04", R, "forfallen", id="long-ago"),
    pytest.param(None, R, "saknas", id="never-done"),
]


@pytest.mark.parametrize("name", ["klassa", "rsa", "behorighetskontroll"])
@pytest.mark.parametrize(("done", "per", "expected"), DATE_EDGES)
def test_dated_checkpoint(name: str, done: str | None, per: str, expected: str) -> None:
    field: dict[str, Any] = {f"senaste_{name}": done}
    point = check(per, **field).kontrollpunkter.datum(name)
    assert (point.status, point.datum) == (
        expected,
        date.fromisoformat(done) if done else None,
    )


@pytest.mark.parametrize(
    ("months", "done", "per", "expected"),
    [
        (6, "2026-05-29", R, "aktuell"),
        (6, "2026-05-28", R, "forfallen"),
        (6, "2026-05-31", "2026-11-30", "aktuell"),  # 05-31 + 6 months = 11-30
        (6, "2026-05-31", "2026-12-01", "forfallen"),
        (6, "2025-08-31", "2026-02-28", "aktuell"),  # 08-31 + 6 months = 02-28
        (6, "2025-08-31", "2026-03-01", "forfallen"),
        (1, "2026-01-31", "2026-02-28", "aktuell"),
        (1, "2026-01-31", "2026-03-01", "forfallen"),
        (24, "2024-11-29", R, "aktuell"),
        (24, "2024-11-28", R, "forfallen"),
    ],
)
@pytest.mark.parametrize("name", ["klassa", "rsa", "behorighetskontroll"])
def test_custom_policy_interval(name: str, months: int, done: str, per: str, expected: str) -> None:
    policy = {"max_alder_manader": {name: months}}
    field: dict[str, Any] = {f"senaste_{name}": done}
    result = check(per, policy, **field)
    assert result.kontrollpunkter.datum(name).status == expected


def test_each_dated_checkpoint_uses_its_own_interval() -> None:
    policy = {"max_alder_manader": {"klassa": 6, "rsa": 12, "behorighetskontroll": 3}}
    done = "2026-05-15"  # +6 = 11-15 < R, +12 = 2027-05-15, +3 = 08-15 < R
    p = check(
        R, policy, senaste_klassa=done, senaste_rsa=done, senaste_behorighetskontroll=done
    ).kontrollpunkter
    assert tuple(p.datum(key).status for key in ("klassa", "rsa", "behorighetskontroll")) == (
        "forfallen",
        "aktuell",
        "forfallen",
    )


def test_the_default_interval_is_12_months_for_all_three() -> None:
    p = check(
        senaste_klassa="2025-11-28",
        senaste_rsa="2025-11-29",
        senaste_behorighetskontroll="2025-11-28",
    ).kontrollpunkter
    assert tuple(p.datum(key).status for key in ("klassa", "rsa", "behorighetskontroll")) == (
        "forfallen",
        "aktuell",
        "forfallen",
    )


# --- registerford, konsekvensbedomning, klassningsprotokoll, systembeskrivning -----------


@pytest.mark.parametrize(
    ("personuppgifter", "registerford", "expected"),
    [
        (True, True, "ja"),
        (True, False, "nej"),
        (False, False, "ej_tillampligt"),  # no personal data: nothing to record
        (False, True, "ej_tillampligt"),
    ],
)
def test_registerford(personuppgifter: bool, registerford: bool, expected: str) -> None:
    result = check(personuppgifter=personuppgifter, registerford=registerford)
    assert result.kontrollpunkter["registerford"] == expected


@pytest.mark.parametrize("value", ["ja", "nej", "ej_tillampligt"])
@pytest.mark.parametrize("personuppgifter", [True, False])
def test_konsekvensbedomning_is_the_value_itself(value: str, personuppgifter: bool) -> None:
    result = check(konsekvensbedomning=value, personuppgifter=personuppgifter)
    assert result.kontrollpunkter["konsekvensbedomning"] == value


@pytest.mark.parametrize("name", ["klassningsprotokoll", "systembeskrivning"])
@pytest.mark.parametrize(("value", "expected"), [(True, "ja"), (False, "nej")])
def test_document_checkpoints_are_ja_nej(name: str, value: bool, expected: str) -> None:
    field: dict[str, Any] = {name: value}
    assert check(**field).kontrollpunkter[name] == expected


# --- roller ------------------------------------------------------------------------------

IT_VACANT = {**ALL_NAMED, "objektledare_it": None}


@pytest.mark.parametrize(
    ("objekt_roller", "own", "pm3_roller", "expected"),
    [
        pytest.param(ALL_NAMED, DROP, None, ("ja", ()), id="objekt-roles-only"),
        pytest.param(IT_VACANT, DROP, None, ("nej", ("objektledare_it",)), id="vacant-on-objekt"),
        pytest.param(
            IT_VACANT, {"objektledare_it": "Tobias Hägg"}, None, ("ja", ()), id="own-fills-vacancy"
        ),
        pytest.param(
            ALL_NAMED, {"objektagare": None}, None, ("nej", ("objektagare",)), id="null-unnames"
        ),
        pytest.param(
            ALL_NAMED, {"objektagare": "Anna Annan"}, None, ("ja", ()), id="own-replaces-name"
        ),
        pytest.param(
            ALL_NAMED, {"objektledare_it": ""}, None, ("nej", ("objektledare_it",)), id="own-empty"
        ),
        pytest.param(ALL_NAMED, {}, None, ("ja", ()), id="own-empty-mapping"),
        pytest.param(ALL_NAMED, None, None, ("ja", ()), id="own-null"),
        pytest.param(
            {"objektagare": "Olle Ägare", "objektledare_it": "Ivar It"},
            DROP,
            None,
            ("nej", ("objektledare_verksamhet",)),
            id="absent-key-on-objekt",
        ),
        pytest.param(
            {**ALL_NAMED, "objektagare": ""},
            DROP,
            None,
            ("nej", ("objektagare",)),
            id="empty-string-on-objekt",
        ),
        pytest.param(
            {},
            DROP,
            None,
            ("nej", ("objektagare", "objektledare_verksamhet", "objektledare_it")),
            id="none-named-listed-in-policy-order",
        ),
        pytest.param(
            {},
            {"objektledare_it": "I", "objektagare": "A", "objektledare_verksamhet": "V"},
            None,
            ("ja", ()),
            id="all-named-on-processing",
        ),
        pytest.param(
            ALL_NAMED,
            DROP,
            ["objektagare", "informationsagare"],
            ("nej", ("informationsagare",)),
            id="custom-policy-role-missing",
        ),
        pytest.param(
            IT_VACANT, DROP, ["objektagare"], ("ja", ()), id="roles-outside-policy-do-not-count"
        ),
    ],
)
def test_roller(
    objekt_roller: dict[str, str | None],
    own: Any,
    pm3_roller: list[str] | None,
    expected: tuple[str, tuple[str, ...]],
) -> None:
    policy = {"pm3_roller": pm3_roller} if pm3_roller else None
    roller = check(R, policy, objekt_roller, roller=own).kontrollpunkter.roller
    assert (roller.status, roller.saknas) == expected


def test_effective_roles_overlay_key_by_key() -> None:
    org = organisation(objekt=[{"id": "obj", "namn": "Objektet", "roller": IT_VACANT}])
    own = {"objektagare": None, "objektledare_it": "Tobias Hägg", "informationsagare": "Ia"}
    b = Behandling.model_validate(behandling(roller=own))
    assert effective_roles(org.forvaltningsobjekt[0], b) == {
        "objektagare": None,
        "objektledare_verksamhet": "Vera Verksamhet",
        "objektledare_it": "Tobias Hägg",
        "informationsagare": "Ia",
    }


# --- gula, roda --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handlingsplan", "expected"),
    [
        ({"gula": 3, "roda": 2}, (3, 2)),
        ({"gula": 0, "roda": 0, "per_datum": "2026-10-01"}, (0, 0)),
        (None, (None, None)),
        (DROP, (None, None)),
    ],
)
def test_gula_roda_are_the_handlingsplan_counts(
    handlingsplan: Any, expected: tuple[int | None, int | None]
) -> None:
    p = check(handlingsplan=handlingsplan).kontrollpunkter
    assert (p.gula, p.roda) == expected


# --- natverkszon -------------------------------------------------------------------------


def klassning(konfidentialitet: int) -> dict[str, int]:
    """A KLASSA result with this confidentiality level."""
    return {"konfidentialitet": konfidentialitet, "riktighet": 1, "tillganglighet": 1}


@pytest.mark.parametrize(
    ("zones", "konfidentialitet", "natverkszon", "expected"),
    [
        pytest.param(ZONES, 2, "Z2", "ja", id="matches"),
        pytest.param(ZONES, 0, "Z1", "ja", id="level-0"),
        pytest.param(ZONES, 3, "Z2", "nej", id="differs"),
        pytest.param(ZONES, 2, "z2", "nej", id="case-matters"),
        pytest.param(ZONES, 2, None, "saknas", id="no-zone"),
        pytest.param(ZONES, None, "Z2", "saknas", id="no-classification"),
        pytest.param(ZONES, None, None, "saknas", id="neither"),
        pytest.param({3: "Z3"}, 2, "Z2", "saknas", id="level-not-in-policy"),
        pytest.param(None, 3, "Z2", None, id="check-off"),
        pytest.param(None, None, None, None, id="check-off-nothing-known"),
    ],
)
def test_natverkszon(
    zones: dict[int, str] | None,
    konfidentialitet: int | None,
    natverkszon: str | None,
    expected: str | None,
) -> None:
    policy = {"zon_for_konfidentialitet": zones} if zones else None
    levels = klassning(konfidentialitet) if konfidentialitet is not None else None
    result = check(R, policy, klassning=levels, natverkszon=natverkszon, system="Systemet")
    assert result.kontrollpunkter.natverkszon == expected


@pytest.mark.parametrize("system", [None, "  "])
def test_a_processing_without_an_it_system_has_no_zone_to_check(system: str | None) -> None:
    policy = {"zon_for_konfidentialitet": ZONES}
    for natverkszon in (None, "Z1"):
        fields: dict[str, Any] = {
            "system": system,
            "klassning": klassning(2),
            "natverkszon": natverkszon,
        }
        result = check(R, policy, **fields)
        assert (result.kontrollpunkter.natverkszon, result.avvikelser) == ("ej_tillampligt", ())


# --- avvikelse ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({}, (), id="in-order"),
        pytest.param({"senaste_klassa": "2025-11-28"}, ("klassa",), id="klassa-forfallen"),
        pytest.param({"senaste_klassa": "2025-11-29"}, (), id="klassa-exactly-12"),
        pytest.param({"senaste_rsa": None}, ("rsa",), id="rsa-saknas"),
        pytest.param(
            {"senaste_behorighetskontroll": "2024-01-01"},
            ("behorighetskontroll",),
            id="bk-forfallen",
        ),
        pytest.param({"registerford": False}, ("registerford",), id="not-recorded"),
        pytest.param({"personuppgifter": False, "registerford": False}, (), id="no-personal-data"),
        pytest.param({"konsekvensbedomning": "nej"}, ("konsekvensbedomning",), id="dpia-nej"),
        pytest.param({"konsekvensbedomning": "ja"}, (), id="dpia-ja"),
        pytest.param({"klassningsprotokoll": False}, ("klassningsprotokoll",), id="no-protocol"),
        pytest.param({"systembeskrivning": False}, ("systembeskrivning",), id="no-description"),
        pytest.param({"roller": {"objektagare": None}}, ("roller",), id="role-unnamed"),
        pytest.param({"handlingsplan": {"gula": 1, "roda": 0}}, ("gula",), id="gula"),
        pytest.param({"handlingsplan": {"gula": 0, "roda": 1}}, ("roda",), id="roda"),
        pytest.param({"handlingsplan": None}, ("handlingsplan",), id="no-handlingsplan"),
        pytest.param(
            {
                "senaste_klassa": None,
                "senaste_rsa": "2020-01-01",
                "systembeskrivning": False,
                "roller": {"objektledare_it": None},
                "handlingsplan": {"gula": 4, "roda": 2},
            },
            ("klassa", "rsa", "systembeskrivning", "roller", "gula", "roda"),
            id="many-in-document-order",
        ),
    ],
)
def test_avvikelser(fields: dict[str, Any], expected: tuple[str, ...]) -> None:
    result = check(**fields)
    assert (result.avvikelser, result.avvikelse) == (expected, bool(expected))


@pytest.mark.parametrize(
    ("klassning_level", "natverkszon", "expected"),
    [(2, "Z2", ()), (2, "Z3", ("natverkszon",)), (2, None, ("natverkszon",))],
)
def test_zone_deviates_only_when_checked(
    klassning_level: int, natverkszon: str | None, expected: tuple[str, ...]
) -> None:
    fields: dict[str, Any] = {
        "klassning": klassning(klassning_level),
        "natverkszon": natverkszon,
        "system": "Systemet",
    }
    checked = check(R, {"zon_for_konfidentialitet": ZONES}, **fields)
    unchecked = check(R, None, **fields)
    assert (checked.avvikelser, unchecked.avvikelser) == (expected, ())


# --- the whole status: order, selection, --fail-on ------------------------------------------


def test_status_is_ordered_by_objekt_in_register_order_then_system_then_id() -> None:
    org = organisation(
        objekt=[
            {"id": "zeta", "namn": "Zeta", "roller": ALL_NAMED},
            {"id": "alfa", "namn": "Alfa", "roller": ALL_NAMED},
        ]
    )
    models = [
        Behandling.model_validate(behandling(i, forvaltningsobjekt=o, system=s))
        for i, o, s in [
            ("a1", "alfa", "Beta"),
            ("z9", "zeta", "alfa"),
            ("z1", "zeta", "Alfa"),
            ("z5", "zeta", None),
            ("z0", "zeta", "beta"),
        ]
    ]
    result = compute_status(org, models, date.fromisoformat(R))
    assert ids(result.behandlingar) == ["z5", "z1", "z9", "z0", "a1"]
    assert [(o.id, ids(items)) for o, items in result.per_objekt()] == [
        ("zeta", ["z5", "z1", "z9", "z0"]),
        ("alfa", ["a1"]),
    ]


SELECTION = (
    behandling("u-ok", kategori="unik"),
    behandling("g-avv", kategori="gemensam", senaste_rsa=None),
    behandling("o-ok", kategori="ovrig"),
    behandling("o-avv", kategori="ovrig", handlingsplan=None),
)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["g-avv", "o-avv", "o-ok", "u-ok"]),
        ({"kategori": ["ovrig"]}, ["o-avv", "o-ok"]),
        ({"kategori": ["unik", "gemensam"]}, ["g-avv", "u-ok"]),
        ({"bara_avvikelser": True}, ["g-avv", "o-avv"]),
        ({"kategori": ["ovrig"], "bara_avvikelser": True}, ["o-avv"]),
        ({"objekt": ["obj"]}, ["g-avv", "o-avv", "o-ok", "u-ok"]),
        ({"objekt": ["annat"]}, []),
    ],
)
def test_select(kwargs: dict[str, Any], expected: list[str]) -> None:
    assert ids(select(status_of(*SELECTION), **kwargs).behandlingar) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({}, set(), id="in-order"),
        pytest.param({"senaste_rsa": "2024-01-01"}, {"forfallen", "avvikelse"}, id="forfallen"),
        pytest.param({"senaste_klassa": None}, {"saknas", "avvikelse"}, id="saknas"),
        pytest.param(
            {"klassning": klassning(2), "natverkszon": None, "system": "S"},
            {"saknas", "avvikelse"},
            id="zone-saknas",
        ),
        pytest.param(
            {"klassning": klassning(2), "natverkszon": "Z1", "system": "S"},
            {"avvikelse"},
            id="zone-nej",
        ),
        pytest.param({"handlingsplan": {"gula": 0, "roda": 1}}, {"roda", "avvikelse"}, id="roda"),
        pytest.param({"handlingsplan": {"gula": 5, "roda": 0}}, {"avvikelse"}, id="gula"),
        pytest.param({"handlingsplan": None}, {"avvikelse"}, id="no-handlingsplan"),
        pytest.param({"registerford": False}, {"avvikelse"}, id="nej"),
    ],
)
def test_fail_on_thresholds(fields: dict[str, Any], expected: set[str]) -> None:
    in_zone = {"klassning": klassning(2), "natverkszon": "Z2"}
    status = status_of(
        behandling("a", **in_zone),
        behandling("b", **{**in_zone, **fields}),
        policy={"zon_for_konfidentialitet": ZONES},
    )
    thresholds: list[FailOn] = ["forfallen", "saknas", "roda", "avvikelse"]
    assert {t for t in thresholds if fails(status, t)} == expected


# --- prioritering -----------------------------------------------------------------------


def candidate(id: str, kategori: str, klassa: str | None, level: int | None = None) -> Any:
    """A processing for the priority list: kategori, senaste_klassa, confidentiality level."""
    levels = klassning(level) if level is not None else None
    return behandling(id, kategori=kategori, senaste_klassa=klassa, klassning=levels)


def test_priority_order() -> None:
    status = status_of(
        candidate("o-saknas", "ovrig", None),
        candidate("g-k3-ny", "gemensam", "2025-01-01", 3),
        candidate("g-k3-gammal", "gemensam", "2024-01-01", 3),
        candidate("g-k3-a", "gemensam", "2025-01-01", 3),
        candidate("g-k1", "gemensam", "2023-01-01", 1),
        candidate("g-utan-klassning", "gemensam", "2020-01-01"),
        candidate("g-k0", "gemensam", "2021-01-01", 0),
        candidate("g-saknas-k4", "gemensam", None, 4),
        candidate("g-saknas", "gemensam", None),
        candidate("u-forfallen", "unik", "2025-11-28"),
        candidate("u-aktuell", "unik", "2025-11-29"),
        behandling("u-rsa-saknas", kategori="unik", senaste_rsa=None),
    )
    assert ids(priority_list(status)) == [
        "u-forfallen",  # unik first, even though forfallen
        "g-saknas-k4",  # saknas before forfallen; K4 before no classification
        "g-saknas",
        "g-k3-gammal",  # K3: oldest first
        "g-k3-a",  # K3, same date: by id
        "g-k3-ny",
        "g-k1",
        "g-k0",  # level 0 ranks above no classification
        "g-utan-klassning",  # lowest although the oldest date
        "o-saknas",
    ]
