"""Incident records and their legal deadlines (issue 14): every rule at its boundary."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lgtool.incidents import REGLER, STEG, Frist, incident_frister
from lgtool.model.incident import Incident


def incident(**fields: Any) -> Incident:
    """A significant personal-data breach detected 2026-03-02 10:00 (winter time)."""
    data: dict[str, Any] = {
        "id": "2026-001",
        "rubrik": "Test",
        "upptackt": "2026-03-02T10:00:00+01:00",
        "kategori": "natfiske",
        "betydande": True,
        "personuppgiftsincident": True,
    }
    data.update(fields)
    return Incident.model_validate(data)


def steps(item: Incident, per: date = date(2026, 12, 1)) -> dict[str, tuple[str | None, str]]:
    """Step → (deadline as ISO text, state)."""
    frister = incident_frister(item, per).frister
    return {steg: (frister[steg].frist_text(), frister[steg].status) for steg in STEG}


def test_the_rule_table_holds_every_step_once_with_its_legal_source() -> None:
    assert [(r.steg, r.timmar, r.manader, r.kalla) for r in REGLER] == [
        (
            "tidig_varning",
            24,
            None,
            "cybersäkerhetslagen (2025:1506) och cybersäkerhetsförordningen (2025:1507)",
        ),
        (
            "incidentanmalan",
            72,
            None,
            "cybersäkerhetslagen (2025:1506) och cybersäkerhetsförordningen (2025:1507)",
        ),
        (
            "slutrapport",
            None,
            1,
            "cybersäkerhetslagen (2025:1506) och cybersäkerhetsförordningen (2025:1507)",
        ),
        ("imy", 72, None, "dataskyddsförordningen (GDPR) art. 33"),
    ]


def test_early_warning_exactly_24_hours_later_is_in_time() -> None:
    frist = incident_frister(
        incident(tidig_varning="2026-03-03T10:00:00+01:00"), date(2026, 12, 1)
    ).frister["tidig_varning"]
    assert frist == Frist(frist.frist, "2026-03-03T10:00:00+01:00", "i_tid")
    assert frist.frist_text() == "2026-03-03T10:00:00+01:00"


def test_early_warning_one_minute_over_is_late() -> None:
    assert steps(incident(tidig_varning="2026-03-03T10:01:00+01:00"))["tidig_varning"] == (
        "2026-03-03T10:00:00+01:00",
        "sen",
    )


def test_notification_and_imy_at_72_hours_and_one_minute_over() -> None:
    on_time = incident(
        incidentanmalan="2026-03-05T10:00:00+01:00", imy_anmalan="2026-03-05T10:00+01:00"
    )
    assert steps(on_time)["incidentanmalan"] == ("2026-03-05T10:00:00+01:00", "i_tid")
    assert steps(on_time)["imy"] == ("2026-03-05T10:00:00+01:00", "i_tid")
    late = incident(
        incidentanmalan="2026-03-05T10:01:00+01:00", imy_anmalan="2026-03-05T10:01:00+01:00"
    )
    assert steps(late)["incidentanmalan"][1] == "sen"
    assert steps(late)["imy"][1] == "sen"


def test_24_hours_across_the_change_to_summer_time_are_24_real_hours() -> None:
    # 2026-03-29 02:00 CET becomes 03:00 CEST: the wall clock gains an hour.
    item = incident(
        upptackt="2026-03-28T12:00:00",  # no offset: Swedish time, CET (+01:00)
        tidig_varning="2026-03-29T13:00:00",  # CEST: exactly 24 real hours later
        incidentanmalan="2026-03-31T13:01:00+02:00",  # 72 h + 1 min
    )
    assert steps(item)["tidig_varning"] == ("2026-03-29T13:00:00+02:00", "i_tid")
    assert steps(item)["incidentanmalan"] == ("2026-03-31T13:00:00+02:00", "sen")
    one_minute_over = incident(upptackt="2026-03-28T12:00:00", tidig_varning="2026-03-29T13:01")
    assert steps(one_minute_over)["tidig_varning"][1] == "sen"
    # Wall-clock arithmetic would have said 12:00 the next day: that is an hour early.
    wall_clock = incident(upptackt="2026-03-28T12:00:00", tidig_varning="2026-03-29T12:30")
    assert steps(wall_clock)["tidig_varning"][1] == "i_tid"


def test_an_offset_that_differs_from_swedish_time_is_the_same_moment() -> None:
    # The example: +01:00 written on the day summer time began (09:00 UTC).
    item = incident(upptackt="2026-03-29T10:00:00+01:00", tidig_varning="2026-03-30T09:30+02:00")
    assert steps(item)["tidig_varning"] == ("2026-03-30T11:00:00+02:00", "i_tid")


@pytest.mark.parametrize(
    ("notified", "due"),
    [
        ("2026-12-31T15:00:00+01:00", "2027-01-31"),
        ("2027-01-31T09:00:00+01:00", "2027-02-28"),
        ("2028-01-31T09:00:00+01:00", "2028-02-29"),
        ("2026-04-30T23:30:00+02:00", "2026-05-30"),
        ("2026-04-30T22:30:00Z", "2026-06-01"),  # 00:30 on 1 May, Swedish time
    ],
)
def test_the_final_report_is_due_one_calendar_month_after_the_notification_day(
    notified: str, due: str
) -> None:
    item = incident(upptackt=notified, incidentanmalan=notified)
    assert steps(item, date(2030, 1, 1))["slutrapport"] == (due, "saknas")


def test_the_final_report_runs_to_the_end_of_its_day_swedish_time() -> None:
    later = date(2030, 1, 1)
    base = {"upptackt": "2027-01-31T09:00:00+01:00", "incidentanmalan": "2027-01-31T12:00+01:00"}
    assert steps(incident(**base, slutrapport="2027-02-28"), later)["slutrapport"] == (
        "2027-02-28",
        "i_tid",
    )
    assert steps(incident(**base, slutrapport="2027-02-28T23:59:00+01:00"), later)["slutrapport"][
        1
    ] == ("i_tid")
    assert (
        steps(incident(**base, slutrapport="2027-02-28T23:30:00Z"), later)["slutrapport"][1]
        == "sen"
    )
    assert steps(incident(**base, slutrapport="2027-03-01"), later)["slutrapport"][1] == "sen"


def test_a_final_report_without_a_notification_counts_from_the_notification_deadline() -> None:
    # Notification due 2026-03-05 10:00; the final report one month after that day.
    assert steps(incident(), date(2026, 4, 5))["slutrapport"] == ("2026-04-05", "ej_passerad")
    assert steps(incident(), date(2026, 4, 6))["slutrapport"] == ("2026-04-05", "saknas")


def test_nothing_sent_before_and_after_the_deadline() -> None:
    item = incident()
    # The state is the one at the end of the reference day: the early warning is due
    # on 3 March at 10:00, so it has passed by the end of that day.
    assert steps(item, date(2026, 3, 2))["tidig_varning"] == (
        "2026-03-03T10:00:00+01:00",
        "ej_passerad",
    )
    assert steps(item, date(2026, 3, 3))["tidig_varning"] == (
        "2026-03-03T10:00:00+01:00",
        "saknas",
    )
    assert steps(item, date(2026, 3, 4))["imy"] == ("2026-03-05T10:00:00+01:00", "ej_passerad")
    assert steps(item, date(2026, 3, 5))["imy"] == ("2026-03-05T10:00:00+01:00", "saknas")


def test_a_report_sent_after_the_reference_day_is_not_known_on_it() -> None:
    item = incident(tidig_varning="2026-03-04T08:00:00+01:00")
    frist = incident_frister(item, date(2026, 3, 3)).frister["tidig_varning"]
    assert (frist.inskickad, frist.status) == (None, "saknas")
    frist = incident_frister(item, date(2026, 3, 4)).frister["tidig_varning"]
    assert (frist.inskickad, frist.status) == ("2026-03-04T08:00:00+01:00", "sen")


def test_csirt_steps_apply_from_15_january_2026_and_imy_throughout() -> None:
    before = incident(upptackt="2026-01-14T23:59:00+01:00", imy_anmalan="2026-01-15T08:00+01:00")
    assert steps(before) == {
        "tidig_varning": (None, "ej_tillampligt"),
        "incidentanmalan": (None, "ej_tillampligt"),
        "slutrapport": (None, "ej_tillampligt"),
        "imy": ("2026-01-17T23:59:00+01:00", "i_tid"),
    }
    # 23:30 UTC on 14 January is 00:30 on 15 January in Sweden: covered.
    first_day = incident(upptackt="2026-01-14T23:30:00Z")
    assert steps(first_day)["tidig_varning"] == ("2026-01-16T00:30:00+01:00", "saknas")


def test_steps_that_do_not_apply_keep_what_was_written() -> None:
    item = incident(
        betydande=False, personuppgiftsincident=False, tidig_varning="2026-03-02T12:00+01:00"
    )
    frister = incident_frister(item, date(2026, 12, 1)).frister
    assert frister["tidig_varning"] == Frist(None, "2026-03-02T12:00+01:00", "ej_tillampligt")
    assert {s: f.status for s, f in frister.items()} == dict.fromkeys(STEG, "ej_tillampligt")
