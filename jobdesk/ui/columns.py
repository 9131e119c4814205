"""Columns and search text of the three record tables."""

from __future__ import annotations

from jobdesk.domain.rows import ApplicationRow, CompanyRow, ContactRow
from jobdesk.ui.table_model import Column, fmt_date


def _label(value) -> str:
    return value.label if value is not None else ""


APPLICATION_COLUMNS: list[Column[ApplicationRow]] = [
    Column("company", "Company", lambda r: r.company_name, width=180,
           edit_field="company_id"),
    Column("job_title", "Job title", lambda r: r.job_title, width=220, edit_field="job_title"),
    Column("stage", "Stage", lambda r: r.stage.label, sort_value=lambda r: r.stage.rank,
           width=110, edit_field="stage"),
    Column("source", "Source", lambda r: r.source.label, width=110, edit_field="source"),
    Column("applied_on", "Applied", lambda r: fmt_date(r.applied_on),
           sort_value=lambda r: r.applied_on, width=100, edit_field="applied_on"),
    Column("response_promised_on", "Answer promised", lambda r: fmt_date(r.response_promised_on),
           sort_value=lambda r: r.response_promised_on, width=120,
           edit_field="response_promised_on"),
    Column("salary_range", "Salary", lambda r: r.salary_range, width=110,
           edit_field="salary_range"),
    Column("posting_url", "Posting", lambda r: r.posting_url, width=200,
           edit_field="posting_url"),
    Column("updated_at", "Updated", lambda r: fmt_date(r.updated_at),
           sort_value=lambda r: r.updated_at, width=130),
]

COMPANY_COLUMNS: list[Column[CompanyRow]] = [
    Column("name", "Company", lambda r: r.name, width=200, edit_field="name"),
    Column("status", "Status", lambda r: r.status.label, width=100, edit_field="status"),
    Column("open_applications", "Open applications", lambda r: str(r.open_applications),
           sort_value=lambda r: r.open_applications, width=120),
    Column("industry", "Industry", lambda r: r.industry, width=160, edit_field="industry"),
    Column("location", "Location", lambda r: r.location, width=120, edit_field="location"),
    Column("website", "Website", lambda r: r.website, width=200, edit_field="website"),
]

CONTACT_COLUMNS: list[Column[ContactRow]] = [
    Column("name", "Name", lambda r: r.name, width=170, edit_field="name"),
    Column("company", "Company", lambda r: r.company_name, width=180,
           edit_field="company_id"),
    Column("title", "Role", lambda r: r.title, width=180, edit_field="title"),
    Column("relationship", "Relationship", lambda r: r.relationship.label, width=120,
           edit_field="relationship"),
    Column("email", "E-mail", lambda r: r.email, width=220, edit_field="email"),
    Column("phone", "Phone", lambda r: r.phone, width=130, edit_field="phone"),
]


def application_search_text(r: ApplicationRow) -> str:
    return " ".join((r.company_name, r.job_title, r.stage.label, r.source.label, r.notes,
                     r.salary_range))


def company_search_text(r: CompanyRow) -> str:
    return " ".join((r.name, r.status.label, r.industry, r.location, r.website, r.notes))


def contact_search_text(r: ContactRow) -> str:
    return " ".join((r.name, r.company_name, r.title, r.relationship.label, r.email, r.phone,
                     r.notes))
