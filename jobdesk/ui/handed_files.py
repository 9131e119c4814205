"""Files handed to the running window (``jobdesk FILE...`` while a window is open on the same
data folder): documents go to the attach flow of the selected application, ``.ics``
invitations to the calendar import. With no application selected the window says so and
offers to keep the documents in the library."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from jobdesk import APP_NAME
from jobdesk.domain.errors import JobDeskError


def _names(paths: list[str]) -> str:
    names = [f"“{Path(p).name}”" for p in paths]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class HandedFiles(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.question: QMessageBox | None = None

    def selected_application(self) -> int | None:
        """The application selected on the page in front (Today, a table, the board...)."""
        return self.window.selection().application_id

    def open_files(self, paths: list[str]) -> None:
        window = self.window
        paths = [str(p) for p in paths]
        if not paths:
            return
        application_id = self.selected_application()
        invitations = [p for p in paths if p.lower().endswith(".ics")]
        documents = [p for p in paths if not p.lower().endswith(".ics")]
        if invitations:
            window._on_files_dropped(application_id, invitations)
        if not documents:
            return
        try:
            app = (window.services.applications.get(application_id)
                   if application_id is not None else None)
        except JobDeskError:  # archived or purged meanwhile
            app = None
        if app is not None:
            window.statusBar().showMessage(
                f"Attaching {_names(documents)} to {app.company_name} · {app.job_title}…", 8000)
            window._on_files_dropped(application_id, documents)
            return
        self._ask_library(documents)

    def _ask_library(self, documents: list[str]) -> None:
        files = "this file" if len(documents) == 1 else "these files"
        box = QMessageBox(
            QMessageBox.Icon.Question, APP_NAME,
            f"No application is selected, so {_names(documents)} cannot be attached to one.\n\n"
            f"Keep {files} in the document library (you can link {files} to an application "
            f"later), or cancel, select an application and open {files} again.",
            QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("handed_files_question")
        keep = box.addButton("Keep in library", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._on_answer(button is keep, documents))
        self.question = box
        self.window.messages.append(box.text())
        box.open()

    def _on_answer(self, keep: bool, documents: list[str]) -> None:
        self.question = None
        if keep:
            self.window._on_files_dropped(None, documents)
        else:
            self.window.statusBar().showMessage(
                "Nothing was stored. Select an application, then open the files again.", 8000)
