"""Validators for references to other records (they must exist)."""

from __future__ import annotations

from typing import Any

from jobdesk.db.repo import Store
from jobdesk.domain.changes import Entity
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.text import record_noun
from jobdesk.services.validation import Validator


def reference(store: Store, entity: Entity, field: str, *, required: bool) -> Validator:
    def check(value: Any) -> int | None:
        if value is None or value == "":
            if required:
                raise ValidationError(field, f"a {record_noun(entity)} is required; pick one")
            return None
        try:
            record_id = int(value)
        except (TypeError, ValueError):
            raise ValidationError(field, f"{value!r} is not a {record_noun(entity)} id") from None
        if not store.existing_ids(entity, [record_id]):
            raise ValidationError(
                field, f"{record_noun(entity)} #{record_id} does not exist; pick an existing one")
        return record_id
    return check
