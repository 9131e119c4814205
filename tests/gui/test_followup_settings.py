"""The "Follow-up rules" window: every number of the rules, the holidays, the daily summary
time and the reminder lead, saved and acted on at once (real SQLite, demo data at FIXED_NOW)."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from jobdesk.domain.followups import SETTING_LIMITS, FollowUpSettings, Urgency
from jobdesk.ui.followup_settings import FollowUpSettingsDialog
from jobdesk.ui.main_window import MainWindow
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()  # a Tuesday
# in the demo: the last activity of application 22 was 14 days ago (a review is due today),
# application 61 has been idle since 6 January; application 14 was promised an answer on
# Monday, so its first check-in is due today, one business day later
REVIEW_RECENT, REVIEW_OLD = "review:22:2026-02-24", "review:61:2026-01-06"
CHECK_IN = "check_in:14:2026-03-09:1"



@pytest.fixture
def dialog(qtbot, today, ui_settings):
    d = FollowUpSettingsDialog(today.engine, ui_settings)
    qtbot.addWidget(d)
    _show(qtbot, d)
    return d


def _show(qtbot, dialog):
    with qtbot.waitActive(dialog):  # keyboard shortcuts go to the active window
        dialog.show()
        dialog.activateWindow()


def _by_key(view):
    return {p.key: p for p in view.model.proposals()}


def _group_of(view, key):
    return next(g for g, items in view.model.groups if any(p.key == key for p in items))


def _reopen(qtbot, today, ui_settings):
    again = FollowUpSettingsDialog(today.engine, ui_settings)
    qtbot.addWidget(again)
    _show(qtbot, again)
    return again



def _type_holiday(qtbot, dialog, text):
    field = dialog.holiday_edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)

def test_every_rule_number_has_a_bounded_spin_box_with_its_default(dialog):
    numbers = {f.name for f in fields(FollowUpSettings)} - {"holidays"}
    assert set(dialog.spins) == numbers == set(SETTING_LIMITS)
    defaults = FollowUpSettings()
    for name, spin in dialog.spins.items():
        assert spin.value() == getattr(defaults, name)
        assert (spin.minimum(), spin.maximum()) == SETTING_LIMITS[name]
        spin.setValue(100_000)  # a bad value cannot be entered
        assert spin.value() == SETTING_LIMITS[name][1]
    assert dialog.notify_edit.time() == QTime(9, 0)
    assert dialog.reminder_spin.value() == 30
    assert "business day" in dialog.spins["check_in_after_business_days"].accessibleName()


def test_review_days_change_the_today_list_at_once_and_round_trip(qtbot, today, dialog,
                                                                  ui_settings):
    assert {REVIEW_RECENT, REVIEW_OLD} <= set(_by_key(today))
    dialog.spins["review_after_days"].setValue(20)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # no waiting: the service published the change and Today recomputed
    keys = _by_key(today)
    assert REVIEW_RECENT not in keys  # idle for 14 days: not yet a review at 20
    assert keys[REVIEW_OLD].due == date(2026, 1, 26)  # 6 January + 20 days
    assert not dialog.isVisible()
    assert today.engine.settings().review_after_days == 20
    # back to 14: the review is proposed again
    again = _reopen(qtbot, today, ui_settings)
    assert again.spins["review_after_days"].value() == 20
    again.spins["review_after_days"].setValue(14)
    assert again.save()
    assert REVIEW_RECENT in _by_key(today)


def test_a_holiday_moves_a_check_in_and_round_trips(qtbot, today, dialog, ui_settings):
    assert _by_key(today)[CHECK_IN].due == TODAY
    assert _group_of(today, CHECK_IN) == Urgency.TODAY
    _type_holiday(qtbot, dialog, "2026-03-10")
    qtbot.mouseClick(dialog.add_holiday_button, Qt.MouseButton.LeftButton)
    _type_holiday(qtbot, dialog, "2026-12-25")
    dialog.add_holiday()
    dialog.add_holiday()  # twice: listed once
    assert dialog.holidays == [date(2026, 3, 10), date(2026, 12, 25)]
    assert dialog.holiday_model.rowCount() == 2
    assert dialog.holiday_model.index(1, 0).data() == "Fri 25 December 2026"
    assert _by_key(today)[CHECK_IN].due == TODAY  # nothing saved yet
    assert dialog.save()
    # one business day after Monday, skipping the holiday on Tuesday
    assert _by_key(today)[CHECK_IN].due == date(2026, 3, 11)
    assert _group_of(today, CHECK_IN) == Urgency.SOON
    assert today.engine.settings().holidays == {date(2026, 3, 10), date(2026, 12, 25)}

    again = _reopen(qtbot, today, ui_settings)
    assert again.holidays == [date(2026, 3, 10), date(2026, 12, 25)]
    again.holiday_list.setCurrentIndex(again.holiday_model.index(0, 0))
    assert again.remove_holiday_button.isEnabled()
    again.holiday_list.setFocus()
    qtbot.keyClick(again.holiday_list, Qt.Key.Key_Delete)
    assert again.holidays == [date(2026, 12, 25)]
    assert again.save()
    assert _by_key(today)[CHECK_IN].due == TODAY


def test_holiday_model_passes_the_model_tester(qtbot, qtmodeltester, dialog):
    qtmodeltester.check(dialog.holiday_model)
    for day in ("2026-05-01", "2026-01-01", "2026-08-15"):
        _type_holiday(qtbot, dialog, day)
        dialog.add_holiday()
        qtmodeltester.check(dialog.holiday_model)
    assert dialog.holidays == sorted(dialog.holidays)
    dialog.holiday_list.setCurrentIndex(dialog.holiday_model.index(1, 0))
    dialog.remove_selected_holidays()
    qtmodeltester.check(dialog.holiday_model)
    assert dialog.holidays == [date(2026, 1, 1), date(2026, 8, 15)]


def test_restore_defaults_fills_in_defaults_keeps_holidays_and_saves_only_on_save(
        qtbot, today, dialog, ui_settings):
    dialog.spins["review_after_days"].setValue(40)
    dialog.spins["max_follow_ups"].setValue(5)
    dialog.notify_edit.setTime(QTime(7, 15))
    dialog.reminder_spin.setValue(90)
    _type_holiday(qtbot, dialog, "2026-12-24")
    dialog.add_holiday()
    assert dialog.save()
    again = _reopen(qtbot, today, ui_settings)
    assert again.spins["review_after_days"].value() == 40
    assert again.notify_edit.time() == QTime(7, 15)
    assert again.reminder_spin.value() == 90
    qtbot.mouseClick(again.defaults_button, Qt.MouseButton.LeftButton)
    assert again.spins["review_after_days"].value() == 14
    assert again.spins["max_follow_ups"].value() == 3
    assert again.notify_edit.time() == QTime(9, 0)
    assert again.reminder_spin.value() == 30
    assert again.holidays == [date(2026, 12, 24)]  # the user's days are not a default
    assert today.engine.settings().review_after_days == 40  # not saved yet
    assert again.save()
    assert today.engine.settings() == FollowUpSettings(holidays=frozenset({date(2026, 12, 24)}))
    assert ui_settings.notify_at() == time(9, 0)
    assert ui_settings.reminder_minutes() == 30


def test_non_modal_enter_saves_escape_closes_without_saving(qtbot, today, dialog,
                                                           ui_settings):
    assert not dialog.isModal()
    assert QApplication.activeModalWidget() is None
    spin = dialog.spins["review_after_days"]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "30")
    qtbot.keyClick(spin, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert today.engine.settings().review_after_days == 14

    again = _reopen(qtbot, today, ui_settings)
    assert again.spins["review_after_days"].value() == 14
    again.holiday_edit.setFocus()
    _type_holiday(qtbot, again, "2026-03-10")
    qtbot.keyClick(again.holiday_edit, Qt.Key.Key_Return)  # Enter in the date adds it
    assert again.isVisible() and again.holidays == [date(2026, 3, 10)]
    spin = again.spins["review_after_days"]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "30")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert not again.isVisible()
    settings = today.engine.settings()
    assert settings.review_after_days == 30
    assert settings.holidays == {date(2026, 3, 10)}


def test_a_refused_save_says_why_and_writes_nothing(qtbot, today, dialog, ui_settings):
    dialog.spins["review_after_days"].setValue(21)
    dialog.notify_edit.setTime(QTime(6, 0))
    dialog.reminder_spin.setMaximum(100_000)  # as if a bad value got past the spin box
    dialog.reminder_spin.setValue(5000)
    assert not dialog.save()
    assert dialog.isVisible()
    assert "out of range" in dialog.error_label.text()
    assert not dialog.error_label.isHidden()
    assert today.engine.settings().review_after_days == 14
    assert ui_settings.notify_at() == time(9, 0)


# ---- in the window: button, menu, shortcut; the notifier and reminders follow -----------

@pytest.fixture
def window(qtbot, clocked_services, ui_settings):
    win = MainWindow(clocked_services, ui_settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    view = win.today_view
    view.today = lambda: TODAY
    view.engine.tz = UTC
    view.refresh()
    return win


def test_opened_from_today_and_from_the_menu_shortcut(qtbot, window):
    assert window.followup_settings_action.shortcut().toString() == "Ctrl+,"
    assert window.followup_settings_action in window.edit_menu.actions()
    qtbot.mouseClick(window.today_view.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.followup_settings_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert window.followup_settings_dialog is dialog  # one window, reopened
    assert dialog.isVisible()


def test_saving_reschedules_the_daily_summary_and_the_reminders(qtbot, window, ui_settings,
                                                                data_dir):
    notifier = window.today_notifier
    moment = [datetime(2026, 3, 10, 10, 0)]
    notifier.now = lambda: moment[0]
    shown = []
    notifier.show = lambda title, text: shown.append(text)
    notifier.start()  # the summary on start
    assert len(shown) == 1
    assert notifier.next_due() == datetime(2026, 3, 11, 9, 0)
    assert window.reminders.lead == timedelta(minutes=30)

    window.followup_settings_action.trigger()
    dialog = window.followup_settings_dialog
    dialog.notify_edit.setTime(QTime(17, 30))
    dialog.reminder_spin.setValue(45)
    dialog.spins["review_after_days"].setValue(20)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert ui_settings.q.value("today/notify_at") == "17:30"
    assert notifier.at == time(17, 30)
    assert notifier.next_due() == datetime(2026, 3, 10, 17, 30)  # later today, not tomorrow
    assert window.reminders.lead == timedelta(minutes=45)
    assert REVIEW_RECENT not in _by_key(window.today_view)
    assert "17:30" in window.statusBar().currentMessage()
    moment[0] = datetime(2026, 3, 10, 17, 29)
    assert notifier.check() is False
    moment[0] = datetime(2026, 3, 10, 17, 31)
    assert notifier.check() is True and len(shown) == 2
    assert notifier.next_due() == datetime(2026, 3, 11, 17, 30)

    # an earlier time than now: not made up today, due tomorrow
    window.followup_settings_action.trigger()
    dialog.notify_edit.setTime(QTime(8, 0))
    assert dialog.save()
    assert notifier.next_due() == datetime(2026, 3, 11, 8, 0)
    assert notifier.check() is False

    # a new window on the same data folder starts with the saved times
    window.close()
    second = MainWindow(window.services, type(ui_settings).in_dir(data_dir))
    qtbot.addWidget(second)
    assert second.today_notifier.at == time(8, 0)
    assert second.reminders.lead == timedelta(minutes=45)
