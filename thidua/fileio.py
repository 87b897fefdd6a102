"""Safe file writes: atomic replace (temp file in the same folder, then a rename) and backups."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Mapping, Optional

from thidua.errors import ThiduaError
from thidua.paths import display_path


FILE, FOLDER, SPECIAL = "file", "folder", "special"


def existing_kind(path: Path) -> Optional[str]:
    """What `path` names, following symlinks: FILE, FOLDER, SPECIAL (a device, a FIFO, a socket) or None
    when nothing is there. A path the system cannot look up (a name too long, no permission to the
    folder) is a ThiduaError."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _write_error(Path(path), exc) from exc
    return FILE if stat.S_ISREG(mode) else FOLDER if stat.S_ISDIR(mode) else SPECIAL


def write_atomic(path: Path, data: bytes, force: bool) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of it.

    Refuses (ThiduaError) when `path` exists and `force` is False, and when it is a folder. The
    temporary file is a hidden sibling (`.<name>.<random>.tmp`, ignored by the loader) and is
    removed on any failure. A device, FIFO or socket (`-o /dev/null --force`, `-o >(gzip) --force`)
    is written to as a stream, as a shell's `>` does: renaming over it would replace the device
    with a regular file.
    """
    path = Path(path)
    kind = existing_kind(path)
    if kind is not None and not force:
        raise ThiduaError(f"Tệp '{display_path(path)}' đã có; thidua không ghi đè tệp đã có. Thêm --force nếu muốn thay thế nó.")
    if kind == FOLDER:
        raise ThiduaError(f"'{display_path(path)}' là một thư mục, không phải tệp; hãy chọn một tên tệp.")
    if kind == SPECIAL:
        _write_stream(path, data)
        return
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


def _write_stream(path: Path, data: bytes) -> None:
    """Write to an existing device, FIFO or socket; never create or rename anything."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise ThiduaError(f"Không ghi được vào '{display_path(path)}': {os_reason(exc)}.{os_fix(exc)}") from exc


def backup(path: Path, now: Optional[dt.datetime] = None) -> Path:
    """Copy `path` to `<name>.bak-YYYYmmdd-HHMMSS` beside it (atomically, never over another backup)."""
    path = Path(path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ThiduaError(f"Không đọc được tệp '{display_path(path)}' để sao lưu: {os_reason(exc, reading=True)}."
                          f"{os_fix(exc, reading=True)}") from exc
    target = path.with_name(f"{path.name}.bak-{stamp}")
    number = 1
    while target.exists():
        target = path.with_name(f"{path.name}.bak-{stamp}-{number}")
        number += 1
    write_atomic(target, data, force=False)
    return target


def _mode_for(path: Path, new: int = 0o666) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 (a folder `new` 0777) minus the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return new & ~umask


_REASONS = {
    errno.ENOSPC: "ổ đĩa đã hết chỗ trống",
    errno.EDQUOT: "đã hết hạn mức dung lượng được dùng",
    errno.EFBIG: "tệp vượt quá kích thước cho phép",
    errno.EIO: "lỗi đọc ghi của thiết bị",
    errno.EBADF: "đầu ra đã bị đóng",
    errno.EPIPE: "nơi nhận đã đóng",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không được phép",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOENT: "không có thư mục chứa tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EISDIR: "đó là một thư mục",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ELOOP: "đường dẫn có vòng liên kết (symlink)",
    errno.EEXIST: "tệp đã có",
    errno.EXDEV: "không chuyển được tệp sang ổ đĩa khác",
}


_READING_REASONS = {  # where reading a file says it otherwise
    errno.ENOENT: "không có tệp này",
    errno.EACCES: "không có quyền đọc",
}


def os_reason(exc: OSError, reading: bool = False) -> str:
    """Why an operation on a file failed, in Vietnamese, with the system's code ('ổ đĩa đã hết chỗ
    trống (ENOSPC)'); the system's own text is English, and a clerk should not have to read it."""
    code = errno.errorcode.get(exc.errno or 0)
    reason = (reading and _READING_REASONS.get(exc.errno or 0)) or _REASONS.get(exc.errno or 0, "lỗi hệ thống")
    return f"{reason} ({code})" if code else reason


_OPEN_ELSEWHERE = ("nếu tệp đang mở trong Word hoặc Excel (trên Windows, tệp đang mở thì không ghi đè được), đóng "
                   "tệp trong Word rồi chạy lại; nếu không, kiểm tra quyền ghi vào thư mục")
_FIXES = {  # the likely way out, for a clerk
    errno.EACCES: _OPEN_ELSEWHERE,
    errno.EPERM: _OPEN_ELSEWHERE,
    errno.EBUSY: "tệp đang được chương trình khác dùng: đóng chương trình đó rồi chạy lại",
    errno.ENOENT: "thư mục chứa tệp chưa có: tạo thư mục trước, hoặc sửa đường dẫn",
    errno.ENOTDIR: "sửa đường dẫn: một phần của nó là tệp, không phải thư mục",
    errno.ENOSPC: "xóa bớt tệp trên ổ đĩa, hoặc ghi sang ổ đĩa khác, rồi chạy lại",
    errno.EDQUOT: "xóa bớt tệp, hoặc ghi sang ổ đĩa khác, rồi chạy lại",
    errno.EROFS: "ghi sang thư mục khác (ví dụ -o với đường dẫn trong thư mục của bạn)",
    errno.ENAMETOOLONG: "chọn tên tệp ngắn hơn",
}
_READING_FIXES = {
    errno.EACCES: "nếu tệp đang mở trong Excel hoặc Word, đóng tệp rồi chạy lại; nếu không, cấp quyền đọc tệp",
    errno.EPERM: "nếu tệp đang mở trong Excel hoặc Word, đóng tệp rồi chạy lại; nếu không, cấp quyền đọc tệp",
    errno.ENOENT: "kiểm tra tên tệp và thư mục đang đứng",
}


def os_fix(exc: OSError, reading: bool = False) -> str:
    """The likely fix for a failed file operation, as a sentence to append (' Cách xử lý: ...'), or ''."""
    fix = (_READING_FIXES if reading else _FIXES).get(exc.errno or 0)
    return f" Cách xử lý: {fix}." if fix else ""


def _write_error(path: Path, exc: OSError) -> ThiduaError:
    return ThiduaError(f"Không ghi được tệp '{display_path(path)}': {os_reason(exc)}. Tệp cũ (nếu có) "
                       f"vẫn giữ nguyên.{os_fix(exc)}")


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


# --- a folder of files at once (`thidua site`) ---------------------------------------------------

def replace_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` ({"don-vi/a.html": bytes, ...}) into a hidden folder beside `folder`
    (`.<name>.<random>.tmp`), then put that folder in the place of `folder`, so a reader sees the
    old folder or the new one, never half of each; on a failure the old folder stays as it was and
    no temporary folder is left. The caller has decided that the old folder's files may go."""
    folder = Path(folder)
    parent = folder.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=str(parent)))
    except OSError as exc:
        raise _folder_error(folder, exc) from exc
    old: Optional[Path] = None
    try:
        for name, data in files.items():
            target = fresh.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as out:
                out.write(data)
        os.chmod(fresh, _mode_for(folder, 0o777))  # mkdtemp makes it 0700
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=str(parent)))
            os.replace(folder, old / folder.name)
        os.replace(fresh, folder)
    except OSError as exc:
        if old is not None and (old / folder.name).exists() and not folder.exists():
            os.replace(old / folder.name, folder)  # the old folder back in its place
        shutil.rmtree(fresh, ignore_errors=True)
        raise _folder_error(folder, exc) from exc
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    _sync_folder(parent)


def _folder_error(folder: Path, exc: OSError) -> ThiduaError:
    return ThiduaError(f"Không ghi được thư mục '{display_path(folder)}': {os_reason(exc)}. Thư mục cũ (nếu có) "
                       "vẫn giữ nguyên.")
