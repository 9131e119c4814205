"""run_task: results, errors, progress and cancellation arrive on the GUI thread.

Handlers are passed to run_task so they are connected before the worker can emit."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from jobdesk.ui.workers import TaskCancelled, run_task


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    gui_thread = QThread.currentThread()
    seen = []

    def work(progress):
        assert threading.current_thread() is not threading.main_thread()
        for i in range(3):
            progress(i + 1, 3)
        return "hashed"

    def on_progress(done, total):
        assert QThread.currentThread() is gui_thread
        seen.append((done, total))

    results = []
    task = run_task(work, on_progress=on_progress, on_done=results.append)
    qtbot.waitUntil(lambda: results == ["hashed"], timeout=5000)
    assert task.result == "hashed" and task.error is None
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_exception_is_delivered_not_swallowed(qtbot):
    def work(progress):
        raise OSError(28, "No space left on device")

    errors = []
    run_task(work, on_failed=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], OSError)
    assert errors[0].errno == 28


def test_cancel_stops_at_the_next_progress_call(qtbot):
    started = threading.Event()
    release = threading.Event()

    def work(progress):
        started.set()
        release.wait(5)
        progress(1, 2)
        return "should not finish"

    errors = []
    task = run_task(work, on_failed=errors.append)
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], TaskCancelled)
    assert task.result is None


@pytest.mark.parametrize("n", [8])
def test_many_tasks_all_finish(qtbot, n):
    tasks = [run_task(lambda p, i=i: i * i) for i in range(n)]
    qtbot.waitUntil(lambda: all(not t.running for t in tasks), timeout=5000)
    assert sorted(t.result for t in tasks) == [i * i for i in range(n)]
