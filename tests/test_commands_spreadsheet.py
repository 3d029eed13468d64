"""lgtool import and export: a messy spreadsheet in, the register out and back again."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ORGANISATION, TODAY, behandling, write_register
from lgtool.commands.spreadsheet import export, import_sheet
from lgtool.register import load_register

openpyxl = pytest.importorskip("openpyxl", reason="xlsx needs the optional extra 'excel'")

HEADERS = [
    "Id",
    "Namn",
    "Förvaltningsobjekt",
    "System",
    "Kategori",
    "Personuppgifter",
    "Senaste KLASSA",
    "Senaste RSA",
    "Senaste behörighetskontroll",
    "Registerförd",
    "Konsekvensbedömning",
    "Klassningsprotokoll",
    "Systembeskrivning",
    "Gula",
    "Röda",
    "Kommentar från möte",
]


def _messy_workbook(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Behandlingar 2025"
    sheet["A1"] = "Informationsbehandlingar – Testkontoret (uppdaterad 2025)"
    sheet.merge_cells("A1:P1")
    sheet.append([])
    sheet.append([h.upper() if h == "Namn" else h for h in HEADERS])
    rows: list[list[Any]] = [
        # row 4: a good row with real Excel dates, x for ja, and "Övrig" spelt as people do
        [
            "tk-a",
            "Alfa",
            "obj",
            "AlfaSys",
            "Övrig",
            "x",
            datetime(2025, 3, 1),
            None,
            date(2025, 4, 2),
            "Ja",
            "Ej tillämpligt",
            "ja",
            "nej",
            2,
            1,
            "ok",
        ],
        # row 5: a bad date
        [
            "tk-b",
            "Beta",
            "obj",
            None,
            "unik",
            "nej",
            "2024-13-01",
            None,
            None,
            "nej",
            "nej",
            "nej",
            "nej",
            0,
            0,
            None,
        ],
        # row 6: Swedish date form, serial number, numbers as text, no id (made from the name)
        [
            None,
            "Gamma Östra",
            "obj",
            None,
            "gemensam",
            "ja",
            "1/3/2025",
            45700,
            None,
            "ja",
            "ja",
            "ja",
            "ja",
            "3",
            "0",
            None,
        ],
        # row 7: duplicate id of row 4
        [
            "tk-a",
            "Alfa igen",
            "obj",
            None,
            "unik",
            "ja",
            None,
            None,
            None,
            "ja",
            "ja",
            "ja",
            "ja",
            0,
            0,
            None,
        ],
        # row 8: an impossible category (the objekt is checked once the file is valid)
        [
            "tk-d",
            "Delta",
            "okant",
            None,
            "viktig",
            "ja",
            None,
            None,
            None,
            "ja",
            "ja",
            "ja",
            "ja",
            None,
            None,
            None,
        ],
        # row 9: required cell empty, bad boolean
        [
            "tk-e",
            "Epsilon",
            "obj",
            None,
            None,
            "kanske",
            None,
            None,
            None,
            "ja",
            "ja",
            "ja",
            "ja",
            None,
            None,
            None,
        ],
    ]
    for row in rows:
        sheet.append(row)
    sheet.append([None] * 16)
    sheet.append(["", "  ", None])
    workbook.save(path)


def test_messy_spreadsheet_writes_exactly_the_good_rows(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(files={"schema/behandling.schema.json": "{}\n"})  # so: a $schema line
    sheet = tmp_path / "behandlingar.xlsx"
    _messy_workbook(sheet)
    out = io.StringIO()
    code = import_sheet(
        root, sheet, mapping=None, dry_run=False, overwrite=False, out=out, today=TODAY
    )
    shown = root.as_posix()
    assert out.getvalue() == (
        "Kolumner som inte används: Kommentar från möte\n"
        "rad 5: 'Senaste KLASSA' = '2024-13-01' är inget möjligt datum\n"
        "rad 7: id 'tk-a' finns redan på rad 4; raden hoppas över\n"
        "rad 8: 'Kategori': ogiltigt värde 'viktig' för 'kategori'; tillåtna värden: unik, "
        "gemensam, ovrig\n"
        "rad 9: 'Personuppgifter' = 'kanske' ska vara ja eller nej (x räknas som ja)\n"
        "rad 9: 'Kategori' är tom men 'kategori' är obligatoriskt\n"
        f"Skrev 2 filer i {shown}/behandlingar/; 4 rader skrevs inte (se ovan).\n"
    )
    assert code == 1
    assert sorted(p.name for p in (root / "behandlingar").iterdir()) == [
        "gamma-ostra.yaml",
        "tk-a.yaml",
    ]
    assert (root / "behandlingar/tk-a.yaml").read_text("utf-8") == (
        "# yaml-language-server: $schema=../schema/behandling.schema.json\n"
        "id: tk-a\n"
        "namn: Alfa\n"
        "forvaltningsobjekt: obj\n"
        "system: AlfaSys\n"
        "kategori: ovrig\n"
        "personuppgifter: true\n"
        "senaste_klassa: 2025-03-01\n"
        "senaste_rsa: null\n"
        "senaste_behorighetskontroll: 2025-04-02\n"
        "registerford: true\n"
        "konsekvensbedomning: ej_tillampligt\n"
        "klassningsprotokoll: true\n"
        "systembeskrivning: false\n"
        "handlingsplan:\n"
        "  gula: 2\n"
        "  roda: 1\n"
    )
    loaded = load_register(root, today=TODAY)
    assert loaded.problems == ()
    gamma = next(b for b in loaded.behandlingar if b.id == "gamma-ostra")
    assert (gamma.senaste_klassa, gamma.senaste_rsa) == (date(2025, 3, 1), date(2025, 2, 12))


def test_dry_run_shows_the_files_and_writes_nothing(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    sheet = tmp_path / "blad.csv"
    sheet.write_bytes(
        "Id;Namn;Förvaltningsobjekt;Kategori;Personuppgifter;Registerförd;"
        "Konsekvensbedömning;Klassningsprotokoll;Systembeskrivning;Senaste KLASSA\r\n"
        "b1;Finns;obj;unik;ja;ja;ja;ja;ja;2025-01-10\r\n"
        "b2;Två, med komma;obj;unik;nej;nej;Ej tillämpligt;nej;nej;20250110\r\n".encode("cp1252")
    )
    out = io.StringIO()
    code = import_sheet(root, sheet, mapping=None, dry_run=True, overwrite=False, out=out)
    assert out.getvalue() == (
        f"\n--- {root.as_posix()}/behandlingar/b2.yaml (rad 3, ny fil)\n"
        "id: b2\n"
        '"namn": "Två, med komma"\n'.replace('"namn"', "namn")
        + "forvaltningsobjekt: obj\n"
        "kategori: unik\n"
        "personuppgifter: false\n"
        "senaste_klassa: 2025-01-10\n"
        "senaste_rsa: null\n"
        "senaste_behorighetskontroll: null\n"
        "registerford: false\n"
        "konsekvensbedomning: ej_tillampligt\n"
        "klassningsprotokoll: false\n"
        "systembeskrivning: false\n"
        "\n"
        f"rad 2: {root.as_posix()}/behandlingar/b1.yaml finns redan; använd --skriv-over för att "
        "ersätta den\n"
        f"Skulle skriva 1 fil i {root.as_posix()}/behandlingar/; 1 rad skrevs inte (se ovan).\n"
    )
    assert code == 1
    assert not (root / "behandlingar/b2.yaml").exists()


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("utf-8", ";", b""),
        ("utf-8", ";", b"\xef\xbb\xbf"),
        ("cp1252", ",", b""),
        ("utf-8", ",", b""),
    ],
)
def test_csv_encodings_and_delimiters(
    make_register: Callable[..., Path], tmp_path: Path, encoding: str, delimiter: str, bom: bytes
) -> None:
    root = make_register()
    header = [
        "Id",
        "Namn",
        "Förvaltningsobjekt",
        "Kategori",
        "Personuppgifter",
        "Registerförd",
        "Konsekvensbedömning",
        "Klassningsprotokoll",
        "Systembeskrivning",
    ]
    row = ["tk-ao", "Åtgärder för ö", "obj", "unik", "ja", "ja", "nej", "ja", "ja"]
    text = "\r\n".join(delimiter.join(r) for r in (header, row)) + "\r\n"
    sheet = tmp_path / "blad.csv"
    sheet.write_bytes(bom + text.encode(encoding))
    out = io.StringIO()
    assert import_sheet(root, sheet, mapping=None, dry_run=False, overwrite=False, out=out) == 0
    (loaded,) = load_register(root).behandlingar
    assert loaded.namn == "Åtgärder för ö"


def test_mapping_file_with_own_headers_and_defaults(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register()
    mapping = tmp_path / "mappning.yaml"
    mapping.write_text(
        "id_prefix: tk-\ntom_ja_nej: nej\nstandardvarden:\n  forvaltningsobjekt: obj\n"
        "  konsekvensbedomning: ej_tillampligt\n"
        "kolumner:\n  System/tjänst: namn\n  Prio: kategori\n  PUL: personuppgifter\n"
        "  Reg: registerford\n  Protokoll: klassningsprotokoll\n  Skiss: systembeskrivning\n",
        "utf-8",
    )
    sheet = tmp_path / "blad.csv"
    sheet.write_text("System/tjänst;Prio;PUL;Reg;Protokoll;Skiss\nKameror;Unik;x;;x;\n", "utf-8")
    out = io.StringIO()
    assert import_sheet(root, sheet, mapping=mapping, dry_run=False, overwrite=False, out=out) == 0
    (b,) = load_register(root).behandlingar
    assert (b.id, b.personuppgifter, b.registerford, b.klassningsprotokoll) == (
        "tk-kameror",
        True,
        False,
        True,
    )


def test_bad_mapping_file_names_the_place(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    from lgtool.spreadsheet.mapping import SpreadsheetError, load

    mapping = tmp_path / "m.yaml"
    mapping.write_text("kolumner:\n  Prio: kategorii\n  Plan: handlingsplan\n", "utf-8")
    with pytest.raises(SpreadsheetError) as error:
        load(mapping)
    assert error.value.message == (
        f"{mapping.as_posix()}: kolumnen 'Prio': okänt fält 'kategorii' – menade du 'kategori'?"
    )


# --- export → import gives back the same register (property-based) ------------------

_WORDS = (
    st.text(
        st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=25
    )
    .map(str.strip)
    .filter(bool)
)
_DATES = st.one_of(st.none(), st.dates(date(2000, 1, 1), TODAY).map(date.isoformat))
_LEVEL = st.integers(0, 4)


@st.composite
def _behandling(draw: st.DrawFn, id: str) -> dict[str, Any]:
    data = behandling(
        id,
        namn=draw(_WORDS),
        kategori=draw(st.sampled_from(["unik", "gemensam", "ovrig"])),
        personuppgifter=draw(st.booleans()),
        senaste_klassa=draw(_DATES),
        senaste_rsa=draw(_DATES),
        senaste_behorighetskontroll=draw(_DATES),
        registerford=draw(st.booleans()),
        konsekvensbedomning=draw(st.sampled_from(["ja", "nej", "ej_tillampligt"])),
        klassningsprotokoll=draw(st.booleans()),
        systembeskrivning=draw(st.booleans()),
    )
    optional: dict[str, Any] = {
        "system": _WORDS,
        "natverkszon": _WORDS,
        "klassning": st.fixed_dictionaries(
            {"konfidentialitet": _LEVEL, "riktighet": _LEVEL, "tillganglighet": _LEVEL},
            optional={"sparbarhet": _LEVEL},
        ),
        "roller": st.dictionaries(
            st.sampled_from(["objektagare", "objektledare_it", "objektspecialist"]),
            # '-', '–' and '—' in a role column mean "explicitly no one" (null), so a
            # person cannot be called that in a spreadsheet (docs/redigering.md).
            st.one_of(st.none(), _WORDS.filter(lambda name: name not in {"-", "–", "—"})),
            min_size=1,
        ),
        "handlingsplan": st.fixed_dictionaries(
            {"gula": st.integers(0, 50), "roda": st.integers(0, 50)},
            optional={"per_datum": _DATES.filter(bool)},
        ),
        "kontinuitetsplan": st.booleans(),
        "anteckning": st.lists(_WORDS, min_size=1, max_size=3).map("\n".join),
    }
    del data["handlingsplan"]
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return data


@st.composite
def _registers(draw: st.DrawFn) -> list[Mapping[str, Any]]:
    count = draw(st.integers(1, 4))
    return [draw(_behandling(f"b{i}")) for i in range(count)]


@settings(
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=_registers(), fmt=st.sampled_from(["xlsx", "csv"]))
def test_export_then_import_gives_back_the_same_register(
    tmp_path_factory: pytest.TempPathFactory, items: list[Mapping[str, Any]], fmt: str
) -> None:
    base = tmp_path_factory.mktemp("rundtur")
    source = write_register(base / "fran", behandlingar=items)
    target = write_register(base / "till", organisation=ORGANISATION)
    sheet = base / f"export.{fmt}"
    assert export(source, fmt, sheet, per=TODAY, out=io.StringIO()) == 0
    out = io.StringIO()
    code = import_sheet(target, sheet, mapping=None, dry_run=False, overwrite=False, out=out)
    assert code == 0, out.getvalue()
    before = load_register(source, today=TODAY)
    after = load_register(target, today=TODAY)
    assert after.problems == ()
    assert after.behandlingar == before.behandlingar


# --- merged cells, totals rows, a title row above a CSV table (issue 16) ------------------

_HEADER = (
    "Id",
    "Namn",
    "Förvaltningsobjekt",
    "Kategori",
    "Personuppgifter",
    "Registerförd",
    "Konsekvensbedömning",
    "Klassningsprotokoll",
    "Systembeskrivning",
)


def _row(behandling_id: str, objekt: str | None = "obj") -> list[str | None]:
    return [
        *(behandling_id, f"Behandling {behandling_id}", objekt, "unik"),
        *("ja", "ja", "nej", "ja", "ja"),
    ]


def test_a_vertically_merged_cell_is_filled_down(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    root = make_register(
        organisation={
            **ORGANISATION,
            "forvaltningsobjekt": [
                *ORGANISATION["forvaltningsobjekt"],
                {"id": "ovr", "namn": "Övrigt"},
            ],
        }
    )
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Behandlingar per förvaltningsobjekt"])  # a title merged across: left alone
    sheet.merge_cells("A1:I1")
    sheet.append(list(_HEADER))
    for behandling_id, objekt in (("a1", "obj"), ("a2", None), ("a3", None), ("a4", "ovr")):
        sheet.append(_row(behandling_id, objekt))
    sheet.merge_cells("C3:C5")  # "obj" shown beside a1, a2 and a3
    path = tmp_path / "blad.xlsx"
    workbook.save(path)
    out = io.StringIO()
    code = import_sheet(root, path, mapping=None, dry_run=False, overwrite=False, out=out)
    assert (code, out.getvalue()) == (0, f"Skrev 4 filer i {root.as_posix()}/behandlingar/.\n")
    found = {b.id: b.forvaltningsobjekt for b in load_register(root).behandlingar}
    assert found == {"a1": "obj", "a2": "obj", "a3": "obj", "a4": "ovr"}


@pytest.mark.parametrize("word", ["Summa", "Totalt:", "TOTALT 2 behandlingar", "summering"])
def test_a_totals_row_is_skipped_and_said(
    make_register: Callable[..., Path], tmp_path: Path, word: str
) -> None:
    root = make_register()
    rows: list[list[str | None]] = [list(_HEADER), _row("a1"), _row("a2")]
    rows.append([word, "", "", "", "2", "2", "", "2", "2"])
    sheet = tmp_path / "blad.csv"
    sheet.write_text("".join(";".join(c or "" for c in r) + "\r\n" for r in rows), "utf-8")
    out = io.StringIO()
    code = import_sheet(root, sheet, mapping=None, dry_run=False, overwrite=False, out=out)
    assert (code, out.getvalue()) == (
        0,
        f"rad 4: '{word}' är en summeringsrad och hoppas över\n"
        f"Skrev 2 filer i {root.as_posix()}/behandlingar/.\n",
    )


def test_a_title_row_with_commas_does_not_decide_the_delimiter(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_register()
    lines = [
        "Behandlingar, Trafikkontoret, 2025",
        ";".join(_HEADER),
        ";".join(c or "" for c in _row("a1")),
        ";".join(c or "" for c in _row("a2")),
    ]
    sheet = tmp_path / "blad.csv"
    sheet.write_text("\n".join(lines) + "\n", "utf-8")
    out = io.StringIO()
    code = import_sheet(root, sheet, mapping=None, dry_run=False, overwrite=False, out=out)
    assert (code, out.getvalue()) == (0, f"Skrev 2 filer i {root.as_posix()}/behandlingar/.\n")
    assert sorted(b.id for b in load_register(root).behandlingar) == ["a1", "a2"]
