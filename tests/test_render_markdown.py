"""Markdown rendering (lgtool.render.markdown): escaping register values, tables, priority list."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import ORGANISATION, behandling
from lgtool.checkpoints import compute_status, priority_list
from lgtool.model import Behandling, Organisation
from lgtool.render.markdown import escape, priority_table, table

PARSER = MarkdownIt("commonmark").enable("table")


def cell_as_read(value: object) -> list[tuple[str, str]]:
    """How a Markdown parser reads ``escape(value)`` in a one-cell table: (token, text) pairs."""
    tokens = PARSER.parse(table(["Rubrik"], [[escape(value)]]))
    cell = [t for t in tokens if t.type == "inline"][1]  # [0] is the header cell
    return [(child.type, child.content) for child in cell.children or []]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Bokning | avbokning", "Bokning \\| avbokning"),
        ("`kod`", "\\`kod\\`"),
        ("<script>", "\\<script\\>"),
        ("# inte en rubrik", "\\# inte en rubrik"),
        ("fet *text* och _understruken_", "fet \\*text\\* och \\_understruken\\_"),
        ("[länk](http://x.se)", "\\[länk\\](http://x.se)"),
        ("C:\\mapp", "C:\\\\mapp"),
        ("rad 1\nrad 2\r\n  rad 3 ", "rad 1 rad 2 rad 3"),
        ("Åtkomst – väg", "Åtkomst – väg"),
        (3, "3"),
    ],
)
def test_escape(value: object, expected: str) -> None:
    assert escape(value) == expected


MARKDOWN_PUNCTUATION = [*"\\`*_{}[]<>|#+!~-.:;=()\"'/ \n\t", "http://x.se", "1. ", "> "]


@given(
    st.lists(st.sampled_from([*MARKDOWN_PUNCTUATION, *"abåÄ0–"]), min_size=1).map("".join)
    | st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="&"))
)
def test_escaped_value_reads_back_as_the_same_plain_text(value: str) -> None:
    read = cell_as_read(value)
    assert {kind for kind, _ in read} <= {"text"}  # no emphasis, code, link, html or break
    # Breaking whitespace folds into one space; a non-breaking space stays (Swedish '13 %').
    folded = re.sub(r"[ \t\n\r\f\v\x85\u2028\u2029]+", " ", value).strip()
    assert "".join(text for _, text in read) == folded


@pytest.mark.parametrize("value", ["Smith &amp; Co", "&copy; Stadsarkivet"])
def test_entity_reference_in_a_name_is_shown_as_written(value: str) -> None:
    assert cell_as_read(value) == [("text", value)]


def test_table_shape() -> None:
    assert table(["Nr", "Namn", "K"], [["1", "a", "2"], ["2", "b", "–"]], "rlc") == (
        "| Nr | Namn | K |\n|--:|---|:-:|\n| 1 | a | 2 |\n| 2 | b | – |\n"
    )


def test_table_alignment_defaults_to_left() -> None:
    assert table(["a", "b"], []) == "| a | b |\n|---|---|\n"


def test_priority_table() -> None:
    org = Organisation.model_validate(ORGANISATION)
    models = [
        Behandling.model_validate(b)
        for b in (
            behandling("b1", namn="Ärenden | e-tjänst", senaste_klassa=None),
            behandling(
                "b2",
                kategori="ovrig",
                senaste_klassa="2024-02-29",
                klassning={"konfidentialitet": 2, "riktighet": 1, "tillganglighet": 1},
            ),
            behandling("b3", kategori="gemensam"),  # KLASSA aktuell: not listed
        )
    ]
    status = compute_status(org, models, date(2026, 11, 29))
    assert priority_table(priority_list(status), {"obj": "Objektet"}) == (
        "| Nr | Behandling | Förvaltningsobjekt | Kategori | KLASSA | K |\n"
        "|--:|---|---|---|---|---|\n"
        "| 1 | Ärenden \\| e-tjänst | Objektet | unik för förvaltningen | saknas | – |\n"
        "| 2 | Behandling b2 | Objektet | övrig | förfallen (2024-02-29) | 2 |\n"
    )
