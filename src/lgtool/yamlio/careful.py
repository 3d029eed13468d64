"""The careful read: ruamel.yaml in round-trip mode (YAML 1.2), with positions.

Every file with a problem is read this way, so every error has a line and a column.
Dates are *not* resolved here: they stay strings and the schema parses them, so that
an impossible date such as ``2024-13-01`` becomes an ordinary located validation
error instead of a parser crash. Anchors, aliases, tags and merge keys are refused
where they stand, before an alias is ever followed ("billion laughs" never expands).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.reader import ReaderError

from lgtool.yamlio import messages
from lgtool.yamlio.errors import YamlError


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
            int(node.start_mark.index), "yaml-syntax", messages.not_a_number(node.value)
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
            raise _RefusedError(self._first_anchor, "alias", messages.ALIAS_MESSAGE)
        return node

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise _RefusedError(event.start_mark.index, "alias", messages.ALIAS_MESSAGE)
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
            raise _RefusedError(node.start_mark.index, "alias", messages.MERGE_KEY_MESSAGE)
        return node


def loader() -> YAML:
    """A fresh ruamel.yaml loader with this module's composer and constructor."""
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    yaml.Composer = _RuamelComposer
    return yaml


def load(text: str) -> CommentedMap:
    """The parsed tree of one file's text, or :class:`YamlError` with a position."""
    try:
        tree = loader().load(text)
    except _RefusedError as exc:
        raise messages.refused(text, exc.index, exc.code, exc.message) from None
    except _DuplicateKeyError as exc:
        raise messages.duplicate_key(exc.key, exc.first) from None
    except MarkedYAMLError as exc:
        raise messages.syntax_problem(exc, text) from None
    except ReaderError as exc:
        raise messages.unprintable(text, exc) from None
    except RecursionError:
        raise YamlError(1, 1, "yaml-syntax", "filen är för djupt nästlad") from None
    if tree is None:
        raise YamlError(1, 1, "tom-fil", "filen är tom")
    if not isinstance(tree, CommentedMap):
        start = loader().compose(text).start_mark
        raise YamlError(
            start.line + 1,
            start.column + 1,
            "inte-mappning",
            "filen ska innehålla fält (nyckel: värde) på översta nivån",
        )
    return tree


def plain(node: Any) -> Any:
    """Turn ruamel's round-trip types into plain dict/list/str/int/bool/float/None."""
    if isinstance(node, CommentedMap):
        return {_scalar(k): plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [plain(v) for v in node]
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
