"""Dropping files from the file manager: views turn a drop into a signal and do no work.

``RowFileDrop`` makes the rows of a table accept file drops: the row under the cursor is
highlighted while dragging, so the user sees where the files will land before releasing.
``WidgetFileDrop`` does the same for a whole widget (a documents panel, the library).
Both are event filters, so the views they serve need no subclassing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QWidget


def local_paths(mime) -> list[str]:
    """Local file paths in dropped mime data (in order, without duplicates)."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    return list(dict.fromkeys(p for p in paths if p))


class _Highlight(QFrame):
    """A translucent frame over the drop target; passes the mouse through."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("drop_highlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        color = self.palette().highlight().color()
        r, g, b = color.red(), color.green(), color.blue()
        self.setStyleSheet(
            f"#drop_highlight {{ border: 2px solid {color.name()}; border-radius: 3px;"
            f" background: rgba({r}, {g}, {b}, 60); }}")
        self.hide()

    def show_at(self, rect: QRect) -> None:
        self.setGeometry(rect)
        self.raise_()
        self.show()


class RowFileDrop(QObject):
    """Files dropped on a row of ``view`` become ``sig_files_dropped(record id, paths)``;
    ``id_at(row)`` maps a visible row to its record id."""

    sig_files_dropped = Signal(int, list)

    def __init__(self, view: QAbstractItemView, id_at, parent: QObject | None = None):
        super().__init__(parent or view)
        self.view = view
        self._id_at = id_at
        self.target_id: int | None = None  # the row the drop would land on
        self.highlight = _Highlight(view.viewport())
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def _row_at(self, event) -> int:
        index = self.view.indexAt(event.position().toPoint())
        return index.row() if index.isValid() else -1

    def _update(self, event: QDragMoveEvent) -> None:
        row = self._row_at(event)
        if row < 0 or not local_paths(event.mimeData()):
            self.target_id = None
            self.highlight.hide()
            event.ignore()
            return
        self.target_id = self._id_at(row)
        first = self.view.model().index(row, 0)
        rect = self.view.visualRect(first)
        rect.setLeft(0)
        rect.setWidth(self.view.viewport().width())
        self.highlight.show_at(rect)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent):
            if not local_paths(event.mimeData()):
                return False
            self._update(event)
            event.accept()  # keep receiving moves even over the empty area below the rows
            return True
        if kind == QEvent.Type.DragMove and isinstance(event, QDragMoveEvent):
            if not local_paths(event.mimeData()):
                return False
            self._update(event)
            return True
        if kind == QEvent.Type.DragLeave:
            self.target_id = None
            self.highlight.hide()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = local_paths(event.mimeData())
            if not paths:
                return False
            row = self._row_at(event)
            self.highlight.hide()
            self.target_id = None
            if row < 0:
                event.ignore()
                return True
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.sig_files_dropped.emit(self._id_at(row), paths)
            return True
        return False


class WidgetFileDrop(QObject):
    """Files dropped anywhere on ``widget`` become ``sig_files_dropped(paths)``.
    ``enabled()`` says whether a drop is welcome now (for example: an application is shown)."""

    sig_files_dropped = Signal(list)

    def __init__(self, widget: QWidget, enabled=lambda: True, parent: QObject | None = None):
        super().__init__(parent or widget)
        self.widget = widget
        self._enabled = enabled
        self.highlight = _Highlight(widget)
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragMoveEvent):
            if not local_paths(event.mimeData()) or not self._enabled():
                event.ignore()
                return True
            self.highlight.show_at(self.widget.rect())
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return True
        if kind == QEvent.Type.DragLeave:
            self.highlight.hide()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            self.highlight.hide()
            paths = local_paths(event.mimeData())
            if not paths or not self._enabled():
                event.ignore()
                return True
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.sig_files_dropped.emit(paths)
            return True
        return False
