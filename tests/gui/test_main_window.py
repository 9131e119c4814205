"""The main window over a real database: views, search, empty states, counts, saved layout."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jobdesk.domain.changes import Entity
from jobdesk.ui.main_window import MainWindow


def test_window_shows_all_three_views_with_counts(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[0].startswith("Today (")  # the first thing the window shows
    assert titles[1:] == [
        "Applications", "Companies", "Contacts", "Calendar", "Board", "Archive", "Documents"]
    assert window.models[Entity.APPLICATION].rowCount() == 80
    assert window.models[Entity.COMPANY].rowCount() == 25
    assert window.models[Entity.CONTACT].rowCount() == 60
    assert window.totals_label.text() == "80 applications · 25 companies · 60 contacts"
    assert window.view_label.text() == "80 applications"


def test_typing_in_search_filters_and_status_says_so(qtbot, window):
    view = window.views[Entity.APPLICATION]
    qtbot.keyClicks(view.search, "umbra")
    model = view.model
    assert 0 < model.rowCount() < 80
    assert all(model.row_for_id(model.id_at(r)).company_name == "Umbra Security"
               for r in range(model.rowCount()))
    assert window.view_label.text() == f"Showing {model.rowCount()} of 80 applications"
    assert view.stack.currentWidget() is view.table


def test_no_match_state_offers_to_clear_the_search(qtbot, window):
    view = window.views[Entity.COMPANY]
    window.tabs.setCurrentWidget(view)
    qtbot.keyClicks(view.search, "qqqzzz")
    assert view.stack.currentWidget() is view.empty
    assert "No companies match" in view.empty.title.text()
    qtbot.mouseClick(view.empty.button, Qt.MouseButton.LeftButton)
    assert view.search.text() == ""
    assert view.stack.currentWidget() is view.table


def test_escape_clears_search(qtbot, window):
    view = window.views[Entity.APPLICATION]
    qtbot.keyClicks(view.search, "zenith")
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""


def test_empty_database_says_what_to_do_and_loads_demo(qtbot, services, ui_settings):
    win = MainWindow(services, ui_settings)
    qtbot.addWidget(win)
    win.show()
    view = win.views[Entity.APPLICATION]
    assert view.stack.currentWidget() is view.empty
    assert view.empty.title.text() == "No applications yet"
    assert "demo" in view.empty.body.text()
    assert win.load_demo_action.isEnabled()
    qtbot.mouseClick(view.empty.button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 80
    assert win.models[Entity.COMPANY].rowCount() == 25
    assert view.stack.currentWidget() is view.table
    assert not win.load_demo_action.isEnabled()
    assert services.counts()[Entity.APPLICATION] == 80


def test_layout_and_sort_survive_a_restart_which_opens_on_today(qtbot, demo_services,
                                                               ui_settings):
    first = MainWindow(demo_services, ui_settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 560)  # within the offscreen screen (800x600)
    first.tabs.setCurrentWidget(first.views[Entity.COMPANY])
    table = first.views[Entity.APPLICATION].table
    table.setColumnWidth(1, 333)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    first.close()

    second = MainWindow(demo_services, ui_settings)
    qtbot.addWidget(second)
    second.show()
    assert second.tabs.currentWidget() is second.today_view  # always the first thing shown
    assert (second.width(), second.height()) == (790, 560)
    table = second.views[Entity.APPLICATION].table
    assert table.columnWidth(1) == 333
    model = second.models[Entity.APPLICATION]
    names = [model.row_for_id(model.id_at(r)).company_name.casefold() for r in range(80)]
    assert names == sorted(names, reverse=True)


def test_edit_elsewhere_shows_in_the_open_window(qtbot, window):
    s = window.services
    app = s.applications.list()[0]
    s.applications.update(app.id, job_title="Head of Analytics")
    model = window.models[Entity.APPLICATION]
    row = model.row_of(app.id)
    assert model.data(model.index(row, 1)) == "Head of Analytics"
    before = window.models[Entity.COMPANY].row_for_id(app.company_id).open_applications
    s.applications.archive([app.id])
    assert model.row_of(app.id) == -1
    assert window.totals_label.text().startswith("79 applications")
    after = window.models[Entity.COMPANY].row_for_id(app.company_id).open_applications
    assert after == before - (1 if app.stage.is_open else 0)


def test_shortcuts_switch_views_and_focus_search(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.views[Entity.COMPANY]
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.today_view
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.views[Entity.COMPANY].search.hasFocus() or window.focusWidget() is \
        window.views[Entity.COMPANY].search
