"""`thidua status`: who has sent the period's self-report, who is late, whose report has errors,
whose review is missing, against the deadlines of bloc.yaml (`deadlines:`).

A unit's report is looked for at `<year>/<period>/<unit>.yaml`. A file that is there but never
filled in (`SelfReport.blank`: what `thidua prepare` writes) is not sent; a file that is there
but cannot be read, or has errors, is said to be there and broken, never "not sent".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

from thidua import model as m
from thidua.commands.common import load_checked
from thidua.errors import DataError
from thidua.paths import display_path
from thidua.problems import ERROR, Problem

# a report's state
SENT, BLANK, MISSING, BROKEN = "sent", "blank", "missing", "broken"
# its review's state
REVIEWED, NOT_REVIEWED = "reviewed", "not-reviewed"


class UnitStatus(NamedTuple):
    unit: m.Unit
    file: str  # the report's path as shown, whether or not it exists
    report: str  # SENT, BLANK, MISSING or BROKEN
    submitted: Optional[dt.date]
    late_days: Optional[int]  # days after the deadline it was sent, or (not sent) the deadline is past; None: on time
    errors: Tuple[Problem, ...]  # the report's own errors
    review: Optional[str]  # REVIEWED, NOT_REVIEWED; None when there is nothing to review yet


class Status(NamedTuple):
    year: int
    period: str
    bloc: m.Bloc
    today: dt.date
    deadline: Optional[m.Deadline]
    units: Tuple[UnitStatus, ...]
    review_file: str
    review_exists: bool

    def count(self, state: str) -> int:
        return sum(1 for u in self.units if u.report == state)

    @property
    def review_late_days(self) -> Optional[int]:
        """Days past the review deadline while some sent report is not reviewed."""
        due = self.deadline.review if self.deadline else None
        if due is None or self.today <= due or not any(u.review == NOT_REVIEWED for u in self.units):
            return None
        return (self.today - due).days


def round_status(data_dir: Path, year: int, period: str, today: dt.date) -> Status:
    """Each unit's state in `period` of `year`, as of `today`."""
    checked = load_checked(data_dir, year, period)
    bloc = checked.year.bloc
    if bloc is None:
        raise DataError(f"Không đọc được bloc.yaml của năm {year}; chạy `thidua validate {year}` để xem lỗi.")
    folder = data_dir / str(year) / period
    data = checked.year.periods.get(period)
    reports: Dict[str, m.SelfReport] = dict(data.reports) if data else {}
    review = data.review if data else None
    deadline = bloc.deadlines.of(period) if bloc.deadlines else None
    by_file: Dict[str, List[Problem]] = {}
    for p in checked.problems:
        if p.level == ERROR:
            by_file.setdefault(p.src.file, []).append(p)
    units = []
    for unit in bloc.units:
        path = folder / f"{unit.id}.yaml"
        shown = display_path(path)
        report = reports.get(unit.id)
        errors = tuple(by_file.get(shown, ()))
        if errors or (report is None and path.exists()):
            state = BROKEN
        elif report is None:
            state = MISSING
        elif report.blank:
            state = BLANK
        else:
            state = SENT
        submitted = report.submitted if report is not None and state != BLANK else None
        units.append(UnitStatus(unit, shown, state, submitted, _late(state, submitted, deadline, today), errors,
                                _review_state(state, review, unit.id, submitted)))
    review_path = folder / "review.yaml"
    return Status(year, period, bloc, today, deadline, tuple(units), display_path(review_path),
                  review_path.exists())


def _late(state: str, submitted: Optional[dt.date], deadline: Optional[m.Deadline], today: dt.date) -> Optional[int]:
    due = deadline.reports if deadline else None
    if due is None:
        return None
    if state == SENT:
        when = submitted
        if when is None:
            return None  # sent without a date: nothing to compare
    else:
        when = today
    return (when - due).days if when > due else None


def _review_state(state: str, review: Optional[m.Review], unit_id: str, submitted: Optional[dt.date]) -> Optional[str]:
    """review.yaml holds only the chair's corrections: with it, every report sent by its date is reviewed
    (a unit it does not name kept its self-scores); a report sent after that date is not, unless named."""
    if state != SENT:
        return None
    if review is None:
        return NOT_REVIEWED
    if unit_id in review.units or review.date is None or submitted is None or submitted <= review.date:
        return REVIEWED
    return NOT_REVIEWED
