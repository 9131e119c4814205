"""Vocabularies stored as text values (portable across database engines)."""

from __future__ import annotations

from enum import StrEnum


def _key(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, value: object, field: str):
        """Return the member for ``value`` or raise a ValidationError naming ``field``."""
        from jobdesk.domain.errors import ValidationError
        from jobdesk.domain.text import field_label, in_sentence

        if isinstance(value, cls):
            return value
        text = _key(str(value or ""))
        for member in cls:
            if text in (member.value, member.name.lower(), _key(member.label)):
                return member
        allowed = ", ".join(m.label.lower() for m in cls)
        raise ValidationError(
            field, f"unknown {in_sentence(field_label(field))} {value!r}; use one of: {allowed}")


class Stage(_Labelled):
    INTERESTED = "interested"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    NO_RESPONSE = "no_response"

    @property
    def is_open(self) -> bool:
        """Still in play: the company may yet answer or the user may yet act."""
        return self in OPEN_STAGES

    @property
    def rank(self) -> int:
        """How far along the pipeline this stage is (for sorting and stage-reached reports)."""
        return _STAGE_RANK[self]


OPEN_STAGES = frozenset(
    {Stage.INTERESTED, Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER}
)
ACTIVE_STAGES = frozenset({Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER})
_STAGE_RANK = {
    Stage.INTERESTED: 0,
    Stage.APPLIED: 1,
    Stage.NO_RESPONSE: 1,
    Stage.WITHDRAWN: 1,
    Stage.REJECTED: 1,
    Stage.SCREENING: 2,
    Stage.INTERVIEWING: 3,
    Stage.OFFER: 4,
    Stage.ACCEPTED: 5,
}


class CompanyStatus(_Labelled):
    TARGET = "target"
    ACTIVE = "active"
    PAUSED = "paused"
    MOVED_ON = "moved_on"


class Relationship(_Labelled):
    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    REFERRAL = "referral"
    PEER = "peer"
    OTHER = "other"


class Source(_Labelled):
    REFERRAL = "referral"
    JOB_BOARD = "job_board"
    COMPANY_SITE = "company_site"
    RECRUITER = "recruiter"
    NETWORKING = "networking"
    OTHER = "other"


class InteractionKind(_Labelled):
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    INTERVIEW = "interview"
    NOTE = "note"
    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    REJECTION = "rejection"
    OFFER = "offer"
    STAGE_CHANGE = "stage_change"


class Direction(_Labelled):
    INCOMING = "in"
    OUTGOING = "out"
    INTERNAL = "internal"

    @property
    def label(self) -> str:
        return {"in": "Incoming", "out": "Outgoing", "internal": "Own note"}[self.value]


class EventKind(_Labelled):
    INTERVIEW = "interview"
    DEADLINE = "deadline"
    FOLLOW_UP = "follow_up"
    OFFER_DEADLINE = "offer_deadline"
    OTHER = "other"


class DocumentKind(_Labelled):
    RESUME = "resume"
    COVER_LETTER = "cover_letter"
    PORTFOLIO = "portfolio"
    OFFER_LETTER = "offer_letter"
    OTHER = "other"


class OutboxStatus(_Labelled):
    DRAFT = "draft"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DISCARDED = "discarded"  # the user gave up on it (kept, so the discard can be undone)
    COPIED = "copied"  # copied to the clipboard, not yet confirmed sent ("Sent it")
    OPENED = "opened"  # opened in the mail program, not yet confirmed sent ("Sent it")

    @property
    def handed_over(self) -> bool:
        """Left JobDesk by hand (clipboard, mail program): sent only once the user says so."""
        return self in (OutboxStatus.COPIED, OutboxStatus.OPENED)


class ActionState(_Labelled):
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"
    DONE = "done"
