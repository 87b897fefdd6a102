"""The corpus of bad inputs: each case must produce exactly the problems it states, where it states.

A case is a folder under tests/corpus/ holding only the files that differ from the shared
minimal year in tests/corpus/_base/; the test copies the base into a temporary `data/`
folder, lays the case over it and runs `thidua --data data validate --strict 2020`.

A case file states what it must produce in its first lines:

    # expect: score-above-max 7:3
    # expect: unknown-criterion 9:3 '1.10'

(code, line:col in that same file, and optionally a text the message must contain).
Problems in files that cannot carry a comment (a missing file) are stated in the case's
`case.txt`, which may also remove base files:

    remove: 2020/bloc.yaml
    expect: 2020/bloc.yaml missing-file 1:1

Every problem the run reports must be stated, so a case cannot pass while producing noise.
Cases under tests/corpus_ok/ are built the same way and must validate clean.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path
from typing import List, NamedTuple, Optional, Tuple

import pytest
from conftest import CORPUS_BASE as BASE, copy_data, run_thidua

from thidua.reading.yamlread import MAX_FILE_BYTES

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
CORPUS_OK = HERE / "corpus_ok"

_EXPECT_IN_FILE = re.compile(r"^#\s*expect:\s*(?P<code>[a-z0-9-]+)\s+(?P<line>\d+):(?P<col>\d+)(?:\s+(?P<text>.+))?$")
_EXPECT_IN_CASE = re.compile(r"^expect:\s*(?P<path>\S+)\s+(?P<code>[a-z0-9-]+)\s+(?P<line>\d+):(?P<col>\d+)"
                             r"(?:\s+(?P<text>.+))?$")
_REPORTED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?:lỗi|cảnh báo): (?P<message>.*) "
                       r"\[(?P<code>[a-z0-9-]+)\]$")


class Expected(NamedTuple):
    path: str  # as printed: data/2020/h1/a.yaml
    line: int
    col: int
    code: str
    text: Optional[str]  # a part the message must contain

    @property
    def where(self) -> Tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)


def _case_names(root: Path) -> List[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _text_of(raw: bytes) -> str:
    """The readable text of a case file, whatever its (deliberately wrong) encoding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8", errors="replace")


def _unquote(text: Optional[str]) -> Optional[str]:
    if text and len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def expectations(case: Path) -> Tuple[List[Expected], List[str]]:
    """What a case must produce, and the base files it removes."""
    expected: List[Expected] = []
    removed: List[str] = []
    for path in sorted(case.rglob("*")):
        if not path.is_file() or path.name == "case.txt":
            continue
        shown = "data/" + path.relative_to(case).as_posix()
        for line in _text_of(path.read_bytes()).splitlines():
            if not line.startswith("#"):
                break
            m = _EXPECT_IN_FILE.match(line.strip())
            if m:
                expected.append(Expected(shown, int(m["line"]), int(m["col"]), m["code"], _unquote(m["text"])))
    control = case / "case.txt"
    if control.exists():
        for line in control.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("remove:"):
                removed.append(line.split(":", 1)[1].strip())
            m = _EXPECT_IN_CASE.match(line)
            if m:
                expected.append(Expected("data/" + m["path"], int(m["line"]), int(m["col"]), m["code"],
                                         _unquote(m["text"])))
    return expected, removed


def build(tmp_path: Path, case: Optional[Path], removed: List[str] = ()) -> Path:
    """Copy the base, lay the case over it, remove what the case removes; return data/."""
    data = copy_data(BASE, tmp_path)
    if case is not None:
        shutil.copytree(case, data, dirs_exist_ok=True, ignore=shutil.ignore_patterns("case.txt"))
    for rel in removed:
        (data / rel).unlink()
    return data


def run_validate(tmp_path: Path, monkeypatch, *args: str):
    monkeypatch.chdir(tmp_path)
    return run_thidua("validate", "--strict", *args, "2020", data="data")


def reported(output: str) -> List[dict]:
    return [m.groupdict() for m in map(_REPORTED.match, output.splitlines()) if m]


def _where(problem: dict) -> Tuple[str, int, int, str]:
    return (problem["path"], int(problem["line"]), int(problem["col"]), problem["code"])


# --- the corpus --------------------------------------------------------------

CASES = _case_names(CORPUS)


def test_corpus_is_large_enough():
    assert len(CASES) >= 45


@pytest.mark.parametrize("name", CASES)
def test_case_states_what_it_expects(name):
    expected, _ = expectations(CORPUS / name)
    assert expected, f"case {name} states no '# expect:' line"


@pytest.mark.parametrize("name", CASES)
def test_case(name, tmp_path, monkeypatch):
    case = CORPUS / name
    expected, removed = expectations(case)
    build(tmp_path, case, removed)

    result = run_validate(tmp_path, monkeypatch)

    assert result.exit_code == 1, result.output
    got = reported(result.output)
    assert {_where(p) for p in got} == {e.where for e in expected}, result.output
    for e in expected:
        if e.text:
            messages = [p["message"] for p in got if _where(p) == e.where]
            assert any(e.text in msg for msg in messages), (e, messages)


def test_base_is_clean(tmp_path, monkeypatch):
    build(tmp_path, None)

    result = run_validate(tmp_path, monkeypatch)

    assert result.exit_code == 0, result.output
    assert reported(result.output) == []


# --- positive cases ------------------------------------------------------------

OK_CASES = _case_names(CORPUS_OK)


def test_there_are_ok_cases():
    assert {"decimal-comma", "utf8-bom", "nfd-text", "ids-kept-as-text", "unit-id-no"} <= set(OK_CASES)


@pytest.mark.parametrize("name", OK_CASES)
def test_ok_case(name, tmp_path, monkeypatch):
    _, removed = expectations(CORPUS_OK / name)
    build(tmp_path, CORPUS_OK / name, removed)

    result = run_validate(tmp_path, monkeypatch)

    assert result.exit_code == 0, result.output


def test_ok_cases_keep_their_point():
    """The positive cases rely on bytes an editor could silently 'fix'; make sure they are there."""
    bom = (CORPUS_OK / "utf8-bom" / "2020" / "h1" / "a.yaml").read_bytes()
    nfd = (CORPUS_OK / "nfd-text" / "2020" / "bloc.yaml").read_text(encoding="utf-8")
    comma = (CORPUS_OK / "decimal-comma" / "2020" / "h1" / "a.yaml").read_text(encoding="utf-8")
    assert bom.startswith(b"\xef\xbb\xbf")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert re.search(r"\d,\d", comma)


def test_nfd_text_is_read_as_nfc(tmp_path):
    from thidua.reading.loader import load_year

    data = build(tmp_path, CORPUS_OK / "nfd-text")

    year, problems = load_year(data, 2020)

    assert problems == []
    assert year.bloc.unit("c").name == "Sở Tư pháp"
    assert year.bloc.name == "Khối thi đua thử nghiệm"


def test_decimal_comma_is_exact(tmp_path):
    from decimal import Decimal

    from thidua.reading.loader import load_year

    data = build(tmp_path, CORPUS_OK / "decimal-comma")

    year, _ = load_year(data, 2020)

    scores = year.periods["h1"].reports["a"].scores
    assert scores["1.2"].value == Decimal("4.25")
    assert year.periods["h1"].reports["a"].bonus[0].points == Decimal("0.5")


def test_unquoted_ids_stay_text(tmp_path):
    from thidua.reading.loader import load_year

    data = build(tmp_path, CORPUS_OK / "ids-kept-as-text")

    year, _ = load_year(data, 2020)

    assert [c.id for c in year.sheet.criteria] == ["1.1", "1.10", "2.1"]
    assert [g.id for g in year.sheet.groups] == ["1", "2"]
    assert sorted(year.periods["h1"].reports["a"].scores) == ["1.1", "1.10", "2.1"]


def test_unit_id_no_stays_text(tmp_path):
    from thidua.reading.loader import load_year

    _, removed = expectations(CORPUS_OK / "unit-id-no")
    data = build(tmp_path, CORPUS_OK / "unit-id-no", removed)

    year, _ = load_year(data, 2020)

    assert year.bloc.vice_chairs == ("no",)
    assert year.periods["year"].reports["no"].unit == "no"


# --- cases built by the test (too big to commit, or needing the file system) ----

def test_file_over_size_limit(tmp_path, monkeypatch):
    data = build(tmp_path, None)
    filler = "# " + "x" * 98 + "\n"
    text = (data / "2020" / "h1" / "c.yaml").read_text(encoding="utf-8")
    (data / "2020" / "h1" / "c.yaml").write_text(text + filler * (MAX_FILE_BYTES // 100 + 1), encoding="utf-8")

    result = run_validate(tmp_path, monkeypatch)

    assert result.exit_code == 1
    assert {_where(p) for p in reported(result.output)} == {
        ("data/2020/h1/c.yaml", 1, 1, "file-too-large"),
        # c's report could not be read, so c has not reported for h1
        ("data/2020/bloc.yaml", 14, 5, "broken-report"),
    }


def test_symlink_outside_the_data_folder(tmp_path, monkeypatch):
    data = build(tmp_path, None)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((data / "2020" / "h1" / "c.yaml").read_bytes())
    (data / "2020" / "h1" / "c.yaml").unlink()
    try:
        os.symlink(outside, data / "2020" / "h1" / "c.yaml")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")

    result = run_validate(tmp_path, monkeypatch)

    assert result.exit_code == 1
    assert {_where(p) for p in reported(result.output)} == {
        ("data/2020/h1/c.yaml", 1, 1, "symlink-outside"),
        ("data/2020/bloc.yaml", 14, 5, "missing-report"),
    }


def test_symlink_inside_the_data_folder_is_read(tmp_path, monkeypatch):
    data = build(tmp_path, None)
    shared = data / "shared-c.yaml"
    shared.write_bytes((data / "2020" / "h1" / "c.yaml").read_bytes())
    (data / "2020" / "h1" / "c.yaml").unlink()
    try:
        os.symlink(shared, data / "2020" / "h1" / "c.yaml")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")

    result = run_validate(tmp_path, monkeypatch)

    assert result.exit_code == 0, result.output


def test_expectations_are_read_from_a_case(tmp_path):
    """The reader of '# expect:' lines itself: several lines, a message part, case.txt."""
    case = tmp_path / "case"
    (case / "2020" / "h1").mkdir(parents=True)
    (case / "2020" / "h1" / "a.yaml").write_text(
        "# expect: score-above-max 7:3\n# expect: unknown-criterion 8:3 '1.10'\nunit: a\n", encoding="utf-8")
    (case / "case.txt").write_text("remove: 2020/bloc.yaml\nexpect: 2020/bloc.yaml missing-file 1:1\n",
                                   encoding="utf-8")

    expected, removed = expectations(case)

    assert removed == ["2020/bloc.yaml"]
    assert sorted(expected) == sorted([
        Expected("data/2020/h1/a.yaml", 7, 3, "score-above-max", None),
        Expected("data/2020/h1/a.yaml", 8, 3, "unknown-criterion", "'1.10'"),
        Expected("data/2020/bloc.yaml", 1, 1, "missing-file", None),
    ])
