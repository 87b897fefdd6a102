"""Numbers and dates as Vietnamese clerks write them: 8,5 and 24/7/2019."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Optional, Union

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_PERCENT = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*%$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


MAX_DIGITS = 15
"""Digits a number in the data may have. More have no meaning for a score, a quota or a year, and
Python refuses to turn text of over 4,300 digits into an int (or an int into text)."""


def number_digits(text: str) -> int:
    """How many digits `text` has when it is a plain number or a percentage ('8,5' -> 2); 0 otherwise."""
    text = text.strip()
    if _NUMBER.match(text) or _PERCENT.match(text):
        return sum(ch.isdigit() for ch in text)
    return 0


def parse_decimal(text: str) -> Optional[Decimal]:
    """'8,5' or '8.5' -> Decimal('8.5'); None if the text is not a plain number.

    Both '.' and ',' are decimal separators; there is no thousands separator.
    """
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern rules it out
        return None


def parse_share(text: str) -> Optional[Decimal]:
    """A share as '0,7', '0.7' or '70%' -> Decimal('0.7')."""
    m = _PERCENT.match(text.strip())
    if m:
        value = parse_decimal(m.group(1))
        return None if value is None else value / 100
    return parse_decimal(text)


def parse_date(text: str) -> Optional[dt.date]:
    """'2019-07-24' or '24/7/2019' -> date; None if neither."""
    text = text.strip()
    m = _ISO_DATE.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _VN_DATE.match(text)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def fmt_number(value: Decimal) -> str:
    """Vietnamese style: 95,5; 95; 7,25. No exponent, no trailing zeros."""
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def plain_number(value: Optional[Decimal]) -> Union[int, float, None]:
    """Decimal -> int when whole (JSON `95`, not `95.0`), else float (`95.5`: quarter and half points are
    exact in binary); None stays None. For JSON output and spreadsheet cells."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def fmt_share(value: Decimal) -> str:
    """0.7 -> '70%', 0.705 -> '70,5%'."""
    return fmt_number(value * 100) + "%"


def fmt_date_long(day: dt.date) -> str:
    """'ngày 24 tháng 7 năm 2019' (Nghị định 30: days and months under 10 are written
    with a leading zero only for day 1-9 and months 1-2)."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {d} tháng {m} năm {day.year}"


def fmt_date_short(day: dt.date) -> str:
    """'24/7/2019', '05/02/2020', as in document references (the leading zeros of `fmt_date_long`)."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{d}/{m}/{day.year}"
