"""No lost data: every command that writes a file refuses to replace one without --force, and a write
that fails (disk full, a crash halfway) leaves the old file as it was and no temporary file behind.

All writes go through `thidua.fileio.write_atomic` (a temporary sibling, then `os.replace`); the
last test checks that no module writes a file any other way.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Callable, List, NamedTuple

import pytest
from conftest import ROOT, SAMPLE, copy_data, run_thidua

OLD = "bản cũ, phải giữ nguyên\n".encode("utf-8")


class Writer(NamedTuple):
    """A command that writes `target` (relative to the working folder, which holds data/)."""

    name: str
    args: List[str]
    target: str
    prepare: Callable[[Path], None] = lambda root: None


def _export_sheet(root: Path) -> None:
    """tand's sheet, pre-filled from its report, with one score changed: --force edits the report in round
    trip, so a sheet that changes nothing would leave it as it is."""
    import openpyxl

    result = run_thidua("export-sheet", "--unit", "tand", "-o", "phieu.xlsx", data="data")
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(root / "phieu.xlsx")
    ws = wb.worksheets[0]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=6).value == "c:1.1")
    ws.cell(row=row, column=4, value=0)
    wb.save(root / "phieu.xlsx")


WRITERS = [
    Writer("rank -o", ["rank", "-o", "xep-hang.txt"], "xep-hang.txt"),
    Writer("rank xlsx", ["rank", "--format", "xlsx", "-o", "xep-hang.xlsx"], "xep-hang.xlsx"),
    Writer("nominate -o", ["nominate", "-o", "de-nghi.txt"], "de-nghi.txt"),
    Writer("report md", ["report", "-o", "bao-cao.md"], "bao-cao.md"),
    Writer("report docx", ["report", "-o", "bao-cao.docx"], "bao-cao.docx"),
    Writer("schema -o", ["schema", "-o", "luoc-do.json"], "luoc-do.json"),
    Writer("export-sheet", ["export-sheet", "--unit", "tand", "-o", "bang-diem.xlsx"], "bang-diem.xlsx"),
    Writer("import-scores", ["import-scores", "phieu.xlsx", "--unit", "tand"], "data/2020/year/tand.yaml",
           _export_sheet),
    Writer("rotate-chair", ["rotate-chair", "2020"], "data/2021/bloc.yaml"),
    Writer("init", ["init", "khoi-moi", "--year", "2024"], "khoi-moi/data/2024/bloc.yaml"),
]


@pytest.fixture
def root(workdir):
    copy_data(SAMPLE, workdir)
    return workdir


def setup_old(root: Path, writer: Writer) -> Path:
    writer.prepare(root)
    target = root / writer.target
    target.parent.mkdir(parents=True, exist_ok=True)
    if writer.name != "import-scores":  # the sample's own self-report is the old file there
        target.write_bytes(OLD)
    return target


def run(writer: Writer, *extra: str):
    return run_thidua(*writer.args, *extra, data="data")


def temporaries(root: Path) -> List[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.name.endswith(".tmp"))


def clean(result) -> bool:
    """Exit 1 with a `Lỗi:` line, and no exception or traceback."""
    no_crash = result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code == 1 and no_crash and "Traceback" not in result.output and "Lỗi:" in result.output


IDS = [w.name for w in WRITERS]


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
def test_an_existing_file_is_kept_without_force(root, writer):
    target = setup_old(root, writer)
    old = target.read_bytes()

    result = run(writer)

    assert "Lỗi:" in result.output and "--force" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert target.read_bytes() == old


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
def test_an_existing_file_is_refused_with_exit_1(root, writer):
    setup_old(root, writer)

    result = run(writer)

    assert clean(result), (result.exit_code, result.output)


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
def test_force_replaces_the_file(root, writer):
    target = setup_old(root, writer)
    old = target.read_bytes()

    result = run(writer, "--force")

    assert result.exit_code == 0, result.output
    assert target.read_bytes() != old
    assert temporaries(root) == []


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
def test_a_failed_rename_keeps_the_old_file(root, writer, monkeypatch):
    target = setup_old(root, writer)
    old = target.read_bytes()

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run(writer, "--force")

    assert clean(result)
    assert "Không ghi được tệp" in result.output
    assert target.read_bytes() == old
    assert temporaries(root) == []


class HalfWriter:
    """A file opened for writing that stores half of what it is given, then fails (a crash, a full disk)."""

    def __init__(self, real):
        self.real = real

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()

    def write(self, data):
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.EIO, "Input/output error")

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
def test_a_write_interrupted_halfway_keeps_the_old_file(root, writer, monkeypatch):
    target = setup_old(root, writer)
    old = target.read_bytes()
    real_fdopen = os.fdopen

    def half_fdopen(fd, mode="r", *args, **kwargs):
        opened = real_fdopen(fd, mode, *args, **kwargs)
        return HalfWriter(opened) if "w" in mode else opened

    monkeypatch.setattr(os, "fdopen", half_fdopen)
    result = run(writer, "--force")

    assert clean(result)
    assert target.read_bytes() == old
    assert temporaries(root) == []


_RAW_WRITES = re.compile(r"\.write_(?:text|bytes)\(|\bopen\([^)]*['\"][wax]b?\+?['\"]|shutil\.(?:copy|move)")


def test_no_module_writes_a_file_except_through_write_atomic():
    modules = sorted((ROOT / "thidua").rglob("*.py"))
    offenders = [f"{path.relative_to(ROOT).as_posix()}:{n}" for path in modules if path.name != "fileio.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if _RAW_WRITES.search(line)]

    assert {p.parent.name for p in modules} >= {"commands", "reading", "awards", "rendering", "documents"}
    assert offenders == []


OUTPUT_WRITERS = [w for w in WRITERS if "-o" in w.args]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("writer", OUTPUT_WRITERS, ids=[w.name for w in OUTPUT_WRITERS])
def test_force_onto_a_special_file_writes_to_it_and_keeps_it(root, writer):
    """`-o /dev/null --force` run as root must not replace /dev/null: a FIFO stands in for the device."""
    import stat
    import threading

    writer.prepare(root)
    fifo = root / writer.target
    os.mkfifo(fifo)
    got: List[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()

    result = run(writer, "--force")
    reader.join(30)

    assert result.exit_code == 0, result.output
    assert got and len(got[0]) > 0
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert temporaries(root) == []


def test_a_system_error_is_named_in_vietnamese():
    from thidua.fileio import os_reason

    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "ổ đĩa đã hết chỗ trống (ENOSPC)"
    assert os_reason(OSError(errno.ENAMETOOLONG, "File name too long")) == "tên tệp quá dài (ENAMETOOLONG)"
    assert os_reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == "lỗi hệ thống (ECONNRESET)"
