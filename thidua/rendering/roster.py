"""The member units of a bloc in one year, in Vietnamese alphabetical order (`thidua units`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, NamedTuple, Optional, Tuple

from thidua import model as m
from thidua.awards import rules as awards_mod
from thidua.rendering import table
from thidua.collate import vi_key
from thidua.errors import DataError
from thidua.reading.loader import load_year

ROLE_WORDS = {"chair": "Trưởng khối", "vice": "Phó trưởng khối"}


class Member(NamedTuple):
    id: str
    name: str
    short_name: Optional[str]
    category: Optional[str]
    role: Optional[str]  # chair | vice | None
    registered: Tuple[Tuple[str, str], ...]  # (award id, award name)

    @property
    def role_words(self) -> str:
        return ROLE_WORDS.get(self.role or "", "")


class Roster(NamedTuple):
    year: int
    bloc_name: str
    members: Tuple[Member, ...]


def load_roster(data_dir: Path, year: int) -> Roster:
    """The members of `year`, sorted by name; DataError if bloc.yaml cannot be read."""
    loaded, _ = load_year(data_dir, year)
    if loaded.bloc is None:
        raise DataError(f"Không đọc được tệp bloc.yaml của năm {year}; chạy 'thidua validate {year}' để xem lỗi.")
    names: Dict[str, str] = {}
    if loaded.awards is not None:
        names, _ = awards_mod.catalogue(loaded.awards)
    return roster(loaded.bloc, names)


def roster(bloc: m.Bloc, award_names: Dict[str, str]) -> Roster:
    """The bloc's members with their role and registered awards, in Vietnamese alphabetical order."""
    rows = []
    for unit in bloc.units:
        role = "chair" if unit.id == bloc.chair else "vice" if unit.id in bloc.vice_chairs else None
        rows.append(Member(unit.id, unit.name, unit.short_name, unit.category, role,
                           tuple((a, award_names.get(a, a)) for a in unit.registered)))
    rows.sort(key=lambda r: (vi_key(r.name), r.id))
    return Roster(bloc.year, bloc.name, tuple(rows))


HEADERS = ("Mã", "Tên đơn vị", "Tên ngắn", "Nhóm", "Vai trò", "Đăng ký thi đua")


def roster_text(r: Roster) -> str:
    """A plain table with a title line."""
    rows = [[x.id, x.name, x.short_name or "", x.category or "", x.role_words,
             "; ".join(name for _, name in x.registered)] for x in r.members]
    headers = list(HEADERS)
    if not any(x.category for x in r.members):  # no categories in this bloc: drop the empty column
        headers.pop(3)
        for row in rows:
            row.pop(3)
    title = f"{r.bloc_name}, năm {r.year}: {len(r.members)} đơn vị thành viên"
    return title + "\n\n" + table.simple(rows, headers, ["left"] * len(headers))


def roster_json(r: Roster) -> str:
    return json.dumps({
        "year": r.year,
        "bloc": r.bloc_name,
        "units": [{
            "id": x.id,
            "name": x.name,
            "short_name": x.short_name,
            "category": x.category,
            "role": x.role,
            "role_name": x.role_words or None,
            "registered": [{"id": a, "name": n} for a, n in x.registered],
        } for x in r.members],
    }, ensure_ascii=False, indent=2)


def known_unit_ids(data_dir: Path) -> Tuple[str, ...]:
    """Unit ids of the latest year's bloc.yaml (for shell completion); empty when unreadable."""
    from thidua.paths import years

    present = years(data_dir)
    if not present:
        return ()
    loaded, _ = load_year(data_dir, present[-1])
    return loaded.bloc.unit_ids if loaded.bloc else ()
