"""``lgtool validate``: check every file of the register and report every problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from lgtool.commands.loading import load
from lgtool.errors import ExitCode
from lgtool.options import ValidateOptions
from lgtool.problems import format_github, format_json, format_text, has_errors, summary
from lgtool.register import FolderFiles, register_root
from lgtool.wording import antal


def validate(
    options: ValidateOptions,
    out: TextIO,
    *,
    root: Path | None = None,
    today: date | None = None,
    files: FolderFiles | None = None,
) -> ExitCode:
    """Validate the register and write its problems; exit 1 when there are any.

    ``root``, ``today`` and ``files``: the register folder as found, the day and
    the folder already read (:func:`lgtool.folder.read_folder`), when the caller
    has them.
    """
    root = root or register_root(options.register)
    loaded = load(root, today=today, cache=options.cache, files=files)
    problems = list(loaded.problems)
    fmt = options.format
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
        incidents = (
            f", {antal(len(loaded.incidenter), 'incident', 'incidenter')}"
            if loaded.incidenter
            else ""
        )
        out.write(
            f"Registret är giltigt: {behandlingar}, {objekt} förvaltningsobjekt, {ar}{incidents}.\n"
        )
    return ExitCode.PROBLEM if has_errors(problems) else ExitCode.OK
