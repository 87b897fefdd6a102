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
