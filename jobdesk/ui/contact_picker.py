"""Pick the people a log entry was with: a name field that completes over the company's
contacts, and the list of those picked (Delete or Remove takes one out).

A name that matches no contact is kept as a new one; whoever saves creates it (so the new
contact and the entry can be one undo step). Nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.rows import ContactRow
from jobdesk.domain.text import fold


def _key(name: str) -> str:
    return " ".join(fold(name).split())


@dataclass(frozen=True)
class Picked:
    contact_id: int | None  # None: a new name, to be created at the company
    name: str


class _NameEdit(QLineEdit):
    """Return adds the typed name (and stops there: it does not also save the dialog)."""

    sig_name_entered = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            completer = self.completer()
            if completer is not None and completer.popup().isVisible():
                completer.popup().hide()
            self.sig_name_entered.emit(self.text())
            event.accept()
            return
        super().keyPressEvent(event)


class ContactPicker(QWidget):
    sig_changed = Signal()

    def __init__(self, contacts: Iterable[ContactRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("contact_picker")
        self.known = {_key(c.name): c for c in contacts}
        self.by_id = {c.id: c for c in self.known.values()}
        self.picked: list[Picked] = []
        self.name = _NameEdit(placeholderText="Type a name, Enter adds it (new names too)")
        self.name.setObjectName("contact_picker_name")
        names = sorted((c.name for c in self.known.values()), key=str.casefold)
        completer = QCompleter(QStringListModel(names, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self.add_name)
        self.name.setCompleter(completer)
        self.name.sig_name_entered.connect(self.add_name)
        self.list = QListWidget()
        self.list.setObjectName("contact_picker_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(90)
        self.list.installEventFilter(self)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name, 1)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self._refresh()

    # ---- picking -------------------------------------------------------------------------
    def add_name(self, text: str) -> None:
        """Add the contact called ``text`` (a new one when no contact has that name)."""
        name = " ".join(text.split())
        self.name.clear()
        if not name:
            return
        found = self.known.get(_key(name))
        item = Picked(found.id, found.name) if found else Picked(None, name)
        if any(_key(p.name) == _key(item.name) for p in self.picked):
            return
        self.picked.append(item)
        self._refresh()

    def add_id(self, contact_id: int) -> None:
        contact = self.by_id.get(contact_id)
        if contact is not None and all(p.contact_id != contact_id for p in self.picked):
            self.picked.append(Picked(contact.id, contact.name))
            self._refresh()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.list.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.picked[row]
        if rows:
            self._refresh()

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.list and isinstance(event, QKeyEvent)
                and event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def finish_typing(self) -> None:
        """A name still in the field when saving counts as picked."""
        if self.name.text().strip():
            self.add_name(self.name.text())

    def _refresh(self) -> None:
        self.list.clear()
        for p in self.picked:
            item = QListWidgetItem(p.name if p.contact_id is not None else f"{p.name} (new)")
            item.setData(Qt.ItemDataRole.UserRole, p.contact_id)
            self.list.addItem(item)
        self.list.setVisible(bool(self.picked))
        self.remove_button.setEnabled(bool(self.picked))
        self.sig_changed.emit()

    # ---- results -------------------------------------------------------------------------
    def new_names(self) -> list[str]:
        return [p.name for p in self.picked if p.contact_id is None]
