"""Where the data and templates are: --data, THIDUA_DATA, ./data, or the bundled sample."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import List, Optional, Tuple

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


def resolve_data_dir(option: Optional[str]) -> Tuple[Path, bool]:
    """The data folder and whether it is the bundled sample (used when nothing else is found)."""
    if option is not None:
        if not option.strip():
            raise UsageError("Tùy chọn --data để trống; cần tên một thư mục dữ liệu (ví dụ --data data). Bỏ hẳn "
                             "--data để dùng thư mục mặc định.")
        path = Path(option)
        if not path.is_dir():
            raise UsageError(f"Không tìm thấy thư mục dữ liệu '{option}'.")
        return path, False
    env = os.environ.get("THIDUA_DATA")
    if env is not None and not env.strip():
        raise UsageError("Biến môi trường THIDUA_DATA để trống; đặt nó là tên một thư mục dữ liệu, hoặc bỏ hẳn nó "
                         "(unset THIDUA_DATA) để dùng thư mục mặc định.")
    if env:
        path = Path(env)
        if not path.is_dir():
            raise UsageError(f"Biến môi trường THIDUA_DATA trỏ tới '{env}', nhưng thư mục này không tồn tại.")
        return path, False
    local = Path("data")
    if local.is_dir():
        return local, False
    return bundled_root() / "data", True


def years(data_dir: Path) -> List[int]:
    """The years present in the data folder, in order."""
    try:
        return sorted(int(p.name) for p in data_dir.iterdir() if p.is_dir() and _YEAR_DIR.match(p.name))
    except OSError as exc:
        from thidua.fileio import os_reason

        raise ThiduaError(f"Không đọc được thư mục dữ liệu '{data_dir}': {os_reason(exc)}.") from exc


def resolve_year(data_dir: Path, year: Optional[int]) -> int:
    present = years(data_dir)
    if year is None:
        if not present:
            raise ThiduaError(f"Thư mục dữ liệu '{data_dir}' chưa có năm nào (cần các thư mục như '{data_dir}/2020').")
        return present[-1]
    if year not in present:
        have = ", ".join(str(y) for y in present) or "không có"
        raise ThiduaError(f"Không có dữ liệu năm {year} trong '{data_dir}' (các năm hiện có: {have}).")
    return year


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
