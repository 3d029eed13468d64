"""Rebuild a model from data that the same lgtool validated before, without validating.

The validated cache (:mod:`lgtool.cache`) remembers that a file's bytes validated
cleanly as a given model. Validating those bytes again would give the same model,
so a warm run builds it directly. With the schemas' strict types, validation
changes the input in exactly two ways: a mapping becomes a nested model and a
date string becomes a :class:`datetime.date`; every other value (str, int, bool,
None, lists and dicts of them) is kept as it is. :func:`construct` makes those two
changes and fills in the defaults, as ``model_validate`` would, and nothing else.

Only data that passed ``model_validate`` for the same model in the same lgtool
version may come here: nothing is checked. A test proves that the result equals a
fresh validation for every file of the example register and the test corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel

from lgtool.model.annotations import Allowed, Choice, DictOf, ListOf, unwrap

M = TypeVar("M", bound=BaseModel)

Convert = Callable[[Any], Any]
_Plan = tuple[tuple[tuple[str, Convert | None], ...], dict[str, Callable[[], Any]]]

_PLANS: dict[type[BaseModel], _Plan] = {}
_new = object.__new__
_set = object.__setattr__


def construct(model: type[M], data: dict[str, Any]) -> M:
    """The model ``model_validate(data)`` gave before, built without validating."""
    plan = _PLANS.get(model) or _plan(model)
    fields, defaults = plan
    values: dict[str, Any] = {}
    for name, convert in fields:
        if name in data:
            value = data[name]
            values[name] = value if convert is None or value is None else convert(value)
        else:
            values[name] = defaults[name]()
    instance = _new(model)
    # What BaseModel.model_construct sets, with the fields set as validation records them.
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", set(data))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


def _plan(model: type[BaseModel]) -> _Plan:
    fields: list[tuple[str, Convert | None]] = []
    defaults: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        if info.alias not in (None, name):
            raise TypeError(f"{model.__name__}.{name}: alias not supported")
        fields.append((name, _converter(info.annotation)))
        if not info.is_required():
            defaults[name] = partial(info.get_default, call_default_factory=True)
    plan: _Plan = (tuple(fields), defaults)
    _PLANS[model] = plan
    return plan


def _date(value: str) -> date:
    return date.fromisoformat(value.strip())  # the schema strips before matching YYYY-MM-DD


def _converter(annotation: Any) -> Convert | None:
    """How validation changes a value of this type; None when it keeps the value as it is."""
    allowed, nullable = unwrap(annotation)
    if len(allowed) == 1 and not nullable:
        return _convert_one(allowed[0], annotation)
    converts = [_convert_one(a, annotation) for a in allowed]
    present = [c for c in converts if c is not None]
    if not present:
        return None
    if len(present) != 1:
        raise TypeError(f"{annotation}: a union of several converted types")
    inner = present[0]
    if _text_or_model(allowed):  # a decision: plain text kept, a record (a mapping) built
        return lambda v: inner(v) if isinstance(v, dict) else v
    return lambda v: None if v is None else inner(v)


def _text_or_model(allowed: tuple[Allowed, ...]) -> bool:
    """``str | SomeModel``: the only union whose members validation treats differently."""
    return str in allowed and any(isinstance(a, type) and issubclass(a, BaseModel) for a in allowed)


def _convert_one(allowed: Allowed, annotation: Any) -> Convert | None:
    match allowed:
        case ListOf(item_type):
            item = _converter(item_type)
            return None if item is None else (lambda v: [item(x) for x in v])
        case DictOf(key_type, value_type):
            if _converter(key_type) is not None:
                raise TypeError(f"{annotation}: converted mapping keys")
            value = _converter(value_type)
            return None if value is None else (lambda v: {k: value(x) for k, x in v.items()})
        case Choice():
            return None
        case type() if issubclass(allowed, BaseModel):
            nested = allowed
            return lambda v: construct(nested, v)
    if allowed is date:
        return _date
    if allowed in (str, int, float, bool):
        return None
    raise TypeError(f"{allowed}: not supported by the trusted constructor")


def latest_date(instance: BaseModel) -> date | None:
    """The latest date anywhere in a validated model (None when it holds no date).

    A file that validated on one day validates on every later day as long as
    today is not before this date: the rule "no date after today" is the only
    thing in validation that depends on the day.
    """
    dates = _DATES.get(type(instance)) or _dates_of_model(type(instance))
    return max(dates(instance), default=None)


Dates = Callable[[Any], list[date]]
_DATES: dict[type[BaseModel], Dates] = {}


def _dates_of_model(model: type[BaseModel]) -> Dates:
    """Every date in an instance of ``model``, looking only at fields that can hold one."""
    fields = [
        (name, found)
        for name, info in model.model_fields.items()
        if (found := _dates(info.annotation)) is not None
    ]

    def dates(instance: Any) -> list[date]:
        values = instance.__dict__
        result: list[date] = []
        for name, found in fields:
            value = values[name]
            if value is not None:
                result.extend(found(value))
        return result

    _DATES[model] = dates
    return dates


def _dates(annotation: Any) -> Dates | None:
    """How to find the dates in a value of this type; None when it cannot hold one."""
    allowed, nullable = unwrap(annotation)
    present = [d for a in allowed if (d := _dates_of_one(a)) is not None]
    if not present:
        return None
    if len(present) != 1:
        raise TypeError(f"{annotation}: a union of several types with dates")
    inner = present[0]
    if not nullable and len(allowed) == 1:
        return inner
    if _text_or_model(allowed):
        return lambda v: inner(v) if isinstance(v, BaseModel) else []
    return lambda v: [] if v is None else inner(v)


def _dates_of_one(allowed: Allowed) -> Dates | None:
    match allowed:
        case ListOf(item_type):
            item = _dates(item_type)
            return None if item is None else (lambda v: [d for x in v for d in item(x)])
        case DictOf(_, value_type):
            value = _dates(value_type)
            return None if value is None else (lambda v: [d for x in v.values() for d in value(x)])
        case type() if issubclass(allowed, BaseModel):
            return _DATES.get(allowed) or _dates_of_model(allowed)
    if allowed is date:
        return lambda v: [v]
    return None
