"""The registry of scoring methods: how a criterion's points come about (criteria.yaml `method:`).

Each method declares its id, its Vietnamese doc, the criterion keys it needs (`needs`) and either
the values a unit may enter (`allowed`: the levels of a stepped criterion) or, for a computed
method, `compute`: the points of every unit from every unit's reported figure, with the formula
written out for `thidua explain`. A new method is one decorated function here (and a line in
docs/scoring.md); the model lists the computed ones (`model.COMPUTED_METHODS`) so the checks can
ask for figures without importing the domain.

All arithmetic is Decimal; computed points are rounded half up to a multiple of the criterion's
`rounding` (else the sheet's), never above the criterion's maximum.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Dict, Mapping, NamedTuple, Optional, Tuple

from thidua import model as m
from thidua.numbers import fmt_number

ZERO = Decimal(0)
HALF = Decimal("0.5")


class Input(NamedTuple):
    """One unit's figure for a computed criterion: A, and T when the unit (or the sheet) has a target."""

    value: Decimal
    target: Optional[Decimal]


class Computed(NamedTuple):
    """A computed criterion's points for one unit, and how they came about (in Vietnamese)."""

    points: Decimal
    formula: str
    value: Decimal
    target: Optional[Decimal] = None


Compute = Callable[[m.Criterion, Mapping[str, Input], Decimal], Dict[str, Computed]]


class Method(NamedTuple):
    id: str
    doc: str
    needs: Tuple[str, ...]  # criterion keys the method requires
    compute: Optional[Compute] = None  # None: the unit enters the points
    allowed: Callable[[m.Criterion], Optional[Tuple[Decimal, ...]]] = lambda crit: None  # None: any up to max

    @property
    def computed(self) -> bool:
        return self.compute is not None


METHODS: Dict[str, Method] = {}


def method(method_id: str, doc: str, needs: Tuple[str, ...] = (),
           allowed: Optional[Callable[[m.Criterion], Optional[Tuple[Decimal, ...]]]] = None):
    """Register a method under its id: decorate its `compute` function (or None for an entered one)."""

    def register(compute: Optional[Compute]) -> Optional[Compute]:
        METHODS[method_id] = Method(method_id, doc, needs, compute, allowed or (lambda crit: None))
        return compute

    return register


def round_points(value: Decimal, quantum: Decimal) -> Decimal:
    """`value` rounded half up to a multiple of `quantum` (0,01; 0,5; 1...)."""
    steps = (value / quantum).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (steps * quantum).quantize(quantum) if quantum.as_tuple().exponent < 0 else steps * quantum


_n = fmt_number


# --- entered by the unit ---------------------------------------------------

method("manual", "Đơn vị tự chấm điểm, từ 0 đến điểm tối đa; Trưởng khối thẩm định.")(None)
method("stepped", "Đơn vị chọn một mức trong danh sách levels (mỗi mức một số điểm và điều kiện); Trưởng "
                  "khối thẩm định. Điểm ngoài danh sách là lỗi.", needs=("levels",),
       allowed=lambda crit: tuple(level.points for level in crit.levels))(None)
method("pass-fail", "Đạt: điểm tối đa; không đạt: 0. Điểm khác là lỗi.",
       allowed=lambda crit: (crit.max, ZERO))(None)


# --- computed from figures -------------------------------------------------

@method("per-occurrence", "Điểm = per x số lần (số liệu figure), không quá điểm tối đa.", needs=("figure", "per"))
def per_occurrence(crit: m.Criterion, inputs: Mapping[str, Input], quantum: Decimal) -> Dict[str, Computed]:
    per = crit.per or ZERO
    out = {}
    for unit, got in inputs.items():
        raw = per * got.value
        points = min(round_points(raw, quantum), crit.max)
        capped = f", không quá {_n(crit.max)}" if raw > crit.max else ""
        out[unit] = Computed(points, f"{_n(per)} x {_n(got.value)} lần = {_n(raw)}{capped}", got.value)
    return out


@method("leader-ratio", "Điểm = MS x A / A lớn nhất (A: số liệu của đơn vị, MS: điểm tối đa); đơn vị cao "
                        "nhất được điểm tối đa.", needs=("figure",))
def leader_ratio(crit: m.Criterion, inputs: Mapping[str, Input], quantum: Decimal) -> Dict[str, Computed]:
    return _leader_ratio(crit, inputs, quantum)


def _leader_ratio(crit: m.Criterion, inputs: Mapping[str, Input], quantum: Decimal,
                  why: str = "") -> Dict[str, Computed]:
    top = max((got.value for got in inputs.values()), default=ZERO)
    out = {}
    for unit, got in inputs.items():
        if top == 0:
            out[unit] = Computed(ZERO, f"{why}mọi đơn vị có A = 0: 0 điểm", got.value, got.target)
            continue
        raw = crit.max * got.value / top
        out[unit] = Computed(min(round_points(raw, quantum), crit.max),
                             f"{why}MS x A / A lớn nhất = {_n(crit.max)} x {_n(got.value)} / {_n(top)}",
                             got.value, got.target)
    return out


@method("target-ratio",
        "So với chỉ tiêu T, tương quan giữa các đơn vị (MS: điểm tối đa, A: số liệu, e = (A - T) / T): "
        "A < T: 0,5 x MS x A / T; A = T: 0,5 x MS; đơn vị vượt nhiều nhất (e cao nhất): MS; đơn vị vượt "
        "khác: 0,5 x MS + (e / e cao nhất) x 0,5 x MS. Đơn vị không có chỉ tiêu: MS x A / A lớn nhất "
        "(trong các đơn vị không có chỉ tiêu).", needs=("figure",))
def target_ratio(crit: m.Criterion, inputs: Mapping[str, Input], quantum: Decimal) -> Dict[str, Computed]:
    with_target = {u: got for u, got in inputs.items() if got.target is not None and got.target > 0}
    without = {u: got for u, got in inputs.items() if u not in with_target}
    half = HALF * crit.max
    excess = {u: (got.value - got.target) / got.target for u, got in with_target.items()  # type: ignore[operator]
              if got.value > got.target}  # type: ignore[operator]
    lead = max(excess.values(), default=ZERO)
    out: Dict[str, Computed] = {}
    for unit, got in with_target.items():
        a, t = got.value, got.target
        assert t is not None
        if a < t:
            raw, formula = half * a / t, f"A < T: 0,5 x MS x A / T = 0,5 x {_n(crit.max)} x {_n(a)} / {_n(t)}"
        elif a == t:
            raw, formula = half, f"A = T: 0,5 x MS = 0,5 x {_n(crit.max)}"
        elif excess[unit] == lead:
            raw, formula = crit.max, f"vượt chỉ tiêu nhiều nhất (e = {_n(round_points(lead, Decimal('0.0001')))}): MS"
        else:
            e = excess[unit]
            raw = half + e / lead * half
            formula = (f"vượt chỉ tiêu: 0,5 x MS + (e / e cao nhất) x 0,5 x MS, e = (A - T) / T = "
                       f"({_n(a)} - {_n(t)}) / {_n(t)} = {_n(round_points(e, Decimal('0.0001')))}, e cao nhất = "
                       f"{_n(round_points(lead, Decimal('0.0001')))}")
        out[unit] = Computed(min(round_points(raw, quantum), crit.max), formula, a, t)
    out.update(_leader_ratio(crit, without, quantum, why="không có chỉ tiêu: "))
    return out


def points_of(crit: m.Criterion, inputs: Mapping[str, Input], quantum: Decimal) -> Dict[str, Computed]:
    """The computed points of `crit` for every unit in `inputs` (its method must be a computed one)."""
    impl = METHODS[crit.method].compute
    assert impl is not None
    return impl(crit, inputs, crit.rounding or quantum)
