"""Objectives (mal), key figures by id, and decision records (9.3.2 a)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, TODAY, assert_golden, behandling, run_cli, write_register
from lgtool.register import load_register
from lgtool.report.build import render_report


def mal(id: str, nyckeltal: str, malvarde: float, **fields: Any) -> dict[str, Any]:
    return {"id": id, "text": f"Mål {id}", "nyckeltal": nyckeltal, "malvarde": malvarde, **fields}


def ar(year: int, *objectives: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"ar": year, "prioriteringar": {}, "mal": list(objectives), **fields}


# Two processings with a current KLASSA and one without: 2 of 3 = 66.7 %.
THREE = [
    behandling("b1", kategori="unik", handlingsplan={"gula": 0, "roda": 2}),
    behandling("b2", kategori="unik", handlingsplan={"gula": 1, "roda": 0}),
    behandling("b3", kategori="ovrig", senaste_klassa=None),
]


def status_json(root: Path, per: str, *args: str) -> Any:
    result = run_cli("status", "-r", root, "--per", per, "-f", "json", *args)
    return result.code, json.loads(result.out)


def test_outcomes_at_the_boundaries(tmp_path: Path) -> None:
    objectives = [
        mal("unika-klassade", "klassa_aktuell", 100, urval={"kategori": "unik"}),  # 2 of 2
        mal("alla-klassade", "klassa_aktuell", 66.67),  # 2 of 3 is just below
        mal("tva-tredjedelar", "klassa_aktuell", 66.6),  # … and just above
        mal("roda-hogst-2", "roda", 2, jamforelse="hogst"),  # exactly at the target
        mal("roda-hogst-1", "roda", 1, jamforelse="hogst"),
        mal("utbildning", "utbildning_dataskydd", 90),  # no training figures: cannot measure
        mal("tomt-urval", "klassa_aktuell", 50, urval={"kategori": "gemensam"}),
    ]
    root = write_register(tmp_path / "r", behandlingar=THREE, ar={2026: ar(2026, *objectives)})
    code, data = status_json(root, "2026-06-30")
    assert code == 0
    assert data["mal"] == [
        {
            "id": "unika-klassade",
            "nyckeltal": "klassa_aktuell",
            "malvarde": 100,
            "utfall": 100.0,
            "uppfyllt": True,
        },
        {
            "id": "alla-klassade",
            "nyckeltal": "klassa_aktuell",
            "malvarde": 66.67,
            "utfall": 66.7,
            "uppfyllt": False,
        },
        {
            "id": "tva-tredjedelar",
            "nyckeltal": "klassa_aktuell",
            "malvarde": 66.6,
            "utfall": 66.7,
            "uppfyllt": True,
        },
        {"id": "roda-hogst-2", "nyckeltal": "roda", "malvarde": 2, "utfall": 2, "uppfyllt": True},
        {"id": "roda-hogst-1", "nyckeltal": "roda", "malvarde": 1, "utfall": 2, "uppfyllt": False},
        {
            "id": "utbildning",
            "nyckeltal": "utbildning_dataskydd",
            "malvarde": 90,
            "utfall": None,
            "uppfyllt": None,
        },
        {
            "id": "tomt-urval",
            "nyckeltal": "klassa_aktuell",
            "malvarde": 50,
            "utfall": None,
            "uppfyllt": None,
        },
    ]
    assert data["nyckeltal"]["klassa_aktuell"] == {"antal": 2, "av": 3}
    assert data["nyckeltal"]["roda"] == {"antal": 2, "av": None}


@pytest.mark.parametrize(
    ("senast", "code"),
    [("2026-06-29", 1), ("2026-06-30", 1), ("2026-07-01", 0), (None, 0)],
)
def test_fail_on_mal_counts_objectives_due_by_the_reference_date(
    tmp_path: Path, senast: str | None, code: int
) -> None:
    objective = mal("roda-noll", "roda", 0, jamforelse="hogst", senast=senast)
    root = write_register(tmp_path / "r", behandlingar=THREE, ar={2026: ar(2026, objective)})
    result = run_cli("status", "-r", root, "--per", "2026-06-30", "--fail-on", "mal")
    assert result.code == code
    assert "✗ roda-noll: Öppna röda punkter" in result.out


def test_objectives_of_the_reference_year_only(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "r",
        behandlingar=THREE,
        ar={2025: ar(2025, mal("forra-aret", "roda", 0, jamforelse="hogst"))},
    )
    assert status_json(root, "2026-01-01")[1]["mal"] == []
    assert [m["id"] for m in status_json(root, "2025-12-31")[1]["mal"]] == ["forra-aret"]


def test_status_markdown_shows_the_objectives(tmp_path: Path) -> None:
    objective = mal("klassade", "klassa_aktuell", 100, senast="2026-12-31")
    root = write_register(tmp_path / "r", behandlingar=THREE, ar={2026: ar(2026, objective)})
    out = run_cli("status", "-r", root, "--per", "2026-06-30", "-f", "markdown").out
    assert out.endswith(
        "\n### Mål 2026, per 2026-06-30\n\n"
        "| Mål | Nyckeltal | Målvärde | Utfall | Bedömning |\n"
        "|---|---|---|---|---|\n"
        "| klassade | KLASSA genomförd och aktuell | minst 100\u00a0% | 66,7\u00a0% (2 av 3) | "
        "inte uppfyllt |\n"
    )


BAD: list[tuple[dict[str, Any], str]] = [
    (
        mal("m1", "klassa_aktull", 100),
        "ar/2026.yaml:6:14: fel: 'mal[0].nyckeltal': 'klassa_aktull' är inget nyckeltal; välj "
        "ett av klassa_aktuell, rsa_aktuell, behorighetskontroll_aktuell, "
        "kontinuitetsovning_aktuell, registerford, konsekvensbedomning, klassningsprotokoll, "
        "systembeskrivning, roller_namnsatta, natverkszon_ratt, utan_avvikelse, gula, roda, "
        "utbildning_informationssakerhet, utbildning_dataskydd, upphandlingar_klassade",
    ),
    (
        mal("m1", "klassa_aktuell", 100, urval={"kategori": "unika"}),
        "ar/2026.yaml:9:15: fel: ogiltigt värde 'unika' för 'mal[0].urval.kategori'; tillåtna "
        "värden: unik, gemensam, ovrig – menade du 'unik'?",
    ),
    (
        mal("m1", "klassa_aktuell", 100, urval={"forvaltningsobjekt": "objekt"}),
        "ar/2026.yaml:9:25: fel: förvaltningsobjektet 'objekt' finns inte i organisation.yaml "
        "– menade du 'obj'?",
    ),
]


@pytest.mark.parametrize(("objective", "expected"), BAD)
def test_bad_objectives_are_located_swedish_errors(
    tmp_path: Path, objective: dict[str, Any], expected: str
) -> None:
    root = write_register(tmp_path / "r", behandlingar=THREE, ar={2026: ar(2026, objective)})
    result = run_cli("validate", "-r", root)
    assert result.code == 1
    assert result.out.splitlines()[0].removeprefix(f"{root}/") == expected


def report(root: Path, year: int, *, publik: bool = False) -> str:
    loaded = load_register(root, today=TODAY)
    return render_report(loaded=loaded, root=root, year=year, per=None, publik=publik, mallar=None)


def test_example_report_2025_computes_decisions_and_objectives() -> None:
    assert_golden("report/2025.md", report(EXAMPLE_REGISTER, 2025))
    assert_golden("report/2025-publik.md", report(EXAMPLE_REGISTER, 2025, publik=True))


def test_previous_decisions_table_marks_overdue_and_keeps_free_text(tmp_path: Path) -> None:
    beslut = [
        "Ett beslut som bara är text.",
        {"id": "b-klar", "text": "Klart beslut", "senast": "2025-03-01", "status": "klar"},
        {"id": "b-sen", "text": "Sent beslut", "senast": "2025-12-30", "status": "pagaende"},
        {"id": "b-idag", "text": "Beslut till R", "senast": "2025-12-31", "status": "planerad"},
        {
            "id": "b-markt",
            "text": "Markerat beslut",
            "status": "forsenad",
            "uppfoljning": "Skjuts upp.",
        },
    ]
    root = write_register(
        tmp_path / "r",
        behandlingar=THREE,
        ar={
            2024: ar(2024, ledningens_genomgang={"beslut": beslut}),
            2025: ar(2025, ledningens_genomgang={"tidigare_atgarder": "Fritext efter tabellen."}),
        },
    )
    text = report(root, 2025)
    section = text.split("### a) ", 1)[1].split("### b) ", 1)[0]
    assert section == (
        "Status för åtgärder från tidigare ledningens genomgångar\n\n"
        "| Beslut 2024 | Ansvarig | Senast | Status | Uppföljning |\n"
        "|------------------------------|-----------------|------------|------------|"
        "------------------------------|\n"
        "| Klart beslut | – | 2025-03-01 | Klar | – |\n"
        "| Sent beslut | – | 2025-12-30 | Pågående (försenat) | – |\n"
        "| Beslut till R | – | 2025-12-31 | Planerad | – |\n"
        "| Markerat beslut | – | – | Försenad (försenat) | Skjuts upp. |\n\n"
        "Fritext efter tabellen.\n\n"
    )
    # The previous year's own section 10 shows every decision as text, records too.
    assert "2. Klart beslut" in report(root, 2024)


def test_a_report_without_records_has_no_new_sections(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "r",
        behandlingar=THREE,
        ar={
            2024: {"ar": 2024, "prioriteringar": {}, "ledningens_genomgang": {"beslut": ["B"]}},
            2025: {"ar": 2025, "prioriteringar": {}},
        },
    )
    text = report(root, 2025)
    assert "Måluppfyllelse" not in text
    assert "### a) Status för åtgärder från tidigare ledningens genomgångar\n\n*Ej ifyllt.*\n" in (
        text
    )
    assert date(2025, 12, 31).isoformat() in text


def test_public_report_hides_the_outcome_of_a_small_selection(tmp_path: Path) -> None:
    objectives = [
        mal("unika", "klassa_aktuell", 100, urval={"kategori": "unik"}),  # 2 processings
        mal("alla", "klassa_aktuell", 100),  # the whole organisation: shown
    ]
    organisation = {
        "organisation": "Testkontoret",
        "policy": {"publik_min_gruppstorlek": 3},
        "forvaltningsobjekt": [{"id": "obj", "namn": "Objektet", "roller": {}}],
    }
    # Reviews done before the year end, so that the report's reference date knows them.
    before_r = [{**b, "senaste_klassa": "2025-06-01"} if b["senaste_klassa"] else b for b in THREE]
    root = write_register(
        tmp_path / "r",
        organisation=organisation,
        behandlingar=before_r,
        ar={2025: ar(2025, *objectives)},
    )
    lines = report(root, 2025, publik=True).splitlines()
    rows = [line for line in lines if line.startswith("| Mål ") and "Nyckeltal" not in line]
    assert rows == [
        "| Mål unika | KLASSA genomförd och aktuell (kategori unik) | minst 100\u00a0% | – | "
        "visas inte (för få behandlingar) | visas inte |",
        "| Mål alla | KLASSA genomförd och aktuell | minst 100\u00a0% | – | 66,7\u00a0% (2 av 3) | "
        "inte uppfyllt |",
    ]
