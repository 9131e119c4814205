"""What the follow-up rules are about and the numbers they run on: the kinds of action, how
urgent one is, the settings (with their sensible ranges) and what the user decided."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from jobdesk.domain.enums import ActionState
from jobdesk.domain.errors import ValidationError


class ActionKind(StrEnum):
    THANK_YOU = "thank_you"
    CHECK_IN = "check_in"
    MOVE_ON = "move_on"
    REVIEW = "review"
    REJECTION_REPLY = "rejection_reply"
    OFFER_DECISION = "offer_decision"
    NEXT_TARGET = "next_target"


class Urgency(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    LATER = "later"


@dataclass(frozen=True)
class FollowUpSettings:
    thank_you_within_days: int = 1
    thank_you_window_days: int = 10  # older interviews are not chased for a thank-you
    check_in_after_business_days: int = 1
    check_in_again_after_days: int = 7
    max_follow_ups: int = 3
    review_after_days: int = 14
    rejection_reply_window_days: int = 30
    offer_decide_days_before: int = 2
    min_active_applications: int = 5
    soon_days: int = 3
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("thank_you_within_days", "check_in_after_business_days",
                     "check_in_again_after_days", "max_follow_ups", "review_after_days",
                     "min_active_applications"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


#: The sensible range of every number in ``FollowUpSettings`` (inclusive); the settings
#: window's spin boxes use them and ``check_settings`` refuses anything outside.
SETTING_LIMITS: dict[str, tuple[int, int]] = {
    "thank_you_within_days": (0, 14),
    "thank_you_window_days": (1, 90),
    "check_in_after_business_days": (0, 30),
    "check_in_again_after_days": (1, 60),
    "max_follow_ups": (1, 10),
    "review_after_days": (1, 365),
    "rejection_reply_window_days": (1, 365),
    "offer_decide_days_before": (0, 60),
    "min_active_applications": (0, 100),
    "soon_days": (0, 30),
}


def check_settings(settings: FollowUpSettings) -> None:
    """Refuse a number outside ``SETTING_LIMITS`` or a holiday that is not a date."""
    for name, (low, high) in SETTING_LIMITS.items():
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(name, f"{value!r} is not a whole number")
        if not low <= value <= high:
            raise ValidationError(name, f"{value} is out of range; use {low} to {high}")
    for day in settings.holidays:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError("holidays", f"{day!r} is not a date")


@dataclass(frozen=True)
class Decision:
    """What the user did with an action: snoozed until a date, dismissed, or done."""

    state: ActionState
    until: date | None = None
