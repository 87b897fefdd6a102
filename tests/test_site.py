"""`thidua site`: the sample's site has every page, its links resolve, its tables hold the ranking's
numbers; names from the data are escaped; same data, same bytes; nothing is fetched from the
network; a bloc's own template replaces the shipped one; bad output folders are refused."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from conftest import SAMPLE, copy_data, run_thidua, write_files

from thidua.commands.site import MANIFEST


class Page(HTMLParser):
    """The links, images and table rows of one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.refs: List[Tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tables: List[List[List[Tuple[str, str]]]] = []  # table -> row -> (text, data-sort)
        self.alts: List[str] = []
        self._cell = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name in ("href", "src"):
            if name in found:
                self.refs.append((tag, name, found[name]))
        if tag == "img":
            self.alts.append(found.get("alt") or "")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self._cell = ["", found.get("data-sort", "")]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append((self._cell[0].strip(), self._cell[1]))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data


def build(data: Path, out: Path, *args: str):
    done = run_thidua("site", "-o", str(out), *args, data=data)
    assert done.exit_code == 0, done.output
    return done


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build(SAMPLE, out)
    return out


def html_pages(site: Path) -> Dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_the_sample_has_every_page_and_every_link_resolves(sample_site):
    pages = html_pages(sample_site)
    units = json.loads(run_thidua("units", "2020", "--format", "json", data=SAMPLE).output)
    ids = [u["id"] for u in (units["units"] if isinstance(units, dict) else units)]
    expected = {"index.html", "xep-hang-6-thang.html", "xep-hang-ca-nam.html", "tieu-chi.html", "khen-thuong.html"}
    assert expected | {f"don-vi/{i}.html" for i in ids} == set(pages)
    for path, text in pages.items():
        page = Page(text)
        assert page.refs, path
        for tag, attr, ref in page.refs:
            if ref.startswith("#"):
                assert f'id="{ref[1:]}"' in text, f"{path}: no target for {ref}"
                continue
            target = (sample_site / path).parent / ref.split("#")[0]
            assert target.resolve().is_file(), f"{path}: <{tag} {attr}={ref}> leads nowhere"
    listed = (sample_site / MANIFEST).read_text(encoding="utf-8").split()
    assert sorted(p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*") if p.is_file()) == \
        sorted(listed + [MANIFEST])
    home = pages["index.html"]
    for doc in ("bao-cao-tong-ket-2020.docx", "bao-cao-so-ket-2020.docx", "to-trinh-khen-thuong-2020.docx"):
        assert f'href="tai-lieu/{doc}"' in home


@pytest.mark.parametrize("period,page", [("year", "xep-hang-ca-nam.html"), ("h1", "xep-hang-6-thang.html")])
def test_the_ranking_tables_hold_the_numbers_of_rank_json(sample_site, period, page):
    args = ["rank", "2020", "--format", "json"] + (["--half", "1"] if period == "h1" else [])
    ranked = json.loads(run_thidua(*args, data=SAMPLE).output)
    table = Page((sample_site / page).read_text(encoding="utf-8")).tables[0]
    head, rows = [c for c, _ in table[0]], table[1:]
    col = {name: head.index(name) for name in ("Hạng", "Đơn vị", "Tự chấm", "Thẩm định", "Tổng điểm", "Xếp loại")}
    assert len(rows) == len(ranked["standings"]) + len(ranked["not_submitted"])
    for row, want in zip(rows, ranked["standings"]):
        assert row[col["Đơn vị"]][0] == want["label"]
        assert row[col["Hạng"]][0] == str(want["rank"])
        for name, key in (("Tự chấm", "self_points"), ("Thẩm định", "checked_points"), ("Tổng điểm", "total")):
            assert json.loads(row[col[name]][1]) == want[key], (want["unit"], name)
        assert row[col["Xếp loại"]][0] == (want["grade"] or "")
    unit = ranked["standings"][0]
    own = (sample_site / "don-vi" / f"{unit['unit']}.html").read_text(encoding="utf-8")
    total = str(unit["total"]).replace(".", ",")
    assert f"hạng {unit['rank']}/{len(ranked['standings'])}, {total} điểm" in own


def test_unit_pages_explain_the_total_and_give_charts_their_numbers(sample_site):
    ranked = json.loads(run_thidua("rank", "2020", "--format", "json", data=SAMPLE).output)
    for want in ranked["standings"]:
        text = (sample_site / "don-vi" / f"{want['unit']}.html").read_text(encoding="utf-8")
        total = str(want["total"]).replace(".", ",")
        assert re.search(rf"<li>Tổng điểm: [^<]* = {re.escape(total)}[.< ]", text), want["unit"]
        page = Page(text)
        assert len(page.alts) == 2, want["unit"]  # the year end's groups; total and rank across the years
        assert "Nhóm 1:" in page.alts[0] and "2019 (hạng " in page.alts[1]
        groups = [g for g in ranked["standings"] if g["unit"] == want["unit"]][0]["groups"]
        assert all(f"Nhóm {g}: {want['label']} " in page.alts[0] for g in groups)
    heat = (sample_site / "tieu-chi.html").read_text(encoding="utf-8")
    grid = [t for t in Page(heat).tables if len(t) > 1 and t[0][0][0] == "Đơn vị"][0]
    assert len(grid) == 1 + len(ranked["standings"]) + 1  # head, units, the bloc's average
    first = {row[0][0]: row[1:] for row in grid[1:]}[ranked["standings"][0]["label"]]
    assert [cell for cell, _ in first][:1] == ["100%"]  # Công an tỉnh, criterion 1.1: 5 of 5


def test_passed_over_units_say_what_is_required_and_what_they_have(sample_site):
    nominated = json.loads(run_thidua("nominate", "2020", "--format", "json", data=SAMPLE).output)
    text = (sample_site / "khen-thuong.html").read_text(encoding="utf-8")
    rows = [r for t in Page(text).tables for r in t]
    for award in nominated["awards"]:
        for p in award["passed_over"]:
            assert any(r[0][0] == p["label"] and (p["reason"]["required"], "") in r and (p["reason"]["actual"], "") in r
                       for r in rows), (award["id"], p["unit"])


def test_same_data_same_bytes(sample_site, tmp_path):
    again = tmp_path / "again"
    build(SAMPLE, again)
    first = {p.relative_to(sample_site): p.read_bytes() for p in sample_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_nothing_is_fetched_from_the_network(sample_site):
    for path in sorted(sample_site.rglob("*")):
        if path.suffix in (".html", ".svg", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I), path
            assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", text, re.I), path
            assert "@import" not in text, path
        if path.suffix == ".svg":
            assert "<script" not in path.read_text(encoding="utf-8"), path


HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def test_names_from_the_data_are_escaped_everywhere(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    bloc = data / "2020" / "bloc.yaml"
    text = bloc.read_text(encoding="utf-8")
    for key in ("name", "    name", "    short_name"):  # the bloc's name, the first unit's names
        text = re.sub(rf"^{key}: .*$", f"{key}: {json.dumps(HOSTILE)}", text, count=1, flags=re.M)
    bloc.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    build(data, out, "--no-documents")
    seen = 0
    for path in sorted(out.rglob("*")):
        if path.suffix in (".html", ".svg"):
            body = path.read_text(encoding="utf-8")
            assert "<script>alert" not in body and "<img src=x" not in body, path
            seen += "&lt;script&gt;alert" in body
    assert seen > 5


def test_a_bloc_template_replaces_the_shipped_one(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    write_files(tmp_path, {"templates/site/unit.html.j2":
                           '{% extends "site/_layout.html.j2" %}{% block content %}'
                           '<p class="own">Mẫu của Khối: {{ unit.name }}, {{ unit.periods|length }} kỳ</p>'
                           '{% endblock %}'})
    out = tmp_path / "site"
    build(data, out, "--no-documents")
    unit = (out / "don-vi" / "thanh-tra.html").read_text(encoding="utf-8")
    assert '<p class="own">Mẫu của Khối: Thanh tra tỉnh Bắc Giang, 2 kỳ</p>' in unit
    assert "Tổng điểm được tính thế nào" not in unit
    assert "Bảng tổng hợp điểm thi đua năm 2020" in (out / "xep-hang-ca-nam.html").read_text(encoding="utf-8")


def test_an_error_in_a_bloc_template_names_its_line(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    write_files(tmp_path, {"templates/site/index.html.j2": "<p>\n{{ home.chairman }}</p>\n"})
    done = run_thidua("site", "-o", str(tmp_path / "site"), "--no-documents", data=data)
    assert done.exit_code == 1
    assert "templates/site/index.html.j2:2" in done.output and "chairman" in done.output
    assert not (tmp_path / "site").exists()


def test_an_existing_folder_is_replaced_only_with_force_and_only_when_it_is_a_site(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    refused = run_thidua("site", "-o", str(out), data=SAMPLE)
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = run_thidua("site", "-o", str(out), "--force", data=SAMPLE)
    assert forced.exit_code == 1 and "ghi-chu.txt" in forced.output
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "của tôi"
    shutil.rmtree(out)
    build(SAMPLE, out, "--no-documents")
    (out / "don-vi" / "cu.html").write_text("", encoding="utf-8")
    assert run_thidua("site", "-o", str(out), "--force", data=SAMPLE).exit_code == 1  # not one of ours
    (out / "don-vi" / "cu.html").unlink()
    build(SAMPLE, out, "--force")
    assert (out / "tai-lieu").is_dir()
    build(SAMPLE, out, "--force", "--no-documents")
    assert not (out / "tai-lieu").exists()  # the old site's files went with it
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_data_with_errors_is_refused(tmp_path):
    data = copy_data(SAMPLE, tmp_path)
    report = data / "2020" / "year" / "thanh-tra.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("unit: thanh-tra", "unit: [thanh-tra"),
                      encoding="utf-8")
    done = run_thidua("site", "-o", str(tmp_path / "site"), data=data)
    assert done.exit_code == 1
    assert "chưa dựng được trang tổng quan" in done.output and "Traceback" not in done.output
    assert not (tmp_path / "site").exists()


def test_a_new_bloc_without_reports_gets_a_site(tmp_path):
    assert run_thidua("init", str(tmp_path / "khoi"), "--year", "2026").exit_code == 0
    out = tmp_path / "site"
    build(tmp_path / "khoi" / "data", out)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Đã gửi báo cáo tự chấm: <strong>0/" in home and "Chưa xếp hạng." in home
    assert "chưa có kết quả chấm điểm cả năm" in (out / "khen-thuong.html").read_text(encoding="utf-8")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package (.ci/run installs it)")
@pytest.mark.parametrize("page", ["index.html", "don-vi/thanh-tra.html", "tieu-chi.html"])
def test_pages_render_in_headless_chromium_without_console_errors(sample_site, tmp_path, page):
    shot = tmp_path / "shot.png"
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0",
                           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1600",
                           f"--screenshot={shot}", (sample_site / page).as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert shot.is_file(), done.stderr
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    colours = _png_colours(shot.read_bytes())
    assert colours > 20, "the screenshot is (nearly) blank"


def _png_colours(data: bytes) -> int:
    """How many different byte patterns a sample of a PNG's pixels has (8-bit RGB or RGBA): rows are
    read as stored, after their PNG filter, which keeps a blank page at one or two and a drawn one at
    hundreds; a measure of "not blank", not of colours."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            chunks += body
        pos += 12 + size
    raw = zlib.decompress(chunks)
    stride = width * channels + 1
    seen = set()
    for y in range(0, height, 7):
        row = raw[y * stride:(y + 1) * stride]
        seen.update(row[1 + x:1 + x + channels] for x in range(0, width * channels, channels * 5))
    return len(seen)


def test_the_init_workflow_builds_the_site_and_publishes_it_only_when_asked():
    import yaml

    from thidua.commands.init import workflow_text

    flow = yaml.safe_load(workflow_text())
    steps = flow["jobs"]["thi-dua"]["steps"]
    built = [i for i, s in enumerate(steps) if s.get("run", "").startswith("thidua site -o trang")]
    kept = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert built and kept and built[0] < kept[0] and steps[kept[0]]["with"]["path"] == "trang"
    deploy = flow["jobs"]["cong-bo"]
    assert deploy["needs"] == "thi-dua" and "vars.THIDUA_PAGES == 'true'" in deploy["if"]
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert flow["permissions"] == {"contents": "read"}  # the job that runs thidua cannot publish


def test_a_disk_full_halfway_keeps_the_old_site_and_no_temporary_folder(tmp_path, monkeypatch):
    import builtins
    import errno

    from thidua import fileio

    out = tmp_path / "site"
    build(SAMPLE, out, "--no-documents")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    opened = []

    def full_disk(path, mode="r", *args, **kwargs):
        opened.append(path)
        if len(opened) > 10:
            raise OSError(errno.ENOSPC, "No space left on device")
        return builtins.open(path, mode, *args, **kwargs)

    monkeypatch.setattr(fileio, "open", full_disk, raising=False)
    done = run_thidua("site", "-o", str(out), "--force", data=SAMPLE)
    assert done.exit_code == 1 and "ổ đĩa đã hết chỗ trống" in done.output, done.output
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_bloc_with_report_templates_only_gets_the_shipped_site(tmp_path, monkeypatch):
    from thidua.rendering.documents import worker

    data = copy_data(SAMPLE, tmp_path)
    write_files(tmp_path, {"templates/bao-cao.md.j2": "Báo cáo riêng của Khối\n"})
    monkeypatch.setattr(worker, "run", lambda *a, **k: pytest.fail("no child process for shipped templates"))
    out = tmp_path / "site"
    build(data, out, "--no-documents")
    assert "Tổng điểm được tính thế nào" in (out / "don-vi" / "thanh-tra.html").read_text(encoding="utf-8")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package (.ci/run installs it)")
def test_the_sorting_script_runs_from_file_urls(sample_site, tmp_path):
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
                           "--dump-dom", (sample_site / "xep-hang-ca-nam.html").as_uri()],
                          capture_output=True, text=True, timeout=120)
    heads = re.findall(r"<th scope=\"col\"[^>]*><button type=\"button\">([^<]*)</button></th>", done.stdout)
    assert heads[:3] == ["STT", "Hạng", "Đơn vị"], done.stdout[:2000]


def test_charts_drawn_by_several_processes_are_the_same_bytes(sample_site, tmp_path, monkeypatch):
    from thidua.rendering.site import charts

    monkeypatch.setattr(charts, "PARALLEL_FROM", 2)
    monkeypatch.setattr(charts.os, "cpu_count", lambda: 2)
    out = tmp_path / "site"
    build(SAMPLE, out, "--no-documents")
    for svg in sorted((sample_site / "bieu-do").iterdir()):
        assert (out / "bieu-do" / svg.name).read_bytes() == svg.read_bytes(), svg.name


@pytest.mark.parametrize("name,args", [
    ("bao-cao-so-ket-2020.docx", ["--half", "1"]),
    ("bao-cao-tong-ket-2020.docx", []),
    ("to-trinh-khen-thuong-2020.docx", ["--kind", "to-trinh"]),
    ("bien-ban-hop-binh-xet-2020.docx", ["--kind", "bien-ban"]),
])
def test_the_documents_to_download_are_what_report_makes(sample_site, tmp_path, name, args):
    out = tmp_path / name
    done = run_thidua("report", "2020", *args, "-o", str(out), data=SAMPLE)
    assert done.exit_code == 0, done.output
    assert (sample_site / "tai-lieu" / name).read_bytes() == out.read_bytes()


QUICK_VS_PLAIN = r'''
import re, sys
from decimal import Decimal as D
import pygal
from thidua.rendering.site import charts
from thidua.rendering.site.charts import Chart, Series

drawn = [
    Chart("bars", "dv-01-year.svg", "Điểm từng nhóm", ("Nhóm 1", "Nhóm 2", "Nhóm 3"),
          (Series("Sở <Tư pháp>", (D("80.5"), None, D(100))), Series("Cao nhất", (D(90), D(70), D(100))),
           Series("Trung vị", (D(60), D(50), D("75.25")))), D(100), unit_word="%"),
    Chart("lines", "dv-01-history.svg", "Qua các năm", ("2019", "2020", "2021"),
          (Series("Tổng điểm", (D(91), None, D("95.5"))),), D(100), D(80)),
    Chart("lines", "dv-02-history.svg", "Qua các năm", ("2019", "2020"), (Series("Hạng", (D(3), D(1))),)),
]
# pygal's own classes and modules, but for the tooltip values the site never writes
charts._KINDS.append(charts._Kinds(*(type(k.__name__, (k,), {"_tooltip_data": charts._no_tooltip})
                                     for k in (pygal.HorizontalBar, pygal.Line))))
plain = [re.sub(r"<script.*?</script>", "", charts.draw(c).decode(), flags=re.S) for c in drawn]
charts._KINDS.clear()
quick = [charts.draw(c).decode() for c in drawn] + [charts.draw(c).decode() for c in drawn]  # the CSS made, then reused
assert quick[:3] == plain and quick[3:] == plain, "quick charts differ from pygal's own"
for chart, svg in zip(drawn, quick):
    own = "#chart-" + chart.name[:-4]
    assert own in svg and "thidua-any-chart" not in svg and "<desc" not in svg and "<script" not in svg
print("ok")
'''


def test_the_quicker_charts_are_pygals_own_pictures():
    """`charts._pygal`'s shortcuts (attributes, names, no script, CSS made once, text output) change
    no byte of what pygal draws, but for the tooltip values; in a fresh process, as pygal is patched."""
    done = subprocess.run([sys.executable, "-c", QUICK_VS_PLAIN], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
