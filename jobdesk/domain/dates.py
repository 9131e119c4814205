"""Calendar arithmetic shared by the calendar and the follow-up rules (pure Python)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path


def is_business_day(day: date, holidays: Iterable[date] = ()) -> bool:
    return day.weekday() < 5 and day not in set(holidays)


def add_business_days(day: date, n: int, holidays: Iterable[date] = ()) -> date:
    """The day ``n`` business days after ``day`` (before it when ``n`` is negative).

    Weekends and ``holidays`` are skipped. ``n == 0`` gives ``day`` itself when it is a
    business day, else the next business day.
    """
    off = frozenset(holidays)
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = day
    if remaining == 0:
        while current.weekday() >= 5 or current in off:
            current += timedelta(days=1)
        return current
    while remaining:
        current += timedelta(days=step)
        if current.weekday() < 5 and current not in off:
            remaining -= 1
    return current


def follow_up_after_promise(promised: date, holidays: Iterable[date] = ()) -> date:
    """When to follow up on a promised answer that did not come: one business day later."""
    return add_business_days(promised, 1, holidays)


def local_zone_name() -> str:
    """IANA name of this machine's time zone ('UTC' when it cannot be told)."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and "/" in env and not env.startswith("/"):
        return env
    try:
        target = Path(os.path.realpath("/etc/localtime"))
        parts = target.parts
        if "zoneinfo" in parts:
            return "/".join(parts[parts.index("zoneinfo") + 1:])
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            return name
    except OSError:
        pass
    return "UTC"
