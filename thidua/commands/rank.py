"""`thidua rank`: the totals, grades and ranking of one period."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from thidua.commands.common import no_reports, save, usable_year
from thidua.errors import UsageError
from thidua.scoring import Ranking, rank_year


def rank_period(data_dir: Path, year: int, period: str) -> Ranking:
    """Load and check a year, then rank one period; refuses (DataError) when the data has errors.

    The other period's files are not read, so their errors do not stop the ranking.
    """
    checked = usable_year(data_dir, year, period, "chưa xếp hạng được")
    found = checked.year.periods.get(period)
    if found is None or not found.reports:
        raise no_reports(data_dir, year, period, "rank", "chưa xếp hạng được")
    return rank_year(checked.year, period, checked.warnings)


def save_workbook(ranking: Ranking, output: Optional[str], force: bool) -> Path:
    """Write the score table (`rank --format xlsx`) to `output`; the xlsx format needs a file name."""
    if not output:
        raise UsageError("Dạng xlsx cần tên tệp để ghi: thêm -o bang-tong-hop-diem.xlsx.")
    from thidua.rendering.xlsx import ranking_workbook

    save(output, ranking_workbook(ranking), force)
    return Path(output)
