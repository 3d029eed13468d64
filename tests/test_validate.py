"""``lgtool validate``, run as a user runs it (lgtool.commands.validate)."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, TODAY, behandling, run_cli, write_register
from lgtool.folder import MAX_FILE_BYTES
from lgtool.yamlio import dump_plain

CORPUS = "tests/corpus/bad"
GOLDEN = REPO / CORPUS / "EXPECTED.txt"
VALID_EXAMPLE = (
    "Registret är giltigt: 30 behandlingar, 8 förvaltningsobjekt, 3 årsfiler, 6 incidenter.\n"
)

MakeRegister = Callable[..., Path]


IDAG = {"LGTOOL_IDAG": TODAY.isoformat()}
"""The environment that fixes "today" for the corpus (EXPECTED.txt was written with it)."""


def golden() -> str:
    """EXPECTED.txt: the whole output of validating the corpus on TODAY."""
    return GOLDEN.read_text(encoding="utf-8")


# --- the corpus of mistakes -------------------------------------------------------------


def test_corpus_gives_exactly_the_golden_output() -> None:
    result = run_cli("validate", "--register", CORPUS, cwd=REPO, env=IDAG)
    assert result.out == golden()
    assert result.err == ""
    assert result.code == 1


def test_corpus_with_a_huge_file_and_a_symlink_out(tmp_path: Path) -> None:
    shutil.copytree(REPO / CORPUS, tmp_path / "bad", symlinks=True)
    (tmp_path / "bad" / "behandlingar" / "stor.yaml").write_bytes(
        b"# " + b"x" * (3 * MAX_FILE_BYTES) + b"\n"
    )
    (tmp_path / "utanfor.yaml").write_text(dump_plain(behandling("lank")), "utf-8")
    os.symlink(tmp_path / "utanfor.yaml", tmp_path / "bad" / "behandlingar" / "lank.yaml")

    result = run_cli("validate", "--register", "bad", cwd=tmp_path, env=IDAG)

    *lines, _summary = golden().replace(f"{CORPUS}/", "bad/").splitlines()
    lines += [
        "bad/behandlingar/lank.yaml:1:1: fel: filen är en symbolisk länk till en plats "
        "utanför registret och läses inte",
        "bad/behandlingar/stor.yaml:1:1: fel: filen är 3073 KiB; en registerfil får vara "
        "högst 1024 KiB",
    ]
    lines.sort(key=_position)
    assert result.out == "\n".join([*lines, "25 fel i 23 filer."]) + "\n"
    assert result.err == ""
    assert result.code == 1


def _position(line: str) -> tuple[str, int, int]:
    match = re.match(r"(.*?):(\d+):(\d+): ", line)
    assert match, line
    return match.group(1), int(match.group(2)), int(match.group(3))


def test_control_character_is_a_problem_not_an_internal_error(
    make_register: MakeRegister, tmp_path: Path
) -> None:
    make_register(
        behandlingar=[behandling("b1", kategori="x")],
        files={"behandlingar/b2.yaml": "id: b2\nnamn: a\x00b\n"},
    )
    result = run_cli("validate", "--register", "register", cwd=tmp_path)
    assert result.code == 1
    assert result.err == ""
    assert [line.split(": fel: ")[0] for line in result.out.splitlines()] == [
        "register/behandlingar/b1.yaml:4:11",
        "register/behandlingar/b2.yaml:2:8",
        "2 fel i 2 filer.",
    ]


# --- a valid register -------------------------------------------------------------------


def test_example_register_is_valid() -> None:
    result = run_cli("validate", "--register", "register", cwd=REPO)
    assert (result.code, result.out, result.err) == (0, VALID_EXAMPLE, "")


def test_register_in_the_working_folder_is_the_default() -> None:
    result = run_cli("validate", cwd=REPO)
    assert (result.code, result.out, result.err) == (0, VALID_EXAMPLE, "")


def test_valid_register_in_json_and_github_formats(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    assert run_cli("validate", "-r", str(root), "--format", "json").out == "[]\n"
    result = run_cli("validate", "-r", str(root), "--format", "github")
    assert (result.code, result.out, result.err) == (0, "", "")


# --- the formats ------------------------------------------------------------------------


@pytest.fixture
def two_problems(make_register: MakeRegister) -> Path:
    """A register with a wrong boolean in b1 and a misspelt field in b2; returns its parent."""
    root = make_register(
        behandlingar=[
            behandling("b1", registerford="ja"),
            behandling("b2", senaste_klasa="2026-01-10"),
        ]
    )
    return root.parent


def test_text_format(two_problems: Path) -> None:
    result = run_cli("validate", "-r", "register", cwd=two_problems)
    assert result.out == (
        "register/behandlingar/b1.yaml:9:15: fel: 'registerford' ska vara true eller false, "
        "inte 'ja' (skriv true för ja och false för nej)\n"
        "register/behandlingar/b2.yaml:16:1: fel: okänt fält 'senaste_klasa' – menade du "
        "'senaste_klassa'?\n"
        "2 fel i 2 filer.\n"
    )
    assert (result.code, result.err) == (1, "")


def test_json_format(two_problems: Path) -> None:
    result = run_cli("validate", "-r", "register", "--format", "json", cwd=two_problems)
    assert json.loads(result.out) == [
        {
            "fil": "register/behandlingar/b1.yaml",
            "rad": 9,
            "kolumn": 15,
            "niva": "fel",
            "kod": "fel-typ",
            "meddelande": "'registerford' ska vara true eller false, inte 'ja' "
            "(skriv true för ja och false för nej)",
        },
        {
            "fil": "register/behandlingar/b2.yaml",
            "rad": 16,
            "kolumn": 1,
            "niva": "fel",
            "kod": "okant-falt",
            "meddelande": "okänt fält 'senaste_klasa' – menade du 'senaste_klassa'?",
        },
    ]
    assert (result.code, result.err) == (1, "")


def test_github_format(two_problems: Path) -> None:
    result = run_cli("validate", "-r", "register", "-f", "github", cwd=two_problems)
    assert result.out == (
        "::error file=register/behandlingar/b1.yaml,line=9,col=15,title=lgtool fel-typ::"
        "'registerford' ska vara true eller false, inte 'ja' "
        "(skriv true för ja och false för nej)\n"
        "::error file=register/behandlingar/b2.yaml,line=16,col=1,title=lgtool okant-falt::"
        "okänt fält 'senaste_klasa' – menade du 'senaste_klassa'?\n"
    )
    assert (result.code, result.err) == (1, "")


def test_github_format_escapes_file_names_and_messages(make_register: MakeRegister) -> None:
    root = make_register(
        files={
            "behandlingar/50%,ja:nej.yaml": dump_plain(behandling("b9")),
            "behandlingar/b1.yaml": dump_plain(behandling("b1")) + '"rad ett\\nrad två": 1\n',
        }
    )
    result = run_cli("validate", "-r", "register", "-f", "github", cwd=root.parent)
    assert result.out == (
        "::error file=register/behandlingar/50%25%2Cja%3Anej.yaml,line=1,col=5,"
        "title=lgtool id-filnamn::id 'b9' stämmer inte med filnamnet '50%25,ja:nej.yaml'; "
        "id och filnamn ska vara lika\n"
        "::error file=register/behandlingar/b1.yaml,line=16,col=1,title=lgtool okant-falt::"
        "okänt fält 'rad ett%0Arad två'\n"
    )
    assert (result.code, result.err) == (1, "")


def test_text_format_keeps_one_problem_on_one_line(make_register: MakeRegister) -> None:
    root = make_register(
        files={"behandlingar/b1.yaml": dump_plain(behandling("b1")) + '"rad ett\\nrad två": 1\n'}
    )
    result = run_cli("validate", "-r", "register", cwd=root.parent)
    assert result.out == (
        "register/behandlingar/b1.yaml:16:1: fel: okänt fält 'rad ett rad två'\n1 fel i 1 fil.\n"
    )
    assert (result.code, result.err) == (1, "")


# --- counts in the success line ---------------------------------------------------------


def test_success_line_in_singular(make_register: MakeRegister) -> None:
    year = {"ar": 2026, "prioriteringar": {2026: [{"id": "a", "text": "T"}]}}
    root = make_register(behandlingar=[behandling("b1")], ar={2026: year})
    result = run_cli("validate", "-r", str(root), env=IDAG)
    assert (result.code, result.out, result.err) == (
        0,
        "Registret är giltigt: 1 behandling, 1 förvaltningsobjekt, 1 årsfil.\n",
        "",
    )


# --- today's date -----------------------------------------------------------------------


def test_lgtool_idag_fixes_today(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b1", senaste_rsa="2026-06-01")])
    ok = run_cli("validate", "-r", str(root), env={"LGTOOL_IDAG": "2026-06-01"})
    assert (ok.code, ok.err) == (0, "")
    early = run_cli(
        "validate", "-r", "register", cwd=root.parent, env={"LGTOOL_IDAG": "2026-05-31"}
    )
    assert early.out == (
        "register/behandlingar/b1.yaml:7:14: fel: 'senaste_rsa': datumet 2026-06-01 ligger efter "
        "dagens datum (2026-05-31)\n1 fel i 1 fil.\n"
    )
    assert (early.code, early.err) == (1, "")


def test_lgtool_idag_that_is_not_a_date(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    result = run_cli("validate", "-r", str(root), env={"LGTOOL_IDAG": "igår"})
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "fel: LGTOOL_IDAG: 'igår' är inget datum; skriv ÅÅÅÅ-MM-DD\n",
    )


# --- usage errors and the register folder -----------------------------------------------


def test_register_that_does_not_exist(tmp_path: Path) -> None:
    result = run_cli("validate", "--register", "saknas", cwd=tmp_path)
    assert result.err == (
        "fel: registret 'saknas' finns inte (ange --register eller LGTOOL_REGISTER)\n"
    )
    assert (result.code, result.out) == (2, "")


def test_register_given_as_a_file(make_register: MakeRegister) -> None:
    root = make_register()
    result = run_cli("validate", "--register", "register/organisation.yaml", cwd=root.parent)
    assert result.err == (
        "fel: 'register/organisation.yaml' är en fil, inte en mapp; ange registermappen "
        "(den som innehåller organisation.yaml)\n"
    )
    assert (result.code, result.out) == (2, "")


def test_folder_that_is_not_a_register(tmp_path: Path) -> None:
    (tmp_path / "tom").mkdir()
    result = run_cli("validate", "--register", "tom", cwd=tmp_path)
    assert result.err == (
        "fel: 'tom' ser inte ut som ett register: där finns varken organisation.yaml "
        "eller mappen behandlingar/\n"
    )
    assert (result.code, result.out) == (2, "")


def test_unknown_format() -> None:
    result = run_cli("validate", "--register", "register", "--format", "xml", cwd=REPO)
    assert result.err == (
        "fel: ogiltigt värde 'xml' för --format; tillåtna värden: 'text', 'json', 'github'\n"
        "Se 'lgtool validate --help'.\n"
    )
    assert (result.code, result.out) == (2, "")


def test_register_from_the_environment(make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register(behandlingar=[behandling("b1", kategori="unike")])
    result = run_cli("validate", cwd=tmp_path, env={"LGTOOL_REGISTER": str(root)})
    assert result.out == (
        f"{root.as_posix()}/behandlingar/b1.yaml:4:11: fel: ogiltigt värde 'unike' för "
        "'kategori'; tillåtna värden: unik, gemensam, ovrig – menade du 'unik'?\n"
        "1 fel i 1 fil.\n"
    )
    assert (result.code, result.err) == (1, "")


def test_option_wins_over_the_environment(tmp_path: Path) -> None:
    write_register(tmp_path / "ratt", behandlingar=[behandling("b1")])
    result = run_cli(
        "validate",
        "--register",
        "ratt",
        cwd=tmp_path,
        env={"LGTOOL_REGISTER": str(tmp_path / "saknas")},
    )
    assert result.out == ("Registret är giltigt: 1 behandling, 1 förvaltningsobjekt, 0 årsfiler.\n")
    assert (result.code, result.err) == (0, "")


def test_environment_pointing_nowhere(tmp_path: Path) -> None:
    result = run_cli("validate", cwd=tmp_path, env={"LGTOOL_REGISTER": "saknas"})
    assert result.err == (
        "fel: registret 'saknas' finns inte (ange --register eller LGTOOL_REGISTER)\n"
    )
    assert (result.code, result.out) == (2, "")
