"""The schema of behandlingar/<id>.yaml: one information processing."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError, PydanticKnownError

from lgtool.model.common import Antal, Datum, Niva, RollNyckel, Schema, Slug, Slutdatum, Text
from lgtool.options import Farg, Kalla

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


FARGER: tuple[Farg, ...] = ("gul", "rod")
KALLOR: tuple[Kalla, ...] = ("klassa", "rsa", "granskning", "incident", "lg")
PunktStatus = Literal["oppen", "pagaende", "klar", "accepterad_risk"]
OPPNA: tuple[PunktStatus, ...] = ("oppen", "pagaende")
"""The statuses of an item that is still open (counted as gula/roda)."""


class Atgardspunkt(Schema):
    """One item of a processing's action plan (handlingsplan.punkter)."""

    id: Slug = Field(description="Punktens id, unikt inom behandlingen, t.ex. hp-1.")
    rubrik: Text = Field(description="Vad som brister.")
    farg: Farg = Field(description="gul (uppfyller delvis) eller rod (uppfyller inte alls).")
    kalla: Kalla = Field(
        description="Varifrån punkten kommer: klassa, rsa, granskning, "
        "incident eller lg (ledningens genomgång)."
    )
    krav: str | None = Field(None, description="Kravet punkten gäller, t.ex. KLASSA 4.3.2.")
    ansvarig: Text | None = Field(
        None, description="En pm3-roll (t.ex. objektledare_it) eller ett namn."
    )
    hittad: Datum | None = Field(None, description="Datum då bristen upptäcktes.")
    senast: Slutdatum | None = Field(None, description="Datum då punkten ska vara åtgärdad.")
    status: PunktStatus = Field("oppen", description="oppen, pagaende, klar eller accepterad_risk.")
    klar_datum: Datum | None = Field(
        None, validate_default=True, description="Datum då punkten åtgärdades; krävs för klar."
    )
    beslutad_av: Text | None = Field(
        None,
        validate_default=True,
        description="Vem som beslutade att acceptera risken; krävs för accepterad_risk.",
    )
    kommentar: str | None = Field(None, description="Fri text.")

    @field_validator("senast")
    @classmethod
    def _not_before_found(cls, value: date | None, info: ValidationInfo) -> date | None:
        found = info.data.get("hittad")
        if value is not None and isinstance(found, date) and value < found:
            raise PydanticCustomError(
                "fore_hittad",
                "{senast} ligger före datumet då punkten hittades ({hittad})",
                {"senast": value.isoformat(), "hittad": found.isoformat()},
            )
        return value

    @field_validator("klar_datum")
    @classmethod
    def _done_has_date(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None and info.data.get("status") == "klar":
            raise PydanticCustomError(
                "kravs_for_status",
                "krävs när status är klar; ange datum då punkten åtgärdades (ÅÅÅÅ-MM-DD)",
            )
        return value

    @field_validator("beslutad_av")
    @classmethod
    def _risk_has_decider(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("status") == "accepterad_risk":
            raise PydanticCustomError(
                "kravs_for_status",
                "krävs när status är accepterad_risk; ange vem som beslutade att acceptera risken",
            )
        return value

    @property
    def oppen(self) -> bool:
        """Whether the item is still open (oppen or pagaende)."""
        return self.status in OPPNA

    def forsenad(self, per: date) -> bool:
        """Open and past its due date at reference date ``per``."""
        return self.oppen and self.senast is not None and self.senast < per


_MISSING = object()
"""A count left out of a handlingsplan without items (:meth:`Handlingsplan._one_form`)."""


class Handlingsplan(Schema):
    """The KLASSA action plan: its unhandled items counted, or the items listed."""

    per_datum: Datum | None = Field(
        None, description="Datum då antalen räknades; valfritt när punkterna listas."
    )
    # Typed Antal with a default of None: left out is allowed (with punkter), null is not.
    gula: Antal = Field(  # type: ignore[assignment]
        None,
        description="Ohanterade punkter 'uppfyller delvis' (gula).",
    )
    roda: Antal = Field(  # type: ignore[assignment]
        None,
        description="Ohanterade punkter 'uppfyller inte alls' (röda).",
    )

    punkter: list[Atgardspunkt] | None = Field(
        None,
        description="Handlingsplanens punkter; ersätter gula och roda, som då räknas fram.",
    )

    @model_validator(mode="before")
    @classmethod
    def _one_form(cls, data: Any) -> Any:
        if isinstance(data, dict) and "punkter" in data and ("gula" in data or "roda" in data):
            raise PydanticCustomError(
                "bade_antal_och_punkter",
                "ange antingen punkter eller antalen gula och roda, inte båda "
                "(antalen räknas fram ur punkterna)",
            )
        if isinstance(data, dict) and "punkter" not in data:
            # Without items the counts are required: mark the missing ones, so that each
            # is reported where it belongs (next to any other problem of the file).
            missing = {key: _MISSING for key in ("gula", "roda") if key not in data}
            if missing:
                return {**data, **missing}
        return data

    @field_validator("gula", "roda", mode="before")
    @classmethod
    def _counted_or_listed(cls, value: Any) -> Any:
        if value is _MISSING:
            raise PydanticKnownError("missing")
        return value

    def antal(self, farg: Farg) -> int:
        """Open items of colour ``farg``: counted from the items, or as written."""
        if self.punkter is not None:
            return sum(1 for p in self.punkter if p.farg == farg and p.oppen)
        value = self.gula if farg == "gul" else self.roda
        return value or 0


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
