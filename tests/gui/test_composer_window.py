"""The composer window over the demo database: filled from the records, the missing-field
message before anything leaves, the three ways out (clipboard, mail program, SMTP on a worker
thread to a real aiosmtpd server), the template editor and the mail settings dialog."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Direction, EventKind, InteractionKind, Stage
from jobdesk.ui.composer import ComposerWindow, MailSettingsDialog, TemplateEditorDialog


def _interview(s):
    now = s.composer.clock()
    return next(e for e in s.events.list()
                if e.kind == EventKind.INTERVIEW and e.starts_at <= now and e.interviewer_ids)


@pytest.fixture
def thank_you(qtbot, clocked_services):
    s = clocked_services
    window = ComposerWindow(s, event_id=_interview(s).id, template_key="thank_you")
    qtbot.addWidget(window)
    window.show()
    return window


def test_opened_from_an_interview_it_fills_recipient_subject_and_body(thank_you,
                                                                      clocked_services):
    s = clocked_services
    event = _interview(s)
    interviewer = s.contacts.get(event.interviewer_ids[0])
    app = s.applications.get(event.application_id)
    assert thank_you.to_edit.text() == interviewer.email
    assert thank_you.recipient_combo.currentData() == interviewer.id
    assert app.job_title in thank_you.subject_edit.text()
    assert thank_you.body_edit.toPlainText().startswith(f"Dear {interviewer.name.split()[0]},")
    assert thank_you.missing_label.isHidden()
    assert thank_you.send_button.isEnabled() and thank_you.copy_button.isEnabled()
    assert thank_you.schedule_check.isHidden()  # only check-ins schedule the next one


def test_copy_twice_logs_one_drafted_entry_until_sent_it(qtbot, thank_you, clocked_services):
    s = clocked_services
    app_id = thank_you.context.application_id
    before = {i.id for i in s.interactions.for_application(app_id)}
    with qtbot.waitSignal(thank_you.sig_handed_over) as first:
        qtbot.mouseClick(thank_you.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == thank_you.body_edit.toPlainText()
    with qtbot.waitSignal(thank_you.sig_handed_over) as second:
        qtbot.mouseClick(thank_you.copy_button, Qt.MouseButton.LeftButton)
    assert first.args == second.args
    new = [i for i in s.interactions.for_application(app_id) if i.id not in before]
    assert len(new) == 1
    row = new[0]
    assert (row.kind, row.direction) == (InteractionKind.NOTE, Direction.INTERNAL)
    assert row.summary.startswith("Drafted, copied: ")
    assert "Sent it" in thank_you.status_label.text() and thank_you.sent_it_button.isVisible()
    with qtbot.waitSignal(thank_you.sig_logged) as logged:
        qtbot.mouseClick(thank_you.sent_it_button, Qt.MouseButton.LeftButton)
    assert logged.args[0] == row.id  # the drafted entry became the sent note: still one
    row = s.interactions.get(row.id)
    assert (row.kind, row.direction) == (InteractionKind.THANK_YOU, Direction.OUTGOING)
    assert "Via: copied to the clipboard, confirmed sent" in row.body
    assert "logged as an outgoing thank you" in thank_you.status_label.text()
    assert len([i for i in s.interactions.for_application(app_id) if i.id not in before]) == 1


def test_open_in_mail_program_passes_an_encoded_mailto_and_logs_it(qtbot, clocked_services):
    s = clocked_services
    opened = []
    window = ComposerWindow(s, event_id=_interview(s).id, template_key="thank_you",
                            open_url=lambda url: opened.append(url) or True)
    qtbot.addWidget(window)
    window.body_edit.setPlainText(window.body_edit.toPlainText() + "\nGrüße & 100% ✓\n")
    with qtbot.waitSignal(window.sig_handed_over) as drafted:
        qtbot.mouseClick(window.mail_program_button, Qt.MouseButton.LeftButton)
    entry = s.interactions.get(drafted.args[0])
    assert entry.summary.startswith("Drafted, opened in mail program: ")
    url = opened[0]
    assert url.isValid() and url.scheme() == "mailto"
    parts = urlsplit(bytes(url.toEncoded()).decode("ascii"))
    assert parts.path == window.to_edit.text()
    body = parse_qs(parts.query)["body"][0]
    assert body == window.body_edit.toPlainText().replace("\n", "\r\n")


def test_a_failing_mail_program_logs_nothing(qtbot, clocked_services):
    s = clocked_services
    window = ComposerWindow(s, event_id=_interview(s).id, template_key="thank_you",
                            open_url=lambda url: False)
    qtbot.addWidget(window)
    before = s.store.count(Entity.INTERACTION)
    qtbot.mouseClick(window.mail_program_button, Qt.MouseButton.LeftButton)
    assert "No mail program" in window.status_label.text()
    assert s.store.count(Entity.INTERACTION) == before


def test_missing_fields_are_shown_before_sending_and_editing_them_away_enables_it(
        qtbot, clocked_services):
    s = clocked_services
    app = next(a for a in s.applications.list() if a.stage == Stage.APPLIED)
    window = ComposerWindow(s, application_id=app.id, template_key="thank_you")
    qtbot.addWidget(window)
    window.show()
    assert window.missing_label.isVisible()
    assert "the application has no interview yet" in window.missing_label.text()
    assert not window.send_button.isEnabled() and not window.copy_button.isEnabled()
    body = window.body_edit.toPlainText()
    for marker, text in (("[missing: interviewer_first_name]", "Sam"),
                         ("on [missing: interview_date]", "yesterday"),
                         ("[missing: discussed]", "the roadmap")):
        body = body.replace(marker, text)
    window.body_edit.setPlainText(body)
    assert window.missing_label.isHidden()
    assert window.send_button.isEnabled()


def test_a_check_in_offers_to_schedule_the_next_one(qtbot, clocked_services):
    s = clocked_services
    app = next(a for a in s.applications.list() if a.response_promised_on)
    window = ComposerWindow(s, application_id=app.id, template_key="check_in")
    qtbot.addWidget(window)
    window.show()
    assert window.schedule_check.isVisible() and window.schedule_check.isChecked()
    assert "Tuesday, 17 March" in window.schedule_check.text()
    window.schedule_check.setChecked(False)
    before = len(s.events.for_application(app.id))
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.sig_logged):
        qtbot.mouseClick(window.sent_it_button, Qt.MouseButton.LeftButton)
    assert len(s.events.for_application(app.id)) == before  # declined


def test_send_goes_through_smtp_off_the_gui_thread_and_logs(qtbot, thank_you, clocked_services,
                                                            smtp_factory, memory_keyring):
    s = clocked_services
    server = smtp_factory(users={"alex": "pa55word"}, security="starttls")
    s.mail.ssl_context = server.client_context()
    s.settings.set_many({"smtp.host": "127.0.0.1", "smtp.port": server.port,
                         "smtp.user": "alex", "smtp.from_address": "alex@mail.example"})
    s.secrets.set_smtp_password("127.0.0.1", "alex", "pa55word")
    with qtbot.waitSignal(thank_you.sig_logged, timeout=10000) as logged:
        qtbot.mouseClick(thank_you.send_button, Qt.MouseButton.LeftButton)
        assert thank_you.progress.isVisible() and not thank_you.send_button.isEnabled()
    assert len(server.received.envelopes) == 1
    message = server.received.messages()[0]
    assert message["Subject"] == thank_you.subject_edit.text()
    assert "Sent by e-mail to" in thank_you.status_label.text()
    assert "Via: sent by e-mail" in s.interactions.get(logged.args[0]).body
    assert thank_you.progress.isHidden() and s.mail.unsent() == []


def test_a_failed_send_keeps_the_draft_and_says_why(qtbot, thank_you, clocked_services,
                                                    smtp_factory, memory_keyring):
    s = clocked_services
    server = smtp_factory(users={"alex": "right"}, security="starttls")
    s.mail.ssl_context = server.client_context()
    s.settings.set_many({"smtp.host": "127.0.0.1", "smtp.port": server.port,
                         "smtp.user": "alex", "smtp.from_address": "alex@mail.example"})
    s.secrets.set_smtp_password("127.0.0.1", "alex", "wrong")
    before = s.store.count(Entity.INTERACTION)
    body = thank_you.body_edit.toPlainText()
    qtbot.mouseClick(thank_you.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: thank_you.task is None, timeout=10000)
    assert "Not sent" in thank_you.status_label.text()
    assert "user name or password" in thank_you.status_label.text()
    assert thank_you.body_edit.toPlainText() == body and thank_you.send_button.isEnabled()
    assert s.store.count(Entity.INTERACTION) == before
    assert [r.status.value for r in s.mail.unsent()] == ["failed"]


def test_send_without_settings_says_what_to_do(qtbot, thank_you, clocked_services):
    qtbot.mouseClick(thank_you.send_button, Qt.MouseButton.LeftButton)
    assert "No SMTP server is set" in thank_you.status_label.text()
    assert clocked_services.store.count(Entity.OUTBOX) == 0


def test_template_editor_previews_live_and_reports_syntax_errors(qtbot, thank_you):
    qtbot.mouseClick(thank_you.edit_templates_button, Qt.MouseButton.LeftButton)
    editor = thank_you.template_editor
    assert isinstance(editor, TemplateEditorDialog) and editor.isVisible()
    assert editor.preview.toPlainText() == thank_you.body_edit.toPlainText()
    editor.body_edit.setPlainText("Hello {{ company }}!\n{% if job_title %}\n")
    assert "line 2" in editor.problem_label.text() and not editor.save_button.isEnabled()
    editor.body_edit.setPlainText("Hello {{ company }}, from {{ my_name }}.\n")
    company = thank_you.context.values["company"]
    assert editor.preview.toPlainText() == f"Hello {company}, from Alex Morgan.\n"
    with qtbot.waitSignal(editor.sig_templates_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert thank_you.body_edit.toPlainText().rstrip() == f"Hello {company}, from Alex Morgan."
    assert "(edited)" in editor.template_combo.currentText()
    with qtbot.waitSignal(editor.sig_templates_changed):
        qtbot.mouseClick(editor.restore_button, Qt.MouseButton.LeftButton)
    assert thank_you.body_edit.toPlainText().startswith("Dear ")
    with qtbot.waitSignal(editor.sig_templates_changed):
        qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    assert editor.key() == "my_my_template" and not editor.restore_button.isEnabled()


def test_mail_settings_keep_the_password_in_the_keyring_only(qtbot, clocked_services,
                                                             memory_keyring, data_dir):
    s = clocked_services
    dialog = MailSettingsDialog(s)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.host_edit.setText("smtp.mail.example")
    dialog.port_spin.setValue(465)
    dialog.security_combo.setCurrentIndex(dialog.security_combo.findData("tls"))
    dialog.user_edit.setText("alex")
    dialog.from_edit.setText("alex@mail.example")
    dialog.password_edit.setText("Very-Secret-1")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert s.settings.get("smtp.security") == "tls" and s.settings.get("smtp.port") == 465
    assert memory_keyring.store == {("JobDesk", "smtp:alex@smtp.mail.example"): "Very-Secret-1"}
    for path in data_dir.iterdir():
        assert b"Very-Secret-1" not in path.read_bytes()


def test_a_bad_from_address_is_refused_in_settings(qtbot, clocked_services, memory_keyring):
    dialog = MailSettingsDialog(clocked_services)
    qtbot.addWidget(dialog)
    dialog.from_edit.setText("alex at example")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "not an e-mail address" in dialog.error_label.text()
    assert clocked_services.settings.get("smtp.from_address") == ""


def test_ctrl_m_in_the_main_window_composes_for_the_selected_application(qtbot,
                                                                         clocked_services,
                                                                         ui_settings):
    from jobdesk.ui.main_window import MainWindow

    window = MainWindow(clocked_services, ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.views[Entity.APPLICATION]
    window.tabs.setCurrentWidget(view)
    window.compose_action.trigger()  # nothing selected yet
    assert "No application or contact selected" in window.statusBar().currentMessage()
    view.table.selectRow(0)
    assert window.compose_action.shortcut().toString() == "Ctrl+M"
    window.compose_action.trigger()
    composer = window.composer_window
    assert composer.isVisible()
    app = clocked_services.applications.get(view.model.id_at(0))
    assert app.job_title in composer.about.text() and app.company_name in composer.about.text()
    composer.close()
