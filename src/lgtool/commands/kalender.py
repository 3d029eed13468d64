"""``lgtool kalender``: what falls due next, and who must do it."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from lgtool import clock
from lgtool.checkpoints import compute_status
from lgtool.commands.loading import load
from lgtool.due import Kalender, collect, due_within, people, select
from lgtool.errors import ExitCode, UsageError
from lgtool.options import KalenderOptions
from lgtool.problems import format_text, summary
from lgtool.register import register_root


def kalender(
    options: KalenderOptions,
    out: TextIO,
    *,
    err: TextIO | None = None,
    today: date | None = None,
) -> ExitCode:
    """List what falls due; exit 1 when the register has problems or ``fail_on`` is met."""
    err = err or sys.stderr
    if options.output is not None:
        _check_target(options)
    loaded = load(register_root(options.register), today=today)
    organisation = loaded.require_organisation()
    known = [o.id for o in organisation.forvaltningsobjekt]
    for wanted in options.objekt:
        if wanted not in known:
            raise UsageError(
                f"--objekt: förvaltningsobjektet '{wanted}' finns inte; finns: {', '.join(known)}"
            )
    per = options.per or today or clock.today()
    status = compute_status(organisation, loaded.behandlingar, per)
    every = collect(status, organisation, loaded.ar)
    # --fail-on looks at the same person, objekt and kinds, whatever the window shown.
    scoped = select(
        every, per, inom=None, ansvarig=options.ansvarig, objekt=options.objekt, typ=options.typ
    )
    chosen = select(scoped, per, inom=options.inom)
    if options.ansvarig is not None and not chosen:
        names, roles = people(every, organisation)
        wanted = options.ansvarig.strip().casefold()
        if wanted not in {n.casefold() for n in names} | set(roles) | {"ingen namngiven"}:
            err.write(
                f"obs: ingen heter eller har rollen '{options.ansvarig}'. "
                f"Personer: {', '.join(names) or 'inga'}. "
                f"Roller: {', '.join(roles) or 'inga'}.\n"
            )
    result = Kalender(per, organisation.organisation, chosen)
    _write(options, result, out)
    if loaded.problems:
        found = summary(list(loaded.problems))
        err.write(f"Registret har {found} (visas som i lgtool validate):\n")
        err.write(format_text(loaded.problems))
    fail_on = options.fail_on
    failed = fail_on is not None and due_within(scoped, per, fail_on.inom)
    return ExitCode.PROBLEM if loaded.problems or failed else ExitCode.OK


def _check_target(options: KalenderOptions) -> None:
    from lgtool.atomic import check_output

    assert options.output is not None
    check_output(options.output)


def _render(options: KalenderOptions, result: Kalender) -> str:
    fmt = options.format
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
    kalender_table(result, options.inom, buffer)
    return buffer.getvalue()


def _write(options: KalenderOptions, result: Kalender, out: TextIO) -> None:
    if options.output is None and options.format == "table":
        from lgtool.render.kalender import kalender_table

        kalender_table(result, options.inom, out)
        return
    text = _render(options, result)
    if options.output is None:
        out.write(text)
        return
    from lgtool.atomic import write_output

    write_output(Path(options.output), text.encode("utf-8"))
