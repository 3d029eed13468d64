"""``lgtool init``: create a register repository and say what to do next."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from lgtool import clock
from lgtool.errors import ExitCode
from lgtool.options import InitOptions
from lgtool.scaffold import FORVALTNINGSOBJEKT_ID, REGISTER_DIR, needs_address
from lgtool.scaffold import init as run_init


def init(options: InitOptions, out: TextIO, *, today: date | None = None) -> ExitCode:
    """Write a new register repository into ``options.mapp`` and print the next steps."""
    when = today or clock.today()
    folder, organisation = options.mapp, options.organisation
    result = run_init(folder, organisation, options.huvudman, when)
    shown = folder.as_posix()
    out.write(f"Skapade ett register för {organisation.strip()} i {shown}/:\n")
    out.write("".join(f"  {path.relative_to(folder).as_posix()}\n" for path in result.files))
    steps = []
    if folder.resolve() != Path.cwd().resolve():
        steps.append(f"cd {shown}")
    steps += [
        f"Skriv in era förvaltningsobjekt och deras roller i {REGISTER_DIR}/organisation.yaml "
        "och kör lgtool schema, så att editorn känner till dem.",
        f'Lägg till behandlingar: lgtool ny ID --objekt {FORVALTNINGSOBJEKT_ID} --namn "Namn"',
        "Kontrollera registret: lgtool validate",
        "Visa läget: lgtool status",
        f"Fyll i årets uppföljning i {REGISTER_DIR}/ar/{when.year}.yaml och ta fram rapporten: "
        f"lgtool report {when.year}",
        'Lägg registret i git: git init && git add . && git commit -m "Nytt register"',
    ]
    texts = {path.relative_to(folder).as_posix(): path.read_text("utf-8") for path in result.files}
    placeholders = needs_address(texts)
    if placeholders:
        steps.append(
            f"Byt <adress> och <commit> i {' och '.join(placeholders)} mot adressen till "
            "lgtools förråd och en fullständig commit (se docs/granskning.md i lgtool)."
        )
    out.write("Nästa steg:\n")
    out.write("".join(f"  {i}. {step}\n" for i, step in enumerate(steps, start=1)))
    return ExitCode.OK
