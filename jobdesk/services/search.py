"""Per-application search text beyond the application's own fields: the company's location
and industry, the names of the company's contacts and of the referral contact, and the text
of its log entries.

Built once in bulk (a few queries over all rows) and refreshed by id when the change bus
reports a change, so a keystroke in the search field never touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobdesk.db.search_queries import SearchQueries
from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.text import fold


def _fold(text: str) -> str:
    return text.casefold() if text.isascii() else fold(text)


class ApplicationSearch:
    def __init__(self, db) -> None:
        self.q = SearchQueries(db)

    def texts(self, ids: Iterable[int] | None = None) -> dict[int, str]:
        """Folded extra search text per application id (all active ones when ``ids`` is None)."""
        apps = self.q.applications(ids)  # (id, company_id, referral_id)
        if not apps:
            return {}
        app_ids = [a[0] for a in apps] if ids is not None else None
        company_ids = {a[1] for a in apps} if ids is not None else None
        people: dict[int, list[str]] = {}
        names: dict[int, str] = {}
        for contact_id, company_id, name in self.q.contacts(
                company_ids, {a[2] for a in apps if a[2]} if ids is not None else None):
            names[contact_id] = name
            if company_id is not None:
                people.setdefault(company_id, []).append(name)
        company_text = {cid: _fold(" ".join(n)) for cid, n in people.items()}
        for company_id, industry, location in self.q.companies(company_ids):
            place = _fold(f"{location} {industry}".strip())
            if place:
                company_text[company_id] = f"{place} {company_text.get(company_id, '')}".strip()
        logs: dict[int, list[str]] = {}
        for app_id, summary, body in self.q.log_texts(app_ids):
            parts = logs.setdefault(app_id, [])
            parts.append(summary)
            if body:
                parts.append(body)
        out: dict[int, str] = {}
        for app_id, company_id, referral_id in apps:
            pieces = [company_text.get(company_id, "")]
            if referral_id and referral_id in names:
                pieces.append(_fold(names[referral_id]))
            log = logs.get(app_id)
            if log:
                pieces.append(_fold(" ".join(log)))
            out[app_id] = " ".join(p for p in pieces if p)
        return out

    def affected(self, changes: Changes) -> set[int]:
        """Application ids whose extra search text may have changed with ``changes``."""
        if changes.entity == Entity.INTERACTION:
            return self.q.applications_of_interactions(changes.ids)
        if changes.entity == Entity.CONTACT:
            return self.q.applications_of_contacts(changes.ids)
        if (changes.entity == Entity.APPLICATION and not changes.structural
                and changes.fields & {"company_id", "referral_contact_id", "stage",
                                      "company_location", "company_industry"}):
            return set(changes.ids)
        return set()
