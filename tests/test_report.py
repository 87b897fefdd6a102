"""`thidua report`: golden Markdown and HTML, the Word documents' layout (Nghị định 30), templates, output.

Golden files live in tests/golden/. After a deliberate change of a template or of the sample data,
regenerate them and review the diff:

    THIDUA_REGEN_GOLDEN=1 python -m pytest -q tests/test_report.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.rendering.documents import context as rc
from thidua.cli import cli
from thidua.errors import ThiduaError, UsageError
from thidua.rendering.documents.render import output_format, refuse_terminal

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("THIDUA_REGEN_GOLDEN") == "1"

# (golden file, command-line arguments after `report 2020`)
DOCUMENTS = [
    ("report-2020-h1.md", ["--half", "1"]),
    ("report-2020-year.md", []),
    ("to-trinh-2020.md", ["--kind", "to-trinh"]),
    ("bien-ban-2020.md", ["--kind", "bien-ban"]),
    ("bang-diem-2020.md", ["--kind", "bang-diem"]),
    ("thanh-tich-2020-cong-an.md", ["--kind", "thanh-tich", "--unit", "cong-an"]),
    ("giao-uoc-2020.md", ["--kind", "giao-uoc"]),
    ("dang-ky-2020-cong-an.md", ["--kind", "dang-ky", "--unit", "cong-an"]),
]


def run(*args, data=SAMPLE):
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into output by default
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, ["--data", str(data), *args], catch_exceptions=False)


# --- a tiny bloc, written inline ------------------------------------------------------

TINY_BLOC = """\
year: 2021
name: Khối thi đua Thử nghiệm
code: KTN
place: Hà Tĩnh
level: tinh
chair: a
vice_chairs: [b]
slogan: Đoàn kết, đổi mới
units:
  - {id: a, name: "Đơn vị <An> & Cộng sự", short_name: Đơn vị A, registered: [co-tinh]}
  - {id: b, name: Đơn vị Bình, registered: [co-tinh], theme: "Kỷ cương, hiệu quả"}
  - {id: c, name: Đơn vị Cường}
documents:
  - {kind: plan, number: 3/KH-KTN, date: 2021-02-05, issuer: Khối thi đua Thử nghiệm,
     title: Kế hoạch phát động thi đua năm 2021}
"""

TINY_SHEET = """\
year: 2021
groups:
  - id: "1"
    name: Nhiệm vụ
    criteria:
      - {id: "1.1", name: Chuyên môn, max: 60}
      - {id: "1.2", name: Phong trào, max: 40}
grades:
  - {name: Xuất sắc, min_total: 90}
  - {name: Tốt, min_total: 0}
"""

TINY_SUMMARY = """\
year: 2021
period: h1
report:
  number: 3
  date: 2021-07-20
  signer: {name: Lê Văn Ký, role: chair}
  recipients: [Hội đồng TĐKT tỉnh (b/c)]
situation: [Tình hình 6 tháng đầu năm.]
"""


def tiny_bloc(root: Path, summary: bool = True) -> Path:
    """A three-unit bloc with a sơ kết (h1) period; returns its data folder."""
    data = root / "data"
    h1 = data / "2021" / "h1"
    h1.mkdir(parents=True)
    (data / "2021" / "bloc.yaml").write_text(TINY_BLOC, encoding="utf-8")
    (data / "2021" / "criteria.yaml").write_text(TINY_SHEET, encoding="utf-8")
    for unit, points in (("a", "38"), ("b", "38,5"), ("c", "20")):
        (h1 / f"{unit}.yaml").write_text(
            f"unit: {unit}\nyear: 2021\nperiod: h1\nscores: {{'1.1': 50, '1.2': '{points}'}}\n"
            f"achievements: [Kết quả của đơn vị {unit}]\n", encoding="utf-8")
    if summary:
        (h1 / "summary.yaml").write_text(TINY_SUMMARY, encoding="utf-8")
    return data


# --- words and numbers -------------------------------------------------------------------

def test_join_vi():
    assert (rc.join_vi([]), rc.join_vi(["a"]), rc.join_vi(["a", "b"]), rc.join_vi(["a", "b", "c"])) == \
        ("", "a", "a và b", "a, b và c")


def test_document_numbers_take_a_leading_zero_under_ten():
    assert rc.doc_number("5", "bao-cao", "KTĐ") == "05/BC-KTĐ"
    assert rc.doc_number("12", "bao-cao", "KTĐ") == "12/BC-KTĐ"
    assert rc.doc_number(None, "to-trinh", "KTĐ") == "…/TTr-KTĐ"
    assert rc.doc_number("07/BC-KTĐ", "bao-cao", "X") == "07/BC-KTĐ"


def test_percent_and_counts():
    assert (rc.fmt_percent(6, 7), rc.fmt_percent(7, 7), rc.fmt_percent(1, 8)) == ("85,7%", "100%", "12,5%")
    assert (rc.fmt_count(7), rc.fmt_count(12)) == ("07", "12")


def test_list_lines_punctuate_an_enumeration():
    assert rc.list_lines(["a;", "b.", "c"]) == ("- a;", "- b;", "- c.")


def test_long_signing_unit_breaks_before_its_place():
    assert rc.break_name("VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC GIANG") == ("VIỆN KIỂM SÁT NHÂN DÂN", "TỈNH BẮC GIANG")
    assert rc.break_name("THANH TRA TỈNH") == ("THANH TRA TỈNH",)


def test_titles_of_the_two_reports():
    assert rc.period_title("h1", 2019) == ("Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2019; "
                                           "phương hướng, nhiệm vụ 6 tháng cuối năm 2019")
    assert rc.period_title("year", 2020) == ("Tổng kết công tác thi đua, khen thưởng năm 2020; "
                                             "phương hướng, nhiệm vụ năm 2021")


# --- golden Markdown and HTML on the sample bloc ------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("golden,args", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_golden_documents(golden, args, fmt):
    result = run("report", "2020", *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    path = GOLDEN / golden.replace(".md", f".{fmt}")
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with THIDUA_REGEN_GOLDEN=1"
    assert result.stdout == path.read_text(encoding="utf-8")


def test_report_sentences_are_computed_from_the_data(tmp_path):
    result = run("report", "2021", "--half", "1", data=tiny_bloc(tmp_path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Số: 03/BC-KTN" in out
    assert "Hà Tĩnh, ngày 20 tháng 7 năm 2021" in out
    assert ("Có 2/3 đơn vị trong Khối đã đăng ký danh hiệu Cờ thi đua của Ủy ban nhân dân tỉnh "
            "(Đơn vị A và Đơn vị Bình).") in out
    assert "Thực hiện Kế hoạch số 3/KH-KTN ngày 05/02/2021 của Khối thi đua Thử nghiệm về phát động" in out
    assert "03 đơn vị thành viên: Đơn vị <An> & Cộng sự, Đơn vị Bình và Đơn vị Cường" in out
    assert "Đơn vị Bình dẫn đầu Khối với tổng điểm 88,5." in out
    assert "chưa có kết quả thẩm định của Trưởng khối" in out
    assert "[Bổ sung nội dung: mục “lessons”" in out
    assert "- Lưu: VT, Đơn vị A." in out


def test_html_is_escaped_and_printable(tmp_path):
    result = run("report", "2021", "--half", "1", "--format", "html", data=tiny_bloc(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Đơn vị &lt;An&gt; &amp; Cộng sự" in result.stdout
    assert "<An>" not in result.stdout
    assert "@page { size: A4" in result.stdout


# --- the Word documents -------------------------------------------------------------------

def _docx(tmp_path, name, *args, data=SAMPLE):
    from docx import Document

    out = tmp_path / name
    result = run("report", *args, "-o", str(out), data=data)
    assert result.exit_code == 0, result.output
    return Document(str(out))


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _font_size(paragraph):
    style = paragraph.style
    while style is not None and style.font.size is None:
        style = style.base_style
    return style.font.size.pt if style is not None else None


def _font_name(paragraph):
    style = paragraph.style
    while style is not None and style.font.name is None:
        style = style.base_style
    return style.font.name if style is not None else None


@pytest.mark.parametrize("args", [["--half", "1"], [], ["--kind", "to-trinh"], ["--kind", "bien-ban"]],
                         ids=["so-ket", "tong-ket", "to-trinh", "bien-ban"])
def test_docx_follows_decree_30(tmp_path, args):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = _docx(tmp_path, "out.docx", "2020", *args)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    # Page numbers from page 2: a first page without a header, then a PAGE field.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml

    text = "\n".join(p.text for p in _all_paragraphs(doc))
    assert "{{" not in text and "{%" not in text
    for p in _all_paragraphs(doc):
        if p.text.strip():
            assert _font_name(p) == "Times New Roman", p.text
            assert 11 <= _font_size(p) <= 14, p.text

    header = doc.tables[0]
    issuer, nation = header.cell(0, 0), header.cell(0, 1)
    assert issuer.paragraphs[0].text == "KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH"
    assert issuer.paragraphs[0].style.font.bold and 12 <= _font_size(issuer.paragraphs[0]) <= 13
    assert nation.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert nation.paragraphs[0].style.font.bold and 12 <= _font_size(nation.paragraphs[0]) <= 13
    motto = nation.paragraphs[1]
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.runs[0].underline
    assert motto.style.font.bold and 13 <= _font_size(motto) <= 14
    assert "tblBorders" in header._tbl.xml and 'w:val="nil"' in header._tbl.xml
    assert re.match(r"Số: (\d\d|…)/(BC|TTr|BB)-KTĐ$", header.cell(1, 0).text)
    place = header.cell(1, 1).paragraphs[0]
    assert place.text.startswith("Bắc Giang, ngày ") and place.style.font.italic

    title = next(p for p in doc.paragraphs if p.text in ("BÁO CÁO", "TỜ TRÌNH", "BIÊN BẢN"))
    assert title.style.font.bold and title.alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    body = [p for p in doc.paragraphs if p.style.name == "TD Body" and p.text]
    assert body and all(p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY for p in body)
    assert abs(body[0].style.paragraph_format.first_line_indent - Mm(10)) < Mm(1)

    assert "TM. KHỐI THI ĐUA" in text or "CHỦ TỌA" in text
    assert any(name in text for name in ("Nguyễn Văn Minh", "Đỗ Thị Thu Hà"))


def test_docx_report_tables_and_signature(tmp_path):
    doc = _docx(tmp_path, "tong-ket.docx", "2020")
    header_cells = [c.text for c in doc.tables[-1].rows[0].cells]
    assert header_cells[:2] == ["STT", "Đơn vị"] and "Tổng điểm" in header_cells
    units = [row.cells[1].text for row in doc.tables[-1].rows[1:]]
    assert len(units) == 7 and "Công an tỉnh Bắc Giang" in units
    signature = doc.tables[1]
    left, right = (c.paragraphs for c in signature.rows[0].cells)
    assert left[0].text == "Nơi nhận:" and left[0].style.font.bold and left[0].style.font.italic
    assert _font_size(left[0]) == 12 and _font_size(left[1]) == 11
    assert left[-1].text.startswith("- Lưu: VT, ")
    assert [p.text for p in right[:2]] == ["TM. KHỐI THI ĐUA", "TRƯỞNG KHỐI"]
    assert right[-1].text == "Nguyễn Văn Minh" and right[-1].style.font.bold
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng kết công tác thi đua, khen thưởng năm 2020; phương hướng, nhiệm vụ năm 2021" in text
    assert "V. ĐỀ XUẤT, KIẾN NGHỊ" in text


def test_docx_escapes_special_characters(tmp_path):
    doc = _docx(tmp_path, "so-ket.docx", "2021", "--half", "1", data=tiny_bloc(tmp_path))
    assert any("Đơn vị <An> & Cộng sự" in p.text for p in doc.paragraphs)


# --- templates: local override, sandbox, StrictUndefined ---------------------------------------

def test_local_template_overrides_the_shipped_one(tmp_path):
    data = tiny_bloc(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bao-cao.md.j2").write_text(
        '{% include "_header.md.j2" %}\nMẪU RIÊNG: {{ heading.issuer|lower }}\n', encoding="utf-8")
    result = run("report", "2021", "--half", "1", data=data)
    assert result.exit_code == 0, result.output
    assert "MẪU RIÊNG: khối thi đua thử nghiệm" in result.stdout
    assert "# BÁO CÁO" in result.stdout  # the shipped _header.md.j2, included from the local template


def test_local_docx_template_overrides_the_shipped_one(tmp_path):
    from docx import Document

    data = tiny_bloc(tmp_path)
    (tmp_path / "templates").mkdir()
    mine = Document()
    mine.add_paragraph("Mẫu của Khối: {{ heading.number }}")
    mine.save(str(tmp_path / "templates" / "bao-cao.docx"))
    doc = _docx(tmp_path, "out.docx", "2021", "--half", "1", data=data)
    assert [p.text for p in doc.paragraphs] == ["Mẫu của Khối: Số: 03/BC-KTN"]


@pytest.mark.parametrize("source,expected", [
    ("Dòng 1\n{{ titel }}\n", ["templates/bao-cao.md.j2:2", "không có biến 'titel'"]),
    ("{{ heading.isuer }}\n", ["bao-cao.md.j2:1", "'Heading' không có thuộc tính 'isuer'"]),
    ("\n\n{% for x in y %}\n", ["bao-cao.md.j2", "sai cú pháp Jinja"]),
    ("{{ heading.__class__.__mro__ }}\n", ["bao-cao.md.j2:1", "không được phép truy cập '__class__'"]),
    ("{{ signature.recipients.append(1) }}\n", ["bao-cao.md.j2:1", "'append'"]),
    ('{% include "bao-cao.md.j2" %}\n', ["bao-cao.md.j2:1", "mẫu tự gọi lại chính nó"]),
    ("\n{{ 1 / 0 }}\n", ["bao-cao.md.j2:2", "mẫu chia một số cho 0"]),
    ('{{ "a" + 1 }}\n', ["bao-cao.md.j2:1", "lỗi khi tính một biểu thức của mẫu (TypeError"]),
])
def test_template_errors_name_the_template_and_line(tmp_path, monkeypatch, source, expected):
    data = tiny_bloc(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bao-cao.md.j2").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("report", "2021", "--half", "1", data=data)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for words in expected:
        assert words in result.stderr


def test_error_in_an_included_template_names_that_template(tmp_path, monkeypatch):
    data = tiny_bloc(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bao-cao.md.j2").write_text('{% include "_mine.md.j2" %}\n', encoding="utf-8")
    (tmp_path / "templates" / "_mine.md.j2").write_text("dòng 1\n{{ heading.nummber }}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("report", "2021", "--half", "1", data=data)
    assert result.exit_code == 1
    assert "templates/_mine.md.j2:2: 'Heading' không có thuộc tính 'nummber'" in result.stderr


def test_docx_template_error_names_the_paragraph(tmp_path, monkeypatch):
    from docx import Document

    data = tiny_bloc(tmp_path)
    (tmp_path / "templates").mkdir()
    mine = Document()
    mine.add_paragraph("Tiêu đề")
    mine.add_paragraph("Dòng có lỗi {{ heading.isuer }}")
    mine.save(str(tmp_path / "templates" / "bao-cao.docx"))
    monkeypatch.chdir(tmp_path)
    result = run("report", "2021", "--half", "1", "-o", "out.docx", data=data)
    assert result.exit_code == 1
    assert "templates/bao-cao.docx, đoạn văn thứ 2 («Dòng có lỗi {{ heading.isuer }}»)" in result.stderr
    assert not (tmp_path / "out.docx").exists()


# --- output -------------------------------------------------------------------------------

def test_format_is_inferred_from_the_extension():
    assert [output_format(n, None) for n in ("a.docx", "b.MD", "c.htm", None)] == ["docx", "md", "html", "md"]
    assert output_format("a.docx", "md") == "md"
    with pytest.raises(UsageError) as caught:
        output_format("a.pdf", None)
    assert "a.pdf" in caught.value.message


def test_existing_output_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "so-ket.md"
    out.write_text("bản cũ", encoding="utf-8")
    refused = run("report", "2020", "--half", "1", "-o", str(out))
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "bản cũ"
    forced = run("report", "2020", "--half", "1", "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("**KHỐI THI ĐUA")


def test_letter_and_minutes_are_for_the_year_only():
    result = run("report", "2020", "--half", "1", "--kind", "bien-ban")
    assert result.exit_code == 2 and "chỉ lập cho cả năm" in result.stderr


def test_docx_to_a_terminal_is_refused():
    class Tty:
        def isatty(self):
            return True

    with pytest.raises(ThiduaError) as caught:
        refuse_terminal("docx", Tty())
    assert "-o" in caught.value.message
    refuse_terminal("md", Tty())


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_docx_to_a_real_terminal_is_refused_and_to_a_pipe_is_written():
    master, slave = os.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "thidua", "--data", str(SAMPLE), "report", "2020",
                               "--format", "docx"], stdout=slave, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 2
    assert "Không in tệp Word" in proc.stderr.decode("utf-8")
    piped = subprocess.run([sys.executable, "-m", "thidua", "--data", str(SAMPLE), "report", "2020",
                            "--format", "docx"], capture_output=True, timeout=120)
    assert piped.returncode == 0 and piped.stdout[:2] == b"PK"


# --- LibreOffice: every document converts to PDF -------------------------------------------

@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)")
def test_docx_converts_to_pdf_with_libreoffice(tmp_path):
    names = {"so-ket": ["--half", "1"], "tong-ket": [], "to-trinh": ["--kind", "to-trinh"],
             "bien-ban": ["--kind", "bien-ban"]}
    for name, args in names.items():
        assert run("report", "2020", *args, "-o", str(tmp_path / f"{name}.docx")).exit_code == 0
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path)] + [str(tmp_path / f"{n}.docx") for n in names],
                   check=True, capture_output=True, timeout=300)
    units = ["Công an tỉnh Bắc Giang", "Tòa án nhân dân tỉnh Bắc Giang", "Viện kiểm sát nhân dân tỉnh Bắc Giang",
             "Sở Tư pháp tỉnh Bắc Giang", "Thanh tra tỉnh Bắc Giang", "Bộ Chỉ huy Quân sự tỉnh Bắc Giang",
             "Cục Thi hành án dân sự tỉnh Bắc Giang"]
    titles = {"so-ket": "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020",
              "tong-ket": "Tổng kết công tác thi đua, khen thưởng năm 2020",
              "to-trinh": "Về việc đề nghị tặng", "bien-ban": "Hội nghị tổng kết công tác thi đua, khen thưởng và bình xét"}
    for name in names:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), name
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode("utf-8")
        flat = " ".join(text.split())
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "Độc lập - Tự do - Hạnh phúc" in flat
        assert "KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH" in flat
        assert titles[name] in flat
        wanted = units if name != "to-trinh" else units[:3] + units[4:5]
        for unit in wanted:
            assert unit in flat, (name, unit)


def test_award_proposals_name_the_units_and_flag_ties(tmp_path):
    from types import SimpleNamespace as NS
    from decimal import Decimal

    from thidua.reading.loader import load_year

    year, _ = load_year(tiny_bloc(tmp_path), 2021)

    def entry(unit, rank, votes=None):
        return NS(unit=unit, rank=rank, total=Decimal("88.5"), grade="Tốt", votes=votes, voters=3)

    flag = NS(name="Cờ thi đua", proposed=(entry("b", 1, 3),), ties=())
    merit = NS(name="Bằng khen", proposed=(), ties=(NS(entries=(entry("a", 2), entry("c", 2)), seats=1),))
    flag_text, merit_text = rc.award_proposals(year, NS(awards=(flag, merit)))
    assert flag_text.sentence == "Cờ thi đua cho 01 đơn vị: Đơn vị Bình (đơn vị dẫn đầu Khối)"
    assert flag_text.units == ("- Đơn vị Bình: đơn vị dẫn đầu Khối; tổng điểm 88,5, xếp loại Tốt; 3/3 phiếu đồng ý.",)
    assert merit_text.heading == "Bằng khen: chưa phân định, Khối bỏ phiếu để quyết định"
    assert merit_text.ties[0].startswith("Đơn vị <An> & Cộng sự và Đơn vị Cường cùng hạng 2, tranh 01 suất Bằng khen")


def test_the_h1_report_reads_of_year_only_the_files_that_date_the_year_end(tmp_path):
    """The h1 report's award names come from the rules of the year-end conference date
    (year/summary.yaml): that file is read, year/'s self-reports are not, so a broken one changes nothing."""
    from conftest import SAMPLE, copy_data

    from thidua.reading.loader import load_year

    data = copy_data(SAMPLE, tmp_path / "khoi")
    clean = CliRunner().invoke(cli, ["--data", str(data), "report", "2020", "--half", "1", "--format", "md"])
    (data / "2020" / "year" / "cong-an.yaml").write_text("unit: [\n", encoding="utf-8")
    year, problems = load_year(data, 2020, "h1", year_end_dates=True)
    broken = CliRunner().invoke(cli, ["--data", str(data), "report", "2020", "--half", "1", "--format", "md"])

    assert year.periods["year"].summary is not None and year.periods["year"].summary.report.conference_date
    assert year.ballots is not None
    assert dict(year.periods["year"].reports) == {} and year.periods["h1"].reports
    assert not any("cong-an" in p.src.file for p in problems)
    assert clean.exit_code == 0, clean.output
    assert broken.exit_code == 0 and broken.stdout == clean.stdout
