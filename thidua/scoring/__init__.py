"""Totals, grades and the ranking of one period (h1 or year), from the year's scoring sheet.

The arithmetic, all in Decimal, and its edges:

- A criterion counts the chair's checked score (review.yaml) where there is one, else the
  self-score. A criterion absent from a report counts 0 (`thidua validate` reports it as an
  error, and ranking refuses data with errors, so this only matters to direct callers).
- Bonus and deductions: the review's `bonus` / `deductions` points, when given, replace the sum
  the unit claimed; the result is then capped at the sheet's `bonus.max` / `deductions.max`.
  A sheet without such a section counts none.
- Total = checked criteria points + counted bonus - counted deductions, clamped to
  [0, sheet maximum + bonus cap]: deductions never take a total below 0, and a total never
  exceeds the maximum plus the bonus cap (reachable only with scores above their maxima, which
  validation rejects). A clamped total is marked (`UnitScore.clamped`).
- Grade: the first grade of the sheet (highest first) whose `min_total` the total reaches and
  whose floor holds: no criterion's counted score below `min_share` x its maximum. A grade
  whose total was reached but whose floor failed is kept as a `GradeMiss`, naming each
  criterion below the floor, its score and the floor, so the table can say why.
- Rank: higher total first; equal totals share a rank (1, 2, 2, 4) unless the sheet's
  tie-break rules, applied in order, separate them. A tie no rule breaks stays a tie.
  Still-tied units are listed in Vietnamese alphabetical order of their label (short name,
  else name), then by unit id; the order never gives one of them a better rank.
- Members without a self-report are not ranked; they are listed in `Ranking.not_submitted`.
"""

from dataclasses import dataclass
import os
from decimal import Decimal
from functools import cached_property
from typing import Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.collate import vi_key
from thidua.errors import DataError, ThiduaError
from thidua.numbers import fmt_number, fmt_share

ZERO = Decimal(0)


# --- per unit --------------------------------------------------------------

class CriterionScore(NamedTuple):
    id: str
    name: str
    max: Decimal
    self_score: Decimal
    checked: Decimal
    note: Optional[str] = None  # the chair's reason, when the review gave a score

    @property
    def changed(self) -> bool:
        return self.checked != self.self_score


class GroupScore(NamedTuple):
    id: str
    name: str
    max: Decimal
    self_score: Decimal
    checked: Decimal


class Points(NamedTuple):
    """Bonus or deduction points: as the unit claimed them, as checked, and as counted (capped)."""

    claimed: Decimal
    checked: Decimal  # the review's points when given, else `claimed`
    cap: Optional[Decimal]  # None: the sheet has no such section, nothing counts
    reviewed: bool = False
    note: Optional[str] = None

    @property
    def counted(self) -> Decimal:
        return _capped(self.checked, self.cap)

    @property
    def self_counted(self) -> Decimal:
        """What the unit's own claim would count, capped."""
        return _capped(self.claimed, self.cap)

    @property
    def over_cap(self) -> bool:
        return self.counted < self.checked


def _capped(value: Decimal, cap: Optional[Decimal]) -> Decimal:
    return ZERO if cap is None else min(value, cap)


class Shortfall(NamedTuple):
    """A criterion below a grade's floor."""

    criterion: str
    name: str
    score: Decimal
    max: Decimal
    floor: Decimal


class GradeMiss(NamedTuple):
    """A grade whose total the unit reached but whose floor it did not."""

    grade: str
    min_share: Decimal
    below: Tuple[Shortfall, ...]

    @property
    def reason(self) -> str:
        parts = "; ".join(f"tiêu chí {s.criterion} được {fmt_number(s.score)} điểm, dưới mức sàn "
                          f"{fmt_number(s.floor)} ({fmt_share(self.min_share)} của {fmt_number(s.max)})"
                          for s in self.below)
        return f"Chưa đạt {self.grade}: {parts}."


class UnitScore(NamedTuple):
    unit: m.Unit
    criteria: Tuple[CriterionScore, ...]
    groups: Tuple[GroupScore, ...]
    bonus: Points
    deductions: Points
    self_points: Decimal  # sum of self-scores
    checked_points: Decimal  # sum of the scores that count
    self_total: Decimal  # self_points + claimed bonus - claimed deductions (capped, clamped)
    total: Decimal  # the total that counts
    clamped: Optional[str]  # None, "zero" (would be negative) or "ceiling" (above max + bonus cap)
    grade: Optional[str]  # None when no grade of the sheet applies
    missed: Tuple[GradeMiss, ...]  # higher grades stopped by a floor, highest first

    def group(self, group_id: str) -> Optional[GroupScore]:
        for g in self.groups:
            if g.id == group_id:
                return g
        return None

    def criterion(self, criterion_id: str) -> Optional[CriterionScore]:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        return None


def score_unit(sheet: m.Sheet, unit: m.Unit, report: m.SelfReport,
               review: Optional[m.UnitReview] = None) -> UnitScore:
    """The scores, total and grade of one unit's report, with the chair's review if any."""
    corrections: Mapping[str, m.Correction] = review.scores if review else {}
    groups: List[GroupScore] = []
    criteria: List[CriterionScore] = []
    for group in sheet.groups:
        own: List[CriterionScore] = []
        for crit in group.criteria:
            score = report.scores.get(crit.id)
            self_score = score.value if score is not None else ZERO
            corr = corrections.get(crit.id)
            own.append(CriterionScore(crit.id, crit.name, crit.max, self_score,
                                      corr.value if corr is not None else self_score,
                                      corr.note if corr is not None else None))
        criteria += own
        groups.append(GroupScore(group.id, group.name, group.max, _sum(c.self_score for c in own),
                                 _sum(c.checked for c in own)))
    bonus = _points(report.bonus, review.bonus if review else None, sheet.bonus)
    deductions = _points(report.deductions, review.deductions if review else None, sheet.deductions)
    self_points = _sum(c.self_score for c in criteria)
    checked_points = _sum(c.checked for c in criteria)
    ceiling = sheet.max_total + (sheet.bonus.max if sheet.bonus else ZERO)
    self_total, _ = _clamp(self_points + bonus.self_counted - deductions.self_counted, ceiling)
    total, clamped = _clamp(checked_points + bonus.counted - deductions.counted, ceiling)
    grade, missed = grade_for(sheet, total, criteria)
    return UnitScore(unit, tuple(criteria), tuple(groups), bonus, deductions, self_points, checked_points,
                     self_total, total, clamped, grade, missed)


def _sum(values) -> Decimal:
    return sum(values, ZERO)


def _points(items: Sequence[m.Item], correction: Optional[m.Correction], cap: Optional[m.PointsCap]) -> Points:
    claimed = _sum(i.points for i in items)
    if correction is None:
        return Points(claimed, claimed, cap.max if cap else None)
    return Points(claimed, correction.value, cap.max if cap else None, True, correction.note)


def _clamp(total: Decimal, ceiling: Decimal) -> Tuple[Decimal, Optional[str]]:
    if total < 0:
        return ZERO, "zero"
    if total > ceiling:
        return ceiling, "ceiling"
    return total, None


def grade_for(sheet: m.Sheet, total: Decimal,
              criteria: Sequence[CriterionScore]) -> Tuple[Optional[str], Tuple[GradeMiss, ...]]:
    """The grade of a total and the higher grades its floors stopped (see the module docstring)."""
    missed: List[GradeMiss] = []
    for grade in sheet.grades:
        if total < grade.min_total:
            continue
        if grade.min_share is not None:
            below = tuple(Shortfall(c.id, c.name, c.checked, c.max, grade.min_share * c.max)
                          for c in criteria if c.checked < grade.min_share * c.max)
            if below:
                missed.append(GradeMiss(grade.name, grade.min_share, below))
                continue
        return grade.name, tuple(missed)
    return None, tuple(missed)


# --- tie-break rules -------------------------------------------------------

class TieContext(NamedTuple):
    """What a tie-break rule may look at besides the tied units."""

    year: m.Year
    period: str


TieKeys = Callable[[TieContext, Sequence[UnitScore], Optional[str]], Optional[Sequence[Decimal]]]


class RankTieRule(NamedTuple):
    """One tie-break rule: `keys` gives each tied unit a value (higher wins), or None when the
    rule cannot apply (e.g. no ballot yet); `describe` names it in Vietnamese for the table."""

    id: str
    keys: TieKeys
    describe: Callable[[TieContext, Optional[str]], str]
    shown: Callable[[Decimal], Decimal] = lambda key: key  # key -> the value a reader expects


RANK_TIE_RULES: Dict[str, RankTieRule] = {}


def rank_tie_rule(rule_id: str, describe: Callable[[TieContext, Optional[str]], str],
             shown: Callable[[Decimal], Decimal] = lambda key: key):
    """Register a tie-break rule under the id used in criteria.yaml (`tie_breaks: - rule: ...`)."""

    def register(keys: TieKeys) -> TieKeys:
        RANK_TIE_RULES[rule_id] = RankTieRule(rule_id, keys, describe, shown)
        return keys

    return register


@rank_tie_rule("group", lambda ctx, ref: f"điểm nhóm {ref}")
def _group_keys(ctx: TieContext, units: Sequence[UnitScore], ref: Optional[str]):
    found = [u.group(ref or "") for u in units]
    return None if any(g is None for g in found) else [g.checked for g in found]  # type: ignore[union-attr]


@rank_tie_rule("criterion", lambda ctx, ref: f"điểm tiêu chí {ref}")
def _criterion_keys(ctx: TieContext, units: Sequence[UnitScore], ref: Optional[str]):
    found = [u.criterion(ref or "") for u in units]
    return None if any(c is None for c in found) else [c.checked for c in found]  # type: ignore[union-attr]


@rank_tie_rule("fewer-deductions", lambda ctx, ref: "ít điểm trừ hơn", shown=lambda key: -key)
def _fewer_deductions_keys(ctx: TieContext, units: Sequence[UnitScore], ref: Optional[str]):
    return [-u.deductions.counted for u in units]


def _describe_ballot(ctx: TieContext, ref: Optional[str]) -> str:
    name = ref or ""
    if ctx.year.awards is not None:
        from thidua.awards.rules import catalogue

        name = catalogue(ctx.year.awards)[0].get(name, name)
    return f"số phiếu bầu {name}"


@rank_tie_rule("ballot", _describe_ballot)
def _ballot_keys(ctx: TieContext, units: Sequence[UnitScore], ref: Optional[str]):
    """Votes in the latest round of the award's ballot that names any of the tied units (absent
    from that round: 0 votes). Ballots are cast at year end, so this never applies to h1."""
    if ctx.period != "year" or ctx.year.ballots is None:
        return None
    ballot = ctx.year.ballots.for_award(ref or "")
    if ballot is None:
        return None
    ids = {u.unit.id for u in units}
    for rnd in reversed(ballot.rounds):
        if ids & set(rnd.votes):
            return [Decimal(rnd.votes[u.unit.id].count) if u.unit.id in rnd.votes else ZERO for u in units]
    return None


# --- the ranking -----------------------------------------------------------

class RankTieBreakUse(NamedTuple):
    """The tie-break rule that placed a unit among the units with its total, and its value there."""

    rule: str
    ref: Optional[str]
    label: str  # e.g. "điểm nhóm 2"
    value: Decimal  # as a reader expects it (fewer-deductions: the deduction points)


class Standing(NamedTuple):
    rank: int
    score: UnitScore
    level_with: Tuple[str, ...]  # ids of the other units with the same total
    tied_with: Tuple[str, ...]  # ids of the other units sharing this rank (no rule split them)
    decided_by: Optional[RankTieBreakUse]  # None when the total alone placed the unit

    @property
    def unit(self) -> m.Unit:
        return self.score.unit

    @property
    def tied(self) -> bool:
        return bool(self.tied_with)


@dataclass(frozen=True)
class Ranking:
    """The units of a period ranked, with what placed them and who did not report."""

    year: int
    period: str  # "h1" or "year"
    bloc: m.Bloc
    sheet: m.Sheet
    standings: Tuple[Standing, ...]  # ranked units, best first
    not_submitted: Tuple[m.Unit, ...]  # members without a self-report, in bloc order
    tie_rules: Tuple[Tuple[m.RankTieBreak, str], ...]  # the sheet's tie-breaks with their Vietnamese labels
    warnings: int = 0  # warning-level problems in the year's data (ranking went ahead)

    @cached_property
    def _standings_by_unit(self) -> Mapping[str, Standing]:
        return {s.unit.id: s for s in reversed(self.standings)}  # reversed: the first of a repeated id wins

    def standing(self, unit_id: str) -> Optional[Standing]:
        return self._standings_by_unit.get(unit_id)


def _order_key(score: UnitScore):
    return (vi_key(score.unit.label), score.unit.id)


def rank_scores(ctx: TieContext, rules: Sequence[m.RankTieBreak], scores: Sequence[UnitScore]) -> Tuple[Standing, ...]:
    """Rank unit scores: by total, then by the tie-break rules in order (see the module docstring)."""
    by_total: Dict[Decimal, List[UnitScore]] = {}
    for s in sorted(scores, key=_order_key):
        by_total.setdefault(s.total, []).append(s)
    standings: List[Standing] = []
    for total in sorted(by_total, reverse=True):
        level = by_total[total]
        decided: Dict[str, RankTieBreakUse] = {}
        classes = _split(ctx, level, tuple(rules), decided)
        rank = len(standings) + 1
        for cls in classes:
            ids = [s.unit.id for s in cls]
            for s in sorted(cls, key=_order_key):
                standings.append(Standing(
                    rank=rank, score=s,
                    level_with=tuple(x.unit.id for x in level if x.unit.id != s.unit.id),
                    tied_with=tuple(i for i in ids if i != s.unit.id),
                    decided_by=decided.get(s.unit.id)))
            rank += len(cls)
    return tuple(standings)


def _split(ctx: TieContext, units: List[UnitScore], rules: Tuple[m.RankTieBreak, ...],
           decided: Dict[str, RankTieBreakUse]) -> List[List[UnitScore]]:
    """Units of equal total as ordered classes; a class of more than one is a tie no rule broke."""
    if len(units) < 2 or not rules:
        return [units]
    rule, rest = rules[0], rules[1:]
    impl = RANK_TIE_RULES.get(rule.rule)
    if impl is None:
        raise ThiduaError(f"Không có tiêu chí phụ '{rule.rule}' (các tiêu chí phụ hợp lệ: {', '.join(RANK_TIE_RULES)}).")
    keys = impl.keys(ctx, units, rule.ref)
    if keys is None or len(set(keys)) == 1:
        return _split(ctx, units, rest, decided)
    label = impl.describe(ctx, rule.ref)
    buckets: Dict[Decimal, List[UnitScore]] = {}
    for unit, key in zip(units, keys):
        buckets.setdefault(key, []).append(unit)
        decided[unit.unit.id] = RankTieBreakUse(rule.rule, rule.ref, label, impl.shown(key))
    out: List[List[UnitScore]] = []
    for key in sorted(buckets, reverse=True):
        out += _split(ctx, buckets[key], rest, decided)
    return out


def rank_year(year: m.Year, period: str, warnings: int = 0) -> Ranking:
    """Score and rank a loaded year's period ("h1" or "year"). Does not validate: the caller refuses data
    with errors (`thidua.commands.rank`) and passes the number of `warnings` it went ahead with."""
    if period not in m.PERIODS:
        raise ValueError(f"unknown period {period!r}")
    if year.bloc is None or year.sheet is None:
        raise DataError(f"Năm {year.year} thiếu bloc.yaml hoặc criteria.yaml; chạy `thidua validate {year.year}`.")
    data = year.periods.get(period)
    if data is None or not data.reports:
        raise ThiduaError(f"Chưa có báo cáo tự chấm điểm nào cho kỳ {m.PERIOD_WORDS[period]} của năm "
                          f"{year.year} (thư mục {os.path.join(year.folder, period)}).")
    reviews = data.review.units if data.review else {}
    scores = [score_unit(year.sheet, unit, data.reports[unit.id], reviews.get(unit.id))
              for unit in year.bloc.units if unit.id in data.reports]
    ctx = TieContext(year, period)
    labels = tuple((rule, RANK_TIE_RULES[rule.rule].describe(ctx, rule.ref)) for rule in year.sheet.tie_breaks
                   if rule.rule in RANK_TIE_RULES)
    return Ranking(
        year=year.year, period=period, bloc=year.bloc, sheet=year.sheet,
        standings=rank_scores(ctx, year.sheet.tie_breaks, scores),
        not_submitted=tuple(u for u in year.bloc.units if u.id not in data.reports),
        tie_rules=labels, warnings=warnings)

