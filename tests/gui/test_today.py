"""Today: the follow-up engine in the window, handled end to end."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import Qt

from jobdesk.domain.enums import Direction, EventKind, InteractionKind, Stage
from jobdesk.domain.followups import ActionKind
from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.today_view import PROPOSAL_ROLE, TodayNotifier
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()



def _select(view, kind):
    for p in view.model.proposals():
        if p.kind == kind:
            assert view.select_key(p.key)
            return p
    raise AssertionError(f"no {kind} proposal")


def test_models_pass_the_model_tester(qtmodeltester, today):
    qtmodeltester.check(today.model)
    qtmodeltester.check(today.courtesy)
    _select(today, ActionKind.CHECK_IN)
    today.snooze(3)
    qtmodeltester.check(today.model)


def test_demo_data_gives_a_grouped_realistic_list_and_health(today):
    groups = [g.value for g, _items in today.model.groups]
    assert groups[0] == "overdue" and len(groups) >= 2
    kinds = {p.kind for p in today.model.proposals()}
    assert {ActionKind.CHECK_IN, ActionKind.THANK_YOU, ActionKind.REJECTION_REPLY} <= kinds
    top = today.model.index(0, 0)
    assert today.model.data(top).startswith("Overdue (")
    first = today.model.index(0, 1, top)
    assert today.model.data(first, PROPOSAL_ROLE).title == today.model.data(first)
    assert int(today.tile_values["active"].text()) > 5
    assert "Referral" in today.sources_label.text()
    assert today.courtesy.rowCount() > 10
    assert today.due_count == sum(len(i) for g, i in today.model.groups
                                  if g.value in ("overdue", "today"))


def test_snooze_dismiss_and_no_response_disappear_and_are_logged(qtbot, today,
                                                                 clocked_services):
    s = clocked_services
    snoozed = _select(today, ActionKind.CHECK_IN)
    today.snooze(7)
    assert snoozed.key not in {p.key for p in today.model.proposals()}
    dismissed = _select(today, ActionKind.REJECTION_REPLY)
    today.dismiss()  # no reason yet: refused, nothing changes
    assert "Type why" in today.messages[-1]
    assert dismissed.key in {p.key for p in today.model.proposals()}
    qtbot.keyClicks(today.dismiss_reason, "Replied by phone")
    qtbot.keyClick(today.dismiss_reason, Qt.Key.Key_Return)
    assert dismissed.key not in {p.key for p in today.model.proposals()}
    note = s.interactions.for_application(dismissed.application_id)[0]
    assert "Replied by phone" in note.summary
    chased = _select(today, ActionKind.CHECK_IN)
    qtbot.mouseClick(today.no_response_button, Qt.MouseButton.LeftButton)
    assert s.applications.get(chased.application_id).stage == Stage.NO_RESPONSE
    assert all(p.application_id != chased.application_id for p in today.model.proposals())


def test_an_edit_elsewhere_updates_today_through_the_bus(qtbot, today, clocked_services):
    s = clocked_services
    p = _select(today, ActionKind.CHECK_IN)
    s.interactions.create(application_id=p.application_id, kind=InteractionKind.EMAIL,
                          direction=Direction.INCOMING, occurred_at=FIXED_NOW,
                          summary="They answered: decision next week")
    qtbot.waitUntil(lambda: p.key not in {x.key for x in today.model.proposals()},
                    timeout=3000)


def test_check_in_end_to_end_composer_smtp_logged_and_next_scheduled(
        qtbot, clocked_services, ui_settings, smtp_factory, memory_keyring):
    s = clocked_services
    server = smtp_factory(users={"alex": "pa55word"}, security="starttls")
    s.mail.ssl_context = server.client_context()
    s.settings.set_many({"smtp.host": "127.0.0.1", "smtp.port": server.port,
                         "smtp.security": "starttls", "smtp.user": "alex",
                         "smtp.from_address": "alex@mail.example"})
    s.secrets.set_smtp_password("127.0.0.1", "alex", "pa55word")
    window = MainWindow(s, ui_settings)
    qtbot.addWidget(window)
    window.show()
    view = window.today_view
    assert window.tabs.currentWidget() is view
    view.today = lambda: TODAY
    view.engine.tz = UTC
    view.refresh()
    proposal = _select(view, ActionKind.CHECK_IN)
    app_id = proposal.application_id
    events_before = {e.id for e in s.events.for_application(app_id)}
    qtbot.mouseClick(view.compose_button, Qt.MouseButton.LeftButton)
    composer = window.composer_window
    assert composer.template_combo.currentData() == "check_in"
    if not composer.to_edit.text():
        composer.to_edit.setText("recruiter@company.example")
    assert composer.schedule_check.isChecked()
    with qtbot.waitSignal(composer.sig_logged, timeout=15000) as logged:
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    # the mail went out through the real server, and it is in the log
    assert len(server.received.envelopes) == 1
    entry = s.interactions.get(logged.args[0])
    assert (entry.kind, entry.direction) == (InteractionKind.FOLLOW_UP, Direction.OUTGOING)
    assert entry.application_id == app_id
    # the next check-in is on the calendar about a week later
    new_events = [e for e in s.events.for_application(app_id) if e.id not in events_before]
    assert [e.kind for e in new_events] == [EventKind.FOLLOW_UP]
    assert new_events[0].starts_at.date() >= TODAY + timedelta(days=5)
    # and the action is gone from Today (the engine now waits a week for the answer)
    qtbot.waitUntil(lambda: proposal.key not in {p.key for p in view.model.proposals()},
                    timeout=3000)
    composer.close()


def test_notifier_summarises_once_a_day_and_stays_quiet_when_nothing_is_due(qtbot, today):
    shown = []
    moment = [datetime(2026, 3, 10, 8, 0)]
    notifier = TodayNotifier(today, at=time(9, 0), show=lambda t, m: shown.append(m),
                             now=lambda: moment[0])
    assert notifier.check() is False  # before 9:00
    moment[0] = datetime(2026, 3, 10, 9, 1)
    assert notifier.check() is True
    assert "overdue" in shown[0]
    assert notifier.check() is False  # once a day
    for p in list(today.model.proposals()):
        today.engine.dismiss(p, "handled elsewhere")
    today.refresh()
    moment[0] = datetime(2026, 3, 11, 9, 5)
    assert notifier.check() is False
    assert len(shown) == 1
    assert today.empty.isVisible() and "Nothing due" in today.empty.text()


def test_hidden_today_waits_for_a_slow_refresh_until_shown(qtbot, today, clocked_services):
    """Behind another tab, a refresh that takes long (100,000 applications) waits until Today
    is shown or its summary is needed; a fast one still keeps the tab's count current."""
    s = clocked_services
    target = next(p for p in today.model.proposals() if p.kind == ActionKind.REVIEW)
    today.hide()
    today.refresh_ms = 400.0  # as measured at 100,000 applications
    s.interactions.create(application_id=target.application_id, kind=InteractionKind.CALL,
                          direction=Direction.OUTGOING, occurred_at=datetime.combine(
                              TODAY, time(9), UTC), summary="Called")
    qtbot.wait(300)
    assert today.stale and target.key in {p.key for p in today.model.proposals()}
    today.show()
    qtbot.waitUntil(lambda: target.key not in {p.key for p in today.model.proposals()})
    assert not today.stale and today.refresh_ms < 400.0

    other = next(p for p in today.model.proposals() if p.kind == ActionKind.REVIEW)
    today.hide()  # a fast refresh (the demo's ~80 applications) still runs behind other tabs
    s.interactions.create(application_id=other.application_id, kind=InteractionKind.CALL,
                          direction=Direction.OUTGOING, occurred_at=datetime.combine(
                              TODAY, time(10), UTC), summary="Called")
    qtbot.waitUntil(lambda: other.key not in {p.key for p in today.model.proposals()})
    assert not today.stale


def test_the_summary_refreshes_a_waiting_today_first(qtbot, today, clocked_services):
    target = next(p for p in today.model.proposals() if p.kind == ActionKind.REVIEW)
    today.hide()
    today.refresh_ms = 400.0
    before = today.due_summary()
    clocked_services.interactions.create(
        application_id=target.application_id, kind=InteractionKind.CALL,
        direction=Direction.OUTGOING, occurred_at=datetime.combine(TODAY, time(9), UTC),
        summary="Called")
    shown = []
    notifier = TodayNotifier(today, at=time(9), show=lambda *a: shown.append(a),
                             now=lambda: datetime.combine(TODAY, time(9, 30)))
    assert notifier.notify()
    assert not today.stale and today.due_summary() != before
    assert shown and today.due_summary().capitalize() in shown[0][1]
