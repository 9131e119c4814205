"""Regression guard for PySide6 6.12.0 on CPython 3.11, which drops a reference to None every
time C++ calls a Python data()/headerData() override that returns None (the process aborts
after a few thousand paints). The pin in pyproject.toml avoids it; this test says when a
release is safe to allow."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSortFilterProxyModel, Qt

from jobdesk.domain.changes import Entity
from jobdesk.ui.columns import COMPANY_COLUMNS, company_search_text
from jobdesk.ui.table_model import RecordTableModel


def test_none_refcount_does_not_drift_through_a_cpp_proxy(qtbot, demo_services):
    model = RecordTableModel(Entity.COMPANY, COMPANY_COLUMNS, company_search_text,
                             demo_services.companies.get_many)
    model.set_rows(demo_services.companies.list())
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    role = Qt.ItemDataRole.DecorationRole  # our data() returns None for it
    assert proxy.data(index, role) is None
    before = sys.getrefcount(None)
    for _ in range(5_000):
        proxy.data(index, role)
        proxy.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
    after = sys.getrefcount(None)
    # other code may hold or drop a handful of references meanwhile; the bug drops 10,000
    assert abs(after - before) < 100, f"None refcount drifted by {after - before}"
