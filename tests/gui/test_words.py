"""The words the window shows: plurals agree, fields are named by their labels, stages by
their names, and no internal name ("applied_on", "smtp.host") reaches the user."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Stage
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.text import field_label, plural
from jobdesk.ui.main_window import MainWindow


def test_plural_helper():
    assert plural(1, "company", "companies") == "1 company"
    assert plural(0, "company", "companies") == "0 companies"
    assert plural(2, "application") == "2 applications"
    assert plural(1204, "contact") == "1,204 contacts"


def test_field_labels_are_what_the_user_sees():
    assert field_label("applied_on") == "Applied date"
    assert field_label("smtp.host") == "SMTP server"
    assert field_label("company_id") == "Company"
    assert field_label("some_new_field") == "Some new field"


def test_status_bar_with_one_of_each_says_singular(qtbot, services, ui_settings):
    company = services.companies.create(name="Helix Biolabs")
    services.applications.create(company_id=company.id, job_title="Data Analyst")
    services.contacts.create(name="Ana Ruiz", company_id=company.id)
    window = MainWindow(services, ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.views[Entity.COMPANY])
    assert window.totals_label.text() == "1 application · 1 company · 1 contact"
    assert window.view_label.text() == "1 company"


def test_undo_text_names_the_field_by_its_label(qtbot, window):
    """A typed edit of the Salary cell: "Undo Change Salary", never "Edit salary range"."""
    s = window.services
    app = s.applications.list()[0]
    view = window.views[Entity.APPLICATION]
    model = view.model
    column = next(i for i, c in enumerate(model.columns) if c.edit_field == "salary_range")
    index = model.index(model.row_of(app.id), column)
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "90-100k")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.table.state() != view.table.State.EditingState)
    assert s.applications.get(app.id).salary_range == "90-100k"
    assert window.records.undo_action.text() == "&Undo Change Salary"
    # a date field reads as its label too
    window.records.editor.set_field(Entity.APPLICATION, app.id, "applied_on", date(2026, 12, 1))
    assert window.records.undo_action.text() == "&Undo Change Applied date"


def test_stage_move_undo_text_and_log_use_names(qtbot, window):
    s = window.services
    app = next(a for a in s.applications.list() if a.stage == Stage.APPLIED)
    window.records.move_stage([app.id], Stage.SCREENING.value)
    assert window.records.undo_action.text() == (
        f"&Undo Move {app.job_title} at {app.company_name} to Screening")
    assert s.interactions.for_application(app.id)[0].summary == "Applied → Screening"
    others = [a.id for a in s.applications.list() if a.stage == Stage.INTERESTED][:2]
    window.records.move_stage(others, Stage.APPLIED.value)
    assert window.records.undo_action.text() == "&Undo Move 2 applications to Applied"


def test_no_smtp_server_message_has_no_internal_name(services):
    try:
        services.mail.config()
    except ValidationError as exc:
        text = str(exc)
    assert "smtp." not in text
    assert text.startswith("No SMTP server is set; enter it in Mail settings")


def test_refused_value_message_names_the_label(services):
    company = services.companies.create(name="Helix Biolabs")
    app = services.applications.create(company_id=company.id, job_title="Data Analyst")
    try:
        services.applications.set_field(app.id, "posting_url", "not a url")
    except ValidationError as exc:
        text = str(exc)
    assert "posting_url" not in text and "osting URL" in text
    try:
        services.applications.set_field(app.id, "stage", "nonsense")
    except ValidationError as exc:
        text = str(exc)
    assert text.startswith("Unknown stage 'nonsense'")


def test_record_kinds_are_named_in_words(services):
    from jobdesk.domain.errors import NotFoundError

    try:
        services.interactions.get(999)
    except NotFoundError as exc:
        text = str(exc)
    assert text.startswith("log entry #999 does not exist") and "interaction" not in text


def test_follow_up_rules_words_agree_with_the_number_typed(qtbot, window):
    from PySide6.QtWidgets import QLabel

    window.open_followup_settings()
    dialog = window.followup_settings_dialog
    spin = dialog.spins["check_in_again_after_days"]

    def words() -> list[str]:
        return [label.text() for label in dialog.findChildren(QLabel)
                if "without an answer" in label.text()]

    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "1")
    assert words() == ["day without an answer"]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "9")
    assert words() == ["days without an answer"]
    assert all("(s)" not in label.text() for label in dialog.findChildren(QLabel))
