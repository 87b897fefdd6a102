"""The round's status (`thidua status`) as a table, JSON or GitHub annotations; the deadlines as an
iCalendar file (RFC 5545, `--ics`).

The calendar is plain text made here (no library): one all-day event a deadline, CRLF line ends,
lines folded at 75 octets, and nothing that changes from one run to the next (the UID and DTSTAMP
come from the bloc and the date), so a committed .ics changes only when a deadline does.
"""

from __future__ import annotations

import datetime as dt
from typing import List, Optional, Sequence, Tuple

from thidua import model as m
from thidua.numbers import fmt_date_short
from thidua.problems import ERROR, WARNING, Problem, Src, format_github
from thidua.rendering import table

REPORT_WORDS = {"sent": "đã gửi", "blank": "chưa gửi (mẫu chưa điền)", "missing": "chưa gửi (chưa có tệp)",
                "broken": "có tệp nhưng lỗi"}
REVIEW_WORDS = {"reviewed": "đã thẩm định", "not-reviewed": "chưa thẩm định"}


def _report_cell(u) -> str:
    if u.report == "sent":
        return f"đã gửi {fmt_date_short(u.submitted)}" if u.submitted else "đã gửi (chưa ghi ngày gửi)"
    if u.report == "broken":
        count = len(u.errors)
        return f"có tệp nhưng lỗi ({count} lỗi)" if count else "có tệp nhưng không đọc được"
    return REPORT_WORDS[u.report]


def _deadline_cell(u, status) -> str:
    due = status.deadline.reports if status.deadline else None
    if due is None:
        return ""
    if u.late_days is not None:
        return f"muộn {u.late_days} ngày" if u.report == "sent" else f"quá hạn {u.late_days} ngày"
    if u.report == "sent":
        return "đúng hạn" if u.submitted else ""
    left = (due - status.today).days
    return "hạn hôm nay" if left == 0 else f"còn {left} ngày"


def _columns(status) -> Tuple[table.Column, ...]:
    return (
        table.Column("Đơn vị", lambda u: u.unit.label),
        table.Column("Báo cáo", _report_cell),
        table.Column("Hạn gửi", lambda u: _deadline_cell(u, status), optional=True),
        table.Column("Thẩm định", lambda u: REVIEW_WORDS.get(u.review or "", "")),
    )


def _when(status) -> str:
    return f"{m.PERIOD_WORDS[status.period]} {status.year}"


def _deadline_line(deadline: Optional[m.Deadline]) -> str:
    if deadline is None or not any((deadline.reports, deadline.review, deadline.conference)):
        return "Chưa có hạn của kỳ này trong bloc.yaml (mục deadlines), nên chưa xét nộp đúng hạn hay muộn."
    parts = [f"{what} {fmt_date_short(day)}" for what, day in (
        ("hạn gửi báo cáo", deadline.reports), ("hạn thẩm định", deadline.review),
        ("Hội nghị", deadline.conference)) if day]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def summary(status) -> str:
    """'Đã gửi 5/7 đơn vị; chưa gửi 1; có tệp nhưng lỗi 1; nộp muộn 1; chưa thẩm định 2.'"""
    units = status.units
    parts = [f"Đã gửi {status.count('sent')}/{len(units)} đơn vị"]
    waiting = status.count("missing") + status.count("blank")
    if waiting:
        parts.append(f"chưa gửi {waiting}")
    if status.count("broken"):
        parts.append(f"có tệp nhưng lỗi {status.count('broken')}")
    late = sum(1 for u in units if u.late_days is not None)
    if late:
        parts.append(f"nộp muộn hoặc quá hạn {late}")
    unreviewed = sum(1 for u in units if u.review == "not-reviewed")
    if unreviewed:
        parts.append(f"chưa thẩm định {unreviewed}")
    line = "; ".join(parts) + "."
    if status.review_late_days is not None:
        line += f" Đã quá hạn thẩm định {status.review_late_days} ngày."
    return line


def status_text(status) -> str:
    head = [f"{status.bloc.name}: kỳ {_when(status)}, tính đến ngày {fmt_date_short(status.today)}.",
            _deadline_line(status.deadline), ""]
    lines = head + [table.text(_columns(status), status.units), "", summary(status)]
    broken = [u for u in status.units if u.report == "broken"]
    if broken:
        lines.append(f"Xem lỗi: thidua validate {status.year}")
    return "\n".join(lines)


def _iso(day: Optional[dt.date]) -> Optional[str]:
    return day.isoformat() if day else None


def status_json(status) -> str:
    d = status.deadline
    return table.json_text({
        "year": status.year,
        "period": status.period,
        "today": status.today.isoformat(),
        "deadlines": {"reports": _iso(d.reports if d else None), "review": _iso(d.review if d else None),
                      "conference": _iso(d.conference if d else None)},
        "summary": summary(status),
        "units": [{
            "id": u.unit.id,
            "name": u.unit.name,
            "file": u.file,
            "report": u.report,
            "submitted": _iso(u.submitted),
            "late_days": u.late_days,
            "errors": len(u.errors),
            "review": u.review,
        } for u in status.units],
    })


def status_problems(status) -> List[Problem]:
    """The status as problems at each report's file, for GitHub annotations."""
    found = []
    for u in status.units:
        name, src = u.unit.label, Src(u.file, 1, 1)
        if u.report == "broken":
            found.append(Problem(src, ERROR, "report-broken", f"{name}: {_report_cell(u)}; chạy `thidua validate "
                                                               f"{status.year}` để xem."))
        elif u.report in ("missing", "blank"):
            late = f", quá hạn {u.late_days} ngày" if u.late_days is not None else ""
            found.append(Problem(src, WARNING, "report-not-sent", f"{name}: {REPORT_WORDS[u.report]}{late}."))
        elif u.late_days is not None:
            found.append(Problem(src, WARNING, "report-late", f"{name}: gửi muộn {u.late_days} ngày."))
        if u.review == "not-reviewed":
            found.append(Problem(Src(status.review_file, 1, 1), WARNING, "review-missing",
                                 f"{name}: báo cáo đã gửi nhưng chưa có kết quả thẩm định trong review.yaml."))
    return found


def status_github(status) -> str:
    text = format_github(status_problems(status))
    notice = f"::notice title=thidua status::{summary(status)}"
    return f"{text}\n{notice}" if text else notice


# --- the calendar ----------------------------------------------------------

_EVENTS = (("reports", "Hạn gửi báo cáo tự chấm điểm"), ("review", "Hạn thẩm định điểm của {chair}"),
           ("conference", "Hội nghị"))
_KIND_WORDS = {"h1": "sơ kết 6 tháng đầu năm", "year": "tổng kết năm"}


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> List[str]:
    """RFC 5545 3.1: lines of at most 75 octets, continued with a leading space; never inside a letter."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def calendar(bloc: m.Bloc, periods: Sequence[str] = m.PERIODS) -> str:
    """The deadlines of `bloc.deadlines` as a VCALENDAR, one all-day event each, with a reminder
    three days before."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//thidua//status//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_escape(f'{bloc.name} {bloc.year}')}"]
    slug = bloc.code.encode("ascii", "ignore").decode().lower() or "khoi"
    for period in periods:
        deadline = bloc.deadlines.of(period) if bloc.deadlines else None
        if deadline is None:
            continue
        for field, words in _EVENTS:
            day = getattr(deadline, field)
            if day is None:
                continue
            title = f"{words.format(chair=bloc.titles.chair)} {_KIND_WORDS[period]} {bloc.year}" if field != "conference" else \
                f"Hội nghị {_KIND_WORDS[period]} {bloc.year}"
            stamp = day.strftime("%Y%m%d")
            lines += ["BEGIN:VEVENT",
                      f"UID:thidua-{bloc.year}-{period}-{field}@{slug}.thidua",
                      f"DTSTAMP:{stamp}T000000Z",
                      f"DTSTART;VALUE=DATE:{stamp}",
                      f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
                      f"SUMMARY:{_ics_escape(title)}",
                      f"DESCRIPTION:{_ics_escape(bloc.name + ' (thidua status)')}",
                      "TRANSP:TRANSPARENT",
                      "BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_ics_escape(title)}", "TRIGGER:-P3D",
                      "END:VALARM",
                      "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
