"""Build templates/referens.docx: pandoc's default Word styles, tuned for the report.

Run with `.venv/bin/python tools/make_reference_docx.py` after changing it; the
result is committed. The page is A4 with 2 cm margins (pandoc copies the page
size and margins from the reference document). Text and headings are set in
Arial, which Word has everywhere and LibreOffice replaces by the metric-compatible
Liberation Sans, so that a page looks the same in both and the table column widths
lgtool computes (lgtool.report.docx) hold. Tables use pandoc's "Compact" paragraph
style "Tabelltext" at 9 pt (lgtool moves pandoc's table cells to it) so that the status
table's twelve columns fit the page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TARGET = Path(__file__).resolve().parent.parent / "templates" / "referens.docx"

FONT = "Arial"


def _set_font(style: Any) -> None:
    """Name the font for every script explicitly, so that the theme's Aptos is not used."""
    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)


def main() -> int:
    """Write the reference document."""
    with tempfile.TemporaryDirectory() as tmp:
        default = Path(tmp) / "default.docx"
        data = subprocess.run(
            [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
            capture_output=True,
            check=True,
        ).stdout
        default.write_bytes(data)
        document = docx.Document(str(default))
    styles = document.styles
    for name in ("Normal", "Title", *(f"Heading {n}" for n in range(1, 7))):
        _set_font(styles[name])
    # Pandoc sets table cells and tight lists in "Compact"; lgtool.report.docx moves the
    # cells to "Tabelltext" so that tables can be smaller than the lists.
    table_text = styles.add_style("Tabelltext", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Compact"]
    table_text.font.size = Pt(9)
    table_text.quick_style = True
    styles["Normal"].font.size = Pt(10.5)
    for section in document.sections:
        section.page_width = Cm(21.0)
        section.page_height = Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    document.core_properties.author = "lgtool"
    document.save(str(TARGET))
    print(f"skrev {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
