"""Plain data to YAML text: how the tests write registers (lgtool itself only edits)."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.representer import SafeRepresenter


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

    Text that looks like a date is quoted (``'2024-03-12'``);
    :func:`lgtool.yamlio.parse` reads it back as the same text either way.
    """
    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = _PlainRepresenter
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()
