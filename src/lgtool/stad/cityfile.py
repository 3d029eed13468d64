"""Reading ``stad.yaml``: the units and where their registers are, with located problems.

The city file is treated as hostile input, as a register file is: it is read
through :func:`lgtool.folder.read_regular` (a FIFO or a device is refused, the
size is bounded), parsed by :mod:`lgtool.yamlio` (no anchors, aliases or tags)
and validated by its schema (:mod:`lgtool.stad.model`). Every problem is
collected and located (file, line, column); a unit whose entry has problems is
left out with its problems, and the others are read as usual.
"""

from __future__ import annotations

import errno
import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from lgtool.errors import UsageError
from lgtool.folder import TooLargeError, read_regular, unreadable_reason
from lgtool.problems import Problem, cap_per_file
from lgtool.schema_errors import translate_all
from lgtool.stad.limits import MAX_CITY_BYTES
from lgtool.stad.model import Enhet, GitKalla, Stad
from lgtool.yamlio import Document, YamlError, parse_file_bytes


@dataclass(frozen=True)
class Unit:
    """One unit of the city file, and where its register is."""

    id: str
    namn: str
    typ: str
    index: int
    """Its place in ``enheter`` (0-based), for locating problems."""
    folder: Path | None
    """The register folder (relative paths resolved from stad.yaml's folder)."""
    git: GitKalla | None
    """The git repository, revision and folder; ``repository`` holds the resolved path."""
    repository: Path | None = None
    shown: str = ""
    """How the register is named in messages: its folder, or ``förråd@ref:sökväg``."""


@dataclass(frozen=True)
class BrokenEntry:
    """A unit whose entry in stad.yaml has problems; listed by its id when it has one."""

    id: str
    namn: str
    typ: str | None
    index: int
    fel: int


@dataclass(frozen=True)
class City:
    """The city file read: its name, the usable units, and every problem with it."""

    path: Path
    shown: str
    namn: str | None
    units: tuple[Unit, ...]
    broken: tuple[BrokenEntry, ...]
    problems: tuple[Problem, ...]
    document: Document | None = None

    def locate(self, index: int, *path: str) -> tuple[int, int]:
        """Line and column of unit ``index``'s field ``path`` in stad.yaml."""
        if self.document is None:
            return 1, 1
        return self.document.locate(("enheter", index, *path))

    def order(self) -> list[Unit | BrokenEntry]:
        """The units with a known id in the order of the file, usable or not."""
        items: list[Unit | BrokenEntry] = [*self.units, *self.broken]
        return sorted(items, key=lambda u: u.index)


def read_city(path: Path) -> City:
    """Read and check the city file at ``path``.

    A file that does not exist or cannot be read is a usage error (exit 2); a file
    that cannot be parsed gives a city without units and the problem; everything
    else is a problem of the unit or the field it concerns.
    """
    shown = path.as_posix()
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"stadsfilen '{shown}' finns inte")
    try:
        raw = read_regular(path, limit=MAX_CITY_BYTES)
    except TooLargeError as exc:
        raise UsageError(
            f"stadsfilen '{shown}' är {-(-exc.size // 1024)} KiB; den får vara högst "
            f"{MAX_CITY_BYTES // 1024} KiB"
        ) from None
    except OSError as exc:
        reason = unreadable_reason(exc, symlink=path.is_symlink())
        if exc.errno == errno.EISDIR:
            reason = "det är en mapp; ange filen, t.ex. stad.yaml"
        raise UsageError(f"stadsfilen '{shown}' kan inte läsas: {reason}") from None
    try:
        document = parse_file_bytes(raw)
    except YamlError as exc:
        problem = Problem(shown, exc.line, exc.column, exc.code, exc.message)
        return City(path, shown, None, (), (), (problem,))
    return _check(path, shown, document)


def _check(path: Path, shown: str, document: Document) -> City:
    data = document.data
    problems: list[Problem] = []
    errors: list[ErrorDetails] = []
    try:
        Stad.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
    by_unit: dict[int, list[ErrorDetails]] = {}
    for error in errors:
        loc = error["loc"]
        if len(loc) >= 2 and loc[0] == "enheter" and isinstance(loc[1], int):
            by_unit.setdefault(loc[1], []).append(error)
    problems.extend(translate_all(errors, document, shown, Stad))
    entries = data.get("enheter") if isinstance(data, dict) else None
    name = data.get("stad") if isinstance(data, dict) else None
    units: list[Unit] = []
    broken: list[BrokenEntry] = []
    seen: dict[str, int] = {}
    base = path.parent
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if index in by_unit:
            found = _broken(entry, index, len(by_unit[index]))
            if found is not None and found.id not in seen:
                seen[found.id] = index
                broken.append(found)
            continue
        enhet = Enhet.model_validate(entry)
        if enhet.id in seen:
            line, col = document.locate(("enheter", index, "id"))
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    "dubblett-id",
                    f"enheten '{enhet.id}' finns redan (enheter[{seen[enhet.id]}]); varje "
                    "enhet ska ha ett eget id",
                )
            )
            continue
        seen[enhet.id] = index
        unit, problem = _unit(enhet, index, base, document, shown)
        if problem is not None:
            problems.append(problem)
            broken.append(BrokenEntry(enhet.id, enhet.namn, enhet.typ, index, 1))
        else:
            units.append(unit)
    return City(
        path,
        shown,
        name if isinstance(name, str) and name.strip() else None,
        tuple(units),
        tuple(broken),
        tuple(sorted(cap_per_file(problems))),
        document,
    )


def _broken(entry: Any, index: int, fel: int) -> BrokenEntry | None:
    """A unit entry with problems, shown by its id when it has a usable one."""
    if not isinstance(entry, dict):
        return None
    unit_id = entry.get("id")
    if not isinstance(unit_id, str) or not _usable_id(unit_id):
        return None
    namn = entry.get("namn")
    typ = entry.get("typ")
    return BrokenEntry(
        unit_id,
        namn if isinstance(namn, str) and namn.strip() else unit_id,
        typ if typ in ("forvaltning", "bolag") else None,
        index,
        fel,
    )


def _usable_id(value: str) -> bool:
    from lgtool.model.common import slug_problem

    return slug_problem(value) is None


def _unit(
    enhet: Enhet, index: int, base: Path, document: Document, shown: str
) -> tuple[Unit, Problem | None]:
    """The unit with its register's place resolved from stad.yaml's folder."""
    source = enhet.register
    if isinstance(source, str):
        folder = _resolve(base, source)
        unit = Unit(enhet.id, enhet.namn, enhet.typ, index, folder, None, None, folder.as_posix())
        return unit, None
    repository = _resolve(base, source.git)
    inside = source.sokvag.strip().rstrip("/")
    problem = _inside_problem(inside)
    if problem is not None:
        line, col = document.locate(("enheter", index, "register", "sokvag"))
        return (
            Unit(enhet.id, enhet.namn, enhet.typ, index, None, source),
            Problem(shown, line, col, "ogiltig-sokvag", problem),
        )
    where = f"{repository.as_posix()}@{source.ref}" + (f":{inside}" if inside else "")
    git = GitKalla(git=source.git, ref=source.ref, sokvag=inside)
    return Unit(enhet.id, enhet.namn, enhet.typ, index, None, git, repository, where), None


def _resolve(base: Path, text: str) -> Path:
    """A path of stad.yaml, relative to its folder (``~`` is not expanded)."""
    joined = os.path.join(base, text) if not os.path.isabs(text) else text
    return Path(os.path.normpath(joined))


def _inside_problem(inside: str) -> str | None:
    """Why ``sokvag`` cannot name a folder inside the repository, or None."""
    parts: Sequence[str] = inside.split("/") if inside else []
    if posixpath.isabs(inside) or any(p in ("..", ".") for p in parts) or "\\" in inside:
        return (
            f"'register.sokvag' ska vara en mapp i förrådet, skriven relativt dess rot "
            f"utan '..', t.ex. register; inte '{inside}'"
        )
    return None
