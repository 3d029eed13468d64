"""The only package that touches YAML: nothing else in lgtool imports ruamel.yaml or PyYAML.

Reading: bytes are decoded strictly (UTF-8, a BOM is accepted), checked for things
YAML itself would explain badly (git conflict markers, tabs, huge files), parsed
and turned into plain Python data. Any path into the data can be mapped back to a
line and column for error messages. Dates are *not* resolved by the YAML layer:
they stay strings and the schema parses them.

Two read paths give the same data. The fast one (libyaml's C parser from PyYAML,
the ``snabb`` extra) gives up on anything where the two could differ; such a file,
and every file with an error, is read the careful way with ruamel.yaml. Positions
always come from ruamel.yaml.

One concern per module; the rest of lgtool imports only the names below, from
``lgtool.yamlio`` itself:

- ``decoding``: bytes to text (strict UTF-8, the size limit).
- ``read``: one file's text to a :class:`Document` (checks before parsing, then
  the fast or the careful path).
- ``careful``: ruamel.yaml with positions, refusing anchors, aliases, tags and
  duplicate keys.
- ``fast``: libyaml's C parser, resolving scalars by YAML 1.2 rules, or a step aside.
- ``messages``: the Swedish explanations of ruamel.yaml's errors.
- ``document``: the parsed data, and the way from a path in it to a line and column.
- ``edit``: round-trip edits that change one value and no other byte.
- ``dump``: plain data to YAML text, for the tests.
- ``errors``: :class:`YamlError`.
- ``version``: :data:`READER_VERSION`, the careful reader's version for the caches.

The names are imported from their modules when first used (PEP 562), so that
ruamel.yaml is imported only by a run that needs it: a file the fast path leaves,
a position for a message, or an edit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lgtool.yamlio.decoding import decode
    from lgtool.yamlio.document import Document, PathPart, Position
    from lgtool.yamlio.dump import dump_plain
    from lgtool.yamlio.edit import EditValue, FieldOrder, append_item, edit_value, format_scalar
    from lgtool.yamlio.errors import YamlError
    from lgtool.yamlio.read import parse, parse_file_bytes
    from lgtool.yamlio.version import READER_VERSION

_WHERE = {
    "READER_VERSION": "version",
    "decode": "decoding",
    "Document": "document",
    "PathPart": "document",
    "Position": "document",
    "dump_plain": "dump",
    "EditValue": "edit",
    "FieldOrder": "edit",
    "append_item": "edit",
    "edit_value": "edit",
    "format_scalar": "edit",
    "YamlError": "errors",
    "parse": "read",
    "parse_file_bytes": "read",
}
"""The module of each name below: imported when the name is first asked for, so that
reading with the fast path alone never imports ruamel.yaml (``careful``, ``edit``)."""


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "READER_VERSION",
    "Document",
    "EditValue",
    "FieldOrder",
    "PathPart",
    "Position",
    "YamlError",
    "append_item",
    "decode",
    "dump_plain",
    "edit_value",
    "format_scalar",
    "parse",
    "parse_file_bytes",
]
