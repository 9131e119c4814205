"""The composer window: a note from a template, filled from an application, an interview or a
contact, and three ways out (clipboard, mail program, SMTP), each logged as an outgoing
interaction. Also the template editor (live preview) and the mail settings dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.enums import InteractionKind, OutboxStatus
from jobdesk.domain.errors import JobDeskError
from jobdesk.services.composer import (
    Draft,
    NoteContext,
    Via,
    long_date,
    mailto_url,
    missing_in_text,
    render,
    template_fields,
)
from jobdesk.services.container import Services
from jobdesk.services.mail import build_message, transmit
from jobdesk.ui.mail_settings import MailSettingsDialog
from jobdesk.ui.palette import apply_tone
from jobdesk.ui.table_model import fmt_date as fmt_day
from jobdesk.ui.workers import run_task

AUTOSAVE_MS = 700  # a draft is kept this long after the last keystroke (and on close)

# tinted message boxes from the palette (jobdesk.ui.palette): readable on dark themes too
_WARN_STYLE = "warning"
_ERROR_STYLE = "error"
_OK_STYLE = "ok"


def _message_label() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _show(label: QLabel, text: str, style: str) -> None:
    apply_tone(label, style)
    label.setText(text)
    label.setVisible(bool(text))


class ComposerWindow(QWidget):
    """A non-modal window. ``open_url`` and ``clipboard_text`` can be replaced in tests."""

    sig_logged = Signal(int)  # interaction id of a note that went out
    sig_handed_over = Signal(int)  # the "drafted" log entry of a copied or opened note

    def __init__(self, services: Services, *, application_id: int | None = None,
                 event_id: int | None = None, contact_id: int | None = None,
                 template_key: str | None = None, outbox_id: int | None = None,
                 open_url: Callable[[QUrl], bool] | None = None,
                 parent: QWidget | None = None):
        """``outbox_id``: reopen that unsent note (its text as stored) to edit and send it
        again; sending reuses its outbox row."""
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.composer = services.composer
        self.open_url = open_url or QDesktopServices.openUrl
        stored: Draft | None = None
        if outbox_id is not None:
            stored = services.mail.retry_draft(outbox_id)
            application_id, contact_id = stored.application_id, stored.contact_id
            template_key = stored.template_key or template_key
        self._application_id = application_id
        self._event_id = event_id
        self._contact_id = contact_id  # chosen recipient (None: suggested)
        self.context: NoteContext | None = None
        self.task = None
        self._outbox_id: int | None = None
        self._from_outbox = outbox_id is not None  # keeps its row whatever the template
        self.drafts = services.drafts
        self._saved: tuple | None = None  # the text last kept (or rendered): nothing to save
        self._filling = False  # the window itself is writing into the fields
        self._save_error = ""  # why the draft could not be kept (closing then asks)
        self._done = False  # the note went out: nothing more to keep
        self._force_close = False
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self.setObjectName("composer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 640)

        self.about = QLabel(wordWrap=True)
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("composer_template")
        self.edit_templates_button = QPushButton("Edit templates…")
        self.recipient_combo = QComboBox()
        self.recipient_combo.setObjectName("composer_recipient")
        self.to_edit = QLineEdit(placeholderText="name@example.com")
        self.subject_edit = QLineEdit()
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("composer_body")
        self.missing_label = _message_label()
        self.missing_label.setObjectName("composer_missing")
        self.status_label = _message_label()
        self.schedule_check = QCheckBox()
        self.schedule_check.setChecked(
            bool(services.settings.get("compose.schedule_next_check_in")))
        self.progress = QProgressBar()
        self.progress.setRange(0, 4)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the text to the clipboard and log it (Ctrl+Shift+C)")
        self.mail_program_button = QPushButton("Open in mail program")
        self.mail_program_button.setToolTip("Open a new message in your mail program and log it")
        self.send_button = QPushButton("Send")
        self.send_button.setToolTip("Send by e-mail (SMTP) and log it (Ctrl+Return)")
        self.send_button.setDefault(True)
        self.sent_it_button = QPushButton("Sent it")
        self.sent_it_button.setObjectName("composer_sent_it")
        self.sent_it_button.setToolTip("You sent the copied note: log it as sent (the "
                                       "follow-up rules count it from now)")
        self.sent_it_button.hide()
        self.start_over_button = QPushButton("Start over")
        self.start_over_button.setToolTip("Replace the kept draft with the template's text")
        self.start_over_button.hide()
        self.kept_label = QLabel(objectName="composer_kept")
        self.settings_button = QPushButton("Mail settings…")

        top = QHBoxLayout()
        top.addWidget(QLabel("Template:"))
        top.addWidget(self.template_combo, 1)
        top.addWidget(self.edit_templates_button)
        form = QFormLayout()
        recipient_row = QHBoxLayout()
        recipient_row.addWidget(self.recipient_combo, 1)
        recipient_row.addWidget(self.to_edit, 1)
        form.addRow("To:", recipient_row)
        form.addRow("Subject:", self.subject_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.settings_button)
        buttons.addWidget(self.kept_label)
        buttons.addStretch(1)
        buttons.addWidget(self.start_over_button)
        buttons.addWidget(self.sent_it_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.mail_program_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.body_edit, 1)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.schedule_check)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.mail_program_button.clicked.connect(self._on_mail_program_clicked)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.sent_it_button.clicked.connect(self._on_sent_it_clicked)
        self.start_over_button.clicked.connect(self._on_start_over_clicked)
        self.settings_button.clicked.connect(self._on_settings_clicked)
        self.edit_templates_button.clicked.connect(self._on_edit_templates_clicked)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.send_button.click)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.copy_button.click)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)

        if template_key is None and outbox_id is None:
            template_key = self._suggested_template(application_id, contact_id)
        self._fill_templates(template_key)
        self.template_combo.currentIndexChanged.connect(self._on_template_changed)
        self.recipient_combo.currentIndexChanged.connect(self._on_recipient_changed)
        for edit in (self.subject_edit, self.body_edit, self.to_edit):
            edit.textChanged.connect(self._on_text_edited)
        self.refresh()
        if outbox_id is not None and stored is not None:
            self._load_stored(self.drafts.get(outbox_id))
        else:
            self._reopen_kept()

    # ---- drafts: kept as the user types, reopened where they were -------------------------
    def _text(self) -> tuple:
        return (self.to_edit.text(), self.subject_edit.text(), self.body_edit.toPlainText(),
                self.recipient_combo.currentData())

    def _reopen_kept(self) -> None:
        """A kept note of this application and template comes back instead of a fresh one."""
        row = self.drafts.find(self._application_id, self.current_template_key())
        if row is not None:
            self._load_stored(row)

    def _load_stored(self, row) -> None:
        """The kept note's own text replaces the freshly rendered one."""
        self._outbox_id = row.id
        self._filling = True
        try:
            if row.contact_id is not None:
                index = self.recipient_combo.findData(row.contact_id)
                if index >= 0:
                    self.recipient_combo.blockSignals(True)
                    self.recipient_combo.setCurrentIndex(index)
                    self.recipient_combo.blockSignals(False)
            self.to_edit.setText(row.recipient)
            self.subject_edit.setText(row.subject)
            self.body_edit.setPlainText(row.body)
        finally:
            self._filling = False
        self._saved = self._text()
        when = fmt_day(row.created_at)
        if row.status == OutboxStatus.FAILED or row.status == OutboxStatus.SENDING:
            reason = row.error
            _show(self.status_label, "This note was not sent" + (f": {reason}" if reason
                                                                  else "")
                  + ". Edit it if needed and press Send to try again.", _WARN_STYLE)
        elif row.status.handed_over:
            how = "copied" if row.status == OutboxStatus.COPIED else "opened in your mail program"
            _show(self.status_label, f"You {how} this note ({when}); it is logged as drafted, "
                                     "not as sent. Press Sent it once it went out.", _WARN_STYLE)
        else:
            _show(self.status_label, f"Your draft from {when} is back, as you left it. "
                                     "Start over replaces it with the template's text.",
                  _OK_STYLE)
            self.start_over_button.show()
        self.sent_it_button.setVisible(row.status.handed_over)
        self.kept_label.setText("Draft kept")
        self._update_missing()

    def _on_text_edited(self) -> None:
        self._update_missing()
        if not self._filling and not self._done:
            self._autosave.start()

    def save_draft(self) -> bool:
        """Keep what the window shows in the outbox (debounced while typing; at once on
        close). False when the database refused it (the reason is shown)."""
        self._autosave.stop()
        if self._done or self.context is None or self.task is not None:
            return True
        if self._text() == self._saved:
            return True
        try:
            self._outbox_id = self.drafts.save(self.draft(), self._outbox_id)
        except JobDeskError as exc:
            self._save_error = str(exc)
            _show(self.status_label, f"The draft could not be kept: {exc}. Keep the window "
                                     "open, or copy the text somewhere safe.", _ERROR_STYLE)
            return False
        self._save_error = ""
        self._saved = self._text()
        self.kept_label.setText("Draft kept")
        return True

    def _on_start_over_clicked(self) -> None:
        self.start_over_button.hide()
        self.refresh()
        self._autosave.start()  # the kept draft becomes the template's text

    def _on_sent_it_clicked(self) -> None:
        if self._outbox_id is None:
            return
        try:
            logged = self.drafts.confirm_sent(self._outbox_id,
                                              schedule_next=self._schedule_next(),
                                              draft=self.draft())
        except JobDeskError as exc:
            _show(self.status_label, str(exc), _ERROR_STYLE)
            return
        self._done = True
        self.sent_it_button.hide()
        self._report_logged("Sent", logged.follow_up_event_id)
        self.sig_logged.emit(logged.interaction_id)

    def _suggested_template(self, application_id: int | None, contact_id: int | None
                            ) -> str | None:
        """The template that fits the application (a thank-you only after an interview)."""
        try:
            if application_id is None and contact_id is not None:
                application_id = self.composer.context(contact_id=contact_id).application_id
                if application_id is None:
                    return "referral_request"
            if application_id is not None:
                return self.composer.suggest_template(application_id) or None
        except JobDeskError:
            return None
        return None

    @property
    def outbox_id(self) -> int | None:
        """The outbox row this composer sends through (after a first attempt, or reopened)."""
        return self._outbox_id

    # ---- state ----------------------------------------------------------------------------
    def current_template_key(self) -> str:
        return self.template_combo.currentData() or ""

    def current_kind(self) -> InteractionKind:
        key = self.current_template_key()
        return self.composer.template(key).kind if key else InteractionKind.EMAIL

    def _fill_templates(self, select: str | None = None) -> None:
        current = select or self.current_template_key()
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for row in self.composer.templates():
            self.template_combo.addItem(row.name, row.key)
        index = self.template_combo.findData(current) if current else 0
        self.template_combo.setCurrentIndex(max(index, 0))
        self.template_combo.blockSignals(False)

    def refresh(self) -> None:
        """Build the context from the records and render the chosen template."""
        key = self.current_template_key()
        if not key:
            return
        self._filling = True
        try:
            self._render(key)
        finally:
            self._filling = False
        self._saved = self._text()
        self._update_missing()

    def _render(self, key: str) -> None:
        template = self.composer.template(key)
        self.context = self.composer.context(
            application_id=self._application_id, event_id=self._event_id,
            contact_id=self._contact_id, kind=template.kind)
        if self._application_id is None:
            self._application_id = self.context.application_id
        self._fill_recipients()
        rendered = self.composer.render(template, self.context)
        self.to_edit.setText(self.context.recipient_email)
        self.subject_edit.setText(rendered.subject)
        self.body_edit.setPlainText(rendered.body)
        if rendered.problems:
            _show(self.missing_label, "The template has an error: "
                  + "; ".join(str(p) for p in rendered.problems)
                  + ". Fix it with Edit templates…", _ERROR_STYLE)
        values = self.context.values
        about = " at ".join(x for x in (values.get("job_title"), values.get("company")) if x)
        self.about.setText(f"<b>{template.name}</b>" + (f" — {about}" if about else ""))
        self.setWindowTitle(self.composer.title(template, self.context))
        follow_up = template.kind == InteractionKind.FOLLOW_UP and bool(self._application_id)
        self.schedule_check.setVisible(follow_up)
        self.schedule_check.setText(
            f"Schedule the next check-in for {long_date(self.composer.next_check_in_date())}")
        _show(self.status_label, "", _OK_STYLE)

    def _fill_recipients(self) -> None:
        assert self.context is not None
        people = self.composer.recipients(self.context.application_id, self.context.company_id)
        if self.context.contact_id and all(p.id != self.context.contact_id for p in people):
            people = [self.services.contacts.get(self.context.contact_id), *people]
        self.recipient_combo.blockSignals(True)
        self.recipient_combo.clear()
        self.recipient_combo.addItem("(type an address)", None)
        for person in people:
            label = person.name + (f" — {person.title}" if person.title else "")
            self.recipient_combo.addItem(label, person.id)
        index = self.recipient_combo.findData(self.context.contact_id)
        self.recipient_combo.setCurrentIndex(max(index, 0))
        self.recipient_combo.blockSignals(False)

    def draft(self) -> Draft:
        assert self.context is not None
        contact_id = self.recipient_combo.currentData()
        name = self.context.values.get("recipient_name", "") if contact_id else ""
        return Draft(recipient=self.to_edit.text().strip(), subject=self.subject_edit.text(),
                     body=self.body_edit.toPlainText(), kind=self.current_kind(),
                     template_key=self.current_template_key(),
                     application_id=self.context.application_id, contact_id=contact_id,
                     company_id=self.context.company_id, recipient_name=name)

    def missing_text(self) -> str:
        missing = missing_in_text(self.subject_edit.text(), self.body_edit.toPlainText())
        if not missing:
            return ""
        lines = "".join(f"<li>{m.message}</li>" for m in missing)
        return (f"<b>Not ready to send:</b><ul style='margin:0'>{lines}</ul>"
                "Replace each <tt>[missing: …]</tt> in the text, or fill in the record and "
                "pick the template again.")

    def _update_missing(self) -> None:
        text = self.missing_text()
        _show(self.missing_label, text, _WARN_STYLE)
        busy = self.task is not None
        ready = not text and bool(self.body_edit.toPlainText().strip()) and not busy
        self.copy_button.setEnabled(ready)
        self.mail_program_button.setEnabled(ready)
        self.send_button.setEnabled(ready and bool(self.to_edit.text().strip()))

    # ---- ways out -------------------------------------------------------------------------
    def _hand_over(self, via: str) -> bool:
        """Copy / Open in mail program: logged once per note as drafted, not as sent."""
        self._autosave.stop()
        try:
            result = self.drafts.hand_over(self.draft(), via, self._outbox_id)
        except JobDeskError as exc:
            _show(self.status_label, str(exc), _ERROR_STYLE)
            return False
        self._outbox_id = result.outbox_id
        self._saved = self._text()
        word = "Copied" if via == Via.CLIPBOARD else "Opened in your mail program"
        if result.first:
            text = (f"{word}. The log has it as drafted, not sent: once it went out, press "
                    "Sent it (here, in the outbox or on Today).")
        else:
            text = (f"{word} again. It is still one entry in the log, as drafted; press "
                    "Sent it once it went out.")
        _show(self.status_label, text, _OK_STYLE)
        self.sent_it_button.show()
        self.start_over_button.hide()
        self.sig_handed_over.emit(result.interaction_id)
        return True

    def _schedule_next(self) -> bool:
        return self.schedule_check.isVisible() and self.schedule_check.isChecked()

    def _report_logged(self, via: str, follow_up_event_id: int | None) -> None:
        text = f"{via.capitalize()} and logged as an outgoing {self.current_kind().label.lower()}."
        if follow_up_event_id:
            text += (" The next check-in is on the calendar for "
                     f"{long_date(self.composer.next_check_in_date())}.")
        _show(self.status_label, text, _OK_STYLE)

    def _on_copy_clicked(self) -> None:
        draft = self.draft()
        try:
            self.composer.check_ready(draft, need_recipient=False)
        except JobDeskError as exc:
            _show(self.status_label, str(exc), _ERROR_STYLE)
            return
        QGuiApplication.clipboard().setText(draft.body)
        self._hand_over(Via.CLIPBOARD)

    def _on_mail_program_clicked(self) -> None:
        draft = self.draft()
        try:
            draft = self.composer.check_ready(draft, need_recipient=False)
        except JobDeskError as exc:
            _show(self.status_label, str(exc), _ERROR_STYLE)
            return
        encoded = mailto_url(draft.recipient, draft.subject, draft.body).encode("ascii")
        url = QUrl.fromEncoded(encoded, QUrl.ParsingMode.StrictMode)
        if not self.open_url(url):
            _show(self.status_label, "No mail program could be opened (is one set as the "
                                     "default for e-mail links?). Copy the note instead; "
                                     "nothing was logged.", _ERROR_STYLE)
            return
        self._hand_over(Via.MAIL_PROGRAM)

    def _on_send_clicked(self) -> None:
        if self.task is not None:
            return
        mail = self.services.mail
        try:
            config = mail.config()
            self._outbox_id, draft = mail.queue(self.draft(), outbox_id=self._outbox_id)
        except JobDeskError as exc:
            _show(self.status_label, str(exc), _ERROR_STYLE)
            return
        message = build_message(draft, config)
        ssl_context = mail.ssl_context

        def work(progress):  # on a worker thread: keyring and network, no database
            password = mail.password_for(config)
            transmit(message, config, password, ssl_context=ssl_context, progress=progress)
            return draft

        self.progress.setValue(0)
        self.progress.show()
        _show(self.status_label, f"Sending to {draft.recipient} through {config.host}…",
              _OK_STYLE)
        self.task = run_task(work, on_done=self._on_send_done, on_failed=self._on_send_failed,
                             on_progress=self._on_send_progress)
        self._update_missing()

    def _on_send_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_send_done(self, draft: Draft) -> None:
        self.task = None
        self.progress.hide()
        outbox_id, self._outbox_id = self._outbox_id, None
        try:
            logged = self.services.mail.mark_sent(outbox_id, draft,
                                                  schedule_next=self._schedule_next())
        except JobDeskError as exc:
            _show(self.status_label, f"The note was sent, but logging it failed: {exc}",
                  _ERROR_STYLE)
            self._update_missing()
            return
        self._done = True
        self.sent_it_button.hide()
        self._report_logged(f"{Via.SMTP} to {draft.recipient}", logged.follow_up_event_id)
        self._update_missing()
        self.sig_logged.emit(logged.interaction_id)

    def _on_send_failed(self, error: BaseException) -> None:
        self.task = None
        self.progress.hide()
        text = str(error) if isinstance(error, JobDeskError) else (
            f"sending failed unexpectedly ({type(error).__name__}: {error})")
        if self._outbox_id is not None:
            self.services.mail.mark_failed(self._outbox_id, text)
        _show(self.status_label, f"Not sent: {text}. The draft is kept; nothing was logged. "
                                 "You can also copy it or open it in your mail program.",
              _ERROR_STYLE)
        self._update_missing()

    # ---- other handlers --------------------------------------------------------------------
    def _on_template_changed(self, _index: int) -> None:
        self.save_draft()  # the note of the template left is kept
        if not self._from_outbox:  # a new note; a failed one stays in the outbox
            self._outbox_id = None
            self._done = False
        self.sent_it_button.hide()
        self.start_over_button.hide()
        self.kept_label.clear()
        self.refresh()
        if not self._from_outbox:
            self._reopen_kept()

    def _on_recipient_changed(self, _index: int) -> None:
        self._contact_id = self.recipient_combo.currentData()
        if self._contact_id is None:
            self.to_edit.clear()
            self.to_edit.setFocus()
            return
        self.refresh()

    def _on_settings_clicked(self) -> None:
        self.settings_dialog = MailSettingsDialog(self.services, self)
        self.settings_dialog.open()

    def _on_edit_templates_clicked(self) -> None:
        dialog = TemplateEditorDialog(self.services, self.context,
                                      self.current_template_key(), self)
        dialog.sig_templates_changed.connect(self._on_templates_changed)
        dialog.open()
        self.template_editor = dialog

    def _on_templates_changed(self, key: str) -> None:
        self._fill_templates(key)
        self.refresh()

    def closeEvent(self, event) -> None:
        if self.task is not None:
            event.ignore()  # the result must come back to log it
            _show(self.status_label, "Wait until the note is sent.", _WARN_STYLE)
            return
        if not self._force_close and not self.save_draft():
            event.ignore()  # keeping it is impossible: ask before losing it
            self._ask_to_lose()
            return
        super().closeEvent(event)

    def _ask_to_lose(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Draft not kept",
                          f"This draft could not be kept: {self._save_error}.\n\nClose the "
                          "composer and lose it, or keep it open (copy the text somewhere "
                          "safe first)?", QMessageBox.StandardButton.NoButton, self)
        lose = box.addButton("Close and lose it", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep it open", QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button) -> None:
            if button is lose:
                self._force_close = True
                self.close()

        box.buttonClicked.connect(answered)
        self.lose_question = box
        box.open()


class TemplateEditorDialog(QDialog):
    """Edit, add, delete and restore templates, with a live preview against the composer's
    records."""

    sig_templates_changed = Signal(str)  # the key to select

    def __init__(self, services: Services, context: NoteContext | None, key: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.composer = services.composer
        self.context = context
        self.setWindowTitle("Note templates")
        self.resize(980, 620)
        self.template_combo = QComboBox()
        self.name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind in (InteractionKind.THANK_YOU, InteractionKind.FOLLOW_UP, InteractionKind.EMAIL):
            self.kind_combo.addItem(kind.label, kind.value)
        self.subject_edit = QLineEdit()
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("template_body")
        self.preview_subject = QLabel(wordWrap=True)
        self.preview = QPlainTextEdit(readOnly=True)
        self.preview.setObjectName("template_preview")
        self.problem_label = _message_label()
        fields = ", ".join(f"<tt>{{{{ {n} }}}}</tt>" for n, _ in template_fields())
        self.fields_label = QLabel(f"Fields: {fields}", wordWrap=True)
        self.fields_label.setToolTip("\n".join(f"{n}: {d}" for n, d in template_fields()))
        self.save_button = QPushButton("Save")
        self.new_button = QPushButton("New template")
        self.restore_button = QPushButton("Restore original")
        self.delete_button = QPushButton("Delete")

        editor = QWidget()
        form = QFormLayout(editor)
        form.addRow("Template:", self.template_combo)
        form.addRow("Name:", self.name_edit)
        form.addRow("Logged as:", self.kind_combo)
        form.addRow("Subject:", self.subject_edit)
        form.addRow(self.body_edit)
        form.addRow(self.fields_label)
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.addWidget(QLabel("<b>Preview</b> (with this note's records)"))
        preview_layout.addWidget(self.preview_subject)
        preview_layout.addWidget(self.preview, 1)
        splitter = QSplitter()
        splitter.addWidget(editor)
        splitter.addWidget(preview)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.restore_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(buttons)

        self._fill(key)
        self.template_combo.currentIndexChanged.connect(self._load)
        for edit in (self.subject_edit, self.name_edit):
            edit.textChanged.connect(self._update_preview)
        self.body_edit.textChanged.connect(self._update_preview)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self._load()

    def key(self) -> str:
        return self.template_combo.currentData() or ""

    def _fill(self, key: str) -> None:
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for row in self.composer.templates():
            mark = " (edited)" if self.composer.is_modified(row) else ""
            self.template_combo.addItem(row.name + mark, row.key)
        self.template_combo.setCurrentIndex(max(self.template_combo.findData(key), 0))
        self.template_combo.blockSignals(False)

    def _load(self, *_args) -> None:
        row = self.composer.template(self.key())
        self.name_edit.setText(row.name)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(row.kind.value), 0))
        self.subject_edit.setText(row.subject)
        self.body_edit.setPlainText(row.body)
        self.restore_button.setEnabled(row.builtin)
        self.restore_button.setToolTip("" if row.builtin else "Your own template has no original")
        self._update_preview()

    def _update_preview(self) -> None:
        values = self.context.values if self.context else {}
        result = render(self.subject_edit.text(), self.body_edit.toPlainText(), values,
                        self.composer.env)
        if result.problems:
            _show(self.problem_label, "The template has an error: "
                  + "; ".join(str(p) for p in result.problems), _ERROR_STYLE)
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        self.preview_subject.setText(f"<b>Subject:</b> {result.subject}")
        self.preview.setPlainText(result.body)
        unknown = [m for m in result.missing if not m.known]
        if unknown:
            _show(self.problem_label, "; ".join(m.message for m in unknown), _WARN_STYLE)
        elif result.missing:
            _show(self.problem_label, "These records lack: " + ", ".join(
                m.name for m in result.missing) + " (fine for a template; the composer "
                                                  "asks for them before sending).", _WARN_STYLE)
        else:
            _show(self.problem_label, "", _WARN_STYLE)

    def _run(self, action: Callable[[], str]) -> None:
        try:
            key = action()
        except JobDeskError as exc:
            _show(self.problem_label, str(exc), _ERROR_STYLE)
            return
        self._fill(key)
        self._load()
        self.sig_templates_changed.emit(key)

    def _on_save_clicked(self) -> None:
        self._run(lambda: self.composer.save_template(
            self.key(), name=self.name_edit.text(), kind=self.kind_combo.currentData(),
            subject=self.subject_edit.text(), body=self.body_edit.toPlainText()).key)

    def _on_new_clicked(self) -> None:
        self._run(lambda: self.composer.create_template(
            name="My template", kind=InteractionKind.EMAIL, subject="{{ job_title }}",
            body="Dear {{ recipient_first_name }},\n\n\n\nBest regards,\n{{ my_name }}\n").key)

    def _on_restore_clicked(self) -> None:
        self._run(lambda: self.composer.restore_original(self.key()).key)

    def _on_delete_clicked(self) -> None:
        def delete() -> str:
            self.composer.delete_template(self.key())
            rows = self.composer.templates()
            return rows[0].key if rows else ""
        self._run(delete)
