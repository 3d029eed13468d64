"""The fast read: libyaml's C parser (PyYAML, the ``snabb`` extra), or a step aside.

libyaml parses and composes the node graph in C; the scalars are resolved here,
by ruamel.yaml's YAML 1.2 rules (ruamel/yaml/resolver.py), instead of PyYAML's
YAML 1.1 ones. Whatever could be read differently by the two goes the careful
way: numbers other than plain decimal integers, merge keys, explicit tags, YAML
directives, anchors and aliases, duplicate keys, tabs, unusual line breaks, and
every file that libyaml refuses. The careful way then refuses what the register
never uses, with its position. tests/test_yamlio_fast.py holds the two paths to
the same answers.
"""

from __future__ import annotations

import re
from typing import Any

try:
    from yaml._yaml import CParser as _CParser
    from yaml.nodes import MappingNode as _MappingNode
    from yaml.nodes import ScalarNode as _ScalarNode

    FAST_PATH_AVAILABLE = True
    """Whether libyaml's C parser is installed (PyYAML, the ``snabb`` extra)."""
except ImportError:  # the snabb extra is not installed: always the careful way
    FAST_PATH_AVAILABLE = False

CAREFUL: Any = object()
"""Returned by :func:`fast_data` when a file must be read with ruamel.yaml."""

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


# The search above costs about 10 µs a file even when it finds nothing (a multi-line
# ^ is tried at every position); plain substring tests rule out almost every file
# first. Same answers: tests/test_yamlio_fast.py compares them.
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


def fast_data(text: str) -> Any:
    """The file's plain data read with libyaml, or ``CAREFUL`` when in any doubt."""
    if not FAST_PATH_AVAILABLE or _fast_unsafe(text):
        return CAREFUL
    if ("&" in text or "*" in text or "!" in text) and _ANCHOR_ALIAS_OR_TAG.search(text):
        return CAREFUL
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
        if root is None or root.tag is not _MAP:
            return CAREFUL
        return _fast_node(root, set())
    except Exception:  # a syntax error, _CarefulError, RecursionError: all read carefully
        return CAREFUL
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
