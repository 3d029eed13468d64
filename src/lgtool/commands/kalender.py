"""``lgtool kalender``: what falls due next, and who must do it."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from lgtool import clock
from lgtool.commands.loading import load
from lgtool.due import INGEN_NAMNGIVEN, Kalender, Post, collect, due_within, people, select
from lgtool.errors import ExitCode, LgtoolError, UsageError
from lgtool.folder import FolderFiles
from lgtool.options import KalenderOptions
from lgtool.problems import format_text, summary
from lgtool.register import Register, register_root


def kalender(
    options: KalenderOptions,
    out: TextIO,
    *,
    err: TextIO | None = None,
    today: date | None = None,
    root: Path | None = None,
    files: FolderFiles | None = None,
) -> ExitCode:
    """List what falls due; exit 1 when the register has problems or ``fail_on`` is met.

    ``root`` and ``files``: the register folder as :mod:`lgtool.commands.cached` read it.
    """
    err = err or sys.stderr
    _check_target(options)
    root = root or register_root(options.register)
    loaded = load(root, today=today, cache=options.cache, files=files)
    organisation = loaded.require_organisation()
    known = [o.id for o in organisation.forvaltningsobjekt]
    for wanted in options.objekt:
        if wanted not in known:
            raise UsageError(
                f"--objekt: förvaltningsobjektet '{wanted}' finns inte; finns: {', '.join(known)}"
            )
    today = today or clock.today()
    per = options.per or today
    register = _known_at(root, loaded, per, today=today, cache=options.cache, err=err)
    organisation = register.require_organisation()

    def due_items(till: date | None) -> tuple[Post, ...]:
        b, ar, incidents = register.behandlingar, register.ar, register.incidenter
        return collect(organisation, b, per, ar, incidents, till=till)

    needed_until = _needed_until(options, per)
    every = due_items(needed_until)
    # --fail-on looks at the same person, objekt and kinds, whatever the window shown.
    scoped = select(
        every, per, inom=None, ansvarig=options.ansvarig, objekt=options.objekt, typ=options.typ
    )
    chosen = select(scoped, per, inom=options.inom)
    if options.ansvarig is not None and not chosen:
        if needed_until is not None:  # the people of later items too
            every = due_items(None)
        names, roles = people(every, organisation)
        wanted = options.ansvarig.strip().casefold()
        if wanted not in {n.casefold() for n in names} | set(roles) | {INGEN_NAMNGIVEN}:
            err.write(
                f"obs: ingen heter eller har rollen '{options.ansvarig}'. "
                f"Personer: {', '.join(names) or 'inga'}. "
                f"Roller: {', '.join(roles) or 'inga'}.\n"
            )
    result = Kalender(per, organisation.organisation, chosen)
    if options.per_ansvarig:
        _write_per_person(options, result, scoped, out)
    else:
        _write(options, result, out)
    if loaded.problems:
        found = summary(list(loaded.problems))
        err.write(f"Registret har {found} (visas som i lgtool validate):\n")
        err.write(format_text(loaded.problems))
    fail_on = options.fail_on
    failed = fail_on is not None and due_within(scoped, per, fail_on.inom)
    return ExitCode.PROBLEM if loaded.problems or failed else ExitCode.OK


def _known_at(
    root: Path, loaded: Register, per: date, *, today: date, cache: bool, err: TextIO
) -> Register:
    """The register as known at ``per``: for a date in the past, what its git history
    knew then, as status counts it (:func:`lgtool.asof.status_per`), and a line on
    stderr saying what the list rests on (the JSON's shape has no room for it)."""
    if per >= today:
        return loaded
    from lgtool.asof import status_per
    from lgtool.render.basis import basis_sentence, shows_basis

    register, status = status_per(root, loaded, per, today=today, cache=cache)
    if shows_basis(status):
        err.write(basis_sentence(status) + "\n")
    return register


def _needed_until(options: KalenderOptions, per: date) -> date | None:
    """The last day whose items this run shows or tests (None: every item is needed).

    The window, or ``--fail-on inom:DAGAR`` when it looks further; ``--per-ansvarig``
    writes a feed for everyone with anything due at all, so it needs them all.
    """
    if options.per_ansvarig:
        return None
    days = options.inom
    fail_on = options.fail_on
    if fail_on is not None and fail_on.inom is not None:
        days = max(days, fail_on.inom)
    return per + timedelta(days=days)


def _check_target(options: KalenderOptions) -> None:
    """Refuse a bad -o before any work is done."""
    from lgtool.atomic import check_output

    folder = options.output
    if options.per_ansvarig:
        if folder is None:
            raise UsageError("--per-ansvarig kräver -o MAPP")
        if options.format not in ("table", "ics"):
            raise UsageError(f"--per-ansvarig skriver ics; ta bort --format {options.format}")
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"-o: '{folder.as_posix()}' är ingen mapp")
        if not folder.exists() and not folder.parent.is_dir():
            raise UsageError(f"-o: mappen '{folder.parent.as_posix()}' finns inte")
    elif folder is not None:
        check_output(folder)
    if options.format == "ics" or options.per_ansvarig:
        from lgtool.render.ics import require_icalendar

        require_icalendar()


def _render(options: KalenderOptions, result: Kalender) -> str:
    fmt = options.format
    if fmt == "ics":
        from lgtool.render.ics import calendar_bytes

        data = calendar_bytes(result, paminnelse=options.paminnelse, namn=options.ansvarig)
        return data.decode("utf-8")
    if fmt == "json":
        from lgtool.render.kalender import kalender_json

        return kalender_json(result)
    if fmt == "csv":
        from lgtool.render.kalender import kalender_csv

        return kalender_csv(result)
    if fmt == "markdown":
        from lgtool.render.kalender import kalender_markdown

        return kalender_markdown(result, options.inom)
    from lgtool.render.kalender import kalender_table

    buffer = io.StringIO()
    kalender_table(result, options.inom, buffer, alla=options.alla)
    return buffer.getvalue()


def _write(options: KalenderOptions, result: Kalender, out: TextIO) -> None:
    if options.output is None and options.format == "table":
        from lgtool.render.kalender import kalender_table

        kalender_table(result, options.inom, out, alla=options.alla, terminal=options.terminal)
        return
    text = _render(options, result)
    if options.output is None:
        out.write(text)
        return
    from lgtool.atomic import write_output

    write_output(Path(options.output), text.encode("utf-8"))


def _write_per_person(
    options: KalenderOptions, result: Kalender, scoped: Sequence[Post], out: TextIO
) -> None:
    """One calendar per person; everyone with anything due at all gets a file, even if empty.

    A person whose items all lie beyond the window still gets an (empty) feed, so that
    a subscribed calendar empties instead of keeping last week's events. The feed of a
    person who no longer has anything at all in the register is removed, but only a file
    that lgtool itself wrote there for this organisation (:func:`_stale_feeds`).
    """
    from lgtool.atomic import write_error, write_output
    from lgtool.render.ics import calendar_bytes, person_files
    from lgtool.wording import antal

    folder = options.output
    assert folder is not None
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise write_error(folder.as_posix(), exc) from None
    mine = {id(p) for p in result.poster}
    files = person_files(scoped)
    for name, (person, items) in files.items():
        shown = [p for p in items if id(p) in mine]
        data = calendar_bytes(
            Kalender(result.per, result.organisation, tuple(shown)),
            paminnelse=options.paminnelse,
            namn=person,
        )
        write_output(folder / name, data)
        out.write(f"Skrev {(folder / name).as_posix()} ({antal(len(shown), 'post', 'poster')})\n")
    for name in _stale_feeds(folder, result.organisation, keep=set(files)):
        path = folder / name
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise LgtoolError(
                f"kunde inte ta bort {path.as_posix()}: {exc.strerror or exc}"
            ) from None
        out.write(f"Tog bort {path.as_posix()} (personen har inget kvar i registret)\n")


_HEAD_BYTES = 64 * 1024
"""How much of a file is read to know whether it is lgtool's feed (its header is < 1 KB)."""


def _stale_feeds(folder: Path, organisation: str, *, keep: set[str]) -> list[str]:
    """The files in ``folder`` that lgtool kalender --per-ansvarig wrote for ``organisation``
    earlier and that this run did not write: a name as :func:`person_files` gives it, a
    regular file (never a link), lgtool's PRODID and this organisation's calendar name.
    Anything else in the folder is never touched."""
    from lgtool.render.ics import OWN_FEED_NAME, is_own_person_feed

    stale = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name in keep or not OWN_FEED_NAME.fullmatch(entry.name):
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        try:
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            head = os.read(fd, _HEAD_BYTES)
        except OSError:
            continue
        finally:
            os.close(fd)
        if is_own_person_feed(head, organisation):
            stale.append(entry.name)
    return stale
