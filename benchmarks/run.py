"""Time thidua against PyYAML's C loader on synthetic blocs; print every figure of issue 20's targets.

    python benchmarks/run.py                   # 1,000 units, the history and realistic blocs, start-up
    python benchmarks/run.py --large           # also 10,000 units (much longer)
    python benchmarks/run.py --sizes 300,3000 --repeat 7 --workdir /tmp/thidua-bench
    python benchmarks/run.py --deep --skip history,realistic,startup   # the real sheet (issue 13)

Every step runs in a fresh process, as a user runs it.  Steps that are compared run in the same
round, in an order that rotates from round to round (so that a busy moment slows each in turn),
after one warm-up run of each (disk cache, bytecode).  For each step the table shows the median
CPU time (user + system, from wait4) and wall time over the rounds, the median and the spread
(lowest–highest) of its per-round ratio to the floor, and its peak memory (maximum resident set,
from GNU time where there is one).

The floor is PyYAML's C loader (`yaml.load(..., Loader=yaml.CSafeLoader)`) parsing .yaml files and
nothing else, in a process of its own.  Each command is compared with the floor of the files it
reads (`rank` and a year-end `report` read the year's files and year/, not h1/) and with the floor of
the whole bloc.  Then:

  - history: `thidua history` on 10 years of a 20-unit bloc (target 0.4 s);
  - realistic bloc: every user command on 20 units, 2 periods, 5 years (targets 0.3 s; 0.5 s for
    the ones that write Word files);
  - start-up: `thidua --help` and `thidua rank` on the bundled sample against
    `python -c "import click, yaml"` (target 1.5x).

Linux and macOS.  The figures vary with the machine and with what else runs on it: compare runs of
one machine, and read the spread.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (the sibling script)

FLOOR = """
import os, sys, yaml
for folder in sys.argv[1:]:
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".yaml") and os.path.isfile(path):
            with open(path, "rb") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)
"""
"""The floor: parse the .yaml files directly inside each folder given, nothing else."""

# As on a user's machine, Python keeps compiled bytecode (the warm-up run writes it).
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "THIDUA_DATA")}
GNU_TIME = "/usr/bin/time"


def _has_gnu_time() -> bool:
    try:
        return subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


USE_GNU_TIME = _has_gnu_time()


class Run(NamedTuple):
    cpu: float  # seconds, user + system
    wall: float  # seconds
    peak_mb: float
    ok: bool
    error: str = ""


def run_once(command: Sequence[str], cwd: Optional[Path] = None) -> Run:
    """Run `command` in a fresh process: CPU and wall time, its peak RSS, success.

    The peak comes from GNU time where there is one: a child forked by this (larger) Python
    process would count the pages it inherits before exec.  Elsewhere, from wait4 (an overcount
    of the runner's own ~15 MB at most).  GNU time's own CPU (a few ms of the wait4 figure) is
    the same for every step."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        wrapped = [GNU_TIME, "-f", "%M", "-o", peak.name, *command] if USE_GNU_TIME else list(command)
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=err, env=ENV, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        if USE_GNU_TIME:
            words = peak.read().split()
            peak_mb = int(words[-1]) / 1024 if words and words[-1].isdigit() else 0.0  # KiB
        else:
            peak_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS
    return Run(usage.ru_utime + usage.ru_stime, wall, peak_mb, code == 0, " / ".join(tail))


@dataclass
class Step:
    label: str
    command: List[str]
    before: Optional[Callable[[], None]] = None  # run before each run (remove what the last one wrote)
    cwd: Optional[Path] = None
    runs: List[Run] = field(default_factory=list)

    @property
    def failed(self) -> Optional[Run]:
        return next((r for r in self.runs if not r.ok), None)

    def median(self, what: str) -> float:
        return statistics.median(getattr(r, what) for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def run_rounds(steps: Sequence[Step], repeat: int) -> None:
    """One warm-up run of each step, then `repeat` rounds of all of them, each round starting one step
    further on; a step that fails is not rerun (its error is kept)."""
    for round_ in range(repeat + 1):
        start = round_ % len(steps)
        for step in list(steps[start:]) + list(steps[:start]):
            if step.failed:
                continue
            if step.before:
                step.before()
            result = run_once(step.command, step.cwd)
            if round_ == 0 and result.ok:
                continue  # the warm-up
            step.runs.append(result)


class Ratio(NamedTuple):
    median: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.median:.2f}× ({self.low:.2f}–{self.high:.2f})"


def ratio(step: Step, base: Step, what: str = "cpu") -> Optional[Ratio]:
    """The median and spread of `step`'s per-round ratio to `base` (the same round's run)."""
    if step.failed or base.failed:
        return None
    values = sorted(getattr(a, what) / getattr(b, what) for a, b in zip(step.runs, base.runs))
    return Ratio(statistics.median(values), values[0], values[-1])


class Target(NamedTuple):
    what: str
    figure: str
    met: Optional[bool]  # None: not measured (a step failed)


TARGETS: List[Target] = []


def target(what: str, value: Optional[float], limit: float, figure: str) -> None:
    TARGETS.append(Target(what, figure if value is not None else "n/a",
                          None if value is None else value <= limit))


# --- blocs ----------------------------------------------------------------------------------

def bloc_for(workdir: Path, units: int, seed: int, years: int = 1, deep: bool = False) -> Path:
    """The generated bloc, written unless the same one is already there; `deep`: the real 1,000-point,
    5-level sheet of 150 criteria (`generate.py --deep`)."""
    out = workdir / f"bloc-{units}-{years}y{'-deep' if deep else ''}"
    marker = out / generate.MARKER
    wanted = generate.marker_text(units, 60, 6, seed, years, deep)
    if not (marker.exists() and marker.read_text(encoding="utf-8") == wanted):
        generate.generate(out, units, 60, 6, seed, years, deep)
    return out


def thidua_command() -> List[str]:
    """The console script installed beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("thidua")
    return [str(script)] if script.exists() else [sys.executable, "-m", "thidua"]


def remover(*paths: Path) -> Callable[[], None]:
    def remove() -> None:
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    return remove


# thidua as its console script runs it, except that gc.disable() does nothing.
GC_ON = ("import gc, sys\ngc.disable = lambda: None\nsys.argv[0] = 'thidua'\n"
         "from thidua.cli import main\nmain()\n")

COMMAND_TARGETS = {"validate": 1.1, "rank": 1.2, "report": 1.5}  # × the floor of the files read, at 1,000 units
DEEP_TARGETS = {"validate": 1.5, "rank": 1.3}  # the same, on the real sheet (issue 13: 1,000 units x 150 criteria)


def measure_size(workdir: Path, units: int, repeat: int, seed: int, gc_on: bool, deep: bool = False) -> None:
    data = bloc_for(workdir, units, seed, deep=deep)
    year = data / str(generate.YEAR)
    files = sum(1 for _ in data.rglob("*.yaml"))
    size_mb = sum(p.stat().st_size for p in data.rglob("*.yaml")) / 1e6
    thidua = thidua_command() + ["--data", str(data)]
    docx = workdir / f"report-{units}.docx"
    floor_all = Step("floor: all files", [sys.executable, "-c", FLOOR, str(year), str(year / "h1"), str(year / "year")])
    floor_year = Step("floor: year files + year/", [sys.executable, "-c", FLOOR, str(year), str(year / "year")])
    commands = [  # (step, the floor of the files it reads)
        (Step("validate", thidua + ["validate"]), floor_all),
        (Step("rank", thidua + ["rank"]), floor_year),
        (Step("report -o x.docx", thidua + ["report", "-o", str(docx)], remover(docx)), floor_year),
    ]
    if gc_on:
        commands += [(Step(f"{name}, cycle collector on", [sys.executable, "-c", GC_ON, "--data", str(data), name]),
                      floor) for name, floor in (("validate", floor_all), ("rank", floor_year))]
    print(f"  {units:,} units ({files:,} files, {size_mb:.1f} MB): {repeat} rounds ...", file=sys.stderr, flush=True)
    run_rounds([floor_all, floor_year] + [step for step, _ in commands], repeat)
    remover(docx)()

    sheet = ", the real sheet (1,000 points, 5 levels, 150 criteria)" if deep else ""
    print(f"\n### {units:,} units{sheet}: {files:,} files, {size_mb:.1f} MB; {len(floor_all.runs)} rounds\n")
    print("| step | CPU | wall | × floor of the files it reads (CPU) | × floor of all files (CPU) "
          "| × floor of the files it reads (wall) | peak memory |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for floor in (floor_all, floor_year):
        print(f"| {floor.label} | {_seconds(floor, 'cpu')} | {_seconds(floor, 'wall')} | | | | {_peak(floor)} |")
    for step, floor in commands:
        own, whole, wall = ratio(step, floor), ratio(step, floor_all), ratio(step, floor, "wall")
        print(f"| {step.label} | {_seconds(step, 'cpu')} | {_seconds(step, 'wall')} | {own or 'n/a'} "
              f"| {whole or 'n/a'} | {wall or 'n/a'} | {_peak(step)} |")
        if step.failed:
            print(f"\n{step.label} failed: {step.failed.error}\n")
        name = step.label.split()[0]
        limits = DEEP_TARGETS if deep else COMMAND_TARGETS
        if units == 1000 and name in limits and "cycle" not in step.label:
            limit = limits[name]
            target(f"{name} at 1,000 units{' (real sheet)' if deep else ''} ≤ {limit}× the floor of the files it "
                   "reads (CPU)",
                   own.median if own else None, limit, str(own))
        memory = {1000: 150, 10000: 800}.get(units)
        if memory and "cycle" not in step.label:
            peak = None if step.failed else step.peak_mb
            target(f"{step.label} at {units:,} units: peak memory ≤ {memory} MB", peak, memory,
                   f"{peak:.0f} MB" if peak is not None else "n/a")


def _seconds(step: Step, what: str) -> str:
    return "n/a" if step.failed else f"{step.median(what):.3f} s"


def _peak(step: Step) -> str:
    return "n/a" if step.failed else f"{step.peak_mb:.0f} MB"


def measure_history(workdir: Path, repeat: int, seed: int) -> None:
    data = bloc_for(workdir, 20, seed, years=10)
    step = Step("history (20 units, 10 years)", thidua_command() + ["--data", str(data), "history"])
    print("  history: 20 units, 10 years ...", file=sys.stderr, flush=True)
    run_rounds([step], repeat)
    _small_table("history over 10 years of a 20-unit bloc", [step], {step.label: 0.4})


def realistic_steps(data: Path, out: Path) -> List[Tuple[Step, float]]:
    """Every user command on the realistic bloc, with its target (seconds)."""
    thidua = thidua_command() + ["--data", str(data)]
    year = str(generate.YEAR)
    sheet = out / "bang-diem.xlsx"
    fresh = out / "khoi-moi"
    steps = [
        (Step("validate", thidua + ["validate"]), 0.3),
        (Step("validate --all-years", thidua + ["validate", "--all-years"]), 0.3),
        (Step("units", thidua + ["units"]), 0.3),
        (Step("rank", thidua + ["rank"]), 0.3),
        (Step("rank --half 1", thidua + ["rank", "--half", "1"]), 0.3),
        (Step("rank --format xlsx -o x.xlsx", thidua + ["rank", "--format", "xlsx", "-o", str(out / "x.xlsx")],
              remover(out / "x.xlsx")), 0.3),
        (Step("nominate", thidua + ["nominate"]), 0.3),
        (Step("history", thidua + ["history"]), 0.3),
        (Step("rotate-chair --dry-run", thidua + ["rotate-chair", "--dry-run"]), 0.3),
        (Step("schema", thidua + ["schema"]), 0.3),
        (Step("export-sheet", thidua + ["export-sheet", "--unit", "dv-001", "-o", str(sheet), "--force"]), 0.3),
        (Step("import-scores", thidua + ["import-scores", str(sheet), "--unit", "dv-001", "--force"],
              _no_backups(data / year / "year")), 0.3),
        (Step("init", thidua_command() + ["init", str(fresh), "--year", year], remover(fresh)), 0.3),
        (Step("report --format md", thidua + ["report", "--format", "md"]), 0.3),
        (Step("report -o x.docx", thidua + ["report", "-o", str(out / "r.docx")], remover(out / "r.docx")), 0.5),
        (Step("report --half 1 -o x.docx", thidua + ["report", "--half", "1", "-o", str(out / "h.docx")],
              remover(out / "h.docx")), 0.5),
        (Step("report --kind to-trinh -o x.docx", thidua + ["report", "--kind", "to-trinh", "-o", str(out / "t.docx")],
              remover(out / "t.docx")), 0.5),
        (Step("report --kind bien-ban -o x.docx", thidua + ["report", "--kind", "bien-ban", "-o", str(out / "b.docx")],
              remover(out / "b.docx")), 0.5),
    ]
    return steps


def _no_backups(folder: Path) -> Callable[[], None]:
    """Remove the backups import-scores keeps of the report it replaces (one a run)."""
    def remove() -> None:
        for path in folder.glob("*.bak-*"):
            path.unlink()
    return remove


def measure_realistic(workdir: Path, repeat: int, seed: int) -> None:
    data = bloc_for(workdir, 20, seed, years=5)
    out = workdir / "realistic-output"
    out.mkdir(exist_ok=True)
    pairs = realistic_steps(data, out)
    steps = [step for step, _ in pairs]
    print(f"  realistic bloc: 20 units, 5 years, {len(steps)} commands ...", file=sys.stderr, flush=True)
    run_once(steps[[s.label for s in steps].index("export-sheet")].command)  # the sheet import-scores reads
    run_rounds(steps, repeat)
    _no_backups(data / str(generate.YEAR) / "year")()
    _small_table("every user command on a realistic bloc (20 units, 2 periods, 5 years)", steps,
                 {step.label: limit for step, limit in pairs})


def _small_table(title: str, steps: Sequence[Step], limits: Dict[str, float]) -> None:
    print(f"\n### {title}; {len(steps[0].runs)} rounds\n")
    print("| command | CPU | wall | peak memory | target |")
    print("|---|---:|---:|---:|---:|")
    for step in steps:
        limit = limits[step.label]
        print(f"| {step.label} | {_seconds(step, 'cpu')} | {_seconds(step, 'wall')} | {_peak(step)} | {limit} s |")
        if step.failed:
            print(f"\n{step.label} failed: {step.failed.error}\n")
        cpu = None if step.failed else step.median("cpu")
        target(f"{step.label}: under {limit} s (CPU)", cpu, limit, _seconds(step, "cpu"))


def measure_startup(repeat: int) -> None:
    from thidua.paths import bundled_root

    sample = str(bundled_root() / "data")
    base = Step('python -c "import click, yaml"', [sys.executable, "-c", "import click, yaml"])
    steps = [base, Step("thidua --help", thidua_command() + ["--help"]),
             Step("thidua rank (sample)", thidua_command() + ["--data", sample, "rank"])]
    print(f"  start-up: {repeat} rounds ...", file=sys.stderr, flush=True)
    run_rounds(steps, repeat)
    print(f"\n### start-up; {len(base.runs)} rounds\n")
    print('| command | CPU | wall | × python -c "import click, yaml" (CPU) | (wall) |')
    print("|---|---:|---:|---:|---:|")
    for step in steps:
        cpu, wall = ratio(step, base), ratio(step, base, "wall")
        print(f"| {step.label} | {1000 * step.median('cpu'):.0f} ms | {1000 * step.median('wall'):.0f} ms "
              f"| {cpu or 'n/a'} | {wall or 'n/a'} |")
    own = ratio(steps[2], base)
    target('thidua rank on the sample ≤ 1.5× python -c "import click, yaml" (CPU)', own.median if own else None,
           1.5, str(own))


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="units per large bloc, comma-separated (default 1000)")
    parser.add_argument("--large", action="store_true", help="add 10,000 units")
    parser.add_argument("--repeat", type=int, default=5, help="rounds for the large blocs (default 5)")
    parser.add_argument("--small-repeat", type=int, default=10,
                        help="rounds for the history and realistic blocs (default 10)")
    parser.add_argument("--startup-repeat", type=int, default=20, help="rounds for start-up (default 20)")
    parser.add_argument("--workdir", type=Path, help="where the blocs are written and kept (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--deep", action="store_true", help="the real sheet: 1,000 points, 5 levels, 150 criteria, "
                                                            "computed, stepped and unassigned criteria")
    parser.add_argument("--gc", action="store_true", help="also time validate and rank with the cycle collector on")
    parser.add_argument("--skip", default="", help="sections to leave out, comma-separated: large, history, "
                                                   "realistic, startup")
    args = parser.parse_args(argv)
    if min(args.repeat, args.small_repeat, args.startup_repeat) < 1:
        parser.error("--repeat, --small-repeat and --startup-repeat must be at least 1")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.large and 10000 not in sizes:
        sizes.append(10000)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    print(f"Python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} CPUs; medians of paired rounds, "
          "spread (lowest–highest) in brackets.")
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if "large" not in skip:
            for units in sizes:
                measure_size(workdir, units, args.repeat, args.seed, args.gc, args.deep)
        if "history" not in skip:
            measure_history(workdir, args.small_repeat, args.seed)
        if "realistic" not in skip:
            measure_realistic(workdir, args.small_repeat, args.seed)
    if "startup" not in skip:
        measure_startup(args.startup_repeat)

    print("\n### targets (issue 20)\n")
    print("| target | measured | met |")
    print("|---|---:|---|")
    for t in TARGETS:
        print(f"| {t.what} | {t.figure} | {'n/a' if t.met is None else 'yes' if t.met else '**no**'} |")


if __name__ == "__main__":
    main(sys.argv[1:])
