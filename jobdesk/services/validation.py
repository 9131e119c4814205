"""Field validators: each turns user input into a stored value or raises ValidationError
naming the field and saying what to do."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from jobdesk.domain.errors import ValidationError
from jobdesk.domain.text import field_label, in_sentence

Validator = Callable[[Any], Any]

_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)  # not host:port
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]{2,}$")


def _label(field: str) -> str:
    return in_sentence(field_label(field))


def _readable(field: str, value: str) -> str:
    """Refuse text that cannot be stored as UTF-8 (a lone surrogate, e.g. from a broken paste
    or a damaged file name)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            field, f"the {_label(field)} holds a broken character at position {exc.start + 1} "
                   "(half of an emoji or symbol); delete it and type or paste it again") from None
    return value


def text(field: str, max_length: int, *, required: bool = False) -> Validator:
    def check(value: Any) -> str:
        value = _readable(field, "" if value is None else str(value))
        value = value.strip() if max_length <= 1000 else value.rstrip()
        if required and not value:
            raise ValidationError(field, f"a {_label(field)} is required; type one in")
        if len(value) > max_length:
            raise ValidationError(
                field, f"the {_label(field)} is {len(value)} characters long; "
                       f"shorten it to {max_length} or fewer")
        return value
    return check


def url(field: str) -> Validator:
    def check(value: Any) -> str:
        value = _readable(field, "" if value is None else str(value).strip())
        if not value:
            return ""
        # 'acme.example/jobs' gets https://; 'mailto:x@acme.example' keeps its own scheme
        # (and is refused) rather than becoming a bogus https URL with 'mailto' as user name
        if ("://" not in value and "." in value and " " not in value
                and not _OTHER_SCHEME.match(value)):
            value = "https://" + value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            raise ValidationError(
                field, f"{value!r} is not a web address; use one like https://example.com/jobs")
        if len(value) > 1000:
            raise ValidationError(field, "the address is over 1000 characters; shorten it")
        return value
    return check


def email(field: str) -> Validator:
    def check(value: Any) -> str:
        value = _readable(field, "" if value is None else str(value).strip())
        if not value:
            return ""
        if not _EMAIL.match(value) or len(value) > 320:
            raise ValidationError(
                field, f"{value!r} is not an e-mail address; use one like name@example.com")
        return value
    return check


def enum(cls, field: str) -> Validator:
    return lambda value: cls.parse(value, field).value


def optional_date(field: str) -> Validator:
    def check(value: Any) -> date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(
                field, f"{value!r} is not a date; use YYYY-MM-DD, for example 2026-03-31"
            ) from None
    return check


def instant(field: str, *, required: bool = True) -> Validator:
    def check(value: Any) -> datetime | None:
        if value is None or value == "":
            if required:
                raise ValidationError(field, f"a {_label(field)} is required")
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(
                    field, f"{value!r} is not a date and time; use YYYY-MM-DD HH:MM"
                ) from None
        if not isinstance(value, datetime):
            raise ValidationError(field, f"{value!r} is not a date and time")
        if value.tzinfo is None:
            raise ValidationError(field, "the time has no time zone; give one")
        return value.astimezone(UTC)
    return check


def boolean(field: str) -> Validator:
    def check(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if value in (0, 1):
            return bool(value)
        text_value = str(value).strip().lower()
        if text_value in ("true", "yes", "1"):
            return True
        if text_value in ("false", "no", "0", ""):
            return False
        raise ValidationError(field, f"{value!r} is not yes or no")
    return check
