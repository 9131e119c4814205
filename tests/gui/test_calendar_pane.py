"""The calendar pane over a real database: marks, agenda, editor, import, reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from jobdesk.domain.changes import Entity
from jobdesk.services.calendar import CalendarService, MarkKind
from jobdesk.ui.calendar_pane import CalendarPane, qdate

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
ICS = Path(__file__).resolve().parents[1] / "data" / "ics"


@pytest.fixture
def cal(services):
    services.calendar = CalendarService(services.store, services.bus, services.events,
                                        services.applications, services.contacts,
                                        clock=lambda: NOW, zone="Europe/Berlin")
    company = services.companies.create(name="Kestrel Health")
    services.app = services.applications.create(company_id=company.id,
                                                 job_title="Analytics Engineer",
                                                 stage="interviewing")
    services.person = services.contacts.create(name="Lea Novak", company_id=company.id,
                                               email="lea@kestrel.example")
    return services


@pytest.fixture
def pane(qtbot, cal, qtmodeltester):
    widget = CalendarPane(cal, pick_open_file=lambda: str(ICS / "several_events.ics"),
                          pick_save_file=lambda: "")
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    qtmodeltester.check(widget.agenda_model)
    qtmodeltester.check(widget.question_model)
    widget.detach()


def _interview(s, day: date, hour: int = 10, **extra):
    return s.events.create(application_id=s.app.id, kind="interview", title="Panel",
                           starts_at=datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN),
                           ends_at=datetime(day.year, day.month, day.day, hour + 1,
                                            tzinfo=BERLIN),
                           timezone="Europe/Berlin", **extra)


def test_marks_and_agenda_follow_create_move_and_archive(pane, cal, qtbot):
    day, other = date(2026, 3, 12), date(2026, 3, 19)
    assert pane.calendar.marks.get(day) is None
    pane.calendar.setSelectedDate(qdate(day))
    assert pane.agenda_model.rowCount() == 0
    assert pane.empty_label.isVisible()
    with qtbot.waitSignal(pane.sig_marks_changed):
        event = _interview(cal, day, interviewer_ids=[cal.person.id])
    assert pane.calendar.marks[day] == (MarkKind.INTERVIEW,)
    assert pane.agenda_model.rowCount() == 1
    model = pane.agenda_model
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[1:] == ["10:00–11:00", "Kestrel Health", "Analytics Engineer", "Interview",
                       "Panel", "Lea Novak"]
    cal.events.update(event.id, starts_at=datetime(2026, 3, 19, 15, tzinfo=BERLIN),
                      ends_at=datetime(2026, 3, 19, 16, tzinfo=BERLIN))
    assert day not in pane.calendar.marks
    assert pane.calendar.marks[other] == (MarkKind.INTERVIEW,)
    assert pane.agenda_model.rowCount() == 0
    pane.span.setCurrentIndex(1)  # the selected day's week
    pane.calendar.setSelectedDate(qdate(other))
    assert [i.time_text(BERLIN) for i in pane.agenda_model.items] == ["15:00–16:00"]
    cal.events.archive([event.id])
    assert other not in pane.calendar.marks
    assert pane.agenda_model.rowCount() == 0


def test_promised_answer_marks_the_day_and_the_follow_up(pane, cal):
    cal.applications.update(cal.app.id, response_promised_on=date(2026, 3, 13))  # Friday
    assert pane.calendar.marks[date(2026, 3, 13)] == (MarkKind.RESPONSE_DUE,)
    assert pane.calendar.marks[date(2026, 3, 16)] == (MarkKind.FOLLOW_UP,)
    pane.calendar.setSelectedDate(qdate(date(2026, 3, 16)))
    assert [i.kind for i in pane.agenda_model.items] == [MarkKind.FOLLOW_UP]


def test_several_kinds_on_one_day_and_month_switch(pane, cal):
    day = date(2026, 4, 7)
    _interview(cal, day)
    cal.events.create(application_id=cal.app.id, kind="offer_deadline",
                      starts_at=datetime(2026, 4, 7, 17, tzinfo=BERLIN), timezone="Europe/Berlin")
    assert day not in pane.calendar.marks or pane.calendar.marks[day]  # April not shown yet
    pane.calendar.setCurrentPage(2026, 4)
    assert pane.calendar.marks[day] == (MarkKind.INTERVIEW, MarkKind.OFFER_DEADLINE)
    painted = []
    paint_cell = pane.calendar.paintCell

    def counted(painter, rect, day):  # Qt calls the instance's own paintCell, if it has one
        painted.append(day)
        paint_cell(painter, rect, day)

    pane.calendar.paintCell = counted
    pane.calendar.repaint()
    assert len(painted) >= 42


def test_double_click_opens_the_application(pane, cal, qtbot):
    _interview(cal, date(2026, 3, 10))
    view = pane.agenda
    index = pane.agenda_model.index(0, 2)
    with qtbot.waitSignal(pane.sig_open_application) as blocker:
        rect = view.visualRect(index)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [cal.app.id]


def test_event_dialog_creates_on_the_selected_day_across_dst(pane, cal, qtbot):
    pane.calendar.setSelectedDate(qdate(date(2026, 3, 30)))  # first Monday of summer time
    dialog = pane.open_event_dialog(application_id=cal.app.id)
    assert dialog.isVisible()
    dialog.title.setText("Onsite")
    dialog.set_interviewers([cal.person.id])
    dialog.questions.setPlainText("Design a metrics layer\nWhy health care?")
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    event = cal.events.get(saved.args[0])
    assert event.starts_at == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # 10:00 CEST
    assert event.ends_at == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert event.interviewer_ids == (cal.person.id,)
    assert pane.calendar.marks[date(2026, 3, 30)] == (MarkKind.INTERVIEW,)
    qtbot.keyClicks(pane.question_search, "metrics")
    assert [h.question for h in pane.question_model.rows()] == ["Design a metrics layer"]


def test_event_dialog_edits_and_refuses_an_end_before_the_start(pane, cal, qtbot):
    event = _interview(cal, date(2026, 3, 27))
    dialog = pane.open_event_dialog(event_id=event.id)
    assert dialog.starts.dateTime().time().hour() == 10
    dialog.ends.setDateTime(dialog.starts.dateTime().addSecs(-3600))
    assert dialog.save() is None
    assert "ends before it starts" in dialog.error.text()
    assert dialog.isVisible()
    dialog.ends.setDateTime(dialog.starts.dateTime().addDays(3).addSecs(3600))
    dialog.starts.setDateTime(dialog.starts.dateTime().addDays(3))  # Fri -> Mon over DST
    assert dialog.save() == event.id
    moved = cal.events.get(event.id)
    assert moved.starts_at.astimezone(BERLIN).hour == 10
    assert moved.starts_at == datetime(2026, 3, 30, 8, tzinfo=UTC)


def test_import_invitation_action_and_bad_file_message(pane, cal, tmp_path):
    _interview(cal, date(2026, 3, 10))  # gives the agenda a row: its application is used
    pane.calendar.setSelectedDate(qdate(date(2026, 3, 10)))
    pane.import_button.click()
    assert "2 events added" in pane.notification.label.text()
    assert pane.selected_day() == date(2026, 3, 25)
    assert pane.agenda_model.rowCount() == 2
    message = pane.import_file(ICS / "not_a_calendar.ics", cal.app.id)
    assert "not_a_calendar.ics: is not an iCalendar" in message
    assert pane.notification.isVisible()
    assert cal.store.count(Entity.EVENT) == 3


def test_reminders_fire_once_at_the_lead_time(qtbot, cal):
    from jobdesk.ui.reminders import ReminderScheduler

    event = _interview(cal, date(2026, 3, 10), hour=11)  # 10:00 UTC
    now = [datetime(2026, 3, 10, 9, 0, tzinfo=UTC)]
    shown: list[str] = []
    scheduler = ReminderScheduler(cal, lead_minutes=30, clock=lambda: now[0], interval_ms=5,
                                  show=shown.append)
    scheduler.tray = None
    assert scheduler.check() == []  # 60 minutes ahead: not yet
    now[0] = datetime(2026, 3, 10, 9, 35, tzinfo=UTC)
    with qtbot.waitSignal(scheduler.sig_reminder) as blocker:
        scheduler.start()
    assert blocker.args[0] == event.id
    assert "Panel with Kestrel Health (Analytics Engineer) at 11:00, in 25 min" in shown[0]
    assert scheduler.check() == []  # once only
    cal.events.update(event.id, starts_at=datetime(2026, 3, 10, 10, 5, tzinfo=UTC))
    assert scheduler.check() == [event.id]  # moved: reminded again
    scheduler.timer.stop()


def test_main_window_calendar_tab_and_open_application(qtbot, window):
    assert window.tabs.tabText(window.tabs.indexOf(window.calendar_pane)) == "Calendar"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.calendar_pane
    app = window.services.applications.list()[5]
    window.calendar_pane.sig_open_application.emit(app.id)
    view = window.views[Entity.APPLICATION]
    assert window.tabs.currentWidget() is view
    assert view.selected_ids() == [app.id]
    window.new_event_action.trigger()
    dialog = window.calendar_pane.dialogs[-1]
    assert dialog.application.currentData() == app.id
    dialog.close()


def test_export_dialog_offers_all_or_upcoming_events(pane, cal, qtbot, tmp_path):
    """Broken item 8: past events can be exported; the file has a reminder per event."""
    import icalendar

    past = _interview(cal, date(2026, 2, 20))  # NOW is 2026-03-10
    coming = _interview(cal, date(2026, 3, 27))
    pane.reminder_minutes = lambda: 20
    qtbot.mouseClick(pane.export_button, Qt.MouseButton.LeftButton)
    dialog = pane.export_dialog
    assert dialog.isVisible() and dialog.upcoming.isChecked()
    target = tmp_path / "upcoming.ics"
    dialog.path.selectAll()
    qtbot.keyClicks(dialog.path, str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    uids = [str(v["UID"]) for v in icalendar.Calendar.from_ical(target.read_bytes())
            .walk("VEVENT")]
    assert uids == [coming.uid]
    assert "Exported 1 upcoming event to" in pane.notification.label.text()

    qtbot.mouseClick(pane.export_button, Qt.MouseButton.LeftButton)
    dialog = pane.export_dialog
    qtbot.mouseClick(dialog.all_events, Qt.MouseButton.LeftButton)
    dialog.path.selectAll()
    qtbot.keyClicks(dialog.path, str(target))  # exists: refused unless replacing
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "already exists" in dialog.error.text()
    assert "--force" not in dialog.error.text()
    qtbot.mouseClick(dialog.replace, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert {str(v["UID"]) for v in events} == {past.uid, coming.uid}
    assert [len(v.walk("VALARM")) for v in events] == [1, 1]
    assert {v.walk("VALARM")[0]["TRIGGER"].to_ical() for v in events} == {b"-PT20M"}
    assert {str(v["SUMMARY"]) for v in events} == {
        "Panel: Analytics Engineer at Kestrel Health"}


def test_an_interview_logged_in_the_log_shows_as_an_interview(pane, cal, qtbot):
    """One notion of an interview: a log entry of kind interview is on the calendar too."""
    day = date(2026, 3, 9)
    pane.calendar.setSelectedDate(qdate(day))
    with qtbot.waitSignal(pane.sig_marks_changed):
        entry = cal.interactions.create(
            application_id=cal.app.id, kind="interview", direction="in",
            contact_id=cal.person.id, summary="Video interview",
            occurred_at=datetime(2026, 3, 9, 14, tzinfo=BERLIN))
    assert pane.calendar.marks[day] == (MarkKind.INTERVIEW,)
    (item,) = pane.agenda_model.items
    assert (item.application_id, item.event_id) == (cal.app.id, None)
    assert item.title == "Video interview (from the log)" and item.who == "Lea Novak"
    cal.interactions.create(application_id=cal.app.id, kind="call", direction="out",
                            summary="A call", occurred_at=datetime(2026, 3, 9, 16, tzinfo=BERLIN))
    assert len(pane.agenda_model.items) == 1  # other log entries are not interviews
    cal.interactions.archive([entry.id])
    assert day not in pane.calendar.marks


def test_logged_interviews_are_read_when_the_calendar_is_first_shown(qtbot, cal):
    day = date(2026, 3, 6)
    cal.interactions.create(application_id=cal.app.id, kind="interview", direction="in",
                            summary="First round", occurred_at=datetime(2026, 3, 6, 9,
                                                                        tzinfo=BERLIN))
    widget = CalendarPane(cal)
    qtbot.addWidget(widget)
    assert not widget.index.logged_loaded and widget.index.marks(day) == ()
    widget.calendar.setSelectedDate(qdate(day))
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.index.marks(day) == (MarkKind.INTERVIEW,)
    assert [i.title for i in widget.agenda_model.items] == ["First round (from the log)"]
    widget.detach()


def test_edit_and_remove_follow_the_agenda(pane, cal, qtbot):
    """Remove needs a selected event; Edit works on the selected one (else the day's first)."""
    _interview(cal, date(2026, 3, 12))
    pane.calendar.setSelectedDate(qdate(date(2026, 3, 12)))
    qtbot.waitUntil(lambda: pane.agenda_model.rowCount() > 0)
    assert pane.edit_button.isEnabled()
    assert not pane.remove_button.isEnabled()
    row = next(r for r, i in enumerate(pane.agenda_model.items) if i.event_id)
    qtbot.mouseClick(pane.agenda.viewport(), Qt.MouseButton.LeftButton,
                     pos=pane.agenda.visualRect(pane.agenda_model.index(row, 1)).center())
    assert pane.remove_button.isEnabled() and pane.edit_button.isEnabled()
    pane.calendar.setSelectedDate(qdate(date(2026, 3, 13)))  # a day with nothing on it
    qtbot.waitUntil(lambda: pane.agenda_model.rowCount() == 0)
    assert not pane.edit_button.isEnabled() and not pane.remove_button.isEnabled()
