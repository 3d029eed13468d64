"""The report's section "Cybersäkerhetslagen" and the year's summary from incident records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import (
    EXAMPLE_REGISTER,
    ORGANISATION,
    TODAY,
    assert_golden,
    behandling,
    write_register,
)
from lgtool.errors import ReportError
from lgtool.register import load_register
from lgtool.report.build import render_report


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deadlines are judged on the report's reference date, at most today."""
    monkeypatch.setenv("LGTOOL_IDAG", TODAY.isoformat())


def report(root: Path, year: int, *, publik: bool = False) -> str:
    loaded = load_register(root, today=TODAY)
    return render_report(loaded=loaded, root=root, year=year, per=None, publik=publik, mallar=None)


def section(text: str, heading: str = "## Cybersäkerhetslagen") -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


def test_example_2026_report_has_the_computed_section() -> None:
    assert_golden("report/2026-cybersakerhetslagen.md", section(report(EXAMPLE_REGISTER, 2026)))


def test_example_2026_public_report_has_only_counts_under_the_group_size_rule() -> None:
    text = report(EXAMPLE_REGISTER, 2026, publik=True)
    assert_golden("report/2026-cybersakerhetslagen-publik.md", section(text))
    for secret in ("Nätfiske mot e-post", "Karin Lindqvist", "Jonas Ek", "tk-diarium"):
        assert secret not in text


def test_example_2026_summary_is_computed_from_the_records() -> None:
    text = section(report(EXAMPLE_REGISTER, 2026), "### Incidenter")
    assert text.startswith(
        "### Incidenter\n\nUnder 2026 rapporterades 6 incidenter (källa: incidentfilerna i "
        "registret).\n\n| Kategori | Antal |\n|----------------------------------------|-------:|\n"
        "| Dataskydd | 1 |\n| Driftstörning | 1 |\n| Felsändning | 1 |\n| Nätfiske | 1 |\n"
        "| Obehörig åtkomst | 1 |\n| Skadlig kod | 1 |\n| **Totalt** | **6** |\n"
    )


def test_no_section_before_the_law_or_outside_its_scope() -> None:
    assert "Cybersäkerhetslagen\n" not in report(EXAMPLE_REGISTER, 2025)


YEAR: dict[str, Any] = {"ar": 2026, "prioriteringar": {2026: []}}


def significant(n: int, *, early: str | None) -> str:
    return (
        f"id: 2026-10{n}\nrubrik: Hemlig rubrik {n}\nupptackt: 2026-05-0{n}T08:00\n"
        "kategori: natfiske\nbetydande: true\npersonuppgiftsincident: false\n"
        f"tidig_varning: {early or 'null'}\nbehandlingar: [b1]\n"
    )


def test_a_version_1_register_gets_no_section(tmp_path: Path) -> None:
    root = write_register(tmp_path / "r", behandlingar=[behandling("b1")], ar={2026: YEAR})
    assert "Cybersäkerhetslagen" not in report(root, 2026)


def test_public_shares_when_the_group_is_large_enough(tmp_path: Path) -> None:
    files = {
        f"incidenter/2026/2026-10{n}.yaml": significant(
            n, early=f"2026-05-0{n + 1}T0{8 if n < 5 else 9}:00"
        )
        for n in range(1, 6)
    }
    root = write_register(
        tmp_path / "r",
        organisation={**ORGANISATION, "omfattas_av_cybersakerhetslagen": True},
        behandlingar=[behandling("b1", namn="Hemligt system")],
        ar={2026: YEAR},
        files=files,
    )
    text = section(report(root, 2026, publik=True))
    assert "| Tidig varning | 5 | 5 | 4 | 1 | 0 | 80\u00a0% |" in text
    assert "| Incidentanmälan | 5 | 5 | 0 | 0 | 5 | 0\u00a0% |" in text
    assert "- 5 incidenter saknar incidentanmälan fast fristen har passerat." in text
    assert "| Anmälan till IMY | färre än 5 | | | | | redovisas inte |" in text
    assert "Hemlig" not in text
    assert "b1" not in text
    internal = section(report(root, 2026))
    assert "| 2026-105 | Hemlig rubrik 5 | sen | saknas | saknas | – |" in internal


def test_a_warning_does_not_stop_the_report(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "r",
        organisation={**ORGANISATION, "omfattas_av_cybersakerhetslagen": False},
        behandlingar=[behandling("b1")],
        ar={2026: YEAR},
        files={"incidenter/2026/2026-101.yaml": significant(1, early=None)},
    )
    text = report(root, 2026)
    assert "Cybersäkerhetslagen" not in text
    assert "Under 2026 rapporterades 1 incident (källa: incidentfilerna i registret)." in text


def test_a_person_in_the_training_list_is_kept_out_of_the_public_report(tmp_path: Path) -> None:
    year = {
        **YEAR,
        "ledningens_utbildning": [
            {"namn": "Karin Lindqvist", "utbildning": "Kurs", "datum": "2026-03-12"}
        ],
        "ledningens_genomgang": {"beslut": ["Karin Lindqvist leder arbetet."]},
    }
    root = write_register(
        tmp_path / "r",
        organisation={**ORGANISATION, "omfattas_av_cybersakerhetslagen": True},
        behandlingar=[behandling("b1")],
        ar={2026: year},
    )
    with pytest.raises(ReportError, match="'Karin Lindqvist' \\(personnamn\\)"):
        report(root, 2026, publik=True)
