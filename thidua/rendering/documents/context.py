"""The typed context of the bloc's documents: every sentence that depends on numbers or lists.

Templates only place what is built here: counts ("7/7 đơn vị"), lists joined with commas and
"và", dates ("ngày 24 tháng 7 năm 2019"), points ("95,5"), document numbers ("Số: 05/BC-KTĐ").
Three documents share the header and the signature block of Nghị định 30/2020/NĐ-CP:
the report (`bao-cao`), the proposal letter (`to-trinh`) and the minutes of the ballot (`bien-ban`).
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.numbers import fmt_date_long, fmt_date_short, fmt_number

KINDS = ("bao-cao", "to-trinh", "bien-ban")
DOC_CODES = {"bao-cao": "BC", "to-trinh": "TTr", "bien-ban": "BB"}
DOC_WORDS = {"bao-cao": "BÁO CÁO", "to-trinh": "TỜ TRÌNH", "bien-ban": "BIÊN BẢN"}
DOCUMENT_KIND_WORDS = {"plan": "Kế hoạch", "guidance": "Hướng dẫn", "decision": "Quyết định", "other": "Văn bản"}
BLANK = "…"
NO_GRADE = "Không xếp loại"


# --- words and numbers -------------------------------------------------------

def join_vi(items: Sequence[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def fmt_count(n: int) -> str:
    """Counts as clerks write them: 07 đơn vị, 12 đơn vị."""
    return f"{n:02d}"


def fmt_percent(part: int, whole: int) -> str:
    """6 of 7 -> '85,7%' (one decimal, none when whole)."""
    if whole <= 0:
        return "0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return fmt_number(value) + "%"


def doc_number(number: Optional[str], kind: str, code: str) -> str:
    """'05/BC-KTĐ'; a missing number leaves a blank for the clerk; a full number is kept."""
    suffix = f"/{DOC_CODES[kind]}-{code}"
    if not number:
        return f"{BLANK}{suffix}"
    text = str(number).strip()
    if "/" in text:
        return text
    if text.isdecimal():  # what int() reads ('²' is a digit, not a decimal); the loader keeps it short
        text = f"{int(text):02d}"
    return f"{text}{suffix}"


def place_date(place: str, day: Optional[dt.date], year: int) -> str:
    """'Bắc Giang, ngày 24 tháng 7 năm 2019'; without a date, blanks to fill by hand."""
    if day is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {year}"
    return f"{place}, {fmt_date_long(day)}"


def sentence(text: str) -> str:
    """End a list item or a sentence with exactly one full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":", ".”", ".\"")) else text + "."


def _strip_end(text: str) -> str:
    return text.strip().rstrip(";.").rstrip()


def list_lines(items: Sequence[str], last: str = ".") -> Tuple[str, ...]:
    """'- a;', '- b;', '- c.': an enumeration as Vietnamese documents punctuate it."""
    cleaned = [_strip_end(i) for i in items if i.strip()]
    return tuple(f"- {item}{';' if n < len(cleaned) - 1 else last}" for n, item in enumerate(cleaned))


PLACE_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "KHU VỰC")


def break_name(text: str, limit: int = 34) -> Tuple[str, ...]:
    """An upper-case name as centred lines for the signature block: kept whole when short,
    else broken before its place ("... NHÂN DÂN" / "TỈNH BẮC GIANG") or at the middle word."""
    if len(text) <= limit or " " not in text:
        return (text,)
    words = text.split()
    cuts = [i for i in range(1, len(words)) if any(" ".join(words[i:]).startswith(w + " ") for w in PLACE_WORDS)]
    if cuts:
        cut = cuts[-1]
    else:
        cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return (" ".join(words[:cut]), " ".join(words[cut:]))


def _placeholder(folder: str, period: str, key: str) -> Tuple[str, ...]:
    path = os.path.join(folder, period, "summary.yaml")
    return (f"[Bổ sung nội dung: mục '{key}' trong tệp {path}.]",)


# --- the parts every document shares ---------------------------------------------

class Heading(NamedTuple):
    """The header of Nghị định 30: issuing body, national motto, number, place and date, title."""

    issuer: str  # upper case: "KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH"
    number: str  # "Số: 05/BC-KTĐ" (a blank "…" when the number is not known yet)
    place_date: str  # "Bắc Giang, ngày 24 tháng 7 năm 2019"
    doc_word: str  # "BÁO CÁO"
    summary_line: str  # the trích yếu: "Sơ kết công tác thi đua, khen thưởng ..."
    nation: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"


class Signature(NamedTuple):
    """The signature block and the recipients ("Nơi nhận:")."""

    on_behalf: str  # "TM. KHỐI THI ĐUA"
    role: str  # "TRƯỞNG KHỐI" | "PHÓ TRƯỞNG KHỐI"
    unit: str  # the signing unit, upper case
    unit_lines: Tuple[str, ...]  # the same, broken into centred lines when long
    name: str  # the signer; empty when unknown
    recipients: Tuple[str, ...]  # "- Hội đồng TĐKT tỉnh;" ... "- Lưu: VT, TAND tỉnh."


class ScoreRow(NamedTuple):
    number: str  # STT
    unit: str
    self_points: str  # criteria points as the unit scored them, before the check (as in `thidua rank`)
    checked: str  # criteria points after the chair's check
    bonus: str
    deductions: str
    total: str
    grade: str
    rank: str  # "1", "2 (đồng hạng)"


class ScoreTable(NamedTuple):
    caption: str  # "Bảng tổng hợp kết quả chấm điểm thi đua năm 2020"
    period_words: str  # "năm 2020", "6 tháng đầu năm 2020"
    scale: str  # "thang điểm 100"
    rows: Tuple[ScoreRow, ...]
    summary: Tuple[str, ...]  # grade counts, the leading unit
    notes: Tuple[str, ...]  # ties decided by a rule, units without a report


class UnitResult(NamedTuple):
    unit: str
    items: Tuple[str, ...]


class AwardProposal(NamedTuple):
    """The units proposed for one award, as sentences and rows."""

    award: str  # "Cờ thi đua của Ủy ban nhân dân tỉnh"
    heading: str  # "Cờ thi đua của Ủy ban nhân dân tỉnh: 01 tập thể"
    units: Tuple[str, ...]  # "- Công an tỉnh Bắc Giang: đơn vị dẫn đầu Khối; 97,5 điểm, xếp loại Xuất sắc; 7/7 phiếu;"
    ties: Tuple[str, ...]  # level units the rules did not separate: the bloc votes
    sentence: str  # for the report: "Cờ thi đua của Ủy ban nhân dân tỉnh cho 01 đơn vị: Công an tỉnh Bắc Giang"


class BallotRound(NamedTuple):
    label: str  # "Vòng 1", or "Kết quả kiểm phiếu" when there was one round
    lines: Tuple[str, ...]  # "- Công an tỉnh Bắc Giang: 7/7 phiếu (100%);"


class BallotResult(NamedTuple):
    """One award's secret ballot, for the minutes."""

    award: str
    attendance: str  # "Số đại biểu có mặt, tham gia bỏ phiếu: 7/7."
    rounds: Tuple[BallotRound, ...]
    outcome: str  # "Kết quả: ..."


# --- the three documents -------------------------------------------------------

class ReportContext(NamedTuple):
    kind: str
    year: int
    period: str  # "h1" | "year"
    title: str  # "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020; ..."
    heading: Heading
    bloc_name: str
    basis: str
    situation: Tuple[str, ...]
    membership: str
    assessment: Tuple[str, ...]
    registration: Tuple[str, ...]
    themes_intro: str
    themes: Tuple[str, ...]
    slogan: str
    movements: Tuple[str, ...]
    results: Tuple[UnitResult, ...]
    score_summary: Tuple[str, ...]
    limitations: Tuple[str, ...]
    causes: Tuple[str, ...]
    lessons: Tuple[str, ...]
    directions_heading: str  # "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2020"
    directions: Tuple[str, ...]
    proposals_intro: str
    proposals: Tuple[str, ...]  # the award proposals (year end)
    recommendations: Tuple[str, ...]  # the bloc's other requests (summary.proposals)
    closing: str
    signature: Signature
    scores: Optional[ScoreTable]
    annex_heading: str  # "(Kèm theo Báo cáo số 09/BC-KTĐ ngày 15/12/2020 của ...)"


class LetterContext(NamedTuple):
    kind: str
    year: int
    title: str
    heading: Heading
    bloc_name: str
    addressee: str  # "Ủy ban nhân dân tỉnh Bắc Giang"
    basis: Tuple[str, ...]  # "Căn cứ ...;"
    intro: str
    awards: Tuple[AwardProposal, ...]
    enclosed: str
    closing: str
    signature: Signature


class MinutesContext(NamedTuple):
    kind: str
    year: int
    title: str
    heading: Heading
    bloc_name: str
    opening: str  # "Hôm nay, ngày 10 tháng 12 năm 2020, tại ..."
    chair: str
    secretary: str
    attendance: str
    present: Tuple[str, ...]
    scores_intro: str
    scores: Optional[ScoreTable]
    ballots: Tuple[BallotResult, ...]
    vote_heading: str  # "2. Kết quả bỏ phiếu kín", or "2. Kết quả bình xét" when the bloc agreed
    agreed_line: str  # the bloc agreed without a secret ballot ("" otherwise)
    conclusion: Tuple[str, ...]
    ending: str
    signature: Signature


def as_mapping(context) -> Dict[str, object]:
    """The top-level fields of a context, as the template engines want them (no deep copy)."""
    return context._asdict()


# --- building -------------------------------------------------------------------

def period_title(period: str, year: int) -> str:
    """The trích yếu of the report, starting with an upper-case letter."""
    if period == "h1":
        return (f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year}; "
                f"phương hướng, nhiệm vụ 6 tháng cuối năm {year}")
    return f"Tổng kết công tác thi đua, khen thưởng năm {year}; phương hướng, nhiệm vụ năm {year + 1}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _unit_name(bloc: m.Bloc, unit_id: Optional[str]) -> str:
    unit = bloc.unit(unit_id or "")
    return unit.name if unit else (unit_id or "")


def _unit_label(bloc: m.Bloc, unit_id: Optional[str]) -> str:
    unit = bloc.unit(unit_id or "")
    return unit.label if unit else (unit_id or "")


def _role_words(bloc: m.Bloc, unit_id: str) -> str:
    if unit_id == bloc.chair:
        return "đơn vị Trưởng khối"
    if unit_id in bloc.vice_chairs:
        return "đơn vị Phó Trưởng khối"
    return "đơn vị thành viên"


def document_ref(doc: m.Document) -> str:
    """'Kế hoạch số 127/KH-KTĐ ngày 05/4/2019 của Khối ... về Phát động phong trào thi đua năm 2019'."""
    word = DOCUMENT_KIND_WORDS.get(doc.kind, "Văn bản")
    text = f"{word} số {doc.number} ngày {fmt_date_short(doc.date)} của {doc.issuer}"
    if doc.title:
        title = doc.title.strip()
        if title.lower().startswith(word.lower() + " "):
            title = title[len(word) + 1:]
        text += f" về {title}"
    return text


def signature(bloc: m.Bloc, meta: Optional[m.ReportMeta], recipients: Sequence[str]) -> Signature:
    """The block of Nghị định 30: 'TM. KHỐI THI ĐUA', the role, the unit, the signer's name."""
    signer = meta.signer if meta else None
    role = signer.role if signer else "chair"
    if role == "vice":
        drafted = meta.drafted_by if meta else None
        unit_id = drafted if drafted in bloc.vice_chairs else (bloc.vice_chairs[0] if bloc.vice_chairs else bloc.chair)
        role_words = "PHÓ TRƯỞNG KHỐI"
    else:
        unit_id = bloc.chair
        role_words = "TRƯỞNG KHỐI"
    keeper = (meta.drafted_by if meta and meta.drafted_by else None) or unit_id
    lines = list(list_lines(recipients, last=";")) + [f"- Lưu: VT, {_unit_label(bloc, keeper)}."]
    unit = _unit_name(bloc, unit_id).upper()
    return Signature(on_behalf="TM. KHỐI THI ĐUA", role=role_words, unit=unit, unit_lines=break_name(unit),
                     name=signer.name if signer else "", recipients=tuple(lines))


def score_table(ranking, period_words: str, reviewed: bool = True) -> ScoreTable:
    """The score table and its sentences from a `thidua.scoring.Ranking`; `reviewed` says whether
    the chair's check (review.yaml) exists, which the sentences must not claim otherwise."""
    sheet = ranking.sheet
    rows: List[ScoreRow] = []
    notes: List[str] = []
    for n, st in enumerate(ranking.standings, 1):
        sc = st.score
        rank = str(st.rank) + (" (đồng hạng)" if st.tied else "")
        rows.append(ScoreRow(number=str(n), unit=st.unit.name, self_points=fmt_number(sc.self_points),
                             checked=fmt_number(sc.checked_points), bonus=fmt_number(sc.bonus.counted),
                             deductions=fmt_number(sc.deductions.counted), total=fmt_number(sc.total),
                             grade=sc.grade or NO_GRADE, rank=rank))
    seen: set = set()
    position = {s.unit.id: i for i, s in enumerate(ranking.standings)}
    for st in ranking.standings:
        if st.decided_by is None or st.unit.id in seen:
            continue
        level = [st] + [o for o in (ranking.standing(u) for u in st.level_with) if o is not None]
        level.sort(key=lambda o: position[o.unit.id])
        seen.update(o.unit.id for o in level)
        values = join_vi([f"{o.unit.label} {fmt_number(o.decided_by.value)}" if o.decided_by else o.unit.label
                          for o in level])
        notes.append(f"{join_vi([o.unit.label for o in level])} bằng tổng điểm "
                     f"({fmt_number(st.score.total)}); xếp hạng theo {st.decided_by.label}: {values}.")
    for st in ranking.standings:
        if st.tied and st.unit.id not in seen:
            level = [st] + [o for o in (ranking.standing(u) for u in st.tied_with) if o is not None]
            seen.update(o.unit.id for o in level)
            notes.append(f"{join_vi([o.unit.label for o in level])} đồng hạng {st.rank} "
                         f"({fmt_number(st.score.total)} điểm; các tiêu chí phụ không phân định được).")
    summary: List[str] = []
    by_grade: Dict[str, List[str]] = {}
    for st in ranking.standings:
        by_grade.setdefault(st.score.grade or NO_GRADE, []).append(st.unit.label)
    parts = []
    for grade in [g.name for g in sheet.grades] + [NO_GRADE]:
        units = by_grade.get(grade)
        if units:
            words = "không xếp loại" if grade == NO_GRADE else f"xếp loại {grade}"
            parts.append(f"{fmt_count(len(units))} đơn vị {words} ({join_vi(units)})")
    scale = f"thang điểm {fmt_number(sheet.total if sheet.total is not None else sheet.max_total)}"
    if parts:
        what = ("Kết quả chấm điểm sau thẩm định của Trưởng khối" if reviewed
                else "Kết quả tự chấm điểm của các đơn vị, chưa có kết quả thẩm định của Trưởng khối")
        summary.append(f"{what} ({scale}): {'; '.join(parts)}.")
    leaders = [st for st in ranking.standings if st.rank == 1]
    if len(leaders) == 1:
        lead = leaders[0]
        summary.append(f"Đơn vị có tổng điểm cao nhất: {lead.unit.name} ({fmt_number(lead.score.total)} điểm).")
    elif leaders:
        summary.append(f"Các đơn vị đồng hạng nhất: {join_vi([s.unit.name for s in leaders])} "
                       f"({fmt_number(leaders[0].score.total)} điểm).")
    if ranking.not_submitted:
        notes.append(f"Chưa gửi báo cáo tự chấm điểm: {join_vi([u.name for u in ranking.not_submitted])}.")
    return ScoreTable(caption=f"Bảng tổng hợp kết quả chấm điểm thi đua {period_words}",
                      period_words=period_words, scale=scale, rows=tuple(rows), summary=tuple(summary),
                      notes=tuple(notes))


def _award_names(year: m.Year) -> Dict[str, str]:
    from thidua.awards import rules as awards_mod

    if year.awards is not None:
        return dict(awards_mod.rules_of_year(year)[0].names)
    level = year.bloc.level if year.bloc else "tinh"
    return dict(awards_mod.preset_awards(level))


def registration(bloc: m.Bloc, names: Dict[str, str]) -> Tuple[str, ...]:
    """'Có 7/7 đơn vị trong Khối đã đăng ký danh hiệu Cờ thi đua ... (A, B và C).' per award."""
    total = len(bloc.units)
    out: List[str] = []
    registered_ids = [a for u in bloc.units for a in u.registered]
    ordered = [a for a in names if a in registered_ids] + sorted({a for a in registered_ids if a not in names})
    for award in ordered:
        units = [u.label for u in bloc.units if award in u.registered]
        name = names.get(award, award)
        what = f"danh hiệu {name}" if name.startswith("Cờ thi đua") else name
        out.append(f"Có {len(units)}/{total} đơn vị trong Khối đã đăng ký {what} ({join_vi(units)}).")
    none = [u.label for u in bloc.units if not u.registered]
    if none and len(none) < total:
        out.append(f"Chưa đăng ký danh hiệu thi đua: {join_vi(none)}.")
    elif none:
        out.append("Chưa có đơn vị nào đăng ký danh hiệu thi đua.")
    return tuple(out)


def _themes(bloc: m.Bloc) -> Tuple[str, ...]:
    with_theme = [u for u in bloc.units if u.theme]
    lines = [f"{u.name}: chủ đề “{_strip_end(u.theme or '')}”" for u in with_theme]
    return list_lines(lines)


def _period_of_summary(year: m.Year, period: str) -> Optional[m.Summary]:
    data = year.periods.get(period)
    return data.summary if data else None


def build_report(year: m.Year, period: str, ranking=None, proposals: Sequence[AwardProposal] = ()) -> ReportContext:
    """The context of the sơ kết (period 'h1') or tổng kết ('year') report."""
    bloc = year.bloc
    assert bloc is not None
    summary = _period_of_summary(year, period)
    meta = summary.report if summary else None
    kind = "bao-cao"
    summary_line = period_title(period, year.year)
    title = "Báo cáo " + _lower_first(summary_line)
    number = doc_number(meta.number if meta else None, kind, bloc.code)
    day = meta.date if meta else None
    heading = Heading(issuer=bloc.name.upper(), number=f"Số: {number}",
                      place_date=place_date(bloc.place, day, year.year),
                      doc_word=DOC_WORDS[kind], summary_line=summary_line)

    drafter = (meta.drafted_by if meta and meta.drafted_by else None) or bloc.chair
    docs = [document_ref(d) for d in bloc.documents]
    work = (f"trên cơ sở báo cáo của các đơn vị thành viên, {_unit_name(bloc, drafter)} - "
            f"{_role_words(bloc, drafter)} tổng hợp, {_lower_first(title)} như sau:")
    basis = (f"Thực hiện {join_vi(docs)}; {work}" if docs else work[:1].upper() + work[1:])

    def prose(key: str) -> Tuple[str, ...]:
        values = getattr(summary, key) if summary else ()
        return tuple(values) if values else _placeholder(year.folder, period, key)

    vice = join_vi([_unit_name(bloc, v) for v in bloc.vice_chairs])
    membership = (f"{bloc.name} năm {year.year} có {fmt_count(len(bloc.units))} đơn vị thành viên: "
                  f"{join_vi([u.name for u in bloc.units])}; {_unit_name(bloc, bloc.chair)} là đơn vị Trưởng khối"
                  + (f", {vice} là đơn vị Phó Trưởng khối." if vice else "."))

    reports = year.periods[period].reports if period in year.periods else {}
    by_unit = {r.unit: r for r in reports.values()}
    results = []
    for unit in bloc.units:
        report = by_unit.get(unit.id)
        if report is None:
            items: Tuple[str, ...] = ("[Đơn vị chưa gửi báo cáo.]",)
        elif report.achievements:
            items = tuple(sentence(a) for a in report.achievements)
        else:
            items = ("[Bổ sung kết quả nổi bật: mục 'achievements' trong báo cáo của đơn vị.]",)
        results.append(UnitResult(unit=unit.name, items=items))

    half = period == "h1"
    words = f"6 tháng đầu năm {year.year}" if half else f"năm {year.year}"
    data = year.periods.get(period)
    scores = score_table(ranking, words, bool(data and data.review)) if ranking else None
    directions_heading = (f"PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM {year.year}" if half
                          else f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year.year + 1}")
    proposal_lines = _proposal_lines(proposals)
    proposals_intro = (f"Căn cứ kết quả chấm điểm, bình xét thi đua {_conference_words(year)}, {bloc.name} đề nghị "
                       f"{bloc.authority or 'cấp có thẩm quyền'} xem xét, tặng hoặc đề nghị cấp trên tặng:"
                       if proposal_lines else "")
    annex = f"(Kèm theo Báo cáo số {number} ngày {fmt_date_short(day) if day else BLANK} của {bloc.name})"
    slogan = f"Khẩu hiệu thi đua chung của Khối: “{_strip_end(bloc.slogan)}”." if bloc.slogan else ""
    return ReportContext(
        kind=kind, year=year.year, period=period, title=title, heading=heading, bloc_name=bloc.name,
        basis=basis, situation=prose("situation"), membership=membership, assessment=prose("assessment"),
        registration=registration(bloc, _award_names(year)),
        themes_intro=f"Các đơn vị trong Khối đã xác định chủ đề thi đua năm {year.year}:",
        themes=_themes(bloc), slogan=slogan, movements=prose("movements"), results=tuple(results),
        score_summary=scores.summary if scores else (), limitations=prose("limitations"), causes=prose("causes"),
        lessons=prose("lessons"), directions_heading=directions_heading, directions=prose("directions"),
        proposals_intro=proposals_intro, proposals=proposal_lines,
        recommendations=tuple(summary.proposals) if summary else (),
        closing=f"Trên đây là {_lower_first(title)} của {bloc.name}./.",
        signature=signature(bloc, meta, meta.recipients if meta else ()),
        scores=scores, annex_heading=annex)


# --- the proposals (from `thidua.awards.nominate`) ----------------------------------------------

def _entry_details(entry, leader: bool) -> str:
    bits = []
    if leader:
        bits.append("đơn vị dẫn đầu Khối")
    if entry.total is not None:
        bits.append(f"tổng điểm {fmt_number(entry.total)}" + (f", xếp loại {entry.grade}" if entry.grade else ""))
    if entry.voters is not None:
        bits.append(f"{entry.votes or 0}/{entry.voters} phiếu đồng ý")
    return "; ".join(bits)


def award_proposals(year: m.Year, nominations) -> Tuple[AwardProposal, ...]:
    """One AwardProposal per award that has units proposed or a tie left to vote on."""
    if nominations is None:
        return ()
    bloc = year.bloc
    assert bloc is not None
    out = []
    for award in nominations.awards:
        if not award.proposed and not award.ties:
            continue
        leaders = [e for e in award.proposed if e.rank == 1]
        names = []
        details = []
        for e in award.proposed:
            name = _unit_name(bloc, e.unit)
            lead = len(leaders) == 1 and e is leaders[0]
            names.append(name + (" (đơn vị dẫn đầu Khối)" if lead else ""))
            details.append(f"{name}: {_entry_details(e, lead)}")
        ties = []
        for tie in award.ties:
            level = join_vi([_unit_name(bloc, e.unit) for e in tie.entries])
            ties.append(f"{level} cùng hạng {tie.entries[0].rank}, tranh {fmt_count(tie.seats)} suất {award.name}; "
                        "các tiêu chí phụ chưa phân định được, Khối bỏ phiếu để quyết định.")
        count = fmt_count(len(award.proposed))
        if award.proposed:
            sentence, heading = f"{award.name} cho {count} đơn vị: {join_vi(names)}", f"{award.name}: {count} tập thể"
        else:
            sentence = heading = f"{award.name}: chưa phân định, Khối bỏ phiếu để quyết định"
        out.append(AwardProposal(award=award.name, heading=heading,
                                 units=list_lines(details), ties=tuple(ties), sentence=sentence))
    return tuple(out)


def _proposal_lines(proposals: Sequence[AwardProposal]) -> Tuple[str, ...]:
    lines = list(list_lines([p.sentence for p in proposals]))
    return tuple(lines) + tuple(f"Lưu ý: {t}" for p in proposals for t in p.ties)


def _conference_words(year: m.Year) -> str:
    ballots = year.ballots
    if ballots and ballots.date:
        return f"tại Hội nghị tổng kết {fmt_date_long(ballots.date)}"
    return "tại Hội nghị tổng kết"


def build_letter(year: m.Year, ranking, nominations) -> LetterContext:
    """The Tờ trình: the bloc asks the awarding authority for the proposed awards."""
    bloc = year.bloc
    assert bloc is not None
    summary = _period_of_summary(year, "year")
    meta = summary.report if summary else None
    kind = "to-trinh"
    proposals = award_proposals(year, nominations)
    granted = [p.award for p in proposals if p.units]
    summary_line = (f"Về việc đề nghị tặng {join_vi(granted)} năm {year.year}" if granted
                    else f"Về việc đề nghị khen thưởng năm {year.year}")
    heading = Heading(issuer=bloc.name.upper(), number=f"Số: {doc_number(None, kind, bloc.code)}",
                      place_date=place_date(bloc.place, meta.date if meta else None, year.year),
                      doc_word=DOC_WORDS[kind], summary_line=summary_line)
    authority = bloc.authority or BLANK
    basis = [f"Căn cứ {text};" for text in (nominations.texts if nominations else ())]
    basis += [f"Căn cứ {document_ref(d)};" for d in bloc.documents]
    voted = "thống nhất đề nghị" if year.ballots and year.ballots.agreed else "bỏ phiếu"
    basis.append(f"Căn cứ kết quả chấm điểm thi đua năm {year.year} và kết quả bình xét, {voted} "
                 f"{_conference_words(year)} của {bloc.name},")
    recipients = ["Như trên"] + ([bloc.council] if bloc.council else []) + ["Các đơn vị trong Khối"]
    return LetterContext(
        kind=kind, year=year.year, title=f"Tờ trình {_lower_first(summary_line)}", heading=heading,
        bloc_name=bloc.name, addressee=authority, basis=tuple(basis),
        intro=(f"{bloc.name} kính trình {authority} xem xét, khen thưởng hoặc đề nghị cấp trên khen thưởng "
               "cho các tập thể sau:"),
        awards=proposals,
        enclosed=("(Kèm theo Báo cáo tổng kết, Biên bản họp bình xét và Bảng tổng hợp kết quả chấm điểm "
                  f"thi đua năm {year.year} của Khối.)"),
        closing=f"{bloc.name} kính trình {authority} xem xét, quyết định./.",
        signature=signature(bloc, meta, recipients))


def build_minutes(year: m.Year, ranking, nominations) -> MinutesContext:
    """The Biên bản of the year-end ballot: who was there, the votes of each round, the result."""
    bloc = year.bloc
    assert bloc is not None
    ballots = year.ballots
    kind = "bien-ban"
    summary = _period_of_summary(year, "year")
    meta = summary.report if summary else None
    day = ballots.date if ballots else None
    heading = Heading(issuer=bloc.name.upper(), number=f"Số: {doc_number(None, kind, bloc.code)}",
                      place_date=place_date(bloc.place, day, year.year), doc_word=DOC_WORDS[kind],
                      summary_line=f"Họp bình xét, bỏ phiếu đề nghị khen thưởng năm {year.year}")
    where = (ballots.place if ballots and ballots.place else None) or (meta.conference_place if meta else None)
    when = fmt_date_long(day) if day else f"ngày {BLANK} tháng {BLANK} năm {year.year}"
    agreed = bool(ballots and ballots.agreed)
    opening = (f"Vào hồi {BLANK} giờ {BLANK} phút, {when}, tại {where or BLANK}, {bloc.name} tổ chức họp "
               f"bình xét, {'thống nhất' if agreed else 'bỏ phiếu kín'} đề nghị khen thưởng năm {year.year}.")
    signer = meta.signer if meta else None
    chair_unit = _unit_name(bloc, bloc.chair)
    if signer and signer.role == "chair":
        chair = f"Chủ trì: đồng chí {signer.name}, {signer.position or 'đại diện ' + chair_unit} (đơn vị Trưởng khối)."
    else:
        chair = f"Chủ trì: đại diện lãnh đạo {chair_unit} (đơn vị Trưởng khối)."
    members = len(bloc.units)
    voters = max((b.voters for b in ballots.ballots), default=0) if ballots else 0
    if voters >= members:
        attendance = f"Đại biểu dự họp: đại diện lãnh đạo {voters}/{members} đơn vị thành viên của Khối, gồm:"
        present = list_lines([u.name for u in bloc.units])
    else:
        attendance = (f"Đại biểu dự họp: đại diện lãnh đạo {voters}/{members} đơn vị thành viên của Khối "
                      f"(vắng {members - voters} đơn vị).")
        present = ()
    names = _award_names(year)
    outcomes = {a.id: a for a in nominations.awards} if nominations else {}
    results = []
    for ballot in ballots.ballots if ballots else ():
        total = ballot.members or members
        rounds = []
        for n, rnd in enumerate(ballot.rounds, 1):
            order = {u.id: i for i, u in enumerate(bloc.units)}
            votes = sorted(rnd.votes.values(), key=lambda v: (-v.count, order.get(v.unit, len(order))))
            lines = [f"{_unit_name(bloc, v.unit)}: {v.count}/{ballot.voters} phiếu "
                     f"({fmt_percent(v.count, ballot.voters)})" for v in votes]
            rounds.append(BallotRound(f"Vòng {n}" if len(ballot.rounds) > 1 else "Kết quả kiểm phiếu",
                                      list_lines(lines)))
        award = outcomes.get(ballot.award)
        if award is None:
            outcome = "Kết quả: chưa xét (chạy thidua nominate để xem lý do)."
        elif award.proposed or award.ties:
            parts = []
            if award.proposed:
                parts.append(f"đề nghị tặng {award.name} cho "
                             f"{join_vi([_unit_name(bloc, e.unit) for e in award.proposed])}")
            for tie in award.ties:
                parts.append(f"{join_vi([_unit_name(bloc, e.unit) for e in tie.entries])} cùng hạng "
                             f"{tie.entries[0].rank}, tranh {fmt_count(tie.seats)} suất, chưa phân định")
            outcome = f"Kết quả: {'; '.join(parts)}."
        else:
            outcome = f"Kết quả: không có đơn vị đủ điều kiện đề nghị {award.name}."
        results.append(BallotResult(
            award=names.get(ballot.award, ballot.award),
            attendance=f"Số đại biểu tham gia bỏ phiếu: {ballot.voters}/{total}.",
            rounds=tuple(rounds), outcome=outcome))
    proposals = award_proposals(year, nominations)
    data = year.periods.get("year")
    scores = score_table(ranking, f"năm {year.year}", bool(data and data.review)) if ranking else None
    return MinutesContext(
        kind=kind, year=year.year, title=f"Biên bản họp bình xét, bỏ phiếu đề nghị khen thưởng năm {year.year}",
        heading=heading, bloc_name=bloc.name, opening=opening, chair=chair, secretary=f"Thư ký: {BLANK}",
        attendance=attendance, present=present,
        scores_intro=(f"Hội nghị đã nghe đơn vị Trưởng khối thông qua kết quả chấm điểm, thẩm định thi đua năm "
                      f"{year.year} của các đơn vị ({scores.scale if scores else 'bảng điểm của Khối'}):"),
        scores=scores, ballots=tuple(results),
        vote_heading="2. Kết quả bình xét" if agreed else "2. Kết quả bỏ phiếu kín",
        agreed_line=("Hội nghị thống nhất đề nghị khen thưởng theo kết quả chấm điểm và quy định xét khen thưởng, "
                     "không bỏ phiếu kín." if agreed else ""),
        conclusion=("Hội nghị thống nhất đề nghị:",) + _proposal_lines(proposals) if proposals
        else ("Hội nghị không đề nghị khen thưởng tập thể nào.",),
        ending=f"Biên bản kết thúc vào hồi {BLANK} giờ {BLANK} phút cùng ngày, đã được thông qua tại cuộc họp./.",
        signature=Signature(on_behalf="CHỦ TRÌ", role="TRƯỞNG KHỐI", unit=chair_unit.upper(),
                            unit_lines=break_name(chair_unit.upper()),
                            name=signer.name if signer and signer.role == "chair" else "", recipients=()))
