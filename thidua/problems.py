"""Problems found in the data: values, collected and sorted, never raised."""

import re
from typing import Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

ERROR = "error"
WARNING = "warning"

LEVEL_WORDS = {ERROR: "lỗi", WARNING: "cảnh báo"}


class Src:
    """Where a value came from: file (as given to the loader), 1-based line and column.

    Compared, hashed and ordered by (file, line, col); `parts` stays out of all three. Not changed
    once made (nothing assigns to it). A plain `__slots__` class, not a frozen dataclass: the reader
    makes one per YAML value (about 170,000 for `rank` at 1,000 units), and a frozen dataclass sets
    each field through `object.__setattr__` (0.79 µs a Src against 0.18 µs here: about 0.1 s of that
    `rank`'s 1.2 s CPU; about 70 bytes instead of 110)."""

    __slots__ = ("file", "line", "col", "parts")

    def __init__(self, file: str, line: int = 0, col: int = 0,
                 parts: Optional[Mapping[Tuple[str, Union[int, str, None]], "Src"]] = None):
        self.file = file
        self.line = line
        self.col = col
        self.parts = parts  # for a record read from a mapping: where each key, value and list item is

    def _key(self) -> Tuple[str, int, int]:
        return (self.file, self.line, self.col)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Src:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: "Src") -> bool:
        if other.__class__ is not Src:
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: "Src") -> bool:
        if other.__class__ is not Src:
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: "Src") -> bool:
        if other.__class__ is not Src:
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: "Src") -> bool:
        if other.__class__ is not Src:
            return NotImplemented
        return self._key() >= other._key()

    def __repr__(self) -> str:
        return f"Src(file={self.file!r}, line={self.line!r}, col={self.col!r})"

    def with_parts(self, parts: Optional[Mapping]) -> "Src":
        """The same place with other `parts`."""
        return Src(self.file, self.line, self.col, parts)

    def at(self, name: str, index: Optional[int] = None) -> "Src":
        """Where the value of key `name` (or its item `index`) is; this record's place if unknown."""
        return (self.parts or {}).get((name, index)) or self

    def key_at(self, name: str) -> "Src":
        """Where the key `name` itself is written; this record's place if unknown."""
        return (self.parts or {}).get((name, "key")) or self

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


class Problem(NamedTuple):
    """One problem in the data, at a place, with a stable code."""

    src: Src
    level: str
    code: str
    message: str

    def sort_key(self):
        return (self.src.file, self.src.line, self.src.col, self.code, self.message)


def error(src: Src, code: str, message: str) -> Problem:
    return Problem(src, ERROR, code, message)


def warning(src: Src, code: str, message: str) -> Problem:
    return Problem(src, WARNING, code, message)


def folded(text: str) -> str:
    """A name as a clerk may type it: letter case, spaces and diacritics do not count ('cong an tinh')."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                    if not unicodedata.combining(c))
    return " ".join(plain.split()).casefold()


def did_you_mean(word: str, choices: Union[Iterable[str], Mapping[str, str]]) -> str:
    """' Có phải là 'cong-an'?' when `word` is close to one of `choices` (difflib), else ''. `choices`
    may map what is compared (a name folded, without diacritics) to what is shown."""
    import difflib  # only when a name is wrong: keeps start-up short

    shown_as = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
    close = difflib.get_close_matches(word, list(shown_as), n=2, cutoff=0.6)
    if not close:
        folded = {c.casefold(): c for c in shown_as}
        close = [folded[c] for c in difflib.get_close_matches(word.casefold(), list(folded), n=2, cutoff=0.6)]
    if not close:
        return ""
    return " Có phải là " + " hay ".join(f"'{shown_as[c]}'" for c in dict.fromkeys(close)) + "?"


def sort_problems(problems: Iterable[Problem]) -> List[Problem]:
    """Sorted by file and position, duplicates removed."""
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == ERROR for p in problems)


# --- text from the data, shown on a terminal -----------------------------------------------

# What a terminal acts on or a reader cannot see: C0 and C1 controls (ESC, CSI U+009B), DEL, the soft
# hyphen, bidi marks, embeddings, overrides and isolates, zero-width characters and fillers, line and
# paragraph separators, the BOM, interlinear annotation marks and Unicode tag characters.
_UNSEEN = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
           "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
           "\U000e0000-\U000e0fff")
# Patterns as text, compiled by `re` on first use and kept in its cache: compiling these classes costs
# about 4 ms (measured at import, `-X importtime`), which every run would pay while only a few runs meet such a character.
_UNSEEN_IN_LINE = f"[\t\n{_UNSEEN}]"
_UNSEEN_IN_LINES = f"[\t{_UNSEEN}]"
_UNSEEN_ONLY = f"[{_UNSEEN}]"
_BIDI = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_CONTROL = "[\x00-\x1f\x7f-\x9f]"


def _escape(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(text: str, lines: bool = False) -> str:
    """`text` safe to print: every control, bidi or invisible character written as its escape
    (ESC as `\\x1b`, U+202E as `\\u202e`), so that a file name or a cell can neither drive the
    terminal nor hide what it says; `lines` keeps the line breaks of a message of several lines."""
    return re.sub(_UNSEEN_IN_LINES if lines else _UNSEEN_IN_LINE, _escape, text)


def unseen_in(text: str) -> List[str]:
    """The invisible characters of `text` named, each once: `\\u200b (ký tự không độ rộng U+200B)`."""
    names = []
    for ch in dict.fromkeys(re.findall(_UNSEEN_IN_LINE, text)):
        kind = ("ký tự điều khiển chiều viết" if re.match(_BIDI, ch) else "ký tự điều khiển" if re.match(_CONTROL, ch)
                else "ký tự không độ rộng" if ch in "\u200b\u200c\u200d\u2060\ufeff" else "ký tự ẩn")
        names.append(f"{shown(ch)} ({kind} U+{ord(ch):04X})")
    return names


def printable(text: str) -> str:
    """A command's output (a table, a report of what was done) safe for the terminal: as `shown`, but
    tabs and line breaks stay as they are."""
    return re.sub(_UNSEEN_ONLY, _escape, text)


def without_unseen(text: str) -> str:
    """`text` as a reader sees it: the characters `unseen_in` names left out."""
    return re.sub(_UNSEEN_IN_LINE, "", text)


def format_text(problems: Iterable[Problem]) -> str:
    """yamllint's parsable form: file:line:col: level: message [code]; one line a problem, whatever
    the file name or the message holds (see `shown`)."""
    lines = []
    for p in problems:
        lines.append(shown(f"{_where(p.src)}: {LEVEL_WORDS[p.level]}: {p.message} [{p.code}]"))
    return "\n".join(lines)


def _where(src: Src) -> str:
    line = src.line or 1
    col = src.col or 1
    return f"{src.file}:{line}:{col}"


def format_json(problems: Iterable[Problem]) -> str:
    import json  # only for --format json: keeps start-up short

    # JSON escapes the C0 controls itself; the rest of what `shown` escapes is written as \\uXXXX
    # too, which any JSON reader turns back into the same text.
    text = json.dumps(
        [
            {
                "file": p.src.file,
                "line": p.src.line or 1,
                "column": p.src.col or 1,
                "level": p.level,
                "code": p.code,
                "message": p.message,
            }
            for p in problems
        ],
        ensure_ascii=False,
        indent=2,
    )
    return re.sub(_UNSEEN_ONLY, _json_escape, text)


def _json_escape(match: "re.Match[str]") -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, one annotation a problem."""
    lines = []
    for p in problems:
        kind = "error" if p.level == ERROR else "warning"
        msg = _gh_escape(shown(f"{p.message} [{p.code}]", lines=True))
        lines.append(
            f"::{kind} file={_gh_escape_prop(shown(p.src.file))},line={p.src.line or 1},"
            f"col={p.src.col or 1},title={p.code}::{msg}"
        )
    return "\n".join(lines)


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    return _gh_escape(text).replace(":", "%3A").replace(",", "%2C")


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}


def summary_line(problems: List[Problem]) -> Optional[str]:
    """A closing line such as 'Có 2 lỗi, 1 cảnh báo.'; None when clean."""
    errors = sum(1 for p in problems if p.level == ERROR)
    warnings = len(problems) - errors
    if not problems:
        return None
    return f"Có {errors} lỗi, {warnings} cảnh báo."
