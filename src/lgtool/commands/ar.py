"""``lgtool ar ny``: start a new year file and say what to review."""

from __future__ import annotations

from typing import TextIO

from lgtool.errors import ExitCode
from lgtool.model import Prioritering
from lgtool.new_year import create_year
from lgtool.options import ArNyOptions
from lgtool.register import register_root
from lgtool.wording import antal
from lgtool.yearfile import CARRIED_MARK, FOLLOW_UP_PLACEHOLDER


def ny(options: ArNyOptions, out: TextIO) -> ExitCode:
    """Create ``ar/<year>.yaml`` from the previous year's file and list what to review."""
    root, year = register_root(options.register), options.ar
    new = create_year(root, year)
    if new.source is None:
        out.write(f"Skapade {new.path.as_posix()} (det fanns ingen tidigare årsfil).\n")
        out.write(f"Fyll i prioriteringarna för {year}–{year + 2} och kör lgtool validate.\n")
        return ExitCode.OK
    out.write(f"Skapade {new.path.as_posix()} från {new.source.as_posix()}.\n")
    counts = " och ".join(
        f"{plan_year} ({antal(len(new.plan[plan_year]), 'prioritering', 'prioriteringar')})"
        for plan_year in (year, year + 1)
    )
    out.write(
        f"Planen för {counts} är överförd; prioriteringarna för {year + 2} är tomma att fylla i.\n"
    )
    if new.carried:
        out.write(
            f"Ej avslutade prioriteringar från {year - 1} att granska (överförda till {year} och "
            f"märkta '# {CARRIED_MARK} {year - 1}' i filen):\n"
        )
        out.write(_items(new.carried))
    if new.already_planned:
        out.write(f"Ej avslutade från {year - 1} som redan finns i planen för {year}:\n")
        out.write(_items(new.already_planned))
    if new.beslut:
        out.write(
            f"Besluten från {year - 1} ({len(new.beslut)}) står i "
            "ledningens_genomgang.tidigare_atgarder: "
            f'byt "{FOLLOW_UP_PLACEHOLDER}" mot hur vart och ett har följts upp.\n'
        )
    out.write(
        "Fyll sedan i årets incidenter, utbildning, upphandlingar och underlag, och kör "
        "lgtool validate.\n"
    )
    return ExitCode.OK


def _items(items: tuple[Prioritering, ...]) -> str:
    return "".join(
        f"  {item.id} ({item.status}): {' '.join(item.text.split())}\n" for item in items
    )
