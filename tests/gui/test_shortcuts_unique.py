"""Every shortcut does one thing where the focus is: two actions with the same key in the
same place make Qt fire neither ("Ambiguous shortcut overload")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from jobdesk.domain.changes import Entity
from jobdesk.ui.main_window import MainWindow


def test_no_two_window_wide_actions_share_a_key(qtbot, demo_services, ui_settings):
    window = MainWindow(demo_services, ui_settings)
    qtbot.addWidget(window)
    window.show()
    taken: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if key.isEmpty():
                continue
            taken.setdefault(key.toString(), []).append(
                f"{action.text()} ({action.shortcutContext().name})")
    window_wide = {k: v for k, v in taken.items()
                   if len(v) > 1 and any("WindowShortcut" in t for t in v)}
    assert window_wide == {}


def test_del_in_the_documents_panel_removes_the_document_not_the_application(
        qtbot, window, tmp_path):
    letter = tmp_path / "cover-letter.txt"
    letter.write_text("Dear hiring team,\n")
    view = window.views[Entity.APPLICATION]
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(view.model.index(0, 1)).center())
    app_id = view.model.id_at(0)
    with qtbot.waitSignal(window.document_store.sig_batch_finished, timeout=10_000):
        window.document_store.attach_files([str(letter)], app_id)
    panel = window.documents_panel
    qtbot.waitUntil(lambda: len(panel.attached()) == 1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.table.visualRect(panel.table.model().index(0, 0)).center())
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: panel.attached() == [])
    assert window.services.applications.get(app_id).archived_at is None
    assert window.services.documents.for_application(app_id) == []
    # in the table, Del still archives the selected application
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(view.model.index(0, 1)).center())
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert window.services.applications.get(app_id).archived_at is not None
