"""The main window: layout and wiring only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from jobdesk import APP_NAME, __version__
from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.errors import JobDeskError
from jobdesk.services.container import Services
from jobdesk.services.demo import load_demo
from jobdesk.ui.columns import (
    APPLICATION_COLUMNS,
    COMPANY_COLUMNS,
    CONTACT_COLUMNS,
    application_search_text,
    company_search_text,
    contact_search_text,
)
from jobdesk.ui.records_view import RecordsView
from jobdesk.ui.settings import UiSettings
from jobdesk.ui.table_model import RecordTableModel


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
        self.models[Entity.APPLICATION].set_rows(services.applications.list())
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
        self._restore_state()
        self._update_status()

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
        self.load_demo_action = self._action("Load &demo data", None, self._on_load_demo,
                                             file_menu)
        file_menu.addSeparator()
        self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, file_menu)
        edit_menu = bar.addMenu("&Edit")
        self._action("&Find", QKeySequence.StandardKey.Find, self._on_find, edit_menu)
        view_menu = bar.addMenu("&View")
        for n, title in enumerate(("&Applications", "&Companies", "C&ontacts")):
            self._action(title, f"Ctrl+{n + 1}",
                         lambda _=False, n=n: self.tabs.setCurrentIndex(n), view_menu)
        help_menu = bar.addMenu("&Help")
        self._action(f"&About {APP_NAME}", None, self._on_about, help_menu)

    # ---- state --------------------------------------------------------------------------
    def current_view(self) -> RecordsView:
        return self.tabs.currentWidget()  # type: ignore[return-value]

    def _restore_state(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        state = self.settings.bytes("window/state")
        if state:
            self.restoreState(state)
        for entity, view in self.views.items():
            view.restore_header_state(self.settings.bytes(f"tables/{entity.value}/header"))
        tab = self.settings.get("window/tab")
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    def save_state(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set("window/tab", self.tabs.currentIndex())
        for entity, view in self.views.items():
            self.settings.set(f"tables/{entity.value}/header", view.header_state())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        super().closeEvent(event)

    # ---- handlers -----------------------------------------------------------------------
    def _on_bus_changes(self, changes: Changes) -> None:
        for model in self.models.values():
            model.apply_changes(changes)
        if changes.entity == Entity.APPLICATION and changes.structural:
            # open-application counts on companies follow their applications
            company_ids = {r.company_id for r in self.services.applications.get_many(changes.ids)}
            if company_ids:
                self.models[Entity.COMPANY].apply_changes(
                    Changes.of(Entity.COMPANY, company_ids))

    def _update_status(self, *_args) -> None:
        m = self.models
        self.totals_label.setText(
            f"{m[Entity.APPLICATION].total_count():,} applications · "
            f"{m[Entity.COMPANY].total_count():,} companies · "
            f"{m[Entity.CONTACT].total_count():,} contacts")
        view = self.current_view()
        visible, total = view.model.visible_count(), view.model.total_count()
        if view.model.filter_terms:
            self.view_label.setText(f"Showing {visible:,} of {total:,} {view.noun}")
        else:
            self.view_label.setText(f"{total:,} {view.noun}")
        self.load_demo_action.setEnabled(self.services.is_empty())

    def _on_find(self) -> None:
        self.current_view().focus_search()

    def _on_load_demo(self) -> None:
        if not self.services.is_empty():
            self.statusBar().showMessage("The demo data only loads into an empty database.", 5000)
            return
        try:
            counts = load_demo(self.services)
        except JobDeskError as exc:
            QMessageBox.warning(self, APP_NAME, f"The demo data could not be loaded: {exc}")
            return
        self.statusBar().showMessage(
            f"Loaded {counts['applications']} applications at {counts['companies']} companies.",
            5000)

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
