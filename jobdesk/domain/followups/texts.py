"""The words: each proposal's title and reason, written from its facts when read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from jobdesk.domain.followups.settings import ActionKind
from jobdesk.domain.rows import ApplicationRow


class Proposed(Protocol):
    """What the words are written from (a ``Proposal``)."""

    application: ApplicationRow | None
    facts: tuple

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _fmt(day: date) -> str:
    """'Mon 2 Mar' (English, like the rest of the text; strftime is 10x slower)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def _who(app: ApplicationRow) -> str:
    return f"{app.job_title} at {app.company_name}"


# ---- the words --------------------------------------------------------------------------------

def _thank_you_text(p: Proposed) -> tuple[str, str]:
    (day,) = p.facts
    return (f"Send a thank-you: {_who(p.application)}",
            f"You interviewed on {_fmt(day)}. A short thank-you within 24 hours that restates "
            "why you fit keeps you in mind.")


def _check_in_text(p: Proposed) -> tuple[str, str]:
    promised, sent, last, most = p.facts
    if sent == 0:
        reason = (f"They said you would hear by {_fmt(promised)} and you have not. Check in "
                  "one business day later: short, friendly, restating your interest.")
    else:
        reason = (f"No answer to your check-in of {_fmt(last)}. Check in again about a week "
                  f"later ({sent} of {most} sent).")
    return f"Check in #{sent + 1}: {_who(p.application)}", reason


def _move_on_text(p: Proposed) -> tuple[str, str]:
    promised, sent = p.facts
    return (f"Move on: {_who(p.application)}",
            f"They promised an answer by {_fmt(promised)} and {sent} check-ins went unanswered. "
            "Mark it 'no response', keep the contact warm, and put the energy into your next "
            "target.")


def _review_text(p: Proposed) -> tuple[str, str]:
    last, today = p.facts
    idle = (today - last).days
    return (f"Review: {_who(p.application)}",
            f"Nothing has happened for {idle} days (last activity {_fmt(last)}). Follow up, "
            "find a contact there, or close it and move on.")


def _rejection_text(p: Proposed) -> tuple[str, str]:
    return (f"Reply graciously: {_who(p.application)}",
            "A rejection is not the end of the relationship. Thank them, ask to be kept in mind "
            "for future roles, and ask what would have made you a stronger candidate.")


def _offer_text(p: Proposed) -> tuple[str, str]:
    deadline, in_play = p.facts
    others = in_play.others(p.application.company_id)
    shown = ", ".join(others[:8]) + (f" and {len(others) - 8} more" if len(others) > 8 else "")
    tell = (" Tell the other companies in play that you have an offer: " + shown + "."
            ) if others else ""
    return (f"Decide on the offer: {_who(p.application)}",
            f"The offer expires on {_fmt(deadline)}. Decide before then.{tell}")


def _next_target_text(p: Proposed) -> tuple[str, str]:
    return "Line up the next target", p.facts[0]


_TEXT: dict[ActionKind, Callable[[Proposed], tuple[str, str]]] = {
    ActionKind.THANK_YOU: _thank_you_text, ActionKind.CHECK_IN: _check_in_text,
    ActionKind.MOVE_ON: _move_on_text, ActionKind.REVIEW: _review_text,
    ActionKind.REJECTION_REPLY: _rejection_text, ActionKind.OFFER_DECISION: _offer_text,
    ActionKind.NEXT_TARGET: _next_target_text,
}
