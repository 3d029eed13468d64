"""``lgtool stad``: the whole city, rolled up from every unit's register (docs/stad.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from lgtool import clock
from lgtool.errors import ExitCode
from lgtool.folder import FolderFiles
from lgtool.options import StadGemensammaOptions, StadReportOptions, StadStatusOptions
from lgtool.problems import Problem, counted, format_text, has_errors, summary
from lgtool.stad.cityfile import BrokenEntry, City, read_city
from lgtool.stad.rollup import UnitSummary, summarize

if TYPE_CHECKING:
    from lgtool.stad.units import LoadedUnit


@dataclass(frozen=True)
class UnitResult:
    """One unit of stad.yaml as the commands show it: its summary and its problems."""

    id: str
    namn: str
    typ: str | None
    summary: UnitSummary
    problems: tuple[Problem, ...]
    loaded: LoadedUnit | None = None
    """The register and its status; None for an entry of stad.yaml with problems."""


@dataclass(frozen=True)
class CityResult:
    """The city file and every unit in its order."""

    city: City
    per: date
    units: tuple[UnitResult, ...]

    @property
    def stad(self) -> str:
        """The city's name (stad.yaml's file name when it has none)."""
        return self.city.namn or self.city.shown

    def failed(self) -> bool:
        """Whether stad.yaml or any unit's register has an error."""
        return has_errors(self.city.problems) or any(has_errors(u.problems) for u in self.units)


def read_units(
    stadsfil: Path,
    per: date | None,
    *,
    cache: bool,
    today: date | None = None,
    read: MutableMapping[str, FolderFiles] | None = None,
    folders: list[str] | None = None,
    whole: bool = False,
) -> CityResult:
    """Read the city file and every unit's register; compute each unit's summary at ``per``.

    ``read``: register folders already read, by path (those read here are added);
    ``folders`` is filled with each unit's register folder, '' for a unit read from
    git (for the result cache, :mod:`lgtool.stad.cached`). With ``cache``, a unit
    whose files have not changed is taken from its stored summary
    (:mod:`lgtool.stad.unitcache`) unless ``whole`` asks for every register as read.
    """
    from lgtool.stad.units import load_unit

    city = read_city(stadsfil)
    today = today or clock.today()
    per = per or today
    found: list[UnitResult] = []
    store = None
    if cache and not whole and per >= today:
        from lgtool.stad.unitcache import UnitStore

        store = UnitStore.open(stadsfil)
    for item in city.order():
        if isinstance(item, BrokenEntry):
            found.append(
                UnitResult(item.id, item.namn, item.typ, UnitSummary(item.fel, {}, ()), ())
            )
            continue
        if folders is not None:
            folders.append(os.fspath(item.folder) if item.folder is not None else "")
        key = None
        if store is not None and item.folder is not None:
            read = read if read is not None else {}
            key = _unit_key(item.folder, read, today=today, per=per)
            stored = store.get(key) if key is not None else None
            if stored is not None:
                summary_, problems = stored
                found.append(UnitResult(item.id, item.namn, item.typ, summary_, problems))
                continue
        loaded = load_unit(city, item, per, today=today, cache=cache, read=read)
        summary_ = summarize(loaded.fel, loaded.register, loaded.status)
        if store is not None and key is not None and loaded.register is not None:
            store.put(key, summary_, loaded.problems)
        found.append(UnitResult(item.id, item.namn, item.typ, summary_, loaded.problems, loaded))
    if store is not None:
        store.save()
    return CityResult(city, per, tuple(found))


def _unit_key(
    folder: Path, read: MutableMapping[str, FolderFiles], *, today: date, per: date
) -> str | None:
    """The key of the unit's stored summary (:mod:`lgtool.stad.unitcache`); None when the
    folder is no register (reading it reports why)."""
    from lgtool.errors import LgtoolError
    from lgtool.folder import read_folder, register_root
    from lgtool.stad.unitcache import unit_key

    try:
        root = register_root(folder)
    except LgtoolError:
        return None
    files = read.get(os.fspath(folder))
    if files is None:
        files = read[os.fspath(folder)] = read_folder(root)
    return unit_key(root, files, today=today, per=per)


def write_problems(result: CityResult, out: TextIO, *, after_output: bool = True) -> None:
    """stad.yaml's problems, then each unit's, as ``lgtool validate`` shows them.

    ``after_output``: a blank line first, apart from the table above (not on stderr).
    """
    city = result.city
    text = ""
    if city.problems:
        text += f"\n{city.shown} har {counted(city.problems)}:\n{format_text(city.problems)}"
    for unit in result.units:
        if unit.problems:
            text += (
                f"\nEnheten {unit.namn} ({unit.id}) har {summary(list(unit.problems))} "
                f"(visas som i lgtool validate):\n{format_text(unit.problems)}"
            )
    out.write(text if after_output else text.lstrip("\n"))


def status(
    options: StadStatusOptions,
    out: TextIO,
    *,
    err: TextIO | None = None,
    today: date | None = None,
    read: MutableMapping[str, FolderFiles] | None = None,
    folders: list[str] | None = None,
) -> ExitCode:
    """Every unit's key figures and the city total; exit 1 when anything has errors.

    ``today``, ``read`` and ``folders`` as in :func:`read_units`.
    """
    from lgtool.stad.render import Rollup, Row
    from lgtool.stad.rollup import total

    result = read_units(
        options.stadsfil,
        options.per,
        cache=options.cache,
        today=today,
        read=read,
        folders=folders,
    )
    rows = tuple(Row(u.id, u.namn, u.typ, u.summary.fel, u.summary.nyckeltal) for u in result.units)
    rollup = Rollup(result.stad, result.per, rows, total(r.nyckeltal for r in rows))
    fmt = options.format
    if fmt == "json":
        from lgtool.stad.render import status_json

        out.write(status_json(rollup))
    elif fmt == "csv":
        from lgtool.stad.render import status_csv

        out.write(status_csv(rollup))
    elif fmt == "markdown":
        from lgtool.stad.render import status_markdown

        out.write(status_markdown(rollup))
    else:
        from lgtool.stad.render import render_status

        render_status(rollup, out)
    if fmt in ("json", "csv"):
        write_problems(result, err or sys.stderr, after_output=False)
    else:
        write_problems(result, out)
    return ExitCode.PROBLEM if result.failed() else ExitCode.OK


def gemensamma(
    options: StadGemensammaOptions,
    out: TextIO,
    *,
    err: TextIO | None = None,
    today: date | None = None,
    read: MutableMapping[str, FolderFiles] | None = None,
    folders: list[str] | None = None,
) -> ExitCode:
    """The city-common systems, each once, with its state in every unit that uses it.

    ``today``, ``read`` and ``folders`` as in :func:`read_units`.
    """
    from lgtool.stad.rollup import common_systems

    result = read_units(
        options.stadsfil,
        options.per,
        cache=options.cache,
        today=today,
        read=read,
        folders=folders,
    )
    systems = common_systems([(u.id, u.summary) for u in result.units])
    if options.format == "json":
        from lgtool.render.data import to_json
        from lgtool.stad.render import common_dict

        out.write(to_json(common_dict(result.stad, result.per, systems)))
        write_problems(result, err or sys.stderr, after_output=False)
    else:
        from lgtool.stad.render import render_common

        names = {u.id: u.namn for u in result.units}
        render_common(result.stad, result.per, systems, names, out)
        write_problems(result, out)
    return ExitCode.PROBLEM if result.failed() else ExitCode.OK


def report(options: StadReportOptions) -> ExitCode:
    """The city's summary for a year, written to ``output`` (atomically) or stdout.

    Units whose registers have errors are in it with their error-free files, and named;
    their problems go to stderr and the exit code is 1.
    """
    from lgtool.atomic import write_output
    from lgtool.commands.report import check_request
    from lgtool.errors import UsageError
    from lgtool.report.context import reference_date
    from lgtool.stad import report as city_report
    from lgtool.stad.rollup import common_systems

    year, fmt, output, publik = options.year, options.format, options.output, options.publik
    check_request(year, fmt, output)
    if options.mallar is not None and not options.mallar.is_dir():
        raise UsageError(f"--mallar: mappen '{options.mallar}' finns inte")
    per = reference_date(year, options.per)
    result = read_units(options.stadsfil, per, cache=options.cache, whole=True)
    units = [
        city_report.facts(
            u.id,
            namn=u.namn,
            typ=u.typ,
            register=u.loaded.register if u.loaded else None,
            nyckeltal=u.summary.nyckeltal,
            status=u.loaded.status if u.loaded else None,
            year=year,
            fel=u.summary.fel,
        )
        for u in result.units
    ]
    systems = common_systems([(u.id, u.summary) for u in result.units])
    context = city_report.build_context(result.stad, year, per, units, systems, publik=publik)
    processings = sum(u.antal or 0 for u in units)
    charts: dict[str, bytes] = {}
    if fmt != "markdown":
        chart = city_report.chart(result.stad, units, publik=publik)
        if chart is not None:
            name = f"{chart.name}.{'png' if fmt == 'docx' else 'svg'}"
            charts[name] = chart.png if fmt == "docx" else chart.svg
            context["diagram"]["jamforelse"] = {"fil": name, "text": chart.caption}
    text = city_report.render_markdown(context, options.mallar, processings=processings)
    if publik:
        city_report.check_public(text, result.stad, units)
    if fmt == "markdown":
        data = text.encode("utf-8")
    else:
        from lgtool.report.convert import convert

        data = convert(
            text,
            fmt,
            title=f"Ledningens genomgång {year} – {result.stad}",
            author=result.stad,
            subject=f"Sammanställning för staden av ledningens genomgång {year}"
            + (" (publik version)" if publik else ""),
            per=per,
            charts=charts,
        )
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_output(output, data)
    write_problems(result, sys.stderr, after_output=False)
    return ExitCode.PROBLEM if result.failed() else ExitCode.OK
