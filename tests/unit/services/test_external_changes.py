"""The change journal: writes by another connection become change-sets on this process's
bus; this process's own writes are not published twice."""

from __future__ import annotations

import sqlite3

from jobdesk.db.database import DATABASE_FILE_NAME
from jobdesk.db.journal import TABLE, Journal
from jobdesk.domain.changes import Changes, Entity
from jobdesk.services.external_changes import ExternalChanges


def other_connection(data_dir):
    conn = sqlite3.connect(data_dir / DATABASE_FILE_NAME, isolation_level=None, timeout=5)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def test_writes_of_another_connection_are_published_once(services, data_dir):
    company = services.companies.create(name="Helix Biolabs", location="Basel")
    app = services.applications.create(company_id=company.id, job_title="Data Analyst")
    seen: list[Changes] = []
    services.bus.subscribe(seen.append)
    watcher = ExternalChanges(services.store, services.bus)
    assert watcher.available and watcher.poll() == []

    # this process's own write: published by its service, not again by the poll
    services.applications.update(app.id, notes="mine")
    seen.clear()
    assert watcher.poll() == []

    other = other_connection(data_dir)
    other.execute("UPDATE company SET location = 'Zürich', updated_at = updated_at "
                  "WHERE id = ?", (company.id,))
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO application (company_id, job_title, posting_url, source, stage, "
                  "salary_range, job_description, notes, created_at, updated_at) VALUES "
                  "(?, 'Data Engineer', '', 'other', 'interested', '', '', '', "
                  "'2026-12-01T00:00:00', '2026-12-01T00:00:00')", (company.id,))
    new_id = other.execute("SELECT max(id) FROM application").fetchone()[0]
    other.execute("COMMIT")
    changes = watcher.poll()
    counts = [c for c in changes if c.fields == {"open_applications"}]
    by_kind = {(c.entity, c.structural): c for c in changes if c not in counts}
    assert by_kind[(Entity.COMPANY, False)].ids == {company.id}
    assert by_kind[(Entity.COMPANY, False)].fields == {"location"}
    assert by_kind[(Entity.APPLICATION, True)].ids == {new_id}
    # the new application's company counts it (the effect its service would publish)
    assert [(c.entity, c.ids, c.rows[0].open_applications) for c in counts] == [
        (Entity.COMPANY, {company.id}, 2)]
    def flat(sets):
        return {(c.entity, c.structural, i, f) for c in sets for i in c.ids
                for f in c.fields or {""}}

    assert flat(seen) == flat(changes)  # published on the bus (merged per entity)
    assert watcher.poll() == []  # once

    other.execute("UPDATE application SET archived_at = '2026-12-02T00:00:00' WHERE id = ?",
                  (app.id,))
    archived, count = watcher.poll()
    assert (archived.entity, archived.ids, archived.structural) == (
        Entity.APPLICATION, {app.id}, True)
    assert (count.entity, count.ids, count.rows[0].open_applications) == (
        Entity.COMPANY, {company.id}, 1)
    other.close()


def test_a_sent_document_is_journalled_as_the_application_and_the_document(
        services, data_dir, tmp_path):
    from jobdesk.services.documents import store_and_attach

    company = services.companies.create(name="Acme")
    app = services.applications.create(company_id=company.id, job_title="Analyst")
    journal = Journal(services.store.db)
    start = journal.last_id()
    f = tmp_path / "cv.pdf"
    f.write_bytes(b"cv")
    ((_path, _outcome),) = store_and_attach(services.documents, [f], app.id)
    entries = journal.after(start)
    assert ("application", app.id, ("documents",)) in [
        (e.entity, e.row_id, e.fields) for e in entries]
    assert {e.entity for e in entries} >= {"document", "application"}


def test_a_pruned_journal_makes_every_record_count_as_changed(services, data_dir):
    company = services.companies.create(name="Acme")
    watcher = ExternalChanges(services.store, services.bus)
    other = other_connection(data_dir)
    other.execute("UPDATE company SET notes = 'x' WHERE id = ?", (company.id,))
    other.execute("UPDATE company SET notes = 'y' WHERE id = ?", (company.id,))
    # pruned (oldest first) past what the watcher saw, as after a day asleep
    other.execute(f"DELETE FROM {TABLE} WHERE id <= (SELECT min(id) FROM {TABLE} "
                  "WHERE entity = 'company' AND fields = 'notes')")
    changes = watcher.poll()
    companies = next(c for c in changes if c.entity == Entity.COMPANY)
    assert companies.structural and company.id in companies.ids
    other.close()


def test_pruning_keeps_recent_rows(services):
    services.companies.create(name="Acme")
    journal = Journal(services.store.db)
    assert journal.last_id() > 0
    assert journal.prune() == 0
    services.store.db.execute_sql(f"UPDATE {TABLE} SET at = at - 2")
    assert journal.prune() > 0
    services.companies.create(name="Beta")  # ids are never reused after a prune
    assert journal.first_id() > 1
