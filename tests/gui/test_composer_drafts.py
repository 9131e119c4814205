"""Drafts are kept (autosaved to the outbox while typing, reopened where they were), and a
note copied or opened in the mail program counts as sent only after "Sent it"."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from jobdesk.domain.enums import Direction, InteractionKind, OutboxStatus
from jobdesk.domain.errors import StorageError
from jobdesk.domain.followups import ActionKind
from jobdesk.ui.composer import ComposerWindow
from tests.conftest import FIXED_NOW
from tests.gui.test_action_routing import click_proposal

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def compose_from_today(qtbot, main, kind) -> tuple[ComposerWindow, object]:
    proposal = click_proposal(qtbot, main, lambda p: p.kind == kind)
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_M, CTRL)
    composer = main.composer_window
    qtbot.waitExposed(composer)
    return composer, proposal


def test_a_draft_is_kept_when_closed_and_comes_back_when_reopened(qtbot, main,
                                                                   clocked_services):
    s = clocked_services
    composer, proposal = compose_from_today(qtbot, main, ActionKind.THANK_YOU)
    composer.body_edit.setFocus()
    composer.body_edit.moveCursor(composer.body_edit.textCursor().MoveOperation.End)
    qtbot.keyClick(composer.body_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(composer.body_edit, "PS: the dashboard demo I mentioned is attached.")
    qtbot.keyClicks(composer.subject_edit, " (and a PS)")
    body, subject = composer.body_edit.toPlainText(), composer.subject_edit.text()
    composer.close()  # no question: the draft is kept
    assert not composer.isVisible()
    rows = [r for r in s.mail.unsent() if r.application_id == proposal.application_id]
    assert [(r.status, r.subject, r.body) for r in rows] == [(OutboxStatus.DRAFT, subject,
                                                              body)]
    # the outbox lists it with its application
    qtbot.mouseClick(main.outbox.button, LEFT)
    panel = main.outbox.panel
    app = s.applications.get(proposal.application_id)
    cells = [panel.model.index(0, c).data() for c in range(panel.model.columnCount())]
    assert cells[0] == f"{app.job_title} at {app.company_name}" and cells[2] == subject
    assert "draft" in cells[4]
    panel.close()
    # Ctrl+M on the same action reopens it where it was, not a fresh note
    main.activateWindow()
    click_proposal(qtbot, main, lambda p: p.key == proposal.key)
    qtbot.keyClick(main.today_view.tree, Qt.Key.Key_M, CTRL)
    again = main.composer_window
    assert again is not composer
    assert again.body_edit.toPlainText() == body and again.subject_edit.text() == subject
    assert "Your draft" in again.status_label.text()
    assert again.outbox_id == rows[0].id
    again.close()
    assert len([r for r in s.mail.unsent()
                if r.application_id == proposal.application_id]) == 1


def test_an_untouched_composer_keeps_nothing(qtbot, main, clocked_services):
    composer, _p = compose_from_today(qtbot, main, ActionKind.THANK_YOU)
    composer.close()
    assert clocked_services.mail.unsent() == []


def test_closing_asks_only_when_the_draft_cannot_be_kept(qtbot, main, clocked_services,
                                                        monkeypatch):
    composer, _p = compose_from_today(qtbot, main, ActionKind.THANK_YOU)
    qtbot.keyClicks(composer.subject_edit, " - draft")

    def refuse(*_a, **_k):
        raise StorageError("the disk is full")

    monkeypatch.setattr(clocked_services.drafts, "save", refuse)
    composer.close()
    assert composer.isVisible()  # not closed, and it asks
    box = composer.lose_question
    assert isinstance(box, QMessageBox) and "the disk is full" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Keep it open")
    qtbot.mouseClick(keep, LEFT)
    assert composer.isVisible()
    composer.close()
    lose = next(b for b in composer.lose_question.buttons() if b.text() == "Close and lose it")
    qtbot.mouseClick(lose, LEFT)
    assert not composer.isVisible()


def test_copy_twice_then_sent_it_on_today_counts_one_check_in(qtbot, main, clocked_services):
    s = clocked_services
    view = main.today_view
    composer, proposal = compose_from_today(qtbot, main, ActionKind.CHECK_IN)
    assert composer.template_combo.currentData() in ("check_in", "second_check_in")
    if not composer.copy_button.isEnabled():  # fill a gap the demo leaves
        composer.body_edit.setPlainText(composer.body_edit.toPlainText().replace(
            "[missing: recipient_first_name]", "Sam"))
    app_id = proposal.application_id
    before = {i.id for i in s.interactions.for_application(app_id)}
    qtbot.mouseClick(composer.copy_button, LEFT)
    qtbot.mouseClick(composer.copy_button, LEFT)
    new = [i for i in s.interactions.for_application(app_id) if i.id not in before]
    assert len(new) == 1 and new[0].summary.startswith("Drafted, copied")
    assert new[0].direction == Direction.INTERNAL
    composer.close()
    # Today still proposes the same check-in: nothing was sent yet
    view.refresh()
    assert proposal.key in {p.key for p in view.model.proposals()}
    click_proposal(qtbot, main, lambda p: p.key == proposal.key)
    assert view.sent_it_button.isVisible()
    assert "counts once you press Sent it" in view.reason.text()
    qtbot.mouseClick(view.sent_it_button, LEFT)
    entries = [i for i in s.interactions.for_application(app_id) if i.id not in before]
    assert len(entries) == 1
    assert (entries[0].kind, entries[0].direction) == (InteractionKind.FOLLOW_UP,
                                                       Direction.OUTGOING)
    # the chase counts it: that check-in is handled, the next one waits a week
    qtbot.waitUntil(lambda: proposal.key not in {p.key for p in view.model.proposals()})
    later = view.engine.proposals(FIXED_NOW.date() + timedelta(days=8))
    nxt = [p for p in later if p.application_id == app_id and p.kind in (
        ActionKind.CHECK_IN, ActionKind.MOVE_ON)]
    assert nxt and nxt[0].facts[1] == proposal.facts[1] + 1
    assert s.mail.unsent() == []


def test_sent_it_from_the_outbox(qtbot, main, clocked_services):
    s = clocked_services
    composer, proposal = compose_from_today(qtbot, main, ActionKind.THANK_YOU)
    qtbot.mouseClick(composer.copy_button, LEFT)
    composer.close()
    qtbot.mouseClick(main.outbox.button, LEFT)
    panel = main.outbox.panel
    assert "copied" in panel.model.index(0, 4).data()
    assert panel.sent_it_button.isEnabled()
    qtbot.mouseClick(panel.sent_it_button, LEFT)
    assert "Logged as sent" in panel.undo_label.text()
    sent = [i for i in s.interactions.for_application(proposal.application_id)
            if i.kind == InteractionKind.THANK_YOU and i.direction == Direction.OUTGOING]
    assert sent
    qtbot.waitUntil(lambda: proposal.key not in {
        p.key for p in main.today_view.model.proposals()})


def test_snooze_and_dismiss_undo_with_ctrl_z(qtbot, main, clocked_services):
    view = main.today_view
    proposal = click_proposal(qtbot, main, lambda p: p.kind == ActionKind.CHECK_IN)
    entries = len(clocked_services.interactions.for_application(proposal.application_id))
    three_days = view.snooze_button.menu().actions()[1]
    assert three_days.text() == "For 3 days"
    three_days.trigger()  # (the menu's popup is modal; its action is what a click runs)
    assert proposal.key not in {p.key for p in view.model.proposals()}
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: proposal.key in {p.key for p in view.model.proposals()})
    assert len(clocked_services.interactions.for_application(
        proposal.application_id)) == entries
    click_proposal(qtbot, main, lambda p: p.key == proposal.key)
    qtbot.mouseClick(view.dismiss_reason, LEFT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.dismiss_reason)
    qtbot.keyClicks(view.dismiss_reason, "Handled on the phone")
    qtbot.keyClick(view.dismiss_reason, Qt.Key.Key_Return)
    assert proposal.key not in {p.key for p in view.model.proposals()}
    assert main.records.undo_action.text().startswith("&Undo Dismiss")
    main.records.undo_action.trigger()
    qtbot.waitUntil(lambda: proposal.key in {p.key for p in view.model.proposals()})
    main.records.redo_action.trigger()
    qtbot.waitUntil(lambda: proposal.key not in {p.key for p in view.model.proposals()})


def test_the_summary_banner_does_not_show_on_today(qtbot, main):
    assert main.tabs.currentWidget() is main.today_view
    main.today_notifier.notify()
    QApplication.processEvents()
    assert main.today_view.notice.isHidden()
    main.tabs.setCurrentIndex(1)
    main.today_notifier.notify()
    assert "Open Today" in main.statusBar().currentMessage()
    main.tabs.setCurrentWidget(main.today_view)
    assert main.today_view.notice.isHidden()


def test_the_reason_is_readable_on_today(qtbot, main):
    view = main.today_view
    proposal = click_proposal(qtbot, main, lambda p: p.kind == ActionKind.CHECK_IN)
    assert proposal.reason in view.reason.text().replace("&#x27;", "'")
    index = view.tree.currentIndex().siblingAtColumn(2)
    assert proposal.reason in index.data(Qt.ItemDataRole.ToolTipRole)
    assert view.tree.wordWrap()
    assert view.tree.visualRect(index).height() >= 2 * view.fontMetrics().lineSpacing()
