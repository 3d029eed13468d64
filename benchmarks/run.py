"""``make bench``: lgtool's speed on a city-sized register, each figure against its floor.

The machine is shared and noisy, so every figure is measured side by side with
its floor in the same round, several rounds are run, and the median of the
per-round ratios is reported. The floor of reading a register is parsing the same
files with libyaml's C loader (PyYAML ``CSafeLoader``) in one Python process,
startup included; the floor of ``--version`` and ``--help`` is ``import typer``.
lgtool's bytecode is written first, as installing it does (:func:`compile_lgtool`).

The table is printed and appended to ``benchmarks/RESULTS.md`` with the date and
the machine.

    python benchmarks/run.py [--antal 10000] [--varv 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import trend_bench  # the benchmark folder is not a package
from generate import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS.md"
LGTOOL = str(Path(sys.executable).parent / "lgtool")
CACHE_DIR = ".lgtool-cache"

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
"""What any warm run must do: start Python, import typer, read and hash every file.

A warm run (nothing changed since the last) replays the stored result
(src/lgtool/result_cache.py), so this is its floor.
"""

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


@dataclass
class Measure:
    """Wall times (s) and peak memory (MB) of one command over the rounds."""

    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median wall time."""
        return statistics.median(self.seconds)


def run(argv: Sequence[str], *, cwd: Path | None = None, ok: Sequence[int] = (0,)) -> Measure:
    """Run ``argv`` once; wall time and peak memory of the child process."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("LGTOOL_REGISTER", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise SystemExit(
            f"{' '.join(argv)} avslutades med kod {proc.returncode}:\n{err.decode()[-2000:]}"
        )
    return Measure([elapsed], [usage.ru_maxrss / 1024])


def drop_cache(root: Path) -> None:
    """Remove the register's parse cache (a cold run)."""
    for base in (root, REPO):
        shutil.rmtree(base / CACHE_DIR, ignore_errors=True)


def report_available() -> bool:
    """Whether this lgtool has the report command yet."""
    probe = subprocess.run([LGTOOL, "report", "--help"], capture_output=True, check=False)
    return probe.returncode == 0


@dataclass
class Figure:
    """One line of the table: a command's median against its floor's."""

    name: str
    command: Measure
    floor: Measure
    floor_name: str
    target: float

    @property
    def ratio(self) -> float:
        """Median over the rounds of command / floor measured in the same round."""
        return ratio(self.command, self.floor)


def ratio(command: Measure, floor: Measure) -> float:
    """Median over the rounds of command / floor measured in the same round."""
    return statistics.median(c / f for c, f in zip(command.seconds, floor.seconds, strict=True))


def rounds(n: int, steps: Sequence[tuple[str, Callable[[], Measure]]]) -> dict[str, Measure]:
    """Run every step once per round, ``n`` rounds; the steps interleave so noise is shared."""
    found: dict[str, Measure] = {name: Measure() for name, _ in steps}
    for i in range(n):
        print(f"  varv {i + 1}/{n}", file=sys.stderr, flush=True)
        for name, step in steps:
            m = step()
            found[name].seconds += m.seconds
            found[name].peak_mb += m.peak_mb
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


def main() -> None:
    """Generate the register, measure, print and append the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--antal", type=int, default=10_000, help="antal behandlingar")
    parser.add_argument("--varv", type=int, default=5, help="antal mätvarv (median)")
    parser.add_argument("--ingen-resultatfil", action="store_true", help="skriv inte RESULTS.md")
    parser.add_argument("--utan-trend", action="store_true", help="mät inte lgtool trend")
    args = parser.parse_args()
    began = time.perf_counter()
    compile_lgtool()

    with tempfile.TemporaryDirectory(prefix="lgtool-bench-") as tmp:
        root = generate(Path(tmp) / "register", args.antal)
        year = max(int(p.stem) for p in (root / "ar").glob("*.yaml"))
        python = sys.executable
        reg = ["--register", str(root)]
        has_report = report_available()

        def cold(argv: list[str]) -> Callable[[], Measure]:
            def step() -> Measure:
                drop_cache(root)
                return run(argv)

            return step

        steps: list[tuple[str, Callable[[], Measure]]] = [
            ("golv", lambda: run([python, "-c", FLOOR_CODE, str(root)])),
            ("validate kall", cold([LGTOOL, "validate", *reg])),
            ("validate varm", lambda: run([LGTOOL, "validate", *reg])),
            ("validate --ingen-cache", lambda: run([LGTOOL, "validate", *reg, "--ingen-cache"])),
            ("status kall", cold([LGTOOL, "status", *reg, "--format", "json"])),
            ("status varm", lambda: run([LGTOOL, "status", *reg, "--format", "json"])),
            ("varmt golv", lambda: run([python, "-c", WARM_FLOOR_CODE, str(root)])),
        ]
        if has_report:
            steps += [
                ("status kall (rapport)", cold([LGTOOL, "status", *reg, "--format", "json"])),
                ("report kall", cold([LGTOOL, "report", str(year), *reg])),
            ]
        steps += [
            ("import typer", lambda: run([python, "-c", "import typer"])),
            ("--version", lambda: run([LGTOOL, "--version"])),
            ("--help", lambda: run([LGTOOL, "--help"])),
        ]
        print(f"{args.antal} behandlingar, {args.varv} varv", file=sys.stderr)
        m = rounds(args.varv, steps)

    example = REPO / "register"
    small = rounds(
        args.varv,
        [
            ("exempel validate", lambda: run([LGTOOL, "validate", "--register", str(example)])),
            (
                "exempel status",
                lambda: run([LGTOOL, "status", "--register", str(example)], ok=(0, 1)),
            ),
        ],
    )

    trend = None if args.utan_trend else measure_trend()

    figures = [
        Figure("validate, kall", m["validate kall"], m["golv"], "golv", 1.5),
        Figure("status --format json, kall", m["status kall"], m["golv"], "golv", 1.5),
        Figure("validate --ingen-cache", m["validate --ingen-cache"], m["golv"], "golv", 1.5),
        Figure("validate, varm", m["validate varm"], m["validate kall"], "validate kall", 0.15),
        Figure(
            "status --format json, varm", m["status varm"], m["status kall"], "status kall", 0.15
        ),
    ]
    if has_report:
        figures.append(
            Figure(
                f"report {year}, kall",
                m["report kall"],
                m["status kall (rapport)"],
                "status kall",
                1.3,
            )
        )
    figures += [
        Figure("--version", m["--version"], m["import typer"], "import typer", 1.3),
        Figure("--help", m["--help"], m["import typer"], "import typer", 1.3),
    ]
    peak = max(max(x.peak_mb) for name, x in m.items() if name not in ("golv", "import typer"))
    lines = table(
        figures, floor=m["golv"], peak=peak, small=small, args=args, has_report=has_report
    )
    lines.append(
        f"\nVarmt golv (Python, import typer, läsa och hasha alla {args.antal} filer): "
        f"median {m['varmt golv'].median:.3f} s = "
        f"{m['varmt golv'].median / m['validate kall'].median:.2f} × validate kall, "
        f"{m['varmt golv'].median / m['status kall'].median:.2f} × status kall. "
        f"Varma körningar (svaret från resultatcachen) mot det varma golvet i samma varv: "
        f"validate {ratio(m['validate varm'], m['varmt golv']):.2f}, "
        f"status --format json {ratio(m['status varm'], m['varmt golv']):.2f}.\n"
    )
    if trend is not None:
        status_s, trend_s = trend
        lines.append(
            f"\n`lgtool trend` (benchmarks/trend_bench.py: 1000 behandlingar, 100 commits, "
            f"bästa av 3): status {status_s:.2f} s, trend {trend_s:.2f} s, "
            f"kvot {trend_s / status_s:.2f} (mål: väl under 10).\n"
        )
    lines.append(f"\nMätningen tog {time.perf_counter() - began:.0f} s.\n")
    text = "".join(lines)
    print(text)
    if not args.ingen_resultatfil:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(text)


def measure_trend() -> tuple[float, float]:
    """``lgtool trend`` against ``lgtool status`` as benchmarks/trend_bench.py measures them."""
    print("  trend: 1000 behandlingar, 100 commits", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="lgtool-trend-bench-") as tmp:
        repo = Path(tmp)
        last = trend_bench.build(repo, 1000, 100)
        per = last.isoformat()
        status = trend_bench.timed(["status", "--per", per, "--format", "json"], repo)
        trend = trend_bench.timed(
            [
                "trend",
                "--steg",
                "manad",
                "--fran",
                trend_bench.START.isoformat(),
                "--till",
                per,
                "-f",
                "json",
            ],
            repo,
        )
    return status, trend


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


def table(
    figures: list[Figure],
    *,
    floor: Measure,
    peak: float,
    small: dict[str, Measure],
    args: argparse.Namespace,
    has_report: bool,
) -> list[str]:
    """The results as a Markdown section."""
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        f"\n## {now}\n\n",
        f"Maskin: {_machine()}.\n",
        f"Register: {args.antal} behandlingar (benchmarks/generate.py, frö 7); "
        f"median av {args.varv} varv. Golv: CSafeLoader i en process, "
        f"median {floor.median:.2f} s.\n\n",
        "| Mått | Median | Golv | Kvot (median per varv) | Mål | Uppfyllt |\n",
        "|---|---:|---|---:|---:|---|\n",
    ]
    for f in figures:
        met = "ja" if f.ratio <= f.target else "**nej**"
        lines.append(
            f"| {f.name} | {f.command.median:.3f} s | {f.floor_name} {f.floor.median:.3f} s "
            f"| {f.ratio:.2f} | ≤ {f.target} | {met} |\n"
        )
    lines.append(
        f"| Högsta minnesanvändning (RSS) | {peak:.0f} MB | | | < 300 MB | "
        f"{'ja' if peak < 300 else '**nej**'} |\n"
    )
    if not has_report:
        lines.append(
            "\n`lgtool report` finns inte i denna version; rapportens mått är inte uppmätt.\n"
        )
    validate, status = small["exempel validate"].median, small["exempel status"].median
    lines.append(
        f"\nExempelregistret (register/): validate median {validate:.3f} s, "
        f"status median {status:.3f} s.\n"
    )
    return lines


if __name__ == "__main__":
    main()
