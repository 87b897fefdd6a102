"""`thidua units`: the member units of a year, in Vietnamese alphabetical order."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

from thidua.errors import DataError
from thidua.reading.loader import load_year
from thidua.rendering.roster import Roster, roster


def load_roster(data_dir: Path, year: int) -> Roster:
    """The members of `year`, sorted by name; DataError if bloc.yaml cannot be read."""
    loaded, _ = load_year(data_dir, year)
    if loaded.bloc is None:
        raise DataError(f"Không đọc được tệp bloc.yaml của năm {year}; chạy 'thidua validate {year}' để xem lỗi.")
    names: Dict[str, str] = {}
    if loaded.awards is not None:
        from thidua.awards.rules import catalogue

        names, _ = catalogue(loaded.awards)
    return roster(loaded.bloc, names)
