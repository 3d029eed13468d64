"""``lgtool schema``: write the JSON Schema files that editors use."""

from __future__ import annotations

from typing import TextIO

from lgtool.atomic import write_atomic
from lgtool.errors import ExitCode, UsageError
from lgtool.jsonschema import render_all
from lgtool.options import SchemaOptions
from lgtool.register import register_root

SCHEMA_DIR = "schema"


def schema(options: SchemaOptions, out: TextIO) -> ExitCode:
    """Write the schemas to ``output`` (default: the register's ``schema/`` folder)."""
    register, output = options.register, options.output
    folder = output if output is not None else register_root(register) / SCHEMA_DIR
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o: '{folder}' är en fil, inte en mapp")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in render_all().items():
        path = folder / name
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            out.write(f"{path.as_posix()} (oförändrad)\n")
            continue
        write_atomic(path, data)
        out.write(f"{path.as_posix()}\n")
    return ExitCode.OK
