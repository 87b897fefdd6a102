"""The Báo cáo thành tích of a unit proposed for a flag or a Bằng khen (`thidua report --kind thanh-tich`).

It follows the form of the period's decree annex for a collective: Nghị định 91/2017/NĐ-CP, Mẫu số 01
(from 2024 the annex of Nghị định 98/2023/NĐ-CP, from 07/2025 of Nghị định 152/2025/NĐ-CP). The unit's
particulars, duties, results and measures come from its year report, its score and place from the
ranking, its earlier years from `thidua history`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Dict, NamedTuple, Sequence, Tuple

from thidua import model as m
from thidua.numbers import fmt_number
from thidua.rendering.documents.context import (NO_GRADE, Heading, Signature, _period_id, _period_of_summary,
                                                 curly, join_vi, place_date, score_table, sentence, titles)


class PastYear(NamedTuple):
    year: str
    result: str  # "Xếp thứ 2/7 trong Khối, 96,5 điểm, xếp loại Xuất sắc"
    awards: str  # "Khối đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", or "Không"


class AchievementContext(NamedTuple):
    """The achievement report of one proposed unit, in the form of the period's decree annex
    (Nghị định 91/2017/NĐ-CP, Mẫu số 01; from 2024 the annex of Nghị định 98/2023/NĐ-CP)."""

    kind: str
    year: int
    title: str
    heading: Heading
    unit_name: str
    form: str  # "(Mẫu số 01 ban hành kèm theo Nghị định số 91/2017/NĐ-CP)"
    particulars: Tuple[str, ...]  # name, head, staff
    duties: Tuple[str, ...]
    results: Tuple[str, ...]  # the unit's achievements of the year
    scores: str  # the year's score, grade and place in the bloc
    measures: Tuple[str, ...]
    past: Tuple[PastYear, ...]
    past_note: str
    signature: Signature  # the unit's head on the right
    confirmer: str  # the left column: who confirms ("XÁC NHẬN CỦA ...")


FORMS = {"2017": "Mẫu số 01 ban hành kèm theo Nghị định số 91/2017/NĐ-CP",
         "2024": "Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 98/2023/NĐ-CP",
         "2025": "Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 152/2025/NĐ-CP"}


def proposed_units(year: m.Year, nominations) -> Dict[str, str]:
    """Unit id -> the highest award it is proposed for, in the bloc's order."""
    found: Dict[str, str] = {}
    for award in nominations.awards if nominations else ():
        for entry in award.proposed:
            found.setdefault(entry.unit, award.name)
    assert year.bloc is not None
    return {u: found[u] for u in year.bloc.unit_ids if u in found}


def build_achievement(year: m.Year, ranking, nominations, unit_id: str, lines: Sequence = ()) -> AchievementContext:
    """The Báo cáo thành tích of `unit_id` for its highest proposed award; `lines` are the unit's
    earlier years (`thidua.history.YearLine`), oldest first."""
    bloc = year.bloc
    assert bloc is not None
    t = titles(bloc)
    unit = bloc.unit(unit_id)
    assert unit is not None
    award = proposed_units(year, nominations)[unit_id]
    period = year.periods.get("year")
    report = next((r for r in (period.reports.values() if period else ()) if r.unit == unit_id), None)
    facts = report.facts if report else None
    particulars = [f"Tên tập thể đề nghị: {unit.name}."]
    if unit.head:
        particulars.append(f"Thủ trưởng đơn vị: đồng chí {unit.head}" + (f", {unit.head_position}." if
                                                                          unit.head_position else "."))
    if facts is not None and facts.staff is not None:
        people = f"{facts.staff:,}".replace(",", ".")
        staff = f"Tổng số cán bộ, công chức, người lao động: {people} người"
        if facts.women_share is not None:
            staff += f", trong đó nữ chiếm {fmt_number((facts.women_share * 100).quantize(Decimal('0.1')))}%"
        particulars.append(staff + ".")
    standing = ranking.standing(unit_id) if ranking else None
    scores = ""
    if standing is not None:
        sc = standing.score
        scores = (f"Năm {year.year}, {unit.name} tự chấm {fmt_number(sc.self_total)} điểm; kết quả "
                  f"{'thẩm định của ' + t.chair if period and period.review else 'chấm điểm'} đạt "
                  f"{fmt_number(sc.total)} điểm ({score_table(ranking, '', True).scale}), xếp loại "
                  f"{sc.grade or NO_GRADE.lower()}, xếp thứ {standing.rank}/{len(ranking.standings)} đơn vị "
                  f"trong {bloc.name}.")
    past = []
    for line in lines:
        if line.year >= year.year or line.name is None:
            continue
        result = (f"Xếp thứ {line.rank}/{line.ranked} trong {t.bloc}, {fmt_number(line.total)} điểm"
                  + (f", xếp loại {line.grade}" if line.grade else "")) if line.rank is not None else \
            (line.note or "Chưa có kết quả")
        awards = f"{t.bloc} đề nghị tặng {join_vi(list(line.awards))}" if line.awards else "Không"
        past.append(PastYear(str(line.year), result, awards))
    period_id = _period_id(year)
    head_position = (unit.head_position or "Thủ trưởng đơn vị").upper()
    sign = Signature(on_behalf=head_position, role="", unit="", unit_lines=(), name=unit.head or "",
                     recipients=())
    results = tuple(sentence(curly(a)) for a in report.achievements) if report and report.achievements else \
        (f"[Bổ sung thành tích: mục “achievements” trong báo cáo tự chấm điểm cả năm của {unit.name}.]",)
    measures = tuple(sentence(curly(a)) for a in report.measures) if report and report.measures else \
        (f"[Bổ sung biện pháp, nguyên nhân đạt được thành tích: mục “measures” trong báo cáo tự chấm điểm "
         f"cả năm của {unit.name}.]",)
    duties = tuple(curly(a) for a in report.duties) if report and report.duties else \
        (f"[Bổ sung đặc điểm, chức năng, nhiệm vụ: mục “duties” trong báo cáo tự chấm điểm cả năm của "
         f"{unit.name}.]",)
    meta = _period_of_summary(year, "year")
    day = report.submitted if report and report.submitted else (meta.report.date if meta and meta.report else None)
    return AchievementContext(
        kind="thanh-tich", year=year.year, title=f"Báo cáo thành tích đề nghị tặng {award} của {unit.name}",
        heading=Heading(issuer=unit.name.upper(), number="", place_date=place_date(bloc.place, day, year.year),
                        doc_word="BÁO CÁO THÀNH TÍCH", summary_line=f"Đề nghị tặng {award} năm {year.year}"),
        unit_name=unit.name, form=f"({FORMS.get(period_id or '', FORMS['2017'])})",
        particulars=tuple(particulars), duties=duties, results=results, scores=scores, measures=measures,
        past=tuple(past),
        past_note=(f"Kết quả thi đua của đơn vị trong {t.bloc} các năm trước và hình thức khen thưởng {t.bloc} đã "
                   "đề nghị tại Hội nghị tổng kết từng năm."),
        signature=sign, confirmer="THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN")
