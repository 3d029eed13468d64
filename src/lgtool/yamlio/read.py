"""Reading one register file: the checks before parsing, then the fast or the careful path.

Both paths give the same plain data; see :mod:`lgtool.yamlio.fast` for when the
fast one steps aside.
"""

from __future__ import annotations

import re

from lgtool.yamlio.decoding import decode
from lgtool.yamlio.document import Document
from lgtool.yamlio.errors import YamlError
from lgtool.yamlio.fast import CAREFUL, fast_data

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


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
        data = fast_data(text)
        if data is not CAREFUL:
            return Document.deferred(data, text)
    from lgtool.yamlio import careful  # ruamel.yaml: only for a file the fast path left

    tree = careful.load(text)
    return Document(data=careful.plain(tree), _tree=tree)


def parse_file_bytes(raw: bytes, *, fast: bool = True) -> Document:
    """Decode and parse one file's bytes (see :func:`decode` and :func:`parse`)."""
    return parse(decode(raw), fast=fast)


# The search for conflict markers costs about 10 µs a file even when it finds
# nothing (a multi-line ^ is tried at every position); a plain substring test rules
# out almost every file first. Same answers: tests/test_yamlio_fast.py compares them.
def _may_have_conflict(text: str) -> bool:
    return "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text


_LINE_START_PERCENT = re.compile(r"^%", re.MULTILINE)


def _refuse_directive(text: str) -> None:
    """Refuse a YAML directive (``%YAML 1.1``, ``%TAG``): the register is always YAML 1.2.

    Directives can only come before the document's first content line, so only the
    lines up to it (blank lines and comments) are looked at.
    """
    if "%" not in text or not _LINE_START_PERCENT.search(text):  # the test is 100 × cheaper
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
