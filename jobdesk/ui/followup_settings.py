"""The "Follow-up rules" window: every number of the follow-up rules, the holidays that
business days skip, the time of the daily summary and the lead of calendar reminders.

Non-modal. Nothing is written until Save; Save writes the rules through the follow-up service
(one transaction; the service tells the change bus, so Today recomputes at once) and the two
window settings to ``jobdesk.ini``, then emits ``sig_saved`` so the window reschedules the
daily summary and the reminders.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.date_input import DateInputError, example_text
from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.followups import SETTING_LIMITS, FollowUpSettings
from jobdesk.services.followups import FollowUpService
from jobdesk.ui.date_edit import DateEdit, locale_short_format
from jobdesk.ui.list_models import RowListModel
from jobdesk.ui.palette import apply_text_tone
from jobdesk.ui.settings import (
    DEFAULTS,
    REMINDER_MINUTES_RANGE,
    UiSettings,
    check_reminder_minutes,
    parse_time,
)

# (group title, [(field, words before the number, words after it)]), in recruiters' words
RULES: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Thank-you notes", (
        ("thank_you_within_days", "Send a thank-you within", "day(s) of an interview"),
        ("thank_you_window_days", "Stop proposing a thank-you", "day(s) after the interview"),
    )),
    ("Waiting for an answer", (
        ("check_in_after_business_days", "Check in",
         "business day(s) after the promised answer date"),
        ("check_in_again_after_days", "Check in again after", "day(s) without an answer"),
        ("max_follow_ups", "Suggest moving on after", "unanswered check-in(s)"),
    )),
    ("Applications, rejections and offers", (
        ("review_after_days", "Review an application after", "day(s) without activity"),
        ("rejection_reply_window_days", "Propose a reply to a rejection for up to",
         "day(s) after it"),
        ("offer_decide_days_before", "Decide on an offer", "day(s) before its deadline"),
        ("min_active_applications", "Keep at least", "application(s) going"),
    )),
    ("The Today list", (
        ("soon_days", "Show what comes up in the next", "day(s) under \u201cComing up\u201d"),
    )),
)


def holiday_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%B %Y}"


def holiday_model(parent=None) -> RowListModel:
    return RowListModel([("Holiday", holiday_text)], parent=parent)


def _sentence(before: str, editor: QWidget, after: str) -> QHBoxLayout:
    row = QHBoxLayout()
    label = QLabel(before)
    label.setBuddy(editor)
    row.addWidget(label)
    row.addWidget(editor)
    words = QLabel(after)
    row.addWidget(words)
    row.addStretch(1)
    editor.setAccessibleName(f"{before} … {after.replace('(s)', 's')}".strip(" …"))
    if "(s)" in after and isinstance(editor, QSpinBox):  # "1 day", "7 days", as typed
        def agree(value: int) -> None:
            words.setText(after.replace("(s)", "" if value == 1 else "s"))
        editor.valueChanged.connect(agree)
        agree(editor.value())
    return row


class FollowUpSettingsDialog(QDialog):
    sig_saved = Signal()

    def __init__(self, engine: FollowUpService, ui_settings: UiSettings,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("followup_settings")
        self.setWindowTitle("Follow-up rules")
        self.setModal(False)
        self.engine = engine
        self.ui_settings = ui_settings
        self.holidays: list[date] = []

        rules = QVBoxLayout()
        self.spins: dict[str, QSpinBox] = {}
        defaults = FollowUpSettings()
        for title, rows in RULES:
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            for name, before, after in rows:
                low, high = SETTING_LIMITS[name]
                spin = QSpinBox(minimum=low, maximum=high, objectName=name)
                spin.setToolTip(f"{low} to {high}; {getattr(defaults, name)} by default")
                self.spins[name] = spin
                box_layout.addLayout(_sentence(before, spin, after))
            rules.addWidget(box)

        self.notify_edit = QTimeEdit(objectName="notify_at", displayFormat="HH:mm")
        self.notify_edit.setToolTip("Local time; JobDesk also sums up on start")
        low, high = REMINDER_MINUTES_RANGE
        self.reminder_spin = QSpinBox(minimum=low, maximum=high, objectName="reminder_minutes",
                                      singleStep=5)
        self.reminder_spin.setToolTip(f"{low} to {high} minutes")
        box = QGroupBox("Notifications")
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(_sentence("Sum up what is due every day at", self.notify_edit, ""))
        box_layout.addLayout(_sentence("Remind me of calendar events", self.reminder_spin,
                                       "minute(s) before they start"))
        rules.addWidget(box)
        rules.addStretch(1)

        self.holiday_model = holiday_model(self)
        self.holiday_list = QListView(objectName="holiday_list")
        self.holiday_list.setModel(self.holiday_model)
        self.holiday_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.holiday_list.setAccessibleName("Holidays")
        self.holiday_edit = DateEdit(objectName="holiday_date")
        self.holiday_edit.setAccessibleName("Holiday to add")
        self.add_holiday_button = QPushButton("&Add")
        self.add_holiday_button.setToolTip("Add the date to the holidays (Enter in the date)")
        self.remove_holiday_button = QPushButton("&Remove")
        self.remove_holiday_button.setToolTip("Remove the selected holidays (Del)")
        for button in (self.add_holiday_button, self.remove_holiday_button):
            button.setAutoDefault(False)  # Enter saves the window (or, in the date, adds it)
        self.add_holiday_button.clicked.connect(self.add_holiday)
        self.remove_holiday_button.clicked.connect(self.remove_selected_holidays)
        self.holiday_list.selectionModel().selectionChanged.connect(
            self._on_holiday_selection_changed)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter in the date adds it
            QShortcut(QKeySequence(key), self.holiday_edit, activated=self.add_holiday,
                      context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.holiday_list,
                  activated=self.remove_selected_holidays,
                  context=Qt.ShortcutContext.WidgetShortcut)
        add_row = QHBoxLayout()
        add_row.addWidget(self.holiday_edit, 1)
        add_row.addWidget(self.add_holiday_button)
        holidays_box = QGroupBox("Holidays")
        holidays_layout = QVBoxLayout(holidays_box)
        holidays_layout.addWidget(QLabel("Business days skip weekends and these days (a "
                                         "check-in \u201cone business day later\u201d "
                                         "moves past them).", wordWrap=True))
        holidays_layout.addLayout(add_row)
        holidays_layout.addWidget(self.holiday_list, 1)
        holidays_layout.addWidget(self.remove_holiday_button, 0,
                                  Qt.AlignmentFlag.AlignRight)

        self.error_label = QLabel(wordWrap=True, objectName="settings_error")
        apply_text_tone(self.error_label)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.defaults_button = self.buttons.button(
            QDialogButtonBox.StandardButton.RestoreDefaults)
        self.defaults_button.setToolTip("Put every number and time back to its default "
                                        "(your holidays stay); Save to keep it")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.defaults_button.clicked.connect(self.restore_defaults)

        columns = QHBoxLayout()
        columns.addLayout(rules, 3)
        columns.addWidget(holidays_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # once it is inside the dialog, so Enter saves
        self.load()

    # ---- values -------------------------------------------------------------------------
    def load(self) -> None:
        """Show the saved values (called again each time the window is reopened)."""
        self._show(self.engine.settings(), self.ui_settings.notify_at(),
                   self.ui_settings.reminder_minutes())
        self.error_label.hide()

    def restore_defaults(self) -> None:
        self._show(FollowUpSettings(holidays=frozenset(self.holidays)),
                   parse_time(DEFAULTS["today/notify_at"]),
                   DEFAULTS["calendar/reminder_minutes"])

    def _show(self, settings: FollowUpSettings, notify_at: time, reminder_minutes: int) -> None:
        for name, spin in self.spins.items():
            spin.setValue(getattr(settings, name))
        self.notify_edit.setTime(QTime(notify_at.hour, notify_at.minute))
        self.reminder_spin.setValue(reminder_minutes)
        self._set_holidays(settings.holidays)

    def value(self) -> FollowUpSettings:
        """The rules as the window shows them."""
        numbers = {name: spin.value() for name, spin in self.spins.items()}
        return FollowUpSettings(**numbers, holidays=frozenset(self.holidays))

    def notify_at(self) -> time:
        return self.notify_edit.time().toPython()  # type: ignore[return-value]

    # ---- holidays -----------------------------------------------------------------------
    def _set_holidays(self, days) -> None:
        self.holidays = sorted(set(days))
        self.holiday_model.set_rows(self.holidays)
        self._on_holiday_selection_changed()

    def add_holiday(self) -> None:
        """Add the typed date (any way ``DateEdit`` reads); say why when it is not one."""
        try:
            day = self.holiday_edit.parse()
        except DateInputError as exc:
            day, problem = None, exc.message
        else:
            problem = "" if day else (f"Type the holiday first. "
                                      f"{example_text(locale_short_format())}.")
        if day is None:
            self.error_label.setText(f"Not added: {problem}")
            self.error_label.show()
            self.holiday_edit.setFocus()
            return
        self.error_label.hide()
        self.holiday_edit.set_value(day)
        self.holiday_edit.selectAll()  # the next one can be typed over it
        if day not in self.holidays:
            self._set_holidays([*self.holidays, day])
        row = self.holidays.index(day)
        self.holiday_list.setCurrentIndex(self.holiday_model.index(row, 0))

    def remove_selected_holidays(self) -> None:
        rows = {i.row() for i in self.holiday_list.selectionModel().selectedRows()}
        if rows:
            self._set_holidays([d for r, d in enumerate(self.holidays) if r not in rows])

    def _on_holiday_selection_changed(self, *_args) -> None:
        self.remove_holiday_button.setEnabled(
            self.holiday_list.selectionModel().hasSelection())

    # ---- saving -------------------------------------------------------------------------
    def save(self) -> bool:
        """Write everything, or nothing and say why."""
        try:
            minutes = check_reminder_minutes(self.reminder_spin.value())  # before any write
            self.engine.save_settings(self.value())  # checks every number first
        except (JobDeskError, ValueError) as exc:
            self.error_label.setText(f"Not saved: {exc}")
            self.error_label.show()
            return False
        self.ui_settings.set_notify_at(self.notify_at())
        self.ui_settings.set_reminder_minutes(minutes)
        self.ui_settings.sync()
        self.error_label.hide()
        self.sig_saved.emit()
        self.accept()
        return True
