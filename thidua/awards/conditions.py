"""Award conditions and award tie-break rules: registries of small rules.

Each condition declares its id (the key written in awards.yaml), the type of its parameter
(a `thidua.reading.spec` type, so a bad value gets a located problem), an optional default, and one
`check` returning None when the unit meets it or a `Reason` ("Yêu cầu: … / Hiện có: …").
A province's new condition is one more function decorated with `@condition(...)`.

Conditions run in registry order, so the first one that stops a unit is the reason printed.
"""

import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.numbers import fmt_number, fmt_share
from thidua.problems import Problem, Src, error
from thidua.reading.spec import INVALID, Bool, Ctx, Key, Int, Obj, Share, Slug, Str, Type
from thidua.reading.yamlread import Node, Scalar

CASE_WORDS = {"discipline": "đang xem xét thi hành kỷ luật",
              "investigation": "đang điều tra, thanh tra, kiểm tra, kiểm toán khi có dấu hiệu vi phạm",
              "complaint": "có đơn thư khiếu nại, tố cáo đang được xác minh làm rõ",
              "routine": "thanh tra, kiểm tra, kiểm toán theo kế hoạch, chưa có dấu hiệu vi phạm"}
NOT_EXCLUDING = ("routine",)  # case kinds that withhold no award


# --- what a rule sees ------------------------------------------------------

class Reason(NamedTuple):
    """Why a unit is not proposed: the rule, what it requires and what the unit has."""

    rule: str
    required: str
    actual: str

    def __str__(self) -> str:
        return f"Yêu cầu: {self.required} / Hiện có: {self.actual}"


class Placing(NamedTuple):
    """A unit's result in a year's ranking, as the award rules see it."""

    unit: str
    rank: int
    total: Decimal
    grade: Optional[str]


class YearRecord(NamedTuple):
    """An earlier year's ranking for the history condition; `missing` says why there is none."""

    year: int
    grades: Tuple[str, ...]  # the names of that year's grades, highest first
    placings: Mapping[str, Placing]
    missing: Optional[str] = None


class Candidate(NamedTuple):
    unit: m.Unit
    placing: Placing
    rank_in_category: int
    facts: m.Facts
    votes: Optional[int]  # in the award's ballot (latest round naming the unit); None: no ballot


class Situation(NamedTuple):
    """The award being decided and what has been decided before it."""

    year: int
    award_id: str
    award_names: Mapping[str, str]
    higher: Tuple[str, ...]  # ids of the awards ranked above this one
    grades: Tuple[str, ...]  # names of the year's grades, highest first
    ballot: Optional[m.Ballot]
    members: int
    proposed: Mapping[str, Tuple[str, ...]]  # award id -> units proposed so far
    on_date: dt.date  # cases still open on this day are pending
    history: Callable[[int], YearRecord]
    voting: bool = False  # the bloc held a secret ballot this year (ballots.yaml, not `agreed`)
    bloc_word: str = "Khối"  # "Khối", "Cụm", "Khu vực" (`m.Titles.bloc`)

    def name(self, award_id: str) -> str:
        return self.award_names.get(award_id, award_id)


class Setting(NamedTuple):
    """What a rule's data check may compare its parameter with (None: that file is missing)."""

    award_id: str
    award_names: Mapping[str, str]
    grades: Optional[Tuple[str, ...]]


Check = Callable[[Situation, Candidate, Any], Optional[Reason]]
AwardCap = Callable[[Situation, Any], Optional[Tuple[int, str]]]
Validate = Callable[[Any, Src, Setting], List[Problem]]


class Condition(NamedTuple):
    id: str
    param: Type
    check: Check
    doc: str
    default: Any = None  # applied to every award that does not set it
    cap: Optional[AwardCap] = None  # a limit on how many units the award may go to
    validate: Optional[Validate] = None


CONDITIONS: Dict[str, Condition] = {}


def condition(cond_id: str, param: Type, doc: str, default: Any = None,
              cap: Optional[AwardCap] = None, validate: Optional[Validate] = None):
    """Register a condition under the key written in awards.yaml."""

    def register(check: Check) -> Check:
        CONDITIONS[cond_id] = Condition(cond_id, param, check, doc, default, cap, validate)
        return check

    return register


def _grade_known(name: str, src: Src, setting: Setting, what: str) -> List[Problem]:
    if setting.grades is None or name in setting.grades:
        return []
    return [error(src, "unknown-grade",
                  f"{what} '{name}' của '{setting.award_id}' không có trong criteria.yaml (các mức: "
                  f"{', '.join(setting.grades)}).")]


def _award_known(award_id: str, src: Src, setting: Setting) -> List[Problem]:
    if award_id == setting.award_id:
        return [error(src, "award-among-itself", f"'{award_id}' không thể xét trong chính nó.")]
    if award_id not in setting.award_names:
        return [error(src, "unknown-award", f"Không có hình thức khen thưởng '{award_id}' (các mã hợp lệ: "
                                            f"{', '.join(setting.award_names)}).")]
    return []


# --- the conditions, in the order they are checked ---------------------------

@condition("with_higher", Bool(doc="true: đơn vị được nhận đồng thời với hình thức cao hơn (ví dụ Cờ thi đua "
                                   "của UBND tỉnh cùng Cờ thi đua của Chính phủ); false (mặc định): đơn vị chỉ "
                                   "được đề nghị hình thức cao nhất."),
           "Có được nhận cùng hình thức cao hơn không (mặc định: không, chỉ hình thức cao nhất).", default=False)
def _with_higher(sit: Situation, cand: Candidate, allowed: bool) -> Optional[Reason]:
    if allowed:
        return None
    for award_id in sit.higher:
        if cand.unit.id in sit.proposed.get(award_id, ()):
            return Reason("with_higher", "chỉ đề nghị hình thức cao nhất",
                          f"đã được đề nghị {sit.name(award_id)}")
    return None


class Exclusion(NamedTuple):
    """The rule of the period that withholds an award while a case is open: its wording and its article."""

    wording: Optional[str]
    basis: Optional[str]
    src: Optional[Src] = None


_EXCLUSION_OBJ = Obj(
    title="quy định chưa khen thưởng khi đang có vụ việc",
    factory=lambda wording, basis=None, src=None: Exclusion(wording, basis, src),
    keys=[Key("wording", Str(doc="Lời văn của quy định, ví dụ \"chưa khen thưởng tập thể đang ...\"."), required=True),
          Key("basis", Str(doc="Văn bản, điều, khoản của quy định."))])


class ExclusionType(Type):
    """`no_pending_cases: true`, or `{wording: ..., basis: ...}` to quote the rule of the period."""

    doc = ("true: không xét đơn vị đang có vụ việc loại trừ (facts.pending_cases, trừ routine); hoặc "
           "{wording, basis}: như vậy, và lý do in ra trích lời văn và căn cứ của quy định.")
    _flag = Bool()

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar):
            flag = self._flag.convert(node, ctx)
            return flag if flag in (INVALID, False) else Exclusion(None, None, node.src)
        return _EXCLUSION_OBJ.convert(node, ctx)

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"anyOf": [self._flag.schema(), _EXCLUSION_OBJ.schema()]})


@condition("no_pending_cases", ExclusionType(),
           "Loại đơn vị đang có vụ việc kỷ luật, điều tra, thanh tra, kiểm tra khi có dấu hiệu vi phạm, khiếu nại, "
           "tố cáo đang xác minh (thanh tra, kiểm tra theo kế hoạch không loại).")
def _no_pending_cases(sit: Situation, cand: Candidate, rule: Any) -> Optional[Reason]:
    if not rule:
        return None
    open_cases = [c for c in cand.facts.pending_cases if c.kind not in NOT_EXCLUDING
                  and (c.until is None or c.until >= sit.on_date)]
    if not open_cases:
        return None
    shown = "; ".join(CASE_WORDS[c.kind] + (f" ({c.note})" if c.note else "") for c in open_cases)
    if rule.wording:
        basis = f" ({rule.basis})" if rule.basis else ""
        required = f"không thuộc trường hợp \"{rule.wording}\"{basis}"
    else:
        required = "không có vụ việc kỷ luật, điều tra, thanh tra, kiểm tra có dấu hiệu vi phạm, khiếu nại, tố cáo đang xem xét"
    return Reason("no_pending_cases", required, shown)


@condition("registered", Bool(doc="true: đơn vị phải đăng ký thi đua hình thức này từ đầu năm "
                                  "(bloc.yaml, khóa registered)."),
           "Phải đăng ký thi đua từ đầu năm.")
def _registered(sit: Situation, cand: Candidate, required: bool) -> Optional[Reason]:
    if not required or sit.award_id in cand.unit.registered:
        return None
    have = ", ".join(sit.name(a) for a in cand.unit.registered)
    return Reason("registered", f"đăng ký thi đua {sit.name(sit.award_id)}",
                  f"chỉ đăng ký {have}" if have else "chưa đăng ký (bloc.yaml, khóa registered)")


class Among(NamedTuple):
    award: str
    max_share: Optional[Decimal]
    round: str
    src: Src


def _among_cap(sit: Situation, among: Among) -> Optional[Tuple[int, str]]:
    if among.max_share is None:
        return None
    base = len(sit.proposed.get(among.award, ()))
    exact = among.max_share * base
    limit = int(exact.to_integral_value(ROUND_CEILING if among.round == "up" else ROUND_FLOOR))
    return limit, (f"tối đa {fmt_share(among.max_share)} số đơn vị được đề nghị {sit.name(among.award)} "
                   f"({fmt_share(among.max_share)} × {base} = {fmt_number(exact)}, làm tròn "
                   f"{'lên' if among.round == 'up' else 'xuống'}: {limit})")


@condition("among", Obj(
    title="điều kiện xét trong số đơn vị được đề nghị hình thức khác",
    factory=lambda award, max_share=None, round=None, src=None: Among(award, max_share, round or "up", src),
    keys=[Key("award", Slug("Mã hình thức khen thưởng, ví dụ 'co-tinh'."), required=True),
            Key("max_share", Share(doc="Tối đa bao nhiêu phần số đơn vị được đề nghị hình thức kia, ví dụ 20%.")),
            Key("round", Str(doc="Làm tròn số suất: up (lên, mặc định) hoặc down (xuống).", enum=("up", "down")))]),
    "Chỉ xét trong số đơn vị đã được đề nghị một hình thức khác, có thể kèm tỷ lệ tối đa.",
    cap=_among_cap,
    validate=lambda among, src, setting: _award_known(among.award, src, setting))
def _among(sit: Situation, cand: Candidate, among: Among) -> Optional[Reason]:
    if cand.unit.id in sit.proposed.get(among.award, ()):
        return None
    return Reason("among", f"được đề nghị {sit.name(among.award)}", "không được đề nghị")


class Ranks(NamedTuple):
    first: int
    last: Optional[int]
    within: str  # "bloc" | "category"
    src: Src

    def words(self) -> str:
        where = " trong nhóm đơn vị" if self.within == "category" else ""
        if self.last is None:
            return f"xếp hạng từ {self.first} trở xuống{where}"
        if self.first == self.last:
            return f"xếp hạng {self.first}{where}"
        return f"xếp hạng từ {self.first} đến {self.last}{where}"


def _ranks_problems(ranks: Ranks, src: Src, setting: Setting) -> List[Problem]:
    if ranks.last is not None and ranks.last < ranks.first:
        return [error(src, "bad-value", f"Hạng 'to' ({ranks.last}) nhỏ hơn hạng 'from' ({ranks.first}).")]
    return []


@condition("ranks", Obj(
    title="khoảng xếp hạng được xét",
    factory=lambda src, within=None, to=None, **kw: Ranks(kw.get("from") or 1, to, within or "bloc", src),
    keys=[Key("from", Int(doc="Hạng cao nhất được xét (mặc định 1).", minimum=1)),
            Key("to", Int(doc="Hạng thấp nhất được xét.", minimum=1)),
            Key("within", Str(doc="bloc: hạng trong cả Khối (mặc định); category: hạng trong nhóm đơn vị.",
                                enum=("bloc", "category")))]),
    "Chỉ xét các đơn vị xếp hạng trong khoảng này.", validate=_ranks_problems)
def _ranks(sit: Situation, cand: Candidate, ranks: Ranks) -> Optional[Reason]:
    rank = cand.rank_in_category if ranks.within == "category" else cand.placing.rank
    if rank >= ranks.first and (ranks.last is None or rank <= ranks.last):
        return None
    where = f" trong nhóm {cand.unit.category}" if ranks.within == "category" and cand.unit.category else ""
    return Reason("ranks", ranks.words(), f"hạng {rank}{where}")


def _at_least(grades: Sequence[str], have: Optional[str], floor: str) -> bool:
    return have is not None and floor in grades and have in grades and grades.index(have) <= grades.index(floor)


@condition("min_grade", Str(doc="Mức xếp loại tối thiểu, đúng tên trong criteria.yaml, ví dụ \"Xuất sắc\"."),
           "Xếp loại tối thiểu của năm.",
           validate=lambda grade, src, setting: _grade_known(grade, src, setting, "Mức xếp loại"))
def _min_grade(sit: Situation, cand: Candidate, grade: str) -> Optional[Reason]:
    if _at_least(sit.grades, cand.placing.grade, grade):
        return None
    higher = " trở lên" if sit.grades and grade != sit.grades[0] else ""
    return Reason("min_grade", f"xếp loại {grade}{higher}",
                  f"xếp loại {cand.placing.grade} ({fmt_number(cand.placing.total)} điểm)" if cand.placing.grade
                  else f"không đạt mức xếp loại nào ({fmt_number(cand.placing.total)} điểm)")


class History(NamedTuple):
    min_grade: str
    years: int
    src: Src


@condition("history", Obj(
    title="điều kiện về thành tích các năm liền trước",
    factory=lambda min_grade, years, src: History(min_grade, years, src),
    keys=[Key("min_grade", Str(doc="Mức xếp loại tối thiểu mỗi năm, ví dụ \"Xuất sắc\"."), required=True),
            Key("years", Int(doc="Số năm liên tục tính cả năm đang xét, ví dụ 2.", minimum=1, maximum=20),
                  required=True)]),
    "Đạt mức xếp loại tối thiểu nhiều năm liên tục (đọc thư mục các năm trước).",
    validate=lambda h, src, setting: _grade_known(h.min_grade, src, setting, "Mức xếp loại"))
def _history(sit: Situation, cand: Candidate, history: History) -> Optional[Reason]:
    first = sit.year - history.years + 1
    required = (f"xếp loại {history.min_grade} trở lên {history.years} năm liên tục ({first}–{sit.year})"
                if history.years > 1 else f"xếp loại {history.min_grade} trở lên năm {sit.year}")
    if not _at_least(sit.grades, cand.placing.grade, history.min_grade):
        return Reason("history", required, f"năm {sit.year}: {cand.placing.grade or 'không đạt mức nào'}")
    for year in range(sit.year - 1, first - 1, -1):
        record = sit.history(year)
        if record.missing:
            return Reason("history", required, f"năm {year}: {record.missing}")
        placing = record.placings.get(cand.unit.id)
        if placing is None:
            return Reason("history", required, f"năm {year}: đơn vị không có kết quả xếp loại trong Khối")
        if history.min_grade not in record.grades:
            return Reason("history", required, f"năm {year}: bảng điểm không có mức '{history.min_grade}'")
        if not _at_least(record.grades, placing.grade, history.min_grade):
            return Reason("history", required, f"năm {year}: {placing.grade or 'không đạt mức nào'}")
    return None


class MinVotes(NamedTuple):
    share: Decimal
    of: str  # "voters" | "members"
    src: Src


@condition("min_votes", Obj(
    title="tỷ lệ phiếu bầu tối thiểu",
    factory=lambda share, of=None, src=None: MinVotes(share, of or "voters", src),
    keys=[Key("share", Share(doc="Tỷ lệ phiếu đồng ý tối thiểu, ví dụ 80%."), required=True),
            Key("of", Str(doc="voters: trên số đại biểu có mặt bỏ phiếu (mặc định); members: trên tổng số "
                                "thành viên.", enum=("voters", "members")))]),
    "Tỷ lệ phiếu bầu tối thiểu (vòng cuối có tên đơn vị, year/ballots.yaml).")
def _min_votes(sit: Situation, cand: Candidate, rule: MinVotes) -> Optional[Reason]:
    return _votes_reason("min_votes", sit, cand, rule.share, rule.of, "")


def _votes_reason(rule_id: str, sit: Situation, cand: Candidate, share: Decimal, of: str,
                  whose: str) -> Optional[Reason]:
    over = "số đại biểu có mặt" if of == "voters" else "tổng số thành viên"
    if sit.ballot is None:
        return Reason(rule_id, f"ít nhất {fmt_share(share)} phiếu đồng ý trên {over}{whose}",
                      f"chưa có kết quả bỏ phiếu {sit.name(sit.award_id)} (year/ballots.yaml)")
    base = sit.ballot.voters if of == "voters" else (sit.ballot.members or sit.members)
    need = int((share * base).to_integral_value(ROUND_CEILING))
    votes = cand.votes or 0
    if base and votes >= need:
        return None
    got = f" ({_percent(Decimal(votes) / base)})" if base else ""
    return Reason(rule_id, f"ít nhất {fmt_share(share)} phiếu đồng ý trên {over} ({need}/{base}){whose}",
                  f"{votes}/{base} phiếu{got}")


def bloc_vote_reason(sit: Situation, cand: Candidate, vote: m.VoteThreshold) -> Optional[Reason]:
    """The ballot decides: where the bloc voted, a unit is proposed only when its ballot for the award
    reaches the bloc's own threshold (awards.yaml, `vote`; its Quy chế), checked after every condition."""
    if not sit.voting:
        return None
    return _votes_reason("vote", sit, cand, vote.share, vote.of, f", theo Quy chế của {sit.bloc_word}")


def _percent(share: Decimal) -> str:
    """0.714285… -> '71,4%' (one decimal, for a share of votes)."""
    return fmt_number((share * 100).quantize(Decimal("0.1"))) + "%"


# --- tie-break rules of an award ----------------------------------------------

class AwardTieBreak(NamedTuple):
    """One tie rule of an award as written: its id and parameter."""

    rule: str
    param: Any
    src: Src


TieKey = Callable[[Situation, Candidate, Any], Tuple[Decimal, str]]


class AwardTieRule(NamedTuple):
    id: str
    fields: Tuple[Key, ...]  # keys besides `rule`
    factory: Callable[..., Any]
    key: TieKey  # (value, shown): higher value wins; None value = cannot compare
    words: Callable[[Any], str]  # what the rule prefers, in Vietnamese
    doc: str


AWARD_TIE_RULES: Dict[str, AwardTieRule] = {}


def award_tie_rule(rule_id: str, fields: Sequence[Key], factory: Callable[..., Any], words: Callable[[Any], str],
             doc: str):
    def register(key: TieKey) -> TieKey:
        AWARD_TIE_RULES[rule_id] = AwardTieRule(rule_id, tuple(fields), factory, key, words, doc)
        return key

    return register


class WomenShare(NamedTuple):
    min: Decimal
    src: Src


@award_tie_rule("women_share",
          [Key("min", Share(doc="Tỷ lệ nữ tối thiểu để được ưu tiên, ví dụ 70%."), required=True)],
          lambda min, src: WomenShare(min, src),
          lambda p: f"ưu tiên tập thể có từ {fmt_share(p.min)} nữ trở lên",
          "Ưu tiên tập thể có tỷ lệ nữ từ mức này trở lên (facts.women_share).")
def _women_key(sit: Situation, cand: Candidate, param: WomenShare) -> Tuple[Decimal, str]:
    share = cand.facts.women_share
    if share is None:
        return Decimal(0), "chưa khai tỷ lệ nữ (facts.women_share)"
    return (Decimal(1) if share >= param.min else Decimal(0)), f"tỷ lệ nữ {fmt_share(share)}"


@award_tie_rule("ballot", [], lambda src: None, lambda p: "ưu tiên đơn vị nhiều phiếu bầu hơn",
          "Ưu tiên đơn vị được nhiều phiếu hơn trong cuộc bỏ phiếu của chính hình thức này.")
def _ballot_key(sit: Situation, cand: Candidate, param: Any) -> Tuple[Decimal, str]:
    if sit.ballot is None:
        return Decimal(-1), "chưa có kết quả bỏ phiếu"
    return Decimal(cand.votes or 0), f"{cand.votes or 0} phiếu"
