"""``lgtool status`` and ``lgtool prioritering``: where the organisation stands."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from lgtool import clock
from lgtool.checkpoints import Status, fails, priority_list, select
from lgtool.commands.loading import load
from lgtool.errors import ExitCode, UsageError
from lgtool.model import KATEGORIER, Ar
from lgtool.options import PrioriteringOptions, StatusFormat, StatusOptions
from lgtool.problems import Problem, format_text, has_errors, summary
from lgtool.register import FolderFiles, Register, read_folder, register_root


def load_status(
    register: Path | None,
    per: date | None,
    objekt: Sequence[str] = (),
    kategori: Sequence[str] = (),
    bara_avvikelser: bool = False,
    *,
    cache: bool = False,
    files: FolderFiles | None = None,
    today: date | None = None,
) -> tuple[Register, Status]:
    """The register and its status at ``per`` (default today), filtered
    (:func:`load_statuses`)."""
    loaded, _, selected = load_statuses(
        register,
        per,
        objekt,
        kategori,
        bara_avvikelser,
        cache=cache,
        files=files,
        today=today,
    )
    return loaded, selected


def load_statuses(
    register: Path | None,
    per: date | None,
    objekt: Sequence[str] = (),
    kategori: Sequence[str] = (),
    bara_avvikelser: bool = False,
    *,
    cache: bool = False,
    files: FolderFiles | None = None,
    today: date | None = None,
) -> tuple[Register, Status, Status]:
    """Load the register and compute its status at ``per`` (default today): whole, and
    filtered (key figures and objectives are the whole organisation's).

    A ``per`` in the past is answered from the register's git history
    (:func:`lgtool.asof.status_per`).

    ``files``: the register folder already read (:func:`lgtool.folder.read_folder`).
    """
    loaded = load(register_root(register), today=today, cache=cache, files=files)
    organisation = loaded.require_organisation()
    _check_selection([o.id for o in organisation.forvaltningsobjekt], objekt, kategori)
    today = today or clock.today()
    root = register_root(register)
    from lgtool.asof import status_per  # git history: not needed on the quick path

    _, full = status_per(root, loaded, per or today, today=today, cache=cache)
    return (
        loaded,
        full,
        select(full, objekt=objekt, kategori=kategori, bara_avvikelser=bara_avvikelser),
    )


def _check_selection(known: Sequence[str], objekt: Sequence[str], kategori: Sequence[str]) -> None:
    """A usage error for an ``--objekt`` not among ``known`` or a ``--kategori`` that is none."""
    for wanted in objekt:
        if wanted not in known:
            raise UsageError(
                f"--objekt: förvaltningsobjektet '{wanted}' finns inte; finns: {', '.join(known)}"
            )
    for wanted in kategori:
        if wanted not in KATEGORIER:
            raise UsageError(
                f"--kategori: '{wanted}' är ingen kategori; välj {', '.join(KATEGORIER)}"
            )


def report_problems(
    problems: Sequence[Problem], fmt: StatusFormat, out: TextIO, err: TextIO | None
) -> None:
    if not problems:
        return
    text = f"\nRegistret har {summary(list(problems))} (visas som i lgtool validate):\n"
    text += format_text(problems)
    if fmt in ("json", "csv"):
        (err or sys.stderr).write(text.lstrip("\n"))
    else:
        out.write(text)


def status(
    options: StatusOptions,
    out: TextIO,
    *,
    err: TextIO | None = None,
    root: Path | None = None,
    today: date | None = None,
    files: FolderFiles | None = None,
) -> ExitCode:
    """Show the status; exit 1 when the register has problems or ``fail_on`` is met.

    ``err`` is where problems go with json and csv (default: stderr); ``root``,
    ``today`` and ``files``: the register folder as found, the day and the folder
    already read (:func:`lgtool.folder.read_folder`), when the caller has them.
    """
    fmt, fail_on = options.format, options.fail_on
    today = today or clock.today()
    quick = None
    if options.cache and fmt in ("json", "csv") and (options.per is None or options.per >= today):
        quick = _quick_statuses(options, root, files, today)
    if quick is None:
        loaded, whole, chosen = load_statuses(
            root or options.register,
            options.per,
            options.objekt,
            options.kategori,
            cache=options.cache,
            files=files,
            today=today,
        )
        problems, years = loaded.problems, loaded.ar
    else:
        problems, years, whole, chosen = quick
    current = select(chosen, bara_avvikelser=True) if options.bara_avvikelser else chosen
    from lgtool.objectives import evaluate, key_figures_by_id, not_met

    # The key figures and the objectives are the whole organisation's, whatever the selection.
    year_file = years.get(current.per.year)
    results = evaluate(whole, year_file)
    if fmt == "json":
        from lgtool.render.data import objectives_dict, status_dict, write_json

        write_json(
            {
                **status_dict(current),
                **objectives_dict(key_figures_by_id(whole, year_file), results),
            },
            out,
        )
    elif fmt == "csv":
        from lgtool.render.data import status_csv

        out.write(status_csv(current))
    elif fmt == "markdown":
        from lgtool.render.markdown import objectives_section, status_document

        out.write(
            status_document(current, whole=chosen if options.bara_avvikelser else None)
            + objectives_section(results, current.per)
        )
    else:
        from lgtool.render.table import render_objectives, render_status

        render_status(
            current,
            out,
            terminal=options.terminal,
            alla=options.alla,
            whole=chosen if options.bara_avvikelser else None,
        )
        render_objectives(results, current.per, out, terminal=options.terminal)
    report_problems(problems, fmt, out, err)
    if fail_on == "mal":
        failed = bool(not_met(results, current.per))
    else:
        failed = fail_on is not None and fails(current, fail_on)
    return ExitCode.PROBLEM if has_errors(problems) or failed else ExitCode.OK


def _quick_statuses(
    options: StatusOptions, root: Path | None, files: FolderFiles | None, today: date
) -> tuple[tuple[Problem, ...], Mapping[int, Ar], Status, Status] | None:
    """:func:`load_statuses` with each unchanged processing's result kept from the last run
    (:mod:`lgtool.processing_cache`); None when the register needs the careful way."""
    from lgtool.processing_cache import load_status

    folder = register_root(root or options.register)
    found = load_status(folder, files or read_folder(folder), today=today, per=options.per or today)
    if found is None:
        return None
    whole = found.status
    _check_selection(list(whole.objekt), options.objekt, options.kategori)
    chosen = select(whole, objekt=options.objekt, kategori=options.kategori)
    return found.problems, found.ar, whole, chosen


def prioritering(
    options: PrioriteringOptions,
    out: TextIO,
    *,
    err: TextIO | None = None,
    root: Path | None = None,
    today: date | None = None,
    files: FolderFiles | None = None,
) -> ExitCode:
    """Show the processings that need classification, in the prescribed order.

    ``err``, ``root``, ``today`` and ``files`` as in :func:`status`.
    """
    loaded, current = load_status(
        root or options.register,
        options.per,
        options.objekt,
        options.kategori,
        cache=options.cache,
        files=files,
        today=today,
    )
    fmt = options.format
    items = priority_list(current)
    if fmt in ("json", "csv"):
        from lgtool.render.data import priority_dict, to_csv, to_json

        data = priority_dict(current, items)
        out.write(to_json(data) if fmt == "json" else to_csv(data["behandlingar"]))
    elif fmt == "markdown":
        from lgtool.render.markdown import priority_document

        names = {o.id: o.namn for o in current.objekt.values()}
        out.write(priority_document(current, items, names))
    else:
        from lgtool.render.table import render_priority

        render_priority(current, items, out, terminal=options.terminal, alla=options.alla)
    report_problems(loaded.problems, fmt, out, err)
    return ExitCode.PROBLEM if has_errors(loaded.problems) else ExitCode.OK
