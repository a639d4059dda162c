"""Dates as written on forms and in narratives, into `datetime.date`."""
from __future__ import annotations

import calendar
from datetime import date

import regex

from budget_declarations.normalize.numbers import fold

_FULL = regex.compile(
    r"^(?P<y>\d{4})(?:[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?|(?P<m2>\d{2})(?P<d2>\d{2}))$"
)


def make_date(year: int, month: int, day: int | None = None) -> date | None:
    """A valid date, or None; day None means the month's last day ("12月底")."""
    if year < 100:
        year += 2000
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = last
    if not 1 <= day <= last:
        return None
    return date(year, month, day)


_MONTH = regex.compile(r"^(?P<y>\d{4})(?:[-/.年](?P<m>\d{1,2})月?)?年?(?:份)?$")


def parse_date(text: str | None, end_of_period: bool = False) -> date | None:
    """`2026-01-01`, `2026/1/1`, `2026.1.1`, `2026年1月1日`, `20260101`; None otherwise.

    A date written to the month or year only (`2026年1月`, `2026年`) is that period's first day, or
    its last day with `end_of_period` (for a 计划完成日期).
    """
    if not text:
        return None
    m = _FULL.match(fold(text))
    if not m:
        period = _MONTH.match(fold(text))
        if not period:
            return None
        year = int(period.group("y"))
        if period.group("m"):
            month = int(period.group("m"))
            return make_date(year, month) if end_of_period else make_date(year, month, 1)
        return make_date(year, 12, 31) if end_of_period else make_date(year, 1, 1)
    month = m.group("m") or m.group("m2")
    day = m.group("d") or m.group("d2")
    return make_date(int(m.group("y")), int(month), int(day))
