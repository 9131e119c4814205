"""Reading dates and times as people type them (pure Python, no Qt).

``parse_user_date(text, today, short_format)`` understands:

- ISO dates: ``2026-12-01`` (also ``2026-12-1``, ``2026/12/01``, ``20261201``);
- the user's locale short date format, passed in as a Qt-style format string such as
  ``dd.MM.yy`` (de_DE) or ``M/d/yy`` (en_US): only the order of day, month and year is taken
  from it, so ``1.12.2026``, ``01.12.26`` and ``1.12.`` (this year) all read in German; a
  two-digit year is the one within 50 years of today;
- words: ``today``, ``tomorrow``, ``yesterday``; a weekday (``fri``, ``friday``, or the
  locale's own day names when given, ``Freitag``, ``Fr``) is the
  nearest such day from today on, today included; ``next fri`` is the first one after today,
  ``last fri`` the latest one before today; ``next week`` is the Monday of next week,
  ``last week`` the Monday of last week, ``next month`` the first of next month;
- offsets from today: ``+3d``, ``-2d``, ``+1w``, ``+2m`` (months), ``+1y``, ``+3`` (days),
  ``in 3 days``, ``in 2 weeks``, ``3 days ago``.

Empty text means "no date" (``None``). Anything else raises ``DateInputError`` with a
message that says what was wrong and what to type.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, time, timedelta

from jobdesk.domain.errors import JobDeskError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_UNITS = {"d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "week": "w", "weeks": "w",
          "m": "m", "mo": "m", "month": "m", "months": "m", "y": "y", "yr": "y", "year": "y",
          "years": "y"}
EXAMPLE = date(2026, 12, 1)
FIRST_YEAR, LAST_YEAR = 1900, 2199  # wider is a typo in a job search
_SEPARATORS = " ./\\-\u200e\u200f\u00a0\u202f\u2009"  # what locales put between day, month and year


class DateInputError(JobDeskError, ValueError):
    """Typed text that is not a date (or time); ``message`` says why and what to type."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---- the locale's format ----------------------------------------------------------------------
def field_order(short_format: str) -> str:
    """``"dmy"``, ``"mdy"`` or ``"ymd"`` from a Qt date format ("dd.MM.yy" -> "dmy")."""
    seen = ""
    for ch in re.sub(r"'[^']*'", "", short_format or ""):
        key = {"d": "d", "M": "m", "y": "y"}.get(ch)
        if key and key not in seen:
            seen += key
    return seen if sorted(seen) == ["d", "m", "y"] else "ymd"


def format_date(day: date, fmt: str) -> str:
    """``day`` written in a Qt-style numeric format (d, dd, M, MM, yy, yyyy; quoted text)."""
    out = []
    for token in re.findall(r"'[^']*'|d+|M+|y+|.", fmt):
        if token.startswith("'"):
            out.append(token[1:-1])
        elif token[0] == "d" and len(token) <= 2:
            out.append(f"{day.day:0{len(token)}d}")
        elif token[0] == "M" and len(token) <= 2:
            out.append(f"{day.month:0{len(token)}d}")
        elif token[0] == "y":
            out.append(f"{day.year % 100:02d}" if len(token) == 2 else f"{day.year:04d}")
        else:
            out.append(token)
    return "".join(out)


def examples(short_format: str) -> list[str]:
    """What can be typed, in the locale's own format: ["2026-12-01", "1.12.2026", ...]."""
    order = field_order(short_format)
    loose = re.sub(r"y+", "yyyy", re.sub(r"M+", "M", re.sub(r"d+", "d", short_format or "")))
    local = format_date(EXAMPLE, loose).strip()
    own = [local] if order != "ymd" and local != "2026-12-01" else []
    return ["2026-12-01", *own, "today", "fri", "+3d"]


def example_text(short_format: str) -> str:
    """ "Type a date like 2026-12-01, 1.12.2026, today, fri or +3d" (the locale's format)."""
    *first, last = examples(short_format)
    return f"Type a date like {', '.join(first)} or {last}"


# ---- dates --------------------------------------------------------------------------------
def parse_user_date(text: str, today: date, short_format: str = "yyyy-MM-dd",
                    day_names: Sequence[Sequence[str]] = ()) -> date | None:
    """The date ``text`` means (``None`` for empty text); raises ``DateInputError``.

    ``day_names``: the locale's names of Monday to Sunday (long and short, "Freitag", "Fr."),
    read as weekdays besides the English ones.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    lowered = " ".join(raw.casefold().replace(",", " ").split())
    found = _words(lowered, today, day_names)
    if found is None:
        found = _numeric(raw, today, short_format)
    if found is None:
        raise DateInputError(f"“{raw}” is not a date. {example_text(short_format)}.")
    return found


def _words(text: str, today: date, day_names: Sequence[Sequence[str]]) -> date | None:
    simple = {"today": 0, "now": 0, "tod": 0, "tomorrow": 1, "tmrw": 1, "tom": 1,
              "yesterday": -1, "yest": -1}
    if text in simple:
        return today + timedelta(days=simple[text])
    if text in ("next week", "last week"):
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(weeks=1 if text == "next week" else -1)
    if text in ("next month", "last month"):
        return _add_months(today.replace(day=1), 1 if text == "next month" else -1)
    words = text.split()
    which = words[0] if len(words) == 2 and words[0] in ("next", "last", "this") else ""
    weekday = _weekday(words[-1], day_names) if len(words) == (2 if which else 1) else None
    if weekday is not None:
        ahead = (weekday - today.weekday()) % 7
        if which == "next" and ahead == 0:
            ahead = 7
        if which == "last":
            return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
        return today + timedelta(days=ahead)
    match = (re.fullmatch(r"([+-])\s*(\d{1,5})\s*([a-z]*)", text)
             or re.fullmatch(r"(in) (\d{1,5}) ?([a-z]+)", text)
             or re.fullmatch(r"(\d{1,5}) ?([a-z]+) (ago)", text))
    if match is None:
        return None
    groups = match.groups()
    if groups[-1] == "ago":
        sign, count, unit = -1, int(groups[0]), groups[1]
    else:
        sign = -1 if groups[0] == "-" else 1
        count, unit = int(groups[1]), groups[2] or "d"
    if unit not in _UNITS:
        return None
    return _offset(today, sign * count, _UNITS[unit], text)


def _weekday(word: str, day_names: Sequence[Sequence[str]] = ()) -> int | None:
    """Monday = 0 for an unambiguous prefix (two letters or more) of an English or a
    locale's day name; None otherwise."""
    word = word.rstrip(".")
    if len(word) < 2:
        return None
    names = [(i, name) for i, name in enumerate(WEEKDAYS)]
    names += [(i, name.casefold().rstrip(".")) for i, group in enumerate(day_names[:7])
              for name in group if name]
    matches = {i for i, name in names if name.startswith(word)}
    return matches.pop() if len(matches) == 1 else None


def _offset(today: date, count: int, unit: str, text: str) -> date:
    try:
        if unit == "d":
            found = today + timedelta(days=count)
        elif unit == "w":
            found = today + timedelta(weeks=count)
        else:
            found = _add_months(today, count if unit == "m" else 12 * count)
        if FIRST_YEAR <= found.year <= LAST_YEAR:
            return found
    except (OverflowError, ValueError):
        pass
    raise DateInputError(f"“{text}” is too far from today to be a date; "
                             "use a smaller number")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise ValueError("year out of range")
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _numeric(raw: str, today: date, short_format: str) -> date | None:
    text = raw.strip()
    if re.fullmatch(r"\d{8}", text):  # 20261201
        return _build(raw, text[:4], text[4:6], text[6:], today)
    for literal in re.findall(r"'([^']+)'", short_format or ""):  # "1.12.26 г." (Bulgarian)
        text = text.replace(literal, " ")
    text = text.strip(_SEPARATORS)  # "1.12." (German day-month, this year)
    sep = f"[{_SEPARATORS}]+"
    if not re.fullmatch(rf"\d+{sep}\d+(?:{sep}\d+)?", text):
        return None
    groups = re.findall(r"\d+", text)
    order = field_order(short_format)
    if len(groups) == 3 and len(groups[0]) >= 3:
        order = "ymd"  # ISO, whatever the locale
    if len(groups) == 2:
        order = order.replace("y", "") + "y"  # day and month: this year
        groups.append(str(today.year))
    values = dict(zip(order, groups, strict=True))
    try:
        return _build(raw, values["y"], values["m"], values["d"], today)
    except DateInputError as exc:
        if "no month" in exc.message and order.startswith("m"):
            own = examples(short_format)[1]  # month first, as the locale writes dates
            raise DateInputError(f"{exc.message}; dates here are written month first, "
                                 f"like {own}") from None
        raise


def _build(raw: str, year_text: str, month_text: str, day_text: str, today: date) -> date:
    if len(year_text) not in (2, 4):
        raise DateInputError(f"“{raw}” is not a date: the year {year_text} should have 4 "
                             f"digits (or 2), for example {today.year}")
    year = int(year_text)
    if len(year_text) == 2:
        year += today.year // 100 * 100
        if year > today.year + 50:
            year -= 100
        elif year < today.year - 49:
            year += 100
    month, day = int(month_text), int(day_text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateInputError(f"“{raw}” is not a date: the year {year} is out of range "
                             f"({FIRST_YEAR} to {LAST_YEAR})")
    if not 1 <= month <= 12:
        raise DateInputError(f"“{raw}” is not a date: there is no month {month} "
                             "(months go from 1 to 12)")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        if day == 0:
            why = "there is no day 0"
        elif month == 2 and day == 29:
            why = f"February has 28 days in {year} (it is not a leap year)"
        else:
            why = f"{MONTHS[month - 1]} has {days} days" + (
                f" in {year}" if month == 2 else "")
        raise DateInputError(f"“{raw}” is not a date: {why}")
    return date(year, month, day)


def describe(day: date) -> str:
    """A short, unambiguous reading of a date: "Fri 2026-12-04"."""
    return f"{WEEKDAYS[day.weekday()][:3].title()} {day.isoformat()}"


# ---- times --------------------------------------------------------------------------------
def parse_user_time(text: str) -> time:
    """``14:30``, ``1430``, ``9``, ``9.05``, ``2pm``, ``2:30 pm``, ``noon``, ``midnight``."""
    raw = (text or "").strip()
    lowered = raw.casefold().replace(" ", "").replace(".", ":")
    if lowered in ("noon", "midday"):
        return time(12, 0)
    if lowered == "midnight":
        return time(0, 0)
    match = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?(am|pm|a|p)?", lowered)
    if not raw or match is None:
        raise DateInputError(f"“{raw}” is not a time. Type a time like 14:30, 1430, 9 "
                             "or 2pm")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            raise DateInputError(f"“{raw}” is not a time: with am or pm the hour goes "
                                 "from 1 to 12")
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    if hour > 23:
        raise DateInputError(f"“{raw}” is not a time: the hour goes from 0 to 23")
    if minute > 59:
        raise DateInputError(f"“{raw}” is not a time: the minutes go from 0 to 59")
    return time(hour, minute)
