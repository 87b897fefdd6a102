"""`thidua export-sheet` and `thidua import-scores`: one unit's scoring sheet through Excel and back."""

import json

import openpyxl
import pytest
from conftest import run_thidua, write_files, year_files

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
  - id: "2"
    name: Nhiệm vụ chuyên môn
    criteria:
      - {id: "2.1", name: Chỉ tiêu, max: 30}
bonus: {max: 5}
deductions: {max: 10}
grades:
  - {name: Xuất sắc, min_total: 40}
  - {name: Khá, min_total: 0}
"""

REPORT_B = """\
unit: b
year: 2024
period: year
scores: {"1.1": 4, "1.2": 8, "2.1": 25}
"""


@pytest.fixture
def data(tmp_path):
    return write_files(tmp_path / "data", year_files(2024, bloc=BLOC, criteria=CRITERIA,
                                                     awards="year: 2024\npreset: tinh\n", reports={"year": {"b": REPORT_B}}))


def _run(data, *args):
    return run_thidua(*args, data=data)


def _export(data, path, *extra):
    result = _run(data, "export-sheet", "--unit", "a", "-o", str(path), *extra)
    assert result.exit_code == 0, result.output
    return path


def _rows(ws):
    """Hidden key (column F) -> row number; bonus/deduction keys -> list of rows."""
    keys = {}
    for row in range(2, ws.max_row + 1):
        key = ws.cell(row=row, column=6).value
        if key:
            keys.setdefault(key, []).append(row)
    return keys


def _fill(path, values, bonus=(), deductions=()):
    wb = openpyxl.load_workbook(path)
    ws = wb["Bảng điểm"]
    keys = _rows(ws)
    for crit, value in values.items():
        ws.cell(row=keys[f"c:{crit}"][0], column=4, value=value)
    for key, items in (("bonus", bonus), ("deduction", deductions)):
        for row, (points, reason) in zip(keys[key], items):
            ws.cell(row=row, column=2, value=reason)
            ws.cell(row=row, column=4, value=points)
    wb.save(path)
    return keys


def test_export_writes_a_printable_sheet_with_limits_and_formulas(data, tmp_path):
    path = _export(data, tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(path)["Bảng điểm"]
    keys = _rows(ws)
    assert ws["A2"].value == "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024"
    assert ws["A3"].value == "Đơn vị: Công an tỉnh"
    assert [ws.cell(row=6, column=c).value for c in range(1, 6)] == [
        "Mã", "Nội dung tiêu chí", "Điểm tối đa", "Tự chấm", "Ghi chú"]
    group = keys["g:1"][0]
    assert ws.cell(row=group, column=2).value == "Tổ chức phong trào"
    assert ws.cell(row=group, column=4).value == f"=SUM(D{group + 1}:D{group + 2})"
    row = keys["c:1.2"][0]
    assert ws.cell(row=row, column=3).value == 10
    limits = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    assert any(f"D{row}" in ref.split() and rule == ("decimal", "0", "10") for ref, rule in limits.items())
    assert ws.column_dimensions["F"].hidden
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["B7"].font.name == "Times New Roman"
    formulas = [ws.cell(row=r, column=4).value for r in range(1, ws.max_row + 1)]
    assert any(isinstance(f, str) and f.startswith("=MAX(0,") for f in formulas)
    assert any(isinstance(f, str) and f.startswith("=MIN(SUM(") and f.endswith(",5)") for f in formulas)


def test_export_refuses_an_unknown_unit_and_an_existing_file(data, tmp_path):
    unknown = _run(data, "export-sheet", "--unit", "x", "-o", str(tmp_path / "x.xlsx"))
    path = _export(data, tmp_path / "a.xlsx")
    again = _run(data, "export-sheet", "--unit", "a", "-o", str(path))
    assert unknown.exit_code == 2
    assert "Không có đơn vị 'x'" in unknown.output and "a, b" in unknown.output
    assert again.exit_code == 1 and "đã có; thêm --force" in again.output
    assert _run(data, "export-sheet", "--unit", "a", "-o", str(path), "--force").exit_code == 0


def test_round_trip_export_fill_import_validate_rank(data, tmp_path):
    path = _export(data, tmp_path / "a.xlsx")
    _fill(path, {"1.1": 5, "1.2": "8,5", "2.1": 27.25},
          bonus=[(2, "Bằng khen của Bộ trưởng (Quyết định số 12/QĐ-BCA)")], deductions=[("0,5", "Chậm báo cáo")])
    result = _run(data, "import-scores", str(path), "--unit", "a")
    assert result.exit_code == 0, result.output
    written = (data / "2024" / "year" / "a.yaml").read_text(encoding="utf-8")
    assert '"1.2": 8,5' in written and '"2.1": 27,25' in written
    checked = _run(data, "validate", "--strict")
    assert checked.exit_code == 0, checked.output
    ranked = _run(data, "rank", "--format", "json")
    assert ranked.exit_code == 0, ranked.output
    first = json.loads(ranked.output)["standings"][0]
    assert first["unit"] == "a"
    assert first["checked_points"] == 40.75 and first["total"] == 42.25
    assert first["grade"] == "Xuất sắc"


def test_every_bad_cell_is_reported_with_its_place_and_nothing_is_written(data, tmp_path):
    path = _export(data, tmp_path / "a.xlsx")
    keys = _fill(path, {"1.1": "năm", "1.2": 12, "2.1": None},
                 bonus=[(1, None)], deductions=[("nhiều", "Chậm báo cáo")])
    result = _run(data, "import-scores", str(path), "--unit", "a")
    assert result.exit_code == 1
    out = result.output
    assert f"Bảng điểm!D{keys['c:1.1'][0]}: lỗi: Điểm tự chấm của tiêu chí 1.1 phải là một số" in out
    assert f"Bảng điểm!D{keys['c:1.2'][0]}: lỗi: Điểm tự chấm của tiêu chí 1.2 là 12, ngoài khoảng từ 0 đến 10" in out
    assert f"Bảng điểm!D{keys['c:2.1'][0]}: lỗi: Chưa nhập điểm tự chấm của tiêu chí 2.1" in out
    assert f"Bảng điểm!B{keys['bonus'][0]}: lỗi: Khoản điểm thưởng chưa ghi nội dung" in out
    assert f"Bảng điểm!D{keys['deduction'][0]}: lỗi: Số điểm trừ phải là một số" in out
    assert "Có 5 lỗi" in out
    assert not (data / "2024" / "year" / "a.yaml").exists()


def test_existing_self_report_needs_force_and_keeps_its_other_parts(data, tmp_path):
    report = data / "2024" / "year" / "b.yaml"
    report.write_text(REPORT_B + "submitted: 2024-11-20\nachievements:\n  - Hoàn thành 100% chỉ tiêu.\n"
                      "facts: {women_share: 72%, staff: 40}\n", encoding="utf-8")
    path = tmp_path / "b.xlsx"
    assert _run(data, "export-sheet", "--unit", "b", "-o", str(path)).exit_code == 0
    ws = openpyxl.load_workbook(path)["Bảng điểm"]
    assert ws.cell(row=_rows(ws)["c:2.1"][0], column=4).value == 25  # pre-filled from the report
    _fill(path, {"2.1": 29})
    refused = _run(data, "import-scores", str(path), "--unit", "b")
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = _run(data, "import-scores", str(path), "--unit", "b", "--force")
    assert forced.exit_code == 0, forced.output
    text = report.read_text(encoding="utf-8")
    assert 'scores: {"1.1": 4, "1.2": 8, "2.1": 29}' in text  # edited in place: the flow style stays
    assert "submitted: 2024-11-20" in text and "Hoàn thành 100% chỉ tiêu." in text
    assert "women_share: 72%" in text and "staff: 40" in text
    checked = _run(data, "validate")  # unit 'a' has not reported: one warning, no error
    assert checked.exit_code == 0, checked.output
    assert "Có 0 lỗi, 1 cảnh báo." in checked.output


def test_half_year_sheet_goes_to_the_h1_folder_and_must_match(data, tmp_path):
    path = tmp_path / "h1.xlsx"
    assert _run(data, "export-sheet", "--unit", "a", "--half", "1", "-o", str(path)).exit_code == 0
    _fill(path, {"1.1": 1, "1.2": 2, "2.1": 3})
    wrong = _run(data, "import-scores", str(path), "--unit", "a", "--half", "2")
    other = _run(data, "import-scores", str(path), "--unit", "b", "--half", "1")
    assert wrong.exit_code == 1 and "6 tháng đầu năm, không phải của cả năm" in wrong.output
    assert other.exit_code == 1 and "đơn vị 'a', không phải của đơn vị 'b'" in other.output
    assert not (data / "2024" / "h1" / "a.yaml").exists()
    right = _run(data, "import-scores", str(path))  # the sheet says whose it is
    assert right.exit_code == 0, right.output
    assert (data / "2024" / "h1" / "a.yaml").is_file()


def test_a_file_that_is_not_an_exported_sheet_is_refused(data, tmp_path):
    plain = tmp_path / "khac.xlsx"
    openpyxl.Workbook().save(plain)
    text = tmp_path / "ghi-chu.xlsx"
    text.write_text("không phải Excel", encoding="utf-8")
    not_ours = _run(data, "import-scores", str(plain), "--unit", "a")
    broken = _run(data, "import-scores", str(text), "--unit", "a")
    missing = _run(data, "import-scores", str(tmp_path / "khong-co.xlsx"), "--unit", "a")
    assert not_ours.exit_code == 1 and "export-sheet" in not_ours.output
    assert broken.exit_code == 1 and "không phải tệp Excel .xlsx" in broken.output
    assert missing.exit_code == 1 and "Không có tệp" in missing.output


def test_sheet_missing_a_criterion_row_is_reported(data, tmp_path):
    path = _export(data, tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Bảng điểm"]
    keys = _rows(ws)
    ws.cell(row=keys["c:1.1"][0], column=6).value = None  # a clerk wiped the key
    ws.cell(row=keys["c:1.2"][0], column=4, value=3)
    ws.cell(row=keys["c:2.1"][0], column=4, value=3)
    wb.save(path)
    result = _run(data, "import-scores", str(path), "--unit", "a")
    assert result.exit_code == 1
    assert "thiếu tiêu chí 1.1" in result.output
