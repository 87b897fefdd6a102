"""`thidua validate`: load a year and run every check."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from thidua import model as m
from thidua.checks import check_year
from thidua.loader import load_year
from thidua.problems import Problem


def load_and_check(data_dir: Path, year: int) -> Tuple[m.Year, List[Problem]]:
    """The loaded year and all its problems (loading and meaning), unsorted."""
    loaded, problems = load_year(data_dir, year)
    return loaded, problems + check_year(loaded)


def validate_year(data_dir: Path, year: int) -> List[Problem]:
    return load_and_check(data_dir, year)[1]
