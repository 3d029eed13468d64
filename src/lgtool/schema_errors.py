"""Turn pydantic's validation errors into Swedish problems located in the YAML file."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from lgtool.problems import Problem
from lgtool.yamlio import Document, PathPart


def translate(error: ErrorDetails, document: Document, fil: str, model: type[BaseModel]) -> Problem:
    """One pydantic error → one :class:`Problem` at the key or value it concerns."""
    loc: tuple[PathPart, ...] = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        line, col = document.locate(loc[:-1], key=True)
        where = f" i '{_dotted(loc[:-1])}'" if len(loc) > 1 else ""
        return Problem(
            fil, line, col, "saknat-falt", f"obligatoriskt fält '{loc[-1]}' saknas{where}"
        )
    if kind == "extra_forbidden":
        line, col = document.locate(loc, key=True)
        name = str(loc[-1])
        message = f"okänt fält '{name}'"
        close = difflib.get_close_matches(name, _fields_at(model, loc[:-1]), n=1, cutoff=0.6)
        if close:
            message += f" – menade du '{close[0]}'?"
        return Problem(fil, line, col, "okant-falt", message)
    if loc and loc[-1] == "[key]":
        line, col = document.locate(loc[:-1], key=True)
        return Problem(fil, line, col, "ogiltig-nyckel", _key_message(error, loc[:-2]))
    line, col = document.locate(loc)
    code, message = _value_message(error, _dotted(loc))
    return Problem(fil, line, col, code, message)


def _dotted(loc: Sequence[PathPart]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int) and text and not _is_year_key(part):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _is_year_key(part: int) -> bool:
    return 1900 < part < 2200


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list):
        return "en lista"
    return f"'{value}'"


_BOOL_WORDS = {"ja", "nej", "yes", "no", "on", "off", "y", "n", "sant", "falskt", "x"}


def _value_message(error: ErrorDetails, field: str) -> tuple[str, str]:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in ("bool_type", "bool_parsing"):
        hint = ""
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            hint = " (skriv true för ja och false för nej)"
        return "fel-typ", f"'{field}' ska vara true eller false, inte {_shown(value)}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "fel-typ", f"'{field}' ska vara ett heltal, inte {_shown(value)}"
    if kind in ("string_type",):
        return "fel-typ", f"'{field}' ska vara text, inte {_shown(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "fel-typ", f"'{field}' ska vara en mappning (fält: värde), inte {_shown(value)}"
    if kind in ("list_type", "tuple_type"):
        return "fel-typ", f"'{field}' ska vara en lista, inte {_shown(value)}"
    if kind == "greater_than_equal":
        return (
            "utanfor-intervall",
            f"'{field}' ska vara minst {ctx.get('ge')}, inte {_shown(value)}",
        )
    if kind == "less_than_equal":
        return (
            "utanfor-intervall",
            f"'{field}' får vara högst {ctx.get('le')}, inte {_shown(value)}",
        )
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        message = (
            f"ogiltigt värde {_shown(value)} för '{field}'; tillåtna värden: {', '.join(allowed)}"
        )
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        if close:
            message += f" – menade du '{close[0]}'?"
        return "ogiltigt-varde", message
    if kind == "string_pattern_mismatch":
        return (
            "ogiltigt-id",
            f"{_shown(value)} är inget giltigt värde för '{field}'; använd små bokstäver a–z, "
            "siffror och bindestreck (inga å, ä, ö eller mellanslag)",
        )
    if kind == "string_too_short":
        return "tomt-varde", f"'{field}' får inte vara tomt"
    if kind == "string_too_long":
        return "for-langt", f"'{field}' är för långt (högst {ctx.get('max_length')} tecken)"
    if kind == "too_short":
        return "tom-lista", f"'{field}' måste innehålla minst {ctx.get('min_length')} element"
    if kind in ("ogiltigt_datum", "framtida_datum", "for_manga"):
        code = kind.replace("_", "-")
        return code, f"'{field}': {error['msg']}"
    if kind.startswith("date"):
        return "ogiltigt-datum", f"'{field}' ska vara ett datum (ÅÅÅÅ-MM-DD), inte {_shown(value)}"
    return "ogiltigt-varde", f"ogiltigt värde {_shown(value)} för '{field}' ({error['msg']})"


def _key_message(error: ErrorDetails, parent: Sequence[PathPart]) -> str:
    value = error.get("input")
    field = _dotted(parent)
    kind = error["type"]
    if kind in ("int_type", "int_parsing"):
        return f"nycklarna i '{field}' ska vara heltal, inte {_shown(value)}"
    if kind == "string_pattern_mismatch":
        return (
            f"{_shown(value)} är ingen giltig nyckel i '{field}'; använd små bokstäver a–z, "
            "siffror, bindestreck och understreck"
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"nyckeln {_shown(value)} i '{field}' ska vara en nivå 0–4"
    return f"ogiltig nyckel {_shown(value)} i '{field}' ({error['msg']})"


def _fields_at(model: type[BaseModel], loc: Sequence[PathPart]) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The model inside ``X | None``, ``list[X]`` or ``dict[K, list[X]]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, dict, typing.Annotated):
        for arg in typing.get_args(annotation):
            inner = _inner_model(arg)
            if inner is not None:
                return inner
    return None
