"""Dates typed as people type them: into a table cell, the application pane, the event
dialog, the log entry and the holidays; checked in the views and in the database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTableView, QToolButton

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import InteractionKind, Stage
from jobdesk.ui.date_edit import DateEdit


@pytest.fixture
def german():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def american():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def _fresh(window, app_id):
    """The application as the database holds it now (a new read through the services)."""
    return window.services.applications.get(app_id)


def _col(model, field):
    return next(i for i, c in enumerate(model.columns) if c.edit_field == field)


def _focus_cell(qtbot, window, app_id, field):
    view = window.views[Entity.APPLICATION]
    window.tabs.setCurrentWidget(view)
    window.activateWindow()
    model = view.model
    index = model.index(model.row_of(app_id), _col(model, field))
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    qtbot.waitUntil(view.table.hasFocus)
    return view, index


def _type(qtbot, text):
    """Type into whatever has the keyboard focus, one key at a time, as a person does."""
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget(), ch)


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _editing(view):
    return view.table.state() == view.table.State.EditingState


def _no_date_app(window, field="applied_on"):
    return next(a for a in window.services.applications.list()
                if getattr(a, field) is None and a.stage == Stage.INTERESTED)


def _type_into_cell(qtbot, window, app_id, text, field="applied_on"):
    view, index = _focus_cell(qtbot, window, app_id, field)
    _type(qtbot, text)  # the first key opens the editor, as in a spreadsheet
    assert isinstance(QApplication.focusWidget(), DateEdit)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _editing(view))
    return view, index


def _coming(weekday: int, today: date) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7)


# ---- the table cell ------------------------------------------------------------------------
def test_iso_typed_into_an_empty_applied_cell_is_saved(qtbot, window):
    app = _no_date_app(window)
    view, index = _type_into_cell(qtbot, window, app.id, "2026-12-01")
    assert _fresh(window, app.id).applied_on == date(2026, 12, 1)
    assert view.model.data(index) == "2026-12-01"
    assert window.records.details.application.fields["applied_on"].text() == "2026-12-01"
    window.records.undo_action.trigger()
    assert _fresh(window, app.id).applied_on is None
    assert view.model.data(index) == ""


@pytest.mark.parametrize("text", ["1.12.2026", "01.12.26", "1.12.26"])
def test_the_german_short_format_is_read_day_first(qtbot, german, window, text):
    app = _no_date_app(window)
    view, index = _type_into_cell(qtbot, window, app.id, text)
    assert _fresh(window, app.id).applied_on == date(2026, 12, 1)
    assert view.model.data(index) == "2026-12-01"


@pytest.mark.parametrize("text", ["12/1/2026", "12/01/26"])
def test_the_us_short_format_is_read_month_first(qtbot, american, window, text):
    app = _no_date_app(window)
    view, index = _type_into_cell(qtbot, window, app.id, text, "response_promised_on")
    assert _fresh(window, app.id).response_promised_on == date(2026, 12, 1)
    assert view.model.data(index) == "2026-12-01"


@pytest.mark.parametrize("text", ["Freitag", "fr"])
def test_german_day_names(qtbot, german, window, text):
    app = _no_date_app(window, "response_promised_on")
    _type_into_cell(qtbot, window, app.id, text, "response_promised_on")
    assert _fresh(window, app.id).response_promised_on == _coming(4, date.today())


def test_the_locale_decides_what_3_4_means(qtbot, german, window):
    app = _no_date_app(window)
    _type_into_cell(qtbot, window, app.id, "3/4/2026")
    assert _fresh(window, app.id).applied_on == date(2026, 4, 3)


def _words():
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    return [("today", today), ("tomorrow", today + timedelta(days=1)),
            ("yesterday", today - timedelta(days=1)), ("fri", _coming(4, today)),
            ("Friday", _coming(4, today)), ("+3d", today + timedelta(days=3)),
            ("-2d", today - timedelta(days=2)), ("+1w", today + timedelta(weeks=1)),
            ("next week", monday + timedelta(weeks=1)), ("in 3 days", today + timedelta(3))]


@pytest.mark.parametrize(("text", "expected"), _words())
def test_words_typed_into_a_cell(qtbot, window, text, expected):
    app = _no_date_app(window, "response_promised_on")
    view, index = _type_into_cell(qtbot, window, app.id, text, "response_promised_on")
    assert _fresh(window, app.id).response_promised_on == expected
    assert view.model.data(index) == expected.isoformat()


def test_typing_replaces_a_date_that_is_there(qtbot, window):
    app = next(a for a in window.services.applications.list() if a.applied_on is not None)
    _type_into_cell(qtbot, window, app.id, "2026-01-05")
    assert _fresh(window, app.id).applied_on == date(2026, 1, 5)


def test_an_impossible_date_is_refused_with_the_reason_under_the_cell(qtbot, german, window):
    app = _no_date_app(window)
    view, index = _focus_cell(qtbot, window, app.id, "applied_on")
    _type(qtbot, "31.02.2026")
    editor = QApplication.focusWidget()
    _press(qtbot, Qt.Key.Key_Return)
    bubble = window.records.bubbles[Entity.APPLICATION]
    assert bubble.isVisible()
    assert bubble.text() == ("Not saved: “31.02.2026” is not a date: February has 28 days "
                             "in 2026")
    assert bubble.y() >= view.table.visualRect(index).bottom()  # under the cell
    # the editor stays open with what was typed, to be corrected
    assert _editing(view) and editor.text() == "31.02.2026"
    assert _fresh(window, app.id).applied_on is None
    assert window.records.editor.undo_stack.count() == 0
    editor.selectAll()
    _type(qtbot, "28.02.2026")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _editing(view))
    assert _fresh(window, app.id).applied_on == date(2026, 2, 28)


def test_unreadable_text_says_what_to_type_and_esc_cancels(qtbot, window):
    app = _no_date_app(window)
    view, index = _focus_cell(qtbot, window, app.id, "applied_on")
    _type(qtbot, "soon")
    _press(qtbot, Qt.Key.Key_Return)
    bubble = window.records.bubbles[Entity.APPLICATION]
    assert bubble.text().startswith("Not saved: “soon” is not a date. Type a date like "
                                    "2026-12-01, ")
    assert bubble.text().endswith("today, fri or +3d.")
    _press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _editing(view))
    assert _fresh(window, app.id).applied_on is None
    assert view.model.data(index) == ""


def test_esc_cancels_a_readable_date_too(qtbot, window):
    app = _no_date_app(window)
    view, _index = _focus_cell(qtbot, window, app.id, "applied_on")
    _type(qtbot, "2026-12-01")
    _press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _editing(view))
    assert _fresh(window, app.id).applied_on is None


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_delete_or_backspace_on_a_date_cell_clears_it_and_undo_brings_it_back(qtbot, window,
                                                                               key):
    app = next(a for a in window.services.applications.list() if a.applied_on is not None)
    view, index = _focus_cell(qtbot, window, app.id, "applied_on")
    _press(qtbot, key)
    assert not _editing(view)
    row = _fresh(window, app.id)
    assert row.applied_on is None
    assert row.archived_at is None  # Delete on a date cell clears it, it does not archive
    assert view.model.data(index) == ""
    _press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _fresh(window, app.id).applied_on == app.applied_on
    assert view.model.data(index) == app.applied_on.isoformat()


def test_delete_on_another_cell_still_archives(qtbot, window):
    app = window.services.applications.list()[0]
    _focus_cell(qtbot, window, app.id, "job_title")
    _press(qtbot, Qt.Key.Key_Delete)
    assert _fresh(window, app.id).archived_at is not None


def test_the_calendar_of_an_empty_date_opens_on_today_and_a_pick_is_saved(qtbot, window):
    app = _no_date_app(window)
    view, index = _focus_cell(qtbot, window, app.id, "applied_on")
    view.table.edit(index)  # F2, as a person would
    editor = view.table.indexWidget(index)
    assert isinstance(editor, DateEdit) and editor.text() == ""
    button = next(b for b in editor.findChildren(QToolButton)
                  if b.defaultAction() is editor.calendar_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert editor.calendar.isVisible()
    assert editor.calendar.selectedDate() == QDate.currentDate()
    calendar_view = editor.calendar.findChild(QTableView)  # its grid
    qtbot.keyClick(calendar_view, Qt.Key.Key_Right)
    qtbot.keyClick(calendar_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _editing(view))
    tomorrow = date.today() + timedelta(days=1)
    assert _fresh(window, app.id).applied_on == tomorrow
    assert view.model.data(index) == tomorrow.isoformat()


def test_the_calendar_opens_on_the_value(qtbot, window):
    app = next(a for a in window.services.applications.list() if a.applied_on is not None)
    view, index = _focus_cell(qtbot, window, app.id, "applied_on")
    view.table.edit(index)
    editor = view.table.indexWidget(index)
    _press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    d = app.applied_on
    assert editor.calendar.isVisible()
    assert editor.calendar.selectedDate() == QDate(d.year, d.month, d.day)


def test_up_and_down_step_a_day_and_page_keys_a_month(qtbot, window):
    app = _no_date_app(window)
    view, _index = _focus_cell(qtbot, window, app.id, "applied_on")
    _type(qtbot, "2026-01-31")
    for key in (Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Down):  # 02-28, 03-01, 02-28
        _press(qtbot, key)
    assert QApplication.focusWidget().text() == "2026-02-28"
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _editing(view))
    assert _fresh(window, app.id).applied_on == date(2026, 2, 28)


# ---- the application pane -----------------------------------------------------------------
def _pane_field(qtbot, window, app_id, field):
    window.records.select(Entity.APPLICATION, app_id)
    widget = window.records.details.application.fields[field]
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    widget.selectAll()
    return widget


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-01", date(2026, 12, 1)), ("1.12.2026", date(2026, 12, 1)),
    ("fri", _coming(4, date.today())), ("tomorrow", date.today() + timedelta(days=1))])
def test_dates_typed_in_the_application_pane(qtbot, german, window, text, expected):
    app = _no_date_app(window)
    field = _pane_field(qtbot, window, app.id, "applied_on")
    _type(qtbot, text)
    _press(qtbot, Qt.Key.Key_Return)
    assert _fresh(window, app.id).applied_on == expected
    assert field.text() == expected.isoformat()
    view = window.views[Entity.APPLICATION]
    cell = view.model.index(view.model.row_of(app.id), _col(view.model, "applied_on"))
    assert view.model.data(cell) == expected.isoformat()


def test_the_pane_refuses_an_impossible_date_and_keeps_the_text(qtbot, window):
    app = _no_date_app(window)
    field = _pane_field(qtbot, window, app.id, "applied_on")
    _type(qtbot, "2026-04-31")
    _press(qtbot, Qt.Key.Key_Return)
    pane = window.records.details.application
    assert pane.error_label.isVisible() or not pane.error_label.isHidden()
    assert pane.error_label.text() == ("Not saved: “2026-04-31” is not a date: April has 30 "
                                       "days")
    assert field.text() == "2026-04-31"
    assert _fresh(window, app.id).applied_on is None


def test_clearing_the_pane_field_clears_the_date(qtbot, window):
    app = next(a for a in window.services.applications.list() if a.applied_on is not None)
    _pane_field(qtbot, window, app.id, "applied_on")
    _press(qtbot, Qt.Key.Key_Backspace)
    _press(qtbot, Qt.Key.Key_Return)
    assert _fresh(window, app.id).applied_on is None


# ---- a move to Applied fills today's date -------------------------------------------------
def test_moving_to_applied_in_the_table_fills_today_and_one_undo_takes_both_back(qtbot,
                                                                              window):
    s = window.services
    app = _no_date_app(window)
    log_before = len(s.interactions.for_application(app.id))
    view, _index = _focus_cell(qtbot, window, app.id, "stage")
    _press(qtbot, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert combo.currentData() == Stage.INTERESTED.value
    _press(qtbot, Qt.Key.Key_Down)  # the next stage: Applied
    assert combo.currentData() == Stage.APPLIED.value
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _editing(view))
    row = _fresh(window, app.id)
    assert row.stage == Stage.APPLIED and row.applied_on == date.today()
    applied_cell = view.model.index(view.model.row_of(app.id), _col(view.model, "applied_on"))
    assert view.model.data(applied_cell) == date.today().isoformat()
    assert s.interactions.for_application(app.id)[0].kind == InteractionKind.STAGE_CHANGE
    view.table.setFocus()
    _press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo
    row = _fresh(window, app.id)
    assert row.stage == Stage.INTERESTED and row.applied_on is None
    assert len(s.interactions.for_application(app.id)) == log_before
    assert view.model.data(applied_cell) == ""
    window.records.redo_action.trigger()
    row = _fresh(window, app.id)
    assert row.stage == Stage.APPLIED and row.applied_on == date.today()


def test_moving_to_applied_in_the_pane_fills_today(qtbot, window):
    app = _no_date_app(window)
    window.records.select(Entity.APPLICATION, app.id)
    pane = window.records.details.application
    combo = pane.fields["stage"]
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _press(qtbot, Qt.Key.Key_Down)  # Interested -> Applied
    row = _fresh(window, app.id)
    assert row.stage == Stage.APPLIED and row.applied_on == date.today()
    assert pane.fields["applied_on"].text() == date.today().isoformat()
    window.records.undo_action.trigger()
    row = _fresh(window, app.id)
    assert row.stage == Stage.INTERESTED and row.applied_on is None


def test_moving_to_applied_keeps_a_date_that_is_there(qtbot, window):
    app = _no_date_app(window)
    window.records.editor.set_field(Entity.APPLICATION, app.id, "applied_on", date(2026, 1, 2))
    window.records.move_stage([app.id], Stage.APPLIED.value)  # the board's drop
    row = _fresh(window, app.id)
    assert row.stage == Stage.APPLIED and row.applied_on == date(2026, 1, 2)


def test_a_board_drop_on_applied_fills_today_and_one_undo_takes_both_back(qtbot, window):
    records = window.records
    records.set_view("board")
    board = records.board
    interested, applied = board.columns[Stage.INTERESTED], board.columns[Stage.APPLIED]
    rows = [r for r in range(interested.rowCount())
            if _fresh(window, interested.ids()[r]).applied_on is None][:2]
    ids = [interested.ids()[r] for r in rows]
    assert len(ids) == 2
    mime = interested.mimeData([interested.index(r) for r in rows])  # what a drag carries
    applied.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, applied.index(0).parent())
    for app_id in ids:
        row = _fresh(window, app_id)
        assert row.stage == Stage.APPLIED and row.applied_on == date.today()
        assert app_id in applied.ids()
    window.records.undo_action.trigger()  # one step for the drop, dates included
    for app_id in ids:
        row = _fresh(window, app_id)
        assert row.stage == Stage.INTERESTED and row.applied_on is None


# ---- the event dialog, the log entry and the holidays --------------------------------------
def _dialog_type(qtbot, widget, text):
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    widget.selectAll()
    _type(qtbot, text)


def test_an_event_with_typed_date_and_time(qtbot, german, window):
    from jobdesk.ui.event_dialog import EventDialog

    s = window.services
    app = s.applications.list()[0]
    dialog = EventDialog(s, application_id=app.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    _dialog_type(qtbot, dialog.title, "Technical interview")
    _dialog_type(qtbot, dialog.starts.date_edit, "1.12.2026")
    _dialog_type(qtbot, dialog.starts.time_edit, "14:30")
    _dialog_type(qtbot, dialog.ends.date_edit, "2026-12-01")
    _dialog_type(qtbot, dialog.ends.time_edit, "3:30pm")
    before = {e.id for e in s.store.event_rows(None, application_id=app.id)}
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    new = [e for e in s.store.event_rows(None, application_id=app.id) if e.id not in before]
    assert len(new) == 1
    zone = ZoneInfo(dialog.zone)
    assert new[0].starts_at == datetime(2026, 12, 1, 14, 30, tzinfo=zone)
    assert new[0].ends_at == datetime(2026, 12, 1, 15, 30, tzinfo=zone)


def test_an_event_with_words(qtbot, window):
    from jobdesk.ui.event_dialog import EventDialog

    s = window.services
    app = s.applications.list()[0]
    dialog = EventDialog(s, application_id=app.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    _dialog_type(qtbot, dialog.starts.date_edit, "fri")
    _dialog_type(qtbot, dialog.starts.time_edit, "9")
    _dialog_type(qtbot, dialog.ends.date_edit, "fri")
    _dialog_type(qtbot, dialog.ends.time_edit, "10")
    assert dialog.save() is not None
    row = s.events.get(dialog.event_id)
    zone = ZoneInfo(dialog.zone)
    friday = _coming(4, datetime.now(zone).date())
    assert row.starts_at == datetime.combine(friday, time(9), zone)
    assert dialog.starts.date_edit.text() == friday.isoformat()


def test_an_event_with_an_impossible_date_is_refused(qtbot, german, window):
    from jobdesk.ui.event_dialog import EventDialog

    s = window.services
    app = s.applications.list()[0]
    count = len(s.store.event_rows(None, application_id=app.id))
    dialog = EventDialog(s, application_id=app.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    _dialog_type(qtbot, dialog.starts.date_edit, "30.2.2027")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == ("Starts: “30.2.2027” is not a date: February has 28 days "
                                   "in 2027")
    assert dialog.starts.date_edit.text() == "30.2.2027"
    assert len(s.store.event_rows(None, application_id=app.id)) == count
    _dialog_type(qtbot, dialog.starts.time_edit, "25:00")
    _dialog_type(qtbot, dialog.starts.date_edit, "2027-02-28")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Starts: “25:00” is not a time: the hour goes from 0 to 23"
    assert len(s.store.event_rows(None, application_id=app.id)) == count


def test_a_log_entry_when_typed_as_yesterday(qtbot, window):
    s = window.services
    app = s.applications.list()[0]
    window.records.select(Entity.APPLICATION, app.id)
    window.records.add_log_entry()
    dialog = window.records.log_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    _dialog_type(qtbot, dialog.summary, "Called the recruiter")
    _dialog_type(qtbot, dialog.when.date_edit, "yesterday")
    _dialog_type(qtbot, dialog.when.time_edit, "16:05")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    entry = next(e for e in s.interactions.for_application(app.id)
                 if e.summary == "Called the recruiter")
    expected = datetime.combine(date.today() - timedelta(days=1), time(16, 5)).astimezone()
    assert entry.occurred_at == expected


@pytest.fixture
def rules(qtbot, demo_services, ui_settings):
    from jobdesk.services.followups import FollowUpService
    from jobdesk.ui.followup_settings import FollowUpSettingsDialog

    dialog = FollowUpSettingsDialog(FollowUpService(demo_services), ui_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


@pytest.mark.parametrize(("text", "expected"), [
    ("24.12.2026", date(2026, 12, 24)), ("2026-12-31", date(2026, 12, 31)),
    ("tomorrow", date.today() + timedelta(days=1))])
def test_a_holiday_typed_and_added_with_enter(qtbot, german, rules, text, expected):
    _dialog_type(qtbot, rules.holiday_edit, text)
    _press(qtbot, Qt.Key.Key_Return)
    assert rules.holidays == [expected]
    assert rules.isVisible()
    assert rules.save()
    assert expected in rules.engine.settings().holidays


def test_an_impossible_holiday_is_refused_with_the_reason(qtbot, rules):
    _dialog_type(qtbot, rules.holiday_edit, "2026-02-29")
    _press(qtbot, Qt.Key.Key_Return)
    assert rules.holidays == []
    assert not rules.error_label.isHidden()
    assert rules.error_label.text() == ("Not added: “2026-02-29” is not a date: February has "
                                        "28 days in 2026 (it is not a leap year)")
    assert rules.holiday_edit.text() == "2026-02-29"
