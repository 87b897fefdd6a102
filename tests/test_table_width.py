"""Text tables fit the terminal's width; CSV for Excel in Vietnamese (`;`); `units` in csv and xlsx."""

from __future__ import annotations

import openpyxl

from tests.conftest import SAMPLE, run_thidua
from thidua.rendering.table import simple, width


def test_a_table_within_the_width_is_as_before():
    rows = [["Công an tỉnh", "95,5"]]
    assert simple(rows, ["Đơn vị", "Điểm"], ["left", "right"], max_width=80) == simple(rows, ["Đơn vị", "Điểm"],
                                                                                      ["left", "right"])


def test_a_wide_table_breaks_headers_and_wraps_names_to_fit():
    rows = [["1", "Bộ Chỉ huy Quân sự tỉnh Bắc Giang", "Cờ thi đua của Ủy ban nhân dân tỉnh", "95,5"]]
    out = simple(rows, ["STT", "Tên đơn vị", "Đăng ký thi đua", "Tổng điểm"], ["right", "left", "left", "right"],
                 max_width=60)
    assert out.splitlines() == [
        "                                                        Tổng",
        "STT  Tên đơn vị               Đăng ký thi đua           điểm",
        "---  -----------------------  ------------------------  ----",
        "  1  Bộ Chỉ huy Quân sự tỉnh  Cờ thi đua của Ủy ban     95,5",
        "     Bắc Giang                nhân dân tỉnh",
    ]


def test_rank_detail_fits_a_100_column_terminal():
    result = run_thidua("rank", "2020", "--detail", data=SAMPLE, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert max(width(line) for line in result.output.splitlines()) <= 100
    assert "Công an tỉnh    19,5" in result.output


def test_rank_to_a_file_or_pipe_keeps_whole_lines():
    result = run_thidua("rank", "2020", "--detail", data=SAMPLE)
    assert max(width(line) for line in result.output.splitlines()) > 100


def test_csv_with_semicolons_for_excel_in_vietnamese():
    result = run_thidua("rank", "2020", "--format", "csv", "--csv-sep", ";", data=SAMPLE)
    lines = result.stdout_bytes.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "STT;Hạng;Đơn vị;Tự chấm;Thẩm định;Điểm thưởng;Điểm trừ;Tổng điểm;Xếp loại;Ghi chú"
    assert lines[1].startswith("1;1;Công an tỉnh;96;95,5;2;0;97,5;Xuất sắc;")
    nominated = run_thidua("nominate", "2020", "--format", "csv", "--csv-sep", ";", data=SAMPLE)
    assert nominated.exit_code == 0 and ";" in nominated.output.splitlines()[0]


def test_units_as_csv_and_xlsx(workdir):
    csv = run_thidua("units", "2020", "--format", "csv", data=SAMPLE)
    assert csv.stdout_bytes.decode("utf-8-sig").split("\r\n")[0] == "Mã,Tên đơn vị,Tên ngắn,Nhóm,Vai trò,Đăng ký thi đua"
    assert "tand,Tòa án nhân dân tỉnh Bắc Giang,TAND tỉnh,,Trưởng khối," in csv.output
    made = run_thidua("units", "2020", "--format", "xlsx", "-o", "don-vi.xlsx", data=SAMPLE)
    assert made.exit_code == 0, made.output
    ws = openpyxl.load_workbook(workdir / "don-vi.xlsx").active
    assert ws["A4"].value == "Mã" and ws["A2"].value == "DANH SÁCH ĐƠN VỊ THÀNH VIÊN NĂM 2020"
    assert sorted(ws.cell(row=r, column=1).value for r in range(5, 12)) == sorted(
        ["bchqs", "cong-an", "so-tu-phap", "tand", "thads", "thanh-tra", "vksnd"])
    again = run_thidua("units", "2020", "--format", "xlsx", "-o", "don-vi.xlsx", data=SAMPLE)
    assert again.exit_code == 1 and "đã có" in again.output
    no_file = run_thidua("units", "--format", "xlsx", data=SAMPLE)
    assert no_file.exit_code == 2


def test_width_counts_each_character_as_the_unicode_tables_say():
    import unicodedata

    from hypothesis import given, strategies as st

    @given(st.text(st.sampled_from(list("aăâđêôơưáàảãạ漢字 x1-\u0301\u0300\u0323")) | st.characters(), max_size=30))
    def same(text):
        assert width(text) == sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF"
                                  else 1 for ch in text)

    same()
