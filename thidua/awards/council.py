"""The provincial council's view: every bloc's results side by side, the province-wide rules applied.

The council (Hội đồng Thi đua - Khen thưởng tỉnh) gathers what each bloc proposes and decides what no
bloc can decide alone: the Government flag goes to at most a share (20%) of the collectives that lead
a bloc and meet the provincial flag's standard, counted over the whole province; a bloc sends at most
so many units for an award; and where the council votes, a unit is proposed only when its votes
reach the council's threshold (e.g. 80% of all members). Ties at a limit and seats left unused are
shown, never decided silently.

The rules are data: thidua/awards/presets/council.yaml, one entry a legal period (periods.yaml).
This module takes records (the council, each bloc's proposals, the council's ballots) and returns
records; `thidua.commands.council` reads the files.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.awards.nominate import ListedUnit, Nominations
from thidua.awards.rules import PRESET_DIR, LegalPeriod, period_on, preset_display
from thidua.numbers import fmt_number, fmt_share
from thidua.problems import Problem, Src, error, folded, warning
from thidua.reading.formats import COUNCIL_CAP, COUNCIL_DOSSIER, VOTE_THRESHOLD
from thidua.reading.spec import Bool, Ctx, Int, Key, ListOf, Obj, Slug, Str, convert_file
from thidua.reading.yamlread import read_yaml

PRESET = "council"
ROUNDING = dict(zip(m.CAP_ROUNDING, (ROUND_FLOOR, ROUND_CEILING, ROUND_HALF_UP)))
ROUND_WORDS = {"down": "làm tròn xuống", "up": "làm tròn lên", "half-up": "làm tròn đến số gần nhất"}


# --- the rules (presets/council.yaml) -----------------------------------------------

class Cap(NamedTuple):
    """At most `share` of the units the council grants award `of`, rounded as `round` says."""

    share: Decimal
    of: str
    round: str
    src: Src

    def seats(self, base: int) -> int:
        return int((self.share * base).to_integral_value(ROUNDING[self.round]))

    def arithmetic(self, base: int, of_words: str) -> str:
        """'20% × 5 tập thể ... = 1 → làm tròn xuống: 1 suất' (the product written as it is)."""
        product = self.share * base
        return (f"{fmt_share(self.share)} × {base} {of_words} = {fmt_number(product.normalize())} → "
                f"{ROUND_WORDS[self.round]}: {self.seats(base)} suất")


class CouncilRule(NamedTuple):
    id: str
    name: str
    source: str  # the bloc award whose proposals are the candidates (`from`)
    per_bloc: Optional[int]
    cap: Optional[Cap]
    ballot: bool
    basis: str
    src: Src


DossierItem = m.CouncilDossierItem
"""A document of a bloc's dossier: present when one of `files` (from the bloc's year folder) is."""


class PeriodRules(NamedTuple):
    period: str
    vote: m.VoteThreshold
    vote_basis: str
    awards: Tuple[CouncilRule, ...]
    src: Src


class CouncilRules(NamedTuple):
    """The rules of one council year: its legal period, its threshold, its awards, the dossier it checks."""

    period: LegalPeriod
    texts: Tuple[str, ...]
    vote: m.VoteThreshold
    vote_basis: str
    awards: Tuple[CouncilRule, ...]
    dossier: Tuple[DossierItem, ...]


_CAP = Obj(COUNCIL_CAP.keys, Cap, title="tỷ lệ toàn tỉnh")  # the keys of council.yaml's cap, read into a Cap
_RULE = Obj([Key("id", Slug("Mã hình thức."), required=True),
             Key("name", Str(doc="Tên hình thức."), required=True),
             Key("from", Slug("Hình thức của Khối mà đơn vị được đề nghị là ứng viên."), required=True),
             Key("per_bloc", Int(doc="Số đơn vị tối đa mỗi Khối.", minimum=0)),
             Key("cap", _CAP),
             Key("ballot", Bool(doc="true: Hội đồng bỏ phiếu kín."), default=False),
             Key("basis", Str(doc="Căn cứ."), required=True)],
            lambda **kw: CouncilRule(source=kw.pop("from"), **kw), title="hình thức Hội đồng xét")
_PERIOD = Obj([Key("period", Str(doc="Mã giai đoạn (periods.yaml).", numeric_ok=True), required=True),
               Key("vote", VOTE_THRESHOLD, required=True),
               Key("vote_basis", Str(doc="Căn cứ của ngưỡng phiếu."), required=True),
               Key("awards", ListOf(_RULE, min_items=1), required=True)],
              PeriodRules, title="quy định của một giai đoạn")
_PRESET = Obj([Key("dossier", ListOf(COUNCIL_DOSSIER), default=()),
               Key("periods", ListOf(_PERIOD, min_items=1), required=True)],
              lambda dossier, periods, src: (tuple(dossier), tuple(periods)), title="quy định của Hội đồng")


@functools.lru_cache(maxsize=None)
def _preset() -> Tuple[Tuple[DossierItem, ...], Tuple[PeriodRules, ...]]:
    problems: List[Problem] = []
    name = preset_display(PRESET)
    root, read = read_yaml(str(PRESET_DIR / f"{PRESET}.yaml"), name)
    problems += read
    value = convert_file(root, _PRESET, Ctx(problems), Src(name, 1, 1))
    if problems:  # pragma: no cover - the shipped file is tested
        raise RuntimeError(f"broken {name}: {[str(p.src) + ' ' + p.message for p in problems]}")
    return value


def reference_date(council: m.Council, ballots: Optional[m.CouncilBallots]) -> dt.date:
    """The day whose rules apply: the council's ballot, else its meeting, else 31 December of its year."""
    if ballots is not None and ballots.date is not None:
        return ballots.date
    return council.date or dt.date(council.year, 12, 31)


def council_rules(council: m.Council, ballots: Optional[m.CouncilBallots]) -> Tuple[Optional[CouncilRules],
                                                                                    List[Problem]]:
    """The rules of the period holding the council's reference date, with council.yaml's own `vote` and
    `awards` changes."""
    day = reference_date(council, ballots)
    period = period_on(day)
    dossier, periods = _preset()
    found = next((p for p in periods if period is not None and p.period == period.id), None)
    if period is None or found is None:
        where = (ballots.src.at("date") if ballots is not None and ballots.date is not None
                 else council.src.at("date") if council.date is not None else council.src.at("year"))
        return None, [error(where, "council-no-period", (
            f"Ngày xét {day.day:02d}/{day.month:02d}/{day.year} không thuộc giai đoạn pháp lý nào có quy định của "
            f"Hội đồng (các giai đoạn: {', '.join(p.period for p in periods)}; {preset_display(PRESET)})."))]
    vote = council.vote or found.vote
    basis = "Quy chế hoạt động của Hội đồng (council.yaml, khóa vote)" if council.vote else found.vote_basis
    awards, problems = _adjusted(found.awards, council.awards)
    if council.dossier is not None:
        dossier = council.dossier
        problems += _dossier_paths(dossier)
    return CouncilRules(period, period.texts(day), vote, basis, awards, dossier), problems


def _dossier_paths(dossier: Sequence[DossierItem]) -> List[Problem]:
    """council.yaml's dossier names files inside a bloc's year folder: no absolute path, no '..'."""
    import posixpath

    problems = []
    for item in dossier:
        for index, name in enumerate(item.files):
            parts = name.replace("\\", "/").split("/")
            if posixpath.isabs(name.replace("\\", "/")) or ":" in parts[0] or ".." in parts:
                problems.append(error(item.src.at("files", index), "council-dossier-file", (
                    f"Tệp '{name}' của hồ sơ '{item.name}' phải nằm trong thư mục năm của Khối: ghi đường dẫn tính "
                    "từ thư mục năm, ví dụ \"year/ballots.yaml\", không ghi đường dẫn tuyệt đối hay \"..\".")))
    return problems


def _adjusted(rules: Tuple[CouncilRule, ...], changes: Sequence[m.CouncilAwardRule]
              ) -> Tuple[Tuple[CouncilRule, ...], List[Problem]]:
    """The period's awards with council.yaml's changes (`awards`): each key written replaces the preset's."""
    by_id = {r.id: r for r in rules}
    problems: List[Problem] = []
    seen: Dict[str, Src] = {}
    for change in changes:
        rule = by_id.get(change.id)
        if change.id in seen or rule is None:
            problems.append(error(change.src.at("id"), "council-unknown-award", (
                f"'{change.id}' đã được điều chỉnh ở dòng {seen[change.id].line}; gộp hai mục làm một."
                if change.id in seen else f"Hội đồng không xét hình thức '{change.id}' (các hình thức: "
                                          f"{', '.join(by_id)}).")))
            continue
        seen[change.id] = change.src
        order = [r.id for r in rules]
        if change.cap is not None and change.cap.of not in order[:order.index(change.id)]:
            problems.append(error(change.cap.src.at("of"), "council-unknown-award", (
                f"Tỷ lệ của '{change.id}' tính trên '{change.cap.of}', nhưng mẫu số phải là một hình thức xét trước "
                f"nó ({', '.join(order[:order.index(change.id)]) or 'không có'}).")))
            continue
        cap = Cap(change.cap.share, change.cap.of, change.cap.round, change.cap.src) if change.cap else rule.cap
        by_id[change.id] = rule._replace(
            per_bloc=rule.per_bloc if change.per_bloc is None else change.per_bloc, cap=cap,
            ballot=rule.ballot if change.ballot is None else change.ballot,
            basis=rule.basis + "; điều chỉnh theo Quy chế của Hội đồng (council.yaml)")
    return tuple(by_id[r.id] for r in rules), problems


# --- what the council reads of each bloc --------------------------------------------------

class DossierCheck(NamedTuple):
    name: str
    present: bool
    where: str  # the file found, or the files looked for


class BlocView(NamedTuple):
    """One bloc as the council sees it: ready (its data checked without errors) or why not."""

    id: str
    name: str  # the bloc's name (bloc.yaml), else its id in council.yaml
    label: str  # its short name, else its name
    folder: str  # its data folder, as shown
    ready: bool
    why: str  # why not ready; "" when ready
    errors: int
    warnings: int
    members: int
    leaders: Tuple[ListedUnit, ...]  # rank 1
    nominations: Optional[Nominations]
    names: Mapping[str, str]  # unit id -> full name
    dossier: Tuple[DossierCheck, ...]
    src: Src  # its entry in council.yaml

    @property
    def dossier_complete(self) -> bool:
        return all(d.present for d in self.dossier)

    def proposed(self, award_id: str) -> Tuple[ListedUnit, ...]:
        for award in self.nominations.awards if self.nominations else ():
            if award.id == award_id:
                return award.proposed
        return ()

    def leader_verdict(self, award_id: str) -> str:
        """'' when a leader is proposed for `award_id` (the standard award), else why not: 'Yêu cầu: … / Hiện có: …'."""
        for award in self.nominations.awards if self.nominations else ():
            if award.id != award_id:
                continue
            if any(e.unit in {lead.unit for lead in self.leaders} for e in award.proposed):
                return ""
            for lost in award.passed_over:
                if lost.entry.unit in {lead.unit for lead in self.leaders}:
                    return f"Yêu cầu: {lost.reason.required} / Hiện có: {lost.reason.actual}"
            return "Khối chưa đề nghị"
        return "Khối không xét hình thức này"

    def tied(self, award_id: str) -> Tuple[ListedUnit, ...]:
        for award in self.nominations.awards if self.nominations else ():
            if award.id == award_id:
                return tuple(e for t in award.ties for e in t.entries)
        return ()


def units_in_two_blocs(blocs: Sequence[Tuple[str, m.Bloc]]) -> Tuple[List[Problem], List[str]]:
    """A unit listed in two blocs: by id, an error at the later bloc's unit; by name under another id (folded:
    case, spaces and diacritics do not count), a warning naming both; and the blocs the errors make not ready."""
    seen: Dict[str, Tuple[str, m.Unit]] = {}
    named: Dict[str, Tuple[str, m.Unit]] = {}
    problems: List[Problem] = []
    spoiled: List[str] = []
    for bloc_id, bloc in blocs:
        for unit in bloc.units:
            first = seen.get(unit.id)
            same_name = named.get(folded(unit.name))
            if first is None and same_name is not None and same_name[0] != bloc_id:
                other = same_name[1]
                problems.append(warning(unit.src.at("name"), "unit-name-in-two-blocs", (
                    f"Đơn vị '{unit.id}' của Khối '{bloc_id}' trùng tên “{unit.name}” với "
                    f"đơn vị '{other.id}' của Khối '{same_name[0]}' ({other.src.at('name')}); một tập thể chỉ thuộc "
                    "một Khối thi đua của tỉnh. Nếu là một đơn vị, bỏ khỏi một Khối; nếu là hai đơn vị, ghi tên "
                    "đầy đủ cho khác nhau.")))
            named.setdefault(folded(unit.name), (bloc_id, unit))
            if first is None:
                seen[unit.id] = (bloc_id, unit)
            elif first[0] != bloc_id:
                problems.append(error(unit.src, "unit-in-two-blocs", (
                    f"Đơn vị '{unit.id}' ({unit.name}) đã có trong Khối '{first[0]}' ({first[1].src}); một tập thể chỉ "
                    "thuộc một Khối thi đua của tỉnh. Bỏ đơn vị khỏi một Khối, hoặc đổi mã nếu là hai đơn vị khác nhau.")))
                if bloc_id not in spoiled:
                    spoiled.append(bloc_id)
    return problems, spoiled


# --- the council's ballots ------------------------------------------------------------------

def check_ballots(council: m.Council, ballots: m.CouncilBallots, rules: Optional[CouncilRules],
                  candidates: Mapping[str, Sequence[str]]) -> List[Problem]:
    """The council's ballots against council.yaml and the candidates (`candidates`: award -> unit ids)."""
    problems: List[Problem] = []
    members = len(council.members)
    if ballots.year != council.year:
        problems.append(error(ballots.src.at("year"), "council-ballot-year", (
            f"Phiếu bầu ghi năm {ballots.year} nhưng council.yaml xét năm {council.year}.")))
    known = {r.id: r for r in rules.awards} if rules else {}
    seen: Dict[str, Src] = {}
    for ballot in ballots.ballots:
        if ballot.award in seen:
            problems.append(error(ballot.src, "council-ballot-twice", (
                f"Hình thức '{ballot.award}' đã có cuộc bỏ phiếu ở dòng {seen[ballot.award].line}; gộp các vòng vào "
                "một cuộc bỏ phiếu (khóa rounds).")))
        seen.setdefault(ballot.award, ballot.src)
        if rules is not None and ballot.award not in known:
            problems.append(error(ballot.src.at("award"), "council-ballot-award", (
                f"Hội đồng không xét hình thức '{ballot.award}' (các hình thức: {', '.join(known)}).")))
        elif rules is not None and not known[ballot.award].ballot:
            problems.append(warning(ballot.src.at("award"), "council-ballot-award", (
                f"Quy định của Hội đồng không bỏ phiếu cho '{ballot.award}'; cuộc bỏ phiếu này không được dùng.")))
        if ballot.members is not None and ballot.members != members:
            problems.append(error(ballot.src.at("members"), "council-ballot-members", (
                f"Cuộc bỏ phiếu ghi {ballot.members} thành viên nhưng council.yaml có {members} thành viên Hội đồng; "
                "sửa danh sách thành viên (members) hoặc bỏ khóa này.")))
        if ballot.voters > members:
            problems.append(error(ballot.src.at("voters"), "council-ballot-voters", (
                f"{ballot.voters} thành viên bỏ phiếu, nhưng council.yaml chỉ có {members} thành viên Hội đồng; "
                "danh sách thành viên (members) thiếu người, hoặc số người bỏ phiếu ghi sai.")))
        allowed = set(candidates.get(ballot.award, ()))
        for rnd in ballot.rounds:
            for vote in rnd.votes.values():
                if vote.count > ballot.voters:
                    problems.append(error(vote.src, "council-votes-exceed", (
                        f"'{vote.unit}' có {vote.count} phiếu, nhiều hơn số thành viên bỏ phiếu ({ballot.voters}).")))
                if ballot.award in known and vote.unit not in allowed:
                    problems.append(error(vote.src, "council-ballot-unit", (
                        f"'{vote.unit}' không phải ứng viên {known[ballot.award].name}: không Khối nào sẵn sàng đề nghị "
                        f"đơn vị này (ứng viên: {', '.join(sorted(allowed)) or 'không có'}).")))
    return problems


def _votes(ballot: m.Ballot, unit_id: str) -> int:
    for rnd in reversed(ballot.rounds):
        if unit_id in rnd.votes:
            return rnd.votes[unit_id].count
    return 0


# --- the decision ---------------------------------------------------------------------------

class Candidate(NamedTuple):
    bloc: str  # the bloc's id in council.yaml
    bloc_name: str
    entry: ListedUnit  # as its bloc proposed it
    name: str  # the unit's full name
    votes: Optional[int] = None  # in the council's ballot; None: no ballot
    voters: Optional[int] = None


def votes_text(c: Candidate) -> str:
    """'7/9' (the council's votes), '' without a ballot."""
    return "" if c.voters is None else f"{c.votes or 0}/{c.voters}"


class PassedOver(NamedTuple):
    candidate: Candidate
    required: str
    actual: str


class Tie(NamedTuple):
    """Candidates level (same votes, or no ballot to order them) at the cap's boundary."""

    candidates: Tuple[Candidate, ...]
    seats: int


class Threshold(NamedTuple):
    share: Decimal
    of: str
    base: int  # members, or voters
    needed: int

    @property
    def words(self) -> str:
        whom = "tổng số thành viên Hội đồng" if self.of == "members" else "số thành viên có mặt"
        product = fmt_number((self.share * self.base).normalize())
        return (f"ít nhất {fmt_share(self.share)} phiếu đồng ý trên {whom} "
                f"({fmt_share(self.share)} × {self.base} = {product} → {self.needed} phiếu)")


class AwardOutcome(NamedTuple):
    id: str
    name: str
    basis: str
    candidates: int
    cap: str  # the arithmetic, "" without a cap
    seats: Optional[int]
    threshold: str  # "" when the council does not vote on it
    pending: str  # why nothing is decided yet (the council has not voted); "" otherwise
    proposed: Tuple[Candidate, ...]
    ties: Tuple[Tie, ...]
    passed_over: Tuple[PassedOver, ...]
    shortfall: str  # seats left unused, "" when none


class CouncilResult(NamedTuple):
    council: m.Council
    rules: Optional[CouncilRules]
    ballots: Optional[m.CouncilBallots]
    blocs: Tuple[BlocView, ...]
    awards: Tuple[AwardOutcome, ...]
    problems: Tuple[Problem, ...]

    @property
    def ready(self) -> Tuple[BlocView, ...]:
        return tuple(b for b in self.blocs if b.ready)

    @property
    def texts(self) -> Tuple[str, ...]:
        return self.rules.texts if self.rules else ()

    @property
    def standard(self) -> Optional[CouncilRule]:
        """The award whose standard a leader must meet to count in a cap (the cap's `of`, e.g. co-tinh)."""
        rules = self.rules.awards if self.rules else ()
        of = next((r.cap.of for r in rules if r.cap is not None), None)
        return next((r for r in rules if r.id == of), None)


def candidates_of(rule: CouncilRule, blocs: Sequence[BlocView]) -> Tuple[List[Candidate], List[PassedOver]]:
    """The units the ready blocs propose for the rule's source award, at most `per_bloc` a bloc."""
    found: List[Candidate] = []
    lost: List[PassedOver] = []
    for bloc in blocs:
        if not bloc.ready:
            continue
        entries = sorted(bloc.proposed(rule.source), key=lambda e: e.rank or 0)
        for n, entry in enumerate(entries):
            cand = Candidate(bloc.id, bloc.label, entry, bloc.names.get(entry.unit, entry.label))
            if rule.per_bloc is not None and n >= rule.per_bloc:
                lost.append(PassedOver(cand, f"mỗi Khối tối đa {rule.per_bloc} đơn vị",
                                       f"Khối đề nghị {len(entries)} đơn vị; đơn vị xếp hạng {entry.rank} trong Khối"))
            else:
                found.append(cand)
        for entry in bloc.tied(rule.source):
            cand = Candidate(bloc.id, bloc.label, entry, bloc.names.get(entry.unit, entry.label))
            lost.append(PassedOver(cand, "Khối đã đề nghị (không còn bằng hạng chưa phân định)",
                                   f"bằng hạng {entry.rank} trong Khối, Khối chưa bỏ phiếu phân định"))
    return found, lost


def threshold(vote: m.VoteThreshold, ballot: m.Ballot, members: int) -> Threshold:
    base = members if vote.of == "members" else ballot.voters
    return Threshold(vote.share, vote.of, base, int((vote.share * base).to_integral_value(ROUND_CEILING)))


def decide(council: m.Council, rules: CouncilRules, blocs: Sequence[BlocView],
           ballots: Optional[m.CouncilBallots]) -> Tuple[AwardOutcome, ...]:
    """Every award of the council's rules, in their order. A capped award is chosen among the units granted
    the award its cap counts (decided before it), e.g. the Government flag among the provincial flags."""
    granted: Dict[str, Tuple[str, ...]] = {}
    names = {r.id: r.name for r in rules.awards}
    out = []
    for rule in rules.awards:
        cands, lost = candidates_of(rule, blocs)
        limit = ""
        seats: Optional[int] = None
        if rule.cap is not None:
            among = granted.get(rule.cap.of, ())
            lost += [PassedOver(c, f"được Hội đồng đề nghị {names.get(rule.cap.of, rule.cap.of)}",
                                "không được đề nghị") for c in cands if c.entry.unit not in among]
            cands = [c for c in cands if c.entry.unit in among]
            base = len(among)
            of_words = f"tập thể dẫn đầu các Khối được đề nghị {names.get(rule.cap.of, rule.cap.of)}"
            seats, limit = rule.cap.seats(base), rule.cap.arithmetic(base, of_words)
        pending, needed = "", ""
        passing = cands
        if rule.ballot:
            ballot = ballots.for_award(rule.id) if ballots else None
            if ballot is None:
                pending = ("chưa có phiếu bầu của Hội đồng (ballots.yaml cạnh council.yaml)" if ballots is None
                           else f"ballots.yaml của Hội đồng chưa có cuộc bỏ phiếu cho '{rule.id}'")
                passing = []
            else:
                need = threshold(rules.vote, ballot, len(council.members))
                needed = need.words
                cands = [c._replace(votes=_votes(ballot, c.entry.unit), voters=ballot.voters) for c in cands]
                passing = []
                for c in cands:
                    if (c.votes or 0) >= need.needed:
                        passing.append(c)
                    else:
                        share = Decimal(c.votes or 0) * 100 / (need.base or 1)
                        lost.append(PassedOver(c, need.words, f"{c.votes or 0}/{need.base} phiếu "
                                                              f"({fmt_number(share.quantize(Decimal('0.1')))}%)"))
        proposed, ties, over = _fill(passing, seats, bool(rule.ballot), limit)
        lost += over
        shortfall = ""
        if seats is not None and not pending and len(proposed) + sum(t.seats for t in ties) < seats:
            unused = seats - len(proposed) - sum(t.seats for t in ties)
            shortfall = (f"còn {unused} suất không sử dụng: chỉ {len(passing)} ứng viên đạt "
                         f"{'ngưỡng phiếu' if rule.ballot else 'tiêu chuẩn'}")
        granted[rule.id] = tuple(c.entry.unit for c in proposed)
        out.append(AwardOutcome(rule.id, rule.name, rule.basis, len(cands), limit, seats, needed, pending,
                                tuple(proposed), tuple(ties), tuple(lost), shortfall))
    return tuple(out)


def _fill(passing: List[Candidate], seats: Optional[int], by_votes: bool, limit: str
          ) -> Tuple[List[Candidate], List[Tie], List[PassedOver]]:
    """Seats to the passing candidates, most votes first; level candidates across the boundary are a tie
    (without a ballot every candidate is level: the council votes)."""
    if seats is None or len(passing) <= seats:
        return list(passing), [], []
    groups: List[List[Candidate]] = []
    key = (lambda c: c.votes or 0) if by_votes else (lambda c: 0)
    for cand in sorted(passing, key=key, reverse=True):
        if groups and key(groups[-1][0]) == key(cand):
            groups[-1].append(cand)
        else:
            groups.append([cand])
    won: List[Candidate] = []
    ties: List[Tie] = []
    lost: List[PassedOver] = []
    left = seats
    for group in groups:
        if len(group) <= left:
            won += group
            left -= len(group)
        elif left > 0:
            ties.append(Tie(tuple(group), left))
            left = 0
        else:
            why = "các suất đã dành cho ứng viên nhiều phiếu hơn" if seats else "không có suất nào"
            for cand in group:
                votes = f"{votes_text(cand)} phiếu; " if cand.voters is not None else ""
                lost.append(PassedOver(cand, limit, votes + why))
    return won, ties, lost
