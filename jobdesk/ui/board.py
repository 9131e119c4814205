"""The board: a kanban of stage columns, each a filtered view of the applications model.

Each column model follows the source ``RecordTableModel`` (its search filter included) by
id: a changed row moves between columns with one remove and one insert, no reload. Dragging
a card to another column emits ``sig_move(ids, stage)``; the window turns it into an
undoable stage move (the column models do no writing themselves). The keyboard does the same:
Left/Right move the selection between columns, Ctrl+Shift+Left/Right (actions of the window)
move the selected cards one stage back or on, through ``neighbour_stage``.

Every stage fits in a maximised window: columns are narrow (a card elides its text; the tool
tip has all of it) and share the width equally.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
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
STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)  # the board's columns, left to right
COLUMN_MIN_CHARS = 11  # a column's least width, in average characters


def neighbour_stage(stage: Stage, step: int) -> Stage | None:
    """The stage ``step`` columns to the right (negative: left) of ``stage``, or None past
    either end."""
    at = STAGE_ORDER.index(stage) + step
    return STAGE_ORDER[at] if 0 <= at < len(STAGE_ORDER) else None


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
        self.holders: dict[Stage, QWidget] = {}
        self._keys = _ColumnKeys(self)
        strip = QWidget()
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        min_width = self.fontMetrics().averageCharWidth() * COLUMN_MIN_CHARS
        for stage in STAGE_ORDER:
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
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.clicked.connect(lambda index: self.sig_selected.emit(index.data(ID_ROLE)))
            view.selectionModel().currentChanged.connect(self._on_current_card_changed)
            view.installEventFilter(self._keys)
            title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            title.setContentsMargins(2, 4, 2, 4)
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(title)
            column.addWidget(view, 1)
            holder = QWidget()
            holder.setObjectName(f"board_column_{stage.value}")
            holder.setLayout(column)
            holder.setMinimumWidth(min_width)
            row.addWidget(holder, 1)  # equal shares of the width
            self.holders[stage] = holder
            self.columns[stage], self.views[stage], self.titles[stage] = model, view, title
        scroll = self.scroll = QScrollArea()
        scroll.setObjectName("board_scroll")
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

    # ---- selection and keyboard ------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """The selected cards of every column (the focused column's current card when none
        is selected)."""
        ids: list[int] = []
        for view in self.views.values():
            ids += [i.data(ID_ROLE) for i in view.selectionModel().selectedIndexes()]
        return ids

    def stage_of_view(self, view: QListView) -> Stage | None:
        return next((s for s, v in self.views.items() if v is view), None)

    def select_card(self, application_id: int) -> bool:
        """Select ``application_id``'s card (alone) and focus its column."""
        for stage, model in self.columns.items():
            if application_id in model._ids:
                for other in self.views.values():
                    other.clearSelection()
                view = self.views[stage]
                view.setCurrentIndex(model.index(model._ids.index(application_id)))
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def focus_column(self, stage: Stage, step: int) -> bool:
        """Move the selection from ``stage`` to the nearest column with cards ``step`` away
        (Left: -1, Right: +1), keeping the row where it can."""
        row = max(self.views[stage].currentIndex().row(), 0)
        target = neighbour_stage(stage, step)
        while target is not None and self.columns[target].rowCount() == 0:
            target = neighbour_stage(target, step)
        if target is None:
            return False
        model = self.columns[target]
        self.views[stage].clearSelection()
        view = self.views[target]
        view.setCurrentIndex(model.index(min(row, model.rowCount() - 1)))
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _on_current_card_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.sig_selected.emit(current.data(ID_ROLE))

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


class _ColumnKeys(QObject):
    """Left/Right on a column's list move the selection to the neighbouring column."""

    def __init__(self, board: BoardView):
        super().__init__(board)
        self.board = board

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and not event.modifiers() \
                and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            stage = self.board.stage_of_view(watched)
            if stage is not None:
                self.board.focus_column(stage, -1 if event.key() == Qt.Key.Key_Left else 1)
                return True
        return False
