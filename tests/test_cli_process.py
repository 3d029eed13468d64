"""The CLI as a real process: entry points, exit codes, Ctrl-C and pipes.

Every other CLI test runs in process (conftest.run_cli, through the same error
handler as :func:`lgtool.cli.main`); these are the ones that need a process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    EXAMPLE_REGISTER,
    REPO,
    TODAY,
    Run,
    behandling,
    run_cli,
    run_process,
    write_register,
)
from lgtool import __version__
from lgtool.errors import ExitCode

CORPUS = REPO / "tests" / "corpus" / "bad"
IDAG = {"LGTOOL_IDAG": TODAY.isoformat()}


def test_the_installed_program_and_python_m_lgtool() -> None:
    program = shutil.which("lgtool", path=os.path.dirname(sys.executable))
    assert program is not None
    installed = subprocess.run(
        [program, "--version"], capture_output=True, text=True, check=False, timeout=60
    )
    assert (installed.returncode, installed.stdout, installed.stderr) == (
        0,
        f"lgtool {__version__}\n",
        "",
    )
    assert run_process("--version") == Run(0, f"lgtool {__version__}\n", "")


def test_exit_codes_of_a_real_process() -> None:
    ok = run_process("validate", "-r", EXAMPLE_REGISTER, "--ingen-cache", env=IDAG)
    assert (ok.code, ok.err) == (ExitCode.OK, "")
    assert ok.out.startswith("Registret är giltigt: ")
    bad = run_process("validate", "-r", CORPUS, "--ingen-cache", "-f", "json", env=IDAG)
    assert (bad.code, bad.err) == (ExitCode.PROBLEM, "")
    usage = run_process("validate", "--bad")
    assert usage == Run(
        ExitCode.USAGE, "", "fel: okänd flagga --bad\nSe 'lgtool validate --help'.\n"
    )


def test_a_process_writes_all_it_answers_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The program ends without tearing down (:func:`lgtool.cli.program`): its output is
    still whole through a pipe, the same as in process, and the exit handlers have run."""
    register = tmp_path / "register"
    shutil.copytree(EXAMPLE_REGISTER, register)
    args = ("status", "-r", str(register), "-f", "json", "--per", TODAY.isoformat())
    in_process = run_cli(*args, "--ingen-cache", env=IDAG)
    assert (in_process.code, in_process.err) == (ExitCode.OK, "")
    assert run_process(*args, env=IDAG) == in_process
    temporary = [p for p in tmp_path.rglob("*") if p.name.startswith((".tmp", "tmp"))]
    assert temporary == []
    assert run_process(*args, env=IDAG) == in_process  # replayed from the cache


def test_under_a_profiler_the_program_exits_the_ordinary_way(tmp_path: Path) -> None:
    """The profile is written after the program returns, which a quick exit would skip."""
    profile = tmp_path / "lgtool.prof"
    run = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "lgtool", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, f"lgtool {__version__}\n", "")
    assert profile.stat().st_size > 0


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    # A git that waits: `lgtool diff` is interrupted while it waits for git.
    started = tmp_path / "git-startade"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    git = bin_dir / "git"
    # It lets go of lgtool's pipes, and says who it is so that it can be ended after.
    git.write_text(
        f"#!/bin/sh\necho $$ > '{started}.tmp'\nmv '{started}.tmp' '{started}'\n"
        "exec sleep 60 </dev/null >/dev/null 2>&1\n",
        encoding="utf-8",
    )
    git.chmod(0o755)
    shutil.copytree(EXAMPLE_REGISTER, tmp_path / "register")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **IDAG}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lgtool", "diff", "-r", "register"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell's background job (CI's, say) ignores SIGINT, and so would its children.
        preexec_fn=_interruptible,  # noqa: PLW1509  (no threads here)
    )
    deadline = time.monotonic() + 60
    while not started.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "lgtool never started git"
        time.sleep(0.05)
    try:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(started.read_text()), signal.SIGKILL)  # lgtool has ended it already
    assert (proc.returncode, out, err) == (ExitCode.INTERRUPTED, "", "avbrutet\n")


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_a_closed_stdout_ends_quietly_with_0(fmt: str) -> None:
    # `lgtool status | head -1`: the reader has gone before lgtool writes. The table
    # goes through rich, which would end the run with code 1 on its own.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "lgtool", "status", "-r", EXAMPLE_REGISTER, "-f", fmt],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**os.environ, **IDAG},
            check=False,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (ExitCode.OK, b"")


def test_output_is_utf_8_whatever_the_locale() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lgtool", "validate", "-r", CORPUS, "--ingen-cache"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **IDAG, "LC_ALL": "C", "LANG": "C"},
        check=False,
        timeout=60,
    )
    assert result.returncode == ExitCode.PROBLEM
    text = result.stdout.decode("utf-8")
    assert text == run_process("validate", "-r", CORPUS, "--ingen-cache", env=IDAG).out
    assert "ä" in text


def test_completion_completes_commands_and_options() -> None:
    def complete(words: str) -> list[str]:
        env = {"_LGTOOL_COMPLETE": "complete_bash", "COMP_WORDS": words}
        env["COMP_CWORD"] = str(len(words.split(" ")) - 1)
        result = run_process(env=env)
        assert (result.code, result.err) == (0, "")
        return result.out.splitlines()

    assert complete("lgtool sta") == ["status", "stad"]
    assert complete("lgtool prioritering --") == [
        *("--register", "--per", "--objekt", "--kategori", "--format", "--alla"),
        *("--ingen-cache", "--help"),
    ]


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["status", "--help"], ["ar", "ny", "--help"]]
)
def test_version_and_help_load_nothing_heavy(args: list[str]) -> None:
    # Shell completion is on, and --version and --help still load no schemas, checkpoints,
    # YAML, rich, nor pydantic (typer 0.29 validates a given option with it), nor the
    # options objects: only the CLI's own small modules.
    code = (
        "import sys\nfrom lgtool import cli\ncli.run(sys.argv[1:])\n"
        "heavy = ('lgtool', 'pydantic', 'rich', 'ruamel', 'jinja2', 'yaml', 'openpyxl')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    assert proc.stderr == (
        "['lgtool', 'lgtool.choices', 'lgtool.cli', 'lgtool.cli_options', 'lgtool.cli_swedish', "
        "'lgtool.errors']\n"
    )


@pytest.mark.parametrize(
    ("odd", "expected"), [(None, "0 False"), ("0o17", "1 True")], ids=["snabb", "noggrann"]
)
def test_ruamel_is_imported_only_for_a_file_the_fast_path_leaves(
    tmp_path: Path, odd: str | None, expected: str
) -> None:
    # Every file on libyaml's fast path: ruamel.yaml is never imported. One file with
    # an octal number ('0o17': read the careful way, and not text as the field must be):
    # it is, and the answer, with the error's line and column, is the one in process.
    files = {"behandlingar/b3.yaml": f"{_yaml(behandling('b3'))}anteckning: {odd}\n"} if odd else {}
    register = write_register(
        tmp_path / "register", behandlingar=[behandling("b1"), behandling("b2")], files=files
    )
    args = ["status", "-r", str(register), "--format", "json", "--ingen-cache"]
    code = (
        "import sys\nfrom lgtool import cli\ncode = cli.run(sys.argv[1:])\n"
        "print(code, sorted(m for m in sys.modules if m.startswith('ruamel')) != [], "
        "file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **IDAG},
    )
    in_process = run_cli(*args, env=IDAG)
    assert (proc.stdout, proc.stderr) == (in_process.out, f"{in_process.err}{expected}\n")


def _yaml(data: dict[str, object]) -> str:
    from lgtool.yamlio import dump_plain

    return dump_plain(data)


def test_the_reader_version_is_ruamels_own() -> None:
    import ruamel.yaml

    from lgtool.yamlio import READER_VERSION

    assert f"ruamel.yaml {ruamel.yaml.__version__} reader 2" == READER_VERSION
