"""Charts: in HTML, Word and PDF, never in Markdown; the same bytes each run; group sizes kept."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, TODAY, behandling, run_cli
from lgtool.checkpoints import Nyckeltal, compute_status
from lgtool.register import load_register
from lgtool.report.build import render_document, render_report
from lgtool.report.charts import figures_chart

pytest.importorskip("matplotlib", reason="diagrammen kräver tillägget lgtool[docx] eller [pdf]")

AR_2024: dict[str, Any] = {
    "ar": 2024,
    "prioriteringar": {2024: [{"id": "p1", "text": "Klassa allt", "status": "klar"}]},
    "incidenter": {"per_kategori": {"dataskydd": 3, "natfiske": 1}},
}


def document(root: Path, *, publik: bool = False, chart_format: str = "svg") -> Any:
    loaded = load_register(root, today=TODAY)
    return render_document(
        loaded=loaded,
        root=root,
        year=2025 if root == EXAMPLE_REGISTER else 2024,
        per=None,
        publik=publik,
        mallar=None,
        chart_format=chart_format,
    )


def test_the_markdown_has_no_charts_and_the_documents_two() -> None:
    loaded = load_register(EXAMPLE_REGISTER, today=TODAY)
    markdown = render_report(
        loaded=loaded, root=EXAMPLE_REGISTER, year=2025, per=None, publik=False, mallar=None
    )
    assert "![" not in markdown
    text, files = document(EXAMPLE_REGISTER)
    assert sorted(files) == ["diagram-incidenter.svg", "diagram-status.svg"]
    assert (
        "![Antal behandlingar med aktuell, förfallen och saknad KLASSA, RSA och "
        "behörighetskontroll](diagram-status.svg){ width=100% }"
    ) in text
    assert (
        "![Incidenter per kategori 2025 jämfört med 2024](diagram-incidenter.svg){ width=80% }"
    ) in text
    # Apart from the two figures, the document is the Markdown report.
    without = "\n\n".join(p for p in text.split("\n\n") if not p.startswith("!["))
    assert without == markdown.rstrip("\n") + "\n" or without + "\n" == markdown


@pytest.mark.parametrize("chart_format", ["svg", "png"])
def test_charts_are_the_same_bytes_each_run(chart_format: str) -> None:
    _, first = document(EXAMPLE_REGISTER, chart_format=chart_format)
    _, second = document(EXAMPLE_REGISTER, chart_format=chart_format)
    assert first == second
    for data in first.values():
        assert b"Date" not in data[:2000] or chart_format == "png"
        assert b"matplotlib" not in data.lower() or chart_format == "svg"


def test_svg_charts_carry_no_date_and_draw_text_as_paths() -> None:
    _, files = document(EXAMPLE_REGISTER)
    svg = files["diagram-status.svg"].decode("utf-8")
    assert "<dc:date>" not in svg
    assert "<text" not in svg


def test_public_chart_shows_kategorier_not_objekt(tmp_path: Path) -> None:
    from lgtool.report.charts import status_groups

    loaded = load_register(EXAMPLE_REGISTER, today=TODAY)
    organisation = loaded.require_organisation()
    status = compute_status(organisation, loaded.behandlingar, TODAY)
    assert [g.name for g in status_groups(status, publik=True, minimum=5)] == [
        "Unika för förvaltningen",
        "Stadsgemensamma",
        "Övriga behandlingar",
    ]
    # A kategori smaller than the minimum: the whole register is one group.
    assert [g.name for g in status_groups(status, publik=True, minimum=9)] == ["Alla behandlingar"]
    assert status_groups(status, publik=True, minimum=31) == []
    internal = status_groups(status, publik=False, minimum=5)
    assert [g.name for g in internal][:2] == ["Trafikledning", "Parkering"]


def test_a_tiny_public_register_gets_no_status_chart(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling("b1"), behandling("b2")], ar={2024: AR_2024})
    text, files = document(root, publik=True)
    assert sorted(files) == ["diagram-incidenter.svg"]
    assert "diagram-status" not in text


def test_charts_appear_in_html_word_and_pdf(tmp_path: Path) -> None:
    pytest.importorskip("pypandoc", reason="kräver tillägget lgtool[docx]")
    html = tmp_path / "r.html"
    assert (
        run_cli("report", "2025", "-r", str(EXAMPLE_REGISTER), "-f", "html", "-o", str(html)).code
        == 0
    )
    assert html.read_text(encoding="utf-8").count('src="data:image/svg+xml;base64,') == 2
    word = tmp_path / "r.docx"
    assert (
        run_cli("report", "2025", "-r", str(EXAMPLE_REGISTER), "-f", "docx", "-o", str(word)).code
        == 0
    )
    with zipfile.ZipFile(word) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(media) == 2 and all(n.endswith(".png") for n in media)
    pytest.importorskip("typst", reason="PDF kräver tillägget lgtool[pdf]")
    pdf = tmp_path / "r.pdf"
    assert (
        run_cli("report", "2025", "-r", str(EXAMPLE_REGISTER), "-f", "pdf", "-o", str(pdf)).code
        == 0
    )
    import shutil
    import subprocess

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler) behövs för att läsa PDF-filens text")
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Figur 1: Antal behandlingar med aktuell, förfallen och saknad KLASSA" in text
    assert "Figur 2: Incidenter per kategori 2025 jämfört med 2024" in text


def _year_end(year: int, antal: int, klassa: float | None) -> Nyckeltal:
    shares = {"andel_klassa": klassa, "andel_rsa": 0.5, "andel_registerford": None}
    return Nyckeltal(date(year, 12, 31), antal, shares, 0, 0, 0, 0)


def test_the_key_figures_chart_follows_the_year_ends() -> None:
    series = [_year_end(2023, 8, 0.25), _year_end(2024, 8, None), _year_end(2025, 9, 0.5)]
    chart = figures_chart(series, minimum=None)
    assert chart is not None
    assert chart.caption == ("Nyckeltalen vid årsskiftena 2023–2025, ur registrets historik i git")
    assert figures_chart(series, minimum=None) == chart  # the same bytes each run
    svg = chart.svg.decode()
    # One line per share that has a value; registerförda has none and is not drawn.
    assert svg.count('id="line2d_') >= 2 and "registerf" not in chart.caption


def test_the_public_key_figures_chart_leaves_out_small_year_ends() -> None:
    series = [_year_end(2023, 3, 0.25), _year_end(2024, 8, 0.5), _year_end(2025, 9, 0.75)]
    public = figures_chart(series, minimum=5)
    assert public is not None
    assert public.caption.startswith("Nyckeltalen vid årsskiftena 2024–2025")
    assert figures_chart(series[:2], minimum=5) is None  # one year end left: no chart
