"""``lgtool stad report ÅR``: the city's summary, internal and public."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import (
    ORGANISATION,
    assert_golden,
    behandling,
    overlapping_words,
    run_cli,
    write_register,
)
from lgtool.errors import ReportError
from test_stad import ENV, city, nord, syd, unit

YEAR_2026: dict[str, Any] = {
    "ar": 2026,
    "prioriteringar": {
        2026: [{"id": "klassa", "text": "Klassa de gemensamma systemen."}],
        2027: [{"id": "ova", "text": "Öva kontinuitetsplanerna."}],
        2028: [{"id": "revidera", "text": "Revidera anvisningen."}],
    },
    "ledningens_genomgang": {
        "beslut": [
            {
                "id": "rutin",
                "text": "Inför en rutin för behörighetskontroll.",
                "ansvarig": "Förvaltningschef",
                "senast": "2026-06-30",
                "status": "pagaende",
            },
            {"id": "klart", "text": "Klart beslut.", "senast": "2026-03-31", "status": "klar"},
            {"id": "senare", "text": "Senare beslut.", "senast": "2027-03-31"},
        ]
    },
}


@pytest.fixture
def city_with_years(tmp_path: Path) -> Path:
    """nord has a year file with a three-year plan and an overdue decision; syd has a year
    file with this year's plan only; liten (a company of 2 processings, limit 5) none.
    nord and syd publish groups of 2 or more (their policies)."""
    nord(tmp_path / "nord" / "register")
    write_register(
        tmp_path / "nord" / "register",
        organisation={**ORGANISATION, "policy": {"publik_min_gruppstorlek": 2}},
        ar={2026: YEAR_2026},
    )
    syd(tmp_path / "syd" / "register")
    policy = {"max_alder_manader": {"klassa": 24}, "publik_min_gruppstorlek": 2}
    write_register(
        tmp_path / "syd" / "register",
        organisation={**ORGANISATION, "policy": policy},
        ar={2026: {"ar": 2026, "prioriteringar": {2026: [{"id": "a", "text": "A."}]}}},
    )
    write_register(
        tmp_path / "liten" / "register",
        organisation={**ORGANISATION, "organisation": "Lilla bolaget AB"},
        behandlingar=[behandling("l1", system="Bokningen"), behandling("l2")],
    )
    return city(
        tmp_path,
        [
            unit("nord", "../nord/register"),
            unit("syd", "../syd/register", "bolag"),
            unit("liten", "../liten/register", "bolag"),
        ],
    )


def test_internal_report(city_with_years: Path) -> None:
    result = run_cli("stad", "report", "2026", city_with_years, "--per", "2026-11-29", env=ENV)
    assert (result.code, result.err) == (0, "")
    assert_golden("stad-rapport-2026.md", result.out)


def test_public_report_applies_the_group_size_rule_within_each_unit(
    city_with_years: Path,
) -> None:
    argv = ("stad", "report", "2026", city_with_years, "--per", "2026-11-29", "--publik")
    result = run_cli(*argv, env=ENV)
    assert (result.code, result.err) == (0, "")
    assert_golden("stad-rapport-2026-publik.md", result.out)
    # liten has 2 processings (its limit is 5): named without figures, and left out of
    # the total, which would otherwise give its figures away by subtraction.
    assert "| Liten | bolag | färre än 5 | – | – | – | – | – | – |" in result.out
    assert "| **Totalt, Teststad** | | **5** | **60\u00a0%** |" in result.out
    assert "Bokningen" not in result.out and "Inför en rutin" not in result.out


def test_public_total_keeps_small_units_that_are_large_enough_together(
    tmp_path: Path,
) -> None:
    for name in ("a", "b", "c"):
        write_register(
            tmp_path / name,
            behandlingar=[behandling(f"{name}{i}") for i in range(3)],
        )
    path = city(tmp_path, [unit(name, f"../{name}") for name in ("a", "b", "c")])
    result = run_cli("stad", "report", "2026", path, "--per", "2026-11-29", "--publik", env=ENV)
    assert result.code == 0
    assert "| **Totalt, Teststad** | | **9** |" in result.out
    assert (
        "Totalen omfattar alla enheter, också de som inte redovisas separat eftersom de har "
        "färre behandlingar än gränsen." in result.out
    )


def test_public_guard_checks_every_units_register(city_with_years: Path) -> None:
    from lgtool.commands.stad import read_units
    from lgtool.stad.report import check_public, facts

    result = read_units(city_with_years, None, cache=False)
    units = [
        facts(
            u.id,
            namn=u.namn,
            typ=u.typ,
            register=u.loaded.register if u.loaded else None,
            nyckeltal=u.summary.nyckeltal,
            status=u.loaded.status if u.loaded else None,
            year=2026,
        )
        for u in result.units
    ]
    check_public("Nord och Liten i Teststad.", "Teststad", units)
    with pytest.raises(ReportError, match="'Bokningen' \\(systemnamn\\)"):
        check_public("Liten använder Bokningen.", "Teststad", units)


def test_word_report_has_the_comparison_chart(city_with_years: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("pypandoc")
    out = tmp_path / "stad.docx"
    result = run_cli("stad", "report", "2026", city_with_years, "-f", "docx", "-o", out, env=ENV)
    assert (result.code, result.err) == (0, "")
    with zipfile.ZipFile(out) as document:
        media = [n for n in document.namelist() if n.startswith("word/media/")]
        body = document.read("word/document.xml").decode("utf-8")
    assert len(media) == 1
    assert "Andel behandlingar med aktuell KLASSA, RSA och behörighetskontroll" in body


def test_word_without_output_is_a_usage_error(city_with_years: Path) -> None:
    result = run_cli("stad", "report", "2026", city_with_years, "-f", "docx", env=ENV)
    assert (result.code, result.out) == (2, "")
    assert (
        result.err == "fel: --format docx kräver -o FIL (Word-filer skrivs inte till terminalen)\n"
    )


def test_a_unit_that_cannot_be_read_is_named_and_the_report_still_written(
    tmp_path: Path,
) -> None:
    nord(tmp_path / "nord" / "register")
    path = city(tmp_path, [unit("nord", "../nord/register"), unit("borta", "../borta")])
    out = tmp_path / "stad.md"
    result = run_cli("stad", "report", "2026", path, "--per", "2026-11-29", "-o", out, env=ENV)
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("Enheten Borta (borta) har 1 fel i 1 fil")
    text = out.read_text("utf-8")
    assert "| Borta | förvaltning | – | – | – | – | – | – | – |\n" in text
    assert (
        "Följande enheters register kunde inte läsas och ingår inte i siffrorna: Borta.\n" in text
    )


def test_own_template_replaces_the_built_in_one(city_with_years: Path, tmp_path: Path) -> None:
    own = tmp_path / "mallar"
    own.mkdir()
    (own / "stad.md.j2").write_text(
        "# {{ stad }} {{ ar }}\n\n{% for e in enheter %}- {{ e.namn }}: {{ e.klassa | procent }}\n"
        "{% endfor %}",
        "utf-8",
    )
    argv = ("stad", "report", "2026", city_with_years, "--per", "2026-11-29", "--mallar", own)
    result = run_cli(*argv, env=ENV)
    assert (result.code, result.err) == (0, "")
    assert (
        result.out
        == "# Teststad 2026\n\n- Nord: 50\u00a0%\n- Syd: 67\u00a0%\n- Liten: 100\u00a0%\n"
    )
    missing = run_cli(*argv[:-1], tmp_path / "saknas", env=ENV)
    assert (missing.code, missing.err) == (
        2,
        f"fel: --mallar: mappen '{tmp_path / 'saknas'}' finns inte\n",
    )


def test_html_and_pdf_reports_carry_the_chart_and_the_units(
    city_with_years: Path, tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("pypandoc", reason="kräver tillägget lgtool[docx]")
    html = tmp_path / "stad.html"
    result = run_cli("stad", "report", "2026", city_with_years, "-f", "html", "-o", html, env=ENV)
    assert (result.code, result.err) == (0, "")
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('src="data:image/svg+xml;base64,') == 1
    assert "<h1" in page and "Teststad" in page and "Nord" in page
    assert not re.search(r'(src|href)="https?:', page)  # self-contained: nothing fetched
    pytest.importorskip("typst", reason="PDF kräver tillägget lgtool[pdf]")
    pdf = tmp_path / "stad.pdf"
    result = run_cli("stad", "report", "2026", city_with_years, "-f", "pdf", "-o", pdf, env=ENV)
    assert (result.code, result.err) == (0, "")
    assert pdf.read_bytes().startswith(b"%PDF-")
    import shutil
    import subprocess

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler) behövs för att läsa PDF-filens text")
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ledningens genomgång 2026" in text
    assert "Andel behandlingar med aktuell KLASSA, RSA och behörighetskontroll" in " ".join(
        text.split()
    )


def test_long_unit_names_do_not_run_into_the_next_column_of_the_pdf(tmp_path: Path) -> None:
    """Section 2 of the demo city's PDF set "Exploateringskontoret" on top of the type
    column, and its headers on each other, when Typst narrowed the columns."""
    pytest.importorskip("typst", reason="PDF kräver tillägget lgtool[pdf]")
    names = ["Exploateringskontoret", "Arbetsmarknadsförvaltningen", "Stadens Fastighets AB"]
    units = []
    for i, name in enumerate(names):
        nord(tmp_path / f"u{i}" / "register")
        units.append({**unit(f"u{i}", f"../u{i}/register"), "namn": name})
    pdf = tmp_path / "stad.pdf"
    result = run_cli(
        "stad", "report", "2026", city(tmp_path, units), "-f", "pdf", "-o", pdf, env=ENV
    )
    assert (result.code, result.err) == (0, "")
    assert overlapping_words(pdf) == []
