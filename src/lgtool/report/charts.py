"""Charts for the HTML, Word and PDF report (never the Markdown), drawn with matplotlib.

Why matplotlib: it is the best-kept plotting library in Python, needs no browser or
system package (its wheels carry their own font, DejaVu Sans), and with its metadata
stripped (no date, no version) and a fixed ``svg.hashsalt`` it writes the same bytes
for the same figures on every run. Text in the SVG is drawn as paths, so a chart
looks the same wherever it is opened.

Three charts:

- **Status per förvaltningsobjekt**: stacked bars of aktuell / förfallen / saknas for
  KLASSA, RSA and behörighetskontroll. The public version shows kategorier instead
  of förvaltningsobjekt, and only when every kategori has at least
  ``publik_min_gruppstorlek`` processings (else the whole register as one group, if
  it is large enough, else no chart): the same rule as its tables.
- **Incidents per category** against the year before, from the year files.
- **The key figures over the last year ends** (KLASSA, RSA, behörighetskontroll,
  registerförda …), from the git history; in the public version only year ends
  with at least ``publik_min_gruppstorlek`` processings.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lgtool.checkpoints import BY_KEY, BehandlingStatus, Nyckeltal, Status, trend_checkpoints
from lgtool.checkpoints import CHECKPOINTS as CHECKPOINT_TABLE
from lgtool.model import Ar
from lgtool.model.incident import Incident
from lgtool.report.context import KATEGORI_ORD, incident_category
from lgtool.report.cyber import category_counts

STATES = (
    ("aktuell", "aktuell", "#2e7d32"),
    ("forfallen", "förfallen", "#f9a825"),
    ("saknas", "saknas", "#c62828"),
)
UNKNOWN = ("okand", "okänt per referensdatumet", "#9e9e9e")
"""Drawn only when some date is unknown at the reference date (lgtool.asof)."""


@dataclass(frozen=True)
class Chart:
    """A chart as files: SVG (HTML, PDF) and PNG (Word), and its caption."""

    name: str
    caption: str
    svg: bytes
    png: bytes


@dataclass(frozen=True)
class StatusGroup:
    """Counts per checkpoint and state for one bar group."""

    name: str
    counts: dict[str, dict[str, int]]


def _dated(status: Status) -> list[str]:
    """The dated checkpoints the policy checks (KLASSA, RSA, behörighetskontroll …)."""
    return [c.key for c in status.checkpoints if c.kind == "datum"]


def _count(items: Sequence[BehandlingStatus], dated: Sequence[str]) -> dict[str, dict[str, int]]:
    states = [s for s, _, _ in (*STATES, UNKNOWN)]
    counts = {key: dict.fromkeys(states, 0) for key in dated}
    for item in items:
        for key in dated:
            state = item.kontrollpunkter.datum(key).status
            if state in counts[key]:
                counts[key][state] += 1
    return counts


def status_groups(status: Status, *, publik: bool, minimum: int) -> list[StatusGroup]:
    """The bar groups: förvaltningsobjekt, or for the public version kategorier (see above)."""
    dated = _dated(status)
    if not publik:
        return [StatusGroup(o.namn, _count(items, dated)) for o, items in status.per_objekt()]
    kategorier = status.per_kategori()
    if kategorier and all(len(items) >= minimum for _, items in kategorier):
        return [StatusGroup(KATEGORI_ORD[k], _count(items, dated)) for k, items in kategorier]
    if len(status.behandlingar) >= minimum:
        return [StatusGroup("Alla behandlingar", _count(status.behandlingar, dated))]
    return []


def incident_rows(
    ar: Ar, previous: Ar | None, records: Sequence[Incident] = ()
) -> list[tuple[str, int, int | None]]:
    """(category, this year, last year or None) for every category of either year.

    A year with incident records is counted from them (:func:`category_counts`).
    """
    now = category_counts(ar, records) or {}
    before = category_counts(previous, records) if previous else None
    keys = list(now)
    for key in before or {}:
        if key not in keys:
            keys.append(key)
    return [
        (incident_category(k), now.get(k, 0), None if before is None else before.get(k, 0))
        for k in keys
    ]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "lgtool",
            "svg.fonttype": "path",
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _files(figure: Any) -> tuple[bytes, bytes]:
    plt = _pyplot()
    svg = io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    png = io.BytesIO()
    figure.savefig(png, format="png", dpi=200, metadata={"Software": None})
    plt.close(figure)
    return svg.getvalue(), png.getvalue()


def status_chart(groups: Sequence[StatusGroup]) -> Chart | None:
    """Stacked bars of aktuell / förfallen / saknas per group, one panel per checkpoint."""
    if not groups:
        return None
    plt = _pyplot()
    height = 1.2 + 0.3 * len(groups)
    dated = list(groups[0].counts)
    figure, axes = plt.subplots(1, len(dated), figsize=(7, height), sharey=True)
    names = [g.name for g in groups]
    positions = list(range(len(groups)))[::-1]
    axes[0].set_yticks(positions, names)
    top = max(sum(g.counts[key].values()) for g in groups for key in dated)
    unknown = any(g.counts[key].get("okand", 0) for g in groups for key in dated)
    states = (*STATES, UNKNOWN) if unknown else STATES
    for ax, key in zip(axes, dated, strict=True):
        title = BY_KEY[key].sheet
        left = [0] * len(groups)
        for state, label, colour in states:
            values = [g.counts[key][state] for g in groups]
            ax.barh(positions, values, left=left, color=colour, label=label, height=0.7)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_title(title, fontsize=9)
        ax.set_xlim(0, top)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="y", length=0)
    figure.legend(
        *axes[0].get_legend_handles_labels(),
        loc="lower center",
        ncol=len(states),
        frameon=False,
    )
    figure.tight_layout(rect=(0, 0.35 / height, 1, 1))
    svg, png = _files(figure)
    names = [BY_KEY[key].name for key in dated]
    listed = " och ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    caption = f"Antal behandlingar med aktuell, förfallen och saknad {listed}"
    return Chart("diagram-status", caption, svg, png)


def incident_chart(rows: Sequence[tuple[str, int, int | None]], year: int) -> Chart | None:
    """Incidents per category, this year beside the year before (when the year file has it)."""
    if not rows:
        return None
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=(7, 1.0 + 0.42 * len(rows)))
    positions = list(range(len(rows)))[::-1]
    has_before = any(before is not None for _, _, before in rows)
    width = 0.38 if has_before else 0.6
    ax.barh(
        [p + (width / 2 if has_before else 0) for p in positions],
        [now for _, now, _ in rows],
        height=width,
        color="#0f4761",
        label=str(year),
    )
    if has_before:
        ax.barh(
            [p - width / 2 for p in positions],
            [before or 0 for _, _, before in rows],
            height=width,
            color="#9db4c8",
            label=str(year - 1),
        )
        ax.legend(frameon=False, loc="lower right")
    ax.set_yticks(positions, [name for name, _, _ in rows])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="y", length=0)
    figure.tight_layout()
    svg, png = _files(figure)
    caption = f"Incidenter per kategori {year}" + (f" jämfört med {year - 1}" if has_before else "")
    return Chart("diagram-incidenter", caption, svg, png)


def figures_chart(series: Sequence[Nyckeltal], *, minimum: int | None) -> Chart | None:
    """The key figures followed over time, one line each, at the last year ends.

    With ``minimum`` (the public version) a year end whose register had fewer
    processings is left out, as in the report's tables; fewer than two points: no chart.
    """
    points = [n for n in series if minimum is None or n.antal >= minimum]
    if len(points) < 2:
        return None
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=(7, 2.6))
    labels = [
        str(n.per.year) if n.per.month == 12 and n.per.day == 31 else n.per.isoformat()
        for n in points
    ]
    names = {
        f"andel_{c.key}": c.figure.trend.name
        for c in trend_checkpoints(CHECKPOINT_TABLE)
        if c.figure and c.figure.trend
    }
    keys = [k for k in names if any(n.andelar.get(k) is not None for n in points)]
    for key, marker in zip(keys, "osD^v<>", strict=False):
        values = [n.andelar.get(key) for n in points]
        shown = [
            (x, v * 100) for x, v in zip(range(len(points)), values, strict=True) if v is not None
        ]
        ax.plot([x for x, _ in shown], [v for _, v in shown], marker=marker, label=names[key])
    ax.set_xticks(range(len(points)), labels)
    ax.set_ylim(0, 100)
    ax.set_ylabel("andel (%)")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    svg, png = _files(figure)
    first, last = points[0].per, points[-1].per
    caption = f"Nyckeltalen vid årsskiftena {first.year}–{last.year}, ur registrets historik i git"
    return Chart("diagram-nyckeltal", caption, svg, png)


def report_charts(
    status: Status,
    ar: Ar,
    previous: Ar | None,
    series: Sequence[Nyckeltal] = (),
    *,
    publik: bool,
    minimum: int,
    records: Sequence[Incident] = (),
) -> list[Chart]:
    """The report's charts; none when matplotlib is missing (the ``docx``/``pdf`` extras)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return []
    charts = [
        status_chart(status_groups(status, publik=publik, minimum=minimum)),
        incident_chart(incident_rows(ar, previous, records), ar.ar),
        figures_chart(series, minimum=minimum if publik else None),
    ]
    return [c for c in charts if c is not None]


def comparison_chart(
    names: Sequence[str],
    shares: Sequence[Sequence[float | None]],
    titles: Sequence[str],
    caption: str,
) -> Chart | None:
    """The city report's comparison across units (``lgtool stad report``): one panel per
    key figure (``titles``), one bar per unit (``names``) with its share in percent.

    ``shares[i][j]`` is unit i's share 0–1 of figure j; None (nothing to share) draws no
    bar. The last name is usually the city as a whole, drawn darker.
    """
    if not names or not titles:
        return None
    plt = _pyplot()
    height = 1.0 + 0.24 * len(names)
    figure, axes = plt.subplots(1, len(titles), figsize=(7, height), sharey=True, squeeze=False)
    positions = list(range(len(names)))[::-1]
    axes[0][0].set_yticks(positions, names)
    colours = ["#0f4761"] * (len(names) - 1) + ["#c0504d"]
    for j, (ax, title) in enumerate(zip(axes[0], titles, strict=True)):
        values = [row[j] for row in shares]
        drawn = [
            (p, v * 100, c)
            for p, v, c in zip(positions, values, colours, strict=True)
            if v is not None
        ]
        ax.barh(
            [p for p, _, _ in drawn],
            [v for _, v, _ in drawn],
            color=[c for _, _, c in drawn],
            height=0.7,
        )
        ax.set_title(title, fontsize=9)
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
    figure.tight_layout()
    svg, png = _files(figure)
    return Chart("diagram-jamforelse", caption, svg, png)
