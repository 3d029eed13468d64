"""The schema of organisation.yaml: the organisation, its policy and its förvaltningsobjekt."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from lgtool.model.common import Datum, Niva, RollNyckel, Schema, Slug, Text

DEFAULT_PM3_ROLLER = ("objektagare", "objektledare_verksamhet", "objektledare_it")

KANDA_ROLLER = frozenset(
    {
        *DEFAULT_PM3_ROLLER,
        "objektspecialist",
        "objektspecialister",
        "forvaltningsledare",
        "forvaltningsledare_verksamhet",
        "forvaltningsledare_it",
        "systemagare",
        "systemforvaltare",
        "informationsagare",
    }
)
"""Role keys that lgtool knows from pm3 and older naming; others must be in the policy."""


class MaxAlderManader(Schema):
    """How old (in calendar months) a KLASSA, RSA, access review or exercise may be.

    A checkpoint added after format version 1 has no default: it is checked only
    where the organisation names its interval.
    """

    klassa: int = Field(12, ge=1, le=120, description="Högsta ålder i månader för KLASSA.")
    rsa: int = Field(12, ge=1, le=120, description="Högsta ålder i månader för RSA.")
    behorighetskontroll: int = Field(
        12, ge=1, le=120, description="Högsta ålder i månader för behörighetskontroll."
    )
    kontinuitetsovning: int | None = Field(
        None,
        ge=1,
        le=120,
        description="Högsta ålder i månader för övning av kontinuitetsplanen. Utelämnad: "
        "kontrollpunkten kontinuitetsövning används inte.",
    )


class Policy(Schema):
    """The organisation's own rules for the checkpoints and the public report."""

    max_alder_manader: MaxAlderManader = Field(
        default_factory=MaxAlderManader,
        description="Hur gamla KLASSA, RSA och behörighetskontroll får vara (månader).",
    )
    pm3_roller: list[RollNyckel] = Field(
        default_factory=lambda: list(DEFAULT_PM3_ROLLER),
        min_length=1,
        description="Ansvarsroller enligt pm3 som måste vara namnsatta.",
    )
    zon_for_konfidentialitet: dict[Niva, Text] | None = Field(
        None,
        description="Krävd nätverkssäkerhetszon per konfidentialitetsnivå (0–4). "
        "Utelämnad: ingen zonkontroll.",
    )
    publik_min_gruppstorlek: int = Field(
        5,
        ge=2,
        description="Minsta antal behandlingar i en grupp i den publika rapporten.",
    )


class Styrdokument(Schema):
    """A governing document of the LIS (city-wide or local)."""

    namn: Text = Field(description="Styrdokumentets namn.")
    niva: Literal["stad", "lokal"] = Field(
        description="stad = stadsövergripande, lokal = förvaltningens egen."
    )
    faststalld: Datum | None = Field(None, description="Datum då dokumentet fastställdes.")
    revideras_senast: Datum | None = Field(
        None, description="Datum då dokumentet senast ska revideras (visas i lgtool kalender)."
    )
    giltig_till: Datum | None = Field(
        None, description="Sista dag dokumentet gäller (visas i lgtool kalender)."
    )


class Forvaltningsobjekt(Schema):
    """A pm3 förvaltningsobjekt that groups processings."""

    id: Slug = Field(description="Objektets id (a–z, 0–9, bindestreck).")
    namn: Text = Field(description="Objektets namn.")
    roller: dict[RollNyckel, str | None] = Field(
        default_factory=dict,
        description="Roll -> namn på person; null = inte namnsatt.",
    )


class Organisation(Schema):
    """organisation.yaml."""

    organisation: Text = Field(description="Förvaltningens eller bolagets namn.")
    huvudman: Text | None = Field(None, description="Huvudman, t.ex. kommunen.")
    policy: Policy = Field(default_factory=Policy, description="Organisationens regler.")
    styrdokument: list[Styrdokument] = Field(
        default_factory=list,
        description="Styrdokument i ledningssystemet för informationssäkerhet (LIS).",
    )
    forvaltningsobjekt: list[Forvaltningsobjekt] = Field(
        min_length=1, description="Förvaltningsobjekt enligt pm3."
    )
    undertecknare: Text = Field(
        "Förvaltningschef",
        description="Titeln på den som undertecknar ledningens genomgång, t.ex. "
        "Förvaltningschef eller VD.",
    )
    informationssakerhetsmal: Text | None = Field(
        None,
        description="Organisationens övergripande mål för informationssäkerheten "
        "(rapportens avsnitt 2). Utelämnat: en standardtext.",
    )
    ansvar: Text | None = Field(
        None,
        description="Hur ansvaret för informationssäkerheten är fördelat: alla medarbetare, "
        "linjeansvaret (rapportens avsnitt 2). Utelämnat: en standardtext.",
    )
    riskidentifiering: Text | None = Field(
        None,
        description="Hur informationssäkerhetsrisker identifieras: KLASSA, RSA, "
        "handlingsplaner (rapportens avsnitt 2). Utelämnat: en standardtext.",
    )
    sarskilt_prioriterat: dict[int, Text] = Field(
        default_factory=dict,
        description="Årets särskilt prioriterade område per år, t.ex. 2024: "
        "Registerförteckning och informationsklassning (rapportens avsnitt 1).",
    )
    omfattas_av_cybersakerhetslagen: bool | None = Field(
        None,
        description="Omfattas organisationen av cybersäkerhetslagen (2025:1506)? "
        "Utelämnad: okänt, och rapporten får inget avsnitt om lagen.",
    )
    verksamhetsutovare: Literal["vasentlig", "viktig"] | None = Field(
        None,
        description="Väsentlig eller viktig verksamhetsutövare enligt cybersäkerhetslagen, "
        "om det är känt.",
    )
