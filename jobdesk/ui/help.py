"""The Help menu: keyboard shortcuts (generated from the window's actions, so the list stays
true), the user guide (a bundled HTML page), and About. The menu stays last in the menu bar
whatever other features add after it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jobdesk import APP_NAME
from jobdesk.paths import resource

# keys that work without a menu entry of their own
EXTRA_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Windows", "Close the composer, the outbox or any other window", "Esc"),
    ("Tables", "Edit the selected cell", "F2 or start typing"),
    ("Tables", "Cancel an edit", "Esc"),
    ("Search", "Clear the search", "Esc"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts() if not s.isEmpty())


def _menu_actions(menu: QMenu, path: str) -> Iterable[tuple[str, QAction]]:
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menu_actions(action.menu(), f"{path} ▸ {_plain(action.text())}")
        elif not action.isSeparator():
            yield path, action


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, what, keys) for every action of ``window`` that has a shortcut: the menus
    first, in menu-bar order, then actions that live on the window or its toolbars only."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    bar = window.findChild(QMenuBar)
    found: list[tuple[str, QAction]] = []
    if bar is not None:
        for top in bar.actions():
            if top.menu() is not None:
                found += _menu_actions(top.menu(), _plain(top.text()))
    found += [("Window", a) for a in window.findChildren(QAction)]
    for where, action in found:
        keys = _keys(action)
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        rows.append((where, _plain(action.text()) or _plain(action.toolTip()), keys))
    rows += EXTRA_KEYS
    return rows


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: a filterable list, built from the actions when opened."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(f"{APP_NAME} keyboard shortcuts")
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Keys", "Does", "Where"])
        for where, what, keys in rows:
            items = [QStandardItem(keys), QStandardItem(what), QStandardItem(where)]
            for item in items:
                item.setEditable(False)
            self.model.appendRow(items)
        self.search = QLineEdit(placeholderText="Find a shortcut…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.table = QTableView()
        self.table.setObjectName("shortcuts_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # a few dozen rows
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def texts(self) -> list[str]:
        """Every row as 'keys  what  (where)', as shown (for tests and the clipboard)."""
        return ["  ".join(self.model.item(r, c).text() for c in range(3))
                for r in range(self.model.rowCount()) if not self.table.isRowHidden(r)]

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for r in range(self.model.rowCount()):
            row = " ".join(self.model.item(r, c).text() for c in range(3)).casefold()
            self.table.setRowHidden(r, bool(needle) and needle not in row)


class UserGuideDialog(QDialog):
    """Help ▸ User guide: the bundled guide in a text browser (links open in the browser)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("user_guide")
        self.setWindowTitle(f"{APP_NAME} user guide")
        self.browser = QTextBrowser()
        self.browser.setObjectName("user_guide_browser")
        self.browser.setOpenExternalLinks(True)
        try:
            path = resource("help", "guide.html")
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        except FileNotFoundError as exc:
            self.browser.setPlainText(f"The user guide is missing: {exc}")
        if not self.browser.toPlainText().strip():
            self.browser.setPlainText("The user guide is missing from this installation; "
                                      "reinstall JobDesk.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(680, 600)


class _KeepLast(QObject):
    """Moves the Help menu back to the end whenever a menu is added to the bar after it."""

    def __init__(self, bar: QMenuBar, action: QAction):
        super().__init__(bar)
        self.bar, self.action = bar, action
        bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ActionAdded and event.action() is not self.action:
            actions = self.bar.actions()
            if actions and actions[-1] is not self.action:
                self.bar.removeAction(self.action)  # re-adding sends ActionAdded for it
                self.bar.addAction(self.action)
        return False


class HelpMenu:
    """Builds the Help menu on ``window``; the dialogs are non-modal, one of each."""

    def __init__(self, window, about: Callable[[], None]):
        self.window = window
        bar = window.menuBar()
        self.menu = bar.addMenu("&Help")
        self.menu.setObjectName("help_menu")
        self.shortcuts_action = QAction("&Keyboard shortcuts", window)
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.guide_action = QAction("&User guide", window)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.show_guide)
        about_action = QAction(f"&About {APP_NAME}", window)
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        about_action.triggered.connect(about)
        for action in (self.guide_action, self.shortcuts_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(about_action)
        self._keeper = _KeepLast(bar, self.menu.menuAction())
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.guide_dialog: UserGuideDialog | None = None

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
            self.shortcuts_dialog.deleteLater()
        self.shortcuts_dialog = ShortcutsDialog(shortcut_rows(self.window), self.window)
        self._show(self.shortcuts_dialog)
        return self.shortcuts_dialog

    def show_guide(self) -> UserGuideDialog:
        if self.guide_dialog is None:
            self.guide_dialog = UserGuideDialog(self.window)
        self._show(self.guide_dialog)
        return self.guide_dialog

    @staticmethod
    def _show(dialog: QDialog) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

