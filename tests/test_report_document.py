"""The report as a document: Word on A4 with properties and tables that never break a word."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, overlapping_words, run_cli
from lgtool.report.docx import text_width

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_MADE: dict[tuple[str, ...], Path] = {}


def word_file(tmp_path: Path, *options: str, year: str = "2025") -> Path:
    """The example's Word file, made once per set of options in this test run."""
    pytest.importorskip("pypandoc", reason="Word-utdata kräver tillägget lgtool[docx]")
    key = ("docx", year, *options)
    if key in _MADE:
        return _MADE[key]
    target = tmp_path / "rapport.docx"
    result = run_cli(
        "report", year, "-r", str(EXAMPLE_REGISTER), "-f", "docx", "-o", str(target), *options
    )
    assert (result.code, result.err) == (0, "")
    _MADE[key] = target
    return target


def test_word_file_is_a4_with_the_reference_margins(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx behövs för att läsa Word-filen")
    document = docx.Document(str(word_file(tmp_path)))
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (11906 * 635, 16838 * 635)
    assert (section.left_margin, section.right_margin) == (1134 * 635, 1134 * 635)


@pytest.mark.parametrize(
    ("options", "subject"),
    [
        ((), "Ledningens genomgång av informationssäkerheten 2025"),
        (("--publik",), "Ledningens genomgång av informationssäkerheten 2025 (publik version)"),
    ],
)
def test_word_file_has_its_document_properties(
    tmp_path: Path, options: tuple[str, ...], subject: str
) -> None:
    docx = pytest.importorskip("docx", reason="python-docx behövs för att läsa Word-filen")
    properties = docx.Document(str(word_file(tmp_path, *options))).core_properties
    assert (properties.title, properties.author, properties.subject, properties.language) == (
        "Ledningens genomgång 2025 – Trafikkontoret",
        "Trafikkontoret",
        subject,
        "sv-SE",
    )


def _tables(path: Path) -> list[Any]:
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("word/document.xml"))
    return list(root.iter(f"{W}tbl"))


def _cell_text(cell: Any) -> str:
    parts = []
    for element in cell.iter():
        if element.tag == f"{W}t":
            parts.append(element.text or "")
        elif element.tag == f"{W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _cell_size(cell: Any) -> int:
    size = cell.find(f".//{W}rPr/{W}sz")
    return int(size.get(f"{W}val")) if size is not None else 18


@pytest.mark.parametrize(("year", "count"), [("2024", 16), ("2025", 19)])
def test_every_column_is_as_wide_as_its_longest_word(tmp_path: Path, year: str, count: int) -> None:
    tables = _tables(word_file(tmp_path, year=year))
    assert len(tables) == count
    text_width_twips = 11906 - 2 * 1134
    for table in tables:
        grid = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
        assert sum(grid) <= text_width_twips
        layout = table.find(f"{W}tblPr/{W}tblLayout")
        assert layout is not None and layout.get(f"{W}type") == "fixed"
        for row in table.iter(f"{W}tr"):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
            for width, cell in zip(grid, row.iter(f"{W}tc"), strict=True):
                assert int(cell.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) == width
                size = _cell_size(cell)
                for word in _cell_text(cell).split(" "):
                    assert text_width(word, size, bold=True) + 2 * 85 <= width * 1.09, word


def test_a_table_whose_longest_words_do_not_fit_is_set_smaller(tmp_path: Path) -> None:
    tables = _tables(word_file(tmp_path, year="2024"))
    follow_up = tables[13]
    assert _cell_text(next(follow_up.iter(f"{W}tc"))) == "Prioritering"
    sizes = {_cell_size(c) for c in follow_up.iter(f"{W}tc")}
    assert sizes == {16}
    cells = [_cell_text(c) for c in follow_up.iter(f"{W}tc")]
    assert "Informationssäkerhetssamordnare" in cells
    assert "informationssäkerhetsutbildningen." in " ".join(cells)
    # The other tables keep the table style's 9 pt.
    assert {_cell_size(c) for c in tables[12].iter(f"{W}tc")} == {18}


def test_dates_in_tables_cannot_break_at_their_hyphens(tmp_path: Path) -> None:
    tables = _tables(word_file(tmp_path))
    priority = tables[12]
    cells = [_cell_text(c) for c in priority.iter(f"{W}tc")]
    assert "förfallen (2024-09-02)" in cells
    for t in priority.iter(f"{W}t"):
        assert "-" not in (t.text or "")


def test_header_rows_repeat_and_short_tables_stay_together(tmp_path: Path) -> None:
    tables = _tables(word_file(tmp_path))
    kept_tables = [
        i
        for i, t in enumerate(tables)
        if next(t.iter(f"{W}tr")).find(f".//{W}keepNext") is not None
    ]
    # Every table but the priority list (13 rows of two lines: taller than a third of a page).
    assert kept_tables == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18]
    for table in tables[1:]:
        rows = list(table.iter(f"{W}tr"))
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        kept = rows[0].find(f".//{W}keepNext") is not None
        for row in rows[:-1]:
            for paragraph in row.iter(f"{W}p"):
                assert (paragraph.find(f"{W}pPr/{W}keepNext") is not None) == kept
        for paragraph in rows[-1].iter(f"{W}p"):
            assert paragraph.find(f"{W}pPr/{W}keepNext") is None


def test_table_cells_use_the_table_style_and_lists_the_body_size(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx behövs för att läsa Word-filen")
    document = docx.Document(str(word_file(tmp_path)))
    cell_styles = {p.style.name for t in document.tables for c in t._cells for p in c.paragraphs}
    assert cell_styles == {"Tabelltext"}
    assert document.styles["Tabelltext"].font.size.pt == 9
    assert document.styles["Compact"].font.size is None


def test_text_width_follows_arial_metrics() -> None:
    # "Informationssäkerhetssamordnare" at 9 pt is about 4.9 cm in Arial (estimates run wide).
    assert 4.9 <= text_width("Informationssäkerhetssamordnare", 18) / 1440 * 2.54 <= 5.4
    assert text_width("iii", 18) < text_width("mmm", 18)
    assert text_width("Klar", 18, bold=True) > text_width("Klar", 18)


# --- HTML ------------------------------------------------------------------------------------


def html_page(tmp_path: Path, *options: str) -> str:
    pytest.importorskip("pypandoc", reason="HTML-utdata kräver tillägget lgtool[docx]")
    key = ("html", *options)
    if key in _MADE:
        return _MADE[key].read_text(encoding="utf-8")
    target = tmp_path / "rapport.html"
    result = run_cli(
        "report", "2025", "-r", str(EXAMPLE_REGISTER), "-f", "html", "-o", str(target), *options
    )
    assert (result.code, result.err) == (0, "")
    _MADE[key] = target
    return target.read_text(encoding="utf-8")


def test_html_is_self_contained_with_its_own_stylesheet(tmp_path: Path) -> None:
    import re

    from lgtool.report.html import STYLESHEET

    html = html_page(tmp_path)
    # Nothing is fetched: no script, link, frame or CSS url; images are data: URIs (the
    # charts); and pandoc's 36em column is gone.
    assert re.findall(r"<script|<link|<iframe|url\(|@import|href=\"http", html) == []
    assert re.findall(r'src="(?!data:image/svg\+xml;base64,)', html) == []
    assert "36em" not in html
    assert STYLESHEET.replace("\n  ", "\n") in html.replace("\n  ", "\n")
    assert "@page { size: A4;" in STYLESHEET
    assert "thead { display: table-header-group; }" in STYLESHEET
    assert '<meta name="author" content="Trafikkontoret" />' in html
    assert (
        '<meta name="description" content="Ledningens genomgång av informationssäkerheten 2025" />'
        in html
    )


def test_html_keeps_dates_and_hyphenated_words_whole(tmp_path: Path) -> None:
    html = html_page(tmp_path)
    assert 'med uppgifter per <span class="hel">2025-12-31</span>.' in html
    assert '<span class="hel">e-tjänster</span>' in html
    head = html.split("<body")[0]
    assert 'class="hel"' not in head


# --- PDF -------------------------------------------------------------------------------------


def pdf_file(tmp_path: Path, name: str = "rapport.pdf") -> bytes:
    pytest.importorskip("pypandoc", reason="PDF-utdata kräver tillägget lgtool[pdf]")
    pytest.importorskip("typst", reason="PDF-utdata kräver tillägget lgtool[pdf]")
    target = tmp_path / name
    result = run_cli("report", "2025", "-r", str(EXAMPLE_REGISTER), "-f", "pdf", "-o", str(target))
    assert (result.code, result.err) == (0, "")
    return target.read_bytes()


def test_pdf_is_a4_with_properties_and_the_same_bytes_each_time(tmp_path: Path) -> None:

    data = pdf_file(tmp_path)
    assert data.startswith(b"%PDF-")
    assert data == pdf_file(tmp_path, "igen.pdf")
    xmp = data.decode("latin-1")
    for value in (
        "Ledningens genomgång 2025 – Trafikkontoret",
        "Trafikkontoret",
        "Ledningens genomgång av informationssäkerheten 2025",
    ):
        assert value.encode("utf-8").decode("latin-1") in xmp, value


def test_pdf_pages_are_a4(tmp_path: Path) -> None:
    import shutil
    import subprocess

    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo (poppler) behövs för att läsa sidstorleken")
    pdf_file(tmp_path)
    info = subprocess.run(
        [pdfinfo, str(tmp_path / "rapport.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    assert "Pages:           8" in info  # 7 before Måluppfyllelse and the 9.3.2 a table


def test_pdf_needs_an_output_file() -> None:
    result = run_cli("report", "2025", "-r", str(EXAMPLE_REGISTER), "--format", "pdf")
    assert (result.code, result.err) == (
        2,
        "fel: --format pdf kräver -o FIL (PDF-filer skrivs inte till terminalen)\n",
    )


def test_pdf_tables_get_widths_from_their_words_left_aligned_with_bold_headers() -> None:
    from lgtool.report.pdf import BODY_MARK, tables_as_set

    source = (
        "#let lgtool-header(..c) = table.header(..c)\n"
        f"{BODY_MARK}\n"
        "#figure(\n  align(center)[#table(\n    columns: (31.25%, 6.25%, 62.5%),\n"
        "    table.header([A], [B], [Ansvarig roll],),\n    table.hline(),\n"
        "    [IT-system och #strong[mer]], [2025-03-31], [20~%],\n"
        "    [\\(x\\) -- y], [1], [Informationssäkerhetssamordnare],\n"
        "  )]\n  , kind: table\n  )\n"
    )
    assert tables_as_set(source) == (
        "#let lgtool-header(..c) = table.header(..c)\n"
        f"{BODY_MARK}\n"
        "#figure(\n  align(left)[#context table(\n"
        '    columns: lgtool-columns((("system", "(x)", "IT-", "mer", ), ("2025-03-31", "1", ), '
        '("Informationssäkerhetssamordnare", "20\u00a0%", ), ), '
        '(("IT-system och mer", "A", ), ("2025-03-31", "B", ), '
        '("Informationssäkerhetssamordnare", "Ansvarig roll", ), ), '
        '(("A", ), ("B", ), ("Ansvarig", "roll", ), )),\n'
        "    lgtool-header([A], [B], [Ansvarig roll],),\n    table.hline(),\n"
        "    [IT-system och #strong[mer]], [2025-03-31], [20~%],\n"
        "    [\\(x\\) -- y], [1], [Informationssäkerhetssamordnare],\n"
        "  )]\n  , kind: table\n  )\n"
    )


@pytest.mark.parametrize("public", [False, True])
def test_no_word_in_a_pdf_table_runs_into_the_next_column(tmp_path: Path, public: bool) -> None:
    """Every table of the report, internal and public: the columns leave each word whole
    (the city report's unit names ran into their neighbours, test_stad_report)."""
    pytest.importorskip("typst", reason="PDF-utdata kräver tillägget lgtool[pdf]")
    target = tmp_path / "rapport.pdf"
    args = ["report", "2025", "-r", str(EXAMPLE_REGISTER), "-f", "pdf", "-o", str(target)]
    result = run_cli(*args, *(["--publik"] if public else []))
    assert (result.code, result.err) == (0, "")
    assert overlapping_words(target) == []


def test_the_signature_block_stays_on_one_page(tmp_path: Path) -> None:
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(word_file(tmp_path)) as archive:
        root = ET.fromstring(archive.read("word/document.xml"))
    paragraphs = [
        p for p in root.iter(f"{W}p") if "Förvaltningschef, Trafikkontoret" in _cell_text(p)
    ]
    assert len(paragraphs) == 1
    assert _cell_text(paragraphs[0]).startswith("Datum och underskrift")
    assert paragraphs[0].find(f"{W}pPr/{W}keepLines") is not None


@pytest.mark.parametrize("content", [b"inte en zip-fil", b"PK\x03\x04trasig"])
def test_a_corrupt_reference_document_is_refused_in_swedish(tmp_path: Path, content: bytes) -> None:
    pytest.importorskip("pypandoc", reason="Word-utdata kräver tillägget lgtool[docx]")
    reference = tmp_path / "mall.docx"
    reference.write_bytes(content)
    target = tmp_path / "rapport.docx"
    result = run_cli(
        "report",
        "2025",
        "-r",
        str(EXAMPLE_REGISTER),
        "-f",
        "docx",
        "-o",
        str(target),
        "--referensmall",
        str(reference),
    )
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"fel: --referensmall: filen '{reference}' är ingen Word-fil (.docx) med formatmallar\n"
    )
    assert not target.exists()
