"""`thidua explain`: each step of a unit's total, each number with where it was written."""

from __future__ import annotations

import re

from conftest import ROOT, SAMPLE, run_thidua

EXAMPLE = ROOT / "examples" / "cong-an-huyen" / "data"


def explain(*args, data=SAMPLE):
    result = run_thidua("explain", *args, data=data)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_floor_and_a_tie_break_are_explained_with_their_lines():
    out = explain("so-tu-phap", "2020")
    assert "2. Cộng điểm các tiêu chí: tự chấm 90,5, thẩm định 90." in out
    assert "thẩm định: 8 → 7,5, lý do:" in out
    assert re.search(r"sàn 80% không đạt \[data/2020/criteria\.yaml:\d+:\d+\]: tiêu chí 2\.2 được 7,5, dưới sàn 8; "
                     r"Tốt", out)
    assert re.search(r"bằng điểm với Cục THADS tỉnh, xếp theo điểm nhóm 2: 44,5 \[data/2020/criteria\.yaml:\d+:\d+\]",
                     out)
    assert "5. Tổng điểm = 90 + 1 − 0,5 = 90,5." in out


def test_every_criterion_line_names_its_file_line_and_column():
    out = explain("cong-an", "2020")
    criteria = [line for line in out.splitlines() if "(tối đa" in line]
    assert len(criteria) == 11
    assert all(re.search(r"\[data/2020/year/cong-an\.yaml:\d+:\d+\]", line) for line in criteria)


def test_the_half_year_is_explained_from_its_own_folder():
    assert "data/2020/h1/cong-an.yaml" in explain("cong-an", "2020", "--half", "1")


def test_computed_criteria_show_figures_targets_and_formula():
    out = explain("ca-huyen-dong-son", "2024", data=EXAMPLE)
    assert re.search(r"target-ratio, số liệu 'ma-tuy' A = 36 vụ \[\S+:\d+:\d+\], chỉ tiêu riêng T = 30 \[\S+\]; "
                     r"vượt chỉ tiêu: .* e = \(A - T\) / T = \(36 - 30\) / 30 = 0,2, e cao nhất = 0,3 → 25 điểm\.", out)
    assert "per-occurrence, số liệu 'an-nghiem-trong' A = 5 vụ" in out and "1,5 x 5 lần = 7,5 → 7,5 điểm." in out
    assert re.search(r"I\.2\.3\.1 .*: không giao chỉ tiêu \[\S+ca-huyen-dong-son\.yaml:\d+:\d+\], không tính điểm", out)
    assert "quy đổi 894,43 x 1000 / 970 = 922,09." in out
    assert "I.2.1.1. Điều tra khám phá án hình sự: 21,8/40" in out  # a level-4 subtotal
    assert 'tự chấm 4 (mức "Vắng 1 cuộc")' in out
    assert "căn cứ: văn bản số 12/QĐ-ĐU ngày 20/12/2024 của Đảng ủy Công an tỉnh" in out


def test_the_common_target_is_named_as_the_sheets():
    out = explain("ca-tp-binh-xanh", "2024", data=EXAMPLE)
    assert re.search(r"A = 88% \[\S+\], chỉ tiêu chung T = 75 \[\S*data/2024/criteria\.yaml:\d+:\d+\]", out)
    assert "vượt chỉ tiêu nhiều nhất" in out


def test_an_unknown_unit_is_a_usage_error():
    result = run_thidua("explain", "khong-co", "2020", data=SAMPLE)
    assert result.exit_code == 2
    assert "Không có đơn vị 'khong-co'" in result.output and "cong-an" in result.output


def test_a_unit_without_a_report_is_refused(tmp_path):
    from conftest import copy_data

    data = copy_data(SAMPLE, tmp_path)
    (data / "2020" / "year" / "tand.yaml").unlink()
    (data / "2020" / "year" / "review.yaml").write_text(
        (SAMPLE / "2020" / "year" / "review.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_thidua("explain", "tand", "2020", data=data)
    assert result.exit_code == 1 and "chưa nộp báo cáo" in result.output
    assert "Traceback" not in result.output


def test_criteria_scored_by_departments_show_each_score_and_its_file():
    out = explain("ca-huyen-dong-son", "2024", data=EXAMPLE)
    assert "trung bình cộng điểm các đơn vị chấm (Phòng Tham mưu 34, Phòng Hậu cần 32) → 33 điểm." in out
    assert re.search(r"Phòng Hậu cần: 32, .* \[\S+year/scores/phong-hau-can\.yaml:\d+:\d+\]\.", out)
