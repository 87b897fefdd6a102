"""Excel in and out.

- `sheet_workbook`: one unit's scoring sheet to fill in (criteria under their group headings, the
  maximum, an input column "Tự chấm" limited to 0..max, bonus and deduction lines, totals as
  formulas), ready to print on A4 (`thidua export-sheet`).
- `read_filled_sheet`: reads that sheet back, for the unit's self-report YAML (`thidua
  import-scores`). Every bad cell is reported with its sheet and cell ("Bảng điểm!D7") in one run.
- `ranking_workbook`: the bloc's score table (bảng tổng hợp điểm) for `thidua rank --format xlsx`.

The commands (`thidua.commands`) read and write the files; this module makes and reads workbooks.

Rows are found by a hidden key column (F), not by position, so a clerk may insert rows or
retouch labels. openpyxl is imported inside the functions that need it.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Tuple

from thidua import model as m
from thidua.errors import ThiduaError
from thidua.numbers import fmt_number, parse_date, parse_decimal, parse_share, plain_number
from thidua.problems import ERROR, LEVEL_WORDS, shown
from thidua.rendering.selfreport import PointsLine, entries_of
from thidua.rendering.table import is_formula_like

SHEET_NAME = "Bảng điểm"
MARK = "thidua-bang-diem"
KEY_COLUMN = 6  # F: hidden keys, one a row
FONT = "Times New Roman"
INPUT_FILL = "FFF2CC"
BLANK_LINES = 3  # empty bonus / deduction lines offered besides the ones already claimed
MAX_NUMBER_TEXT = 40  # a score written as text ("8,5") is never longer
MAX_ROWS = 10_000  # an exported sheet has a few dozen rows; reading is a loop over all of them


class CellProblem(NamedTuple):
    """A problem in one cell of a filled-in sheet."""

    file: str
    cell: str  # "Bảng điểm!D7"; "" for the sheet as a whole
    level: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.cell}" if self.cell else self.file
        return shown(f"{where}: {LEVEL_WORDS[self.level]}: {self.message} [{self.code}]")


# --- styles ----------------------------------------------------------------

def _style(cell, bold=False, italic=False, size=12, align="left", wrap=True, border=True, fill=None,
           underline=None, indent=0):
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic, underline=underline)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap, indent=indent)
    if border:
        thin = Side(style="thin")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)


def _put(ws, row: int, col: int, value: Any = None, formula: bool = False, **style) -> Any:
    """A styled cell; text from the data is written as text, never as a formula (issue 17): a name
    or a reason such as `=HYPERLINK(...)` is shown, not run. Only `formula=True` makes a formula."""
    cell = ws.cell(row=row, column=col)
    if value is not None:
        cell.value = value
        if isinstance(value, str) and not formula:
            cell.data_type = "s"
            if is_formula_like(value):
                cell.quotePrefix = True  # and stays text when the clerk edits the cell
    _style(cell, **style)
    return cell


def _line(ws, row: int, first: int, last: int, text: str, **style) -> None:
    """Text across merged columns, without borders (title and signature lines)."""
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    _put(ws, row, first, text, border=False, **style)


def _height(texts: List[Tuple[str, float]], base: float = 16.5) -> float:
    """A row height that shows wrapped text: (text, column width) pairs; Excel does not grow rows itself."""
    lines = max((math.ceil(len(t) / max(w * 1.15, 1)) for t, w in texts if t), default=1)
    return base * max(lines, 1)


def _page(ws, landscape: bool, title_rows: str, last_col: str, last_row: int) -> None:
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    # Nghị định 30/2020: left 30-35 mm, right 15-20 mm, top and bottom 20-25 mm.
    ws.page_margins = PageMargins(left=1.18, right=0.59, top=0.79, bottom=0.79, header=0.3, footer=0.3)
    ws.print_title_rows = title_rows
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT


def _to_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- export-sheet ----------------------------------------------------------

def _period_title(period: str, year: int) -> str:
    return f"6 tháng đầu năm {year}" if period == "h1" else f"năm {year}"


def marker(unit_id: str, year: int, period: str) -> str:
    return f"{MARK}:{unit_id}:{year}:{period}"


def _own(group, category: Optional[str]):
    """The criteria under `group`, at every depth of the tree, that units of `category` are scored on."""
    return [item for _, item in group.walk() if isinstance(item, m.Criterion) and item.applies_to(category)]


def _levels_note(crit: m.Criterion) -> Optional[str]:
    """The levels a stepped (or pass-fail) criterion's score must be one of."""
    if crit.levels:
        return "Chọn một mức: " + "; ".join(f"{fmt_number(lv.points)} ({lv.when})" for lv in crit.levels)
    if crit.method == "pass-fail":
        return f"Đạt: {fmt_number(crit.max)}; không đạt: 0"
    return None


MARK_COLUMN = 7  # G, shown only when the sheet allows criteria not assigned: "x" marks one
LEVELS_NAME = "Mức điểm"
COMPUTED_WORD = "tính từ số liệu"
UNASSIGNED_WORDS = ("x", "không giao")
EVIDENCE_PARTS = (("number", "Số văn bản làm căn cứ"), ("date", "Ngày ban hành"), ("issuer", "Cơ quan ban hành"))


def choices(crit: m.Criterion) -> Tuple[Tuple[Decimal, str], ...]:
    """The (points, condition) a stepped or pass-fail criterion's score is one of; () for the others."""
    if crit.levels:
        return tuple((lv.points, lv.when) for lv in crit.levels)
    if crit.method == "pass-fail":
        return ((crit.max, "Đạt"), (Decimal(0), "Không đạt"))
    return ()


def _sum(refs: List[int]) -> str:
    """A subtotal over the D cells of `refs` rows: a range when they follow each other (a flat sheet)."""
    if not refs:
        return "=0"
    if refs == list(range(refs[0], refs[-1] + 1)):
        return f"=SUM(D{refs[0]}:D{refs[-1]})"
    return "=SUM(" + ",".join(f"D{r}" for r in refs) + ")"


def _tree(ws, sheet: m.Sheet, unit: m.Unit, report: Optional[m.SelfReport], row: int, widths, limit):
    """The rows of the criteria tree from `row`: every group with its live subtotal, indented by level; a
    hand-scored criterion with its input cell (a dropdown of its levels when stepped); a computed one with
    the input cells of its figure (and target); evidence cells where the sheet asks for them; a mark
    column G where a criterion may be not assigned. Returns the next row, the top groups' subtotal
    cells and the (criterion, cell) pairs whose dropdown `_levels_sheet` makes."""
    from openpyxl.worksheet.datavalidation import DataValidation

    category = unit.category
    scores = {k: s.value for k, s in report.scores.items()} if report else {}
    figures = dict(report.figures) if report else {}
    evidence = dict(report.evidence) if report else {}
    unassigned = set(report.not_assigned) if report else set()
    marks = sheet.unassigned != "none"
    mark_dv = None
    if marks:
        mark_dv = DataValidation(type="list", formula1='"x"', allow_blank=True, showErrorMessage=False,
                                 showInputMessage=True, promptTitle="Không giao chỉ tiêu",
                                 prompt="Ghi x nếu đơn vị không được giao chỉ tiêu này (không chấm).")
        ws.add_data_validation(mark_dv)
    deep = any(g.groups for g in sheet.groups)  # a flat sheet keeps its layout (and styles) as before
    shown_figures: Dict[str, int] = {}
    dropdowns: List[Tuple[m.Criterion, str]] = []
    position = [row]

    def key_row(key: str, level: int, code, text: str, **style) -> int:
        r = position[0]
        position[0] += 1
        _put(ws, r, 1, code, align="center", bold=style.get("bold", False))
        _put(ws, r, 2, text, indent=max(level - 1, 0) if deep else 0, **style)
        ws.cell(row=r, column=KEY_COLUMN, value=key)
        return r

    def input_row(key: str, level: int, text: str, value, wide: bool = False, date: bool = False) -> int:
        """A line under a criterion whose input is cell D (D:E merged for text), e.g. a figure."""
        r = key_row(key, level, None, text, italic=True)
        _put(ws, r, 3)
        cell = _put(ws, r, 4, value, align="left" if wide else "center", fill=INPUT_FILL)
        if date:
            cell.number_format = "dd/mm/yyyy"
        _put(ws, r, 5, fill=INPUT_FILL if wide else None)
        if wide:
            ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=5)
        if marks:
            _put(ws, r, MARK_COLUMN)
        ws.row_dimensions[r].height = _height([(text, widths["B"])])
        return r

    def criterion(crit: m.Criterion, level: int) -> Optional[int]:
        r = key_row(f"c:{crit.id}", level, crit.id, crit.name)
        _put(ws, r, 3, plain_number(crit.max), align="center")
        note = _levels_note(crit)
        ref = None
        if crit.self_scored:
            value = scores.get(crit.id)
            _put(ws, r, 4, None if value is None else plain_number(value), align="center", fill=INPUT_FILL)
            if choices(crit):
                dropdowns.append((crit, f"D{r}"))
            else:
                limit(f"D{r}", crit.max)
            ref = r
        elif crit.computed:
            _put(ws, r, 4, COMPUTED_WORD, italic=True, align="center", size=10)
            note = f"Điểm do thidua tính ({crit.method}) từ số liệu ghi dưới đây."
        else:
            _put(ws, r, 4, "do cơ quan chấm", italic=True, align="center", size=10)
            names = [s.name for s in sheet.scorers if s.id in crit.scored_by] or list(crit.scored_by)
            note = "Do " + ", ".join(names) + " chấm; đơn vị không tự chấm."
        _put(ws, r, 5, note)
        if marks:
            _put(ws, r, MARK_COLUMN, "x" if crit.id in unassigned else None, align="center", fill=INPUT_FILL)
            mark_dv.add(f"{ws.cell(row=r, column=MARK_COLUMN).coordinate}")
        ws.row_dimensions[r].height = _height([(crit.name, widths["B"])] + ([(note, widths["E"])] if note else []))
        if crit.computed and crit.figure:
            figure(crit, level + 1)
        if crit.evidence:
            ev = evidence.get(crit.id)
            for part, label in EVIDENCE_PARTS:
                input_row(f"e:{crit.id}:{part}", level + 1, f"{label} (tiêu chí {crit.id})",
                          getattr(ev, part) if ev else None, wide=True, date=part == "date")
        return ref

    def figure(crit: m.Criterion, level: int) -> None:
        fig = sheet.figure(crit.figure)
        if crit.figure in shown_figures:
            _put(ws, position[0] - 1, 5, f"Số liệu '{fig.name}' ghi ở dòng {shown_figures[crit.figure]}.")
            return
        got = figures.get(crit.figure)
        unit_word = f" ({fig.unit})" if fig.unit else ""
        r = input_row(f"f:{crit.figure}", level, f"Số liệu thực hiện: {fig.name}{unit_word}",
                      plain_number(got.value) if got else None)
        limit_figure(f"D{r}")
        shown_figures[crit.figure] = r
        if crit.method == "target-ratio":
            common = f" (để trống nếu theo chỉ tiêu chung {fmt_number(crit.target)})" if crit.target is not None else ""
            r = input_row(f"t:{crit.figure}", level, f"Chỉ tiêu được giao cho đơn vị{common}",
                          plain_number(got.target) if got and got.target is not None else None)
            limit_figure(f"D{r}")

    figure_dv = []

    def limit_figure(ref: str) -> None:
        if not figure_dv:
            figure_dv.append(DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                            allow_blank=True, showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
                                            error="Nhập một số không âm, ví dụ 125 hoặc 82,5."))
            ws.add_data_validation(figure_dv[0])
        figure_dv[0].add(ref)

    def group(grp: m.Group, level: int) -> int:
        r = key_row(f"g:{grp.id}", level, grp.id, grp.name, bold=True)
        _put(ws, r, 3, plain_number(sum((c.max for c in _own(grp, category)), Decimal(0))), bold=True, align="center")
        others = [c.id for c in _own(grp, category) if not c.self_scored]
        _put(ws, r, 5, f"Cộng điểm tự chấm, chưa gồm {', '.join(others)}" if others and level == 1 else None,
             size=10 if others else 12)
        if marks:
            _put(ws, r, MARK_COLUMN)
        ws.row_dimensions[r].height = _height([(grp.name, widths["B"])])
        refs = [criterion(c, level + 1) for c in grp.criteria if c.applies_to(category)]
        refs += [group(g, level + 1) for g in grp.groups if _own(g, category)]
        _put(ws, r, 4, _sum([x for x in refs if x is not None]), formula=True, bold=True, align="center")
        return r

    tops = [f"D{group(g, 1)}" for g in sheet.groups]
    return position[0], tops, dropdowns


def _levels_sheet(wb, dropdowns: List[Tuple[m.Criterion, str]], ws) -> None:
    """The sheet "Mức điểm": each stepped (or pass-fail) criterion's levels and conditions, the source of
    the dropdown of its input cell, so the clerk picks a level and the subtotals stay live."""
    if not dropdowns:
        return
    from openpyxl.worksheet.datavalidation import DataValidation

    levels = wb.create_sheet(LEVELS_NAME)
    for col, width in {"A": 12, "B": 10, "C": 60}.items():
        levels.column_dimensions[col].width = width
    _line(levels, 1, 1, 3, "CÁC MỨC ĐIỂM CỦA TIÊU CHÍ CHẤM THEO MỨC", bold=True, size=13, align="center")
    for col, text in enumerate(("Tiêu chí", "Số điểm", "Điều kiện"), start=1):
        _put(levels, 3, col, text, bold=True, align="center")
    row = 4
    for crit, cell in dropdowns:
        first = row
        for points, when in choices(crit):
            _put(levels, row, 1, crit.id, align="center")
            _put(levels, row, 2, plain_number(points), align="center")
            _put(levels, row, 3, when)
            row += 1
        listing = "; ".join(f"{fmt_number(p)}: {w}" for p, w in choices(crit))
        dv = DataValidation(type="list", formula1=f"'{LEVELS_NAME}'!$B${first}:$B${row - 1}", allow_blank=True,
                            showErrorMessage=True, errorTitle="Không có mức này",
                            error=f"Chọn một mức trong danh sách: {listing}"[:255],
                            showInputMessage=True, promptTitle=f"Chọn mức ({crit.id})"[:32],
                            prompt=listing[:255])
        ws.add_data_validation(dv)
        dv.add(cell)


def sheet_workbook(bloc: m.Bloc, sheet: m.Sheet, unit: m.Unit, period: str,
                   report: Optional[m.SelfReport] = None) -> bytes:
    """The .xlsx bytes of one unit's scoring sheet; `report` pre-fills the inputs when given."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    widths = {"A": 7, "B": 58, "C": 10, "D": 10, "E": 22, "F": 14}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    ws.column_dimensions["F"].hidden = True
    ws.cell(row=1, column=KEY_COLUMN, value=marker(unit.id, sheet.year, period))

    _line(ws, 1, 1, 5, bloc.name.upper(), bold=True, align="center")
    _line(ws, 2, 1, 5, f"BẢNG TỰ CHẤM ĐIỂM THI ĐUA {_period_title(period, sheet.year).upper()}", bold=True,
          size=14, align="center")
    _line(ws, 3, 1, 5, f"Đơn vị: {unit.name}", bold=True, align="center")
    _line(ws, 4, 1, 5, "(Ghi điểm tự chấm vào các ô tô màu ở cột \"Tự chấm\"; số thập phân viết 8,5. "
                       "Tổng điểm tự tính.)", italic=True, size=11, align="center")
    ws.row_dimensions[4].height = 30
    header = 6
    for col, text in enumerate(("Mã", "Nội dung tiêu chí", "Điểm tối đa", "Tự chấm", "Ghi chú"), start=1):
        _put(ws, header, col, text, bold=True, align="center")
    marks = sheet.unassigned != "none"
    if marks:
        ws.column_dimensions["G"].width = 11
        _put(ws, header, MARK_COLUMN, "Không giao (ghi x)", bold=True, align="center")
    ws.row_dimensions[header].height = 33
    ws.freeze_panes = ws.cell(row=header + 1, column=1)

    validations: Dict[Decimal, Any] = {}

    def limit(cell_ref: str, top: Decimal) -> None:
        if top not in validations:
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(top),
                                allow_blank=True, showErrorMessage=True, errorTitle="Điểm không hợp lệ",
                                error=f"Nhập một số từ 0 đến {fmt_number(top)}.",
                                showInputMessage=True, promptTitle="Tự chấm",
                                prompt=f"Từ 0 đến {fmt_number(top)} điểm.")
            ws.add_data_validation(dv)
            validations[top] = dv
        validations[top].add(cell_ref)

    row, group_cells, dropdowns = _tree(ws, sheet, unit, report, header + 1, widths, limit)
    total_row = row
    _put(ws, row, 1)
    _put(ws, row, 2, "Cộng điểm các tiêu chí", bold=True)
    _put(ws, row, 3, plain_number(sheet.max_for(unit.category)), bold=True, align="center")
    _put(ws, row, 4, "=" + "+".join(group_cells), formula=True, bold=True, align="center")
    _put(ws, row, 5)
    row += 1

    parts = [f"D{total_row}"]
    for key, cap, items, heading, sign in (
            ("bonus", sheet.bonus, report.bonus if report else (), "Điểm thưởng", "+"),
            ("deduction", sheet.deductions, report.deductions if report else (), "Điểm trừ", "−")):
        if cap is None:
            continue
        head_row = row
        what = "nội dung, căn cứ khen thưởng" if key == "bonus" else "lý do trừ điểm"
        _put(ws, row, 1, "")
        _put(ws, row, 2, f"{heading} (tối đa {fmt_number(cap.max)} điểm; mỗi khoản một dòng, ghi {what})",
             bold=True)
        _put(ws, row, 3, plain_number(cap.max), bold=True, align="center")
        _put(ws, row, 5)
        ws.row_dimensions[row].height = _height([(ws.cell(row=row, column=2).value, widths["B"])])
        row += 1
        lines = list(entries_of(items)) + [None] * BLANK_LINES
        for entry in lines:
            _put(ws, row, 1, sign, align="center")
            _put(ws, row, 2, entry.reason if entry else None, fill=INPUT_FILL)
            _put(ws, row, 3)
            _put(ws, row, 4, plain_number(entry.points) if entry else None, align="center", fill=INPUT_FILL)
            _put(ws, row, 5)
            limit(f"D{row}", cap.max)
            ws.cell(row=row, column=KEY_COLUMN, value=key)
            if entry:
                ws.row_dimensions[row].height = _height([(entry.reason, widths["B"])])
            row += 1
        _put(ws, head_row, 4, f"=MIN(SUM(D{head_row + 1}:D{row - 1}),{cap.max})", formula=True, bold=True, align="center")
        parts.append(("+" if key == "bonus" else "-") + f"D{head_row}")

    _put(ws, row, 1)
    _put(ws, row, 2, "TỔNG ĐIỂM TỰ CHẤM", bold=True)
    _put(ws, row, 3)
    _put(ws, row, 4, f"=MAX(0,{''.join(parts)})", formula=True, bold=True, align="center")
    _put(ws, row, 5)
    last_table_row = row

    row += 2
    _line(ws, row, 4, 5, f"{bloc.place}, ngày ... tháng ... năm {sheet.year}", italic=True, align="center")
    row += 1
    _line(ws, row, 1, 2, "NGƯỜI LẬP BIỂU", bold=True, align="center")
    _line(ws, row, 4, 5, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, align="center")
    row += 1
    _line(ws, row, 1, 2, "(Ký, ghi rõ họ tên)", italic=True, align="center")
    _line(ws, row, 4, 5, "(Ký tên, đóng dấu)", italic=True, align="center")
    _page(ws, landscape=False, title_rows=f"{header}:{header}", last_col="G" if marks else "E",
          last_row=max(row + 4, last_table_row))
    _info_sheet(wb, bloc, sheet, unit, period, report)
    _levels_sheet(wb, dropdowns, ws)
    return _to_bytes(wb)


def default_sheet_name(unit_id: str, year: int, period: str) -> str:
    return f"bang-diem-{unit_id}-{year}{'-6-thang' if period == 'h1' else ''}.xlsx"


# --- the sheet "Thông tin": what the report holds besides scores ----------------

INFO_NAME = "Thông tin"
INFO_MARK = "thidua-thong-tin"
ACHIEVEMENT_LINES = 6
LIMITATION_LINES = 4
CASE_LINES = 3
CASE_WORDS = {"discipline": "Kỷ luật", "investigation": "Điều tra, thanh tra có dấu hiệu vi phạm",
              "complaint": "Khiếu nại, tố cáo", "routine": "Thanh tra, kiểm tra theo kế hoạch"}
"""A pending case's kind as the sheet's list offers it (model.Case.kind: the code, in the YAML)."""


class SheetInfo(NamedTuple):
    """What the sheet "Thông tin" holds; None (or ()) where the clerk left it blank."""

    submitted: Optional[dt.date] = None
    staff: Optional[int] = None
    women_share: Optional[Decimal] = None
    achievements: Tuple[str, ...] = ()
    limitations: Tuple[str, ...] = ()
    cases: Tuple[Tuple[str, Optional[str], Optional[dt.date]], ...] = ()  # (kind, note, until)


def _info_sheet(wb, bloc: m.Bloc, sheet: m.Sheet, unit: m.Unit, period: str, report: Optional[m.SelfReport]) -> None:
    """The second worksheet: date sent, staff, women's share, achievements, limitations, pending cases."""
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(INFO_NAME)
    for col, width in {"A": 34, "B": 62, "C": 14, "F": 14}.items():
        ws.column_dimensions[col].width = width
    ws.column_dimensions["F"].hidden = True
    ws.cell(row=1, column=KEY_COLUMN, value=INFO_MARK)
    _line(ws, 1, 1, 3, f"THÔNG TIN KÈM BẢNG TỰ CHẤM ĐIỂM {_period_title(period, sheet.year).upper()}", bold=True,
          size=13, align="center")
    _line(ws, 2, 1, 3, f"Đơn vị: {unit.name}", bold=True, align="center")
    _line(ws, 3, 1, 3, "(Ghi vào các ô tô màu; ngày viết 15/7/" f"{sheet.year}, tỷ lệ viết 72%. Ô để trống thì "
                       "giữ nguyên thông tin đã có.)", italic=True, size=11, align="center")
    ws.row_dimensions[3].height = 30
    facts = report.facts if report else m.Facts()
    row = 5
    for key, label, value, fmt in (
            ("submitted", "Ngày gửi báo cáo", report.submitted if report else None, "dd/mm/yyyy"),
            ("staff", "Tổng số cán bộ, công chức, người lao động", facts.staff, "0"),
            ("women_share", "Tỷ lệ nữ", plain_number(facts.women_share), "0%")):
        _put(ws, row, 1, label, bold=True)
        cell = _put(ws, row, 2, value, fill=INPUT_FILL, align="left")
        cell.number_format = fmt
        ws.cell(row=row, column=KEY_COLUMN, value=key)
        row += 1
    for key, heading, lines, known in (
            ("achievement", "KẾT QUẢ NỔI BẬT (mỗi ý một dòng)", ACHIEVEMENT_LINES, report.achievements if report else ()),
            ("limitation", "TỒN TẠI, HẠN CHẾ (mỗi ý một dòng)", LIMITATION_LINES, report.limitations if report else ())):
        row += 1
        _line(ws, row, 1, 3, heading, bold=True)
        row += 1
        texts = list(known) + [None] * max(lines - len(known), 1)
        for number, text in enumerate(texts, start=1):
            _put(ws, row, 1, f"{number}.", align="center")
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            _put(ws, row, 2, text, fill=INPUT_FILL)
            _put(ws, row, 3)
            ws.cell(row=row, column=KEY_COLUMN, value=key)
            ws.row_dimensions[row].height = _height([(text or "", 76)])
            row += 1
    row += 1
    _line(ws, row, 1, 3, "VỤ VIỆC ĐANG XEM XÉT (kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo; nếu có)", bold=True)
    row += 1
    for col, text in enumerate(("Loại vụ việc", "Mô tả ngắn", "Đến ngày"), start=1):
        _put(ws, row, col, text, bold=True, align="center")
    row += 1
    kinds = DataValidation(type="list", formula1='"' + ",".join(w.replace(",", " -") for w in CASE_WORDS.values()) + '"',
                           allow_blank=True, showErrorMessage=False)
    ws.add_data_validation(kinds)
    cases = list(facts.pending_cases) + [None] * max(CASE_LINES - len(facts.pending_cases), 1)
    for case in cases:
        _put(ws, row, 1, _case_word(case.kind) if case else None, fill=INPUT_FILL)
        _put(ws, row, 2, case.note if case else None, fill=INPUT_FILL)
        _put(ws, row, 3, case.until if case else None, fill=INPUT_FILL, align="center").number_format = "dd/mm/yyyy"
        kinds.add(f"A{row}")
        ws.cell(row=row, column=KEY_COLUMN, value="case")
        row += 1
    _page(ws, landscape=False, title_rows="1:2", last_col="C", last_row=row)


def _case_word(kind: str) -> str:
    """The list's words hold no comma (Excel's list separator): "Điều tra - thanh tra ..."."""
    return CASE_WORDS[kind].replace(",", " -")


def _case_kind(text: str) -> Optional[str]:
    """A kind from the sheet's words, its code, or the words with their comma: None if none of them."""
    wanted = " ".join(text.replace(",", " -").split()).casefold()
    for kind in CASE_WORDS:
        if wanted in (kind, " ".join(_case_word(kind).split()).casefold()):
            return kind
    return None


def read_info_sheet(wb, name: str) -> Tuple[Optional[SheetInfo], List["CellProblem"]]:
    """The sheet "Thông tin" of a filled-in workbook; None when the workbook has none (a sheet exported by
    an older thidua: the report's other parts are then kept as they are)."""
    ws = next((w for w in wb.worksheets if w.cell(row=1, column=KEY_COLUMN).value == INFO_MARK), None)
    if ws is None:
        return None, []
    problems: List[CellProblem] = []

    def problem(cell: str, code: str, message: str) -> None:
        problems.append(CellProblem(name, f"{ws.title}!{cell}", ERROR, code, message))

    found: Dict[str, Any] = {"achievements": [], "limitations": [], "cases": []}
    for row in range(2, min(ws.max_row, MAX_ROWS) + 1):
        key = ws.cell(row=row, column=KEY_COLUMN).value
        value = ws.cell(row=row, column=2).value
        if key == "submitted" and not _blank(value):
            day = value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) else \
                parse_date(value) if isinstance(value, str) else None
            if day is None:
                problem(f"B{row}", "cell-not-a-date", f"Ngày gửi báo cáo phải là một ngày (ví dụ 15/7/2026), nhưng ô "
                                                      f"có '{_shown(value)}'.")
            found["submitted"] = day
        elif key == "staff" and not _blank(value):
            number = _cell_number(value)
            if number is None or number != number.to_integral_value() or number < 0:
                problem(f"B{row}", "cell-not-a-number", f"Tổng số cán bộ phải là một số nguyên, nhưng ô có "
                                                        f"'{_shown(value)}'.")
            else:
                found["staff"] = int(number)
        elif key == "women_share" and not _blank(value):
            share = parse_share(value) if isinstance(value, str) else _cell_number(value)
            if share is not None and share > 1 and share <= 100 and not isinstance(value, str):
                share = share / 100  # 72 typed into a cell without the % format
            if share is None or not Decimal(0) <= share <= 1:
                problem(f"B{row}", "cell-not-a-share", f"Tỷ lệ nữ phải là một tỷ lệ từ 0% đến 100% (ví dụ 72%), "
                                                       f"nhưng ô có '{_shown(value)}'.")
            else:
                found["women_share"] = share
        elif key in ("achievement", "limitation") and not _blank(value):
            found[key + "s"].append(_text_of(value))
        elif key == "case":
            kind_cell, until_cell = ws.cell(row=row, column=1).value, ws.cell(row=row, column=3).value
            if _blank(kind_cell) and _blank(value) and _blank(until_cell):
                continue
            kind = _case_kind(str(kind_cell)) if not _blank(kind_cell) else None
            if kind is None:
                problem(f"A{row}", "cell-case-kind", "Loại vụ việc phải là một trong: " + "; ".join(
                    _case_word(k) for k in CASE_WORDS) + (f", nhưng ô có '{_shown(kind_cell)}'." if not
                                                           _blank(kind_cell) else "; ô đang trống."))
                continue
            until = until_cell.date() if isinstance(until_cell, dt.datetime) else until_cell if isinstance(
                until_cell, dt.date) else parse_date(until_cell) if isinstance(until_cell, str) else None
            if until is None and not _blank(until_cell):
                problem(f"C{row}", "cell-not-a-date", f"Ngày kết thúc vụ việc phải là một ngày, nhưng ô có "
                                                      f"'{_shown(until_cell)}'.")
            found["cases"].append((kind, None if _blank(value) else _text_of(value), until))
    return SheetInfo(found.get("submitted"), found.get("staff"), found.get("women_share"),
                     tuple(found["achievements"]), tuple(found["limitations"]), tuple(found["cases"])), problems


def _text_of(value: Any) -> str:
    """A text cell's text; a number or date typed into it, as the clerk sees it."""
    if isinstance(value, (dt.date, dt.datetime)):
        return _shown(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = _cell_number(value)
        return fmt_number(number) if number is not None else str(value)
    return " ".join(str(value).split())


# --- import-scores ---------------------------------------------------------

def _cell_number(value: Any) -> Optional[Decimal]:
    """A cell's value as a number: Excel numbers, or text such as '8,5'; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        try:
            return Decimal(repr(value))
        except InvalidOperation:  # pragma: no cover - repr of a finite float is a decimal
            return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str) and len(value) <= MAX_NUMBER_TEXT:  # a million digits is no score
        return parse_decimal(value)
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= 30 else text[:27] + "…"


def _find_sheet(wb, name: str):
    for ws in wb.worksheets:
        mark = ws.cell(row=1, column=KEY_COLUMN).value
        if isinstance(mark, str) and (mark == MARK or mark.startswith(MARK + ":")):
            return ws, mark
    raise ThiduaError(f"Tệp '{name}' không phải bảng điểm do 'thidua export-sheet' tạo (không thấy cột khóa ẩn F). "
                      "Xuất bảng mới bằng 'thidua export-sheet', điền điểm vào đó rồi nhập lại.")


def reason_cells(workbook) -> Iterator[Tuple[str, str]]:
    """("Bảng điểm!B12", text) for each text a self-report will hold: a bonus or deduction reason or an
    evidence cell of the filled-in sheet; an achievement, a limitation or a case's note of its sheet
    "Thông tin"."""
    keys = {MARK: ("bonus", "deduction"), INFO_MARK: ("achievement", "limitation", "case")}
    for ws in workbook.worksheets:
        mark = ws.cell(row=1, column=KEY_COLUMN).value
        kind = INFO_MARK if mark == INFO_MARK else MARK if isinstance(mark, str) and mark.startswith(MARK) else None
        if kind is None:
            continue
        for row in range(2, min(ws.max_row, MAX_ROWS) + 1):
            reason = ws.cell(row=row, column=2).value
            key = ws.cell(row=row, column=KEY_COLUMN).value
            if key in keys[kind] and isinstance(reason, str):
                yield f"{ws.title}!B{row}", reason
            elif kind == MARK and isinstance(key, str) and key.startswith("e:"):  # a document's number or issuer
                text = ws.cell(row=row, column=4).value
                if isinstance(text, str):
                    yield f"{ws.title}!D{row}", text


class SheetMark(NamedTuple):
    """Whose sheet it is, as its hidden mark (cell F1) says; None where an older sheet does not say."""

    unit: Optional[str]
    year: Optional[int]
    period: Optional[str]


def sheet_mark(wb, name: str) -> SheetMark:
    """The unit, year and period a sheet written by `sheet_workbook` carries."""
    _, mark = _find_sheet(wb, name)
    _, unit, year, period = (mark.split(":") + ["", "", ""])[:4]
    if year and not (year.isdecimal() and len(year) == 4):
        raise ThiduaError(f"Tệp '{name}' ghi năm '{_shown(year)}' không hợp lệ trong ô đánh dấu ẩn F1 (bảng điểm "
                          "đã bị sửa?). Xuất bảng mới bằng 'thidua export-sheet', điền điểm vào đó rồi nhập lại.")
    return SheetMark(unit or None, int(year) if year.isdecimal() and len(year) == 4 else None,
                     period if period in m.PERIODS else None)


EXCEL_ERRORS = ("#VALUE!", "#DIV/0!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")


def _not_a_number(value: Any, what: str, example: str) -> Tuple[str, str]:
    """The code and message for a cell that should hold a number and holds `value`: a date Excel made of
    a number typed with a dot, an Excel error value, or other text."""
    if isinstance(value, dt.datetime) and value.year <= 1900:  # a number in a cell formatted as a date
        epoch = dt.datetime(1899, 12, 31 if value < dt.datetime(1900, 3, 1) else 30)  # Excel's 29/2/1900
        serial = Decimal(str(round((value - epoch).total_seconds() / 86400, 6))).normalize()
        return "cell-date", (f"{what} phải là một số, nhưng ô có định dạng ngày (Date) nên số {fmt_number(serial)} "
                             f"hiện thành ngày {_shown(value)}. Định dạng ô là Number (Số) rồi gõ lại, ví dụ {example}.")
    if isinstance(value, (dt.date, dt.datetime)):
        typed = f"{value.day}.{value.month}"
        return "cell-date", (f"{what} phải là một số, nhưng Excel đã hiểu số gõ vào là ngày {_shown(value)} (có "
                             f"thể đã gõ {typed}). Gõ lại bằng dấu phẩy, ví dụ {example}, hoặc định dạng ô là "
                             "Number (Số) rồi gõ lại.")
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        return "cell-formula-error", (f"{what} là công thức bị lỗi {value.strip()} trong Excel; sửa công thức hoặc "
                                      f"gõ thẳng số điểm, ví dụ {example}.")
    return "cell-not-a-number", f"{what} phải là một số (ví dụ {example}), nhưng ô có '{_shown(value)}'."


class FilledSheet(NamedTuple):
    """What a filled-in sheet holds for the self-report. `figures`, `not_assigned` and `evidence` are None
    when the sheet has no cells for them (an older or a flat sheet): the report's own are then kept."""

    scores: Dict[str, Decimal]
    bonus: List[PointsLine]
    deductions: List[PointsLine]
    problems: List["CellProblem"]
    figures: Optional[Dict[str, m.Reported]] = None
    not_assigned: Optional[Tuple[str, ...]] = None
    evidence: Optional[Dict[str, m.Evidence]] = None


def _cell_date(value: Any) -> Optional[dt.date]:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(value.strip()) if isinstance(value, str) else None


def read_filled_sheet(wb, name: str, sheet: m.Sheet, unit_id: str, period: str, uncomputed: frozenset = frozenset(),
                      category: Optional[str] = None) -> FilledSheet:
    """Scores, bonus, deductions, figures, criteria not assigned and evidence from a sheet written by
    `sheet_workbook` and filled in: `wb`, the openpyxl workbook of the file shown as `name`
    (`thidua.commands.import_scores` opens it); `uncomputed`, its formula cells without a stored result
    (`thidua.reading.workbook.Opened`); `category`, the unit's (a sheet per category lists only that
    category's criteria). The subtotals' formulas are never read: the tool computes the totals itself."""
    from thidua.problems import Src

    ws, _ = _find_sheet(wb, name)  # whose sheet it is: `sheet_mark`, checked by the command
    if ws.max_row > MAX_ROWS:
        rows = f"{ws.max_row:,}".replace(",", ".")
        raise ThiduaError(f"Bảng '{ws.title}' trong tệp '{name}' có tới {rows} dòng; bảng điểm do 'thidua "
                          "export-sheet' tạo chỉ có vài chục dòng. Xóa các dòng thừa ở cuối bảng, hoặc xuất bảng mới, "
                          "điền điểm vào đó rồi nhập lại.")
    problems: List[CellProblem] = []

    def problem(cell: str, code: str, message: str) -> None:
        problems.append(CellProblem(name, f"{ws.title}!{cell}" if cell else "", ERROR, code, message))

    def empty(row: int, message: str) -> None:
        """An empty input cell D: a formula never computed, a number typed into the notes column E, or nothing."""
        note = ws.cell(row=row, column=5).value
        if f"{ws.title}!D{row}" in uncomputed:
            problem(f"D{row}", "cell-formula-no-value", "Ô có công thức nhưng chưa có kết quả đã tính (tệp được lưu "
                                                        "bằng chương trình không tính công thức). Mở tệp bằng Excel và "
                                                        "lưu lại, rồi nhập lại.")
        elif not _blank(note) and _cell_number(note) is not None and not isinstance(note, (dt.date, dt.datetime)):
            problem(f"E{row}", "cell-number-in-notes", f"{message[:-1]}: ô Tự chấm D{row} trống, còn ô Ghi chú "
                                                       f"E{row} có số {fmt_number(_cell_number(note))}. Có phải điểm ghi "
                                                       f"nhầm cột? Chuyển số sang ô D{row}.")
        else:
            problem(f"D{row}", "cell-empty", message)

    listed = {c.id: c for c in sheet.criteria if c.applies_to(category)}  # others belong to other categories
    criteria = {i: c for i, c in listed.items() if c.self_scored}  # others come from figures or departments
    caps = {"bonus": sheet.bonus, "deduction": sheet.deductions}
    scores: Dict[str, Decimal] = {}
    seen: Dict[str, int] = {}
    rows_of: Dict[str, int] = {}
    entries: Dict[str, List[PointsLine]] = {"bonus": [], "deduction": []}
    marks = sheet.unassigned != "none" and ws.cell(row=_header_row(ws), column=MARK_COLUMN).value is not None
    unassigned: Dict[str, int] = {}
    figure_cells: Dict[str, Dict[str, Tuple[int, Any]]] = {}
    evidence_cells: Dict[str, Dict[str, Tuple[int, Any]]] = {}
    for row in range(2, ws.max_row + 1):
        key = ws.cell(row=row, column=KEY_COLUMN).value
        if not isinstance(key, str) or not key:
            continue
        value = ws.cell(row=row, column=4).value
        ref = f"D{row}"
        if key.startswith("c:"):
            crit_id = key[2:]
            if crit_id not in listed:
                problem(f"A{row}", "sheet-mismatch", f"Tiêu chí {crit_id} không có trong bảng chấm điểm năm "
                                                     f"{sheet.year}; xuất lại bảng bằng 'thidua export-sheet'.")
                continue
            if crit_id in rows_of:
                problem(f"A{row}", "sheet-mismatch", f"Tiêu chí {crit_id} có hai dòng (dòng {rows_of[crit_id]} và "
                                                     f"dòng {row}); xóa một dòng.")
                continue
            rows_of[crit_id] = row
            mark = ws.cell(row=row, column=MARK_COLUMN).value if marks else None
            if not _blank(mark):
                if " ".join(str(mark).split()).casefold() not in UNASSIGNED_WORDS:
                    problem(f"G{row}", "cell-unassigned-mark", f"Ô Không giao của tiêu chí {crit_id} chỉ ghi x (không "
                                                              f"giao chỉ tiêu) hoặc để trống, nhưng ô có "
                                                              f"'{_shown(mark)}'.")
                else:
                    unassigned[crit_id] = row
            crit = criteria.get(crit_id)
            if crit is None:  # computed or scored by departments: its D cell only says so
                continue
            seen[crit_id] = row
            if _blank(value):
                if crit_id not in unassigned:
                    empty(row, f"Chưa nhập điểm tự chấm của tiêu chí {crit_id}.")
                continue
            number = _cell_number(value)
            levels = choices(crit)
            if number is None:
                problem(ref, *_not_a_number(value, f"Điểm tự chấm của tiêu chí {crit_id}", "8,5"))
            elif crit_id in unassigned:
                problem(f"G{row}", "unassigned-scored", f"Tiêu chí {crit_id} vừa ghi x ở ô Không giao vừa có điểm "
                                                        f"{fmt_number(number)} ở ô D{row}; bỏ một trong hai.")
            elif levels and number not in {p for p, _ in levels}:
                problem(ref, "cell-not-a-level", f"Điểm tự chấm của tiêu chí {crit_id} là {fmt_number(number)}, "
                                                 "không phải một mức của tiêu chí; chọn một trong: " +
                        "; ".join(f"{fmt_number(p)} ({w})" for p, w in levels) + ".")
            elif not Decimal(0) <= number <= crit.max:
                problem(ref, "cell-out-of-range", f"Điểm tự chấm của tiêu chí {crit_id} là {fmt_number(number)}, "
                                                  f"ngoài khoảng từ 0 đến {fmt_number(crit.max)}.")
            else:
                scores[crit_id] = number
        elif key[:2] in ("f:", "t:"):
            figure_cells.setdefault(key[2:], {})[key[0]] = (row, value)
        elif key.startswith("e:"):
            crit_id, _, part = key[2:].rpartition(":")
            evidence_cells.setdefault(crit_id, {})[part] = (row, value)
        elif key in caps:
            reason = ws.cell(row=row, column=2).value
            what = "điểm thưởng" if key == "bonus" else "điểm trừ"
            if _blank(value) and _blank(reason):
                continue
            cap = caps[key]
            number = None if _blank(value) else _cell_number(value)
            if _blank(value):
                empty(row, f"Khoản {what} '{_shown(reason)}' chưa có số điểm.")
            elif number is None:
                problem(ref, *_not_a_number(value, f"Số {what}", "0,5"))
            elif cap is None or not Decimal(0) <= number <= cap.max:
                top = fmt_number(cap.max) if cap else "0"
                problem(ref, "cell-out-of-range", f"Khoản {what} {fmt_number(number)} điểm, ngoài khoảng từ 0 "
                                                  f"đến {top}.")
                number = None
            if _blank(reason):
                problem(f"B{row}", "missing-reason", f"Khoản {what} chưa ghi "
                                                     f"{'nội dung, căn cứ' if key == 'bonus' else 'lý do'}.")
            elif number is not None:
                entries[key].append(PointsLine(number, str(reason).strip()))
    figures = _read_figures(sheet, listed, figure_cells, unassigned, problem, Src) if figure_cells else None
    evidence = _read_evidence(listed, evidence_cells, unassigned, problem, Src) if evidence_cells else None
    empty = [p for p in problems if p.code == "cell-empty" and p.message.startswith("Chưa nhập điểm tự chấm")]
    if not scores and not figures and len(empty) == len(seen) > 1:  # a sheet sent back as it went out
        problems = [p for p in problems if p not in empty and p.code not in ("missing-figure", "missing-evidence")]
        problems.insert(0, CellProblem(name, f"{ws.title}!{empty[0].cell.rpartition('!')[2]}", ERROR, "sheet-blank",
                                       f"Bảng chưa có điểm tự chấm nào (cột Tự chấm để trống cả {len(empty)} tiêu "
                                       "chí): đơn vị chưa điền bảng, hoặc gửi nhầm tệp."))
    missing = [c for c in criteria if c not in seen]
    if missing:
        problem("", "sheet-mismatch", "Bảng trong tệp thiếu tiêu chí " + ", ".join(missing) + f" của bảng chấm điểm "
                                      f"năm {sheet.year}; xuất lại bảng bằng 'thidua export-sheet'.")
    problems.sort(key=_cell_row)  # figures and evidence are read after the rows: the clerk reads top down
    return FilledSheet(scores, entries["bonus"], entries["deduction"], problems, figures,
                       tuple(unassigned) if marks else None, evidence)


def _cell_row(problem: "CellProblem") -> float:
    """The row of a problem's cell ("Bảng điểm!D49" -> 49); a problem of the whole sheet comes last."""
    digits = "".join(ch for ch in problem.cell.rpartition("!")[2] if ch.isdigit())
    return int(digits) if digits else math.inf


def _header_row(ws) -> int:
    """The row of the column headings (its A cell says "Mã"); 6 in every sheet `sheet_workbook` writes."""
    return next((r for r in range(1, min(ws.max_row, 20) + 1) if ws.cell(row=r, column=1).value == "Mã"), 6)


def _read_figures(sheet: m.Sheet, listed, cells, unassigned, problem, Src) -> Dict[str, m.Reported]:
    """The figures (A, and T where the unit's target is its own) of the rows "f:" and "t:", as `figures:`."""
    found: Dict[str, m.Reported] = {}
    users = {}
    for crit in listed.values():
        if crit.computed and crit.figure:
            users.setdefault(crit.figure, []).append(crit)
    for figure_id, parts in cells.items():
        fig = sheet.figure(figure_id)
        crits = users.get(figure_id, [])
        if fig is None or not crits:
            row = next(iter(parts.values()))[0]
            problem(f"A{row}", "sheet-mismatch", f"Số liệu '{figure_id}' không có trong bảng chấm điểm năm "
                                                 f"{sheet.year}; xuất lại bảng bằng 'thidua export-sheet'.")
            continue
        numbers = {}
        for part, (row, value) in parts.items():
            what = f"{'Chỉ tiêu' if part == 't' else 'Số liệu'} '{fig.name}'"
            if _blank(value):
                continue
            number = _cell_number(value)
            if number is None:
                problem(f"D{row}", *_not_a_number(value, what, "125"))
            elif part == "t" and number <= 0:
                problem(f"D{row}", "bad-target", f"{what} là {fmt_number(number)}; chỉ tiêu phải lớn hơn 0 (không "
                                                 "có chỉ tiêu riêng thì để trống ô).")
            elif number < 0:
                problem(f"D{row}", "cell-out-of-range", f"{what} là {fmt_number(number)}; số liệu không âm.")
            else:
                numbers[part] = number
        off = [c for c in crits if c.id in unassigned]
        value_row = parts.get("f", parts.get("t"))[0]
        if off and len(off) == len(crits):
            if numbers:
                problem(f"G{unassigned[off[0].id]}", "unassigned-scored",
                        f"Tiêu chí {off[0].id} vừa ghi x ở ô Không giao vừa có số liệu ở ô D{value_row}; bỏ một "
                        "trong hai.")
            continue
        if "f" not in numbers:
            if "f" in parts and _blank(parts["f"][1]):
                problem(f"D{value_row}", "missing-figure",
                        f"Thiếu số liệu '{fig.name}' để tính điểm tiêu chí {', '.join(c.id for c in crits)}"
                        + (", hoặc ghi x ở ô Không giao nếu không được giao." if sheet.unassigned != "none" else "."))
            continue
        found[figure_id] = m.Reported(figure_id, numbers["f"], numbers.get("t"), Src(""))
    return found


def _read_evidence(listed, cells, unassigned, problem, Src) -> Dict[str, m.Evidence]:
    """The document (số, ngày, cơ quan ban hành) of the rows "e:", as `evidence:`; a criterion that needs it
    and has none, or a part missing or malformed, is a located problem as in the YAML."""
    import re

    number_pattern = r"^[0-9A-Za-zÀ-ỹĐđ][0-9A-Za-zÀ-ỹĐđ./-]*$"  # as model.Evidence.number
    found: Dict[str, m.Evidence] = {}
    for crit_id, parts in cells.items():
        crit = listed.get(crit_id)
        first = min(row for row, _ in parts.values())
        if crit is None:
            problem(f"A{first}", "sheet-mismatch", f"Tiêu chí {crit_id} không có trong bảng chấm điểm; xuất lại "
                                                   "bảng bằng 'thidua export-sheet'.")
            continue
        given = {part: value for part, (_, value) in parts.items() if not _blank(value)}
        if not given:
            if crit.evidence and crit_id not in unassigned:
                problem(f"D{first}", "missing-evidence", f"Tiêu chí {crit_id} cần văn bản làm căn cứ: ghi số, ngày và "
                                                         "cơ quan ban hành vào các ô dưới tiêu chí.")
            continue
        read: Dict[str, Any] = {}
        for part, label in EVIDENCE_PARTS:
            row, value = parts.get(part, (first, None))
            if _blank(value):
                problem(f"D{row}", "missing-evidence", f"Văn bản làm căn cứ của tiêu chí {crit_id} thiếu "
                                                       f"{label[:1].lower()}{label[1:]}.")
            elif part == "date":
                day = _cell_date(value)
                if day is None:
                    problem(f"D{row}", "cell-not-a-date", f"Ngày ban hành văn bản của tiêu chí {crit_id} phải là một "
                                                          f"ngày (ví dụ 20/12/2024), nhưng ô có '{_shown(value)}'.")
                read[part] = day
            else:
                text = _text_of(value)
                if part == "number" and not re.fullmatch(number_pattern, text):
                    problem(f"D{row}", "cell-bad-number", f"Số văn bản của tiêu chí {crit_id} là '{_shown(text)}'; "
                                                          "ghi số ký hiệu văn bản, ví dụ 15/QĐ-UBND.")
                    text = None
                read[part] = text
        if all(read.get(part) for part, _ in EVIDENCE_PARTS):
            found[crit_id] = m.Evidence(crit_id, read["number"], read["date"], read["issuer"], Src(""))
    return found


# --- rank --format xlsx ----------------------------------------------------

def ranking_workbook(ranking) -> bytes:
    """The bloc's score table (bảng tổng hợp điểm) of a `thidua.scoring.Ranking`, ready to print (A4 landscape)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from thidua.rendering.ranking import NOT_SUBMITTED, notes, title

    sheet, bloc = ranking.sheet, ranking.bloc
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp điểm"
    groups = list(sheet.groups)
    tail = [("Cộng điểm tiêu chí", 10), ("Điểm thưởng", 9), ("Điểm trừ", 9), ("Tổng điểm tự chấm", 10),
            ("Tổng điểm", 10), ("Xếp hạng", 8), ("Xếp loại", 11), ("Ghi chú", 42)]
    first_group = 3
    after = first_group + len(groups)
    last = after + len(tail) - 1
    last_letter = get_column_letter(last)
    widths = {1: 5, 2: 26, **{first_group + i: 9 for i in range(len(groups))},
              **{after + i: w for i, (_, w) in enumerate(tail)}}
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width

    _line(ws, 1, 1, last, bloc.name.upper(), bold=True, align="center")
    _line(ws, 2, 1, last, title(ranking).upper(), bold=True, size=14, align="center")
    caps = [f"thang điểm {fmt_number(sheet.max_total)}"]
    if sheet.bonus:
        caps.append(f"điểm thưởng tối đa {fmt_number(sheet.bonus.max)}")
    if sheet.deductions:
        caps.append(f"điểm trừ tối đa {fmt_number(sheet.deductions.max)}")
    _line(ws, 3, 1, last, f"({'; '.join(caps)})", italic=True, align="center")

    top, sub = 5, 6
    for col, text in ((1, "STT"), (2, "Đơn vị")):
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
        _put(ws, top, col, text, bold=True, align="center")
        _put(ws, sub, col, bold=True)
    if groups:
        ws.merge_cells(start_row=top, start_column=first_group, end_row=top, end_column=after - 1)
        _put(ws, top, first_group, "Điểm theo nhóm tiêu chí", bold=True, align="center")
        for i, group in enumerate(groups):
            if i:
                _put(ws, top, first_group + i, bold=True)
            _put(ws, sub, first_group + i, f"Nhóm {group.id}\n({fmt_number(group.max)} điểm)", bold=True,
                 align="center")
    for i, (text, _) in enumerate(tail):
        ws.merge_cells(start_row=top, start_column=after + i, end_row=sub, end_column=after + i)
        _put(ws, top, after + i, text, bold=True, align="center")
        _put(ws, sub, after + i, bold=True)
    ws.row_dimensions[top].height = 24
    ws.row_dimensions[sub].height = 36
    ws.freeze_panes = ws.cell(row=sub + 1, column=3)

    labels = {u.id: u.label for u in bloc.units}
    row = sub + 1
    number = 0
    for standing in ranking.standings:
        s = standing.score
        number += 1
        remark = "; ".join(notes(standing, ranking, labels))
        values = [number, s.unit.label, *(plain_number(g.checked) for g in s.groups), plain_number(s.checked_points),
                  plain_number(s.bonus.counted), plain_number(s.deductions.counted), plain_number(s.self_total),
                  plain_number(s.total), standing.rank, s.grade or "", remark[:1].upper() + remark[1:]]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, align="left" if col in (2, last) else "center", bold=col == after + 4)
        ws.row_dimensions[row].height = _height([(remark, widths[last]), (s.unit.label, widths[2])])
        row += 1
    for unit in ranking.not_submitted:
        number += 1
        for col in range(1, last + 1):
            value = {1: number, 2: unit.label, last: NOT_SUBMITTED[:1].upper() + NOT_SUBMITTED[1:]}.get(col)
            _put(ws, row, col, value, align="left" if col in (2, last) else "center")
        row += 1
    last_table_row = row - 1

    row += 1
    legend = ["Nhóm " + "; nhóm ".join(f"{g.id}: {g.name}" for g in groups) + "."] if groups else []
    legend.append("Tổng điểm = Cộng điểm tiêu chí (sau thẩm định của Trưởng khối) + Điểm thưởng − Điểm trừ, "
                  "không dưới 0.")
    if ranking.tie_rules:
        legend.append("Khi bằng tổng điểm, xét lần lượt: " + "; ".join(label for _, label in ranking.tie_rules)
                      + ". Không phân định được thì đồng hạng.")
    for text in legend:
        _line(ws, row, 1, last, text, italic=True, size=11)
        total_width = sum(widths.values())
        ws.row_dimensions[row].height = _height([(text, total_width)], base=15)
        row += 1

    row += 1
    sign = max(after + 3, last - 2)
    chair = bloc.unit(bloc.chair)
    _line(ws, row, sign, last, f"{bloc.place}, ngày ... tháng ... năm {ranking.year}", italic=True, align="center")
    for text in ("TM. KHỐI THI ĐUA", "TRƯỞNG KHỐI", (chair.name if chair else "").upper()):
        row += 1
        _line(ws, row, sign, last, text, bold=True, align="center")
    _page(ws, landscape=True, title_rows=f"{top}:{sub}", last_col=last_letter, last_row=max(row + 4, last_table_row))
    return _to_bytes(wb)



# --- units --format xlsx ---------------------------------------------------

def roster_workbook(roster) -> bytes:
    """The bloc's members (`thidua.rendering.roster.Roster`) as a workbook: a title, a header row, one row a
    unit (A4 landscape)."""
    from openpyxl import Workbook

    from thidua.rendering.roster import COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.title = "Đơn vị"
    widths = (14, 44, 22, 18, 18, 44)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + col)].width = width
    _line(ws, 1, 1, len(COLUMNS), roster.bloc_name.upper(), bold=True, align="center")
    _line(ws, 2, 1, len(COLUMNS), f"DANH SÁCH ĐƠN VỊ THÀNH VIÊN NĂM {roster.year}", bold=True, size=14, align="center")
    header = 4
    for col, column in enumerate(COLUMNS, start=1):
        _put(ws, header, col, column.header, bold=True, align="center")
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    for row, member in enumerate(roster.members, start=header + 1):
        values = [column.cell(member) for column in COLUMNS]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value or None)
        ws.row_dimensions[row].height = _height([(str(v or ""), w) for v, w in zip(values, widths)])
    _page(ws, landscape=True, title_rows=f"{header}:{header}", last_col=chr(64 + len(COLUMNS)),
          last_row=header + len(roster.members))
    return _to_bytes(wb)
