"""Read one YAML file into a tree of positioned nodes, safely.

PyYAML composes the file (C loader where present) but never constructs Python
objects: every scalar stays text with its position, so `1.10`, `no` and `01`
keep their spelling and the model decides what each value means.  What PyYAML
would accept silently and we refuse: duplicate keys, explicit tags, aliases,
non-UTF-8 encodings, oversized files.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import List, Optional, Tuple, Union

import yaml

from thidua.problems import Problem, Src, error

try:  # the C composer is several times faster; fall back to pure Python
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A self-report is a few kilobytes; a bloc file of 1,000 units is well under this."""

MAX_DEPTH = 40

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True)
class Scalar:
    text: str
    plain: bool
    src: Src

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class Map:
    items: Tuple[Tuple[Scalar, "Node"], ...]
    src: Src

    def get(self, key: str) -> Optional["Node"]:
        for k, v in self.items:
            if k.text == key:
                return v
        return None


@dataclass(frozen=True)
class Seq:
    items: Tuple["Node", ...]
    src: Src


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
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return None, [error(Src(name, 1, 1), "file-too-large",
                                f"Tệp quá lớn ({size // 1024} KB); giới hạn là "
                                f"{MAX_FILE_BYTES // 1024} KB. Tệp dữ liệu thi đua không cần lớn như vậy: "
                                "kiểm tra xem có dán nhầm nội dung khác vào không.")]
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [error(Src(name), "file-unreadable", f"Không đọc được tệp: {exc.strerror or exc}.")]
    return parse_yaml_bytes(raw, name)


def parse_yaml_bytes(raw: bytes, name: str) -> Tuple[Optional[Node], List[Problem]]:
    """Decode, check and compose YAML bytes; see `read_yaml`."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [error(Src(name, 1, 1), "file-too-large",
                            f"Tệp quá lớn; giới hạn là {MAX_FILE_BYTES // 1024} KB.")]
    text, problem = decode(raw, name)
    if problem:
        return None, [problem]
    text = unicodedata.normalize("NFC", text)
    tab = _tab_indent(text, name)
    if tab:
        return None, [tab]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, name)]
    except yaml.YAMLError as exc:
        return None, [error(Src(name, 1, 1), "yaml-syntax", f"Lỗi cú pháp YAML: {exc}.")]
    except RecursionError:
        return None, [error(Src(name, 1, 1), "yaml-too-deep", "Cấu trúc lồng nhau quá sâu.")]
    if root is None:
        return None, []
    problems: List[Problem] = []
    try:
        node = _convert(root, name, problems, set(), 0)
    except _Refused as refused:
        return None, [refused.problem]
    return node, problems


# --- encodings -------------------------------------------------------------

_CP1258_MARKS = {0xCC, 0xEC, 0xDE, 0xD2, 0xF2}  # combining tone marks in Windows-1258
_CP1258_LETTERS = {0xC3, 0xE3, 0xC2, 0xE2, 0xCA, 0xEA, 0xD4, 0xF4, 0xD5, 0xF5, 0xDD, 0xFD, 0xD0, 0xF0}

_SAVE_AS_UTF8 = ("Hãy mở tệp bằng trình soạn thảo (VS Code, Notepad++ hoặc Notepad) và lưu lại với "
                 "mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8).")


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
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        high = [b for b in raw if b >= 0x80]
        marks = sum(1 for b in high if b in _CP1258_MARKS or b in _CP1258_LETTERS)
        if high and marks >= len(high) * 0.6:
            what = "Windows-1258 (bảng mã tiếng Việt của Windows)"
            code = "encoding-cp1258"
        elif high:
            what = "TCVN3 (ABC, phông .VnTime)"
            code = "encoding-tcvn3"
            _SAVE = ("Hãy chuyển mã sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã, nguồn TCVN3, "
                     "đích Unicode) rồi lưu lại với mã hóa UTF-8.")
            return "", error(Src(name, line, col), code,
                             f"Tệp không phải UTF-8: có vẻ được gõ bằng bảng mã {what}. {_SAVE}")
        else:  # pragma: no cover - a decode error needs a high byte
            what, code = "không rõ", "encoding-unknown"
        return "", error(Src(name, line, col), code,
                         f"Tệp không phải UTF-8: có vẻ được lưu bằng bảng mã {what}. " + _SAVE_AS_UTF8)


# --- syntax ----------------------------------------------------------------

def _tab_indent(text: str, name: str) -> Optional[Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return error(Src(name, number, len(line) - len(stripped) + 1), "yaml-tab",
                         "Dòng được thụt lề bằng phím Tab; YAML chỉ cho phép thụt lề bằng dấu cách.")
    return None


_MESSAGES = [
    (re.compile(r"found character .*that cannot start any token|found a tab character"), "yaml-syntax",
     "Ký tự không hợp lệ ở đây (thường là phím Tab hoặc ký tự đặc biệt chưa đặt trong dấu ngoặc kép)."),
    (re.compile(r"found unexpected end of stream|while scanning a quoted scalar"), "yaml-unclosed-quote",
     "Chuỗi mở dấu ngoặc kép nhưng không đóng lại."),
    (re.compile(r"mapping values are not allowed"), "yaml-syntax",
     "Dấu hai chấm không hợp lệ ở đây: có thể do thụt lề sai hoặc giá trị chứa ': ' cần đặt trong dấu ngoặc kép."),
    (re.compile(r"expected <block end>|did not find expected key|expected <document start>"), "yaml-indent",
     "Thụt lề không đúng: các khóa cùng cấp phải thẳng hàng với nhau."),
    (re.compile(r"could not find expected ':'|simple key"), "yaml-syntax",
     "Thiếu dấu hai chấm sau khóa, hoặc khóa viết trên nhiều dòng."),
    (re.compile(r"did not find expected '-' indicator|expected <block sequence"), "yaml-indent",
     "Danh sách thụt lề không đúng: các dòng '- ' phải thẳng hàng với nhau."),
    (re.compile(r"did not find expected ',' or|expected ',' or"), "yaml-syntax",
     "Danh sách hoặc bảng viết trên một dòng ([...] hoặc {...}) chưa đóng ngoặc hoặc thiếu dấu phẩy."),
    (re.compile(r"found undefined alias|found unknown escape|found unexpected ':'"), "yaml-syntax",
     "Cú pháp YAML không hợp lệ."),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    original = " ".join(p for p in (exc.context, exc.problem) if p)
    for pattern, code, message in _MESSAGES:
        if pattern.search(original):
            if code == "yaml-unclosed-quote" and exc.context_mark is not None:
                line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
            return error(Src(name, line, col), code, message)
    return error(Src(name, line, col), "yaml-syntax", f"Lỗi cú pháp YAML ({original}).")


# --- nodes -----------------------------------------------------------------

def _src(node: yaml.Node, name: str) -> Src:
    return Src(name, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: yaml.Node, name: str, problems: List[Problem], seen: set, depth: int) -> Node:
    src = _src(node, name)
    if depth > MAX_DEPTH:
        raise _Refused(error(src, "yaml-too-deep", f"Cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)."))
    if id(node) in seen:
        raise _Refused(error(src, "yaml-alias",
                             "Tệp dùng tham chiếu YAML (&neo / *bí danh); thi đua không hỗ trợ, "
                             "hãy viết đầy đủ giá trị."))
    if not node.tag.startswith("tag:yaml.org,2002:") or node.tag not in _STANDARD_TAGS:
        raise _Refused(error(src, "yaml-tag",
                             f"Thẻ YAML '{node.tag}' không được phép: tệp dữ liệu chỉ chứa văn bản, số, "
                             "danh sách và bảng."))
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, node.style is None, src)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(item, name, problems, seen, depth + 1) for item in node.value), src)
    items = []
    first_at = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge" or (isinstance(key_node, yaml.ScalarNode)
                                                         and key_node.value == "<<" and key_node.style is None):
            raise _Refused(error(_src(key_node, name), "yaml-alias",
                                 "Tệp dùng khóa gộp YAML (<<); hãy viết đầy đủ giá trị."))
        key = _convert(key_node, name, problems, seen, depth + 1)
        if not isinstance(key, Scalar):
            problems.append(error(key.src, "yaml-complex-key", "Khóa phải là một giá trị đơn, không phải danh sách hay bảng."))
            continue
        value = _convert(value_node, name, problems, seen, depth + 1)
        if key.text in first_at:
            problems.append(error(key.src, "duplicate-key",
                                  f"Khóa '{key.text}' bị lặp (đã có ở dòng {first_at[key.text].line}); "
                                  "YAML sẽ âm thầm bỏ giá trị trước, nên hãy xóa một trong hai."))
            continue
        first_at[key.text] = key.src
        items.append((key, value))
    return Map(tuple(items), src)
