"""The schema of ar/<YYYY>.yaml: the year's follow-up and the three-year plan."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from lgtool.model.common import Antal, Datum, Schema, Slug, Text

PrioriteringStatus = Literal["planerad", "pagaende", "klar", "forsenad", "struken"]


class Prioritering(Schema):
    """One priority (activity) of a year's plan."""

    id: Slug = Field(description="Prioriteringens id, unikt inom året.")
    text: Text = Field(description="Vad som ska göras.")
    ansvarig: Text | None = Field(None, description="Ansvarig roll eller person.")
    status: PrioriteringStatus = Field(
        "planerad", description="planerad, pagaende, klar, forsenad eller struken."
    )
    kommentar: str | None = Field(None, description="Kommentar till statusen.")
    senast: Datum | None = Field(
        None, description="Datum då prioriteringen senast ska vara klar (visas i lgtool kalender)."
    )


class Incidenter(Schema):
    """The year's incident summary (usually from IA)."""

    kalla: Text | None = Field(None, description="Källa, t.ex. IA.")
    per_kategori: dict[Slug, Antal] = Field(
        default_factory=dict, description="Antal incidenter per kategori."
    )
    sammanfattning: str | None = Field(None, description="Sammanfattning och analys.")


class Utbildning(Schema):
    """Completion of the city's mandatory e-learning courses."""

    antal_medarbetare: Antal = Field(description="Antal medarbetare och konsulter.")
    genomfort_informationssakerhet: Antal = Field(
        description="Antal som genomfört e-utbildningen i informationssäkerhet."
    )
    genomfort_dataskydd: Antal = Field(
        description="Antal som genomfört e-utbildningen i dataskydd."
    )

    @field_validator("genomfort_informationssakerhet", "genomfort_dataskydd")
    @classmethod
    def _at_most_all(cls, value: int, info: ValidationInfo) -> int:
        total = info.data.get("antal_medarbetare")
        if isinstance(total, int) and value > total:
            raise PydanticCustomError(
                "for_manga",
                "{varde} är fler än antal_medarbetare ({antal})",
                {"varde": value, "antal": total},
            )
        return value


class Upphandling(Schema):
    """A procurement that handles information."""

    namn: Text = Field(description="Upphandlingens namn.")
    diarienummer: str | None = Field(None, description="Diarienummer.")
    klassning_genomford: bool = Field(description="Informationsklassning genomförd.")


class LedningensGenomgang(Schema):
    """Free-text inputs of ISO/IEC 27001:2022 9.3.2 a-g and the decisions of 9.3.3."""

    tidigare_atgarder: str | None = Field(
        None, description="a) Status för åtgärder från tidigare genomgångar."
    )
    forandringar: str | None = Field(
        None, description="b) Förändringar i externa och interna frågor."
    )
    intressenters_behov: str | None = Field(
        None, description="c) Förändringar i intressenters behov och förväntningar."
    )
    maluppfyllelse: str | None = Field(
        None,
        description="d) Återkoppling om informationssäkerhetens prestanda och måluppfyllelse.",
    )
    aterkoppling: str | None = Field(None, description="e) Återkoppling från intressenter.")
    risker: str | None = Field(
        None, description="f) Resultat av riskbedömning och status för riskbehandlingsplanen."
    )
    forbattringsmojligheter: str | None = Field(
        None, description="g) Möjligheter till ständig förbättring."
    )
    beslut: list[Text] = Field(
        default_factory=list, description="Beslut om förbättringar och ändringar."
    )


# --- Cybersäkerhetslagen (2025:1506): management's duties (issue 14) ---------------------


class LedningensUtbildning(Schema):
    """A training completed by a member of the management team (cybersäkerhetslagen)."""

    namn: Text = Field(description="Vem i ledningen (namn eller roll).")
    roll: Text | None = Field(None, description="Roll i ledningen, t.ex. förvaltningschef.")
    utbildning: Text = Field(description="Vilken utbildning.")
    datum: Datum = Field(description="När utbildningen genomfördes.")


class RiskhanteringGodkand(Schema):
    """Management's approval of the risk-management measures (cybersäkerhetslagen)."""

    datum: Datum = Field(description="Datum för beslutet.")
    beslutsorgan: Text = Field(description="Vem som beslutade, t.ex. trafiknämnden.")
    diarienummer: Text | None = Field(None, description="Beslutets diarienummer.")


# --- end of cybersäkerhetslagen ----------------------------------------------------------


class Ar(Schema):
    """ar/<YYYY>.yaml."""

    ar: int = Field(ge=2000, le=2100, description="Året; samma som filnamnet.")
    generella_prioriteringsomraden: list[Text] = Field(
        default_factory=list, description="Generella prioriteringsområden."
    )
    prioriteringar: dict[int, list[Prioritering]] = Field(
        description="År -> prioriteringar, för året och de två följande."
    )
    incidenter: Incidenter | None = Field(None, description="Sammanställning av incidenter.")
    utbildning: Utbildning | None = Field(None, description="Genomförda e-utbildningar.")
    upphandlingar: list[Upphandling] = Field(
        default_factory=list, description="Årets upphandlingar."
    )
    ledningens_genomgang: LedningensGenomgang | None = Field(
        None, description="Underlag och beslut enligt ISO/IEC 27001 9.3."
    )
    ledningens_utbildning: list[LedningensUtbildning] = Field(
        default_factory=list,
        description="Utbildning som ledningen genomfört (cybersäkerhetslagen 2025:1506).",
    )
    riskhantering_godkand: RiskhanteringGodkand | None = Field(
        None,
        description="Ledningens godkännande av riskhanteringsåtgärderna (cybersäkerhetslagen).",
    )
