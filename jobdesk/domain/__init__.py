"""Pure Python: enums, frozen row dataclasses, change-sets, errors and rules."""
