"""thidua.rendering.table draws the "simple" and "pipe" tables exactly as tabulate does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from thidua.rendering.table import pipe, simple, width

# Letters whose width is 1 to every library (tabulate counts len() when wcwidth is not installed).
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
CELL = st.text(alphabet=LETTERS + "0123456789 ,.()-/:;", max_size=14)


@st.composite
def tables(draw):
    columns = draw(st.integers(1, 6))
    headers = draw(st.lists(CELL.filter(lambda h: h == h.strip()), min_size=columns, max_size=columns))
    rows = draw(st.lists(st.lists(CELL, min_size=columns, max_size=columns),
                         min_size=1, max_size=6))  # with no rows tabulate drops the colons
    align = draw(st.lists(st.sampled_from(["left", "right", "center"]), min_size=columns, max_size=columns))
    return rows, headers, align


@settings(max_examples=300, deadline=None)
@given(tables())
def test_same_as_tabulate(table):
    rows, headers, align = table
    for ours, fmt in ((simple, "simple"), (pipe, "pipe")):
        expected = tabulate(rows, headers, tablefmt=fmt, colalign=align, disable_numparse=True)
        assert ours(rows, headers, align) == expected


def test_rank_like_table():
    rows = [["1", "1", "Công an tỉnh", "97,5", "Xuất sắc", "(1)"], ["2", "2", "VKSND tỉnh", "96,5", "Tốt", ""]]
    headers = ["STT", "Hạng", "Đơn vị", "Tổng điểm", "Xếp loại", "Ghi chú"]
    align = ["right", "right", "left", "right", "left", "left"]
    assert simple(rows, headers, align).splitlines() == [
        "  STT    Hạng  Đơn vị          Tổng điểm  Xếp loại    Ghi chú",
        "-----  ------  ------------  -----------  ----------  ---------",
        "    1       1  Công an tỉnh         97,5  Xuất sắc    (1)",
        "    2       2  VKSND tỉnh           96,5  Tốt",
    ]
    assert pipe(rows[:1], headers, align).splitlines()[1] == "|------:|-------:|:-------------|------------:|:-----------|:----------|"


def test_width_counts_columns_not_code_points():
    assert width("Sở Tư pháp") == 10
    assert width("So\u031b") == 2  # a combining horn (NFD) takes no column
    assert width("北京") == 4
    assert simple([["北京"]], ["x"], ["left"]).splitlines()[2] == "北京"
    assert simple([["北京", "a"]], ["x", "y"], ["left", "left"]).splitlines()[2] == "北京  a"


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        simple([["a", "b"]], ["x"], ["left"])
    with pytest.raises(ValueError):
        simple([["a"]], ["x"], ["middle"])


def test_columns_render_the_same_table_in_every_format():
    from thidua.rendering.table import BOM, Column, csv_text, markdown, text

    columns = (Column("Mã", lambda r: r[0]), Column("Điểm", lambda r: r[1], "right"),
               Column("Ghi chú", lambda r: r[2], optional=True))
    rows = [("a|b", "95,5", None), ("c", "7", None)]
    assert text(columns, rows).splitlines() == ["Mã      Điểm", "----  ------", "a|b     95,5", "c          7"]
    assert markdown(columns, rows, escape=True).splitlines()[2] == "| a\\|b |   95,5 |"
    assert csv_text(columns, rows) == BOM + "Mã,Điểm\r\na|b,\"95,5\"\r\nc,7\r\n"
    assert text(columns, [("x", "1", "ghi")]).splitlines()[0] == "Mã      Điểm  Ghi chú"
