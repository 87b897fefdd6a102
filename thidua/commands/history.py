"""`thidua history`: a unit's year-end results across the years, each year loaded once.

The years are read oldest first; a year's record is kept for the history condition of the
proposals of the years after it, so no year is read twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Optional, Tuple

from thidua import history
from thidua.awards.conditions import YearRecord
from thidua.awards.nominate import nominate_ranked
from thidua.commands.nominate import earlier_years, record_of, year_end
from thidua.commands.common import unit_named as named_unit
from thidua.errors import ThiduaError
from thidua.paths import years


def histories(data_dir: Path, unit_id: Optional[str] = None) -> Tuple[history.UnitHistory, ...]:
    """Every unit's history (Vietnamese order of the latest name), or one unit's."""
    present = years(data_dir)
    if not present:
        raise ThiduaError(f"Thư mục dữ liệu '{data_dir}' chưa có năm nào.")
    records: Dict[int, YearRecord] = {}
    earlier = earlier_years(data_dir, records)
    results: Dict[int, history.YearResult] = {}
    for year in present:
        end = year_end(data_dir, year)
        records[year] = record_of(end)
        nominations = None
        if end.ranking is not None:
            try:
                nominations = nominate_ranked(end.checked.year, end.ranking, earlier)
            except ThiduaError:
                pass
        results[year] = history.year_result(year, end.checked.year.bloc, end.ranking, end.refused, nominations)
    return history.histories(results, None if unit_id is None else unit_named(results, unit_id))


def unit_named(results: Dict[int, history.YearResult], given: str) -> str:
    """The id of the unit `given` names: its id, or its full or short name in any year (see
    `common.unit_named`)."""
    names: Dict[str, list] = {}
    for result in results.values():
        for unit, pair in result.members.items():
            names.setdefault(unit, []).extend(pair)
    present = sorted(results)
    return named_unit(given, dict(sorted(names.items())), f"trong năm nào ({present[0]}–{present[-1]})")
