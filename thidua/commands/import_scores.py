"""`thidua import-scores`: a filled-in Excel sheet back into the unit's self-report YAML."""

from __future__ import annotations

from pathlib import Path
from typing import List, NamedTuple, Optional, Tuple

from thidua.commands.export_sheet import own_report, sheet_year
from thidua.errors import DataError, ThiduaError
from thidua.fileio import backup, write_atomic
from thidua.paths import display_path, is_inside
from thidua.problems import ERROR, format_text, sort_problems
from thidua.reading.workbook import open_workbook
from thidua.reading.yamlread import _CONTROL  # the characters a data file may not hold: one definition

MAX_REASON_CHARS = 2000
"""A bonus or deduction reason is a sentence or two with a decision's number; a longer cell is a paste gone wrong."""


class Imported(NamedTuple):
    """The outcome of `import_scores`: the target file, whether it was written (not when a cell is wrong),
    how many criterion scores it holds, and the problems found."""

    target: Path
    written: bool
    scores: int
    problems: Tuple  # of thidua.rendering.xlsx.CellProblem
    backup: Optional[Path] = None  # the replaced report, kept as <name>.bak-<time>


def report_path(data_dir: Path, year: int, period: str, unit_id: str) -> Path:
    return data_dir / str(year) / period / f"{unit_id}.yaml"


def import_scores(data_dir: Path, year: int, period: str, unit_id: str, xlsx: Path, force: bool) -> Imported:
    """Read a filled-in sheet into `<year>/<period>/<unit>.yaml`; nothing is written when a cell is wrong.

    With `force`, an existing self-report is replaced, after a backup: its scores, bonus and deductions
    come from the sheet; its date, achievements, limitations and facts are kept. A report that cannot
    be read cannot be kept, so it is not replaced; a period folder that leads out of the data folder
    is not written to.
    """
    from thidua.rendering.selfreport import render_self_report
    from thidua.rendering.xlsx import read_filled_sheet

    loaded, unit, sheet = sheet_year(data_dir, year, unit_id)
    target = report_path(data_dir, year, period, unit_id)
    if not is_inside(target.parent, data_dir):
        raise ThiduaError(f"Thư mục {display_path(target.parent)} là liên kết (symlink) trỏ ra ngoài thư mục dữ "
                          "liệu; thidua không ghi vào đó.")
    kept = own_report(loaded, period, unit_id)
    if target.exists() and not force:
        raise ThiduaError(f"Đã có báo cáo tự chấm '{display_path(target)}'. Thêm --force để thay điểm bằng điểm "
                          "trong tệp Excel (ngày gửi, kết quả nổi bật, tồn tại, hạn chế và thông tin khác được "
                          "giữ nguyên).")
    if target.exists() and kept is None:
        raise _unreadable_report(target, year)
    if not xlsx.is_file():
        raise ThiduaError(f"Không có tệp '{display_path(xlsx)}'.")
    name = display_path(xlsx)
    workbook = open_workbook(xlsx, name)
    scores, bonus, deductions, problems = read_filled_sheet(workbook, name, sheet, unit_id, period, unit.category)
    problems = list(problems) + _text_problems(workbook, name)
    if any(p.level == ERROR for p in problems):
        return Imported(target, False, 0, tuple(problems))
    text = render_self_report(sheet, unit, period, scores, bonus, deductions, keep=kept, source=xlsx.name)
    unfit = _unfit_report(text, display_path(xlsx), display_path(target))
    if unfit:
        return Imported(target, False, 0, tuple(problems + unfit))
    saved = backup(target) if kept is not None and target.exists() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text.encode("utf-8"), force)
    return Imported(target, True, len(scores), tuple(problems), saved)


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

    problems = []
    from thidua.rendering.xlsx import reason_cells

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


def _unfit_report(text: str, name: str, target: str) -> List:
    """The report about to be written, read back as `validate` reads it: its errors, as problems of the sheet."""
    from thidua.reading import formats
    from thidua.reading.spec import Ctx, convert_file
    from thidua.reading.yamlread import parse_yaml_bytes
    from thidua.problems import Src
    from thidua.rendering.xlsx import CellProblem

    root, problems = parse_yaml_bytes(text.encode("utf-8"), target)
    if root is not None:
        convert_file(root, formats.KINDS["self-report"], Ctx(problems), Src(target, 1, 1))
    return [CellProblem(name, "", ERROR, p.code, f"Báo cáo tự chấm ghi ra từ bảng này sẽ có lỗi: {p.message}")
            for p in problems if p.level == ERROR]
