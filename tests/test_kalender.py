"""``lgtool kalender``: due dates against hand computation, whole outputs, bad input.

Hand computation (intervals 12 months unless said, R = the reference date):

- a KLASSA of 2024-02-29 with a 12-month interval falls due 2025-02-28 (no 29th);
- a KLASSA of 2023-02-28 with 12 months: 2024-02-28 (not the 29th: the day is kept);
- an RSA of 2025-08-31 with 6 months: 2026-02-28; with 1 month, 2025-09-30;
- a checkpoint never done is due now: datum null, forfallen true.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import ORGANISATION, assert_golden, behandling, run_cli
from lgtool.due import Post, collect
from lgtool.model import Ar, Behandling, Organisation

MakeRegister = Callable[..., Path]


def _org(**policy: Any) -> Organisation:
    data: dict[str, Any] = {**ORGANISATION}
    if policy:
        data["policy"] = policy
    return Organisation.model_validate(data)


def _due(org: Organisation, per: date, *items: dict[str, Any]) -> list[tuple[Any, ...]]:
    processings = [Behandling.model_validate(b) for b in items]
    return [
        (p.typ, p.behandling, p.datum, p.forfallen)
        for p in collect(org, processings, per, {})
        if p.behandling is not None
    ]


def test_interval_from_29_february_ends_on_28_february() -> None:
    got = _due(
        _org(),
        date(2025, 1, 1),
        behandling(
            "b1",
            senaste_klassa="2024-02-29",
            senaste_rsa="2023-02-28",
            senaste_behorighetskontroll="2024-12-31",
        ),
    )
    assert got == [
        ("rsa", "b1", date(2024, 2, 28), True),
        ("klassa", "b1", date(2025, 2, 28), False),
        ("behorighetskontroll", "b1", date(2025, 12, 31), False),
    ]


def test_month_ends_clamp_to_the_shorter_month() -> None:
    org = _org(max_alder_manader={"klassa": 1, "rsa": 6, "behorighetskontroll": 12})
    got = _due(
        org,
        date(2025, 9, 30),
        behandling(
            "b1",
            senaste_klassa="2025-08-31",
            senaste_rsa="2025-08-31",
            senaste_behorighetskontroll="2024-09-30",
        ),
    )
    # KLASSA due 2025-09-30 = R: still current (status says aktuell on the last day).
    assert got == [
        ("klassa", "b1", date(2025, 9, 30), False),
        ("behorighetskontroll", "b1", date(2025, 9, 30), False),
        ("rsa", "b1", date(2026, 2, 28), False),
    ]


def test_never_done_is_due_now_without_a_date() -> None:
    got = _due(_org(), date(2026, 1, 1), behandling("b1", senaste_rsa=None))
    assert got[0] == ("rsa", "b1", None, True)


def test_not_applicable_and_inactive_checkpoints_have_no_item() -> None:
    b = behandling("b1", kontinuitetsplan=False, senaste_kontinuitetsovning=None)
    active = _org(max_alder_manader={"kontinuitetsovning": 12})
    assert [t for t, *_ in _due(active, date(2026, 2, 1), b)] == [
        "klassa",
        "rsa",
        "behorighetskontroll",
    ]
    with_plan = behandling("b1", kontinuitetsplan=True, senaste_kontinuitetsovning="2025-03-31")
    assert _due(active, date(2026, 2, 1), with_plan)[0] == (
        "kontinuitetsovning",
        "b1",
        date(2026, 3, 31),
        False,
    )
    assert [t for t, *_ in _due(_org(), date(2026, 2, 1), with_plan)] == [
        "klassa",
        "rsa",
        "behorighetskontroll",
    ]


def test_responsible_person_from_the_processing_then_the_objekt() -> None:
    org = _org()
    b = behandling(
        "b1",
        senaste_klassa=None,
        roller={"objektagare": None, "objektledare_it": "Ingrid Egen"},
    )
    processings = [Behandling.model_validate(b)]
    got = {p.typ: (p.ansvarig, p.roll) for p in collect(org, processings, date(2026, 2, 1), {})}
    assert got == {
        "klassa": (None, "objektagare"),
        "rsa": (None, "objektagare"),
        "behorighetskontroll": ("Ingrid Egen", "objektledare_it"),
    }


def _year(*priorities: dict[str, Any]) -> Ar:
    return Ar.model_validate({"ar": 2026, "prioriteringar": {2026: list(priorities)}})


def test_priorities_and_steering_documents() -> None:
    org = Organisation.model_validate(
        {
            **ORGANISATION,
            "styrdokument": [
                {"namn": "Policy", "niva": "stad", "revideras_senast": "2026-06-30"},
                {
                    "namn": "Rutin",
                    "niva": "lokal",
                    "revideras_senast": "2027-01-31",
                    "giltig_till": "2026-12-31",
                },
                {"namn": "Utan datum", "niva": "lokal"},
            ],
        }
    )
    year = _year(
        {"id": "p1", "text": "Klassa allt", "ansvarig": "Samordnaren", "senast": "2026-03-31"},
        {"id": "p2", "text": "Klar redan", "status": "klar", "senast": "2026-01-31"},
        {"id": "p3", "text": "Utan datum"},
        {"id": "p4", "text": "Sen", "status": "forsenad", "senast": "2026-01-15"},
    )
    got = [
        (p.typ, p.datum, p.ansvarig, p.text, p.forfallen, p.nyckel)
        for p in collect(org, [], date(2026, 2, 1), {2026: year})
    ]
    assert got == [
        ("prioritering", date(2026, 1, 15), None, "Sen", True, "p4"),
        ("prioritering", date(2026, 3, 31), "Samordnaren", "Klassa allt", False, "p1"),
        ("styrdokument", date(2026, 6, 30), None, "Revidera Policy", False, "Policy"),
        ("styrdokument", date(2026, 12, 31), None, "Rutin slutar gälla", False, "Rutin"),
    ]


# --- The command ----------------------------------------------------------------------

PER = "2026-03-01"


@pytest.fixture
def small(make_register: MakeRegister) -> Path:
    """b1 current until 2026-04-10; b2 KLASSA never done, RSA expired 2026-01-31."""
    return make_register(
        behandlingar=[
            behandling(
                "b1",
                senaste_klassa="2025-04-10",
                senaste_rsa="2025-12-01",
                senaste_behorighetskontroll="2025-12-01",
            ),
            behandling(
                "b2",
                senaste_klassa=None,
                senaste_rsa="2025-01-31",
                senaste_behorighetskontroll="2025-12-01",
                roller={"objektagare": None},
            ),
        ]
    )


def test_json_whole_output(small: Path) -> None:
    result = run_cli("kalender", "-r", small, "--per", PER, "-f", "json")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == {
        "per": PER,
        "poster": [
            {
                "datum": None,
                "typ": "klassa",
                "behandling": "b2",
                "forvaltningsobjekt": "obj",
                "ansvarig": None,
                "roll": "objektagare",
                "text": "KLASSA för Behandling b2 saknas",
                "forfallen": True,
            },
            {
                "datum": "2026-01-31",
                "typ": "rsa",
                "behandling": "b2",
                "forvaltningsobjekt": "obj",
                "ansvarig": None,
                "roll": "objektagare",
                "text": "RSA för Behandling b2, senast gjord 2025-01-31",
                "forfallen": True,
            },
            {
                "datum": "2026-04-10",
                "typ": "klassa",
                "behandling": "b1",
                "forvaltningsobjekt": "obj",
                "ansvarig": "Olle Ägare",
                "roll": "objektagare",
                "text": "KLASSA för Behandling b1, senast gjord 2025-04-10",
                "forfallen": False,
            },
        ],
    }


def test_window_ansvarig_and_typ(small: Path) -> None:
    def ids(*args: str) -> list[tuple[str, str]]:
        result = run_cli("kalender", "-r", small, "--per", PER, "-f", "json", *args)
        assert result.code == 0
        return [(p["typ"], p["behandling"]) for p in json.loads(result.out)["poster"]]

    assert ids("--inom", "0") == [("klassa", "b2"), ("rsa", "b2")]
    assert ids("--inom", "300") == [
        ("klassa", "b2"),
        ("rsa", "b2"),
        ("klassa", "b1"),
        ("rsa", "b1"),
        ("behorighetskontroll", "b1"),
        ("behorighetskontroll", "b2"),
    ]
    assert ids("--ansvarig", "olle ägare") == [("klassa", "b1")]
    assert ids("--ansvarig", "ingen namngiven") == [("klassa", "b2"), ("rsa", "b2")]
    assert ids("--ansvarig", "objektagare") == [("klassa", "b2"), ("rsa", "b2"), ("klassa", "b1")]
    assert ids("--typ", "rsa", "--typ", "styrdokument") == [("rsa", "b2")]


def test_markdown_whole_output(small: Path) -> None:
    result = run_cli("kalender", "-r", small, "--per", PER, "-f", "markdown")
    assert result.out == (
        "## Det som förfaller – Testkontoret, per 2026-03-01 och 90 dagar framåt\n"
        "\n"
        "| Datum | Typ | Vad | Objekt | Ansvarig |\n"
        "|---|---|---|---|---|\n"
        "| **FÖRFALLEN** saknas | KLASSA | KLASSA för Behandling b2 saknas | obj "
        "| ingen namngiven (objektagare) |\n"
        "| **FÖRFALLEN** 2026-01-31 | RSA | RSA för Behandling b2, senast gjord 2025-01-31 "
        "| obj | ingen namngiven (objektagare) |\n"
        "| 2026-04-10 | KLASSA | KLASSA för Behandling b1, senast gjord 2025-04-10 | obj "
        "| Olle Ägare |\n"
    )


def test_csv_whole_output(small: Path) -> None:
    # lgtool's one CSV convention (render.data.csv_text): BOM, ';', CRLF (read back as LF here).
    result = run_cli("kalender", "-r", small, "--per", PER, "-f", "csv", "--inom", "0")
    assert result.out == (
        "\ufeffdatum;typ;behandling;forvaltningsobjekt;ansvarig;roll;text;forfallen\n"
        ";klassa;b2;obj;;objektagare;KLASSA för Behandling b2 saknas;ja\n"
        "2026-01-31;rsa;b2;obj;;objektagare;RSA för Behandling b2, senast gjord 2025-01-31;ja\n"
    )
    empty = run_cli("kalender", "-r", small, "-f", "csv", "--ansvarig", "Vera Verksamhet")
    assert (empty.code, empty.out) == (
        0,
        "\ufeffdatum;typ;behandling;forvaltningsobjekt;ansvarig;roll;text;forfallen\n",
    )


def test_table_whole_output(small: Path) -> None:
    """Overdue dates marked with '!', the others set under them (b1's KLASSA)."""
    result = run_cli("kalender", "-r", small, "--per", PER, "--inom", "60")
    assert result.code == 0
    assert_golden("kalender_table.txt", result.out)


def test_a_screenful_is_the_terminals_rows() -> None:
    """The table follows the terminal the command line found (its height on a terminal,
    50 rows when piped: lgtool.render.terminal), the rule status follows."""
    import io

    from lgtool.due import Kalender, Post
    from lgtool.options import Terminal
    from lgtool.render.kalender import kalender_table

    def table(items: int, rows: int) -> str:
        poster = tuple(
            Post(None, "klassa", f"b{i}", "obj", "Olle", "objektagare", "t", True, "n", f"b{i}")
            for i in range(items)
        )
        out = io.StringIO()
        kalender_table(
            Kalender(date(2026, 3, 1), "X", poster), 90, out, terminal=Terminal(rows=rows)
        )
        return out.getvalue()

    assert "Förvaltningsobjekt" not in table(30, 30)
    assert "30 poster i 1 rad" not in table(30, 30)
    assert "31 poster i 1 rad" in table(31, 30)


def test_more_items_than_a_screen_are_one_row_per_forvaltningsobjekt(
    make_register: MakeRegister,
) -> None:
    """Piped, a screenful is 50 rows: 50 items are listed, 51 are one row per
    förvaltningsobjekt; --alla lists every item anyway."""
    never = dict.fromkeys(("senaste_klassa", "senaste_rsa", "senaste_behorighetskontroll"))
    root = make_register(
        behandlingar=[behandling(f"b{i:02d}", **never) for i in range(17)]  # 3 items each
    )
    args = ("kalender", "-r", root, "--per", PER)
    summary = run_cli(*args)
    assert (summary.code, summary.err) == (0, "")
    assert [line.rstrip() for line in summary.out.splitlines()] == [
        "Det som förfaller – Testkontoret, per 2026-03-01 och 90 dagar framåt",
        "",
        " Förvaltningsobjekt   Förfallet   Inom 90 d   Först          Ansvariga (poster)",
        " " + "─" * 97,
        " obj                         51           0   ! saknas       "
        "Olle Ägare (34), Ivar It (17)",
        "",
        "51 poster i 1 rad, en per förvaltningsobjekt (fler än en skärm). --alla visar varje "
        "post; --objekt",
        "ID eller --ansvarig NAMN visar ett urval.",
    ]
    every = run_cli(*args, "--alla")
    assert every.out.count("! saknas") == 51
    (root / "behandlingar" / "b16.yaml").unlink()  # 48 items: a screenful
    fits = run_cli(*args)
    assert fits.out.count("! saknas") == 48
    assert fits.out == run_cli(*args, "--alla").out


def test_a_long_objekt_id_breaks_after_a_hyphen_and_no_line_passes_the_window(
    make_register: MakeRegister,
) -> None:
    long_id = "gang-och-cykelvagar-samt-vintervaghallning"
    roles = {"objektagare": "Olle Ägare", "objektledare_verksamhet": "Vera Verksamhet"}
    organisation = {
        "organisation": "Testkontoret",
        "forvaltningsobjekt": [{"id": long_id, "namn": "Gång och cykel", "roller": roles}],
    }
    never = dict.fromkeys(("senaste_klassa", "senaste_rsa", "senaste_behorighetskontroll"))
    root = make_register(
        organisation=organisation,
        behandlingar=[
            behandling(f"b{i:02d}", forvaltningsobjekt=long_id, **never) for i in range(17)
        ],
    )
    result = run_cli("kalender", "-r", root, "--per", PER, env={"COLUMNS": "80"})
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert [line.rstrip() for line in lines[2:8]] == [
        " Objekt              Förfallet   Inom 90 d   Först          Ansvariga (poster)",
        " " + "─" * 77,
        " gang-och-                  51           0   ! saknas       Olle Ägare (34), …",
        " cykelvagar-samt-",
        " vintervaghallning",
        "",
    ]


def test_the_summary_of_the_example_register() -> None:
    from conftest import EXAMPLE_REGISTER

    result = run_cli("kalender", "-r", str(EXAMPLE_REGISTER), "--per", "2026-12-01")
    assert (result.code, result.err) == (0, "")
    assert_golden("kalender_sammanfattning.txt", result.out)


def test_unknown_ansvarig_is_an_empty_list_and_a_note(small: Path) -> None:
    result = run_cli("kalender", "-r", small, "--per", PER, "-f", "json", "--ansvarig", "Nisse")
    assert result.code == 0
    assert json.loads(result.out) == {"per": PER, "poster": []}
    assert result.err == (
        "obs: ingen heter eller har rollen 'Nisse'. Personer: Ivar It, Olle Ägare, "
        "Vera Verksamhet. Roller: objektagare, objektledare_it, objektledare_verksamhet.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--per", "2026-02-30"), "fel: --per: '2026-02-30' är inget datum; skriv ÅÅÅÅ-MM-DD\n"),
        (
            ("--inom", "-3"),
            "fel: --inom: '-3' är inget antal dagar; skriv ett heltal från 0 till 36500\n",
        ),
        (
            ("--inom", "tre"),
            "fel: --inom: 'tre' är inget antal dagar; skriv ett heltal från 0 till 36500\n",
        ),
        (
            ("--fail-on", "snart"),
            "fel: --fail-on: 'snart' är inget villkor; skriv forfallet eller inom:DAGAR\n",
        ),
        (("-o", "saknas/k.md"), "fel: -o: mappen 'saknas' finns inte\n"),
    ],
)
def test_bad_input_is_a_usage_error(small: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli("kalender", "-r", small, *args, cwd=small)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_fail_on(small: Path) -> None:
    def code(per: str, *args: str) -> int:
        return run_cli("kalender", "-r", small, "--per", per, "-f", "json", *args).code

    assert code(PER, "--fail-on", "forfallet") == 1
    quiet = ("--typ", "behorighetskontroll")  # both due 2026-12-01
    assert code(PER, *quiet, "--fail-on", "forfallet") == 0
    assert code("2026-11-01", *quiet, "--fail-on", "inom:29") == 0
    assert code("2026-11-01", *quiet, "--fail-on", "inom:30") == 1


def test_fail_on_looks_past_the_window_shown(small: Path) -> None:
    """Only the items in the window are built (docs/prestanda.md), but --fail-on inom:N
    beyond it still sees those up to N days: behörighetskontroll falls due 2026-12-01."""
    args = ("kalender", "-r", small, "--per", "2026-11-01", "--typ", "behorighetskontroll")
    shown = run_cli(*args, "-f", "json", "--inom", "10", "--fail-on", "inom:30")
    assert (shown.code, shown.err) == (1, "")
    assert json.loads(shown.out) == {"per": "2026-11-01", "poster": []}
    assert run_cli(*args, "--inom", "10", "--fail-on", "inom:29").code == 0


def test_a_person_whose_items_all_lie_beyond_the_window_is_known(
    make_register: MakeRegister,
) -> None:
    """Ingrid Egen is named only on b1 (its own role), whose access review falls due
    2026-12-01: outside 90 days of 2026-03-01, an empty list and no note that nobody
    has the name."""
    root = make_register(
        behandlingar=[
            behandling(
                "b1",
                senaste_behorighetskontroll="2025-12-01",
                roller={"objektledare_it": "Ingrid Egen"},
            )
        ]
    )
    args = ("kalender", "-r", root, "--per", PER, "-f", "json", "--ansvarig")
    result = run_cli(*args, "Ingrid Egen")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == {"per": PER, "poster": []}
    assert run_cli(*args, "Ingrid").err.startswith("obs: ingen heter eller har rollen 'Ingrid'.")


def test_output_file(small: Path, tmp_path: Path) -> None:
    target = tmp_path / "k.json"
    result = run_cli("kalender", "-r", small, "--per", PER, "-f", "json", "-o", target)
    assert (result.code, result.out) == (0, "")
    assert json.loads(target.read_text("utf-8"))["per"] == PER


def test_post_fields_are_the_json_fields() -> None:
    from lgtool.render.kalender import post_dict

    post = Post(None, "klassa", "b", "o", None, "objektagare", "t", True, "n", "b")
    assert list(post_dict(post)) == [
        "datum",
        "typ",
        "behandling",
        "forvaltningsobjekt",
        "ansvarig",
        "roll",
        "text",
        "forfallen",
    ]


def test_ics_without_the_extra_names_it(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "icalendar", None)  # import fails, as when not installed
    result = run_cli("kalender", "-r", small, "-f", "ics")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "fel: --format ics kräver tillägget kalender: pip install 'lgtool[kalender]'\n",
    )


INCIDENT = """\
id: 2026-050
rubrik: Utpressningsvirus på en filserver
upptackt: 2026-02-10T08:00
kategori: skadlig-kod
betydande: true
personuppgiftsincident: true
behandlingar: [b1]
status: oppen
"""


def test_incident_deadlines_while_nothing_is_sent(make_register: MakeRegister) -> None:
    # Detected 2026-02-10 08:00 (Swedish time), nothing sent. At the end of 2026-02-11 the
    # early warning (24 h: 2026-02-11 08:00) has passed; the notification and IMY (72 h:
    # 2026-02-13 08:00) have not; the final report is due one month after the
    # notification's deadline day: 2026-03-13.
    root = make_register(
        behandlingar=[behandling("b1")],
        files={"incidenter/2026/2026-050.yaml": INCIDENT},
    )
    result = run_cli(
        "kalender", "-r", root, "--per", "2026-02-11", "-f", "json", "--ansvarig", "ingen namngiven"
    )
    assert (result.code, result.err) == (0, "")
    got = [
        (p["datum"], p["typ"], p["behandling"], p["forfallen"], p["text"])
        for p in json.loads(result.out)["poster"]
    ]
    text = "för incident 2026-050: Utpressningsvirus på en filserver"
    assert got == [
        ("2026-02-11", "tidig_varning", "b1", True, f"Tidig varning {text}"),
        ("2026-02-13", "incidentanmalan", "b1", False, f"Incidentanmälan {text}"),
        ("2026-02-13", "imy", "b1", False, f"Anmälan till IMY {text}"),
        ("2026-03-13", "slutrapport", "b1", False, f"Slutrapport {text}"),
    ]
    (root / "incidenter/2026/2026-050.yaml").write_text(
        INCIDENT + "tidig_varning: 2026-02-10T20:00\nimy_anmalan: 2026-02-11T10:00\n", "utf-8"
    )
    result = run_cli("kalender", "-r", root, "--per", "2026-02-11", "-f", "json", "--typ", "imy")
    assert json.loads(result.out)["poster"] == []


def test_action_items_and_decisions(make_register: MakeRegister) -> None:
    punkter = [
        {"id": "hp-1", "rubrik": "Loggar saknas", "farg": "rod", "kalla": "klassa",
         "ansvarig": "objektledare_it", "senast": "2026-02-15"},
        {"id": "hp-2", "rubrik": "Rutin saknas", "farg": "gul", "kalla": "rsa",
         "ansvarig": "Greta Namn", "senast": "2026-04-30", "status": "pagaende"},
        {"id": "hp-3", "rubrik": "Klar redan", "farg": "gul", "kalla": "rsa",
         "senast": "2026-01-31", "status": "klar", "klar_datum": "2026-01-20"},
        {"id": "hp-4", "rubrik": "Utan datum", "farg": "gul", "kalla": "lg"},
        {"id": "hp-5", "rubrik": "Ingen ansvarig skriven", "farg": "gul", "kalla": "lg",
         "senast": "2026-05-31"},
    ]  # fmt: skip
    year = {
        "ar": 2025,
        "prioriteringar": {2025: []},
        "ledningens_genomgang": {
            "beslut": [
                "Ett beslut i fritext.",
                {"id": "b-1", "text": "Rekrytera en objektledare IT.", "ansvarig": "IT-chef",
                 "senast": "2026-03-31"},
                {"id": "b-2", "text": "Redan klart.", "senast": "2026-01-31", "status": "klar"},
            ]
        },
    }  # fmt: skip
    root = make_register(
        behandlingar=[behandling("b1", handlingsplan={"punkter": punkter})], ar={2025: year}
    )
    result = run_cli(
        "kalender", "-r", root, "--per", PER, "-f", "json", "--inom", "100",
        "--typ", "atgard", "--typ", "beslut",
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    got = [
        (p["datum"], p["typ"], p["ansvarig"], p["roll"], p["text"], p["forfallen"])
        for p in json.loads(result.out)["poster"]
    ]
    assert got == [
        ("2026-02-15", "atgard", "Ivar It", "objektledare_it",
         "Åtgärd hp-1 för Behandling b1: Loggar saknas", True),
        ("2026-03-31", "beslut", "IT-chef", None, "Rekrytera en objektledare IT.", False),
        ("2026-04-30", "atgard", "Greta Namn", None,
         "Åtgärd hp-2 för Behandling b1: Rutin saknas", False),
        ("2026-05-31", "atgard", "Olle Ägare", "objektagare",
         "Åtgärd hp-5 för Behandling b1: Ingen ansvarig skriven", False),
    ]  # fmt: skip


@pytest.mark.parametrize(("columns", "with_objekt"), [("80", False), ("100", True)])
def test_the_table_fits_the_terminal_and_never_breaks_an_objekt_id(
    columns: str, with_objekt: bool
) -> None:
    from conftest import EXAMPLE_REGISTER

    result = run_cli(
        "kalender",
        "-r",
        str(EXAMPLE_REGISTER),
        "--per",
        "2026-12-01",
        "--alla",
        env={"COLUMNS": columns},
    )
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= int(columns)
    header = next(line for line in lines if line.lstrip().startswith("Datum"))
    assert header.split() == [
        "Datum",
        "Typ",
        "Vad",
        *(["Objekt"] if with_objekt else []),
        "Ansvarig",
    ]
    if with_objekt:  # an objekt id is shown whole, on one line
        assert any(" verksamhetsstod " in line for line in lines)
        assert not any(line.rstrip().endswith("verksamhetss") for line in lines)
