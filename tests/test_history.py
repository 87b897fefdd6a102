"""`thidua history`: a unit's results across years, following renames."""

import json

import pytest
from conftest import run_thidua, self_report, write_files, year_files

CRITERIA = """\
year: {year}
groups:
  - id: "1"
    name: Nhiệm vụ
    criteria:
      - {{id: "1.1", name: Chỉ tiêu, max: 100}}
grades:
  - {{name: Xuất sắc, min_total: 90}}
  - {{name: Tốt, min_total: 0}}
"""

UNIT = "  - {{id: {id}, name: {name}, registered: [co-tinh]}}\n"


def _year(data, year, units, scores):
    bloc = (f"year: {year}\nname: Khối thi đua thử\nplace: Khánh Hòa\nlevel: tinh\nchair: {units[0][0]}\nunits:\n"
            + "".join(UNIT.format(id=i, name=n) for i, n in units))
    reports = {unit: self_report(unit, year, "year", f"scores: {{\"1.1\": {score}}}\n") for unit, score in scores.items()}
    write_files(data, year_files(year, bloc=bloc, criteria=CRITERIA.format(year=year),
                                 awards=f"year: {year}\npreset: tinh\n", reports={"year": reports}))


@pytest.fixture
def data(tmp_path):
    data = tmp_path / "data"
    _year(data, 2024, [("a", "Công an tỉnh"), ("t", "Cục Thi hành án dân sự tỉnh"), ("s", "Sở Tư pháp tỉnh")],
          {"a": 95, "t": 90, "s": 80})
    _year(data, 2025, [("a", "Công an tỉnh"), ("t", "Thi hành án dân sự tỉnh"), ("n", "Sở Nội vụ tỉnh")],
          {"t": 96, "a": 91, "n": 85})
    _year(data, 2026, [("a", "Công an tỉnh"), ("t", "Thi hành án dân sự tỉnh"), ("n", "Sở Nội vụ tỉnh")], {})
    return data


def _run(data, *args):
    return run_thidua("history", *args, data=data)


def test_one_unit_across_years_with_its_name_of_each_year(data):
    result = _run(data, "t", "--format", "json")
    assert result.exit_code == 0, result.output
    [unit] = json.loads(result.output)
    assert unit["name"] == "Thi hành án dân sự tỉnh"
    assert unit["names"] == [{"name": "Cục Thi hành án dân sự tỉnh", "from": 2024, "to": 2024},
                             {"name": "Thi hành án dân sự tỉnh", "from": 2025, "to": 2026}]
    y2024, y2025, y2026 = unit["years"]
    assert (y2024["name"], y2024["rank"], y2024["ranked"], y2024["total"], y2024["grade"]) == (
        "Cục Thi hành án dân sự tỉnh", 2, 3, 90, "Xuất sắc")
    assert y2024["awards"] == ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"]
    assert (y2025["rank"], y2025["total"]) == (1, 96)
    assert y2025["awards"] == ["Cờ thi đua của Chính phủ", "Cờ thi đua của Ủy ban nhân dân tỉnh"]  # no ballot: the rules propose
    assert y2026["rank"] is None and y2026["note"] == "chưa có kết quả cả năm"


def test_text_shows_the_rename_and_each_years_line(data):
    result = _run(data, "t")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Thi hành án dân sự tỉnh (mã t)"
    assert lines[1] == "Đổi tên: Cục Thi hành án dân sự tỉnh (2024) → Thi hành án dân sự tỉnh (2025–2026)."
    row2024 = [ln for ln in lines if ln.startswith("2024")][0]
    assert "Cục Thi hành án dân sự tỉnh" in row2024 and "2/3" in row2024 and "90" in row2024
    row2025 = [ln for ln in lines if ln.startswith("2025")][0]
    assert "1/3" in row2025 and "Cờ thi đua của Ủy ban nhân dân tỉnh" in row2025


def test_every_unit_in_vietnamese_order_with_years_outside_the_bloc(data):
    result = _run(data, "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [u["unit"] for u in found] == ["a", "n", "s", "t"]  # Công an, Sở Nội vụ, Sở Tư pháp, Thi hành án
    s = found[2]
    assert [y["note"] for y in s["years"]] == [None, "không là thành viên của Khối", "không là thành viên của Khối"]
    n = found[1]
    assert n["years"][0]["name"] is None and n["years"][1]["rank"] == 3


def test_unknown_unit_is_a_usage_error(data):
    result = _run(data, "x")
    assert result.exit_code == 2
    assert "Không có đơn vị 'x'" in result.output and "a, n, s, t" in result.output


def test_a_year_with_errors_says_so(data):
    (data / "2025" / "year" / "a.yaml").write_text("unit: a\nyear: 2025\nperiod: year\nscores: {\"1.1\": 120}\n",
                                                  encoding="utf-8")
    result = _run(data, "a", "--format", "json")
    assert result.exit_code == 0, result.output
    years = json.loads(result.output)[0]["years"]
    assert years[1]["rank"] is None
    assert years[1]["note"] == "dữ liệu có lỗi (chạy thidua validate 2025)"
    assert years[0]["rank"] == 1
