"""The outbox: a note that did not go out (real aiosmtpd servers on 127.0.0.1, a closed port)
shows in the status bar and in the outbox list with its reason; it opens in the composer and
is sent through the same outbox row, logged once; it can be discarded and the discard undone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import EventKind, InteractionKind, OutboxStatus
from jobdesk.ui.composer import ComposerWindow
from jobdesk.ui.outbox import INTERRUPTED, OutboxPanel

LEFT = Qt.MouseButton.LeftButton


def _interview(s):
    now = s.composer.clock()
    return next(e for e in s.events.list()
                if e.kind == EventKind.INTERVIEW and e.starts_at <= now and e.interviewer_ids)


def _configure(s, port: int) -> None:
    s.settings.set_many({"smtp.host": "127.0.0.1", "smtp.port": port, "smtp.security": "none",
                         "smtp.user": "", "smtp.from_address": "alex@mail.example",
                         "smtp.timeout_seconds": 2})


def _main_window(qtbot, services, ui_settings):
    from jobdesk.ui.main_window import MainWindow

    window = MainWindow(services, ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def main(qtbot, clocked_services, ui_settings):
    return _main_window(qtbot, clocked_services, ui_settings)


def _composer(qtbot, s) -> ComposerWindow:
    window = ComposerWindow(s, event_id=_interview(s).id, template_key="thank_you")
    qtbot.addWidget(window)
    window.show()
    return window


def _send_and_fail(qtbot, composer: ComposerWindow) -> None:
    qtbot.mouseClick(composer.send_button, LEFT)
    qtbot.waitUntil(lambda: composer.task is None, timeout=10000)
    assert "Not sent" in composer.status_label.text()


def _panel(qtbot, main) -> OutboxPanel:
    qtbot.mouseClick(main.outbox.button, LEFT)
    panel = main.outbox.panel
    assert panel is not None and panel.isVisible() and not panel.isModal()
    return panel


def _cells(panel: OutboxPanel, row: int = 0) -> list[str]:
    return [panel.model.index(row, c).data() for c in range(panel.model.columnCount())]


def test_unreachable_server_then_retry_from_the_outbox_sends_once(
        qtbot, main, clocked_services, free_tcp_port, smtp_factory, memory_keyring,
        qtmodeltester):
    s = clocked_services
    _configure(s, free_tcp_port)  # nothing listens there
    assert main.outbox.button.isHidden()
    composer = _composer(qtbot, s)
    recipient, subject = composer.to_edit.text(), composer.subject_edit.text()
    interactions = s.store.count(Entity.INTERACTION)
    _send_and_fail(qtbot, composer)

    qtbot.waitUntil(lambda: main.outbox.button.isVisible())
    assert main.outbox.button.text() == "✉ 1 unsent note"
    panel = _panel(qtbot, main)
    assert panel.model.rowCount() == 1
    _application, to, subj, when, why = _cells(panel)
    assert (to, subj) == (recipient, subject) and when
    assert f"nothing answers on 127.0.0.1:{free_tcp_port} (connection refused)" in why
    assert "connection refused" in panel.reason_label.text()
    qtmodeltester.check(panel.model)
    outbox_id = panel.selected().id

    # the composer that failed still holds the note: the outbox brings it forward, no twin
    assert panel.open_selected() is composer
    composer.close()

    server = smtp_factory()
    _configure(s, server.port)
    retry = panel.open_selected()
    assert retry is not composer and retry.outbox_id == outbox_id
    assert (retry.to_edit.text(), retry.subject_edit.text()) == (recipient, subject)
    assert "connection refused" in retry.status_label.text()
    retry.body_edit.setPlainText(retry.body_edit.toPlainText() + "\nP.S. Retried.\n")
    with qtbot.waitSignal(retry.sig_logged, timeout=10000) as logged:
        qtbot.mouseClick(retry.send_button, LEFT)

    assert len(server.received.envelopes) == 1
    assert "P.S. Retried." in server.received.messages()[0].get_content()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.empty_label.isVisible() and main.outbox.button.isHidden()
    qtmodeltester.check(panel.model)
    assert s.store.count(Entity.INTERACTION) == interactions + 1  # logged once
    assert s.store.count(Entity.OUTBOX) == 1  # the same row, sent
    sent = s.mail.outbox(outbox_id)
    assert sent.status == OutboxStatus.SENT and sent.interaction_id == logged.args[0]
    assert s.interactions.get(logged.args[0]).kind == InteractionKind.THANK_YOU
    retry.close()


def test_a_refused_note_is_discarded_and_the_discard_undone(
        qtbot, main, clocked_services, smtp_factory, memory_keyring, qtmodeltester):
    s = clocked_services
    composer = _composer(qtbot, s)
    server = smtp_factory(refuse={composer.to_edit.text()})
    _configure(s, server.port)
    interactions = s.store.count(Entity.INTERACTION)
    _send_and_fail(qtbot, composer)
    composer.close()
    panel = _panel(qtbot, main)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert "the server refused the recipient" in _cells(panel)[4]
    assert "550" in _cells(panel)[4]
    outbox_id = panel.selected().id

    qtbot.mouseClick(panel.discard_button, LEFT)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert s.mail.outbox(outbox_id).status == OutboxStatus.DISCARDED
    assert s.mail.unsent() == [] and main.outbox.button.isHidden()
    assert "Discarded the note to" in panel.undo_label.text()
    assert panel.undo_button.isVisible()
    qtmodeltester.check(panel.model)

    qtbot.mouseClick(panel.undo_button, LEFT)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert s.mail.outbox(outbox_id).status == OutboxStatus.FAILED
    assert main.outbox.button.isVisible() and panel.undo_button.isHidden()
    qtmodeltester.check(panel.model)

    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)  # the keyboard way
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert s.mail.outbox(outbox_id).status == OutboxStatus.DISCARDED
    assert server.received.envelopes == []
    assert s.store.count(Entity.INTERACTION) == interactions


def test_start_up_says_once_that_notes_are_unsent(qtbot, clocked_services, ui_settings,
                                                  free_tcp_port, memory_keyring):
    s = clocked_services
    _configure(s, free_tcp_port)
    draft, _rendered = s.composer.draft(
        s.composer.template("thank_you"),
        s.composer.context(event_id=_interview(s).id, kind=InteractionKind.THANK_YOU))
    with pytest.raises(Exception, match="connection refused"):
        s.mail.send(draft)  # failed
    s.mail.queue(draft)  # left "sending" by a crash

    main = _main_window(qtbot, s, ui_settings)
    told = [m for m in main.messages if "not sent" in m]
    assert told == ["2 notes were not sent: open the outbox (in the status bar or Notes ▸ "
                    "Outbox) to send or discard them."]
    assert main.outbox.button.text() == "✉ 2 unsent notes"
    main.outbox_action.trigger()
    panel = main.outbox.panel
    reasons = [panel.model.index(r, 4).data() for r in range(panel.model.rowCount())]
    assert reasons[0] == INTERRUPTED  # newest first
    assert "connection refused" in reasons[1]
    qtbot.mouseClick(panel.discard_button, LEFT)
    qtbot.waitUntil(lambda: main.outbox.button.text() == "✉ 1 unsent note")
    assert [m for m in main.messages if "not sent" in m] == told  # said once


def test_a_note_being_sent_is_not_counted_until_it_fails(qtbot, main, clocked_services,
                                                         silent_server, memory_keyring):
    s = clocked_services
    _configure(s, silent_server)  # accepts and never answers: a 2 s timeout
    composer = _composer(qtbot, s)
    qtbot.mouseClick(composer.send_button, LEFT)
    assert composer.task is not None and s.mail.unsent()  # the row is written first
    qtbot.waitUntil(lambda: not main.outbox._refresh.pending())  # the indicator refreshed
    assert main.outbox.button.isHidden() and main.outbox.count == 0
    qtbot.waitUntil(lambda: composer.task is None, timeout=10000)
    qtbot.waitUntil(lambda: main.outbox.button.isVisible())
    assert "did not answer within 2 seconds" in s.mail.unsent()[0].error
    composer.close()
