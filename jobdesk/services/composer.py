"""The composer: note templates, their rendering against the records, and the outgoing log.

Templates live in the ``NoteTemplate`` table, seeded on first use from ``resources/templates``
(one ``.j2`` file each, with a small header in a Jinja comment). The user's edits and own
templates stay in the database; a shipped template can be restored to its original.

Templates render in Jinja2's ``SandboxedEnvironment`` with ``StrictUndefined``. A field the
records lack is never rendered as a blank: it shows as ``[missing: name]`` in the preview and
is reported by name, and nothing goes out while such a marker is left in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from jobdesk.db import notes as q
from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Changes, Entity
from jobdesk.domain.dates import local_zone_name
from jobdesk.domain.enums import Direction, EventKind, InteractionKind, Relationship, Stage
from jobdesk.domain.errors import JobDeskError, NotFoundError, ValidationError
from jobdesk.domain.interviews import LastInterview, last_interview
from jobdesk.domain.notes import TemplateRow
from jobdesk.domain.rows import ContactRow, EventRow
from jobdesk.services import validation as v
from jobdesk.services.applications import ApplicationsService
from jobdesk.services.base import Clock, utcnow
from jobdesk.services.contacts import ContactsService
from jobdesk.services.events import EventsService
from jobdesk.services.interactions import InteractionsService
from jobdesk.services.settings import SettingsService

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

# ---- fields ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldInfo:
    description: str
    missing: str  # what the user is told when the record lacks it


FIELDS: dict[str, FieldInfo] = {
    "my_name": FieldInfo("your name (About you)",
                         "your name is not set; enter it in About you (Notes menu) or edit "
                         "the text"),
    "recipient_name": FieldInfo("the recipient's full name",
                                "no recipient is chosen; pick a contact or edit the text"),
    "recipient_first_name": FieldInfo("the recipient's first name",
                                      "no recipient is chosen; pick a contact or edit the text"),
    "interviewer_name": FieldInfo("the interviewer's full name",
                                  "the interview has no interviewer; pick one or edit the text"),
    "interviewer_first_name": FieldInfo(
        "the interviewer's first name",
        "the interview has no interviewer; pick one or edit the text"),
    "interviewer_role": FieldInfo(
        "the interviewer's job title",
        "the interviewer has no job title; add it to the contact or edit the text"),
    "company": FieldInfo("the company's name",
                         "no company is linked; open the composer from an application or a "
                         "contact at a company, or edit the text"),
    "job_title": FieldInfo("the application's job title",
                           "no application is chosen; open the composer from an application, "
                           "or edit the text"),
    "interview_date": FieldInfo("the interview's date, e.g. 'Tuesday, 10 March'",
                                "the application has no interview yet; add the interview to its "
                                "calendar or edit the text"),
    "discussed": FieldInfo("what was discussed: the first line of the interview's notes, "
                           "written as a phrase ('the churn case study')",
                           "the interview has no notes on what was discussed; add them to the "
                           "interview's notes or edit the text"),
    "promised_date": FieldInfo("the date the company promised an answer",
                               "the application has no promised response date; set it or edit "
                               "the text"),
}

MISSING_MARK = "[missing: {}]"
_MISSING_RE = re.compile(r"\[missing: ([A-Za-z_][A-Za-z0-9_]*)\]")
_UNDEFINED_RE = re.compile(r"^'([A-Za-z_][A-Za-z0-9_]*)' is undefined$")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MAX_TEXT = 200_000  # a template cannot blow up the preview with 'x' * 10**9


def long_date(day: date) -> str:
    """'Tuesday, 10 March' (the year only when it is not this one is the caller's business)."""
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]}"


@dataclass(frozen=True)
class MissingField:
    name: str
    message: str
    known: bool = True  # False: the template names a field JobDesk does not have (a typo)

    def __str__(self) -> str:
        return f"{{{{ {self.name} }}}}: {self.message}"


@dataclass(frozen=True)
class TemplateProblem:
    """The template itself is wrong (syntax, an unsafe or failing expression)."""

    part: str  # "subject" or "body"
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.part}, line {self.line}" if self.line else self.part
        return f"{where}: {self.message}"


class TemplateErrorReport(ValidationError):
    def __init__(self, problems: list[TemplateProblem]):
        super().__init__("template", "; ".join(str(p) for p in problems))
        self.problems = problems


class MissingFieldsError(JobDeskError):
    """The note still has ``[missing: ...]`` markers; nothing was sent or logged."""

    def __init__(self, missing: list[MissingField]):
        super().__init__("the note is not ready: " + "; ".join(m.message for m in missing))
        self.missing = missing


# ---- the records behind a note -------------------------------------------------------------


@dataclass(frozen=True)
class NoteContext:
    application_id: int | None
    event_id: int | None
    contact_id: int | None  # the recipient
    company_id: int | None
    recipient_email: str
    values: dict[str, str]


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    missing: list[MissingField] = field(default_factory=list)
    problems: list[TemplateProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problems


@dataclass(frozen=True)
class Draft:
    """A note ready to leave: what the user sees in the composer."""

    recipient: str
    subject: str
    body: str
    kind: InteractionKind = InteractionKind.EMAIL
    template_key: str = ""
    application_id: int | None = None
    contact_id: int | None = None
    company_id: int | None = None
    recipient_name: str = ""


@dataclass(frozen=True)
class LoggedNote:
    interaction_id: int
    follow_up_event_id: int | None


class Via:
    CLIPBOARD = "copied to the clipboard"
    MAIL_PROGRAM = "opened in the mail program"
    SMTP = "sent by e-mail"


# ---- template files ------------------------------------------------------------------------


@dataclass(frozen=True)
class ShippedTemplate:
    key: str
    name: str
    kind: InteractionKind
    subject: str
    body: str


_HEADER_RE = re.compile(r"\A\{#-?\s*\n(?P<header>.*?)\n\s*-?#\}\n?", re.S)


def parse_template_file(key: str, text: str) -> ShippedTemplate:
    """A ``.j2`` file: a header comment (``name:``, ``kind:``, ``subject:``), then the body."""
    match = _HEADER_RE.match(text)
    if not match:
        raise ValueError(f"template {key!r} has no header comment with name, kind and subject")
    header: dict[str, str] = {}
    for line in match.group("header").splitlines():
        if line.strip():
            name, sep, value = line.partition(":")
            if not sep:
                raise ValueError(f"template {key!r}: header line {line!r} is not 'name: value'")
            header[name.strip().lower()] = value.strip()
    for needed in ("name", "kind", "subject"):
        if needed not in header:
            raise ValueError(f"template {key!r}: the header has no {needed!r}")
    body = text[match.end():].strip("\n") + "\n"
    return ShippedTemplate(key, header["name"], InteractionKind.parse(header["kind"], "kind"),
                           header["subject"], body)


def shipped_templates(directory: Path | None = None) -> dict[str, ShippedTemplate]:
    if directory is None:
        from jobdesk.paths import resource

        directory = resource("templates")
    found = {}
    for path in sorted(directory.glob("*.j2")):
        found[path.stem] = parse_template_file(path.stem, path.read_text(encoding="utf-8"))
    return found


# ---- rendering -----------------------------------------------------------------------------


# Jinja2 is imported when a template is first checked or rendered, not when JobDesk starts
# (the first window shows no template).


@functools.cache
def _sandbox_class() -> type[SandboxedEnvironment]:
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class _Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, int) and right > 64:
                raise SecurityError("the exponent is too large")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if (isinstance(seq, str | list | tuple) and isinstance(times, int)
                            and len(seq) * times > _MAX_TEXT):
                        raise SecurityError("the result would be too long")
            result = super().call_binop(context, operator, left, right)
            if isinstance(result, str | list | tuple) and len(result) > _MAX_TEXT:
                raise SecurityError("the result is too long")
            return result

    return _Sandbox


def make_environment() -> SandboxedEnvironment:
    from jinja2 import StrictUndefined

    env = _sandbox_class()(undefined=StrictUndefined, autoescape=False,
                           keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name, None)
    return env


def _missing_field(name: str) -> MissingField:
    info = FIELDS.get(name)
    if info:
        return MissingField(name, info.missing)
    return MissingField(name, f"{{{{ {name} }}}} is not a field JobDesk knows; use one of "
                              + ", ".join(FIELDS) + ", or edit the text", known=False)


def missing_in_text(*texts: str) -> list[MissingField]:
    """``[missing: name]`` markers left in a note (the user may have typed over some)."""
    names = dict.fromkeys(n for text in texts for n in _MISSING_RE.findall(text))
    return [_missing_field(n) for n in names]


def check_syntax(subject: str, body: str, env: SandboxedEnvironment | None = None
                 ) -> list[TemplateProblem]:
    from jinja2 import TemplateSyntaxError

    env = env or make_environment()
    problems = []
    for part, source in (("subject", subject), ("body", body)):
        if (id(env), source) in _CACHE:
            continue  # compiled before, so it parses
        try:
            env.parse(source)
        except TemplateSyntaxError as exc:
            problems.append(TemplateProblem(part, exc.lineno, exc.message or str(exc)))
    return problems


def render(subject: str, body: str, values: dict[str, Any],
           env: SandboxedEnvironment | None = None) -> Rendered:
    """Render both parts; every missing field is collected (not only the first)."""
    from jinja2.exceptions import TemplateError, UndefinedError

    env = env or make_environment()
    problems = check_syntax(subject, body, env)
    if problems:
        return Rendered(subject, body, [], problems)
    compiled = {"subject": _compiled(env, subject), "body": _compiled(env, body)}
    values = dict(values)
    missing: list[MissingField] = []
    out: dict[str, str] = {}
    for part in ("subject", "body"):
        for _ in range(100):
            try:
                out[part] = compiled[part].render(values)
                break
            except UndefinedError as exc:
                match = _UNDEFINED_RE.match(exc.message or "")
                if not match or match.group(1) in values:
                    return Rendered(subject, body, missing,
                                    [TemplateProblem(part, None, _runtime_message(exc))])
                name = match.group(1)
                missing.append(_missing_field(name))
                values[name] = MISSING_MARK.format(name)
            except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError,
                    AttributeError) as exc:
                return Rendered(subject, body, missing,
                                [TemplateProblem(part, None, _runtime_message(exc))])
        else:
            return Rendered(subject, body, missing,
                            [TemplateProblem(part, None, "too many unknown fields")])
    subject_text = " ".join(out["subject"].split())  # a header is one line
    return Rendered(subject_text, out["body"], missing, [])


_CACHE: dict[tuple[int, str], Any] = {}


def _compiled(env: SandboxedEnvironment, source: str):
    """Compiled templates by source (the preview re-renders the same text on every change)."""
    key = (id(env), source)
    template = _CACHE.get(key)
    if template is None:
        if len(_CACHE) > 200:
            _CACHE.clear()
        template = _CACHE[key] = env.from_string(source)
    return template


def _runtime_message(exc: BaseException) -> str:
    from jinja2.exceptions import SecurityError, UndefinedError

    if isinstance(exc, SecurityError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, UndefinedError):
        return f"{exc}; use plain fields such as {{{{ company }}}}"
    return f"{type(exc).__name__}: {exc}"


# ---- mailto ---------------------------------------------------------------------------------


def mailto_url(recipient: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): everything percent-encoded as UTF-8, line breaks as
    ``%0D%0A``, the address kept readable."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    to = quote(recipient.strip(), safe="@")
    query = f"subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    return f"mailto:{to}?{query}"


# ---- the service ---------------------------------------------------------------------------


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:60] or "template"


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else ""


def _phrase(notes: str) -> str:
    for line in notes.splitlines():
        line = line.strip().rstrip(".").strip()
        if line:
            return line
    return ""


def next_business_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class ComposerService:
    def __init__(self, store: Store, bus: ChangeBus, *, settings: SettingsService,
                 applications: ApplicationsService, contacts: ContactsService,
                 events: EventsService, interactions: InteractionsService,
                 clock: Clock = utcnow, templates_dir: Path | None = None):
        self.store = store
        self.bus = bus
        self.settings = settings
        self.applications = applications
        self.contacts = contacts
        self.events = events
        self.interactions = interactions
        self.clock = clock
        self._templates_dir = templates_dir
        self._shipped: dict[str, ShippedTemplate] | None = None
        self._seeded = False
        self._env: SandboxedEnvironment | None = None

    @property
    def env(self) -> SandboxedEnvironment:
        """The template environment, made (and Jinja2 imported) on first use."""
        if self._env is None:
            self._env = make_environment()
        return self._env

    # ---- templates ------------------------------------------------------------------------
    def shipped(self) -> dict[str, ShippedTemplate]:
        if self._shipped is None:
            self._shipped = shipped_templates(self._templates_dir)
        return self._shipped

    def ensure_seeded(self) -> list[int]:
        """Add shipped templates the database does not have yet (a deleted one stays deleted)."""
        if self._seeded:
            return []
        with self.store.transaction():
            have = q.template_keys()
            now = self.clock()
            added = [self.store.insert(Entity.TEMPLATE, {
                "key": s.key, "name": s.name, "interaction_kind": s.kind.value,
                "subject": s.subject, "body": s.body, "builtin": True,
                "created_at": now, "updated_at": now})
                for s in self.shipped().values() if s.key not in have]
        self._seeded = True
        if added:
            self.bus.publish(Changes.of(Entity.TEMPLATE, added, structural=True))
        return added

    def templates(self) -> list[TemplateRow]:
        self.ensure_seeded()
        order = {k: i for i, k in enumerate(_SHIPPED_ORDER)}
        rows = q.template_rows()
        return sorted(rows, key=lambda r: (not r.builtin, order.get(r.key, 99), r.name.lower()))

    def template(self, key: str) -> TemplateRow:
        self.ensure_seeded()
        record_id = q.template_id_by_key(key)
        rows = q.template_rows(archived=None, ids=[record_id]) if record_id else []
        if not rows:
            raise NotFoundError("template", -1 if record_id is None else record_id)
        return rows[0]

    def is_modified(self, row: TemplateRow) -> bool:
        shipped = self.shipped().get(row.key)
        return bool(row.builtin and shipped and (
            shipped.subject, shipped.body, shipped.name, shipped.kind)
            != (row.subject, row.body, row.name, row.kind))

    def _checked(self, name: str, kind: Any, subject: str, body: str) -> dict[str, Any]:
        name = v.text("name", 200, required=True)(name)
        kind = InteractionKind.parse(kind, "kind")
        subject = v.text("subject", 500)(subject)
        body = v.text("body", 100_000)(body)
        problems = check_syntax(subject, body, self.env)
        if problems:
            raise TemplateErrorReport(problems)
        return {"name": name, "interaction_kind": kind.value, "subject": subject, "body": body}

    def save_template(self, key: str, *, name: str, kind: Any, subject: str, body: str
                      ) -> TemplateRow:
        values = self._checked(name, kind, subject, body)
        record_id = self.template(key).id
        with self.store.transaction():
            self.store.update(Entity.TEMPLATE, record_id, {**values, "updated_at": self.clock()})
        self.bus.publish(Changes.of(Entity.TEMPLATE, [record_id]))
        return self.template(key)

    def create_template(self, *, name: str, kind: Any = InteractionKind.EMAIL,
                        subject: str = "", body: str = "") -> TemplateRow:
        values = self._checked(name, kind, subject, body)
        self.ensure_seeded()
        with self.store.transaction():
            have = q.template_keys()
            base = "my_" + _slug(values["name"])
            key, n = base, 2
            while key in have:
                key, n = f"{base}_{n}", n + 1
            now = self.clock()
            record_id = self.store.insert(Entity.TEMPLATE, {
                **values, "key": key, "builtin": False, "created_at": now, "updated_at": now})
        self.bus.publish(Changes.of(Entity.TEMPLATE, [record_id], structural=True))
        return self.template(key)

    def restore_original(self, key: str) -> TemplateRow:
        shipped = self.shipped().get(key)
        if shipped is None:
            raise ValidationError("template", f"{key!r} is your own template; there is no "
                                              "shipped original to restore")
        record_id = self.template(key).id
        with self.store.transaction():
            self.store.update(Entity.TEMPLATE, record_id, {
                "name": shipped.name, "interaction_kind": shipped.kind.value,
                "subject": shipped.subject, "body": shipped.body, "archived_at": None,
                "updated_at": self.clock()})
        self.bus.publish(Changes.of(Entity.TEMPLATE, [record_id], structural=True))
        return self.template(key)

    def delete_template(self, key: str) -> None:
        """Archive a template (a shipped one can come back with restore_original)."""
        record_id = self.template(key).id
        with self.store.transaction():
            self.store.set_archived(Entity.TEMPLATE, [record_id], self.clock())
        self.bus.publish(Changes.of(Entity.TEMPLATE, [record_id], structural=True))

    # ---- context --------------------------------------------------------------------------
    def context(self, *, application_id: int | None = None, event_id: int | None = None,
                contact_id: int | None = None, kind: InteractionKind | None = None
                ) -> NoteContext:
        """The fields a note can use, from the application, the interview and the recipient.
        ``contact_id`` None picks a suggested recipient."""
        values: dict[str, str] = {"my_name": str(self.settings.get("me.name") or "")}
        event: EventRow | None = None
        if event_id is not None:
            event = self.events.get(event_id)
            application_id = application_id or event.application_id
        contact: ContactRow | None = self.contacts.get(contact_id) if contact_id else None
        company_id: int | None = None
        app = None
        if application_id is not None:
            app = self.applications.get(application_id)
        elif contact is not None and contact.company_id is not None:
            open_apps = [a for a in self.applications.of_company(contact.company_id)
                         if a.stage.is_open]
            app = open_apps[-1] if open_apps else None
        interview_contact: int | None = None
        if app is not None:
            company_id = app.company_id
            values.update(company=app.company_name, job_title=app.job_title)
            if app.response_promised_on:
                values["promised_date"] = long_date(app.response_promised_on)
            if event is None:
                last = self.last_interview(app.id)
                if last is not None and last.event is not None:
                    event = last.event
                elif last is not None:  # an interview logged as a log entry
                    local = last.at.astimezone(ZoneInfo(local_zone_name()))
                    values["interview_date"] = long_date(local.date())
                    values["discussed"] = _phrase(last.notes)
                    interview_contact = last.contact_id
        elif contact is not None:
            company_id = contact.company_id
            values["company"] = contact.company_name
        if event is not None:
            local = event.starts_at.astimezone(ZoneInfo(event.timezone or "UTC"))
            values["interview_date"] = long_date(local.date())
            values["discussed"] = _phrase(event.notes)
            interviewer = self._interviewer(event, contact)
        else:
            interviewer = (self.contacts.get(interview_contact)
                           if interview_contact is not None else None)
        if interviewer is not None:
            values.update(interviewer_name=interviewer.name,
                          interviewer_first_name=_first_name(interviewer.name),
                          interviewer_role=interviewer.title)
        if (contact is None and interviewer is not None and event is None
                and kind == InteractionKind.THANK_YOU):
            contact = interviewer  # thank the person logged with the interview
        if contact is None:
            contact = self.suggest_recipient(app.id if app else None, event, kind)
        if contact is not None:
            values.update(recipient_name=contact.name,
                          recipient_first_name=_first_name(contact.name))
        values = {k: val.strip() for k, val in values.items() if val and val.strip()}
        return NoteContext(app.id if app else None, event.id if event else None,
                           contact.id if contact else None, company_id,
                           contact.email if contact else "", values)

    def last_interview(self, application_id: int) -> LastInterview | None:
        """The application's last interview so far: an interview event or a log entry of
        kind interview, whichever is later (``domain.interviews``). Like Today's rule, an
        interview counts from the day it is on (its thank-you can be drafted that day)."""
        zone = ZoneInfo(local_zone_name())
        tomorrow = self.clock().astimezone(zone).date() + timedelta(days=1)
        return last_interview(self.events.for_application(application_id),
                              self.interactions.for_application(application_id),
                              datetime.combine(tomorrow, time(0), zone).astimezone(UTC))

    def suggest_template(self, application_id: int) -> str:
        """The template that fits where the application stands: a thank-you only after an
        interview that has not been thanked for, a check-in once the promised date has
        passed, a reply to a rejection, the offer... ('' when none of them is left)."""
        app = self.applications.get(application_id)
        log = self.interactions.for_application(application_id)
        sent = [i for i in log if i.direction == Direction.OUTGOING and i.archived_at is None]
        last = self.last_interview(application_id)
        key = "check_in"
        if app.stage == Stage.REJECTED:
            key = "rejection_reply"
        elif app.stage == Stage.OFFER:
            key = "accept_offer"
        elif last is not None and not any(
                i.kind == InteractionKind.THANK_YOU and i.occurred_at >= last.at - timedelta(
                    hours=12) for i in sent):
            key = "thank_you"
        elif app.response_promised_on and self.clock().date() > app.response_promised_on:
            promised_end = datetime.combine(app.response_promised_on + timedelta(days=1),
                                            time(0), UTC)
            chased = any(i.kind == InteractionKind.FOLLOW_UP and i.occurred_at >= promised_end
                         for i in sent)
            key = "second_check_in" if chased else "check_in"
        elif app.stage == Stage.INTERESTED:
            key = "referral_request"
        keys = [row.key for row in self.templates()]
        if key in keys:
            return key
        fallback = [k for k in keys if k != "thank_you" or last is not None]
        return fallback[0] if fallback else ""

    def title(self, template: TemplateRow, context: NoteContext) -> str:
        """The composer's window title: what the note is, to whom, at which company
        ('Thank-you to Dana Reyes at Helix Biolabs')."""
        what = _SHORT_NAMES.get(template.key, template.name) if template.builtin else (
            template.name)
        values = context.values
        who = values.get("recipient_name", "")
        company = values.get("company", "")
        if who and company:
            return f"{what} to {who} at {company}"
        if who or company:
            return f"{what} to {who or company}"
        return what

    def _interviewer(self, event: EventRow, contact: ContactRow | None) -> ContactRow | None:
        if contact is not None and contact.id in event.interviewer_ids:
            return contact
        if not event.interviewer_ids:
            return None
        rows = self.contacts.get_many(event.interviewer_ids[:1])
        return rows[0] if rows else None

    def recipients(self, application_id: int | None, company_id: int | None = None
                   ) -> list[ContactRow]:
        """Contacts worth offering as recipients: the company's, those in the log first."""
        return self._recipients(application_id, company_id)[0]

    def _recipients(self, application_id: int | None, company_id: int | None = None
                    ) -> tuple[list[ContactRow], list[int]]:
        logged: list[int] = []
        if application_id is not None:
            company_id = self.store.get_value(Entity.APPLICATION, application_id, "company")
            logged = q.contact_ids_of_application(application_id)
        people = self.contacts.of_company(company_id) if company_id is not None else []
        known = {c.id for c in people}
        extra = self.contacts.get_many([i for i in logged if i not in known], archived=False)
        rank = {cid: n for n, cid in enumerate(logged)}
        ordered = sorted([*people, *extra], key=lambda c: (rank.get(c.id, 999), c.name.lower()))
        return ordered, logged

    def suggest_recipient(self, application_id: int | None, event: EventRow | None,
                          kind: InteractionKind | None) -> ContactRow | None:
        if kind == InteractionKind.THANK_YOU and event is not None and event.interviewer_ids:
            return self._interviewer(event, None)
        if application_id is None:
            return None
        people, logged = self._recipients(application_id)
        if people and people[0].id in logged:
            return people[0]  # the person most recently in the application's log
        for relationship in (Relationship.RECRUITER, Relationship.HIRING_MANAGER):
            for person in people:
                if person.relationship == relationship:
                    return person
        return people[0] if people else None

    # ---- rendering ------------------------------------------------------------------------
    def render(self, template: TemplateRow | tuple[str, str], context: NoteContext) -> Rendered:
        subject, body = ((template.subject, template.body) if isinstance(template, TemplateRow)
                         else template)
        return render(subject, body, context.values, self.env)

    def draft(self, template: TemplateRow, context: NoteContext) -> tuple[Draft, Rendered]:
        rendered = self.render(template, context)
        name = context.values.get("recipient_name", "")
        return Draft(recipient=context.recipient_email, subject=rendered.subject,
                     body=rendered.body, kind=template.kind, template_key=template.key,
                     application_id=context.application_id, contact_id=context.contact_id,
                     company_id=context.company_id, recipient_name=name), rendered

    # ---- checks before anything leaves ----------------------------------------------------
    def check_ready(self, draft: Draft, *, need_recipient: bool) -> Draft:
        """Raise unless the note can leave: no missing fields, a valid address when needed."""
        missing = missing_in_text(draft.subject, draft.body)
        if missing:
            raise MissingFieldsError(missing)
        if not draft.body.strip():
            raise ValidationError("body", "the note is empty; write something first")
        recipient = draft.recipient.strip()
        if need_recipient and not recipient:
            raise ValidationError("recipient", "there is no recipient address; pick a contact "
                                               "with an e-mail address or type one in")
        if recipient:
            recipient = v.email("recipient")(recipient)
        return replace(draft, recipient=recipient)

    # ---- the log --------------------------------------------------------------------------
    def log_outgoing(self, draft: Draft, via: str, *, schedule_next: bool | None = None
                     ) -> LoggedNote:
        """Log a note that left (clipboard, mail program) as an outgoing interaction."""
        draft = self.check_ready(draft, need_recipient=False)
        with self.bus.hold(), self.store.transaction():
            logged = self.write_log(draft, via, schedule_next=schedule_next)
        return logged

    def write_log(self, draft: Draft, via: str, *, schedule_next: bool | None = None
                  ) -> LoggedNote:
        """Inside the caller's transaction: the interaction and, for a check-in, the next one
        on the calendar (about a week later, on a business day)."""
        interaction = self.interactions.create(
            application_id=draft.application_id,
            company_id=draft.company_id if draft.application_id is None else None,
            contact_id=draft.contact_id, kind=draft.kind, direction=Direction.OUTGOING,
            occurred_at=self.clock(), summary=(draft.subject or "(no subject)")[:500],
            body=self.full_text(draft, via))
        return LoggedNote(interaction.id, self.schedule_after(draft, schedule_next))

    @staticmethod
    def full_text(draft: Draft, via: str) -> str:
        """The note as the log keeps it: To, Subject, Via, then the text."""
        to = (f"{draft.recipient_name} <{draft.recipient}>" if draft.recipient_name and
              draft.recipient else draft.recipient or draft.recipient_name or "(no address)")
        return f"To: {to}\nSubject: {draft.subject}\nVia: {via}\n\n{draft.body}"

    def schedule_after(self, draft: Draft, schedule_next: bool | None) -> int | None:
        """Inside the caller's transaction: after a check-in went out, the next one on the
        calendar (unless not wanted); returns the new event's id."""
        if schedule_next is None:
            schedule_next = bool(self.settings.get("compose.schedule_next_check_in"))
        if (schedule_next and draft.kind == InteractionKind.FOLLOW_UP
                and draft.application_id is not None):
            return self._schedule_next_check_in(draft.application_id)
        return None

    def next_check_in_date(self) -> date:
        days = int(self.settings.get("compose.next_check_in_days"))
        return next_business_day(self.clock().date() + timedelta(days=days))

    def _schedule_next_check_in(self, application_id: int) -> int:
        app = self.applications.get(application_id)
        zones = [e.timezone for e in self.events.for_application(application_id) if e.timezone]
        zone = zones[-1] if zones else "UTC"
        day = self.next_check_in_date()
        starts = datetime.combine(day, time(0), ZoneInfo(zone)).astimezone(UTC)
        event = self.events.create(
            application_id=application_id, kind=EventKind.FOLLOW_UP, all_day=True,
            title=f"Check in: {app.job_title} at {app.company_name}", starts_at=starts,
            timezone=zone,
            notes="No answer yet? Send the next check-in (JobDesk scheduled this when the "
                  "last one went out).")
        return event.id


_SHORT_NAMES = {"thank_you": "Thank-you", "check_in": "Check-in",
                "second_check_in": "Second check-in", "rejection_reply": "Reply",
                "feedback_request": "Feedback request", "referral_request": "Referral request",
                "withdraw": "Withdrawal", "accept_offer": "Acceptance"}

_SHIPPED_ORDER = ("thank_you", "check_in", "second_check_in", "rejection_reply",
                  "feedback_request", "referral_request", "withdraw", "accept_offer")


def template_fields() -> Iterable[tuple[str, str]]:
    return ((name, info.description) for name, info in FIELDS.items())
