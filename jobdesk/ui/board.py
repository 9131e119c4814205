"""The board: a kanban of stage columns, each a filtered view of the applications model.

Each column model follows the source ``RecordTableModel`` (its search filter included) by
id: a changed row moves between columns with one remove and one insert, no reload. Dragging
a card to another column emits ``sig_move(ids, stage)``; the window turns it into an
undoable stage move (the column models do no writing themselves).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.enums import Stage
from jobdesk.ui.table_model import ID_ROLE, ROW_ROLE, RecordTableModel

MIME_TYPE = "application/x-jobdesk-application-ids"
_Index = QModelIndex | QPersistentModelIndex


class StageColumnModel(QAbstractListModel):
    sig_dropped = Signal(list, str)  # application ids, target stage value

    def __init__(self, source: RecordTableModel, stage: Stage, parent=None):
        super().__init__(parent)
        self.source = source
        self.stage = stage
        self._ids: list[int] = []

    def rebuild(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def update_ids(self, changed: list[int], visible: set[int] | None) -> None:
        """Take in or drop ``changed`` ids according to their current stage."""
        for rid in changed:
            row = self.source.row_for_id(rid)
            belongs = (row is not None and row.stage == self.stage
                       and (visible is None or rid in visible))
            if rid in self._ids and not belongs:
                at = self._ids.index(rid)
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._ids[at]
                self.endRemoveRows()
            elif belongs and rid not in self._ids:
                self.beginInsertRows(QModelIndex(), 0, 0)
                self._ids.insert(0, rid)  # a card just moved here shows on top
                self.endInsertRows()
            elif belongs:
                at = self._ids.index(rid)
                self.dataChanged.emit(self.index(at), self.index(at))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.source.row_for_id(self._ids[index.row()])
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.job_title}\n{row.company_name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            applied = f" · applied {row.applied_on}" if row.applied_on else ""
            return f"{row.job_title} at {row.company_name}{applied}"
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:
        ids = sorted({self._ids[i.row()] for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(json.dumps(ids).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        return data.hasFormat(MIME_TYPE)

    def dropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        if not data.hasFormat(MIME_TYPE):
            return False
        try:
            ids = [int(x) for x in json.loads(bytes(data.data(MIME_TYPE).data()).decode())]
        except (ValueError, TypeError):
            return False
        ids = [i for i in ids if i not in self._ids]
        if ids:
            self.sig_dropped.emit(ids, self.stage.value)
        return False  # nothing to remove from the source column: the bus moves the card


class BoardView(QWidget):
    """Stage columns side by side; shares the applications search."""

    sig_move = Signal(list, str)
    sig_selected = Signal(int)

    noun = "applications"

    def __init__(self, source: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("board")
        self.model = source
        self._dirty = True
        self.search = QLineEdit(placeholderText="Search applications…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search_board")
        self.columns: dict[Stage, StageColumnModel] = {}
        self.views: dict[Stage, QListView] = {}
        self.titles: dict[Stage, QLabel] = {}
        strip = QWidget()
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        for stage in Stage:
            model = StageColumnModel(source, stage, self)
            model.sig_dropped.connect(self.sig_move)
            view = QListView()
            view.setObjectName(f"board_{stage.value}")
            view.setModel(model)
            view.setUniformItemSizes(True)
            view.setDragEnabled(True)
            view.setAcceptDrops(True)
            view.setDropIndicatorShown(True)
            view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
            view.setDefaultDropAction(Qt.DropAction.MoveAction)
            view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            view.setAlternatingRowColors(True)
            view.setSpacing(2)
            view.clicked.connect(lambda index: self.sig_selected.emit(index.data(ID_ROLE)))
            title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: bold; padding: 4px;")
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(view, 1)
            holder = QWidget()
            holder.setLayout(column)
            holder.setMinimumWidth(190)
            row.addWidget(holder)
            self.columns[stage], self.views[stage], self.titles[stage] = model, view, title
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(strip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(scroll, 1)
        source.modelReset.connect(self._on_source_reset)
        source.layoutChanged.connect(self._on_source_reset)
        source.sig_rows_changed.connect(self._on_source_rows_changed)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selection(self):
        """The selected cards (applications), in every column."""
        from jobdesk.domain.changes import Entity
        from jobdesk.ui.selection import Selection

        ids = [index.data(ID_ROLE) for view in self.views.values()
               for index in view.selectionModel().selectedIndexes()]
        return Selection(Entity.APPLICATION, tuple(dict.fromkeys(ids)))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.rebuild()

    def rebuild(self) -> None:
        groups: dict[Stage, list[int]] = {s: [] for s in Stage}
        row_for = self.model.row_for_id
        for rid in self.model.visible_ids():
            groups[row_for(rid).stage].append(rid)
        for stage, model in self.columns.items():
            model.rebuild(groups[stage])
        self._dirty = False
        self._update_titles()

    def _update_titles(self) -> None:
        for stage, title in self.titles.items():
            title.setText(f"{stage.label}  ({self.columns[stage].rowCount():,})")

    def _on_source_reset(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.rebuild()

    def _on_source_rows_changed(self, ids: list[int]) -> None:
        if not self.isVisible():
            self._dirty = True
            return
        if self._dirty:
            if self.isVisible():
                self.rebuild()
            return
        visible = {rid for rid in ids if self.model.row_of(rid) >= 0}
        for model in self.columns.values():
            model.update_ids(ids, visible)
        self._update_titles()
