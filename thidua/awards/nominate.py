"""`thidua nominate`: who is proposed for which award, and why the others are not.

For each award (decided in dependency order, shown highest first):

1. every ranked member is checked against the award's conditions, in registry order
   (`thidua.awards.conditions`); the first that fails is the reason it is passed over;
2. the units that pass fill the quota in ranking order (per category for a per-category
   quota; at most the cap of an `among` condition);
3. units sharing a rank (a tie the scoring sheet's rules did not break) across the quota
   boundary are separated by the award's tie rules (e.g. the women-share priority, then the
   ballot); units still level are reported as a tie for the bloc to vote on, and the seats
   they compete for stay open: a tie is never decided silently.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from bisect import bisect_left
from decimal import Decimal
from typing import Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from thidua import model as m
from thidua.awards.rules import AwardRule, AwardRules, evaluation_order, rules_of_year
from thidua.awards.conditions import (CONDITIONS, AWARD_TIE_RULES, Candidate, Placing, Reason, Situation, AwardTieBreak,
                               YearRecord, bloc_vote_reason)
from thidua.errors import DataError
from thidua.problems import Problem, warning

NOT_RANKED = "ranking"


# --- results ---------------------------------------------------------------

class ListedUnit(NamedTuple):
    """A unit as listed under an award."""

    unit: str
    label: str
    category: Optional[str]
    rank: Optional[int]
    total: Optional[Decimal]
    grade: Optional[str]
    votes: Optional[int]  # in the award's ballot; None: no ballot for the award
    voters: Optional[int]

    @property
    def votes_text(self) -> str:
        return "" if self.voters is None else f"{self.votes or 0}/{self.voters}"


class PassedOver(NamedTuple):
    entry: ListedUnit
    reason: Reason


class Tie(NamedTuple):
    """Units level at the quota boundary that no rule separated: the bloc votes."""

    entries: Tuple[ListedUnit, ...]
    seats: int
    category: Optional[str]
    tried: Tuple[str, ...]  # the tie rules applied, in Vietnamese


class AwardResult(NamedTuple):
    id: str
    name: str
    quota: str
    cap: Optional[str]
    proposed: Tuple[ListedUnit, ...]
    passed_over: Tuple[PassedOver, ...]
    ties: Tuple[Tie, ...]
    note: Optional[str] = None


class Nominations(NamedTuple):
    year: int
    bloc: str
    preset: str
    awards: Tuple[AwardResult, ...]  # highest first
    warnings: int = 0
    texts: Tuple[str, ...] = ()  # the law, decree and circular in force (the preset's period)
    period: str = ""  # the legal period, e.g. "từ 01/10/2017 đến 31/12/2023"
    agreed: bool = False  # the bloc agreed on its proposals without a secret ballot
    bloc_word: str = "Khối"  # "Khối", "Cụm", "Khu vực" (`m.Titles.bloc`)


# --- the engine --------------------------------------------------------------

def nominate(year: m.Year, placings: Sequence[Placing], rules: AwardRules,
             history: Callable[[int], YearRecord], by_rules_only: bool = False) -> Nominations:
    """Decide every award of a loaded year from its ranking (`placings`, best first); `by_rules_only`:
    as if the bloc had not voted (what the rules alone would propose)."""
    if year.bloc is None or year.sheet is None:
        raise DataError(f"Năm {year.year} thiếu bloc.yaml hoặc criteria.yaml; chạy `thidua validate {year.year}`.")
    order, problems = evaluation_order(rules)
    if problems:
        raise DataError(f"{problems[0].message} Chạy `thidua validate {year.year}`.")
    bloc = year.bloc
    by_unit = {p.unit: p for p in placings}
    period = year.periods.get("year")
    reports = period.reports if period else {}
    on_date = year.ballots.date if year.ballots and year.ballots.date else dt.date(year.year, 12, 31)
    voting = year.ballots is not None and not year.ballots.agreed and not by_rules_only
    proposed: Dict[str, Tuple[str, ...]] = {}
    results: Dict[str, AwardResult] = {}
    for award_id in order:
        rule = rules.get(award_id)
        assert rule is not None
        ballot = year.ballots.for_award(award_id) if year.ballots else None
        sit = Situation(year=year.year, award_id=award_id, award_names=rules.names,
                        higher=rules.higher_than(award_id), grades=tuple(g.name for g in year.sheet.grades),
                        ballot=ballot, members=len(bloc.units), proposed=m.frozen_map(proposed),
                        on_date=on_date, history=history, voting=voting, bloc_word=bloc.titles.bloc)
        candidates = _candidates(bloc, placings, reports, ballot)
        unranked = tuple(PassedOver(_entry(u, None, ballot), Reason(
            NOT_RANKED, "có kết quả chấm điểm cả năm", "chưa gửi báo cáo tự chấm điểm cả năm"))
            for u in bloc.units if u.id not in by_unit)
        result = _decide(rule, rules.vote, sit, candidates)
        result = result._replace(passed_over=result.passed_over + unranked)
        results[award_id] = result
        proposed[award_id] = tuple(e.unit for e in result.proposed)
    return Nominations(year.year, bloc.name, rules.preset, tuple(results[r.id] for r in rules.awards if r.id in results),
                       texts=rules.texts, period=rules.period.words() if rules.period else "",
                       agreed=bool(year.ballots and year.ballots.agreed), bloc_word=bloc.titles.bloc)


def _votes(ballot: Optional[m.Ballot], unit_id: str) -> Optional[int]:
    """Votes in the latest round that names the unit (0 if none does); None without a ballot."""
    if ballot is None:
        return None
    for rnd in reversed(ballot.rounds):
        if unit_id in rnd.votes:
            return rnd.votes[unit_id].count
    return 0


def _entry(unit: m.Unit, placing: Optional[Placing], ballot: Optional[m.Ballot]) -> ListedUnit:
    return ListedUnit(unit.id, unit.label, unit.category, placing.rank if placing else None,
                 placing.total if placing else None, placing.grade if placing else None,
                 _votes(ballot, unit.id), ballot.voters if ballot else None)


_ANY_CATEGORY = object()  # the category of a placed unit that is not in the bloc: it counts in all


def _candidates(bloc: m.Bloc, placings: Sequence[Placing], reports: Mapping[str, m.SelfReport],
                ballot: Optional[m.Ballot]) -> List[Candidate]:
    # A unit's place in its category: 1 + the units of that category ranked above it (a placing of
    # a unit missing from the bloc counts in every category).
    ranks: Dict[object, List[int]] = {}
    for p in placings:
        other = bloc.unit(p.unit)
        ranks.setdefault(other.category if other else _ANY_CATEGORY, []).append(p.rank)
    for found in ranks.values():
        found.sort()
    out = []
    for placing in placings:
        unit = bloc.unit(placing.unit)
        if unit is None:
            continue
        ahead = (bisect_left(ranks.get(key, []), placing.rank) for key in (unit.category, _ANY_CATEGORY))
        in_category = 1 + sum(ahead)
        report = reports.get(unit.id)
        out.append(Candidate(unit, placing, in_category, report.facts if report else m.Facts(),
                             _votes(ballot, unit.id)))
    return out


def _first_reason(rule: AwardRule, vote: m.VoteThreshold, sit: Situation, cand: Candidate) -> Optional[Reason]:
    for use in rule.conditions:
        reason = CONDITIONS[use.id].check(sit, cand, use.param)
        if reason is not None:
            return reason
    return bloc_vote_reason(sit, cand, vote)


@dataclass
class _Fill:
    """What filling a quota produced (mutable while one award is decided)."""

    won: List[Candidate]
    lost: List[Tuple[Candidate, Reason]]
    ties: List[Tie]


def _decide(rule: AwardRule, vote: m.VoteThreshold, sit: Situation, candidates: List[Candidate]) -> AwardResult:
    entry = {c.unit.id: _entry(c.unit, c.placing, sit.ballot) for c in candidates}
    quota = rule.quota
    lost: List[Tuple[Candidate, Reason]] = []
    eligible: List[Candidate] = []
    for cand in candidates:
        if quota.per_category and cand.unit.category not in quota.per_category:
            lost.append((cand, Reason("quota", "thuộc nhóm có chỉ tiêu (" + ", ".join(quota.per_category) + ")",
                                      f"nhóm {cand.unit.category}" if cand.unit.category
                                      else "chưa ghi nhóm (category) trong bloc.yaml")))
            continue
        reason = _first_reason(rule, vote, sit, cand)
        if reason is None:
            eligible.append(cand)
        else:
            lost.append((cand, reason))
    words = quota.words(sit.members)
    fill = _Fill([], lost, [])
    if quota.per_category:
        for category, seats in quota.per_category.items():
            pool = [c for c in eligible if c.unit.category == category]
            _fill(pool, seats, f"chỉ tiêu nhóm {category}: {seats} đơn vị", category, rule.tie_breaks, sit, fill)
    else:
        _fill(eligible, quota.seats(sit.members), f"chỉ tiêu {words}", None, rule.tie_breaks, sit, fill)
    caps = [c for c in (CONDITIONS[u.id].cap(sit, u.param) for u in rule.conditions if CONDITIONS[u.id].cap)
            if c is not None]
    cap = min(caps) if caps else None
    if cap is not None and len(fill.won) + sum(t.seats for t in fill.ties) > cap[0]:
        pool = sorted(fill.won, key=lambda c: c.placing.rank) + [c for t in fill.ties for c in
                                                                 _by_ids(candidates, t.entries)]
        fill = _Fill([], fill.lost, [])
        _fill(pool, cap[0], cap[1], None, rule.tie_breaks, sit, fill)
    order = {c.unit.id: i for i, c in enumerate(candidates)}
    return AwardResult(
        id=rule.id, name=rule.name, quota=words, cap=cap[1] if cap else None,
        proposed=tuple(entry[c.unit.id] for c in sorted(fill.won, key=lambda c: order[c.unit.id])),
        passed_over=tuple(PassedOver(entry[c.unit.id], r) for c, r in sorted(fill.lost, key=lambda x: order[x[0].unit.id])),
        ties=tuple(fill.ties), note=rule.note)


def _by_ids(candidates: List[Candidate], entries: Sequence[ListedUnit]) -> List[Candidate]:
    ids = {e.unit for e in entries}
    return [c for c in candidates if c.unit.id in ids]


def _fill(pool: List[Candidate], seats: int, limit: str, category: Optional[str], tie_breaks: Sequence[AwardTieBreak],
          sit: Situation, fill: _Fill) -> None:
    """Give `seats` to `pool` in ranking order; level units across the boundary go to the tie rules."""
    groups: List[List[Candidate]] = []
    for cand in sorted(pool, key=lambda c: c.placing.rank):
        if groups and groups[-1][0].placing.rank == cand.placing.rank:
            groups[-1].append(cand)
        else:
            groups.append([cand])
    left = seats
    for group in groups:
        if left >= len(group):
            fill.won += group
            left -= len(group)
            continue
        if left == 0:
            why = "các suất đã dành cho đơn vị xếp trên" if seats else "không có suất nào"
            for cand in group:
                fill.lost.append((cand, Reason("quota", limit, f"hạng {_rank_words(cand, category)}; {why}")))
            continue
        won, lost, tied = _break_tie(group, left, tie_breaks, sit)
        fill.won += won
        fill.lost += lost
        if tied:
            fill.ties.append(Tie(tuple(_entry(c.unit, c.placing, sit.ballot) for c in tied), left - len(won),
                                 category, tuple(AWARD_TIE_RULES[t.rule].words(t.param) for t in tie_breaks)))
        left = 0


def _rank_words(cand: Candidate, category: Optional[str]) -> str:
    if category is not None:
        return f"{cand.rank_in_category} trong nhóm {category}"
    return str(cand.placing.rank)


def _break_tie(group: List[Candidate], seats: int, tie_breaks: Sequence[AwardTieBreak],
               sit: Situation) -> Tuple[List[Candidate], List[Tuple[Candidate, Reason]], List[Candidate]]:
    """Split a group of level units competing for fewer seats: (won, lost with reasons, still tied)."""
    parts: List[List[Candidate]] = [list(group)]
    lost: List[Tuple[Candidate, Reason]] = []
    labels = {c.unit.id: c.unit.label for c in group}
    for tie in tie_breaks:
        impl = AWARD_TIE_RULES[tie.rule]
        start = 0
        out: List[List[Candidate]] = []
        for part in parts:
            if start < seats < start + len(part):
                keyed = [(impl.key(sit, c, tie.param), c) for c in part]
                values = sorted({k[0] for k, _ in keyed}, reverse=True)
                subparts = [[c for (v, _), c in keyed if v == value] for value in values]
                shown = {c.unit.id: s for (_, s), c in keyed}
                at = start
                for index, sub in enumerate(subparts):
                    if at >= seats:
                        ahead = [c for earlier in subparts[:index] for c in earlier]
                        others = ", ".join(labels[c.unit.id] for c in group if c not in sub)
                        required = (f"cùng hạng {sub[0].placing.rank} với {others}, còn {seats} suất: "
                                    f"{impl.words(tie.param)}")
                        for cand in sub:
                            actual = shown[cand.unit.id] + " (" + ", ".join(
                                f"{labels[a.unit.id]}: {shown[a.unit.id]}" for a in ahead) + ")"
                            lost.append((cand, Reason(f"tie:{tie.rule}", required, actual)))
                    else:
                        out.append(sub)
                    at += len(sub)
            else:
                out.append(part)
            start += len(part)
        parts = out
    won: List[Candidate] = []
    tied: List[Candidate] = []
    start = 0
    for part in parts:
        if start + len(part) <= seats:
            won += part
        else:
            tied += part
        start += len(part)
    return won, lost, tied


# --- from a ranking ------------------------------------------------------------

def ballot_gaps(loaded: m.Year, ranking, history: Callable[[int], YearRecord]) -> List[Problem]:
    """Ballots that leave out a unit the rules alone would propose (`thidua validate`)."""
    ballots = loaded.ballots
    if loaded.awards is None or ballots is None or ballots.agreed or loaded.bloc is None or loaded.sheet is None:
        return []
    rules, problems = rules_of_year(loaded)
    if problems or evaluation_order(rules)[1]:
        return []
    draft = nominate(loaded, placings_of(ranking), rules, history, by_rules_only=True)
    found: List[Problem] = []
    for result in draft.awards:
        ballot = ballots.for_award(result.id)
        if ballot is None:
            continue
        named = {unit for rnd in ballot.rounds for unit in rnd.votes}
        for entry in result.proposed:
            if entry.unit not in named:
                found.append(warning(ballot.src, "ballot-leaves-out", (
                    f"Cuộc bỏ phiếu '{result.id}' không có tên {entry.label} (hạng {entry.rank}), đơn vị mà quy định "
                    f"đề nghị {result.name}; nếu {loaded.bloc.titles.bloc} không bỏ phiếu cho đơn vị này, đơn vị không được đề nghị.")))
    return found


def placings_of(ranking) -> Tuple[Placing, ...]:
    """Adapter: `thidua.scoring.Ranking` -> the placings the award rules read."""
    return tuple(Placing(s.unit.id, s.rank, s.score.total, s.score.grade) for s in ranking.standings)


def year_record(ranking) -> YearRecord:
    """A ranked year's grades, as the history condition reads an earlier year."""
    return YearRecord(ranking.year, tuple(g.name for g in ranking.sheet.grades),
                      m.frozen_map((p.unit, p) for p in placings_of(ranking)))


def nominate_ranked(loaded: m.Year, ranking, history: Callable[[int], YearRecord], warnings: int = 0) -> Nominations:
    """The award proposals of a year loaded, checked and ranked (year end); `history` gives an earlier
    year's record (`thidua.commands.nominate.earlier_years`)."""
    if loaded.awards is None:
        raise DataError(f"Năm {loaded.year} chưa có tệp awards.yaml (quy định đề nghị khen thưởng); "
                        "xem docs/awards.md.")
    rules, _ = rules_of_year(loaded)
    return nominate(loaded, placings_of(ranking), rules, history)._replace(warnings=warnings)
