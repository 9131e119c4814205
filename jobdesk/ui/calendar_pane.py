"""The calendar pane: a month with marked days, the agenda of the selected day or week, the
question bank, ICS import/export and upcoming-event reminders.

Day marks come from a ``CalendarIndex`` (plain rows in memory, kept current by the change
bus): a month switch reads ~42 dict entries and a repaint reads none from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.errors import JobDeskError
from jobdesk.services.calendar import MARK_ORDER, AgendaItem, MarkKind
from jobdesk.services.container import Services
from jobdesk.ui.list_models import RowListModel
from jobdesk.ui.palette import apply_tone

_Index = QModelIndex | QPersistentModelIndex

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), each with
# its own shape, so a mark reads without colour too
MARK_STYLES: dict[MarkKind, tuple[str, str]] = {
    MarkKind.INTERVIEW: ("#0072B2", "circle"),  # blue
    MarkKind.DEADLINE: ("#D55E00", "square"),  # vermillion
    MarkKind.RESPONSE_DUE: ("#56B4E9", "ring"),  # sky blue
    MarkKind.FOLLOW_UP: ("#009E73", "triangle"),  # bluish green
    MarkKind.OFFER_DEADLINE: ("#CC79A7", "diamond"),  # reddish purple
    MarkKind.OTHER: ("#7f7f7f", "bar"),  # grey
}


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def draw_mark(painter: QPainter, kind: MarkKind, x: float, y: float, size: float) -> None:
    colour, shape = MARK_STYLES[kind]
    qcolour = QColor(colour)
    painter.setPen(QPen(qcolour.darker(130), 1))
    painter.setBrush(QBrush(qcolour))
    s = size
    if shape == "circle":
        painter.drawEllipse(QPointF(x + s / 2, y + s / 2), s / 2, s / 2)
    elif shape == "ring":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(qcolour, max(1.5, s / 4)))
        painter.drawEllipse(QPointF(x + s / 2, y + s / 2), s / 2 - 1, s / 2 - 1)
    elif shape == "square":
        painter.drawRect(int(x), int(y), int(s), int(s))
    elif shape == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(x + s / 2, y), QPointF(x + s, y + s),
                                       QPointF(x, y + s)]))
    elif shape == "diamond":
        painter.drawPolygon(QPolygonF([QPointF(x + s / 2, y), QPointF(x + s, y + s / 2),
                                       QPointF(x + s / 2, y + s), QPointF(x, y + s / 2)]))
    else:
        painter.drawRect(int(x), int(y + s / 3), int(s), int(s / 3))


def mark_pixmap(kind: MarkKind, size: int = 12) -> QPixmap:
    pixmap = QPixmap(size + 2, size + 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_mark(painter, kind, 1, 1, size)
    painter.end()
    return pixmap


class MarkedCalendar(QCalendarWidget):
    """A month whose days show one small shape per kind of thing happening that day."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.marks: dict[date, tuple[MarkKind, ...]] = {}
        self.counts: dict[date, int] = {}
        self._strips: dict[tuple[tuple[MarkKind, ...], int], QPixmap] = {}

    def set_marks(self, marks: dict[date, tuple[MarkKind, ...]],
                  counts: dict[date, int]) -> None:
        self.marks = marks
        self.counts = counts
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, day: QDate) -> None:
        super().paintCell(painter, rect, day)
        marks = self.marks.get(date(day.year(), day.month(), day.day()))
        if not marks:
            return
        size = max(6, min(10, rect.height() // 5))
        strip = self._strips.get((marks, size))
        if strip is None:
            strip = self._strips[(marks, size)] = self._strip(marks, size)
        painter.drawPixmap(rect.left() + 3, rect.bottom() - size - 3, strip)

    def _strip(self, marks: tuple[MarkKind, ...], size: int) -> QPixmap:
        """The day's shapes side by side, drawn once per combination and size."""
        ratio = self.devicePixelRatioF()
        width = len(marks) * (size + 2)
        pixmap = QPixmap(int(width * ratio) + 1, int((size + 1) * ratio) + 1)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for n, kind in enumerate(marks):
            draw_mark(painter, kind, n * (size + 2), 0, size)
        painter.end()
        return pixmap


class AgendaTableModel(QAbstractTableModel):
    """The agenda rows (plain ``AgendaItem`` values) of the selected day or week."""

    HEADERS = ("Day", "Time", "Company", "Job", "Kind", "What", "Who")
    ITEM_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, zone_of: Callable[[], Any], parent=None):
        super().__init__(parent)
        self._zone_of = zone_of
        self.items: list[AgendaItem] = []

    def set_items(self, items: list[AgendaItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.day.strftime("%a %d %b")
            if column == 1:
                return item.time_text(self._zone_of())
            return (item.company, item.job_title, item.kind.label, item.title,
                    item.who)[column - 2]
        if role == Qt.ItemDataRole.DecorationRole and column == 4:
            return mark_pixmap(item.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and item.location:
            return f"{item.title}\n{item.location}"
        if role == self.ITEM_ROLE:
            return item
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None


def question_model(parent=None) -> RowListModel:
    """The question bank: questions asked in past interviews, with when and where."""
    return RowListModel([
        ("Asked on", lambda h: h.day.isoformat()),
        ("Company", lambda h: h.company),
        ("Job", lambda h: h.job_title),
        ("Question", lambda h: h.question),
    ], parent=parent)


class NotificationBar(QWidget):
    """An in-window message with a close button (reminders when there is no system tray)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notification_bar")
        apply_tone(self, "warning", padding=0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(wordWrap=True)
        self.close_button = QPushButton("Dismiss")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class CalendarPane(QWidget):
    """Month view + agenda + question bank. Emits ``sig_open_application(id)``."""

    sig_open_application = Signal(int)
    sig_marks_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None, *,
                 pick_open_file: Callable[[], str] | None = None,
                 pick_save_file: Callable[[], str] | None = None,
                 applications: list | None = None):
        super().__init__(parent)
        self.setObjectName("calendar_pane")
        self.services = services
        self.calendar_service = services.calendar
        self.index = self.calendar_service.build_index(applications=applications)
        self._pick_open_file = pick_open_file or self._ask_open_file
        self._pick_save_file = pick_save_file or self._ask_save_file
        self.dialogs: list[QWidget] = []
        self.editor = None  # the window's RecordEditor (set by the window): undoable saves
        self.reminder_minutes: Callable[[], int] = lambda: 30  # the window's reminder lead

        self.notification = NotificationBar()
        self.calendar = MarkedCalendar()
        self.calendar.setObjectName("month_view")
        self.calendar.selectionChanged.connect(self._on_calendar_selection_changed)
        self.calendar.currentPageChanged.connect(self._on_calendar_page_changed)
        self.calendar.activated.connect(self._on_calendar_activated)

        legend = QWidget()
        legend_layout = QVBoxLayout(legend)
        legend_layout.setContentsMargins(4, 4, 4, 4)
        legend_layout.setSpacing(2)
        self.legend_labels: dict[MarkKind, QLabel] = {}
        for kind in MARK_ORDER:
            row = QHBoxLayout()
            icon = QLabel()
            icon.setPixmap(mark_pixmap(kind))
            text = QLabel(kind.label)
            self.legend_labels[kind] = text
            row.addWidget(icon)
            row.addWidget(text, 1)
            legend_layout.addLayout(row)

        self.span = QComboBox()
        self.span.addItems(["Day", "Week"])
        self.span.setObjectName("agenda_span")
        self.span.currentIndexChanged.connect(self._refresh_agenda)
        self.agenda_title = QLabel()
        font = self.agenda_title.font()
        font.setBold(True)
        self.agenda_title.setFont(font)
        self.agenda_model = AgendaTableModel(lambda: self.calendar_service.zone, self)
        self.agenda = QTableView()
        self.agenda.setObjectName("agenda")
        self.agenda.setModel(self.agenda_model)
        self.agenda.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda.verticalHeader().setVisible(False)
        self.agenda.setAlternatingRowColors(True)
        self.agenda.setWordWrap(False)
        self.agenda.horizontalHeader().setStretchLastSection(True)
        self.agenda.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((90, 95, 140, 165, 140, 190)):
            self.agenda.setColumnWidth(column, width)
        self.agenda.doubleClicked.connect(self._on_agenda_double_clicked)
        self.empty_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty_label.setObjectName("agenda_empty")

        self.new_button = QPushButton("New event…")
        self.new_button.setToolTip("Add an interview, deadline or reminder on the selected day")
        self.new_button.clicked.connect(self._on_new_event)
        self.edit_button = QPushButton("Edit event…")
        self.edit_button.clicked.connect(self._on_edit_event)
        self.remove_button = QPushButton("Remove event")
        self.remove_button.setToolTip("Archive the selected event (Del; Ctrl+Z brings it back)")
        self.remove_button.clicked.connect(self.remove_selected_event)
        self.agenda.installEventFilter(self)  # Del on the agenda removes its event
        self.agenda.selectionModel().selectionChanged.connect(self._update_buttons)
        self.agenda_model.modelReset.connect(self._update_buttons)
        self.import_button = QPushButton("Import invitation…")
        self.import_button.clicked.connect(self._on_import)
        self.export_button = QPushButton("Export .ics…")
        self.export_button.clicked.connect(self._on_export)

        self.question_search = QLineEdit(placeholderText="Search interview questions…")
        self.question_search.setObjectName("question_search")
        self.question_search.setClearButtonEnabled(True)
        self.question_search.textChanged.connect(self._refresh_questions)
        self.question_model = question_model(self)
        self.questions = QTableView()
        self.questions.setObjectName("question_bank")
        self.questions.setModel(self.question_model)
        self.questions.verticalHeader().setVisible(False)
        self.questions.setWordWrap(False)
        self.questions.horizontalHeader().setStretchLastSection(True)
        self.questions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for column, width in enumerate((85, 150, 160)):
            self.questions.setColumnWidth(column, width)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.calendar, 3)
        left_layout.addWidget(legend)
        left_layout.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.agenda_title, 1)
        head.addWidget(QLabel("Show:"))
        head.addWidget(self.span)
        right_layout.addLayout(head)
        right_layout.addWidget(self.agenda, 3)
        right_layout.addWidget(self.empty_label)
        buttons = QGridLayout()
        for n, button in enumerate((self.new_button, self.edit_button, self.remove_button,
                                    self.import_button, self.export_button)):
            buttons.addWidget(button, n // 3, n % 3)
        buttons.setColumnStretch(3, 1)
        right_layout.addLayout(buttons)
        bank_title = QLabel("Question bank")
        bank_title.setFont(font)
        right_layout.addWidget(bank_title)
        right_layout.addWidget(self.question_search)
        right_layout.addWidget(self.questions, 2)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.notification)
        layout.addWidget(splitter, 1)

        today = self.calendar_service.clock().astimezone(self.calendar_service.zone).date()
        self.calendar.setSelectedDate(qdate(today))
        self._unsubscribe = services.bus.subscribe(self._on_bus_changes)
        self.refresh_marks()
        self._refresh_agenda()
        self._refresh_questions()

    # ---- state ---------------------------------------------------------------------------
    def selected_day(self) -> date:
        return pydate(self.calendar.selectedDate())

    def visible_range(self) -> tuple[date, date]:
        """The days the month page can show (it includes parts of the next and last month)."""
        first = date(self.calendar.yearShown(), self.calendar.monthShown(), 1)
        start = first - timedelta(days=first.weekday() + 7)
        return start, start + timedelta(days=48)

    def agenda_range(self) -> tuple[date, date]:
        day = self.selected_day()
        if self.span.currentIndex() == 1:
            monday = day - timedelta(days=day.weekday())
            return monday, monday + timedelta(days=6)
        return day, day

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.index.logged_loaded:  # interviews logged in the log: read when first shown
            self.calendar_service.load_logged_interviews(self.index)
            self.refresh_marks()
            self._refresh_agenda()

    def detach(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None

    # ---- refresh -------------------------------------------------------------------------
    def refresh_marks(self) -> None:
        first, last = self.visible_range()
        marks = self.index.marks_between(first, last)
        self.calendar.set_marks(marks, {d: self.index.count(d) for d in marks})
        self.sig_marks_changed.emit()

    def _refresh_agenda(self, *_args) -> None:
        first, last = self.agenda_range()
        items = self.calendar_service.agenda(self.index, first, last)
        self.agenda_model.set_items(items)
        self.agenda.setColumnHidden(0, first == last)
        when = (first.strftime("%A %d %B %Y") if first == last
                else f"Week {first.isocalendar()[1]}: {first:%d %b} – {last:%d %b %Y}")
        self.agenda_title.setText(when)
        if items:
            self.empty_label.hide()
        else:
            self.empty_label.setText(
                "Nothing on this " + ("day" if first == last else "week") + ". Use "
                "“New event…” to add an interview or deadline, or import an invitation.")
            self.empty_label.show()
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        """Edit works on the selected event (else the day's first); Remove on a selected one."""
        item = self.selected_item()
        self.edit_button.setEnabled(item is not None and item.event_id is not None)
        rows = self.agenda.selectionModel().selectedRows()
        chosen = self.agenda_model.items[rows[0].row()] if rows else None
        self.remove_button.setEnabled(chosen is not None and chosen.event_id is not None)

    def _refresh_questions(self, *_args) -> None:
        self.question_model.set_rows(self.calendar_service.questions(
            self.question_search.text()))

    # ---- handlers ------------------------------------------------------------------------
    def _on_bus_changes(self, changes: Changes) -> None:
        touched = self.calendar_service.refresh_index(self.index, changes)
        if not touched:
            return
        first, last = self.visible_range()
        if any(first <= d <= last for d in touched):
            self.refresh_marks()
        a_first, a_last = self.agenda_range()
        if any(a_first <= d <= a_last for d in touched) or changes.entity != Entity.EVENT:
            self._refresh_agenda()
        if changes.entity == Entity.EVENT:
            self._refresh_questions()

    def _on_calendar_selection_changed(self) -> None:
        self._refresh_agenda()

    def _on_calendar_page_changed(self, _year: int, _month: int) -> None:
        self.refresh_marks()

    def _on_calendar_activated(self, _day: QDate) -> None:
        self._on_new_event()

    def _on_agenda_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open_application.emit(self.agenda_model.items[index.row()].application_id)

    def selected_item(self) -> AgendaItem | None:
        rows = self.agenda.selectionModel().selectedRows()
        if rows:
            return self.agenda_model.items[rows[0].row()]
        return next((i for i in self.agenda_model.items if i.event_id), None)

    def selection(self):
        """The application (and event) of the selected agenda row; nothing when no row is
        selected (the first event of the day is not a selection)."""
        from jobdesk.domain.changes import Entity
        from jobdesk.ui.selection import NOTHING, Selection

        rows = self.agenda.selectionModel().selectedRows()
        if not rows:
            return NOTHING
        item = self.agenda_model.items[rows[0].row()]
        return Selection(Entity.APPLICATION, (item.application_id,), event_id=item.event_id)

    def _on_new_event(self) -> None:
        item = self.selected_item()
        self.open_event_dialog(application_id=item.application_id if item else None,
                               day=self.selected_day())

    def _on_edit_event(self) -> None:
        item = self.selected_item()
        if item is not None and item.event_id is not None:
            self.open_event_dialog(event_id=item.event_id)

    def open_event_dialog(self, *, application_id: int | None = None,
                          event_id: int | None = None, day: date | None = None):
        from jobdesk.ui.event_dialog import EventDialog

        dialog = EventDialog(self.services, application_id=application_id, event_id=event_id,
                             day=day or self.selected_day(), editor=self.editor, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: self.dialogs.remove(dialog)
                                 if dialog in self.dialogs else None)
        dialog.open()
        return dialog

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.agenda and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Delete
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # the agenda's own Del, before the window's Archive shortcut
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.remove_selected_event()
                return True
        return super().eventFilter(watched, event)

    def remove_selected_event(self) -> None:
        """Archive the selected agenda row's event (undoable through the window's stack)."""
        rows = self.agenda.selectionModel().selectedRows()
        item = self.agenda_model.items[rows[0].row()] if rows else None
        if item is None or item.event_id is None:
            self.notification.show_message("Select an event in the agenda first.")
            return
        if self.editor is not None:
            if self.editor.archive(Entity.EVENT, [item.event_id]):
                self.editor.sig_saved.emit(f"Removed {item.title} on {item.day:%a} "
                                           f"{item.day.day} {item.day:%b %Y} (Ctrl+Z brings "
                                           "it back).")
        else:
            self.services.events.archive([item.event_id])

    def _ask_open_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Import invitation", "",
                                              "Calendar files (*.ics *.ical);;All files (*)")
        return path

    def _ask_save_file(self) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export events",
                                              "jobdesk-events.ics", "Calendar files (*.ics)")
        return path

    def _on_import(self) -> None:
        path = self._pick_open_file()
        if not path:
            return
        item = self.selected_item()
        self.import_file(Path(path), item.application_id if item else None)

    def import_file(self, path: Path, application_id: int | None) -> str:
        """Import ``path`` (for the selected agenda row's application when the file has new
        events); returns and shows the outcome."""
        try:
            result = self.calendar_service.import_ics(path, application_id)
        except JobDeskError as exc:
            message = str(exc)
            self.notification.show_message(f"Not imported. {message}")
            return message
        message = result.summary()
        self.notification.show_message(message)
        if result.created or result.updated:
            first = self.services.events.get((result.created or result.updated)[0])
            day = first.starts_at.astimezone(self.calendar_service.zone).date()
            self.calendar.setSelectedDate(qdate(day))
        return message

    def _on_export(self) -> None:
        """Ask which events (upcoming or all) and where, then write them."""
        from jobdesk.ui.ics_export_dialog import ExportIcsDialog

        dialog = ExportIcsDialog(self._pick_save_file, self.reminder_minutes(), self)
        dialog.sig_export.connect(lambda path, upcoming, replace: self._on_export_chosen(
            dialog, path, upcoming, replace))
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda *_: self.dialogs.remove(dialog)
                                if dialog in self.dialogs else None)
        dialog.open()
        self.export_dialog = dialog
        return dialog

    def _on_export_chosen(self, dialog, path: str, upcoming: bool, replace: bool) -> None:
        message = self.export_to(Path(path), upcoming=upcoming, overwrite=replace)
        if message.startswith("Exported"):
            dialog.accept()
        else:
            dialog.show_error(message)

    def export_to(self, path: Path, *, upcoming: bool = True, overwrite: bool = False) -> str:
        """Write the upcoming (or all) events to ``path``; return and show the outcome."""
        try:
            count = self.calendar_service.export_ics(path, overwrite=overwrite,
                                                     upcoming=upcoming,
                                                     reminder_minutes=self.reminder_minutes())
        except JobDeskError as exc:
            # the command line's "(--force)" is the "Replace the file" box here
            return str(exc).replace("(--force)", "(tick “Replace the file if it exists”)")
        what = "upcoming event" if upcoming else "event"
        message = f"Exported {count} {what}{'s' if count != 1 else ''} to {path}."
        self.notification.show_message(message)
        return message
