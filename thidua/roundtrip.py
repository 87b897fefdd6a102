"""Editing a bloc's YAML file in place (ruamel.yaml round trip): comments, key order, quotes,
indentation, a BOM, CRLF line ends and the spelling of empty values (`~`) stay as the clerk wrote them.

Used where thidua changes a file a person wrote: next year's bloc.yaml (`thidua.rotation`) and a
unit's self-report replaced by `thidua import-scores --force` (`thidua.rendering.selfreport`).
ruamel.yaml is imported here, by the commands that edit, never at start-up.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from typing import Any, Callable, NamedTuple, Optional

_INDENTS = ((2, 2, 0), (2, 4, 2), (4, 4, 0), (4, 6, 2), (4, 4, 2), (3, 3, 0), (3, 5, 2))
_NULL = re.compile(r"(?:^|[:\-])[ \t]+(~|null|Null|NULL)[ \t]*(?:#.*)?$", re.M)


class Edited(NamedTuple):
    data: bytes
    exact: bool  # the indentation could be reproduced exactly


class Unreadable(Exception):
    """The bytes are not UTF-8, or not YAML (its `reason` is Vietnamese, for the caller's message)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def edit(raw: bytes, change: Callable[[Any], None]) -> Edited:
    """`raw` loaded in round-trip mode, `change(data)` applied to the top-level mapping, written back."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable("tệp không phải văn bản UTF-8") from exc
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    try:
        yaml, data, exact = _round_trip(text)
    except YAMLError as exc:
        raise Unreadable("YAML không hợp lệ") from exc
    if not isinstance(data, CommentedMap):
        raise Unreadable("tệp không phải một bảng khóa: giá trị")
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue().replace("\n", newline)
    return Edited((codecs.BOM_UTF8 if bom else b"") + result.encode("utf-8"), exact)


def _new_yaml(explicit_start: bool, null: str):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.explicit_start = explicit_start
    if null:  # ruamel writes an empty value as nothing; keep the file's `~` (or `null`)
        yaml.representer.add_representer(
            type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", null))
    return yaml


def _round_trip(text: str):
    """A round-trip YAML instance with the indentation that reproduces `text` exactly, if any; the loaded data.

    One instance and one load serve every indentation tried: the indentation only shapes the dump (ruamel
    makes a new emitter for each), and dumping leaves the data as loaded. Before, each try made its own
    instance and load, and the match was loaded once more: `rotate-chair --dry-run` on a 20-unit bloc
    357 -> 253 ms CPU (paired runs, docs/performance.md)."""
    from ruamel.yaml.util import load_yaml_guess_indent

    first = next((line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")), "")
    explicit_start = first.rstrip() == "---"
    found = _NULL.search(text)
    yaml = _new_yaml(explicit_start, found.group(1) if found else "")
    data = yaml.load(text)
    for mapping, sequence, offset in _INDENTS:
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        out = io.StringIO()
        yaml.dump(data, out)
        if out.getvalue() == text:
            return yaml, data, True
    _, indent, block_seq = load_yaml_guess_indent(text)
    offset = block_seq or 0
    indent = indent or 2
    yaml.indent(mapping=max(indent - offset, 1) if offset else indent, sequence=indent, offset=offset)
    return yaml, data, False


def set_key(data, key: str, value, after=None) -> None:
    """Set `key` in a round-trip mapping; a new key goes after `after` (or first, for `year`, or last)."""
    if key in data:
        data[key] = value
        return
    keys = list(data.keys())
    position = keys.index(after) + 1 if after in keys else (0 if key == "year" else len(keys))
    data.insert(position, key, value)


def date_of(value) -> Optional[dt.date]:
    """A date as a round-trip load gives it: a date, a datetime, or text such as 08/7/2020."""
    from thidua.numbers import parse_date

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value)) if value is not None else None
