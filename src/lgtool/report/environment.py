"""The sandboxed Jinja environment of the report: loaders, Markdown escaping, Swedish formats.

A template may come from a pull request nobody has read, so it runs fenced in:

- **Files.** A template is a regular file directly inside one of the template
  folders (``--mallar``, ``templates/`` beside the register, the built-in ones).
  A symbolic link, a FIFO or a device is refused, never followed or read.
- **Python.** Jinja's sandbox: no attributes starting with ``_``, no unsafe calls.
- **Work.** Every call, filter, operator, concatenation and ``range`` item counts as a
  step; past :attr:`Limits.steps` steps, or :attr:`Limits.seconds` seconds, rendering
  stops. A watchdog timer stops loops that call nothing at all.
- **Size.** An operator, a concatenation or a call may not build a text or list longer
  than :attr:`Limits.text`; ``*``, ``**``, ``+`` and ``%`` are checked before they
  compute. The whole output may not pass :attr:`Limits.output` characters.
- **Recursion.** Macros may nest :attr:`Limits.depth` deep; deeper recursion, or an
  include of itself, stops.

Each stop is a :class:`ReportError` naming the template and line, exit code 1.

Register values reach pandoc as literal text: a value that starts with a list marker
(``-``, ``+``, ``1.``, ``a)``) or contains ``$`` is escaped, so free text can never
become a list, a rule or math (and 20,000 list markers cannot keep pandoc busy).
"""

from __future__ import annotations

import os
import re
import signal
import stat
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from types import FrameType
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment
from jinja2.exceptions import TemplateRuntimeError
from jinja2.nodes import Concat
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from lgtool.errors import ReportError, UsageError
from lgtool.render.markdown import escape
from lgtool.wording import antal, number, percent

BUILTIN_TEMPLATES = Path(str(files("lgtool").joinpath("templates")))

MAX_TEMPLATE_BYTES = 1_000_000
"""A template file larger than this is refused before it is read."""


@dataclass(frozen=True)
class Limits:
    """Bounds on the work a template may do (see the module docstring)."""

    seconds: float = 5.0
    steps: int = 10_000_000
    text: int = 10_000_000
    output: int = 50_000_000
    depth: int = 50
    range_items: int = 100_000


DEFAULT_LIMITS = Limits()


class TemplateLimitError(TemplateRuntimeError):
    """A template passed one of the :class:`Limits`."""


# --- Markdown: register values as literal text -------------------------------------------

_LIST_START = re.compile(r"^(\(?)([0-9]{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]{1,9})([.)])(?=\s|$)")
_BULLET_START = re.compile(r"^([-+=:])")


def literal(value: str) -> str:
    """Escaped Markdown text that pandoc reads as a plain paragraph, wherever it is placed.

    :func:`lgtool.render.markdown.escape` handles inline punctuation; here a leading
    list marker ("- ", "+ ", "1.", "a)", "(i)") or rule/heading underline ("---",
    "===") is escaped too, and every ``$`` so that no text becomes math.
    """
    text = escape(value).replace("$", "\\$")
    text = _LIST_START.sub(lambda m: (f"\\{m[1]}" if m[1] else "") + m[2] + "\\" + m[3], text)
    return _BULLET_START.sub(r"\\\1", text)


def md(value: Any) -> Markup:
    """A register value escaped for Markdown (inline: newlines fold into spaces)."""
    if isinstance(value, Markup):
        return value
    return Markup(literal(_plain(value)))


def paragraphs(value: Any) -> Markup:
    """Free text escaped for Markdown, keeping its paragraphs (blank lines)."""
    if value is None:
        return Markup("")
    parts = [literal(p) for p in str(value).split("\n\n") if p.strip()]
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
    return literal(value)


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` is escaped for Markdown unless a filter marked it safe."""
    if type(value) is str:
        return _escape_text(value)
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return literal(_plain(value))


# --- Files ---------------------------------------------------------------------------------


def template_folders(mallar: Path | None, register: Path | None) -> list[Path]:
    """Override folders in order: ``--mallar``, then ``templates/`` next to the register."""
    folders = []
    if mallar is not None:
        if not mallar.is_dir():
            raise UsageError(f"--mallar: mappen '{mallar}' finns inte")
        folders.append(mallar)
    if register is not None:
        beside = register.resolve().parent / "templates"
        if beside.is_symlink():
            raise ReportError(
                f"mallmappen {beside.as_posix()} är en symbolisk länk; mallar läses bara "
                "från en vanlig mapp"
            )
        if beside.is_dir() and beside.resolve() != BUILTIN_TEMPLATES.resolve():
            folders.append(beside)
    return folders


class RegularFileLoader(BaseLoader):
    """Templates that are regular files directly inside ``folder``; nothing else is read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, read without following a link or blocking on a FIFO."""
        if not template or "/" in template or "\\" in template or template in (".", ".."):
            raise TemplateNotFound(template)
        path = self.folder / template
        shown = path.as_posix()
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            raise TemplateNotFound(template) from None
        except OSError as exc:
            raise ReportError(f"mallen {shown} kan inte läsas: {exc.strerror}") from None
        if stat.S_ISLNK(info.st_mode):
            raise ReportError(
                f"mallen {shown} är en symbolisk länk; en mall måste vara en vanlig fil "
                "i mallmappen"
            )
        if not stat.S_ISREG(info.st_mode):
            raise ReportError(
                f"mallen {shown} är inte en vanlig fil; en mall måste vara en vanlig fil "
                "i mallmappen"
            )
        return _read_template(path, shown), str(path), lambda: True


def _read_template(path: Path, shown: str) -> str:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReportError(f"mallen {shown} kan inte läsas: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ReportError(f"mallen {shown} är inte en vanlig fil")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise ReportError(
                f"mallen {shown} är större än {number(MAX_TEMPLATE_BYTES)} byte och läses inte"
            )
        data = handle.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ReportError(
            f"mallen {shown} är större än {number(MAX_TEMPLATE_BYTES)} byte och läses inte"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReportError(f"{shown}:{line}: fel: mallen är inte UTF-8-kodad") from None


class _ChoiceLoader(BaseLoader):
    def __init__(self, loaders: Sequence[RegularFileLoader]) -> None:
        self.loaders = list(loaders)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for loader in self.loaders:
            try:
                return loader.get_source(environment, template)
            except TemplateNotFound:
                continue
        raise TemplateNotFound(template)


# --- Bounded work --------------------------------------------------------------------------


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` so that the joined text is measured (``environment.bounded``)."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:  # noqa: N802 (Jinja's name)
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


_FORMAT_WIDTH = re.compile(r"\d{7,}")


class _CountingRange:
    """``range`` inside a template: at most ``Limits.range_items`` items, each one a step."""

    def __init__(self, env: BoundedEnvironment, items: range) -> None:
        self._env = env
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[int]:
        step = self._env.step
        for i in self._items:
            step()
            yield i

    def __contains__(self, value: object) -> bool:
        return value in self._items

    def __getitem__(self, index: int) -> int:
        return self._items[index]


class BoundedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox with bounds on steps, time, sizes and macro depth."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, limits: Limits, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits
        self.steps = 0
        self.depth = 0
        self.deadline = float("inf")
        self.globals["range"] = self._range
        del self.globals["lipsum"]  # lipsum(n) writes n paragraphs: nothing a report needs

    def start(self) -> None:
        """Reset the budget before a rendering."""
        self.steps = 0
        self.depth = 0
        self.deadline = time.monotonic() + self.limits.seconds

    def step(self) -> None:
        """Count one unit of work; stop past the budget of steps or time."""
        self.steps += 1
        if self.steps > self.limits.steps:
            raise TemplateLimitError(
                f"mallen tog fler än {number(self.limits.steps)} steg och avbröts "
                "(en loop som inte tar slut?)"
            )
        if self.steps & 0x3FF == 0 and time.monotonic() > self.deadline:
            self.timeout()

    def timeout(self) -> None:
        """Stop: the time budget is spent."""
        raise TemplateLimitError(
            f"mallen tog längre tid än {self.limits.seconds:g} s och avbröts".replace(".", ",")
        )

    def bounded(self, value: Any) -> Any:
        """``value`` if its length is within the text limit."""
        self.step()
        if isinstance(value, str | list | tuple) and len(value) > self.limits.text:
            self._too_long()
        return value

    def _too_long(self) -> None:
        raise TemplateLimitError(
            f"uttrycket skulle ge en text eller lista längre än {number(self.limits.text)} "
            "tecken eller element"
        )

    def _range(self, *args: int) -> _CountingRange:
        items = range(*args)
        if len(items) > self.limits.range_items:
            raise TemplateLimitError(
                f"range() med fler än {number(self.limits.range_items)} steg är inte "
                "tillåtet i en mall"
            )
        return _CountingRange(self, items)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``**``, ``+``, ``%`` and ``//`` with their result's size checked first."""
        self.step()
        sized = (str, list, tuple)
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, sized)
                    and isinstance(times, int)
                    and len(seq) * max(times, 0) > self.limits.text
                ):
                    self._too_long()
        elif operator == "**":
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and right * abs(left).bit_length() > 100_000
            ):
                raise TemplateLimitError("potensen är för stor för en mall")
        elif operator == "+":
            if (
                isinstance(left, sized)
                and isinstance(right, sized)
                and len(left) + len(right) > self.limits.text
            ):
                self._too_long()
        elif operator == "%" and isinstance(left, str) and _FORMAT_WIDTH.search(left):
            raise TemplateLimitError("formatet anger en för stor bredd")
        return self.bounded(self.binop_table[operator](left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """A call from the template: counted, argument sizes checked, macro depth bounded."""
        __self.step()
        __self._check_arguments(args, kwargs)
        if isinstance(__obj, Macro):
            __self.depth += 1
            try:
                if __self.depth > __self.limits.depth:
                    raise TemplateLimitError(
                        f"makron anropar varandra djupare än {__self.limits.depth} nivåer "
                        "(ett makro som anropar sig självt?)"
                    )
                return super().call(__context, __obj, *args, **kwargs)
            finally:
                __self.depth -= 1
        return __self.bounded(super().call(__context, __obj, *args, **kwargs))

    def _check_arguments(self, args: Sequence[Any], kwargs: dict[str, Any]) -> None:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and abs(value) > self.limits.text:
                raise TemplateLimitError(
                    f"talet {number(value)} är för stort som argument i en mall"
                )

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'…'.format`` as the sandbox wraps it, refusing enormous field widths."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        if _FORMAT_WIDTH.search(value.__self__):
            raise TemplateLimitError("formatet anger en för stor bredd")
        return wrapped

    def bounded_filter(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A filter wrapped so that it counts as a step and its arguments are checked."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.step()
            self._check_arguments(args[1:], kwargs)
            if (
                getattr(function, "__name__", "") == "do_format"
                and isinstance(args[0], str)
                and _FORMAT_WIDTH.search(args[0])
            ):
                raise TemplateLimitError("formatet anger en för stor bredd")
            return self.bounded(function(*args, **kwargs))

        for marker in ("jinja_pass_arg",):
            if hasattr(function, marker):
                setattr(wrapper, marker, getattr(function, marker))
        wrapper.__name__ = getattr(function, "__name__", "filter")
        return wrapper


def make_environment(
    overrides: Sequence[Path] = (), limits: Limits = DEFAULT_LIMITS
) -> BoundedEnvironment:
    """A sandboxed environment where a template typo is an error, not an empty string."""
    loaders = [RegularFileLoader(folder) for folder in overrides]
    loaders.append(RegularFileLoader(BUILTIN_TEMPLATES.resolve()))
    env = BoundedEnvironment(
        limits,
        loader=_ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        md=md, stycken=paragraphs, procent=percent, tal=number, datum=datum, antal=antal
    )
    for name, function in list(env.filters.items()):
        env.filters[name] = env.bounded_filter(function)
    return env


# --- Rendering -----------------------------------------------------------------------------


class _Watchdog:
    """Stops a rendering past its deadline even when the template calls nothing.

    A POSIX interval timer on the main thread; elsewhere the step counter's time
    check is the only bound.
    """

    def __init__(self, env: BoundedEnvironment) -> None:
        self.env = env
        self.active = hasattr(signal, "setitimer") and (
            threading.current_thread() is threading.main_thread()
        )
        self.previous: Any = None

    def __enter__(self) -> None:
        if self.active:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.env.limits.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)

    def _expired(self, signum: int, frame: FrameType | None) -> None:
        self.env.timeout()


def render(env: BoundedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render template ``name``; template mistakes become a ReportError with file and line."""
    env.start()
    chunks: list[str] = []
    size = 0
    try:
        with _Watchdog(env):
            for chunk in env.get_template(name).generate(context):
                size += len(chunk)
                if size > env.limits.output:
                    raise TemplateLimitError(
                        f"mallen gav mer än {number(env.limits.output)} tecken och avbröts"
                    )
                chunks.append(chunk)
    except ReportError:
        raise
    except TemplateError as exc:
        raise ReportError(_template_message(exc, str(exc.message or exc), name)) from None
    except RecursionError as exc:
        message = "mallarna inkluderar eller anropar sig själva för djupt"
        raise ReportError(_template_message(exc, message, name)) from None
    except MemoryError as exc:
        message = "mallen använde för mycket minne"
        raise ReportError(_template_message(exc, message, name)) from None
    except Exception as exc:  # any other error raised by template code is the template's
        message = f"{exc} ({type(exc).__name__})"
        raise ReportError(_template_message(exc, message, name)) from None
    return "".join(chunks)


def _template_message(exc: BaseException, message: str, rendered: str) -> str:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".j2"):
                name, line = frame.filename, frame.lineno
                break
    message = (
        message.replace(" is undefined", " är inte definierat")
        .replace("has no attribute", "har inget fält")
        .replace("dict object", "mappningen")
    )
    where = f"{Path(name).name}:{line}" if name and line else Path(name or rendered).name
    return f"fel i rapportmallen {where}: {message}"
