"""Typed, immutable records of a bloc's year. Each knows where it came from (`src`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Mapping, Optional, Tuple

from thidua.problems import Src
from thidua.records import field, record

PERIODS = ("h1", "year")
PERIOD_WORDS = {"h1": "6 tháng đầu năm", "year": "cả năm"}
LEVELS = ("tinh", "bo", "huyen")


def frozen_map(entries) -> Mapping:
    return MappingProxyType(dict(entries))


# --- bloc.yaml -------------------------------------------------------------

@record
class Document:
    kind: str
    number: str
    date: dt.date
    issuer: str
    title: Optional[str]
    src: Src


@record
class Unit:
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


@record
class Skip:
    unit: str
    reason: str
    src: Src


@record
class Rotation:
    rule: str
    order: Tuple[str, ...]
    skip: Tuple[Skip, ...]
    src: Src


@record
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

@record
class Criterion:
    id: str
    name: str
    max: Decimal
    guide: Tuple[str, ...]
    src: Src


@record
class Group:
    id: str
    name: str
    criteria: Tuple[Criterion, ...]
    src: Src

    @property
    def max(self) -> Decimal:
        return sum((c.max for c in self.criteria), Decimal(0))


@record
class Cap:
    max: Decimal
    src: Src


@record
class Grade:
    name: str
    min_total: Decimal
    min_share: Optional[Decimal]
    src: Src


@record
class TieBreak:
    rule: str
    ref: Optional[str]
    src: Src


@record
class Sheet:
    year: int
    name: Optional[str]
    total: Optional[Decimal]
    groups: Tuple[Group, ...]
    bonus: Optional[Cap]
    deductions: Optional[Cap]
    grades: Tuple[Grade, ...]
    tie_breaks: Tuple[TieBreak, ...]
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

@record
class AwardSpec:
    """One award as written in awards.yaml: an override of a preset award, or a new one.

    Only the keys given are set; the rest come from the preset (see `thidua.awards.rules`).
    """

    id: str
    settings: Mapping
    src: Src


@record
class AwardsFile:
    year: int
    preset: str
    awards: Tuple[AwardSpec, ...]
    src: Src


# --- <period>/<unit>.yaml --------------------------------------------------

@record
class Score:
    criterion: str
    value: Decimal
    src: Src


@record
class Item:
    points: Decimal
    reason: str
    src: Src


@record
class Case:
    kind: str
    note: Optional[str]
    until: Optional[dt.date]
    src: Src


@record
class Facts:
    pending_cases: Tuple[Case, ...] = ()
    women_share: Optional[Decimal] = None
    staff: Optional[int] = None
    src: Optional[Src] = None


@record
class SelfReport:
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

@record
class Correction:
    """The chair's checked value (a criterion's score, or a total of bonus or deduction points)."""

    value: Decimal
    note: str
    src: Src


@record
class UnitReview:
    unit: str
    scores: Mapping[str, Correction]
    bonus: Optional[Correction]
    deductions: Optional[Correction]
    src: Src


@record
class Review:
    year: int
    period: str
    reviewer: Optional[str]
    date: Optional[dt.date]
    units: Mapping[str, UnitReview]
    src: Src


# --- <period>/summary.yaml -------------------------------------------------

@record
class Signer:
    name: str
    position: Optional[str]
    role: str  # chair | vice
    src: Src


@record
class ReportMeta:
    number: Optional[str]
    date: Optional[dt.date]
    drafted_by: Optional[str]
    signer: Optional[Signer]
    recipients: Tuple[str, ...]
    conference_date: Optional[dt.date]
    conference_place: Optional[str]
    src: Src


@record
class Summary:
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

@record
class Vote:
    unit: str
    count: int
    src: Src


@record
class Round:
    votes: Mapping[str, Vote]
    src: Src


@record
class Ballot:
    award: str
    voters: int
    members: Optional[int]
    rounds: Tuple[Round, ...]
    note: Optional[str]
    src: Src


@record
class Ballots:
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

@record
class Period:
    name: str
    reports: Mapping[str, SelfReport]
    review: Optional[Review]
    summary: Optional[Summary]


@record
class Year:
    year: int
    folder: str
    bloc: Optional[Bloc]
    sheet: Optional[Sheet]
    awards: Optional[AwardsFile]
    periods: Mapping[str, Period]
    ballots: Optional[Ballots]
    other_files: Tuple[str, ...] = field(default=())
