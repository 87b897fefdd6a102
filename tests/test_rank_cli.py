"""`thidua rank` on a small data folder written to tmp_path."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Dict, Optional

import pytest
from conftest import SAMPLE, run_thidua, self_report, write_files, year_files

from thidua.errors import DataError
from thidua.commands.rank import rank_period

BLOC = """\
year: 2020
name: Khối thi đua thử
place: Bắc Giang
level: tinh
chair: an-ninh
units:
  - {id: an-ninh, name: Công an tỉnh, short_name: Công an}
  - {id: toa-an, name: Tòa án nhân dân tỉnh, short_name: TAND}
  - {id: vien-ks, name: Viện kiểm sát nhân dân tỉnh, short_name: VKSND}
  - {id: thanh-tra, name: Thanh tra tỉnh, short_name: Thanh tra}
"""

CRITERIA = """\
year: 2020
total: 100
groups:
  - id: "1"
    name: Tổ chức phong trào
    criteria:
      - {id: "1.1", name: Kế hoạch, max: 10}
      - {id: "1.2", name: Phát động, max: 10}
  - id: "2"
    name: Nhiệm vụ chuyên môn
    criteria:
      - {id: "2.1", name: Chỉ tiêu, max: 40}
      - {id: "2.2", name: Cải cách hành chính, max: 40}
bonus: {max: 5}
deductions: {max: 10}
grades:
  - {name: Xuất sắc, min_total: 90, min_share: 80%}
  - {name: Tốt, min_total: 80}
  - {name: Khá, min_total: 0}
tie_breaks:
  - {rule: group, ref: "2"}
"""

AWARDS = "year: 2020\npreset: tinh\n"


def report(unit: str, period: str, scores: str, bonus: str = "[]", deductions: str = "[]") -> str:
    s = [x.strip() for x in scores.split("/")]
    return self_report(unit, 2020, period,
                       f"scores: {{\"1.1\": \"{s[0]}\", \"1.2\": \"{s[1]}\", \"2.1\": \"{s[2]}\", \"2.2\": \"{s[3]}\"}}\n"
                       f"bonus: {bonus}\ndeductions: {deductions}\n")


def write_data(root: Path, extra: Optional[Dict[str, str]] = None) -> Path:
    files = year_files(2020, bloc=BLOC, criteria=CRITERIA, awards=AWARDS, reports={
        # an-ninh: 95,5 self, 95 checked, + 1 = 96; toa-an and vien-ks level at 88 (group 2: 70 against 72)
        "year": {"an-ninh": report("an-ninh", "year", "10 / 9,5 / 38 / 38", "[{points: 1, reason: Bằng khen}]"),
                 "toa-an": report("toa-an", "year", "9 / 9 / 35 / 35"),
                 "vien-ks": report("vien-ks", "year", "8 / 8 / 36 / 36")},
        "h1": {"an-ninh": report("an-ninh", "h1", "9 / 9 / 35 / 35"),
               "toa-an": report("toa-an", "h1", "10 / 10 / 38 / 38")},
    }, reviews={"year": ("year: 2020\nperiod: year\nunits:\n  an-ninh:\n    scores:\n"
                         "      \"2.2\": {score: \"37,5\", note: Thiếu minh chứng}\n")})
    return write_files(root / "data", {**files, **(extra or {})})


def run(data: Path, *args: str):
    return run_thidua("rank", *args, data=data)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_data(tmp_path)


def test_table_in_vietnamese_with_vietnamese_numbers(data):
    result = run(data, "2020")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2020" in out
    for header in ("STT", "Hạng", "Đơn vị", "Tự chấm", "Thẩm định", "Điểm thưởng", "Điểm trừ", "Tổng điểm",
                   "Xếp loại", "Ghi chú"):
        assert header in out
    lines = out.splitlines()
    first = next(line for line in lines if "Công an" in line and "96" in line)
    assert "95,5" in first and "Xuất sắc" in first
    assert "(1) Công an: thẩm định điều chỉnh tiêu chí 2.2 (38 → 37,5)." in out
    assert "VKSND: bằng 88 điểm với TAND; xếp theo điểm nhóm 2: 72." in out
    last = next(line for line in lines if "Thanh tra" in line)
    assert last.split()[:2] == ["4", "Thanh"] and last.endswith("Chưa nộp báo cáo")  # no rank, no scores


def test_an_unbroken_tie_is_shown(tmp_path):
    data = write_data(tmp_path, {"2020/criteria.yaml": CRITERIA.replace('tie_breaks:\n  - {rule: group, ref: "2"}\n',
                                                                        'tie_breaks:\n  - {rule: group, ref: "1"}\n')})
    result = run(data, "2020")
    assert result.exit_code == 0, result.output
    assert "TAND: bằng 88 điểm với VKSND; xếp theo điểm nhóm 1: 18." in result.stdout
    # without any rule the two share rank 2, listed in Vietnamese alphabetical order
    data = write_data(tmp_path, {"2020/criteria.yaml": CRITERIA.split("tie_breaks:")[0]})
    out = run(data, "2020").stdout
    assert "TAND: đồng hạng với VKSND (bằng 88 điểm, bảng điểm không có tiêu chí phụ)." in out
    rows = [line.split()[:3] for line in out.splitlines() if "TAND" in line or "VKSND" in line][:2]
    assert rows == [["2", "2", "TAND"], ["3", "2", "VKSND"]]


def test_ranks_and_missing_report_in_json(data):
    result = run(data, "2020", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert [(u["unit"], u["rank"]) for u in got["standings"]] == [("an-ninh", 1), ("vien-ks", 2), ("toa-an", 3)]
    first = got["standings"][0]
    assert (first["self_points"], first["checked_points"], first["total"]) == (95.5, 95, 96)
    assert first["bonus"]["counted"] == 1 and isinstance(first["total"], int)
    assert first["groups"] == {"1": 19.5, "2": 75.5}
    assert isinstance(first["checked_points"], int) and isinstance(first["groups"]["1"], float)
    assert got["standings"][1]["decided_by"] == {"rule": "group", "ref": "2", "label": "điểm nhóm 2", "value": 72}
    assert got["not_submitted"] == [{"unit": "thanh-tra", "name": "Thanh tra tỉnh", "label": "Thanh tra"}]


def test_csv_has_a_bom_and_one_row_a_unit(data):
    result = run(data, "2020", "--format", "csv")
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Hạng", "Đơn vị"]
    assert rows[1][2:9] == ["Công an", "95,5", "95", "1", "0", "96", "Xuất sắc"]
    assert rows[-1][2] == "Thanh tra" and rows[-1][1] == "" and rows[-1][-1] == "Chưa nộp báo cáo"
    assert raw.endswith(b"\r\n")


def test_markdown_table(data):
    result = run(data, "2020", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("**Bảng tổng hợp điểm thi đua năm 2020**")
    assert "| Đơn vị" in result.stdout and "Thẩm định điều chỉnh tiêu chí 2.2 (38 → 37,5)" in result.stdout


def test_detail_adds_a_column_per_group(data):
    plain = run(data, "2020").stdout
    detail = run(data, "2020", "--detail").stdout
    assert "Nhóm 2 (80)" in detail and "Nhóm 2 (80)" not in plain
    assert "75,5" in detail  # Công an's checked group 2: 38 + 37,5


def test_half_one_ranks_the_first_half(data):
    result = run(data, "2020", "--half", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got["period"] == "h1"
    assert [(u["unit"], u["total"]) for u in got["standings"]] == [("toa-an", 96), ("an-ninh", 88)]
    assert {u["unit"] for u in got["not_submitted"]} == {"vien-ks", "thanh-tra"}
    assert "SƠ KẾT 6 THÁNG ĐẦU NĂM 2020" in run(data, "2020", "--half", "1").stdout


def test_half_two_is_the_year_and_three_a_usage_error(data):
    assert run(data, "2020", "--half", "2").stdout == run(data, "2020").stdout
    assert run(data, "2020", "--half", "3").exit_code == 2


def test_year_defaults_to_the_latest(data):
    assert run(data).stdout == run(data, "2020").stdout


def test_warnings_are_mentioned_on_stderr(data):
    result = run(data, "2020")
    # thanh-tra has no report for either period (the h1 files are not read for the year ranking)
    assert ("Lưu ý: các tệp dùng để xếp hạng kỳ cả năm 2020 có 1 cảnh báo; "
            "chạy `thidua validate 2020` để xem.") in result.stderr


def test_errors_refuse_to_rank(tmp_path):
    data = write_data(tmp_path, {"2020/year/toa-an.yaml": report("toa-an", "year", "11 / 9 / 35 / 35")})
    result = run(data, "2020")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "còn 1 lỗi" in result.stderr and "thidua validate 2020" in result.stderr


def test_errors_in_the_other_period_do_not_stop_the_ranking(tmp_path):
    data = write_data(tmp_path, {"2020/h1/toa-an.yaml": report("toa-an", "h1", "11 / 9 / 35 / 35")})
    assert run(data, "2020").exit_code == 0
    with pytest.raises(DataError) as info:
        rank_period(data, 2020, "h1")
    assert "Dữ liệu năm 2020 còn 1 lỗi" in info.value.message


def test_no_reports_for_the_period(tmp_path):
    data = write_data(tmp_path)
    for path in (data / "2020" / "h1").iterdir():
        path.unlink()
    (data / "2020" / "h1").rmdir()
    result = run(data, "2020", "--half", "1")
    assert result.exit_code == 1
    assert "Chưa có báo cáo tự chấm điểm nào cho kỳ 6 tháng đầu năm của năm 2020" in result.stderr


def test_output_file_is_never_overwritten_without_force(data, tmp_path):
    target = tmp_path / "bang-diem.csv"
    first = run(data, "2020", "--format", "csv", "-o", str(target))
    assert first.exit_code == 0, first.output
    assert first.stdout == ""
    written = target.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and "Công an".encode() in written
    target.write_text("cũ", encoding="utf-8")
    second = run(data, "2020", "--format", "csv", "-o", str(target))
    assert second.exit_code == 1
    assert "đã có; thêm --force để ghi đè" in second.stderr
    assert target.read_text(encoding="utf-8") == "cũ"
    third = run(data, "2020", "--format", "csv", "-o", str(target), "--force")
    assert third.exit_code == 0, third.output
    assert target.read_bytes() == written
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_text_output_file_ends_with_a_newline(data, tmp_path):
    target = tmp_path / "bang-diem.txt"
    assert run(data, "2020", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("BẢNG TỔNG HỢP") and text.endswith("\n")


def test_the_sample_data_ranks():
    result = run(SAMPLE, "2020")
    assert result.exit_code == 0, result.output
    assert "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2020" in result.stdout


def test_each_period_reads_only_its_own_files(tmp_path):
    """Ranking one period does not read the other's folder: a broken file there changes nothing."""
    broken_h1 = write_data(tmp_path / "a", {"2020/h1/toa-an.yaml": "unit: toa-an\nscores: {1.1: [\n"})
    broken_year = write_data(tmp_path / "b", {"2020/year/an-ninh-copy.yaml": "unit: [\n"})
    assert run(broken_h1, "2020").exit_code == 0
    assert run(broken_h1, "2020").stdout == run(write_data(tmp_path / "c"), "2020").stdout
    assert run(broken_h1, "2020", "--half", "1").exit_code == 1
    half = run(broken_year, "2020", "--half", "1")
    assert half.exit_code == 0 and "an-ninh-copy" not in half.output
    assert run(broken_year, "2020").exit_code == 1
    for data in (broken_h1, broken_year):
        assert run_thidua("validate", "2020", data=data).exit_code == 1
