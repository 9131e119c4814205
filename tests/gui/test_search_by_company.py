"""The Applications search covers the company's location and industry, follows a company
edit, and the stage tabs count what matches the search."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jobdesk.domain.changes import Entity


def stage_counts(window) -> list[str]:
    tabs = window.records.stage_tabs
    return [tabs.tabText(i) for i in range(tabs.count())]


def search(qtbot, window, text: str) -> None:
    view = window.views[Entity.APPLICATION]
    view.search.setFocus()
    view.search.selectAll()
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(view.search, text)


def shown(window) -> list[tuple[str, str]]:
    model = window.models[Entity.APPLICATION]
    return [(model.index(r, 0).data(), model.index(r, 1).data())
            for r in range(model.rowCount())]


def test_zurich_data_finds_the_data_engineer_in_zurich_and_the_counts_follow(qtbot, window):
    before = stage_counts(window)
    assert before[0] == "All (80)"
    search(qtbot, window, "zurich data")
    rows = shown(window)
    assert ("Wayfarer Maps", "Data Engineer") in rows  # Wayfarer Maps is in Zürich
    assert all(company == "Wayfarer Maps" for company, _title in rows)
    after = stage_counts(window)
    assert after != before
    assert after[0] == f"All ({len(rows)})"
    total = sum(int(t.rsplit("(", 1)[1].rstrip(")")) for t in after[1:])
    assert total == len(rows)
    # a stage tab picked while searching: the counts stay those of the search
    tabs = window.records.stage_tabs
    index = next(i for i, t in enumerate(after) if i and not t.endswith("(0)"))
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())
    assert tabs.currentIndex() == index
    assert stage_counts(window) == after
    assert len(shown(window)) == int(after[index].rsplit("(", 1)[1].rstrip(")"))
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(0).center())
    # the industry counts too
    search(qtbot, window, "geospatial engineer")
    assert ("Wayfarer Maps", "Data Engineer") in shown(window)
    qtbot.keyClick(window.views[Entity.APPLICATION].search, Qt.Key.Key_Escape)
    assert stage_counts(window) == before


def test_a_company_moving_city_refreshes_the_search(qtbot, window):
    s = window.services
    helix = next(c for c in s.companies.list() if c.name == "Helix Biolabs")
    search(qtbot, window, "lisbon")
    assert shown(window) == []
    # type the new location into the Companies table
    view = window.views[Entity.COMPANY]
    window.tabs.setCurrentWidget(view)
    column = next(i for i, c in enumerate(view.model.columns) if c.edit_field == "location")
    index = view.model.index(view.model.row_of(helix.id), column)
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "Lisbon")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.table.state() != view.table.State.EditingState)
    assert s.companies.get(helix.id).location == "Lisbon"
    window.tabs.setCurrentWidget(window.views[Entity.APPLICATION])
    rows = shown(window)
    assert rows and all(company == "Helix Biolabs" for company, _ in rows)
    assert len(rows) == len([a for a in s.applications.list() if a.company_id == helix.id])
    assert stage_counts(window)[0] == f"All ({len(rows)})"


def test_a_company_rename_shows_in_its_applications_and_their_search(qtbot, window):
    s = window.services
    helix = next(c for c in s.companies.list() if c.name == "Helix Biolabs")
    s.companies.update(helix.id, name="Helix Therapeutics")
    search(qtbot, window, "therapeutics")
    rows = shown(window)
    assert rows and all(company == "Helix Therapeutics" for company, _ in rows)
