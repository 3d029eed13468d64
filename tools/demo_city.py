"""Build a demo city of three units for ``lgtool stad``.

    .venv/bin/python tools/demo_city.py [MAPP]      # standard: ut/demo-stad

- Trafikkontoret: the example register in register/, as it is (a folder).
- Exploateringskontoret: a generated register of 24 processings whose policy allows
  KLASSA every 24 months, kept in a git repository and read from its branch main
  (``{git, ref, sokvag}``); its year file has a three-year plan and a decision
  that is overdue.
- Stadens Fastighets AB: a generated company register of 16 processings, a folder;
  its year file has no plan beyond the year.

Both generated units use some of the city's common systems (Stadens ekonomisystem,
Microsoft 365, Stadens HR-system) that the traffic office uses too, classified in
some units and not in others. Every value is a function of a fixed seed, and the
git commits have fixed authors and dates: the same bytes and commit ids on every run.

The folder is replaced when it holds an earlier demo city (its README.md says so);
any other existing folder is refused.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TARGET = REPO / "ut" / "demo-stad"
MARKER = "Demostad för lgtool stad"

COMMON = ("Stadens ekonomisystem", "Microsoft 365", "Stadens HR-system")
"""City-common systems that the example register uses too."""

NAMES = ("Anna Berg", "Erik Lund", "Sara Holm", "Johan Ek", "Karin Sjö", "Mats Strand")
DATES = (
    "2023-04-12",
    "2024-02-20",
    "2024-09-03",
    "2025-01-15",
    "2025-05-28",
    "2025-10-07",
    "2026-02-11",
    "2026-06-16",
    None,
)

EXPLOATERING = (
    "ex",
    "Exploateringskontoret",
    24,
    [
        ("markanvisning", "Markanvisningar och avtal"),
        ("exploatering", "Exploateringsprojekt"),
        ("fastighetsbildning", "Fastighetsbildning och lantmäteri"),
    ],
    24,
)
FASTIGHET = (
    "fb",
    "Stadens Fastighets AB",
    12,
    [("forvaltning", "Fastighetsförvaltning"), ("hyresgast", "Hyresgäster och avtal")],
    16,
)


def _organisation(name: str, months: int, objekt: list[tuple[str, str]], rng: random.Random) -> str:
    lines = [
        f"# {MARKER}: genererat register (fiktivt). Personer och system är påhittade.",
        f"organisation: {name}",
        "huvudman: Stockholms stad",
        "policy:",
        "  max_alder_manader:",
        f"    klassa: {months}",
        "    rsa: 12",
        "    behorighetskontroll: 12",
        "  publik_min_gruppstorlek: 5",
        "forvaltningsobjekt:",
    ]
    for key, title in objekt:
        lines += [
            f"  - id: {key}",
            f"    namn: {title}",
            "    roller:",
            f"      objektagare: {rng.choice(NAMES)}",
            f"      objektledare_verksamhet: {rng.choice(NAMES)}",
            f"      objektledare_it: {rng.choice((*NAMES, None)) or 'null'}",
        ]
    return "\n".join(lines) + "\n"


def _behandling(
    prefix: str, index: int, objekt: list[tuple[str, str]], rng: random.Random
) -> tuple[str, str]:
    ident = f"{prefix}-behandling-{index + 1:02d}"
    common = index < len(COMMON)
    system = COMMON[index] if common else f"{objekt[index % len(objekt)][1]}, system {index + 1}"
    klassa = rng.choice(DATES)
    personal = rng.random() < 0.7
    lines = [
        f"id: {ident}",
        f"namn: {system if common else 'Handläggning ' + str(index + 1)}",
        f"forvaltningsobjekt: {objekt[index % len(objekt)][0]}",
        f"system: {system}",
        f"kategori: {'gemensam' if common else rng.choice(('unik', 'unik', 'ovrig'))}",
        f"personuppgifter: {'true' if personal else 'false'}",
        f"senaste_klassa: {klassa or 'null'}",
        f"senaste_rsa: {rng.choice(DATES) or 'null'}",
        f"senaste_behorighetskontroll: {rng.choice(DATES) or 'null'}",
        f"registerford: {'true' if personal and rng.random() < 0.8 else 'false'}",
        "konsekvensbedomning: ej_tillampligt",
        f"klassningsprotokoll: {'true' if klassa else 'false'}",
        f"systembeskrivning: {'true' if rng.random() < 0.6 else 'false'}",
        "handlingsplan:",
        f"  gula: {rng.randint(0, 4)}",
        f"  roda: {rng.randint(0, 2)}",
    ]
    return ident, "\n".join(lines) + "\n"


def _year(with_plan: bool) -> str:
    lines = [
        f"# {MARKER}: årsfil (fiktiv).",
        "ar: 2026",
        "generella_prioriteringsomraden:",
        "  - Informationsklassning av alla informationsbehandlingar i prioritetsordning.",
        "prioriteringar:",
        "  2026:",
        "    - id: klassa-gemensamma",
        "      text: Klassa de stadsgemensamma systemen som förvaltningen använder.",
        "      status: pagaende",
    ]
    if with_plan:
        lines += [
            "  2027:",
            "    - id: ova-kontinuitet",
            "      text: Öva kontinuitetsplanerna för de verksamhetskritiska systemen.",
            "  2028:",
            "    - id: revidera-anvisning",
            "      text: Revidera den lokala anvisningen för informationssäkerhet.",
        ]
    lines += [
        "ledningens_genomgang:",
        "  beslut:",
        "    - id: behorighetsrutin",
        "      text: Inför en rutin för årlig behörighetskontroll i alla system.",
        "      ansvarig: Förvaltningschef",
        "      senast: 2026-06-30",
        f"      status: {'pagaende' if with_plan else 'klar'}",
    ]
    return "\n".join(lines) + "\n"


def _register(
    root: Path, spec: tuple[str, str, int, list[tuple[str, str]], int], seed: int
) -> None:
    prefix, name, months, objekt, count = spec
    rng = random.Random(seed)
    (root / "behandlingar").mkdir(parents=True)
    (root / "ar").mkdir()
    (root / "organisation.yaml").write_text(_organisation(name, months, objekt, rng), "utf-8")
    for index in range(count):
        ident, text = _behandling(prefix, index, objekt, rng)
        (root / "behandlingar" / f"{ident}.yaml").write_text(text, "utf-8")
    (root / "ar" / "2026.yaml").write_text(_year(with_plan=prefix == "ex"), "utf-8")


def _git(folder: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Demo Demosson",
        "GIT_AUTHOR_EMAIL": "demo@example.org",
        "GIT_COMMITTER_NAME": "Demo Demosson",
        "GIT_COMMITTER_EMAIL": "demo@example.org",
        "GIT_AUTHOR_DATE": "2026-09-01T12:00:00+02:00",
        "GIT_COMMITTER_DATE": "2026-09-01T12:00:00+02:00",
    }
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )


def build(target: Path) -> Path:
    """Write the demo city under ``target``; the path of its stad.yaml."""
    if target.exists():
        readme = target / "README.md"
        if not readme.is_file() or MARKER not in readme.read_text("utf-8"):
            raise SystemExit(f"{target} finns och är ingen demostad; välj en annan mapp")
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / "README.md").write_text(
        f"# {MARKER}\n\nByggd av tools/demo_city.py; skrivs över vid nästa körning.\n", "utf-8"
    )
    repository = target / "exploateringskontoret"
    _register(repository / "register", EXPLOATERING, seed=17)
    _git(repository, "init", "--quiet", "--initial-branch=main")
    _git(repository, "add", "--all")
    _git(repository, "commit", "--quiet", "-m", "Exploateringskontorets register")
    _register(target / "fastighetsbolaget" / "register", FASTIGHET, seed=18)
    example = os.path.relpath(REPO / "register", target)
    city = target / "stad.yaml"
    city.write_text(
        f"# {MARKER}: tre enheter (fiktivt).\n"
        "stad: Stockholms stad\n"
        "enheter:\n"
        "  - id: trafikkontoret\n"
        "    namn: Trafikkontoret\n"
        "    typ: forvaltning\n"
        f"    register: {example}\n"
        "  - id: exploateringskontoret\n"
        "    namn: Exploateringskontoret\n"
        "    typ: forvaltning\n"
        "    register: {git: exploateringskontoret, ref: main, sokvag: register}\n"
        "  - id: fastighetsbolaget\n"
        "    namn: Stadens Fastighets AB\n"
        "    typ: bolag\n"
        "    register: fastighetsbolaget/register\n",
        "utf-8",
    )
    return city


def main(argv: list[str]) -> int:
    """Build the demo city in the folder given (default ut/demo-stad)."""
    target = Path(argv[0]) if argv else DEFAULT_TARGET
    print(build(target).as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
