"""`thidua history`: a unit's year-end results across every year of the data folder.

A unit keeps its id across years while its name may change (mergers, the 2025 reforms); each
year's line shows the name the unit had that year. A year without a year-end result says why
(not a member, no year-end reports yet, errors in the data). Awards are the bloc's proposals
(`thidua nominate`), not the decisions of the awarding authority.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

from thidua.collate import vi_key
from thidua.errors import DataError, ThiduaError, UsageError
from thidua.reading.loader import load_year
from thidua.numbers import fmt_number
from thidua.paths import years
from thidua.rendering.table import simple


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


class _YearResult(NamedTuple):
    members: Dict[str, Tuple[str, str]]  # id -> (name, label)
    places: Dict[str, Tuple[int, Decimal, Optional[str]]]  # id -> (rank, total, grade)
    ranked: int
    awards: Dict[str, Tuple[str, ...]]  # id -> award names
    note: Optional[str]  # why there are no places (or no awards)


def _year_result(data_dir: Path, year: int) -> _YearResult:
    from thidua.awards.nominate import nominate_year
    from thidua.scoring import rank_period

    loaded, _ = load_year(data_dir, year)
    if loaded.bloc is None:
        return _YearResult({}, {}, 0, {}, "không đọc được bloc.yaml")
    members = {u.id: (u.name, u.label) for u in loaded.bloc.units}
    try:
        ranking = rank_period(data_dir, year, "year")
    except DataError:
        return _YearResult(members, {}, 0, {}, f"dữ liệu có lỗi (chạy thidua validate {year})")
    except ThiduaError:
        return _YearResult(members, {}, 0, {}, "chưa có kết quả cả năm")
    places = {s.unit.id: (s.rank, s.score.total, s.score.grade) for s in ranking.standings}
    awards: Dict[str, List[str]] = {}
    note = None
    try:
        for award in nominate_year(data_dir, year).awards:
            for entry in award.proposed:
                awards.setdefault(entry.unit, []).append(award.name)
    except ThiduaError:
        note = "chưa xét được đề nghị khen thưởng"
    return _YearResult(members, places, len(ranking.standings), {k: tuple(v) for k, v in awards.items()}, note)


def histories(data_dir: Path, unit_id: Optional[str] = None) -> Tuple[UnitHistory, ...]:
    """Every unit's history (Vietnamese order of the latest name), or one unit's."""
    present = years(data_dir)
    if not present:
        raise ThiduaError(f"Thư mục dữ liệu '{data_dir}' chưa có năm nào.")
    results = {y: _year_result(data_dir, y) for y in present}
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


HEADERS = ("Năm", "Tên đơn vị trong năm", "Hạng", "Tổng điểm", "Xếp loại", "Đề nghị khen thưởng", "Ghi chú")


def history_text(found: Tuple[UnitHistory, ...]) -> str:
    blocks = []
    for h in found:
        head = [f"{h.name} (mã {h.unit})"]
        if len(h.names) > 1:
            head.append("Đổi tên: " + " → ".join(f"{n} ({a}–{b})" if a != b else f"{n} ({a})"
                                                 for n, a, b in h.names) + ".")
        rows = [[ln.year, ln.name or "", f"{ln.rank}/{ln.ranked}" if ln.rank else "",
                 fmt_number(ln.total) if ln.total is not None else "", ln.grade or "", "; ".join(ln.awards),
                 ln.note or ""] for ln in h.lines]
        headers = list(HEADERS)
        align = ["left", "left", "right", "right", "left", "left", "left"]
        if not any(ln.note for ln in h.lines):  # no remarks: drop the empty column
            headers, align, rows = headers[:-1], align[:-1], [r[:-1] for r in rows]
        table = simple(rows, headers, align)
        blocks.append("\n".join(head) + "\n\n" + table)
    return "\n\n".join(blocks)


def _num(value: Optional[Decimal]):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def history_json(found: Tuple[UnitHistory, ...]) -> str:
    return json.dumps([{
        "unit": h.unit,
        "name": h.name,
        "names": [{"name": n, "from": a, "to": b} for n, a, b in h.names],
        "years": [{"year": ln.year, "name": ln.name, "rank": ln.rank, "ranked": ln.ranked or None,
                   "total": _num(ln.total), "grade": ln.grade, "awards": list(ln.awards), "note": ln.note}
                  for ln in h.lines],
    } for h in found], ensure_ascii=False, indent=2)
