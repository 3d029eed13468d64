"""Class 1: nothing is written outside the register, or outside -o.

Ids name files, so each goes through the slug check of ``validate`` before a path
is made from it; links in the register are neither read out of it nor written
through; ``-o`` onto a link, a device or a FIFO writes through or refuses.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hostile_helpers import make_sandbox, run, unchanged_outside
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from lgtool.model.common import Slug, slug_problem

CSV_HEADER = "Id;Namn;Förvaltningsobjekt;Kategori;Personuppgifter;Registerförd;Konsekvensbedömning;Klassningsprotokoll;Systembeskrivning;Senaste KLASSA;Senaste RSA;Senaste behörighetskontroll\n"  # noqa: E501


def _row(id_cell: str, name: str = "Ny") -> str:
    return f"{id_cell};{name};obj;unik;ja;ja;nej;ja;ja;;;\n"


@pytest.mark.parametrize(
    ("id_cell", "shown"),
    [
        ("../../.github/workflows/ci", "'../../.github/workflows/ci' är inget giltigt id"),
        ("../../../utanfor/hemligt", "'../../../utanfor/hemligt' är inget giltigt id"),
        ("/tmp/x", "'/tmp/x' är inget giltigt id"),
        ("tk\u202eyaml.exe", "'tk\\u202eyaml.exe' är inget giltigt id"),
        ("tk\x1b[2Jx", "'tk\\x1b[2Jx' är inget giltigt id"),
    ],
)
def test_import_refuses_an_id_that_is_not_a_slug(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    id_cell: str,
    shown: str,
) -> None:
    base = make_sandbox(tmp_path)
    sheet = base / "work" / "ark.csv"
    sheet.write_text(CSV_HEADER + _row(id_cell), encoding="utf-8")
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", "import", "ark.csv", "-r", "register")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        f"rad 2: 'Id': {shown}; använd små bokstäver a–z, siffror och bindestreck (inga å, ä, "
        "ö eller mellanslag, högst 80 tecken), t.ex. tk-signalstyrning\n"
        "Skrev 0 filer i register/behandlingar/; 1 rad skrevs inte (se ovan).\n"
    )
    assert sorted(os.listdir(base / "work" / "register" / "behandlingar")) == ["b1.yaml"]


def test_import_refuses_a_windows_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    (base / "work" / "ark.csv").write_text(CSV_HEADER + _row("con") + _row("nul"), "utf-8")
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", "import", "ark.csv", "-r", "register")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "rad 2: 'Id': 'con' kan inte vara ett id: Windows kan inte spara en fil med det namnet; "
        "välj ett annat, t.ex. tk-con\n"
        "rad 3: 'Id': 'nul' kan inte vara ett id: Windows kan inte spara en fil med det namnet; "
        "välj ett annat, t.ex. tk-nul\n"
        "Skrev 0 filer i register/behandlingar/; 2 rader skrevs inte (se ovan).\n"
    )


def test_import_refuses_an_id_prefix_that_leaves_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    header = CSV_HEADER.replace("Id;", "")
    (base / "work" / "ark.csv").write_text(header + _row("", "Ci").lstrip(";"), "utf-8")
    (base / "work" / "mappning.yaml").write_text(
        "id_prefix: ../../.github/workflows/\nkolumner:\n  Namn: namn\n", "utf-8"
    )
    with unchanged_outside(base):
        result = run(
            capsys, monkeypatch, base / "work", "import", "ark.csv", "-r", "register",
            "--mappning", "mappning.yaml",
        )  # fmt: skip
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "fel: mappning.yaml:1:12: id_prefix ../../.github/workflows/ får bara innehålla små "
        "bokstäver a–z, siffror och bindestreck (det blir början av filnamnet), t.ex. tk-\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("satt", "b1\n", "namn", "X"),
            "fel: id 'b1\\x0a' är inget giltigt id; använd små bokstäver a–z, siffror och "
            "bindestreck (inga å, ä, ö eller mellanslag, högst 80 tecken), t.ex. "
            "tk-signalstyrning\n",
        ),
        (
            ("satt", "../../utanfor/hemligt", "namn", "X"),
            "fel: id '../../utanfor/hemligt' är inget giltigt id; använd små bokstäver a–z, "
            "siffror och bindestreck (inga å, ä, ö eller mellanslag, högst 80 tecken), t.ex. "
            "tk-signalstyrning\n",
        ),
        (
            ("ny", "aux", "--objekt", "obj"),
            "fel: id 'aux' kan inte vara ett id: Windows kan inte spara en fil med det namnet; "
            "välj ett annat, t.ex. tk-aux\n",
        ),
        (
            ("ny", "b2", "--objekt", "obj", "--namn", "\x1b]0;x\x07"),
            "fel: --namn innehåller styrtecknet ESC (\\x1b); ta bort tecknet\n",
        ),
        (
            ("ny", "tk-\x07x", "--objekt", "obj"),
            "fel: id 'tk-\\x07x' är inget giltigt id; använd små bokstäver a–z, siffror och "
            "bindestreck (inga å, ä, ö eller mellanslag, högst 80 tecken), t.ex. "
            "tk-signalstyrning\n",
        ),
    ],
)
def test_an_id_on_the_command_line_is_a_slug(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    args: tuple[str, ...],
    message: str,
) -> None:
    base = make_sandbox(tmp_path)
    register = base / "work" / "register"
    before = (register / "behandlingar" / "b1.yaml").read_bytes()
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", *args, "-r", "register")
    assert (result.code, result.out, result.err) == (2, "", message)
    assert sorted(os.listdir(register / "behandlingar")) == ["b1.yaml"]
    assert (register / "behandlingar" / "b1.yaml").read_bytes() == before


def test_a_windows_id_in_a_file_is_refused_by_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hostile_helpers import behandling

    base = make_sandbox(tmp_path, behandlingar=[behandling("prn")])
    result = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "register/behandlingar/prn.yaml:1:5: fel: 'id': 'prn' kan inte vara ett id: Windows "
        "kan inte spara en fil med det namnet; välj ett annat, t.ex. tk-prn\n"
        "1 fel i 1 fil.\n"
    )


def _link_folder(base: Path, folder: str) -> None:
    register = base / "work" / "register"
    target = base / "utanfor" / folder
    target.mkdir(parents=True, exist_ok=True)
    if (register / folder).exists():
        for child in (register / folder).iterdir():
            child.rename(target / child.name)
        (register / folder).rmdir()
    (register / folder).symlink_to(target)


@pytest.mark.parametrize("folder", ["behandlingar", "ar"])
def test_a_folder_linked_out_of_the_register_is_not_read(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    folder: str,
) -> None:
    base = make_sandbox(tmp_path)
    _link_folder(base, folder)
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        f"register/{folder}:1:1: fel: mappen är en symbolisk länk till en plats utanför "
        "registret; inget i den läses\n"
        "1 fel i 1 fil.\n"
    )


def test_satt_never_writes_through_a_linked_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    _link_folder(base, "behandlingar")
    with unchanged_outside(base):
        result = run(
            capsys, monkeypatch, base / "work", "satt", "b1", "namn", "X", "-r", "register"
        )
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "fel: behandlingar är en symbolisk länk; lgtool skriver aldrig genom länkar i "
        "registret (ersätt länken med en vanlig fil eller mapp)\n"
    )


def test_a_file_linked_out_of_the_register_is_neither_read_nor_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    register = base / "work" / "register"
    (register / "behandlingar" / "ute.yaml").symlink_to(base / "utanfor/behandlingar/ute.yaml")
    with unchanged_outside(base):
        validated = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
        edited = run(
            capsys, monkeypatch, base / "work", "satt", "ute", "namn", "X", "-r", "register"
        )
    assert (validated.code, validated.err) == (1, "")
    assert validated.out == (
        "register/behandlingar/ute.yaml:1:1: fel: filen är en symbolisk länk till en plats "
        "utanför registret och läses inte\n"
        "1 fel i 1 fil.\n"
    )
    assert (edited.code, edited.out) == (1, "")
    assert edited.err == (
        "fel: register/behandlingar/ute.yaml är en symbolisk länk; lgtool ändrar bara vanliga "
        "filer i registret\n"
    )
    assert (register / "behandlingar" / "ute.yaml").is_symlink()


def test_schema_never_writes_through_a_linked_schema_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    (base / "work" / "register" / "schema").symlink_to(base / "utanfor")
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", "schema", "-r", "register")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "fel: schema är en symbolisk länk; lgtool skriver aldrig genom länkar i registret "
        "(ersätt länken med en vanlig fil eller mapp)\n"
    )


def test_a_committed_cache_folder_linked_out_is_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    (base / "work" / "register" / ".lgtool-cache").symlink_to(base / "hem")
    with unchanged_outside(base):
        first = run(capsys, monkeypatch, base / "work", "validate", "-r", "register")
        second = run(capsys, monkeypatch, base / "work", "status", "-r", "register")
    assert (first.code, first.err) == (0, "")
    assert first.out == ("Registret är giltigt: 1 behandling, 1 förvaltningsobjekt, 0 årsfiler.\n")
    assert second.code == 0
    assert sorted(os.listdir(base / "hem")) == [".bashrc"]


def test_output_onto_a_link_writes_what_it_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    target = base / "utanfor" / "export.csv"
    target.write_text("gammal\n", encoding="utf-8")
    (base / "work" / "ut.csv").symlink_to(target)
    with unchanged_outside(base, "utanfor/export.csv"):
        result = run(
            capsys, monkeypatch, base / "work", "export", "--format", "csv", "-o", "ut.csv",
            "-r", "register",
        )  # fmt: skip
    assert (result.code, result.out, result.err) == (0, "Skrev ut.csv: 1 behandlingar.\n", "")
    assert (base / "work" / "ut.csv").is_symlink()
    assert target.read_bytes().startswith(b"\xef\xbb\xbfId;Namn;")


def test_output_onto_a_device_writes_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    (base / "work" / "null").symlink_to(os.devnull)
    for output in (os.devnull, "null", "/dev/stdout"):
        result = run(
            capsys, monkeypatch, base / "work", "export", "--format", "csv", "-o", output,
            "-r", "register",
        )  # fmt: skip
        assert (result.code, result.err) == (0, "")
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert (base / "work" / "null").is_symlink()


def test_output_onto_a_fifo_nobody_reads_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    os.mkfifo(base / "work" / "ror")
    with unchanged_outside(base, "work/ror"):
        result = run(
            capsys, monkeypatch, base / "work", "export", "--format", "csv", "-o", "ror",
            "-r", "register",
        )  # fmt: skip
    assert (result.code, result.out) == (2, "")
    assert result.err == "fel: -o: 'ror' är en namngiven pipe (FIFO) som ingen läser från\n"
    assert stat.S_ISFIFO(os.lstat(base / "work" / "ror").st_mode)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("report", "2025", "-o", "."),
            "fel: -o: '.' är en mapp; ange en fil, t.ex. ./rapport.md\n",
        ),
        (
            ("report", "2025", "-o", "saknas/rapport.md"),
            "fel: -o: mappen 'saknas' finns inte\n",
        ),
        (
            ("export", "-o", "saknas/register.xlsx"),
            "fel: -o: mappen 'saknas' finns inte\n",
        ),
        (
            ("export", "--format", "csv", "-o", "utanfor-mapp"),
            "fel: -o: 'utanfor-mapp' är en mapp; ange en fil, t.ex. utanfor-mapp/rapport.md\n",
        ),
    ],
)
def test_output_onto_a_folder_or_into_a_missing_one_is_a_usage_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    args: tuple[str, ...],
    message: str,
) -> None:
    base = make_sandbox(tmp_path)
    (base / "work" / "utanfor-mapp").mkdir()
    with unchanged_outside(base):
        result = run(capsys, monkeypatch, base / "work", *args, "-r", "register")
    assert (result.code, result.out, result.err) == (2, "", message)


def test_import_over_a_link_refuses_that_row_before_writing_any(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_sandbox(tmp_path)
    register = base / "work" / "register"
    (register / "behandlingar" / "b3.yaml").symlink_to(base / "hem" / ".bashrc")
    (base / "work" / "ark.csv").write_text(CSV_HEADER + _row("b2") + _row("b3"), "utf-8")
    with unchanged_outside(base):
        result = run(
            capsys, monkeypatch, base / "work", "import", "ark.csv", "--skriv-over",
            "-r", "register",
        )  # fmt: skip
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "rad 3: register/behandlingar/b3.yaml är en symbolisk länk eller ingen vanlig fil; "
        "lgtool skriver bara vanliga filer i registret\n"
        "Skrev 1 fil i register/behandlingar/; 1 rad skrevs inte (se ovan).\n"
    )
    assert sorted(os.listdir(register / "behandlingar")) == ["b1.yaml", "b2.yaml", "b3.yaml"]
    assert (register / "behandlingar" / "b3.yaml").is_symlink()


@given(
    st.one_of(
        st.text(),
        st.from_regex(r"[a-z0-9][a-z0-9-]{0,85}\n?", fullmatch=True),
        st.sampled_from(["con", "nul", "com1", "lpt9", "tk-x\n", "aux-1", "-x", ""]),
    )
)
def test_the_command_line_and_import_check_ids_exactly_as_validate_does(value: str) -> None:
    """``slug_problem`` (before a path is made) accepts exactly what the model accepts."""
    try:
        TypeAdapter(Slug).validate_python(value, strict=True)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert (slug_problem(value) is None) == accepted
