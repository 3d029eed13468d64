"""``lgtool kalender --format ics``: RFC 5545 by two parsers, stable UIDs, per-person feeds."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import behandling, run_cli

icalendar = pytest.importorskip("icalendar", reason="tillägget kalender (icalendar) saknas")

MakeRegister = Callable[..., Path]
PER = "2026-03-01"


def _processings(**b1: Any) -> list[dict[str, Any]]:
    return [
        behandling(
            "b1",
            **{
                "namn": "Signalstyrning",
                "senaste_klassa": "2025-04-10",
                "senaste_rsa": "2025-12-01",
                "senaste_behorighetskontroll": "2025-12-01",
                **b1,
            },
        ),
        behandling(
            "b2",
            senaste_klassa=None,
            senaste_rsa="2025-01-31",
            senaste_behorighetskontroll="2025-12-01",
            roller={"objektagare": None},
        ),
    ]


def _ics(root: Path, *args: str) -> bytes:
    result = run_cli("kalender", "-r", root, "--per", PER, "-f", "ics", "-o", root / "k.ics", *args)
    assert (result.code, result.out, result.err) == (0, "", "")
    return (root / "k.ics").read_bytes()


def _events(data: bytes) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_events_summaries_dates_alarm_and_description(make_register: MakeRegister) -> None:
    data = _ics(make_register(behandlingar=_processings()))
    events = _events(data)
    assert sorted(events) == [
        "KLASSA FÖRFALLEN: Behandling b2",
        "KLASSA förfaller: Signalstyrning",
        "RSA FÖRFALLEN: Behandling b2",
    ]
    klassa = events["KLASSA förfaller: Signalstyrning"]
    assert klassa.decoded("dtstart").isoformat() == "2026-04-10"
    assert klassa.decoded("dtend").isoformat() == "2026-04-11"
    assert str(klassa["description"]) == (
        "KLASSA för Signalstyrning, senast gjord 2025-04-10\n"
        "Behandling: Signalstyrning (b1)\n"
        "Förvaltningsobjekt: obj\n"
        "Ansvarig: Olle Ägare (objektagare)\n"
        "När det är gjort: lgtool registrera klassa b1"
    )
    (alarm,) = klassa.walk("VALARM")
    assert str(alarm.decoded("trigger")) == "-14 days, 0:00:00"
    # Overdue: on the reference date.
    overdue = events["RSA FÖRFALLEN: Behandling b2"]
    assert overdue.decoded("dtstart").isoformat() == PER
    assert "Förföll 2026-01-31." in str(overdue["description"])


def test_paminnelse_sets_the_alarm(make_register: MakeRegister) -> None:
    data = _ics(make_register(behandlingar=_processings()), "--paminnelse", "3")
    assert b"TRIGGER:-P3D\r\n" in data
    assert b"TRIGGER:-P14D" not in data


def _uids(data: bytes) -> dict[str, str]:
    return {
        str(e["summary"]).split(": ")[0] + " " + str(e["description"]).split("(")[1][:2]: str(
            e["uid"]
        )
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if "(b" in str(e["description"])
    }


def test_uids_survive_an_unrelated_edit_and_a_date_change(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=_processings())
    before = _ics(root, "--inom", "400")
    make_register(behandlingar=_processings(anteckning="Ny plattform."))
    assert _ics(root, "--inom", "400") == before  # nothing at all changes
    make_register(behandlingar=_processings(senaste_klassa="2025-05-20"))
    after = _ics(root, "--inom", "400")
    assert after != before
    assert _uids(after) == _uids(before)
    assert len(set(_uids(before).values())) == len(_uids(before)) == 6
    moved = _events(after)["KLASSA förfaller: Signalstyrning"]
    assert moved.decoded("dtstart").isoformat() == "2026-05-20"


def _unfold(data: bytes) -> list[str]:
    """RFC 5545 §3.1 by hand: CRLF line ends, at most 75 octets a line, folds start with a space."""
    assert data.endswith(b"\r\n")
    raw = data[:-2].split(b"\r\n")
    for line in raw:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
    lines: list[str] = []
    for line in raw:
        if line.startswith((b" ", b"\t")):
            lines[-1] += line[1:].decode("utf-8")  # a fold may split a character's bytes
        else:
            lines.append(line.decode("utf-8", errors="surrogateescape"))
    return [line.encode("utf-8", errors="surrogateescape").decode("utf-8") for line in lines]


def test_the_lines_follow_rfc_5545_by_hand(make_register: MakeRegister) -> None:
    data = _ics(make_register(behandlingar=_processings()))
    lines = _unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    stack: list[str] = []
    events: list[dict[str, str]] = []
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack[-1] == "VEVENT":
            events[-1][name.split(";")[0]] = value
    assert not stack
    assert "VERSION:2.0" in lines and "PRODID:-//lgtool//kalender//SV" in lines
    assert sorted((e["SUMMARY"], e["DTSTART"]) for e in events) == [
        ("KLASSA FÖRFALLEN: Behandling b2", "20260301"),
        ("KLASSA förfaller: Signalstyrning", "20260410"),
        ("RSA FÖRFALLEN: Behandling b2", "20260301"),
    ]
    for e in events:
        assert set(e) >= {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"}
        assert re.fullmatch(r"[0-9a-f-]{36}@lgtool", e["UID"])
        assert e["DTSTAMP"] == "20260301T000000Z"


def test_per_ansvarig_writes_one_file_per_person(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=_processings())
    folder = root / "ut"
    result = run_cli("kalender", "-r", root, "--per", PER, "--per-ansvarig", "-o", folder)
    assert (result.code, result.err) == (0, "")
    # Ivar It's access reviews fall due after the window: an empty feed, not a stale one.
    shown = folder.as_posix()
    assert result.out == (
        f"Skrev {shown}/ingen-namngiven.ics (2 poster)\n"
        f"Skrev {shown}/ivar-it.ics (0 poster)\n"
        f"Skrev {shown}/olle-agare.ics (1 post)\n"
    )
    ivar = icalendar.Calendar.from_ical((folder / "ivar-it.ics").read_bytes())
    assert ivar.walk("VEVENT") == []
    olle = icalendar.Calendar.from_ical((folder / "olle-agare.ics").read_bytes())
    assert str(olle["x-wr-calname"]) == "Testkontoret – det som förfaller – Olle Ägare"
    assert [str(e["summary"]) for e in olle.walk("VEVENT")] == ["KLASSA förfaller: Signalstyrning"]


def test_per_ansvarig_needs_a_folder(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=_processings())
    result = run_cli("kalender", "-r", root, "--per-ansvarig")
    assert (result.code, result.err) == (2, "fel: --per-ansvarig kräver -o MAPP\n")
    result = run_cli("kalender", "-r", root, "--per-ansvarig", "-o", root / "saknas" / "ut")
    assert (result.code, result.err) == (
        2,
        f"fel: -o: mappen '{(root / 'saknas').as_posix()}' finns inte\n",
    )
    result = run_cli("kalender", "-r", root, "--per-ansvarig", "-f", "json", "-o", root / "ut")
    assert (result.code, result.err) == (
        2,
        "fel: --per-ansvarig skriver ics; ta bort --format json\n",
    )


def test_a_second_independent_parser_reads_the_same_calendar(make_register: MakeRegister) -> None:
    """``ical`` (a strict RFC 5545 implementation of its own, not icalendar's) reads every
    event: all-day dates, UID, summary and description with å, ä, ö, and the VALARM."""
    ical = pytest.importorskip("ical.calendar_stream", reason="dev-paketet ical saknas")
    data = _ics(make_register(behandlingar=_processings(namn="Åtgärdsregister för överförmyndare")))
    cal = ical.IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert (cal.prodid, cal.version) == ("-//lgtool//kalender//SV", "2.0")
    events = {e.summary: e for e in cal.events}
    assert sorted(events) == [
        "KLASSA FÖRFALLEN: Behandling b2",
        "KLASSA förfaller: Åtgärdsregister för överförmyndare",
        "RSA FÖRFALLEN: Behandling b2",
    ]
    assert {e.uid: e.summary for e in cal.events} == {
        str(e["uid"]): str(e["summary"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    klassa = events["KLASSA förfaller: Åtgärdsregister för överförmyndare"]
    assert (klassa.dtstart, klassa.dtend) == (date(2026, 4, 10), date(2026, 4, 11))
    assert re.fullmatch(r"[0-9a-f-]{36}@lgtool", klassa.uid)
    assert klassa.description == (
        "KLASSA för Åtgärdsregister för överförmyndare, senast gjord 2025-04-10\n"
        "Behandling: Åtgärdsregister för överförmyndare (b1)\n"
        "Förvaltningsobjekt: obj\n"
        "Ansvarig: Olle Ägare (objektagare)\n"
        "När det är gjort: lgtool registrera klassa b1"
    )
    for event in cal.events:
        (alarm,) = event.alarm
        assert (alarm.action, alarm.trigger, alarm.description) == (
            "DISPLAY",
            timedelta(days=-14),
            event.summary,
        )
    overdue = events["RSA FÖRFALLEN: Behandling b2"]
    assert (overdue.dtstart, overdue.dtend) == (date(2026, 3, 1), date(2026, 3, 2))


def test_per_ansvarig_removes_only_its_own_stale_feeds(make_register: MakeRegister) -> None:
    stina = behandling("b3", senaste_klassa=None, roller={"objektagare": "Stina Ny"})
    root = make_register(behandlingar=[*_processings(), stina])
    folder = root / "ut"
    result = run_cli("kalender", "-r", root, "--per", PER, "--per-ansvarig", "-o", folder)
    assert (result.code, result.err) == (0, "")
    assert f"Skrev {folder.as_posix()}/stina-ny.ics (1 post)\n" in result.out
    feed = (folder / "stina-ny.ics").read_bytes()
    # What lgtool did not write, or wrote for another organisation, stays: a calendar of
    # another program, another register's feed, a link to a feed, a file not named as a feed.
    others = {
        "egen.ics": b"BEGIN:VCALENDAR\r\nPRODID:-//Outlook//SV\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        "annan-forvaltning.ics": feed.replace(b"Testkontoret", b"Annat kontor"),
        "Stina Ny.ics": feed,
        "stina-ny.ics.bak": feed,
        "anteckningar.txt": b"inte en kalender\n",
    }
    for name, data in others.items():
        (folder / name).write_bytes(data)
    (folder / "lankad.ics").symlink_to(folder / "annan-forvaltning.ics")
    (root / "behandlingar" / "b3.yaml").unlink()  # Stina has nothing left in the register
    result = run_cli("kalender", "-r", root, "--per", PER, "--per-ansvarig", "-o", folder)
    shown = folder.as_posix()
    assert (result.code, result.err, result.out) == (
        0,
        "",
        f"Skrev {shown}/ingen-namngiven.ics (2 poster)\n"
        f"Skrev {shown}/ivar-it.ics (0 poster)\n"
        f"Skrev {shown}/olle-agare.ics (1 post)\n"
        f"Tog bort {shown}/stina-ny.ics (personen har inget kvar i registret)\n",
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*others, "lankad.ics", "ingen-namngiven.ics", "ivar-it.ics", "olle-agare.ics"]
    )
    for name, data in others.items():
        assert (folder / name).read_bytes() == data
    # Nothing left over from the atomic writes either, and a second run removes nothing.
    again = run_cli("kalender", "-r", root, "--per", PER, "--per-ansvarig", "-o", folder)
    assert "Tog bort" not in again.out
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
