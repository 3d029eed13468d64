"""``lgtool stad status`` over 50 registers against ``lgtool status`` on one, side by side.

    .venv/bin/python benchmarks/stad_bench.py [--varv 3] [--enheter 50] [--antal 10000]

The city is ``--enheter`` registers that total ``--antal`` processings (each made
by benchmarks/generate.py with its own seed), listed in a stad.yaml of the form of
issue 17; the floor is one register of ``--antal`` processings. Each round runs,
interleaved: ``status --format json`` and ``stad status --format json``, both cold
(every parse cache removed), warm, and with one file changed (in one unit of the
city, and in the one register). The ratio is taken per round and its median
reported (the machine is shared; see docs/prestanda.md). Target (issue 17): at
most 1.3.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

LGTOOL = str(Path(sys.executable).with_name("lgtool"))
CACHE_DIR = ".lgtool-cache"


def city(root: Path, units: int, total: int) -> Path:
    """``units`` registers of ``total`` processings in all, and their stad.yaml."""
    lines = ["stad: Benchmarkstad", "enheter:"]
    for i in range(units):
        count = total // units + (1 if i < total % units else 0)
        generate(root / f"enhet-{i:02d}" / "register", count, seed=100 + i)
        lines += [
            f"  - id: enhet-{i:02d}",
            f"    namn: Enhet {i:02d}",
            f"    typ: {'bolag' if i % 5 == 4 else 'forvaltning'}",
            f"    register: enhet-{i:02d}/register",
        ]
    path = root / "stad.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(argv: list[str]) -> float:
    """Wall time of one run (stdout discarded); exit code 0 or 1 is accepted."""
    env = {**os.environ, "NO_COLOR": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)}: kod {proc.returncode}\n{proc.stderr.decode()}")
    return elapsed


def drop_caches(root: Path) -> None:
    """Remove every parse and result cache under ``root`` (a cold run)."""
    for cache in root.rglob(CACHE_DIR):
        shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    """Measure and print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--varv", type=int, default=3)
    parser.add_argument("--enheter", type=int, default=50)
    parser.add_argument("--antal", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lgtool-stad-bench-") as tmp:
        base = Path(tmp)
        big = generate(base / "en" / "register", args.antal)
        stad = city(base / "stad", args.enheter, args.antal)
        single = [LGTOOL, "status", "--register", str(big), "--format", "json"]
        whole = [LGTOOL, "stad", "status", str(stad), "--format", "json"]
        seconds: dict[str, list[float]] = {k: [] for k in ("sk", "ck", "sv", "cv", "sa", "ca")}
        for i in range(args.varv):
            print(f"  varv {i + 1}/{args.varv}", file=sys.stderr, flush=True)
            drop_caches(base)
            seconds["sk"].append(run(single))
            seconds["ck"].append(run(whole))
            seconds["sv"].append(run(single))
            seconds["cv"].append(run(whole))
            for folder in (big, base / "stad" / "enhet-00" / "register"):
                changed = sorted((folder / "behandlingar").glob("*.yaml"))[0]
                changed.write_text(changed.read_text("utf-8") + f"# varv {i}\n", "utf-8")
            seconds["sa"].append(run(single))
            seconds["ca"].append(run(whole))
        for label, s, c in (
            ("kall", "sk", "ck"),
            ("varm", "sv", "cv"),
            ("en fil ändrad", "sa", "ca"),
        ):
            ratio = statistics.median(a / b for a, b in zip(seconds[c], seconds[s], strict=True))
            print(
                f"{label}: status {statistics.median(seconds[s]):.3f} s, stad status "
                f"{statistics.median(seconds[c]):.3f} s, kvot {ratio:.2f} (mål ≤ 1,3)"
            )


if __name__ == "__main__":
    main()
