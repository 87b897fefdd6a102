"""`thidua explain`: how one unit's total of a period came about, step by step."""

from __future__ import annotations

from pathlib import Path

from thidua import model as m
from thidua.commands.common import bloc_unit, usable_year
from thidua.errors import ThiduaError
from thidua.rendering.explain import Explained
from thidua.scoring import rank_year


def explain_unit(data_dir: Path, year: int, period: str, given: str) -> Explained:
    """Load and check the year, rank the period and pick the unit (`given`: its id or name); refuses on
    data errors, an unknown unit (usage) or a unit without a self-report."""
    checked = usable_year(data_dir, year, period, "chưa giải thích được điểm")
    loaded = checked.year
    assert loaded.bloc is not None
    unit_id = bloc_unit(loaded.bloc, given).id
    ranking = rank_year(loaded, period, checked.warnings)
    standing = ranking.standing(unit_id)
    data = loaded.periods[period]
    if standing is None:
        raise ThiduaError(f"Đơn vị '{unit_id}' chưa nộp báo cáo tự chấm điểm {m.PERIOD_WORDS[period]} {year}.")
    review = data.review.units.get(unit_id) if data.review else None
    return Explained(ranking, standing, data.reports[unit_id], review, data.scorers)
