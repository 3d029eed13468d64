"""Text from the register that cannot attack the one who reads it.

A register arrives by pull request, so any value in it may have been written to
harm: an escape sequence that retitles or clears the terminal (``ESC ] 0 ; … BEL``),
a bidirectional override that shows code or a name in another order than it is
stored (Trojan Source), a lone surrogate that no output can encode, or a CSV cell
that a spreadsheet runs as a formula. This module holds the two rules, shared by
every output: control characters are shown escaped, and CSV cells that a
spreadsheet would evaluate are neutralised.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL_RANGES = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 except tab and line feed, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks and overrides
    "\ud800-\udfff"  # lone surrogates (a pair never reaches a Python str)
)
_CONTROL = re.compile(f"[{_CONTROL_RANGES}]")
_CONTROL_OR_BREAK = re.compile(f"[{_CONTROL_RANGES}\t\n]")

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x0d": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
}
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_breaks: bool = True) -> str:
    r"""``text`` with control, bidirectional and lone surrogate characters written as escapes.

    ESC becomes ``\x1b``, U+202E ``\u202e``. Tab and line feed are kept unless
    ``keep_breaks`` is false (for one-line output such as a problem line).
    """
    pattern = _CONTROL if keep_breaks else _CONTROL_OR_BREAK
    return pattern.sub(_escape, text) if pattern.search(text) else text


def first_control(text: str) -> str | None:
    """The first character of ``text`` that :func:`escape_controls` would escape, if any."""
    match = _CONTROL.search(text)
    return match.group() if match else None


def describe_control(char: str) -> str:
    r"""A control character named for a message, e.g. ``styrtecknet ESC (\x1b)``."""
    code = ord(char)
    escaped = escape_controls(char)
    name = _NAMES.get(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"ett ensamt surrogattecken ({escaped})"
    if _BIDI.fullmatch(char):
        return f"ett tecken som vänder skrivriktningen ({escaped})"
    return f"styrtecknet {name or f'U+{code:04X}'} ({escaped})"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text instead of running it (OWASP's rule).

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading ``'``. Numbers, dates, text that is a negative number and a
    lone ``-`` (the export's "no one" in a role column) are not text a
    spreadsheet would run, and are left as they are. Such text behind apostrophes
    (``'=x``, as this writes ``=x``) gets one more too (:func:`apostrophe_escaped`).
    """
    if isinstance(value, str) and _runs(value.lstrip("'")):
        return "'" + value
    return value


def apostrophe_escaped(value: Any) -> Any:
    """Text that starts with apostrophes before text a spreadsheet would run, with one
    more: ``lgtool import`` takes one away from such text (it reads CSV written by
    :func:`csv_cell`), so ``'=x`` exported as ``''=x`` is read back as ``'=x``."""
    if isinstance(value, str) and value.startswith("'") and _runs(value.lstrip("'")):
        return "'" + value
    return value


def _runs(text: str) -> bool:
    """Whether a spreadsheet would run text (a formula), by :func:`csv_cell`'s rule."""
    return text.startswith(_FORMULA_START) and not (text == "-" or _NUMBER.fullmatch(text))
