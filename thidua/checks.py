"""Checks of meaning across a year's files. Each returns a list of problems."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Dict, Iterable, List, Optional

from thidua import model as m
from thidua.awards import rules as awards_mod
from thidua.numbers import fmt_number
from thidua.problems import Problem, Src, did_you_mean, error, warning


def check_year(year: m.Year) -> List[Problem]:
    """Every cross-file check of one loaded year."""
    problems: List[Problem] = []
    award_names: Optional[Dict[str, str]] = None
    if year.awards is not None:
        award_names, found = awards_mod.check_awards(year)
        problems += found
        problems += _year_matches(year.awards.year, year, year.awards.src, "awards.yaml")
    else:
        problems.append(warning(Src(str(Path(year.folder) / "awards.yaml"), 1, 1), "missing-awards",
                                "Chưa có tệp awards.yaml: chưa thể xét đề nghị khen thưởng."))
    members = set(year.bloc.unit_ids) if year.bloc else None
    if year.bloc:
        problems += _year_matches(year.bloc.year, year, year.bloc.src, "bloc.yaml")
        problems += check_bloc(year.bloc, award_names)
        problems += check_placeholders(year.bloc)
    if year.sheet:
        problems += _year_matches(year.sheet.year, year, year.sheet.src, "criteria.yaml")
        problems += check_sheet(year.sheet, award_names)
    for name, period in year.periods.items():
        problems += check_period(year, period, members)
    if year.ballots:
        problems += _year_matches(year.ballots.year, year, year.ballots.src, "ballots.yaml")
        problems += check_ballots(year.ballots, members, award_names)
    problems += [_unread(path) for path in year.other_files]
    return problems


def _unread(path: str) -> Problem:
    if path.endswith("/"):
        return warning(Src(path.rstrip("/"), 1, 1), "unread-file",
                       f"Không lệnh nào đọc thư mục này; trong thư mục năm chỉ có các thư mục kỳ "
                       f"({', '.join(m.PERIODS)}) được đọc.")
    hint = " (đổi đuôi tệp thành .yaml)" if path.endswith(".yml") else ""
    return warning(Src(path, 1, 1), "unread-file",
                   f"Không lệnh nào đọc tệp này{hint}; kiểm tra tên và vị trí tệp.")


def _year_matches(value: int, year: m.Year, src: Src, what: str) -> List[Problem]:
    if value != year.year:
        return [error(src.at("year"), "year-mismatch", f"Tệp {what} ghi năm {value} nhưng nằm trong thư mục năm {year.year}.")]
    return []


def _not_member(unit_id: str, src: Src, role: str, members: Iterable[str] = ()) -> Problem:
    return error(src, "unknown-unit", f"{role} '{unit_id}' không phải đơn vị thành viên của Khối (xem bloc.yaml)."
                                      + did_you_mean(unit_id, members))


def check_bloc(bloc: m.Bloc, award_names: Optional[Dict[str, str]]) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, m.Unit] = {}
    names: Dict[str, m.Unit] = {}
    labels: Dict[str, m.Unit] = {}
    for unit in bloc.units:
        if unit.id in seen:
            problems.append(error(unit.src.at("id"), "duplicate-unit",
                                  f"Mã đơn vị '{unit.id}' bị lặp (đã có ở dòng {seen[unit.id].src.line})."))
        else:
            seen[unit.id] = unit
            problems += _same_name(unit, names, labels)
        if award_names is not None:
            for index, award in enumerate(unit.registered):
                if award not in award_names:
                    problems.append(error(unit.src.at("registered", index), "unknown-award",
                                          f"Đơn vị '{unit.id}' đăng ký '{award}', nhưng không có hình thức khen "
                                          f"thưởng này (các mã hợp lệ: {', '.join(award_names)})."))
    if bloc.chair not in seen:
        problems.append(_not_member(bloc.chair, bloc.src.at("chair"), "Trưởng khối", seen))
    vices: Dict[str, int] = {}
    for index, vice in enumerate(bloc.vice_chairs):
        where = bloc.src.at("vice_chairs", index)
        if vice in vices:
            problems.append(error(where, "duplicate-unit",
                                  f"Danh sách Phó trưởng khối có đơn vị '{vice}' bị lặp."))
        elif vice not in seen:
            problems.append(_not_member(vice, where, "Phó trưởng khối", seen))
        elif vice == bloc.chair:
            problems.append(error(where, "chair-is-vice",
                                  f"Đơn vị '{vice}' vừa là Trưởng khối vừa là Phó trưởng khối."))
        vices.setdefault(vice, index)
    if bloc.rotation:
        problems += check_rotation(bloc.rotation, seen)
    problems += _old_documents(bloc)
    return problems


def _old_documents(bloc: m.Bloc) -> List[Problem]:
    """The year's plan or guidance issued in an earlier year: last year's, left after `rotate-chair`."""
    from thidua.rotation import earlier_years_document

    return [warning(doc.src.at("date"), "old-document",
                    f"Văn bản căn cứ {doc.number} ({'kế hoạch' if doc.kind == 'plan' else 'hướng dẫn'}) ban hành năm "
                    f"{doc.date.year}, trước năm thi đua {bloc.year}: có phải văn bản của năm trước? Ghi kế hoạch, "
                    f"hướng dẫn của năm {bloc.year}.")
            for doc in bloc.documents if earlier_years_document(doc.kind, doc.date, doc.title, bloc.year)]


def _as_read(name: str) -> str:
    """A name as a reader tells names apart: letter case and runs of spaces do not count."""
    return " ".join(name.split()).casefold()


def _same_name(unit: m.Unit, names: Dict[str, m.Unit], labels: Dict[str, m.Unit]) -> List[Problem]:
    """A unit whose full name (in documents) or label (its short name, or its name, in tables) is an
    earlier unit's: two rows nobody can tell apart. Records the unit's names for the next ones."""
    name_twin = names.setdefault(_as_read(unit.name), unit)
    label_twin = labels.setdefault(_as_read(unit.label), unit)
    if name_twin is not unit and label_twin is name_twin:
        both = f" và tên ngắn '{unit.short_name}'" if unit.short_name else ""
        what, where = f"cùng tên '{unit.name}'{both}", unit.src.at("name")
    elif name_twin is not unit:
        what, where = f"cùng tên đầy đủ '{unit.name}' (tên ghi trong báo cáo)", unit.src.at("name")
    elif label_twin is not unit:
        what = f"cùng tên trong bảng '{unit.label}' (tên ngắn, hoặc tên đầy đủ khi không có tên ngắn)"
        where = unit.src.at("short_name" if unit.short_name else "name")
        name_twin = label_twin
    else:
        return []
    return [warning(where, "duplicate-unit-name",
                    f"Đơn vị '{unit.id}' có {what} với đơn vị '{name_twin.id}' (dòng {name_twin.src.line}): "
                    "trong bảng và báo cáo không phân biệt được hai đơn vị; hãy đặt tên khác nhau.")]


PLACEHOLDER = re.compile(r"\.\.\.|…|\bTHAY\b|^Tên (?:tỉnh|huyện)$|^Chủ đề thi đua của đơn vị trong năm$")
"""What `thidua init` writes for the bloc to fill in: '...' where a name goes ("Đơn vị A tỉnh ...",
"Ủy ban nhân dân tỉnh ..."), THAY, the sample place "Tên tỉnh" and the sample theme.
tests/test_messages.py checks that every preset's untouched bloc.yaml meets it on each such value."""

INIT_UNIT = re.compile(r"^don-vi-([a-z])$")
"""init's sample units, `don-vi-a` named "Đơn vị A": that label is a placeholder only on them (a test's
or a bloc's own unit may well be called "Đơn vị A")."""


def _placeholder(value: str, unit_id: str = "") -> bool:
    sample = INIT_UNIT.match(unit_id)
    return bool(PLACEHOLDER.search(value)) or bool(sample and value == f"Đơn vị {sample.group(1).upper()}")


_BLOC_TEXTS = (("name", "Tên Khối"), ("short_name", "Tên ngắn của Khối"), ("place", "Địa danh"),
               ("authority", "Cấp trình khen thưởng"), ("council", "Hội đồng Thi đua - Khen thưởng"),
               ("slogan", "Khẩu hiệu thi đua"))
_UNIT_TEXTS = (("name", "Tên đơn vị"), ("short_name", "Tên ngắn"), ("theme", "Chủ đề thi đua"))


def check_placeholders(bloc: m.Bloc) -> List[Problem]:
    """A warning on each value still as `thidua init` wrote it (see PLACEHOLDER): an untouched bloc
    must not pass as valid."""
    problems: List[Problem] = []
    for record, keys, whose in ((bloc, _BLOC_TEXTS, ""), *((u, _UNIT_TEXTS, f" của đơn vị '{u.id}'") for u in bloc.units)):
        for name, what in keys:
            value = getattr(record, name)
            if value and _placeholder(value, getattr(record, "id", "")):
                problems.append(warning(record.src.at(name), "placeholder",
                                        f"{what}{whose} vẫn là chữ mẫu do `thidua init` ghi ('{value}'); "
                                        "thay bằng thông tin thật."))
    return problems


def check_rotation(rotation: m.Rotation, members: Dict[str, m.Unit]) -> List[Problem]:
    """The order must hold every member exactly once: one problem a repeated or foreign entry,
    one for the members left out."""
    problems: List[Problem] = []
    if not rotation.order:
        if rotation.rule != "elected":
            problems.append(error(rotation.src.key_at("rule"), "rotation-order",
                                  f"Quy tắc luân phiên '{rotation.rule}' cần thứ tự luân phiên (khóa 'order')."))
    else:
        seen: Dict[str, int] = {}
        for index, unit_id in enumerate(rotation.order):
            where = rotation.src.at("order", index)
            if unit_id in seen:
                problems.append(error(where, "rotation-order",
                                      f"Thứ tự luân phiên ghi '{unit_id}' hai lần; mỗi đơn vị thành viên "
                                      "chỉ xuất hiện một lần."))
            elif unit_id not in members:
                problems.append(error(where, "rotation-order",
                                      f"Thứ tự luân phiên có '{unit_id}', không phải đơn vị thành viên của Khối "
                                      "(xem danh sách units)."))
            seen.setdefault(unit_id, index)
        absent = [u for u in members if u not in seen]
        if absent:
            problems.append(error(rotation.src.at("order"), "rotation-order",
                                  "Thứ tự luân phiên thiếu " + ", ".join(f"'{u}'" for u in absent)
                                  + "; phải gồm mọi đơn vị thành viên, mỗi đơn vị một lần."))
    for skip in rotation.skip:
        if skip.unit not in members:
            problems.append(_not_member(skip.unit, skip.src.at("unit"), "Đơn vị bỏ qua", members))
    return problems


def check_sheet(sheet: m.Sheet, award_names: Optional[Dict[str, str]]) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, Src] = {}
    for group in sheet.groups:
        for item in (group, *group.criteria):
            if item.id in seen:
                problems.append(error(item.src.at("id"), "duplicate-criterion",
                                      f"Mã '{item.id}' bị lặp trong bảng điểm (đã có ở dòng {seen[item.id].line})."))
            else:
                seen[item.id] = item.src
    if sheet.total is not None and sheet.total != sheet.max_total:
        problems.append(error(sheet.src.at("total"), "total-mismatch",
                              f"Tổng điểm ghi là {fmt_number(sheet.total)} nhưng tổng điểm tối đa các tiêu chí là "
                              f"{fmt_number(sheet.max_total)}."))
    previous: Optional[m.Grade] = None
    for grade in sheet.grades:
        if previous is not None and grade.min_total >= previous.min_total:
            problems.append(error(grade.src.at("min_total"), "grade-order",
                                  f"Các mức xếp loại phải theo thứ tự từ cao xuống thấp: '{grade.name}' "
                                  f"({fmt_number(grade.min_total)}) không thấp hơn '{previous.name}' "
                                  f"({fmt_number(previous.min_total)})."))
        if grade.min_total > sheet.max_total:
            problems.append(error(grade.src.at("min_total"), "grade-unreachable",
                                  f"Mức '{grade.name}' cần {fmt_number(grade.min_total)} điểm, vượt tổng điểm tối đa "
                                  f"{fmt_number(sheet.max_total)}."))
        previous = grade
    groups = {g.id for g in sheet.groups}
    criteria = {c.id for c in sheet.criteria}
    for rule in sheet.tie_breaks:
        where = rule.src.at("ref")
        if rule.rule in ("group", "criterion", "ballot") and not rule.ref:
            problems.append(error(rule.src, "tie-break-ref", f"Tiêu chí phụ '{rule.rule}' cần khóa 'ref'."))
        elif rule.rule == "group" and rule.ref not in groups:
            problems.append(error(where, "tie-break-ref", f"Không có nhóm tiêu chí '{rule.ref}' trong bảng điểm."))
        elif rule.rule == "criterion" and rule.ref not in criteria:
            problems.append(error(where, "tie-break-ref", f"Không có tiêu chí '{rule.ref}' trong bảng điểm."))
        elif rule.rule == "ballot" and award_names is not None and rule.ref not in award_names:
            problems.append(error(where, "tie-break-ref", f"Không có hình thức khen thưởng '{rule.ref}'."))
    return problems


def _sum(items: Iterable[m.Item]) -> Decimal:
    return sum((i.points for i in items), Decimal(0))


def _placed(record, what: str, year: int, period: str) -> List[Problem]:
    """A period file must name the year and period of the folder it lies in."""
    problems = []
    if record.period not in (period, m.UNREAD_PERIOD):
        problems.append(error(record.src.at("period"), "period-mismatch",
                              f"{what} ghi kỳ '{record.period}' nhưng nằm trong thư mục '{period}'."))
    if record.year not in (year, m.UNREAD_YEAR):
        problems.append(error(record.src.at("year"), "year-mismatch",
                              f"{what} ghi năm {record.year} nhưng nằm trong thư mục năm {year}."))
    return problems


def check_period(year: m.Year, period: m.Period, members: Optional[set]) -> List[Problem]:
    problems: List[Problem] = []
    sheet = year.sheet
    words = m.PERIOD_WORDS[period.name]
    for stem, report in period.reports.items():
        if stem in {"review", "summary", "ballots"}:
            continue
        if report.unit != stem:
            problems.append(_misnamed(report, stem, period, members))
        problems += _placed(report, "Báo cáo", year.year, period.name)
        if members is not None and report.unit not in members:
            problems.append(_not_member(report.unit, report.src.at("unit"), "Đơn vị", members))
        if sheet is not None:
            problems += _check_scores(report, sheet)
    if period.review:
        problems += _check_review(year, period, members)
    if period.summary:
        s = period.summary
        problems += _placed(s, "Tệp", year.year, period.name)
        if s.report and s.report.drafted_by and members is not None and s.report.drafted_by not in members:
            problems.append(_not_member(s.report.drafted_by, s.report.src.at("drafted_by"), "Đơn vị soạn báo cáo",
                                        members))
        if members is not None:
            problems += _summary_units(s, members)
    if members is not None and year.bloc is not None:
        for unit in year.bloc.units:
            if unit.id in period.broken:
                problems.append(warning(unit.src, "broken-report",
                                        f"Đơn vị '{unit.id}' đã có báo cáo tự chấm điểm {words} "
                                        f"({period.broken[unit.id]}) nhưng tệp không đọc được (xem lỗi của tệp đó); "
                                        "đơn vị chưa được tính điểm cho tới khi tệp được sửa."))
            elif unit.id not in period.reports:
                problems.append(warning(unit.src, "missing-report",
                                        f"Đơn vị '{unit.id}' chưa nộp báo cáo tự chấm điểm {words} "
                                        f"({year.folder}/{period.name}/{unit.id}.yaml)."))
    return problems


def _misnamed(report: m.SelfReport, stem: str, period: m.Period, members: Optional[set]) -> Problem:
    """A report whose `unit:` is not its file's unit: advice that never renames it over another unit's file."""
    file = os.path.basename(report.src.file)
    said = report.unit
    text = f"Tệp {file} ghi đơn vị '{said}', nhưng tên tệp là của đơn vị '{stem}'."
    if members is None or stem in members:
        text += f" Nếu đây là báo cáo của '{stem}', sửa dòng 'unit: {said}' thành 'unit: {stem}'."
    taken = period.reports.get(said)
    if taken is not None or said in period.broken:
        other = os.path.basename(taken.src.file) if taken is not None else os.path.basename(period.broken[said])
        text += (f" Đừng đổi tên tệp thành {said}.yaml: thư mục đã có {other}, báo cáo của đơn vị '{said}'; "
                 "kiểm tra xem tệp này là của đơn vị nào.")
    elif members is None or said in members:
        text += f" Nếu đây là báo cáo của '{said}', đổi tên tệp thành {said}.yaml."
    return error(report.src.at("unit"), "unit-mismatch", text)
def _summary_units(s: m.Summary, members) -> List[Problem]:
    """Units named by the letter, the minutes and the handover of summary.yaml are members of the bloc."""
    named = []
    signers = [x.signer for x in (s.report, s.letter) if x is not None and x.signer is not None]
    named += [(x.unit, x.src.at("unit"), "Đơn vị của người ký") for x in signers if x.unit]
    if s.minutes is not None:
        people = [s.minutes.presiding, s.minutes.secretary, *s.minutes.attendees, *s.minutes.counting_board]
        named += [(p.unit, p.src.at("unit"), "Đơn vị của người dự họp") for p in people if p is not None and p.unit]
        named += [(a.unit, a.src.at("unit"), "Đơn vị vắng mặt") for a in s.minutes.absent]
    if s.handover is not None:
        named.append((s.handover.chair, s.handover.src.at("chair"), "Trưởng khối năm sau"))
        named += [(v, s.handover.src.at("vice_chairs", i), "Phó Trưởng khối năm sau")
                  for i, v in enumerate(s.handover.vice_chairs)]
    return [_not_member(unit, src, role, members) for unit, src, role in named if unit not in members]


def _score_on_sheet(sheet: m.Sheet, crit_id: str, value: Decimal, src: Src, value_src: Src, what: str,
                    year: int) -> List[Problem]:
    """A score (self-score or checked score) of `crit_id`: the criterion exists and the score is within its
    maximum. `src` is where the criterion is named, `value_src` where the score is written."""
    crit = sheet.criterion(crit_id)
    if crit is None:
        return [error(src, "unknown-criterion", f"Không có tiêu chí '{crit_id}' trong bảng điểm năm {year}."
                      + did_you_mean(crit_id, (c.id for c in sheet.criteria)))]
    if value > crit.max:
        return [error(value_src, "score-above-max", f"{what} tiêu chí {crit_id} là {fmt_number(value)}, vượt điểm "
                                                    f"tối đa {fmt_number(crit.max)}.")]
    return []


def is_unfilled(report: m.SelfReport) -> bool:
    """A self-report as the template `init` writes it: every criterion 0, no bonus, no deduction."""
    return (bool(report.scores) and not report.unreadable and not report.bonus and not report.deductions
            and all(score.value == 0 for score in report.scores.values()))


def _check_scores(report: m.SelfReport, sheet: m.Sheet) -> List[Problem]:
    problems: List[Problem] = []
    if is_unfilled(report):
        problems.append(warning(report.src.key_at("scores"), "report-not-filled",
                                f"Báo cáo của đơn vị '{report.unit}' chưa được điền: mọi tiêu chí đều 0 điểm, như "
                                "mẫu thidua tạo. Ghi điểm tự chấm của đơn vị (hoặc nhập bảng Excel đã điền: "
                                "thidua import-scores)."))
    for crit_id, score in report.scores.items():
        problems += _score_on_sheet(sheet, crit_id, score.value, score.src, score.src, "Điểm", report.year)
    missing = [c.id for c in sheet.criteria if c.id not in report.scores and c.id not in report.unreadable]
    if missing:
        problems.append(error(report.src.key_at("scores"), "missing-score",
                              "Thiếu điểm tự chấm của tiêu chí " + ", ".join(missing) + "."))
    for key, items, cap, what, code in (
            ("bonus", report.bonus, sheet.bonus, "điểm thưởng", "bonus-over-cap"),
            ("deductions", report.deductions, sheet.deductions, "điểm trừ", "deduction-over-cap")):
        total = _sum(items)
        if items and cap is None:
            problems.append(error(report.src.key_at(key), code,
                                  f"Bảng điểm không có mục {what} (khóa '{key}' trong criteria.yaml), "
                                  f"nhưng báo cáo có {what}."))
        elif cap is not None and total > cap.max:
            problems.append(warning(report.src.key_at(key), code,
                                    f"Tổng {what} tự kê là {fmt_number(total)}, vượt mức trần {fmt_number(cap.max)}; "
                                    f"chỉ tính {fmt_number(cap.max)} điểm."))
    return problems


def _check_review(year: m.Year, period: m.Period, members: Optional[set]) -> List[Problem]:
    review = period.review
    assert review is not None
    problems = _placed(review, "Tệp", year.year, period.name)
    if review.reviewer and members is not None and review.reviewer not in members:
        problems.append(_not_member(review.reviewer, review.src.at("reviewer"), "Đơn vị thẩm định", members))
    sheet = year.sheet
    for unit_id, unit_review in review.units.items():
        if members is not None and unit_id not in members:
            problems.append(_not_member(unit_id, unit_review.src, "Đơn vị", members))
        elif unit_id not in period.reports and unit_id not in period.broken:  # a broken one is said so
            problems.append(warning(unit_review.src, "review-without-report",
                                    f"Có điểm thẩm định cho '{unit_id}' nhưng đơn vị này chưa có báo cáo tự chấm."))
        if sheet is None:
            continue
        for crit_id, corr in unit_review.scores.items():
            problems += _score_on_sheet(sheet, crit_id, corr.value, corr.src, corr.src.at("score"), "Điểm thẩm định",
                                        year.year)
        for corr, cap, what, code in ((unit_review.bonus, sheet.bonus, "điểm thưởng", "bonus-over-cap"),
                                      (unit_review.deductions, sheet.deductions, "điểm trừ", "deduction-over-cap")):
            if corr is not None and (cap is None or corr.value > cap.max):
                limit = fmt_number(cap.max) if cap else "0"
                problems.append(error(corr.src.at("points"), code,
                                      f"{what.capitalize()} sau thẩm định là {fmt_number(corr.value)}, vượt mức trần {limit}."))
    return problems


def check_ballots(ballots: m.Ballots, members: Optional[set], award_names: Optional[Dict[str, str]]) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, Src] = {}
    for ballot in ballots.ballots:
        if ballot.award in seen:
            problems.append(error(ballot.src.at("award"), "duplicate-ballot",
                                  f"Đã có cuộc bỏ phiếu cho '{ballot.award}' (dòng {seen[ballot.award].line}); "
                                  "ghi các vòng trong cùng một mục 'rounds'."))
        seen.setdefault(ballot.award, ballot.src)
        if award_names is not None and ballot.award not in award_names:
            problems.append(error(ballot.src.at("award"), "unknown-award",
                                  f"Không có hình thức khen thưởng '{ballot.award}' (các mã hợp lệ: "
                                  f"{', '.join(award_names)})."))
        total_members = ballot.members or (len(members) if members is not None else None)
        if total_members is not None and ballot.voters > total_members:
            problems.append(error(ballot.src.at("voters"), "voters-over-members",
                                  f"Số người bỏ phiếu ({ballot.voters}) lớn hơn số thành viên ({total_members})."))
        for number, rnd in enumerate(ballot.rounds, start=1):
            for unit_id, vote in rnd.votes.items():
                if members is not None and unit_id not in members:
                    problems.append(_not_member(unit_id, vote.src, "Đơn vị được bầu", members))
                if vote.count > ballot.voters:
                    problems.append(error(vote.src, "votes-over-voters",
                                          f"Vòng {number}: '{unit_id}' được {vote.count} phiếu, nhiều hơn số người "
                                          f"bỏ phiếu ({ballot.voters})."))
    return problems
