"""Create or edit one event: kind, start/end in the user's time zone, all-day, place or
meeting link, interviewers from the company's contacts, notes and the questions asked.

Moving the start moves the end with it (the length stays). Saving through the window's
``RecordEditor`` makes it one undo step (with the move to "Interviewing" the dialog offers for
a new interview) and says in the status bar what was saved for when.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import EventKind, Stage
from jobdesk.domain.errors import JobDeskError, ValidationError
from jobdesk.services.container import Services
from jobdesk.ui.date_edit import DateTimeEdit
from jobdesk.ui.palette import apply_text_tone

if TYPE_CHECKING:
    from jobdesk.ui.editing import RecordEditor


def to_qdatetime(value: datetime, zone: str) -> QDateTime:
    local = value.astimezone(ZoneInfo(zone))
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0, 0,
                     QTimeZone(zone.encode()))


def from_qdatetime(value: QDateTime, zone: str) -> datetime:
    d, t = value.date(), value.time()
    naive = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
    return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


# ---- the date/time editors, in one place (so another editor widget is one edit away) ----------
def when_changed(edit: QWidget):
    """The signal an editor of the start or end sends when its value changes."""
    return edit.dateTimeChanged


def when_of(edit: QWidget) -> QDateTime:
    return edit.dateTime()


def set_when(edit: QWidget, value: QDateTime) -> None:
    edit.setDateTime(value)


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def stage_before_interviews(stage: Stage) -> bool:
    """An open application not yet at the interviews (interested, applied, screening)."""
    return stage.is_open and stage.rank < Stage.INTERVIEWING.rank


class EventDialog(QDialog):
    """Non-modal when opened with ``open()``/``show()``; ``save()`` validates and writes."""

    sig_saved = Signal(int)  # event id

    def __init__(self, services: Services, *, application_id: int | None = None,
                 event_id: int | None = None, day: date | None = None,
                 editor: RecordEditor | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.event_id = event_id
        self.zone = services.calendar.zone_name
        existing = services.events.get(event_id) if event_id is not None else None
        if existing is not None:
            application_id = existing.application_id
            self.zone = existing.timezone
        self.setWindowTitle("Edit event" if existing else "New event")
        self.setObjectName("event_dialog")

        self.application = QComboBox()
        self.application.setObjectName("event_application")
        apps = sorted(services.applications.list(),
                      key=lambda a: (a.company_name.casefold(), a.job_title.casefold()))
        for app in apps:
            self.application.addItem(f"{app.company_name} – {app.job_title}", app.id)
        if application_id is not None:
            position = self.application.findData(application_id)
            if position < 0:  # archived application: still editable
                app = services.applications.get(application_id)
                self.application.addItem(f"{app.company_name} – {app.job_title}", app.id)
                position = self.application.count() - 1
            self.application.setCurrentIndex(position)
        self.application.currentIndexChanged.connect(self._load_people)

        self.kind = QComboBox()
        for kind in EventKind:
            self.kind.addItem(kind.label, kind.value)
        self.title = QLineEdit(placeholderText="e.g. Technical interview, round 2")
        self.starts = DateTimeEdit()  # a typed date (today, fri, 1.12.2026) and a time
        self.ends = DateTimeEdit()
        for edit in (self.starts, self.ends):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setTimeZone(QTimeZone(self.zone.encode()))
        self.all_day = QCheckBox("All day")
        self.all_day.toggled.connect(self._on_all_day_toggled)
        self.zone_label = QLabel(f"Times in {self.zone}")
        self.location = QLineEdit(placeholderText="Address or meeting link")
        self.people = QListWidget()
        self.people.setObjectName("event_interviewers")
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.people.setMaximumHeight(110)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Preparation, who to ask for at reception…")
        self.questions = QPlainTextEdit()
        self.questions.setPlaceholderText("After the interview: one question per line. "
                                          "They join the question bank.")
        self.move_stage = QCheckBox(f"Move the application to “{Stage.INTERVIEWING.label}”")
        self.move_stage.setObjectName("event_move_stage")
        self.move_stage.setChecked(True)
        self.error = QLabel(wordWrap=True)
        apply_text_tone(self.error)
        self.error.hide()

        form = QFormLayout()
        form.addRow("Application", self.application)
        form.addRow("Kind", self.kind)
        form.addRow("Title", self.title)
        form.addRow("Starts", self.starts)
        form.addRow("Ends", self.ends)
        form.addRow("", self.all_day)
        form.addRow("", self.zone_label)
        form.addRow("Where", self.location)
        form.addRow("Interviewers", self.people)
        form.addRow("Notes", self.notes)
        form.addRow("Questions asked", self.questions)
        form.addRow("", self.move_stage)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        if existing is not None:
            self.kind.setCurrentIndex(self.kind.findData(existing.kind.value))
            self.title.setText(existing.title)
            self.starts.setDateTime(to_qdatetime(existing.starts_at, self.zone))
            self.ends.setDateTime(to_qdatetime(existing.ends_at or existing.starts_at
                                               + timedelta(hours=1), self.zone))
            self.all_day.setChecked(existing.all_day)
            self.location.setText(existing.location)
            self.notes.setPlainText(existing.notes)
            self.questions.setPlainText(existing.questions)
        else:
            day = day or datetime.now(ZoneInfo(self.zone)).date()
            start = datetime.combine(day, time(10, 0), ZoneInfo(self.zone))
            self.starts.setDateTime(to_qdatetime(start, self.zone))
            self.ends.setDateTime(to_qdatetime(start + timedelta(hours=1), self.zone))
        self._load_people(chosen=existing.interviewer_ids if existing else ())
        # the end follows the start; connected once both hold their first values
        self._start_was = when_of(self.starts)
        when_changed(self.starts).connect(self._on_start_changed)
        self.kind.currentIndexChanged.connect(self._offer_stage_move)
        self.application.currentIndexChanged.connect(self._offer_stage_move)
        self._offer_stage_move()

    def _on_start_changed(self, *_args) -> None:
        """Moving the start moves the end by as much, so the event keeps its length."""
        start = when_of(self.starts)
        moved = self._start_was.secsTo(start)
        self._start_was = start
        if moved:
            set_when(self.ends, when_of(self.ends).addSecs(moved))

    def _stage(self) -> Stage | None:
        app_id = self.application.currentData()
        return self.services.applications.get(app_id).stage if app_id is not None else None

    def _offer_stage_move(self, *_args) -> None:
        """A new interview for an application at an earlier stage offers the move (ticked)."""
        stage = self._stage()
        offer = (self.event_id is None and self.kind.currentData() == EventKind.INTERVIEW.value
                 and stage is not None and stage_before_interviews(stage))
        self.move_stage.setVisible(offer)

    def _load_people(self, *_args, chosen=()) -> None:
        self.people.clear()
        app_id = self.application.currentData()
        if app_id is None:
            return
        company_id = self.services.applications.get(app_id).company_id
        for contact in self.services.contacts.of_company(company_id):
            item = QListWidgetItem(f"{contact.name} · {contact.title}" if contact.title
                                   else contact.name)
            item.setData(Qt.ItemDataRole.UserRole, contact.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if contact.id in chosen
                               else Qt.CheckState.Unchecked)
            self.people.addItem(item)

    def _on_all_day_toggled(self, on: bool) -> None:
        fmt = "yyyy-MM-dd" if on else "yyyy-MM-dd HH:mm"
        self.starts.setDisplayFormat(fmt)
        self.ends.setDisplayFormat(fmt)
        self.ends.setEnabled(not on)

    def set_interviewers(self, contact_ids) -> None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in contact_ids
                               else Qt.CheckState.Unchecked)

    def values(self) -> dict:
        all_day = self.all_day.isChecked()
        starts = from_qdatetime(self.starts.dateTime(), self.zone)
        if all_day:
            local = starts.astimezone(ZoneInfo(self.zone)).date()
            starts = datetime.combine(local, time(0), ZoneInfo(self.zone)).astimezone(UTC)
        people = [self.people.item(r).data(Qt.ItemDataRole.UserRole)
                  for r in range(self.people.count())
                  if self.people.item(r).checkState() == Qt.CheckState.Checked]
        return dict(application_id=self.application.currentData(),
                    kind=self.kind.currentData(), title=self.title.text(), starts_at=starts,
                    ends_at=None if all_day else from_qdatetime(self.ends.dateTime(), self.zone),
                    timezone=self.zone, all_day=all_day, location=self.location.text(),
                    notes=self.notes.toPlainText(), questions=self.questions.toPlainText(),
                    interviewer_ids=people)

    def save(self) -> int | None:
        for label, field in (("Starts", self.starts), ("Ends", self.ends)):
            if field.isEnabled() and field.problem():
                return self._show_error(f"{label}: {field.problem()}")
        values = self.values()
        if values["application_id"] is None:
            return self._show_error("Pick the application this event belongs to.")
        if self.editor is not None:
            return self._save_undoable(values)
        try:
            if self.event_id is None:
                row = self.services.events.create(**values)
            else:
                values.pop("application_id")
                row = self.services.events.update(self.event_id, **values)
        except ValidationError as exc:
            return self._show_error(exc.message[:1].upper() + exc.message[1:] + ".")
        except JobDeskError as exc:
            return self._show_error(str(exc))
        self.event_id = row.id
        self.sig_saved.emit(row.id)
        self.accept()
        return row.id

    def _save_undoable(self, values: dict) -> int | None:
        """Save as one step on the window's undo stack (with the stage move, when ticked)."""
        editor = self.editor
        creating = self.event_id is None
        move = creating and not self.move_stage.isHidden() and self.move_stage.isChecked()
        kind = EventKind(values["kind"]).label.lower()
        with editor.step(f"New {kind}" if creating else f"Edit {kind}") as outcome:
            if creating:
                row = editor.create(Entity.EVENT, **values)
            else:
                values.pop("application_id")
                row = editor.update(Entity.EVENT, self.event_id, **values)
            if row is not None and move:
                outcome[0] = editor.set_field(Entity.APPLICATION, row.application_id, "stage",
                                              Stage.INTERVIEWING.value)
            outcome[0] = outcome[0] and row is not None
        if not outcome[0]:
            return self._show_error(_sentence(editor.last_error))
        self.event_id = row.id
        editor.sig_saved.emit(self.saved_message(row, moved=move))
        self.sig_saved.emit(row.id)
        self.accept()
        return row.id

    def saved_message(self, row, *, moved: bool = False) -> str:
        """"Saved Technical interview (Data Analyst at Helix Biolabs) on Wed 2 Dec 2026,
        14:00" for the status bar."""
        app = self.services.applications.get(row.application_id)
        local = row.starts_at.astimezone(ZoneInfo(row.timezone))
        when = (f"{local:%a} {local.day} {local:%b %Y}" if row.all_day
                else f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}")
        name = row.title or row.kind.label
        text = f"Saved {name} ({app.job_title} at {app.company_name}) on {when}"
        if moved:
            text += f"; the application moved to “{Stage.INTERVIEWING.label}”"
        return text + "."

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        return None
