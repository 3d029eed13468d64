"""``lgtool status`` and ``lgtool prioritering`` end to end: whole outputs, exit codes, goldens.

The small register below is computed by hand at R = 2026-11-29:

- b2 "Bokning | avbokning" (obj, no system, gemensam): no personal data, KLASSA 2025-11-28
  (one day past 12 months: förfallen), no handlingsplan, no zone (none applies without
  an IT system), objektägare un-named on the processing itself.
- b1 (obj, system Alfa, unik): everything in order, K2 in zone Z2.
- b3 (ovr, unik, system Beta): RSA never done, DPIA nej, K3 placed in Z2, 2 yellow and
  1 red; the objekt has no objektledare IT but the processing names its own.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from conftest import (
    DROP,
    EXAMPLE_REGISTER,
    ORGANISATION,
    REPO,
    Run,
    assert_golden,
    behandling,
    run_cli,
)
from lgtool.commands.status import status as status_command
from lgtool.options import StatusOptions

R = "2026-11-29"
GOLDEN = Path(__file__).parent / "golden" / "status"
ZONES = {0: "Z1", 1: "Z1", 2: "Z2", 3: "Z3", 4: "Z4"}

MakeRegister = Callable[..., Path]


def organisation(*, zones: bool = True) -> dict[str, Any]:
    """Two objekt; the zone check on or off."""
    return {
        "organisation": "Testkontoret",
        "policy": {"zon_for_konfidentialitet": ZONES} if zones else {},
        "forvaltningsobjekt": [
            ORGANISATION["forvaltningsobjekt"][0],
            {
                "id": "ovr",
                "namn": "Övrigt",
                "roller": {
                    "objektagare": "Åsa Ägare",
                    "objektledare_verksamhet": "Vilma Verksamhet",
                    "objektledare_it": None,
                },
            },
        ],
    }


def levels(konfidentialitet: int) -> dict[str, int]:
    """A KLASSA result with this confidentiality level."""
    return {"konfidentialitet": konfidentialitet, "riktighet": 1, "tillganglighet": 1}


SMALL = [
    behandling("b1", system="Alfa", klassning=levels(2), natverkszon="Z2"),
    behandling(
        "b2",
        namn="Bokning | avbokning",
        kategori="gemensam",
        personuppgifter=False,
        registerford=False,
        senaste_klassa="2025-11-28",
        handlingsplan=DROP,
        roller={"objektagare": None},
    ),
    behandling(
        "b3",
        forvaltningsobjekt="ovr",
        system="Beta",
        senaste_rsa=None,
        konsekvensbedomning="nej",
        klassning=levels(3),
        natverkszon="Z2",
        roller={"objektledare_it": "Nils Nilsson"},
        handlingsplan={"gula": 2, "roda": 1},
    ),
]


@pytest.fixture(autouse=True)
def today_is_r(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is R: the working tree is the basis (a past R is answered from git history,
    tests/test_asof.py), whatever the machine's clock says."""
    monkeypatch.setenv("LGTOOL_IDAG", R)


@pytest.fixture
def small(make_register: MakeRegister) -> Path:
    """The small register, zone check on."""
    return make_register(organisation=organisation(), behandlingar=SMALL)


def status(register: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """``lgtool status -r REGISTER --per R ARGS``."""
    return run_cli("status", "-r", str(register), "--per", R, *args, env=env)


def status_json(register: Path, *args: str) -> Any:
    """The parsed ``--format json`` output (which must exit 0 and write nothing to stderr)."""
    result = status(register, "--format", "json", *args)
    assert (result.code, result.err) == (0, "")
    return json.loads(result.out)


def rstripped(text: str) -> str:
    """``text`` without the padding rich leaves at the end of each line."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def dated(status: str, datum: str | None = "2026-01-10") -> dict[str, Any]:
    """A dated checkpoint as in the JSON."""
    return {"status": status, "datum": datum}


def counts(**values: int) -> dict[str, int]:
    """A count mapping, keys in the order given."""
    return dict(values)


# --- JSON -------------------------------------------------------------------------------

B2_JSON: dict[str, Any] = {
    "id": "b2",
    "namn": "Bokning | avbokning",
    "forvaltningsobjekt": "obj",
    "system": None,
    "kategori": "gemensam",
    "kontrollpunkter": {
        "klassa": dated("forfallen", "2025-11-28"),
        "rsa": dated("aktuell"),
        "behorighetskontroll": dated("aktuell"),
        "registerford": "ej_tillampligt",
        "konsekvensbedomning": "ej_tillampligt",
        "klassningsprotokoll": "ja",
        "systembeskrivning": "ja",
        "roller": {"status": "nej", "saknas": ["objektagare"]},
        "natverkszon": "ej_tillampligt",
        "gula": None,
        "roda": None,
    },
    "avvikelse": True,
    "avvikelser": ["klassa", "roller", "handlingsplan"],
}
B1_JSON: dict[str, Any] = {
    "id": "b1",
    "namn": "Behandling b1",
    "forvaltningsobjekt": "obj",
    "system": "Alfa",
    "kategori": "unik",
    "kontrollpunkter": {
        "klassa": dated("aktuell"),
        "rsa": dated("aktuell"),
        "behorighetskontroll": dated("aktuell"),
        "registerford": "ja",
        "konsekvensbedomning": "ej_tillampligt",
        "klassningsprotokoll": "ja",
        "systembeskrivning": "ja",
        "roller": {"status": "ja", "saknas": []},
        "natverkszon": "ja",
        "gula": 0,
        "roda": 0,
    },
    "avvikelse": False,
    "avvikelser": [],
}
B3_JSON: dict[str, Any] = {
    "id": "b3",
    "namn": "Behandling b3",
    "forvaltningsobjekt": "ovr",
    "system": "Beta",
    "kategori": "unik",
    "kontrollpunkter": {
        "klassa": dated("aktuell"),
        "rsa": dated("saknas", None),
        "behorighetskontroll": dated("aktuell"),
        "registerford": "ja",
        "konsekvensbedomning": "nej",
        "klassningsprotokoll": "ja",
        "systembeskrivning": "ja",
        "roller": {"status": "ja", "saknas": []},
        "natverkszon": "nej",
        "gula": 2,
        "roda": 1,
    },
    "avvikelse": True,
    "avvikelser": ["rsa", "konsekvensbedomning", "natverkszon", "gula", "roda"],
}
SUMMERING_OBJ: dict[str, Any] = {
    "antal": 2,
    "avvikelser": 1,
    "klassa": counts(aktuell=1, forfallen=1, saknas=0, okand=0),
    "rsa": counts(aktuell=2, forfallen=0, saknas=0, okand=0),
    "behorighetskontroll": counts(aktuell=2, forfallen=0, saknas=0, okand=0),
    "registerford": counts(ja=1, nej=0, ej_tillampligt=1),
    "konsekvensbedomning": counts(ja=0, nej=0, ej_tillampligt=2),
    "klassningsprotokoll": counts(ja=2, nej=0),
    "systembeskrivning": counts(ja=2, nej=0),
    "roller": counts(ja=1, nej=1),
    "natverkszon": counts(ja=1, nej=0, saknas=0, ej_tillampligt=1),
    "gula": 0,
    "roda": 0,
    "utan_handlingsplan": 1,
}
SUMMERING_OVR: dict[str, Any] = {
    "antal": 1,
    "avvikelser": 1,
    "klassa": counts(aktuell=1, forfallen=0, saknas=0, okand=0),
    "rsa": counts(aktuell=0, forfallen=0, saknas=1, okand=0),
    "behorighetskontroll": counts(aktuell=1, forfallen=0, saknas=0, okand=0),
    "registerford": counts(ja=1, nej=0, ej_tillampligt=0),
    "konsekvensbedomning": counts(ja=0, nej=1, ej_tillampligt=0),
    "klassningsprotokoll": counts(ja=1, nej=0),
    "systembeskrivning": counts(ja=1, nej=0),
    "roller": counts(ja=1, nej=0),
    "natverkszon": counts(ja=0, nej=1, saknas=0, ej_tillampligt=0),
    "gula": 2,
    "roda": 1,
    "utan_handlingsplan": 0,
}
SUMMERING_ALLA: dict[str, Any] = {
    "antal": 3,
    "avvikelser": 2,
    "klassa": counts(aktuell=2, forfallen=1, saknas=0, okand=0),
    "rsa": counts(aktuell=2, forfallen=0, saknas=1, okand=0),
    "behorighetskontroll": counts(aktuell=3, forfallen=0, saknas=0, okand=0),
    "registerford": counts(ja=2, nej=0, ej_tillampligt=1),
    "konsekvensbedomning": counts(ja=0, nej=1, ej_tillampligt=2),
    "klassningsprotokoll": counts(ja=3, nej=0),
    "systembeskrivning": counts(ja=3, nej=0),
    "roller": counts(ja=2, nej=1),
    "natverkszon": counts(ja=1, nej=1, saknas=0, ej_tillampligt=1),
    "gula": 2,
    "roda": 1,
    "utan_handlingsplan": 1,
}


UNDERLAG: dict[str, Any] = {
    "kalla": "arbetskopian",
    "commit": None,
    "commit_datum": None,
    "senare_registrerade_datum": 0,
    "utelamnade_behandlingar": [],
    "fel_i_commit": 0,
    "anledning": "per_ej_passerat",
}
"""The basis at today's date: the working tree."""


NYCKELTAL_UTAN_AR = {
    "klassa_aktuell": {"antal": 2, "av": 3},
    "rsa_aktuell": {"antal": 2, "av": 3},
    "behorighetskontroll_aktuell": {"antal": 3, "av": 3},
    "registerford": {"antal": 2, "av": 2},
    "konsekvensbedomning": {"antal": 0, "av": 1},
    "klassningsprotokoll": {"antal": 3, "av": 3},
    "systembeskrivning": {"antal": 3, "av": 3},
    "roller_namnsatta": {"antal": 2, "av": 3},
    "natverkszon_ratt": {"antal": 1, "av": 2},
    "utan_avvikelse": {"antal": 1, "av": 3},
    "gula": {"antal": 2, "av": None},
    "roda": {"antal": 1, "av": None},
    "utbildning_informationssakerhet": {"antal": None, "av": None},
    "utbildning_dataskydd": {"antal": None, "av": None},
    "upphandlingar_klassade": {"antal": None, "av": None},
}
"""The key figures of the small register, which has no year file (nothing from it)."""


def test_json_full_output(small: Path) -> None:
    assert status_json(small) == {
        "per": R,
        "organisation": "Testkontoret",
        "underlag": UNDERLAG,
        "behandlingar": [B2_JSON, B1_JSON, B3_JSON],  # objekt order, then system (none first)
        "summering": {
            **SUMMERING_ALLA,
            "per_forvaltningsobjekt": {"obj": SUMMERING_OBJ, "ovr": SUMMERING_OVR},
        },
        "nyckeltal": NYCKELTAL_UTAN_AR,
        "mal": [],
    }


def test_json_keys_are_in_the_documented_order(small: Path) -> None:
    data = status_json(small)
    assert list(data) == [
        "per",
        "organisation",
        "underlag",
        "behandlingar",
        "summering",
        "nyckeltal",
        "mal",
    ]
    assert list(data["underlag"]) == list(UNDERLAG)
    assert list(data["behandlingar"][0]) == list(B2_JSON)
    assert list(data["behandlingar"][0]["kontrollpunkter"]) == list(B2_JSON["kontrollpunkter"])
    assert list(data["summering"]) == [*SUMMERING_ALLA, "per_forvaltningsobjekt"]


def test_json_is_indented_utf8_with_swedish_letters_as_they_are(
    make_register: MakeRegister,
) -> None:
    register = make_register(behandlingar=[behandling("b1", namn="Åtkomst till väg")])
    out = status(register, "-f", "json").out
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(out)["behandlingar"][0]["namn"] == "Åtkomst till väg"
    assert '"namn": "Åtkomst till väg"' in out


def without_zone(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every ``natverkszon`` key removed, at any depth."""
    return {
        k: without_zone(v) if isinstance(v, dict) else v
        for k, v in data.items()
        if k != "natverkszon"
    }


def test_json_without_zone_check_has_no_natverkszon_anywhere(make_register: MakeRegister) -> None:
    register = make_register(organisation=organisation(zones=False), behandlingar=SMALL)
    b2, b1, b3 = (without_zone(b) for b in (B2_JSON, B1_JSON, B3_JSON))
    b2["avvikelser"] = ["klassa", "roller", "handlingsplan"]
    b3["avvikelser"] = ["rsa", "konsekvensbedomning", "gula", "roda"]
    assert status_json(register) == {
        "per": R,
        "organisation": "Testkontoret",
        "underlag": UNDERLAG,
        "behandlingar": [b2, b1, b3],
        "summering": {
            **without_zone(SUMMERING_ALLA),
            "per_forvaltningsobjekt": {
                "obj": without_zone(SUMMERING_OBJ),
                "ovr": without_zone(SUMMERING_OVR),
            },
        },
        "nyckeltal": {k: v for k, v in NYCKELTAL_UTAN_AR.items() if k != "natverkszon_ratt"},
        "mal": [],
    }


def test_prioritering_json_full_output(make_register: MakeRegister) -> None:
    register = make_register(
        organisation=organisation(),
        behandlingar=[
            *SMALL,
            behandling("b4", kategori="ovrig", senaste_klassa=None),
            behandling("b5", kategori="unik", senaste_klassa="2024-02-29", klassning=levels(1)),
        ],
    )
    result = run_cli("prioritering", "-r", str(register), "--per", R, "--format", "json")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == {
        "per": R,
        "underlag": UNDERLAG,
        "okand_klassa": 0,
        "behandlingar": [
            {
                "id": "b5",
                "namn": "Behandling b5",
                "forvaltningsobjekt": "obj",
                "kategori": "unik",
                "klassa": {"status": "forfallen", "datum": "2024-02-29"},
                "konfidentialitet": 1,
            },
            {
                "id": "b2",
                "namn": "Bokning | avbokning",
                "forvaltningsobjekt": "obj",
                "kategori": "gemensam",
                "klassa": {"status": "forfallen", "datum": "2025-11-28"},
                "konfidentialitet": None,
            },
            {
                "id": "b4",
                "namn": "Behandling b4",
                "forvaltningsobjekt": "obj",
                "kategori": "ovrig",
                "klassa": {"status": "saknas", "datum": None},
                "konfidentialitet": None,
            },
        ],
    }


# --- CSV --------------------------------------------------------------------------------

CSV_HEADER = (
    "\ufeffid;namn;forvaltningsobjekt;system;kategori;"
    "kontrollpunkter.klassa.status;kontrollpunkter.klassa.datum;"
    "kontrollpunkter.rsa.status;kontrollpunkter.rsa.datum;"
    "kontrollpunkter.behorighetskontroll.status;kontrollpunkter.behorighetskontroll.datum;"
    "kontrollpunkter.registerford;kontrollpunkter.konsekvensbedomning;"
    "kontrollpunkter.klassningsprotokoll;kontrollpunkter.systembeskrivning;"
    "kontrollpunkter.roller.status;kontrollpunkter.roller.saknas;"
    "kontrollpunkter.natverkszon;kontrollpunkter.gula;kontrollpunkter.roda;"
    "avvikelse;avvikelser\n"
)


CSV = CSV_HEADER + (
    "b2;Bokning | avbokning;obj;;gemensam;forfallen;2025-11-28;aktuell;2026-01-10;"
    "aktuell;2026-01-10;ej_tillampligt;ej_tillampligt;ja;ja;nej;objektagare;ej_tillampligt;;;"
    "ja;klassa, roller, handlingsplan\n"
    "b1;Behandling b1;obj;Alfa;unik;aktuell;2026-01-10;aktuell;2026-01-10;"
    "aktuell;2026-01-10;ja;ej_tillampligt;ja;ja;ja;;ja;0;0;nej;\n"
    "b3;Behandling b3;ovr;Beta;unik;aktuell;2026-01-10;saknas;;"
    "aktuell;2026-01-10;ja;nej;ja;ja;ja;;nej;2;1;"
    "ja;rsa, konsekvensbedomning, natverkszon, gula, roda\n"
)


def test_csv_full_output(small: Path) -> None:
    result = status(small, "--format", "csv")
    assert (result.code, result.err, result.out) == (0, "", CSV)


def test_csv_lines_end_in_crlf(small: Path) -> None:
    # run_cli reads universal newlines, as subprocess.run(text=True) does.
    out = io.StringIO(newline="")
    options = StatusOptions(register=small, per=date.fromisoformat(R), format="csv", cache=False)
    assert status_command(options, out) == 0
    assert out.getvalue() == CSV.replace("\n", "\r\n")


def test_csv_without_zone_check_has_no_zone_column(make_register: MakeRegister) -> None:
    register = make_register(organisation=organisation(zones=False), behandlingar=SMALL[:1])
    result = status(register, "--format", "csv")
    assert result.out == CSV_HEADER.replace("kontrollpunkter.natverkszon;", "") + (
        "b1;Behandling b1;obj;Alfa;unik;aktuell;2026-01-10;aktuell;2026-01-10;"
        "aktuell;2026-01-10;ja;ej_tillampligt;ja;ja;ja;;0;0;nej;\n"
    )


# --- Markdown ---------------------------------------------------------------------------

HEADER_ROW = "| Behandling | KL | RSA | BK | Reg | KB | Pro | Bes | Rol | Zon | Gul | Röd |"
ALIGN_ROW = "|---|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|--:|--:|"
LEGEND = (
    "Teckenförklaring: ✓ aktuell/ja   ! förfallen   ✗ saknas/nej   "
    "– ej tillämpligt/ingen handlingsplan. KL = KLASSA (informationsklassning); "
    "RSA = risk- och sårbarhetsanalys; BK = behörighetskontroll; "
    "Reg = registerförd enligt GDPR; KB = konsekvensbedömning (GDPR); "
    "Pro = informationsklassningsprotokoll finns; Bes = systemskiss/beskrivning finns; "
    "Rol = ansvarsroller namnsatta enligt pm3; Zon = nätverkssäkerhetszon enligt klassningen; "
    "Gul = ohanterade gula punkter (uppfyller delvis); "
    "Röd = ohanterade röda punkter (uppfyller inte alls).\n"
)
MARKDOWN = f"""\
## Informationssäkerhetsläget – Testkontoret

Per 2026-11-29: 3 behandlingar, 2 med avvikelser.

### Objektet

{HEADER_ROW}
{ALIGN_ROW}
| Bokning \\| avbokning | ! 2025-11-28 | ✓ 2026-01-10 | ✓ 2026-01-10 | – | – | ✓ | ✓ | ✗ | – | – | – |
| Behandling b1 (Alfa) | ✓ 2026-01-10 | ✓ 2026-01-10 | ✓ 2026-01-10 | ✓ | – | ✓ | ✓ | ✓ | ✓ | 0 | 0 |

### Övrigt

{HEADER_ROW}
{ALIGN_ROW}
| Behandling b3 (Beta) | ✓ 2026-01-10 | ✗ saknas | ✓ 2026-01-10 | ✓ | ✗ | ✓ | ✓ | ✓ | ✗ | 2 | 1 |

{LEGEND}
Totalt: KLASSA aktuell 2/3, RSA aktuell 2/3, behörighetskontroll aktuell 3/3, \
utan avvikelse 1/3, gula 2, röda 1, utan handlingsplan 1.
"""  # noqa: E501 - a Markdown table row is one line


def test_markdown_full_output(small: Path) -> None:
    result = status(small, "--format", "markdown")
    assert (result.code, result.err, result.out) == (0, "", MARKDOWN)


def cells(row: str) -> list[str]:
    """The cells of a GitHub-flavoured Markdown table row; ``\\|`` does not split."""
    assert row.startswith("| ") or row.startswith("|-"), row
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_pipe_in_a_name_does_not_break_the_table(make_register: MakeRegister) -> None:
    names = ["A | B", "|", "slut |", "C \\| D", "E\\|F"]
    register = make_register(
        organisation=organisation(),
        behandlingar=[behandling(f"b{i}", namn=n) for i, n in enumerate(names)],
    )
    out = status(register, "-f", "markdown").out
    rows = [line for line in out.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + len(names)
    assert {len(cells(row)) for row in rows} == {12}
    shown = [cells(row)[0].strip() for row in rows[2:]]
    assert shown == ["A \\| B", "\\|", "slut \\|", "C \\\\\\| D", "E\\\\\\|F"]
    assert rendered_rows(out) == [
        ["Behandling", "KL", "RSA", "BK", "Reg", "KB", "Pro", "Bes", "Rol", "Zon", "Gul", "Röd"],
        *([name, *IN_ORDER] for name in names),
    ]


IN_ORDER = ["✓ 2026-01-10"] * 3 + ["✓", "–", "✓", "✓", "✓", "–", "0", "0"]
"""A conftest processing's cells in Markdown: in order; no IT system, so no zone to check."""


def rendered_rows(markdown: str) -> list[list[str]]:
    """Every table row's cells as a CommonMark+GFM-tables parser reads them (markdown-it)."""
    rows: list[list[str]] = []
    in_cell = False
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = token.type.endswith("_open")
        elif token.type == "inline" and in_cell:
            rows[-1].append("".join(child.content for child in token.children or []))
    return rows


# --- the terminal table ----------------------------------------------------------------


def golden_text(name: str) -> str:
    """A golden file's text (tests/golden/NAME)."""
    return (REPO / "tests" / "golden" / name).read_text(encoding="utf-8")


def test_table_full_output_at_80_columns(small: Path) -> None:
    result = status(small, env={"COLUMNS": "80"})
    assert (result.code, result.err) == (0, "")
    assert_golden("status/small-80.txt", rstripped(result.out))
    assert max(len(line) for line in result.out.splitlines()) <= 80


def test_table_without_zone_check_has_no_zone_column(make_register: MakeRegister) -> None:
    register = make_register(organisation=organisation(zones=False), behandlingar=SMALL[:2])
    result = status(register, env={"COLUMNS": "80"})
    assert result.code == 0
    assert_golden("status/small-utan-zon-80.txt", rstripped(result.out))


@pytest.mark.parametrize("columns", [80, 160])
def test_example_register_table_golden(columns: int) -> None:
    result = run_cli(
        "status", "-r", str(EXAMPLE_REGISTER), "--per", R, env={"COLUMNS": str(columns)}
    )
    assert (result.code, result.err) == (0, "")
    assert_golden(f"status/exempel-{columns}.txt", result.out)
    assert max(len(line) for line in result.out.splitlines()) <= columns


def test_avvikelser_names_the_filter_and_counts_out_of_all() -> None:
    # Not "utan avvikelse 0/25": the footer counts the deviations out of every processing.
    result = run_cli(
        *("status", "-r", str(EXAMPLE_REGISTER), "--per", R, "--avvikelser"),
        env={"COLUMNS": "100"},
    )
    assert (result.code, result.err) == (0, "")
    assert_golden("status/exempel-avvikelser-100.txt", result.out)
    markdown = run_cli(
        *("status", "-r", str(EXAMPLE_REGISTER), "--per", R, "--avvikelser", "-f", "markdown")
    )
    assert (markdown.code, markdown.err) == (0, "")
    assert_golden("status/exempel-avvikelser.md", markdown.out)


def test_example_register_ids_are_whole_at_160_columns() -> None:
    out = (GOLDEN / "exempel-160.txt").read_text(encoding="utf-8")
    shown = {line.split()[0] for line in out.splitlines() if line.startswith(" tk-")}
    ids = {p.stem for p in (EXAMPLE_REGISTER / "behandlingar").glob("*.yaml")}
    assert ids - shown == set()


def test_nothing_selected(small: Path) -> None:
    result = status(small, "--kategori", "ovrig")
    assert (result.code, result.err, result.out) == (
        0,
        "",
        "Informationssäkerhetsläget – Testkontoret, per 2026-11-29\n"
        "Inga behandlingar matchar urvalet.\n",
    )


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "Totalt 1 behandling:"),
        ("markdown", "Per 2026-11-29: 1 behandling, 1 med avvikelser."),
    ],
)
def test_one_processing_is_singular(small: Path, fmt: str, expected: str) -> None:
    lines = status(small, "--objekt", "ovr", "-f", fmt).out.splitlines()
    assert expected in [line.rstrip() for line in lines]


# --- filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["b2", "b1", "b3"]),
        (["--objekt", "obj"], ["b2", "b1"]),
        (["--objekt", "ovr"], ["b3"]),
        (["--objekt", "ovr", "--objekt", "obj"], ["b2", "b1", "b3"]),
        (["--kategori", "gemensam"], ["b2"]),
        (["--kategori", "unik"], ["b1", "b3"]),
        (["--kategori", "unik", "--kategori", "gemensam"], ["b2", "b1", "b3"]),
        (["--kategori", "ovrig"], []),
        (["--avvikelser"], ["b2", "b3"]),
        (["--avvikelser", "--objekt", "obj"], ["b2"]),
        (["--avvikelser", "--kategori", "unik"], ["b3"]),
    ],
)
def test_filters(small: Path, args: list[str], expected: list[str]) -> None:
    data = status_json(small, *args)
    assert [b["id"] for b in data["behandlingar"]] == expected
    assert data["summering"]["antal"] == len(expected)
    objekt = [b["forvaltningsobjekt"] for b in data["behandlingar"]]
    assert list(data["summering"]["per_forvaltningsobjekt"]) == list(dict.fromkeys(objekt))


def test_filtered_summary_counts_only_the_selection(small: Path) -> None:
    data = status_json(small, "--objekt", "ovr")
    assert data["summering"] == {**SUMMERING_OVR, "per_forvaltningsobjekt": {"ovr": SUMMERING_OVR}}


# --- exit codes ------------------------------------------------------------------------

IN_ZONE: dict[str, Any] = {"system": "Alfa", "klassning": levels(2), "natverkszon": "Z2"}
FAIL_CASES: dict[str, dict[str, Any]] = {
    "i-ordning": {},
    "forfallen": {"senaste_behorighetskontroll": "2025-11-28"},
    "saknas": {"senaste_rsa": None},
    "zon-saknas": {"natverkszon": None},
    "roda": {"handlingsplan": {"gula": 0, "roda": 1}},
    "gula": {"handlingsplan": {"gula": 1, "roda": 0}},
    "utan-handlingsplan": {"handlingsplan": None},
    "nej": {"systembeskrivning": False},
}


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        ("i-ordning", None, 0),
        ("i-ordning", "forfallen", 0),
        ("i-ordning", "saknas", 0),
        ("i-ordning", "roda", 0),
        ("i-ordning", "avvikelse", 0),
        ("forfallen", None, 0),
        ("forfallen", "forfallen", 1),
        ("forfallen", "saknas", 0),
        ("forfallen", "roda", 0),
        ("forfallen", "avvikelse", 1),
        ("saknas", "forfallen", 0),
        ("saknas", "saknas", 1),
        ("saknas", "avvikelse", 1),
        ("zon-saknas", "saknas", 1),
        ("roda", "roda", 1),
        ("roda", "forfallen", 0),
        ("roda", "avvikelse", 1),
        ("gula", "roda", 0),
        ("gula", "avvikelse", 1),
        ("utan-handlingsplan", "roda", 0),
        ("utan-handlingsplan", "avvikelse", 1),
        ("nej", "saknas", 0),
        ("nej", "avvikelse", 1),
    ],
)
def test_fail_on(make_register: MakeRegister, case: str, fail_on: str | None, code: int) -> None:
    register = make_register(
        organisation=organisation(),
        behandlingar=[
            behandling("ok", **IN_ZONE),
            behandling("x", **{**IN_ZONE, **FAIL_CASES[case]}),
        ],
    )
    args = ["--fail-on", fail_on] if fail_on else []
    result = status(register, "-f", "json", *args)
    assert (result.code, result.err) == (code, "")
    assert [b["id"] for b in json.loads(result.out)["behandlingar"]] == ["ok", "x"]


def test_fail_on_looks_only_at_the_selection(make_register: MakeRegister) -> None:
    register = make_register(
        organisation=organisation(),
        behandlingar=[
            behandling("ok", **IN_ZONE),
            behandling("x", forvaltningsobjekt="ovr", senaste_klassa=None),
        ],
    )
    assert status(register, "--fail-on", "saknas", "--objekt", "obj").code == 0
    assert status(register, "--fail-on", "saknas", "--objekt", "ovr").code == 1


@pytest.mark.parametrize(
    ("args", "err"),
    [
        (["--per", "2026-02-30"], "fel: --per: '2026-02-30' är inget datum; skriv ÅÅÅÅ-MM-DD\n"),
        (["--per", "29/11/2026"], "fel: --per: '29/11/2026' är inget datum; skriv ÅÅÅÅ-MM-DD\n"),
        (
            ["--objekt", "parkering"],
            "fel: --objekt: förvaltningsobjektet 'parkering' finns inte; finns: obj, ovr\n",
        ),
        (
            ["--objekt", "obj", "--objekt", "Obj"],
            "fel: --objekt: förvaltningsobjektet 'Obj' finns inte; finns: obj, ovr\n",
        ),
        (
            ["--kategori", "övrig"],
            "fel: --kategori: 'övrig' är ingen kategori; välj unik, gemensam, ovrig\n",
        ),
        (
            ["--format", "xml"],
            "fel: ogiltigt värde 'xml' för --format; tillåtna värden: "
            "'table', 'json', 'csv', 'markdown'\n"
            "Se 'lgtool status --help'.\n",
        ),
        (
            ["--fail-on", "gula"],
            "fel: ogiltigt värde 'gula' för --fail-on; tillåtna värden: "
            "'forfallen', 'saknas', 'roda', 'avvikelse', 'mal'\n"
            "Se 'lgtool status --help'.\n",
        ),
    ],
)
def test_usage_errors_exit_2(small: Path, args: list[str], err: str) -> None:
    result = run_cli("status", "-r", str(small), *args)
    assert (result.code, result.out, result.err) == (2, "", err)


# --- a register with a broken file ------------------------------------------------------

BROKEN = (
    "id: b9\nnamn: Trasig\nsenaste_klassa: 2026-13-01\nsenaste_rsa: null\n"
    "senaste_behorighetskontroll: null\n"
)
PROBLEMS = """\
register/behandlingar/b9.yaml:1:1: fel: obligatoriskt fält 'forvaltningsobjekt' saknas
register/behandlingar/b9.yaml:1:1: fel: obligatoriskt fält 'kategori' saknas
register/behandlingar/b9.yaml:1:1: fel: obligatoriskt fält 'klassningsprotokoll' saknas
register/behandlingar/b9.yaml:1:1: fel: obligatoriskt fält 'konsekvensbedomning' saknas
register/behandlingar/b9.yaml:1:1: fel: obligatoriskt fält 'personuppgifter' saknas
register/behandlingar/b9.yaml:1:1: fel: obligatoriskt fält 'registerford' saknas
register/behandlingar/b9.yaml:1:1: fel: obligatoriskt fält 'systembeskrivning' saknas
register/behandlingar/b9.yaml:3:17: fel: 'senaste_klassa': '2026-13-01' är inget möjligt datum
"""
PROBLEMS_HEADING = "Registret har 8 fel i 1 fil (visas som i lgtool validate):\n"


@pytest.fixture
def broken(make_register: MakeRegister) -> Path:
    """The small register plus behandlingar/b9.yaml with eight problems; its parent is cwd."""
    return make_register(
        organisation=organisation(), behandlingar=SMALL, files={"behandlingar/b9.yaml": BROKEN}
    )


def test_broken_file_table_then_problems_as_validate_prints_them(broken: Path) -> None:
    result = run_cli(
        "status", "-r", "register", "--per", R, cwd=broken.parent, env={"COLUMNS": "80"}
    )
    validate = run_cli("validate", "-r", "register", cwd=broken.parent)
    assert (result.code, result.err) == (1, "")
    expected = golden_text("status/small-80.txt") + "\n" + PROBLEMS_HEADING + PROBLEMS
    assert rstripped(result.out) == expected
    assert (validate.code, validate.out) == (1, PROBLEMS + "8 fel i 1 fil.\n")


def test_broken_file_json_has_the_valid_processings_and_problems_on_stderr(broken: Path) -> None:
    result = run_cli("status", "-r", "register", "--per", R, "-f", "json", cwd=broken.parent)
    assert (result.code, result.err) == (1, PROBLEMS_HEADING + PROBLEMS)
    assert json.loads(result.out)["behandlingar"] == [B2_JSON, B1_JSON, B3_JSON]


def test_broken_file_csv_has_the_valid_processings_and_problems_on_stderr(broken: Path) -> None:
    result = run_cli("status", "-r", "register", "--per", R, "-f", "csv", cwd=broken.parent)
    assert (result.code, result.err, result.out) == (1, PROBLEMS_HEADING + PROBLEMS, CSV)


def test_broken_file_markdown_lists_problems_after_the_document(broken: Path) -> None:
    result = run_cli("status", "-r", "register", "--per", R, "-f", "markdown", cwd=broken.parent)
    assert (result.code, result.err) == (1, "")
    assert result.out == MARKDOWN + "\n" + PROBLEMS_HEADING + PROBLEMS


def test_broken_file_with_fail_on_met_still_exits_1(broken: Path) -> None:
    result = run_cli("status", "-r", "register", "--per", R, "--fail-on", "roda", cwd=broken.parent)
    assert result.code == 1


def test_broken_organisation_stops_status(make_register: MakeRegister) -> None:
    register = make_register(organisation="organisation: [\n", behandlingar=SMALL)
    result = status(register)
    assert (result.code, result.out, result.err) == (
        1,
        "",
        "fel: organisation.yaml har fel eller saknas; rätta den först (lgtool validate)\n",
    )


# --- docs/json.md ------------------------------------------------------------------------


def keys(data: Any) -> set[str]:
    """Every key in a JSON value, at any depth."""
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in keys(v)}
    return set()


def test_docs_json_describes_every_field(small: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    prioritering = run_cli("prioritering", "-r", str(small), "--per", R, "-f", "json").out
    found = keys(status_json(small)) | keys(json.loads(prioritering))
    documented = set(re.findall(r"`(?:[a-z_]+\[\]\.)?([a-z_]+)`", docs)) | set(
        re.findall(r"[{,] ?([a-z_]+)", docs)
    )
    assert found - {"obj", "ovr"} - documented == set()  # obj, ovr: ids of förvaltningsobjekt
