"""Messages that never mislead (issue 16, part A, points 3 to 6).

Each trap here gave a wrong answer before: the advice on a misnamed report would rename it over
another unit's file, an untouched `init` passed as valid, a report that is there but broken was
called "chưa nộp", one Tab line was shown a run, a missing `note` or a bad `period` hid the other
problems of the record.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import CORPUS_BASE, copy_data, run_thidua, self_report, write_files
from thidua.commands.init import plan_files
from thidua.problems import did_you_mean

SCORES = 'scores:\n  "1.1": 9\n  "1.2": 4\n  "2.1": 14\n'


@pytest.fixture
def data(tmp_path):
    """The corpus' minimal clean year 2020 (units a, b, c; criteria 1.1, 1.2, 2.1)."""
    return copy_data(CORPUS_BASE, tmp_path)


def problems(data, *args):
    result = run_thidua("validate", "2020", "--format", "json", *args, data=data)
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)


def by_code(found, code):
    return [p for p in found if p["code"] == code]


# --- point 3: a misnamed self-report -----------------------------------------------------------

def test_the_advice_never_renames_over_another_units_file(data):
    # b's file says `unit: a`, and a's file is there: renaming b.yaml to a.yaml would lose a's report
    write_files(data, {"2020/h1/b.yaml": self_report("a", 2020, "h1", SCORES)})

    _, found = problems(data)

    [mismatch] = by_code(found, "unit-mismatch")
    assert "sửa dòng 'unit: a' thành 'unit: b'" in mismatch["message"]
    assert "Đừng đổi tên tệp thành a.yaml: thư mục đã có a.yaml" in mismatch["message"]
    assert "tên tệp phải là mã đơn vị (a.yaml)" not in mismatch["message"]


def test_the_rename_is_offered_only_when_the_name_is_free(data):
    write_files(data, {"2020/h1/b.yaml": None, "2020/h1/x.yaml": self_report("b", 2020, "h1", SCORES)})

    _, found = problems(data)

    [mismatch] = by_code(found, "unit-mismatch")
    assert "đổi tên tệp thành b.yaml" in mismatch["message"]
    assert "sửa dòng" not in mismatch["message"]  # x is no unit of the bloc


@pytest.mark.parametrize("name", ["b (1).yaml", "b(2).yaml", "b - Copy.yaml", "b - Bản sao.yaml"])
def test_a_second_download_alone_is_read_as_the_units_report_with_a_warning(data, name):
    text = (data / "2020" / "h1" / "b.yaml").read_text(encoding="utf-8")
    write_files(data, {"2020/h1/b.yaml": None, f"2020/h1/{name}": text})

    result, found = problems(data)

    assert result.exit_code == 0, result.output
    [copy] = by_code(found, "copy-name")
    assert "đọc tệp này như báo cáo của đơn vị 'b'. Đổi tên tệp thành b.yaml" in copy["message"]
    assert not by_code(found, "missing-report") and not by_code(found, "unit-mismatch")
    ranked = run_thidua("rank", "2020", "--half", "1", "--format", "json", data=data)
    assert "b" in [s["unit"] for s in json.loads(ranked.stdout)["standings"]]


def test_a_second_download_beside_the_report_is_an_error(data):
    text = (data / "2020" / "h1" / "b.yaml").read_text(encoding="utf-8")
    write_files(data, {"2020/h1/b (1).yaml": text.replace('"2.1": ', '"2.1": 1')})

    result, found = problems(data)

    assert result.exit_code == 1
    [dup] = by_code(found, "duplicate-report")
    assert dup["file"].endswith("b (1).yaml")
    assert "hai báo cáo cho một đơn vị" in dup["message"] and "b.yaml" in dup["message"]


# --- point 5: there and broken, not "chưa nộp" ---------------------------------------------------

def test_a_report_that_cannot_be_read_is_there_and_broken(data):
    write_files(data, {"2020/h1/b.yaml": "unit: b\nyear: 2020\nperiod: h1\nscores: [\n"})

    _, found = problems(data)

    assert not by_code(found, "missing-report")
    [broken] = by_code(found, "broken-report")
    assert "'b' đã có báo cáo tự chấm điểm" in broken["message"] and "h1/b.yaml" in broken["message"]
    assert "chưa nộp" not in broken["message"]


# --- point 4: an untouched init --------------------------------------------------------------------

@pytest.mark.parametrize("preset", ["tinh", "bo", "huyen"])
def test_every_value_init_marks_to_fill_in_is_warned(tmp_path, preset):
    write_files(tmp_path, {rel: data for rel, data in plan_files(preset, 2026) if rel.startswith("data/")})
    marked = [number for number, line in enumerate(
        (tmp_path / "data/2026/bloc.yaml").read_text(encoding="utf-8").splitlines(), start=1)
        if "# THAY" in line and not line.lstrip().startswith("#") and "category" not in line]

    result = run_thidua("validate", "--format", "json", data=tmp_path / "data")

    found = json.loads(result.stdout)
    warned = {p["line"] for p in by_code(found, "placeholder")}
    assert marked and set(marked) <= warned
    assert {p["file"].rsplit("/", 1)[-1] for p in by_code(found, "report-not-filled")} == {
        "don-vi-a.yaml", "don-vi-b.yaml", "don-vi-c.yaml", "don-vi-d.yaml"}
    assert result.exit_code == 0  # warnings: the clerk sees them, --strict and CI stop on them


def test_the_sample_has_no_placeholder(data):
    _, found = problems(data)

    assert not by_code(found, "placeholder") and not by_code(found, "report-not-filled")


# --- point 6: every problem in one run ----------------------------------------------------------

def test_every_tab_line_in_one_run(data):
    body = "".join(f'\t"{c}": 1\n' for c in ("1.1", "1.2", "2.1")) + "achievements: |\n  giữ\tTab trong văn bản\n"
    write_files(data, {"2020/h1/b.yaml": self_report("b", 2020, "h1", "scores:\n" + body)})

    _, found = problems(data)

    assert [(p["line"], p["column"]) for p in by_code(found, "yaml-tab")] == [(5, 1), (6, 1), (7, 1)]


def test_a_missing_note_does_not_hide_a_score_above_the_maximum(data):
    write_files(data, {"2020/h1/review.yaml": "year: 2020\nperiod: h1\nunits:\n  a:\n    scores:\n"
                                              '      "2.1": {score: 31}\n'})

    _, found = problems(data)

    assert {p["code"] for p in found} == {"missing-key", "score-above-max"}


def test_a_period_error_does_not_hide_the_year_error(data):
    text = (data / "2020" / "h1" / "b.yaml").read_text(encoding="utf-8")
    write_files(data, {"2020/h1/b.yaml": text.replace("period: h1", "period: h2").replace("year: 2020", "year: 2019")})

    _, found = problems(data)

    assert {"bad-value", "year-mismatch"} <= {p["code"] for p in found}
    assert not by_code(found, "missing-report") and not by_code(found, "broken-report")


def test_a_score_message_names_its_criterion(data):
    text = (data / "2020" / "h1" / "b.yaml").read_text(encoding="utf-8")
    write_files(data, {"2020/h1/b.yaml": text.replace('"1.2": ', '"1.2": -1 #')})

    _, found = problems(data)

    [bad] = by_code(found, "out-of-range")
    assert bad["message"].startswith("Điểm tiêu chí 1.2: giá trị -1 nhỏ hơn")


def test_did_you_mean_for_units_and_criteria(data):
    write_files(data, {"2020/h1/review.yaml": "year: 2020\nperiod: h1\nunits:\n  aa:\n    scores:\n"
                                              '      "1.3": {score: 1, note: x}\n  b:\n    scores:\n'
                                              '      "1.21": {score: 1, note: x}\n'})

    _, found = problems(data)

    assert "Có phải là 'a'?" in by_code(found, "unknown-unit")[0]["message"]
    assert "Có phải là '1.2'" in by_code(found, "unknown-criterion")[0]["message"]


def test_did_you_mean_for_the_chair_names_unit_ids(data):
    text = (data / "2020" / "bloc.yaml").read_text(encoding="utf-8")
    write_files(data, {"2020/bloc.yaml": re.sub(r"(?m)^chair: *(\S+)", r"chair: \1x", text, count=1)})

    _, found = problems(data)

    [bad] = by_code(found, "unknown-unit")
    assert bad["message"].endswith("Có phải là 'a'?")


def test_did_you_mean_finds_nothing_far_away():
    assert did_you_mean("cong-an", ["tand", "vksnd"]) == ""
    assert did_you_mean("Cong-An", ["cong-an", "tand"]) == " Có phải là 'cong-an'?"


# --- point 6: operating-system errors, the same exit code for "file exists" --------------------------

def test_a_file_open_in_word_says_to_close_it(data, workdir, monkeypatch):
    import errno
    import os

    def locked(src, dst):  # what Windows raises when Word holds the file
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    result = run_thidua("report", "2020", "--half", "1", "-o", "so-ket.md", data=data)

    assert result.exit_code == 1
    assert "đóng tệp trong Word rồi chạy lại" in result.stderr
    assert "The process" not in result.output and "Traceback" not in result.output


def test_a_missing_folder_says_to_create_it(data, workdir):
    result = run_thidua("rank", "2020", "--half", "1", "-o", "khong-co/bang.csv", "--format", "csv", data=data)

    assert result.exit_code == 1
    assert "thư mục chứa tệp chưa có: tạo thư mục trước" in result.stderr


@pytest.mark.parametrize("args", [
    ("rank", "2020", "--half", "1", "-o", "{out}"),
    ("nominate", "2020", "-o", "{out}"),
    ("report", "2020", "--half", "1", "--format", "md", "-o", "{out}"),
    ("schema", "-o", "{out}"),
    ("export-sheet", "2020", "--unit", "a", "-o", "{out}"),
])
def test_an_existing_file_is_exit_1_for_every_command_that_writes(data, workdir, args):
    out = workdir / "da-co.txt"
    out.write_text("của người dùng", encoding="utf-8")

    result = run_thidua(*(a.format(out=out) for a in args), data=data)

    assert result.exit_code == 1, result.output
    assert "đã có" in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "của người dùng"


def test_init_into_a_folder_with_files_and_rotating_twice_are_exit_1_too(data, workdir):
    (workdir / "khoi").mkdir()
    (workdir / "khoi" / "x.txt").write_text("x", encoding="utf-8")
    assert run_thidua("init", str(workdir / "khoi")).exit_code == 1
    assert run_thidua("rotate-chair", "2020", data=data).exit_code == 0
    assert run_thidua("rotate-chair", "2020", data=data).exit_code == 1


def test_half_2_is_the_second_period_that_is_the_year(data):
    result = run_thidua("rank", "2020", "--half", "2", data=data)

    assert result.exit_code == 0, result.output
    assert result.stdout == run_thidua("rank", "2020", data=data).stdout
    wrong = run_thidua("rank", "2020", "--half", "3", data=data)
    assert wrong.exit_code == 2
    assert "--half 2 là kỳ thứ hai, tức cả năm" in wrong.stderr
