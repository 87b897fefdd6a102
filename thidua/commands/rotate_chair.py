"""`thidua rotate-chair`: check this year's bloc.yaml, plan the rotation, open next year's folder.

Next year's bloc.yaml is this year's, edited in round-trip mode (`thidua.rotation.edit_yaml`);
criteria.yaml and awards.yaml are copied with the new year. Only this command reads and writes
the files; `thidua.rotation` works on records and text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from thidua import fileio
from thidua.commands.common import load_checked
from thidua.errors import DataError, ThiduaError
from thidua.paths import display_path, is_inside, resolve_year, years
from thidua.problems import format_text, sort_problems
from thidua.reading.loader import load_file
from thidua.rotation import RotationPlan, edit_yaml, plan_rotation, unreadable

COPIED_FILES = ("criteria.yaml", "awards.yaml")

CREATE, REPLACE, KEEP = "create", "replace", "keep"


class FileAction(NamedTuple):
    """One file of next year's folder: created, replaced (after a backup) or kept as it is."""

    path: Path
    action: str
    content: Optional[bytes]
    source: Optional[Path]


class RotationResult(NamedTuple):
    plan: RotationPlan
    folder: Path
    files: Tuple[FileAction, ...]
    backups: Tuple[Path, ...]
    notes: Tuple[str, ...]
    dry_run: bool

    @property
    def bloc_file(self) -> FileAction:
        return next(f for f in self.files if f.path.name == "bloc.yaml")


def rotate_chair(data_dir: Path, year: Optional[int], chair: Optional[str] = None, vices: Sequence[str] = (),
                 dry_run: bool = False, force: bool = False, now: Optional[dt.datetime] = None) -> RotationResult:
    """Check `year`, plan the rotation, and (unless `dry_run`) write next year's folder.

    Only error-level problems of this year's bloc.yaml stop the rotation: that file is what the
    plan reads and what next year's bloc.yaml copies. Problems elsewhere (scores, reports) do not.
    Next year's bloc.yaml is never overwritten unless `force`, and then only after a backup;
    next year's criteria.yaml and awards.yaml, if present, are always kept.
    `year` None: the latest year with a bloc.yaml (see `year_to_rotate`).
    """
    year, chosen = year_to_rotate(data_dir, year)
    folder = data_dir / str(year)
    checked = load_checked(data_dir, year)
    bloc_name = display_path(folder / "bloc.yaml")
    blocking = sort_problems(p for p in checked.errors if p.src.file == bloc_name)
    if blocking or checked.year.bloc is None:
        listing = format_text(blocking) if blocking else f"{bloc_name}: không đọc được tệp."
        chair_word = checked.year.bloc.titles.chair if checked.year.bloc else "Trưởng khối"
        raise DataError(f"Tệp {bloc_name} có lỗi, chưa thể luân phiên {chair_word}:\n{listing}\n"
                        f"Sửa các lỗi trên rồi chạy lại (xem `thidua validate {year}`).")
    previous = None
    previous_path = data_dir / str(year - 1) / "bloc.yaml"
    if previous_path.is_file():
        previous = load_file(previous_path, "bloc", [])
    plan = plan_rotation(checked.year.bloc, chair, vices, previous)

    target = data_dir / str(plan.next_year)
    _refuse_linked_folder(target, data_dir, year)
    notes: List[str] = []
    bloc_target = target / "bloc.yaml"
    if bloc_target.exists() and not force:
        raise ThiduaError(f"Năm {plan.next_year} đã có tệp {display_path(bloc_target)}; không ghi đè. Dùng --force "
                          "để thay thế (tệp cũ được sao lưu thành bloc.yaml.bak-<thời điểm>).")
    files: List[FileAction] = []
    for name in COPIED_FILES:
        source = folder / name
        dest = target / name
        if not source.is_file():
            notes.append(f"Năm {year} không có tệp {name}; năm {plan.next_year} chưa có bản sao.")
        elif dest.exists():
            files.append(FileAction(dest, KEEP, None, source))
        else:
            edited, exact = _copy_with_year(source, plan.next_year, plan.year)
            files.append(FileAction(dest, CREATE, edited, source))
            if not exact:
                notes.append(_layout_note(dest))
    edited, exact, cleared = _carry_over(folder / "bloc.yaml", plan.next_year,
                                         {"year": plan.next_year, "chair": plan.chair,
                                          "vice_chairs": plan.vice_chairs}, plan.year)
    notes += cleared
    if not exact:
        notes.append(_layout_note(bloc_target))
    # bloc.yaml last: its presence marks next year as opened, so an interrupted run can simply be repeated.
    files.append(FileAction(bloc_target, REPLACE if bloc_target.exists() else CREATE, edited, folder / "bloc.yaml"))

    backups: List[Path] = []
    if not dry_run:
        try:
            target.mkdir(exist_ok=True)
        except OSError as exc:
            raise ThiduaError(f"Không tạo được thư mục {display_path(target)}: {fileio.os_reason(exc)}.") from exc
        for action in files:
            if action.action == KEEP:
                continue
            if action.action == REPLACE:
                backups.append(fileio.backup(action.path, now))
            fileio.write_atomic(action.path, action.content or b"", force=action.action == REPLACE)
    return RotationResult(plan=plan, folder=target, files=tuple(files), backups=tuple(backups),
                          notes=chosen + tuple(notes), dry_run=dry_run)


def year_to_rotate(data_dir: Path, year: Optional[int]) -> Tuple[int, Tuple[str, ...]]:
    """The year to rotate from, and a note when it is not the latest year folder.

    Not given: the latest year that has a bloc.yaml, since a next year's folder may already hold the
    criteria.yaml or awards.yaml prepared for it (the rotation keeps them and writes its bloc.yaml).
    Other commands keep their own default, the latest year folder."""
    latest = resolve_year(data_dir, year)
    if year is not None:
        return latest, ()
    present = years(data_dir)
    with_bloc = [y for y in present if (data_dir / str(y) / "bloc.yaml").is_file()]
    if not with_bloc or with_bloc[-1] == latest:
        return latest, ()  # without any bloc.yaml, the latest year's own check says it is missing
    chosen = with_bloc[-1]
    later = ", ".join(str(y) for y in present if y > chosen)
    return chosen, (f"Năm {later} chưa có tệp bloc.yaml, nên luân phiên từ năm {chosen}, năm mới nhất có "
                    "bloc.yaml.",)


def _refuse_linked_folder(target: Path, data_dir: Path, year: int) -> None:
    """Next year's folder must be a folder of its own inside the data folder: one that is a link out of
    it, or to another year's folder (`2021 -> 2020`), would have that folder's bloc.yaml replaced."""
    if not target.exists():
        return
    if not is_inside(target, data_dir):
        raise ThiduaError(f"Thư mục {display_path(target)} là liên kết (symlink) trỏ ra ngoài thư mục dữ liệu; "
                          "thidua không ghi vào đó.")
    resolved = target.resolve()
    for other in years(data_dir):
        folder = data_dir / str(other)
        if folder != target and folder.resolve() == resolved:
            raise ThiduaError(f"Thư mục {display_path(target)} là liên kết (symlink) tới thư mục năm {other} "
                              f"({display_path(folder)}); ghi vào đó sẽ thay bloc.yaml của năm {other}. Xóa liên kết "
                              f"rồi chạy lại để tạo thư mục năm {year + 1} riêng.")


def _read(path: Path, next_year: int) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(display_path(path), next_year, exc) from exc


def _carry_over(path: Path, next_year: int, values: Dict[str, object],
                old_year: int) -> Tuple[bytes, bool, Tuple[str, ...]]:
    """This year's bloc.yaml, read, with `values` set for next year and this year's own parts cleared
    (see `edit_yaml`)."""
    return edit_yaml(_read(path, next_year), display_path(path), next_year, values, old_year, fresh=True)


_YEAR_LINE = re.compile(r"^(year[ \t]*:[ \t]*[\"']?)(\d{4})([\"']?[ \t]*(?:#.*)?)$", re.M)


def _copy_with_year(path: Path, next_year: int, old_year: int) -> Tuple[bytes, bool]:
    """criteria.yaml or awards.yaml as it is, byte for byte, but for its top-level `year:` line (and the
    old year in that line's comment); a file whose year is not on such a line is edited in round trip."""
    raw = _read(path, next_year)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    lines = _YEAR_LINE.findall(text)
    if len(lines) == 1:
        def on(match: "re.Match[str]") -> str:
            return match.group(1) + str(next_year) + match.group(3).replace(str(old_year), str(next_year))

        return _YEAR_LINE.sub(on, text).encode("utf-8"), True
    edited, exact, _ = edit_yaml(raw, display_path(path), next_year, {"year": next_year}, old_year)
    return edited, exact


def describe(result: RotationResult) -> str:
    """The report of a rotation (or of a dry run) in Vietnamese, for the terminal."""
    plan = result.plan
    lines = []
    if result.dry_run:
        lines.append("Chạy thử (--dry-run): không ghi tệp nào.")
    lines.append(f"Luân phiên {plan.titles.chair} năm {plan.year} sang năm {plan.next_year} — {plan.basis}.")
    lines += plan.handover.lines()
    lines += [f"Lưu ý: {note}" for note in plan.notes + result.notes]
    verbs = {CREATE: ("Sẽ tạo", "Đã tạo"), REPLACE: ("Sẽ thay thế", "Đã thay thế"), KEEP: ("Giữ nguyên", "Giữ nguyên")}
    backups = iter(result.backups)
    for action in sorted(result.files, key=lambda f: f.path.name != "bloc.yaml"):
        verb = verbs[action.action][0 if result.dry_run else 1]
        line = f"{verb} {display_path(action.path)}"
        if action.action == KEEP:
            line += " (đã có, không sao chép lại)"
        elif action.action == REPLACE:
            line += (" (bản cũ sẽ được sao lưu thành bloc.yaml.bak-<thời điểm>)" if result.dry_run
                     else f" (bản cũ đã sao lưu: {display_path(next(backups))})")
        elif action.path.name != "bloc.yaml":
            line += f" (bản sao năm {plan.year}, đổi năm thành {plan.next_year})"
        lines.append(line)
    bloc = result.bloc_file
    if result.dry_run:
        lines += ["", f"Nội dung {display_path(bloc.path)}:", "",
                  (bloc.content or b"").decode("utf-8-sig").replace("\r\n", "\n").rstrip("\n")]
    else:
        lines.append(f"Hãy rà soát các tệp năm {plan.next_year} (văn bản căn cứ, bảng điểm, quy định khen thưởng) "
                     f"rồi chạy `thidua validate {plan.next_year}`.")
    return "\n".join(lines)


def _layout_note(path: Path) -> str:
    return (f"Không giữ được nguyên thụt lề của {display_path(path)} khi ghi lại; nội dung và chú thích vẫn giữ "
            "nguyên.")
