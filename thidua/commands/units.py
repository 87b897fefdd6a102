"""`thidua units`: the member units of a year, in Vietnamese alphabetical order."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from thidua.checks import check_bloc
from thidua.commands.common import refusal
from thidua.errors import DataError
from thidua.problems import ERROR, Problem
from thidua.reading.loader import load_file
from thidua.rendering.roster import Roster, roster


def load_roster(data_dir: Path, year: int) -> Roster:
    """The members of `year`, sorted by name, from bloc.yaml and awards.yaml alone (a broken
    self-report does not hide the roster); DataError when either file has errors."""
    folder = data_dir / str(year)
    problems: List[Problem] = []
    bloc = load_file(folder / "bloc.yaml", "bloc", problems)
    names: Optional[Dict[str, str]] = None  # no award rules: award ids are not checked, and shown as they are
    if (folder / "awards.yaml").is_file():
        awards = load_file(folder / "awards.yaml", "awards", problems)
        if awards is not None:
            from thidua.awards.rules import catalogue

            names, award_problems = catalogue(awards)
            problems += award_problems
    if bloc is None:
        raise DataError(f"Không đọc được tệp bloc.yaml của năm {year}; chạy 'thidua validate {year}' để xem lỗi.")
    errors = sum(1 for p in problems + check_bloc(bloc, names) if p.level == ERROR)
    if errors:
        raise refusal(year, errors, "chưa liệt kê được các đơn vị")
    return roster(bloc, names or {})
