"""``lgtool incidenter``: incidents and the state of their legal reporting deadlines."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from lgtool import clock
from lgtool.commands.loading import load
from lgtool.errors import ExitCode
from lgtool.incidents import all_frister, detected
from lgtool.model.incident import STOCKHOLM
from lgtool.options import IncidenterOptions, NyIncidentOptions
from lgtool.problems import format_text, has_errors, summary
from lgtool.register import register_root


def incidenter(
    options: IncidenterOptions,
    out: TextIO,
    *,
    err: TextIO | None = None,
    root: Path | None = None,
    today: date | None = None,
) -> ExitCode:
    """List the incidents; exit 1 on register problems or a state named by ``fail_on``."""
    loaded = load(root or register_root(options.register), today=today, cache=options.cache)
    per = options.per or today or clock.today()
    incidents = [
        i
        for i in loaded.incidenter
        if options.ar is None or detected(i).astimezone(STOCKHOLM).year == options.ar
    ]
    items = all_frister(incidents, per)
    if options.format == "json":
        from lgtool.render.incidents import render_json

        out.write(render_json(items))
    elif options.format == "csv":
        from lgtool.render.incidents import render_csv

        out.write(render_csv(items))
    elif options.format == "markdown":
        from lgtool.render.incidents import render_markdown

        out.write(render_markdown(items, per.isoformat()))
    else:
        from lgtool.render.incidents import render_table

        render_table(items, per.isoformat(), out)
    if loaded.problems:
        text = f"\nRegistret har {summary(list(loaded.problems))} (visas som i lgtool validate):\n"
        text += format_text(loaded.problems)
        if options.format in ("json", "csv"):
            (err or sys.stderr).write(text.lstrip("\n"))
        else:
            out.write(text)
    failed = any(f.status in options.fail_on for i in items for f in i.frister.values())
    return ExitCode.PROBLEM if has_errors(loaded.problems) or failed else ExitCode.OK


def ny_incident(options: NyIncidentOptions, out: TextIO, *, today: date | None = None) -> ExitCode:
    """Create ``incidenter/ÅÅÅÅ/ID.yaml`` from the commented skeleton."""
    from lgtool.incident_skeleton import SCHEMA_FILE, create

    root = register_root(options.register)
    path = create(
        root, options.incident_id, upptackt=options.upptackt, today=today or clock.today()
    )
    out.write(
        f"Skapade {path.as_posix()}.\n"
        "Fyll i rubrik, kategori, betydande och personuppgiftsincident"
        + ("" if options.upptackt else " och upptackt")
        + ", och kör sedan 'lgtool validate'.\n"
    )
    if not (root / "schema" / SCHEMA_FILE).is_file():
        out.write("Tips: kör 'lgtool schema' så att editorn hittar schemat för incidentfiler.\n")
    return ExitCode.OK
