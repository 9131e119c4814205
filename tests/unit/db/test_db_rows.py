"""Rows are read by name: each SELECT names its columns after the row's fields, in their order."""

from __future__ import annotations

import dataclasses

import pytest

from jobdesk.db import schema as t
from jobdesk.db.rowmap import select_list as _columns
from jobdesk.domain.rows import ApplicationRow, CompanyRow


def test_a_select_list_in_another_order_than_the_row_is_refused():
    a = t.Application
    names = [f.name for f in dataclasses.fields(ApplicationRow)]
    columns = {n: getattr(a, n.removesuffix("_id"), a.id) for n in names}
    assert len(_columns(ApplicationRow, **columns)) == len(names)
    swapped = dict(reversed(list(columns.items())))
    with pytest.raises(TypeError, match="ApplicationRow columns"):
        _columns(ApplicationRow, **swapped)
    with pytest.raises(TypeError):  # a field left out
        _columns(CompanyRow, id=t.Company.id, name=t.Company.name)


def test_rows_read_back_what_was_written(services):
    acme = services.companies.create(name="Acme", website="https://acme.test",
                                     industry="Maps", location="Oslo")
    person = services.contacts.create(name="Ada", company_id=acme.id, email="ada@acme.test")
    app = services.applications.create(company_id=acme.id, job_title="Analyst",
                                       stage="applied", salary_range="50-60k")
    company = services.companies.get(acme.id)
    assert (company.name, company.website, company.industry, company.location,
            company.open_applications) == ("Acme", "https://acme.test", "Maps", "Oslo", 1)
    contact = services.contacts.get(person.id)
    assert (contact.company_id, contact.company_name, contact.name, contact.email) == (
        acme.id, "Acme", "Ada", "ada@acme.test")
    row = services.applications.get(app.id)
    assert (row.company_id, row.company_name, row.job_title, row.stage, row.salary_range) == (
        acme.id, "Acme", "Analyst", "applied", "50-60k")
    assert row.archived_at is None and row.created_at.tzinfo is not None
