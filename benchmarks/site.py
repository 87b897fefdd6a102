"""Time `thidua site` against PyYAML's C loader on synthetic blocs (issue 18: at most 5× at 1,000 units).

    python benchmarks/site.py                      # 100 and 1,000 units, 3 paired rounds
    python benchmarks/site.py --sizes 1000 --repeat 5 --workdir /tmp/thidua-bench

Each step runs in a fresh process, with the blocs and the paired, rotating rounds of
`benchmarks/run.py` (the same generated blocs, reused when already there; one warm-up run each):

  (a) the floor: PyYAML's C loader parsing every .yaml file of the year and nothing else,
  (e) thidua site -o DIR --no-documents (pages and charts),
  (f) thidua site -o DIR (also the year's Word documents, as `thidua report` makes them).

The table shows the median CPU time (user + system of the process and the children it waited
for, so drawing in several processes is counted whole) and wall time, the median and spread of
each step's per-round CPU ratio to (a), the peak memory, and the files written and their size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import List

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (the sibling scripts: blocs, runs, ratios)
import run  # noqa: E402

TARGET = 5.0  # issue 18: × the floor at 1,000 units (CPU)


def measure(workdir: Path, units: int, repeat: int, seed: int) -> None:
    data = run.bloc_for(workdir, units, seed)
    year = data / str(generate.YEAR)
    out = workdir / f"site-{units}"
    fresh = run.remover(out)
    thidua = run.thidua_command() + ["--data", str(data), "site", "-o", str(out)]
    floor = run.Step("(a) floor: PyYAML C loader, all files",
                     [sys.executable, "-c", run.FLOOR, str(year), str(year / "h1"), str(year / "year")])
    bare = run.Step("(e) thidua site --no-documents", thidua + ["--no-documents"], fresh)
    full = run.Step("(f) thidua site", thidua, fresh)
    print(f"  {units:,} units: {repeat} rounds ...", file=sys.stderr, flush=True)
    run.run_rounds([floor, bare], repeat)
    run.run_rounds([full], 1 if units >= 1000 else repeat)  # the documents add about the same at any size
    files = sum(1 for p in out.rglob("*") if p.is_file()) if out.is_dir() else 0
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6 if out.is_dir() else 0
    fresh()
    print(f"\n### {units:,} units; {len(floor.runs)} rounds\n")
    print("| step | CPU | wall | × (a) (CPU) | peak memory | site |")
    print("|---|---:|---:|---:|---:|---|")
    for step in (floor, bare, full):
        times = run.ratio(step, floor) if step is not full else None
        shown = f"{files:,} files, {size:.1f} MB" if step is full and not step.failed else ""
        if step is full and not step.failed and not floor.failed:
            times = f"{step.median('cpu') / floor.median('cpu'):.2f}×"
        print(f"| {step.label} | {run._seconds(step, 'cpu')} | {run._seconds(step, 'wall')} | "
              f"{'' if step is floor else times or 'n/a'} | {run._peak(step)} | {shown} |")
        if step.failed:
            print(f"\n{step.label} failed: {step.failed.error}\n")
    own = run.ratio(bare, floor)
    if units == 1000:
        run.target(f"thidua site --no-documents at 1,000 units ≤ {TARGET:g}× the floor (CPU)",
                   own.median if own else None, TARGET, str(own))


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="units per bloc, comma-separated (default 100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="paired rounds (default 3)")
    parser.add_argument("--workdir", type=Path, help="where the blocs are written and kept (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(f"Python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} CPUs; medians of paired rounds, "
          "spread (lowest–highest) in brackets.")
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for units in (int(s) for s in args.sizes.split(",") if s.strip()):
            measure(workdir, units, args.repeat, args.seed)
    if run.TARGETS:
        print("\n### target (issue 18)\n")
        print("| target | measured | met |")
        print("|---|---:|---|")
        for t in run.TARGETS:
            print(f"| {t.what} | {t.figure} | {'n/a' if t.met is None else 'yes' if t.met else '**no**'} |")


if __name__ == "__main__":
    main(sys.argv[1:])
