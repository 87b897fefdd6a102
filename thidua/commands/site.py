"""`thidua site`: the year of the bloc as a static HTML site in a folder.

The year is loaded and checked once (every period: the site shows them all) and refused when it
has errors: a site is for reading, not for finding mistakes (`thidua validate` does that). Its
rankings, proposals, documents and the units' histories come from that one load; every other year
of the data folder is loaded once, oldest first, for the histories and for the history condition
of the proposals (as `thidua history` does).

The site is made in a hidden folder beside the output and then put in its place
(`fileio.replace_folder`), so a reader sees the old site or the new one. An existing folder is replaced only with --force, and only when every
file in it is one a previous `thidua site` wrote (listed in its `.thidua-site`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

from thidua import __version__
from thidua import history as hist
from thidua.awards.conditions import YearRecord
from thidua.commands.common import CheckedYear, usable_year
from thidua.commands.nominate import YearEnd, earlier_years, record_of, year_end
from thidua.errors import DataError, ThiduaError
from thidua.fileio import replace_folder
from thidua.paths import bundled_root, display_path, years
from thidua.scoring import Ranking, rank_year

MANIFEST = ".thidua-site"
NOT_DONE = "chưa dựng được trang tổng quan"


class Built(NamedTuple):
    """What `build_site` wrote: the folder, its files and the notes for the clerk."""

    folder: Path
    files: int
    pages: int
    notes: Tuple[str, ...]  # e.g. a document that could not be made, and why


def refuse_output(folder: Path, force: bool) -> None:
    """Before any work: the output must be a new or empty folder, or (with --force) a site made by thidua."""
    if folder.exists() and not folder.is_dir():
        raise ThiduaError(f"'{display_path(folder)}' là một tệp, không phải thư mục; chọn tên thư mục khác cho -o.")
    present = _present(folder)
    if not present:
        return
    if not force:
        raise ThiduaError(f"Thư mục '{display_path(folder)}' đã có tệp; thêm --force để thay trang cũ, hoặc chọn "
                          "thư mục khác.")
    listed = set(_manifest(folder))
    foreign = sorted(p for p in present if p not in listed and p != MANIFEST)
    if foreign:
        raise ThiduaError(f"Thư mục '{display_path(folder)}' có tệp không do `thidua site` tạo (ví dụ "
                          f"'{foreign[0]}'); thidua chỉ thay một thư mục trang do nó tạo. Chọn thư mục khác.")


def _present(folder: Path) -> List[str]:
    if not folder.is_dir():
        return []
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()]


def _manifest(folder: Path) -> List[str]:
    try:
        return (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def build_site(data_dir: Path, year: int, folder: Path, force: bool, documents: bool = True) -> Built:
    """Load and check `year`, make every page, chart and document, and write the site into `folder`."""
    refuse_output(folder, force)
    files, pages, notes = site_files(data_dir, year, documents)
    replace_folder(folder, files)
    return Built(folder, len(files), pages, notes)


def site_files(data_dir: Path, year: int, documents: bool = True) -> Tuple[Dict[str, bytes], int, Tuple[str, ...]]:
    """The site's files by path, the number of HTML pages, and the notes for the clerk."""
    from thidua.rendering.documents.render import template_dirs
    from thidua.rendering.site import context as sc
    from thidua.rendering.site.pages import site_files as render_files

    checked = usable_year(data_dir, year, None, NOT_DONE)
    loaded = checked.year
    if loaded.bloc is None or loaded.sheet is None:
        raise DataError(f"Năm {year} thiếu bloc.yaml hoặc criteria.yaml; chạy `thidua validate {year}`.")
    rankings = {p: rank_year(loaded, p, checked.warnings) for p, data in loaded.periods.items()
                if data is not None and data.sent}
    histories, nominations, why = _years(data_dir, checked, rankings.get("year"))
    docs, notes = _documents(data_dir, loaded, rankings, nominations) if documents else ((), [])
    site = sc.build_site(sc.SiteInput(loaded, rankings, nominations, why, histories, tuple(d for d, _ in docs),
                                      f"thidua {__version__}"))
    files = render_files(site, template_dirs(data_dir), bundled_root() / "templates")
    files.update({doc.href: data for doc, data in docs})
    files[MANIFEST] = "".join(f"{p}\n" for p in sorted(files)).encode("utf-8")
    pages = sum(1 for p in files if p.endswith(".html"))
    if checked.warnings:
        notes.append(f"các tệp của năm {year} có {checked.warnings} cảnh báo; chạy `thidua validate {year}` để xem.")
    return dict(sorted(files.items())), pages, tuple(notes)


def _years(data_dir: Path, checked: CheckedYear, ranking: Optional[Ranking]):
    """Every year's result for the histories, each year loaded once (the site's own from `checked`),
    and the site year's proposals (None, with why, when they cannot be decided)."""
    from thidua.awards.nominate import nominate_ranked

    target = checked.year.year
    records: Dict[int, YearRecord] = {}
    earlier = earlier_years(data_dir, records)
    results: Dict[int, hist.YearResult] = {}
    proposals, why = None, None
    for year in sorted(set(years(data_dir)) | {target}):
        if year == target:
            end = YearEnd(checked, ranking, None if ranking else ThiduaError("chưa có kết quả cả năm"))
        else:
            end = year_end(data_dir, year)
        records[year] = record_of(end)
        nominations, refused = None, end.refused
        if end.ranking is not None and end.checked.year.awards is not None:
            try:
                nominations = nominate_ranked(end.checked.year, end.ranking, earlier)
            except ThiduaError as exc:
                refused = exc
        if year == target:
            proposals, why = nominations, _why_no_proposals(checked, ranking, refused)
        results[year] = hist.year_result(year, end.checked.year.bloc, end.ranking, end.refused, nominations)
    return hist.histories(results), proposals, why


def _why_no_proposals(checked: CheckedYear, ranking: Optional[Ranking], refused) -> str:
    if ranking is None:
        return "Chưa xét đề nghị khen thưởng: chưa có kết quả chấm điểm cả năm."
    if checked.year.awards is None:
        return "Chưa xét đề nghị khen thưởng: năm này chưa có tệp awards.yaml."
    return f"Chưa xét được đề nghị khen thưởng: {refused}" if refused else ""


DOCUMENTS = (  # (kind, period, file, title)
    ("bao-cao", "h1", "bao-cao-so-ket-{year}.docx", "Báo cáo sơ kết 6 tháng đầu năm {year}"),
    ("bao-cao", "year", "bao-cao-tong-ket-{year}.docx", "Báo cáo tổng kết năm {year}"),
    ("to-trinh", "year", "to-trinh-khen-thuong-{year}.docx", "Tờ trình đề nghị khen thưởng năm {year}"),
    ("bien-ban", "year", "bien-ban-hop-binh-xet-{year}.docx", "Biên bản họp bình xét năm {year}"),
)


def _documents(data_dir: Path, loaded, rankings: Dict[str, Ranking], nominations):
    """The year's documents as `thidua report` makes them (Word), from the same load: (Doc, bytes)
    for each one made, and a note for each one that could not be."""
    from thidua.rendering.documents import context as rc
    from thidua.rendering.documents.render import render, template_dirs
    from thidua.rendering.site.context import Doc

    dirs = template_dirs(data_dir)
    made, notes = [], []
    for kind, period, name, title in DOCUMENTS:
        ranking = rankings.get(period)
        title = title.format(year=loaded.year)
        if ranking is None or (kind != "bao-cao" and nominations is None):
            continue
        if kind == "bao-cao":
            proposals = rc.award_proposals(loaded, nominations) if period == "year" else ()  # as `report` does
            context = rc.build_report(loaded, period, ranking, proposals)
        elif kind == "to-trinh":
            context = rc.build_letter(loaded, ranking, nominations)
        else:
            context = rc.build_minutes(loaded, ranking, nominations)
        try:
            data = render(context, "docx", dirs)
        except ThiduaError as exc:
            notes.append(f"chưa lập được {title[:1].lower() + title[1:]}: {exc.format_message()}")
            continue
        made.append((Doc(title, f"tai-lieu/{name.format(year=loaded.year)}", "Word, do thidua report lập"), data))
    return made, notes
