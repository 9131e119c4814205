"""Detail panes beside the tables: the selected application as a form with its log and
events, or the selected company with its contacts, applications and whole log.

Edits go through the same ``RecordEditor`` (same undo stack, same data); the panes refresh
from the change bus, by id. ``ApplicationDetailPane.add_section(title, widget)`` lets other
features (documents, calendar) add their own sections.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Source, Stage
from jobdesk.domain.errors import JobDeskError
from jobdesk.ui.date_edit import DateEdit
from jobdesk.ui.delegates import EnumComboBox, NameComboBox
from jobdesk.ui.editing import RecordEditor
from jobdesk.ui.list_models import RowListModel, interaction_model
from jobdesk.ui.palette import apply_text_tone
from jobdesk.ui.table_model import fmt_date


class NotesEdit(QPlainTextEdit):
    sig_editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.sig_editing_finished.emit()


def _table(model, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    view.setMinimumHeight(120)
    return view


class LogPanel(QWidget):
    """A record's interaction log, newest first, with a filter field and an Add button."""

    sig_add_entry = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = interaction_model(self)
        self.search = QLineEdit(placeholderText="Search the log…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.model.set_filter)
        self.add_button = QPushButton("Add entry…  (Ctrl+L)")
        self.add_button.clicked.connect(self.sig_add_entry)
        self.table = _table(self.model, "log_table")
        for col, width in enumerate((82, 80, 84)):  # dates and kinds wrap onto two lines
            self.table.setColumnWidth(col, width)
        # the summary takes the rest of the width (no sideways scrolling in a narrow pane)
        self.table.horizontalHeader().setSectionResizeMode(
            self.model.SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # a long summary wraps onto more lines instead of being cut off
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def set_entries(self, rows, contacts) -> None:
        """Show ``rows`` with the names of their contacts (``contacts``: the contacts
        service; archived contacts keep their names in the log)."""
        ids = {c for r in rows for c in r.contact_ids}
        names = {c.id: c.name for c in contacts.get_many(ids, archived=None)} if ids else {}
        self.model.set_entries(rows, names)


class _Pane(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.subtitle)
        self._layout.addStretch(1)
        self.setWidget(body)
        self.sections: dict[str, QGroupBox] = {}

    def add_section(self, title: str, widget: QWidget) -> QGroupBox:
        """Append a titled section (other features add theirs, e.g. Documents)."""
        box = QGroupBox(title)
        box.setObjectName(f"section_{title.lower().replace(' ', '_')}")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(widget)
        self._layout.insertWidget(self._layout.count() - 1, box)
        self.sections[title] = box
        return box


class ApplicationDetailPane(_Pane):
    """The selected application: its fields as a form, its log and its events."""

    sig_add_log_entry = Signal()
    sig_application_changed = Signal(int)  # others (documents, calendar) follow the selection

    def __init__(self, editor: RecordEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("application_pane")
        self.editor = editor
        self.services = editor.services
        self.application_id: int | None = None
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        self.fields: dict[str, QWidget] = {
            "company_id": NameComboBox([]),
            "job_title": QLineEdit(),
            "stage": EnumComboBox(Stage),
            "source": EnumComboBox(Source),
            "applied_on": DateEdit(),
            "response_promised_on": DateEdit(),
            "salary_range": QLineEdit(),
            "posting_url": QLineEdit(),
            "referral_contact_id": NameComboBox([]),
            "notes": NotesEdit(),
        }
        labels = {"company_id": "Company", "job_title": "Job title", "stage": "Stage",
                  "source": "Source", "applied_on": "Applied", "response_promised_on":
                  "Answer promised", "salary_range": "Salary", "posting_url": "Posting",
                  "referral_contact_id": "Referral", "notes": "Notes"}
        for name, widget in self.fields.items():
            widget.setObjectName(f"field_{name}")
            form.addRow(labels[name], widget)
            self._connect(name, widget)
        self.fields["notes"].setMaximumHeight(90)
        self.error_label = QLabel(objectName="field_error", wordWrap=True)
        apply_text_tone(self.error_label)
        self.error_label.hide()
        form.addRow(self.error_label)
        self.add_section("Details", form_widget)
        self.log = LogPanel()
        self.log.sig_add_entry.connect(self.sig_add_log_entry)
        self.add_section("Log", self.log)
        self.events_model = RowListModel([
            ("Starts", lambda e: fmt_date(e.starts_at)), ("Kind", lambda e: e.kind.label),
            ("Title", lambda e: e.title)], parent=self)
        self.events_view = _table(self.events_model, "events_table")
        self.events_view.setMinimumHeight(80)
        self.add_section("Events", self.events_view)
        self._loading = False
        # the company names for the combo: the window hands in the ones its companies table
        # holds; read again only after a company is added, renamed or archived, never per
        # selection (at 100,000 applications that read was most of a selection change)
        self.company_names: Callable[[], list[str]] = lambda: [
            c.name for c in self.services.companies.list()]
        self._names_current = False
        self._people_of: int | None = None  # the company whose contacts the referral lists

    # ---- binding --------------------------------------------------------------------------
    def _connect(self, name: str, widget: QWidget) -> None:
        # ``activated`` passes the row: keep it out of ``n``
        commit: Callable[..., None] = lambda *_args, n=name: self._commit(n)  # noqa: E731
        if isinstance(widget, NameComboBox):
            widget.lineEdit().editingFinished.connect(commit)
            widget.activated.connect(commit)
        elif isinstance(widget, EnumComboBox):
            widget.activated.connect(commit)
        elif isinstance(widget, DateEdit):
            widget.editingFinished.connect(commit)
            widget.sig_picked.connect(commit)
        elif isinstance(widget, NotesEdit):
            widget.sig_editing_finished.connect(commit)
        elif isinstance(widget, QLineEdit):
            widget.editingFinished.connect(commit)

    def _value(self, name: str) -> Any:
        widget = self.fields[name]
        if name == "company_id":
            return self.editor.company_for_name(widget.value())
        if name == "referral_contact_id":
            row = self.services.applications.get(self.application_id)
            return self.editor.contact_for_name(widget.value(), row.company_id)
        if isinstance(widget, EnumComboBox | DateEdit):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def _stored(self, row, name: str) -> Any:
        return getattr(row, name)

    def _commit(self, name: str) -> None:
        if self._loading or self.application_id is None:
            return
        try:
            row = self.services.applications.get(self.application_id)
        except JobDeskError:
            return
        if (name in ("company_id", "referral_contact_id")
                and self.fields[name].value() == self._shown_name(row, name)):
            return
        if isinstance(self.fields[name], DateEdit) and self.fields[name].problem():
            self._show_error(f"Not saved: {self.fields[name].problem()}")  # the text stays
            return
        value = self._value(name)
        if name == "company_id" and value is None:
            self._show_error("a company is required; type or pick one")
            self.show_application(self.application_id)
            return
        if value == self._stored(row, name):
            return
        widget = self.fields[name]
        if isinstance(widget, QLineEdit):
            widget.setModified(False)
        ok = self.editor.set_field(Entity.APPLICATION, self.application_id, name, value)
        if ok:
            self.error_label.hide()
        else:
            self._show_error(self.editor.last_error)
            self.show_application(self.application_id)  # the stored value again

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _shown_name(self, row, name: str) -> str:
        if name == "company_id":
            return row.company_name
        if row.referral_contact_id is None:
            return ""
        try:
            return self.services.contacts.get(row.referral_contact_id).name
        except JobDeskError:
            return ""

    def show_application(self, application_id: int | None, *, related: bool = True,
                         row: Any = None) -> None:
        """Show the application's fields and, with ``related``, reload its log and events.
        ``row``: the application as just written (from its change-set), not read again."""
        changed = application_id != self.application_id
        self.application_id = application_id
        if changed:
            self.error_label.hide()
            self.log.search.clear()
        if application_id is None:
            return
        try:
            if row is None or row.id != application_id:
                row = self.services.applications.get(application_id)
        except JobDeskError:
            self.application_id = None
            return
        self._loading = True
        try:
            self.title.setText(f"{row.job_title}")
            self.subtitle.setText(f"{row.company_name} · {row.stage.label}"
                                  + (" · archived" if row.archived_at else ""))
            f = self.fields
            companies = self.fields["company_id"]
            if not self._names_current or companies.count() == 0:
                names = sorted(self.company_names(), key=str.casefold)
                companies.clear()
                companies.addItems(names)
                companies.completer().model().setStringList(names)
                self._names_current = True
            if self._people_of != row.company_id:
                self._people_of = row.company_id
                people = [c.name for c in self.services.contacts.of_company(row.company_id)]
                f["referral_contact_id"].clear()
                f["referral_contact_id"].addItems(people)
                f["referral_contact_id"].completer().model().setStringList(people)
            for name, widget in f.items():
                if (not changed and isinstance(widget, QLineEdit) and widget.hasFocus()
                        and (widget.isModified() or (isinstance(widget, DateEdit)
                             and widget.problem()))):
                    continue  # do not overwrite what the user is typing
                if name in ("company_id", "referral_contact_id"):
                    widget.set_value(self._shown_name(row, name))
                elif isinstance(widget, EnumComboBox | DateEdit):
                    widget.set_value(getattr(row, name))
                elif isinstance(widget, QPlainTextEdit):
                    if widget.toPlainText() != row.notes:
                        widget.setPlainText(row.notes)
                else:
                    widget.setText(str(getattr(row, name)))
        finally:
            self._loading = False
        if related or changed:
            self._load_log()
            self._load_events()
        if changed:
            self.sig_application_changed.emit(application_id)

    def _load_log(self) -> None:
        if self.application_id is not None:
            self.log.set_entries(self.services.interactions.for_application(
                self.application_id), self.services.contacts)
            self.log.model.set_filter(self.log.search.text())

    def _load_events(self) -> None:
        if self.application_id is not None:
            self.events_model.set_rows(self.services.events.for_application(
                self.application_id))

    def note_changes(self, changes: Changes) -> None:
        """Forget the combo lists a change makes stale (also while another pane is shown)."""
        if changes.entity == Entity.COMPANY and (
                changes.structural or not changes.fields or "name" in changes.fields):
            self._names_current = False
        if changes.entity in (Entity.COMPANY, Entity.CONTACT):
            self._people_of = None

    def apply_changes(self, changes: Changes) -> None:
        self.note_changes(changes)
        if self.application_id is None:
            return
        if changes.entity == Entity.APPLICATION and self.application_id in changes.ids:
            # its own fields changed: log and events have their own change sets
            fresh = changes.fresh(archived=None) or {}
            self.show_application(self.application_id, related=False,
                                  row=fresh.get(self.application_id))
        elif changes.entity == Entity.INTERACTION:
            self._load_log()
        elif changes.entity == Entity.EVENT:
            self._load_events()
        elif changes.entity == Entity.CONTACT or (
                changes.entity == Entity.COMPANY and (
                    changes.structural or not changes.fields or "name" in changes.fields)):
            self.show_application(self.application_id)  # a count changing shows nowhere here


class CompanyDetailPane(_Pane):
    """The selected company: its contacts, its applications and its whole log."""

    sig_add_log_entry = Signal()
    sig_open_application = Signal(int)

    def __init__(self, editor: RecordEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("company_pane")
        self.services = editor.services
        self.company_id: int | None = None
        self.contacts_model = RowListModel([
            ("Name", lambda c: c.name), ("Role", lambda c: c.title),
            ("Relationship", lambda c: c.relationship.label), ("E-mail", lambda c: c.email)],
            parent=self)
        self.applications_model = RowListModel([
            ("Job title", lambda a: a.job_title), ("Stage", lambda a: a.stage.label),
            ("Applied", lambda a: fmt_date(a.applied_on))], parent=self)
        self.contacts_view = _table(self.contacts_model, "company_contacts")
        self.applications_view = _table(self.applications_model, "company_applications")
        self.applications_view.doubleClicked.connect(
            lambda index: self.sig_open_application.emit(
                self.applications_model.rows()[index.row()].id))
        self.log = LogPanel()
        self.log.sig_add_entry.connect(self.sig_add_log_entry)
        self.add_section("Contacts", self.contacts_view)
        self.add_section("Applications", self.applications_view)
        self.add_section("Log", self.log)

    def show_company(self, company_id: int | None) -> None:
        if company_id != self.company_id:
            self.log.search.clear()
        self.company_id = company_id
        if company_id is None:
            return
        try:
            row = self.services.companies.get(company_id)
        except JobDeskError:
            self.company_id = None
            return
        self.title.setText(row.name)
        self.subtitle.setText(" · ".join(p for p in (
            row.status.label, row.industry, row.location, row.website) if p))
        self.contacts_model.set_rows(self.services.contacts.of_company(company_id))
        self.applications_model.set_rows(self.services.applications.of_company(company_id))
        self.log.set_entries(self.services.interactions.for_company(company_id),
                             self.services.contacts)
        self.log.model.set_filter(self.log.search.text())

    def apply_changes(self, changes: Changes) -> None:
        if self.company_id is not None and changes.entity in (
                Entity.COMPANY, Entity.CONTACT, Entity.APPLICATION, Entity.INTERACTION):
            self.show_company(self.company_id)


class ContactDetailPane(_Pane):
    """The selected contact: who they are and every log entry with them."""

    sig_add_log_entry = Signal()

    def __init__(self, editor: RecordEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("contact_pane")
        self.services = editor.services
        self.contact_id: int | None = None
        self.log = LogPanel()
        self.log.sig_add_entry.connect(self.sig_add_log_entry)
        self.add_section("Log", self.log)

    def show_contact(self, contact_id: int | None) -> None:
        self.contact_id = contact_id
        if contact_id is None:
            return
        try:
            row = self.services.contacts.get(contact_id)
        except JobDeskError:
            self.contact_id = None
            return
        self.title.setText(row.name)
        self.subtitle.setText(" · ".join(p for p in (
            row.title, row.company_name, row.relationship.label, row.email, row.phone) if p))
        self.log.set_entries(self.services.interactions.for_contact(contact_id),
                             self.services.contacts)

    def apply_changes(self, changes: Changes) -> None:
        if self.contact_id is not None and changes.entity in (Entity.CONTACT,
                                                              Entity.INTERACTION):
            self.show_contact(self.contact_id)


class DetailStack(QStackedWidget):
    """The right-hand side: an empty hint, or the pane of the selected record."""

    def __init__(self, editor: RecordEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detail_stack")
        self.hint = QLabel("Select an application, company or contact to see its details, "
                           "log and events here.", alignment=Qt.AlignmentFlag.AlignCenter,
                           wordWrap=True)
        self.application = ApplicationDetailPane(editor)
        self.company = CompanyDetailPane(editor)
        self.contact = ContactDetailPane(editor)
        for w in (self.hint, self.application, self.company, self.contact):
            self.addWidget(w)
        self.setMinimumWidth(220)

    def show_record(self, entity: Entity | None, record_id: int | None, row: Any = None
                    ) -> None:
        """Show ``record_id``; ``row``: its row as a table holds it (not read again)."""
        if entity == Entity.APPLICATION and record_id is not None:
            # the one shown already has its log and events current (its change-sets)
            again = (record_id == self.application.application_id
                     and self.currentWidget() is self.application)
            self.application.show_application(record_id, related=not again, row=row)
            self.setCurrentWidget(self.application)
        elif entity == Entity.COMPANY and record_id is not None:
            self.company.show_company(record_id)
            self.setCurrentWidget(self.company)
        elif entity == Entity.CONTACT and record_id is not None:
            self.contact.show_contact(record_id)
            self.setCurrentWidget(self.contact)
        else:
            self.setCurrentWidget(self.hint)

    def apply_changes(self, changes: Changes) -> None:
        current = self.currentWidget()
        if current is not self.hint:
            current.apply_changes(changes)
        if current is not self.application:
            self.application.note_changes(changes)
