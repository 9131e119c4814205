"""Normalised keys for search and duplicate detection (Unicode-aware, unlike SQLite NOCASE)."""

from __future__ import annotations

import re
import unicodedata

_COMPANY_SUFFIXES = {
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas",
    "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "aps", "co", "corp", "corporation",
    "company", "pty", "kg", "se", "kk", "pte", "group",
}


def fold(text: str | None) -> str:
    """Case-fold and strip accents: 'ZÜRICH' and 'zurich' give the same key."""
    if not text:
        return ""
    # casefold first: it spells out letters that decomposing would reduce to a mark
    # ('ᾳ' -> 'αι', like its upper case 'ΑΙ'); casefold again for what NFKD produced
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Turkish dotless 'ı' upper-cases to 'I': 'Işık' and 'IŞIK' must share a key
    return stripped.casefold().replace("ı", "i")


def company_key(name: str | None) -> str:
    """Key under which two company names count as the same company.

    Ignores case, accents, punctuation, spacing and legal suffixes: 'ACME Inc.', 'Acme' and
    'acme, ltd' share one key. Falls back to the plain folded name when only a suffix is left
    (a company called 'Group').
    """
    words = re.findall(r"\w+", fold(name))
    core = list(words)
    while len(core) > 1 and core[-1] in _COMPANY_SUFFIXES:
        core.pop()
    return "".join(core) or "".join(words)


def search_terms(query: str) -> list[str]:
    """Split a typed query into folded terms; every term must match (AND)."""
    return [t for t in fold(query).split() if t]


def human_size(size: int) -> str:
    """'512 bytes', '1.5 KB', '48.0 MB' (binary multiples, as file managers show them)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 company', '2 companies', '1,204 applications': the count with its noun agreed.

    ``many`` defaults to ``one + "s"``; give it for irregular plurals.
    """
    noun = one if count == 1 else (many if many is not None else one + "s")
    return f"{count:,} {noun}"


# what the user sees for a stored field (the table headers and form labels), so that no
# message and no undo text shows an internal name such as "applied_on" or "smtp.host"
FIELD_LABELS: dict[str, str] = {
    "company_id": "Company", "company": "Company", "contact_id": "Contact",
    "contact": "Contact", "application_id": "Application", "application": "Application",
    "referral_contact_id": "Referred by", "job_title": "Job title", "stage": "Stage",
    "source": "Source", "applied_on": "Applied date",
    "response_promised_on": "Answer promised date", "salary_range": "Salary",
    "posting_url": "Posting URL", "job_description": "Job description", "notes": "Notes",
    "name": "Name", "status": "Status", "industry": "Industry", "location": "Location",
    "website": "Website", "title": "Title", "relationship": "Relationship",
    "email": "E-mail", "phone": "Phone", "profile_url": "Profile URL", "kind": "Kind",
    "direction": "Direction", "occurred_at": "Date", "summary": "Summary", "body": "Text",
    "starts_at": "Start", "ends_at": "End", "all_day": "All day", "timezone": "Time zone",
    "uid": "Calendar UID", "label": "Label", "max_size": "Size limit", "subject": "Subject",
    "recipient": "Recipient", "template": "Template", "template_key": "Template",
    "until": "Until", "reason": "Reason", "note": "Note", "questions": "Questions",
    "outbox": "Outbox", "holidays": "Holidays",
    "smtp.host": "SMTP server", "smtp.port": "SMTP port", "smtp.security": "SMTP security",
    "smtp.user": "SMTP user name", "smtp.from_address": "From address",
    "smtp.timeout_seconds": "SMTP timeout",
    "thank_you_within_days": "Send a thank-you within (days)",
    "thank_you_window_days": "Stop proposing a thank-you after (days)",
    "check_in_after_business_days": "Check in after the promised date (business days)",
    "check_in_again_after_days": "Check in again after (days)",
    "max_follow_ups": "Suggest moving on after (unanswered check-ins)",
    "review_after_days": "Review an application after (days)",
    "rejection_reply_window_days": "Propose a reply to a rejection for (days)",
    "offer_decide_days_before": "Decide on an offer (days before its deadline)",
    "min_active_applications": "Keep at least (applications going)",
    "soon_days": "Show what comes up in the next (days)",
}


# what the user calls each kind of record (the stored names are not all words they use)
RECORD_NOUNS: dict[str, str] = {"interaction": "log entry", "outbox": "note",
                                "action": "suggested action", "template": "template"}


def record_noun(entity: str) -> str:
    """'log entry' for 'interaction'; other record kinds are named as they are stored."""
    value = str(getattr(entity, "value", entity))
    return RECORD_NOUNS.get(value, value.replace("_", " "))


def field_label(field: str) -> str:
    """The label the user sees for ``field`` ('applied_on' -> 'Applied date')."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    words = field.rpartition(".")[2].removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def in_sentence(label: str) -> str:
    """A label inside a sentence: 'Applied date' -> 'applied date', 'SMTP server' stays."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]
