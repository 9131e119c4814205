"""Broken item 8 (ICS export): titles name the job once, every event carries a reminder, and
past events can be exported too (all) or left out (upcoming)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from jobdesk.domain.enums import EventKind
from jobdesk.services.ics import IcsError, export_summary


@pytest.fixture
def helix(cal_services):
    s = cal_services
    company = s.companies.create(name="Helix Biolabs")
    app = s.applications.create(company_id=company.id, job_title="Data Analyst")
    now = s.calendar.clock()
    past = s.events.create(application_id=app.id, kind="interview",
                           title="Interview: Data Analyst", starts_at=now - timedelta(days=20),
                           ends_at=now - timedelta(days=20, hours=-1), timezone="UTC")
    coming = s.events.create(application_id=app.id, kind="interview",
                             title="Technical interview", starts_at=now + timedelta(days=2),
                             ends_at=now + timedelta(days=2, hours=1),
                             timezone="Europe/Berlin")
    deadline = s.events.create(application_id=app.id, kind="deadline", title="",
                               starts_at=now + timedelta(days=5), all_day=True,
                               timezone="Europe/Berlin")
    return s, app, past, coming, deadline


def _vevents(path):
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_all_exports_past_events_each_with_one_alarm_and_a_plain_title(helix, tmp_path):
    s, _app, past, coming, deadline = helix
    out = tmp_path / "all.ics"
    assert s.calendar.export_ics(out, upcoming=False, reminder_minutes=45) == 3
    events = {str(v["UID"]): v for v in _vevents(out)}
    assert set(events) == {past.uid, coming.uid, deadline.uid}
    assert str(events[past.uid]["SUMMARY"]) == "Interview: Data Analyst at Helix Biolabs"
    assert str(events[coming.uid]["SUMMARY"]) == ("Technical interview: Data Analyst at "
                                                  "Helix Biolabs")
    assert str(events[deadline.uid]["SUMMARY"]) == "Deadline: Data Analyst at Helix Biolabs"
    for vevent in events.values():
        summary = str(vevent["SUMMARY"])
        assert summary.count("Data Analyst") == 1 and summary.count("Helix Biolabs") == 1
        alarms = vevent.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0]["TRIGGER"].to_ical() == b"-PT45M"
        assert str(alarms[0]["DESCRIPTION"]) == summary
    assert b"TRIGGER:-PT45M" in out.read_bytes()


def test_upcoming_leaves_past_events_out_and_keeps_uids_and_sequence(helix, tmp_path):
    s, _app, past, coming, deadline = helix
    out = tmp_path / "up.ics"
    assert s.calendar.export_ics(out, reminder_minutes=30) == 2  # upcoming is the default
    assert past.uid.encode() not in out.read_bytes()
    assert {str(v["UID"]) for v in _vevents(out)} == {coming.uid, deadline.uid}
    s.events.update(coming.id, starts_at=coming.starts_at + timedelta(hours=2),
                    ends_at=coming.ends_at + timedelta(hours=2))
    assert s.calendar.export_ics(out, upcoming=True, overwrite=True, reminder_minutes=30) == 2
    again = {str(v["UID"]): v for v in _vevents(out)}
    assert int(again[coming.uid]["SEQUENCE"]) == 1 and int(again[deadline.uid]["SEQUENCE"]) == 0


def test_only_past_events_upcoming_says_how_to_include_them(cal_services, tmp_path):
    s = cal_services
    company = s.companies.create(name="Helix Biolabs")
    app = s.applications.create(company_id=company.id, job_title="Data Analyst")
    s.events.create(application_id=app.id, kind="interview",
                    starts_at=datetime(2020, 1, 1, 10, tzinfo=UTC), timezone="UTC")
    with pytest.raises(IcsError, match="no upcoming events; export all events"):
        s.calendar.export_ics(tmp_path / "x.ics")
    assert s.calendar.export_ics(tmp_path / "x.ics", upcoming=False) == 1


@pytest.mark.parametrize(("title", "expected"), [
    ("", "Interview: Data Analyst at Helix Biolabs"),
    ("Interview: Data Analyst", "Interview: Data Analyst at Helix Biolabs"),
    ("Interview: data analyst at HELIX Biolabs", "Interview: data analyst at HELIX Biolabs"),
    ("Onsite at Helix Biolabs", "Onsite at Helix Biolabs – Data Analyst"),
    ("Panel", "Panel: Data Analyst at Helix Biolabs"),
])
def test_summary_names_the_job_and_company_once(title, expected):
    assert export_summary(title, EventKind.INTERVIEW, "Data Analyst", "Helix Biolabs") == expected
