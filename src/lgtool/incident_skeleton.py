"""``lgtool ny-incident``: the commented skeleton of incidenter/<ÅÅÅÅ>/<id>.yaml.

Every field of :class:`lgtool.model.incident.Incident` is present with a Swedish
comment (a test checks that none is missing). The file is written atomically,
under the register's lock, and never over an existing file; the id must be free
in every year's folder, as ``lgtool validate`` requires.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lgtool.atomic import write_in_register
from lgtool.editing import check_slug, display
from lgtool.errors import RegisterError, UsageError
from lgtool.folder import INCIDENTER_DIR
from lgtool.locking import register_lock
from lgtool.model.incident import STOCKHOLM, parse_moment
from lgtool.yamlio import format_scalar

SCHEMA_FILE = "incident.schema.json"
SCHEMA_REF = f"../../schema/{SCHEMA_FILE}"
"""From incidenter/<ÅÅÅÅ>/<id>.yaml to <register>/schema/incident.schema.json."""

_TEMPLATE = """\
{schema}# Incident i registret för Ledningens genomgång.
# Fyll i alla fält som är märkta (obligatoriskt) och kör sedan: lgtool validate
# Fristerna visas med: lgtool incidenter. Fälten och reglerna: docs/registerformat.md

# Incidentens id, t.ex. 2026-007: a–z, 0–9 och bindestreck; samma som filnamnet. (obligatoriskt)
id: {id}
# Kort beskrivning. Visas aldrig i den publika rapporten. (obligatoriskt)
rubrik: null
# När organisationen fick kännedom om incidenten, t.ex. 2026-03-29T10:00:00+01:00.
# Utan tidszon (+01:00/+02:00) räknas tiden som svensk tid. Fristerna räknas härifrån.
# (obligatoriskt)
upptackt: {upptackt}
# Kategori, samma id som i årsfilens incidenter.per_kategori, t.ex. natfiske. (obligatoriskt)
kategori: null
# Betydande incident enligt cybersäkerhetslagen (2025:1506)? true eller false. (obligatoriskt)
# true: tidig varning inom 24 h, incidentanmälan inom 72 h och slutrapport inom en månad
# efter incidentanmälan, till CSIRT-myndigheten.
betydande: null
# Personuppgiftsincident (GDPR art. 33)? true eller false; true: anmälan till IMY inom 72 h.
# (obligatoriskt)
personuppgiftsincident: null
# När den tidiga varningen skickades (tidpunkt); null = inte skickad.
tidig_varning: null
# När incidentanmälan skickades (tidpunkt); null = inte skickad.
incidentanmalan: null
# När slutrapporten skickades (datum ÅÅÅÅ-MM-DD eller tidpunkt); null = inte skickad.
slutrapport: null
# När anmälan till IMY skickades (tidpunkt); null = inte skickad.
imy_anmalan: null
# Berörda behandlingar: id i behandlingar/, t.ex. [tk-e-post-och-office].
behandlingar: []
# Id för åtgärdspunkter som incidenten ledde till.
atgarder: []
# oppen eller stangd.
status: oppen
# Lärdomar; fri text.
lardomar: null
"""


def render(
    incident_id: str, upptackt: str | None = None, *, schema: str | None = SCHEMA_REF
) -> str:
    """The skeleton for incident ``incident_id``, detected at ``upptackt`` if known.

    ``schema``: the path to the incident schema for the editor, or None for no such line
    (a register without ``schema/``, as ``lgtool ny`` does it).
    """
    return _TEMPLATE.format(
        schema=f"# yaml-language-server: $schema={schema}\n" if schema else "",
        id=format_scalar(incident_id),
        upptackt=format_scalar(upptackt),
    )


def create(root: Path, incident_id: str, *, upptackt: str | None = None, today: date) -> Path:
    """Write the skeleton in the year's folder (the year of ``upptackt``, else of ``today``)."""
    check_slug(incident_id, "id")
    year = today.year
    if upptackt is not None:
        try:
            year = parse_moment(upptackt).astimezone(STOCKHOLM).year
        except ValueError as exc:  # PydanticCustomError is a ValueError
            raise UsageError(f"--upptackt: {exc}") from None
    rel = f"{INCIDENTER_DIR}/{year}/{incident_id}.yaml"
    with register_lock(root):
        folder = root / INCIDENTER_DIR
        existing = sorted(folder.glob(f"*/{incident_id}.yaml")) if folder.is_dir() else []
        if existing or (root / rel).is_symlink():
            found = (root / rel) if not existing else existing[0]
            raise RegisterError(
                f"{display(root, found.relative_to(root).as_posix())} finns redan; "
                "ett incident-id får bara användas en gång"
            )
        has_schema = (root / "schema" / SCHEMA_FILE).is_file()
        text = render(incident_id, upptackt, schema=SCHEMA_REF if has_schema else None)
        write_in_register(root, rel, text.encode("utf-8"), make_folders=True)
    return root / rel
