"""Every window action acts on the selection of the page in front (Today, Board, Calendar,
the tables), never on a row still selected in a hidden tab; nothing selected says so."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Direction, InteractionKind, Stage
from jobdesk.domain.followups import ActionKind
from tests.conftest import FIXED_NOW

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def click_proposal(qtbot, window, predicate):
    """Click the first Today row whose proposal matches, as a person does."""
    view = window.today_view
    model = view.model
    window.activateWindow()  # a click into a window makes it the active one
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            index = model.index(r, 1, group)
            proposal = model.data(index, Qt.ItemDataRole.UserRole + 10)
            if predicate(proposal):
                view.tree.scrollTo(index)
                rect = view.tree.visualRect(index)
                qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton,
                                 pos=rect.center())
                assert view.selected().key == proposal.key
                qtbot.waitUntil(lambda: QApplication.focusWidget() is view.tree)
                return proposal
    raise AssertionError("no such proposal on Today")


def select_other_application(window, application_id: int) -> int:
    """Leave another row selected in the (hidden) Applications table."""
    table = window.views[Entity.APPLICATION]
    for row in range(table.model.rowCount()):
        if table.model.id_at(row) != application_id:
            window.tabs.setCurrentWidget(table)
            table.table.selectRow(row)
            return table.model.id_at(row)
    raise AssertionError


def composers():
    from jobdesk.ui.composer import ComposerWindow

    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ComposerWindow) and w.isVisible()]


def test_ctrl_m_on_today_composes_for_the_selected_action_not_the_hidden_table(
        qtbot, main, clocked_services):
    s = clocked_services
    thanks = next(p for p in main.today_view.model.proposals()
                  if p.kind == ActionKind.THANK_YOU and p.contact_id)
    other = select_other_application(main, thanks.application_id)
    qtbot.keyClick(main, Qt.Key.Key_T, CTRL)
    assert main.tabs.currentWidget() is main.today_view
    proposal = click_proposal(qtbot, main, lambda p: p.key == thanks.key)
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_M, CTRL)
    composer = main.composer_window
    assert composer.isVisible()
    app = s.applications.get(proposal.application_id)
    assert composer.context.application_id == app.id != other
    assert composer.template_combo.currentData() == "thank_you"
    person = s.contacts.get(proposal.contact_id)
    assert composer.windowTitle() == f"Thank-you to {person.name} at {app.company_name}"
    composer.close()


def test_ctrl_m_on_a_review_composes_for_that_application_with_a_fitting_template(
        qtbot, main, clocked_services):
    review = next(p for p in main.today_view.model.proposals() if p.kind == ActionKind.REVIEW)
    select_other_application(main, review.application_id)
    main.tabs.setCurrentWidget(main.today_view)
    click_proposal(qtbot, main, lambda p: p.key == review.key)
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_M, CTRL)
    composer = main.composer_window
    assert composer.context.application_id == review.application_id
    app = clocked_services.applications.get(review.application_id)
    assert app.company_name in composer.windowTitle()
    composer.close()


def test_ctrl_l_and_del_on_today_act_on_the_selected_action(qtbot, main, clocked_services):
    s = clocked_services
    review = next(p for p in main.today_view.model.proposals() if p.kind == ActionKind.REVIEW)
    select_other_application(main, review.application_id)
    main.tabs.setCurrentWidget(main.today_view)
    click_proposal(qtbot, main, lambda p: p.key == review.key)
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_L, CTRL)
    dialog = main.records.log_dialog
    assert dialog.isVisible()
    assert dialog.target["application_id"] == review.application_id
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.summary)
    qtbot.keyClicks(dialog.summary, "Called the recruiter, they are still deciding")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.error.text()
    entries = s.interactions.for_application(review.application_id)
    assert any("still deciding" in e.summary for e in entries)

    other = next(p for p in main.today_view.model.proposals()
                 if p.kind == ActionKind.REVIEW and p.application_id != review.application_id)
    click_proposal(qtbot, main, lambda p: p.key == other.key)
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_Delete)
    assert s.applications.get(other.application_id).archived_at is not None
    assert "Archived 1 application" in main.statusBar().currentMessage()
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_Z, CTRL)
    assert s.applications.get(other.application_id).archived_at is None


def test_new_event_from_today_and_the_board(qtbot, main, clocked_services):
    review = next(p for p in main.today_view.model.proposals() if p.kind == ActionKind.REVIEW)
    select_other_application(main, review.application_id)
    main.tabs.setCurrentWidget(main.today_view)
    click_proposal(qtbot, main, lambda p: p.key == review.key)
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_E, CTRL_SHIFT)
    dialog = main.calendar_pane.dialogs[-1]
    assert dialog.application.currentData() == review.application_id
    dialog.close()

    board = main.records.board
    qtbot.keyClick(main, Qt.Key.Key_5, CTRL)
    assert main.tabs.currentWidget() is board
    column = board.views[Stage.INTERVIEWING]
    index = column.model().index(0, 0)
    card_id = index.data(Qt.ItemDataRole.UserRole + 1)
    qtbot.mouseClick(column.viewport(), Qt.MouseButton.LeftButton,
                     pos=column.visualRect(index).center())
    qtbot.keyClick(column, Qt.Key.Key_E, CTRL_SHIFT)
    dialog = main.calendar_pane.dialogs[-1]
    assert dialog.application.currentData() == card_id
    dialog.close()
    qtbot.keyClick(column, Qt.Key.Key_M, CTRL)
    assert main.composer_window.context.application_id == card_id
    main.composer_window.close()


def test_nothing_selected_says_so(qtbot, main):
    main.tabs.setCurrentWidget(main.calendar_pane)
    main.calendar_pane.agenda.clearSelection()
    main.compose_action.trigger()
    assert "No application or contact selected" in main.statusBar().currentMessage()
    main.new_event_action.trigger()
    assert "No application selected" in main.statusBar().currentMessage()
    main.records.archive_action.trigger()
    assert "Nothing to archive" in main.statusBar().currentMessage()
    main.records.log_action.trigger()
    assert "Nothing to log" in main.statusBar().currentMessage()
    assert not composers()


def test_an_interview_logged_in_the_log_makes_ctrl_m_propose_the_thank_you(
        qtbot, main, clocked_services):
    s = clocked_services
    table = main.views[Entity.APPLICATION]
    app = next(a for a in s.applications.list()
               if a.stage == Stage.APPLIED and not any(
                   e.kind.value == "interview" for e in s.events.for_application(a.id))
               and not any(i.kind == InteractionKind.INTERVIEW
                           for i in s.interactions.for_application(a.id)))
    main.tabs.setCurrentWidget(table)
    table.search.setText(app.job_title)
    table.table.selectRow(table.model.row_of(app.id))
    qtbot.keyClick(table.table, Qt.Key.Key_M, CTRL)
    composer = main.composer_window
    assert composer.context.application_id == app.id
    assert composer.template_combo.currentData() != "thank_you"  # no interview yet
    composer.close()

    when = FIXED_NOW - timedelta(days=1)
    s.interactions.create(application_id=app.id, kind=InteractionKind.INTERVIEW,
                          direction=Direction.INCOMING, occurred_at=when,
                          summary="Video interview", body="the churn case study")
    qtbot.keyClick(table.table, Qt.Key.Key_M, CTRL)
    composer = main.composer_window
    assert composer.template_combo.currentData() == "thank_you"
    assert "interview_date" in composer.context.values
    from jobdesk.services.composer import long_date

    assert long_date(when.date()) in composer.body_edit.toPlainText()
    assert "the application has no interview yet" not in composer.missing_label.text()
    composer.close()


def test_attach_from_today_attaches_to_the_selected_action(qtbot, main):
    from PySide6.QtWidgets import QFileDialog

    review = next(p for p in main.today_view.model.proposals() if p.kind == ActionKind.REVIEW)
    select_other_application(main, review.application_id)
    main.tabs.setCurrentWidget(main.today_view)
    click_proposal(qtbot, main, lambda p: p.key == review.key)
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_A, CTRL_SHIFT)
    assert main.documents_panel.application_id == review.application_id
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QFileDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()
