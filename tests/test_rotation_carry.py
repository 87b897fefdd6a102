"""`rotate-chair` does not carry this year's documents, registrations and themes into next year as next
year's, and the files it copies stay as they were apart from the year."""

from __future__ import annotations

from tests.conftest import SAMPLE, copy_data, run_thidua
from thidua.reading.loader import load_file


def test_copied_files_keep_every_byte_but_the_year(workdir):
    data = copy_data(SAMPLE, workdir)
    awards = data / "2020" / "awards.yaml"
    awards.write_text(awards.read_text(encoding="utf-8") + "# cuối tệp\nranks: ~   # để trống\n", encoding="utf-8")
    result = run_thidua("rotate-chair", "2020", data=data)
    assert result.exit_code == 0, result.output
    for name in ("awards.yaml", "criteria.yaml"):
        old = (data / "2020" / name).read_text(encoding="utf-8")
        new = (data / "2021" / name).read_text(encoding="utf-8")
        assert new == old.replace("\nyear: 2020", "\nyear: 2021", 1) and new != old
    assert "ranks: ~   # để trống" in (data / "2021" / "awards.yaml").read_text(encoding="utf-8")


def test_next_bloc_has_no_last_years_plan_registrations_or_themes(workdir):
    data = copy_data(SAMPLE, workdir)
    result = run_thidua("rotate-chair", "2020", data=data)
    assert result.exit_code == 0, result.output
    assert ("Đã bỏ 2 kế hoạch, hướng dẫn năm 2020 khỏi văn bản căn cứ của năm 2021 (05/HD-HĐTĐKT ngày 10/3/2020; "
            "12/KH-KTĐ ngày 27/3/2020)") in result.output
    bloc = load_file(data / "2021" / "bloc.yaml", "bloc", [])
    assert bloc.documents == ()
    assert all(u.registered == () and u.theme is None for u in bloc.units)
    assert str(bloc.deadlines.h1.reports) == "2021-07-10"
    text = (data / "2021" / "bloc.yaml").read_text(encoding="utf-8")
    assert "registered: []  # năm 2020: đăng ký co-tinh; chủ đề" in text
    assert "# Văn bản căn cứ năm 2020 đã bỏ (ghi văn bản năm 2021 khi có): 05/HD-HĐTĐKT ngày 10/3/2020" in text
    checked = run_thidua("validate", "2021", data=data)
    assert "old-document" not in checked.output


def test_validate_warns_while_next_year_cites_last_years_plan(workdir):
    data = copy_data(SAMPLE, workdir)
    bloc = data / "2020" / "bloc.yaml"
    text = bloc.read_text(encoding="utf-8")
    bloc.write_text(text.replace("date: 2020-03-27", "date: 2019-03-27").replace(
        "Phát động phong trào thi đua năm 2020", "Phát động phong trào thi đua năm 2019"), encoding="utf-8")
    result = run_thidua("validate", "2020", data=data)
    assert "old-document" in result.output and "12/KH-KTĐ (kế hoạch) ban hành năm 2019" in result.output
    # a guidance for 2020 issued in December 2019 names its year: not last year's
    bloc.write_text(text.replace("date: 2020-03-10", "date: 2019-12-20"), encoding="utf-8")
    assert "old-document" not in run_thidua("validate", "2020", data=data).output


def test_round_trip_keeps_the_spelling_of_empty_values():
    from thidua.roundtrip import edit

    raw = "# đầu tệp\nyear: 2020   # năm\nranks: ~\nname: ~\nlist:\n  - a\n"

    def change(data):
        data["year"] = 2021

    assert edit(raw.encode("utf-8"), change).data.decode("utf-8") == raw.replace("2020", "2021")


def test_next_years_covenant_is_not_dated_as_last_years(workdir):
    data = copy_data(SAMPLE, workdir)
    result = run_thidua("rotate-chair", "2020", data=data)
    assert result.exit_code == 0, result.output
    assert "Đã bỏ ngày ký Giao ước thi đua năm 2020 (27/3/2020)" in result.output
    bloc = load_file(data / "2021" / "bloc.yaml", "bloc", [])
    assert bloc.covenant_date is None and bloc.covenant  # the text stays, to review
    assert "# Giao ước thi đua năm 2020 ký ngày 27/3/2020; rà soát nội dung" in \
        (data / "2021" / "bloc.yaml").read_text(encoding="utf-8")
    covenant = run_thidua("report", "--kind", "giao-uoc", data=data)
    assert covenant.exit_code == 0, covenant.output
    assert "năm 2020*" not in covenant.stdout and "ngày … tháng … năm 2021" in covenant.stdout
    # with no document of the new year before it, the sentence starts with its subject, capitalised
    assert "\nCác đơn vị thành viên Khối thi đua các cơ quan Nội chính tỉnh (07 đơn vị) thống nhất" in covenant.stdout
