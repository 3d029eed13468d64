"""``lgtool trend`` as a terminal table with sparklines, Markdown, JSON and CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from lgtool.checkpoints import CHECKPOINTS, Nyckeltal, Trend, trend_checkpoints
from lgtool.history import TrendPunkt
from lgtool.problems import Problem, format_text, summary
from lgtool.render.console import Console
from lgtool.render.data import to_csv, to_json
from lgtool.render.markdown import escape, table
from lgtool.wording import percent


@dataclass(frozen=True)
class Figure:
    """A key figure as shown in the trend: its header, long name, and how to read it."""

    key: str
    short: str
    name: str
    share: bool
    """A share 0–1 (shown in percent, sparkline on a fixed 0–100 % scale)."""
    trend: Trend | None = None


_COUNT = Figure("antal", "Beh.", "behandlingar", share=False)
_ITEMS = (
    Figure("gula", "Gula", "gula punkter", share=False),
    Figure("roda", "Röda", "röda punkter", share=False),
)


def figures(points: Sequence[TrendPunkt]) -> list[Figure]:
    """The figures shown: the count, every share followed over time, the open items.

    A share of an opt-in checkpoint is shown when some step has it (the policy
    turned it on at that time).
    """
    present = {key for p in points if p.nyckeltal for key in p.nyckeltal.andelar}
    shares = [
        Figure(f"andel_{c.key}", t.short, t.name, share=True, trend=t)
        for c in trend_checkpoints(CHECKPOINTS)
        if (t := c.figure.trend if c.figure else None) is not None
        and (not c.opt_in or f"andel_{c.key}" in present)
    ]
    return [_COUNT, *shares, *_ITEMS]


def _footnote(shown: Sequence[Figure]) -> str:
    """'Beh. = behandlingar; KLASSA, RSA, BK (behörighetskontroll) = andel med …; …'."""
    groups: list[tuple[str, list[str]]] = []
    for f in shown:
        if f.trend is None:
            continue
        header = f.short + (f" ({f.trend.expansion})" if f.trend.expansion else "")
        if groups and groups[-1][0] == f.trend.note:
            groups[-1][1].append(header)
        else:
            groups.append((f.trend.note, [header]))
    parts = [f"{', '.join(headers)} = {note}" for note, headers in groups]
    return "; ".join(
        ["Beh. = behandlingar", *parts, "Gula, Röda = ohanterade punkter i handlingsplanerna."]
    )


_BARS = "▁▂▃▄▅▆▇█"

NARROW = 80
"""Below this terminal width the commit column is left out so that the figures fit."""


def _value(n: Nyckeltal | None, figure: Figure) -> float | None:
    if n is None:
        return None
    value = n.values().get(figure.key)
    return None if value is None else float(value)


def _shown(value: float | None, figure: Figure) -> str:
    if value is None:
        return "–"
    return percent(value) if figure.share else str(int(value))


def sparkline(values: Sequence[float | None], *, top: float | None = None) -> str:
    """One bar per value, scaled to ``top`` (default the largest value); a space for none."""
    known = [v for v in values if v is not None]
    high = top if top is not None else max(known, default=0.0)
    bars = []
    for v in values:
        if v is None:
            bars.append(" ")
        elif high <= 0:
            bars.append(_BARS[0])
        else:
            bars.append(_BARS[min(len(_BARS) - 1, int(v / high * (len(_BARS) - 1) + 0.5))])
    return "".join(bars)


def _line(points: Sequence[TrendPunkt], figure: Figure) -> tuple[str, str, str]:
    values = [_value(p.nyckeltal, figure) for p in points]
    known = [v for v in values if v is not None]
    spark = sparkline(values, top=1.0 if figure.share else None)
    first = _shown(known[0], figure) if known else "–"
    last = _shown(known[-1], figure) if known else "–"
    return figure.name, spark, f"{first} → {last}"


def _commit(p: TrendPunkt) -> str:
    return p.commit.short if p.commit else "–"


def _notes(points: Sequence[TrendPunkt]) -> list[tuple[str, tuple[Problem, ...]]]:
    """Problems at old revisions, once per run of steps that share them."""
    notes: list[tuple[str, tuple[Problem, ...]]] = []
    previous: tuple[Problem, ...] = ()
    for p in points:
        if p.problems and p.problems != previous:
            when = f"{p.datum.isoformat()} ({_commit(p)})"
            notes.append((f"{when}: {summary(list(p.problems))}", p.problems))
        previous = p.problems
    return notes


def _without_figures(points: Sequence[TrendPunkt]) -> dict[str, list[str]]:
    """The step dates without figures, per reason."""
    found: dict[str, list[str]] = {}
    for p in points:
        if p.nyckeltal is None:
            found.setdefault(p.anmarkning or "okänd orsak", []).append(p.datum.isoformat())
    return found


def render_table(points: Sequence[TrendPunkt], out: TextIO) -> None:
    """The terminal table: a row per step date, then a sparkline per figure."""
    console = Console(file=out, highlight=False)
    with_commit = console.width >= NARROW
    grid = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    grid.add_column("Datum", no_wrap=True, min_width=10)
    if with_commit:
        grid.add_column("Commit", no_wrap=True)
    shown = figures(points)
    for figure in shown:
        grid.add_column(figure.short, justify="right", no_wrap=True)
    for p in points:
        first = [p.datum.isoformat(), *([_commit(p)] if with_commit else [])]
        grid.add_row(*first, *(_shown(_value(p.nyckeltal, f), f) for f in shown))
    console.print(Text("Nyckeltal över tid", style="bold"))
    console.print(grid)
    for note, days in _without_figures(points).items():
        console.print(Text(f"Inga nyckeltal ({note}): {', '.join(days)}", style="dim"))
    console.print()
    lines = [_line(points, f) for f in shown]
    width = max(len(name) for name, _, _ in lines)
    console.print(Text("Utveckling", style="bold"))
    for name, spark, change in lines:
        console.print(f"  {name.ljust(width)}  {spark}  {change}")
    console.print()
    console.print(Text(_footnote(shown), style="dim"))
    for heading, problems in _notes(points):
        console.print()
        console.print(f"{heading}; de filerna räknas inte med:")
        console.print(format_text(problems).rstrip("\n"), markup=False)


def render_markdown(points: Sequence[TrendPunkt]) -> str:
    """A Markdown table per step date and a sparkline per figure."""
    shown = figures(points)
    header = ["Datum", "Commit", *(f.short for f in shown)]
    rows = []
    for p in points:
        if p.nyckeltal is None:
            rows.append(
                [p.datum.isoformat(), _commit(p), escape(p.anmarkning or "–")]
                + [""] * (len(shown) - 1)
            )
        else:
            rows.append(
                [p.datum.isoformat(), _commit(p)]
                + [_shown(_value(p.nyckeltal, f), f) for f in shown]
            )
    out = ["## Nyckeltal över tid", "", table(header, rows, "ll" + "r" * len(shown))]
    spark_rows = [
        [name, f"`{spark}`", change] for name, spark, change in (_line(points, f) for f in shown)
    ]
    out += ["### Utveckling", "", table(["Nyckeltal", "Utveckling", "Förändring"], spark_rows)]
    for heading, problems in _notes(points):
        out += [
            f"{heading}; de filerna räknas inte med:",
            "",
            "```text",
            format_text(problems).rstrip("\n"),
            "```",
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def _all_figures(points: Sequence[TrendPunkt]) -> list[str]:
    return [*(f.key for f in figures(points)), "utan_handlingsplan", "avvikelser"]


def _figures_dict(n: Nyckeltal | None, keys: Sequence[str]) -> dict[str, Any] | None:
    if n is None:
        return None
    values = n.values()
    return {key: values.get(key) for key in keys}


def _point_dict(p: TrendPunkt, figure_keys: Sequence[str]) -> dict[str, Any]:
    keys = ("fil", "rad", "kolumn", "niva", "kod", "meddelande")
    return {
        "datum": p.datum.isoformat(),
        "commit": p.commit.sha if p.commit else None,
        "commit_datum": p.commit.datum.isoformat() if p.commit else None,
        "nyckeltal": _figures_dict(p.nyckeltal, figure_keys),
        "anmarkning": p.anmarkning,
        "problem": [{k: getattr(x, k) for k in keys} for x in p.problems],
    }


def render_json(points: Sequence[TrendPunkt], steg: str) -> str:
    """``{"steg": ..., "punkter": [...]}`` with the raw shares (0–1)."""
    keys = _all_figures(points)
    return to_json({"steg": steg, "punkter": [_point_dict(p, keys) for p in points]})


def render_csv(points: Sequence[TrendPunkt]) -> str:
    """One row per step date; shares as decimals 0–1 rounded to four places."""
    keys = _all_figures(points)
    rows = []
    for p in points:
        found = _figures_dict(p.nyckeltal, keys) or dict.fromkeys(keys)
        rounded = {k: round(v, 4) if isinstance(v, float) else v for k, v in found.items()}
        rows.append(
            {"datum": p.datum.isoformat(), "commit": p.commit.sha if p.commit else None}
            | rounded
            | {"anmarkning": p.anmarkning, "fel": sum(x.antal for x in p.problems)}
        )
    return to_csv(rows)
