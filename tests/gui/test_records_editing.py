"""Editing in place through real editors, with undo/redo, checked in the views and the
database; qtmodeltester after each mutation path."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import InteractionKind, Stage
from jobdesk.ui.date_edit import DateEdit
from jobdesk.ui.delegates import EnumComboBox, NameComboBox


def _col(model, field):
    return next(i for i, c in enumerate(model.columns) if c.edit_field == field)


def _open_editor(qtbot, window, entity, record_id, field):
    view = window.views[entity]
    window.tabs.setCurrentWidget(view)
    model = view.model
    index = model.index(model.row_of(record_id), _col(model, field))
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    view.table.edit(index)
    editor = view.table.indexWidget(index)
    assert editor is not None
    return view, index, editor


def _commit(qtbot, view, editor):
    target = editor.lineEdit() if isinstance(editor, NameComboBox) else editor
    qtbot.keyClick(target, Qt.Key.Key_Return)
    # the delegate commits and closes the editor from a queued call
    qtbot.waitUntil(lambda: view.table.state() != view.table.State.EditingState)


def test_type_into_a_cell_then_undo_and_redo(qtbot, qtmodeltester, window):
    s = window.services
    app = s.applications.list()[0]
    view, index, editor = _open_editor(qtbot, window, Entity.APPLICATION, app.id, "job_title")
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Staff Data Engineer")
    _commit(qtbot, view, editor)
    assert s.applications.get(app.id).job_title == "Staff Data Engineer"
    assert view.model.data(index) == "Staff Data Engineer"
    assert window.records.details.application.fields["job_title"].text() == \
        "Staff Data Engineer"
    qtmodeltester.check(view.model)
    window.records.undo_action.trigger()
    assert s.applications.get(app.id).job_title == app.job_title
    assert view.model.data(index) == app.job_title
    qtmodeltester.check(view.model)
    window.records.redo_action.trigger()
    assert s.applications.get(app.id).job_title == "Staff Data Engineer"


def test_consecutive_edits_of_one_cell_merge_into_one_undo_step(qtbot, window):
    s, ed = window.services, window.records.editor
    app = s.applications.list()[1]
    for text in ("A", "AB", "ABC"):
        assert ed.set_field(Entity.APPLICATION, app.id, "salary_range", text)
    assert ed.undo_stack.count() == 1
    ed.undo_stack.undo()
    assert s.applications.get(app.id).salary_range == app.salary_range
    ed.undo_stack.redo()
    assert s.applications.get(app.id).salary_range == "ABC"


def test_pick_stage_from_combo_logs_the_move_and_undo_removes_it(qtbot, qtmodeltester, window):
    s = window.services
    app = next(a for a in s.applications.list() if a.stage == Stage.APPLIED)
    before = len(s.interactions.for_application(app.id))
    view, _index, editor = _open_editor(qtbot, window, Entity.APPLICATION, app.id, "stage")
    assert isinstance(editor, EnumComboBox)
    editor.setCurrentIndex(editor.findData(Stage.INTERVIEWING.value))
    _commit(qtbot, view, editor)
    assert s.applications.get(app.id).stage == Stage.INTERVIEWING
    log = s.interactions.for_application(app.id)
    assert len(log) == before + 1
    assert log[0].kind == InteractionKind.STAGE_CHANGE
    assert log[0].summary == "Applied → Interviewing"
    assert window.records.details.application.log.model.rowCount() == before + 1
    qtmodeltester.check(view.model)
    window.records.undo_action.trigger()
    assert s.applications.get(app.id).stage == Stage.APPLIED
    assert len(s.interactions.for_application(app.id)) == before
    assert window.records.details.application.log.model.rowCount() == before
    window.records.redo_action.trigger()
    assert s.applications.get(app.id).stage == Stage.INTERVIEWING
    assert len(s.interactions.for_application(app.id)) == before + 1


def test_date_editor_sets_and_clears_a_date(qtbot, window):
    s = window.services
    app = s.applications.list()[2]
    view, index, editor = _open_editor(qtbot, window, Entity.APPLICATION, app.id, "applied_on")
    assert isinstance(editor, DateEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "2026-02-03")
    _commit(qtbot, view, editor)
    assert s.applications.get(app.id).applied_on == date(2026, 2, 3)
    view, index, editor = _open_editor(qtbot, window, Entity.APPLICATION, app.id, "applied_on")
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    _commit(qtbot, view, editor)
    assert s.applications.get(app.id).applied_on is None
    assert view.model.data(index) == ""


def test_company_combo_picks_an_existing_company_or_creates_one(qtbot, window):
    s = window.services
    app = s.applications.list()[0]
    other = next(c for c in s.companies.list() if c.id != app.company_id)
    view, index, editor = _open_editor(qtbot, window, Entity.APPLICATION, app.id, "company_id")
    assert isinstance(editor, NameComboBox)
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor.lineEdit(), other.name.upper() + " inc")
    _commit(qtbot, view, editor)
    assert s.applications.get(app.id).company_id == other.id
    assert view.model.data(index) == other.name
    companies_before = s.companies.count()
    view, index, editor = _open_editor(qtbot, window, Entity.APPLICATION, app.id, "company_id")
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor.lineEdit(), "Brand New Robotics")
    _commit(qtbot, view, editor)
    assert s.companies.count() == companies_before + 1
    assert s.applications.get(app.id).company_name == "Brand New Robotics"
    assert window.models[Entity.COMPANY].total_count() == companies_before + 1


def test_invalid_url_is_refused_with_the_reason_next_to_the_cell(qtbot, window):
    s = window.services
    company = s.companies.list()[0]
    view, index, editor = _open_editor(qtbot, window, Entity.COMPANY, company.id, "website")
    editor.selectAll()
    qtbot.keyClicks(editor, "not a web address")
    _commit(qtbot, view, editor)
    assert s.companies.get(company.id).website == company.website
    assert view.model.data(index) == company.website
    bubble = window.records.bubbles[Entity.COMPANY]
    assert bubble.isVisible() and "is not a web address" in bubble.text()
    assert window.records.editor.undo_stack.count() == 0


def test_invalid_email_is_refused(qtbot, window):
    s = window.services
    contact = s.contacts.list()[0]
    view, _index, editor = _open_editor(qtbot, window, Entity.CONTACT, contact.id, "email")
    editor.selectAll()
    qtbot.keyClicks(editor, "bob@")
    _commit(qtbot, view, editor)
    assert s.contacts.get(contact.id).email == contact.email
    assert "not an e-mail address" in window.records.bubbles[Entity.CONTACT].text()


def test_storage_error_rolls_back_and_the_cell_shows_the_stored_value(qtbot, window, db):
    s = window.services
    app = s.applications.list()[0]
    db.execute_sql("CREATE TRIGGER refuse BEFORE UPDATE OF job_title ON application "
                   "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    view, index, editor = _open_editor(qtbot, window, Entity.APPLICATION, app.id, "job_title")
    editor.selectAll()
    qtbot.keyClicks(editor, "Lost Title")
    _commit(qtbot, view, editor)
    assert s.applications.get(app.id).job_title == app.job_title
    assert view.model.data(index) == app.job_title
    assert "Not saved" in window.records.bubbles[Entity.APPLICATION].text()
    assert "not saved" in window.statusBar().currentMessage().lower()


def test_edits_survive_sort_and_filter_changes_because_undo_uses_ids(qtbot, window):
    s, ed = window.services, window.records.editor
    model = window.models[Entity.APPLICATION]
    app = s.applications.list()[5]
    ed.set_field(Entity.APPLICATION, app.id, "job_title", "Zeta Role")
    model.sort(_col(model, "job_title"), Qt.SortOrder.DescendingOrder)
    model.set_filter("umbra")
    ed.undo_stack.undo()
    assert s.applications.get(app.id).job_title == app.job_title
    model.set_filter("")
    assert model.data(model.index(model.row_of(app.id), _col(model, "job_title"))) == \
        app.job_title


def test_archive_with_delete_key_and_undo(qtbot, qtmodeltester, window):
    s = window.services
    view = window.views[Entity.APPLICATION]
    model = view.model
    app_id = model.id_at(0)
    view.table.selectRow(0)
    window.records.archive_action.trigger()
    assert s.applications.get(app_id).archived_at is not None
    assert model.row_of(app_id) == -1
    qtmodeltester.check(model)
    window.records.undo_action.trigger()
    assert s.applications.get(app_id).archived_at is None
    assert model.row_of(app_id) >= 0
    qtmodeltester.check(model)


def test_new_application_shortcut_creates_and_opens_the_title_editor(qtbot, window):
    s = window.services
    before = s.applications.count()
    window.views[Entity.COMPANY].table.selectRow(0)
    window.tabs.setCurrentWidget(window.views[Entity.COMPANY])
    company_id = window.views[Entity.COMPANY].selected_ids()[0]
    window.records.new_application_action.trigger()
    assert s.applications.count() == before + 1
    view = window.views[Entity.APPLICATION]
    editor = view.table.indexWidget(view.table.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Platform Engineer")
    _commit(qtbot, view, editor)
    new = max(s.applications.list(), key=lambda a: a.id)
    assert (new.job_title, new.company_id) == ("Platform Engineer", company_id)
    window.records.undo_action.trigger()  # the title
    window.records.undo_action.trigger()  # the creation
    assert s.applications.get(new.id).archived_at is not None


def test_a_field_edit_updates_the_pane_without_reloading_its_log(qtbot, window):
    s = window.services
    app = next(a for a in s.applications.list() if s.interactions.for_application(a.id))
    window.records.select(Entity.APPLICATION, app.id)
    pane = window.records.details.application
    shown = pane.log.model.rowCount()
    assert shown > 0
    resets = []
    pane.log.model.modelReset.connect(lambda: resets.append(1))
    window.records.editor.set_field(Entity.APPLICATION, app.id, "job_title", "Renamed role")
    assert pane.fields["job_title"].text() == "Renamed role"
    assert resets == []  # the log has its own change sets
    window.records.editor.set_field(Entity.APPLICATION, app.id, "stage",
                                    Stage.INTERVIEWING.value)
    assert resets  # a stage move writes a log entry, and the log shows it
    assert pane.log.model.rowCount() == shown + 1
