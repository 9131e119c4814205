"""Today: what to do next, grouped by urgency, each handled in one click; the pipeline's
health and the company courtesy ledger beside it."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from time import perf_counter as time_now
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.followups import ActionKind, Health, Proposal, Urgency
from jobdesk.services.container import Services
from jobdesk.services.followups import SETTINGS_KEY, FollowUpService
from jobdesk.ui.commands import DecisionCommand
from jobdesk.ui.list_models import RowListModel
from jobdesk.ui.palette import apply_tone, readable_on_base

_Index = QModelIndex | QPersistentModelIndex
GROUPS = (Urgency.OVERDUE, Urgency.TODAY, Urgency.SOON)
GROUP_TITLES = {Urgency.OVERDUE: "Overdue", Urgency.TODAY: "Due today",
                Urgency.SOON: "Coming up"}
# Okabe-Ito: distinguishable with colour-blindness; the group titles carry the meaning too
GROUP_COLOURS = {Urgency.OVERDUE: "#D55E00", Urgency.TODAY: "#0072B2", Urgency.SOON: "#009E73"}
PROPOSAL_ROLE = Qt.ItemDataRole.UserRole + 10


BACKGROUND_REFRESH_MS = 50  # a hidden Today refreshes on changes only if it is this fast


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


class TodayModel(QAbstractItemModel):
    """Two levels: urgency groups (only those with actions), then the actions."""

    COLUMNS = ("Due", "What to do", "Why")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[tuple[Urgency, list[Proposal]]] = []
        self.row_size: QSize | None = None  # every row two lines tall: the reason wraps

    def set_proposals(self, proposals: list[Proposal], today: date, soon_days: int) -> None:
        grouped: dict[Urgency, list[Proposal]] = {g: [] for g in GROUPS}
        for p in proposals:
            urgency = p.urgency(today, soon_days)
            if urgency in grouped:
                grouped[urgency].append(p)
        self.beginResetModel()
        self.groups = [(g, grouped[g]) for g in GROUPS if grouped[g]]
        self.endResetModel()

    def proposals(self) -> list[Proposal]:
        return [p for _g, items in self.groups for p in items]

    # ---- Qt interface -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP_ID)
        return self.createIndex(row, column, parent.row())

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return QModelIndex()
        return self.createIndex(index.internalId(), 0, _GROUP_ID)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _GROUP_ID and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.SizeHintRole:
            return self.row_size
        if index.internalId() == _GROUP_ID:
            urgency, items = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return f"{GROUP_TITLES[urgency]} ({len(items)})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(readable_on_base(GROUP_COLOURS[urgency]))
            return None
        proposal = self.groups[index.internalId()][1][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (_day(proposal.due), proposal.title, proposal.reason)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{proposal.title}\n\n{proposal.reason}"
        if role == PROPOSAL_ROLE:
            return proposal
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP_ID:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


_GROUP_ID = 999  # internalId of group rows; an action row's internalId is its group's row


def courtesy_model(parent=None) -> RowListModel:
    """The company courtesy ledger: how often each company answered, and how fast."""
    return RowListModel([
        ("Company", lambda c: c.company_name),
        ("Answered", lambda c: f"{c.answered} of {c.applied} ({c.rate:.0%})"),
        ("Days to answer", lambda c: "—" if c.median_days_to_answer is None
         else f"{c.median_days_to_answer:g}"),
    ], parent=parent)


def _tile(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame(objectName="health_tile")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 6, 10, 6)
    value = QLabel("–")
    font = value.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    value.setFont(font)
    layout.addWidget(value)
    layout.addWidget(QLabel(title))
    return frame, value


class TodayView(QWidget):
    """The first thing the window shows. Handlers for composing and logging are injected
    (``compose(proposal)``, ``log_call(proposal)``, ``open_application(id)``)."""

    sig_counts_changed = Signal(int)  # actions due now (overdue + today)
    sig_settings_requested = Signal()  # the "Follow-up rules…" button

    def __init__(self, services: Services, *, engine: FollowUpService | None = None,
                 applications: list | None = None,
                 today: Callable[[], date] = date.today,
                 compose: Callable[[Proposal], None] | None = None,
                 log_call: Callable[[Proposal], None] | None = None,
                 open_application: Callable[[int], None] | None = None,
                 undo_stack: QUndoStack | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("today_view")
        self.services = services
        self.engine = engine or services.followups
        self.today = today
        self._compose = compose
        self._log_call = log_call
        self._open_application = open_application
        self.undo_stack = undo_stack  # the window's: snooze and dismiss are undoable
        self.live = services.follow_up_snapshot(applications)
        self.health: Health | None = None
        self.due_count = 0
        self.messages: list[str] = []
        self.refresh_ms = 0.0  # how long the last refresh took
        self.stale = False  # changes arrived while hidden and a refresh was too slow to run

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        tiles = QHBoxLayout()
        self.tile_values: dict[str, QLabel] = {}
        for key, title in (("active", "active applications"),
                           ("interviews", "interviews this week"),
                           ("pending", "answers pending"),
                           ("due", "actions due")):
            frame, value = _tile(title)
            self.tile_values[key] = value
            tiles.addWidget(frame)
        self.sources_label = QLabel(wordWrap=True, objectName="response_rates")
        tiles.addWidget(self.sources_label, 2)

        self.model = TodayModel(self)
        self.tree = QTreeView(objectName="today_actions")
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.model.row_size = QSize(-1, 2 * self.fontMetrics().lineSpacing() + 8)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # the reason wraps onto a second line (rows all as tall: a uniform height keeps a long
        # list fast); the whole reason is also the row's tooltip and shown under the list
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(0, self.fontMetrics().horizontalAdvance("Overdue (999)") + 24)
        self.tree.setColumnWidth(1, 320)
        self.tree.doubleClicked.connect(lambda _i: self.primary_action())
        self.tree.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.reason = QLabel(wordWrap=True, objectName="today_reason")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.compose_button = QPushButton("Write note…")
        self.compose_button.setToolTip("Open the composer on the right template (Enter)")
        self.sent_it_button = QPushButton("Sent it")
        self.sent_it_button.setObjectName("today_sent_it")
        self.sent_it_button.setToolTip("You copied this note (or opened it in your mail "
                                       "program) and sent it: log it as sent")
        self.sent_it_button.hide()
        self.sent_it_button.clicked.connect(self.sent_it)
        self.call_button = QPushButton("Log a call…")
        self.snooze_button = QToolButton(text="Snooze")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        snooze_menu = QMenu(self.snooze_button)
        for label, days in (("Until tomorrow", 1), ("For 3 days", 3), ("For a week", 7)):
            snooze_menu.addAction(label, lambda d=days: self.snooze(d))
        self.snooze_button.setMenu(snooze_menu)
        self.no_response_button = QPushButton("Mark 'no response'")
        self.open_button = QPushButton("Open application")
        self.dismiss_reason = QLineEdit(placeholderText="Why dismiss it? (then Enter)")
        self.dismiss_reason.setObjectName("dismiss_reason")
        self.dismiss_button = QPushButton("Dismiss")
        self.compose_button.clicked.connect(self.compose)
        self.call_button.clicked.connect(self.log_call)
        self.no_response_button.clicked.connect(self.mark_no_response)
        self.open_button.clicked.connect(self.open_application)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.dismiss_reason.returnPressed.connect(self.dismiss)
        self.settings_button = QPushButton("Follow-up rules…", objectName="followup_rules")
        self.settings_button.setToolTip("When to propose a thank-you, a check-in, a review… "
                                        "and your holidays (Ctrl+,)")
        self.settings_button.clicked.connect(self.sig_settings_requested)
        actions = QHBoxLayout()
        for w in (self.compose_button, self.sent_it_button, self.call_button, self.snooze_button,
                  self.no_response_button, self.open_button):
            actions.addWidget(w)
        actions.addStretch(1)
        dismiss_row = QHBoxLayout()
        dismiss_row.addWidget(self.dismiss_reason, 1)
        dismiss_row.addWidget(self.dismiss_button)
        dismiss_row.addSpacing(12)
        dismiss_row.addWidget(self.settings_button)  # (the actions row sets the min. width)
        self.empty = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True,
                            objectName="today_empty")
        self.notice = QLabel(wordWrap=True, objectName="today_notice")
        apply_tone(self.notice, "warning")
        self.notice.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.empty, 1)
        left_layout.addWidget(self.reason)
        left_layout.addLayout(actions)
        left_layout.addLayout(dismiss_row)
        self.courtesy = courtesy_model(self)
        self.courtesy_table = QTableView(objectName="courtesy_table")
        self.courtesy_table.setModel(self.courtesy)
        self.courtesy_table.verticalHeader().setVisible(False)
        self.courtesy_table.setWordWrap(False)
        self.courtesy_table.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() + 8)
        self.courtesy_table.setToolTip("Per company: applications answered (a reply, a call or "
                                       "a move past 'applied') and the median days from "
                                       "applying to the first answer")
        self.courtesy_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.courtesy_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("<b>Company courtesy</b> — who answers, and how fast",
                                      wordWrap=True))
        self.courtesy_table.setMinimumWidth(160)
        right_layout.addWidget(self.courtesy_table)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 380])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addLayout(tiles)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.tree, activated=self.primary_action,
                  context=Qt.ShortcutContext.WidgetShortcut)

        self._refresh_timer = QTimer(self, singleShot=True, interval=150)
        self._refresh_timer.timeout.connect(self.refresh)
        self._unsubscribe = services.bus.subscribe(self._on_bus_changes)
        self.refresh()

    # ---- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        started = time_now()
        self.stale = False
        today = self.today()
        selected = self.selected()
        settings = self.engine.settings()
        snapshot = self.live.snapshot()
        proposals = self.engine.proposals(today, snapshot)
        self.model.set_proposals(proposals, today, settings.soon_days)
        self.tree.expandAll()
        self.health = self.engine.health(today, snapshot)
        self.courtesy.set_rows(self.health.courtesy)
        due = sum(len(items) for g, items in self.model.groups
                  if g in (Urgency.OVERDUE, Urgency.TODAY))
        self.due_count = due
        self.heading.setText(f"Today, {today:%A} {today.day} {today:%B}")
        values = {"active": self.health.active, "interviews": self.health.interviews_this_week,
                  "pending": self.health.answers_pending, "due": due}
        for key, value in values.items():
            self.tile_values[key].setText(str(value))
        rates = [f"{r.source} {r.rate:.0%} ({r.answered}/{r.applied})"
                 for r in self.health.by_source]
        self.sources_label.setText("<b>Response rate by source</b><br>"
                                   + (" · ".join(rates) if rates else "no applications yet"))
        has_actions = bool(self.model.groups)
        self.tree.setVisible(has_actions)
        self.empty.setVisible(not has_actions)
        if not has_actions:
            self.empty.setText(
                "<h3>Nothing due right now</h3>Every thank-you is sent and no answer is "
                "overdue. Use the time to line up the next target: add a company you would "
                "like to work for (Ctrl+Shift+N) or ask a contact for a referral.")
        self._reselect(selected)
        self.sig_counts_changed.emit(due)
        self.refresh_ms = (time_now() - started) * 1000

    def _on_bus_changes(self, changes: Changes) -> None:
        if changes.entity == Entity.OUTBOX:  # a note copied or confirmed sent: "Sent it"
            self._on_selection_changed()
            return
        if changes.entity == Entity.SETTING:
            if SETTINGS_KEY in changes.fields:  # new rules: recompute now, not debounced
                self._refresh_timer.stop()
                self.refresh()
            return
        if self.live.apply(changes):
            # While another tab is in front, refresh in the background only when that is
            # cheap; at 100,000 applications a refresh takes ~0.4 s, which would freeze the
            # tab the user is typing in. Then it waits until Today is shown (or summarised).
            if self.isVisible() or self.refresh_ms < BACKGROUND_REFRESH_MS:
                self._refresh_timer.start()
            else:
                self.stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            self._refresh_timer.start()

    def ensure_fresh(self) -> None:
        """Refresh now if changes are waiting (before a summary is taken from the list)."""
        if self.stale or self._refresh_timer.isActive():
            self._refresh_timer.stop()
            self.refresh()

    def detach(self) -> None:
        self._unsubscribe()
        self._refresh_timer.stop()

    def due_summary(self) -> str:
        """'3 overdue, 2 due today' or '' when nothing is due."""
        parts = [f"{len(items)} {'overdue' if g == Urgency.OVERDUE else 'due today'}"
                 for g, items in self.model.groups if g in (Urgency.OVERDUE, Urgency.TODAY)]
        return ", ".join(parts)

    # ---- selection ------------------------------------------------------------------------
    def selected(self) -> Proposal | None:
        index = self.tree.currentIndex()
        return index.data(PROPOSAL_ROLE) if index.isValid() else None

    def selection(self):
        """The application the selected action is about (or its company); the proposal
        itself comes along so Ctrl+M opens the template Today proposes."""
        from jobdesk.ui.selection import NOTHING, Selection

        p = self.selected()
        if p is None:
            return NOTHING
        if p.application_id is None:
            return Selection(proposal=p, company_id=p.company_id)
        return Selection(Entity.APPLICATION, (p.application_id,), proposal=p,
                         contact_id=p.contact_id, company_id=p.company_id)

    def select_key(self, key: str) -> bool:
        for g, (_urgency, items) in enumerate(self.model.groups):
            for r, p in enumerate(items):
                if p.key == key:
                    index = self.model.index(r, 0, self.model.index(g, 0))
                    self.tree.setCurrentIndex(index)
                    return True
        return False

    def _reselect(self, previous: Proposal | None) -> None:
        if previous is None or not self.select_key(previous.key):
            first = self.model.index(0, 0, self.model.index(0, 0))
            if first.isValid():
                self.tree.setCurrentIndex(first)
        self._on_selection_changed()

    def awaiting_note(self, p: Proposal | None):
        """The outbox row of a note for this action that was copied (or opened in the mail
        program) and not yet confirmed sent."""
        if p is None or p.application_id is None or p.template_key is None:
            return None
        return self.services.drafts.awaiting(p.application_id, p.template_key)

    def _on_selection_changed(self, *_args) -> None:
        p = self.selected()
        waiting = self.awaiting_note(p)
        text = f"<b>{html.escape(p.title)}</b> — {html.escape(p.reason)}" if p else ""
        if waiting is not None:
            how = "copied" if waiting.status.value == "copied" else "opened in your mail program"
            text += (f"<br><i>You {how} this note; it counts once you press Sent it.</i>")
        self.reason.setText(text)
        self.sent_it_button.setVisible(waiting is not None)
        for w in (self.call_button, self.snooze_button, self.dismiss_button, self.dismiss_reason):
            w.setEnabled(p is not None)
        self.compose_button.setEnabled(p is not None and p.template_key is not None
                                       and p.application_id is not None)
        self.no_response_button.setEnabled(
            p is not None and p.kind in (ActionKind.CHECK_IN, ActionKind.MOVE_ON,
                                         ActionKind.REVIEW))
        self.open_button.setEnabled(p is not None and p.application_id is not None)

    # ---- handling -------------------------------------------------------------------------
    def _tell(self, message: str) -> None:
        self.messages.append(message)
        self.notice.setText(message)
        self.notice.show()
        QTimer.singleShot(8000, self.notice.hide)

    def _guarded(self, action: Callable[[], None], done: str) -> None:
        try:
            action()
        except JobDeskError as exc:
            self._tell(f"Not done: {exc}")
            return
        self._tell(done)
        self.refresh()

    def primary_action(self) -> None:
        p = self.selected()
        if p is None:
            return
        if self.compose_button.isEnabled():
            self.compose()
        elif p.application_id is not None:
            self.open_application()

    def compose(self) -> None:
        p = self.selected()
        if p is not None and self._compose is not None:
            self._compose(p)

    def log_call(self) -> None:
        p = self.selected()
        if p is not None and self._log_call is not None:
            self._log_call(p)

    def open_application(self) -> None:
        p = self.selected()
        if p is not None and p.application_id is not None and self._open_application:
            self._open_application(p.application_id)

    def _decided(self, what: str, decide: Callable[[], Any], done: str) -> None:
        """Snooze / dismiss: done now, then on the window's undo stack (Ctrl+Z)."""
        try:
            record = decide()
        except JobDeskError as exc:
            self._tell(f"Not done: {exc}")
            return
        if self.undo_stack is not None:
            self.undo_stack.push(DecisionCommand(what, decide, self.engine.undo, record,
                                                 on_error=self._tell))
            done += " (Ctrl+Z brings it back)"
        self._tell(done)
        self.refresh()

    def snooze(self, days: int) -> None:
        p = self.selected()
        if p is None:
            return
        until = self.today() + timedelta(days=days)
        self._decided(f"Snooze “{p.title}”", lambda: self.engine.snooze(p, until),
                      f"Snoozed until {_day(until)}: {p.title}")

    def dismiss(self) -> None:
        p = self.selected()
        if p is None:
            return
        reason = self.dismiss_reason.text()
        if not reason.strip():
            self.dismiss_reason.setFocus()
            self._tell("Type why you dismiss it first; the reason goes into the log.")
            return
        self._decided(f"Dismiss “{p.title}”", lambda: self.engine.dismiss(p, reason),
                      f"Dismissed: {p.title}")
        self.dismiss_reason.clear()

    def sent_it(self) -> None:
        """The copied note for the selected action went out: log it as sent."""
        p = self.selected()
        waiting = self.awaiting_note(p)
        if p is None or waiting is None:
            return
        self._guarded(lambda: self.services.drafts.confirm_sent(waiting.id),
                      f"Logged as sent: {p.title}")

    def mark_no_response(self) -> None:
        p = self.selected()
        if p is None:
            return
        self._guarded(lambda: self.engine.mark_no_response(p),
                      "Marked 'no response'. Keep the contact warm and move on to the next "
                      "target.")


class TodayNotifier(QObject):
    """A summary of what is due, on start and once a day at a time the user picks; nothing
    when nothing is. ``show(title, text)`` is the tray or the in-window notice.

    A one-minute timer compares the clock with ``next_due()``, the first slot at the chosen
    time after the last summary (or after the time was changed), so a suspended machine or a
    changed clock still gets one summary, never a burst."""

    def __init__(self, view: TodayView, *, at: time, show: Callable[[str, str], None],
                 now: Callable[[], datetime] = datetime.now, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.at = at
        self.show = show
        self.now = now
        self.last_shown: datetime | None = None  # or the moment the time was changed
        self.timer = QTimer(self, interval=60_000)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.notify()  # on start
        self.timer.start()

    def set_time(self, at: time) -> None:
        """Summarise daily at ``at`` from now on (a slot already past today is not made up)."""
        self.at = at
        moment = self.now()
        if self.last_shown is None or self.last_shown < moment:
            self.last_shown = moment

    def next_due(self) -> datetime:
        """When the next daily summary is due."""
        if self.last_shown is None:
            return datetime.combine(self.now().date(), self.at)
        slot = datetime.combine(self.last_shown.date(), self.at)
        return slot if slot > self.last_shown else slot + timedelta(days=1)

    def check(self) -> bool:
        """Notify when the chosen time has come; True when it did."""
        if self.now() >= self.next_due():
            return self.notify()
        return False

    def notify(self) -> bool:
        self.last_shown = self.now()
        self.view.ensure_fresh()
        summary = self.view.due_summary()
        if not summary:
            return False
        self.show("JobDesk: things to do", f"{summary.capitalize()}. Open Today to handle them.")
        return True
