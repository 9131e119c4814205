"""Product settings stored in the database (``Setting`` table, JSON values), declared once with
their defaults. Headless commands read them too; window layout stays in ``ui.settings``.

Secrets never go here: the SMTP password lives in the OS keyring (``services.secrets``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jobdesk.db import notes as q
from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.text import field_label

SMTP_SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True)
class Declared:
    default: Any
    check: Callable[[Any], Any] | None = None
    label: str = ""


def _text(limit: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = "" if value is None else str(value).strip()
        if len(text) > limit:
            raise ValueError(f"is {len(text)} characters long; shorten it to {limit}")
        return text
    return check


def _port(value: Any) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a port number; use 587, 465 or 25") from None
    if not 1 <= port <= 65535:
        raise ValueError(f"{port} is not a port number; use 587, 465 or 25")
    return port


def _security(value: Any) -> str:
    text = str(value or "").strip().lower().replace("ssl", "tls")
    if text not in SMTP_SECURITY:
        raise ValueError(f"{value!r} is not a security mode; use starttls, tls or none")
    return text


def _positive_int(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise ValueError(f"{number} must be at least 1")
    return number


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


DECLARED: dict[str, Declared] = {
    "me.name": Declared("", _text(200), "your name"),
    "me.email": Declared("", _text(320), "your e-mail address"),
    "smtp.host": Declared("", _text(255), "SMTP server"),
    "smtp.port": Declared(587, _port, "SMTP port"),
    "smtp.security": Declared("starttls", _security, "SMTP security"),
    "smtp.user": Declared("", _text(320), "SMTP user name"),
    "smtp.from_address": Declared("", _text(320), "From address"),
    "smtp.timeout_seconds": Declared(30, _positive_int, "SMTP timeout"),
    "compose.next_check_in_days": Declared(7, _positive_int, "days until the next check-in"),
    "compose.schedule_next_check_in": Declared(True, _boolean, "schedule the next check-in"),
}


class SettingsService:
    """Typed access to declared settings; an unknown key is a programming error."""

    def __init__(self, store: Store, bus: ChangeBus | None = None,
                 declared: dict[str, Declared] | None = None):
        self.store = store
        self.bus = bus
        self.declared = dict(DECLARED if declared is None else declared)

    def declare(self, key: str, default: Any, check: Callable[[Any], Any] | None = None,
                label: str = "") -> None:
        """Other features declare their own settings (follow-up cadence, holidays...)."""
        self.declared[key] = Declared(default, check, label)

    def _declared(self, key: str) -> Declared:
        try:
            return self.declared[key]
        except KeyError:
            raise KeyError(f"setting {key!r} is not declared") from None

    def get(self, key: str) -> Any:
        declared = self._declared(key)
        raw = q.setting_values([key]).get(key)
        if raw is None:
            return declared.default
        try:
            value = json.loads(raw)
            return declared.check(value) if declared.check else value
        except (ValueError, TypeError):
            return declared.default  # a damaged value never blocks the app

    def get_many(self, prefix: str = "") -> dict[str, Any]:
        return {k: self.get(k) for k in self.declared if k.startswith(prefix)}

    def clean(self, key: str, value: Any) -> Any:
        declared = self._declared(key)
        if declared.check is None:
            return value
        try:
            return declared.check(value)
        except ValueError as exc:
            label = declared.label or field_label(key)
            raise ValidationError(key, f"the {label} {exc}") from None

    def set(self, key: str, value: Any) -> Any:
        return self.set_many({key: value})[key]

    def set_many(self, values: dict[str, Any]) -> dict[str, Any]:
        """Validate everything first, then write all in one transaction."""
        clean = {k: self.clean(k, v) for k, v in values.items()}
        with self.store.transaction():
            for key, value in clean.items():
                q.put_setting(key, json.dumps(value))
        return clean

    def reset(self, key: str) -> None:
        self._declared(key)
        with self.store.transaction():
            q.delete_setting(key)
