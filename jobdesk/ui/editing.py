"""The one place the UI writes records: every write becomes an undo command on one stack.

Writes happen first (so a refused value is reported and never reaches the stack), then the
command is pushed already done. Known errors (validation, storage) become ``sig_error`` with
a message saying what was wrong; the database is unchanged and views keep the stored value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Stage
from jobdesk.domain.errors import DuplicateError, JobDeskError
from jobdesk.domain.text import plural
from jobdesk.services.container import Services
from jobdesk.ui.commands import (
    ArchiveCommand,
    CreateCommand,
    RestoreCommand,
    SetFieldCommand,
    StageCommand,
    UpdateCommand,
)


def move_text(row: Any, stage: Any) -> str:
    """'Move Data Analyst at Helix Biolabs to Screening' (the undo text of a stage move)."""
    return f"Move {row.job_title} at {row.company_name} to {Stage(stage).label}"


NOUNS = {Entity.APPLICATION: "application", Entity.COMPANY: "company",
         Entity.CONTACT: "contact", Entity.INTERACTION: "log entry", Entity.EVENT: "event",
         Entity.DOCUMENT: "document"}
PLURALS = {"company": "companies", "log entry": "log entries"}


class RecordEditor(QObject):
    sig_error = Signal(str, str)  # field, message
    sig_saved = Signal(str)  # what was done, for the status bar

    def __init__(self, services: Services, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.undo_stack = QUndoStack(self)
        self.last_error = ""

    def service(self, entity: Entity) -> Any:
        return {Entity.APPLICATION: self.services.applications,
                Entity.COMPANY: self.services.companies,
                Entity.CONTACT: self.services.contacts,
                Entity.INTERACTION: self.services.interactions,
                Entity.EVENT: self.services.events,
                Entity.DOCUMENT: self.services.documents}[entity]

    def _fail(self, exc: JobDeskError) -> None:
        field = getattr(exc, "field", "")
        message = getattr(exc, "message", None) or str(exc)
        self.last_error = message
        self.sig_error.emit(field, message)

    def _report(self, message: str) -> None:
        self.last_error = message
        self.sig_error.emit("", message)

    # ---- writes ---------------------------------------------------------------------------
    def set_field(self, entity: Entity, record_id: int, field: str, value: Any) -> bool:
        service = self.service(entity)
        try:
            # one write: the row before (for undo) and after come back with it
            if entity == Entity.APPLICATION and field == "stage":
                written, log_id = service.write_stage(record_id, value)
                before, after = written.before, written.row
                old, new = before.stage, after.stage
                filled = {f: getattr(before, f) for f in service.derived_fields
                          if getattr(after, f) != getattr(before, f)}
                command: SetFieldCommand = StageCommand(
                    service, record_id, old, new, log_entry_id=log_id,
                    on_error=self._report, done=True, restore=filled,
                    text=move_text(before, new))
            elif hasattr(service, "write"):
                written = service.write(record_id, **{field: value})
                old, new = getattr(written.before, field), getattr(written.row, field)
                command = SetFieldCommand(service, record_id, field, old, new,
                                          on_error=self._report, done=True)
            else:  # documents: not a record service
                old = getattr(service.get(record_id), field)
                new = getattr(service.set_field(record_id, field, value), field)
                command = SetFieldCommand(service, record_id, field, old, new,
                                          on_error=self._report, done=True)
        except JobDeskError as exc:
            self._fail(exc)
            return False
        if new != old:
            self.undo_stack.push(command)
        self.last_error = ""
        return True

    def create(self, entity: Entity, **values: Any) -> Any:
        """Create a record; returns its row, or None (with ``sig_error``) when refused."""
        try:
            row = self.service(entity).create(**values)
        except JobDeskError as exc:
            self._fail(exc)
            return None
        self.undo_stack.push(CreateCommand(self.service(entity), row.id, NOUNS[entity],
                                           on_error=self._report))
        self.sig_saved.emit(f"Created {NOUNS[entity]} #{row.id}")
        return row

    def update(self, entity: Entity, record_id: int, **values: Any) -> Any:
        """Save several fields of one record as one undo step; returns the row, or None
        (with ``sig_error``) when refused."""
        service = self.service(entity)
        try:
            before = service.get(record_id)
            row = service.update(record_id, **values)
        except JobDeskError as exc:
            self._fail(exc)
            return None
        old = {k: getattr(before, k) for k in values}
        new = {k: getattr(row, k) for k in values}
        changed = [k for k in values if old[k] != new[k]]
        if changed:
            self.undo_stack.push(UpdateCommand(
                service, record_id, {k: old[k] for k in changed}, {k: new[k] for k in changed},
                NOUNS[entity], on_error=self._report))
        self.last_error = ""
        return row

    @contextmanager
    def step(self, text: str) -> Iterator[list[bool]]:
        """Group the writes made inside into one undo step named ``text``. Set
        ``outcome[0] = False`` (``with editor.step(...) as outcome``) to take back what was
        written so far and leave no step; an empty step leaves none either."""
        stack = self.undo_stack
        outcome = [True]
        stack.beginMacro(text)
        try:
            yield outcome
        except BaseException:
            outcome[0] = False
            raise
        finally:
            stack.endMacro()
            macro = stack.command(stack.index() - 1)
            if macro is not None and (not outcome[0] or macro.childCount() == 0):
                macro.setObsolete(True)  # undone now, then dropped from the stack
                stack.undo()

    def company_for_name(self, name: str, *, create: bool = True) -> int | None:
        """The id of the company called ``name`` (ignoring case, spaces and suffixes such as
        Inc or GmbH); creates it when there is none and ``create`` is set."""
        name = name.strip()
        if not name:
            return None
        matches = self.services.companies.similar(name)
        if matches:
            active = [m for m in matches if m.archived_at is None] or matches
            return active[0].id
        if not create:
            return None
        row = self.create(Entity.COMPANY, name=name)
        return row.id if row else None

    def contact_for_name(self, name: str, company_id: int | None = None, *,
                         create: bool = True) -> int | None:
        from jobdesk.domain.text import fold

        name = name.strip()
        if not name:
            return None
        key = " ".join(fold(name).split())
        candidates = [c for c in self.services.contacts.list()
                      if " ".join(fold(c.name).split()) == key]
        same_company = [c for c in candidates if c.company_id == company_id]
        if same_company or candidates:
            return (same_company or candidates)[0].id
        if not create:
            return None
        row = self.create(Entity.CONTACT, name=name, company_id=company_id)
        return row.id if row else None

    def create_company(self, name: str, **values: Any) -> tuple[Any, list[Any]]:
        """(new row, []) or (None, similar existing companies) when the name matches one."""
        similar = self.services.companies.similar(name) if name.strip() else []
        if similar:
            return None, similar
        try:
            return self.create(Entity.COMPANY, name=name, **values), []
        except DuplicateError:  # pragma: no cover - similar() covers the unique key
            return None, similar

    def archive(self, entity: Entity, ids: Sequence[int]) -> bool:
        return self._push_now(ArchiveCommand(self.service(entity), ids, self._plural(entity, ids),
                                             on_error=self._report, done=True),
                              lambda: self.service(entity).archive(ids))

    def restore(self, entity: Entity, ids: Sequence[int]) -> bool:
        return self._push_now(RestoreCommand(self.service(entity), ids, self._plural(entity, ids),
                                             on_error=self._report, done=True),
                              lambda: self.service(entity).restore(ids))

    def purge(self, entity: Entity, ids: Sequence[int]) -> bool:
        """Delete archived records for good (not undoable; the caller confirms first)."""
        try:
            self.service(entity).purge(ids)
        except JobDeskError as exc:
            self._fail(exc)
            return False
        return True

    def purge_company_with_applications(self, company_id: int) -> bool:
        """Purge an archived company and all its applications (one transaction)."""
        try:
            self.services.companies.purge_with_applications([company_id])
        except JobDeskError as exc:
            self._fail(exc)
            return False
        return True

    def _push_now(self, command, action) -> bool:
        if not command.ids:
            return False
        try:
            action()
        except JobDeskError as exc:
            self._fail(exc)
            return False
        self.undo_stack.push(command)
        self.sig_saved.emit(command.text())
        return True

    @staticmethod
    def _plural(entity: Entity, ids: Sequence[int]) -> str:
        """'1 company', '3 companies', '2 log entries'."""
        noun = NOUNS[entity]
        return plural(len(ids), noun, PLURALS.get(noun))
