"""Problems found in the data: values, collected and sorted, never raised."""

from dataclasses import dataclass, field
from typing import Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union


ERROR = "error"
WARNING = "warning"

LEVEL_WORDS = {ERROR: "lỗi", WARNING: "cảnh báo"}


@dataclass(frozen=True, order=True)
class Src:
    """Where a value came from: file (as given to the loader), 1-based line and column."""

    file: str
    line: int = 0
    col: int = 0
    parts: Optional[Mapping[Tuple[str, Union[int, str, None]], "Src"]] = field(
        default=None, compare=False, repr=False)
    """For a record read from a mapping: where each of its keys, values and list items are."""

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


def sort_problems(problems: Iterable[Problem]) -> List[Problem]:
    """Sorted by file and position, duplicates removed."""
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == ERROR for p in problems)


def format_text(problems: Iterable[Problem]) -> str:
    """yamllint's parsable form: file:line:col: level: message [code]."""
    lines = []
    for p in problems:
        lines.append(f"{_where(p.src)}: {LEVEL_WORDS[p.level]}: {p.message} [{p.code}]")
    return "\n".join(lines)


def _where(src: Src) -> str:
    line = src.line or 1
    col = src.col or 1
    return f"{src.file}:{line}:{col}"


def format_json(problems: Iterable[Problem]) -> str:
    import json  # only for --format json: keeps start-up short

    return json.dumps(
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


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, one annotation a problem."""
    lines = []
    for p in problems:
        kind = "error" if p.level == ERROR else "warning"
        msg = _gh_escape(f"{p.message} [{p.code}]")
        lines.append(
            f"::{kind} file={_gh_escape_prop(p.src.file)},line={p.src.line or 1},"
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
