"""Cell editors: combo boxes for vocabularies, a date editor that allows "no date",
searchable company and contact combos that can create a record on the spot.

Delegates hand plain values to ``model.setData``; the model writes through the editor
(undoable). A refused value comes back as ``RecordEditor.sig_error`` and is shown next to
the cell by the view; the cell keeps showing the stored value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QStyledItemDelegate,
    QWidget,
)

from jobdesk.domain.enums import CompanyStatus, Relationship, Source, Stage
from jobdesk.ui.table_model import ROW_ROLE

ENUMS = {"stage": Stage, "status": CompanyStatus, "source": Source,
         "relationship": Relationship}
NO_DATE = QDate(1900, 1, 1)


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


class OptionalDateEdit(QDateEdit):
    """A date editor whose lowest value means "no date" (shown as a dash)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("—")

    def value(self) -> date | None:
        d = self.date()
        return None if d == NO_DATE else date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)


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
        elif field in ("applied_on", "response_promised_on"):
            widget = OptionalDateEdit(parent)
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
        elif isinstance(widget, EnumComboBox | OptionalDateEdit):
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
        elif isinstance(widget, EnumComboBox | OptionalDateEdit):
            model.setData(index, widget.value())
        else:
            super().setModelData(widget, model, index)
