"""Deadlines as rules: a start date, a number of days, calendar or business days.

Business days skip Saturdays, Sundays and the Korean public holidays (the ``holidays`` package's ``KR`` calendar:
설날, 추석 and their substitute days included). Every workflow with a deadline computes it here, so a rule's
meaning is the same everywhere (see docs/workflows/).
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _korean_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("KR", years=year))


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _korean_holidays(day.year)


def add_days(start: date, days: int, *, business: bool) -> date:
    """The day ``days`` days after ``start``: calendar days, or business days (the start day itself never counts,
    as in the Civil Petitions Act's reckoning)."""
    if days < 0:
        raise ValueError("A deadline cannot be negative.")
    if not business:
        return start + timedelta(days=days)
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day


def days_left(due: date, today: date, *, business: bool) -> int:
    """Days from ``today`` until ``due`` (negative when overdue), counted the same way as the rule."""
    if not business:
        return (due - today).days
    start, end, sign = (today, due, 1) if due >= today else (due, today, -1)
    count = 0
    day = start
    while day < end:  # business days d with start < d <= end
        day += timedelta(days=1)
        if is_business_day(day):
            count += 1
    return sign * count
