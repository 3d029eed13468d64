"""``lgtool ar ny ÅÅÅÅ``: a new year file carried forward from the previous year's.

From ``ar/<ÅÅÅÅ-1>.yaml`` the new ``ar/<ÅÅÅÅ>.yaml`` takes:

- the plan for ÅÅÅÅ and ÅÅÅÅ+1 as it stood (the two following years of last year's
  three-year plan), and an empty list for the new third year ÅÅÅÅ+2;
- last year's priorities that were not finished (status other than ``klar`` or
  ``struken``), placed first under ÅÅÅÅ with their status and comment and a
  comment line ``# Ej avslutad ÅÅÅÅ-1 …`` above each, for the coordinator to keep,
  change or strike; one that the plan for ÅÅÅÅ already has (same id) is not
  repeated;
- the general priority areas;
- last year's decisions (``ledningens_genomgang.beslut``) as a list in
  ``ledningens_genomgang.tidigare_atgarder`` (9.3.2 a), one line per decision
  ending in "Status: fyll i."

Everything that belongs to the year itself (incidents, training, procurements, the
9.3.2 inputs and the decisions) starts empty. The text is read back with the
register's own rules before it is written, atomically, and an existing file is
never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lgtool import yearfile
from lgtool.atomic import write_atomic
from lgtool.errors import LgtoolError
from lgtool.folder import AR_DIR, SourceFile, display_root, join_display
from lgtool.model import Ar, Prioritering
from lgtool.problems import format_text, summary
from lgtool.register import parse_source

FINISHED = frozenset({"klar", "struken"})
"""Priority statuses that need no follow-up in the next year."""


@dataclass(frozen=True)
class NewYear:
    """A year file written by :func:`create_year`, and what the coordinator should review."""

    path: Path
    source: Path | None
    """The previous year's file, or None when the register had no year file at all."""
    year: int
    plan: dict[int, tuple[Prioritering, ...]]
    carried: tuple[Prioritering, ...]
    """Last year's unfinished priorities, now first under ``year``."""
    already_planned: tuple[Prioritering, ...]
    """Last year's unfinished priorities that the plan for ``year`` already had."""
    beslut: tuple[str, ...]
    generella: tuple[str, ...] = ()


def create_year(root: Path, year: int) -> NewYear:
    """Write ``ar/<year>.yaml`` in the register ``root`` from ``ar/<year-1>.yaml``."""
    folder = root / AR_DIR
    path = folder / f"{year}.yaml"
    shown_root = display_root(root)
    shown = join_display(shown_root, f"{AR_DIR}/{year}.yaml")
    if not 2000 <= year <= 2100:
        raise LgtoolError(f"{year}: året ska ligga mellan 2000 och 2100")
    if path.exists() or path.is_symlink():
        raise LgtoolError(f"{shown} finns redan; lgtool ar ny skriver aldrig över en årsfil")
    source = folder / f"{year - 1}.yaml"
    if source.is_file():
        new = _from_previous(source, year, shown_root)
    else:
        years = sorted(int(p.stem) for p in folder.glob("*.yaml") if re.fullmatch(r"\d{4}", p.stem))
        if years:
            newest = years[-1]
            hint = (
                f"senaste årsfilen är {newest}.yaml: skapa året efter med lgtool ar ny {newest + 1}"
                if newest + 1 != year
                else ""
            )
            raise LgtoolError(
                f"{join_display(shown_root, f'{AR_DIR}/{year - 1}.yaml')} saknas; lgtool ar ny "
                f"utgår från föregående års fil" + (f" ({hint})" if hint else "")
            )
        new = NewYear(path, None, year, {}, (), (), ())
    text = yearfile.render(
        yearfile.YearText(
            year=year,
            plan=new.plan,
            carried=[yearfile.Carried(item, year - 1) for item in new.carried],
            generella=new.generella,
            beslut_att_folja_upp=new.beslut,
            beslut_year=year - 1,
            source=f"{AR_DIR}/{year - 1}.yaml" if new.source else None,
        )
    )
    _check(text, year, shown)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    return new


def _from_previous(source: Path, year: int, shown_root: str) -> NewYear:
    previous = _load(source, year - 1, shown_root)
    plan = {y: tuple(previous.prioriteringar.get(y, ())) for y in (year, year + 1)}
    planned = {item.id for item in plan[year]}
    unfinished = [
        item for item in previous.prioriteringar.get(year - 1, ()) if item.status not in FINISHED
    ]
    genomgang = previous.ledningens_genomgang
    return NewYear(
        path=source.parent / f"{year}.yaml",
        source=source,
        year=year,
        plan=plan,
        carried=tuple(item for item in unfinished if item.id not in planned),
        already_planned=tuple(item for item in unfinished if item.id in planned),
        # A decision record (issue 13) is carried by its text.
        beslut=tuple(b if isinstance(b, str) else b.text for b in genomgang.beslut)
        if genomgang
        else (),
        generella=tuple(previous.generella_prioriteringsomraden),
    )


def _load(source: Path, year: int, shown_root: str) -> Ar:
    rel = f"{AR_DIR}/{source.name}"
    parsed = parse_source(SourceFile(rel, source.read_bytes()), display_root=shown_root)
    shown = join_display(shown_root, rel)
    if parsed.problems or parsed.loaded is None:
        problems = list(parsed.problems)
        raise LgtoolError(
            f"{shown} har {summary(problems)}; rätta dem först:\n"
            + format_text(problems).rstrip("\n")
        )
    ar: Ar = parsed.loaded.model
    if ar.ar != year:
        raise LgtoolError(
            f"{shown} säger ar: {ar.ar}, inte {year}; rätta filen först (lgtool validate)"
        )
    return ar


def _check(text: str, year: int, shown: str) -> None:
    """The new text must be a valid year file; anything else is a bug in lgtool."""
    parsed = parse_source(SourceFile(f"{AR_DIR}/{year}.yaml", text.encode("utf-8")))
    if parsed.problems or parsed.loaded is None:
        raise RuntimeError(
            f"lgtool ar ny skrev en ogiltig årsfil {shown}: {format_text(parsed.problems)}"
        )
