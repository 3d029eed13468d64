"""Problem records and their text, JSON and GitHub formats (lgtool.problems)."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import product
from pathlib import Path

import pytest

from conftest import TODAY, behandling
from lgtool.problems import (
    MAX_PROBLEMS_PER_FILE,
    Problem,
    cap_per_file,
    format_github,
    format_json,
    format_text,
    summary,
)
from lgtool.register import load_register

TEN = Problem("behandlingar/b1.yaml", 10, 3, "okant-falt", "okänt fält 'x'")
NINE = Problem("behandlingar/b1.yaml", 9, 14, "fel-typ", "'gula' ska vara ett heltal, inte 'fem'")
ORG = Problem("organisation.yaml", 1, 1, "saknat-falt", "obligatoriskt fält 'organisation' saknas")


def test_text_is_path_line_column_level_message() -> None:
    assert TEN.text() == "behandlingar/b1.yaml:10:3: fel: okänt fält 'x'"


def test_text_of_a_warning() -> None:
    problem = Problem("ar/2024.yaml", 2, 1, "kod", "meddelande", niva="varning")
    assert problem.text() == "ar/2024.yaml:2:1: varning: meddelande"


def test_problems_sort_by_file_then_line_as_a_number_then_column() -> None:
    same_line = Problem("behandlingar/b1.yaml", 10, 1, "x", "y")
    assert sorted([ORG, TEN, same_line, NINE]) == [NINE, same_line, TEN, ORG]


def test_problems_are_frozen() -> None:
    with pytest.raises(AttributeError):
        TEN.rad = 3  # type: ignore[misc]


def test_format_text_is_one_sorted_line_per_problem() -> None:
    assert format_text([ORG, TEN, NINE]) == (
        "behandlingar/b1.yaml:9:14: fel: 'gula' ska vara ett heltal, inte 'fem'\n"
        "behandlingar/b1.yaml:10:3: fel: okänt fält 'x'\n"
        "organisation.yaml:1:1: fel: obligatoriskt fält 'organisation' saknas\n"
    )


def test_format_text_folds_line_breaks_in_a_message() -> None:
    # A key or value with a line break must not split one problem over two lines.
    problem = Problem("behandlingar/b\n1.yaml", 3, 1, "okant-falt", "okänt fält 'a\nb\r\nc\u2028d'")
    assert format_text([problem]) == "behandlingar/b 1.yaml:3:1: fel: okänt fält 'a b c d'\n"
    assert json.loads(format_json([problem]))[0]["meddelande"] == "okänt fält 'a\nb\r\nc\u2028d'"


def test_format_text_of_no_problems_is_empty() -> None:
    assert format_text([]) == ""


def test_format_json_is_the_exact_sorted_list_of_records() -> None:
    text = format_json([TEN, NINE])
    assert json.loads(text) == [
        {
            "fil": "behandlingar/b1.yaml",
            "rad": 9,
            "kolumn": 14,
            "niva": "fel",
            "kod": "fel-typ",
            "meddelande": "'gula' ska vara ett heltal, inte 'fem'",
        },
        {
            "fil": "behandlingar/b1.yaml",
            "rad": 10,
            "kolumn": 3,
            "niva": "fel",
            "kod": "okant-falt",
            "meddelande": "okänt fält 'x'",
        },
    ]


def test_format_json_keeps_swedish_letters_and_key_order() -> None:
    assert format_json([TEN]) == (
        "[\n"
        "  {\n"
        '    "fil": "behandlingar/b1.yaml",\n'
        '    "rad": 10,\n'
        '    "kolumn": 3,\n'
        '    "niva": "fel",\n'
        '    "kod": "okant-falt",\n'
        '    "meddelande": "okänt fält \'x\'"\n'
        "  }\n"
        "]\n"
    )


def test_format_json_of_no_problems_is_an_empty_list() -> None:
    assert format_json([]) == "[]\n"


def test_github_annotation() -> None:
    assert TEN.github() == (
        "::error file=behandlingar/b1.yaml,line=10,col=3,title=lgtool okant-falt::okänt fält 'x'"
    )


def test_github_warning_annotation() -> None:
    problem = Problem("ar/2024.yaml", 2, 1, "kod", "meddelande", niva="varning")
    assert (
        problem.github() == "::warning file=ar/2024.yaml,line=2,col=1,title=lgtool kod::meddelande"
    )


def test_github_escapes_percent_and_line_breaks_in_the_message() -> None:
    problem = Problem("b.yaml", 1, 2, "k", "100% klart\r\nnästa rad: a, b")
    # In the message (data) only %, CR and LF are escaped; ':' and ',' are safe there.
    assert problem.github() == (
        "::error file=b.yaml,line=1,col=2,title=lgtool k::100%25 klart%0D%0Anästa rad: a, b"
    )


def test_github_escapes_colon_comma_percent_and_newline_in_properties() -> None:
    problem = Problem("a,b:c%d\ne.yaml", 1, 1, "x,y:z", "m")
    assert problem.github() == (
        "::error file=a%2Cb%3Ac%25d%0Ae.yaml,line=1,col=1,title=lgtool x%2Cy%3Az::m"
    )


def test_format_github_is_one_sorted_line_per_problem() -> None:
    assert format_github([ORG, TEN]) == (
        "::error file=behandlingar/b1.yaml,line=10,col=3,title=lgtool okant-falt::okänt fält 'x'\n"
        "::error file=organisation.yaml,line=1,col=1,title=lgtool saknat-falt::"
        "obligatoriskt fält 'organisation' saknas\n"
    )


def test_format_github_of_no_problems_is_empty() -> None:
    assert format_github([]) == ""


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        ([TEN], "1 fel i 1 fil"),
        ([TEN, NINE], "2 fel i 1 fil"),
        ([TEN, NINE, ORG], "3 fel i 2 filer"),
    ],
)
def test_summary(problems: list[Problem], expected: str) -> None:
    assert summary(problems) == expected


def _role(line: int) -> Problem:
    return Problem("behandlingar/b2.yaml", line, 3, "okand-roll", f"okänd roll 'r{line}'")


def test_cap_per_file_leaves_files_within_the_limit_alone() -> None:
    problems = [TEN, NINE, ORG, *(_role(line) for line in range(1, MAX_PROBLEMS_PER_FILE + 1))]
    assert cap_per_file(problems) == problems


def test_cap_per_file_counts_what_is_past_the_limit() -> None:
    roles = [_role(line) for line in range(1000, 0, -1)]
    capped = cap_per_file([TEN, *roles])
    roles_shown = "".join(
        f"behandlingar/b2.yaml:{line}:3: fel: okänd roll 'r{line}'\n" for line in range(1, 101)
    )
    assert format_text(capped) == (
        "behandlingar/b1.yaml:10:3: fel: okänt fält 'x'\n"
        + roles_shown
        + "behandlingar/b2.yaml:101:3: fel: "
        + "… och 900 fel till i filen (högst 100 fel visas per fil)\n"
    )
    assert summary(capped) == "1\u00a0001 fel i 2 filer"


def test_cap_per_file_adds_an_earlier_count_into_its_own() -> None:
    earlier = Problem("behandlingar/b2.yaml", 101, 1, "for-manga-fel", "… och 5 fel till", antal=5)
    singles = [_role(line) for line in range(1, 103)]
    capped = cap_per_file([*singles, earlier])
    assert capped == [
        *singles[:100],
        Problem(
            "behandlingar/b2.yaml",
            101,
            1,
            "for-manga-fel",
            "… och 7 fel till i filen (högst 100 fel visas per fil)",
            antal=7,
        ),
    ]


def test_a_register_reports_at_most_the_limit_for_a_file_that_validates(
    make_register: Callable[..., Path],
) -> None:
    # Unknown roles are found after validation, by the rules between files.
    names = ["".join(letters) for letters in product("abc", repeat=5)][:103]
    root = make_register(behandlingar=[behandling(roller=dict.fromkeys(names, "Anna"))])
    problems = load_register(root, today=TODAY).problems
    assert [p.kod for p in problems] == ["okand-roll"] * 100 + ["for-manga-fel"]
    assert problems[-1].meddelande == "… och 3 fel till i filen (högst 100 fel visas per fil)"
    assert problems[-1].rad == problems[-2].rad + 1
    assert summary(list(problems)) == "103 fel i 1 fil"
