"""The one way to run long work off the GUI thread (hashing and copying files, SMTP, keyring,
imports and exports).

``run_task(fn, ...)`` runs ``fn(progress)`` on Qt's global thread pool; ``progress(done, total)``
may be called from the worker and arrives on the GUI thread as ``sig_progress``; the result or
the exception arrives as ``sig_done`` / ``sig_failed``. A task can be cancelled cooperatively:
``progress`` raises ``TaskCancelled`` once ``cancel()`` was called.

``progress`` is cheap to call as often as the work likes (a file copy calls it per 1 MiB): it
always checks for cancellation, but only passes a value on to the GUI thread every
``PROGRESS_INTERVAL`` (about 20 a second) and when ``done`` reaches ``total``. A value held back
is sent with the next one or, at the latest, just before the result.

Database writes do not belong in ``fn``: do the slow part in the worker and write the result
from the ``sig_done`` handler, on the GUI thread (one writing connection; see FIELD-NOTES).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[int, int], None]
PROGRESS_INTERVAL = 0.05  # seconds between progress signals: a bar needs no more than ~20/s


class TaskCancelled(Exception):
    """Raised inside a task's ``progress`` call after ``Task.cancel()``."""


class Task(QObject):
    sig_progress = Signal(int, int)  # done, total
    sig_done = Signal(object)  # the function's result
    sig_failed = Signal(object)  # the exception (TaskCancelled when cancelled)
    sig_finished = Signal()  # after done or failed

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self.running = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._latest: tuple[int, int] | None = None  # the last value given to progress()
        self._sent: tuple[int, int] | None = None  # the last value emitted
        self._sent_at = float("-inf")

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise TaskCancelled()
        self._latest = (int(done), int(total))
        now = time.monotonic()
        if now - self._sent_at >= PROGRESS_INTERVAL or 0 < total <= done:
            self._sent_at = now
            self._emit_latest()

    def _emit_latest(self) -> None:
        latest = self._latest
        if latest is not None and latest != self._sent:
            self._sent = latest
            self.sig_progress.emit(*latest)

    def _run(self) -> None:
        try:
            result = self._fn(self._progress)
            self._emit_latest()  # a value the throttle held back, before the result
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self.error = exc
            self.sig_failed.emit(exc)
        else:
            self.result = result
            self.sig_done.emit(result)
        finally:
            self.running = False
            self.sig_finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task._run()


_live: set[Task] = set()  # keeps tasks alive until they finish


def run_task(fn: Callable[[Progress], Any], *,
             on_done: Callable[[Any], None] | None = None,
             on_failed: Callable[[BaseException], None] | None = None,
             on_progress: Callable[[int, int], None] | None = None,
             pool: QThreadPool | None = None) -> Task:
    """Start ``fn(progress)`` on a worker thread; handlers run on the GUI thread."""
    task = Task(fn)
    if on_progress:
        task.sig_progress.connect(on_progress)
    if on_done:
        task.sig_done.connect(on_done)
    if on_failed:
        task.sig_failed.connect(on_failed)
    _live.add(task)
    task.sig_finished.connect(lambda: _live.discard(task))
    task.running = True
    (pool or QThreadPool.globalInstance()).start(_Runnable(task))
    return task
