"""A small declarative description of the file formats.

One description serves twice: `convert` turns positioned YAML nodes into typed,
immutable records while collecting located Vietnamese problems, and `schema`
emits the JSON Schema that `thidua schema` publishes.  Keeping both in one
place means the schema cannot drift from what the loader accepts.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from thidua.numbers import parse_date, parse_decimal, parse_share, plain_number
from thidua.problems import Problem, Src, error, unseen_in, without_unseen
from thidua.records import field, record
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
    doc: str = ""

    def convert(self, node: Node, ctx: Ctx) -> Any:
        raise NotImplementedError

    def schema(self) -> Dict[str, Any]:
        raise NotImplementedError

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


@record(frozen=False)
class Str(Type):
    doc: str = ""
    pattern: Optional[str] = None
    pattern_hint: str = ""
    enum: Optional[Sequence[str]] = None
    numeric_ok: bool = False  # ids like 1.1 that YAML editors see as numbers
    _regex: Optional[re.Pattern] = field(default=None, init=False, repr=False, compare=False)
    _valid: Dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._regex = re.compile(self.pattern) if self.pattern else None

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
        return self._with_doc(out)


def Slug(doc: str = "") -> Str:
    return Str(doc=doc, pattern=SLUG_PATTERN,
               pattern_hint="chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ 'cong-an' hoặc 'so-tu-phap'")


@record(frozen=False)
class Num(Type):
    """A Decimal, written 8,5 or 8.5."""

    doc: str = ""
    minimum: Optional[Decimal] = None
    maximum: Optional[Decimal] = None
    _valid: Dict[str, Decimal] = field(default_factory=dict, init=False, repr=False, compare=False)

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if type(node) is Scalar:  # a spelling already checked (scores repeat: 9,5, 10, 0...)
            known = self._valid.get(node.text)
            if known is not None:
                return known
        s = _scalar(node, ctx, "một số")
        if s is None:
            return INVALID
        value = _decimal(s.text)
        if value is None:
            return ctx.error(s.src, "not-a-number", f"Cần một số (ví dụ 8 hoặc 8,5), nhưng gặp {_show(s)}.")
        if self.minimum is not None and value < self.minimum:
            return ctx.error(s.src, "out-of-range", f"Giá trị {s.text} nhỏ hơn mức tối thiểu {self.minimum}.")
        if self.maximum is not None and value > self.maximum:
            return ctx.error(s.src, "out-of-range", f"Giá trị {s.text} lớn hơn mức tối đa {self.maximum}.")
        _remember(self._valid, s.text, value)
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


@record(frozen=False)
class Int(Type):
    doc: str = ""
    minimum: Optional[int] = None
    maximum: Optional[int] = None

    def convert(self, node: Node, ctx: Ctx) -> Any:
        s = _scalar(node, ctx, "một số nguyên")
        if s is None:
            return INVALID
        if not _INTEGER.match(s.text.strip()):
            return ctx.error(s.src, "not-an-integer", f"Cần một số nguyên, nhưng gặp {_show(s)}.")
        value = int(s.text)
        if self.minimum is not None and value < self.minimum:
            return ctx.error(s.src, "out-of-range", f"Giá trị {value} nhỏ hơn mức tối thiểu {self.minimum}.")
        if self.maximum is not None and value > self.maximum:
            return ctx.error(s.src, "out-of-range", f"Giá trị {value} lớn hơn mức tối đa {self.maximum}.")
        return value

    def schema(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return self._with_doc(out)


@record(frozen=False)
class Share(Type):
    """A share between 0 and 1, written 0,7 or 70%."""

    doc: str = ""

    def convert(self, node: Node, ctx: Ctx) -> Any:
        s = _scalar(node, ctx, "một tỷ lệ")
        if s is None:
            return INVALID
        value = parse_share(s.text)
        if value is None:
            return ctx.error(s.src, "not-a-number", f"Cần một tỷ lệ (ví dụ 0,7 hoặc 70%), nhưng gặp {_show(s)}.")
        if not Decimal(0) <= value <= Decimal(1):
            return ctx.error(s.src, "out-of-range", f"Tỷ lệ {s.text} phải nằm trong khoảng từ 0 đến 1 (0% đến 100%).")
        return value

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                                         {"type": "string", "pattern": r"^\d+(?:[.,]\d+)?\s*%?$"}]})


_TRUE = {"true", "yes", "có", "co"}
_FALSE = {"false", "no", "không", "khong"}


@record(frozen=False)
class Bool(Type):
    doc: str = ""

    def convert(self, node: Node, ctx: Ctx) -> Any:
        s = _scalar(node, ctx, "true hoặc false")
        if s is None:
            return INVALID
        word = s.text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        return ctx.error(s.src, "not-a-boolean", f"Cần true (có) hoặc false (không), nhưng gặp {_show(s)}.")

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"type": "boolean"})


@record(frozen=False)
class Date(Type):
    doc: str = ""

    def convert(self, node: Node, ctx: Ctx) -> Any:
        s = _scalar(node, ctx, "một ngày")
        if s is None:
            return INVALID
        value = parse_date(s.text)
        if value is None:
            return ctx.error(s.src, "not-a-date",
                             f"Cần một ngày dạng 2019-07-24 hoặc 24/7/2019, nhưng gặp {_show(s)}.")
        return value

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"type": "string", "pattern": DATE_TEXT_PATTERN})


@record(frozen=False)
class Text(Type):
    """Prose: a string, or a list of paragraphs. Converted to a tuple of paragraphs."""

    doc: str = ""

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


@record(frozen=False)
class ListOf(Type):
    item: Type
    doc: str = ""
    min_items: int = 0

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


@record
class KeyedEntry:
    """A value of a DictOf, with the key's text and position."""

    key: str
    value: Any
    key_src: Src


class Entries(dict):
    """What a DictOf converts to: key -> entry, and the keys whose value could not be read."""

    unreadable: Tuple[str, ...] = ()


@record(frozen=False)
class DictOf(Type):
    """A mapping with free keys (unit ids, criterion ids) -> dict key -> `entry(key, value, key src)`.

    `entry` defaults to KeyedEntry; a format gives its own record (a Score, a Vote) so that
    each value is built once.
    """

    key: Str
    value: Type
    doc: str = ""
    entry: Callable[[str, Any, Src], Any] = KeyedEntry

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
            value = value_type.convert(v, ctx)
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
        return self._with_doc(out)


@record(frozen=False)
class Field:
    name: str
    type: Type
    required: bool = False
    default: Any = None


@record(frozen=False)
class Obj(Type):
    """A mapping with known keys, built into a record by `factory(src=..., **fields)`."""

    fields: List[Field]
    factory: Callable[..., Any]
    doc: str = ""
    title: str = ""
    _by_name: Dict[str, Field] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {f.name: f for f in self.fields}

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
                if f.required:
                    ok = False
                continue
            values[f.name] = value
        for f in self.fields:
            if f.name not in values:
                if f.required:
                    if node.get(f.name) is None:
                        where = f" ({self.title})" if self.title else ""
                        ctx.error(node.src, "missing-key", f"Thiếu khóa bắt buộc '{f.name}'{where}.")
                    ok = False
                else:
                    values[f.name] = f.default
        if not ok:
            return INVALID
        where = node.src
        values["src"] = Src(where.file, where.line, where.col, MappingProxyType(parts))
        return self.factory(**values)

    def schema(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {
            "type": "object",
            "properties": {f.name: f.type.schema() for f in self.fields},
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
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
