"""The schema of behandlingar/<id>.yaml: one information processing."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from lgtool.model.common import Antal, Datum, Niva, RollNyckel, Schema, Slug, Text

Kategori = Literal["unik", "gemensam", "ovrig"]
KATEGORIER: tuple[Kategori, ...] = ("unik", "gemensam", "ovrig")
"""The seed's priority order: unique systems first, then city-common, then others."""

JaNejEjTillampligt = Literal["ja", "nej", "ej_tillampligt"]


class Klassning(Schema):
    """Consequence levels from the latest KLASSA."""

    konfidentialitet: Niva = Field(description="Konfidentialitet, nivå 0–4.")
    riktighet: Niva = Field(description="Riktighet, nivå 0–4.")
    tillganglighet: Niva = Field(description="Tillgänglighet, nivå 0–4.")
    sparbarhet: Niva | None = Field(None, description="Spårbarhet, nivå 0–4 (valfri).")


class Handlingsplan(Schema):
    """The KLASSA action plan's unhandled items."""

    per_datum: Datum | None = Field(None, description="Datum då antalen räknades.")
    gula: Antal = Field(description="Ohanterade punkter 'uppfyller delvis' (gula).")
    roda: Antal = Field(description="Ohanterade punkter 'uppfyller inte alls' (röda).")


class Behandling(Schema):
    """One informationsbehandling: usually an IT system and what is done with its information."""

    id: Slug = Field(description="Behandlingens id; samma som filnamnet utan .yaml.")
    namn: Text = Field(description="Behandlingens namn.")
    forvaltningsobjekt: Slug = Field(description="Id för förvaltningsobjektet i organisation.yaml.")
    system: Text | None = Field(
        None, description="IT-systemets namn; utelämnat = behandling utan eget system."
    )
    kategori: Kategori = Field(
        description="Prioritetsordning: unik, gemensam (stadsgemensamt system) eller ovrig."
    )
    personuppgifter: bool = Field(description="Behandlas personuppgifter? true/false.")
    klassning: Klassning | None = Field(None, description="Nivåer från senaste KLASSA.")
    natverkszon: Text | None = Field(None, description="Nätverkssäkerhetszon, t.ex. Z2.")
    senaste_klassa: Datum | None = Field(
        description="Datum för senast genomförda KLASSA; null = aldrig. Nyckeln ska finnas."
    )
    senaste_rsa: Datum | None = Field(
        description="Datum för senast genomförda RSA; null = aldrig. Nyckeln ska finnas."
    )
    senaste_behorighetskontroll: Datum | None = Field(
        description="Datum för senaste behörighetskontroll; null = aldrig. Nyckeln ska finnas."
    )
    senaste_kontinuitetsovning: Datum | None = Field(
        None,
        description="Datum för senaste övning av kontinuitetsplanen; utelämnat eller null = "
        "inte registrerat. Räknas när policyn anger max_alder_manader.kontinuitetsovning.",
    )
    registerford: bool = Field(description="Finns i registerförteckningen enligt GDPR (art. 30).")
    konsekvensbedomning: JaNejEjTillampligt = Field(
        description="Konsekvensbedömning enligt GDPR (art. 35): ja, nej eller ej_tillampligt."
    )
    klassningsprotokoll: bool = Field(description="Informationsklassningsprotokoll finns.")
    systembeskrivning: bool = Field(description="Systemskiss eller systembeskrivning finns.")
    roller: dict[RollNyckel, str | None] | None = Field(
        None,
        description="Ersätter objektets roller nyckel för nyckel; null avnamnger rollen här.",
    )
    handlingsplan: Handlingsplan | None = Field(
        None, description="Ohanterade punkter i handlingsplanen från KLASSA."
    )
    kontinuitetsplan: bool | None = Field(None, description="Kontinuitetsplan finns.")
    anteckning: str | None = Field(None, description="Fri text.")
