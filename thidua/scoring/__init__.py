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
- Members without a self-report (or with a blank never filled in, `SelfReport.blank`) are not ranked;
  they are listed in `Ranking.not_submitted`.

Real sheets (docs/scoring.md):

- The sheet is a tree of groups of any depth; a group's subtotal is the sum of what is under it.
- A criterion's `method` (`scoring.methods`) says how its points come about: entered by the unit
  (manual, stepped, pass-fail) or computed from every unit's reported figures (per-occurrence,
  target-ratio, leader-ratio) by `compute_period`, rounded as the sheet says. The chair's checked
  score, when given, replaces a computed one too.
- A criterion the unit lists in `not_assigned` is not scored; with the sheet's `unassigned: scale`
  the criteria points are brought to the full scale (points x scale / assigned maximum, rounded),
  with `full` an unassigned criterion counts its maximum. Floors skip unassigned criteria.
- `rank_by: grade` ranks by grade first (highest grade first), then by total.
"""

from dataclasses import dataclass
import os
from types import MappingProxyType
from decimal import Decimal
from functools import cached_property
from typing import Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.collate import vi_key
from thidua.errors import DataError, ThiduaError
from thidua.numbers import fmt_number, fmt_share
from thidua.scoring.methods import METHODS, Computed, Input, points_of, round_points

ZERO = Decimal(0)


# --- per unit --------------------------------------------------------------

class CriterionScore(NamedTuple):
    id: str
    name: str
    max: Decimal
    self_score: Decimal
    checked: Decimal
    note: Optional[str] = None  # the chair's reason, when the review gave a score
    assigned: bool = True  # False: the unit lists it in `not_assigned` (scores 0, see `UnitScore.scaling`)
    computed: Optional[Computed] = None  # the points' figures and formula, for a computed method

    @property
    def changed(self) -> bool:
        return self.checked != self.self_score


class GroupScore(NamedTuple):
    id: str
    name: str
    max: Decimal
    self_score: Decimal
    checked: Decimal


class Row(NamedTuple):
    """One line of the sheet's tree for one unit: a group's subtotal or a criterion's points.

    The flat form a renderer walks (tables, documents): `level` 1 is a top group."""

    level: int
    kind: str  # "group" or "criterion"
    id: str
    name: str
    max: Decimal
    self_score: Decimal
    checked: Decimal
    assigned: bool = True


class Scaling(NamedTuple):
    """Criteria not assigned to the unit, and how its criteria points were brought to the full scale."""

    rule: str  # "scale" or "full" (the sheet's `unassigned`)
    unassigned: Tuple[str, ...]
    assigned_max: Decimal
    scale: Decimal
    self_points: Decimal  # before scaling
    checked_points: Decimal
    self_scaled: Decimal
    checked_scaled: Decimal

    @property
    def formula(self) -> str:
        if self.rule == "full":
            return (f"tiêu chí không giao ({', '.join(self.unassigned)}) tính đủ điểm tối đa: "
                    f"{fmt_number(self.checked_points)} + {fmt_number(self.scale - self.assigned_max)} = "
                    f"{fmt_number(self.checked_scaled)}")
        return (f"không giao tiêu chí {', '.join(self.unassigned)}: quy đổi {fmt_number(self.checked_points)} x "
                f"{fmt_number(self.scale)} / {fmt_number(self.assigned_max)} = {fmt_number(self.checked_scaled)}")


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
    rows: Tuple[Row, ...] = ()  # the whole tree, subtotals at every level (see `Row`)
    scaling: Optional[Scaling] = None  # criteria not assigned, and the points brought to scale

    def row(self, row_id: str, kind: str = "group") -> Optional[Row]:
        return next((r for r in self.rows if r.id == row_id and r.kind == kind), None)

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
               review: Optional[m.UnitReview] = None,
               computed: Optional[Mapping[str, Computed]] = None) -> UnitScore:
    """The scores, total and grade of one unit's report, with the chair's review if any; `computed` holds
    the unit's points of computed criteria (`compute_period`)."""
    corrections: Mapping[str, m.Correction] = review.scores if review else {}
    computed = computed or {}
    unassigned = set(report.not_assigned) | {c.id for c in sheet.criteria if not c.applies_to(unit.category)}
    by_id: Dict[str, CriterionScore] = {}
    for crit in sheet.criteria:
        got = computed.get(crit.id)
        if crit.id in unassigned:
            self_score = ZERO
        elif got is not None:
            self_score = got.points
        else:
            score = report.scores.get(crit.id)
            self_score = score.value if score is not None else ZERO
        corr = corrections.get(crit.id)
        by_id.setdefault(crit.id, CriterionScore(
            crit.id, crit.name, crit.max, self_score, corr.value if corr is not None else self_score,
            corr.note if corr is not None else None, crit.id not in unassigned, got))
    criteria = [by_id[c.id] for c in sheet.criteria]
    rows = tuple(_rows(sheet, by_id, unit.category))
    groups = [GroupScore(r.id, r.name, r.max, r.self_score, r.checked) for r in rows if r.level == 1]
    bonus = _points(report.bonus, review.bonus if review else None, sheet.bonus)
    deductions = _points(report.deductions, review.deductions if review else None, sheet.deductions)
    self_points = _sum(c.self_score for c in criteria)
    checked_points = _sum(c.checked for c in criteria)
    scaling = _scaling(sheet, criteria, self_points, checked_points, unit.category)
    self_base, checked_base = (scaling.self_scaled, scaling.checked_scaled) if scaling else (self_points, checked_points)
    ceiling = sheet.scale + (sheet.bonus.max if sheet.bonus else ZERO)
    self_total, _ = _clamp(self_base + bonus.self_counted - deductions.self_counted, ceiling)
    total, clamped = _clamp(checked_base + bonus.counted - deductions.counted, ceiling)
    grade, missed = grade_for(sheet, total, [c for c in criteria if c.assigned])
    return UnitScore(unit, tuple(criteria), tuple(groups), bonus, deductions, self_points, checked_points,
                     self_total, total, clamped, grade, missed, rows, scaling)


def _rows(sheet: m.Sheet, by_id: Mapping[str, CriterionScore], category: Optional[str] = None) -> List[Row]:
    """The tree's rows; a group's subtotal (and maximum) sums its criteria and subgroups that apply to the
    unit's category (children come after their group in `sheet.rows`, so one pass from the end has every
    child's sums before its parent's)."""
    rows, children = sheet.rows, sheet.children
    sums: List[Tuple[Decimal, Decimal, Decimal, bool]] = [(ZERO, ZERO, ZERO, True)] * len(rows)
    for i in range(len(rows) - 1, -1, -1):
        item = rows[i][1]
        if isinstance(item, m.Criterion):
            c = by_id[item.id]
            sums[i] = (item.max if item.applies_to(category) else ZERO, c.self_score, c.checked, c.assigned)
        else:
            parts = [sums[k] for k in children[i]]
            sums[i] = (_sum(p[0] for p in parts), _sum(p[1] for p in parts), _sum(p[2] for p in parts),
                       any(p[3] for p in parts))
    return [Row(level, "group", item.id, item.name, *sums[i]) if isinstance(item, m.Group)
            else Row(level, "criterion", item.id, item.name, item.max, *sums[i][1:])
            for i, (level, item) in enumerate(rows)]


def _scaling(sheet: m.Sheet, criteria: Sequence[CriterionScore], self_points: Decimal,
             checked_points: Decimal, category: Optional[str] = None) -> Optional[Scaling]:
    """Criteria points brought to the scale when criteria of the unit's own sheet were not assigned (criteria
    of other categories are not the unit's: they are left out of the list, and of the assigned maximum)."""
    unassigned = tuple(c.id for c in criteria if not c.assigned and sheet.criterion(c.id).applies_to(category))
    if not unassigned or sheet.unassigned not in ("scale", "full"):
        return None
    scale = sheet.scale
    assigned_max = _sum(c.max for c in criteria if c.assigned)
    if assigned_max == scale:  # only criteria of other categories left out: the unit's own sheet is full
        return None
    if sheet.unassigned == "full":
        extra = scale - assigned_max
        self_scaled, checked_scaled = self_points + extra, checked_points + extra
    elif assigned_max == 0:
        self_scaled = checked_scaled = ZERO
    else:
        self_scaled = round_points(self_points * scale / assigned_max, sheet.rounding)
        checked_scaled = round_points(checked_points * scale / assigned_max, sheet.rounding)
    return Scaling(sheet.unassigned, unassigned, assigned_max, scale, self_points, checked_points,
                   self_scaled, checked_scaled)


def compute_period(sheet: m.Sheet, reports: Mapping[str, m.SelfReport],
                   scorers: Mapping[str, m.Review] = MappingProxyType({}),
                   categories: Mapping[str, Optional[str]] = MappingProxyType({})) -> Dict[str, Dict[str, Computed]]:
    """unit id -> criterion id -> points of each computed criterion, from every unit's figures, and of
    each criterion scored by departments (`scored_by`), from their files.

    A unit that lists the criterion in `not_assigned`, or reports no such figure, takes no part
    (validation reports the missing figure), nor does a unit of a category the criterion is not for
    (`categories`: unit id -> its category)."""
    out: Dict[str, Dict[str, Computed]] = {unit: {} for unit in reports}
    for unit, report in reports.items():
        out[unit].update(scorer_points(sheet, unit, report, scorers))
    for crit in sheet.criteria:
        impl = METHODS.get(crit.method)
        if impl is None or impl.compute is None or crit.figure is None:
            continue
        inputs: Dict[str, Input] = {}
        for unit, report in reports.items():
            got = report.figures.get(crit.figure)
            if got is not None and crit.id not in report.not_assigned and crit.applies_to(categories.get(unit)):
                inputs[unit] = Input(got.value, got.target if got.target is not None else crit.target)
        for unit, points in points_of(crit, inputs, sheet.rounding).items():
            out[unit][crit.id] = points
    return out


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
    found = [u.group(ref or "") or u.row(ref or "") for u in units]
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
    by_total: Dict[Tuple[int, Decimal], List[UnitScore]] = {}
    grades = _grade_places(ctx.year.sheet)
    for s in sorted(scores, key=_order_key):
        by_total.setdefault((-grades.get(s.grade, len(grades)) if grades else 0, s.total), []).append(s)
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


def scorer_points(sheet: m.Sheet, unit: str, report: m.SelfReport,
                  scorers: Mapping[str, m.Review]) -> Dict[str, Computed]:
    """The unit's points of each criterion scored by departments: the mean of their scores, or with the
    sheet's `combine: sum` their sum up to the maximum; a scorer who gave none is left out."""
    out: Dict[str, Computed] = {}
    for crit in sheet.criteria:
        if not crit.scored_by or crit.id in report.not_assigned:
            continue
        given = []
        for scorer_id in crit.scored_by:
            entry = scorers.get(scorer_id)
            unit_scores = entry.units.get(unit) if entry else None
            corr = unit_scores.scores.get(crit.id) if unit_scores else None
            if corr is not None:
                scorer = sheet.scorer(scorer_id)
                given.append((scorer.name if scorer else scorer_id, corr.value))
        if not given:
            continue
        values = [v for _, v in given]
        parts = ", ".join(f"{name} {fmt_number(v)}" for name, v in given)
        if sheet.combine == "sum":
            points = min(_sum(values), crit.max)
            formula = f"cộng điểm các đơn vị chấm ({parts}), không quá {fmt_number(crit.max)}"
        elif len(values) == 1:
            points, formula = values[0], f"do {given[0][0]} chấm"
        else:
            points = round_points(_sum(values) / len(values), sheet.rounding)
            formula = f"trung bình cộng điểm các đơn vị chấm ({parts})"
        out[crit.id] = Computed(points, formula, points)
    return out


def _grade_places(sheet: Optional[m.Sheet]) -> Dict[Optional[str], int]:
    """grade name -> its place (0 best) when the sheet ranks by grade first; empty otherwise."""
    if sheet is None or sheet.rank_by != "grade":
        return {}
    return {g.name: i for i, g in enumerate(sheet.grades)}


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
    sent = data.sent if data else {}  # a blank is not sent
    if not sent:
        blanks = f" ({len(data.reports)} tệp trong đó đều là mẫu chưa điền: mọi điểm bằng 0, chưa ghi ngày gửi)" \
            if data and data.reports else ""
        raise ThiduaError(f"Chưa có báo cáo tự chấm điểm nào cho kỳ {m.PERIOD_WORDS[period]} của năm "
                          f"{year.year} (thư mục {os.path.join(year.folder, period)}){blanks}.")
    reviews = data.review.units if data.review else {}
    members = {unit.id: sent[unit.id] for unit in year.bloc.units if unit.id in sent}
    categories = {unit.id: unit.category for unit in year.bloc.units}
    computed = compute_period(year.sheet, members, data.scorers, categories)
    scores = [score_unit(year.sheet, unit, sent[unit.id], reviews.get(unit.id), computed.get(unit.id))
              for unit in year.bloc.units if unit.id in sent]
    ctx = TieContext(year, period)
    labels = tuple((rule, RANK_TIE_RULES[rule.rule].describe(ctx, rule.ref)) for rule in year.sheet.tie_breaks
                   if rule.rule in RANK_TIE_RULES)
    if year.sheet.rank_within == "category":  # each category ranked on its own, in the bloc's order of categories
        order = list(dict.fromkeys(u.category for u in year.bloc.units))
        standings = tuple(st for cat in order for st in rank_scores(
            ctx, year.sheet.tie_breaks, [x for x in scores if x.unit.category == cat]))
    else:
        standings = rank_scores(ctx, year.sheet.tie_breaks, scores)
    return Ranking(
        year=year.year, period=period, bloc=year.bloc, sheet=year.sheet,
        standings=standings,
        not_submitted=tuple(u for u in year.bloc.units if u.id not in sent),
        tie_rules=labels, warnings=warnings)

