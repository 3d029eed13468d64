"""``lgtool validate``: check every file of the register and report every problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal, TextIO

from lgtool.commands.loading import load
from lgtool.errors import ExitCode
from lgtool.problems import format_github, format_json, format_text, summary
from lgtool.register import FolderFiles, register_root
from lgtool.wording import antal

ProblemFormat = Literal["text", "json", "github"]


def validate(
    register: Path | None,
    fmt: ProblemFormat,
    out: TextIO,
    *,
    today: date | None = None,
    cache: bool = False,
    files: FolderFiles | None = None,
) -> ExitCode:
    """Validate the register and write its problems; exit 1 when there are any.

    ``files``: the register folder already read (:func:`lgtool.folder.read_folder`).
    """
    root = register_root(register)
    loaded = load(root, today=today, cache=cache, files=files)
    problems = list(loaded.problems)
    if fmt == "json":
        out.write(format_json(problems))
    elif fmt == "github":
        out.write(format_github(problems))
    elif problems:
        out.write(format_text(problems))
        out.write(f"{summary(problems)}.\n")
    else:
        org = loaded.organisation
        objekt = len(org.forvaltningsobjekt) if org else 0
        behandlingar = antal(len(loaded.behandlingar), "behandling", "behandlingar")
        ar = antal(len(loaded.ar), "årsfil", "årsfiler")
        out.write(f"Registret är giltigt: {behandlingar}, {objekt} förvaltningsobjekt, {ar}.\n")
    return ExitCode.PROBLEM if problems else ExitCode.OK
