"""File ▸ Remove demo data: asks first, makes a verified backup, then removes exactly what
the demo made (``services.demo_removal``); the views follow the published change-sets."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from jobdesk import APP_NAME
from jobdesk.domain.errors import JobDeskError
from jobdesk.services.demo_removal import back_up_before_removal, has_demo, remove_demo
from jobdesk.ui.crash import show_error


class DemoActions(QObject):
    def __init__(self, window, after: QAction) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.remove_action = QAction("&Remove demo data…", window)
        self.remove_action.setObjectName("remove_demo_action")
        self.remove_action.setStatusTip("Remove the demo records (a backup is made first); "
                                        "records you added stay")
        self.remove_action.triggered.connect(self.ask)
        menu = window.file_menu
        actions = menu.actions()
        position = actions.index(after) + 1 if after in actions else len(actions)
        menu.insertAction(actions[position] if position < len(actions) else None,
                          self.remove_action)
        menu.aboutToShow.connect(self.update)
        self.question: QMessageBox | None = None
        self.update()

    def update(self) -> None:
        self.remove_action.setEnabled(has_demo(self.services))

    def ask(self) -> None:
        if not has_demo(self.services):
            self.window.statusBar().showMessage("There is no demo data to remove.", 5000)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, APP_NAME,
            "Remove the demo data?\n\nThe demo's companies, contacts and applications go, "
            "with their log and events. Records you added stay, and so do the demo records "
            "they use. A backup is made first (File ▸ Backups and restore… brings everything "
            "back).", QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("remove_demo_question")
        remove = box.addButton("Remove demo data", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._on_answer(button is remove))
        self.question = box
        box.open()

    def _on_answer(self, confirmed: bool) -> None:
        self.question = None
        if not confirmed:
            return
        try:
            backup = back_up_before_removal(self.services)
            result = remove_demo(self.services)
        except JobDeskError as exc:
            show_error(self.window, f"The demo data was not removed: {exc}")
            return
        message = result.summary()
        if backup is not None:
            message += f" A backup from before is kept as {backup.path.name}."
        self.window._tell(message)
        self.update()
