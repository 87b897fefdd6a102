"""Time `thidua council` over a province of synthetic blocs (issue 19: 30 blocs x 20 units, well under a
second a bloc).

    python benchmarks/council.py                       # 30 blocs of 20 units, best of 3
    python benchmarks/council.py --blocs 10 --units 50 --repeat 5 --workdir /tmp/thidua-council

Each bloc is written by `generate.py` (its own unit ids, so no unit is in two blocs) beside a
council.yaml naming them all; then, in fresh processes (one warm-up, then `--repeat` rounds, the
best kept, as `run.py` does): (a) `thidua validate` of one bloc, (b) `thidua council --format json`
over every bloc, (c) `thidua council --document to-trinh -o x.docx`. The line printed per step
gives the time, the time per bloc and the peak memory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import List

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (the sibling scripts)
import run  # noqa: E402

MEMBERS = 15


def write_council(root: Path, blocs: int, units: int) -> Path:
    """The council folder: `blocs` generated blocs (khoi-01/data ...) and council.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    entries: List[str] = []
    for n in range(1, blocs + 1):
        generate.unit_ids = lambda count, n=n: [f"k{n:02d}-dv-{i:03d}" for i in range(1, count + 1)]
        generate.generate(root / f"khoi-{n:02d}" / "data", units=units, criteria=30, groups=5, seed=n)
        entries.append(f"  - {{id: khoi-{n:02d}, path: khoi-{n:02d}/data}}")
    members = "\n".join(f"  - {{name: Thành viên {i}{', role: chair' if i == 1 else ''}}}"
                        for i in range(1, MEMBERS + 1))
    (root / "council.yaml").write_text(
        f"year: {generate.YEAR}\nname: Hội đồng Thi đua - Khen thưởng tỉnh (giả lập)\nplace: Bắc Giang\n"
        f"authority: Chủ tịch Ủy ban nhân dân tỉnh\nmembers:\n{members}\nblocs:\n" + "\n".join(entries) + "\n",
        encoding="utf-8")
    return root


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocs", type=int, default=30)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="where to write the council (default: a temporary folder)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="thidua-council-"))
    root = write_council(workdir / f"council-{args.blocs}x{args.units}", args.blocs, args.units)
    thidua = run.thidua_command()
    docx = root / "to-trinh.docx"
    steps = [
        ("validate (1 Khối)", thidua + ["--data", str(root / "khoi-01" / "data"), "validate"], None),
        ("council --format json", thidua + ["council", str(root), "--format", "json"], None),
        ("council --document to-trinh", thidua + ["council", str(root), "--document", "to-trinh", "-o", str(docx),
                                                  "--force"], None),
    ]
    best = run.best_of([(command, cleanup) for _, command, cleanup in steps], args.repeat)
    print(f"{args.blocs} Khối x {args.units} đơn vị ({root}), tốt nhất trong {args.repeat} lần:")
    for (name, _, _), result in zip(steps, best):
        per = result.seconds / args.blocs
        print(f"  {name:32} {result.seconds:7.2f} s  {per * 1000:7.0f} ms/Khối  {result.peak_mb:6.0f} MB"
              + ("" if result.ok else "  (thất bại)"))


if __name__ == "__main__":
    main(sys.argv[1:])
