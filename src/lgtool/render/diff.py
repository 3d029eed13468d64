"""``lgtool diff`` as text, as a Markdown pull-request comment and as JSON."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lgtool.checkpoints import CHECKPOINTS, DatumKontroll, RollKontroll, trend_checkpoints
from lgtool.compare import (
    PUNKT,
    Andring,
    BehandlingsAndring,
    BehandlingsTyp,
    Jamforelse,
    Jamfort,
    PunktVarde,
    Riktning,
)
from lgtool.problems import Problem, format_text, summary
from lgtool.register import ORGANISATION_FILE
from lgtool.render.cells import CHECKPOINT_NAMES, cell
from lgtool.render.data import to_json
from lgtool.render.markdown import escape, table
from lgtool.wording import NBSP, antal, percent


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a revision as the user named it, or the working tree."""

    namn: str
    """What the user wrote ('HEAD~1', 'origin/main'), a commit id, or 'arbetskopian'."""
    commit: str | None = None
    """The full commit id; None for the working tree."""
    beskrivning: str | None = None
    """How lgtool chose it, e.g. 'merge base med main'."""

    def _detail(self, code: bool) -> str:
        if self.beskrivning:
            return f" ({self.beskrivning})"
        if self.commit and not self.commit.startswith(self.namn):
            short = self.commit[:7]
            return f" (`{short}`)" if code else f" ({short})"
        return ""

    def text(self) -> str:
        """'HEAD~1 (e4fa9c4)', '1a2b3c4 (merge base med main)' or 'arbetskopian'."""
        return self.namn + self._detail(code=False)

    def markdown(self) -> str:
        """The same with the revision as inline code (revision names are not escaped text)."""
        if self.commit is None:
            return escape(self.namn)
        return _code(self.namn) + self._detail(code=True)


def _code(text: str) -> str:
    fence = "`" * (_longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


@dataclass(frozen=True)
class DiffReport:
    """A comparison with what the reader needs around it."""

    fore: Side
    efter: Side
    jamforelse: Jamforelse
    problem: tuple[Problem, ...] = ()
    """Problems in the compared (HEAD) side's files, as ``lgtool validate`` reports them."""
    anmarkningar: tuple[str, ...] = ()
    """Notes on what could not be compared, in Swedish."""


MARK: dict[Riktning, str] = {"forbattring": "↑", "forsamring": "↓", "andring": "·"}
WORD: dict[Riktning, str] = {
    "forbattring": "förbättring",
    "forsamring": "försämring",
    "andring": "ändring",
}
LEGEND = "↑ förbättring   ↓ försämring   · ändring utan riktning"

FIGURE_NAMES = {
    "antal": "behandlingar",
    **{
        f"andel_{c.key}": t.diff_name or t.name
        for c in trend_checkpoints(CHECKPOINTS)
        if (t := c.figure.trend if c.figure else None) is not None
    },
    "gula": "gula punkter",
    "roda": "röda punkter",
    "utan_handlingsplan": "utan handlingsplan",
    "avvikelser": "med avvikelser",
}
ROLE_NAMES = {
    "objektagare": "objektägare",
    "objektledare_verksamhet": "objektledare verksamhet",
    "objektledare_it": "objektledare IT",
}


def role_name(role: str) -> str:
    """A pm3 role key as Swedish words."""
    return ROLE_NAMES.get(role, role.replace("_", " "))


def value_text(kind: str, value: Jamfort) -> str:
    """A compared value in words: 'aktuell (2024-05-14)', 'inte namnsatt', '3', '40 %'."""
    if isinstance(value, DatumKontroll):
        word = cell(value.status).word
        return f"{word} ({value.datum.isoformat()})" if value.datum else word
    if isinstance(value, RollKontroll):
        if value.status == "ja":
            return "ja"
        return "nej (saknas: " + ", ".join(role_name(r) for r in value.saknas) + ")"
    if value is None:
        return {
            "gula": "ingen handlingsplan",
            "roda": "ingen handlingsplan",
            "roll": "inte namnsatt",
        }.get(kind, "–")
    if isinstance(value, float) or (kind.startswith("andel_") and isinstance(value, int | str)):
        return percent(float(value))
    if kind == "prioritering" and isinstance(value, str):
        return {"pagaende": "pågående", "forsenad": "försenad"}.get(value, value)
    if isinstance(value, str) and kind in CHECKPOINT_NAMES:
        return cell(value).word
    return str(value)


@dataclass(frozen=True)
class _Line:
    """A change in words: where, what, before, after."""

    var: str
    vad: str
    fore: str
    efter: str
    riktning: Riktning
    event: bool = False
    """A processing added, removed or renamed (no direction)."""


_ITEM_STATUS = {
    "oppen": "öppen",
    "pagaende": "pågående",
    "klar": "klar",
    "accepterad_risk": "accepterad risk",
}
_ITEM_COLOUR = {"gul": "gul", "rod": "röd"}


def _item_text(value: Jamfort) -> str:
    if not isinstance(value, PunktVarde):
        return "–"
    return f"{_ITEM_COLOUR[value.farg]}, {_ITEM_STATUS[value.status]}"


def _item_line(a: Andring) -> _Line:
    """An action item: 'ny röd punkt hp-1', 'punkt klar hp-1', 'punkt hp-1'."""
    item_id = a.falt.removeprefix(PUNKT)
    before, after = a.fore, a.efter
    if before is None and isinstance(after, PunktVarde):
        vad = f"ny {_ITEM_COLOUR[after.farg]} punkt {item_id}"
    elif isinstance(after, PunktVarde) and after.status == "klar":
        vad = f"punkt klar {item_id}"
    else:
        vad = f"punkt {item_id}"
    return _Line(
        a.var, vad, _item_text(before), _item_text(after) if after else "borttagen", a.riktning
    )


def _checkpoint_line(a: Andring) -> _Line:
    if a.falt.startswith(PUNKT):
        return _item_line(a)
    return _Line(
        a.var,
        CHECKPOINT_NAMES[a.falt],
        value_text(a.falt, a.fore),
        value_text(a.falt, a.efter),
        a.riktning,
    )


def _organisation_line(a: Andring) -> _Line:
    if a.var == "policy":
        return _Line(
            "policy",
            a.falt,
            value_text("policy", a.fore),
            value_text("policy", a.efter),
            a.riktning,
        )
    if a.falt == "forvaltningsobjekt":
        return _Line(
            a.var,
            "förvaltningsobjekt",
            "–" if a.fore is None else "finns",
            "borttaget" if a.efter is None else "tillagt",
            a.riktning,
        )
    return _Line(
        a.var,
        role_name(a.falt),
        value_text("roll", a.fore),
        value_text("roll", a.efter),
        a.riktning,
    )


def _year_line(a: Andring) -> _Line:
    if a.falt == "arsfil":
        return _Line(
            a.var,
            "årsfil",
            "–" if a.fore is None else "finns",
            "borttagen" if a.efter is None else "tillagd",
            a.riktning,
        )
    plan_year, _, pid = a.falt.partition("/")
    return _Line(
        a.var,
        f"prioritering {plan_year}: {pid}",
        value_text("prioritering", a.fore) if a.fore else "–",
        value_text("prioritering", a.efter) if a.efter else "borttagen",
        a.riktning,
    )


def figure_texts(kind: str, before: Jamfort, after: Jamfort) -> tuple[str, str]:
    """A key figure's two values as shown; shares with decimals when whole percents agree.

    '88 % → 88 %' would be a change that shows no change: 7 of 8 (87.5 %) and 15 of
    17 (88.2 %) are shown '87,5 % → 88,2 %'.
    """
    texts = value_text(kind, before), value_text(kind, after)
    if texts[0] != texts[1] or not isinstance(before, float) or not isinstance(after, float):
        return texts
    for places in range(1, 5):
        texts = _decimal_percent(before, places), _decimal_percent(after, places)
        if texts[0] != texts[1]:
            break
    return texts


def _decimal_percent(value: float, places: int) -> str:
    exact = Decimal(repr(value * 100)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{str(exact).replace('.', ',')}{NBSP}%"


def _figure_line(a: Andring) -> _Line:
    return _Line("", FIGURE_NAMES[a.falt], *figure_texts(a.falt, a.fore, a.efter), a.riktning)


def _event_line(b: BehandlingsAndring) -> _Line | None:
    if b.typ == "tillagd":
        return _Line(b.id, "behandling", "–", "tillagd", "andring", event=True)
    if b.typ == "borttagen":
        return _Line(b.id, "behandling", "finns", "borttagen", "andring", event=True)
    if b.typ == "bytt_id":
        return _Line(b.id, "id", b.tidigare_id or "", b.id, "andring", event=True)
    return None


def summary_line(report: DiffReport) -> str:
    """'2 förbättringar, 1 försämring · 1 behandling tillagd': the first thing a reviewer reads."""
    j = report.jamforelse
    parts = []
    directions: tuple[tuple[Riktning, str, str], ...] = (
        ("forbattring", "förbättring", "förbättringar"),
        ("forsamring", "försämring", "försämringar"),
        ("andring", "ändring utan riktning", "ändringar utan riktning"),
    )
    for riktning, one, many in directions:
        n = j.count(riktning)
        if n:
            parts.append(antal(n, one, many))
    text = ", ".join(parts) if parts else "inga ändringar i kontrollpunkterna"
    events = []
    kinds: tuple[tuple[BehandlingsTyp, str, str], ...] = (
        ("tillagd", "tillagd", "tillagda"),
        ("borttagen", "borttagen", "borttagna"),
        ("bytt_id", "med bytt id", "med bytt id"),
    )
    for typ, one, many in kinds:
        n = j.count_typ(typ)
        if n:
            events.append(antal(n, one, many))
    if events:
        text += " · behandlingar: " + ", ".join(events)
    if report.problem:
        text += f" · {summary(list(report.problem))} i registret"
    return text


def _sections(report: DiffReport) -> list[tuple[str, list[_Line]]]:
    j = report.jamforelse
    processings: list[_Line] = []
    for b in j.behandlingar:
        event = _event_line(b)
        if event:
            processings.append(event)
        processings.extend(_checkpoint_line(a) for a in b.andringar)
    return [
        ("Behandlingar", processings),
        (
            f"Förvaltningsobjekt och policy ({ORGANISATION_FILE})",
            [_organisation_line(a) for a in j.organisation],
        ),
        ("Årsfiler", [_year_line(a) for a in j.ar]),
        ("Nyckeltal", [_figure_line(a) for a in j.nyckeltal]),
    ]


def render_text(report: DiffReport) -> str:
    """The comparison for the terminal: one line per change, arrows for the direction."""
    j = report.jamforelse
    out = [
        f"Jämförelse av registret per {j.per.isoformat()}",
        f"Före:  {report.fore.text()}",
        f"Efter: {report.efter.text()}",
        "",
        summary_line(report)[0].upper() + summary_line(report)[1:] + ".",
    ]
    names = {b.id: b.namn for b in j.behandlingar}
    for title, lines in _sections(report):
        if not lines:
            continue
        out += ["", title]
        current = None
        for line in lines:
            if title == "Behandlingar":
                if line.var != current:
                    current = line.var
                    out.append(f"  {line.var} – {names[line.var]}")
                if line.event and line.vad == "id":
                    out.append(f"    bytt id: {line.fore} → {line.efter}")
                elif line.event:
                    out.append(f"    {line.efter}")
                else:
                    out.append(f"    {MARK[line.riktning]} {line.vad}: {line.fore} → {line.efter}")
            else:
                where = f"{line.var}, " if line.var else ""
                out.append(f"  {MARK[line.riktning]} {where}{line.vad}: {line.fore} → {line.efter}")
    if not j.empty:
        out += ["", LEGEND]
    for note in report.anmarkningar:
        out += ["", f"Anmärkning: {note}"]
    if report.problem:
        out += [
            "",
            f"Registret har {summary(list(report.problem))} i {report.efter.text()} "
            "(visas som i lgtool validate):",
            format_text(report.problem).rstrip("\n"),
        ]
    return "\n".join(out) + "\n"


def render_markdown(report: DiffReport) -> str:
    """A pull-request comment: the summary line first, the details folded."""
    j = report.jamforelse
    out = [
        f"**lgtool diff:** {escape(summary_line(report))}",
        "",
        f"Jämför {report.fore.markdown()} med {report.efter.markdown()}, per {j.per.isoformat()}.",
    ]
    for note in report.anmarkningar:
        out += ["", f"> {escape(note)}"]
    sections = [(title, lines) for title, lines in _sections(report) if lines]
    if sections:
        count = sum(len(lines) for title, lines in sections if title != "Nyckeltal")
        out += [
            "",
            "<details>",
            f"<summary>Detaljer ({antal(count, 'ändring', 'ändringar')})</summary>",
        ]
        for title, lines in sections:
            out += ["", f"#### {escape(title)}", ""]
            if title == "Nyckeltal":
                rows = [
                    [escape(x.vad), escape(x.fore), escape(x.efter), _direction_cell(x.riktning)]
                    for x in lines
                ]
                out.append(table(["Nyckeltal", "Före", "Efter", "Riktning"], rows).rstrip("\n"))
            else:
                first = "Behandling" if title == "Behandlingar" else "Var"
                rows = [
                    [
                        escape(x.var),
                        escape(x.vad),
                        escape(x.fore),
                        escape(x.efter),
                        "" if x.event else _direction_cell(x.riktning),
                    ]
                    for x in lines
                ]
                out.append(table([first, "Vad", "Före", "Efter", "Riktning"], rows).rstrip("\n"))
        out += ["", "</details>"]
    if report.problem:
        text = format_text(report.problem)
        fence = "`" * max(3, _longest_backtick_run(text) + 1)
        out += [
            "",
            f"**Registret har {summary(list(report.problem))}** (visas som i `lgtool validate`):",
            "",
            f"{fence}text",
            text.rstrip("\n"),
            fence,
        ]
    return "\n".join(out) + "\n"


def _direction_cell(riktning: Riktning) -> str:
    return f"{MARK[riktning]} {WORD[riktning]}"


def _longest_backtick_run(text: str) -> int:
    return max((len(m) for m in re.findall(r"`+", text)), default=0)


def _json_value(value: Jamfort) -> Any:
    if isinstance(value, DatumKontroll):
        return {"status": value.status, "datum": value.datum.isoformat() if value.datum else None}
    if isinstance(value, RollKontroll):
        return {"status": value.status, "saknas": list(value.saknas)}
    if isinstance(value, PunktVarde):
        return {"farg": value.farg, "status": value.status}
    return value


def _json_change(a: Andring) -> dict[str, Any]:
    return {
        "var": a.var,
        "falt": a.falt,
        "fore": _json_value(a.fore),
        "efter": _json_value(a.efter),
        "riktning": a.riktning,
    }


def _json_problems(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    keys = ("fil", "rad", "kolumn", "niva", "kod", "meddelande")
    return [{k: getattr(p, k) for k in keys} for p in sorted(problems)]


def render_json(report: DiffReport) -> str:
    """The comparison as JSON (documented in docs/granskning.md)."""
    j = report.jamforelse
    data = {
        "per": j.per.isoformat(),
        "fore": asdict(report.fore),
        "efter": asdict(report.efter),
        "summering": {
            "forbattringar": j.count("forbattring"),
            "forsamringar": j.count("forsamring"),
            "andringar": j.count("andring"),
            "tillagda": j.count_typ("tillagd"),
            "borttagna": j.count_typ("borttagen"),
            "bytt_id": j.count_typ("bytt_id"),
        },
        "behandlingar": [
            {
                "id": b.id,
                "namn": b.namn,
                "typ": b.typ,
                "tidigare_id": b.tidigare_id,
                "andringar": [_json_change(a) for a in b.andringar],
            }
            for b in j.behandlingar
        ],
        "organisation": [_json_change(a) for a in j.organisation],
        "ar": [_json_change(a) for a in j.ar],
        "nyckeltal": [_json_change(a) for a in j.nyckeltal],
        "anmarkningar": list(report.anmarkningar),
        "problem": _json_problems(report.problem),
    }
    return to_json(data)
