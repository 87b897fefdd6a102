"""Render a `Ranking` as the bloc's score table: terminal table, CSV, JSON or Markdown.

- text (a terminal table) / markdown: numbers in Vietnamese style (95,5), a title, a legend under the table.
- csv: one header row and one row a unit, numbers as on the table (95,5), comma-separated,
  CRLF line ends, and always a UTF-8 BOM (to a file or to stdout) so Excel on Windows shows the
  diacritics. For computing, use json.
- json: plain JSON numbers (95.5), every group and criterion score, for CI and scripts.

Members without a self-report come after the ranked units, with no rank ("Chưa nộp báo cáo").
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence

from thidua.model import Sheet, Unit
from thidua.numbers import fmt_number, plain_number
from thidua.rendering import table
from thidua.scoring import Points, Ranking, Standing, UnitScore

FORMATS = ("text", "csv", "json", "markdown")
NOT_SUBMITTED = "chưa nộp báo cáo"
TEXT_WIDTH = 100  # notes and legend under the terminal table


def render_ranking(ranking: Ranking, fmt: str = "text", detail: bool = False, sep: str = ",") -> str:
    """The ranking in one of FORMATS; `detail` adds a column per criteria group (JSON always has them).

    The terminal table keeps its width: its Ghi chú column holds footnote marks, (1), (2)...,
    and the notes follow the table. Markdown and CSV hold the notes in the column.
    """
    if fmt == "json":
        return table.json_text(ranking_json(ranking))
    lines = _lines(ranking)
    if fmt == "csv":
        return table.csv_text(_columns(ranking, detail, lambda ln: _sentence(ln.notes)), lines, sep)
    if fmt == "markdown":
        md = table.markdown(_columns(ranking, detail, lambda ln: table.md_escape(_sentence(ln.notes))), lines)
        return "\n\n".join([f"**{title(ranking)}**", _subtitle(ranking), md, *_legend(ranking, detail)])
    if fmt == "text":
        marks, footnotes = {}, []
        for ln in lines:
            if ln.notes == [NOT_SUBMITTED]:
                marks[ln.number] = _sentence(ln.notes)
            elif ln.notes:
                footnotes.append(f"({len(footnotes) + 1}) {ln.unit.label}: " + "; ".join(ln.notes) + ".")
                marks[ln.number] = f"({len(footnotes)})"
        grid = table.text(_columns(ranking, detail, lambda ln: marks.get(ln.number, "")), lines)
        out = [title(ranking).upper(), _subtitle(ranking), "", grid, ""]
        if footnotes:
            out += ["Ghi chú:", *(_wrap(note, "    ") for note in footnotes), ""]
        legend = [_wrap(line, "  " if line.startswith("- ") else "")
                  for part in _legend(ranking, detail) for line in part.split("\n")]
        return "\n".join(out + legend)
    raise ValueError(f"unknown format {fmt!r}")


def title(ranking: Ranking) -> str:
    if ranking.period == "h1":
        return f"Bảng tổng hợp điểm thi đua sơ kết 6 tháng đầu năm {ranking.year}"
    return f"Bảng tổng hợp điểm thi đua năm {ranking.year}"


def _subtitle(ranking: Ranking) -> str:
    sheet = ranking.sheet
    parts = [f"thang điểm {fmt_number(sheet.scale)}"]
    if sheet.bonus:
        parts.append(f"điểm thưởng tối đa {fmt_number(sheet.bonus.max)}")
    if sheet.deductions:
        parts.append(f"điểm trừ tối đa {fmt_number(sheet.deductions.max)}")
    return f"{ranking.bloc.name} ({'; '.join(parts)})"


def _legend(ranking: Ranking, detail: bool) -> List[str]:
    lines = ["Tự chấm: tổng điểm các tiêu chí do đơn vị tự chấm. Thẩm định: tổng điểm các tiêu chí sau khi "
             f"{ranking.bloc.titles.chair} kiểm tra (tiêu chí không có điểm thẩm định giữ điểm tự chấm). "
             "Tổng điểm = Thẩm định + Điểm thưởng − Điểm trừ, không dưới 0."]
    lines += sheet_legend(ranking.sheet)
    if ranking.tie_rules:
        lines.append("Khi bằng tổng điểm, xét lần lượt: " + "; ".join(label for _, label in ranking.tie_rules)
                     + ". Không phân định được thì đồng hạng.")
    if detail:
        lines.append("\n".join(["Các cột nhóm: điểm thẩm định của từng nhóm tiêu chí (trong ngoặc: điểm tối đa)."]
                               + [f"- Nhóm {g.id}: {g.name}." for g in ranking.sheet.groups]))
    return lines


def sheet_legend(sheet: Sheet) -> List[str]:
    """What a real sheet adds to the legend: computed points and their rounding, unassigned criteria, grade-first."""
    out = []
    computed = [c.id for c in sheet.criteria if c.computed]
    if computed:
        out.append(f"Điểm các tiêu chí {', '.join(computed)} do thidua tính từ số liệu đơn vị báo cáo (xem "
                   f"`thidua explain`), làm tròn đến {fmt_number(sheet.rounding)} điểm.")
    if sheet.unassigned == "scale":
        out.append(f"Đơn vị có tiêu chí không giao chỉ tiêu: Tổng điểm tính trên điểm quy đổi = Thẩm định x "
                   f"{fmt_number(sheet.scale)} / tổng điểm tối đa các tiêu chí được giao, làm tròn đến "
                   f"{fmt_number(sheet.rounding)}.")
    elif sheet.unassigned == "full":
        out.append("Tiêu chí không giao chỉ tiêu được tính đủ điểm tối đa.")
    if sheet.rank_by == "grade":
        out.append("Xếp hạng theo mức xếp loại trước, rồi theo tổng điểm.")
    if sheet.rank_within == "category":
        out.append("Hạng: xếp hạng riêng trong từng nhóm đơn vị (cột Nhóm).")
    for category in sheet.categories:
        own = [c.id for c in sheet.criteria if c.categories and category in c.categories]
        out.append(f"Nhóm {category}: chấm cả tiêu chí riêng {', '.join(own)} (thang điểm "
                   f"{fmt_number(sheet.max_for(category))}).")
    scored = [c for c in sheet.criteria if c.scored_by]
    if scored:
        how = "trung bình cộng" if sheet.combine == "mean" else "tổng, không quá điểm tối đa"
        names = {s.id: s.name for s in sheet.scorers}
        out.append("Tiêu chí do cơ quan chấm điểm cho điểm (đơn vị không tự chấm; nhiều cơ quan cùng chấm thì lấy " + how + "): "
                   + "; ".join(f"{c.id}: {', '.join(names.get(i, i) for i in c.scored_by)}" for c in scored) + ".")
    return out


class _Line(NamedTuple):
    """A row of the table: a ranked unit, or a member without a self-report (no standing)."""

    number: int
    unit: Unit
    standing: Optional[Standing]
    notes: List[str]


def _lines(ranking: Ranking) -> List[_Line]:
    labels = {u.id: u.label for u in ranking.bloc.units}
    lines = [_Line(n, s.score.unit, s, notes(s, ranking, labels)) for n, s in enumerate(ranking.standings, start=1)]
    lines += [_Line(n, u, None, [NOT_SUBMITTED]) for n, u in enumerate(ranking.not_submitted, start=len(lines) + 1)]
    return lines


def _points(get: Callable[[UnitScore], Decimal]) -> Callable[[_Line], str]:
    """A points cell, empty for a unit without a self-report."""
    return lambda ln: fmt_number(get(ln.standing.score)) if ln.standing else ""


def _columns(ranking: Ranking, detail: bool, note: Callable[[_Line], str]) -> List[table.Column]:
    """The table's columns; `detail` adds one a criteria group; `note` is the Ghi chú cell."""
    groups = [table.Column(f"Nhóm {g.id} ({fmt_number(g.max)})", _points(lambda s, i=i: s.groups[i].checked),
                           "right") for i, g in enumerate(ranking.sheet.groups)] if detail else []
    return [
        table.Column("STT", lambda ln: str(ln.number), "right"),
        table.Column("Hạng", lambda ln: str(ln.standing.rank) if ln.standing else "", "right"),
        table.Column("Đơn vị", lambda ln: ln.unit.label),
        *([table.Column("Nhóm", lambda ln: ln.unit.category or "")] if ranking.sheet.categories
          or ranking.sheet.rank_within == "category" else []),
        *groups,
        table.Column("Tự chấm", _points(lambda s: s.self_points), "right"),
        table.Column("Thẩm định", _points(lambda s: s.checked_points), "right"),
        table.Column("Điểm thưởng", _points(lambda s: s.bonus.counted), "right"),
        table.Column("Điểm trừ", _points(lambda s: s.deductions.counted), "right"),
        table.Column("Tổng điểm", _points(lambda s: s.total), "right"),
        table.Column("Xếp loại", lambda ln: (ln.standing.score.grade or "") if ln.standing else ""),
        table.Column("Ghi chú", note),
    ]


def notes(standing: Standing, ranking: Ranking, labels: Optional[Dict[str, str]] = None) -> List[str]:
    """The Vietnamese remarks of one row: ties, floors, what the check changed, caps, clamping."""
    labels = labels or {u.id: u.label for u in ranking.bloc.units}
    s = standing.score
    out: List[str] = []
    if standing.tied:
        why = "các tiêu chí phụ không phân định được" if ranking.tie_rules else "bảng điểm không có tiêu chí phụ"
        out.append(f"đồng hạng với {_names(standing.tied_with, labels)} (bằng {fmt_number(s.total)} điểm, {why})")
    elif standing.level_with and standing.decided_by is not None:
        used = standing.decided_by
        out.append(f"bằng {fmt_number(s.total)} điểm với {_names(standing.level_with, labels)}; "
                   f"xếp theo {used.label}: {fmt_number(used.value)}")
    out += [_lower_first(miss.reason.rstrip(".")) for miss in s.missed]
    changed = [c for c in s.criteria if c.changed]
    if changed:
        out.append("thẩm định điều chỉnh " + ", ".join(
            f"tiêu chí {c.id} ({fmt_number(c.self_score)} → {fmt_number(c.checked)})" for c in changed))
    if s.scaling is not None:
        out.append(s.scaling.formula)
    out += _points_notes(s.bonus, "điểm thưởng") + _points_notes(s.deductions, "điểm trừ")
    if s.clamped == "zero":
        out.append("tổng điểm âm, tính là 0")
    elif s.clamped == "ceiling":
        out.append(f"tổng điểm vượt mức tối đa, tính là {fmt_number(s.total)}")
    if s.grade is None:
        out.append("không đạt mức xếp loại nào")
    return out


def _points_notes(points: Points, what: str) -> List[str]:
    out = []
    if points.reviewed and points.checked != points.claimed:
        out.append(f"{what} tự kê {fmt_number(points.claimed)}, thẩm định {fmt_number(points.checked)}")
    if points.over_cap:
        cap = fmt_number(points.cap) if points.cap is not None else "0"
        out.append(f"{what} {fmt_number(points.checked)} vượt mức trần, chỉ tính {cap}")
    return out


def _wrap(text: str, indent: str) -> str:
    """Fill to TEXT_WIDTH, never breaking "4,5 → 4" across lines."""
    glue = "\u2060"  # a word joiner stands in for the spaces around the arrow while filling
    text = text.replace(" → ", f"{glue}→{glue}")
    filled = textwrap.fill(text, width=TEXT_WIDTH, subsequent_indent=indent, break_long_words=False,
                           break_on_hyphens=False)
    return filled.replace(f"{glue}→{glue}", " → ")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sentence(parts: Sequence[str]) -> str:
    """Notes joined for one cell, the first letter upper case."""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _names(ids: Sequence[str], labels: Dict[str, str]) -> str:
    return ", ".join(labels.get(i, i) for i in ids)


# --- JSON ------------------------------------------------------------------

def _points_json(points: Points) -> Dict[str, Any]:
    return {"claimed": plain_number(points.claimed), "checked": plain_number(points.checked),
            "cap": plain_number(points.cap), "counted": plain_number(points.counted), "note": points.note}


def ranking_json(ranking: Ranking) -> Dict[str, Any]:
    """The ranking as JSON-ready data (numbers as numbers, ids as in the data files)."""
    sheet = ranking.sheet
    labels = {u.id: u.label for u in ranking.bloc.units}
    units = []
    for standing in ranking.standings:
        s = standing.score
        used = standing.decided_by
        units.append({
            "rank": standing.rank,
            "unit": s.unit.id,
            "name": s.unit.name,
            "label": s.unit.label,
            "category": s.unit.category,
            "self_points": plain_number(s.self_points),
            "checked_points": plain_number(s.checked_points),
            "bonus": _points_json(s.bonus),
            "deductions": _points_json(s.deductions),
            "self_total": plain_number(s.self_total),
            "total": plain_number(s.total),
            "clamped": s.clamped,
            "grade": s.grade,
            "grade_misses": [{"grade": g.grade, "min_share": plain_number(g.min_share), "reason": g.reason,
                              "below": [{"criterion": b.criterion, "score": plain_number(b.score),
                                         "floor": plain_number(b.floor)} for b in g.below]} for g in s.missed],
            "tied_with": list(standing.tied_with),
            "level_with": list(standing.level_with),
            "decided_by": None if used is None else {"rule": used.rule, "ref": used.ref, "label": used.label,
                                                     "value": plain_number(used.value)},
            "groups": {g.id: plain_number(g.checked) for g in s.groups},
            "subtotals": {r.id: plain_number(r.checked) for r in s.rows if r.kind == "group"},
            "scaling": None if s.scaling is None else {
                "rule": s.scaling.rule, "unassigned": list(s.scaling.unassigned),
                "assigned_max": plain_number(s.scaling.assigned_max), "scale": plain_number(s.scaling.scale),
                "checked_scaled": plain_number(s.scaling.checked_scaled)},
            "criteria": {c.id: {"self": plain_number(c.self_score), "checked": plain_number(c.checked),
                                **({} if c.assigned else {"assigned": False}),
                                **({} if c.computed is None else {"figure": plain_number(c.computed.value),
                                                                  "target": plain_number(c.computed.target),
                                                                  "formula": c.computed.formula})}
                         for c in s.criteria},
            "notes": notes(standing, ranking, labels),
        })
    return {
        "year": ranking.year,
        "period": ranking.period,
        "bloc": ranking.bloc.name,
        "max_total": plain_number(sheet.max_total),
        "bonus_cap": plain_number(sheet.bonus.max) if sheet.bonus else None,
        "deduction_cap": plain_number(sheet.deductions.max) if sheet.deductions else None,
        "tie_breaks": [{"rule": rule.rule, "ref": rule.ref, "label": label} for rule, label in ranking.tie_rules],
        "standings": units,
        "not_submitted": [{"unit": u.id, "name": u.name, "label": u.label} for u in ranking.not_submitted],
        "warnings": ranking.warnings,
    }

