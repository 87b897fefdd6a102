"""Award rules: a preset per level of bloc and legal period (thidua/awards/presets/<level>-<period>.yaml),
with the bloc's overrides.

The periods and the texts in force in each are data (thidua/awards/presets/periods.yaml). A year is
judged by the preset of the period holding its reference date (`reference_date`: the year-end
conference, else the ballot, else 31 December), unless awards.yaml pins one (`preset: tinh-2017`).

An award is written as a mapping: `id`, `name`, `quota`, `tie_breaks`, `enabled`, and any
condition of the registry in `thidua.awards.conditions` (the key is the condition's id). The preset
gives every key of its awards; an entry of awards.yaml with the same `id` replaces the keys it
writes (a key set to nothing, `key: ~`, removes that condition); an entry with a new `id` adds
an award, ranked below the preset's. Order in the list is precedence, highest first.
docs/awards.md describes every key.
"""

import datetime as dt
import functools
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple

from thidua import model as m
from thidua.awards.conditions import CONDITIONS, AWARD_TIE_RULES, Setting, AwardTieBreak
from thidua.numbers import fmt_share
from thidua.problems import Problem, Src, error, warning
from thidua.reading.spec import (INVALID, Bool, Ctx, DictOf, Key, Int, ListOf, Obj, Share, Str, Type, _show, closest)
from thidua.reading.yamlread import Map, Node, Scalar, Seq, read_yaml

PRESET_DIR = Path(__file__).resolve().parent / "presets"
PERIODS_FILE = "periods.yaml"
DEFAULT_VOTE = m.VoteThreshold(Decimal("0.5"), "voters", Src(""))
LEVEL_WORDS = {"tinh": "Khối thi đua cấp tỉnh", "bo": "Cụm, Khối thi đua của bộ, ngành",
               "huyen": "Khối thi đua cấp huyện"}


# --- records ---------------------------------------------------------------

class Quota(NamedTuple):
    """How many units an award may go to: a number, a share of the members, or a number per category."""

    count: Optional[int]
    share: Optional[Decimal]
    round: str  # for a share: "down" (default) or "up"
    per_category: Mapping[str, int]
    category_src: Mapping[str, Src]
    src: Src

    @property
    def kind(self) -> str:
        if self.per_category:
            return "per-category"
        return "share" if self.share is not None else "number"

    def seats(self, members: int) -> int:
        """Seats for the whole bloc (number or share quota)."""
        if self.share is not None:
            return int((self.share * members).to_integral_value(ROUND_CEILING if self.round == "up" else ROUND_FLOOR))
        return self.count or 0

    def words(self, members: int) -> str:
        if self.per_category:
            return "theo nhóm: " + ", ".join(f"{c} {n}" for c, n in self.per_category.items())
        if self.share is not None:
            return (f"{fmt_share(self.share)} số đơn vị thành viên ({fmt_share(self.share)} × {members}, làm tròn "
                    f"{'lên' if self.round == 'up' else 'xuống'}: {self.seats(members)} đơn vị)")
        return f"{self.count} đơn vị"


class ConditionUse(NamedTuple):
    """A condition of an award with its converted parameter and where it was written."""

    id: str
    param: Any
    src: Src


class AwardRule(NamedTuple):
    id: str
    name: str
    quota: Quota
    conditions: Tuple[ConditionUse, ...]  # in registry order
    tie_breaks: Tuple[AwardTieBreak, ...]
    enabled: bool
    src: Src
    note: Optional[str] = None  # printed under the award, e.g. what the council (not the bloc) decides

    def param(self, condition_id: str) -> Any:
        for use in self.conditions:
            if use.id == condition_id:
                return use.param
        return None

    @property
    def depends_on(self) -> Tuple[str, ...]:
        among = self.param("among")
        return (among.award,) if among is not None else ()


class LegalPeriod(NamedTuple):
    """A legal period (periods.yaml): its dates, the texts in force and the levels it has presets for."""

    id: str
    start: dt.date
    end: Optional[dt.date]  # None: still in force
    law: str
    decree: str
    circulars: Tuple[Tuple[str, dt.date], ...]  # (text, applied from)
    levels: Tuple[str, ...]

    def holds(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def texts(self, day: dt.date) -> Tuple[str, ...]:
        """The law, the decree and the circular in force on `day`."""
        circulars = [text for text, start in self.circulars if start <= day]
        return (self.law, self.decree) + tuple(circulars[-1:])

    def words(self) -> str:
        until = f" đến {self.end.day:02d}/{self.end.month:02d}/{self.end.year}" if self.end else ""
        return f"từ {self.start.day:02d}/{self.start.month:02d}/{self.start.year}{until}"


class AwardRules(NamedTuple):
    preset: str  # the preset applied, e.g. "tinh-2017" ("" when none could be chosen)
    awards: Tuple[AwardRule, ...]  # highest first, enabled ones only
    names: Mapping[str, str]  # every award id -> name, disabled ones included
    level: str = ""
    period: Optional[LegalPeriod] = None
    texts: Tuple[str, ...] = ()  # the texts in force on the reference date
    vote: m.VoteThreshold = DEFAULT_VOTE
    disabled: Tuple[str, ...] = ()  # awards written with enabled: false (not those whose keys have errors)

    def get(self, award_id: str) -> Optional[AwardRule]:
        for rule in self.awards:
            if rule.id == award_id:
                return rule
        return None

    def higher_than(self, award_id: str) -> Tuple[str, ...]:
        ids = [r.id for r in self.awards]
        return tuple(ids[: ids.index(award_id)]) if award_id in ids else ()


# --- the keys of an award --------------------------------------------------

class QuotaType(Type):
    """`quota: 3`, `quota: {share: 30%}` or `quota: {per_category: {Sở Tư pháp: 1, ...}}`."""

    doc = ("Số đơn vị được đề nghị: một số (3), một tỷ lệ số đơn vị thành viên ({share: 30%}), "
           "hoặc số đơn vị theo từng nhóm ({per_category: {\"Sở Tư pháp\": 1}}).")
    _count = Int(doc="Số đơn vị.", minimum=0)
    _map = Obj(
        title="chỉ tiêu",
        factory=lambda **kw: kw,
        keys=[Key("count", Int(doc="Số đơn vị.", minimum=0)),
                Key("share", Share(doc="Tỷ lệ số đơn vị thành viên, ví dụ 30%.")),
                Key("round", Str(doc="Làm tròn số suất: down (xuống, mặc định) hoặc up (lên).",
                                   enum=("down", "up"))),
                Key("per_category", DictOf(Str(), Int(minimum=0),
                                             doc="Số đơn vị theo nhóm (khóa category của đơn vị trong bloc.yaml)."))])

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar):
            count = self._count.convert(node, ctx)
            return INVALID if count is INVALID else Quota(count, None, "down", {}, {}, node.src)
        got = self._map.convert(node, ctx)
        if got is INVALID:
            return INVALID
        kinds = [k for k in ("count", "share", "per_category") if isinstance(node, Map) and node.get(k) is not None]
        if len(kinds) != 1:
            return ctx.error(node.src, "bad-quota",
                             "Chỉ tiêu cần đúng một trong các khóa count (số đơn vị), share (tỷ lệ) hoặc "
                             f"per_category (theo nhóm); đang có: {', '.join(kinds) or 'không khóa nào'}.")
        if got[kinds[0]] is None:  # its value was wrong, and reported
            return INVALID
        per = got["per_category"] or {}
        return Quota(got["count"], got["share"], got["round"] or "down",
                     m.frozen_map((k, e.value) for k, e in per.items()),
                     m.frozen_map((k, e.key_src) for k, e in per.items()), got["src"])

    def schema(self) -> Dict[str, Any]:
        return self._with_doc({"anyOf": [self._count.schema(), self._map.schema()]})


class TieBreakType(Type):
    """One tie rule: `{rule: women_share, min: 70%}`, `{rule: ballot}` or just `ballot`."""

    doc = "Quy tắc xét khi bằng hạng ở ranh giới chỉ tiêu: women_share (tỷ lệ nữ) hoặc ballot (phiếu bầu)."

    def convert(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar) and not node.is_null:
            rule_id, rule_src, rest = node.text.strip(), node.src, Map((), node.src)
        elif isinstance(node, Map) and isinstance(node.get("rule"), Scalar):
            rule_node = node.get("rule")
            rule_id, rule_src = rule_node.text.strip(), rule_node.src  # type: ignore[union-attr]
            rest = Map(tuple((k, v) for k, v in node.items if k.text != "rule"), node.src)
        else:
            return ctx.error(node.src, "wrong-type",
                             f"Cần một quy tắc xét khi bằng hạng, ví dụ {{rule: ballot}}, nhưng gặp {_show(node)}.")
        tie = AWARD_TIE_RULES.get(rule_id)
        if tie is None:
            close = closest(rule_id, AWARD_TIE_RULES)
            hint = f" Có phải ý là '{close}'?" if close else ""
            return ctx.error(rule_src, "unknown-tie-rule",
                             f"Không có quy tắc xét khi bằng hạng '{rule_id}' (các quy tắc: "
                             f"{', '.join(AWARD_TIE_RULES)}).{hint}")
        param = Obj(list(tie.fields), tie.factory, title=f"quy tắc '{rule_id}'").convert(rest, ctx)
        return INVALID if param is INVALID else AwardTieBreak(rule_id, param, node.src)

    def schema(self) -> Dict[str, Any]:
        options: List[Dict[str, Any]] = [{"enum": list(AWARD_TIE_RULES)}]
        for tie in AWARD_TIE_RULES.values():
            fields = [Key("rule", Str(enum=(tie.id,)), required=True)] + list(tie.fields)
            options.append(Obj(fields, tie.factory, doc=tie.doc).schema())
        return self._with_doc({"anyOf": options})


STRUCTURE: Dict[str, Type] = {
    "name": Str(doc="Tên hình thức khen thưởng, ví dụ \"Cờ thi đua ngành Tư pháp\"."),
    "note": Str(doc="Ghi chú in dưới hình thức, ví dụ phần việc của Hội đồng Thi đua - Khen thưởng."),
    "quota": QuotaType(),
    "tie_breaks": ListOf(TieBreakType(), doc="Quy tắc xét lần lượt khi các đơn vị bằng hạng ở ranh giới chỉ tiêu "
                                             "(sau các tiêu chí phụ của bảng điểm)."),
    "enabled": Bool(doc="false: không xét hình thức này trong năm."),
}


def keys() -> List[str]:
    """Every key an award may have, besides `id`."""
    return list(STRUCTURE) + list(CONDITIONS)


def award_schema() -> Dict[str, Any]:
    """The JSON Schema of one award entry of awards.yaml (and of a preset)."""
    props: Dict[str, Any] = {"id": {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                                    "description": "Mã hình thức khen thưởng, ví dụ 'co-tinh'."}}
    props.update({k: t.schema() for k, t in STRUCTURE.items()})
    for cond in CONDITIONS.values():
        props[cond.id] = {"anyOf": [cond.param.schema(), {"type": "null"}], "description": cond.doc}
    return {"type": "object", "required": ["id"], "properties": props, "additionalProperties": False}


# --- presets ---------------------------------------------------------------

class _AwardSettings(NamedTuple):
    id: str
    settings: Mapping[str, Node]
    src: Src


def preset_display(preset: str) -> str:
    return f"thidua/awards/presets/{preset}.yaml"


def _date(node: Optional[Node]) -> Optional[dt.date]:
    return dt.date.fromisoformat(node.text) if isinstance(node, Scalar) and not node.is_null else None


def preset_entries(file_name: str, key: str) -> Tuple[Dict[str, Node], ...]:
    """The entries of the list `key` of a shipped preset file (periods.yaml, letters.yaml), each as key -> node."""
    root, problems = read_yaml(str(PRESET_DIR / file_name), preset_display(file_name[:-5]))
    items = root.get(key) if isinstance(root, Map) else None
    if problems or not isinstance(items, Seq):  # pragma: no cover - the shipped files are tested
        raise RuntimeError(f"broken {file_name}: {problems}")
    return tuple({k.text: v for k, v in item.items} for item in items.items)  # type: ignore[union-attr]


@functools.lru_cache(maxsize=None)
def legal_periods() -> Tuple[LegalPeriod, ...]:
    """The legal periods of periods.yaml, oldest first."""
    out = []
    for text in preset_entries(PERIODS_FILE, "periods"):
        circulars = tuple((c.get("text").text, _date(c.get("from")))  # type: ignore[union-attr]
                          for c in text["circulars"].items)  # type: ignore[union-attr]
        out.append(LegalPeriod(text["id"].text, _date(text["from"]), _date(text.get("to")),  # type: ignore
                               text["law"].text, text["decree"].text, circulars,  # type: ignore[union-attr]
                               tuple(v.text for v in text["levels"].items)))  # type: ignore[union-attr]
    return tuple(out)


def period_on(day: dt.date) -> Optional[LegalPeriod]:
    for period in legal_periods():
        if period.holds(day):
            return period
    return None


def reference_date(year: m.Year) -> dt.date:
    """The day whose rules judge the year: its year-end conference, else its ballot, else 31 December."""
    period = year.periods.get("year")
    meta = period.summary.report if period and period.summary else None
    if meta is not None and meta.conference_date is not None:
        return meta.conference_date
    if year.ballots is not None and year.ballots.date is not None:
        return year.ballots.date
    return dt.date(year.year, 12, 31)


class ChosenPreset(NamedTuple):
    preset: str  # "" when none fits
    level: str
    period: Optional[LegalPeriod]
    problem: Optional[Problem]


def choose_preset(awards_file: m.AwardsFile, day: dt.date) -> ChosenPreset:
    """The preset `preset:` names: a level (its preset of the period holding `day`) or a pinned
    `<level>-<period>`; with a located problem when there is none."""
    src = awards_file.src.at("preset")
    written = awards_file.preset.strip()
    level, _, pinned = written.partition("-")
    periods = {p.id: p for p in legal_periods()}
    shipped = [f"{lv}-{p.id}" for p in legal_periods() for lv in p.levels]
    if level not in LEVEL_WORDS or (pinned and pinned not in periods):
        close = closest(written, list(LEVEL_WORDS) + shipped)
        hint = f" Có phải ý là '{close}'?" if close else ""
        return ChosenPreset("", level, None, error(src, "unknown-preset", (
            f"Không có bộ quy định '{written}' (ghi cấp: {', '.join(LEVEL_WORDS)}; hoặc một bộ của một giai đoạn: "
            f"{', '.join(shipped)}).{hint}")))
    period = periods[pinned] if pinned else period_on(day)
    if period is None:
        spans = "; ".join(f"{p.id}: {p.words()}" for p in legal_periods())
        return ChosenPreset("", level, None, error(src, "no-legal-period", (
            f"Ngày xét {day.day:02d}/{day.month:02d}/{day.year} không thuộc giai đoạn pháp lý nào có bộ quy định "
            f"({spans}). Thidua chưa có quy định của thời gian này.")))
    if level not in period.levels:
        return ChosenPreset("", level, period, error(src, "no-preset-in-period", (
            f"Giai đoạn {period.id} ({period.words()}) không có bộ quy định '{level}' "
            f"({LEVEL_WORDS[level]}; từ 01/7/2025 không còn cấp huyện). Các bộ của giai đoạn: "
            f"{', '.join(f'{lv}-{period.id}' for lv in period.levels)}.")))
    return ChosenPreset(f"{level}-{period.id}", level, period, None)


@functools.lru_cache(maxsize=None)
def _preset(preset: str) -> Tuple[_AwardSettings, ...]:
    path = PRESET_DIR / f"{preset}.yaml"
    root, problems = read_yaml(str(path), preset_display(preset))
    awards = root.get("awards") if isinstance(root, Map) else None
    if problems or not isinstance(awards, Seq):  # pragma: no cover - shipped files are tested
        raise RuntimeError(f"broken preset {preset}: {problems}")
    out = []
    for item in awards.items:
        award_id = item.get("id") if isinstance(item, Map) else None
        if not isinstance(award_id, Scalar):  # pragma: no cover - shipped files are tested
            raise RuntimeError(f"broken preset {preset}: an award without id at {item.src}")
        out.append(_AwardSettings(award_id.text, m.frozen_map((k.text, v) for k, v in item.items  # type: ignore[union-attr]
                                                      if k.text != "id"), item.src))
    return tuple(out)


def latest_preset(level: str) -> str:
    """The preset of `level` in the newest period that has one, e.g. "huyen" -> "huyen-2024"."""
    return next(f"{level}-{p.id}" for p in reversed(legal_periods()) if level in p.levels)


def preset_awards(preset: str) -> List[Tuple[str, str]]:
    """(id, name) of the preset's awards, highest first; a bare level means its `latest_preset`."""
    out = []
    for entry in _preset(preset if "-" in preset else latest_preset(preset)):
        name = entry.settings.get("name")
        out.append((entry.id, name.text if isinstance(name, Scalar) else entry.id))
    return out


# --- merging and converting --------------------------------------------------

def _merged(awards_file: m.AwardsFile, preset: str, problems: List[Problem]) -> List[_AwardSettings]:
    """The preset's entries with the file's overrides applied, then the file's new awards."""
    merged: Dict[str, Dict[str, Node]] = {}
    srcs: Dict[str, Src] = {}
    for entry in _preset(preset):
        merged[entry.id] = dict(entry.settings)
        srcs[entry.id] = entry.src
    seen: Dict[str, Src] = {}
    for spec in awards_file.awards:
        if spec.id in seen:
            problems.append(error(spec.src, "duplicate-award",
                                  f"Hình thức '{spec.id}' đã được ghi ở dòng {seen[spec.id].line}; gộp hai mục làm một."))
            continue
        seen[spec.id] = spec.src
        settings = merged.setdefault(spec.id, {})
        srcs[spec.id] = spec.src
        for key, node in spec.settings.items():
            if isinstance(node, Scalar) and node.is_null:
                settings.pop(key, None)
            else:
                settings[key] = node
    return [_AwardSettings(award_id, m.frozen_map(settings), srcs[award_id]) for award_id, settings in merged.items()]


def _convert(entry: _AwardSettings, preset: str, ctx: Ctx) -> Optional[AwardRule]:
    settings = entry.settings
    for key, node in settings.items():
        if key not in STRUCTURE and key not in CONDITIONS:
            close = closest(key, keys())
            hint = f" Có phải ý là '{close}'?" if close else f" Các khóa hợp lệ: {', '.join(keys())}."
            ctx.error(node.src, "unknown-condition",
                      f"'{key}' (hình thức '{entry.id}') không phải khóa hay điều kiện đã biết.{hint}")
    values: Dict[str, Any] = {}
    for key, typ in STRUCTURE.items():
        if key in settings:
            values[key] = typ.convert(settings[key], ctx)
    if "name" not in settings:
        ctx.error(entry.src, "award-without-name",
                  f"Hình thức khen thưởng mới '{entry.id}' (không có trong bộ mặc định '{preset}') cần có khóa 'name'.")
    if "quota" not in settings:
        ctx.error(entry.src, "award-without-quota",
                  f"Hình thức '{entry.id}' cần khóa 'quota' (số đơn vị được đề nghị), ví dụ 'quota: 3'.")
    uses = []
    for cond in CONDITIONS.values():
        if cond.id in settings:
            param = cond.param.convert(settings[cond.id], ctx)
            if param is not INVALID:
                uses.append(ConditionUse(cond.id, param, settings[cond.id].src))
        elif cond.default is not None:
            uses.append(ConditionUse(cond.id, cond.default, entry.src))
    if any(v is INVALID for v in values.values()) or "name" not in values or "quota" not in values:
        return None
    return AwardRule(entry.id, values["name"], values["quota"], tuple(uses), tuple(values.get("tie_breaks", ())),
                     values.get("enabled", True), entry.src, values.get("note"))


def award_rules(awards_file: m.AwardsFile, day: Optional[dt.date] = None) -> Tuple[AwardRules, List[Problem]]:
    """The year's award rules (the preset of the period holding `day`, 31 December of the file's year by
    default, and the overrides) and the problems in them."""
    day = day or dt.date(awards_file.year, 12, 31)
    chosen = choose_preset(awards_file, day)
    vote = awards_file.vote or DEFAULT_VOTE
    if chosen.problem is not None:
        return AwardRules("", (), m.frozen_map({}), chosen.level, chosen.period, (), vote), [chosen.problem]
    problems: List[Problem] = []
    ctx = Ctx(problems)
    entries = _merged(awards_file, chosen.preset, problems)
    rules = []
    disabled = []
    names: Dict[str, str] = {}
    for entry in entries:
        rule = _convert(entry, chosen.preset, ctx)
        name = entry.settings.get("name")
        names[entry.id] = rule.name if rule else (name.text if isinstance(name, Scalar) else entry.id)
        if rule is not None and rule.enabled:
            rules.append(rule)
        elif rule is not None:
            disabled.append(rule.id)
    assert chosen.period is not None
    return AwardRules(chosen.preset, tuple(rules), m.frozen_map(names), chosen.level, chosen.period,
                      chosen.period.texts(day), vote, tuple(disabled)), problems


def rules_of_year(year: m.Year) -> Tuple[AwardRules, List[Problem]]:
    """`award_rules` of a loaded year, judged on its reference date."""
    assert year.awards is not None
    return award_rules(year.awards, reference_date(year))


def catalogue(awards_file: m.AwardsFile, day: Optional[dt.date] = None) -> Tuple[Dict[str, str], List[Problem]]:
    """Award id -> name for the year: the preset's, overridden and extended by the file."""
    rules, problems = award_rules(awards_file, day)
    return dict(rules.names), problems


def evaluation_order(rules: AwardRules) -> Tuple[Tuple[str, ...], List[Problem]]:
    """Award ids in the order they must be decided: an award after the one it is chosen among, and an
    award that excludes units of higher awards (`with_higher: false`) after those."""
    needs: Dict[str, List[str]] = {}
    for rule in rules.awards:
        deps = [d for d in rule.depends_on if rules.get(d) is not None]
        if not rule.param("with_higher"):
            deps += [h for h in rules.higher_than(rule.id) if h not in deps]
        needs[rule.id] = deps
    order: List[str] = []
    state: Dict[str, int] = {}
    problems: List[Problem] = []

    def visit(award_id: str, path: List[str]) -> None:
        if state.get(award_id) == 2:
            return
        if state.get(award_id) == 1:
            cycle = path[path.index(award_id):] + [award_id]
            rule = rules.get(award_id)
            problems.append(error(rule.src if rule else Src(""), "award-cycle",
                                  "Các hình thức khen thưởng phụ thuộc vòng tròn: " + " → ".join(cycle)
                                  + ". Kiểm tra 'among' và 'with_higher' (hình thức được xét trong số đơn vị của "
                                    "hình thức thấp hơn thì hình thức thấp hơn phải có 'with_higher: true')."))
            return
        state[award_id] = 1
        for dep in needs[award_id]:
            visit(dep, path + [award_id])
        state[award_id] = 2
        order.append(award_id)

    for rule in rules.awards:
        visit(rule.id, [])
    return tuple(order), problems


# --- checks for `thidua validate` ----------------------------------------------

def check_awards(year: m.Year) -> Tuple[Optional[Dict[str, str]], List[Problem]]:
    """Award names and every problem of the year's award rules, compared with its other files."""
    if year.awards is None:
        return None, []
    rules, problems = rules_of_year(year)
    grades = tuple(g.name for g in year.sheet.grades) if year.sheet else None
    preset_file = preset_display(rules.preset)
    found: List[Problem] = []
    for rule in rules.awards:
        setting = Setting(rule.id, rules.names, grades)
        for use in rule.conditions:
            validate = CONDITIONS[use.id].validate
            if validate is not None:
                found += validate(use.param, use.src, setting)
        if rule.quota.per_category and year.bloc is not None:
            found += _check_categories(rule, year.bloc)
        if rule.param("min_votes") is not None and year.ballots is not None \
                and year.ballots.for_award(rule.id) is None:
            found.append(warning(year.ballots.src, "missing-ballot",
                                 f"'{rule.id}' cần tỷ lệ phiếu bầu tối thiểu (min_votes) nhưng ballots.yaml chưa có "
                                 f"cuộc bỏ phiếu cho hình thức này."))
    found += evaluation_order(rules)[1]
    found += _check_quota_reach(rules, len(year.bloc.units) if year.bloc else 0)
    pinned = "-" in year.awards.preset
    if year.bloc is not None and pinned and rules.preset and year.bloc.level != rules.level:
        problems.append(error(year.awards.src.at("preset"), "preset-level", (
            f"Bộ quy định '{year.awards.preset}' dành cho {LEVEL_WORDS[rules.level]}, nhưng bloc.yaml ghi cấp "
            f"'{year.bloc.level}'; chọn bộ của cấp {year.bloc.level}.")))
    if year.ballots is not None:
        found += _check_ballots(rules, year.ballots)
    for problem in found:
        if problem.src.file == preset_file:  # a preset default that does not fit this year's files
            problem = Problem(year.awards.src.at("preset"), problem.level, problem.code,
                              f"{problem.message} (giá trị mặc định của bộ '{rules.preset}'; ghi đè trong "
                              "awards.yaml)")
        problems.append(problem)
    return dict(rules.names), problems


def _check_quota_reach(rules: AwardRules, members: int) -> List[Problem]:
    """A quota larger than the ranks the award may take cannot take effect: say so (the ranks decide)."""
    problems: List[Problem] = []
    for rule in rules.awards:
        ranks = rule.param("ranks")
        if ranks is None or ranks.last is None or rule.quota.per_category or ranks.within != "bloc":
            continue
        reach = ranks.last - ranks.first + 1
        seats = rule.quota.seats(members)
        if seats > reach:
            problems.append(warning(rule.quota.src, "quota-beyond-ranks", (
                f"Chỉ tiêu của '{rule.id}' là {seats} đơn vị nhưng điều kiện ranks chỉ xét {ranks.words()} "
                f"({reach} đơn vị): chỉ tiêu không dùng hết được. Mở rộng ranks (ví dụ ranks: {{to: {ranks.first + seats - 1}}}) "
                "hoặc giảm chỉ tiêu.")))
    return problems


def _check_ballots(rules: AwardRules, ballots: m.Ballots) -> List[Problem]:
    problems: List[Problem] = []
    if ballots.agreed and ballots.ballots:
        problems.append(warning(ballots.src.at("agreed"), "agreed-with-ballots",
                                "ballots.yaml ghi agreed: true (thống nhất đề nghị, không bỏ phiếu kín) nhưng vẫn có "
                                "các cuộc bỏ phiếu; bỏ một trong hai."))
    for ballot in ballots.ballots:
        if ballot.award in rules.disabled:
            problems.append(warning(ballot.src, "ballot-not-proposed", (
                f"Cuộc bỏ phiếu cho '{ballot.award}' nhưng năm nay Khối không xét hình thức này (enabled: false).")))
    return problems


def _check_categories(rule: AwardRule, bloc: m.Bloc) -> List[Problem]:
    present = sorted({u.category for u in bloc.units if u.category})
    problems: List[Problem] = []
    for category, src in rule.quota.category_src.items():
        if category not in present:
            close = closest(category, present)
            hint = f" Có phải ý là '{close}'?" if close else ""
            problems.append(warning(src, "unknown-category",
                                    f"Chỉ tiêu của '{rule.id}' ghi nhóm '{category}' nhưng không đơn vị nào trong "
                                    f"bloc.yaml thuộc nhóm này (các nhóm: {', '.join(present) or 'chưa có'}).{hint}"))
    return problems
