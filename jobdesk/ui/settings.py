"""UI settings declared once with defaults, over an injected ``QSettings`` (Picard-style).

The settings file lives in the data directory, so each data directory keeps its own layout
and tests never touch the user's profile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/tab": 0,
    "welcome/shown": 0,  # 1 once the first-run welcome was answered (jobdesk.ui.welcome)
}


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

    def sync(self) -> None:
        self.q.sync()
