"""Finish pandoc's Word file: document properties, page size and tables that read well.

Pandoc leaves the core properties empty and lets Word and LibreOffice size table
columns as they please, which breaks words ("Stadsgemensamm/a") and dates
("2024-/09-02"). Here each table gets fixed column widths computed from its text:
every column is at least as wide as its longest word (a date or a number counts as
one word), and the rest of the page width goes to the columns with the most text.
When the longest words of all columns cannot stand side by side, the table is set
smaller (down to 7 pt) instead. Rows are not split across pages, header rows repeat,
and a short table (at most a third of a page) is kept on one page. The page is A4
unless the reference document names another size.

Text widths are estimated with Arial's metrics (the reference document's font;
LibreOffice uses the metric-compatible Liberation Sans).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree as ET

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

A4 = (11906, 16838)
"""A4 in twentieths of a point (twips)."""

_CELL_MARGIN = 85
"""Left and right padding of a table cell in twips (0.15 cm)."""

_SLACK = 1.06
"""Estimates run a little wide so that a word never just fails to fit."""

# Advance widths of Arial (per 1000 units of the font size); others count as 556.
_WIDTHS: dict[str, int] = {
    **dict.fromkeys(" ,./:;!|'ijlIíìï", 278),
    **dict.fromkeys("ftr()[]-‐", 333),
    **dict.fromkeys("ckJsvxyz", 500),
    **dict.fromkeys("mM", 833),
    **dict.fromkeys("wCDHNRUÅÄÖOQGåäö", 722),
    **dict.fromkeys("ABEKPSVXY", 667),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("W%", 944),
    **dict.fromkeys("✓✗", 800),
    "–": 556,
    "—": 1000,
    "\u00a0": 278,
}
for _letter in "åäö":
    _WIDTHS[_letter] = 556
for _letter in "ÅÄ":
    _WIDTHS[_letter] = 667
_WIDTHS["Ö"] = 778


def text_width(text: str, size_half_points: int, *, bold: bool = False) -> int:
    """Estimated width of ``text`` in twips at the given font size."""
    units = sum(_WIDTHS.get(c, 556) for c in text)
    twips = units * size_half_points * 10 / 1000  # half-points → twips is ×10
    return int(twips * (1.08 if bold else 1.0) * _SLACK) + 1


@dataclass(frozen=True)
class Properties:
    """The Word file's document properties."""

    title: str
    author: str
    subject: str
    language: str = "sv-SE"


def finish(data: bytes, properties: Properties) -> bytes:
    """The Word file with properties, A4 and table layout set; the same input, the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    styles = source.read("word/styles.xml").decode("utf-8")
    table_style = TABLE_STYLE if f'w:styleId="{TABLE_STYLE}"' in styles else None
    size = _table_font_size(styles, table_style)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = _document(content, size, table_style)
            elif info.filename == "docProps/core.xml":
                content = _core(content, properties)
            target.writestr(info, content, compress_type=info.compress_type)
    return out.getvalue()


TABLE_STYLE = "Tabelltext"
"""The paragraph style of table cells, when the reference document has it (ours does)."""


def _table_font_size(styles: str, table_style: str | None) -> int:
    """The font size (half-points) of table text, else Compact's or Normal's, else 11 pt."""
    for style in (table_style, "Compact", "BodyText", "Normal"):
        if style is None:
            continue
        match = re.search(
            rf'<w:style [^>]*w:styleId="{style}".*?</w:style>', styles, flags=re.DOTALL
        )
        if match:
            size = re.search(r'<w:sz w:val="(\d+)"', match.group(0))
            if size:
                return int(size.group(1))
    return 22


# --- Core properties -------------------------------------------------------------------------

_CORE_FIELDS = {"title": "title", "author": "creator", "subject": "subject", "language": "language"}
"""Properties field → Dublin Core element of docProps/core.xml (prefix dc:, as pandoc writes)."""


def _core(content: bytes, properties: Properties) -> bytes:
    text = content.decode("utf-8")
    for field, local in _CORE_FIELDS.items():
        element = f"dc:{local}"
        value = _xml_text(getattr(properties, field))
        pattern = re.compile(rf"<{element}\s*/>|<{element}>.*?</{element}>", re.DOTALL)
        replacement = f"<{element}>{value}</{element}>"
        if pattern.search(text):
            text = pattern.sub(replacement.replace("\\", "\\\\"), text, count=1)
        else:
            text = text.replace("</cp:coreProperties>", replacement + "</cp:coreProperties>")
    return text.encode("utf-8")


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- The document ----------------------------------------------------------------------------


def _document(content: bytes, size: int, table_style: str | None) -> bytes:
    text = content.decode("utf-8")
    for prefix, uri in re.findall(r'xmlns:(\w+)="([^"]+)"', text[:4000]):
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(content)
    body = root.find(f"{_W}body")
    if body is None:
        return content
    width = _text_width(body)
    for paragraph in body.findall(f"{_W}p"):
        # A paragraph of hard line breaks (the signature block) stays on one page.
        if paragraph.find(f"{_W}r/{_W}br") is not None:
            props = paragraph.find(f"{_W}pPr")
            if props is None:
                props = ET.Element(f"{_W}pPr")
                paragraph.insert(0, props)
            if props.find(f"{_W}keepLines") is None:
                style = props.find(f"{_W}pStyle")
                props.insert(1 if style is not None else 0, ET.Element(f"{_W}keepLines"))
    for table in root.iter(f"{_W}tbl"):
        _layout(table, width, size)
        if table_style is not None:
            for style in table.iter(f"{_W}pStyle"):
                if style.get(f"{_W}val") == "Compact":
                    style.set(f"{_W}val", table_style)
    result: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return result


def _text_width(body: ET.Element) -> int:
    """The width between the margins; the page made A4 when no size is given."""
    sect = body.find(f"{_W}sectPr")
    if sect is None:
        sect = ET.SubElement(body, f"{_W}sectPr")
    size = sect.find(f"{_W}pgSz")
    if size is None:
        size = ET.Element(f"{_W}pgSz", {f"{_W}w": str(A4[0]), f"{_W}h": str(A4[1])})
        footnotes = sect.find(f"{_W}footnotePr")
        sect.insert(1 if footnotes is not None else 0, size)
    margins = sect.find(f"{_W}pgMar")
    left = int(margins.get(f"{_W}left", "1440")) if margins is not None else 1440
    right = int(margins.get(f"{_W}right", "1440")) if margins is not None else 1440
    return int(size.get(f"{_W}w", str(A4[0]))) - left - right


def _rows(table: ET.Element) -> list[ET.Element]:
    return table.findall(f"{_W}tr")


def _cells(row: ET.Element) -> list[ET.Element]:
    return row.findall(f"{_W}tc")


def _runs(cell: ET.Element) -> Iterator[tuple[str, bool]]:
    for run in cell.iter(f"{_W}r"):
        props = run.find(f"{_W}rPr")
        bold = props is not None and props.find(f"{_W}b") is not None
        text = "".join(t.text or "" for t in run.iter(f"{_W}t"))
        yield text, bold


def _measure(cell: ET.Element, size: int) -> tuple[int, int]:
    """(longest word, whole text on one line) of a cell, in twips."""
    longest = 0
    whole = 0
    for paragraph in cell.iter(f"{_W}p"):
        line = 0
        for text, bold in _runs_of(paragraph):
            line += text_width(text, size, bold=bold)
            for word in text.split(" "):
                longest = max(longest, text_width(word, size, bold=bold))
        whole = max(whole, line)
    return longest, whole


def _runs_of(paragraph: ET.Element) -> Iterator[tuple[str, bool]]:
    # Words can run across runs ("**30**"); measuring per run is close enough for cells.
    yield from _runs(paragraph)


@dataclass(frozen=True)
class _Measures:
    minimum: list[int]
    """Per column: the longest word plus padding."""
    natural: list[int]
    """Per column: the longest cell on one line plus padding."""
    cells: list[list[int]]
    """Per row and column: the cell's text on one line (no padding)."""


def _measures(table: ET.Element, size: int) -> _Measures:
    rows = _rows(table)
    count = max((len(_cells(r)) for r in rows), default=0)
    minimum = [0] * count
    natural = [0] * count
    cells: list[list[int]] = []
    for row in rows:
        line: list[int] = []
        for i, cell in enumerate(_cells(row)):
            longest, whole = _measure(cell, size)
            minimum[i] = max(minimum[i], longest + 2 * _CELL_MARGIN)
            natural[i] = max(natural[i], whole + 2 * _CELL_MARGIN)
            line.append(whole)
        cells.append(line)
    return _Measures(minimum, natural, cells)


def _widths(measures: _Measures, available: int) -> list[int]:
    minimum, natural = measures.minimum, measures.natural
    if sum(natural) <= available:
        return natural
    if sum(minimum) >= available:
        # Even the longest words do not fit side by side: share the page in proportion.
        total = sum(minimum)
        return [available * m // total for m in minimum]
    extra = available - sum(minimum)
    wants = [n - m for n, m in zip(natural, minimum, strict=True)]
    total_want = sum(wants) or 1
    widths = [m + extra * w // total_want for m, w in zip(minimum, wants, strict=True)]
    widths[-1] += available - sum(widths)
    return widths


_SMALLEST = 14
"""The smallest table font (half-points, 7 pt) used to fit a table's longest words."""


def _fitted(table: ET.Element, available: int, size: int) -> tuple[list[int], int, _Measures]:
    """Column widths, and the font size at which every column holds its longest word.

    When the longest words of all columns do not fit side by side at the table style's
    size, the table is set smaller (down to 7 pt) rather than break a word.
    """
    measures = _measures(table, size)
    needed = sum(measures.minimum)
    if needed > available and size > _SMALLEST:
        smaller = max(_SMALLEST, size * available // needed)
        while smaller > _SMALLEST and sum(_measures(table, smaller).minimum) > available:
            smaller -= 1
        size = smaller
        measures = _measures(table, size)
    return _widths(measures, available), size, measures


def _height(measures: _Measures, widths: list[int], size: int) -> int:
    """Estimated height of the table in twips (lines of 1.2 × size, plus cell spacing)."""
    total = 0
    for row in measures.cells:
        lines = max(
            (
                -(-whole // max(1, w - 2 * _CELL_MARGIN))
                for whole, w in zip(row, widths, strict=False)
            ),
            default=1,
        )
        total += max(1, lines) * size * 12 + 72  # half-points × 10 × 1.2; spacing 36 + 36
    return total


def _set_size(table: ET.Element, size: int) -> None:
    """Every run in the table at ``size`` half-points."""
    for run in table.iter(f"{_W}r"):
        props = run.find(f"{_W}rPr")
        if props is None:
            props = ET.Element(f"{_W}rPr")
            run.insert(0, props)
        for tag in ("sz", "szCs"):
            element = props.find(f"{_W}{tag}")
            if element is None:
                element = ET.SubElement(props, f"{_W}{tag}")
            element.set(f"{_W}val", str(size))


_KEEP_TOGETHER = 4536
"""A table estimated at most this tall (8 cm, a third of the page) is kept on one page."""


def _layout(table: ET.Element, available: int, size: int) -> None:
    widths, fitted, measures = _fitted(table, available, size)
    if fitted != size:
        _set_size(table, fitted)
    props = table.find(f"{_W}tblPr")
    if props is None:
        props = ET.Element(f"{_W}tblPr")
        table.insert(0, props)
    _set_child(props, "tblW", {"w": str(sum(widths)), "type": "dxa"}, after=("tblStyle",))
    _set_child(props, "tblLayout", {"type": "fixed"}, after=("tblStyle", "tblW", "jc"))
    margins = ET.Element(f"{_W}tblCellMar")
    for side in ("left", "right"):
        ET.SubElement(margins, f"{_W}{side}", {f"{_W}w": str(_CELL_MARGIN), f"{_W}type": "dxa"})
    old = props.find(f"{_W}tblCellMar")
    if old is not None:
        props.remove(old)
    look = props.find(f"{_W}tblLook")
    props.insert(list(props).index(look) if look is not None else len(props), margins)
    grid = table.find(f"{_W}tblGrid")
    if grid is not None:
        for col in list(grid):
            grid.remove(col)
        for w in widths:
            ET.SubElement(grid, f"{_W}gridCol", {f"{_W}w": str(w)})
    rows = _rows(table)
    keep = _height(measures, widths, fitted) <= _KEEP_TOGETHER
    for index, row in enumerate(rows):
        row_props = row.find(f"{_W}trPr")
        if row_props is None:
            row_props = ET.Element(f"{_W}trPr")
            row.insert(0, row_props)
        if row_props.find(f"{_W}cantSplit") is None:
            row_props.insert(0, ET.Element(f"{_W}cantSplit"))
        for i, cell in enumerate(_cells(row)):
            cell_props = cell.find(f"{_W}tcPr")
            if cell_props is None:
                cell_props = ET.Element(f"{_W}tcPr")
                cell.insert(0, cell_props)
            old_width = cell_props.find(f"{_W}tcW")
            if old_width is not None:
                cell_props.remove(old_width)
            width = widths[i] if i < len(widths) else 0
            cell_props.insert(0, ET.Element(f"{_W}tcW", {f"{_W}w": str(width), f"{_W}type": "dxa"}))
            _unbreakable_hyphens(cell)
            if keep and index < len(rows) - 1:
                for paragraph in cell.findall(f"{_W}p"):
                    _keep_with_next(paragraph)


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _unbreakable_hyphens(cell: ET.Element) -> None:
    """Hyphens in a cell become Word's non-breaking hyphen: '2024-09-02' never breaks.

    The column is as wide as the cell's longest word, so no word needs the break.
    """
    for run in cell.iter(f"{_W}r"):
        for index, element in reversed(list(enumerate(run))):
            if element.tag != f"{_W}t" or "-" not in (element.text or ""):
                continue
            parts = (element.text or "").split("-")
            replacement: list[ET.Element] = []
            for i, part in enumerate(parts):
                if i:
                    replacement.append(ET.Element(f"{_W}noBreakHyphen"))
                if part:
                    text = ET.Element(f"{_W}t", {_XML_SPACE: "preserve"})
                    text.text = part
                    replacement.append(text)
            run[index : index + 1] = replacement


def _keep_with_next(paragraph: ET.Element) -> None:
    props = paragraph.find(f"{_W}pPr")
    if props is None:
        props = ET.Element(f"{_W}pPr")
        paragraph.insert(0, props)
    if props.find(f"{_W}keepNext") is None:
        style = props.find(f"{_W}pStyle")
        props.insert(1 if style is not None else 0, ET.Element(f"{_W}keepNext"))


def _set_child(
    parent: ET.Element, name: str, attributes: dict[str, str], *, after: tuple[str, ...]
) -> None:
    """Set ``parent``'s child ``name`` (created in schema order after ``after``)."""
    element = parent.find(f"{_W}{name}")
    if element is None:
        element = ET.Element(f"{_W}{name}")
        position = 0
        for i, child in enumerate(parent):
            if child.tag in {f"{_W}{a}" for a in after}:
                position = i + 1
        parent.insert(position, element)
    element.attrib.clear()
    for key, value in attributes.items():
        element.set(f"{_W}{key}", value)
