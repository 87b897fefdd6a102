"""Award proposals (`thidua nominate`): conditions, quotas, ties, history, reasons, presets."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Dict, Optional, Sequence

import pytest
from conftest import run_thidua, self_report, write_files, year_files

from thidua.errors import DataError
from thidua.awards.nominate import AwardResult, Nominations
from thidua.commands.nominate import nominate_year
from thidua.commands.validate import validate_year

GRADES = """\
grades:
  - {name: Xuất sắc, min_total: 90}
  - {name: Tốt, min_total: 80}
  - {name: Khá, min_total: 0}
"""


def write_year(root: Path, year: int, scores: Dict[str, float], *, preset: str = "tinh", awards: str = "",
               ballots: str = "", facts: Optional[Dict[str, str]] = None,
               categories: Optional[Dict[str, str]] = None, registered: Optional[Dict[str, Sequence[str]]] = None,
               flag: Optional[str] = None) -> Path:
    """A year folder: one criterion (max 100) so a unit's score is its total; every unit registered for the
    preset's flag unless `registered` says otherwise."""
    flag = flag or {"tinh": "co-tinh", "bo": "co-bo", "huyen": "giay-khen-huyen"}[preset]
    units = []
    for unit_id in scores:
        reg = (registered or {}).get(unit_id, [flag])
        line = f"  - id: {unit_id}\n    name: Đơn vị {unit_id.upper()}\n    registered: [{', '.join(reg)}]\n"
        if categories and unit_id in categories:
            line += f"    category: {categories[unit_id]}\n"
        units.append(line)
    reports = {}
    for unit_id, score in scores.items():
        text = self_report(unit_id, year, "year", f"scores:\n  '1.1': {score}\n")
        if facts and unit_id in facts:
            text += "facts:\n" + textwrap.indent(textwrap.dedent(facts[unit_id]).strip(), "  ") + "\n"
        reports[unit_id] = text
    first = next(iter(scores))
    return write_files(root, year_files(
        year,
        bloc=(f"year: {year}\nname: Khối thi đua thử\nplace: Bắc Giang\nlevel: {preset}\nchair: {first}\n"
              "units:\n" + "".join(units)),
        criteria=(f"year: {year}\ngroups:\n  - id: '1'\n    name: Nhóm 1\n    criteria:\n"
                  "      - {id: '1.1', name: Tiêu chí, max: 100}\n" + GRADES),
        awards=f"year: {year}\npreset: {preset}\n" + textwrap.dedent(awards),
        reports={"year": reports},
        ballots=f"year: {year}\ndate: {year}-12-10\n" + textwrap.dedent(ballots) if ballots else None))


def award(n: Nominations, award_id: str) -> AwardResult:
    return next(a for a in n.awards if a.id == award_id)


def proposed(n: Nominations, award_id: str):
    return [e.unit for e in award(n, award_id).proposed]


def reason(n: Nominations, award_id: str, unit: str) -> str:
    return next(str(p.reason) for p in award(n, award_id).passed_over if p.entry.unit == unit)


SEVEN = {"a": 97, "b": 95, "c": 93, "d": 91, "e": 88, "f": 85, "g": 70}
GOV_BALLOT = """\
ballots:
  - award: co-chinh-phu
    voters: 7
    rounds:
      - votes: {a: 7}
  - award: co-tinh
    voters: 7
    rounds:
      - votes: {a: 7}
  - award: bang-khen-tinh
    voters: 7
    rounds:
      - votes: {b: 7, c: 7, d: 7, e: 1}
"""


# --- the presets, on data written for them ------------------------------------

def test_provincial_preset_gives_one_flag_and_three_bang_khen(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, SEVEN), 2020)
    assert [a.id for a in n.awards] == ["co-chinh-phu", "co-tinh", "bang-khen-tinh"]
    assert proposed(n, "co-tinh") == ["a"]
    assert proposed(n, "bang-khen-tinh") == ["b", "c", "d"]
    assert reason(n, "bang-khen-tinh", "a") == ("Yêu cầu: chỉ đề nghị hình thức cao nhất / "
                                                "Hiện có: đã được đề nghị Cờ thi đua của Chính phủ")
    assert reason(n, "bang-khen-tinh", "e") == ("Yêu cầu: chỉ tiêu 3 đơn vị / "
                                                "Hiện có: hạng 5; các suất đã dành cho đơn vị xếp trên")


def test_the_bloc_proposes_the_government_flag_and_the_council_applies_the_cap(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, SEVEN), 2020)
    flag = award(n, "co-chinh-phu")
    assert proposed(n, "co-chinh-phu") == ["a"] and flag.cap is None
    assert "Khối suy tôn" in flag.note and "Hội đồng Thi đua - Khen thưởng tỉnh" in flag.note
    assert reason(n, "co-chinh-phu", "b") == ("Yêu cầu: được đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh / "
                                              "Hiện có: không được đề nghị")
    result = run_thidua("nominate", "2020", data=tmp_path)
    assert "Ghi chú: Khối suy tôn" in result.output and "0,2" not in result.output


VOTED = """\
ballots:
  - award: co-chinh-phu
    voters: 7
    rounds:
      - votes: {a: 3}
  - award: co-tinh
    voters: 7
    rounds:
      - votes: {a: 7}
  - award: bang-khen-tinh
    voters: 7
    rounds:
      - votes: {b: 7, c: 6, d: 2, e: 5}
"""


def test_where_the_bloc_votes_the_ballot_decides(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, ballots=VOTED), 2020)
    assert proposed(n, "co-tinh") == ["a"]
    assert proposed(n, "co-chinh-phu") == []
    assert reason(n, "co-chinh-phu", "a") == (
        "Yêu cầu: ít nhất 50% phiếu đồng ý trên số đại biểu có mặt (4/7), theo Quy chế của Khối / "
        "Hiện có: 3/7 phiếu (42,9%)")
    assert proposed(n, "bang-khen-tinh") == ["b", "c", "e"]  # d's ballot falls short; e, voted, takes the seat
    assert reason(n, "bang-khen-tinh", "d").endswith("Hiện có: 2/7 phiếu (28,6%)")
    for a in n.awards:
        assert all((e.votes or 0) * 2 >= e.voters for e in a.proposed)  # never "0/7 phiếu"


def test_the_threshold_is_the_blocs_own(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards="vote: {share: 80%, of: members}\n",
                                 ballots=VOTED), 2020)
    assert proposed(n, "bang-khen-tinh") == ["b", "c"]
    assert reason(n, "bang-khen-tinh", "e") == (
        "Yêu cầu: ít nhất 80% phiếu đồng ý trên tổng số thành viên (6/7), theo Quy chế của Khối / "
        "Hiện có: 5/7 phiếu (71,4%)")


def test_a_ballot_threshold_above_100_percent_is_located(tmp_path):
    write_year(tmp_path, 2020, SEVEN, awards="vote: {share: 120%}\n")
    problems = validate_year(tmp_path, 2020)
    assert [(p.code, p.src.file.endswith("awards.yaml"), p.src.line) for p in problems] == [("out-of-range", True, 3)]


def test_validate_reports_ballots_that_leave_out_a_candidate_or_vote_on_an_award_not_proposed(tmp_path):
    ballots = VOTED.replace("{b: 7, c: 6, d: 2, e: 5}", "{b: 7, c: 6}") + (
        "  - award: co-tinh-2\n    voters: 7\n    rounds:\n      - votes: {a: 7}\n")
    awards = "awards:\n  - {id: co-tinh-2, name: Cờ phụ, quota: 1, enabled: false}\n"
    write_year(tmp_path, 2020, SEVEN, awards=awards, ballots=ballots)
    found = sorted((p.code, p.src.line, p.message) for p in validate_year(tmp_path, 2020))
    assert [(c, line) for c, line, _ in found] == [("ballot-leaves-out", 12), ("ballot-not-proposed", 16)]
    assert "không có tên Đơn vị D (hạng 4)" in found[0][2]


def test_a_bloc_that_agrees_without_a_secret_ballot(tmp_path):
    write_year(tmp_path, 2020, SEVEN, ballots="agreed: true\n")
    n = nominate_year(tmp_path, 2020)
    assert n.agreed and proposed(n, "bang-khen-tinh") == ["b", "c", "d"]
    result = run_thidua("nominate", "2020", data=tmp_path)
    assert "Khối thống nhất đề nghị, không bỏ phiếu kín." in result.output
    assert "Phiếu" not in result.output


MINISTRY = {"stp1": 98, "stp2": 96, "stp3": 90, "cuc1": 97, "cuc2": 94, "cuc3": 80,
            "cc1": 95, "cc2": 93, "cc3": 92, "cc4": 91}
MINISTRY_CATEGORIES = {u: {"stp": "Sở Tư pháp", "cuc": "Cục THADS", "cc": "Chi cục THADS"}[u.rstrip("0123456789")]
                       for u in MINISTRY}
MINISTRY_AWARDS = """\
awards:
  - id: co-bo
    name: Cờ thi đua ngành Tư pháp
    quota:
      per_category: {Sở Tư pháp: 1, Cục THADS: 1, Chi cục THADS: 2}
    ranks: {to: 2, within: category}
"""
MINISTRY_BALLOTS = """\
ballots:
  - award: co-chinh-phu
    voters: 10
    rounds:
      - votes: {stp1: 9, cuc1: 8}
"""


def test_ministry_preset_gives_one_government_flag_and_sector_flags_per_category(tmp_path):
    n = nominate_year(write_year(tmp_path, 2018, MINISTRY, preset="bo", awards=MINISTRY_AWARDS,
                                 categories=MINISTRY_CATEGORIES), 2018)
    assert sorted(proposed(n, "co-bo")) == ["cc1", "cc2", "cuc1", "stp1"]
    assert award(n, "co-bo").name == "Cờ thi đua ngành Tư pháp"
    assert proposed(n, "co-chinh-phu") == ["stp1"]  # the cluster proposes its leader; the council applies 20%
    assert award(n, "co-chinh-phu").cap is None
    assert reason(n, "co-chinh-phu", "cuc1") == ("Yêu cầu: chỉ tiêu 1 đơn vị / "
                                                 "Hiện có: hạng 2; các suất đã dành cho đơn vị xếp trên")
    assert reason(n, "co-bo", "cc3") == ("Yêu cầu: xếp hạng từ 1 đến 2 trong nhóm đơn vị / "
                                         "Hiện có: hạng 3 trong nhóm Chi cục THADS")
    assert proposed(n, "bang-khen-bo") == ["stp2", "cuc2", "cc3"]


DISTRICT = {"noi-vu": 96, "vks": 94, "cong-an": 93, "bchqs": 92, "tand": 90, "tu-phap": 89, "thads": 88,
            "kiem-lam": 85, "thanh-tra": 84}


def test_district_preset_gives_giay_khen_to_the_leader_and_the_next_three(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, DISTRICT, preset="huyen"), 2020)
    assert [a.id for a in n.awards] == ["giay-khen-huyen"]
    assert proposed(n, "giay-khen-huyen") == ["noi-vu", "vks", "cong-an", "bchqs"]


# --- the rules of the data's period ------------------------------------------------

@pytest.mark.parametrize("year, preset, decree", [
    (2020, "tinh-2017", "Nghị định số 91/2017/NĐ-CP"),
    (2024, "tinh-2024", "Nghị định số 98/2023/NĐ-CP"),
    (2026, "tinh-2025", "Nghị định số 152/2025/NĐ-CP")])
def test_a_year_is_judged_by_the_preset_of_its_period(tmp_path, year, preset, decree):
    n = nominate_year(write_year(tmp_path, year, SEVEN), year)
    assert n.preset == preset
    assert any(t.startswith(decree) for t in n.texts)
    assert proposed(n, "co-tinh") == ["a"]
    result = run_thidua("nominate", str(year), data=tmp_path)
    assert f"bộ quy định {preset}" in result.output and decree in result.output


def test_the_circular_of_the_period_follows_the_date(tmp_path):
    assert "Thông tư số 08/2017/TT-BNV" in nominate_year(write_year(tmp_path / "a", 2019, SEVEN), 2019).texts[-1]
    assert "Thông tư số 12/2019/TT-BNV" in nominate_year(write_year(tmp_path / "b", 2020, SEVEN), 2020).texts[-1]


def test_a_pinned_preset_is_used_whatever_the_year(tmp_path):
    write_year(tmp_path, 2024, SEVEN)
    (tmp_path / "2024" / "awards.yaml").write_text("year: 2024\npreset: tinh-2017\n", encoding="utf-8")
    assert nominate_year(tmp_path, 2024).preset == "tinh-2017"


@pytest.mark.parametrize("year, preset, code", [
    (2020, "tinh-2019", "unknown-preset"), (2020, "xa", "unknown-preset"),
    (2016, "tinh", "no-legal-period"), (2026, "huyen", "no-preset-in-period"), (2020, "bo-2017", "preset-level")])
def test_a_preset_that_cannot_apply_is_located_at_its_line(tmp_path, year, preset, code):
    write_year(tmp_path, year, SEVEN)
    (tmp_path / str(year) / "awards.yaml").write_text(f"year: {year}\npreset: {preset}\n", encoding="utf-8")
    found = [(p.code, p.src.line, p.src.col) for p in validate_year(tmp_path, year) if p.src.file.endswith("awards.yaml")]
    assert found == [(code, 2, 9)]


def test_a_quota_that_the_ranks_cannot_fill_is_a_warning(tmp_path):
    write_year(tmp_path, 2020, SEVEN, awards="awards:\n  - id: co-tinh\n    quota: 4\n")
    found = [(p.code, p.level, p.src.line) for p in validate_year(tmp_path, 2020)]
    assert found == [("quota-beyond-ranks", "warning", 5)]


# --- each condition ----------------------------------------------------------------

def test_registration_is_required_for_the_flag(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, registered={"a": []}), 2020)
    assert proposed(n, "co-tinh") == []
    assert reason(n, "co-tinh", "a") == ("Yêu cầu: đăng ký thi đua Cờ thi đua của Ủy ban nhân dân tỉnh / "
                                         "Hiện có: chưa đăng ký (bloc.yaml, khóa registered)")
    assert proposed(n, "bang-khen-tinh") == ["a", "b", "c"]  # no flag, so the leader's highest is the Bằng khen


CASE = """\
pending_cases:
  - kind: discipline
    note: một công chức đang bị xem xét kỷ luật
"""


def test_a_pending_case_excludes_the_unit(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, facts={"b": CASE}), 2020)
    assert "b" not in proposed(n, "bang-khen-tinh")
    assert reason(n, "bang-khen-tinh", "b") == (
        "Yêu cầu: không thuộc trường hợp \"chưa khen thưởng tập thể đang trong thời gian cơ quan có thẩm quyền xem "
        "xét thi hành kỷ luật hoặc đang điều tra, thanh tra, kiểm tra khi có dấu hiệu vi phạm hoặc có đơn thư khiếu "
        "nại, tố cáo đang được xác minh làm rõ\" (Thông tư 08/2017/TT-BNV, Thông tư 12/2019/TT-BNV (điều, khoản: "
        "chưa đối chiếu được)) / Hiện có: đang xem xét thi hành kỷ luật (một công chức đang bị xem xét kỷ luật)")
    assert proposed(n, "bang-khen-tinh") == ["c", "d", "e"]


def test_a_case_closed_before_the_ballot_does_not_count(tmp_path):
    closed = CASE + "    until: 2020-11-30\n"
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, facts={"b": closed}, ballots=GOV_BALLOT), 2020)
    assert proposed(n, "bang-khen-tinh") == ["b", "c", "d"]


def test_min_grade(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, {"a": 89, "b": 85, "c": 70}), 2020)
    assert proposed(n, "co-tinh") == []
    assert reason(n, "co-tinh", "a") == "Yêu cầu: xếp loại Xuất sắc / Hiện có: xếp loại Tốt (89 điểm)"


def test_ranks_from_and_to(tmp_path):
    awards = """\
    awards:
      - id: bang-khen-tinh
        ranks: {from: 2, to: 3}
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards, registered={"a": []}), 2020)
    assert proposed(n, "bang-khen-tinh") == ["b", "c"]
    assert reason(n, "bang-khen-tinh", "a") == "Yêu cầu: xếp hạng từ 2 đến 3 / Hiện có: hạng 1"
    assert reason(n, "bang-khen-tinh", "d") == "Yêu cầu: xếp hạng từ 2 đến 3 / Hiện có: hạng 4"


@pytest.mark.parametrize("kind, excluded", [("investigation", True), ("complaint", True), ("discipline", True),
                                            ("routine", False)])
def test_each_case_kind_as_the_law_words_it(tmp_path, kind, excluded):
    facts = {"b": f"pending_cases:\n  - kind: {kind}\n    note: vụ việc thử\n"}
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, facts=facts), 2020)
    assert ("b" not in proposed(n, "bang-khen-tinh")) is excluded


def test_a_case_without_its_kind_is_located(tmp_path):
    write_year(tmp_path, 2020, SEVEN, facts={"b": "pending_cases:\n  - kind: inspection\n  - note: không ghi loại\n"})
    problems = validate_year(tmp_path, 2020)
    assert sorted((p.code, p.src.line) for p in problems) == [("bad-value", 8), ("missing-key", 9)], problems


def test_among_with_a_share_cap_rounded_down(tmp_path):
    awards = """\
    awards:
      - id: co-chinh-phu
        among: {award: co-tinh, max_share: 20%, round: down}
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards, ballots=GOV_BALLOT), 2020)
    assert proposed(n, "co-chinh-phu") == []
    assert reason(n, "co-chinh-phu", "a") == (
        "Yêu cầu: tối đa 20% số đơn vị được đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh (20% × 1 = 0,2, "
        "làm tròn xuống: 0) / Hiện có: hạng 1; không có suất nào")


@pytest.mark.parametrize("of, expected", [("voters", ["a"]), ("members", [])])
def test_min_votes_over_voters_or_members(tmp_path, of, expected):
    awards = f"""\
    awards:
      - id: co-tinh
        min_votes: {{share: 80%, of: {of}}}
    """
    ballots = """\
    ballots:
      - award: co-tinh
        voters: 5
        rounds:
          - votes: {a: 2, b: 3}
          - votes: {a: 5}
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards, ballots=ballots), 2020)
    assert proposed(n, "co-tinh") == expected
    assert next(p.entry.votes for p in award(n, "co-tinh").passed_over if p.entry.unit == "b") == 3  # latest round naming b


def test_min_votes_reason_over_members(tmp_path):
    awards = """\
    awards:
      - id: co-tinh
        min_votes: {share: 80%, of: members}
    """
    ballots = """\
    ballots:
      - award: co-tinh
        voters: 5
        rounds:
          - votes: {a: 5}
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards, ballots=ballots), 2020)
    assert reason(n, "co-tinh", "a") == ("Yêu cầu: ít nhất 80% phiếu đồng ý trên tổng số thành viên (6/7) / "
                                         "Hiện có: 5/7 phiếu (71,4%)")


def test_with_higher_true_lets_a_unit_receive_both(tmp_path):
    awards = """\
    awards:
      - id: bang-khen-tinh
        with_higher: true
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards), 2020)
    assert proposed(n, "bang-khen-tinh") == ["a", "b", "c"]


def test_a_condition_set_to_nothing_is_removed(tmp_path):
    awards = """\
    awards:
      - id: co-tinh
        registered: ~
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards, registered={"a": []}), 2020)
    assert proposed(n, "co-tinh") == ["a"]


def test_a_member_without_a_year_report_is_listed_with_the_reason(tmp_path):
    write_year(tmp_path, 2020, SEVEN)
    (tmp_path / "2020" / "year" / "g.yaml").unlink()
    n = nominate_year(tmp_path, 2020)
    assert reason(n, "bang-khen-tinh", "g") == ("Yêu cầu: có kết quả chấm điểm cả năm / "
                                                "Hiện có: chưa gửi báo cáo tự chấm điểm cả năm")


def test_a_new_award_ranks_below_the_preset_and_a_disabled_one_is_not_decided(tmp_path):
    awards = """\
    awards:
      - id: co-chinh-phu
        enabled: false
      - id: giay-khen-so
        name: Giấy khen của Giám đốc Sở Nội vụ
        quota: 2
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards), 2020)
    assert [a.id for a in n.awards] == ["co-tinh", "bang-khen-tinh", "giay-khen-so"]
    assert proposed(n, "giay-khen-so") == ["e", "f"]


# --- history across years ------------------------------------------------------------

HISTORY = """\
awards:
  - id: bang-khen-tinh
    history: {min_grade: Xuất sắc, years: 2}
"""


def test_history_reads_the_earlier_year(tmp_path):
    write_year(tmp_path, 2019, {"a": 95, "b": 92, "c": 85, "d": 91})
    n = nominate_year(write_year(tmp_path, 2020, {"a": 97, "b": 95, "c": 93, "d": 91}, awards=HISTORY), 2020)
    assert proposed(n, "bang-khen-tinh") == ["b", "d"]
    assert reason(n, "bang-khen-tinh", "c") == ("Yêu cầu: xếp loại Xuất sắc trở lên 2 năm liên tục (2019–2020) / "
                                                "Hiện có: năm 2019: Tốt")


def test_history_without_the_earlier_folder(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, {"a": 97, "b": 95}, awards=HISTORY), 2020)
    assert reason(n, "bang-khen-tinh", "b") == ("Yêu cầu: xếp loại Xuất sắc trở lên 2 năm liên tục (2019–2020) / "
                                                "Hiện có: năm 2019: không có dữ liệu (thư mục 2019)")


def test_history_of_a_unit_new_to_the_bloc(tmp_path):
    write_year(tmp_path, 2019, {"a": 95, "b": 92})
    n = nominate_year(write_year(tmp_path, 2020, {"a": 97, "b": 95, "c": 94}, awards=HISTORY), 2020)
    assert proposed(n, "bang-khen-tinh") == ["b"]
    assert reason(n, "bang-khen-tinh", "c").endswith("Hiện có: năm 2019: đơn vị không có kết quả xếp loại trong Khối")


def test_history_with_an_earlier_year_in_error(tmp_path):
    write_year(tmp_path, 2019, {"a": 95, "b": 92})
    (tmp_path / "2019" / "year" / "b.yaml").write_text("unit: b\nyear: 2019\nperiod: year\nscores:\n  '1.1': 120\n",
                                                       encoding="utf-8")
    n = nominate_year(write_year(tmp_path, 2020, {"a": 97, "b": 95}, awards=HISTORY), 2020)
    assert reason(n, "bang-khen-tinh", "b").endswith("Hiện có: năm 2019: dữ liệu có lỗi (chạy `thidua validate 2019`)")


# --- the Prime Minister's Bằng khen and each period's Bằng khen (issue 14, point 6) -----------------

PRIME_MINISTER = "awards:\n  - {id: bang-khen-thu-tuong, enabled: true}\n"


@pytest.mark.parametrize("preset, year", [("tinh", 2020), ("tinh", 2024), ("tinh", 2026),
                                          ("bo", 2020), ("bo", 2024), ("bo", 2026)])
def test_the_prime_ministers_bang_khen_is_in_every_period_and_off_by_default(tmp_path, preset, year):
    from thidua.awards.rules import award_rules
    from thidua.model import AwardsFile
    from thidua.problems import Src

    n = nominate_year(write_year(tmp_path, year, SEVEN, preset=preset), year)
    assert "bang-khen-thu-tuong" not in [a.id for a in n.awards]
    rules, problems = award_rules(AwardsFile(year, n.preset, (), Src("awards.yaml")))
    assert problems == [] and "bang-khen-thu-tuong" in rules.disabled


@pytest.mark.parametrize("preset, year, bang_khen", [("tinh", 2023, "bang-khen-tinh"), ("tinh", 2026, "bang-khen-tinh"),
                                                     ("bo", 2024, "bang-khen-bo")])
def test_the_prime_ministers_bang_khen_needs_five_years_of_excellence(tmp_path, preset, year, bang_khen):
    for earlier in range(year - 4, year):
        write_year(tmp_path, earlier, {"a": 95, "b": 95, "c": 95 if earlier > year - 4 else 85, "d": 91}, preset=preset)
    n = nominate_year(write_year(tmp_path, year, SEVEN, preset=preset, awards=PRIME_MINISTER), year)
    flag = {"tinh": "co-tinh", "bo": "co-bo"}[preset]
    assert [a.id for a in n.awards] == ["co-chinh-phu", flag, "bang-khen-thu-tuong", bang_khen]
    assert proposed(n, "bang-khen-thu-tuong") == ["b"]
    assert reason(n, "bang-khen-thu-tuong", "a") == ("Yêu cầu: chỉ đề nghị hình thức cao nhất / Hiện có: đã được "
                                                     "đề nghị Cờ thi đua của Chính phủ")
    assert reason(n, "bang-khen-thu-tuong", "c") == (f"Yêu cầu: xếp loại Xuất sắc trở lên 5 năm liên tục "
                                                     f"({year - 4}–{year}) / Hiện có: năm {year - 4}: Tốt")
    assert proposed(n, bang_khen) == ["c", "d", "e"]


def test_five_years_the_data_does_not_have_are_named_plainly(tmp_path):
    write_year(tmp_path, 2023, SEVEN)
    n = nominate_year(write_year(tmp_path, 2024, SEVEN, awards=PRIME_MINISTER), 2024)
    assert proposed(n, "bang-khen-thu-tuong") == []
    assert reason(n, "bang-khen-thu-tuong", "b") == ("Yêu cầu: xếp loại Xuất sắc trở lên 5 năm liên tục (2020–2024) / "
                                                     "Hiện có: năm 2022: không có dữ liệu (thư mục 2022)")


@pytest.mark.parametrize("year, basis", [(2023, "Thông tư 08/2017/TT-BNV, Thông tư 12/2019/TT-BNV"),
                                         (2024, "Nghị định 98/2023/NĐ-CP"), (2026, "Nghị định 152/2025/NĐ-CP")])
def test_the_prime_ministers_bang_khen_quotes_the_exclusion_of_its_period(tmp_path, year, basis):
    for earlier in range(year - 4, year):
        write_year(tmp_path, earlier, SEVEN)
    n = nominate_year(write_year(tmp_path, year, SEVEN, awards=PRIME_MINISTER, facts={"b": CASE}), year)
    assert proposed(n, "bang-khen-thu-tuong") == ["c"]
    assert f"({basis} (điều, khoản: chưa đối chiếu được))" in reason(n, "bang-khen-thu-tuong", "b")


@pytest.mark.parametrize("preset, year, bang_khen", [("tinh", 2024, "bang-khen-tinh"), ("bo", 2026, "bang-khen-bo")])
def test_two_consecutive_years_met_and_not_met_for_a_periods_bang_khen(tmp_path, preset, year, bang_khen):
    write_year(tmp_path, year - 1, {"a": 95, "b": 92, "c": 85, "d": 91}, preset=preset)
    awards = f"awards:\n  - id: {bang_khen}\n    history: {{min_grade: Xuất sắc, years: 2}}\n"
    n = nominate_year(write_year(tmp_path, year, {"a": 97, "b": 95, "c": 93, "d": 91}, preset=preset, awards=awards),
                      year)
    assert proposed(n, bang_khen) == ["b", "d"]
    assert reason(n, bang_khen, "c") == (f"Yêu cầu: xếp loại Xuất sắc trở lên 2 năm liên tục ({year - 1}–{year}) / "
                                         f"Hiện có: năm {year - 1}: Tốt")


# --- quotas ----------------------------------------------------------------------

@pytest.mark.parametrize("quota, expected", [
    ("2", ["b", "c"]),
    ("{share: 30%}", ["b", "c"]),  # 30% of 7 = 2,1 -> 2
    ("{share: 30%, round: up}", ["b", "c", "d"]),
    ("{count: 4}", ["b", "c", "d", "e"]),
])
def test_number_and_share_quotas(tmp_path, quota, expected):
    awards = f"""\
    awards:
      - id: bang-khen-tinh
        quota: {quota}
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards), 2020)
    assert proposed(n, "bang-khen-tinh") == expected


def test_share_quota_words(tmp_path):
    awards = """\
    awards:
      - id: bang-khen-tinh
        quota: {share: 30%}
    """
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards), 2020)
    assert award(n, "bang-khen-tinh").quota == "30% số đơn vị thành viên (30% × 7, làm tròn xuống: 2 đơn vị)"


def test_per_category_quota_and_a_unit_outside_the_categories(tmp_path):
    awards = """\
    awards:
      - id: bang-khen-tinh
        quota:
          per_category: {Nhóm 1: 1, Nhóm 2: 2}
    """
    categories = {"a": "Nhóm 1", "b": "Nhóm 1", "c": "Nhóm 2", "d": "Nhóm 1", "e": "Nhóm 2", "f": "Nhóm 2"}
    n = nominate_year(write_year(tmp_path, 2020, SEVEN, awards=awards, categories=categories), 2020)
    assert proposed(n, "bang-khen-tinh") == ["b", "c", "e"]
    assert reason(n, "bang-khen-tinh", "d") == ("Yêu cầu: chỉ tiêu nhóm Nhóm 1: 1 đơn vị / "
                                                "Hiện có: hạng 3 trong nhóm Nhóm 1; các suất đã dành cho đơn vị xếp trên")
    assert reason(n, "bang-khen-tinh", "g") == ("Yêu cầu: thuộc nhóm có chỉ tiêu (Nhóm 1, Nhóm 2) / "
                                                "Hiện có: chưa ghi nhóm (category) trong bloc.yaml")


# --- ties at the quota boundary ---------------------------------------------------------

TIED = {"a": 97, "b": 95, "c": 93, "d": 91, "e": 91, "f": 70}


def test_a_tie_is_resolved_by_the_women_share(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, TIED, facts={"d": "women_share: 40%", "e": "women_share: 72%"}),
                      2020)
    assert proposed(n, "bang-khen-tinh") == ["b", "c", "e"]
    assert reason(n, "bang-khen-tinh", "d") == (
        "Yêu cầu: cùng hạng 4 với Đơn vị E, còn 1 suất: ưu tiên tập thể có từ 70% nữ trở lên / "
        "Hiện có: tỷ lệ nữ 40% (Đơn vị E: tỷ lệ nữ 72%)")
    assert award(n, "bang-khen-tinh").ties == ()


def test_a_tie_is_resolved_by_the_ballot_when_the_women_share_does_not(tmp_path):
    ballots = """\
    ballots:
      - award: bang-khen-tinh
        voters: 6
        rounds:
          - votes: {b: 6, c: 6, d: 5, e: 4}
    """
    n = nominate_year(write_year(tmp_path, 2020, TIED, ballots=ballots,
                                 facts={"d": "women_share: 40%", "e": "women_share: 50%"}), 2020)
    assert proposed(n, "bang-khen-tinh") == ["b", "c", "d"]
    assert reason(n, "bang-khen-tinh", "e") == ("Yêu cầu: cùng hạng 4 với Đơn vị D, còn 1 suất: ưu tiên đơn vị nhiều "
                                                "phiếu bầu hơn / Hiện có: 4 phiếu (Đơn vị D: 5 phiếu)")


def test_an_unresolved_tie_is_left_to_the_bloc(tmp_path):
    n = nominate_year(write_year(tmp_path, 2020, TIED), 2020)
    result = award(n, "bang-khen-tinh")
    assert proposed(n, "bang-khen-tinh") == ["b", "c"]
    assert [[e.unit for e in t.entries] for t in result.ties] == [["d", "e"]]
    assert result.ties[0].seats == 1
    assert reason(n, "bang-khen-tinh", "f") == ("Yêu cầu: chỉ tiêu 3 đơn vị / "
                                                "Hiện có: hạng 6; các suất đã dành cho đơn vị xếp trên")
    assert all(p.entry.unit not in ("d", "e") for p in result.passed_over)


def test_a_tie_that_fits_the_quota_is_no_tie(tmp_path):
    awards = """\
    awards:
      - id: bang-khen-tinh
        quota: 4
    """
    n = nominate_year(write_year(tmp_path, 2020, TIED, awards=awards), 2020)
    assert proposed(n, "bang-khen-tinh") == ["b", "c", "d", "e"]
    assert award(n, "bang-khen-tinh").ties == ()


# --- printed output and the command --------------------------------------------------------

def test_text_output_prints_proposals_ties_and_reasons(tmp_path):
    write_year(tmp_path, 2020, TIED)
    result = run_thidua("nominate", "2020", data=tmp_path)
    assert result.exit_code == 0, result.output
    assert "3. BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in result.output
    assert ("Đơn vị D, Đơn vị E: cùng hạng 4, tranh 1 suất; đã xét: ưu tiên tập thể có từ 70% nữ trở lên; "
            "ưu tiên đơn vị nhiều phiếu bầu hơn. Khối bỏ phiếu để quyết định.") in result.output
    assert "  - Đơn vị F (hạng 6, 70 điểm, Khá)\n      Yêu cầu: chỉ tiêu 3 đơn vị / Hiện có: hạng 6" in result.output


def test_json_output_for_ci(tmp_path):
    write_year(tmp_path, 2020, SEVEN, ballots=GOV_BALLOT)
    result = run_thidua("nominate", "--format", "json", data=tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    flag = next(a for a in data["awards"] if a["id"] == "co-chinh-phu")
    assert flag["proposed"][0] == {"unit": "a", "label": "Đơn vị A", "category": None, "rank": 1, "total": 97,
                                   "grade": "Xuất sắc", "votes": 7, "voters": 7}
    assert flag["passed_over"][0]["reason"]["rule"] == "among"


@pytest.mark.parametrize("fmt, expected", [("csv", "\ufeffMã hình thức,Hình thức,Kết quả"),
                                           ("markdown", "**Đề nghị khen thưởng năm 2020**")])
def test_csv_and_markdown(tmp_path, fmt, expected):
    write_year(tmp_path, 2020, SEVEN)
    result = run_thidua("nominate", "--format", fmt, data=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(expected)
    assert "Yêu cầu: chỉ tiêu 3 đơn vị / Hiện có: hạng 5" in result.output


def test_data_with_errors_is_refused(tmp_path):
    write_year(tmp_path, 2020, SEVEN, awards="awards:\n  - id: co-tinh\n    min_grad: Xuất sắc\n")
    with pytest.raises(DataError) as caught:
        nominate_year(tmp_path, 2020)
    assert "thidua validate 2020" in caught.value.message


def test_the_sample_bloc_has_a_leader_and_bang_khen():
    n = nominate_year(Path(__file__).resolve().parent.parent / "data", 2020)
    assert len(proposed(n, "co-tinh")) == 1
    assert len(proposed(n, "bang-khen-tinh")) == 3


# --- validation of the overrides -------------------------------------------------------------

def problems_of(tmp_path: Path, awards: str, **kw):
    write_year(tmp_path, 2020, {"a": 95, "b": 90}, awards=awards, **kw)
    return sorted((p.src.file.rsplit("/", 1)[-1], p.src.line, p.level, p.code, p.message)
                  for p in validate_year(tmp_path, 2020))


def test_unknown_condition_with_a_suggestion(tmp_path):
    found = problems_of(tmp_path, """\
    awards:
      - id: co-tinh
        min_grad: Tốt
    """)
    assert found == [("awards.yaml", 5, "error", "unknown-condition",
                      "'min_grad' (hình thức 'co-tinh') không phải khóa hay điều kiện đã biết. "
                      "Có phải ý là 'min_grade'?")]


def test_bad_parameter_is_located(tmp_path):
    found = problems_of(tmp_path, """\
    awards:
      - id: bang-khen-tinh
        ranks:
          to: ba
    """)
    assert [(f, line, code) for f, line, _, code, _ in found] == [("awards.yaml", 6, "not-an-integer")]


def test_unknown_grade_names_the_grades_of_the_sheet(tmp_path):
    found = problems_of(tmp_path, """\
    awards:
      - id: co-tinh
        min_grade: Hoàn thành xuất sắc
    """)
    assert found == [("awards.yaml", 5, "error", "unknown-grade",
                      "Mức xếp loại 'Hoàn thành xuất sắc' của 'co-tinh' không có trong criteria.yaml (các mức: "
                      "Xuất sắc, Tốt, Khá).")]


def test_a_preset_default_that_does_not_fit_the_sheet_points_at_the_preset_line(tmp_path):
    write_year(tmp_path, 2020, {"a": 95, "b": 90})
    sheet = tmp_path / "2020" / "criteria.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Xuất sắc", "Hoàn thành xuất sắc"), encoding="utf-8")
    found = [(p.src.file.rsplit("/", 1)[-1], p.src.line, p.code) for p in validate_year(tmp_path, 2020)]
    assert found == [("awards.yaml", 2, "unknown-grade")] * 2  # co-chinh-phu and co-tinh


def test_unknown_award_tie_rule_and_category(tmp_path):
    found = problems_of(tmp_path, """\
    awards:
      - id: co-chinh-phu
        among: {award: co-tinhh}
      - id: bang-khen-tinh
        quota:
          per_category: {Nhom 1: 1}
        tie_breaks: [ballott]
    """, categories={"a": "Nhóm 1"})
    assert [(line, level, code) for _, line, level, code, _ in found] == [
        (5, "error", "unknown-award"), (8, "warning", "unknown-category"), (9, "error", "unknown-tie-rule")]
    assert found[1][4].endswith("Có phải ý là 'Nhóm 1'?")
    assert found[2][4].endswith("Có phải ý là 'ballot'?")


def test_a_cycle_between_awards(tmp_path):
    found = problems_of(tmp_path, """\
    awards:
      - id: co-tinh
        with_higher: false
    """)
    assert [code for _, _, _, code, _ in found] == ["award-cycle"]


def test_new_award_needs_name_and_quota(tmp_path):
    found = problems_of(tmp_path, """\
    awards:
      - id: giay-khen-so
        registered: true
    """)
    assert sorted(code for _, _, _, code, _ in found) == ["award-without-name", "award-without-quota"]


def test_an_award_written_twice(tmp_path):
    found = problems_of(tmp_path, """\
    awards:
      - id: co-tinh
        quota: 1
      - id: co-tinh
        quota: 2
    """)
    assert [(line, code) for _, line, _, code, _ in found] == [(6, "duplicate-award")]


def test_quota_needs_exactly_one_kind(tmp_path):
    found = problems_of(tmp_path, """\
    awards:
      - id: bang-khen-tinh
        quota: {count: 2, share: 20%}
    """)
    assert [code for _, _, _, code, _ in found] == ["bad-quota"]


def test_the_presets_are_clean():
    from thidua.awards.rules import award_rules, evaluation_order
    from thidua.model import AwardsFile
    from thidua.problems import Src

    from thidua.awards.rules import PRESET_DIR

    presets = sorted(p.stem for p in PRESET_DIR.glob("*-*.yaml"))
    assert presets == ["bo-2017", "bo-2024", "bo-2025", "huyen-2017", "huyen-2024",
                       "tinh-2017", "tinh-2024", "tinh-2025"]
    for preset in presets:
        rules, problems = award_rules(AwardsFile(2020, preset, (), Src("awards.yaml")))
        assert problems == [] and rules.preset == preset
        assert evaluation_order(rules)[1] == []


def test_the_presets_match_the_award_schema():
    import jsonschema
    import yaml

    from thidua.awards.rules import PRESET_DIR, award_schema

    for path in sorted(PRESET_DIR.glob("*-*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["awards"]:
            jsonschema.validate(entry, award_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "co-tinh", "min_grad": "Tốt"}, award_schema())
