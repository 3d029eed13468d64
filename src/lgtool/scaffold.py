"""``lgtool init``: a new register repository that validates and reports at once.

The repository folder gets the register (``register/``: organisation.yaml with the
default policy, one förvaltningsobjekt, this year's year file, the JSON schemas)
and what a register repository needs around it: a ``.gitignore`` for lgtool's
cache, a pre-commit configuration and a CI workflow.

Nothing is written until every target has been checked: if any file already
exists, nothing is written at all. Each file is written atomically, and if
writing fails halfway the files and folders written so far are removed again.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from lgtool import yearfile
from lgtool.atomic import write_atomic
from lgtool.cachedir import CACHE_DIR
from lgtool.errors import LgtoolError, UsageError
from lgtool.folder import AR_DIR, BEHANDLINGAR_DIR, ORGANISATION_FILE, SourceFile
from lgtool.jsonschema import RegisterNames, register_names, render_all
from lgtool.model import DEFAULT_PM3_ROLLER, Policy
from lgtool.model.organisation import MaxAlderManader
from lgtool.register import parse_source
from lgtool.yamlio import format_scalar

REGISTER_DIR = "register"
"""The register's folder inside the repository: lgtool's default (./register)."""

FORVALTNINGSOBJEKT_ID = "verksamhetsstod"
"""The one förvaltningsobjekt of a new register (renamed by the coordinator)."""

ADDRESS_PLACEHOLDER = "<adress>"
COMMIT_PLACEHOLDER = "<commit>"
"""What the CI examples say where lgtool's repository address and pinned commit go."""


@dataclass(frozen=True)
class InitResult:
    """What ``init`` wrote: the repository folder and each file in writing order."""

    folder: Path
    files: tuple[Path, ...]


def plan(organisation: str, huvudman: str | None, today: date) -> dict[str, str]:
    """Relative path → text of every file a new register repository gets."""
    if not organisation.strip():
        raise UsageError('--organisation: ange organisationens namn, t.ex. "Trafikkontoret"')
    if huvudman is not None and not huvudman.strip():
        raise UsageError("--huvudman: ange huvudmannens namn eller utelämna flaggan")
    organisation_text = _organisation(
        organisation.strip(), huvudman.strip() if huvudman is not None else None
    )
    files = {
        f"{REGISTER_DIR}/{ORGANISATION_FILE}": organisation_text,
        f"{REGISTER_DIR}/{AR_DIR}/{today.year}.yaml": yearfile.render(
            yearfile.YearText(year=today.year, plan={})
        ),
        f"{REGISTER_DIR}/{BEHANDLINGAR_DIR}/.gitkeep": "",
    }
    for name, text in render_all(_names(organisation_text)).items():
        files[f"{REGISTER_DIR}/schema/{name}"] = text
    files[".gitignore"] = _GITIGNORE.format(cache=CACHE_DIR)
    source = install_source()
    files[".pre-commit-config.yaml"] = _pre_commit(source)
    files[".github/workflows/lgtool.yml"] = ci_workflow(source)
    return files


@dataclass(frozen=True)
class Source:
    """The git repository and commit that this lgtool was installed from."""

    address: str
    commit: str


def install_source() -> Source | None:
    """Where pip installed lgtool from, when it was a git repository (PEP 610), else None.

    PEP 610's ``url`` has no ``git+`` in front: it is what ``git clone`` takes.

    A register repository's CI and pre-commit then install the very same commit.
    """
    import json
    from importlib import metadata

    try:
        raw = metadata.distribution("lgtool").read_text("direct_url.json")
        info = json.loads(raw) if raw else {}
    except (metadata.PackageNotFoundError, ValueError):
        return None
    vcs = info.get("vcs_info") if isinstance(info, dict) else None
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git":
        return None
    address, commit = info.get("url"), vcs.get("commit_id")
    if not isinstance(address, str) or not isinstance(commit, str):
        return None
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        return None
    return Source(address, commit)


def needs_address(files: Mapping[str, str]) -> list[str]:
    """The files that still have the placeholders for lgtool's address and commit."""
    return [rel for rel, text in files.items() if COMMIT_PLACEHOLDER in text]


def init(folder: Path, organisation: str, huvudman: str | None, today: date) -> InitResult:
    """Write a new register repository into ``folder`` (created if missing)."""
    files = plan(organisation, huvudman, today)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"'{folder.as_posix()}' är en fil, inte en mapp")
    existing = [rel for rel in files if _exists(folder / rel)]
    if existing:
        shown = "\n".join(f"  {(folder / rel).as_posix()}" for rel in existing)
        raise LgtoolError(
            f"{len(existing)} av filerna som init skapar finns redan; inget har skrivits:\n"
            f"{shown}\nFlytta eller ta bort dem, eller välj en annan mapp."
        )
    in_the_way = (_file_in_the_way(folder, (folder / rel).parent) for rel in files)
    blocking = sorted({path for path in in_the_way if path is not None})
    if blocking:
        raise LgtoolError(
            f"'{blocking[0].as_posix()}' finns redan som fil, men init behöver en mapp där; "
            "inget har skrivits"
        )
    written = _write_all(folder, files)
    return InitResult(folder, tuple(written))


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _file_in_the_way(root: Path, folder: Path) -> Path | None:
    """The file (not a folder) at ``folder`` or at one of its parents below ``root``."""
    found = None
    while folder not in (root, folder.parent):
        if _exists(folder) and not folder.is_dir():
            found = folder
        folder = folder.parent
    return found


def _write_all(folder: Path, files: Mapping[str, str]) -> list[Path]:
    created_dirs: list[Path] = []
    written: list[Path] = []
    try:
        for rel, text in files.items():
            path = folder / rel
            for parent in reversed([path.parent, *path.parent.parents]):
                if not parent.exists():
                    parent.mkdir()
                    created_dirs.append(parent)
            write_atomic(path, text.encode("utf-8"))
            written.append(path)
    except BaseException:
        for path in reversed(written):
            with contextlib.suppress(OSError):
                path.unlink()
        for parent in reversed(created_dirs):
            with contextlib.suppress(OSError):
                parent.rmdir()
        raise
    return written


def _names(organisation_text: str) -> RegisterNames:
    """The new register's names for its schemas, as ``lgtool schema`` would list them."""
    parsed = parse_source(SourceFile(ORGANISATION_FILE, organisation_text.encode("utf-8")))
    if parsed.problems or parsed.loaded is None:  # a bug in the template, not the user's input
        raise RuntimeError(f"init skrev en ogiltig {ORGANISATION_FILE}: {parsed.problems}")
    return register_names(parsed.loaded.model)


def _organisation(organisation: str, huvudman: str | None) -> str:
    policy = Policy()
    ages = MaxAlderManader()
    roles = "\n".join(f"    - {role}" for role in policy.pm3_roller)
    width = max(len(role) for role in DEFAULT_PM3_ROLLER) + 1
    object_roles = "\n".join(
        f"      {(role + ':').ljust(width)} null   # namnet på personen"
        for role in DEFAULT_PM3_ROLLER
    )
    return _ORGANISATION.format(
        organisation=format_scalar(organisation),
        huvudman=format_scalar(huvudman),
        klassa=ages.klassa,
        rsa=ages.rsa,
        behorighetskontroll=ages.behorighetskontroll,
        roles=roles,
        gruppstorlek=policy.publik_min_gruppstorlek,
        objekt=FORVALTNINGSOBJEKT_ID,
        object_roles=object_roles,
    )


_ORGANISATION = """\
# yaml-language-server: $schema=schema/organisation.schema.json
# Register för Ledningens genomgång: organisationen, policyn och förvaltningsobjekten.
# Fältens betydelse: docs/registerformat.md i lgtool. Kontrollera med: lgtool validate
organisation: {organisation}
# Huvudman, t.ex. kommunen; null = ingen.
huvudman: {huvudman}

# Organisationens regler för kontrollpunkterna (lgtools standardvärden).
policy:
  # Hur gammal en kontroll får vara, i kalendermånader, innan den räknas som förfallen.
  max_alder_manader:
    klassa: {klassa}
    rsa: {rsa}
    behorighetskontroll: {behorighetskontroll}
    # Övning av kontinuitetsplanen följs upp först när ett intervall anges, t.ex.
    # kontinuitetsovning: 24
  # Roller enligt pm3 som ska vara namnsatta för varje behandling.
  pm3_roller:
{roles}
  # Nätverkssäkerhetszon som krävs för respektive konfidentialitetsnivå i KLASSA.
  # Utan zonkarta görs ingen zonkontroll. Till exempel
  #   zon_for_konfidentialitet:
  #     0: Z1
  #     1: Z1
  #     2: Z2
  #     3: Z3
  #     4: Z4
  # Minsta antal behandlingar i en grupp i den publika rapporten; mindre grupper slås ihop.
  publik_min_gruppstorlek: {gruppstorlek}

# Styrdokument i ledningssystemet (LIS), till exempel
#   - namn: Riktlinje för informationssäkerhet
#     niva: stad            # stad = stadsövergripande, lokal = förvaltningens egen
#     faststalld: 2023-02-06
styrdokument: []

# Förvaltningsobjekt enligt pm3; varje behandling hör till ett av dem.
# Byt id och namn till era egna och lägg till fler. id: a–z, 0–9 och bindestreck.
forvaltningsobjekt:
  - id: {objekt}
    namn: Verksamhetsstöd
    roller:
{object_roles}
"""

_GITIGNORE = "# lgtools cache (läses om vid behov; checka aldrig in den)\n{cache}/\n"

_PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): kontrollera registret före varje commit.
# Installera med: pip install pre-commit && pre-commit install
# rev är en fullständig commit i lgtools förråd (se docs/granskning.md i lgtool).
repos:
  - repo: {address}
    rev: {commit}
    hooks:
      - id: lgtool-validate
"""


def _pre_commit(source: Source | None) -> str:
    if source is None:
        return _PRE_COMMIT.format(address=ADDRESS_PLACEHOLDER, commit=COMMIT_PLACEHOLDER)
    return _PRE_COMMIT.format(address=source.address, commit=source.commit)


def ci_workflow(source: Source | None = None) -> str:
    """The GitHub Actions workflow: docs/ci/github-actions.yml as shipped with lgtool.

    With ``source`` the install line names the address and commit lgtool came from.
    """
    text = resources.files("lgtool").joinpath("ci/github-actions.yml").read_text("utf-8")
    text = re.sub(r"^# Spara filen som .*\n", "", text, count=1, flags=re.MULTILINE)
    if source is not None:
        text = text.replace(ADDRESS_PLACEHOLDER, source.address)
        text = text.replace(COMMIT_PLACEHOLDER, source.commit)
    return text
