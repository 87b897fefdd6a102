"""`thidua export-sheet`: one unit's scoring sheet as an Excel file to fill in and print."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Tuple

from thidua import model as m
from thidua.checks import check_sheet
from thidua.commands.common import bloc_unit, refuse_existing, save
from thidua.errors import DataError
from thidua.paths import display_path
from thidua.problems import ERROR
from thidua.reading.loader import load_year


def sheet_year(data_dir: Path, year: int, unit_id: str) -> Tuple[m.Year, m.Unit, m.Sheet]:
    """The loaded year, the unit and the scoring sheet, for a sheet going out or coming back.

    Only the scoring sheet must be free of errors (the self-reports are what the sheet fills); `unit_id`
    is an id (a sheet carries its unit's id), a wrong one is refused with the closest ids and names."""
    loaded = checked_sheet(data_dir, year)
    return loaded, bloc_unit(loaded.bloc, unit_id, by_name=False), loaded.sheet


def checked_sheet(data_dir: Path, year: int) -> m.Year:
    """The loaded year, with a bloc.yaml and a criteria.yaml read and a scoring sheet free of errors."""
    loaded, problems = load_year(data_dir, year)
    if loaded.bloc is None or loaded.sheet is None:
        raise DataError(f"Không đọc được bloc.yaml hoặc criteria.yaml của năm {year}; chạy "
                        f"'thidua validate {year}' để xem lỗi.")
    criteria_file = display_path(data_dir / str(year) / "criteria.yaml")
    sheet_errors = [p for p in problems if p.src.file == criteria_file and p.level == ERROR]
    sheet_errors += [p for p in check_sheet(loaded.sheet, None) if p.level == ERROR]
    if sheet_errors:
        raise DataError(f"Bảng chấm điểm {criteria_file} có lỗi; chạy 'thidua validate {year}' để xem và sửa trước.")
    return loaded


def own_report(loaded: m.Year, period: str, unit_id: str) -> Optional[m.SelfReport]:
    """The unit's self-report of the period, if it has sent one."""
    data = loaded.periods.get(period)
    return data.reports.get(unit_id) if data else None


def export_sheet(data_dir: Path, year: int, period: str, given: str, output: Optional[str], force: bool) -> Path:
    """Write the scoring sheet of the unit `given` (its id or name) to `output` (default:
    `default_sheet_name`), pre-filled from its self-report when there is one."""
    from thidua.rendering.xlsx import default_sheet_name, sheet_workbook

    if output:
        refuse_existing(output, force)
    loaded = checked_sheet(data_dir, year)
    unit = bloc_unit(loaded.bloc, given)
    path = Path(output or default_sheet_name(unit.id, year, period))
    refuse_existing(str(path), force)
    save(str(path), sheet_workbook(loaded.bloc, loaded.sheet, unit, period, own_report(loaded, period, unit.id)),
         force)
    return path
