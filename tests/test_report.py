"""lgtool report: the whole document, the public version, templates, Word and HTML."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from conftest import (
    EXAMPLE_REGISTER,
    TODAY,
    assert_golden,
    behandling,
    reviewed,
    run_cli,
)
from lgtool.errors import ReportError
from lgtool.register import load_register
from lgtool.report.build import render_report
from lgtool.report.environment import md, paragraphs
from lgtool.wording import number, percent

AR_2024: dict[str, Any] = {
    "ar": 2024,
    "prioriteringar": {2024: [{"id": "p1", "text": "Klassa allt", "status": "klar"}]},
}


def report_text(root: Path, year: int = 2024, **kwargs: Any) -> str:
    loaded = load_register(root, today=TODAY)
    options: dict[str, Any] = {"per": None, "publik": False, "mallar": None, **kwargs}
    return render_report(loaded=loaded, root=root, year=year, **options)


def test_example_report_2024_is_the_golden_document() -> None:
    assert_golden("report/2024.md", report_text(EXAMPLE_REGISTER))


def test_example_public_report_2024_is_the_golden_document() -> None:
    assert_golden("report/2024-publik.md", report_text(EXAMPLE_REGISTER, publik=True))


def test_example_report_2025_renders_through_the_cli() -> None:
    result = run_cli("report", "2025", "--register", str(EXAMPLE_REGISTER))
    assert (result.code, result.err) == (0, "")
    assert result.out == report_text(EXAMPLE_REGISTER, 2025)


def _tables(markdown: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts, parsed by a real Markdown parser."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
    return tables


@pytest.mark.parametrize("publik", [False, True])
def test_every_table_has_consistent_columns(publik: bool) -> None:
    text = report_text(EXAMPLE_REGISTER, publik=publik)
    tables = _tables(text)
    pipe_tables = len(re.findall(r"^\|[-:|]+\|$", text, flags=re.MULTILINE))
    assert len(tables) == pipe_tables  # every table in the text parsed as a table
    for table in tables:
        widths = {len(row) for row in table}
        assert widths == {len(table[0])}, table[0]
        # The parser pads missing cells: count the raw pipes too.
    for line in text.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            assert cells, line


def _planted(tmp: Path) -> Path:
    """A register whose every name is distinctive, so a leak can be found by search."""
    organisation = {
        "organisation": "Planteringskontoret",
        "policy": {"zon_for_konfidentialitet": {0: "ZonNoll", 1: "ZonEtt", 2: "ZonTvaa"}},
        "forvaltningsobjekt": [
            {
                "id": "objekt-a",
                "namn": "ObjektAlfaNamn",
                "roller": {
                    "objektagare": "Personus Agarsson",
                    "objektledare_verksamhet": "Verka Ledarsdotter",
                    "objektledare_it": None,
                },
            }
        ],
    }
    items = [
        behandling(
            f"hemlig-{i}",
            namn=f"HemligBehandling{i}",
            system=f"SystemKrypto{i}",
            forvaltningsobjekt="objekt-a",
            kategori="unik" if i < 6 else "ovrig",
            natverkszon="ZonTvaa",
            klassning={"konfidentialitet": 2, "riktighet": 1, "tillganglighet": 1},
            roller={"objektledare_it": f"Ita Teknikersson{i}"},
            senaste_klassa=None if i % 2 else "2024-06-01",
        )
        for i in range(8)
    ]
    ar = {
        **AR_2024,
        "upphandlingar": [{"namn": "UpphandlingHemligNamn", "klassning_genomford": True}],
    }
    from conftest import write_register

    return write_register(
        tmp / "register", organisation=organisation, behandlingar=items, ar={2024: ar}
    )


PLANTED = [
    "ObjektAlfaNamn",
    "Personus",
    "Agarsson",
    "Ledarsdotter",
    "Teknikersson",
    "HemligBehandling",
    "hemlig-",
    "SystemKrypto",
    "ZonTvaa",
    "UpphandlingHemligNamn",
]


def test_public_report_contains_none_of_the_planted_names(tmp_path: Path) -> None:
    root = _planted(tmp_path)
    internal = report_text(root)
    public = report_text(root, publik=True)
    for name in PLANTED:
        assert name not in public, name
    # The search can find them: the internal version names the processings.
    for name in ("ObjektAlfaNamn", "HemligBehandling", "SystemKrypto", "UpphandlingHemligNamn"):
        assert name in internal, name


def test_public_report_merges_a_category_smaller_than_the_minimum(tmp_path: Path) -> None:
    public = report_text(_planted(tmp_path), publik=True)
    # 6 unik and 2 ovrig: the 2 must not form a group of their own.
    assert "| Unika för förvaltningen m.fl. | 8 |" in public
    assert "Övriga behandlingar" not in public


def test_public_report_of_a_tiny_register_shows_no_figures(
    make_register: Callable[..., Path],
) -> None:
    root = make_register(behandlingar=[behandling("b1"), behandling("b2")], ar={2024: AR_2024})
    public = report_text(root, publik=True)
    assert "Registret omfattar färre än 5 behandlingar" in public
    assert "### Nyckeltal" not in public
    assert "Behandling b1" not in public


def test_public_report_refuses_a_name_in_free_text(make_register: Callable[..., Path]) -> None:
    items = [behandling(f"b{i}", system="SuperSystemet") for i in range(5)]
    ar = {**AR_2024, "ledningens_genomgang": {"risker": "SuperSystemet saknar RSA."}}
    root = make_register(behandlingar=items, ar={2024: ar})
    with pytest.raises(ReportError) as caught:
        report_text(root, publik=True)
    assert caught.value.message == (
        "den publika versionen skulle innehålla uppgifter som inte får publiceras: "
        "'SuperSystemet' (systemnamn). De kommer från fritext i årsfilen eller en egen mall; "
        "skriv om texten utan namnen."
    )


def test_public_and_internal_have_the_same_sections() -> None:
    internal = report_text(EXAMPLE_REGISTER)
    public = report_text(EXAMPLE_REGISTER, publik=True)
    sections = re.compile(r"^## .*$", re.MULTILINE)
    assert sections.findall(internal) == sections.findall(public)
    assert "**Internt arbetsdokument.**" in internal.split("## 1.")[0]
    assert "**Publik version.**" in public.split("## 1.")[0]


def test_missing_year_file_names_the_file_to_create(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling()])
    result = run_cli("report", "2023", "--register", str(root))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"fel: årsfilen {root.as_posix()}/ar/2023.yaml saknas; skapa den från föregående "
        f"års plan med lgtool ar ny 2023 --register {root.as_posix()}\n"
    )


def test_register_with_problems_is_refused_with_the_problems(
    make_register: Callable[..., Path],
) -> None:
    root = make_register(behandlingar=[behandling(kategori="unike")], ar={2024: AR_2024})
    result = run_cli("report", "2024", "--register", str(root))
    assert result.code == 1
    assert result.err == (
        "fel: registret har 1 fel i 1 fil; rätta dem innan rapporten tas fram:\n"
        f"{root.as_posix()}/behandlingar/b1.yaml:4:11: fel: ogiltigt värde 'unike' för "
        "'kategori'; tillåtna värden: unik, gemensam, ovrig – menade du 'unik'?\n"
    )


def test_missing_inputs_show_as_not_filled_in(make_register: Callable[..., Path]) -> None:
    text = report_text(make_register(behandlingar=[behandling()], ar={2024: AR_2024}))
    assert text.count("*Ej ifyllt.*") == 8  # seven inputs a-g and the decisions
    assert "Ej ifyllt: årsfilen innehåller ingen sammanställning av incidenter." in text


def test_register_values_are_escaped(make_register: Callable[..., Path]) -> None:
    nasty = behandling(**reviewed("2024-06-01"), namn="# Rubrik | `kod` <b>fet</b> *x*")
    text = report_text(make_register(behandlingar=[nasty], ar={2024: AR_2024}))
    escaped = "\\# Rubrik \\| \\`kod\\` \\<b\\>fet\\</b\\> \\*x\\*"
    assert f"| {escaped} | ✓ | ✓ | ✓ | ✓ | – | ✓ | ✓ | ✓ | 0 | 0 |" in text


def test_override_template_by_name(make_register: Callable[..., Path], tmp_path: Path) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    mallar = tmp_path / "mallar"
    mallar.mkdir()
    (mallar / "beslut.md.j2").write_text("## 10. Beslut\n\nEgen text för {{ organisation }}.\n")
    text = report_text(root, mallar=mallar)
    assert text.endswith("## 10. Beslut\n\nEgen text för Testkontoret.\n")


def test_templates_next_to_the_register_override_too(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    beside = root.parent / "templates"
    beside.mkdir()
    (beside / "beslut.md.j2").write_text("## 10. Beslut\n\nBredvid.\n")
    assert report_text(root).endswith("## 10. Beslut\n\nBredvid.\n")


def test_template_typo_names_template_and_line(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    mallar = tmp_path / "mallar"
    mallar.mkdir()
    (mallar / "beslut.md.j2").write_text("## 10. Beslut\n\n{{ organisaton }}\n")
    with pytest.raises(ReportError) as caught:
        report_text(root, mallar=mallar)
    assert caught.value.message == (
        "fel i rapportmallen beslut.md.j2:3: 'organisaton' är inte definierat"
    )


def test_template_cannot_reach_python_internals(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    mallar = tmp_path / "mallar"
    mallar.mkdir()
    (mallar / "beslut.md.j2").write_text("{{ ar.__class__.__mro__ }}\n")
    with pytest.raises(ReportError) as caught:
        report_text(root, mallar=mallar)
    assert caught.value.message.startswith("fel i rapportmallen beslut.md.j2:1:")


def test_reference_date_defaults_to_year_end_and_can_be_set(
    make_register: Callable[..., Path],
) -> None:
    root = make_register(behandlingar=[behandling(senaste_klassa="2024-01-10")], ar={2024: AR_2024})
    assert "| Uppgifterna avser | 2024-12-31 |" in report_text(root)
    later = report_text(root, per=date(2025, 2, 1))
    assert "| Uppgifterna avser | 2025-02-01 |" in later
    assert "| KLASSA genomförd och aktuell | 0 av 1 | 0\u00a0% |" in later


def test_output_is_deterministic_and_written_atomically(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    target = tmp_path / "ut" / "rapport.md"
    target.parent.mkdir()
    target.write_text("gammal\n")
    first = run_cli("report", "2024", "-r", str(root), "-o", str(target))
    assert (first.code, first.out, first.err) == (0, "", "")
    written = target.read_text(encoding="utf-8")
    assert written == report_text(root)
    second = run_cli("report", "2024", "-r", str(root), "-o", str(target))
    assert second.code == 0 and target.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in target.parent.iterdir()) == ["rapport.md"]


def test_failed_report_leaves_the_old_file(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()])
    target = tmp_path / "rapport.md"
    target.write_text("gammal\n")
    result = run_cli("report", "2024", "-r", str(root), "-o", str(target))
    assert result.code == 1
    assert target.read_text() == "gammal\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.md", "register"]


def test_docx_needs_an_output_file(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    result = run_cli("report", "2024", "-r", str(root), "--format", "docx")
    assert (result.code, result.err) == (
        2,
        "fel: --format docx kräver -o FIL (Word-filer skrivs inte till terminalen)\n",
    )


def test_docx_opens_with_headings_and_tables(tmp_path: Path) -> None:
    pytest.importorskip("pypandoc", reason="Word-utdata kräver tillägget lgtool[docx]")
    docx = pytest.importorskip("docx", reason="python-docx behövs för att läsa Word-filen")
    target = tmp_path / "rapport.docx"
    result = run_cli("report", "2024", "-r", str(EXAMPLE_REGISTER), "-f", "docx", "-o", str(target))
    assert (result.code, result.err) == (0, "")
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:8] == [
        "Ledningens genomgång 2024 – Trafikkontoret",
        "1. Inledning",
        "2. Ledningssystem för informationssäkerhet (LIS)",
        "Övergripande mål",
        "Ansvar",
        "Identifiering av informationssäkerhetsrisker",
        "Styrdokument",
        "3. Informationssäkerhetsläget",
    ]
    assert "10. Beslut" in headings
    markdown_tables = len(_tables(report_text(EXAMPLE_REGISTER)))
    assert len(document.tables) == markdown_tables
    nyckeltal = document.tables[1]
    assert [c.text for c in nyckeltal.rows[1].cells] == [
        "KLASSA genomförd och aktuell",
        "4 av 30",  # most of the example register's dates lie after 2024-12-31: okänt
        "13\u00a0%",
    ]
    again = tmp_path / "igen.docx"
    run_cli("report", "2024", "-r", str(EXAMPLE_REGISTER), "-f", "docx", "-o", str(again))
    assert again.read_bytes() == target.read_bytes()


def test_html_is_a_standalone_page(tmp_path: Path) -> None:
    pytest.importorskip("pypandoc", reason="HTML-utdata kräver tillägget lgtool[docx]")
    target = tmp_path / "rapport.html"
    result = run_cli("report", "2024", "-r", str(EXAMPLE_REGISTER), "-f", "html", "-o", str(target))
    assert (result.code, result.err) == (0, "")
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="sv-SE" xml:lang="sv-SE">' in html
    assert "<title>Ledningens genomgång 2024 – Trafikkontoret</title>" in html
    assert html.count("<table") == len(_tables(report_text(EXAMPLE_REGISTER)))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.8666, "87\u00a0%"),
        (0.875, "88\u00a0%"),
        (0.005, "1\u00a0%"),
        (1.0, "100\u00a0%"),
        (None, "–"),
    ],
)
def test_percent_is_swedish_and_rounds_half_up(value: float | None, expected: str) -> None:
    assert percent(value) == expected


def test_number_groups_thousands_with_a_space() -> None:
    assert [number(5), number(1234), number(1234567), number(None)] == [
        "5",
        "1\u00a0234",
        "1\u00a0234\u00a0567",
        "–",
    ]


def test_md_and_paragraph_filters() -> None:
    assert str(md("a|b\nc")) == "a\\|b c"
    assert str(paragraphs("Första *stycket*\nfortsätter.\n\nAndra.")) == (
        "Första \\*stycket\\* fortsätter.\n\nAndra."
    )


def test_report_compares_year_ends_from_the_git_history(tmp_path: Path) -> None:
    from conftest import write_register
    from helpers_git import GitBuilder

    repo = GitBuilder(tmp_path / "repo")
    root = repo.root / "register"
    old = [
        behandling(
            f"b{i}",
            **reviewed("2023-05-01", senaste_klassa=None),
            handlingsplan={"gula": 4, "roda": 2},
        )
        for i in range(4)
    ]
    write_register(root, behandlingar=old, ar={2024: AR_2024})
    repo.commit("2023-06-01")
    renewed = reviewed("2024-09-01", senaste_klassa=None)
    new = [
        *(behandling(f"b{i}", **renewed, handlingsplan={"gula": 4, "roda": 2}) for i in (0, 1)),
        *(behandling(f"b{i}", **reviewed("2024-09-01")) for i in (2, 3)),
    ]
    write_register(root, behandlingar=new, ar={2024: AR_2024})
    repo.commit("2024-10-01")
    result = run_cli("report", "2024", "-r", str(root))
    assert (result.code, result.err) == (0, "")
    section = result.out.split("## 7. ")[1].split("## 8. ")[0]
    assert section == (
        "Utveckling jämfört med föregående år\n\n"
        "Jämförelsen bygger på registrets historik i git: läget 2023-12-31 jämfört med "
        "2024-12-31.\n\n"
        f"| Nyckeltal | 2023-12-31 | 2024-12-31 |\n"
        f"|{'-' * 40}|{'-' * 11}:|{'-' * 11}:|\n"
        "| Behandlingar | 4 | 4 |\n"
        "| KLASSA aktuell | 0\u00a0% | 50\u00a0% |\n"
        "| RSA aktuell | 100\u00a0% | 100\u00a0% |\n"
        "| Behörighetskontroll aktuell | 100\u00a0% | 100\u00a0% |\n"
        "| Registerförda (av dem med personuppgifter) | 100\u00a0% | 100\u00a0% |\n"
        "| Gula punkter | 16 | 8 |\n"
        "| Röda punkter | 8 | 4 |\n"
        "| Utan handlingsplan | 0 | 0 |\n\n"
    )
