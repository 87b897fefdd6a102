"""Sheets of any depth: read, checked and scored, subtotals at every level, unassigned criteria,
grade-first ranking; and the second sample bloc (examples/cong-an-huyen) validates and ranks."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT, run_thidua, self_report, write_files, year_files

from thidua.commands.common import load_checked
from thidua.problems import ERROR
from thidua.scoring import rank_year

EXAMPLE = ROOT / "examples" / "cong-an-huyen" / "data"

BLOC = """year: 2020
name: Khối thử
place: Bắc Giang
level: tinh
chair: a
units:
  - {id: a, name: Đơn vị A}
  - {id: b, name: Đơn vị B}
  - {id: c, name: Đơn vị C}
"""

# 100 points, three levels under the sheet: 1 -> 1.1 -> 1.1.1 (a group) -> criteria.
DEEP = """year: 2020
total: 100
unassigned: {unassigned}
rank_by: {rank_by}
groups:
  - id: "1"
    name: Chuyên môn
    max: 80
    criteria:
      - {{id: "1.0", name: Tham mưu, max: 10}}
    groups:
      - id: "1.1"
        name: Phòng, chống tội phạm
        max: 70
        groups:
          - id: "1.1.1"
            name: Điều tra
            max: 40
            criteria:
              - {{id: "1.1.1.a", name: Khám phá, max: 40}}
          - id: "1.1.2"
            name: Ma túy
            criteria:
              - {{id: "1.1.2.a", name: Bắt giữ, max: 30}}
  - id: "2"
    name: Xây dựng lực lượng
    criteria:
      - {{id: "2.1", name: Kỷ luật, max: 20}}
grades:
  - {{name: Xuất sắc, min_total: 90}}
  - {{name: Tốt, min_total: 70}}
  - {{name: Khá, min_total: 0}}
"""


def deep_year(tmp_path: Path, reports: dict, unassigned: str = "scale", rank_by: str = "total") -> Path:
    files = year_files(2020, bloc=BLOC, criteria=DEEP.format(unassigned=unassigned, rank_by=rank_by),
                       awards="year: 2020\npreset: tinh\n",
                       reports={"year": {u: self_report(u, 2020, body=b) for u, b in reports.items()}})
    return write_files(tmp_path / "data", files)


def scores(**values) -> str:
    return "scores:\n" + "".join(f'  "{k.replace("_", ".")}": {v}\n' for k, v in values.items())


FULL = {"1_0": 10, "1_1_1_a": 40, "1_1_2_a": 30, "2_1": 20}


def ranked(data: Path):
    checked = load_checked(data, 2020, "year")
    assert [str(p) for p in checked.problems if p.level == ERROR] == []
    return rank_year(checked.year, "year")


def test_a_deep_tree_is_read_and_every_subtotal_is_the_sum_below_it(tmp_path):
    data = deep_year(tmp_path, {"a": scores(**{**FULL, "1_1_1_a": 31}), "b": scores(**FULL), "c": scores(**FULL)})
    a = ranked(data).standing("a").score
    subtotals = {(r.level, r.id): r.checked for r in a.rows if r.kind == "group"}
    assert subtotals == {(1, "1"): D(71), (2, "1.1"): D(61), (3, "1.1.1"): D(31), (3, "1.1.2"): D(30),
                         (1, "2"): D(20)}
    assert [r.id for r in a.rows if r.kind == "criterion" and r.level == 4] == ["1.1.1.a", "1.1.2.a"]
    assert a.total == D(91) and [g.id for g in a.groups] == ["1", "2"]


def test_stated_group_maxima_that_do_not_add_up_are_located(tmp_path):
    bad = DEEP.replace("max: 70", "max: 75").replace("max: 80", "max: 85")
    data = write_files(tmp_path / "data", year_files(2020, bloc=BLOC, criteria=bad.format(
        unassigned="none", rank_by="total"), awards="year: 2020\npreset: tinh\n"))
    found = [(p.code, p.src.line) for p in load_checked(data, 2020).problems if p.code == "subtotal-mismatch"]
    assert found == [("subtotal-mismatch", 8), ("subtotal-mismatch", 14)]


def test_a_criterion_not_assigned_is_scaled_to_the_full_scale_and_shown(tmp_path):
    partial = {k: v for k, v in FULL.items() if k != "1_1_2_a"}
    data = deep_year(tmp_path, {"a": scores(**{**partial, "2_1": 15}) + 'not_assigned: ["1.1.2.a"]\n',
                                "b": scores(**FULL), "c": scores(**FULL)})
    ranking = ranked(data)
    a = ranking.standing("a").score
    assert a.checked_points == D(65) and a.scaling.checked_scaled == D("92.86")  # 65 x 100 / 70
    assert a.total == D("92.86") and a.grade == "Xuất sắc"
    assert not a.criterion("1.1.2.a").assigned
    out = run_thidua("rank", "2020", data=data).output
    assert "không giao tiêu chí 1.1.2.a: quy đổi 65 x 100 / 70 = 92,86" in out


def test_unassigned_full_counts_the_maximum(tmp_path):
    partial = {k: v for k, v in FULL.items() if k != "1_1_2_a"}
    data = deep_year(tmp_path, {"a": scores(**{**partial, "2_1": 15}) + 'not_assigned: ["1.1.2.a"]\n',
                                "b": scores(**FULL), "c": scores(**FULL)}, unassigned="full")
    assert ranked(data).standing("a").score.total == D(95)


def test_a_sheet_that_does_not_allow_unassigned_criteria_refuses_them(tmp_path):
    data = deep_year(tmp_path, {"a": scores(**FULL) + 'not_assigned: ["2.1"]\n', "b": scores(**FULL),
                                "c": scores(**FULL)}, unassigned="none")
    codes = sorted(p.code for p in load_checked(data, 2020).problems if p.level == ERROR)
    assert codes == ["unassigned-not-allowed", "unassigned-scored"]


def test_rank_by_grade_puts_a_higher_grade_first_even_with_fewer_points(tmp_path):
    deep = DEEP.replace("{{name: Xuất sắc, min_total: 90}}", "{{name: Xuất sắc, min_total: 90, min_share: 50%}}")
    reports = {"a": scores(**{**FULL, "1_0": 4}), "b": scores(**{**FULL, "2_1": 2}),
               "c": scores(**{**FULL, "1_0": 5, "2_1": 15})}
    for rank_by, order in (("total", ["a", "c", "b"]), ("grade", ["c", "a", "b"])):
        files = year_files(2020, bloc=BLOC, criteria=deep.format(unassigned="none", rank_by=rank_by),
                           awards="year: 2020\npreset: tinh\n",
                           reports={"year": {u: self_report(u, 2020, body=b) for u, b in reports.items()}})
        data = write_files(tmp_path / rank_by / "data", files)
        ranking = ranked(data)
        # a: 94 points but 1.0 = 4 is under the floor (Tốt); b: 82 (Tốt); c: 90, every floor held (Xuất sắc)
        assert [s.unit.id for s in ranking.standings] == order, rank_by
    assert [s.score.grade for s in ranking.standings] == ["Xuất sắc", "Tốt", "Tốt"]


def test_a_tie_break_may_name_a_subgroup_at_any_depth(tmp_path):
    deep = DEEP + 'tie_breaks:\n  - {{rule: group, ref: "1.1.1"}}\n'
    reports = {"a": scores(**{**FULL, "1_1_1_a": 39, "2_1": 20}), "b": scores(**{**FULL, "1_1_1_a": 40, "2_1": 19}),
               "c": scores(**FULL)}
    files = year_files(2020, bloc=BLOC, criteria=deep.format(unassigned="none", rank_by="total"),
                       awards="year: 2020\npreset: tinh\n",
                       reports={"year": {u: self_report(u, 2020, body=b) for u, b in reports.items()}})
    ranking = ranked(write_files(tmp_path / "data", files))
    assert [(s.unit.id, s.rank) for s in ranking.standings] == [("c", 1), ("b", 2), ("a", 3)]
    assert ranking.standing("b").decided_by.label == "điểm nhóm 1.1.1"


def test_the_json_table_has_every_subtotal(tmp_path):
    data = deep_year(tmp_path, {"a": scores(**FULL), "b": scores(**FULL), "c": scores(**FULL)})
    out = json.loads(run_thidua("rank", "2020", "--format", "json", data=data).output)
    assert out["standings"][0]["subtotals"] == {"1": 80, "1.1": 70, "1.1.1": 40, "1.1.2": 30, "2": 20}


# --- the second sample bloc -----------------------------------------------------

def test_the_example_bloc_has_a_five_level_thousand_point_sheet():
    checked = load_checked(EXAMPLE, 2024)
    assert [str(p) for p in checked.problems] == []
    sheet = checked.year.sheet
    assert sheet.scale == D(1000) and max(level for level, _ in sheet.rows) == 5
    assert [sheet.max_for(c) for c in sheet.categories] == [D(1000), D(1000)]  # a sheet per category
    methods = {c.method for c in sheet.criteria}
    assert {"target-ratio", "per-occurrence", "stepped", "pass-fail", "leader-ratio", "manual"} <= methods
    assert len({u.category for u in checked.year.bloc.units}) == 2


def test_the_example_bloc_ranks_as_the_readme_shows():
    result = run_thidua("rank", "2024", data=EXAMPLE)
    assert result.exit_code == 0, result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in result.output.splitlines() if line.strip()[:1].isdigit()]
    assert len(table) == 6 and all(line in readme for line in table)


@pytest.mark.parametrize("unit", ["ca-huyen-dong-son", "ca-tp-binh-xanh", "ca-huyen-ba-vi"])
def test_the_example_explains_every_unit(unit):
    result = run_thidua("explain", unit, "2024", data=EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "Tổng điểm =" in result.output and "Xếp hạng: hạng" in result.output


def test_an_excel_round_trip_of_a_deep_sheet_keeps_figures_unassigned_and_evidence(tmp_path):
    import shutil

    from thidua.reading.loader import load_year

    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    before = run_thidua("rank", "2024", "--format", "json", data=data).output
    sheet = tmp_path / "dong-son.xlsx"
    assert run_thidua("export-sheet", "--unit", "ca-huyen-dong-son", "-o", sheet, "2024", data=data).exit_code == 0
    result = run_thidua("import-scores", "--unit", "ca-huyen-dong-son", sheet, "2024", "--force", data=data)
    assert result.exit_code == 0, result.output
    report = load_year(data, 2024)[0].periods["year"].reports["ca-huyen-dong-son"]
    assert report.not_assigned == ("I.2.3.1",) and report.figures["ma-tuy"].target == D(30)
    assert report.evidence["II.1"].number == "12/QĐ-ĐU" and "I.2.4.1" not in report.scores
    assert run_thidua("rank", "2024", "--format", "json", data=data).output == before


def test_the_benchmarks_deep_sheet_validates_and_ranks(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(tmp_path / "bloc", units=12, deep=True)
    checked = load_checked(tmp_path / "bloc", 2024)
    assert [str(p) for p in checked.problems if p.level == ERROR] == []
    sheet = checked.year.sheet
    assert len(sheet.criteria) == 150 and sheet.max_total == D(1000) and max(lv for lv, _ in sheet.rows) == 5
    assert {c.method for c in sheet.criteria} == {"manual", "stepped", "target-ratio", "per-occurrence"}
    assert len(rank_year(checked.year, "year").standings) == 12


def test_a_sheet_per_category_scores_each_unit_on_its_own_criteria_and_ranks_within_its_category(tmp_path):
    bloc = BLOC.replace("{id: a, name: Đơn vị A}", "{id: a, name: Đơn vị A, category: Sở}").replace(
        "{id: b, name: Đơn vị B}", "{id: b, name: Đơn vị B, category: Sở}").replace(
        "{id: c, name: Đơn vị C}", "{id: c, name: Đơn vị C, category: Cục}")
    sheet = DEEP.format(unassigned="scale", rank_by="total").replace(
        '      - {id: "2.1", name: Kỷ luật, max: 20}',
        '      - {id: "2.1", name: Kỷ luật, max: 20, categories: [Sở]}\n'
        '      - {id: "2.2", name: Kỷ luật ngành dọc, max: 20, categories: [Cục]}').replace(
        "rank_by: total", "rank_by: total\nrank_within: category")
    full_c = {k: v for k, v in FULL.items() if k != "2_1"}
    files = year_files(2020, bloc=bloc, criteria=sheet, awards="year: 2020\npreset: tinh\n",
                       reports={"year": {"a": self_report("a", 2020, body=scores(**FULL)),
                                         "b": self_report("b", 2020, body=scores(**{**FULL, "2_1": 10})),
                                         "c": self_report("c", 2020, body=scores(**full_c, **{"2_2": 5}))}})
    ranking = ranked(write_files(tmp_path / "data", files))
    assert [(s.unit.id, s.rank, s.score.total) for s in ranking.standings] == [
        ("a", 1, D(100)), ("b", 2, D(90)), ("c", 1, D(85))]
    assert ranking.standing("c").score.scaling is None  # its own sheet is full: nothing to bring to scale
    assert ranking.standing("c").score.row("2").max == D(20)
    out = run_thidua("rank", "2020", data=tmp_path / "data").output
    assert "Hạng: xếp hạng riêng trong từng nhóm đơn vị (cột Nhóm)." in out


def test_a_unit_scoring_a_criterion_of_another_category_is_told(tmp_path):
    bloc = BLOC.replace("{id: a, name: Đơn vị A}", "{id: a, name: Đơn vị A, category: Sở}")
    sheet = DEEP.format(unassigned="scale", rank_by="total").replace(
        '      - {id: "2.1", name: Kỷ luật, max: 20}', '      - {id: "2.1", name: Kỷ luật, max: 20, categories: [Cục]}')
    files = year_files(2020, bloc=bloc, criteria=sheet, awards="year: 2020\npreset: tinh\n",
                       reports={"year": {u: self_report(u, 2020, body=scores(**FULL)) for u in "abc"}})
    problems = load_checked(write_files(tmp_path / "data", files), 2020).problems
    codes = sorted(p.code for p in problems)
    assert codes.count("not-for-category") == 3 and "unknown-category" in codes


def test_an_excel_round_trip_of_a_unit_of_the_other_category_keeps_its_own_sheet_and_bonus_kind(tmp_path):
    import shutil

    from thidua.reading.loader import load_year

    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    before = run_thidua("rank", "2024", "--format", "json", data=data).output
    sheet = tmp_path / "binh-xanh.xlsx"
    assert run_thidua("export-sheet", "--unit", "ca-tp-binh-xanh", "-o", sheet, "2024", data=data).exit_code == 0
    result = run_thidua("import-scores", "--unit", "ca-tp-binh-xanh", sheet, "2024", "--force", data=data)
    assert result.exit_code == 0, result.output
    report = load_year(data, 2024)[0].periods["year"].reports["ca-tp-binh-xanh"]
    assert "I.3.5" not in report.scores and report.bonus[0].kind == "co-bo"
    assert run_thidua("rank", "2024", "--format", "json", data=data).output == before


def test_a_bonus_of_a_fixed_kind_may_take_the_total_above_the_scale(tmp_path):
    sheet = DEEP.format(unassigned="none", rank_by="total") + (
        "bonus:\n  max: 15\n  fixed:\n    - {kind: co-tinh, name: Cờ thi đua của tỉnh, points: 10}\n"
        "    - {kind: co-chinh-phu, name: Cờ thi đua của Chính phủ, points: 15}\n")
    bonus = "bonus:\n  - {points: 10, reason: Cờ thi đua của tỉnh (Quyết định số 5/QĐ-UBND), kind: co-tinh}\n"
    files = year_files(2020, bloc=BLOC, criteria=sheet, awards="year: 2020\npreset: tinh\n",
                       reports={"year": {"a": self_report("a", 2020, body=scores(**{**FULL, "2_1": 17}) + bonus),
                                         "b": self_report("b", 2020, body=scores(**FULL)),
                                         "c": self_report("c", 2020, body=scores(**FULL))}})
    a = ranked(write_files(tmp_path / "data", files)).standing("a").score
    assert (a.checked_points, a.bonus.counted, a.total, a.clamped) == (D(97), D(10), D(107), None)
