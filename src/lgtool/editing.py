"""Safe changes to processing files: create from the skeleton, set fields in place.

Every change is validated with the same code as ``lgtool validate`` (the edited
bytes together with organisation.yaml) *before* anything is written; a change that
would add a problem is refused and the file is left untouched. Writes are atomic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lgtool import clock, fields, skeleton
from lgtool.atomic import write_in_register
from lgtool.checkpoints import CHECKPOINTS
from lgtool.errors import RegisterError, UsageError
from lgtool.folder import (
    TooLargeError,
    inside,
    read_regular,
    too_large_message,
    unreadable_problem,
)
from lgtool.locking import register_lock
from lgtool.model import KATEGORIER, Organisation
from lgtool.model.common import slug_problem
from lgtool.problems import Problem
from lgtool.register import BEHANDLINGAR_DIR, ORGANISATION_FILE, SourceFile, load_sources
from lgtool.safetext import describe_control, escape_controls, first_control
from lgtool.yamlio import YamlError, append_item, decode, edit_value, parse

_BOM = b"\xef\xbb\xbf"


class RefusedEditError(RegisterError):
    """A change that would leave the file with new problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem], hint: str = "") -> None:
        lines = "".join(f"\n  {p.text()}" for p in problems)
        super().__init__(f"ändringen godtas inte, inget har skrivits:{lines}{hint}")
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Change:
    """One field's value before and after (plain data as read from the file)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EditResult:
    """What a ``satt`` did: the file, its changes, and problems it still has from before."""

    path: Path
    changes: tuple[Change, ...]
    remaining: tuple[Problem, ...]

    @property
    def changed(self) -> bool:
        """Whether any value actually changed."""
        return any(c.old != c.new for c in self.changes)


def display(root: Path, rel: str) -> str:
    """The path of ``rel`` as shown in messages (like ``lgtool validate`` shows it)."""
    text = root.as_posix()
    return rel if text == "." else f"{text}/{rel}"


def check_slug(value: str, what: str) -> None:
    """A usage error unless ``value`` is an id (a–z, 0–9, hyphen; the rule of ``validate``)."""
    reason = slug_problem(value)
    if reason is not None:
        raise UsageError(f"{what} '{escape_controls(value, keep_breaks=False)}' {reason}")


def read_register_file(root: Path, rel: str, *, to_edit: bool = False) -> bytes:
    """The bytes of ``root/rel``: a regular file inside the register.

    A FIFO or a device is refused at once (it might never end), and so is a
    symbolic link out of the register. A file ``to_edit`` may not be a link at
    all: it is written back, and lgtool never writes through a link.
    """
    path = root / rel
    if path.is_symlink() and (to_edit or not inside(path, root.resolve())):
        raise RegisterError(
            f"{display(root, rel)} är en symbolisk länk; lgtool ändrar bara vanliga filer "
            "i registret"
            if to_edit
            else f"{display(root, rel)} är en symbolisk länk till en plats utanför registret "
            "och läses inte"
        )
    try:
        return read_regular(path)
    except FileNotFoundError:
        raise RegisterError(f"{display(root, rel)} saknas") from None
    except OSError as exc:
        reason = unreadable_problem(display(root, rel), exc).meddelande
        raise RegisterError(f"{display(root, rel)}: {reason}") from None
    except TooLargeError as exc:
        raise RegisterError(f"{display(root, rel)}: {too_large_message(exc.size)}") from None


def behandling_path(root: Path, behandling_id: str) -> tuple[str, Path]:
    """``behandlingar/<id>.yaml`` relative to the register, and the real path."""
    check_slug(behandling_id, "id")
    rel = f"{BEHANDLINGAR_DIR}/{behandling_id}.yaml"
    return rel, root / rel


def problems_in(root: Path, rel: str, raw: bytes, *, today: date | None = None) -> list[Problem]:
    """The problems ``lgtool validate`` would report for file ``rel`` if it held ``raw``."""
    return problems_in_files(root, {rel: raw}, today=today)[rel]


def problems_in_files(
    root: Path, files: Mapping[str, bytes], *, today: date | None = None
) -> dict[str, list[Problem]]:
    """:func:`problems_in` for many files at once (organisation.yaml is read once)."""
    sources = [SourceFile(rel, raw) for rel, raw in files.items()]
    organisation = root / ORGANISATION_FILE
    if organisation.exists() or organisation.is_symlink():  # a FIFO is refused, not skipped
        sources.insert(
            0, SourceFile(ORGANISATION_FILE, read_register_file(root, ORGANISATION_FILE))
        )
    shown = root.as_posix()
    loaded = load_sources(sources, display_root="" if shown == "." else shown, today=today)
    result: dict[str, list[Problem]] = {rel: [] for rel in files}
    by_display = {display(root, rel): rel for rel in files}
    for problem in loaded.problems:
        if problem.fil in by_display:
            result[by_display[problem.fil]].append(problem)
    return result


def load_organisation(root: Path) -> Organisation:
    """organisation.yaml as a model; a user error when it is missing or has problems."""
    shown = root.as_posix()
    loaded = load_sources(
        [SourceFile(ORGANISATION_FILE, read_register_file(root, ORGANISATION_FILE))],
        display_root="" if shown == "." else shown,
    )
    return loaded.require_organisation()


def create(
    root: Path,
    behandling_id: str,
    objekt: str,
    *,
    namn: str | None = None,
    kategori: str | None = None,
) -> tuple[Path, list[str]]:
    """Write the skeleton for a new processing; returns the file and the fields left to fill.

    Refuses an invalid id, an unknown objekt or kategori, and an existing file.
    """
    rel, path = behandling_path(root, behandling_id)
    control = first_control(namn or "")
    if control is not None:
        raise UsageError(f"--namn innehåller {describe_control(control)}; ta bort tecknet")
    if kategori is not None and kategori not in KATEGORIER:
        raise UsageError(
            f"--kategori: '{kategori}' är ingen kategori; välj {', '.join(KATEGORIER)}"
        )
    organisation = load_organisation(root)
    known = [o.id for o in organisation.forvaltningsobjekt]
    if objekt not in known:
        import difflib

        close = difflib.get_close_matches(objekt, known, n=1, cutoff=0.6)
        hint = f" – menade du '{close[0]}'?" if close else f"; finns: {', '.join(known)}"
        raise UsageError(f"--objekt: förvaltningsobjektet '{objekt}' finns inte{hint}")
    text = skeleton.render(
        behandling_id,
        objekt,
        namn=namn or None,
        kategori=kategori,
        schema=skeleton.schema_ref(root),
    )
    with register_lock(root):
        if path.exists() or path.is_symlink():
            raise RegisterError(f"{display(root, rel)} finns redan; ändra den med lgtool satt")
        write_in_register(root, rel, text.encode("utf-8"), make_folders=True)
    data = parse(text).data
    missing = [
        f.name
        for f in fields.fields()
        if f.required and not f.nullable and len(f.path) == 1 and data.get(f.name) is None
    ]
    return path, missing


def set_values(
    root: Path,
    behandling_id: str,
    assignments: Sequence[tuple[str, str]],
    *,
    today: date | None = None,
    guard: Guard | None = None,
) -> EditResult:
    """Set fields (dotted path, value as text) in one processing file, all or nothing.

    The register's write lock is held from the read to the write, so two edits at
    once both end up in the file (:mod:`lgtool.locking`). ``guard`` sees the
    file's data as it is under the lock and may refuse the change by raising.
    """
    rel, path = behandling_path(root, behandling_id)
    specs = [(fields.resolve(name), value) for name, value in assignments]
    for spec, value in specs:
        control = first_control(value)
        if control is not None:  # (also bytes that are not UTF-8: surrogate escapes)
            raise UsageError(
                f"värdet för '{spec.name}' innehåller {describe_control(control)}; ta bort tecknet"
            )
        if not value.strip():
            raise UsageError(
                f"tomt värde för '{spec.name}'; skriv null för att ta bort värdet "
                f"(lgtool satt {behandling_id} {spec.name} null)"
            )
    with register_lock(root):
        return _set_values_locked(root, behandling_id, rel, path, specs, today=today, guard=guard)


def _set_values_locked(
    root: Path,
    behandling_id: str,
    rel: str,
    path: Path,
    specs: Sequence[tuple[fields.FieldSpec, str]],
    *,
    today: date | None,
    guard: Guard | None,
) -> EditResult:
    raw, text, before_data = _read_for_edit(root, behandling_id, rel, path)
    if guard is not None:
        guard(before_data)
    specs = [*specs, *_done_dates(specs, before_data, today)]
    edited = text
    for spec, value in specs:
        try:
            edited = edit_value(
                edited, spec.path, fields.parse_value(spec, value), field_order=fields.order
            )
        except YamlError as exc:
            raise RegisterError(
                f"{display(root, rel)}:{exc.line}:{exc.column}: {exc.message}"
            ) from None
    after = _write_checked(
        root,
        rel,
        raw,
        edited,
        today=today,
        hint=_whole_mapping_hint(behandling_id, before_data, specs),
    )
    after_data = parse(edited).data
    changes = tuple(
        Change(spec.name, _lookup(before_data, spec.path), _lookup(after_data, spec.path))
        for spec, _ in specs
    )
    return EditResult(path, changes, tuple(after))


def _done_dates(
    specs: Sequence[tuple[fields.FieldSpec, str]], data: Any, today: date | None
) -> list[tuple[fields.FieldSpec, str]]:
    """``klar_datum`` (today) for an action item set to ``klar`` that has none and gets none.

    So that ``lgtool satt ID handlingsplan.punkter.hp-1.status klar`` closes the item.
    """
    given = {spec.path for spec, _ in specs}
    added = []
    for spec, value in specs:
        path = spec.path
        if len(path) == 4 and path[:2] == ("handlingsplan", "punkter") and path[3] == "status":
            done = (*path[:3], "klar_datum")
            if (
                value.strip() == "klar"
                and done not in given
                and _lookup(data, done)
                in (
                    None,
                    _ABSENT,
                )
            ):
                added.append((fields.resolve(".".join(done)), (today or clock.today()).isoformat()))
    return added


def _read_for_edit(root: Path, behandling_id: str, rel: str, path: Path) -> tuple[bytes, str, Any]:
    """The processing file's bytes, its text and its data; an error when it cannot be edited."""
    if not path.is_file() and not path.is_symlink():
        existing = sorted(p.stem for p in (root / BEHANDLINGAR_DIR).glob("*.yaml"))
        import difflib

        close = difflib.get_close_matches(behandling_id, existing, n=1, cutoff=0.6)
        hint = f" – menade du '{close[0]}'?" if close else " (skapa den med lgtool ny)"
        raise RegisterError(
            f"behandlingen '{behandling_id}' finns inte: {display(root, rel)} saknas{hint}"
        )
    raw = read_register_file(root, rel, to_edit=True)
    try:
        text = decode(raw)
        data = parse(text).data
    except YamlError as exc:
        raise RegisterError(
            f"{display(root, rel)}:{exc.line}:{exc.column}: {exc.message}; rätta filen i en "
            "editor först"
        ) from None
    return raw, text, data


def _write_checked(
    root: Path, rel: str, raw: bytes, edited: str, *, today: date | None, hint: str = ""
) -> list[Problem]:
    """Write ``edited`` (atomically) unless it adds a problem; the problems it still has."""
    bom = _BOM if raw.startswith(_BOM) else b""
    before = problems_in(root, rel, raw, today=today)
    new_raw = bom + edited.encode("utf-8")
    after = problems_in(root, rel, new_raw, today=today)
    old_kinds = {(p.kod, p.meddelande) for p in before}
    added = [p for p in after if (p.kod, p.meddelande) not in old_kinds]
    if added:
        raise RefusedEditError(added, hint)
    if new_raw != raw:
        write_in_register(root, rel, new_raw)
    return after


ITEM_FIELDS = ("id", "rubrik", "farg", "kalla", "krav", "ansvarig", "hittad", "senast")
"""The fields ``lgtool registrera atgard`` writes, in the schema's order."""


def add_item(
    root: Path,
    behandling_id: str,
    item: Mapping[str, str | date | None],
    *,
    today: date | None = None,
) -> tuple[EditResult, str]:
    """Add an action item to a processing's ``handlingsplan.punkter``; its id.

    Without ``id`` the next free ``hp-N`` is used. A plan that counts its items
    (``gula``/``roda``) is refused: the two forms cannot be mixed.
    """
    rel, path = behandling_path(root, behandling_id)
    with register_lock(root):
        raw, text, data = _read_for_edit(root, behandling_id, rel, path)
        plan = data.get("handlingsplan") if isinstance(data, dict) else None
        if isinstance(plan, dict) and ("gula" in plan or "roda" in plan):
            raise UsageError(
                f"handlingsplanen i {display(root, rel)} räknar sina punkter (gula, roda); "
                "skriv om den till punkter i en editor först (se docs/registerformat.md)"
            )
        existing = plan.get("punkter") if isinstance(plan, dict) else None
        ids = [p.get("id") for p in existing or [] if isinstance(p, dict)]
        item_id = item.get("id") or _next_item_id(ids)
        assert isinstance(item_id, str)
        check_slug(item_id, "punktens id")
        if item_id in ids:
            raise UsageError(f"punkten '{item_id}' finns redan i {display(root, rel)}")
        values = [
            (key, item_id if key == "id" else item.get(key))
            for key in ITEM_FIELDS
            if key == "id" or item.get(key) is not None
        ]
        try:
            edited = append_item(
                text, ("handlingsplan", "punkter"), values, field_order=fields.order
            )
        except YamlError as exc:
            raise RegisterError(
                f"{display(root, rel)}:{exc.line}:{exc.column}: {exc.message}"
            ) from None
        after = _write_checked(root, rel, raw, edited, today=today)
    prefix = f"handlingsplan.punkter.{item_id}"
    changes = tuple(Change(f"{prefix}.{key}", _ABSENT, value) for key, value in values)
    return EditResult(path, changes, tuple(after)), item_id


def _next_item_id(ids: Sequence[object]) -> str:
    numbers = [int(i[3:]) for i in ids if isinstance(i, str) and re.fullmatch(r"hp-\d+", i)]
    return f"hp-{max(numbers, default=0) + 1}"


Guard = Callable[[Any], None]
"""A check of a processing's data (as read, under the lock) that raises to refuse an edit."""


def not_earlier(field: str, when: date) -> Guard:
    """A :data:`Guard` that refuses to move the date ``field`` back to ``when``.

    ``lgtool registrera`` without ``--tillat-aldre``: a date earlier than the one
    recorded is more often a typing mistake than a correction.
    """

    def guard(data: Any) -> None:
        current = _lookup(data, fields.resolve(field).path)
        if isinstance(current, str):
            try:
                current = date.fromisoformat(current)
            except ValueError:
                return  # not a date: validate reports it, and the edit replaces it
        if isinstance(current, date) and when < current:
            raise RegisterError(
                f"datumet {when.isoformat()} är tidigare än {field} {current.isoformat()} som "
                "redan står i filen; inget har skrivits (lägg till --tillat-aldre om det "
                "tidigare datumet är rätt)"
            )

    return guard


def _whole_mapping_hint(
    behandling_id: str, data: Any, specs: Sequence[tuple[fields.FieldSpec, str]]
) -> str:
    """How to set every required field of a mapping that is null or missing, in one command.

    ``satt ID klassning.konfidentialitet 2`` on a processing without ``klassning``
    would create the mapping with one of its three required fields.
    """
    given = {spec.path: value for spec, value in specs}
    for spec, _ in specs:
        parent = spec.path[:-1]
        if not parent or _lookup(data, parent) not in (None, _ABSENT):
            continue
        required = [
            f.path
            for f in fields.fields()
            if f.path[:-1] == parent and f.required and not f.nullable
        ]
        if all(path in given for path in required):
            continue
        pairs = " ".join(f"{'.'.join(p)} {given.get(p, 'VÄRDE')}" for p in required)
        return (
            f"\n'{'.'.join(parent)}' saknas i filen; sätt alla dess obligatoriska fält på en "
            f"gång:\n  lgtool satt {behandling_id} {pairs}"
        )
    return ""


_ABSENT = object()


def _lookup(data: Any, path: Sequence[str]) -> Any:
    for part in path:
        if isinstance(data, list):  # a list of records, by id (handlingsplan.punkter.hp-1)
            data = next((x for x in data if isinstance(x, dict) and x.get("id") == part), None)
            if data is None:
                return _ABSENT
            continue
        if not isinstance(data, dict) or part not in data:
            return _ABSENT
        data = data[part]
    return data


def shown_value(value: Any) -> str:
    """A value as written in the file, for messages ('saknas' when the key is absent)."""
    if value is _ABSENT:
        return "(saknas)"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "(mappning)"
    return str(value).replace("\n", "\\n")


REGISTRERA_FIELDS = {c.key: c.field for c in CHECKPOINTS if c.kind == "datum" and c.field}
"""``lgtool registrera KIND``: the date field each kind of review sets."""
