"""Build templates/referens.docx: pandoc's default Word styles, tuned for the report.

Run with `.venv/bin/python tools/make_reference_docx.py` after changing it; the
result is committed. Tables use pandoc's "Compact" paragraph style: a smaller font
lets the status table's twelve columns fit the page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pypandoc
from docx.shared import Cm, Pt

TARGET = Path(__file__).resolve().parent.parent / "templates" / "referens.docx"


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
    styles["Compact"].font.size = Pt(9)
    styles["Normal"].font.size = Pt(10.5)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    document.core_properties.author = "lgtool"
    document.save(str(TARGET))
    print(f"skrev {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
