"""`thidua rank --format xlsx`: the bảng tổng hợp điểm as a printable workbook."""

import openpyxl
import pytest
from conftest import run_thidua, self_report, write_files, year_files

BLOC = """\
year: 2024
name: Khối thi đua thử
place: Khánh Hòa
level: tinh
chair: a
units:
  - {id: a, name: Công an tỉnh Khánh Hòa, short_name: Công an tỉnh}
  - {id: b, name: Sở Tư pháp tỉnh Khánh Hòa, short_name: Sở Tư pháp}
  - {id: c, name: Thanh tra tỉnh Khánh Hòa, short_name: Thanh tra tỉnh}
"""

CRITERIA = """\
year: 2024
groups:
  - id: "1"
    name: Tổ chức phong trào
    criteria:
      - {id: "1.1", name: Kế hoạch, max: 40}
  - id: "2"
    name: Nhiệm vụ chuyên môn
    criteria:
      - {id: "2.1", name: Chỉ tiêu, max: 60}
bonus: {max: 5}
deductions: {max: 10}
grades:
  - {name: Xuất sắc, min_total: 90}
  - {name: Khá, min_total: 0}
"""


def _report(unit, s1, s2, bonus=""):
    return self_report(unit, 2024, "year", f"scores: {{\"1.1\": {s1}, \"2.1\": {s2}}}\n{bonus}")


@pytest.fixture
def data(tmp_path):
    reports = {"a": _report("a", 38, "55.5", "bonus:\n  - {points: 2, reason: Bằng khen}\n"), "b": _report("b", 40, 58)}
    return write_files(tmp_path / "data", year_files(2024, bloc=BLOC, criteria=CRITERIA,
                                                     awards="year: 2024\npreset: tinh\n", reports={"year": reports}))


def _rank(data, *args):
    return run_thidua("rank", *args, data=data)


def test_xlsx_holds_the_score_table_with_group_columns_totals_rank_and_grade(data, tmp_path):
    out = tmp_path / "bang-tong-hop-diem.xlsx"
    result = _rank(data, "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "KHỐI THI ĐUA THỬ"
    assert ws["A2"].value == "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2024"
    header = [ws.cell(row=5, column=c).value for c in range(1, 14)]
    assert header == ["STT", "Đơn vị", "Điểm theo nhóm tiêu chí", None, "Cộng điểm tiêu chí", "Điểm thưởng",
                      "Điểm trừ", "Tổng điểm tự chấm", "Tổng điểm", "Xếp hạng", "Xếp loại", "Ghi chú", None]
    assert [ws.cell(row=6, column=c).value for c in (3, 4)] == ["Nhóm 1\n(40 điểm)", "Nhóm 2\n(60 điểm)"]
    rows = [[ws.cell(row=r, column=c).value for c in range(1, 12)] for r in (7, 8, 9)]
    assert rows[0] == [1, "Sở Tư pháp", 40, 58, 98, 0, 0, 98, 98, 1, "Xuất sắc"]
    assert rows[1] == [2, "Công an tỉnh", 38, 55.5, 93.5, 2, 0, 95.5, 95.5, 2, "Xuất sắc"]
    assert rows[2][:2] == [3, "Thanh tra tỉnh"] and rows[2][9] is None
    assert ws.cell(row=9, column=12).value == "Chưa nộp báo cáo"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$5:$6"
    assert ws["B7"].font.name == "Times New Roman"
    texts = [ws.cell(row=r, column=1).value for r in range(10, ws.max_row + 1)]
    assert "Nhóm 1: Tổ chức phong trào; nhóm 2: Nhiệm vụ chuyên môn." in texts
    assert "TM. KHỐI THI ĐUA" in [ws.cell(row=r, column=c).value for r in range(10, ws.max_row + 1)
                                  for c in range(1, 14)]


def test_xlsx_needs_an_output_file_and_keeps_an_existing_one(data, tmp_path):
    missing = _rank(data, "--format", "xlsx")
    out = tmp_path / "bang.xlsx"
    out.write_bytes(b"old")
    kept = _rank(data, "--format", "xlsx", "-o", str(out))
    assert missing.exit_code == 2 and "-o bang-tong-hop-diem.xlsx" in missing.output
    assert kept.exit_code == 1 and "--force" in kept.output
    assert out.read_bytes() == b"old"
    assert _rank(data, "--format", "xlsx", "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
