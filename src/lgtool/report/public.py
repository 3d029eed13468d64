"""The public version's guard: no name of a system, processing or person may appear.

A name is found however it is written. Both the report and the names are folded
the same way (:func:`fold`): Unicode NFKC, invisible characters removed (soft
hyphen, zero-width spaces and joiners, bidirectional marks), casefolded, and
Markdown's escapes and emphasis markers dropped. The folded text is split into
words; a name matches where its words start a word of the text, and its last
word may go on with any ending, so inflected forms ("Signalstyrningen",
"trafikkamerorna") are caught while a name never matches inside a word ("GIS"
is not found in "logistik"). Names of three characters (abbreviations) match
whole words only; shorter ones (zones such as Z2, systems such as IA) are
ordinary words and are not checked.

The lookup is one dictionary probe per prefix of each word of the report, so a
register of 10,000 processings costs no more than one of 30.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lgtool.errors import ReportError
from lgtool.register import Register

_MIN_SENSITIVE_LENGTH = 3
"""Shorter strings (zone names such as Z2, system names such as IA) are ordinary words."""

_MIN_PREFIX_LENGTH = 4
"""Names at least this long match with any ending; shorter ones only as whole words."""

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]"
)
"""Soft hyphen, combining grapheme joiner, zero-width space/joiners, bidi marks, variation
selectors, word joiner and BOM: characters that show nothing but split a word."""

_MARKUP = re.compile(r"[\\*_`~]")
"""Markdown's escapes and emphasis: 'Signal\\_styrning', '**Signal**styrning'."""

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Text as the check compares it: NFKC, no invisible characters or markup, casefolded.

    NFKC turns a non-breaking space into a plain space and composes a decomposed
    å; casefolding after it makes 'SIGNALSTYRNING' and 'ſignalstyrning' alike.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _MARKUP.sub("", text)
    return unicodedata.normalize("NFKC", text.casefold())


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
        for t in ar.ledningens_utbildning:
            found.setdefault(t.namn, "personnamn")
    for incident in loaded.incidenter:
        found.setdefault(incident.rubrik, "incidentens rubrik")
    return {k: v for k, v in found.items() if len(k.strip()) >= _MIN_SENSITIVE_LENGTH}


@dataclass(frozen=True)
class _Name:
    words: tuple[str, ...]
    value: str
    kind: str
    whole: bool
    """Short names match whole words only."""


class NameIndex:
    """Sensitive names folded into words, looked up word by word in a text."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self._single: dict[str, list[_Name]] = {}
        self._multi: dict[str, list[_Name]] = {}
        self._lengths: set[int] = set()
        for value, kind in names.items():
            words = tuple(_WORD.findall(fold(value)))
            if not words:
                continue
            whole = len(value.strip()) < _MIN_PREFIX_LENGTH
            name = _Name(words, value, kind, whole)
            if len(words) == 1:
                self._single.setdefault(words[0], []).append(name)
                self._lengths.add(len(words[0]))
            else:
                self._multi.setdefault(words[0], []).append(name)
        self._sorted_lengths = sorted(self._lengths)

    def find(self, text: str) -> list[tuple[str, str]]:
        """The names (value, kind) that occur in ``text``, sorted by value."""
        words = _WORD.findall(fold(text))
        found: dict[str, str] = {}
        for i, word in enumerate(words):
            for length in self._sorted_lengths:
                if length > len(word):
                    break
                for name in self._single.get(word[:length], ()):
                    if not name.whole or length == len(word):
                        found[name.value] = name.kind
            for name in self._multi.get(word, ()):
                if _follows(words, i, name):
                    found[name.value] = name.kind
        return sorted(found.items())


def _follows(words: list[str], start: int, name: _Name) -> bool:
    n = len(name.words)
    if start + n > len(words):
        return False
    if any(words[start + k] != name.words[k] for k in range(1, n - 1)):
        return False
    last = words[start + n - 1]
    return last == name.words[-1] if name.whole else last.startswith(name.words[-1])


def find_leaks(text: str, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The sensitive names (value, kind) that ``text`` contains, however they are written."""
    return NameIndex(names).find(text)


def check_public(text: str, loaded: Register) -> None:
    """Refuse a public report in which a name of a system, processing or person appears."""
    leaks = find_leaks(text, sensitive_strings(loaded))
    if leaks:
        raise ReportError(
            "den publika versionen skulle innehålla uppgifter som inte får publiceras: "
            + ", ".join(f"'{value}' ({kind})" for value, kind in leaks)
            + ". De kommer från fritext i årsfilen eller en egen mall; skriv om texten utan namnen."
        )


def person_roles(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Folded person name → the role key first seen for that person (from role, person pairs)."""
    roles: dict[str, str] = {}
    for role, person in pairs:
        if person and person.strip():
            roles.setdefault(" ".join(_WORD.findall(fold(person))), role)
    return roles


def role_for(value: str, roles: Mapping[str, str]) -> str | None:
    """The role key of ``value`` when it is a person named in a pm3 role, else None."""
    return roles.get(" ".join(_WORD.findall(fold(value))))
