"""`thidua import-scores`: a filled-in Excel sheet back into the unit's self-report YAML."""

from __future__ import annotations

from pathlib import Path
from typing import List, NamedTuple, Optional, Sequence, Tuple

from thidua.commands.export_sheet import own_report, sheet_year
from thidua.errors import DataError, ThiduaError, UsageError
from thidua.fileio import backup, write_atomic
from thidua.paths import display_path, is_inside
from thidua.problems import ERROR, format_text, shown, sort_problems
from thidua.reading.yamlread import _CONTROL  # the characters a data file may not hold: one definition

MAX_REASON_CHARS = 2000
"""A bonus or deduction reason is a sentence or two with a decision's number; a longer cell is a paste gone wrong."""


class Imported(NamedTuple):
    """The outcome of importing one sheet: the target file (None when the sheet could not say whose it
    is), whether it was written (not when a cell is wrong), how many criterion scores it holds, and the
    problems found."""

    target: Optional[Path]
    written: bool
    scores: int
    problems: Tuple  # of thidua.rendering.xlsx.CellProblem
    backup: Optional[Path] = None  # the replaced report, kept as <name>.bak-<time>
    source: Optional[Path] = None  # the sheet
    notes: Tuple[str, ...] = ()  # what the clerk should know though nothing is wrong
    refused: Optional[ThiduaError] = None  # why the sheet could not be read at all


def report_path(data_dir: Path, year: int, period: str, unit_id: str) -> Path:
    return data_dir / str(year) / period / f"{unit_id}.yaml"


def import_sheets(data_dir: Path, files: Sequence[Path], year: Optional[int], unit_id: Optional[str],
                  period: Optional[str], force: bool) -> List[Imported]:
    """Import every sheet of `files`, each on its own: a sheet with a problem is reported and not written,
    and does not stop the others. Whose sheet it is (unit, year, period) comes from the sheet itself;
    `year`, `unit_id` and `period`, when given, must agree with it, and stand in for what an old sheet
    does not say."""
    import re

    from thidua.reading.spec import MAX_ID_LENGTH, SLUG_PATTERN
    from thidua.rendering.xlsx import CellProblem

    if unit_id is not None and (len(unit_id) > MAX_ID_LENGTH or not re.fullmatch(SLUG_PATTERN, unit_id)):
        raise UsageError(f"Mã đơn vị '{shown(unit_id[:40])}' không hợp lệ: mã đơn vị viết chữ thường không dấu, chữ "
                         "số và dấu gạch ngang, ví dụ 'cong-an' (xem: thidua units).")
    results = []
    for xlsx in files:
        try:
            results.append(import_scores(data_dir, year, period, unit_id, Path(xlsx), force))
        except ThiduaError as exc:  # this sheet cannot be imported; the next one may
            results.append(Imported(None, False, 0, (CellProblem(display_path(Path(xlsx)), "", ERROR, "sheet-refused",
                                                                 exc.message),), source=Path(xlsx), refused=exc))
    return results


def import_scores(data_dir: Path, year: Optional[int], period: Optional[str], unit_id: Optional[str], xlsx: Path,
                  force: bool) -> Imported:
    """Read a filled-in sheet into `<year>/<period>/<unit>.yaml`; nothing is written when a cell is wrong.

    With `force`, an existing self-report is edited in round trip after a backup: its scores, bonus and
    deductions come from the sheet, so do its date, achievements, limitations and facts where the sheet's
    "Thông tin" fills them; every other part, comment and spelling stays. A report that cannot be read
    cannot be kept, so it is not replaced; a period folder that leads out of the data folder is not
    written to.
    """
    from thidua.reading.workbook import read_workbook
    from thidua.rendering.selfreport import merged_report, render_self_report, update_self_report, with_sheet_parts
    from thidua.rendering.xlsx import read_filled_sheet, read_info_sheet, sheet_mark

    if not xlsx.is_file():
        raise ThiduaError(f"Không có tệp '{display_path(xlsx)}'.")
    name = display_path(xlsx)
    opened = read_workbook(xlsx, name)
    workbook = opened.workbook
    unit_id, year, period, notes = _whose(sheet_mark(workbook, name), name, unit_id, year, period)
    loaded, unit, sheet = sheet_year(data_dir, year, unit_id)
    target = report_path(data_dir, year, period, unit_id)
    if not is_inside(target.parent, data_dir):
        raise ThiduaError(f"Thư mục {display_path(target.parent)} là liên kết (symlink) trỏ ra ngoài thư mục dữ "
                          "liệu; thidua không ghi vào đó.")
    kept = own_report(loaded, period, unit_id)
    replacing = target.exists() and not (kept is not None and kept.blank)  # a prepared blank is there to be filled
    if replacing and not force:
        raise ThiduaError(f"Đã có báo cáo tự chấm '{display_path(target)}'. Thêm --force để thay điểm bằng điểm "
                          "trong tệp Excel (các phần khác của báo cáo, chú thích và cách viết được giữ nguyên; bản cũ "
                          "được sao lưu).")
    if target.exists() and kept is None:
        raise _unreadable_report(target, year)
    filled = read_filled_sheet(workbook, name, sheet, unit_id, period, opened.uncomputed, unit.category)
    scores, bonus, deductions, problems = filled.scores, filled.bonus, filled.deductions, filled.problems
    info, info_problems = read_info_sheet(workbook, name)
    problems = list(problems) + info_problems + _text_problems(workbook, name)
    if info is None:
        notes.append(f"Tệp {name} là bảng điểm cũ, không có trang \"Thông tin\" (ngày gửi, kết quả nổi bật, tồn "
                     "tại, hạn chế, tỷ lệ nữ, vụ việc): các phần đó của báo cáo giữ nguyên. Bảng mới xuất bằng "
                     "`thidua export-sheet` hoặc `thidua prepare` có trang này.")
    if any(p.level == ERROR for p in problems):
        return Imported(target, False, 0, tuple(problems), source=xlsx, notes=tuple(notes))
    if replacing:
        edited = update_self_report(target.read_bytes(), sheet, scores, bonus, deductions, info, kept, filled)
        data = edited.data
    else:  # a new report, or a prepared blank (nothing in it to keep)
        text = render_self_report(sheet, unit, period, scores, bonus, deductions,
                                  keep=with_sheet_parts(merged_report(kept, info, unit_id, year, period), filled,
                                                        unit_id, year, period), source=xlsx.name)
        data = text.encode("utf-8")
    unfit = _unfit_report(data, name, display_path(target))
    if unfit:
        return Imported(target, False, 0, tuple(problems + unfit), source=xlsx, notes=tuple(notes))
    saved = backup(target) if replacing else None
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data, True)
    return Imported(target, True, len(scores), tuple(problems), saved, xlsx, tuple(notes))


def _whose(mark, name: str, unit_id: Optional[str], year: Optional[int], period: Optional[str]):
    """The sheet's unit, year and period: from its mark; the options only check it, or stand in for what an
    old sheet does not carry (with a note)."""
    notes: List[str] = []
    wanted = {"unit": unit_id, "year": year, "period": period}
    found = {"unit": mark.unit, "year": mark.year, "period": mark.period}
    words = {"unit": "mã đơn vị (--unit)", "year": "năm (NĂM)", "period": "kỳ (--half)"}
    shown = {"unit": lambda v: f"đơn vị '{v}'", "year": lambda v: f"năm {v}",
             "period": lambda v: "6 tháng đầu năm" if v == "h1" else "cả năm"}
    for key in ("unit", "year", "period"):
        if found[key] is not None and wanted[key] is not None and found[key] != wanted[key]:
            raise ThiduaError(f"Tệp '{name}' là bảng điểm của {shown[key](found[key])}, không phải của "
                              f"{shown[key](wanted[key])}. Bỏ tùy chọn đó (thidua đọc đơn vị, năm và kỳ từ chính bảng "
                              "điểm), hoặc chọn đúng tệp.")
    missing = [key for key in ("unit", "year", "period") if found[key] is None]
    if missing:
        lacking = [key for key in missing if wanted[key] is None]
        if lacking:
            raise ThiduaError(f"Tệp '{name}' là bảng điểm cũ, không ghi {', '.join(words[k] for k in lacking)} của "
                              "bảng; ghi thêm vào lệnh (ví dụ `thidua import-scores TỆP.xlsx 2024 --unit cong-an "
                              "--half 1`), hoặc xuất bảng mới bằng `thidua export-sheet`.")
        notes.append(f"Tệp {name} là bảng điểm cũ, không tự ghi {', '.join(words[k] for k in missing)}: dùng "
                     "giá trị ghi trong lệnh.")
    return (found["unit"] or wanted["unit"], found["year"] or wanted["year"],
            found["period"] or wanted["period"], notes)


def _unreadable_report(target: Path, year: int) -> DataError:
    """The refusal to replace a self-report that cannot be read: what it holds besides scores would be lost."""
    from thidua.reading.loader import load_file

    found: List = []
    load_file(target, "self-report", found)
    listing = format_text(sort_problems(p for p in found if p.level == ERROR))
    return DataError(f"Báo cáo tự chấm '{display_path(target)}' đã có nhưng không đọc được, nên không giữ lại được "
                     "ngày gửi, kết quả nổi bật, tồn tại, hạn chế và thông tin khác trong đó; thidua không thay "
                     f"nó.\n{listing + chr(10) if listing else ''}Sửa lỗi trong tệp (xem `thidua validate {year}`) "
                     "rồi chạy lại; hoặc, nếu muốn bỏ hẳn báo cáo cũ, đổi tên hay xóa tệp đó rồi nhập lại.")


def _text_problems(workbook, name: str) -> List:
    """Cells whose text a self-report may not hold (`validate` would refuse the report written from them)."""
    from thidua.rendering.xlsx import CellProblem

    from thidua.rendering.xlsx import reason_cells

    problems = []

    for cell, text in reason_cells(workbook):
        control = _CONTROL.search(text)
        if control:
            problems.append(CellProblem(name, cell, ERROR, "cell-control-char",
                                        f"Ô chứa ký tự điều khiển U+{ord(control.group()):04X}, thường lẫn vào khi "
                                        "dán từ Word, PDF hoặc trang web; hãy xóa nó."))
        elif len(text) > MAX_REASON_CHARS:
            problems.append(CellProblem(name, cell, ERROR, "cell-too-long",
                                        f"Ô dài {_thousands(len(text))} ký tự; nội dung, lý do của một khoản điểm "
                                        f"ghi tối đa {_thousands(MAX_REASON_CHARS)} ký tự."))
    return problems


def _thousands(count: int) -> str:
    """1100000 -> '1.100.000', as Vietnamese write it."""
    return f"{count:,}".replace(",", ".")


def _unfit_report(data: bytes, name: str, target: str) -> List:
    """The report about to be written, read back as `validate` reads it: its errors, as problems of the sheet."""
    from thidua.reading import formats
    from thidua.reading.spec import Ctx, convert_file
    from thidua.reading.yamlread import parse_yaml_bytes
    from thidua.problems import Src
    from thidua.rendering.xlsx import CellProblem

    root, problems = parse_yaml_bytes(data, target)
    if root is not None:
        convert_file(root, formats.KINDS["self-report"], Ctx(problems), Src(target, 1, 1))
    return [CellProblem(name, "", ERROR, p.code, f"Báo cáo tự chấm ghi ra từ bảng này sẽ có lỗi: {p.message}")
            for p in problems if p.level == ERROR]
