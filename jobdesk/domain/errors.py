"""Errors the user can act on (known) versus bugs. The UI shows known ones as messages."""

from __future__ import annotations


class JobDeskError(Exception):
    """A known, expected problem with a message fit to show the user."""


class ValidationError(JobDeskError, ValueError):
    """A value was refused. ``field`` names the field, ``message`` says what to do."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(JobDeskError, LookupError):
    def __init__(self, entity: str, record_id: int):
        super().__init__(f"{entity} #{record_id} does not exist (it may have been purged)")
        self.entity = entity
        self.record_id = record_id


class DuplicateError(ValidationError):
    """A unique value (such as a company name) is taken; ``existing_id`` is the holder."""

    def __init__(self, field: str, message: str, existing_id: int | None = None):
        super().__init__(field, message)
        self.existing_id = existing_id


class StorageError(JobDeskError):
    """The database could not be read or written (disk full, read-only, locked, damaged)."""


class DatabaseOpenError(StorageError):
    """The database file cannot be opened safely; it has not been touched."""


class DatabaseTooNewError(DatabaseOpenError):
    pass


class DatabaseDamagedError(DatabaseOpenError):
    pass
