"""Small item models for the detail panes: a few rows each, refreshed on the change bus."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from jobdesk.domain.rows import InteractionRow
from jobdesk.domain.text import search_terms
from jobdesk.ui.table_model import ID_ROLE, ROW_ROLE, fmt_date, quick_fold

_Index = QModelIndex | QPersistentModelIndex


class RowListModel(QAbstractTableModel):
    """Plain rows with (title, display) columns and an optional text filter."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], str]]],
                 search_text: Callable[[Any], str] | None = None, parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._search_text = search_text
        self._all: list[Any] = []
        self._keys: list[str] = []
        self._rows: list[Any] = []
        self._terms: list[str] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._keys = ([quick_fold(self._search_text(r)) for r in self._all]
                      if self._search_text else [])
        self._rows = self._matching()
        self.endResetModel()

    def set_filter(self, query: str) -> None:
        self.beginResetModel()
        self._terms = search_terms(query)
        self._rows = self._matching()
        self.endResetModel()

    def _matching(self) -> list[Any]:
        if not self._terms or not self._keys:
            return list(self._all)
        return [r for r, k in zip(self._all, self._keys, strict=True)
                if all(t in k for t in self._terms)]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][1](row)
        if role == ID_ROLE:
            return getattr(row, "id", None)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section][0]
        return None


class InteractionListModel(RowListModel):
    """Log entries, newest first (the services return them in that order), with the names
    of the contacts each was with. The summary is shown whole (the view wraps it); the
    tooltip adds the whole of the details."""

    WHO, SUMMARY = 2, 3

    def __init__(self, parent=None):
        self.names: dict[int, str] = {}
        super().__init__([
            ("When", lambda r: fmt_date(r.occurred_at)),
            ("Kind", lambda r: f"{r.kind.label} ({r.direction.label.lower()})"),
            ("With", self.who),
            ("Summary", lambda r: r.summary + (f" — {_first_line(r.body)}" if r.body else "")),
        ], self._text, parent)

    def who(self, row: InteractionRow) -> str:
        return ", ".join(self.names[c] for c in row.contact_ids if c in self.names)

    def _text(self, r: InteractionRow) -> str:
        return " ".join((r.kind.label, r.direction.label, self.who(r), r.summary, r.body))

    def set_entries(self, rows: Sequence[InteractionRow], names: dict[int, str]) -> None:
        self.names = dict(names)
        self.set_rows(rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and index.isValid()
                and index.column() == self.SUMMARY):
            row = self._rows[index.row()]
            return "\n\n".join(t for t in (row.summary, row.body) if t)
        return super().data(index, role)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def interaction_model(parent=None) -> InteractionListModel:
    return InteractionListModel(parent)
