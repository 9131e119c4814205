from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

ICS = Path(__file__).resolve().parents[1] / "data" / "ics"
FIXED_NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)  # as tests/conftest.py


@pytest.fixture
def ics_dir() -> Path:
    return ICS


@pytest.fixture
def cal_services(db):
    """Services on a fixed clock, in Europe/Berlin, with the user's own address known."""
    from jobdesk.services.calendar import CalendarService
    from jobdesk.services.container import Services

    s = Services.build(db, clock=lambda: FIXED_NOW)
    s.calendar = CalendarService(s.store, s.bus, s.events, s.applications, s.contacts,
                                 clock=lambda: FIXED_NOW, zone="Europe/Berlin",
                                 own_addresses=lambda: ["me@candidate.example"])
    return s


@pytest.fixture
def app_row(cal_services):
    company = cal_services.companies.create(name="Brightlane Analytics")
    return cal_services.applications.create(company_id=company.id,
                                            job_title="Senior Data Analyst")
