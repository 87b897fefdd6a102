"""`thidua units`: members in Vietnamese alphabetical order."""

import json

from conftest import run_thidua, write_files, year_files

BLOC = """\
year: 2024
name: Khối thi đua thử
place: Khánh Hòa
level: tinh
chair: vks
vice_chairs: [dai]
units:
  - {id: vks, name: Viện kiểm sát nhân dân tỉnh, short_name: VKSND tỉnh, registered: [co-tinh]}
  - {id: dai, name: Đài Phát thanh và Truyền hình tỉnh, category: Sự nghiệp}
  - {id: uy-ban, name: Ủy ban Kiểm tra Tỉnh ủy}
  - {id: cuc, name: Cục Thuế tỉnh, registered: [co-tinh, bang-khen-tinh]}
  - {id: cong-an, name: Công an tỉnh}
  - {id: dan-van, name: Ban Dân vận Tỉnh ủy}
"""


def _data(tmp_path, bloc=BLOC, awards=True):
    return write_files(tmp_path / "data", year_files(2024, bloc=bloc,
                                                     awards="year: 2024\npreset: tinh\n" if awards else None))


def _run(*args):
    return run_thidua(*args)


def test_json_lists_units_in_vietnamese_order_with_roles_and_award_names(tmp_path):
    data = _data(tmp_path)
    result = _run("--data", str(data), "units", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert [u["id"] for u in got["units"]] == ["dan-van", "cong-an", "cuc", "dai", "uy-ban", "vks"]
    by_id = {u["id"]: u for u in got["units"]}
    assert by_id["vks"]["role"] == "chair" and by_id["vks"]["role_name"] == "Trưởng khối"
    assert by_id["dai"]["role_name"] == "Phó Trưởng khối"
    assert by_id["cong-an"]["role"] is None
    assert by_id["cuc"]["registered"] == [
        {"id": "co-tinh", "name": "Cờ thi đua của Ủy ban nhân dân tỉnh"},
        {"id": "bang-khen-tinh", "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"}]
    assert by_id["dai"]["category"] == "Sự nghiệp"


def test_text_table_in_vietnamese_order(tmp_path):
    data = _data(tmp_path)
    result = _run("--data", str(data), "units", "2024")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Khối thi đua thử, năm 2024: 6 đơn vị thành viên"
    assert lines[2].split() == ["Mã", "Tên", "đơn", "vị", "Tên", "ngắn", "Nhóm", "Vai", "trò", "Đăng", "ký",
                                "thi", "đua"]
    ids = [line.split()[0] for line in lines[4:]]
    assert ids == ["dan-van", "cong-an", "cuc", "dai", "uy-ban", "vks"]
    assert "Trưởng khối" in lines[-1] and "VKSND tỉnh" in lines[-1]


def test_text_drops_the_category_column_when_no_unit_has_one(tmp_path):
    data = _data(tmp_path, BLOC.replace(", category: Sự nghiệp", ""))
    result = _run("--data", str(data), "units")
    assert result.exit_code == 0, result.output
    assert "Nhóm" not in result.output


def test_without_awards_file_shows_award_ids(tmp_path):
    data = _data(tmp_path, awards=False)
    result = _run("--data", str(data), "units", "--format", "json")
    assert result.exit_code == 0, result.output
    cuc = [u for u in json.loads(result.output)["units"] if u["id"] == "cuc"][0]
    assert [a["name"] for a in cuc["registered"]] == ["co-tinh", "bang-khen-tinh"]


def test_unreadable_bloc_file_is_a_data_error(tmp_path):
    data = _data(tmp_path, "year: [2024\n")
    result = _run("--data", str(data), "units")
    assert result.exit_code == 1
    assert "Không đọc được tệp bloc.yaml của năm 2024" in result.output
    assert "thidua validate 2024" in result.output


def test_missing_year_is_reported(tmp_path):
    data = _data(tmp_path)
    result = _run("--data", str(data), "units", "2019")
    assert result.exit_code == 1
    assert "Không có dữ liệu năm 2019" in result.output
