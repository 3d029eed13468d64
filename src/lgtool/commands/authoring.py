"""``lgtool ny``, ``lgtool satt`` and ``lgtool registrera``: write the register safely."""

from __future__ import annotations

from datetime import date
from typing import TextIO

from lgtool import clock
from lgtool.editing import (
    REGISTRERA_FIELDS,
    EditResult,
    add_item,
    create,
    not_earlier,
    set_values,
    shown_value,
)
from lgtool.errors import ExitCode, UsageError
from lgtool.options import ATGARD, NyOptions, PunktOptions, RegistreraOptions, SattOptions
from lgtool.register import register_root
from lgtool.skeleton import SCHEMA_FILE


def ny(options: NyOptions, out: TextIO) -> ExitCode:
    """Create ``behandlingar/ID.yaml`` from the commented skeleton."""
    root = register_root(options.register)
    behandling_id = options.behandling_id
    path, missing = create(
        root, behandling_id, options.objekt, namn=options.namn, kategori=options.kategori
    )
    out.write(f"Skapade {path.as_posix()}.\n")
    if missing:
        out.write(
            f"Fyll i de obligatoriska fälten: {', '.join(missing)}\n"
            f"i en editor eller med t.ex. 'lgtool satt {behandling_id} personuppgifter true',\n"
            "och kör sedan 'lgtool validate'.\n"
        )
    if not (root / "schema" / SCHEMA_FILE).is_file():
        out.write(
            "Tips: kör 'lgtool schema' så att editorn hittar schemat och kan komplettera "
            "och kontrollera fälten.\n"
        )
    return ExitCode.OK


def satt(options: SattOptions, out: TextIO, *, today: date | None = None) -> ExitCode:
    """Set one or more fields (FIELD VALUE pairs) in a processing file."""
    arguments = options.falt_och_varden
    if len(arguments) < 2 or len(arguments) % 2:
        raise UsageError("ange fält och värde i par: lgtool satt ID FÄLT VÄRDE [FÄLT VÄRDE ...]")
    pairs = list(zip(arguments[::2], arguments[1::2], strict=True))
    result = set_values(register_root(options.register), options.behandling_id, pairs, today=today)
    _report(result, out)
    return ExitCode.OK


def registrera(options: RegistreraOptions, out: TextIO, *, today: date | None = None) -> ExitCode:
    """Record that a dated review (KLASSA, RSA, ...) was done (default: today), or add an
    action item (``atgard``: found on ``datum``, default today)."""
    if options.kontroll == ATGARD:
        return _add_item(options, out, today=today)
    if options.punkt is not None:
        raise UsageError(
            f"{', '.join(options.punkt.given())} gäller bara lgtool registrera {ATGARD}"
        )
    field = REGISTRERA_FIELDS[options.kontroll]
    when = options.datum or today or clock.today()
    result = set_values(
        register_root(options.register),
        options.behandling_id,
        [(field, when.isoformat())],
        today=today,
        guard=None if options.tillat_aldre else not_earlier(field, when),
    )
    _report(result, out)
    if options.kontroll == "klassa" and result.changed:
        out.write(
            "En ny KLASSA ändrar ofta klassningen och handlingsplanen; uppdatera dem med t.ex.\n"
            f"  lgtool satt {options.behandling_id} klassning.konfidentialitet NIVÅ "
            "klassning.riktighet NIVÅ klassning.tillganglighet NIVÅ\n"
            f"  lgtool satt {options.behandling_id} handlingsplan.per_datum {when.isoformat()} "
            "handlingsplan.gula ANTAL handlingsplan.roda ANTAL\n"
        )
    return ExitCode.OK


def _add_item(options: RegistreraOptions, out: TextIO, *, today: date | None) -> ExitCode:
    punkt = options.punkt or PunktOptions()
    missing = [
        name
        for name, value in (
            ("--rubrik", punkt.rubrik),
            ("--farg", punkt.farg),
            ("--kalla", punkt.kalla),
        )
        if value is None
    ]
    if missing:
        raise UsageError(
            f"lgtool registrera {ATGARD} behöver {', '.join(missing)}, t.ex. "
            f'lgtool registrera {ATGARD} {options.behandling_id} --rubrik "Loggning saknas" '
            "--farg rod --kalla klassa"
        )
    result, item_id = add_item(
        register_root(options.register),
        options.behandling_id,
        {
            "id": punkt.id,
            "rubrik": punkt.rubrik,
            "farg": punkt.farg,
            "kalla": punkt.kalla,
            "krav": punkt.krav,
            "ansvarig": punkt.ansvarig,
            "hittad": options.datum or today or clock.today(),
            "senast": punkt.senast,
        },
        today=today,
    )
    out.write(
        f"{result.path.as_posix()}: la till punkten {item_id} i handlingsplanen "
        f"(handlingsplan.punkter.{item_id})\n"
    )
    if result.remaining:
        count = len(result.remaining)
        out.write(f"Filen har fortfarande {count} fel sedan tidigare (se lgtool validate):\n")
        out.write("".join(f"  {p.text()}\n" for p in result.remaining))
    return ExitCode.OK


def _report(result: EditResult, out: TextIO) -> None:
    shown = result.path.as_posix()
    for change in result.changes:
        old, new = shown_value(change.old), shown_value(change.new)
        if old == new:
            out.write(f"{shown}: {change.field} är redan {new}; inget ändrat\n")
        else:
            out.write(f"{shown}: {change.field} {old} → {new}\n")
    if result.remaining:
        count = len(result.remaining)
        out.write(f"Filen har fortfarande {count} fel sedan tidigare (se lgtool validate):\n")
        out.write("".join(f"  {p.text()}\n" for p in result.remaining))
