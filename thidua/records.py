"""Records: a leaner `@dataclass` for thidua's model, much cheaper to define at import.

The standard decorator compiles six methods per class when a module is imported (about 0.4 ms
a class, 30 ms of `thidua rank` on the sample, whose model has some 80 record classes).  Here
`__init__` is shared until a class has built COMPILE_AFTER instances, then compiled for that
class; equality, hashing, ordering and `repr` are shared methods reading a per-class tuple of
field names.  Instances are ordinary objects with a `__dict__` (so
`functools.cached_property` works); a frozen record refuses assignment after `__init__`.

    @record                    # frozen: assigning a field raises FrozenRecordError
    class Src:
        file: str
        line: int = 0
        parts: Optional[Mapping] = field(default=None, compare=False, repr=False)

`@record(frozen=False)` makes a mutable record (unhashable, as with dataclasses) and
`@record(order=True)` adds `<`, `<=`, `>`, `>=`.  `replace(obj, **changes)` and `fields(obj)`
stand in for their `dataclasses` namesakes.  A field is any annotated name of the class body
but `ClassVar[...]`; fields of a record base come first; `__post_init__` runs after `__init__`.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable, Dict, Tuple

__all__ = ["FrozenRecordError", "field", "fields", "record", "replace"]

_MISSING: Any = object()


class FrozenRecordError(AttributeError):
    """Raised when code assigns to (or deletes) a field of a frozen record."""


class Field:
    """How one field is declared; `field()` makes one, a plain default becomes one."""

    __slots__ = ("name", "default", "default_factory", "init", "repr", "compare")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING, init: bool = True,
                 repr: bool = True, compare: bool = True):  # noqa: A002 - the dataclasses spelling
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("a field cannot have both a default and a default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(*, default: Any = _MISSING, default_factory: Any = _MISSING, init: bool = True, repr: bool = True,
          compare: bool = True) -> Any:
    """A field with options, as `dataclasses.field`."""
    return Field(default, default_factory, init, repr, compare)


def fields(obj_or_class: Any) -> Tuple[Field, ...]:
    """The fields of a record (instance or class), in order."""
    return tuple(obj_or_class.__record_fields__.values())


def replace(obj: Any, **changes: Any) -> Any:
    """A copy of record `obj` with some fields changed (`__post_init__` runs again)."""
    cls = type(obj)
    values = obj.__dict__
    args = {}
    for name, f in cls.__record_fields__.items():
        if not f.init:
            if name in changes:
                raise ValueError(f"field {name} is not an __init__ argument and cannot be replaced")
            continue
        args[name] = changes.pop(name) if name in changes else values[name]
    if changes:
        raise TypeError(f"{cls.__qualname__} has no field {', '.join(sorted(changes))}")
    return cls(**args)


def record(cls: Any = None, *, frozen: bool = True, order: bool = False) -> Any:
    """Class decorator: make `cls` a record (see the module docstring)."""
    def wrap(klass: Any) -> Any:
        return _make(klass, frozen, order)
    return wrap if cls is None else wrap(cls)


def _make(cls: Any, frozen: bool, order: bool) -> Any:
    if "__init__" in cls.__dict__:
        raise TypeError(f"{cls.__qualname__}: a record's __init__ comes from its fields; use __post_init__")
    found: Dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(getattr(base, "__record_fields__", {}))
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if isinstance(annotation, str) and annotation.replace("typing.", "").startswith("ClassVar"):
            continue
        value = cls.__dict__.get(name, _MISSING)
        declared = value if isinstance(value, Field) else Field(default=value)
        if isinstance(declared.default, (list, dict, set)):
            raise ValueError(f"{cls.__qualname__}.{name}: a mutable default is shared; use default_factory")
        declared.name = name
        if declared.default is _MISSING:
            if name in cls.__dict__:
                delattr(cls, name)
        else:
            setattr(cls, name, declared.default)  # as dataclasses: the default stays a class attribute
        found[name] = declared
    cls.__record_fields__ = found
    optional = False
    for f in found.values():
        if f.init:
            if f.default is _MISSING and f.default_factory is _MISSING and optional:
                raise TypeError(f"{cls.__qualname__}: field {f.name} has no default but follows one that has")
            optional = optional or f.default is not _MISSING or f.default_factory is not _MISSING
    cls.__init__ = _deferred_init(cls)
    compared = tuple(name for name, f in found.items() if f.compare)
    # values of the compared fields, as a tuple, from an instance's __dict__
    key = itemgetter(*compared) if len(compared) > 1 else (
        (lambda values, _name=compared[0]: (values[_name],)) if compared else (lambda values: ()))
    cls.__record_key__ = staticmethod(key)
    cls.__record_repr__ = tuple(name for name, f in found.items() if f.repr)
    for name, method in _SHARED.items():
        if name not in cls.__dict__:
            setattr(cls, name, method)
    if frozen:
        if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
            cls.__hash__ = _hash
        cls.__setattr__ = _refuse_set
        cls.__delattr__ = _refuse_delete
    elif "__hash__" not in cls.__dict__:
        cls.__hash__ = None  # a mutable record that compares by value cannot be hashed
    if order:
        for name, method in _ORDER.items():
            if name not in cls.__dict__:
                setattr(cls, name, method)
    return cls


COMPILE_AFTER = 32
"""Instances a record class builds with the shared `__init__` before its own is compiled."""


def _deferred_init(cls: Any) -> Callable[..., None]:
    """The shared `__init__`: it reads the field list on every call, which is slower per instance
    but costs nothing at import.  A class that builds COMPILE_AFTER instances gets its own
    compiled `__init__`: the few records built by the thousand (positions, nodes, scores) are
    compiled, the many built a few times per command never are."""
    fields = tuple(cls.__record_fields__.values())
    names = tuple(f.name for f in fields if f.init)
    accepted = frozenset(names)
    post_init = hasattr(cls, "__post_init__")
    calls = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls >= COMPILE_AFTER and cls.__dict__.get("__init__") is __init__:
            cls.__init__ = _init(cls, cls.__record_fields__)
            cls.__dict__["__init__"](self, *args, **kwargs)
            return
        if len(args) > len(names):
            raise TypeError(f"{cls.__qualname__}() takes {len(names)} positional arguments but {len(args)} "
                            "were given")
        given = dict(zip(names, args))
        for name, value in kwargs.items():
            if name not in accepted:
                raise TypeError(f"{cls.__qualname__}() got an unexpected keyword argument {name!r}")
            if name in given:
                raise TypeError(f"{cls.__qualname__}() got multiple values for argument {name!r}")
            given[name] = value
        for f in fields:
            if f.name in given:
                value = given[f.name]
            elif f.default_factory is not _MISSING:
                value = f.default_factory()
            elif f.default is not _MISSING:
                value = f.default
            elif f.init:
                raise TypeError(f"{cls.__qualname__}() missing required argument: {f.name!r}")
            else:
                continue
            object.__setattr__(self, f.name, value)
        if post_init:
            self.__post_init__()

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _init(cls: Any, found: Dict[str, Field]) -> Callable[..., None]:
    """Compile `__init__`: each field set in order (bypassing the frozen `__setattr__`)."""
    params, body = [], []
    namespace: Dict[str, Any] = {"__MISSING": _MISSING, "__set": object.__setattr__}
    for name, f in found.items():
        if f.default_factory is not _MISSING:
            namespace[f"__factory_{name}"] = f.default_factory
            if f.init:
                params.append(f"{name}=__MISSING")
                body.append(f"__set(__self, {name!r}, __factory_{name}() if {name} is __MISSING else {name})")
            else:
                body.append(f"__set(__self, {name!r}, __factory_{name}())")
            continue
        if f.default is not _MISSING:
            namespace[f"__default_{name}"] = f.default
        if f.init:
            params.append(name if f.default is _MISSING else f"{name}=__default_{name}")
            body.append(f"__set(__self, {name!r}, {name})")
        elif f.default is not _MISSING:
            body.append(f"__set(__self, {name!r}, __default_{name})")
    if hasattr(cls, "__post_init__"):
        body.append("__self.__post_init__()")
    source = (f"def __init__(__self, {', '.join(params)}):\n    "
              + "\n    ".join(body or ["pass"]) + "\n")
    exec(source, namespace)  # noqa: S102 - the source is built from identifiers of our own classes
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__record_key__
    return key(self.__dict__) == key(other.__dict__)


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self.__dict__))


def _repr(self: Any) -> str:
    values = self.__dict__
    shown = ", ".join(f"{name}={values[name]!r}" for name in self.__record_repr__)
    return f"{type(self).__qualname__}({shown})"


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r} of a frozen {type(self).__qualname__}")


def _refuse_delete(self: Any, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r} of a frozen {type(self).__qualname__}")


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = self.__record_key__
        return op(key(self.__dict__), key(other.__dict__))
    return method


_SHARED = {"__eq__": _eq, "__repr__": _repr}
_ORDER = {"__lt__": _compare(lambda a, b: a < b), "__le__": _compare(lambda a, b: a <= b),
          "__gt__": _compare(lambda a, b: a > b), "__ge__": _compare(lambda a, b: a >= b)}
