"""A parsed file: its plain data, and the way back from a path in it to a line and column.

A document read the fast way (or taken from the cache) keeps its text and parses its
tree with ruamel.yaml only when a position is asked for, i.e. only for files with
problems: ruamel.yaml is imported only then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lgtool.yamlio.decoding import decode

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

PathPart = str | int
Position = tuple[int, int]


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

    def for_positions(self) -> Document:
        """The same document without its data: for a file whose data is no longer needed
        (validated into a model) but whose positions may be, in problems found later."""
        return Document(None, self._tree, self._source)

    def _positions(self) -> Any:
        if self._tree is None and self._source is not None:
            from lgtool.yamlio.careful import loader

            try:
                raw = self._source
                tree = loader().load(decode(raw) if isinstance(raw, bytes) else raw)
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
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

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
