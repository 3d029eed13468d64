"""The JSON Schemas: Swedish, complete, and the committed files current."""

from __future__ import annotations

from typing import Any

from conftest import EXAMPLE_REGISTER
from lgtool.jsonschema import SCHEMA_FILES, generate, render_all
from lgtool.model import Behandling


def test_committed_schemas_are_current() -> None:
    """If this fails: run 'lgtool schema -r register' and commit register/schema/."""
    folder = EXAMPLE_REGISTER / "schema"
    committed = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.schema.json")}
    assert committed == render_all()


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
