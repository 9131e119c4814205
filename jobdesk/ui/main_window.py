"""The main window: layout and wiring only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSystemTrayIcon,
    QTabWidget,
    QToolButton,
    QWidget,
)

from jobdesk import APP_NAME, __version__
from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.text import plural
from jobdesk.services.container import Services
from jobdesk.services.demo import load_demo
from jobdesk.ui.calendar_pane import CalendarPane
from jobdesk.ui.columns import (
    APPLICATION_COLUMNS,
    COMPANY_COLUMNS,
    CONTACT_COLUMNS,
    application_search_text,
    company_search_text,
    contact_search_text,
)
from jobdesk.ui.crash import show_error
from jobdesk.ui.demo_actions import DemoActions
from jobdesk.ui.documents_controller import BatchReport, DocumentsController
from jobdesk.ui.documents_panel import ApplicationDocumentsPanel
from jobdesk.ui.file_drop import RowFileDrop
from jobdesk.ui.handed_files import HandedFiles
from jobdesk.ui.help import HelpMenu
from jobdesk.ui.icons import decorate_window
from jobdesk.ui.library_view import LibraryView
from jobdesk.ui.records_feature import RecordsFeature
from jobdesk.ui.records_view import RecordsView, count_text
from jobdesk.ui.reminders import ReminderScheduler
from jobdesk.ui.selection import Selection, selection_of
from jobdesk.ui.settings import UiSettings
from jobdesk.ui.sync import ExternalChangesPoller
from jobdesk.ui.table_model import RecordTableModel
from jobdesk.ui.theme import AppearanceMenu
from jobdesk.ui.windows import WindowKeeper


class MainWindow(QMainWindow):
    def __init__(self, services: Services, settings: UiSettings, *, location: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.setWindowTitle(f"{APP_NAME}  ·  {location}" if location else APP_NAME)
        self.setObjectName("main_window")
        self.resize(1200, 760)

        self.models: dict[Entity, RecordTableModel] = {
            Entity.APPLICATION: RecordTableModel(
                Entity.APPLICATION, APPLICATION_COLUMNS, application_search_text,
                lambda ids: services.applications.get_many(ids, archived=False), self),
            Entity.COMPANY: RecordTableModel(
                Entity.COMPANY, COMPANY_COLUMNS, company_search_text,
                lambda ids: services.companies.get_many(ids, archived=False), self),
            Entity.CONTACT: RecordTableModel(
                Entity.CONTACT, CONTACT_COLUMNS, contact_search_text,
                lambda ids: services.contacts.get_many(ids, archived=False), self),
        }
        # search also matches contact names and log text; stage tabs filter by category
        self.models[Entity.APPLICATION].extra_search = services.search.texts
        self.models[Entity.APPLICATION].category = lambda row: row.stage
        # the active applications, read once and shared by the table, Today and the calendar
        applications = services.applications.list()
        self.models[Entity.APPLICATION].set_rows(applications)
        self.models[Entity.COMPANY].set_rows(services.companies.list())
        self.models[Entity.CONTACT].set_rows(services.contacts.list())

        demo_hint = ("Add your first one, or load the demo data to look around with a "
                     "realistic job search.")
        self.views: dict[Entity, RecordsView] = {
            Entity.APPLICATION: RecordsView(
                self.models[Entity.APPLICATION], "applications",
                "Every opening you apply to goes here, with its stage and dates. " + demo_hint,
                "Load demo data"),
            Entity.COMPANY: RecordsView(
                self.models[Entity.COMPANY], "companies",
                "Pursue companies, not jobs: list the ones you want to work for. " + demo_hint,
                "Load demo data"),
            Entity.CONTACT: RecordsView(
                self.models[Entity.CONTACT], "contacts",
                "Recruiters, hiring managers, interviewers and referrals: keep their names "
                "here. " + demo_hint, "Load demo data"),
        }
        self.tabs = QTabWidget(documentMode=True)
        self.tabs.setObjectName("record_tabs")
        for entity, title in ((Entity.APPLICATION, "Applications"),
                              (Entity.COMPANY, "Companies"), (Entity.CONTACT, "Contacts")):
            view = self.views[entity]
            view.sig_empty_action.connect(self._on_load_demo)
            self.tabs.addTab(view, title)
        self.calendar_pane = CalendarPane(services, applications=applications)
        self.calendar_pane.sig_open_application.connect(self.show_application)
        self.tabs.addTab(self.calendar_pane, "Calendar")
        self.reminders = ReminderScheduler(
            services, lead_minutes=settings.reminder_minutes(),
            show=self.calendar_pane.notification.show_message, parent=self)
        self.reminders.start()
        self.setCentralWidget(self.tabs)

        self.totals_label = QLabel()
        self.view_label = QLabel()
        self.statusBar().addWidget(self.view_label, 1)
        self.statusBar().addPermanentWidget(self.totals_label)
        for model in self.models.values():
            model.sig_counts_changed.connect(self._update_status)
        self.tabs.currentChanged.connect(self._update_status)
        self._unsubscribe: list[Callable[[], None]] = [
            services.bus.subscribe(self._on_bus_changes)]

        self._build_menus()
        self.records = RecordsFeature(self)  # in-place editing, undo, panes, board, archive
        self.calendar_pane.editor = self.records.editor  # events on the same undo stack
        self.calendar_pane.reminder_minutes = settings.reminder_minutes  # exported alarms
        self._build_documents()
        self._build_outbox()
        self._build_today(applications)
        # writes by other processes (a terminal's `jobdesk attach`) reach the open views
        self.external_changes = ExternalChangesPoller(services, self)
        self.handed_files = HandedFiles(self)
        self._restore_state()
        self._update_status()
        self.view_menu.addSeparator()
        self.appearance = AppearanceMenu(self.view_menu, settings)  # light, dark or the desktop's
        decorate_window(self)  # the theme's icons, else our own (jobdesk.ui.icons)

    # ---- menus --------------------------------------------------------------------------
    def _action(self, text: str, shortcut, slot, menu) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.file_menu = file_menu
        self.load_demo_action = self._action("Load &demo data", None, self._on_load_demo,
                                             file_menu)
        self.demo_actions = DemoActions(self, after=self.load_demo_action)
        file_menu.addSeparator()
        self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, file_menu)
        edit_menu = bar.addMenu("&Edit")
        self.edit_menu = edit_menu
        self._action("&Find", QKeySequence.StandardKey.Find, self._on_find, edit_menu)
        view_menu = bar.addMenu("&View")
        self.view_menu = view_menu
        pages = (self.views[Entity.APPLICATION], self.views[Entity.COMPANY],
                 self.views[Entity.CONTACT], self.calendar_pane)
        for n, (title, page) in enumerate(zip(("&Applications", "&Companies", "C&ontacts",
                                               "Ca&lendar"), pages, strict=True)):
            self._action(title, f"Ctrl+{n + 1}",
                         lambda _=False, w=page: self.tabs.setCurrentWidget(w), view_menu)
        self.new_event_action = self._action(
            "New &event for application…", "Ctrl+Shift+E", self._on_new_event_for_application,
            edit_menu)
        notes_menu = self.notes_menu = bar.addMenu("&Notes")
        self.compose_action = self._action("&Compose note…", "Ctrl+M", self._on_compose,
                                           notes_menu)
        self.about_you_action = self._action("&About you and mail settings…", None,
                                             self._on_mail_settings, notes_menu)
        # Help stays the last menu whatever is added after it; its shortcut list is made
        # from the window's actions when it opens
        self.help = HelpMenu(self, self._on_about)
        self.window_keeper = WindowKeeper(self)  # Esc closes windows; they open on screen

    # ---- state --------------------------------------------------------------------------
    def selection(self) -> Selection:
        """What is selected on the page in front; every action acts on this."""
        return selection_of(self.tabs.currentWidget())

    def _nothing_selected(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def current_view(self) -> RecordsView:
        widget = self.tabs.currentWidget()
        if not isinstance(widget, RecordsView):
            return self.views[Entity.APPLICATION]
        return widget

    def _restore_state(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        state = self.settings.bytes("window/state")
        if state:
            self.restoreState(state)
        for entity, view in self.views.items():
            view.restore_header_state(self.settings.bytes(f"tables/{entity.value}/header"))
        # the window always opens on Today (the saved tab is not restored on purpose)

    def save_state(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set_details_width(self.records.details_width)
        for entity, view in self.views.items():
            self.settings.set(f"tables/{entity.value}/header", view.header_state())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.today_view.detach()
        self.today_notifier.timer.stop()
        self.calendar_pane.detach()
        self.reminders.timer.stop()
        self.outbox.detach()
        self.external_changes.stop()
        self.window_keeper.detach()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        super().closeEvent(event)

    # ---- outbox -------------------------------------------------------------------------
    def _build_outbox(self) -> None:
        """Unsent notes: a status-bar indicator, Notes > Outbox, and one word at start-up."""
        from jobdesk.ui.outbox import OutboxIndicator

        self.outbox = OutboxIndicator(self.services, self)
        self.statusBar().addPermanentWidget(self.outbox.button)
        self.outbox_action = self._action("&Outbox (unsent notes)…", None,
                                          self.outbox.show_panel, self.notes_menu)
        message = self.outbox.startup_message()
        if message:
            self._tell(message)

    # ---- today --------------------------------------------------------------------------
    def _build_today(self, applications: list) -> None:
        """The Today view, first of all, and the daily summary notification."""
        from jobdesk.ui.today_view import TodayNotifier, TodayView

        self.today_view = TodayView(self.services, applications=applications,
                                    compose=self.compose_for,
                                    log_call=self.log_call_for,
                                    open_application=self.show_application,
                                    undo_stack=self.records.editor.undo_stack)
        self.tabs.insertTab(0, self.today_view, "Today")
        self.tabs.setCurrentIndex(0)
        self.today_view.sig_counts_changed.connect(self._on_today_counts)
        self._on_today_counts(self.today_view.due_count)
        action = self._action("&Today", "Ctrl+T",
                              lambda: self.tabs.setCurrentWidget(self.today_view), self.view_menu)
        self.view_menu.insertAction(self.view_menu.actions()[0], action)
        self.today_notifier = TodayNotifier(self.today_view, at=self.settings.notify_at(),
                                            show=self._notify, parent=self)
        self.followup_settings_dialog = None
        self.today_view.sig_settings_requested.connect(self.open_followup_settings)
        self.edit_menu.addSeparator()
        self.followup_settings_action = self._action(
            "Follow-up &rules…", "Ctrl+,", self.open_followup_settings, self.edit_menu)
        self.followup_settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.tabs.currentChanged.connect(self._on_page_changed)
        self._on_page_changed()

    def open_followup_settings(self) -> None:
        """The "Follow-up rules" window (non-modal; one at a time, showing saved values)."""
        from jobdesk.ui.followup_settings import FollowUpSettingsDialog

        dialog = self.followup_settings_dialog
        if dialog is None:
            dialog = FollowUpSettingsDialog(self.today_view.engine, self.settings, self)
            dialog.sig_saved.connect(self._on_followup_settings_saved)
            self.followup_settings_dialog = dialog
        elif not dialog.isVisible():
            dialog.load()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _on_followup_settings_saved(self) -> None:
        """Today has recomputed through the change bus; move the daily summary and the
        reminders to the new times."""
        self.today_notifier.set_time(self.settings.notify_at())
        self.reminders.set_lead_minutes(self.settings.reminder_minutes())
        self.statusBar().showMessage(
            f"Follow-up rules saved; the daily summary of what is due comes at "
            f"{self.today_notifier.at:%H:%M}.", 8000)

    def _on_page_changed(self, *_args) -> None:
        """The record details pane belongs beside record tables, not beside Today, the
        calendar or the document library."""
        page = self.tabs.currentWidget()
        record_pages = (*self.views.values(), self.records.board, self.records.archive)
        self.records.show_details_beside(page in record_pages)

    def _on_today_counts(self, due: int) -> None:
        index = self.tabs.indexOf(self.today_view)
        self.tabs.setTabText(index, f"Today ({due})" if due else "Today")

    def _notify(self, title: str, text: str) -> None:
        """A desktop notification through the system tray when there is one, else in the
        Today view."""
        if QSystemTrayIcon.isSystemTrayAvailable():
            if getattr(self, "_tray", None) is None:
                self._tray = QSystemTrayIcon(self.windowIcon(), self)
                self._tray.activated.connect(lambda *_: self.tabs.setCurrentWidget(
                    self.today_view))
                self._tray.show()
            self._tray.showMessage(title, text)
        if self.tabs.currentWidget() is not self.today_view:
            # in the window only while Today is not in front (it is the list itself)
            self.statusBar().showMessage(f"{text} (Ctrl+T)", 15000)
        self.messages.append(text)

    def compose_for(self, proposal) -> None:
        """Open the composer on the proposal's template (thank-you, check-in...)."""
        self.open_composer(application_id=proposal.application_id,
                           contact_id=proposal.contact_id, template_key=proposal.template_key)

    def open_composer(self, **what) -> None:
        """The composer on ``what`` (application_id, contact_id, event_id, template_key);
        one already open on the same note comes to the front instead."""
        from jobdesk.ui.composer import ComposerWindow
        from jobdesk.ui.outbox import open_composers

        application_id, key = what.get("application_id"), what.get("template_key")
        for window in open_composers() if application_id is not None else ():
            context = window.context
            if (context is not None and context.application_id == application_id
                    and key in (None, window.current_template_key())):
                window.raise_()
                window.activateWindow()
                self.composer_window = window
                return
        window = ComposerWindow(self.services, parent=self, **what)
        window.show()
        self.composer_window = window

    def log_call_for(self, proposal) -> None:
        """The log-entry form, prefilled as a call about the proposal's application."""
        from jobdesk.domain.enums import InteractionKind
        from jobdesk.ui.log_entry import LogEntryDialog

        if proposal.application_id is not None:
            row = self.services.applications.get(proposal.application_id)
            target = {"application_id": row.id, "company_id": row.company_id,
                      "contact_id": proposal.contact_id}
            about = f"{row.job_title} at {row.company_name}"
        else:
            target = {"company_id": proposal.company_id}
            about = proposal.title
        dialog = LogEntryDialog(self.records.editor, target, about, self,
                                kind=InteractionKind.CALL)
        dialog.summary.setText(f"Call: {proposal.title}")
        dialog.show()
        self.log_dialog = dialog

    # ---- documents ----------------------------------------------------------------------
    def _build_documents(self) -> None:
        """The Documents tab, file drops on application rows, and a Documents section in the
        application detail pane listing what was sent with the shown application."""
        self.document_store = DocumentsController(self.services, self)
        self.document_store.sig_busy_changed.connect(self._on_documents_busy)
        self.document_store.sig_progress.connect(self._on_documents_progress)
        self.document_store.sig_batch_finished.connect(self._on_documents_stored)
        self.messages: list[str] = []  # what the user was told, newest last

        self.library = LibraryView(self.services, self.records.editor)
        self.library.sig_files_dropped.connect(lambda paths: self._on_files_dropped(None, paths))
        self.library.sig_replace_requested.connect(self.document_store.replace_version)
        self.library.sig_message.connect(self._tell)
        self.tabs.addTab(self.library, "Documents")

        applications = self.views[Entity.APPLICATION]
        self.application_drop = RowFileDrop(applications.table, applications.model.id_at)
        self.application_drop.sig_files_dropped.connect(self._on_files_dropped)

        # the application detail pane shows (and takes drops of) the application's documents
        pane = self.records.details.application
        self.documents_panel = ApplicationDocumentsPanel(self.services, pane.application_id)
        self.documents_panel.setMinimumHeight(160)
        self.documents_panel.title.hide()  # the pane's title already names the application
        self.documents_panel.layout().itemAt(0).layout().insertStretch(0, 1)
        self.documents_panel.sig_files_dropped.connect(self._on_files_dropped)
        self.documents_panel.sig_message.connect(self._tell)
        self.documents_section = pane.add_section("Documents", self.documents_panel)
        pane.sig_application_changed.connect(self._on_detail_application_changed)

        self.store_progress = QProgressBar(maximumWidth=220)
        self.store_progress.setObjectName("document_progress")
        self.store_cancel = QToolButton(text="Cancel")
        self.store_cancel.setToolTip("Stop storing the dropped files (nothing half-copied "
                                     "is kept)")
        self.store_cancel.clicked.connect(self.document_store.cancel)
        for widget in (self.store_progress, self.store_cancel):
            self.statusBar().addPermanentWidget(widget)
            widget.hide()
        self._progress_delay = QTimer(self, singleShot=True, interval=300)
        self._progress_delay.timeout.connect(self._show_store_progress)

        menu = self.menuBar().addMenu("&Documents")
        self._action("Document &library", "Ctrl+7",
                     lambda: self.tabs.setCurrentWidget(self.library), menu)
        self._action("&Attach files to the selected application…", "Ctrl+Shift+A",
                     self._on_attach, menu)

    def open_files(self, paths: list[str]) -> None:
        """Files handed over by another launch (``jobdesk FILE...``)."""
        self.handed_files.open_files(paths)

    def _on_detail_application_changed(self, application_id: int) -> None:
        if application_id != self.documents_panel.application_id:
            self.documents_panel.set_application(application_id)

    def _on_files_dropped(self, application_id: int | None, paths: list[str]) -> None:
        """Route dropped files: calendar invitations to the calendar, the rest to documents."""
        invitations = [p for p in paths if p.lower().endswith(".ics")]
        documents = [p for p in paths if not p.lower().endswith(".ics")]
        for path in invitations:
            self._import_invitation(application_id, path)
        if documents:
            self._last_drop_application = application_id
            self.document_store.attach_files(documents, application_id)

    def _import_invitation(self, application_id: int | None, path: str) -> None:
        """Import a dropped ``.ics`` invitation as events of ``application_id`` (one
        transaction: all of the file or nothing) and say what happened."""
        try:
            result = self.services.calendar.import_ics(Path(path), application_id)
        except JobDeskError as exc:
            self._tell(f"Invitation not imported. {exc}", warn=True)
            return
        where = ""
        if application_id is not None:
            try:
                app = self.services.applications.get(application_id)
                where = f" for {app.company_name} · {app.job_title}"
            except JobDeskError:
                pass
        self._tell(f"Calendar{where}: {result.summary()}")

    def show_document_store_report(self, report) -> None:
        """Tell the user what the start-up check of the document store found."""
        if report is not None and report.message:
            self._tell(report.message, warn=True)

    def _tell(self, message: str, *, warn: bool = False) -> None:
        self.messages.append(message)
        if self.isVisible():
            self.statusBar().showMessage(message, 8000)
        else:  # told while the window is built: a message shown before the status bar's own
            # widgets are would be painted over by them, so show it once the window is up
            QTimer.singleShot(0, lambda: self.statusBar().showMessage(message, 8000))
        if warn:
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def _on_documents_busy(self, busy: bool) -> None:
        if busy:
            self.store_progress.setRange(0, 0)
            self._progress_delay.start()
        else:
            self._progress_delay.stop()
            self.store_progress.hide()
            self.store_cancel.hide()

    def _show_store_progress(self) -> None:
        if self.document_store.busy:
            self.store_progress.show()
            self.store_cancel.show()

    def _on_documents_progress(self, name: str, done: int, total: int) -> None:
        scale = max(1, total // 1_000_000)  # QProgressBar counts in int
        self.store_progress.setRange(0, max(1, total // scale))
        self.store_progress.setValue(done // scale)
        self.store_progress.setFormat(f"{name}: %p%")

    def _on_documents_stored(self, report: BatchReport) -> None:
        # show where the files went: select the application (after the copy, so the repaint
        # does not compete with it)
        app_id = getattr(self, "_last_drop_application", None)
        if app_id is not None and any(o.linked for _p, o in report.done):
            view = self.views[Entity.APPLICATION]
            row = view.model.row_of(app_id)
            if row >= 0:
                view.table.selectRow(row)
        if report.failed:
            lines = "\n".join(message for _path, message in report.failed)
            were = "was" if len(report.failed) == 1 else "were"
            self._tell(f"{plural(len(report.failed), 'file')} {were} not stored:\n{lines}",
                       warn=True)
            if report.done:
                self.statusBar().showMessage(report.summary(), 8000)
        elif report.done or report.cancelled:
            self._tell(report.summary())

    # ---- handlers -----------------------------------------------------------------------
    def _on_bus_changes(self, changes: Changes) -> None:
        # the companies' open counts come with their own change-set (services/effects.py)
        for model in self.models.values():
            model.apply_changes(changes)

    def _update_status(self, *_args) -> None:
        m = self.models
        self.totals_label.setText(
            f"{plural(m[Entity.APPLICATION].total_count(), 'application')} · "
            f"{plural(m[Entity.COMPANY].total_count(), 'company', 'companies')} · "
            f"{plural(m[Entity.CONTACT].total_count(), 'contact')}")
        view = self.current_view()
        if getattr(view, "model", None) is None:
            return
        visible, total = view.model.visible_count(), view.model.total_count()
        if view.model.filter_terms:
            self.view_label.setText(f"Showing {visible:,} of {count_text(total, view.noun)}")
        else:
            self.view_label.setText(count_text(total, view.noun))
        # a loaded row means a non-empty database: no query on every keystroke
        self.load_demo_action.setEnabled(
            not any(model.total_count() for model in m.values()) and self.services.is_empty())

    def show_application(self, application_id: int) -> None:
        """Switch to the Applications view with ``application_id`` selected."""
        view = self.views[Entity.APPLICATION]
        self.tabs.setCurrentWidget(view)
        if view.model.row_of(application_id) < 0:
            view.search.clear()
        row = view.model.row_of(application_id)
        if row >= 0:
            view.table.selectRow(row)
            view.table.scrollTo(view.model.index(row, 0))

    def _on_new_event_for_application(self) -> None:
        application_id = self.selection().application_id
        if application_id is None:
            self._nothing_selected("No application selected: select one (on Today, the Board, "
                                   "Applications or the calendar's agenda), then press "
                                   "Ctrl+Shift+E.")
            return
        self.calendar_pane.open_event_dialog(application_id=application_id)

    def _on_attach(self) -> None:
        application_id = self.selection().application_id
        if application_id is None:
            self._nothing_selected("No application selected: select the application the files "
                                   "belong to, then press Ctrl+Shift+A.")
            return
        self.documents_panel.set_application(application_id)
        self.documents_panel._on_attach_clicked()

    def _on_find(self) -> None:
        self.current_view().focus_search()

    def _on_load_demo(self) -> None:
        if not self.services.is_empty():
            self.statusBar().showMessage("The demo data only loads into an empty database.", 5000)
            return
        try:
            counts = load_demo(self.services)
        except JobDeskError as exc:
            show_error(self, f"The demo data could not be loaded: {exc}")
            return
        self.statusBar().showMessage(
            f"Loaded {plural(counts['applications'], 'application')} at "
            f"{plural(counts['companies'], 'company', 'companies')}.",
            5000)

    def _on_compose(self) -> None:
        """A note about what is selected on the page in front: Today's action opens its
        template; an application, an agenda row or a contact opens the suggested one."""
        selection = self.selection()
        if selection.proposal is not None and selection.proposal.template_key is not None \
                and selection.application_id is not None:
            self.compose_for(selection.proposal)
        elif selection.application_id is not None:
            self.open_composer(application_id=selection.application_id,
                               event_id=selection.event_id, contact_id=selection.contact_id)
        elif selection.entity == Entity.CONTACT and selection.ids:
            self.open_composer(contact_id=selection.first)
        else:
            self._nothing_selected(
                "No application or contact selected: select one (on Today, an action about "
                "an application), then compose a note with Ctrl+M.")

    def _on_mail_settings(self) -> None:
        from jobdesk.ui.mail_settings import MailSettingsDialog

        self.about_you_dialog = MailSettingsDialog(self.services, self)
        self.about_you_dialog.open()

    def load_demo(self) -> None:
        """Load the demo data into an empty database (File menu, empty views, welcome)."""
        self._on_load_demo()

    def _on_about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>Run your job search like a recruiter would: "
            "companies, contacts, applications and every interaction, kept in your own files.")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.current_view().search.text():
            self.current_view().search.clear()
            return
        super().keyPressEvent(event)
