"""Shared fixtures. Qt runs offscreen; every database is a real SQLite file in tmp_path."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("JOBDESK_DATA_DIR", None)

FIXED_NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/gui" in Path(str(item.fspath)).as_posix():
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    return d


@pytest.fixture
def db(data_dir: Path):
    from jobdesk.db.database import DATABASE_FILE_NAME, open_database

    database = open_database(path=data_dir / DATABASE_FILE_NAME)
    yield database
    database.close()


@pytest.fixture
def services(db):
    from jobdesk.services.container import Services

    return Services.build(db)


@pytest.fixture
def demo_services(services):
    from jobdesk.services.demo import load_demo

    load_demo(services, today=FIXED_NOW.date())
    return services
