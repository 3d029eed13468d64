"""The fields of a processing file, addressed by dotted paths such as ``handlingsplan.roda``.

Derived from the pydantic model :class:`lgtool.model.Behandling`, so that ``satt``,
``ny`` and ``import`` agree with ``validate`` on what a field is and which values it
takes. Only the *form* of a value is decided here (text → date, integer, boolean,
null); whether the value is allowed is left to the schema, so every command gives
the same messages as ``validate``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from lgtool.errors import UsageError
from lgtool.model import Behandling
from lgtool.model.annotations import Choice, DictOf, ListOf, unwrap

Kind = Literal["text", "date", "int", "bool", "choice", "mapping", "roles", "records"]
"""``records``: a list of records addressed by their ids (``handlingsplan.punkter.hp-1``)."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of the processing schema."""

    path: tuple[str, ...]
    kind: Kind
    required: bool
    nullable: bool
    description: str
    choices: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The dotted path, as users write it."""
        return ".".join(self.path)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The (first) type inside ``Annotated`` and ``X | None``, and whether None is allowed."""
    allowed, nullable = unwrap(annotation)
    return allowed[0], nullable


def _kind(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is date:
        return "date", ()
    if isinstance(annotation, Choice):
        return "choice", tuple(str(a) for a in annotation.values)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping", ()
    if isinstance(annotation, DictOf):
        return "roles", ()
    if isinstance(annotation, ListOf) and _record_model(annotation) is not None:
        return "records", ()
    return "text", ()


def _record_model(annotation: Any) -> type[BaseModel] | None:
    """The model of the items of a list of records (``list[Atgardspunkt]``), or None."""
    if not isinstance(annotation, ListOf):
        return None
    inner, _ = _unwrap(annotation.item)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _field(path: tuple[str, ...], info: FieldInfo) -> FieldSpec:
    inner, nullable = _unwrap(info.annotation)
    kind, choices = _kind(inner)
    return FieldSpec(
        path=path,
        kind=kind,
        required=info.is_required(),
        nullable=nullable,
        description=info.description or "",
        choices=choices,
    )


def _model_of(field: FieldSpec) -> type[BaseModel]:
    model: type[BaseModel] = Behandling
    parts = list(field.path)
    while parts:
        inner, _ = _unwrap(model.model_fields[parts.pop(0)].annotation)
        records = _record_model(inner)
        if records is not None and parts:
            parts.pop(0)  # the item's id
            inner = records
        model = inner
    return model


def fields(model: type[BaseModel] = Behandling, prefix: tuple[str, ...] = ()) -> list[FieldSpec]:
    """Every field of ``model`` in schema order, nested mappings followed by their fields."""
    result: list[FieldSpec] = []
    for name, info in model.model_fields.items():
        field = _field((*prefix, name), info)
        result.append(field)
        if field.kind == "mapping":
            inner, _ = _unwrap(info.annotation)
            result.extend(fields(inner, field.path))
    return result


def order(path: tuple[str, ...]) -> list[str]:
    """The field names of the mapping at ``path`` in schema order (empty for role maps)."""
    if not path:
        return list(Behandling.model_fields)
    try:
        field = resolve(".".join(path))
    except UsageError:
        return []
    return list(_model_of(field).model_fields) if field.kind == "mapping" else []


def resolve_in(model: type[BaseModel], parts: tuple[str, ...], name: str) -> FieldSpec | None:
    """The field at ``parts`` inside a record's ``model`` (a usage error naming ``name``)."""
    info = model.model_fields.get(parts[0])
    if info is None:
        known = list(model.model_fields)
        close = difflib.get_close_matches(parts[0], known, n=1, cutoff=0.6)
        hint = f" – menade du '{close[0]}'?" if close else f"; fälten är: {', '.join(known)}"
        raise UsageError(f"okänt fält '{name}'{hint}")
    return _field(parts[:1], info) if len(parts) == 1 else None


def resolve(name: str, model: type[BaseModel] | None = Behandling) -> FieldSpec:
    """The field at dotted path ``name``; a Swedish usage error for an unknown one."""
    parts = tuple(name.strip().split("."))
    for depth, part in enumerate(parts):
        if model is None:
            break
        info = model.model_fields.get(part)
        if info is None:
            known = list(model.model_fields)
            where = f" i '{'.'.join(parts[:depth])}'" if depth else ""
            close = difflib.get_close_matches(part, known, n=1, cutoff=0.6)
            hint = (
                f" – menade du '{close[0]}'?"
                if close
                else f"; fälten{where} är: {', '.join(known)}"
            )
            raise UsageError(f"okänt fält '{name}'{hint}")
        field = _field(parts[: depth + 1], info)
        rest = parts[depth + 1 :]
        if not rest:
            return field
        if field.kind == "roles":
            if len(rest) != 1:
                break
            role = rest[0]
            if not re.fullmatch(r"[a-z][a-z_]*", role):
                raise UsageError(
                    f"'{role}' är inget rollnamn; skriv t.ex. roller.objektledare_it "
                    "(små bokstäver a–z och understreck)"
                )
            return FieldSpec(
                path=parts,
                kind="text",
                required=False,
                nullable=True,
                description=f"Namn på person i rollen {role}; null = inte namnsatt.",
            )
        if field.kind == "records":
            item_id = rest[0]
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", item_id):
                raise UsageError(f"'{item_id}' är inget id; skriv t.ex. {field.name}.hp-1.status")
            record = _record_model(_unwrap(info.annotation)[0])
            if len(rest) == 1:
                return FieldSpec(
                    path=parts,
                    kind="mapping",
                    required=False,
                    nullable=False,
                    description=f"Posten {item_id} i {field.name}.",
                )
            inner = resolve_in(record, parts[depth + 2 :], name) if record else None
            if inner is not None:
                return FieldSpec(
                    path=parts,
                    kind=inner.kind,
                    required=inner.required,
                    nullable=inner.nullable,
                    description=inner.description,
                    choices=inner.choices,
                )
            break
        model = _unwrap(info.annotation)[0] if field.kind == "mapping" else None
    raise UsageError(f"okänt fält '{name}': '{'.'.join(parts[:-1])}' har inga fält under sig")


_NULL_WORDS = frozenset({"null", "~", ""})
_TRUE_WORDS = frozenset({"true", "ja"})
_FALSE_WORDS = frozenset({"false", "nej"})


def parse_value(field: FieldSpec, text: str) -> bool | int | str | date | None:
    """A command-line value in the form the field takes: date, integer, boolean or null.

    Text that does not fit is returned unchanged, so that validation reports it
    with the same message as ``lgtool validate``.
    """
    stripped = text.strip()
    if stripped.lower() in _NULL_WORDS:
        return None
    if field.kind == "bool":
        if stripped.lower() in _TRUE_WORDS:
            return True
        if stripped.lower() in _FALSE_WORDS:
            return False
    elif field.kind == "int" and re.fullmatch(r"[+-]?\d+", stripped):
        return int(stripped)
    elif field.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", stripped):
        try:
            return date.fromisoformat(stripped)
        except ValueError:
            return stripped
    elif field.kind in ("choice", "date"):
        return stripped
    return text


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted paths (``{"a": {"b": 1}}`` → ``{"a.b": 1}``); lists joined.

    The one flattening of nested data: ``diff`` compares policies with it, and the
    CSV outputs write their columns with it. Scalars are kept as they are; a list
    becomes its items joined with ', '.
    """
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = ", ".join(str(v) for v in value)
        else:
            flat[name] = value
    return flat
