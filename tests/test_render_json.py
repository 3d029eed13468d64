"""lgtool's own JSON writer gives exactly json.dumps(..., ensure_ascii=False, indent=2)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lgtool.render.data import to_json

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(codec="utf-8"))
)
_KEYS = st.text() | st.integers() | st.booleans() | st.none()
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(_DATA)
def test_same_text_as_the_standard_library(data: Any) -> None:
    assert to_json(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_whole_output_for_a_small_status_like_document() -> None:
    data = {"per": "2026-11-29", "tomt": {}, "lista": [], "å": [1, True, None, 'ä\n"x"']}
    assert to_json(data) == (
        "{\n"
        '  "per": "2026-11-29",\n'
        '  "tomt": {},\n'
        '  "lista": [],\n'
        '  "å": [\n'
        "    1,\n"
        "    true,\n"
        "    null,\n"
        '    "ä\\n\\"x\\""\n'
        "  ]\n"
        "}\n"
    )
