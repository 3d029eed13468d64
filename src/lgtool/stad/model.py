"""The schema of the city file, ``stad.yaml``: the city and its units' registers.

The city's central office lists every administration (förvaltning) and company
(bolag) with the register it keeps: a folder, or a git repository read at a
revision without a checkout. The format is documented in docs/stad.md.
"""

from __future__ import annotations

import warnings
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from lgtool.model.common import Schema, Slug, Text

TYPER = ("forvaltning", "bolag")
"""A unit's kinds: an administration under a nämnd, or a company under its board."""


class GitKalla(Schema):
    """A register in a git repository, read at a revision without a checkout."""

    git: Text = Field(description="Git-förrådet (mapp), relativt stad.yaml:s mapp.")
    ref: Text = Field("HEAD", description="Gren, tagg eller commit som läses (standard HEAD).")
    sokvag: str = Field(
        "", description="Registermappen i förrådet (standard: förrådets rot), t.ex. register."
    )


def _register_kind(value: Any) -> str:
    return "<git>" if isinstance(value, dict | GitKalla) else "<mapp>"


RegisterKalla = Annotated[
    Annotated[Text, Tag("<mapp>")] | Annotated[GitKalla, Tag("<git>")],
    Discriminator(_register_kind),
]
"""A folder (text), or ``{git, ref, sokvag}``. The tags, in angle brackets, are left out
of error messages (:mod:`lgtool.schema_errors`)."""


with warnings.catch_warnings():
    # 'register' is the field's name in stad.yaml; pydantic warns because the model's
    # metaclass (ABCMeta) has a method of that name, which an instance never sees.
    warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

    class Enhet(Schema):
        """One unit of the city: a förvaltning or a bolag, and its register."""

        id: Slug = Field(description="Enhetens id, unikt i stad.yaml, t.ex. trafikkontoret.")
        namn: Text = Field(description="Enhetens namn, t.ex. Trafikkontoret.")
        typ: Literal["forvaltning", "bolag"] = Field(description="forvaltning eller bolag.")
        register: RegisterKalla = Field(
            description="Registermappen relativt stad.yaml, eller {git, ref, sokvag}."
        )


class Stad(Schema):
    """``stad.yaml``: the city's name and its units."""

    stad: Text = Field(description="Stadens namn, t.ex. Stockholms stad.")
    enheter: list[Enhet] = Field(min_length=1, description="Förvaltningarna och bolagen.")
