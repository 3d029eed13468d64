"""``validate``, ``status`` and ``prioritering`` through the result cache.

Each function reads the register folder (:mod:`lgtool.folder`) and, with the cache
on, writes again the stored output of the same command, options, day and files
(:mod:`lgtool.result_cache`). Otherwise the command runs as usual on the files
already read, while what it writes is recorded and stored for the next run.
Nothing heavy is imported until a command really runs.

:func:`replay_from_argv` does the same straight from the command line, before
typer parses it (typer's own parsing costs half a warm run).

Not cached: the ``table`` format (rich fits it to the terminal's width and
colours, which the key does not hold), a command that fails with an error (it
runs again, and says so again), anything with ``--ingen-cache``, and a
reference date in the past (its answer comes from git history, which the key
does not hold: :mod:`lgtool.asof`).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from lgtool import clock
from lgtool.errors import LgtoolError
from lgtool.folder import FolderFiles, read_folder, register_root
from lgtool.result_cache import STDERR, STDOUT, Result, ResultCache, result_key

if TYPE_CHECKING:
    from lgtool.checkpoints import FailOn
    from lgtool.commands.status import StatusFormat
    from lgtool.commands.validate import ProblemFormat

Run = Callable[[Path, FolderFiles, date, TextIO, TextIO], int]
"""Runs the command on the files read: (root, files, today, stdout, stderr) → exit code."""


@dataclass(frozen=True)
class Request:
    """A command as the result cache keys it: its name, the options that shape its output."""

    command: str
    options: Mapping[str, Any]
    """Plain JSON values: they go into the key."""
    register: Path | None
    replayable: bool = True


def validate_request(register: Path | None, fmt: str) -> Request:
    """``lgtool validate``'s options as the cache sees them."""
    return Request("validate", {"format": fmt}, register)


def status_request(
    *,
    register: Path | None,
    per: date | None,
    objekt: Sequence[str],
    kategori: Sequence[str],
    bara_avvikelser: bool,
    fmt: str,
    fail_on: str | None,
) -> Request:
    """``lgtool status``'s options as the cache sees them."""
    options = {
        "per": per.isoformat() if per else None,
        "objekt": list(objekt),
        "kategori": list(kategori),
        "avvikelser": bara_avvikelser,
        "format": fmt,
        "fail_on": fail_on,
    }
    return Request("status", options, register, replayable=fmt != "table")


def prioritering_request(
    *,
    register: Path | None,
    per: date | None,
    objekt: Sequence[str],
    kategori: Sequence[str],
    fmt: str,
) -> Request:
    """``lgtool prioritering``'s options as the cache sees them."""
    options = {
        "per": per.isoformat() if per else None,
        "objekt": list(objekt),
        "kategori": list(kategori),
        "format": fmt,
    }
    return Request("prioritering", options, register, replayable=fmt != "table")


def validate(register: Path | None, fmt: ProblemFormat, *, cache: bool) -> int:
    """``lgtool validate`` (:func:`lgtool.commands.validate.validate`), replayed when unchanged."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.validate import validate as run_validate

        return run_validate(root, fmt, out, today=today, cache=cache, files=files)

    return replay_or_run(validate_request(register, fmt), cache=cache, run=run)


def status(
    *,
    register: Path | None,
    per: date | None,
    objekt: Sequence[str],
    kategori: Sequence[str],
    bara_avvikelser: bool,
    fmt: StatusFormat,
    fail_on: FailOn | None,
    cache: bool,
) -> int:
    """``lgtool status`` (:func:`lgtool.commands.status.status`), replayed when unchanged."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.status import status as run_status

        return run_status(
            register=root,
            per=per,
            objekt=objekt,
            kategori=kategori,
            bara_avvikelser=bara_avvikelser,
            fmt=fmt,
            fail_on=fail_on,
            out=out,
            err=err,
            cache=cache,
            files=files,
        )

    request = status_request(
        register=register,
        per=per,
        objekt=objekt,
        kategori=kategori,
        bara_avvikelser=bara_avvikelser,
        fmt=fmt,
        fail_on=fail_on,
    )
    return replay_or_run(request, cache=cache, run=run)


def prioritering(
    *,
    register: Path | None,
    per: date | None,
    objekt: Sequence[str],
    kategori: Sequence[str],
    fmt: StatusFormat,
    cache: bool,
) -> int:
    """``lgtool prioritering`` (:func:`lgtool.commands.status.prioritering`), replayed."""

    def run(root: Path, files: FolderFiles, today: date, out: TextIO, err: TextIO) -> int:
        from lgtool.commands.status import prioritering as run_prioritering

        return run_prioritering(
            register=root,
            per=per,
            objekt=objekt,
            kategori=kategori,
            fmt=fmt,
            out=out,
            err=err,
            cache=cache,
            files=files,
        )

    request = prioritering_request(
        register=register, per=per, objekt=objekt, kategori=kategori, fmt=fmt
    )
    return replay_or_run(request, cache=cache, run=run)


@dataclass(frozen=True)
class _Missed:
    """What :func:`replay_from_argv` read and keyed, when it found no result to replay."""

    request: Request
    files: FolderFiles
    today: date
    key: str


_missed: dict[Path, _Missed] = {}


def replay_or_run(request: Request, *, cache: bool, run: Run) -> int:
    """The stored result of ``request`` when nothing has changed, else ``run`` (and store it)."""
    root = register_root(request.register)
    missed = _missed.pop(root, None)
    if missed is not None and missed.request == request:  # read once per run
        files, today, key = missed.files, missed.today, missed.key
    else:
        files, today, key = read_folder(root), clock.today(), None
    if not (cache and request.replayable) or _from_history(request, today):
        return run(root, files, today, sys.stdout, sys.stderr)
    stored = ResultCache.for_register(root, key or _key(request, root, files, today))
    found = stored.load()
    if found is not None:
        return found.write()
    recording = _Recording()
    code = run(
        root,
        files,
        today,
        recording.tee(STDOUT, sys.stdout),
        recording.tee(STDERR, sys.stderr),
    )
    stored.save(recording.result(int(code)))
    return code


def replay_from_argv(argv: Sequence[str]) -> int | None:
    """Replay a stored result straight from the command line, before typer parses it.

    typer builds a pydantic validator for each option (~65 ms, half a warm run), so
    a plain use of ``validate``, ``status`` or ``prioritering`` is recognised here
    first (:func:`parse_argv`). None, and nothing written, when the command line is
    anything else or no result is stored: typer then runs the command as usual.
    """
    request = parse_argv(argv)
    if request is None or not request.replayable:
        return None
    try:
        root = register_root(request.register)
        today = clock.today()
    except LgtoolError:
        return None  # typer's run says so, with the usual message
    if _from_history(request, today):
        return None
    files = read_folder(root)
    key = _key(request, root, files, today)
    found = ResultCache.for_register(root, key).load()
    if found is None:
        _missed[root] = _Missed(request, files, today, key)
        return None
    return found.write()


def _from_history(request: Request, today: date) -> bool:
    """Whether the answer may come from git history (a reference date in the past,
    :mod:`lgtool.asof`): the key holds the files, not the commits, so such a result
    is never stored nor replayed."""
    per = request.options.get("per")
    return isinstance(per, str) and date.fromisoformat(per) < today


def _key(request: Request, root: Path, files: FolderFiles, today: date) -> str:
    return result_key(
        command=request.command, options=request.options, today=today, root=root, files=files
    )


_VALUE_OPTIONS = {
    "--register": "register",
    "-r": "register",
    "--format": "format",
    "-f": "format",
    "--per": "per",
    "--objekt": "objekt",
    "--kategori": "kategori",
    "--fail-on": "fail_on",
}
_FLAGS = {"--avvikelser": "avvikelser"}
_ACCEPTS = {
    "validate": {"register", "format"},
    "status": {"register", "format", "per", "objekt", "kategori", "avvikelser", "fail_on"},
    "prioritering": {"register", "format", "per", "objekt", "kategori"},
}
_FORMATS = {
    "validate": {"text", "json", "github"},
    "status": {"json", "csv", "markdown"},
    "prioritering": {"json", "csv", "markdown"},
}
_MULTIPLE = {"objekt", "kategori"}
_FAIL_ON = {"forfallen", "saknas", "roda", "avvikelse"}


def parse_argv(argv: Sequence[str]) -> Request | None:
    """The request of a plain replayable command line; None for anything else.

    Deliberately narrow: only the spellings listed here, each single option at most
    once, values that typer would accept unchanged. Everything else (help, a
    typo, ``--ingen-cache``, ``-fjson``, the table format) is left to typer, so
    this never decides anything typer would decide differently; a test holds
    the two to the same requests.
    """
    if not argv or argv[0] not in _ACCEPTS:
        return None
    command = argv[0]
    found: dict[str, Any] = {}
    tokens = list(argv[1:])
    while tokens:
        token = tokens.pop(0)
        name, sep, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if name in _FLAGS and not sep:
            dest = _FLAGS[name]
            if dest not in _ACCEPTS[command] or dest in found:
                return None
            found[dest] = True
            continue
        if name not in _VALUE_OPTIONS:
            return None
        dest = _VALUE_OPTIONS[name]
        if dest not in _ACCEPTS[command]:
            return None
        if not sep:
            if not tokens:
                return None
            value = tokens.pop(0)
        if not value or value.startswith("-"):
            return None
        if dest in _MULTIPLE:
            found.setdefault(dest, []).append(value)
        elif dest in found:
            return None
        else:
            found[dest] = value
    fmt = found.get("format", "text" if command == "validate" else "table")
    if fmt not in _FORMATS[command] or found.get("fail_on", "forfallen") not in _FAIL_ON:
        return None
    register = Path(found["register"]) if "register" in found else None
    try:
        per = date.fromisoformat(found["per"]) if "per" in found else None
    except ValueError:
        return None
    if command == "validate":
        return validate_request(register, fmt)
    if command == "status":
        return status_request(
            register=register,
            per=per,
            objekt=found.get("objekt", []),
            kategori=found.get("kategori", []),
            bara_avvikelser=found.get("avvikelser", False),
            fmt=fmt,
            fail_on=found.get("fail_on"),
        )
    return prioritering_request(
        register=register,
        per=per,
        objekt=found.get("objekt", []),
        kategori=found.get("kategori", []),
        fmt=fmt,
    )


class _Recording:
    """What a command writes to stdout and stderr, in order."""

    def __init__(self) -> None:
        self._parts: list[tuple[int, list[str]]] = []

    def tee(self, stream: int, target: TextIO) -> TextIO:
        """A stream that writes to ``target`` and records what was written."""
        return cast(TextIO, _Tee(self, stream, target))

    def add(self, stream: int, text: str) -> None:
        """Record ``text`` written to ``stream``."""
        if self._parts and self._parts[-1][0] == stream:
            self._parts[-1][1].append(text)
        else:
            self._parts.append((stream, [text]))

    def result(self, code: int) -> Result:
        """The recording as a result with exit code ``code``."""
        return Result(code, tuple((stream, "".join(texts)) for stream, texts in self._parts))


class _Tee(io.TextIOBase):
    def __init__(self, recording: _Recording, stream: int, target: TextIO) -> None:
        super().__init__()
        self._recording = recording
        self._stream = stream
        self._target = target

    def write(self, text: str) -> int:
        self._target.write(text)
        self._recording.add(self._stream, text)
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._target.encoding
