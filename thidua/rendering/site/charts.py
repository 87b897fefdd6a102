"""The site's charts: described as data (`Chart`) with the page, drawn as SVG by pygal at the end.

pygal (imported here, by `thidua site` only) writes SVG itself, in pure Python, and is quick to
import (30 ms against matplotlib's 700) and to draw (4 ms a chart, `_pygal`); its SVG is made the
same bytes for the same data below: a fixed chart id, no comment carrying the date, no script.
A chart's text alternative (`Chart.alt`) carries its numbers, and the page shows them in a table
beside it. The series colours differ in lightness, so they stay apart when printed in grey, and
the legend names them. With many charts (a page a unit), `draw_all` shares them out among the
machine's processors: drawing is most of the site's time.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from thidua.numbers import fmt_number

# Dark, middle and light: apart in grey as in colour (lightness about 25%, 58%, 82%).
SERIES_COLOURS = ("#1f3a68", "#5f86c0", "#c4c4c4")
WIDTH = 720
PARALLEL_FROM = 64
"""Charts from which `draw_all` uses a process a processor (fewer are drawn faster than processes start)."""


class Series(NamedTuple):
    label: str
    values: Tuple[Optional[Decimal], ...]  # one a label of the x axis; None: no value there


class Chart(NamedTuple):
    """A chart to draw: `kind` "bars" (horizontal, one group a label, the first on top, from 0 to
    `maximum`) or "lines" (a line a series across the labels, from `minimum` to `maximum`)."""

    kind: str
    name: str  # file name, e.g. "cong-an-year.svg"
    title: str
    labels: Tuple[str, ...]
    series: Tuple[Series, ...]
    maximum: Optional[Decimal] = None
    minimum: Optional[Decimal] = None
    unit_word: str = "điểm"  # after each number in the text alternative ("%": none, no space)

    @property
    def alt(self) -> str:
        """'Title. Nhóm 1: Đơn vị 25 điểm, Cao nhất 28 điểm; Nhóm 2: ...' (a missing value: 'không có')."""
        def said(value: Optional[Decimal]) -> str:
            if value is None:
                return "không có"
            return fmt_number(value) + ("" if self.unit_word in ("", "%") else " ") + self.unit_word

        parts = [f"{label}: " + ", ".join(f"{s.label} {said(s.values[i])}" for s in self.series)
                 for i, label in enumerate(self.labels)]
        return f"{self.title}. " + "; ".join(parts) + "."


def draw_all(charts: Sequence[Chart]) -> List[bytes]:
    """Each chart's SVG, in order; many charts are drawn by several processes (same bytes)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(charts) < PARALLEL_FROM or workers < 2:
        return [draw(c) for c in charts]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from thidua.rendering.documents.worker import START_METHOD

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(START_METHOD)) as pool:
        return list(pool.map(draw, charts, chunksize=max(1, len(charts) // (workers * 4))))


def draw(chart: Chart) -> bytes:
    """One chart's SVG."""
    pygal = _pygal()

    def formatter(value) -> str:
        return fmt_number(Decimal(str(value)))

    common = dict(title=chart.title, style=_style(), js=[], disable_xml_declaration=True, width=WIDTH,
                  legend_at_bottom=True, legend_at_bottom_columns=3, print_values=False, truncate_label=-1,
                  truncate_legend=-1, value_formatter=formatter)
    if chart.kind == "bars":
        height = 120 + len(chart.labels) * (10 + 16 * max(1, len(chart.series)))
        drawn = pygal.Bars(range=(0, float(chart.maximum or 100)), height=height,
                                    x_labels=list(reversed(chart.labels)), **common)
        for s in chart.series:  # pygal draws the first label at the bottom
            drawn.add(s.label, [_number(v) for v in reversed(s.values)])
    elif chart.kind == "lines":
        scale = {} if chart.minimum is None or chart.maximum is None else {
            "range": (float(chart.minimum), float(chart.maximum))}
        drawn = pygal.Lines(dots_size=5, stroke_style={"width": 3}, margin_left=40, margin_right=70,  # the last label
                           allow_interruptions=True, height=300, x_labels=list(chart.labels), **scale, **common)
        for s in chart.series:
            drawn.add(s.label, [_number(v) for v in s.values])
    else:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    return _render(drawn, chart.name.rsplit(".", 1)[0])


class _Kinds(NamedTuple):
    Bars: type
    Lines: type


_KINDS: List[_Kinds] = []


def _pygal() -> _Kinds:
    """pygal's two charts the site draws, made quicker; the pictures are the same.

    Measured on the 1,002 charts of a 1,000-unit bloc (1,000 of 6 groups x 3 series, two of 1,000
    bars; CPU a chart, one process, each step with the ones before, on a busy machine): pygal as it
    comes 11.0 ms; `_quick_attributes` and SerieConfig's names listed once 7.1 ms (same bytes); no
    <script> 6.5 ms (same bytes); `_no_tooltip` 5.1 ms; the CSS made once a kind of chart 3.9 ms
    (same bytes); `_render` 3.4-3.6 ms (same bytes). Tried and dropped: lxml instead of ElementTree
    (no quicker, other bytes)."""
    if not _KINDS:
        import pygal

        _quicker_modules()
        quick = {"__getattribute__": _quick_attributes, "_tooltip_data": _no_tooltip}
        # Named as pygal's own: it writes the class name into the SVG.
        _KINDS.append(_Kinds(type("HorizontalBar", (pygal.HorizontalBar,), quick),
                             type("Line", (pygal.Line,), quick)))
    return _KINDS[0]


def _quick_attributes(self, name: str, _get=object.__getattribute__):
    """pygal's `BaseGraph.__getattribute__` (an attribute of the drawing state when it has one, else
    the chart's own) with one dictionary look-up instead of its own recursive calls: it runs
    about 1,800 times a chart and was a quarter of the drawing time."""
    state = _get(self, "__dict__").get("state")
    if state is not None:
        values = state.__dict__
        if name in values and name != "state" and not name.startswith("__"):
            return values[name]
    return _get(self, name)


def _no_tooltip(self, *args, **kwargs) -> None:
    """pygal writes each bar's and dot's value and label as <desc> elements for its tooltip script,
    which the site does not ship; an <img>'s SVG is no part of the page's accessible text either
    (the page has `Chart.alt` and a table with the numbers). So nothing is written."""


_ANY_ID = "#chart-thidua-any-chart "  # as pygal writes a chart's id in its CSS: "#chart-<id> " (the space
# goes before "{" once shortened)


def _quicker_modules() -> None:
    """Two of pygal's classes, replaced in its `graph.base` module (in this process: only `thidua
    site` imports pygal) by subclasses that skip work whose result the site does not keep:

    - SerieConfig: pygal asks `k in dir(SerieConfig())` for each of the ~100 settings of each
      series (a sixth of the drawing time); a new one has the same names each time, listed once;
    - Svg: `add_scripts` writes pygal's settings as JSON into a <script> for its tooltips, which
      the site's pictures do not run; it writes nothing (the SVG had them removed afterwards);
      `add_styles` reads, fills in and shortens three CSS files a chart, the same but for the
      chart's id: made once for each kind of chart with a stand-in id, then the id put in."""
    from pygal.graph import base

    svg = getattr(base, "Svg", None)
    if not (hasattr(base, "SerieConfig") and all(hasattr(svg, n) for n in ("add_scripts", "add_styles"))):
        return  # another pygal than the one measured: draw as it does (slower, never wrong)
    if getattr(base.SerieConfig, "thidua", False):
        return
    names = tuple(dir(base.SerieConfig()))

    class SerieConfig(base.SerieConfig):
        thidua = True

        def __dir__(self):
            return names

    styles: Dict[tuple, str] = {}

    class Svg(base.Svg):
        def add_scripts(self) -> None:
            pass

        def add_styles(self) -> None:
            graph = self.graph
            key = (graph._order, self.get_strokes(), tuple(graph.css), graph.pretty_print)  # the style is `_style()`
            if key not in styles:
                chart_id, self.id = self.id, _ANY_ID
                super().add_styles()
                self.id = chart_id
                styles[key] = self.defs[-1].text
                self.defs.remove(self.defs[-1])
            self.node(self.defs, "style", type="text/css").text = styles[key].replace(_ANY_ID.rstrip(), self.id.rstrip())

    base.SerieConfig, base.Svg = SerieConfig, Svg


def _style():
    from pygal.style import Style

    return Style(colors=SERIES_COLOURS, background="white", plot_background="white",
                 foreground="#222222", foreground_strong="#000000", foreground_subtle="#777777",
                 font_family="'Noto Sans', 'DejaVu Sans', Arial, sans-serif", opacity="1", opacity_hover="1",
                 title_font_size=16, label_font_size=12, major_label_font_size=12, legend_font_size=13,
                 value_font_size=11)


def _render(chart, chart_id: str) -> bytes:
    """The chart's SVG, written from pygal's tree by ElementTree as text (pygal's `render` has it
    written as UTF-8 through a text wrapper, a codec call for each of ~650 pieces: 3.6 -> 3.3 ms a
    chart), without pygal's comments (one carries today's date)."""
    from xml.etree import ElementTree

    from pygal.etree import etree

    etree.to_etree()  # the standard library's ElementTree, whether lxml is installed or not: same bytes
    chart.uuid = chart_id  # pygal draws a random one
    root = chart.render_tree()
    for comment in [node for node in root if node.tag is ElementTree.Comment]:
        root.remove(comment)
    return ElementTree.tostring(root, encoding="unicode").encode("utf-8")


def _number(value: Optional[Decimal]) -> Optional[float]:
    return None if value is None else float(value)
