"""Read one YAML file into a tree of positioned nodes, safely.

PyYAML parses the file (the C parser where present) but never constructs Python
objects: nodes are built from its events, and every scalar stays text (in NFC)
with its position, so `1.10`, `no` and `01` keep their spelling and the model
decides what each value means.  What PyYAML would accept silently and we refuse:
duplicate keys (compared without the spaces around them), explicit tags, anchors and
aliases, deep nesting, several documents,
non-UTF-8 encodings, oversized files.  A decimal comma inside `{...}` or `[...]`,
which YAML splits in two, is joined back with a warning.
"""

import os
import re
import unicodedata
from typing import List, Optional, Tuple, Union

import yaml
from yaml import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                  SequenceStartEvent)

from thidua.problems import Problem, Src, error, warning

try:  # the C parser is several times faster; fall back to pure Python
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A self-report is a few kilobytes; a bloc file of 1,000 units is well under this."""

_FIRST_READ = 64 * 1024

MAX_DEPTH = 40

NULLS = frozenset(("", "~", "null", "Null", "NULL"))
"""How YAML writes 'no value' (when not quoted)."""

_ALLOWED_TAGS = {  # explicit tags that only restate what kind of value is written
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}


class _Node:
    """What the nodes share: equal when their fields are, as a NamedTuple would be.

    The nodes are plain `__slots__` classes, not NamedTuples: the reader makes one per value (about
    180,000 for `rank` at 1,000 units), in 0.15 µs against 0.29 µs for a NamedTuple's `__new__`."""

    __slots__ = ()
    _fields: Tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"


class Scalar(_Node):
    """A scalar as written: its text (NFC), whether it was plain (no quotes, no tag), where it is."""

    __slots__ = _fields = ("text", "plain", "src")

    def __init__(self, text: str, plain: bool, src: Src):
        self.text = text
        self.plain = plain
        self.src = src

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in NULLS


class _Items(_Node):
    __slots__ = _fields = ("items", "src")

    def __init__(self, items: tuple, src: Src):
        self.items = items
        self.src = src


class Map(_Items):
    """A mapping: its (key, value) pairs in file order, keys unique; where it starts."""

    __slots__ = ()
    items: Tuple[Tuple[Scalar, "Node"], ...]

    def get(self, key: str) -> Optional["Node"]:
        for k, v in self.items:
            if k.text == key:
                return v
        return None


class Seq(_Items):
    """A list: its items in file order; where it starts."""

    __slots__ = ()
    items: Tuple["Node", ...]


Node = Union[Scalar, Map, Seq]


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def read_yaml(path: str, display: Optional[str] = None) -> Tuple[Optional[Node], List[Problem]]:
    """Read `path`; return its root node (None for an empty or unreadable file) and problems.

    `display` is the file name used in messages (a path relative to the data folder).
    """
    name = display or path
    try:
        with open(path, "rb") as fh:
            # A first read of 64 KB holds any self-report; only a larger file is read on, up to the
            # limit (never more: a huge file is refused unread). Reading MAX_FILE_BYTES at once
            # allocates a 2 MB buffer per file: `validate` at 1,000 units takes 8% less CPU (1.75 s -> 1.58 s).
            raw = fh.read(_FIRST_READ)
            if len(raw) == _FIRST_READ:
                raw += fh.read(MAX_FILE_BYTES + 1 - _FIRST_READ)
            if len(raw) > MAX_FILE_BYTES:
                size = os.fstat(fh.fileno()).st_size
                return None, [error(Src(name, 1, 1), "file-too-large",
                                    f"Tệp quá lớn ({size // 1024} KB); giới hạn là "
                                    f"{MAX_FILE_BYTES // 1024} KB. Tệp dữ liệu thi đua không cần lớn như vậy: "
                                    "kiểm tra xem có dán nhầm nội dung khác vào không.")]
    except OSError as exc:
        from thidua.fileio import os_fix, os_reason  # only on failure

        return None, [error(Src(name), "file-unreadable", f"Không đọc được tệp: {os_reason(exc, reading=True)}."
                                                          + os_fix(exc, reading=True))]
    return parse_yaml_bytes(raw, name)


def parse_yaml_bytes(raw: bytes, name: str) -> Tuple[Optional[Node], List[Problem]]:
    """Decode, check and parse YAML bytes; see `read_yaml`."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [error(Src(name, 1, 1), "file-too-large",
                            f"Tệp quá lớn; giới hạn là {MAX_FILE_BYTES // 1024} KB.")]
    text, problem = decode(raw, name)
    if problem:
        return None, [problem]
    problems: List[Problem] = []
    try:
        root = _build(text, name, problems)
    except yaml.MarkedYAMLError as exc:
        tab = _tab_indent(text, exc, name)
        return None, _tab_lines(text, name, tab) if tab else [_syntax_problem(exc, name)]
    except yaml.reader.ReaderError as exc:  # a control character written as it is
        return None, [_control_character(text, exc, name)]
    except yaml.YAMLError as exc:  # pragma: no cover - the parser's other errors all carry a mark
        return None, [error(Src(name, 1, 1), "yaml-syntax", f"Lỗi cú pháp YAML: {exc}.")]
    except _Refused as refused:
        return None, [refused.problem]
    if isinstance(root, Scalar) and root.is_null:  # a file holding only '---'
        return None, problems
    return root, problems


# --- encodings -------------------------------------------------------------

_SAVE_AS_UTF8 = ("Hãy mở tệp bằng trình soạn thảo (VS Code, Notepad++ hoặc Notepad) và lưu lại với "
                 "mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8).")
_CONVERT_TCVN3 = ("Hãy chuyển mã sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã, nguồn TCVN3 (ABC), "
                  "đích Unicode) rồi lưu lại với mã hóa UTF-8.")

# TCVN3 (ABC) puts Vietnamese lowercase letters on 0xA1-0xFF, except 0xB0-0xB4 (combining tones).
_TCVN3_LETTERS = set(range(0xA1, 0x100)) - set(range(0xB0, 0xB5))


def _looks_cp1258(high: bytes) -> bool:
    """Windows-1258 text decodes to letters and combining tone marks; TCVN3 text decoded the
    same way is full of symbols (« © ¸ ¾ ...), because its common letters sit on 0xA8-0xBF."""
    decoded = high.decode("cp1258", errors="replace")
    good = sum(1 for ch in decoded if unicodedata.category(ch)[0] in "LM")
    return good >= 0.9 * len(decoded)


def decode(raw: bytes, name: str) -> Tuple[str, Optional[Problem]]:
    """Bytes -> text; UTF-8 with or without BOM only, other encodings named in the error."""
    where = Src(name, 1, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) >= 4 and (raw[1::2].count(0) > len(raw) // 4
                                                                          or raw[0::2].count(0) > len(raw) // 4)):
        return "", error(where, "encoding-utf16",
                         "Tệp có vẻ được lưu bằng mã hóa UTF-16 (Unicode của Notepad cũ), không phải UTF-8. "
                         + _SAVE_AS_UTF8)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[line_start:exc.start].decode("utf-8")) + 1  # valid up to the bad byte
        where = Src(name, line, col)
    high = bytes(b for b in raw if b >= 0x80)
    if _looks_cp1258(high):
        return "", error(where, "encoding-cp1258",
                         "Tệp không phải UTF-8: có vẻ được lưu bằng bảng mã Windows-1258 (bảng mã tiếng Việt "
                         "cũ của Windows). " + _SAVE_AS_UTF8)
    if sum(1 for b in high if b in _TCVN3_LETTERS) >= 0.9 * len(high):
        return "", error(where, "encoding-tcvn3",
                         "Tệp không phải UTF-8: có vẻ được gõ bằng bảng mã TCVN3 (ABC, phông .VnTime). "
                         + _CONVERT_TCVN3)
    return "", error(where, "encoding-unknown",
                     "Tệp không phải UTF-8 và không rõ bảng mã. " + _SAVE_AS_UTF8)


# --- syntax ----------------------------------------------------------------

def _tab_indent(text: str, exc: yaml.MarkedYAMLError, name: str) -> Optional[Problem]:
    """The parser stopped on a line indented with a tab: say so, at the tab.

    Checked only after a failure, since a tab is legal inside a block scalar (`|`)."""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" not in indent:
        return None
    return error(Src(name, mark.line + 1, indent.index("\t") + 1), "yaml-tab",
                 "Dòng được thụt lề bằng phím Tab; YAML chỉ cho phép thụt lề bằng dấu cách.")


_BLOCK_START = r"(?:^|[:\-?]\s)\s*[|>][-+0-9]*\s*(?:#.*)?$"


def _tab_lines(text: str, name: str, first: Problem) -> List[Problem]:
    """Every line indented with a tab, not only the one the parser stopped on: a file copied from
    Word or typed with the Tab key has many, and one run should show them all. The lines of a block
    scalar (`|`, `>`), where a tab is text, are left out."""
    problems = [first]
    block: Optional[int] = None  # the indent of the key that opened a block scalar
    for number, line in enumerate(text.splitlines(), start=1):
        body = line.lstrip(" \t")
        lead = line[: len(line) - len(body)]
        if block is not None:
            if not body or len(lead) > block:
                continue
            block = None
        if "\t" in lead and body and not body.startswith("#") and number != first.src.line:
            problems.append(error(Src(name, number, lead.index("\t") + 1), "yaml-tab", first.message))
        if re.search(_BLOCK_START, body):
            block = len(lead)
    return problems


# Compiled on first use (by re's cache): only a file with a syntax error needs them.
_MESSAGES = [
    # libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops at 1,000 levels itself, before our own limit is reached
    (r"exceeded maximum nesting depth", "yaml-too-deep", f"Cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)."),
    (r"found character .*that cannot start any token|found a tab character", "yaml-syntax",
     "Ký tự không hợp lệ ở đây (thường là phím Tab hoặc ký tự đặc biệt chưa đặt trong dấu ngoặc kép)."),
    (r"found unexpected end of stream|while scanning a quoted scalar", "yaml-unclosed-quote",
     "Chuỗi mở dấu ngoặc kép nhưng không đóng lại."),
    (r"mapping values are not allowed", "yaml-syntax",
     "Dấu hai chấm không hợp lệ ở đây: có thể do thụt lề sai hoặc giá trị chứa ': ' cần đặt trong dấu ngoặc kép."),
    (r"expected <block end>|did not find expected key|expected <document start>", "yaml-indent",
     "Thụt lề không đúng: các khóa cùng cấp phải thẳng hàng với nhau."),
    (r"could not find expected ':'|simple key", "yaml-syntax",
     "Thiếu dấu hai chấm sau khóa, hoặc khóa viết trên nhiều dòng."),
    (r"did not find expected '-' indicator|expected <block sequence", "yaml-indent",
     "Danh sách thụt lề không đúng: các dòng '- ' phải thẳng hàng với nhau."),
    (r"did not find expected ',' or|expected ',' or", "yaml-syntax",
     "Danh sách hoặc bảng viết trên một dòng ([...] hoặc {...}) chưa đóng ngoặc hoặc thiếu dấu phẩy."),
    (r"found unknown escape|invalid Unicode character escape|expected hexdecimal", "yaml-syntax",
     "Trong chuỗi đặt giữa dấu ngoặc kép, dấu '\\' phải đi với một ký tự thoát hợp lệ (\\n, \\\\, \\\"); "
     "nếu không cần ký tự thoát, hãy dùng dấu nháy đơn ('...')."),
    (r"while scanning an? (?:anchor|alias)", "yaml-syntax",
     "Dấu '&' hoặc '*' ở đầu giá trị có nghĩa riêng trong YAML (neo, bí danh); nếu đó là văn bản, "
     "hãy đặt cả giá trị trong dấu ngoặc kép."),
    (r"undefined tag handle|while (?:scanning|parsing) a tag", "yaml-tag",
     "Dấu '!' ở đầu giá trị mở một thẻ YAML; nếu đó là văn bản, hãy đặt cả giá trị trong dấu ngoặc kép."),
    (r"directive|incompatible YAML document", "yaml-syntax",
     "Dòng bắt đầu bằng '%' là chỉ thị YAML, tệp dữ liệu không cần: hãy xóa dòng này (hoặc đặt văn bản "
     "trong dấu ngoặc kép)."),
    (r"while scanning a block scalar", "yaml-syntax",
     "Sau dấu '|' hoặc '>' (đoạn văn nhiều dòng) chỉ được có '-', '+' hoặc một chữ số, rồi xuống dòng; nếu đó "
     "là văn bản, hãy đặt cả giá trị trong dấu ngoặc kép."),
    (r"mapping keys are not allowed", "yaml-indent",
     "Khóa không đúng chỗ: có thể do thụt lề sai, hoặc giá trị chứa ': ' cần đặt trong dấu ngoặc kép."),
    (r"block sequence entries are not allowed", "yaml-indent",
     "Dấu '- ' không đúng chỗ: mỗi mục của danh sách viết trên một dòng riêng, thụt lề dưới khóa của nó."),
    (r"did not find expected node content", "yaml-syntax",
     "Thiếu giá trị ở đây, hoặc giá trị bắt đầu bằng ký tự có nghĩa riêng trong YAML (@, `, |, >, %, ]) "
     "cần đặt trong dấu ngoặc kép."),
    (r"found undefined alias|found unexpected ':'", "yaml-syntax",
     "Cú pháp YAML không hợp lệ."),
]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")  # all but tab, line breaks and NEL
_CONTROL_HINT = "Ký tự này thường lẫn vào khi dán từ Word, PDF hoặc trang web; hãy xóa nó."


def _control_character(text: str, exc: yaml.reader.ReaderError, name: str) -> Problem:
    """Where the reader found a control character; its `position` counts bytes (C) or characters."""
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    at = max(text.find(char), 0)
    line_start = text.rfind("\n", 0, at) + 1
    return error(Src(name, text.count("\n", 0, at) + 1, at - line_start + 1), "yaml-control-char",
                 f"Ký tự điều khiển U+{ord(char):04X} không được phép trong tệp dữ liệu. {_CONTROL_HINT}")


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    original = " ".join(p for p in (exc.context, exc.problem) if p)
    for pattern, code, message in _MESSAGES:
        if re.search(pattern, original):
            opening = exc.context_mark
            if opening is not None and (code == "yaml-unclosed-quote" or (
                    "flow" in (exc.context or "") and mark is not None and mark.line != opening.line)):
                # point at the quote or bracket left open, not where the parser gave up
                line, col = opening.line + 1, opening.column + 1
            return error(Src(name, line, col), code, message)
    return error(Src(name, line, col), "yaml-syntax", f"Lỗi cú pháp YAML ({original}).")


# --- nodes -----------------------------------------------------------------

def _mark_src(mark, name: str) -> Src:
    return Src(name, mark.line + 1, mark.column + 1)


class _Open:
    """A mapping or sequence being built from parser events."""

    __slots__ = ("is_map", "flow", "src", "items", "key", "first_at", "last", "skip")

    def __init__(self, is_map: bool, flow: bool, src: Src):
        self.is_map = is_map
        self.flow = flow
        self.src = src
        self.items: list = []
        self.key: Optional[Node] = None  # a mapping's key waiting for its value
        self.first_at: dict = {}  # what each key means (`key_text`) -> the key first written so
        # in [...] or {...}: where the plain scalar just added ends (line, column), and the scalar
        self.last: Optional[Tuple[int, int, Scalar]] = None
        self.skip = False  # drop the next node (the empty value of a key that was half a number)

    def close(self) -> Node:
        return Map(tuple(self.items), self.src) if self.is_map else Seq(tuple(self.items), self.src)


def _build(text: str, name: str, problems: List[Problem]) -> Optional[Node]:
    """Turn the parser's events into nodes, iteratively (no recursion, so no depth can crash it).

    Anchors, aliases, merge keys, tags other than the standard ones, a second document and nesting
    deeper than MAX_DEPTH are refused where they are written.  This loop runs once per value
    of every file, so events are told apart by their exact class, scalars (most events) first,
    and adding a node to a block mapping or list is written out here rather than called.
    """
    loader = _Loader(text)
    get_event = loader.get_event
    stack: List[_Open] = []
    parent: Optional[_Open] = None  # stack[-1]
    root: Optional[Node] = None
    documents = 0
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                mark = event.start_mark
                src = Src(name, mark.line + 1, mark.column + 1)
                tag, style, value = event.tag, event.style, event.value
                if tag is not None and tag not in _ALLOWED_TAGS:
                    raise _Refused(_tag_problem(tag, src))
                if event.anchor is not None:
                    raise _Refused(_anchor_problem(event.anchor, src))
                if not value.isascii():  # composed letters: macOS and some input methods write 'ô' as o + U+0302
                    value = _normalize("NFC", value)
                node: Node = Scalar(value, tag is None and not style, src)
                if style == '"' and _CONTROL.search(event.value):  # written as an escape: "\x1b"
                    problems.append(error(src, "yaml-control-char", "Chuỗi chứa ký tự điều khiển "
                                          f"U+{ord(_CONTROL.search(event.value).group()):04X} (viết bằng "
                                          f"mã thoát '\\'); tệp dữ liệu không được chứa ký tự này."))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = event.start_mark
                src = Src(name, mark.line + 1, mark.column + 1)
                if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                    raise _Refused(_tag_problem(event.tag, src))
                if event.anchor is not None:
                    raise _Refused(_anchor_problem(event.anchor, src))
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(error(src, "yaml-too-deep", f"Cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)."))
                parent = _Open(kind is MappingStartEvent, bool(event.flow_style), src)
                stack.append(parent)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop().close()
                parent = stack[-1] if stack else None
            elif kind is AliasEvent:
                raise _Refused(error(_mark_src(event.start_mark, name), "yaml-alias",
                                     f"Tệp dùng tham chiếu YAML (*{event.anchor}); thidua không hỗ trợ "
                                     "neo và bí danh (&neo / *bí danh), hãy viết đầy đủ giá trị."))
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(error(_mark_src(event.start_mark, name), "yaml-multiple-documents",
                                         "Tệp chứa nhiều tài liệu YAML (ngăn cách bởi '---'); "
                                         "mỗi tệp chỉ được chứa một."))
                continue
            elif event is None:  # after the end of the stream
                break
            else:  # stream start and end, document end
                continue
            if parent is None:
                root = node
                continue
            if parent.flow and _taken_in_flow(parent, node, event, kind is ScalarEvent, problems):
                continue
            if not parent.is_map:
                parent.items.append(node)
            elif parent.key is None:
                if kind is ScalarEvent and node.plain and node.text == "<<":
                    raise _Refused(error(node.src, "yaml-alias",
                                         "Tệp dùng khóa gộp YAML (<<); hãy viết đầy đủ giá trị."))
                parent.key = node
            else:  # the key's value: `_add_value`, its usual case written out (about 80,000 a `rank`)
                key, parent.key = parent.key, None
                meaning = key.text.strip() if key.__class__ is Scalar else None  # key_text(key.text)
                if meaning is not None and meaning not in parent.first_at:
                    parent.first_at[meaning] = key
                    parent.items.append((key, node))
                else:
                    _add_value(parent, key, node, problems)
            if parent.flow:  # only `_decimal_comma` looks back, and only inside [...] and {...}
                plain = kind is ScalarEvent and node.plain
                parent.last = (event.end_mark.line, event.end_mark.column, node) if plain else None
    finally:
        loader.dispose()
    return root


def _anchor_problem(anchor: str, src: Src) -> Problem:
    """An anchor (`&diem 5`), refused where it is written even when no alias uses it: it is only there
    to be repeated by an alias, and a clerk who meant text starting with '&' loses the '&diem'."""
    return error(src, "yaml-alias", f"Giá trị bắt đầu bằng neo YAML (&{anchor}); thidua không hỗ trợ neo và bí "
                                    "danh (&neo / *bí danh), hãy viết đầy đủ giá trị. Nếu đó là văn bản bắt đầu "
                                    "bằng '&', hãy đặt cả giá trị trong dấu ngoặc kép.")


def _tag_problem(tag: str, src: Src) -> Problem:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return error(src, "yaml-tag", f"Thẻ YAML '{shown}' không được phép: tệp dữ liệu chỉ chứa văn bản, "
                                  "số, danh sách và bảng.")


_normalize = unicodedata.normalize

_INTEGER = re.compile(r"^[+-]?\d+$")
_DIGITS = re.compile(r"^\d+$")


def _taken_in_flow(parent: _Open, node: Node, event, scalar: bool, problems: List[Problem]) -> bool:
    """Inside [...] or {...}: whether `node` is not added as it is (the second half of a decimal comma,
    or the empty value YAML gave a key that was such a half)."""
    if scalar and _decimal_comma(parent, node, event, problems):  # type: ignore[arg-type]
        return True
    if parent.skip:
        parent.skip = False
        return True
    return False


def _decimal_comma(parent: _Open, node: Scalar, event, problems: List[Problem]) -> bool:
    """`[8,5]` or `{score: 8,5}`: in a one-line list or mapping the comma separates items, so YAML
    reads two numbers.  Join the halves (every number in the formats is a mapping value, so the
    clerk meant 8,5) and warn, since other YAML tools will not read it so."""
    if not (parent.last and node.plain and _DIGITS.match(node.text)):
        return False
    line, col, before = parent.last
    if not (event.start_mark.line == line and event.start_mark.column == col + 1 and _INTEGER.match(before.text)):
        return False
    joined = Scalar(f"{before.text},{node.text}", True, before.src)
    problems.append(warning(before.src, "yaml-decimal-comma",
                            f"Số '{joined.text}' viết trong [...] hoặc {{...}}, nơi dấu phẩy ngăn cách các mục: "
                            f"thidua đọc là {joined.text}, nhưng các công cụ YAML khác sẽ đọc thành hai giá trị "
                            f"{before.text} và {node.text}. Nên viết {before.text}.{node.text}, "
                            f"\"{joined.text}\" (trong dấu nháy) hoặc viết trên dòng riêng."))
    if not parent.is_map:
        parent.items[-1] = joined
    elif parent.items and parent.items[-1][1] is before:
        parent.items[-1] = (parent.items[-1][0], joined)
        parent.skip = True  # the second half became a key: drop the empty value YAML gave it
    parent.last = None
    return True



def key_text(text: str) -> str:
    """What a mapping key means: its text (already NFC) without the spaces around it.

    Two keys of one mapping that mean the same are a duplicate; ids read as keys (`DictOf` with
    `Str`) are trimmed the same way, so `"1.1"` and `"1.1 "` would otherwise be one score twice."""
    return text.strip()


def _add_value(parent: _Open, key: Node, node: Node, problems: List[Problem]) -> None:
    """Pair the mapping's key with its value, unless the key is a duplicate or not text."""
    if not isinstance(key, Scalar):
        problems.append(error(key.src, "yaml-complex-key",
                              "Khóa phải là một giá trị đơn, không phải danh sách hay bảng."))
        return
    first_at = parent.first_at
    meaning = key_text(key.text)
    first = first_at.get(meaning)
    if first is not None:
        if first.text == key.text:
            message = (f"Khóa '{key.text}' bị lặp (đã có ở dòng {first.src.line}); "
                       "YAML sẽ âm thầm bỏ giá trị trước, nên hãy xóa một trong hai.")
        else:
            message = (f"Khóa '{key.text}' trùng với khóa '{first.text}' ở dòng {first.src.line} (chỉ khác "
                       "dấu cách ở đầu hoặc cuối, nên là cùng một khóa); hãy xóa một trong hai.")
        problems.append(error(key.src, "duplicate-key", message))
        return
    first_at[meaning] = key
    parent.items.append((key, node))
