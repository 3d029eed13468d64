"""lgtool.safetext: control characters shown escaped, CSV cells that cannot run."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lgtool.safetext import csv_cell, describe_control, escape_controls, first_control


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Signalstyrning å ä ö", "Signalstyrning å ä ö"),
        ("\x1b]0;x\x07\x1b[2J", "\\x1b]0;x\\x07\\x1b[2J"),
        ("a\x00b\x7fc\x85d\x9be", "a\\x00b\\x7fc\\x85d\\x9be"),
        ("abc\u202edcba\u2066x\u2069", "abc\\u202edcba\\u2066x\\u2069"),
        ("\ud800", "\\ud800"),
        ("rad ett\n\trad två\r", "rad ett\n\trad två\\x0d"),
    ],
)
def test_escape_controls(text: str, escaped: str) -> None:
    assert escape_controls(text) == escaped


def test_escape_controls_on_one_line_escapes_tab_and_line_feed_too() -> None:
    assert escape_controls("a\tb\nc", keep_breaks=False) == "a\\x09b\\x0ac"


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\x1b", "styrtecknet ESC (\\x1b)"),
        ("\x00", "styrtecknet NUL (\\x00)"),
        ("\x01", "styrtecknet U+0001 (\\x01)"),
        ("\u202e", "ett tecken som vänder skrivriktningen (\\u202e)"),
        ("\udfff", "ett ensamt surrogattecken (\\udfff)"),
    ],
)
def test_describe_control(char: str, named: str) -> None:
    assert describe_control(char) == named
    assert first_control(f"ok{char}ok") == char


@given(st.text())
def test_escaped_text_has_no_control_character_left(text: str) -> None:
    assert first_control(escape_controls(text)) is None
    assert escape_controls(text, keep_breaks=False).count("\n") == 0


@given(st.text())
def test_a_csv_cell_never_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert cell == text or cell == "'" + text
    assert not str(cell).startswith(("=", "+", "@", "\t", "\r")) or cell == text
    if cell == text and text[:1] in ("=", "+", "@", "\t", "\r"):
        pytest.fail(f"{text!r} was left as a formula")


@given(st.text(st.sampled_from("'=+-@1 ax\t"), max_size=8))
def test_import_reads_back_what_a_csv_cell_and_an_escaped_apostrophe_write(text: str) -> None:
    from lgtool.safetext import apostrophe_escaped
    from lgtool.spreadsheet.convert import without_csv_quote

    assert without_csv_quote(csv_cell(text)) == text
    assert without_csv_quote(apostrophe_escaped(text)) == text


def test_an_apostrophe_before_a_formula_is_kept() -> None:
    from lgtool.safetext import apostrophe_escaped

    assert [csv_cell(v) for v in ("'+", "''=x", "'x", "-", "-1")] == [
        "''+", "'''=x", "'x", "-", "-1",
    ]  # fmt: skip
    assert [apostrophe_escaped(v) for v in ("'+", "=x", "'x")] == ["''+", "=x", "'x"]
