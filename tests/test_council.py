"""`thidua council`: the provincial council's view over every bloc (issue 19).

The example council (examples/council: three blocs, one with an error, one whose leader does not
meet the flag's standard) runs end to end; the 20% cap is checked at its edges with councils of
5, 10 and 4 leading blocs built from the example's clean bloc; the bad inputs of the issue are a
corpus (tests/council_corpus/<case>/), each file stating the problem it must produce and where.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional

import pytest
import yaml
from conftest import ROOT, run_thidua, yaml_text

from thidua.awards.council import Cap, Threshold, threshold
from thidua.commands.council import run_council
from thidua.model import Ballot, Round, Vote, VoteThreshold
from thidua.problems import Src

EXAMPLE = ROOT / "examples" / "council"
CORPUS = ROOT / "tests" / "council_corpus"
CLEAN_BLOC = EXAMPLE / "khoi-noi-chinh" / "data"
SRC = Src("t.yaml", 1, 1)


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch):
    """Paths in messages are shown from the working folder: the project's root, as a clerk runs the example."""
    monkeypatch.chdir(ROOT)


def council_text(blocs: List[Dict[str, str]], members: int = 7, extra: str = "") -> str:
    people = [{"name": f"Thành viên {n}", "role": "chair" if n == 1 else "vice" if n == 2 else "member"}
              for n in range(1, members + 1)]
    return yaml_text({"year": 2024, "name": "Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang", "place": "Bắc Giang",
                      "authority": "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang", "members": people,
                      "blocs": blocs}) + extra


def leading_blocs(root: Path, count: int) -> List[Dict[str, str]]:
    """`count` copies of the example's clean bloc, each with its own unit ids (its leader meets the standard)."""
    blocs = []
    for n in range(count):
        target = root / f"khoi-{n}" / "data"
        shutil.copytree(CLEAN_BLOC, target)
        for path in target.rglob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            for unit in ("cong-an", "toa-an", "vien-kiem-sat"):
                text = text.replace(unit, f"{unit}-{n}")
            path.write_text(text, encoding="utf-8")
        for unit in ("cong-an", "toa-an", "vien-kiem-sat"):
            (target / "2024" / "year" / f"{unit}.yaml").rename(target / "2024" / "year" / f"{unit}-{n}.yaml")
        blocs.append({"id": f"khoi-{n}", "path": f"khoi-{n}/data"})
    return blocs


def ballot_text(votes: Dict[str, int], voters: int = 7, award: str = "co-chinh-phu") -> str:
    return yaml_text({"year": 2024, "date": "2025-01-15",
                      "ballots": [{"award": award, "voters": voters, "rounds": [{"votes": votes}]}]})


def award(result, award_id: str):
    return next(a for a in result.awards if a.id == award_id)


# --- the example council ---------------------------------------------------------------------

def test_example_council_lists_every_bloc_and_reports_the_broken_one_at_its_line():
    result = run_thidua("council", str(EXAMPLE))
    assert result.exit_code == 1  # a bloc has an error: a CI job fails
    out = result.stdout
    assert "3 Khối: 2 sẵn sàng, 1 chưa sẵn sàng; 7 thành viên Hội đồng." in out
    assert re.search(r"Khối Nội chính\s+Sẵn sàng\s+Công an tỉnh\s+29,5\s+Xuất sắc\s+Đạt\s+Đủ", out)
    assert re.search(r"Khối Kinh tế\s+Sẵn sàng\s+Sở Tài chính\s+26\s+Tốt\s+Chưa: Yêu cầu: xếp loại Xuất sắc", out)
    assert "Khối Văn xã     Chưa sẵn sàng: dữ liệu có 1 lỗi" in out
    assert ("examples/council/khoi-van-xa/data/2024/year/so-y-te.yaml:9:3: lỗi: Điểm tiêu chí 2.1 là 16, vượt "
            "điểm tối đa 15. [score-above-max]") in result.stderr
    assert ("Tỷ lệ toàn tỉnh: 20% × 1 tập thể dẫn đầu các Khối được đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh "
            "= 0,2 → làm tròn xuống: 0 suất.") in out


def test_example_council_decisions():
    result = run_council(EXAMPLE)
    assert [b.id for b in result.blocs if not b.ready] == ["van-xa"]
    assert [c.entry.unit for c in award(result, "co-tinh").proposed] == ["cong-an"]
    flag = award(result, "co-chinh-phu")
    assert (flag.seats, flag.proposed, flag.candidates) == (0, (), 1)
    assert flag.passed_over[0].actual == "7/7 phiếu; không có suất nào"
    assert [c.entry.unit for c in award(result, "bang-khen-tinh").proposed] == [
        "toa-an", "vien-kiem-sat", "so-tai-chinh", "so-ke-hoach", "cuc-thue"]


def test_json_has_every_bloc_decision_and_problem():
    result = run_thidua("council", str(EXAMPLE), "--format", "json")
    data = json.loads(result.stdout)
    assert [(b["id"], b["ready"]) for b in data["blocs"]] == [("noi-chinh", True), ("kinh-te", True),
                                                             ("van-xa", False)]
    assert data["blocs"][1]["leader_meets_standard"] is False
    assert data["blocs"][0]["dossier_complete"] is True
    assert [(p["file"], p["line"], p["code"]) for p in data["problems"]] == [
        ("examples/council/khoi-van-xa/data/2024/year/so-y-te.yaml", 9, "score-above-max")]
    flag = next(a for a in data["awards"] if a["id"] == "co-chinh-phu")
    assert (flag["seats"], flag["proposed"]) == (0, [])


def test_github_format_prints_annotations_only():
    result = run_thidua("council", str(EXAMPLE), "--format", "github")
    assert result.stdout == ("::error file=examples/council/khoi-van-xa/data/2024/year/so-y-te.yaml,line=9,col=3,"
                             "title=score-above-max::Điểm tiêu chí 2.1 là 16, vượt điểm tối đa 15. "
                             "[score-above-max]\n")
    assert result.exit_code == 1


def test_github_format_is_the_default_under_github_actions():
    result = run_thidua("council", str(EXAMPLE), env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=")


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_other_formats_show_the_same_blocs(fmt):
    out = run_thidua("council", str(EXAMPLE), "--format", fmt).stdout
    assert "Khối Nội chính" in out and "Khối Văn xã" in out and "Công an tỉnh Bắc Giang" in out


def test_xlsx_needs_a_file_and_has_both_sheets(tmp_path):
    assert run_thidua("council", str(EXAMPLE), "--format", "xlsx").exit_code == 2
    target = tmp_path / "tong-hop.xlsx"
    run_thidua("council", str(EXAMPLE), "--format", "xlsx", "-o", target)
    from openpyxl import load_workbook

    wb = load_workbook(target)
    assert wb.sheetnames == ["Tổng hợp các Khối", "Hội đồng xét"]
    names = [c.value for c in wb["Tổng hợp các Khối"]["C"]]
    assert "Khối Nội chính" in names and "Khối Văn xã" in names


def test_output_file_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "ket-qua.txt"
    target.write_text("của người dùng", encoding="utf-8")
    result = run_thidua("council", str(EXAMPLE), "-o", target)
    assert result.exit_code == 1 and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "của người dùng"


def test_letter_and_minutes(tmp_path):
    letter = run_thidua("council", str(EXAMPLE), "--document", "to-trinh").stdout
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang." in letter
    assert "Số: 03/TTr-HĐTĐKT" in letter
    assert "- Công an tỉnh Bắc Giang: đơn vị dẫn đầu Khối Nội chính; tổng điểm 29,5, xếp loại Xuất sắc." in letter
    assert "- Khối thi đua các cơ quan Văn hóa - Xã hội tỉnh Bắc Giang: chưa xét, dữ liệu có 1 lỗi." in letter
    assert "**KT. CHỦ TỊCH**" in letter and "**Trần Thị Bình**" in letter
    minutes = run_thidua("council", str(EXAMPLE), "--document", "bien-ban").stdout
    assert "Số thành viên tham gia bỏ phiếu: 7/7." in minutes
    assert "- Công an tỉnh Bắc Giang: 7/7 phiếu (100%)." in minutes
    target = tmp_path / "to-trinh.docx"
    run_thidua("council", str(EXAMPLE), "--document", "to-trinh", "-o", target)
    import docx

    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang." in texts


def test_example_files_match_their_schema():
    from jsonschema import Draft202012Validator

    from thidua.reading.schema import full_schema

    for name, kind in (("council.yaml", "council"), ("ballots.yaml", "council-ballot")):
        document = yaml.safe_load((EXAMPLE / name).read_text(encoding="utf-8"))
        document = json.loads(json.dumps(document, default=str))
        assert list(Draft202012Validator(full_schema(kind)).iter_errors(document)) == []


def test_no_council_file_is_a_usage_error(tmp_path):
    result = run_thidua("council", str(tmp_path))
    assert result.exit_code == 2 and "council.yaml" in result.output


def test_unreadable_council_file_lists_its_problems(tmp_path):
    (tmp_path / "council.yaml").write_text("year: 2024\nname: Hội đồng\nplace: Bắc Giang\nmembers: []\n",
                                           encoding="utf-8")
    result = run_thidua("council", str(tmp_path))
    assert result.exit_code == 1
    assert "Thiếu khóa bắt buộc 'authority'" in result.output and "Thiếu khóa bắt buộc 'blocs'" in result.output
    assert "Traceback" not in result.output


# --- the 20% cap and the threshold -------------------------------------------------------------

@pytest.mark.parametrize("leaders,rounding,seats", [
    (5, "down", 1), (10, "down", 2), (4, "down", 0), (4, "up", 1), (4, "half-up", 1), (0, "down", 0),
    (9, "down", 1), (15, "down", 3), (30, "down", 6),
])
def test_cap_arithmetic(leaders, rounding, seats):
    cap = Cap(Decimal("0.2"), "co-tinh", rounding, SRC)
    assert cap.seats(leaders) == seats


def test_cap_arithmetic_is_written_out():
    cap = Cap(Decimal("0.2"), "co-tinh", "down", SRC)
    assert cap.arithmetic(4, "tập thể") == "20% × 4 tập thể = 0,8 → làm tròn xuống: 0 suất"
    assert cap.arithmetic(10, "tập thể") == "20% × 10 tập thể = 2 → làm tròn xuống: 2 suất"


@pytest.mark.parametrize("count,proposed", [(5, 1), (10, 2), (4, 0)])
def test_the_cap_is_counted_over_every_leading_bloc(tmp_path, count, proposed):
    blocs = leading_blocs(tmp_path, count)
    (tmp_path / "council.yaml").write_text(council_text(blocs), encoding="utf-8")
    votes = {f"cong-an-{n}": 7 - n % 2 for n in range(count)}  # 7, 6, 7, 6, ...: both pass the 6 needed
    (tmp_path / "ballots.yaml").write_text(ballot_text(votes), encoding="utf-8")
    result = run_council(tmp_path)
    flag = award(result, "co-chinh-phu")
    assert f"20% × {count} tập thể" in flag.cap and flag.seats == proposed
    assert len(flag.proposed) + sum(t.seats for t in flag.ties) == proposed
    assert all(c.votes == 7 for c in flag.proposed)


def test_level_votes_at_the_cap_are_a_tie_left_to_the_council(tmp_path):
    blocs = leading_blocs(tmp_path, 5)
    (tmp_path / "council.yaml").write_text(council_text(blocs), encoding="utf-8")
    (tmp_path / "ballots.yaml").write_text(ballot_text({f"cong-an-{n}": 7 for n in range(5)}), encoding="utf-8")
    flag = award(run_council(tmp_path), "co-chinh-phu")
    assert flag.proposed == () and len(flag.ties) == 1
    assert (flag.ties[0].seats, len(flag.ties[0].candidates)) == (1, 5)
    out = run_thidua("council", str(tmp_path)).stdout
    assert "Bằng phiếu chưa phân định (1 suất)" in out


def test_a_shortfall_is_shown(tmp_path):
    blocs = leading_blocs(tmp_path, 10)
    (tmp_path / "council.yaml").write_text(council_text(blocs), encoding="utf-8")
    votes = {f"cong-an-{n}": 7 if n == 0 else 3 for n in range(10)}
    (tmp_path / "ballots.yaml").write_text(ballot_text(votes), encoding="utf-8")
    flag = award(run_council(tmp_path), "co-chinh-phu")
    assert [c.entry.unit for c in flag.proposed] == ["cong-an-0"]
    assert flag.shortfall == "còn 1 suất không sử dụng: chỉ 1 ứng viên đạt ngưỡng phiếu"
    assert flag.passed_over[0].actual == "3/7 phiếu (42,9%)"


def test_without_the_council_ballot_nothing_that_needs_a_vote_is_proposed(tmp_path):
    blocs = leading_blocs(tmp_path, 5)
    (tmp_path / "council.yaml").write_text(council_text(blocs), encoding="utf-8")
    result = run_council(tmp_path)
    flag = award(result, "co-chinh-phu")
    assert flag.proposed == () and flag.pending.startswith("chưa có phiếu bầu của Hội đồng")
    assert len(award(result, "co-tinh").proposed) == 5  # the council does not vote on the provincial flag
    csv_text = run_thidua("council", str(tmp_path), "--format", "csv").stdout
    assert csv_text.count("chờ Hội đồng bỏ phiếu") == 5


def ballot(voters: int, members: Optional[int] = None) -> Ballot:
    return Ballot("co-chinh-phu", voters, members, (Round({"a": Vote("a", 1, SRC)}, SRC),), None, SRC)


@pytest.mark.parametrize("share,of,voters,members,needed", [
    ("0.8", "members", 7, 7, 6), ("0.8", "members", 5, 7, 6), ("0.8", "members", 9, 10, 8),
    ("0.8", "voters", 5, 7, 4), ("0.5", "voters", 6, 7, 3), ("0.9", "members", 9, 9, 9),
])
def test_threshold(share, of, voters, members, needed):
    found = threshold(VoteThreshold(Decimal(share), of, SRC), ballot(voters), members)
    assert found.needed == needed


def test_threshold_words():
    found = Threshold(Decimal("0.8"), "members", 7, 6)
    assert found.words == ("ít nhất 80% phiếu đồng ý trên tổng số thành viên Hội đồng (80% × 7 = 5,6 → 6 phiếu)")


def test_threshold_decides_who_passes(tmp_path):
    blocs = leading_blocs(tmp_path, 10)
    (tmp_path / "council.yaml").write_text(council_text(blocs), encoding="utf-8")
    votes = {f"cong-an-{n}": v for n, v in enumerate([7, 6, 5, 4, 3, 2, 1, 0, 0, 0])}
    (tmp_path / "ballots.yaml").write_text(ballot_text(votes), encoding="utf-8")
    flag = award(run_council(tmp_path), "co-chinh-phu")
    assert [c.entry.unit for c in flag.proposed] == ["cong-an-0", "cong-an-1"]  # 6 of 7 needed


# --- a bloc not ready, a unit in two blocs ------------------------------------------------------

def test_a_unit_in_two_blocs_is_located_and_the_later_bloc_is_not_ready(tmp_path):
    blocs = leading_blocs(tmp_path, 2)
    bloc_file = tmp_path / "khoi-1" / "data" / "2024" / "bloc.yaml"
    bloc_file.write_text(bloc_file.read_text(encoding="utf-8").replace("id: toa-an-1", "id: toa-an-0"),
                         encoding="utf-8")
    report = tmp_path / "khoi-1" / "data" / "2024" / "year"
    (report / "toa-an-1.yaml").rename(report / "toa-an-0.yaml")
    for path in report.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("toa-an-1", "toa-an-0"), encoding="utf-8")
    (tmp_path / "council.yaml").write_text(council_text(blocs), encoding="utf-8")
    result = run_council(tmp_path)
    found = [p for p in result.problems if p.code == "unit-in-two-blocs"]
    assert [(Path(p.src.file).as_posix().endswith("khoi-1/data/2024/bloc.yaml"), p.src.line) for p in found] == [
        (True, bloc_file.read_text(encoding="utf-8").splitlines().index("  - id: toa-an-0") + 1)]
    assert [(b.id, b.ready) for b in result.blocs] == [("khoi-0", True), ("khoi-1", False)]


# --- the corpus of bad inputs --------------------------------------------------------------------

EXPECT = re.compile(r"^# expect: ([a-z0-9-]+) (\d+):(\d+)(?: '(.*)')?$")


def expectations(case: Path):
    for path in sorted(case.rglob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found = EXPECT.match(line)
            if found:
                yield path.relative_to(case).as_posix(), found.group(1), int(found.group(2)), int(found.group(3)), \
                    found.group(4)


def problems_of(folder: Path, monkeypatch) -> set:
    monkeypatch.chdir(folder)
    return {(p.src.file, p.code, p.src.line, p.src.col, p.message) for p in run_council(Path("."))}


@pytest.mark.parametrize("case", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def test_council_corpus(case, tmp_path, monkeypatch):
    base = tmp_path / "base"
    shutil.copytree(EXAMPLE, base)
    monkeypatch.chdir(base)
    before = {(p.src.file, p.code, p.src.line, p.src.col) for p in run_council(Path(".")).problems}
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    shutil.copytree(CORPUS / case, folder, dirs_exist_ok=True)
    monkeypatch.chdir(folder)
    found = run_council(Path(".")).problems
    new = [p for p in found if (p.src.file, p.code, p.src.line, p.src.col) not in before]
    expected = list(expectations(CORPUS / case))
    assert expected, f"{case} states no expectation"
    assert sorted((p.src.file, p.code, p.src.line, p.src.col) for p in new) == sorted(e[:4] for e in expected)
    for file, code, line, col, text in expected:
        if text:
            message = next(p.message for p in new if (p.src.file, p.code, p.src.line) == (file, code, line))
            assert text in message


def test_the_doc_shows_what_the_example_prints(monkeypatch):
    """docs/council.md pastes the example's output: it must be what the command prints today."""
    monkeypatch.chdir(ROOT)
    doc = (ROOT / "docs" / "council.md").read_text(encoding="utf-8")
    shown = doc.split("$ thidua council examples/council\n", 1)[1].split("\n$ echo $?", 1)[0]
    result = run_thidua("council", "examples/council")
    assert shown == result.stderr.splitlines()[0] + "\n" + result.stdout + result.stderr.splitlines()[-1]


# --- the council's own rules (council.yaml, awards) ------------------------------------------------

def test_council_yaml_changes_the_period_rules(tmp_path):
    blocs = leading_blocs(tmp_path, 4)
    changes = ("awards:\n  - id: co-chinh-phu\n    cap: {share: 20%, of: co-tinh, round: up}\n"
               "  - {id: bang-khen-tinh, per_bloc: 1}\n")
    (tmp_path / "council.yaml").write_text(council_text(blocs, extra=changes), encoding="utf-8")
    (tmp_path / "ballots.yaml").write_text(ballot_text({f"cong-an-{n}": 7 - n for n in range(4)}), encoding="utf-8")
    result = run_council(tmp_path)
    flag = award(result, "co-chinh-phu")
    assert flag.cap.endswith("= 0,8 → làm tròn lên: 1 suất")
    assert [c.entry.unit for c in flag.proposed] == ["cong-an-0"]
    merit = award(result, "bang-khen-tinh")
    assert [c.entry.unit for c in merit.proposed] == [f"toa-an-{n}" for n in range(4)]
    assert merit.passed_over[0].required == "mỗi Khối tối đa 1 đơn vị"
    assert "điều chỉnh theo Quy chế của Hội đồng" in merit.basis


def test_a_capped_award_is_chosen_among_the_units_granted_what_it_counts(tmp_path):
    blocs = leading_blocs(tmp_path, 5)
    changes = "awards:\n  - {id: co-tinh, per_bloc: 0}\n"  # the council grants no provincial flag this year
    (tmp_path / "council.yaml").write_text(council_text(blocs, extra=changes), encoding="utf-8")
    (tmp_path / "ballots.yaml").write_text(ballot_text({f"cong-an-{n}": 7 for n in range(5)}), encoding="utf-8")
    flag = award(run_council(tmp_path), "co-chinh-phu")
    assert (flag.seats, flag.proposed, flag.ties) == (0, (), ())
    assert {(p.required, p.actual) for p in flag.passed_over} == {
        ("được Hội đồng đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh", "không được đề nghị")}


def test_strict_fails_on_a_warning(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "hd")
    (tmp_path / "hd" / "khoi-van-xa").rename(tmp_path / "khoi-van-xa")  # keep only the clean blocs
    text = (tmp_path / "hd" / "council.yaml").read_text(encoding="utf-8").replace(
        "  - id: van-xa\n    path: khoi-van-xa/data\n", "")
    (tmp_path / "hd" / "council.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "hd" / "ballots.yaml").write_text(ballot_text({"cong-an": 7}, award="co-tinh"), encoding="utf-8")
    plain = run_thidua("council", tmp_path / "hd")
    strict = run_thidua("council", tmp_path / "hd", "--strict")
    assert (plain.exit_code, strict.exit_code) == (0, 1)
    assert "[council-ballot-award]" in plain.stderr and "Có 0 lỗi, 1 cảnh báo." in plain.stderr


def test_under_github_actions_a_file_asked_for_is_still_written(tmp_path):
    target = tmp_path / "ket-qua.txt"
    result = run_thidua("council", str(EXAMPLE), "-o", target, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=")
    assert "KẾT QUẢ THI ĐUA NĂM 2024 CỦA CÁC KHỐI THI ĐUA" in target.read_text(encoding="utf-8")


def test_the_shipped_rules_cover_every_legal_period_and_count_caps_on_earlier_awards():
    from thidua.awards.council import _preset
    from thidua.awards.rules import legal_periods

    dossier, periods = _preset()
    assert [p.period for p in periods] == [p.id for p in legal_periods()]
    for period in periods:
        order = [r.id for r in period.awards]
        for n, rule in enumerate(period.awards):
            assert rule.cap is None or rule.cap.of in order[:n], (period.period, rule.id)
            assert "20%" not in rule.basis or rule.cap is not None
    assert [d.files for d in dossier] == [("year/summary.yaml",), ("year/review.yaml",), ("year/ballots.yaml",),
                                          ("awards.yaml",)]
