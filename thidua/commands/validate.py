"""`thidua validate`: load a year (or every year) and run every check."""

from __future__ import annotations

from pathlib import Path
from typing import List, NamedTuple, Optional, Tuple

from thidua.commands.common import load_checked
from thidua.errors import ThiduaError
from thidua.paths import resolve_year, years
from thidua.problems import ERROR, Problem, sort_problems


class Validation(NamedTuple):
    years: Tuple[int, ...]  # the years checked
    problems: List[Problem]  # sorted by place

    def failed(self, strict: bool) -> bool:
        """Exit code 1: an error, or with --strict any problem."""
        return any(p.level == ERROR for p in self.problems) or bool(strict and self.problems)


def validate_year(data_dir: Path, year: int) -> List[Problem]:
    """Every problem of one year, unsorted; with the ballots compared with what the rules would propose
    when the year is clean enough to rank."""
    checked = load_checked(data_dir, year)
    if checked.errors or checked.year.ballots is None:
        return checked.problems
    from thidua.awards.nominate import ballot_gaps
    from thidua.commands.nominate import earlier_years
    from thidua.scoring import rank_year

    try:
        ranking = rank_year(checked.year, "year")
    except ThiduaError:
        return checked.problems
    return checked.problems + ballot_gaps(checked.year, ranking, earlier_years(data_dir))


def validate(data_dir: Path, year: Optional[int], all_years: bool) -> Validation:
    """Check `year` (the latest when None), or every year of the data folder."""
    targets = years(data_dir) if all_years else [resolve_year(data_dir, year)]
    if not targets:
        raise ThiduaError(f"Thư mục dữ liệu '{data_dir}' chưa có năm nào (cần các thư mục như '{data_dir}/2020').")
    problems: List[Problem] = []
    for target in targets:
        problems += validate_year(data_dir, target)
    return Validation(tuple(targets), sort_problems(problems))


FILE_KINDS = {"bloc.yaml": "bloc", "criteria.yaml": "criteria", "awards.yaml": "awards", "review.yaml": "review",
              "summary.yaml": "summary", "ballots.yaml": "ballots"}
"""A file checked on its own is of the kind its name says; any other name is a unit's self-report."""


def validate_files(data_dir: Path, paths: List[Path]) -> Validation:
    """Check each file (a self-report a unit emailed, wherever it is) against the year it belongs to: its
    own `year:` (else the year folder it is in) and, for a report, its `period:` (else its folder). Only
    the problems of the files themselves are returned; the year's other files are the reference."""
    problems: List[Problem] = []
    checked_years = []
    for path in paths:
        found, year = _validate_file(data_dir, path)
        problems += found
        if year is not None and year not in checked_years:
            checked_years.append(year)
    return Validation(tuple(checked_years), sort_problems(problems))


def _validate_file(data_dir: Path, path: Path) -> Tuple[List[Problem], Optional[int]]:
    from thidua import model as m
    from thidua.checks import check_year
    from thidua.paths import display_path
    from thidua.problems import Src, error
    from thidua.reading.loader import load_file, load_year

    name = display_path(path)
    if not path.is_file():
        return [error(Src(name, 1, 1), "missing-file", f"Không có tệp {name}.")], None
    kind = FILE_KINDS.get(path.name, "self-report")
    own: List[Problem] = []
    record = load_file(path, kind, own, name)
    year = getattr(record, "year", None) or _year_of_path(path)
    if year is None:
        return own + [error(Src(name, 1, 1), "year-unknown", "Không biết tệp thuộc năm nào: tệp không ghi `year:` "
                                                             "đọc được và không nằm trong thư mục năm.")], None
    if year not in years(data_dir):
        return own + [error(Src(name, 1, 1), "year-unknown", f"Thư mục dữ liệu '{data_dir}' không có năm {year} để "
                                                             "đối chiếu tệp này.")], year
    if record is None:
        return own, year
    period = getattr(record, "period", None) or (path.parent.name if path.parent.name in m.PERIODS else None)
    loaded, _ = load_year(data_dir, year, period)
    loaded = _with_file(loaded, kind, record, period)
    return own + [p for p in check_year(loaded) if p.src.file == name], year


def _year_of_path(path: Path) -> Optional[int]:
    for folder in path.resolve().parents[:3]:
        if folder.name.isdigit() and len(folder.name) == 4:
            return int(folder.name)
    return None


def _with_file(loaded, kind: str, record, period: Optional[str]):
    """The year with the file's record in the place of the one read from the data folder."""
    from thidua import model as m

    if kind in ("bloc", "criteria", "awards", "ballots"):
        return loaded._replace(**{{"criteria": "sheet"}.get(kind, kind): record})
    if period is None:
        return loaded
    periods = dict(loaded.periods)
    current = periods.get(period) or m.Period(period, m.frozen_map({}), None, None)
    if kind == "self-report":
        current = current._replace(reports=m.frozen_map({**current.reports, record.unit: record}))
    else:
        current = current._replace(**{kind: record})
    periods[period] = current
    return loaded._replace(periods=m.frozen_map(periods))
