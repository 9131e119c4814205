"""Documents: resumes, cover letters, portfolios and offer letters, stored once, versioned, and
linked to the applications they were sent with.

Storing a file has two halves (SQLite writes stay on one thread):

1. ``job = documents.ingest_job(path)`` returns a callable that hashes and copies the file into
   the store (``document_files.store_file``). It touches no database: run it on a worker thread.
2. ``documents.attach(stored, application_id)`` writes the rows in one transaction, on the
   thread that owns the database, and publishes the change.

A crash between the two leaves a stored file without a row (harmless; dropping the file again
reuses it). A crash inside 1 leaves only a ``.part-`` temp file, removed by ``recover()`` on the
next start. A row never points at a file that was not completely written first.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jobdesk.db import documents as q
from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Changes, Entity
from jobdesk.domain.enums import DocumentKind, Stage
from jobdesk.domain.errors import JobDeskError, NotFoundError, ValidationError
from jobdesk.domain.text import field_label, in_sentence, plural
from jobdesk.services import document_files as files
from jobdesk.services.base import Clock, utcnow
from jobdesk.services.document_files import (
    DEFAULT_MAX_SIZE,
    DocumentFileError,
    Progress,
    StoredFile,
)

MAX_SIZE_SETTING = "documents.max_size_bytes"
MAX_LABEL = 300


@dataclass(frozen=True, slots=True)
class SentTo:
    """One application a version went with, and how far that application got."""

    link_id: int
    application_id: int
    company_name: str
    job_title: str
    stage: Stage  # current stage
    reached: Stage  # furthest stage ever reached (stage history included)
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    document_id: int
    version: int
    sha256: str
    original_name: str
    mime_type: str
    size: int
    added_at: datetime
    sent_to: tuple[SentTo, ...]
    missing: bool  # the stored file is not in the data folder

    @property
    def best_stage(self) -> Stage | None:
        return max((s.reached for s in self.sent_to), key=lambda s: s.rank, default=None)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A library row: a document with its versions and where they went."""

    id: int
    label: str
    kind: DocumentKind
    created_at: datetime
    versions: tuple[VersionInfo, ...]

    @property
    def latest(self) -> VersionInfo:
        return self.versions[-1]

    @property
    def application_ids(self) -> frozenset[int]:
        return frozenset(s.application_id for v in self.versions for s in v.sent_to)

    @property
    def best_stage(self) -> Stage | None:
        return max((v.best_stage for v in self.versions if v.best_stage is not None),
                   key=lambda s: s.rank, default=None)

    @property
    def missing(self) -> bool:
        return any(v.missing for v in self.versions)


@dataclass(frozen=True, slots=True)
class AttachedDocument:
    """A version linked to an application (the application's documents section)."""

    link_id: int
    application_id: int
    document_id: int
    label: str
    kind: DocumentKind
    version_id: int
    version: int
    original_name: str
    mime_type: str
    size: int
    sent_at: datetime
    missing: bool

    @property
    def id(self) -> int:  # item models index rows by ``id``
        return self.link_id


@dataclass(frozen=True)
class AttachOutcome:
    document_id: int
    version_id: int
    version: int
    label: str
    stored_new_version: bool  # a new version row (False: the content was already stored)
    linked: bool  # a new link to the application was made
    already_linked: bool  # the application already had this version

    def describe(self, application: str = "") -> str:
        name = f"“{self.label}” v{self.version}"
        where = f" to {application}" if application else ""
        if self.already_linked:
            return f"{name} was already attached{where}."
        if self.stored_new_version and self.linked:
            return f"Stored {name} and attached it{where}."
        if self.stored_new_version:
            return f"Stored {name} in the library."
        if self.linked:
            return f"{name} was already stored; attached the existing copy{where}."
        return f"{name} is already in the library; nothing new was stored."


@dataclass(frozen=True)
class StoreReport:
    """What ``recover()`` found on start-up."""

    removed_temp_files: int
    missing: tuple[VersionInfo, ...]  # rows whose file is not in the store
    unreferenced: int  # stored files no row points at (kept; a drop reuses them)

    @property
    def message(self) -> str:
        if not self.missing:
            return ""
        names = ", ".join(f"“{v.original_name}” (v{v.version})" for v in self.missing[:5])
        more = f" and {len(self.missing) - 5} more" if len(self.missing) > 5 else ""
        count = plural(len(self.missing), "stored document file")
        verb = "is" if len(self.missing) == 1 else "are"
        return (f"{count} {verb} missing from the data folder: "
                f"{names}{more}. Restore the folder from a backup, or use Replace version "
                "to store the file again.")


class DocumentsService:
    entity = Entity.DOCUMENT

    def __init__(self, store: Store, bus: ChangeBus, clock: Clock = utcnow,
                 documents_dir: Path | None = None):
        self.store = store
        self.bus = bus
        self.clock = clock
        self._dir = documents_dir

    # ---- where and how much -----------------------------------------------------------------
    @property
    def documents_dir(self) -> Path:
        if self._dir is None:
            raise JobDeskError("documents need a data folder; start JobDesk with --data-dir")
        return self._dir

    def max_size(self) -> int:
        value = q.get_setting(MAX_SIZE_SETTING)
        return int(value) if isinstance(value, int | float) and value > 0 else DEFAULT_MAX_SIZE

    def set_max_size(self, size_bytes: int) -> None:
        try:
            size = int(size_bytes)
        except (TypeError, ValueError):
            raise ValidationError("max_size", "type the size limit as a number of MB") from None
        if size < 1024 or size > 1 << 40:
            raise ValidationError("max_size", "choose a size limit between 1 KB and 1 TB")
        with self.store.transaction():
            q.set_setting(MAX_SIZE_SETTING, size)

    def path_of(self, version_id: int) -> Path:
        row = q.version(version_id)
        if row is None:
            raise NotFoundError("document version", version_id)
        return files.stored_path(self.documents_dir, row[3])

    # ---- the file half (no database inside the returned callable) ---------------------------
    def ingest_job(self, path: str | os.PathLike, cancel: threading.Event | None = None
                   ) -> Callable[[Progress | None], StoredFile]:
        """A callable that stores ``path``; safe to run on a worker thread. The size limit and
        folder are read now, on the calling (database) thread."""
        limit, folder = self.max_size(), self.documents_dir

        def job(progress: Progress | None = None) -> StoredFile:
            return files.store_file(path, folder, max_size=limit, progress=progress,
                                    cancel=cancel)

        return job

    # ---- the database half ------------------------------------------------------------------
    def attach(self, stored: StoredFile, application_id: int | None = None, *,
               label: str | None = None,
               kind: DocumentKind | str = DocumentKind.RESUME) -> AttachOutcome:
        """Record a stored file: link the existing version when the content is already known,
        else a new document (version 1); link it to ``application_id`` when given."""
        clean_label = self._label(label) if label else None
        kind = DocumentKind.parse(kind, "kind")
        self._check_stored(stored)
        with self.store.transaction():
            if application_id is not None and not q.application_exists(application_id):
                raise NotFoundError("application", application_id)
            now = self.clock()
            existing = q.version_by_sha(stored.sha256)
            if existing is not None:
                version_id, document_id, number = existing[0], existing[1], existing[2]
                doc = q.documents([document_id], archived=False) or q.documents(
                    [document_id], archived=True)
                doc_label = doc[0][1]
                created = False
                if doc[0][4] is not None:  # archived: bring it back, it is in use again
                    q.set_document(document_id, archived_at=None)
            else:
                doc_label = clean_label or files.label_from_name(stored.original_name)
                document_id = q.insert_document(doc_label, kind.value, now)
                number = 1
                version_id = q.insert_version(document_id, 1, stored.sha256,
                                              stored.original_name, stored.mime_type,
                                              stored.size, now)
                created = True
            already = linked = False
            if application_id is not None:
                already = q.link_exists(application_id, version_id)
                if not already:
                    q.insert_link(application_id, version_id, now)
                    linked = True
        self._publish(document_id, application_id if linked else None, structural=created)
        return AttachOutcome(document_id, version_id, number, doc_label, created, linked,
                             already)

    def replace_version(self, document_id: int, stored: StoredFile) -> AttachOutcome:
        """Add ``stored`` as the next version of ``document_id``; older versions stay."""
        self._check_stored(stored)
        with self.store.transaction():
            doc = q.documents([document_id], archived=False)
            if not doc:
                raise NotFoundError("document", document_id)
            existing = q.version_by_sha(stored.sha256)
            if existing is not None:
                if existing[1] == document_id:
                    raise ValidationError(
                        "file", f"this file is already version {existing[2]} of "
                                f"“{doc[0][1]}”; nothing changed")
                other = q.documents([existing[1]], archived=False)
                other_label = other[0][1] if other else f"document #{existing[1]}"
                raise ValidationError(
                    "file", f"this file is already stored as “{other_label}” "
                            f"v{existing[2]}; pick a different file to replace with")
            number = q.next_version_number(document_id)
            version_id = q.insert_version(document_id, number, stored.sha256,
                                          stored.original_name, stored.mime_type, stored.size,
                                          self.clock())
        self._publish(document_id, None, structural=False)
        return AttachOutcome(document_id, version_id, number, doc[0][1], True, False, False)

    def link(self, version_id: int, application_id: int) -> AttachOutcome:
        """Attach an already stored version to an application (for example the latest)."""
        with self.store.transaction():
            row = q.version(version_id)
            if row is None:
                raise NotFoundError("document version", version_id)
            if not q.application_exists(application_id):
                raise NotFoundError("application", application_id)
            already = q.link_exists(application_id, version_id)
            if not already:
                q.insert_link(application_id, version_id, self.clock())
            label = q.documents([row[1]], archived=False)
        self._publish(row[1], application_id, structural=False)
        return AttachOutcome(row[1], version_id, row[2], label[0][1] if label else "", False,
                             not already, already)

    def unlink(self, link_id: int) -> None:
        with self.store.transaction():
            found = q.links(link_id=link_id)
            if not found:
                raise NotFoundError("attached document", link_id)
            q.delete_link(link_id)
            document_id = q.version(found[0][2])[1]
        self._publish(document_id, found[0][1], structural=False)

    def rename(self, document_id: int, label: str) -> None:
        clean = self._label(label)
        with self.store.transaction():
            if not q.set_document(document_id, label=clean):
                raise NotFoundError("document", document_id)
        self.bus.publish(Changes.of(Entity.DOCUMENT, [document_id], fields=["label"]))

    def set_kind(self, document_id: int, kind: DocumentKind | str) -> None:
        kind = DocumentKind.parse(kind, "kind")
        with self.store.transaction():
            if not q.set_document(document_id, kind=kind.value):
                raise NotFoundError("document", document_id)
        self.bus.publish(Changes.of(Entity.DOCUMENT, [document_id], fields=["kind"]))

    def set_field(self, document_id: int, field: str, value: object) -> DocumentSummary:
        """Change one editable field (``label`` or ``kind``); the UI's undoable edits call this
        like the record services' ``set_field``. Returns the document as stored."""
        if field == "kind":
            self.set_kind(document_id, value)  # type: ignore[arg-type]
        elif field == "label":
            self.rename(document_id, str(value or ""))
        else:
            label = in_sentence(field_label(field))
            raise ValidationError(field, f"a document's {label} cannot be edited")
        return self.get(document_id)

    # ---- reads ------------------------------------------------------------------------------
    def library(self, ids: Iterable[int] | None = None) -> list[DocumentSummary]:
        """Documents with their versions, where each went and how far it got."""
        docs = q.documents(ids)
        if not docs:
            return []
        version_rows = q.versions([d[0] for d in docs])
        infos = self._version_infos(version_rows)
        by_doc: dict[int, list[VersionInfo]] = {}
        for info in infos:
            by_doc.setdefault(info.document_id, []).append(info)
        return [DocumentSummary(d[0], d[1], DocumentKind(d[2]), d[3], tuple(by_doc[d[0]]))
                for d in docs if d[0] in by_doc]

    def get(self, document_id: int) -> DocumentSummary:
        found = self.library([document_id])
        if not found:
            raise NotFoundError("document", document_id)
        return found[0]

    def version_info(self, version_id: int) -> VersionInfo:
        row = q.version(version_id)
        if row is None:
            raise NotFoundError("document version", version_id)
        return self._version_infos([row])[0]

    def for_application(self, application_id: int) -> list[AttachedDocument]:
        rows = q.links(application_id=application_id)
        if not rows:
            return []
        versions = {v[0]: v for v in self._versions_by_id({r[2] for r in rows})}
        docs = {d[0]: d for d in q.documents({v[1] for v in versions.values()}, archived=False)}
        docs.update({d[0]: d for d in q.documents({v[1] for v in versions.values()},
                                                  archived=True)})
        out = []
        for link_id, app_id, version_id, sent_at, *_rest in rows:
            v = versions[version_id]
            d = docs[v[1]]
            out.append(AttachedDocument(
                link_id, app_id, d[0], d[1], DocumentKind(d[2]), version_id, v[2], v[4], v[5],
                v[6], sent_at, not self._present(v[3])))
        return out

    def stage_reached(self, application_ids: Iterable[int]) -> dict[int, Stage]:
        """The furthest stage each application got to: its current stage or any stage it
        passed through (a rejection after interviews still counts as 'interviewing')."""
        ids = list(application_ids)
        reached: dict[int, Stage] = {}
        for app_id, summary in q.stage_changes(ids):
            for part in re.split("->|→", summary):  # "Applied → Interviewing" (older: "->")
                try:
                    stage = Stage.parse(part, "stage")
                except ValidationError:
                    continue
                best = reached.get(app_id)
                if best is None or stage.rank > best.rank:
                    reached[app_id] = stage
        return reached

    # ---- start-up ---------------------------------------------------------------------------
    def recover(self) -> StoreReport:
        """Remove temp files left by an interrupted copy; report rows whose file is missing."""
        if self._dir is None:
            return StoreReport(0, (), 0)
        scan = files.scan_store(self.documents_dir)
        rows = q.versions()
        missing_rows = [r for r in rows if r[3] not in scan.present]
        referenced = {r[3] for r in rows}
        missing = tuple(self._version_infos(missing_rows, present=scan.present))
        return StoreReport(len(scan.removed_temp), missing, len(scan.present - referenced))

    # ---- helpers ----------------------------------------------------------------------------
    def _label(self, label: str) -> str:
        text = " ".join(str(label or "").split())
        if not text:
            raise ValidationError("label", "a label is required, like “Resume - data roles v3”")
        if len(text) > MAX_LABEL:
            raise ValidationError("label", f"the label is {len(text)} characters long; "
                                           f"shorten it to {MAX_LABEL} or fewer")
        return text

    def _check_stored(self, stored: StoredFile) -> None:
        path = files.stored_path(self.documents_dir, stored.sha256)
        try:
            size = path.stat().st_size
        except OSError:
            size = -1
        if size != stored.size:
            raise DocumentFileError(stored.source, "the stored copy is gone from the data "
                                                   "folder; drop the file again")

    def _present(self, sha256: str) -> bool:
        if self._dir is None:
            return False
        with contextlib.suppress(OSError):
            return files.stored_path(self._dir, sha256).is_file()
        return False

    def _versions_by_id(self, ids: Iterable[int]) -> list[q.VersionTuple]:
        out = []
        for version_id in ids:
            row = q.version(version_id)
            if row is not None:
                out.append(row)
        return out

    def _version_infos(self, rows: list[q.VersionTuple],
                       present: frozenset[str] | None = None) -> list[VersionInfo]:
        link_rows = q.links(version_ids=[r[0] for r in rows]) if rows else []
        reached = self.stage_reached({lr[1] for lr in link_rows})
        sent: dict[int, list[SentTo]] = {}
        for link_id, app_id, version_id, sent_at, company, title, stage, _archived in link_rows:
            current = Stage(stage)
            best = reached.get(app_id, current)
            if current.rank > best.rank:
                best = current
            sent.setdefault(version_id, []).append(
                SentTo(link_id, app_id, company, title, current, best, sent_at))
        return [
            VersionInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                        tuple(sent.get(r[0], ())),
                        (r[3] not in present) if present is not None else not self._present(r[3]))
            for r in rows
        ]

    def _publish(self, document_id: int, application_id: int | None, *, structural: bool
                 ) -> None:
        changes = [Changes.of(Entity.DOCUMENT, [document_id], structural=structural)]
        if application_id is not None:
            # the application's documents changed; its table row does not (no field listed)
            changes.append(Changes.of(Entity.APPLICATION, [application_id],
                                      fields=["documents"]))
        self.bus.publish(*changes)


def store_and_attach(service: DocumentsService, paths: Iterable[str | os.PathLike],
                     application_id: int | None = None, *, label: str | None = None,
                     progress: Progress | None = None
                     ) -> list[tuple[str, AttachOutcome | JobDeskError]]:
    """Both halves on the calling thread, file by file (headless commands). A bad file is
    reported and skipped; the others are still stored."""
    results: list[tuple[str, AttachOutcome | JobDeskError]] = []
    for path in paths:
        try:
            stored = service.ingest_job(path)(progress)
            results.append((str(path), service.attach(stored, application_id, label=label)))
        except JobDeskError as exc:
            results.append((str(path), exc))
    return results
