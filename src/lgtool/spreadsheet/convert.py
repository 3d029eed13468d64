"""One spreadsheet row → the data of one processing file, or the reasons it cannot be.

Cells are read the way people fill in spreadsheets: Swedish booleans (ja/nej/x),
Excel dates (real dates and serial numbers), Swedish date forms, numbers stored as
text, enum values with capitals and å ä ö ("Övrig", "Ej tillämpligt"), and empty
cells. Whether a value is *allowed* is left to the schema (``lgtool validate``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from lgtool.fields import FieldSpec, fields, resolve
from lgtool.safetext import csv_cell
from lgtool.spreadsheet.mapping import ColumnMap
from lgtool.yamlio import format_scalar

_TRUE = frozenset({"ja", "j", "x", "sant", "true", "yes", "1"})
_FALSE = frozenset({"nej", "n", "falskt", "false", "no", "0"})
_NOT_NAMED = frozenset({"-", "–", "—"})
"""In a role column: explicitly no one (``null``), unlike an empty cell (inherit)."""

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$"),
)


class CellError(Exception):
    """A cell that cannot be read as its field's kind of value."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_empty(value: Any) -> bool:
    """An empty cell (None, or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A cell as the user sees it, for messages."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_date(value: Any) -> date:
    """A date cell: a real date, an Excel serial number, or text in a Swedish date form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError("är inget datum")
    text = str(value).strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                raise CellError("är inget möjligt datum") from None
    if re.fullmatch(r"\d{5}", text):
        return _EXCEL_EPOCH + timedelta(days=int(text))
    raise CellError("är inget datum; skriv ÅÅÅÅ-MM-DD")


def read_int(value: Any) -> int:
    """A count or level: a number, or a whole number written as text (also '2,0')."""
    if isinstance(value, bool):
        raise CellError("är inget heltal")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(",", ".")
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text))
    raise CellError("är inget heltal")


def read_bool(value: Any) -> bool:
    """ja/nej, x for ja, true/false, 1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("ska vara ja eller nej (x räknas som ja)")


def _fold(text: str) -> str:
    """'Ej tillämpligt' → 'ej_tillampligt': the register's ASCII form of a word."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s-]+", "_", ascii_text)


def read_choice(spec: FieldSpec, value: Any) -> str:
    """An enum value; a spelling that folds to an allowed one is accepted."""
    text = shown(value)
    folded = _fold(text)
    return folded if folded in spec.choices else text


def read_cell(spec: FieldSpec, value: Any) -> Any:
    """One non-empty cell as the value its field takes."""
    if spec.kind == "date":
        return read_date(value)
    if spec.kind == "int":
        return read_int(value)
    if spec.kind == "bool":
        return read_bool(value)
    if spec.kind == "choice":
        return read_choice(spec, value)
    text = without_csv_quote(shown(value))
    if spec.path[0] == "roller" and text in _NOT_NAMED:
        return None
    return text


def without_csv_quote(text: str) -> str:
    """Text as written before ``lgtool export`` neutralised it: "'=x" → "=x"."""
    return text[1:] if text.startswith("'") and csv_cell(text[1:]) != text[1:] else text


@dataclass(frozen=True)
class RowResult:
    """A row turned into processing data, or the reasons it could not be."""

    row: int
    data: dict[str, Any] | None
    errors: tuple[str, ...]
    columns: dict[str, str]
    """Field path → the header of the column it came from."""


_REQUIRED = tuple(f for f in fields() if f.required and not f.nullable and len(f.path) == 1)
_ALWAYS = tuple(f.name for f in fields() if f.required and f.nullable and len(f.path) == 1)
"""Written as null when empty: the keys must be present (senaste_klassa and the like)."""
_FIELDS = tuple(fields())
"""Every field in schema order, listed once (not per row: an import can have 10,000)."""


def slug(text: str) -> str:
    """An id from a name: 'Trafikkameror Östra' → 'trafikkameror-ostra'."""
    folded = _fold(text).replace("_", "-")
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", folded)).strip("-")


_SPECS: list[tuple[tuple[str, ...], ColumnMap, list[tuple[FieldSpec, str] | None]]] = []
"""The fields of the last headers seen: every row of a sheet has the same."""


def _specs(headers: tuple[str, ...], mapping: ColumnMap) -> list[tuple[FieldSpec, str] | None]:
    """Each header's field and its name (None: no field), looked up once per sheet."""
    if _SPECS and _SPECS[0][0] is headers and _SPECS[0][1] is mapping:
        return _SPECS[0][2]
    specs = [mapping.field_for(h) if h else None for h in headers]
    found = [(spec, spec.name) if spec is not None else None for spec in specs]
    _SPECS[:] = [(headers, mapping, found)]
    return found


def convert_row(
    number: int, headers: tuple[str, ...], cells: tuple[Any, ...], mapping: ColumnMap
) -> RowResult:
    """The processing data of one row (nested, in schema order), or its errors."""
    values: dict[str, Any] = {}
    columns: dict[str, str] = {}
    errors: list[str] = []
    unreadable: set[str] = set()
    for header, cell, found in zip(headers, cells, _specs(headers, mapping), strict=False):
        if found is None:
            continue
        spec, name = found
        columns[name] = header
        if is_empty(cell):
            continue
        try:
            values[name] = read_cell(spec, cell)
        except CellError as exc:
            unreadable.add(spec.name)
            errors.append(f"rad {number}: '{header}' = '{shown(cell)}' {exc.reason}")
    for name, default in mapping.defaults.items():
        if name in values or default is None:
            continue
        try:
            values[name] = read_cell(resolve(name), default)
        except CellError as exc:
            errors.append(f"rad {number}: standardvärdet för '{name}' = '{default}' {exc.reason}")
    if "id" not in values and isinstance(values.get("namn"), str):
        values["id"] = mapping.id_prefix + slug(values["namn"])
    for spec in _REQUIRED:
        if spec.name in values or spec.name in unreadable:
            continue
        if spec.kind == "bool" and mapping.empty_bool_is_false and spec.name in columns:
            values[spec.name] = False
            continue
        column = columns.get(spec.name)
        if spec.name == "id":
            errors.append(
                f"rad {number}: både '{mapping.header_for('id')}' och "
                f"'{mapping.header_for('namn')}' är tomma; raden behöver ett id eller ett namn"
            )
        elif column is None:
            errors.append(
                f"rad {number}: kolumn för det obligatoriska fältet '{spec.name}' saknas "
                f"(väntade rubriken '{mapping.header_for(spec.name)}')"
            )
        else:
            errors.append(f"rad {number}: '{column}' är tom men '{spec.name}' är obligatoriskt")
    if errors:
        return RowResult(number, None, tuple(errors), columns)
    return RowResult(number, _nest(values), (), columns)


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    """Dotted paths → nested mappings, in the schema's field order (roles in column order)."""
    data: dict[str, Any] = {}
    for spec, name, members in _TOP_FIELDS:
        if spec.kind == "mapping":
            inner = {key: values[dotted] for key, dotted in members if dotted in values}
            if inner:
                data[name] = inner
        elif spec.kind == "roles":
            roles = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("roller.")}
            if roles:
                data["roller"] = roles
        elif name in values or name in _ALWAYS:
            data[name] = values.get(name)
    return data


_TOP_FIELDS = tuple(
    (
        spec,
        spec.name,
        tuple(
            (s.path[1], s.name)
            for s in _FIELDS
            if s.path[:1] == spec.path and len(s.path) == 2 and spec.kind == "mapping"
        ),
    )
    for spec in _FIELDS
    if len(spec.path) == 1
)
"""The top-level fields in schema order, their names, and a mapping's fields (key, path)."""


def render(data: dict[str, Any], *, schema_ref: str | None = None) -> str:
    """Processing data as the YAML text of its file (block style, schema order)."""
    lines = [f"# yaml-language-server: $schema={schema_ref}\n"] if schema_ref else []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{key}:\n")
            for k, v in value.items():
                if isinstance(v, list):  # records: handlingsplan.punkter
                    lines.append(f"  {k}:\n")
                    for record in v:
                        lines.extend(
                            f"    {'-' if i == 0 else ' '} {rk}: {format_scalar(rv)}\n"
                            for i, (rk, rv) in enumerate(record.items())
                        )
                else:
                    lines.append(f"  {k}: {format_scalar(v)}\n")
        else:
            lines.append(f"{key}: {format_scalar(value)}\n")
    return "".join(lines)
