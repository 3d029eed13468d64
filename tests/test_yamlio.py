"""Reading register YAML with positions (lgtool.yamlio)."""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO
from lgtool import yamlio
from lgtool.folder import MAX_FILE_BYTES
from lgtool.yamlio import (
    Document,
    PathPart,
    Position,
    YamlError,
    decode,
    dump_plain,
    parse,
    parse_file_bytes,
)
from lgtool.yamlio.messages import _syntax_message

Expected = tuple[int, int, str, str]
"""(line, column, code, message) of the expected YamlError."""

ALIAS_MESSAGE = (
    "ankare och hänvisningar (&namn, *namn) används inte i registret; skriv ut värdet "
    "(och sätt citattecken runt text som börjar med & eller *)"
)


def check(text: str, problem: Expected) -> None:
    """Parsing ``text`` fails with exactly ``problem``."""
    with pytest.raises(YamlError) as caught:
        parse(text)
    error = caught.value
    assert (error.line, error.column, error.code, error.message) == problem


def check_bytes(raw: bytes, problem: Expected) -> None:
    """Decoding and parsing ``raw`` fails with exactly ``problem``."""
    with pytest.raises(YamlError) as caught:
        parse_file_bytes(raw)
    error = caught.value
    assert (error.line, error.column, error.code, error.message) == problem


def at(text: str, *path: PathPart, key: bool = False) -> Position:
    """Where ``path`` is in ``text``."""
    return parse(text).locate(path, key=key)


# --- plain data -------------------------------------------------------------------------


def test_parse_gives_plain_python_data() -> None:
    document = parse(
        "namn: Signalstyrning   # kommentar\n"
        "personuppgifter: false\n"
        "gula: 5\n"
        "system: null\n"
        "klassning: {konfidentialitet: 2}\n"
        "beslut:\n"
        "  - Första\n"
        "  - Andra\n"
    )
    assert document.data == {
        "namn": "Signalstyrning",
        "personuppgifter": False,
        "gula": 5,
        "system": None,
        "klassning": {"konfidentialitet": 2},
        "beslut": ["Första", "Andra"],
    }
    # Plain types, not ruamel's round-trip subclasses (pydantic's strict mode needs them).
    assert type(document.data) is dict
    assert type(document.data["klassning"]) is dict
    assert type(document.data["beslut"]) is list
    assert type(document.data["beslut"][0]) is str
    assert type(document.data["personuppgifter"]) is bool
    assert type(document.data["gula"]) is int


def test_dates_stay_strings_for_the_schema_to_parse() -> None:
    data = parse("a: 2024-03-12\nb: 2024-13-01\nc: 2024-3-1\nd: '2024-03-12'\n").data
    assert data == {"a": "2024-03-12", "b": "2024-13-01", "c": "2024-3-1", "d": "2024-03-12"}


def test_yaml_1_2_booleans_only_true_and_false() -> None:
    data = parse("a: true\nb: false\nc: ja\nd: nej\ne: yes\nf: no\ng: on\nh: off\n").data
    assert data == {
        "a": True,
        "b": False,
        "c": "ja",
        "d": "nej",
        "e": "yes",
        "f": "no",
        "g": "on",
        "h": "off",
    }


def test_int_keys_stay_ints() -> None:
    assert parse("prioriteringar:\n  2024: []\n  2025: []\n").data == {
        "prioriteringar": {2024: [], 2025: []}
    }


def test_windows_line_endings_are_read() -> None:
    assert parse("a: 1\r\nb: två\r\n").data == {"a": 1, "b": "två"}


def test_folded_block_is_one_paragraph() -> None:
    assert parse("risker: >-\n  Flera system\n  saknar kontroll.\n").data == {
        "risker": "Flera system saknar kontroll."
    }


def test_scalar_alias_is_refused() -> None:
    # Every anchor and alias is refused, not only those of collections (see test_alias_*).
    check("a: &x Z2\nb: *x\n", (2, 4, "alias", ALIAS_MESSAGE))


# --- encoding ---------------------------------------------------------------------------


def test_utf8_bom_is_accepted() -> None:
    assert parse_file_bytes(b"\xef\xbb\xbfnamn: \xc3\x85berg\n").data == {"namn": "Åberg"}


def test_decode_keeps_swedish_letters() -> None:
    assert decode("namn: Åsa Öberg är här\n".encode()) == "namn: Åsa Öberg är här\n"


def test_latin1_file_is_refused_with_position_and_excel_hint() -> None:
    raw = "id: b1\nnamn: Gatuarbeten på Södermalm\n".encode("latin-1")
    check_bytes(
        raw,
        (
            2,
            20,
            "kodning",
            "filen är inte giltig UTF-8 (byte 0xe5) – filen verkar vara sparad som "
            "Latin-1/Windows-1252 (t.ex. från Excel); spara den som UTF-8",
        ),
    )


def test_utf16_file_is_refused_without_latin1_hint() -> None:
    check_bytes(
        "id: b1\n".encode("utf-16"),
        (1, 1, "kodning", "filen är inte giltig UTF-8 (byte 0xff) – spara filen som UTF-8"),
    )


@pytest.mark.parametrize(("character", "byte"), [("–", 0x96), ("”", 0x94), ("€", 0x80)])
def test_windows_1252_punctuation_gets_the_excel_hint(character: str, byte: int) -> None:
    check_bytes(
        f"anteckning: a {character} b\n".encode("cp1252"),
        (
            1,
            15,
            "kodning",
            f"filen är inte giltig UTF-8 (byte 0x{byte:02x}) – filen verkar vara sparad som "
            "Latin-1/Windows-1252 (t.ex. från Excel); spara den som UTF-8",
        ),
    )


def test_other_invalid_bytes_get_the_plain_hint() -> None:
    check_bytes(
        b"anteckning: a \xff b\n",
        (1, 15, "kodning", "filen är inte giltig UTF-8 (byte 0xff) – spara filen som UTF-8"),
    )


def test_too_large_file_is_refused_unread() -> None:
    check_bytes(
        b"a: 1\n" + b"#" * (2 * MAX_FILE_BYTES),
        (1, 1, "for-stor-fil", "filen är 2049 KiB; en registerfil får vara högst 1024 KiB"),
    )


def test_file_of_exactly_the_limit_is_read() -> None:
    raw = b"a: 1\n#" + b"x" * (MAX_FILE_BYTES - 7) + b"\n"
    assert len(raw) == MAX_FILE_BYTES
    assert parse_file_bytes(raw).data == {"a": 1}


def test_just_too_large_file_does_not_contradict_itself() -> None:
    # Rounded up: 1 MiB + 1 byte is not "1024 KiB; at most 1024 KiB".
    check_bytes(
        b"#" * (MAX_FILE_BYTES + 1),
        (1, 1, "for-stor-fil", "filen är 1025 KiB; en registerfil får vara högst 1024 KiB"),
    )


def test_control_character_is_a_located_problem() -> None:
    check(
        "id: b1\nnamn: a\x00b\n",
        (2, 8, "otillatet-tecken", "otillåtet kontrolltecken (U+0000) i filen; ta bort det"),
    )


# --- refused before or while parsing ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param(
            "id: b1\nnamn: Signalstyrning: central\n",
            (
                2,
                21,
                "yaml-syntax",
                "kolon på oväntat ställe; sätt citattecken runt värden som innehåller ': ' "
                "eller kontrollera indraget",
            ),
            id="colon-in-value",
        ),
        pytest.param(
            "a:1\nb: 2\n",
            (
                2,
                2,
                "yaml-syntax",
                "kolon på oväntat ställe; sätt citattecken runt värden som innehåller ': ' "
                "eller kontrollera indraget",
            ),
            id="colon-without-space",
        ),
        pytest.param(
            "beslut: [a, b\n",
            (2, 1, "yaml-syntax", "listan inom [ ] är inte avslutad med ']'"),
            id="unclosed-flow-list",
        ),
        pytest.param(
            "klassning: {konfidentialitet: 2\n",
            (2, 1, "yaml-syntax", "mappningen inom { } är inte avslutad med '}'"),
            id="unclosed-flow-mapping",
        ),
        pytest.param("a: *nej\n", (1, 4, "alias", ALIAS_MESSAGE), id="undefined-alias"),
        pytest.param(
            "id: b1\nbara text\nnamn: x\n",
            (3, 1, "yaml-syntax", "kolon saknas efter fältnamnet"),
            id="missing-colon",
        ),
        pytest.param(
            'namn: "Signalstyrning\n',
            (
                2,
                1,
                "yaml-syntax",
                "filen tar slut mitt i ett värde; saknas ett avslutande citattecken?",
            ),
            id="unclosed-quote",
        ),
        pytest.param(
            "handlingsplan:\n  gula: 1\n roda: 2\n",
            (
                3,
                2,
                "yaml-syntax",
                "oväntat indrag; raderna på samma nivå ska börja i samma kolumn",
            ),
            id="bad-indent",
        ),
        pytest.param(
            "beslut:\n  - a\n  gula: 1\n",
            (
                3,
                3,
                "yaml-syntax",
                "fält (nyckel: värde) på samma nivå som en lista; kontrollera indraget",
            ),
            id="list-then-key",
        ),
        pytest.param(
            'namn: "Signal" styrning\n',
            (
                1,
                16,
                "yaml-syntax",
                "värdet fortsätter efter det avslutande citattecknet; sätt citattecken runt "
                "hela värdet (enkla citattecken om det innehåller dubbla)",
            ),
            id="text-after-quote",
        ),
        pytest.param(
            "beslut: [a]b\n",
            (
                1,
                12,
                "yaml-syntax",
                "värdet fortsätter efter ']'; sätt citattecken runt värden som börjar med '[' "
                "eller '{'",
            ),
            id="text-after-flow-list",
        ),
        pytest.param(
            "id: b1\n]]\n",
            (
                2,
                1,
                "yaml-syntax",
                "']' utan ett inledande '['; ta bort tecknet eller sätt citattecken runt värdet",
            ),
            id="stray-bracket",
        ),
        pytest.param(
            "id: b1\n- a\n",
            (
                2,
                1,
                "yaml-syntax",
                "listpunkt ('- ') på samma nivå som fälten; dra in listan under sitt fält",
            ),
            id="key-then-list",
        ),
        pytest.param(
            "  id: b1\nnamn: x\n",
            (
                2,
                1,
                "yaml-syntax",
                "oväntat indrag; raderna på samma nivå ska börja i samma kolumn",
            ),
            id="first-line-indented",
        ),
        pytest.param(
            "id: b1\n---\nid: b2\n",
            (
                2,
                1,
                "yaml-syntax",
                "filen innehåller mer än ett YAML-dokument (rad med '---' eller '...'); en "
                "registerfil ska bara innehålla ett",
            ),
            id="second-document",
        ),
        pytest.param(
            'anteckning: "G:\\Trafik"\n',
            (
                1,
                17,
                "yaml-syntax",
                "okänd escape-sekvens '\\T' inom dubbla citattecken; sätt enkla citattecken "
                "runt text med omvänt snedstreck, t.ex. 'G:\\Trafik'",
            ),
            id="unknown-escape",
        ),
        pytest.param(
            "beslut: - Ett beslut\n",
            (
                1,
                9,
                "yaml-syntax",
                "listpunkt ('- ') på oväntat ställe; skriv listan med en punkt per rad under "
                "fältet, eller sätt citattecken runt värdet",
            ),
            id="dash-in-value",
        ),
        pytest.param(
            "kontakt: @trafik\n",
            (
                1,
                10,
                "yaml-syntax",
                "ett värde kan inte börja med '@'; sätt citattecken runt värdet",
            ),
            id="at-sign",
        ),
        pytest.param(
            "a: ,b\n",
            (1, 4, "yaml-syntax", "ett värde kan inte börja med ','; sätt citattecken runt värdet"),
            id="comma-first",
        ),
        pytest.param(
            "a: [1, , 2]\n",
            (1, 8, "yaml-syntax", "ett värde saknas före ','"),
            id="empty-flow-entry",
        ),
        pytest.param(
            "a: [1, - 2]\n",
            (
                1,
                8,
                "yaml-syntax",
                "listpunkt ('- ') får inte stå inom [ ]; skriv värdena med kommatecken emellan, "
                "t.ex. [1, 2], eller en punkt per rad",
            ),
            id="dash-in-list",
        ),
        pytest.param(
            "namn: [\n",
            (
                2,
                1,
                "yaml-syntax",
                "filen tar slut där ett värde väntas; saknas ett avslutande ']' eller '}'?",
            ),
            id="open-bracket-at-end",
        ),
        pytest.param(
            "anteckning: |x\n  text\n",
            (
                1,
                14,
                "yaml-syntax",
                "efter '|' eller '>' ska raden ta slut; texten börjar på nästa rad",
            ),
            id="text-after-block-indicator",
        ),
    ],
)
def test_syntax_errors(text: str, problem: Expected) -> None:
    check(text, problem)


def test_syntax_error_is_refused_the_same_from_bytes() -> None:
    check_bytes(
        b"\xef\xbb\xbfid: b1\nnamn: a: b\n",
        (
            2,
            8,
            "yaml-syntax",
            "kolon på oväntat ställe; sätt citattecken runt värden som innehåller ': ' "
            "eller kontrollera indraget",
        ),
    )


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("handlingsplan:\n\tgula: 1\n", (2, 1)),
        ("handlingsplan:\n  gula: 1\n\troda: 2\n", (3, 1)),
        ("a:\n  \tb: 1\n", (2, 3)),
    ],
)
def test_tab_indentation(text: str, position: Position) -> None:
    check(text, (*position, "tabb", "tabbtecken får inte användas för indrag; använd mellanslag"))


TAB_IN_VALUE = (
    "tabbtecken får bara stå inom citattecken; ersätt det med mellanslag eller sätt "
    "citattecken runt värdet"
)


@pytest.mark.parametrize(
    ("text", "position"),
    [("namn: Signal\tstyrning\n", (1, 13)), ("namn:\tSignal\n", (1, 6))],
)
def test_tab_inside_a_value_is_not_called_indentation(text: str, position: Position) -> None:
    check(text, (*position, "tabb", TAB_IN_VALUE))


def test_tab_inside_quotes_is_text() -> None:
    assert parse("namn: 'Signal\tstyrning'\n").data == {"namn": "Signal\tstyrning"}


def test_duplicate_key_at_top_level() -> None:
    check(
        "id: b1\nnamn: x\nid: b2\n",
        (3, 1, "dubblett-nyckel", "fältet 'id' förekommer två gånger (första gången på rad 1)"),
    )


def test_duplicate_nested_key() -> None:
    check(
        "handlingsplan:\n  gula: 1\n  gula: 2\n",
        (3, 3, "dubblett-nyckel", "fältet 'gula' förekommer två gånger (första gången på rad 2)"),
    )


def test_duplicate_key_names_the_line_of_the_first_occurrence() -> None:
    check(
        "# kommentar\nid: b1\nsenaste_rsa: 2023-11-02\nnamn: x\nsenaste_rsa: 2024-05-20\n",
        (
            5,
            1,
            "dubblett-nyckel",
            "fältet 'senaste_rsa' förekommer två gånger (första gången på rad 3)",
        ),
    )


def test_duplicate_key_written_two_ways() -> None:
    check(
        "id: b1\ntrue: 1\nnamn: x\nTrue: 2\n",
        (4, 1, "dubblett-nyckel", "fältet 'True' förekommer två gånger (första gången på rad 2)"),
    )


def test_duplicate_key_in_a_flow_mapping() -> None:
    check(
        "klassning: {riktighet: 1, riktighet: 2}\n",
        (
            1,
            27,
            "dubblett-nyckel",
            "fältet 'riktighet' förekommer två gånger (första gången på rad 1)",
        ),
    )


@pytest.mark.parametrize(
    ("text", "line", "marker"),
    [
        ("id: b1\n<<<<<<< HEAD\nnamn: a\n=======\nnamn: b\n>>>>>>> main\n", 2, "<<<<<<<"),
        ("id: b1\n=======\n", 2, "======="),
        ("id: b1\nnamn: a\n>>>>>>> gren\n", 3, ">>>>>>>"),
        ("<<<<<<<\n", 1, "<<<<<<<"),
    ],
)
def test_git_conflict_markers(text: str, line: int, marker: str) -> None:
    check(
        text,
        (
            line,
            1,
            "konfliktmarkering",
            f"olöst konflikt från git (rad som börjar med '{marker}'); välj vilken version "
            "som gäller och ta bort markeringarna",
        ),
    )


def test_seven_equals_signs_inside_a_value_are_not_a_conflict() -> None:
    assert parse("anteckning: a ======= b\n").data == {"anteckning": "a ======= b"}


@pytest.mark.parametrize("text", ["", "\n\n", "# bara en kommentar\n", "---\n"])
def test_empty_file(text: str) -> None:
    check(text, (1, 1, "tom-fil", "filen är tom"))


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("- id: b1\n- namn: x\n", (1, 1)),
        ("Signalstyrning\n", (1, 1)),
        ("42\n", (1, 1)),
        # Located at the first line with content, after comments and blank lines.
        ("# kommentar\n\n- a\n", (3, 1)),
        ("# kommentar\n---\n  [a, b]\n", (3, 3)),
    ],
)
def test_root_must_be_a_mapping(text: str, position: Position) -> None:
    check(
        text,
        (*position, "inte-mappning", "filen ska innehålla fält (nyckel: värde) på översta nivån"),
    )


def billion_laughs(levels: int) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"[:levels]
    for previous, current in pairwise(names):
        lines.append(f"{current}: &{current} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused() -> None:
    # Nine levels: 9**9 = 387 420 489 strings if expanded. Refused without expanding,
    # at the first alias that repeats a value (*a, line 2 column 8).
    check(billion_laughs(9), (2, 8, "alias", ALIAS_MESSAGE))


def test_alias_of_a_mapping_is_refused() -> None:
    check(
        "objekt: &o {id: a}\nandra:\n  - *o\n",
        (3, 5, "alias", ALIAS_MESSAGE),
    )


def test_anchor_without_alias_is_refused_at_the_anchor() -> None:
    check("id: b1\nnamn: &n Signal\n", (2, 7, "alias", ALIAS_MESSAGE))


@pytest.mark.parametrize(
    "text",
    ["bas: &b {gula: 1}\nhandlingsplan:\n  <<: *b\n", "handlingsplan:\n  <<: {gula: 1}\n"],
)
def test_merge_key_is_refused(text: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse(text)
    assert caught.value.code == "alias"


def test_merge_key_message() -> None:
    check(
        "handlingsplan:\n  <<: {gula: 1}\n",
        (2, 3, "alias", "sammanslagningsnyckeln '<<' används inte i registret; skriv ut fälten"),
    )


def test_quoted_merge_key_is_text() -> None:
    assert parse("'<<': 1\n").data == {"<<": 1}


@pytest.mark.parametrize(
    ("text", "position", "tag"),
    [
        ("namn: !text x\n", (1, 7), "!text"),
        ("namn: !!str 5\n", (1, 7), "!!str"),
        ("bilaga: !!binary aGk=\n", (1, 9), "!!binary"),
        ("lista: !!set {a}\n", (1, 8), "!!set"),
        ("namn: ! 5\n", (1, 7), "!"),
    ],
)
def test_tags_are_refused(text: str, position: Position, tag: str) -> None:
    check(
        text,
        (
            *position,
            "tagg",
            f"typmarkeringen '{tag}' används inte i registret; ta bort den (och sätt "
            "citattecken runt värdet om det ska vara text)",
        ),
    )


@pytest.mark.parametrize(
    ("text", "line", "directive"),
    [
        ("%YAML 1.1\n---\nregisterford: yes\n", 1, "%YAML 1.1"),
        ("# rubrik\n\n%YAML 1.2\n---\na: 1\n", 3, "%YAML 1.2"),
        ("%TAG !e! tag:example.com,2000:\n---\na: 1\n", 1, "%TAG !e! tag:example.com,2000:"),
    ],
)
def test_yaml_directives_are_refused(text: str, line: int, directive: str) -> None:
    # %YAML 1.1 would make 'yes' a boolean; the register is always YAML 1.2.
    check(
        text,
        (
            line,
            1,
            "yaml-direktiv",
            f"YAML-direktivet '{directive}' används inte i registret; ta bort raden (filerna "
            "läses alltid som YAML 1.2)",
        ),
    )


def test_percent_inside_a_value_is_not_a_directive() -> None:
    assert parse("a: 1\nb: |\n  %YAML\n").data == {"a": 1, "b": "%YAML\n"}


@pytest.mark.parametrize("value", ["._", "-_"])
def test_number_that_ruamel_cannot_read_is_a_problem(value: str) -> None:
    # ruamel.yaml's resolver takes these for numbers and then fails to read them.
    check(
        f"a: {value}\n",
        (
            1,
            4,
            "yaml-syntax",
            f"'{value}' ser ut som ett tal men är inget; sätt citattecken runt värdet",
        ),
    )


def test_unknown_syntax_error_gets_a_swedish_fallback() -> None:
    assert _syntax_message("something new in a later ruamel.yaml", "", "a: b\n", 0) == (
        "ogiltig YAML; kontrollera indrag, kolon och citattecken på raden"
    )


# --- positions --------------------------------------------------------------------------

BEHANDLING = """\
id: b1
namn: Signalstyrning
handlingsplan:
  per_datum: 2024-10-01
  gula: "fem"
  roda: 2
klassning: {konfidentialitet: 2, riktighet: x}
beslut:
  - Första
  - {text: Andra, status: klar}
"""


@pytest.mark.parametrize(
    ("path", "key", "position"),
    [
        (("namn",), False, (2, 7)),
        (("namn",), True, (2, 1)),
        (("handlingsplan", "gula"), False, (5, 9)),
        (("handlingsplan", "gula"), True, (5, 3)),
        # A mapping or list is located at its key: that is where a person looks.
        (("handlingsplan",), False, (3, 1)),
        (("klassning", "riktighet"), False, (7, 45)),
        (("klassning", "riktighet"), True, (7, 34)),
        (("beslut",), False, (8, 1)),
        (("beslut", 0), False, (9, 5)),
        (("beslut", 1), False, (10, 5)),
        (("beslut", 1, "status"), False, (10, 27)),
        # A missing field: the deepest part that exists, where it must be added.
        (("handlingsplan", "saknas"), False, (3, 1)),
        (("saknas",), False, (1, 1)),
        (("beslut", 7), False, (8, 1)),
        ((), False, (1, 1)),
    ],
)
def test_locate(path: tuple[PathPart, ...], key: bool, position: Position) -> None:
    assert at(BEHANDLING, *path, key=key) == position


def test_locate_int_key_given_as_string() -> None:
    # pydantic reports dict keys in its error locations as strings.
    text = "ar: 2025\nprioriteringar:\n  2025:\n    - id: a\n  2026: []\n"
    assert at(text, "prioriteringar", "2026", key=True) == (5, 3)
    assert at(text, "prioriteringar", 2026, key=True) == (5, 3)
    assert at(text, "prioriteringar", "2025", 0, "id") == (4, 11)


def test_locate_after_a_bom_and_comments() -> None:
    document = parse_file_bytes(b"\xef\xbb\xbf# rubrik\n\nid: b1\nnamn: x\n")
    assert document.locate(("namn",)) == (4, 7)


@pytest.mark.parametrize(
    "text", ["ar: 2025\nprioriteringar:\nutbildning: 1\n", "ar: 2025\nprioriteringar:\n"]
)
def test_locate_empty_value_at_its_key(text: str) -> None:
    # An empty value has no place of its own; ruamel gives the next line's, or past the end.
    assert at(text, "prioriteringar") == (2, 1)


def test_locate_null_value_at_the_value() -> None:
    assert at("ar: 2025\nprioriteringar: null\n", "prioriteringar") == (2, 17)
    assert at("ar: 2025\nprioriteringar: # inget än\n", "prioriteringar") == (2, 1)


def test_document_is_frozen() -> None:
    document = parse("a: 1\n")
    assert isinstance(document, Document)
    with pytest.raises(AttributeError):
        document.data = {}  # type: ignore[misc]


# --- dump_plain and the round trip ------------------------------------------------------


def test_dump_plain_is_block_style_in_the_given_order() -> None:
    data = {"id": "b1", "namn": "Åsa", "datum": "2024-03-12", "lista": [1, None, True], "m": {}}
    assert dump_plain(data) == (
        "id: b1\nnamn: Åsa\ndatum: '2024-03-12'\nlista:\n- 1\n- null\n- true\nm: {}\n"
    )


NEL = "\x85"
"""NEXT LINE: a line break to a YAML reader, so dump_plain must escape it."""

text = st.text()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    text,
    # Strings that a YAML reader could take for something else must stay strings.
    st.sampled_from(
        [
            "2024-03-12",
            "2024-3-1",
            "2024-13-01",
            "ja",
            "nej",
            "yes",
            "no",
            "on",
            "off",
            "true",
            "null",
            "~",
            "",
            "0123",
            "1_000",
            "0x1F",
            "0o17",
            "1e3",
            ".inf",
            "-",
            "#",
            "a: b",
            "- a",
            "<<<<<<< HEAD",
            "&a",
            "*a",
            "!tag",
        ]
    ),
)
keys = st.one_of(text.filter(bool), st.integers(min_value=0, max_value=3000))
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4),
    ),
    max_leaves=20,
)


@given(st.dictionaries(keys, values, min_size=1, max_size=6))
def test_dump_plain_then_parse_gives_the_same_data(data: dict[Any, Any]) -> None:
    assert parse(dump_plain(data)).data == data


def test_dump_plain_round_trips_next_line_character() -> None:
    data = {"anteckning": f"rad ett{NEL}rad två\u2028tre\u2029fyra"}
    assert dump_plain(data) == 'anteckning: "rad ett\\Nrad två\\Ltre\\Pfyra"\n'
    assert parse(dump_plain(data)).data == data


def test_dump_plain_writes_shared_values_out() -> None:
    items = [{"id": "p", "text": "T"}]
    data = {"prioriteringar": {2025: items, 2026: items}}
    assert dump_plain(data) == (
        "prioriteringar:\n  2025:\n  - id: p\n    text: T\n  2026:\n  - id: p\n    text: T\n"
    )
    assert parse(dump_plain(data)).data == data


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """Each import in a module: the module imported from, and the names it takes."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def test_only_yamlio_touches_yaml_and_others_use_its_public_names() -> None:
    source = REPO / "src" / "lgtool"
    outside = [
        p for p in sorted(source.rglob("*.py")) if p.relative_to(source).parts[0] != "yamlio"
    ]
    strays = [
        (str(path.relative_to(source)), module, names)
        for path in outside
        for module, names in _imports(path)
        if module.split(".")[0] in ("ruamel", "yaml")
        or module.startswith("lgtool.yamlio.")
        or (module == "lgtool.yamlio" and not set(names) <= set(yamlio.__all__))
    ]
    assert strays == []
    assert len(outside) > 20
