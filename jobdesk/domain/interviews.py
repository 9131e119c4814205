"""The one notion of "the last interview" of an application, shared by the composer (which
template, which date and interviewer), Today's thank-you rule and the calendar.

An interview is either an interview *event* on the calendar or a *log entry* of kind
interview (the user logged it instead of planning it). The last interview is the later of the
two that has happened before a given instant; at the same instant the event wins (it knows
the interviewers and carries the notes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from jobdesk.domain.enums import EventKind, InteractionKind
from jobdesk.domain.rows import EventRow, InteractionRow


@dataclass(frozen=True)
class LastInterview:
    at: datetime  # when it happened (an event's end, else its start; a log entry's time)
    event: EventRow | None = None  # the calendar event, when the event is the later one
    entry: InteractionRow | None = None  # the log entry, when the log is the later one

    @property
    def contact_id(self) -> int | None:
        """The interviewer: the event's first one, or the contact of the log entry."""
        if self.event is not None:
            return self.event.interviewer_ids[0] if self.event.interviewer_ids else None
        return self.entry.contact_id if self.entry is not None else None

    @property
    def notes(self) -> str:
        """What was discussed: the event's notes, or the log entry's text."""
        if self.event is not None:
            return self.event.notes
        if self.entry is not None:
            return self.entry.body or self.entry.summary
        return ""


def is_logged_interview(entry: InteractionRow) -> bool:
    """A log entry that stands for an interview (as an interview event does)."""
    return (entry.kind == InteractionKind.INTERVIEW and entry.archived_at is None
            and entry.application_id is not None)


def event_moment(event: EventRow) -> datetime:
    """When an interview event counts as having happened: its end, else its start."""
    return event.ends_at or event.starts_at


def later_interview(event: tuple[datetime, EventRow] | None, logged: datetime | None
                    ) -> tuple[datetime, EventRow | None] | None:
    """The rule itself: the later of the latest interview event and the latest logged
    interview (the event on a tie); ``None`` when there is neither."""
    if logged is not None and (event is None or logged > event[0]):
        return logged, None
    return event


def last_interview(events: Iterable[EventRow], entries: Iterable[InteractionRow],
                   before: datetime) -> LastInterview | None:
    """The last interview that happened before ``before``, from an application's events and
    log (other kinds and archived rows are ignored)."""
    best_event: tuple[datetime, EventRow] | None = None
    for e in events:
        if e.kind != EventKind.INTERVIEW or e.archived_at is not None:
            continue
        moment = event_moment(e)
        if moment < before and (best_event is None or moment > best_event[0]):
            best_event = (moment, e)
    best_entry: InteractionRow | None = None
    for i in entries:
        if (is_logged_interview(i) and i.occurred_at < before
                and (best_entry is None or i.occurred_at > best_entry.occurred_at)):
            best_entry = i
    found = later_interview(best_event, best_entry.occurred_at if best_entry else None)
    if found is None:
        return None
    moment, event = found
    return LastInterview(moment, event, None if event is not None else best_entry)
