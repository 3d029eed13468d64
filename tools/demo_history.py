"""Build a demo git repository with about three years of history from the example register.

    .venv/bin/python tools/demo_history.py [MAPP]      # standard: ut/demo-historik

The example register in register/ has no history of its own, so `lgtool trend`,
`lgtool diff` and the report's section 7 (year-over-year) have nothing to show on
it. This script tells its story backwards: one commit per month from January 2024
to the last change in the example register, in which

- the register is put into git (January 2024) with the processings known then;
- KLASSA, RSA and access reviews are done (each date field reaches its value in
  register/; before that it held the review before, or nothing: a review that was
  never done);
- action-plan items are closed (before each count date there were more yellow and
  red items);
- a processing is added (tk-parkeringsovervakning, when its service was procured);
- a network zone is fixed (tk-trafikkameror moves from Z2 to Z3);
- a local guideline is adopted, and a role falls vacant (autumn 2025);
- the year files are added each January.

The last commit is the example register byte for byte. Each month's files are the
example register's own text with single values edited (lgtool's round-trip edit),
so comments stay. Author, committer and dates are fixed, and every choice is a
function of the processing's id: the same commit ids on every run.

The folder is replaced when it holds an earlier demo repository (its README.md
says so); any other existing folder is refused.
"""

from __future__ import annotations

import calendar
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lgtool.checkpoints import DATE_CHECKPOINTS
from lgtool.yamlio import EditValue, edit_value, parse

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "register"
DEFAULT_TARGET = REPO / "ut" / "demo-historik"

FIRST_MONTH = (2024, 1)
"""The register is put into git in January 2024."""

ADDED = {"tk-parkeringsovervakning": date(2024, 8, 26)}
"""Processings that came later, and when (the parking enforcement service was procured)."""

ZONE_FIXED = ("tk-trafikkameror", "Z2", date(2025, 4, 22))
"""The traffic cameras ran in a zone too low for their confidentiality until this date."""

VACANT_ROLE = (
    "      objektledare_it: null        # vakant sedan hösten 2025, rekrytering pågår\n",
    "      objektledare_it: Kent Holm\n",
    date(2025, 10, 3),
)
"""The IT object manager of Tillstånd och gatuarbeten left in October 2025."""

YEAR_FILES = {2024: date(2024, 1, 24), 2025: date(2025, 1, 22), 2026: date(2026, 4, 23)}
"""When each year's file was written (after that year's management review)."""

EARLIEST = date(2020, 1, 1)
"""No review in the demo is older than this."""

README = """\
# Demoförråd för lgtool

Skapat av tools/demo_history.py i lgtool: exempelregistret med ungefär tre års
påhittad historik, så att `lgtool trend`, `lgtool diff` och rapportens avsnitt 7
(utvecklingen jämfört med föregående år) har något att visa. Skapa det på nytt med
`make demo`; mappen skrivs då över.
"""

GITIGNORE = ".lgtool-cache/\n"

_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,  # the machine's own git config must not matter
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Informationssäkerhetssamordnaren",
    "GIT_AUTHOR_EMAIL": "samordnare@trafikkontoret.example",
    "GIT_COMMITTER_NAME": "Informationssäkerhetssamordnaren",
    "GIT_COMMITTER_EMAIL": "samordnare@trafikkontoret.example",
    "TZ": "UTC",
}

_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]

_FIELD_NAMES = {
    "senaste_klassa": "KLASSA",
    "senaste_rsa": "RSA",
    "senaste_behorighetskontroll": "behörighetskontroll",
    "senaste_kontinuitetsovning": "kontinuitetsövning",
    "handlingsplan": "handlingsplan",
    "natverkszon": "nätverkszon",
}


_VERBS = {
    "senaste_klassa": "KLASSA genomförd för",
    "senaste_rsa": "RSA genomförd för",
    "senaste_behorighetskontroll": "behörighetskontroll genomförd för",
    "senaste_kontinuitetsovning": "kontinuitetsövning genomförd för",
    "handlingsplan": "handlingsplanen uppdaterad för",
    "natverkszon": "nätverkszonen rättad för",
}


def _pick(*parts: object) -> int:
    """A stable number from ``parts`` (Python's own hash() changes between runs)."""
    return int.from_bytes(hashlib.sha256(repr(parts).encode()).digest()[:4], "big")


def _months_back(day: date, months: int) -> date:
    month = day.year * 12 + day.month - 1 - months
    year, month = divmod(month, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _earlier_review(ident: str, field: str, final: date, when: date) -> date | None:
    """The review of ``field`` that was current at ``when``, given that the last one is ``final``.

    Reviews go back in steps of 12 to 15 months; now and then the chain ends: before
    that, the review had never been done.
    """
    step = 12 + _pick(ident, field) % 4
    review: date | None = final
    count = 0
    while review is not None and review > when:
        count += 1
        if _pick(ident, field, count) % 4 == 0:
            return None
        review = _months_back(review, step)
        if review < EARLIEST:
            return None
    return review


@dataclass(frozen=True)
class _Source:
    text: str
    data: Mapping[str, object]


def _behandling(ident: str, source: _Source, when: date) -> dict[tuple[str, ...], EditValue]:
    """The edits that turn the example file into the file as it stood at ``when``."""
    edits: dict[tuple[str, ...], EditValue] = {}
    for key in DATE_CHECKPOINTS:
        field = f"senaste_{key}"
        final = source.data.get(field)
        if isinstance(final, str) and date.fromisoformat(final) > when:
            edits[(field,)] = _earlier_review(ident, field, date.fromisoformat(final), when)
    plan = source.data.get("handlingsplan")
    if isinstance(plan, dict) and isinstance(plan.get("punkter"), list):
        # Listed items (issue 13): before the last of them was found or closed, the
        # processing had no plan yet (a found or closed date after 'when' is invalid).
        dates = [
            date.fromisoformat(str(item[key]))
            for item in plan["punkter"]
            if isinstance(item, dict)
            for key in ("hittad", "klar_datum")
            if item.get(key)
        ]
        per_datum = plan.get("per_datum")
        if isinstance(per_datum, str):
            dates.append(date.fromisoformat(per_datum))
        if dates and max(dates) > when:
            edits[("handlingsplan",)] = None
    elif isinstance(plan, dict) and isinstance(plan.get("per_datum"), str):
        counted = date.fromisoformat(plan["per_datum"])
        years = 0
        while counted > when:
            years += 1
            counted = _months_back(counted, 12)
        if years:
            gula, roda = int(plan.get("gula", 0)), int(plan.get("roda", 0))
            extra = _pick(ident, "handlingsplan") % 3
            edits[("handlingsplan", "per_datum")] = counted if counted >= EARLIEST else None
            edits[("handlingsplan", "gula")] = gula + years * (1 + extra)
            edits[("handlingsplan", "roda")] = roda + years * (extra % 2 + 1)
    ident_fixed, zone_before, fixed = ZONE_FIXED
    if ident == ident_fixed and when < fixed:
        edits[("natverkszon",)] = zone_before
    return edits


def _organisation(text: str, when: date) -> str:
    vacant, named, since = VACANT_ROLE
    if when < since:
        if vacant not in text:
            raise SystemExit("register/organisation.yaml: raden för den vakanta rollen saknas")
        text = text.replace(vacant, named)
    kept = []
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("faststalld:") and date.fromisoformat(stripped[11:].strip()) > when:
            continue  # adopted later
        kept.append(line)
    return "".join(kept)


class _Builder:
    """The demo repository: one commit per month, each the register as it stood then."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.sources = {
            p.stem: _Source(p.read_text("utf-8"), parse(p.read_text("utf-8")).data)
            for p in sorted((EXAMPLE / "behandlingar").glob("*.yaml"))
        }
        self.cache: dict[tuple[str, tuple[tuple[tuple[str, ...], EditValue], ...]], str] = {}

    def tree(self, when: date) -> dict[str, str]:
        """Relative path → text of every file at the end of the day ``when``."""
        files = {"README.md": README, ".gitignore": GITIGNORE}
        for path in sorted(EXAMPLE.rglob("*")):
            rel = path.relative_to(EXAMPLE).as_posix()
            # An incident file is written on the day the incident was detected.
            if rel.startswith("incidenter/") and path.is_file() and _detected(path) > when:
                continue
            if path.is_file() and not rel.startswith(("behandlingar/", "ar/")):
                text = path.read_text("utf-8")
                files[f"register/{rel}"] = (
                    _organisation(text, when) if rel == "organisation.yaml" else text
                )
        for year, written in YEAR_FILES.items():
            if written <= when:
                files[f"register/ar/{year}.yaml"] = (EXAMPLE / f"ar/{year}.yaml").read_text("utf-8")
        for ident, source in self.sources.items():
            if ADDED.get(ident, date.min) > when:
                continue
            edits = tuple(sorted(_behandling(ident, source, when).items()))
            key = (ident, edits)
            if key not in self.cache:
                text = source.text
                for field_path, value in edits:
                    text = edit_value(text, field_path, value)
                self.cache[key] = text
            files[f"register/behandlingar/{ident}.yaml"] = self.cache[key]
        return files

    def git(self, *args: str, when: date | None = None) -> str:
        env = {**os.environ, **_ENV}
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = (
                f"{when.isoformat()}T16:00:00+01:00"
            )
        return subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.target,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def write(self, files: Mapping[str, str]) -> None:
        for path in sorted(self.target.rglob("*"), reverse=True):
            rel = path.relative_to(self.target).as_posix()
            if rel == ".git" or rel.startswith(".git/") or path.is_dir():
                continue
            if rel not in files:
                path.unlink()
        for rel, text in files.items():
            path = self.target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text("utf-8") != text:
                path.write_text(text, encoding="utf-8")

    def commit(self, when: date, message: str) -> bool:
        self.git("add", "--all")
        if not self.git("status", "--porcelain"):
            return False
        self.git("commit", "--quiet", "-m", message, when=when)
        return True


def _message(before: Mapping[str, str], after: Mapping[str, str], when: date) -> str:
    """What changed this month, in the coordinator's words."""
    month = f"{_MONTHS[when.month - 1].capitalize()} {when.year}"
    if not before:
        count = sum(1 for rel in after if rel.startswith("register/behandlingar/"))
        return f"{month}: registret läggs in i git ({count} behandlingar)"
    parts: list[str] = []
    done: dict[str, list[str]] = {}
    for rel in sorted(after):
        if not rel.startswith("register/behandlingar/"):
            continue
        ident = Path(rel).stem
        if rel not in before:
            parts.append(f"ny behandling {ident}")
            continue
        old, new = parse(before[rel]).data, parse(after[rel]).data
        for field, name in _FIELD_NAMES.items():
            if old.get(field) != new.get(field):
                done.setdefault(name, []).append(ident)
    for field, name in _FIELD_NAMES.items():
        if name in done:
            parts.append(f"{_VERBS.get(field, name)} {', '.join(done[name])}")
    for rel in sorted(set(after) - set(before)):
        if rel.startswith("register/ar/"):
            parts.append(f"årsfilen {Path(rel).name}")
    old_org = before.get("register/organisation.yaml", "")
    new_org = after.get("register/organisation.yaml", "")
    if new_org.count("faststalld:") > old_org.count("faststalld:"):
        parts.append("lokalt styrdokument fastställt")
    if VACANT_ROLE[0] in new_org and VACANT_ROLE[0] not in old_org:
        parts.append("objektledare IT för gatuarbeten vakant")
    return f"{month}: " + "; ".join(parts)


def _month_ends(last: date) -> list[date]:
    year, month = FIRST_MONTH
    ends = []
    while (year, month) <= (last.year, last.month):
        ends.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def _detected(path: Path) -> date:
    """The day an incident file says the incident was detected."""
    return date.fromisoformat(str(parse(path.read_text("utf-8")).data["upptackt"])[:10])


def _last_change() -> date:
    """The latest date in the example register: the history runs up to it."""
    import re

    found = re.findall(
        r"\b(20\d\d-\d\d-\d\d)\b", "".join(p.read_text("utf-8") for p in EXAMPLE.rglob("*.yaml"))
    )
    incidents = [_detected(p) for p in EXAMPLE.glob("incidenter/*/*.yaml")]
    return max([date.fromisoformat(d) for d in found] + incidents)


def _prepare(target: Path) -> None:
    if target.exists():
        readme = target / "README.md"
        if not (readme.is_file() and readme.read_text("utf-8") == README):
            raise SystemExit(
                f"fel: '{target}' finns redan och är inget demoförråd från "
                "tools/demo_history.py; välj en annan mapp"
            )
        shutil.rmtree(target)
    target.mkdir(parents=True)


def build(target: Path) -> str:
    """Build the demo repository in ``target``; the id of its last commit."""
    _prepare(target)
    builder = _Builder(target)
    builder.git("init", "--quiet", "--initial-branch=main")
    previous: dict[str, str] = {}
    for end in _month_ends(_last_change()):
        files = builder.tree(end)
        builder.write(files)
        if builder.commit(end, _message(previous, files, end)):
            previous = files
    final = {**builder.tree(date.max)}
    if final != previous:
        raise SystemExit("fel: den sista commiten är inte exempelregistret")
    return builder.git("rev-parse", "HEAD").strip()


def main(argv: list[str]) -> int:
    """Build the demo repository and say where it is."""
    target = Path(argv[0]) if argv else DEFAULT_TARGET
    sha = build(target)
    commits = len(
        subprocess.run(
            ["git", "rev-list", "HEAD"], cwd=target, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    print(f"Demoförrådet {target} har {commits} commits; senaste {sha}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
