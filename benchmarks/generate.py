"""Generate a realistic register of N processings for the benchmarks.

The register looks like a whole city's: N processings spread over N/25
förvaltningsobjekt, files of 1–2 KB with comments, folded free text, role
overrides, action plans, a few years of year files. The same seed gives the same
bytes, so runs on different days measure the same thing.

    python benchmarks/generate.py OUT_DIR --antal 10000 [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

FORNAMN = [
    "Anna",
    "Lena",
    "Karin",
    "Maria",
    "Eva",
    "Sara",
    "Ingrid",
    "Kerstin",
    "Malin",
    "Johanna",
    "Erik",
    "Lars",
    "Anders",
    "Johan",
    "Per",
    "Mats",
    "Niklas",
    "Tobias",
    "Björn",
    "Göran",
    "Åsa",
    "Örjan",
    "Ängla",
    "Ölle",
    "Märta",
    "Håkan",
]
EFTERNAMN = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Lindqvist",
    "Åberg",
    "Öberg",
    "Hägg",
    "Berglöf",
    "Ström",
    "Sjögren",
    "Lindström",
    "Forsberg",
    "Ekström",
    "Ceder",
]
ORD = [
    "ärendehantering",
    "tillstånd",
    "trafik",
    "parkering",
    "signal",
    "kamera",
    "gata",
    "bro",
    "tunnel",
    "arkiv",
    "diarium",
    "faktura",
    "kontakt",
    "medborgare",
    "geodata",
    "belysning",
    "vinter",
    "besiktning",
    "avtal",
    "personal",
    "kart",
    "mätning",
    "planering",
    "bygglov",
    "renhållning",
    "park",
    "skola",
    "omsorg",
    "bibliotek",
    "idrott",
    "hamn",
]
MENINGAR = (
    "Systemet byts ut under året och klassningen görs om när den nya plattformen är i drift.",
    "Behörighetskontrollen försenades på grund av omorganisation inom förvaltningen.",
    "Leverantören har åtgärdat de röda punkterna; de gula följs upp i förvaltningsgruppen.",
    "Kontinuitetsplanen övades senast i samband med stadens krisövning.",
    "Personuppgifter behandlas endast i ärenden som rör enskilda sökande.",
    "Informationen gallras efter två år enligt informationshanteringsplanen.",
    "Systemet är stadsgemensamt och förvaltas centralt; förvaltningen ansvarar för sin användning.",
    "RSA:n visade behov av loggning av administratörsåtgärder.",
)
_ASCII = str.maketrans("åäöÅÄÖ", "aaoAAO")
KATEGORIER = ("unik", "gemensam", "ovrig")
ZONER = ("Z1", "Z2", "Z3", "Z4")
IDAG = date(2026, 6, 30)
"""Dates are drawn before this day, so the register stays valid when run later."""


def _namn(rng: random.Random) -> str:
    return f"{rng.choice(FORNAMN)} {rng.choice(EFTERNAMN)}"


def _datum(rng: random.Random, idag: date) -> str:
    if rng.random() < 0.12:
        return "null"
    return (idag - timedelta(days=rng.randint(0, 900))).isoformat()


def _text(rng: random.Random, antal: int) -> str:
    return " ".join(rng.choice(MENINGAR) for _ in range(antal))


def _folded(text: str, indent: str) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) > 76:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "".join(f"{indent}{x}\n" for x in lines).rstrip("\n")


def behandling_text(rng: random.Random, id: str, objekt: str, idag: date = IDAG) -> str:
    """One processing file (1–2 KB); every date on or before ``idag``."""
    ord1, ord2 = rng.sample(ORD, 2)
    kategori = rng.choices(KATEGORIER, weights=(5, 3, 2))[0]
    personuppgifter = rng.random() < 0.6
    out = [
        f"# Informationsbehandling {id}.",
        "# Uppdateras av objektledaren efter varje KLASSA, RSA och behörighetskontroll.",
        f"id: {id}",
        f"namn: {ord1.capitalize()} och {ord2}",
        f"forvaltningsobjekt: {objekt}",
    ]
    if rng.random() < 0.85:
        out.append(f"system: {ord1.capitalize()}{rng.choice(['Web', 'Pro', ' 2', 'Plus'])}")
    out += [f"kategori: {kategori}", f"personuppgifter: {str(personuppgifter).lower()}"]
    if rng.random() < 0.8:
        k, r, t = (rng.randint(0, 4) for _ in range(3))
        out += [
            "klassning:",
            f"  konfidentialitet: {k}",
            f"  riktighet: {r}",
            f"  tillganglighet: {t}",
        ]
        out.append(f"natverkszon: {rng.choice(ZONER)}")
    out += [
        f"senaste_klassa: {_datum(rng, idag)}",
        f"senaste_rsa: {_datum(rng, idag)}",
        f"senaste_behorighetskontroll: {_datum(rng, idag)}   # enligt objektledarens logg",
        f"registerford: {str(personuppgifter or rng.random() < 0.3).lower()}",
        "# Konsekvensbedömning krävs vid storskalig behandling av känsliga personuppgifter.",
        "konsekvensbedomning: "
        + (rng.choice(["ja", "nej", "ej_tillampligt"]) if personuppgifter else "ej_tillampligt"),
        f"klassningsprotokoll: {str(rng.random() < 0.7).lower()}",
        f"systembeskrivning: {str(rng.random() < 0.75).lower()}",
    ]
    if rng.random() < 0.3:
        out += ["roller:", f"  objektledare_it: {_namn(rng)}   # egen IT-ledare för systemet"]
        if rng.random() < 0.3:
            out.append("  objektledare_verksamhet: null")
    if rng.random() < 0.7:
        out += [
            "handlingsplan:",
            f"  per_datum: {(idag - timedelta(days=rng.randint(0, 300))).isoformat()}",
            f"  gula: {rng.randint(0, 12)}",
            f"  roda: {rng.choice([0, 0, 0, 1, 2, 5])}",
        ]
    out.append(f"kontinuitetsplan: {str(rng.random() < 0.5).lower()}")
    out.append(f"anteckning: {_folded(_text(rng, rng.randint(3, 10)), '  ')}")
    return "\n".join(out) + "\n"


def organisation_text(rng: random.Random, objekt: list[str]) -> str:
    """organisation.yaml with one entry per förvaltningsobjekt."""
    out = [
        "# Stadens samlade register (genererat för prestandamätning).",
        "organisation: Staden",
        "huvudman: Stockholms stad",
        "policy:",
        "  zon_for_konfidentialitet: {0: Z1, 1: Z1, 2: Z2, 3: Z3, 4: Z4}",
        "styrdokument:",
        "  - namn: Riktlinje för informationssäkerhet",
        "    niva: stad",
        "    faststalld: 2023-02-06",
        "forvaltningsobjekt:",
    ]
    for oid in objekt:
        ledare_it = _namn(rng) if rng.random() < 0.8 else "null"
        out += [
            f"  - id: {oid}",
            f"    namn: {oid.replace('-', ' ').capitalize()}",
            "    roller:",
            f"      objektagare: {_namn(rng)}",
            f"      objektledare_verksamhet: {_namn(rng)}",
            f"      objektledare_it: {ledare_it}",
        ]
    return "\n".join(out) + "\n"


def ar_text(rng: random.Random, year: int) -> str:
    """One year file with a three-year plan."""
    out = [f"ar: {year}", "generella_prioriteringsomraden:", "  - Informationsklassning."]
    out.append("prioriteringar:")
    for y in range(year, year + 3):
        out.append(f"  {y}:")
        for i in range(rng.randint(3, 8)):
            status = rng.choice(["planerad", "pagaende", "klar", "forsenad"])
            out += [
                f"    - id: prio-{y}-{i}",
                f"      text: {_folded(_text(rng, 2), '        ')}",
                "      ansvarig: Förvaltningschef",
                f"      status: {status}",
            ]
    out += [
        "incidenter:",
        "  kalla: IA",
        "  per_kategori:",
        f"    dataskydd: {rng.randint(0, 40)}",
        f"    informationssakerhet: {rng.randint(0, 40)}",
        "utbildning:",
        "  antal_medarbetare: 9000",
        f"  genomfort_informationssakerhet: {rng.randint(5000, 9000)}",
        f"  genomfort_dataskydd: {rng.randint(5000, 9000)}",
    ]
    return "\n".join(out) + "\n"


def register_files(
    antal: int, *, seed: int = 7, years: int = 3, idag: date = IDAG
) -> dict[str, str]:
    """The register's files (path below the register folder → text), in writing order."""
    rng = random.Random(seed)
    objekt = [f"objekt-{i:04d}" for i in range(max(1, antal // 25))]
    files = {"organisation.yaml": organisation_text(rng, objekt)}
    for i in range(antal):
        slug = rng.choice(ORD).translate(_ASCII)
        bid = f"b-{i:05d}-{slug}"
        files[f"behandlingar/{bid}.yaml"] = behandling_text(rng, bid, objekt[i % len(objekt)], idag)
    for year in range(idag.year - years + 1, idag.year + 1):
        files[f"ar/{year}.yaml"] = ar_text(rng, year)
    return files


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` below ``root`` (which must not exist) with one system call each."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for folder in sorted({str(Path(name).parent) for name in files}):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        fd = os.open(root / name, flags, 0o644)
        try:
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)


def generate(root: Path, antal: int, *, seed: int = 7, years: int = 3, idag: date = IDAG) -> Path:
    """Write a register of ``antal`` processings under ``root`` (replacing it)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    write_files(root, register_files(antal, seed=seed, years=years, idag=idag))
    return root


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ut", type=Path)
    parser.add_argument("--antal", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.ut, args.antal, seed=args.seed)


if __name__ == "__main__":
    main()
