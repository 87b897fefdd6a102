"""Chair rotation: work out next year's chair and vice-chairs, and open next year's folder.

`plan_rotation` is pure: from this year's `Bloc` (its `rotation` rule, order and skip list) and
any explicit choice it returns a `RotationPlan`. `edit_yaml` makes next year's `bloc.yaml` from
this year's text (edited in round-trip mode, so members, order, comments and layout stay), and
the copies of `criteria.yaml` and `awards.yaml` with the new year. The command
(`thidua.commands.rotate_chair`) reads this year's files and writes next year's.

Rules (bloc.yaml `rotation.rule`):

- vice-to-chair: the first vice-chair becomes chair (a skipped one is passed over for the
  second; if all are skipped, the next unit in the order after the last of them). The
  vice-chair(s) are the next unit(s) in the order after the new chair. With two vice-chairs
  and a bloc that follows its order, this year's second vice-chair thus becomes first
  vice-chair: a unit serves as second vice-chair, first vice-chair, then chair. When this
  year's vice-chairs do not follow the order, the order wins, so the rotation returns to it.
- cycle: the next unit in the order after this year's chair becomes chair; the vice-chair(s)
  are the units that follow it in the order.
- elected: nothing is derived; the chair and vice-chair(s) must be given.

An explicit chair or vice-chairs override any rule (the rest is derived as above). Units in
`rotation.skip` are passed over, and the plan lists those passed over with their reasons. The
number of vice-chairs stays this year's number.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.errors import DataError, ThiduaError, UsageError

RULE_WORDS = {
    "vice-to-chair": "{vice} lên {chair}, đơn vị kế tiếp làm {vice}",
    "cycle": "lần lượt theo thứ tự luân phiên",
    "elected": "do {bloc} bầu hoặc quyết định chỉ định",
}
"""Each rule in words; the titles come from the bloc's kind (`rule_words`)."""


def rule_words(rule: str, t: m.Titles = m.BLOC_TITLES["khoi"]) -> str:
    """'Phó Cụm trưởng lên Cụm trưởng, ...' for a Cụm."""
    return RULE_WORDS[rule].format(bloc=t.bloc, chair=t.chair, vice=t.vice)


# --- the plan ----------------------------------------------------------------

class Skipped(NamedTuple):
    """A unit passed over by the rotation, with the reason written in bloc.yaml."""

    unit: str
    name: str
    reason: str


class Handover(NamedTuple):
    """What the handover sentence says: who hands the chair to whom, for which year."""

    year: int
    outgoing: str
    incoming: str
    vice_names: Tuple[str, ...]
    skipped: Tuple[Skipped, ...]
    titles: m.Titles = m.BLOC_TITLES["khoi"]

    def lines(self) -> Tuple[str, ...]:
        """The handover in Vietnamese, one sentence a line."""
        t = self.titles
        if self.outgoing == self.incoming:
            first = f"{self.outgoing} tiếp tục đảm nhiệm nhiệm vụ {t.chair} năm {self.year}."
        else:
            first = f"{self.outgoing} bàn giao nhiệm vụ {t.chair} năm {self.year} cho {self.incoming}."
        if self.vice_names:
            second = f"{t.vice} năm {self.year}: {_join(self.vice_names)}."
        else:
            second = f"Năm {self.year} {t.bloc} không có {t.vice}."
        result = [first, second]
        if self.skipped:
            result.append("Đơn vị được bỏ qua ở lượt này: "
                          + "; ".join(f"{s.name} (lý do: {s.reason})" for s in self.skipped) + ".")
        return tuple(result)


class RotationPlan(NamedTuple):
    """Next year's chair and vice-chairs, and how they were chosen."""

    year: int
    next_year: int
    rule: Optional[str]
    explicit: bool
    chair_before: str
    vice_chairs_before: Tuple[str, ...]
    chair: str
    vice_chairs: Tuple[str, ...]
    skipped: Tuple[Skipped, ...]
    notes: Tuple[str, ...]
    handover: Handover

    @property
    def titles(self) -> m.Titles:
        return self.handover.titles

    @property
    def basis(self) -> str:
        """How the choice was made, in Vietnamese."""
        rule = f"quy tắc '{self.rule}': {rule_words(self.rule, self.titles)}" if self.rule else "không có quy tắc"
        return f"chỉ định trực tiếp; {rule}" if self.explicit else rule


def plan_rotation(bloc: m.Bloc, chair: Optional[str] = None, vices: Sequence[str] = (),
                  previous: Optional[m.Bloc] = None) -> RotationPlan:
    """Next year's chair and vice-chairs for `bloc`; `chair`/`vices` override the rule.

    `previous` (last year's bloc, if any) only adds a note on units that joined or left.
    Raises ThiduaError (or UsageError for a bad explicit choice) when no plan can be made.
    """
    vices = tuple(vices)
    members = bloc.unit_ids
    t = bloc.titles
    if len(members) < 2:
        only = bloc.units[0].name if bloc.units else "không có"
        raise ThiduaError(f"{t.bloc} chỉ có một đơn vị thành viên ({only}): không có đơn vị nào để nhận bàn giao "
                          f"{t.chair}.")
    _check_explicit(bloc, chair, vices)
    rotation = bloc.rotation
    rule = rotation.rule if rotation else None
    count = len(bloc.vice_chairs)
    if rule is None and chair is None:
        raise ThiduaError(f"bloc.yaml năm {bloc.year} chưa có mục 'rotation' (quy tắc luân phiên): thêm mục này, "
                          f"hoặc chỉ định {t.chair} năm sau bằng --chair (và {t.vice} bằng --vice).")
    if rule == "elected" and (chair is None or (count and not vices)):
        raise UsageError(f"{t.bloc} dùng quy tắc 'elected' ({rule_words('elected', t)}): hãy ghi {t.chair} năm "
                         f"{bloc.year + 1} bằng --chair" + (f" và {t.vice} bằng --vice" if count else "")
                         + ", theo kết quả bầu hoặc quyết định.")
    if rule is None and count and not vices:
        raise UsageError(f"bloc.yaml năm {bloc.year} chưa có quy tắc luân phiên: hãy ghi cả {t.vice} năm "
                         f"{bloc.year + 1} bằng --vice.")
    needs_order = rule in ("vice-to-chair", "cycle") and not (chair is not None and (vices or not count))
    order = rotation.order if rotation else ()
    if needs_order:
        _check_order(bloc, order)

    skips: Dict[str, str] = {s.unit: s.reason for s in rotation.skip} if rotation else {}
    passed: Dict[str, str] = {}
    notes: List[str] = []

    if chair is not None:
        new_chair = chair
    elif rule == "vice-to-chair":
        new_chair = _chair_from_vices(bloc, order, skips, passed)
    else:  # cycle
        new_chair = _pick(order, bloc.chair, 1, set(), skips, passed, bloc)[0]

    if new_chair in vices:
        raise UsageError(f"Theo quy tắc luân phiên, '{new_chair}' sẽ là {t.chair} năm {bloc.year + 1}, nên không thể "
                         f"là {t.vice} (--vice); nếu {t.bloc} quyết định khác, ghi cả {t.chair} bằng --chair.")
    if vices:
        new_vices = vices
    else:
        new_vices = tuple(_pick(order, new_chair, count, {new_chair}, skips, passed, bloc, required=False))

    if not vices and len(new_vices) < count:
        notes.append(f"Không đủ đơn vị để chọn {count} {t.vice}; năm {bloc.year + 1} có "
                     f"{len(new_vices)} {t.vice}.")
    for unit in (chair, *vices):
        if unit is not None and unit in skips:
            notes.append(f"{_name(bloc, unit)} có trong danh sách bỏ qua (lý do: {skips[unit]}) nhưng được chỉ "
                         "định trực tiếp nên vẫn nhận nhiệm vụ.")
    if new_chair == bloc.chair:
        notes.append(f"{_name(bloc, new_chair)} tiếp tục làm {t.chair}: không còn đơn vị nào khác có thể nhận."
                     if chair is None else f"{_name(bloc, new_chair)} được chỉ định tiếp tục làm {t.chair}.")
    if len(members) == 2:
        notes.append(f"{t.bloc} chỉ có hai đơn vị thành viên: hai đơn vị thay nhau làm {t.chair} và {t.vice}.")
    if previous is not None:
        notes += _membership_changes(previous, bloc)

    skipped = tuple(Skipped(u, _name(bloc, u), r) for u, r in passed.items() if u != new_chair
                    and u not in new_vices)
    handover = Handover(year=bloc.year + 1, outgoing=_name(bloc, bloc.chair), incoming=_name(bloc, new_chair),
                        vice_names=tuple(_name(bloc, v) for v in new_vices), skipped=skipped, titles=t)
    return RotationPlan(year=bloc.year, next_year=bloc.year + 1, rule=rule, explicit=chair is not None or bool(vices),
                        chair_before=bloc.chair, vice_chairs_before=bloc.vice_chairs, chair=new_chair,
                        vice_chairs=tuple(new_vices), skipped=skipped, notes=tuple(notes), handover=handover)


def _chair_from_vices(bloc: m.Bloc, order: Tuple[str, ...], skips: Dict[str, str], passed: Dict[str, str]) -> str:
    if not bloc.vice_chairs:
        t = bloc.titles
        raise ThiduaError(f"Quy tắc 'vice-to-chair' cần {t.vice} năm {bloc.year} (khóa 'vice_chairs' trong "
                          f"bloc.yaml), nhưng {t.bloc} chưa có; ghi {t.vice}, đổi quy tắc thành 'cycle', hoặc "
                          "chỉ định bằng --chair.")
    for vice in bloc.vice_chairs:
        if vice not in skips:
            return vice
        passed.setdefault(vice, skips[vice])
    return _pick(order, bloc.vice_chairs[-1], 1, set(), skips, passed, bloc)[0]


def _pick(order: Tuple[str, ...], after: str, count: int, taken: set, skips: Dict[str, str],
          passed: Dict[str, str], bloc: m.Bloc, required: bool = True) -> List[str]:
    """The next `count` units in the order after `after`, cycling, passing over taken and skipped units."""
    picked: List[str] = []
    if count <= 0:
        return picked
    start = order.index(after)
    for step in range(1, len(order) + 1):
        unit = order[(start + step) % len(order)]
        if unit in taken or unit in picked:
            continue
        if unit in skips:
            passed.setdefault(unit, skips[unit])
            continue
        picked.append(unit)
        if len(picked) == count:
            break
    if required and not picked:
        raise ThiduaError(f"Không còn đơn vị nào có thể nhận {bloc.titles.chair} năm {bloc.year + 1}: mọi đơn vị đều nằm "
                          "trong danh sách bỏ qua (rotation.skip); sửa danh sách hoặc chỉ định bằng --chair.")
    return picked


def _check_explicit(bloc: m.Bloc, chair: Optional[str], vices: Tuple[str, ...]) -> None:
    members = bloc.unit_ids
    t = bloc.titles
    for unit, option in [(chair, "--chair")] + [(v, "--vice") for v in vices]:
        if unit is not None and unit not in members:
            close = difflib.get_close_matches(unit, members, n=1)
            hint = f" Có phải '{close[0]}'?" if close else ""
            raise UsageError(f"Đơn vị '{unit}' ({option}) không phải đơn vị thành viên của {t.bloc} năm {bloc.year}.{hint} "
                             f"Các mã đơn vị: {', '.join(members)}.")
    if chair is not None and chair in vices:
        raise UsageError(f"Đơn vị '{chair}' không thể vừa là {t.chair} (--chair) vừa là {t.vice} (--vice).")
    repeated = [u for u, n in Counter(vices).items() if n > 1]
    if repeated:
        raise UsageError(f"{t.vice} (--vice) bị lặp: {', '.join(repeated)}.")


def _check_order(bloc: m.Bloc, order: Tuple[str, ...]) -> None:
    """Refuse a rotation order that no longer lists every member exactly once."""
    if not order:
        raise DataError(f"Quy tắc luân phiên '{bloc.rotation.rule if bloc.rotation else ''}' cần thứ tự luân phiên "
                        f"(khóa 'rotation.order' trong bloc.yaml năm {bloc.year}).")
    members = bloc.unit_ids
    counts = Counter(order)
    parts = []
    joined = [u for u in members if u not in counts]
    left = [u for u in counts if u not in members]
    repeated = [u for u, n in counts.items() if n > 1]
    if joined:
        parts.append("chưa có trong thứ tự (đơn vị mới gia nhập?): " + ", ".join(joined))
    if left:
        parts.append(f"không còn là thành viên (đã rời {bloc.titles.bloc} hoặc sáp nhập?): " + ", ".join(left))
    if repeated:
        parts.append("bị lặp: " + ", ".join(repeated))
    if parts:
        raise DataError(f"Thứ tự luân phiên (rotation.order) trong bloc.yaml năm {bloc.year} không khớp danh sách "
                        "thành viên — " + "; ".join(parts) + ". Sửa thứ tự rồi chạy lại.")


def _membership_changes(previous: m.Bloc, bloc: m.Bloc) -> List[str]:
    joined = [u.name for u in bloc.units if previous.unit(u.id) is None]
    left = [u.name for u in previous.units if bloc.unit(u.id) is None]
    parts = []
    if joined:
        parts.append("đơn vị mới gia nhập: " + _join(joined))
    if left:
        parts.append(f"đơn vị đã rời {bloc.titles.bloc}: " + _join(left))
    return [f"So với năm {previous.year}, " + "; ".join(parts) + "."] if parts else []


def _name(bloc: m.Bloc, unit_id: str) -> str:
    unit = bloc.unit(unit_id)
    return unit.name if unit else unit_id


def _join(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


# --- round-trip YAML editing -----------------------------------------------------

ANNUAL_DOCUMENTS = ("plan", "guidance")
"""Document kinds issued for one year (the year's plan and guidance): next year's bloc.yaml does not
cite last year's. A decision or other text (the bloc's Quy chế) may stand for several years."""


def earlier_years_document(kind: str, date: Optional[dt.date], title: Optional[str], year: int) -> bool:
    """A plan or guidance of an earlier year cited in `year`'s bloc.yaml: issued before `year` and not
    naming it (a guidance for 2021 issued in December 2020 says "năm 2021")."""
    return (kind in ANNUAL_DOCUMENTS and date is not None and date.year < year
            and str(year) not in (title or ""))


def unreadable(name: str, next_year: int, exc: Exception) -> ThiduaError:
    """A file to carry over to next year could not be read (or decoded)."""
    return ThiduaError(f"Không đọc được tệp {name} để chuyển sang năm {next_year}: {exc}.")


def edit_yaml(raw: bytes, name: str, next_year: int, values: Dict[str, object], old_year: int,
              fresh: bool = False) -> Tuple[bytes, bool, Tuple[str, ...]]:
    """The file `name` (its bytes `raw`) with top-level `values` set, comments and layout kept; whether
    the layout is exact; and notes on what was cleared.

    The year in the line comments of the changed keys follows the new year
    ("chair: tand  # Trưởng khối năm 2020" becomes "... năm 2021"); other comments are untouched.
    `fresh` (next year's bloc.yaml): what belongs to the old year is not carried over as next year's
    (see `_clear_old_year`).
    """
    from ruamel.yaml.comments import CommentedSeq

    from thidua.roundtrip import Unreadable, edit, set_key

    notes: List[str] = []

    def change(data) -> None:
        for key, value in values.items():
            if isinstance(value, tuple):
                if not value and key not in data:
                    continue
                current = data.get(key)
                if isinstance(current, CommentedSeq):
                    del current[:]
                    current.extend(value)
                else:
                    seq = CommentedSeq(value)
                    seq.fa.set_flow_style()
                    set_key(data, key, seq, after="chair")
            else:
                set_key(data, key, value, after=None)
            _update_comment_year(data, key, old_year, next_year)
        if fresh:
            notes.extend(_clear_old_year(data, old_year, next_year))

    try:
        edited = edit(raw, change)
    except Unreadable as exc:
        raise ThiduaError(f"Không đọc được tệp {name} ({exc.reason}), nên chưa thể chuyển sang năm {next_year}; "
                          "sửa tệp (xem `thidua validate`) rồi chạy lại.") from exc
    return edited.data, edited.exact, tuple(notes)


def _clear_old_year(data, old_year: int, next_year: int) -> List[str]:
    """Next year's bloc.yaml without what was this year's: the year's plan and guidance (listed in a
    comment above `documents:` to replace), each unit's registrations and theme (cleared, the old ones in
    a comment on `registered:`, since units register anew each year), the date the covenant was signed
    (signed anew; its text is kept to review); deadlines move one year on."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from thidua.roundtrip import date_of

    notes = []
    documents = data.get("documents")
    if isinstance(documents, CommentedSeq):
        old = [d for d in documents if isinstance(d, CommentedMap)
               and earlier_years_document(d.get("kind"), date_of(d.get("date")), d.get("title"), next_year)]
        if old:
            for d in old:
                documents.remove(d)
            if not documents:
                documents.fa.set_flow_style()
            listed = "; ".join(f"{d.get('number')} ngày {_day_text(d.get('date'))}" for d in old)
            data.yaml_set_comment_before_after_key(
                "documents", before=f"Văn bản căn cứ năm {old_year} đã bỏ (ghi văn bản năm {next_year} khi có): "
                                    f"{listed}")
            notes.append(f"Đã bỏ {len(old)} kế hoạch, hướng dẫn năm {old_year} khỏi văn bản căn cứ của năm "
                         f"{next_year} ({listed}); ghi văn bản năm {next_year} khi có.")
    cleared = 0
    for unit in data.get("units") or ():
        if not isinstance(unit, CommentedMap):
            continue
        registered = unit.get("registered")
        theme = unit.pop("theme", None)
        old_parts = []
        if isinstance(registered, CommentedSeq) and registered:
            old_parts.append("đăng ký " + ", ".join(str(r) for r in registered))
        if theme:
            old_parts.append(f"chủ đề \"{theme}\"")
        if not old_parts:
            continue
        cleared += 1
        seq = CommentedSeq()
        seq.fa.set_flow_style()
        set_registered = "registered" in unit
        unit["registered"] = seq
        if not set_registered:
            unit.move_to_end("registered")
        unit.yaml_add_eol_comment(f"# năm {old_year}: {'; '.join(old_parts)}; đăng ký lại cho năm {next_year}",
                                  "registered")
    if cleared:
        notes.append(f"Đã xóa đăng ký thi đua và chủ đề năm {old_year} của {cleared} đơn vị (giữ trong chú thích); "
                     f"ghi đăng ký năm {next_year} của từng đơn vị vào bloc.yaml năm {next_year}.")
    signed = date_of(data.get("covenant_date"))
    if signed is not None and signed.year < next_year:  # this year's covenant is signed anew next year
        del data["covenant_date"]
        if "covenant" in data:
            data.yaml_set_comment_before_after_key(
                "covenant", before=f"Giao ước thi đua năm {old_year} ký ngày {_day_text(signed)}; rà soát nội dung "
                                   f"và ghi covenant_date khi ký Giao ước năm {next_year}")
        notes.append(f"Đã bỏ ngày ký Giao ước thi đua năm {old_year} ({_day_text(signed)}); rà soát nội dung "
                     f"Giao ước (covenant) và ghi ngày ký Giao ước năm {next_year} (covenant_date) khi có.")
    deadlines = data.get("deadlines")
    if isinstance(deadlines, CommentedMap):
        moved = 0
        for period in deadlines.values():
            if isinstance(period, CommentedMap):
                for key, value in list(period.items()):
                    day = date_of(value)
                    if day is not None:
                        period[key] = _one_year_on(day)
                        moved += 1
        if moved:
            notes.append(f"Đã chuyển các hạn (deadlines) sang năm {next_year}, cùng ngày tháng; rà soát theo "
                         f"kế hoạch, hướng dẫn năm {next_year}.")
    return notes


def _day_text(value) -> str:
    """A document's date as the notes write dates ('10/3/2020'); what is not a date, as written."""
    from thidua.numbers import fmt_date_short
    from thidua.roundtrip import date_of

    day = date_of(value)
    return fmt_date_short(day) if day is not None else str(value)


def _one_year_on(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


_YEAR_IN = r"(?<!\d){}(?!\d)"


def _update_comment_year(data, key: str, old_year: int, new_year: int) -> None:
    pattern = re.compile(_YEAR_IN.format(old_year))
    tokens = list((data.ca.items.get(key) or [])[2:3])
    value = data.get(key)
    if hasattr(value, "ca") and value.ca.comment:
        tokens += [value.ca.comment[0]]
    for token in tokens:
        if token is not None and hasattr(token, "value"):
            token.value = pattern.sub(str(new_year), token.value)
