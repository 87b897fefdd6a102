"""`thidua council`: the provincial council's view over a council folder (council.yaml, its ballots.yaml,
and every bloc's data folder).

Each bloc is read with the same loader and checks as `thidua validate` / `thidua nominate` (the
year-end files; `commands.nominate.year_end`), so its problems carry its own file:line. A bloc whose
data has errors is listed as not ready and the others still proceed; the province-wide rules
(`thidua.awards.council`) are applied to the ready ones.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from thidua import model as m
from thidua.awards import council as ac
from thidua.awards.nominate import ListedUnit
from thidua.commands.nominate import earlier_years, year_end
from thidua.errors import DataError, ThiduaError, UsageError
from thidua.paths import display_path, years
from thidua.problems import ERROR, Problem, Src, error, sort_problems
from thidua.reading.loader import load_file

COUNCIL_FILE = "council.yaml"
BALLOTS_FILE = "ballots.yaml"


def council_file(folder: Path) -> Path:
    """The council.yaml of a council folder (or the file itself when given)."""
    path = folder / COUNCIL_FILE if folder.is_dir() else folder
    if not path.is_file():
        raise UsageError(f"Không tìm thấy {COUNCIL_FILE} trong '{folder}' (thư mục của Hội đồng: "
                         f"chứa {COUNCIL_FILE} và thư mục dữ liệu của các Khối; xem docs/council.md).")
    return path


def run_council(folder: Path) -> ac.CouncilResult:
    """Read the council folder, every bloc of it, and apply the province-wide rules.

    Problems in any file are values of the result (all of them, sorted); DataError only when
    council.yaml itself cannot be read into a council."""
    path = council_file(folder)
    root = path.parent
    problems: List[Problem] = []
    council = load_file(path, "council", problems)
    if council is None:
        raise _unreadable(problems)
    ballots = None
    if (root / BALLOTS_FILE).is_file():
        ballots = load_file(root / BALLOTS_FILE, "council-ballot", problems)
    rules, found = ac.council_rules(council, ballots)
    problems += found
    views, bloc_data = _read_blocs(council, root, rules, problems)
    twice, spoiled = ac.units_in_two_blocs(bloc_data)
    problems += twice
    views = [v._replace(ready=False, why="có đơn vị trùng với Khối khác (unit-in-two-blocs)")
             if v.id in spoiled and v.ready else v for v in views]
    awards: Tuple[ac.AwardOutcome, ...] = ()
    if rules is not None:
        if ballots is not None:
            candidates = {r.id: [c.entry.unit for c in ac.candidates_of(r, views)[0]] for r in rules.awards}
            problems += ac.check_ballots(council, ballots, rules, candidates)
        awards = ac.decide(council, rules, views, ballots)
    return ac.CouncilResult(council, rules, ballots, tuple(views), awards, tuple(sort_problems(problems)))


def _unreadable(problems: List[Problem]) -> DataError:
    from thidua.problems import format_text

    return DataError(f"Không đọc được {COUNCIL_FILE}:\n{format_text(sort_problems(problems))}")


def _read_blocs(council: m.Council, root: Path, rules: Optional[ac.CouncilRules], problems: List[Problem]
                ) -> Tuple[List[ac.BlocView], List[Tuple[str, m.Bloc]]]:
    views: List[ac.BlocView] = []
    loaded: List[Tuple[str, m.Bloc]] = []
    ids: Dict[str, Src] = {}
    folders: Dict[str, Tuple[str, Src]] = {}
    for entry in council.blocs:
        data_dir = root / entry.path
        shown = display_path(data_dir)
        if entry.id in ids:
            problems.append(error(entry.src.at("id"), "duplicate-bloc", (
                f"Khối '{entry.id}' đã có ở dòng {ids[entry.id].line}; mỗi Khối ghi một lần.")))
            continue
        ids[entry.id] = entry.src
        same = folders.get(os.path.realpath(data_dir))
        if same is not None:
            problems.append(error(entry.src.at("path"), "duplicate-bloc", (
                f"Thư mục '{entry.path}' đã là dữ liệu của Khối '{same[0]}' (dòng {same[1].line}); mỗi Khối ghi một lần.")))
            continue
        folders[os.path.realpath(data_dir)] = (entry.id, entry.src)
        view, bloc = _read_bloc(entry, data_dir, shown, council.year, rules, problems)
        views.append(view)
        if bloc is not None:
            loaded.append((entry.id, bloc))
    return views, loaded


def _not_ready(entry: m.CouncilBloc, shown: str, why: str, errors: int = 0, warnings: int = 0,
               name: Optional[str] = None, label: Optional[str] = None) -> ac.BlocView:
    return ac.BlocView(entry.id, name or entry.id, label or name or entry.id, shown, False, why, errors, warnings, 0,
                       (), None, {}, (), entry.src)


def _read_bloc(entry: m.CouncilBloc, data_dir: Path, shown: str, year: int, rules: Optional[ac.CouncilRules],
               problems: List[Problem]) -> Tuple[ac.BlocView, Optional[m.Bloc]]:
    """One bloc's year end, read and checked as `thidua nominate` does; its problems join `problems`."""
    if not data_dir.is_dir():
        fetch = f" Lấy kho về: git clone {entry.repo} {os.path.dirname(entry.path) or entry.path}." if entry.repo else ""
        problems.append(error(entry.src.at("path"), "bloc-folder-missing", (
            f"Không có thư mục dữ liệu '{entry.path}' của Khối '{entry.id}' (tìm ở {shown}).{fetch}")))
        return _not_ready(entry, shown, "không có thư mục dữ liệu"), None
    try:
        present = years(data_dir)
    except ThiduaError as exc:
        problems.append(error(entry.src.at("path"), "bloc-folder-missing", str(exc)))
        return _not_ready(entry, shown, "không đọc được thư mục dữ liệu"), None
    if year not in present:
        have = ", ".join(str(y) for y in present) or "không có năm nào"
        problems.append(error(entry.src.at("path"), "bloc-year-missing", (
            f"Khối '{entry.id}' chưa có dữ liệu năm {year} (thư mục {shown}/{year}); các năm có: {have}. Hội đồng "
            f"xét năm {year} (council.yaml, year): mọi Khối phải cùng năm.")))
        return _not_ready(entry, shown, f"chưa có dữ liệu năm {year} (có: {have})"), None
    end = year_end(data_dir, year)
    checked = end.checked
    problems += checked.problems
    loaded = checked.year
    bloc = loaded.bloc
    name = bloc.name if bloc else None
    label = (bloc.short_name or bloc.name) if bloc else None
    errors, warnings = len(checked.errors), checked.warnings
    if end.ranking is None:
        why = (f"dữ liệu có {errors} lỗi" if errors else str(end.refused.message if end.refused else ""))
        return _not_ready(entry, shown, why, errors, warnings, name, label), bloc
    try:
        from thidua.awards.nominate import nominate_ranked

        nominations = nominate_ranked(loaded, end.ranking, earlier_years(data_dir), warnings)
    except ThiduaError as exc:
        return _not_ready(entry, shown, exc.message, errors, warnings, name, label), bloc
    leaders = tuple(ListedUnit(s.unit.id, s.unit.label, s.unit.category, s.rank, s.score.total, s.score.grade,
                               None, None) for s in end.ranking.standings if s.rank == 1)
    assert bloc is not None
    dossier = tuple(_dossier_item(item, data_dir / str(year)) for item in (rules.dossier if rules else ()))
    view = ac.BlocView(entry.id, bloc.name, label or bloc.name, shown, True, "", errors, warnings, len(bloc.units),
                       leaders, nominations, m.frozen_map((u.id, u.name) for u in bloc.units), dossier, entry.src)
    return view, bloc


def _dossier_item(item: ac.DossierItem, folder: Path) -> ac.DossierCheck:
    for name in item.files:
        if (folder / name).is_file():
            return ac.DossierCheck(item.name, True, display_path(folder / name))
    return ac.DossierCheck(item.name, False, ", ".join(display_path(folder / n) for n in item.files))


def exit_code(result: ac.CouncilResult, strict: bool = False) -> int:
    """1 when a file has an error (or, with --strict, any problem): a CI job fails on it."""
    return 1 if any(p.level == ERROR for p in result.problems) or (strict and result.problems) else 0


def render_document(result: ac.CouncilResult, kind: str, fmt: str) -> bytes:
    """The council's Tờ trình (`to-trinh`) or Biên bản (`bien-ban`) in `fmt` (docx, md, html), from the
    shipped templates (the council folder has no templates of its own)."""
    from thidua.paths import bundled_root
    from thidua.rendering.documents import council as dc
    from thidua.rendering.documents.render import render

    if result.rules is None:
        raise DataError("Chưa xác định được quy định của Hội đồng (xem lỗi ở trên), nên chưa lập được văn bản.")
    context = dc.build_letter(result) if kind == "to-trinh" else dc.build_minutes(result)
    return render(context, fmt, [bundled_root() / "templates"])
