"""The typed context of the bloc's documents: every sentence that depends on numbers or lists.

Templates only place what is built here: counts ("7/7 đơn vị"), lists joined with commas and
"và", dates ("ngày 24 tháng 7 năm 2019"), points ("95,5"), document numbers ("Số: 05/BC-KTĐ").
Every document shares the header and the signature block of Nghị định 30/2020/NĐ-CP: the report
(`bao-cao`), the proposal letter (`to-trinh`), the minutes of the year-end meeting (`bien-ban`),
the score table as the report's annex on its own (`bang-diem`), the achievement report of each
proposed unit (`thanh-tich`), and early in the year the covenant (`giao-uoc`) and each unit's
registration (`dang-ky`).

The bloc's kind (Khối, Cụm, Khu vực; `bloc.kind`) sets every title (`Titles`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.numbers import fmt_date_long, fmt_date_short, fmt_number

KINDS = ("bao-cao", "to-trinh", "bien-ban", "bang-diem", "thanh-tich", "giao-uoc", "dang-ky")
"""Every document; `thanh-tich` is built in `achievement.py`, `giao-uoc` and `dang-ky` in `covenant.py`."""
DOC_CODES = {"bao-cao": "BC", "to-trinh": "TTr", "bien-ban": "BB", "bang-diem": "BC", "thanh-tich": "BC"}
DOC_WORDS = {"bao-cao": "BÁO CÁO", "to-trinh": "TỜ TRÌNH", "bien-ban": "BIÊN BẢN", "bang-diem": "PHỤ LỤC",
             "thanh-tich": "BÁO CÁO THÀNH TÍCH", "giao-uoc": "GIAO ƯỚC THI ĐUA", "dang-ky": "BẢN ĐĂNG KÝ THI ĐUA"}
DOCUMENT_KIND_WORDS = {"plan": "Kế hoạch", "guidance": "Hướng dẫn", "decision": "Quyết định", "letter": "Công văn",
                       "regulation": "Quy chế", "rule": "Quy định", "other": "Văn bản"}
MOTTO_WORDS = {"theme": "chủ đề", "motto": "phương châm", "slogan": "khẩu hiệu"}
BLANK = "…"
NO_GRADE = "Không xếp loại"


Titles = m.Titles
TITLES = m.BLOC_TITLES


def titles(bloc: m.Bloc) -> Titles:
    return TITLES.get(getattr(bloc, "kind", "khoi"), TITLES["khoi"])  # a bloc-like record of a test or a site page


# --- words and numbers -------------------------------------------------------

def join_vi(items: Sequence[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def join_names(items: Sequence[str]) -> str:
    """Names joined as `join_vi`, or with semicolons when a name holds a comma (so each stays whole)."""
    items = [i for i in items if i]
    if any("," in i for i in items) and len(items) > 1:
        return "; ".join(items)
    return join_vi(items)


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


def time_words(text: Optional[str]) -> str:
    """'08:00' -> '08 giờ 00 phút'; none -> blanks for the clerk."""
    if not text:
        return f"{BLANK} giờ {BLANK} phút"
    hours, minutes = re.split(r"[:hg]", text.strip())
    return f"{int(hours):02d} giờ {minutes} phút"


def sentence(text: str) -> str:
    """End a list item or a sentence with exactly one full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":", ".”", ".\"")) else text + "."


def curly(text: str) -> str:
    """Straight double quotes as Vietnamese documents print them: “…”."""
    if '"' not in text:
        return text
    out, opening = [], True
    for char in text:
        if char == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


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
    return (f"[Bổ sung nội dung: mục “{key}” trong tệp {path}.]",)


def grouped_names(bloc: m.Bloc, unit_ids: Sequence[str]) -> str:
    """Units named as a clerk groups them by category: '03 Sở Tư pháp (tỉnh Lào Cai, Hòa Bình,
    Thái Nguyên); 04 Cục Thi hành án dân sự (…)'. Groups and ungrouped names are separated by
    semicolons when there is more than one group, so names holding commas stay whole."""
    units = [bloc.unit(u) for u in unit_ids]
    names = [(u.name, u.category) if u else (uid, None) for u, uid in zip(units, unit_ids)]
    groups: Dict[str, List[str]] = {}
    for name, category in names:
        if category and name.startswith(category + " "):
            groups.setdefault(category, []).append(name[len(category) + 1:])
    parts: List[str] = []
    done: set = set()
    for name, category in names:
        rest = groups.get(category or "")
        if rest and len(rest) > 1:
            if category in done:
                continue
            done.add(category)
            parts.append(f"{fmt_count(len(rest))} {category} ({_factor(rest)})")
        else:
            parts.append(name)
    if len(parts) > 1 and (done or any("," in p for p in parts)):
        return "; ".join(parts)
    return join_vi(parts)


def _factor(places: Sequence[str]) -> str:
    """'tỉnh Lào Cai', 'tỉnh Hòa Bình' -> 'tỉnh Lào Cai, Hòa Bình' (a shared first word written once)."""
    first = {p.split(" ", 1)[0] for p in places}
    if len(first) == 1 and all(" " in p for p in places):
        return ", ".join([places[0]] + [p.split(" ", 1)[1] for p in places[1:]])
    return ", ".join(places)


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
    supervisor: str = ""  # the supervising body above the issuer (upper case), "" when none


def heading(bloc: m.Bloc, number: str, day: Optional[dt.date], year: int, kind: str, summary_line: str) -> Heading:
    """The header of one document of the bloc (`number` as `doc_number` writes it)."""
    return Heading(issuer=bloc.name.upper(), number=f"Số: {number}", place_date=place_date(bloc.place, day, year),
                   doc_word=DOC_WORDS[kind], summary_line=summary_line,
                   supervisor=(getattr(bloc, "supervisor", None) or "").upper())


class Signature(NamedTuple):
    """The signature block and the recipients ("Nơi nhận:")."""

    on_behalf: str  # "TM. KHỐI THI ĐUA"
    role: str  # "TRƯỞNG KHỐI" | "PHÓ TRƯỞNG KHỐI"
    unit: str  # the signing unit, upper case
    unit_lines: Tuple[str, ...]  # the same, broken into centred lines when long
    name: str  # the signer; empty when unknown
    recipients: Tuple[str, ...]  # "- Hội đồng TĐKT tỉnh;" ... "- Lưu: VT, TAND tỉnh."
    deputy: str = ""  # "KT. TRƯỞNG KHỐI" when a vice-chair signs for the chair
    position: str = ""  # the signer's position in the unit, upper case: "PHÓ VIỆN TRƯỞNG"


def signing_unit(bloc: m.Bloc, signer: Optional[m.Signer], drafted_by: Optional[str]) -> str:
    """The unit that signs: the chair's, or for a vice-chair's signature the signer's vice-chair unit."""
    if signer is None or signer.role != "vice":
        return bloc.chair
    for candidate in (getattr(signer, "unit", None), drafted_by):
        if candidate in bloc.vice_chairs:
            return candidate
    return bloc.vice_chairs[0] if bloc.vice_chairs else bloc.chair


def sign_block(bloc: m.Bloc, signer: Optional[m.Signer], drafted_by: Optional[str],
               recipients: Sequence[str]) -> Signature:
    """Nghị định 30, Phụ lục I: 'TM. KHỐI THI ĐUA' / 'TRƯỞNG KHỐI', or when the vice-chair signs
    'TM. KHỐI THI ĐUA' / 'KT. TRƯỞNG KHỐI' / 'PHÓ TRƯỞNG KHỐI'; then the unit, the signer's
    position and name; 'Nơi nhận' ends with '- Lưu: VT, <the drafting unit>.'."""
    t = titles(bloc)
    unit_id = signing_unit(bloc, signer, drafted_by)
    vice = bool(signer and signer.role == "vice" and unit_id != bloc.chair)
    keeper = drafted_by or unit_id
    lines = list(list_lines(recipients, last=";")) + [f"- Lưu: VT, {_unit_label(bloc, keeper)}."]
    unit = _unit_name(bloc, unit_id).upper()
    return Signature(on_behalf=t.on_behalf, role=(t.vice if vice else t.chair).upper(), unit=unit,
                     unit_lines=break_name(unit), name=signer.name if signer else "", recipients=tuple(lines),
                     deputy=f"KT. {t.chair.upper()}" if vice else "",
                     position=(signer.position or "").upper() if signer else "")


def signature(bloc: m.Bloc, meta: Optional[m.ReportMeta], recipients: Sequence[str]) -> Signature:
    """The signature block of a document whose number, date and signer are `meta` (summary.yaml's `report`)."""
    return sign_block(bloc, meta.signer if meta else None, meta.drafted_by if meta else None, recipients)


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
    notes: Tuple[str, ...]  # ties decided by a rule, grades stopped by a floor, units without a report


class UnitResult(NamedTuple):
    unit: str
    items: Tuple[str, ...]


class ProposedUnit(NamedTuple):
    line: str  # "- Công an tỉnh Bắc Giang: đơn vị dẫn đầu Khối; tổng điểm 97,5, xếp loại Xuất sắc; 7/7 phiếu;"
    achievement: str  # a short line of achievement from the unit's report ("" when it wrote none)


class AwardProposal(NamedTuple):
    """The units proposed for one award, as sentences and rows."""

    award: str  # "Cờ thi đua của Ủy ban nhân dân tỉnh"
    heading: str  # "Cờ thi đua của Ủy ban nhân dân tỉnh: 01 tập thể"
    units: Tuple[str, ...]  # "- Công an tỉnh Bắc Giang: đơn vị dẫn đầu Khối; 97,5 điểm, xếp loại Xuất sắc; 7/7 phiếu;"
    ties: Tuple[str, ...]  # level units the rules did not separate: the bloc votes
    sentence: str  # for the report: "Cờ thi đua của Ủy ban nhân dân tỉnh cho 01 đơn vị: Công an tỉnh Bắc Giang"
    entries: Tuple[ProposedUnit, ...] = ()  # the same units with their line of achievement (the letter)
    unit_ids: Tuple[str, ...] = ()


class BallotRound(NamedTuple):
    label: str  # "Vòng 1", or "Kết quả kiểm phiếu" when there was one round
    lines: Tuple[str, ...]  # "- Công an tỉnh Bắc Giang: 7/7 phiếu (100%);"


class BallotResult(NamedTuple):
    """One award's secret ballot, for the minutes."""

    award: str
    attendance: str  # "Có 7/7 đại biểu tham gia bỏ phiếu."
    rounds: Tuple[BallotRound, ...]
    outcome: str  # "Hội nghị đề nghị tặng ..."
    papers: str = ""  # "Ban kiểm phiếu phát ra 7 phiếu, thu về 7 phiếu; ..." ("" when not recorded)
    heading: str = ""  # "3.1. Cờ thi đua của Chính phủ"


# --- the documents ---------------------------------------------------------------

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
    themes_intro: str  # "" when no unit has a theme
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
    honours_heading: str = ""  # "5. Kết quả khen thưởng trong năm" ("" when none recorded)
    honours: Tuple[str, ...] = ()  # "- Bằng khen của Thủ tướng Chính phủ: 01 tập thể, 02 cá nhân;"
    handover: str = ""  # year end: next year's chair and vice-chairs


class LetterContext(NamedTuple):
    kind: str
    year: int
    title: str
    heading: Heading
    bloc_name: str
    addressee: str  # "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang (qua Ban Thi đua - Khen thưởng tỉnh)"
    basis: Tuple[str, ...]  # "Căn cứ ...;"
    intro: str
    awards: Tuple[AwardProposal, ...]
    enclosed: str  # "Hồ sơ kèm theo gồm:"
    closing: str
    signature: Signature
    enclosures: Tuple[str, ...] = ()  # "- Biên bản họp bình xét ...;"


class MinutesContext(NamedTuple):
    kind: str
    year: int
    title: str
    heading: Heading
    bloc_name: str
    opening: str  # "Vào hồi 08 giờ 00 phút, ngày 10 tháng 12 năm 2020, tại ..."
    chair: str  # "1. Chủ tọa: đồng chí ..."
    secretary: str  # "2. Thư ký: đồng chí ..."
    attendance: str  # "3. Đại biểu các đơn vị thành viên: có mặt 7/7 đơn vị, gồm:"
    present: Tuple[str, ...]
    scores_intro: str
    scores: Optional[ScoreTable]
    ballots: Tuple[BallotResult, ...]
    vote_heading: str  # "3. Kết quả bỏ phiếu kín", or "3. Kết quả bình xét" when the bloc agreed
    agreed_line: str  # the bloc agreed without a secret ballot ("" otherwise)
    conclusion: Tuple[str, ...]
    ending: str
    signature: Signature  # the presiding chair ("CHỦ TỌA")
    absent: str = ""  # "Vắng mặt: ..." ("" when every unit came)
    guests: Tuple[str, ...] = ()  # "4. Khách mời:" and one line a guest
    scores_heading: str = "1. Kết quả chấm điểm thi đua"
    discussion_heading: str = ""  # "2. Ý kiến thảo luận" ("" when none recorded)
    discussion: Tuple[str, ...] = ()
    board: Tuple[str, ...] = ()  # the vote-counting board: intro line, then one line a member
    handover_heading: str = ""
    handover: Tuple[str, ...] = ()
    conclusion_heading: str = ""
    secretary_name: str = ""


class ScoresContext(NamedTuple):
    """The score table as the report's annex on its own (`bang-diem`)."""

    kind: str
    year: int
    period: str
    title: str
    scores: ScoreTable
    annex_heading: str  # "(Kèm theo Báo cáo số 09/BC-KTĐ ngày 15/12/2020 của ...)"


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


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unit_name(bloc: m.Bloc, unit_id: Optional[str]) -> str:
    unit = bloc.unit(unit_id or "")
    return unit.name if unit else (unit_id or "")


def _unit_label(bloc: m.Bloc, unit_id: Optional[str]) -> str:
    unit = bloc.unit(unit_id or "")
    return unit.label if unit else (unit_id or "")


def _role_words(bloc: m.Bloc, unit_id: str) -> str:
    t = titles(bloc)
    if unit_id == bloc.chair:
        return f"đơn vị {t.chair}"
    if unit_id in bloc.vice_chairs:
        return f"đơn vị {t.vice}"
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
    return curly(text)


def _rule_label(sheet: m.Sheet, use) -> str:
    """A tie-break's words, a group named by its name: 'điểm nhóm “Công tác chuyên môn”'."""
    if use.rule == "group" and use.ref:
        for group in sheet.groups:
            if group.id == use.ref:
                return f"điểm nhóm tiêu chí “{group.name}”"
    if use.rule == "criterion" and use.ref:
        crit = sheet.criterion(use.ref)
        if crit is not None:
            return f"điểm tiêu chí {crit.id} “{_strip_end(crit.name)}”"
    return use.label


def _floor_notes(ranking) -> List[str]:
    """Why a unit got a lower grade than its total reaches: a criterion under the grade's floor."""
    notes = []
    for st in ranking.standings:
        missed = getattr(st.score, "missed", ())
        if not missed:
            continue
        miss = missed[0]
        below = join_vi([f"tiêu chí {s.criterion} “{_strip_end(s.name)}” ({fmt_number(s.score)}/{fmt_number(s.max)} "
                         "điểm)" for s in miss.below])
        grade = st.score.grade
        got = f"xếp loại {grade}" if grade else "không được xếp loại"
        share = fmt_number((miss.min_share * 100).normalize()) + "%"
        notes.append(f"{st.unit.label} đạt tổng điểm {fmt_number(st.score.total)} nhưng {got}, không đạt mức "
                     f"{miss.grade} vì {below} dưới {share} điểm tối đa của tiêu chí, mức sàn của loại {miss.grade}.")
    return notes


def score_table(ranking, period_words: str, reviewed: bool = True) -> ScoreTable:
    """The score table and its sentences from a `thidua.scoring.Ranking`; `reviewed` says whether
    the chair's check (review.yaml) exists, which the sentences must not claim otherwise."""
    sheet = ranking.sheet
    t = titles(ranking.bloc)
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
                     f"({fmt_number(st.score.total)}), được xếp hạng theo {_rule_label(sheet, st.decided_by)}: "
                     f"{values}.")
    for st in ranking.standings:
        if st.tied and st.unit.id not in seen:
            level = [st] + [o for o in (ranking.standing(u) for u in st.tied_with) if o is not None]
            seen.update(o.unit.id for o in level)
            notes.append(f"{join_vi([o.unit.label for o in level])} đồng hạng {st.rank} "
                         f"({fmt_number(st.score.total)} điểm; các tiêu chí phụ không phân định được).")
    notes += _floor_notes(ranking)
    summary: List[str] = []
    by_grade: Dict[str, List[str]] = {}
    for st in ranking.standings:
        by_grade.setdefault(st.score.grade or NO_GRADE, []).append(st.unit.label)
    parts = []
    for grade in [g.name for g in sheet.grades] + [NO_GRADE]:
        units = by_grade.get(grade)
        if units:
            words = "không xếp loại" if grade == NO_GRADE else f"xếp loại {grade}"
            parts.append(f"{fmt_count(len(units))} đơn vị {words} ({join_names(units)})")
    scale = f"thang điểm {fmt_number(sheet.total if sheet.total is not None else sheet.max_total)}"
    if parts:
        what = (f"Sau thẩm định của {t.chair}" if reviewed
                else f"Theo kết quả tự chấm điểm của các đơn vị (chưa có kết quả thẩm định của {t.chair})")
        listed = "; ".join(parts[:-1]) + " và " + parts[-1] if len(parts) > 1 else parts[0]
        summary.append(f"{what}, theo {scale}, có {listed}.")
    leaders = [st for st in ranking.standings if st.rank == 1]
    if len(leaders) == 1:
        lead = leaders[0]
        summary.append(f"{lead.unit.name} dẫn đầu {t.bloc} với tổng điểm {fmt_number(lead.score.total)}.")
    elif leaders:
        summary.append(f"{join_names([s.unit.name for s in leaders])} cùng dẫn đầu {t.bloc} với tổng điểm "
                       f"{fmt_number(leaders[0].score.total)}.")
    if ranking.not_submitted:
        notes.append(f"{join_names([u.name for u in ranking.not_submitted])} chưa gửi báo cáo tự chấm điểm.")
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
    t = titles(bloc)
    total = len(bloc.units)
    out: List[str] = []
    registered_ids = [a for u in bloc.units for a in u.registered]
    ordered = [a for a in names if a in registered_ids] + sorted({a for a in registered_ids if a not in names})
    for award in ordered:
        units = [u.label for u in bloc.units if award in u.registered]
        name = names.get(award, award)
        what = f"danh hiệu {name}" if name.startswith("Cờ thi đua") else name
        out.append(f"Có {len(units)}/{total} đơn vị trong {t.bloc} đã đăng ký {what} ({join_names(units)}).")
    none = [u.label for u in bloc.units if not u.registered]
    if none and len(none) < total:
        out.append(f"{join_names(none)} chưa đăng ký danh hiệu thi đua.")
    elif none:
        out.append(f"Chưa có đơn vị nào trong {t.bloc} đăng ký danh hiệu thi đua.")
    return tuple(out)


def _themes(bloc: m.Bloc) -> Tuple[str, ...]:
    lines = [f"{u.name}: {MOTTO_WORDS.get(getattr(u, 'theme_kind', 'theme'), 'chủ đề')} “{_strip_end(curly(u.theme))}”"
             for u in bloc.units if u.theme]
    return list_lines(lines)


def _themes_intro(bloc: m.Bloc, year: int) -> str:
    """The sentence before the units' themes; '' when no unit has one."""
    kinds = {getattr(u, "theme_kind", "theme") for u in bloc.units if u.theme}
    if not kinds:
        return ""
    words = join_vi([MOTTO_WORDS[k] for k in m.MOTTO_KINDS if k in kinds])
    return f"Các đơn vị trong {titles(bloc).bloc} đã xác định {words} thi đua năm {year}:"


def _period_of_summary(year: m.Year, period: str) -> Optional[m.Summary]:
    data = year.periods.get(period)
    return data.summary if data else None


def _membership(bloc: m.Bloc, year: int) -> str:
    t = titles(bloc)
    vices = [_unit_name(bloc, v) for v in bloc.vice_chairs]
    text = (f"{bloc.name} năm {year} có {fmt_count(len(bloc.units))} đơn vị thành viên: "
            f"{join_names([u.name for u in bloc.units])}; {_unit_name(bloc, bloc.chair)} là đơn vị {t.chair}")
    if len(vices) > 1:
        return text + f", {join_names(vices)} là các đơn vị {t.vice}."
    if vices:
        return text + f", {vices[0]} là đơn vị {t.vice}."
    return text + "."


def next_officers(year: m.Year) -> Optional[Tuple[str, Tuple[str, ...], str]]:
    """Next year's chair, vice-chairs and on what basis: the bloc's decision (summary.yaml, `handover`)
    or the rotation rule of bloc.yaml; None when neither says."""
    bloc = year.bloc
    assert bloc is not None
    summary = _period_of_summary(year, "year")
    decided = getattr(summary, "handover", None) if summary else None
    if decided is not None:
        basis = f"theo {decided.decision}" if decided.decision else f"theo quyết định của {titles(bloc).bloc}"
        return decided.chair, tuple(decided.vice_chairs), basis
    if bloc.rotation is None or bloc.rotation.rule == "elected":
        return None
    from thidua.errors import ThiduaError
    from thidua.rotation import plan_rotation

    try:
        plan = plan_rotation(bloc)
    except ThiduaError:
        return None
    return plan.chair, tuple(plan.vice_chairs), f"theo quy tắc luân phiên của {titles(bloc).bloc}"


def handover_sentence(year: m.Year) -> str:
    """'Theo quy tắc luân phiên của Khối, năm 2021 Viện kiểm sát ... là đơn vị Trưởng khối, ... là đơn vị
    Phó Trưởng khối; Tòa án ... bàn giao nhiệm vụ Trưởng khối ...'; '' when next year's officers are not known."""
    bloc = year.bloc
    assert bloc is not None
    found = next_officers(year)
    if found is None:
        return ""
    chair, vices, basis = found
    t = titles(bloc)
    names = [_unit_name(bloc, v) for v in vices]
    vice_words = ""
    if len(names) > 1:
        vice_words = f", {join_names(names)} là các đơn vị {t.vice}"
    elif names:
        vice_words = f", {names[0]} là đơn vị {t.vice}"
    return (f"{_upper_first(basis)}, năm {year.year + 1} {_unit_name(bloc, chair)} là đơn vị {t.chair}"
            f"{vice_words}; {_unit_name(bloc, bloc.chair)} bàn giao nhiệm vụ {t.chair} cho "
            f"{_unit_name(bloc, chair)} tại Hội nghị tổng kết năm {year.year}.")


def _honours(summary: Optional[m.Summary]) -> Tuple[str, ...]:
    lines = []
    for h in getattr(summary, "honours", ()) if summary else ():
        parts = ([f"{fmt_count(h.collectives)} tập thể"] if h.collectives else []) + \
                ([f"{fmt_count(h.individuals)} cá nhân"] if h.individuals else [])
        lines.append(f"{curly(h.award)}: {join_vi(parts) or 'chưa ghi số lượng'}")
    return list_lines(lines)


def annex_ref(bloc: m.Bloc, number: str, day: Optional[dt.date]) -> str:
    """'(Kèm theo Báo cáo số 09/BC-KTĐ ngày 15/12/2020 của Khối ...)'."""
    return f"(Kèm theo Báo cáo số {number} ngày {fmt_date_short(day) if day else BLANK} của {bloc.name})"


def build_scores(year: m.Year, period: str, ranking) -> ScoresContext:
    """The Phụ lục of the period's report as a document of its own."""
    bloc = year.bloc
    assert bloc is not None
    summary = _period_of_summary(year, period)
    meta = summary.report if summary else None
    words = f"6 tháng đầu năm {year.year}" if period == "h1" else f"năm {year.year}"
    data = year.periods.get(period)
    scores = score_table(ranking, words, bool(data and data.review))
    number = doc_number(meta.number if meta else None, "bao-cao", bloc.code)
    return ScoresContext(kind="bang-diem", year=year.year, period=period, title=scores.caption, scores=scores,
                         annex_heading=annex_ref(bloc, number, meta.date if meta else None))


def build_report(year: m.Year, period: str, ranking=None, proposals: Sequence[AwardProposal] = ()) -> ReportContext:
    """The context of the sơ kết (period 'h1') or tổng kết ('year') report."""
    bloc = year.bloc
    assert bloc is not None
    t = titles(bloc)
    summary = _period_of_summary(year, period)
    meta = summary.report if summary else None
    kind = "bao-cao"
    summary_line = period_title(period, year.year)
    title = "Báo cáo " + _lower_first(summary_line)
    number = doc_number(meta.number if meta else None, kind, bloc.code)
    day = meta.date if meta else None

    drafter = (meta.drafted_by if meta and meta.drafted_by else None) or bloc.chair
    docs = [document_ref(d) for d in bloc.documents]
    work = (f"trên cơ sở báo cáo của các đơn vị thành viên, {_unit_name(bloc, drafter)} - "
            f"{_role_words(bloc, drafter)} tổng hợp, {_lower_first(title)} như sau:")
    basis = (f"Thực hiện {join_names(docs)}; {work}" if docs else work[:1].upper() + work[1:])

    def prose(key: str) -> Tuple[str, ...]:
        values = getattr(summary, key) if summary else ()
        return tuple(curly(v) for v in values) if values else _placeholder(year.folder, period, key)

    reports = year.periods[period].reports if period in year.periods else {}
    by_unit = {r.unit: r for r in reports.values()}
    results = []
    for unit in bloc.units:
        report = by_unit.get(unit.id)
        if report is None:
            items: Tuple[str, ...] = ("[Đơn vị chưa gửi báo cáo.]",)
        elif report.achievements:
            items = tuple(sentence(curly(a)) for a in report.achievements)
        else:
            items = ("[Bổ sung kết quả nổi bật: mục “achievements” trong báo cáo của đơn vị.]",)
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
    annex = annex_ref(bloc, number, day)
    slogan = f"Khẩu hiệu thi đua chung của {t.bloc} là “{_strip_end(curly(bloc.slogan))}”." if bloc.slogan else ""
    honours = _honours(summary)
    return ReportContext(
        kind=kind, year=year.year, period=period, title=title,
        heading=heading(bloc, number, day, year.year, kind, summary_line), bloc_name=bloc.name,
        basis=basis, situation=prose("situation"), membership=_membership(bloc, year.year),
        assessment=prose("assessment"), registration=registration(bloc, _award_names(year)),
        themes_intro=_themes_intro(bloc, year.year), themes=_themes(bloc), slogan=slogan,
        movements=prose("movements"), results=tuple(results),
        score_summary=scores.summary if scores else (), limitations=prose("limitations"), causes=prose("causes"),
        lessons=prose("lessons"), directions_heading=directions_heading, directions=prose("directions"),
        proposals_intro=proposals_intro, proposals=proposal_lines,
        recommendations=tuple(curly(p) for p in summary.proposals) if summary else (),
        closing=f"Trên đây là {_lower_first(title)} của {bloc.name}./.",
        signature=signature(bloc, meta, meta.recipients if meta else ()),
        scores=scores, annex_heading=annex,
        honours_heading=(f"{5 if scores else 4}. Khen thưởng các đơn vị trong {t.bloc} đã nhận trong "
                         f"{'6 tháng đầu năm' if half else 'năm'}" if honours else ""),
        honours=honours, handover="" if half else handover_sentence(year))


# --- the proposals (from `thidua.awards.nominate`) ----------------------------------------------

def _entry_details(entry, leader: bool, bloc_word: str) -> str:
    bits = []
    if leader:
        bits.append(f"đơn vị dẫn đầu {bloc_word}")
    if entry.total is not None:
        bits.append(f"tổng điểm {fmt_number(entry.total)}" + (f", xếp loại {entry.grade}" if entry.grade else ""))
    if entry.voters is not None:
        bits.append(f"{entry.votes or 0}/{entry.voters} phiếu đồng ý")
    return "; ".join(bits)


def _achievement(year: m.Year, unit_id: str) -> str:
    """The first line of achievement in the unit's year report ('' when it wrote none)."""
    period = year.periods.get("year")
    for report in (period.reports.values() if period else ()):
        if report.unit == unit_id and report.achievements:
            return sentence(curly(report.achievements[0]))
    return ""


def award_proposals(year: m.Year, nominations) -> Tuple[AwardProposal, ...]:
    """One AwardProposal per award that has units proposed or a tie left to vote on."""
    if nominations is None:
        return ()
    bloc = year.bloc
    assert bloc is not None
    t = titles(bloc)
    out = []
    for award in nominations.awards:
        if not award.proposed and not award.ties:
            continue
        leaders = [e for e in award.proposed if e.rank == 1]
        details = []
        for e in award.proposed:
            lead = len(leaders) == 1 and e is leaders[0]
            details.append(f"{_unit_name(bloc, e.unit)}: {_entry_details(e, lead, t.bloc)}")
        ties = []
        for tie in award.ties:
            level = join_names([_unit_name(bloc, e.unit) for e in tie.entries])
            ties.append(f"{level} cùng hạng {tie.entries[0].rank}, tranh {fmt_count(tie.seats)} suất {award.name}; "
                        f"các tiêu chí phụ chưa phân định được, {t.bloc} bỏ phiếu để quyết định.")
        ids = tuple(e.unit for e in award.proposed)
        count = fmt_count(len(award.proposed))
        if award.proposed:
            names = grouped_names(bloc, ids)
            if len(leaders) == 1 and len(ids) == 1:
                names += f" (đơn vị dẫn đầu {t.bloc})"
            sentence_, heading_ = f"{award.name} cho {count} đơn vị: {names}", f"{award.name}: {count} tập thể"
        else:
            sentence_ = heading_ = f"{award.name}: chưa phân định, {t.bloc} bỏ phiếu để quyết định"
        lines = list_lines(details)
        entries = tuple(ProposedUnit(line, _achievement(year, uid)) for line, uid in zip(lines, ids))
        out.append(AwardProposal(award=award.name, heading=heading_, units=lines, ties=tuple(ties),
                                 sentence=sentence_, entries=entries, unit_ids=ids))
    return tuple(out)


def _proposal_lines(proposals: Sequence[AwardProposal]) -> Tuple[str, ...]:
    lines = list(list_lines([p.sentence for p in proposals]))
    return tuple(lines) + tuple(f"Lưu ý: {t}" for p in proposals for t in p.ties)


def agreed_without_ballot(year: m.Year) -> bool:
    """The bloc agreed on its proposals without a secret ballot: `agreed: true`, or no ballot recorded."""
    ballots = year.ballots
    return bool(ballots and ballots.agreed) or not (ballots and ballots.ballots)


def _conference_day(year: m.Year) -> Optional[dt.date]:
    """The day of the year-end conference: ballots.yaml's date, else summary.yaml's conference_date."""
    if year.ballots and year.ballots.date:
        return year.ballots.date
    summary = _period_of_summary(year, "year")
    return summary.report.conference_date if summary and summary.report else None


def _conference_words(year: m.Year) -> str:
    day = _conference_day(year)
    return f"tại Hội nghị tổng kết {fmt_date_long(day)}" if day else "tại Hội nghị tổng kết"


# --- the Tờ trình ---------------------------------------------------------------------------

class Routing(NamedTuple):
    """Where the letter goes by default (thidua/awards/presets/letters.yaml)."""

    addressee: str
    via: str
    recipients: Tuple[str, ...]


ROUTING_FILE = "letters.yaml"


def letter_routing(level: str, period_id: Optional[str]) -> Optional[Routing]:
    """The default addressee, office and recipients of a bloc's letter at `level` in a legal period."""
    for item in _routings():
        if item[0] == level and (period_id is None or period_id in item[1]):
            return item[2]
    return None


def _routings() -> Tuple[Tuple[str, Tuple[str, ...], Routing], ...]:
    from thidua.awards.rules import preset_entries

    return tuple((e["level"].text, tuple(p.text for p in e["periods"].items),  # type: ignore[union-attr]
                  Routing(e["addressee"].text, e["via"].text,  # type: ignore[union-attr]
                          tuple(r.text for r in e["recipients"].items)))  # type: ignore[union-attr]
                 for e in preset_entries(ROUTING_FILE, "routing"))


def _fill(text: str, bloc: m.Bloc) -> str:
    values = {"authority": bloc.authority or BLANK, "council": bloc.council or "", "place": bloc.place,
              "bloc": titles(bloc).bloc}
    return re.sub(r"\{(\w+)\}", lambda mt: values.get(mt.group(1), mt.group(0)), text).strip()


def _period_id(year: m.Year) -> Optional[str]:
    from thidua.awards.rules import period_on, reference_date

    found = period_on(reference_date(year))
    return found.id if found else None


def build_letter(year: m.Year, ranking, nominations) -> LetterContext:
    """The Tờ trình: the bloc asks the awarding authority for the proposed awards."""
    bloc = year.bloc
    assert bloc is not None
    t = titles(bloc)
    summary = _period_of_summary(year, "year")
    meta = summary.report if summary else None
    letter = getattr(summary, "letter", None) if summary else None
    kind = "to-trinh"
    proposals = award_proposals(year, nominations)
    granted = [p.award for p in proposals if p.units]
    summary_line = (f"Về việc đề nghị tặng {join_vi(granted)} năm {year.year}" if granted
                    else f"Về việc đề nghị khen thưởng năm {year.year}")
    day = (letter.date if letter and letter.date else None) or (meta.date if meta else None)
    number = doc_number(letter.number if letter else None, kind, bloc.code)
    routing = letter_routing(bloc.level, _period_id(year))
    addressee = (letter.addressee if letter and letter.addressee else None) or \
        (_fill(routing.addressee, bloc) if routing else (bloc.authority or BLANK))
    via = (letter.via if letter and letter.via else None) or (_fill(routing.via, bloc) if routing else "")
    if letter and letter.basis:
        basis = [f"Căn cứ {_strip_end(curly(b))};" for b in letter.basis]
    else:
        basis = [f"Căn cứ {text};" for text in (nominations.texts if nominations else ())]
        basis += [f"Căn cứ {document_ref(d)};" for d in bloc.documents]
    voted = "thống nhất đề nghị" if agreed_without_ballot(year) else "bỏ phiếu"
    basis.append(f"Căn cứ kết quả chấm điểm thi đua năm {year.year} và kết quả bình xét, {voted} "
                 f"{_conference_words(year)} của {bloc.name},")
    if letter and letter.recipients:
        recipients = [curly(r) for r in letter.recipients]
    elif routing:
        recipients = [r for r in (_fill(x, bloc) for x in routing.recipients) if r]
    else:
        recipients = ["Như trên"] + ([bloc.council] if bloc.council else []) + [f"Các đơn vị trong {t.bloc}"]
    minutes = getattr(summary, "minutes", None) if summary else None
    day_of_meeting = _conference_day(year)
    minutes_ref = ("Biên bản Hội nghị tổng kết, bình xét đề nghị khen thưởng"
                   + (f" số {doc_number(minutes.number, 'bien-ban', bloc.code)}" if minutes and minutes.number else "")
                   + (f" ngày {fmt_date_short(day_of_meeting)}" if day_of_meeting else "") + f" của {t.bloc}")
    units = sorted({u for p in proposals for u in p.unit_ids}, key=list(bloc.unit_ids).index)
    enclosures = [minutes_ref]
    if units:
        enclosures.append(f"Báo cáo thành tích của {fmt_count(len(units))} tập thể được đề nghị khen thưởng")
    enclosures.append(f"Bảng tổng hợp kết quả chấm điểm thi đua năm {year.year} của {t.bloc}")
    signer = (letter.signer if letter and letter.signer else None) or (meta.signer if meta else None)
    return LetterContext(
        kind=kind, year=year.year, title=f"Tờ trình {_lower_first(summary_line)}",
        heading=heading(bloc, number, day, year.year, kind, summary_line),
        bloc_name=bloc.name, addressee=addressee + (f" (qua {via})" if via else ""), basis=tuple(basis),
        intro=(f"{bloc.name} kính trình {addressee} xem xét, khen thưởng hoặc đề nghị cấp trên khen thưởng "
               "cho các tập thể sau:"),
        awards=proposals, enclosed="Hồ sơ kèm theo gồm:", enclosures=list_lines(enclosures),
        closing=f"{bloc.name} kính trình {addressee} xem xét, quyết định./.",
        signature=sign_block(bloc, signer, meta.drafted_by if meta else None, recipients))


# --- the Biên bản ----------------------------------------------------------------------------

def person_words(bloc: m.Bloc, person: m.Person, unit_id: Optional[str] = None) -> str:
    """'đồng chí Nguyễn Văn A, Phó Chánh án Tòa án nhân dân tỉnh Bắc Giang'."""
    where = person.organisation or (_unit_name(bloc, person.unit or unit_id) if (person.unit or unit_id) else "")
    what = " ".join(x for x in (person.position or "", where) if x)
    return f"đồng chí {person.name}" + (f", {what}" if what else "")


def _presiding(bloc: m.Bloc, minutes, meta: Optional[m.ReportMeta]) -> Optional[m.Person]:
    """Who chaired the meeting: minutes.presiding, else the report's signer when the chair signs."""
    if minutes is not None and minutes.presiding is not None:
        return minutes.presiding
    signer = meta.signer if meta else None
    if signer is not None and signer.role == "chair":
        return m.Person(name=signer.name, position=signer.position, unit=bloc.chair, organisation=None, role=None,
                        src=signer.src)
    return None


def _attendance(bloc: m.Bloc, minutes, voters: int) -> Tuple[str, Tuple[str, ...], str]:
    """The members' representatives: the sentence, one line a unit present, the absent units."""
    t = titles(bloc)
    members = len(bloc.units)
    absent = {a.unit: a for a in minutes.absent} if minutes else {}
    attendees = minutes.attendees if minutes else ()
    if not absent and not attendees and 0 < voters < members:  # only the ballot says how many came
        return (f"3. Đại biểu các đơn vị thành viên: có mặt đại diện {voters}/{members} đơn vị "
                f"(vắng {members - voters} đơn vị).", (), "")
    present = [u for u in bloc.units if u.id not in absent]
    lines = []
    for unit in present:
        people = [a for a in attendees if a.unit == unit.id]
        who = join_names([f"đồng chí {p.name}" + (f", {p.position}" if p.position else "") for p in people])
        lines.append(f"{unit.name}: {who}" if who else unit.name)
    head = (f"3. Đại biểu các đơn vị thành viên: có mặt đại diện {len(present)}/{members} đơn vị thành viên "
            f"của {t.bloc}, gồm:")
    away = ""
    if absent:
        away = (f"Vắng mặt {fmt_count(len(absent))} đơn vị: "
                + join_names([_unit_name(bloc, a.unit) + (f" ({a.reason})" if a.reason else "")
                              for a in absent.values()]) + ".")
    return head, list_lines(lines), away


def _papers(ballot: m.Ballot) -> str:
    """'Ban kiểm phiếu phát ra 7 phiếu, thu về 7 phiếu; 7 phiếu hợp lệ, 0 phiếu không hợp lệ.'."""
    issued, returned = getattr(ballot, "issued", None), getattr(ballot, "returned", None)
    valid, invalid = getattr(ballot, "valid", None), getattr(ballot, "invalid", None)
    first = join_vi([f"phát ra {issued} phiếu" if issued is not None else "",
                     f"thu về {returned} phiếu" if returned is not None else ""]).replace(" và ", ", ")
    second = ", ".join(x for x in (f"{valid} phiếu hợp lệ" if valid is not None else "",
                                   f"{invalid} phiếu không hợp lệ" if invalid is not None else "") if x)
    if not first and not second:
        return ""
    text = "; ".join(x for x in (f"Ban kiểm phiếu {first}" if first else "", second) if x)
    return sentence(text[:1].upper() + text[1:])


def _ballot_results(year: m.Year, nominations, section: int) -> Tuple[BallotResult, ...]:
    bloc = year.bloc
    assert bloc is not None
    ballots = year.ballots
    names = _award_names(year)
    outcomes = {a.id: a for a in nominations.awards} if nominations else {}
    order = {u.id: i for i, u in enumerate(bloc.units)}
    results = []
    for ballot in ballots.ballots if ballots else ():
        total = ballot.members or len(bloc.units)
        rounds = []
        for n, rnd in enumerate(ballot.rounds, 1):
            votes = sorted(rnd.votes.values(), key=lambda v: (-v.count, order.get(v.unit, len(order))))
            lines = [f"{_unit_name(bloc, v.unit)}: {v.count}/{ballot.voters} phiếu "
                     f"({fmt_percent(v.count, ballot.voters)})" for v in votes]
            rounds.append(BallotRound(f"Vòng {n}" if len(ballot.rounds) > 1 else "Kết quả kiểm phiếu",
                                      list_lines(lines)))
        award = outcomes.get(ballot.award)
        if award is None:
            outcome = "Hình thức khen thưởng này chưa được xét (chạy thidua nominate để xem lý do)."
        elif award.proposed or award.ties:
            parts = []
            if award.proposed:
                parts.append(f"Hội nghị đề nghị tặng {award.name} cho "
                             f"{grouped_names(bloc, [e.unit for e in award.proposed])}")
            for tie in award.ties:
                parts.append(f"{join_names([_unit_name(bloc, e.unit) for e in tie.entries])} cùng hạng "
                             f"{tie.entries[0].rank}, tranh {fmt_count(tie.seats)} suất, chưa phân định")
            outcome = sentence("; ".join(parts))
        else:
            outcome = f"Không có đơn vị đủ điều kiện đề nghị tặng {award.name}."
        name = names.get(ballot.award, ballot.award)
        results.append(BallotResult(
            award=name, heading=f"{section}.{len(results) + 1}. {name}",
            attendance=f"Có {ballot.voters}/{total} đại biểu tham gia bỏ phiếu.",
            rounds=tuple(rounds), outcome=outcome, papers=_papers(ballot)))
    return tuple(results)


def build_minutes(year: m.Year, ranking, nominations) -> MinutesContext:
    """The Biên bản of the year-end meeting: who was there, the scores, the discussion, the ballot or the
    agreement, the handover of the chair, the conclusion."""
    bloc = year.bloc
    assert bloc is not None
    t = titles(bloc)
    ballots = year.ballots
    kind = "bien-ban"
    summary = _period_of_summary(year, "year")
    meta = summary.report if summary else None
    minutes = getattr(summary, "minutes", None) if summary else None
    day = _conference_day(year)
    agreed = agreed_without_ballot(year)
    where = (ballots.place if ballots and ballots.place else None) or (meta.conference_place if meta else None)
    when = fmt_date_long(day) if day else f"ngày {BLANK} tháng {BLANK} năm {year.year}"
    opening = (f"Vào hồi {time_words(minutes.start if minutes else None)}, {when}, tại {where or BLANK}, "
               f"{bloc.name} tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm {year.year}, bình xét"
               f"{'' if agreed else ', bỏ phiếu kín'} đề nghị khen thưởng.")
    presiding = _presiding(bloc, minutes, meta)
    chair = (f"1. Chủ tọa: {person_words(bloc, presiding, bloc.chair)} - đơn vị {t.chair}." if presiding
             else f"1. Chủ tọa: đại diện lãnh đạo {_unit_name(bloc, bloc.chair)} - đơn vị {t.chair}.")
    secretary_person = minutes.secretary if minutes else None
    secretary = f"2. Thư ký: {person_words(bloc, secretary_person)}." if secretary_person else f"2. Thư ký: {BLANK}"
    voters = max((b.voters for b in ballots.ballots), default=0) if ballots else 0
    attendance, present, absent = _attendance(bloc, minutes, voters)
    guests = ()
    if minutes and minutes.guests:
        guests = ("4. Khách mời:",) + list_lines([_upper_first(person_words(bloc, g)) for g in minutes.guests])

    data = year.periods.get("year")
    scores = score_table(ranking, f"năm {year.year}", bool(data and data.review)) if ranking else None
    number = 1
    scores_heading = f"{number}. Kết quả chấm điểm thi đua"
    discussion = tuple(curly(d) for d in minutes.discussion) if minutes else ()
    discussion_heading = ""
    if discussion:
        number += 1
        discussion_heading = f"{number}. Ý kiến thảo luận"
    number += 1
    vote_number = number
    vote_heading = f"{number}. Kết quả bình xét" if agreed else f"{number}. Kết quả bỏ phiếu kín"
    board: Tuple[str, ...] = ()
    if not agreed and minutes and minutes.counting_board:
        board = ("Hội nghị thống nhất bầu Ban kiểm phiếu gồm:",) + list_lines(
            [_upper_first(person_words(bloc, p)) + (f" - {p.role}" if p.role else "") for p in minutes.counting_board])
    handover = handover_sentence(year)
    handover_heading = ""
    if handover:
        number += 1
        handover_heading = f"{number}. Bàn giao nhiệm vụ {t.chair} năm {year.year + 1}"
    number += 1
    proposals = award_proposals(year, nominations)
    end = time_words(minutes.end if minutes else None)
    return MinutesContext(
        kind=kind, year=year.year, title=f"Biên bản Hội nghị tổng kết, bình xét đề nghị khen thưởng năm {year.year}",
        heading=heading(bloc, doc_number(minutes.number if minutes else None, kind, bloc.code), day, year.year, kind,
                        f"Hội nghị tổng kết công tác thi đua, khen thưởng và bình xét đề nghị khen thưởng năm "
                        f"{year.year}"),
        bloc_name=bloc.name, opening=opening, chair=chair, secretary=secretary,
        attendance=attendance, present=present, absent=absent, guests=guests,
        scores_heading=scores_heading,
        scores_intro=(f"Hội nghị đã nghe đơn vị {t.chair} thông qua kết quả chấm điểm, thẩm định thi đua năm "
                      f"{year.year} của các đơn vị ({scores.scale if scores else 'bảng điểm của ' + t.bloc}):"),
        scores=scores, discussion_heading=discussion_heading, discussion=discussion,
        vote_heading=vote_heading, board=board, ballots=_ballot_results(year, nominations, vote_number),
        agreed_line=(f"Hội nghị thống nhất đề nghị khen thưởng theo kết quả chấm điểm và quy định xét khen thưởng "
                     f"của {t.bloc}, không bỏ phiếu kín." if agreed else ""),
        handover_heading=handover_heading, handover=(handover,) if handover else (),
        conclusion_heading=f"{number}. Kết luận",
        conclusion=("Hội nghị thống nhất đề nghị:",) + _proposal_lines(proposals) if proposals
        else ("Hội nghị không đề nghị khen thưởng tập thể nào.",),
        ending=(f"Biên bản kết thúc vào hồi {end} cùng ngày, đã được đọc lại và các đại biểu dự họp nhất trí "
                "thông qua./."),
        signature=Signature(on_behalf="CHỦ TỌA", role=t.chair.upper(), unit=_unit_name(bloc, bloc.chair).upper(),
                            unit_lines=break_name(_unit_name(bloc, bloc.chair).upper()),
                            name=presiding.name if presiding else "", recipients=()),
        secretary_name=secretary_person.name if secretary_person else "")
