"""`thidua explain`: how one unit's total of a period came about, step by step."""

from __future__ import annotations

from pathlib import Path

from thidua import model as m
from thidua.commands.common import usable_year
from thidua.errors import ThiduaError, UsageError
from thidua.problems import did_you_mean
from thidua.rendering.explain import Explained
from thidua.scoring import rank_year


def explain_unit(data_dir: Path, year: int, period: str, unit_id: str) -> Explained:
    """Load and check the year, rank the period and pick the unit; refuses on data errors, an unknown
    unit (usage) or a unit without a self-report."""
    checked = usable_year(data_dir, year, period, "chưa giải thích được điểm")
    loaded = checked.year
    assert loaded.bloc is not None
    if loaded.bloc.unit(unit_id) is None:
        raise UsageError(f"Không có đơn vị '{unit_id}' trong Khối năm {year}.{did_you_mean(unit_id, loaded.bloc.unit_ids)} "
                         f"Các mã đơn vị: {', '.join(loaded.bloc.unit_ids)} (xem: thidua units).")
    ranking = rank_year(loaded, period, checked.warnings)
    standing = ranking.standing(unit_id)
    data = loaded.periods[period]
    if standing is None:
        raise ThiduaError(f"Đơn vị '{unit_id}' chưa nộp báo cáo tự chấm điểm {m.PERIOD_WORDS[period]} {year}.")
    review = data.review.units.get(unit_id) if data.review else None
    return Explained(ranking, standing, data.reports[unit_id], review, data.scorers)
