"""Class 4: output that cannot attack its reader.

Control characters from the register never reach a terminal raw, and no CSV cell
that lgtool writes can run as a formula in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hostile_helpers import behandling, make_sandbox, run, unchanged_outside

from lgtool.safetext import csv_cell, escape_controls

TERMINAL_ATTACK = "\x1b]0;pwned\x07\x1b[2J"
"""Retitles the terminal (OSC 0 … BEL) and clears the screen (CSI 2 J)."""


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (TERMINAL_ATTACK, "styrtecknet ESC (\\x1b)"),
        ("Sig\x00nal", "styrtecknet NUL (\\x00)"),
        ("Sig\x07nal", "styrtecknet BEL (\\x07)"),
        ("Sig\x9bnal", "styrtecknet U+009B (\\x9b)"),
        ("abc\u202edcba", "ett tecken som vänder skrivriktningen (\\u202e)"),
        ("Sig\ud800nal", "ett ensamt surrogattecken (\\ud800)"),
    ],
)
def test_validate_refuses_a_control_character_and_never_prints_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    value: str,
    named: str,
) -> None:
    escaped = json.dumps(value)  # a YAML double-quoted string accepts JSON's escapes
    text = (
        "id: b1\nnamn: " + escaped + "\nforvaltningsobjekt: obj\nkategori: unik\n"
        "personuppgifter: true\nsenaste_klassa: null\nsenaste_rsa: null\n"
        "senaste_behorighetskontroll: null\nregisterford: true\n"
        "konsekvensbedomning: nej\nklassningsprotokoll: true\nsystembeskrivning: true\n"
    )
    base = make_sandbox(tmp_path, behandlingar=[], files={"behandlingar/b1.yaml": text})
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
        github = run(
            capsys, monkeypatch, base / "work", "validate", "-r", "register", "--format", "github"
        )
        as_json = run(
            capsys, monkeypatch, base / "work", "validate", "-r", "register", "--format", "json"
        )
    message = f"'namn' innehåller {named}, som inte får förekomma i registret; ta bort tecknet"
    assert (result.code, result.err) == (1, "")
    assert result.out == f"register/behandlingar/b1.yaml:2:7: fel: {message}\n1 fel i 1 fil.\n"
    assert github.out.startswith("::error file=register/behandlingar/b1.yaml,line=2,col=7,")
    assert json.loads(as_json.out)[0]["meddelande"] == message
    for output in (result.out, github.out, as_json.out):
        assert escape_controls(output) == output


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (TERMINAL_ATTACK, "styrtecknet ESC (\\x1b)"),
        ("\x01", "styrtecknet U+0001 (\\x01)"),
        ("\udcff", "ett ensamt surrogattecken (\\udcff)"),  # a byte that is not UTF-8
    ],
)
def test_satt_refuses_a_control_character_and_shows_it_escaped(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    value: str,
    named: str,
) -> None:
    base = make_sandbox(tmp_path)
    path = base / "work" / "register" / "behandlingar" / "b1.yaml"
    before = path.read_bytes()
    result = run(
        capsys, monkeypatch, base / "work", "satt", "b1", "roller.objektagare", value,
        "-r", "register",
    )  # fmt: skip
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"fel: värdet för 'roller.objektagare' innehåller {named}; ta bort tecknet\n"
    )
    assert path.read_bytes() == before


def test_import_shows_a_hostile_header_and_cell_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_paths import CSV_HEADER

    base = make_sandbox(tmp_path)
    row = f"b2;{TERMINAL_ATTACK.replace(';', ',')};obj;unik;ja;ja;nej;ja;ja;;;;x\n"
    (base / "work" / "ark.csv").write_text(CSV_HEADER.rstrip("\n") + ";X\x1b[2J\n" + row, "utf-8")
    with unchanged_outside(base):
        result = run(
            capsys, monkeypatch, base / "work", "import", "ark.csv", "-r", "register",
            "--torrkorning",
        )  # fmt: skip
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "Kolumner som inte används: X\\x1b[2J\n"
        "rad 2: 'Namn': 'namn' innehåller styrtecknet ESC (\\x1b), som inte får förekomma i "
        "registret; ta bort tecknet\n"
        "Skulle skriva 0 filer i register/behandlingar/; 1 rad skrevs inte (se ovan).\n"
    )


FORMULAS = ['=HYPERLINK("http://x";"klicka")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_cells_that_would_run_as_formulas_get_a_quote() -> None:
    assert [csv_cell(v) for v in FORMULAS] == ["'" + v for v in FORMULAS]
    untouched = ["-5", "-1,5", "-1.5e3", "-", "2025-01-01", "Signal", "", 3, -3, None]
    assert [csv_cell(v) for v in untouched] == untouched


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--format", "csv"),
        ("prioritering", "--format", "csv"),
        ("export", "--format", "csv"),
    ],
)
def test_no_csv_that_lgtool_writes_has_a_formula_cell(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    args: tuple[str, ...],
) -> None:
    base = make_sandbox(
        tmp_path,
        behandlingar=[
            behandling(
                "b1",
                namn=FORMULAS[0],
                system="+1+1",
                natverkszon="@Z2",
                senaste_klassa=None,
                anteckning="-2+3",
                roller={"objektagare": "=cmd|' /C calc'!A0"},
            )
        ],
    )
    result = run(capsys, monkeypatch, base / "work", *args, "-r", "register")
    assert (result.code, result.err) == (0, "")
    text = result.out.removeprefix("\ufeff")
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    assert FORMULAS[0] not in cells
    assert "'" + FORMULAS[0] in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and c != "-")]


def test_a_file_name_with_control_characters_is_shown_escaped_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "\x1b[2J\u202e.yaml"
    base = make_sandbox(tmp_path, files={f"behandlingar/{name}": "id: x\n"})
    text = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
    as_json = run(
        capsys, monkeypatch, base / "work", "validate", "-r", "register", "--format", "json"
    )
    shown = "register/behandlingar/\\x1b[2J\\u202e.yaml"
    assert (text.code, text.err) == (1, "")
    assert text.out.splitlines()[0].startswith(f"{shown}:1:1: fel: ")
    assert {p["fil"] for p in json.loads(as_json.out)} == {shown}
    for output in (text.out, as_json.out):
        assert escape_controls(output) == output
