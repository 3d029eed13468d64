"""The sandboxed Jinja environment of the report: loaders, Markdown escaping, Swedish formats."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from lgtool.errors import ReportError, UsageError
from lgtool.render.markdown import escape
from lgtool.wording import number, percent

BUILTIN_TEMPLATES = Path(str(files("lgtool").joinpath("templates")))


def md(value: Any) -> Markup:
    """A register value escaped for Markdown (inline: newlines fold into spaces)."""
    if isinstance(value, Markup):
        return value
    return Markup(escape(_plain(value)))


def paragraphs(value: Any) -> Markup:
    """Free text escaped for Markdown, keeping its paragraphs (blank lines)."""
    if value is None:
        return Markup("")
    parts = [escape(p) for p in str(value).split("\n\n") if p.strip()]
    return Markup("\n\n".join(parts))


def datum(value: date | None) -> str:
    """A date as ÅÅÅÅ-MM-DD; None → '–'."""
    return value.isoformat() if value else "–"


def _plain(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


@lru_cache(maxsize=4096)
def _escape_text(value: str) -> str:
    # A city's report writes the same few cell symbols, dates and names 100,000 times.
    return escape(value)


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` is escaped for Markdown unless a filter marked it safe."""
    if type(value) is str:
        return _escape_text(value)
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return escape(_plain(value))


def template_folders(mallar: Path | None, register: Path | None) -> list[Path]:
    """Override folders in order: ``--mallar``, then ``templates/`` next to the register."""
    folders = []
    if mallar is not None:
        if not mallar.is_dir():
            raise UsageError(f"--mallar: mappen '{mallar}' finns inte")
        folders.append(mallar)
    if register is not None:
        beside = register.resolve().parent / "templates"
        if beside.is_dir() and beside.resolve() != BUILTIN_TEMPLATES.resolve():
            folders.append(beside)
    return folders


def make_environment(overrides: Sequence[Path] = ()) -> SandboxedEnvironment:
    """A sandboxed environment where a template typo is an error, not an empty string."""
    loaders = [FileSystemLoader(str(folder)) for folder in overrides]
    loaders.append(FileSystemLoader(str(BUILTIN_TEMPLATES)))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(md=md, stycken=paragraphs, procent=percent, tal=number, datum=datum)
    return env


def render(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render template ``name``; template mistakes become a ReportError with file and line."""
    try:
        return env.get_template(name).render(context)
    except TemplateError as exc:
        raise ReportError(_template_message(exc)) from None


def _template_message(exc: TemplateError) -> str:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".j2"):
                name, line = frame.filename, frame.lineno
                break
    message = str(exc.message or exc)
    message = (
        message.replace(" is undefined", " är inte definierat")
        .replace("has no attribute", "har inget fält")
        .replace("dict object", "mappningen")
    )
    where = f"{Path(name).name}:{line}" if name and line else (Path(name).name if name else "mall")
    return f"fel i rapportmallen {where}: {message}"
