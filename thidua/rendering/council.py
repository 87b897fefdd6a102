"""The council's summary of every bloc and its decisions, as text, Markdown, CSV, JSON or Excel.

- the summary table: one row a bloc (ready or why not, its leader, total and grade, its proposals,
  whether its dossier is complete), described once by its columns (`rendering.table.Column`);
- the council's decisions: per award, the arithmetic of the province-wide cap, the ballot threshold,
  the units proposed, the ties and shortfalls, and each unit passed over with its reason.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, NamedTuple

from thidua.awards.council import AwardOutcome, BlocView, Candidate, CouncilResult, votes_text
from thidua.numbers import fmt_number, plain_number
from thidua.problems import format_json
from thidua.rendering.nominations import CSV_COLUMNS as NOMINATION_COLUMNS
from thidua.rendering.table import Column, csv_text, json_text, markdown, md_escape, text

FORMATS = ("text", "markdown", "csv", "json", "xlsx")


def _leader(b: BlocView) -> str:
    return ", ".join(e.label for e in b.leaders)


def _total(b: BlocView) -> str:
    return fmt_number(b.leaders[0].total) if b.leaders and b.leaders[0].total is not None else ""


def proposals_words(b: BlocView) -> str:
    """'Cờ thi đua của Ủy ban nhân dân tỉnh: Công an tỉnh; Bằng khen ...: TAND tỉnh, VKSND tỉnh'."""
    if b.nominations is None:
        return ""
    parts = [f"{a.name}: {', '.join(e.label for e in a.proposed)}" for a in b.nominations.awards if a.proposed]
    parts += [f"{a.name}: bằng hạng chưa phân định" for a in b.nominations.awards if a.ties and not a.proposed]
    return "; ".join(parts) or "không đề nghị"


def dossier_words(b: BlocView) -> str:
    if not b.ready:
        return ""
    missing = [d.name for d in b.dossier if not d.present]
    return "Đủ" if not missing else "Thiếu: " + "; ".join(missing)


def status_words(b: BlocView) -> str:
    return "Sẵn sàng" if b.ready else f"Chưa sẵn sàng: {b.why}"


BLOC_COLUMNS = (
    Column("STT", lambda r: str(r[0]), "right"),
    Column("Khối", lambda r: r[1].label),
    Column("Tình trạng", lambda r: status_words(r[1])),
    Column("Đơn vị dẫn đầu", lambda r: _leader(r[1])),
    Column("Tổng điểm", lambda r: _total(r[1]), "right"),
    Column("Xếp loại", lambda r: r[1].leaders[0].grade if r[1].leaders else ""),
    Column("Dẫn đầu đạt tiêu chuẩn Cờ", lambda r: standard_words(r[1], r[2])),
    Column("Hồ sơ", lambda r: dossier_words(r[1])),
)
CSV_BLOC_COLUMNS = BLOC_COLUMNS[:1] + (Column("Mã Khối", lambda r: r[1].id),) + BLOC_COLUMNS[1:] + (
    Column("Đề nghị của Khối", lambda r: proposals_words(r[1])),
    Column("Thư mục dữ liệu", lambda r: r[1].folder),
    Column("Lỗi", lambda r: r[1].errors, "right"),
    Column("Cảnh báo", lambda r: r[1].warnings, "right"),
)


def _rows(result: CouncilResult) -> List[tuple]:
    """(number, bloc, the standard award's source id) for the columns."""
    standard = result.standard
    return [(n, b, standard.source if standard else None) for n, b in enumerate(result.blocs, 1)]


def standard_words(b: BlocView, award_id) -> str:
    """Whether the bloc's leader meets the standard (is proposed for the flag): 'Đạt' or 'Chưa: …'."""
    if not b.ready or award_id is None:
        return ""
    why = b.leader_verdict(award_id)
    return "Đạt" if not why else f"Chưa: {why}"


def title(result: CouncilResult) -> str:
    return f"Kết quả thi đua năm {result.council.year} của các Khối thi đua"


def period_line(result: CouncilResult) -> str:
    if result.rules is None:
        return "Chưa xác định được giai đoạn pháp lý (xem lỗi ở trên)."
    return f"Giai đoạn {result.rules.period.words()}. Căn cứ: {'; '.join(result.texts)}."


def counts_line(result: CouncilResult) -> str:
    ready = len(result.ready)
    return (f"{len(result.blocs)} Khối: {ready} sẵn sàng, {len(result.blocs) - ready} chưa sẵn sàng; "
            f"{len(result.council.members)} thành viên Hội đồng.")


def candidate_words(c: Candidate) -> str:
    e = c.entry
    bits = [c.bloc_name, f"hạng {e.rank}" if e.rank else "", f"{fmt_number(e.total)} điểm" if e.total is not None else "",
            e.grade or "", f"{votes_text(c)} phiếu của Hội đồng" if c.voters is not None else ""]
    return f"{c.name} ({', '.join(b for b in bits if b)})"


def award_lines(a: AwardOutcome, bullet: str = "  - ", indent: str = "      ") -> List[str]:
    """The council's decision on one award, as lines (text and Markdown share them)."""
    lines = [f"Căn cứ: {a.basis}."]
    if a.cap:
        lines.append(f"Tỷ lệ toàn tỉnh: {a.cap}.")
    if a.threshold:
        lines.append(f"Ngưỡng phiếu của Hội đồng: {a.threshold}.")
    lines.append(f"Ứng viên do các Khối đề nghị: {a.candidates}.")
    if a.pending:
        lines.append(f"Chưa quyết định: {a.pending}; Hội đồng bỏ phiếu rồi chạy lại lệnh.")
    if a.proposed:
        lines.append("Đề nghị:")
        lines += [bullet + candidate_words(c) for c in a.proposed]
    elif not a.pending:
        lines.append("Không có đơn vị nào được đề nghị.")
    for tie in a.ties:
        lines.append(f"Bằng phiếu chưa phân định ({tie.seats} suất): "
                     + "; ".join(candidate_words(c) for c in tie.candidates) + ". Hội đồng bỏ phiếu lại.")
    if a.shortfall:
        lines.append(f"Thiếu: {a.shortfall}.")
    if a.passed_over:
        lines.append("Không đề nghị:")
        for p in a.passed_over:
            lines.append(bullet + candidate_words(p.candidate))
            lines.append(f"{indent}Yêu cầu: {p.required} / Hiện có: {p.actual}")
    return lines


def render_text(result: CouncilResult) -> str:
    out = [f"{result.council.name.upper()}", title(result).upper(), period_line(result), counts_line(result), "",
           text(BLOC_COLUMNS, _rows(result)), "", "ĐỀ NGHỊ CỦA CÁC KHỐI"]
    out += [f"  - {b.label}: {proposals_words(b) if b.ready else status_words(b)}" for b in result.blocs]
    for n, a in enumerate(result.awards, 1):
        out += ["", f"{n}. {a.name.upper()} (HỘI ĐỒNG XÉT)"] + award_lines(a)
    return "\n".join(out)


def render_markdown(result: CouncilResult) -> str:
    out = [f"# {md_escape(title(result))}", "", md_escape(result.council.name), "", period_line(result), "",
           counts_line(result), "", markdown(BLOC_COLUMNS, _rows(result), escape=True), "",
           "## Đề nghị của các Khối", ""]
    out += [f"- {md_escape(b.label)}: {md_escape(proposals_words(b) if b.ready else status_words(b))}"
            for b in result.blocs]
    for n, a in enumerate(result.awards, 1):
        out += ["", f"## {n}. {md_escape(a.name)} (Hội đồng xét)", ""]
        out += [_md_line(line) for line in award_lines(a)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _md_line(line: str) -> str:
    """A line of `award_lines` in Markdown: an item stays an item, its reason is indented under it."""
    if line.startswith("      "):
        return "  " + md_escape(line.strip()) + "\n"
    if line.startswith("  - "):
        return "- " + md_escape(line[4:])
    return "\n" + md_escape(line) + "\n"


class _Outcome(NamedTuple):
    """A row of the decisions: one award and one unit (the bloc's `_Outcome` of nominations, for the council)."""

    award: AwardOutcome
    status: str  # đề nghị, bằng phiếu, chờ Hội đồng bỏ phiếu, không đề nghị
    candidate: Candidate
    reason: str  # "Yêu cầu: … / Hiện có: …"


CSV_AWARD_COLUMNS = NOMINATION_COLUMNS[:3] + (  # award id, award, outcome: as `thidua nominate --format csv`
    Column("Mã Khối", lambda r: r.candidate.bloc),
    Column("Khối", lambda r: r.candidate.bloc_name),
    Column("Mã đơn vị", lambda r: r.candidate.entry.unit),
    Column("Đơn vị", lambda r: r.candidate.name),
    Column("Hạng trong Khối", lambda r: r.candidate.entry.rank or ""),
    Column("Tổng điểm", lambda r: fmt_number(r.candidate.entry.total) if r.candidate.entry.total is not None else ""),
    Column("Xếp loại", lambda r: r.candidate.entry.grade or ""),
    Column("Phiếu của Hội đồng", lambda r: votes_text(r.candidate)),
    Column("Lý do", lambda r: r.reason),
)


def outcomes(result: CouncilResult) -> List[_Outcome]:
    rows = []
    for a in result.awards:
        rows += [_Outcome(a, "đề nghị", c, "") for c in a.proposed]
        rows += [_Outcome(a, "bằng phiếu", c, f"{t.seats} suất chưa phân định") for t in a.ties for c in t.candidates]
        if a.pending:
            rows += [_Outcome(a, "chờ Hội đồng bỏ phiếu", c, a.pending) for c in _pending_candidates(result, a)]
        rows += [_Outcome(a, "không đề nghị", p.candidate, f"Yêu cầu: {p.required} / Hiện có: {p.actual}")
                 for p in a.passed_over]
    return rows


def _pending_candidates(result: CouncilResult, a: AwardOutcome) -> List[Candidate]:
    from thidua.awards.council import candidates_of

    rule = next(r for r in result.rules.awards if r.id == a.id) if result.rules else None
    return candidates_of(rule, result.blocs)[0] if rule else []


def render_csv(result: CouncilResult) -> str:
    """Two tables one after the other: the blocs, then the council's decisions (one row an award and a unit)."""
    return csv_text(CSV_BLOC_COLUMNS, _rows(result)) + "\r\n" + csv_text(CSV_AWARD_COLUMNS, outcomes(result))[1:]


def _candidate_json(c: Candidate) -> Dict[str, Any]:
    e = c.entry
    return {"bloc": c.bloc, "unit": e.unit, "name": c.name, "rank_in_bloc": e.rank, "total": plain_number(e.total),
            "grade": e.grade, "votes": c.votes, "voters": c.voters}


def council_json(result: CouncilResult) -> Dict[str, Any]:
    standard = result.standard
    return {
        "council": result.council.name,
        "year": result.council.year,
        "period": result.rules.period.id if result.rules else None,
        "texts": list(result.texts),
        "members": len(result.council.members),
        "blocs": [{
            "id": b.id, "name": b.name, "folder": b.folder, "ready": b.ready, "why_not_ready": b.why or None,
            "errors": b.errors, "warnings": b.warnings, "units": b.members,
            "leaders": [{"unit": e.unit, "name": b.names.get(e.unit, e.label), "total": plain_number(e.total),
                         "grade": e.grade} for e in b.leaders],
            "proposals": {a.id: [e.unit for e in a.proposed] for a in b.nominations.awards} if b.nominations else {},
            "dossier": [{"name": d.name, "present": d.present, "where": d.where} for d in b.dossier],
            "dossier_complete": b.dossier_complete if b.ready else None,
            "leader_meets_standard": (not b.leader_verdict(standard.source)) if b.ready and standard else None,
            "leader_standard_reason": (b.leader_verdict(standard.source) or None) if b.ready and standard else None,
        } for b in result.blocs],
        "awards": [{
            "id": a.id, "name": a.name, "basis": a.basis, "candidates": a.candidates, "cap": a.cap or None,
            "seats": a.seats, "threshold": a.threshold or None, "pending": a.pending or None,
            "proposed": [_candidate_json(c) for c in a.proposed],
            "ties": [{"seats": t.seats, "units": [_candidate_json(c) for c in t.candidates]} for t in a.ties],
            "shortfall": a.shortfall or None,
            "passed_over": [dict(_candidate_json(p.candidate), required=p.required, actual=p.actual)
                            for p in a.passed_over],
        } for a in result.awards],
        "problems": json.loads(format_json(result.problems)),
    }


RENDERERS = {"text": render_text, "markdown": render_markdown, "csv": render_csv,
             "json": lambda result: json_text(council_json(result))}


def render_council(result: CouncilResult, fmt: str = "text") -> str:
    """The summary and the decisions in one of RENDERERS' formats (Excel: `council_workbook`)."""
    return RENDERERS[fmt](result)


def council_workbook(result: CouncilResult) -> bytes:
    """The summary of every bloc (sheet "Tổng hợp các Khối") and the council's decisions ("Hội đồng xét"),
    A4 landscape, Times New Roman, as the bloc's score table is printed."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from thidua.rendering.xlsx import _height, _line, _page, _put, _to_bytes

    wb = Workbook()
    sheets = ((wb.active, "Tổng hợp các Khối", CSV_BLOC_COLUMNS[:-2], _rows(result), [5, 12, 28, 30, 24, 10, 11, 36, 30, 44]),
              (wb.create_sheet(), "Hội đồng xét", CSV_AWARD_COLUMNS, outcomes(result),
               [12, 26, 14, 12, 18, 14, 28, 9, 9, 10, 10, 48]))
    for ws, name, columns, rows, widths in sheets:
        ws.title = name
        last = len(columns)
        for col, width in enumerate(widths[:last], 1):
            ws.column_dimensions[get_column_letter(col)].width = width
        _line(ws, 1, 1, last, result.council.name.upper(), bold=True, align="center")
        _line(ws, 2, 1, last, title(result).upper(), bold=True, size=14, align="center")
        _line(ws, 3, 1, last, period_line(result), italic=True, align="center")
        head = 5
        for col, column in enumerate(columns, 1):
            _put(ws, head, col, column.header, bold=True, align="center")
        ws.freeze_panes = ws.cell(row=head + 1, column=1)
        for n, row in enumerate(rows, head + 1):
            cells = [column.cell(row) for column in columns]
            for col, value in enumerate(cells, 1):
                _put(ws, n, col, value if isinstance(value, int) else ("" if value is None else str(value)),
                     align="center" if columns[col - 1].align == "right" else "left")
            ws.row_dimensions[n].height = _height([(str(v), w) for v, w in zip(cells, widths)])
        end = head + len(rows)
        if name == "Hội đồng xét":
            for a in result.awards:
                end += 1
                note = f"{a.name}: " + "; ".join(x for x in (a.cap, a.threshold, a.shortfall, a.pending) if x)
                _line(ws, end, 1, last, note, italic=True, size=11)
        _page(ws, landscape=True, title_rows=f"{head}:{head}", last_col=get_column_letter(last), last_row=end)
    return _to_bytes(wb)
