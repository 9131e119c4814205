"""ICS import and export over a real database and real files (hand-written ones and
real-world ones from the icalendar package's own test calendars)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import EventKind
from jobdesk.services.ics import IcsError

BERLIN = ZoneInfo("Europe/Berlin")


def test_invitation_becomes_an_event_with_matched_and_new_contacts(cal_services, app_row,
                                                                    ics_dir):
    s = cal_services
    known = s.contacts.create(name="Greta H.", email="GRETA.HOFFMANN@brightlane.example",
                              company_id=app_row.company_id)
    result = s.calendar.import_ics(ics_dir / "interview_invite.ics", app_row.id)
    assert len(result.created) == 1 and not result.updated
    event = s.events.get(result.created[0])
    assert event.application_id == app_row.id
    assert event.kind == EventKind.INTERVIEW
    assert event.starts_at == datetime(2026, 3, 17, 13, 0, tzinfo=UTC)  # 14:00 CET
    assert event.ends_at == datetime(2026, 3, 17, 14, 0, tzinfo=UTC)
    assert event.timezone == "Europe/Berlin"
    assert event.location == "https://meet.example/brightlane-42"
    assert "portfolio piece about churn" in event.notes
    assert event.uid == "interview-7f3a9c@hr.brightlane.example"
    # organiser matched by e-mail ignoring case; attendee created; own address skipped
    assert len(result.contacts_created) == 1
    paul = s.contacts.get(result.contacts_created[0])
    assert (paul.name, paul.email, paul.company_id) == (
        "Paul Weber", "paul.weber@brightlane.example", app_row.company_id)
    assert event.interviewer_ids == (known.id, paul.id)
    assert not any(c.email == "me@candidate.example" for c in s.contacts.list())


def test_reimport_updates_by_uid_and_cancel_archives(cal_services, app_row, ics_dir):
    s = cal_services
    first = s.calendar.import_ics(ics_dir / "interview_invite.ics", app_row.id)
    event_id = first.created[0]
    contacts_before = s.contacts.count()
    again = s.calendar.import_ics(ics_dir / "interview_invite.ics", app_row.id)
    assert again.updated == [event_id] and not again.created
    assert s.contacts.count() == contacts_before
    moved = s.calendar.import_ics(ics_dir / "interview_moved.ics")  # no application: by UID
    assert moved.updated == [event_id]
    event = s.events.get(event_id)
    assert event.starts_at == datetime(2026, 3, 18, 9, 0, tzinfo=UTC)
    assert event.location == "Office Berlin, Room 4.12"
    assert "portfolio" in event.notes  # the update had no description: ours is kept
    assert s.store.event_sequences([event_id])[event_id] == 1
    assert s.store.count(Entity.EVENT) == 1
    cancelled = s.calendar.import_ics(ics_dir / "interview_cancel.ics")
    assert cancelled.cancelled == [event_id]
    assert s.events.get(event_id).archived_at is not None
    assert s.events.list() == []


def test_older_sequence_does_not_overwrite_a_newer_one(cal_services, app_row, ics_dir):
    s = cal_services
    s.calendar.import_ics(ics_dir / "interview_moved.ics", app_row.id)  # SEQUENCE 1
    result = s.calendar.import_ics(ics_dir / "interview_invite.ics", app_row.id)  # SEQUENCE 0
    assert not result.updated
    assert "older version" in result.summary()
    assert s.events.list()[0].starts_at == datetime(2026, 3, 18, 9, 0, tzinfo=UTC)


def test_windows_zone_is_mapped_and_said(cal_services, app_row, ics_dir):
    result = cal_services.calendar.import_ics(ics_dir / "outlook_windows_tz.ics", app_row.id)
    event = cal_services.events.get(result.created[0])
    assert event.timezone == "Europe/Berlin"
    assert event.starts_at == datetime(2026, 3, 24, 9, 0, tzinfo=UTC)
    assert any("Windows time zone 'W. Europe Standard Time' read as Europe/Berlin" in n
               for n in result.notes)


def test_floating_time_is_read_in_the_users_zone_and_said(cal_services, app_row, ics_dir):
    result = cal_services.calendar.import_ics(ics_dir / "floating.ics", app_row.id)
    event = cal_services.events.get(result.created[0])
    assert event.starts_at == datetime(2026, 3, 20, 9, 30, tzinfo=BERLIN)
    assert event.ends_at - event.starts_at == timedelta(minutes=45)  # from DURATION
    assert "floating time" in result.summary()


def test_all_day_and_missing_end(cal_services, app_row, ics_dir):
    s = cal_services
    day = s.events.get(s.calendar.import_ics(ics_dir / "all_day_deadline.ics",
                                             app_row.id).created[0])
    assert day.all_day and day.kind == EventKind.DEADLINE
    assert day.starts_at.astimezone(BERLIN).date() == date(2026, 3, 27)
    result = s.calendar.import_ics(ics_dir / "no_end.ics", app_row.id)
    coffee = s.events.get(result.created[0])
    assert coffee.ends_at - coffee.starts_at == timedelta(hours=1)
    assert "assumed 60 minutes" in result.summary()


def test_recurring_event_imports_the_next_occurrence(cal_services, app_row, ics_dir):
    result = cal_services.calendar.import_ics(ics_dir / "weekly_rrule.ics", app_row.id)
    event = cal_services.events.get(result.created[0])
    # now is Tue 2026-03-10; the Monday series continues on the 16th at 10:00 Berlin
    assert event.starts_at == datetime(2026, 3, 16, 10, 0, tzinfo=BERLIN)
    assert "imported the next one" in result.summary()


def test_several_events_import_together(cal_services, app_row, ics_dir):
    result = cal_services.calendar.import_ics(ics_dir / "several_events.ics", app_row.id)
    assert len(result.created) == 2
    assert [e.title for e in cal_services.events.list()] == [
        "Onsite part 1: system design", "Onsite part 2: team fit"]


def test_non_utf8_file_is_read_as_windows_1252(cal_services, app_row, ics_dir):
    result = cal_services.calendar.import_ics(ics_dir / "latin1_invite.ics", app_row.id)
    event = cal_services.events.get(result.created[0])
    assert event.title == "Entretien à Zürich – Café"
    assert event.location == "Bahnhofstraße 1"
    assert "not UTF-8" in result.summary()


@pytest.mark.parametrize(("name", "message"), [
    ("not_a_calendar.ics", "not an iCalendar (.ics) file"),
    ("unknown_tz.ics", "'Mars/Olympus_Mons', which is neither a known zone name"),
    ("icalendar_broken_ical.ics", "unreadable lines"),
    ("icalendar_bom_calendar.ics", "contains no events"),
    ("icalendar_issue_722_missing_VTIMEZONE_custom.ics", "'CUSTOM_tzid'"),
])
def test_bad_files_give_a_clear_message_and_import_nothing(cal_services, app_row, ics_dir,
                                                           name, message):
    with pytest.raises(IcsError) as caught:
        cal_services.calendar.import_ics(ics_dir / name, app_row.id)
    assert str(caught.value).startswith(name + ": ")
    assert message in str(caught.value)
    assert cal_services.store.count(Entity.EVENT, include_archived=True) == 0


def test_one_bad_event_means_nothing_is_imported(cal_services, app_row, ics_dir, tmp_path):
    good = (ics_dir / "several_events.ics").read_text()
    bad = good.replace("DTSTART:20260325T100000Z", "DTSTART;TZID=Nowhere/Land:20260325T100000")
    path = tmp_path / "mixed.ics"
    path.write_text(bad)
    with pytest.raises(IcsError, match="Nowhere/Land"):
        cal_services.calendar.import_ics(path, app_row.id)
    assert cal_services.store.count(Entity.EVENT, include_archived=True) == 0


def test_new_event_without_application_is_refused(cal_services, app_row, ics_dir):
    with pytest.raises(IcsError, match="say which application"):
        cal_services.calendar.import_ics(ics_dir / "no_end.ics")
    assert cal_services.contacts.count() == 0


def test_real_world_custom_vtimezone_and_repeat_files(cal_services, app_row, ics_dir):
    s = cal_services
    ny = s.events.get(s.calendar.import_ics(ics_dir / "icalendar_america_new_york.ics",
                                            app_row.id).created[0])
    assert ny.starts_at == datetime(2014, 8, 29, 12, 0, tzinfo=UTC)  # 08:00 EDT from the file
    fiji = s.events.get(s.calendar.import_ics(ics_dir / "icalendar_issue_218_bad_tzid.ics",
                                              app_row.id).created[0])
    assert fiji.starts_at == datetime(2017, 2, 28, 12, 0, tzinfo=UTC)  # 23:00 at UTC+11
    holidays = s.calendar.import_ics(ics_dir / "icalendar_example.ics", app_row.id)
    assert len(holidays.created) == 3
    assert all(s.events.get(i).all_day for i in holidays.created)
    rule = s.calendar.import_ics(ics_dir / "icalendar_issue_1081_event_with_rrule.ics",
                                 app_row.id)
    assert s.events.get(rule.created[0]).starts_at == datetime(2025, 1, 10, 10, tzinfo=UTC)
    assert "all its dates are past" in rule.summary()


def test_dst_change_week(cal_services, app_row, ics_dir):
    """Europe/Berlin moves to summer time on Sunday 2026-03-29: 10:00 stays 10:00 locally."""
    s = cal_services
    s.calendar.import_ics(ics_dir / "dst_week.ics", app_row.id)
    before, after = s.events.list()
    assert before.starts_at == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # CET, UTC+1
    assert after.starts_at == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # CEST, UTC+2
    assert before.starts_at.astimezone(BERLIN).hour == after.starts_at.astimezone(BERLIN).hour
    index = s.calendar.build_index()
    assert index.marks(date(2026, 3, 27)) and index.marks(date(2026, 3, 30))
    agenda = s.calendar.agenda(index, date(2026, 3, 23), date(2026, 3, 29 + 1))
    assert [i.time_text(BERLIN) for i in agenda] == ["10:00–11:00", "10:00–11:00"]
    # an event created in the repeated hour of the autumn change keeps its first instant
    ambiguous = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)  # fold=0: CEST
    ev = s.events.create(application_id=app_row.id, kind="interview", starts_at=ambiguous,
                         timezone="Europe/Berlin")
    assert ev.starts_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def _all_events(s, app, people):
    s.events.create(application_id=app.id, kind="interview", title="Panel interview",
                    starts_at=datetime(2026, 3, 27, 10, tzinfo=BERLIN),
                    ends_at=datetime(2026, 3, 27, 11, 30, tzinfo=BERLIN),
                    timezone="Europe/Berlin", location="https://meet.example/x",
                    notes="Bring questions.\nAsk about the team.", questions="Why us?\nSQL window "
                    "functions?", interviewer_ids=[p.id for p in people])
    s.events.create(application_id=app.id, kind="deadline", title="Case study due",
                    starts_at=datetime(2026, 3, 30, 0, tzinfo=BERLIN), all_day=True,
                    timezone="Europe/Berlin")
    s.events.create(application_id=app.id, kind="offer_deadline", title="",
                    starts_at=datetime(2026, 4, 2, 17, tzinfo=ZoneInfo("America/New_York")),
                    timezone="America/New_York", location="Phone")


def test_export_then_import_round_trips_the_fields_we_keep(cal_services, app_row, tmp_path,
                                                          db):
    s = cal_services
    people = [s.contacts.create(name="Paul Weber", email="paul@brightlane.example",
                                company_id=app_row.company_id),
              s.contacts.create(name="Ines Roth", email="ines@brightlane.example",
                                company_id=app_row.company_id)]
    _all_events(s, app_row, people)
    out = tmp_path / "export.ics"
    assert s.calendar.export_ics(out, app_row.id) == 3
    # it is a valid calendar with stable UIDs, SEQUENCE and VTIMEZONEs
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    vevents = cal.walk("VEVENT")
    assert {str(v["UID"]) for v in vevents} == {e.uid for e in s.events.list()}
    assert all(int(v["SEQUENCE"]) == 0 for v in vevents)
    assert {str(t["TZID"]) for t in cal.walk("VTIMEZONE")} == {"Europe/Berlin",
                                                               "America/New_York"}
    assert str(vevents[0]["SUMMARY"]) == ("Panel interview: Senior Data Analyst at "
                                          "Brightlane Analytics")
    before = {e.uid: e for e in s.events.list()}
    # import into a second, empty database: same fields back
    from jobdesk.db.database import open_database
    from jobdesk.services.calendar import CalendarService
    from jobdesk.services.container import Services

    other_db = open_database(path=tmp_path / "other.sqlite3")
    try:
        o = Services.build(other_db)
        o.calendar = CalendarService(o.store, o.bus, o.events, o.applications, o.contacts,
                                     clock=s.calendar.clock, zone="Asia/Tokyo")
        company = o.companies.create(name="Brightlane Analytics")
        app2 = o.applications.create(company_id=company.id, job_title="Senior Data Analyst")
        result = o.calendar.import_ics(out, app2.id)
        assert result.notes == []
        after = {e.uid: e for e in o.events.list()}
        assert after.keys() == before.keys()
        for uid, a in after.items():
            b = before[uid]
            for name in ("kind", "title", "starts_at", "ends_at", "timezone", "all_day",
                         "location", "notes", "questions"):
                assert getattr(a, name) == getattr(b, name), name
            assert ([o.contacts.get(c).email for c in a.interviewer_ids]
                    == [s.contacts.get(c).email for c in b.interviewer_ids])
    finally:
        other_db.close()


def test_reexport_after_a_move_keeps_the_uid_and_raises_the_sequence(cal_services, app_row,
                                                                    tmp_path):
    s = cal_services
    _all_events(s, app_row, [])
    event = s.events.list()[0]
    first = tmp_path / "a.ics"
    s.calendar.export_ics(first, app_row.id)
    s.events.update(event.id, starts_at=event.starts_at + timedelta(days=1),
                    ends_at=event.ends_at + timedelta(days=1))
    s.events.update(event.id, notes="only notes: no new sequence")
    with pytest.raises(IcsError, match="already exists"):
        s.calendar.export_ics(first, app_row.id)
    assert s.calendar.export_ics(first, app_row.id, overwrite=True) == 3
    vevent = next(v for v in icalendar.Calendar.from_ical(first.read_bytes()).walk("VEVENT")
                  if str(v["UID"]) == event.uid)
    assert int(vevent["SEQUENCE"]) == 1


def test_export_refuses_to_clobber_and_leaves_no_temp_files(cal_services, app_row, tmp_path):
    s = cal_services
    _all_events(s, app_row, [])
    target = tmp_path / "mine.ics"
    target.write_text("precious")
    with pytest.raises(IcsError, match=r"mine\.ics: already exists"):
        s.calendar.export_ics(target)
    assert target.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(IcsError, match="folder"):
        s.calendar.export_ics(tmp_path)


def test_export_all_upcoming_skips_past_and_archived(cal_services, app_row, tmp_path):
    s = cal_services
    s.events.create(application_id=app_row.id, kind="interview", title="past",
                    starts_at=datetime(2026, 3, 1, 10, tzinfo=UTC), timezone="UTC")
    gone = s.events.create(application_id=app_row.id, kind="interview", title="archived",
                           starts_at=datetime(2026, 3, 20, 10, tzinfo=UTC), timezone="UTC")
    s.events.archive([gone.id])
    s.events.create(application_id=app_row.id, kind="interview", title="later today",
                    starts_at=datetime(2026, 3, 10, 8, tzinfo=UTC), timezone="UTC")
    out = tmp_path / "up.ics"
    assert s.calendar.export_ics(out) == 1
    vevent = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")[0]
    assert str(vevent["X-JOBDESK-TITLE"]) == "later today"
    assert vevent["DTSTART"].to_ical() == b"20260310T080000Z"


def test_copied_real_world_files_are_the_packages_own(ics_dir):
    """The icalendar_* files are copies of the icalendar package's test calendars."""
    source = Path(icalendar.__file__).parent / "tests" / "calendars"
    if not source.is_dir():
        pytest.skip("the icalendar test calendars are not installed here")
    copies = sorted(ics_dir.glob("icalendar_*.ics"))
    assert len(copies) >= 5
    for path in copies:
        assert path.read_bytes() == (source / path.name.removeprefix("icalendar_")).read_bytes()


def test_the_users_own_address_from_mail_settings_is_never_made_a_contact(services, ics_dir):
    """Wired by the container: the From address in Mail settings is the user's own."""
    company = services.companies.create(name="Brightlane Analytics")
    app = services.applications.create(company_id=company.id, job_title="Analyst")
    services.settings.set("smtp.from_address", "Me@Candidate.example")
    result = services.calendar.import_ics(ics_dir / "interview_invite.ics", app.id)
    emails = {c.email.lower() for c in services.contacts.list()}
    assert "me@candidate.example" not in emails
    assert "paul.weber@brightlane.example" in emails and len(result.contacts_created) == 2


INVITE_TO_MY_OTHER_ADDRESS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example Corp//Scheduler//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:second-round-77@helix.example
DTSTAMP:20261201T090000Z
DTSTART:20261210T130000Z
DTEND:20261210T140000Z
SUMMARY:Second round
ORGANIZER;CN="Greta Hoffmann":mailto:greta@helix.example
ATTENDEE;CN="Ana Ruiz";ROLE=REQ-PARTICIPANT:mailto:ana.ruiz@helix.example
ATTENDEE;CN="Alex  Morgan";ROLE=REQ-PARTICIPANT:mailto:alex.m.private@mail.example
ATTENDEE;CN="Jordan Lee";ROLE=REQ-PARTICIPANT:mailto:jordan@helix.example
END:VEVENT
END:VCALENDAR
"""


def test_the_user_by_name_at_another_address_is_never_made_a_contact(services, tmp_path):
    """Item 6 (ICS half): the attendee named as in Mail settings' "your name" is the user,
    whatever address the invitation uses; the others still become contacts."""
    company = services.companies.create(name="Helix Biolabs")
    app = services.applications.create(company_id=company.id, job_title="Data Analyst")
    services.settings.set_many({"me.name": "alex morgan",
                                "smtp.from_address": "alex@work.example"})
    invite = tmp_path / "second-round.ics"
    invite.write_text(INVITE_TO_MY_OTHER_ADDRESS.replace("\n", "\r\n"), encoding="utf-8")
    result = services.calendar.import_ics(invite, app.id)
    names = {c.name for c in services.contacts.list()}
    emails = {c.email for c in services.contacts.list()}
    assert "alex.m.private@mail.example" not in emails
    assert not any("morgan" in n.lower() for n in names)
    assert names == {"Greta Hoffmann", "Ana Ruiz", "Jordan Lee"}
    assert len(result.contacts_created) == 3
    [event] = services.events.for_application(app.id)
    interviewers = {services.contacts.get(c).name for c in event.interviewer_ids}
    assert "Alex Morgan" not in interviewers and "Ana Ruiz" in interviewers
