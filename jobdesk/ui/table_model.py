"""One table model per entity, fast at 100,000 rows.

The model keeps plain rows by id, a folded search key per row and (lazily) a sort key per
row and column. Filtering and sorting run in Python over those keys and hand the view the
result in one reset or layout change: a ``QSortFilterProxyModel`` calling Python per row was
measured at 1.4-6 s per filter and 33 s per sort at this size (docs/decisions.md).

Changes arrive by id from the change bus: an edit refreshes just that row (``dataChanged``),
a create appends it, an archive removes it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.text import fold, search_terms

RowT = TypeVar("RowT")
_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
FIELD_ROLE = Qt.ItemDataRole.UserRole + 3  # the service field behind a cell


def quick_fold(text: str) -> str:
    """fold() with a fast path for plain ASCII (most text), ~10x cheaper at start-up."""
    return text.casefold() if text.isascii() else fold(text)


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


@dataclass(frozen=True)
class Column(Generic[RowT]):
    key: str
    title: str
    display: Callable[[RowT], str]
    sort_value: Callable[[RowT], Any] | None = None  # default: folded display text
    width: int = 140
    tooltip: Callable[[RowT], str] | None = None
    edit_field: str | None = None  # service field written when the cell is edited
    edit_value: Callable[[RowT], Any] | None = None  # current value for the editor

    def value(self, row: RowT) -> Any:
        if self.edit_value is not None:
            return self.edit_value(row)
        return getattr(row, self.edit_field or self.key)

    def sort_key(self, row: RowT) -> tuple:
        if self.sort_value is None:
            return (0, quick_fold(self.display(row)))
        value = self.sort_value(row)
        return (1, "") if value is None or value == "" else (0, value)


class RecordTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows of one entity; ``fetch(ids)`` returns the current active rows for those ids."""

    sig_counts_changed = Signal(int, int)  # visible, total
    sig_rows_changed = Signal(list)  # ids updated, added or removed (visible or not)

    def __init__(self, entity: Entity, columns: Sequence[Column[RowT]],
                 search_text: Callable[[RowT], str],
                 fetch: Callable[[Iterable[int]], list[RowT]], parent=None):
        super().__init__(parent)
        self.entity = entity
        self.columns = list(columns)
        self._search_text = search_text
        self._fetch = fetch
        self._rows: dict[int, RowT] = {}
        self._keys: dict[int, str] = {}
        self._sort_cache: dict[int, dict[int, tuple]] = {}
        self._rank_cache: dict[int, dict[int, int]] = {}
        self._order: list[int] = []  # all ids, in sort order
        self._visible: list[int] = []  # ids shown, in sort order
        self._pos: dict[int, int] | None = {}
        self._terms: list[str] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # editing: set_field(entity, id, field, value) -> bool, installed by the window
        self.editor: Any = None
        # extra search text per id (log entries, contact names), folded
        self.extra_search: Callable[[Iterable[int] | None], dict[int, str]] | None = None
        self._extra: dict[int, str] = {}
        self.category: Callable[[RowT], Any] | None = None  # e.g. the stage, for tabs
        self._category_value: Any = None

    # ---- loading --------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self._rows = {row.id: row for row in rows}  # type: ignore[attr-defined]
        self._extra = self.extra_search(None) if self.extra_search else {}
        self._keys = {rid: self._key_of(row) for rid, row in self._rows.items()}
        self._sort_cache = {}
        self._rank_cache = {}
        self._order = list(self._rows)
        if self._sort_column >= 0:
            self._order.sort(key=self._sort_keys(self._sort_column).__getitem__,
                             reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._visible = self._matching(self._order)
        self._pos = None
        self.endResetModel()
        self._emit_counts()

    # ---- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[self._visible[index.row()]]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.display(row) or None
        if role == Qt.ItemDataRole.EditRole:
            return column.value(row) if column.edit_field else column.display(row)
        if role == ID_ROLE:
            return row.id  # type: ignore[attr-defined]
        if role == ROW_ROLE:
            return row
        if role == FIELD_ROLE:
            return column.edit_field
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (index.isValid() and self.editor is not None
                and self.columns[index.column()].edit_field):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Write through the editor (an undoable command); the change bus refreshes the row."""
        if (role != Qt.ItemDataRole.EditRole or not index.isValid() or self.editor is None):
            return False
        column = self.columns[index.column()]
        if not column.edit_field:
            return False
        record_id = self._visible[index.row()]
        if value == column.value(self._rows[record_id]):
            return True
        return bool(self.editor.set_field(self.entity, record_id, column.edit_field, value))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._visible[p.row()] if p.row() < len(self._visible) else None
               for p in persistent]
        self._sort_column, self._sort_order = column, order
        self._order.sort(key=self._ranks(column).__getitem__,
                         reverse=order == Qt.SortOrder.DescendingOrder)
        self._visible = self._matching(self._order)
        self._pos = None
        new = [self.index(self.row_of(rid), p.column()) if rid is not None else QModelIndex()
               for rid, p in zip(ids, persistent, strict=True)]
        self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    # ---- search ------------------------------------------------------------------------------
    def set_filter(self, query: str) -> None:
        terms = search_terms(query)
        if terms == self._terms:
            return
        narrowing = (bool(self._terms) and len(terms) >= len(self._terms)
                      and all(new.find(old) >= 0 for old, new in zip(self._terms, terms,
                                                                    strict=False)))
        self.beginResetModel()
        self._terms = terms
        # a longer query can only match fewer rows: scan the rows shown, not all of them
        self._visible = self._matching(self._visible if narrowing else self._order)
        self._pos = None
        self.endResetModel()
        self._emit_counts()

    @property
    def filter_terms(self) -> list[str]:
        return list(self._terms)

    def set_category(self, value: Any) -> None:
        """Show only rows whose ``category(row)`` equals ``value`` (None: all rows)."""
        if value == self._category_value:
            return
        self.beginResetModel()
        self._category_value = value
        self._visible = self._matching(self._order)
        self._pos = None
        self.endResetModel()
        self._emit_counts()

    def category_counts(self) -> dict[Any, int]:
        counts: dict[Any, int] = {}
        if self.category is None:
            return counts
        category = self.category
        for row in self._rows.values():
            value = category(row)
            counts[value] = counts.get(value, 0) + 1
        return counts

    def visible_ids(self) -> list[int]:
        return list(self._visible)

    def refresh_search(self, ids: Iterable[int]) -> None:
        """Recompute the search keys of ``ids`` (their log or contacts changed)."""
        ids = [rid for rid in ids if rid in self._rows]
        if not ids:
            return
        if self.extra_search is not None:
            self._extra.update(self.extra_search(ids))
        for rid in ids:
            self._keys[rid] = self._key_of(self._rows[rid])
        if self._terms:
            self._refilter()

    def _refilter(self) -> None:
        visible = self._matching(self._order)
        if visible == self._visible:
            return
        self.beginResetModel()
        self._visible = visible
        self._pos = None
        self.endResetModel()
        self._emit_counts()

    def _key_of(self, row: RowT) -> str:
        extra = self._extra.get(row.id)  # type: ignore[attr-defined]
        own = quick_fold(self._search_text(row))
        if not extra:
            return own
        # each word once: log entries repeat themselves ("sent application", names)
        return " ".join(dict.fromkeys(f"{own} {extra}".split()))

    def _matching(self, ids: list[int]) -> list[int]:
        terms, keys = self._terms, self._keys
        if self._category_value is not None and self.category is not None:
            category, wanted, rows = self.category, self._category_value, self._rows
            ids = [i for i in ids if category(rows[i]) == wanted]
        if not terms:
            return list(ids)
        if len(terms) == 1:
            term = terms[0]
            return [i for i in ids if term in keys[i]]
        return [i for i in ids if all(t in keys[i] for t in terms)]

    def _sort_keys(self, column: int) -> dict[int, tuple]:
        cache = self._sort_cache.get(column)
        if cache is None:
            col = self.columns[column]
            cache = {rid: (col.sort_key(row), rid) for rid, row in self._rows.items()}
            self._sort_cache[column] = cache
        return cache

    def _ranks(self, column: int) -> dict[int, int]:
        """Integer position of every id under ``column``: later sorts compare ints only."""
        ranks = self._rank_cache.get(column)
        if ranks is None:
            keys = self._sort_keys(column)
            ranks = {rid: n for n, rid in enumerate(sorted(keys, key=keys.__getitem__))}
            self._rank_cache[column] = ranks
        return ranks

    # ---- lookups ------------------------------------------------------------------------------
    def row_of(self, record_id: int) -> int:
        """Visible row of ``record_id``, or -1 when it is filtered out or unknown."""
        if self._pos is None:
            self._pos = {rid: r for r, rid in enumerate(self._visible)}
        return self._pos.get(record_id, -1)

    def id_at(self, row: int) -> int:
        return self._visible[row]

    def row_for_id(self, record_id: int) -> RowT | None:
        return self._rows.get(record_id)

    def total_count(self) -> int:
        return len(self._rows)

    def visible_count(self) -> int:
        return len(self._visible)

    def _emit_counts(self) -> None:
        self.sig_counts_changed.emit(len(self._visible), len(self._rows))

    # ---- change bus -----------------------------------------------------------------------
    def apply_changes(self, changes: Changes) -> None:
        if changes.entity != self.entity:
            return
        fresh = {row.id: row for row in self._fetch(changes.ids)}  # type: ignore[attr-defined]
        removed = [rid for rid in changes.ids if rid in self._rows and rid not in fresh]
        updated = [rid for rid in fresh if rid in self._rows]
        added = [rid for rid in fresh if rid not in self._rows]
        moved_out: list[int] = []
        moved_in: list[int] = []
        for rid in updated:
            was = self.row_of(rid) >= 0
            self._store_row(fresh[rid])
            now = bool(self._matching([rid]))
            row = self.row_of(rid)
            if was and now:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
            elif was:
                moved_out.append(rid)
            elif now:
                moved_in.append(rid)
        if moved_out:
            self._hide(moved_out)
        if moved_in:
            self._show(moved_in)
        if removed:
            self._remove(removed)
        if added:
            self._append([fresh[rid] for rid in sorted(added)])
        if removed or added or moved_in or moved_out:
            self._emit_counts()
        if fresh or removed:
            self.sig_rows_changed.emit([*fresh, *removed])

    def _hide(self, ids: list[int]) -> None:
        for row in sorted((self.row_of(rid) for rid in ids), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._visible[row]
            self._pos = None
            self.endRemoveRows()

    def _show(self, ids: list[int]) -> None:
        """Insert rows that now match, at their place in the current order."""
        rank = {i: n for n, i in enumerate(self._order)}
        for rid in sorted(self._matching(list(ids)), key=rank.__getitem__):
            target = rank[rid]
            row = bisect_left(self._visible, target, key=rank.__getitem__)
            self.beginInsertRows(QModelIndex(), row, row)
            self._visible.insert(row, rid)
            self._pos = None
            self.endInsertRows()

    def _store_row(self, row: RowT) -> None:
        rid = row.id  # type: ignore[attr-defined]
        self._rows[rid] = row
        self._keys[rid] = self._key_of(row)
        for column, cache in self._sort_cache.items():
            key = (self.columns[column].sort_key(row), rid)
            if cache.get(rid) != key:
                cache[rid] = key
                self._rank_cache.pop(column, None)

    def _remove(self, ids: list[int]) -> None:
        gone = set(ids)
        rows = sorted((r for r in (self.row_of(rid) for rid in ids) if r >= 0), reverse=True)
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._visible[row]
            self._pos = None
            self.endRemoveRows()
        self._order = [rid for rid in self._order if rid not in gone]
        for rid in gone:
            self._rows.pop(rid, None)
            self._keys.pop(rid, None)
            for cache in self._sort_cache.values():
                cache.pop(rid, None)
        self._rank_cache.clear()

    def _append(self, rows: list[RowT]) -> None:
        for row in rows:
            self._store_row(row)
            self._order.append(row.id)  # type: ignore[attr-defined]
        shown = self._matching([row.id for row in rows])  # type: ignore[attr-defined]
        if shown:
            first = len(self._visible)
            self.beginInsertRows(QModelIndex(), first, first + len(shown) - 1)
            self._visible.extend(shown)
            self._pos = None
            self.endInsertRows()
