"""Fuzzing: a mutated sample, a random Excel sheet or a random template never makes a command crash,
print a traceback or hang.

- Damaged data: each case lays the sample `data/` into a fresh folder, damages one to three files
  (bytes, YAML structure, values, encodings) and runs `validate`, `rank`, `nominate`,
  `report --format md` and `report -o x.docx` on it through click's CliRunner, exactly as the
  console script would run them. Allowed outcomes: exit 0, or exit 1 with a located Vietnamese
  error (`file:line:col: ...`) or a `Lỗi: ...` line. The reader alone gets three times the cases.
- The Excel importer: `import-scores` of the sample's exported sheet with random cell values (text,
  numbers, dates, formulas, booleans; huge strings and control characters in a class of their own).
  Allowed: the report written, and `validate` finds no error in it; or exit 1 with each problem at
  its cell ("Bảng điểm!D7") or a `Lỗi: ...` line.
- The template renderer: random small templates made of Jinja fragments, rendered with the
  sample's context as a bloc's own template is (in the bounded child process, with limits lowered
  to a second). Allowed: the document, or one Vietnamese message naming the template.

The number of cases follows hypothesis' profile (tests/conftest.py): with CI=true (200 a test),
damaged data 200, the reader 600, random sheets 1,200, hostile sheets 400, templates 3,200: 5,600
in all, about 9 minutes on a busy 2-core machine (the templates 6 min, the sheets 2 min, the
damaged data 1 min); a tenth of that by default; a long run multiplies them by 25:

    python -m pytest -q tests/test_fuzz.py --hypothesis-profile=long
"""

from __future__ import annotations

import re
import signal
import tempfile
import threading
import traceback
import unicodedata
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple, Tuple

import pytest
from conftest import SAMPLE, run_thidua, write_files
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

# The reader alone is fast: three times the cases of the profile (tests/conftest.py).
READER_EXAMPLES = 3 * settings.default.max_examples
CASE_SECONDS = 30  # a hang, not a slow case: the whole case normally takes well under a second


def _snapshot(root: Path) -> Dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


PRISTINE = _snapshot(SAMPLE)
# The latest year is what every command reads by default: it is damaged more often.
TARGETS = sorted(PRISTINE) + sorted(name for name in PRISTINE if name.startswith(max(PRISTINE)[:4]))


# --- mutations -----------------------------------------------------------------------------------
# Each takes hypothesis' `data` (to draw its parameters) and the file's bytes, and returns new bytes.

Mutation = Callable[[st.DataObject, bytes], bytes]


def _position(data: st.DataObject, raw: bytes) -> int:
    return data.draw(st.integers(0, len(raw)), label="position")


def _lines(raw: bytes) -> List[bytes]:
    return raw.splitlines(keepends=True) or [b""]


def _line_index(data: st.DataObject, lines: List[bytes]) -> int:
    return data.draw(st.integers(0, len(lines) - 1), label="line")


def flip_bit(data, raw):
    if not raw:
        return raw
    pos = data.draw(st.integers(0, len(raw) - 1), label="position")
    return raw[:pos] + bytes([raw[pos] ^ (1 << data.draw(st.integers(0, 7), label="bit"))]) + raw[pos + 1:]


def insert_bytes(data, raw):
    pos = _position(data, raw)
    return raw[:pos] + data.draw(st.binary(min_size=1, max_size=8), label="bytes") + raw[pos:]


def delete_bytes(data, raw):
    pos = _position(data, raw)
    return raw[:pos] + raw[pos + data.draw(st.integers(1, 64), label="length"):]


def truncate(data, raw):
    return raw[:_position(data, raw)]


SPECIAL_BYTES = [
    b"\x00", b"\xff", b"\xfe", b"\xc3", b"\xe1\xbb", b"\xc0\xaf", b"\xed\xa0\x80",  # NUL, invalid UTF-8
    b"\xef\xbb\xbf", b"\x1b[31m", b"\x0c", b"\r", b"\x7f", "\u0085".encode(), "\u2028".encode(),
    "\ufeff".encode(), "\u0301".encode(), "\U0001F600".encode(),
]


def insert_special(data, raw):
    pos = _position(data, raw)
    return raw[:pos] + data.draw(st.sampled_from(SPECIAL_BYTES), label="special") + raw[pos:]


def reindent(data, raw):
    lines = _lines(raw)
    i = _line_index(data, lines)
    indent = data.draw(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 8, 12]), label="indent")
    lines[i] = b" " * indent + lines[i].lstrip(b" ")
    return b"".join(lines)


def swap_indentation(data, raw):
    """Give a line the indentation of another line."""
    lines = _lines(raw)
    i, j = _line_index(data, lines), _line_index(data, lines)
    indent = lines[j][: len(lines[j]) - len(lines[j].lstrip(b" \t"))]
    lines[i] = indent + lines[i].lstrip(b" \t")
    return b"".join(lines)


def tab_indent(data, raw):
    lines = _lines(raw)
    i = _line_index(data, lines)
    lines[i] = b"\t" + lines[i].lstrip(b" ")
    return b"".join(lines)


def delete_line(data, raw):
    lines = _lines(raw)
    del lines[_line_index(data, lines)]
    return b"".join(lines)


def duplicate_line(data, raw):
    lines = _lines(raw)
    i = _line_index(data, lines)
    lines.insert(data.draw(st.integers(0, len(lines)), label="to"), lines[i])
    return b"".join(lines)


def swap_lines(data, raw):
    lines = _lines(raw)
    i, j = _line_index(data, lines), _line_index(data, lines)
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


FRAGMENTS = [
    b"---\n", b"...\n", b"%YAML 1.1\n", b"a: &x 1\nb: *x\n", b"<<: {a: 1}\n", b"? [a, b]\n: c\n",
    b"x: !!python/object/apply:os.system [echo]\n", b"x: !custom 1\n", b"- \n", b"- - - -\n", b":\n",
    b"{\n", b"[\n", b"'\n", b'"\n', b"x: |\n", b"x: >-\n  a\n", b"x: \"\\q\"\n", b"units:\n", b"scores: {}\n",
    b"x: [" + b"[" * 60 + b"]" * 60 + b"]\n", b"year: 2020\n", b"id: ../../etc\n",
    b"%YAML 1.1\n%YAML 1.1\n---\n", b"%TAG ! x\n", b"x: !<\n", b"x: !a!b c\n", b"x: |9x\n", b"x: &\n",
    b"x: - a\n", b"x: @b\n", b"x: `b`\n", b'x: "\\x4"\n', b'x: "\\ud800"\n', b'x: "\\x1b[2J"\n', b"? a\n? b\n",
]


def insert_fragment(data, raw):
    lines = _lines(raw)
    fragment = data.draw(st.sampled_from(FRAGMENTS), label="fragment")
    if data.draw(st.booleans(), label="indented"):
        fragment = b"  " + fragment
    lines.insert(data.draw(st.integers(0, len(lines)), label="at"), fragment)
    return b"".join(lines)


_KEY_LINE = re.compile(rb"^(\s*)(-\s+)?([\w.-]+):(.*)$", re.S)


def mapping_to_list(data, raw):
    """Replace a mapping entry by a list item, or a key's value by a list, a mapping or a scalar."""
    lines = _lines(raw)
    keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    if not keyed:
        return raw
    i = data.draw(st.sampled_from(keyed), label="line")
    indent, dash, key, rest = _KEY_LINE.match(lines[i]).groups()
    how = data.draw(st.sampled_from(["item", "list", "empty-list", "empty-map", "scalar", "null"]), label="how")
    end = b"\n" if rest.endswith(b"\n") else b""
    value = rest.strip()
    lines[i] = {
        "item": indent + b"- " + key + b":" + rest,
        "list": indent + (dash or b"") + key + b": [" + value + b"]" + end,
        "empty-list": indent + (dash or b"") + key + b": []" + end,
        "empty-map": indent + (dash or b"") + key + b": {}" + end,
        "scalar": indent + (dash or b"") + key + b": x" + end,
        "null": indent + (dash or b"") + key + b":" + end,
    }[how]
    return b"".join(lines)


VALUES = [
    "0", "0", "1", "-1", "2", "100", "1000", "0.5", "0,0", "mười", "-5", "-0", "-0.0", "99999999999999999999999999999999", "1e999", "-1e999", "1e-999", "nan", "NaN",
    ".nan", ".inf", "-.inf", "inf", "8,5", '"8,5"', "'8.5'", "8.5.5", "0x1F", "0o17", "1_000", "1,000,000", "",
    "~", "null", "[]", "{}", "true", "no", "0.000000000000000000000001", "12345678901234567890.123456789",
    '""', "' '", "2020-02-30", "2020-13-45", "30/02/2020", "9999-12-31", "0001-01-01", "100%", "-50%", "1/0",
    "../../etc/passwd", "a/b", "C:\\x", "cong-an", "tand", "CON", "đơn-vị", "x" * 300,
]

_VALUE = re.compile(rb"(?<=: )[^\s#\[\]{},][^#\n]*?(?=\s*(?:#|\n|$))|(?<=- )[\w.-]+(?=\s*\n)|(?<=[\[,] )[\w.-]+")


def replace_value(data, raw):
    """Replace one written value (a number most of the time) by odd text."""
    found = list(_VALUE.finditer(raw))
    numbers = [m for m in found if re.fullmatch(rb"[-+]?\d+(?:[.,]\d+)?", m.group())]
    pool = numbers if numbers and data.draw(st.booleans(), label="number") else found
    if not pool:
        return raw
    match = data.draw(st.sampled_from(pool), label="value")
    new = data.draw(st.sampled_from(VALUES), label="new").encode("utf-8")
    return raw[:match.start()] + new + raw[match.end():]


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


ENCODINGS: List[Tuple[str, Callable[[bytes], bytes]]] = [
    ("utf-16", lambda raw: _text(raw).encode("utf-16")),
    ("utf-16-le", lambda raw: _text(raw).encode("utf-16-le")),
    ("utf-16-be", lambda raw: _text(raw).encode("utf-16-be")),
    ("utf-32", lambda raw: _text(raw).encode("utf-32")),
    ("cp1258", lambda raw: unicodedata.normalize("NFD", _text(raw)).encode("cp1258", errors="replace")),
    ("latin-1", lambda raw: _text(raw).encode("latin-1", errors="replace")),
    ("utf-8-sig", lambda raw: _text(raw).encode("utf-8-sig")),
    ("nfd", lambda raw: unicodedata.normalize("NFD", _text(raw)).encode("utf-8")),
    ("crlf", lambda raw: raw.replace(b"\n", b"\r\n")),
    ("cr", lambda raw: raw.replace(b"\n", b"\r")),
]


def reencode(data, raw):
    _, convert = data.draw(st.sampled_from(ENCODINGS), label="encoding")
    return convert(raw)


def empty(data, raw):
    return b""


MUTATIONS: List[Mutation] = [
    flip_bit, insert_bytes, delete_bytes, truncate, insert_special,                       # bytes
    reindent, swap_indentation, tab_indent, delete_line, duplicate_line, swap_lines,      # structure
    insert_fragment, mapping_to_list,
    replace_value, replace_value, replace_value,                                          # values
    reencode,                                                                             # encodings
    empty,
]


# Award rules the bloc may override (awards.yaml): odd but well-formed settings, to reach the rules' logic.
AWARD_SETTINGS = {
    "name": ["Giấy khen của Giám đốc", "''"],
    "quota": ["0", "1", "3", "99999", "-1", "{share: 0%}", "{share: 100%}", "{share: 150%}", "{share: 30%, round: up}",
              "{per_category: {Sở Tư pháp: 1}}", "{per_category: {}}", "x"],
    "ranks": ["{to: 1}", "{from: 3, to: 1}", "{from: 1, to: 0}", "{to: 99}", "{within: category, to: 1}"],
    "among": ["{award: co-tinh}", "{award: moi}", "{award: moi, max_share: 0%}", "{award: khong-co}",
              "{award: co-chinh-phu, max_share: 100%, round: down}"],
    "min_grade": ["Xuất sắc", "Tốt", "Không có", "''"],
    "history": ["{min_grade: Xuất sắc, years: 2}", "{min_grade: Tốt, years: 20}", "{min_grade: Tốt, years: 0}"],
    "min_votes": ["{share: 80%, of: members}", "{share: 0%}", "{share: 100%, of: voters}", "{share: 80%, of: x}"],
    "tie_breaks": ["[ballot]", "[{rule: women_share, min: 70%}, {rule: ballot}]", "[]", "[x]", "[{rule: women_share}]"],
    "registered": ["true", "false", "x"],
    "with_higher": ["true", "false"],
    "no_pending_cases": ["true", "false"],
    "enabled": ["false", "true"],
}
AWARDS_FILE = max(PRISTINE)[:4] + "/awards.yaml"


def override_awards(data: st.DataObject, raw: bytes) -> bytes:
    """Append an `awards:` list that changes the preset's awards or adds new ones."""
    lines = ["awards:"]
    for _ in range(data.draw(st.integers(1, 3), label="awards")):
        lines.append("  - id: " + data.draw(st.sampled_from(["co-tinh", "bang-khen-tinh", "co-chinh-phu", "moi"])))
        for key in data.draw(st.lists(st.sampled_from(sorted(AWARD_SETTINGS)), max_size=4, unique=True)):
            lines.append(f"    {key}: {data.draw(st.sampled_from(AWARD_SETTINGS[key]), label=key)}")
    return raw + ("\n".join(lines) + "\n").encode("utf-8")


def mutate(data: st.DataObject, files: Dict[str, bytes]) -> Dict[str, bytes]:
    """Damage one to three files of a copy of the sample; a file may also disappear."""
    files = dict(files)
    overridden = AWARDS_FILE in files and data.draw(st.integers(0, 4), label="awards?") == 0
    if overridden:
        files[AWARDS_FILE] = override_awards(data, files[AWARDS_FILE])
    for _ in range(data.draw(st.integers(0 if overridden else 1, 3), label="mutations")):
        name = data.draw(st.sampled_from(TARGETS), label="file")
        if name not in files:
            continue
        if data.draw(st.integers(0, 40), label="remove?") == 0:
            del files[name]
            continue
        mutation = data.draw(st.sampled_from(MUTATIONS), label="mutation")
        files[name] = mutation(data, files[name])
    return files


# --- running the commands ---------------------------------------------------------------------------

COMMANDS = [
    ["validate"],
    ["rank"],
    ["nominate"],
    ["report", "--format", "md"],
    ["report", "-o", "{out}/x.docx"],
]

_LOCATED = re.compile(r"^.+:\d+:\d+: (?:lỗi|cảnh báo): .+$", re.M)
_FATAL = re.compile(r"^Lỗi: \S.*$", re.M)
# PyYAML's and Jinja's own words, which a clerk should never have to read
# No `.*` around the phrases: a search with `.*(?:…).*` backtracks quadratically on a long line, and a
# random template once produced a message long enough to keep CI busy for half an hour.
_ENGLISH = re.compile(r"Lỗi cú pháp YAML \(|<unicode string>|while (?:parsing|scanning)|unacceptable "
                      r"character|could not|did not find|expected|found character|is undefined|has no "
                      r"attribute|object is unsafe")


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that nothing in a command can swallow it."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the block after `seconds` (SIGALRM, main thread only; elsewhere, no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outcome_problem(args: List[str], result) -> str:
    """Why a command's result is not allowed ('' when it is)."""
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return "exception:\n" + "".join(traceback.format_exception(*result.exc_info))
    if "Traceback" in output:
        return "a traceback in the output"
    if result.exit_code not in (0, 1):
        return f"exit code {result.exit_code}"
    if result.exit_code == 1 and not (_LOCATED.search(output) or _FATAL.search(output)):
        return "exit 1 without a located error or a 'Lỗi:' line"
    if args[2:3] == ["validate"] and result.exit_code == 1 and not _LOCATED.search(output):
        return "validate failed without saying where"
    english = _ENGLISH.search(output)
    if english:
        return f"a message left in English: {english.group()!r}"
    return ""


def run_all(files: Dict[str, bytes]) -> Tuple[List[str], List[int]]:
    """Run every command on `files`; the problems found (one a command) and the exit codes."""
    failures, codes = [], []
    with tempfile.TemporaryDirectory(prefix="thidua-fuzz-") as tmp:
        data_dir = write_files(Path(tmp) / "data", files)
        for command in COMMANDS:
            args = ["--data", str(data_dir)] + [part.format(out=tmp) for part in command]
            with time_limit(CASE_SECONDS):
                result = run_thidua(*args[2:], data=data_dir)
            codes.append(result.exit_code)
            problem = outcome_problem(args, result)
            if problem:
                failures.append(f"thidua {' '.join(command)}: {problem}\n--- output ---\n{result.output[-3000:]}")
    return failures, codes


def test_the_sample_itself_passes_every_command():
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = write_files(Path(tmp) / "data", PRISTINE)
        codes = [run_thidua(*[p.format(out=tmp) for p in command], data=data_dir).exit_code for command in COMMANDS]

    assert codes == [0] * len(COMMANDS)


def test_an_outcome_without_a_located_error_is_caught():
    class Result:
        output = "có gì đó sai\n"
        exception = SystemExit(1)
        exit_code = 1

    assert outcome_problem(["validate"], Result()) != ""


@settings(deadline=timedelta(seconds=CASE_SECONDS), print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_damaged_data_never_crashes_or_hangs(data):
    files = mutate(data, PRISTINE)

    failures, codes = run_all(files)

    event(f"exit codes (validate, rank, nominate, report md, report docx): {codes}")
    assert failures == [], "\n\n".join(failures)


ONE_OF_EACH_KIND = sorted(name for name in PRISTINE if name.startswith("2020/") and (
    name.count("/") == 1 or name.rsplit("/", 1)[1] in ("review.yaml", "summary.yaml", "ballots.yaml", "tand.yaml")))


@pytest.mark.parametrize("name", ONE_OF_EACH_KIND)
def test_every_kind_of_file_as_utf16_is_a_clean_located_error(name):
    files = dict(PRISTINE, **{name: PRISTINE[name].decode("utf-8").encode("utf-16")})

    failures, _ = run_all(files)
    with tempfile.TemporaryDirectory() as tmp:
        checked = run_thidua("validate", "--all-years", data=write_files(Path(tmp) / "data", files))

    assert failures == []
    assert checked.exit_code == 1
    assert re.search(rf"data/{re.escape(name)}:1:1: lỗi: .*UTF-16.* \[encoding-utf16\]$", checked.output, re.M)


@settings(max_examples=READER_EXAMPLES, deadline=timedelta(seconds=CASE_SECONDS), print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_reader_explains_every_damage_in_vietnamese_at_a_real_place(data):
    from thidua.reading.yamlread import parse_yaml_bytes

    name = data.draw(st.sampled_from(TARGETS), label="file")
    raw = PRISTINE[name]
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        raw = data.draw(st.sampled_from(MUTATIONS), label="mutation")(data, raw)

    with time_limit(CASE_SECONDS):
        _, problems = parse_yaml_bytes(raw, name)

    # an upper bound, whatever the line breaks (YAML also breaks lines at NEL, U+2028 and U+2029)
    lines = sum(raw.count(brk) for brk in (b"\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")) + 2
    assert [p for p in problems if _ENGLISH.search(p.message)] == []
    assert all(1 <= p.src.line <= lines and p.src.col >= 1 for p in problems), problems


# --- the Excel importer ---------------------------------------------------------------------------

SHEET_EXAMPLES = 6 * settings.default.max_examples
HOSTILE_SHEET_EXAMPLES = 2 * settings.default.max_examples
SHEET_UNIT = "tand"  # exported from the sample's latest year, then filled in at random
SHEET_REPORT = f"{max(PRISTINE)[:4]}/year/{SHEET_UNIT}.yaml"


class SheetBloc(NamedTuple):
    data_dir: Path
    blank: bytes  # the unit's sheet as export-sheet writes it
    rows: Dict[str, int]  # "c:1.1:8" (a hidden key and its row) -> 8

    def __repr__(self) -> str:  # hypothesis shows the arguments of a failing case
        return f"SheetBloc({self.data_dir})"


@pytest.fixture(scope="module")
def sheet_bloc(tmp_path_factory) -> SheetBloc:
    from openpyxl import load_workbook

    root = tmp_path_factory.mktemp("sheet")
    data_dir = write_files(root / "data", PRISTINE)
    blank = root / "blank.xlsx"
    assert run_thidua("export-sheet", "--unit", SHEET_UNIT, "-o", str(blank), data=data_dir).exit_code == 0
    ws = load_workbook(blank).worksheets[0]
    rows = {f"{ws.cell(row=r, column=6).value}:{r}": r for r in range(1, ws.max_row + 1)
            if ws.cell(row=r, column=6).value}
    return SheetBloc(data_dir, blank.read_bytes(), rows)


NUMBER_TEXTS = ["8,5", "8.5", " 5 ", "5,", ",5", "1e3", "1E-3", "½", "５", "٥", "-0", "+3", "1_0", "0x10", "nan",
                "Infinity", "1.000,5", "1,000.5", "8,5 điểm", "10%", "", "   ", "—", "'5", "5'"]
FORMULAS = ["=1/0", "=SUM(D8:D10)", "=D8*2", '=HYPERLINK("http://example.com","x")', "=A1&A2", "=NA()",
            '="8,5"', "=", "==", "=WEBSERVICE(\"http://example.com\")", "+1", "-1", "@SUM(1)"]
CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-10**6, 10**6), st.integers(), st.integers(-10**300, 10**300),
    st.floats(), st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=1000),
    st.sampled_from(NUMBER_TEXTS), st.sampled_from(FORMULAS),
    # no control, format or line-separator characters: those are HOSTILE_TEXTS
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn")), max_size=40),
    st.dates(), st.datetimes(), st.times(), st.timedeltas(), st.booleans(),
)
HOSTILE_VALUES = st.one_of(
    CELL_VALUES,
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),  # line breaks, DEL, C1 (CSI U+009B)...
    st.sampled_from(["\u202e", "\u200b", "\u200e", "\ufeff", "\u2028", "\u0085", "\x1b[2J", "\t", "\r\n",
                     "_x001B_", "&amp;", "]]>", "<x/>"]).map(lambda t: "a" + t + "b"),
    st.integers(32_768, 1_100_000).map(lambda n: "x" * n),  # beyond Excel's 32,767 characters a cell
    st.integers(4_301, 20_000).map(lambda n: ("number", "1" * n)),  # beyond Python's digits for int()
)


def _fill(blank: bytes, rows: Dict[str, int], edits, path: Path) -> None:
    """The blank sheet with `edits` [(key or row, column, value)], saved as `path`."""
    import io

    from openpyxl import load_workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell

    wb = load_workbook(io.BytesIO(blank))
    ws = wb.worksheets[0]
    for where, column, value in edits:
        row = rows.get(where, where) if isinstance(where, str) else where
        if isinstance(ws.cell(row=row, column=column), MergedCell):  # only its range's first cell holds a value
            continue
        cell = ws.cell(row=row, column=column)
        if isinstance(value, tuple):  # ("number", text): a number cell holding any text, as a damaged file may
            cell._value, cell.data_type = value[1], "n"
        elif isinstance(value, str):  # characters XML cannot hold, as Excel writes them: _x001B_
            cell.value = ILLEGAL_CHARACTERS_RE.sub(lambda found: f"_x{ord(found.group()):04X}_", value)
        else:
            cell.value = value
    wb.save(path)


def _edits(data: st.DataObject, rows: Dict[str, int], values: st.SearchStrategy, again: bool) -> list:
    """One to six cells changed: most often a score, a bonus or a deduction, sometimes any cell; with
    `again`, a cell may be changed twice (a number typed into a cell Excel formats as a date)."""
    keys = sorted(rows)
    edits = []
    for _ in range(data.draw(st.integers(1, 6), label="cells")):
        if data.draw(st.integers(0, 5), label="anywhere?") == 0:
            where, column = data.draw(st.integers(1, 45), label="row"), data.draw(st.integers(1, 7), label="column")
        else:
            where, column = data.draw(st.sampled_from(keys), label="key"), data.draw(st.sampled_from([4, 4, 2]))
        edits.append((where, column, data.draw(values, label="value")))
    if not again:
        edits = list({(rows.get(w, w), c): (w, c, v) for w, c, v in edits}.values())
    return edits


_CELL_PROBLEM = re.compile(r"^.+\.xlsx: (?:.+![A-Z]{1,3}\d+: )?lỗi: \S.* \[[a-z-]+\]$")
_SHEET_SUMMARY = re.compile(r"^Có \d+ lỗi trong tệp .+; chưa ghi gì\. Sửa các ô trên rồi chạy lại\.$")


def sheet_outcome_problem(result, data_dir: Path) -> str:
    """Why an `import-scores` result is not allowed ('' when it is)."""
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return "exception:\n" + "".join(traceback.format_exception(*result.exc_info))
    if "Traceback" in output or result.exit_code not in (0, 1):
        return f"exit code {result.exit_code}, or a traceback"
    english = _ENGLISH.search(output)
    if english:
        return f"a message left in English: {english.group()!r}"
    if result.exit_code == 1:
        lines = output.splitlines()
        if _FATAL.search(output):
            return ""
        odd = [line for line in lines if not (_CELL_PROBLEM.match(line) or _SHEET_SUMMARY.match(line))]
        return f"exit 1 with lines neither located at a cell nor a 'Lỗi:' line: {odd}" if odd or not lines else ""
    if not re.match(r"(?:Đã sao lưu báo cáo cũ thành [^\n]+\.\n)?Đã ghi ", output):  # the backup of --force first
        return "exit 0 without saying what was written"
    checked = run_thidua("validate", data=data_dir)
    errors = [line for line in checked.output.splitlines() if SHEET_REPORT in line and ": lỗi: " in line]
    return f"the report written is refused by validate: {errors}" if errors else ""


def import_random_sheet(data: st.DataObject, sheet_bloc: SheetBloc, values: st.SearchStrategy, again: bool) -> None:
    import warnings

    data_dir, blank, rows = sheet_bloc
    edits = _edits(data, rows, values, again)
    with tempfile.TemporaryDirectory(prefix="thidua-fuzz-sheet-") as tmp:
        path = Path(tmp) / "bang-diem.xlsx"
        _fill(blank, rows, edits, path)
        (data_dir / SHEET_REPORT).write_bytes(PRISTINE[SHEET_REPORT])
        with time_limit(CASE_SECONDS), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = run_thidua("import-scores", str(path), "--unit", SHEET_UNIT, "--force", data=data_dir)
            problem = sheet_outcome_problem(result, data_dir)
    if caught and not problem:  # Python prints them on the clerk's console, in English
        problem = f"a library warning: {caught[0].category.__name__}: {caught[0].message}"

    event(f"import-scores exit {result.exit_code}")
    assert problem == "", f"{problem}\n--- cells ---\n{edits!r:.3000}\n--- output ---\n{result.output[-3000:]}"


@settings(max_examples=SHEET_EXAMPLES, deadline=timedelta(seconds=CASE_SECONDS),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_cells_are_imported_or_refused_at_their_cell(data, sheet_bloc):
    import_random_sheet(data, sheet_bloc, CELL_VALUES, again=False)


# Hostile cells: control and bidi characters, line breaks, huge numbers, NaN, dates where numbers go.
@settings(max_examples=HOSTILE_SHEET_EXAMPLES, deadline=timedelta(seconds=CASE_SECONDS),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_cells_are_imported_or_refused_at_their_cell(data, sheet_bloc):
    import_random_sheet(data, sheet_bloc, HOSTILE_VALUES, again=True)


# --- the template renderer --------------------------------------------------------------------------

ATOMS = [
    "title", "year", "kind", "heading", "heading.issuer", "heading.nummber", "results", "results[0].items",
    "results[9]", "scores.rows", "scores.rows[0].total", "scores.rows|map(attribute='grade')", "signature",
    "signature.recipients", "situation", "proposals", "titel", "item", "loop", "self", "none", "true", "1", "-1",
    "0", "2.5", "1e308", "'8,5'", "'chữ'", "''", "'%s'", "'{}'", "'{0.__class__}'", "[1, 2]", "{'a': 1}", "(1,)",
    "range(3)", "range(-2)", "lipsum(1)", "cycler(1, 2)", "namespace(a=1)", "joiner()", "dict(a=1)",
    "heading.__class__", "heading._fields", "title.upper()", "title.split()", "results.append(1)", "x",
]
HOSTILE_ATOMS = [  # each stopped by a limit (lowered to a second, 256 MB, 1 MB here) or a guard
    "range(100000)", "lipsum(100000)", "'x' * 100000000", "2 ** 100000", "'%0100000000d' % 1",
    "'x'|center(300000000)",
]
FILTER_NAMES = [
    "upper", "join_vi", "number", "date_long", "date_short", "count", "md_cell", "length", "first", "last", "list",
    "string", "int", "float", "round", "sum", "sort", "unique", "reverse", "join(', ')", "default('-')",
    "center(7)", "truncate(5)", "wordwrap(3)", "replace('a', 'b')", "attr('issuer')", "attr('__class__')", "e",
    "safe", "tojson", "dictsort", "batch(2)", "slice(2)", "map('upper')", "selectattr('unit')", "groupby('grade')",
    "indent(2)", "format(1)", "min", "max", "abs", "trim", "title", "striptags", "urlencode", "items", "pprint",
    "xmlattr", "filesizeformat", "wordcount", "capitalize", "khong_co",
]
OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "~", "and", "or", "==", "<", "in", "not in"]
TESTS = ["defined", "undefined", "number", "string", "sequence", "none", "divisibleby(3)", "odd", "khong_co"]
TEXTS = ["Dòng chữ ", "\n", "\n\n", "  ", "# Tiêu đề\n", "| a | b |\n", "<b>", "&amp;", "\\", "é", "\t"]
BROKEN = [
    "{{", "}}", "{%", "%}", "{#", "#}", "{% endfor %}", "{% endif %}", "{% else %}", "{% raw %}", "{% endraw %}",
    "{% include '_header.md.j2' %}", "{% include 'khong-co.j2' %}", "{% include 'bao-cao.md.j2' %}",
    "{% extends 'bao-cao.md.j2' %}", "{% import '_header.md.j2' as h %}{{ h }}", "{% block b %}x{% endblock %}",
    "{%- if true -%}x{%- endif -%}", "{{ super() }}", "{% for %}", "{{ 1 + }}", "{{ 'a }}", "{% set %}",
    "{% macro %}", "{% call %}", "{% filter khong_co %}x{% endfilter %}", "\x00", "\x1b[2J", "\ufeff", "\u202e",
]


def _expressions() -> st.SearchStrategy:
    # one atom in about 400 is a costly one: each costs up to a second (the lowered CPU limit)
    atoms = st.integers(0, 200).flatmap(lambda n: st.sampled_from(HOSTILE_ATOMS if n == 0 else ATOMS))
    return st.recursive(atoms, _larger_expressions, max_leaves=4)


def _larger_expressions(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.tuples(inner, st.sampled_from(FILTER_NAMES)).map(lambda t: f"{t[0]}|{t[1]}"),
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, st.sampled_from(TESTS)).map(lambda t: f"({t[0]} is {t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(inner, st.sampled_from(["issuer", "rows", "items", "unit", "0", "__len__"])).map(
            lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
    )


EXPRESSIONS = _expressions()


def _blocks() -> st.SearchStrategy:
    leaves = st.one_of(st.sampled_from(TEXTS), EXPRESSIONS.map(lambda e: "{{ " + e + " }}"), st.sampled_from(BROKEN))
    return st.recursive(leaves, _larger_blocks, max_leaves=8)


def _larger_blocks(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(inner, min_size=2, max_size=4).map("".join),
        st.tuples(EXPRESSIONS, inner, inner).map(lambda t: f"{{% if {t[0]} %}}{t[1]}{{% else %}}{t[2]}{{% endif %}}"),
        st.tuples(EXPRESSIONS, inner).map(
            # three items at most: loops nested eight deep over a title's letters would each take the
            # whole (lowered) CPU limit; the costly loops are HOSTILE_ATOMS' business
            lambda t: f"{{% for item in ({t[0]})[:3] %}}{t[1]}{{{{ loop.index }}}}{{% endfor %}}"),
        st.tuples(EXPRESSIONS, inner).map(lambda t: f"{{% set x = {t[0]} %}}{t[1]}"),
        st.tuples(EXPRESSIONS, inner).map(lambda t: f"{{% with x = {t[0]} %}}{t[1]}{{% endwith %}}"),
        inner.map(lambda b: f"{{% filter upper %}}{b}{{% endfilter %}}"),
        inner.map(lambda b: f"{{% macro m(a) %}}{b}{{{{ a }}}}{{% endmacro %}}{{{{ m(1) }}}}{{{{ m() }}}}"),
    )


TEMPLATES = _blocks()
TEMPLATE_EXAMPLES = 16 * settings.default.max_examples
FORMATS = ["md", "md", "md", "md", "html", "html", "docx"]  # a Word case costs five Markdown ones
_TEMPLATE_ERROR = re.compile(r"Lỗi trong mẫu (?P<file>\S+?)(?::(?P<line>\d+))?(?:, đoạn văn thứ \d+ \(«.*»\))?: \S.*\."
                             r"|Mẫu '\S+' gọi tới mẫu không có: '.*'\.", re.S)


class TemplateBloc(NamedTuple):
    context: object  # the sample's report (ReportContext)
    folder: Path  # the bloc's own templates folder
    dirs: List[Path]  # what `render` looks in: that folder, then the shipped templates

    def __repr__(self) -> str:
        return f"TemplateBloc({self.folder})"


@pytest.fixture(scope="module")
def template_bloc(tmp_path_factory) -> TemplateBloc:
    from thidua.commands.report import build_context
    from thidua.rendering.documents.render import render, template_dirs

    root = tmp_path_factory.mktemp("templates")
    data_dir = write_files(root / "data", PRISTINE)
    context = build_context(data_dir, int(max(PRISTINE)[:4]), "year", "bao-cao")
    for fmt in ("md", "docx"):  # in this process, with the shipped templates: Jinja and docxtpl imported
        render(context, fmt, template_dirs(data_dir))  # once here, not in every child
    (root / "templates").mkdir()
    return TemplateBloc(context, root / "templates", template_dirs(data_dir))


def _write_template(folder: Path, fmt: str, source: str) -> Path:
    for old in folder.iterdir():
        old.unlink()
    if fmt != "docx":
        path = folder / f"bao-cao.{fmt}.j2"
        path.write_text(source, encoding="utf-8", errors="surrogatepass")
        return path
    from docx import Document

    doc = Document()
    for paragraph in re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff]", "", source).split("\n"):
        doc.add_paragraph(paragraph)
    path = folder / "bao-cao.docx"
    doc.save(str(path))
    return path


@settings(max_examples=TEMPLATE_EXAMPLES, deadline=timedelta(seconds=CASE_SECONDS),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(source=TEMPLATES, fmt=st.sampled_from(FORMATS))
def test_a_random_template_renders_or_gets_one_message_naming_it(template_bloc, source, fmt):
    from unittest import mock

    from thidua.errors import ThiduaError
    from thidua.rendering.documents import render as documents

    context, folder, dirs = template_bloc
    source = "Dòng 1\n" + source + "\n"
    path = _write_template(folder, fmt, source)
    with mock.patch.multiple(documents, TEMPLATE_SECONDS=1, TEMPLATE_MEMORY=256 * 2**20, TEMPLATE_OUTPUT=2**20):
        try:
            with time_limit(CASE_SECONDS):
                out = documents.render(context, fmt, dirs)
        except ThiduaError as exc:
            message, code = exc.message, exc.exit_code
        else:
            message, code = None, 0

    event(f"{fmt}: {'rendered' if message is None else 'refused'}")
    if message and _ENGLISH.search(message):
        event("refused with Jinja's English words")
    if message is None:
        assert isinstance(out, bytes) and out
        return
    found = _TEMPLATE_ERROR.fullmatch(message)
    assert code == 1 and found and "Traceback" not in message, message
    if found.group("line") and found.group("file").endswith(path.name) and fmt != "docx":
        assert 1 <= int(found.group("line")) <= source.count("\n") + 1, message
