"""The tables the commands print, as text, Markdown or CSV, from one description of their columns;
and the JSON they print.

A renderer describes its table as `Column`s (a header, a function giving a row's cell, an
alignment) and hands them with its rows to `text`, `markdown` or `csv_text`.

Plain-text and Markdown tables are laid out by display width (`simple`, `pipe`): the two
layouts as `tabulate` draws them with `tablefmt="simple"` and
`"pipe"` (the tests check the output is the same): a column is as wide as its widest cell, or
its header plus two; cells are stripped and aligned left, right or center.  Kept here rather
than imported because `tabulate` pulls in `importlib.metadata` and `wcwidth` (about 25 ms of
every `thidua rank`), and because its column widths change with whether `wcwidth` happens to be
installed; here a combining mark is 0 columns and an East Asian wide letter 2, always.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional, Sequence

from thidua.numbers import parse_decimal

ALIGNS = ("left", "right", "center")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_EXTRA: Dict[str, int] = {}
"""A non-ASCII character -> the columns it takes beyond one (-1 for a combining mark), as characters are met."""


def width(text: str) -> int:
    """Columns `text` takes on a terminal (Vietnamese in NFC: one per letter).

    The regular expression finds the non-ASCII letters in C and each one's width is looked up once:
    the text table of `rank` at 1,000 units measures 20,000 cells (timeit: a 50-letter Vietnamese
    name 6.8 -> 2.2 µs)."""
    if text.isascii():
        return len(text)
    total = len(text)
    for ch in _NON_ASCII.findall(text):
        extra = _EXTRA.get(ch)
        if extra is None:
            extra = _EXTRA[ch] = (-1 if unicodedata.combining(ch) else 1 if unicodedata.east_asian_width(ch) in "WF"
                                  else 0)
        total += extra
    return total


def _pad(text: str, size: int, align: str) -> str:
    room = size - width(text)
    if room <= 0:
        return text
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def _layout(rows: Sequence[Sequence[Optional[object]]], headers: Sequence[str], align: Sequence[str]):
    if any(a not in ALIGNS for a in align) or len(align) != len(headers):
        raise ValueError(f"one alignment per column, each one of {ALIGNS}")
    cells = [["" if c is None else str(c).strip() for c in row] for row in rows]
    if any(len(row) != len(headers) for row in cells):
        raise ValueError("every row needs one cell per header")
    sizes = [max([width(h) + 2] + [width(row[i]) for row in cells]) for i, h in enumerate(headers)]
    head = [_pad(h, size, a) for h, size, a in zip(headers, sizes, align)]
    body = [[_pad(c, size, a) for c, size, a in zip(row, sizes, align)] for row in cells]
    return sizes, head, body


def simple(rows: Sequence[Sequence[Optional[object]]], headers: Sequence[str], align: Sequence[str],
           max_width: Optional[int] = None) -> str:
    """Columns two spaces apart, a line of dashes under the headers, no trailing spaces; a table wider than
    `max_width` is fitted (see `_fitted`)."""
    sizes, head, body = _layout(rows, headers, align)
    if max_width is not None and sum(sizes) + 2 * (len(sizes) - 1) > max_width:
        return _fitted(rows, headers, align, max_width)
    lines = [head, ["-" * size for size in sizes], *body]
    return "\n".join("  ".join(line).rstrip() for line in lines)


def _wrap(text: str, size: int) -> List[str]:
    """`text` in lines of at most `size` columns, broken at spaces (a longer word keeps its own line)."""
    lines: List[str] = []
    for word in text.split():
        if lines and width(lines[-1]) + 1 + width(word) <= size:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _fitted(rows: Sequence[Sequence[Optional[object]]], headers: Sequence[str], align: Sequence[str],
            max_width: int) -> str:
    """The table narrowed to `max_width` columns where it can be: headers break at spaces ("Điểm" over
    "thưởng") and lose their padding, then the widest columns of words (names, notes) wrap onto more lines;
    a table that cannot be narrower than its longest words is as narrow as they allow."""
    cells = [["" if c is None else str(c).strip() for c in row] for row in rows]
    longest_word = [max([width(w) for w in h.split()] + [width(w) for row in cells for w in row[i].split()] + [1])
                    for i, h in enumerate(headers)]
    sizes = [max([max((width(w) for w in h.split()), default=0)] + [width(row[i]) for row in cells])
             for i, h in enumerate(headers)]
    room = max_width - 2 * (len(sizes) - 1)
    while sum(sizes) > room:
        shrinkable = [i for i in range(len(sizes)) if sizes[i] > longest_word[i]]
        if not shrinkable:
            break
        sizes[max(shrinkable, key=lambda i: sizes[i])] -= 1  # the widest first, a column at a time
    head = [_wrap(h, size) for h, size in zip(headers, sizes)]
    depth = max(len(h) for h in head)
    lines = [["" for _ in sizes] for _ in range(depth)]
    for i, parts in enumerate(head):  # headers sit on the line of dashes
        for j, part in enumerate(parts):
            lines[depth - len(parts) + j][i] = part
    out = [[_pad(c, size, a) for c, size, a in zip(line, sizes, align)] for line in lines]
    out.append(["-" * size for size in sizes])
    for row in cells:
        wrapped = [_wrap(c, size) if width(c) > size else [c] for c, size in zip(row, sizes)]
        for j in range(max(len(w) for w in wrapped)):
            out.append([_pad(w[j] if j < len(w) else "", size, a) for w, size, a in zip(wrapped, sizes, align)])
    return "\n".join("  ".join(line).rstrip() for line in out)


def terminal_width() -> Optional[int]:
    """The terminal's width in columns when the output is a terminal (or COLUMNS says it); None otherwise,
    so that a table piped to a file keeps its lines whole."""
    # What shutil.get_terminal_size((0, 0)).columns returns, without importing shutil: it brings bz2,
    # lzma and fnmatch, about 2.5 ms of the 0.13 s of `thidua rank` on the sample (python -X importtime).
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns >= 40 else None


def pipe(rows: Sequence[Sequence[Optional[object]]], headers: Sequence[str], align: Sequence[str]) -> str:
    """A Markdown table; colons in the line under the headers give each column's alignment."""
    sizes, head, body = _layout(rows, headers, align)
    rule = {"left": lambda n: ":" + "-" * (n - 1), "right": lambda n: "-" * (n - 1) + ":",
            "center": lambda n: ":" + "-" * (n - 2) + ":"}
    lines: List[str] = ["|" + "|".join(f" {c} " for c in head) + "|",
                        "|" + "|".join(rule[a](size + 2) for a, size in zip(align, sizes)) + "|"]
    lines += ["|" + "|".join(f" {c} " for c in row) + "|" for row in body]
    return "\n".join(lines)


# --- a table from its columns ---------------------------------------------------------

BOM = "\ufeff"  # CSV starts with it, to a file or to stdout, so that Excel on Windows shows the diacritics


class Column(NamedTuple):
    header: str
    cell: Callable[[Any], object]  # a row -> its cell (None is empty)
    align: str = "left"
    optional: bool = False  # left out when every cell is empty


def shown(columns: Sequence[Column], rows: Sequence[Any]) -> List[Column]:
    """The columns to show: an optional column only when some row fills it."""
    return [c for c in columns if not c.optional or any(c.cell(r) for r in rows)]


def _cells(columns: Sequence[Column], rows: Iterable[Any]) -> List[List[object]]:
    return [[c.cell(r) for c in columns] for r in rows]


def text(columns: Sequence[Column], rows: Sequence[Any], max_width: Optional[int] = None) -> str:
    """A terminal table (see `simple`), fitted to `max_width` columns (default: the terminal's width)."""
    columns = shown(columns, rows)
    return simple(_cells(columns, rows), [c.header for c in columns], [c.align for c in columns],
                  terminal_width() if max_width is None else max_width)


def md_escape(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|")


def markdown(columns: Sequence[Column], rows: Sequence[Any], escape: bool = False) -> str:
    """A Markdown table (see `pipe`); `escape` escapes the `|` of every cell."""
    columns = shown(columns, rows)
    cells = _cells(columns, rows)
    if escape:
        cells = [[md_escape("" if c is None else c) for c in row] for row in cells]
    return pipe(cells, [c.header for c in columns], [c.align for c in columns])


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)


def is_formula_like(value: object) -> bool:
    """Text a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+1+cmd`, `@SUM(...)`); a plain
    number such as `-0,5` is not."""
    return (isinstance(value, str) and value.startswith(FORMULA_START)
            and not (value == value.strip() and parse_decimal(value) is not None))


def csv_cell(value: object) -> object:
    """A CSV cell that Excel and LibreOffice show as the text it is: formula-like text gets a leading
    `'`, as OWASP's advice on CSV injection says; numbers and other text stay as they are."""
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


CSV_SEPARATORS = (",", ";")
"""`,` (the default) or `;`: Excel set to Vietnamese (decimal comma) splits a CSV at semicolons, and then
reads 95,5 as a number."""


def csv_text(columns: Sequence[Column], rows: Sequence[Any], sep: str = ",") -> str:
    """One header row and one row a row: UTF-8 BOM, `sep`-separated, CRLF line ends (for Excel);
    no cell is a formula (see `csv_cell`)."""
    import csv
    import io

    if sep not in CSV_SEPARATORS:
        raise ValueError(f"a CSV separator is one of {CSV_SEPARATORS}")
    columns = shown(columns, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", delimiter=sep)
    writer.writerow([c.header for c in columns])
    writer.writerows([csv_cell(c) for c in row] for row in _cells(columns, rows))
    return BOM + out.getvalue()


def json_text(data: Any) -> str:
    """JSON as the commands print it: UTF-8 letters as they are, indented by two."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)
