"""Benchmark: 100,000 applications and 300,000 log entries in a real SQLite file, the whole
main window shown (offscreen). Prints: one cell edit from commit to every view updated (also
typed into the cell editor, with its SQL statement count), a stage move, a selection change,
adding an application (Ctrl+N), one
keystroke in the search field to the filtered view, a sort by company, and peak memory.

    PYTHONPATH=. python tests/bench/bench_records.py [--applications N] [--log N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORDS = ["analyst", "engineer", "platform", "data", "senior", "staff", "product", "designer",
         "manager", "research", "backend", "frontend", "growth", "security", "cloud", "mobile",
         "machine", "learning", "operations"]
SUMMARIES = ("Sent application", "Recruiter call", "Phone screen", "Follow-up sent",
             "Thank-you note", "Interview loop", "Offer call", "Rejection e-mail")


def build(path: Path, n_apps: int, n_log: int) -> None:
    from jobdesk.db.database import open_database

    open_database(path=path).close()  # schema by the real migrations
    rng = random.Random(3)
    con = sqlite3.connect(path)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    stamp = now.isoformat()
    n_companies = n_apps // 20
    con.executemany(
        "INSERT INTO company (id, name, name_key, match_key, website, industry, location, notes,"
        " status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(i, f"Company {i:05d} {rng.choice(WORDS).title()}",
          f"company {i:05d}", f"company{i:05d}", "", "Software", "Berlin", "", "active",
          stamp, stamp) for i in range(1, n_companies + 1)])
    con.executemany(
        "INSERT INTO contact (id, company_id, name, title, email, phone, profile_url,"
        " relationship, notes, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(i, (i % n_companies) + 1, f"Person{i} Surname{i % 997}", "Recruiter", "", "", "",
          "recruiter", "", stamp, stamp) for i in range(1, n_companies * 2 + 1)])
    stages = ["interested", "applied", "screening", "interviewing", "offer", "rejected"]
    con.executemany(
        "INSERT INTO application (id, company_id, job_title, posting_url, source, stage,"
        " applied_on, salary_range, job_description, notes, created_at, updated_at,"
        " stage_changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(i, rng.randint(1, n_companies),
          f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}", "", "job_board",
          rng.choice(stages), (now - timedelta(days=rng.randint(0, 300))).date().isoformat(),
          "", "", f"note {rng.choice(WORDS)}", stamp, stamp, stamp)
         for i in range(1, n_apps + 1)])
    con.executemany(
        "INSERT INTO interaction (application_id, company_id, kind, direction, occurred_at,"
        " summary, body, created_at) VALUES (?,?,?,?,?,?,?,?)",
        [((i % n_apps) + 1, None, "email", "out",
          (now - timedelta(minutes=i)).isoformat(), rng.choice(SUMMARIES),
          f"Talked about {rng.choice(WORDS)} and {rng.choice(WORDS)} ref{i}", stamp)
         for i in range(n_log)])
    con.execute("UPDATE interaction SET company_id = (SELECT company_id FROM application"
                " WHERE application.id = interaction.application_id)")
    con.commit()
    con.close()


def cpu_reference() -> str:
    """The machine's speed and load now, so figures from different runs can be compared."""
    t = time.perf_counter()
    x = 0
    for i in range(10_000_000):
        x += i
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return f"10M-iteration Python loop {time.perf_counter() - t:.2f} s; load average {load}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def longest_idle_step(model) -> float:
    """Time to build one column's sort order again (what one idle step blocks the GUI for)."""
    worst = 0.0
    for column in range(len(model.columns)):
        saved = model._ascending.pop(column)
        t = time.perf_counter()
        model._ascending_ids(column)
        worst = max(worst, time.perf_counter() - t)
        model._ascending[column] = saved
    return worst


def count_statements(db, action, app) -> int:
    """SQL statements run by ``action`` and the views' refresh after it."""
    count = [0]

    def trace(_statement: str) -> None:
        count[0] += 1

    connection = db.connection()
    connection.set_trace_callback(trace)
    try:
        action()
        app.processEvents()
    finally:
        connection.set_trace_callback(None)
    return count[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--log", type=int, default=300_000)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.domain.changes import Entity
    from jobdesk.services.container import Services
    from jobdesk.ui.main_window import MainWindow
    from jobdesk.ui.settings import UiSettings

    print(f"machine before: {cpu_reference()}")
    tmp = Path(tempfile.mkdtemp(prefix="jobdesk-bench-"))
    t0 = time.perf_counter()
    build(tmp / DATABASE_FILE_NAME, args.applications, args.log)
    print(f"data: {args.applications:,} applications, {args.log:,} log entries "
          f"(built in {time.perf_counter() - t0:.1f} s)")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = open_database(path=tmp / DATABASE_FILE_NAME)
    services = Services.build(db)
    t0 = time.perf_counter()
    window = MainWindow(services, UiSettings.in_dir(tmp))
    window.show()
    app.processEvents()
    print(f"window with all tables and search keys loaded: {time.perf_counter() - t0:.2f} s")
    model = window.models[Entity.APPLICATION]
    # the sort order of every column is built in idle moments after loading; wait for that,
    # as a user does not click within the first second
    t0 = time.perf_counter()
    while not all(m.sorts_prepared() for m in window.models.values()):
        app.processEvents()
    print(f"sort orders of every column built in idle time: {time.perf_counter() - t0:.2f} s"
          f" (longest single idle step under {ms(longest_idle_step(model))})")
    view = window.views[Entity.APPLICATION]
    window.tabs.setCurrentWidget(view)  # the window opens on Today; edits happen in the table
    app.processEvents()
    records = window.records
    # an application selected, so its detail pane is live too
    view.table.selectRow(10)
    app.processEvents()
    target = model.id_at(10)
    col = next(i for i, c in enumerate(model.columns) if c.key == "job_title")

    edits = []
    for n in range(15):
        t = time.perf_counter()
        records.editor.set_field(Entity.APPLICATION, target, "job_title", f"Edited title {n}")
        app.processEvents()
        edits.append(time.perf_counter() - t)
        assert model.data(model.index(model.row_of(target), col)) == f"Edited title {n}"
        assert records.details.application.fields["job_title"].text() == f"Edited title {n}"
    print(f"one cell edit, commit to every view updated: median {ms(statistics.median(edits))},"
          f" max {ms(max(edits))}")

    # the same edit typed into the table's cell editor (delegate, setData, repaint)
    from PySide6.QtCore import Qt as _Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    typed = []
    for n in range(8):
        index = model.index(model.row_of(target), col)
        view.table.setCurrentIndex(index)
        view.table.edit(index)
        app.processEvents()
        line = view.table.findChild(QLineEdit)
        line.setText(f"Typed title {n}")
        t = time.perf_counter()
        QTest.keyClick(line, _Qt.Key.Key_Return)
        app.processEvents()
        typed.append(time.perf_counter() - t)
        assert model.data(model.index(model.row_of(target), col)) == f"Typed title {n}"
    print(f"one cell edit typed in the table's editor (Enter to repainted): "
          f"median {ms(statistics.median(typed))}, max {ms(max(typed))}")

    statements = count_statements(db, lambda: records.editor.set_field(
        Entity.APPLICATION, target, "job_title", "Counted title"), app)
    stage_col = next(i for i, c in enumerate(model.columns) if c.key == "stage")
    moves = []
    for stage in ("interviewing", "offer", "screening", "applied"):
        t = time.perf_counter()
        records.editor.set_field(Entity.APPLICATION, target, "stage", stage)
        app.processEvents()
        moves.append(time.perf_counter() - t)
        assert model.data(model.index(model.row_of(target), stage_col)).lower() == stage
    move_statements = count_statements(db, lambda: records.editor.set_field(
        Entity.APPLICATION, target, "stage", "offer"), app)
    undo_statements = count_statements(db, records.editor.undo_stack.undo, app)
    print(f"one stage move to every view updated: median {ms(statistics.median(moves))}, "
          f"max {ms(max(moves))}")
    print(f"SQL statements: title edit {statements}, stage move {move_statements}, "
          f"its undo {undo_statements}")

    selections = []
    for n in range(12):
        t = time.perf_counter()
        view.table.selectRow(20 + n * 7)
        app.processEvents()
        selections.append(time.perf_counter() - t)
        assert records.details.application.application_id == model.id_at(20 + n * 7)
    print(f"selection change to the detail pane shown: median "
          f"{ms(statistics.median(selections))}, max {ms(max(selections))}")

    adds = []
    for _n in range(6):
        view.table.selectRow(30)
        app.processEvents()
        before = model.total_count()
        t = time.perf_counter()
        records.new_application_action.trigger()
        app.processEvents()
        adds.append(time.perf_counter() - t)
        assert model.total_count() == before + 1
        editor = view.table.findChild(QLineEdit)
        if editor is not None:
            QTest.keyClick(editor, _Qt.Key.Key_Escape)
            app.processEvents()
    print(f"add an application (Ctrl+N, to its row shown in the editor): "
          f"median {ms(statistics.median(adds))}, max {ms(max(adds))}")

    keys = []
    for text in ("r", "re", "ref", "ref1", "ref12", "ref123", "ref1234"):
        t = time.perf_counter()
        view.search.setText(text)
        app.processEvents()
        keys.append(time.perf_counter() - t)
    print(f"one keystroke in the search field to the filtered view (log text included): "
          f"median {ms(statistics.median(keys))}, max {ms(max(keys))}, "
          f"last query shows {model.visible_count():,} rows")
    broad = []
    for text in ("s", "se", "sen"):
        t = time.perf_counter()
        view.search.setText(text)
        app.processEvents()
        broad.append(time.perf_counter() - t)
    print(f"broad keystrokes ('s', 'se', 'sen'; tens of thousands of matches): "
          f"median {ms(statistics.median(broad))}, max {ms(max(broad))}")
    view.search.setText("")
    app.processEvents()

    company_col = next(i for i, c in enumerate(model.columns) if c.key == "company")
    t = time.perf_counter()
    view.table.sortByColumn(company_col, __import__("PySide6.QtCore").QtCore.Qt.SortOrder
                            .AscendingOrder)
    app.processEvents()
    first_sort = time.perf_counter() - t
    sorts = []
    for order in (1, 0, 1, 0):
        t = time.perf_counter()
        view.table.sortByColumn(company_col, __import__("PySide6.QtCore").QtCore.Qt.SortOrder(
            order))
        app.processEvents()
        sorts.append(time.perf_counter() - t)
    print(f"sort by company: first {ms(first_sort)}, "
          f"then median {ms(statistics.median(sorts))}, max {ms(max(sorts))}")

    tabs = records.stage_tabs
    filters = []
    for index in (2, 4, 1, 3, 0, 5, 0):
        t = time.perf_counter()
        tabs.setCurrentIndex(index)
        app.processEvents()
        filters.append(time.perf_counter() - t)
    print(f"stage tab picked to the filtered view: median {ms(statistics.median(filters))}, "
          f"max {ms(max(filters))}")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS, data generation included): {peak:.0f} MB")
    print(f"machine after: {cpu_reference()}")
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
