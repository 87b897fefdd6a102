"""Load a year's folder into typed records, collecting every problem on the way."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from thidua import model as m
from thidua.reading import formats
from thidua.paths import display_path, is_inside
from thidua.problems import Problem, Src, error, warning
from thidua.reading.spec import INVALID, Ctx, convert_file
from thidua.reading.yamlread import read_yaml

YEAR_FILES = {"bloc.yaml": "bloc", "criteria.yaml": "criteria", "awards.yaml": "awards"}
PERIOD_FILES = {"review.yaml": "review", "summary.yaml": "summary"}
RESERVED_STEMS = {"review", "summary", "ballots"}


def load_file(path: Path, kind: str, problems: List[Problem], name: Optional[str] = None):
    """Read and convert one file of a known kind; None if it could not be read or built.

    `name` is the path shown in messages (`display_path(path)` unless the caller has it)."""
    name = name or display_path(path)
    root, read_problems = read_yaml(str(path), name)
    problems.extend(read_problems)
    if root is None and read_problems:
        return None
    value = convert_file(root, formats.KINDS[kind], Ctx(problems), Src(name, 1, 1))
    return None if value is INVALID else value


def _safe(path: Path, root: Path, problems: List[Problem]) -> bool:
    if path.is_symlink() and not is_inside(path, root):
        what = "Thư mục" if path.is_dir() else "Tệp"
        problems.append(error(Src(display_path(path), 1, 1), "symlink-outside",
                              f"{what} là liên kết (symlink) trỏ ra ngoài thư mục dữ liệu; không đọc."))
        return False
    return True


def _shown(path: Path) -> str:
    """A path for the unread-file warning; a folder ends with '/'."""
    return display_path(path) + ("/" if path.is_dir() else "")


_BACKUP = re.compile(r"\.bak-\d{8}-\d{6}(?:-\d+)?$")
"""The backups thidua itself keeps (see `thidua.fileio.backup`): known, so not 'unread'."""


def _listing(folder: Path, problems: List[Problem]) -> Optional[List[Path]]:
    """The entries of `folder` that thidua looks at, sorted; None (with a `folder-unreadable` error)
    when the folder exists but cannot be listed: nothing in it was read, so nothing may be called missing."""
    try:
        names = sorted(n for n in os.listdir(folder) if not n.startswith(".") and not _BACKUP.search(n))
    except FileNotFoundError:  # no year folder: each missing file is reported on its own
        return []
    except OSError as exc:
        reason = ("không có quyền đọc" if isinstance(exc, PermissionError)
                  else f"lỗi hệ thống {errno.errorcode.get(exc.errno or 0, exc.errno)}")
        problems.append(error(Src(display_path(folder), 1, 1), "folder-unreadable",
                              f"Không đọc được thư mục {display_path(folder)}/ ({reason}); không tệp nào trong "
                              "thư mục này được đọc hay kiểm tra. Hãy cấp quyền đọc thư mục cho người chạy thidua."))
        return None
    return [folder / n for n in names]


def load_year(data_dir: Path, year: int, only: Optional[str] = None,
              year_end_dates: bool = False) -> Tuple[m.Year, List[Problem]]:
    """Load `data_dir/<year>`; problems include unreadable, malformed and unread files.

    With `only` (a period: "h1" or "year"), the other period's folder is neither read nor checked: a
    command that works on one period reads half the files. With `year_end_dates` as well, year/'s
    summary.yaml and ballots.yaml are read (and nothing else of year/): they say the day the year's
    award rules are judged on (`thidua.awards.rules.reference_date`).
    """
    problems: List[Problem] = []
    folder = data_dir / str(year)
    found: Dict[str, object] = {}
    periods: Dict[str, m.Period] = {}
    ballots: Optional[m.Ballots] = None
    other: List[str] = []

    year_files = _listing(folder, problems) if _safe(folder, data_dir, problems) else []
    for path in year_files or ():
        if path.is_dir() and path.name in m.PERIODS:
            dates_only = only is not None and path.name != only
            if dates_only and not (year_end_dates and path.name == "year"):
                continue
            if not _safe(path, data_dir, problems):
                continue
            loaded = _load_period(path, data_dir, problems, other, YEAR_END_DATES if dates_only else None)
            if loaded is None:
                continue
            period, period_ballots = loaded
            periods[path.name] = period
            if period_ballots is not None:
                ballots = period_ballots
        elif path.is_file() and path.name in YEAR_FILES:
            if _safe(path, data_dir, problems):
                found[YEAR_FILES[path.name]] = load_file(path, YEAR_FILES[path.name], problems)
        else:
            other.append(_shown(path))

    for name, kind in YEAR_FILES.items():
        if kind not in found and kind != "awards" and year_files is not None:
            problems.append(error(Src(display_path(folder / name), 1, 1), "missing-file",
                                  f"Thiếu tệp {name} của năm {year}."))
    year_data = m.Year(
        year=year,
        folder=display_path(folder),
        bloc=found.get("bloc"),  # type: ignore[arg-type]
        sheet=found.get("criteria"),  # type: ignore[arg-type]
        awards=found.get("awards"),  # type: ignore[arg-type]
        periods=m.frozen_map(periods),
        ballots=ballots,
        other_files=tuple(other),
    )
    return year_data, problems


YEAR_END_DATES = ("summary.yaml", "ballots.yaml")
"""The files of year/ that say when the year ends (the conference, the ballot)."""


_COPY_NAME = re.compile(r"^(?P<unit>.+?)(?: ?\((?P<n>\d{1,3})\)| - (?:Copy|Bản sao)(?: \(\d{1,3}\))?)$")
"""The names a browser gives a second download (`thue-tinh (1).yaml`) or Windows a copy
(`thue-tinh - Copy.yaml`, `thue-tinh - Bản sao.yaml`)."""


def unit_of_file(stem: str) -> Tuple[str, bool]:
    """The unit a self-report's file name stands for, and whether the name is a download's or a copy's."""
    found = _COPY_NAME.match(stem)
    return (found.group("unit"), True) if found else (stem, False)


def _load_period(folder: Path, data_dir: Path, problems: List[Problem], other: List[str],
                 names: Optional[Tuple[str, ...]] = None) -> Optional[Tuple[m.Period, Optional[m.Ballots]]]:
    """The period in `folder` and its ballots; None when the folder cannot be listed. With `names`,
    only those files are read (the others are neither read nor called unread).

    A self-report named as a browser's second download (`thue-tinh (1).yaml`) is read as the unit's
    report, with a warning, when it is the unit's only file; beside `thue-tinh.yaml` it is an error
    (two reports for one unit) and is not read. A report that is there but cannot be read is kept in
    `Period.broken`, so that no check calls the unit's report missing."""
    listing = _listing(folder, problems)
    if listing is None:
        return None
    if names is not None:
        listing = [path for path in listing if path.name in names]
    reports: Dict[str, m.SelfReport] = {}
    broken: Dict[str, str] = {}
    scorers: Dict[str, m.Review] = {}
    review = summary = None
    ballots = None
    shown = display_path(folder)  # once per folder: a period can hold thousands of files
    copies: List[Tuple[Path, str, str]] = []
    for path in listing:
        if path.name == "scores" and path.is_dir() and _safe(path, data_dir, problems):
            scorers.update(_load_scorers(path, data_dir, problems, other))
            continue
        if not path.is_file() or path.suffix != ".yaml":
            other.append(_shown(path))
            continue
        if not _safe(path, data_dir, problems):
            continue
        name = path.name if shown == "." else os.path.join(shown, path.name)
        if path.name in PERIOD_FILES:
            value = load_file(path, PERIOD_FILES[path.name], problems, name)
            if PERIOD_FILES[path.name] == "review":
                review = value
            else:
                summary = value
        elif path.name == "ballots.yaml":
            if folder.name != "year":
                other.append(name)
                continue
            ballots = load_file(path, "ballots", problems, name)
        else:
            unit, copy = unit_of_file(path.stem)
            if copy:
                copies.append((path, name, unit))
            else:
                _load_report(path, name, unit, problems, reports, broken)
    for path, name, unit in copies:  # after the plain names, whatever the sort order
        plain = f"{unit}.yaml"
        if unit in reports or unit in broken:
            first = os.path.basename(reports[unit].src.file) if unit in reports else os.path.basename(broken[unit])
            problems.append(error(Src(name, 1, 1), "duplicate-report",
                                  f"Tệp {path.name} là bản tải lần hai (hoặc bản sao) của báo cáo đơn vị '{unit}', "
                                  f"mà thư mục đã có {first}: hai báo cáo cho một đơn vị. Giữ bản đúng với tên "
                                  f"{plain}, xóa hoặc chuyển bản kia ra khỏi thư mục; tệp này chưa được đọc."))
            continue
        problems.append(warning(Src(name, 1, 1), "copy-name",
                                f"Tên tệp {path.name} là tên trình duyệt đặt khi tải lần hai (hoặc tên bản sao); "
                                f"thidua đọc tệp này như báo cáo của đơn vị '{unit}'. Đổi tên tệp thành {plain}."))
        _load_report(path, name, unit, problems, reports, broken)
    period = m.Period(folder.name, m.frozen_map(reports), review, summary, broken=m.frozen_map(broken),
                      scorers=m.frozen_map(scorers))
    return period, ballots


def _load_report(path: Path, name: str, unit: str, problems: List[Problem], reports: Dict[str, m.SelfReport],
                 broken: Dict[str, str]) -> None:
    report = load_file(path, "self-report", problems, name)
    if report is None:
        broken[unit] = name
    else:
        reports[unit] = report


def _load_scorers(folder: Path, data_dir: Path, problems: List[Problem], other: List[str]) -> Dict[str, m.Review]:
    """`<period>/scores/<scorer>.yaml`: each department's scores of every unit, in review.yaml's format."""
    found: Dict[str, m.Review] = {}
    for path in _listing(folder, problems) or ():
        if path.is_file() and path.suffix == ".yaml":
            if not _safe(path, data_dir, problems):
                continue
            value = load_file(path, "review", problems)
            if value is not None:
                found[path.stem] = value
        else:
            other.append(_shown(path))
    return found
