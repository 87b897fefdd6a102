"""`thidua history` as text or JSON: a unit's year-end results across the years (`thidua.history`)."""

from __future__ import annotations

import json
from typing import Tuple

from thidua.history import UnitHistory
from thidua.numbers import fmt_number, plain_number
from thidua.rendering.table import simple


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


def history_json(found: Tuple[UnitHistory, ...]) -> str:
    return json.dumps([{
        "unit": h.unit,
        "name": h.name,
        "names": [{"name": n, "from": a, "to": b} for n, a, b in h.names],
        "years": [{"year": ln.year, "name": ln.name, "rank": ln.rank, "ranked": ln.ranked or None,
                   "total": plain_number(ln.total), "grade": ln.grade, "awards": list(ln.awards), "note": ln.note}
                  for ln in h.lines],
    } for h in found], ensure_ascii=False, indent=2)
