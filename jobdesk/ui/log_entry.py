"""A small non-modal form to add a log entry to the selected application, company or contact.

Ctrl+L opens it prefilled with the selection; type a summary, Ctrl+Return saves.
"""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
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
from jobdesk.ui.delegates import EnumComboBox
from jobdesk.ui.editing import RecordEditor
from jobdesk.ui.palette import apply_text_tone


class LogEntryDialog(QDialog):
    sig_saved = Signal(int)  # the new entry's id

    def __init__(self, editor: RecordEditor, target: dict[str, int | None], about: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("log_entry_dialog")
        self.setWindowTitle("Add log entry")
        self.setModal(False)
        self.editor = editor
        self.target = {k: v for k, v in target.items() if v}
        self.kind = EnumComboBox(InteractionKind)
        self.kind.set_value(InteractionKind.NOTE.value)
        self.direction = EnumComboBox(Direction)
        self.direction.set_value(Direction.OUTGOING.value)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
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
        form.addRow("Summary", self.summary)
        form.addRow("Details", self.body)
        form.addRow(self.error)
        form.addRow(buttons)
        self.summary.returnPressed.connect(self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        self.summary.setFocus()
        self.resize(460, 360)

    def save(self) -> None:
        when = self.when.dateTime().toPython()
        when = when.astimezone(UTC) if when.tzinfo else when.astimezone().astimezone(UTC)
        row = self.editor.create(
            Entity.INTERACTION, kind=self.kind.value(), direction=self.direction.value(),
            occurred_at=when, summary=self.summary.text(), body=self.body.toPlainText(),
            **self.target)
        if row is None:
            self.error.setText(self.editor.last_error)
            self.error.show()
            return
        self.sig_saved.emit(row.id)
        self.accept()
