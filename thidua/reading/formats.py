"""The file formats of a bloc's data folder, described once for the loader and the schema.

Keys are English; descriptions (shown by editors through the JSON Schema) are Vietnamese.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Dict

from thidua import model as m
from thidua.reading.spec import (Ctx, Date, DictOf, Key, Int, ListOf, Num, Obj, Share, Slug, Str, Text, Type)
from thidua.reading.yamlread import Map, Node

YEAR = Int(doc="Năm thi đua, ví dụ 2020.", minimum=1945, maximum=2200)
PERIOD = Str(doc="Kỳ: h1 (6 tháng đầu năm, sơ kết) hoặc year (cả năm, tổng kết).", enum=m.PERIODS)
CRITERION_ID = Str(doc="Mã tiêu chí, ví dụ \"1.1\" hoặc \"2.10\" (luôn được hiểu là văn bản).",
                   pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]*$",
                   pattern_hint="chữ số, chữ cái, dấu chấm, ví dụ 1.1 hoặc 2.10", numeric_ok=True)
UNIT_ID = Slug("Mã đơn vị: chữ thường không dấu, ổn định qua các năm, ví dụ 'cong-an'.")
AWARD_ID = Slug("Mã hình thức khen thưởng, ví dụ 'co-tinh' hoặc 'bang-khen-tinh'.")


def _record(cls):
    """A factory that builds `cls` from converted keyword values."""
    return lambda **kw: cls(**kw)


# --- bloc.yaml -------------------------------------------------------------

DOCUMENT = Obj(
    title="văn bản căn cứ",
    doc="Văn bản làm căn cứ (kế hoạch, hướng dẫn, quyết định).",
    factory=_record(m.Document),
    fields=[
        Key("kind", Str(doc="Loại: plan (kế hoạch), guidance (hướng dẫn), decision (quyết định), other (khác).",
                          enum=("plan", "guidance", "decision", "other")), required=True),
        Key("number", Str(doc="Số ký hiệu, ví dụ \"127/KH-KTĐ\"."), required=True),
        Key("date", Date(doc="Ngày ban hành, ví dụ 2019-04-05 hoặc 05/4/2019."), required=True),
        Key("issuer", Str(doc="Cơ quan ban hành, ví dụ \"Hội đồng Thi đua - Khen thưởng tỉnh\"."), required=True),
        Key("title", Str(doc="Trích yếu nội dung.")),
    ],
)

UNIT = Obj(
    title="đơn vị thành viên",
    doc="Một đơn vị thành viên của Khối.",
    factory=_record(m.Unit),
    fields=[
        Key("id", UNIT_ID, required=True),
        Key("name", Str(doc="Tên đầy đủ, ví dụ \"Công an tỉnh Bắc Giang\"."), required=True),
        Key("short_name", Str(doc="Tên ngắn dùng trong bảng, ví dụ \"Công an tỉnh\".")),
        Key("category", Str(doc="Nhóm đơn vị dùng cho chỉ tiêu khen thưởng theo nhóm, ví dụ \"Chi cục THADS\".")),
        Key("theme", Str(doc="Chủ đề thi đua của đơn vị trong năm.")),
        Key("registered", ListOf(AWARD_ID, doc="Các danh hiệu, hình thức khen thưởng đơn vị đã đăng ký thi đua."),
              default=()),
        Key("head", Str(doc="Thủ trưởng đơn vị (họ tên), nếu muốn ghi.")),
    ],
)

SKIP = Obj(
    title="đơn vị bỏ qua khi luân phiên",
    factory=_record(m.Skip),
    fields=[
        Key("unit", UNIT_ID, required=True),
        Key("reason", Str(doc="Lý do, ví dụ \"sáp nhập\" hoặc \"xin không đảm nhận\"."), required=True),
    ],
)

ROTATION = Obj(
    title="quy tắc luân phiên",
    doc="Quy tắc luân phiên Trưởng khối.",
    factory=_record(m.Rotation),
    fields=[
        Key("rule", Str(doc="vice-to-chair: Phó trưởng khối lên Trưởng khối, đơn vị kế tiếp làm Phó; "
                              "cycle: lần lượt theo thứ tự; elected: do Khối bầu hoặc quyết định chỉ định.",
                          enum=("vice-to-chair", "cycle", "elected")), required=True),
        Key("order", ListOf(UNIT_ID, doc="Thứ tự luân phiên: mọi đơn vị thành viên, mỗi đơn vị một lần."), default=()),
        Key("skip", ListOf(SKIP, doc="Đơn vị không đảm nhận ở lượt tới và lý do."), default=()),
    ],
)

BLOC = Obj(
    title="tệp Khối thi đua (bloc.yaml)",
    doc="Khối thi đua trong một năm: thành viên, Trưởng khối, Phó trưởng khối, văn bản căn cứ.",
    factory=lambda code=None, **kw: m.Bloc(code=code or "KTĐ", **kw),
    fields=[
        Key("year", YEAR, required=True),
        Key("name", Str(doc="Tên Khối, ví dụ \"Khối thi đua các cơ quan Nội chính tỉnh\"."), required=True),
        Key("short_name", Str(doc="Tên ngắn, ví dụ \"Khối Nội chính\".")),
        Key("code", Str(doc="Chữ viết tắt của Khối trong số văn bản, ví dụ \"KTĐ\" trong \"05/BC-KTĐ\".")),
        Key("place", Str(doc="Địa danh ghi ở dòng ngày tháng, ví dụ \"Bắc Giang\"."), required=True),
        Key("level", Str(doc="Cấp: tinh (khối của tỉnh), bo (cụm của bộ, ngành), huyen (khối của huyện, trước 7/2025).",
                           enum=m.LEVELS), required=True),
        Key("authority", Str(doc="Cấp trình khen thưởng, ví dụ \"Ủy ban nhân dân tỉnh Bắc Giang\".")),
        Key("council", Str(doc="Hội đồng Thi đua - Khen thưởng cấp trên.")),
        Key("chair", UNIT_ID, required=True),
        Key("vice_chairs", ListOf(UNIT_ID, doc="Một hoặc hai đơn vị Phó trưởng khối."), default=()),
        Key("slogan", Str(doc="Khẩu hiệu thi đua chung của Khối.")),
        Key("units", ListOf(UNIT, doc="Các đơn vị thành viên.", min_items=1), required=True),
        Key("documents", ListOf(DOCUMENT, doc="Văn bản căn cứ."), default=()),
        Key("rotation", ROTATION),
    ],
)

# --- criteria.yaml ---------------------------------------------------------

CRITERION = Obj(
    title="tiêu chí",
    factory=lambda guide=None, **kw: m.Criterion(guide=guide or (), **kw),
    fields=[
        Key("id", CRITERION_ID, required=True),
        Key("name", Str(doc="Nội dung tiêu chí."), required=True),
        Key("max", Num(doc="Điểm tối đa của tiêu chí.", minimum=Decimal(0)), required=True),
        Key("guide", Text(doc="Hướng dẫn chấm (không bắt buộc).")),
    ],
)

GROUP = Obj(
    title="nhóm tiêu chí",
    factory=_record(m.Group),
    fields=[
        Key("id", CRITERION_ID, required=True),
        Key("name", Str(doc="Tên nhóm tiêu chí."), required=True),
        Key("criteria", ListOf(CRITERION, min_items=1), required=True),
    ],
)

CAP = Obj(
    title="mức trần",
    factory=_record(m.PointsCap),
    fields=[Key("max", Num(doc="Tổng số điểm tối đa.", minimum=Decimal(0)), required=True)],
)

GRADE = Obj(
    title="mức xếp loại",
    factory=_record(m.Grade),
    fields=[
        Key("name", Str(doc="Tên mức, ví dụ \"Xuất sắc\"."), required=True),
        Key("min_total", Num(doc="Tổng điểm tối thiểu.", minimum=Decimal(0)), required=True),
        Key("min_share", Share(doc="Sàn: không tiêu chí nào dưới tỷ lệ này của điểm tối đa, ví dụ 0,85 hoặc 85%.")),
    ],
)

TIE_BREAK = Obj(
    title="tiêu chí phụ khi bằng điểm",
    factory=_record(m.RankTieBreak),
    fields=[
        Key("rule", Str(doc="group: điểm nhóm tiêu chí cao hơn; criterion: điểm tiêu chí cao hơn; "
                              "fewer-deductions: ít điểm trừ hơn; ballot: nhiều phiếu bầu hơn.",
                          enum=("group", "criterion", "fewer-deductions", "ballot")), required=True),
        Key("ref", Str(doc="Mã nhóm, mã tiêu chí, hoặc mã hình thức khen thưởng có phiếu bầu.", numeric_ok=True)),
    ],
)

SHEET = Obj(
    title="bảng chấm điểm (criteria.yaml)",
    doc="Bảng chấm điểm thi đua của năm: nhóm, tiêu chí, điểm thưởng, điểm trừ, xếp loại.",
    factory=lambda **kw: m.Sheet(**kw),
    fields=[
        Key("year", YEAR, required=True),
        Key("name", Str(doc="Tên bảng điểm.")),
        Key("total", Num(doc="Tổng điểm tối đa (nếu ghi, phải bằng tổng các tiêu chí).")),
        Key("groups", ListOf(GROUP, min_items=1), required=True),
        Key("bonus", CAP),
        Key("deductions", CAP),
        Key("grades", ListOf(GRADE, doc="Các mức xếp loại, từ cao xuống thấp.", min_items=1), required=True),
        Key("tie_breaks", ListOf(TIE_BREAK, doc="Thứ tự xét khi bằng điểm."), default=()),
    ],
)

# --- awards.yaml -----------------------------------------------------------


class RawMap(Type):
    """Keep an award's settings as positioned nodes; `thidua.awards.rules` reads them by rule."""

    doc = "Các điều kiện của hình thức khen thưởng."

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node, Map):
            return ctx.error(node.src, "wrong-type", "Cần một bảng mô tả hình thức khen thưởng.")
        award_id = node.get("id")
        got = UNIT_ID.convert(award_id, ctx) if award_id is not None else ctx.error(
            node.src, "missing-key", "Thiếu khóa bắt buộc 'id'.")
        if not isinstance(got, str):
            return got
        settings = {k.text: v for k, v in node.items if k.text != "id"}
        return m.AwardSpec(id=got, settings=m.frozen_map(settings), src=node.src)

    def schema(self) -> Dict[str, Any]:
        from thidua.awards.rules import award_schema  # the award rules describe their own keys

        return award_schema()


AWARDS = Obj(
    title="quy định khen thưởng (awards.yaml)",
    doc="Quy định đề nghị khen thưởng của năm: một bộ mặc định và các điều chỉnh của Khối.",
    factory=_record(m.AwardsFile),
    fields=[
        Key("year", YEAR, required=True),
        Key("preset", Str(doc="Bộ quy định mặc định: tinh, bo hoặc huyen.", enum=m.LEVELS), required=True),
        Key("awards", ListOf(RawMap(), doc="Điều chỉnh hoặc bổ sung hình thức khen thưởng."), default=()),
    ],
)

# --- <period>/<unit>.yaml --------------------------------------------------

ITEM = Obj(
    title="khoản điểm thưởng hoặc điểm trừ",
    factory=_record(m.Item),
    fields=[
        Key("points", Num(doc="Số điểm.", minimum=Decimal(0)), required=True),
        Key("reason", Str(doc="Lý do, căn cứ (ví dụ số quyết định khen thưởng)."), required=True),
    ],
)

CASE = Obj(
    title="vụ việc đang xem xét",
    factory=_record(m.Case),
    fields=[
        Key("kind", Str(doc="discipline (kỷ luật), investigation (điều tra), inspection (thanh tra, kiểm tra), "
                              "complaint (khiếu nại, tố cáo).",
                          enum=("discipline", "investigation", "inspection", "complaint")), required=True),
        Key("note", Str(doc="Mô tả ngắn.")),
        Key("until", Date(doc="Ngày hết thời hạn kỷ luật hoặc kết thúc vụ việc, nếu đã biết.")),
    ],
)

FACTS = Obj(
    title="thông tin dùng khi xét khen thưởng",
    factory=lambda pending_cases=(), **kw: m.Facts(pending_cases=pending_cases or (), **kw),
    fields=[
        Key("pending_cases", ListOf(CASE, doc="Vụ việc kỷ luật, điều tra, thanh tra, khiếu nại đang xem xét "
                                                "(Nghị định 152/2025, Điều 4.4)."), default=()),
        Key("women_share", Share(doc="Tỷ lệ nữ trong đơn vị, ví dụ 0,72 hoặc 72% (Nghị định 152/2025, Điều 4.6).")),
        Key("staff", Int(doc="Tổng số cán bộ, công chức, người lao động.", minimum=0)),
    ],
)


def _self_report(scores, **kw):
    return m.SelfReport(scores=m.frozen_map(scores), unreadable=scores.unreadable, **kw)


SELF_REPORT = Obj(
    title="báo cáo tự chấm điểm của đơn vị",
    doc="Báo cáo và bảng tự chấm điểm của một đơn vị trong một kỳ.",
    factory=lambda facts=None, achievements=None, limitations=None, **kw: _self_report(
        facts=facts or m.Facts(), achievements=achievements or (), limitations=limitations or (), **kw),
    fields=[
        Key("unit", UNIT_ID, required=True),
        Key("year", YEAR, required=True),
        Key("period", PERIOD, required=True),
        Key("submitted", Date(doc="Ngày gửi báo cáo.")),
        Key("scores", DictOf(CRITERION_ID, Num(doc="Điểm tự chấm, ví dụ 9,5.", minimum=Decimal(0)),
                               doc="Điểm tự chấm theo mã tiêu chí.", entry=m.Score), required=True),
        Key("bonus", ListOf(ITEM, doc="Các khoản điểm thưởng."), default=()),
        Key("deductions", ListOf(ITEM, doc="Các khoản điểm trừ."), default=()),
        Key("achievements", Text(doc="Kết quả nổi bật.")),
        Key("limitations", Text(doc="Tồn tại, hạn chế.")),
        Key("facts", FACTS),
    ],
)

# --- <period>/review.yaml --------------------------------------------------

CORRECTION = Obj(
    title="điểm thẩm định",
    factory=lambda score, note, src: m.Correction(value=score, note=note, src=src),
    fields=[
        Key("score", Num(doc="Điểm sau thẩm định.", minimum=Decimal(0)), required=True),
        Key("note", Str(doc="Lý do điều chỉnh."), required=True),
    ],
)

ADJUSTMENT = Obj(
    title="tổng điểm thưởng hoặc điểm trừ sau thẩm định",
    factory=lambda points, note, src: m.Correction(value=points, note=note, src=src),
    fields=[
        Key("points", Num(doc="Tổng số điểm được công nhận sau thẩm định.", minimum=Decimal(0)), required=True),
        Key("note", Str(doc="Lý do điều chỉnh."), required=True),
    ],
)

def _at_key(entry):
    """A correction placed at its criterion key, keeping where its score and note are."""
    return entry.value._replace(src=replace(entry.key_src, parts=entry.value.src.parts))


UNIT_REVIEW = Obj(
    title="kết quả thẩm định của một đơn vị",
    factory=lambda scores=None, **kw: m.UnitReview(
        unit="", scores=m.frozen_map((k, _at_key(e)) for k, e in (scores or {}).items()), **kw),
    fields=[
        Key("scores", DictOf(CRITERION_ID, CORRECTION, doc="Điểm đã điều chỉnh theo mã tiêu chí.")),
        Key("bonus", ADJUSTMENT),
        Key("deductions", ADJUSTMENT),
    ],
)


def _review(units, **kw):
    return m.Review(units=m.frozen_map(
        (k, m.UnitReview(unit=k, scores=e.value.scores, bonus=e.value.bonus, deductions=e.value.deductions,
                         src=e.key_src)) for k, e in units.items()), **kw)


REVIEW = Obj(
    title="kết quả thẩm định của Trưởng khối (review.yaml)",
    doc="Kết quả kiểm tra, thẩm định điểm tự chấm của Trưởng khối; điểm thẩm định là điểm được tính.",
    factory=_review,
    fields=[
        Key("year", YEAR, required=True),
        Key("period", PERIOD, required=True),
        Key("reviewer", UNIT_ID),
        Key("date", Date(doc="Ngày thẩm định.")),
        Key("units", DictOf(UNIT_ID, UNIT_REVIEW, doc="Theo mã đơn vị."), required=True),
    ],
)

# --- <period>/summary.yaml -------------------------------------------------

SIGNER = Obj(
    title="người ký",
    factory=lambda role=None, **kw: m.Signer(role=role or "chair", **kw),
    fields=[
        Key("name", Str(doc="Họ tên người ký."), required=True),
        Key("position", Str(doc="Chức vụ, ví dụ \"Chánh Thanh tra tỉnh\".")),
        Key("role", Str(doc="chair: ký TM. Khối, Trưởng khối; vice: Phó trưởng khối.", enum=("chair", "vice"))),
    ],
)

REPORT_META = Obj(
    title="thông tin văn bản báo cáo",
    factory=lambda recipients=None, **kw: m.ReportMeta(recipients=recipients or (), **kw),
    fields=[
        Key("number", Str(doc="Số báo cáo, ví dụ 5 (in là \"05/BC-KTĐ\").", numeric_ok=True)),
        Key("date", Date(doc="Ngày ký báo cáo.")),
        Key("drafted_by", UNIT_ID),
        Key("signer", SIGNER),
        Key("recipients", ListOf(Str(), doc="Nơi nhận.")),
        Key("conference_date", Date(doc="Ngày tổ chức Hội nghị.")),
        Key("conference_place", Str(doc="Nơi tổ chức Hội nghị.")),
    ],
)

_PROSE = [
    ("situation", "Đặc điểm tình hình."),
    ("assessment", "Đánh giá chung kết quả phong trào thi đua."),
    ("movements", "Các phong trào thi đua chuyên đề, theo đợt."),
    ("limitations", "Tồn tại, hạn chế."),
    ("causes", "Nguyên nhân của tồn tại, hạn chế."),
    ("lessons", "Bài học kinh nghiệm."),
    ("directions", "Phương hướng, nhiệm vụ kỳ tới."),
    ("proposals", "Đề xuất, kiến nghị."),
]

SUMMARY = Obj(
    title="nội dung báo cáo của Khối (summary.yaml)",
    doc="Phần văn xuôi của báo cáo sơ kết hoặc tổng kết.",
    factory=lambda report=None, **kw: m.Summary(report=report, **{k: (() if v is None else v)
                                                                   for k, v in kw.items()}),
    fields=[
        Key("year", YEAR, required=True),
        Key("period", PERIOD, required=True),
        Key("report", REPORT_META),
    ] + [Key(name, Text(doc=doc)) for name, doc in _PROSE],
)

# --- year/ballots.yaml -----------------------------------------------------


def _round(votes, src):
    return m.Round(votes=m.frozen_map(votes), src=src)


ROUND = Obj(
    title="vòng bỏ phiếu",
    factory=_round,
    fields=[Key("votes", DictOf(UNIT_ID, Int(minimum=0), doc="Số phiếu theo mã đơn vị.", entry=m.Vote),
                  required=True)],
)

BALLOT = Obj(
    title="cuộc bỏ phiếu",
    factory=lambda members=None, note=None, **kw: m.Ballot(members=members, note=note, **kw),
    fields=[
        Key("award", AWARD_ID, required=True),
        Key("voters", Int(doc="Số đại biểu có mặt, tham gia bỏ phiếu.", minimum=0), required=True),
        Key("members", Int(doc="Tổng số thành viên có quyền bỏ phiếu (mặc định: số đơn vị của Khối).", minimum=1)),
        Key("rounds", ListOf(ROUND, doc="Các vòng bỏ phiếu, theo thứ tự.", min_items=1), required=True),
        Key("note", Str()),
    ],
)

BALLOTS = Obj(
    title="phiếu bầu (ballots.yaml)",
    doc="Kết quả bình xét, bỏ phiếu kín đề nghị khen thưởng cuối năm.",
    factory=_record(m.Ballots),
    fields=[
        Key("year", YEAR, required=True),
        Key("date", Date(doc="Ngày bỏ phiếu.")),
        Key("place", Str(doc="Nơi bỏ phiếu.")),
        Key("ballots", ListOf(BALLOT), default=()),
    ],
)

KINDS = {
    "bloc": BLOC,
    "criteria": SHEET,
    "awards": AWARDS,
    "self-report": SELF_REPORT,
    "review": REVIEW,
    "summary": SUMMARY,
    "ballots": BALLOTS,
}
