"""thidua.records: the lean @dataclass replacement the model is built on."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar, Optional, Tuple

import pytest

from thidua.records import FrozenRecordError, field, fields, record, replace


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


def test_init_defaults_and_keywords():
    assert Point("a.yaml").line == 0
    p = Point("a.yaml", 3, col=4)
    assert (p.file, p.line, p.col, p.note) == ("a.yaml", 3, 4, None)
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point("a", 1, 2, None, "too many")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point("a", nope=1)  # type: ignore[call-arg]


def test_frozen_refuses_assignment_and_deletion():
    p = Point("a.yaml", 1, 2)
    with pytest.raises(FrozenRecordError):
        p.line = 5  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        del p.line
    with pytest.raises(AttributeError):  # FrozenRecordError is an AttributeError, as dataclasses'
        p.other = 1  # type: ignore[attr-defined]
    assert p.line == 1


def test_equality_hash_and_order_skip_uncompared_fields():
    a, b = Point("a", 1, 2, note="x"), Point("a", 1, 2, note="y")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Point("a", 1, 3)
    assert Point("a", 1, 2) < Point("a", 1, 3) < Point("b") and Point("b") >= Point("a", 9, 9)
    assert sorted([Point("b"), Point("a", 2), Point("a", 1)]) == [Point("a", 1), Point("a", 2), Point("b")]
    assert a != ("a", 1, 2)  # a record is not a tuple
    assert Child("a", 1, 2) != Point("a", 1, 2)  # nor equal to a record of another class
    with pytest.raises(TypeError):
        Bag("x") < Bag("y")  # type: ignore[operator]  # no order unless asked


def test_repr_shows_the_fields_marked_for_it():
    assert repr(Point("a", 1, 2, note="hidden")) == "Point(file='a', line=1, col=2)"
    assert repr(Bag("x")) == "Bag(name='x', items=(), tags=[], seen=0)"


def test_default_factory_and_init_false():
    one, two = Bag("x"), Bag("y")
    one.tags.append("t")
    assert two.tags == [] and one.seen == 0
    assert Bag("z", tags=["given"]).tags == ["given"]
    with pytest.raises(TypeError):
        Bag("x", seen=3)  # type: ignore[call-arg]


def test_mutable_record_runs_post_init_and_is_unhashable():
    c = Counter(5)
    assert c.log == [5]
    c.total = 6
    assert c.total == 6 and Counter(2) == Counter(2) and Counter(2) != Counter(3)
    with pytest.raises(TypeError):
        hash(c)


def test_inherited_fields_come_first():
    child = Child("a", 1, 2, extra="e")
    assert [f.name for f in fields(child)] == ["file", "line", "col", "note", "extra"]
    assert child.KIND == "point" and "KIND" not in [f.name for f in fields(Point)]


def test_replace_makes_a_changed_copy_and_checks_names():
    p = Point("a", 1, 2, note="n")
    q = replace(p, line=9)
    assert (q.line, q.note, p.line) == (9, "n", 1)
    with pytest.raises(TypeError):
        replace(p, nope=1)
    with pytest.raises(ValueError):
        replace(Bag("x"), seen=1)
    assert replace(Counter(1), total=2).log == [1, 2]  # the same list, and __post_init__ runs again


def test_copy_and_pickle_keep_the_values():
    p = Point("a", 1, 2, note="n")
    for clone in (copy.copy(p), copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert clone == p and clone.note == "n"


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
