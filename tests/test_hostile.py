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
