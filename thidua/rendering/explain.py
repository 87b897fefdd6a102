"""`thidua explain`: how one unit's total came about, step by step, each number with its file:line.

The steps: each criterion of the tree (self-score, the chair's check, a computed criterion's
figures and formula, a stepped criterion's level, criteria not assigned) with the subtotal of
every group; the sum; scaling for unassigned criteria; bonus and deductions with their caps; the
total and its clamping; the grade and the floor that held it; the rank and the tie-breaks.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import List, Mapping, NamedTuple, Optional

from thidua import model as m
from thidua.numbers import fmt_number, fmt_share
from thidua.problems import Src
from thidua.scoring import CriterionScore, Points, Ranking, Standing

INDENT = "  "


class Explained(NamedTuple):
    """What `explain` shows: the unit's place in the ranking and the files its numbers come from."""

    ranking: Ranking
    standing: Standing
    report: m.SelfReport
    review: Optional[m.UnitReview]
    scorers: Mapping[str, m.Review] = MappingProxyType({})  # the departments' files of the period


def _at(src: Optional[Src]) -> str:
    return f" [{src}]" if src is not None and src.line else ""


def _n(value) -> str:
    return fmt_number(value)


def render_explain(ex: Explained) -> str:
    s, sheet, report = ex.standing.score, ex.ranking.sheet, ex.report
    period = m.PERIOD_WORDS[ex.ranking.period]
    out = [f"CÁCH TÍNH ĐIỂM THI ĐUA CỦA {s.unit.label.upper()} ({s.unit.name}), NĂM {ex.ranking.year}, {period.upper()}",
           f"Bảng điểm: {sheet.src.file} (thang điểm {_n(sheet.scale)}; điểm tính được làm tròn đến "
           f"{_n(sheet.rounding)}{_at(sheet.src.at('rounding')) if sheet.src.at('rounding') is not sheet.src else ''}). "
           f"Báo cáo: {report.src.file}.", "",
           f"1. Điểm từng tiêu chí (tự chấm; thẩm định nếu {ex.ranking.bloc.titles.chair} điều chỉnh), tổng từng nhóm:"]
    rows = {(r.kind, r.id): r for r in s.rows}
    scores = {c.id: c for c in s.criteria}
    for level, item in sheet.rows:
        pad = INDENT * level
        if isinstance(item, m.Group):
            row = rows[("group", item.id)]
            changed = f" (tự chấm {_n(row.self_score)})" if row.self_score != row.checked else ""
            out.append(f"{pad}{item.id}. {item.name}: {_n(row.checked)}/{_n(row.max)}{changed}{_at(item.src)}")
        else:
            out += [pad + line for line in _criterion(item, scores[item.id], ex)]
    out += ["", f"2. Cộng điểm các tiêu chí: tự chấm {_n(s.self_points)}, thẩm định {_n(s.checked_points)}."]
    step = 3
    base = s.checked_points
    if s.scaling is not None:
        out.append(f"{step}. Tiêu chí không giao chỉ tiêu (bảng điểm: unassigned: {s.scaling.rule}"
                   f"{_at(sheet.src.at('unassigned'))}): {s.scaling.formula}.")
        base, step = s.scaling.checked_scaled, step + 1
    out.append(f"{step}. Điểm thưởng: " + _points(s.bonus, report.bonus, sheet.bonus, ex.review, "bonus"))
    out.append(f"{step + 1}. Điểm trừ: " + _points(s.deductions, report.deductions, sheet.deductions, ex.review,
                                                   "deductions"))
    clamp = {"zero": " (âm, tính là 0)", "ceiling": " (vượt mức tối đa, tính bằng mức tối đa)"}.get(s.clamped or "", "")
    out.append(f"{step + 2}. Tổng điểm = {_n(base)} + {_n(s.bonus.counted)} − {_n(s.deductions.counted)} = "
               f"{_n(s.total)}{clamp}.")
    out.append(f"{step + 3}. Xếp loại: {_grade(ex)}")
    out.append(f"{step + 4}. Xếp hạng: {_rank(ex)}")
    return "\n".join(out) + "\n"


def _criterion(crit: m.Criterion, c: CriterionScore, ex: Explained) -> List[str]:
    head = f"{crit.id} {crit.name} (tối đa {_n(crit.max)}{_at(crit.src)}): "
    report = ex.report
    if not crit.applies_to(ex.standing.unit.category):
        return [head + f"chỉ chấm nhóm {', '.join(crit.categories)}; đơn vị thuộc nhóm "
                       f"{ex.standing.unit.category or '(không ghi nhóm)'}, không tính."]
    if not c.assigned:
        index = report.not_assigned.index(crit.id)
        return [head + f"không giao chỉ tiêu{_at(report.src.at('not_assigned', index))}, không tính điểm."]
    if crit.scored_by:
        line = head + f"{c.computed.formula if c.computed else 'chưa có điểm'} → {_n(c.self_score)} điểm."
        lines = [line] + [f"{INDENT}{who}: {_n(corr.value)}, {corr.note}{_at(corr.src)}."
                          for who, corr in _scorer_scores(crit, ex)]
    elif c.computed is not None:
        got = report.figures.get(crit.figure or "")
        target = ""
        if c.computed.target is not None:
            whose = "chỉ tiêu riêng" if got is not None and got.target is not None else "chỉ tiêu chung"
            where = got.src.at("target") if got is not None and got.target is not None else crit.src.at("target")
            target = f", {whose} T = {_n(c.computed.target)}{_at(where)}"
        figure = ex.ranking.sheet.figure(crit.figure or "")
        unit = "" if figure is None or not figure.unit else figure.unit if figure.unit == "%" else f" {figure.unit}"
        line = (head + f"{crit.method}, số liệu '{crit.figure}' A = {_n(c.computed.value)}{unit}"
                f"{_at(got.src.at('value') if got else None)}{target}; {c.computed.formula} → {_n(c.self_score)} điểm.")
    else:
        score = report.scores.get(crit.id)
        level = next((lv for lv in crit.levels if lv.points == c.self_score), None)
        what = f" (mức \"{level.when}\")" if level is not None else ""
        if crit.method == "pass-fail":
            what = " (đạt)" if c.self_score == crit.max else " (không đạt)"
        line = head + f"tự chấm {_n(c.self_score)}{what}{_at(score.src if score else None)}."
    if not crit.scored_by:
        lines = [line]
    corr = ex.review.scores.get(crit.id) if ex.review else None
    if corr is not None:
        lines.append(f"{INDENT}thẩm định: {_n(c.self_score)} → {_n(c.checked)}, lý do: {corr.note}{_at(corr.src)}.")
    if crit.evidence:
        ev = report.evidence.get(crit.id)
        if ev is not None:
            lines.append(f"{INDENT}căn cứ: văn bản số {ev.number} ngày {ev.date:%d/%m/%Y} của {ev.issuer}{_at(ev.src)}.")
    return lines


def _scorer_scores(crit: m.Criterion, ex: Explained):
    """(scorer's name, its score) of the unit for `crit`, in the order the sheet names the scorers."""
    for scorer_id in crit.scored_by:
        given = ex.scorers.get(scorer_id)
        unit_scores = given.units.get(ex.standing.unit.id) if given else None
        corr = unit_scores.scores.get(crit.id) if unit_scores else None
        if corr is not None:
            scorer = ex.ranking.sheet.scorer(scorer_id)
            yield (scorer.name if scorer else scorer_id), corr


def _points(points: Points, items, cap: Optional[m.PointsCap], review: Optional[m.UnitReview], key: str) -> str:
    if cap is None:
        return "bảng điểm không có mục này, không tính."
    parts = [f"{_n(i.points)} ({i.reason}){_fixed(i, cap)}{_at(i.src)}" for i in items]
    text = ("tự kê " + "; ".join(parts) + f", cộng {_n(points.claimed)}") if parts else "không kê"
    corr = getattr(review, key) if review else None
    if corr is not None:
        text += f"; thẩm định {_n(corr.value)}, lý do: {corr.note}{_at(corr.src)}"
    text += f"; mức trần {_n(cap.max)}{_at(cap.src)}; được tính {_n(points.counted)}."
    return text


def _fixed(item: m.Item, cap: m.PointsCap) -> str:
    fixed = cap.fixed_points(item.kind) if item.kind else None
    return "" if fixed is None else f", {fixed.name}: {_n(fixed.points)} điểm cố định{_at(fixed.src)}"


def _grade(ex: Explained) -> str:
    s, sheet = ex.standing.score, ex.ranking.sheet
    grade = next((g for g in sheet.grades if g.name == s.grade), None)
    parts = []
    for miss in s.missed:
        held = next(g for g in sheet.grades if g.name == miss.grade)
        below = "; ".join(f"tiêu chí {b.criterion} được {_n(b.score)}, dưới sàn {_n(b.floor)}" for b in miss.below)
        parts.append(f"đủ tổng điểm {_n(held.min_total)} của {miss.grade} nhưng sàn {fmt_share(miss.min_share)} "
                     f"không đạt{_at(held.src.at('min_share'))}: {below}")
    if grade is None:
        parts.append("không đạt mức xếp loại nào")
    else:
        floor = f", không tiêu chí nào dưới {fmt_share(grade.min_share)} điểm tối đa" if grade.min_share else ""
        parts.append(f"{grade.name} (từ {_n(grade.min_total)} điểm{floor}{_at(grade.src)})")
    return "; ".join(parts) + "."


def _rank(ex: Explained) -> str:
    st, ranking = ex.standing, ex.ranking
    labels = {u.id: u.label for u in ranking.bloc.units}
    if ranking.sheet.rank_within == "category":
        peers = [x for x in ranking.standings if x.unit.category == st.unit.category]
        text = (f"hạng {st.rank}/{len(peers)} trong nhóm {st.unit.category or '(không ghi nhóm)'}"
                f"{_at(ranking.sheet.src.at('rank_within'))}")
    else:
        text = f"hạng {st.rank}/{len(ranking.standings)}"
    if ranking.sheet.rank_by == "grade":
        text += f" (xếp theo mức xếp loại trước, rồi tổng điểm{_at(ranking.sheet.src.at('rank_by'))})"
    if st.level_with and st.decided_by is not None:
        rule = next((r for r, _ in ranking.tie_rules if r.rule == st.decided_by.rule and r.ref == st.decided_by.ref),
                    None)
        text += (f"; bằng điểm với {', '.join(labels.get(i, i) for i in st.level_with)}, xếp theo "
                 f"{st.decided_by.label}: {_n(st.decided_by.value)}{_at(rule.src if rule else None)}")
    if st.tied:
        text += f"; đồng hạng với {', '.join(labels.get(i, i) for i in st.tied_with)}"
    return text + "."
