"""Cell editors: combo boxes for vocabularies, a date field that reads what people type
(``ui/date_edit.py``; empty = no date), searchable company and contact combos that can create
a record on the spot. ``DateCellKeys`` lets Delete or Backspace clear a focused date cell.

Delegates hand plain values to ``model.setData``; the model writes through the editor
(undoable). A refused value comes back as ``RecordEditor.sig_error`` and is shown next to
the cell by the view; the cell keeps showing the stored value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from jobdesk.domain.enums import CompanyStatus, Relationship, Source, Stage
from jobdesk.ui.date_edit import DateEdit
from jobdesk.ui.table_model import FIELD_ROLE, ROW_ROLE

ENUMS = {"stage": Stage, "status": CompanyStatus, "source": Source,
         "relationship": Relationship}
DATE_FIELDS = frozenset({"applied_on", "response_promised_on"})
_COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class EnumComboBox(QComboBox):
    def __init__(self, enum_cls, parent: QWidget | None = None):
        super().__init__(parent)
        for member in enum_cls:
            self.addItem(member.label, member.value)

    def value(self) -> str:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        i = self.findData(str(value))
        self.setCurrentIndex(max(i, 0))


class NameComboBox(QComboBox):
    """An editable combo over names with a contains-matching completer. The typed name is
    the value; the caller resolves it to an id (creating the record when new)."""

    def __init__(self, names: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(names)
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)

    def value(self) -> str:
        return self.currentText().strip()

    def set_value(self, name: str) -> None:
        i = self.findText(name)
        if i >= 0:
            self.setCurrentIndex(i)
        self.setEditText(name)


class RecordDelegate(QStyledItemDelegate):
    """One delegate for every record table: picks the editor from the column's field."""

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.record_editor = editor  # RecordEditor

    @staticmethod
    def _field(index: QModelIndex) -> str | None:
        model = index.model()
        while isinstance(model, QSortFilterProxyModel):  # pragma: no cover - not used today
            index = model.mapToSource(index)
            model = index.model()
        return model.columns[index.column()].edit_field

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        field = self._field(index)
        if field in ENUMS:
            widget: QWidget = EnumComboBox(ENUMS[field], parent)
        elif field in DATE_FIELDS:
            widget = DateEdit(parent)
            widget.sig_picked.connect(lambda w=widget: self._commit_and_close(w))
        elif field == "company_id":
            names = sorted((c.name for c in self.record_editor.services.companies.list()),
                           key=str.casefold)
            widget = NameComboBox(names, parent)
        else:
            return super().createEditor(parent, option, index)
        widget.setObjectName(f"editor_{field}")
        widget.setAutoFillBackground(True)
        return widget

    def setEditorData(self, widget: QWidget, index: QModelIndex) -> None:
        field = self._field(index)
        if isinstance(widget, NameComboBox) and field == "company_id":
            row = index.data(ROW_ROLE)
            widget.set_value(row.company_name if row else "")
        elif isinstance(widget, EnumComboBox | DateEdit):
            widget.set_value(index.data(Qt.ItemDataRole.EditRole))
        else:
            super().setEditorData(widget, index)

    def setModelData(self, widget: QWidget, model, index: QModelIndex) -> None:
        field = self._field(index)
        if isinstance(widget, NameComboBox) and field == "company_id":
            name = widget.value()
            if not name:
                self.record_editor._report("a company is required; type or pick one")
                return
            company_id = self.record_editor.company_for_name(name)
            if company_id is not None:
                model.setData(index, company_id)
        elif isinstance(widget, DateEdit):
            problem = widget.problem()
            if problem:  # refused with the reason under the cell; nothing is saved
                self.record_editor._report(problem)
                return
            model.setData(index, widget.value())
        elif isinstance(widget, EnumComboBox):
            model.setData(index, widget.value())
        else:
            super().setModelData(widget, model, index)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Enter on a date that cannot be read keeps the editor open with the text (and says
        why), so the user can correct it; Esc still cancels."""
        if (isinstance(obj, DateEdit) and event.type() == QEvent.Type.KeyPress
                and event.key() in _COMMIT_KEYS):
            problem = obj.problem()
            if problem:
                self.record_editor._report(problem)
                return True
        return super().eventFilter(obj, event)

    def _commit_and_close(self, widget: QWidget) -> None:
        self.commitData.emit(widget)
        self.closeEditor.emit(widget, QStyledItemDelegate.EndEditHint.NoHint)


class DateCellKeys(QObject):
    """On a table whose focused cell is a date (and not being edited), Delete and Backspace
    clear that date (an undoable edit) instead of archiving the row."""

    def __init__(self, table: QTableView):
        super().__init__(table)
        self.table = table
        table.installEventFilter(self)

    def _date_cell(self) -> QModelIndex | None:
        table = self.table
        index = table.currentIndex()
        if (table.state() == QAbstractItemView.State.EditingState or not index.isValid()
                or index.data(FIELD_ROLE) not in DATE_FIELDS):
            return None
        if len({i.row() for i in table.selectionModel().selectedIndexes()} - {index.row()}):
            return None  # several rows selected: Delete archives them, as before
        return index

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (obj is self.table
                and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
                and event.key() in _CLEAR_KEYS and not event.modifiers()):
            index = self._date_cell()
            if index is not None:
                if (event.type() == QEvent.Type.KeyPress
                        and index.data(Qt.ItemDataRole.EditRole) is not None):
                    self.table.model().setData(index, None)
                event.accept()
                return True
        return super().eventFilter(obj, event)
