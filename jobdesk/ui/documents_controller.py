"""Stores dropped files one after another: hashing and copying on a worker thread
(``run_task``), the rows written on the GUI thread when each copy is done.

The controller is the only place the UI drives the two halves of ``DocumentsService``; views
only emit ``sig_files_dropped`` and the main window routes it here.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.text import plural
from jobdesk.services.container import Services
from jobdesk.services.document_files import IngestCancelled, StoredFile
from jobdesk.services.documents import AttachOutcome
from jobdesk.ui.workers import Task, TaskCancelled, run_task


@dataclass
class _Job:
    path: str
    application_id: int | None
    replace_document_id: int | None = None


@dataclass
class BatchReport:
    """What happened to one batch of dropped files."""

    done: list[tuple[str, AttachOutcome]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # path, message
    cancelled: int = 0

    def summary(self, application: str = "") -> str:
        parts = [outcome.describe(application) for _path, outcome in self.done]
        if self.failed:
            parts.append(f"{plural(len(self.failed), 'file')} not stored.")
        if self.cancelled:
            parts.append(f"{plural(self.cancelled, 'file')} cancelled.")
        return " ".join(parts)


class DocumentsController(QObject):
    sig_progress = Signal(str, int, int)  # file name, bytes done, bytes total
    sig_batch_finished = Signal(object)  # BatchReport
    sig_busy_changed = Signal(bool)

    def __init__(self, services: Services, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self._queue: deque[_Job] = deque()
        self._task: Task | None = None
        self._cancel = threading.Event()
        self._current: _Job | None = None
        self._report = BatchReport()
        self.application_name: Callable[[int], str] = lambda _id: ""

    @property
    def busy(self) -> bool:
        return self._current is not None

    def attach_files(self, paths: list[str], application_id: int | None) -> None:
        """Store ``paths`` (and link them to ``application_id`` when given)."""
        self._enqueue([_Job(p, application_id) for p in paths])

    def replace_version(self, document_id: int, path: str) -> None:
        self._enqueue([_Job(path, None, document_id)])

    def cancel(self) -> None:
        """Stop the current copy (nothing of it is kept) and drop the queued files."""
        self._report.cancelled += len(self._queue)
        self._queue.clear()
        self._cancel.set()
        if self._task is not None:
            self._task.cancel()

    def _enqueue(self, jobs: list[_Job]) -> None:
        self._queue.extend(jobs)
        if not self.busy:
            self._report = BatchReport()
            self.sig_busy_changed.emit(True)
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._current = None
            self._task = None
            report, self._report = self._report, BatchReport()
            self.sig_busy_changed.emit(False)
            self.sig_batch_finished.emit(report)
            return
        job = self._current = self._queue.popleft()
        self._cancel = threading.Event()
        try:
            work = self.services.documents.ingest_job(job.path, self._cancel)
        except JobDeskError as exc:
            self._report.failed.append((job.path, str(exc)))
            self._next()
            return
        name = os.path.basename(job.path)
        self._task = run_task(
            work,
            on_progress=lambda done, total, name=name: self.sig_progress.emit(name, done, total),
            on_done=lambda stored, job=job: self._on_stored(job, stored),
            on_failed=lambda exc, job=job: self._on_failed(job, exc))

    def _on_stored(self, job: _Job, stored: StoredFile) -> None:
        try:  # the database half, on the GUI thread
            if job.replace_document_id is not None:
                outcome = self.services.documents.replace_version(job.replace_document_id,
                                                                  stored)
            else:
                outcome = self.services.documents.attach(stored, job.application_id)
        except JobDeskError as exc:
            self._report.failed.append((job.path, str(exc)))
        else:
            self._report.done.append((job.path, outcome))
        self._next()

    def _on_failed(self, job: _Job, exc: BaseException) -> None:
        if isinstance(exc, TaskCancelled | IngestCancelled):
            self._report.cancelled += 1
        elif isinstance(exc, JobDeskError):
            self._report.failed.append((job.path, str(exc)))
        else:
            self._report.failed.append(
                (job.path, f"{os.path.basename(job.path)}: could not be stored ({exc!r})"))
        self._next()
