"""``make bench``: lgtool's speed on city-sized registers, each figure against its floor.

The machine is shared and noisy, so every figure is measured side by side with its
floor in the same round, several rounds are run, and the median of the per-round
ratios is reported. The floor of reading a register is parsing the same files with
libyaml's C loader (PyYAML ``CSafeLoader``) in one Python process, startup included;
the floor of ``--version`` and ``--help`` is ``import typer``; other figures are
measured against another lgtool command in the same round (issues 15, 17 and 18 say
which). lgtool's bytecode is written first, as installing it does (:func:`compile_lgtool`).

The registers (benchmarks/generate.py, benchmarks/history.py) are kept between runs
in ``$XDG_CACHE_HOME/lgtool-bench`` (else ``~/.cache/lgtool-bench``), keyed by the
generators' source, so that a run does not spend its minutes writing 80,000 files;
``--ingen-lagring`` writes them into a temporary folder instead.

A command that runs longer than ``--tidsgrans`` seconds is stopped: its row is a miss
with the limit as a lower bound, and it is not run again in later rounds. A command
that fails, or that this lgtool does not have yet, gives an "ej mätt" row, not a
failed run.

The table is printed and appended to ``benchmarks/RESULTS.md`` with the date and the
machine.

    python benchmarks/run.py [--varv 3] [--snabb] [--utan-stort] [--ingen-resultatfil]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import history  # the benchmark folder is not a package
from generate import generate, register_files, write_files
from lgtool.cachedir import location

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS.md"
LGTOOL = str(Path(sys.executable).parent / "lgtool")
PYTHON = sys.executable
CACHE_DIR = ".lgtool-cache"
TERMINAL = {"COLUMNS": "120", "LINES": "50"}
"""The terminal every command sees: the default table is fitted to it."""

WARM_FLOOR_CODE = """
import hashlib, os, sys
import typer
root = sys.argv[1]
names = ["organisation.yaml"]
for folder in ("behandlingar", "ar"):
    names += [f"{folder}/{n}" for n in sorted(os.listdir(os.path.join(root, folder)))]
for name in names:
    with open(os.path.join(root, name), "rb") as f:
        hashlib.blake2b(f.read(), digest_size=20).hexdigest()
"""
"""What any warm run must do: start Python, import typer, read and hash every file."""

FLOOR_CODE = """
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
files = [root / "organisation.yaml"]
for folder in ("behandlingar", "ar"):
    files += sorted((root / folder).glob("*.yaml"))
for f in files:
    yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
"""


# --- Measuring ----------------------------------------------------------------------------


class StepError(Exception):
    """A command exited with an unexpected code: its row is 'ej mätt'."""


@dataclass
class Measure:
    """Wall times (s) and peak memory (MB) of one command, by round."""

    seconds: dict[int, float] = field(default_factory=dict)
    peak_mb: dict[int, float] = field(default_factory=dict)
    stopped: float | None = None
    """The time limit, when a run was stopped at it."""
    error: str | None = None

    @property
    def median(self) -> float:
        """Median wall time."""
        return statistics.median(self.seconds.values())

    @property
    def ok(self) -> bool:
        """Whether every run finished."""
        return bool(self.seconds) and self.stopped is None and self.error is None


_limit = 60.0


def _env() -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", **TERMINAL}
    env.pop("LGTOOL_REGISTER", None)
    return env


def run(
    argv: Sequence[str], *, cwd: Path | None = None, ok: Sequence[int] = (0, 1)
) -> tuple[float, float, bool]:
    """Run ``argv`` once: (wall time, peak memory in MB of the child, stopped at the limit)."""
    env = _env()
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(_limit, stop)
    timer.start()
    try:
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stopped.is_set():
        return _limit, usage.ru_maxrss / 1024, True
    if proc.returncode not in ok:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise StepError(f"kod {proc.returncode}: {last[0][:120]}")
    return elapsed, usage.ru_maxrss / 1024, False


Step = Callable[[], tuple[float, float, bool]]


def rounds(label: str, n: int, steps: Sequence[tuple[str, Step]]) -> dict[str, Measure]:
    """Run every step once per round, ``n`` rounds; the steps interleave so noise is shared.

    A step that failed or was stopped at the time limit is not run again.
    """
    found: dict[str, Measure] = {name: Measure() for name, _ in steps}
    for i in range(n):
        print(f"  {label}: varv {i + 1}/{n}", file=sys.stderr, flush=True)
        for name, step in steps:
            m = found[name]
            if m.error is not None or m.stopped is not None:
                continue
            try:
                seconds, peak, stopped = step()
            except StepError as exc:
                m.error = str(exc)
                print(f"    {name}: {exc}", file=sys.stderr, flush=True)
                continue
            m.seconds[i], m.peak_mb[i] = seconds, peak
            if stopped:
                m.stopped = seconds
                print(f"    {name}: avbruten efter {seconds:.0f} s", file=sys.stderr, flush=True)
    return found


def compile_lgtool() -> None:
    """Write lgtool's bytecode, as installing it does (pip compiles every module).

    An editable install writes it on its first run, unless PYTHONDONTWRITEBYTECODE is
    set (as on the shared machine): then every measured run compiled all of lgtool
    again, about a seventh of a cold run on 1,000 processings, which no installed
    lgtool pays. Stale bytecode (an edited checkout) is written again.
    """
    import compileall
    from importlib.util import find_spec

    spec = find_spec("lgtool")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def drop(*folders: Path) -> None:
    """Remove the caches of the registers in ``folders`` (the next run is cold): the
    cache folder lgtool uses for each (at the root of its git work tree, if any)."""
    for folder in folders:
        shutil.rmtree(folder / CACHE_DIR, ignore_errors=True)
        shutil.rmtree(location(folder)[0], ignore_errors=True)


def cold(argv: list[str], *caches: Path, cwd: Path | None = None) -> Step:
    """A step that drops ``caches`` and runs ``argv``."""

    def step() -> tuple[float, float, bool]:
        drop(*caches)
        return run(argv, cwd=cwd)

    return step


def warm(argv: list[str], cwd: Path | None = None) -> Step:
    """A step that runs ``argv`` as it is (with whatever caches the previous steps left)."""
    return lambda: run(argv, cwd=cwd)


def has_command(*words: str) -> bool:
    """Whether this lgtool has the command, or the command's flag, ``words``
    (``lgtool stad``, ``lgtool status --alla``): from ``lgtool ... --help``."""
    flag = words[-1] if words and words[-1].startswith("--") else None
    command = words[:-1] if flag else words
    probe = subprocess.run(
        [LGTOOL, *command, "--help"], capture_output=True, text=True, check=False, env=_env()
    )
    return probe.returncode == 0 and (flag is None or flag in probe.stdout)


class Editor:
    """Rewrites one processing file per call with one changed date; restores them all."""

    _RSA = re.compile(r"^senaste_rsa: .*$", re.MULTILINE)

    def __init__(self, root: Path) -> None:
        self.files = sorted((root / "behandlingar").glob("*.yaml"))
        self.original: dict[Path, bytes] = {}
        self.count = 0

    def edit(self) -> None:
        """Change ``senaste_rsa`` in the next file (a different file and date each time)."""
        self.count += 1
        path = self.files[(self.count * 7919) % len(self.files)]
        old = self.original.setdefault(path, path.read_bytes()).decode("utf-8")
        day = date(2025, 1, 1) + timedelta(days=self.count)
        new = self._RSA.sub(f"senaste_rsa: {day.isoformat()}", old, count=1)
        if new == old:
            new = self._RSA.sub(f"senaste_rsa: {(day + timedelta(1)).isoformat()}", old, count=1)
        path.write_bytes(new.encode("utf-8"))

    def restore(self) -> None:
        """Every edited file as it was."""
        for path, data in self.original.items():
            path.write_bytes(data)
        self.original.clear()

    def step(self, argv: list[str]) -> Step:
        """Edit a file, then run ``argv`` (only the run is timed)."""

        def step() -> tuple[float, float, bool]:
            self.edit()
            return run(argv)

        return step


# --- The registers -----------------------------------------------------------------------


class Store:
    """Generated registers, kept between runs under a key of the generators' source."""

    def __init__(self, base: Path, *, fresh: bool) -> None:
        self.base = base
        self.fresh = fresh
        source = b"".join((HERE / n).read_bytes() for n in ("generate.py", "history.py"))
        self.version = hashlib.sha256(source).hexdigest()[:12]
        # Registers of an older generator are never used again.
        for old in base.glob("*-" + "[0-9a-f]" * 12):
            if old.is_dir() and not old.name.endswith(f"-{self.version}"):
                shutil.rmtree(old, ignore_errors=True)

    def get(self, name: str, build: Callable[[Path], None]) -> Path:
        """The folder ``name``, built by ``build(folder)`` unless a complete one is kept."""
        folder = self.base / f"{name}-{self.version}"
        done = folder / ".klar"
        if self.fresh or not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            print(f"  skapar {folder}", file=sys.stderr, flush=True)
            build(folder)
            done.touch()
        return folder

    @contextmanager
    def editing(self, folder: Path) -> Iterator[None]:
        """While files in ``folder`` (from :meth:`get`) are changed it is not complete: a
        run that dies there leaves it to be built again."""
        done = folder / ".klar"
        done.unlink(missing_ok=True)
        yield
        done.touch()


def _store_base() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "lgtool-bench"


def build_register(antal: int, *, seed: int = 7) -> Callable[[Path], None]:
    """A builder of generate.py's register of ``antal`` processings at ``FOLDER/register``."""

    def build(folder: Path) -> None:
        generate(folder / "register", antal, seed=seed)

    return build


def build_history(antal: int, steps: int) -> Callable[[Path], None]:
    """The history repository at ``FOLDER/repo`` and a copy of its register at ``FOLDER/kopia``."""

    def build(folder: Path) -> None:
        history.build(folder / "repo", antal, steps)
        shutil.copytree(folder / "repo" / "register", folder / "kopia" / "register")

    return build


def build_city(units: int, total: int) -> Callable[[Path], None]:
    """``FOLDER/stad.yaml`` and ``units`` registers of ``total`` processings in all."""

    def build(folder: Path) -> None:
        lines = ["stad: Benchstaden", "enheter:"]
        for i in range(units):
            unit = f"enhet-{i + 1:02d}"
            antal = total // units + (1 if i < total % units else 0)
            write_files(folder / "enheter" / unit, register_files(antal, seed=100 + i))
            lines += [
                f"  - id: {unit}",
                f"    namn: Enhet {i + 1}",
                f"    typ: {'bolag' if i % 5 == 4 else 'forvaltning'}",
                f"    register: enheter/{unit}",
            ]
        (folder / "stad.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    return build


# --- The rows ------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a figure against its floor, or a peak memory against a limit."""

    name: str
    target: float
    command: Measure | None = None
    floor: Measure | None = None
    floor_name: str = ""
    issue: str = ""
    memory: bool = False
    missing: str | None = None
    """Why the row was not measured ('lgtool stad saknas')."""

    def cells(self) -> list[str]:
        """Median, floor, ratio, target, met."""
        target = f"≤ {self.target:g} MB" if self.memory else f"≤ {self.target:g}"
        if self.missing is not None:
            return ["", "", "", target, f"ej mätt: {self.missing}"]
        c, f = self.command, self.floor
        assert c is not None
        if c.error is not None:
            return ["", "", "", target, f"ej mätt: {c.error}"]
        if f is not None and f.error is not None:
            return ["", "", "", target, f"ej mätt: {self.floor_name}: {f.error}"]
        if not c.seconds:
            return ["", "", "", target, "ej mätt"]
        if self.memory:
            peak = max(c.peak_mb.values())
            floor = f"{self.floor_name} {max(f.peak_mb.values()):.0f} MB" if f else ""
            return [f"{peak:.0f} MB", floor, "", target, _met(peak <= self.target)]
        assert f is not None
        pairs = [c.seconds[i] / f.seconds[i] for i in c.seconds if i in f.seconds]
        ratio = statistics.median(pairs)
        if c.stopped is not None:
            return [
                f"≥ {c.stopped:.0f} s (avbruten)",
                f"{self.floor_name} {f.median:.3f} s",
                f"≥ {ratio:.2f}",
                target,
                _met(False),
            ]
        return [
            f"{c.median:.3f} s",
            f"{self.floor_name} {f.median:.3f} s",
            f"{ratio:.2f}",
            target,
            _met(ratio <= self.target),
        ]

    @property
    def met(self) -> bool | None:
        """True or False; None when not measured."""
        last = self.cells()[-1]
        return None if last.startswith("ej mätt") else last == "ja"


def _met(ok: bool) -> str:
    return "ja" if ok else "**nej**"


def _n(antal: int) -> str:
    return f"{antal:,}".replace(",", " ")


# --- The sections -------------------------------------------------------------------------


@dataclass
class Context:
    """What every section needs."""

    args: argparse.Namespace
    store: Store
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def floor_step(root: Path) -> Step:
    """The floor: CSafeLoader over the same files in one process."""
    return warm([PYTHON, "-c", FLOOR_CODE, str(root)])


def main_section(ctx: Context, root: Path, antal: int, *, full: bool) -> dict[str, Measure]:
    """The register of ``antal`` processings: reading, status, report, kalender, start-up.

    ``full``: every row (the main register); else the rows issue 18 repeats at 50k.
    """
    n = _n(antal)
    reg = ["--register", str(root)]
    year = max(int(p.stem) for p in (root / "ar").glob("*.yaml"))
    editor = Editor(root)
    json_ = ["--format", "json"]
    steps: list[tuple[str, Step]] = [
        ("golv", floor_step(root)),
        ("validate kall", cold([LGTOOL, "validate", *reg], root)),
        ("validate varm", warm([LGTOOL, "validate", *reg])),
        ("status kall", cold([LGTOOL, "status", *reg, *json_], root)),
        ("status varm", warm([LGTOOL, "status", *reg, *json_])),
        ("status efter ändring", editor.step([LGTOOL, "status", *reg, *json_])),
        ("report kall", cold([LGTOOL, "report", str(year), *reg], root)),
    ]
    if full:
        steps[3:3] = [("validate --ingen-cache", warm([LGTOOL, "validate", *reg, "--ingen-cache"]))]
        steps += [
            ("report --publik kall", cold([LGTOOL, "report", str(year), *reg, "--publik"], root)),
            ("status tabell kall", cold([LGTOOL, "status", *reg], root)),
            ("status tabell varm", warm([LGTOOL, "status", *reg])),
            ("kalender kall", cold([LGTOOL, "kalender", *reg], root)),
            ("varmt golv", warm([PYTHON, "-c", WARM_FLOOR_CODE, str(root)])),
            ("import typer", warm([PYTHON, "-c", "import typer"])),
            ("--version", warm([LGTOOL, "--version"])),
            ("--help", warm([LGTOOL, "--help"])),
            ("status --help", warm([LGTOOL, "status", "--help"])),
        ]
    varv = ctx.args.varv if full else ctx.args.dyra_varv
    with ctx.store.editing(root.parent):
        try:
            m = rounds(f"{n} behandlingar", varv, steps)
        finally:
            editor.restore()
    golv, sk = m["golv"], m["status kall"]
    ctx.rows += [
        Row(f"validate, kall ({n})", 1.5, m["validate kall"], golv, "golv"),
        Row(f"status --format json, kall ({n})", 1.5, sk, golv, "golv"),
    ]
    if full:
        ctx.rows.append(
            Row(f"validate --ingen-cache ({n})", 1.5, m["validate --ingen-cache"], golv, "golv")
        )
    ctx.rows += [
        Row(f"validate, varm ({n})", 0.15, m["validate varm"], m["validate kall"], "validate kall"),
        Row(f"status --format json, varm ({n})", 0.15, m["status varm"], sk, "status kall"),
        Row(
            f"status --format json efter en ändrad fil ({n})",
            0.25,
            m["status efter ändring"],
            sk,
            "status kall",
            "#18",
        ),
    ]
    if full:
        tk = m["status tabell kall"]
        ctx.rows += [
            Row(f"status (tabell), kall ({n})", 1.6, tk, golv, "golv", "#18"),
            Row(
                f"status (tabell), varm ({n})",
                0.15,
                m["status tabell varm"],
                tk,
                "tabell kall",
                "#18",
            ),
            Row(
                f"kalender (tabell), kall ({n})",
                1.0,
                m["kalender kall"],
                tk,
                "status tabell kall",
                "#15",
            ),
        ]
    ctx.rows.append(Row(f"report {year}, kall ({n})", 1.3, m["report kall"], sk, "status kall"))
    if full:
        rk = m["report kall"]
        ctx.rows += [
            Row(
                f"report {year} --publik, kall ({n})",
                1.2,
                m["report --publik kall"],
                rk,
                "report kall",
                "#18",
            ),
            Row("--version", 1.3, m["--version"], m["import typer"], "import typer"),
            Row("--help", 1.3, m["--help"], m["import typer"], "import typer"),
            Row("status --help", 1.5, m["status --help"], m["import typer"], "import typer", "#18"),
        ]
        wf = m["varmt golv"]
        if wf.ok and m["validate varm"].ok and m["status varm"].ok:
            ctx.notes.append(
                f"Varmt golv (Python, import typer, läsa och hasha alla {n} filer): median "
                f"{wf.median:.3f} s. Varma körningar mot det varma golvet i samma varv: validate "
                f"{_ratio(m['validate varm'], wf):.2f}, status --format json "
                f"{_ratio(m['status varm'], wf):.2f}."
            )
    if full:
        memory = [x for name, x in m.items() if name not in ("golv", "varmt golv", "import typer")]
        ctx.rows.append(_memory_row(f"Högsta minnesanvändning (RSS), lgtool ({n})", 300, memory))
    else:
        memory = [m["status kall"], m["status varm"], m["status efter ändring"]]
        ctx.rows.append(_memory_row(f"Högsta minnesanvändning (RSS), status ({n})", 250, memory))
    return m


def _memory_row(name: str, limit: float, measures: list[Measure]) -> Row:
    """The highest peak of ``measures`` against ``limit`` MB."""
    peaks = [max(x.peak_mb.values()) for x in measures if x.peak_mb]
    if not peaks:
        return Row(name, limit, missing="inga körningar")
    return Row(name, limit, Measure({0: 0.0}, {0: max(peaks)}), issue="#18", memory=True)


def _ratio(command: Measure, floor: Measure) -> float:
    return statistics.median(
        command.seconds[i] / floor.seconds[i] for i in command.seconds if i in floor.seconds
    )


def excel_section(ctx: Context, root: Path) -> None:
    """Export to Excel against CSV, and importing that Excel file (dry run) against validate."""
    n = _n(ctx.args.antal)
    reg = ["--register", str(root)]
    with tempfile.TemporaryDirectory(prefix="lgtool-bench-excel-") as tmp:
        out = Path(tmp)
        empty = out / "tomt"
        (empty / "behandlingar").mkdir(parents=True)
        (empty / "ar").mkdir()
        shutil.copy(root / "organisation.yaml", empty / "organisation.yaml")
        xlsx, csv = out / "register.xlsx", out / "register.csv"
        imported: list[str] = []

        def import_step() -> tuple[float, float, bool]:
            # The exported Excel file; while the export to Excel is too slow to finish,
            # the exported CSV file (the row says so), so that import is still measured.
            source = xlsx if xlsx.exists() else csv
            if not source.exists():
                raise StepError("ingen exporterad fil att läsa in")
            imported.append(source.suffix)
            drop(empty)
            return run([LGTOOL, "import", "--torrkorning", "--register", str(empty), str(source)])

        m = rounds(
            f"Excel, {n} behandlingar",
            ctx.args.dyra_varv,
            [
                ("validate kall", cold([LGTOOL, "validate", *reg], root)),
                (
                    "export csv",
                    cold([LGTOOL, "export", *reg, "-f", "csv", "-o", str(csv)], root),
                ),
                ("export xlsx", cold([LGTOOL, "export", *reg, "-o", str(xlsx)], root)),
                ("import", import_step),
            ],
        )
    ctx.rows += [
        Row(f"export -o x.xlsx ({n})", 3, m["export xlsx"], m["export csv"], "export csv", "#18"),
        Row(
            f"import --torrkorning av den exporterade {_kind(imported)}-filen ({n})",
            2,
            m["import"],
            m["validate kall"],
            "validate kall",
            "#18",
        ),
    ]


def _kind(suffixes: list[str]) -> str:
    """'xlsx', or what was read instead when the Excel export did not finish."""
    if set(suffixes) <= {".xlsx"}:
        return "xlsx"
    return "csv (exporten till xlsx blev inte klar)"


def history_section(ctx: Context) -> None:
    """``trend --steg manad`` over the history and ``diff`` of its last two commits, against
    a cold ``status`` of the same register (a copy outside git, so that dropping its
    caches leaves trend's and diff's)."""
    antal, steps = ctx.args.antal, ctx.args.trend_steg
    n = _n(antal)
    folder = ctx.store.get(f"historik-{antal}-{steps}", build_history(antal, steps))
    repo, copy = folder / "repo", folder / "kopia" / "register"
    last = history.month(history.START, steps - 1)
    trend = [LGTOOL, "trend", "--register", "register", "--steg", "manad", "--fran",
             history.START.isoformat(), "--till", last.isoformat(), "-f", "json"]  # fmt: skip
    diff = [LGTOOL, "diff", "HEAD~1", "HEAD", "--register", "register"]
    drop(repo, repo / "register")
    warmed = rounds(
        f"historik, {n} behandlingar, uppvärmning",
        1,
        [("trend", warm(trend, repo)), ("diff", warm(diff, repo))],
    )
    status = cold([LGTOOL, "status", "--register", str(copy), "-f", "json"], copy)
    m = rounds(
        f"historik, {n} behandlingar, {steps} månader",
        ctx.args.dyra_varv,
        [
            ("status kall", status),
            # A command whose warm-up failed or was stopped is not run again: the warm-up
            # is its figure (against every round's status).
            *(
                (name, warm(argv, repo))
                for name, argv in (("trend", trend), ("diff", diff))
                if warmed[name].ok
            ),
        ],
    )
    for name in ("trend", "diff"):
        before = warmed[name]
        if not before.ok:
            m[name] = before
            m[name].seconds = {i: before.seconds.get(0, 0.0) for i in m["status kall"].seconds}
    ctx.rows += [
        Row(
            f"trend --steg manad, {steps} steg, efter en varm körning ({n})",
            5,
            m["trend"],
            m["status kall"],
            "status kall",
            "#18",
        ),
        Row(
            f"diff HEAD~1 HEAD, 10 filer isär ({n})",
            0.5,
            m["diff"],
            m["status kall"],
            "status kall",
            "#18",
        ),
    ]


def city_section(ctx: Context, root: Path) -> None:
    """``lgtool stad status`` over the units against ``status`` on one register of as many."""
    units, antal = ctx.args.enheter, ctx.args.antal
    name = f"stad status --format json, {units} register med {_n(antal)} behandlingar totalt"
    json_ = ["--format", "json"]
    if not has_command("stad"):
        ctx.rows.append(Row(name, 1.3, issue="#17", missing="lgtool stad saknas"))
        return
    folder = ctx.store.get(f"stad-{units}-{antal}", build_city(units, antal))
    caches = [folder, *(folder / "enheter").iterdir()]
    m = rounds(
        f"stad, {units} enheter",
        ctx.args.dyra_varv,
        [
            ("status kall", cold([LGTOOL, "status", "--register", str(root), "-f", "json"], root)),
            (
                "stad status kall",
                cold([LGTOOL, "stad", "status", str(folder / "stad.yaml"), *json_], *caches),
            ),
        ],
    )
    ctx.rows.append(Row(name, 1.3, m["stad status kall"], m["status kall"], "status kall", "#17"))


def small_section(ctx: Context) -> None:
    """A cold ``status --format json`` on a small register: start-up dominates."""
    antal = ctx.args.litet
    folder = ctx.store.get(f"register-{antal}", build_register(antal))
    root = folder / "register"
    m = rounds(
        f"{_n(antal)} behandlingar",
        ctx.args.varv,
        [
            ("golv", floor_step(root)),
            ("status kall", cold([LGTOOL, "status", "--register", str(root), "-f", "json"], root)),
        ],
    )
    ctx.rows.append(
        Row(
            f"status --format json, kall ({_n(antal)})",
            1.6,
            m["status kall"],
            m["golv"],
            "golv",
            "#18",
        )
    )


def main() -> None:
    """Generate or reuse the registers, measure, print and append the results."""
    args = _arguments()
    global _limit  # noqa: PLW0603  (one limit for every command of the run)
    _limit = args.tidsgrans
    began = time.perf_counter()
    compile_lgtool()
    with tempfile.TemporaryDirectory(prefix="lgtool-bench-") as tmp:
        base = Path(tmp) if args.ingen_lagring else _store_base()
        ctx = Context(args, Store(base, fresh=args.ny_generering))
        print(f"Registren: {base}", file=sys.stderr, flush=True)
        folder = ctx.store.get(f"register-{args.antal}", build_register(args.antal))
        root = folder / "register"
        if args.bara_registren:
            _build_all(ctx)
            return
        main_section(ctx, root, args.antal, full=True)
        if not args.utan_excel:
            excel_section(ctx, root)
        if not args.utan_historik:
            history_section(ctx)
        if not args.utan_stad:
            city_section(ctx, root)
        small_section(ctx)
        if not args.utan_stort:
            big = ctx.store.get(f"register-{args.stort}", build_register(args.stort))
            main_section(ctx, big / "register", args.stort, full=False)
    ctx.notes.append(
        "Finns i denna lgtool: "
        + ", ".join(
            f"{' '.join(words)} {'ja' if has_command(*words) else 'nej'}"
            for words in (("status", "--alla"), ("kalender", "--alla"), ("stad",))
        )
        + "."
    )
    ctx.notes.append(f"Mätningen tog {time.perf_counter() - began:.0f} s.")
    text = table(ctx)
    print(text)
    missed = [r.name for r in ctx.rows if r.met is False]
    print(f"Missade mål: {len(missed)} av {len(ctx.rows)}.", file=sys.stderr)
    if not args.ingen_resultatfil:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(text)


def _build_all(ctx: Context) -> None:
    """Build (or keep) every register a run would use, and measure nothing."""
    args = ctx.args
    ctx.store.get(f"register-{args.litet}", build_register(args.litet))
    if not args.utan_stort:
        ctx.store.get(f"register-{args.stort}", build_register(args.stort))
    if not args.utan_historik:
        ctx.store.get(
            f"historik-{args.antal}-{args.trend_steg}", build_history(args.antal, args.trend_steg)
        )
    if not args.utan_stad:
        ctx.store.get(f"stad-{args.enheter}-{args.antal}", build_city(args.enheter, args.antal))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--antal", type=int, default=10_000, help="behandlingar i huvudregistret")
    parser.add_argument(
        "--litet", type=int, default=1_000, help="behandlingar i det lilla registret"
    )
    parser.add_argument(
        "--stort", type=int, default=50_000, help="behandlingar i det stora registret"
    )
    parser.add_argument("--enheter", type=int, default=50, help="enheter i staden (lgtool stad)")
    parser.add_argument("--trend-steg", type=int, default=120, help="månader i historiken")
    parser.add_argument("--varv", type=int, default=3, help="mätvarv för de billiga måtten")
    parser.add_argument("--dyra-varv", type=int, default=2, help="mätvarv för de dyra måtten")
    parser.add_argument(
        "--tidsgrans", type=float, default=60, help="sekunder innan ett kommando stoppas"
    )
    parser.add_argument(
        "--snabb", action="store_true", help="små register, ett varv, ingen resultatfil"
    )
    parser.add_argument("--utan-stort", action="store_true", help="mät inte det stora registret")
    parser.add_argument("--utan-excel", action="store_true", help="mät inte export och import")
    parser.add_argument(
        "--utan-historik", "--utan-trend", action="store_true", help="mät inte trend och diff"
    )
    parser.add_argument("--utan-stad", action="store_true", help="mät inte lgtool stad")
    parser.add_argument("--ingen-resultatfil", action="store_true", help="skriv inte RESULTS.md")
    parser.add_argument(
        "--ingen-lagring", action="store_true", help="skapa registren i en tillfällig mapp"
    )
    parser.add_argument(
        "--ny-generering", action="store_true", help="skapa sparade register på nytt"
    )
    parser.add_argument(
        "--bara-registren", action="store_true", help="skapa (eller behåll) registren, mät inget"
    )
    args = parser.parse_args()
    if args.snabb:
        args.antal, args.litet, args.stort = (
            min(args.antal, 2000),
            min(args.litet, 500),
            min(args.stort, 5000),
        )
        args.enheter, args.trend_steg = min(args.enheter, 10), min(args.trend_steg, 24)
        args.varv = args.dyra_varv = 1
        args.tidsgrans = min(args.tidsgrans, 30)
        args.ingen_resultatfil = True
    return args


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.node()}, {cpu}, {os.cpu_count()} kärnor, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def _commit() -> str:
    probe = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=commit %h av %cs"],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.stdout.strip() or "okänd"


def _registers(args: argparse.Namespace) -> str:
    sizes = [_n(n) for n in (args.antal, args.litet, *([] if args.utan_stort else [args.stort]))]
    parts = [f"{', '.join(sizes[:-1])} och {sizes[-1]} behandlingar"]
    if not args.utan_historik:
        parts.append(
            f"en historik med {args.trend_steg} månatliga commits av {_n(args.antal)} "
            "(benchmarks/history.py)"
        )
    if not args.utan_stad:
        parts.append(f"en stad med {args.enheter} register om {_n(args.antal)} totalt")
    return "; ".join(parts)


def table(ctx: Context) -> str:
    """The results as a Markdown section."""
    args = ctx.args
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        f"\n## {now}\n\n",
        f"Maskin: {_machine()}.\n",
        f"lgtool: {_commit()}.\n",
        f"Register (benchmarks/generate.py): {_registers(args)}. Median av {args.varv} varv "
        f"({args.dyra_varv} för de dyra måtten); kvoten är medianen av kvoterna per varv. Golv: "
        f"CSafeLoader i en process. Terminal: {TERMINAL['COLUMNS']} × {TERMINAL['LINES']} "
        f"(ingen tty). Tidsgräns per kommando: {args.tidsgrans:g} s.\n\n",
        "| Mått | Ärende | Median | Golv | Kvot | Mål | Uppfyllt |\n",
        "|---|---|---:|---|---:|---:|---|\n",
    ]
    for row in ctx.rows:
        median, floor, ratio, target, met = row.cells()
        lines.append(
            f"| {row.name} | {row.issue} | {median} | {floor} | {ratio} | {target} | {met} |\n"
        )
    lines.append("\n" + "".join(f"{note}\n" for note in ctx.notes))
    return "".join(lines)


if __name__ == "__main__":
    main()
