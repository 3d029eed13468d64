"""Class 3: bounded work on any input, and nothing that is not a regular file is read.

Each limit is tested with a small input just past it (docs/sakerhet.md lists the
limits); the large inputs themselves belong in ``make bench``.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from hostile_helpers import make_sandbox, run, unchanged_outside

from lgtool.spreadsheet.read import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_ENTRIES,
)

HEADER = "Id;Namn;Förvaltningsobjekt\n"


def _import(
    base: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> tuple[int, str, str, float]:
    started = time.monotonic()
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", "import", name, "-r", "register")
    return result.code, result.out, result.err, time.monotonic() - started


def test_the_documented_limits() -> None:
    assert (MAX_FILE_BYTES, MAX_UNCOMPRESSED_BYTES) == (32 * 1024**2, 64 * 1024**2)
    assert (MAX_ROWS, MAX_COLUMNS, MAX_CELL_CHARS) == (20_000, 200, 10_000)
    assert (MAX_ZIP_ENTRIES, MAX_SHARED_STRINGS) == (1000, 200_000)
    text = (Path(__file__).parents[2] / "docs" / "sakerhet.md").read_text(encoding="utf-8")
    limits = ["32 MiB", "64 MiB", "1 000 delar", "200 000 olika texter", "20 000 rader"]
    limits += ["200 kolumner", "10 000 tecken"]
    for limit in limits:
        assert limit in text


def _zip_bomb(path: Path, size: int) -> None:
    """An xlsx whose sheet unpacks to ``size`` bytes of zeros (a few kB packed)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                sheet.write(chunk)
            sheet.write(chunk[: size % len(chunk)])
        archive.writestr("[Content_Types].xml", "<Types/>")


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_unpacked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    _zip_bomb(base / "work" / "bomb.xlsx", MAX_UNCOMPRESSED_BYTES + 512 * 1024)
    assert (base / "work" / "bomb.xlsx").stat().st_size < 200_000
    code, out, err, seconds = _import(base, capsys, monkeypatch, "bomb.xlsx")
    assert (code, out) == (1, "")
    assert err == (
        "fel: 'bomb.xlsx' packas upp till 65 MiB; ett kalkylblad får vara högst 64 MiB "
        "uppackat (se docs/sakerhet.md)\n"
    )
    assert seconds < 5


def test_an_xlsx_of_too_many_parts_is_refused_before_it_is_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    with zipfile.ZipFile(base / "work" / "delar.xlsx", "w") as archive:
        for part in range(MAX_ZIP_ENTRIES + 1):
            archive.writestr(str(part), b"")
    code, out, err, _ = _import(base, capsys, monkeypatch, "delar.xlsx")
    assert (code, out) == (1, "")
    assert err == (
        "fel: 'delar.xlsx' består av fler än 1\u00a0000 delar, mer än en xlsx-fil har "
        "(se docs/sakerhet.md)\n"
    )


def test_an_xlsx_with_too_many_shared_strings_is_refused_before_they_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    path = base / "work" / "texter.xlsx"
    _sheet_with_cell_at(path, "A2")
    strings = "<x:si><x:t>t</x:t></x:si>" * (MAX_SHARED_STRINGS + 1)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/texter.xml", f'<x:sst xmlns:x="urn:x">{strings}</x:sst>')
    code, out, err, seconds = _import(base, capsys, monkeypatch, "texter.xlsx")
    assert (code, out) == (1, "")
    assert err == (
        "fel: 'texter.xlsx' har fler än 200\u00a0000 olika texter; ett kalkylblad får ha högst "
        "200\u00a0000 (se docs/sakerhet.md)\n"
    )
    assert seconds < 5


def test_a_file_past_the_size_limit_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    with open(base / "work" / "stor.csv", "wb") as sparse:  # a hole: no disk used
        sparse.truncate(MAX_FILE_BYTES + 1)
    code, out, err, _ = _import(base, capsys, monkeypatch, "stor.csv")
    assert (code, out) == (1, "")
    assert err == (
        "fel: 'stor.csv' är 33 MiB; ett kalkylblad får vara högst 32 MiB (se docs/sakerhet.md)\n"
    )


def test_rows_past_the_limit_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    (base / "work" / "rader.csv").write_text(HEADER + "a;b;c\n" * MAX_ROWS, "utf-8")
    code, out, err, seconds = _import(base, capsys, monkeypatch, "rader.csv")
    assert (code, out) == (1, "")
    assert err == (
        "fel: 'rader.csv' har fler än 20\u00a0000 rader; dela upp bladet (se docs/sakerhet.md)\n"
    )
    assert seconds < 5


def _sheet_with_cell_at(path: Path, ref: str, value: str = "x") -> None:
    """A minimal valid xlsx with one inline-string cell at ``ref``."""
    row = "".join(c for c in ref if c.isdigit())
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c></row>'
            f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c></row>'
            "</sheetData></worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)


@pytest.mark.parametrize(
    ("ref", "value", "message"),
    [
        (
            "A1048576",
            "x",
            "fel: 'ark.xlsx' har fler än 20\u00a0000 rader; dela upp bladet "
            "(se docs/sakerhet.md)\n",
        ),
        ("GS2", "x", "fel: 'ark.xlsx' rad 2: fler än 200 kolumner (se docs/sakerhet.md)\n"),
        (
            "B2",
            "x" * (MAX_CELL_CHARS + 1),
            "fel: 'ark.xlsx' rad 2, kolumn B: cellen har 10\u00a0001 tecken; högst 10\u00a0000 får "
            "stå i en cell (se docs/sakerhet.md)\n",
        ),
    ],
)
def test_an_xlsx_past_a_limit_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    ref: str,
    value: str,
    message: str,
) -> None:
    pytest.importorskip("openpyxl", reason="xlsx needs the optional extra 'excel'")
    base = make_sandbox(tmp_path)
    _sheet_with_cell_at(base / "work" / "ark.xlsx", ref, value)
    code, out, err, seconds = _import(base, capsys, monkeypatch, "ark.xlsx")
    assert (code, out, err) == (1, "", message)
    assert seconds < 5


def test_a_csv_past_the_column_and_cell_limits_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    (base / "work" / "bred.csv").write_text(HEADER + ";" * MAX_COLUMNS + "x\n", "utf-8")
    (base / "work" / "lang.csv").write_text(HEADER + "a;" + "x" * 200_000 + ";c\n", "utf-8")
    assert _import(base, capsys, monkeypatch, "bred.csv")[:3] == (
        1,
        "",
        "fel: 'bred.csv' rad 2: fler än 200 kolumner (se docs/sakerhet.md)\n",
    )
    assert _import(base, capsys, monkeypatch, "lang.csv")[:3] == (
        1,
        "",
        "fel: 'lang.csv' rad 2: raden kan inte läsas som CSV (en cell är för lång eller "
        "innehåller ett NUL-tecken; högst 10\u00a0000 tecken per cell)\n",
    )


def test_a_fifo_as_the_spreadsheet_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    os.mkfifo(base / "work" / "ror.csv")
    assert _import(base, capsys, monkeypatch, "ror.csv")[:3] == (
        1,
        "",
        "fel: 'ror.csv' är en namngiven pipe (FIFO), inte en vanlig fil\n",
    )


@pytest.mark.parametrize("link", [False, True])
def test_a_fifo_named_organisation_yaml_is_refused_at_once(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    link: bool,
) -> None:
    base = make_sandbox(tmp_path)
    register = base / "work" / "register"
    (register / "organisation.yaml").unlink()
    if link:
        os.mkfifo(register / "ror")
        (register / "organisation.yaml").symlink_to("ror")
    else:
        os.mkfifo(register / "organisation.yaml")
    os.mkfifo(register / "behandlingar" / "b2.yaml")
    started = time.monotonic()
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
    assert time.monotonic() - started < 5
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "register/behandlingar/b2.yaml:1:1: fel: filen kan inte läsas: den är en namngiven pipe "
        "(FIFO), inte en vanlig fil\n"
        "register/organisation.yaml:1:1: fel: filen kan inte läsas: den är en namngiven pipe "
        "(FIFO), inte en vanlig fil\n"
        "2 fel i 2 filer.\n"
    )


def test_ny_refuses_a_fifo_in_place_of_organisation_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    register = base / "work" / "register"
    (register / "organisation.yaml").unlink()
    os.mkfifo(register / "ror")
    (register / "organisation.yaml").symlink_to("ror")
    result = run(
        capsys, monkeypatch, base / "work", "ny", "b2", "--objekt", "obj", "-r", "register"
    )
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "fel: register/organisation.yaml: filen kan inte läsas: den är en namngiven pipe (FIFO), "
        "inte en vanlig fil\n"
    )
    assert sorted(os.listdir(register / "behandlingar")) == ["b1.yaml"]


def test_a_fifo_as_the_mapping_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    (base / "work" / "ark.csv").write_text(HEADER + "b2;Två;obj\n", "utf-8")
    os.mkfifo(base / "work" / "mappning.yaml")
    result = run(
        capsys, monkeypatch, base / "work", "import", "ark.csv", "--mappning", "mappning.yaml",
        "-r", "register",
    )  # fmt: skip
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "fel: mappning.yaml: mappningsfilen kan inte läsas: den är en namngiven pipe (FIFO), "
        "inte en vanlig fil\n"
    )


def test_a_file_past_the_limit_in_git_history_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    from lgtool.folder import MAX_FILE_BYTES
    from lgtool.gitrepo import GitRepo
    from lgtool.history import RegisterHistory

    base = make_sandbox(tmp_path)
    work = base / "work"
    big = work / "register" / "behandlingar" / "stor.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=work, check=True)
    subprocess.run([*git, "add", "-A"], cwd=work, check=True)
    subprocess.run([*git, "commit", "-qm", "stor"], cwd=work, check=True)
    read: list[int] = []
    real_read = GitRepo.read_blobs

    def read_blobs(self: GitRepo, blobs: Iterable[str]) -> dict[str, bytes]:
        result = real_read(self, blobs)
        read.extend(len(v) for v in result.values())
        return result

    monkeypatch.setattr(GitRepo, "read_blobs", read_blobs)
    monkeypatch.chdir(work)
    history = RegisterHistory.open(Path("register"))
    register = history.at(history.repo.resolve("HEAD"))
    assert register is not None
    assert [p.text() for p in register.problems] == [
        "register/behandlingar/stor.yaml:1:1: fel: filen är 1025 KiB; en registerfil får vara "
        "högst 1024 KiB"
    ]
    assert read
    assert max(read) <= MAX_FILE_BYTES
