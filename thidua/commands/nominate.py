"""`thidua nominate`: the year-end award proposals; and the year-end results other commands read.

A year is loaded once for its year end (`year_end`): the ranking and the proposals come from that
one load. Earlier years, which the history condition reads, are loaded once each and kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, NamedTuple, Optional

from thidua.awards.conditions import YearRecord
from thidua.awards.nominate import Nominations, nominate_ranked, year_record
from thidua.commands.common import CheckedYear, load_checked, no_reports, refusal
from thidua.errors import DataError, ThiduaError
from thidua.scoring import Ranking, rank_year


class YearEnd(NamedTuple):
    """A year loaded and checked for its year end: its ranking, or the refusal that stopped it."""

    checked: CheckedYear
    ranking: Optional[Ranking]
    refused: Optional[ThiduaError]  # DataError: the data has errors; else no year-end result


def year_end(data_dir: Path, year: int) -> YearEnd:
    """Load and check `year` (not its h1 files, whose errors do not stop the proposals), then rank
    its year end."""
    checked = load_checked(data_dir, year, "year")
    errors = len(checked.errors)
    if errors:
        return YearEnd(checked, None, refusal(year, errors, "chưa xét đề nghị khen thưởng được"))
    try:
        return YearEnd(checked, rank_year(checked.year, "year"), None)
    except ThiduaError as exc:
        return YearEnd(checked, None, exc)


def record_of(end: YearEnd) -> YearRecord:
    """A year's record for the history condition, or why there is none."""
    year = end.checked.year.year
    if end.ranking is not None:
        return year_record(end.ranking)
    if isinstance(end.refused, DataError):
        return YearRecord(year, (), {}, missing=f"dữ liệu có lỗi (chạy `thidua validate {year}`)")
    return YearRecord(year, (), {}, missing="chưa có kết quả chấm điểm cả năm")


def earlier_years(data_dir: Path, known: Optional[Dict[int, YearRecord]] = None) -> Callable[[int], YearRecord]:
    """The history condition's look-up: an earlier year's record, from `known` (which it fills) or
    loaded once."""
    cache: Dict[int, YearRecord] = {} if known is None else known

    def history(year: int) -> YearRecord:
        if year not in cache:
            if (data_dir / str(year)).is_dir():
                cache[year] = record_of(year_end(data_dir, year))
            else:
                cache[year] = YearRecord(year, (), {}, missing=f"không có dữ liệu (thư mục {year})")
        return cache[year]

    return history


def nominate_year(data_dir: Path, year: int) -> Nominations:
    """Load, check and rank `year`, then decide its award proposals; refuses data with errors."""
    end = year_end(data_dir, year)
    if end.ranking is None:
        found = end.checked.year.periods.get("year")
        if not isinstance(end.refused, DataError) and (found is None or not found.reports):
            raise no_reports(data_dir, year, "year", "nominate", "chưa xét đề nghị khen thưởng được")
        raise end.refused  # type: ignore[misc]
    return nominate_ranked(end.checked.year, end.ranking, earlier_years(data_dir), end.checked.warnings)
