"""Queries and writes behind the services. Returns plain rows from ``jobdesk.domain.rows``.

Storage failures are classified once here (``transaction``), by SQLite's result code
(``sqlite_errorcode``), never by the words of the error: a locked, read-only, full or damaged
database becomes a ``StorageError`` with a message for the user; the transaction is rolled
back, so nothing is half-written.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import peewee as pw

from jobdesk.db import schema as t
from jobdesk.db.fields import to_date, to_utc
from jobdesk.db.rowmap import select_list
from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import (
    CompanyStatus,
    Direction,
    EventKind,
    InteractionKind,
    Relationship,
    Source,
    Stage,
)
from jobdesk.domain.errors import NotFoundError, StorageError
from jobdesk.domain.rows import (
    ApplicationRow,
    CompanyRow,
    ContactRow,
    EventRow,
    InteractionRow,
)

TABLES: dict[Entity, type[t.Table]] = {
    Entity.COMPANY: t.Company,
    Entity.CONTACT: t.Contact,
    Entity.APPLICATION: t.Application,
    Entity.INTERACTION: t.Interaction,
    Entity.EVENT: t.Event,
    Entity.DOCUMENT: t.Document,
    Entity.TEMPLATE: t.NoteTemplate,
    Entity.OUTBOX: t.OutboxMessage,
    Entity.ACTION: t.ActionDecision,
}

_CHUNK = 500  # ids per IN (...) clause: under SQLite's variable limit


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The ``sqlite3`` exception behind ``exc`` (None when the engine is not SQLite).

    peewee keeps it as ``orig``. A failure SQLite answers by rolling back itself (a full
    disk, an I/O error) makes peewee's own ROLLBACK fail with a plain SQLITE_ERROR ("no
    transaction is active") whose context is the real failure: the chain is walked and the
    first error with a specific code wins."""
    seen: set[int] = set()
    found: list[sqlite3.Error] = []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error) and getattr(current, "sqlite_errorcode", None):
            if current.sqlite_errorcode != sqlite3.SQLITE_ERROR:
                return current
            found.append(current)
        current = (getattr(current, "orig", None) or current.__cause__
                   or current.__context__)
    return found[0] if found else None


_READ_ONLY = ("the database is read-only, so the change was not saved. Check that the data "
              "folder is writable (and its drive still connected).")
_FULL = "the disk is full, so the change was not saved. Free some space and try again."
_BUSY = ("the database is busy in another program, so the change was not saved. "
         "Close other JobDesk windows on this data folder and try again.")
_IO = ("the database file could not be written (the drive may have been removed), "
       "so the change was not saved.")
_DAMAGED = ("the database file is damaged, so the change was not saved. Restore a backup "
            "(File > Restore from backup).")

# primary result code (the low byte of an extended one) -> what the user is told
_BY_CODE: dict[int, str] = {
    sqlite3.SQLITE_READONLY: _READ_ONLY,
    sqlite3.SQLITE_FULL: _FULL,
    sqlite3.SQLITE_BUSY: _BUSY,
    sqlite3.SQLITE_LOCKED: _BUSY,
    sqlite3.SQLITE_IOERR: _IO,
    sqlite3.SQLITE_CANTOPEN: _IO,
    sqlite3.SQLITE_CORRUPT: _DAMAGED,
    sqlite3.SQLITE_NOTADB: _DAMAGED,
}


def _storage_message(exc: Exception) -> str:
    """What a failed write tells the user, sorted by SQLite's result code (an
    ``SQLITE_CONSTRAINT_*`` is a conflict with stored data), never by the words of the
    error; other engines' errors are told as they are."""
    found = sqlite_error(exc)
    code = found.sqlite_errorcode if found is not None else None
    if code is not None:
        if code & 0xFF == sqlite3.SQLITE_CONSTRAINT:
            return f"the change conflicts with stored data: {exc}"
        if code & 0xFF in _BY_CODE:
            return _BY_CODE[code & 0xFF]
    elif isinstance(exc, pw.IntegrityError):
        return f"the change conflicts with stored data: {exc}"
    return f"the change was not saved: {exc}"


class Store:
    """The database behind the services: transactions and typed queries."""

    def __init__(self, db: pw.Database):
        self.db = db
        self.writes_refused: str | None = None  # why nothing may be written, once it is so

    # ---- transactions -------------------------------------------------------------------
    def refuse_writes(self, reason: str) -> None:
        """Stop every write from now on (the database failed its check): each transaction
        raises ``StorageError(reason)`` before it starts, and on SQLite the connection is
        switched to ``query_only``, so a write that does not come through here fails too."""
        self.writes_refused = reason
        if isinstance(self.db, pw.SqliteDatabase) and not self.db.is_closed():
            self.db.execute_sql("PRAGMA query_only = ON")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.writes_refused:
            raise StorageError(self.writes_refused)
        # a write transaction starts as a writer (BEGIN IMMEDIATE on SQLite): with another
        # process writing, a deferred one that read first fails at once with SQLITE_BUSY
        # instead of waiting for the busy timeout
        lock = {"lock_type": "IMMEDIATE"} if isinstance(self.db, pw.SqliteDatabase) else {}
        try:
            with self.db.atomic(**lock):
                yield
        except pw.DatabaseError as exc:  # IntegrityError, OperationalError, ... are ones
            raise StorageError(_storage_message(exc)) from exc

    # ---- generic writes -------------------------------------------------------------------
    def insert(self, entity: Entity, values: dict[str, Any]) -> int:
        return TABLES[entity].insert(**values).execute()

    def update(self, entity: Entity, record_id: int, values: dict[str, Any]) -> None:
        table = TABLES[entity]
        count = table.update(**values).where(table.id == record_id).execute()
        if count == 0:
            raise NotFoundError(entity.value, record_id)

    def set_archived(self, entity: Entity, ids: Sequence[int], when: datetime | None) -> list[int]:
        """Archive (``when`` set) or restore (``None``) ``ids``; return the ids that changed."""
        table = TABLES[entity]
        changed = []
        for chunk in _chunks(ids):
            cond = table.archived_at.is_null(True) if when else table.archived_at.is_null(False)
            query = table.select(table.id).where(table.id.in_(chunk) & cond)
            found = [r[0] for r in query.tuples()]
            if found:
                table.update(archived_at=when).where(table.id.in_(found)).execute()
                changed.extend(found)
        return changed

    def purge_effects(self, entity: Entity, ids: Sequence[int]
                      ) -> list[tuple[Entity, list[int], frozenset[str]]]:
        """What deleting ``ids`` will do to other records through foreign keys, found before
        the delete: (entity, ids, fields) with no fields for rows the cascade removes, and the
        emptied link fields for rows it sets to NULL. Link tables count for the record they
        describe (an interviewer for its event, a sent document for its document)."""
        entities = {table: e for e, table in TABLES.items()}
        described = {t.EventInterviewer: (Entity.EVENT, t.EventInterviewer.event),
                     t.InteractionContact: (Entity.INTERACTION,
                                            t.InteractionContact.interaction),
                     t.ApplicationDocument: (Entity.DOCUMENT, t.DocumentVersion.document)}
        effects: list[tuple[Entity, list[int], frozenset[str]]] = []
        purged = set(ids)
        pending = [(TABLES[entity], list(ids))]
        while pending:
            parent, parent_ids = pending.pop()
            for field in parent._meta.backrefs:
                child = field.model
                cascade = field.on_delete == "CASCADE"
                if child in entities:
                    found = self._ids_where(child.select(child.id), field, parent_ids)
                    if found:
                        effects.append((entities[child], found, frozenset() if cascade
                                        else frozenset({field.name + "_id"})))
                        if cascade:
                            pending.append((child, found))
                elif child in described:
                    owner, column = described[child]
                    query = child.select(column).distinct()
                    if child is t.ApplicationDocument:
                        query = query.join(t.DocumentVersion)
                    found = self._ids_where(query, field, parent_ids)
                    if owner == entity:  # an event's own interviewers go with it (an
                        # entry's own contact links too)
                        found = [i for i in found if i not in purged]
                    if found:
                        effects.append((owner, found, _LINK_FIELDS.get(child, frozenset())))
        return _merged(effects)

    def _ids_where(self, query: pw.Select, field: pw.ForeignKeyField,
                   parent_ids: Sequence[int]) -> list[int]:
        found: set[int] = set()
        for chunk in _chunks(parent_ids):
            found.update(r[0] for r in self.db.execute(query.where(field.in_(chunk))))
        return sorted(found)

    def delete(self, entity: Entity, ids: Sequence[int]) -> int:
        table = TABLES[entity]
        count = 0
        for chunk in _chunks(ids):
            count += table.delete().where(table.id.in_(chunk)).execute()
        return count

    def get_value(self, entity: Entity, record_id: int, field: str) -> Any:
        table = TABLES[entity]
        row = table.select(getattr(table, field)).where(table.id == record_id).tuples().first()
        if row is None:
            raise NotFoundError(entity.value, record_id)
        return row[0]

    def get_values(self, entity: Entity, record_id: int, fields: Iterable[str]) -> dict[str, Any]:
        table = TABLES[entity]
        names = list(fields)
        if not names:
            if not self.existing_ids(entity, [record_id]):
                raise NotFoundError(entity.value, record_id)
            return {}
        row = (table.select(*(getattr(table, n) for n in names))
               .where(table.id == record_id).tuples().first())
        if row is None:
            raise NotFoundError(entity.value, record_id)
        return dict(zip(names, row, strict=True))

    def existing_ids(self, entity: Entity, ids: Iterable[int]) -> set[int]:
        table = TABLES[entity]
        found: set[int] = set()
        for chunk in _chunks(ids):
            found.update(r[0] for r in table.select(table.id).where(table.id.in_(chunk)).tuples())
        return found

    def count(self, entity: Entity, include_archived: bool = False) -> int:
        table = TABLES[entity]
        query = table.select()
        if not include_archived and hasattr(table, "archived_at"):
            query = query.where(table.archived_at.is_null(True))
        return query.count()

    # ---- companies ----------------------------------------------------------------------
    def company_rows(self, ids: Iterable[int] | None = None, *,
                     archived: bool | None = False) -> list[CompanyRow]:
        c, a = t.Company, t.Application
        # counted per company through the index on application.company_id: a few rows for
        # one company, not a grouping of every application (which a single-company read paid)
        open_count = (
            a.select(pw.fn.COUNT(a.id))
            .where((a.company == c.id) & a.archived_at.is_null(True)
                   & a.stage.in_([s.value for s in Stage if s.is_open]))
        )
        query = (
            c.select(*select_list(CompanyRow, id=c.id, name=c.name, website=c.website,
                               industry=c.industry, location=c.location, notes=c.notes,
                               status=c.status, created_at=c.created_at,
                               updated_at=c.updated_at, archived_at=c.archived_at,
                               open_applications=open_count))
            .order_by(c.id)
        )
        return [
            CompanyRow(id_, name, website, industry, location, notes, CompanyStatus(status),
                       to_utc(created_at), to_utc(updated_at), to_utc(archived_at),
                       int(open_applications))
            for (id_, name, website, industry, location, notes, status, created_at, updated_at,
                 archived_at, open_applications) in self._rows(query, c, ids, archived)
        ]

    def company_by_name_key(self, name_key: str) -> int | None:
        row = t.Company.select(t.Company.id).where(t.Company.name_key == name_key).tuples().first()
        return row[0] if row else None

    def companies_by_match_key(self, match_key: str) -> list[int]:
        query = t.Company.select(t.Company.id).where(t.Company.match_key == match_key)
        return [r[0] for r in query.tuples()]

    def company_name_exists_elsewhere(self, name_key: str, record_id: int) -> int | None:
        row = (t.Company.select(t.Company.id)
               .where((t.Company.name_key == name_key) & (t.Company.id != record_id))
               .tuples().first())
        return row[0] if row else None

    # ---- contacts -----------------------------------------------------------------------
    def contact_rows(self, ids: Iterable[int] | None = None, *,
                     archived: bool | None = False,
                     company_id: int | None = None) -> list[ContactRow]:
        p, c = t.Contact, t.Company
        query = (
            p.select(*select_list(ContactRow, id=p.id, company_id=p.company,
                               company_name=pw.fn.COALESCE(c.name, ""), name=p.name,
                               title=p.title, email=p.email, phone=p.phone,
                               profile_url=p.profile_url, relationship=p.relationship,
                               notes=p.notes, created_at=p.created_at,
                               updated_at=p.updated_at, archived_at=p.archived_at))
            .join(c, pw.JOIN.LEFT_OUTER, on=(p.company == c.id))
            .order_by(p.id)
        )
        if company_id is not None:
            query = query.where(p.company == company_id)
        return [
            ContactRow(id_, company_id, company_name, name, title, email, phone, profile_url,
                       Relationship(relationship), notes, to_utc(created_at),
                       to_utc(updated_at), to_utc(archived_at))
            for (id_, company_id, company_name, name, title, email, phone, profile_url,
                 relationship, notes, created_at, updated_at, archived_at)
            in self._rows(query, p, ids, archived)
        ]

    # ---- applications -------------------------------------------------------------------
    def application_rows(self, ids: Iterable[int] | None = None, *,
                         archived: bool | None = False,
                         company_id: int | None = None) -> list[ApplicationRow]:
        a, c = t.Application, t.Company
        query = (
            a.select(*select_list(ApplicationRow, id=a.id, company_id=a.company,
                               company_name=c.name, job_title=a.job_title,
                               posting_url=a.posting_url, source=a.source,
                               referral_contact_id=a.referral_contact, stage=a.stage,
                               applied_on=a.applied_on,
                               response_promised_on=a.response_promised_on,
                               salary_range=a.salary_range, notes=a.notes,
                               created_at=a.created_at, updated_at=a.updated_at,
                               archived_at=a.archived_at))
            .join(c, on=(a.company == c.id))
            .order_by(a.id)
        )
        if company_id is not None:
            query = query.where(a.company == company_id)
        stages, sources = {s.value: s for s in Stage}, {s.value: s for s in Source}
        return [
            ApplicationRow(id_, company_id, company_name, job_title, posting_url,
                           sources[source], referral_contact_id, stages[stage],
                           to_date(applied_on), to_date(response_promised_on), salary_range,
                           notes, to_utc(created_at), to_utc(updated_at), to_utc(archived_at))
            for (id_, company_id, company_name, job_title, posting_url, source,
                 referral_contact_id, stage, applied_on, response_promised_on, salary_range,
                 notes, created_at, updated_at, archived_at)
            in self._rows(query, a, ids, archived)
        ]

    def companies_of_applications(self, ids: Iterable[int]) -> set[int]:
        a = t.Application
        found: set[int] = set()
        for chunk in _chunks(list(ids)):
            found.update(r[0] for r in a.select(a.company).where(a.id.in_(chunk)).tuples())
        return found

    def application_ids_of_company(self, company_id: int, *, archived: bool | None = None
                                   ) -> list[int]:
        a = t.Application
        query = a.select(a.id).where(a.company == company_id)
        if archived is not None:
            query = query.where(a.archived_at.is_null(not archived))
        return [r[0] for r in query.tuples()]

    # ---- interactions -------------------------------------------------------------------
    def interaction_rows(self, ids: Iterable[int] | None = None, *,
                         archived: bool | None = False,
                         application_id: int | None = None,
                         company_id: int | None = None,
                         contact_id: int | None = None,
                         kind: InteractionKind | None = None) -> list[InteractionRow]:
        i = t.Interaction
        query = i.select(*select_list(
            InteractionRow, frozenset({"contact_ids"}), id=i.id,
            application_id=i.application, company_id=i.company, contact_id=i.contact,
            kind=i.kind, direction=i.direction, occurred_at=i.occurred_at, summary=i.summary,
            body=i.body, created_at=i.created_at, archived_at=i.archived_at))
        if kind is not None:
            query = query.where((i.kind == kind.value) & i.application.is_null(False))
        if application_id is not None:
            query = query.where(i.application == application_id)
        if company_id is not None:
            apps = t.Application.select(t.Application.id).where(
                t.Application.company == company_id)
            query = query.where((i.company == company_id) | i.application.in_(apps))
        if contact_id is not None:
            ic = t.InteractionContact
            linked = ic.select(ic.interaction).where(ic.contact == contact_id)
            query = query.where((i.contact == contact_id) | i.id.in_(linked))
        query = query.order_by(i.occurred_at.desc(), i.id.desc())
        raw = list(self._rows(query, i, ids, archived))
        people = self.interaction_contacts([id_ for id_, *_rest in raw])
        return [
            InteractionRow(id_, application_id, company_id, contact_id, InteractionKind(kind),
                           Direction(direction), to_utc(occurred_at), summary, body,
                           to_utc(created_at), to_utc(archived_at),
                           people.get(id_, (contact_id,) if contact_id else ()))
            for (id_, application_id, company_id, contact_id, kind, direction, occurred_at,
                 summary, body, created_at, archived_at) in raw
        ]

    def interaction_contacts(self, ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
        """Log entry id -> the contacts it names, in the order they were picked."""
        ic = t.InteractionContact
        found: dict[int, list[int]] = {}
        for chunk in _chunks(ids):
            for entry_id, contact_id in (ic.select(ic.interaction, ic.contact)
                                         .where(ic.interaction.in_(chunk))
                                         .order_by(ic.id).tuples()):
                found.setdefault(entry_id, []).append(contact_id)
        return {k: tuple(v) for k, v in found.items()}

    def set_interaction_contacts(self, interaction_id: int, contact_ids: Sequence[int]) -> None:
        ic = t.InteractionContact
        ic.delete().where(ic.interaction == interaction_id).execute()
        if contact_ids:
            ic.insert_many([{"interaction": interaction_id, "contact": c}
                            for c in dict.fromkeys(contact_ids)]).execute()

    def log_digest(self, application_ids: Iterable[int] | None = None
                   ) -> tuple[list[tuple], list[tuple[int, str, int | None]]]:
        """Per application, what the follow-up rules read from its log (see
        ``domain.followups.DIGEST_COLUMNS``), computed by the database in one GROUP BY, and the
        latest rejection of each (application id, instant key, contact id). Instants come as
        the stored UTC text, which sorts like the instants; archived entries are left out."""
        i = t.Interaction
        incoming, outgoing = Direction.INCOMING.value, Direction.OUTGOING.value
        stage_change = InteractionKind.STAGE_CHANGE.value

        def when(condition: pw.Expression) -> pw.Node:
            return pw.Case(None, [(condition, i.occurred_at)], None)

        answer = (i.direction == incoming) & (i.kind != stage_change)
        out = i.direction == outgoing
        chase = out & i.kind.in_([k.value for k in (InteractionKind.FOLLOW_UP,
                                                    InteractionKind.EMAIL, InteractionKind.CALL)])
        query = (i.select(i.application, pw.fn.MAX(i.occurred_at), pw.fn.MAX(when(answer)),
                          pw.fn.MIN(when(answer)), pw.fn.MAX(when(out)),
                          pw.fn.MAX(when(out & (i.kind != stage_change))),
                          pw.fn.MAX(when(out & (i.kind == InteractionKind.THANK_YOU.value))),
                          pw.fn.MAX(when(i.kind == InteractionKind.INTERVIEW.value)),
                          self._joined(when(i.kind == InteractionKind.INTERVIEW.value)),
                          self._joined(when(chase)))
                 .where(i.archived_at.is_null() & i.application.is_null(False))
                 .group_by(i.application))
        rejections = (i.select(i.application, i.occurred_at, i.id, i.contact)
                      .where(i.archived_at.is_null() & i.application.is_null(False)
                             & (i.kind == InteractionKind.REJECTION.value)))
        if application_ids is None:
            # grouping on "+application_id" keeps SQLite from walking the index and reading
            # the table row by row: a scan and a sort take half the time (0.6 s vs 1.1 s)
            whole = query.group_by(pw.NodeList((pw.SQL("+"), i.application), glue=""))
            rows = self.db.execute(whole).fetchall()
            found = self.db.execute(rejections).fetchall()
        else:
            rows, found = [], []
            for chunk in _chunks(application_ids):
                rows += self.db.execute(query.where(i.application.in_(chunk))).fetchall()
                found += self.db.execute(rejections.where(i.application.in_(chunk))).fetchall()
        if not isinstance(self.db, pw.SqliteDatabase):  # other engines return datetimes
            rows = [(r[0], *map(_instant_text, r[1:8]), *map(_instants_text, r[8:]))
                    for r in rows]
            found = [(a, _instant_text(k), n, c) for a, k, n, c in found]
        # the latest rejection of each application (the last entered, at the same instant);
        # picked here: an ORDER BY would walk the occurred_at index row by row (0.6 s)
        latest: dict[int, tuple] = {}
        for entry in found:
            seen = latest.get(entry[0])
            if seen is None or entry[1:3] > seen[1:3]:
                latest[entry[0]] = entry
        rejected = [(aid, key, contact) for aid, key, _, contact in latest.values()]
        return rows, rejected

    def interaction_owners(self, ids: Iterable[int]) -> dict[int, int | None]:
        """Interaction id -> application id of ``ids`` (archived entries included; for all
        entries, ``interaction_owner_table``)."""
        i = t.Interaction
        query = i.select(i.id, i.application)
        found: dict[int, int | None] = {}
        for chunk in _chunks(ids):
            found.update(self.db.execute(query.where(i.id.in_(chunk))).fetchall())
        return found

    def interaction_owner_table(self) -> array:
        """Application id of every log entry, indexed by the entry's id (0: none): 8 bytes an
        entry, read row by row (a dict of 300,000 entries takes 35 MB; this takes 2.4)."""
        i = t.Interaction
        table = array("q", bytes(8 * ((i.select(pw.fn.MAX(i.id)).scalar() or 0) + 1)))
        for entry_id, application_id in self.db.execute(
                i.select(i.id, i.application).where(i.application.is_null(False))):
            table[entry_id] = application_id
        return table

    def _joined(self, value: pw.Node) -> pw.Node:
        """Comma-separated values of a group (NULLs left out)."""
        if isinstance(self.db, pw.PostgresqlDatabase):
            return pw.fn.string_agg(pw.Cast(value, "text"), ",")
        return pw.fn.GROUP_CONCAT(value)

    # ---- events -------------------------------------------------------------------------
    def event_rows(self, ids: Iterable[int] | None = None, *, archived: bool | None = False,
                   application_id: int | None = None,
                   starts_from: datetime | None = None,
                   starts_before: datetime | None = None) -> list[EventRow]:
        e = t.Event
        query = e.select(*select_list(
            EventRow, frozenset({"interviewer_ids"}), id=e.id, application_id=e.application,
            kind=e.kind, title=e.title, starts_at=e.starts_at, ends_at=e.ends_at,
            timezone=e.timezone, all_day=e.all_day, location=e.location, notes=e.notes,
            questions=e.questions, uid=e.uid, created_at=e.created_at, updated_at=e.updated_at,
            archived_at=e.archived_at))
        if application_id is not None:
            query = query.where(e.application == application_id)
        if starts_from is not None:
            query = query.where(e.starts_at >= starts_from)
        if starts_before is not None:
            query = query.where(e.starts_at < starts_before)
        query = query.order_by(e.starts_at, e.id)
        raw = list(self._rows(query, e, ids, archived))
        interviewers: dict[int, list[int]] = {}
        for chunk in _chunks([id_ for id_, *_rest in raw]):
            ei = t.EventInterviewer
            for event_id, contact_id in (ei.select(ei.event, ei.contact)
                                         .where(ei.event.in_(chunk)).order_by(ei.id).tuples()):
                interviewers.setdefault(event_id, []).append(contact_id)
        return [
            EventRow(id_, application_id, EventKind(kind), title, to_utc(starts_at),
                     to_utc(ends_at), timezone, bool(all_day), location, notes, questions, uid,
                     tuple(interviewers.get(id_, ())), to_utc(created_at), to_utc(updated_at),
                     to_utc(archived_at))
            for (id_, application_id, kind, title, starts_at, ends_at, timezone, all_day,
                 location, notes, questions, uid, created_at, updated_at, archived_at) in raw
        ]

    def set_event_interviewers(self, event_id: int, contact_ids: Sequence[int]) -> None:
        ei = t.EventInterviewer
        ei.delete().where(ei.event == event_id).execute()
        if contact_ids:
            ei.insert_many([{"event": event_id, "contact": c} for c in dict.fromkeys(contact_ids)]
                           ).execute()

    def event_id_by_uid(self, uid: str) -> int | None:
        row = t.Event.select(t.Event.id).where(t.Event.uid == uid).tuples().first()
        return row[0] if row else None

    # ---- settings and action decisions --------------------------------------------------
    def setting(self, key: str) -> str | None:
        row = t.Setting.select(t.Setting.value).where(t.Setting.key == key).tuples().first()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> int:
        """Write ``value`` under ``key``; the row's id (for the change bus)."""
        (t.Setting.insert(key=key, value=value)
         .on_conflict(conflict_target=[t.Setting.key], update={t.Setting.value: value})
         .execute())
        return t.Setting.select(t.Setting.id).where(t.Setting.key == key).scalar()

    def action_decisions(self) -> list[tuple[str, str, Any, int | None]]:
        """(action_key, state, until, application_id) of every recorded decision."""
        d = t.ActionDecision
        return [(k, st, to_date(u), a) for k, st, u, a in
                self.db.execute(d.select(d.action_key, d.state, d.until, d.application))]

    def action_decision(self, key: str) -> tuple[str, Any, str, int | None, datetime] | None:
        """(state, until, reason, application_id, decided_at) of one decision, or None."""
        d = t.ActionDecision
        row = (d.select(d.state, d.until, d.reason, d.application, d.decided_at)
               .where(d.action_key == key).tuples().first())
        if row is None:
            return None
        state, until, reason, application_id, decided_at = row
        return state, to_date(until), reason, application_id, decided_at

    def delete_action_decision(self, key: str) -> int | None:
        """Forget one decision; returns its id (None when there was none)."""
        d = t.ActionDecision
        row = d.select(d.id).where(d.action_key == key).tuples().first()
        if row is None:
            return None
        d.delete().where(d.id == row[0]).execute()
        return row[0]

    def set_action_decision(self, key: str, state: str, until, reason: str,
                            application_id: int | None, when: datetime) -> int:
        d = t.ActionDecision
        values = {"state": state, "until": until, "reason": reason,
                  "application": application_id, "decided_at": when}
        (d.insert(action_key=key, **values)
         .on_conflict(conflict_target=[d.action_key],
                      update={getattr(d, k): v for k, v in values.items()
                              if k != "application"} | {d.application: application_id})
         .execute())
        return d.select(d.id).where(d.action_key == key).tuples().first()[0]

    def event_sequences(self, ids: Iterable[int]) -> dict[int, int]:
        """iCalendar SEQUENCE of each event (bumped when its time or place changes)."""
        e = t.Event
        found: dict[int, int] = {}
        for chunk in _chunks(ids):
            found.update(e.select(e.id, e.sequence).where(e.id.in_(chunk)).tuples())
        return found

    def contacts_by_email(self, emails: Iterable[str]) -> dict[str, int]:
        """Folded e-mail -> id of the oldest active contact with that address."""
        p = t.Contact
        wanted = sorted({m.strip().lower() for m in emails if m.strip()})
        found: dict[str, int] = {}
        for chunk in _chunks(wanted):
            query = (p.select(pw.fn.LOWER(p.email), p.id)
                     .where(pw.fn.LOWER(p.email).in_(chunk) & p.archived_at.is_null(True))
                     .order_by(p.id))
            for email, contact_id in query.tuples():
                found.setdefault(email, contact_id)
        return found

    # ---- helpers ------------------------------------------------------------------------
    def _rows(self, query: pw.Select, table: type[t.Table], ids: Iterable[int] | None,
              archived: bool | None) -> Iterator[tuple]:
        """Raw database tuples (no per-row peewee processing: ~8x faster at 100k rows);
        callers convert dates and times with ``to_utc``/``to_date``."""
        if archived is not None:
            query = query.where(table.archived_at.is_null(not archived))
        if ids is None:
            yield from self.db.execute(query).fetchall()
            return
        for chunk in _chunks(ids):
            yield from self.db.execute(query.where(table.id.in_(chunk))).fetchall()


# a link row removed with one side changes a field of the record on the other side, which
# stays (a log entry loses one of its contacts); other link tables count as a structural change
_LINK_FIELDS: dict[type[t.Table], frozenset[str]] = {
    t.InteractionContact: frozenset({"contact_ids"}),
}


def _merged(effects: list[tuple[Entity, list[int], frozenset[str]]]
            ) -> list[tuple[Entity, list[int], frozenset[str]]]:
    """One field change per entity (a purged contact empties an entry's ``contact_id`` and
    removes it from its ``contact_ids``: one change set names both)."""
    merged: list[tuple[Entity, list[int], frozenset[str]]] = []
    for entity, ids, fields in effects:
        same = next((n for n, (e, _i, f) in enumerate(merged) if e == entity and f and fields),
                    None)
        if same is None:
            merged.append((entity, ids, fields))
        else:
            _e, old_ids, old_fields = merged[same]
            merged[same] = (entity, sorted(set(old_ids) | set(ids)), old_fields | fields)
    return merged


def _instant_text(value: Any) -> Any:
    """An engine's datetime (naive UTC) -> the stored text form; text and None pass through."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    return value


def _instants_text(value: str | None) -> str | None:
    """An engine's own text for a list of instants -> the stored text form (6-digit fraction)."""
    if not value:
        return value
    return ",".join(_instant_text(datetime.fromisoformat(v).replace(tzinfo=None))
                    for v in value.split(","))
