"""The commented skeleton that ``lgtool ny`` writes for a new processing.

Every field of :class:`lgtool.model.Behandling` is present (the dated reviews'
lines come from the checkpoint registry), each with a Swedish
comment on what it means and which values it takes (a test checks that no field is
missing). Optional fields start as ``null`` so the file validates as soon as the
required ones are filled in.
"""

from __future__ import annotations

from pathlib import Path

from lgtool.checkpoints import CHECKPOINTS
from lgtool.yamlio import format_scalar

SCHEMA_FILE = "behandling.schema.json"
SCHEMA_REF = f"../schema/{SCHEMA_FILE}"
"""From behandlingar/<id>.yaml to <register>/schema/behandling.schema.json."""


def schema_ref(root: Path) -> str | None:
    """:data:`SCHEMA_REF` when the register ``root`` has the schema, else None.

    A ``$schema`` line that points at a missing file makes the editor report
    "Unable to load schema" on every processing file.
    """
    return SCHEMA_REF if (root / "schema" / SCHEMA_FILE).is_file() else None


_TEMPLATE = """\
{schema}# Informationsbehandling i registret för Ledningens genomgång.
# Fyll i alla fält som är märkta (obligatoriskt) och kör sedan: lgtool validate
# Fältens betydelse och tillåtna värden: docs/registerformat.md

# Behandlingens id: a–z, 0–9 och bindestreck; samma som filnamnet. (obligatoriskt)
id: {id}
# Behandlingens namn. (obligatoriskt)
namn: {namn}
# Förvaltningsobjektet (pm3) som behandlingen hör till: ett id i organisation.yaml. (obligatoriskt)
forvaltningsobjekt: {objekt}
# IT-systemets namn; null = behandling utan eget IT-system.
system: null
# Prioritetsordning för klassning: unik (unikt för förvaltningen), gemensam
# (stadsgemensamt system) eller ovrig. (obligatoriskt)
kategori: {kategori}
# Behandlas personuppgifter? true eller false. (obligatoriskt)
personuppgifter: null
# Konsekvensnivåer från senaste KLASSA, heltal 0–4, till exempel
#   klassning:
#     konfidentialitet: 2
#     riktighet: 3
#     tillganglighet: 2
# (spårbarhet är valfri). null = inte klassad.
klassning: null
# Nätverkssäkerhetszon som systemet ligger i, t.ex. Z2; null = okänd.
natverkszon: null
{datum}# Finns behandlingen i registerförteckningen enligt GDPR (art. 30)? true eller false.
# (obligatoriskt)
registerford: null
# Konsekvensbedömning enligt GDPR (art. 35): ja, nej eller ej_tillampligt. (obligatoriskt)
konsekvensbedomning: null
# Finns informationsklassningsprotokoll? true eller false. (obligatoriskt)
klassningsprotokoll: null
# Finns systemskiss eller systembeskrivning? true eller false. (obligatoriskt)
systembeskrivning: null
# Roller som avviker från förvaltningsobjektets, till exempel
#   roller:
#     objektledare_it: Förnamn Efternamn
# Ett namn namnsätter rollen för just denna behandling; null avnamnger den.
# null här = samma roller som förvaltningsobjektet.
roller: null
# Ohanterade punkter i handlingsplanen från KLASSA, till exempel
#   handlingsplan:
#     per_datum: 2025-01-10   # datum då punkterna räknades
#     gula: 3                 # uppfyller delvis
#     roda: 1                 # uppfyller inte alls
# null = ingen handlingsplan.
handlingsplan: null
# Finns kontinuitetsplan? true, false eller null (okänt).
kontinuitetsplan: null
# Fri kommentar.
anteckning: null
"""


def render(
    id: str,
    objekt: str,
    *,
    namn: str | None = None,
    kategori: str | None = None,
    schema: str | None = SCHEMA_REF,
) -> str:
    """The skeleton for processing ``id`` in förvaltningsobjekt ``objekt``.

    ``schema`` is the path for the editor's ``$schema`` line; None leaves the line out.
    """
    return _TEMPLATE.format(
        schema=f"# yaml-language-server: $schema={schema}\n" if schema else "",
        id=format_scalar(id),
        objekt=format_scalar(objekt),
        namn=format_scalar(namn),
        kategori=format_scalar(kategori),
        datum="".join(
            f"# {c.hint}\n{c.field}: null\n" for c in CHECKPOINTS if c.kind == "datum" and c.hint
        ),
    )
