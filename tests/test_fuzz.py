"""Fuzzing: a mutated sample never makes a command crash, print a traceback or hang.

Each case lays the sample `data/` into a fresh folder, damages one to three files (bytes, YAML
structure, values, encodings) and runs `validate`, `rank`, `nominate`, `report --format md` and
`report -o x.docx` on it through click's CliRunner, exactly as the console script would run them.
Allowed outcomes: exit 0, or exit 1 with a located Vietnamese error (`file:line:col: ...`) or a
`Lỗi: ...` line.  Never an exception escaping a command, never a traceback, never a hang.

The number of cases is hypothesis' profile (tests/conftest.py): a few by default, 200 when
CI=true, 5000 in a long run:

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
from typing import Callable, Dict, List, Tuple

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
_ENGLISH = re.compile(r"Lỗi cú pháp YAML \(.*|.*(?:<unicode string>|while (?:parsing|scanning)|unacceptable "
                      r"character|could not|did not find|expected|found character|is undefined|has no "
                      r"attribute|object is unsafe).*")


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
