"""Write a unit's self-report (`<period>/<unit>.yaml`) as commented YAML.

Used by `thidua init` (a template with every criterion at 0) and `thidua import-scores`.
Numbers are written the Vietnamese way (9,5); the loader reads them back as decimals.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import List, Mapping, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.numbers import fmt_number, fmt_share


class PointsLine(NamedTuple):
    """A bonus or deduction line: points and reason."""

    points: Decimal
    reason: str
    kind: Optional[str] = None  # a kind of fixed points of the sheet (`Item.kind`)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _entries(key: str, items: Sequence[PointsLine], example: str) -> List[str]:
    if not items:
        return [f"{key}: []", "#  - points: 1", f"#    reason: {example}"]
    lines = [f"{key}:"]
    for item in items:
        lines += [f"  - points: {fmt_number(item.points)}", f"    reason: {_q(item.reason)}"]
        if item.kind:
            lines.append(f"    kind: {item.kind}")
    return lines


def _with_kinds(items: Sequence[PointsLine], kept: Sequence[m.Item]) -> List[PointsLine]:
    """Lines read back from a sheet keep the kind of the kept report's item with the same points and reason."""
    kinds = {(i.points, i.reason): i.kind for i in kept if i.kind}
    return [item if item.kind else item._replace(kind=kinds.get((item.points, item.reason))) for item in items]


def _text(key: str, paragraphs: Sequence[str], hint: str) -> List[str]:
    if not paragraphs:
        return [f"{key}: []{' ' * max(1, 16 - len(key))}# {hint}"]
    return [f"{key}:"] + [f"  - {_q(p)}" for p in paragraphs]


def _facts(facts: m.Facts) -> List[str]:
    lines: List[str] = []
    if facts.women_share is not None:
        lines.append(f"  women_share: {fmt_share(facts.women_share)}")
    if facts.staff is not None:
        lines.append(f"  staff: {facts.staff}")
    if facts.pending_cases:
        lines.append("  pending_cases:")
        for case in facts.pending_cases:
            lines.append(f"    - kind: {case.kind}")
            if case.note:
                lines.append(f"      note: {_q(case.note)}")
            if case.until:
                lines.append(f"      until: {case.until.isoformat()}")
    return ["facts:"] + lines if lines else []


def _sheet_parts(keep: m.SelfReport) -> List[str]:
    """A kept report's figures, criteria not assigned and evidence, as they were (nothing is lost)."""
    lines: List[str] = []
    if keep.figures:
        lines.append("figures:")
        for figure_id, got in keep.figures.items():
            target = "" if got.target is None else f", target: {fmt_number(got.target)}"
            lines.append(f"  {figure_id}: {{value: {fmt_number(got.value)}{target}}}")
    if keep.not_assigned:
        lines.append("not_assigned: [" + ", ".join(_q(c) for c in keep.not_assigned) + "]")
    if keep.evidence:
        lines.append("evidence:")
        for crit_id, ev in keep.evidence.items():
            lines += [f"  {_q(crit_id)}:", f"    number: {_q(ev.number)}", f"    date: {ev.date.isoformat()}",
                      f"    issuer: {_q(ev.issuer)}"]
    return lines


def render_self_report(sheet: m.Sheet, unit: m.Unit, period: str, scores: Mapping[str, Decimal],
                       bonus: Sequence[PointsLine] = (), deductions: Sequence[PointsLine] = (),
                       keep: Optional[m.SelfReport] = None, source: Optional[str] = None) -> str:
    """The YAML text of a self-report, criteria in sheet order with their names as comments.

    `keep` is an existing report whose other parts (date, achievements, limitations, facts)
    are carried over; `source` names where the scores came from (an Excel file).
    """
    when = f"6 tháng đầu năm {sheet.year}" if period == "h1" else f"năm {sheet.year}"
    lines = [f"# Báo cáo tự chấm điểm thi đua {when} của {unit.name}" + ("" if unit.name.endswith(".") else ".")]
    if source:
        lines.append(f"# Điểm nhập từ tệp {source} (thidua import-scores).")
    else:
        lines += ["# Ghi điểm tự chấm của từng tiêu chí, không vượt điểm tối đa ghi ở chú thích;",
                  "# số thập phân viết 8,5 hoặc 8.5. Có thể chấm trên Excel:",
                  f"#     thidua export-sheet --unit {unit.id}{' --half 1' if period == 'h1' else ''}",
                  "# rồi nhập lại bằng thidua import-scores (xem hướng dẫn: thidua import-scores --help)."]
    lines += [f"unit: {unit.id}", f"year: {sheet.year}", f"period: {period}"]
    submitted: Optional[dt.date] = keep.submitted if keep else None
    if submitted:
        lines.append(f"submitted: {submitted.isoformat()}")
    else:
        lines.append(f"# submitted: {sheet.year}-{'07' if period == 'h1' else '11'}-15    # ngày gửi báo cáo")
    lines.append("scores:")
    unassigned = set(keep.not_assigned) if keep else set()
    for level, item in sheet.rows:  # every level of the tree; computed and unassigned criteria have no score
        if isinstance(item, m.Group):
            lines.append(f"  #{' ' * (2 * level - 1)}{item.id}. {item.name} (tối đa {fmt_number(item.max)} điểm)")
        elif not item.applies_to(unit.category):
            lines.append(f"  # {_q(item.id)}: chỉ chấm nhóm {', '.join(item.categories)}: {item.name}")
        elif not item.self_scored or item.id in unassigned:
            why = ("không giao chỉ tiêu" if item.id in unassigned else f"tính từ số liệu '{item.figure}'"
                   if item.computed else f"do {', '.join(item.scored_by)} chấm")
            lines.append(f"  # {_q(item.id)}: {why}: {item.name} (tối đa {fmt_number(item.max)})")
        else:
            value = fmt_number(scores.get(item.id, Decimal(0)))
            lines.append(f"  {_q(item.id)}: {value:<6} # {item.name} (tối đa {fmt_number(item.max)})")
    if keep:
        lines += _sheet_parts(keep)
    bonus_cap = f" (tối đa {fmt_number(sheet.bonus.max)} điểm)" if sheet.bonus else ""
    deduction_cap = f" (tối đa {fmt_number(sheet.deductions.max)} điểm)" if sheet.deductions else ""
    lines.append(f"# Điểm thưởng{bonus_cap}: mỗi khoản một mục, ghi căn cứ.")
    lines += _entries("bonus", _with_kinds(bonus, keep.bonus if keep else ()),
                      "Được tặng Bằng khen (Quyết định số ... ngày ...)")
    lines.append(f"# Điểm trừ{deduction_cap}: mỗi khoản một mục, ghi lý do.")
    lines += _entries("deductions", _with_kinds(deductions, keep.deductions if keep else ()),
                      "Có cán bộ bị kỷ luật (Quyết định số ... ngày ...)")
    lines += _text("achievements", keep.achievements if keep else (), "kết quả nổi bật, mỗi ý một dòng \"- ...\"")
    lines += _text("limitations", keep.limitations if keep else (), "tồn tại, hạn chế")
    if keep:
        lines += _facts(keep.facts)
    return "\n".join(lines) + "\n"


def entries_of(items: Sequence[m.Item]) -> Tuple[PointsLine, ...]:
    return tuple(PointsLine(i.points, i.reason, i.kind) for i in items)
