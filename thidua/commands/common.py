"""What the commands share: load a year once, check it, refuse on errors; write a file they were asked for.

The domain and rendering modules take the records this gives them and never read or write files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.checks import check_year
from thidua.errors import DataError, ThiduaError, UsageError
from thidua.problems import ERROR, Problem, did_you_mean, folded
from thidua.reading.loader import load_year


def period_of(half: Optional[str]) -> str:
    """`--half 1` -> "h1"; no --half -> "year"."""
    return "h1" if half == "1" else "year"


class CheckedYear(NamedTuple):
    """A loaded year and every problem of it (loading and meaning), unsorted."""

    year: m.Year
    problems: List[Problem]

    @property
    def errors(self) -> List[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level != ERROR)


def load_checked(data_dir: Path, year: int, period: Optional[str] = None) -> CheckedYear:
    """Load `data_dir/<year>` and run every check; with `period`, the other period's folder is not
    read (see `load_year`), so its errors do not stop a command that works on one period."""
    loaded, problems = load_year(data_dir, year, period)
    return CheckedYear(loaded, problems + check_year(loaded))


def refusal(year: int, errors: int, not_done: str) -> DataError:
    """'Dữ liệu năm 2020 còn 3 lỗi nên chưa xếp hạng được. ...': `not_done` says what could not be done."""
    return DataError(f"Dữ liệu năm {year} còn {errors} lỗi nên {not_done}. "
                     f"Chạy `thidua validate {year}` để xem và sửa.")


def usable_year(data_dir: Path, year: int, period: Optional[str], not_done: str) -> CheckedYear:
    """The checked year (see `load_checked`); DataError (see `refusal`) when it has errors."""
    checked = load_checked(data_dir, year, period)
    errors = len(checked.errors)
    if errors:
        raise refusal(year, errors, not_done)
    return checked


def no_reports(data_dir: Path, year: int, period: str, command: str, not_done: str) -> ThiduaError:
    """No unit's self-report for `period` of `year`: say so, and which year has them
    (`thidua rank 2020`), so that the empty year `rotate-chair` opened does not look like lost data."""
    from thidua.paths import display_path, years_with_reports

    def run(y: int, p: str) -> str:
        return f"`thidua {command} {y}{' --half 1' if p == 'h1' else ''}`"

    words = m.PERIOD_WORDS[period]
    text = (f"Chưa có báo cáo tự chấm điểm nào cho kỳ {words} của năm {year} (thư mục "
            f"{display_path(data_dir / str(year) / period)}/), nên {not_done}.")
    others = [y for y in years_with_reports(data_dir, period) if y != year]
    if others:
        text += f" Năm có báo cáo tự chấm điểm {words}: {', '.join(map(str, others))}; ví dụ {run(others[-1], period)}."
    other_period = "year" if period == "h1" else "h1"
    if year in years_with_reports(data_dir, other_period):
        text += f" Năm {year} đã có báo cáo {m.PERIOD_WORDS[other_period]}: {run(year, other_period)}."
    if not others:
        text += (f" Văn thư các đơn vị gửi báo cáo vào {display_path(data_dir / str(year) / period)}/<mã đơn vị>.yaml "
                 "(mẫu: `thidua export-sheet --unit <mã>`).")
    return ThiduaError(text)


def latest_unit_ids(data_dir: Path) -> Tuple[str, ...]:
    """Unit ids of the latest year's bloc.yaml (for shell completion); empty when unreadable."""
    from thidua.paths import years

    present = years(data_dir)
    if not present:
        return ()
    loaded, _ = load_year(data_dir, present[-1])
    return loaded.bloc.unit_ids if loaded.bloc else ()


def refuse_existing(output: Optional[str], force: bool) -> None:
    """Stop before any work when -o names an existing file and --force is absent."""
    if not output or force:
        return
    from thidua.fileio import existing_kind

    if existing_kind(Path(output)) is not None:
        raise ThiduaError(f"Tệp '{output}' đã có; thêm --force để ghi đè, hoặc chọn tên tệp khác.")


def save(output: str, data: bytes, force: bool) -> None:
    """Write a command's output file atomically (see `thidua.fileio.write_atomic`)."""
    from thidua.fileio import write_atomic

    write_atomic(Path(output), data, force)


# --- a unit named on the command line ------------------------------------------------------------

def unit_named(given: str, names: Mapping[str, Sequence[str]], where: str, by_name: bool = True) -> str:
    """The id of the unit `given` names: its id, or (`by_name`) its full or short name as `folded`; else a
    UsageError that suggests the closest ids and names. `names`: each unit id's names, in the order the
    ids are listed; `where`: 'trong Khối năm 2020'."""
    if given in names:
        return given
    by_folded: Dict[str, str] = {}
    shown: Dict[str, str] = {}
    for unit, texts in names.items():
        for text in texts:
            if text:
                by_folded.setdefault(folded(text), unit)
                shown.setdefault(folded(text), f"{text} ({unit})")
    if by_name and folded(given) in by_folded:
        return by_folded[folded(given)]
    hint = did_you_mean(given, list(names)) or did_you_mean(folded(given), shown)
    what = " (mã hoặc tên)" if by_name else ""
    raise UsageError(f"Không có đơn vị '{given}'{what} {where}.{hint} Các mã đơn vị: {', '.join(names)} "
                     "(xem: thidua units).")


def bloc_unit(bloc: m.Bloc, given: str, by_name: bool = True) -> m.Unit:
    """The member of `bloc` that `given` names (see `unit_named`)."""
    names = {u.id: (u.name, u.short_name or "") for u in bloc.units}
    unit = bloc.unit(unit_named(given, names, f"trong {bloc.titles.bloc} năm {bloc.year}", by_name))
    assert unit is not None
    return unit
