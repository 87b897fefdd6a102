"""The site's charts as SVG, drawn by pygal.

pygal (imported here, by `thidua site` only) writes SVG itself, in pure Python, and is quick to
import (30 ms against matplotlib's 700) and to draw (8 ms a chart against 50); its SVG is made the
same bytes for the same data below: a fixed chart id, no comment carrying the date, no script.
Each chart comes with a text alternative that carries its numbers (`Chart.alt`); the page shows
the same numbers in a table beside it. The series colours differ in lightness, so they stay apart
when printed in grey, and the legend names them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple, Optional, Sequence, Tuple

from thidua.numbers import fmt_number

# Dark, middle and light: apart in grey as in colour (lightness about 25%, 58%, 82%).
SERIES_COLOURS = ("#1f3a68", "#5f86c0", "#c4c4c4")
WIDTH = 720


class Chart(NamedTuple):
    """An SVG picture and its text alternative (the numbers it shows, in words)."""

    name: str  # file name, e.g. "cong-an-nhom.svg"
    svg: bytes
    alt: str


class Series(NamedTuple):
    label: str
    values: Tuple[Optional[Decimal], ...]  # one a label of the x axis; None: no value there


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


def _common(title: str, labels: Sequence[str], height: int) -> dict:
    return dict(title=title, style=_style(), js=[], disable_xml_declaration=True, width=WIDTH, height=height,
                legend_at_bottom=True, legend_at_bottom_columns=3, print_values=False, show_minor_x_labels=True,
                truncate_label=-1, truncate_legend=-1, x_labels=list(labels))


def bars(name: str, title: str, labels: Sequence[str], series: Sequence[Series], maximum: Decimal,
         unit_word: str = "điểm") -> Chart:
    """Horizontal bars, one group a label (the first on top), one bar a series, from 0 to `maximum`."""
    import pygal

    height = 120 + len(labels) * (10 + 16 * max(1, len(series)))
    chart = pygal.HorizontalBar(range=(0, float(maximum)), value_formatter=lambda v: fmt_number(Decimal(str(v))),
                                **_common(title, list(reversed(labels)), height))
    for s in series:  # pygal draws the first label at the bottom
        chart.add(s.label, [_number(v) for v in reversed(s.values)])
    return Chart(name, _render(chart, name.rsplit(".", 1)[0]), _alt(title, labels, series, unit_word))


def lines(name: str, title: str, labels: Sequence[str], series: Sequence[Series], unit_word: str = "điểm",
          minimum: Optional[Decimal] = None, maximum: Optional[Decimal] = None) -> Chart:
    """A line a series across the labels (years), on a scale from `minimum` to `maximum` if given."""
    import pygal

    options = {}
    if minimum is not None and maximum is not None:
        options["range"] = (float(minimum), float(maximum))
    chart = pygal.Line(dots_size=5, stroke_style={"width": 3}, margin_left=40, margin_right=70,  # room for the last year's label allow_interruptions=True,
                       value_formatter=lambda v: fmt_number(Decimal(str(v))), **options,
                       **_common(title, labels, 300))
    for s in series:
        chart.add(s.label, [_number(v) for v in s.values])
    return Chart(name, _render(chart, name.rsplit(".", 1)[0]), _alt(title, labels, series, unit_word))


def _alt(title: str, labels: Sequence[str], series: Sequence[Series], unit_word: str) -> str:
    """'Title. Nhóm 1: Đơn vị 25 điểm, Cao nhất 28 điểm; Nhóm 2: ...' (a missing value: 'không có')."""
    def said(value: Optional[Decimal]) -> str:
        if value is None:
            return "không có"
        return fmt_number(value) + ("" if unit_word in ("", "%") else " ") + unit_word

    parts = [f"{label}: " + ", ".join(f"{s.label} {said(s.values[i])}" for s in series)
             for i, label in enumerate(labels)]
    return f"{title}. " + "; ".join(parts) + "."
