"""Write a synthetic bloc of any size, for the benchmark (`benchmarks/run.py`).

    python benchmarks/generate.py OUT_DIR --units 1000 [--criteria 60] [--groups 6] [--seed 1] [--years 1]
    python benchmarks/generate.py OUT_DIR --units 1000 --deep     # the real sheet below

With `--deep` the sheet is a real one (docs/scoring.md): 1,000 points, 5 levels, 150 leaf criteria
(I 700 = 5 x 4 groups of 5 criteria of 7 points at level 5; II 200 = 5 groups of 5 of 8; III 100 =
25 of 4), a quarter of level-5 criteria computed from figures (target-ratio, per-occurrence), a
fifth stepped, one target-ratio criterion not assigned to about one unit in ten (scaled).

OUT_DIR/<year>/ (2024; with --years N, N years ending with 2024, or from 2017 on when N > 8) gets bloc.yaml, criteria.yaml, awards.yaml and, for both periods (h1, year),
a self-report for every unit (strong and weak units, so grades spread), review.yaml (corrections
for about one unit in twenty) and summary.yaml; and year/ballots.yaml.  The same arguments
always give the same bytes, and the data passes `thidua --data OUT_DIR validate` (warnings
allowed).  Scores are written as a clerk writes them (`9,5`) and names carry Vietnamese
diacritics, so the reader's real paths are taken.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Sequence, Tuple

YEAR = 2024
FIRST_YEAR = 2017
MARKER = ".thidua-benchmark"  # a folder holding it may be emptied and rewritten

KINDS = ["Sở Tư pháp", "Thanh tra", "Công an", "Tòa án nhân dân", "Viện kiểm sát nhân dân",
         "Thi hành án dân sự", "Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo",
         "Bộ Chỉ huy Quân sự", "Sở Xây dựng", "Sở Công Thương", "Kho bạc Nhà nước", "Cục Thuế"]
PLACES = ["Bắc Giang", "Bắc Ninh", "Hà Nam", "Hưng Yên", "Thái Bình", "Nghệ An", "Quảng Trị",
          "Đắk Lắk", "Lâm Đồng", "Khánh Hòa", "Cà Mau", "Đồng Tháp", "Sóc Trăng", "Điện Biên"]
CRITERION_MAXES = [10, 20, 15, 25, 10, 20, 15, 25, 30, 30]
ACHIEVEMENTS = [
    "Hoàn thành vượt mức các chỉ tiêu, nhiệm vụ chuyên môn được giao trong kỳ.",
    "Đẩy mạnh cải cách hành chính, ứng dụng công nghệ thông tin; 100% hồ sơ được giải quyết đúng hạn.",
    "Tổ chức phát động các đợt thi đua cao điểm chào mừng các ngày lễ lớn của đất nước và của ngành.",
    "Phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến, gương người tốt, việc tốt.",
    "Thực hiện nghiêm các quy định về phòng, chống tham nhũng, thực hành tiết kiệm, chống lãng phí.",
]
LIMITATIONS = [
    "Việc nhân rộng điển hình tiên tiến ở một số đơn vị cơ sở còn chậm.",
    "Công tác thông tin, tuyên truyền về phong trào thi đua còn hạn chế.",
    "Một số báo cáo gửi chưa đúng thời hạn của Khối.",
]
PARAGRAPH = ("Các đơn vị trong Khối đã chủ động khắc phục khó khăn, tổ chức phong trào thi đua với nhiều hình "
             "thức phong phú, thiết thực, gắn với nhiệm vụ chính trị của từng ngành; công tác khen thưởng được "
             "thực hiện kịp thời, công khai, đúng quy định của Luật Thi đua, khen thưởng.")


def comma(value: Decimal) -> str:
    """8.5 -> '8,5', 9.0 -> '9', as clerks write scores."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def unit_ids(count: int) -> List[str]:
    width = max(3, len(str(count)))
    return [f"dv-{i:0{width}d}" for i in range(1, count + 1)]


def criteria_ids(count: int, groups: int) -> List[Tuple[str, List[Tuple[str, int]]]]:
    """Groups "1".."G", each with its share of criteria "g.1", "g.2"... and their maxima."""
    out = []
    per, extra = divmod(count, groups)
    for g in range(1, groups + 1):
        size = per + (1 if g <= extra else 0)
        out.append((str(g), [(f"{g}.{c}", CRITERION_MAXES[(c - 1) % len(CRITERION_MAXES)])
                             for c in range(1, size + 1)]))
    return out


def write_bloc(folder: Path, year: int, ids: Sequence[str], names: Sequence[Tuple[str, str]]) -> None:
    lines = [
        "# Khối thi đua tổng hợp (dữ liệu giả lập cho bài đo hiệu năng của thidua).",
        f"year: {year}",
        f"name: Cụm thi đua giả lập gồm {len(ids)} đơn vị",
        "short_name: Cụm giả lập",
        "code: CTĐ",
        "place: Hà Nội",
        "level: tinh",
        "authority: Ủy ban nhân dân tỉnh giả lập",
        f"chair: {ids[0]}",
        f"vice_chairs: [{ids[1]}]",
        'slogan: "Đoàn kết, kỷ cương, sáng tạo, hiệu quả"',
        "",
        "units:",
    ]
    for number, (unit, (kind, place)) in enumerate(zip(ids, names), start=1):
        lines += [f"  - id: {unit}",
                  f"    name: {kind} {place} (đơn vị số {number})",
                  f"    short_name: {kind} số {number}",
                  "    registered: [co-tinh]"]
    lines += [
        "",
        "documents:",
        "  - kind: plan",
        "    number: 01/KH-CTĐ",
        f"    date: {year}-03-01",
        "    issuer: Cụm thi đua giả lập",
        f"    title: Phát động phong trào thi đua năm {year}",
        "",
        "rotation:",
        "  rule: vice-to-chair",
        "  order:",
    ]
    lines += [f"    - {unit}" for unit in ids]
    (folder / "bloc.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_criteria(folder: Path, year: int, groups) -> None:
    total = sum(m for _, crits in groups for _, m in crits)
    lines = ["# Bảng chấm điểm giả lập.", f"year: {year}", f"name: Bảng chấm điểm thi đua năm {year}",
             f"total: {total}", "", "groups:"]
    for gid, crits in groups:
        lines += [f'  - id: "{gid}"', f"    name: Nhóm tiêu chí số {gid} về nhiệm vụ chính trị, chuyên môn",
                  "    criteria:"]
        for cid, maximum in crits:
            lines += [f'      - id: "{cid}"', f"        name: Tiêu chí {cid} - hoàn thành nhiệm vụ được giao đúng tiến độ",
                      f"        max: {maximum}"]
    lines += ["", "bonus:", "  max: 20", "deductions:", "  max: 30", "", "grades:",
              "  - name: Xuất sắc", f"    min_total: {total * 9 // 10}", "    min_share: 70%",
              "  - name: Tốt", f"    min_total: {total * 8 // 10}",
              "  - name: Khá", f"    min_total: {total * 65 // 100}",
              "  - name: Trung bình", f"    min_total: {total // 2}",
              "  - name: Yếu", "    min_total: 0",
              "", "tie_breaks:", "  - rule: group", '    ref: "2"', "  - rule: fewer-deductions",
              "  - rule: ballot", "    ref: co-tinh"]
    (folder / "criteria.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the deep, real sheet (--deep) ---------------------------------------------

DEEP_STEPS = (7, 5, 3, 0)  # the levels of a stepped criterion of 7 points


def deep_sheet() -> List[Tuple[int, str, int, str]]:
    """(level, id, max, kind) of every group ("group") and criterion (manual, stepped, target-ratio,
    per-occurrence), in sheet order: 150 criteria, 1,000 points, 5 levels."""
    rows: List[Tuple[int, str, int, str]] = [(1, "I", 700, "group")]
    for a in range(1, 6):
        rows.append((2, f"I.{a}", 140, "group"))
        for b in range(1, 5):
            rows += [(3, f"I.{a}.{b}", 35, "group"), (4, f"I.{a}.{b}.1", 35, "group")]
            kinds = ("target-ratio", "per-occurrence", "stepped", "manual", "manual")
            rows += [(5, f"I.{a}.{b}.1.{c}", 7, kinds[c - 1]) for c in range(1, 6)]
    rows.append((1, "II", 200, "group"))
    for a in range(1, 6):
        rows.append((2, f"II.{a}", 40, "group"))
        rows += [(3, f"II.{a}.{c}", 8, "stepped" if c == 1 else "manual") for c in range(1, 6)]
    rows.append((1, "III", 100, "group"))
    rows += [(2, f"III.{c}", 4, "manual") for c in range(1, 26)]
    return rows


def _figure(cid: str) -> str:
    return "so-lieu-" + cid.lower().replace(".", "-")


def write_deep_criteria(folder: Path, year: int) -> None:
    rows = deep_sheet()
    lines = ["# Bảng chấm điểm giả lập nhiều cấp (1.000 điểm, 5 cấp).", f"year: {year}",
             f"name: Bảng chấm điểm thi đua năm {year}", "total: 1000", "rounding: 0,01", "unassigned: scale",
             "figures:"]
    for _, cid, _, kind in rows:
        if kind in ("target-ratio", "per-occurrence"):
            lines += [f"  - id: {_figure(cid)}", f"    name: Số liệu của tiêu chí {cid}", "    unit: vụ"]
    lines.append("groups:")
    children: dict = {}  # group id -> its rows one level down, in order
    parents: List[str] = []
    for level, cid, maximum, kind in rows:
        del parents[level - 1:]
        if parents:
            children.setdefault(parents[-1], []).append((level, cid, maximum, kind))
        if kind == "group":
            parents.append(cid)

    def emit(row, depth: int) -> None:
        _, cid, maximum, kind = row
        pad = "  " * (2 * depth + 1)
        lines.append(f'{pad[:-2]}- id: "{cid}"')
        if kind == "group":
            lines.extend([f"{pad}name: Nhóm {cid} về nhiệm vụ chính trị, chuyên môn", f"{pad}max: {maximum}"])
            below = children.get(cid, [])
            for key, part in (("criteria", [r for r in below if r[3] != "group"]),
                              ("groups", [r for r in below if r[3] == "group"])):
                if part:
                    lines.append(f"{pad}{key}:")
                    for r in part:
                        emit(r, depth + 1)
            return
        lines.extend([f"{pad}name: Tiêu chí {cid} - hoàn thành nhiệm vụ được giao", f"{pad}max: {maximum}"])
        if kind == "stepped":
            steps = DEEP_STEPS if maximum == 7 else (8, 6, 4, 0)
            lines.extend([f"{pad}method: stepped", f"{pad}levels:"])
            lines.extend([f"{pad}  - {{points: {p}, when: Mức {n}}}" for n, p in enumerate(steps, start=1)])
        elif kind == "target-ratio":
            lines.extend([f"{pad}method: target-ratio", f"{pad}figure: {_figure(cid)}", f"{pad}target: 100"])
        elif kind == "per-occurrence":
            lines.extend([f"{pad}method: per-occurrence", f"{pad}figure: {_figure(cid)}", f"{pad}per: 0,5"])

    for row in rows:
        if row[0] == 1:
            emit(row, 0)
    lines += ["bonus:", "  max: 50", "deductions:", "  max: 100", "grades:",
              "  - name: Xuất sắc", "    min_total: 900", "    min_share: 50%",
              "  - name: Tốt", "    min_total: 800", "  - name: Khá", "    min_total: 650",
              "  - name: Trung bình", "    min_total: 500", "  - name: Yếu", "    min_total: 0",
              "tie_breaks:", "  - rule: group", '    ref: "I.1"', "  - rule: fewer-deductions"]
    (folder / "criteria.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def deep_scores(weakness: float, rng: random.Random) -> List[str]:
    """The scores, figures and criteria not assigned of one unit's report on the deep sheet."""
    scores, figures, unassigned = ["scores:"], ["figures:"], []
    for _, cid, maximum, kind in deep_sheet():
        if kind == "manual":
            scores.append(f'  "{cid}": {comma(score(maximum, weakness, rng))}')
        elif kind == "stepped":
            steps = DEEP_STEPS if maximum == 7 else (8, 6, 4, 0)
            scores.append(f'  "{cid}": {steps[min(int(rng.expovariate(1 / (0.2 + weakness))), 3)]}')
        elif kind == "target-ratio" and cid.endswith(".1.1.1") and rng.random() < 0.1:
            unassigned.append(f'"{cid}"')
        elif kind == "target-ratio":
            own = f", target: {rng.randint(80, 120)}" if rng.random() < 0.3 else ""
            figures.append(f"  {_figure(cid)}: {{value: {rng.randint(int(60 - 40 * weakness), 130)}{own}}}")
        elif kind == "per-occurrence":
            figures.append(f"  {_figure(cid)}: {{value: {rng.randint(0, 16)}}}")
    return scores + figures + ([f"not_assigned: [{', '.join(unassigned)}]"] if unassigned else [])


def score(maximum: int, weakness: float, rng: random.Random) -> Decimal:
    """Near the maximum for a strong unit, further below for a weak one; in steps of 0,5."""
    lost_halves = min(int(rng.expovariate(1 / (0.5 + 8 * weakness))), maximum * 2)
    return Decimal(maximum) - Decimal(lost_halves) / 2


def write_self_report(path: Path, year: int, unit: str, period: str, groups, weakness: float,
                      rng: random.Random) -> None:
    submitted = f"{year}-07-{rng.randint(1, 10):02d}" if period == "h1" else f"{year}-11-{rng.randint(15, 28):02d}"
    lines = [f"# Báo cáo tự chấm điểm {'6 tháng đầu năm' if period == 'h1' else 'năm'} {year} (giả lập).",
             f"unit: {unit}", f"year: {year}", f"period: {period}", f"submitted: {submitted}"]
    if groups is None:
        lines += deep_scores(weakness, rng)
    else:
        lines += ["scores:"] + [f'  "{cid}": {comma(score(maximum, weakness, rng))}'
                                for _, crits in groups for cid, maximum in crits]
    if rng.random() < 0.3:
        lines += ["bonus:", f"  - points: {rng.choice(['1', '2', '0,5'])}",
                  f"    reason: Được tặng Bằng khen (Quyết định số {rng.randint(100, 9999)}/QĐ-UBND)"]
    else:
        lines.append("bonus: []")
    if rng.random() < 0.1:
        lines += ["deductions:", "  - points: 1", "    reason: Có cán bộ bị xử lý kỷ luật khiển trách"]
    else:
        lines.append("deductions: []")
    lines.append("achievements:")
    lines += [f"  - {text}" for text in rng.sample(ACHIEVEMENTS, 3)]
    lines += ["limitations:", f"  - {rng.choice(LIMITATIONS)}",
              "facts:", f"  women_share: {rng.randint(10, 80)}%", f"  staff: {rng.randint(20, 3000)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_review(folder: Path, year: int, period: str, ids: Sequence[str], groups, rng: random.Random) -> None:
    lines = ["# Kết quả thẩm định (giả lập).", f"year: {year}", f"period: {period}", f"reviewer: {ids[0]}",
             f"date: {year}-{'07-20' if period == 'h1' else '12-05'}", "units:"]
    criteria = ([(cid, maximum) for _, cid, maximum, kind in deep_sheet() if kind == "manual"] if groups is None
                else [(cid, maximum) for _, crits in groups for cid, maximum in crits])
    for unit in ids:
        if rng.random() >= 0.05:
            continue
        lines += [f"  {unit}:", "    scores:"]
        for cid, maximum in sorted(rng.sample(criteria, rng.randint(1, 3))):
            lines += [f'      "{cid}":', f"        score: {comma(Decimal(maximum) - 2)}",
                      "        note: Chưa gửi kèm đủ minh chứng theo hướng dẫn chấm điểm"]
    (folder / "review.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_summary(folder: Path, year: int, period: str, ids: Sequence[str]) -> None:
    lines = [f"# Nội dung báo cáo {'sơ kết' if period == 'h1' else 'tổng kết'} (giả lập).", f"year: {year}",
             f"period: {period}", "report:", f"  number: {4 if period == 'h1' else 9}",
             f"  date: {year}-{'07-24' if period == 'h1' else '12-15'}", f"  drafted_by: {ids[0]}",
             "  signer:", "    name: Nguyễn Văn An", "    position: Giám đốc", "    role: chair",
             "  recipients:", "    - Thường trực Hội đồng Thi đua - Khen thưởng tỉnh (b/c)",
             "    - Các đơn vị thành viên Khối",
             f"  conference_date: {year}-{'07-24' if period == 'h1' else '12-10'}",
             "  conference_place: Hội trường Ủy ban nhân dân tỉnh"]
    for key in ("situation", "assessment", "movements", "limitations", "causes", "lessons", "directions",
                "proposals"):
        lines += [f"{key}:", f"  - {PARAGRAPH}", f"  - {PARAGRAPH}"]
    (folder / "summary.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_ballots(folder: Path, year: int, ids: Sequence[str], rng: random.Random) -> None:
    voters = len(ids)
    picked = rng.sample(list(ids), min(10, len(ids)))
    lines = ["# Kết quả bỏ phiếu (giả lập).", f"year: {year}", f"date: {year}-12-10",
             "place: Hội trường Ủy ban nhân dân tỉnh", "ballots:"]
    for award in ("co-chinh-phu", "co-tinh", "bang-khen-tinh"):
        votes = ", ".join(f"{unit}: {rng.randint(0, voters)}" for unit in picked)
        lines += [f"  - award: {award}", f"    voters: {voters}", "    rounds:", f"      - votes: {{{votes}}}"]
    (folder / "ballots.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def year_range(years: int) -> List[int]:
    """The years written: ending with YEAR, or from FIRST_YEAR on when more are asked (earlier years
    have no award rules: the first legal period starts on 01/10/2017)."""
    first = max(FIRST_YEAR, YEAR - years + 1)
    return list(range(first, first + years))


def generate(out: Path, units: int, criteria: int = 60, groups: int = 6, seed: int = 1, years: int = 1,
             deep: bool = False) -> Path:
    """Write the bloc into `out` (a previous output there is replaced); return the last year's folder."""
    if units < 2:
        raise ValueError("a bloc needs at least two units (a chair and a vice-chair)")
    rng = random.Random(seed)
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} is not empty and was not written by this script; not touching it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(marker_text(units, criteria, groups, seed, years, deep), encoding="utf-8")
    ids = unit_ids(units)
    sheet = None if deep else criteria_ids(criteria, groups)
    names = [(rng.choice(KINDS), rng.choice(PLACES)) for _ in ids]  # a unit keeps its name over the years
    for year in year_range(years):
        folder = out / str(year)
        folder.mkdir()
        write_bloc(folder, year, ids, names)
        weakness = {unit: rng.random() for unit in ids}  # the same unit is as strong in both periods
        if sheet is None:
            write_deep_criteria(folder, year)
        else:
            write_criteria(folder, year, sheet)
        (folder / "awards.yaml").write_text(f"# Quy định khen thưởng (giả lập).\nyear: {year}\npreset: tinh\n",
                                            encoding="utf-8")
        for period in ("h1", "year"):
            sub = folder / period
            sub.mkdir()
            for unit in ids:
                write_self_report(sub / f"{unit}.yaml", year, unit, period, sheet, weakness[unit], rng)
            write_review(sub, year, period, ids, sheet, rng)
            write_summary(sub, year, period, ids)
        write_ballots(folder / "year", year, ids, rng)
    return folder


def marker_text(units: int, criteria: int, groups: int, seed: int, years: int, deep: bool = False) -> str:
    """What the marker file holds: the arguments the bloc was written with."""
    sheet = "sheet=deep" if deep else f"criteria={criteria} groups={groups}"
    return f"units={units} {sheet} seed={seed} years={years}\n"


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (empty, or a previous output of this script)")
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--criteria", type=int, default=60)
    parser.add_argument("--groups", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=1, help="years of data (default 1: 2024)")
    parser.add_argument("--deep", action="store_true", help="the real 1,000-point, 5-level sheet of 150 criteria")
    args = parser.parse_args(argv)
    folder = generate(args.out, args.units, args.criteria, args.groups, args.seed, args.years, args.deep)
    print(f"wrote {folder}")


if __name__ == "__main__":
    main(sys.argv[1:])
