"""thidua.reading.yamlread (one file into positioned nodes) and thidua.reading.spec (nodes into typed records)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

import pytest

from thidua.problems import Src
from thidua.reading.spec import (INVALID, Bool, Ctx, Date, DictOf, Key, Int, ListOf, Num, Obj, Share, Slug, Str, Text,
                         convert_file)
from thidua.reading.yamlread import MAX_DEPTH, MAX_FILE_BYTES, Scalar, Seq, parse_yaml_bytes, read_yaml


def parse(text: str):
    return parse_yaml_bytes(text.encode("utf-8"), "t.yaml")


def one(text: str):
    """The single problem of a text that must fail: (code, line, col, message)."""
    node, problems = parse(text)
    assert node is None and len(problems) == 1, problems
    p = problems[0]
    return p.code, p.src.line, p.src.col, p.message


def value(text: str, key: str) -> Scalar:
    node, problems = parse(text)
    assert problems == []
    found = node.get(key)
    assert isinstance(found, Scalar)
    return found


# --- scalars stay text -------------------------------------------------------

@pytest.mark.parametrize("written", ["1.10", "no", "NO", "yes", "off", "01", "1e3", "0x10", "1_000", ".inf",
                                     "2020-01-01", "0o17", "+5"])
def test_plain_scalars_keep_their_spelling(written):
    assert value(f"a: {written}\n", "a").text == written


def test_keys_keep_their_spelling():
    node, problems = parse("1.1: x\n1.10: y\nno: z\n01: w\n")

    assert problems == []
    assert [k.text for k, _ in node.items] == ["1.1", "1.10", "no", "01"]


def test_plain_null_and_quoted_null():
    assert value("a: ~\n", "a").is_null
    assert value("a:\n", "a").is_null
    assert value("a: null\n", "a").is_null
    assert not value('a: "null"\n', "a").is_null
    assert not value("a: !!str null\n", "a").is_null


def test_quoted_scalars_are_not_plain():
    assert value("a: '1.10'\n", "a").plain is False
    assert value("a: 1.10\n", "a").plain is True


def test_block_scalar_text():
    assert value("a: |\n  dòng một\n  dòng hai\n", "a").text == "dòng một\ndòng hai\n"


# --- positions -----------------------------------------------------------------

def test_positions_are_one_based():
    node, _ = parse("unit: a\nscores:\n  \"1.1\": 9\n  items: [x, y]\n")

    scores = node.get("scores")
    key, score = scores.items[0]
    items = scores.get("items")
    assert node.src == Src("t.yaml", 1, 1)
    assert node.get("unit").src == Src("t.yaml", 1, 7)
    assert scores.src == Src("t.yaml", 3, 3)
    assert (key.src.line, key.src.col) == (3, 3)
    assert (score.src.line, score.src.col) == (3, 10)
    assert isinstance(items, Seq)
    assert [(i.src.line, i.src.col) for i in items.items] == [(4, 11), (4, 14)]


def test_windows_line_endings():
    node, problems = parse_yaml_bytes(b"a: 1\r\nb: 2\r\nb: 3\r\n", "t.yaml")

    assert node.get("a").text == "1"
    assert [(p.code, p.src.line, p.src.col) for p in problems] == [("duplicate-key", 3, 1)]


def test_quoted_scalar_position_is_at_the_quote():
    assert value('a:   "x"\n', "a").src.col == 6


# --- duplicate keys ---------------------------------------------------------------

def test_duplicate_key_is_reported_at_the_second_with_the_first_line():
    node, problems = parse("scores:\n  \"1.1\": 9\n  \"1.2\": 5\n  \"1.1\": 8\n")

    assert [(p.code, p.src.line, p.src.col) for p in problems] == [("duplicate-key", 4, 3)]
    assert "dòng 2" in problems[0].message
    assert "'1.1'" in problems[0].message
    # the first value is kept, the duplicate dropped: nothing is silently replaced
    assert node.get("scores").get("1.1").text == "9"


def test_duplicate_keys_in_different_mappings_are_fine():
    _, problems = parse("a:\n  x: 1\nb:\n  x: 2\n")

    assert problems == []


def test_every_duplicate_is_reported():
    _, problems = parse("a: 1\na: 2\nb: 1\nb: 2\n")

    assert [(p.code, p.src.line) for p in problems] == [("duplicate-key", 2), ("duplicate-key", 4)]


def test_keys_1_1_and_1_10_are_not_duplicates():
    _, problems = parse("1.1: 9\n1.10: 8\n")

    assert problems == []


# --- Unicode ------------------------------------------------------------------------

def test_decomposed_text_is_normalised_to_nfc():
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    node, _ = parse(f"name: {nfd}\n{unicodedata.normalize('NFD', 'tên')}: x\n")

    assert nfd != "Sở Tư pháp"
    assert node.get("name").text == "Sở Tư pháp"
    assert node.get("tên") is not None


def test_columns_count_characters_as_written():
    nfd = unicodedata.normalize("NFD", "ế")  # e + two combining marks
    node, _ = parse(f"a: [{nfd}, x]\n")

    assert len(nfd) == 3
    assert [i.src.col for i in node.get("a").items] == [5, 10]


def test_utf8_bom_is_accepted_and_does_not_shift_columns():
    node, problems = parse_yaml_bytes(b"\xef\xbb\xbfname: C\xc3\xb4ng an\n", "t.yaml")

    assert problems == []
    assert node.get("name").text == "Công an"
    assert node.get("name").src.col == 7


def test_vietnamese_utf8_without_bom():
    assert value("a: Tòa án nhân dân\n", "a").text == "Tòa án nhân dân"


# --- encodings ----------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(encoding):
    node, problems = parse_yaml_bytes("name: Công an tỉnh\n".encode(encoding), "t.yaml")

    assert node is None
    assert [(p.code, p.src.line, p.src.col) for p in problems] == [("encoding-utf16", 1, 1)]
    assert "UTF-16" in problems[0].message and "UTF-8" in problems[0].message


def test_windows_1258_is_named():
    # 'Công an tỉnh' in Windows-1258: ô is 0xF4, ỉ is i + combining hook 0xD2
    raw = b"year: 2020\nname: C\xf4ng an ti\xd2nh B\xe3\xecc Giang\n"

    node, problems = parse_yaml_bytes(raw, "t.yaml")

    assert node is None
    assert [(p.code, p.src.line, p.src.col) for p in problems] == [("encoding-cp1258", 2, 8)]
    assert "Windows-1258" in problems[0].message and "UTF-8" in problems[0].message


def test_tcvn3_is_named():
    # 'Công an tỉnh Bắc Giang' in TCVN3 (ABC): ô 0xAB, ỉ 0xD8, ắ 0xBE
    raw = b"year: 2020\nname: C\xabng an t\xd8nh B\xbec Giang\n"

    node, problems = parse_yaml_bytes(raw, "t.yaml")

    assert node is None
    assert [(p.code, p.src.line, p.src.col) for p in problems] == [("encoding-tcvn3", 2, 8)]
    assert "TCVN3" in problems[0].message and ".VnTime" in problems[0].message


def test_column_of_a_bad_byte_counts_characters_before_it():
    raw = "a: Việt ".encode("utf-8") + b"\xab\n"

    _, problems = parse_yaml_bytes(raw, "t.yaml")

    assert (problems[0].src.line, problems[0].src.col) == (1, 9)


# --- refused constructs -------------------------------------------------------------

@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/object/apply:os.system",
                                 "!!python/name:os.system", "!!binary", "!!set", "!custom"])
def test_tags_that_construct_objects_are_refused(tag):
    code, line, col, message = one(f"a: 1\nb: {tag} x\n")

    assert (code, line, col) == ("yaml-tag", 2, 4)
    assert tag.split(":")[0] in message


def test_standard_tags_are_allowed():
    assert value("a: !!str 1.10\n", "a").text == "1.10"


def test_alias_is_refused_where_it_is_used():
    assert one("a: 1\nb: *x\n")[:3] == ("yaml-alias", 2, 4)


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")

    assert one("\n".join(lines) + "\n")[:3] == ("yaml-alias", 1, 5)


@pytest.mark.parametrize("text, col", [("a: &diem 5\n", 4), ("a: &l [1, 2]\n", 4), ("a: &m {b: 1}\n", 4),
                                       ("&k a: 1\n", 1)])
def test_anchor_without_alias_is_refused_where_it_is_written(text, col):
    code, line, column, message = one(text)

    assert (code, line, column) == ("yaml-alias", 1, col)
    assert "hãy đặt cả giá trị trong dấu ngoặc kép" in message


def test_text_starting_with_an_ampersand_is_read_when_quoted():
    assert value('a: "&diem 5"\n', "a").text == "&diem 5"


def test_merge_key_is_refused():
    assert one("base: {x: 1}\nb:\n  <<: {x: 2}\n")[:3] == ("yaml-alias", 3, 3)


def test_nesting_up_to_the_limit_is_read():
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"

    _, problems = parse(text)

    assert problems == []


def test_nesting_beyond_the_limit_is_refused():
    text = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"

    assert one(text)[:3] == ("yaml-too-deep", 1, 4 + MAX_DEPTH - 1)


@pytest.mark.parametrize("text", [
    "a: " + "[" * 200_000 + "]" * 200_000 + "\n",  # crashes PyYAML's composer; the reader never recurses
    "".join(" " * i + "a:\n" for i in range(1_500)),  # libyaml >= 0.2.6 stops at 1,000 levels itself
    "- " * 1_500 + "x\n",
])
def test_very_deep_nesting_is_refused_whatever_stops_it(text):
    code, line, _col, message = one(text)

    assert (code, "quá sâu" in message) == ("yaml-too-deep", True)
    assert line <= 1_000


def test_two_documents_are_refused():
    assert one("a: 1\n---\nb: 2\n")[:3] == ("yaml-multiple-documents", 2, 1)


def test_complex_key_is_reported_and_skipped():
    node, problems = parse("? [a, b]\n: 1\nc: 2\n")

    assert [(p.code, p.src.line, p.src.col) for p in problems] == [("yaml-complex-key", 1, 3)]
    assert [k.text for k, _ in node.items] == ["c"]


# --- syntax errors in Vietnamese ----------------------------------------------------

_ENGLISH = re.compile(r"\b(expected|found|while|scanning|parsing|mapping)\b")


@pytest.mark.parametrize("text, code, line, col", [
    ("a:\n\tb: 1\n", "yaml-tab", 2, 1),
    ("a:\n  \tb: 1\n", "yaml-tab", 2, 3),
    ("a:\n  b: 1\n c: 2\n", "yaml-indent", 3, 2),
    ("a:\n  - 1\n - 2\n", "yaml-indent", 3, 2),
    ("- a\nb: 1\n", "yaml-indent", 2, 1),
    ('a: "chưa đóng\nb: 1\n', "yaml-unclosed-quote", 1, 4),
    ("a: 'chưa đóng\n", "yaml-unclosed-quote", 1, 4),
    ("a: [1, 2\nb: 3\n", "yaml-syntax", 1, 4),
    ("a: {x: 1\n", "yaml-syntax", 1, 4),
    ("a: Kết quả: tốt\n", "yaml-syntax", 1, 11),
    ("a: @x\n", "yaml-syntax", 1, 4),
    ('a: "C:\\hồ sơ"\n', "yaml-syntax", 1, 7),
])
def test_syntax_errors_are_vietnamese_and_located(text, code, line, col):
    got_code, got_line, got_col, message = one(text)

    assert (got_code, got_line, got_col) == (code, line, col)
    assert not _ENGLISH.search(message), message
    assert re.search(r"[ạ-ỹà-ỹđ]", message), message


@pytest.mark.parametrize("text, line, col", [
    ("a: 1\n\t# ghi chú\nb: 2\n", 2, 1),
    ("a:\n  - x\n  \t- y\n", 3, 3),
    ("a:\n\t\nb: 1\n", 2, 1),
])
def test_tab_indentation_is_named_at_the_tab(text, line, col):
    assert one(text)[:3] == ("yaml-tab", line, col)


def test_tabs_that_yaml_allows_are_kept():
    node, problems = parse("a: x\ty\nb: |\n  dòng\n  \tthụt vào\n")

    assert problems == []
    assert node.get("a").text == "x\ty"
    assert node.get("b").text == "dòng\n\tthụt vào\n"


# --- the decimal comma inside [...] and {...} -------------------------------------------

def test_decimal_comma_in_braces_is_joined_with_a_warning():
    node, problems = parse('"2.1": {score: 13,5, note: Thiếu minh chứng}\n')

    correction = node.get("2.1")
    assert [(p.code, p.level, p.src.line, p.src.col) for p in problems] == [
        ("yaml-decimal-comma", "warning", 1, 16)]
    assert "13,5" in problems[0].message and "13.5" in problems[0].message
    assert [k.text for k, _ in correction.items] == ["score", "note"]
    assert correction.get("score").text == "13,5"


def test_decimal_comma_in_brackets_is_joined():
    node, problems = parse("a: [8,25, 9]\n")

    assert [i.text for i in node.get("a").items] == ["8,25", "9"]
    assert [p.code for p in problems] == ["yaml-decimal-comma"]


@pytest.mark.parametrize("text", ["a: [8, 5]\n", "a: {x: 4, 5: y}\n", "a: [x,5]\n", "a: 8,5\n", "a: '8,5'\n"])
def test_commas_that_separate_items_are_left_alone(text):
    _, problems = parse(text)

    assert problems == []


# --- files --------------------------------------------------------------------------

def test_empty_and_comment_only_files_have_no_root():
    assert parse("") == (None, [])
    assert parse("# chỉ có ghi chú\n") == (None, [])
    assert parse("---\n") == (None, [])


def test_read_yaml_names_the_file_as_displayed(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")

    _, problems = read_yaml(str(path), "data/2020/h1/a.yaml")

    assert problems[0].src == Src("data/2020/h1/a.yaml", 2, 1)


def test_read_yaml_refuses_a_file_over_the_limit_without_reading_it(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")

    node, problems = read_yaml(str(path), "big.yaml")

    assert node is None
    assert [(p.code, p.src.line, p.src.col) for p in problems] == [("file-too-large", 1, 1)]
    assert "KB" in problems[0].message


def test_parse_refuses_bytes_over_the_limit():
    node, problems = parse_yaml_bytes(b" " * (MAX_FILE_BYTES + 1), "big.yaml")

    assert node is None and problems[0].code == "file-too-large"


def test_read_yaml_reports_an_unreadable_file(tmp_path):
    node, problems = read_yaml(str(tmp_path / "missing.yaml"), "missing.yaml")

    assert node is None
    assert (problems[0].code, problems[0].message) == ("file-unreadable",
                                                       "Không đọc được tệp: không có tệp này (ENOENT). Cách xử lý: "
                                                       "kiểm tra tên tệp và thư mục đang đứng.")


def test_a_folder_in_place_of_a_file_is_said_in_vietnamese(tmp_path):
    _, problems = read_yaml(str(tmp_path), "h1.yaml")

    assert [p.message for p in problems] == ["Không đọc được tệp: đó là một thư mục (EISDIR)."]


# --- spec: scalar types -------------------------------------------------------------

def convert(type_, text: str):
    """Convert the value of key `v` in `text`; return (value, problems)."""
    node, problems = parse(text)
    assert problems == []
    found = []
    result = type_.convert(node.get("v"), Ctx(found))
    return result, [(p.code, p.src.line, p.src.col) for p in found], [p.message for p in found]


@pytest.mark.parametrize("written, expected", [("8,5", Decimal("8.5")), ("8.5", Decimal("8.5")),
                                               ("10", Decimal("10")), ("0,25", Decimal("0.25"))])
def test_num_accepts_the_decimal_comma(written, expected):
    got, problems, _ = convert(Num(), f"v: {written}\n")

    assert problems == []
    assert got == expected and isinstance(got, Decimal)


@pytest.mark.parametrize("written", ["chín", "1e3", "8,5,1", "1.000,5", "'8 5'"])
def test_num_refuses_what_is_not_a_plain_number(written):
    got, problems, messages = convert(Num(), f"v: {written}\n")

    assert got is INVALID
    assert problems == [("not-a-number", 1, 4)]
    assert "8,5" in messages[0]


def test_num_bounds():
    assert convert(Num(minimum=Decimal(0)), "v: -1\n")[1] == [("out-of-range", 1, 4)]
    assert convert(Num(maximum=Decimal(10)), "v: 10,5\n")[1] == [("out-of-range", 1, 4)]
    assert convert(Num(minimum=Decimal(0), maximum=Decimal(10)), "v: 10\n")[0] == Decimal(10)


def test_missing_value():
    assert convert(Num(), "v:\n")[1] == [("missing-value", 1, 3)]


def test_wrong_type_for_a_scalar():
    got, problems, messages = convert(Num(), "v: [1, 2]\n")

    assert got is INVALID
    assert problems == [("wrong-type", 1, 4)]
    assert "danh sách" in messages[0]


def test_int():
    assert convert(Int(), "v: 7\n")[0] == 7
    assert convert(Int(), "v: 7,5\n")[1] == [("not-an-integer", 1, 4)]
    assert convert(Int(minimum=1), "v: 0\n")[1] == [("out-of-range", 1, 4)]


@pytest.mark.parametrize("written, expected", [("70%", Decimal("0.7")), ("0,7", Decimal("0.7")),
                                               ("72,5%", Decimal("0.725")), ("1", Decimal("1"))])
def test_share(written, expected):
    assert convert(Share(), f"v: {written}\n")[0] == expected


def test_share_out_of_range():
    assert convert(Share(), "v: 120%\n")[1] == [("out-of-range", 1, 4)]


@pytest.mark.parametrize("written, expected", [("true", True), ("có", True), ("yes", True), ("false", False),
                                               ("không", False), ("no", False)])
def test_bool_words(written, expected):
    assert convert(Bool(), f"v: {written}\n")[0] is expected


def test_bool_refuses_other_words():
    assert convert(Bool(), "v: chắc\n")[1] == [("not-a-boolean", 1, 4)]


@pytest.mark.parametrize("written", ["2020-07-24", "24/7/2020", "24/07/2020"])
def test_date_forms(written):
    assert convert(Date(), f"v: {written}\n")[0] == dt.date(2020, 7, 24)


def test_date_that_does_not_exist():
    assert convert(Date(), "v: 31/6/2020\n")[1] == [("not-a-date", 1, 4)]


def test_str_enum_suggests_the_closest():
    got, problems, messages = convert(Str(enum=("tinh", "bo", "huyen")), "v: tỉnh\n")

    assert got is INVALID
    assert problems == [("bad-value", 1, 4)]
    assert "Có phải ý là 'tinh'?" in messages[0]


def test_slug():
    assert convert(Slug(), "v: so-tu-phap\n")[0] == "so-tu-phap"
    assert convert(Slug(), "v: Sở Tư pháp\n")[1] == [("bad-value", 1, 4)]


def test_text_paragraphs():
    assert convert(Text(), "v: |\n  Đoạn một.\n\n  Đoạn hai.\n")[0] == ("Đoạn một.", "Đoạn hai.")
    assert convert(Text(), "v: [Một, Hai]\n")[0] == ("Một", "Hai")
    assert convert(Text(), "v:\n")[0] == ()


# --- spec: containers ---------------------------------------------------------------

def test_list_of_drops_bad_items_and_reports_them():
    got, problems, _ = convert(ListOf(Slug()), "v: [a, B C, c]\n")

    assert got == ("a", "c")
    assert problems == [("bad-value", 1, 8)]


def test_list_of_refuses_a_scalar_and_checks_its_length():
    assert convert(ListOf(Slug()), "v: a\n")[1] == [("wrong-type", 1, 4)]
    assert convert(ListOf(Slug(), min_items=1), "v: []\n")[1] == [("too-few-items", 1, 4)]
    assert convert(ListOf(Slug()), "v:\n")[0] == ()


def test_dict_of_keeps_text_keys_and_their_positions():
    got, problems, _ = convert(DictOf(Str(), Num()), "v:\n  1.1: 9\n  1.10: 8,5\n")

    assert problems == []
    assert list(got) == ["1.1", "1.10"]
    assert got["1.10"].value == Decimal("8.5")
    assert got["1.10"].key_src == Src("t.yaml", 3, 3)


@dataclass(frozen=True)
class Rec:
    unit: str
    scores: tuple
    note: Optional[str]
    src: Src


REC = Obj(title="bản ghi thử", factory=lambda **kw: Rec(**kw), keys=[
    Key("unit", Slug(), required=True),
    Key("scores", ListOf(Num()), required=True),
    Key("note", Str()),
])


def test_obj_builds_a_record_knowing_where_each_part_is():
    node, _ = parse("unit: a\nscores: [9, 8.5]\n")

    rec = REC.convert(node, Ctx([]))

    assert rec == Rec("a", (Decimal(9), Decimal("8.5")), None, Src("t.yaml", 1, 1))
    assert rec.src.at("unit") == Src("t.yaml", 1, 7)
    assert rec.src.key_at("scores") == Src("t.yaml", 2, 1)
    assert rec.src.at("scores", 1) == Src("t.yaml", 2, 13)
    assert rec.src.at("note") == rec.src  # absent: the record's own place


def test_src_parts_do_not_change_equality():
    node, _ = parse("unit: a\nscores: []\n")
    rec = REC.convert(node, Ctx([]))

    assert rec.src == Src("t.yaml", 1, 1)
    assert hash(rec.src) == hash(Src("t.yaml", 1, 1))


def test_obj_unknown_key_with_suggestion_and_missing_key():
    node, _ = parse("unit: a\nscore: [9]\n")
    found = []

    rec = REC.convert(node, Ctx(found))

    assert rec is INVALID
    assert [(p.code, p.src.line, p.src.col) for p in found] == [("unknown-key", 2, 1), ("missing-key", 1, 1)]
    assert "Có phải ý là 'scores'?" in found[0].message
    assert "'scores'" in found[1].message and "bản ghi thử" in found[1].message


def test_obj_lists_the_valid_keys_when_nothing_is_close():
    node, _ = parse("unit: a\nscores: []\nxyz: 1\n")
    found = []

    REC.convert(node, Ctx(found))

    assert "unit, scores, note" in found[0].message


def test_obj_refuses_a_list():
    node, _ = parse("- a\n")
    found = []

    assert REC.convert(node, Ctx(found)) is INVALID
    assert found[0].code == "wrong-type" and "bản ghi thử" in found[0].message


def test_convert_file_reports_an_empty_file():
    found = []

    assert convert_file(None, REC, Ctx(found), Src("t.yaml", 1, 1)) is INVALID
    assert [(p.code, p.src.line) for p in found] == [("empty-file", 1)]


def test_obj_schema_matches_what_convert_accepts():
    schema = REC.schema()

    assert schema["required"] == ["unit", "scores"]
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"unit", "scores", "note"}
