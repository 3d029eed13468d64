"""Load a register (from a folder, or from any set of files such as a git tree).

Files → validated models + problems. Every file is checked and every problem is
collected; a file with problems is left out of the models, so commands can still
show the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from lgtool import clock
from lgtool.cache import ParseCache
from lgtool.errors import RegisterError
from lgtool.folder import (
    AR_DIR,
    BEHANDLINGAR_DIR,
    INCIDENTER_DIR,
    ORGANISATION_FILE,
    FolderFiles,
    SourceFile,
    display_root,
    join_display,
    read_folder,
    register_root,
    symlink_problem,
    unreadable_problem,
    wrong_extension,
    yml_problem,
)
from lgtool.model import KANDA_ROLLER, Ar, Behandling, Organisation
from lgtool.model.trusted import construct, latest_date
from lgtool.problems import MAX_PROBLEMS_PER_FILE, Problem, cap_per_file, left_out
from lgtool.safetext import describe_control, escape_controls, first_control
from lgtool.schema_errors import suggestion, translate_all
from lgtool.yamlio import Document, YamlError, parse_file_bytes

if TYPE_CHECKING:  # imported with the first incident record: most registers have none
    from lgtool.model.incident import Incident

__all__ = [  # the folder's names are re-exported: one import for loading a register
    "AR_DIR",
    "BEHANDLINGAR_DIR",
    "INCIDENTER_DIR",
    "ORGANISATION_FILE",
    "FolderFiles",
    "Kind",
    "OwnRules",
    "ParsedFile",
    "Progress",
    "Register",
    "SourceFile",
    "assemble",
    "display_root",
    "join_display",
    "kind_of",
    "load_register",
    "load_sources",
    "parse_source",
    "passes_alone",
    "read_folder",
    "register_root",
    "stem_of",
    "symlink_problem",
    "unreadable_problem",
    "wrong_extension",
    "yml_problem",
]

M = TypeVar("M", bound=BaseModel)

Progress = Callable[[int], Callable[[], None]]
"""Given the number of files, returns what to call after each file (e.g. a progress bar)."""


@dataclass(frozen=True)
class Register:
    """A loaded register: the valid models, and every problem found on the way."""

    organisation: Organisation | None
    behandlingar: tuple[Behandling, ...]
    ar: Mapping[int, Ar]
    problems: tuple[Problem, ...]
    files: Mapping[str, str] = field(default_factory=dict)
    """Behandling id → the file it came from (display path)."""
    incidenter: tuple[Incident, ...] = ()
    """The incident records (incidenter/<ÅÅÅÅ>/<id>.yaml) without problems, by id."""

    def require_organisation(self) -> Organisation:
        """The organisation, or a user error when organisation.yaml is unusable."""
        if self.organisation is None:
            raise RegisterError(
                f"{ORGANISATION_FILE} har fel eller saknas; rätta den först (lgtool validate)"
            )
        return self.organisation


def load_register(
    root: Path,
    *,
    today: date | None = None,
    cache: bool = False,
    progress: Progress | None = None,
    files: FolderFiles | None = None,
) -> Register:
    """Read and validate the register folder ``root``.

    With ``cache`` the YAML of unchanged files is taken from the register's parse
    cache (:mod:`lgtool.cache`), and the cache is updated afterwards. ``files`` is
    what :func:`read_folder` gave for ``root``, when the caller has read it already.
    """
    sources, problems = files if files is not None else read_folder(root)
    parse_cache = ParseCache.for_register(root) if cache else None
    register = load_sources(
        sources,
        display_root=display_root(root),
        today=today,
        extra=problems,
        cache=parse_cache,
        progress=progress,
    )
    if parse_cache is not None:
        parse_cache.save()
    return register


@dataclass(frozen=True)
class _Loaded:
    """A file that parsed and validated, with its document for positions."""

    fil: str
    stem: str
    document: Document
    model: Any


Kind = Literal["organisation", "behandling", "ar", "incident"]


def kind_of(rel: str) -> Kind | None:
    """What the register file at ``rel`` holds; None for a file outside the register's parts."""
    if rel == ORGANISATION_FILE:
        return "organisation"
    folder = rel.rpartition("/")[0]
    if folder == BEHANDLINGAR_DIR:
        return "behandling"
    if folder == AR_DIR:
        return "ar"
    if folder == INCIDENTER_DIR or folder.rpartition("/")[0] == INCIDENTER_DIR:
        return "incident"
    return None


_MODELS: dict[Kind, type[BaseModel]] = {
    "organisation": Organisation,
    "behandling": Behandling,
    "ar": Ar,
}
"""The schema of each kind of file; the incident's is imported with the first incident."""


def _model(kind: Kind) -> type[BaseModel]:
    if kind == "incident" and kind not in _MODELS:
        from lgtool.model.incident import Incident

        _MODELS[kind] = Incident
    return _MODELS[kind]


@dataclass(frozen=True)
class ParsedFile:
    """One file parsed and validated on its own, before the rules between files.

    It depends only on the file's path, its bytes and today's date, so it can be
    cached by content (``lgtool trend`` caches it by git blob id).
    """

    rel: str
    kind: Kind | None
    """None for a file that is not part of the register (it is ignored)."""
    loaded: _Loaded | None
    problems: tuple[Problem, ...]


def parse_source(
    source: SourceFile,
    *,
    display_root: str = "",
    today: date | None = None,
    cache: ParseCache | None = None,
) -> ParsedFile:
    """Parse and validate one register file by itself (the rules between files come later)."""
    kind = kind_of(source.rel)
    if kind is None:
        return ParsedFile(source.rel, None, None, ())
    problems: list[Problem] = []
    context = {"idag": today or clock.today()}
    shown = join_display(display_root, source.rel)
    loaded = _load_one(source, shown, _model(kind), context, problems, cache)
    if cache is not None:
        cache.settle()
    return ParsedFile(source.rel, kind, loaded, tuple(problems))


def load_sources(
    sources: Iterable[SourceFile],
    *,
    display_root: str = "",
    today: date | None = None,
    extra: Iterable[Problem] = (),
    cache: ParseCache | None = None,
    progress: Progress | None = None,
) -> Register:
    """Validate register files given as bytes; apply the cross-file rules.

    With ``cache``, the YAML of files read before is taken from it; ``progress`` is
    told how many files there are and ticked once per file.
    """
    items = list(sources)
    tick = progress(len(items)) if progress is not None else None

    def parsed() -> Iterator[ParsedFile]:
        for source in items:
            yield parse_source(source, display_root=display_root, today=today, cache=cache)
            if tick is not None:
                tick()

    return assemble(parsed(), display_root=display_root, extra=extra)


def assemble(
    parsed: Iterable[ParsedFile],
    *,
    display_root: str = "",
    extra: Iterable[Problem] = (),
    behandling_stems: Iterable[str] = (),
) -> Register:
    """The register from files checked one by one (:func:`parse_source`): rules between files.

    ``behandling_stems``: the names of processing files left out of ``parsed``
    because their result is kept (:mod:`lgtool.processing_cache`); their ids exist.
    """
    problems: list[Problem] = list(extra)
    organisation: _Loaded | None = None
    behandlingar: list[_Loaded] = []
    years: list[_Loaded] = []
    incidents: list[_Loaded] = []
    seen_organisation = False
    behandling_files: set[str] = set(behandling_stems)
    for item in parsed:
        problems.extend(item.problems)
        if item.kind == "behandling":  # an id named by a file with problems is not unknown
            behandling_files.add(stem_of(item.rel))
        if item.kind == "organisation":
            seen_organisation = True
            organisation = item.loaded
        elif item.loaded is None:
            continue
        elif item.kind == "behandling":
            behandlingar.append(item.loaded)
        elif item.kind == "ar":
            years.append(item.loaded)
        elif item.kind == "incident":
            incidents.append(item.loaded)
    organisation_file = join_display(display_root, ORGANISATION_FILE)
    if not seen_organisation and not any(p.fil == organisation_file for p in problems):
        # (a file that is there but cannot be read has its own problem already)
        problems.append(
            Problem(
                join_display(display_root, ORGANISATION_FILE),
                1,
                1,
                "fil-saknas",
                f"{ORGANISATION_FILE} saknas; registret behöver organisationen och dess "
                "förvaltningsobjekt",
            )
        )
    org_model: Organisation | None = organisation.model if organisation else None
    if organisation:
        _check_organisation(organisation, problems)
    valid = _check_behandlingar(behandlingar, organisation, problems)
    ar = _check_years(years, problems, org_model)
    valid.sort(key=lambda b: b.model.id)
    known_ids = {b.model.id for b in behandlingar} | behandling_files
    incidenter = _check_incidents(incidents, known_ids, org_model, problems)
    _check_year_counts(years, ar, incidenter, problems)
    return Register(
        organisation=org_model,
        behandlingar=tuple(b.model for b in valid),
        ar=ar,
        problems=tuple(sorted(cap_per_file(problems))),
        files={b.model.id: b.fil for b in valid},
        incidenter=tuple(i.model for i in incidenter),
    )


def _load_one(  # noqa: PLR0917  (private helper; one call site per file kind)
    source: SourceFile,
    shown: str,
    model: type[M],
    context: dict[str, Any],
    problems: list[Problem],
    cache: ParseCache | None,
) -> _Loaded | None:
    stem = stem_of(source.rel)
    if cache is None:
        key = None
        try:
            document = parse_file_bytes(source.raw)
        except YamlError as exc:
            problems.append(Problem(shown, exc.line, exc.column, exc.code, exc.message))
            return None
    else:
        key = cache.key(source.raw)
        found, data = cache.get(key)
        if found:
            document = Document.deferred(data, source.raw)
            latest = cache.validated(key, model.__name__)
            if latest is not False and (latest is None or latest <= context["idag"]):
                # Validated cleanly before, and still on this day (see lgtool.cache).
                return _Loaded(shown, stem, document.for_positions(), construct(model, data))
        else:
            try:
                document = parse_file_bytes(source.raw)
            except YamlError as exc:
                problems.append(Problem(shown, exc.line, exc.column, exc.code, exc.message))
                return None
            cache.put(key, document.data)
    controls = control_problems(source.raw, document, shown)
    if controls:
        problems.extend(controls)
        return None
    try:
        instance = model.model_validate(document.data, context=context)
    except ValidationError as exc:
        problems.extend(translate_all(exc.errors(), document, shown, model))
        return None
    if cache is not None and key is not None:
        cache.mark_validated(key, model.__name__, latest_date(instance))
    return _Loaded(shown, stem, document.for_positions(), instance)


_MAYBE_CONTROL = re.compile(rb"\\|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c")
"""Bytes without a backslash escape or a raw bidirectional mark hold no control character.

YAML itself refuses raw C0 and C1 characters; they reach a value only through a
double-quoted escape (``"\\e"``, ``"\\x1b"``, ``"\\ud800"``). Bidirectional marks are
printable to YAML and are looked for as their UTF-8 bytes.
"""


def _may_hold_control(raw: bytes) -> bool:
    """Whether ``_MAYBE_CONTROL`` matches ``raw``: plain byte tests rule out most files first
    (the search costs a few µs a file; a cold run reads thousands)."""
    if b"\\" in raw or b"\xe2\x80" in raw or b"\xe2\x81" in raw or b"\xd8\x9c" in raw:
        return _MAYBE_CONTROL.search(raw) is not None
    return False


def control_problems(raw: bytes, document: Document, shown: str) -> list[Problem]:
    """Keys and values holding control, bidirectional or lone surrogate characters.

    Such a character can rewrite the terminal of whoever runs lgtool on the
    register, or show a value in another order than it is stored; no field needs
    one, so the file is refused (see docs/sakerhet.md). Past
    ``MAX_PROBLEMS_PER_FILE`` the rest are counted, not located.
    """
    if not _may_hold_control(raw):
        return []
    found: list[Problem] = []
    rest: list[tuple[tuple[str | int, ...], bool]] = []

    def add(path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        if len(found) >= MAX_PROBLEMS_PER_FILE:
            rest.append((path, key))
            return
        line, col = document.locate(path, key=key)
        found.append(Problem(shown, line, col, "styrtecken", message))

    def visit(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            char = first_control(value)
            if char is not None:
                where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
                where = where.lstrip(".") or "värdet"
                add(
                    path,
                    f"'{where}' innehåller {describe_control(char)}, som inte får "
                    "förekomma i registret; ta bort tecknet",
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                char = first_control(key) if isinstance(key, str) else None
                if char is not None:
                    add(
                        (*path, key),
                        f"fältnamnet '{escape_controls(str(key))}' innehåller "
                        f"{describe_control(char)}; ta bort tecknet",
                        key=True,
                    )
                    continue
                visit(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*path, index))

    visit(document.data, ())
    if rest:
        line, col = document.locate(rest[0][0], key=rest[0][1])
        found.append(left_out(shown, line, col, len(rest)))
    return found


def stem_of(rel: str) -> str:
    """The file name without its suffix, as PurePosixPath(rel).stem (cheaper, for 10,000 files)."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _problem(
    loaded: _Loaded, path: tuple[str | int, ...], code: str, message: str, *, key: bool = False
) -> Problem:
    line, col = loaded.document.locate(path, key=key)
    return Problem(loaded.fil, line, col, code, message)


def _suggest(value: str, candidates: Iterable[str]) -> str:
    return suggestion(value, sorted(candidates))


def _known_roles(organisation: Organisation) -> set[str]:
    return set(KANDA_ROLLER) | set(organisation.policy.pm3_roller)


def _check_roles(
    loaded: _Loaded,
    prefix: tuple[str | int, ...],
    roller: Mapping[str, Any],
    known: set[str],
    problems: list[Problem],
) -> bool:
    ok = True
    for role in roller:
        if role not in known:
            ok = False
            problems.append(
                _problem(
                    loaded,
                    (*prefix, role),
                    "okand-roll",
                    f"okänd roll '{role}'{_suggest(role, known)} "
                    "(lägg till den i policy.pm3_roller om organisationen använder den)",
                    key=True,
                )
            )
    return ok


def _check_organisation(loaded: _Loaded, problems: list[Problem]) -> None:
    organisation: Organisation = loaded.model
    known = _known_roles(organisation)
    seen: dict[str, int] = {}
    for i, objekt in enumerate(organisation.forvaltningsobjekt):
        if objekt.id in seen:
            problems.append(
                _problem(
                    loaded,
                    ("forvaltningsobjekt", i, "id"),
                    "dubblett-id",
                    f"förvaltningsobjektet '{objekt.id}' finns redan "
                    f"(forvaltningsobjekt[{seen[objekt.id]}])",
                )
            )
        seen.setdefault(objekt.id, i)
        _check_roles(loaded, ("forvaltningsobjekt", i, "roller"), objekt.roller, known, problems)


class OwnRules:
    """The rules between files that a processing file meets by itself, given organisation.yaml:
    its id is its file name, its action-plan items are unique, its förvaltningsobjekt
    exists, its roles are known. (Unique ids across files are the rest.)"""

    def __init__(self, organisation: Organisation | None) -> None:
        self.organisation = organisation
        self.objekt_ids = {o.id for o in organisation.forvaltningsobjekt} if organisation else set()
        self.known = _known_roles(organisation) if organisation else set()

    def check(self, loaded: _Loaded) -> list[Problem]:
        """The problems of ``loaded`` (a processing file that validated) by these rules."""
        found: list[Problem] = []
        b: Behandling = loaded.model
        if b.id != loaded.stem:
            found.append(
                _problem(
                    loaded,
                    ("id",),
                    "id-filnamn",
                    f"id '{b.id}' stämmer inte med filnamnet '{loaded.stem}.yaml'; "
                    "id och filnamn ska vara lika",
                )
            )
        if b.handlingsplan and b.handlingsplan.punkter:
            seen_items: dict[str, int] = {}
            for i, punkt in enumerate(b.handlingsplan.punkter):
                if punkt.id in seen_items:
                    found.append(
                        _problem(
                            loaded,
                            ("handlingsplan", "punkter", i, "id"),
                            "dubblett-id",
                            f"punkten '{punkt.id}' finns redan i handlingsplanen "
                            f"(punkter[{seen_items[punkt.id]}])",
                        )
                    )
                seen_items.setdefault(punkt.id, i)
        if self.organisation is not None:
            objekt_ids = self.objekt_ids
            if b.forvaltningsobjekt not in objekt_ids:
                found.append(
                    _problem(
                        loaded,
                        ("forvaltningsobjekt",),
                        "okant-objekt",
                        f"förvaltningsobjektet '{b.forvaltningsobjekt}' finns inte i "
                        f"{ORGANISATION_FILE}{_suggest(b.forvaltningsobjekt, objekt_ids)}",
                    )
                )
            if b.roller:
                _check_roles(loaded, ("roller",), b.roller, self.known, found)
        return found


def _check_behandlingar(
    behandlingar: list[_Loaded], organisation: _Loaded | None, problems: list[Problem]
) -> list[_Loaded]:
    valid: list[_Loaded] = []
    owner: dict[str, str] = {}
    rules = OwnRules(organisation.model if organisation else None)
    for loaded in behandlingar:
        b: Behandling = loaded.model
        found = rules.check(loaded)
        if b.id in owner:
            found.append(
                _problem(
                    loaded, ("id",), "dubblett-id", f"id '{b.id}' används redan i {owner[b.id]}"
                )
            )
        owner.setdefault(b.id, loaded.fil)
        problems.extend(found)
        if not found:
            valid.append(loaded)
    return valid


def passes_alone(item: ParsedFile, organisation: Organisation | None) -> bool:
    """Whether a processing file without problems of its own meets, with ``organisation``,
    the rules between files that concern it alone (id and file name alike, item ids
    unique, a known förvaltningsobjekt, known roles). ``lgtool trend`` swaps such a file
    into the previous step's register instead of assembling the register again."""
    if item.kind != "behandling" or item.loaded is None or item.problems:
        return False
    holder = None
    if organisation is not None:
        holder = _Loaded(item.loaded.fil, "", item.loaded.document, organisation)
    problems: list[Problem] = []
    return bool(_check_behandlingar([item.loaded], holder, problems)) and not problems


def _check_years(
    years: list[_Loaded], problems: list[Problem], organisation: Organisation | None = None
) -> dict[int, Ar]:
    result: dict[int, Ar] = {}
    for loaded in years:
        ar: Ar = loaded.model
        ok = True
        if str(ar.ar) != loaded.stem:
            ok = False
            problems.append(
                _problem(
                    loaded,
                    ("ar",),
                    "ar-filnamn",
                    f"ar: {ar.ar} stämmer inte med filnamnet '{loaded.stem}.yaml'; "
                    + (
                        f"ändra ar till {loaded.stem} eller döp om filen till {ar.ar}.yaml"
                        if loaded.stem.isdigit()
                        else f"filen ska heta {ar.ar}.yaml"
                    ),
                )
            )
        for year, items in ar.prioriteringar.items():
            if not ar.ar <= year <= ar.ar + 2:
                ok = False
                problems.append(
                    _problem(
                        loaded,
                        ("prioriteringar", year),
                        "ar-utanfor-plan",
                        f"prioriteringar för {year} hör inte hemma i planen för {ar.ar}; "
                        f"tillåtna år är {ar.ar}–{ar.ar + 2}",
                        key=True,
                    )
                )
            seen: set[str] = set()
            for i, item in enumerate(items):
                if item.id in seen:
                    ok = False
                    problems.append(
                        _problem(
                            loaded,
                            ("prioriteringar", year, i, "id"),
                            "dubblett-id",
                            f"prioriteringen '{item.id}' förekommer två gånger under {year}",
                        )
                    )
                seen.add(item.id)
        if not _check_objectives(loaded, organisation, problems):
            ok = False
        if ok and ar.ar not in result:
            result[ar.ar] = ar
    return result


def _check_objectives(
    loaded: _Loaded, organisation: Organisation | None, problems: list[Problem]
) -> bool:
    """Objective ids are unique; ``urval.forvaltningsobjekt`` names an objekt that exists."""
    ar: Ar = loaded.model
    ok = True
    objekt_ids = [o.id for o in organisation.forvaltningsobjekt] if organisation else None
    seen: set[str] = set()
    for i, mal in enumerate(ar.mal):
        if mal.id in seen:
            ok = False
            problems.append(
                _problem(loaded, ("mal", i, "id"), "dubblett-id", f"målet '{mal.id}' finns redan")
            )
        seen.add(mal.id)
        wanted = mal.urval.forvaltningsobjekt if mal.urval else None
        if wanted and objekt_ids is not None and wanted not in objekt_ids:
            ok = False
            problems.append(
                _problem(
                    loaded,
                    ("mal", i, "urval", "forvaltningsobjekt"),
                    "okant-objekt",
                    f"förvaltningsobjektet '{wanted}' finns inte i "
                    f"{ORGANISATION_FILE}{_suggest(wanted, objekt_ids)}",
                )
            )
    return ok


def _check_incidents(
    incidents: list[_Loaded],
    known_ids: set[str],
    organisation: Organisation | None,
    problems: list[Problem],
) -> list[_Loaded]:
    """The rules of incidenter/: year folder, unique ids, processings, order of the reports."""
    valid: list[_Loaded] = []
    owner: dict[str, str] = {}
    out_of_scope = (
        organisation is not None and organisation.omfattas_av_cybersakerhetslagen is False
    )
    for loaded in sorted(incidents, key=lambda i: i.fil):
        incident: Incident = loaded.model
        found = _incident_problems(loaded, known_ids)
        if incident.id in owner:
            found.append(
                _problem(
                    loaded,
                    ("id",),
                    "dubblett-id",
                    f"incidenten '{incident.id}' finns redan i {owner[incident.id]}",
                )
            )
        owner.setdefault(incident.id, loaded.fil)
        problems.extend(found)
        if incident.betydande and out_of_scope:
            line, col = loaded.document.locate(("betydande",))
            problems.append(
                Problem(
                    loaded.fil,
                    line,
                    col,
                    "utanfor-cybersakerhetslagen",
                    f"incidenten är markerad som betydande, men {ORGANISATION_FILE} anger "
                    "omfattas_av_cybersakerhetslagen: false; rapporteringsfristerna till CSIRT "
                    "gäller bara den som omfattas",
                    niva="varning",
                )
            )
        if not found:
            valid.append(loaded)
    valid.sort(key=lambda i: i.model.id)
    return valid


def _incident_problems(loaded: _Loaded, known_ids: set[str]) -> list[Problem]:
    """One incident's problems: its folder and file name, the order of its reports, its ids."""
    from lgtool.model.incident import STOCKHOLM, moment, report_day

    incident: Incident = loaded.model
    found: list[Problem] = []
    detected = moment(incident.upptackt)
    year = detected.astimezone(STOCKHOLM).year
    folder = loaded.fil.rpartition("/")[0].rpartition("/")[2]
    if folder != str(year):
        where = f"mappen {folder}/" if folder != INCIDENTER_DIR else f"{INCIDENTER_DIR}/"
        found.append(
            _problem(
                loaded,
                ("upptackt",),
                "incident-fel-mapp",
                f"incidenten upptäcktes {year} men ligger i {where}; flytta filen till "
                f"{INCIDENTER_DIR}/{year}/{loaded.stem}.yaml",
            )
        )
    if incident.id != loaded.stem:
        found.append(
            _problem(
                loaded,
                ("id",),
                "id-filnamn",
                f"id '{incident.id}' stämmer inte med filnamnet '{loaded.stem}.yaml'; "
                "id och filnamn ska vara lika",
            )
        )
    for step in ("tidig_varning", "incidentanmalan", "imy_anmalan"):
        sent = getattr(incident, step)
        if sent is not None and moment(sent) < detected:
            found.append(
                _problem(
                    loaded,
                    (step,),
                    "fore-upptackt",
                    f"{step} ({sent}) ligger före upptackt ({incident.upptackt}); en anmälan "
                    "kan inte göras innan incidenten upptäcktes",
                )
            )
    final, notified = incident.slutrapport, incident.incidentanmalan
    if final is not None:
        bare_day = len(final.strip()) == len("ÅÅÅÅ-MM-DD")
        if notified is not None and (
            report_day(final) < report_day(notified)
            if bare_day
            else moment(final) < moment(notified)
        ):
            found.append(
                _problem(
                    loaded,
                    ("slutrapport",),
                    "fore-anmalan",
                    f"slutrapport ({final}) ligger före incidentanmalan ({notified}); "
                    "slutrapporten lämnas efter incidentanmälan",
                )
            )
        elif report_day(final) < detected.astimezone(STOCKHOLM).date():
            found.append(
                _problem(
                    loaded,
                    ("slutrapport",),
                    "fore-upptackt",
                    f"slutrapport ({final}) ligger före upptackt ({incident.upptackt})",
                )
            )
    for i, behandling in enumerate(incident.behandlingar):
        if behandling not in known_ids:
            found.append(
                _problem(
                    loaded,
                    ("behandlingar", i),
                    "okand-behandling",
                    f"behandlingen '{behandling}' finns inte i {BEHANDLINGAR_DIR}/"
                    f"{_suggest(behandling, known_ids)}",
                )
            )
    return found


def _check_year_counts(
    years: list[_Loaded], ar: Mapping[int, Ar], incidents: list[_Loaded], problems: list[Problem]
) -> None:
    """A year file's per_kategori counts must agree with the year's incident records."""
    counted: dict[int, dict[str, int]] = {}
    for loaded in incidents:
        from lgtool.model.incident import STOCKHOLM, moment  # only with incident records

        incident: Incident = loaded.model
        year = moment(incident.upptackt).astimezone(STOCKHOLM).year
        per_year = counted.setdefault(year, {})
        per_year[incident.kategori] = per_year.get(incident.kategori, 0) + 1
    for loaded in years:
        year_model: Ar = loaded.model
        if ar.get(year_model.ar) is not year_model or year_model.incidenter is None:
            continue
        given = dict(year_model.incidenter.per_kategori)
        records = counted.get(year_model.ar)
        if not records or not given:
            continue
        for kategori in sorted(set(given) | set(records)):
            in_file, in_records = given.get(kategori, 0), records.get(kategori, 0)
            if in_file == in_records:
                continue
            path: tuple[str | int, ...] = ("incidenter", "per_kategori")
            if kategori in given:
                path = (*path, kategori)
            problems.append(
                _problem(
                    loaded,
                    path,
                    "incidenter-stammer-inte",
                    f"incidenter.per_kategori anger {in_file} för '{kategori}', men "
                    f"{INCIDENTER_DIR}/{year_model.ar}/ har {in_records} incidentfiler med den "
                    "kategorin; rätta antalet eller ta bort per_kategori (då räknas den fram "
                    "ur incidentfilerna)",
                )
            )
