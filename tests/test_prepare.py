"""`thidua prepare`: the round's blanks for every unit, never replacing what exists."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.conftest import SAMPLE, copy_data, run_thidua
from thidua.commands.common import load_checked
from thidua.rendering.xlsx import KEY_COLUMN, marker


def test_prepare_writes_a_blank_report_and_a_sheet_for_every_unit(workdir):
    data = copy_data(SAMPLE, workdir)
    (data / "2020" / "year").rename(workdir / "old-year")  # the year's reports not sent yet
    result = run_thidua("prepare", "2020", "--half", "2", data=data)
    assert result.exit_code == 0, result.output
    units = ["bchqs", "cong-an", "so-tu-phap", "tand", "thads", "thanh-tra", "vksnd"]
    assert sorted(p.stem for p in (data / "2020" / "year").glob("*.yaml")) == units
    assert sorted(p.name for p in (workdir / "phieu").iterdir()) == [f"bang-diem-{u}-2020.xlsx" for u in units]
    checked = load_checked(data, 2020, "year")
    assert checked.errors == []
    reports = checked.year.periods["year"].reports
    assert all(r.blank for r in reports.values()) and set(reports) == set(units)
    ws = load_workbook(workdir / "phieu" / "bang-diem-tand-2020.xlsx").worksheets[0]
    assert ws.cell(row=1, column=KEY_COLUMN).value == marker("tand", 2020, "year")


def test_prepare_never_replaces_a_report_and_says_which_it_skipped(workdir):
    data = copy_data(SAMPLE, workdir)
    before = (data / "2020" / "h1" / "tand.yaml").read_bytes()
    result = run_thidua("prepare", "2020", "--half", "1", "--no-sheets", data=data)
    assert result.exit_code == 0, result.output
    assert (data / "2020" / "h1" / "tand.yaml").read_bytes() == before
    assert "Bỏ qua data/2020/h1/tand.yaml (đã có, không ghi đè)" in result.output
    assert "đã tạo 0 tệp, bỏ qua 7 tệp đã có" in result.output
    assert not (workdir / "phieu").exists()


def test_a_sent_report_is_not_blank_and_its_sheet_is_prefilled(workdir):
    data = copy_data(SAMPLE, workdir)
    assert not load_checked(data, 2020, "h1").year.periods["h1"].reports["tand"].blank
    result = run_thidua("prepare", "2020", "--half", "1", "--sheets", "out", data=data)
    assert result.exit_code == 0, result.output
    ws = load_workbook(workdir / "out" / "bang-diem-tand-2020-6-thang.xlsx").worksheets[0]
    keys = {ws.cell(row=r, column=KEY_COLUMN).value: ws.cell(row=r, column=4).value for r in range(2, ws.max_row + 1)}
    assert keys["c:2.1"] == 29


def test_prepare_refuses_a_bloc_with_errors(workdir):
    data = copy_data(SAMPLE, workdir)
    bloc = data / "2020" / "bloc.yaml"
    bloc.write_text(bloc.read_text(encoding="utf-8").replace("chair: tand", "chair: khong-co"), encoding="utf-8")
    result = run_thidua("prepare", "2020", "--half", "2", data=data)
    assert result.exit_code == 1
    assert "bloc.yaml của năm 2020 có lỗi" in result.output
    assert not (workdir / "phieu").exists()


def test_prepared_blanks_are_not_ranked_as_zero(workdir):
    data = copy_data(SAMPLE, workdir)
    (data / "2020" / "year" / "tand.yaml").unlink()
    assert run_thidua("prepare", "2020", "--no-sheets", data=data).exit_code == 0
    result = run_thidua("rank", "2020", data=data)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "TAND tỉnh" in line)
    assert line.split()[0] == "7" and line.endswith("Chưa nộp báo cáo")


def test_an_untouched_init_is_not_ranked_with_zero_points(workdir):
    assert run_thidua("init", "khoi", "--year", "2026").exit_code == 0
    result = run_thidua("rank", "2026", "--half", "1", data=workdir / "khoi" / "data")
    assert result.exit_code == 1
    assert ("Chưa có báo cáo tự chấm điểm nào cho kỳ 6 tháng đầu năm của năm 2026 (thư mục "
            "khoi/data/2026/h1) (4 tệp trong đó đều là mẫu chưa điền") in result.output
