"""The fast read path (libyaml) gives exactly what ruamel.yaml gives, or steps aside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, TODAY
from lgtool import register, yamlio
from lgtool.register import load_register
from lgtool.yamlio import fast as fast_path
from lgtool.yamlio import read

pytestmark = pytest.mark.skipif(
    not fast_path.FAST_PATH_AVAILABLE, reason="PyYAML med libyaml saknas (extra 'snabb')"
)

CORPUS = sorted(p for folder in ("tests", "register") for p in (REPO / folder).rglob("*.yaml"))

# Where YAML 1.1 and 1.2, or libyaml and ruamel.yaml, could read differently.
TRICKY = [
    "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: Yes\nh: NO\n",
    "a: ja\nb: nej\n",
    "a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\ng: tRue\n",
    "a: ~\nb:\nc: null\nd: Null\ne: NULL\nf: nULL\n",
    "a: 012\n",
    "a: 0o12\n",
    "a: 0x1F\n",
    "a: 0b11\n",
    "a: 09\n",
    "a: 0_1\n",
    "a: 1_000\n",
    "a: +5\n",
    "a: -0\n",
    "a: -12\n",
    "a: 0\n",
    "a: 12345678901234567890123\n",
    "a: 1:30\n",
    "a: 190:20:30\n",
    "a: 1.5\n",
    "a: 1e3\n",
    "a: -.5\n",
    "a: .inf\n",
    "a: +.inf\n",
    "a: .NaN\n",
    "a: 1.2.3\n",
    "a: _\n",
    "a: ._\n",
    "a: -_\n",
    "a: K&R *kursiv* !viktigt\n",
    "a: &x\n",
    "a: [&x 1, *x]\n",
    "a: 2024-3-1\n",
    "a: 2024-03-01\n",
    "a: 2024-13-45\n",
    "a: 2024-03-01 10:00:00\n",
    "a: 2024-03-01T10:00:00Z\n",
    "a: &x 5\nb: *x\n",
    "a: &x\nb: *x\n",
    "a: &x [1]\nb: *x\n",
    "a: &x {b: 1}\nc: *x\n",
    "a: 1\na: 2\n",
    "true: a\n1: b\n",
    "&k x: 1\n*k : 2\n",
    "1: a\n'1': b\n",
    "null: a\n",
    "~: b\n",
    "<<: {a: 1}\nb: 2\n",
    "'<<': 1\n",
    "a: =\n",
    "a: !!str 5\n",
    "a: !!int '5'\n",
    "a: !custom x\n",
    "a: ! 5\n",
    "a: !!binary aGk=\n",
    "%YAML 1.1\n---\na: yes\nb: 012\n",
    "%YAML 1.2\n---\na: yes\n",
    "a: |\n  x\n   y\n\n  z\n\n\nb: 1\n",
    "a: >-\n  x\n   y\n\n  z\nb: 1\n",
    "a: |+\n  x\n\n",
    "a: |2\n   x\n",
    "a: >\n  x\n  y\n",
    'a: "\\x41\\u00e5\\/\\N\\_\\t\\e\\a\\U0001F600"\n',
    "a: 'it''s'\n",
    'a: "multi\n  line"\n',
    "a: plain\n  continued\n",
    "a: b\r\nc: d\r\n",
    "a: b\rc: d\r",
    "a:\tb\n",
    "a: 'x\ty'\n",
    "a: \x85\n",
    "a: x\u2028y\n",
    "a: x\ufeffy\n",
    "a: 1\x00\n",
    "a: \x07\n",
    "- a\n",
    "",
    "# bara en kommentar\n",
    "---\na: 1\n---\nb: 2\n",
    "a: b\n...\n",
    "a: [1, 2, {b: c}]\n",
    "a: [a, b,]\n",
    "? [a]\n: b\n",
    "? a\n",
    "a: b: c\n",
    "a: -\n",
    "a: - b\n",
    "a: 'x\n",
    "a: @x\n",
    "a: %x\n",
    "a: x%\n",
    "a: " + "x" * 2000 + "\n",
    "x" * 1100 + ": 1\n",
    "å: ä\nö: 😀\n",
    "a: x # kommentar\nb: 'x' # kommentar\n",
    "<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> gren\n",
    "a:\n" + "  " * 0 + "".join(f"{'  ' * i}- \n" for i in range(1, 40)),
    "a: " + "[" * 500 + "]" * 500 + "\n",
]


def _typed(value: Any) -> Any:
    """The value with every type spelled out (True and 1 are equal in Python)."""
    if isinstance(value, dict):
        return ("map", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _outcome(text: str, *, fast: bool) -> Any:
    try:
        return ("data", _typed(yamlio.parse(text, fast=fast).data))
    except yamlio.YamlError as exc:
        return ("fel", exc.line, exc.column, exc.code, exc.message)


def _text(raw: bytes) -> str | None:
    try:
        return yamlio.decode(raw)
    except yamlio.YamlError:
        return None


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(REPO)))
def test_corpus_file_reads_the_same_on_both_paths(path: Path) -> None:
    text = _text(path.read_bytes())
    if text is None:
        pytest.skip("inte UTF-8: ingen av vägarna läser filen")
    assert _outcome(text, fast=True) == _outcome(text, fast=False)


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tricky_snippet_reads_the_same_on_both_paths(text: str) -> None:
    assert _outcome(text, fast=True) == _outcome(text, fast=False)


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_fast_path_never_accepts_what_ruamel_refuses(text: str) -> None:
    careful = _outcome(text, fast=False)
    if careful[0] == "fel":
        assert fast_path.fast_data(text) is fast_path.CAREFUL


def test_fast_path_reads_the_example_register_itself() -> None:
    # Without this the agreement tests would pass with a fast path that always steps aside.
    files = sorted((REPO / "register").rglob("*.yaml"))
    assert files
    careful = [
        f.name for f in files if fast_path.fast_data(f.read_text("utf-8")) is fast_path.CAREFUL
    ]
    assert careful == []


def test_fast_path_steps_aside_for_yaml_1_1_and_non_decimal_numbers() -> None:
    stepped_aside = [
        text
        for text in ("a: 012\n", "a: 0o12\n", "a: 1.5\n", "a: !!str 5\n", "%YAML 1.1\n---\na: 1\n")
        if fast_path.fast_data(text) is fast_path.CAREFUL
    ]
    assert len(stepped_aside) == 5
    assert fast_path.fast_data("a: yes\nb: 2024-3-1\nc: 1:30\n") == {
        "a": "yes",
        "b": "2024-3-1",
        "c": "1:30",
    }


def test_positions_of_a_fast_document_come_from_ruamel() -> None:
    text = "id: x\nklassning:\n  konfidentialitet: 7\nlista:\n  - a\n  - b\n"
    fast = yamlio.parse(text)
    careful = yamlio.parse(text, fast=False)
    assert fast.data == careful.data
    cases: list[tuple[tuple[str | int, ...], bool]] = [
        (("klassning", "konfidentialitet"), False),
        (("klassning", "konfidentialitet"), True),
        (("lista", 1), False),
        (("saknas", "djupt"), True),
    ]
    for path, key in cases:
        assert fast.locate(path, key=key) == careful.locate(path, key=key)
    assert fast.locate(("klassning", "konfidentialitet")) == (3, 21)


def test_whole_corpus_gives_the_same_problems_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = REPO / "tests" / "corpus" / "bad"
    fast = load_register(root, today=TODAY)
    monkeypatch.setattr(fast_path, "FAST_PATH_AVAILABLE", False)
    careful = load_register(root, today=TODAY)
    assert fast.problems == careful.problems
    assert fast.behandlingar == careful.behandlingar
    assert fast.organisation == careful.organisation
    assert fast.ar == careful.ar


_TOKENS = st.sampled_from(
    [*"0123456789-+._:eExXoObB~ ", "true", "yes", "no", "on", "null", "inf", "nan", "'", '"']
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, min_size=1, max_size=8).map("".join))
def test_any_scalar_reads_the_same_on_both_paths(scalar: str) -> None:
    text = f"a: {scalar}\n{scalar}: b\nc: [{scalar}]\n"
    assert _outcome(text, fast=True) == _outcome(text, fast=False)


_AWKWARD = st.text(
    alphabet=st.sampled_from(["a", " ", "\n", "\r", "\t", "%", "<", "=", ">", "\x85", "\u2028"]),
    max_size=40,
)


@given(_AWKWARD)
@settings(max_examples=500)
def test_the_cheap_tests_give_the_searches_answers(text: str) -> None:
    assert fast_path._fast_unsafe(text) == (fast_path._FAST_UNSAFE.search(text) is not None)
    if read._CONFLICT_MARKER.search(text):
        assert read._may_have_conflict(text)


_CONTROL_BYTES = st.lists(
    st.sampled_from(
        [
            *(b"a", b"\\", b"\xe2", b"\x80", b"\x81", b"\x8e", b"\xaa", b"\xa6", b"\xd8", b"\x9c"),
            *(c.encode("utf-8") for c in "\u200e\u202e\u2066\u061c\u2013\u2026å"),
        ]
    ),
    max_size=12,
).map(b"".join)


@given(_CONTROL_BYTES)
@settings(max_examples=500)
def test_the_cheap_control_test_gives_the_searchs_answer(raw: bytes) -> None:
    assert register._may_hold_control(raw) == (register._MAYBE_CONTROL.search(raw) is not None)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n%YAML 1.1\n",
        "%TAG x\n",
        "a: 1\rb: 2",
        "a: 1\r\n",
        "a:\tb",
        "<<<<<<< HEAD\n",
        "a: 1\n=======\n",
    ],
)
def test_the_cheap_tests_on_known_cases(text: str) -> None:
    assert fast_path._fast_unsafe(text) == (fast_path._FAST_UNSAFE.search(text) is not None)
    assert read._may_have_conflict(text) or not read._CONFLICT_MARKER.search(text)
