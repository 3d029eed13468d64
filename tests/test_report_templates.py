"""Hostile templates: only regular files are read, work and output are bounded.

And free text from the register reaches pandoc as literal text.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, behandling, run_cli
from lgtool.errors import ReportError
from lgtool.register import load_register
from lgtool.report.build import render_report
from lgtool.report.environment import Limits, literal, make_environment, md, paragraphs, render

AR_2024: dict[str, Any] = {
    "ar": 2024,
    "prioriteringar": {2024: [{"id": "p1", "text": "Klassa allt", "status": "klar"}]},
}


def rendered(source: str, tmp_path: Path, limits: Limits | None = None) -> str:
    folder = tmp_path / "mallar"
    folder.mkdir(exist_ok=True)
    (folder / "prov.md.j2").write_text(source, encoding="utf-8")
    env = make_environment([folder], *([limits] if limits else []))
    return render(env, "prov.md.j2", {"organisation": "Kontoret"})


def refused(source: str, tmp_path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(ReportError) as caught:
        rendered(source, tmp_path, limits)
    return caught.value.message


# --- Only regular files in the template folders ---------------------------------------------


def report_with(root: Path, mallar: Path | None) -> str:
    loaded = load_register(root, today=TODAY)
    return render_report(loaded=loaded, root=root, year=2024, per=None, publik=False, mallar=mallar)


def test_a_template_that_is_a_symlink_is_refused(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    secret = tmp_path / "hemligt.txt"
    secret.write_text("HEMLIGT=1\n")
    mallar = tmp_path / "mallar"
    mallar.mkdir()
    (mallar / "beslut.md.j2").symlink_to(secret)
    result = run_cli("report", "2024", "-r", str(root), "--mallar", str(mallar))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"fel: mallen {mallar.as_posix()}/beslut.md.j2 är en symbolisk länk; en mall måste "
        "vara en vanlig fil i mallmappen\n"
    )


def test_a_template_beside_the_register_that_is_a_symlink_is_refused(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    beside = root.parent / "templates"
    beside.mkdir()
    (beside / "inledning.md.j2").symlink_to("/etc/passwd")
    with pytest.raises(ReportError) as caught:
        report_with(root, None)
    assert caught.value.message == (
        f"mallen {beside.as_posix()}/inledning.md.j2 är en symbolisk länk; en mall måste "
        "vara en vanlig fil i mallmappen"
    )


def test_a_template_folder_that_is_a_symlink_is_refused(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir()
    (root.parent / "templates").symlink_to(elsewhere)
    with pytest.raises(ReportError) as caught:
        report_with(root, None)
    assert caught.value.message == (
        f"mallmappen {root.parent.as_posix()}/templates är en symbolisk länk; mallar läses "
        "bara från en vanlig mapp"
    )


def test_a_fifo_as_template_is_refused_without_blocking(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    mallar = tmp_path / "mallar"
    mallar.mkdir()
    os.mkfifo(mallar / "beslut.md.j2")
    with pytest.raises(ReportError) as caught:
        report_with(root, mallar)
    assert caught.value.message == (
        f"mallen {mallar.as_posix()}/beslut.md.j2 är inte en vanlig fil; en mall måste "
        "vara en vanlig fil i mallmappen"
    )


def test_an_include_outside_the_folder_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "utanfor.md.j2").write_text("hemligt")
    assert refused('{% include "../utanfor.md.j2" %}', tmp_path) == (
        "fel i rapportmallen prov.md.j2:1: ../utanfor.md.j2"
    )


def test_a_template_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "prov.md.j2").write_bytes(b"rad ett\nrad tv\xe5\n")
    with pytest.raises(ReportError) as caught:
        render(make_environment([folder]), "prov.md.j2", {})
    assert caught.value.message == (
        f"{folder.as_posix()}/prov.md.j2:2: fel: mallen är inte UTF-8-kodad"
    )


# --- Bounded work, size and recursion ------------------------------------------------------

TOO_LONG = (
    "uttrycket skulle ge en text eller lista längre än 10\u00a0000\u00a0000 tecken eller element"
)

STOPPED_QUICKLY = [
    (
        "{{ 'x' * 10**10 }}",
        TOO_LONG,
    ),
    (
        "{{ [1] * 10**9 }}",
        TOO_LONG,
    ),
    (
        "{{ range(10**9) | list }}",
        "talet 1\u00a0000\u00a0000\u00a0000 är för stort som argument i en mall",
    ),
    (
        "{{ range(200000) | list }}",
        "range() med fler än 100\u00a0000 steg är inte tillåtet i en mall",
    ),
    (
        "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
        "makron anropar varandra djupare än 50 nivåer (ett makro som anropar sig självt?)",
    ),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}",
        TOO_LONG,
    ),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}",
        TOO_LONG,
    ),
    ("{{ '%10000000000s' % 'x' }}", "formatet anger en för stor bredd"),
    ("{{ '{:>10000000000}'.format(1) }}", "formatet anger en för stor bredd"),
    ("{{ '%10000000000s' | format('x') }}", "formatet anger en för stor bredd"),
    (
        "{{ 'x' | center(10**10) }}",
        "talet 10\u00a0000\u00a0000\u00a0000 är för stort som argument i en mall",
    ),
    (
        "{{ 'x'.ljust(10**10) }}",
        "talet 10\u00a0000\u00a0000\u00a0000 är för stort som argument i en mall",
    ),
    ("{{ 7 ** 1000000 }}", "potensen är för stor för en mall"),
    ('{% include "prov.md.j2" %}', "mallarna inkluderar eller anropar sig själva för djupt"),
    ("{{ lipsum(10**6) }}", "'lipsum' är inte definierat"),
    ("{{ 1 / 0 }}", "division by zero (ZeroDivisionError)"),
]


@pytest.mark.parametrize(("source", "message"), STOPPED_QUICKLY)
def test_a_hostile_template_stops_with_a_located_error(
    source: str, message: str, tmp_path: Path
) -> None:
    start = time.perf_counter()
    assert (
        refused(f"Rad ett\n{source}\n", tmp_path) == f"fel i rapportmallen prov.md.j2:2: {message}"
    )
    assert time.perf_counter() - start < 3


def test_a_loop_of_10_to_the_10_steps_stops_at_the_step_budget(tmp_path: Path) -> None:
    source = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    assert refused(source, tmp_path, Limits(steps=200_000)) == (
        "fel i rapportmallen prov.md.j2:1: mallen tog fler än 200\u00a0000 steg och avbröts "
        "(en loop som inte tar slut?)"
    )


def test_a_loop_that_calls_nothing_stops_at_the_deadline(tmp_path: Path) -> None:
    source = (
        "{% set s = 'x' * 3000 %}\n{% for a in s %}{% for b in s %}{% for c in s %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    start = time.perf_counter()
    assert refused(source, tmp_path, Limits(seconds=0.5)) == (
        "fel i rapportmallen prov.md.j2:2: mallen tog längre tid än 0,5 s och avbröts"
    )
    assert time.perf_counter() - start < 3


def test_output_is_bounded(tmp_path: Path) -> None:
    source = "{% for i in range(100000) %}xxxxxxxxxx{% endfor %}"
    assert refused(source, tmp_path, Limits(output=100_000)) == (
        "fel i rapportmallen prov.md.j2: mallen gav mer än 100\u00a0000 tecken och avbröts"
    )


def test_ordinary_template_features_still_work(tmp_path: Path) -> None:
    source = (
        "{% macro rad(n) %}{{ n }}{% if n < 3 %}, {{ rad(n + 1) }}{% endif %}{% endmacro %}"
        "{{ rad(1) }}; {{ range(3) | list | length }}; {{ 'ab' * 2 }}; {{ 2 ** 10 }}; "
        "{{ '%s!' % organisation }}; {{ '{}?'.format(organisation) }}; "
        "{{ organisation ~ '.' }}; {% for i in range(2, 4) %}{{ i }}{% endfor %}\n"
    )
    assert (
        rendered(source, tmp_path) == "1, 2, 3; 3; abab; 1024; Kontoret!; Kontoret?; Kontoret.; 23"
    )


def test_a_hostile_template_exits_1_through_the_cli(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling()], ar={2024: AR_2024})
    mallar = tmp_path / "mallar"
    mallar.mkdir()
    (mallar / "beslut.md.j2").write_text("## 10. Beslut\n\n{{ 'x' * 10**10 }}\n")
    result = run_cli("report", "2024", "-r", str(root), "--mallar", str(mallar))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "fel: fel i rapportmallen beslut.md.j2:3: uttrycket skulle ge en text eller lista "
        "längre än 10\u00a0000\u00a0000 tecken eller element\n"
    )


# --- Free text reaches pandoc as literal text ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- punkt", "\\- punkt"),
        ("+ punkt", "\\+ punkt"),
        ("1. punkt", "1\\. punkt"),
        ("12) punkt", "12\\) punkt"),
        ("a) punkt", "a\\) punkt"),
        ("(iv) punkt", "\\(iv\\) punkt"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("# rubrik", "\\# rubrik"),
        ("> citat", "\\> citat"),
        ("kostar $5 och $x^2$", "kostar \\$5 och \\$x^2\\$"),
        ("2024. Året", "2024\\. Året"),
        ("Helt vanlig text - med 1. och a) inuti", "Helt vanlig text - med 1. och a) inuti"),
    ],
)
def test_a_value_starting_like_markup_is_escaped(text: str, expected: str) -> None:
    assert literal(text) == expected
    assert str(md(text)) == expected
    assert str(paragraphs(f"Först.\n\n{text}")) == f"Först.\n\n{expected}"


def test_twenty_thousand_list_markers_stay_one_paragraph_in_pandoc() -> None:
    pypandoc = pytest.importorskip("pypandoc", reason="pandoc kommer med tillägget docx")
    free_text = "\n\n".join(["- a", "1. b", "---", "$x$"] * 5_000)
    markdown = str(paragraphs(free_text)) + "\n"
    start = time.perf_counter()
    html = pypandoc.convert_text(markdown, "html", format="markdown-smart")
    assert time.perf_counter() - start < 30
    for tag in ("<li>", "<hr", "math"):
        assert tag not in html
    assert html.count("<p>") == 20_000
