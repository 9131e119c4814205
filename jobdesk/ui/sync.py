"""Keeps the open window in step with other processes: polls the change journal on a timer
(``services.external_changes``) on the GUI thread's own connection."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

POLL_MS = 2000  # a terminal's `jobdesk attach` shows within about two seconds


class ExternalChangesPoller(QObject):
    def __init__(self, services, parent: QObject | None = None, interval_ms: int = POLL_MS):
        super().__init__(parent)
        self.changes = services.external_changes()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll)
        if self.changes.available:
            self.changes.prune()
            self.timer.start()

    def poll(self) -> None:
        if self.changes.closed:  # the window outlived its database (a restore)
            self.stop()
            return
        try:
            self.changes.poll()
        except Exception:  # a database busy for longer than the timeout: try next time
            log.warning("reading the changes of other processes failed", exc_info=True)

    def stop(self) -> None:
        self.timer.stop()
        self.changes.close()
