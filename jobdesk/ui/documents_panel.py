"""The documents section of one application: which versions were sent with it, and when.

Self-contained so an application detail pane can embed it: ``ApplicationDocumentsPanel(
services, application_id)``; ``set_application(id)`` follows the selection. Dropping files on
it emits ``sig_files_dropped(application_id, paths)``; the main window stores them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.text import human_size
from jobdesk.services.container import Services
from jobdesk.services.documents import AttachedDocument
from jobdesk.ui.document_actions import mime_for_versions, open_version
from jobdesk.ui.file_drop import WidgetFileDrop
from jobdesk.ui.table_model import Column, RecordTableModel, fmt_date

PANEL_COLUMNS: list[Column[AttachedDocument]] = [
    Column("label", "Document",
           lambda r: r.label + ("  (file missing)" if r.missing else ""), width=200),
    Column("kind", "Kind", lambda r: r.kind.label, width=100),
    Column("version", "Version", lambda r: f"v{r.version}", sort_value=lambda r: r.version,
           width=60),
    Column("file", "File", lambda r: r.original_name, width=180),
    Column("size", "Size", lambda r: human_size(r.size), sort_value=lambda r: r.size, width=80),
    Column("sent_at", "Sent", lambda r: fmt_date(r.sent_at), sort_value=lambda r: r.sent_at,
           width=130),
]


class _DragOutTable(QTableView):
    """A table whose selected rows drag out as files (named copies of the stored files)."""

    def __init__(self, mime_for_rows: Callable[[list[int]], object], parent=None):
        super().__init__(parent)
        self._mime_for_rows = mime_for_rows
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

    def startDrag(self, supported_actions) -> None:
        from PySide6.QtGui import QDrag

        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        mime = self._mime_for_rows(rows)
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


def make_table(model: RecordTableModel, mime_for_rows) -> QTableView:
    table = _DragOutTable(mime_for_rows)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setStretchLastSection(True)
    for i, column in enumerate(model.columns):
        table.setColumnWidth(i, column.width)
    return table


class ApplicationDocumentsPanel(QWidget):
    sig_files_dropped = Signal(int, list)  # application id, paths
    sig_message = Signal(str)  # something for the status bar

    def __init__(self, services: Services, application_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("application_documents_panel")
        self.services = services
        self.application_id: int | None = None
        self._refresh_pending = False
        self.model: RecordTableModel[AttachedDocument] = RecordTableModel(
            Entity.DOCUMENT, PANEL_COLUMNS, lambda r: f"{r.label} {r.original_name}",
            self._fetch, self)
        self.table = make_table(self.model, self._mime_for_rows)
        self.table.setObjectName("application_documents_table")
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.empty = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty.setObjectName("application_documents_empty")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.title = QLabel()
        self.attach_button = QPushButton("Attach files…")
        self.attach_button.setToolTip("Choose files to attach (or drop them here)")
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.remove_action = QAction("Remove from this application", self)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.attach_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.drop = WidgetFileDrop(self, enabled=lambda: self.application_id is not None)
        self.drop.sig_files_dropped.connect(self._on_files_dropped)
        unsubscribe = services.bus.subscribe(self._on_bus_changes)
        self.destroyed.connect(lambda *_: unsubscribe())
        self.set_application(application_id)

    # ---- state ------------------------------------------------------------------------------
    def set_application(self, application_id: int | None) -> None:
        self.application_id = application_id
        self.refresh()

    def refresh(self) -> None:
        app_id = self.application_id
        self.attach_button.setEnabled(app_id is not None)
        if app_id is None:
            self.model.set_rows([])
            self.title.setText("<b>Documents</b>")
            self.empty.setText("Select an application to see the documents sent with it.")
            self.stack.setCurrentWidget(self.empty)
            return
        try:
            app = self.services.applications.get(app_id)
            rows = self.services.documents.for_application(app_id)
        except Exception:  # the application was purged meanwhile
            self.set_application(None)
            return
        self.model.set_rows(rows)
        self.title.setText(f"<b>Documents sent to {app.company_name}</b> · {app.job_title}")
        if rows:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty.setText("No documents yet. Drop the resume and cover letter you sent "
                               "here (or onto the application's row).")
            self.stack.setCurrentWidget(self.empty)

    def attached(self) -> list[AttachedDocument]:
        return [self.model.row_for_id(self.model.id_at(r)) for r in range(self.model.rowCount())]

    def _fetch(self, ids):
        if self.application_id is None:
            return []
        wanted = set(ids)
        return [r for r in self.services.documents.for_application(self.application_id)
                if r.link_id in wanted]

    def _selected(self) -> list[AttachedDocument]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_for_id(self.model.id_at(r)) for r in rows]

    # ---- actions ----------------------------------------------------------------------------
    def remove_selected(self) -> None:
        """Unlink the selected versions from this application (the library keeps them)."""
        for row in self._selected():
            self.services.documents.unlink(row.link_id)
            self.sig_message.emit(f"Removed “{row.label}” v{row.version} from this application; "
                                  "it stays in the library.")

    def _mime_for_rows(self, rows: list[int]):
        return mime_for_versions(self.services, [
            self.model.row_for_id(self.model.id_at(r)).version_id for r in rows])

    def _on_table_double_clicked(self, index) -> None:
        if index.isValid():
            row = self.model.row_for_id(self.model.id_at(index.row()))
            problem = open_version(self.services, row.version_id)
            if problem:
                self.sig_message.emit(problem)

    def _on_attach_clicked(self) -> None:
        dialog = QFileDialog(self, "Attach documents")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(self._on_files_dropped)
        dialog.open()

    def _on_files_dropped(self, paths: list[str]) -> None:
        if self.application_id is not None and paths:
            self.sig_files_dropped.emit(self.application_id, list(paths))

    def _on_bus_changes(self, changes: Changes) -> None:
        if self.application_id is None:
            return
        if changes.entity == Entity.DOCUMENT or (
                changes.entity == Entity.APPLICATION and self.application_id in changes.ids
                and changes.fields != {"documents"}):
            self._schedule_refresh()

    def _schedule_refresh(self) -> None:
        """Several changes in a row (a batch of drops) refresh once, after the write."""
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self, self._refresh_now)

    def _refresh_now(self) -> None:
        self._refresh_pending = False
        self.refresh()
