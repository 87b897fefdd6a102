"""Render `Nominations` as text, Markdown, CSV or JSON, with the conventions of `thidua rank`.

- text / markdown: per award, the proposed units in a table, then the unresolved ties and the
  units passed over, each with its reason "Yêu cầu: … / Hiện có: …";
- csv: one row per award and unit (đề nghị, bằng hạng, không đề nghị), UTF-8 BOM and CRLF for Excel;
- json: plain numbers and the reason split into rule / required / actual, for CI and scripts.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any, Dict, List, Optional

from thidua.rendering import table
from thidua.awards.rules import LEVEL_WORDS
from thidua.awards.nominate import AwardResult, ListedUnit, Nominations, Tie
from thidua.numbers import fmt_number

FORMATS = ("text", "csv", "json", "markdown")
BOM = "\ufeff"
HEADERS = ["Hạng", "Đơn vị", "Tổng điểm", "Xếp loại", "Phiếu"]
ALIGN = ["right", "left", "right", "left", "right"]
CSV_HEADERS = ["Mã hình thức", "Hình thức", "Kết quả", "Mã đơn vị", "Đơn vị", "Nhóm", "Hạng", "Tổng điểm",
               "Xếp loại", "Phiếu", "Lý do"]


def render_nominations(n: Nominations, fmt: str = "text") -> str:
    if fmt == "text":
        return render_text(n)
    if fmt == "markdown":
        return render_markdown(n)
    if fmt == "csv":
        return render_csv(n)
    if fmt == "json":
        return json.dumps(nominations_json(n), ensure_ascii=False, indent=2)
    raise ValueError(f"unknown format {fmt!r}")


def title(n: Nominations) -> str:
    return f"Đề nghị khen thưởng năm {n.year}"


def _subtitle(n: Nominations) -> str:
    return f"{n.bloc}; bộ quy định {n.preset} ({LEVEL_WORDS.get(n.preset, n.preset)})"


def _unit_line(e: ListedUnit) -> str:
    bits = []
    if e.rank is not None:
        bits.append(f"hạng {e.rank}")
    if e.total is not None:
        bits.append(f"{fmt_number(e.total)} điểm")
    if e.grade:
        bits.append(e.grade)
    return f"{e.label} ({', '.join(bits)})" if bits else e.label


def _rows(award: AwardResult) -> List[List[str]]:
    return [[str(e.rank or ""), e.label, fmt_number(e.total) if e.total is not None else "", e.grade or "",
             e.votes_text] for e in award.proposed]


def tie_text(tie: Tie) -> str:
    where = f" trong nhóm {tie.category}" if tie.category else ""
    tried = f"; đã xét: {'; '.join(tie.tried)}" if tie.tried else ""
    return (f"{', '.join(e.label for e in tie.entries)}: cùng hạng {tie.entries[0].rank}{where}, "
            f"tranh {tie.seats} suất{tried}. Khối bỏ phiếu để quyết định.")


def _limits(award: AwardResult) -> List[str]:
    out = [f"Chỉ tiêu: {award.quota}."]
    if award.cap:
        out.append(f"Giới hạn: {award.cap}.")
    return out


def render_text(n: Nominations) -> str:
    lines = [title(n).upper(), _subtitle(n)]
    for number, award in enumerate(n.awards, start=1):
        lines += ["", f"{number}. {award.name.upper()}", *_limits(award), ""]
        if award.proposed:
            lines += [table.simple(_rows(award), HEADERS, ALIGN), ""]
        else:
            lines += ["Không có đơn vị nào được đề nghị.", ""]
        if award.ties:
            lines.append("Bằng hạng chưa phân định:")
            lines += [f"  - {tie_text(t)}" for t in award.ties]
        if award.passed_over:
            lines.append("Không đề nghị:")
            for p in award.passed_over:
                lines += [f"  - {_unit_line(p.entry)}", f"      {p.reason}"]
    return "\n".join(lines).rstrip()


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(n: Nominations) -> str:
    lines = [f"**{title(n)}**", "", _subtitle(n) + "."]
    for award in n.awards:
        lines += ["", f"**{award.name}**", "", " ".join(_limits(award)), ""]
        if award.proposed:
            cells = [[_md(c) for c in row] for row in _rows(award)]
            lines.append(table.pipe(cells, HEADERS, ALIGN))
        else:
            lines.append("Không có đơn vị nào được đề nghị.")
        if award.ties:
            lines += ["", "Bằng hạng chưa phân định:", ""]
            lines += [f"- {_md(tie_text(t))}" for t in award.ties]
        if award.passed_over:
            lines += ["", "Không đề nghị:", ""]
            lines += [f"- {_md(_unit_line(p.entry))}: {_md(str(p.reason))}" for p in award.passed_over]
    return "\n".join(lines)


def render_csv(n: Nominations) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)

    def row(award: AwardResult, status: str, e: ListedUnit, reason: str) -> None:
        writer.writerow([award.id, award.name, status, e.unit, e.label, e.category or "", e.rank or "",
                         fmt_number(e.total) if e.total is not None else "", e.grade or "", e.votes_text, reason])

    for award in n.awards:
        for e in award.proposed:
            row(award, "đề nghị", e, "")
        for tie in award.ties:
            for e in tie.entries:
                row(award, "bằng hạng", e, tie_text(tie))
        for p in award.passed_over:
            row(award, "không đề nghị", p.entry, str(p.reason))
    return BOM + out.getvalue()


def _num(value: Optional[Decimal]) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _entry(e: ListedUnit) -> Dict[str, Any]:
    return {"unit": e.unit, "label": e.label, "category": e.category, "rank": e.rank, "total": _num(e.total),
            "grade": e.grade, "votes": e.votes, "voters": e.voters}


def nominations_json(n: Nominations) -> Dict[str, Any]:
    return {
        "year": n.year, "bloc": n.bloc, "preset": n.preset, "warnings": n.warnings,
        "awards": [{
            "id": a.id, "name": a.name, "quota": a.quota, "cap": a.cap,
            "proposed": [_entry(e) for e in a.proposed],
            "ties": [{"units": [_entry(e) for e in t.entries], "seats": t.seats, "category": t.category,
                      "tried": list(t.tried)} for t in a.ties],
            "passed_over": [dict(_entry(p.entry), reason={
                "rule": p.reason.rule, "required": p.reason.required, "actual": p.reason.actual,
                "text": str(p.reason)}) for p in a.passed_over],
        } for a in n.awards],
    }
