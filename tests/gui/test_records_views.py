"""Board drag and drop, archive/purge, log entries, detail panes, search and duplicates."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import InteractionKind, Stage
from jobdesk.ui.board import MIME_TYPE


def _drop(view, mime: QMimeData) -> None:
    """Deliver a real drag-enter/move/drop sequence to a list view's viewport."""
    target = view.viewport()
    pos = QPointF(target.rect().center())
    actions = Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(target, drop)


def test_drag_a_card_between_board_columns_then_undo(qtbot, qtmodeltester, window):
    s = window.services
    records = window.records
    records.set_view("board")
    board = records.board
    applied, interviewing = board.columns[Stage.APPLIED], board.columns[Stage.INTERVIEWING]
    qtmodeltester.check(applied)
    n_applied, n_interviewing = applied.rowCount(), interviewing.rowCount()
    card = applied.index(0)
    app_id = applied.ids()[0]
    mime = applied.mimeData([card])
    assert json.loads(bytes(mime.data(MIME_TYPE).data())) == [app_id]
    _drop(board.views[Stage.INTERVIEWING], mime)
    assert s.applications.get(app_id).stage == Stage.INTERVIEWING
    assert s.interactions.for_application(app_id)[0].summary == "Applied → Interviewing"
    assert applied.rowCount() == n_applied - 1
    assert interviewing.rowCount() == n_interviewing + 1 and interviewing.ids()[0] == app_id
    assert board.titles[Stage.INTERVIEWING].text() == f"Interviewing  ({n_interviewing + 1})"
    qtmodeltester.check(applied)
    qtmodeltester.check(interviewing)
    records.undo_action.trigger()
    assert s.applications.get(app_id).stage == Stage.APPLIED
    assert app_id in applied.ids() and app_id not in interviewing.ids()
    records.redo_action.trigger()
    assert app_id in interviewing.ids()


def test_board_follows_the_search_and_ignores_foreign_drops(qtbot, window):
    records = window.records
    records.set_view("board")
    board = records.board
    qtbot.keyClicks(board.search, "umbra")
    shown = sum(m.rowCount() for m in board.columns.values())
    assert shown == window.models[Entity.APPLICATION].visible_count() < 80
    assert window.views[Entity.APPLICATION].search.text() == "umbra"
    mime = QMimeData()
    mime.setData("text/plain", QByteArray(b"[1]"))
    before = window.services.applications.get(1).stage
    board.columns[Stage.OFFER].dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1,
                                            board.columns[Stage.OFFER].index(0).parent())
    assert window.services.applications.get(1).stage == before


def test_ctrl_l_adds_a_log_entry_to_the_selected_application(qtbot, window):
    s = window.services
    view = window.views[Entity.APPLICATION]
    view.table.selectRow(0)
    app_id = view.model.id_at(0)
    before = len(s.interactions.for_application(app_id))
    window.records.log_action.trigger()
    dialog = window.records.log_dialog
    assert dialog.isVisible() and not dialog.isModal()
    dialog.kind.set_value(InteractionKind.CALL.value)
    qtbot.keyClicks(dialog.summary, "Call with Priya about the team")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    log = s.interactions.for_application(app_id)
    assert len(log) == before + 1
    entry = next(e for e in log if e.summary == "Call with Priya about the team")
    assert entry.kind == InteractionKind.CALL
    pane_log = window.records.details.application.log.model
    assert any(r.summary == "Call with Priya about the team" for r in pane_log.rows())
    # search finds applications by their log text
    window.models[Entity.APPLICATION].set_filter("priya about the team")
    assert window.models[Entity.APPLICATION].visible_ids() == [app_id]


def test_search_matches_contact_names_and_stage_tabs_count(qtbot, window):
    s = window.services
    model = window.models[Entity.APPLICATION]
    contact = next(c for c in s.contacts.list() if c.company_id)
    model.set_filter(contact.name)
    assert model.visible_count() > 0
    assert {model.row_for_id(i).company_id for i in model.visible_ids()} >= {contact.company_id}
    model.set_filter("")
    tabs = window.records.stage_tabs
    counts = model.category_counts()
    assert tabs.tabText(0) == "All (80)"
    i = 1 + list(Stage).index(Stage.APPLIED)
    assert tabs.tabText(i) == f"Applied ({counts[Stage.APPLIED]})"
    tabs.setCurrentIndex(i)
    assert model.visible_count() == counts[Stage.APPLIED]
    app_id = model.id_at(0)
    window.records.editor.set_field(Entity.APPLICATION, app_id, "stage", "offer")
    assert model.row_of(app_id) == -1
    assert tabs.tabText(i) == f"Applied ({counts[Stage.APPLIED] - 1})"


def test_company_pane_shows_contacts_applications_and_log(qtbot, qtmodeltester, window):
    s = window.services
    company = next(c for c in s.companies.list() if s.applications.of_company(c.id))
    window.records.select(Entity.COMPANY, company.id)
    pane = window.records.details.company
    assert window.records.details.currentWidget() is pane
    assert pane.title.text() == company.name
    assert pane.contacts_model.rowCount() == len(s.contacts.of_company(company.id))
    assert pane.applications_model.rowCount() == len(s.applications.of_company(company.id))
    log = pane.log.model.rows()
    assert log and [e.occurred_at for e in log] == sorted((e.occurred_at for e in log),
                                                          reverse=True)
    qtmodeltester.check(pane.log.model)
    qtmodeltester.check(pane.applications_model)


def test_application_form_edits_show_in_the_table(qtbot, window):
    s = window.services
    app = s.applications.list()[0]
    window.records.select(Entity.APPLICATION, app.id)
    pane = window.records.details.application
    field = pane.fields["salary_range"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "90-100k")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert s.applications.get(app.id).salary_range == "90-100k"
    model = window.models[Entity.APPLICATION]
    col = next(i for i, c in enumerate(model.columns) if c.key == "salary_range")
    assert model.data(model.index(model.row_of(app.id), col)) == "90-100k"
    pane.fields["posting_url"].setFocus()
    pane.fields["posting_url"].selectAll()
    qtbot.keyClicks(pane.fields["posting_url"], "not a url")
    qtbot.keyClick(pane.fields["posting_url"], Qt.Key.Key_Return)
    assert "not a web address" in pane.error_label.text()
    assert pane.fields["posting_url"].text() == app.posting_url
    window.records.undo_action.trigger()
    assert s.applications.get(app.id).salary_range == app.salary_range
    assert field.text() == app.salary_range
    box = pane.add_section("Documents", type(pane.error_label)("drop files here"))
    assert pane.sections["Documents"] is box


def test_archive_view_restores_and_purges_after_confirmation(qtbot, qtmodeltester, window):
    s, records = window.services, window.records
    app_id = s.applications.list()[0].id
    records.editor.archive(Entity.APPLICATION, [app_id])
    records.set_view("archive")
    archive = records.archive
    qtmodeltester.check(archive.model)
    assert archive.model.row_of(app_id) >= 0
    archive.table.selectRow(archive.model.row_of(app_id))
    archive.restore_selected()
    assert s.applications.get(app_id).archived_at is None
    assert archive.model.row_of(app_id) == -1
    records.editor.archive(Entity.APPLICATION, [app_id])
    archive.table.selectRow(archive.model.row_of(app_id))
    archive.purge_selected()
    box = archive.question
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert s.applications.get(app_id) is not None
    archive.purge_selected()
    purge = next(b for b in archive.question.buttons() if b.text() == "Purge")
    purge.click()
    assert s.applications.get_many([app_id]) == []
    assert archive.model.row_of(app_id) == -1
    qtmodeltester.check(archive.model)


def test_purging_a_company_with_applications_asks_what_to_do(qtbot, window):
    s, records = window.services, window.records
    company = next(c for c in s.companies.list() if s.applications.of_company(c.id))
    app_ids = [a.id for a in s.applications.of_company(company.id)]
    records.editor.archive(Entity.COMPANY, [company.id])
    records.set_view("archive")
    archive = records.archive
    archive.show_entity(Entity.COMPANY)
    archive.table.selectRow(archive.model.row_of(company.id))
    archive.purge_selected()
    assert "still has 4 applications" in archive.question.text()
    archive.question.button(QMessageBox.StandardButton.Cancel).click()
    assert s.companies.get(company.id)
    archive.purge_selected()
    next(b for b in archive.question.buttons() if "too" in b.text()).click()
    assert s.companies.get_many([company.id]) == []
    assert s.applications.get_many(app_ids) == []
    assert all(window.models[Entity.APPLICATION].row_of(i) == -1 for i in app_ids)


def test_new_company_with_a_known_name_offers_the_existing_one(qtbot, window):
    s, records = window.services, window.records
    existing = s.companies.list()[0]
    records.new_company_action.trigger()
    dialog = records.company_dialog
    qtbot.keyClicks(dialog.name, f"  {existing.name.upper()} GmbH ")
    dialog.create_button.click()
    assert dialog.use_existing_button.isVisible()
    assert existing.name in dialog.message.text()
    count = s.companies.count()
    dialog.use_existing_button.click()
    assert s.companies.count() == count
    assert records.details.company.company_id == existing.id
    records.new_company_action.trigger()
    dialog = records.company_dialog
    qtbot.keyClicks(dialog.name, "Quasar Optics")
    dialog.create_button.click()
    assert s.companies.count() == count + 1
    assert not dialog.isVisible()
