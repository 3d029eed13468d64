"""The report's wording: Swedish plurals, the legend, the signatory and the seed's sections."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import ORGANISATION, TODAY, behandling, reviewed
from lgtool.register import load_register
from lgtool.report.build import render_report
from lgtool.report.context import (
    DEFAULT_ANSVAR,
    DEFAULT_MAL,
    DEFAULT_RISKIDENTIFIERING,
)

AR_2024: dict[str, Any] = {
    "ar": 2024,
    "prioriteringar": {
        2024: [{"id": "p1", "text": "Klassa allt", "status": "klar"}],
        2025: [{"id": "p2", "text": "Öva kontinuitetsplanerna", "status": "planerad"}],
    },
    "incidenter": {"per_kategori": {"dataskydd": 1}},
}


def report_text(root: Path) -> str:
    loaded = load_register(root, today=TODAY)
    return render_report(loaded=loaded, root=root, year=2024, per=None, publik=False, mallar=None)


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_a_register_without_the_new_fields_gets_the_default_texts(
    make_register: Callable[..., Path],
) -> None:
    text = report_text(make_register(behandlingar=[behandling()], ar={2024: AR_2024}))
    assert section(text, "### Övergripande mål\n\n", "\n\n### Ansvar") == DEFAULT_MAL
    assert section(text, "### Ansvar\n\n", "\n\n### Identifiering") == DEFAULT_ANSVAR.format(
        undertecknare="förvaltningschef"
    )
    assert section(
        text, "### Identifiering av informationssäkerhetsrisker\n\n", "\n\n### Styrdokument"
    ) == (DEFAULT_RISKIDENTIFIERING)
    assert "\nInget område är utpekat som särskilt prioriterat för 2024.\n" in text
    assert text.endswith(
        "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"
        "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\\nFörvaltningschef, Testkontoret\n"
    )


def test_the_organisation_can_name_its_texts_and_signatory(
    make_register: Callable[..., Path],
) -> None:
    organisation = {
        **ORGANISATION,
        "undertecknare": "VD",
        "informationssakerhetsmal": "Rätt skydd för rätt information.",
        "ansvar": "Alla ansvarar.\n\nChefer har linjeansvar.",
        "riskidentifiering": "Med KLASSA och RSA.",
        "sarskilt_prioriterat": {2024: "registerförteckning och informationsklassning"},
    }
    root = make_register(organisation=organisation, behandlingar=[behandling()], ar={2024: AR_2024})
    text = report_text(root)
    assert section(text, "## 2. ", "### Styrdokument") == (
        "Ledningssystem för informationssäkerhet (LIS)\n\n"
        "Informationssäkerhetsarbetet utgår från standarden ISO/IEC 27001 och styrs av "
        "stadsövergripande styrdokument som kompletteras av förvaltningens egna.\n\n"
        "### Övergripande mål\n\nRätt skydd för rätt information.\n\n"
        "### Ansvar\n\nAlla ansvarar.\n\nChefer har linjeansvar.\n\n"
        "### Identifiering av informationssäkerhetsrisker\n\nMed KLASSA och RSA.\n\n"
    )
    assert (
        "\nFör 2024 är området registerförteckning och informationsklassning särskilt "
        "prioriterat i ledningens genomgång.\n"
    ) in text
    assert text.endswith("\\\nVD, Testkontoret\n")


def test_counts_take_the_singular_after_one(make_register: Callable[..., Path]) -> None:
    one = behandling(handlingsplan={"gula": 1, "roda": 1})
    text = report_text(make_register(behandlingar=[one], ar={2024: AR_2024}))
    assert "Registret omfattar 1 informationsbehandling i 1 förvaltningsobjekt." in text
    assert (
        "I handlingsplanerna finns totalt 1 ohanterad gul punkt (uppfyller delvis) och "
        "1 röd punkt (uppfyller inte alls). 0 behandlingar saknar handlingsplan."
    ) in text
    assert "Ohanterade punkter: 1 gul, 1 röd." in text
    assert "Under 2024 rapporterades 1 incident." in text
    assert "1 av 1 prioritering för 2024 är genomförd." in text


def test_counts_take_the_plural_otherwise(make_register: Callable[..., Path]) -> None:
    items = [behandling(f"b{i}", handlingsplan={"gula": 2, "roda": 0}) for i in range(3)]
    text = report_text(make_register(behandlingar=items, ar={2024: AR_2024}))
    assert "Registret omfattar 3 informationsbehandlingar i 1 förvaltningsobjekt." in text
    assert "totalt 6 ohanterade gula punkter (uppfyller delvis) och 0 röda punkter" in text
    assert "Ohanterade punkter: 6 gula, 0 röda." in text


def test_the_legend_symbols_are_separated(make_register: Callable[..., Path]) -> None:
    reviewed_in_2024 = behandling(**reviewed("2024-06-01"))  # no date unknown at 2024-12-31
    text = report_text(make_register(behandlingar=[reviewed_in_2024], ar={2024: AR_2024}))
    assert (
        "Teckenförklaring: ✓ aktuell/ja; ! förfallen; ✗ saknas/nej; "
        "– ej tillämpligt/ingen handlingsplan. KL = "
    ) in text


def test_the_years_priorities_are_shown_once(make_register: Callable[..., Path]) -> None:
    text = report_text(make_register(behandlingar=[behandling()], ar={2024: AR_2024}))
    assert text.count("Klassa allt") == 1
    assert section(text, "### Prioriteringar 2024\n\n", "\n\n### Prioriteringar 2025") == (
        "Årets prioriteringar och hur de har följts upp redovisas i avsnitt 5."
    )
    assert section(text, "### Prioriteringar 2025\n\n", "\n\n") == "- Öva kontinuitetsplanerna"


def test_year_over_year_compares_the_year_files_without_git_history(
    make_register: Callable[..., Path],
) -> None:
    previous = {
        "ar": 2023,
        "prioriteringar": {2023: []},
        "incidenter": {"per_kategori": {"dataskydd": 2}},
        "utbildning": {
            "antal_medarbetare": 8,
            "genomfort_informationssakerhet": 1,
            "genomfort_dataskydd": 8,
        },
    }
    current = {
        **AR_2024,
        "upphandlingar": [{"namn": "Upphandling A", "klassning_genomford": True}],
    }
    root = make_register(behandlingar=[behandling()], ar={2023: previous, 2024: current})
    assert section(report_text(root), "## 7. ", "## 8. ") == (
        "Utveckling jämfört med föregående år\n\n"
        "Registrets historik i git täcker inte föregående årsskifte; jämförelsen bygger därför "
        "bara på årsfilerna.\n\n"
        f"| Ur årsfilerna | 2023 | 2024 |\n|{'-' * 40}|{'-' * 19}:|{'-' * 19}:|\n"
        "| Rapporterade incidenter | 2 | 1 |\n"
        "| Genomfört e-utbildningen i informationssäkerhet | 1 av 8 (13\u00a0%) | – |\n"
        "| Genomfört e-utbildningen i dataskydd | 8 av 8 (100\u00a0%) | – |\n"
        "| Upphandlingar med informationsklassning | – | 1 av 1 (100\u00a0%) |\n\n"
    )


def test_without_a_previous_year_file_nothing_is_compared(
    make_register: Callable[..., Path],
) -> None:
    text = report_text(make_register(behandlingar=[behandling()], ar={2024: AR_2024}))
    assert section(text, "## 7. ", "## 8. ") == (
        "Utveckling jämfört med föregående år\n\n"
        "Ingen jämförelse är tillgänglig: registrets historik i git täcker inte föregående "
        "årsskifte.\n\n"
    )


def test_the_legend_explains_the_unknown_mark_only_when_shown(
    make_register: Callable[..., Path],
) -> None:
    text = report_text(make_register(behandlingar=[behandling()], ar={2024: AR_2024}))
    assert (
        "Teckenförklaring: ✓ aktuell/ja; ! förfallen; ✗ saknas/nej; "
        "– ej tillämpligt/ingen handlingsplan; ? okänt per referensdatumet (registrerat senare). "
        "KL = "
    ) in text
