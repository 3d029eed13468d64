"""Markdown → Word (docx) or standalone HTML through pandoc (the ``docx`` extra)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Literal

from lgtool.errors import ReportError, UsageError

OutputFormat = Literal["docx", "html"]

TIMEOUT_SECONDS = 120

_MISSING = (
    "Word- och HTML-utdata kräver pandoc, som följer med tillägget 'docx': "
    "installera med  pip install 'lgtool[docx]'"
)


def pandoc_path() -> str:
    """The pandoc executable shipped by pypandoc-binary, or a ReportError saying how to get it."""
    try:
        import pypandoc
    except ImportError:
        raise ReportError(_MISSING) from None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError:
        raise ReportError(_MISSING) from None


def convert(
    markdown: str,
    fmt: OutputFormat,
    *,
    title: str,
    per: date,
    referensmall: Path | None = None,
) -> bytes:
    """Convert the report; the same input gives the same bytes (SOURCE_DATE_EPOCH = ``per``)."""
    if referensmall is not None and not referensmall.is_file():
        raise UsageError(f"--referensmall: filen '{referensmall}' finns inte")
    pandoc = pandoc_path()
    epoch = int(datetime(per.year, per.month, per.day, tzinfo=UTC).timestamp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    with tempfile.TemporaryDirectory(prefix="lgtool-") as tmp:
        target = Path(tmp) / f"rapport.{fmt}"
        args = [
            pandoc,
            "--from=markdown-smart",
            f"--to={fmt}",
            f"--output={target}",
            "--metadata=lang:sv-SE",
            f"--metadata=pagetitle:{title}",
        ]
        if fmt == "html":
            args.append("--standalone")
        if fmt == "docx":
            reference = referensmall or Path(
                str(files("lgtool").joinpath("templates/referens.docx"))
            )
            args.append(f"--reference-doc={reference}")
        try:
            result = subprocess.run(
                args,
                input=markdown.encode("utf-8"),
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReportError(
                f"konverteringen med pandoc tog mer än {TIMEOUT_SECONDS} s och avbröts"
            ) from None
        if result.returncode != 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ReportError(
                "pandoc kunde inte konvertera rapporten"
                + (f": {detail[-1]}" if detail else f" (kod {result.returncode})")
            )
        return target.read_bytes()
