"""``lgtool trend``: the key figures over time, from the register's git history."""

from __future__ import annotations

import sys
from datetime import date
from typing import TextIO

from lgtool import clock
from lgtool.errors import ExitCode, GitError, UsageError
from lgtool.history import RegisterHistory, history_cache, step_dates
from lgtool.options import TrendFormat as TrendFormat  # noqa: PLC0414  (re-exported)
from lgtool.options import TrendOptions
from lgtool.register import register_root


def trend(options: TrendOptions, out: TextIO, *, today: date | None = None) -> ExitCode:
    """Show the key figures at each step date from ``fran`` to ``till``."""
    register, fran, till = options.register, options.fran, options.till
    steg, fmt = options.steg, options.format
    root = register_root(register)
    history = RegisterHistory.open(root, today=today)
    commits = history.repo.first_parent_history("HEAD")
    till = till or today or clock.today()
    fran = fran or min(c.datum for c in commits)
    if fran > till:
        raise UsageError(f"--fran {fran.isoformat()} ligger efter --till {till.isoformat()}")
    from lgtool.stepwise import stepwise_points

    cache = history_cache(root) if options.cache else None
    history.parse_cache = cache
    points = stepwise_points(history, commits, step_dates(fran, till, steg))
    if cache is not None:
        cache.save()
    note = history.shallow_note(commits)
    if note:
        sys.stderr.write(note + "\n")
    if not any(p.commit and history.at(p.commit.sha) is not None for p in points):
        raise GitError(
            f"registret '{history.display or '.'}' finns inte i någon commit på "
            f"{history.repo.head_name()} fram till {till.isoformat()}; checka in det först"
        )
    if fmt == "json":
        from lgtool.render.trend import render_json

        out.write(render_json(points, steg))
    elif fmt == "csv":
        from lgtool.render.trend import render_csv

        out.write(render_csv(points))
    elif fmt == "markdown":
        from lgtool.render.trend import render_markdown

        out.write(render_markdown(points))
    else:
        from lgtool.render.trend import render_table

        render_table(points, out)
    return ExitCode.OK
