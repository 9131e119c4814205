"""Drafts: a note is kept from the first keystroke until it has gone out.

- ``save`` autosaves what the composer shows to the outbox (status *draft*); reopening the
  composer for the same application and template finds it again (``find``).
- ``hand_over`` is Copy and Open in mail program: the note left JobDesk by hand, but nobody
  knows yet whether it was sent. The outbox row becomes *copied* (or *opened*) and the log
  gets ONE entry per note, an own note "Drafted, copied: ..." (clicking Copy again updates
  that entry, it never adds a second one). The follow-up rules count only outgoing entries,
  so a copied note does not count as a check-in or a thank-you.
- ``confirm_sent`` is "Sent it": the drafted entry becomes the outgoing note (thank-you,
  check-in...) at the moment of the confirmation, and the row is marked sent. From then on
  the chase counts it.
- ``log_sent`` is the SMTP path's logging: the server accepted the note, so it is sent; a
  drafted entry of the same note is turned into the sent one rather than left beside it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace

from jobdesk.db import notes as q
from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Changes, Entity
from jobdesk.domain.enums import Direction, InteractionKind, OutboxStatus
from jobdesk.domain.errors import JobDeskError, NotFoundError, ValidationError
from jobdesk.domain.notes import OutboxRow
from jobdesk.services.base import Clock, utcnow
from jobdesk.services.composer import ComposerService, Draft, LoggedNote, Via

#: notes that can be reopened and carried on with (not sent, not given up)
OPEN_STATUSES = (OutboxStatus.DRAFT, OutboxStatus.COPIED, OutboxStatus.OPENED,
                 OutboxStatus.FAILED)
_HAND_OVER = {Via.CLIPBOARD: (OutboxStatus.COPIED, "copied"),
              Via.MAIL_PROGRAM: (OutboxStatus.OPENED, "opened in mail program")}


@dataclass(frozen=True)
class HandedOver:
    outbox_id: int
    interaction_id: int  # the one "drafted, copied" log entry of this note
    first: bool  # False: handed over before, the existing entry was updated


class DraftsService:
    def __init__(self, store: Store, bus: ChangeBus, *, composer: ComposerService,
                 clock: Clock = utcnow):
        self.store = store
        self.bus = bus
        self.composer = composer
        self.clock = clock

    # ---- reading ----------------------------------------------------------------------------
    def get(self, outbox_id: int) -> OutboxRow:
        rows = q.outbox_rows(ids=[outbox_id])
        if not rows:
            raise NotFoundError("outbox message", outbox_id)
        return rows[0]

    def find(self, application_id: int | None, template_key: str) -> OutboxRow | None:
        """The newest open note (draft, copied, opened, failed) of this application and
        template, to reopen where it was left."""
        if application_id is None or not template_key:
            return None
        rows = q.outbox_rows(statuses=OPEN_STATUSES, application_id=application_id,
                             template_key=template_key)
        return rows[-1] if rows else None

    def awaiting(self, application_id: int | None, template_key: str | None
                 ) -> OutboxRow | None:
        """A note of this application and template copied or opened in the mail program and
        not yet confirmed sent (Today offers "Sent it" for it)."""
        row = self.find(application_id, template_key or "")
        return row if row is not None and row.status.handed_over else None

    # ---- writing ----------------------------------------------------------------------------
    def _values(self, draft: Draft) -> dict:
        return {"application": draft.application_id, "contact": draft.contact_id,
                "template_key": draft.template_key, "recipient": draft.recipient.strip(),
                "subject": draft.subject, "body": draft.body}

    def _row_for_update(self, outbox_id: int) -> OutboxRow:
        row = self.get(outbox_id)
        if row.status in (OutboxStatus.SENT, OutboxStatus.SENDING):
            raise ValidationError("outbox", f"the note to {row.recipient or 'nobody yet'} is "
                                            f"{row.status.label.lower()}; start a new one")
        return row

    def save(self, draft: Draft, outbox_id: int | None = None) -> int:
        """Keep what the composer shows (one transaction); returns the outbox row's id. A
        copied or failed note keeps its status, a new one is a draft."""
        values = self._values(draft)
        with self.store.transaction():
            if outbox_id is None:
                outbox_id = self.store.insert(Entity.OUTBOX, {
                    **values, "status": OutboxStatus.DRAFT.value, "error": "",
                    "created_at": self.clock()})
                structural = True
            else:
                row = self._row_for_update(outbox_id)
                if row.status == OutboxStatus.DISCARDED:
                    values["status"] = OutboxStatus.DRAFT.value  # typed into again: kept
                q.mark_outbox(outbox_id, values)
                structural = row.status == OutboxStatus.DISCARDED
        self.bus.publish(Changes.of(Entity.OUTBOX, [outbox_id], structural=structural))
        return outbox_id

    def hand_over(self, draft: Draft, via: str, outbox_id: int | None = None) -> HandedOver:
        """Copy / Open in mail program: the note is ready and left JobDesk by hand. One log
        entry per note ("Drafted, copied: ..."), updated if this happens again."""
        draft = self.composer.check_ready(draft, need_recipient=False)
        status, word = _HAND_OVER[via]
        summary = f"Drafted, {word}: {draft.subject or '(no subject)'}"[:500]
        body = (self.composer.full_text(draft, f"{word}; not confirmed sent yet")
                + "\n\n(Press 'Sent it' in the composer, the outbox or on Today once it went "
                  "out.)")
        interactions = self.composer.interactions
        with self.bus.hold(), self.store.transaction():
            row = self._row_for_update(outbox_id) if outbox_id is not None else None
            entry_id = row.interaction_id if row is not None else None
            first = entry_id is None
            if entry_id is not None:
                try:
                    interactions.update(entry_id, summary=summary, body=body)
                except NotFoundError:
                    entry_id, first = None, True
            if entry_id is None:
                entry_id = interactions.create(
                    application_id=draft.application_id,
                    company_id=draft.company_id if draft.application_id is None else None,
                    contact_id=draft.contact_id, kind=InteractionKind.NOTE,
                    direction=Direction.INTERNAL, occurred_at=self.clock(), summary=summary,
                    body=body).id
            values = {**self._values(draft), "status": status.value, "error": "",
                      "interaction": entry_id}
            if row is None:
                outbox_id = self.store.insert(Entity.OUTBOX,
                                              {**values, "created_at": self.clock()})
            else:
                q.mark_outbox(row.id, values)
                outbox_id = row.id
            self.bus.publish(Changes.of(Entity.OUTBOX, [outbox_id], structural=True))
        return HandedOver(outbox_id, entry_id, first)

    def confirm_sent(self, outbox_id: int, *, schedule_next: bool | None = None,
                     draft: Draft | None = None) -> LoggedNote:
        """"Sent it": the copied note went out. Its drafted log entry becomes the outgoing
        note (now), the row is marked sent; a check-in schedules the next one."""
        row = self.get(outbox_id)
        if not row.status.handed_over:
            raise ValidationError("outbox", f"the note to {row.recipient or 'nobody yet'} is "
                                            f"{row.status.label.lower()}, not copied or opened "
                                            "in the mail program")
        draft = draft or self.as_draft(row)
        via = Via.CLIPBOARD if row.status == OutboxStatus.COPIED else Via.MAIL_PROGRAM
        with self.bus.hold(), self.store.transaction():
            logged = self.log_sent(row, draft, f"{via}, confirmed sent",
                                   schedule_next=schedule_next)
            q.mark_outbox(outbox_id, {"status": OutboxStatus.SENT.value, "error": "",
                                      "sent_at": self.clock(),
                                      "interaction": logged.interaction_id})
            self.bus.publish(Changes.of(Entity.OUTBOX, [outbox_id], structural=True))
        return logged

    def log_sent(self, row: OutboxRow | None, draft: Draft, via: str, *,
                 schedule_next: bool | None = None) -> LoggedNote:
        """Inside the caller's transaction: log the note as sent, turning the row's drafted
        entry (if any) into it, so one note is one entry."""
        entry_id = row.interaction_id if row is not None else None
        if entry_id is not None:
            try:
                entry = self.composer.interactions.get(entry_id)
            except NotFoundError:
                entry = None
            if entry is not None and entry.direction == Direction.INTERNAL:
                self.composer.interactions.update(
                    entry_id, kind=draft.kind, direction=Direction.OUTGOING,
                    occurred_at=self.clock(), summary=(draft.subject or "(no subject)")[:500],
                    body=self.composer.full_text(draft, via))
                return LoggedNote(entry_id, self.composer.schedule_after(draft, schedule_next))
        return self.composer.write_log(draft, via, schedule_next=schedule_next)

    def as_draft(self, row: OutboxRow) -> Draft:
        """The stored note as a draft (its kind from its template)."""
        kind = InteractionKind.EMAIL
        if row.template_key:
            with contextlib.suppress(JobDeskError):
                kind = self.composer.template(row.template_key).kind
        company_id = None
        if row.application_id is not None:
            company_id = self.composer.applications.get(row.application_id).company_id
        name = ""
        if row.contact_id is not None:
            try:
                name = self.composer.contacts.get(row.contact_id).name
            except NotFoundError:
                name = ""
        return replace(Draft(recipient=row.recipient, subject=row.subject, body=row.body,
                             kind=kind, template_key=row.template_key,
                             application_id=row.application_id, contact_id=row.contact_id),
                       company_id=company_id, recipient_name=name)
