"""The public version's guard: no name of a system, processing or person may appear."""

from __future__ import annotations

import re

from lgtool.errors import ReportError
from lgtool.register import Register

_MIN_SENSITIVE_LENGTH = 4
"""Shorter strings (zone names such as Z2, system names such as IA) match ordinary words."""


def sensitive_strings(loaded: Register) -> dict[str, str]:
    """Strings that must never appear in the public report, with what they are."""
    found: dict[str, str] = {}
    org = loaded.organisation
    for b in loaded.behandlingar:
        found.setdefault(b.namn, "behandlingens namn")
        found.setdefault(b.id, "behandlingens id")
        if b.system:
            found.setdefault(b.system, "systemnamn")
        if b.natverkszon:
            found.setdefault(b.natverkszon, "nätverkszon")
        for person in (b.roller or {}).values():
            if person:
                found.setdefault(person, "personnamn")
    if org:
        for objekt in org.forvaltningsobjekt:
            for person in objekt.roller.values():
                if person:
                    found.setdefault(person, "personnamn")
    for ar in loaded.ar.values():
        for u in ar.upphandlingar:
            found.setdefault(u.namn, "upphandlingens namn")
    return {k: v for k, v in found.items() if len(k.strip()) >= _MIN_SENSITIVE_LENGTH}


def check_public(text: str, loaded: Register) -> None:
    """Refuse a public report in which a name of a system, processing or person appears."""
    leaks = []
    for value, kind in sorted(sensitive_strings(loaded).items()):
        pattern = r"(?<!\w)" + re.escape(value) + r"(?!\w)"
        escaped = r"(?<!\w)" + re.escape(_md_escaped(value)) + r"(?!\w)"
        if re.search(pattern, text) or re.search(escaped, text):
            leaks.append(f"'{value}' ({kind})")
    if leaks:
        raise ReportError(
            "den publika versionen skulle innehålla uppgifter som inte får publiceras: "
            + ", ".join(leaks)
            + ". De kommer från fritext i årsfilen eller en egen mall; skriv om texten utan namnen."
        )


def _md_escaped(value: str) -> str:
    from lgtool.render.markdown import escape

    return escape(value)
