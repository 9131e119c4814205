"""Undo commands. They carry record ids, never rows (rows move under sort and filter).

Each command's first ``redo()`` is skipped when the change was already written by the
caller (``done=True``): the editor writes first, so a refused value never reaches the
stack. Later redo/undo call the services, which publish Changes; every view refreshes by id.
A failure during undo/redo goes to ``on_error`` and leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.text import field_label

ErrorSink = Callable[[str], None]
_SET_FIELD_ID = 1001


class _Command(QUndoCommand):
    def __init__(self, text: str, on_error: ErrorSink | None, done: bool):
        super().__init__(text)
        self._skip_redo = done
        self._on_error = on_error or (lambda message: None)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guard(self._redo)

    def undo(self) -> None:
        self._guard(self._undo)

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except JobDeskError as exc:
            self._on_error(f"{self.text()} could not be applied: {exc}")

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class SetFieldCommand(_Command):
    """One field of one record; consecutive edits of the same cell merge into one step."""

    def __init__(self, service: Any, record_id: int, field: str, old: Any, new: Any, *,
                 on_error: ErrorSink | None = None, done: bool = False):
        super().__init__(f"Change {field_label(field)}", on_error, done)
        self.service, self.record_id, self.field = service, record_id, field
        self.old, self.new = old, new

    def id(self) -> int:
        return _SET_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetFieldCommand) or isinstance(other, StageCommand):
            return False
        if (other.service is not self.service or other.record_id != self.record_id
                or other.field != self.field):
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True

    def _redo(self) -> None:
        self.service.set_field(self.record_id, self.field, self.new)

    def _undo(self) -> None:
        self.service.set_field(self.record_id, self.field, self.old)


class StageCommand(SetFieldCommand):
    """A stage move: redo logs it ("Applied → Interviewing"), undo removes that entry and
    puts back what the move filled (the applied date of a move to Applied)."""

    def __init__(self, service: Any, record_id: int, old: Any, new: Any, *,
                 log_entry_id: int | None = None, on_error: ErrorSink | None = None,
                 done: bool = False, restore: dict[str, Any] | None = None, text: str = ""):
        super().__init__(service, record_id, "stage", old, new, on_error=on_error, done=done)
        self.setText(text or "Move stage")
        self.log_entry_id = log_entry_id
        self.restore = dict(restore or {})  # fields the move filled, with their value before

    def id(self) -> int:
        return -1  # never merged: each move has its own log entry

    def _redo(self) -> None:
        self.log_entry_id = self.service.move_stage(self.record_id, self.new)

    def _undo(self) -> None:
        self.service.undo_stage_move(self.record_id, self.old, self.log_entry_id, self.restore)
        self.log_entry_id = None


class CreateCommand(_Command):
    """Undo archives the new record, redo restores it (its id stays the same)."""

    def __init__(self, service: Any, record_id: int, noun: str, *,
                 on_error: ErrorSink | None = None, done: bool = True):
        super().__init__(f"New {noun}", on_error, done)
        self.service, self.record_id = service, record_id

    def _redo(self) -> None:
        self.service.restore([self.record_id])

    def _undo(self) -> None:
        self.service.archive([self.record_id])


class UpdateCommand(_Command):
    """Several fields of one record saved together (an event from its dialog): undo puts
    every one of them back at once."""

    def __init__(self, service: Any, record_id: int, old: dict[str, Any], new: dict[str, Any],
                 noun: str, *, on_error: ErrorSink | None = None, done: bool = True):
        super().__init__(f"Edit {noun}", on_error, done)
        self.service, self.record_id = service, record_id
        self.old, self.new = dict(old), dict(new)

    def _redo(self) -> None:
        self.service.update(self.record_id, **self.new)

    def _undo(self) -> None:
        self.service.update(self.record_id, **self.old)


class ArchiveCommand(_Command):
    def __init__(self, service: Any, ids: Sequence[int], noun: str, *,
                 on_error: ErrorSink | None = None, done: bool = False):
        super().__init__(f"Archive {noun}", on_error, done)
        self.service, self.ids = service, list(ids)

    def _redo(self) -> None:
        self.service.archive(self.ids)

    def _undo(self) -> None:
        self.service.restore(self.ids)


class RestoreCommand(_Command):
    def __init__(self, service: Any, ids: Sequence[int], noun: str, *,
                 on_error: ErrorSink | None = None, done: bool = False):
        super().__init__(f"Restore {noun}", on_error, done)
        self.service, self.ids = service, list(ids)

    def _redo(self) -> None:
        self.service.restore(self.ids)

    def _undo(self) -> None:
        self.service.archive(self.ids)


class DecisionCommand(_Command):
    """Snooze or dismiss a proposed action on Today: undo brings the action back (and takes
    the log entry the decision wrote away), redo decides again."""

    def __init__(self, text: str, decide: Callable[[], Any], undo: Callable[[Any], None],
                 record: Any, *, on_error: ErrorSink | None = None, done: bool = True):
        super().__init__(text, on_error, done)
        self._decide, self._undo_with, self.record = decide, undo, record

    def _redo(self) -> None:
        self.record = self._decide()

    def _undo(self) -> None:
        self._undo_with(self.record)
