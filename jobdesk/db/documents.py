"""Queries and writes for documents, their versions and the links to applications.

Called by ``jobdesk.services.documents`` inside ``Store.transaction()``; returns plain tuples
and dicts, never ORM objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import peewee as pw

from jobdesk.db import schema as t

VersionTuple = tuple[int, int, int, str, str, str, int, datetime]
# id, document_id, version, sha256, original_name, mime_type, size, added_at


def _version_query():
    v = t.DocumentVersion
    return v.select(v.id, v.document, v.version, v.sha256, v.original_name, v.mime_type, v.size,
                    v.added_at)


def version_by_sha(sha256: str) -> VersionTuple | None:
    v = t.DocumentVersion
    return _version_query().where(v.sha256 == sha256).order_by(v.id).tuples().first()


def version(version_id: int) -> VersionTuple | None:
    return _version_query().where(t.DocumentVersion.id == version_id).tuples().first()


def versions(document_ids: Iterable[int] | None = None) -> list[VersionTuple]:
    v = t.DocumentVersion
    query = _version_query().order_by(v.document, v.version)
    if document_ids is not None:
        query = query.where(v.document.in_(list(document_ids)))
    return list(query.tuples())


def all_hashes() -> list[tuple[int, str]]:
    v = t.DocumentVersion
    return list(v.select(v.id, v.sha256).tuples())


def next_version_number(document_id: int) -> int:
    v = t.DocumentVersion
    top = v.select(pw.fn.MAX(v.version)).where(v.document == document_id).scalar()
    return (top or 0) + 1


def insert_document(label: str, kind: str, now: datetime) -> int:
    return t.Document.insert(label=label, kind=kind, notes="", created_at=now).execute()


def insert_version(document_id: int, number: int, sha256: str, original_name: str,
                   mime_type: str, size: int, now: datetime) -> int:
    return t.DocumentVersion.insert(
        document=document_id, version=number, sha256=sha256, original_name=original_name,
        mime_type=mime_type, size=size, added_at=now).execute()


def documents(ids: Iterable[int] | None = None, *, archived: bool = False
              ) -> list[tuple[int, str, str, datetime, datetime | None]]:
    d = t.Document
    query = (d.select(d.id, d.label, d.kind, d.created_at, d.archived_at)
             .where(d.archived_at.is_null(not archived)).order_by(d.id))
    if ids is not None:
        query = query.where(d.id.in_(list(ids)))
    return list(query.tuples())


def document_exists(document_id: int) -> bool:
    return t.Document.select().where(t.Document.id == document_id).exists()


def set_document(document_id: int, **values: Any) -> int:
    return t.Document.update(**values).where(t.Document.id == document_id).execute()


def link_exists(application_id: int, version_id: int) -> bool:
    ad = t.ApplicationDocument
    return ad.select().where((ad.application == application_id) & (ad.version == version_id)
                             ).exists()


def insert_link(application_id: int, version_id: int, sent_at: datetime) -> int:
    return t.ApplicationDocument.insert(application=application_id, version=version_id,
                                        sent_at=sent_at, note="").execute()


def delete_link(link_id: int) -> int:
    ad = t.ApplicationDocument
    return ad.delete().where(ad.id == link_id).execute()


def links(*, application_id: int | None = None, version_ids: Iterable[int] | None = None,
          link_id: int | None = None
          ) -> list[tuple[int, int, int, datetime, str, str, str, str]]:
    """(link id, application id, version id, sent_at, company name, job title, stage,
    application archived?) rows."""
    ad, a, c = t.ApplicationDocument, t.Application, t.Company
    query = (ad.select(ad.id, ad.application, ad.version, ad.sent_at, c.name, a.job_title,
                       a.stage, a.archived_at.is_null(False))
             .join(a, on=(ad.application == a.id))
             .join(c, on=(a.company == c.id))
             .order_by(ad.sent_at, ad.id))
    if application_id is not None:
        query = query.where(ad.application == application_id)
    if version_ids is not None:
        query = query.where(ad.version.in_(list(version_ids)))
    if link_id is not None:
        query = query.where(ad.id == link_id)
    return list(query.tuples())


def stage_changes(application_ids: Iterable[int]) -> list[tuple[int, str]]:
    """(application id, summary) of the logged stage moves ("Applied → Interviewing")."""
    i = t.Interaction
    ids = list(application_ids)
    if not ids:
        return []
    return list(i.select(i.application, i.summary)
                .where(i.application.in_(ids) & (i.kind == "stage_change")).tuples())


def application_exists(application_id: int) -> bool:
    a = t.Application
    return a.select().where(a.id == application_id).exists()


def get_setting(key: str) -> Any:
    row = t.Setting.select(t.Setting.value).where(t.Setting.key == key).tuples().first()
    return json.loads(row[0]) if row else None


def set_setting(key: str, value: Any) -> None:
    (t.Setting.insert(key=key, value=json.dumps(value))
     .on_conflict(conflict_target=[t.Setting.key], update={t.Setting.value: json.dumps(value)})
     .execute())
