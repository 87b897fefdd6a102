"""`thidua validate`: load a year and run every check."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Tuple

from thidua import model as m
from thidua.checks import check_year
from thidua.reading.loader import load_year
from thidua.problems import Problem


def load_and_check(data_dir: Path, year: int, only: Optional[str] = None) -> Tuple[m.Year, List[Problem]]:
    """The loaded year and all its problems (loading and meaning), unsorted; with `period`, of the
    year's files and those of period `only` (see `load_year`)."""
    loaded, problems = load_year(data_dir, year, only)
    return loaded, problems + check_year(loaded)


def validate_year(data_dir: Path, year: int) -> List[Problem]:
    return load_and_check(data_dir, year)[1]
