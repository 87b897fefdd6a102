"""README.md shows what thidua really prints: its examples on the sample bloc are re-run here.

Checked: the examples that run on the sample as shipped and are printed whole (no `...`), and the
walk-through, rebuilt from `thidua init` as a clerk does it (the bloc.yaml filled in, two Excel sheets
filled with openpyxl). The examples on a broken copy of the sample, and `--help` (click wraps it to
the terminal's width), were pasted from a run by hand.
"""
from __future__ import annotations

import datetime as dt
import re
import shlex

import pytest

from conftest import ROOT, SAMPLE, copy_data, run_thidua

CHECKED = ["thidua rank 2020", "thidua rank 2020 --half 1", "thidua units",
           "thidua history cong-an"]


def readme_examples() -> dict:
    """Each `$ thidua ...` line of README's code blocks (its first occurrence) -> the lines after it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples: dict = {}
    for block in re.findall(r"^```\n(.*?)^```$", text, re.S | re.M):
        command = None
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:] if line[2:] not in examples else None
                if command is not None:
                    examples[command] = []
            elif command is not None:
                examples[command].append(line)
    return examples


@pytest.mark.parametrize("command", CHECKED)
def test_readme_output_is_what_the_tool_prints(command, workdir):
    copy_data(SAMPLE, workdir)
    shown = readme_examples()[command]
    while shown and not shown[-1]:
        shown.pop()

    result = run_thidua(*shlex.split(command)[1:])

    assert result.exit_code == 0, result.output
    assert result.output.rstrip("\n").split("\n") == shown


# --- the walk-through "Một kỳ báo cáo từ đầu đến cuối", rebuilt step by step -----------------------

WALK_UNITS = [("cong-an", "Công an tỉnh Bắc Giang", "Công an tỉnh"),
              ("tand", "Tòa án nhân dân tỉnh Bắc Giang", "TAND tỉnh"),
              ("vksnd", "Viện kiểm sát nhân dân tỉnh Bắc Giang", "VKSND tỉnh"),
              ("thanh-tra", "Thanh tra tỉnh Bắc Giang", "Thanh tra tỉnh")]


def walk_through_examples() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text[text.index("## Một kỳ báo cáo từ đầu đến cuối"):]
    part = part[:part.index("\n## ", 1) if "\n## " in part[1:] else len(part)]
    examples: dict = {}
    for block in re.findall(r"^```\n(.*?)^```$", part, re.S | re.M):
        command = None
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:]
                examples[command] = []
            elif command is not None:
                examples[command].append(line)
    return examples


def fill_bloc(path):
    """What the clerk writes into the bloc.yaml of `thidua init`: the bloc, four real units."""
    text = path.read_text(encoding="utf-8")
    for old, new in [("name: Khối thi đua các cơ quan ... tỉnh ...    # THAY: tên đầy đủ của Khối",
                      "name: Khối thi đua các cơ quan Nội chính tỉnh"),
                     ('place: Tên tỉnh                  # THAY: địa danh ở dòng "..., ngày ... tháng ... năm ..."',
                      "place: Bắc Giang"),
                     ("authority: Ủy ban nhân dân tỉnh ...                       # THAY: cấp trình khen thưởng",
                      "authority: Ủy ban nhân dân tỉnh Bắc Giang"),
                     ("council: Hội đồng Thi đua - Khen thưởng tỉnh ...          # THAY",
                      "council: Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang"),
                     ("chair: don-vi-a                  #", "chair: cong-an                   #"),
                     ("vice_chairs: [don-vi-b]          #", "vice_chairs: [tand]              #"),
                     ("order: [don-vi-a, don-vi-b, don-vi-c, don-vi-d]", "order: [cong-an, tand, vksnd, thanh-tra]")]:
        assert old in text, old
        text = text.replace(old, new)
    units = "".join(f"  - id: {uid}\n    name: {name}\n    short_name: {short}\n    registered: [co-tinh]\n"
                    for uid, name, short in WALK_UNITS)
    start, end = text.index("units:\n"), text.index("\n# Văn bản căn cứ")
    path.write_text(text[:start] + "units:\n" + units + text[end:], encoding="utf-8")


def fill_sheet(path, scores, bonus, submitted, staff, women, achievements, limitations):
    """A unit's clerk fills the sheet in Excel: scores, a bonus line, the "Thông tin" page."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["Bảng điểm"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    for code, value in scores.items():
        cell = sheet.cell(row=rows[code], column=4)
        cell.value = value
        if isinstance(value, dt.datetime):
            cell.number_format = "dd/mm/yyyy"  # what Excel makes of "4.5" typed in a Vietnamese locale
    for offset, (points, reason) in enumerate(bonus):
        sheet.cell(row=rows["+"] - 2 + offset, column=2).value = reason  # rows["+"] is the last "+" row
        sheet.cell(row=rows["+"] - 2 + offset, column=4).value = points
    info = book["Thông tin"]
    info["B5"], info["B6"], info["B7"] = submitted, staff, women
    info["B5"].number_format, info["B7"].number_format = "dd/mm/yyyy", "0%"
    for offset, line in enumerate(achievements):
        info.cell(row=10 + offset, column=2).value = line
    for offset, line in enumerate(limitations):
        info.cell(row=18 + offset, column=2).value = line
    book.save(path)


def test_the_walk_through_is_what_the_tool_prints(workdir, monkeypatch):
    shown = walk_through_examples()

    def step(command):
        result = run_thidua(*shlex.split(command)[1:])
        lines = shown[command]
        while lines and not lines[-1]:
            lines.pop()
        assert "Traceback" not in result.output
        assert result.output.rstrip("\n").split("\n") == lines, command
        return result

    step("thidua init khoi-noi-chinh --year 2026")
    monkeypatch.chdir(workdir / "khoi-noi-chinh")
    fill_bloc(workdir / "khoi-noi-chinh" / "data" / "2026" / "bloc.yaml")
    for template in (workdir / "khoi-noi-chinh" / "data" / "2026" / "h1").glob("don-vi-*.yaml"):
        template.unlink()
    step("thidua validate")
    step("thidua prepare --half 1")
    fill_sheet("phieu/bang-diem-cong-an-2026-6-thang.xlsx",
               {"1.1": 5, "1.2": 10, "1.3": 5, "2.1": 29, "2.2": 9.5, "2.3": 9.5, "3.1": 9.5, "3.2": 5,
                "4.1": 5, "4.2": 4, "4.3": 4.5},
               [(1, "Được tặng Bằng khen của Bộ Công an (Quyết định số 1234/QĐ-BCA ngày 20/4/2026)")],
               dt.datetime(2026, 6, 12), 1850, 0.18,
               ["Bảo đảm tuyệt đối an ninh, an toàn các sự kiện chính trị trên địa bàn."],
               ["Tội phạm sử dụng công nghệ cao còn diễn biến phức tạp."])
    fill_sheet("phieu/bang-diem-tand-2026-6-thang.xlsx",
               {"1.1": 5, "1.2": 9, "1.3": 5, "2.1": 28.5, "2.2": 9.5, "2.3": 9.5, "3.1": 10, "3.2": 5,
                "4.1": 5, "4.2": dt.datetime(2026, 5, 4), "4.3": 4},
               [], dt.datetime(2026, 6, 17), 160, 0.46,
               ["Giải quyết 92% số vụ án thụ lý, vượt chỉ tiêu Quốc hội giao."],
               ["Còn án bị hủy, sửa do lỗi chủ quan."])
    imported = step("thidua import-scores phieu/bang-diem-cong-an-2026-6-thang.xlsx "
                    "phieu/bang-diem-tand-2026-6-thang.xlsx")
    assert imported.exit_code == 1
    fill_sheet("phieu/bang-diem-tand-2026-6-thang.xlsx", {"4.2": "4,5"}, [], dt.datetime(2026, 6, 17), 160,
               0.46, [], [])
    step("thidua import-scores phieu/bang-diem-tand-2026-6-thang.xlsx")
    step("thidua status --half 1 --on 20/6/2026 --ics lich-2026.ics")
    step("thidua rank --half 1")
    step("thidua report --half 1 -o so-ket.docx")
    assert (workdir / "khoi-noi-chinh" / "so-ket.docx").stat().st_size > 0
