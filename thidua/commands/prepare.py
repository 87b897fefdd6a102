"""`thidua prepare`: the round's blanks for every unit of the bloc, as YAML and as Excel sheets.

For each unit of the year's bloc.yaml: `<year>/<period>/<unit>.yaml`, the blank self-report that
`thidua init` writes too (every score 0, no `submitted:` date: `SelfReport.blank`, which `status`
counts as not sent), and `phieu/<sheet name>` beside the data folder, the scoring sheet to email
(`thidua.rendering.xlsx.sheet_workbook`). A file that exists is never replaced; it is listed as
skipped. Every write is atomic.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, NamedTuple, Optional, Tuple

from thidua.commands.export_sheet import checked_sheet, own_report
from thidua.errors import DataError, ThiduaError
from thidua.fileio import existing_kind, os_reason, write_atomic
from thidua.model import PERIOD_WORDS
from thidua.paths import display_path, is_inside
from thidua.problems import ERROR, format_text, sort_problems

SHEETS_FOLDER = "phieu"


class Prepared(NamedTuple):
    """What `prepare_round` wrote and what it left as it was (paths)."""

    year: int
    period: str
    written: Tuple[Path, ...]
    skipped: Tuple[Path, ...]
    sheets_dir: Optional[Path]


def default_sheets_dir(data_dir: Path) -> Path:
    """`phieu/` beside the data folder: outputs to email, not data (the loader never reads them)."""
    return data_dir.resolve().parent / SHEETS_FOLDER


def prepare_round(data_dir: Path, year: int, period: str, sheets_dir: Optional[Path]) -> Prepared:
    """Write every unit's blank self-report and (unless `sheets_dir` is None) its Excel sheet.

    Refuses when bloc.yaml or criteria.yaml has errors: the blanks copy their units and criteria.
    A unit whose report exists keeps it; its sheet, when made, is pre-filled from that report.
    """
    from thidua.rendering.selfreport import render_self_report
    from thidua.rendering.xlsx import default_sheet_name, sheet_workbook

    loaded = checked_sheet(data_dir, year)
    sheet = loaded.sheet
    _refuse_bloc_errors(data_dir, year)
    folder = data_dir / str(year) / period
    if folder.exists() and not is_inside(folder, data_dir):
        raise ThiduaError(f"Thư mục {display_path(folder)} là liên kết (symlink) trỏ ra ngoài thư mục dữ liệu; "
                          "thidua không ghi vào đó.")
    written: List[Path] = []
    skipped: List[Path] = []
    planned: List[Tuple[Path, bytes]] = []
    for unit in loaded.bloc.units:
        target = folder / f"{unit.id}.yaml"
        planned.append((target, render_self_report(sheet, unit, period, {}).encode("utf-8")))
        if sheets_dir is not None:
            report = own_report(loaded, period, unit.id)
            filled = report if report is not None and not report.blank else None
            planned.append((sheets_dir / default_sheet_name(unit.id, year, period),
                            sheet_workbook(loaded.bloc, sheet, unit, period, filled)))
    for path, data in planned:
        if existing_kind(path) is not None:
            skipped.append(path)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ThiduaError(f"Không tạo được thư mục {display_path(path.parent)}: {os_reason(exc)}.") from exc
        write_atomic(path, data, force=False)
        written.append(path)
    return Prepared(year, period, tuple(written), tuple(skipped), sheets_dir)


def _refuse_bloc_errors(data_dir: Path, year: int) -> None:
    from thidua.checks import check_bloc
    from thidua.reading.loader import load_file

    problems: List = []
    bloc = load_file(data_dir / str(year) / "bloc.yaml", "bloc", problems)
    errors = sort_problems(p for p in problems + (check_bloc(bloc, None) if bloc else []) if p.level == ERROR)
    if errors:
        raise DataError(f"Tệp bloc.yaml của năm {year} có lỗi, chưa lập được mẫu báo cáo cho các đơn vị:\n"
                        f"{format_text(errors)}\nSửa các lỗi trên rồi chạy lại.")


def describe(result: Prepared) -> str:
    """What `prepare` wrote and skipped, and the next steps, for the terminal."""
    when = f"{PERIOD_WORDS[result.period]} {result.year}"
    lines = [f"Chuẩn bị kỳ {when}: đã tạo {len(result.written)} tệp, bỏ qua {len(result.skipped)} tệp đã có."]
    lines += [f"  Đã tạo {display_path(p)}" for p in result.written]
    lines += [f"  Bỏ qua {display_path(p)} (đã có, không ghi đè)" for p in result.skipped]
    half = " --half 1" if result.period == "h1" else ""
    steps = ["Việc tiếp theo:"]
    if result.sheets_dir is not None:
        steps.append(f"  1. Gửi mỗi đơn vị bảng Excel của mình trong {display_path(result.sheets_dir)}/; đơn vị điền "
                     "điểm, kết quả nổi bật, tồn tại, hạn chế rồi gửi lại.")
        steps.append("  2. Nhập các bảng nhận được: thidua import-scores TỆP.xlsx... (nhiều tệp một lần).")
    else:
        steps.append(f"  1. Các đơn vị điền báo cáo {result.year}/{result.period}/<mã>.yaml (hoặc dùng "
                     f"`thidua export-sheet --unit <mã>{half}`).")
    steps.append(f"  {len(steps)}. Xem đơn vị nào đã nộp, nộp muộn: thidua status {result.year}{half}")
    return "\n".join(lines + steps)
