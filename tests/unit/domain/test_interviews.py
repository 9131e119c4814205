"""The one notion of the last interview: an interview event or a log entry of kind
interview, whichever is later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobdesk.domain.enums import Direction, EventKind, InteractionKind
from jobdesk.domain.interviews import last_interview
from jobdesk.domain.rows import EventRow, InteractionRow

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def event(id_, at, kind=EventKind.INTERVIEW, ends=None, archived=None, people=(7,)):
    return EventRow(id_, 1, kind, "Interview", at, ends, "UTC", False, "", "the case study",
                    "", f"uid{id_}", people, at, at, archived)


def entry(id_, at, kind=InteractionKind.INTERVIEW, archived=None, contact=9):
    return InteractionRow(id_, 1, None, contact, kind, Direction.INCOMING, at, "Interview",
                          "the roadmap", at, archived)


def test_no_interview_at_all():
    assert last_interview([], [], NOW) is None
    assert last_interview([event(1, NOW - timedelta(days=1), EventKind.DEADLINE)],
                          [entry(1, NOW - timedelta(days=1), InteractionKind.CALL)], NOW) is None


def test_a_logged_interview_counts_and_carries_its_contact_and_text():
    found = last_interview([], [entry(4, NOW - timedelta(days=2))], NOW)
    assert found.at == NOW - timedelta(days=2) and found.event is None
    assert found.contact_id == 9 and found.notes == "the roadmap"


def test_the_later_one_wins_and_the_event_on_a_tie():
    e = event(1, NOW - timedelta(days=3))
    later_log = entry(2, NOW - timedelta(days=1))
    assert last_interview([e], [later_log], NOW).entry == later_log
    later_event = event(3, NOW - timedelta(hours=5), ends=NOW - timedelta(hours=4))
    found = last_interview([later_event], [later_log], NOW)
    assert found.event == later_event and found.at == NOW - timedelta(hours=4)
    assert found.contact_id == 7
    tie = entry(5, NOW - timedelta(hours=4))
    assert last_interview([later_event], [tie], NOW).event == later_event


def test_future_and_archived_ones_do_not_count():
    future = event(1, NOW + timedelta(days=1))
    gone = entry(2, NOW - timedelta(days=1), archived=NOW)
    assert last_interview([future], [gone], NOW) is None
