"""The right folder and the right year (issue 16, part A, points 1 and 2).

Before this change, from inside `data/` or `data/2026` thidua fell back to the bundled sample and
printed "Dữ liệu năm 2020 hợp lệ." with exit 0; after `rotate-chair` every command moved to the new
empty year, and `report -o x.docx` wrote an empty report with exit 0.
"""

from __future__ import annotations

import pytest

from conftest import SAMPLE, copy_data, run_thidua
from thidua.paths import find_data_dir, resolve_data_dir, working_year


@pytest.fixture
def sample(workdir):
    """A copy of the sample bloc (2019, 2020) as ./data."""
    return copy_data(SAMPLE, workdir)


@pytest.mark.parametrize("where", ["data", "data/2020", "data/2020/year"])
def test_the_data_folder_is_found_from_inside_it(sample, monkeypatch, where):
    monkeypatch.chdir(sample.parent / where)

    result = run_thidua("validate", "--strict")

    assert result.exit_code == 0, result.output
    assert "Dữ liệu năm 2020 hợp lệ." in result.output
    assert "mẫu" not in result.stderr


def test_the_year_folder_one_stands_in_is_the_default_year(sample, monkeypatch):
    monkeypatch.chdir(sample / "2019" / "h1")

    result = run_thidua("validate")

    assert result.exit_code == 0, result.output
    assert "Dữ liệu năm 2019 hợp lệ." in result.output


def test_nowhere_is_an_error_that_says_what_was_searched_and_what_to_do(workdir, monkeypatch):
    (workdir / ".git").mkdir()  # the search stops at the repository's top, as git's does
    (workdir / "sub").mkdir()
    monkeypatch.chdir(workdir / "sub")

    result = run_thidua("validate")

    assert result.exit_code == 2
    assert "Dữ liệu năm 2020 hợp lệ" not in result.output
    assert "Không tìm thấy thư mục dữ liệu của Khối" in result.stderr
    assert str(workdir / "sub") in result.stderr
    for way in ("thidua init", "--data THƯ_MỤC", "--data mau"):
        assert way in result.stderr
    assert "Traceback" not in result.output


def test_the_search_stops_at_the_repository_top(tmp_path):
    outer = copy_data(SAMPLE, tmp_path).parent  # a data/ above the bloc's repository
    inner = outer / "khoi" / "ghi-chu"
    inner.mkdir(parents=True)
    (outer / "khoi" / ".git").mkdir()

    assert find_data_dir(inner) is None
    assert find_data_dir(outer / "khoi" / "..") is not None


def test_a_folder_without_year_folders_is_not_a_data_folder(tmp_path):
    (tmp_path / "a" / "2020").mkdir(parents=True)  # a year-named folder, but no bloc in it
    (tmp_path / ".git").mkdir()

    assert find_data_dir(tmp_path / "a") is None


def test_the_sample_only_by_name(workdir):
    result = run_thidua("rank", "2020", data="mau")

    assert result.exit_code == 0, result.output
    assert "Khối mẫu đi kèm (--data mau" in result.stderr
    assert "Công an tỉnh" in result.stdout
    assert resolve_data_dir("mau").sample


def test_data_after_the_command(sample, tmp_path):
    for args in (("rank", "2020", "--data", str(sample)), ("--data", str(sample), "units", "2020"),
                 ("validate", "--data", str(sample)), ("history", "cong-an", "--data", str(sample))):
        result = run_thidua(*args)
        assert result.exit_code == 0, (args, result.output)


def test_two_different_data_options_are_a_usage_error(sample):
    result = run_thidua("--data", str(sample), "rank", "--data", "khac")

    assert result.exit_code == 2
    assert "hai tùy chọn --data khác nhau" in result.stderr


def test_a_bloc_folder_given_as_data_means_its_data_folder(sample):
    result = run_thidua("validate", data=sample.parent)

    assert result.exit_code == 0, result.output


def test_help_names_the_sample_and_the_search(workdir):
    result = run_thidua("--help")

    assert "--data mau" in result.output
    assert "dữ liệu mẫu đi kèm." not in result.output  # the old fallback


# --- point 2: after rotate-chair ------------------------------------------------------------------

@pytest.fixture
def rotated(sample):
    result = run_thidua("rotate-chair")
    assert result.exit_code == 0, result.output
    assert (sample / "2021" / "bloc.yaml").is_file()
    return sample


def test_after_rotation_the_default_year_is_still_the_one_with_reports(rotated):
    assert working_year(rotated, None) == 2020

    ranked = run_thidua("rank")
    checked = run_thidua("validate")

    assert ranked.exit_code == 0, ranked.output
    assert ranked.stdout.startswith("BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2020")
    assert "Dữ liệu năm 2020 hợp lệ." in checked.output
    assert "năm 2021 chưa có báo cáo tự chấm điểm" in checked.stderr and "thidua validate 2021" in checked.stderr


def test_the_new_year_becomes_the_default_with_its_first_report(rotated):
    (rotated / "2021" / "h1").mkdir()
    (rotated / "2021" / "h1" / "tand.yaml").write_text("unit: tand\nyear: 2021\nperiod: h1\n", encoding="utf-8")

    assert working_year(rotated, None) == 2021


def test_naming_the_empty_year_says_which_year_has_data(rotated):
    result = run_thidua("rank", "2021")

    assert result.exit_code == 1
    assert "Chưa có báo cáo tự chấm điểm nào cho kỳ cả năm của năm 2021" in result.stderr
    assert "`thidua rank 2020`" in result.stderr


@pytest.mark.parametrize("args", [("report", "2021", "-o", "x.docx"), ("report", "2021", "--half", "1", "-o", "x.md")])
def test_no_empty_document_with_exit_0(rotated, args):
    result = run_thidua(*args)

    assert result.exit_code == 1
    assert not (rotated.parent / args[-1]).exists()
    assert "`thidua report 2020" in result.stderr


def test_nominate_on_the_empty_year_says_which_year_has_data(rotated):
    result = run_thidua("nominate", "2021")

    assert result.exit_code == 1
    assert "`thidua nominate 2020`" in result.stderr


def test_the_other_period_of_the_same_year_is_suggested(sample):
    for path in (sample / "2020" / "year").glob("*.yaml"):
        path.unlink()

    result = run_thidua("rank", "2020")

    assert result.exit_code == 1
    assert "`thidua rank 2020 --half 1`" in result.stderr


# --- point 7: the CI example and the files init writes ---------------------------------------------

def test_the_workflow_installs_from_a_pinned_source_the_bloc_controls():
    import yaml

    from thidua import __version__
    from thidua.commands.init import workflow_text

    flow = yaml.safe_load(workflow_text())
    [install] = [s for s in flow["jobs"]["thi-dua"]["steps"] if s.get("name") == "Cài thidua"]
    assert "tools/thidua-*.whl" in install["run"]
    assert 'git+${THIDUA_GIT}@${THIDUA_TAG}' in install["run"]
    assert flow["env"]["THIDUA_TAG"] == f"v{__version__}"
    assert "pip install thidua" not in workflow_text() and "THIDUA_PIP" not in workflow_text()
    assert "::error" in install["run"]  # neither source given: a clear error, not a package by name


def test_the_workflow_keeps_working_after_rotation(tmp_path):
    from test_init import _fill_in, _init, _workflow_steps, _year_end_reports

    root = tmp_path / "khoi"
    _init(root)
    _fill_in(root / "data")
    _year_end_reports(root / "data")
    assert run_thidua("rotate-chair", data=root / "data").exit_code == 0
    assert (root / "data" / "2027" / "bloc.yaml").is_file()

    out = _workflow_steps(root, tmp_path / "after")

    assert "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2026" in out
    assert (root / "bao-cao.docx").is_file()


@pytest.mark.parametrize("name", ["so-ket.docx", "tong-ket.docx", "to-trinh.docx", "bien-ban.docx", "bao-cao.docx",
                                  "bang-diem-so-tu-phap-2026.xlsx", "bang-diem.xlsx", "bang-tong-hop-diem.xlsx",
                                  "bien-ban.html", "bao-cao.md", "data/2026/bloc.yaml.bak-20260101-120000"])
def test_the_gitignore_from_init_covers_the_output_names(tmp_path, name):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("needs git")
    assert run_thidua("init", str(tmp_path / "khoi")).exit_code == 0
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "khoi", check=True)

    ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=tmp_path / "khoi")

    assert ignored.returncode == 0, name


def test_the_gitignore_keeps_the_data(tmp_path):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("needs git")
    assert run_thidua("init", str(tmp_path / "khoi")).exit_code == 0
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "khoi", check=True)
    for name in ("data/2026/bloc.yaml", "data/2026/h1/don-vi-a.yaml", "templates/bao-cao.md"):
        assert subprocess.run(["git", "check-ignore", "-q", name], cwd=tmp_path / "khoi").returncode == 1, name


def test_data_naming_a_year_folder_means_that_year(sample):
    result = run_thidua("validate", data=sample / "2019")

    assert result.exit_code == 0, result.output
    assert "Dữ liệu năm 2019 hợp lệ." in result.output
