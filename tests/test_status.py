"""`thidua status`: who has sent, who is late, whose report is broken, whose review is missing."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE, copy_data, run_thidua


def _year(data, text_old, text_new, name="bloc.yaml"):
    path = data / "2020" / name
    path.write_text(path.read_text(encoding="utf-8").replace(text_old, text_new), encoding="utf-8")


def test_sample_h1_one_unit_late_and_all_reviewed(workdir):
    data = copy_data(SAMPLE, workdir)
    result = run_thidua("status", "2020", "--half", "1", "--on", "15/7/2020", data=data)
    assert result.exit_code == 0, result.output
    assert "Hạn gửi báo cáo 10/7/2020; hạn thẩm định 20/7/2020; Hội nghị 24/7/2020." in result.output
    assert "Sở Tư pháp      đã gửi 13/7/2020  muộn 3 ngày" in result.output
    assert "Đã gửi 7/7 đơn vị; nộp muộn hoặc quá hạn 1." in result.output


def test_blank_missing_and_broken_reports_are_told_apart(workdir):
    data = copy_data(SAMPLE, workdir)
    (data / "2020" / "year" / "review.yaml").unlink()
    (data / "2020" / "year" / "tand.yaml").unlink()
    (data / "2020" / "year" / "vksnd.yaml").write_text("unit: vksnd\nyear: 2020\nperiod: year\nscores: [\n",
                                                       encoding="utf-8")
    assert run_thidua("prepare", "2020", "--no-sheets", data=data).exit_code == 0  # tand's blank
    result = run_thidua("status", "2020", "--format", "json", "--on", "2020-12-01", data=data)
    assert result.exit_code == 0, result.output
    units = {u["id"]: u for u in json.loads(result.output)["units"]}
    assert units["tand"]["report"] == "blank" and units["tand"]["late_days"] == 4
    assert units["vksnd"]["report"] == "broken" and units["vksnd"]["errors"] >= 1
    assert units["so-tu-phap"] == {**units["so-tu-phap"], "report": "sent", "late_days": 3, "review": "not-reviewed"}
    text = run_thidua("status", "2020", "--on", "2020-12-01", data=data).output
    assert "TAND tỉnh       chưa gửi (mẫu chưa điền)" in text
    assert "VKSND tỉnh      có tệp nhưng lỗi (1 lỗi)" in text
    assert "chưa gửi (chưa có tệp)" not in text
    assert "Đã gửi 5/7 đơn vị; chưa gửi 1; có tệp nhưng lỗi 1; nộp muộn hoặc quá hạn 3; chưa thẩm định 5." in text


def test_github_annotations_point_at_the_files(workdir):
    data = copy_data(SAMPLE, workdir)
    (data / "2020" / "year" / "tand.yaml").unlink()
    result = run_thidua("status", "2020", "--on", "2020-11-30", data=data, env={"GITHUB_ACTIONS": "true"})
    lines = result.output.splitlines()
    assert ("::warning file=data/2020/year/tand.yaml,line=1,col=1,title=report-not-sent::TAND tỉnh: chưa gửi "
            "(chưa có tệp), quá hạn 3 ngày. [report-not-sent]") in lines
    assert lines[-1].startswith("::notice title=thidua status::Đã gửi 6/7 đơn vị")


def test_no_deadlines_says_so(workdir):
    data = copy_data(SAMPLE, workdir)
    _year(data, "\ndeadlines:", "\nold_deadlines:")
    bloc = data / "2020" / "bloc.yaml"
    bloc.write_text(bloc.read_text(encoding="utf-8").split("\nold_deadlines:")[0] + "\n", encoding="utf-8")
    result = run_thidua("status", "2020", "--on", "2020-12-01", data=data)
    assert result.exit_code == 0, result.output
    assert "Chưa có hạn của kỳ này trong bloc.yaml (mục deadlines)" in result.output
    assert "Hạn gửi" not in result.output


def test_ics_is_rfc5545_and_the_same_every_run(workdir):
    data = copy_data(SAMPLE, workdir)
    assert run_thidua("status", "2020", "--ics", "lich.ics", data=data).exit_code == 0
    first = (workdir / "lich.ics").read_bytes()
    again = run_thidua("status", "2020", "--ics", "lich.ics", data=data)
    assert again.exit_code == 1 and "đã có" in again.output
    assert run_thidua("status", "2020", "--ics", "lich.ics", "--force", data=data).exit_code == 0
    assert (workdir / "lich.ics").read_bytes() == first
    lines = first.decode("utf-8").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = first.decode("utf-8").replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20200710" in unfolded
    assert "SUMMARY:Hạn gửi báo cáo tự chấm điểm sơ kết 6 tháng đầu năm 2020" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 6


def test_on_must_be_a_date(workdir):
    data = copy_data(SAMPLE, workdir)
    result = run_thidua("status", "2020", "--on", "mai", data=data)
    assert result.exit_code == 2 and "'mai' không phải một ngày" in result.output
