"""Time thidua against PyYAML on synthetic blocs, and its start-up against click + PyYAML.

    python benchmarks/run.py                   # 100 and 1,000 units, best of 3 (a few minutes)
    python benchmarks/run.py --large           # also 10,000 units (much longer)
    python benchmarks/run.py --sizes 300,3000 --repeat 5 --workdir /tmp/thidua-bench
    python benchmarks/run.py --sizes 1000 --deep   # the real sheet: 1,000 points, 5 levels, 150 criteria

For each size, `generate.py` writes a bloc (reused when already there), then each step runs in
a fresh process: once to warm up, then `--repeat` rounds of all the steps in turn (a busy machine
slows them alike).  The best time of each step is kept, with the peak memory (maximum resident
set) of that process, as GNU time (or else wait4) reports it:

  (a) PyYAML's C loader parsing every .yaml file and nothing else (the yardstick),
  (b) thidua validate, (c) thidua rank, (d) thidua report -o x.docx (n/a if it fails),

each shown as a ratio to (a); with `--gc`, also (b) and (c) with CPython's cycle collector left on
(thidua turns it off: thidua/console.py).  Start-up compares `thidua --help` and `thidua rank` on the
bundled sample with `python -c "import click, yaml"`, best of `--startup-repeat` runs.
Linux and macOS.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (the sibling script)

YAML_ONLY = """
import os, sys, yaml
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool
    error: str = ""


def thidua_command() -> List[str]:
    """The console script installed beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("thidua")
    return [str(script)] if script.exists() else [sys.executable, "-m", "thidua"]


# As on a user's machine, Python keeps compiled bytecode (the warm-up run writes it).
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "THIDUA_DATA")}


GNU_TIME = "/usr/bin/time"


def _has_gnu_time() -> bool:
    try:
        return subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


USE_GNU_TIME = _has_gnu_time()


def run_once(command: Sequence[str]) -> Run:
    """Run `command` in a fresh process: wall time, its peak RSS, success.

    The peak comes from GNU time where there is one: a child forked by this (larger) Python
    process would count the pages it inherits before exec.  Elsewhere, from wait4 (an overcount
    of the runner's own ~15 MB at most)."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        wrapped = [GNU_TIME, "-f", "%M", "-o", peak.name, *command] if USE_GNU_TIME else list(command)
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        if USE_GNU_TIME:
            peak_mb = int(peak.read().split()[-1]) / 1024  # KiB
        else:
            peak_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS
    return Run(seconds, peak_mb, proc.returncode == 0, " / ".join(tail))


def best_of(commands: Sequence[Tuple[Sequence[str], Optional[Callable[[], None]]]], repeat: int) -> List[Run]:
    """One warm-up run of each command (disk cache, bytecode), then `repeat` rounds that run each
    command in turn, so that a busy machine slows them alike; the fastest run of each is kept.
    `commands` are (command, what to do before each run) pairs; a command that fails is not rerun."""
    runs: List[List[Run]] = [[] for _ in commands]
    for round_ in range(repeat + 1):
        for done, (command, before) in zip(runs, commands):
            if done and not done[-1].ok:
                continue
            if before:
                before()
            result = run_once(command)
            if round_ == 0 and result.ok:
                continue  # the warm-up
            done.append(result)
    best = []
    for done in runs:
        failed = [r for r in done if not r.ok]
        best.append(failed[0] if failed else min(done, key=lambda r: r.seconds))
    return best


def bloc_for(workdir: Path, units: int, seed: int, deep: bool = False) -> Path:
    """The generated bloc for `units`, written unless the same one is already there; `deep`: the real
    1,000-point, 5-level sheet of 150 criteria (`generate.py --deep`)."""
    out = workdir / f"bloc-{units}{'-deep' if deep else ''}"
    wanted = generate.marker_text(units, 60, 6, seed, deep)
    marker = out / generate.MARKER
    if not (marker.exists() and marker.read_text(encoding="utf-8") == wanted):
        generate.generate(out, units, 60, 6, seed, deep)
    return out


# thidua as its console script runs it, except that gc.disable() does nothing.
GC_ON = ("import gc, sys\ngc.disable = lambda: None\nsys.argv[0] = 'thidua'\n"
         "from thidua.cli import main\nmain()\n")


def measure_size(workdir: Path, units: int, repeat: int, seed: int, gc_on: bool = False,
                 deep: bool = False) -> List[tuple]:
    data = bloc_for(workdir, units, seed, deep)
    files = sum(1 for p in data.rglob("*.yaml"))
    size_mb = sum(p.stat().st_size for p in data.rglob("*.yaml")) / 1e6
    thidua = thidua_command() + ["--data", str(data)]
    docx = workdir / f"report-{units}.docx"

    def no_docx() -> None:
        if docx.exists():
            docx.unlink()

    steps = [
        ("(a) PyYAML C loader, all files", [sys.executable, "-c", YAML_ONLY, str(data)], None),
        ("(b) thidua validate", thidua + ["validate"], None),
        ("(c) thidua rank", thidua + ["rank"], None),
        ("(d) thidua report -o x.docx", thidua + ["report", "-o", str(docx)], no_docx),
    ]
    if gc_on:
        steps += [(f"{label}, cycle collector on", [sys.executable, "-c", GC_ON, "--data", str(data), command], None)
                  for label, command in (("(b) thidua validate", "validate"), ("(c) thidua rank", "rank"))]
    print(f"  {units:,} units: {', '.join(label for label, _, _ in steps)} ...", file=sys.stderr, flush=True)
    results = best_of([(command, before) for _, command, before in steps], repeat)
    no_docx()
    return [(units, files, size_mb, label, result, results[0]) for (label, _, _), result in zip(steps, results)]


def startup(repeat: int) -> List[tuple]:
    from thidua.paths import bundled_root

    sample = str(bundled_root() / "data")
    labels = ["python -c \"import click, yaml\"", "thidua --help", "thidua rank (sample)"]
    commands = [[sys.executable, "-c", "import click, yaml"], thidua_command() + ["--help"],
                thidua_command() + ["--data", sample, "rank"]]
    found = best_of([(command, None) for command in commands], repeat)
    return [(label, run, found[0]) for label, run in zip(labels, found)]


def fmt_ratio(run: Run, base: Run) -> str:
    return f"{run.seconds / base.seconds:.2f}×" if run.ok else "n/a"


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="units per bloc, comma-separated (default 100,1000)")
    parser.add_argument("--large", action="store_true", help="add 10,000 units")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per step, best kept (default 3)")
    parser.add_argument("--startup-repeat", type=int, default=10, help="timed runs per start-up command (default 10)")
    parser.add_argument("--workdir", type=Path, help="where the blocs are written and kept (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--deep", action="store_true", help="the real sheet: 1,000 points, 5 levels, 150 criteria, "
                                                            "computed, stepped and unassigned criteria")
    parser.add_argument("--gc", action="store_true", help="also time validate and rank with the cycle collector on")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.startup_repeat < 1:
        parser.error("--repeat and --startup-repeat must be at least 1")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.large and 10000 not in sizes:
        sizes.append(10000)

    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = [row for units in sizes
                for row in measure_size(workdir, units, args.repeat, args.seed, args.gc, args.deep)]
    starts = startup(args.startup_repeat)

    print(f"Python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} CPUs; best of {args.repeat} runs.\n")
    print("| units | files | MB | step | time | × (a) | per unit | peak memory |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|")
    for units, files, size_mb, label, run, base in rows:
        if run.ok:
            cells = [f"{run.seconds:.2f} s", fmt_ratio(run, base), f"{1000 * run.seconds / units:.2f} ms",
                     f"{run.peak_mb:.0f} MB"]
        else:
            cells = ["n/a", "n/a", "n/a", "n/a"]
        print(f"| {units:,} | {files:,} | {size_mb:.1f} | {label} | " + " | ".join(cells) + " |")
    if len(sizes) > 1:
        print("\nGrowth (linear cost: time grows as the units do):\n")
        for label in dict.fromkeys(row[3] for row in rows):
            runs = [(units, run) for units, _, _, step, run, _ in rows if step == label and run.ok]
            steps = [f"×{b[0] / a[0]:g} units → ×{b[1].seconds / a[1].seconds:.1f} time"
                     for a, b in zip(runs, runs[1:])]
            if steps:
                print(f"- {label}: " + "; ".join(steps))
    failed = [(units, label, run.error) for units, _, _, label, run, _ in rows if not run.ok]
    for units, label, error in failed:
        print(f"\n{label} failed at {units:,} units: {error}")

    print(f"\nStart-up, best of {args.startup_repeat} runs:\n")
    print("| command | time | × python -c \"import click, yaml\" |")
    print("|---|---:|---:|")
    for label, run, base in starts:
        print(f"| {label} | {1000 * run.seconds:.0f} ms | {fmt_ratio(run, base)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
