"""The Documents tab: every document with its versions, where each went and how far it got.

Dropping files here stores them without linking them to an application
(``sig_files_dropped(paths)``); the main window routes the drop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import DocumentKind
from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.text import human_size, plural
from jobdesk.services.container import Services
from jobdesk.services.document_files import copy_out
from jobdesk.services.documents import DocumentSummary, VersionInfo
from jobdesk.ui.delegates import EnumComboBox
from jobdesk.ui.document_actions import mime_for_versions, open_version
from jobdesk.ui.documents_panel import make_table
from jobdesk.ui.editing import RecordEditor
from jobdesk.ui.file_drop import WidgetFileDrop
from jobdesk.ui.records_view import EmptyState
from jobdesk.ui.table_model import Column, RecordTableModel, fmt_date
from jobdesk.ui.workers import run_task


def _stage(stage) -> str:
    return stage.label if stage is not None else ""


def _rank(stage) -> int | None:
    return stage.rank if stage is not None else None


DOCUMENT_COLUMNS: list[Column[DocumentSummary]] = [
    Column("label", "Document",
           lambda r: r.label + ("  (file missing)" if r.missing else ""), width=240),
    Column("kind", "Kind", lambda r: r.kind.label, width=100),
    Column("versions", "Versions", lambda r: str(len(r.versions)),
           sort_value=lambda r: len(r.versions), width=70),
    Column("file", "Latest file", lambda r: r.latest.original_name, width=200),
    Column("size", "Size", lambda r: human_size(r.latest.size),
           sort_value=lambda r: r.latest.size, width=80),
    Column("added", "Added", lambda r: fmt_date(r.created_at), sort_value=lambda r: r.created_at,
           width=130),
    Column("sent_to", "Sent to", lambda r: _applications(len(r.application_ids)),
           sort_value=lambda r: len(r.application_ids), width=110),
    Column("best_stage", "Best stage reached", lambda r: _stage(r.best_stage),
           sort_value=lambda r: _rank(r.best_stage), width=130),
]


def _applications(n: int) -> str:
    return plural(n, "application")


def _went_to(r: VersionInfo) -> str:
    return "; ".join(
        f"{s.company_name} – {s.job_title} ({s.reached.label.lower()}"
        + (f", now {s.stage.label.lower()})" if s.stage != s.reached else ")")
        for s in r.sent_to)


VERSION_COLUMNS: list[Column[VersionInfo]] = [
    Column("version", "Version", lambda r: f"v{r.version}" + (" (file missing)" if r.missing
                                                              else ""),
           sort_value=lambda r: r.version, width=70),
    Column("file", "File", lambda r: r.original_name, width=200),
    Column("type", "Type", lambda r: r.mime_type, width=140),
    Column("size", "Size", lambda r: human_size(r.size), sort_value=lambda r: r.size, width=80),
    Column("added", "Added", lambda r: fmt_date(r.added_at), sort_value=lambda r: r.added_at,
           width=130),
    Column("sent", "Sent to", lambda r: str(len(r.sent_to)), sort_value=lambda r: len(r.sent_to),
           width=60),
    Column("best_stage", "Best stage", lambda r: _stage(r.best_stage),
           sort_value=lambda r: _rank(r.best_stage), width=100),
    Column("went_to", "Went to (stage reached)", _went_to, width=400, tooltip=_went_to),
]


class LibraryView(QWidget):
    sig_files_dropped = Signal(list)  # paths, to store without an application
    sig_replace_requested = Signal(int, str)  # document id, path of the new version
    sig_message = Signal(str)

    noun = "documents"

    def __init__(self, services: Services, editor: RecordEditor | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("library_view")
        self.services = services
        # label and kind edits are undo commands on the window's stack (its own when alone)
        self.editor = editor or RecordEditor(services, self)
        docs = services.documents
        self.model: RecordTableModel[DocumentSummary] = RecordTableModel(
            Entity.DOCUMENT, DOCUMENT_COLUMNS,
            lambda r: " ".join([r.label, r.kind.label] + [v.original_name for v in r.versions]),
            lambda ids: docs.library(ids), self)
        self.versions_model: RecordTableModel[VersionInfo] = RecordTableModel(
            Entity.DOCUMENT, VERSION_COLUMNS, lambda r: r.original_name,
            lambda ids: [], self)

        self.search = QLineEdit(placeholderText="Search documents…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.model.set_filter)

        self.table = make_table(self.model, self._mime_for_document_rows)
        self.table.setObjectName("table_documents")
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(self._on_document_changed)
        self.versions = make_table(self.versions_model, self._mime_for_version_rows)
        self.versions.setObjectName("table_document_versions")
        self.versions.doubleClicked.connect(lambda _i: self.open_selected())

        self.open_action = self._action("&Open", "Return", self.open_selected,
                                        "Open with the system's default program (Enter)")
        self.export_action = self._action("&Export copy…", "Ctrl+Shift+S", self._on_export,
                                          "Save a copy of the selected version (Ctrl+Shift+S)")
        self.replace_action = self._action("&Replace version…", "Ctrl+Shift+R",
                                           self._on_replace,
                                           "Add a new version; the old ones are kept "
                                           "(Ctrl+Shift+R)")
        self.rename_action = self._action("Re&name…", "F2", self._on_rename,
                                          "Change the document's label (F2)")
        self.limit = QSpinBox(suffix=" MB", minimum=1, maximum=10_000)
        self.limit.setObjectName("document_size_limit")
        self.limit.setToolTip("Files larger than this are refused")
        self.limit.setValue(max(1, docs.max_size() // (1024 * 1024)))
        self.limit.editingFinished.connect(self._on_limit_changed)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for action in (self.open_action, self.export_action, self.replace_action,
                       self.rename_action):
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        bar.addWidget(QLabel("Size limit:"))
        bar.addWidget(self.limit)

        self.empty = EmptyState()
        self.empty.show_message(
            "No documents yet",
            "Drop resumes, cover letters and portfolios here to keep them in the library, or "
            "onto an application's row to record that you sent them.")
        self.documents_stack = QStackedWidget()
        self.documents_stack.addWidget(self.table)
        self.documents_stack.addWidget(self.empty)
        self.versions_title = QLabel()
        self.kind_combo = EnumComboBox(DocumentKind)
        self.kind_combo.setObjectName("document_kind")
        self.kind_combo.setToolTip("What the document is (undo with Ctrl+Z)")
        self.kind_combo.activated.connect(self._on_kind_chosen)
        self.kind_label = QLabel("&Kind:")
        self.kind_label.setBuddy(self.kind_combo)
        title_row = QHBoxLayout()
        title_row.addWidget(self.versions_title, 1)
        title_row.addWidget(self.kind_label)
        title_row.addWidget(self.kind_combo)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(title_row)
        lower_layout.addWidget(self.versions, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.documents_stack)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.drop = WidgetFileDrop(self)
        self.drop.sig_files_dropped.connect(self.sig_files_dropped)
        self.model.sig_counts_changed.connect(self._on_counts_changed)
        unsubscribe = services.bus.subscribe(self._on_bus_changes)
        self.destroyed.connect(lambda *_: unsubscribe())
        self._pending_ids: set[int] = set()
        self._pending_reload = False
        self._refresh_pending = False
        self.reload()

    def _action(self, text, shortcut, slot, tip) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # ---- state ------------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.current_document()
        self.model.set_rows(self.services.documents.library())
        if current is not None:
            self.select_document(current.id)
        elif self.model.rowCount():
            self.select_document(self.model.id_at(0))
        self._show_versions()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def select_document(self, document_id: int) -> None:
        row = self.model.row_of(document_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))

    def current_document(self) -> DocumentSummary | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_for_id(self.model.id_at(index.row()))

    def current_version(self) -> VersionInfo | None:
        index = self.versions.currentIndex()
        if index.isValid():
            return self.versions_model.row_for_id(self.versions_model.id_at(index.row()))
        doc = self.current_document()
        return doc.latest if doc else None

    def _show_versions(self) -> None:
        doc = self.current_document()
        self.versions_model.set_rows(doc.versions if doc else [])
        enabled = doc is not None
        for action in (self.open_action, self.export_action, self.replace_action,
                       self.rename_action):
            action.setEnabled(enabled)
        self.kind_combo.setVisible(enabled)  # no kind to show without a document
        self.kind_label.setVisible(enabled)
        if doc is not None:
            self.kind_combo.set_value(doc.kind.value)
        if doc is None:
            self.versions_title.setText("Select a document to see its versions and where "
                                        "they went.")
        else:
            versions = plural(len(doc.versions), "version")
            self.versions_title.setText(f"<b>{doc.label}</b>: {versions}, "
                                        f"sent to {_applications(len(doc.application_ids))}")

    # ---- actions ----------------------------------------------------------------------------
    def open_selected(self) -> None:
        version = self.current_version()
        if version is not None:
            problem = open_version(self.services, version.id)
            if problem:
                self.sig_message.emit(problem)

    def rename_current(self, label: str) -> bool:
        return self._edit_current("label", label, "Not renamed")

    def set_current_kind(self, kind: DocumentKind | str) -> bool:
        return self._edit_current("kind", kind, "Kind not changed")

    def _edit_current(self, field: str, value, failure: str) -> bool:
        """An undoable edit of the current document, through the service."""
        doc = self.current_document()
        if doc is None:
            return False
        if not self.editor.set_field(Entity.DOCUMENT, doc.id, field, value):
            self.sig_message.emit(f"{failure}: {self.editor.last_error}")
            self._show_versions()  # the controls show the stored value again
            return False
        return True

    def export_current_to(self, dest: str):
        """Copy the current version to ``dest`` off the GUI thread; never overwrites."""
        version = self.current_version()
        if version is None:
            return None
        source = self.services.documents.path_of(version.id)
        target = Path(dest)

        def done(_result) -> None:
            self.sig_message.emit(f"Exported a copy to {target}.")

        def failed(exc) -> None:
            self.sig_message.emit(f"Not exported: {exc}")

        task = run_task(lambda progress: copy_out(source, target, progress=progress),
                        on_done=done, on_failed=failed)
        return task

    def _on_export(self) -> None:
        version = self.current_version()
        if version is None:
            return
        dialog = QFileDialog(self, "Export a copy")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(version.original_name)
        dialog.fileSelected.connect(self.export_current_to)
        dialog.open()

    def _on_replace(self) -> None:
        doc = self.current_document()
        if doc is None:
            return
        dialog = QFileDialog(self, f"Replace “{doc.label}” with a new version")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(
            lambda path, doc_id=doc.id: self.sig_replace_requested.emit(doc_id, path))
        dialog.open()

    def _on_rename(self) -> None:
        doc = self.current_document()
        if doc is None:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Rename document")
        dialog.setLabelText("Label (for example “Resume - data roles v3”):")
        dialog.setTextValue(doc.label)
        dialog.textValueSelected.connect(self.rename_current)
        dialog.open()

    def _on_limit_changed(self) -> None:
        try:
            self.services.documents.set_max_size(self.limit.value() * 1024 * 1024)
        except JobDeskError as exc:
            self.sig_message.emit(str(exc))
        else:
            self.sig_message.emit(f"Files over {self.limit.value()} MB will be refused.")

    def _mime_for_document_rows(self, rows: list[int]):
        return mime_for_versions(self.services, [
            self.model.row_for_id(self.model.id_at(r)).latest.id for r in rows])

    def _mime_for_version_rows(self, rows: list[int]):
        return mime_for_versions(self.services, [
            self.versions_model.id_at(r) for r in rows])

    # ---- handlers ---------------------------------------------------------------------------
    def _on_kind_chosen(self, _index: int) -> None:
        self.set_current_kind(self.kind_combo.value())

    def _on_document_changed(self, *_args) -> None:
        self._show_versions()

    def _on_counts_changed(self, visible: int, total: int) -> None:
        if total == 0:
            self.documents_stack.setCurrentWidget(self.empty)
        else:
            self.documents_stack.setCurrentWidget(self.table)

    def _on_bus_changes(self, changes: Changes) -> None:
        if changes.entity == Entity.DOCUMENT:
            self._pending_ids |= changes.ids
        elif (changes.entity == Entity.APPLICATION and self.model.total_count()
              and (changes.structural or "stage" in changes.fields)):
            # a stage move changes "best stage reached" of the documents sent with it
            self._pending_reload = True
        else:
            return
        if not self._refresh_pending:  # refresh once after a batch of writes
            self._refresh_pending = True
            QTimer.singleShot(0, self, self._refresh_now)

    def _refresh_now(self) -> None:
        ids, self._pending_ids = self._pending_ids, set()
        reload, self._pending_reload = self._pending_reload, False
        self._refresh_pending = False
        if reload:
            self.reload()
            return
        if ids:
            self.model.apply_changes(Changes.of(Entity.DOCUMENT, ids))
        self._show_versions()
