"""Backups: the list to restore from (date, size, record counts), the rotation settings, and the
offer made at start when the database is damaged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.text import human_size
from jobdesk.services.backups import BackupInfo, FileSummary, RotationPolicy
from jobdesk.ui.palette import apply_text_tone

_Index = QModelIndex | QPersistentModelIndex
COUNT_TABLES = (("company", "Companies"), ("contact", "Contacts"),
                ("application", "Applications"), ("interaction", "Interactions"))
REASONS = {"manual": "on request", "daily": "daily", "before-migration": "before an upgrade",
           "before-restore": "before a restore",
           "before-demo-removal": "before removing the demo"}


def local_time(info: BackupInfo) -> str:
    return info.created_at.astimezone().strftime("%Y-%m-%d %H:%M")


class BackupTableModel(QAbstractTableModel):
    HEADERS = ("Date", "Made", "Size", *(title for _key, title in COUNT_TABLES))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[BackupInfo, FileSummary | None]] = []

    def set_rows(self, rows: Sequence[tuple[BackupInfo, FileSummary | None]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo:
        return self._rows[row][0]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info, summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return local_time(info)
            if column == 1:
                return REASONS.get(info.reason, info.reason)
            if column == 2:
                return human_size(info.size)
            if summary is None:
                return "unreadable"
            return f"{summary.counts.get(COUNT_TABLES[column - 3][0], 0):,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None


class BackupsDialog(QDialog):
    """Lists backups, newest first; Restore replaces the database with the selected one."""

    sig_restore_requested = Signal(object)  # Path
    sig_backup_requested = Signal()
    sig_policy_changed = Signal(object)  # RotationPolicy

    def __init__(self, rows: Sequence[tuple[BackupInfo, FileSummary | None]],
                 policy: RotationPolicy, backup_dir: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backups_dialog")
        self.setWindowTitle("Backups")
        self.resize(820, 460)
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            f"Backups in {backup_dir}. Restoring replaces your current data with the chosen "
            "backup; your current data is backed up first, so a restore can be undone by "
            "restoring that copy.")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # a few dozen rows at most: fitting the columns to their text is cheap here
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._on_restore)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel("No backups yet. JobDesk makes one every day it is started "
                                  "and before every upgrade; “Back up now” makes one at once.")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        rotation = QGroupBox("Keep")
        form = QFormLayout(rotation)
        self.daily = self._spin(policy.daily)
        self.weekly = self._spin(policy.weekly)
        self.monthly = self._spin(policy.monthly)
        form.addRow("Daily backups (newest of each day):", self.daily)
        form.addRow("Weekly backups (newest of each week):", self.weekly)
        form.addRow("Monthly backups (newest of each month):", self.monthly)
        self.policy_error = QLabel()
        apply_text_tone(self.policy_error)
        form.addRow(self.policy_error)
        layout.addWidget(rotation)

        row = QHBoxLayout()
        self.backup_button = QPushButton("&Back up now")
        self.backup_button.clicked.connect(self.sig_backup_requested)
        self.restore_button = QPushButton("&Restore selected…")
        self.restore_button.clicked.connect(self._on_restore)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        row.addWidget(buttons)
        layout.addLayout(row)
        for spin in (self.daily, self.weekly, self.monthly):
            spin.valueChanged.connect(self._on_policy_edited)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.set_rows(rows)

    @staticmethod
    def _spin(value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 1000)
        spin.setValue(value)
        spin.setMaximumWidth(90)
        return spin

    def set_rows(self, rows: Sequence[tuple[BackupInfo, FileSummary | None]]) -> None:
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def _on_restore(self, *_args) -> None:
        info = self.selected()
        if info is not None:
            self.sig_restore_requested.emit(info.path)

    def _on_policy_edited(self, *_args) -> None:
        policy = RotationPolicy(self.daily.value(), self.weekly.value(), self.monthly.value())
        try:
            policy.validated()
        except ValueError as exc:
            self.policy_error.setText(str(exc))
            return
        self.policy_error.setText("")
        self.sig_policy_changed.emit(policy)


class DamagedDatabaseDialog(QDialog):
    """Shown when the database failed its check: offers the newest good backup. Before the
    window opens, declining quits; ``after_start`` (the check runs once the window is up),
    declining keeps the window open with writing stopped."""

    def __init__(self, problem: str, backup: BackupInfo | None, summary: FileSummary | None,
                 parent: QWidget | None = None, *, after_start: bool = False):
        super().__init__(parent)
        self.setObjectName("damaged_database_dialog")
        self.setWindowTitle("The JobDesk database is damaged")
        layout = QVBoxLayout(self)
        if after_start:
            text = (f"<b>JobDesk checked its database after it opened and found a problem.</b>"
                    f"<p>{problem}</p><p>JobDesk has stopped saving changes to it, so nothing "
                    "more is written to the damaged file, and it will not be deleted. You can "
                    "still read your records.</p>")
        else:
            text = (f"<b>JobDesk checked its database at start and found a problem.</b>"
                    f"<p>{problem}</p><p>The damaged file has not been opened for writing and "
                    "will not be deleted.</p>")
        if backup is not None and summary is not None:
            counts = ", ".join(f"{summary.counts.get(key, 0):,} {title.lower()}"
                               for key, title in COUNT_TABLES)
            text += (f"<p>The newest good backup is from <b>{local_time(backup)}</b> "
                     f"({counts}). Restore it? The damaged file will be kept beside it as "
                     "<i>jobdesk.sqlite3.damaged-…</i>.</p>")
        else:
            text += ("<p>There is no good backup to restore. Quit, and copy the data folder "
                     "somewhere safe before trying repair tools.</p>")
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label)
        buttons = QDialogButtonBox()
        self.restore_button = None
        if backup is not None:
            self.restore_button = buttons.addButton("&Restore this backup",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("&Keep it open read-only" if after_start else "&Quit",
                          QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
