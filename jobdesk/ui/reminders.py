"""Reminders of upcoming events inside the app, at a lead time the user sets.

A ``QTimer`` calls ``check()``; the clock is injected so tests move time instead of waiting.
Each event is announced once per start time (moving an event re-arms it). The message goes
to the system tray when there is one, else to the pane's in-window notification bar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from jobdesk.services.container import Services


class ReminderScheduler(QObject):
    sig_reminder = Signal(int, str)  # event id, message

    def __init__(self, services: Services, *, lead_minutes: int = 30,
                 clock: Callable[[], datetime] | None = None, interval_ms: int = 30_000,
                 show: Callable[[str], None] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.lead = timedelta(minutes=lead_minutes)
        self.clock = clock or services.calendar.clock
        self._show = show
        self._announced: set[tuple[int, datetime]] = set()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QIcon.fromTheme("appointment-soon"), self)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def set_lead_minutes(self, minutes: int) -> None:
        self.lead = timedelta(minutes=max(0, int(minutes)))
        self.check()

    def start(self) -> None:
        self.timer.start()
        self.check()

    def check(self) -> list[int]:
        now = self.clock()
        zone = self.services.calendar.zone
        fired = []
        for event in self.services.events.between(now, now + self.lead + timedelta(seconds=1)):
            key = (event.id, event.starts_at)
            if event.all_day or key in self._announced:
                continue
            self._announced.add(key)
            app = self.services.applications.get(event.application_id)
            minutes = max(0, round((event.starts_at - now).total_seconds() / 60))
            text = (f"{event.title or event.kind.label} with {app.company_name} "
                    f"({app.job_title}) at {event.starts_at.astimezone(zone):%H:%M}, "
                    f"in {minutes} min" + (f" · {event.location}" if event.location else ""))
            fired.append(event.id)
            self.sig_reminder.emit(event.id, text)
            if self.tray is not None and self.tray.isVisible():
                self.tray.showMessage("Coming up", text)
            elif self._show is not None:
                self._show(text)
        return fired
