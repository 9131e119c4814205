"""Unhandled exceptions: logged to the rotating log file and shown in a dialog with the
traceback to copy; the application keeps running.

Known problems (``JobDeskError``: a disk that is full or read-only, a refused value) are not
crashes: they get a plain message instead. Exceptions on worker threads arrive through
``threading.excepthook`` and are shown on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk import APP_NAME, __version__
from jobdesk.domain.errors import JobDeskError

log = logging.getLogger("jobdesk.crash")

NO_DATA_LOST = ("No data was lost: every change JobDesk showed as saved is safely in the "
                "database (each one is committed before it is shown). The action that failed "
                "may not have finished; check it and try again.")


class CrashDialog(QDialog):
    def __init__(self, report: str, log_file: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.setWindowTitle(f"{APP_NAME}: something went wrong")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        where = f" It was written to {log_file}." if log_file else ""
        self.note = QLabel(
            f"<b>JobDesk hit an unexpected error and carried on.</b><p>{NO_DATA_LOST}</p>"
            f"<p>Please copy the report below and send it with a line about what you were "
            f"doing.{where}</p>")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.note)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setObjectName("crash_report")
        self.text.setMinimumSize(640, 260)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy report")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copy_button.setText("Copied")

    def append(self, report: str) -> None:
        self.text.appendPlainText("\n" + report)


def format_report(exc_type, exc, tb) -> str:
    body = "".join(traceback.format_exception(exc_type, exc, tb))
    return f"{APP_NAME} {__version__} on Python {sys.version.split()[0]}\n{body}"


class CrashHandler(QObject):
    """Installs ``sys.excepthook`` and ``threading.excepthook``; ``uninstall()`` restores them."""

    _sig_report = Signal(object, object, object)  # crosses from worker threads

    def __init__(self, log_file: Path | None, parent_window=None, *, show_dialogs: bool = True):
        super().__init__()
        self.log_file = log_file
        self.parent_window = parent_window
        self.show_dialogs = show_dialogs
        self.dialog: CrashDialog | None = None
        self.message_box: QMessageBox | None = None
        self._sig_report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._old_hook = None
        self._old_thread_hook = None

    def install(self) -> None:
        self._old_hook, sys.excepthook = sys.excepthook, self.handle
        self._old_thread_hook, threading.excepthook = threading.excepthook, self._thread_hook

    def uninstall(self) -> None:
        if self._old_hook is not None:
            sys.excepthook = self._old_hook
            threading.excepthook = self._old_thread_hook
            self._old_hook = self._old_thread_hook = None

    def _thread_hook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QGuiApplication.quit()
            return
        if isinstance(exc, JobDeskError):
            log.warning("%s", exc)
        else:
            log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        if threading.current_thread() is threading.main_thread():
            self._show(exc_type, exc, tb)
        else:
            self._sig_report.emit(exc_type, exc, tb)

    def _show(self, exc_type, exc, tb) -> None:
        if isinstance(exc, JobDeskError):
            print(f"jobdesk: {exc}", file=sys.stderr)
            if self.show_dialogs:
                self.message_box = show_error(self.parent_window, str(exc))
            return
        report = format_report(exc_type, exc, tb)
        print(report, file=sys.stderr)
        if not self.show_dialogs:
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.append(report)
        else:
            self.dialog = CrashDialog(report, self.log_file, self.parent_window)
            self.dialog.destroyed.connect(self._forget_dialog)
            self.dialog.show()

    def _forget_dialog(self, *_args) -> None:
        self.dialog = None


def show_error(parent: QWidget | None, message: str) -> QMessageBox:
    """A window-modal message that does not block (``open()``, never ``exec()``)."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error_message")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
