"""The documents of the year's start, from bloc.yaml: the Giao ước thi đua the members sign
(`thidua report --kind giao-uoc`) and a unit's Bản đăng ký thi đua (`--kind dang-ky --unit`)."""

from __future__ import annotations

import os
from typing import NamedTuple, Tuple

from thidua import model as m
from thidua.numbers import fmt_number
from thidua.rendering.documents.context import (MOTTO_WORDS, Heading, Signature, _award_names, _strip_end,
                                                 break_name, curly, document_ref, fmt_count, join_names,
                                                 list_lines, place_date, titles)


class SignerBlock(NamedTuple):
    """One unit's signature: its name (upper case, in centred lines) and its head's position, the head's name."""

    unit: str
    position: str
    name: str
    unit_lines: Tuple[str, ...] = ()


class SignaturePair(NamedTuple):
    """One row of the covenant's signatures: two units side by side (`right` empty on an odd last row)."""

    left: SignerBlock
    right: SignerBlock = SignerBlock("", "", "")


class CovenantContext(NamedTuple):
    kind: str
    year: int
    title: str
    heading: Heading
    intro: str
    articles: Tuple[str, ...]  # "1. ..." the clauses the members agree on
    closing: str
    signers: Tuple[SignaturePair, ...]


class RegistrationContext(NamedTuple):
    kind: str
    year: int
    title: str
    heading: Heading
    addressee: str  # the bloc
    intro: str
    titles_heading: str
    titles: Tuple[str, ...]  # "- Cờ thi đua của Ủy ban nhân dân tỉnh."
    theme: str  # "Chủ đề thi đua năm 2020: “…”." ("" when none)
    pledge: str
    signature: Signature  # the unit's head


def _capitalised(sentence: str) -> str:
    """A sentence that may start with its subject when no document comes before it."""
    return sentence[:1].upper() + sentence[1:]


def _documents_words(bloc: m.Bloc) -> str:
    docs = [document_ref(d) for d in bloc.documents]
    return f"Thực hiện {join_names(docs)}; " if docs else ""


def _criteria_article(year: m.Year) -> str:
    sheet = year.sheet
    if sheet is None:
        return ""
    groups = [f"{g.name} ({fmt_number(g.max)} điểm)" for g in sheet.groups]
    return (f"Thi đua thực hiện tốt các nội dung của bảng chấm điểm thi đua năm {year.year} của "
            f"{titles(year.bloc).bloc}: {'; '.join(groups)}.") if groups else ""


def build_covenant(year: m.Year) -> CovenantContext:
    """The Giao ước thi đua the members sign early in the year: the bloc's clauses (bloc.yaml, `covenant`),
    what each unit registered, the scoring sheet's groups, and a signature block for each unit."""
    bloc = year.bloc
    assert bloc is not None
    t = titles(bloc)
    kind = "giao-uoc"
    articles = [curly(a) for a in bloc.covenant] or list(_placeholder_bloc(year.folder, "covenant"))
    articles += [a for a in (_criteria_article(year),) if a]
    names = _award_names(year)
    awards = [a for a in names if any(a in u.registered for u in bloc.units)]
    awards += sorted({a for u in bloc.units for a in u.registered if a not in names})
    if awards:
        parts = [f"{names.get(a, a)} ({join_names([u.label for u in bloc.units if a in u.registered])})"
                 for a in awards]
        articles.append("Các đơn vị đăng ký danh hiệu thi đua, hình thức khen thưởng năm "
                        f"{year.year}: {'; '.join(parts)}.")
    if bloc.slogan:
        articles.append(f"Thực hiện khẩu hiệu thi đua chung của {t.bloc}: “{_strip_end(curly(bloc.slogan))}”.")
    numbered = tuple(f"{n}. {a}" for n, a in enumerate(articles, 1))
    people = [SignerBlock(u.name.upper(), (u.head_position or "Thủ trưởng đơn vị").upper(), u.head or "",
                          break_name(u.name.upper(), 28)) for u in bloc.units]
    pairs = [SignaturePair(*people[i:i + 2]) for i in range(0, len(people), 2)]
    return CovenantContext(
        kind=kind, year=year.year, title=f"Giao ước thi đua năm {year.year} của {bloc.name}",
        heading=Heading(issuer=bloc.name.upper(), number="", place_date=place_date(bloc.place, bloc.covenant_date,
                                                                                   year.year),
                        doc_word="GIAO ƯỚC THI ĐUA", summary_line=f"Năm {year.year}",
                        supervisor=(bloc.supervisor or "").upper()),
        intro=_capitalised(f"{_documents_words(bloc)}các đơn vị thành viên {bloc.name} ({fmt_count(len(bloc.units))} "
                           f"đơn vị) thống nhất ký kết Giao ước thi đua năm {year.year} với những nội dung sau:"),
        articles=numbered,
        closing=(f"Giao ước có hiệu lực từ ngày ký. Các đơn vị thành viên tổ chức thực hiện; kết quả thực hiện Giao "
                 f"ước là căn cứ chấm điểm, bình xét thi đua cuối năm {year.year} của {t.bloc}./."),
        signers=tuple(pairs))


def _placeholder_bloc(folder: str, key: str) -> Tuple[str, ...]:
    return (f"[Bổ sung nội dung: mục “{key}” trong tệp {os.path.join(folder, 'bloc.yaml')}.]",)


def build_registration(year: m.Year, unit_id: str) -> RegistrationContext:
    """A unit's Bản đăng ký thi đua: the titles it registered (bloc.yaml, `registered`) and its theme."""
    bloc = year.bloc
    assert bloc is not None
    t = titles(bloc)
    unit = bloc.unit(unit_id)
    assert unit is not None
    names = _award_names(year)
    registered = [curly(names.get(a, a)) for a in unit.registered]
    kind_word = MOTTO_WORDS.get(unit.theme_kind, "chủ đề")
    head = (unit.head_position or "Thủ trưởng đơn vị").upper()
    return RegistrationContext(
        kind="dang-ky", year=year.year, title=f"Bản đăng ký thi đua năm {year.year} của {unit.name}",
        heading=Heading(issuer=unit.name.upper(), number="", place_date=place_date(bloc.place, bloc.covenant_date,
                                                                                   year.year),
                        doc_word="BẢN ĐĂNG KÝ THI ĐUA", summary_line=f"Năm {year.year}"),
        addressee=bloc.name,
        intro=(f"{_documents_words(bloc)}{unit.name} đăng ký thi đua năm {year.year} với {bloc.name} như sau:"),
        titles_heading="1. Danh hiệu thi đua, hình thức khen thưởng tập thể đăng ký",
        titles=list_lines(registered) if registered else ("- Chưa đăng ký (mục “registered” của đơn vị trong "
                                                          "bloc.yaml).",),
        theme=(f"2. {kind_word[:1].upper() + kind_word[1:]} thi đua năm {year.year}: “{_strip_end(curly(unit.theme))}”."
               if unit.theme else ""),
        pledge=(f"{unit.name} cam kết thực hiện đầy đủ nội dung Giao ước thi đua năm {year.year} của {t.bloc}, phấn "
                "đấu đạt các danh hiệu đã đăng ký./."),
        signature=Signature(on_behalf=head, role="", unit="", unit_lines=(), name=unit.head or "", recipients=()))
