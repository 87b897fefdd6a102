"""Issue 15: every document of the year signed as it comes out, checked on the rendered DOCX.

Each test writes a small year inline (or uses the sample bloc) and reads the Word file back with
python-docx: the signature of Nghị định 30, numbers and dates from data, the complete minutes
(with and without a ballot), the letter's routing, the tổng kết's handover and floors, the
wording, the bloc's kind (Khối, Cụm, Khu vực), the supervising body's line and the score annex.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.rendering.documents import context as rc

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data"


def run(*args, data=SAMPLE):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, ["--data", str(data), *args], catch_exceptions=False)


def docx(tmp_path, *args, data=SAMPLE):
    from docx import Document

    out = tmp_path / f"out-{len(list(tmp_path.glob('out-*.docx')))}.docx"
    result = run("report", *args, "-o", str(out), data=data)
    assert result.exit_code == 0, result.output
    return Document(str(out))


def paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def text_of(doc) -> str:
    return "\n".join(p.text for p in paragraphs(doc))


def signature_table(doc):
    """The signature block's table (beside "Nơi nhận:", or the minutes' two signatures)."""
    return next(t for t in doc.tables if any(p.text.startswith(("TM. ", "CHỦ TỌA"))
                                             for p in t.rows[0].cells[-1].paragraphs))


def signature_cell(doc):
    """The right cell of the signature table: the signature block."""
    return signature_table(doc).rows[0].cells[-1]


def bold(paragraph) -> bool:
    style = paragraph.style
    while style is not None and style.font.bold is None:
        style = style.base_style
    return bool(style is not None and style.font.bold)


# --- a small year-end bloc, written inline ---------------------------------------------------

BLOC = """\
year: 2021
name: {name}
code: KTN
place: Hà Tĩnh
level: tinh
authority: Ủy ban nhân dân tỉnh Hà Tĩnh
council: Hội đồng Thi đua - Khen thưởng tỉnh Hà Tĩnh
chair: a
vice_chairs: [b]
{extra}units:
  - {{id: a, name: Sở Tư pháp tỉnh Hà Tĩnh, short_name: Sở Tư pháp, theme: "Kỷ cương, hiệu quả"}}
  - {{id: b, name: Thanh tra tỉnh Hà Tĩnh, short_name: Thanh tra tỉnh}}
  - {{id: c, name: Cục Thi hành án dân sự tỉnh Hà Tĩnh, short_name: Cục THADS}}
rotation:
  rule: vice-to-chair
  order: [a, b, c]
"""

SHEET = """\
year: 2021
groups:
  - id: "1"
    name: Công tác chuyên môn
    criteria:
      - {id: "1.1", name: Chuyên môn, max: 60}
  - id: "2"
    name: Công tác phong trào
    criteria:
      - {id: "2.1", name: Phong trào, max: 40}
grades:
  - {name: Xuất sắc, min_total: 90, min_share: 80%}
  - {name: Tốt, min_total: 0}
tie_breaks:
  - {rule: group, ref: "1"}
"""

SUMMARY = """\
year: 2021
period: year
report:
  number: 7
  date: 2021-12-20
  signer: {name: Lê Văn Ký, position: Giám đốc, role: chair}
  conference_date: 2021-12-16
  conference_place: Hội trường Sở Tư pháp
situation: [Năm 2021 có nhiều khó khăn.]
"""


def year_end(root: Path, name: str = "Khối thi đua Nội chính", extra: str = "", summary: str = SUMMARY,
             ballots: str = "year: 2021\ndate: 2021-12-16\nagreed: true\n", reports=None) -> Path:
    """A three-unit bloc with its year-end reports; returns the data folder."""
    data = root / "data"
    year = data / "2021" / "year"
    year.mkdir(parents=True)
    (data / "2021" / "bloc.yaml").write_text(BLOC.format(name=name, extra=extra), encoding="utf-8")
    (data / "2021" / "criteria.yaml").write_text(SHEET, encoding="utf-8")
    (data / "2021" / "awards.yaml").write_text("year: 2021\npreset: tinh\n", encoding="utf-8")
    for unit, (first, second) in (reports or {"a": ("58", "38"), "b": ("55", "40"), "c": ("60", "30")}).items():
        (year / f"{unit}.yaml").write_text(
            f"unit: {unit}\nyear: 2021\nperiod: year\nscores: {{'1.1': {first}, '2.1': {second}}}\n"
            f'achievements: [Hoàn thành "vượt mức" chỉ tiêu của đơn vị {unit}]\n', encoding="utf-8")
    (year / "summary.yaml").write_text(summary, encoding="utf-8")
    if ballots:
        (year / "ballots.yaml").write_text(ballots, encoding="utf-8")
    return data


# --- the signature (Nghị định 30, Phụ lục I) -------------------------------------------------

def test_vice_chair_signs_for_the_chair_with_kt_and_the_position(tmp_path):
    cell = signature_cell(docx(tmp_path, "2020", "--half", "1"))
    lines = [p.text for p in cell.paragraphs if p.text]
    assert lines == ["TM. KHỐI THI ĐUA", "KT. TRƯỞNG KHỐI", "PHÓ TRƯỞNG KHỐI",
                     "VIỆN KIỂM SÁT NHÂN DÂN", "TỈNH BẮC GIANG", "PHÓ VIỆN TRƯỞNG", "Đỗ Thị Thu Hà"]
    assert all(bold(p) for p in cell.paragraphs if p.text)


def test_chair_signs_without_kt(tmp_path):
    lines = [p.text for p in signature_cell(docx(tmp_path, "2020")).paragraphs if p.text]
    assert lines == ["TM. KHỐI THI ĐUA", "TRƯỞNG KHỐI", "TÒA ÁN NHÂN DÂN TỈNH BẮC GIANG", "CHÁNH ÁN",
                     "Nguyễn Văn Minh"]


@pytest.mark.parametrize("kind,on_behalf,chair,vice", [
    ("cum", "TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "Phó Cụm trưởng"),
    ("khu-vuc", "TM. KHU VỰC THI ĐUA", "TRƯỞNG KHU VỰC", "Phó trưởng khu vực"),
])
def test_cum_and_khu_vuc_set_every_title(tmp_path, kind, on_behalf, chair, vice):
    data = year_end(tmp_path, name="Cụm thi đua Nội chính", extra=f"kind: {kind}\n")
    for args in ([], ["--kind", "to-trinh"]):
        doc = docx(tmp_path, "2021", *args, data=data)
        lines = [p.text for p in signature_cell(doc).paragraphs if p.text]
        assert lines[:2] == [on_behalf, chair]
        text = text_of(doc)
        assert "Trưởng khối" not in text and "TRƯỞNG KHỐI" not in text and "KHỐI THI ĐUA" not in text
    report = text_of(docx(tmp_path, "2021", data=data))
    assert f"là đơn vị {vice}" in report
    minutes = text_of(docx(tmp_path, "2021", "--kind", "bien-ban", data=data))
    assert f"đơn vị {chair[:1] + chair[1:].lower()}" in minutes or f"đơn vị {rc.TITLES[kind].chair}" in minutes


def test_supervising_body_is_a_line_above_the_issuer(tmp_path):
    data = year_end(tmp_path, extra="supervisor: Ủy ban nhân dân tỉnh Hà Tĩnh\n")
    issuer = docx(tmp_path, "2021", data=data).tables[0].cell(0, 0).paragraphs
    assert [p.text for p in issuer if p.text][:2] == ["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "KHỐI THI ĐUA NỘI CHÍNH"]
    assert not bold(issuer[0]) and bold(issuer[1])
    plain = year_end(tmp_path / "plain")
    assert docx(tmp_path, "2021", data=plain).tables[0].cell(0, 0).paragraphs[0].text == "KHỐI THI ĐUA NỘI CHÍNH"


# --- numbers and dates ------------------------------------------------------------------------

def test_numbers_and_dates_of_every_document_come_from_data(tmp_path):
    numbers = {(): "Số: 09/BC-KTĐ", ("--kind", "to-trinh"): "Số: 10/TTr-KTĐ",
               ("--kind", "bien-ban"): "Số: 03/BB-KTĐ"}
    for args, number in numbers.items():
        header = docx(tmp_path, "2020", *args).tables[0]
        assert header.cell(1, 0).text == number
    minutes = docx(tmp_path, "2020", "--kind", "bien-ban").tables[0]
    assert minutes.cell(1, 1).text == "Bắc Giang, ngày 10 tháng 12 năm 2020"  # the conference's date


def test_dates_take_the_leading_zeros_of_decree_30():
    import datetime as dt

    from thidua.numbers import fmt_date_long, fmt_date_short

    assert fmt_date_long(dt.date(2021, 2, 5)) == "ngày 05 tháng 02 năm 2021"
    assert fmt_date_long(dt.date(2020, 11, 17)) == "ngày 17 tháng 11 năm 2020"
    assert fmt_date_short(dt.date(2021, 2, 5)) == "05/02/2021"
    assert fmt_date_short(dt.date(2020, 3, 10)) == "10/3/2020"


# --- the Biên bản -------------------------------------------------------------------------------

def test_minutes_of_the_sample_are_complete(tmp_path):
    doc = docx(tmp_path, "2020", "--kind", "bien-ban")
    text = text_of(doc)
    assert text.count("Vào hồi 08 giờ 00 phút, ngày 10 tháng 12 năm 2020") == 1
    assert "1. Chủ tọa: đồng chí Nguyễn Văn Minh, Chánh án Tòa án nhân dân tỉnh Bắc Giang" in text
    assert "2. Thư ký: đồng chí Lê Thị Hoa, Chánh Văn phòng Tòa án nhân dân tỉnh Bắc Giang." in text
    assert "có mặt đại diện 7/7 đơn vị thành viên của Khối, gồm:" in text
    assert "- Viện kiểm sát nhân dân tỉnh Bắc Giang: đồng chí Phạm Thị Lan, Phó Viện trưởng;" in text
    assert "4. Khách mời:" in text and "- Đồng chí Đặng Văn Khoa, Phó Trưởng ban Ban Thi đua - Khen thưởng" in text
    assert "2. Ý kiến thảo luận" in text and "Các đại biểu thống nhất với kết quả chấm điểm" in text
    assert "3. Kết quả bỏ phiếu kín" in text and "3.1. Cờ thi đua của Chính phủ" in text
    assert "Hội nghị thống nhất bầu Ban kiểm phiếu gồm:" in text and "Vũ Đức Thắng" in text
    assert "Ban kiểm phiếu phát ra 7 phiếu, thu về 7 phiếu; 6 phiếu hợp lệ, 1 phiếu không hợp lệ." in text
    assert "4. Bàn giao nhiệm vụ Trưởng khối năm 2021" in text
    assert "năm 2021 Viện kiểm sát nhân dân tỉnh Bắc Giang là đơn vị Trưởng khối" in text
    assert "5. Kết luận" in text
    assert "Biên bản kết thúc vào hồi 11 giờ 30 phút cùng ngày" in text
    signatures = signature_table(doc).rows[0].cells
    assert [p.text for p in signatures[0].paragraphs if p.text] == ["THƯ KÝ", "Lê Thị Hoa"]
    assert [p.text for p in signatures[1].paragraphs if p.text] == ["CHỦ TỌA", "Nguyễn Văn Minh"]
    assert "CHỦ TRÌ" not in text and "…" not in text


def test_minutes_without_a_ballot_say_the_bloc_agreed(tmp_path):
    text = text_of(docx(tmp_path, "2021", "--kind", "bien-ban", data=year_end(tmp_path)))
    assert "0/3" not in text and "vắng" not in text.lower()
    assert "có mặt đại diện 3/3 đơn vị thành viên của Khối, gồm:" in text
    assert "bỏ phiếu kín đề nghị" not in text
    assert "Kết quả bình xét" in text and "không bỏ phiếu kín" in text
    assert "Ban kiểm phiếu" not in text
    letter = text_of(docx(tmp_path, "2021", "--kind", "to-trinh", data=year_end(tmp_path / "no-ballots", ballots="")))
    assert "kết quả bình xét, thống nhất đề nghị tại Hội nghị tổng kết ngày 16 tháng 12 năm 2021" in letter
    assert "1. Chủ tọa: đồng chí Lê Văn Ký, Giám đốc Sở Tư pháp tỉnh Hà Tĩnh - đơn vị Trưởng khối." in text
    assert "2. Thư ký: …" in text  # no secretary recorded: a blank for the clerk, one full stop at most


def test_minutes_name_the_absent_units_and_their_reason(tmp_path):
    summary = SUMMARY + ("minutes:\n  number: 2\n  start: 8h30\n  end: '10:45'\n"
                         "  secretary: {name: Phan Thu, unit: a}\n"
                         "  absent: [{unit: c, reason: có lý do}]\n")
    text = text_of(docx(tmp_path, "2021", "--kind", "bien-ban", data=year_end(tmp_path, summary=summary)))
    assert "có mặt đại diện 2/3 đơn vị thành viên" in text
    assert "Vắng mặt 01 đơn vị: Cục Thi hành án dân sự tỉnh Hà Tĩnh (có lý do)." in text
    assert "Vào hồi 08 giờ 30 phút" in text and "kết thúc vào hồi 10 giờ 45 phút" in text
    assert "2. Thư ký: đồng chí Phan Thu, Sở Tư pháp tỉnh Hà Tĩnh." in text


def test_a_person_of_the_minutes_must_be_a_member(tmp_path):
    summary = SUMMARY + "minutes:\n  attendees:\n    - {name: Ai Đó, unit: x}\n"
    result = run("validate", "2021", data=year_end(tmp_path, summary=summary))
    assert result.exit_code == 1
    assert "summary.yaml:12:" in result.output and "[unknown-unit]" in result.output
    assert "'x' không phải đơn vị thành viên" in result.output


# --- the Tờ trình -----------------------------------------------------------------------------

def test_letter_of_the_sample_is_routed_and_enclosed(tmp_path):
    doc = docx(tmp_path, "2020", "--kind", "to-trinh")
    addressee = next(p for p in doc.paragraphs if p.text.startswith("Kính gửi"))
    assert addressee.text == ("Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang (qua Ban Thi đua - Khen thưởng, "
                              "Sở Nội vụ tỉnh Bắc Giang).")
    assert addressee.style.name == "TD Addressee"
    text = text_of(doc)
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2003" in text and "Căn cứ Nghị định số 91/2017/NĐ-CP" in text
    notes = [p for p in doc.paragraphs if p.text.startswith("Thành tích nổi bật: ")]
    assert len(notes) == 5 and all(p.style.name == "TD Note" for p in notes)
    assert "Thành tích nổi bật: Kiềm chế, làm giảm tội phạm về trật tự xã hội 8,5%" in text
    assert "Hồ sơ kèm theo gồm:" in text
    assert "- Biên bản Hội nghị tổng kết, bình xét đề nghị khen thưởng số 03/BB-KTĐ ngày 10/12/2020 của Khối;" in text
    assert "- Báo cáo thành tích của 04 tập thể được đề nghị khen thưởng;" in text
    assert "- Bảng tổng hợp kết quả chấm điểm thi đua năm 2020 của Khối." in text
    left = signature_table(doc).rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text] == [
        "Nơi nhận:", "- Như trên;", "- Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang;", "- Các đơn vị trong Khối;",
        "- Lưu: VT, TAND tỉnh."]


def test_letter_keys_replace_the_defaults(tmp_path):
    summary = SUMMARY + ("letter:\n  number: 4\n  addressee: Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh\n"
                         "  via: Sở Nội vụ tỉnh Hà Tĩnh\n"
                         "  basis: [Quy chế hoạt động của Khối thi đua Nội chính]\n"
                         "  recipients: [Như trên, Lãnh đạo các đơn vị]\n"
                         "  signer: {name: Trần Phó, position: Chánh Thanh tra, role: vice}\n")
    doc = docx(tmp_path, "2021", "--kind", "to-trinh", data=year_end(tmp_path, summary=summary))
    text = text_of(doc)
    assert "Số: 04/TTr-KTN" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh (qua Sở Nội vụ tỉnh Hà Tĩnh)." in text
    assert "Căn cứ Quy chế hoạt động của Khối thi đua Nội chính;" in text and "Nghị định số" not in text
    assert "- Lãnh đạo các đơn vị;" in text
    lines = [p.text for p in signature_cell(doc).paragraphs if p.text]
    assert lines == ["TM. KHỐI THI ĐUA", "KT. TRƯỞNG KHỐI", "PHÓ TRƯỞNG KHỐI", "THANH TRA TỈNH HÀ TĨNH",
                     "CHÁNH THANH TRA", "Trần Phó"]


def test_every_level_has_a_default_routing():
    for level in ("tinh", "bo", "huyen"):
        assert rc.letter_routing(level, "2017") is not None
    assert rc.letter_routing("huyen", "2025") is None  # no district blocs after 07/2025


# --- the tổng kết --------------------------------------------------------------------------------

def test_year_report_hands_over_and_explains_ties_and_floors(tmp_path):
    doc = docx(tmp_path, "2020")
    text = text_of(doc)
    assert ("Theo quy tắc luân phiên của Khối, năm 2021 Viện kiểm sát nhân dân tỉnh Bắc Giang là đơn vị Trưởng "
            "khối, Công an tỉnh Bắc Giang là đơn vị Phó Trưởng khối") in text
    assert "theo điểm nhóm tiêu chí “Kết quả thực hiện nhiệm vụ chính trị, chuyên môn”" in text
    assert "điểm nhóm 2" not in text
    assert ("Sở Tư pháp đạt tổng điểm 90,5 nhưng xếp loại Tốt, không đạt mức Xuất sắc vì tiêu chí 2.2") in text
    heads = [c.text for c in doc.tables[-1].rows[0].cells]
    assert "Điểm thưởng" in heads and "Điểm trừ" in heads
    assert "5. Khen thưởng các đơn vị trong Khối đã nhận trong năm" in text
    assert "- Bằng khen của Thủ tướng Chính phủ: 02 tập thể và 05 cá nhân;" in text


def test_handover_by_decision_overrides_the_rotation(tmp_path):
    summary = SUMMARY + ("handover:\n  chair: c\n  vice_chairs: [a]\n"
                         "  decision: Quyết định số 2/QĐ-HĐTĐKT ngày 05/01/2022 của Hội đồng TĐKT tỉnh\n")
    text = text_of(docx(tmp_path, "2021", data=year_end(tmp_path, summary=summary)))
    assert ("Theo Quyết định số 2/QĐ-HĐTĐKT ngày 05/01/2022 của Hội đồng TĐKT tỉnh, năm 2022 Cục Thi hành án dân sự "
            "tỉnh Hà Tĩnh là đơn vị Trưởng khối, Sở Tư pháp tỉnh Hà Tĩnh là đơn vị Phó Trưởng khối") in text


# --- wording ------------------------------------------------------------------------------------

def test_wording_prose_curly_quotes_and_no_label_sentences(tmp_path):
    text = text_of(docx(tmp_path, "2021", data=year_end(tmp_path)))
    assert '"' not in text and "“vượt mức”" in text
    assert "Đơn vị có tổng điểm cao nhất" not in text and "dẫn đầu Khối với tổng điểm" in text
    assert "Các đơn vị trong Khối đã xác định chủ đề thi đua năm 2021:" in text


def test_themes_sentence_is_left_out_without_themes_and_kinds_are_named(tmp_path):
    data = year_end(tmp_path)
    bloc = data / "2021" / "bloc.yaml"
    bloc.write_text(bloc.read_text(encoding="utf-8").replace(', theme: "Kỷ cương, hiệu quả"', ""), encoding="utf-8")
    assert "đã xác định" not in text_of(docx(tmp_path, "2021", data=data))
    bloc.write_text(bloc.read_text(encoding="utf-8").replace(
        "short_name: Sở Tư pháp}", 'short_name: Sở Tư pháp, theme: "Kỷ cương", theme_kind: motto}'), encoding="utf-8")
    text = text_of(docx(tmp_path, "2021", data=data))
    assert "đã xác định phương châm thi đua năm 2021:" in text
    assert "Sở Tư pháp tỉnh Hà Tĩnh: phương châm “Kỷ cương”." in text


def test_two_vice_chairs_are_named_in_the_plural(tmp_path):
    data = year_end(tmp_path)
    bloc = data / "2021" / "bloc.yaml"
    bloc.write_text(bloc.read_text(encoding="utf-8").replace("vice_chairs: [b]", "vice_chairs: [b, c]"),
                    encoding="utf-8")
    text = text_of(docx(tmp_path, "2021", data=data))
    assert ("Thanh tra tỉnh Hà Tĩnh và Cục Thi hành án dân sự tỉnh Hà Tĩnh là các đơn vị Phó Trưởng khối.") in text


def test_official_letters_are_cited_as_cong_van():
    import datetime as dt

    from thidua import model as m
    from thidua.problems import Src

    doc = m.Document(kind="letter", number="3646/UBND-NC", date=dt.date(2020, 11, 17),
                     issuer="Ủy ban nhân dân huyện Yên Dũng", title=None, src=Src("bloc.yaml", 1, 1))
    assert rc.document_ref(doc) == "Công văn số 3646/UBND-NC ngày 17/11/2020 của Ủy ban nhân dân huyện Yên Dũng"


def test_proposals_are_grouped_by_category_and_stay_unambiguous():
    from thidua import model as m
    from thidua.problems import Src

    def unit(uid, name, category=None):
        return m.Unit(id=uid, name=name, short_name=None, category=category, theme=None, registered=(), head=None,
                      src=Src("bloc.yaml", 1, 1))

    units = [unit("stp-lc", "Sở Tư pháp tỉnh Lào Cai", "Sở Tư pháp"),
             unit("stp-hb", "Sở Tư pháp tỉnh Hòa Bình", "Sở Tư pháp"),
             unit("stp-tn", "Sở Tư pháp tỉnh Thái Nguyên", "Sở Tư pháp"),
             unit("cthads-lc", "Cục Thi hành án dân sự tỉnh Lào Cai", "Cục Thi hành án dân sự"),
             unit("cthads-hb", "Cục Thi hành án dân sự tỉnh Hòa Bình", "Cục Thi hành án dân sự"),
             unit("vp", "Văn phòng Cục, Bộ Tư pháp")]
    bloc = m.Bloc(year=2024, name="Cụm thi đua", short_name=None, code="CTĐ", place="Lào Cai", level="bo",
                  authority=None, council=None, chair="stp-lc", vice_chairs=(), slogan=None, units=tuple(units),
                  documents=(), rotation=None, src=Src("bloc.yaml", 1, 1))
    assert rc.grouped_names(bloc, [u.id for u in units]) == (
        "03 Sở Tư pháp (tỉnh Lào Cai, Hòa Bình, Thái Nguyên); 02 Cục Thi hành án dân sự (tỉnh Lào Cai, Hòa Bình); "
        "Văn phòng Cục, Bộ Tư pháp")
    assert rc.grouped_names(bloc, ["stp-lc", "vp"]) == "Sở Tư pháp tỉnh Lào Cai; Văn phòng Cục, Bộ Tư pháp"
    assert rc.grouped_names(bloc, ["stp-lc", "stp-hb"]) == "02 Sở Tư pháp (tỉnh Lào Cai, Hòa Bình)"


# --- the score table as its own document --------------------------------------------------------

def test_score_table_is_an_annex_of_its_own(tmp_path):
    doc = docx(tmp_path, "2020", "--kind", "bang-diem")
    lines = [p.text for p in doc.paragraphs if p.text]
    assert lines[:4] == ["Phụ lục", "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA", "NĂM 2020",
                         "(Kèm theo Báo cáo số 09/BC-KTĐ ngày 15/12/2020 của Khối thi đua các cơ quan Nội chính tỉnh)"]
    assert not doc.paragraphs[0].paragraph_format.page_break_before
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["STT", "Đơn vị"] and len(table.rows) == 8
    h1 = [p.text for p in docx(tmp_path, "2020", "--kind", "bang-diem", "--half", "1").paragraphs if p.text]
    assert h1[2] == "6 THÁNG ĐẦU NĂM 2020"


# --- the Báo cáo thành tích ---------------------------------------------------------------------

def test_achievement_report_of_a_proposed_unit_follows_the_decree_form(tmp_path):
    doc = docx(tmp_path, "2020", "--kind", "thanh-tich", "--unit", "cong-an")
    text = text_of(doc)
    header = doc.tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "CÔNG AN TỈNH BẮC GIANG"
    lines = [p.text for p in doc.paragraphs if p.text]
    assert lines[:3] == ["BÁO CÁO THÀNH TÍCH", "Đề nghị tặng Cờ thi đua của Chính phủ năm 2020",
                         "(Mẫu số 01 ban hành kèm theo Nghị định số 91/2017/NĐ-CP)"]
    for section in ("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "II. THÀNH TÍCH ĐẠT ĐƯỢC",
                    "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"):
        assert section in lines
    assert "Tên tập thể đề nghị: Công an tỉnh Bắc Giang." in text
    assert "Thủ trưởng đơn vị: đồng chí Trần Văn Quang, Giám đốc." in text
    assert "Tổng số cán bộ, công chức, người lao động: 2.150 người, trong đó nữ chiếm 18%." in text
    assert "Công an tỉnh Bắc Giang là cơ quan tham mưu" in text  # duties, from the unit's report
    assert "phát động phong trào thi đua “Vì an ninh Tổ quốc”" in text  # measures
    assert ("đạt 97,5 điểm (thang điểm 100), xếp loại Xuất sắc, xếp thứ 1/7 đơn vị trong Khối thi đua các cơ quan "
            "Nội chính tỉnh") in text
    past = doc.tables[1]
    assert [c.text for c in past.rows[0].cells] == ["Năm", "Kết quả thi đua", "Hình thức khen thưởng"]
    assert [c.text for c in past.rows[1].cells] == [
        "2019", "Xếp thứ 2/7 trong Khối, 96,5 điểm, xếp loại Xuất sắc",
        "Khối đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"]
    signs = doc.tables[-1].rows[0].cells
    assert [p.text for p in signs[1].paragraphs if p.text] == ["GIÁM ĐỐC", "Trần Văn Quang"]
    assert signs[0].paragraphs[0].text == "THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN"


def test_achievement_report_needs_a_proposed_unit(tmp_path):
    result = run("report", "2020", "--kind", "thanh-tich")
    assert result.exit_code == 2
    assert "ghi --unit MÃ" in result.output and "cong-an (Cờ thi đua của Chính phủ)" in result.output
    result = run("report", "2020", "--kind", "thanh-tich", "--unit", "thads")
    assert result.exit_code == 2 and "'thads' không được đề nghị khen thưởng năm 2020" in result.output
    assert run("report", "2020", "--unit", "thads").exit_code == 2
    text = text_of(docx(tmp_path, "2020", "--kind", "thanh-tich", "--unit", "thanh-tra"))
    assert "[Bổ sung biện pháp, nguyên nhân đạt được thành tích: mục “measures”" in text


# --- the Giao ước and the Bản đăng ký ----------------------------------------------------------

def test_covenant_has_the_clauses_and_every_unit_signs(tmp_path):
    doc = docx(tmp_path, "2020", "--kind", "giao-uoc")
    text = text_of(doc)
    assert doc.tables[0].cell(1, 1).text == "Bắc Giang, ngày 27 tháng 3 năm 2020"
    lines = [p.text for p in doc.paragraphs if p.text]
    assert lines[:2] == ["GIAO ƯỚC THI ĐUA", "Năm 2020"]
    assert "các đơn vị thành viên Khối thi đua các cơ quan Nội chính tỉnh (07 đơn vị) thống nhất ký kết" in text
    assert "1. Thi đua hoàn thành xuất sắc nhiệm vụ chính trị được giao" in text
    assert "4. Thi đua thực hiện tốt các nội dung của bảng chấm điểm thi đua năm 2020 của Khối" in text
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh (Công an tỉnh, TAND tỉnh" in text
    signs = doc.tables[-1]
    assert len(signs.rows) == 4  # seven units, two a row
    assert [p.text for p in signs.rows[0].cells[0].paragraphs if p.text] == [
        "CÔNG AN TỈNH BẮC GIANG", "GIÁM ĐỐC", "Trần Văn Quang"]
    units = [p.text for row in signs.rows for cell in row.cells for p in cell.paragraphs[:1] if p.text]
    assert len(units) == 7 and units[-1] == "CỤC THI HÀNH ÁN DÂN SỰ"  # then "TỈNH BẮC GIANG" on its own line


def test_covenant_needs_only_bloc_yaml(tmp_path):
    data = tmp_path / "data" / "2022"
    data.mkdir(parents=True)
    (data / "bloc.yaml").write_text(BLOC.replace("2021", "2022").format(name="Khối thi đua Nội chính", extra=""),
                                    encoding="utf-8")
    text = text_of(docx(tmp_path, "2022", "--kind", "giao-uoc", data=tmp_path / "data"))
    assert "[Bổ sung nội dung: mục “covenant” trong tệp" in text and "bảng chấm điểm" not in text


def test_registration_of_one_unit(tmp_path):
    doc = docx(tmp_path, "2020", "--kind", "dang-ky", "--unit", "cong-an")
    text = text_of(doc)
    assert doc.tables[0].cell(0, 0).paragraphs[0].text == "CÔNG AN TỈNH BẮC GIANG"
    assert "Kính gửi: Khối thi đua các cơ quan Nội chính tỉnh." in text
    assert "- Cờ thi đua của Ủy ban nhân dân tỉnh." in text
    assert "2. Chủ đề thi đua năm 2020: “Kỷ cương nghiêm, Pháp luật chắc, Nghiệp vụ sắc, Đắc nhân tâm”." in text
    right = doc.tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text] == ["GIÁM ĐỐC", "Trần Văn Quang"]
    result = run("report", "2020", "--kind", "dang-ky")
    assert result.exit_code == 2 and "ghi --unit MÃ" in result.output
    assert run("report", "2020", "--kind", "dang-ky", "--unit", "khong-co").exit_code == 2


# --- every new document keeps the page and fonts of Nghị định 30 -----------------------------------

@pytest.mark.parametrize("args", [["--kind", "bang-diem"], ["--kind", "thanh-tich", "--unit", "cong-an"],
                                  ["--kind", "giao-uoc"], ["--kind", "dang-ky", "--unit", "cong-an"]],
                         ids=["bang-diem", "thanh-tich", "giao-uoc", "dang-ky"])
def test_new_documents_keep_the_page_and_fonts(tmp_path, args):
    doc = docx(tmp_path, "2020", *args)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    for p in paragraphs(doc):
        if p.text.strip():
            style = p.style
            while style.font.name is None:
                style = style.base_style
            assert style.font.name == "Times New Roman", p.text
    assert "{{" not in text_of(doc) and "{%" not in text_of(doc)


def test_every_legal_period_and_level_has_a_routing():
    from thidua.awards.rules import legal_periods

    for period in legal_periods():
        for level in period.levels:
            assert rc.letter_routing(level, period.id) is not None, (level, period.id)


# --- LibreOffice's PDF ------------------------------------------------------------------------------

@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)")
def test_signatures_and_minutes_survive_in_the_pdf(tmp_path):
    names = {"so-ket": ["--half", "1"], "to-trinh": ["--kind", "to-trinh"], "bien-ban": ["--kind", "bien-ban"],
             "bang-diem": ["--kind", "bang-diem"], "thanh-tich": ["--kind", "thanh-tich", "--unit", "cong-an"],
             "giao-uoc": ["--kind", "giao-uoc"]}
    for name, args in names.items():
        assert run("report", "2020", *args, "-o", str(tmp_path / f"{name}.docx")).exit_code == 0
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path)] + [str(tmp_path / f"{n}.docx") for n in names],
                   check=True, capture_output=True, timeout=300)

    def flat(name):
        out = subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], check=True, capture_output=True)
        return " ".join(out.stdout.decode("utf-8").split())

    assert "TM. KHỐI THI ĐUA KT. TRƯỞNG KHỐI PHÓ TRƯỞNG KHỐI" in flat("so-ket")
    assert "PHÓ VIỆN TRƯỞNG" in flat("so-ket")
    letter = flat("to-trinh")
    assert "Số: 10/TTr-KTĐ" in letter and "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang" in letter
    assert "Hồ sơ kèm theo gồm:" in letter
    minutes = flat("bien-ban")
    assert "Số: 03/BB-KTĐ" in minutes and "CHỦ TỌA" in minutes and "THƯ KÝ" in minutes
    assert "Ban kiểm phiếu phát ra 7 phiếu" in minutes and "Bàn giao nhiệm vụ Trưởng khối năm 2021" in minutes
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA" in flat("bang-diem")
    achievement = flat("thanh-tich")
    assert "BÁO CÁO THÀNH TÍCH" in achievement and "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in achievement
    covenant = flat("giao-uoc")
    assert "GIAO ƯỚC THI ĐUA" in covenant and "CỤC THI HÀNH ÁN DÂN SỰ TỈNH BẮC GIANG" in covenant
