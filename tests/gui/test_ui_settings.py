"""Typed window settings in jobdesk.ini and the daily summary's schedule."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from jobdesk.ui.settings import UiSettings, parse_time
from jobdesk.ui.today_view import TodayNotifier


def test_notify_time_and_reminder_lead_round_trip_with_defaults(data_dir):
    settings = UiSettings.in_dir(data_dir)
    assert settings.notify_at() == time(9, 0)
    assert settings.reminder_minutes() == 30
    settings.set_notify_at(time(7, 5))
    settings.set_reminder_minutes(120)
    settings.sync()
    again = UiSettings.in_dir(data_dir)
    assert again.q.value("today/notify_at") == "07:05"
    assert (again.notify_at(), again.reminder_minutes()) == (time(7, 5), 120)
    with pytest.raises(ValueError):
        again.set_reminder_minutes(24 * 60 + 1)
    again.set("today/notify_at", "25:99")  # edited by hand: the default, not a crash
    again.set("calendar/reminder_minutes", "-5")
    assert again.notify_at() == time(9, 0)
    assert again.reminder_minutes() == 0
    assert parse_time("8") == time(8, 0)


class _Quiet:
    def ensure_fresh(self) -> None:
        pass

    def due_summary(self) -> str:
        return "2 overdue"


def test_next_due_follows_the_last_summary_and_a_changed_time(qtbot):
    moment = [datetime(2026, 3, 10, 8, 0)]
    shown = []
    notifier = TodayNotifier(_Quiet(), at=time(9, 0), show=lambda t, m: shown.append(m),
                             now=lambda: moment[0])
    assert notifier.next_due() == datetime(2026, 3, 10, 9, 0)
    notifier.start()  # on start at 8:00; the 9:00 summary still comes
    assert len(shown) == 1
    assert notifier.next_due() == datetime(2026, 3, 10, 9, 0)
    moment[0] = datetime(2026, 3, 10, 9, 0)
    assert notifier.check() is True and len(shown) == 2
    assert notifier.next_due() == datetime(2026, 3, 11, 9, 0)
    notifier.set_time(time(18, 0))
    assert notifier.next_due() == datetime(2026, 3, 10, 18, 0)
    notifier.set_time(time(6, 0))  # already past today: tomorrow, nothing made up
    assert notifier.next_due() == datetime(2026, 3, 11, 6, 0)
    assert notifier.check() is False
    moment[0] = datetime(2026, 3, 14, 12, 0)  # the machine slept for days: one summary
    assert notifier.check() is True and notifier.check() is False
    assert len(shown) == 3
    assert notifier.timer.interval() == 60_000
