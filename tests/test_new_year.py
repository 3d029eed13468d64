"""``lgtool ar ny``: a new year file carried forward from the previous year's."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_REGISTER, assert_golden, run_cli
from lgtool.commands.ar import ny
from lgtool.errors import LgtoolError
from lgtool.model import Ar
from lgtool.new_year import create_year
from lgtool.options import ArNyOptions
from lgtool.register import load_register

ENV = {"LGTOOL_IDAG": "2026-12-01"}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE_REGISTER, root)
    (root / "ar" / "2026.yaml").unlink()  # the register as it stood before 2026's file
    return root


def _year(root: Path, year: int) -> Ar:
    loaded = load_register(root)
    assert loaded.problems == ()
    return loaded.ar[year]


def test_ar_ny_on_the_example_register(example: Path) -> None:
    result = run_cli("ar", "ny", "2026", "--register", "register", cwd=example.parent, env=ENV)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "Skapade register/ar/2026.yaml från register/ar/2025.yaml.\n"
        "Planen för 2026 (3 prioriteringar) och 2027 (3 prioriteringar) är överförd; "
        "prioriteringarna för 2028 är tomma att fylla i.\n"
        "Ej avslutade prioriteringar från 2025 att granska (överförda till 2026 och märkta "
        "'# Ej avslutad 2025' i filen):\n"
        "  regelbundna-klassningar (forsenad): Vidareutveckla och effektivisera rutinen för "
        "regelbundna informationsklassningar.\n"
        "  kontinuitetsplaner (pagaende): Utifrån RSA säkerställa att kontinuitetsplaner finns.\n"
        "Besluten från 2025 (3) står i ledningens_genomgang.tidigare_atgarder: byt "
        '"Status: fyll i." mot hur vart och ett har följts upp.\n'
        "Fyll sedan i årets incidenter, utbildning, upphandlingar och underlag, och kör "
        "lgtool validate.\n"
    )
    assert_golden("ar-ny-2026.yaml", (example / "ar/2026.yaml").read_text("utf-8"))

    old, new = _year(example, 2025), _year(example, 2026)
    assert [i.id for i in new.prioriteringar[2026]] == [
        "regelbundna-klassningar",
        "kontinuitetsplaner",
        *(i.id for i in old.prioriteringar[2026]),
    ]
    assert new.prioriteringar[2026][2:] == old.prioriteringar[2026]
    assert new.prioriteringar[2026][:2] == [
        i for i in old.prioriteringar[2025] if i.status not in ("klar", "struken")
    ]
    assert new.prioriteringar[2027] == old.prioriteringar[2027]
    assert new.prioriteringar[2028] == []
    assert new.generella_prioriteringsomraden == old.generella_prioriteringsomraden
    assert new.incidenter is None and new.utbildning is None and new.upphandlingar == []
    assert new.ledningens_genomgang is not None and old.ledningens_genomgang is not None
    assert new.ledningens_genomgang.beslut == []
    assert new.ledningens_genomgang.tidigare_atgarder == (
        "Uppföljning av besluten i Ledningens genomgång 2025:\n"
        + "".join(
            f"\n- {b if isinstance(b, str) else b.text} Status: fyll i."
            for b in old.ledningens_genomgang.beslut
        )[1:]
    )

    validate = run_cli("validate", "-r", str(example), env=ENV)
    assert (validate.code, validate.out) == (
        0,
        "Registret är giltigt: 30 behandlingar, 8 förvaltningsobjekt, 3 årsfiler, 6 incidenter.\n",
    )
    report = run_cli("report", "2026", "-r", str(example), env=ENV)
    assert (report.code, report.err) == (0, "")
    assert "0 av 5 prioriteringar för 2026 är genomförda." in report.out


def test_the_year_after_the_new_one_follows_on(example: Path) -> None:
    create_year(example, 2026)
    out = io.StringIO()
    ny(ArNyOptions(ar=2027, register=example), out)
    new = _year(example, 2027)
    assert [i.id for i in new.prioriteringar[2027]] == [
        "regelbundna-klassningar",
        "kontinuitetsplaner",
        "revidera-lokal-anvisning",
        "granska-klassningsrutin",
        "ova-kontinuitetsplaner",
        "klassa-ovriga-behandlingar",
        "konsekvensbedomningar",
        "natverkszoner",
    ]
    assert (new.prioriteringar[2028], new.prioriteringar[2029]) == ([], [])
    assert new.ledningens_genomgang is not None
    assert new.ledningens_genomgang.tidigare_atgarder is None  # 2026 had no decisions yet
    assert "Besluten" not in out.getvalue()


def test_an_unfinished_priority_already_in_the_plan_is_not_repeated(
    make_register: Callable[..., Path],
) -> None:
    item: dict[str, Any] = {"id": "a", "text": "Gör A.", "status": "pagaende"}
    root = make_register(
        ar={
            2025: {
                "ar": 2025,
                "prioriteringar": {
                    2025: [item, {"id": "b", "text": "Gör B.", "status": "struken"}],
                    2026: [{"id": "a", "text": "Gör A färdigt."}],
                },
            }
        }
    )
    out = io.StringIO()
    ny(ArNyOptions(ar=2026, register=root), out)
    assert out.getvalue() == (
        f"Skapade {root.as_posix()}/ar/2026.yaml från {root.as_posix()}/ar/2025.yaml.\n"
        "Planen för 2026 (1 prioritering) och 2027 (0 prioriteringar) är överförd; "
        "prioriteringarna för 2028 är tomma att fylla i.\n"
        "Ej avslutade från 2025 som redan finns i planen för 2026:\n"
        "  a (pagaende): Gör A.\n"
        "Fyll sedan i årets incidenter, utbildning, upphandlingar och underlag, och kör "
        "lgtool validate.\n"
    )
    new = _year(root, 2026)
    assert [(i.id, i.text) for i in new.prioriteringar[2026]] == [("a", "Gör A färdigt.")]


def test_ar_ny_never_overwrites(example: Path) -> None:
    before = (example / "ar/2025.yaml").read_bytes()
    with pytest.raises(LgtoolError) as caught:
        create_year(example, 2025)
    assert caught.value.message == (
        f"{example.as_posix()}/ar/2025.yaml finns redan; lgtool ar ny skriver aldrig över en årsfil"
    )
    assert (example / "ar/2025.yaml").read_bytes() == before


def test_ar_ny_needs_the_previous_year(example: Path) -> None:
    with pytest.raises(LgtoolError) as caught:
        create_year(example, 2028)
    assert caught.value.message == (
        f"{example.as_posix()}/ar/2027.yaml saknas; lgtool ar ny utgår från föregående års fil "
        "(senaste årsfilen är 2025.yaml: skapa året efter med lgtool ar ny 2026)"
    )
    assert sorted(p.name for p in (example / "ar").iterdir()) == ["2024.yaml", "2025.yaml"]


def test_a_broken_previous_year_is_refused_with_its_problems(
    make_register: Callable[..., Path],
) -> None:
    root = make_register(files={"ar/2025.yaml": "ar: 2025\nprioriteringar:\n  2025: [x]\n"})
    with pytest.raises(LgtoolError) as caught:
        create_year(root, 2026)
    shown = f"{root.as_posix()}/ar/2025.yaml"
    assert caught.value.message == (
        f"{shown} har 1 fel i 1 fil; rätta dem först:\n"
        f"{shown}:3:10: fel: 'prioriteringar.2025[0]' ska vara en mappning (fält: värde), "
        "inte 'x'"
    )
    assert not (root / "ar/2026.yaml").exists()


def test_without_any_year_file_an_empty_year_is_started(
    make_register: Callable[..., Path],
) -> None:
    root = make_register()
    out = io.StringIO()
    ny(ArNyOptions(ar=2026, register=root), out)
    assert out.getvalue() == (
        f"Skapade {root.as_posix()}/ar/2026.yaml (det fanns ingen tidigare årsfil).\n"
        "Fyll i prioriteringarna för 2026–2028 och kör lgtool validate.\n"
    )
    assert _year(root, 2026).prioriteringar == {2026: [], 2027: [], 2028: []}


_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\x85"
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT, kommentar=_TEXT, beslut=_TEXT, omrade=_TEXT)
def test_any_text_is_carried_over_as_it_reads(
    tmp_path_factory: pytest.TempPathFactory, text: str, kommentar: str, beslut: str, omrade: str
) -> None:
    from conftest import write_register

    root = write_register(
        tmp_path_factory.mktemp("r") / "register",
        ar={
            2025: {
                "ar": 2025,
                "generella_prioriteringsomraden": [omrade],
                "prioriteringar": {
                    2025: [{"id": "a", "text": text, "kommentar": kommentar}],
                    2026: [{"id": "b", "text": text}],
                },
                "ledningens_genomgang": {"beslut": [beslut]},
            }
        },
    )
    create_year(root, 2026)
    new = _year(root, 2026)
    one_line = " ".join(text.split())
    assert [(i.id, i.text) for i in new.prioriteringar[2026]] == [("a", one_line), ("b", one_line)]
    assert new.prioriteringar[2026][0].kommentar == " ".join(kommentar.split())
    assert new.generella_prioriteringsomraden == [" ".join(omrade.split())]
    assert new.ledningens_genomgang is not None
    assert new.ledningens_genomgang.tidigare_atgarder is not None
    assert " ".join(beslut.split()) in new.ledningens_genomgang.tidigare_atgarder


def test_ar_ny_has_swedish_help_and_a_readme_section() -> None:
    from conftest import REPO

    group = run_cli("ar", "--help")
    command = run_cli("ar", "ny", "--help")
    assert group.out.startswith("Användning: lgtool ar [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    assert "  ny  Skapa årsfilen för ett nytt år" in group.out
    assert command.out.startswith("Användning: lgtool ar ny [FLAGGOR] {ÅR}\n")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "### `lgtool ar ny` – ett nytt år\n" in readme
    assert "\nlgtool ar ny 2026 " in readme
