"""Swedish explanations of what ruamel.yaml refuses, and of what the register never uses.

ruamel.yaml's own English never reaches the user: each of its errors is turned into
a :class:`YamlError` with the line, the column and a message that says what to do.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import Node
from ruamel.yaml.reader import ReaderError

from lgtool.yamlio.errors import YamlError

ALIAS_MESSAGE = (
    "ankare och hänvisningar (&namn, *namn) används inte i registret; skriv ut värdet "
    "(och sätt citattecken runt text som börjar med & eller *)"
)


MERGE_KEY_MESSAGE = "sammanslagningsnyckeln '<<' används inte i registret; skriv ut fälten"


def not_a_number(value: str) -> str:
    """The message for a value that ruamel.yaml's resolver takes for a number it cannot read."""
    return f"'{value}' ser ut som ett tal men är inget; sätt citattecken runt värdet"


def refused(text: str, index: int, code: str, message: str) -> YamlError:
    """What the register never uses (an anchor, alias, tag, merge key), at ``index``."""
    line, column = position(text, index)
    if code == "tagg":
        tag = re.match(r"\S*", text[index:])
        message = (
            f"typmarkeringen '{tag.group(0) if tag else '!'}' används inte i registret; ta bort "
            "den (och sätt citattecken runt värdet om det ska vara text)"
        )
    return YamlError(line, column, code, message)


def position(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based) of the character at ``index``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def duplicate_key(key: Node, first: Node | None) -> YamlError:
    """A key that occurs twice in one mapping, at its second occurrence."""
    mark = key.start_mark
    where = f" (första gången på rad {first.start_mark.line + 1})" if first else ""
    return YamlError(
        mark.line + 1,
        mark.column + 1,
        "dubblett-nyckel",
        f"fältet '{key.value}' förekommer två gånger{where}",
    )


_INDENT = "oväntat indrag; raderna på samma nivå ska börja i samma kolumn"

_SYNTAX_TRANSLATIONS = (
    (
        "mapping values are not allowed here",
        "kolon på oväntat ställe; sätt citattecken runt värden som innehåller ': '"
        " eller kontrollera indraget",
    ),
    ("expected ',' or ']'", "listan inom [ ] är inte avslutad med ']'"),
    ("expected ',' or '}'", "mappningen inom { } är inte avslutad med '}'"),
    ("could not find expected ':'", "kolon saknas efter fältnamnet"),
    (
        "found unexpected end of stream",
        "filen tar slut mitt i ett värde; saknas ett avslutande citattecken?",
    ),
    (
        "but found another document",
        "filen innehåller mer än ett YAML-dokument (rad med '---' eller '...'); en "
        "registerfil ska bara innehålla ett",
    ),
    (
        # "block sequence entries are ..." in older ruamel.yaml, "sequence entries ..." now
        "sequence entries are not allowed here",
        "listpunkt ('- ') på oväntat ställe; skriv listan med en punkt per rad under "
        "fältet, eller sätt citattecken runt värdet",
    ),
    ("expected '<document start>'", _INDENT),
    (
        "expected chomping or indentation indicators",
        "efter '|' eller '>' ska raden ta slut; texten börjar på nästa rad",
    ),
)

_FOUND = re.compile(r"but found '(.*)'$")
_CLOSING = {"]": "[", "}": "{"}


def syntax_problem(exc: MarkedYAMLError, text: str) -> YamlError:
    """One of ruamel.yaml's syntax errors, located and explained in Swedish."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    index = int(mark.index) if mark else 0
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    if "found character '\\t'" in problem:
        return YamlError(line, col, "tabb", _tab_message(text, index))
    return YamlError(line, col, "yaml-syntax", _syntax_message(problem, context, text, index))


def _tab_message(text: str, index: int) -> str:
    if text[text.rfind("\n", 0, index) + 1 : index].strip(" \t") == "":
        return "tabbtecken får inte användas för indrag; använd mellanslag"
    return (
        "tabbtecken får bara stå inom citattecken; ersätt det med mellanslag eller sätt "
        "citattecken runt värdet"
    )


def _syntax_message(problem: str, context: str, text: str, index: int) -> str:
    """A Swedish explanation of one of ruamel.yaml's syntax errors (never its English)."""
    for needle, message in _SYNTAX_TRANSLATIONS:
        if needle in problem:
            return message
    found_match = _FOUND.search(problem)
    found = found_match.group(1) if found_match else ""
    if "escape" in problem:
        character = re.search(r"unknown escape character '(.)'", problem)
        sequence = f"'\\{character.group(1)}' " if character else ""
        return (
            f"okänd escape-sekvens {sequence}inom dubbla citattecken; sätt enkla "
            "citattecken runt text med omvänt snedstreck, t.ex. 'G:\\Trafik'"
        )
    if "cannot start any token" in problem:
        character = re.search(r"found character '(.+?)'", problem)
        shown = character.group(1) if character else text[index : index + 1]
        return f"ett värde kan inte börja med '{shown}'; sätt citattecken runt värdet"
    if "anchor" in context or "alias" in context:
        return ALIAS_MESSAGE
    if "tag" in context:
        return "typmarkeringar (!namn) används inte i registret; ta bort den"
    if "expected the node content" in problem:
        if found == "<stream end>":
            return "filen tar slut där ett värde väntas; saknas ett avslutande ']' eller '}'?"
        if found == "-":
            return (
                "listpunkt ('- ') får inte stå inom [ ]; skriv värdena med kommatecken "
                "emellan, t.ex. [1, 2], eller en punkt per rad"
            )
        if "block" in context:
            return f"ett värde kan inte börja med '{found}'; sätt citattecken runt värdet"
        return f"ett värde saknas före '{found}'"
    if "expected <block end>" in problem:
        return _block_end_message(found, text, index)
    return "ogiltig YAML; kontrollera indrag, kolon och citattecken på raden"


def _block_end_message(found: str, text: str, index: int) -> str:
    """'expected <block end>': something where the mapping or list should have ended."""
    if found in _CLOSING:
        return (
            f"'{found}' utan ett inledande '{_CLOSING[found]}'; ta bort tecknet eller sätt "
            "citattecken runt värdet"
        )
    if found == "-":
        return "listpunkt ('- ') på samma nivå som fälten; dra in listan under sitt fält"
    if found == "?":
        return "fält (nyckel: värde) på samma nivå som en lista; kontrollera indraget"
    before = text[text.rfind("\n", 0, index) + 1 : index].rstrip()
    if before.endswith(("'", '"')):
        return (
            "värdet fortsätter efter det avslutande citattecknet; sätt citattecken runt hela "
            "värdet (enkla citattecken om det innehåller dubbla)"
        )
    if before.endswith(("]", "}")):
        return (
            f"värdet fortsätter efter '{before[-1]}'; sätt citattecken runt värden som börjar "
            "med '[' eller '{'"
        )
    return _INDENT


def unprintable(text: str, exc: ReaderError) -> YamlError:
    """A control character that YAML does not allow in a file."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    return YamlError(
        line,
        column,
        "otillatet-tecken",
        f"otillåtet kontrolltecken (U+{_codepoint(exc.character):04X}) i filen; ta bort det",
    )


def _codepoint(character: Any) -> int:
    return character if isinstance(character, int) else ord(character)
