"""The typed context of the council's documents (`thidua council --document`): its Tờ trình to the
chairman of the provincial People's Committee and the Biên bản of its meeting, in Nghị định 30 form.

As in `context.py`, every sentence that depends on numbers or lists is made here; the outlines
(COUNCIL_LETTER, COUNCIL_MINUTES in `outline.py`) only place them. The header and the signature
block are the records the bloc's documents use (`context.Heading`, `context.Signature`).
"""

from __future__ import annotations

from typing import List, NamedTuple, Optional, Tuple

from thidua.awards.council import AwardOutcome, Candidate, CouncilResult
from thidua.numbers import fmt_date_long, fmt_number
from thidua.rendering.documents.context import (BLANK, DOC_WORDS, Heading, Signature, break_name, doc_number,
                                                fmt_count, fmt_percent, join_vi, list_lines, place_date)

LETTER_KIND = "hd-to-trinh"
MINUTES_KIND = "hd-bien-ban"


class CouncilAward(NamedTuple):
    """One award the council proposes, as the letter lists it."""

    heading: str  # "1. Cờ thi đua của Chính phủ: 01 tập thể"
    units: Tuple[str, ...]  # "- Công an tỉnh Bắc Giang (Khối Nội chính): tổng điểm 29,5, ...;"
    notes: Tuple[str, ...]  # the arithmetic of the cap, the threshold, ties, seats left unused


class CouncilLetterContext(NamedTuple):
    kind: str  # LETTER_KIND: the template's name
    year: int
    title: str  # the document's title (HTML <title>, Word properties)
    heading: Heading
    addressee: str  # "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang"
    basis: Tuple[str, ...]  # "Căn cứ ...;"
    intro: str
    awards: Tuple[CouncilAward, ...]
    none: str  # "" when some award is proposed
    declined: Tuple[str, ...]  # awards with candidates the council does not propose, and why
    not_ready: Tuple[str, ...]  # blocs not considered, and why
    enclosed: str
    closing: str
    signature: Signature


class CouncilBallotResult(NamedTuple):
    heading: str  # "2.1. Cờ thi đua của Chính phủ"
    attendance: str  # "Số thành viên tham gia bỏ phiếu: 7/7."
    threshold: str  # the cap's arithmetic and the threshold, as sentences
    votes: Tuple[str, ...]  # each round's label, then its lines ("- Công an tỉnh Bắc Giang: 7/7 phiếu (100%).")
    outcome: str


class CouncilMinutesContext(NamedTuple):
    kind: str
    year: int
    title: str
    heading: Heading
    opening: str
    composition: Tuple[str, ...]  # who chaired, the secretary, how many members attended
    blocs: Tuple[str, ...]  # one line a bloc: ready, its leader and proposals, or why not
    ballots: Tuple[CouncilBallotResult, ...]
    conclusion: Tuple[str, ...]
    ending: str
    signature: Signature
    secretary_name: str = ""  # the minutes' left signature (MinutesSignature); council.yaml names no secretary yet


def _summary_line(result: CouncilResult) -> str:
    granted = [a.name for a in result.awards if a.proposed]
    year = result.council.year
    return (f"Về việc đề nghị tặng {join_vi(granted)} năm {year}" if granted
            else f"Về việc đề nghị khen thưởng năm {year}")


def _unit_line(c: Candidate) -> str:
    e = c.entry
    bits = [(f"đơn vị dẫn đầu {c.bloc_name}" if e.rank == 1 else f"xếp hạng {e.rank} trong {c.bloc_name}") if e.rank
            else c.bloc_name]
    if e.total is not None:
        bits.append(f"tổng điểm {fmt_number(e.total)}" + (f", xếp loại {e.grade}" if e.grade else ""))
    if c.voters is not None:
        bits.append(f"{c.votes or 0}/{c.voters} phiếu đồng ý của Hội đồng")
    return f"{c.name}: {'; '.join(bits)}"


def _notes(a: AwardOutcome) -> Tuple[str, ...]:
    notes = []
    if a.cap:
        notes.append(f"Tỷ lệ toàn tỉnh: {a.cap}.")
    if a.threshold:
        notes.append(f"Ngưỡng phiếu của Hội đồng: {a.threshold}.")
    for tie in a.ties:
        notes.append(f"{join_vi([c.name for c in tie.candidates])} bằng phiếu, tranh {fmt_count(tie.seats)} suất: "
                     "chưa phân định, Hội đồng bỏ phiếu lại.")
    if a.shortfall:
        notes.append(f"{a.shortfall[:1].upper()}{a.shortfall[1:]}.")
    return tuple(notes)


def _signature(result: CouncilResult, recipients: List[str]) -> Signature:
    """'TM. HỘI ĐỒNG / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' when the vice-chair signs (the letter goes to the
    chairman of the People's Committee), else 'TM. HỘI ĐỒNG / CHỦ TỊCH'."""
    members = result.council.members
    vice = next((p for p in members if p.role == "vice"), None)
    chair = result.council.chair
    if vice is not None:
        role, unit, name = "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", vice.name
    else:
        role, unit, name = "CHỦ TỊCH", (chair.position or "").upper() if chair else "", chair.name if chair else ""
    lines = list(list_lines(recipients, last=";")) + ["- Lưu: VT."]
    return Signature(on_behalf="TM. HỘI ĐỒNG", role=role, unit=unit, unit_lines=break_name(unit) if unit else (),
                     name=name, recipients=tuple(lines))


def _heading(result: CouncilResult, kind: str, number: Optional[str], day, summary_line: str) -> Heading:
    council = result.council
    code = {LETTER_KIND: "to-trinh", MINUTES_KIND: "bien-ban"}[kind]
    return Heading(issuer=council.name.upper(), number=f"Số: {doc_number(number, code, council.code)}",
                   place_date=place_date(council.place, day, council.year + 1 if day is None else day.year),
                   doc_word=DOC_WORDS[code], summary_line=summary_line)


def _not_ready(result: CouncilResult) -> Tuple[str, ...]:
    return list_lines([f"{b.name}: chưa xét, {b.why}" for b in result.blocs if not b.ready])


def build_letter(result: CouncilResult) -> CouncilLetterContext:
    """The council's Tờ trình: what it decided, with the arithmetic and the threshold that decided it."""
    council = result.council
    letter = council.letter
    summary_line = _summary_line(result)
    heading = _heading(result, LETTER_KIND, letter.number if letter else None, letter.date if letter else None,
                       summary_line)
    ready = result.ready
    ballots = result.ballots
    basis = [f"Căn cứ {text};" for text in result.texts]
    basis.append(f"Căn cứ kết quả chấm điểm, bình xét thi đua năm {council.year} của {fmt_count(len(ready))} Khối thi "
                 f"đua: {join_vi([b.name for b in ready])};")
    if ballots is not None and ballots.ballots:
        when = f" {fmt_date_long(ballots.date)}" if ballots.date else ""
        basis.append(f"Căn cứ kết quả bỏ phiếu kín của {council.name} tại phiên họp{when},")
    awards: List[CouncilAward] = []
    for a in result.awards:
        if not a.proposed and not a.ties:
            continue
        awards.append(CouncilAward(heading=f"{len(awards) + 1}. {a.name}: {fmt_count(len(a.proposed))} tập thể",
                                   units=list_lines([_unit_line(c) for c in a.proposed]), notes=_notes(a)))
    recipients = ["Như trên"] + list(letter.recipients if letter else ())
    return CouncilLetterContext(
        kind=LETTER_KIND, year=council.year, title=f"Tờ trình {summary_line[:1].lower()}{summary_line[1:]}",
        heading=heading, addressee=council.authority, basis=tuple(basis),
        intro=(f"{council.name} kính trình {council.authority} xem xét, tặng hoặc đề nghị Thủ tướng Chính phủ tặng "
               "các hình thức khen thưởng cho các tập thể sau:"),
        awards=tuple(awards), none="" if awards else "Năm nay Hội đồng không đề nghị khen thưởng tập thể nào.",
        declined=list_lines([f"{a.name}: Hội đồng không đề nghị ({fmt_count(a.candidates)} ứng viên; "
                             + "; ".join(n[:1].lower() + n[1:].rstrip(".") for n in _notes(a)) + ")" if _notes(a) else
                             f"{a.name}: Hội đồng không đề nghị ({fmt_count(a.candidates)} ứng viên)"
                             for a in result.awards if a.candidates and not a.proposed and not a.ties]),
        not_ready=_not_ready(result),
        enclosed=(f"(Kèm theo Biên bản họp Hội đồng, Bảng tổng hợp kết quả thi đua năm {council.year} của các Khối "
                  "và hồ sơ của các Khối.)"),
        closing=f"{council.name} kính trình {council.authority} xem xét, quyết định./.",
        signature=_signature(result, recipients))


def build_minutes(result: CouncilResult) -> CouncilMinutesContext:
    """The Biên bản of the council's meeting: who was there, each bloc's results, each ballot, the outcome."""
    council = result.council
    ballots = result.ballots
    day = (ballots.date if ballots and ballots.date else None) or council.date
    when = fmt_date_long(day) if day else f"ngày {BLANK} tháng {BLANK} năm {council.year + 1}"
    where = (ballots.place if ballots and ballots.place else None) or BLANK
    heading = _heading(result, MINUTES_KIND, None, day,
                       f"Họp xét đề nghị khen thưởng năm {council.year} của các Khối thi đua")
    chair = council.chair
    members = len(council.members)
    voters = max((b.voters for b in ballots.ballots), default=0) if ballots else 0
    blocs = []
    for b in result.blocs:
        if not b.ready:
            blocs.append(f"{b.name}: chưa đủ điều kiện xét ({b.why})")
            continue
        lead = join_vi([f"{b.names.get(e.unit, e.label)} ({fmt_number(e.total)} điểm, xếp loại {e.grade})"
                        for e in b.leaders if e.total is not None])
        missing = [d.name for d in b.dossier if not d.present]
        blocs.append(f"{b.name}: {fmt_count(b.members)} đơn vị; dẫn đầu: {lead}; hồ sơ "
                     + ("đủ" if not missing else "thiếu " + join_vi(missing)))
    results: List[CouncilBallotResult] = []
    for a in result.awards:
        ballot = ballots.for_award(a.id) if ballots else None
        if ballot is None:
            continue
        rounds: List[str] = []
        for n, rnd in enumerate(ballot.rounds, 1):
            votes = sorted(rnd.votes.values(), key=lambda v: -v.count)
            names = {c.entry.unit: c.name for c in a.proposed + tuple(p.candidate for p in a.passed_over)
                     + tuple(c for t in a.ties for c in t.candidates)}
            lines = [f"{names.get(v.unit, v.unit)}: {v.count}/{ballot.voters} phiếu "
                     f"({fmt_percent(v.count, ballot.voters)})" for v in votes]
            rounds.append(f"{f'Vòng {n}' if len(ballot.rounds) > 1 else 'Kết quả kiểm phiếu'}:")
            rounds += list_lines(lines)
        parts = [f"đề nghị tặng {a.name} cho {join_vi([c.name for c in a.proposed])}"] if a.proposed else []
        parts += [f"{join_vi([c.name for c in t.candidates])} bằng phiếu, tranh {fmt_count(t.seats)} suất, chưa phân "
                  "định" for t in a.ties]
        if not parts:
            why = ("tỷ lệ toàn tỉnh không cho suất nào" if a.seats == 0
                   else "không ứng viên nào đạt ngưỡng phiếu" if a.candidates else "không có ứng viên")
            parts.append(f"không có tập thể nào được đề nghị {a.name} ({why})")
        outcome = f"Kết quả: {'; '.join(parts)}."
        results.append(CouncilBallotResult(
            heading=f"2.{len(results) + 1}. {a.name}",
            attendance=f"Số thành viên tham gia bỏ phiếu: {ballot.voters}/{members}.",
            threshold=" ".join(_notes(a)), votes=tuple(rounds), outcome=outcome))
    decided = [f"{a.name}: {join_vi([c.name for c in a.proposed])}" for a in result.awards if a.proposed]
    conclusion = (("Hội đồng thống nhất đề nghị:",) + list_lines(decided) if decided
                  else ("Hội đồng không đề nghị khen thưởng tập thể nào.",))
    return CouncilMinutesContext(
        kind=MINUTES_KIND, year=council.year,
        title=f"Biên bản họp xét đề nghị khen thưởng năm {council.year} của {council.name}", heading=heading,
        opening=(f"Vào hồi {BLANK} giờ {BLANK} phút, {when}, tại {where}, {council.name} họp xét kết quả thi đua, "
                 f"đề nghị khen thưởng năm {council.year} của các Khối thi đua."),
        composition=(
            (f"Chủ trì: đồng chí {chair.name}, {chair.position or 'Chủ tịch Hội đồng'}, Chủ tịch Hội đồng."
             if chair else f"Chủ trì: {BLANK}"),
            f"Thư ký: {BLANK}",
            f"Thành viên dự họp: {voters or BLANK}/{members} thành viên Hội đồng."),
        blocs=list_lines(blocs), ballots=tuple(results), conclusion=conclusion,
        ending=f"Biên bản kết thúc vào hồi {BLANK} giờ {BLANK} phút cùng ngày, đã được thông qua tại cuộc họp./.",
        signature=Signature(on_behalf="CHỦ TRÌ", role="CHỦ TỊCH HỘI ĐỒNG", unit="", unit_lines=(),
                            name=chair.name if chair else "", recipients=()))
