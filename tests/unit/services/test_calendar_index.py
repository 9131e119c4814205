"""Per-day marks, agendas, promised answers with their follow-up, and the question bank."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from jobdesk.services.calendar import MarkKind

BERLIN = ZoneInfo("Europe/Berlin")


def test_promised_answer_and_its_follow_up_show_on_the_calendar(cal_services, app_row):
    s = cal_services
    s.applications.update(app_row.id, stage="interviewing",
                          response_promised_on=date(2026, 3, 20))  # a Friday
    index = s.calendar.build_index()
    assert index.marks(date(2026, 3, 20)) == (MarkKind.RESPONSE_DUE,)
    assert index.marks(date(2026, 3, 23)) == (MarkKind.FOLLOW_UP,)  # Monday
    agenda = s.calendar.agenda(index, date(2026, 3, 16), date(2026, 3, 22 + 1))
    assert [(i.title, i.company, i.job_title) for i in agenda] == [
        ("Answer promised", "Brightlane Analytics", "Senior Data Analyst"),
        ("Follow up: no answer yet?", "Brightlane Analytics", "Senior Data Analyst")]
    # moving the promise moves both marks; a closed application shows neither
    touched = s.calendar.refresh_index(index, _change(s, app_row.id,
                                                      response_promised_on=date(2026, 3, 24)))
    assert touched >= {date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24),
                       date(2026, 3, 25)}
    assert index.marks(date(2026, 3, 20)) == ()
    assert index.marks(date(2026, 3, 25)) == (MarkKind.FOLLOW_UP,)
    s.calendar.refresh_index(index, _change(s, app_row.id, stage="rejected"))
    assert index.marks_between(date(2026, 3, 1), date(2026, 3, 31)) == {}


def _change(s, app_id, **values):
    from jobdesk.domain.changes import Changes, Entity

    s.applications.update(app_id, **values)
    return Changes.of(Entity.APPLICATION, [app_id])


def test_marks_follow_create_move_and_archive(cal_services, app_row):
    from jobdesk.domain.changes import Changes, Entity

    s = cal_services
    index = s.calendar.build_index()
    seen = []
    s.bus.subscribe(lambda ch: seen.append(s.calendar.refresh_index(index, ch)))
    ev = s.events.create(application_id=app_row.id, kind="interview",
                         starts_at=datetime(2026, 3, 12, 23, 30, tzinfo=BERLIN),
                         timezone="Europe/Berlin")
    assert index.marks(date(2026, 3, 12)) == (MarkKind.INTERVIEW,)  # local day, not UTC day
    s.events.update(ev.id, starts_at=datetime(2026, 3, 13, 9, tzinfo=BERLIN), kind="deadline")
    assert index.marks(date(2026, 3, 12)) == ()
    assert index.marks(date(2026, 3, 13)) == (MarkKind.DEADLINE,)
    s.events.archive([ev.id])
    assert index.marks(date(2026, 3, 13)) == ()
    assert seen[-1] == {date(2026, 3, 13)}
    assert s.calendar.refresh_index(index, Changes.of(Entity.CONTACT, [1])) == set()


def test_question_bank_searches_questions_company_and_job(cal_services, app_row):
    s = cal_services
    s.events.create(application_id=app_row.id, kind="interview",
                    starts_at=datetime(2026, 3, 2, 10, tzinfo=BERLIN), timezone="Europe/Berlin",
                    questions="- How do you test a dbt model?\n\nWhy Brightlane?")
    assert [h.question for h in s.calendar.questions()] == [
        "How do you test a dbt model?", "Why Brightlane?"]
    assert [h.question for h in s.calendar.questions("DBT")] == ["How do you test a dbt model?"]
    assert len(s.calendar.questions("senior analyst")) == 2  # the job title matches
    assert s.calendar.questions("kubernetes") == []
