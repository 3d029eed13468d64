"""pydantic's validation errors as Swedish problems located in the YAML (lgtool.schema_errors)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from conftest import REPO, TODAY
from lgtool.model import Ar, Behandling, Organisation
from lgtool.problems import MAX_PROBLEMS_PER_FILE, Problem, format_text, summary
from lgtool.schema_errors import translate, translate_all
from lgtool.yamlio import parse

FIL = "behandlingar/b1.yaml"

Expected = tuple[int, int, str, str]
"""(line, column, code, message) of an expected problem."""

BEHANDLING_LINES = {
    "id": "id: b1",
    "namn": "namn: Signalstyrning",
    "forvaltningsobjekt": "forvaltningsobjekt: obj",
    "kategori": "kategori: unik",
    "personuppgifter": "personuppgifter: false",
    "senaste_klassa": "senaste_klassa: 2024-03-12",
    "senaste_rsa": "senaste_rsa: 2023-11-02",
    "senaste_behorighetskontroll": "senaste_behorighetskontroll: null",
    "registerford": "registerford: false",
    "konsekvensbedomning": "konsekvensbedomning: ej_tillampligt",
    "klassningsprotokoll": "klassningsprotokoll: true",
    "systembeskrivning": "systembeskrivning: true",
}
"""A valid processing, one field per line: line 1 is id, line 12 systembeskrivning."""


def behandling(*extra: str, **lines: str | None) -> str:
    """The valid processing's text with ``lines`` replaced (None: left out) and ``extra``
    lines appended from line 13 on."""
    fields = {**BEHANDLING_LINES, **lines}
    return "\n".join([*(v for v in fields.values() if v is not None), *extra]) + "\n"


def problems(model: type[BaseModel], text: str) -> list[Problem]:
    """The translated problems of validating ``text`` against ``model``, sorted."""
    document = parse(text)
    try:
        model.model_validate(document.data, context={"idag": TODAY})
    except ValidationError as exc:
        return sorted(translate(error, document, FIL, model) for error in exc.errors())
    return []


def check(text: str, *expected: Expected, model: type[BaseModel] = Behandling) -> None:
    """Validating ``text`` gives exactly the ``expected`` problems."""
    assert problems(model, text) == sorted(Problem(FIL, *p) for p in expected)


def test_valid_processing_has_no_problems() -> None:
    check(behandling())


# --- unknown fields ---------------------------------------------------------------------


def test_misspelt_field_gets_a_suggestion() -> None:
    check(
        behandling(senaste_klassa="senaste_klasa: 2024-03-12"),
        (1, 1, "saknat-falt", "obligatoriskt fält 'senaste_klassa' saknas"),
        (6, 1, "okant-falt", "okänt fält 'senaste_klasa' – menade du 'senaste_klassa'?"),
    )


def test_field_with_swedish_letters_gets_the_ascii_name() -> None:
    check(
        behandling("nätverkszon: Z2"),
        (13, 1, "okant-falt", "okänt fält 'nätverkszon' – menade du 'natverkszon'?"),
    )


def test_unknown_field_without_a_close_name() -> None:
    check(behandling("leverantor: Acme"), (13, 1, "okant-falt", "okänt fält 'leverantor'"))


def test_unknown_nested_field_is_located_at_its_key() -> None:
    check(
        behandling("handlingsplan:", "  per_datun: 2024-10-01", "  gula: 1", "  roda: 0"),
        (14, 3, "okant-falt", "okänt fält 'per_datun' – menade du 'per_datum'?"),
    )


def test_unknown_field_in_a_list_item() -> None:
    check(
        "organisation: X\n"
        "styrdokument:\n"
        "  - namn: Riktlinje\n"
        "    niva: stad\n"
        "    faststald: 2020-01-01\n"
        "forvaltningsobjekt:\n"
        "  - {id: a, namn: A}\n",
        (5, 5, "okant-falt", "okänt fält 'faststald' – menade du 'faststalld'?"),
        model=Organisation,
    )


# --- wrong types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        pytest.param(
            "registerford: ja",
            (
                9,
                15,
                "fel-typ",
                "'registerford' ska vara true eller false, inte 'ja' "
                "(skriv true för ja och false för nej)",
            ),
            id="ja",
        ),
        pytest.param(
            "registerford: Nej",
            (
                9,
                15,
                "fel-typ",
                "'registerford' ska vara true eller false, inte 'Nej' "
                "(skriv true för ja och false för nej)",
            ),
            id="Nej",
        ),
        pytest.param(
            "registerford: yes",
            (
                9,
                15,
                "fel-typ",
                "'registerford' ska vara true eller false, inte 'yes' "
                "(skriv true för ja och false för nej)",
            ),
            id="yes",
        ),
        pytest.param(
            "registerford: 1",
            (9, 15, "fel-typ", "'registerford' ska vara true eller false, inte 1"),
            id="one",
        ),
        pytest.param(
            'registerford: "true"',
            (
                9,
                15,
                "fel-typ",
                "'registerford' ska vara true eller false, inte 'true' (citattecknen gör "
                "värdet till text; ta bort dem)",
            ),
            id="quoted-true",
        ),
        pytest.param(
            "registerford: null",
            (9, 15, "fel-typ", "'registerford' ska vara true eller false, inte null"),
            id="null",
        ),
    ],
)
def test_boolean_field(line: str, problem: Expected) -> None:
    check(behandling(registerford=line), problem)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"fem"', (15, 9, "fel-typ", "'handlingsplan.gula' ska vara ett heltal, inte 'fem'")),
        ("1.5", (15, 9, "fel-typ", "'handlingsplan.gula' ska vara ett heltal, inte 1.5")),
        (
            '"7"',
            (
                15,
                9,
                "fel-typ",
                "'handlingsplan.gula' ska vara ett heltal, inte '7' (citattecknen gör värdet "
                "till text; ta bort dem)",
            ),
        ),
        ("true", (15, 9, "fel-typ", "'handlingsplan.gula' ska vara ett heltal, inte true")),
        ("null", (15, 9, "fel-typ", "'handlingsplan.gula' ska vara ett heltal, inte null")),
        (
            "-1",
            (15, 9, "utanfor-intervall", "'handlingsplan.gula' ska vara minst 0, inte -1"),
        ),
    ],
)
def test_count_field(value: str, problem: Expected) -> None:
    check(
        behandling("handlingsplan:", "  per_datum: 2024-10-01", f"  gula: {value}", "  roda: 0"),
        problem,
    )


def test_level_above_four() -> None:
    check(
        behandling("klassning:", "  konfidentialitet: 5", "  riktighet: 3", "  tillganglighet: 4"),
        (
            14,
            21,
            "utanfor-intervall",
            "'klassning.konfidentialitet' får vara högst 4, inte 5",
        ),
    )


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('namn: ""', (2, 7, "tomt-varde", "'namn' får inte vara tomt")),
        ("namn: null", (2, 7, "fel-typ", "'namn' ska vara text, inte null")),
        (
            "namn: 123",
            (2, 7, "fel-typ", "'namn' ska vara text, inte 123 (sätt citattecken runt värdet)"),
        ),
        (
            "namn: true",
            (2, 7, "fel-typ", "'namn' ska vara text, inte true (sätt citattecken runt värdet)"),
        ),
        ("namn: [a, b]", (2, 1, "fel-typ", "'namn' ska vara text, inte en lista")),
        ("namn: {a: b}", (2, 1, "fel-typ", "'namn' ska vara text, inte en mappning")),
    ],
)
def test_text_field(line: str, problem: Expected) -> None:
    check(behandling(namn=line), problem)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "handlingsplan: inga",
            (
                13,
                16,
                "fel-typ",
                "'handlingsplan' ska vara en mappning (fält: värde), inte 'inga'",
            ),
        ),
        (
            "handlingsplan: [5, 2]",
            (
                13,
                1,
                "fel-typ",
                "'handlingsplan' ska vara en mappning (fält: värde), inte en lista",
            ),
        ),
    ],
)
def test_mapping_field(line: str, problem: Expected) -> None:
    check(behandling(line), problem)


def test_list_field_given_a_mapping() -> None:
    check(
        "organisation: X\nforvaltningsobjekt: {id: a, namn: A}\n",
        (2, 1, "fel-typ", "'forvaltningsobjekt' ska vara en lista, inte en mappning"),
        model=Organisation,
    )


def test_empty_list_where_one_is_required() -> None:
    check(
        "organisation: X\nforvaltningsobjekt: []\n",
        (2, 1, "tom-lista", "'forvaltningsobjekt' måste innehålla minst 1 element"),
        model=Organisation,
    )


# --- allowed values and ids -------------------------------------------------------------


def test_unknown_value_gets_a_suggestion() -> None:
    check(
        behandling(kategori="kategori: unike"),
        (
            4,
            11,
            "ogiltigt-varde",
            "ogiltigt värde 'unike' för 'kategori'; tillåtna värden: unik, gemensam, ovrig "
            "– menade du 'unik'?",
        ),
    )


def test_unknown_value_without_a_close_one() -> None:
    check(
        behandling(kategori="kategori: annan"),
        (
            4,
            11,
            "ogiltigt-varde",
            "ogiltigt värde 'annan' för 'kategori'; tillåtna värden: unik, gemensam, ovrig",
        ),
    )


def test_capitalised_ja_gets_a_suggestion() -> None:
    # Suggestions ignore case: 'Ja' is too short for difflib's cutoff against 'ja'
    # unless both are compared in lower case.
    check(
        behandling(konsekvensbedomning="konsekvensbedomning: Ja"),
        (
            10,
            22,
            "ogiltigt-varde",
            "ogiltigt värde 'Ja' för 'konsekvensbedomning'; tillåtna värden: ja, nej, "
            "ej_tillampligt – menade du 'ja'?",
        ),
    )


def test_capitalised_field_name_gets_a_suggestion() -> None:
    check(
        behandling("Natverkszon: Z2"),
        (13, 1, "okant-falt", "okänt fält 'Natverkszon' – menade du 'natverkszon'?"),
    )


def test_boolean_where_a_word_is_expected() -> None:
    check(
        behandling(konsekvensbedomning="konsekvensbedomning: true"),
        (
            10,
            22,
            "ogiltigt-varde",
            "ogiltigt värde true för 'konsekvensbedomning'; tillåtna värden: ja, nej, "
            "ej_tillampligt",
        ),
    )


def test_id_with_capitals_and_spaces() -> None:
    check(
        behandling(id="id: Signal Styrning"),
        (
            1,
            5,
            "ogiltigt-id",
            "'Signal Styrning' är inget giltigt värde för 'id'; använd små bokstäver a–z, "
            "siffror och bindestreck (inga å, ä, ö eller mellanslag)",
        ),
    )


def test_id_too_long() -> None:
    check(
        behandling(id="id: " + "a" * 81),
        (1, 5, "for-langt", "'id' är för långt (högst 80 tecken)"),
    )


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("2024-13-01", "ogiltigt-datum", "'senaste_klassa': '2024-13-01' är inget möjligt datum"),
        ("2024-02-30", "ogiltigt-datum", "'senaste_klassa': '2024-02-30' är inget möjligt datum"),
        (
            "2024-3-1",
            "ogiltigt-datum",
            "'senaste_klassa': skriv datumet med två siffror för månad och dag: 2024-03-01",
        ),
        (
            "mars 2024",
            "ogiltigt-datum",
            "'senaste_klassa': 'mars 2024' är inget datum; skriv datum som ÅÅÅÅ-MM-DD",
        ),
        (
            "2024/03/12",
            "ogiltigt-datum",
            "'senaste_klassa': '2024/03/12' är inget datum; skriv datum som ÅÅÅÅ-MM-DD",
        ),
        (
            "2024-03-12T10:00:00",
            "ogiltigt-datum",
            "'senaste_klassa': '2024-03-12T10:00:00' är inget datum; skriv datum som ÅÅÅÅ-MM-DD",
        ),
        (
            "2024",
            "ogiltigt-datum",
            "'senaste_klassa': ska vara ett datum (ÅÅÅÅ-MM-DD), inte 2024",
        ),
        (
            "true",
            "ogiltigt-datum",
            "'senaste_klassa': ska vara ett datum (ÅÅÅÅ-MM-DD), inte true",
        ),
        (
            "2099-01-01",
            "framtida-datum",
            "'senaste_klassa': datumet 2099-01-01 ligger efter dagens datum (2026-11-29)",
        ),
        (
            "2026-11-30",
            "framtida-datum",
            "'senaste_klassa': datumet 2026-11-30 ligger efter dagens datum (2026-11-29)",
        ),
    ],
)
def test_date_field(value: str, code: str, message: str) -> None:
    check(behandling(senaste_klassa=f"senaste_klassa: {value}"), (6, 17, code, message))


@pytest.mark.parametrize("value", ["2026-11-29", "'2024-03-12'", "null"])
def test_date_today_quoted_or_null_is_accepted(value: str) -> None:
    check(behandling(senaste_klassa=f"senaste_klassa: {value}"))


def test_date_in_a_list_item() -> None:
    check(
        "organisation: X\n"
        "styrdokument:\n"
        "  - namn: A\n"
        "    niva: stad\n"
        "  - namn: B\n"
        "    niva: lokal\n"
        "    faststalld: 2099-01-01\n"
        "forvaltningsobjekt:\n"
        "  - {id: a, namn: A}\n",
        (
            7,
            17,
            "framtida-datum",
            "'styrdokument[1].faststalld': datumet 2099-01-01 ligger efter dagens datum "
            "(2026-11-29)",
        ),
        model=Organisation,
    )


# --- missing fields ---------------------------------------------------------------------


def test_missing_top_level_field_is_located_at_the_start_of_the_file() -> None:
    check(behandling(namn=None), (1, 1, "saknat-falt", "obligatoriskt fält 'namn' saknas"))


def test_missing_nested_field_is_located_at_the_parent_key() -> None:
    check(
        behandling("handlingsplan:", "  per_datum: 2024-10-01", "  roda: 0"),
        (13, 1, "saknat-falt", "obligatoriskt fält 'gula' saknas i 'handlingsplan'"),
    )


def test_missing_fields_in_list_items_are_located_at_each_item() -> None:
    check(
        "organisation: X\nforvaltningsobjekt:\n  - id: a\n  - namn: B\n",
        (3, 5, "saknat-falt", "obligatoriskt fält 'namn' saknas i 'forvaltningsobjekt[0]'"),
        (4, 5, "saknat-falt", "obligatoriskt fält 'id' saknas i 'forvaltningsobjekt[1]'"),
        model=Organisation,
    )


def test_klassning_needs_all_three_levels() -> None:
    check(
        behandling("klassning:", "  konfidentialitet: 2"),
        (13, 1, "saknat-falt", "obligatoriskt fält 'riktighet' saknas i 'klassning'"),
        (13, 1, "saknat-falt", "obligatoriskt fält 'tillganglighet' saknas i 'klassning'"),
    )


@pytest.mark.parametrize("field", ["senaste_klassa", "senaste_rsa", "senaste_behorighetskontroll"])
def test_missing_date_key_is_a_problem(field: str) -> None:
    check(
        behandling(**{field: None}),
        (1, 1, "saknat-falt", f"obligatoriskt fält '{field}' saknas"),
    )


def test_all_problems_of_a_file_are_reported() -> None:
    check(
        behandling(
            "handlingsplan: {per_datum: 2024-10-01, gula: fem}",
            namn=None,
            kategori="kategori: unike",
            registerford="registerford: ja",
        ),
        (1, 1, "saknat-falt", "obligatoriskt fält 'namn' saknas"),
        (
            3,
            11,
            "ogiltigt-varde",
            "ogiltigt värde 'unike' för 'kategori'; tillåtna värden: unik, gemensam, ovrig "
            "– menade du 'unik'?",
        ),
        (
            8,
            15,
            "fel-typ",
            "'registerford' ska vara true eller false, inte 'ja' "
            "(skriv true för ja och false för nej)",
        ),
        (12, 1, "saknat-falt", "obligatoriskt fält 'roda' saknas i 'handlingsplan'"),
        (12, 46, "fel-typ", "'handlingsplan.gula' ska vara ett heltal, inte 'fem'"),
    )


# --- flow style -------------------------------------------------------------------------


def test_positions_inside_a_flow_mapping() -> None:
    check(
        behandling("handlingsplan: {per_datum: 2024-3-1, gula: 5, roda: x, gron: 1}"),
        (
            13,
            28,
            "ogiltigt-datum",
            "'handlingsplan.per_datum': skriv datumet med två siffror för månad och dag: "
            "2024-03-01",
        ),
        (13, 53, "fel-typ", "'handlingsplan.roda' ska vara ett heltal, inte 'x'"),
        (13, 56, "okant-falt", "okänt fält 'gron'"),
    )


def test_positions_inside_a_flow_list_of_flow_mappings() -> None:
    check(
        "organisation: X\n"
        "policy: {pm3_roller: [objektagare]}\n"
        "forvaltningsobjekt: [{id: a, namn: A}, {id: B, namn: ''}]\n",
        (
            3,
            45,
            "ogiltigt-id",
            "'B' är inget giltigt värde för 'forvaltningsobjekt[1].id'; använd små bokstäver "
            "a–z, siffror och bindestreck (inga å, ä, ö eller mellanslag)",
        ),
        (3, 54, "tomt-varde", "'forvaltningsobjekt[1].namn' får inte vara tomt"),
        model=Organisation,
    )


# --- year files: int keys ---------------------------------------------------------------

AR = """\
ar: 2025
prioriteringar:
  2025:
    - id: regelbundna-klassningar
      text: Vidareutveckla rutinen.
    - id: kontinuitet
      text: Kontinuitetsplaner.
      status: Klar
  '2026':
    - id: a
      text: T
  tjugo: []
utbildning:
  antal_medarbetare: 420
  genomfort_informationssakerhet: 421
  genomfort_dataskydd: 355
"""


def test_year_file_problems() -> None:
    check(
        AR,
        (
            8,
            15,
            "ogiltigt-varde",
            "ogiltigt värde 'Klar' för 'prioriteringar.2025[1].status'; tillåtna värden: "
            "planerad, pagaende, klar, forsenad, struken – menade du 'klar'?",
        ),
        (9, 3, "ogiltig-nyckel", "nycklarna i 'prioriteringar' ska vara heltal, inte '2026'"),
        (12, 3, "ogiltig-nyckel", "nycklarna i 'prioriteringar' ska vara heltal, inte 'tjugo'"),
        (
            15,
            35,
            "for-manga",
            "'utbildning.genomfort_informationssakerhet': 421 är fler än antal_medarbetare (420)",
        ),
        model=Ar,
    )


def test_missing_field_in_a_priority_of_a_year() -> None:
    check(
        "ar: 2025\nprioriteringar:\n  2026:\n    - id: a\n",
        (4, 7, "saknat-falt", "obligatoriskt fält 'text' saknas i 'prioriteringar.2026[0]'"),
        model=Ar,
    )


def test_year_must_be_an_int() -> None:
    check(
        "ar: '2025'\nprioriteringar: {}\n",
        (
            1,
            5,
            "fel-typ",
            "'ar' ska vara ett heltal, inte '2025' (citattecknen gör värdet till text; "
            "ta bort dem)",
        ),
        model=Ar,
    )


def test_level_keys_of_the_zone_policy() -> None:
    check(
        "organisation: X\n"
        "policy:\n"
        "  zon_for_konfidentialitet:\n"
        "    1: Z1\n"
        "    5: Z5\n"
        "    hog: Z4\n"
        "forvaltningsobjekt:\n"
        "  - {id: a, namn: A}\n",
        (
            5,
            5,
            "ogiltig-nyckel",
            "nyckeln 5 i 'policy.zon_for_konfidentialitet' ska vara en nivå 0–4",
        ),
        (
            6,
            5,
            "ogiltig-nyckel",
            "nycklarna i 'policy.zon_for_konfidentialitet' ska vara heltal, inte 'hog'",
        ),
        model=Organisation,
    )


# --- key and role names: each message states the rule it enforces -------------------


def test_incident_category_key_message_matches_the_rule() -> None:
    # Categories are slugs like every id: no underscore, and the message does not offer one.
    check(
        "ar: 2025\nprioriteringar: {}\nincidenter:\n  per_kategori:\n    it_sakerhet: 3\n",
        (
            5,
            5,
            "ogiltig-nyckel",
            "'it_sakerhet' är ingen giltig nyckel i 'incidenter.per_kategori'; använd små "
            "bokstäver a–z, siffror och bindestreck (inga å, ä, ö eller mellanslag)",
        ),
        model=Ar,
    )


def test_role_key_message_matches_the_rule() -> None:
    check(
        behandling("roller:", "  objektledare-it: Cecilia Ceder"),
        (
            14,
            3,
            "ogiltig-nyckel",
            "'objektledare-it' är ingen giltig roll i 'roller'; använd små bokstäver a–z och "
            "understreck, t.ex. objektledare_it",
        ),
    )


def test_pm3_role_name_message_matches_the_rule() -> None:
    check(
        "organisation: X\n"
        "policy:\n"
        "  pm3_roller: [objektledare-it]\n"
        "forvaltningsobjekt:\n"
        "  - {id: a, namn: A}\n",
        (
            3,
            16,
            "ogiltigt-id",
            "'objektledare-it' är inget giltigt rollnamn för 'policy.pm3_roller[0]'; använd "
            "små bokstäver a–z och understreck, t.ex. objektledare_it",
        ),
        model=Organisation,
    )


def test_role_key_with_swedish_letters() -> None:
    check(
        behandling("roller:", "  objektägare: Lena"),
        (
            14,
            3,
            "ogiltig-nyckel",
            "'objektägare' är ingen giltig roll i 'roller'; använd små bokstäver a–z och "
            "understreck, t.ex. objektledare_it",
        ),
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2025", "okänt fält 2025"),
        ("true", "okänt fält true"),
        ("null", "okänt fält null"),
        ("1.5", "okänt fält 1.5"),
    ],
)
def test_key_that_is_not_text(key: str, message: str) -> None:
    # A key that YAML reads as a number, boolean or null: located at the key, shown as
    # YAML writes it.
    check(behandling(f"{key}: x"), (13, 1, "okant-falt", message))


def test_year_without_indentation_in_a_year_file() -> None:
    # The common case: a year of 'prioriteringar' written without indentation.
    check(
        "ar: 2025\nprioriteringar:\n  2025: []\n2026:\n  - id: a\n    text: T\n",
        (
            4,
            1,
            "okant-falt",
            "okänt fält 2026 (ska det vara indraget under 'prioriteringar'?)",
        ),
        model=Ar,
    )


def capped(text: str) -> str:
    """``lgtool validate``'s lines for ``text`` as a processing: at most the cap, then a count."""
    document = parse(text)
    with pytest.raises(ValidationError) as caught:
        Behandling.model_validate(document.data, context={"idag": TODAY})
    found = translate_all(caught.value.errors(), document, FIL, Behandling)
    return format_text(found) + summary(found) + "\n"


def _unknown(first_line: int, count: int) -> str:
    return "".join(f"{FIL}:{first_line + i}:1: fel: okänt fält 'x{i:03}'\n" for i in range(count))


def test_a_file_with_as_many_problems_as_the_cap_shows_them_all() -> None:
    assert MAX_PROBLEMS_PER_FILE == 100  # the limit docs/registerformat.md promises
    text = behandling(*(f"x{i:03}: 1" for i in range(100)))
    assert capped(text) == _unknown(13, 100) + "100 fel i 1 fil\n"


def test_problems_past_the_cap_are_counted_at_the_first_left_out() -> None:
    text = behandling(*(f"x{i:03}: 1" for i in range(105)))
    assert capped(text) == (
        _unknown(13, 100)
        + f"{FIL}:113:1: fel: … och 5 fel till i filen (högst 100 fel visas per fil)\n"
        + "105 fel i 1 fil\n"
    )


def test_the_count_uses_a_thousands_separator() -> None:
    text = behandling(*(f"x{i:04}: 1" for i in range(1234)))
    lines = capped(text).splitlines()
    assert lines[-2:] == [
        f"{FIL}:113:1: fel: … och 1\u00a0134 fel till i filen (högst 100 fel visas per fil)",
        "1\u00a0234 fel i 1 fil",
    ]
    assert len(lines) == 102


def test_problems_at_one_position_are_not_split_by_the_cap() -> None:
    # 98 unknown fields, then three missing ones, all at 'klassning' (line 111): the
    # 99th and 100th problem share the position of the 101st, so all three are counted.
    text = behandling(*(f"x{i:03}: 1" for i in range(98)), "klassning: {}")
    assert capped(text) == (
        _unknown(13, 98)
        + f"{FIL}:111:1: fel: … och 3 fel till i filen (högst 100 fel visas per fil)\n"
        + "101 fel i 1 fil\n"
    )


def test_the_documented_cap_is_the_code_s() -> None:
    docs = (REPO / "docs" / "registerformat.md").read_text("utf-8")
    assert f"högst {MAX_PROBLEMS_PER_FILE} fel per fil" in " ".join(docs.lower().split())
