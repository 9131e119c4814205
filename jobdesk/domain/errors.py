"""Errors the user can act on (known) versus bugs. The UI shows known ones as messages."""

from __future__ import annotations


class JobDeskError(Exception):
    """A known, expected problem with a message fit to show the user."""


def user_message(field: str, message: str) -> str:
    """``message`` about ``field`` as one sentence for the user, naming the field by its label."""
    from jobdesk.domain.text import field_label

    label = field_label(field) if field else ""
    if not label or label.casefold() in message.casefold():
        return message[:1].upper() + message[1:]
    return f"{label}: {message}"


class ValidationError(JobDeskError, ValueError):
    """A value was refused. ``field`` names the field, ``message`` says what to do.

    ``str()`` names the field by the label the user sees ("Applied date: ..."), never by its
    internal name; a message that already names it ("no SMTP server is set") reads alone.
    """

    def __init__(self, field: str, message: str):
        super().__init__(user_message(field, message))
        self.field = field
        self.message = message


class NotFoundError(JobDeskError, LookupError):
    def __init__(self, entity: str, record_id: int):
        from jobdesk.domain.text import record_noun

        super().__init__(f"{record_noun(entity)} #{record_id} does not exist "
                         "(it may have been purged)")
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
