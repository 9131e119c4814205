"""Date fields people can type into: ISO, the locale's short format, words and offsets.

``DateEdit`` is a line edit (so a table cell's editor behaves like any text cell: Enter commits,
Esc cancels) with a calendar button that opens a calendar on the value, or on today when
empty. Empty text means "no date". What it understands is ``domain.date_input``; the value is
always shown as ISO (``2026-12-01``), as the tables show dates. Text it cannot read stays in
the field and ``problem()`` says why; hosts show that reason (a bubble under a table cell, the
error line of a form) and save nothing.

``DateTimeEdit`` pairs a ``DateEdit`` with a time field (``14:30``, ``2pm``); it offers the
part of ``QDateTimeEdit``'s API the dialogs use (``dateTime``, ``setDateTime``,
``dateTimeChanged``, ``setTimeZone``, ``setDisplayFormat`` without hours = all-day).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from PySide6.QtCore import QDate, QDateTime, QLocale, QPoint, QRect, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QWidget

from jobdesk.domain.date_input import (
    DateInputError,
    example_text,
    examples,
    parse_user_date,
    parse_user_time,
)

HELP = ("Type a date: 2026-12-01, {local}today, tomorrow, yesterday, a weekday (fri = the "
        "coming Friday, today included; next fri, last fri), next week (its Monday), +3d, "
        "-2d, +1w, +1m, in 3 days. Empty = no date. Up/Down: a day later/earlier, "
        "PageUp/PageDown: a month. Alt+Down opens the calendar.")


def locale_short_format() -> str:
    return QLocale().dateFormat(QLocale.FormatType.ShortFormat)


def locale_day_names() -> list[list[str]]:
    """Monday to Sunday in the user's language, long and short ("Freitag", "Fr.")."""
    locale = QLocale()
    return [[locale.dayName(day, QLocale.FormatType.LongFormat),
             locale.dayName(day, QLocale.FormatType.ShortFormat)] for day in range(1, 8)]


def _calendar_icon(widget: QWidget) -> QIcon:
    """A small calendar drawn in the palette's text colour (readable on dark palettes)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = widget.palette().color(QPalette.ColorRole.Text)
    painter = QPainter(pixmap)
    painter.setPen(colour)
    painter.drawRect(QRect(1, 2, 13, 12))
    painter.fillRect(QRect(1, 2, 14, 4), colour)
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(QRect(x, y, 2, 2), colour)
    painter.end()
    return QIcon(pixmap)


class DateEdit(QLineEdit):
    sig_date_changed = Signal(object)  # the new date (or None) after a commit that changed it
    sig_picked = Signal()  # a day was picked in the calendar

    def __init__(self, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today, **qt_properties):
        super().__init__(parent, **qt_properties)
        self._today = today
        self._value: date | None = None
        self._problem = ""
        shown = examples(locale_short_format())
        self.setPlaceholderText("e.g. " + ", ".join(shown))
        self._help = HELP.format(local=shown[1] + ", " if len(shown) == 5 else "")
        self.setToolTip(self._help)
        self.setClearButtonEnabled(False)
        self.calendar_action = QAction(_calendar_icon(self), "Open the calendar (Alt+Down)", self)
        self.calendar_action.setObjectName("open_calendar")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("date_popup")
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._on_calendar_picked)
        self.calendar.activated.connect(self._on_calendar_picked)
        self.calendar.hide()
        self.editingFinished.connect(self._on_editing_finished)
        self.textEdited.connect(self._on_text_edited)

    # ---- value ------------------------------------------------------------------------------
    def parse(self) -> date | None:
        """The date the text means (None when empty); raises ``DateInputError``."""
        return parse_user_date(self.text(), self._today(), locale_short_format(),
                               locale_day_names())

    def problem(self) -> str:
        """Why the text is not a date ("" when it is one, or empty)."""
        try:
            self.parse()
        except DateInputError as exc:
            return exc.message
        return ""

    def value(self) -> date | None:
        """The date typed (the last readable one while the text cannot be read)."""
        try:
            return self.parse()
        except DateInputError:
            return self._value

    def set_value(self, value: date | None) -> None:
        self._value = value
        self._set_problem("")
        self.setText(value.isoformat() if value else "")
        self.setModified(False)

    # ---- behaviour ----------------------------------------------------------------------------
    def _set_problem(self, message: str) -> None:
        self._problem = message
        self.setToolTip(message or self._help)
        self.setProperty("problem", bool(message))

    def _on_text_edited(self, _text: str) -> None:
        if self._problem:
            self._set_problem("")

    def _on_editing_finished(self) -> None:
        try:
            found = self.parse()
        except DateInputError as exc:
            self._set_problem(exc.message)  # the text stays, so nothing typed is lost
            return
        changed = found != self._value
        self.set_value(found)
        if changed:
            self.sig_date_changed.emit(found)

    def open_calendar(self) -> None:
        try:
            shown = self.parse() or self._today()
        except DateInputError:
            shown = self._value or self._today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        size = self.calendar.sizeHint()
        if screen is not None:
            below.setX(max(screen.left(), min(below.x(), screen.right() - size.width())))
            if below.y() + size.height() > screen.bottom():
                below.setY(self.mapToGlobal(QPoint(0, 0)).y() - size.height())
        self.calendar.move(below)
        self.calendar.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _on_calendar_picked(self, picked: QDate) -> None:
        self.calendar.hide()
        self.setText(date(picked.year(), picked.month(), picked.day()).isoformat())
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self._on_editing_finished()
        self.sig_picked.emit()

    def step(self, days: int = 0, months: int = 0) -> None:
        """Up/Down: a day later/earlier, PageUp/PageDown: a month (from today when empty)."""
        try:
            start = self.parse() or self._today()
        except DateInputError:
            return
        moved = QDate(start.year, start.month, start.day).addDays(days).addMonths(months)
        self.setText(date(moved.year(), moved.month(), moved.day()).isoformat())
        self.setModified(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down
                                    and mods & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0),
                 Qt.Key.Key_PageUp: (0, 1), Qt.Key.Key_PageDown: (0, -1)}
        if key in steps and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.step(*steps[key])
            return
        if _commit_on_enter(self, event):
            return
        super().keyPressEvent(event)


def _commit_on_enter(edit: QLineEdit, event: QKeyEvent) -> bool:
    """Enter on text typed but not yet read reads it and stops there, so a dialog's default
    button does not fire before the user has seen the date taken; the next Enter goes on."""
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or not edit.isModified():
        return False
    QLineEdit.keyPressEvent(edit, event)  # emits editingFinished, which reads the text
    edit.setModified(False)
    event.accept()
    return True


class TimeEdit(QLineEdit):
    """A time typed as 14:30, 1430, 9 or 2pm; shown as HH:MM."""

    sig_time_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._value = time(10, 0)
        self._problem = ""
        self.setPlaceholderText("14:30")
        self._help = "Type a time: 14:30, 1430, 9, 2pm, noon"
        self.setToolTip(self._help)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00 pm") + 24)
        self.editingFinished.connect(self._on_editing_finished)

    def problem(self) -> str:
        try:
            parse_user_time(self.text())
        except DateInputError as exc:
            return exc.message
        return ""

    def value(self) -> time:
        try:
            return parse_user_time(self.text())
        except DateInputError:
            return self._value

    def set_value(self, value: time) -> None:
        self._value = value.replace(second=0, microsecond=0)
        self.setText(self._value.strftime("%H:%M"))
        self.setToolTip(self._help)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _commit_on_enter(self, event):
            super().keyPressEvent(event)

    def _on_editing_finished(self) -> None:
        try:
            found = parse_user_time(self.text())
        except DateInputError as exc:
            self.setToolTip(exc.message)
            return
        changed = found != self._value
        self.set_value(found)
        if changed:
            self.sig_time_changed.emit(found)


class DateTimeEdit(QWidget):
    """A date field and a time field; ``dateTime()`` is in ``setTimeZone``'s zone (else local)."""

    dateTimeChanged = Signal(QDateTime)

    def __init__(self, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today, **_qt_options):
        super().__init__(parent)
        self.date_edit = DateEdit(today=today)
        self.time_edit = TimeEdit()
        self._zone: QTimeZone | None = None
        self._time_shown = True
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.date_edit, 1)
        layout.addWidget(self.time_edit)
        self.setFocusProxy(self.date_edit)
        self._last = self.dateTime()
        self.date_edit.sig_date_changed.connect(self._on_part_changed)
        self.time_edit.sig_time_changed.connect(self._on_part_changed)
        self.date_edit.sig_picked.connect(self._on_part_changed)
        self.set_date_time(today(), time(10, 0))

    # QDateTimeEdit's API, as the dialogs use it
    def setTimeZone(self, zone: QTimeZone) -> None:
        self._zone = zone

    def setCalendarPopup(self, _on: bool) -> None:
        pass

    def setDisplayFormat(self, fmt: str) -> None:
        self._time_shown = "H" in fmt or "h" in fmt
        self.time_edit.setVisible(self._time_shown)

    def dateTime(self) -> QDateTime:
        d = self.date_edit.value() or self.date_edit._today()
        t = self.time_edit.value()
        if self._zone is not None:
            return QDateTime(QDate(d.year, d.month, d.day), QTime(t.hour, t.minute), self._zone)
        return QDateTime(QDate(d.year, d.month, d.day), QTime(t.hour, t.minute))

    def setDateTime(self, value: QDateTime) -> None:
        if self._zone is not None:
            value = value.toTimeZone(self._zone)
        d, t = value.date(), value.time()
        self.set_date_time(date(d.year(), d.month(), d.day()), time(t.hour(), t.minute()))

    # plain Python
    def set_date_time(self, day: date, at: time) -> None:
        self.date_edit.set_value(day)
        self.time_edit.set_value(at)
        self._on_part_changed()

    def problem(self) -> str:
        """Why the date or the time cannot be read ("" when both can); an empty date is one."""
        if not self.date_edit.text().strip():
            return "The date is empty. " + example_text(locale_short_format()) + "."
        return self.date_edit.problem() or (self.time_edit.problem()
                                            if self._time_shown else "")

    def _on_part_changed(self, *_args) -> None:
        now = self.dateTime()
        if now != self._last:
            self._last = now
            self.dateTimeChanged.emit(now)
