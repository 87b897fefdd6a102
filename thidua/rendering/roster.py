"""The member units of a bloc in one year, in Vietnamese alphabetical order (`thidua units`)."""

from __future__ import annotations

from typing import Dict, NamedTuple, Optional, Tuple

from thidua import model as m
from thidua.rendering import table
from thidua.collate import vi_key

class Member(NamedTuple):
    id: str
    name: str
    short_name: Optional[str]
    category: Optional[str]
    role: Optional[str]  # chair | vice | None
    registered: Tuple[Tuple[str, str], ...]  # (award id, award name)
    role_words: str = ""  # the role's title for the bloc's kind: "Trưởng khối", "Phó Cụm trưởng"


class Roster(NamedTuple):
    year: int
    bloc_name: str
    members: Tuple[Member, ...]


def roster(bloc: m.Bloc, award_names: Dict[str, str]) -> Roster:
    """The bloc's members with their role and registered awards, in Vietnamese alphabetical order."""
    rows = []
    for unit in bloc.units:
        role = "chair" if unit.id == bloc.chair else "vice" if unit.id in bloc.vice_chairs else None
        words = {"chair": bloc.titles.chair, "vice": bloc.titles.vice}.get(role or "", "")
        rows.append(Member(unit.id, unit.name, unit.short_name, unit.category, role,
                           tuple((a, award_names.get(a, a)) for a in unit.registered), words))
    rows.sort(key=lambda r: (vi_key(r.name), r.id))
    return Roster(bloc.year, bloc.name, tuple(rows))


COLUMNS = (
    table.Column("Mã", lambda x: x.id),
    table.Column("Tên đơn vị", lambda x: x.name),
    table.Column("Tên ngắn", lambda x: x.short_name),
    table.Column("Nhóm", lambda x: x.category, optional=True),  # most blocs have no categories
    table.Column("Vai trò", lambda x: x.role_words),
    table.Column("Đăng ký thi đua", lambda x: "; ".join(name for _, name in x.registered)),
)


def roster_text(r: Roster) -> str:
    """A plain table with a title line."""
    title = f"{r.bloc_name}, năm {r.year}: {len(r.members)} đơn vị thành viên"
    return title + "\n\n" + table.text(COLUMNS, r.members)


def roster_csv(r: Roster, sep: str = ",") -> str:
    """One row a member, every column (for Excel)."""
    return table.csv_text([c._replace(optional=False) for c in COLUMNS], r.members, sep)


def roster_json(r: Roster) -> str:
    return table.json_text({
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
    })

