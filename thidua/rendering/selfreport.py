"""Write a unit's self-report (`<period>/<unit>.yaml`) as commented YAML.

Used by `thidua init` and `thidua prepare` (a blank with every criterion at 0) and `thidua
import-scores` (a new report; or, with --force, `update_self_report` edits the existing one in
round trip, so its comments, spelling and every part the sheet does not change stay).
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
            top = sum((c.max for _, c in item.walk() if isinstance(c, m.Criterion) and c.applies_to(unit.category)),
                      Decimal(0))  # a sheet per category: the unit's own maximum
            lines.append(f"  #{' ' * (2 * level - 1)}{item.id}. {item.name} (tối đa {fmt_number(top)} điểm)")
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


def _yaml_number(value: Decimal):
    """A score as the YAML will show it: an integer as such, a fraction the Vietnamese way (8,5)."""
    return int(value) if value == value.to_integral_value() else fmt_number(value)


def _same_number(old, value: Decimal) -> bool:
    from thidua.numbers import parse_decimal

    if isinstance(old, bool) or old is None:
        return False
    if isinstance(old, (int, float)):
        return Decimal(repr(old)) == value
    number = parse_decimal(str(old))
    return number is not None and number == value


def _share(value) -> Optional[Decimal]:
    from thidua.numbers import parse_share

    if value is None or isinstance(value, bool):
        return None
    return Decimal(repr(value)) if isinstance(value, (int, float)) else parse_share(str(value))


def _cases(value) -> tuple:
    """The (kind, note, until) of a report's pending cases as written, to tell whether the sheet changed them."""
    from thidua.roundtrip import date_of

    return tuple((str(c.get("kind")), c.get("note"), date_of(c.get("until"))) for c in value or ()
                 if hasattr(c, "get"))


def update_self_report(raw: bytes, sheet: m.Sheet, scores: Mapping[str, Decimal], bonus: Sequence[PointsLine],
                       deductions: Sequence[PointsLine], info=None, kept: Optional[m.SelfReport] = None, parts=None):
    """The existing self-report `raw` (read as `kept`) with the sheet's scores, bonus and deductions, and
    what `info` (a `thidua.rendering.xlsx.SheetInfo`) holds; everything else, comments and the spelling of
    unchanged values included, as it was (`thidua.roundtrip.Edited`). A score equal to the old one keeps
    its text; a bonus or deduction line keeps the kind of `kept`'s line with the same points and reason.
    `parts` (a `thidua.rendering.xlsx.FilledSheet`) brings the figures, criteria not assigned and evidence
    the sheet has cells for; those unchanged keep their text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from thidua.roundtrip import date_of, edit, set_key

    def items(lines: Sequence[PointsLine]):
        seq = CommentedSeq(CommentedMap([("points", _yaml_number(i.points)), ("reason", i.reason)]
                                        + ([("kind", i.kind)] if i.kind else [])) for i in lines)
        if not lines:
            seq.fa.set_flow_style()
        return seq

    def texts(paragraphs: Sequence[str]):
        return CommentedSeq(paragraphs)

    def change(data) -> None:
        current = data.get("scores")
        if not isinstance(current, CommentedMap):
            current = CommentedMap()
            set_key(data, "scores", current, after="period")
        by_id = {str(k): k for k in current}
        for crit in sheet.criteria:
            if crit.id not in scores:
                continue
            key = by_id.get(crit.id)
            if key is None:
                current[DoubleQuotedScalarString(crit.id)] = _yaml_number(scores[crit.id])
            elif not _same_number(current[key], scores[crit.id]):
                current[key] = _yaml_number(scores[crit.id])
        if parts is not None:
            _update_parts(data, current, parts, kept)
        for name, lines, old, after in (("bonus", bonus, kept.bonus if kept else (), "scores"),
                                        ("deductions", deductions, kept.deductions if kept else (), "bonus")):
            if lines or name in data:  # a report without the key and a sheet without lines: nothing to add
                set_key(data, name, items(_with_kinds(lines, old)), after=after)
        if info is None:
            return
        if info.submitted is not None and date_of(data.get("submitted")) != info.submitted:
            set_key(data, "submitted", info.submitted, after="period")
        for name, paragraphs, after in (("achievements", info.achievements, "deductions"),
                                        ("limitations", info.limitations, "achievements")):
            if paragraphs and [str(p) for p in data.get(name) or ()] != list(paragraphs):
                set_key(data, name, texts(paragraphs), after=after)
        facts = data.get("facts")
        old = facts if isinstance(facts, CommentedMap) else {}
        wanted = []
        if info.women_share is not None and _share(old.get("women_share")) != info.women_share:
            wanted.append(("women_share", fmt_share(info.women_share)))
        if info.staff is not None and not _same_number(old.get("staff"), Decimal(info.staff)):
            wanted.append(("staff", info.staff))
        if info.cases and info.cases != _cases(old.get("pending_cases")):
            cases = CommentedSeq()
            for kind, note, until in info.cases:
                case = CommentedMap([("kind", kind)])
                if note:
                    case["note"] = note
                if until:
                    case["until"] = until
                cases.append(case)
            wanted.append(("pending_cases", cases))
        if wanted and not isinstance(facts, CommentedMap):
            facts = CommentedMap()
            set_key(data, "facts", facts, after=None)
        for key, value in wanted:
            facts[key] = value

    return edit(raw, change)


def _update_parts(data, scores, parts, kept: Optional[m.SelfReport]) -> None:
    """Set the report's `figures`, `not_assigned` and `evidence` to the sheet's where it has cells for them;
    a part equal to the kept one is left as written; a criterion now not assigned loses its score."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from thidua.roundtrip import set_key

    def flow(node):
        node.fa.set_flow_style()
        return node

    def put(name: str, node, empty: bool, after: str) -> None:
        if empty:
            data.pop(name, None)
        else:
            set_key(data, name, node, after=after)

    if parts.figures is not None and _figures_of(parts.figures) != _figures_of(kept.figures if kept else {}):
        node = CommentedMap()
        for figure_id, got in parts.figures.items():
            node[figure_id] = flow(CommentedMap([("value", _yaml_number(got.value))] + (
                [] if got.target is None else [("target", _yaml_number(got.target))])))
        put("figures", node, not parts.figures, "scores")
    if parts.not_assigned is not None:
        for key in [k for k in scores if str(k) in parts.not_assigned]:
            del scores[key]
        if tuple(parts.not_assigned) != tuple(kept.not_assigned if kept else ()):
            node = flow(CommentedSeq(DoubleQuotedScalarString(c) for c in parts.not_assigned))
            put("not_assigned", node, not parts.not_assigned, "figures" if "figures" in data else "scores")
    if parts.evidence is not None and _evidence_of(parts.evidence) != _evidence_of(kept.evidence if kept else {}):
        node = CommentedMap()
        for crit_id, ev in parts.evidence.items():
            node[DoubleQuotedScalarString(crit_id)] = CommentedMap([("number", ev.number), ("date", ev.date),
                                                                    ("issuer", ev.issuer)])
        put("evidence", node, not parts.evidence, "not_assigned" if "not_assigned" in data else "scores")


def _figures_of(figures: Mapping[str, m.Reported]) -> dict:
    return {k: (v.value, v.target) for k, v in figures.items()}


def _evidence_of(evidence: Mapping[str, m.Evidence]) -> dict:
    return {k: (v.number, v.date, v.issuer) for k, v in evidence.items()}


def with_sheet_parts(keep: Optional[m.SelfReport], parts, unit_id: str, year: int, period: str
                     ) -> Optional[m.SelfReport]:
    """`keep` with the figures, criteria not assigned and evidence of `parts` (a
    `thidua.rendering.xlsx.FilledSheet`) where the sheet has cells for them, for a new report."""
    changes = {name: value for name, value in (
        ("figures", None if parts.figures is None else m.frozen_map(parts.figures)),
        ("not_assigned", parts.not_assigned),
        ("evidence", None if parts.evidence is None else m.frozen_map(parts.evidence))) if value is not None}
    if not changes:
        return keep
    return (keep or _blank_report(unit_id, year, period))._replace(**changes)


def _blank_report(unit_id: str, year: int, period: str) -> m.SelfReport:
    from thidua.problems import Src

    return m.SelfReport(unit=unit_id, year=year, period=period, submitted=None, scores=m.frozen_map({}), bonus=(),
                        deductions=(), achievements=(), limitations=(), facts=m.Facts(), src=Src(""))


def merged_report(keep: Optional[m.SelfReport], info, unit_id: str, year: int, period: str) -> Optional[m.SelfReport]:
    """The parts of a new self-report besides its scores: `info` (from the sheet) over `keep`."""
    if info is None:
        return keep
    from thidua.problems import Src

    facts = keep.facts if keep else m.Facts()
    cases = tuple(m.Case(kind, note, until, Src("")) for kind, note, until in info.cases)
    facts = facts._replace(women_share=info.women_share if info.women_share is not None else facts.women_share,
                           staff=info.staff if info.staff is not None else facts.staff,
                           pending_cases=cases or facts.pending_cases)
    return m.SelfReport(unit=unit_id, year=year, period=period,
                        submitted=info.submitted or (keep.submitted if keep else None), scores=m.frozen_map({}),
                        bonus=(), deductions=(), achievements=info.achievements or (keep.achievements if keep else ()),
                        limitations=info.limitations or (keep.limitations if keep else ()), facts=facts, src=Src(""))
