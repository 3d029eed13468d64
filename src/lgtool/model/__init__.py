"""The register's schemas (pydantic models). Field names are the domain's Swedish words."""

from lgtool.model.ar import (
    Ar,
    Incidenter,
    LedningensGenomgang,
    Prioritering,
    PrioriteringStatus,
    Upphandling,
    Utbildning,
)
from lgtool.model.behandling import KATEGORIER, Behandling, Handlingsplan, Kategori, Klassning
from lgtool.model.organisation import (
    DEFAULT_PM3_ROLLER,
    KANDA_ROLLER,
    Forvaltningsobjekt,
    Organisation,
    Policy,
    Styrdokument,
)

__all__ = [
    "DEFAULT_PM3_ROLLER",
    "KANDA_ROLLER",
    "KATEGORIER",
    "Ar",
    "Behandling",
    "Forvaltningsobjekt",
    "Handlingsplan",
    "Incidenter",
    "Kategori",
    "Klassning",
    "LedningensGenomgang",
    "Organisation",
    "Policy",
    "Prioritering",
    "PrioriteringStatus",
    "Styrdokument",
    "Upphandling",
    "Utbildning",
]
