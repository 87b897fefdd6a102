"""The site's files: each page from its template (`templates/site/`), the charts, the style and script.

Templates are found as the report's are (`documents.render.template_dirs`): the bloc's own
`templates/site/<page>.html.j2` first, then the shipped one, and run in the same sandbox, with
autoescape on, so a name from the data is always text. When the bloc has templates of its own the
pages are made in a child process bounded in time, memory and output (`documents.worker`).

Links are relative (`root`), so the site works from a folder, from file:// and under any address.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Optional, Sequence

from thidua.rendering.documents import worker
from thidua.rendering.documents.render import TEMPLATE_MEMORY, TEMPLATE_SECONDS, named_renderer
from thidua.rendering.site.charts import draw_all
from thidua.rendering.site.context import HEATMAP_FILE, NOMINATIONS_FILE, Site, chart_file

STATIC = Path(__file__).resolve().parent / "static"
ASSETS = ("site.css", "sort.js")  # copied to assets/
SITE_OUTPUT = 500 * 2**20
"""Largest site a bloc's templates may make (500 MB; the sample's pages are 0.3 MB, a bloc of
1,000 units about 60 MB)."""


def site_files(site: Site, dirs: Sequence[Path], shipped: Path) -> Dict[str, bytes]:
    """Every file of the site by its path inside the output folder, in a fixed order. Of the
    template folders `dirs` (the bloc's first), those with a `site/` folder are used: a bloc that
    overrides only its report's templates has its site made from the shipped ones, in-process."""
    dirs = [d for d in dirs if d.resolve() == shipped.resolve() or (d / "site").is_dir()]
    if all(d.resolve() == shipped.resolve() for d in dirs):
        pages = render_pages(site, dirs, shipped_only=True)
    else:
        limits = worker.Limits(TEMPLATE_SECONDS, TEMPLATE_MEMORY, SITE_OUTPUT)
        pages = json.loads(worker.run(_pages_json, (site, dirs, limits), limits).decode("utf-8"))
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    for chart, svg in zip(site.charts, draw_all(site.charts)):
        files[chart_file(chart.name)] = svg
    for name in ASSETS:
        files[f"assets/{name}"] = (STATIC / name).read_bytes()
    return dict(sorted(files.items()))


def _pages_json(site: Site, dirs: Sequence[Path], limits: worker.Limits) -> bytes:
    return json.dumps(render_pages(site, dirs, limits), ensure_ascii=False).encode("utf-8")


def render_pages(site: Site, dirs: Sequence[Path], limits: Optional[worker.Limits] = None,
                 shipped_only: bool = False) -> Dict[str, str]:
    """The HTML pages: home, a ranking a period, a page a unit, the criteria heatmap, the proposals.
    `shipped_only`: the templates are the package's own, run without Jinja's sandbox (a bloc's run
    in it, in a bounded child process: `site_files`)."""
    render = named_renderer(dirs, autoescape=True, limits=limits, shipped_only=shipped_only)

    def page(path: str, template: str, title: str, **fields) -> None:
        root = "../" * path.count("/")
        pages[path] = render(f"site/{template}.html.j2", dict(
            site=site, root=root, path=path, title=title, chart_file=chart_file, **fields))

    pages: Dict[str, str] = {}
    page("index.html", "index", f"{site.bloc}: năm thi đua {site.year}", home=site.home)
    for ranking in site.rankings:
        page(ranking.file, "ranking", ranking.title, ranking=ranking)
    for unit in site.units:
        page(unit.file, "unit", f"{unit.name}: kết quả thi đua năm {site.year}", unit=unit)
    if site.heatmap is not None:
        page(HEATMAP_FILE, "heatmap", f"Điểm theo tiêu chí, {site.heatmap.words} {site.year}", heatmap=site.heatmap)
    page(NOMINATIONS_FILE, "nominations", f"Đề nghị khen thưởng năm {site.year}", nominations=site.nominations)
    return pages
