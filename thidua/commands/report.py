"""`thidua report`: the report of a period, its score table, the proposal letter or the minutes, as bytes.

The year is loaded once; its ranking and proposals come from that load, and the typed context
(`thidua.rendering.documents.context`) is rendered with the templates (`...documents.render`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from thidua import model as m
from thidua.checks import check_year
from thidua.commands.common import CheckedYear, load_checked, no_reports, refusal
from thidua.commands.nominate import earlier_years
from thidua.errors import DataError, ThiduaError, UsageError
from thidua.reading.loader import load_year
from thidua.rendering.documents import achievement, covenant
from thidua.rendering.documents import context as rc
from thidua.rendering.documents.render import render, template_dirs
from thidua.scoring import rank_year

YEAR_ONLY = ("to-trinh", "bien-ban", "thanh-tich")  # documents of the year-end only
EARLY = ("giao-uoc", "dang-ky")  # documents of the year's start: bloc.yaml (and criteria.yaml) only
UNIT_KINDS = ("thanh-tich", "dang-ky")  # documents of one unit (--unit)


def render_report(data_dir: Path, year: int, period: str, kind: str, fmt: str, unit: Optional[str] = None) -> bytes:
    """The bytes of one document of `year` (`period` "h1" or "year") in the format asked for;
    `unit`: the unit of an achievement report (`thanh-tich`)."""
    if kind not in rc.KINDS:
        raise UsageError(f"Loại văn bản '{kind}' không có (chọn: {', '.join(rc.KINDS)}).")
    if kind in YEAR_ONLY and period != "year":
        raise UsageError(f"{rc.DOC_WORDS[kind].capitalize()} chỉ lập cho cả năm; bỏ tùy chọn --half.")
    if unit is not None and kind not in UNIT_KINDS:
        raise UsageError("Tùy chọn --unit chỉ dùng với --kind thanh-tich (Báo cáo thành tích) hoặc --kind dang-ky "
                         "(Bản đăng ký thi đua).")
    context = build_context(data_dir, year, period, kind, unit)
    return render(context, fmt, template_dirs(data_dir))


def _load(data_dir: Path, year: int, period: str) -> m.Year:
    """The loaded year; DataError when files the document needs have errors (the other period's do not).

    A year-end document reads only the year's files and year/ (at 1,000 units `report -o x.docx`
    takes 1.65 s CPU instead of 2.58 s, 102 MB instead of 118); the h1 report reads h1/ and, of
    year/, the two files that date the year end, since its award names come from the rules judged
    on that day (`load_year`'s `year_end_dates`: at 1,000 units `report --half 1 -o x.docx`
    takes 1.65 s CPU instead of 2.43 s, 101 MB instead of 116)."""
    loaded, problems = load_year(data_dir, year, period, year_end_dates=True)
    checked = CheckedYear(loaded, problems + check_year(loaded))
    others = [os.path.normpath(os.path.join(loaded.folder, p)) for p in m.PERIODS if p != period]
    errors = [p for p in checked.errors
              if not any(os.path.normpath(p.src.file).startswith(o + os.sep) for o in others)]
    if errors:
        raise refusal(year, len(errors), "chưa lập được văn bản")
    if loaded.bloc is None:
        raise DataError(f"Năm {year} thiếu bloc.yaml; chạy `thidua validate {year}`.")
    return loaded


def _ranking(loaded: m.Year, period: str):
    """The period's ranking, or None when no unit has reported yet."""
    data = loaded.periods.get(period)
    if data is None or not data.sent or loaded.sheet is None:
        return None
    return rank_year(loaded, period)


def build_context(data_dir: Path, year: int, period: str, kind: str, unit: Optional[str] = None):
    """The typed context of one document of the year."""
    if kind in EARLY:
        return _early(data_dir, year, kind, unit)
    loaded = _load(data_dir, year, period)
    ranking = _ranking(loaded, period)
    if ranking is None and loaded.sheet is not None:  # never an empty document with exit 0
        raise no_reports(data_dir, year, period, "report", f"chưa lập được {rc.DOC_WORDS[kind].lower()}")
    if kind == "bao-cao":
        nominations = _nominations(data_dir, loaded, ranking) if period == "year" else None
        return rc.build_report(loaded, period, ranking, rc.award_proposals(loaded, nominations))
    if kind == "bang-diem":
        if ranking is None:
            raise ThiduaError(f"Chưa có báo cáo tự chấm điểm {m.PERIOD_WORDS[period]} {year} của đơn vị nào, nên chưa "
                              "lập được bảng tổng hợp điểm.")
        return rc.build_scores(loaded, period, ranking)
    if ranking is None:
        raise ThiduaError(f"Chưa có báo cáo tự chấm điểm cả năm {year} của đơn vị nào, nên chưa lập được "
                          f"{rc.DOC_WORDS[kind].lower()}.")
    if loaded.awards is None:
        raise DataError(f"Năm {year} chưa có tệp awards.yaml (quy định đề nghị khen thưởng) nên chưa lập được "
                        f"{rc.DOC_WORDS[kind].lower()}.")
    nominations = _nominations(data_dir, loaded, ranking)
    if kind == "to-trinh":
        return rc.build_letter(loaded, ranking, nominations)
    if kind == "thanh-tich":
        return _achievement(data_dir, loaded, ranking, nominations, unit)
    return rc.build_minutes(loaded, ranking, nominations)


def _nominations(data_dir: Path, loaded: m.Year, ranking: Optional[object]):
    """The year-end proposals (`thidua.awards.nominate`); None before a ranking or without awards.yaml."""
    if ranking is None or loaded.awards is None:
        return None
    from thidua.awards.nominate import nominate_ranked

    return nominate_ranked(loaded, ranking, earlier_years(data_dir))


def _achievement(data_dir: Path, loaded: m.Year, ranking, nominations, unit: Optional[str]):
    """The Báo cáo thành tích of a proposed unit, with its earlier years from `thidua history`."""
    proposed = achievement.proposed_units(loaded, nominations)
    choices = ", ".join(f"{u} ({name})" for u, name in proposed.items()) or "chưa có đơn vị nào được đề nghị"
    if unit is None:
        raise UsageError(f"Báo cáo thành tích lập cho một đơn vị: ghi --unit MÃ (đơn vị được đề nghị: {choices}).")
    if unit not in proposed:
        raise UsageError(f"Đơn vị '{unit}' không được đề nghị khen thưởng năm {loaded.year}, nên không lập Báo cáo "
                         f"thành tích (đơn vị được đề nghị: {choices}).")
    from thidua.commands.history import histories

    try:
        found = histories(data_dir, unit)
    except ThiduaError:
        found = ()
    lines = found[0].lines if found else ()
    return achievement.build_achievement(loaded, ranking, nominations, unit, lines)


def _early(data_dir: Path, year: int, kind: str, unit: Optional[str]):
    """The covenant or a unit's registration: they need the year's bloc.yaml only, before any report."""
    checked = load_checked(data_dir, year)
    loaded = checked.year
    bloc_file = os.path.normpath(os.path.join(loaded.folder, "bloc.yaml"))
    errors = [p for p in checked.errors if os.path.normpath(p.src.file) == bloc_file]
    if errors:
        raise refusal(year, len(errors), "chưa lập được văn bản")
    if loaded.bloc is None:
        raise DataError(f"Năm {year} thiếu bloc.yaml; chạy `thidua validate {year}`.")
    if kind == "giao-uoc":
        return covenant.build_covenant(loaded)
    units = ", ".join(loaded.bloc.unit_ids)
    if unit is None:
        raise UsageError(f"Bản đăng ký thi đua lập cho một đơn vị: ghi --unit MÃ (các đơn vị: {units}).")
    if loaded.bloc.unit(unit) is None:
        raise UsageError(f"'{unit}' không phải đơn vị thành viên năm {year} (các đơn vị: {units}).")
    return covenant.build_registration(loaded, unit)
