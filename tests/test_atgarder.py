"""Action items (handlingsplan.punkter): counts, overdue, validation, ``lgtool atgarder``, diff."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, TODAY, behandling, run_cli, write_register
from lgtool.checkpoints import compute_status
from lgtool.compare import PunktVarde, compare
from lgtool.register import load_register
from lgtool.render.diff import DiffReport, Side, render_json, render_text

D = date.fromisoformat


def punkt(id: str, **fields: Any) -> dict[str, Any]:
    """A valid open red item from KLASSA; ``fields`` override."""
    return {"id": id, "rubrik": f"Brist {id}", "farg": "rod", "kalla": "klassa", **fields}


ITEMS = [
    punkt("hp-1"),
    punkt("hp-2", farg="gul", status="pagaende", senast="2026-06-30"),
    punkt("hp-3", farg="gul", senast="2026-06-29"),
    punkt("hp-4", status="klar", klar_datum="2026-03-01", senast="2026-01-01"),
    punkt("hp-5", farg="gul", status="accepterad_risk", beslutad_av="Förvaltningschef"),
]


def _status(root: Path, per: date) -> Any:
    register = load_register(root, today=TODAY)
    assert not register.problems, register.problems
    assert register.organisation
    return compute_status(register.organisation, register.behandlingar, per)


def test_counts_are_the_open_items_of_each_colour(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "r", behandlingar=[behandling("b1", handlingsplan={"punkter": ITEMS})]
    )
    status = _status(root, D("2026-06-30"))
    points = status.behandlingar[0].kontrollpunkter
    assert (points.gula, points.roda) == (2, 1)  # hp-2, hp-3 gula; hp-1 röd; klar/risk not
    assert (status.summering.gula, status.summering.roda) == (2, 1)
    assert status.behandlingar[0].avvikelser == ("gula", "roda")


def test_an_empty_list_of_items_is_a_plan_with_nothing_open(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "r", behandlingar=[behandling("b1", handlingsplan={"punkter": []})]
    )
    status = _status(root, TODAY)
    assert (status.summering.gula, status.summering.roda) == (0, 0)
    assert status.summering.utan_handlingsplan == 0
    assert status.behandlingar[0].avvikelser == ()


@pytest.mark.parametrize(
    ("per", "overdue"),
    [
        ("2026-06-29", []),  # hp-3's due date is the reference date: not overdue
        ("2026-06-30", ["hp-3"]),  # hp-2's due date is the reference date
        ("2026-07-01", ["hp-2", "hp-3"]),  # klar hp-4 (due 2026-01-01) never overdue
    ],
)
def test_overdue_is_open_and_due_before_the_reference_date(
    tmp_path: Path, per: str, overdue: list[str]
) -> None:
    root = write_register(
        tmp_path / "r", behandlingar=[behandling("b1", handlingsplan={"punkter": ITEMS})]
    )
    result = run_cli(
        "atgarder", "--register", root, "--per", per, "--forsenade", "--format", "json"
    )
    assert result.code == 0, result.err
    assert [a["id"] for a in json.loads(result.out)["atgarder"]] == overdue
    failing = run_cli("atgarder", "--register", root, "--per", per, "--fail-on", "forsenade")
    assert failing.code == (1 if overdue else 0)


def test_json_of_the_example_register_resolves_roles_to_names() -> None:
    result = run_cli(
        "atgarder",
        "--register",
        EXAMPLE_REGISTER,
        "--per",
        "2026-01-15",
        "--objekt",
        "verksamhetsstod",
        "--farg",
        "gul",
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    assert json.loads(result.out) == {
        "atgarder": [
            {
                "behandling": "tk-ekonomisystem",
                "id": "hp-2",
                "farg": "gul",
                "kalla": "klassa",
                "status": "oppen",
                "senast": "2025-06-30",
                "forsenad": True,
                "ansvarig": "Camilla Falk",
            },
            {
                "behandling": "tk-ekonomisystem",
                "id": "hp-3",
                "farg": "gul",
                "kalla": "klassa",
                "status": "oppen",
                "senast": "2026-12-31",
                "forsenad": False,
                "ansvarig": "Helena Öberg",
            },
            {
                "behandling": "tk-ekonomisystem",
                "id": "hp-4",
                "farg": "gul",
                "kalla": "rsa",
                "status": "klar",
                "senast": "2025-03-31",
                "forsenad": False,
                "ansvarig": "Upphandlingsenheten",
            },
            {
                "behandling": "tk-ekonomisystem",
                "id": "hp-5",
                "farg": "gul",
                "kalla": "klassa",
                "status": "accepterad_risk",
                "senast": None,
                "forsenad": False,
                "ansvarig": "Helena Öberg",
            },
        ]
    }


def test_a_processing_role_overrides_the_objekt_and_unnamed_roles_stay_keys(
    tmp_path: Path,
) -> None:
    items = [
        punkt("hp-1", ansvarig="objektledare_it"),
        punkt("hp-2", ansvarig="objektagare"),
        punkt("hp-3", ansvarig="Kim Konsult"),
    ]
    root = write_register(
        tmp_path / "r",
        behandlingar=[
            behandling(
                "b1",
                roller={"objektledare_it": "Bo Behandling", "objektagare": None},
                handlingsplan={"punkter": items},
            )
        ],
    )
    result = run_cli("atgarder", "--register", root, "--format", "json")
    assert [a["ansvarig"] for a in json.loads(result.out)["atgarder"]] == [
        "Bo Behandling",
        "objektagare",
        "Kim Konsult",
    ]
    by_name = run_cli(
        "atgarder", "--register", root, "--ansvarig", "bo behandling", "--format", "csv"
    )
    assert by_name.out == (  # lgtool's one CSV form: BOM and semicolons (CRLF in the file)
        "\ufeffbehandling;id;farg;kalla;status;senast;forsenad;ansvarig;rubrik\n"
        "b1;hp-1;rod;klassa;oppen;;nej;Bo Behandling;Brist hp-1\n"
    )


def test_markdown_lists_accepted_risks_apart(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "r", behandlingar=[behandling("b1", handlingsplan={"punkter": ITEMS})]
    )
    result = run_cli("atgarder", "--register", root, "--per", "2026-07-01", "--format", "markdown")
    assert result.out == (
        "## Åtgärder – Testkontoret\n\nPer 2026-07-01.\n\n"
        "| Behandling | Punkt | Färg | Källa | Status | Senast | Ansvarig | Rubrik |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| b1 | hp-1 | röd | KLASSA | öppen | – | – | Brist hp-1 |\n"
        "| b1 | hp-2 | gul | KLASSA | pågående | **2026-06-30 försenad** | – | Brist hp-2 |\n"
        "| b1 | hp-3 | gul | KLASSA | öppen | **2026-06-29 försenad** | – | Brist hp-3 |\n"
        "| b1 | hp-4 | röd | KLASSA | klar | 2026-01-01 | – | Brist hp-4 |\n"
        "\n### Accepterade risker\n\n"
        "| Behandling | Punkt | Färg | Beslutad av | Rubrik |\n"
        "|---|---|---|---|---|\n"
        "| b1 | hp-5 | gul | Förvaltningschef | Brist hp-5 |\n"
        "\n5 punkter: 3 öppna (2 gula, 1 röda), 2 försenade, 1 klar, 1 accepterad risk.\n"
    )


BAD: list[tuple[dict[str, Any], str]] = [
    (
        {"punkter": [punkt("hp-1", farg="bla")]},
        "behandlingar/b1.yaml:17:11: fel: ogiltigt värde 'bla' för "
        "'handlingsplan.punkter[0].farg'; tillåtna värden: gul, rod",
    ),
    (
        {"punkter": [punkt("hp-1", status="stangd")]},
        "behandlingar/b1.yaml:19:13: fel: ogiltigt värde 'stangd' för "
        "'handlingsplan.punkter[0].status'; tillåtna värden: oppen, pagaende, klar, "
        "accepterad_risk",
    ),
    (
        {"punkter": [punkt("hp-1"), punkt("hp-1", farg="gul")]},
        "behandlingar/b1.yaml:19:9: fel: punkten 'hp-1' finns redan i handlingsplanen (punkter[0])",
    ),
    (
        {"punkter": [punkt("hp-1", status="klar")]},
        "behandlingar/b1.yaml:15:5: fel: 'handlingsplan.punkter[0].klar_datum':"
        " krävs när status är klar; ange datum då punkten åtgärdades (ÅÅÅÅ-MM-DD)",
    ),
    (
        {"punkter": [punkt("hp-1", status="accepterad_risk")]},
        "behandlingar/b1.yaml:15:5: fel: "
        "'handlingsplan.punkter[0].beslutad_av': krävs när status är accepterad_risk; ange vem "
        "som beslutade att acceptera risken",
    ),
    (
        {"gula": 1, "punkter": [punkt("hp-1")]},
        "behandlingar/b1.yaml:13:1: fel: 'handlingsplan': ange antingen "
        "punkter eller antalen gula och roda, inte båda (antalen räknas fram ur punkterna)",
    ),
    (
        {"punkter": [punkt("hp-1", hittad="2026-02-01", senast="2026-01-31")]},
        "behandlingar/b1.yaml:20:13: fel: 'handlingsplan.punkter[0].senast': "
        "2026-01-31 ligger före datumet då punkten hittades (2026-02-01)",
    ),
]


@pytest.mark.parametrize(("plan", "expected"), BAD)
def test_bad_items_are_located_swedish_errors(
    tmp_path: Path, plan: dict[str, Any], expected: str
) -> None:
    root = write_register(tmp_path / "r", behandlingar=[behandling("b1", handlingsplan=plan)])
    result = run_cli("validate", "--register", root)
    assert result.code == 1
    assert result.out.splitlines()[0].removeprefix(f"{root}/") == expected


def test_diff_names_a_new_red_item_and_a_closed_one(tmp_path: Path) -> None:
    before = [punkt("hp-1", farg="gul")]
    after = [
        punkt("hp-1", farg="gul", status="klar", klar_datum="2026-05-01"),
        punkt("hp-2"),
    ]
    base = load_register(
        write_register(
            tmp_path / "f", behandlingar=[behandling(handlingsplan={"punkter": before})]
        ),
        today=TODAY,
    )
    head = load_register(
        write_register(tmp_path / "e", behandlingar=[behandling(handlingsplan={"punkter": after})]),
        today=TODAY,
    )
    assert base.organisation and head.organisation
    result = compare(
        base,
        compute_status(base.organisation, base.behandlingar, TODAY),
        head,
        compute_status(head.organisation, head.behandlingar, TODAY),
    )
    changes = {a.falt: (a.fore, a.efter, a.riktning) for a in result.behandlingar[0].andringar}
    assert changes == {
        "gula": (1, 0, "forbattring"),
        "roda": (0, 1, "forsamring"),
        "punkt.hp-1": (PunktVarde("gul", "oppen"), PunktVarde("gul", "klar"), "forbattring"),
        "punkt.hp-2": (None, PunktVarde("rod", "oppen"), "forsamring"),
    }
    text = render_text(DiffReport(Side("HEAD~1"), Side("arbetskopian"), result))
    assert text.splitlines()[7:12] == [
        "  b1 – Behandling b1",
        "    ↑ gula: 1 → 0",
        "    ↓ röda: 0 → 1",
        "    ↑ punkt klar hp-1: gul, öppen → gul, klar",
        "    ↓ ny röd punkt hp-2: – → röd, öppen",
    ]
    data = json.loads(render_json(DiffReport(Side("HEAD~1"), Side("arbetskopian"), result)))
    assert data["behandlingar"][0]["andringar"][3] == {
        "var": "b1",
        "falt": "punkt.hp-2",
        "fore": None,
        "efter": {"farg": "rod", "status": "oppen"},
        "riktning": "forsamring",
    }


HR_FILE = """\
id: b1
namn: Behandling b1
forvaltningsobjekt: obj
kategori: unik
personuppgifter: false
senaste_klassa: 2026-01-10  # KLASSA i januari
senaste_rsa: 2026-01-10
senaste_behorighetskontroll: 2026-01-10
registerford: false
konsekvensbedomning: ej_tillampligt
klassningsprotokoll: true
systembeskrivning: true
kontinuitetsplan: false
"""


def test_registrera_atgard_adds_items_and_satt_closes_one(tmp_path: Path) -> None:
    root = write_register(tmp_path / "r", files={"behandlingar/b1.yaml": HR_FILE})
    env = {"LGTOOL_IDAG": "2026-11-29"}
    first = run_cli(
        "registrera",
        "atgard",
        "b1",
        "-r",
        root,
        "--rubrik",
        "Loggning: saknas",
        "--farg",
        "rod",
        "--kalla",
        "klassa",
        "--ansvarig",
        "objektledare_it",
        "--senast",
        "2027-03-31",
        "--datum",
        "2026-11-02",
        env=env,
    )
    assert (first.code, first.err) == (0, "")
    assert first.out == (
        "behandlingar/b1.yaml: la till punkten hp-1 i handlingsplanen "
        "(handlingsplan.punkter.hp-1)\n"
    ).replace("behandlingar/", f"{root.as_posix()}/behandlingar/")
    second = run_cli(
        "registrera",
        "atgard",
        "b1",
        "-r",
        root,
        "--rubrik",
        "Rutin",
        "--farg",
        "gul",
        "--kalla",
        "rsa",
        "--datum",
        "2026-11-03",
        env=env,
    )
    assert second.code == 0
    closed = run_cli("satt", "b1", "handlingsplan.punkter.hp-1.status", "klar", "-r", root, env=env)
    assert closed.code == 0, closed.err
    assert (root / "behandlingar" / "b1.yaml").read_text(encoding="utf-8") == HR_FILE.replace(
        "kontinuitetsplan: false\n",
        "handlingsplan:\n"
        "  punkter:\n"
        "    - id: hp-1\n"
        '      rubrik: "Loggning: saknas"\n'
        "      farg: rod\n"
        "      kalla: klassa\n"
        "      ansvarig: objektledare_it\n"
        "      hittad: 2026-11-02\n"
        "      senast: 2027-03-31\n"
        "      status: klar\n"
        "      klar_datum: 2026-11-29\n"
        "    - id: hp-2\n"
        "      rubrik: Rutin\n"
        "      farg: gul\n"
        "      kalla: rsa\n"
        "      hittad: 2026-11-03\n"
        "kontinuitetsplan: false\n",
    )
    status = run_cli("status", "-r", root, "--per", "2026-11-29", "-f", "json", env=env)
    summering = json.loads(status.out)["summering"]
    assert (summering["gula"], summering["roda"]) == (1, 0)


def test_item_edits_that_cannot_be_made_are_refused(tmp_path: Path) -> None:
    counted = behandling("b2", handlingsplan={"gula": 1, "roda": 0})
    listed = behandling("b1", handlingsplan={"punkter": [punkt("hp-1")]})
    root = write_register(tmp_path / "r", behandlingar=[listed, counted])
    before = {p.name: p.read_bytes() for p in (root / "behandlingar").iterdir()}
    cases = [
        (
            ("registrera", "atgard", "b2", "--rubrik", "X", "--farg", "gul", "--kalla", "rsa"),
            "räknar sina punkter (gula, roda); skriv om den till punkter i en editor först",
        ),
        (("registrera", "atgard", "b1", "--rubrik", "X"), "behöver --farg, --kalla"),
        (("registrera", "klassa", "b1", "--farg", "rod"), "--farg gäller bara lgtool registrera"),
        (
            ("satt", "b1", "handlingsplan.punkter.hp-9.status", "klar"),
            "'handlingsplan.punkter' har ingen post med id 'hp-9'",
        ),
        (
            ("satt", "b1", "handlingsplan.punkter.hp-1.status", "accepterad_risk"),
            "krävs när status är accepterad_risk",
        ),
        (
            (
                "registrera",
                "atgard",
                "b1",
                "--id",
                "hp-1",
                "--rubrik",
                "X",
                "--farg",
                "gul",
                "--kalla",
                "rsa",
            ),
            "punkten 'hp-1' finns redan",
        ),
    ]
    for args, message in cases:
        result = run_cli(*args, "-r", root)
        assert result.code in (1, 2), args
        assert message in result.err, (args, result.err)
    assert {p.name: p.read_bytes() for p in (root / "behandlingar").iterdir()} == before


def test_items_travel_as_a_second_sheet_through_export_and_import(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook_path = tmp_path / "register.xlsx"
    assert run_cli("export", "-r", EXAMPLE_REGISTER, "-o", workbook_path).code == 0
    workbook = openpyxl.load_workbook(workbook_path)
    assert workbook.sheetnames == ["Register", "Status", "Åtgärder"]
    sheet = workbook["Åtgärder"]
    assert [c.value for c in sheet[1]] == [
        "Behandling",
        "Id",
        "Rubrik",
        "Färg",
        "Källa",
        "Krav",
        "Ansvarig",
        "Hittad",
        "Senast",
        "Status",
        "Klar datum",
        "Beslutad av",
        "Kommentar",
    ]
    assert sheet.max_row == 1 + 7  # 2 items of tk-e-handel, 5 of tk-ekonomisystem
    sheet.append(["tk-finns-inte", "hp-1", "Brist", "gul", "rsa"])
    workbook.save(workbook_path)
    target = write_register(
        tmp_path / "ny",
        files={"organisation.yaml": (EXAMPLE_REGISTER / "organisation.yaml").read_text("utf-8")},
    )
    imported = run_cli("import", workbook_path, "-r", target)
    assert imported.code == 1
    assert (
        "bladet Åtgärder: behandlingen 'tk-finns-inte' finns inte i registerbladet; dess punkter "
        "importeras inte" in imported.out
    )
    before = run_cli("atgarder", "-r", EXAMPLE_REGISTER, "--per", "2026-01-15", "-f", "json")
    after = run_cli("atgarder", "-r", target, "--per", "2026-01-15", "-f", "json")
    assert after.out == before.out


def test_a_register_without_items_exports_no_items_sheet(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    root = write_register(tmp_path / "r", behandlingar=[behandling("b1")])
    assert run_cli("export", "-r", root, "-o", tmp_path / "r.xlsx").code == 0
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == ["Register", "Status"]
