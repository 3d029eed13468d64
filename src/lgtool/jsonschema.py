"""JSON Schema for the register's files, generated from the pydantic models.

Editors (VS Code with the YAML extension, and others using yaml-language-server)
read these to complete field names and check values while people type. Field
descriptions come from the models; the models' own docstrings are English
developer text, so each schema object gets a Swedish title and description here.

Given a register's own names (:class:`RegisterNames`: its förvaltningsobjekt ids
and the role keys it accepts), the schemas list them as allowed values, so the
editor flags an unknown förvaltningsobjekt or role key as ``lgtool validate``
does. Such schemas are as current as the organisation.yaml they were written
from: ``lgtool schema`` writes them again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from lgtool.model import KANDA_ROLLER, Ar, Behandling, Organisation
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
    "Handlingsplan": (
        "Handlingsplan",
        "Handlingsplanen från KLASSA: antalen ohanterade punkter, eller punkterna listade.",
    ),
    "Atgardspunkt": (
        "Åtgärdspunkt",
        "En punkt i handlingsplanen: brist, färg, källa, ansvarig, sista datum och status.",
    ),
    "Ar": (
        "ar/<ÅÅÅÅ>.yaml",
        "Årets uppföljning för Ledningens genomgång och planen för de kommande tre åren.",
    ),
    "Prioritering": ("Prioritering", "En prioritering (aktivitet) i årets plan."),
    "Mal": ("Mål", "Ett mål med mätetal (ISO/IEC 27001:2022 6.2): nyckeltal och målvärde."),
    "Urval": ("Urval", "Vilka behandlingar målets nyckeltal räknas över."),
    "Beslut": (
        "Beslut",
        "Ett beslut från ledningens genomgång (9.3.3), följt upp året efter (9.3.2 a).",
    ),
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


ID_PREFIX = "urn:lgtool:schema:"
"""The schemas' ``$id``: lgtool has no web address, so a URN (``urn:lgtool:schema:ar``)."""


@dataclass(frozen=True)
class RegisterNames:
    """A register's own names that its schemas list as allowed values."""

    forvaltningsobjekt: tuple[str, ...]
    """The förvaltningsobjekt ids in organisation.yaml, in the file's order."""
    roller: tuple[str, ...]
    """The role keys a processing or förvaltningsobjekt may name, sorted."""


def register_names(organisation: Organisation) -> RegisterNames:
    """The names of a register from its organisation (the rules ``validate`` applies)."""
    return RegisterNames(
        forvaltningsobjekt=tuple(o.id for o in organisation.forvaltningsobjekt),
        roller=tuple(sorted(set(KANDA_ROLLER) | set(organisation.policy.pm3_roller))),
    )


def generate(model: type[BaseModel], names: RegisterNames | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``model`` with Swedish titles and descriptions."""
    schema = model.model_json_schema(schema_generator=_Generator)
    _swedish(model.__name__, schema)
    for name, definition in schema.get("$defs", {}).items():
        _swedish(name, definition)
    if names is not None:
        _fill_in(model, schema, names)
    stem = next(n for n, m in SCHEMA_FILES.items() if m is model).removesuffix(".schema.json")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{ID_PREFIX}{stem}",
        **schema,
    }


_REGISTER_NOTE = " Värdena är registrets egna; kör lgtool schema igen när organisation.yaml ändras."


def _fill_in(model: type[BaseModel], schema: dict[str, Any], names: RegisterNames) -> None:
    """Allowed values from the register: förvaltningsobjekt ids and role keys."""
    if model is Behandling:
        objekt = schema["properties"]["forvaltningsobjekt"]
        objekt["enum"] = list(names.forvaltningsobjekt)
        objekt["description"] += _REGISTER_NOTE
        _role_keys(schema["properties"]["roller"], names.roller)
    elif model is Organisation:
        _role_keys(schema["$defs"]["Forvaltningsobjekt"]["properties"]["roller"], names.roller)


def _role_keys(prop: dict[str, Any], roller: Sequence[str]) -> None:
    """Limit the keys of the role mapping ``prop`` (maybe inside an anyOf with null)."""
    for branch in [prop, *prop.get("anyOf", [])]:
        if branch.get("type") == "object":
            branch["propertyNames"] = {"enum": list(roller)}
    prop["description"] += _REGISTER_NOTE


def render(model: type[BaseModel], names: RegisterNames | None = None) -> str:
    """:func:`generate` as stable, readable JSON text."""
    return json.dumps(generate(model, names), ensure_ascii=False, indent=2) + "\n"


def render_all(names: RegisterNames | None = None) -> dict[str, str]:
    """File name → JSON text for every schema file; with ``names``, the register's own."""
    return {name: render(model, names) for name, model in SCHEMA_FILES.items()}
