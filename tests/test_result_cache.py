"""The result cache: replayed byte for byte, keyed by everything, never believed when forged."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, REPO, TODAY, behandling, run_cli, write_register
from lgtool import cachedir, processing_cache, result_cache
from lgtool.commands.loading import load
from lgtool.folder import FolderFiles, SourceFile, read_folder
from lgtool.options import StatusOptions, ValidateOptions
from lgtool.problems import Problem
from lgtool.register import Register
from lgtool.result_cache import STDERR, STDOUT, Result, ResultCache, result_key

CORPUS = REPO / "tests" / "corpus" / "bad"
HEAVY = ("ruamel", "jinja2", "rich", "yaml", "pydantic")
"""Never imported by a replayed run (lgtool coerces plain option values without pydantic)."""
RAN = "lgtool.register"
"""Imported only when a command really runs."""


@dataclass(frozen=True)
class Output:
    """Everything a run of lgtool gives back, as bytes."""

    code: int
    out: bytes
    err: bytes


def lgtool(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[Output, list[str]]:
    """Run lgtool as a user does; its output, and the modules it imported."""
    full_env = {
        **os.environ,
        "LGTOOL_IDAG": TODAY.isoformat(),
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PYTHONPROFILEIMPORTTIME": "1",
        **(env or {}),
    }
    full_env.pop("LGTOOL_REGISTER", None)
    proc = subprocess.run(
        [sys.executable, "-m", "lgtool", *args],
        capture_output=True,
        cwd=cwd,
        env=full_env,
        check=False,
        timeout=120,
    )
    imported, err = [], []
    for line in proc.stderr.splitlines(keepends=True):
        if line.startswith(b"import time:"):
            imported.append(line.decode().rsplit("|", 1)[1].strip())
        else:
            err.append(line)
    return Output(proc.returncode, proc.stdout, b"".join(err)), imported


def _results(folder: Path) -> list[Path]:
    return sorted((folder / cachedir.CACHE_DIR).glob("svar-*"))


COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["validate", "-f", "github"],
    ["status", "--format", "json"],
    ["status", "-f", "csv", "--avvikelser"],
    # a reference date not yet passed: a past one is answered from git history, never stored
    ["status", "--format=markdown", "--per", "2027-06-30", "--fail-on", "roda"],
    ["prioritering", "-f", "json"],
    ["prioritering", "--format", "csv"],
    ["prioritering", "-f", "markdown", "--kategori", "unik", "--kategori", "gemensam"],
    # the table: fitted to the terminal the options record (here 100 columns, no colour)
    ["status"],
    ["status", "--alla", "--avvikelser"],
    ["prioritering"],
    ["prioritering", "--alla"],
    ["kalender"],
    ["kalender", "--alla", "--inom", "30"],
    ["kalender", "-f", "json", "--typ", "klassa"],
    ["kalender", "--format", "csv", "--ansvarig", "ingen namngiven", "--fail-on", "forfallet"],
    ["kalender", "-f", "markdown", "--ansvarig", "Nisse"],  # a note on stderr, exit 0
    ["kalender", "-f", "ics", "--paminnelse", "3"],
]


def _in_process(*args: str, cwd: Path) -> Output:
    result = run_cli(*args, cwd=cwd, env={"LGTOOL_IDAG": TODAY.isoformat()})
    return Output(result.code, result.out.encode(), result.err.encode())


@pytest.mark.parametrize("source", [EXAMPLE_REGISTER, CORPUS], ids=["exempel", "korpus"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_replayed_run_gives_exactly_what_the_command_gives(
    tmp_path: Path, source: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(source, tmp_path / "register", symlinks=True)
    args = [*command, "--register", "register"]
    ran: list[Path] = []
    real = load

    def loading(root: Path, **kwargs: Any) -> Register:
        ran.append(root)
        return real(root, **kwargs)

    for module in ("validate", "status", "kalender"):  # each loads the register through load
        monkeypatch.setattr(f"lgtool.commands.{module}.load", loading)
    quick = processing_cache.load_status

    def loading_status(root: Path, *args: Any, **kwargs: Any) -> Any:
        ran.append(root)
        return quick(root, *args, **kwargs)

    # ... or, status as json or csv, through the per-processing results
    monkeypatch.setattr(processing_cache, "load_status", loading_status)

    cold = _in_process(*args, "--ingen-cache", cwd=tmp_path)
    assert not (tmp_path / "register" / cachedir.CACHE_DIR).exists()
    first = _in_process(*args, cwd=tmp_path)
    assert len(_results(tmp_path / "register")) == 1
    assert ran == [Path("register")] * 2  # the first run really ran the command
    ran.clear()
    warm = _in_process(*args, cwd=tmp_path)

    assert first == cold
    assert warm == cold
    assert ran == []  # replayed: the register was never loaded


@pytest.mark.parametrize(
    "command", [COMMANDS[0], COMMANDS[3], COMMANDS[7], COMMANDS[9]], ids=" ".join
)
def test_a_replayed_run_imports_nothing_heavy(tmp_path: Path, command: list[str]) -> None:
    shutil.copytree(EXAMPLE_REGISTER, tmp_path / "register", symlinks=True)
    args = [*command, "--register", "register"]
    first, imported_first = lgtool(*args, cwd=tmp_path)
    warm, imported_warm = lgtool(*args, cwd=tmp_path)
    assert warm == first
    assert RAN in imported_first  # the first run really ran the command
    assert [m for m in imported_warm if m.split(".")[0] in HEAVY or m == RAN] == []  # replayed


COLD_STATUS_JSON_NEVER = (
    *("rich", "ruamel", "jinja2", "openpyxl", "docx", "lgtool.gitrepo", "lgtool.history"),
    *("lgtool.report", "lgtool.spreadsheet", "lgtool.editing", "lgtool.render.table"),
    *("lgtool.render.terminal", "lgtool.render.markdown", "lgtool.yamlio.careful"),
)
"""Modules that a cold ``status --format json`` never imports: not rich's tables, nor
ruamel.yaml when every file takes the fast path, nor git for today's status."""


@pytest.mark.parametrize("incidents", [True, False], ids=["exempel", "utan-incidenter"])
def test_a_cold_status_json_imports_only_what_it_needs(tmp_path: Path, incidents: bool) -> None:
    never: tuple[str, ...] = COLD_STATUS_JSON_NEVER
    if incidents:
        shutil.copytree(EXAMPLE_REGISTER, tmp_path / "register", symlinks=True)
    else:  # the incident schema too is imported only with an incident record
        write_register(tmp_path / "register", behandlingar=[behandling("b1"), behandling("b2")])
        never = (*never, "lgtool.model.incident")
    args = ["status", "--format", "json", "--register", "register"]
    cold, imported = lgtool(*args, cwd=tmp_path)
    assert RAN in imported and "pydantic" in imported  # really run and validated
    assert [m for m in imported if any(m == n or m.startswith(f"{n}.") for n in never)] == []
    in_process = run_cli(
        *args, "--ingen-cache", cwd=tmp_path, env={"LGTOOL_IDAG": TODAY.isoformat()}
    )
    assert (cold.code, cold.out.decode(), cold.err.decode()) == (
        in_process.code,
        in_process.out,
        in_process.err,
    )


def test_a_table_is_stored_per_terminal(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE_REGISTER, tmp_path / "register")
    first, _ = lgtool("status", "--register", "register", cwd=tmp_path)
    wider, imported_wider = lgtool(
        "status", "--register", "register", cwd=tmp_path, env={"COLUMNS": "160"}
    )
    assert RAN in imported_wider  # another width: run, not replayed from the first
    assert wider != first
    assert (
        wider.out.decode()
        == run_cli(
            "status",
            "-r",
            str(EXAMPLE_REGISTER),
            env={"COLUMNS": "160", "LGTOOL_IDAG": TODAY.isoformat()},
        ).out
    )
    coloured, imported_coloured = lgtool(
        "status", "--register", "register", cwd=tmp_path, env={"NO_COLOR": "", "FORCE_COLOR": "1"}
    )
    assert RAN in imported_coloured
    assert b"\x1b[" in coloured.out
    again, imported_again = lgtool("status", "--register", "register", cwd=tmp_path)
    assert again == first
    assert RAN not in imported_again  # the first terminal's result, replayed
    assert len(_results(tmp_path / "register")) == 3


def test_a_one_byte_change_is_computed_again(tmp_path: Path) -> None:
    root = write_register(tmp_path / "register", behandlingar=[behandling("b1")])
    args = ["validate", "--register", "register"]
    before, _ = lgtool(*args, cwd=tmp_path)
    assert (
        before.out
        == "Registret är giltigt: 1 behandling, 1 förvaltningsobjekt, 0 årsfiler.\n".encode()
    )
    path = root / "behandlingar" / "b1.yaml"
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b"gula: 0\n", b"gula: X\n"))  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time
    after, imported = lgtool(*args, cwd=tmp_path)
    assert RAN in imported
    assert after == Output(
        1,
        b"register/behandlingar/b1.yaml:14:9: fel: 'handlingsplan.gula' ska vara ett heltal, "
        b"inte 'X'\n1 fel i 1 fil.\n",
        b"",
    )


def test_ingen_cache_writes_no_result(tmp_path: Path) -> None:
    write_register(tmp_path / "register", behandlingar=[behandling("b1")])
    for _ in range(2):
        lgtool("status", "-f", "json", "--register", "register", "--ingen-cache", cwd=tmp_path)
    assert not (tmp_path / "register" / cachedir.CACHE_DIR).exists()


def test_an_error_is_not_stored(tmp_path: Path) -> None:
    write_register(tmp_path / "register", behandlingar=[behandling("b1")])
    args = ["status", "-f", "json", "--register", "register", "--objekt", "saknas"]
    for _ in range(2):
        result, _ = lgtool(*args, cwd=tmp_path)
        assert result == Output(
            2, b"", "fel: --objekt: förvaltningsobjektet 'saknas' finns inte; finns: obj\n".encode()
        )
    assert _results(tmp_path / "register") == []


# --- the key -----------------------------------------------------------------------------


def _key(**changes: object) -> str:
    files: FolderFiles = ([SourceFile("organisation.yaml", b"a: 1\n")], [])
    args: dict[str, object] = {
        "options": ValidateOptions(),
        "today": TODAY,
        "root": Path("register"),
        "files": files,
        **changes,
    }
    return result_key(**args)  # type: ignore[arg-type]


def test_the_key_holds_everything_the_output_depends_on() -> None:
    keys = [
        _key(),
        _key(options=StatusOptions(format="json")),
        _key(options=ValidateOptions(format="json")),
        _key(today=date(2026, 11, 30)),
        _key(root=Path("annan")),
        _key(files=([SourceFile("organisation.yaml", b"a: 2\n")], [])),
        _key(files=([SourceFile("organisation.yaml", b"a: 1\n ")], [])),
        _key(files=([SourceFile("behandlingar/x.yaml", b"a: 1\n")], [])),
        _key(
            files=(
                [SourceFile("organisation.yaml", b"a: 1\n")],
                [Problem("register/ar/x.yml", 1, 1, "filandelse", "…")],
            )
        ),
        _key(files=([SourceFile("organisation.yaml", b"a: 1\n"), SourceFile("b", b"")], [])),
    ]
    assert len(set(keys)) == len(keys)
    assert _key() == _key()


def test_the_key_holds_the_installed_code(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _key()
    monkeypatch.setattr(cachedir, "_fingerprint", "annan kod")
    assert _key() != before


def test_the_key_of_a_real_folder_is_its_content(tmp_path: Path) -> None:
    root = write_register(tmp_path / "register", behandlingar=[behandling("b1")])
    first = _key(root=root, files=read_folder(root))
    os.utime(root / "behandlingar" / "b1.yaml", ns=(0, 0))
    assert _key(root=root, files=read_folder(root)) == first


# --- the stored file ---------------------------------------------------------------------

RESULT = Result(1, ((STDOUT, "ut ✓\n"), (STDERR, "fel\n"), (STDOUT, "mer\n")))


def test_a_result_is_stored_and_loaded_exactly(tmp_path: Path) -> None:
    ResultCache(tmp_path, "reg", "k" * 64).save(RESULT)
    assert ResultCache(tmp_path, "reg", "k" * 64).load() == RESULT
    assert ResultCache(tmp_path, "reg", "j" * 64).load() is None


def test_replay_writes_stdout_and_stderr_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert RESULT.write() == 1
    assert capsys.readouterr() == ("ut ✓\nmer\n", "fel\n")


def _stored(tmp_path: Path) -> Path:
    ResultCache(tmp_path, "reg", "k" * 64).save(RESULT)
    (path,) = tmp_path.glob("svar-*")
    return path


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: b"", id="tom"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="avkortad"),
        pytest.param(lambda raw: raw[:-1] + b"X", id="en-byte"),
        pytest.param(lambda raw: raw.replace(b'"kod": 1', b'"kod": 0'), id="annan-kod"),
        pytest.param(lambda raw: raw.replace(b"lgtool-result 2", b"lgtool-result 1"), id="format"),
        pytest.param(lambda raw: b"\x80\x81 skrap\n\x00", id="skrap"),
    ],
)
def test_a_damaged_result_is_ignored(tmp_path: Path, damage: object) -> None:
    path = _stored(tmp_path)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert ResultCache(tmp_path, "reg", "k" * 64).load() is None


@pytest.mark.parametrize(
    "meta",
    [
        b"[]",
        b'{"kod": 1}',
        b'{"kod": 300, "delar": [1], "langd": [5]}',
        b'{"kod": true, "delar": [1], "langd": [5]}',
        b'{"kod": 1, "delar": [3], "langd": [5]}',
        b'{"kod": 1, "delar": [1], "langd": [4]}',
        b'{"kod": 1, "delar": [1, 2], "langd": [5]}',
        b'{"kod": 1, "delar": [1], "langd": [-1]}',
    ],
)
def test_a_signed_result_of_the_wrong_shape_is_ignored(tmp_path: Path, meta: bytes) -> None:
    assert _signed(tmp_path, meta) is None


def test_a_signed_result_of_the_right_shape_is_loaded(tmp_path: Path) -> None:
    meta = b'{"kod": 1, "delar": [1], "langd": [5]}'
    assert _signed(tmp_path, meta) == Result(1, ((STDOUT, "hej!\n"),))


def _signed(tmp_path: Path, meta: bytes) -> Result | None:
    """A result file signed with the right key: the output, then its meta line."""
    key = "k" * 64
    payload = b"hej!\n" + b"\n" + meta + b"\n"
    mac = cachedir.mac(key.encode() + b"\n" + payload)
    assert mac is not None
    path = ResultCache(tmp_path, "reg", key).path
    path.write_bytes(f"{result_cache.FORMAT} {mac}\n".encode() + payload)
    return ResultCache(tmp_path, "reg", key).load()


def test_a_result_moved_to_another_key_is_ignored(tmp_path: Path) -> None:
    path = _stored(tmp_path)
    other = ResultCache(tmp_path, "reg", "j" * 64)
    shutil.copy(path, other.path)
    assert other.load() is None


def test_a_forged_result_cannot_make_an_invalid_register_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A result committed in a pull request, made elsewhere, is never replayed."""
    root = write_register(tmp_path / "register", behandlingar=[behandling("b1", kategori="unike")])
    args = ["validate", "--register", "register"]
    expected, _ = lgtool(*args, cwd=tmp_path, env={"XDG_CACHE_HOME": str(tmp_path / "ci")})
    assert expected.code == 1
    shutil.rmtree(root / cachedir.CACHE_DIR)
    # The attacker's machine: the same key, a result that says the register is valid.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "angriparen"))
    monkeypatch.setattr(cachedir, "_key", None)
    key = result_key(
        ValidateOptions(register=Path("register")),
        today=TODAY,
        root=Path("register"),
        files=read_folder(root),
    )
    forged = Result(0, ((STDOUT, "Registret är giltigt: 1 behandling.\n"),))
    folder, name = cachedir.location(root)
    ResultCache(folder, name, key).save(forged)
    (path,) = _results(root)
    assert ResultCache(folder, name, key).load() == forged  # believed where it was made
    # Back on CI, with its own key: also a forged plain SHA-256 instead of the HMAC.
    header, _, payload = path.read_bytes().partition(b"\n")

    for mac in (header.split()[-1], hashlib.sha256(payload).hexdigest().encode()):
        path.write_bytes(b"lgtool-result 1 " + mac + b"\n" + payload)
        result, imported = lgtool(*args, cwd=tmp_path, env={"XDG_CACHE_HOME": str(tmp_path / "ci")})
        assert result == expected
        # CI stored its own result under the forged one's name: the same key, so the
        # forged result was there to be replayed. (Another name means lgtool's files or
        # installed packages changed during the test, and the test proved nothing.)
        assert _results(root) == [path]
        assert RAN in imported


def test_only_the_last_results_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(result_cache.KEEP + 3):
        cache = ResultCache(tmp_path, "reg", f"{i:02d}".ljust(64, "k"))
        cache.save(RESULT)
        os.utime(cache.path, ns=(i * 10**9, i * 10**9))
    ResultCache(tmp_path, "annat", "k" * 64).save(RESULT)
    kept = sorted(p.name for p in tmp_path.glob("svar-reg-*"))
    assert kept == [f"svar-reg-{i:02d}".ljust(49, "k") for i in range(3, result_cache.KEEP + 3)]
    assert len(list(tmp_path.glob("svar-annat-*"))) == 1
    monkeypatch.setattr(result_cache, "KEEP_BYTES", 1)
    ResultCache(tmp_path, "reg", "n" * 64).save(RESULT)
    assert [p.name for p in tmp_path.glob("svar-reg-*")] == ["svar-reg-" + "n" * 40]


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, data: bytes, *, mode: int | None = None) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("lgtool.atomic.write_atomic", refuse)
    ResultCache(tmp_path, "reg", "k" * 64).save(RESULT)
    assert list(tmp_path.iterdir()) == []


def _large_register(root: Path, count: int) -> Path:
    """A register whose ``status --format json`` is hundreds of kilobytes, with å, ä, ö
    throughout (so that pieces end inside a character)."""
    return write_register(
        root,
        behandlingar=[
            behandling(f"b{i:04d}", namn=f"Behandling {i} åäö – ärendehantering i förskolan")
            for i in range(count)
        ],
    )


def _payload(path: Path) -> bytes:
    """The output stored in the result file ``path``: after the header, before the meta line."""
    raw = path.read_bytes()
    return raw[raw.index(b"\n") + 1 : raw.rindex(b"\n", 0, len(raw) - 1)]


def test_a_large_answer_is_written_replayed_and_stored_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lgtool.render import data

    # Small pieces: the answer is written, stored and replayed in hundreds of them,
    # and a piece of 997 bytes ends inside an å, ä or ö again and again.
    monkeypatch.setattr(data, "CHUNK", 1000)
    monkeypatch.setattr(result_cache, "REPLAY_CHUNK", 997)
    _large_register(tmp_path / "register", 300)
    args = ("status", "--format", "json", "--register", "register")

    cold = _in_process(*args, "--ingen-cache", cwd=tmp_path)
    first = _in_process(*args, cwd=tmp_path)
    (stored,) = _results(tmp_path / "register")
    warm = _in_process(*args, cwd=tmp_path)

    assert len(cold.out) > 200 * 1000
    assert cold.code == 0
    assert first == cold
    assert warm == cold
    assert _payload(stored) == cold.out


def test_a_replay_to_a_stream_of_text_decodes_across_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "åäö ✓ " * 50 + "\udcff"  # a byte that was not UTF-8, kept as it was read
    ResultCache(tmp_path, "reg", "k" * 64).save(Result(0, ((STDOUT, text),)))
    monkeypatch.setattr(result_cache, "REPLAY_CHUNK", 1)
    out = io.StringIO()  # no bytes underneath: the stored bytes are decoded piece by piece
    monkeypatch.setattr(sys, "stdout", out)
    assert ResultCache(tmp_path, "reg", "k" * 64).replay() == 0
    assert out.getvalue() == text


class _Closing(io.TextIOWrapper):
    """A stdout that fails as ``stop`` after its first writes: a pipe closed by the
    reader, or the user pressing Ctrl-C, while the answer is being written."""

    def __init__(self, stop: BaseException) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")
        self.stop = stop
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        if self.writes > 3:
            raise self.stop
        return super().write(text)


@pytest.mark.parametrize(
    "stop",
    [BrokenPipeError(32, "Broken pipe"), KeyboardInterrupt()],
    ids=["stangd-pipe", "ctrl-c"],
)
def test_an_answer_cut_short_is_never_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException
) -> None:
    from lgtool.commands import cached
    from lgtool.render import data

    monkeypatch.setattr(data, "CHUNK", 1000)  # the answer in hundreds of writes
    monkeypatch.setenv("LGTOOL_IDAG", TODAY.isoformat())
    register = _large_register(tmp_path / "register", 300)
    options = StatusOptions(register=register, format="json")
    closing = _Closing(stop)
    monkeypatch.setattr(sys, "stdout", closing)

    with pytest.raises(type(stop)):
        cached.status(options)

    assert closing.writes == 4  # it was cut short mid-answer
    assert _results(register) == []  # and nothing was stored to be replayed
    assert list((register / cachedir.CACHE_DIR).glob(".svar-*")) == []  # nor left half-written
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert cached.status(options) == 0
    assert len(_results(register)) == 1  # a whole answer is
