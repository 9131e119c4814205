"""Export .ics…: which events (upcoming only, or all with past ones) and the file to write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class ExportIcsDialog(QDialog):
    """Non-modal; ``sig_export(path, upcoming, replace)`` when Export is pressed with a file."""

    sig_export = Signal(str, bool, bool)

    def __init__(self, pick_file: Callable[[], str], reminder_minutes: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ics_export_dialog")
        self.setWindowTitle("Export events for your calendar")
        self._pick_file = pick_file
        self.upcoming = QRadioButton("Upcoming events only (from today on)")
        self.upcoming.setObjectName("export_upcoming")
        self.all_events = QRadioButton("All events, past ones too")
        self.all_events.setObjectName("export_all")
        self.upcoming.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.upcoming)
        group.addButton(self.all_events)
        self.path = QLineEdit(placeholderText="File to write, e.g. jobdesk-events.ics")
        self.path.setObjectName("export_path")
        self.path.setText(str(Path.home() / "jobdesk-events.ics"))
        self.path.textEdited.connect(lambda _text: self.replace.setChecked(False))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse)
        self.replace = QCheckBox("Replace the file if it exists")
        minutes = f"{reminder_minutes} minute{'s' if reminder_minutes != 1 else ''}"
        note = QLabel(f"Each event gets a reminder {minutes} before it (change it in "
                      "Edit ▸ Follow-up rules…). Exporting again updates the events in your "
                      "calendar program instead of adding them twice.", wordWrap=True)
        self.error = QLabel(wordWrap=True)
        self.error.setObjectName("export_error")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self._on_export)
        self.buttons.rejected.connect(self.reject)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Events", self.upcoming)
        form.addRow("", self.all_events)
        form.addRow("File", file_row)
        form.addRow("", self.replace)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_browse(self) -> None:
        path = self._pick_file()
        if path:
            self.path.setText(path)
            self.replace.setChecked(True)  # the save dialog already asked before replacing

    def _on_export(self) -> None:
        path = self.path.text().strip()
        if not path:
            self.show_error("Type the file to write, or pick one with Browse….")
            return
        self.sig_export.emit(path, self.upcoming.isChecked(), self.replace.isChecked())

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
