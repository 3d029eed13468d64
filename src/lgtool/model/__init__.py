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
from lgtool.model.behandling import (
    FARGER,
    KALLOR,
    KATEGORIER,
    OPPNA,
    Atgardspunkt,
    Behandling,
    Handlingsplan,
    Kategori,
    Klassning,
    PunktStatus,
)
from lgtool.model.organisation import (
    DEFAULT_PM3_ROLLER,
    KANDA_ROLLER,
    Forvaltningsobjekt,
    Organisation,
    Policy,
    Styrdokument,
)
from lgtool.options import Farg, Kalla

__all__ = [
    "DEFAULT_PM3_ROLLER",
    "FARGER",
    "KALLOR",
    "KANDA_ROLLER",
    "KATEGORIER",
    "OPPNA",
    "Ar",
    "Atgardspunkt",
    "Behandling",
    "Farg",
    "Forvaltningsobjekt",
    "Handlingsplan",
    "Incidenter",
    "Kalla",
    "Kategori",
    "Klassning",
    "LedningensGenomgang",
    "Organisation",
    "Policy",
    "Prioritering",
    "PrioriteringStatus",
    "PunktStatus",
    "Styrdokument",
    "Upphandling",
    "Utbildning",
]
