"""Scores, grades and ranks, on small in-memory years (thidua.scoring)."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Dict, Optional, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua import model as m
from thidua.problems import Src
from thidua.scoring import RANK_TIE_RULES, RankTieRule, rank_year, score_unit

SRC = Src("test.yaml", 1, 1)

# Sheet used by every test: max 100 = 1.1 (10) + 1.2 (10) + 2.1 (40) + 2.2 (40).
MAXES = {"1.1": 10, "1.2": 10, "2.1": 40, "2.2": 40}
GROUPS = {"1": ("1.1", "1.2"), "2": ("2.1", "2.2")}
GRADES = (("Xuất sắc", 90, "0.8"), ("Tốt", 80, None), ("Khá", 65, None), ("Trung bình", 50, None))


def make_sheet(ties: Sequence[tuple] = (), bonus: Optional[int] = 5, deductions: Optional[int] = 10,
               grades=GRADES) -> m.Sheet:
    groups = tuple(
        m.Group(id=gid, name=f"Nhóm {gid}", src=SRC,
                criteria=tuple(m.Criterion(id=c, name=f"Tiêu chí {c}", max=D(MAXES[c]), guide=(), src=SRC)
                               for c in crits))
        for gid, crits in GROUPS.items())
    return m.Sheet(
        year=2020, name=None, total=D(100), groups=groups,
        bonus=m.PointsCap(D(bonus), SRC) if bonus is not None else None,
        deductions=m.PointsCap(D(deductions), SRC) if deductions is not None else None,
        grades=tuple(m.Grade(name, D(total), D(share) if share else None, SRC) for name, total, share in grades),
        tie_breaks=tuple(m.RankTieBreak(rule, ref, SRC) for rule, ref in ties), src=SRC)


def make_unit(unit_id: str, label: Optional[str] = None) -> m.Unit:
    return m.Unit(id=unit_id, name=label or unit_id.upper(), short_name=None, category=None, theme=None,
                  registered=(), head=None, src=SRC)


def make_report(unit_id: str, scores: Dict[str, object], bonus=(), deductions=(), period="year") -> m.SelfReport:
    return m.SelfReport(
        unit=unit_id, year=2020, period=period, submitted=None,
        scores=m.frozen_map((c, m.Score(c, D(str(v)), SRC)) for c, v in scores.items()),
        bonus=tuple(m.Item(D(str(p)), "lý do", SRC) for p in bonus),
        deductions=tuple(m.Item(D(str(p)), "lý do", SRC) for p in deductions),
        achievements=(), limitations=(), facts=m.Facts(), src=SRC)


def scores_for(total_2: object, rest: Sequence[object] = (10, 10, 40)) -> Dict[str, object]:
    """Scores with 1.1, 1.2, 2.1 from `rest` and 2.2 = total_2."""
    return {"1.1": rest[0], "1.2": rest[1], "2.1": rest[2], "2.2": total_2}


def make_year(reports: Dict[str, m.SelfReport], units: Optional[Sequence[m.Unit]] = None, ties=(),
              review: Optional[Dict[str, m.UnitReview]] = None, ballots: Optional[m.Ballots] = None,
              period: str = "year", sheet: Optional[m.Sheet] = None) -> m.Year:
    units = tuple(units) if units is not None else tuple(make_unit(u) for u in reports)
    bloc = m.Bloc(year=2020, name="Khối thử", short_name=None, code="KTĐ", place="Hà Nội", level="tinh",
                  authority=None, council=None, chair=units[0].id, vice_chairs=(), slogan=None, units=units,
                  documents=(), rotation=None, src=SRC)
    rev = m.Review(year=2020, period=period, reviewer=None, date=None, units=m.frozen_map(review), src=SRC) \
        if review else None
    return m.Year(year=2020, folder="data/2020", bloc=bloc, sheet=sheet or make_sheet(ties), awards=None,
                  periods=m.frozen_map({period: m.Period(period, m.frozen_map(reports), rev, None)}),
                  ballots=ballots)


def correction(value, note="điều chỉnh") -> m.Correction:
    return m.Correction(D(str(value)), note, SRC)


def unit_review(unit_id, scores=None, bonus=None, deductions=None) -> m.UnitReview:
    return m.UnitReview(unit=unit_id, scores=m.frozen_map((k, correction(v)) for k, v in (scores or {}).items()),
                        bonus=correction(bonus) if bonus is not None else None,
                        deductions=correction(deductions) if deductions is not None else None, src=SRC)


def ranks(ranking) -> Dict[str, int]:
    return {s.unit.id: s.rank for s in ranking.standings}


# --- scores --------------------------------------------------------------

def test_checked_score_counts_where_the_review_gives_one():
    report = make_report("a", scores_for("39.5"))
    review = unit_review("a", scores={"2.2": 36})
    score = score_unit(make_sheet(), make_unit("a"), report, review)
    assert (score.self_points, score.checked_points, score.total) == (D("99.5"), D(96), D(96))
    assert score.criterion("2.2").note == "điều chỉnh"
    assert score.criterion("2.1").checked == D(40)
    assert score.group("2").self_score == D("79.5") and score.group("2").checked == D(76)


def test_review_points_replace_the_claimed_bonus_and_deductions():
    report = make_report("a", scores_for(30), bonus=[2, 1], deductions=[0.5])
    score = score_unit(make_sheet(), make_unit("a"), report, unit_review("a", bonus=1, deductions=2))
    assert (score.bonus.claimed, score.bonus.counted) == (D(3), D(1))
    assert (score.deductions.claimed, score.deductions.counted) == (D("0.5"), D(2))
    assert score.self_total == D("92.5")  # 90 + 3 - 0,5: what the unit claimed
    assert score.total == D(89)


def test_bonus_and_deductions_are_capped():
    report = make_report("a", scores_for(30), bonus=[4, 3], deductions=[8, 6])
    score = score_unit(make_sheet(bonus=5, deductions=10), make_unit("a"), report)
    assert (score.bonus.counted, score.bonus.over_cap) == (D(5), True)
    assert (score.deductions.counted, score.deductions.over_cap) == (D(10), True)
    assert score.total == D(85)


def test_a_sheet_without_a_bonus_section_counts_no_bonus():
    report = make_report("a", scores_for(30), bonus=[2])
    score = score_unit(make_sheet(bonus=None), make_unit("a"), report)
    assert (score.bonus.counted, score.total) == (D(0), D(90))


def test_total_never_goes_below_zero():
    report = make_report("a", {"1.1": 1, "1.2": 1, "2.1": 1, "2.2": 0}, deductions=[7])
    score = score_unit(make_sheet(), make_unit("a"), report)
    assert (score.total, score.clamped) == (D(0), "zero")


def test_total_never_exceeds_the_maximum_plus_the_bonus_cap():
    # Only reachable with a score above its maximum, which validation rejects.
    report = make_report("a", {"1.1": 10, "1.2": 10, "2.1": 40, "2.2": 45}, bonus=[5])
    score = score_unit(make_sheet(bonus=5), make_unit("a"), report)
    assert (score.total, score.clamped) == (D(105), "ceiling")


def test_full_marks_with_full_bonus_are_not_clamped():
    report = make_report("a", scores_for(40), bonus=[5])
    score = score_unit(make_sheet(bonus=5), make_unit("a"), report)
    assert (score.total, score.clamped) == (D(105), None)


def test_a_missing_criterion_counts_zero():
    report = make_report("a", {"1.1": 10, "1.2": 10, "2.1": 40})
    assert score_unit(make_sheet(), make_unit("a"), report).total == D(60)


# --- grades --------------------------------------------------------------

def test_grade_from_thresholds():
    sheet = make_sheet(grades=[(name, total, None) for name, total, _ in GRADES])  # no floors here

    def grade(total):
        part = min(40, total - 20)
        return score_unit(sheet, make_unit("a"), make_report("a", scores_for(total - 20 - part, (10, 10, part)))).grade

    got = {t: grade(t) for t in (100, 90, 89, 80, 65, 64, 50, 49)}
    assert got == {100: "Xuất sắc", 90: "Xuất sắc", 89: "Tốt", 80: "Tốt", 65: "Khá", 64: "Trung bình",
                   50: "Trung bình", 49: None}


def test_a_floor_drops_the_grade_and_says_why():
    report = make_report("a", {"1.1": "7.5", "1.2": 10, "2.1": 40, "2.2": 40})  # 97,5 but 1.1 < 8
    score = score_unit(make_sheet(), make_unit("a"), report)
    assert score.grade == "Tốt"
    [miss] = score.missed
    assert (miss.grade, miss.min_share) == ("Xuất sắc", D("0.8"))
    [below] = miss.below
    assert (below.criterion, below.score, below.floor, below.max) == ("1.1", D("7.5"), D(8), D(10))
    assert miss.reason == "Chưa đạt Xuất sắc: tiêu chí 1.1 được 7,5 điểm, dưới mức sàn 8 (80% của 10)."


def test_a_score_exactly_at_the_floor_keeps_the_grade():
    score = score_unit(make_sheet(), make_unit("a"), make_report("a", {"1.1": 8, "1.2": 10, "2.1": 40, "2.2": 40}))
    assert (score.grade, score.missed) == ("Xuất sắc", ())


def test_the_floor_uses_the_checked_score():
    report = make_report("a", scores_for(40))
    score = score_unit(make_sheet(), make_unit("a"), report, unit_review("a", scores={"2.1": 30}))
    assert score.grade == "Tốt"
    assert [b.criterion for b in score.missed[0].below] == ["2.1"]


def test_a_floor_below_a_threshold_not_reached_is_not_reported():
    report = make_report("a", {"1.1": 2, "1.2": 10, "2.1": 40, "2.2": 30})  # 82: Xuất sắc out of reach anyway
    score = score_unit(make_sheet(), make_unit("a"), report)
    assert (score.grade, score.missed) == ("Tốt", ())


# --- ranks and ties --------------------------------------------------------

def test_equal_totals_share_a_rank():
    year = make_year({"a": make_report("a", scores_for(30)), "b": make_report("b", scores_for(25)),
                      "c": make_report("c", scores_for(25)), "d": make_report("d", scores_for(20))})
    ranking = rank_year(year, "year")
    assert ranks(ranking) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert ranking.standing("b").tied_with == ("c",)
    assert ranking.standing("a").tied is False


def test_group_rule_breaks_a_tie():
    reports = {"b": make_report("b", scores_for(25, (10, 10, 40))),  # 85: group 1 = 20, group 2 = 65
               "c": make_report("c", scores_for(40, (10, 5, 30))),  # 85: group 1 = 15, group 2 = 70
               "x": make_report("x", scores_for(25, (10, 5, 40)))}  # 80
    assert ranks(rank_year(make_year(reports), "year")) == {"b": 1, "c": 1, "x": 3}
    assert ranks(rank_year(make_year(reports, ties=[("group", "1")]), "year")) == {"b": 1, "c": 2, "x": 3}
    ranking = rank_year(make_year(reports, ties=[("group", "2")]), "year")
    assert ranks(ranking) == {"c": 1, "b": 2, "x": 3}
    used = ranking.standing("c").decided_by
    assert (used.rule, used.ref, used.label, used.value) == ("group", "2", "điểm nhóm 2", D(70))
    assert ranking.standing("c").level_with == ("b",)
    assert ranking.standing("x").decided_by is None


def test_criterion_rule_breaks_a_tie():
    year = make_year({"b": make_report("b", {"1.1": 9, "1.2": 10, "2.1": 40, "2.2": 30}),
                      "c": make_report("c", {"1.1": 10, "1.2": 9, "2.1": 40, "2.2": 30})},
                     ties=[("criterion", "1.1")])
    ranking = rank_year(year, "year")
    assert ranks(ranking) == {"c": 1, "b": 2}
    assert ranking.standing("b").decided_by.label == "điểm tiêu chí 1.1"


def test_fewer_deductions_breaks_a_tie():
    year = make_year({"b": make_report("b", scores_for(31), deductions=[1]),
                      "c": make_report("c", scores_for(30))},
                     ties=[("fewer-deductions", None)])
    ranking = rank_year(year, "year")
    assert ranks(ranking) == {"c": 1, "b": 2}
    assert ranking.standing("b").decided_by.value == D(1)  # shown as deduction points, not negated
    assert ranking.standing("c").decided_by.value == D(0)


def _ballot(*rounds) -> m.Ballots:
    return m.Ballots(year=2020, date=None, place=None, src=SRC, ballots=(m.Ballot(
        award="co-tinh", voters=7, members=None, note=None, src=SRC,
        rounds=tuple(m.Round(m.frozen_map((u, m.Vote(u, n, SRC)) for u, n in r.items()), SRC) for r in rounds)),))


def test_ballot_rule_uses_the_last_round_naming_the_tied_units():
    reports = {u: make_report(u, scores_for(30)) for u in ("b", "c", "d")}
    ballots = _ballot({"b": 3, "c": 3, "d": 1}, {"b": 2, "c": 5})
    ranking = rank_year(make_year(reports, ties=[("ballot", "co-tinh")], ballots=ballots), "year")
    # the second round names b and c: d, absent from it, has 0 votes there
    assert ranks(ranking) == {"c": 1, "b": 2, "d": 3}
    assert ranking.standing("c").decided_by.value == D(5)


def test_ballot_rule_skips_rounds_that_do_not_name_the_tied_units():
    reports = {u: make_report(u, scores_for(30)) for u in ("b", "c")}
    ballots = _ballot({"b": 4, "c": 3, "x": 2}, {"x": 7})
    ranking = rank_year(make_year(reports, ties=[("ballot", "co-tinh")], ballots=ballots), "year")
    assert ranks(ranking) == {"b": 1, "c": 2}


def test_ballot_rule_does_not_apply_to_the_half_year():
    reports = {u: make_report(u, scores_for(30), period="h1") for u in ("b", "c")}
    year = make_year(reports, ties=[("ballot", "co-tinh")], ballots=_ballot({"b": 4, "c": 3}), period="h1")
    assert ranks(rank_year(year, "h1")) == {"b": 1, "c": 1}


def test_rules_apply_in_order_and_a_rule_that_does_not_split_passes_on():
    reports = {"b": make_report("b", scores_for(30), deductions=[1]),  # 90 - 1 = 89
               "c": make_report("c", scores_for(29))}  # 89
    # group 1 is equal (20 each), so it passes on; fewer deductions decides; the ballot is never needed
    ranking = rank_year(make_year(reports, ties=[("group", "1"), ("fewer-deductions", None),
                                                 ("ballot", "co-tinh")]), "year")
    assert ranking.standing("b").score.total == ranking.standing("c").score.total == D(89)
    assert ranks(ranking) == {"c": 1, "b": 2}
    assert ranking.standing("c").decided_by.rule == "fewer-deductions"
    # the other order: group 2 (c 69, b 70) decides first
    ranking = rank_year(make_year(reports, ties=[("group", "2"), ("fewer-deductions", None)]), "year")
    assert ranks(ranking) == {"b": 1, "c": 2}


def test_a_partial_split_leaves_the_rest_tied():
    reports = {"p": make_report("p", scores_for(30, (10, 10, 40))),
               "q": make_report("q", scores_for(40, (10, 10, 30))),
               "r": make_report("r", scores_for(40, (10, 10, 30))),
               "top": make_report("top", scores_for(40))}
    ranking = rank_year(make_year(reports, ties=[("group", "2")]), "year")
    assert ranks(ranking) == {"top": 1, "p": 2, "q": 2, "r": 2}
    ranking = rank_year(make_year(reports, ties=[("criterion", "2.2")]), "year")
    assert ranks(ranking) == {"top": 1, "q": 2, "r": 2, "p": 4}
    assert ranking.standing("q").tied_with == ("r",)
    assert ranking.standing("q").decided_by.rule == "criterion"  # split from p, then tied with r
    assert ranking.standing("p").tied_with == ()


def test_still_tied_units_are_listed_in_vietnamese_order_not_file_order():
    units = [make_unit("z-doi", "Đội Thanh niên"), make_unit("a-dan", "Dân quân"), make_unit("m-an", "An ninh")]
    reports = {u.id: make_report(u.id, scores_for(30)) for u in units}
    ranking = rank_year(make_year(reports, units=units), "year")
    assert [s.unit.label for s in ranking.standings] == ["An ninh", "Dân quân", "Đội Thanh niên"]
    assert {s.rank for s in ranking.standings} == {1}


def test_a_member_without_a_report_is_listed_not_ranked():
    units = [make_unit("a"), make_unit("b"), make_unit("c")]
    year = make_year({"a": make_report("a", scores_for(30)), "c": make_report("c", scores_for(20))}, units=units)
    ranking = rank_year(year, "year")
    assert ranks(ranking) == {"a": 1, "c": 2}
    assert [u.id for u in ranking.not_submitted] == ["b"]


def test_a_period_without_reports_cannot_be_ranked():
    from thidua.errors import ThiduaError

    year = make_year({"a": make_report("a", scores_for(30))})
    with pytest.raises(ThiduaError) as info:
        rank_year(year, "h1")
    assert "6 tháng đầu năm" in info.value.message


def test_a_new_tie_rule_is_one_function(monkeypatch):
    # e.g. NĐ 152/2025 Art. 4.6: prefer the collective with the larger share of women
    def women_share(ctx, units, ref):
        return [u.unit.registered.count("nu") and D(1) or D(0) for u in units]

    monkeypatch.setitem(RANK_TIE_RULES, "women", RankTieRule("women", women_share, lambda ctx, ref: "tỷ lệ nữ"))
    units = [make_unit("b"), make_unit("c")._replace(registered=("nu",))]
    reports = {u.id: make_report(u.id, scores_for(30)) for u in units}
    ranking = rank_year(make_year(reports, units=units, ties=[("women", None)]), "year")
    assert ranks(ranking) == {"c": 1, "b": 2}
    assert ranking.standing("b").decided_by.label == "tỷ lệ nữ"


# --- properties --------------------------------------------------------------

HALF_POINTS = st.integers(min_value=0, max_value=20).map(lambda n: D(n) / 2)
NEAR_MAX = st.sampled_from([D(0), D("0.5"), D(1), D(4)])  # points below the maximum: few values, many ties


@st.composite
def unit_data(draw):
    """A small bloc: unit id -> (scores within maxima, bonus items, deduction items); totals often equal."""
    count = draw(st.integers(min_value=1, max_value=6))
    out = {}
    for i in range(count):
        scores = {c: D(MAXES[c]) - draw(NEAR_MAX) for c in MAXES}
        items = st.lists(st.sampled_from([D("0.5"), D(1)]), max_size=2)
        out[f"u{i}"] = (scores, draw(items), draw(items))
    return out


TIES = [("group", "2"), ("fewer-deductions", None), ("criterion", "1.1"), ("ballot", "co-tinh")]


def _year_of(data, order: Sequence[str], ballots=None, ties=TIES) -> m.Year:
    units = [make_unit(u, f"Đơn vị {u}") for u in order]
    reports = {u: make_report(u, data[u][0], bonus=data[u][1], deductions=data[u][2]) for u in order}
    return make_year(reports, units=units, ties=ties, ballots=ballots)


def _summary(ranking):
    return [(s.unit.id, s.rank, s.score.total, s.score.grade, s.tied_with, s.decided_by)
            for s in ranking.standings]


@settings(deadline=None)
@given(unit_data(), st.randoms(use_true_random=False))
def test_reordering_units_and_files_changes_nothing(data, rnd):
    ids = sorted(data)
    votes = {u: i % 3 for i, u in enumerate(ids)}
    ballots = _ballot(votes)
    shuffled = ids[:]
    rnd.shuffle(shuffled)
    ballots_shuffled = _ballot({u: votes[u] for u in reversed(ids)})
    for ties in (TIES, ()):  # with the rules, and with ties left unbroken
        assert _summary(rank_year(_year_of(data, ids, ballots, ties), "year")) == \
            _summary(rank_year(_year_of(data, shuffled, ballots_shuffled, ties), "year"))


@settings(deadline=None)
@given(unit_data(), st.data())
def test_raising_one_units_score_never_lowers_its_rank(data, draw):
    unit = draw.draw(st.sampled_from(sorted(data)))
    criterion = draw.draw(st.sampled_from(sorted(MAXES)))
    scores, bonus, deductions = data[unit]
    room = D(MAXES[criterion]) - scores[criterion]
    step = draw.draw(st.integers(min_value=0, max_value=int(room * 2))) / D(2)
    before = rank_year(_year_of(data, sorted(data)), "year").standing(unit).rank
    raised = dict(data)
    raised[unit] = ({**scores, criterion: scores[criterion] + step}, bonus, deductions)
    after = rank_year(_year_of(raised, sorted(raised)), "year").standing(unit).rank
    assert after <= before


@settings(deadline=None)
@given(unit_data(), st.data())
def test_moving_points_into_the_first_tie_break_group_never_lowers_the_rank(data, draw):
    # same total, a higher group 2 score (the first tie-break): the rank can only improve
    unit = draw.draw(st.sampled_from(sorted(data)))
    scores, bonus, deductions = data[unit]
    step = min(scores["1.1"], D(MAXES["2.2"]) - scores["2.2"])
    before = rank_year(_year_of(data, sorted(data)), "year").standing(unit).rank
    moved = dict(data)
    moved[unit] = ({**scores, "1.1": scores["1.1"] - step, "2.2": scores["2.2"] + step}, bonus, deductions)
    after = rank_year(_year_of(moved, sorted(moved)), "year").standing(unit).rank
    assert after <= before
