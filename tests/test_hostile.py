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
