"""Problems found in the register: small frozen records and their output formats."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from lgtool.safetext import escape_controls
from lgtool.wording import antal, number

Level = Literal["fel", "varning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located in a file. Sorts by file, line and column."""

    fil: str
    rad: int
    kolumn: int
    kod: str
    meddelande: str
    niva: Level = "fel"
    antal: int = 1
    """How many problems this one stands for: more than 1 only for the one that counts
    the problems left out of a file with too many (see :func:`cap_per_file`)."""

    def __post_init__(self) -> None:
        # A file name or a quoted value can come from a hostile register: control,
        # bidirectional and lone surrogate characters are escaped once, here, so no
        # output (text, GitHub, JSON, Markdown, a cache) ever carries them raw.
        # (Line breaks stay: text() folds them into spaces.)
        for name in ("fil", "meddelande"):
            value = getattr(self, name)
            escaped = escape_controls(value)
            if escaped is not value:
                parts = _LINE_BREAK_SPLIT.split(value)
                kept = "".join(
                    part if index % 2 else escape_controls(part) for index, part in enumerate(parts)
                )
                object.__setattr__(self, name, kept)

    def text(self) -> str:
        """``PATH:LINE:COL: fel: MESSAGE``, the format editors and humans read."""
        where = f"{_one_line(self.fil)}:{self.rad}:{self.kolumn}"
        return f"{where}: {self.niva}: {_one_line(self.meddelande)}"

    def github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request."""
        kind = "error" if self.niva == "fel" else "warning"
        props = ",".join(
            [
                f"file={_escape_property(self.fil)}",
                f"line={self.rad}",
                f"col={self.kolumn}",
                f"title={_escape_property('lgtool ' + self.kod)}",
            ]
        )
        return f"::{kind} {props}::{_escape_data(self.meddelande)}"


_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LINE_BREAK_SPLIT = re.compile(f"({_LINE_BREAKS.pattern})")


def _one_line(text: str) -> str:
    """``text`` on one line, safe for a terminal.

    Line breaks fold into spaces (one problem, one line); control, bidirectional
    and lone surrogate characters from the register are shown escaped
    (:mod:`lgtool.safetext`), so a value cannot rewrite the reader's terminal.
    """
    return escape_controls(_LINE_BREAKS.sub(" ", text), keep_breaks=False)


def _escape_data(value: str) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_controls(value)


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_text(problems: Iterable[Problem]) -> str:
    """One line per problem, sorted by position."""
    return "".join(p.text() + "\n" for p in sorted(problems))


def format_json(problems: Iterable[Problem]) -> str:
    """A JSON list of ``{fil, rad, kolumn, niva, kod, meddelande}``."""
    rows = []
    for p in sorted(problems):
        d = asdict(p)
        rows.append({k: d[k] for k in ("fil", "rad", "kolumn", "niva", "kod", "meddelande")})
    # JSON escapes C0 itself; C1, bidirectional marks and lone surrogates are escaped too.
    return _JSON_UNSAFE.sub(_json_escape, json.dumps(rows, ensure_ascii=False, indent=2)) + "\n"


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub workflow commands, one per problem."""
    return "".join(p.github() + "\n" for p in sorted(problems))


MAX_PROBLEMS_PER_FILE = 100
"""At most this many problems are reported for one file, plus one that counts the rest.

A hostile or broken file can hold 100,000 errors; reporting each would take far
longer than reading the file and bury the first ones in megabytes of output.
"""


def shown_count(positions: Sequence[tuple[int, int]]) -> int:
    """How many of a file's problems, at ``positions`` in order, to show.

    At most :data:`MAX_PROBLEMS_PER_FILE`, and problems at one position are shown or
    left out together, so that the count of the rest comes after everything shown.
    """
    limit = MAX_PROBLEMS_PER_FILE
    if len(positions) <= limit:
        return len(positions)
    n = limit
    while n > 0 and positions[n - 1] == positions[limit]:
        n -= 1
    return n or limit


def left_out(fil: str, rad: int, kolumn: int, count: int) -> Problem:
    """The problem that stands for ``count`` problems of ``fil`` that are not shown,
    at the first of them."""
    message = (
        f"… och {number(count)} fel till i filen "
        f"(högst {number(MAX_PROBLEMS_PER_FILE)} fel visas per fil)"
    )
    return Problem(fil, rad, kolumn, "for-manga-fel", message, antal=count)


def cap_per_file(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` with at most :data:`MAX_PROBLEMS_PER_FILE` per file (see :func:`shown_count`).

    A file's problems past the limit become one problem that counts them; a count
    made before (by ``schema_errors.translate_all``) is added into it.
    """
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.fil, []).append(problem)
    result: list[Problem] = []
    for fil, found in by_file.items():
        single = sorted(p for p in found if p.antal == 1)
        n = shown_count([(p.rad, p.kolumn) for p in single])
        if n == len(single):
            result.extend(found)
            continue
        counted = [p for p in found if p.antal > 1]
        first = min([single[n], *counted])
        rest = len(single) - n + sum(p.antal for p in counted)
        result.extend(single[:n])
        result.append(left_out(fil, first.rad, first.kolumn, rest))
    return result


def summary(problems: list[Problem]) -> str:
    """A Swedish one-line summary such as '3 fel i 2 filer'."""
    return f"{counted(problems)} i {antal(len({p.fil for p in problems}), 'fil', 'filer')}"


def counted(problems: Iterable[Problem]) -> str:
    """How many errors and warnings, such as '3 fel' or '1 fel och 2 varningar'."""
    n = warnings = 0
    for p in problems:
        if p.niva == "fel":
            n += p.antal
        elif p.niva == "varning":
            warnings += p.antal
    if not warnings:
        return f"{number(n)} fel"
    said = antal(warnings, "varning", "varningar")
    return f"{number(n)} fel och {said}" if n else said


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any of the problems is an error (a warning alone does not fail a run)."""
    return any(p.niva == "fel" for p in problems)
