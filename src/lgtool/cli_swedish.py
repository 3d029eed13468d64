"""The command line in Swedish: typer's help and click's usage errors, translated.

typer writes its fixed words (``Usage:``, ``Options``, ``[default: …]``) and
click its usage errors (``No such option: --x``) in English. The command class
:class:`SwedishCommand` and the group :class:`SwedishGroup` translate the help;
:func:`swedish_usage_error` translates an error's message.

This is the one module that reaches into typer's private ``typer._click`` (the
click that typer has vendored since 0.26, without depending on click): the
usage-error classes are not in typer's public API. ``pyproject.toml`` declares
typer>=0.28, the first version that has both ``typer._click`` and
``typer.TyperException`` and ends a run on a closed stdout without a traceback;
``make test-min`` holds it there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import typer
from typer import _click
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

__all__ = [
    "ClosedOutputError",
    "LazyHelp",
    "NoArgsIsHelpError",
    "SwedishCommand",
    "SwedishGroup",
    "UsageError",
    "swedish_help",
    "swedish_usage_error",
]

_HELP_WORDS = (
    ("Usage: ", "Användning: "),
    (" [OPTIONS]", " [FLAGGOR]"),
    (" COMMAND [ARGS]...", " KOMMANDO [ARGUMENT]..."),
    ("Show this message and exit.", "Visa denna hjälp och avsluta."),
    ("[default:", "[standard:"),
    ("[required]", "[krävs]"),
    ("\nOptions:\n", "\nFlaggor:\n"),
    ("\nArguments:\n", "\nArgument:\n"),
    ("\nCommands:\n", "\nKommandon:\n"),
)
"""typer's fixed words. A phrase in the help column may be wrapped over two lines."""


def swedish_help(text: str) -> str:
    """typer's help text with its fixed words in Swedish."""
    for english, swedish in _HELP_WORDS:
        words = english.strip().split(" ")
        if len(words) == 1:
            text = text.replace(english, swedish)
        else:  # keep the line breaks that typer wrapped the phrase with
            pattern = r"(\s+)".join(re.escape(word) for word in words)
            text = re.sub(pattern, partial(_same_spacing, swedish.strip().split(" ")), text)
    return text


def _same_spacing(words: list[str], match: re.Match[str]) -> str:
    """``words`` joined by the whitespace between the English words that ``match`` found."""
    spaces = [*match.groups(), ""]
    return "".join(word + space for word, space in zip(words, spaces, strict=True))


class LazyHelp(str):
    """Help text computed only when help is shown (``help=LazyHelp(function)``).

    For a text built from something heavy to import, such as the checkpoint
    registry: typer reads every command's help on every run, ``--version`` too.
    """

    def __new__(cls, compute: Callable[[], str]) -> LazyHelp:
        text = super().__new__(cls, "")
        text.compute = compute
        return text

    compute: Callable[[], str]


class _Argument(TyperArgument):
    """An argument shown by its Swedish metavar alone, without typer's English type (<str>)."""

    def display_type_rich(self, ctx: _click.Context) -> str | None:
        return None

    def get_help_record(self, ctx: _click.Context) -> tuple[str, str] | None:
        if isinstance(self.help, LazyHelp):
            self.help = self.help.compute()
        return super().get_help_record(ctx)


class _LazyCoercion:
    """typer's coercion of one parameter, with pydantic only where it is needed.

    typer 0.29 coerces every parameter through a pydantic validator that it builds
    for the parameter on first use, even for an option that was not given (its
    value None) or left at its default: so ``lgtool status --help`` and
    ``--version`` imported pydantic (half of their time), and so did a replayed
    ``status`` (a sixth of it). Here the values whose answer is plain are coerced
    as typer's own code would coerce them, without pydantic (:func:`plain_value`):
    a missing value, a text, one of a Literal's choices and a path with typer's
    default checks. Anything else, and any value that could fail, goes to typer's
    own coercion, built then, so errors are typer's own. typer 0.28 coerces
    through click's types and has no such cache (:func:`_defer_coercion` leaves it
    alone). A test compares both for every option of every command.
    """

    def __init__(self, descriptor: Any) -> None:
        self._descriptor = descriptor

    def coerce(self, value: Any, param: Any, ctx: _click.Context) -> Any:
        if value is None:  # as typer's RuntimeParam.coerce
            return () if param.multiple or param.nargs == -1 else None
        if not (param.multiple or param.nargs == -1):
            plain = plain_value(self._descriptor, value)
            if plain is not _NOT_PLAIN:
                return plain
        from typer._coercion import build_runtime_param

        real = build_runtime_param(self._descriptor)
        param._runtime_param = real
        return real.coerce(value, param=param, ctx=ctx)


_NOT_PLAIN = object()
_DEFAULT_PATH_CHECKS = {
    "exists": False,
    "file_okay": True,
    "dir_okay": True,
    "writable": False,
    "readable": True,
    "resolve_path": False,
    "allow_dash": False,
    "path_type": None,
    "parser": None,
}


def plain_value(descriptor: Any, value: Any) -> Any:
    """``value`` coerced to ``descriptor``'s type when typer's answer is plain to give
    (see :class:`_LazyCoercion`); otherwise ``_NOT_PLAIN``."""
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if not isinstance(value, str) or info.parser is not None or descriptor.file_annotation:
        return _NOT_PLAIN
    if annotation is str:
        return value
    from typer._typing import is_literal_type, literal_values  # typer's own test

    if is_literal_type(annotation):
        choices = literal_values(annotation)
        if info.case_sensitive and all(type(c) is str for c in choices) and value in choices:
            return value
        return _NOT_PLAIN
    if annotation is Path and all(
        getattr(info, name, None) == default for name, default in _DEFAULT_PATH_CHECKS.items()
    ):
        path = Path(value)
        try:
            os.stat(path)
        except OSError:  # typer: a path that does not exist is fine without exists=True
            return path
        return path if os.access(path, os.R_OK) else _NOT_PLAIN  # typer says it
    return _NOT_PLAIN


def _defer_coercion(params: list[_click.Parameter]) -> None:
    """Let each parameter build its coercion only for a value (:class:`_LazyCoercion`)."""
    for param in params:
        if getattr(param, "_runtime_param", False) is None:  # typer 0.29: not built yet
            param._runtime_param = _LazyCoercion(param.type_descriptor)  # type: ignore[attr-defined]


class SwedishCommand(TyperCommand):
    """A command whose help is in Swedish (typer's fixed words translated).

    Every option and argument has a Swedish metavar (ID, FIL, MAPP, ÅÅÅÅ-MM-DD ...),
    so no English type name (<str>, <path>) is shown.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument

    def get_help(self, ctx: typer.Context) -> str:  # type: ignore[override]
        return swedish_help(super().get_help(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence of the help, whole: click cuts it at the column's width
        with "...", and the command list wraps a long line anyway."""
        if self.short_help or not self.help:
            return super().get_short_help_str(limit)
        first = self.help.strip().split("\n\n", 1)[0]
        return " ".join(first.split(". ", 1)[0].split()).removesuffix(".")

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        _defer_coercion(self.get_params(ctx))
        # click's parser raises some usage errors (a flag without its value) without
        # the context, and the error would point at 'lgtool --help'.
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:
            exc.ctx = exc.ctx or ctx
            raise


class ClosedOutputError(Exception):
    """stdout was closed by its reader (``lgtool status | head -2``)."""


_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
"""The shells typer can install completion for."""

_COMPLETION_HELP = {
    "install_completion": "Installera komplettering med Tab för skalet som används "
    "(bash, zsh, fish eller PowerShell).",
    "show_completion": "Visa skriptet för komplettering med Tab i skalet som används, "
    "för att kopiera det eller installera det på eget sätt.",
}


def _install_completion(ctx: _click.Context, param: _click.Parameter, value: Any) -> Any:
    """typer's ``--install-completion``, with its messages in Swedish."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import _get_shell_name, install

    shell = value if isinstance(value, str) else _get_shell_name()
    if shell not in _SHELLS:
        typer.echo(
            f"fel: kan inte installera komplettering för skalet {shell or '(okänt)'}; "
            "lgtool kan komplettera i bash, zsh, fish och PowerShell",
            err=True,
        )
        raise typer.Exit(2)
    shell, path = install(shell=shell)
    typer.echo(f"Komplettering för {shell} installerad i {path}.")
    typer.echo("Den gäller från nästa gång terminalen startas.")
    raise typer.Exit(0)


class SwedishGroup(TyperGroup):
    """The command group, with Swedish help.

    A closed stdout becomes :class:`ClosedOutputError`: typer itself ends such a run
    with exit code 1, the code of a register with errors. ``--install-completion``
    and ``--show-completion`` get Swedish help, and the first Swedish messages.
    """

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        # typer appends the completion options after the group is made.
        params = super().get_params(ctx)
        for param in params:
            if param.name in _COMPLETION_HELP and isinstance(param, TyperOption):
                param.help = _COMPLETION_HELP[param.name]
                if param.name == "install_completion":
                    param.callback = _install_completion
        return params

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        _defer_coercion(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise ClosedOutputError from exc

    def get_help(self, ctx: typer.Context) -> str:  # type: ignore[override]
        return swedish_help(super().get_help(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence of the help, whole: click cuts it at the column's width
        with "...", and the command list wraps a long line anyway."""
        if self.short_help or not self.help:
            return super().get_short_help_str(limit)
        first = self.help.strip().split("\n\n", 1)[0]
        return " ".join(first.split(". ", 1)[0].split()).removesuffix(".")


_CLICK_MESSAGES = (
    (r"No such option: (\S+)(?: Did you mean (\S+)\?)?", "okänd flagga {0}"),
    (r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?", "okänt kommando '{0}'"),
    (r"Missing argument '(.+)'\.", "argumentet {0} saknas"),
    (r"Missing option '(.+)'\.", "flaggan {0} saknas"),
    (r"Option '(.+)' requires an argument\.", "flaggan {0} behöver ett värde"),
    (r"Got unexpected extra arguments?\(?s?\)? \((.+)\)", "oväntat argument: {0}"),
    (
        r"Invalid value for '(.+?)'(?: / '.+?')?: \w+ '(.+)' is not readable\.",
        "{0}: '{1}' kan inte läsas: behörighet saknas",
    ),
    (
        r"Invalid value for '(.+?)'(?: / '.+?')?: \w+ '(.+)' is not writable\.",
        "{0}: '{1}' kan inte skrivas: behörighet saknas",
    ),
    (
        r"Invalid value for '(.+?)'(?: / '.+?')?: (?:Value error, )?'(.*?)' is not one of (.+)\.",
        "ogiltigt värde '{1}' för {0}; tillåtna värden: {2}",
    ),
    (
        # typer from 0.30 validates with pydantic; 0.28 and 0.29 with click's IntParamType
        r"Invalid value for '(.+?)'(?: / '.+?')?: "
        r"(?:Input should be a valid integer\b.*|'.*' is not a valid int(?:eger)?\.)",
        "ogiltigt värde för {0}: ange ett heltal",
    ),
    (
        r"Invalid value for '(.+?)'(?: / '.+?')?: (?:Value error, )?(.+)",
        "ogiltigt värde för {0}: {1}",
    ),
)


def swedish_usage_error(message: str) -> str:
    """click's usage error ``message`` in Swedish (unchanged when it is not a known one)."""
    for pattern, template in _CLICK_MESSAGES:
        match = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if match:
            text = template.format(*[g or "" for g in match.groups()])
            hint = re.search(r"Did you mean (.+)\?", message)
            return f"{text} – menade du {hint.group(1)}?" if hint else text
    return message
