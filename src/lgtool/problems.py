"""Problems found in the register: small frozen records and their output formats."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

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
    """How many problems this one stands for: more than 1 only for the line that counts
    the problems left out of a file with too many (see ``schema_errors.translate_all``)."""

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


def _one_line(text: str) -> str:
    """``text`` with its line breaks folded into spaces: one problem, one line."""
    return _LINE_BREAKS.sub(" ", text)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub workflow commands, one per problem."""
    return "".join(p.github() + "\n" for p in sorted(problems))


def summary(problems: list[Problem]) -> str:
    """A Swedish one-line summary such as '3 fel i 2 filer'."""
    files = len({p.fil for p in problems})
    n = sum(p.antal for p in problems)
    return f"{number(n)} fel i {antal(files, 'fil', 'filer')}"
