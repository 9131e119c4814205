"""The Documents tab: versions, stage reached, export, replace, rename, open, drag out."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from jobdesk.domain.enums import Stage
from jobdesk.ui.document_actions import mime_for_versions
from jobdesk.ui.library_view import LibraryView


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def stocked(demo_services, tmp_path):
    docs = demo_services.documents
    source = tmp_path / "Resume data v3.pdf"
    source.write_bytes(b"%PDF resume v3")
    apps = demo_services.applications.list()[:2]
    outcome = docs.attach(docs.ingest_job(source)(), apps[0].id)
    docs.attach(docs.ingest_job(source)(), apps[1].id)
    demo_services.applications.update(apps[0].id, stage=Stage.INTERVIEWING)
    return demo_services, outcome, source, apps


@pytest.fixture
def library(qtbot, stocked):
    services = stocked[0]
    view = LibraryView(services)
    qtbot.addWidget(view)
    view.show()
    view.select_document(stocked[1].document_id)
    return view


def test_lists_documents_with_sent_to_and_best_stage(library, stocked, qtmodeltester):
    model = library.model
    assert model.rowCount() == 1
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[0] == "Resume data v3"
    assert texts[2] == "1" and texts[6] == "2 applications"
    assert texts[7] == "Interviewing"
    versions = library.versions_model
    assert versions.rowCount() == 1
    assert "(interviewing" in versions.index(0, 7).data()
    qtmodeltester.check(model)
    qtmodeltester.check(versions)


def test_stage_move_updates_best_stage(qtbot, library, stocked):
    services, _outcome, _source, apps = stocked
    services.applications.update(apps[1].id, stage=Stage.OFFER)
    qtbot.waitUntil(lambda: library.model.index(0, 7).data() == "Offer")
    assert library.current_document().id == stocked[1].document_id  # selection kept


def test_export_copy_and_never_overwrite(qtbot, library, stocked, tmp_path):
    dest = tmp_path / "out" / "resume.pdf"
    dest.parent.mkdir()
    with qtbot.waitSignal(library.sig_message, timeout=5000) as blocker:
        library.export_current_to(str(dest))
    assert "Exported a copy" in blocker.args[0]
    assert sha(dest) == sha(stocked[2])
    dest.write_bytes(b"mine")
    with qtbot.waitSignal(library.sig_message, timeout=5000) as blocker:
        library.export_current_to(str(dest))
    assert "already exists" in blocker.args[0]
    assert dest.read_bytes() == b"mine"


def test_replace_version_through_the_window(qtbot, window, tmp_path):
    docs = window.services.documents
    first = tmp_path / "cv.pdf"
    first.write_bytes(b"one")
    outcome = docs.attach(docs.ingest_job(first)())
    newer = tmp_path / "cv-2.pdf"
    newer.write_bytes(b"two")
    qtbot.waitUntil(lambda: window.library.model.row_of(outcome.document_id) >= 0)
    window.library.select_document(outcome.document_id)
    with qtbot.waitSignal(window.document_store.sig_batch_finished, timeout=10_000):
        window.library.sig_replace_requested.emit(outcome.document_id, str(newer))
    summary = docs.get(outcome.document_id)
    assert [v.original_name for v in summary.versions] == ["cv.pdf", "cv-2.pdf"]
    qtbot.waitUntil(lambda: window.library.versions_model.rowCount() == 2)
    assert window.library.model.index(window.library.model.row_of(outcome.document_id),
                                      2).data() == "2"


def test_rename(qtbot, library, stocked):
    assert library.rename_current("Resume - data roles v3")
    qtbot.waitUntil(lambda: library.model.index(0, 0).data() == "Resume - data roles v3")
    assert not library.rename_current("  ")


def _stored_kind(services, document_id: int) -> str:
    """The kind as committed in the database file (a connection of its own)."""
    with closing(sqlite3.connect(services.store.db.database)) as conn:
        return conn.execute("SELECT kind FROM document WHERE id = ?", (document_id,)).fetchone()[0]


def test_kind_is_chosen_in_the_combo_and_undone(qtbot, library, stocked):
    services, outcome = stocked[0], stocked[1]
    combo = library.kind_combo
    assert combo.isVisible() and combo.currentData() == "resume"
    assert _stored_kind(services, outcome.document_id) == "resume"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next kind: a user's choice (activated)
    assert combo.currentData() == "cover_letter"
    assert _stored_kind(services, outcome.document_id) == "cover_letter"
    qtbot.waitUntil(lambda: library.model.index(0, 1).data() == "Cover letter")

    stack = library.editor.undo_stack
    assert stack.undoText() == "Change Kind"
    stack.undo()
    assert _stored_kind(services, outcome.document_id) == "resume"
    qtbot.waitUntil(lambda: library.model.index(0, 1).data() == "Resume")
    assert combo.currentData() == "resume"
    stack.redo()
    assert _stored_kind(services, outcome.document_id) == "cover_letter"
    qtbot.waitUntil(lambda: combo.currentData() == "cover_letter")


def test_kind_and_rename_are_undone_from_the_window_edit_menu(qtbot, window, tmp_path):
    services = window.services
    source = tmp_path / "Offer.pdf"
    source.write_bytes(b"%PDF offer")
    outcome = services.documents.attach(services.documents.ingest_job(source)())
    window.tabs.setCurrentWidget(window.library)
    qtbot.waitUntil(lambda: window.library.model.row_of(outcome.document_id) >= 0)
    window.library.select_document(outcome.document_id)
    assert window.library.editor is window.records.editor  # one undo stack for the window
    first = _stored_kind(services, outcome.document_id)
    assert first != "offer_letter"
    assert window.library.set_current_kind("Offer letter")
    assert window.library.rename_current("Offer - Acme")
    assert _stored_kind(services, outcome.document_id) == "offer_letter"
    window.records.undo_action.trigger()
    assert services.documents.get(outcome.document_id).label == "Offer"
    window.records.undo_action.trigger()
    assert _stored_kind(services, outcome.document_id) == first


def test_a_refused_kind_is_reported_and_nothing_is_stacked(qtbot, library, stocked):
    messages = []
    library.sig_message.connect(messages.append)
    assert not library.set_current_kind("poem")
    assert messages and messages[0].startswith("Kind not changed: unknown kind")
    assert library.editor.undo_stack.count() == 0
    assert _stored_kind(stocked[0], stocked[1].document_id) == "resume"


class _UrlCatcher(QObject):
    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_hands_a_named_copy_to_the_default_program(library, stocked):
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        library.open_selected()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    [url] = catcher.urls
    opened = Path(url.toLocalFile())
    assert opened.name == "Resume data v3.pdf"
    assert sha(opened) == sha(stocked[2])


def test_drag_out_mime_has_named_copies(stocked):
    services, outcome, source, _apps = stocked
    mime = mime_for_versions(services, [outcome.version_id])
    [url] = mime.urls()
    path = Path(url.toLocalFile())
    assert url.isLocalFile() and path.name == source.name
    assert sha(path) == sha(source)
    assert path != services.documents.path_of(outcome.version_id)


def test_size_limit_setting_from_the_view(library, stocked):
    library.limit.setValue(7)
    library.limit.editingFinished.emit()
    assert stocked[0].documents.max_size() == 7 * 1024 * 1024
