"""The JSON Schemas: Swedish, complete, and the committed files current."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import EXAMPLE_REGISTER, ORGANISATION, behandling, run_cli
from lgtool.commands.authoring import ny
from lgtool.jsonschema import SCHEMA_FILES, RegisterNames, generate, register_names, render_all
from lgtool.model import KANDA_ROLLER, Behandling, Organisation
from lgtool.options import NyOptions
from lgtool.yamlio import parse


def _example_names() -> RegisterNames:
    text = (EXAMPLE_REGISTER / "organisation.yaml").read_text(encoding="utf-8")
    return register_names(Organisation.model_validate(parse(text).data))


def test_committed_schemas_are_current() -> None:
    """If this fails: run 'lgtool schema -r register' and commit register/schema/."""
    folder = EXAMPLE_REGISTER / "schema"
    committed = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.schema.json")}
    assert committed == render_all(_example_names())


def test_every_schema_has_an_id_and_is_a_valid_schema() -> None:
    for name, text in render_all(_example_names()).items():
        schema = json.loads(text)
        assert schema["$id"] == f"urn:lgtool:schema:{name.removesuffix('.schema.json')}"
        Draft202012Validator.check_schema(schema)


def _json_data(value: Any) -> Any:
    """YAML data as JSON sees it: mapping keys are strings (ar's years are ints in YAML)."""
    if isinstance(value, dict):
        return {str(k): _json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_data(v) for v in value]
    return value


def _errors(schema_file: str, data: Any) -> list[str]:
    schema = json.loads((EXAMPLE_REGISTER / "schema" / schema_file).read_text("utf-8"))
    validator = Draft202012Validator(schema)
    return sorted(e.message for e in validator.iter_errors(_json_data(data)))


@pytest.mark.parametrize(
    ("folder", "schema_file"),
    [(".", "organisation.schema.json"), ("behandlingar", "behandling.schema.json"),
     ("ar", "ar.schema.json")],
)  # fmt: skip
def test_the_example_register_passes_its_own_schemas(folder: str, schema_file: str) -> None:
    files = sorted((EXAMPLE_REGISTER / folder).glob("*.yaml"))
    assert files
    for path in files:
        assert _errors(schema_file, parse(path.read_text("utf-8")).data) == [], path.name


def test_the_editor_flags_an_unknown_forvaltningsobjekt_and_role_key() -> None:
    data = parse((EXAMPLE_REGISTER / "behandlingar/tk-signalstyrning.yaml").read_text()).data
    data["forvaltningsobjekt"] = "trafikledningen"
    data["roller"] = {"objektledare_itt": "Cecilia Ceder"}
    # roller is "a mapping or null": the role key's error is inside the anyOf.
    assert _errors("behandling.schema.json", data) == [
        "'trafikledningen' is not one of ['trafikledning', 'parkering', 'gatuarbeten', "
        "'drift-underhall', 'konstbyggnader', 'kundtjanst', 'geodata', 'verksamhetsstod']",
        "{'objektledare_itt': 'Cecilia Ceder'} is not valid under any of the given schemas",
    ]
    data["forvaltningsobjekt"] = "trafikledning"
    data["roller"] = {"objektledare_it": "Cecilia Ceder"}
    assert _errors("behandling.schema.json", data) == []
    org = parse((EXAMPLE_REGISTER / "organisation.yaml").read_text()).data
    org["forvaltningsobjekt"][0]["roller"]["objektagre"] = "Karin Lindqvist"
    assert _errors("organisation.schema.json", org) == [
        "'objektagre' is not one of ['forvaltningsledare', 'forvaltningsledare_it', "
        "'forvaltningsledare_verksamhet', 'informationsagare', 'objektagare', "
        "'objektledare_it', 'objektledare_verksamhet', 'objektspecialist', "
        "'objektspecialister', 'systemagare', 'systemforvaltare']"
    ]


def test_a_policy_role_is_allowed_and_the_general_schema_lists_no_names() -> None:
    org = Organisation.model_validate(
        {**ORGANISATION, "policy": {"pm3_roller": ["objektagare", "dataskyddssamordnare"]}}
    )
    names = register_names(org)
    assert names == RegisterNames(("obj",), tuple(sorted({*KANDA_ROLLER, "dataskyddssamordnare"})))
    general = generate(Behandling)
    assert "enum" not in general["properties"]["forvaltningsobjekt"]
    assert "propertyNames" not in json.dumps(general)
    assert general["$id"] == "urn:lgtool:schema:behandling"


def test_schema_without_a_register_or_with_a_broken_organisation(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "s"
    alone = run_cli("schema", "-o", out.as_posix(), cwd=tmp_path)
    assert (alone.code, alone.err) == (0, "")
    assert alone.out.endswith(
        "Allmänna scheman (inget register): förvaltningsobjekt och roller listas inte.\n"
    )
    assert json.loads((out / "behandling.schema.json").read_text("utf-8")) == generate(Behandling)
    root = make_register(organisation="organisation: [\n")
    broken = run_cli("schema", "-r", root.as_posix())
    assert (broken.code, broken.err) == (0, "")
    assert broken.out.endswith(
        "organisation.yaml saknas eller har fel (se lgtool validate): schemana listar inte "
        "registrets förvaltningsobjekt och roller.\n"
    )


def test_ny_writes_the_schema_line_only_when_the_schema_exists(
    make_register: Callable[..., Path],
) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    ny(NyOptions("utan", "obj", register=root), io.StringIO())
    (root / "schema").mkdir()
    (root / "schema/behandling.schema.json").write_text("{}\n", encoding="utf-8")
    ny(NyOptions("med", "obj", register=root), io.StringIO())
    without = (root / "behandlingar/utan.yaml").read_text("utf-8")
    with_line = (root / "behandlingar/med.yaml").read_text("utf-8")
    assert without.startswith("# Informationsbehandling i registret")
    assert with_line.startswith(
        "# yaml-language-server: $schema=../schema/behandling.schema.json\n"
        "# Informationsbehandling i registret"
    )


def _objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [schema, *schema.get("$defs", {}).values()]


def test_every_object_and_field_has_a_swedish_description_and_no_english_title() -> None:
    for model in SCHEMA_FILES.values():
        for obj in _objects(generate(model)):
            assert obj["description"] and obj["title"]
            for name, prop in obj.get("properties", {}).items():
                assert prop.get("description"), name
                assert "title" not in prop, name


def test_behandling_schema_lists_enums_and_requires_the_required_fields() -> None:
    schema = generate(Behandling)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "behandlingar/<id>.yaml"
    assert schema["additionalProperties"] is False
    assert schema["properties"]["kategori"]["enum"] == ["unik", "gemensam", "ovrig"]
    assert schema["properties"]["konsekvensbedomning"]["enum"] == ["ja", "nej", "ej_tillampligt"]
    assert schema["required"] == [
        "id",
        "namn",
        "forvaltningsobjekt",
        "kategori",
        "personuppgifter",
        "senaste_klassa",
        "senaste_rsa",
        "senaste_behorighetskontroll",
        "registerford",
        "konsekvensbedomning",
        "klassningsprotokoll",
        "systembeskrivning",
    ]
    # Required, but null when never done: the key must be there, its value may be null.
    assert schema["properties"]["senaste_rsa"]["anyOf"][1] == {"type": "null"}
