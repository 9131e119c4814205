"""The record table models: qtmodeltester after every mutation path, filter, sort, bus updates."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from jobdesk.domain.changes import Entity
from jobdesk.ui.columns import (
    APPLICATION_COLUMNS,
    COMPANY_COLUMNS,
    CONTACT_COLUMNS,
    application_search_text,
    company_search_text,
    contact_search_text,
)
from jobdesk.ui.table_model import ID_ROLE, RecordTableModel


def _models(s):
    return {
        Entity.APPLICATION: RecordTableModel(
            Entity.APPLICATION, APPLICATION_COLUMNS, application_search_text,
            lambda ids: s.applications.get_many(ids, archived=False)),
        Entity.COMPANY: RecordTableModel(
            Entity.COMPANY, COMPANY_COLUMNS, company_search_text,
            lambda ids: s.companies.get_many(ids, archived=False)),
        Entity.CONTACT: RecordTableModel(
            Entity.CONTACT, CONTACT_COLUMNS, contact_search_text,
            lambda ids: s.contacts.get_many(ids, archived=False)),
    }


def _loaded(s):
    models = _models(s)
    models[Entity.APPLICATION].set_rows(s.applications.list())
    models[Entity.COMPANY].set_rows(s.companies.list())
    models[Entity.CONTACT].set_rows(s.contacts.list())
    for model in models.values():
        s.bus.subscribe(model.apply_changes)
    return models


def _column(model, key):
    return next(i for i, c in enumerate(model.columns) if c.key == key)


@pytest.mark.parametrize("entity", [Entity.APPLICATION, Entity.COMPANY, Entity.CONTACT])
def test_modeltester_after_load_filter_and_sort(qtmodeltester, demo_services, entity):
    model = _loaded(demo_services)[entity]
    qtmodeltester.check(model)
    model.set_filter("a")
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_filter("")
    model.sort(1)
    qtmodeltester.check(model)


def test_modeltester_through_bus_edits_creates_and_archives(qtmodeltester, demo_services):
    s = demo_services
    models = _loaded(s)
    apps = models[Entity.APPLICATION]
    qtmodeltester.check(apps, force_py=True)
    first = s.applications.list()[0]
    s.applications.update(first.id, job_title="Principal Analyst")
    qtmodeltester.check(apps)
    company = s.companies.create(name="Zeta Widgets")
    new = s.applications.create(company_id=company.id, job_title="Analyst")
    qtmodeltester.check(apps)
    s.applications.archive([new.id, first.id])
    qtmodeltester.check(apps)
    s.applications.restore([first.id])
    qtmodeltester.check(apps)
    assert apps.row_of(first.id) >= 0
    assert apps.row_of(new.id) == -1


def test_filter_matches_all_terms_ignoring_case_and_accents(qtbot, demo_services):
    s = demo_services
    models = _loaded(s)
    companies = models[Entity.COMPANY]
    companies.set_filter("ZURICH")  # Wayfarer Maps is in Zürich
    names = [companies.data(companies.index(r, 0)) for r in range(companies.rowCount())]
    assert names == ["Wayfarer Maps"]
    apps = models[Entity.APPLICATION]
    apps.set_filter("brightlane analyst")
    rows = [apps.row_for_id(apps.id_at(r)) for r in range(apps.rowCount())]
    assert rows and all(r.company_name == "Brightlane Analytics" for r in rows)
    assert all("analyst" in r.job_title.lower() for r in rows)
    apps.set_filter("no-such-thing-anywhere")
    assert apps.rowCount() == 0
    apps.set_filter("")
    assert apps.rowCount() == 80


def test_sort_by_company_and_dates_keeps_blanks_last(qtbot, demo_services):
    models = _loaded(demo_services)
    apps = models[Entity.APPLICATION]
    apps.sort(_column(apps, "company"))
    names = [apps.row_for_id(apps.id_at(r)).company_name.casefold() for r in range(80)]
    assert names == sorted(names)
    apps.sort(_column(apps, "applied_on"))
    dates = [apps.row_for_id(apps.id_at(r)).applied_on for r in range(80)]
    present = [d for d in dates if d is not None]
    assert present == sorted(present)
    assert dates[len(present):] == [None] * (80 - len(present))
    apps.sort(_column(apps, "applied_on"), Qt.SortOrder.DescendingOrder)
    first = apps.row_for_id(apps.id_at(0)).applied_on
    assert first is None or first == max(present) or first is None


def test_sort_keeps_persistent_indexes_on_their_record(qtbot, demo_services):
    models = _loaded(demo_services)
    apps = models[Entity.APPLICATION]
    index = apps.index(5, 1)
    record_id = apps.data(index, ID_ROLE)
    persistent = QPersistentModelIndex(index)
    apps.sort(_column(apps, "job_title"), Qt.SortOrder.DescendingOrder)
    assert apps.data(apps.index(persistent.row(), 0), ID_ROLE) == record_id
    assert persistent.column() == 1


def test_single_edit_emits_data_changed_not_reset(qtbot, demo_services):
    s = demo_services
    apps = _loaded(s)[Entity.APPLICATION]
    target = s.applications.list()[3]
    resets = []
    apps.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(apps.dataChanged) as blocker:
        s.applications.update(target.id, applied_on=date(2026, 1, 5))
    top_left = blocker.args[0]
    assert apps.data(top_left, ID_ROLE) == target.id
    assert resets == []
    row = apps.row_of(target.id)
    col = _column(apps, "applied_on")
    assert apps.data(apps.index(row, col)) == "2026-01-05"


def test_created_record_appears_only_if_it_matches_the_filter(qtbot, services):
    s = services
    companies = _loaded(s)[Entity.COMPANY]
    companies.set_filter("acme")
    s.companies.create(name="Globex")
    assert companies.rowCount() == 0 and companies.total_count() == 1
    s.companies.create(name="Acme Rockets")
    assert companies.rowCount() == 1
    assert companies.data(companies.index(0, 0)) == "Acme Rockets"


def test_unhandled_roles_and_invalid_indexes_return_none(qtbot, demo_services):
    apps = _loaded(demo_services)[Entity.APPLICATION]
    assert apps.data(QModelIndex()) is None
    assert apps.data(apps.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert apps.headerData(0, Qt.Orientation.Vertical) is None
    assert apps.headerData(0, Qt.Orientation.Horizontal) == "Company"


def _fresh_sort(model, column, order):
    """The order a model loaded from scratch gives: the reference for the kept-up orders."""
    col = model.columns[column]
    rows = [model.row_for_id(model.id_at(r)) for r in range(model.rowCount())]
    ids = [r.id for r in sorted(rows, key=lambda r: (col.sort_key(r), r.id))]
    return ids[::-1] if order == Qt.SortOrder.DescendingOrder else ids


def test_sort_orders_kept_up_to_date_through_edits_creates_and_archives(qtbot, demo_services):
    s = demo_services
    apps = _loaded(s)[Entity.APPLICATION]
    company = _column(apps, "company")
    title = _column(apps, "job_title")
    for column in range(apps.columnCount()):  # build every column's order now
        apps.sort(column)
    apps.sort(title)
    first, second = s.applications.list()[:2]
    s.applications.update(first.id, job_title="Aaaa first now")
    s.applications.update(second.id, job_title="Zzzz last now")
    new = s.applications.create(company_id=first.company_id, job_title="Mmm middle")
    s.applications.archive([s.applications.list()[3].id])
    # an edit leaves the row in place until the next sort...
    assert apps.row_of(new.id) == apps.rowCount() - 1
    for column in (title, company):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            apps.sort(column, order)
            assert apps.visible_ids() == _fresh_sort(apps, column, order)
    apps.sort(title)  # ... which then puts it in its place
    assert apps.visible_ids()[0] == first.id
    assert apps.visible_ids()[-1] == second.id


def test_sort_with_a_filter_keeps_the_filtered_rows_and_backspace_reuses_them(
        qtbot, demo_services):
    apps = _loaded(demo_services)[Entity.APPLICATION]
    apps.set_filter("an")
    wide = set(apps.visible_ids())
    apps.set_filter("ana")
    narrow = apps.visible_ids()
    assert set(narrow) < wide
    apps.sort(_column(apps, "company"), Qt.SortOrder.DescendingOrder)
    assert set(apps.visible_ids()) == set(narrow)
    assert apps.visible_ids() == _fresh_sort(apps, _column(apps, "company"),
                                             Qt.SortOrder.DescendingOrder)
    apps.set_filter("an")
    assert set(apps.visible_ids()) == wide
    for rid in apps.visible_ids():
        assert apps.row_of(rid) == apps.visible_ids().index(rid)


def _recount(model, s):
    """The stage counts a full pass over every active row gives (the reference)."""
    counts: dict = {}
    terms = model.filter_terms
    for row in s.applications.list():
        key = model._keys[row.id]
        if all(t in key for t in terms):
            counts[row.stage] = counts.get(row.stage, 0) + 1
    return counts


def test_stage_counts_kept_by_id_through_edits_creates_archives_and_searches(
        qtbot, demo_services):
    s = demo_services
    apps = _loaded(s)[Entity.APPLICATION]
    apps.category = lambda row: row.stage
    assert apps.category_counts() == _recount(apps, s)  # counted once
    first, second, third = s.applications.list()[:3]
    s.applications.move_stage(first.id, "offer")
    s.applications.create(company_id=first.company_id, job_title="Counted one")
    s.applications.archive([second.id])
    assert apps.category_counts() == _recount(apps, s)
    apps.set_filter("data")
    assert apps.category_counts() == _recount(apps, s)
    s.applications.update(third.id, job_title="Nothing matches here")  # leaves the search
    s.applications.move_stage(s.applications.list()[4].id, "rejected")
    s.interactions.create(application_id=third.id, kind="note", direction="internal",
                          summary="data talk")  # its log brings it back
    apps.refresh_search([third.id])
    assert apps.category_counts() == _recount(apps, s)
    apps.set_category(first.stage)
    assert apps.category_counts() == _recount(apps, s)
    apps.set_filter("")
    assert apps.category_counts() == _recount(apps, s)
