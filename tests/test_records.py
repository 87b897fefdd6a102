"""thidua.records: the lean @dataclass replacement the model is built on."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar, Optional, Tuple

import pytest

from thidua import records
from thidua.problems import Src
from thidua.records import FrozenRecordError, field, fields, record, replace


def make_classes():
    """Fresh record classes, so each test sees the __init__ path its fixture asked for."""

    @record(order=True)
    class Point:
        file: str
        line: int = 0
        col: int = 0
        note: Optional[str] = field(default=None, compare=False, repr=False)
        KIND: ClassVar[str] = "point"


    @record
    class Bag:
        name: str
        items: Tuple[str, ...] = ()
        tags: list = field(default_factory=list)
        seen: int = field(default=0, init=False)


    @record(frozen=False)
    class Counter:
        total: int = 0
        log: list = field(default_factory=list)

        def __post_init__(self) -> None:
            self.log.append(self.total)


    @record
    class Child(Point):
        extra: str = ""

    return Point, Bag, Counter, Child


@pytest.fixture(params=["shared __init__", "compiled __init__"])
def classes(request, monkeypatch):
    monkeypatch.setattr(records, "COMPILE_AFTER", 10**9 if request.param == "shared __init__" else 1)
    return make_classes()


def test_init_defaults_and_keywords(classes):
    Point, Bag, Counter, Child = classes
    assert Point("a.yaml").line == 0
    p = Point("a.yaml", 3, col=4)
    assert (p.file, p.line, p.col, p.note) == ("a.yaml", 3, 4, None)
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point("a", 1, 2, None, "too many")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point("a", nope=1)  # type: ignore[call-arg]


def test_frozen_refuses_assignment_and_deletion(classes):
    Point, Bag, Counter, Child = classes
    p = Point("a.yaml", 1, 2)
    with pytest.raises(FrozenRecordError):
        p.line = 5  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        del p.line
    with pytest.raises(AttributeError):  # FrozenRecordError is an AttributeError, as dataclasses'
        p.other = 1  # type: ignore[attr-defined]
    assert p.line == 1


def test_equality_hash_and_order_skip_uncompared_fields(classes):
    Point, Bag, Counter, Child = classes
    a, b = Point("a", 1, 2, note="x"), Point("a", 1, 2, note="y")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Point("a", 1, 3)
    assert Point("a", 1, 2) < Point("a", 1, 3) < Point("b") and Point("b") >= Point("a", 9, 9)
    assert sorted([Point("b"), Point("a", 2), Point("a", 1)]) == [Point("a", 1), Point("a", 2), Point("b")]
    assert a != ("a", 1, 2)  # a record is not a tuple
    assert Child("a", 1, 2) != Point("a", 1, 2)  # nor equal to a record of another class
    with pytest.raises(TypeError):
        Bag("x") < Bag("y")  # type: ignore[operator]  # no order unless asked


def test_repr_shows_the_fields_marked_for_it(classes):
    Point, Bag, Counter, Child = classes
    assert repr(Point("a", 1, 2, note="hidden")).endswith(".Point(file='a', line=1, col=2)")
    assert repr(Bag("x")).endswith(".Bag(name='x', items=(), tags=[], seen=0)")


def test_default_factory_and_init_false(classes):
    Point, Bag, Counter, Child = classes
    one, two = Bag("x"), Bag("y")
    one.tags.append("t")
    assert two.tags == [] and one.seen == 0
    assert Bag("z", tags=["given"]).tags == ["given"]
    with pytest.raises(TypeError):
        Bag("x", seen=3)  # type: ignore[call-arg]


def test_mutable_record_runs_post_init_and_is_unhashable(classes):
    Point, Bag, Counter, Child = classes
    c = Counter(5)
    assert c.log == [5]
    c.total = 6
    assert c.total == 6 and Counter(2) == Counter(2) and Counter(2) != Counter(3)
    with pytest.raises(TypeError):
        hash(c)


def test_inherited_fields_come_first(classes):
    Point, Bag, Counter, Child = classes
    child = Child("a", 1, 2, extra="e")
    assert [f.name for f in fields(child)] == ["file", "line", "col", "note", "extra"]
    assert child.KIND == "point" and "KIND" not in [f.name for f in fields(Point)]


def test_replace_makes_a_changed_copy_and_checks_names(classes):
    Point, Bag, Counter, Child = classes
    p = Point("a", 1, 2, note="n")
    q = replace(p, line=9)
    assert (q.line, q.note, p.line) == (9, "n", 1)
    with pytest.raises(TypeError):
        replace(p, nope=1)
    with pytest.raises(ValueError):
        replace(Bag("x"), seen=1)
    assert replace(Counter(1), total=2).log == [1, 2]  # the same list, and __post_init__ runs again


def test_copy_and_pickle_keep_the_values(classes):
    Point, Bag, Counter, Child = classes
    p = Point("a", 1, 2, note="n")
    for clone in (copy.copy(p), copy.deepcopy(p)):
        assert clone == p and clone.note == "n"
    where = Src("a.yaml", 3, 4, parts={("k", None): Src("a.yaml", 3, 7)})
    clone = pickle.loads(pickle.dumps(where))
    assert clone == where and clone.at("k") == Src("a.yaml", 3, 7)


def test_declaration_mistakes_are_refused():
    with pytest.raises(ValueError):
        @record
        class Shared:
            items: list = []  # noqa: RUF012 - the mistake under test

    with pytest.raises(TypeError):
        @record
        class Misordered:
            a: int = 0
            b: int  # type: ignore[misc]

    with pytest.raises(ValueError):
        field(default=1, default_factory=list)

    with pytest.raises(TypeError):
        @record
        class OwnInit:
            a: int

            def __init__(self, a):  # pragma: no cover - refused before it can run
                self.a = a


def test_shared_and_compiled_init_agree(monkeypatch):
    """The same calls give the same records, or the same kind of error, on both paths."""
    calls = [(("a",), {}), (("a", 1, 2), {"note": "n"}), (("a",), {"col": 5}), ((), {"file": "b"}),
             ((), {}), (("a", 1, 2, None, "x"), {}), (("a",), {"nope": 1}), (("a", 1), {"line": 2})]
    monkeypatch.setattr(records, "COMPILE_AFTER", 10**9)
    shared = make_classes()[0]
    monkeypatch.setattr(records, "COMPILE_AFTER", 1)
    compiled = make_classes()[0]
    for args, kwargs in calls:
        outcomes = []
        for cls in (shared, compiled):
            try:
                made = cls(*args, **kwargs)
                outcomes.append((made.file, made.line, made.col, made.note))
            except TypeError:
                outcomes.append(TypeError)
        assert outcomes[0] == outcomes[1], (args, kwargs)


def test_a_class_compiles_its_init_after_enough_instances(monkeypatch):
    monkeypatch.setattr(records, "COMPILE_AFTER", 3)
    Point = make_classes()[0]
    shared = Point.__init__
    built = [Point("a", i) for i in range(5)]
    assert Point.__init__ is not shared and [p.line for p in built] == [0, 1, 2, 3, 4]


def test_records_of_one_field_or_none_compare_and_hash(classes):
    @record
    class One:
        x: int

    @record(order=True)
    class Nothing:
        pass

    assert One(1) == One(1) and One(1) != One(2) and hash(One(1)) == hash(One(1))
    assert Nothing() == Nothing() and len({Nothing(), Nothing()}) == 1 and Nothing() <= Nothing()
