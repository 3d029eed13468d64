"""What a field's type annotation allows, with pydantic's and typing's wrappers taken off.

The code that walks the schemas (the trusted constructor, the field paths of ``satt``,
the hints in validation messages) asks the same questions of an annotation: which
types does it allow, is None one of them, and what does a list or a mapping hold.
:func:`unwrap` answers them once, so that ``Annotated[date, ...] | None``,
``Optional[X]`` and ``X | Y`` read the same everywhere.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class ListOf:
    """``list[item]``; ``item`` is still wrapped (pass it to :func:`unwrap`)."""

    item: Any


@dataclass(frozen=True)
class DictOf:
    """``dict[key, value]``; ``key`` and ``value`` are still wrapped."""

    key: Any
    value: Any


@dataclass(frozen=True)
class Choice:
    """``Literal[...]``: one of ``values``."""

    values: tuple[Any, ...]


Allowed = Any
"""One allowed type: a class (``str``, ``date``, a model), a :class:`ListOf`, a
:class:`DictOf` or a :class:`Choice`."""


class Unwrapped(NamedTuple):
    """The types an annotation allows besides None, and whether None is allowed."""

    types: tuple[Allowed, ...]
    nullable: bool


def unwrap(annotation: Any) -> Unwrapped:
    """``annotation`` without ``Annotated[...]`` and ``None``; a union gives each member.

    Unions inside unions are flattened, in order: ``Annotated[int, ...] | None``
    gives ``((int,), True)`` and ``str | list[X]`` gives ``((str, ListOf(X)), False)``.
    """
    allowed: list[Allowed] = []
    nullable = False
    pending = [annotation]
    while pending:
        current = pending.pop(0)
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin is typing.Annotated:
            pending.insert(0, args[0])
        elif origin is typing.Union or origin is types.UnionType:
            nullable = nullable or type(None) in args
            pending[:0] = [a for a in args if a is not type(None)]
        elif origin is list:
            allowed.append(ListOf(args[0]))
        elif origin is dict:
            allowed.append(DictOf(args[0], args[1]))
        elif origin is typing.Literal:
            allowed.append(Choice(args))
        else:
            allowed.append(current)
    return Unwrapped(tuple(allowed), nullable)
