"""Round-trip edits: one value changes, every other byte of the file stays as it was.

An edit replaces the characters of one value and nothing else: the document is
composed with ruamel.yaml (round-trip mode) only to learn where each node starts
and ends, and the new value is spliced into the original text. Comments, key
order, quoting, indentation, blank lines, CRLF line ends and a BOM therefore stay
byte for byte as they were. A missing key is inserted as one new line after the
entry it should follow; a missing (or null) parent mapping is created likewise.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from datetime import date

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver

from lgtool.yamlio.careful import loader
from lgtool.yamlio.errors import YamlError
from lgtool.yamlio.read import parse

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
    return json.dumps(value, ensure_ascii=False)


def _reads_back_as_plain(text: str) -> bool:
    # Names, roles and systems repeat across an import's rows: short texts are remembered
    return _short_reads_back_as_plain(text) if len(text) <= 80 else _plain_check(text)


@functools.lru_cache(maxsize=16_384)
def _short_reads_back_as_plain(text: str) -> bool:
    return _plain_check(text)


def _plain_check(text: str) -> bool:
    if not _PLAIN_SAFE.match(text) or text != text.strip():
        return False
    if ": " in text or " #" in text or text.endswith(":") or text.lower() in _YAML11_WORDS:
        return False
    if any(c in text for c in ",[]{}"):  # plain in block context, but not inside { }
        return False
    if _SIMPLE.match(text) and _resolves_as_text(text):
        return True  # what loading it would say, without a parser per value (import: 200,000)
    return _loads_back(text)


_SIMPLE = re.compile(r"[\w .:;()/+\-–—§%&'!?]+\Z")
"""Characters that a one-line plain scalar keeps as they are: nothing but the resolver
decides what it reads back as (letters, digits, spaces, some punctuation)."""

_resolver: BaseResolver | None = None


def _resolves_as_text(text: str) -> bool:
    """Whether the YAML 1.2 resolver leaves the plain scalar ``text`` a string."""
    global _resolver  # noqa: PLW0603  (made once per process)
    if _resolver is None:
        _resolver = YAML(typ="safe", pure=True).resolver
    tag: object = _resolver.resolve(ScalarNode, text, (True, False))
    return tag == "tag:yaml.org,2002:str"


def _loads_back(text: str) -> bool:
    """Whether ``x: TEXT`` loads back as the string ``text`` (the careful check)."""
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
    root = loader().compose(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    step = _indent_step(root)
    node = root
    for depth, part in enumerate(path):
        if isinstance(node, SequenceNode) and depth + 1 < len(path):
            node = _item_by_id(node, part, path[:depth])  # handlingsplan.punkter.hp-1.status
            continue
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


def _item_by_id(node: SequenceNode, item_id: str, where: Sequence[str]) -> MappingNode:
    """The item of a list of records whose ``id`` is ``item_id``."""
    for item in node.value:
        if isinstance(item, MappingNode):
            entry = _entry(item, "id")
            if entry is not None and isinstance(entry[1], ScalarNode) and entry[1].value == item_id:
                return item
    raise YamlError(
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        "okant-id",
        f"'{'.'.join(where)}' har ingen post med id '{item_id}'",
    )


def append_item(
    text: str,
    path: Sequence[str],
    item: Sequence[tuple[str, EditValue]],
    *,
    field_order: FieldOrder | None = None,
) -> str:
    """``text`` with a record (``item``: key, value in order) added at the end of the list
    at ``path``; nothing else changes. A missing or null list (and its parents) is created.
    """
    root = loader().compose(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    step = _indent_step(root)
    node: Node = root
    for depth, part in enumerate(path):
        entry = _entry(node, part) if isinstance(node, MappingNode) else None
        if entry is None or (
            isinstance(entry[1], ScalarNode) and entry[1].tag == "tag:yaml.org,2002:null"
        ):
            if entry is None:  # create the list's key (and its parents) as null first
                text = edit_value(text, path, None, field_order=field_order)
                return append_item(text, path, item, field_order=field_order)
            key, child = entry
            if depth + 1 < len(path):
                text = edit_value(text, path, None, field_order=field_order)
                return append_item(text, path, item, field_order=field_order)
            colon = _colon_after(text, key)
            end = (
                colon + 1
                if child.start_mark.index == child.end_mark.index
                else child.end_mark.index
            )
            indent = key.start_mark.column + step
            lines = _record(item, dash=indent, keys=indent + 2, newline=newline)
            line_end = _line_end(text, end)
            return text[: colon + 1] + text[end:line_end] + newline + lines + text[line_end:]
        node = entry[1]
    if not isinstance(node, SequenceNode) or node.flow_style or not node.value:
        raise YamlError(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            "kan-inte-andra",
            f"'{'.'.join(path)}' är ingen lista i blockform; lägg till posten i en editor",
        )
    first = node.value[0]
    keys = int(first.start_mark.column)
    dash_index = text.rfind("-", 0, int(first.start_mark.index))
    dash = dash_index - (text.rfind("\n", 0, dash_index) + 1)
    end = _line_end(text, _content_end(text, node))
    return text[:end] + newline + _record(item, dash=dash, keys=keys, newline=newline) + text[end:]


def _record(item: Sequence[tuple[str, EditValue]], *, dash: int, keys: int, newline: str) -> str:
    """A list item as block lines: ``- id: x`` then the other keys under it."""
    lines = []
    for i, (key, value) in enumerate(item):
        lead = " " * dash + "-" + " " * (keys - dash - 1) if i == 0 else " " * keys
        lines.append(f"{lead}{format_scalar(key)}: {format_scalar(value)}")
    return newline.join(lines)


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
