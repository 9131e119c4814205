"""First-run welcome: on an empty database, offer the demo data or an empty start, once,
and ask the user's name and e-mail address (optional: templates sign with the name, the From
address defaults to the address). A data folder that already has records but no name is
asked the name and address once, in a small dialog of its own.

Non-modal: the window stays usable behind it. Whether it was shown is remembered in the data
folder's settings (``welcome/shown``, ``welcome/about_you_asked``), so each data folder asks
its user once; skipping (leaving the fields empty, Esc) asks no more. The values go to the
settings service, the same as the About you page; the user is never made a contact.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk import APP_NAME
from jobdesk.domain.errors import JobDeskError
from jobdesk.services.container import Services
from jobdesk.ui.mail_settings import check_about_you
from jobdesk.ui.settings import UiSettings

SHOWN_KEY = "welcome/shown"
ABOUT_YOU_KEY = "welcome/about_you_asked"
ABOUT_YOU_HINT = ("Your notes are signed with your name; your address is the From address. "
                  "Both are optional and can be changed in Notes ▸ About you and mail "
                  "settings. You are never added as a contact.")


class AboutYouFields(QGroupBox):
    """Name and e-mail address, with the reason a bad address was refused."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__("About you", parent)
        self.services = services
        self.name_edit = QLineEdit(services.settings.get("me.name"),
                                   placeholderText="your name, to sign your notes")
        self.name_edit.setObjectName("welcome_name")
        self.email_edit = QLineEdit(services.settings.get("me.email"),
                                    placeholderText="you@example.com")
        self.email_edit.setObjectName("welcome_email")
        self.error_label = QLabel(wordWrap=True)
        self.error_label.hide()
        form = QFormLayout(self)
        form.addRow("Your name:", self.name_edit)
        form.addRow("Your e-mail address:", self.email_edit)
        form.addRow(QLabel(ABOUT_YOU_HINT, wordWrap=True))
        form.addRow(self.error_label)

    def save(self) -> bool:
        """Store what was typed (nothing typed: nothing stored). False, with the reason
        shown, when the address is not one."""
        try:
            values = check_about_you(self.name_edit.text(), self.email_edit.text())
            values = {k: v for k, v in values.items() if v}
            if values:
                self.services.settings.set_many(values)
        except JobDeskError as exc:
            self.error_label.setText(f"<b>Not saved:</b> {exc}. Correct it, or clear it to "
                                     "skip.")
            self.error_label.show()
            self.email_edit.setFocus()
            return False
        return True

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

    def __init__(self, parent: QWidget | None = None, services: Services | None = None):
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
        self.about_you = AboutYouFields(services) if services is not None else None
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if self.about_you is not None:
            layout.addWidget(self.about_you)
        layout.addLayout(buttons)

    def _choose(self, choice: str, *, skip: bool = False) -> None:
        if self._chosen:
            return
        if self.about_you is not None and not skip and not self.about_you.save():
            return  # a bad address: say why, keep the dialog and what was typed
        self._chosen = True
        self.sig_chosen.emit(choice)
        self.accept()

    def reject(self) -> None:
        # Esc or the close button: the same as "Start empty"
        if self._chosen:
            super().reject()
        else:
            self._choose("empty", skip=True)  # Esc skips the questions too


def should_welcome(services: Services, settings: UiSettings) -> bool:
    return services.is_empty() and not settings.get(SHOWN_KEY)


def show_welcome_if_new(window: QWidget, services: Services, settings: UiSettings,
                        load_demo: Callable[[], None]) -> WelcomeDialog | None:
    """Show the welcome over ``window`` when its database is empty and it was never shown;
    "Start with demo data" calls ``load_demo``. A database with records whose user was
    never asked their name gets the About you question instead."""
    if not should_welcome(services, settings):
        return ask_about_you_if_new(window, services, settings)
    dialog = WelcomeDialog(window, services)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def on_chosen(choice: str) -> None:
        settings.set(SHOWN_KEY, 1)
        settings.set(ABOUT_YOU_KEY, 1)
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


class AboutYouDialog(QDialog):
    """The About you question on its own (a data folder that has records but no name)."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("about_you_first_start")
        self.setWindowTitle(f"{APP_NAME}: about you")
        self.setModal(False)
        self.fields = AboutYouFields(services)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = self.buttons.addButton("S&kip", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tell JobDesk who you are, to sign your notes:"))
        layout.addWidget(self.fields)
        layout.addWidget(self.buttons)

    def _on_save(self) -> None:
        if self.fields.save():
            self.accept()


def ask_about_you_if_new(window: QWidget, services: Services,
                         settings: UiSettings) -> AboutYouDialog | None:
    """Ask the name and e-mail address once per data folder, when no name is set."""
    if settings.get(ABOUT_YOU_KEY) or services.settings.get("me.name"):
        return None
    dialog = AboutYouDialog(services, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def asked(*_args) -> None:
        settings.set(ABOUT_YOU_KEY, 1)
        settings.sync()

    dialog.finished.connect(asked)
    dialog.show()
    return dialog
