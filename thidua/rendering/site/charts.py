"""The site's charts: described as data (`Chart`) with the page, drawn as SVG by pygal at the end.

pygal (imported here, by `thidua site` only) writes SVG itself, in pure Python, and is quick to
import (30 ms against matplotlib's 700) and to draw (10 ms a chart against 50); its SVG is made the
same bytes for the same data below: a fixed chart id, no comment carrying the date, no script.
A chart's text alternative (`Chart.alt`) carries its numbers, and the page shows them in a table
beside it. The series colours differ in lightness, so they stay apart when printed in grey, and
the legend names them. With many charts (a page a unit), `draw_all` shares them out among the
machine's processors: drawing is most of the site's time.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from typing import List, NamedTuple, Optional, Sequence, Tuple

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
    """pygal's two charts the site draws, made quicker without changing a byte they write.

    Measured on the 1,000 charts of a 1,000-unit bloc (6 groups, 3 series; CPU, one process):
    pygal as it comes 9.8 ms a chart; `_quick_attributes` 7.2 ms; with `_serie_names` 5.6 ms.
    Tried and dropped: lxml instead of ElementTree (5.9 ms, other bytes)."""
    if not _KINDS:
        import pygal

        _serie_names()
        quick = {"__getattribute__": _quick_attributes}
        # Named as pygal's own: it writes the class name into the SVG.
        _KINDS.append(_Kinds(type("HorizontalBar", (pygal.HorizontalBar,), quick),
                             type("Line", (pygal.Line,), quick)))
    return _KINDS[0]


def _quick_attributes(self, name: str, _get=object.__getattribute__):
    """pygal's `BaseGraph.__getattribute__` (an attribute of the drawing state when it has one, else
    the chart's own) with one dictionary look-up instead of its own recursive calls: it runs
    about 1,800 times a chart and was a quarter of the drawing time."""
    state = _get(self, "__dict__").get("state")
    if state is not None and name != "state" and not name.startswith("__"):
        values = state.__dict__
        if name in values:
            return values[name]
    return _get(self, name)


def _serie_names() -> None:
    """pygal asks `k in dir(SerieConfig())` for each of the ~100 settings of each series (a sixth
    of the drawing time); the names of a new SerieConfig are the same each time, so they are
    listed once (pygal's module-level name is replaced by a subclass, in this process only)."""
    from pygal.graph import base

    if getattr(base.SerieConfig, "_names", None) is not None:
        return
    names = tuple(dir(base.SerieConfig()))

    class SerieConfig(base.SerieConfig):
        _names = names

        def __dir__(self):
            return self._names

    base.SerieConfig = SerieConfig


def _style():
    from pygal.style import Style

    return Style(colors=SERIES_COLOURS, background="white", plot_background="white",
                 foreground="#222222", foreground_strong="#000000", foreground_subtle="#777777",
                 font_family="'Noto Sans', 'DejaVu Sans', Arial, sans-serif", opacity="1", opacity_hover="1",
                 title_font_size=16, label_font_size=12, major_label_font_size=12, legend_font_size=13,
                 value_font_size=11)


def _drop_scripts(root):
    """pygal puts its configuration in a <script> for its tooltips; a picture needs none."""
    for parent in root.iter():
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _render(chart, chart_id: str) -> bytes:
    from pygal.etree import etree

    etree.to_etree()  # the standard library's ElementTree, whether lxml is installed or not: same bytes
    chart.uuid = chart_id  # pygal draws a random one
    chart.add_xml_filter(_drop_scripts)
    svg = chart.render(is_unicode=True)
    return re.sub(r"<!--.*?-->", "", svg, flags=re.S).encode("utf-8")  # the comment carries today's date


def _number(value: Optional[Decimal]) -> Optional[float]:
    return None if value is None else float(value)
