"""The Archive: archived applications, companies and contacts, to restore or purge.

Purging asks first; the question is a ``QMessageBox`` opened with ``open()`` (never a modal
``exec()``), kept in ``self.question`` so it can be answered from a test. Purging a company
that still has applications asks what to do with them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.text import plural
from jobdesk.ui.columns import (
    APPLICATION_COLUMNS,
    COMPANY_COLUMNS,
    CONTACT_COLUMNS,
    application_search_text,
    company_search_text,
    contact_search_text,
)
from jobdesk.ui.editing import RecordEditor
from jobdesk.ui.table_model import Column, RecordTableModel, fmt_date

_SPEC = {
    Entity.APPLICATION: ("Applications", APPLICATION_COLUMNS, application_search_text),
    Entity.COMPANY: ("Companies", COMPANY_COLUMNS, company_search_text),
    Entity.CONTACT: ("Contacts", CONTACT_COLUMNS, contact_search_text),
}


class ArchiveView(QWidget):
    noun = "archived records"

    def __init__(self, editor: RecordEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("archive")
        self.editor = editor
        self.services = editor.services
        self.entity = Entity.APPLICATION
        self.question: QMessageBox | None = None
        self.kind = QComboBox()
        for entity, (title, _c, _s) in _SPEC.items():
            self.kind.addItem(title, entity.value)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.search = QLineEdit(placeholderText="Search the archive…")
        self.search.setClearButtonEnabled(True)
        self.restore_button = QPushButton("Restore")
        self.purge_button = QPushButton("Purge for good…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.table = QTableView()
        self.table.setObjectName("archive_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.hint = QLabel("Archived records stay here until you restore or purge them.")
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(self.search, 1)
        top.addWidget(self.restore_button)
        top.addWidget(self.purge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.models: dict[Entity, RecordTableModel] = {}
        for entity, (_t, columns, text) in _SPEC.items():
            service = editor.service(entity)
            cols = [Column("archived_at", "Archived", lambda r: fmt_date(r.archived_at),
                           sort_value=lambda r: r.archived_at, width=130), *columns]
            self.models[entity] = RecordTableModel(
                entity, cols, text,
                lambda ids, s=service: s.get_many(ids, archived=True), self)
            self.models[entity].archived_rows = True
        self._loaded: set[Entity] = set()
        self.model = self.models[self.entity]
        self.search.textChanged.connect(lambda text: self.model.set_filter(text))
        self.table.setModel(self.model)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._ensure_loaded(self.entity)

    def _ensure_loaded(self, entity: Entity) -> None:
        if entity not in self._loaded:
            self.models[entity].set_rows(self.editor.service(entity).list(archived=True))
            self._loaded.add(entity)

    def show_entity(self, entity: Entity) -> None:
        self.kind.setCurrentIndex(self.kind.findData(entity.value))

    def _on_kind_changed(self, _i: int) -> None:
        self.entity = Entity(self.kind.currentData())
        self._ensure_loaded(self.entity)
        self.model = self.models[self.entity]
        self.model.set_filter(self.search.text())
        self.table.setModel(self.model)

    def apply_changes(self, changes: Changes) -> None:
        model = self.models.get(changes.entity)
        if model is not None and changes.entity in self._loaded and changes.structural:
            model.apply_changes(changes)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(r) for r in rows]

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.editor.restore(self.entity, ids)

    def purge_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        entity = self.entity
        if entity == Entity.COMPANY:
            with_apps = [cid for cid in ids
                         if self.services.companies.application_ids(cid)]
            if with_apps:
                self._ask_company_applications(ids, with_apps)
                return
        noun = {Entity.APPLICATION: "application", Entity.COMPANY: "company",
                Entity.CONTACT: "contact"}[entity]
        what = plural(len(ids), f"archived {noun}",
                      "archived companies" if noun == "company" else f"archived {noun}s")
        box = QMessageBox(QMessageBox.Icon.Warning, "Purge for good",
                          f"Purge {what} for good? Their log entries "
                          "and events go too. This cannot be undone.",
                          QMessageBox.StandardButton.Cancel, self)
        purge = box.addButton("Purge", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._purge_answered(box, purge, entity, ids))
        self.question = box
        box.open()

    def _purge_answered(self, box, purge_button, entity, ids) -> None:
        self.question = None
        if box.clickedButton() is purge_button:
            self.editor.purge(entity, ids)

    def _ask_company_applications(self, ids: list[int], with_apps: list[int]) -> None:
        count = sum(len(self.services.companies.application_ids(c)) for c in with_apps)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Purge companies with applications",
            f"{len(with_apps)} of the selected companies still "
            f"{'has' if len(with_apps) == 1 else 'have'} {plural(count, 'application')} "
            "(with their log entries and events). Purge those applications too, or cancel?",
            QMessageBox.StandardButton.Cancel, self)
        purge_all = box.addButton("Purge applications too",
                                  QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_r: int) -> None:
            self.question = None
            if box.clickedButton() is purge_all:
                for cid in ids:
                    if not self.editor.purge_company_with_applications(cid):
                        break

        box.finished.connect(answered)
        self.question = box
        box.open()
