"""`thidua init`: a new bloc folder from a preset, ready to fill in and validate.

The files come from `thidua/commands/init_files/`: one folder per preset (bloc, scoring sheet, award
rules) and `common/` (the CI workflow, the pre-commit config, .gitignore). A self-report
template per unit is generated from the preset's sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, NamedTuple, Tuple

from thidua import __version__, model as m
from thidua.reading import formats
from thidua.awards.rules import preset_awards
from thidua.errors import ThiduaError, UsageError
from thidua.fileio import backup, os_reason, write_atomic
from thidua.paths import bundled_root, display_path
from thidua.problems import Src
from thidua.rendering.selfreport import render_self_report
from thidua.reading.spec import INVALID, Ctx, convert_file
from thidua.reading.yamlread import parse_yaml_bytes

FILES_DIR = Path(__file__).resolve().parent / "init_files"
PRESETS = m.LEVELS
PRESET_WORDS = {"tinh": "Khối thi đua cấp tỉnh", "bo": "Cụm thi đua của bộ, ngành",
                "huyen": "Khối thi đua cấp huyện"}
WORKFLOW = FILES_DIR / "common" / "thidua.yml"

# (file in init_files/common, where it goes in the new folder)
COMMON_FILES = (("gitignore", ".gitignore"),
                ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
                ("thidua.yml", ".github/workflows/thidua.yml"))


class NewBloc(NamedTuple):
    root: Path
    year: int
    preset: str
    files: Tuple[str, ...]  # relative to root, with '/' separators
    backups: Tuple[Path, ...] = ()  # files that --force replaced, kept as <name>.bak-<time>


def workflow_text() -> str:
    """The example GitHub Actions workflow (the same text `init` writes and docs/ci.md shows), with the
    version thidua pins (`THIDUA_TAG`); only `{{version}}` is replaced: GitHub's `${{ }}` must survive."""
    return WORKFLOW.read_text(encoding="utf-8").replace("{{version}}", __version__)


def _substitute(text: str, preset: str, year: int) -> str:
    awards = preset_awards(preset)
    return (text.replace("{{year}}", str(year))
            .replace("{{version}}", __version__)
            .replace("{{award_list}}", "\n".join(f"#   {i}: {name}" for i, name in awards))
            .replace("{{award_ids}}", ", ".join(i for i, _ in awards)))


def _parse(text: str, kind: str, name: str):
    """Build a record from a shipped file; a failure is a bug of the package, not of the user."""
    root, problems = parse_yaml_bytes(text.encode("utf-8"), name)
    value = convert_file(root, formats.KINDS[kind], Ctx(problems), Src(name, 1, 1))
    if value is INVALID or problems:  # pragma: no cover - the shipped files are tested
        raise RuntimeError(f"broken init file {name}: {problems}")
    return value


def _has_content(root: Path) -> bool:
    """True if the folder holds anything but an empty repository's .git."""
    return any(p.name != ".git" for p in root.iterdir())


def plan_files(preset: str, year: int) -> List[Tuple[str, bytes]]:
    """Every file of a new bloc folder: (relative path, content)."""
    if preset not in PRESETS:
        raise UsageError(f"Không có bộ mẫu '{preset}' (chọn một trong: {', '.join(PRESETS)}).")
    folder = f"data/{year}"
    out: List[Tuple[str, bytes]] = []
    texts = {}
    for name in ("bloc.yaml", "criteria.yaml", "awards.yaml"):
        texts[name] = _substitute((FILES_DIR / preset / name).read_text(encoding="utf-8"), preset, year)
        out.append((f"{folder}/{name}", texts[name].encode("utf-8")))
    bloc = _parse(texts["bloc.yaml"], "bloc", "bloc.yaml")
    sheet = _parse(texts["criteria.yaml"], "criteria", "criteria.yaml")
    for unit in bloc.units:
        report = render_self_report(sheet, unit, "h1", {})
        out.append((f"{folder}/h1/{unit.id}.yaml", report.encode("utf-8")))
    templates = bundled_root() / "templates"
    if templates.is_dir():
        for path in sorted(templates.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and "__pycache__" not in path.parts:
                out.append(("templates/" + path.relative_to(templates).as_posix(), path.read_bytes()))
    for source, target in COMMON_FILES:
        text = workflow_text() if source == "thidua.yml" else _substitute(
            (FILES_DIR / "common" / source).read_text(encoding="utf-8"), preset, year)
        out.append((target, text.encode("utf-8")))
    return out


def create_bloc(root: Path, preset: str, year: int, force: bool) -> NewBloc:
    """Write a new bloc folder at `root`; a non-empty folder needs `force` (same-named files are replaced)."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise ThiduaError(f"'{display_path(root)}' là một tệp, không phải thư mục.")
    if root.is_dir() and not force and _has_content(root):
        raise ThiduaError(f"Thư mục '{display_path(root)}' không trống. Chọn một thư mục mới, hoặc thêm --force "
                          "để tạo vào thư mục này (tệp trùng tên được sao lưu thành <tên>.bak-<thời điểm> rồi thay).")
    files = plan_files(preset, year)
    backups = []
    try:
        for rel, data in files:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() and force:
                backups.append(backup(target))
            write_atomic(target, data, force=force)
    except OSError as exc:
        raise ThiduaError(f"Không tạo được thư mục trong '{display_path(root)}': {os_reason(exc)}.") from exc
    return NewBloc(root, year, preset, tuple(rel for rel, _ in files), tuple(backups))



def describe(made: NewBloc, folder: str) -> str:
    """What `init` made (the shipped templates as one line) and the next steps, for the terminal;
    `folder` as the user wrote it."""
    lines = [f"Đã tạo Khối thi đua mới ({PRESET_WORDS[made.preset]}, năm {made.year}) trong '{folder}':"]
    templates = [rel for rel in made.files if rel.startswith("templates/")]
    for rel in made.files:
        if not rel.startswith("templates/"):
            lines.append(f"  {rel}")
        elif rel == templates[0]:
            lines.append(f"  templates/ ({len(templates)} tệp mẫu văn bản: báo cáo, tờ trình, biên bản)")
    lines += [f"Đã sao lưu tệp cũ thành {display_path(saved)}." for saved in made.backups]
    step = f"cd {folder} && " if folder != "." else ""
    lines.append(f"Việc tiếp theo:\n"
                 f"  1. Điền tên Khối, các đơn vị thành viên, Trưởng khối vào data/{made.year}/bloc.yaml "
                 f"(những chỗ ghi THAY).\n"
                 f"  2. Sửa bảng chấm điểm data/{made.year}/criteria.yaml theo hướng dẫn thi đua của năm.\n"
                 f"  3. Đổi mã đơn vị thì đổi cả tên tệp data/{made.year}/h1/<mã>.yaml và dòng unit: trong tệp.\n"
                 f"  4. Kiểm tra dữ liệu: {step}thidua validate")
    return "\n".join(lines)
