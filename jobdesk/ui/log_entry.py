"""A small non-modal form to add a log entry to the selected application, company or contact.

Ctrl+L opens it prefilled with the selection; pick whom it was with (the company's contacts
complete as you type; a new name becomes a new contact at the company), type a summary, Enter
or Ctrl+Return saves. The new contacts and the entry are one undo step.
"""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Direction, InteractionKind
from jobdesk.domain.errors import JobDeskError
from jobdesk.ui.contact_picker import ContactPicker
from jobdesk.ui.date_edit import DateTimeEdit
from jobdesk.ui.delegates import EnumComboBox
from jobdesk.ui.editing import RecordEditor
from jobdesk.ui.palette import apply_text_tone


class LogEntryDialog(QDialog):
    sig_saved = Signal(int)  # the new entry's id

    def __init__(self, editor: RecordEditor, target: dict[str, int | None], about: str,
                 parent: QWidget | None = None, *,
                 kind: InteractionKind = InteractionKind.NOTE):
        super().__init__(parent)
        self.setObjectName("log_entry_dialog")
        self.setWindowTitle("Add log entry")
        self.setModal(False)
        self.editor = editor
        self.target = {k: v for k, v in target.items() if v}
        first_contact = self.target.pop("contact_id", None)
        self.company_id = self.target.get("company_id")
        self.kind = EnumComboBox(InteractionKind)
        self.kind.set_value(InteractionKind(kind).value)
        self.contacts = ContactPicker(self._candidates(first_contact))
        if first_contact is not None:
            self.contacts.add_id(first_contact)
        self.direction = EnumComboBox(Direction)
        self.direction.set_value(Direction.OUTGOING.value)
        self.when = DateTimeEdit()  # a typed date (today, yesterday, 1.12.2026) and a time
        self.when.setDateTime(QDateTime.currentDateTime())
        self.summary = QLineEdit(placeholderText="What happened, in a line")
        self.body = QPlainTextEdit(placeholderText="Details (optional)")
        self.body.setMaximumHeight(120)
        self.error = QLabel(wordWrap=True, objectName="log_entry_error")
        apply_text_tone(self.error)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow(QLabel(f"For: <b>{about}</b>"))
        form.addRow("Kind", self.kind)
        form.addRow("Direction", self.direction)
        form.addRow("When", self.when)
        form.addRow("With", self.contacts)
        form.addRow("Summary", self.summary)
        form.addRow("Details", self.body)
        form.addRow(self.error)
        form.addRow(buttons)
        self.summary.returnPressed.connect(self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        self.summary.setFocus()
        self.resize(460, 360)

    def _candidates(self, first_contact: int | None) -> list:
        """The company's contacts (everyone's when the entry has no company)."""
        contacts = self.editor.services.contacts
        rows = (contacts.of_company(self.company_id) if self.company_id is not None
                else contacts.list())
        if first_contact is not None and all(c.id != first_contact for c in rows):
            rows = [*rows, *contacts.get_many([first_contact])]
        return rows

    def _when(self):
        when = self.when.dateTime().toPython()
        return when.astimezone(UTC) if when.tzinfo else when.astimezone().astimezone(UTC)

    def save(self) -> None:
        if self.when.problem():
            return self._show_error(f"When: {self.when.problem()}")
        self.contacts.finish_typing()
        values = dict(kind=self.kind.value(), direction=self.direction.value(),
                      occurred_at=self._when(), summary=self.summary.text(),
                      body=self.body.toPlainText(), **self.target)
        try:  # refuse a bad entry before any new contact is written
            self.editor.services.interactions.validate(values, creating=True)
        except JobDeskError as exc:
            return self._show_error(getattr(exc, "message", None) or str(exc))
        row = None
        with self.editor.step("New log entry") as outcome:
            contact_ids = []
            for picked in self.contacts.picked:
                if picked.contact_id is None:
                    made = self.editor.create(Entity.CONTACT, name=picked.name,
                                              company_id=self.company_id)
                    if made is None:
                        break
                    contact_ids.append(made.id)
                else:
                    contact_ids.append(picked.contact_id)
            else:
                row = self.editor.create(Entity.INTERACTION, contact_ids=contact_ids, **values)
            outcome[0] = row is not None  # refused: the contacts made for it are taken back
        if row is None:
            return self._show_error(self.editor.last_error)
        self.sig_saved.emit(row.id)
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
