"""``lgtool atgarder``: list the action items of the processings' action plans."""

from __future__ import annotations

from typing import TextIO

from lgtool.atgarder import action_items, select_items
from lgtool.commands.status import load_status, report_problems
from lgtool.errors import ExitCode
from lgtool.options import AtgarderOptions


def atgarder(options: AtgarderOptions, out: TextIO, *, err: TextIO | None = None) -> ExitCode:
    """List the items; exit 1 when the register has problems or ``--fail-on`` is met."""
    loaded, current = load_status(options.register, options.per, options.objekt)
    items = select_items(action_items(current), options)
    fmt = options.format
    if fmt == "json":
        from lgtool.render.atgarder import atgarder_dict
        from lgtool.render.data import to_json

        out.write(to_json(atgarder_dict(items)))
    elif fmt == "csv":
        from lgtool.render.atgarder import atgarder_csv

        out.write(atgarder_csv(items))
    elif fmt == "markdown":
        from lgtool.render.atgarder import atgarder_markdown

        out.write(atgarder_markdown(items, current.organisation, current.per))
    else:
        from lgtool.render.atgarder import render_table

        render_table(items, current.organisation, current.per, out)
    report_problems(loaded.problems, fmt, out, err)
    failed = options.fail_on == "forsenade" and any(a.forsenad for a in items)
    return ExitCode.PROBLEM if loaded.problems or failed else ExitCode.OK
