"""The calendar: per-day marks and agendas, promised answers and their follow-ups, the question
bank, and ICS import/export (``jobdesk.services.ics`` reads and writes the files).

``CalendarIndex`` keeps plain event and application rows in memory with a per-day count of
each mark kind, so a month view asks a dict, never the database, when it paints; the change
bus keeps it current by id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Changes, Entity
from jobdesk.domain.dates import follow_up_after_promise, local_zone_name
from jobdesk.domain.enums import EventKind, InteractionKind, Relationship
from jobdesk.domain.errors import JobDeskError, NotFoundError
from jobdesk.domain.interviews import is_logged_interview
from jobdesk.domain.rows import ApplicationRow, EventRow, InteractionRow
from jobdesk.domain.text import fold, search_terms
from jobdesk.services import ics
from jobdesk.services.applications import ApplicationsService
from jobdesk.services.base import Clock, utcnow
from jobdesk.services.contacts import ContactsService
from jobdesk.services.events import EventsService


class MarkKind(StrEnum):
    """What a calendar day can be marked with (events plus dates derived from applications)."""

    INTERVIEW = "interview"
    DEADLINE = "deadline"
    RESPONSE_DUE = "response_due"
    FOLLOW_UP = "follow_up"
    OFFER_DEADLINE = "offer_deadline"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _MARK_LABELS[self]


_MARK_LABELS = {
    MarkKind.INTERVIEW: "Interview",
    MarkKind.DEADLINE: "Deadline",
    MarkKind.RESPONSE_DUE: "Answer promised",
    MarkKind.FOLLOW_UP: "Follow-up due",
    MarkKind.OFFER_DEADLINE: "Offer deadline",
    MarkKind.OTHER: "Other",
}
MARK_ORDER = tuple(MarkKind)
_FROM_EVENT = {
    EventKind.INTERVIEW: MarkKind.INTERVIEW,
    EventKind.DEADLINE: MarkKind.DEADLINE,
    EventKind.FOLLOW_UP: MarkKind.FOLLOW_UP,
    EventKind.OFFER_DEADLINE: MarkKind.OFFER_DEADLINE,
    EventKind.OTHER: MarkKind.OTHER,
}


@dataclass(frozen=True, slots=True)
class AgendaItem:
    key: str  # "event:12", "promise:5", "follow_up:5"
    kind: MarkKind
    day: date
    application_id: int
    event_id: int | None
    starts_at: datetime | None  # None: the whole day
    ends_at: datetime | None
    company: str
    job_title: str
    title: str
    who: str
    location: str

    def time_text(self, zone: ZoneInfo) -> str:
        if self.starts_at is None:
            return "all day"
        text = self.starts_at.astimezone(zone).strftime("%H:%M")
        if self.ends_at is not None:
            text += "–" + self.ends_at.astimezone(zone).strftime("%H:%M")
        return text


@dataclass(frozen=True, slots=True)
class QuestionHit:
    event_id: int
    application_id: int
    day: date
    company: str
    job_title: str
    question: str


@dataclass
class ImportResult:
    path: Path
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    contacts_created: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        for n, word in ((len(self.created), "added"), (len(self.updated), "updated"),
                        (len(self.cancelled), "cancelled")):
            if n:
                parts.append(f"{n} event{'s' if n != 1 else ''} {word}")
        if self.contacts_created:
            n = len(self.contacts_created)
            parts.append(f"{n} new contact{'s' if n != 1 else ''}")
        text = f"{self.path.name}: " + (", ".join(parts) or "nothing changed")
        if self.notes:
            text += ". Note: " + "; ".join(self.notes)
        return text


class CalendarIndex:
    """Active events and applications' promised answers, indexed by local day (Qt-free)."""

    def __init__(self, zone: str, holidays: Iterable[date] = ()):
        self.zone = ZoneInfo(zone)
        self.holidays = frozenset(holidays)
        self.events: dict[int, EventRow] = {}
        self.applications: dict[int, ApplicationRow] = {}
        # interviews logged as log entries count as interviews here too (domain.interviews)
        self.logged: dict[int, InteractionRow] = {}
        self.logged_loaded = False  # the logged interviews are read when first shown
        self._items: dict[str, tuple[date, MarkKind]] = {}
        self._by_day: dict[date, set[str]] = {}
        self._counts: dict[date, Counter] = {}

    # ---- loading -----------------------------------------------------------------------
    def load(self, events: Iterable[EventRow], applications: Iterable[ApplicationRow],
             logged: Iterable[InteractionRow] | None = None) -> None:
        self.events.clear()
        self.applications.clear()
        self.logged.clear()
        self._items.clear()
        self._by_day.clear()
        self._counts.clear()
        for app in applications:
            self._put_application(app)
        for event in events:
            self._put_event(event)
        if logged is not None:
            for entry in logged:
                self._put_logged(entry)
            self.logged_loaded = True

    def update_logged(self, ids: Iterable[int], fresh: Iterable[InteractionRow]) -> set[date]:
        """Replace log entries ``ids`` by their ``fresh`` rows (only logged interviews stay)."""
        touched: set[date] = set()
        for entry_id in ids:
            touched |= self._drop(f"logged:{entry_id}")
            self.logged.pop(entry_id, None)
        for entry in fresh:
            touched |= self._put_logged(entry)
        return touched

    def _put_logged(self, entry: InteractionRow) -> set[date]:
        if not is_logged_interview(entry):
            return set()
        self.logged[entry.id] = entry
        return self._add(f"logged:{entry.id}", entry.occurred_at.astimezone(self.zone).date(),
                         MarkKind.INTERVIEW)

    def update_events(self, ids: Iterable[int], fresh: Iterable[EventRow]) -> set[date]:
        """Replace events ``ids`` by their ``fresh`` active rows; return the days touched."""
        touched: set[date] = set()
        for event_id in ids:
            touched |= self._drop(f"event:{event_id}")
            self.events.pop(event_id, None)
        for event in fresh:
            touched |= self._put_event(event)
        return touched

    def update_applications(self, ids: Iterable[int], fresh: Iterable[ApplicationRow]
                            ) -> set[date]:
        touched: set[date] = set()
        for app_id in ids:
            touched |= self._drop(f"promise:{app_id}") | self._drop(f"follow_up:{app_id}")
            self.applications.pop(app_id, None)
        for app in fresh:
            touched |= self._put_application(app)
            touched |= {self._items[k][0] for k in self._keys_of_app_events(app.id)}
        return touched

    def _keys_of_app_events(self, app_id: int) -> list[str]:
        return [f"event:{e.id}" for e in self.events.values() if e.application_id == app_id]

    def local_day(self, event: EventRow) -> date:
        return event.starts_at.astimezone(ZoneInfo(event.timezone) if event.all_day
                                          else self.zone).date()

    def _put_event(self, event: EventRow) -> set[date]:
        self.events[event.id] = event
        return self._add(f"event:{event.id}", self.local_day(event), _FROM_EVENT[event.kind])

    def _put_application(self, app: ApplicationRow) -> set[date]:
        self.applications[app.id] = app
        if app.response_promised_on is None or not app.stage.is_open:
            return set()
        promised = app.response_promised_on
        follow = follow_up_after_promise(promised, self.holidays)
        return (self._add(f"promise:{app.id}", promised, MarkKind.RESPONSE_DUE)
                | self._add(f"follow_up:{app.id}", follow, MarkKind.FOLLOW_UP))

    def _add(self, key: str, day: date, kind: MarkKind) -> set[date]:
        self._items[key] = (day, kind)
        self._by_day.setdefault(day, set()).add(key)
        self._counts.setdefault(day, Counter())[kind] += 1
        return {day}

    def _drop(self, key: str) -> set[date]:
        found = self._items.pop(key, None)
        if found is None:
            return set()
        day, kind = found
        self._by_day[day].discard(key)
        counts = self._counts[day]
        counts[kind] -= 1
        if counts[kind] <= 0:
            del counts[kind]
        if not counts:
            del self._counts[day]
            del self._by_day[day]
        return {day}

    # ---- queries -----------------------------------------------------------------------
    def marks(self, day: date) -> tuple[MarkKind, ...]:
        counts = self._counts.get(day)
        if not counts:
            return ()
        return tuple(k for k in MARK_ORDER if counts.get(k))

    def marks_between(self, first: date, last: date) -> dict[date, tuple[MarkKind, ...]]:
        out: dict[date, tuple[MarkKind, ...]] = {}
        day = first
        while day <= last:
            marks = self.marks(day)
            if marks:
                out[day] = marks
            day += timedelta(days=1)
        return out

    def count(self, day: date) -> int:
        return len(self._by_day.get(day, ()))

    def keys_between(self, first: date, last: date) -> list[str]:
        keys: list[str] = []
        day = first
        while day <= last:
            keys.extend(self._by_day.get(day, ()))
            day += timedelta(days=1)
        return keys

    def item(self, key: str) -> tuple[date, MarkKind] | None:
        return self._items.get(key)


def _name_key(name: str) -> str:
    return " ".join(fold(name or "").replace(",", " ").split())


@dataclass(frozen=True)
class Own:
    """Who the user is in an invitation: any of their addresses, or their own name (people
    are invited at another address than the one JobDesk sends from)."""

    addresses: set[str]
    names: set[str]

    def is_me(self, person: ics.Person) -> bool:
        if person.email.strip().lower() in self.addresses:
            return True
        return bool(person.name) and _name_key(person.name) in self.names


class CalendarService:
    """Agenda, question bank and ICS files over the events and applications services."""

    def __init__(self, store: Store, bus: ChangeBus, events: EventsService,
                 applications: ApplicationsService, contacts: ContactsService,
                 clock: Clock = utcnow, zone: str | None = None,
                 own_addresses: Callable[[], Iterable[str]] = tuple,
                 own_names: Callable[[], Iterable[str]] = tuple):
        self.store = store
        self.bus = bus
        self.events = events
        self.applications = applications
        self.contacts = contacts
        self.clock = clock
        self.zone_name = zone or local_zone_name()
        try:
            ZoneInfo(self.zone_name)
        except (ValueError, KeyError, OSError):
            self.zone_name = "UTC"
        self.own_addresses = own_addresses
        self.own_names = own_names

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name)

    # ---- index and agenda ----------------------------------------------------------------
    def build_index(self, holidays: Iterable[date] = (),
                    applications: Iterable[ApplicationRow] | None = None) -> CalendarIndex:
        """``applications``: active rows already loaded elsewhere (saves a second read)."""
        index = CalendarIndex(self.zone_name, holidays)
        rows = self.applications.list() if applications is None else applications
        index.load(self.events.list(), rows)
        return index

    def load_logged_interviews(self, index: CalendarIndex) -> set[date]:
        """Add the interviews logged in the log to ``index`` (once, when the calendar is first
        shown: the query scans the whole log, ~0.2 s at 500,000 entries)."""
        rows = self.store.interaction_rows(kind=InteractionKind.INTERVIEW)
        index.logged_loaded = True
        return index.update_logged([r.id for r in rows], rows)

    def refresh_index(self, index: CalendarIndex, changes: Changes) -> set[date]:
        """Bring ``index`` up to date with ``changes``; return the days whose marks changed."""
        carried = changes.fresh(archived=False)  # the rows the write read, if it did
        if changes.entity == Entity.EVENT:
            return index.update_events(changes.ids, carried.values() if carried is not None
                                       else self.events.get_many(changes.ids, archived=False))
        if changes.entity == Entity.APPLICATION:
            return index.update_applications(
                changes.ids, carried.values() if carried is not None
                else self.applications.get_many(changes.ids, archived=False))
        if changes.entity == Entity.INTERACTION:  # an interview logged in the log
            return index.update_logged(changes.ids, carried.values() if carried is not None
                                       else self.store.interaction_rows(changes.ids))
        if changes.entity == Entity.COMPANY and (not changes.fields or "name" in changes.fields):
            # renamed companies show in agendas
            app_ids = {a.id for a in index.applications.values() if a.company_id in changes.ids}
            return index.update_applications(
                app_ids, self.applications.get_many(app_ids, archived=False))
        return set()

    def agenda(self, index: CalendarIndex, first: date, last: date) -> list[AgendaItem]:
        keys = index.keys_between(first, last)
        contact_ids = {c for k in keys if k.startswith("event:")
                       for c in index.events[int(k[6:])].interviewer_ids}
        names = {c.id: c.name for c in self.contacts.get_many(contact_ids)} if contact_ids else {}
        items = []
        for key in keys:
            found = index.item(key)
            if found is None:
                continue
            day, kind = found
            prefix, _, raw_id = key.partition(":")
            if prefix == "event":
                event = index.events[int(raw_id)]
                app = index.applications.get(event.application_id)
                timed = not event.all_day
                items.append(AgendaItem(
                    key, kind, day, event.application_id, event.id,
                    event.starts_at if timed else None, event.ends_at if timed else None,
                    app.company_name if app else "", app.job_title if app else "",
                    event.title or event.kind.label,
                    ", ".join(names.get(c, "") for c in event.interviewer_ids if c in names),
                    event.location))
            elif prefix == "logged":
                entry = index.logged[int(raw_id)]
                app = index.applications.get(entry.application_id)
                if app is None:
                    continue
                who = ""
                if entry.contact_id is not None:
                    found_people = self.contacts.get_many([entry.contact_id])
                    who = found_people[0].name if found_people else ""
                items.append(AgendaItem(
                    key, kind, day, entry.application_id, None, entry.occurred_at, None,
                    app.company_name, app.job_title,
                    (entry.summary or "Interview") + " (from the log)", who, ""))
            else:
                app = index.applications[int(raw_id)]
                title = ("Answer promised" if prefix == "promise"
                         else "Follow up: no answer yet?")
                items.append(AgendaItem(key, kind, day, app.id, None, None, None,
                                        app.company_name, app.job_title, title, "", ""))
        items.sort(key=lambda i: (i.day, i.starts_at is not None,
                                  i.starts_at or datetime.min.replace(tzinfo=UTC),
                                  MARK_ORDER.index(i.kind), i.company.casefold(), i.key))
        return items

    def upcoming(self, within: timedelta) -> list[EventRow]:
        now = self.clock()
        return [e for e in self.events.between(now, now + within) if not e.all_day]

    # ---- question bank -------------------------------------------------------------------
    def questions(self, query: str = "", application_id: int | None = None
                  ) -> list[QuestionHit]:
        """Questions asked in interviews, one per line, newest first; ``query`` matches
        words of the question, company or job title (case and accents ignored)."""
        terms = search_terms(query)
        rows = (self.events.for_application(application_id) if application_id is not None
                else self.events.list())
        apps = {a.id: a for a in self.applications.get_many({e.application_id for e in rows})}
        hits = []
        for event in rows:
            if not event.questions.strip():
                continue
            app = apps.get(event.application_id)
            company, job = (app.company_name, app.job_title) if app else ("", "")
            for line in event.questions.splitlines():
                question = line.strip().lstrip("-*•").strip()
                if not question:
                    continue
                key = fold(f"{question} {company} {job}")
                if all(t in key for t in terms):
                    hits.append(QuestionHit(event.id, event.application_id,
                                            event.starts_at.astimezone(self.zone).date(),
                                            company, job, question))
        hits.sort(key=lambda h: (h.day, h.event_id), reverse=True)
        return hits

    # ---- export --------------------------------------------------------------------------
    def export_rows(self, application_id: int | None = None, *,
                    upcoming: bool | None = None) -> list[EventRow]:
        """The events to export: ``upcoming`` ones (from the start of today, in the user's
        zone) or all active ones, of every application or of one. ``upcoming=None``: all of
        one application's events, the upcoming ones of all applications."""
        if application_id is not None:
            self.applications.get(application_id)  # NotFoundError when it does not exist
            rows = self.events.for_application(application_id)
        else:
            rows = self.events.list()
        if upcoming is None:
            upcoming = application_id is None
        if not upcoming:
            return rows
        start = datetime.combine(self.clock().astimezone(self.zone).date(), time(0),
                                 self.zone).astimezone(UTC)
        return [e for e in rows if (e.ends_at or e.starts_at) >= start]

    def calendar_bytes(self, rows: list[EventRow], reminder_minutes: int | None = None
                       ) -> bytes:
        """``reminder_minutes``: each event gets a display alarm this long before it."""
        apps = {a.id: a for a in self.applications.get_many({e.application_id for e in rows})}
        people = {c.id: c for c in self.contacts.get_many(
            {c for e in rows for c in e.interviewer_ids})}
        sequences = self.store.event_sequences([e.id for e in rows])
        items = []
        for e in rows:
            app = apps.get(e.application_id)
            attendees = tuple(ics.Person(people[c].email, people[c].name)
                              for c in e.interviewer_ids if c in people and people[c].email)
            items.append(ics.ExportEvent(
                uid=e.uid, sequence=sequences.get(e.id, 0), kind=e.kind, title=e.title,
                company=app.company_name if app else "", job_title=app.job_title if app else "",
                starts_at=e.starts_at, ends_at=e.ends_at, timezone=e.timezone,
                all_day=e.all_day, location=e.location, notes=e.notes,
                questions=e.questions, attendees=attendees,
                reminder_minutes=reminder_minutes))
        return ics.build_calendar(items, self.clock()).to_ical()

    def export_ics(self, path: Path | str, application_id: int | None = None, *,
                   overwrite: bool = False, upcoming: bool | None = None,
                   reminder_minutes: int | None = None) -> int:
        """Write the events ``export_rows`` picks to ``path``; return how many."""
        rows = self.export_rows(application_id, upcoming=upcoming)
        if not rows:
            scope = "upcoming events" if upcoming or (upcoming is None
                                                      and application_id is None) else "events"
            what = (f"application #{application_id} has no {scope}" if application_id
                    else f"there are no {scope}")
            hint = "; export all events to include past ones" if "upcoming" in scope else ""
            raise ics.IcsError(path, f"not written: {what}{hint}")
        ics.write_atomically(path, self.calendar_bytes(rows, reminder_minutes),
                             overwrite=overwrite)
        return len(rows)

    # ---- import --------------------------------------------------------------------------
    def read(self, path: Path | str) -> ics.ParsedFile:
        """Parse only (no database): safe to run off the GUI thread."""
        return ics.read_ics(path, self.zone_name, self.clock())

    def import_ics(self, path: Path | str, application_id: int | None = None) -> ImportResult:
        """Import every event of ``path`` into ``application_id`` in one transaction."""
        return self.apply(self.read(path), application_id)

    def apply(self, parsed: ics.ParsedFile, application_id: int | None = None
              ) -> ImportResult:
        result = ImportResult(parsed.path, notes=list(parsed.notes))
        own = Own({a.strip().lower() for a in self.own_addresses()},
                  {_name_key(n) for n in self.own_names() if _name_key(n)})
        try:
            with self.bus.hold(), self.store.transaction():
                for event in parsed.events:
                    self._apply_one(event, application_id, own, result)
        except ics.IcsError:
            raise
        except JobDeskError as exc:
            raise ics.IcsError(parsed.path, f"nothing was imported: {exc}") from exc
        return result

    def _apply_one(self, event: ics.ParsedEvent, application_id: int | None, own: Own,
                   result: ImportResult) -> None:
        existing_id = self.store.event_id_by_uid(event.uid)
        existing = self.events.get(existing_id) if existing_id is not None else None
        if event.cancelled:
            if existing is None:
                result.notes.append(f"cancellation of {event.title or event.uid!r}: no such "
                                    "event here; nothing to cancel")
            elif existing.archived_at is None:
                self.events.archive([existing.id])
                result.cancelled.append(existing.id)
            return
        app_id = existing.application_id if existing is not None else application_id
        if app_id is None:
            raise ics.IcsError(
                Path(result.path),
                f"event {event.title or event.uid!r} is new; say which application it belongs "
                "to (drop it onto the application, or use --application ID)")
        try:
            app = self.applications.get(app_id)
        except NotFoundError:
            raise ics.IcsError(Path(result.path),
                               f"application #{app_id} does not exist; nothing was imported"
                               ) from None
        people = self._people(event, app.company_id, own, result)
        kind = event.kind or (existing.kind if existing else EventKind.INTERVIEW)
        values = dict(kind=kind, title=event.title, starts_at=event.starts_at,
                      ends_at=event.ends_at, timezone=event.timezone, all_day=event.all_day,
                      location=event.location, notes=event.notes, interviewer_ids=people)
        if event.questions:
            values["questions"] = event.questions
        if existing is None:
            row = self.events.create(application_id=app_id, uid=event.uid, **values)
            self.store.update(Entity.EVENT, row.id, {"sequence": event.sequence})
            result.created.append(row.id)
            return
        stored_sequence = self.store.event_sequences([existing.id]).get(existing.id, 0)
        if event.sequence < stored_sequence:
            result.notes.append(f"{event.title or event.uid!r} is an older version "
                                f"(SEQUENCE {event.sequence} < {stored_sequence}); kept ours")
            return
        if not event.notes and existing.notes:
            values.pop("notes")
        self.events.update(existing.id, **values)
        self.store.update(Entity.EVENT, existing.id,
                          {"sequence": max(event.sequence, stored_sequence)})
        if existing.archived_at is not None:
            self.events.restore([existing.id])
        result.updated.append(existing.id)

    def _people(self, event: ics.ParsedEvent, company_id: int, own: Own,
                result: ImportResult) -> list[int]:
        """Contact ids for the organiser and attendees: matched by e-mail, else created as
        contacts of the application's company."""
        everyone = ([(event.organizer, Relationship.RECRUITER)] if event.organizer else []) + [
            (p, Relationship.INTERVIEWER) for p in event.attendees]
        wanted = [(p, rel) for p, rel in everyone if not own.is_me(p)]
        known = self.store.contacts_by_email(p.email for p, _ in wanted)
        ids: list[int] = []
        for person, relationship in wanted:
            key = person.email.lower()
            contact_id = known.get(key)
            if contact_id is None:
                try:
                    row = self.contacts.create(name=person.name, email=person.email,
                                               company_id=company_id,
                                               relationship=relationship)
                except JobDeskError as exc:
                    result.notes.append(f"{person.email}: not added as a contact ({exc})")
                    continue
                contact_id = known[key] = row.id
                result.contacts_created.append(row.id)
            if contact_id not in ids:
                ids.append(contact_id)
        return ids
