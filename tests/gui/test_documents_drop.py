"""Real drops: QMimeData with file URLs delivered as QDragEnter/Move/Drop events through the
views' drop handling, then the stored file and the link rows are checked."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from jobdesk.domain.changes import Entity
from jobdesk.ui.documents_panel import ApplicationDocumentsPanel


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mime_with(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_and_drop(target, pos: QPoint, paths, *, release: bool = True) -> list:
    """Send enter, move and drop to ``target``; return whether each was accepted."""
    mime = mime_with(paths)
    point = QPointF(pos)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(target, move)
    accepted = [enter.isAccepted(), move.isAccepted()]
    if release:
        drop = QDropEvent(point, actions, mime, buttons, mods)
        QApplication.sendEvent(target, drop)
        accepted.append(drop.isAccepted())
    return accepted


def make_file(folder: Path, name: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def link_rows(services):
    from jobdesk.db import schema as t

    ad = t.ApplicationDocument
    return sorted((r.application_id, r.version.sha256) for r in ad.select())


def row_center(table, row: int) -> QPoint:
    return table.visualRect(table.model().index(row, 1)).center()


ICS_DIR = Path(__file__).resolve().parents[1] / "data" / "ics"


def documents_section_target(window) -> tuple:
    """The widget a drop in the middle of the detail pane's Documents section reaches, as the
    window system delivers it (the innermost widget there that accepts drops), and the point
    in its coordinates."""
    pane = window.records.details.application
    assert window.records.details.currentWidget() is pane
    pane.ensureWidgetVisible(window.documents_section)
    section = window.documents_section
    assert section.isVisible() and section.title() == "Documents"
    center = section.rect().center()
    widget = section.childAt(center) or section
    while not widget.acceptDrops():
        widget = widget.parentWidget()
    return widget, widget.mapFrom(section, center)


def event_rows(services, application_id):
    return services.store.event_rows(None, application_id=application_id)


def test_drop_on_a_row_stores_and_links(qtbot, window, tmp_path):
    view = window.views[Entity.APPLICATION]
    table = view.table
    row = 3
    app_id = view.model.id_at(row)
    files = [make_file(tmp_path / "in", "Resume v3.pdf", os.urandom(300_000)),
             make_file(tmp_path / "in", "Cover letter.docx", b"Dear team")]
    with qtbot.waitSignal(window.document_store.sig_batch_finished, timeout=10_000) as stored:
        accepted = drag_and_drop(table.viewport(), row_center(table, row), files)
    assert accepted == [True, True, True]
    [report] = stored.args
    assert [o.linked for _p, o in report.done] == [True, True] and not report.failed
    store = window.services.documents.documents_dir
    for f in files:
        assert sha(store / sha(f)) == sha(f)
    assert link_rows(window.services) == sorted((app_id, sha(f)) for f in files)
    # the dropped-on application is selected; its detail pane lists what was sent
    assert window.documents_panel.application_id == app_id
    qtbot.waitUntil(lambda: len(window.documents_panel.attached()) == 2)
    assert sorted(a.original_name for a in window.documents_panel.attached()) == [
        "Cover letter.docx", "Resume v3.pdf"]
    # and the library shows them, sent to one application (refreshed after the write)
    qtbot.waitUntil(lambda: window.library.model.total_count() == 2)


def test_row_under_the_cursor_is_highlighted_before_release(qtbot, window, tmp_path):
    table = window.views[Entity.APPLICATION].table
    drop = window.application_drop
    f = make_file(tmp_path, "cv.pdf", b"resume")
    accepted = drag_and_drop(table.viewport(), row_center(table, 5), [f], release=False)
    assert accepted == [True, True]
    assert drop.target_id == window.models[Entity.APPLICATION].id_at(5)
    assert drop.highlight.isVisible()
    assert drop.highlight.geometry().intersects(
        table.visualRect(table.model().index(5, 0)))
    QApplication.sendEvent(table.viewport(), QDragLeaveEvent())
    assert not drop.highlight.isVisible() and drop.target_id is None
    assert link_rows(window.services) == []


def test_drop_below_the_rows_is_refused(qtbot, window, tmp_path):
    view = window.views[Entity.APPLICATION]
    view.search.setText("umbra")  # few rows: empty space below them
    table = view.table
    f = make_file(tmp_path, "cv.pdf", b"resume")
    pos = QPoint(20, table.viewport().height() - 5)
    assert not table.indexAt(pos).isValid()
    accepted = drag_and_drop(table.viewport(), pos, [f])
    assert accepted[1:] == [False, False]
    assert not window.document_store.busy
    assert link_rows(window.services) == []


def test_dropping_the_same_file_again_links_the_existing_copy(qtbot, window, tmp_path):
    table = window.views[Entity.APPLICATION].table
    model = window.models[Entity.APPLICATION]
    f = make_file(tmp_path, "cv.pdf", b"resume v1")
    copy = make_file(tmp_path / "elsewhere", "cv (1).pdf", b"resume v1")
    for row, path in ((0, f), (1, copy), (1, f)):
        with qtbot.waitSignal(window.document_store.sig_batch_finished,
                              timeout=10_000) as stored:
            drag_and_drop(table.viewport(), row_center(table, row), [path])
    [report] = stored.args  # the last drop's
    assert report.done[0][1].already_linked
    assert link_rows(window.services) == sorted([(model.id_at(0), sha(f)),
                                                 (model.id_at(1), sha(f))])
    assert os.listdir(window.services.documents.documents_dir) == [sha(f)]
    [doc] = window.services.documents.library()
    assert len(doc.versions) == 1 and len(doc.application_ids) == 2


def test_bad_files_give_clear_messages_and_store_nothing(qtbot, window, tmp_path):
    table = window.views[Entity.APPLICATION].table
    window.services.documents.set_max_size(10_000)
    folder = tmp_path / "a folder"
    folder.mkdir()
    bad = [folder, make_file(tmp_path, "empty.pdf", b""),
           make_file(tmp_path, "huge.pdf", b"x" * 20_000), tmp_path / "missing.pdf"]
    good = make_file(tmp_path, "fine.pdf", b"ok")
    with qtbot.waitSignal(window.document_store.sig_batch_finished, timeout=10_000) as stored:
        drag_and_drop(table.viewport(), row_center(table, 0), [*bad, good])
    [report] = stored.args
    messages = [m for _p, m in report.failed]
    assert len(messages) == 4
    assert "this is a folder" in messages[0]
    assert "empty (0 bytes)" in messages[1]
    assert "over the limit" in messages[2]
    assert "does not exist" in messages[3]
    assert [Path(p).name for p, _o in report.done] == ["fine.pdf"]
    assert "were not stored" in window.messages[-1]
    store = window.services.documents.documents_dir
    assert os.listdir(store) == [sha(good)]
    assert len(link_rows(window.services)) == 1


def test_ics_dropped_on_a_row_becomes_an_event_of_that_application(qtbot, window):
    table = window.views[Entity.APPLICATION].table
    app_id = window.models[Entity.APPLICATION].id_at(0)
    before = len(event_rows(window.services, app_id))
    accepted = drag_and_drop(table.viewport(), row_center(table, 0),
                             [ICS_DIR / "interview_invite.ics"])
    assert accepted == [True, True, True]
    events = event_rows(window.services, app_id)
    assert len(events) == before + 1
    assert any(e.title == "Interview: Senior Data Analyst (Brightlane Analytics)"
               for e in events)
    app = window.services.applications.get(app_id)
    assert window.messages[-1] == (f"Calendar for {app.company_name} · {app.job_title}: "
                                   "interview_invite.ics: 1 event added, 3 new contacts")
    assert not window.document_store.busy
    assert link_rows(window.services) == []


def test_drop_on_the_documents_panel(qtbot, demo_services, tmp_path):
    app_id = demo_services.applications.list()[7].id
    panel = ApplicationDocumentsPanel(demo_services, app_id)
    qtbot.addWidget(panel)
    panel.show()
    f = make_file(tmp_path, "portfolio.pdf", b"portfolio")
    with qtbot.waitSignal(panel.sig_files_dropped) as blocker:
        accepted = drag_and_drop(panel, QPoint(20, 20), [f])
    assert accepted == [True, True, True]
    assert blocker.args == [app_id, [str(f)]]
    assert panel.attached() == []  # the panel does no work itself


def test_drop_on_the_detail_pane_documents_section_stores_and_lists(qtbot, window, tmp_path):
    view = window.views[Entity.APPLICATION]
    view.table.selectRow(2)
    app_id = view.model.id_at(2)
    pane = window.records.details.application
    panel = window.documents_panel
    assert pane.application_id == app_id and panel.application_id == app_id
    assert pane.sections["Documents"] is window.documents_section
    assert window.documents_section.isAncestorOf(panel)
    f = make_file(tmp_path, "portfolio.pdf", os.urandom(50_000))
    target, pos = documents_section_target(window)
    # where the drop will land shows before release
    assert drag_and_drop(target, pos, [f], release=False) == [True, True]
    assert panel.drop.highlight.isVisible()
    QApplication.sendEvent(target, QDragLeaveEvent())
    assert not panel.drop.highlight.isVisible()
    with qtbot.waitSignal(window.document_store.sig_batch_finished, timeout=10_000):
        assert drag_and_drop(target, pos, [f]) == [True, True, True]
    assert link_rows(window.services) == [(app_id, sha(f))]
    qtbot.waitUntil(lambda: len(panel.attached()) == 1)
    assert [a.original_name for a in panel.attached()] == ["portfolio.pdf"]
    assert sha(window.services.documents.path_of(panel.attached()[0].version_id)) == sha(f)


def test_detail_pane_documents_follow_the_shown_application(qtbot, window):
    view = window.views[Entity.APPLICATION]
    first, second = view.model.id_at(0), view.model.id_at(1)
    view.table.selectRow(0)
    assert window.documents_panel.application_id == first
    view.table.selectRow(1)
    assert window.documents_panel.application_id == second
    assert window.records.details.application.application_id == second
    # the board shows the same pane, and the section follows it there too
    window.records.board.sig_selected.emit(first)
    assert window.documents_panel.application_id == first


def test_ics_dropped_on_the_detail_pane_goes_to_the_calendar(qtbot, window):
    view = window.views[Entity.APPLICATION]
    view.table.selectRow(4)
    app_id = view.model.id_at(4)
    before = len(event_rows(window.services, app_id))
    target, pos = documents_section_target(window)
    assert drag_and_drop(target, pos, [ICS_DIR / "several_events.ics"]) == [True, True, True]
    assert len(event_rows(window.services, app_id)) > before
    assert "several_events.ics:" in window.messages[-1]
    assert "added" in window.messages[-1]
    assert not window.document_store.busy
    assert link_rows(window.services) == []


def test_a_bad_ics_drop_says_why_and_imports_nothing(qtbot, window):
    view = window.views[Entity.APPLICATION]
    view.table.selectRow(1)
    app_id = view.model.id_at(1)
    before = event_rows(window.services, app_id)
    target, pos = documents_section_target(window)
    drag_and_drop(target, pos, [ICS_DIR / "not_a_calendar.ics"])
    assert window.messages[-1].startswith("Invitation not imported. not_a_calendar.ics: ")
    assert event_rows(window.services, app_id) == before
    assert link_rows(window.services) == []


def test_panel_without_application_refuses_drops(qtbot, demo_services, tmp_path):
    panel = ApplicationDocumentsPanel(demo_services, None)
    qtbot.addWidget(panel)
    f = make_file(tmp_path, "cv.pdf", b"x")
    assert drag_and_drop(panel, QPoint(5, 5), [f]) == [False, False, False]
    assert "Select an application" in panel.empty.text()


def test_drop_on_the_library_stores_without_a_link(qtbot, window, tmp_path):
    window.tabs.setCurrentWidget(window.library)
    files = [make_file(tmp_path, f"resume-{i}.pdf", os.urandom(10_000)) for i in range(3)]
    assert window.library.documents_stack.currentWidget() is window.library.empty
    with qtbot.waitSignal(window.document_store.sig_batch_finished, timeout=10_000):
        drag_and_drop(window.library, QPoint(40, 40), files)
    assert link_rows(window.services) == []
    model = window.library.model
    qtbot.waitUntil(lambda: model.total_count() == 3)
    assert window.library.documents_stack.currentWidget() is window.library.table
    store = window.services.documents.documents_dir
    assert sorted(os.listdir(store)) == sorted(sha(f) for f in files)
    labels = sorted(model.row_for_id(model.id_at(r)).label for r in range(3))
    assert labels == ["resume-0", "resume-1", "resume-2"]


def test_models_pass_the_model_tester(qtbot, window, tmp_path, qtmodeltester):
    table = window.views[Entity.APPLICATION].table
    f = make_file(tmp_path, "cv.pdf", b"x")
    with qtbot.waitSignal(window.document_store.sig_batch_finished, timeout=10_000):
        drag_and_drop(table.viewport(), row_center(table, 0), [f])
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1)
    window.library.select_document(window.library.model.id_at(0))
    qtmodeltester.check(window.library.model)
    qtmodeltester.check(window.library.versions_model)
    qtmodeltester.check(window.documents_panel.model)


@pytest.mark.parametrize("n", [1])
def test_drop_ignores_non_file_urls(qtbot, window, n):
    table = window.views[Entity.APPLICATION].table
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/cv.pdf")] * n)
    pos = row_center(table, 0)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(table.viewport(), enter)
    assert window.application_drop.target_id is None
    assert not window.application_drop.highlight.isVisible()
