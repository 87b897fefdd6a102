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
from thidua.errors import ThiduaError, UsageError
from thidua.paths import years
from thidua.problems import did_you_mean


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


def _folded(text: str) -> str:
    """A name as a clerk may type it: letter case, spaces and diacritics do not count ('cong an tinh')."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                    if not unicodedata.combining(c))
    return " ".join(plain.split()).casefold()


def unit_named(results: Dict[int, history.YearResult], given: str) -> str:
    """The id of the unit `given` names: its id, or its full or short name in any year (letter case and
    spaces do not count); else a UsageError that suggests the closest ids and names (difflib)."""
    by_name: Dict[str, str] = {}
    shown: Dict[str, str] = {}
    for result in results.values():
        if given in result.members:
            return given
        for unit, pair in result.members.items():
            for text in pair:
                by_name.setdefault(_folded(text), unit)
                shown.setdefault(_folded(text), f"{text} ({unit})")
    if _folded(given) in by_name:
        return by_name[_folded(given)]
    ids = sorted({u for r in results.values() for u in r.members})
    hint = did_you_mean(given, ids) or did_you_mean(_folded(given), shown)
    present = sorted(results)
    raise UsageError(f"Không có đơn vị '{given}' (mã hoặc tên) trong năm nào ({present[0]}–{present[-1]}).{hint} "
                     f"Các mã đơn vị: {', '.join(ids)} (xem: thidua units).")
