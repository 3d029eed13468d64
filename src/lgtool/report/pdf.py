"""PDF without system packages: pandoc writes Typst, the ``typst`` wheel sets the pages.

Both come from PyPI (the ``pdf`` extra: pypandoc-binary and typst), so nothing needs
to be installed on the machine. The Typst template below sets A4 with 2 cm margins,
the document properties, headings kept with what follows, tables that may run over
several pages with their header row repeated (in bold) and no row split, and no
hyphenation.
Column widths are left to Typst (pandoc's relative widths are dropped), so a
column gets the width its words need. The same Markdown and reference date give
the same bytes.
"""

from __future__ import annotations

import re
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

{BODY_MARK}
$body$
"""


BODY_MARK = "// lgtool: the report starts here"

_RELATIVE_COLUMNS = re.compile(r"columns: \(((?:\d+(?:\.\d+)?%,?\s*)+)\)")


def tables_as_set(typst_source: str) -> str:
    """Pandoc's tables the report's way: automatic widths, left-aligned, bold header row.

    Pandoc gives relative column widths (which break long words), centres each table
    and leaves the header row plain.
    """

    def count(match: re.Match[str]) -> str:
        return f"columns: {match.group(1).count('%')}"

    preamble, mark, body = typst_source.partition(BODY_MARK)
    body = _RELATIVE_COLUMNS.sub(count, body)
    body = body.replace("align(center)[#table(", "align(left)[#table(")
    return preamble + mark + body.replace("table.header(", "lgtool-header(")


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
