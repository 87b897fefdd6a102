"""The scoring methods (thidua.scoring.methods) at their edges, and computed points in a ranking."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Dict, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua import model as m
from thidua.problems import Src
from thidua.scoring import compute_period
from thidua.scoring.methods import METHODS, Input, points_of, round_points

SRC = Src("criteria.yaml", 1, 1)
Q = D("0.01")


def crit(method: str, max_: int = 20, **kw) -> m.Criterion:
    return m.Criterion(id="1.1", name="Tiêu chí", max=D(max_), guide=(), src=SRC, method=method, figure="f", **kw)


def points(criterion: m.Criterion, figures: Dict[str, Tuple[object, Optional[object]]],
           quantum: D = Q) -> Dict[str, D]:
    inputs = {u: Input(D(str(a)), None if t is None else D(str(t))) for u, (a, t) in figures.items()}
    return {u: c.points for u, c in points_of(criterion, inputs, quantum).items()}


# --- target-ratio -------------------------------------------------------------

def test_target_ratio_at_target_is_half_the_maximum():
    assert points(crit("target-ratio"), {"a": (100, 100), "b": (120, 100)})["a"] == D(10)


def test_target_ratio_below_target_is_proportional_to_half():
    assert points(crit("target-ratio"), {"a": (50, 100)})["a"] == D(5)  # 0,5 x 20 x 50/100


def test_target_ratio_a_zero_figure_scores_zero():
    assert points(crit("target-ratio"), {"a": (0, 100), "b": (100, 100)}) == {"a": D(0), "b": D(10)}


def test_target_ratio_the_leader_gets_the_maximum_and_others_a_share_of_its_excess():
    got = points(crit("target-ratio"), {"lead": (150, 100), "other": (125, 100), "at": (80, 80)})
    # e: lead 0,5, other 0,25 -> 10 + 0,25/0,5 x 10 = 15
    assert got == {"lead": D(20), "other": D(15), "at": D(10)}


def test_target_ratio_the_leader_alone_gets_the_maximum():
    assert points(crit("target-ratio"), {"a": (101, 100)}) == {"a": D(20)}


def test_target_ratio_equal_leaders_both_get_the_maximum():
    assert points(crit("target-ratio"), {"a": (110, 100), "b": (55, 50)}) == {"a": D(20), "b": D(20)}


def test_target_ratio_every_unit_at_target_gets_half():
    assert set(points(crit("target-ratio"), {u: (40, 40) for u in "abc"}).values()) == {D(10)}


def test_target_ratio_without_any_target_is_relative_to_the_highest_figure():
    assert points(crit("target-ratio"), {"a": (30, None), "b": (60, None)}) == {"a": D(10), "b": D(20)}


def test_target_ratio_no_target_and_every_figure_zero_scores_zero():
    assert points(crit("target-ratio"), {"a": (0, None), "b": (0, None)}) == {"a": D(0), "b": D(0)}


def test_target_ratio_units_without_target_are_compared_among_themselves():
    got = points(crit("target-ratio"), {"t": (200, 100), "n1": (10, None), "n2": (5, None)})
    assert got == {"t": D(20), "n1": D(20), "n2": D(10)}


def test_target_ratio_rounds_as_the_criterion_says():
    c = crit("target-ratio", max_=10, rounding=D("0.5"))
    assert points(c, {"a": (2, 3)}) == {"a": D("3.5")}  # 0,5 x 10 x 2/3 = 3,33 -> 3,5


def test_target_ratio_formula_names_the_figures():
    c = crit("target-ratio")
    got = points_of(c, {"a": Input(D(50), D(100))}, Q)["a"]
    assert "0,5 x 20 x 50 / 100" in got.formula and got.value == D(50) and got.target == D(100)


# --- per-occurrence, leader-ratio, entered methods ------------------------------

def test_per_occurrence_counts_up_to_the_maximum():
    c = crit("per-occurrence", max_=5, per=D("0.5"))
    assert points(c, {"a": (3, None), "b": (40, None), "z": (0, None)}) == {"a": D("1.5"), "b": D(5), "z": D(0)}


def test_leader_ratio_the_highest_gets_the_maximum():
    assert points(crit("leader-ratio"), {"a": (3, None), "b": (4, None)}) == {"a": D(15), "b": D(20)}


def test_stepped_and_pass_fail_list_their_allowed_points():
    levels = tuple(m.Level(D(p), "mức", SRC) for p in (8, 6, 4, 0))
    assert METHODS["stepped"].allowed(crit("stepped", max_=8, levels=levels)) == (D(8), D(6), D(4), D(0))
    assert METHODS["pass-fail"].allowed(crit("pass-fail", max_=5)) == (D(5), D(0))
    assert METHODS["manual"].allowed(crit("manual")) is None


@pytest.mark.parametrize("value, quantum, expected", [
    ("3.333", "0.01", "3.33"), ("3.335", "0.01", "3.34"), ("3.25", "0.5", "3.5"), ("3.24", "0.5", "3.0"),
    ("7.5", "1", "8"), ("0", "0.01", "0.00")])
def test_round_points_rounds_half_up_to_a_multiple(value, quantum, expected):
    assert round_points(D(value), D(quantum)) == D(expected)


def test_every_method_has_a_vietnamese_doc():
    assert all(method.doc and method.id for method in METHODS.values())
    assert {"manual", "stepped", "pass-fail", "per-occurrence", "target-ratio", "leader-ratio"} <= set(METHODS)
    assert {mid for mid, method in METHODS.items() if method.computed} == set(m.COMPUTED_METHODS)


# --- raising a figure never lowers the unit's points ---------------------------

figure = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
target = st.one_of(st.none(), st.decimals(min_value=D("0.01"), max_value=500, places=2))


@settings(max_examples=300, deadline=None)
@given(method=st.sampled_from(["target-ratio", "leader-ratio", "per-occurrence"]),
       others=st.lists(st.tuples(figure, target), max_size=5), own=figure, own_target=target,
       raise_by=st.decimals(min_value=0, max_value=500, places=2))
def test_raising_a_units_figure_never_lowers_its_points(method, others, own, own_target, raise_by):
    c = crit(method, per=D("0.5") if method == "per-occurrence" else None)
    figures = {f"u{i}": pair for i, pair in enumerate(others)}
    before = points(c, {**figures, "me": (own, own_target)})["me"]
    after = points(c, {**figures, "me": (own + raise_by, own_target)})["me"]
    assert after >= before
    assert D(0) <= after <= c.max


# --- computed criteria in a period -------------------------------------------

def report(unit: str, figures: Dict[str, Tuple[object, Optional[object]]], not_assigned=()) -> m.SelfReport:
    return m.SelfReport(
        unit=unit, year=2020, period="year", submitted=None, scores=m.frozen_map({}), bonus=(), deductions=(),
        achievements=(), limitations=(), facts=m.Facts(), src=SRC,
        figures=m.frozen_map((f, m.Reported(f, D(str(a)), None if t is None else D(str(t)), SRC))
                             for f, (a, t) in figures.items()),
        not_assigned=tuple(not_assigned))


def test_compute_period_uses_the_sheet_target_when_the_unit_has_none_and_skips_unassigned_units():
    c = crit("target-ratio", target=D(50))
    sheet = m.Sheet(year=2020, name=None, total=None, groups=(m.Group("1", "Nhóm", (c,), SRC),), bonus=None,
                    deductions=None, grades=(), tie_breaks=(), src=SRC,
                    figures=(m.FigureDef("f", "Số liệu", None, SRC),))
    got = compute_period(sheet, {"a": report("a", {"f": (50, None)}), "b": report("b", {"f": (75, 60)}),
                                 "c": report("c", {"f": (99, None)}, not_assigned=["1.1"])})
    assert got["a"]["1.1"].points == D(10) and got["a"]["1.1"].target == D(50)
    assert got["b"]["1.1"].points == D(20)  # its own target 60: the only one above target
    assert got["c"] == {}


# --- several scorers ------------------------------------------------------------

def scorer_file(scorer: str, values: Dict[str, object]) -> m.Review:
    units = {u: m.UnitReview(u, m.frozen_map({"1.1": m.Correction(D(str(v)), "căn cứ", SRC)}), None, None, SRC)
             for u, v in values.items()}
    return m.Review(2020, "year", scorer, None, m.frozen_map(units), SRC)


def scored_sheet(combine: str, scorers=("so-a", "so-b")) -> m.Sheet:
    c = m.Criterion(id="1.1", name="Tiêu chí", max=D(10), guide=(), src=SRC, scored_by=tuple(scorers))
    return m.Sheet(year=2020, name=None, total=None, groups=(m.Group("1", "Nhóm", (c,), SRC),), bonus=None,
                   deductions=None, grades=(), tie_breaks=(), src=SRC, combine=combine,
                   scorers=(m.Scorer("so-a", "Sở A", SRC), m.Scorer("so-b", "Sở B", SRC)))


def test_several_scorers_combine_by_their_mean_rounded_as_the_sheet_says():
    files = {"so-a": scorer_file("so-a", {"u": 7}), "so-b": scorer_file("so-b", {"u": "8.5"})}
    got = compute_period(scored_sheet("mean"), {"u": report("u", {})}, files)["u"]["1.1"]
    assert got.points == D("7.75") and "Sở A 7, Sở B 8,5" in got.formula


def test_several_scorers_summed_are_capped_at_the_maximum():
    files = {"so-a": scorer_file("so-a", {"u": 6}), "so-b": scorer_file("so-b", {"u": 5})}
    assert compute_period(scored_sheet("sum"), {"u": report("u", {})}, files)["u"]["1.1"].points == D(10)


def test_one_scorer_gives_its_score_and_a_missing_one_is_left_out():
    files = {"so-a": scorer_file("so-a", {"u": 6, "v": 9})}
    got = compute_period(scored_sheet("mean"), {"u": report("u", {}), "v": report("v", {})}, files)
    assert got["u"]["1.1"].points == D(6) and got["v"]["1.1"].points == D(9)
    assert got["u"]["1.1"].formula == "do Sở A chấm"


def test_a_unit_not_assigned_the_criterion_is_not_scored_by_its_scorers():
    files = {"so-a": scorer_file("so-a", {"u": 6}), "so-b": scorer_file("so-b", {"u": 5})}
    assert compute_period(scored_sheet("mean"), {"u": report("u", {}, not_assigned=["1.1"])}, files)["u"] == {}
