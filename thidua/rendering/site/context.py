"""What each page of the site shows, computed once as typed records; the templates only lay it out.

The numbers come from the ranking (`thidua.scoring`), the notes under the score table
(`thidua.rendering.ranking.notes`), the proposals (`thidua.awards.nominate`) and the units'
histories (`thidua.history`). Every text from the data stays plain text here: the templates escape
it. Charts are described here (`charts.Chart`), with their text alternatives, and drawn with the pages.
"""

from __future__ import annotations

import statistics
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.history import UnitHistory
from thidua.numbers import fmt_date_short, fmt_number as _fmt_number, plain_number
from thidua.rendering.ranking import NOT_SUBMITTED, _legend, _subtitle, notes, title as ranking_title
from thidua.rendering.site.charts import Chart, Series
from thidua.scoring import Ranking, Standing, UnitScore

fmt_number = lru_cache(maxsize=2**16)(_fmt_number)
"""`numbers.fmt_number`, each value written once: a bloc of 1,000 units writes ~700,000 numbers
in its pages, of a few hundred values (page data 1.19 -> 0.95 s CPU)."""

RANKING_FILES = {"h1": "xep-hang-6-thang.html", "year": "xep-hang-ca-nam.html"}
HEATMAP_FILE = "tieu-chi.html"
NOMINATIONS_FILE = "khen-thuong.html"
BANDS = (100, 95, 90, 85, 80, 70, 60, 50, 0)
"""Heatmap classes by the share of the maximum a cell reached: 0 for full marks (lightest) to 8 for
under 50% (darkest). Narrow at the top, where a bloc's scores are, so a lost point shows."""


class Cell(NamedTuple):
    """A table cell: the text a reader sees and the key the sorting script orders by."""

    text: str
    sort: str


class Link(NamedTuple):
    href: str
    text: str


class Doc(NamedTuple):
    """A document of the year: a file made by `thidua report` to download, or a reference."""

    title: str
    href: Optional[str]  # None: a reference (bloc.yaml `documents`), or a file not made (see note)
    note: Optional[str]


class PeriodStatus(NamedTuple):
    words: str  # "6 tháng đầu năm"
    members: int
    sent: Tuple[Tuple[Link, str], ...]  # (unit, date sent or "")
    missing: Tuple[Link, ...]
    reviewed: int  # units the chair's review covers
    review: str  # "Trưởng khối thẩm định ngày 5/7/2020 (...)" or "chưa thẩm định"
    ranking: Optional[Link]


class Home(NamedTuple):
    chair: Optional[Link]
    vices: Tuple[Link, ...]
    slogan: Optional[str]
    periods: Tuple[PeriodStatus, ...]
    documents: Tuple[Doc, ...]
    references: Tuple[Doc, ...]
    units: Tuple[Tuple[Link, str], ...]  # every member and its full name


class RankRow(NamedTuple):
    number: int
    rank: Cell
    unit: Link
    groups: Tuple[Cell, ...]
    self_points: Cell
    checked_points: Cell
    bonus: Cell
    deductions: Cell
    total: Cell
    grade: str
    shade: str  # CSS class of the grade: "grade-1" highest, "grade-none"
    notes: str


class RankingPage(NamedTuple):
    file: str
    period: str
    words: str
    title: str
    subtitle: str
    groups: Tuple[str, ...]  # column heads "Nhóm 1 (30)"
    rows: Tuple[RankRow, ...]
    legend: Tuple[str, ...]
    grades: Tuple[Tuple[str, str, str], ...]  # (CSS class, grade, "từ 90 điểm")
    chart: Chart


class GroupRow(NamedTuple):
    id: str
    name: str
    max: str
    unit: str
    best: str
    median: str


class CriterionRow(NamedTuple):
    id: str
    name: str
    max: str
    self_score: str
    checked: str
    note: str


class UnitPeriod(NamedTuple):
    """A unit's result in one period: place, chart by group, and how its total came about."""

    words: str
    ranking: Link
    rank: str  # "2/7"
    total: str
    grade: str
    steps: Tuple[str, ...]  # the total, step by step
    notes: Tuple[str, ...]  # as under the score table
    groups: Tuple[GroupRow, ...]
    criteria: Tuple[CriterionRow, ...]
    chart: Optional[Chart]  # drawn for the period the bloc looks at (`main_period`); the table has the numbers


class HistoryRow(NamedTuple):
    year: int
    name: str
    rank: str
    total: str
    grade: str
    awards: str
    note: str


class Outcome(NamedTuple):
    award: str
    result: str  # "Được đề nghị", "Bằng hạng, Khối bỏ phiếu", "Không đề nghị"
    required: str
    actual: str


class UnitPage(NamedTuple):
    file: str
    id: str
    name: str
    label: str
    roles: Tuple[str, ...]  # "Trưởng khối năm 2020", "Cụm: ..."
    theme: Optional[str]
    periods: Tuple[UnitPeriod, ...]
    not_sent: Tuple[str, ...]  # periods it has not reported in
    names: Tuple[str, ...]  # "Thanh tra tỉnh (2019–2020)", when it had more than one
    history: Tuple[HistoryRow, ...]
    history_chart: Optional[Chart]  # from two year-end results on
    outcomes: Tuple[Outcome, ...]
    outcomes_note: Optional[str]


class HeatCell(NamedTuple):
    text: str  # "83%"
    shade: int  # index in BANDS
    title: str  # "Tiêu chí 1.2: 4 / 5 điểm"
    sort: str  # the share as a plain number, for the sorting script


class HeatRow(NamedTuple):
    unit: Link
    cells: Tuple[HeatCell, ...]


class HeatColumn(NamedTuple):
    id: str
    name: str
    max: str


class Heatmap(NamedTuple):
    words: str
    columns: Tuple[HeatColumn, ...]
    rows: Tuple[HeatRow, ...]
    average: Tuple[HeatCell, ...]  # the bloc as a whole, per criterion
    weakest: Tuple[Tuple[str, str, str], ...]  # (criterion id, name, average share), lowest first
    bands: Tuple[Tuple[int, str], ...]  # (shade, "từ 95% đến dưới 100%") for the legend


class ListedRow(NamedTuple):
    unit: Link
    rank: str
    total: str
    grade: str
    votes: str
    reason: Optional[Outcome]


class AwardSection(NamedTuple):
    name: str
    limits: Tuple[str, ...]
    proposed: Tuple[ListedRow, ...]
    ties: Tuple[str, ...]
    passed_over: Tuple[ListedRow, ...]


class NominationsPage(NamedTuple):
    head: Tuple[str, ...]
    awards: Tuple[AwardSection, ...]
    note: Optional[str]  # why there are no proposals yet


class Site(NamedTuple):
    """Every page of the site, and what all pages share (the bloc, the year, the menu)."""

    bloc: str
    year: int
    generator: str  # "thidua 0.1.0"
    menu: Tuple[Link, ...]
    home: Home
    rankings: Tuple[RankingPage, ...]
    units: Tuple[UnitPage, ...]
    heatmap: Optional[Heatmap]
    nominations: NominationsPage
    charts: Tuple[Chart, ...]


class SiteInput(NamedTuple):
    """What the command gives: the year as loaded once, its rankings, proposals and histories."""

    year: m.Year
    rankings: Mapping[str, Ranking]  # the ranked periods
    nominations: Optional[object]  # thidua.awards.nominate.Nominations
    nominations_note: Optional[str]
    histories: Tuple[UnitHistory, ...]
    documents: Tuple[Doc, ...]
    generator: str


# --- helpers -------------------------------------------------------------------------

def unit_file(unit_id: str) -> str:
    return f"don-vi/{unit_id}.html"


def chart_file(name: str) -> str:
    return f"bieu-do/{name}"


def _num(value: Optional[Decimal]) -> Cell:
    if value is None:
        return Cell("", "")
    return Cell(fmt_number(value), str(plain_number(value)))


def _share(part: Decimal, whole: Decimal) -> Decimal:
    """`part` as a percentage of `whole`, to one decimal."""
    return Decimal(0) if not whole else (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _percent(value: Decimal) -> str:
    return fmt_number(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)) + "%"


def _median(values: Sequence[Decimal]) -> Decimal:
    return statistics.median(values) if values else Decimal(0)


def main_period(rankings: Mapping[str, Ranking]) -> Optional[str]:
    """The period the bloc looks at: the year end once ranked, else the first half."""
    return "year" if "year" in rankings else ("h1" if "h1" in rankings else None)


# --- building -------------------------------------------------------------------------

def build_site(inp: SiteInput) -> Site:
    year = inp.year
    bloc = year.bloc
    assert bloc is not None and year.sheet is not None  # the command refuses a year without them
    labels = {u.id: u.label for u in bloc.units}
    rankings = [ranking_page(inp.rankings[p]) for p in m.PERIODS if p in inp.rankings]
    main = main_period(inp.rankings)
    heat = heatmap(inp.rankings[main]) if main else None
    shared = _Shared(labels, {p: _yardsticks(r) for p, r in inp.rankings.items()}, main,
                     {h.unit: h for h in inp.histories}, _outcomes_by_unit(inp.nominations))
    units = tuple(unit_page(u, year, inp, shared) for u in bloc.units)
    menu = [Link("index.html", "Trang chủ")] + [Link(r.file, f"Xếp hạng {r.words}") for r in rankings]
    if heat is not None:
        menu.append(Link(HEATMAP_FILE, "Bản đồ tiêu chí"))
    menu.append(Link(NOMINATIONS_FILE, "Đề nghị khen thưởng"))
    all_charts = [r.chart for r in rankings]
    for page in units:
        all_charts += [c for c in [p.chart for p in page.periods] + [page.history_chart] if c is not None]
    return Site(bloc.name, year.year, inp.generator, tuple(menu), home(year, inp), tuple(rankings), units, heat,
                nominations_page(inp.nominations, inp.nominations_note), tuple(all_charts))


def home(year: m.Year, inp: SiteInput) -> Home:
    bloc = year.bloc
    assert bloc is not None

    def link(unit_id: str) -> Link:
        unit = bloc.unit(unit_id)
        return Link(unit_file(unit_id), unit.name if unit else unit_id)

    periods = []
    for period in m.PERIODS:
        data = year.periods.get(period)
        reports = data.reports if data else {}
        sent = tuple((link(u.id), fmt_date_short(reports[u.id].submitted) if reports[u.id].submitted else "")
                     for u in bloc.units if u.id in reports)
        missing = tuple(link(u.id) for u in bloc.units if u.id not in reports)
        review = data.review if data else None
        reviewed = len([u for u in (review.units if review else {}) if u in reports])
        if review is None:
            said = f"{bloc.titles.chair} chưa thẩm định (chưa có review.yaml)."
        else:
            when = f" ngày {fmt_date_short(review.date)}" if review.date else ""
            reviewer = bloc.unit(review.reviewer) if review.reviewer else None
            who = f" ({reviewer.name if reviewer else review.reviewer})" if review.reviewer else ""
            said = (f"{bloc.titles.chair} đã thẩm định{when}{who}: có ý kiến về điểm của {reviewed} đơn vị; "
                    "các đơn vị khác giữ điểm tự chấm.")
        ranked = Link(RANKING_FILES[period], "Bảng xếp hạng") if period in inp.rankings else None
        periods.append(PeriodStatus(m.PERIOD_WORDS[period], len(bloc.units), sent, missing, reviewed, said, ranked))
    references = tuple(Doc(_reference(d), None, None) for d in bloc.documents)
    return Home(link(bloc.chair), tuple(link(v) for v in bloc.vice_chairs), bloc.slogan, tuple(periods),
                inp.documents, references, tuple((link(u.id), u.name) for u in bloc.units))


def _reference(doc: m.Document) -> str:
    words = f"{doc.number} ngày {fmt_date_short(doc.date)} của {doc.issuer}"
    return f"{words}: {doc.title}" if doc.title else words


def _grade_classes(sheet: m.Sheet) -> Dict[str, str]:
    return {g.name: f"grade-{i}" for i, g in enumerate(sheet.grades, start=1)}


def ranking_page(ranking: Ranking) -> RankingPage:
    sheet = ranking.sheet
    labels = {u.id: u.label for u in ranking.bloc.units}
    classes = _grade_classes(sheet)
    rows = []
    for number, st in enumerate(ranking.standings, start=1):
        s = st.score
        rows.append(RankRow(number, Cell(str(st.rank), str(st.rank)), Link(unit_file(s.unit.id), s.unit.label),
                            tuple(_num(g.checked) for g in s.groups), _num(s.self_points), _num(s.checked_points),
                            _num(s.bonus.counted), _num(s.deductions.counted), _num(s.total), s.grade or "",
                            classes.get(s.grade or "", "grade-none"), _sentence(notes(st, ranking, labels))))
    empty = Cell("", "")
    for number, unit in enumerate(ranking.not_submitted, start=len(rows) + 1):
        rows.append(RankRow(number, empty, Link(unit_file(unit.id), unit.label), tuple(empty for _ in sheet.groups),
                            empty, empty, empty, empty, empty, "", "grade-none", _sentence([NOT_SUBMITTED])))
    legend = [line.lstrip("- ") for part in _legend(ranking, detail=True) for line in part.split("\n")]
    grades = tuple((classes[g.name], g.name, f"từ {fmt_number(g.min_total)} điểm"
                    + (f", không tiêu chí nào dưới {fmt_number(g.min_share * 100)}% điểm tối đa"
                       if g.min_share is not None else "")) for g in sheet.grades)
    words = m.PERIOD_WORDS[ranking.period]
    ceiling = sheet.max_total + (sheet.bonus.max if sheet.bonus else Decimal(0))
    chart = Chart("bars", f"xep-hang-{ranking.period}.svg", f"Tổng điểm {words} {ranking.year}",
                  tuple(f"{st.rank}. {st.unit.label}" for st in ranking.standings),
                  (Series("Tổng điểm", tuple(st.score.total for st in ranking.standings)),), ceiling)
    return RankingPage(RANKING_FILES[ranking.period], ranking.period, words, ranking_title(ranking),
                       _subtitle(ranking),
                       tuple(f"Nhóm {g.id} ({fmt_number(g.max)})" for g in sheet.groups), tuple(rows),
                       tuple(legend), grades, chart)


def _sentence(parts: Sequence[str]) -> str:
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def explain(standing: Standing, ranking: Ranking) -> Tuple[str, ...]:
    """How the total came about, step by step, in the words of the score table."""
    s: UnitScore = standing.score
    steps = [f"Tự chấm các tiêu chí: {fmt_number(s.self_points)} điểm."]
    changed = [c for c in s.criteria if c.changed]
    if changed:
        steps.append(f"Sau thẩm định: {fmt_number(s.checked_points)} điểm ({ranking.bloc.titles.chair} điều chỉnh "
                     + ", ".join(f"tiêu chí {c.id}: {fmt_number(c.self_score)} → {fmt_number(c.checked)}"
                                 for c in changed) + ").")
    else:
        steps.append(f"Sau thẩm định: {fmt_number(s.checked_points)} điểm (không tiêu chí nào bị điều chỉnh).")
    for points, word, sign in ((s.bonus, "Điểm thưởng", "+"), (s.deductions, "Điểm trừ", "−")):
        if points.cap is None:
            continue
        bits = [f"tự kê {fmt_number(points.claimed)}"]
        if points.reviewed and points.checked != points.claimed:
            bits.append(f"thẩm định {fmt_number(points.checked)}")
        if points.over_cap:
            bits.append(f"mức trần {fmt_number(points.cap)}")
        steps.append(f"{word}: {sign} {fmt_number(points.counted)} ({', '.join(bits)}).")
    clamp = {"zero": " (tổng âm, tính là 0)", "ceiling": " (vượt mức tối đa, tính bằng mức tối đa)"}.get(
        s.clamped or "", "")
    steps.append(f"Tổng điểm: {fmt_number(s.checked_points)} + {fmt_number(s.bonus.counted)} − "
                 f"{fmt_number(s.deductions.counted)} = {fmt_number(s.total)}{clamp}.")
    for miss in s.missed:
        steps.append(miss.reason)
    steps.append(f"Xếp loại: {s.grade}." if s.grade else "Xếp loại: không đạt mức nào của bảng điểm.")
    place = f"Hạng {standing.rank}/{len(ranking.standings)}"
    if standing.tied:
        place += " (đồng hạng)"
    elif standing.level_with and standing.decided_by is not None:
        place += f" (bằng điểm, xếp theo {standing.decided_by.label}: {fmt_number(standing.decided_by.value)})"
    return tuple(steps) + (place + ".",)


class _Shared(NamedTuple):
    """What every unit page looks up, computed once for the bloc (not once a unit)."""

    labels: Mapping[str, str]
    yardsticks: Mapping[str, Tuple[Tuple[Decimal, Decimal], ...]]  # period -> (best, median) a group
    main: Optional[str]
    histories: Mapping[str, UnitHistory]
    outcomes: Mapping[str, Tuple[Outcome, ...]]


def _yardsticks(ranking: Ranking) -> Tuple[Tuple[Decimal, Decimal], ...]:
    """The bloc's best and median checked points of each criteria group."""
    out = []
    for i, _ in enumerate(ranking.sheet.groups):
        values = [st.score.groups[i].checked for st in ranking.standings]
        out.append((max(values), _median(values)))
    return tuple(out)


def unit_period(unit: m.Unit, ranking: Ranking, shared: _Shared) -> Optional[UnitPeriod]:
    """The unit's place, groups against the bloc's best and median, and explanation; the chart for the
    period the bloc looks at."""
    standing = ranking.standing(unit.id)
    if standing is None:
        return None
    s = standing.score
    groups = [(g, s.groups[i].checked, best, median)
              for i, (g, (best, median)) in enumerate(zip(ranking.sheet.groups, shared.yardsticks[ranking.period]))]
    words = m.PERIOD_WORDS[ranking.period]
    chart = None if ranking.period != shared.main else Chart(
        "bars", f"{unit.id}-{ranking.period}.svg", f"Điểm từng nhóm tiêu chí, {words} {ranking.year} (% điểm tối đa)",
        tuple(f"Nhóm {g.id}" for g, *_ in groups),
        (Series(unit.label, tuple(_share(v, g.max) for g, v, _, _ in groups)),
         Series(f"Cao nhất {ranking.bloc.titles.bloc}", tuple(_share(b, g.max) for g, _, b, _ in groups)),
         Series(f"Trung vị {ranking.bloc.titles.bloc}", tuple(_share(md, g.max) for g, _, _, md in groups))),
        Decimal(100), unit_word="%")
    criteria = tuple(CriterionRow(c.id, c.name, fmt_number(c.max), fmt_number(c.self_score), fmt_number(c.checked),
                                  c.note or "") for c in s.criteria)
    return UnitPeriod(words, Link(RANKING_FILES[ranking.period], f"Bảng xếp hạng {words}"),
                      f"{standing.rank}/{len(ranking.standings)}", fmt_number(s.total), s.grade or "không xếp loại",
                      explain(standing, ranking), tuple(_sentence([n]) for n in notes(standing, ranking, shared.labels)),
                      tuple(GroupRow(g.id, g.name, fmt_number(g.max), fmt_number(v), fmt_number(b), fmt_number(md))
                            for g, v, b, md in groups), criteria, chart)


def _tens(value: Decimal, up: bool = False) -> Decimal:
    """`value` to a multiple of ten, down (or `up`): 96,5 -> 90 (100)."""
    return (value / 10).to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR) * 10


def _roles(unit: m.Unit, bloc: m.Bloc, year: int) -> Tuple[str, ...]:
    out = []
    if bloc.chair == unit.id:
        out.append(f"{bloc.titles.chair} năm {year}")
    if unit.id in bloc.vice_chairs:
        out.append(f"{bloc.titles.vice} năm {year}")
    if unit.category:
        out.append(f"Nhóm: {unit.category}")
    if unit.head:
        out.append(f"Thủ trưởng: {unit.head}")
    return tuple(out)


def unit_page(unit: m.Unit, year: m.Year, inp: SiteInput, shared: _Shared) -> UnitPage:
    bloc = year.bloc
    assert bloc is not None
    periods = [p for p in (unit_period(unit, inp.rankings[k], shared) for k in reversed(m.PERIODS)
                           if k in inp.rankings) if p]  # the year end first
    not_sent = tuple(m.PERIOD_WORDS[k] for k in m.PERIODS
                     if year.periods.get(k) is not None and unit.id not in year.periods[k].reports)
    h = shared.histories.get(unit.id)
    rows: Tuple[HistoryRow, ...] = ()
    names: Tuple[str, ...] = ()
    history_chart: Optional[Chart] = None
    if h is not None:
        rows = tuple(HistoryRow(ln.year, ln.name or "", f"{ln.rank}/{ln.ranked}" if ln.rank else "",
                                fmt_number(ln.total) if ln.total is not None else "", ln.grade or "",
                                ", ".join(ln.awards), ln.note or "") for ln in h.lines)
        if len(h.names) > 1:
            names = tuple(f"{n} ({a}–{b})" if a != b else f"{n} ({a})" for n, a, b in h.names)
        if sum(1 for ln in h.lines if ln.total is not None) >= 2:  # one point makes no line; the table has it
            years = tuple(f"{ln.year} (hạng {ln.rank}/{ln.ranked})" if ln.rank else str(ln.year) for ln in h.lines)
            totals = [ln.total for ln in h.lines if ln.total is not None]
            low, high = _tens(min(totals)) - 10, _tens(max(totals), up=True)  # the scale around the line
            history_chart = Chart("lines", f"{unit.id}-qua-cac-nam.svg", "Tổng điểm và hạng cả năm qua các năm", years,
                                  (Series("Tổng điểm", tuple(ln.total for ln in h.lines)),),
                                  minimum=max(low, Decimal(0)), maximum=high)
    note = inp.nominations_note if inp.nominations is None else None
    return UnitPage(unit_file(unit.id), unit.id, unit.name, unit.label, _roles(unit, bloc, year.year), unit.theme,
                    tuple(periods), not_sent, names, rows, history_chart, shared.outcomes.get(unit.id, ()), note)


def _outcomes_by_unit(nominations) -> Dict[str, Tuple[Outcome, ...]]:
    """Each unit's result for every award it was considered for, in the order of the awards."""
    out: Dict[str, List[Outcome]] = {}
    for award in nominations.awards if nominations is not None else ():
        for e in award.proposed:
            out.setdefault(e.unit, []).append(Outcome(award.name, "Được đề nghị", "", ""))
        for tie in award.ties:
            for e in tie.entries:
                out.setdefault(e.unit, []).append(Outcome(award.name, f"Bằng hạng, {nominations.bloc_word} bỏ phiếu để quyết định",
                                                          f"{tie.seats} suất", f"{len(tie.entries)} đơn vị cùng hạng"))
        for p in award.passed_over:
            out.setdefault(p.entry.unit, []).append(Outcome(award.name, "Không đề nghị", p.reason.required,
                                                            p.reason.actual))
    return {unit: tuple(found) for unit, found in out.items()}


def heatmap(ranking: Ranking) -> Heatmap:
    """Units (in ranking order) × criteria, each cell the counted score as a share of the maximum."""
    criteria = [c for g in ranking.sheet.groups for c in g.criteria]
    rows = []
    sums: List[Decimal] = [Decimal(0)] * len(criteria)
    for st in ranking.standings:
        cells = []
        for i, (crit, got) in enumerate(zip(criteria, st.score.criteria)):
            share = _share(got.checked, crit.max)
            sums[i] += share
            cells.append(_heat_cell(share, f"{st.unit.label}, tiêu chí {crit.id}: {fmt_number(got.checked)} / "
                                           f"{fmt_number(crit.max)} điểm"))
        rows.append(HeatRow(Link(unit_file(st.unit.id), st.unit.label), tuple(cells)))
    count = len(ranking.standings) or 1
    averages = [total / count for total in sums]
    average = tuple(_heat_cell(avg, f"Cả {ranking.bloc.titles.bloc}, tiêu chí {c.id}: trung bình {_percent(avg)} điểm tối đa")
                    for c, avg in zip(criteria, averages))
    weakest = sorted(zip(criteria, averages), key=lambda pair: (pair[1], pair[0].id))[:5]
    return Heatmap(m.PERIOD_WORDS[ranking.period], tuple(HeatColumn(c.id, c.name, fmt_number(c.max)) for c in criteria),
                   tuple(rows), average, tuple((c.id, c.name, _percent(avg)) for c, avg in weakest if avg < 100),
                   _bands())


def _bands() -> Tuple[Tuple[int, str], ...]:
    out = [(0, "đủ 100%")]
    for i in range(1, len(BANDS)):
        low, high = BANDS[i], BANDS[i - 1]
        out.append((i, f"dưới {high}%" if low == 0 else f"từ {low}% đến dưới {high}%"))
    return tuple(out)


def _heat_cell(share: Decimal, title: str) -> HeatCell:
    shade = next(i for i, floor in enumerate(BANDS) if share >= floor or i == len(BANDS) - 1)
    return HeatCell(_percent(share), shade, title, str(plain_number(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))))


def nominations_page(nominations, note: Optional[str]) -> NominationsPage:
    if nominations is None:
        return NominationsPage((), (), note or "Chưa xét đề nghị khen thưởng.")
    from thidua.rendering.nominations import basis_line, tie_text, vote_line

    def row(entry, reason=None) -> ListedRow:
        return ListedRow(Link(unit_file(entry.unit), entry.label), str(entry.rank or ""),
                         fmt_number(entry.total) if entry.total is not None else "", entry.grade or "",
                         entry.votes_text, reason)

    sections = []
    for award in nominations.awards:
        limits = [f"Chỉ tiêu: {award.quota}."]
        if award.cap:
            limits.append(f"Giới hạn: {award.cap}.")
        if award.note:
            limits.append(f"Ghi chú: {award.note}")
        sections.append(AwardSection(
            award.name, tuple(limits), tuple(row(e) for e in award.proposed), tuple(tie_text(t) for t in award.ties),
            tuple(row(p.entry, Outcome(award.name, "Không đề nghị", p.reason.required, p.reason.actual))
                  for p in award.passed_over)))
    head = tuple(line for line in (basis_line(nominations), vote_line(nominations)) if line)
    return NominationsPage(head, tuple(sections), None)
