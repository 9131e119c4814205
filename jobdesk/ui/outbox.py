"""The outbox: notes that did not go out (the server refused them or could not be reached, or
JobDesk closed while sending), so a failed note is never invisible.

``OutboxIndicator`` puts "2 unsent notes" in the status bar (hidden when there are none) and
opens ``OutboxPanel``, a non-modal list with recipient, subject, when and why. From there a note
opens in the composer to edit and send again (through the same outbox row), or is discarded;
a discard can be undone from the panel. Both follow the change bus (``Entity.OUTBOX``).

A note being sent right now (its composer's worker is running) is not listed: it is not
unsent yet, and it comes back with its reason if the attempt fails.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import OutboxStatus
from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.notes import OutboxRow
from jobdesk.services.container import Services
from jobdesk.ui.composer import ComposerWindow
from jobdesk.ui.list_models import RowListModel
from jobdesk.ui.table_model import fmt_date

INTERRUPTED = ("sending was interrupted (JobDesk closed while sending); it may have gone out, "
               "so check your sent mail before sending it again")


@dataclass(frozen=True, slots=True)
class UnsentNote:
    id: int
    recipient: str
    subject: str
    created_at: datetime
    reason: str
    status: OutboxStatus = OutboxStatus.FAILED
    application: str = ""  # "Data Analyst at Helix Biolabs"

    @property
    def awaiting(self) -> bool:
        """Copied or opened in the mail program: waiting for "Sent it"."""
        return self.status.handed_over


def reason_of(row: OutboxRow) -> str:
    if row.status == OutboxStatus.SENDING:
        return INTERRUPTED
    if row.status == OutboxStatus.DRAFT:
        return "a draft, not sent yet"
    if row.status == OutboxStatus.COPIED:
        return "copied to the clipboard; press Sent it once it went out"
    if row.status == OutboxStatus.OPENED:
        return "opened in your mail program; press Sent it once it went out"
    return row.error or "not sent yet"


def open_composers() -> list[ComposerWindow]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ComposerWindow) and w.isVisible()]


def unsent_notes(services: Services) -> list[UnsentNote]:
    """The outbox as the user sees it: unsent notes, newest first, without those in flight."""
    sending = {w.outbox_id for w in open_composers() if w.task is not None}
    rows = [r for r in reversed(services.mail.unsent()) if r.id not in sending]
    apps = {a.id: f"{a.job_title} at {a.company_name}" for a in services.applications.get_many(
        {r.application_id for r in rows if r.application_id is not None}, archived=None)}
    return [UnsentNote(r.id, r.recipient, r.subject, r.created_at, reason_of(r), r.status,
                       apps.get(r.application_id, "")) for r in rows]


def open_in_composer(services: Services, outbox_id: int,
                     parent: QWidget | None = None) -> ComposerWindow:
    """The composer on an unsent note; one composer per note (a second one could send it
    twice), so an open one is brought to the front."""
    for window in open_composers():
        if window.outbox_id == outbox_id:
            window.raise_()
            window.activateWindow()
            return window
    window = ComposerWindow(services, outbox_id=outbox_id, parent=parent)
    window.show()
    return window


def outbox_model(parent=None) -> RowListModel:
    return RowListModel([
        ("Application", lambda r: r.application),
        ("To", lambda r: r.recipient),
        ("Subject", lambda r: r.subject),
        ("When", lambda r: fmt_date(r.created_at)),
        ("Why it was not sent", lambda r: r.reason),
    ], lambda r: " ".join((r.application, r.recipient, r.subject, r.reason)), parent)


class _Refresher:
    """Refresh once after a burst of outbox changes, on the next turn of the event loop (by
    then a composer that just queued a note has started sending it)."""

    def __init__(self, owner: QObject, refresh: Callable[[], None]):
        self._timer = QTimer(owner, singleShot=True, interval=0)
        self._timer.timeout.connect(refresh)

    def pending(self) -> bool:
        return self._timer.isActive()

    def __call__(self, changes: Changes) -> None:
        if changes.entity == Entity.OUTBOX:
            self._timer.start()


class OutboxPanel(QWidget):
    """The list of unsent notes: open one in the composer, or discard it (undoable here)."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.setObjectName("outbox_panel")
        self.setWindowTitle("Outbox: unsent notes")
        self.resize(820, 360)
        self.composer: ComposerWindow | None = None  # the last one opened from here
        self._discarded: tuple[UnsentNote, OutboxStatus] | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._refresh = _Refresher(self, self.reload)

        self.model = outbox_model(self)
        self.table = QTableView()
        self.table.setObjectName("outbox_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((220, 180, 200, 130)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        for key, slot in ((Qt.Key.Key_Return, self.open_selected),
                          (Qt.Key.Key_Delete, self.discard_selected)):
            QShortcut(QKeySequence(key), self.table, slot,
                      context=Qt.ShortcutContext.WidgetShortcut)

        intro = QLabel("Notes that have not gone out yet: drafts, notes the server refused, and "
                       "notes you copied or opened in your mail program (press Sent it once "
                       "they went out; until then the follow-up rules do not count them). "
                       "Open one to carry on with it, or discard it.", wordWrap=True)
        self.empty_label = QLabel("No unsent notes.")
        self.empty_label.setObjectName("outbox_empty")
        self.reason_label = QLabel(wordWrap=True)
        self.reason_label.setObjectName("outbox_reason")
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open in composer…")
        self.open_button.setToolTip("Edit the note and send it again (Enter)")
        self.sent_it_button = QPushButton("Sent it")
        self.sent_it_button.setObjectName("outbox_sent_it")
        self.sent_it_button.setToolTip("You sent the copied note: log it as sent")
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Take the note off the outbox; it can be undone here "
                                       "(Delete)")
        self.undo_label = QLabel()
        self.undo_label.setObjectName("outbox_undo_message")
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("outbox_undo")
        self.close_button = QPushButton("Close")

        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sent_it_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.reason_label)
        layout.addLayout(undo_row)
        layout.addLayout(buttons)

        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setDefault(True)
        self.discard_button.clicked.connect(self.discard_selected)
        self.sent_it_button.clicked.connect(self.confirm_selected)
        self.undo_button.clicked.connect(self.undo_discard)
        self.close_button.clicked.connect(self.close)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self._show_undo(None)
        self.reload()

    # ---- state ------------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.selected()
        self.model.set_rows(unsent_notes(self.services))
        rows = self.model.rows()
        row = next((n for n, r in enumerate(rows) if current and r.id == current.id), 0)
        if rows:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self._on_current_changed()

    def selected(self) -> UnsentNote | None:
        index = self.table.currentIndex()
        rows = self.model.rows()
        if not index.isValid() or index.row() >= len(rows):
            return None
        return rows[index.row()]

    def _on_current_changed(self, *_args) -> None:
        note = self.selected()
        self.open_button.setEnabled(note is not None)
        self.discard_button.setEnabled(note is not None)
        self.sent_it_button.setEnabled(note is not None and note.awaiting)
        self.reason_label.setText(f"<b>Why:</b> {html.escape(note.reason)}" if note else "")
        self.reason_label.setVisible(note is not None)

    def _show_undo(self, text: str | None) -> None:
        self.undo_label.setText(text or "")
        self.undo_label.setVisible(bool(text))
        self.undo_button.setVisible(self._discarded is not None and bool(text))

    # ---- actions ----------------------------------------------------------------------------
    def open_selected(self) -> ComposerWindow | None:
        note = self.selected()
        if note is None:
            return None
        parent = self.parentWidget() or self
        self.composer = open_in_composer(self.services, note.id, parent)
        return self.composer

    def confirm_selected(self) -> bool:
        """"Sent it": the copied note went out; the log has it as sent from now."""
        note = self.selected()
        if note is None or not note.awaiting:
            return False
        try:
            self.services.drafts.confirm_sent(note.id)
        except JobDeskError as exc:
            self._discarded = None
            self._show_undo(f"Not logged as sent: {exc}")
            return False
        self._discarded = None
        self._show_undo(f"Logged as sent: the note to {note.recipient or 'the company'} "
                        f"(“{note.subject}”).")
        return True

    def discard_selected(self) -> bool:
        note = self.selected()
        if note is None:
            return False
        try:
            before = self.services.mail.discard(note.id)
        except JobDeskError as exc:
            self._discarded = None
            self._show_undo(f"Not discarded: {exc}")
            return False
        self._discarded = (note, before)
        self._show_undo(f"Discarded the note to {note.recipient} (“{note.subject}”).")
        return True

    def undo_discard(self) -> bool:
        if self._discarded is None:
            return False
        note, before = self._discarded
        self._discarded = None
        try:
            self.services.mail.restore(note.id, before)
        except JobDeskError as exc:
            self._show_undo(f"Not restored: {exc}")
            return False
        self._show_undo(f"The note to {note.recipient} is back in the outbox.")
        return True

    # ---- following the change bus while shown -------------------------------------------------
    def showEvent(self, event) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = self.services.bus.subscribe(self._refresh)
            self.reload()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        if self._unsubscribe is not None and not self.isMinimized():
            self._unsubscribe()
            self._unsubscribe = None
        super().hideEvent(event)


class OutboxIndicator(QObject):
    """"2 unsent notes" in the status bar, hidden when there are none; a click opens the
    outbox. ``startup_message()`` is what to say once when the window opens."""

    def __init__(self, services: Services, window: QWidget):
        super().__init__(window)
        self.services = services
        self.window = window
        self.panel: OutboxPanel | None = None
        self.button = QToolButton()
        self.button.setObjectName("outbox_indicator")
        self.button.setAutoRaise(True)
        self.button.setToolTip("Notes that were not sent: open the outbox to send them again "
                               "or discard them")
        self.button.clicked.connect(self.show_panel)
        self.count = 0
        self._refresh = _Refresher(self, self.update_count)
        self.unsubscribe = services.bus.subscribe(self._refresh)
        self.update_count()

    def update_count(self) -> None:
        self.count = len(unsent_notes(self.services))
        self.button.setText(f"✉ {self.count} unsent note{'s' if self.count != 1 else ''}")
        self.button.setVisible(self.count > 0)

    def startup_message(self) -> str:
        if not self.count:
            return ""
        were = "note was" if self.count == 1 else "notes were"
        return (f"{self.count} {were} not sent: open the outbox (in the status bar or "
                "Notes ▸ Outbox) to send or discard them.")

    def detach(self) -> None:
        """The window closes: stop following the bus and close the panel."""
        self.unsubscribe()
        if self.panel is not None:
            self.panel.close()

    def show_panel(self) -> OutboxPanel:
        if self.panel is None:
            self.panel = OutboxPanel(self.services, self.window)
        self.panel.show()
        self.panel.raise_()
        self.panel.activateWindow()
        return self.panel
