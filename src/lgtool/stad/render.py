"""``lgtool stad status`` and ``lgtool stad gemensamma`` as a terminal table, Markdown,
JSON and CSV (docs/stad.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from lgtool.checkpoints import CHECKPOINTS
from lgtool.objectives import LABELS, Matt
from lgtool.stad.rollup import CommonSystem, CommonUse
from lgtool.wording import NONE, percent, rounded_percent


@dataclass(frozen=True)
class Row:
    """One unit as the roll-up shows it (a unit that could not be read has no figures)."""

    id: str
    namn: str
    typ: str | None
    fel: int
    nyckeltal: Mapping[str, Matt]


@dataclass(frozen=True)
class Rollup:
    """The city's status: every unit in stad.yaml's order, and the total."""

    stad: str
    per: date
    rows: tuple[Row, ...]
    totalt: Mapping[str, Matt]


TYP_TEXT = {"forvaltning": "förvaltning", "bolag": "bolag"}
NO_UNITS = "Stadsfilen har inga enheter som kan visas; se felen nedan."


@dataclass(frozen=True)
class Column:
    """A key figure shown as a column of the tables."""

    id: str
    short: str
    meaning: str
    share: bool


def columns(rollup: Rollup) -> list[Column]:
    """The key figures of the tables: every checkpoint's share that some unit has, the
    share without deviation, and the open yellow and red items (the year files'
    figures are in JSON and CSV)."""
    present = set(rollup.totalt)
    shown = [
        Column(c.figure.id, c.short, c.figure.label, share=True)
        for c in CHECKPOINTS
        if c.figure is not None and c.figure.id in present
    ]
    shown.append(Column("utan_avvikelse", "Utan", LABELS["utan_avvikelse"], share=True))
    shown.append(Column("gula", "Gula", LABELS["gula"], share=False))
    shown.append(Column("roda", "Röda", LABELS["roda"], share=False))
    return [c for c in shown if c.id in present]


def _antal(figures: Mapping[str, Matt]) -> int | None:
    """How many processings: the whole of 'utan avvikelse'."""
    m = figures.get("utan_avvikelse")
    return m.av if m is not None else None


def _cell(figures: Mapping[str, Matt], column: Column, *, sign: bool) -> str:
    m = figures.get(column.id)
    if m is None or m.antal is None:
        return NONE
    if not column.share:
        return str(m.antal)
    if not m.av:
        return NONE
    return percent(m.antal / m.av) if sign else str(rounded_percent(m.antal / m.av))


def _count(value: int | None) -> str:
    return NONE if value is None else str(value)


def legend(shown: Sequence[Column]) -> str:
    """'KL = KLASSA genomförd och aktuell; …' for the columns shown."""
    parts = [f"{c.short} = {c.meaning}" for c in shown]
    return "Beh. = behandlingar; " + "; ".join(parts) + "."


# --- status -----------------------------------------------------------------------------


def status_dict(rollup: Rollup) -> dict[str, Any]:
    """``stad status --format json`` (docs/stad.md)."""
    return {
        "per": rollup.per.isoformat(),
        "enheter": [
            {
                "id": row.id,
                "namn": row.namn,
                "typ": row.typ,
                "fel": row.fel,
                "nyckeltal": _figures_dict(row.nyckeltal),
            }
            for row in rollup.rows
        ],
        "totalt": {"nyckeltal": _figures_dict(rollup.totalt)},
    }


def _figures_dict(figures: Mapping[str, Matt]) -> dict[str, Any]:
    return {key: {"antal": m.antal, "av": m.av} for key, m in figures.items()}


def status_json(rollup: Rollup) -> str:
    """The JSON text (:func:`status_dict`)."""
    from lgtool.render.data import to_json

    return to_json(status_dict(rollup))


def status_csv(rollup: Rollup) -> str:
    """One row per unit and one for the city: ``antal`` and ``av`` of every key figure."""
    from lgtool.render.data import csv_text

    keys = list(rollup.totalt)
    header = ["id", "namn", "typ", "fel"]
    for key in keys:
        header += [f"{key}.antal", f"{key}.av"]
    rows: list[list[Any]] = []
    for row in rollup.rows:
        cells: list[Any] = [row.id, row.namn, row.typ, row.fel]
        for key in keys:
            m = row.nyckeltal.get(key)
            cells += [m.antal, m.av] if m is not None else [None, None]
        rows.append(cells)
    total: list[Any] = ["totalt", rollup.stad, None, sum(r.fel for r in rollup.rows)]
    for key in keys:
        total += [rollup.totalt[key].antal, rollup.totalt[key].av]
    rows.append(total)
    return csv_text(header, rows)


def status_markdown(rollup: Rollup) -> str:
    """The city's status as a Markdown document: a table of units and the total."""
    from lgtool.render.markdown import escape, table

    if not rollup.rows:
        return f"# Informationssäkerhetsläget – {escape(rollup.stad)}\n\n{NO_UNITS}\n"
    shown = columns(rollup)
    header = ["Enhet", "Typ", "Beh.", *(c.short for c in shown), "Fel"]
    rows = [
        [
            escape(row.namn),
            TYP_TEXT.get(row.typ or "", NONE),
            _count(_antal(row.nyckeltal)),
            *(_cell(row.nyckeltal, c, sign=True) for c in shown),
            str(row.fel),
        ]
        for row in rollup.rows
    ]
    rows.append(
        [
            "**Totalt**",
            "",
            _count(_antal(rollup.totalt)),
            *(_cell(rollup.totalt, c, sign=True) for c in shown),
            str(sum(r.fel for r in rollup.rows)),
        ]
    )
    return (
        f"# Informationssäkerhetsläget – {escape(rollup.stad)}\n\n"
        f"Per {rollup.per.isoformat()}. {_summary(rollup)}\n\n"
        + table(header, rows, "ll" + "r" * (len(shown) + 2))
        + f"\n{escape(legend(shown))} Totalen räknas över alla enheters behandlingar.\n"
    )


_NAME_MIN = 12
_NARROW = frozenset(
    {
        "klassa_aktuell",
        "rsa_aktuell",
        "behorighetskontroll_aktuell",
        "kontinuitetsovning_aktuell",
        "utan_avvikelse",
        "gula",
        "roda",
    }
)
"""The columns kept when the terminal is too narrow for all of them."""


def _figure_columns(rollup: Rollup, shown: Sequence[Column]) -> list[tuple[str, str]]:
    """Each figure column's header and footer (the city's total)."""
    figures = [("Beh.", _count(_antal(rollup.totalt)))]
    figures += [(c.short, _cell(rollup.totalt, c, sign=False)) for c in shown]
    figures.append(("Fel", str(sum(r.fel for r in rollup.rows))))
    return figures


def _status_grid(rollup: Rollup, shown: Sequence[Column]) -> Any:
    """The status table: a row per unit, the city's total as its footer."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # One space between columns: the figures keep their width, the names wrap.
    grid = Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0, 0, 1), show_footer=True
    )
    grid.add_column("Enhet", footer=Text("Totalt", style="bold"), min_width=_NAME_MIN)
    for header, footer in _figure_columns(rollup, shown):
        grid.add_column(header, justify="right", footer=footer, no_wrap=True)
    for row in rollup.rows:
        *figures, fel = _row_cells(row, shown)
        grid.add_row(row.namn, *figures, Text(fel, style="red" if row.fel else ""))
    return grid


def _row_cells(row: Row, shown: Sequence[Column]) -> list[str]:
    return [
        _count(_antal(row.nyckeltal)),
        *(_cell(row.nyckeltal, c, sign=False) for c in shown),
        str(row.fel),
    ]


def _summary(rollup: Rollup) -> str:
    from lgtool.wording import antal

    units = antal(len(rollup.rows), "enhet", "enheter")
    total = _antal(rollup.totalt)
    with_errors = sum(1 for r in rollup.rows if r.fel)
    text = f"{units}, {antal(total or 0, 'behandling', 'behandlingar')}."
    if with_errors:
        text += f" {antal(with_errors, 'enhet', 'enheter')} har fel i registret."
    return text


def render_status(rollup: Rollup, out: TextIO) -> None:
    """The terminal table: a row per unit, the shares in percent, then the total."""
    from rich.text import Text

    from lgtool.render.console import Console

    console = Console(file=out, highlight=False)
    console.print(
        Text.assemble(
            ("Informationssäkerhetsläget", "bold"),
            f" – {rollup.stad}, per {rollup.per.isoformat()}",
        )
    )
    if not rollup.rows:
        console.print(NO_UNITS)
        return
    console.print(_summary(rollup))
    shown = columns(rollup)
    grid = _status_grid(rollup, shown)
    if grid.__rich_measure__(console, console.options).minimum > console.width:
        # A narrow terminal: the dated reviews, the deviations and the open items.
        shown = [c for c in shown if c.id in _NARROW]
        grid = _status_grid(rollup, shown)
        console.print(
            Text(
                "Smalt fönster: bara KLASSA, RSA, behörighetskontroll, utan avvikelse och "
                "öppna punkter visas; alla nyckeltal med --format markdown eller json.",
                style="dim",
            )
        )
    console.print(grid)
    console.print(Text(legend(shown) + " Andelar i procent.", style="dim"))


# --- gemensamma ---------------------------------------------------------------------------

WIDE = 100
"""From this terminal width on, the common systems' table names the processings too."""

KLASSA_TEXT = {
    "aktuell": "aktuell",
    "forfallen": "förfallen",
    "saknas": "saknas",
    "okand": "okänd per datumet",
}


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _use_dict(unit_id: str, use: CommonUse) -> dict[str, Any]:
    return {
        "enhet": unit_id,
        "behandlingar": list(use.behandlingar),
        "klassa": use.klassa,
        "datum": use.datum.isoformat() if use.datum else None,
    }


def common_dict(stad: str, per: date, systems: Sequence[CommonSystem]) -> dict[str, Any]:
    """``stad gemensamma --format json`` (docs/stad.md)."""
    return {
        "per": per.isoformat(),
        "stad": stad,
        "system": [
            {
                "system": s.system,
                "enheter": [_use_dict(unit_id, use) for unit_id, use in s.enheter],
            }
            for s in systems
        ],
    }


def render_common(
    stad: str, per: date, systems: Sequence[CommonSystem], names: Mapping[str, str], out: TextIO
) -> None:
    """The terminal table: each common system once, a line per unit that uses it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from lgtool.render.console import Console
    from lgtool.wording import antal

    console = Console(file=out, highlight=False)
    console.print(
        Text.assemble(("Stadsgemensamma system", "bold"), f" – {stad}, per {per.isoformat()}")
    )
    if not systems:
        console.print("Inga behandlingar med kategori gemensam och ett system finns i enheterna.")
        return
    console.print(
        f"{antal(len(systems), 'system', 'system')}; KLASSA per enhet som använder systemet "
        "(Klassat: hur många av enheterna som har en aktuell KLASSA)."
    )
    # Each column at least as wide as its longest word, so that names wrap between words
    # and are never broken inside one; the processings' column only where it fits so.
    system_width = max(12, *(_longest_word(s.system) for s in systems))
    unit_width = max(12, *(_longest_word(name) for name in names.values()))
    id_width = max(12, *(len(i) for s in systems for _, use in s.enheter for i in use.behandlingar))
    fixed = system_width + len("Klassat") + unit_width + len("förfallen") + len("2026-01-01")
    # Two spaces between columns: the box's divider and one of padding.
    wide = console.width >= WIDE and fixed + id_width + 2 * 5 <= console.width
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0, 0, 1))
    # Below the wide layout the names take exactly their longest word, the rest fits.
    narrow = None if console.width >= WIDE else system_width
    grid.add_column("System", min_width=system_width, max_width=narrow)
    grid.add_column("Klassat", no_wrap=True)
    grid.add_column("Enhet", min_width=unit_width, max_width=None if narrow is None else unit_width)
    grid.add_column("KLASSA", no_wrap=True)
    grid.add_column("Datum", no_wrap=True)
    if wide:
        grid.add_column("Behandlingar", min_width=id_width)
    styles = {"aktuell": "green", "forfallen": "yellow", "saknas": "red"}
    for s in systems:
        for i, (unit_id, use) in enumerate(s.enheter):
            cells: list[str | Text] = [
                s.system if i == 0 else "",
                f"{s.klassade} av {len(s.enheter)}" if i == 0 else "",
                names.get(unit_id, unit_id),
                Text(KLASSA_TEXT.get(use.klassa, use.klassa), style=styles.get(use.klassa, "")),
                use.datum.isoformat() if use.datum else NONE,
            ]
            if wide:
                cells.append(", ".join(use.behandlingar))
            grid.add_row(*cells, end_section=i == len(s.enheter) - 1)
    console.print(grid)
    console.print(
        Text(
            "Ett system räknas som stadsgemensamt när en behandling med kategori gemensam "
            "anger det; samma namn (oavsett skiftläge) är samma system. Flera behandlingar "
            "av samma system i en enhet visas med den sämsta KLASSA-statusen.",
            style="dim",
        )
    )
