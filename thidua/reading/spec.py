"""A small declarative description of the file formats.

One description serves twice: `convert` turns positioned YAML nodes into typed,
immutable records while collecting located Vietnamese problems, and `schema`
emits the JSON Schema that `thidua schema` publishes.  Keeping both in one
place means the schema cannot drift from what the loader accepts.
"""

import functools
import re
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from thidua.numbers import MAX_DIGITS, number_digits, parse_date, parse_decimal, parse_share, plain_number
from thidua.problems import Problem, Src, error, unseen_in, without_unseen
from thidua.reading.yamlread import NULLS, Map, Node, Scalar, Seq


class _Invalid:
    """Marker for a value that could not be converted (a problem was recorded)."""

    def __repr__(self) -> str:  # pragma: no cover
        return "INVALID"


INVALID = _Invalid()

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NUMBER_TEXT_PATTERN = r"^[+-]?\d+(?:[.,]\d+)?$"
UNSIGNED_TEXT_PATTERN = r"^\+?\d+(?:[.,]\d+)?$"
DATE_TEXT_PATTERN = r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$"
_INTEGER = re.compile(r"^[+-]?\d+$")
_decimal = functools.lru_cache(maxsize=1024)(parse_decimal)
"""Scores repeat (8, 8,5, 9 ...): a Decimal is immutable, so one per spelling serves every file."""
_BLANK_LINE = re.compile(r"\n\s*\n")  # between paragraphs of a block of prose


class Ctx:
    """What conversion needs: the problem list."""

    __slots__ = ("problems",)

    def __init__(self, problems: List[Problem]):
        self.problems = problems

    def error(self, src: Src, code: str, message: str) -> _Invalid:
        self.problems.append(error(src, code, message))
        return INVALID


def _show(node: Node) -> str:
    if isinstance(node, Scalar):
        text = node.text if len(node.text) <= 40 else node.text[:37] + "…"
        return f"'{text}'"
    return "một bảng" if isinstance(node, Map) else "một danh sách"


class Type:
    """How one value is read (`convert`) and described (`schema`); `doc` is its one-line description."""

    doc = ""  # a subclass may describe all its values at once

    def __init__(self, doc: str = ""):
        if doc:
            self.doc = doc

    def convert(self, node: Node, ctx: Ctx) -> Any:
        raise NotImplementedError

    def schema(self) -> Dict[str, Any]:
        raise NotImplementedError

    def resolved(self) -> "Type":
        """This type with each record class it names replaced by that record's format (see `FORMATS`)."""
        return self

    def _with_doc(self, schema: Dict[str, Any]) -> Dict[str, Any]:
        if self.doc:
            schema["description"] = self.doc
        return schema


def closest(word: str, choices: Iterable[str]) -> Optional[str]:
    """The choice `word` was most likely meant to be (a typo), if any is close enough."""
    import difflib  # only when the data has a mistake: keeps every command's start-up short

    found = difflib.get_close_matches(word, list(choices), n=1)
    return found[0] if found else None


_REMEMBERED = 4096  # spellings kept per type: ids and scores; free text is not kept


def _remember(valid: Dict[str, Any], spelling: str, value: Any, worth_it: bool = True) -> None:
    """Keep a spelling that converted without a problem, so the next one is a dict lookup.

    The result of a spelling that is not a null spelling depends on nothing else, so reusing it
    is exact; null spellings (where quoting matters) are never kept."""
    if worth_it and len(valid) < _REMEMBERED and spelling not in NULLS:
        valid[spelling] = value


def _scalar(node: Node, ctx: Ctx, what: str) -> Optional[Scalar]:
    if isinstance(node, Scalar) and not node.is_null:
        return node
    if isinstance(node, Scalar):
        ctx.error(node.src, "missing-value", f"Thiếu giá trị: cần {what}.")
    else:
        ctx.error(node.src, "wrong-type", f"Cần {what}, nhưng gặp {_show(node)}.")
    return None


class Str(Type):
    """A string; optionally one of `enum`, or matching `pattern` (`pattern_hint` says the form in Vietnamese).

    `numeric_ok`: the schema also accepts a number (ids like 1.1 that YAML editors see as numbers).
    `max_length`: the most characters it may have (an id that names a file must fit in a file name)."""

    def __init__(self, doc: str = "", pattern: Optional[str] = None, pattern_hint: str = "",
                 enum: Optional[Sequence[str]] = None, numeric_ok: bool = False, max_length: Optional[int] = None):
        super().__init__(doc)
        self.pattern, self.pattern_hint, self.enum, self.numeric_ok = pattern, pattern_hint, enum, numeric_ok
        self.max_length = max_length
        self._regex = re.compile(pattern) if pattern else None
        self._valid: Dict[str, str] = {}

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if type(node) is Scalar:  # an id already checked (criterion and unit ids repeat in every file)
            known = self._valid.get(node.text)
            if known is not None:
                return known
        s = _scalar(node, ctx, "một chuỗi văn bản")
        if s is None:
            return INVALID
        text = s.text.strip()
        if self.enum is not None and text not in self.enum:
            close = closest(text, self.enum)
            hint = f" Có phải ý là '{close}'?" if close else ""
            return ctx.error(s.src, "bad-value",
                             f"Giá trị '{text}' không hợp lệ; chỉ nhận: {', '.join(self.enum)}.{hint}")
        if self.max_length is not None and len(text) > self.max_length:
            return ctx.error(s.src, "bad-value", f"Giá trị {_show(s)} dài {len(text)} ký tự; tối đa "
                                                 f"{self.max_length} ký tự.")
        if self._regex and not self._regex.match(text):
            unseen = unseen_in(text)
            if unseen:  # '1.1' and '1.1' + U+200B look alike and are two ids
                return ctx.error(s.src, "invisible-character",
                                 f"Giá trị '{text}' có {', '.join(unseen)}: trông như '{without_unseen(text)}' nhưng là "
                                 "giá trị khác. Xóa ký tự đó (gõ lại giá trị).")
            return ctx.error(s.src, "bad-value", f"Giá trị '{text}' không đúng dạng: {self.pattern_hint}.")
        _remember(self._valid, s.text, text, self.enum is not None or self._regex is not None)
        return text

    def schema(self) -> Dict[str, Any]:
        # An unquoted `1.1` is a number to a YAML editor; thidua keeps its spelling, so accept both.
        # `pattern` applies to strings only, so it still checks a quoted id.
        out: Dict[str, Any] = {"type": ["string", "number"] if self.numeric_ok else "string"}
        if self.enum is not None:
            out = {"enum": list(self.enum)}
        elif self.pattern:
            out["pattern"] = self.pattern
        if self.max_length is not None and self.enum is None:
            out["maxLength"] = self.max_length
        return self._with_doc(out)


MAX_ID_LENGTH = 64
"""Characters an id may have: a unit's id names its files (`h1/<id>.yaml`, `bang-diem-<id>-2020.xlsx`)."""


def Slug(doc: str = "") -> Str:
    return Str(doc=doc, pattern=SLUG_PATTERN, max_length=MAX_ID_LENGTH,
               pattern_hint="chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ 'cong-an' hoặc 'so-tu-phap'")


class _Parsed(Type):
    """A value read from one scalar by `parse` (None when the text cannot be read), then checked.

    `what` names the value in messages ("một số"); `code` and `hint` make the problem of a text that
    cannot be read (`hint` has a `{shown}` for the text as written)."""

    what = code = hint = ""
    numeric = False  # a number: more than MAX_DIGITS digits is out of range (before `parse` sees them)

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def check(self, value: Any, s: Scalar, ctx: Ctx) -> Any:
        return value

    def convert(self, node: Node, ctx: Ctx) -> Any:
        s = _scalar(node, ctx, self.what)
        if s is None:
            return INVALID
        if self.numeric and len(s.text) > MAX_DIGITS:
            digits = number_digits(s.text)
            if digits > MAX_DIGITS:
                return ctx.error(s.src, "out-of-range", f"Số {_show(s)} có {digits} chữ số; thidua nhận số có tối "
                                                        f"đa {MAX_DIGITS} chữ số.")
        value = self.parse(s.text)
        if value is None:
            return ctx.error(s.src, self.code, self.hint.format(shown=_show(s)))
        return self.check(value, s, ctx)


class _Bounded(_Parsed):
    """A number between optional bounds."""

    numeric = True

    def __init__(self, doc: str = "", minimum: Any = None, maximum: Any = None):
        super().__init__(doc)
        self.minimum, self.maximum = minimum, maximum

    def check(self, value: Any, s: Scalar, ctx: Ctx) -> Any:
        shown = self.shown(value, s)
        if self.minimum is not None and value < self.minimum:
            return ctx.error(s.src, "out-of-range", f"Giá trị {shown} nhỏ hơn mức tối thiểu {self.minimum}.")
        if self.maximum is not None and value > self.maximum:
            return ctx.error(s.src, "out-of-range", f"Giá trị {shown} lớn hơn mức tối đa {self.maximum}.")
        return value

    def shown(self, value: Any, s: Scalar) -> str:
        return s.text


class Num(_Bounded):
    """A Decimal, written 8,5 or 8.5."""

    what, code, hint = "một số", "not-a-number", "Cần một số (ví dụ 8 hoặc 8,5), nhưng gặp {shown}."

    def __init__(self, doc: str = "", minimum: Optional[Decimal] = None, maximum: Optional[Decimal] = None):
        super().__init__(doc, minimum, maximum)
        self._valid: Dict[str, Decimal] = {}

    def parse(self, text: str) -> Optional[Decimal]:
        return _decimal(text)

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if type(node) is Scalar:  # a spelling already checked (scores repeat: 9,5, 10, 0...)
            known = self._valid.get(node.text)
            if known is not None:
                return known
        value = super().convert(node, ctx)
        if value is not INVALID and value is not None:
            _remember(self._valid, node.text, value)
        return value

    def schema(self) -> Dict[str, Any]:
        # `8,5` is a string to a YAML editor: accept it by pattern (unsigned when negatives are out of range).
        number: Dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            number["minimum"] = plain_number(self.minimum)
        if self.maximum is not None:
            number["maximum"] = plain_number(self.maximum)
        unsigned = self.minimum is not None and self.minimum >= 0
        text = {"type": "string", "pattern": UNSIGNED_TEXT_PATTERN if unsigned else NUMBER_TEXT_PATTERN}
        return self._with_doc({"anyOf": [number, text]})


class Int(_Bounded):
    what, code, hint = "một số nguyên", "not-an-integer", "Cần một số nguyên, nhưng gặp {shown}."

    def parse(self, text: str) -> Optional[int]:
        return int(text) if _INTEGER.match(text.strip()) else None

    def shown(self, value: Any, s: Scalar) -> str:
        return str(value)

    def schema(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return self._with_doc(out)


class Share(_Parsed):
    """A share between 0 and 1, written 0,7 or 70%."""

    what, code, hint = "một tỷ lệ", "not-a-number", "Cần một tỷ lệ (ví dụ 0,7 hoặc 70%), nhưng gặp {shown}."
    numeric = True

    def parse(self, text: str) -> Optional[Decimal]:
        return parse_share(text)

    def check(self, value: Decimal, s: Scalar, ctx: Ctx) -> Any:
        if not Decimal(0) <= value <= Decimal(1):
            return ctx.error(s.src, "out-of-range", f"Tỷ lệ {s.text} phải nằm trong khoảng từ 0 đến 1 (0% đến 100%).")
        return value

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                                         {"type": "string", "pattern": r"^\d+(?:[.,]\d+)?\s*%?$"}]})


_TRUE = {"true", "yes", "có", "co"}
_FALSE = {"false", "no", "không", "khong"}


class Bool(_Parsed):
    what, code, hint = "true hoặc false", "not-a-boolean", "Cần true (có) hoặc false (không), nhưng gặp {shown}."

    def parse(self, text: str) -> Optional[bool]:
        word = text.strip().lower()
        return True if word in _TRUE else False if word in _FALSE else None

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"type": "boolean"})


class Date(_Parsed):
    what, code = "một ngày", "not-a-date"
    hint = "Cần một ngày dạng 2019-07-24 hoặc 24/7/2019, nhưng gặp {shown}."

    def parse(self, text: str) -> Any:
        return parse_date(text)

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"type": "string", "pattern": DATE_TEXT_PATTERN})


class Text(Type):
    """Prose: a string, or a list of paragraphs. Converted to a tuple of paragraphs."""

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar):
            if node.is_null:
                return ()
            return tuple(p.strip() for p in _BLANK_LINE.split(node.text) if p.strip())
        if isinstance(node, Seq):
            out = []
            for item in node.items:
                if isinstance(item, Scalar) and not item.is_null:
                    out.append(item.text.strip())
                else:
                    ctx.error(item.src, "wrong-type", f"Cần một đoạn văn bản, nhưng gặp {_show(item)}.")
            return tuple(out)
        return ctx.error(node.src, "wrong-type", "Cần một đoạn văn bản hoặc danh sách các đoạn, nhưng gặp một bảng.")

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}},
                                         {"type": "null"}]})


class ListOf(Type):
    """A list of `item`s: a type, or a record class (read by its format)."""

    def __init__(self, item: Any, doc: str = "", min_items: int = 0):
        super().__init__(doc)
        self.item, self.min_items = item, min_items

    def resolved(self) -> "ListOf":
        item = format_of(self.item)
        return self if item is self.item else ListOf(item, self.doc, self.min_items)

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar) and node.is_null:
            items: Tuple[Node, ...] = ()
        elif not isinstance(node, Seq):
            return ctx.error(node.src, "wrong-type", f"Cần một danh sách (các dòng bắt đầu bằng '- '), nhưng gặp {_show(node)}.")
        else:
            items = node.items
        if len(items) < self.min_items:
            return ctx.error(node.src, "too-few-items", f"Danh sách cần ít nhất {self.min_items} mục.")
        out = []
        for item in items:
            value = self.item.convert(item, ctx)
            if value is not INVALID:
                out.append(value)
        return tuple(out)

    def schema(self) -> Dict[str, Any]:
        # An empty value (`bonus:`) is read as an empty list, so the schema accepts null too.
        out: Dict[str, Any] = {"type": "array" if self.min_items else ["array", "null"], "items": self.item.schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        return self._with_doc(out)


class KeyedEntry(NamedTuple):
    """A value of a DictOf, with the key's text and position."""

    key: str
    value: Any
    key_src: Src


class Entries(dict):
    """What a DictOf converts to: key -> entry, and the keys whose value could not be read."""

    unreadable: Tuple[str, ...] = ()


class DictOf(Type):
    """A mapping with free keys (unit ids, criterion ids) -> dict key -> `entry(key, value, key src)`.

    `entry` defaults to KeyedEntry; a format gives its own record (a Score, a Vote) so that
    each value is built once. Keys come unique as `yamlread.key_text` compares them (NFC, trimmed),
    which is how `Str` reads an id, so two keys never become one id here.
    """

    def __init__(self, key: Str, value: Type, doc: str = "", entry: Callable[[str, Any, Src], Any] = KeyedEntry,
                 label: str = ""):
        super().__init__(doc)
        self.key, self.value, self.entry = key, value, entry
        self.label = label
        """What a value is, named by its key ("Điểm tiêu chí {key}"): the start of each of its problems,
        so that "-1 nhỏ hơn 0" says which criterion it is."""

    def resolved(self) -> "DictOf":
        value = format_of(self.value)
        return self if value is self.value else DictOf(self.key, value, self.doc, self.entry, self.label)

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar) and node.is_null:
            return Entries()
        if not isinstance(node, Map):
            return ctx.error(node.src, "wrong-type", f"Cần một bảng (các dòng 'khóa: giá trị'), nhưng gặp {_show(node)}.")
        out = Entries()
        unreadable = []
        key_type, value_type, entry = self.key, self.value, self.entry
        for k, v in node.items:
            key = key_type.convert(k, ctx)
            if key is INVALID:
                continue
            before = len(ctx.problems)
            value = value_type.convert(v, ctx)
            if self.label and len(ctx.problems) > before:
                _name_problems(ctx.problems, before, self.label.format(key=key))
            if value is INVALID:
                unreadable.append(key)  # its problem is reported; later checks should not call it missing
            else:
                out[key] = entry(key, value, k.src)
        if unreadable:
            out.unreadable = tuple(unreadable)
        return out

    def schema(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": ["object", "null"], "additionalProperties": self.value.schema()}
        if self.key.pattern:
            out["propertyNames"] = {"pattern": self.key.pattern}
            if self.key.max_length is not None:
                out["propertyNames"]["maxLength"] = self.key.max_length
        return self._with_doc(out)


def _name_problems(problems: List[Problem], start: int, name: str) -> None:
    """Start each problem from `start` on with `name`: 'Điểm tiêu chí 4.2: giá trị -1 nhỏ hơn ...'."""
    for i in range(start, len(problems)):
        p = problems[i]
        problems[i] = p._replace(message=f"{name}: {p.message[:1].lower()}{p.message[1:]}")
class Nested(Type):
    """A record of the kind being declared, inside itself (a group of groups): its format is looked up
    when a file is read, and the schema refers to it by `$ref` (`NESTED` lists those definitions)."""

    def __init__(self, record_name: str, defs_name: str, doc: str = ""):
        super().__init__(doc)
        self.record_name, self.defs_name = record_name, defs_name
        NESTED[defs_name] = self

    @functools.cached_property
    def format(self) -> "Type":
        return next(spec for record, spec in FORMATS.items() if record.__name__ == self.record_name)

    def convert(self, node: Node, ctx: Ctx) -> Any:
        return self.format.convert(node, ctx)

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"$ref": f"#/$defs/{self.defs_name}"})


NESTED: Dict[str, Nested] = {}
"""defs name -> a record format that contains itself; the JSON Schema holds each in `$defs`."""


class Key(NamedTuple):
    """One key of a mapping: its name, its type (whose `doc` describes it), whether a file must write
    it, and the value it takes when a file does not.

    A required key with a default is still an error when missing or unreadable, but the record is
    built with the default, so that its other problems are found in the same run (a review's score
    above its maximum is reported even when its `note` is missing)."""

    name: str
    type: Any  # a Type, or a record class (read by its format)
    required: bool = False
    default: Any = None


def key(type: Any, required: bool = False, default: Any = None, name: str = "") -> Key:  # noqa: A002 - the key's type
    """A key declared on a record's field, `Annotated[str, key(Str(doc=...), required=True)]`; the field names it
    unless `name` does (a group's `max` key is its `stated_max` field: `max` is the computed subtotal)."""
    return Key(name, type, required, default)


FORMATS: Dict[type, Type] = {}
"""Each record class read from a file -> its format (`Obj.of` fills it): a key naming a record class
stands for that record's format."""


def format_of(declared: Any) -> Type:
    """The type a key declares: itself, or the format of the record class it names."""
    return (declared if isinstance(declared, Type) else FORMATS[declared]).resolved()


class Obj(Type):
    """A mapping with known keys, built into a record by `factory(src=..., **values)`.

    `Obj.of(Record)` reads a record's keys from its fields; `Obj(keys, factory)` takes them as given
    (for a mapping whose keys are not a record's fields)."""

    def __init__(self, keys: Sequence[Key], factory: Callable[..., Any], doc: str = "", title: str = ""):
        super().__init__(doc)
        self.keys = [k._replace(type=format_of(k.type)) for k in keys]
        self.factory, self.title = factory, title
        self._by_name = {k.name: k for k in self.keys}

    @classmethod
    def of(cls, record: type, title: str = "", doc: str = "", factory: Optional[Callable[..., Any]] = None) -> "Obj":
        """The format of `record`: a key for each field declared `Annotated[..., key(...)]`, in field order;
        a field's own default (of a NamedTuple) is the key's default when the key gives none.

        The format is registered in FORMATS, so a key of another record may name `record`."""
        defaults = getattr(record, "_field_defaults", {})
        keys = []
        for name, annotation in record.__annotations__.items():
            for declared in getattr(annotation, "__metadata__", ()):
                if isinstance(declared, Key):
                    default = defaults.get(name) if declared.default is None else declared.default
                    keys.append(declared._replace(name=declared.name or name, default=default))
        obj = cls(keys, factory or record, doc=doc, title=title)
        FORMATS[record] = obj
        return obj

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node, Map):
            what = self.title or "một bảng"
            return ctx.error(node.src, "wrong-type", f"Cần {what} (các dòng 'khóa: giá trị'), nhưng gặp {_show(node)}.")
        values: Dict[str, Any] = {}
        parts: Dict[Tuple[str, Any], Src] = {}
        ok = True
        for k, v in node.items:
            parts[(k.text, "key")] = k.src
            parts[(k.text, None)] = v.src
            if isinstance(v, Seq):
                parts.update(((k.text, i), item.src) for i, item in enumerate(v.items))
            f = self._by_name.get(k.text)
            if f is None:
                close = closest(k.text, self._by_name)
                hint = f" Có phải ý là '{close}'?" if close else f" Các khóa hợp lệ: {', '.join(self._by_name)}."
                ctx.error(k.src, "unknown-key", f"Khóa '{k.text}' không có trong định dạng.{hint}")
                continue
            value = f.type.convert(v, ctx)
            if value is INVALID:
                if f.required and f.default is None:
                    ok = False
                continue
            values[f.name] = value
        for f in self.keys:
            if f.name not in values:
                if f.required:
                    if node.get(f.name) is None:
                        where = f" ({self.title})" if self.title else ""
                        ctx.error(node.src, "missing-key", f"Thiếu khóa bắt buộc '{f.name}'{where}.")
                    if f.default is None:
                        ok = False
                        continue
                values[f.name] = f.default
        if not ok:
            return INVALID
        where = node.src
        values["src"] = Src(where.file, where.line, where.col, MappingProxyType(parts))
        return self.factory(**values)

    def schema(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {
            "type": "object",
            "properties": {f.name: f.type.schema() for f in self.keys},
            "additionalProperties": False,
        }
        required = [f.name for f in self.keys if f.required]
        if required:
            out["required"] = required
        if self.title:
            out["title"] = self.title
        return self._with_doc(out)


def convert_file(root: Optional[Node], spec: Obj, ctx: Ctx, file_src: Src) -> Any:
    """Convert a file's root; an empty file is an error."""
    if root is None:
        return ctx.error(file_src, "empty-file", "Tệp rỗng.")
    return spec.convert(root, ctx)
