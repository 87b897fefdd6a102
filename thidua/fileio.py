"""Safe file writes: atomic replace (temp file in the same folder, then a rename) and backups."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Optional

from thidua.errors import ThiduaError
from thidua.paths import display_path


def write_atomic(path: Path, data: bytes, force: bool) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of it.

    Refuses (ThiduaError) when `path` exists and `force` is False. The temporary file is a hidden
    sibling (`.<name>.<random>.tmp`, ignored by the loader) and is removed on any failure.
    """
    path = Path(path)
    if path.exists() and not force:
        raise ThiduaError(f"Tệp '{display_path(path)}' đã có; thidua không ghi đè tệp đã có. Thêm --force nếu muốn thay thế nó.")
    mode = _mode_for(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    except OSError as exc:
        raise _write_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp_name, mode)
        if not force and path.exists():  # created by someone else meanwhile
            raise ThiduaError(f"Tệp '{display_path(path)}' đã có; thidua không ghi đè tệp đã có. Thêm --force nếu muốn thay thế nó.")
        os.replace(tmp_name, path)
    except BaseException as exc:
        _remove_quietly(tmp_name)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from exc
        raise
    _sync_folder(path.parent)


def backup(path: Path, now: Optional[dt.datetime] = None) -> Path:
    """Copy `path` to `<name>.bak-YYYYmmdd-HHMMSS` beside it (atomically, never over another backup)."""
    path = Path(path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ThiduaError(f"Không đọc được tệp '{display_path(path)}' để sao lưu: {exc.strerror or exc}.") from exc
    target = path.with_name(f"{path.name}.bak-{stamp}")
    number = 1
    while target.exists():
        target = path.with_name(f"{path.name}.bak-{stamp}-{number}")
        number += 1
    write_atomic(target, data, force=False)
    return target


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 minus the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_error(path: Path, exc: OSError) -> ThiduaError:
    return ThiduaError(f"Không ghi được tệp '{display_path(path)}': {exc.strerror or exc}. Tệp cũ (nếu có) "
                       "vẫn giữ nguyên.")


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); harmless where folders cannot be opened (Windows)."""
    try:
        fd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
