"""`thidua rotate-chair`: the rotation rules, next year's files, and safe writing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Dict, Sequence

import pytest
from conftest import run_thidua, write_files, year_files

from thidua import fileio
from thidua.errors import DataError, ThiduaError, UsageError
from thidua.reading.loader import load_file
from thidua.commands.rotate_chair import rotate_chair
from thidua.rotation import plan_rotation
from thidua.commands.validate import validate_year

LETTERS = ("a", "b", "c", "d", "e")

CRITERIA = """\
# Bảng điểm năm {year}.
year: {year}            # năm của bảng điểm
groups:
  - id: "1"
    name: Tổ chức phong trào
    criteria:
      - id: "1.1"
        name: Kế hoạch, đăng ký thi đua
        max: 100
grades:
  - name: Xuất sắc
    min_total: 90
"""

AWARDS = """\
# Quy định khen thưởng năm {year}.
year: {year}
preset: tinh
"""


def bloc_text(year: int = 2020, chair: str = "a", vices: Sequence[str] = ("b",), rule: str = "vice-to-chair",
              order: Sequence[str] = LETTERS, units: Sequence[str] = LETTERS,
              skip: Dict[str, str] = None) -> str:
    lines = [
        f"# Khối mẫu, năm {year}.",
        f"year: {year}",
        "name: Khối thi đua mẫu",
        "place: Bắc Giang",
        "level: tinh",
        f"chair: {chair}            # Trưởng khối năm {year}",
        f"vice_chairs: [{', '.join(vices)}]    # Phó trưởng khối",
        "",
        "units:",
    ]
    for unit in units:
        lines += [f"  - id: {unit}", f"    name: Đơn vị {unit.upper()}"]
    lines += ["", "rotation:", f"  rule: {rule}", f"  order: [{', '.join(order)}]   # thứ tự luân phiên"]
    if skip:
        lines.append("  skip:")
        for unit, reason in skip.items():
            lines += [f"    - unit: {unit}", f"      reason: {reason}"]
    return "\n".join(lines) + "\n"


def write_year(root: Path, bloc: str, year: int = 2020) -> Path:
    write_files(root, year_files(year, bloc=bloc, criteria=CRITERIA.format(year=year), awards=AWARDS.format(year=year)))
    return root / str(year)


def load_bloc(tmp_path: Path, text: str):
    path = tmp_path / "bloc.yaml"
    path.write_text(text, encoding="utf-8")
    problems = []
    bloc = load_file(path, "bloc", problems)
    assert problems == []
    return bloc


def snapshot(folder: Path) -> Dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root: Path, *args: str):
    return run_thidua("rotate-chair", *args, data=root)


# --- the rules -------------------------------------------------------------------

def test_vice_to_chair_promotes_the_vice_and_the_next_unit_becomes_vice(tmp_path):
    plan = plan_rotation(load_bloc(tmp_path, bloc_text(chair="a", vices=["b"])))
    assert (plan.next_year, plan.chair, plan.vice_chairs, plan.skipped) == (2021, "b", ("c",), ())


def test_vice_to_chair_with_two_vices_keeps_two_following_the_order(tmp_path):
    plan = plan_rotation(load_bloc(tmp_path, bloc_text(chair="a", vices=["b", "c"])))
    assert (plan.chair, plan.vice_chairs) == ("b", ("c", "d"))


def test_vice_to_chair_returns_to_the_order_when_the_vices_did_not_follow_it(tmp_path):
    plan = plan_rotation(load_bloc(tmp_path, bloc_text(chair="a", vices=["c", "e"])))
    assert (plan.chair, plan.vice_chairs) == ("c", ("d", "e"))


def test_cycle_gives_the_chair_to_the_next_unit_and_vices_follow(tmp_path):
    plan = plan_rotation(load_bloc(tmp_path, bloc_text(rule="cycle", chair="e", vices=["c", "d"])))
    assert (plan.chair, plan.vice_chairs) == ("a", ("b", "c"))


def test_elected_without_a_choice_is_a_clear_error(tmp_path):
    bloc = load_bloc(tmp_path, bloc_text(rule="elected"))
    with pytest.raises(UsageError) as caught:
        plan_rotation(bloc)
    assert "--chair" in caught.value.message and "--vice" in caught.value.message


def test_elected_takes_the_explicit_choice(tmp_path):
    plan = plan_rotation(load_bloc(tmp_path, bloc_text(rule="elected")), chair="d", vices=["a"])
    assert (plan.chair, plan.vice_chairs, plan.explicit) == ("d", ("a",), True)


def test_explicit_choice_overrides_the_rule_and_vices_follow_the_new_chair(tmp_path):
    plan = plan_rotation(load_bloc(tmp_path, bloc_text(chair="a", vices=["b"])), chair="d")
    assert (plan.chair, plan.vice_chairs) == ("d", ("e",))


def test_explicit_choice_that_is_not_a_member_is_refused(tmp_path):
    bloc = load_bloc(tmp_path, bloc_text())
    with pytest.raises(UsageError) as caught:
        plan_rotation(bloc, chair="dd")
    assert "'dd' (--chair) không phải đơn vị thành viên" in caught.value.message
    assert "Có phải 'd'?" in caught.value.message


def test_explicit_vice_cannot_be_the_chair_the_rule_gives(tmp_path):
    bloc = load_bloc(tmp_path, bloc_text(chair="a", vices=["b"]))
    with pytest.raises(UsageError) as caught:
        plan_rotation(bloc, vices=["b"])
    assert "'b' sẽ là Trưởng khối năm 2021" in caught.value.message


def test_missing_rotation_section_needs_an_explicit_chair(tmp_path):
    text = bloc_text().split("\nrotation:")[0] + "\n"
    bloc = load_bloc(tmp_path, text)
    with pytest.raises(ThiduaError) as caught:
        plan_rotation(bloc)
    assert "chưa có mục 'rotation'" in caught.value.message


# --- skips and small blocs ---------------------------------------------------------

def test_skipped_units_are_passed_over_and_named_with_their_reason(tmp_path):
    bloc = load_bloc(tmp_path, bloc_text(rule="cycle", chair="a", skip={"b": "sáp nhập", "d": "xin không đảm nhận"}))
    plan = plan_rotation(bloc)
    assert (plan.chair, plan.vice_chairs) == ("c", ("e",))
    assert [(s.unit, s.reason) for s in plan.skipped] == [("b", "sáp nhập"), ("d", "xin không đảm nhận")]
    assert plan.handover.lines()[-1] == ("Đơn vị được bỏ qua ở lượt này: Đơn vị B (lý do: sáp nhập); "
                                         "Đơn vị D (lý do: xin không đảm nhận).")


def test_a_skipped_vice_does_not_become_chair(tmp_path):
    plan = plan_rotation(load_bloc(tmp_path, bloc_text(chair="a", vices=["b"], skip={"b": "sáp nhập"})))
    assert (plan.chair, plan.vice_chairs, [s.unit for s in plan.skipped]) == ("c", ("d",), ["b"])


def test_when_every_other_unit_is_skipped_the_rotation_stops(tmp_path):
    bloc = load_bloc(tmp_path, bloc_text(rule="cycle", chair="a", vices=[], units="ab", order="ab",
                                         skip={"a": "giải thể", "b": "sáp nhập"}))
    with pytest.raises(ThiduaError) as caught:
        plan_rotation(bloc)
    assert "mọi đơn vị đều nằm trong danh sách bỏ qua" in caught.value.message


def test_a_bloc_of_one_unit_cannot_rotate(tmp_path):
    bloc = load_bloc(tmp_path, bloc_text(chair="a", vices=[], units="a", order="a"))
    with pytest.raises(ThiduaError) as caught:
        plan_rotation(bloc)
    assert "chỉ có một đơn vị thành viên (Đơn vị A)" in caught.value.message


def test_a_bloc_of_two_units_swaps_chair_and_vice_with_a_note(tmp_path):
    plan = plan_rotation(load_bloc(tmp_path, bloc_text(chair="a", vices=["b"], units="ab", order="ab")))
    assert (plan.chair, plan.vice_chairs) == ("b", ("a",))
    assert any("chỉ có hai đơn vị" in note for note in plan.notes)


def test_an_order_that_no_longer_matches_the_members_is_refused_and_validated(tmp_path):
    text = bloc_text(units=["a", "b", "c", "d", "f"])  # e left, f joined; the order still lists e
    write_year(tmp_path, text)
    with pytest.raises(DataError) as caught:
        rotate_chair(tmp_path, 2020)
    with pytest.raises(DataError) as direct:
        plan_rotation(load_bloc(tmp_path, text))
    assert "rotation-order" in caught.value.message
    assert "chưa có trong thứ tự (đơn vị mới gia nhập?): f" in direct.value.message
    assert "không còn là thành viên (đã rời Khối hoặc sáp nhập?): e" in direct.value.message
    assert "rotation-order" in {p.code for p in validate_year(tmp_path, 2020)}


def test_units_that_joined_or_left_since_last_year_are_noted(tmp_path):
    write_year(tmp_path, bloc_text(year=2019, units=["a", "b", "c", "d", "e", "g"],
                                   order=["a", "b", "c", "d", "e", "g"]), year=2019)
    write_year(tmp_path, bloc_text())
    result = rotate_chair(tmp_path, 2020, dry_run=True)
    assert "So với năm 2019, đơn vị đã rời Khối: Đơn vị G." in result.plan.notes


# --- year after year, and seed 004 ---------------------------------------------------

def read_roles(root: Path, year: int):
    bloc = load_file(root / str(year) / "bloc.yaml", "bloc", [])
    return bloc.year, bloc.chair, bloc.vice_chairs


@pytest.mark.parametrize("vices", [["b"], ["b", "c"]])
def test_rotating_year_after_year_cycles_through_every_member_in_order(tmp_path, vices):
    order = ["d", "a", "g", "b", "c", "f", "e"]
    write_year(tmp_path, bloc_text(chair="d", vices=["a", "g"][:len(vices)], order=order, units=sorted(order)))
    chairs = []
    for _ in order:
        result = run(tmp_path)  # no YEAR: the latest year, i.e. the one created just before
        assert result.exit_code == 0, result.output
        chairs.append(read_roles(tmp_path, 2020 + len(chairs) + 1)[1])
    assert chairs == order[1:] + order[:1]
    assert read_roles(tmp_path, 2027) == (2027, "d", ("a", "g")[:len(vices)])


SEED_004 = """\
# Khối thi đua Nội chính huyện Khánh Vĩnh (tỉnh Khánh Hòa), năm 2020 — bài viết seed 004.
year: 2020
name: Khối thi đua Nội chính huyện Khánh Vĩnh
short_name: Khối Nội chính
place: Khánh Vĩnh
level: huyen
authority: Ủy ban nhân dân huyện Khánh Vĩnh
chair: vksnd                 # VKSND huyện chủ trì tổng kết năm 2020
vice_chairs: [tand]          # TAND huyện nhận Trưởng khối năm 2021
units:
  - {id: noi-vu, name: Phòng Nội vụ huyện Khánh Vĩnh, short_name: Phòng Nội vụ}
  - {id: vksnd, name: Viện kiểm sát nhân dân huyện Khánh Vĩnh, short_name: VKSND huyện}
  - {id: tand, name: Tòa án nhân dân huyện Khánh Vĩnh, short_name: TAND huyện}
  - {id: cong-an, name: Công an huyện Khánh Vĩnh, short_name: Công an huyện}
  - {id: bchqs, name: Ban Chỉ huy Quân sự huyện Khánh Vĩnh, short_name: BCHQS huyện}
  - {id: tu-phap, name: Phòng Tư pháp huyện Khánh Vĩnh, short_name: Phòng Tư pháp}
  - {id: thads, name: Chi cục Thi hành án dân sự huyện Khánh Vĩnh, short_name: Chi cục THADS}
  - {id: kiem-lam, name: Hạt Kiểm lâm huyện Khánh Vĩnh, short_name: Hạt Kiểm lâm}
  - {id: thanh-tra, name: Thanh tra huyện Khánh Vĩnh, short_name: Thanh tra huyện}
rotation:
  rule: vice-to-chair
  order: [noi-vu, vksnd, tand, cong-an, bchqs, tu-phap, thads, kiem-lam, thanh-tra]
"""


def test_seed_004_vksnd_hands_the_2021_chair_to_tand(tmp_path):
    write_year(tmp_path, SEED_004)
    result = run(tmp_path, "2020")
    assert result.exit_code == 0, result.output
    assert ("Viện kiểm sát nhân dân huyện Khánh Vĩnh bàn giao nhiệm vụ Trưởng khối năm 2021 cho "
            "Tòa án nhân dân huyện Khánh Vĩnh.") in result.output
    assert "Phó Trưởng khối năm 2021: Công an huyện Khánh Vĩnh." in result.output
    assert read_roles(tmp_path, 2021) == (2021, "tand", ("cong-an",))
    assert validate_year(tmp_path, 2021) == []


# --- next year's files -------------------------------------------------------------

def test_new_bloc_changes_only_year_chair_and_vices_and_keeps_comments(tmp_path):
    old = bloc_text(chair="a", vices=["b"])
    write_year(tmp_path, old)
    rotate_chair(tmp_path, 2020)
    new = (tmp_path / "2021" / "bloc.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(old.splitlines(), new.splitlines()) if a != b]
    assert len(old.splitlines()) == len(new.splitlines())
    assert changed == [("year: 2020", "year: 2021"),
                       ("chair: a            # Trưởng khối năm 2020", "chair: b            # Trưởng khối năm 2021"),
                       ("vice_chairs: [b]    # Phó trưởng khối", "vice_chairs: [c]    # Phó trưởng khối")]


def test_criteria_and_awards_are_copied_with_the_new_year_and_their_comments(tmp_path):
    write_year(tmp_path, bloc_text())
    rotate_chair(tmp_path, 2020)
    assert (tmp_path / "2021" / "criteria.yaml").read_text(encoding="utf-8") == (
        CRITERIA.format(year=2020).replace("year: 2020 ", "year: 2021 "))
    assert (tmp_path / "2021" / "awards.yaml").read_text(encoding="utf-8") == (
        AWARDS.format(year=2020).replace("year: 2020", "year: 2021"))


def test_this_years_folder_is_not_changed(tmp_path):
    folder = write_year(tmp_path, bloc_text())
    (folder / "year").mkdir()
    before = snapshot(folder)
    assert run(tmp_path, "2020").exit_code == 0
    assert snapshot(folder) == before


def test_line_endings_and_byte_order_mark_are_kept(tmp_path):
    folder = write_year(tmp_path, "")
    (folder / "bloc.yaml").write_bytes(b"\xef\xbb\xbf" + bloc_text().replace("\n", "\r\n").encode("utf-8"))
    rotate_chair(tmp_path, 2020)
    data = (tmp_path / "2021" / "bloc.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# Kh")
    assert b"chair: b" in data and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_only_errors_in_bloc_yaml_stop_the_rotation(tmp_path):
    folder = write_year(tmp_path, bloc_text())
    (folder / "criteria.yaml").write_text(CRITERIA.format(year=2020) + "total: 90\n", encoding="utf-8")
    assert "total-mismatch" in {p.code for p in validate_year(tmp_path, 2020) if p.level == "error"}
    rotate_chair(tmp_path, 2020, dry_run=True)  # criteria.yaml's error does not stop it
    (folder / "bloc.yaml").write_text(bloc_text(chair="z"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        rotate_chair(tmp_path, 2020, dry_run=True)
    assert "Trưởng khối 'z' không phải đơn vị thành viên" in caught.value.message


def test_existing_criteria_of_next_year_is_kept(tmp_path):
    write_year(tmp_path, bloc_text())
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "criteria.yaml").write_text("# của năm 2021\n", encoding="utf-8")
    result = run(tmp_path, "2020")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2021" / "criteria.yaml").read_text(encoding="utf-8") == "# của năm 2021\n"
    assert "Giữ nguyên" in result.output


# --- dry run, never overwrite, force -----------------------------------------------

def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path):
    write_year(tmp_path, bloc_text())
    before = snapshot(tmp_path)
    result = run(tmp_path, "2020", "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "2021").exists()
    assert "Sẽ tạo" in result.output and "criteria.yaml" in result.output
    assert "chair: b            # Trưởng khối năm 2021" in result.output


def test_an_existing_bloc_of_next_year_is_never_overwritten(tmp_path):
    write_year(tmp_path, bloc_text())
    write_year(tmp_path, "# do người dùng soạn\n", year=2021)
    result = run(tmp_path, "2020")
    assert result.exit_code == 1
    assert "đã có tệp" in result.output and "--force" in result.output
    assert (tmp_path / "2021" / "bloc.yaml").read_text(encoding="utf-8") == "# do người dùng soạn\n"


def test_force_replaces_after_keeping_a_backup(tmp_path):
    write_year(tmp_path, bloc_text())
    write_year(tmp_path, "# bản cũ\n", year=2021)
    result = rotate_chair(tmp_path, 2020, force=True, now=dt.datetime(2020, 12, 20, 9, 0, 0))
    backup = tmp_path / "2021" / "bloc.yaml.bak-20201220-090000"
    assert result.backups == (backup,)
    assert backup.read_text(encoding="utf-8") == "# bản cũ\n"
    assert read_roles(tmp_path, 2021) == (2021, "b", ("c",))


def test_force_from_the_command_line_mentions_the_backup(tmp_path):
    write_year(tmp_path, bloc_text())
    write_year(tmp_path, "# bản cũ\n", year=2021)
    result = run(tmp_path, "2020", "--force")
    assert result.exit_code == 0, result.output
    backups = list((tmp_path / "2021").glob("bloc.yaml.bak-*"))
    assert len(backups) == 1 and backups[0].name in result.output


def leftovers(folder: Path):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_interrupted_replace_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    write_year(tmp_path, bloc_text())
    write_year(tmp_path, "# bản cũ\n", year=2021)
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(dst).name == "bloc.yaml":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ThiduaError) as caught:
        rotate_chair(tmp_path, 2020, force=True)
    assert "Không ghi được tệp" in caught.value.message
    assert (tmp_path / "2021" / "bloc.yaml").read_text(encoding="utf-8") == "# bản cũ\n"
    assert leftovers(tmp_path / "2021") == []


def test_a_write_that_fails_halfway_leaves_no_file_behind(tmp_path, monkeypatch):
    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    target = tmp_path / "bloc.yaml"
    with pytest.raises(ThiduaError):
        fileio.write_atomic(target, b"year: 2021\n" * 1000, force=False)
    assert list(tmp_path.iterdir()) == []


def test_an_interruption_by_the_user_also_cleans_up(tmp_path, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    (tmp_path / "bloc.yaml").write_text("cũ\n", encoding="utf-8")
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fileio.write_atomic(tmp_path / "bloc.yaml", b"new\n", force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["bloc.yaml"]
    assert (tmp_path / "bloc.yaml").read_text(encoding="utf-8") == "cũ\n"


def test_write_atomic_refuses_an_existing_file_without_force(tmp_path):
    target = tmp_path / "awards.yaml"
    target.write_bytes(b"old")
    with pytest.raises(ThiduaError) as caught:
        fileio.write_atomic(target, b"new", force=False)
    assert "đã có" in caught.value.message
    assert target.read_bytes() == b"old"


def test_backups_never_overwrite_each_other(tmp_path):
    target = tmp_path / "bloc.yaml"
    target.write_bytes(b"one")
    moment = dt.datetime(2021, 1, 4, 8, 30, 0)
    first = fileio.backup(target, moment)
    target.write_bytes(b"two")
    second = fileio.backup(target, moment)
    assert (first.name, second.name) == ("bloc.yaml.bak-20210104-083000", "bloc.yaml.bak-20210104-083000-1")
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")


def test_next_year_folder_linked_outside_the_data_folder_is_not_written(tmp_path):
    data = tmp_path / "data"
    write_year(data, bloc_text())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    try:
        (data / "2021").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("this system cannot make symlinks")
    result = run(data, "2020")
    assert result.exit_code == 1
    assert "symlink" in result.output
    assert list(outside.iterdir()) == []
