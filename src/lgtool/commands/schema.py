"""``lgtool schema``: write the JSON Schema files that editors use."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from lgtool.atomic import write_atomic, write_error, write_in_register
from lgtool.errors import ExitCode, UsageError
from lgtool.folder import TooLargeError, read_regular
from lgtool.jsonschema import RegisterNames, register_names, render_all
from lgtool.options import SchemaOptions
from lgtool.register import ORGANISATION_FILE, SourceFile, parse_source, register_root
from lgtool.wording import antal

SCHEMA_DIR = "schema"


def schema(options: SchemaOptions, out: TextIO) -> ExitCode:
    """Write the schemas to ``output`` (default: the register's ``schema/`` folder).

    The register's förvaltningsobjekt ids and role keys become allowed values when
    its organisation.yaml is valid; without a register (only ``-o``) or with a broken
    organisation.yaml the schemas are the general ones. In the register,
    ``schema/`` is written like every register file: never through a symbolic link
    (:func:`lgtool.atomic.write_in_register`).
    """
    register, output = options.register, options.output
    names_root: Path | None
    try:
        names_root = register_root(register)
    except UsageError:
        if output is None or register is not None:
            raise
        names_root = None
    root = names_root if output is None else None
    folder = output if output is not None else register_root(register) / SCHEMA_DIR
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o: '{folder}' är en fil, inte en mapp")
    names, note = _names(names_root)
    if root is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(folder.as_posix(), exc) from None
    for name, text in render_all(names).items():
        path = folder / name
        data = text.encode("utf-8")
        if not path.is_symlink() and path.is_file() and path.read_bytes() == data:
            out.write(f"{path.as_posix()} (oförändrad)\n")
            continue
        if root is None:
            try:
                write_atomic(path, data)
            except OSError as exc:
                raise write_error(path.as_posix(), exc) from None
        else:
            write_in_register(root, f"{SCHEMA_DIR}/{name}", data, make_folders=True)
        out.write(f"{path.as_posix()}\n")
    out.write(note)
    return ExitCode.OK


def _names(root: Path | None) -> tuple[RegisterNames | None, str]:
    """The register's names for the schemas, and a line saying what was done."""
    if root is None:
        return (
            None,
            "Allmänna scheman (inget register): förvaltningsobjekt och roller listas inte.\n",
        )
    path = root / ORGANISATION_FILE
    try:
        parsed = parse_source(SourceFile(ORGANISATION_FILE, read_regular(path)))
    except (OSError, TooLargeError):
        parsed = None
    if parsed is None or parsed.problems or parsed.loaded is None:
        return None, (
            f"{ORGANISATION_FILE} saknas eller har fel (se lgtool validate): schemana listar "
            "inte registrets förvaltningsobjekt och roller.\n"
        )
    names = register_names(parsed.loaded.model)
    objekt = antal(len(names.forvaltningsobjekt), "förvaltningsobjekt", "förvaltningsobjekt")
    return names, (
        f"Schemana listar registrets {objekt} och {len(names.roller)} rollnycklar; kör "
        f"lgtool schema igen när {ORGANISATION_FILE} ändras.\n"
    )
