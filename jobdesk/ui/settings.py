"""UI settings declared once with defaults, over an injected ``QSettings`` (Picard-style).

The settings file lives in the data directory, so each data directory keeps its own layout
and tests never touch the user's profile.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/details_width": 430,  # the detail pane beside the tables, in pixels
    "welcome/shown": 0,  # 1 once the first-run welcome was answered (jobdesk.ui.welcome)
    "today/notify_at": "09:00",  # the daily summary of what is due, local time
    "calendar/reminder_minutes": 30,  # how long before an event its reminder shows
    "ui/theme": "system",  # View > Appearance: system, light or dark (jobdesk.ui.theme)
}
REMINDER_MINUTES_RANGE = (0, 24 * 60)


def check_reminder_minutes(minutes: int) -> int:
    """``minutes`` if it is a reminder lead JobDesk accepts; ValueError saying the range."""
    low, high = REMINDER_MINUTES_RANGE
    if not low <= int(minutes) <= high:
        raise ValueError(f"reminders: {minutes} minutes is out of range; use {low} to {high}")
    return int(minutes)


def parse_time(text: Any, default: time = time(9, 0)) -> time:
    """'HH:MM' as a time; ``default`` when it is not one."""
    hour, _, minute = str(text).strip().partition(":")
    try:
        return time(int(hour), int(minute or 0))
    except ValueError:
        return default


class UiSettings:
    def __init__(self, qsettings: QSettings):
        self.q = qsettings

    @classmethod
    def in_dir(cls, data_dir: Path) -> UiSettings:
        return cls(QSettings(str(data_dir / "jobdesk.ini"), QSettings.Format.IniFormat))

    def get(self, key: str, default: Any = None) -> Any:
        if default is None:
            default = DEFAULTS.get(key)
        value = self.q.value(key, default)
        if isinstance(default, int) and not isinstance(value, int):
            try:
                return int(value)
            except (TypeError, ValueError):
                return default
        return value

    def bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set(self, key: str, value: Any) -> None:
        self.q.setValue(key, value)

    # ---- typed keys -----------------------------------------------------------------------
    def notify_at(self) -> time:
        return parse_time(self.get("today/notify_at"), parse_time(DEFAULTS["today/notify_at"]))

    def set_notify_at(self, at: time) -> None:
        self.set("today/notify_at", f"{at.hour:02d}:{at.minute:02d}")

    def reminder_minutes(self) -> int:
        low, high = REMINDER_MINUTES_RANGE
        return min(max(int(self.get("calendar/reminder_minutes")), low), high)

    def set_reminder_minutes(self, minutes: int) -> None:
        self.set("calendar/reminder_minutes", check_reminder_minutes(minutes))

    def details_width(self) -> int:
        return min(max(int(self.get("window/details_width")), 220), 2000)

    def set_details_width(self, width: int) -> None:
        self.set("window/details_width", int(width))

    def sync(self) -> None:
        self.q.sync()
