"""The Excel sheet of a deep scoring sheet (examples/cong-an-huyen): every group with a live subtotal,
stepped levels as a dropdown, figure, target and evidence cells, a "không giao" mark; and the round
trip export -> fill -> import back to the same self-report and the same ranking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from conftest import ROOT, copy_data, run_thidua

from thidua.reading.loader import load_year

EXAMPLE = ROOT / "examples" / "cong-an-huyen" / "data"
UNITS = ("ca-huyen-ba-vi", "ca-huyen-dong-son", "ca-tp-binh-xanh")


@pytest.fixture
def data(tmp_path):
    return copy_data(EXAMPLE, tmp_path)


def _ok(*args, data):
    result = run_thidua(*args, data=data)
    assert result.exit_code == 0, result.output
    return result.output


def _export(data, unit, path):
    _ok("export-sheet", "2024", "--unit", unit, "-o", str(path), data=data)
    return path


def _keys(ws):
    return {ws.cell(row=r, column=6).value: r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=6).value}


def _report(data, unit):
    loaded, _ = load_year(data, 2024)
    return loaded.periods["year"].reports[unit]


def _content(report):
    """What a self-report says, without where it says it."""
    return ({k: s.value for k, s in report.scores.items()},
            {k: (f.value, f.target) for k, f in report.figures.items()}, tuple(sorted(report.not_assigned)),
            {k: (e.number, e.date, e.issuer) for k, e in report.evidence.items()}, report.submitted)


def test_every_group_level_has_a_subtotal_formula_over_its_children(data, tmp_path):
    ws = openpyxl.load_workbook(_export(data, "ca-huyen-ba-vi", tmp_path / "s.xlsx"))["Bảng điểm"]
    keys = _keys(ws)
    top = keys["g:I"]
    assert ws.cell(row=top, column=4).value == "=SUM(" + ",".join(
        f"D{keys['g:' + g]}" for g in ("I.1", "I.2", "I.3", "I.4", "I.5", "I.6")) + ")"
    assert ws.cell(row=keys["g:I.1"], column=4).value == f"=SUM(D{keys['c:I.1.1']}:D{keys['c:I.1.3']})"
    assert ws.cell(row=keys["g:I.2.1.2"], column=4).value == f"=SUM(D{keys['c:I.2.1.2.b']}:D{keys['c:I.2.1.2.b']})"
    indents = [ws.cell(row=keys[k], column=2).alignment.indent for k in ("g:I", "g:I.2", "g:I.2.1", "g:I.2.1.1")]
    assert indents == [0, 1, 2, 3]
    assert "c:I.3.3" not in keys and "c:I.3.5" in keys  # a sheet per category: the district's criteria only


def test_a_stepped_criterion_is_a_dropdown_of_its_levels(data, tmp_path):
    wb = openpyxl.load_workbook(_export(data, "ca-huyen-ba-vi", tmp_path / "s.xlsx"))
    ws = wb["Bảng điểm"]
    row = _keys(ws)["c:I.6.2"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and f"D{row}" in str(dv.sqref)]
    assert len(lists) == 1
    first, last = (int(part.split("$")[-1]) for part in lists[0].formula1.split("!")[1].split(":"))
    levels = wb["Mức điểm"]
    assert [(levels.cell(row=r, column=2).value, levels.cell(row=r, column=3).value) for r in range(first, last + 1)] \
        == [(8, "Báo cáo đúng hạn, đầy đủ"), (6, "Thiếu 2 báo cáo tháng"),
            (4, "Thiếu 1 báo cáo quý hoặc 3 báo cáo tháng"), (0, "Thiếu nhiều hơn")]


def test_computed_criteria_have_figure_and_target_cells_instead_of_a_score(data, tmp_path):
    ws = openpyxl.load_workbook(_export(data, "ca-huyen-ba-vi", tmp_path / "s.xlsx"))["Bảng điểm"]
    keys = _keys(ws)
    assert ws.cell(row=keys["c:I.2.1.1.a"], column=4).value == "tính từ số liệu"
    assert ws.cell(row=keys["f:an-dieu-tra"], column=4).value == 68
    assert ws.cell(row=keys["t:an-dieu-tra"], column=4).value == 75
    assert "t:tin-bao" not in keys  # leader-ratio: no target
    assert ws.cell(row=keys["e:II.1:number"], column=4).value == "15/QĐ-ĐU"
    assert ws.cell(row=keys["c:II.2"], column=4).value == "do cơ quan chấm"


def test_round_trip_gives_the_same_reports_and_the_same_ranking(data, tmp_path):
    before = {u: _content(_report(data, u)) for u in UNITS}
    ranking = _ok("rank", "2024", "--format", "csv", data=data)
    sheets = [_export(data, u, tmp_path / f"{u}.xlsx") for u in UNITS]
    for unit in UNITS:
        (data / "2024" / "year" / f"{unit}.yaml").unlink()
    _ok("import-scores", *sheets, data=data)
    assert {u: _content(_report(data, u)) for u in UNITS} == before
    written = (data / "2024" / "year" / "ca-huyen-dong-son.yaml").read_text(encoding="utf-8")
    assert "# I. Thực hiện nhiệm vụ chuyên môn (tối đa 700 điểm)" in written  # the unit's category's maximum
    assert _ok("rank", "2024", "--format", "csv", data=data) == ranking


def test_an_unchanged_sheet_imported_with_force_leaves_the_report_as_written(data, tmp_path):
    report = data / "2024" / "year" / "ca-huyen-dong-son.yaml"
    text = report.read_text(encoding="utf-8")
    _ok("import-scores", _export(data, "ca-huyen-dong-son", tmp_path / "s.xlsx"), "--force", data=data)
    assert report.read_text(encoding="utf-8") == text


def test_filled_cells_become_figures_not_assigned_and_evidence(data, tmp_path):
    path = _export(data, "ca-huyen-ba-vi", tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Bảng điểm"]
    keys = _keys(ws)
    ws.cell(row=keys["c:I.2.3.1"], column=7, value="x")  # not assigned: its figure and target left blank
    ws.cell(row=keys["f:an-kinh-te"], column=4).value = None
    ws.cell(row=keys["t:an-kinh-te"], column=4).value = None
    ws.cell(row=keys["f:ma-tuy"], column=4, value="24,5")
    ws.cell(row=keys["c:I.6.2"], column=4, value=4)
    ws.cell(row=keys["e:II.1:date"], column=4, value="21/12/2024")
    wb.save(path)
    _ok("import-scores", path, "--force", data=data)
    report = _report(data, "ca-huyen-ba-vi")
    assert report.not_assigned == ("I.2.3.1",)
    assert "an-kinh-te" not in report.figures
    assert report.figures["ma-tuy"].value == Decimal("24.5") and report.figures["ma-tuy"].target == 30
    assert report.scores["I.6.2"].value == 4
    assert report.evidence["II.1"].date == dt.date(2024, 12, 21)
    assert "Có lỗi" not in _ok("validate", "2024", data=data)


def test_bad_cells_are_each_located_in_one_run(data, tmp_path):
    path = _export(data, "ca-huyen-ba-vi", tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Bảng điểm"]
    keys = _keys(ws)
    ws.cell(row=keys["c:I.6.2"], column=4, value=5)  # not a level
    ws.cell(row=keys["f:an-dieu-tra"], column=4).value = None  # a figure missing
    ws.cell(row=keys["t:ma-tuy"], column=4, value=0)  # a zero target
    ws.cell(row=keys["c:I.1.1"], column=7, value="x")  # not assigned and scored
    ws.cell(row=keys["e:II.1:date"], column=4, value="hôm qua")  # a malformed date
    ws.cell(row=keys["e:II.1:issuer"], column=4).value = None  # a part of the evidence missing
    wb.save(path)
    result = run_thidua("import-scores", path, "--force", data=data)
    assert result.exit_code == 1, result.output
    out = result.output
    for cell, code in ((f"D{keys['c:I.6.2']}", "cell-not-a-level"), (f"D{keys['f:an-dieu-tra']}", "missing-figure"),
                       (f"D{keys['t:ma-tuy']}", "bad-target"), (f"G{keys['c:I.1.1']}", "unassigned-scored"),
                       (f"D{keys['e:II.1:date']}", "cell-not-a-date"),
                       (f"D{keys['e:II.1:issuer']}", "missing-evidence")):
        assert f"Bảng điểm!{cell}: lỗi:" in out and f"[{code}]" in out, (cell, code, out)
    assert "Traceback" not in out
    assert "Thiếu nhiều hơn" in out  # the levels are named


def test_an_evidence_cell_pasted_with_a_control_character_is_refused(data, tmp_path):
    path = _export(data, "ca-huyen-ba-vi", tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Bảng điểm"]
    row = _keys(ws)["e:II.1:issuer"]
    ws.cell(row=row, column=4, value="Đảng ủy\x7fCông an tỉnh")
    wb.save(path)
    result = run_thidua("import-scores", path, "--force", data=data)
    assert result.exit_code == 1 and f"Bảng điểm!D{row}: lỗi:" in result.output, result.output
    assert "[cell-control-char]" in result.output


def test_a_sheet_without_figure_evidence_or_mark_cells_keeps_the_reports_own(data, tmp_path):
    """A deep sheet exported by an older thidua had rows for hand-scored criteria only."""
    before = _content(_report(data, "ca-huyen-dong-son"))
    path = _export(data, "ca-huyen-dong-son", tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Bảng điểm"]
    for key, row in _keys(ws).items():
        if key[:2] in ("f:", "t:", "e:"):
            ws.cell(row=row, column=6).value = None
    ws.cell(row=6, column=7).value = None
    wb.save(path)
    _ok("import-scores", path, "--force", data=data)
    assert _content(_report(data, "ca-huyen-dong-son")) == before
