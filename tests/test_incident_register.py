"""incidenter/<ÅÅÅÅ>/<id>.yaml in the register, `lgtool incidenter` and `lgtool ny-incident`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import ORGANISATION, TODAY, behandling, run_cli, write_register
from lgtool.register import Register, load_register

CLEAN = """\
id: 2026-007
rubrik: Nätfiske mot e-post, två konton kapade
upptackt: 2026-03-29T10:00:00+01:00
kategori: natfiske
betydande: true
personuppgiftsincident: true
tidig_varning: 2026-03-30T09:30:00+02:00
incidentanmalan: 2026-04-01T08:00:00+02:00
slutrapport: 2026-04-28
imy_anmalan: 2026-03-31T16:00:00+02:00
behandlingar: [b1]
status: stangd
"""


def make(tmp_path: Path, files: dict[str, str], **kwargs: Any) -> Path:
    return write_register(
        tmp_path / "register", behandlingar=[behandling("b1")], files=files, **kwargs
    )


def problems(register: Register, root: Path) -> list[tuple[str, int, int, str, str, str]]:
    prefix = root.as_posix() + "/"
    return [
        (p.fil.removeprefix(prefix), p.rad, p.kolumn, p.niva, p.kod, p.meddelande)
        for p in register.problems
    ]


def test_a_clean_incident_is_loaded(tmp_path: Path) -> None:
    root = make(tmp_path, {"incidenter/2026/2026-007.yaml": CLEAN})
    register = load_register(root, today=TODAY)
    assert register.problems == ()
    assert [i.id for i in register.incidenter] == ["2026-007"]


def test_bad_incidents_get_located_swedish_messages(tmp_path: Path) -> None:
    bad_order = (
        CLEAN.replace("2026-04-01T08:00:00+02:00", "2026-03-29T08:00:00+01:00")
        .replace("2026-04-28", "2026-03-20")
        .replace("[b1]", "[b1, b2]")
    )
    root = make(
        tmp_path,
        {
            "incidenter/2026/2026-007.yaml": CLEAN.replace("+02:00\nincident", "+24:00\nincident"),
            "incidenter/2026/2026-008.yaml": bad_order.replace("2026-007", "2026-008"),
            "incidenter/2025/2026-009.yaml": CLEAN.replace("2026-007", "2026-009"),
            "incidenter/2027/2026-008.yaml": (
                "id: 2026-008\nrubrik: X\nupptackt: 2027-01-02T10:00\nkategori: x\n"
                "betydande: false\npersonuppgiftsincident: false\n"
            ),
            "incidenter/2026-010.yaml": CLEAN.replace("2026-007", "2026-010"),
        },
    )
    assert problems(load_register(root, today=TODAY), root) == [
        (
            "incidenter/2025/2026-009.yaml",
            3,
            11,
            "fel",
            "incident-fel-mapp",
            "incidenten upptäcktes 2026 men ligger i mappen 2025/; flytta filen till "
            "incidenter/2026/2026-009.yaml",
        ),
        (
            "incidenter/2026-010.yaml",
            3,
            11,
            "fel",
            "incident-fel-mapp",
            "incidenten upptäcktes 2026 men ligger i incidenter/; flytta filen till "
            "incidenter/2026/2026-010.yaml",
        ),
        (
            "incidenter/2026/2026-007.yaml",
            7,
            16,
            "fel",
            "ogiltig-tidszon",
            "'tidig_varning': '2026-03-30T09:30:00+24:00' har tidszonen +24:00, som inte finns; "
            "tidszoner går från -14:00 till +14:00 (i Sverige +01:00 på vintern, +02:00 på "
            "sommaren)",
        ),
        (
            "incidenter/2026/2026-008.yaml",
            8,
            18,
            "fel",
            "fore-upptackt",
            "incidentanmalan (2026-03-29T08:00:00+01:00) ligger före upptackt "
            "(2026-03-29T10:00:00+01:00); en anmälan kan inte göras innan incidenten upptäcktes",
        ),
        (
            "incidenter/2026/2026-008.yaml",
            9,
            14,
            "fel",
            "fore-anmalan",
            "slutrapport (2026-03-20) ligger före incidentanmalan (2026-03-29T08:00:00+01:00); "
            "slutrapporten lämnas efter incidentanmälan",
        ),
        (
            "incidenter/2026/2026-008.yaml",
            11,
            20,
            "fel",
            "okand-behandling",
            "behandlingen 'b2' finns inte i behandlingar/",
        ),
        (
            "incidenter/2027/2026-008.yaml",
            1,
            5,
            "fel",
            "dubblett-id",
            f"incidenten '2026-008' finns redan i {root.as_posix()}/incidenter/2026/2026-008.yaml",
        ),
    ]


def test_an_invalid_moment_and_a_final_report_that_is_neither_date_nor_moment(
    tmp_path: Path,
) -> None:
    text = CLEAN.replace("2026-03-29T10:00:00+01:00", "2026-02-30T10:00").replace(
        "slutrapport: 2026-04-28", "slutrapport: april"
    )
    root = make(tmp_path, {"incidenter/2026/2026-007.yaml": text})
    assert [p[3:] for p in problems(load_register(root, today=TODAY), root)] == [
        ("fel", "ogiltig-tidpunkt", "'upptackt': '2026-02-30T10:00' är ingen möjlig tidpunkt"),
        (
            "fel",
            "ogiltig-tidpunkt",
            "'slutrapport': 'april' är varken ett datum (ÅÅÅÅ-MM-DD) eller en tidpunkt; skriv "
            "t.ex. 2026-03-29T10:00:00+01:00 (utan tidszon: svensk tid)",
        ),
    ]


def test_significant_outside_the_law_is_a_warning_and_validate_passes(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {"incidenter/2026/2026-007.yaml": CLEAN},
        organisation={**ORGANISATION, "omfattas_av_cybersakerhetslagen": False},
    )
    result = run_cli("validate", "--register", root, "--ingen-cache")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"{root.as_posix()}/incidenter/2026/2026-007.yaml:5:12: varning: incidenten är markerad "
        "som betydande, men organisation.yaml anger omfattas_av_cybersakerhetslagen: false; "
        "rapporteringsfristerna till CSIRT gäller bara den som omfattas\n"
        "1 varning i 1 fil.\n"
    )


def test_a_year_folder_that_links_out_of_the_register_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2026-007.yaml").write_text(CLEAN, encoding="utf-8")
    root = make(tmp_path, {})
    (root / "incidenter").mkdir()
    os.symlink(outside, root / "incidenter" / "2026")
    register = load_register(root, today=TODAY)
    assert register.incidenter == ()
    assert problems(register, root) == [
        (
            "incidenter/2026",
            1,
            1,
            "fel",
            "symlank",
            "mappen är en symbolisk länk till en plats utanför registret; inget i den läses",
        )
    ]


def test_a_fifo_in_a_year_folder_is_refused_unread(tmp_path: Path) -> None:
    root = make(tmp_path, {})
    (root / "incidenter" / "2026").mkdir(parents=True)
    os.mkfifo(root / "incidenter" / "2026" / "2026-007.yaml")
    assert [p[3:] for p in problems(load_register(root, today=TODAY), root)] == [
        (
            "fel",
            "olasbar",
            "filen kan inte läsas: den är en namngiven pipe (FIFO), inte en vanlig fil",
        )
    ]


LATE = """\
id: 2026-002
rubrik: Utpressningsvirus på en filserver
upptackt: 2026-02-10T08:00
kategori: skadlig-kod
betydande: true
personuppgiftsincident: false
tidig_varning: 2026-02-11T09:15
incidentanmalan: null
"""


def test_incidenter_json_has_exactly_the_pinned_shape(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {"incidenter/2026/2026-007.yaml": CLEAN, "incidenter/2026/2026-002.yaml": LATE},
    )
    result = run_cli("incidenter", "--register", root, "--format", "json", "--per", "2026-02-14")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == {
        "incidenter": [
            {
                "id": "2026-002",
                "upptackt": "2026-02-10T08:00",
                "betydande": True,
                "personuppgiftsincident": False,
                "frister": {
                    "tidig_varning": {
                        "frist": "2026-02-11T08:00:00+01:00",
                        "inskickad": "2026-02-11T09:15",
                        "status": "sen",
                    },
                    "incidentanmalan": {
                        "frist": "2026-02-13T08:00:00+01:00",
                        "inskickad": None,
                        "status": "saknas",
                    },
                    "slutrapport": {
                        "frist": "2026-03-13",
                        "inskickad": None,
                        "status": "ej_passerad",
                    },
                    "imy": {"frist": None, "inskickad": None, "status": "ej_tillampligt"},
                },
            },
            {
                "id": "2026-007",
                "upptackt": "2026-03-29T10:00:00+01:00",
                "betydande": True,
                "personuppgiftsincident": True,
                "frister": {
                    "tidig_varning": {
                        "frist": "2026-03-30T11:00:00+02:00",
                        "inskickad": None,
                        "status": "ej_passerad",
                    },
                    "incidentanmalan": {
                        "frist": "2026-04-01T11:00:00+02:00",
                        "inskickad": None,
                        "status": "ej_passerad",
                    },
                    "slutrapport": {
                        "frist": "2026-05-01",
                        "inskickad": None,
                        "status": "ej_passerad",
                    },
                    "imy": {
                        "frist": "2026-04-01T11:00:00+02:00",
                        "inskickad": None,
                        "status": "ej_passerad",
                    },
                },
            },
        ]
    }


@pytest.mark.parametrize(
    ("fail_on", "code"), [("sen", 1), ("saknas", 1), ("sen,saknas", 1), (None, 0)]
)
def test_fail_on_names_the_states_that_fail(tmp_path: Path, fail_on: str | None, code: int) -> None:
    root = make(tmp_path, {"incidenter/2026/2026-002.yaml": LATE})
    extra = ["--fail-on", fail_on] if fail_on else []
    result = run_cli("incidenter", "-r", root, "--per", "2026-02-14", "-f", "csv", *extra)
    assert (result.code, result.err) == (code, "")


def test_fail_on_is_not_met_when_all_is_in_time_and_ar_filters(tmp_path: Path) -> None:
    root = make(tmp_path, {"incidenter/2026/2026-002.yaml": LATE})
    result = run_cli("incidenter", "-r", root, "--ar", "2025", "-f", "markdown", "--fail-on", "sen")
    assert (result.code, result.out) == (
        0,
        "# Incidenter och rapporteringsfrister per "
        f"{result.out.splitlines()[0].rsplit(' ', 1)[1]}\n\nInga incidenter.\n",
    )


def test_incidenter_markdown(tmp_path: Path) -> None:
    root = make(tmp_path, {"incidenter/2026/2026-002.yaml": LATE})
    result = run_cli("incidenter", "-r", root, "--per", "2026-02-14", "-f", "markdown")
    assert result.out == (
        "# Incidenter och rapporteringsfrister per 2026-02-14\n\n"
        "| Incident | Upptäckt | Tidig varning | Incidentanmälan | Slutrapport | IMY |\n"
        "|---|---|---|---|---|---|\n"
        "| 2026-002 | 2026-02-10 08:00 | sen (2026-02-11 08:00) | saknas (2026-02-13 08:00) "
        "| ej passerad (2026-03-13) | – |\n\n"
        "Frist inom parentes (svensk tid). i tid, sen (skickad efter fristen), saknas (fristen "
        "har passerat utan att något skickats), ej passerad, – (gäller inte). Källor: tidig "
        "varning, incidentanmälan, slutrapport: cybersäkerhetslagen (2025:1506) och "
        "cybersäkerhetsförordningen (2025:1507); anmälan till IMY: dataskyddsförordningen "
        "(GDPR) art. 33.\n"
    )


def test_fail_on_refuses_an_unknown_state(tmp_path: Path) -> None:
    root = make(tmp_path, {})
    result = run_cli("incidenter", "-r", root, "--fail-on", "sen,forsenad")
    assert result.code == 2
    assert "--fail-on: 'forsenad' är ingen frist-status; välj sen eller saknas" in result.err


def test_ny_incident_writes_a_skeleton_with_every_field_and_refuses_to_overwrite(
    tmp_path: Path,
) -> None:
    from lgtool.model.incident import Incident
    from lgtool.yamlio import parse

    root = make(tmp_path, {"incidenter/2025/2026-001.yaml": CLEAN.replace("2026-007", "2026-001")})
    result = run_cli("ny-incident", "2026-010", "-r", root, "--upptackt", "2026-05-02T08:00")
    assert (result.code, result.err) == (0, "")
    path = root / "incidenter" / "2026" / "2026-010.yaml"
    assert result.out.startswith(f"Skapade {path.as_posix()}.\n")
    data = parse(path.read_text(encoding="utf-8")).data
    assert set(data) == set(Incident.model_fields)
    assert data["upptackt"] == "2026-05-02T08:00"
    before = path.read_bytes()
    again = run_cli("ny-incident", "2026-010", "-r", root)
    assert (again.code, again.err) == (
        1,
        f"fel: {root.as_posix()}/incidenter/2026/2026-010.yaml finns redan; ett incident-id får "
        "bara användas en gång\n",
    )
    assert path.read_bytes() == before
    other_year = run_cli("ny-incident", "2026-001", "-r", root)
    assert other_year.code == 1
    assert "incidenter/2025/2026-001.yaml finns redan" in other_year.err
    filled = (
        path.read_text(encoding="utf-8")
        .replace("rubrik: null", "rubrik: Test")
        .replace("kategori: null", "kategori: natfiske")
        .replace("betydande: null", "betydande: false")
        .replace("personuppgiftsincident: null", "personuppgiftsincident: false")
    )
    path.write_text(filled, encoding="utf-8")
    assert run_cli("validate", "-r", root, "--ingen-cache").code == 1  # 2026-001 in 2025/
    (root / "incidenter" / "2025" / "2026-001.yaml").unlink()
    checked = run_cli("validate", "-r", root, "--ingen-cache")
    assert (checked.code, checked.out) == (
        0,
        "Registret är giltigt: 1 behandling, 1 förvaltningsobjekt, 0 årsfiler, 1 incident.\n",
    )


def test_ny_incident_refuses_a_bad_moment(tmp_path: Path) -> None:
    root = make(tmp_path, {})
    result = run_cli("ny-incident", "2026-011", "-r", root, "--upptackt", "2026-13-01T00:00")
    assert (result.code, result.err) == (
        2,
        "fel: --upptackt: '2026-13-01T00:00' är ingen möjlig tidpunkt\n",
    )
    assert not (root / "incidenter").exists()


def test_year_file_without_incident_records_keeps_its_counts(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "register",
        ar={
            2026: {
                "ar": 2026,
                "prioriteringar": {2026: []},
                "incidenter": {"per_kategori": {"x": 3}},
            }
        },
    )
    assert load_register(root, today=TODAY).problems == ()


def test_year_counts_must_agree_with_the_records(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "register",
        behandlingar=[behandling("b1")],
        ar={
            2026: {
                "ar": 2026,
                "prioriteringar": {2026: []},
                "incidenter": {"per_kategori": {"natfiske": 2, "skadlig-kod": 1}},
            }
        },
        files={"incidenter/2026/2026-007.yaml": CLEAN, "incidenter/2026/2026-002.yaml": LATE},
    )
    assert problems(load_register(root, today=TODAY), root) == [
        (
            "ar/2026.yaml",
            6,
            15,
            "fel",
            "incidenter-stammer-inte",
            "incidenter.per_kategori anger 2 för 'natfiske', men incidenter/2026/ har 1 "
            "incidentfiler med den kategorin; rätta antalet eller ta bort per_kategori (då "
            "räknas den fram ur incidentfilerna)",
        )
    ]


def test_registerformat_documents_every_incident_field() -> None:
    from conftest import REPO
    from lgtool.model.incident import Incident

    text = (REPO / "docs" / "registerformat.md").read_text(encoding="utf-8")
    section = text.split("## incidenter/", 1)[1].split("\n## ", 1)[0]
    for name in Incident.model_fields:
        assert f"| `{name}` |" in section, name


def test_incidenter_table_of_the_example_register() -> None:
    from conftest import EXAMPLE_REGISTER, assert_golden

    result = run_cli("incidenter", "-r", EXAMPLE_REGISTER, "--per", "2026-12-01")
    assert (result.code, result.err) == (0, "")
    assert_golden("incidenter-tabell.txt", result.out)


def test_a_warning_alone_does_not_fail_status_or_incidenter(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {"incidenter/2026/2026-007.yaml": CLEAN},
        organisation={**ORGANISATION, "omfattas_av_cybersakerhetslagen": False},
    )
    for command in ("status", "incidenter"):
        result = run_cli(command, "-r", root, "-f", "json", "--per", "2026-06-01")
        assert (result.code, result.err.splitlines()[0]) == (
            0,
            "Registret har 1 varning i 1 fil (visas som i lgtool validate):",
        )
