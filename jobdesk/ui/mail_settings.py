"""About you and mail settings: your name and e-mail address (templates sign with the name,
the From address defaults to the address), then the SMTP server. All of it is stored through
the settings service (``me.*``, ``smtp.*``); the password goes to the system keyring only,
written off the GUI thread (an unlock prompt can block). You are never made a contact."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.errors import JobDeskError
from jobdesk.services.container import Services
from jobdesk.services.validation import email
from jobdesk.ui.workers import run_task

ABOUT_YOU_NOTE = ("Notes you write are signed with your name, and your address is the From "
                  "address unless you set another below. You are never added as a contact.")


def check_about_you(name: str, address: str) -> dict[str, str]:
    """The About you values to store; a bad e-mail address raises ``JobDeskError`` with the
    reason, in the words the user sees."""
    address = address.strip()
    if address:
        address = email("e-mail address")(address)
    return {"me.name": name.strip(), "me.email": address}


class MailSettingsDialog(QDialog):
    """About you (name, e-mail address) before the SMTP fields, in one page."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setObjectName("about_you_dialog")
        self.setWindowTitle("About you and mail settings")
        s = services.settings
        self.name_edit = QLineEdit(s.get("me.name"), placeholderText="Alex Morgan")
        self.name_edit.setObjectName("about_you_name")
        self.email_edit = QLineEdit(s.get("me.email"), placeholderText="you@example.com")
        self.email_edit.setObjectName("about_you_email")
        about = QGroupBox("About you")
        about_form = QFormLayout(about)
        about_form.addRow("Your name:", self.name_edit)
        about_form.addRow("Your e-mail address:", self.email_edit)
        note = QLabel(ABOUT_YOU_NOTE, wordWrap=True)
        about_form.addRow(note)

        self.host_edit = QLineEdit(s.get("smtp.host"), placeholderText="smtp.example.com")
        self.port_spin = QSpinBox(minimum=1, maximum=65535, value=int(s.get("smtp.port")))
        self.security_combo = QComboBox()
        for value, label in (("starttls", "STARTTLS (usually port 587)"),
                             ("tls", "TLS (usually port 465)"),
                             ("none", "None (unencrypted)")):
            self.security_combo.addItem(label, value)
        self.security_combo.setCurrentIndex(
            max(self.security_combo.findData(s.get("smtp.security")), 0))
        self.user_edit = QLineEdit(s.get("smtp.user"))
        self.from_edit = QLineEdit(s.get("smtp.from_address"))
        self.email_edit.textChanged.connect(self._update_from_placeholder)
        self._update_from_placeholder()
        self.password_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("leave empty to keep the saved password")
        self.keyring_note = QLabel(wordWrap=True)
        if services.secrets.available():
            self.keyring_note.setText("The password is kept in the system password store "
                                      "(keyring), never in JobDesk's files.")
        else:
            self.keyring_note.setText("No system password store (keyring) is available, so "
                                      "JobDesk cannot keep an SMTP password. Use Copy or Open "
                                      "in mail program instead.")
            self.password_edit.setEnabled(False)
        mail = QGroupBox("Sending mail (SMTP)")
        form = QFormLayout(mail)
        form.addRow("SMTP server:", self.host_edit)
        form.addRow("Port:", self.port_spin)
        form.addRow("Security:", self.security_combo)
        form.addRow("User name:", self.user_edit)
        form.addRow("Password:", self.password_edit)
        form.addRow("From address:", self.from_edit)
        form.addRow(self.keyring_note)

        self.error_label = QLabel(wordWrap=True)
        self.error_label.setObjectName("about_you_error")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.task = None
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(mail)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _update_from_placeholder(self, *_args) -> None:
        address = self.email_edit.text().strip()
        self.from_edit.setPlaceholderText(
            f"{address} (your e-mail address)" if address else "you@example.com")

    def _error(self, text: str) -> None:
        self.error_label.setText(f"<b>Not saved:</b> {text}")
        self.error_label.show()

    def _on_save(self) -> None:
        values = {"smtp.host": self.host_edit.text(), "smtp.port": self.port_spin.value(),
                  "smtp.security": self.security_combo.currentData(),
                  "smtp.user": self.user_edit.text(), "smtp.from_address": self.from_edit.text()}
        try:
            values.update(check_about_you(self.name_edit.text(), self.email_edit.text()))
            if values["smtp.from_address"]:
                email("From address")(values["smtp.from_address"])
            saved = self.services.settings.set_many(values)
        except JobDeskError as exc:
            self._error(str(exc))
            return
        self.error_label.hide()
        password = self.password_edit.text()
        self.password_edit.clear()
        if not password:
            self.accept()
            return
        secrets = self.services.secrets
        host, user = saved["smtp.host"], saved["smtp.user"]
        self.buttons.setEnabled(False)
        self.task = run_task(lambda _p: secrets.set_smtp_password(host, user, password),
                             on_done=self._on_password_saved,
                             on_failed=self._on_password_failed)

    def _on_password_saved(self, _result) -> None:
        self.task = None
        self.buttons.setEnabled(True)
        self.accept()

    def _on_password_failed(self, error: BaseException) -> None:
        self.task = None
        self.buttons.setEnabled(True)
        self._error(f"the settings were saved, but not the password: {error}")
