"""Class 5: a user's mistake gives a Swedish message and exit 1 or 2, never 'internt fel'."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_helpers import behandling, make_sandbox, run, unchanged_outside

from conftest import run_cli
from lgtool.cli import main

AR_2025 = {
    "ar": 2025,
    "prioriteringar": {2025: [{"id": "p1", "text": "Klassa allt", "status": "klar"}]},
}


@pytest.mark.parametrize("year", ["0", "99999", "-1"])
def test_report_for_a_year_that_cannot_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, year: str
) -> None:
    base = make_sandbox(tmp_path)
    result = run(capsys, monkeypatch, base / "work", "report", "-r", "register", "--", year)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"fel: {year} är inget år som lgtool kan ta fram en rapport för; ange t.ex. 2025\n"
    )


def test_satt_with_an_empty_value_asks_for_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    path = base / "work" / "register" / "behandlingar" / "b1.yaml"
    before = path.read_bytes()
    for value in ("", "  "):
        result = run(
            capsys, monkeypatch, base / "work", "satt", "b1", "senaste_klassa", value,
            "-r", "register",
        )  # fmt: skip
        assert (result.code, result.out) == (2, "")
        assert result.err == (
            "fel: tomt värde för 'senaste_klassa'; skriv null för att ta bort värdet "
            "(lgtool satt b1 senaste_klassa null)\n"
        )
    assert path.read_bytes() == before
    explicit = run(
        capsys, monkeypatch, base / "work", "satt", "b1", "senaste_klassa", "null",
        "-r", "register",
    )  # fmt: skip
    assert (explicit.code, explicit.err) == (0, "")
    assert explicit.out == "register/behandlingar/b1.yaml: senaste_klassa 2026-01-10 → null\n"


def test_an_unreadable_register_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: not str(p).endswith("register") and real_access(p, mode)
    )
    result = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "fel: --register: 'register' kan inte läsas: behörighet saknas\n"
        "Se 'lgtool validate --help'.\n"
    )
    monkeypatch.setenv("LGTOOL_REGISTER", "register")
    monkeypatch.setattr(sys, "argv", ["lgtool", "validate"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    assert (
        capsys.readouterr().err == "fel: registret 'register' kan inte läsas: behörighet saknas\n"
    )


def test_an_unreadable_folder_in_the_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if str(path).endswith("behandlingar"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "register/behandlingar:1:1: fel: mappen kan inte läsas: behörighet saknas\n1 fel i 1 fil.\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_for_real(tmp_path: Path) -> None:  # pragma: no cover
    base = make_sandbox(tmp_path)
    folder = base / "work" / "register" / "behandlingar"
    folder.chmod(0)
    try:
        result = run_cli("validate", "-r", "register", cwd=base / "work")
    finally:
        folder.chmod(0o755)
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "register/behandlingar:1:1: fel: mappen kan inte läsas: behörighet saknas\n1 fel i 1 fil.\n"
    )


@pytest.mark.parametrize("name", ["Sig\x00nal", "Sig\x1bnal"])
def test_export_of_a_name_with_nul_or_esc_leaves_the_processing_out(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    name: str,
) -> None:
    pytest.importorskip("openpyxl", reason="xlsx needs the optional extra 'excel'")
    base = make_sandbox(tmp_path, behandlingar=[behandling("b1"), behandling("b2", namn=name)])
    with unchanged_outside(base, "work/ut.xlsx"):
        result = run(
            capsys, monkeypatch, base / "work", "export", "-o", "ut.xlsx", "-r", "register"
        )
    escaped = "\\x00" if "\x00" in name else "\\x1b"
    control = "NUL" if "\x00" in name else "ESC"
    assert (result.code, result.out) == (1, "Skrev ut.xlsx: 1 behandlingar.\n")
    assert result.err == (
        "Registret har 1 fel i 1 fil; behandlingar med fel är inte med (se lgtool validate):\n"
        f"register/behandlingar/b2.yaml:2:7: fel: 'namn' innehåller styrtecknet {control} "
        f"({escaped}), som inte får förekomma i registret; ta bort tecknet\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "-r", "register"),
        ("status", "-r", "register", "--format", "csv", "--ingen-cache"),
        ("report", "2025", "-r", "register"),
        ("export", "--format", "csv", "-r", "register"),
    ],
)
def test_stdout_on_a_full_disk(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A real process: the error shows when stdout is flushed, at the latest before exit."""
    base = make_sandbox(tmp_path, ar={2025: AR_2025})
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "lgtool", *args],
            cwd=base / "work",
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "LGTOOL_IDAG": "2026-11-29"},
            check=False,
            timeout=60,
        )
    assert (proc.returncode, proc.stderr) == (
        1,
        "fel: kunde inte skriva utdata: disken är full; utdata är ofullständig\n",
    )


def test_output_file_on_a_full_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    result = run(
        capsys, monkeypatch, base / "work", "export", "--format", "csv", "-o", "/dev/full",
        "-r", "register",
    )  # fmt: skip
    assert (result.code, result.out) == (1, "")
    assert result.err == "fel: kunde inte skriva /dev/full: disken är full; inget har skrivits\n"


def _git(cwd: Path, *args: str, date: str = "2026-01-01T12:00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_a_shallow_clone_says_that_history_is_cut_short(tmp_path: Path) -> None:
    base = make_sandbox(tmp_path, ar={2025: AR_2025})
    work = base / "work"
    _git(work, "init", "-q", "-b", "main")
    for day in ("2024-06-01", "2025-06-01", "2026-06-01"):
        (work / "register" / "anteckning.txt").write_text(day, "utf-8")
        _git(work, "add", "-A")
        _git(work, "commit", "-qm", day, date=f"{day}T12:00:00")
    _git(base, "clone", "-q", "--depth", "1", f"file://{work}", "grund")
    env = {"LGTOOL_IDAG": "2026-11-29"}
    trend = run_cli(
        "trend", "-r", "register", "--steg", "ar", "--fran", "2024-01-01", "--format", "csv",
        cwd=base / "grund", env=env,
    )  # fmt: skip
    note = (
        "obs: förrådet är en grund klon (shallow clone); historiken börjar 2026-06-01 och allt "
        "före det saknas. Hämta hela historiken med 'git fetch --unshallow' (i GitHub Actions: "
        "fetch-depth: 0).\n"
    )
    assert (trend.code, trend.err) == (0, note)
    assert "historiken saknas i den grunda klonen" in trend.out.splitlines()[1]
    report = run_cli("report", "2025", "-r", "register", cwd=base / "grund", env=env)
    assert (report.code, report.err) == (0, note)
    assert "Ingen jämförelse är tillgänglig" in report.out
