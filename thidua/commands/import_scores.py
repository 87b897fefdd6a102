"""`thidua import-scores`: a filled-in Excel sheet back into the unit's self-report YAML."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Tuple

from thidua.commands.export_sheet import own_report, sheet_year
from thidua.errors import ThiduaError
from thidua.fileio import write_atomic
from thidua.paths import display_path
from thidua.problems import ERROR
from thidua.reading.workbook import open_workbook


class Imported(NamedTuple):
    """The outcome of `import_scores`: the target file, whether it was written (not when a cell is wrong),
    how many criterion scores it holds, and the problems found."""

    target: Path
    written: bool
    scores: int
    problems: Tuple  # of thidua.rendering.xlsx.CellProblem


def report_path(data_dir: Path, year: int, period: str, unit_id: str) -> Path:
    return data_dir / str(year) / period / f"{unit_id}.yaml"


def import_scores(data_dir: Path, year: int, period: str, unit_id: str, xlsx: Path, force: bool) -> Imported:
    """Read a filled-in sheet into `<year>/<period>/<unit>.yaml`; nothing is written when a cell is wrong.

    With `force`, an existing self-report is replaced: its scores, bonus and deductions come from the
    sheet; its date, achievements, limitations and facts are kept.
    """
    from thidua.rendering.selfreport import render_self_report
    from thidua.rendering.xlsx import read_filled_sheet

    loaded, unit, sheet = sheet_year(data_dir, year, unit_id)
    target = report_path(data_dir, year, period, unit_id)
    if target.exists() and not force:
        raise ThiduaError(f"Đã có báo cáo tự chấm '{display_path(target)}'. Thêm --force để thay điểm bằng điểm "
                          "trong tệp Excel (ngày gửi, kết quả nổi bật, tồn tại, hạn chế và thông tin khác được "
                          "giữ nguyên).")
    if not xlsx.is_file():
        raise ThiduaError(f"Không có tệp '{display_path(xlsx)}'.")
    name = display_path(xlsx)
    scores, bonus, deductions, problems = read_filled_sheet(open_workbook(xlsx, name), name, sheet, unit_id, period)
    if any(p.level == ERROR for p in problems):
        return Imported(target, False, 0, tuple(problems))
    text = render_self_report(sheet, unit, period, scores, bonus, deductions,
                              keep=own_report(loaded, period, unit_id), source=xlsx.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text.encode("utf-8"), force)
    return Imported(target, True, len(scores), tuple(problems))
