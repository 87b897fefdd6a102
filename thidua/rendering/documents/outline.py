"""The outline of each document, written once: the DOCX, Markdown and HTML templates are made from it.

An outline is a sequence of blocks, each holding the Jinja expressions it places (the names of the
typed context in `context.py`). `markup.py` writes a block as Markdown and as HTML, `word.py` as
Word paragraphs and tables with docxtpl tags; `python scripts/make_templates.py` writes all the
shipped templates (templates/*.md.j2, *.html.j2, *.docx), and a test checks they are what it makes.

The parts every document shares (the header, the signature block, the score table) are blocks of
their own; in Markdown and HTML they are the partials `_header`, `_signature` and `_scores`, which
a bloc may override one by one in its own `templates/` folder.
"""

from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple, Tuple, Union


# --- blocks -------------------------------------------------------------------------


class Heading(NamedTuple):
    """A heading: level 2 a section ("I. ..."), 3 a subsection ("1. ..."), 4 a unit or an award ("3.1. ...")."""

    level: int
    text: str


class Para(NamedTuple):
    """One paragraph. Styles: body, closing (the last paragraph before the signature), note (small,
    italic), addressee (centred "Kính gửi: ...")."""

    text: str
    style: str = "body"


class Each(NamedTuple):
    """One paragraph per item of a list. `tight`: in Markdown the items are lines of one block
    (a list) rather than paragraphs of their own."""

    loop: str  # "p in situation"
    text: str = "{{ p }}"
    style: str = "body"
    tight: bool = False


class If(NamedTuple):
    condition: str
    body: Tuple["Block", ...]


class For(NamedTuple):
    """The body once per item (blocks that use the loop variable and `loop.index`)."""

    loop: str
    body: Tuple["Block", ...]


class Header(NamedTuple):
    """The header of Nghị định 30 (issuing body, national name and motto, number, place and date)
    and the title with its summary line: the `heading` of the context."""

    partial: str = "_header"  # the Markdown and HTML partial (_header.md.j2, _header.html.j2)


class Signature(NamedTuple):
    """The signature block ("TM. KHỐI THI ĐUA", role, unit, name) beside "Nơi nhận:" and the recipients:
    the `signature` of the context."""

    partial: str = "_signature"
    recipients_title: str = "Nơi nhận:"


class MinutesSignature(NamedTuple):
    """Two signatures side by side: the minutes' secretary (`left_name`) on the left, the presiding
    chair (`signature.on_behalf`, "CHỦ TỌA", and `signature.name`) on the right; the achievement
    report's confirming superior on the left (no name) and the unit's head on the right."""

    secretary: str = "THƯ KÝ"  # the left title (may be an expression)
    left_name: str = "secretary_name"  # the expression of the left name; "" for none


class PairSignatures(NamedTuple):
    """The covenant's signatures: one borderless row per item of `signers`, two units side by side
    (`row.left.unit`, `row.left.position`, `row.left.name` and the same of `row.right`)."""

    loop: str = "row in signers"


class Grid(NamedTuple):
    """A bordered table, one row per item of `loop` ("row in past"), columns as the score table's."""

    loop: str
    columns: Tuple["ScoreColumn", ...]


class Scores(NamedTuple):
    """The score table (`scores.rows`, one row a unit, columns SCORE_COLUMNS) and its notes (`scores.notes`)."""

    partial: str = "_scores"


class Annex(NamedTuple):
    """An annex on a page of its own: its title, the caption (two centred upper-case lines when
    printed, one heading in Markdown), the reference to the document, then its blocks."""

    title: str
    caption: Tuple[str, ...]
    markdown_caption: str
    ref: str
    body: Tuple["Block", ...]
    page_break: bool = True  # False: the annex is a document of its own


Block = Union[Heading, Para, Each, If, For, Header, Signature, MinutesSignature, PairSignatures, Grid, Scores, Annex]


class ScoreColumn(NamedTuple):
    """A column of the score table. kind: number (centred; right-aligned in Markdown),
    name (left-aligned), text (centred; escaped in Markdown cells)."""

    head: str
    cell: str  # the expression, on `row`
    width_cm: float  # in the Word table
    kind: str = "number"


SCORE_COLUMNS = (
    ScoreColumn("STT", "row.number", 1.0),
    ScoreColumn("Đơn vị", "row.unit", 4.4, "name"),
    ScoreColumn("Tự chấm", "row.self_points", 1.5),
    ScoreColumn("Thẩm định", "row.checked", 1.7),
    ScoreColumn("Điểm thưởng", "row.bonus", 1.6),
    ScoreColumn("Điểm trừ", "row.deductions", 1.4),
    ScoreColumn("Tổng điểm", "row.total", 1.6),
    ScoreColumn("Xếp loại", "row.grade", 2.0, "text"),
    ScoreColumn("Xếp hạng", "row.rank", 1.6, "text"),
)


SCORE_ROW = "row in scores.rows"
SCORE_NOTES = Each("n in scores.notes", "{{ n }}", "note")


class Outline(NamedTuple):
    """One document: its template name (bao-cao -> bao-cao.md.j2, .html.j2, .docx), what it is,
    the context class that fills it, and its blocks."""

    name: str
    what: str  # "Báo cáo sơ kết / tổng kết", in the templates' first comment
    context: str  # "ReportContext"
    blocks: Tuple[Block, ...]
    module: str = "context"  # where the context class is: thidua/rendering/documents/<module>.py


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, those inside `If`, `For` and `Annex` included, in order."""
    for block in blocks:
        yield block
        if isinstance(block, (If, For, Annex)):
            yield from walk(block.body)


# --- the documents --------------------------------------------------------------------

REPORT = Outline("bao-cao", "Báo cáo sơ kết / tổng kết", "ReportContext", (
    Header(),
    Para("{{ basis }}"),
    Heading(2, "ĐẶC ĐIỂM TÌNH HÌNH"),
    Para("{{ membership }}"),
    Each("p in situation"),
    Heading(2, "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC THI ĐUA, KHEN THƯỞNG"),
    Heading(3, "1. Công tác tổ chức, triển khai phong trào thi đua"),
    Each("p in assessment"),
    Each("p in registration"),
    If("themes_intro", (
        Para("{{ themes_intro }}"),
        Each("t in themes", "{{ t }}", tight=True),
    )),
    If("slogan", (Para("{{ slogan }}"),)),
    Heading(3, "2. Các phong trào thi đua"),
    Each("p in movements"),
    Heading(3, "3. Kết quả thực hiện nhiệm vụ của các đơn vị"),
    For("r in results", (
        Heading(4, "3.{{ loop.index }}. {{ r.unit }}"),
        Each("i in r.items", "- {{ i }}", tight=True),
    )),
    If("scores", (
        Heading(3, "4. Kết quả chấm điểm thi đua"),
        Each("s in score_summary", "{{ s }}"),
        Para("Kết quả chi tiết tại Phụ lục kèm theo Báo cáo này."),
    )),
    If("honours", (
        Heading(3, "{{ honours_heading }}"),
        Each("h in honours", "{{ h }}", tight=True),
    )),
    Heading(2, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
    Heading(3, "1. Tồn tại, hạn chế"),
    Each("p in limitations"),
    Heading(3, "2. Nguyên nhân"),
    Each("p in causes"),
    Heading(2, "III. BÀI HỌC KINH NGHIỆM"),
    Each("p in lessons"),
    Heading(2, "IV. {{ directions_heading }}"),
    Each("p in directions"),
    If("handover", (Para("{{ handover }}"),)),
    If("proposals or recommendations", (
        Heading(2, "V. ĐỀ XUẤT, KIẾN NGHỊ"),
        If("proposals", (
            Para("{{ proposals_intro }}"),
            Each("p in proposals", tight=True),
        )),
        Each("p in recommendations"),
    )),
    Para("{{ closing }}", "closing"),
    Signature(),
    If("scores", (
        Annex("Phụ lục", ("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA", "{{ scores.period_words|upper }}"),
              "{{ scores.caption }}", "{{ annex_heading }}", (Scores(),)),
    )),
))

SCORES = Outline("bang-diem", "Phụ lục: Bảng tổng hợp kết quả chấm điểm thi đua", "ScoresContext", (
    Annex("Phụ lục", ("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA", "{{ scores.period_words|upper }}"),
          "{{ scores.caption }}", "{{ annex_heading }}", (Scores(), Each("s in scores.summary", "{{ s }}")),
          page_break=False),
))

LETTER = Outline("to-trinh", "Tờ trình đề nghị khen thưởng", "LetterContext", (
    Header(),
    Para("Kính gửi: {{ addressee }}.", "addressee"),
    Each("p in basis"),
    Para("{{ intro }}"),
    For("a in awards", (
        Heading(3, "{{ loop.index }}. {{ a.heading }}"),
        For("u in a.entries", (
            Para("{{ u.line }}"),
            If("u.achievement", (Para("Thành tích nổi bật: {{ u.achievement }}", "note"),)),
        )),
        Each("t in a.ties", "Lưu ý: {{ t }}", "note"),
    )),
    Para("{{ enclosed }}"),
    Each("e in enclosures", "{{ e }}", tight=True),
    Para("{{ closing }}", "closing"),
    Signature(),
))

MINUTES = Outline("bien-ban", "Biên bản Hội nghị tổng kết, bình xét đề nghị khen thưởng", "MinutesContext", (
    Header(),
    Para("{{ opening }}"),
    Heading(2, "I. THÀNH PHẦN"),
    Para("{{ chair }}"),
    Para("{{ secretary }}"),
    Para("{{ attendance }}"),
    If("present", (Each("p in present", tight=True),)),
    If("absent", (Para("{{ absent }}"),)),
    If("guests", (Each("g in guests", "{{ g }}", tight=True),)),
    Heading(2, "II. NỘI DUNG"),
    Heading(3, "{{ scores_heading }}"),
    If("scores", (
        Para("{{ scores_intro }}"),
        Scores(),
        Each("s in scores.summary", "{{ s }}"),
    )),
    If("discussion", (
        Heading(3, "{{ discussion_heading }}"),
        Each("p in discussion"),
    )),
    Heading(3, "{{ vote_heading }}"),
    If("agreed_line", (Para("{{ agreed_line }}"),)),
    If("board", (Each("b in board", "{{ b }}", tight=True),)),
    For("ballot in ballots", (
        Heading(4, "{{ ballot.heading }}"),
        Para("{{ ballot.attendance }}"),
        If("ballot.papers", (Para("{{ ballot.papers }}"),)),
        For("r in ballot.rounds", (
            Para("{{ r.label }}:"),
            Each("line in r.lines", "{{ line }}", tight=True),
        )),
        Para("{{ ballot.outcome }}"),
    )),
    If("handover", (
        Heading(3, "{{ handover_heading }}"),
        Each("p in handover"),
    )),
    Heading(3, "{{ conclusion_heading }}"),
    Each("p in conclusion", tight=True),
    Para("{{ ending }}", "closing"),
    MinutesSignature(),
))

PAST_COLUMNS = (
    ScoreColumn("Năm", "row.year", 1.6),
    ScoreColumn("Kết quả thi đua", "row.result", 7.4, "name"),
    ScoreColumn("Hình thức khen thưởng", "row.awards", 7.4, "name"),
)

ACHIEVEMENT = Outline("thanh-tich", "Báo cáo thành tích đề nghị khen thưởng", "AchievementContext", (
    Header(),
    Para("{{ form }}", "note"),
    Heading(2, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"),
    Each("p in particulars"),
    Each("p in duties"),
    Heading(2, "II. THÀNH TÍCH ĐẠT ĐƯỢC"),
    Heading(3, "1. Kết quả thực hiện nhiệm vụ năm {{ year }}"),
    Each("r in results", "- {{ r }}", tight=True),
    If("scores", (Para("{{ scores }}"),)),
    Heading(3, "2. Biện pháp, nguyên nhân đạt được thành tích"),
    Each("p in measures"),
    Heading(2, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"),
    If("past", (Grid("row in past", PAST_COLUMNS), Para("{{ past_note }}", "note"))),
    If("not past", (Para("Dữ liệu chưa có năm nào trước năm {{ year }} của đơn vị."),)),
    MinutesSignature("{{ confirmer }}", ""),
), "achievement")

COVENANT = Outline("giao-uoc", "Giao ước thi đua", "CovenantContext", (
    Header(),
    Para("{{ intro }}"),
    Each("a in articles", "{{ a }}"),
    Para("{{ closing }}", "closing"),
    PairSignatures(),
), "covenant")

REGISTRATION = Outline("dang-ky", "Bản đăng ký thi đua của một đơn vị", "RegistrationContext", (
    Header(),
    Para("Kính gửi: {{ addressee }}.", "addressee"),
    Para("{{ intro }}"),
    Heading(3, "{{ titles_heading }}"),
    Each("t in titles", "{{ t }}", tight=True),
    If("theme", (Heading(3, "{{ theme }}"),)),
    Para("{{ pledge }}", "closing"),
    MinutesSignature("", ""),
), "covenant")

OUTLINES = (REPORT, LETTER, MINUTES, SCORES, ACHIEVEMENT, COVENANT, REGISTRATION)


# --- the provincial council's documents (`thidua council --document`) -----------------------
# Contexts: CouncilLetterContext and CouncilMinutesContext in thidua/rendering/documents/council.py.

COUNCIL_LETTER = Outline("hd-to-trinh", "Tờ trình của Hội đồng Thi đua - Khen thưởng tỉnh", "CouncilLetterContext", (
    Header(),
    Para("Kính gửi: {{ addressee }}.", "addressee"),
    Each("p in basis"),
    Para("{{ intro }}"),
    For("a in awards", (
        Heading(3, "{{ a.heading }}"),
        Each("u in a.units", "{{ u }}", tight=True),
        If("a.notes", (Each("n in a.notes", "{{ n }}", "note"),)),
    )),
    If("none", (Para("{{ none }}"),)),
    If("declined", (Each("d in declined", "{{ d }}", tight=True),)),
    If("not_ready", (
        Para("Các Khối chưa đủ điều kiện xét năm nay:"),
        Each("b in not_ready", "{{ b }}", tight=True),
    )),
    Para("{{ enclosed }}", "note"),
    Para("{{ closing }}", "closing"),
    Signature(),
))

COUNCIL_MINUTES = Outline("hd-bien-ban", "Biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh", "CouncilMinutesContext", (
    Header(),
    Para("{{ opening }}"),
    Heading(2, "I. THÀNH PHẦN"),
    Each("p in composition"),
    Heading(2, "II. NỘI DUNG"),
    Heading(3, "1. Kết quả thi đua của các Khối"),
    Each("b in blocs", "{{ b }}", tight=True),
    Heading(3, "2. Kết quả bỏ phiếu kín của Hội đồng"),
    For("ballot in ballots", (
        Heading(4, "{{ ballot.heading }}"),
        Para("{{ ballot.attendance }} {{ ballot.threshold }}"),
        Each("line in ballot.votes", "{{ line }}", tight=True),
        Para("{{ ballot.outcome }}"),
    )),
    Heading(2, "III. KẾT LUẬN"),
    Each("p in conclusion"),
    Para("{{ ending }}", "closing"),
    MinutesSignature(),
))

OUTLINES = OUTLINES + (COUNCIL_LETTER, COUNCIL_MINUTES)
