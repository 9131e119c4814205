"""File ▸ Remove demo data: a backup first, then exactly the demo's records go; what the user
added stays (and the demo records it uses), and the views follow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from jobdesk.domain.changes import Entity
from jobdesk.services.backups import BackupService


def click_remove(qtbot, window) -> None:
    action = window.demo_actions.remove_action
    assert action in window.file_menu.actions() and action.isEnabled()
    action.trigger()
    box = window.demo_actions.question
    assert box is not None and box.isVisible() and "backup is made first" in box.text()
    remove = next(b for b in box.buttons() if b.text() == "Remove demo data")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)


def test_remove_demo_data_keeps_what_you_added(qtbot, window, data_dir):
    s = window.services
    mine = s.companies.create(name="My Own Company", location="Lisbon")
    my_app = s.applications.create(company_id=mine.id, job_title="Analytics Lead")
    # a log entry of my own on a demo application: that application stays, with its company
    demo_app = s.applications.list()[3]
    s.interactions.create(application_id=demo_app.id, kind="note", direction="internal",
                          summary="My own note about this one")
    apps = window.models[Entity.APPLICATION]
    assert apps.total_count() == 81

    click_remove(qtbot, window)

    assert {a.id for a in s.applications.list()} == {my_app.id, demo_app.id}
    assert apps.total_count() == 2  # the table follows
    names = {c.name for c in s.companies.list(archived=None)}
    assert names == {"My Own Company", demo_app.company_name}
    assert window.models[Entity.COMPANY].total_count() == 2
    assert [i.summary for i in s.interactions.for_application(my_app.id)] == []
    demo_log = [i.summary for i in s.interactions.for_application(demo_app.id)]
    assert "My own note about this one" in demo_log
    assert s.settings.get("me.name") == ""  # the demo's name for you went with it
    message = window.statusBar().currentMessage()
    assert "Removed the demo data" in message and "79 applications" in message
    assert "Kept 1 application, 1 company" in message

    # the backup made first holds the whole demo
    (backup,) = [b for b in BackupService(data_dir).list() if b.reason == "before-demo-removal"]
    assert BackupService.summarize(backup.path).counts["application"] == 81
    assert not window.demo_actions.remove_action.isEnabled()


def test_cancel_removes_nothing(qtbot, window):
    window.demo_actions.remove_action.trigger()
    box = window.demo_actions.question
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert window.services.applications.count() == 80
    assert window.demo_actions.remove_action.isEnabled()
