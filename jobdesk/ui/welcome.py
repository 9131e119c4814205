"""First-run welcome: on an empty database, offer the demo data or an empty start, once.

Non-modal: the window stays usable behind it. Whether it was shown is remembered in the data
folder's settings (``welcome/shown``), so each data folder welcomes its user once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk import APP_NAME
from jobdesk.services.container import Services
from jobdesk.ui.settings import UiSettings

SHOWN_KEY = "welcome/shown"

WELCOME_HTML = f"""
<h2>Welcome to {APP_NAME}</h2>
<p>{APP_NAME} keeps your whole job search in one place, in your own files: the companies you
pursue, the people you talk to, every application and every interaction, with names and dates.</p>
<ul>
<li><b>Today</b> shows what to do next: the follow-ups that are due and the thank-you notes
to send.</li>
<li><b>The calendar</b> holds your interviews and the dates companies promised an answer.</li>
<li><b>Drag and drop</b> a resume, a cover letter or an invitation onto an application to keep
it with that application.</li>
</ul>
<p>Start with a realistic demo search to look around (it only loads into an empty database),
or start empty and add your first company.</p>
"""


class WelcomeDialog(QDialog):
    """Two choices; emits ``sig_chosen("demo" | "empty")`` once and closes."""

    sig_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcome_dialog")
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setModal(False)
        self._chosen = False
        text = QLabel(WELCOME_HTML)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setMinimumWidth(460)
        self.demo_button = QPushButton("Start with &demo data")
        self.demo_button.setObjectName("welcome_demo")
        self.empty_button = QPushButton("Start &empty")
        self.empty_button.setObjectName("welcome_empty")
        self.empty_button.setDefault(True)
        self.demo_button.clicked.connect(lambda: self._choose("demo"))
        self.empty_button.clicked.connect(lambda: self._choose("empty"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.empty_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(buttons)

    def _choose(self, choice: str) -> None:
        if self._chosen:
            return
        self._chosen = True
        self.sig_chosen.emit(choice)
        self.accept()

    def reject(self) -> None:
        # Esc or the close button: the same as "Start empty"
        if self._chosen:
            super().reject()
        else:
            self._choose("empty")


def should_welcome(services: Services, settings: UiSettings) -> bool:
    return services.is_empty() and not settings.get(SHOWN_KEY)


def show_welcome_if_new(window: QWidget, services: Services, settings: UiSettings,
                        load_demo: Callable[[], None]) -> WelcomeDialog | None:
    """Show the welcome over ``window`` when its database is empty and it was never shown;
    "Start with demo data" calls ``load_demo``."""
    if not should_welcome(services, settings):
        return None
    dialog = WelcomeDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def on_chosen(choice: str) -> None:
        settings.set(SHOWN_KEY, 1)
        settings.sync()
        if choice == "demo":
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                load_demo()
            finally:
                QApplication.restoreOverrideCursor()

    dialog.sig_chosen.connect(on_chosen)
    dialog.show()
    return dialog
