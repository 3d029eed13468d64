"""PDF without system packages: pandoc writes Typst, the ``typst`` wheel sets the pages.

Both come from PyPI (the ``pdf`` extra: pypandoc-binary and typst), so nothing needs
to be installed on the machine. The Typst template below sets A4 with 2 cm margins,
the document properties, headings kept with what follows, tables that may run over
several pages with their header row repeated (in bold) and no row split, and no
hyphenation.
Column widths follow the text (pandoc's relative widths are dropped): a table that
fits on the page gets each column's natural width; one that does not gives every
column at least its longest word, measured by Typst in the report's font, and shares
the rest of the line by what each column would need more
(:func:`tables_as_set`). With hyphenation off, a narrower column would let a long
word run into its neighbour. The same Markdown and reference date give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from lgtool.errors import ReportError

MISSING = (
    "PDF-utdata kräver tillägget 'pdf' (pandoc och Typst från PyPI): "
    "installera med  pip install 'lgtool[pdf]'"
)


def _typst_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'.replace("$", "$$")  # '$' is the pandoc template's own marker


def template(*, title: str, author: str, subject: str) -> str:
    """The pandoc template (Typst) for the report's PDF."""
    return f"""\
#set document(
  title: {_typst_string(title)},
  author: {_typst_string(author)},
  description: {_typst_string(subject)},
  keywords: ("ledningens genomgång", "informationssäkerhet"),
)
#set page(
  paper: "a4",
  margin: 2cm,
  numbering: "1 (1)",
  number-align: right,
)
#set text(
  lang: "sv",
  region: "SE",
  font: ("Arial", "Liberation Sans", "Helvetica", "DejaVu Sans"),
  size: 10.5pt,
  hyphenate: false,
)
#set par(justify: false, leading: 0.6em, spacing: 0.9em)
#set smartquote(enabled: false)
#show heading: set text(fill: rgb("#0f4761"), weight: "regular")
#show heading: set block(sticky: true, above: 1.4em, below: 0.7em)
#show heading.where(level: 1): set text(size: 20pt)
#show heading.where(level: 2): set text(size: 15pt)
#show heading.where(level: 3): set text(size: 12.5pt)
#show heading.where(level: 4): set text(size: 10.5pt, style: "italic")
#let horizontalrule = line(length: 100%, stroke: 0.5pt + luma(160))
#show quote.where(block: true): it => block(
  fill: rgb("#f3f6f9"), inset: (x: 10pt, y: 8pt), stroke: (left: 3pt + rgb("#b8c7d6")),
  width: 100%, it.body,
)
#show figure: set block(breakable: true)
#show figure.where(kind: table): set align(left)
#set table(inset: (x: 4pt, y: 3pt), stroke: (x: none, top: none, bottom: 0.3pt + luma(200)))
#show table.hline: set line(stroke: 0.8pt + luma(60))
#set table.cell(breakable: false)
#show table: set text(size: 8.5pt)
#let lgtool-header(..cells) = table.header(..cells.pos().map(c => strong(c)))
#let lgtool-columns(words, cells, heads) = {{
  // Per column: the words that must fit whole, the longest cell, the header (bold).
  let pad = 9pt
  let width(t, bold) = measure(
    text(size: 8.5pt, weight: if bold {{ "bold" }} else {{ "regular" }}, t)
  ).width
  let low = words.zip(heads).map(((w, h)) => calc.max(
    ..w.map(t => width(t, false)), ..h.map(t => width(t, true))) + pad)
  let high = cells.zip(low).map(((c, l)) => calc.max(
    width(c.at(0), false) + pad, width(c.at(1), true) + pad, l))
  let room = 170mm
  if high.sum() <= room {{ return high.map(_ => auto) }}
  if low.sum() >= room {{ return low }}
  let spare = room - low.sum()
  let want = high.zip(low).map(((h, l)) => h - l)
  let total = want.sum()
  low.zip(want).map(((l, w)) => l + spare * (w / total))
}}

{BODY_MARK}
$body$
"""


BODY_MARK = "// lgtool: the report starts here"

_COLUMNS = re.compile(r"columns: (?:\d+|\((?:\d+(?:\.\d+)?%,?\s*)+\)),")
_MARKUP = re.compile(r'#[A-Za-z][\w.-]*(?:\((?:"(?:[^"\\]|\\.)*"|[^()"])*\))?')
_SPACE = re.compile(r"[ \t\r\n]+")
"""Where a line may break: not at a non-breaking space (``~`` in Typst)."""
_AFTER_HYPHEN = re.compile(r"(?<=-)(?=[^\W\d_])")
"""Where a word may break: after a hyphen before a letter (IT-|system), not inside
a date or a number (2025-03-31)."""
_WORDS_MEASURED = 4
"""Per column, the longest words (by letters) whose width Typst measures."""


def tables_as_set(typst_source: str) -> str:
    """Pandoc's tables the report's way: widths from their text, left-aligned, bold header row.

    Pandoc gives relative column widths (which break long words), centres each table
    and leaves the header row plain. Each table's columns become
    ``lgtool-columns(...)`` of the template, given each column's longest words, its
    longest cell and its header, which Typst measures when it sets the table.
    """
    preamble, mark, body = typst_source.partition(BODY_MARK)
    out: list[str] = []
    at = 0
    while (start := body.find("[#table(", at)) >= 0:
        head = start + len("[#table(")
        end = _closing(body, head - 1, "(", ")")
        table = body[head:end]
        out.append(body[at:start])
        out.append("[#context table(" + _with_columns(table) + ")")
        at = end + 1
    out.append(body[at:])
    body = "".join(out).replace("align(center)[#context table(", "align(left)[#context table(")
    return preamble + mark + body.replace("table.header(", "lgtool-header(")


def _with_columns(table: str) -> str:
    """The arguments of one ``#table(...)`` with their ``columns`` measured from the cells."""
    found = _COLUMNS.search(table)
    if found is None:
        return table
    spec = found.group(0)[len("columns: ") : -1]
    count = spec.count("%") if spec.startswith("(") else int(spec)
    header_end = table.find("table.header(")
    header_close = -1
    if header_end >= 0:
        header_close = _closing(table, header_end + len("table.header"), "(", ")")
    heads: list[list[str]] = [[] for _ in range(count)]
    words: list[list[str]] = [[] for _ in range(count)]
    longest: list[tuple[str, str]] = [("", "") for _ in range(count)]
    body_index = 0
    for cell_start, cell_end in _cells(table):
        text = _plain(table[cell_start + 1 : cell_end])
        in_header = header_end <= cell_start < header_close
        if in_header:
            column = len([h for h in heads if h])
            if column < count:
                heads[column] = _breakable_parts(text) or [""]
                longest[column] = (longest[column][0], text)
            continue
        column = body_index % count
        body_index += 1
        words[column].extend(_breakable_parts(text))
        if len(text) > len(longest[column][0]):
            longest[column] = (text, longest[column][1])
    measured = [sorted(set(w), key=lambda t: (-len(t), t))[:_WORDS_MEASURED] or [""] for w in words]
    argument = (
        f"columns: lgtool-columns({_typst_array([_strings(w) for w in measured])}, "
        f"{_typst_array([_strings(c) for c in longest])}, "
        f"{_typst_array([_strings(h or ['']) for h in heads])}),"
    )
    return table[: found.start()] + argument + table[found.end() :]


def _typst_array(items: list[str]) -> str:
    """A Typst array of ``items``, each already Typst code; a trailing comma keeps a
    one-item array an array."""
    return "(" + "".join(f"{i}, " for i in items) + ")"


def _strings(texts: Sequence[str]) -> str:
    """A Typst array of strings."""
    return _typst_array([_typst_string(t) for t in texts])


def _closing(text: str, opening: int, left: str, right: str) -> int:
    """The index of the bracket that closes the one at ``opening`` (escapes and strings
    skipped); the end of ``text`` when it is never closed."""
    depth = 0
    i = opening
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            i = _string_end(text, i) + 1
            continue
        if ch == left:
            depth += 1
        elif ch == right:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def _cells(table: str) -> list[tuple[int, int]]:
    """Where each cell (a top-level ``[...]`` content block) of a table's arguments lies."""
    found = []
    i = 0
    while i < len(table):
        ch = table[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            i = _string_end(table, i) + 1
            continue
        if ch == "[":
            end = _closing(table, i, "[", "]")
            found.append((i, end))
            i = end + 1
            continue
        i += 1
    return found


def _string_end(text: str, start: int) -> int:
    """The index of the quote that ends the Typst string opening at ``start``."""
    i = start + 1
    while i < len(text) and text[i] != '"':
        i += 2 if text[i] == "\\" else 1
    return i


def _plain(markup: str) -> str:
    """A cell's text as set: markup calls and brackets dropped, escapes resolved, a
    non-breaking space (``~``) kept as one."""
    text = _MARKUP.sub("", markup)
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if ch == "~":
            out.append("\u00a0")
        elif ch not in "[]":
            out.append(ch)
        i += 1
    text = "".join(out).replace("---", "\u2014").replace("--", "\u2013")
    return " ".join(_SPACE.split(text)).strip()


def _breakable_parts(text: str) -> list[str]:
    """The pieces of ``text`` a line may not break inside: words, split after a hyphen."""
    words = _SPACE.split(text)
    return [part for word in words if word for part in _AFTER_HYPHEN.split(word) if part]


def compile_pdf(typst_source: str, *, per: date, folder: Path) -> bytes:
    """The PDF of ``typst_source``; its creation date is the report's reference date."""
    try:
        import typst
    except ImportError:
        raise ReportError(MISSING) from None
    from datetime import UTC, datetime

    source = folder / "rapport.typ"
    source.write_text(tables_as_set(typst_source), encoding="utf-8")
    stamp = int(datetime(per.year, per.month, per.day, tzinfo=UTC).timestamp())
    try:
        data = typst.compile(str(source), root=str(folder), format="pdf", timestamp=stamp)
    except RuntimeError as exc:  # typst reports its errors as RuntimeError
        detail = str(exc).strip().splitlines()
        raise ReportError(
            "Typst kunde inte sätta rapporten" + (f": {detail[0]}" if detail else "")
        ) from None
    if not isinstance(data, bytes):
        raise ReportError("Typst gav ingen PDF")
    return data
