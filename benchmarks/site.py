"""Time `thidua site` against PyYAML's C loader on synthetic blocs (issue 18: at most 5× at 1,000 units).

    python benchmarks/site.py                      # 100 and 1,000 units, best of 3
    python benchmarks/site.py --sizes 1000 --repeat 5 --workdir /tmp/thidua-bench

Each step runs in a fresh process, with the blocs, the warm-up and the best-of rounds of
`benchmarks/run.py` (the same generated blocs, reused when already there):

  (a) PyYAML's C loader parsing every .yaml file and nothing else (the yardstick),
  (e) thidua site -o DIR --no-documents (pages and charts),
  (f) thidua site -o DIR (also the year's Word documents, as `thidua report` makes them),

each shown as a ratio to (a), with the number of files written and the size of the site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import List

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the sibling script: blocs, runs, best of)


def measure(workdir: Path, units: int, repeat: int, seed: int) -> List[tuple]:
    data = run.bloc_for(workdir, units, seed)
    out = workdir / f"site-{units}"

    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)

    thidua = run.thidua_command() + ["--data", str(data), "site", "-o", str(out)]
    steps = [
        ("(a) PyYAML C loader, all files", [sys.executable, "-c", run.YAML_ONLY, str(data)], None),
        ("(e) thidua site --no-documents", thidua + ["--no-documents"], fresh),
        ("(f) thidua site", thidua, fresh),
    ]
    print(f"  {units:,} units: {', '.join(label for label, _, _ in steps)} ...", file=sys.stderr, flush=True)
    results = run.best_of([(command, before) for _, command, before in steps], repeat)
    files = sum(1 for p in out.rglob("*") if p.is_file()) if out.is_dir() else 0
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6 if out.is_dir() else 0
    fresh()
    return [(units, label, result, results[0], files, size) for (label, _, _), result in zip(steps, results)]


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="units per bloc, comma-separated (default 100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per step, best kept (default 3)")
    parser.add_argument("--workdir", type=Path, help="where the blocs are written and kept (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = [row for units in args.sizes.split(",") if units.strip()
                for row in measure(workdir, int(units), args.repeat, args.seed)]
    print(f"Python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} CPUs; best of {args.repeat} runs.\n")
    print("| units | step | time | × (a) | per unit | peak memory | site |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for units, label, result, base, files, size in rows:
        shown = f"{files:,} files, {size:.1f} MB" if label.startswith("(f)") else ""
        seconds = f"{result.seconds:.2f} s" if result.ok else "failed"
        per_unit = f"{result.seconds / units * 1000:.2f} ms" if result.ok else ""
        print(f"| {units:,} | {label} | {seconds} | {run.fmt_ratio(result, base)} | {per_unit} | "
              f"{result.peak_mb:.0f} MB | {shown} |")
        if not result.ok:
            print(f"\n{label} failed: {result.error}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
