"""The summary view: more processings than a screenful, one row per förvaltningsobjekt.

``status`` and ``prioritering`` print their tables per processing up to a screenful
(the terminal's height; 50 rows when stdout is not a terminal, as here) and one row
per förvaltningsobjekt beyond it, unless ``--alla`` is given. Whole outputs are
compared with golden files at 80 and 120 columns.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, assert_golden, behandling, run_cli, write_register
from lgtool.checkpoints import compute_status, priority_list
from lgtool.model import Behandling, Organisation
from lgtool.options import Terminal
from lgtool.render.table import (
    PRIORITY_SUMMARY_NOTE,
    SUMMARY_NOTE,
    render_priority,
    render_status,
    summarized,
)
from lgtool.render.terminal import PIPED_ROWS, terminal_of

ROLES = {
    "objektagare": "Olle Ägare",
    "objektledare_verksamhet": "Vera Verksamhet",
    "objektledare_it": "Ivar It",
}
CITY: dict[str, Any] = {
    "organisation": "Trafikkontoret",
    "policy": {"zon_for_konfidentialitet": {0: "Z1", 1: "Z1", 2: "Z2", 3: "Z3", 4: "Z4"}},
    "forvaltningsobjekt": [
        {"id": "trafikovervakning", "namn": "Trafikövervakning", "roller": ROLES},
        {
            "id": "gang-och-cykelvagar-samt-vintervaghallning",
            "namn": "Gång- och cykelvägar samt vinterväghållning",
            "roller": ROLES,
        },
        {"id": "tom", "namn": "Utan behandlingar", "roller": ROLES},
        {"id": "parkering", "namn": "Parkering", "roller": {**ROLES, "objektledare_it": None}},
    ],
}
OBJEKT = ["trafikovervakning", "gang-och-cykelvagar-samt-vintervaghallning", "parkering"]


def city_behandling(i: int) -> dict[str, Any]:
    """Processing number ``i``: its checkpoints vary with ``i``, the same every run."""
    return behandling(
        f"b{i:02d}",
        forvaltningsobjekt=OBJEKT[i % 3],
        kategori=("unik", "gemensam", "ovrig")[i % 4 % 3],
        system=f"System {i % 7}",
        senaste_klassa=None if i % 5 == 0 else ("2025-06-01" if i % 3 == 0 else "2026-03-01"),
        senaste_rsa=None if i % 4 == 0 else "2026-02-01",
        senaste_behorighetskontroll="2024-01-01" if i % 6 == 0 else "2026-02-01",
        registerford=i % 7 != 0,
        klassningsprotokoll=i % 8 != 0,
        klassning={"konfidentialitet": i % 4, "riktighet": 1, "tillganglighet": 1},
        natverkszon="Z3" if i % 10 == 7 else ("Z1", "Z1", "Z2", "Z3")[i % 4],
        handlingsplan=None if i % 9 == 0 else {"gula": int(i % 4 == 1), "roda": int(i % 6 == 1)},
    )


def city(root: Path, count: int = PIPED_ROWS + 10) -> Path:
    """A register of ``count`` processings in three förvaltningsobjekt (and one empty)."""
    return write_register(
        root, organisation=CITY, behandlingar=[city_behandling(i) for i in range(count)]
    )


def run(*args: str, register: Path, columns: int) -> str:
    env = {"COLUMNS": str(columns), "LGTOOL_IDAG": TODAY.isoformat()}
    result = run_cli(*args, "-r", str(register), env=env)
    assert (result.code, result.err) == (0, "")
    assert max(len(line) for line in result.out.splitlines()) <= columns
    return result.out


@pytest.mark.parametrize("columns", [80, 120])
def test_more_than_a_screenful_is_summarised_per_objekt(tmp_path: Path, columns: int) -> None:
    out = run("status", register=city(tmp_path / "register"), columns=columns)
    assert_golden(f"status/sammanfattning-{columns}.txt", out)
    assert SUMMARY_NOTE in out.splitlines()


@pytest.mark.parametrize("columns", [80, 120])
def test_prioritering_is_summarised_the_same_way(tmp_path: Path, columns: int) -> None:
    # 120 processings, of which more than a screenful need a KLASSA.
    out = run("prioritering", register=city(tmp_path / "register", 120), columns=columns)
    assert_golden(f"status/prioritering-sammanfattning-{columns}.txt", out)
    assert PRIORITY_SUMMARY_NOTE in out.splitlines()


def test_alla_shows_every_processing(tmp_path: Path) -> None:
    register = city(tmp_path / "register")
    out = run("status", "--alla", register=register, columns=80)
    assert_golden("status/sammanfattning-alla-80.txt", out)
    assert SUMMARY_NOTE not in out
    rows = [line.split()[0] for line in out.splitlines() if re.match(r" b\d+ ", line)]
    assert sorted(rows) == sorted(f"b{i:02d}" for i in range(PIPED_ROWS + 10))


def test_alla_gives_prioritering_in_priority_order(tmp_path: Path) -> None:
    register = city(tmp_path / "register", 120)
    out = run("prioritering", "--alla", register=register, columns=80)
    listed = json.loads(run("prioritering", "-f", "json", register=register, columns=80))
    rows = [line.split()[1] for line in out.splitlines() if re.match(r" +\d+ +b\d+ ", line)]
    assert rows == [b["id"] for b in listed["behandlingar"]]
    assert PRIORITY_SUMMARY_NOTE not in out


def test_a_screenful_or_fewer_is_shown_per_processing(tmp_path: Path) -> None:
    register = city(tmp_path / "register", count=PIPED_ROWS)
    out = run("status", register=register, columns=80)
    assert out == run("status", "--alla", register=register, columns=80)


@pytest.mark.parametrize(
    ("count", "rows", "alla", "expected"),
    [(50, 50, False, False), (51, 50, False, True), (51, 50, True, False), (25, 24, False, True)],
)
def test_summarized(count: int, rows: int, alla: bool, expected: bool) -> None:
    assert summarized(count, Terminal(rows=rows), alla=alla) is expected


def _status(count: int) -> Any:
    org = Organisation.model_validate(CITY)
    models = [Behandling.model_validate(city_behandling(i)) for i in range(count)]
    return compute_status(org, models, TODAY)


def test_the_terminal_height_decides_on_a_terminal() -> None:
    # 30 processings: per processing in a pipe (50 rows), summarised in a 24-row terminal.
    status = _status(30)
    piped, short = io.StringIO(), io.StringIO()
    render_status(status, piped, terminal=Terminal(rows=PIPED_ROWS))
    render_status(status, short, terminal=Terminal(rows=24))
    assert SUMMARY_NOTE not in piped.getvalue()
    assert SUMMARY_NOTE in short.getvalue()
    out = io.StringIO()
    render_priority(status, priority_list(status), out, terminal=Terminal(rows=5))
    assert PRIORITY_SUMMARY_NOTE in out.getvalue()


def test_the_summary_is_coloured_as_the_terminal_says() -> None:
    out = io.StringIO()
    render_status(_status(60), out, terminal=Terminal(color_system="standard"))
    text = out.getvalue()
    assert "\x1b[31m" in text  # a deviation count in red
    assert re.sub(r"\x1b\[[0-9;]*m", "", text) == _plain_text(_status(60))


def _plain_text(status: Any) -> str:
    out = io.StringIO()
    render_status(status, out, terminal=Terminal())
    return out.getvalue()


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({"COLUMNS": "100"}, False, Terminal(width=100)),
        ({"COLUMNS": "100", "LINES": "30"}, False, Terminal(width=100)),  # a pipe: 50 rows
        (
            {"COLUMNS": "100", "LINES": "30"},
            True,
            Terminal(width=100, rows=30, color_system="standard"),
        ),
        (
            {"COLUMNS": "90", "LINES": "30", "NO_COLOR": "1", "TERM": "xterm-256color"},
            True,
            Terminal(width=90, rows=30, color_system="256", no_color=True),
        ),
        (
            {"COLUMNS": "90", "LINES": "30", "COLORTERM": "truecolor"},
            True,
            Terminal(width=90, rows=30, color_system="truecolor"),
        ),
        ({"COLUMNS": "90", "LINES": "30", "TERM": "dumb"}, True, Terminal(width=90, rows=30)),
        ({"COLUMNS": "90", "FORCE_COLOR": "1"}, False, Terminal(width=90, color_system="standard")),
        (
            {"COLUMNS": "90", "LINES": "30", "TTY_COMPATIBLE": "0"},
            True,
            Terminal(width=90, rows=30),
        ),
    ],
)
def test_terminal_of_follows_richs_rules(
    env: dict[str, str], tty: bool, expected: Terminal
) -> None:
    assert terminal_of(_Stream(tty), env) == expected


@pytest.mark.parametrize("command", ["status", "prioritering"])
def test_a_replayed_summary_is_byte_for_byte_the_fresh_one(tmp_path: Path, command: str) -> None:
    register = city(tmp_path / "register", 120)
    fresh = run(command, "--ingen-cache", register=register, columns=80)
    first = run(command, register=register, columns=80)
    assert list((register / ".lgtool-cache").glob("svar-*"))  # stored
    replayed = run(command, register=register, columns=80)
    assert first == fresh
    assert replayed == fresh


def test_a_citys_totals_too_wide_for_80_columns_follow_as_a_line_of_their_own() -> None:
    """400 objekt of 25 processings: the totals (five digits) would leave the id no room
    at 80 columns, so the columns take the rows' width and the totals wrap below."""
    from lgtool.model import Forvaltningsobjekt
    from lgtool.render.table import _count_grid

    headers = ["Beh", "Avv", "KL", "RSA", "BK", "Reg", "KB", "Pro", "Bes", "Rol", "Zon", "Gul"]
    rows = [
        (
            Forvaltningsobjekt(id=f"objekt-{i:04d}", namn=f"Objekt {i}", roller=dict(ROLES)),
            [25, 25, 20, 19, 18, 0, 5, 7, 6, 4, 17, 105],
        )
        for i in range(400)
    ]
    grid = _count_grid(rows, headers, [""] * len(headers), width=80)
    lines = grid.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[1] == (
        " Objekt                            Beh Avv KL RSA BK Reg KB Pro Bes Rol Zon Gul "
    )
    assert lines[3] == (
        " objekt-0000                        25  25 20  19 18   0  5   7   6   4  17 105 "
    )
    nbsp = "\u00a0"
    assert lines[-3:-1] == [
        f" Totalt: Beh 10{nbsp}000 · Avv 10{nbsp}000 · KL 8{nbsp}000 · RSA 7{nbsp}600 · "
        f"BK 7{nbsp}200 · Reg 0 ·",
        f" KB 2{nbsp}000 · Pro 2{nbsp}800 · Bes 2{nbsp}400 · Rol 1{nbsp}600 · Zon 6{nbsp}800 · "
        f"Gul 42{nbsp}000",
    ]
    # From 120 columns the totals fit in their own row.
    wide = _count_grid(rows, headers, [""] * len(headers), width=120).splitlines()
    assert [cell for cell in wide[-2].split(" ") if cell][:3] == [
        "Totalt",
        f"10{nbsp}000",
        f"10{nbsp}000",
    ]
    assert max(len(line) for line in wide) <= 120
