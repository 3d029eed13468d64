"""Which spreadsheet column holds which field: the mapping file of ``lgtool import``.

The default mapping has the natural Swedish headers ("Senaste KLASSA",
"Förvaltningsobjekt" ...); ``lgtool export`` writes exactly these columns, so an
exported sheet imports back unchanged. ``register/import/mappning-exempel.yaml`` is
the default written out as a file to copy and adapt (a test keeps it current).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from lgtool.checkpoints import CHECKPOINTS
from lgtool.errors import LgtoolError, UsageError
from lgtool.fields import FieldSpec, resolve
from lgtool.folder import TooLargeError, read_regular, too_large_message, unreadable_reason
from lgtool.model.common import Schema
from lgtool.schema_errors import translate
from lgtool.yamlio import YamlError, format_scalar, parse_file_bytes

EXAMPLE_FILE = "import/mappning-exempel.yaml"
"""The example mapping, relative to the register folder."""

DEFAULT_COLUMNS: dict[str, str] = {
    "Id": "id",
    "Namn": "namn",
    "Förvaltningsobjekt": "forvaltningsobjekt",
    "System": "system",
    "Kategori": "kategori",
    "Personuppgifter": "personuppgifter",
    "Konfidentialitet": "klassning.konfidentialitet",
    "Riktighet": "klassning.riktighet",
    "Tillgänglighet": "klassning.tillganglighet",
    "Spårbarhet": "klassning.sparbarhet",
    "Nätverkszon": "natverkszon",
    **{c.column: c.field for c in CHECKPOINTS if c.column and c.field},
    "Registerförd": "registerford",
    "Konsekvensbedömning": "konsekvensbedomning",
    "Klassningsprotokoll": "klassningsprotokoll",
    "Systembeskrivning": "systembeskrivning",
    "Objektägare": "roller.objektagare",
    "Objektledare verksamhet": "roller.objektledare_verksamhet",
    "Objektledare IT": "roller.objektledare_it",
    "Handlingsplan per datum": "handlingsplan.per_datum",
    "Gula": "handlingsplan.gula",
    "Röda": "handlingsplan.roda",
    "Kontinuitetsplan": "kontinuitetsplan",
    "Anteckning": "anteckning",
}
"""Header → field path, in the column order of ``lgtool export``."""


class SpreadsheetError(LgtoolError):
    """A spreadsheet or mapping file that cannot be used at all (not one bad row)."""


class _MappingFile(Schema):
    """The mapping file's schema."""

    blad: str | None = Field(None, description="Bladets namn i en xlsx-fil.")
    id_prefix: str = Field("", description="Prefix för id som skapas från namnet.")
    tom_ja_nej: Literal["fel", "nej"] = Field(
        "fel", description="Vad en tom cell betyder i ett obligatoriskt ja/nej-fält."
    )
    standardvarden: dict[str, Any] = Field(
        default_factory=dict, description="Fält → värde när kolumnen saknas eller är tom."
    )
    kolumner: dict[str, str] = Field(min_length=1, description="Kolumnrubrik → fält.")


@dataclass(frozen=True)
class ColumnMap:
    """A usable mapping: resolved fields per normalised header."""

    columns: dict[str, FieldSpec]
    """Normalised header → field."""
    headers: dict[str, str]
    """Field path (dotted) → the header as written in the mapping (for messages)."""
    sheet: str | None = None
    id_prefix: str = ""
    empty_bool_is_false: bool = False
    defaults: dict[str, Any] = field(default_factory=dict)

    def field_for(self, header: str) -> FieldSpec | None:
        """The field a sheet header maps to: the mapping's, or a header written as a field path."""
        key = normalise(header)
        if key in self.columns:
            return self.columns[key]
        if re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", key):
            try:
                return resolve(key)
            except LgtoolError:
                return None
        return None

    def header_for(self, name: str) -> str:
        """The header users know for field ``name`` (the field path when it has none)."""
        return self.headers.get(name, name)


def normalise(header: str) -> str:
    """Headers match case-insensitively and regardless of extra spaces."""
    return " ".join(str(header).split()).casefold()


_MAPPABLE = ("text", "date", "int", "bool", "choice")


def build(
    columns: Mapping[str, str],
    *,
    sheet: str | None = None,
    id_prefix: str = "",
    empty_bool_is_false: bool = False,
    defaults: Mapping[str, Any] | None = None,
    where: str = "",
) -> ColumnMap:
    """A mapping from header → field path; a :class:`SpreadsheetError` for unknown fields."""
    resolved: dict[str, FieldSpec] = {}
    headers: dict[str, str] = {}
    for header, name in columns.items():
        try:
            spec = resolve(str(name))
        except LgtoolError as exc:
            raise SpreadsheetError(f"{where}kolumnen '{header}': {exc.message}") from None
        if spec.kind not in _MAPPABLE:
            raise SpreadsheetError(
                f"{where}kolumnen '{header}': '{name}' är en mappning; ange ett fält i den, "
                f"t.ex. {name}.{'roda' if name == 'handlingsplan' else '<fält>'}"
            )
        resolved[normalise(header)] = spec
        headers.setdefault(spec.name, header)
    for name in defaults or {}:
        try:
            resolve(name)
        except LgtoolError as exc:
            raise SpreadsheetError(f"{where}standardvarden: {exc.message}") from None
    return ColumnMap(
        columns=resolved,
        headers=headers,
        sheet=sheet,
        id_prefix=id_prefix,
        empty_bool_is_false=empty_bool_is_false,
        defaults=dict(defaults or {}),
    )


DEFAULT = build(DEFAULT_COLUMNS)


def load(path: Path) -> ColumnMap:
    """Read a mapping file; every problem is a :class:`SpreadsheetError` naming the place."""
    shown = path.as_posix()
    try:
        raw = read_regular(path)  # never a FIFO or a device, at most 1 MiB
    except TooLargeError as exc:
        raise SpreadsheetError(f"{shown}: {too_large_message(exc.size)}") from None
    except FileNotFoundError:
        raise UsageError(f"{shown}: mappningsfilen finns inte") from None
    except OSError as exc:
        reason = unreadable_reason(exc)
        raise SpreadsheetError(f"{shown}: mappningsfilen kan inte läsas: {reason}") from None
    try:
        document = parse_file_bytes(raw)
    except YamlError as exc:
        raise SpreadsheetError(f"{shown}:{exc.line}:{exc.column}: {exc.message}") from None
    try:
        model = _MappingFile.model_validate(document.data)
    except ValidationError as exc:
        problems = [translate(e, document, shown, _MappingFile) for e in exc.errors()]
        raise SpreadsheetError("\n".join(p.text() for p in problems)) from None
    if not re.fullmatch(r"[a-z0-9-]*", model.id_prefix):
        # The prefix becomes part of every id made from a name, and so of a file name.
        line, column = document.locate(("id_prefix",))
        raise SpreadsheetError(
            f"{shown}:{line}:{column}: id_prefix {format_scalar(model.id_prefix)} får bara "
            "innehålla små bokstäver a–z, siffror och bindestreck (det blir början av "
            "filnamnet), t.ex. tk-"
        )
    return build(
        model.kolumner,
        sheet=model.blad,
        id_prefix=model.id_prefix,
        empty_bool_is_false=model.tom_ja_nej == "nej",
        defaults=model.standardvarden,
        where=f"{shown}: ",
    )


def example_text() -> str:
    """The default mapping as a commented YAML file (register/import/mappning-exempel.yaml)."""
    width = max(len(format_scalar(h)) for h in DEFAULT_COLUMNS) + 1
    rows = "".join(
        f"  {(format_scalar(h) + ':').ljust(width)} {name}\n" for h, name in DEFAULT_COLUMNS.items()
    )
    return f"""\
# Mappning för lgtool import: vilken kolumn i kalkylbladet som hör till vilket fält.
# Kopiera filen, ändra rubrikerna till dem som står i ert kalkylblad och kör
#   lgtool import behandlingar.xlsx --mappning min-mappning.yaml --torrkorning
# Rubrikerna jämförs utan hänsyn till stora och små bokstäver och extra mellanslag.
# Kolumner som inte står här används inte. En rubrik som är ett fältnamn
# (t.ex. senaste_klassa eller roller.objektspecialist) behöver ingen rad här.

# Bladet som ska läsas i en xlsx-fil; null = bladet "Register" om det finns, annars det första.
blad: null

# Om id-kolumnen saknas eller är tom skapas id av namnet: "Trafikkameror" blir
# "trafikkameror", med prefixet nedan framför (t.ex. "tk-").
id_prefix: ""

# Vad en tom cell betyder i de obligatoriska ja/nej-fälten (personuppgifter,
# registerford, klassningsprotokoll, systembeskrivning): fel = raden rapporteras,
# nej = tom betyder nej (för blad där bara ja markeras med x).
tom_ja_nej: fel

# Värden för fält som saknar kolumn eller har tom cell, t.ex.
#   standardvarden:
#     forvaltningsobjekt: trafikledning
standardvarden: {{}}

# Kolumnrubrik: fält
kolumner:
{rows}"""
