"""`import-scores` in a round: whose sheet it is comes from the sheet, several sheets in one run, the
sheet "Thông tin", --force edits the report in round trip, and Excel's own traps get their own message."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tests.conftest import run_thidua, write_files, year_files
from thidua.rendering.xlsx import INFO_NAME, KEY_COLUMN, MARK, SHEET_NAME

BLOC = """\
year: 2024
name: Khối thi đua thử
place: Khánh Hòa
level: tinh
chair: a
units:
  - {id: a, name: Công an tỉnh}
  - {id: b, name: Sở Tư pháp tỉnh}
"""

CRITERIA = """\
year: 2024
groups:
  - id: "1"
    name: Tổ chức phong trào
    criteria:
      - {id: "1.1", name: Kế hoạch, max: 5}
      - {id: "1.2", name: Phát động, max: 10}
bonus: {max: 5}
deductions: {max: 10}
grades:
  - {name: Xuất sắc, min_total: 12}
  - {name: Khá, min_total: 0}
"""

REPORT_B = """\
# Báo cáo của Sở Tư pháp: chú thích của đơn vị, phải giữ.
unit: b
year: 2024
period: h1
submitted: 08/7/2024          # cách viết ngày của đơn vị
scores:
  "1.1": 4,5   # Kế hoạch
  "1.2": 8     # Phát động
bonus: []
deductions: []
achievements:
  - Hoàn thành 100% chỉ tiêu.
facts:
  staff: 40
  pending_cases: ~
"""


@pytest.fixture
def data(workdir):
    return write_files(workdir / "data", year_files(2024, bloc=BLOC, criteria=CRITERIA, awards="year: 2024\npreset: tinh\n",
                                                    reports={"h1": {"b": REPORT_B}}))


def _sheets(data, half="1"):
    result = run_thidua("prepare", "2024", "--half", half, data=data)
    assert result.exit_code == 0, result.output
    return data.parent / "phieu"


def _keys(ws):
    keys = {}
    for row in range(1, ws.max_row + 1):
        key = ws.cell(row=row, column=KEY_COLUMN).value
        if key:
            keys.setdefault(key, []).append(row)
    return keys


def _fill(path, scores=None, info=None, edit=None):
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_NAME]
    keys = _keys(ws)
    for crit, value in (scores or {}).items():
        ws.cell(row=keys[f"c:{crit}"][0], column=4, value=value)
    sheet = wb[INFO_NAME]
    rows = _keys(sheet)
    for key, values in (info or {}).items():
        for row, value in zip(rows[key], values if isinstance(values, list) else [values]):
            if isinstance(value, tuple):
                for col, cell in enumerate(value, start=1):
                    sheet.cell(row=row, column=col, value=cell)
            else:
                sheet.cell(row=row, column=2, value=value)
    if edit:
        edit(ws, keys)
    wb.save(path)
    return path


def test_two_sheets_in_one_run_whose_sheet_from_the_sheet_itself(data):
    phieu = _sheets(data)
    good = _fill(phieu / "bang-diem-a-2024-6-thang.xlsx", {"1.1": 5, "1.2": 9.5},
                 {"submitted": dt.datetime(2024, 7, 9), "women_share": 0.72, "staff": 120,
                  "achievement": ["Không có án quá hạn.", "Ký giao ước thi đua."], "limitation": "Còn chậm.",
                  "case": [("Kỷ luật", "Một cán bộ bị xem xét kỷ luật", dt.datetime(2024, 9, 1))]})
    bad = _fill(phieu / "bang-diem-b-2024-6-thang.xlsx", {"1.1": 7, "1.2": "tám"})
    result = run_thidua("import-scores", str(good), str(bad), "--force", data=data)
    assert result.exit_code == 1
    out = result.output
    assert "Đã ghi 2 điểm tiêu chí từ phieu/bang-diem-a-2024-6-thang.xlsx vào data/2024/h1/a.yaml." in out
    assert "Bảng điểm!D8: lỗi: Điểm tự chấm của tiêu chí 1.1 là 7, ngoài khoảng từ 0 đến 5." in out
    assert "Bảng điểm!D9: lỗi: Điểm tự chấm của tiêu chí 1.2 phải là một số (ví dụ 8,5), nhưng ô có 'tám'." in out
    assert "Đã nhập 1/2 bảng điểm; 1 bảng có lỗi, chưa nhập." in out
    assert (data / "2024" / "h1" / "b.yaml").read_text(encoding="utf-8") == REPORT_B
    text = (data / "2024" / "h1" / "a.yaml").read_text(encoding="utf-8")
    assert "submitted: 2024-07-09" in text and "  - \"Không có án quá hạn.\"" in text  # the prepared blank, filled in
    assert "women_share: 72%" in text and "staff: 120" in text and "kind: discipline" in text
    checked = run_thidua("validate", "2024", data=data)
    assert "a.yaml" not in checked.output, checked.output


def test_force_edits_the_report_in_round_trip_and_keeps_a_backup(data):
    sheet = data.parent / "b.xlsx"
    assert run_thidua("export-sheet", "--unit", "b", "--half", "1", "-o", str(sheet), data=data).exit_code == 0
    _fill(sheet, {"1.2": 9}, {"limitation": "Chưa số hóa hồ sơ."})
    refused = run_thidua("import-scores", str(sheet), data=data)
    assert refused.exit_code == 1 and "--force" in refused.output
    result = run_thidua("import-scores", str(sheet), "--force", data=data)
    assert result.exit_code == 0, result.output
    text = (data / "2024" / "h1" / "b.yaml").read_text(encoding="utf-8")
    assert text == REPORT_B.replace('"1.2": 8     # Phát động', '"1.2": 9     # Phát động').replace(
        "facts:", "limitations:\n  - Chưa số hóa hồ sơ.\nfacts:")
    backups = list((data / "2024" / "h1").glob("b.yaml.bak-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == REPORT_B
    assert "Đã sao lưu báo cáo cũ thành" in result.output


def test_a_prepared_blank_is_filled_without_force(data):
    phieu = _sheets(data)
    blank = (data / "2024" / "h1" / "a.yaml").read_text(encoding="utf-8")
    assert "# Ghi điểm tự chấm" in blank
    sheet = _fill(phieu / "bang-diem-a-2024-6-thang.xlsx", {"1.1": 3, "1.2": 4})
    result = run_thidua("import-scores", str(sheet), data=data)
    assert result.exit_code == 0, result.output
    text = (data / "2024" / "h1" / "a.yaml").read_text(encoding="utf-8")
    assert '"1.1": 3' in text and "# Điểm nhập từ tệp bang-diem-a-2024-6-thang.xlsx" in text
    assert not list((data / "2024" / "h1").glob("a.yaml.bak-*"))  # a blank holds nothing to keep


def test_excel_traps_have_their_own_messages(data):
    phieu = _sheets(data)

    def traps(ws, keys):
        ws.cell(row=keys["c:1.1"][0], column=4, value=dt.datetime(2024, 5, 1))  # 1.5 typed where a dot makes a date
        deduction = keys["deduction"][0]
        ws.cell(row=deduction, column=2, value="Kỷ luật")
        ws.cell(row=deduction, column=4, value=dt.datetime(1900, 1, 4, 12))  # 4.5 in a cell formatted as a date
        row = keys["c:1.2"][0]
        ws.cell(row=row, column=4, value=None)
        ws.cell(row=row, column=5, value=8.5)  # the score typed into the notes column
        bonus = keys["bonus"][0]
        ws.cell(row=bonus, column=2, value="Bằng khen")
        ws.cell(row=bonus, column=4, value="=2+1")  # a formula no program computed

    sheet = _fill(phieu / "bang-diem-a-2024-6-thang.xlsx", edit=traps)
    result = run_thidua("import-scores", str(sheet), data=data)
    assert result.exit_code == 1
    out = result.output
    assert ("Bảng điểm!D8: lỗi: Điểm tự chấm của tiêu chí 1.1 phải là một số, nhưng Excel đã hiểu số gõ vào là ngày "
            "01/05/2024 (có thể đã gõ 1.5). Gõ lại bằng dấu phẩy, ví dụ 8,5") in out and "[cell-date]" in out
    assert ("Bảng điểm!E9: lỗi: Chưa nhập điểm tự chấm của tiêu chí 1.2: ô Tự chấm D9 trống, còn ô Ghi chú E9 có số "
            "8,5. Có phải điểm ghi nhầm cột? Chuyển số sang ô D9. [cell-number-in-notes]") in out
    assert "Ô có công thức nhưng chưa có kết quả đã tính" in out and "Mở tệp bằng Excel và lưu lại" in out
    assert "[cell-formula-no-value]" in out
    assert ("lỗi: Số điểm trừ phải là một số, nhưng ô có định dạng ngày (Date) nên số 4,5 hiện thành ngày 04/01/1900. "
            "Định dạng ô là Number (Số) rồi gõ lại, ví dụ 0,5.") in out
    assert "openpyxl" not in out and "Traceback" not in out


def test_an_old_sheet_without_whose_it_is_needs_the_options_and_says_so(data):
    phieu = _sheets(data, "2")

    def old(ws, _keys):
        ws.cell(row=1, column=KEY_COLUMN, value=MARK)

    sheet = _fill(phieu / "bang-diem-a-2024.xlsx", {"1.1": 1, "1.2": 2}, edit=old)
    wb = openpyxl.load_workbook(sheet)
    del wb[INFO_NAME]
    wb.save(sheet)
    refused = run_thidua("import-scores", str(sheet), data=data)
    assert refused.exit_code == 1
    assert "là bảng điểm cũ, không ghi mã đơn vị (--unit), năm (NĂM), kỳ (--half) của bảng" in refused.output
    result = run_thidua("import-scores", str(sheet), "2024", "--unit", "a", "--half", "2", data=data)
    assert result.exit_code == 0, result.output
    assert "không có trang \"Thông tin\"" in result.output
    assert (data / "2024" / "year" / "a.yaml").is_file()


def test_a_sheet_sent_back_blank_is_one_message(data):
    phieu = _sheets(data)
    result = run_thidua("import-scores", str(phieu / "bang-diem-a-2024-6-thang.xlsx"), data=data)
    assert result.exit_code == 1
    assert result.output.count("lỗi:") == 1
    assert ("Bảng điểm!D8: lỗi: Bảng chưa có điểm tự chấm nào (cột Tự chấm để trống cả 2 tiêu chí): đơn vị chưa "
            "điền bảng, hoặc gửi nhầm tệp. [sheet-blank]") in result.output
