"""Editing records in place, with undo: wires the editor, delegates, detail panes, board,
archive, log entries and stage tabs into the main window (which stays layout only)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabBar,
    QToolBar,
    QWidget,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Stage
from jobdesk.domain.text import plural
from jobdesk.ui.archive_view import ArchiveView
from jobdesk.ui.board import BoardView, neighbour_stage
from jobdesk.ui.delegates import DateCellKeys, RecordDelegate
from jobdesk.ui.detail_panes import DetailStack
from jobdesk.ui.editing import RecordEditor, move_text
from jobdesk.ui.log_entry import LogEntryDialog
from jobdesk.ui.palette import apply_tone
from jobdesk.ui.records_view import RecordsView

VIEWS = ("applications", "companies", "contacts", "board", "archive")


class ErrorBubble(QLabel):
    """A refused value's reason, shown just under the cell that was edited."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("error_bubble")
        self.setWordWrap(True)
        apply_tone(self, "error", padding=4)
        self.setMaximumWidth(420)
        self.hide()
        self._timer = QTimer(self, singleShot=True, interval=8000)
        self._timer.timeout.connect(self.hide)

    def show_at(self, pos: QPoint, text: str) -> None:
        self.setText(text)
        self.adjustSize()
        self.move(pos)
        self.raise_()
        self.show()
        self._timer.start()


class NewCompanyDialog(QDialog):
    """Name a new company; a name matching an existing one (ignoring case, spaces and
    suffixes) offers the existing company instead."""

    def __init__(self, feature: RecordsFeature, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("new_company_dialog")
        self.setWindowTitle("New company")
        self.feature = feature
        self.name = QLineEdit(placeholderText="Company name")
        self.message = QLabel(wordWrap=True, objectName="new_company_message")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton("Create",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_existing_button = self.buttons.addButton(
            "Use existing", QDialogButtonBox.ButtonRole.ActionRole)
        self.use_existing_button.hide()
        self.create_button.clicked.connect(self.create)
        self.use_existing_button.clicked.connect(self.use_existing)
        self.buttons.rejected.connect(self.reject)
        self.existing_id: int | None = None
        self._checked_name = ""
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def create(self) -> None:
        name = self.name.text().strip()
        editor = self.feature.editor
        if name != self._checked_name:
            row, similar = editor.create_company(name)
            if similar:
                self._checked_name = name
                self.existing_id = similar[0].id
                archived = " (archived)" if similar[0].archived_at else ""
                self.message.setText(
                    f"“{similar[0].name}”{archived} already exists. Use it, or press Create "
                    "again to add a separate company.")
                self.message.show()
                self.use_existing_button.show()
                return
        else:
            row = editor.create(Entity.COMPANY, name=name)
        if row is None:
            self.message.setText(editor.last_error)
            self.message.show()
            return
        self.accept()
        self.feature.select(Entity.COMPANY, row.id)

    def use_existing(self) -> None:
        if self.existing_id is not None:
            row = self.feature.services.companies.get(self.existing_id)
            if row.archived_at is not None:
                self.feature.editor.restore(Entity.COMPANY, [row.id])
            self.accept()
            self.feature.select(Entity.COMPANY, self.existing_id)


class RecordsFeature:
    def __init__(self, window) -> None:
        self.window = window
        self.services = window.services
        self.editor = RecordEditor(self.services, window)
        self.editor.sig_error.connect(self._on_editor_error)
        self.editor.sig_saved.connect(lambda text: window.statusBar().showMessage(text, 4000))
        self.log_dialog: LogEntryDialog | None = None
        self.company_dialog: NewCompanyDialog | None = None

        self.delegates: dict[Entity, RecordDelegate] = {}
        self.bubbles: dict[Entity, ErrorBubble] = {}
        self._last_edit: tuple[Entity, QModelIndex] | None = None
        for entity, view in window.views.items():
            view.model.editor = self.editor
            table = view.table
            self.delegates[entity] = RecordDelegate(self.editor, table)
            table.setItemDelegate(self.delegates[entity])
            DateCellKeys(table)  # Delete/Backspace on a date cell clears it
            table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
            self.bubbles[entity] = ErrorBubble(table.viewport())
            table.selectionModel().currentRowChanged.connect(
                lambda cur, _prev, e=entity: self._on_current_changed(e, cur))
            table.selectionModel().currentChanged.connect(
                lambda cur, _prev, e=entity: self._remember_cell(e, cur))

        # stage tabs with counts over the applications table
        apps_view: RecordsView = window.views[Entity.APPLICATION]
        self.stage_tabs = QTabBar()
        self.stage_tabs.setObjectName("stage_tabs")
        self.stage_tabs.setDocumentMode(True)
        self.stage_tabs.setExpanding(False)
        self._tab_stages: list[Stage | None] = [None, *Stage]
        for _ in self._tab_stages:
            self.stage_tabs.addTab("")
        self.stage_tabs.currentChanged.connect(self._on_stage_tab_changed)
        apps_view.layout().insertWidget(1, self.stage_tabs)
        self.update_stage_counts()

        # board and archive as further tabs; details to the right
        self.board = BoardView(window.models[Entity.APPLICATION])
        self.board.sig_move.connect(self.move_stage)
        self.board.sig_selected.connect(
            lambda rid: self.details.show_record(Entity.APPLICATION, rid))
        self.board.search.textChanged.connect(apps_view.search.setText)
        apps_view.search.textChanged.connect(self._sync_board_search)
        apps_view.search.textChanged.connect(lambda _text: self.update_stage_counts())
        self.archive = ArchiveView(self.editor)
        window.tabs.addTab(self.board, "Board")
        window.tabs.addTab(self.archive, "Archive")
        self.details = DetailStack(self.editor)
        companies_model = window.models[Entity.COMPANY]
        self.details.application.company_names = lambda: [
            row.name for row in companies_model.rows()]  # every active company, held
        self.details.application.sig_add_log_entry.connect(self.add_log_entry)
        self.details.company.sig_add_log_entry.connect(self.add_log_entry)
        self.details.contact.sig_add_log_entry.connect(self.add_log_entry)
        self.details.company.sig_open_application.connect(
            lambda rid: self.select(Entity.APPLICATION, rid))
        # the pane shows only beside record pages and only with a record in it (an empty
        # pane would take the tables' width); its width is the user's, remembered
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("records_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(window.tabs)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.details_width = window.settings.details_width()
        self._details_wanted = True
        self.details.hide()
        self.details.currentChanged.connect(lambda _i: self._update_details())
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        window.setCentralWidget(self.splitter)

        self._build_actions()
        self._unsubscribe = self.services.bus.subscribe(self._on_bus_changes)
        window._unsubscribe.append(self._unsubscribe)

    # ---- actions --------------------------------------------------------------------------
    def _build_actions(self) -> None:
        w = self.window
        edit_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Edit")
        first = edit_menu.actions()[0] if edit_menu.actions() else None
        self.undo_action = self.editor.undo_stack.createUndoAction(w, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.editor.undo_stack.createRedoAction(w, "&Redo")
        self.redo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        edit_menu.insertAction(first, self.undo_action)
        edit_menu.insertAction(first, self.redo_action)
        edit_menu.insertSeparator(first)

        menu = w.menuBar().addMenu("&Records")
        toolbar = QToolBar("Records")
        toolbar.setObjectName("records_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        w.addToolBar(toolbar)

        def action(text, shortcut, slot, tip="", on_toolbar=True) -> QAction:
            a = QAction(text, w)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setToolTip(f"{tip or text.replace('&', '')} ({shortcut})" if shortcut else text)
            a.triggered.connect(slot)
            menu.addAction(a)
            if on_toolbar:
                toolbar.addAction(a)
            return a

        self.new_application_action = action("New &application", "Ctrl+N",
                                             self.new_application)
        self.new_company_action = action("New &company…", "Ctrl+Shift+N", self.new_company)
        self.new_contact_action = action("New c&ontact", "Ctrl+Alt+N", self.new_contact)
        self.log_action = action("Add &log entry…", "Ctrl+L", self.add_log_entry)
        menu.addSeparator()
        self.next_stage_action = action(
            "Move to &next stage", "Ctrl+Shift+Right", lambda: self.move_selected_stage(1),
            "Move the selected applications one stage on (the card one column right)",
            on_toolbar=False)
        self.previous_stage_action = action(
            "Move to &previous stage", "Ctrl+Shift+Left", lambda: self.move_selected_stage(-1),
            "Move the selected applications one stage back (the card one column left)",
            on_toolbar=False)
        menu.addSeparator()
        self.archive_action = action("A&rchive", QKeySequence.StandardKey.Delete,
                                     self.archive_selected, "Archive the selected records")
        self.archive_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        # Del archives on the pages (tables, board, Today), not in the detail pane, whose
        # documents list has a Del of its own (two Del shortcuts for one key: neither fires)
        self.archive_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.tabs.addAction(self.archive_action)
        toolbar.insertSeparator(self.archive_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        for undo_redo in (self.undo_action, self.redo_action):
            # their text grows with what they undo ("Undo Change Applied date"): icon only on
            # the toolbar (the tool tip and the Edit menu say the whole text)
            toolbar.widgetForAction(undo_redo).setToolButtonStyle(
                Qt.ToolButtonStyle.ToolButtonIconOnly)
        view_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&View")
        view_menu.addSeparator()
        for n, (title, widget) in enumerate((("&Board", self.board),
                                             ("A&rchive", self.archive)), start=5):
            a = QAction(title, w)
            a.setShortcut(QKeySequence(f"Ctrl+{n}"))
            a.triggered.connect(lambda _=False, x=widget: w.tabs.setCurrentWidget(x))
            view_menu.addAction(a)

    # ---- selection ------------------------------------------------------------------------
    def current_entity(self) -> Entity | None:
        current = self.window.tabs.currentWidget()
        if current is self.board:
            return Entity.APPLICATION
        for entity, view in self.window.views.items():
            if view is current:
                return entity
        return None

    def selected(self) -> tuple[Entity | None, list[int]]:
        """The records selected on the page in front (``Selection`` protocol): a row of a
        table, cards on the board, an action on Today, an agenda row on the calendar."""
        selection = self.window.selection()
        return selection.entity, list(selection.ids)

    def select(self, entity: Entity, record_id: int, column: int = 0) -> None:
        """Show ``record_id`` in its table (clearing filters that hide it) and its details."""
        view = self.window.views[entity]
        self.window.tabs.setCurrentWidget(view)
        model = view.model
        if model.row_of(record_id) < 0:
            view.search.clear()
            if entity == Entity.APPLICATION:
                self.stage_tabs.setCurrentIndex(0)
        row = model.row_of(record_id)
        if row >= 0:
            index = model.index(row, column)
            view.table.setCurrentIndex(index)
            view.table.scrollTo(index)
        self.details.show_record(entity, record_id, model.row_for_id(record_id))

    def _on_current_changed(self, entity: Entity, current: QModelIndex) -> None:
        if current.isValid():
            model = self.window.views[entity].model
            record_id = model.id_at(current.row())
            self.details.show_record(entity, record_id, model.row_for_id(record_id))

    def _remember_cell(self, entity: Entity, current: QModelIndex) -> None:
        if current.isValid():
            self._last_edit = (entity, current)

    # ---- errors ---------------------------------------------------------------------------
    def _on_editor_error(self, field: str, message: str) -> None:
        self.window.statusBar().showMessage(f"Not saved: {message}", 10000)
        entity = self.current_entity()
        if entity is None or self.window.tabs.currentWidget() is self.board:
            return
        view = self.window.views[entity]
        index = view.table.currentIndex()
        rect = view.table.visualRect(index) if index.isValid() else None
        pos = rect.bottomLeft() + QPoint(0, 2) if rect is not None else QPoint(4, 4)
        self.bubbles[entity].show_at(pos, f"Not saved: {message}")

    # ---- commands -------------------------------------------------------------------------
    def _selected_company_id(self) -> int | None:
        entity, ids = self.selected()
        if not ids:
            return None
        if entity == Entity.COMPANY:
            return ids[0]
        if entity == Entity.APPLICATION:
            held = self.window.models[Entity.APPLICATION].row_for_id(ids[0])
            return (held or self.services.applications.get(ids[0])).company_id
        if entity == Entity.CONTACT:
            return self.services.contacts.get(ids[0]).company_id
        return None

    def new_application(self) -> None:
        company_id = self._selected_company_id()
        if company_id is None:
            companies = self.window.models[Entity.COMPANY]
            if companies.total_count() == 0:
                self.window.statusBar().showMessage(
                    "Add a company first (Ctrl+Shift+N): every application is at a company.",
                    8000)
                self.new_company()
                return
            company_id = companies.id_at(0) if companies.visible_count() else None
        row = self.editor.create(Entity.APPLICATION, company_id=company_id,
                                 job_title="New application")
        if row is not None:
            self._edit_new(Entity.APPLICATION, row.id, "job_title")

    def new_contact(self) -> None:
        row = self.editor.create(Entity.CONTACT, name="New contact",
                                 company_id=self._selected_company_id())
        if row is not None:
            self._edit_new(Entity.CONTACT, row.id, "name")

    def _edit_new(self, entity: Entity, record_id: int, field: str) -> None:
        view = self.window.views[entity]
        column = next(i for i, c in enumerate(view.model.columns) if c.edit_field == field)
        self.select(entity, record_id, column)
        index = view.table.currentIndex()
        if index.isValid():
            view.table.setFocus()
            view.table.edit(index)

    def new_company(self) -> None:
        if self.company_dialog is not None:
            self.company_dialog.close()
        self.company_dialog = NewCompanyDialog(self, self.window)
        self.company_dialog.show()

    def add_log_entry(self) -> None:
        entity, ids = self.selected()
        if not ids and self.window.tabs.currentWidget() in self.window.views.values():
            # a table with no row selected: the record its detail pane shows beside it
            shown = self.details.currentWidget()
            if shown is self.details.application and shown.application_id:
                entity, ids = Entity.APPLICATION, [shown.application_id]
            elif shown is self.details.company and shown.company_id:
                entity, ids = Entity.COMPANY, [shown.company_id]
            elif shown is self.details.contact and shown.contact_id:
                entity, ids = Entity.CONTACT, [shown.contact_id]
        if not ids or entity is None:
            self.window.statusBar().showMessage(
                "Nothing to log: select an application, company or contact (or an action "
                "on Today) first, then press Ctrl+L.", 6000)
            return
        rid = ids[0]
        if entity == Entity.APPLICATION:
            row = self.services.applications.get(rid)
            target = {"application_id": rid, "company_id": row.company_id}
            about = f"{row.job_title} at {row.company_name}"
        elif entity == Entity.COMPANY:
            target = {"company_id": rid}
            about = self.services.companies.get(rid).name
        else:
            row = self.services.contacts.get(rid)
            target = {"contact_id": rid, "company_id": row.company_id}
            about = row.name + (f" ({row.company_name})" if row.company_name else "")
        if self.log_dialog is not None:
            self.log_dialog.close()
        self.log_dialog = LogEntryDialog(self.editor, target, about, self.window)
        self.log_dialog.show()
        self.log_dialog.summary.setFocus()

    def archive_selected(self) -> None:
        entity, ids = self.selected()
        if entity is None or not ids:
            self.window.statusBar().showMessage(
                "Nothing to archive: select an application, company or contact first, then "
                "press Del.", 6000)
            return
        if self.editor.archive(entity, ids):
            noun = {Entity.APPLICATION: ("application", "applications"),
                    Entity.COMPANY: ("company", "companies"),
                    Entity.CONTACT: ("contact", "contacts")}[entity][len(ids) != 1]
            self.window.statusBar().showMessage(
                f"Archived {len(ids)} {noun} (Ctrl+Z brings it back).", 6000)

    def move_stage(self, ids: list[int], stage: str) -> None:
        if len(ids) == 1:  # the row the table holds: no read for the undo text
            held = self.window.models[Entity.APPLICATION].row_for_id(ids[0])
            text = move_text(held or self.services.applications.get(ids[0]), stage)
        else:
            text = f"Move {plural(len(ids), 'application')} to {Stage(stage).label}"
        self.editor.undo_stack.beginMacro(text)
        try:
            for rid in ids:
                self.editor.set_field(Entity.APPLICATION, rid, "stage", stage)
        finally:
            self.editor.undo_stack.endMacro()

    def move_selected_stage(self, step: int) -> None:
        """Ctrl+Shift+Right/Left: the selected applications one stage on or back, in board
        column order; one undo step, like a drag."""
        entity, ids = self.selected()
        if entity != Entity.APPLICATION or not ids:
            self.window.statusBar().showMessage(
                "Select an application (or a card on the Board) first, then press "
                "Ctrl+Shift+Right or Ctrl+Shift+Left to move it.", 6000)
            return
        targets: dict[str, list[int]] = {}
        for row in self.services.applications.get_many(ids):
            target = neighbour_stage(row.stage, step)
            if target is not None:
                targets.setdefault(target.value, []).append(row.id)
        if not targets:
            end = "last" if step > 0 else "first"
            self.window.statusBar().showMessage(f"Already in the {end} stage.", 4000)
            return
        if len(targets) == 1:
            (stage, moving), = targets.items()
            self.move_stage(moving, stage)
        else:
            self.editor.undo_stack.beginMacro(
                f"Move {plural(sum(map(len, targets.values())), 'application')} "
                f"{'on' if step > 0 else 'back'} a stage")
            try:
                for stage, moving in targets.items():
                    self.move_stage(moving, stage)
            finally:
                self.editor.undo_stack.endMacro()
        if self.window.tabs.currentWidget() is self.board:
            self.board.select_card(ids[0])

    # ---- views ----------------------------------------------------------------------------
    def show_details_beside(self, wanted: bool) -> None:
        """The window's page changed: details belong beside record pages only."""
        self._details_wanted = wanted
        self._update_details()

    def _update_details(self) -> None:
        show = self._details_wanted and self.details.currentWidget() is not self.details.hint
        if show == (not self.details.isHidden()):
            return
        if not show:
            self.details.hide()
        else:
            # before the window is first shown the splitter has no width yet: the window's
            total = max(self.splitter.width(), self.window.width())
            self.details.show()
            width = min(self.details_width, max(total - 400, self.details.minimumWidth()))
            self.splitter.setSizes([max(total - width - self.splitter.handleWidth(), 1), width])
        # the table's width changed: fitted columns share out the new width
        for view in self.window.views.values():
            if view.isVisible():
                QTimer.singleShot(0, lambda v=view: v.fit_columns(again=True))

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        if not self.details.isHidden():
            self.details_width = self.details.width()

    def set_view(self, name: str, select_first: bool = False) -> None:
        """Open a view by name (applications, companies, contacts, board, archive)."""
        widgets = {"applications": self.window.views[Entity.APPLICATION],
                   "companies": self.window.views[Entity.COMPANY],
                   "contacts": self.window.views[Entity.CONTACT],
                   "board": self.board, "archive": self.archive}
        self.window.tabs.setCurrentWidget(widgets[name])
        view = widgets[name]
        if select_first and isinstance(view, RecordsView) and view.model.visible_count():
            view.table.selectRow(0)
        elif select_first and view is self.board:
            self.board.rebuild()
            model = self.board.columns[Stage.INTERVIEWING]
            if model.rowCount():
                self.board.views[Stage.INTERVIEWING].setCurrentIndex(model.index(0))
                self.details.show_record(Entity.APPLICATION, model.ids()[0])
            self.splitter.setSizes([900, 300])

    def _sync_board_search(self, text: str) -> None:
        if self.board.search.text() != text:
            self.board.search.blockSignals(True)
            self.board.search.setText(text)
            self.board.search.blockSignals(False)

    def _on_stage_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self._tab_stages):
            self.window.models[Entity.APPLICATION].set_category(self._tab_stages[index])

    def update_stage_counts(self) -> None:
        """The stage tabs count the rows that match the current search."""
        model = self.window.models[Entity.APPLICATION]
        counts = model.category_counts()
        for i, stage in enumerate(self._tab_stages):
            if stage is None:
                self.stage_tabs.setTabText(i, f"All ({sum(counts.values()):,})")
            else:
                self.stage_tabs.setTabText(i, f"{stage.label} ({counts.get(stage, 0):,})")

    def _on_bus_changes(self, changes: Changes) -> None:
        apps = self.window.models[Entity.APPLICATION]
        affected = self.services.search.affected(changes)
        if affected:
            apps.refresh_search(affected)
        if changes.entity == Entity.APPLICATION and (
                changes.structural or "stage" in changes.fields or apps.filter_terms):
            self.update_stage_counts()  # while searching, an edit can change what matches
        self.details.apply_changes(changes)
        self.archive.apply_changes(changes)
