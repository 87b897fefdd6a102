"""The small gaps of issues 15, 16 and 19: a Cụm's titles in the tool's messages, a unit named by its
name, completion with --data after the command, the council's dossier list and a unit in two blocs."""

from pathlib import Path

from thidua import model as m
from thidua.rendering.documents.context import TITLES, titles

from conftest import SAMPLE, copy_data, run_thidua


def _as_kind(data: Path, kind: str, year: int = 2020) -> Path:
    """The sample's bloc.yaml of `year` as a bloc of `kind` (cum, khu-vuc)."""
    path = data / str(year) / "bloc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: tinh", f"kind: {kind}\nlevel: tinh", 1),
                    encoding="utf-8")
    return path


# --- issue 15: one table of titles, used by documents and messages ---------------------------------

def test_titles_are_declared_once_in_the_model():
    assert TITLES is m.BLOC_TITLES
    assert set(m.BLOC_TITLES) == set(m.BLOC_KINDS)
    assert m.BLOC_TITLES["cum"].chair == "Cụm trưởng"
    assert m.BLOC_TITLES["khu-vuc"].on_behalf == "TM. KHU VỰC THI ĐUA"


def test_a_cum_bloc_has_its_titles(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    _as_kind(data, "cum")
    result = run_thidua("units", "2020", data=data)
    assert result.exit_code == 0, result.output
    assert "Cụm trưởng" in result.output and "Phó Cụm trưởng" in result.output
    assert "khối" not in result.output.replace("Khối thi đua", "")


def test_check_names_the_chair_of_a_cum(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    path = _as_kind(data, "cum")
    path.write_text(path.read_text(encoding="utf-8").replace("chair: tand ", "chair: tandd", 1), encoding="utf-8")
    result = run_thidua("validate", "2020", data=data)
    assert result.exit_code == 1
    assert "Cụm trưởng 'tandd' không phải đơn vị thành viên của Cụm" in result.output
    assert "Trưởng khối" not in result.output


def test_rotate_chair_of_a_khu_vuc_names_its_titles(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    _as_kind(data, "khu-vuc")
    result = run_thidua("rotate-chair", "2020", "--dry-run", data=data)
    assert result.exit_code == 0, result.output
    assert "Luân phiên Trưởng khu vực năm 2020 sang năm 2021" in result.output
    assert "bàn giao nhiệm vụ Trưởng khu vực năm 2021" in result.output
    assert "Phó trưởng khu vực năm 2021:" in result.output
    assert "khối" not in result.output.split("Nội dung")[0].replace("Khối thi đua", "")


def test_rank_and_explain_legends_name_the_cum_chair(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    _as_kind(data, "cum")
    ranked = run_thidua("rank", "2020", data=data)
    assert ranked.exit_code == 0, ranked.output
    assert "sau khi Cụm trưởng kiểm tra" in " ".join(ranked.output.split())  # the legend is wrapped
    explained = run_thidua("explain", "cong-an", "2020", data=data)
    assert explained.exit_code == 0, explained.output
    assert "thẩm định nếu Cụm trưởng điều chỉnh" in " ".join(explained.output.split())


def test_document_helper_reads_the_model_table():
    class Fake:
        kind = "cum"
    assert titles(Fake()) is m.BLOC_TITLES["cum"]


# --- issue 16: a unit by its name; completion with --data after the command ------------------------

def test_export_sheet_and_explain_accept_a_units_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = copy_data(SAMPLE, tmp_path)
    sheet = run_thidua("export-sheet", "2020", "--unit", "cong an tinh", data=data)
    assert sheet.exit_code == 0, sheet.output
    assert (tmp_path / "bang-diem-cong-an-2020.xlsx").is_file()
    explained = run_thidua("explain", "Viện kiểm sát nhân dân tỉnh Bắc Giang", "2020", data=data)
    assert explained.exit_code == 0, explained.output
    assert "VKSND" in explained.output.upper()


def test_a_wrong_unit_suggests_ids_and_names(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    sheet = run_thidua("export-sheet", "2020", "--unit", "cong-ann", data=data)
    assert sheet.exit_code == 2
    assert "Không có đơn vị 'cong-ann' (mã hoặc tên) trong Khối năm 2020. Có phải là 'cong-an'?" in sheet.output
    explained = run_thidua("explain", "thanh tra tinh bac giangg", "2020", data=data)
    assert explained.exit_code == 2
    assert "Có phải là 'Thanh tra tỉnh" in explained.output


def test_unit_ids_complete_with_data_after_the_command(tmp_path):
    from conftest import write_files, year_files
    write_files(tmp_path / "khoi", year_files(2024, bloc=(
        "year: 2024\nname: Khối\nplace: Huế\nlevel: tinh\nchair: tand\nunits:\n"
        "  - {id: tand, name: Tòa án}\n  - {id: thanh-tra, name: Thanh tra}\n  - {id: cong-an, name: Công an}\n")))
    env = {"_THIDUA_COMPLETE": "bash_complete", "COMP_WORDS": f"thidua export-sheet --data {tmp_path / 'khoi'} --unit t",
           "COMP_CWORD": "5", "THIDUA_DATA": str(tmp_path / "khong-co")}
    result = run_thidua(prog_name="thidua", env=env)
    assert result.output.split() == ["plain,tand", "plain,thanh-tra"]
    env["COMP_WORDS"] = f"thidua history --data {tmp_path / 'khoi'} c"
    env["COMP_CWORD"] = "4"
    assert run_thidua(prog_name="thidua", env=env).output.split() == ["plain,cong-an"]


# --- issue 19: the council's own dossier list; a unit in two blocs by its name ------------------------

def _two_blocs(tmp_path, extra: str = ""):
    from test_council import council_text, leading_blocs

    blocs = leading_blocs(tmp_path, 2)
    (tmp_path / "council.yaml").write_text(council_text(blocs, extra=extra), encoding="utf-8")
    return blocs


def _rename_units(tmp_path, n: int) -> None:
    """Give bloc `n`'s units names of their own (the copies share the example's names)."""
    path = tmp_path / f"khoi-{n}" / "data" / "2024" / "bloc.yaml"
    text = path.read_text(encoding="utf-8").replace("tỉnh Bắc Giang\n", f"tỉnh Bắc Giang số {n}\n")
    path.write_text(text, encoding="utf-8")


def test_council_yaml_overrides_the_dossier_of_the_preset(tmp_path):
    from thidua.commands.council import run_council

    _two_blocs(tmp_path, extra=("dossier:\n"
                                "  - name: Biên bản họp bình xét\n"
                                "    files: [year/ballots.yaml, year/bien-ban.pdf]\n"
                                "  - name: Giao ước thi đua\n"
                                "    files: [giao-uoc.pdf]\n"))
    (tmp_path / "khoi-0" / "data" / "2024" / "giao-uoc.pdf").write_bytes(b"%PDF-1.4\n")
    result = run_council(tmp_path)
    assert [d.name for d in result.rules.dossier] == ["Biên bản họp bình xét", "Giao ước thi đua"]
    by_id = {b.id: b for b in result.blocs}
    assert [(d.name, d.present) for d in by_id["khoi-0"].dossier] == [("Biên bản họp bình xét", True),
                                                                      ("Giao ước thi đua", True)]
    assert by_id["khoi-1"].dossier_complete is False
    assert by_id["khoi-1"].dossier[1].where.endswith("khoi-1/data/2024/giao-uoc.pdf")


def test_an_empty_dossier_checks_nothing_and_a_path_outside_is_refused(tmp_path):
    from thidua.commands.council import run_council

    _two_blocs(tmp_path, extra="dossier: []\n")
    assert all(b.dossier == () and b.dossier_complete for b in run_council(tmp_path).blocs)
    _two_blocs(tmp_path / "x", extra="dossier:\n  - name: Tệp lạ\n    files: [../../bi-mat.yaml]\n")
    found = [p for p in run_council(tmp_path / "x").problems if p.code == "council-dossier-file"]
    written = (tmp_path / "x" / "council.yaml").read_text(encoding="utf-8").splitlines()
    assert [(Path(p.src.file).name, p.src.line) for p in found] == [("council.yaml", len(written))]


def test_the_dossier_key_is_in_the_schema_and_the_docs():
    from thidua.reading.schema import kind_schema

    council = kind_schema("council")
    assert "dossier" in council["properties"]
    page = (Path(__file__).parent.parent / "docs" / "council.md").read_text(encoding="utf-8")
    assert "dossier:" in page and "council-dossier-file" in page and "unit-name-in-two-blocs" in page


def test_a_unit_in_two_blocs_under_two_ids_is_found_by_its_name(tmp_path):
    from thidua.commands.council import run_council

    _two_blocs(tmp_path)
    _rename_units(tmp_path, 1)
    path = tmp_path / "khoi-1" / "data" / "2024" / "bloc.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "name: Tòa án nhân dân" in line)
    lines[index] = "    name: TOA AN nhan dan  tinh Bac Giang"  # as typed without diacritics: the same court
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_council(tmp_path)
    found = [p for p in result.problems if p.code == "unit-name-in-two-blocs"]
    assert len(found) == 1 and found[0].level == "warning"
    assert (Path(found[0].src.file).as_posix().endswith("khoi-1/data/2024/bloc.yaml"), found[0].src.line) == (
        True, index + 1)
    first = tmp_path / "khoi-0" / "data" / "2024" / "bloc.yaml"
    first_line = first.read_text(encoding="utf-8").splitlines().index("    name: Tòa án nhân dân tỉnh Bắc Giang") + 1
    assert "'toa-an-1' của Khối 'khoi-1'" in found[0].message and "'toa-an-0' của Khối 'khoi-0'" in found[0].message
    assert f"khoi-0/data/2024/bloc.yaml:{first_line}:" in found[0].message.replace("\\", "/")
    assert all(b.ready for b in result.blocs)  # a warning: the council decides


def test_rotation_order_and_placeholders_name_a_cum(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    path = _as_kind(data, "cum")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Khối thi đua các cơ quan Nội chính tỉnh\n", "name: THAY tên Cụm\n", 1)
                    .replace("order: [", "order: [khong-co, ", 1), encoding="utf-8")
    out = " ".join(run_thidua("validate", "2020", data=data).output.split())
    assert "Tên Cụm vẫn là chữ mẫu" in out
    assert "Thứ tự luân phiên có 'khong-co', không phải đơn vị thành viên của Cụm" in out


def test_nominate_names_the_cum_in_its_vote_rule(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    _as_kind(data, "cum")
    out = " ".join(run_thidua("nominate", "2020", data=data).output.split())
    assert "theo Quy chế của Cụm" in out and "theo Quy chế của Khối" not in out
