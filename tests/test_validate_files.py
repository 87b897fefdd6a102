"""`thidua validate FILE…`: just the files a unit emailed, against the year they belong to."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE, copy_data, run_thidua


def test_an_emailed_report_outside_the_data_folder_is_checked_against_its_year(workdir):
    data = copy_data(SAMPLE, workdir)
    text = (data / "2020" / "h1" / "tand.yaml").read_text(encoding="utf-8")
    (workdir / "tand-gui-qua-thu.yaml").write_text(text.replace('"2.1": 29', '"2.1": 31'), encoding="utf-8")
    result = run_thidua("validate", "tand-gui-qua-thu.yaml", data=data)
    assert result.exit_code == 1
    assert "tand-gui-qua-thu.yaml:12:3: lỗi: Điểm tiêu chí 2.1 là 31, vượt điểm tối đa 30. [score-above-max]" \
        in result.output
    assert "data/2020" not in result.output  # the year's own files are the reference, not checked


def test_files_in_the_data_folder_and_several_at_once(workdir):
    data = copy_data(SAMPLE, workdir)
    result = run_thidua("validate", "data/2020/h1/tand.yaml", "data/2020/year/vksnd.yaml", data=data)
    assert result.exit_code == 0, result.output
    assert "Các tệp data/2020/h1/tand.yaml, data/2020/year/vksnd.yaml hợp lệ (đối chiếu với dữ liệu năm 2020)." \
        in result.output


def test_a_report_of_a_unit_not_in_the_bloc_and_a_year_not_in_the_data(workdir):
    data = copy_data(SAMPLE, workdir)
    (workdir / "la.yaml").write_text('unit: khong-co\nyear: 2020\nperiod: h1\nscores: {"1.1": 1}\n', encoding="utf-8")
    (workdir / "cu.yaml").write_text('unit: tand\nyear: 2015\nperiod: h1\nscores: {"1.1": 1}\n', encoding="utf-8")
    result = run_thidua("validate", "la.yaml", "cu.yaml", "--format", "json", data=data)
    assert result.exit_code == 1
    codes = {(p["file"], p["code"]) for p in json.loads(result.output)}
    assert ("la.yaml", "unknown-unit") in codes and ("cu.yaml", "year-unknown") in codes


def test_validate_year_still_works(workdir):
    data = copy_data(SAMPLE, workdir)
    result = run_thidua("validate", "2020", data=data)
    assert result.exit_code == 0 and "Dữ liệu năm 2020 hợp lệ." in result.output
