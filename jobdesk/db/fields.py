"""Portable column types with fast conversion (ISO text in SQLite, native types elsewhere)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import peewee


def to_utc(value):
    """Database value -> aware UTC datetime (ISO text from SQLite, datetime elsewhere)."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) in (19, 26):  # our naive UTC text; appending the offset is ~6x faster
            return datetime.fromisoformat(value + "+00:00")  # than .replace(tzinfo=UTC)
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_date(value):
    """Database value -> date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


class UtcDateTimeField(peewee.Field):
    """An instant, stored as naive UTC ('YYYY-MM-DD HH:MM:SS[.ffffff]'), read as aware UTC.

    ``datetime.fromisoformat`` is ~20x faster than peewee's format guessing, which matters when
    100,000 rows load at start-up.
    """

    field_type = "DATETIME"

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            raise ValueError("UtcDateTimeField needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")

    def python_value(self, value):
        return to_utc(value)


class IsoDateField(peewee.Field):
    """A calendar date without time, stored as ISO 'YYYY-MM-DD'."""

    field_type = "DATE"

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            value = date.fromisoformat(value)
        return value.isoformat()

    def python_value(self, value):
        return to_date(value)
