"""`thidua validate` through click: formats, exit codes, years, sorting, and clean failures."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Dict

import pytest
from conftest import CORPUS_BASE as BASE, copy_data, run_thidua, write_files

SCORE_TOO_HIGH = """unit: a
year: 2020
period: h1
scores:
  "1.1": 11
  "1.2": 4,5
  "2.1": 14
"""

TEXT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<level>lỗi|cảnh báo): .+ "
                       r"\[(?P<code>[a-z0-9-]+)\]$")


@pytest.fixture
def bloc(workdir):
    """A clean copy of the corpus base in tmp_path/data, with tmp_path as working folder.

    Call it with {relative path: text} to overwrite files, {path: None} to remove one.
    """
    data = copy_data(BASE, workdir)

    def change(files: Dict[str, object] = None) -> Path:
        return write_files(data, files or {})

    return change


def run(*args: str, env: Dict[str, str] = None):
    return run_thidua("validate", *args, data="data", env=env)


def problem_lines(output: str):
    return [m.groupdict() for m in map(TEXT_LINE.match, output.splitlines()) if m]


# --- exit codes ------------------------------------------------------------------

def test_clean_data_exits_0_and_says_so(bloc):
    bloc()

    result = run("2020")

    assert result.exit_code == 0
    assert "Dữ liệu năm 2020 hợp lệ." in result.output
    assert problem_lines(result.output) == []


def test_an_error_exits_1_with_the_problem_and_a_summary(bloc):
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH})

    result = run("2020")

    assert result.exit_code == 1
    assert problem_lines(result.output) == [
        {"file": "data/2020/h1/a.yaml", "line": "5", "col": "3", "level": "lỗi", "code": "score-above-max"}]
    assert "Có 1 lỗi, 0 cảnh báo." in result.output


def test_a_warning_alone_exits_0(bloc):
    bloc({"2020/h1/c.yaml": None})

    result = run("2020")

    assert result.exit_code == 0
    assert [p["code"] for p in problem_lines(result.output)] == ["missing-report"]
    assert problem_lines(result.output)[0]["level"] == "cảnh báo"


def test_strict_turns_a_warning_into_exit_1(bloc):
    bloc({"2020/h1/c.yaml": None})

    result = run("--strict", "2020")

    assert result.exit_code == 1
    assert "Có 0 lỗi, 1 cảnh báo." in result.output


def test_a_bad_option_exits_2_in_vietnamese(bloc):
    bloc()

    result = run("--format", "xml")

    assert result.exit_code == 2
    assert "Giá trị không hợp lệ" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_option_exits_2(bloc):
    bloc()

    result = run("--strikt")

    assert result.exit_code == 2
    assert "Không có tùy chọn" in result.output


def test_missing_data_folder_is_a_clean_error_with_exit_2(workdir):
    result = run_thidua("validate", data="khong-co")

    assert result.exit_code == 2
    assert "Không tìm thấy thư mục dữ liệu 'khong-co'" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_thidua_data_pointing_nowhere_is_a_clean_error(workdir):
    result = run_thidua("validate", env={"THIDUA_DATA": str(workdir / "khong-co")})

    assert result.exit_code == 2
    assert "THIDUA_DATA" in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_year_that_is_not_there(bloc):
    bloc()

    result = run("2019")

    assert result.exit_code == 1
    assert "Không có dữ liệu năm 2019" in result.output and "2020" in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_year_that_is_not_a_number_exits_2(bloc):
    bloc()

    result = run("hai-nghìn")

    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- years ------------------------------------------------------------------------

def test_the_latest_year_is_the_default(bloc):
    data = bloc()
    shutil.copytree(data / "2020", data / "2019")
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH})

    result = run()

    assert result.exit_code == 1
    assert {p["file"] for p in problem_lines(result.output)} == {"data/2020/h1/a.yaml"}


def test_all_years_checks_every_year(bloc):
    data = bloc()
    shutil.copytree(data / "2020", data / "2019")
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH, "2019/h1/b.yaml": SCORE_TOO_HIGH.replace("unit: a", "unit: b")})

    result = run("--all-years")

    assert result.exit_code == 1
    got = [(p["file"], p["code"]) for p in problem_lines(result.output)]
    # 2019's copied files still say 2020: every one of them is reported as well
    assert ("data/2019/h1/b.yaml", "score-above-max") in got
    assert ("data/2020/h1/a.yaml", "score-above-max") in got
    assert ("data/2019/bloc.yaml", "year-mismatch") in got


def test_all_years_clean(bloc):
    data = bloc()
    shutil.copytree(data / "2020", data / "2019")
    for path in (data / "2019").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("2020", "2019"), encoding="utf-8")

    result = run("--all-years", "--strict")

    assert result.exit_code == 0, result.output
    assert "Dữ liệu năm 2019, 2020 hợp lệ." in result.output


# --- sorting ----------------------------------------------------------------------

def test_problems_are_sorted_by_file_then_position(bloc):
    bloc({
        "2020/h1/b.yaml": SCORE_TOO_HIGH.replace("unit: a", "unit: b").replace('"2.1": 14', '"2.1": 16'),
        "2020/h1/a.yaml": SCORE_TOO_HIGH.replace("year: 2020", "year: 2019"),
        "2020/bloc.yaml": (BASE / "2020" / "bloc.yaml").read_text(encoding="utf-8").replace("chair: a", "chair: x"),
        "2020/h1/c.yaml": None,
    })

    result = run("2020")

    got = [(p["file"], int(p["line"]), int(p["col"])) for p in problem_lines(result.output)]
    assert got == sorted(got)
    assert [f for f, _, _ in got] == ["data/2020/bloc.yaml", "data/2020/bloc.yaml",
                                      "data/2020/h1/a.yaml", "data/2020/h1/a.yaml",
                                      "data/2020/h1/b.yaml", "data/2020/h1/b.yaml"]


# --- formats ----------------------------------------------------------------------

def test_json_format(bloc):
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH, "2020/h1/c.yaml": None})

    result = run("--format", "json", "2020")

    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [set(p) for p in problems] == [{"file", "line", "column", "level", "code", "message"}] * 2
    assert [(p["file"], p["line"], p["column"], p["level"], p["code"]) for p in problems] == [
        ("data/2020/bloc.yaml", 14, 5, "warning", "missing-report"),
        ("data/2020/h1/a.yaml", 5, 3, "error", "score-above-max"),
    ]
    assert "vượt điểm tối đa 10" in problems[1]["message"]


def test_json_format_when_clean_is_an_empty_list(bloc):
    bloc()

    result = run("--format", "json", "2020")

    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_github_format(bloc):
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH, "2020/h1/c.yaml": None})

    result = run("--format", "github", "2020")

    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert lines[0].startswith("::warning file=data/2020/bloc.yaml,line=14,col=5,title=missing-report::")
    assert lines[1].startswith("::error file=data/2020/h1/a.yaml,line=5,col=3,title=score-above-max::")
    assert lines[1].endswith("[score-above-max]")


def test_github_actions_picks_the_github_format(bloc):
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH})

    result = run("2020", env={"GITHUB_ACTIONS": "true"})

    assert result.stdout.startswith("::error file=data/2020/h1/a.yaml,")


def test_an_explicit_format_wins_over_github_actions(bloc):
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH})

    result = run("--format", "text", "2020", env={"GITHUB_ACTIONS": "true"})

    assert result.stdout.startswith("data/2020/h1/a.yaml:5:3: lỗi:")


def test_github_format_escapes_what_would_break_the_command():
    from thidua.problems import Problem, Src, format_github

    out = format_github([Problem(Src("a,b:c.yaml", 2, 3), "error", "x", "100% sai\ndòng hai")])

    assert out == "::error file=a%2Cb%3Ac.yaml,line=2,col=3,title=x::100%25 sai%0Adòng hai [x]"


def test_text_format_is_the_default(bloc):
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH})

    result = run("2020")

    assert result.stdout.splitlines()[0] == (
        "data/2020/h1/a.yaml:5:3: lỗi: Điểm tiêu chí 1.1 là 11, vượt điểm tối đa 10. [score-above-max]")


# --- robustness ------------------------------------------------------------------

def test_every_file_broken_at_once_still_reports_without_a_traceback(bloc):
    bloc({name: "year: [\n" for name in ("2020/bloc.yaml", "2020/criteria.yaml", "2020/awards.yaml",
                                        "2020/h1/a.yaml", "2020/h1/review.yaml", "2020/year/ballots.yaml",
                                        "2020/year/summary.yaml")})

    result = run("2020")

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert len([p for p in problem_lines(result.output) if p["code"] == "yaml-syntax"]) == 7


def test_files_of_the_wrong_shape_do_not_crash(bloc):
    bloc({name: "- just\n- a list\n" for name in ("2020/bloc.yaml", "2020/criteria.yaml", "2020/awards.yaml",
                                                 "2020/h1/a.yaml", "2020/h1/review.yaml",
                                                 "2020/year/ballots.yaml", "2020/year/summary.yaml")})

    result = run("2020")

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert len([p for p in problem_lines(result.output) if p["code"] == "wrong-type"]) == 7


def test_data_folder_from_the_environment(bloc, tmp_path):
    bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH})

    result = run_thidua("validate", "2020", env={"THIDUA_DATA": "data"})

    assert result.exit_code == 1
    assert "data/2020/h1/a.yaml:5:3:" in result.output


@pytest.mark.parametrize("where,shown", [(".", "data/2020/h1/a.yaml"), ("data/2020", "h1/a.yaml"),
                                         ("data/2020/h1", "a.yaml")])
def test_paths_are_shown_from_the_working_folder(bloc, monkeypatch, where, shown):
    root = bloc({"2020/h1/a.yaml": SCORE_TOO_HIGH})
    monkeypatch.chdir(root.parent / where)
    data = (root.parent / "data").resolve()
    result = run_thidua("validate", "2020", data=data)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{shown}:5:3: lỗi: ")
