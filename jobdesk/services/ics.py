"""iCalendar (RFC 5545) files in and out, with the ``icalendar`` package.

Reading is pure (no database): ``read_ics(path, user_zone, now)`` turns a file into
``ParsedEvent`` values or raises ``IcsError`` naming the file and the problem. Writing builds
a ``VCALENDAR`` from plain rows and saves it atomically (temp file, then rename or hard link),
never overwriting an existing file unless asked.

Messy input is handled as ``docs/decisions.md`` ("Calendar: ICS import rules") describes:
Windows zone names are mapped to IANA names with a table, floating times are read in the
user's zone, an event without an end lasts ``DEFAULT_LENGTH``, a recurring event imports its
next occurrence only, and every such reading is reported back as a note.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobdesk.domain.enums import EventKind
from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.text import fold

if TYPE_CHECKING:
    import icalendar

# ``icalendar`` and ``dateutil`` take ~0.4 s to import and the first window does not need them:
# they are imported by the functions that read or write a file.

PRODID = "-//JobDesk//JobDesk Calendar//EN"
DEFAULT_LENGTH = timedelta(hours=1)
MAX_FILE_BYTES = 5 * 1024 * 1024
X_KIND, X_TITLE, X_QUESTIONS = "X-JOBDESK-KIND", "X-JOBDESK-TITLE", "X-JOBDESK-QUESTIONS"
X_ZONE = "X-JOBDESK-TZID"  # the zone an all-day date belongs to (dates carry none)


class IcsError(JobDeskError):
    """A calendar file could not be read or written; the message names the file."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


@dataclass(frozen=True)
class Person:
    email: str
    name: str


@dataclass(frozen=True)
class ParsedEvent:
    uid: str
    kind: EventKind | None  # None: the file does not say (JobDesk's own exports do)
    title: str
    starts_at: datetime  # aware UTC
    ends_at: datetime | None
    timezone: str  # IANA name the times are shown in
    all_day: bool
    location: str
    notes: str
    questions: str
    sequence: int
    cancelled: bool
    organizer: Person | None
    attendees: tuple[Person, ...]


@dataclass
class ParsedFile:
    path: Path
    method: str
    events: list[ParsedEvent]
    notes: list[str] = field(default_factory=list)  # how messy input was read


@dataclass(frozen=True)
class ExportEvent:
    """What one exported VEVENT needs, as plain values."""

    uid: str
    sequence: int
    kind: EventKind
    title: str
    company: str
    job_title: str
    starts_at: datetime
    ends_at: datetime | None
    timezone: str
    all_day: bool
    location: str
    notes: str
    questions: str
    attendees: tuple[Person, ...]
    reminder_minutes: int | None = None  # a VALARM this long before the start (None: none)


# ---- reading ------------------------------------------------------------------------------
def _decode(path: Path, raw: bytes, notes: list[str]) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    notes.append(f"{path.name} is not UTF-8; read its text as Windows-1252 (Western European)")
    return raw.decode("cp1252", errors="replace")


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _zone_key(tz: Any) -> str | None:
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) and _zone(key) else None


class _Reader:
    def __init__(self, path: Path, user_zone: str, now: datetime, notes: list[str]):
        self.path = path
        self.user_zone = user_zone
        self.user_tz = ZoneInfo(user_zone)
        self.now = now
        self.notes = notes
        self.label = ""

    def fail(self, problem: str) -> IcsError:
        return IcsError(self.path, f"{self.label}: {problem}" if self.label else problem)

    def instant(self, prop: Any, what: str) -> tuple[datetime | date, str]:
        """(value, zone name) of a DTSTART/DTEND; datetimes come back aware."""
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
        value = prop.dt
        tzid = str(prop.params.get("TZID", "") or "")
        if isinstance(value, date) and not isinstance(value, datetime):
            return value, self.user_zone
        if not isinstance(value, datetime):
            raise self.fail(f"the {what} is not a date or a date and time")
        if value.tzinfo is not None:
            if value.utcoffset() == timedelta(0) and not tzid:
                return value, self.user_zone
            key = _zone_key(value.tzinfo)
            if key:
                if tzid and tzid != key:
                    kind = "Windows time zone" if tzid in WINDOWS_TO_OLSON else "time zone"
                    self._note(f"{kind} {tzid!r} read as {key}")
                return value, key
            # a zone the file defines itself (VTIMEZONE with a custom TZID): the instant is
            # exact, but there is no IANA name to show it in
            self._note(f"time zone {tzid or 'of the file'!r} is not a standard name; "
                       f"the time is shown in your zone ({self.user_zone})")
            return value, self.user_zone
        if tzid:
            name = tzid if _zone(tzid) else WINDOWS_TO_OLSON.get(tzid)
            if name is None:
                raise self.fail(
                    f"the {what} uses the time zone {tzid!r}, which is neither a known zone "
                    "name nor defined in the file (no VTIMEZONE). Ask the sender for a new "
                    "invitation, or add the event by hand")
            if name != tzid:
                self._note(f"Windows time zone {tzid!r} read as {name}")
            return value.replace(tzinfo=ZoneInfo(name)), name
        self._note(f"the {what} has no time zone (floating time); read it in your zone "
                   f"({self.user_zone})")
        return value.replace(tzinfo=self.user_tz), self.user_zone

    def _note(self, text: str) -> None:
        note = f"{self.label}: {text}" if self.label else text
        if note not in self.notes:
            self.notes.append(note)

    def event(self, comp: Any, method: str) -> ParsedEvent:
        uid = str(comp.get("UID", "") or "").strip()
        summary = str(comp.get("SUMMARY", "") or "").strip()
        self.label = f"event {summary!r}" if summary else f"event {uid or '(no UID)'}"
        if comp.errors:
            details = "; ".join(f"{prop or 'line'}: {msg}" for prop, msg in comp.errors)
            raise self.fail(f"it has unreadable lines ({details}). Nothing was imported")
        start_prop = comp.get("DTSTART")
        if not uid:
            # a stable stand-in, so importing the same file again updates instead of adding
            seed = f"{summary}|{start_prop.to_ical() if start_prop is not None else b''!r}"
            uid = f"{hashlib.sha1(seed.encode()).hexdigest()[:20]}@import.jobdesk.app"
            self._note("has no UID; gave it one made from its title and start")
        if start_prop is None:
            raise self.fail("it has no start (DTSTART); nothing was imported")
        start, zone = self.instant(start_prop, "start")
        all_day = not isinstance(start, datetime)
        end_prop = comp.get("DTEND")
        duration_prop = comp.get("DURATION")
        end: datetime | date | None = None
        if end_prop is not None:
            end, _ = self.instant(end_prop, "end")
            if isinstance(end, datetime) != isinstance(start, datetime):
                raise self.fail("its start and end mix a date with a date and time")
        elif duration_prop is not None:
            end = start + duration_prop.dt
        elif not all_day and not comp.get(X_KIND):  # our own exports: a moment, no length
            end = start + DEFAULT_LENGTH
            self._note(f"no end time; assumed {int(DEFAULT_LENGTH.total_seconds() // 60)} "
                       "minutes")
        if end is not None and end < start:
            raise self.fail("it ends before it starts")
        if comp.get("RRULE") is not None:
            start, end = self._next_occurrence(comp, start, end)
        if all_day and _zone(str(comp.get(X_ZONE, "") or "")):
            zone = str(comp.get(X_ZONE))
        tz = ZoneInfo(zone)
        if all_day:
            assert isinstance(start, date)
            starts_at = datetime.combine(start, time(0), tz).astimezone(UTC)
            days = (end - start).days if isinstance(end, date) else 1
            ends_at = (datetime.combine(end, time(0), tz).astimezone(UTC)
                       if isinstance(end, date) and days > 1 else None)
        else:
            assert isinstance(start, datetime)
            starts_at = start.astimezone(UTC)
            ends_at = end.astimezone(UTC) if isinstance(end, datetime) else None
        kind_text = str(comp.get(X_KIND, "") or "")
        try:
            kind = EventKind.parse(kind_text, "kind") if kind_text else None
        except JobDeskError:
            kind = None
        status = str(comp.get("STATUS", "") or "").upper()
        try:
            sequence = int(comp.get("SEQUENCE", 0) or 0)
        except (TypeError, ValueError):
            sequence = 0
        organizer = _person(comp.get("ORGANIZER"))
        attendees_raw = comp.get("ATTENDEE") or []
        if not isinstance(attendees_raw, list):
            attendees_raw = [attendees_raw]
        attendees = tuple(p for p in (_person(a) for a in attendees_raw) if p is not None)
        title = _x_text(comp, X_TITLE).strip() if X_TITLE in comp else summary
        return ParsedEvent(
            uid=uid[:300], kind=kind, title=title[:300], starts_at=starts_at, ends_at=ends_at,
            timezone=zone, all_day=all_day,
            location=str(comp.get("LOCATION", "") or "").strip()[:1000],
            notes=str(comp.get("DESCRIPTION", "") or "").rstrip(),
            questions=_x_text(comp, X_QUESTIONS).rstrip(),
            sequence=sequence, cancelled=method == "CANCEL" or status == "CANCELLED",
            organizer=organizer, attendees=attendees)

    def _next_occurrence(self, comp: Any, start, end):
        """A recurring event imports one occurrence: the next one from now (or the last one
        when all are past). Its UID stays, so importing again moves it on."""
        from dateutil.rrule import rrulestr
        rule = comp.get("RRULE")
        if isinstance(rule, list):
            rule = rule[0]
        length = (end - start) if end is not None else None
        all_day = not isinstance(start, datetime)
        first = datetime.combine(start, time(0)) if all_day else start
        try:
            rr = rrulestr(rule.to_ical().decode(), dtstart=first)
        except (ValueError, TypeError) as exc:
            raise self.fail(f"its repeat rule (RRULE) cannot be read: {exc}") from None
        now = self.now if not all_day else datetime.combine(
            self.now.astimezone(self.user_tz).date(), time(0))
        if not all_day and first.tzinfo is not None:
            now = self.now.astimezone(first.tzinfo)
        nxt = rr.after(now, inc=True)
        if nxt is None:
            occurrences = list(rr[:10_000]) if rr.count() < 10_000 else []  # finite rule
            nxt = occurrences[-1] if occurrences else first
            when = "all its dates are past; imported the last one"
        else:
            when = "imported the next one"
        shown = nxt.date() if all_day else nxt
        self._note(f"repeats (RRULE); JobDesk keeps single events, so {when} ({shown:%Y-%m-%d})"
                   " and ignores the others")
        new_start = nxt.date() if all_day else nxt
        return new_start, (new_start + length if length is not None else None)


_ESCAPED = re.compile(r"\\([\\;,nN])")


def _x_text(comp: Any, name: str) -> str:
    """Our X- properties arrive as raw (escaped) text: undo RFC 5545 TEXT escaping."""
    raw = str(comp.get(name, "") or "")
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def _person(value: Any) -> Person | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    email = text.strip()
    if "@" not in email or " " in email:
        return None
    params = getattr(value, "params", {}) or {}
    name = str(params.get("CN", "") or "").strip().strip('"')
    return Person(email=email, name=name or email.split("@")[0].replace(".", " ").title())


def read_ics(path: Path | str, user_zone: str, now: datetime) -> ParsedFile:
    """Read every VEVENT of ``path``; raise ``IcsError`` when any of them cannot be read
    (a file is imported whole or not at all)."""
    import icalendar
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IcsError(path, "is a folder, not a calendar file")
        if size > MAX_FILE_BYTES:
            raise IcsError(path, f"is {size // 1024 // 1024} MB; an invitation is a few KB. "
                                 "Is it the right file?")
        raw = path.read_bytes()
    except IcsError:
        raise
    except OSError as exc:
        raise IcsError(path, f"cannot be read: {exc.strerror or exc}") from None
    notes: list[str] = []
    text = _decode(path, raw, notes)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise IcsError(path, "is not an iCalendar (.ics) file: it does not start with "
                             "BEGIN:VCALENDAR. Save the invitation itself (the .ics "
                             "attachment) and import that")
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        message = str(exc).split(":", 1)[0][:200]
        raise IcsError(path, f"is not a valid iCalendar file ({message})") from None
    reader = _Reader(path, user_zone, now, notes)
    events: list[ParsedEvent] = []
    method = ""
    for calendar in calendars:
        if calendar.errors:
            details = "; ".join(f"{p or 'line'}: {m}" for p, m in calendar.errors)
            raise IcsError(path, f"has unreadable lines ({details}); nothing was imported")
        method = str(calendar.get("METHOD", "") or "").upper() or method
        for comp in calendar.walk("VEVENT"):
            events.append(reader.event(comp, method))
    if not events:
        raise IcsError(path, "contains no events (no VEVENT); nothing to import")
    return ParsedFile(path=path, method=method, events=events, notes=notes)


# ---- writing ------------------------------------------------------------------------------
def export_summary(title: str, kind: EventKind, job_title: str, company: str) -> str:
    """The event's title naming the job and company once: "Interview: Data Analyst at
    Helix Biolabs" from the title "Interview: Data Analyst", "Technical interview: Data
    Analyst at Helix Biolabs" from "Technical interview", a title that names both as it is."""
    title = " ".join((title or "").split()) or kind.label
    key = fold(title)
    has_job = bool(job_title) and fold(job_title) in key
    has_company = bool(company) and fold(company) in key
    if has_job and (has_company or not company):
        return title
    if has_job:
        return f"{title} at {company}"
    if has_company:
        return f"{title} – {job_title}" if job_title else title
    what = " at ".join(p for p in (job_title, company) if p)
    return f"{title}: {what}" if what else title


def build_calendar(events: list[ExportEvent], now: datetime) -> icalendar.Calendar:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for item in events:
        ev = icalendar.Event()
        ev.add("uid", item.uid)
        ev.add("dtstamp", now.astimezone(UTC))
        ev.add("sequence", item.sequence)
        summary = export_summary(item.title, item.kind, item.job_title, item.company)
        ev.add("summary", summary)
        tz = ZoneInfo(item.timezone)
        if item.all_day:
            first = item.starts_at.astimezone(tz).date()
            last = item.ends_at.astimezone(tz).date() if item.ends_at else first + timedelta(1)
            ev.add("dtstart", first)
            ev.add("dtend", max(last, first + timedelta(1)))
        else:
            zoned = item.timezone != "UTC"
            ev.add("dtstart", item.starts_at.astimezone(tz if zoned else UTC))
            if item.ends_at:
                ev.add("dtend", item.ends_at.astimezone(tz if zoned else UTC))
        if item.location:
            ev.add("location", item.location)
            if item.location.startswith(("https://", "http://")):
                ev.add("url", item.location)
        if item.notes:
            ev.add("description", item.notes)
        for person in item.attendees:
            address = icalendar.vCalAddress(f"mailto:{person.email}")
            address.params["CN"] = icalendar.vText(person.name)
            address.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
            ev.add("attendee", address, encode=0)
        ev.add(X_KIND, icalendar.vText(item.kind.value))
        ev.add(X_TITLE, icalendar.vText(item.title))
        ev.add(X_ZONE, icalendar.vText(item.timezone))
        if item.questions:
            ev.add(X_QUESTIONS, icalendar.vText(item.questions))
        if item.reminder_minutes is not None:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", timedelta(minutes=-item.reminder_minutes))
            ev.add_component(alarm)
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal


def write_atomically(path: Path | str, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temp file in the same folder. An existing file is
    replaced only with ``overwrite``; otherwise ``IcsError`` says so and nothing changes."""
    path = Path(path)
    if path.is_dir():
        raise IcsError(path, "is a folder; give a file name ending in .ics")
    if path.exists() and not overwrite:
        raise IcsError(path, "already exists; choose another name or allow replacing it "
                             "(--force)")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise IcsError(path, f"cannot be written in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)  # fails if the name was taken meanwhile: no clobbering
            except FileExistsError:
                raise IcsError(path, "already exists; choose another name") from None
            except OSError:
                if path.exists():
                    raise IcsError(path, "already exists; choose another name") from None
                os.replace(temp, path)  # file systems without hard links
    except OSError as exc:
        raise IcsError(path, f"could not be written: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path
