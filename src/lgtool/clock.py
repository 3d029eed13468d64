"""Today's date, the one place lgtool asks for it.

``LGTOOL_IDAG=ÅÅÅÅ-MM-DD`` fixes "today" for reproducible runs (tests, examples,
rerunning a check as of a given day). It is read here and nowhere else.
"""

from __future__ import annotations

import os
from datetime import date

from lgtool.errors import UsageError

ENV_TODAY = "LGTOOL_IDAG"


def today() -> date:
    """Today's date, or the date in ``$LGTOOL_IDAG`` when it is set."""
    value = os.environ.get(ENV_TODAY, "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value) if len(value) == 10 else _refuse(value)
    except ValueError:
        return _refuse(value)


def _refuse(value: str) -> date:
    raise UsageError(f"{ENV_TODAY}: '{value}' är inget datum; skriv ÅÅÅÅ-MM-DD")
