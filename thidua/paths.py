"""Where the data and templates are: --data, THIDUA_DATA, or the `data/` found from the working folder;
and which year a command works on."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import List, NamedTuple, Optional

from thidua.errors import ThiduaError, UsageError

_YEAR_DIR = re.compile(r"^\d{4}$")


def bundled_root() -> Path:
    """The folder holding the shipped `data/` and `templates/`.

    In a wheel they live in `thidua/_bundled`; in a source checkout, at the top level.
    """
    inside = Path(__file__).resolve().parent / "_bundled"
    if (inside / "data").is_dir():
        return inside
    return Path(__file__).resolve().parent.parent


SAMPLE_NAME = "mau"
"""`--data mau`: the bundled sample bloc, only when asked for by this name (a folder called mau is `--data ./mau`)."""


class DataFolder(NamedTuple):
    """The bloc's data folder, how it was found, and the year folder the user is working in (if any)."""

    path: Path
    sample: bool = False  # the bundled sample, asked for with `--data mau`
    here_year: Optional[int] = None  # the working folder is inside `path/<year>`


def resolve_data_dir(option: Optional[str], cwd: Optional[Path] = None) -> DataFolder:
    """The data folder: `--data` (or `mau`, the bundled sample), else THIDUA_DATA, else found as git
    finds its repository (`find_data_dir`). Never falls back to the sample: a UsageError says what
    was searched and what to do."""
    cwd = Path.cwd() if cwd is None else cwd
    if option is not None:
        if not option.strip():
            raise UsageError("Tùy chọn --data để trống; cần tên một thư mục dữ liệu (ví dụ --data data). Bỏ hẳn "
                             "--data để thidua tự tìm thư mục data/ của Khối.")
        if option == SAMPLE_NAME:
            return DataFolder(bundled_root() / "data", sample=True)
        return _given(Path(option), cwd, f"Không tìm thấy thư mục dữ liệu '{option}'.")
    env = os.environ.get("THIDUA_DATA")
    if env is not None and not env.strip():
        raise UsageError("Biến môi trường THIDUA_DATA để trống; đặt nó là tên một thư mục dữ liệu, hoặc bỏ hẳn nó "
                         "(unset THIDUA_DATA) để thidua tự tìm thư mục data/ của Khối.")
    if env:
        if env == SAMPLE_NAME:
            return DataFolder(bundled_root() / "data", sample=True)
        return _given(Path(env), cwd, f"Biến môi trường THIDUA_DATA trỏ tới '{env}', nhưng thư mục này không tồn tại.")
    found = find_data_dir(cwd)
    if found is None:
        raise UsageError(not_found_message(cwd, _search_top(cwd)))
    return _with_here(found, cwd)


def _given(path: Path, cwd: Path, missing: str) -> DataFolder:
    """A folder named by --data or THIDUA_DATA: the data folder itself, a bloc folder holding `data/`, or
    a year folder (its data folder, with that year as the default)."""
    if not path.is_dir():
        raise UsageError(missing)
    if not year_folders(path) and year_folders(path / "data"):
        path = path / "data"
    elif _YEAR_DIR.match(path.resolve().name) and _holds_years(path.resolve().parent):  # --data data/2026
        parent = path.parent if path.name not in ("", ".", "..") else path.resolve().parent
        return DataFolder(parent, here_year=int(path.resolve().name))
    return _with_here(path, cwd)


def _with_here(path: Path, cwd: Path) -> DataFolder:
    try:
        parts = cwd.resolve().relative_to(path.resolve()).parts
    except (OSError, ValueError):
        return DataFolder(path)
    here = int(parts[0]) if parts and _YEAR_DIR.match(parts[0]) else None
    return DataFolder(path, here_year=here)


def year_folders(folder: Path) -> List[Path]:
    """The year folders (`2026/`) directly inside `folder`; none when it cannot be listed."""
    try:
        return [p for p in folder.iterdir() if _YEAR_DIR.match(p.name) and p.is_dir()]
    except OSError:
        return []


def _holds_years(folder: Path) -> bool:
    """A folder that is itself a bloc's data folder: a year folder with the bloc's file."""
    return any((p / "bloc.yaml").is_file() or (p / "criteria.yaml").is_file() for p in year_folders(folder))


def find_data_dir(cwd: Path) -> Optional[Path]:
    """Walk up from `cwd`: the first folder with a `data/` of year folders, or that itself holds year
    folders with a bloc.yaml (run from `data/` or `data/2026/h1`). `./data` counts even with no year
    yet (its own error says so). Stops after a folder holding `.git`, as the bloc's repository ends
    there. The path is relative when under `cwd`, so messages show short names."""
    if (cwd / "data").is_dir():
        return Path("data") if cwd == Path.cwd() else cwd / "data"
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if folder != here and year_folders(folder / "data"):
            return _short(folder / "data", here)
        if _holds_years(folder):
            return _short(folder, here)
        if (folder / ".git").exists():
            return None
    return None


def _search_top(cwd: Path) -> Path:
    """The last folder `find_data_dir` looks in: the repository's top, or the root of the disk."""
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return Path(here.anchor)


def _short(path: Path, here: Path) -> Path:
    """`path` relative to the working folder (`../..` from data/2026/h1), as a user would type it."""
    try:
        return Path(os.path.relpath(path, here))
    except ValueError:  # another drive on Windows
        return path


def not_found_message(cwd: Path, top: Path) -> str:
    """No data folder: what was searched (from `cwd` up to `top`) and the three ways on."""
    where = (f"trong '{cwd}'" if top == cwd.resolve() else
             f"từ '{cwd}' đi lên tới '{top}'" + (" (thư mục gốc của kho git)" if (top / ".git").exists() else ""))
    return (f"Không tìm thấy thư mục dữ liệu của Khối: đã tìm thư mục data/ (chứa các thư mục năm như "
            f"data/2026/), hoặc thư mục chứa các thư mục năm, {where}. Cách tiếp tục:\n"
            "  - tạo Khối mới tại đây: thidua init\n"
            "  - chỉ rõ thư mục dữ liệu: thidua --data THƯ_MỤC LỆNH (hoặc đặt biến môi trường THIDUA_DATA)\n"
            f"  - xem thử trên Khối mẫu đi kèm: thidua --data {SAMPLE_NAME} LỆNH")


def years(data_dir: Path) -> List[int]:
    """The years present in the data folder, in order."""
    try:
        return sorted(int(p.name) for p in data_dir.iterdir() if p.is_dir() and _YEAR_DIR.match(p.name))
    except OSError as exc:
        from thidua.fileio import os_reason

        raise ThiduaError(f"Không đọc được thư mục dữ liệu '{data_dir}': {os_reason(exc)}.") from exc


def resolve_year(data_dir: Path, year: Optional[int]) -> int:
    """`year` if its folder is there, else the latest year folder (the year `rotate-chair` and a new
    round start from; the other commands work on `working_year`)."""
    present = years(data_dir)
    if year is None:
        if not present:
            raise ThiduaError(f"Thư mục dữ liệu '{data_dir}' chưa có năm nào (cần các thư mục như '{data_dir}/2020').")
        return present[-1]
    if year not in present:
        have = ", ".join(str(y) for y in present) or "không có"
        raise ThiduaError(f"Không có dữ liệu năm {year} trong '{data_dir}' (các năm hiện có: {have}).")
    return year


RESERVED_STEMS = ("review", "summary", "ballots")
"""Period files that are not a unit's self-report."""


def has_reports(data_dir: Path, year: int, period: Optional[str] = None) -> bool:
    """True if `year` (one period, or either) holds a unit's self-report file, readable or not."""
    for name in (period,) if period else ("h1", "year"):
        try:
            entries = os.listdir(data_dir / str(year) / name)
        except OSError:
            continue
        if any(e.endswith(".yaml") and not e.startswith(".") and e[:-5] not in RESERVED_STEMS for e in entries):
            return True
    return False


def working_year(data_dir: Path, year: Optional[int], here_year: Optional[int] = None) -> int:
    """The year a command works on: `year` if given; else the year folder the user is in; else the
    latest year that has self-reports, so that the empty year `rotate-chair` opens does not take over
    before its first report; else the latest year folder."""
    if year is not None:
        return resolve_year(data_dir, year)
    present = years(data_dir)
    if here_year in present:
        return here_year  # type: ignore[return-value]
    with_reports = [y for y in present if has_reports(data_dir, y)]
    return with_reports[-1] if with_reports else resolve_year(data_dir, None)


def years_with_reports(data_dir: Path, period: Optional[str] = None) -> List[int]:
    """The years whose folder holds self-reports (of `period`, or of either)."""
    return [y for y in years(data_dir) if has_reports(data_dir, y, period)]


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def is_inside(path: Path, root: Path) -> bool:
    """True if `path`, with symlinks resolved, stays inside `root`."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False
