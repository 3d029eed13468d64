"""Print pip constraints that pin every dependency to its lowest declared version.

pip has no "lowest" resolution, so ``make test-min`` installs lgtool with these
constraints: each ``name>=X`` of ``pyproject.toml`` (the dependencies and the
extras named on the command line) becomes ``name==X``. A floor that is wrong,
too old to install or to work, then fails there instead of at a user's.

    python tools/min_constraints.py docx excel snabb dev
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_FLOOR = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)\s*$")


def floors(extras: list[str]) -> list[str]:
    """``name==floor`` for each requirement of the project and ``extras`` that has a floor."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    pins = []
    for requirement in requirements:
        match = _FLOOR.match(requirement)
        if match:
            pins.append(f"{match.group(1)}=={match.group(3)}")
    return pins


if __name__ == "__main__":
    print("\n".join(floors(sys.argv[1:])))
