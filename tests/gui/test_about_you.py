"""About you: first start asks the user's name and e-mail address once (skippable), the About
you page edits them with the mail settings, and notes are signed with the name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox

from jobdesk.domain.changes import Entity
from jobdesk.ui.composer import ComposerWindow
from jobdesk.ui.mail_settings import MailSettingsDialog
from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.settings import UiSettings
from jobdesk.ui.welcome import (
    ABOUT_YOU_KEY,
    AboutYouDialog,
    WelcomeDialog,
    show_welcome_if_new,
)


def make_window(qtbot, services, data_dir):
    settings = UiSettings.in_dir(data_dir)
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, settings


def compose_withdrawal(qtbot, services) -> ComposerWindow:
    company = services.companies.create(name="Wayfarer Maps", location="Zürich")
    contact = services.contacts.create(name="Lea Novak", company_id=company.id,
                                       email="lea@wayfarer.example")
    app = services.applications.create(company_id=company.id, job_title="Data Engineer",
                                       stage="applied")
    composer = ComposerWindow(services, application_id=app.id, contact_id=contact.id,
                              template_key="withdraw")
    qtbot.addWidget(composer)
    composer.show()
    return composer


def test_first_start_asks_name_and_email_and_notes_are_signed_with_the_name(
        qtbot, services, data_dir):
    window, settings = make_window(qtbot, services, data_dir)
    dialog = show_welcome_if_new(window, services, settings, window.load_demo)
    assert isinstance(dialog, WelcomeDialog) and dialog.about_you is not None
    qtbot.keyClicks(dialog.about_you.name_edit, "Sam Rivera")
    qtbot.keyClicks(dialog.about_you.email_edit, "sam@example.org")
    with qtbot.waitSignal(dialog.sig_chosen):
        qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert services.settings.get("me.name") == "Sam Rivera"
    assert services.settings.get("me.email") == "sam@example.org"
    assert services.is_empty()  # the user is not a contact (nor anything else)
    assert settings.get(ABOUT_YOU_KEY) == 1

    composer = compose_withdrawal(qtbot, services)
    body = composer.body_edit.toPlainText()
    assert body.rstrip().endswith("Sam Rivera") and "[missing: my_name]" not in body
    # never made a contact: the only contact is the one added above
    assert [c.name for c in services.contacts.list()] == ["Lea Novak"]


def test_a_bad_address_in_the_welcome_is_refused_with_the_reason_and_kept(qtbot, services,
                                                                         data_dir):
    window, settings = make_window(qtbot, services, data_dir)
    dialog = show_welcome_if_new(window, services, settings, window.load_demo)
    qtbot.keyClicks(dialog.about_you.name_edit, "Sam Rivera")
    qtbot.keyClicks(dialog.about_you.email_edit, "sam at example")
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "not an e-mail address" in dialog.about_you.error_label.text()
    assert dialog.about_you.email_edit.text() == "sam at example"  # nothing lost
    assert services.settings.get("me.name") == ""  # nothing half-saved
    dialog.about_you.email_edit.clear()
    with qtbot.waitSignal(dialog.sig_chosen):
        qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert services.settings.get("me.name") == "Sam Rivera"


def test_skipping_asks_no_more(qtbot, services, data_dir):
    window, settings = make_window(qtbot, services, data_dir)
    dialog = show_welcome_if_new(window, services, settings, window.load_demo)
    qtbot.keyClicks(dialog.about_you.name_edit, "Half typed")
    with qtbot.waitSignal(dialog.sig_chosen):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # skip
    assert services.settings.get("me.name") == ""
    assert show_welcome_if_new(window, services, settings, window.load_demo) is None
    # not even once the database has records
    services.companies.create(name="Acme")
    assert show_welcome_if_new(window, services, UiSettings.in_dir(data_dir),
                               window.load_demo) is None


def test_a_folder_with_records_and_no_name_is_asked_once(qtbot, services, data_dir):
    services.companies.create(name="Acme")
    window, settings = make_window(qtbot, services, data_dir)
    dialog = show_welcome_if_new(window, services, settings, window.load_demo)
    assert isinstance(dialog, AboutYouDialog)
    qtbot.keyClicks(dialog.fields.name_edit, "Robin Okafor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert services.settings.get("me.name") == "Robin Okafor"
    assert show_welcome_if_new(window, services, settings, window.load_demo) is None


def test_skip_in_the_about_you_question(qtbot, services, data_dir):
    services.companies.create(name="Acme")
    window, settings = make_window(qtbot, services, data_dir)
    dialog = show_welcome_if_new(window, services, settings, window.load_demo)
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and services.settings.get("me.name") == ""
    assert show_welcome_if_new(window, services, UiSettings.in_dir(data_dir),
                               window.load_demo) is None


def test_about_you_page_edits_name_and_address_and_the_from_address_follows(
        qtbot, services, data_dir, memory_keyring):
    window, _settings = make_window(qtbot, services, data_dir)
    window.about_you_action.trigger()
    dialog = window.about_you_dialog
    assert isinstance(dialog, MailSettingsDialog) and dialog.isVisible()
    titles = [b.title() for b in dialog.findChildren(QGroupBox)]
    assert titles[:2] == ["About you", "Sending mail (SMTP)"]
    qtbot.keyClicks(dialog.name_edit, "Sam Rivera")
    qtbot.keyClicks(dialog.email_edit, "sam@example.org")
    assert "sam@example.org" in dialog.from_edit.placeholderText()
    qtbot.keyClicks(dialog.host_edit, "smtp.example.org")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                         Qt.MouseButton.LeftButton)
    s = services.settings
    assert (s.get("me.name"), s.get("me.email")) == ("Sam Rivera", "sam@example.org")
    assert services.mail.config().from_address == "sam@example.org"  # From defaults to it
    assert services.mail.config().from_name == "Sam Rivera"
    composer = compose_withdrawal(qtbot, services)
    assert composer.body_edit.toPlainText().rstrip().endswith("Sam Rivera")
    assert window.models[Entity.CONTACT].total_count() == 1  # Lea only, never the user


def test_composer_still_imports_the_settings_dialog():
    from jobdesk.ui import composer

    assert composer.MailSettingsDialog is MailSettingsDialog
