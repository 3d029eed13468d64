"""Class 2: concurrent edits lose nothing, and a failed write leaves nothing behind.

Real processes, started together: each ``satt``, ``registrera``, ``ny`` and
``import`` that exits 0 must find its edit in the file afterwards. Without the
register's write lock these rounds lost an edit most of the time; with it they
pass every time.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_helpers import make_sandbox

from lgtool.editing import set_values
from lgtool.errors import LgtoolError
from lgtool.locking import RegisterLockedError
from lgtool.yamlio import parse

ROUNDS = 3


def _start(cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "lgtool", *args, "-r", "register"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LGTOOL_IDAG": "2026-11-29"},
    )


def _finish(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert (proc.returncode, err) == (0, ""), out


def test_edits_at_the_same_time_all_reach_the_file(tmp_path: Path) -> None:
    base = make_sandbox(tmp_path)
    work = base / "work"
    path = work / "register" / "behandlingar" / "b1.yaml"
    for round_ in range(1, ROUNDS + 1):
        _finish(
            [
                _start(work, "satt", "b1", "handlingsplan.gula", str(round_)),
                _start(work, "satt", "b1", "handlingsplan.roda", str(round_ + 10)),
                _start(work, "satt", "b1", "system", f"System {round_}"),
                _start(
                    work,
                    "registrera",
                    "rsa",
                    "b1",
                    "--datum",
                    f"2026-0{round_}-01",
                    "--tillat-aldre",
                ),
                _start(work, "ny", f"n{round_}", "--objekt", "obj"),
            ]
        )
        data = parse(path.read_text(encoding="utf-8")).data
        assert data["handlingsplan"] == {"gula": round_, "roda": round_ + 10}
        assert (data["system"], str(data["senaste_rsa"])) == (
            f"System {round_}",
            f"2026-0{round_}-01",
        )
        assert (work / "register" / "behandlingar" / f"n{round_}.yaml").is_file()
    assert sorted(os.listdir(path.parent)) == ["b1.yaml", "n1.yaml", "n2.yaml", "n3.yaml"]


def test_an_import_and_an_edit_at_the_same_time(tmp_path: Path) -> None:
    base = make_sandbox(tmp_path)
    work = base / "work"
    rows = "".join(f"i{n};Import {n};obj;unik;ja;ja;nej;ja;ja;;;\n" for n in range(20))
    (work / "ark.csv").write_text(
        "Id;Namn;Förvaltningsobjekt;Kategori;Personuppgifter;Registerförd;"
        "Konsekvensbedömning;Klassningsprotokoll;Systembeskrivning;Senaste KLASSA;"
        "Senaste RSA;Senaste behörighetskontroll\n" + rows,
        encoding="utf-8",
    )
    _finish(
        [
            _start(work, "import", "ark.csv"),
            _start(work, "satt", "b1", "namn", "Ändrad"),
            _start(work, "ny", "n1", "--objekt", "obj"),
        ]
    )
    folder = work / "register" / "behandlingar"
    assert len(os.listdir(folder)) == 22
    assert parse((folder / "b1.yaml").read_text("utf-8")).data["namn"] == "Ändrad"


def test_a_held_lock_is_waited_for_and_then_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    root = base / "work" / "register"
    path = root / "behandlingar" / "b1.yaml"
    before = path.read_bytes()
    monkeypatch.setattr("lgtool.locking.LOCK_TIMEOUT", 0.2)
    holder = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(RegisterLockedError) as refused:
            set_values(root, "b1", [("namn", "X")])
    finally:
        os.close(holder)
    assert refused.value.message == (
        f"registret {root.as_posix()} ändras av en annan lgtool-körning (väntade 0.2 sekunder); "
        "inget har skrivits, försök igen om en stund"
    )
    assert path.read_bytes() == before
    set_values(root, "b1", [("namn", "X")])  # released: the edit goes through
    assert parse(path.read_text("utf-8")).data["namn"] == "X"


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException | type
) -> None:
    base = make_sandbox(tmp_path)
    root = base / "work" / "register"
    path = root / "behandlingar" / "b1.yaml"
    before = path.read_bytes()

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises((KeyboardInterrupt, LgtoolError)) as failed:
        set_values(root, "b1", [("namn", "X")])
    if isinstance(failed.value, LgtoolError):
        assert failed.value.message == (
            f"kunde inte skriva {path.as_posix()}: disken är full; inget har skrivits"
        )
    assert path.read_bytes() == before
    assert os.listdir(root / "behandlingar") == ["b1.yaml"]


CRASH = """
import os, sys
from pathlib import Path
from lgtool.editing import set_values
from lgtool.errors import LgtoolError
os.fsync = lambda fd: os._exit(9)  # the process dies while the new bytes are written
set_values(Path(sys.argv[1]), "b1", [("namn", "Aldrig")])
"""


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="unnamed temp files are Linux only")
def test_a_process_killed_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    base = make_sandbox(tmp_path)
    root = base / "work" / "register"
    before = (root / "behandlingar" / "b1.yaml").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-c", CRASH, str(root)], capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stderr) == (9, "")
    assert os.listdir(root / "behandlingar") == ["b1.yaml"]
    assert (root / "behandlingar" / "b1.yaml").read_bytes() == before
