"""The file formats of a bloc's data folder, for the loader and the schema.

Each record declares its keys on its fields (see `thidua.model`); a format here adds what a file
says about the record as a whole (its title in messages, its doc) and, where the record is not
built from its keys as they are, how it is built (`factory`).  review.yaml's keys are declared
here: its records (a Correction, a UnitReview) are not shaped as the file is.

Keys are English; descriptions (shown by editors through the JSON Schema) are Vietnamese.
"""

from decimal import Decimal
from typing import Any, Dict

from thidua import model as m
from thidua.reading.spec import FORMATS, Ctx, Date, DictOf, Key, Num, Obj, Str, Type
from thidua.reading.yamlread import Map, Node

# --- bloc.yaml -------------------------------------------------------------

DOCUMENT = Obj.of(m.Document, title="văn bản căn cứ", doc="Văn bản làm căn cứ (kế hoạch, hướng dẫn, quyết định).")
UNIT = Obj.of(m.Unit, title="đơn vị thành viên", doc="Một đơn vị thành viên của Khối.")
SKIP = Obj.of(m.Skip, title="đơn vị bỏ qua khi luân phiên")
ROTATION = Obj.of(m.Rotation, title="quy tắc luân phiên", doc="Quy tắc luân phiên Trưởng khối.")
DEADLINE = Obj.of(m.Deadline, title="hạn của một kỳ", doc="Hạn gửi báo cáo, hạn thẩm định và ngày Hội nghị của một kỳ.")
DEADLINES = Obj.of(m.Deadlines, title="hạn của các kỳ",
                   doc="Hạn của kỳ sơ kết (h1) và kỳ tổng kết (year); `thidua status` so với các hạn này.")
BLOC = Obj.of(
    m.Bloc,
    title="tệp Khối thi đua (bloc.yaml)",
    doc="Khối thi đua trong một năm: thành viên, Trưởng khối, Phó Trưởng khối, văn bản căn cứ.",
    factory=lambda code, **kw: m.Bloc(code=code or "KTĐ", **kw),  # left out or blank: KTĐ
)

# --- criteria.yaml ---------------------------------------------------------

LEVEL = Obj.of(m.Level, title="mức điểm")
CRITERION = Obj.of(m.Criterion, title="tiêu chí")
GROUP = Obj.of(m.Group, title="nhóm tiêu chí",
               factory=lambda max, **kw: m.Group(stated_max=max, **kw))  # the key `max` is the field `stated_max`
FIGURE = Obj.of(m.FigureDef, title="số liệu")
SCORER = Obj.of(m.Scorer, title="đơn vị chấm")
FIXED = Obj.of(m.FixedPoints, title="loại khoản có điểm cố định")
CAP = Obj.of(m.PointsCap, title="mức trần")
GRADE = Obj.of(m.Grade, title="mức xếp loại")
TIE_BREAK = Obj.of(m.RankTieBreak, title="tiêu chí phụ khi bằng điểm")
SHEET = Obj.of(m.Sheet, title="bảng chấm điểm (criteria.yaml)",
               doc="Bảng chấm điểm thi đua của năm: nhóm, tiêu chí, điểm thưởng, điểm trừ, xếp loại.")

# --- awards.yaml -----------------------------------------------------------


class RawMap(Type):
    """Keep an award's settings as positioned nodes; `thidua.awards.rules` reads them by rule."""

    doc = "Các điều kiện của hình thức khen thưởng."

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node, Map):
            return ctx.error(node.src, "wrong-type", "Cần một bảng mô tả hình thức khen thưởng.")
        award_id = node.get("id")
        got = m.UNIT_ID.convert(award_id, ctx) if award_id is not None else ctx.error(
            node.src, "missing-key", "Thiếu khóa bắt buộc 'id'.")
        if not isinstance(got, str):
            return got
        settings = {k.text: v for k, v in node.items if k.text != "id"}
        return m.AwardSpec(id=got, settings=m.frozen_map(settings), src=node.src)

    def schema(self) -> Dict[str, Any]:
        from thidua.awards.rules import award_schema  # the award rules describe their own keys

        return award_schema()


FORMATS[m.AwardSpec] = RawMap()
VOTE_THRESHOLD = Obj.of(m.VoteThreshold, title="ngưỡng phiếu của Khối")
AWARDS = Obj.of(m.AwardsFile, title="quy định khen thưởng (awards.yaml)",
                doc="Quy định đề nghị khen thưởng của năm: một bộ mặc định và các điều chỉnh của Khối.")

# --- <period>/<unit>.yaml --------------------------------------------------

ITEM = Obj.of(m.Item, title="khoản điểm thưởng hoặc điểm trừ")
REPORTED = Obj.of(m.Reported, title="số liệu báo cáo", factory=lambda **kw: m.Reported(figure="", **kw))
EVIDENCE = Obj.of(m.Evidence, title="văn bản làm căn cứ", factory=lambda **kw: m.Evidence(criterion="", **kw))
CASE = Obj.of(m.Case, title="vụ việc đang xem xét")
FACTS = Obj.of(m.Facts, title="thông tin dùng khi xét khen thưởng")
SELF_REPORT = Obj.of(
    m.SelfReport,
    title="báo cáo tự chấm điểm của đơn vị",
    doc="Báo cáo và bảng tự chấm điểm của một đơn vị trong một kỳ.",
    factory=lambda scores, figures, evidence, **kw: m.SelfReport(
        scores=m.frozen_map(scores), unreadable=scores.unreadable, figures=m.frozen_map(figures),
        evidence=m.frozen_map(evidence), unreadable_evidence=getattr(evidence, "unreadable", ()), **kw),
)

# --- <period>/review.yaml --------------------------------------------------

NOTE = Key("note", Str(doc="Lý do điều chỉnh."), required=True, default="")  # missing: the score is still checked
CORRECTION = Obj(
    [Key("score", Num(doc="Điểm sau thẩm định.", minimum=Decimal(0)), required=True), NOTE],
    lambda score, note, src: m.Correction(value=score, note=note, src=src),
    title="điểm thẩm định",
)
ADJUSTMENT = Obj(
    [Key("points", Num(doc="Tổng số điểm được công nhận sau thẩm định.", minimum=Decimal(0)), required=True), NOTE],
    lambda points, note, src: m.Correction(value=points, note=note, src=src),
    title="tổng điểm thưởng hoặc điểm trừ sau thẩm định",
)


def _at_key(entry):
    """A correction placed at its criterion key, keeping where its score and note are."""
    return entry.value._replace(src=entry.key_src.with_parts(entry.value.src.parts))


UNIT_REVIEW = Obj(
    [Key("scores", DictOf(m.CRITERION_ID, CORRECTION, doc="Điểm đã điều chỉnh theo mã tiêu chí.",
                                 label="Điểm thẩm định tiêu chí {key}")),
     Key("bonus", ADJUSTMENT),
     Key("deductions", ADJUSTMENT)],
    lambda scores, **kw: m.UnitReview(
        unit="", scores=m.frozen_map((k, _at_key(e)) for k, e in (scores or {}).items()), **kw),
    title="kết quả thẩm định của một đơn vị",
)


def _review(units, **kw):
    return m.Review(units=m.frozen_map(
        (k, e.value._replace(unit=k, src=e.key_src)) for k, e in units.items()), **kw)


REVIEW = Obj(
    [Key("year", m.YEAR, required=True, default=m.UNREAD_YEAR),
     Key("period", m.PERIOD, required=True, default=m.UNREAD_PERIOD),
     Key("reviewer", m.UNIT_ID),
     Key("date", Date(doc="Ngày thẩm định.")),
     Key("units", DictOf(m.UNIT_ID, UNIT_REVIEW, doc="Theo mã đơn vị.", label="Đơn vị {key}"), required=True)],
    _review,
    title="kết quả thẩm định của Trưởng khối (review.yaml)",
    doc="Kết quả kiểm tra, thẩm định điểm tự chấm của Trưởng khối; điểm thẩm định là điểm được tính.",
)

# --- <period>/summary.yaml -------------------------------------------------

SIGNER = Obj.of(m.Signer, title="người ký")
REPORT_META = Obj.of(m.ReportMeta, title="thông tin văn bản báo cáo")
PERSON = Obj.of(m.Person, title="người dự họp", doc="Một người ghi trong Biên bản: chủ tọa, thư ký, đại biểu, khách mời.")
ABSENT = Obj.of(m.Absent, title="đơn vị vắng mặt", doc="Một đơn vị vắng mặt tại Hội nghị và lý do.")
HANDOVER = Obj.of(m.Handover, title="bàn giao Trưởng khối", doc="Trưởng khối, Phó Trưởng khối năm sau theo quyết định.")
HONOUR = Obj.of(m.Honour, title="khen thưởng đã nhận", doc="Một hình thức khen thưởng các đơn vị đã nhận trong năm.")
LETTER_META = Obj.of(m.LetterMeta, title="thông tin Tờ trình", doc="Số, ngày, nơi nhận, căn cứ, người ký Tờ trình.")
MINUTES_META = Obj.of(m.MinutesMeta, title="thông tin Biên bản", doc="Số, giờ, thành phần, thảo luận của Biên bản.")
SUMMARY = Obj.of(m.Summary, title="nội dung báo cáo của Khối (summary.yaml)",
                 doc="Phần văn xuôi của báo cáo sơ kết hoặc tổng kết.")

# --- year/ballots.yaml -----------------------------------------------------

ROUND = Obj.of(m.Round, title="vòng bỏ phiếu", factory=lambda votes, src: m.Round(votes=m.frozen_map(votes), src=src))
BALLOT = Obj.of(m.Ballot, title="cuộc bỏ phiếu")
BALLOTS = Obj.of(m.Ballots, title="phiếu bầu (ballots.yaml)",
                 doc="Kết quả bình xét, bỏ phiếu kín đề nghị khen thưởng cuối năm.")

KINDS = {
    "bloc": BLOC,
    "criteria": SHEET,
    "awards": AWARDS,
    "self-report": SELF_REPORT,
    "review": REVIEW,
    "summary": SUMMARY,
    "ballots": BALLOTS,
}

# --- council.yaml and the council's ballots.yaml (thidua council) -------------

COUNCIL_PARTS = {m.CouncilMember: "thành viên Hội đồng", m.CouncilBloc: "Khối thi đua của Hội đồng",
                 m.CouncilCap: "tỷ lệ toàn tỉnh", m.CouncilAwardRule: "điều chỉnh một hình thức Hội đồng xét",
                 m.CouncilLetter: "thông tin Tờ trình của Hội đồng"}
COUNCIL_PARTS[m.CouncilDossierItem] = "văn bản trong hồ sơ của Khối"
for _record, _title in COUNCIL_PARTS.items():  # each registered in FORMATS, for the keys that name it
    Obj.of(_record, title=_title)
COUNCIL_CAP = FORMATS[m.CouncilCap]  # also the shape of a cap in thidua/awards/presets/council.yaml
COUNCIL_DOSSIER = FORMATS[m.CouncilDossierItem]  # also the shape of the preset's dossier
COUNCIL = Obj.of(m.Council, title="Hội đồng Thi đua - Khen thưởng (council.yaml)",
                 doc="Hội đồng Thi đua - Khen thưởng tỉnh: thành viên, năm xét và các Khối thi đua của tỉnh.")
COUNCIL_BALLOTS = Obj.of(m.CouncilBallots, title="phiếu bầu của Hội đồng (ballots.yaml cạnh council.yaml)",
                         doc="Kết quả bỏ phiếu kín của Hội đồng Thi đua - Khen thưởng tỉnh.")
KINDS["council"] = COUNCIL
KINDS["council-ballot"] = COUNCIL_BALLOTS
