"""Queries behind the composer: note templates, the outbox and product settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jobdesk.db import schema as t
from jobdesk.db.rowmap import select_list
from jobdesk.domain.enums import InteractionKind, OutboxStatus
from jobdesk.domain.notes import OutboxRow, TemplateRow


def template_rows(*, archived: bool | None = False, ids: Iterable[int] | None = None
                  ) -> list[TemplateRow]:
    n = t.NoteTemplate
    query = n.select(*select_list(TemplateRow, id=n.id, key=n.key, name=n.name,
                                  kind=n.interaction_kind, subject=n.subject, body=n.body,
                                  builtin=n.builtin, created_at=n.created_at,
                                  updated_at=n.updated_at, archived_at=n.archived_at)
                     ).order_by(n.builtin.desc(), n.id)
    if archived is not None:
        query = query.where(n.archived_at.is_null(not archived))
    if ids is not None:
        query = query.where(n.id.in_(list(ids)))
    return [TemplateRow(id_, key, name, InteractionKind(kind), subject, body, bool(builtin),
                        created_at, updated_at, archived_at)
            for (id_, key, name, kind, subject, body, builtin, created_at, updated_at,
                 archived_at) in query.tuples()]


def template_keys() -> set[str]:
    return {r[0] for r in t.NoteTemplate.select(t.NoteTemplate.key).tuples()}


def template_id_by_key(key: str) -> int | None:
    row = t.NoteTemplate.select(t.NoteTemplate.id).where(t.NoteTemplate.key == key).tuples().first()
    return row[0] if row else None


def outbox_rows(*, ids: Iterable[int] | None = None,
                statuses: Iterable[OutboxStatus] | None = None,
                application_id: int | None = None,
                template_key: str | None = None) -> list[OutboxRow]:
    o = t.OutboxMessage
    query = o.select(*select_list(OutboxRow, id=o.id, application_id=o.application,
                                  contact_id=o.contact, template_key=o.template_key,
                                  recipient=o.recipient, subject=o.subject, body=o.body,
                                  status=o.status, error=o.error,
                                  interaction_id=o.interaction, created_at=o.created_at,
                                  sent_at=o.sent_at)).order_by(o.id)
    if ids is not None:
        query = query.where(o.id.in_(list(ids)))
    if statuses is not None:
        query = query.where(o.status.in_([s.value for s in statuses]))
    if application_id is not None:
        query = query.where(o.application == application_id)
    if template_key is not None:
        query = query.where(o.template_key == template_key)
    return [OutboxRow(id_, application_id, contact_id, template_key, recipient, subject, body,
                      OutboxStatus(status), error, interaction_id, created_at, sent_at)
            for (id_, application_id, contact_id, template_key, recipient, subject, body,
                 status, error, interaction_id, created_at, sent_at) in query.tuples()]


def setting_values(keys: Iterable[str] | None = None) -> dict[str, str]:
    s = t.Setting
    query = s.select(s.key, s.value)
    if keys is not None:
        query = query.where(s.key.in_(list(keys)))
    return dict(query.tuples())


def put_setting(key: str, value: str) -> None:
    s = t.Setting
    if s.update(value=value).where(s.key == key).execute() == 0:
        s.insert(key=key, value=value).execute()


def delete_setting(key: str) -> None:
    t.Setting.delete().where(t.Setting.key == key).execute()


def contact_ids_of_application(application_id: int) -> list[int]:
    """Contacts that appear in an application's log, most recent first (no duplicates)."""
    i = t.Interaction
    query = (i.select(i.contact).where((i.application == application_id)
                                       & i.contact.is_null(False) & i.archived_at.is_null(True))
             .order_by(i.occurred_at.desc(), i.id.desc()))
    return list(dict.fromkeys(r[0] for r in query.tuples()))


def mark_outbox(outbox_id: int, values: dict[str, Any]) -> int:
    o = t.OutboxMessage
    return o.update(**values).where(o.id == outbox_id).execute()

