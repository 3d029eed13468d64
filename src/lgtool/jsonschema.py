"""JSON Schema for the register's files, generated from the pydantic models.

Editors (VS Code with the YAML extension, and others using yaml-language-server)
read these to complete field names and check values while people type. Field
descriptions come from the models; the models' own docstrings are English
developer text, so each schema object gets a Swedish title and description here.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from lgtool.model import Ar, Behandling, Organisation
from lgtool.model.incident import Incident

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "organisation.schema.json": Organisation,
    "behandling.schema.json": Behandling,
    "ar.schema.json": Ar,
    "incident.schema.json": Incident,
}
"""File name → model, in the folder ``register/schema/``."""

_SWEDISH: dict[str, tuple[str, str]] = {
    "Organisation": (
        "organisation.yaml",
        "Organisationen: dess policy, styrdokument och förvaltningsobjekt.",
    ),
    "Policy": (
        "Policy",
        "Organisationens egna regler för kontrollpunkterna och den publika rapporten.",
    ),
    "MaxAlderManader": (
        "Högsta ålder i månader",
        "Hur gamla (i månader) KLASSA, RSA och behörighetskontroll får vara.",
    ),
    "Styrdokument": ("Styrdokument", "Styrdokument i LIS, stadsövergripande eller lokalt."),
    "Forvaltningsobjekt": (
        "Förvaltningsobjekt",
        "Förvaltningsobjekt enligt pm3, som grupperar informationsbehandlingar.",
    ),
    "Behandling": (
        "behandlingar/<id>.yaml",
        "En informationsbehandling: oftast ett IT-system och det som görs med dess information.",
    ),
    "Klassning": ("Klassning", "Konsekvensnivåer från senaste KLASSA, heltal 0–4."),
    "Handlingsplan": ("Handlingsplan", "Ohanterade punkter i handlingsplanen från KLASSA."),
    "Ar": (
        "ar/<ÅÅÅÅ>.yaml",
        "Årets uppföljning för Ledningens genomgång och planen för de kommande tre åren.",
    ),
    "Prioritering": ("Prioritering", "En prioritering (aktivitet) i årets plan."),
    "Incidenter": ("Incidenter", "Sammanställning av årets incidenter, oftast från IA."),
    "Utbildning": ("Utbildning", "Genomförda obligatoriska e-utbildningar."),
    "Upphandling": ("Upphandling", "En upphandling som hanterar information."),
    "LedningensGenomgang": (
        "Ledningens genomgång",
        "Underlag (ISO/IEC 27001:2022 9.3.2 a–g) och beslut (9.3.3) i fritext.",
    ),
    "LedningensUtbildning": (
        "Ledningens utbildning",
        "En utbildning som någon i ledningen genomfört (cybersäkerhetslagen 2025:1506).",
    ),
    "RiskhanteringGodkand": (
        "Riskhantering godkänd",
        "Ledningens beslut om riskhanteringsåtgärderna: datum, beslutsorgan och diarienummer.",
    ),
    "Incident": (
        "incidenter/<ÅÅÅÅ>/<id>.yaml",
        "En incident och när den rapporterades (cybersäkerhetslagen 2025:1506, GDPR art. 33).",
    ),
}
"""Model name → Swedish (title, description) for the schema objects."""


class _Generator(GenerateJsonSchema):
    """Leaves out pydantic's English-looking field titles ("Senaste Klassa")."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _swedish(name: str, schema: dict[str, Any]) -> None:
    if name not in _SWEDISH:
        raise KeyError(f"schemaobjektet {name} saknar svensk titel och beskrivning i jsonschema.py")
    schema["title"], schema["description"] = _SWEDISH[name]


def generate(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``model`` with Swedish titles and descriptions."""
    schema = model.model_json_schema(schema_generator=_Generator)
    _swedish(model.__name__, schema)
    for name, definition in schema.get("$defs", {}).items():
        _swedish(name, definition)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render(model: type[BaseModel]) -> str:
    """:func:`generate` as stable, readable JSON text."""
    return json.dumps(generate(model), ensure_ascii=False, indent=2) + "\n"


def render_all() -> dict[str, str]:
    """File name → JSON text for every schema file."""
    return {name: render(model) for name, model in SCHEMA_FILES.items()}
