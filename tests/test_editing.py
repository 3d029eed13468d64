"""Safe changes: validated before writing, atomic, and all or nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TODAY, behandling
from lgtool.editing import RefusedEditError, create, set_values
from lgtool.errors import RegisterError, UsageError
from lgtool.register import load_register

FILE = """\
# Kommentar som ska stå kvar
id: b1
namn: 'Behandling b1'
forvaltningsobjekt: obj

kategori: unik   # prioritet
personuppgifter: true
senaste_klassa: 2026-01-10
senaste_rsa: null
senaste_behorighetskontroll: 2026-01-10
registerford: true
konsekvensbedomning: ej_tillampligt
klassningsprotokoll: true
systembeskrivning: true
handlingsplan:
  gula: 0
  roda: 0
"""


@pytest.fixture
def root(make_register: Callable[..., Path]) -> Path:
    return make_register(files={"behandlingar/b1.yaml": FILE})


def test_set_values_writes_only_the_values(root: Path) -> None:
    result = set_values(
        root, "b1", [("senaste_rsa", "2026-02-01"), ("handlingsplan.roda", "2")], today=TODAY
    )
    assert [(c.field, c.old, c.new) for c in result.changes] == [
        ("senaste_rsa", None, "2026-02-01"),
        ("handlingsplan.roda", 0, 2),
    ]
    assert result.remaining == ()
    assert (root / "behandlingar/b1.yaml").read_text("utf-8") == FILE.replace(
        "senaste_rsa: null", "senaste_rsa: 2026-02-01"
    ).replace("  roda: 0", "  roda: 2")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "senaste_klassa",
            "2024-13-01",
            "8:17: fel: 'senaste_klassa': '2024-13-01' är inget möjligt datum",
        ),
        (
            "senaste_klassa",
            "2026-12-01",
            "8:17: fel: 'senaste_klassa': datumet 2026-12-01 ligger efter dagens datum "
            "(2026-11-29)",
        ),
        (
            "klassning.konfidentialitet",
            "2",
            "8:1: fel: obligatoriskt fält 'riktighet' saknas i 'klassning'\n"
            "  {fil}:8:1: fel: obligatoriskt fält 'tillganglighet' saknas i 'klassning'\n"
            "'klassning' saknas i filen; sätt alla dess obligatoriska fält på en gång:\n"
            "  lgtool satt b1 klassning.konfidentialitet 2 klassning.riktighet VÄRDE "
            "klassning.tillganglighet VÄRDE",
        ),
        (
            "kategori",
            "unique",
            "6:11: fel: ogiltigt värde 'unique' för 'kategori'; tillåtna värden: unik, gemensam, "
            "ovrig – menade du 'unik'?",
        ),
        (
            "forvaltningsobjekt",
            "objekt",
            "4:21: fel: förvaltningsobjektet 'objekt' finns inte i organisation.yaml"
            " – menade du 'obj'?",
        ),
    ],
)
def test_a_bad_value_changes_nothing(root: Path, field: str, value: str, message: str) -> None:
    with pytest.raises(RefusedEditError) as error:
        set_values(root, "b1", [("senaste_rsa", "2026-02-01"), (field, value)], today=TODAY)
    fil = f"{root.as_posix()}/behandlingar/b1.yaml"
    assert error.value.message == (
        f"ändringen godtas inte, inget har skrivits:\n  {fil}:" + message.format(fil=fil)
    )
    assert (root / "behandlingar/b1.yaml").read_text("utf-8") == FILE


def test_crash_in_the_middle_of_the_write_leaves_the_old_file(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(fd: int) -> None:
        raise KeyboardInterrupt  # as if the power went or the user pressed Ctrl-C

    monkeypatch.setattr("lgtool.atomic.os.fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        set_values(root, "b1", [("senaste_rsa", "2026-02-01")], today=TODAY)
    assert (root / "behandlingar/b1.yaml").read_text("utf-8") == FILE
    assert sorted(os.listdir(root / "behandlingar")) == ["b1.yaml"]


def test_old_problems_do_not_block_an_unrelated_change(make_register: Callable[..., Path]) -> None:
    root = make_register(
        files={"behandlingar/b1.yaml": FILE.replace("kategori: unik", "kategori: x")}
    )
    result = set_values(root, "b1", [("senaste_rsa", "2026-02-01")], today=TODAY)
    assert [p.kod for p in result.remaining] == ["ogiltigt-varde"]


def test_unknown_processing_and_unknown_field(root: Path) -> None:
    with pytest.raises(RegisterError) as error:
        set_values(root, "b11", [("namn", "x")], today=TODAY)
    assert error.value.message == (
        f"behandlingen 'b11' finns inte: {root.as_posix()}/behandlingar/b11.yaml saknas"
        " – menade du 'b1'?"
    )
    with pytest.raises(UsageError) as usage:
        set_values(root, "../b1", [("namn", "x")], today=TODAY)
    assert usage.value.message.startswith("id '../b1' är inget giltigt id")


def test_created_skeleton_validates_once_required_fields_are_filled(
    make_register: Callable[..., Path],
) -> None:
    root = make_register()
    path, missing = create(root, "tk-ny", "obj", kategori="gemensam")
    assert missing == [
        "namn",
        "personuppgifter",
        "registerford",
        "konsekvensbedomning",
        "klassningsprotokoll",
        "systembeskrivning",
    ]
    assert [p.kod for p in load_register(root, today=TODAY).problems] == [
        "fel-typ",
        "fel-typ",
        "fel-typ",
        "ogiltigt-varde",
        "fel-typ",
        "fel-typ",
    ]
    values = ["Ny behandling", "ja", "nej", "ej_tillampligt", "ja", "nej"]
    set_values(root, "tk-ny", list(zip(missing, values, strict=True)), today=TODAY)
    loaded = load_register(root, today=TODAY)
    assert loaded.problems == ()
    assert [b.id for b in loaded.behandlingar] == ["tk-ny"]
    with pytest.raises(RegisterError):
        create(root, "tk-ny", "obj")
    # No schema/ folder in this register: no $schema line for the editor to miss.
    assert path.read_text("utf-8").startswith("# Informationsbehandling i registret")


def test_create_refuses_unknown_objekt_and_kategori(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    with pytest.raises(UsageError) as error:
        create(root, "tk-ny", "objj")
    assert (
        error.value.message == "--objekt: förvaltningsobjektet 'objj' finns inte – menade du 'obj'?"
    )
    with pytest.raises(UsageError) as kategori:
        create(root, "tk-ny", "obj", kategori="Unik")
    assert (
        kategori.value.message == "--kategori: 'Unik' är ingen kategori; välj unik, gemensam, ovrig"
    )
    assert not (root / "behandlingar/tk-ny.yaml").exists()
