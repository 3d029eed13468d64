"""The commented text of a year file (``ar/ÅÅÅÅ.yaml``) that ``init`` and ``ar ny`` write.

The text is built here rather than dumped from a model so that every section has a
Swedish comment on what it holds, and so that the empty sections are there to fill
in. Both callers check the text by reading it back with the register's own rules
before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lgtool.model import Prioritering
from lgtool.yamlio import format_scalar

SCHEMA_REF = "../schema/ar.schema.json"
"""From ar/<ÅÅÅÅ>.yaml to <register>/schema/ar.schema.json."""

CARRIED_MARK = "Ej avslutad"
"""How a priority carried over from last year starts its comment line in the new file."""


@dataclass(frozen=True)
class Carried:
    """A priority of last year that was not finished, carried into the new year for review."""

    item: Prioritering
    from_year: int


@dataclass(frozen=True)
class YearText:
    """What a new year file holds: the three-year plan and what to follow up."""

    year: int
    plan: Mapping[int, Sequence[Prioritering]]
    """Year → priorities, for ``year`` and the two following years."""
    carried: Sequence[Carried] = ()
    """Unfinished priorities from last year, placed first under ``year`` with a mark."""
    generella: Sequence[str] = ()
    beslut_att_folja_upp: Sequence[str] = ()
    """Last year's decisions (9.3.3): listed in ``tidigare_atgarder`` to fill in."""
    beslut_year: int | None = None
    schema_line: bool = True
    source: str | None = field(default=None)
    """The file the plan was carried over from, named in the header."""


_EXAMPLE_PRIORITY = """\
# Prioriteringar (aktiviteter) för året och de två följande, till exempel
#   {year}:
#     - id: klassa-unika-system         # a–z, 0–9 och bindestreck; unikt inom året
#       text: Klassa alla unika system.
#       ansvarig: Informationssäkerhetssamordnare
#       status: planerad                 # planerad, pagaende, klar, forsenad eller struken
#       kommentar: Fri text om läget.
"""

_REST = """\

# Årets incidenter, oftast från IA. null = "Ej ifyllt" i rapporten. Till exempel
#   incidenter:
#     kalla: IA
#     per_kategori: {{informationssakerhet: 11, dataskydd: 12}}
#     sammanfattning: Analys av årets incidenter.
incidenter: null

# Genomförda obligatoriska e-utbildningar. null = "Ej ifyllt" i rapporten. Till exempel
#   utbildning:
#     antal_medarbetare: 430
#     genomfort_informationssakerhet: 400
#     genomfort_dataskydd: 390
utbildning: null

# Årets upphandlingar som hanterar information, till exempel
#   - namn: E-tjänst för tillstånd
#     diarienummer: T{year}-00123
#     klassning_genomford: true
upphandlingar: []

# Underlaget till Ledningens genomgång (ISO/IEC 27001:2022 9.3.2 a–g) och besluten
# (9.3.3), i fritext. Ett fält som är null visas som "Ej ifyllt" i rapporten.
ledningens_genomgang:
  # a) Status för åtgärder från tidigare genomgångar.
  tidigare_atgarder: {tidigare_atgarder}
  # b) Förändringar i externa och interna frågor.
  forandringar: null
  # c) Förändringar i intressenters behov och förväntningar.
  intressenters_behov: null
  # d) Återkoppling om informationssäkerhetens prestanda och måluppfyllelse.
  maluppfyllelse: null
  # e) Återkoppling från intressenter.
  aterkoppling: null
  # f) Resultat av riskbedömning och status för riskbehandlingsplanen.
  risker: null
  # g) Möjligheter till ständig förbättring.
  forbattringsmojligheter: null
  # Ledningens beslut om förbättringar och ändringar, ett per rad. De följs upp
  # nästa år: lgtool ar ny {next_year} för över dem till tidigare_atgarder.
  beslut: []
"""


def render(spec: YearText) -> str:
    """The year file's text."""
    year = spec.year
    lines: list[str] = []
    if spec.schema_line:
        lines.append(f"# yaml-language-server: $schema={SCHEMA_REF}")
    lines.append(
        f"# Ledningens genomgång {year} – årets uppföljning och planen för {year}–{year + 2}."
    )
    if spec.source:
        lines.append(f"# Skapad med lgtool ar ny från {spec.source}.")
    lines.append("# Fältens betydelse: docs/registerformat.md. Kontrollera med: lgtool validate")
    lines.append(f"ar: {year}")
    lines.append("")
    lines.append("# Generella prioriteringsområden, ett per rad.")
    if spec.generella:
        lines.append("generella_prioriteringsomraden:")
        lines.extend(f"  - {_one_line(text)}" for text in spec.generella)
    else:
        lines.append("generella_prioriteringsomraden: []")
    lines.append("")
    lines.extend(_EXAMPLE_PRIORITY.format(year=year).rstrip("\n").split("\n"))
    lines.append("prioriteringar:")
    for plan_year in range(year, year + 3):
        items = list(spec.plan.get(plan_year, ()))
        carried = list(spec.carried) if plan_year == year else []
        if not items and not carried:
            comment = "  # fyll i" if plan_year == year + 2 and spec.source else ""
            lines.append(f"  {plan_year}: []{comment}")
            continue
        lines.append(f"  {plan_year}:")
        for entry in carried:
            lines.append(
                f"    # {CARRIED_MARK} {entry.from_year} (status {entry.item.status}): "
                "granska – behåll, ändra status eller stryk."
            )
            lines.extend(_priority_lines(entry.item))
        for item in items:
            lines.extend(_priority_lines(item))
    rest = _REST.format(
        year=year,
        next_year=year + 1,
        tidigare_atgarder=_follow_up(spec.beslut_att_folja_upp, spec.beslut_year),
    )
    return "\n".join(lines) + "\n" + rest


def _priority_lines(item: Prioritering) -> list[str]:
    """One priority as block YAML, each field on one line (long text is not wrapped)."""
    data = item.model_dump(exclude_none=True)
    return [
        f"    {'- ' if i == 0 else '  '}{key}: {_one_line(value)}"
        for i, (key, value) in enumerate(data.items())
    ]


def _one_line(value: str) -> str:
    """A free-text value as one YAML scalar on one line (line breaks become spaces)."""
    return format_scalar(" ".join(value.split()))


FOLLOW_UP_PLACEHOLDER = "Status: fyll i."
"""What stands after each decision to follow up, until the coordinator writes its status."""


def _follow_up(beslut: Sequence[str], year: int | None) -> str:
    """Last year's decisions as a literal block, one line each to fill in; or null."""
    if not beslut:
        return "null"
    lines = [f"Uppföljning av besluten i Ledningens genomgång {year}:"]
    lines.extend(f"- {_sentence(b)} {FOLLOW_UP_PLACEHOLDER}" for b in beslut)
    return "|-\n" + "\n".join(f"    {line}" for line in lines)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."
