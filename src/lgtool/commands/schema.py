"""``lgtool schema``: write the JSON Schema files that editors use."""

from __future__ import annotations

from typing import TextIO

from lgtool.atomic import write_atomic, write_error, write_in_register
from lgtool.errors import ExitCode, UsageError
from lgtool.jsonschema import render_all
from lgtool.options import SchemaOptions
from lgtool.register import register_root

SCHEMA_DIR = "schema"


def schema(options: SchemaOptions, out: TextIO) -> ExitCode:
    """Write the schemas to ``output`` (default: the register's ``schema/`` folder).

    In the register, ``schema/`` is written like every register file: never
    through a symbolic link (:func:`lgtool.atomic.write_in_register`).
    """
    register, output = options.register, options.output
    root = register_root(register) if output is None else None
    folder = output if output is not None else register_root(register) / SCHEMA_DIR
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o: '{folder}' är en fil, inte en mapp")
    if root is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(folder.as_posix(), exc) from None
    for name, text in render_all().items():
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
    return ExitCode.OK
