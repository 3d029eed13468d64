"""Turn pydantic's validation errors into Swedish problems located in the YAML file."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from lgtool.model.annotations import DictOf, ListOf, unwrap
from lgtool.model.common import ROLL_PATTERN, SLUG_PATTERN
from lgtool.problems import MAX_PROBLEMS_PER_FILE, Problem, left_out, shown_count
from lgtool.wording import shown
from lgtool.yamlio import Document, PathPart, Position


def translate_all(
    errors: Sequence[ErrorDetails], document: Document, fil: str, model: type[BaseModel]
) -> list[Problem]:
    """The problems of one file's validation errors, at most ``MAX_PROBLEMS_PER_FILE``.

    The first ones by position are translated (see :func:`lgtool.problems.shown_count`);
    when there are more, one more problem at the first one left out counts the rest.
    Only the positions of the others are looked up, which is cheap.
    """
    if len(errors) <= MAX_PROBLEMS_PER_FILE:
        return [translate(e, document, fil, model) for e in errors]
    located = sorted(
        ((_position(e, document), i) for i, e in enumerate(errors)),
        key=lambda item: item[0],
    )
    n = shown_count([position for position, _ in located])
    problems = [translate(errors[i], document, fil, model) for _, i in located[:n]]
    (line, col), _ = located[n]
    problems.append(left_out(fil, line, col, len(errors) - n))
    return problems


def translate(error: ErrorDetails, document: Document, fil: str, model: type[BaseModel]) -> Problem:
    """One pydantic error → one :class:`Problem` at the key or value it concerns."""
    error = _untagged(error)
    loc: tuple[PathPart, ...] = tuple(error["loc"])
    kind = error["type"]
    line, col = _position(error, document)
    if kind == "missing":
        where = f" i '{_dotted(loc[:-1])}'" if len(loc) > 1 else ""
        return Problem(
            fil, line, col, "saknat-falt", f"obligatoriskt fält '{loc[-1]}' saknas{where}"
        )

    if kind == "extra_forbidden":
        name = str(loc[-1])
        message = f"okänt fält '{name}'{suggestion(name, _fields_at(model, loc[:-1]))}"
        return Problem(fil, line, col, "okant-falt", message)
    if kind == "invalid_key":
        return Problem(
            fil, line, col, "okant-falt", _non_text_key(error.get("input"), model, loc[:-1])
        )
    if loc and loc[-1] == "[key]":
        return Problem(fil, line, col, "ogiltig-nyckel", _key_message(error, loc[:-2]))
    code, message = _value_message(error, _dotted(loc))
    return Problem(fil, line, col, code, message)


def _untagged(error: ErrorDetails) -> ErrorDetails:
    """The error without a union's tags in its place (``<post>``: see model.ar.BeslutPost)."""
    loc = error["loc"]
    if not any(isinstance(p, str) and p.startswith("<") for p in loc):
        return error
    return {**error, "loc": tuple(p for p in loc if not (isinstance(p, str) and p.startswith("<")))}


def _position(error: ErrorDetails, document: Document) -> Position:
    path, key = _where(_untagged(error))
    return document.locate(path, key=key)


def _where(error: ErrorDetails) -> tuple[tuple[PathPart, ...], bool]:
    """The path in the file that ``error`` concerns, and whether it is the key there."""
    loc: tuple[PathPart, ...] = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        return loc[:-1], True
    if kind == "extra_forbidden":
        return loc, True
    if kind == "invalid_key":
        # A field name that YAML read as a number, a boolean or null (pydantic's loc
        # has it as 1 or 'None'; the input is the key itself).
        return (*loc[:-1], error.get("input")), True
    if loc and loc[-1] == "[key]":
        return loc[:-1], True
    return loc, False


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


def suggestion(value: str, candidates: Sequence[str]) -> str:
    """' – menade du 'X'?' for the candidate closest to ``value`` (case ignored), or ''."""
    by_lower = {c.lower(): c for c in reversed(candidates)}
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
    if not close or by_lower[close[0]] == value:
        return ""
    return f" – menade du '{by_lower[close[0]]}'?"


def _non_text_key(key: Any, model: type[BaseModel], parent: Sequence[PathPart]) -> str:
    message = f"okänt fält {shown(key)}"
    if (
        isinstance(key, int)
        and not isinstance(key, bool)
        and _is_year_key(key)
        and "prioriteringar" in _fields_at(model, parent)
    ):
        message += " (ska det vara indraget under 'prioriteringar'?)"
    return message


_CUSTOM = frozenset(
    {
        "ogiltigt_datum",
        "framtida_datum",
        "for_manga",
        "reserverat_namn",
        "fore_hittad",
        "kravs_for_status",
        "bade_antal_och_punkter",
        "okant_nyckeltal",
        "ogiltig_tidpunkt",
        "ogiltig_tidszon",
    }
)
"""The models' own error types: the message is written there, prefixed with the field."""

_BOOL_WORDS = {"ja", "nej", "yes", "no", "on", "off", "y", "n", "sant", "falskt", "x"}


def _value_message(error: ErrorDetails, field: str) -> tuple[str, str]:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in ("bool_type", "bool_parsing"):
        hint = ""
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            hint = " (citattecknen gör värdet till text; ta bort dem)"
        elif isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            hint = " (skriv true för ja och false för nej)"
        return "fel-typ", f"'{field}' ska vara true eller false, inte {shown(value)}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = ""
        if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]+\s*", value):
            hint = " (citattecknen gör värdet till text; ta bort dem)"
        return "fel-typ", f"'{field}' ska vara ett heltal, inte {shown(value)}{hint}"
    if kind in ("string_type",):
        hint = " (sätt citattecken runt värdet)" if isinstance(value, int | float) else ""
        return "fel-typ", f"'{field}' ska vara text, inte {shown(value)}{hint}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "fel-typ", f"'{field}' ska vara en mappning (fält: värde), inte {shown(value)}"
    if kind in ("list_type", "tuple_type"):
        return "fel-typ", f"'{field}' ska vara en lista, inte {shown(value)}"
    if kind == "greater_than_equal":
        return (
            "utanfor-intervall",
            f"'{field}' ska vara minst {ctx.get('ge')}, inte {shown(value)}",
        )
    if kind == "less_than_equal":
        return (
            "utanfor-intervall",
            f"'{field}' får vara högst {ctx.get('le')}, inte {shown(value)}",
        )
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        message = (
            f"ogiltigt värde {shown(value)} för '{field}'; tillåtna värden: {', '.join(allowed)}"
        )
        if isinstance(value, str):
            message += suggestion(value, allowed)
        return "ogiltigt-varde", message
    if kind == "string_pattern_mismatch":
        return (
            "ogiltigt-id",
            f"{shown(value)} är inget giltigt {_what(ctx.get('pattern'), 'värde')} för "
            f"'{field}'; {_rule(ctx.get('pattern'))}",
        )
    if kind == "string_too_short":
        return "tomt-varde", f"'{field}' får inte vara tomt"
    if kind == "string_too_long":
        return "for-langt", f"'{field}' är för långt (högst {ctx.get('max_length')} tecken)"
    if kind == "too_short":
        return "tom-lista", f"'{field}' måste innehålla minst {ctx.get('min_length')} element"
    if kind in _CUSTOM:
        code = kind.replace("_", "-")
        return code, f"'{field}': {error['msg']}"
    if kind.startswith("date"):
        return "ogiltigt-datum", f"'{field}' ska vara ett datum (ÅÅÅÅ-MM-DD), inte {shown(value)}"
    return "ogiltigt-varde", f"ogiltigt värde {shown(value)} för '{field}'"


def _key_message(error: ErrorDetails, parent: Sequence[PathPart]) -> str:
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = _dotted(parent)
    kind = error["type"]
    if kind in ("int_type", "int_parsing"):
        return f"nycklarna i '{field}' ska vara heltal, inte {shown(value)}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        what = "roll" if pattern == ROLL_PATTERN else "nyckel"
        return f"{shown(value)} är ingen giltig {what} i '{field}'; {_rule(pattern)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"nyckeln {shown(value)} i '{field}' ska vara en nivå 0–4"
    return f"ogiltig nyckel {shown(value)} i '{field}'"


def _what(pattern: Any, otherwise: str) -> str:
    return "rollnamn" if pattern == ROLL_PATTERN else otherwise


def _rule(pattern: Any) -> str:
    """The rule of a name pattern in words: each message states the rule it enforces."""
    if pattern == ROLL_PATTERN:
        return "använd små bokstäver a–z och understreck, t.ex. objektledare_it"
    if pattern == SLUG_PATTERN:
        return "använd små bokstäver a–z, siffror och bindestreck (inga å, ä, ö eller mellanslag)"
    return f"värdet ska följa mönstret {pattern}"


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
    for allowed in unwrap(annotation).types:
        inside: tuple[Any, ...] = ()
        match allowed:
            case ListOf(item):
                inside = (item,)
            case DictOf(key, value):
                inside = (key, value)
            case type() if issubclass(allowed, BaseModel):
                return allowed
        for candidate in inside:
            inner = _inner_model(candidate)
            if inner is not None:
                return inner
    return None
