"""The window's part in keeping data safe: showing what opening the data folder found (the
services open and check the database, ``services.opening``), the File menu's "Back up now" and
"Backups…", restoring (then reopening the window on the restored data), and files handed over
by a second launch. This module opens no database."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from jobdesk import APP_NAME
from jobdesk.domain.errors import JobDeskError
from jobdesk.services.backups import (
    BackupError,
    BackupService,
    RotationPolicy,
    StartChecks,
    back_up_now,
    check_and_back_up,
)
from jobdesk.services.base import Clock, utcnow
from jobdesk.services.container import Services
from jobdesk.services.opening import OpenedData, open_data_folder
from jobdesk.ui.backups_dialog import BackupsDialog, DamagedDatabaseDialog
from jobdesk.ui.crash import show_error
from jobdesk.ui.icons import icon
from jobdesk.ui.workers import run_task

log = logging.getLogger(__name__)
WindowFactory = Callable[[Services], QMainWindow]
Opener = Callable[..., OpenedData]  # (data_dir, *, clock, defer_checks) -> OpenedData


class SafetyController(QObject):
    sig_backup_done = Signal(object)  # BackupInfo
    sig_backup_failed = Signal(str)
    sig_restored = Signal(object)  # RestoreResult
    sig_window_replaced = Signal(object)  # the new window
    sig_files_received = Signal(list)
    sig_start_checks_done = Signal(object)  # StartChecks (or the exception of a failed run)

    def __init__(self, data_dir: Path, make_window: WindowFactory, *, clock: Clock = utcnow,
                 opener: Opener = open_data_folder):
        super().__init__()
        self.data_dir = Path(data_dir)
        self.make_window = make_window
        self.clock = clock
        self.opener = opener  # the composition root's way to open the data folder
        self.backups: BackupService | None = None
        self.services: Services | None = None
        self.window: QMainWindow | None = None
        self.dialog: BackupsDialog | None = None
        self.daily_error: str | None = None
        self.backup_task = None
        self.checks_pending = False
        self.checks_task = None
        self.damaged_dialog: DamagedDatabaseDialog | None = None

    # ---- opening --------------------------------------------------------------------------
    def open(self, *, defer_checks: bool = False) -> Services:
        """Have the services open the data folder (a damaged database raises
        ``DatabaseDamagedError`` untouched); this controller only shows what they found.

        ``defer_checks``: the page-by-page ``quick_check`` and the daily backup are left for
        ``start_checks()``, which the window calls once it is shown."""
        opened = self.opener(self.data_dir, clock=self.clock, defer_checks=defer_checks)
        self.backups, self.daily_error = opened.backups, opened.daily_error
        if self.daily_error:
            log.warning("daily backup failed: %s", self.daily_error)
        self.checks_pending = defer_checks
        self.services = opened.services
        return self.services

    def start_checks(self):
        """After the window is up: check the database and make the daily backup when one is
        due, on a worker thread with read-only connections of its own; the progress and the
        result go to the status bar. A failed check stops all writing and offers the newest
        good backup. Returns the task (None when there was nothing to do)."""
        if not self.checks_pending:
            return None
        self.checks_pending = False
        data_dir, clock = self.data_dir, self.clock

        def work(progress):
            return check_and_back_up(data_dir, clock=clock, progress=progress)

        def on_progress(done: int, total: int) -> None:
            if self.window is not None and total:  # the window in front now (a restore
                self.window.statusBar().showMessage(  # may have replaced it meanwhile)
                    f"Making the daily backup… {100 * done // total}%")

        self.checks_task = run_task(work, on_done=self._on_checks_done,
                                    on_failed=self._on_checks_failed, on_progress=on_progress)
        return self.checks_task

    def _on_checks_done(self, result: StartChecks) -> None:
        status = self.window.statusBar() if self.window else None
        if result.problems:
            self._on_damaged_after_start(result.problems)
        elif result.backup_error:
            self.daily_error = result.backup_error
            log.warning("daily backup failed: %s", result.backup_error)
            if status:
                status.showMessage(f"The daily backup failed: {result.backup_error}")
        elif result.backup is not None:
            log.info("daily backup %s", result.backup.path.name)
            if status:
                status.showMessage(f"Daily backup made and verified: {result.backup.path.name}",
                                   8000)
            self._refresh_dialog()
        self.sig_start_checks_done.emit(result)

    def _on_checks_failed(self, exc: BaseException) -> None:  # pragma: no cover - a bug
        log.error("the start-up checks failed: %r", exc)
        if self.window:
            self.window.statusBar().showMessage(f"The start-up check of the database failed: "
                                                f"{exc}")
        self.sig_start_checks_done.emit(exc)

    def _on_damaged_after_start(self, problems: list[str]) -> None:
        detail = "; ".join(problems[:3])
        log.error("the database failed its check after start: %s", detail)
        if self.services is not None:
            self.services.refuse_writes(
                "the database failed its integrity check, so JobDesk stopped saving changes "
                "and this one was not saved. Restore a backup (File > Backups and restore…); "
                "the damaged file is kept.")
        if self.window is None:
            return
        self.window.statusBar().showMessage(
            "The database is damaged: nothing more is saved. Restore a backup from "
            "File > Backups and restore…")
        good = self.backups.newest_good()
        self.damaged_dialog = DamagedDatabaseDialog(
            f"{self.backups.db_path} failed its integrity check ({detail}).",
            *(good or (None, None)), self.window, after_start=True)
        if good is not None:
            self.damaged_dialog.accepted.connect(lambda: self.restore(good[0].path))
        # not modal: the records stay readable (and copyable) while the offer stands
        self.damaged_dialog.setModal(False)
        self.damaged_dialog.show()

    def attach(self, window: QMainWindow) -> None:
        """Add the backup actions to the window's File menu."""
        self.window = window
        menu = getattr(window, "file_menu", None) or window.menuBar().actions()[0].menu()
        first = menu.actions()[0] if menu.actions() else None
        self.backup_action = QAction("&Back up now", window)
        self.backup_action.setObjectName("backup_now_action")
        self.backup_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.backup_action.setStatusTip("Make a verified backup of your data now")
        self.backup_action.triggered.connect(self.back_up_now)
        self.backup_action.setIcon(icon("backup"))
        self.backups_action = QAction("Back&ups and restore…", window)
        self.backups_action.setObjectName("backups_action")
        self.backups_action.triggered.connect(self.show_backups)
        menu.insertAction(first, self.backup_action)
        menu.insertAction(first, self.backups_action)
        menu.insertSeparator(first)
        if self.daily_error:
            window.statusBar().showMessage(f"The daily backup failed: {self.daily_error}")

    # ---- backing up -----------------------------------------------------------------------
    def back_up_now(self) -> None:
        if self.backup_task is not None and self.backup_task.running:
            return
        data_dir, clock = self.data_dir, self.clock
        status = self.window.statusBar() if self.window else None
        if status:
            status.showMessage("Backing up…")

        def work(progress):
            # a read-only connection of its own: the worker never uses the GUI's connection
            return back_up_now(data_dir, clock=clock, progress=progress)

        def on_progress(done: int, total: int) -> None:
            if status and total:
                status.showMessage(f"Backing up… {100 * done // total}%")

        self.backup_task = run_task(work, on_done=self._on_backup_done,
                                    on_failed=self._on_backup_failed, on_progress=on_progress)

    def _on_backup_done(self, info) -> None:
        if self.window:
            self.window.statusBar().showMessage(
                f"Backed up and verified: {info.path.name} ({info.size:,} bytes)", 8000)
        self._refresh_dialog()
        self.sig_backup_done.emit(info)

    def _on_backup_failed(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, JobDeskError) else f"the backup failed: {exc!r}"
        log.error("backup failed: %s", message)
        if self.window:
            self.window.statusBar().showMessage("The backup failed.", 8000)
            show_error(self.window, f"The backup failed: {message}")
        self.sig_backup_failed.emit(message)

    # ---- the dialog -----------------------------------------------------------------------
    def _rows(self):
        rows = []
        for info in self.backups.list():
            try:
                rows.append((info, BackupService.summarize(info.path)))
            except BackupError:
                rows.append((info, None))
        return rows

    def show_backups(self) -> BackupsDialog:
        if self.dialog is not None:
            self._refresh_dialog()
            self.dialog.raise_()
            return self.dialog
        self.dialog = BackupsDialog(self._rows(), self.backups.policy(),
                                    str(self.backups.backup_dir), self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.sig_restore_requested.connect(self.restore)
        self.dialog.sig_backup_requested.connect(self.back_up_now)
        self.dialog.sig_policy_changed.connect(self._on_policy_changed)
        self.dialog.show()
        return self.dialog

    def _forget_dialog(self, *_args) -> None:
        self.dialog = None

    def _refresh_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.set_rows(self._rows())

    def _on_policy_changed(self, policy: RotationPolicy) -> None:
        try:
            self.backups.set_policy(policy)
        except (JobDeskError, ValueError) as exc:
            show_error(self.dialog or self.window, f"The rotation was not saved: {exc}")

    # ---- restoring ------------------------------------------------------------------------
    def restore(self, path: Path) -> None:
        """Back up the current state, replace the database with ``path``, reopen the window."""
        old_window = self.window
        parent = self.dialog or old_window
        try:
            result = self.backups.restore(Path(path))
        except JobDeskError as exc:
            show_error(parent, f"Nothing was restored: {exc}")
            return
        if self.dialog is not None:
            self.dialog.close()
        try:
            services = self.open()
        except JobDeskError as exc:  # pragma: no cover - the copy was just verified
            QMessageBox.critical(old_window, APP_NAME, f"The restored database did not open: "
                                 f"{exc}")
            raise
        window = self.make_window(services)
        self.attach(window)
        window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        note = f"Restored the backup {Path(path).name}."
        if result.safety_copy:
            note += f" Your previous data is kept as backup {result.safety_copy.path.name}."
        window.statusBar().showMessage(note, 15000)
        self.sig_restored.emit(result)
        self.sig_window_replaced.emit(window)

    # ---- a second launch ------------------------------------------------------------------
    def bring_to_front(self) -> None:
        if self.window is None:
            return
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def receive_files(self, files: list[str]) -> None:
        """Files another launch was asked to open: handed to the window's ``open_files`` when
        it has one, otherwise listed in the status bar."""
        log.info("asked by another launch to open: %s", ", ".join(files))
        self.bring_to_front()
        handler = getattr(self.window, "open_files", None)
        if callable(handler):
            handler(files)
        elif self.window is not None:
            names = ", ".join(Path(f).name for f in files)
            self.window.statusBar().showMessage(f"Asked to open: {names}", 15000)
        self.sig_files_received.emit(files)
