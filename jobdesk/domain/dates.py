"""Business days: weekends and the user's holidays are skipped."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def is_business_day(day: date, holidays: Collection[date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_business_days(day: date, n: int, holidays: Collection[date] = ()) -> date:
    """The ``n``-th business day after ``day`` (``n`` >= 0; 0 gives the next business day on or
    after ``day``). Friday + 1 is Monday; a holiday Monday makes it Tuesday."""
    if n < 0:
        raise ValueError("n must be >= 0")
    current = day
    if n == 0:
        while not is_business_day(current, holidays):
            current += timedelta(days=1)
        return current
    remaining = n
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current, holidays):
            remaining -= 1
    return current
