"""run_task: results, errors, progress and cancellation arrive on the GUI thread.

Handlers are passed to run_task so they are connected before the worker can emit."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from jobdesk.ui import workers
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
    qtbot.waitUntil(lambda: seen[-1:] == [(3, 3)])
    # the first value goes at once, the last always; (2, 3) came within PROGRESS_INTERVAL
    assert seen == [(1, 3), (3, 3)]


def test_progress_is_throttled_for_the_gui_thread(qtbot, monkeypatch):
    """A copy calls progress per chunk; the GUI thread hears about it ~20 times a second."""
    clock = [0.0]
    monkeypatch.setattr(workers.time, "monotonic", lambda: clock[0])

    def work(progress):
        for i in range(1, 1001):  # 1000 calls over 1 s of (fake) time: one per millisecond
            clock[0] = i / 1000
            progress(i, 2000)
        clock[0] += 0.001
        progress(1001, 2000)  # held back (1 ms after the last one sent) ...
        return "copied"

    seen, results = [], []
    run_task(work, on_progress=lambda d, t: seen.append(d), on_done=results.append)
    qtbot.waitUntil(lambda: results == ["copied"], timeout=5000)
    qtbot.waitUntil(lambda: seen[-1:] == [1001])  # ... and sent before the result
    assert 15 <= len(seen) <= 25
    assert seen == sorted(seen) and seen[0] == 1


def test_held_back_progress_arrives_before_the_result(qtbot):
    order = []

    def work(progress):
        progress(1, 3)
        progress(2, 3)  # within PROGRESS_INTERVAL of the first: held back
        return "done"

    run_task(work, on_progress=lambda d, t: order.append(d), on_done=order.append)
    qtbot.waitUntil(lambda: "done" in order, timeout=5000)
    assert order == [1, 2, "done"]


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
