"""Typed, immutable records of a bloc's year. Each knows where it came from (`src`)."""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Mapping, NamedTuple, Optional, Tuple

from thidua.problems import Src

PERIODS = ("h1", "year")
PERIOD_WORDS = {"h1": "6 tháng đầu năm", "year": "cả năm"}
LEVELS = ("tinh", "bo", "huyen")


def frozen_map(entries) -> Mapping:
    return MappingProxyType(dict(entries))


# --- bloc.yaml -------------------------------------------------------------

class Document(NamedTuple):
    kind: str
    number: str
    date: dt.date
    issuer: str
    title: Optional[str]
    src: Src


class Unit(NamedTuple):
    id: str
    name: str
    short_name: Optional[str]
    category: Optional[str]
    theme: Optional[str]
    registered: Tuple[str, ...]
    head: Optional[str]
    src: Src

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Skip(NamedTuple):
    unit: str
    reason: str
    src: Src


class Rotation(NamedTuple):
    rule: str
    order: Tuple[str, ...]
    skip: Tuple[Skip, ...]
    src: Src


@dataclass(frozen=True)
class Bloc:
    year: int
    name: str
    short_name: Optional[str]
    code: str
    place: str
    level: str
    authority: Optional[str]
    council: Optional[str]
    chair: str
    vice_chairs: Tuple[str, ...]
    slogan: Optional[str]
    units: Tuple[Unit, ...]
    documents: Tuple[Document, ...]
    rotation: Optional[Rotation]
    src: Src

    @cached_property
    def _units_by_id(self) -> Mapping[str, Unit]:
        """Each id's first unit (a repeated id is a validation error)."""
        found: dict = {}
        for u in self.units:
            found.setdefault(u.id, u)
        return found

    def unit(self, unit_id: str) -> Optional[Unit]:
        return self._units_by_id.get(unit_id)

    @property
    def unit_ids(self) -> Tuple[str, ...]:
        return tuple(u.id for u in self.units)


# --- criteria.yaml ---------------------------------------------------------

class Criterion(NamedTuple):
    id: str
    name: str
    max: Decimal
    guide: Tuple[str, ...]
    src: Src


class Group(NamedTuple):
    id: str
    name: str
    criteria: Tuple[Criterion, ...]
    src: Src

    @property
    def max(self) -> Decimal:
        return sum((c.max for c in self.criteria), Decimal(0))


class PointsCap(NamedTuple):
    max: Decimal
    src: Src


class Grade(NamedTuple):
    name: str
    min_total: Decimal
    min_share: Optional[Decimal]
    src: Src


class RankTieBreak(NamedTuple):
    rule: str
    ref: Optional[str]
    src: Src


@dataclass(frozen=True)
class Sheet:
    year: int
    name: Optional[str]
    total: Optional[Decimal]
    groups: Tuple[Group, ...]
    bonus: Optional[PointsCap]
    deductions: Optional[PointsCap]
    grades: Tuple[Grade, ...]
    tie_breaks: Tuple[RankTieBreak, ...]
    src: Src

    @cached_property
    def criteria(self) -> Tuple[Criterion, ...]:
        return tuple(c for g in self.groups for c in g.criteria)

    @cached_property
    def max_total(self) -> Decimal:
        return sum((g.max for g in self.groups), Decimal(0))

    @cached_property
    def _criteria_by_id(self) -> Mapping[str, Criterion]:
        """Each id's first criterion (a repeated id is a validation error)."""
        found: dict = {}
        for c in self.criteria:
            found.setdefault(c.id, c)
        return found

    def criterion(self, criterion_id: str) -> Optional[Criterion]:
        return self._criteria_by_id.get(criterion_id)


# --- awards.yaml -----------------------------------------------------------

class AwardSpec(NamedTuple):
    """One award as written in awards.yaml: an override of a preset award, or a new one.

    Only the keys given are set; the rest come from the preset (see `thidua.awards.rules`).
    """

    id: str
    settings: Mapping
    src: Src


class AwardsFile(NamedTuple):
    year: int
    preset: str
    awards: Tuple[AwardSpec, ...]
    src: Src


# --- <period>/<unit>.yaml --------------------------------------------------

class Score(NamedTuple):
    criterion: str
    value: Decimal
    src: Src


class Item(NamedTuple):
    points: Decimal
    reason: str
    src: Src


class Case(NamedTuple):
    kind: str
    note: Optional[str]
    until: Optional[dt.date]
    src: Src


class Facts(NamedTuple):
    pending_cases: Tuple[Case, ...] = ()
    women_share: Optional[Decimal] = None
    staff: Optional[int] = None
    src: Optional[Src] = None


class SelfReport(NamedTuple):
    unit: str
    year: int
    period: str
    submitted: Optional[dt.date]
    scores: Mapping[str, Score]
    bonus: Tuple[Item, ...]
    deductions: Tuple[Item, ...]
    achievements: Tuple[str, ...]
    limitations: Tuple[str, ...]
    facts: Facts
    src: Src
    unreadable: Tuple[str, ...] = ()
    """Criterion ids written with a score that could not be read (each already reported)."""


# --- <period>/review.yaml --------------------------------------------------

class Correction(NamedTuple):
    """The chair's checked value (a criterion's score, or a total of bonus or deduction points)."""

    value: Decimal
    note: str
    src: Src


class UnitReview(NamedTuple):
    unit: str
    scores: Mapping[str, Correction]
    bonus: Optional[Correction]
    deductions: Optional[Correction]
    src: Src


class Review(NamedTuple):
    year: int
    period: str
    reviewer: Optional[str]
    date: Optional[dt.date]
    units: Mapping[str, UnitReview]
    src: Src


# --- <period>/summary.yaml -------------------------------------------------

class Signer(NamedTuple):
    name: str
    position: Optional[str]
    role: str  # chair | vice
    src: Src


class ReportMeta(NamedTuple):
    number: Optional[str]
    date: Optional[dt.date]
    drafted_by: Optional[str]
    signer: Optional[Signer]
    recipients: Tuple[str, ...]
    conference_date: Optional[dt.date]
    conference_place: Optional[str]
    src: Src


class Summary(NamedTuple):
    year: int
    period: str
    report: Optional[ReportMeta]
    situation: Tuple[str, ...]
    assessment: Tuple[str, ...]
    movements: Tuple[str, ...]
    limitations: Tuple[str, ...]
    causes: Tuple[str, ...]
    lessons: Tuple[str, ...]
    directions: Tuple[str, ...]
    proposals: Tuple[str, ...]
    src: Src


# --- year/ballots.yaml -----------------------------------------------------

class Vote(NamedTuple):
    unit: str
    count: int
    src: Src


class Round(NamedTuple):
    votes: Mapping[str, Vote]
    src: Src


class Ballot(NamedTuple):
    award: str
    voters: int
    members: Optional[int]
    rounds: Tuple[Round, ...]
    note: Optional[str]
    src: Src


class Ballots(NamedTuple):
    year: int
    date: Optional[dt.date]
    place: Optional[str]
    ballots: Tuple[Ballot, ...]
    src: Src

    def for_award(self, award_id: str) -> Optional[Ballot]:
        for b in self.ballots:
            if b.award == award_id:
                return b
        return None


# --- a whole year ----------------------------------------------------------

class Period(NamedTuple):
    name: str
    reports: Mapping[str, SelfReport]
    review: Optional[Review]
    summary: Optional[Summary]


class Year(NamedTuple):
    year: int
    folder: str
    bloc: Optional[Bloc]
    sheet: Optional[Sheet]
    awards: Optional[AwardsFile]
    periods: Mapping[str, Period]
    ballots: Optional[Ballots]
    other_files: Tuple[str, ...] = ()
