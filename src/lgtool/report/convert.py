"""Markdown → Word (docx), standalone HTML or PDF through pandoc.

Pandoc comes from PyPI with pypandoc-binary (the ``docx`` and ``pdf`` extras); the
PDF is set by the ``typst`` wheel (the ``pdf`` extra), so no system package is
needed for any format.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Literal

from lgtool.errors import ReportError, UsageError

OutputFormat = Literal["docx", "html", "pdf"]

TIMEOUT_SECONDS = 120

_MISSING = (
    "Word-, HTML- och PDF-utdata kräver pandoc, som följer med tilläggen 'docx' och 'pdf': "
    "installera med  pip install 'lgtool[docx]'  (eller 'lgtool[pdf]' för PDF)"
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
    author: str = "",
    subject: str = "",
    charts: Mapping[str, bytes] | None = None,
) -> bytes:
    """Convert the report; the same input gives the same bytes (SOURCE_DATE_EPOCH = ``per``).

    ``charts`` (files by name) are written beside the Markdown, which refers to them by name.
    """
    if fmt == "pdf":
        try:
            import typst  # noqa: F401 (checked before the slower pandoc run)
        except ImportError:
            from lgtool.report.pdf import MISSING

            raise ReportError(MISSING) from None
    if referensmall is not None:  # a file named on the command line: before pandoc is looked for
        _check_reference(referensmall)
    pandoc = pandoc_path()
    epoch = int(datetime(per.year, per.month, per.day, tzinfo=UTC).timestamp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    with tempfile.TemporaryDirectory(prefix="lgtool-") as tmp:
        folder = Path(tmp)
        for name, content in (charts or {}).items():
            (folder / name).write_bytes(content)
        to = "typst" if fmt == "pdf" else fmt
        target = folder / f"rapport.{'typ' if fmt == 'pdf' else fmt}"
        args = [
            pandoc,
            "--from=markdown-smart",
            f"--to={to}",
            f"--output={target}",
            "--metadata=lang:sv-SE",
            f"--metadata=pagetitle:{title}",
            f"--resource-path={folder}",
        ]
        if fmt == "html":
            from lgtool.report.html import head

            header = folder / "head.html"
            header.write_text(head(author=author, subject=subject), encoding="utf-8")
            args += [
                "--standalone",
                "--embed-resources",
                "--metadata=document-css:false",
                f"--include-in-header={header}",
            ]
        if fmt == "pdf":
            from lgtool.report.pdf import template

            typst_template = folder / "mall.typst"
            typst_template.write_text(
                template(title=title, author=author, subject=subject), encoding="utf-8"
            )
            args += ["--standalone", f"--template={typst_template}"]
        if fmt == "docx":
            reference = referensmall or Path(
                str(files("lgtool").joinpath("templates/referens.docx"))
            )
            args.append(f"--reference-doc={reference}")
        _run(args, markdown, env)
        data = target.read_bytes()
        if fmt == "pdf":
            from lgtool.report.pdf import compile_pdf

            return compile_pdf(data.decode("utf-8"), per=per, folder=folder)
    if fmt == "docx":
        from lgtool.report.docx import Properties, finish

        data = finish(data, Properties(title=title, author=author, subject=subject))
    elif fmt == "html":
        from lgtool.report.html import keep_dates_whole

        data = keep_dates_whole(data.decode("utf-8")).encode("utf-8")
    return data


def _check_reference(path: Path) -> None:
    """A Word file with styles, or a ReportError (pandoc's own message is Haskell's)."""
    import zipfile

    if not path.is_file():
        raise UsageError(f"--referensmall: filen '{path}' finns inte")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        names = set()
    if not {"word/document.xml", "word/styles.xml"} <= names:
        raise ReportError(
            f"--referensmall: filen '{path}' är ingen Word-fil (.docx) med formatmallar"
        )


def _run(args: list[str], markdown: str, env: dict[str, str]) -> None:
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
