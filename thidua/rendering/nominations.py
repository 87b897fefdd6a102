"""Render `Nominations` as text, Markdown, CSV or JSON, with the conventions of `thidua rank`.

- text / markdown: per award, the proposed units in a table, then the unresolved ties and the
  units passed over, each with its reason "Yêu cầu: … / Hiện có: …";
- csv: one row per award and unit (đề nghị, bằng hạng, không đề nghị), UTF-8 BOM and CRLF for Excel;
- json: plain numbers and the reason split into rule / required / actual, for CI and scripts.
"""

from __future__ import annotations

from typing import Any, Dict, List, NamedTuple

from thidua.awards.rules import LEVEL_WORDS
from thidua.awards.nominate import AwardResult, ListedUnit, Nominations, Tie
from thidua.numbers import fmt_number, plain_number
from thidua.rendering.table import Column, csv_text, json_text, markdown, md_escape, text

FORMATS = ("text", "csv", "json", "markdown")


def _total(e: ListedUnit) -> str:
    return fmt_number(e.total) if e.total is not None else ""


COLUMNS = (  # the proposed units of one award
    Column("Hạng", lambda e: str(e.rank or ""), "right"),
    Column("Đơn vị", lambda e: e.label),
    Column("Tổng điểm", _total, "right"),
    Column("Xếp loại", lambda e: e.grade),
    Column("Phiếu", lambda e: e.votes_text, "right", optional=True),
)


class _Outcome(NamedTuple):
    """A CSV row: one award and one unit."""

    award: AwardResult
    status: str  # đề nghị, bằng hạng, không đề nghị
    entry: ListedUnit
    reason: str


CSV_COLUMNS = (
    Column("Mã hình thức", lambda r: r.award.id),
    Column("Hình thức", lambda r: r.award.name),
    Column("Kết quả", lambda r: r.status),
    Column("Mã đơn vị", lambda r: r.entry.unit),
    Column("Đơn vị", lambda r: r.entry.label),
    Column("Nhóm", lambda r: r.entry.category or ""),
    Column("Hạng", lambda r: r.entry.rank or ""),
    Column("Tổng điểm", lambda r: _total(r.entry)),
    Column("Xếp loại", lambda r: r.entry.grade or ""),
    Column("Phiếu", lambda r: r.entry.votes_text),
    Column("Lý do", lambda r: r.reason),
)


def render_nominations(n: Nominations, fmt: str = "text", sep: str = ",") -> str:
    if fmt == "text":
        return render_text(n)
    if fmt == "markdown":
        return render_markdown(n)
    if fmt == "csv":
        return render_csv(n, sep)
    if fmt == "json":
        return json_text(nominations_json(n))
    raise ValueError(f"unknown format {fmt!r}")


def title(n: Nominations) -> str:
    return f"Đề nghị khen thưởng năm {n.year}"


def _subtitle(n: Nominations) -> str:
    level = n.preset.partition("-")[0]
    return f"{n.bloc}; bộ quy định {n.preset} ({LEVEL_WORDS.get(level, level)}, giai đoạn {n.period})"


def basis_line(n: Nominations) -> str:
    """'Căn cứ: Luật ...; Nghị định ...; Thông tư ....' (the texts in force)."""
    return f"Căn cứ: {'; '.join(n.texts)}." if n.texts else ""


def vote_line(n: Nominations) -> str:
    return f"{n.bloc_word} thống nhất đề nghị, không bỏ phiếu kín." if n.agreed else ""


def _head(n: Nominations) -> List[str]:
    return [line for line in (_subtitle(n), basis_line(n), vote_line(n)) if line]


def _unit_line(e: ListedUnit) -> str:
    bits = []
    if e.rank is not None:
        bits.append(f"hạng {e.rank}")
    if e.total is not None:
        bits.append(f"{fmt_number(e.total)} điểm")
    if e.grade:
        bits.append(e.grade)
    return f"{e.label} ({', '.join(bits)})" if bits else e.label


def tie_text(tie: Tie, bloc_word: str = "Khối") -> str:
    where = f" trong nhóm {tie.category}" if tie.category else ""
    tried = f"; đã xét: {'; '.join(tie.tried)}" if tie.tried else ""
    return (f"{', '.join(e.label for e in tie.entries)}: cùng hạng {tie.entries[0].rank}{where}, "
            f"tranh {tie.seats} suất{tried}. {bloc_word} bỏ phiếu để quyết định.")


def _limits(award: AwardResult) -> List[str]:
    out = [f"Chỉ tiêu: {award.quota}."]
    if award.cap:
        out.append(f"Giới hạn: {award.cap}.")
    if award.note:
        out.append(f"Ghi chú: {award.note}")
    return out


def render_text(n: Nominations) -> str:
    lines = [title(n).upper(), *_head(n)]
    for number, award in enumerate(n.awards, start=1):
        lines += ["", f"{number}. {award.name.upper()}", *_limits(award), ""]
        if award.proposed:
            lines += [text(COLUMNS, award.proposed), ""]
        else:
            lines += ["Không có đơn vị nào được đề nghị.", ""]
        if award.ties:
            lines.append("Bằng hạng chưa phân định:")
            lines += [f"  - {tie_text(t, n.bloc_word)}" for t in award.ties]
        if award.passed_over:
            lines.append("Không đề nghị:")
            for p in award.passed_over:
                lines += [f"  - {_unit_line(p.entry)}", f"      {p.reason}"]
    return "\n".join(lines).rstrip()


def render_markdown(n: Nominations) -> str:
    lines = [f"**{title(n)}**", "", *[md_escape(line) + "  " for line in _head(n)[:-1]], md_escape(_head(n)[-1])]
    for award in n.awards:
        lines += ["", f"**{award.name}**", "", " ".join(_limits(award)), ""]
        if award.proposed:
            lines.append(markdown(COLUMNS, award.proposed, escape=True))
        else:
            lines.append("Không có đơn vị nào được đề nghị.")
        if award.ties:
            lines += ["", "Bằng hạng chưa phân định:", ""]
            lines += [f"- {md_escape(tie_text(t, n.bloc_word))}" for t in award.ties]
        if award.passed_over:
            lines += ["", "Không đề nghị:", ""]
            lines += [f"- {md_escape(_unit_line(p.entry))}: {md_escape(str(p.reason))}" for p in award.passed_over]
    return "\n".join(lines)


def render_csv(n: Nominations, sep: str = ",") -> str:
    rows = []
    for award in n.awards:
        rows += [_Outcome(award, "đề nghị", e, "") for e in award.proposed]
        rows += [_Outcome(award, "bằng hạng", e, tie_text(tie, n.bloc_word)) for tie in award.ties for e in tie.entries]
        rows += [_Outcome(award, "không đề nghị", p.entry, str(p.reason)) for p in award.passed_over]
    return csv_text(CSV_COLUMNS, rows, sep)


def _entry(e: ListedUnit) -> Dict[str, Any]:
    return {"unit": e.unit, "label": e.label, "category": e.category, "rank": e.rank,
            "total": plain_number(e.total), "grade": e.grade, "votes": e.votes, "voters": e.voters}


def nominations_json(n: Nominations) -> Dict[str, Any]:
    return {
        "year": n.year, "bloc": n.bloc, "preset": n.preset, "warnings": n.warnings,
        "period": n.period, "texts": list(n.texts), "agreed": n.agreed,
        "awards": [{
            "id": a.id, "name": a.name, "quota": a.quota, "cap": a.cap, "note": a.note,
            "proposed": [_entry(e) for e in a.proposed],
            "ties": [{"units": [_entry(e) for e in t.entries], "seats": t.seats, "category": t.category,
                      "tried": list(t.tried)} for t in a.ties],
            "passed_over": [dict(_entry(p.entry), reason={
                "rule": p.reason.rule, "required": p.reason.required, "actual": p.reason.actual,
                "text": str(p.reason)}) for p in a.passed_over],
        } for a in n.awards],
    }
