"""A console that cannot show Vietnamese (LANG=C; PYTHONIOENCODING=cp1252 standing in for a Windows
console): the real console script never crashes, prints the letters without their marks, and the
files it writes with -o are UTF-8 whatever the console.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE, copy_data

SCRIPT = [shutil.which("thidua")] if shutil.which("thidua") else [sys.executable, "-m", "thidua"]

CONSOLES = {
    "LANG=C": {"LANG": "C", "LC_ALL": "C"},
    "C without UTF-8 mode": {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "strict UTF-8": {"PYTHONIOENCODING": "utf-8"},
}
COMMANDS = [["validate"], ["rank"], ["nominate"], ["report", "--format", "md"], ["rank", "--format", "csv"],
            ["units"], ["--help"]]


def thidua(cwd: Path, console: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LC_", "PYTHONIOENCODING", "PYTHONUTF8", "THIDUA_")) and k != "LANG"}
    env.update(CONSOLES[console])
    return subprocess.run([*SCRIPT, *args], cwd=cwd, env=env, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def bloc(tmp_path_factory):
    root = tmp_path_factory.mktemp("bloc")
    copy_data(SAMPLE, root)
    return root


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("console", sorted(CONSOLES))
def test_no_crash_on_a_console_that_cannot_show_vietnamese(bloc, console, command):
    done = thidua(bloc, console, *command)

    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("console", ["cp1252", "C without UTF-8 mode"])
def test_errors_are_shown_too(tmp_path, console):
    review = copy_data(SAMPLE, tmp_path) / "2020" / "year" / "review.yaml"
    review.write_text(review.read_text(encoding="utf-8") + "khong-co: 1\n", encoding="utf-8")

    checked = thidua(tmp_path, console, "validate")
    ranked = thidua(tmp_path, console, "rank")
    misused = thidua(tmp_path, console, "rank", "--khong-co")

    assert (checked.returncode, ranked.returncode, misused.returncode) == (1, 1, 2)
    assert b"data/2020/year/review.yaml:" in checked.stdout
    assert all(b"Traceback" not in done.stderr for done in (checked, ranked, misused))


def test_cp1252_console_gets_the_letters_without_their_marks(bloc):
    done = thidua(bloc, "cp1252", "rank", "2099")

    assert done.returncode == 1
    assert done.stderr.decode("cp1252").startswith("Loi: Không có du lieu nam 2099")


@pytest.mark.parametrize("console", ["cp1252", "C without UTF-8 mode"])
@pytest.mark.parametrize("command,name,words", [
    (["rank"], "xep-hang.txt", "BẢNG TỔNG HỢP ĐIỂM THI ĐUA"),
    (["nominate"], "de-nghi.txt", "ĐỀ NGHỊ KHEN THƯỞNG"),
    (["report"], "bao-cao.md", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    (["schema"], "luoc-do.json", "Mã đơn vị"),
])
def test_files_written_are_utf8_whatever_the_console(tmp_path, console, command, name, words):
    copy_data(SAMPLE, tmp_path)

    done = thidua(tmp_path, console, *command, "-o", name)

    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert words in (tmp_path / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize("console", ["strict UTF-8", "cp1252"])
def test_a_file_name_that_is_not_utf8_is_shown_not_crashed_on(tmp_path, console):
    year = copy_data(SAMPLE, tmp_path) / "2020" / "year"
    try:  # 'Báo cáo.yaml' as an old Windows zip names it (cp1258); Linux keeps the bytes
        name = os.fsdecode(year.as_posix().encode() + "/Báo cáo.yaml".encode("cp1258"))
        shutil.copy(year / "tand.yaml", name)
    except (OSError, UnicodeError):
        pytest.skip("this file system only takes UTF-8 names")

    done = thidua(tmp_path, console, "validate")

    assert done.returncode == 1
    assert b"Traceback" not in done.stderr and "Lỗi nội bộ".encode() not in done.stderr
    assert b"data/2020/year/B?o c?o.yaml:4:7: " in done.stdout
