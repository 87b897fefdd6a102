"""`thidua history` as text or JSON: a unit's year-end results across the years (`thidua.history`)."""

from __future__ import annotations

from typing import Tuple

from thidua.history import UnitHistory
from thidua.numbers import fmt_number, plain_number
from thidua.rendering.table import Column, json_text, text

COLUMNS = (
    Column("Năm", lambda ln: ln.year),
    Column("Tên đơn vị trong năm", lambda ln: ln.name),
    Column("Hạng", lambda ln: f"{ln.rank}/{ln.ranked}" if ln.rank else "", "right"),
    Column("Tổng điểm", lambda ln: fmt_number(ln.total) if ln.total is not None else "", "right"),
    Column("Xếp loại", lambda ln: ln.grade),
    Column("Đề nghị khen thưởng", lambda ln: "; ".join(ln.awards)),
    Column("Ghi chú", lambda ln: ln.note, optional=True),
)


def history_text(found: Tuple[UnitHistory, ...]) -> str:
    blocks = []
    for h in found:
        head = [f"{h.name} (mã {h.unit})"]
        if len(h.names) > 1:
            head.append("Đổi tên: " + " → ".join(f"{n} ({a}–{b})" if a != b else f"{n} ({a})"
                                                 for n, a, b in h.names) + ".")
        blocks.append("\n".join(head) + "\n\n" + text(COLUMNS, h.lines))
    return "\n\n".join(blocks)


def history_json(found: Tuple[UnitHistory, ...]) -> str:
    return json_text([{
        "unit": h.unit,
        "name": h.name,
        "names": [{"name": n, "from": a, "to": b} for n, a, b in h.names],
        "years": [{"year": ln.year, "name": ln.name, "rank": ln.rank, "ranked": ln.ranked or None,
                   "total": plain_number(ln.total), "grade": ln.grade, "awards": list(ln.awards), "note": ln.note}
                  for ln in h.lines],
    } for h in found])
