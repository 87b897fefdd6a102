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
        if year.bloc:
            problems += _categories_known(year.sheet, year.bloc)
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


def _not_member(unit_id: str, src: Src, role: str, members: Iterable[str] = (), bloc_word: str = "Khối") -> Problem:
    return error(src, "unknown-unit", f"{role} '{unit_id}' không phải đơn vị thành viên của {bloc_word} (xem bloc.yaml)."
                                      + did_you_mean(unit_id, list(members)))  # the ids, even from a dict of units


def check_bloc(bloc: m.Bloc, award_names: Optional[Dict[str, str]]) -> List[Problem]:
    problems: List[Problem] = []
    t = bloc.titles
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
        problems.append(_not_member(bloc.chair, bloc.src.at("chair"), t.chair, seen, t.bloc))
    vices: Dict[str, int] = {}
    for index, vice in enumerate(bloc.vice_chairs):
        where = bloc.src.at("vice_chairs", index)
        if vice in vices:
            problems.append(error(where, "duplicate-unit",
                                  f"Danh sách {t.vice} có đơn vị '{vice}' bị lặp."))
        elif vice not in seen:
            problems.append(_not_member(vice, where, t.vice, seen, t.bloc))
        elif vice == bloc.chair:
            problems.append(error(where, "chair-is-vice",
                                  f"Đơn vị '{vice}' vừa là {t.chair} vừa là {t.vice}."))
        vices.setdefault(vice, index)
    if bloc.rotation:
        problems += check_rotation(bloc.rotation, seen, t.bloc)
    problems += _old_documents(bloc)
    return problems


def _old_documents(bloc: m.Bloc) -> List[Problem]:
    """The year's plan or guidance issued in an earlier year: last year's, left after `rotate-chair`."""
    earlier = [doc for doc in bloc.documents if doc.date is not None and doc.date.year < bloc.year]
    if not earlier:  # most years: rotation (and difflib) stay unimported, about 2 ms of `thidua rank`'s start-up
        return []
    from thidua.rotation import earlier_years_document

    return [warning(doc.src.at("date"), "old-document",
                    f"Văn bản căn cứ {doc.number} ({'kế hoạch' if doc.kind == 'plan' else 'hướng dẫn'}) ban hành năm "
                    f"{doc.date.year}, trước năm thi đua {bloc.year}: có phải văn bản của năm trước? Ghi kế hoạch, "
                    f"hướng dẫn của năm {bloc.year}.")
            for doc in earlier if earlier_years_document(doc.kind, doc.date, doc.title, bloc.year)]


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


_BLOC_TEXTS = (("name", "Tên {bloc}"), ("short_name", "Tên ngắn của {bloc}"), ("place", "Địa danh"),
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
                                        f"{what.format(bloc=bloc.titles.bloc)}{whose} vẫn là chữ mẫu do `thidua init` ghi ('{value}'); "
                                        "thay bằng thông tin thật."))
    return problems


def check_rotation(rotation: m.Rotation, members: Dict[str, m.Unit], bloc_word: str = "Khối") -> List[Problem]:
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
                                      f"Thứ tự luân phiên có '{unit_id}', không phải đơn vị thành viên của {bloc_word} "
                                      "(xem danh sách units)."))
            seen.setdefault(unit_id, index)
        absent = [u for u in members if u not in seen]
        if absent:
            problems.append(error(rotation.src.at("order"), "rotation-order",
                                  "Thứ tự luân phiên thiếu " + ", ".join(f"'{u}'" for u in absent)
                                  + "; phải gồm mọi đơn vị thành viên, mỗi đơn vị một lần."))
    for skip in rotation.skip:
        if skip.unit not in members:
            problems.append(_not_member(skip.unit, skip.src.at("unit"), "Đơn vị bỏ qua", members, bloc_word))
    return problems


def check_sheet(sheet: m.Sheet, award_names: Optional[Dict[str, str]]) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, Src] = {}
    for _, item in sheet.rows:
        if item.id in seen:
            problems.append(error(item.src.at("id"), "duplicate-criterion",
                                  f"Mã '{item.id}' bị lặp trong bảng điểm (đã có ở dòng {seen[item.id].line})."))
        else:
            seen[item.id] = item.src
    problems += check_tree(sheet)
    for category in sheet.categories:  # a sheet per category: each category's criteria add up to the scale
        if sheet.total is not None and sheet.max_for(category) != sheet.total:
            problems.append(error(sheet.src.at("total"), "total-mismatch",
                                  f"Tổng điểm ghi là {fmt_number(sheet.total)} nhưng các tiêu chí của nhóm đơn vị "
                                  f"'{category}' cộng lại {fmt_number(sheet.max_for(category))}."))
    if sheet.total is not None and sheet.total != sheet.max_total and not sheet.categories:
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
    groups = {g.id for g in sheet.all_groups}
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
    t = year.bloc.titles if year.bloc else m.BLOC_TITLES["khoi"]
    for stem, report in period.reports.items():
        if stem in {"review", "summary", "ballots"}:
            continue
        if report.unit != stem:
            problems.append(_misnamed(report, stem, period, members))
        problems += _placed(report, "Báo cáo", year.year, period.name)
        if members is not None and report.unit not in members:
            problems.append(_not_member(report.unit, report.src.at("unit"), "Đơn vị", members, t.bloc))
        if sheet is not None:
            unit = year.bloc.unit(report.unit) if year.bloc else None
            problems += _check_scores(report, sheet, unit.category if unit else None)
    if period.review:
        problems += _check_review(year, period, members)
    if sheet is not None:
        problems += check_scorers(sheet, period, members, {u.id: u for u in year.bloc.units} if year.bloc else None)
    if period.summary:
        s = period.summary
        problems += _placed(s, "Tệp", year.year, period.name)
        if s.report and s.report.drafted_by and members is not None and s.report.drafted_by not in members:
            problems.append(_not_member(s.report.drafted_by, s.report.src.at("drafted_by"), "Đơn vị soạn báo cáo",
                                        members, t.bloc))
        if members is not None:
            problems += _summary_units(s, members, t)
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
def _summary_units(s: m.Summary, members, t: m.Titles) -> List[Problem]:
    """Units named by the letter, the minutes and the handover of summary.yaml are members of the bloc."""
    named = []
    signers = [x.signer for x in (s.report, s.letter) if x is not None and x.signer is not None]
    named += [(x.unit, x.src.at("unit"), "Đơn vị của người ký") for x in signers if x.unit]
    if s.minutes is not None:
        people = [s.minutes.presiding, s.minutes.secretary, *s.minutes.attendees, *s.minutes.counting_board]
        named += [(p.unit, p.src.at("unit"), "Đơn vị của người dự họp") for p in people if p is not None and p.unit]
        named += [(a.unit, a.src.at("unit"), "Đơn vị vắng mặt") for a in s.minutes.absent]
    if s.handover is not None:
        named.append((s.handover.chair, s.handover.src.at("chair"), f"{t.chair} năm sau"))
        named += [(v, s.handover.src.at("vice_chairs", i), f"{t.vice} năm sau")
                  for i, v in enumerate(s.handover.vice_chairs)]
    return [_not_member(unit, src, role, members, t.bloc) for unit, src, role in named if unit not in members]


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
    return _level_listed(crit, value, value_src, what)


def _check_scores(report: m.SelfReport, sheet: m.Sheet, category: Optional[str] = None) -> List[Problem]:
    problems: List[Problem] = []
    if report.blank and report.scores:  # the blank init and prepare write; rank and status count it as not sent
        problems.append(warning(report.src.key_at("scores"), "report-not-filled",
                                f"Báo cáo của đơn vị '{report.unit}' chưa được điền: mọi tiêu chí đều 0 điểm, chưa "
                                "ghi ngày gửi, như mẫu thidua tạo; đơn vị được tính là chưa nộp. Ghi điểm tự chấm của đơn vị (hoặc nhập bảng Excel đã điền: "
                                "thidua import-scores)."))
    for crit_id, score in report.scores.items():
        problems += _score_on_sheet(sheet, crit_id, score.value, score.src, score.src, "Điểm", report.year)
        crit = sheet.criterion(crit_id)
        if crit is not None and not crit.applies_to(category):
            problems.append(error(score.src, "not-for-category",
                                  f"Tiêu chí {crit_id} chỉ chấm các đơn vị nhóm {', '.join(crit.categories)}; đơn vị "
                                  f"'{report.unit}' thuộc nhóm {category or '(không ghi nhóm)'}."))
    problems += check_report_sheet(report, sheet, category)
    missing = [c.id for c in sheet.criteria if c.id not in report.scores and c.id not in report.unreadable
               and c.self_scored and c.id not in report.not_assigned and c.applies_to(category)]
    if missing:
        problems.append(error(report.src.key_at("scores"), "missing-score",
                              "Thiếu điểm tự chấm của tiêu chí " + ", ".join(missing) + "."))
    for key, items, cap, what, code in (
            ("bonus", report.bonus, sheet.bonus, "điểm thưởng", "bonus-over-cap"),
            ("deductions", report.deductions, sheet.deductions, "điểm trừ", "deduction-over-cap")):
        total = _sum(items)
        problems += _fixed_items(items, cap, what)
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
        report = period.reports.get(unit_id)
        for crit_id, corr in unit_review.scores.items():
            problems += _score_on_sheet(sheet, crit_id, corr.value, corr.src, corr.src.at("score"), "Điểm thẩm định",
                                        year.year)
            if report is not None and crit_id in report.not_assigned:
                problems.append(error(corr.src, "unassigned-scored",
                                      f"Tiêu chí {crit_id} không giao chỉ tiêu cho '{unit_id}' (not_assigned trong "
                                      "báo cáo) nhưng có điểm thẩm định."))
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


# --- the tree, methods, figures, unassigned criteria, evidence (docs/scoring.md) ---------

def check_tree(sheet: m.Sheet) -> List[Problem]:
    """Subtotals at every level, each criterion's method and its keys, the figures it names."""
    from thidua.scoring.methods import METHODS  # the registry lives with scoring; the checks only ask it

    problems: List[Problem] = []
    for group in sheet.all_groups:
        if not group.criteria and not group.groups:
            problems.append(error(group.src, "empty-group",
                                  f"Nhóm '{group.id}' không có tiêu chí hay nhóm con nào (khóa criteria hoặc groups)."))
        elif group.stated_max is not None and sheet.categories:
            for category in sheet.categories:
                below = sum((c.max for _, c in group.walk() if isinstance(c, m.Criterion) and c.applies_to(category)),
                            Decimal(0))
                if below != group.stated_max:
                    problems.append(error(group.src.at("max"), "subtotal-mismatch",
                                          f"Nhóm '{group.id}' ghi điểm tối đa {fmt_number(group.stated_max)} nhưng các "
                                          f"tiêu chí của nhóm đơn vị '{category}' cộng lại {fmt_number(below)}."))
        elif group.stated_max is not None and group.stated_max != group.max:
            parts = " + ".join(fmt_number(x.max) for x in (*group.criteria, *group.groups))
            problems.append(error(group.src.at("max"), "subtotal-mismatch",
                                  f"Nhóm '{group.id}' ghi điểm tối đa {fmt_number(group.stated_max)} nhưng các tiêu "
                                  f"chí và nhóm con cộng lại {parts} = {fmt_number(group.max)}."))
    for crit in sheet.criteria:
        impl = METHODS.get(crit.method)
        if impl is None:
            problems.append(error(crit.src.at("method"), "unknown-method",
                                  f"Tiêu chí {crit.id}: không có cách tính '{crit.method}' (các cách tính: "
                                  f"{', '.join(METHODS)})."))
            continue
        for needed in impl.needs:
            if getattr(crit, needed) in (None, ()):
                problems.append(error(crit.src.key_at("method"), "method-option",
                                      f"Tiêu chí {crit.id}: cách tính '{crit.method}' cần khóa '{needed}'."))
        for extra in ("figure", "target", "per", "levels"):
            if getattr(crit, extra) not in (None, ()) and extra not in impl.needs and \
                    not (extra == "target" and crit.method == "target-ratio"):
                problems.append(warning(crit.src.key_at(extra), "method-option",
                                        f"Tiêu chí {crit.id}: khóa '{extra}' không dùng với cách tính "
                                        f"'{crit.method}'; bỏ qua."))
        if crit.figure is not None and sheet.figure(crit.figure) is None:
            known = ", ".join(f.id for f in sheet.figures) or "bảng điểm chưa khai báo số liệu nào (figures)"
            problems.append(error(crit.src.at("figure"), "unknown-figure",
                                  f"Tiêu chí {crit.id} tính từ số liệu '{crit.figure}', không có trong figures "
                                  f"của bảng điểm ({known})."))
        for index, scorer_id in enumerate(crit.scored_by):
            if sheet.scorer(scorer_id) is None:
                known = ", ".join(x.id for x in sheet.scorers) or "bảng điểm chưa khai báo đơn vị chấm nào (scorers)"
                problems.append(error(crit.src.at("scored_by", index), "unknown-scorer",
                                      f"Tiêu chí {crit.id} do '{scorer_id}' chấm, không có trong scorers của bảng "
                                      f"điểm ({known})."))
        if crit.scored_by and crit.computed:
            problems.append(error(crit.src.key_at("scored_by"), "method-option",
                                  f"Tiêu chí {crit.id} tính từ số liệu ({crit.method}) nên không do đơn vị chấm chấm; "
                                  "bỏ khóa scored_by hoặc đổi cách tính."))
        if crit.target is not None and crit.target <= 0:
            problems.append(error(crit.src.at("target"), "bad-target",
                                  f"Tiêu chí {crit.id}: chỉ tiêu {fmt_number(crit.target)} phải lớn hơn 0."))
        for level in crit.levels:
            if level.points > crit.max:
                problems.append(error(level.src.at("points"), "level-above-max",
                                      f"Tiêu chí {crit.id}: mức '{level.when}' được {fmt_number(level.points)} điểm, "
                                      f"vượt điểm tối đa {fmt_number(crit.max)}."))
        if crit.rounding is not None and crit.rounding <= 0:
            problems.append(error(crit.src.at("rounding"), "bad-rounding", "Mức làm tròn phải lớn hơn 0."))
    if any(c.categories for c in sheet.criteria) and sheet.unassigned == "none" and sheet.rank_within == "all":
        where = next(c for c in sheet.criteria if c.categories).src.key_at("categories")
        problems.append(warning(where, "category-scale",
                                "Có tiêu chí chỉ chấm một số nhóm đơn vị nhưng bảng điểm không quy đổi (unassigned: "
                                "none) và xếp hạng chung (rank_within: all): các nhóm có thang điểm khác nhau. Ghi "
                                "unassigned: scale (xếp theo tỷ lệ thang điểm) hoặc rank_within: category."))
    if sheet.rounding <= 0:
        problems.append(error(sheet.src.at("rounding"), "bad-rounding", "Mức làm tròn phải lớn hơn 0."))
    return problems


def _level_listed(crit: m.Criterion, value: Decimal, where: Src, what: str) -> List[Problem]:
    """A score of a stepped or pass-fail criterion must be one of its levels; a computed one is not entered."""
    if crit.method == "manual":
        return []
    from thidua.scoring.methods import METHODS

    impl = METHODS.get(crit.method)
    allowed = impl.allowed(crit) if impl is not None else None
    if allowed and value not in allowed:
        listed = "; ".join(f"{fmt_number(lv.points)} ({lv.when})" for lv in crit.levels) or \
            f"{fmt_number(crit.max)} (đạt) hoặc 0 (không đạt)"
        return [error(where, "level-not-listed", f"{what} tiêu chí {crit.id} là {fmt_number(value)}, không phải "
                                                 f"một mức của tiêu chí: {listed}.")]
    return []


def check_report_sheet(report: m.SelfReport, sheet: m.Sheet, category: Optional[str] = None) -> List[Problem]:
    """A report against the sheet's methods: computed criteria are not scored but need their figure, a
    criterion not assigned is not also scored, targets are above 0, required evidence is there."""
    problems: List[Problem] = []
    unassigned: Dict[str, int] = {}
    for index, crit_id in enumerate(report.not_assigned):
        where = report.src.at("not_assigned", index)
        crit = sheet.criterion(crit_id)
        if crit is None:
            problems.append(error(where, "unknown-criterion", f"Không có tiêu chí '{crit_id}' trong bảng điểm năm "
                                                              f"{report.year}."))
            continue
        if sheet.unassigned == "none":
            problems.append(error(where, "unassigned-not-allowed",
                                  f"Báo cáo ghi tiêu chí {crit_id} không giao chỉ tiêu, nhưng bảng điểm không cho "
                                  "phép (khóa unassigned: scale hoặc full trong criteria.yaml)."))
        if crit_id in report.scores or (crit.figure is not None and crit.figure in report.figures and crit.computed):
            problems.append(error(where, "unassigned-scored",
                                  f"Tiêu chí {crit_id} vừa ghi là không giao chỉ tiêu vừa có điểm hoặc số liệu; "
                                  "bỏ một trong hai."))
        unassigned.setdefault(crit_id, index)
    used = set()
    for crit in sheet.criteria:
        if not crit.applies_to(category):
            if crit.figure is not None:
                used.add(crit.figure)
            continue
        if crit.computed:
            score = report.scores.get(crit.id)
            if score is not None:
                problems.append(error(score.src, "score-for-computed",
                                      f"Tiêu chí {crit.id} được tính từ số liệu '{crit.figure}' ({crit.method}); "
                                      "không tự ghi điểm, ghi số liệu trong figures."))
            if crit.figure is not None:
                used.add(crit.figure)
                if crit.figure not in report.figures and crit.id not in unassigned and sheet.figure(crit.figure):
                    problems.append(error(report.src.key_at("figures") if report.figures else report.src,
                                          "missing-figure",
                                          f"Thiếu số liệu '{crit.figure}' để tính điểm tiêu chí {crit.id} "
                                          f"(figures: {crit.figure}: {{value: ...}}), hoặc ghi tiêu chí vào "
                                          "not_assigned nếu không được giao."))
        if crit.scored_by and crit.id in report.scores:
            problems.append(error(report.scores[crit.id].src, "score-for-scorer",
                                  f"Tiêu chí {crit.id} do {', '.join(crit.scored_by)} chấm (scored_by); đơn vị không "
                                  "tự chấm tiêu chí này."))
        if crit.evidence and crit.id not in unassigned and crit.id not in report.evidence and \
                crit.id not in report.unreadable_evidence:
            score = report.scores.get(crit.id)
            problems.append(error(score.src if score else report.src.key_at("evidence") if report.evidence else report.src,
                                  "missing-evidence",
                                  f"Tiêu chí {crit.id} cần văn bản làm căn cứ (số, ngày, cơ quan ban hành) trong "
                                  f"evidence: {crit.id}: {{number: ..., date: ..., issuer: ...}}."))
    for figure_id, got in report.figures.items():
        if sheet.figure(figure_id) is None:
            problems.append(error(got.src, "unknown-figure",
                                  f"Không có số liệu '{figure_id}' trong figures của bảng điểm năm {report.year}."))
        elif figure_id not in used:
            problems.append(warning(got.src, "unused-figure",
                                    f"Số liệu '{figure_id}' không dùng để tính tiêu chí nào; bỏ qua."))
        if got.target is not None and got.target <= 0:
            problems.append(error(got.src.at("target"), "bad-target",
                                  f"Chỉ tiêu của số liệu '{figure_id}' là {fmt_number(got.target)}; chỉ tiêu phải "
                                  "lớn hơn 0 (không giao chỉ tiêu thì bỏ khóa target)."))
    for crit_id, ev in report.evidence.items():
        if sheet.criterion(crit_id) is None:
            problems.append(error(ev.src, "unknown-criterion", f"Không có tiêu chí '{crit_id}' trong bảng điểm năm "
                                                               f"{report.year}."))
    return problems


def check_scorers(sheet: m.Sheet, period: m.Period, members: Optional[set],
                  year_units: Optional[Dict[str, m.Unit]] = None) -> List[Problem]:
    """Each department's file: a declared scorer, scoring members, only its own criteria, within their
    maxima and levels; and every unit that reported has each of its scorers' scores."""
    problems: List[Problem] = []
    year_units = year_units or {}
    for stem, given in period.scorers.items():
        scorer = sheet.scorer(stem)
        if scorer is None:
            problems.append(error(given.src, "unknown-scorer",
                                  f"Tệp điểm của '{stem}', nhưng bảng điểm không có đơn vị chấm '{stem}' (scorers)."))
            continue
        if given.reviewer is not None and given.reviewer != stem:
            problems.append(error(given.src.at("reviewer"), "unit-mismatch",
                                  f"Tệp scores/{stem}.yaml ghi đơn vị chấm '{given.reviewer}'; tên tệp phải là mã "
                                  f"đơn vị chấm ({given.reviewer}.yaml)."))
        for unit_id, unit_scores in given.units.items():
            if members is not None and unit_id not in members:
                problems.append(_not_member(unit_id, unit_scores.src, "Đơn vị được chấm"))
            for crit_id, corr in unit_scores.scores.items():
                crit = sheet.criterion(crit_id)
                if crit is not None and stem not in crit.scored_by:
                    whose = ", ".join(crit.scored_by) or "đơn vị tự chấm"
                    problems.append(error(corr.src, "not-scorers-criterion",
                                          f"{scorer.name} chấm tiêu chí {crit_id}, nhưng tiêu chí này không phải của "
                                          f"{scorer.name} (scored_by: {whose})."))
                    continue
                problems += _score_on_sheet(sheet, crit_id, corr.value, corr.src, corr.src.at("score"),
                                            f"Điểm do {scorer.name} chấm,", period.reports[unit_id].year
                                            if unit_id in period.reports else sheet.year)
    for unit_id, report in period.reports.items():
        missing: Dict[str, List[str]] = {}
        unit = year_units.get(unit_id)
        for crit in sheet.criteria:
            if crit.id in report.not_assigned or not crit.applies_to(unit.category if unit else None):
                continue
            for scorer_id in crit.scored_by:
                given = period.scorers.get(scorer_id)
                unit_scores = given.units.get(unit_id) if given else None
                if sheet.scorer(scorer_id) is not None and (unit_scores is None or crit.id not in unit_scores.scores):
                    missing.setdefault(scorer_id, []).append(crit.id)
        for scorer_id, crit_ids in missing.items():
            given = period.scorers.get(scorer_id)
            unit_scores = given.units.get(unit_id) if given else None
            where = unit_scores.src if unit_scores else given.src if given else report.src
            problems.append(error(where, "missing-scorer-score",
                                  f"Chưa có điểm của '{unit_id}' do '{scorer_id}' chấm, tiêu chí "
                                  f"{', '.join(crit_ids)} ({period.name}/scores/{scorer_id}.yaml)."))
    return problems


def _fixed_items(items: Iterable[m.Item], cap: Optional[m.PointsCap], what: str) -> List[Problem]:
    """An item naming a kind of fixed points: the sheet lists that kind, and the item has its points."""
    problems: List[Problem] = []
    for item in items:
        if item.kind is None:
            continue
        fixed = cap.fixed_points(item.kind) if cap else None
        if fixed is None:
            known = ", ".join(f.kind for f in cap.fixed) if cap and cap.fixed else "không có loại nào"
            problems.append(error(item.src.at("kind"), "unknown-fixed-kind",
                                  f"Khoản {what} ghi loại '{item.kind}', không có trong fixed của bảng điểm ({known})."))
        elif item.points != fixed.points:
            problems.append(error(item.src.at("points"), "fixed-points-mismatch",
                                  f"Khoản {what} loại '{item.kind}' ({fixed.name}) được {fmt_number(fixed.points)} "
                                  f"điểm theo bảng điểm, nhưng ghi {fmt_number(item.points)}."))
    return problems


def _categories_known(sheet: m.Sheet, bloc: m.Bloc) -> List[Problem]:
    """A criterion for a category no unit of the bloc has is never scored: most likely a typo."""
    known = {u.category for u in bloc.units if u.category}
    problems: List[Problem] = []
    for crit in sheet.criteria:
        for index, category in enumerate(crit.categories):
            if category not in known:
                problems.append(warning(crit.src.at("categories", index), "unknown-category",
                                        f"Tiêu chí {crit.id} chỉ chấm nhóm '{category}', nhưng không đơn vị nào thuộc "
                                        f"nhóm này (các nhóm trong bloc.yaml: {', '.join(sorted(known)) or 'chưa có'})."))
    return problems
