"""`thidua history`: a unit's year-end results across every year of the data folder.

A unit keeps its id across years while its name may change (mergers, the 2025 reforms); each
year's line shows the name the unit had that year. A year without a year-end result says why
(not a member, no year-end reports yet, errors in the data). Awards are the bloc's proposals
(`thidua nominate`), not the decisions of the awarding authority.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Dict, List, Mapping, NamedTuple, Optional, Tuple

from thidua import model as m
from thidua.collate import vi_key
from thidua.errors import DataError, ThiduaError, UsageError


class YearLine(NamedTuple):
    year: int
    name: Optional[str]  # the unit's name that year; None when it was not a member
    label: Optional[str]
    rank: Optional[int]
    ranked: int  # how many units were ranked that year
    total: Optional[Decimal]
    grade: Optional[str]
    awards: Tuple[str, ...]  # names of the awards the bloc proposed the unit for
    note: Optional[str]  # why a field is empty


class UnitHistory(NamedTuple):
    unit: str
    lines: Tuple[YearLine, ...]  # one a year, oldest first

    @property
    def name(self) -> str:
        """The latest name."""
        named = [ln.name for ln in self.lines if ln.name]
        return named[-1] if named else self.unit

    @property
    def names(self) -> Tuple[Tuple[str, int, int], ...]:
        """(name, first year, last year) for each name the unit has had, in order."""
        out: List[List] = []
        for ln in self.lines:
            if ln.name is None:
                continue
            if out and out[-1][0] == ln.name:
                out[-1][2] = ln.year
            else:
                out.append([ln.name, ln.year, ln.year])
        return tuple((n, a, b) for n, a, b in out)


class YearResult(NamedTuple):
    """One year as the history shows it: members, year-end places and the bloc's proposals."""

    members: Dict[str, Tuple[str, str]]  # id -> (name, label)
    places: Dict[str, Tuple[int, Decimal, Optional[str]]]  # id -> (rank, total, grade)
    ranked: int
    awards: Dict[str, Tuple[str, ...]]  # id -> award names
    note: Optional[str]  # why there are no places (or no awards)


def year_result(year: int, bloc: Optional[m.Bloc], ranking=None, refused: Optional[ThiduaError] = None,
                nominations=None) -> YearResult:
    """A year's line material from its bloc, its year-end ranking (or the error that `refused` it) and
    its proposals (None when they could not be decided)."""
    if bloc is None:
        return YearResult({}, {}, 0, {}, "không đọc được bloc.yaml")
    members = {u.id: (u.name, u.label) for u in bloc.units}
    if ranking is None:
        if isinstance(refused, DataError):
            return YearResult(members, {}, 0, {}, f"dữ liệu có lỗi (chạy thidua validate {year})")
        return YearResult(members, {}, 0, {}, "chưa có kết quả cả năm")
    places = {s.unit.id: (s.rank, s.score.total, s.score.grade) for s in ranking.standings}
    awards: Dict[str, List[str]] = {}
    for award in nominations.awards if nominations is not None else ():
        for entry in award.proposed:
            awards.setdefault(entry.unit, []).append(award.name)
    note = None if nominations is not None else "chưa xét được đề nghị khen thưởng"
    return YearResult(members, places, len(ranking.standings), {k: tuple(v) for k, v in awards.items()}, note)


def histories(results: Mapping[int, YearResult], unit_id: Optional[str] = None) -> Tuple[UnitHistory, ...]:
    """Every unit's history (Vietnamese order of the latest name), or one unit's, from each year's
    result (`results` in year order, at least one)."""
    present = list(results)
    ids: List[str] = []
    for y in present:
        ids += [i for i in results[y].members if i not in ids]
    if unit_id is not None:
        if unit_id not in ids:
            raise UsageError(f"Không có đơn vị '{unit_id}' trong năm nào ({present[0]}–{present[-1]}); "
                             f"các mã đơn vị: {', '.join(sorted(ids))}.")
        ids = [unit_id]
    out = []
    for uid in ids:
        lines = []
        for y in present:
            r = results[y]
            name, label = r.members.get(uid, (None, None))
            place = r.places.get(uid)
            if name is None:
                note = "không là thành viên của Khối" if r.members else r.note
            elif place is None:
                note = r.note or "chưa nộp báo cáo tự chấm cả năm"
            else:
                note = r.note
            lines.append(YearLine(y, name, label, place[0] if place else None, r.ranked,
                                  place[1] if place else None, place[2] if place else None,
                                  r.awards.get(uid, ()), note))
        out.append(UnitHistory(uid, tuple(lines)))
    out.sort(key=lambda h: (vi_key(h.name), h.unit))
    return tuple(out)
