"""The schema of ar/<YYYY>.yaml: the year's follow-up and the three-year plan."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from lgtool.model.behandling import Kategori
from lgtool.model.common import Antal, Datum, Schema, Slug, Slutdatum, Text

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


# --- The improvement loop (issue 13): objectives with measures, decisions as records ---

Jamforelse = Literal["minst", "hogst"]
BeslutStatus = Literal["planerad", "pagaende", "klar", "forsenad", "struken"]


class Urval(Schema):
    """Which processings an objective's key figure counts (both: both must match)."""

    kategori: Kategori | None = Field(None, description="Bara behandlingar i kategorin.")
    forvaltningsobjekt: Slug | None = Field(
        None, description="Bara behandlingar i förvaltningsobjektet (id i organisation.yaml)."
    )


class Mal(Schema):
    """An objective with a measure (ISO/IEC 27001:2022 6.2): a key figure and its target."""

    id: Slug = Field(description="Målets id, unikt inom året.")
    text: Text = Field(description="Målet i ord.")
    nyckeltal: Text = Field(description="Nyckeltalets id, t.ex. klassa_aktuell (docs/json.md).")
    urval: Urval | None = Field(None, description="Valfritt urval: kategori, forvaltningsobjekt.")
    malvarde: Annotated[int | float, Field(ge=0)] = Field(
        description="Målvärdet: procent för andelar, ett antal för antal (gula, roda)."
    )
    jamforelse: Jamforelse = Field(
        "minst", description="minst: utfallet ska vara minst målvärdet; hogst: högst."
    )
    senast: Slutdatum | None = Field(None, description="Datum då målet ska vara uppfyllt.")
    ansvarig: Text | None = Field(None, description="Ansvarig roll eller person.")

    @field_validator("nyckeltal")
    @classmethod
    def _known_figure(cls, value: str) -> str:
        from lgtool.objectives import FIGURE_IDS

        if value not in FIGURE_IDS:
            raise PydanticCustomError(
                "okant_nyckeltal",
                "'{varde}' är inget nyckeltal; välj ett av {kanda}",
                {"varde": value, "kanda": ", ".join(FIGURE_IDS)},
            )
        return value


class Beslut(Schema):
    """A decision of the management review (9.3.3), followed up the year after (9.3.2 a)."""

    id: Slug = Field(description="Beslutets id, unikt inom året.")
    text: Text = Field(description="Beslutet.")
    ansvarig: Text | None = Field(None, description="Ansvarig roll eller person.")
    senast: Slutdatum | None = Field(None, description="Datum då beslutet ska vara genomfört.")
    status: BeslutStatus = Field(
        "planerad", description="planerad, pagaende, klar, forsenad eller struken."
    )
    uppfoljning: str | None = Field(
        None, description="Uppföljning, skriven under året efter beslutet."
    )


def _decision_kind(value: Any) -> str:
    return "<post>" if isinstance(value, dict | Beslut) else "<text>"


BeslutPost = Annotated[
    Annotated[str, Field(min_length=1), Tag("<text>")] | Annotated[Beslut, Tag("<post>")],
    Discriminator(_decision_kind),
]
"""A decision: plain text, or a record. The tags, in angle brackets so that they cannot be
field names, are left out of error messages (:mod:`lgtool.schema_errors`)."""


# --- end of the improvement loop's models ---


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
    beslut: list[BeslutPost] = Field(
        default_factory=list,
        description="Beslut om förbättringar och ändringar: text, eller poster med id, text, "
        "ansvarig, senast, status och uppfoljning.",
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
    mal: list[Mal] = Field(
        default_factory=list, description="Årets mål med mätetal (ISO/IEC 27001 6.2)."
    )
