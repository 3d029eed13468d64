"""The only module that touches YAML.

Reading: bytes are decoded strictly (UTF-8, a BOM is accepted), checked for things
YAML itself would explain badly (git conflict markers, tabs, huge files), parsed with
ruamel.yaml in round-trip mode (YAML 1.2) and turned into plain Python data. The
parsed tree is kept so that any path into the data can be mapped back to a line
and column for error messages.

Dates are *not* resolved by the YAML layer: they stay strings and the schema
parses them, so that an impossible date such as ``2024-13-01`` becomes an ordinary
located validation error instead of a parser crash.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

MAX_FILE_BYTES = 1024 * 1024
"""Register files are a few kilobytes; anything above this is refused unread."""

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


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as strings (the schema parses dates)."""


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    RoundTripConstructor.construct_yaml_str,
)


def _loader() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    return yaml


def decode(raw: bytes) -> str:
    """Decode a register file's bytes, refusing what is not UTF-8 with its position."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(
            1,
            1,
            "for-stor-fil",
            f"filen är {len(raw) // 1024} KiB; en registerfil får vara högst "
            f"{MAX_FILE_BYTES // 1024} KiB",
        )
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
            if byte in _LATIN1_LETTERS
            else " – spara filen som UTF-8"
        )
        raise YamlError(
            line, column, "kodning", f"filen är inte giltig UTF-8 (byte 0x{byte:02x}){hint}"
        ) from None


# å ä ö Å Ä Ö é É ü Ü in Latin-1: the usual suspects when Excel saved the file.
_LATIN1_LETTERS = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9\xfc\xdc")


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: plain data, plus the parsed tree for positions."""

    data: Any
    _tree: Any

    def locate(self, path: Sequence[PathPart], *, key: bool = False) -> Position:
        """Line and column (1-based) of the value at ``path``, or of its key with ``key``.

        A path that leads outside the data (a missing field) gives the position of
        the deepest part that exists, which is where the user must add it.
        """
        node = self._tree
        position: Position = (1, 1)
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, CommentedMap) and _has_key(node, part):
                real = _real_key(node, part)
                child = node[real]
                container = isinstance(child, CommentedMap | CommentedSeq)
                if key or container or not last:
                    line, col = node.lc.key(real)
                else:
                    line, col = node.lc.value(real)
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


def parse(text: str) -> Document:
    """Parse one register file's text into a :class:`Document`.

    Raises :class:`YamlError` for everything that is not well-formed register
    YAML: syntax errors, tabs, duplicate keys, conflict markers, aliases of
    collections (refused: they are never needed and enable "billion laughs"),
    an empty file.
    """
    marker = _CONFLICT_MARKER.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise YamlError(
            line,
            1,
            "konfliktmarkering",
            "olöst konflikt från git (rad som börjar med "
            f"'{marker.group(1)}'); välj vilken version som gäller och ta bort markeringarna",
        )
    try:
        tree = _loader().load(text)
    except DuplicateKeyError as exc:
        raise _duplicate_key(exc) from None
    except MarkedYAMLError as exc:
        raise _syntax_problem(exc) from None
    except RecursionError:
        raise YamlError(1, 1, "yaml-syntax", "filen är för djupt nästlad") from None
    if tree is None:
        raise YamlError(1, 1, "tom-fil", "filen är tom")
    if not isinstance(tree, CommentedMap):
        raise YamlError(
            1, 1, "inte-mappning", "filen ska innehålla fält (nyckel: värde) på översta nivån"
        )
    try:
        data = _plain(tree, set(), ())
    except _AliasError as alias:
        line, col = Document(None, tree).locate(alias.path, key=True)
        raise YamlError(
            line,
            col,
            "alias",
            "ankare och hänvisningar (&namn, *namn) används inte i registret; skriv ut värdet",
        ) from None
    return Document(data=data, _tree=tree)


def _plain(node: Any, seen: set[int], path: tuple[PathPart, ...]) -> Any:
    """Turn ruamel's round-trip types into plain dict/list/str/int/bool/float/None."""
    if isinstance(node, CommentedMap | CommentedSeq):
        if id(node) in seen:
            raise _AliasError(path)
        seen.add(id(node))
        if isinstance(node, CommentedMap):
            return {_scalar(k): _plain(v, seen, (*path, _scalar(k))) for k, v in node.items()}
        return [_plain(v, seen, (*path, i)) for i, v in enumerate(node)]
    return _scalar(node)


class _AliasError(Exception):
    def __init__(self, path: tuple[PathPart, ...]) -> None:
        self.path = path


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


def _duplicate_key(exc: DuplicateKeyError) -> YamlError:
    mark = exc.problem_mark
    first = exc.context_mark
    key = re.search(r'duplicate key "(.*?)"', str(exc.problem))
    name = key.group(1) if key else "?"
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    where = f" (första gången på rad {first.line + 1})" if first else ""
    return YamlError(line, col, "dubblett-nyckel", f"fältet '{name}' förekommer två gånger{where}")


_SYNTAX_TRANSLATIONS = (
    ("found character '\\t'", "tabb", "tabbtecken får inte användas för indrag; använd mellanslag"),
    (
        "mapping values are not allowed here",
        "yaml-syntax",
        "kolon på oväntat ställe; sätt citattecken runt värden som innehåller ': '"
        " eller kontrollera indraget",
    ),
    (
        "expected ',' or ']'",
        "yaml-syntax",
        "listan inom [ ] är inte avslutad med ']'",
    ),
    (
        "expected ',' or '}'",
        "yaml-syntax",
        "mappningen inom { } är inte avslutad med '}'",
    ),
    ("found undefined alias", "yaml-syntax", "hänvisning (*namn) till ett ankare som inte finns"),
    (
        "could not find expected ':'",
        "yaml-syntax",
        "kolon saknas efter fältnamnet",
    ),
    (
        "found unexpected end of stream",
        "yaml-syntax",
        "filen tar slut mitt i ett värde; saknas ett avslutande citattecken?",
    ),
    (
        "expected <block end>, but found",
        "yaml-syntax",
        "oväntat indrag; raderna på samma nivå ska börja i samma kolumn",
    ),
    (
        "block sequence entries are not allowed here",
        "yaml-syntax",
        "listpunkt ('- ') på oväntat ställe; kontrollera indraget",
    ),
)


def _syntax_problem(exc: MarkedYAMLError) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    problem = str(exc.problem or "")
    for needle, code, message in _SYNTAX_TRANSLATIONS:
        if needle in problem:
            return YamlError(line, col, code, message)
    return YamlError(line, col, "yaml-syntax", f"ogiltig YAML ({problem.strip()})")


def parse_file_bytes(raw: bytes) -> Document:
    """Decode and parse one file's bytes (see :func:`decode` and :func:`parse`)."""
    return parse(decode(raw))


def dump_plain(data: Any) -> str:
    """Plain data as block-style YAML 1.2 text (for new files and tests)."""
    import io

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()
