"""Typed, immutable records of a bloc's year. Each knows where it came from (`src`).

A record read from a data file declares its keys here, once: each field that a file sets is
`Annotated[<Python type>, key(<spec type>, required=..., default=...)]`, where the spec type
(from `thidua.reading.spec`) says how the value is written and carries its one-line Vietnamese
doc.  The loader's formats (`thidua.reading.formats`), the JSON Schema (`thidua schema`) and
the key tables of docs/data-format.md all come from these declarations.  Fields without a key
(`src`, `unit` of a UnitReview...) are not read from a file as such.

Why the model imports the spec types: a key's name, Python type, file type, default and doc
are one fact; declaring it beside the field is the only way to write it once.  The spec types
are plain descriptions (no I/O); the formats themselves (titles, nesting, the few records whose
keys differ from their fields) stay in `thidua.reading.formats`.  A key naming a record class
(`ListOf(Unit)`) stands for that record's format.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Mapping, NamedTuple, Optional, Tuple

from thidua.problems import Src
from thidua.reading.spec import (MAX_ID_LENGTH, Bool, Date, DictOf, Int, ListOf, Nested, Num, Share, Slug, Str, Text,
                                 key)

PERIODS = ("h1", "year")
PERIOD_WORDS = {"h1": "6 tháng đầu năm", "year": "cả năm"}
LEVELS = ("tinh", "bo", "huyen")
CASE_KINDS = ("discipline", "investigation", "complaint", "routine")
DOCUMENT_KINDS = ("plan", "guidance", "decision", "letter", "regulation", "rule", "other")


class Titles(NamedTuple):
    """The words of a bloc's kind (`Bloc.kind`), the one place every document and message takes them from."""

    bloc: str  # "Khối" (in sentences: "các đơn vị trong Khối")
    chair: str  # "Trưởng khối", "Cụm trưởng", "Trưởng khu vực"
    vice: str  # "Phó Trưởng khối", "Phó Cụm trưởng", "Phó trưởng khu vực"

    @property
    def on_behalf(self) -> str:
        """'TM. KHỐI THI ĐUA' (Nghị định 30, Phụ lục I)."""
        return f"TM. {self.bloc.upper()} THI ĐUA"


BLOC_TITLES: Mapping[str, Titles] = MappingProxyType({
    "khoi": Titles("Khối", "Trưởng khối", "Phó Trưởng khối"),
    "cum": Titles("Cụm", "Cụm trưởng", "Phó Cụm trưởng"),
    "khu-vuc": Titles("Khu vực", "Trưởng khu vực", "Phó trưởng khu vực"),
})
BLOC_KINDS = tuple(BLOC_TITLES)
MOTTO_KINDS = ("theme", "motto", "slogan")


def time_of_day(doc: str) -> Str:
    """A time written "08:00" (or "8h00", "8g00")."""
    return Str(doc=doc, pattern=r"^([01]?[0-9]|2[0-3])[:hg][0-5][0-9]$", pattern_hint="giờ:phút, ví dụ 08:00 hoặc 14:30")


def frozen_map(entries) -> Mapping:
    return MappingProxyType(dict(entries))


# --- the types of keys that several files share ------------------------------

YEAR = Int(doc="Năm thi đua, ví dụ 2020.", minimum=1945, maximum=2200)
UNREAD_YEAR, UNREAD_PERIOD = 0, ""
"""A period file's year or period that is missing or unreadable (already an error): the file is still
read, so its other problems are reported in the same run; `checks` does not compare them."""
PERIOD = Str(doc="Kỳ: h1 (6 tháng đầu năm, sơ kết) hoặc year (cả năm, tổng kết).", enum=PERIODS)
CRITERION_ID = Str(doc="Mã tiêu chí, ví dụ \"1.1\" hoặc \"2.10\" (luôn được hiểu là văn bản).",
                   pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]*$",
                   pattern_hint="chữ số, chữ cái, dấu chấm, ví dụ 1.1 hoặc 2.10", numeric_ok=True)
UNIT_ID = Slug("Mã đơn vị: chữ thường không dấu, ổn định qua các năm, ví dụ 'cong-an'.")
AWARD_ID = Slug("Mã hình thức khen thưởng, ví dụ 'co-tinh' hoặc 'bang-khen-tinh'.")


# --- bloc.yaml -------------------------------------------------------------

class Document(NamedTuple):
    kind: Annotated[str, key(Str(doc="Loại: plan (kế hoạch), guidance (hướng dẫn), decision (quyết định), letter (công "
                                     "văn), regulation (quy chế), rule (quy định), other (khác).",
                                 enum=DOCUMENT_KINDS), required=True)]
    number: Annotated[str, key(Str(doc="Số ký hiệu, ví dụ \"127/KH-KTĐ\"."), required=True)]
    date: Annotated[dt.date, key(Date(doc="Ngày ban hành, ví dụ 2019-04-05 hoặc 05/4/2019."), required=True)]
    issuer: Annotated[str, key(Str(doc="Cơ quan ban hành, ví dụ \"Hội đồng Thi đua - Khen thưởng tỉnh\"."),
                               required=True)]
    title: Annotated[Optional[str], key(Str(doc="Trích yếu nội dung."))]
    src: Src


class Unit(NamedTuple):
    id: Annotated[str, key(UNIT_ID, required=True)]
    name: Annotated[str, key(Str(doc="Tên đầy đủ, ví dụ \"Công an tỉnh Bắc Giang\"."), required=True)]
    short_name: Annotated[Optional[str], key(Str(doc="Tên ngắn dùng trong bảng, ví dụ \"Công an tỉnh\"."))]
    category: Annotated[Optional[str], key(Str(
        doc="Nhóm đơn vị dùng cho chỉ tiêu khen thưởng theo nhóm, ví dụ \"Chi cục THADS\"."))]
    theme: Annotated[Optional[str], key(Str(doc="Chủ đề thi đua của đơn vị trong năm."))]
    registered: Annotated[Tuple[str, ...], key(ListOf(
        AWARD_ID, doc="Các danh hiệu, hình thức khen thưởng đơn vị đã đăng ký thi đua."), default=())]
    head: Annotated[Optional[str], key(Str(doc="Thủ trưởng đơn vị (họ tên), nếu muốn ghi."))]
    src: Src
    theme_kind: Annotated[str, key(Str(doc="Loại của 'theme': theme (chủ đề, mặc định), motto (phương châm), slogan "
                                           "(khẩu hiệu).", enum=MOTTO_KINDS), default="theme")] = "theme"
    head_position: Annotated[Optional[str], key(Str(doc="Chức vụ của thủ trưởng, ví dụ \"Giám đốc\" (ký Báo cáo "
                                                        "thành tích)."))] = None

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Skip(NamedTuple):
    unit: Annotated[str, key(UNIT_ID, required=True)]
    reason: Annotated[str, key(Str(doc="Lý do, ví dụ \"sáp nhập\" hoặc \"xin không đảm nhận\"."), required=True)]
    src: Src


class Rotation(NamedTuple):
    rule: Annotated[str, key(Str(doc="vice-to-chair: Phó Trưởng khối lên Trưởng khối, đơn vị kế tiếp làm Phó; "
                                     "cycle: lần lượt theo thứ tự; elected: do Khối bầu hoặc quyết định chỉ định.",
                                 enum=("vice-to-chair", "cycle", "elected")), required=True)]
    order: Annotated[Tuple[str, ...], key(ListOf(
        UNIT_ID, doc="Thứ tự luân phiên: mọi đơn vị thành viên, mỗi đơn vị một lần."), default=())]
    skip: Annotated[Tuple[Skip, ...], key(ListOf(Skip, doc="Đơn vị không đảm nhận ở lượt tới và lý do."), default=())]
    src: Src


class Deadline(NamedTuple):
    reports: Annotated[Optional[dt.date], key(Date(doc="Hạn các đơn vị gửi báo cáo tự chấm điểm, ví dụ 2026-06-15."))]
    review: Annotated[Optional[dt.date], key(Date(doc="Hạn Trưởng khối thẩm định điểm (review.yaml)."))]
    conference: Annotated[Optional[dt.date], key(Date(doc="Ngày Hội nghị sơ kết, tổng kết (nếu đã định)."))]
    src: Src


class Deadlines(NamedTuple):
    h1: Annotated[Optional[Deadline], key(Deadline)]
    year: Annotated[Optional[Deadline], key(Deadline)]
    src: Src

    def of(self, period: str) -> Optional[Deadline]:
        return self.h1 if period == "h1" else self.year


@dataclass(frozen=True)
class Bloc:
    """The bloc in one year: its members, chair, vice-chairs, founding documents and rotation rule."""

    year: Annotated[int, key(YEAR, required=True)]
    name: Annotated[str, key(Str(doc="Tên Khối, ví dụ \"Khối thi đua các cơ quan Nội chính tỉnh\"."), required=True)]
    short_name: Annotated[Optional[str], key(Str(doc="Tên ngắn, ví dụ \"Khối Nội chính\"."))]
    code: Annotated[str, key(Str(doc="Chữ viết tắt của Khối trong số văn bản, ví dụ \"KTĐ\" trong \"05/BC-KTĐ\"."))]
    place: Annotated[str, key(Str(doc="Địa danh ghi ở dòng ngày tháng, ví dụ \"Bắc Giang\"."), required=True)]
    level: Annotated[str, key(Str(doc="Cấp: tinh (khối của tỉnh), bo (cụm của bộ, ngành), huyen (khối của huyện, "
                                      "trước 7/2025).", enum=LEVELS), required=True)]
    authority: Annotated[Optional[str], key(Str(doc="Cấp trình khen thưởng, ví dụ \"Ủy ban nhân dân tỉnh Bắc Giang\"."))]
    council: Annotated[Optional[str], key(Str(doc="Hội đồng Thi đua - Khen thưởng cấp trên."))]
    chair: Annotated[str, key(UNIT_ID, required=True)]
    vice_chairs: Annotated[Tuple[str, ...], key(ListOf(UNIT_ID, doc="Một hoặc hai đơn vị Phó Trưởng khối."), default=())]
    slogan: Annotated[Optional[str], key(Str(doc="Khẩu hiệu thi đua chung của Khối."))]
    units: Annotated[Tuple[Unit, ...], key(ListOf(Unit, doc="Các đơn vị thành viên.", min_items=1), required=True)]
    documents: Annotated[Tuple[Document, ...], key(ListOf(Document, doc="Văn bản căn cứ."), default=())]
    rotation: Annotated[Optional[Rotation], key(Rotation)]
    src: Src
    deadlines: Annotated[Optional[Deadlines], key(Deadlines)] = None
    kind: Annotated[str, key(Str(doc="Loại: khoi (Khối thi đua, mặc định), cum (Cụm thi đua), khu-vuc (Khu vực thi "
                                     "đua); quyết định chức danh Trưởng khối, Cụm trưởng, Trưởng khu vực.",
                                 enum=BLOC_KINDS), default="khoi")] = "khoi"
    supervisor: Annotated[Optional[str], key(Str(doc="Cơ quan cấp trên in phía trên tên Khối ở tiêu đề văn bản, ví "
                                                     "dụ \"UBND TỈNH BẮC GIANG\" (không bắt buộc)."))] = None
    covenant: Annotated[Tuple[str, ...], key(Text(doc="Nội dung Giao ước thi đua: mỗi đoạn một điều các đơn vị cùng "
                                                  "cam kết."), default=())] = ()
    covenant_date: Annotated[Optional[dt.date], key(Date(doc="Ngày ký Giao ước thi đua và Bản đăng ký thi đua."))] = None

    @cached_property
    def _units_by_id(self) -> Mapping[str, Unit]:
        """Each id's first unit (a repeated id is a validation error)."""
        found: dict = {}
        for u in self.units:
            found.setdefault(u.id, u)
        return found

    def unit(self, unit_id: str) -> Optional[Unit]:
        return self._units_by_id.get(unit_id)

    @property
    def titles(self) -> Titles:
        """The bloc's word and its officers' titles, from its kind."""
        return BLOC_TITLES.get(self.kind, BLOC_TITLES["khoi"])

    @property
    def unit_ids(self) -> Tuple[str, ...]:
        return tuple(u.id for u in self.units)


# --- criteria.yaml ---------------------------------------------------------

class Level(NamedTuple):
    """One level of a stepped criterion: its points and the condition a unit must meet."""

    points: Annotated[Decimal, key(Num(doc="Số điểm của mức.", minimum=Decimal(0)), required=True)]
    when: Annotated[str, key(Str(doc="Điều kiện của mức, ví dụ \"Thiếu 2 báo cáo tháng\"."), required=True)]
    src: Src


class Criterion(NamedTuple):
    id: Annotated[str, key(CRITERION_ID, required=True)]
    name: Annotated[str, key(Str(doc="Nội dung tiêu chí."), required=True)]
    max: Annotated[Decimal, key(Num(doc="Điểm tối đa của tiêu chí.", minimum=Decimal(0)), required=True)]
    guide: Annotated[Tuple[str, ...], key(Text(doc="Hướng dẫn chấm (không bắt buộc)."), default=())]
    src: Src
    method: Annotated[str, key(Str(
        doc="Cách tính điểm (docs/scoring.md): manual (tự chấm, mặc định), stepped (chọn một mức trong levels), "
            "pass-fail (đạt: điểm tối đa, không đạt: 0), per-occurrence (điểm mỗi lần x số lần, không quá điểm tối "
            "đa), target-ratio (so với chỉ tiêu, tương quan giữa các đơn vị), leader-ratio (tỷ lệ với đơn vị có số "
            "liệu cao nhất).", pattern=r"^[a-z]+(?:-[a-z]+)*$", pattern_hint="tên cách tính, ví dụ target-ratio"),
        default="manual")] = "manual"
    figure: Annotated[Optional[str], key(Slug(
        "Mã số liệu (trong figures của bảng điểm) mà đơn vị báo cáo để tính điểm tiêu chí."))] = None
    target: Annotated[Optional[Decimal], key(Num(
        doc="Chỉ tiêu chung của mọi đơn vị (target-ratio), khi đơn vị không tự ghi chỉ tiêu của mình."))] = None
    per: Annotated[Optional[Decimal], key(Num(doc="Số điểm mỗi lần (per-occurrence), ví dụ 0,5.",
                                              minimum=Decimal(0)))] = None
    levels: Annotated[Tuple[Level, ...], key(ListOf(Level, doc="Các mức điểm (stepped), từ cao xuống thấp."),
                                             default=())] = ()
    rounding: Annotated[Optional[Decimal], key(Num(
        doc="Làm tròn điểm tính được của tiêu chí này, ví dụ 0,5 (mặc định: rounding của bảng điểm)."))] = None
    evidence: Annotated[bool, key(Bool(doc="true: báo cáo tự chấm phải ghi văn bản làm căn cứ (số, ngày, cơ quan "
                                           "ban hành) cho tiêu chí này, trong evidence."), default=False)] = False
    scored_by: Annotated[Tuple[str, ...], key(ListOf(Slug(), doc="Các đơn vị chấm (trong scorers của bảng điểm) chấm "
                                                                 "tiêu chí này cho mọi đơn vị, mỗi đơn vị chấm một tệp "
                                                                 "<kỳ>/scores/<mã>.yaml; đơn vị không tự chấm."),
                                              default=())] = ()
    categories: Annotated[Tuple[str, ...], key(ListOf(Str(), doc="Chỉ chấm đơn vị thuộc các nhóm này (category trong "
                                                                 "bloc.yaml); đơn vị nhóm khác không chấm tiêu chí này, "
                                                                 "tổng điểm quy đổi như tiêu chí không giao (bảng điểm "
                                                                 "riêng cho từng nhóm đơn vị)."),
                                               default=())] = ()

    @property
    def computed(self) -> bool:
        """Scored by the tool from reported figures, not by the unit."""
        return self.method in COMPUTED_METHODS

    def applies_to(self, category: Optional[str]) -> bool:
        """Whether units of `category` are scored on this criterion (every unit when it names none)."""
        return not self.categories or category in self.categories

    @property
    def self_scored(self) -> bool:
        """The unit writes its score (not computed from figures, not scored by departments)."""
        return not self.computed and not self.scored_by


COMPUTED_METHODS = ("per-occurrence", "target-ratio", "leader-ratio")
"""The methods whose points the tool computes from figures (their code: `thidua.scoring.methods`)."""


class Group(NamedTuple):
    id: Annotated[str, key(CRITERION_ID, required=True)]
    name: Annotated[str, key(Str(doc="Tên nhóm tiêu chí."), required=True)]
    criteria: Annotated[Tuple[Criterion, ...], key(ListOf(Criterion, doc="Các tiêu chí của nhóm."), default=())]
    src: Src
    groups: Annotated[Tuple["Group", ...], key(ListOf(
        Nested("Group", "criteria-group"), doc="Các nhóm con (bảng điểm nhiều cấp), sau các tiêu chí của nhóm."),
        default=())] = ()
    stated_max: Annotated[Optional[Decimal], key(Num(
        doc="Điểm tối đa của nhóm (nếu ghi, phải bằng tổng điểm tối đa của các tiêu chí và nhóm con).",
        minimum=Decimal(0)), name="max")] = None

    @property
    def max(self) -> Decimal:
        """The subtotal: the sum of its criteria's and subgroups' maxima."""
        return sum((c.max for c in self.criteria), Decimal(0)) + sum((g.max for g in self.groups), Decimal(0))

    def walk(self, level: int = 1):
        """(level, group or criterion) of this group and everything under it, in sheet order."""
        yield level, self
        for c in self.criteria:
            yield level + 1, c
        for g in self.groups:
            yield from g.walk(level + 1)


class Scorer(NamedTuple):
    """A department (sở, ngành) that scores every unit on its own criteria, in its own file."""

    id: Annotated[str, key(Slug("Mã đơn vị chấm, ví dụ 'so-noi-vu'; tệp điểm là <kỳ>/scores/<mã>.yaml."),
                           required=True)]
    name: Annotated[str, key(Str(doc="Tên đơn vị chấm, ví dụ \"Sở Nội vụ\"."), required=True)]
    src: Src


class FigureDef(NamedTuple):
    """A figure units report (cases investigated, a rate...), from which criteria are computed."""

    id: Annotated[str, key(Slug("Mã số liệu, ví dụ 'an-dieu-tra'."), required=True)]
    name: Annotated[str, key(Str(doc="Tên số liệu, ví dụ \"Số vụ án điều tra khám phá\"."), required=True)]
    unit: Annotated[Optional[str], key(Str(doc="Đơn vị tính, ví dụ \"vụ\" hoặc \"%\"."))]
    src: Src


class FixedPoints(NamedTuple):
    """Points a sheet fixes for one kind of bonus or deduction (e.g. +15 for a Government flag)."""

    kind: Annotated[str, key(Slug("Mã loại khoản, ví dụ 'co-chinh-phu'; báo cáo ghi kind: <mã>."), required=True)]
    name: Annotated[str, key(Str(doc="Tên loại khoản, ví dụ \"Cờ thi đua của Chính phủ\"."), required=True)]
    points: Annotated[Decimal, key(Num(doc="Số điểm cố định của loại khoản này.", minimum=Decimal(0)), required=True)]
    src: Src


class PointsCap(NamedTuple):
    max: Annotated[Decimal, key(Num(doc="Tổng số điểm tối đa.", minimum=Decimal(0)), required=True)]
    src: Src
    fixed: Annotated[Tuple[FixedPoints, ...], key(ListOf(
        FixedPoints, doc="Các loại khoản có số điểm cố định (ví dụ theo hình thức khen thưởng đơn vị được tặng); "
                         "khoản ghi kind phải đúng số điểm này."), default=())] = ()

    def fixed_points(self, kind: str) -> Optional[FixedPoints]:
        return next((f for f in self.fixed if f.kind == kind), None)


class Grade(NamedTuple):
    name: Annotated[str, key(Str(doc="Tên mức, ví dụ \"Xuất sắc\"."), required=True)]
    min_total: Annotated[Decimal, key(Num(doc="Tổng điểm tối thiểu.", minimum=Decimal(0)), required=True)]
    min_share: Annotated[Optional[Decimal], key(Share(
        doc="Sàn: không tiêu chí nào dưới tỷ lệ này của điểm tối đa, ví dụ 0,85 hoặc 85%."))]
    src: Src


class RankTieBreak(NamedTuple):
    rule: Annotated[str, key(Str(doc="group: điểm nhóm tiêu chí cao hơn; criterion: điểm tiêu chí cao hơn; "
                                     "fewer-deductions: ít điểm trừ hơn; ballot: nhiều phiếu bầu hơn.",
                                 enum=("group", "criterion", "fewer-deductions", "ballot")), required=True)]
    ref: Annotated[Optional[str], key(Str(doc="Mã nhóm, mã tiêu chí, hoặc mã hình thức khen thưởng có phiếu bầu.",
                                          numeric_ok=True))]
    src: Src


@dataclass(frozen=True)
class Sheet:
    """The year's scoring sheet: groups of criteria, bonus and deduction caps, grades, tie-breaks."""

    year: Annotated[int, key(YEAR, required=True)]
    name: Annotated[Optional[str], key(Str(doc="Tên bảng điểm."))]
    total: Annotated[Optional[Decimal], key(Num(doc="Tổng điểm tối đa (nếu ghi, phải bằng tổng các tiêu chí)."))]
    groups: Annotated[Tuple[Group, ...], key(ListOf(Group, min_items=1), required=True)]
    bonus: Annotated[Optional[PointsCap], key(PointsCap)]
    deductions: Annotated[Optional[PointsCap], key(PointsCap)]
    grades: Annotated[Tuple[Grade, ...], key(ListOf(Grade, doc="Các mức xếp loại, từ cao xuống thấp.", min_items=1),
                                             required=True)]
    tie_breaks: Annotated[Tuple[RankTieBreak, ...], key(ListOf(RankTieBreak, doc="Thứ tự xét khi bằng điểm."),
                                                        default=())]
    src: Src
    figures: Annotated[Tuple[FigureDef, ...], key(ListOf(
        FigureDef, doc="Các số liệu đơn vị báo cáo để tính điểm (target-ratio, per-occurrence, leader-ratio)."),
        default=())] = ()
    rounding: Annotated[Decimal, key(Num(doc="Làm tròn điểm tính được (và điểm quy đổi) đến bội số này, ví dụ 0,01 "
                                             "hoặc 0,5 (mặc định 0,01; làm tròn nửa lên)."),
                                     default=Decimal("0.01"))] = Decimal("0.01")
    unassigned: Annotated[str, key(Str(
        doc="Tiêu chí không giao chỉ tiêu cho đơn vị (not_assigned trong báo cáo): none (không cho phép, mặc định), "
            "scale (tổng điểm x thang điểm / tổng điểm tối đa các tiêu chí được giao), full (tính đủ điểm tối đa).",
        enum=("none", "scale", "full")), default="none")] = "none"
    rank_by: Annotated[str, key(Str(doc="total: xếp hạng theo tổng điểm (mặc định); grade: theo mức xếp loại trước, "
                                        "rồi tổng điểm.", enum=("total", "grade")), default="total")] = "total"
    scorers: Annotated[Tuple[Scorer, ...], key(ListOf(
        Scorer, doc="Các đơn vị chấm (sở, ngành), mỗi đơn vị chấm các tiêu chí ghi scored_by của mình."),
        default=())] = ()
    rank_within: Annotated[str, key(Str(doc="all: xếp hạng chung mọi đơn vị (mặc định); category: xếp hạng riêng trong "
                                            "từng nhóm đơn vị (category trong bloc.yaml).", enum=("all", "category")),
                                    default="all")] = "all"
    combine: Annotated[str, key(Str(doc="Tiêu chí nhiều đơn vị cùng chấm: mean (trung bình cộng, mặc định) hoặc sum "
                                        "(cộng các phần, không quá điểm tối đa).", enum=("mean", "sum")),
                                default="mean")] = "mean"

    @cached_property
    def rows(self) -> Tuple[Tuple[int, object], ...]:
        """Every group and criterion of the tree as (level, record), in sheet order (top groups at level 1)."""
        return tuple(row for g in self.groups for row in g.walk())

    @cached_property
    def all_groups(self) -> Tuple[Group, ...]:
        return tuple(r for _, r in self.rows if isinstance(r, Group))

    @cached_property
    def criteria(self) -> Tuple[Criterion, ...]:
        return tuple(r for _, r in self.rows if isinstance(r, Criterion))

    @cached_property
    def scale(self) -> Decimal:
        """The scale a unit's total is read against: `total` when written, else the criteria's maxima."""
        return self.total if self.total is not None else self.max_total

    @cached_property
    def categories(self) -> Tuple[str, ...]:
        """The unit categories some criteria are only for (a sheet per category), in sheet order."""
        return tuple(dict.fromkeys(c for crit in self.criteria for c in crit.categories))

    def max_for(self, category: Optional[str]) -> Decimal:
        """The maximum of the criteria that apply to units of `category`."""
        return sum((c.max for c in self.criteria if c.applies_to(category)), Decimal(0))

    @cached_property
    def max_total(self) -> Decimal:
        return sum((g.max for g in self.groups), Decimal(0))

    @cached_property
    def _criteria_by_id(self) -> Mapping[str, Criterion]:
        """Each id's first criterion (a repeated id is a validation error)."""
        found: dict = {}
        for c in self.criteria:
            found.setdefault(c.id, c)
        return found

    def criterion(self, criterion_id: str) -> Optional[Criterion]:
        return self._criteria_by_id.get(criterion_id)

    @cached_property
    def children(self) -> Tuple[Tuple[int, ...], ...]:
        """For each row of `rows`, the positions of its direct children (criteria, then subgroups)."""
        out: list = [[] for _ in self.rows]
        open_groups: list = []  # positions of the groups enclosing the current row, outermost first
        for i, (level, _) in enumerate(self.rows):
            del open_groups[level - 1:]
            if open_groups:
                out[open_groups[-1]].append(i)
            if isinstance(self.rows[i][1], Group):
                open_groups.append(i)
        return tuple(tuple(c) for c in out)

    @cached_property
    def maxima(self) -> Tuple[Decimal, ...]:
        """The maximum of each row of `rows` (a group's: the sum of its children's), computed once."""
        out = [r.max if isinstance(r, Criterion) else Decimal(0) for _, r in self.rows]
        for i in range(len(self.rows) - 1, -1, -1):  # children come after their group
            if isinstance(self.rows[i][1], Group):
                out[i] = sum((out[c] for c in self.children[i]), Decimal(0))
        return tuple(out)

    @cached_property
    def _figures_by_id(self) -> Mapping[str, FigureDef]:
        found: dict = {}
        for f in self.figures:
            found.setdefault(f.id, f)
        return found

    def figure(self, figure_id: str) -> Optional[FigureDef]:
        return self._figures_by_id.get(figure_id)

    def scorer(self, scorer_id: str) -> Optional[Scorer]:
        return next((s for s in self.scorers if s.id == scorer_id), None)


# --- awards.yaml -----------------------------------------------------------

class AwardSpec(NamedTuple):
    """One award as written in awards.yaml: an override of a preset award, or a new one.

    Only the keys given are set; the rest come from the preset (see `thidua.awards.rules`).
    """

    id: str
    settings: Mapping
    src: Src


class VoteThreshold(NamedTuple):
    """The bloc's own threshold (its Quy chế) for proposing a unit by secret ballot."""

    share: Annotated[Decimal, key(Share(doc="Tỷ lệ phiếu đồng ý tối thiểu để Khối đề nghị, ví dụ 50%."), required=True)]
    of: Annotated[str, key(Str(doc="voters: trên số đại biểu có mặt bỏ phiếu (mặc định); members: trên tổng số "
                                   "thành viên.", enum=("voters", "members")), default="voters")]
    src: Src


class AwardsFile(NamedTuple):
    year: Annotated[int, key(YEAR, required=True)]
    preset: Annotated[str, key(Str(doc="Bộ quy định mặc định: tinh, bo hoặc huyen (bộ của giai đoạn pháp lý chứa ngày "
                                       "xét), hoặc một bộ của một giai đoạn, ví dụ tinh-2017."), required=True)]
    awards: Annotated[Tuple[AwardSpec, ...], key(ListOf(
        AwardSpec, doc="Điều chỉnh hoặc bổ sung hình thức khen thưởng."), default=())]
    src: Src
    vote: Annotated[Optional[VoteThreshold], key(VoteThreshold)] = None


# --- <period>/<unit>.yaml --------------------------------------------------

class Score(NamedTuple):
    criterion: str
    value: Decimal
    src: Src


class Item(NamedTuple):
    points: Annotated[Decimal, key(Num(doc="Số điểm.", minimum=Decimal(0)), required=True)]
    reason: Annotated[str, key(Str(doc="Lý do, căn cứ (ví dụ số quyết định khen thưởng)."), required=True)]
    src: Src
    kind: Annotated[Optional[str], key(Slug("Loại khoản có điểm cố định (fixed của bonus hoặc deductions trong bảng "
                                            "điểm), ví dụ 'co-chinh-phu'."))] = None


class Case(NamedTuple):
    kind: Annotated[str, key(Str(doc="discipline (đang xem xét thi hành kỷ luật), investigation (đang điều tra, thanh "
                                     "tra, kiểm tra, kiểm toán khi có dấu hiệu vi phạm), complaint (đơn thư khiếu nại, "
                                     "tố cáo đang được xác minh), routine (thanh tra, kiểm tra, kiểm toán theo kế "
                                     "hoạch, chưa có dấu hiệu vi phạm: không loại đơn vị).",
                                 enum=CASE_KINDS), required=True)]
    note: Annotated[Optional[str], key(Str(doc="Mô tả ngắn."))]
    until: Annotated[Optional[dt.date], key(Date(doc="Ngày hết thời hạn kỷ luật hoặc kết thúc vụ việc, nếu đã biết."))]
    src: Src


class Facts(NamedTuple):
    pending_cases: Annotated[Tuple[Case, ...], key(ListOf(
        Case, doc="Vụ việc kỷ luật, điều tra, thanh tra, kiểm tra, khiếu nại, tố cáo đang xem xét (docs/awards.md)."))] = ()
    women_share: Annotated[Optional[Decimal], key(Share(
        doc="Tỷ lệ nữ trong đơn vị, ví dụ 0,72 hoặc 72% (ưu tiên khi bằng nhau, docs/awards.md)."))] = None
    staff: Annotated[Optional[int], key(Int(doc="Tổng số cán bộ, công chức, người lao động.", minimum=0))] = None
    src: Optional[Src] = None


class Reported(NamedTuple):
    """A figure as a unit reported it: its value and, where the target is the unit's own, the target."""

    figure: str
    value: Annotated[Decimal, key(Num(doc="Số liệu thực hiện (A), ví dụ 125.", minimum=Decimal(0)), required=True)]
    target: Annotated[Optional[Decimal], key(Num(doc="Chỉ tiêu được giao cho đơn vị (T), nếu có."))]
    src: Src


class Evidence(NamedTuple):
    """The document a criterion's self-score rests on."""

    criterion: str
    number: Annotated[str, key(Str(doc="Số ký hiệu văn bản, ví dụ \"15/QĐ-UBND\".", numeric_ok=True,
                                   pattern=r"^[0-9A-Za-zÀ-ỹĐđ][0-9A-Za-zÀ-ỹĐđ./-]*$",
                                   pattern_hint="số ký hiệu văn bản, ví dụ 15/QĐ-UBND"), required=True)]
    date: Annotated[dt.date, key(Date(doc="Ngày ban hành."), required=True)]
    issuer: Annotated[str, key(Str(doc="Cơ quan ban hành."), required=True)]
    src: Src


class SelfReport(NamedTuple):
    unit: Annotated[str, key(UNIT_ID, required=True)]
    year: Annotated[int, key(YEAR, required=True, default=UNREAD_YEAR)]
    period: Annotated[str, key(PERIOD, required=True, default=UNREAD_PERIOD)]
    submitted: Annotated[Optional[dt.date], key(Date(doc="Ngày gửi báo cáo."))]
    scores: Annotated[Mapping[str, Score], key(DictOf(
        CRITERION_ID, Num(doc="Điểm tự chấm, ví dụ 9,5.", minimum=Decimal(0)),
        doc="Điểm tự chấm theo mã tiêu chí.", entry=Score, label="Điểm tiêu chí {key}"), required=True)]
    bonus: Annotated[Tuple[Item, ...], key(ListOf(Item, doc="Các khoản điểm thưởng."), default=())]
    deductions: Annotated[Tuple[Item, ...], key(ListOf(Item, doc="Các khoản điểm trừ."), default=())]
    achievements: Annotated[Tuple[str, ...], key(Text(doc="Kết quả nổi bật."), default=())]
    limitations: Annotated[Tuple[str, ...], key(Text(doc="Tồn tại, hạn chế."), default=())]
    facts: Annotated[Facts, key(Facts, default=Facts())]
    src: Src
    unreadable: Tuple[str, ...] = ()
    """Criterion ids written with a score that could not be read (each already reported)."""
    figures: Annotated[Mapping[str, Reported], key(DictOf(
        Slug("Mã số liệu."), Reported, doc="Số liệu báo cáo theo mã số liệu của bảng điểm (figures).",
        entry=lambda k, v, src: v._replace(figure=k, src=Src(src.file, src.line, src.col, v.src.parts))),
        default=MappingProxyType({}))] = MappingProxyType({})
    not_assigned: Annotated[Tuple[str, ...], key(ListOf(
        CRITERION_ID, doc="Các tiêu chí không giao chỉ tiêu cho đơn vị (không chấm; bảng điểm quy định cách quy đổi)."),
        default=())] = ()
    evidence: Annotated[Mapping[str, Evidence], key(DictOf(
        CRITERION_ID, Evidence, doc="Văn bản làm căn cứ theo mã tiêu chí (tiêu chí có evidence: true).",
        entry=lambda k, v, src: v._replace(criterion=k, src=Src(src.file, src.line, src.col, v.src.parts))),
        default=MappingProxyType({}))] = MappingProxyType({})
    unreadable_evidence: Tuple[str, ...] = ()
    """Criterion ids whose evidence could not be read (each already reported)."""
    measures: Annotated[Tuple[str, ...], key(Text(doc="Biện pháp, nguyên nhân đạt được thành tích (Báo cáo thành tích)."),
                                             default=())] = ()
    duties: Annotated[Tuple[str, ...], key(Text(doc="Đặc điểm, chức năng, nhiệm vụ của đơn vị (Báo cáo thành tích)."),
                                           default=())] = ()

    @property
    def blank(self) -> bool:
        """Never filled in: the blank that `thidua init` and `thidua prepare` write (no date sent, every
        score 0, nothing else). `thidua status` counts such a unit as not yet sent."""
        return (self.submitted is None and not self.unreadable and all(s.value == 0 for s in self.scores.values())
                and not (self.bonus or self.deductions or self.achievements or self.limitations or self.figures
                         or self.not_assigned or self.evidence))


# --- <period>/review.yaml (its keys are declared in thidua.reading.formats) --------

class Correction(NamedTuple):
    """The chair's checked value (a criterion's score, or a total of bonus or deduction points)."""

    value: Decimal
    note: str
    src: Src


class UnitReview(NamedTuple):
    unit: str
    scores: Mapping[str, Correction]
    bonus: Optional[Correction]
    deductions: Optional[Correction]
    src: Src


class Review(NamedTuple):
    year: int
    period: str
    reviewer: Optional[str]
    date: Optional[dt.date]
    units: Mapping[str, UnitReview]
    src: Src


# --- <period>/summary.yaml -------------------------------------------------

class Signer(NamedTuple):
    name: Annotated[str, key(Str(doc="Họ tên người ký."), required=True)]
    position: Annotated[Optional[str], key(Str(doc="Chức vụ, ví dụ \"Chánh Thanh tra tỉnh\"."))]
    role: Annotated[str, key(Str(doc="chair: ký TM. Khối, Trưởng khối; vice: Phó Trưởng khối.", enum=("chair", "vice")),
                             default="chair")]
    src: Src
    unit: Annotated[Optional[str], key(Slug("Đơn vị của người ký khi Phó Trưởng khối ký (một trong vice_chairs; mặc "
                                            "định: đơn vị soạn thảo, hoặc Phó Trưởng khối đầu tiên)."))] = None


class ReportMeta(NamedTuple):
    number: Annotated[Optional[str], key(Str(doc="Số báo cáo, ví dụ 5 (in là \"05/BC-KTĐ\").", numeric_ok=True,
                                                 max_length=MAX_ID_LENGTH))]
    date: Annotated[Optional[dt.date], key(Date(doc="Ngày ký báo cáo."))]
    drafted_by: Annotated[Optional[str], key(UNIT_ID)]
    signer: Annotated[Optional[Signer], key(Signer)]
    recipients: Annotated[Tuple[str, ...], key(ListOf(Str(), doc="Nơi nhận."), default=())]
    conference_date: Annotated[Optional[dt.date], key(Date(doc="Ngày tổ chức Hội nghị."))]
    conference_place: Annotated[Optional[str], key(Str(doc="Nơi tổ chức Hội nghị."))]
    src: Src


def _prose(doc: str):
    return key(Text(doc=doc), default=())


class Person(NamedTuple):
    """Someone named in a document: the secretary, a guest, a member of the vote-counting board."""

    name: Annotated[str, key(Str(doc="Họ tên."), required=True)]
    position: Annotated[Optional[str], key(Str(doc="Chức vụ, ví dụ \"Phó Chánh Văn phòng\"."))]
    unit: Annotated[Optional[str], key(UNIT_ID)]
    organisation: Annotated[Optional[str], key(Str(doc="Cơ quan (khách mời không thuộc Khối), ví dụ \"Ban Thi đua - "
                                                       "Khen thưởng tỉnh\"."))]
    role: Annotated[Optional[str], key(Str(doc="Nhiệm vụ trong cuộc họp, ví dụ \"Trưởng ban\", \"Thành viên\"."))]
    src: Src


class Absent(NamedTuple):
    unit: Annotated[str, key(UNIT_ID, required=True)]
    reason: Annotated[Optional[str], key(Str(doc="Lý do vắng, ví dụ \"có lý do\"."))]
    src: Src


class Handover(NamedTuple):
    """Next year's chair and vice-chairs as the bloc decided (otherwise the rotation rule of bloc.yaml)."""

    chair: Annotated[str, key(UNIT_ID, required=True)]
    vice_chairs: Annotated[Tuple[str, ...], key(ListOf(UNIT_ID, doc="Phó Trưởng khối năm sau."), default=())]
    decision: Annotated[Optional[str], key(Str(doc="Căn cứ, ví dụ \"Quyết định số 12/QĐ-HĐTĐKT ngày 05/01/2021 của "
                                                   "Hội đồng Thi đua - Khen thưởng tỉnh\"."))]
    src: Src


class Honour(NamedTuple):
    """An award the members received during the year (for the tổng kết report)."""

    award: Annotated[str, key(Str(doc="Hình thức khen thưởng, ví dụ \"Bằng khen của Thủ tướng Chính phủ\"."),
                              required=True)]
    collectives: Annotated[int, key(Int(doc="Số tập thể được tặng.", minimum=0), default=0)]
    individuals: Annotated[int, key(Int(doc="Số cá nhân được tặng.", minimum=0), default=0)]
    src: Src


class LetterMeta(NamedTuple):
    """The Tờ trình đề nghị khen thưởng (year/summary.yaml, key `letter`)."""

    number: Annotated[Optional[str], key(Str(doc="Số tờ trình, ví dụ 10 (in là \"10/TTr-KTĐ\").", numeric_ok=True,
                                                 max_length=MAX_ID_LENGTH))]
    date: Annotated[Optional[dt.date], key(Date(doc="Ngày ký tờ trình (mặc định: ngày của báo cáo tổng kết)."))]
    addressee: Annotated[Optional[str], key(Str(doc="Nơi nhận ở dòng \"Kính gửi\" (mặc định theo cấp và giai đoạn, "
                                                    "thidua/awards/presets/letters.yaml)."))]
    via: Annotated[Optional[str], key(Str(doc="Cơ quan chuyển hồ sơ, in trong ngoặc sau \"Kính gửi\", ví dụ \"Ban "
                                              "Thi đua - Khen thưởng tỉnh\"."))]
    basis: Annotated[Tuple[str, ...], key(ListOf(Str(), doc="Các căn cứ (thay cho căn cứ mặc định của giai đoạn), mỗi "
                                                       "dòng không có chữ \"Căn cứ\" ở đầu."), default=())]
    recipients: Annotated[Tuple[str, ...], key(ListOf(Str(), doc="Nơi nhận (mặc định: Như trên; Hội đồng cấp trên; "
                                                            "các đơn vị trong Khối)."), default=())]
    signer: Annotated[Optional[Signer], key(Signer)]
    src: Src


class MinutesMeta(NamedTuple):
    """The Biên bản of the year-end meeting (year/summary.yaml, key `minutes`)."""

    number: Annotated[Optional[str], key(Str(doc="Số biên bản, ví dụ 3 (in là \"03/BB-KTĐ\").", numeric_ok=True,
                                                 max_length=MAX_ID_LENGTH))]
    start: Annotated[Optional[str], key(time_of_day("Giờ bắt đầu, ví dụ \"08:00\"."))]
    end: Annotated[Optional[str], key(time_of_day("Giờ kết thúc, ví dụ \"11:30\"."))]
    presiding: Annotated[Optional[Person], key(Person)]
    secretary: Annotated[Optional[Person], key(Person)]
    attendees: Annotated[Tuple[Person, ...], key(ListOf(Person, doc="Đại diện các đơn vị dự họp: họ tên, chức vụ, "
                                                               "đơn vị (unit)."), default=())]
    absent: Annotated[Tuple[Absent, ...], key(ListOf(Absent, doc="Đơn vị vắng mặt và lý do."), default=())]
    guests: Annotated[Tuple[Person, ...], key(ListOf(Person, doc="Khách mời, ví dụ đại diện Ban Thi đua - Khen "
                                                            "thưởng tỉnh."), default=())]
    counting_board: Annotated[Tuple[Person, ...], key(ListOf(Person, doc="Ban kiểm phiếu (khi bỏ phiếu kín)."),
                                                      default=())]
    discussion: Annotated[Tuple[str, ...], _prose("Ý kiến thảo luận tại cuộc họp.")]
    src: Src


class Summary(NamedTuple):
    year: Annotated[int, key(YEAR, required=True, default=UNREAD_YEAR)]
    period: Annotated[str, key(PERIOD, required=True, default=UNREAD_PERIOD)]
    report: Annotated[Optional[ReportMeta], key(ReportMeta)]
    situation: Annotated[Tuple[str, ...], _prose("Đặc điểm tình hình.")]
    assessment: Annotated[Tuple[str, ...], _prose("Đánh giá chung kết quả phong trào thi đua.")]
    movements: Annotated[Tuple[str, ...], _prose("Các phong trào thi đua chuyên đề, theo đợt.")]
    limitations: Annotated[Tuple[str, ...], _prose("Tồn tại, hạn chế.")]
    causes: Annotated[Tuple[str, ...], _prose("Nguyên nhân của tồn tại, hạn chế.")]
    lessons: Annotated[Tuple[str, ...], _prose("Bài học kinh nghiệm.")]
    directions: Annotated[Tuple[str, ...], _prose("Phương hướng, nhiệm vụ kỳ tới.")]
    proposals: Annotated[Tuple[str, ...], _prose("Đề xuất, kiến nghị.")]
    src: Src
    letter: Annotated[Optional[LetterMeta], key(LetterMeta)] = None
    minutes: Annotated[Optional[MinutesMeta], key(MinutesMeta)] = None
    handover: Annotated[Optional[Handover], key(Handover)] = None
    honours: Annotated[Tuple[Honour, ...], key(ListOf(Honour, doc="Khen thưởng các đơn vị trong Khối đã nhận trong "
                                                             "năm."), default=())] = ()


# --- year/ballots.yaml -----------------------------------------------------

class Vote(NamedTuple):
    unit: str
    count: int
    src: Src


class Round(NamedTuple):
    votes: Annotated[Mapping[str, Vote], key(DictOf(UNIT_ID, Int(minimum=0), doc="Số phiếu theo mã đơn vị.", entry=Vote),
                                             required=True)]
    src: Src


class Ballot(NamedTuple):
    award: Annotated[str, key(AWARD_ID, required=True)]
    voters: Annotated[int, key(Int(doc="Số đại biểu có mặt, tham gia bỏ phiếu.", minimum=0), required=True)]
    members: Annotated[Optional[int], key(Int(
        doc="Tổng số thành viên có quyền bỏ phiếu (mặc định: số đơn vị của Khối).", minimum=1))]
    rounds: Annotated[Tuple[Round, ...], key(ListOf(Round, doc="Các vòng bỏ phiếu, theo thứ tự.", min_items=1),
                                             required=True)]
    note: Annotated[Optional[str], key(Str())]
    src: Src
    issued: Annotated[Optional[int], key(Int(doc="Số phiếu phát ra.", minimum=0))] = None
    returned: Annotated[Optional[int], key(Int(doc="Số phiếu thu về.", minimum=0))] = None
    valid: Annotated[Optional[int], key(Int(doc="Số phiếu hợp lệ.", minimum=0))] = None
    invalid: Annotated[Optional[int], key(Int(doc="Số phiếu không hợp lệ.", minimum=0))] = None


class Ballots(NamedTuple):
    year: Annotated[int, key(YEAR, required=True)]
    date: Annotated[Optional[dt.date], key(Date(doc="Ngày bỏ phiếu."))]
    place: Annotated[Optional[str], key(Str(doc="Nơi bỏ phiếu."))]
    ballots: Annotated[Tuple[Ballot, ...], key(ListOf(Ballot), default=())]
    src: Src
    agreed: Annotated[bool, key(Bool(doc="true: Hội nghị thống nhất đề nghị, không bỏ phiếu kín (không ghi ballots)."),
                                default=False)] = False

    def for_award(self, award_id: str) -> Optional[Ballot]:
        for b in self.ballots:
            if b.award == award_id:
                return b
        return None


# --- a whole year ----------------------------------------------------------

class Period(NamedTuple):
    name: str
    reports: Mapping[str, SelfReport]
    review: Optional[Review]
    summary: Optional[Summary]
    broken: Mapping[str, str] = frozen_map({})
    """Self-reports that are there but could not be read: unit id (from the file name) -> file shown."""
    scorers: Mapping[str, Review] = MappingProxyType({})
    """scorer id -> its scores of every unit (`<period>/scores/<id>.yaml`, in review.yaml's format)."""

    @property
    def sent(self) -> Mapping[str, SelfReport]:
        """The reports sent: all but the blanks never filled in (`SelfReport.blank`), which count as not sent."""
        return {unit: r for unit, r in self.reports.items() if not r.blank}


class Year(NamedTuple):
    year: int
    folder: str
    bloc: Optional[Bloc]
    sheet: Optional[Sheet]
    awards: Optional[AwardsFile]
    periods: Mapping[str, Period]
    ballots: Optional[Ballots]
    other_files: Tuple[str, ...] = ()


# --- council.yaml and the council's ballots.yaml (thidua council) -------------

COUNCIL_ROLES = ("chair", "vice", "member")


class CouncilMember(NamedTuple):
    name: Annotated[str, key(Str(doc="Họ tên thành viên Hội đồng."), required=True)]
    position: Annotated[Optional[str], key(Str(doc="Chức vụ, ví dụ \"Phó Chủ tịch Ủy ban nhân dân tỉnh\"."))]
    role: Annotated[str, key(Str(doc="chair: Chủ tịch Hội đồng (ký Tờ trình, chủ trì họp); vice: Phó Chủ tịch; "
                                     "member: Ủy viên (mặc định).", enum=COUNCIL_ROLES), default="member")]
    src: Src


class CouncilBloc(NamedTuple):
    id: Annotated[str, key(Slug("Mã Khối trong Hội đồng, ví dụ 'noi-chinh'."), required=True)]
    path: Annotated[str, key(Str(doc="Thư mục dữ liệu của Khối (chứa các thư mục năm), tính từ thư mục của "
                                     "council.yaml, ví dụ \"khoi-noi-chinh/data\"."), required=True)]
    repo: Annotated[Optional[str], key(Str(doc="Kho git của Khối (để lấy về bên cạnh khi thư mục chưa có), ví dụ "
                                               "\"https://git.example.vn/khoi-noi-chinh.git\"."))]
    src: Src


class CouncilLetter(NamedTuple):
    number: Annotated[Optional[str], key(Str(doc="Số Tờ trình, ví dụ 12 (in là \"12/TTr-HĐTĐKT\").", numeric_ok=True,
                                                 max_length=MAX_ID_LENGTH))]
    date: Annotated[Optional[dt.date], key(Date(doc="Ngày ký Tờ trình."))]
    recipients: Annotated[Tuple[str, ...], key(ListOf(Str(), doc="Nơi nhận (ngoài Chủ tịch Ủy ban nhân dân tỉnh)."),
                                               default=())]
    src: Src


CAP_ROUNDING = ("down", "up", "half-up")


class CouncilCap(NamedTuple):
    share: Annotated[Decimal, key(Share(doc="Tỷ lệ tối đa, ví dụ 20%."), required=True)]
    of: Annotated[str, key(Slug("Hình thức (xét trước) mà số đơn vị được nhận là mẫu số, ví dụ 'co-tinh'."),
                           required=True)]
    round: Annotated[str, key(Str(doc="Làm tròn số suất: down (xuống, mặc định), up (lên), half-up (gần nhất).",
                                  enum=CAP_ROUNDING), default="down")]
    src: Src


class CouncilAwardRule(NamedTuple):
    """A change the council's own rules (Quy chế) make to one award of the period's rules."""

    id: Annotated[str, key(AWARD_ID, required=True)]
    per_bloc: Annotated[Optional[int], key(Int(doc="Số đơn vị tối đa mỗi Khối.", minimum=0))]
    cap: Annotated[Optional[CouncilCap], key(CouncilCap)]
    ballot: Annotated[Optional[bool], key(Bool(doc="true: Hội đồng bỏ phiếu kín cho hình thức này."))]
    src: Src


class CouncilDossierItem(NamedTuple):
    """A document of a bloc's dossier that the council checks: present when one of `files` is in the bloc's
    year folder (council.yaml's `dossier`, or the preset's, thidua/awards/presets/council.yaml)."""

    name: Annotated[str, key(Str(doc="Tên văn bản, ví dụ \"Biên bản họp bình xét, bỏ phiếu của Khối\"."),
                             required=True)]
    files: Annotated[Tuple[str, ...], key(ListOf(Str(doc="Tệp, tính từ thư mục năm của Khối, ví dụ "
                                                         "\"year/ballots.yaml\"; có một trong các tệp là đủ."),
                                                 min_items=1), required=True)]
    src: Src


class Council(NamedTuple):
    """The provincial council (Hội đồng Thi đua - Khen thưởng tỉnh): its members and the blocs it gathers."""

    year: Annotated[int, key(YEAR, required=True)]
    name: Annotated[str, key(Str(doc="Tên Hội đồng, ví dụ \"Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang\"."),
                             required=True)]
    place: Annotated[str, key(Str(doc="Địa danh ghi ở dòng ngày tháng, ví dụ \"Bắc Giang\"."), required=True)]
    authority: Annotated[str, key(Str(doc="Người nhận Tờ trình, ví dụ \"Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang\"."),
                                  required=True)]
    code: Annotated[str, key(Str(doc="Chữ viết tắt trong số văn bản, ví dụ \"HĐTĐKT\" trong \"12/TTr-HĐTĐKT\"."),
                             default="HĐTĐKT")]
    date: Annotated[Optional[dt.date], key(Date(doc="Ngày họp Hội đồng (chọn giai đoạn pháp lý nếu ballots.yaml "
                                                    "chưa ghi ngày)."))]
    members: Annotated[Tuple[CouncilMember, ...], key(ListOf(CouncilMember, doc="Các thành viên Hội đồng.",
                                                             min_items=1), required=True)]
    blocs: Annotated[Tuple[CouncilBloc, ...], key(ListOf(CouncilBloc, doc="Các Khối thi đua của tỉnh.", min_items=1),
                                                  required=True)]
    vote: Annotated[Optional[VoteThreshold], key(VoteThreshold)]
    letter: Annotated[Optional[CouncilLetter], key(CouncilLetter)]
    src: Src
    awards: Annotated[Tuple[CouncilAwardRule, ...], key(ListOf(
        CouncilAwardRule, doc="Điều chỉnh quy định của giai đoạn theo Quy chế của Hội đồng (số đơn vị mỗi Khối, tỷ lệ "
                              "toàn tỉnh, bỏ phiếu)."), default=())] = ()
    dossier: Annotated[Optional[Tuple[CouncilDossierItem, ...]], key(ListOf(
        CouncilDossierItem, doc="Hồ sơ Hội đồng kiểm tra ở thư mục năm của mỗi Khối, thay cho danh sách của quy định "
                                "(thidua/awards/presets/council.yaml); ghi [] để không kiểm tra hồ sơ."))] = None

    @property
    def chair(self) -> Optional[CouncilMember]:
        return next((p for p in self.members if p.role == "chair"), None)


class CouncilBallots(NamedTuple):
    """The council's secret ballots (its own ballots.yaml): votes keyed by unit id across every bloc."""

    year: Annotated[int, key(YEAR, required=True)]
    date: Annotated[Optional[dt.date], key(Date(doc="Ngày Hội đồng họp, bỏ phiếu."))]
    place: Annotated[Optional[str], key(Str(doc="Nơi họp."))]
    ballots: Annotated[Tuple[Ballot, ...], key(ListOf(Ballot, doc="Các cuộc bỏ phiếu của Hội đồng; số phiếu theo mã "
                                                              "đơn vị (mã trong bloc.yaml của Khối)."), default=())]
    src: Src

    def for_award(self, award_id: str) -> Optional[Ballot]:
        return next((b for b in self.ballots if b.award == award_id), None)
