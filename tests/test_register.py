"""Loading a register: files → models + problems, and the rules between files
(lgtool.register)."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, ORGANISATION, REPO, TODAY, behandling, write_register
from lgtool.errors import RegisterError, UsageError
from lgtool.folder import MAX_FILE_BYTES
from lgtool.problems import Problem
from lgtool.register import (
    Register,
    SourceFile,
    load_register,
    load_sources,
    read_folder,
    register_root,
    unreadable_problem,
)
from lgtool.yamlio import dump_plain

CORPUS = REPO / "tests" / "corpus" / "bad"

MakeRegister = Callable[..., Path]


def load(root: Path) -> Register:
    return load_register(root, today=TODAY)


def problems_in(register: Register, root: Path) -> list[tuple[str, int, int, str, str]]:
    """The register's problems with file names relative to ``root``."""
    prefix = root.as_posix() + "/"
    return [
        (p.fil.removeprefix(prefix), p.rad, p.kolumn, p.kod, p.meddelande)
        for p in register.problems
    ]


def year(ar: int, **fields: Any) -> dict[str, Any]:
    """A valid year file with one priority for ``ar``; ``fields`` override."""
    return {"ar": ar, "prioriteringar": {ar: [{"id": "p1", "text": "Gör något."}]}, **fields}


# --- the example and the corpus ---------------------------------------------------------


def test_example_register_has_no_problems() -> None:
    register = load(EXAMPLE_REGISTER)
    assert register.problems == ()
    assert register.organisation is not None
    assert register.organisation.organisation == "Trafikkontoret"
    assert len(register.behandlingar) == 30
    assert sorted(register.ar) == [2024, 2025, 2026]
    assert len(register.incidenter) == 6


def test_corpus_keeps_what_is_valid() -> None:
    register = load(CORPUS)
    assert register.organisation is not None
    assert [o.id for o in register.organisation.forvaltningsobjekt] == ["trafik", "gatuarbeten"]
    # The BOM file is valid; every other processing has a mistake.
    assert [b.id for b in register.behandlingar] == ["bom", "giltig"]
    assert register.files == {
        "bom": f"{CORPUS.as_posix()}/behandlingar/bom.yaml",
        "giltig": f"{CORPUS.as_posix()}/behandlingar/giltig.yaml",
    }
    assert list(register.ar) == [2024]


def test_corpus_reports_one_problem_or_more_for_every_broken_file() -> None:
    register = load(CORPUS)
    files = {Path(p.fil).name for p in register.problems}
    assert files == {
        "2023.yaml",
        "2025.yaml",
        "2026.yaml",
        "alias-bomb.yaml",
        "dubblett-nyckel.yaml",
        "fel-id.yaml",
        "fel-typ.yaml",
        "framtida-datum.yaml",
        "gammal.yml",
        "konfliktmarkering.yaml",
        "kort-datum.yaml",
        "latin1.yaml",
        "lista.yaml",
        "okand-kategori.yaml",
        "okand-roll.yaml",
        "okant-falt.yaml",
        "okant-objekt.yaml",
        "omojligt-datum.yaml",
        "tabb.yaml",
        "tom.yaml",
        "yaml-syntax.yaml",
    }


# --- every problem, across files --------------------------------------------------------


def test_all_problems_are_collected_across_files(make_register: MakeRegister) -> None:
    root = make_register(
        behandlingar=[
            behandling("a1"),
            behandling("b2", registerford="ja"),
            behandling("c3", kategori="unike", forvaltningsobjekt="objekt"),
            behandling("d4"),
        ],
        ar={
            2025: year(
                2025,
                utbildning={
                    "antal_medarbetare": 1,
                    "genomfort_informationssakerhet": 2,
                    "genomfort_dataskydd": 0,
                },
            )
        },
        files={"behandlingar/e5.yaml": "id: e5\nnamn: x: y\n", "behandlingar/f6.yaml": ""},
    )
    register = load(root)
    assert problems_in(register, root) == [
        (
            "ar/2025.yaml",
            8,
            35,
            "for-manga",
            "'utbildning.genomfort_informationssakerhet': 2 är fler än antal_medarbetare (1)",
        ),
        (
            "behandlingar/b2.yaml",
            9,
            15,
            "fel-typ",
            "'registerford' ska vara true eller false, inte 'ja' "
            "(skriv true för ja och false för nej)",
        ),
        (
            "behandlingar/c3.yaml",
            4,
            11,
            "ogiltigt-varde",
            "ogiltigt värde 'unike' för 'kategori'; tillåtna värden: unik, gemensam, ovrig "
            "– menade du 'unik'?",
        ),
        (
            "behandlingar/e5.yaml",
            2,
            8,
            "yaml-syntax",
            "kolon på oväntat ställe; sätt citattecken runt värden som innehåller ': ' "
            "eller kontrollera indraget",
        ),
        ("behandlingar/f6.yaml", 1, 1, "tom-fil", "filen är tom"),
    ]
    # The valid ones are still loaded, sorted by id.
    assert [b.id for b in register.behandlingar] == ["a1", "d4"]
    assert dict(register.ar) == {}


def test_cross_file_rules_run_only_on_files_that_validate(make_register: MakeRegister) -> None:
    # c3 has both a wrong kategori and an unknown objekt; only the schema problem shows,
    # as the cross-file rules need a valid processing.
    root = make_register(behandlingar=[behandling("c3", kategori="x", forvaltningsobjekt="nej")])
    assert [p.kod for p in load(root).problems] == ["ogiltigt-varde"]


def test_problems_are_sorted_by_file_and_position(make_register: MakeRegister) -> None:
    root = make_register(
        files={
            "behandlingar/b.yaml": dump_plain(behandling("b", namn="", kategori="x")),
            "behandlingar/a.yaml": "",
        }
    )
    assert [(Path(p.fil).name, p.rad) for p in load(root).problems] == [
        ("a.yaml", 1),
        ("b.yaml", 2),
        ("b.yaml", 4),
    ]


# --- processings ------------------------------------------------------------------------


def test_id_must_equal_the_file_name(make_register: MakeRegister) -> None:
    root = make_register(files={"behandlingar/signal.yaml": dump_plain(behandling("signal-1"))})
    register = load(root)
    assert problems_in(register, root) == [
        (
            "behandlingar/signal.yaml",
            1,
            5,
            "id-filnamn",
            "id 'signal-1' stämmer inte med filnamnet 'signal.yaml'; id och filnamn ska vara lika",
        )
    ]
    assert register.behandlingar == ()


def test_same_id_in_two_files(make_register: MakeRegister) -> None:
    root = make_register(
        behandlingar=[behandling("b1")],
        files={"behandlingar/b2.yaml": dump_plain(behandling("b1"))},
    )
    register = load(root)
    # Both problems are reported for b2.yaml, although renaming its id fixes both.
    assert problems_in(register, root) == [
        (
            "behandlingar/b2.yaml",
            1,
            5,
            "dubblett-id",
            f"id 'b1' används redan i {root.as_posix()}/behandlingar/b1.yaml",
        ),
        (
            "behandlingar/b2.yaml",
            1,
            5,
            "id-filnamn",
            "id 'b1' stämmer inte med filnamnet 'b2.yaml'; id och filnamn ska vara lika",
        ),
    ]
    assert [b.id for b in register.behandlingar] == ["b1"]


def test_unknown_forvaltningsobjekt_gets_a_suggestion(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b1", forvaltningsobjekt="obk")])
    assert problems_in(load(root), root) == [
        (
            "behandlingar/b1.yaml",
            3,
            21,
            "okant-objekt",
            "förvaltningsobjektet 'obk' finns inte i organisation.yaml – menade du 'obj'?",
        )
    ]


def test_unknown_forvaltningsobjekt_without_suggestion(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b1", forvaltningsobjekt="gatuarbeten")])
    assert problems_in(load(root), root) == [
        (
            "behandlingar/b1.yaml",
            3,
            21,
            "okant-objekt",
            "förvaltningsobjektet 'gatuarbeten' finns inte i organisation.yaml",
        )
    ]


def test_unknown_role_in_a_processing(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b1", roller={"objektledare_itt": "Cecilia"})])
    register = load(root)
    assert problems_in(register, root) == [
        (
            "behandlingar/b1.yaml",
            17,
            3,
            "okand-roll",
            "okänd roll 'objektledare_itt' – menade du 'objektledare_it'? "
            "(lägg till den i policy.pm3_roller om organisationen använder den)",
        )
    ]
    assert register.behandlingar == ()


def test_role_from_the_policy_and_known_older_roles_are_accepted(
    make_register: MakeRegister,
) -> None:
    organisation = {
        **ORGANISATION,
        "policy": {"pm3_roller": ["objektagare", "dataskyddsombud"]},
    }
    root = make_register(
        organisation=organisation,
        behandlingar=[behandling("b1", roller={"dataskyddsombud": "D", "systemagare": None})],
    )
    assert load(root).problems == ()


def test_processing_is_not_cross_checked_when_organisation_is_broken(
    make_register: MakeRegister,
) -> None:
    root = make_register(
        organisation="- inte en mappning\n",
        behandlingar=[behandling("b1", forvaltningsobjekt="finns-inte")],
    )
    register = load(root)
    assert problems_in(register, root) == [
        (
            "organisation.yaml",
            1,
            1,
            "inte-mappning",
            "filen ska innehålla fält (nyckel: värde) på översta nivån",
        )
    ]
    assert register.organisation is None
    assert [b.id for b in register.behandlingar] == ["b1"]
    with pytest.raises(RegisterError) as caught:
        register.require_organisation()
    assert caught.value.message == (
        "organisation.yaml har fel eller saknas; rätta den först (lgtool validate)"
    )


def test_missing_organisation_file(tmp_path: Path) -> None:
    root = tmp_path / "register"
    (root / "behandlingar").mkdir(parents=True)
    (root / "behandlingar" / "b1.yaml").write_text(dump_plain(behandling("b1")), "utf-8")
    register = load(root)
    assert problems_in(register, root) == [
        (
            "organisation.yaml",
            1,
            1,
            "fil-saknas",
            "organisation.yaml saknas; registret behöver organisationen och dess "
            "förvaltningsobjekt",
        )
    ]


# --- organisation.yaml ------------------------------------------------------------------


def test_duplicate_forvaltningsobjekt_and_unknown_role(make_register: MakeRegister) -> None:
    root = make_register(
        organisation="organisation: X\n"
        "forvaltningsobjekt:\n"
        "  - id: a\n"
        "    namn: A\n"
        "    roller:\n"
        "      objektagere: Lena\n"
        "  - id: a\n"
        "    namn: B\n"
    )
    register = load(root)
    assert problems_in(register, root) == [
        (
            "organisation.yaml",
            6,
            7,
            "okand-roll",
            "okänd roll 'objektagere' – menade du 'objektagare'? "
            "(lägg till den i policy.pm3_roller om organisationen använder den)",
        ),
        (
            "organisation.yaml",
            7,
            9,
            "dubblett-id",
            "förvaltningsobjektet 'a' finns redan (forvaltningsobjekt[0])",
        ),
    ]
    # Current behaviour: the organisation is still used despite these problems.
    assert register.organisation is not None


# --- year files -------------------------------------------------------------------------


def test_year_must_equal_the_file_name(make_register: MakeRegister) -> None:
    root = make_register(files={"ar/2025.yaml": dump_plain(year(2024))})
    register = load(root)
    # Both ways out: the number may be the mistake, or the file name.
    assert problems_in(register, root) == [
        (
            "ar/2025.yaml",
            1,
            5,
            "ar-filnamn",
            "ar: 2024 stämmer inte med filnamnet '2025.yaml'; ändra ar till 2025 eller döp "
            "om filen till 2024.yaml",
        )
    ]
    assert dict(register.ar) == {}


def test_priority_years_from_ar_to_ar_plus_two(make_register: MakeRegister) -> None:
    prioriteringar = {y: [{"id": "p", "text": "T"}] for y in range(2023, 2028)}
    root = make_register(ar={2024: {"ar": 2024, "prioriteringar": prioriteringar}})
    register = load(root)
    assert problems_in(register, root) == [
        (
            "ar/2024.yaml",
            3,
            3,
            "ar-utanfor-plan",
            "prioriteringar för 2023 hör inte hemma i planen för 2024; tillåtna år är 2024–2026",
        ),
        (
            "ar/2024.yaml",
            15,
            3,
            "ar-utanfor-plan",
            "prioriteringar för 2027 hör inte hemma i planen för 2024; tillåtna år är 2024–2026",
        ),
    ]
    assert dict(register.ar) == {}


def test_priority_ids_unique_within_a_year(make_register: MakeRegister) -> None:
    root = make_register(
        files={
            "ar/2025.yaml": "ar: 2025\n"
            "prioriteringar:\n"
            "  2025:\n"
            "    - {id: a, text: T}\n"
            "    - {id: a, text: U}\n"
            "  2026:\n"
            "    - {id: a, text: V}\n"
        }
    )
    assert problems_in(load(root), root) == [
        (
            "ar/2025.yaml",
            5,
            12,
            "dubblett-id",
            "prioriteringen 'a' förekommer två gånger under 2025",
        )
    ]


def test_valid_years_are_loaded_by_year(make_register: MakeRegister) -> None:
    root = make_register(ar={2024: year(2024), 2025: year(2025)})
    register = load(root)
    assert register.problems == ()
    assert sorted(register.ar) == [2024, 2025]
    assert register.ar[2025].prioriteringar[2025][0].id == "p1"


# --- today ------------------------------------------------------------------------------


def test_today_decides_which_dates_are_in_the_future(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b1", senaste_rsa="2026-11-29")])
    assert load_register(root, today=date(2026, 11, 29)).problems == ()
    assert [p.meddelande for p in load_register(root, today=date(2026, 11, 28)).problems] == [
        "'senaste_rsa': datumet 2026-11-29 ligger efter dagens datum (2026-11-28)"
    ]


# --- reading the folder -----------------------------------------------------------------


def test_yml_file_is_reported_and_not_read(make_register: MakeRegister) -> None:
    root = make_register(files={"behandlingar/b1.yml": dump_plain(behandling("b1"))})
    register = load(root)
    assert problems_in(register, root) == [
        (
            "behandlingar/b1.yml",
            1,
            1,
            "filandelse",
            "filen har ändelsen .yml och läses inte; döp om den till b1.yaml",
        )
    ]
    assert register.behandlingar == ()


def test_year_file_with_a_name_that_is_not_a_year(make_register: MakeRegister) -> None:
    root = make_register(files={"ar/plan.yaml": dump_plain(year(2024))})
    assert problems_in(load(root), root) == [
        (
            "ar/plan.yaml",
            1,
            5,
            "ar-filnamn",
            "ar: 2024 stämmer inte med filnamnet 'plan.yaml'; filen ska heta 2024.yaml",
        )
    ]


def test_other_files_are_ignored_silently(make_register: MakeRegister) -> None:
    root = make_register(
        files={
            "behandlingar/README.md": "# Behandlingar\n",
            "ar/anteckningar.txt": "x\n",
            "README.md": "# Registret\n",
            "organisation.json": "{}\n",
        }
    )
    assert load(root).problems == ()


def test_yaml_files_with_another_extension_are_reported(make_register: MakeRegister) -> None:
    root = make_register(
        files={
            "behandlingar/B2.YAML": dump_plain(behandling("b2")),
            "ar/2025.Yml": dump_plain(year(2025)),
            "organisation.yml": "organisation: X\n",
        }
    )
    register = load(root)
    assert problems_in(register, root) == [
        (
            "ar/2025.Yml",
            1,
            1,
            "filandelse",
            "filen har ändelsen .Yml och läses inte; döp om den till 2025.yaml",
        ),
        (
            "behandlingar/B2.YAML",
            1,
            1,
            "filandelse",
            "filen har ändelsen .YAML och läses inte; döp om den till B2.yaml",
        ),
        (
            "organisation.yml",
            1,
            1,
            "filandelse",
            "filen har ändelsen .yml och läses inte; döp om den till organisation.yaml",
        ),
    ]
    assert register.behandlingar == ()


def test_file_over_one_mebibyte_is_refused_unread(make_register: MakeRegister) -> None:
    root = make_register(
        behandlingar=[behandling("b1")],
        files={"behandlingar/stor.yaml": b"# " + b"x" * (2 * MAX_FILE_BYTES) + b"\n"},
    )
    register = load(root)
    assert problems_in(register, root) == [
        (
            "behandlingar/stor.yaml",
            1,
            1,
            "for-stor-fil",
            "filen är 2049 KiB; en registerfil får vara högst 1024 KiB",
        )
    ]
    assert [b.id for b in register.behandlingar] == ["b1"]


def test_symlink_out_of_the_register_is_not_read(
    make_register: MakeRegister, tmp_path: Path
) -> None:
    secret = tmp_path / "hemlig.yaml"
    secret.write_text(dump_plain(behandling("lank")), "utf-8")
    root = make_register()
    os.symlink(secret, root / "behandlingar" / "lank.yaml")
    os.symlink(tmp_path / "finns-inte.yaml", root / "behandlingar" / "trasig.yaml")
    register = load(root)
    message = "filen är en symbolisk länk till en plats utanför registret och läses inte"
    assert problems_in(register, root) == [
        ("behandlingar/lank.yaml", 1, 1, "symlank", message),
        ("behandlingar/trasig.yaml", 1, 1, "symlank", message),
    ]
    assert register.behandlingar == ()


def test_symlink_inside_the_register_is_read(make_register: MakeRegister) -> None:
    root = make_register()
    (root / "delad").mkdir()
    (root / "delad" / "b1.yaml").write_text(dump_plain(behandling("b1")), "utf-8")
    os.symlink(root / "delad" / "b1.yaml", root / "behandlingar" / "b1.yaml")
    register = load(root)
    assert register.problems == ()
    assert [b.id for b in register.behandlingar] == ["b1"]


def test_broken_symlink_inside_the_register(make_register: MakeRegister) -> None:
    root = make_register()
    os.symlink(root / "borttagen.yaml", root / "behandlingar" / "b1.yaml")
    assert problems_in(load(root), root) == [
        (
            "behandlingar/b1.yaml",
            1,
            1,
            "olasbar",
            "filen kan inte läsas: den är en symbolisk länk till en fil som inte finns",
        )
    ]


def test_symlink_loop_is_a_problem_not_a_crash(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    os.symlink("slinga.yaml", root / "behandlingar" / "slinga.yaml")
    register = load(root)
    assert problems_in(register, root) == [
        (
            "behandlingar/slinga.yaml",
            1,
            1,
            "olasbar",
            "filen kan inte läsas: symboliska länkar pekar på varandra i en slinga",
        )
    ]
    assert [b.id for b in register.behandlingar] == ["b1"]


def test_unreadable_file_is_explained_in_swedish() -> None:
    problem = unreadable_problem("b1.yaml", PermissionError(errno.EACCES, "Permission denied"))
    assert problem == Problem("b1.yaml", 1, 1, "olasbar", "filen kan inte läsas: behörighet saknas")
    problem = unreadable_problem("b1.yaml", OSError(errno.ENOSPC, "No space left on device"))
    assert problem == Problem("b1.yaml", 1, 1, "olasbar", "filen kan inte läsas: felkod ENOSPC")


def test_read_folder_gives_bytes_in_order(make_register: MakeRegister) -> None:
    root = make_register(behandlingar=[behandling("b2"), behandling("b1")], ar={2025: year(2025)})
    sources, problems = read_folder(root)
    assert [s.rel for s in sources] == [
        "organisation.yaml",
        "behandlingar/b1.yaml",
        "behandlingar/b2.yaml",
        "ar/2025.yaml",
    ]
    assert sources[1].raw == (root / "behandlingar" / "b1.yaml").read_bytes()
    assert problems == []


def test_load_sources_without_a_folder() -> None:
    # As from a git tree: names relative to the register root, shown without a prefix;
    # files outside organisation.yaml, behandlingar/ and ar/ are not register files.
    sources = [
        SourceFile("organisation.yaml", dump_plain(ORGANISATION).encode()),
        SourceFile("behandlingar/b1.yaml", dump_plain(behandling("b1")).encode()),
        SourceFile("behandlingar/b2.yaml", dump_plain(behandling("b2", namn="")).encode()),
        SourceFile("README.md", b"- inte en registerfil\n"),
    ]
    register = load_sources(sources, today=TODAY)
    assert register.problems == (
        Problem("behandlingar/b2.yaml", 2, 7, "tomt-varde", "'namn' får inte vara tomt"),
    )
    assert register.files == {"b1": "behandlingar/b1.yaml"}


def test_load_sources_with_a_display_root_and_extra_problems() -> None:
    extra = Problem("reg/behandlingar/x.yml", 1, 1, "filandelse", "m")
    register = load_sources(
        [SourceFile("organisation.yaml", b"- x\n")],
        display_root="reg",
        today=TODAY,
        extra=[extra],
    )
    assert register.problems == (
        Problem(
            "reg/behandlingar/x.yml",
            1,
            1,
            "filandelse",
            "m",
        ),
        Problem(
            "reg/organisation.yaml",
            1,
            1,
            "inte-mappning",
            "filen ska innehålla fält (nyckel: värde) på översta nivån",
        ),
    )


# --- which folder -----------------------------------------------------------------------


def test_register_root_uses_the_option_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_register(tmp_path / "a")
    other = write_register(tmp_path / "b")
    monkeypatch.setenv("LGTOOL_REGISTER", str(other))
    assert register_root(root) == root


def test_register_root_uses_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_register(tmp_path / "a")
    monkeypatch.setenv("LGTOOL_REGISTER", str(root))
    assert register_root(None) == root


def test_register_root_defaults_to_register_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_register(tmp_path / "register")
    monkeypatch.delenv("LGTOOL_REGISTER", raising=False)
    monkeypatch.chdir(tmp_path)
    assert register_root(None) == Path("register")


def test_register_root_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        register_root(tmp_path / "saknas")
    assert caught.value.message == (
        f"registret '{tmp_path / 'saknas'}' finns inte (ange --register eller LGTOOL_REGISTER)"
    )


def test_register_root_given_a_file(tmp_path: Path) -> None:
    root = write_register(tmp_path / "register")
    with pytest.raises(UsageError) as caught:
        register_root(root / "organisation.yaml")
    assert caught.value.message == (
        f"'{root / 'organisation.yaml'}' är en fil, inte en mapp; ange registermappen "
        "(den som innehåller organisation.yaml)"
    )


def test_register_root_that_is_not_a_register(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        register_root(tmp_path)
    assert caught.value.message == (
        f"'{tmp_path}' ser inte ut som ett register: där finns varken organisation.yaml "
        "eller mappen behandlingar/"
    )


# --- file size -----------------------------------------------------------------------


def test_just_too_large_file_does_not_contradict_itself(make_register: MakeRegister) -> None:
    # The size is rounded up: 1 MiB + 1 byte is not "1024 KiB; at most 1024 KiB".
    root = make_register(files={"behandlingar/stor.yaml": b"#" * (MAX_FILE_BYTES + 1)})
    assert [p.meddelande for p in load(root).problems] == [
        "filen är 1025 KiB; en registerfil får vara högst 1024 KiB"
    ]


def test_control_character_does_not_stop_the_check(make_register: MakeRegister) -> None:
    root = make_register(
        behandlingar=[behandling("b1", namn="")],
        files={"behandlingar/b2.yaml": "id: b2\nnamn: a\x00b\n"},
    )
    register = load(root)
    assert [(Path(p.fil).name, p.rad, p.kolumn) for p in register.problems] == [
        ("b1.yaml", 2, 7),
        ("b2.yaml", 2, 8),
    ]
