"""The public version leaks no name however it is written, and obeys the group-size rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, TODAY, behandling, run_cli
from lgtool.errors import ReportError
from lgtool.register import load_register
from lgtool.report.build import render_report
from lgtool.report.public import find_leaks, fold, sensitive_strings

AR_2024: dict[str, Any] = {
    "ar": 2024,
    "prioriteringar": {2024: [{"id": "p1", "text": "Klassa allt", "status": "klar"}]},
}

REFUSED = (
    "den publika versionen skulle innehålla uppgifter som inte får publiceras: {}. De kommer "
    "från fritext i årsfilen eller en egen mall; skriv om texten utan namnen."
)


def public_text(root: Path, year: int = 2024) -> str:
    loaded = load_register(root, today=TODAY)
    return render_report(loaded=loaded, root=root, year=year, per=None, publik=True, mallar=None)


def register_with_risk(make: Callable[..., Path], risker: str, **organisation: Any) -> Path:
    items = [
        behandling(f"b{i}", namn="Signalstyrning" if i == 0 else f"Behandling {i}", system="GIS")
        for i in range(5)
    ]
    items.append(behandling("b5", namn="Bro- och tunnelövervakning"))
    ar = {**AR_2024, "ledningens_genomgang": {"risker": risker}}
    return make(behandlingar=items, ar={2024: ar}, **organisation)


@pytest.mark.parametrize(
    "written",
    [
        "signalstyrning",  # lower case
        "SIGNALSTYRNINGEN",  # upper case, inflected
        "Signalstyrningens",  # genitive
        "Signal\u00adstyrning",  # soft hyphen
        "Signal\u200bstyrning",  # zero-width space
        "Signal\u200dstyrning",  # zero-width joiner
        "Signal\u2060styrning",  # word joiner
        "Signal\\_styrning",  # Markdown escape inside the word
        "**Signal**styrning",  # emphasis inside the word
        "\uff33ignalstyrning",  # fullwidth S (NFKC)
    ],
)
def test_a_name_is_found_however_it_is_written(
    make_register: Callable[..., Path], written: str
) -> None:
    root = register_with_risk(make_register, f"Risker finns i {written} i år.")
    with pytest.raises(ReportError) as caught:
        public_text(root)
    assert caught.value.message == REFUSED.format("'Signalstyrning' (behandlingens namn)")


@pytest.mark.parametrize(
    "written",
    [
        "bro- och tunnelövervakning",
        "Bro-\u00a0och tunnel\u00adövervakningen",  # non-breaking space and soft hyphen
        "bro och\ntunnelo\u0308vervakning",  # line break, decomposed ö (NFD)
    ],
)
def test_a_name_of_several_words_is_found(make_register: Callable[..., Path], written: str) -> None:
    root = register_with_risk(make_register, f"Risker finns i {written}.")
    with pytest.raises(ReportError) as caught:
        public_text(root)
    assert caught.value.message == REFUSED.format(
        "'Bro- och tunnelövervakning' (behandlingens namn)"
    )


def test_a_short_name_matches_whole_words_only(make_register: Callable[..., Path]) -> None:
    # "GIS" is a system name: inside "logistik" or "gisslan" it is not the system.
    root = register_with_risk(make_register, "Logistik och gisslan berörs inte.")
    assert "Logistik och gisslan berörs inte." in public_text(root)
    root = register_with_risk(make_register, "Stadens GIS:en saknar RSA.")
    with pytest.raises(ReportError) as caught:
        public_text(root)
    assert caught.value.message == REFUSED.format("'GIS' (systemnamn)")


def test_a_name_never_matches_inside_a_word() -> None:
    names = {"Signalstyrning": "behandlingens namn", "Karin Lindqvist": "personnamn"}
    assert find_leaks("Trafiksignalstyrningen och Karin Lindqvistsson-Berg.", names) == [
        ("Karin Lindqvist", "personnamn")
    ]
    assert find_leaks("Karin Lind och Lindqvist Karin.", names) == []


def test_bidirectional_marks_cannot_hide_a_name() -> None:
    # validate refuses them in the register; a template could still write them.
    names = {"Signalstyrning": "behandlingens namn"}
    for written in (
        "\u202eSignalstyrning\u202c",
        "Signal\u200fstyrning",
        "\u2067Signal\u2069styrning",
    ):
        assert find_leaks(written, names) == [("Signalstyrning", "behandlingens namn")]


def test_fold_removes_what_does_not_show() -> None:
    assert fold("Ä\u0308b\u00adc\u200bd\u00a0E\u2066F") == fold("ä̈bcd ef")
    assert fold("Gr\u00e4v") == fold("GRA\u0308V") == "gräv"


def test_the_example_register_would_have_leaked_its_old_2025_text() -> None:
    old = (
        "Kontinuitetsplaner finns för signalstyrning, trafikkameror och bro- och tunnelövervakning."
    )
    names = sensitive_strings(load_register(EXAMPLE_REGISTER, today=TODAY))
    assert find_leaks(old, names) == [
        ("Bro- och tunnelövervakning", "behandlingens namn"),
        ("Signalstyrning", "behandlingens namn"),
        ("Trafikkameror", "behandlingens namn"),
    ]


@pytest.mark.parametrize("year", ["2024", "2025"])
def test_the_example_public_reports_are_clean(year: str) -> None:
    result = run_cli("report", year, "--publik", "--register", str(EXAMPLE_REGISTER))
    assert (result.code, result.err) == (0, "")
    names = sensitive_strings(load_register(EXAMPLE_REGISTER, today=TODAY))
    assert find_leaks(result.out, names) == []
    for person in ("Karin Lindqvist", "Lindqvist", "Per Sandberg"):
        assert person not in result.out


def test_a_person_named_as_responsible_is_shown_by_role(
    make_register: Callable[..., Path],
) -> None:
    organisation = {
        "organisation": "Förvaltningen",
        "forvaltningsobjekt": [
            {
                "id": "obj",
                "namn": "Objektet",
                "roller": {
                    "objektagare": "Karin Lindqvist",
                    "objektledare_verksamhet": "Per Sandberg",
                    "objektledare_it": "Maria Holmgren",
                },
            }
        ],
    }
    ar = {
        "ar": 2024,
        "prioriteringar": {
            2024: [
                {
                    "id": "p1",
                    "text": "Klassa allt",
                    "status": "klar",
                    "ansvarig": "karin lindqvist",
                },
                {"id": "p2", "text": "Öva", "status": "planerad", "ansvarig": "Förvaltningschef"},
            ],
            2025: [{"id": "p3", "text": "RSA", "status": "planerad", "ansvarig": "Maria Holmgren"}],
        },
    }
    items = [behandling(f"b{i}") for i in range(5)]
    root = make_register(organisation=organisation, behandlingar=items, ar={2024: ar})
    public = public_text(root)
    section_5 = public.split("## 5. ")[1].split("## 6. ")[0]
    assert "| Klassa allt | Objektägare | Klar | – |" in section_5
    assert "| Öva | Förvaltningschef | Planerad | – |" in section_5
    assert "- RSA (ansvarig: Objektledare IT)" in public
    loaded = load_register(root, today=TODAY)
    internal = render_report(
        loaded=loaded, root=root, year=2024, per=None, publik=False, mallar=None
    )
    assert "| Klassa allt | karin lindqvist | Klar | – |" in internal


def test_year_over_year_obeys_the_group_size_rule(tmp_path: Path) -> None:
    from conftest import write_register
    from helpers_git import GitBuilder

    repo = GitBuilder(tmp_path / "repo")
    root = repo.root / "register"
    write_register(root, behandlingar=[behandling(f"b{i}") for i in range(3)], ar={2024: AR_2024})
    repo.commit("2023-06-01")
    internal = run_cli("report", "2024", "-r", str(root))
    public = run_cli("report", "2024", "-r", str(root), "--publik")
    assert (internal.code, public.code, public.err) == (0, 0, "")
    assert "| Behandlingar | 3 | 3 |" in internal.out
    section = public.out.split("## 7. ")[1].split("## 8. ")[0]
    assert section == (
        "Utveckling jämfört med föregående år\n\n"
        "Registret omfattade färre än 5 behandlingar vid något av årsskiftena. Jämförelsen "
        "redovisas därför inte i den publika versionen.\n\n"
    )


def test_the_check_takes_one_lookup_per_word_prefix() -> None:
    # 20,000 names and a long text: the check must not try every name at every position.
    import time

    names = {f"Systemnamn{i:05d}": "systemnamn" for i in range(20_000)}
    names["Karin Lindqvist"] = "personnamn"
    text = "Ett vanligt stycke om informationssäkerhet och klassning. " * 2_000
    start = time.perf_counter()
    assert find_leaks(text + "Systemnamn01234an", names) == [("Systemnamn01234", "systemnamn")]
    assert time.perf_counter() - start < 2.0
