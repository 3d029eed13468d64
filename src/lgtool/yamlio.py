"""The only module that touches YAML.

Reading: bytes are decoded strictly (UTF-8, a BOM is accepted), checked for things
YAML itself would explain badly (git conflict markers, tabs, huge files), parsed with
ruamel.yaml in round-trip mode (YAML 1.2) and turned into plain Python data. The
parsed tree is kept so that any path into the data can be mapped back to a line
and column for error messages.

Dates are *not* resolved by the YAML layer: they stay strings and the schema
parses them, so that an impossible date such as ``2024-13-01`` becomes an ordinary
located validation error instead of a parser crash.

Two read paths give the same data. The fast one (libyaml's C parser from PyYAML,
the ``snabb`` extra) resolves scalars as ruamel.yaml's YAML 1.2 loader does and
gives up on anything where the two could differ (see :func:`_fast_data`); such a
file, and every file with an error, is read the careful way with ruamel.yaml.
Positions always come from ruamel.yaml: a document read the fast way parses its
tree only when a position is asked for, i.e. only for files with problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import __version__ as _ruamel_version
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.representer import SafeRepresenter

from lgtool.folder import MAX_FILE_BYTES, too_large_message

READER_VERSION = f"ruamel.yaml {_ruamel_version} reader 2"
"""Changes when the data read from the same bytes could change (for caches).

The reader's own revision counts too: revision 2 refuses anchors, aliases, tags and
directives that revision 1 read.
"""


PathPart = str | int
Position = tuple[int, int]

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


class YamlError(Exception):
    """A file that cannot be read as register YAML, with a 1-based position."""

    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.code = code
        self.message = message


ALIAS_MESSAGE = (
    "ankare och hänvisningar (&namn, *namn) används inte i registret; skriv ut värdet "
    "(och sätt citattecken runt text som börjar med & eller *)"
)


class _RefusedError(Exception):
    """Something register YAML never uses, found while reading; refused at ``index``."""

    def __init__(self, index: int, code: str, message: str = "") -> None:
        super().__init__(message)
        self.index = index
        self.code = code
        self.message = message


class _DuplicateKeyError(Exception):
    """A key that occurs twice in one mapping (``first``: the node of its first occurrence)."""

    def __init__(self, key: Node, first: Node | None) -> None:
        super().__init__(key.value)
        self.key = key
        self.first = first


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as strings (the schema parses dates)."""

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        """Refuse a duplicate key, naming where the key first occurs."""
        if key in mapping:
            earlier = [k for k, _ in node.value if k is not key_node and isinstance(k, ScalarNode)]
            # The same text, else the same value written another way ('true' and 'True').
            first = next((k for k in earlier if k.value == key_node.value), None) or next(
                (k for k in earlier if self.construct_object(k) == key), None
            )
            raise _DuplicateKeyError(key_node, first)
        return True

    def construct_yaml_int(self, node: Any) -> Any:
        """An integer; one that ruamel.yaml's resolver accepts but cannot read is refused."""
        return _number(super().construct_yaml_int, node)

    def construct_yaml_float(self, node: Any) -> Any:
        """A decimal number; see :meth:`construct_yaml_int`."""
        return _number(super().construct_yaml_float, node)


def _number(construct: Callable[[Any], Any], node: Any) -> Any:
    try:
        return construct(node)
    except (ValueError, IndexError):  # '._', '-_': numbers to the resolver's pattern only
        raise _RefusedError(
            int(node.start_mark.index),
            "yaml-syntax",
            f"'{node.value}' ser ut som ett tal men är inget; sätt citattecken runt värdet",
        ) from None


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)
_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    RoundTripConstructor.construct_yaml_str,
)


class _RuamelComposer(Composer):
    """The composer, refusing anchors, aliases, tags and merge keys where they stand.

    An alias is refused before it is followed, so "billion laughs" never expands;
    it is reported at the first alias (where the repetition starts), an anchor that
    no alias uses at the anchor.
    """

    _first_anchor: int | None = None

    def compose_document(self) -> Any:
        self._first_anchor = None
        node = super().compose_document()
        if self._first_anchor is not None:
            raise _RefusedError(self._first_anchor, "alias", ALIAS_MESSAGE)
        return node

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise _RefusedError(event.start_mark.index, "alias", ALIAS_MESSAGE)
        if event.anchor is not None and self._first_anchor is None:
            self._first_anchor = event.start_mark.index
        if getattr(event, "ctag", None) is not None:
            raise _RefusedError(event.start_mark.index, "tagg")
        node = super().compose_node(parent, index)
        if (
            index is None
            and isinstance(parent, MappingNode)
            and isinstance(node, ScalarNode)
            and node.style is None
            and node.value == "<<"
        ):
            raise _RefusedError(
                node.start_mark.index,
                "alias",
                "sammanslagningsnyckeln '<<' används inte i registret; skriv ut fälten",
            )
        return node


def _loader() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    yaml.Composer = _RuamelComposer
    return yaml


def too_large(size: int) -> YamlError:
    """The problem of a file of ``size`` bytes, above :data:`MAX_FILE_BYTES`."""
    return YamlError(1, 1, "for-stor-fil", too_large_message(size))


def decode(raw: bytes) -> str:
    """Decode a register file's bytes, refusing what is not UTF-8 with its position."""
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(len(raw))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start]
        hint = (
            " – filen verkar vara sparad som Latin-1/Windows-1252 (t.ex. från Excel);"
            " spara den som UTF-8"
            if byte in _WINDOWS_1252_TYPICAL
            else " – spara filen som UTF-8"
        )
        raise YamlError(
            line, column, "kodning", f"filen är inte giltig UTF-8 (byte 0x{byte:02x}){hint}"
        ) from None


# The usual suspects when Excel or Windows saved the file: å ä ö Å Ä Ö é É ü Ü in
# Latin-1/Windows-1252, and Windows-1252's punctuation that word processors put in
# on their own (– — ‘ ’ “ ” … • € and the like, bytes 0x80-0x9f).
_WINDOWS_1252_TYPICAL = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9\xfc\xdc") | frozenset(
    b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: plain data, plus the parsed tree for positions."""

    data: Any
    _tree: Any
    _source: str | bytes | None = field(default=None, repr=False, compare=False)
    """The file's text or bytes when ``_tree`` is to be parsed on demand (fast path)."""

    @classmethod
    def deferred(cls, data: Any, source: str | bytes) -> Document:
        """A document whose data is known (fast path, cache) and whose positions are not yet."""
        return cls(data, None, source)

    def _positions(self) -> Any:
        if self._tree is None and self._source is not None:
            try:
                raw = self._source
                tree = _loader().load(decode(raw) if isinstance(raw, bytes) else raw)
            except Exception:  # the data was read before; positions are only a courtesy
                tree = None
            object.__setattr__(self, "_tree", tree)
            object.__setattr__(self, "_source", None)
        return self._tree

    def locate(self, path: Sequence[PathPart], *, key: bool = False) -> Position:
        """Line and column (1-based) of the value at ``path``, or of its key with ``key``.

        A path that leads outside the data (a missing field) gives the position of
        the deepest part that exists, which is where the user must add it.
        """
        node = self._positions()
        position: Position = (1, 1)
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, CommentedMap) and _has_key(node, part):
                real = _real_key(node, part)
                child = node[real]
                container = isinstance(child, CommentedMap | CommentedSeq)
                line, col = node.lc.key(real)
                if not (key or container or not last):
                    value_line, value_col = node.lc.value(real)
                    # An empty value ('prioriteringar:' and nothing more) has no place of
                    # its own: ruamel gives the next token's, on a later line or past the end.
                    if child is not None or value_line == line:
                        line, col = value_line, value_col
                position = (line + 1, col + 1)
                node = child
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line, col = node.lc.item(part)
                position = (line + 1, col + 1)
                node = node[part]
            else:
                break
        return position


def _has_key(node: CommentedMap, part: PathPart) -> bool:
    return _real_key(node, part) is not _MISSING


_MISSING = object()


def _real_key(node: CommentedMap, part: PathPart) -> Any:
    """The mapping's own key for ``part``: pydantic may report an int key as a string."""
    if part in node:
        return part
    for k in node:
        if str(k) == str(part):
            return k
    return _MISSING


def parse(text: str, *, fast: bool = True) -> Document:
    """Parse one register file's text into a :class:`Document`.

    Raises :class:`YamlError` for everything that is not well-formed register
    YAML: syntax errors, tabs, duplicate keys, conflict markers, an empty file,
    and what the register never uses: YAML directives (``%YAML 1.1`` would change
    what ``yes`` means), tags (``!!str``), anchors, aliases and merge keys (they
    are never needed and enable "billion laughs").

    With ``fast`` (the default) the file is first tried with libyaml's C parser
    when PyYAML is installed; ``fast=False`` always reads it with ruamel.yaml.
    """
    marker = _CONFLICT_MARKER.search(text) if _may_have_conflict(text) else None
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise YamlError(
            line,
            1,
            "konfliktmarkering",
            "olöst konflikt från git (rad som börjar med "
            f"'{marker.group(1)}'); välj vilken version som gäller och ta bort markeringarna",
        )
    _refuse_directive(text)
    if fast:
        data = _fast_data(text)
        if data is not _CAREFUL:
            return Document.deferred(data, text)
    try:
        tree = _loader().load(text)
    except _RefusedError as exc:
        raise _refused(text, exc) from None
    except _DuplicateKeyError as exc:
        raise _duplicate_key(exc) from None
    except MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except ReaderError as exc:
        raise _unprintable(text, exc) from None
    except RecursionError:
        raise YamlError(1, 1, "yaml-syntax", "filen är för djupt nästlad") from None
    if tree is None:
        raise YamlError(1, 1, "tom-fil", "filen är tom")
    if not isinstance(tree, CommentedMap):
        start = _loader().compose(text).start_mark
        raise YamlError(
            start.line + 1,
            start.column + 1,
            "inte-mappning",
            "filen ska innehålla fält (nyckel: värde) på översta nivån",
        )
    return Document(data=_plain(tree), _tree=tree)


_LINE_START_PERCENT = re.compile(r"^%", re.MULTILINE)


def _refuse_directive(text: str) -> None:
    """Refuse a YAML directive (``%YAML 1.1``, ``%TAG``): the register is always YAML 1.2.

    Directives can only come before the document's first content line, so only the
    lines up to it (blank lines and comments) are looked at.
    """
    if not _LINE_START_PERCENT.search(text):
        return
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line.startswith("%"):
            raise YamlError(
                number,
                1,
                "yaml-direktiv",
                f"YAML-direktivet '{stripped}' används inte i registret; ta bort raden "
                "(filerna läses alltid som YAML 1.2)",
            )
        return


def _refused(text: str, exc: _RefusedError) -> YamlError:
    line, column = _position(text, exc.index)
    message = exc.message
    if exc.code == "tagg":
        tag = re.match(r"\S*", text[exc.index :])
        message = (
            f"typmarkeringen '{tag.group(0) if tag else '!'}' används inte i registret; ta bort "
            "den (och sätt citattecken runt värdet om det ska vara text)"
        )
    return YamlError(line, column, exc.code, message)


def _position(text: str, index: int) -> Position:
    """Line and column (1-based) of the character at ``index``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _plain(node: Any) -> Any:
    """Turn ruamel's round-trip types into plain dict/list/str/int/bool/float/None."""
    if isinstance(node, CommentedMap):
        return {_scalar(k): _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v) for v in node]
    return _scalar(node)


def _scalar(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        # ruamel's ScalarBoolean is an int subclass
        return bool(value) if type(value).__name__ == "ScalarBoolean" else int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _duplicate_key(exc: _DuplicateKeyError) -> YamlError:
    mark = exc.key.start_mark
    where = f" (första gången på rad {exc.first.start_mark.line + 1})" if exc.first else ""
    return YamlError(
        mark.line + 1,
        mark.column + 1,
        "dubblett-nyckel",
        f"fältet '{exc.key.value}' förekommer två gånger{where}",
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


def _syntax_problem(exc: MarkedYAMLError, text: str) -> YamlError:
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


def _unprintable(text: str, exc: ReaderError) -> YamlError:
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


def parse_file_bytes(raw: bytes, *, fast: bool = True) -> Document:
    """Decode and parse one file's bytes (see :func:`decode` and :func:`parse`)."""
    return parse(decode(raw), fast=fast)


# The fast read path -------------------------------------------------------------
#
# libyaml parses and composes the node graph in C; the scalars are resolved here,
# by ruamel.yaml's YAML 1.2 rules (ruamel/yaml/resolver.py), instead of PyYAML's
# YAML 1.1 ones. Whatever could be read differently by the two goes the careful
# way: numbers other than plain decimal integers, merge keys, explicit tags, YAML
# directives, anchors and aliases, duplicate keys, tabs, unusual line breaks, and
# every file that libyaml refuses. The careful way then refuses what the register
# never uses, with its position.

try:
    from yaml._yaml import CParser as _CParser
    from yaml.nodes import MappingNode as _MappingNode
    from yaml.nodes import ScalarNode as _ScalarNode

    FAST_PATH_AVAILABLE = True
    """Whether libyaml's C parser is installed (PyYAML, the ``snabb`` extra)."""
except ImportError:  # the snabb extra is not installed: always the careful way
    FAST_PATH_AVAILABLE = False

_CAREFUL: Any = object()
"""Returned by :func:`_fast_data` when a file must be read with ruamel.yaml."""

# Tags the composer below gives nodes; a node with any other tag had an explicit one.
_PLAIN = "lgtool:plain"
_QUOTED = "lgtool:quoted"
_MAP = "lgtool:map"
_SEQ = "lgtool:seq"
_TAGGED = "lgtool:tagged"

_CONSTANTS: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
# Everything ruamel.yaml's YAML 1.2 resolver reads as a float, an int, a merge key
# or a value key. Only plain decimal integers (above) are read the fast way.
_NOT_A_STRING = re.compile(
    r"""(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)
    |[-+]?0b[0-1_]+
    |[-+]?0o?[0-7_]+
    |[-+]?[0-9_]+
    |[-+]?0x[0-9a-fA-F_]+
    |<<
    |=)\Z""",
    re.VERBOSE,
)
# YAML directives (%YAML 1.1 changes the rules), tabs, a BOM or NEL/LS/PS inside the
# text, and a lone carriage return: rare in a register, and read differently by the
# two parsers' versions; the careful way settles them. So does anything that could
# be an anchor, alias or tag (&, * or ! where a value starts): they are refused with
# their position, and libyaml's composer does not tell about all of them.
_FAST_UNSAFE = re.compile(r"^%|[\t\x85\u2028\u2029\ufeff]|\r(?!\n)", re.MULTILINE)
_ANCHOR_ALIAS_OR_TAG = re.compile(r"(?<![^\s\[{,])(?:[&*](?=[^\s\]},])|!)")
_NUMBER_START = frozenset("-+0123456789.<=")


# The two searches above cost about 10 µs a file even when they find nothing (a
# multi-line ^ is tried at every position); plain substring tests rule out almost
# every file first. Same answers: tests/test_yamlio_fast.py compares them.
def _may_have_conflict(text: str) -> bool:
    return "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text


def _fast_unsafe(text: str) -> bool:
    """Whether ``_FAST_UNSAFE`` matches ``text``."""
    if "\t" in text or "\x85" in text or "\u2028" in text or "\u2029" in text or "\ufeff" in text:
        return True
    return ("%" in text or "\r" in text) and _FAST_UNSAFE.search(text) is not None


class _CarefulError(Exception):
    """The fast path cannot be sure to read this file as ruamel.yaml would."""


if FAST_PATH_AVAILABLE:

    class _Composer(_CParser):
        """libyaml's composer, with every implicit tag left for :func:`_plain_scalar`."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is _ScalarNode:
                if implicit[0]:
                    return _PLAIN
                return _QUOTED if implicit[1] else _TAGGED
            if not implicit:
                return _TAGGED
            return _MAP if kind is _MappingNode else _SEQ

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass


def _fast_data(text: str) -> Any:
    """The file's plain data read with libyaml, or ``_CAREFUL`` when in any doubt."""
    if not FAST_PATH_AVAILABLE or _fast_unsafe(text):
        return _CAREFUL
    if ("&" in text or "*" in text or "!" in text) and _ANCHOR_ALIAS_OR_TAG.search(text):
        return _CAREFUL
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
        if root is None or root.tag is not _MAP:
            return _CAREFUL
        return _fast_node(root, set())
    except Exception:  # a syntax error, _CarefulError, RecursionError: all read carefully
        return _CAREFUL
    finally:
        composer.dispose()


def _fast_node(node: Any, seen: set[int]) -> Any:
    tag = node.tag
    if tag is _PLAIN:
        return _plain_scalar(node.value)
    if tag is _QUOTED:
        return node.value
    if id(node) in seen:  # an alias (the text check above should have caught it)
        raise _CarefulError
    seen.add(id(node))
    if tag is _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag is _PLAIN:
                key = _plain_scalar(key_node.value)
            elif key_node.tag is _QUOTED:
                key = key_node.value
            else:
                raise _CarefulError
            if key in mapping:  # a duplicate key: refused, with its position
                raise _CarefulError
            mapping[key] = _fast_node(value_node, seen)
        return mapping
    if tag is _SEQ:
        return [_fast_node(item, seen) for item in node.value]
    raise _CarefulError


def _plain_scalar(value: str) -> Any:
    """A plain scalar resolved as YAML 1.2 (ruamel.yaml); timestamps stay strings."""
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if value[0] in _NUMBER_START:
        if _DECIMAL.match(value):
            return int(value)
        if _NOT_A_STRING.match(value):
            raise _CarefulError
    return value


class _PlainRepresenter(SafeRepresenter):
    """Writes a list or mapping that occurs twice out twice: the register has no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: Any) -> Any:
        # NEL, LS and PS are line breaks to a YAML reader: only double quotes escape them.
        style = '"' if any(c in data for c in "\x85\u2028\u2029") else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_PlainRepresenter.add_representer(str, _PlainRepresenter.represent_str)


def dump_plain(data: Any) -> str:
    """Plain data as block-style YAML 1.2 text (the tests write registers with it).

    Text that looks like a date is quoted (``'2024-03-12'``); :func:`parse` reads it
    back as the same text either way.
    """
    import io

    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = _PlainRepresenter
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


# --- Round-trip edits -------------------------------------------------------------
#
# An edit replaces the characters of one value and nothing else: the document is
# composed with ruamel.yaml (round-trip mode) only to learn where each node starts
# and ends, and the new value is spliced into the original text. Comments, key
# order, quoting, indentation, blank lines, CRLF line ends and a BOM therefore stay
# byte for byte as they were. A missing key is inserted as one new line after the
# entry it should follow; a missing (or null) parent mapping is created likewise.

EditValue = None | bool | int | str | date
FieldOrder = Callable[[tuple[str, ...]], Sequence[str]]
"""The known field order of the mapping at a path (empty: append new keys at the end)."""

_YAML11_WORDS = frozenset(
    {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "ja", "nej"}
)
_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\r\t]*$")


def format_scalar(value: EditValue, *, style: str | None = None) -> str:
    """``value`` as one YAML 1.2 scalar: plain when that reads back unchanged, else quoted.

    ``style`` ``"'"`` or ``'"'`` keeps the quoting a string value had before.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if style == "'" and "\n" not in value and "\r" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and _reads_back_as_plain(value):
        return value
    import json

    return json.dumps(value, ensure_ascii=False)


def _reads_back_as_plain(text: str) -> bool:
    if not _PLAIN_SAFE.match(text) or text != text.strip():
        return False
    if ": " in text or " #" in text or text.endswith(":") or text.lower() in _YAML11_WORDS:
        return False
    if any(c in text for c in ",[]{}"):  # plain in block context, but not inside { }
        return False
    try:
        loaded = YAML(typ="safe", pure=True).load(f"x: {text}\n")
    except (MarkedYAMLError, ValueError):  # ValueError: an impossible date such as 2024-13-01
        return False
    return isinstance(loaded, dict) and type(loaded.get("x")) is str and loaded["x"] == text


def edit_value(
    text: str,
    path: Sequence[str],
    value: EditValue,
    *,
    field_order: FieldOrder | None = None,
) -> str:
    """``text`` with the value at ``path`` (mapping keys) set to ``value``; nothing else changes.

    Missing mappings on the way are created. Raises :class:`YamlError` when the
    text is not register YAML, or when ``path`` leads through a list or ends at a
    mapping or list (only ``null`` may replace those).
    """
    parse(text)  # refuses what validation would refuse, with a position
    root = _loader().compose(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    step = _indent_step(root)
    node = root
    for depth, part in enumerate(path):
        if not isinstance(node, MappingNode):
            raise YamlError(
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "kan-inte-andra",
                f"'{'.'.join(path[:depth])}' är en lista; listor ändras i en editor",
            )
        entry = _entry(node, part)
        rest = tuple(path[depth + 1 :])
        if entry is None:
            order = field_order(tuple(path[:depth])) if field_order else ()
            return _insert(text, node, part, rest, value, order=order, step=step, newline=newline)
        key, child = entry
        if not rest:
            return _replace(text, key, child, value, path)
        if isinstance(child, ScalarNode) and child.tag == "tag:yaml.org,2002:null":
            return _fill_null(text, key, child, rest, value, step=step, newline=newline)
        node = child
    raise YamlError(1, 1, "kan-inte-andra", "ingen fältsökväg angiven")


def _entry(node: MappingNode, part: str) -> tuple[Node, Node] | None:
    for key, child in node.value:
        if isinstance(key, ScalarNode) and key.value == part:
            return key, child
    return None


def _indent_step(root: Node) -> int:
    """The document's own indentation step (2 when it has no nested block mapping)."""
    if isinstance(root, MappingNode):
        for key, child in root.value:
            if isinstance(child, MappingNode) and not child.flow_style and child.value:
                step = child.value[0][0].start_mark.column - key.start_mark.column
                if step > 0:
                    return int(step)
    return 2


def _replace(text: str, key: Node, node: Node, value: EditValue, path: Sequence[str]) -> str:
    if not isinstance(node, ScalarNode):
        if value is not None:
            what = "en lista" if isinstance(node, SequenceNode) else "en mappning"
            raise YamlError(
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "kan-inte-andra",
                f"'{'.'.join(path)}' är {what}; ange ett fält i den, "
                f"t.ex. {'.'.join(path)}.<fält>, eller null för att ta bort den",
            )
        colon = _colon_after(text, key)
        flow = isinstance(node, MappingNode | SequenceNode) and node.flow_style
        end = int(node.end_mark.index) if flow else _line_end(text, _content_end(text, node))
        return text[: colon + 1] + " null" + text[end:]
    if node.value == "" and node.start_mark.index == node.end_mark.index:
        colon = _colon_after(text, key)
        return text[: colon + 1] + " " + format_scalar(value) + text[colon + 1 :]
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    if node.style in ("|", ">"):
        # A block scalar's span runs over its line break and trailing blank lines: keep them.
        content_end = _content_end(text, node)
        end = min(_line_end(text, content_end), end)
    style = node.style if isinstance(value, str) and node.style in ("'", '"') else None
    return text[:start] + format_scalar(value, style=style) + text[end:]


def _colon_after(text: str, key: Node) -> int:
    index = int(key.end_mark.index)
    while index < len(text) and text[index] in " \t":
        index += 1
    return index


def _content_end(text: str, node: Node) -> int:
    """Where the last character of ``node``'s own content is (trailing comments excluded)."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1][1])
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1])
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        start = int(node.start_mark.index)
        return start + len(text[start : node.end_mark.index].rstrip())
    if isinstance(node, ScalarNode) and node.start_mark.index == node.end_mark.index:
        return int(node.start_mark.index)
    return int(node.end_mark.index)


def _line_end(text: str, index: int) -> int:
    """The index of the line break that ends the line containing ``index`` (or the end)."""
    while index < len(text) and text[index] not in "\r\n":
        index += 1
    return index


def _nested(
    key: str, rest: tuple[str, ...], value: EditValue, *, indent: int, step: int, newline: str
) -> str:
    """``key: value`` or ``key:`` with the remaining path as nested block lines."""
    if not rest:
        return f"{' ' * indent}{format_scalar(key)}: {format_scalar(value)}"
    inner = _nested(rest[0], rest[1:], value, indent=indent + step, step=step, newline=newline)
    return f"{' ' * indent}{format_scalar(key)}:{newline}{inner}"


def _insert(
    text: str,
    parent: MappingNode,
    key: str,
    rest: tuple[str, ...],
    value: EditValue,
    *,
    order: Sequence[str],
    step: int,
    newline: str,
) -> str:
    if parent.flow_style:
        flow = _flow(key, rest, value)
        if not parent.value:
            close = parent.end_mark.index - 1
            return text[:close] + flow + text[close:]
        after = parent.value[-1][1].end_mark.index
        return text[:after] + ", " + flow + text[after:]
    if not parent.value:
        raise YamlError(
            parent.start_mark.line + 1,
            parent.start_mark.column + 1,
            "kan-inte-andra",
            "tom mappning",
        )
    indent = parent.value[0][0].start_mark.column
    lines = _nested(key, rest, value, indent=indent, step=step, newline=newline)
    existing = [k.value for k, _ in parent.value if isinstance(k, ScalarNode)]
    previous = _previous_key(key, order, existing)
    if previous is None and order and key in order:
        first = parent.value[0][0]
        start = first.start_mark.index - first.start_mark.column
        return text[:start] + lines + newline + text[start:]
    anchor = parent.value[-1] if previous is None else _entry(parent, previous)
    assert anchor is not None
    end = _line_end(text, _content_end(text, anchor[1]))
    return text[:end] + newline + lines + text[end:]


def _previous_key(key: str, order: Sequence[str], existing: Sequence[str]) -> str | None:
    """The existing key that ``key`` should follow in ``order`` (None: first, or unknown)."""
    if key not in order:
        return existing[-1] if existing else None
    before = set(order[: order.index(key)])
    candidates = [k for k in existing if k in before]
    return candidates[-1] if candidates else None


def _flow(key: str, rest: tuple[str, ...], value: EditValue) -> str:
    if not rest:
        return f"{format_scalar(key)}: {format_scalar(value)}"
    return f"{format_scalar(key)}: {{{_flow(rest[0], rest[1:], value)}}}"


def _fill_null(
    text: str,
    key: Node,
    node: ScalarNode,
    rest: tuple[str, ...],
    value: EditValue,
    *,
    step: int,
    newline: str,
) -> str:
    """Replace a ``null`` parent with a block mapping holding the new field."""
    colon = _colon_after(text, key)
    end = colon + 1 if node.start_mark.index == node.end_mark.index else node.end_mark.index
    indent = key.start_mark.column + step
    lines = _nested(rest[0], rest[1:], value, indent=indent, step=step, newline=newline)
    line_end = _line_end(text, end)
    comment = text[end:line_end]  # a comment on the parent's line stays there
    return text[: colon + 1] + comment + newline + lines + text[line_end:]
