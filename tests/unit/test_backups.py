"""Backups: the backup API copy, its check, rotation with a fixed clock, restore."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jobdesk.db.backup import BackupError, integrity_problems, write_backup
from jobdesk.db.database import DATABASE_FILE_NAME
from jobdesk.services.backups import (
    BackupInfo,
    BackupService,
    RotationPolicy,
    open_with_backups,
    select_to_keep,
)
from jobdesk.services.container import Services

T0 = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_backup_is_a_verified_self_contained_copy_of_the_live_database(data_dir):
    clock = FakeClock(T0)
    db, backups, err = open_with_backups(data_dir, clock=clock)
    assert err is None
    services = Services.build(db, clock)
    services.companies.create(name="Acme")
    info = backups.create()
    assert info.path.parent == data_dir / "backups"
    assert info.reason == "manual" and info.size > 0
    assert integrity_problems(info.path) == []
    assert count(info.path, "company") == 1
    assert not Path(f"{info.path}-wal").exists()
    with sqlite3.connect(info.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert BackupService.summarize(info.path).counts["company"] == 1
    db.close()


def test_a_copy_that_fails_its_integrity_check_is_deleted_and_reported(tmp_path, monkeypatch):
    src = tmp_path / "src.sqlite3"
    with sqlite3.connect(src) as conn:
        conn.execute("CREATE TABLE x (a)")
    import jobdesk.db.backup as backup_module

    monkeypatch.setattr(backup_module, "integrity_problems",
                        lambda path: ["*** in database main *** Page 3: never used"])
    dest = tmp_path / "b" / "copy.sqlite3"
    with pytest.raises(BackupError, match="failed its integrity check"):
        write_backup(src, dest)
    assert not dest.exists()
    assert list((tmp_path / "b").iterdir()) == []


def test_daily_backup_on_start_only_when_the_newest_is_older_than_a_day(data_dir):
    clock = FakeClock(T0)
    db, backups, _ = open_with_backups(data_dir, clock=clock)
    db.close()
    assert [b.reason for b in backups.list()] == ["daily"]
    clock.now = T0 + timedelta(hours=23)
    db, backups, _ = open_with_backups(data_dir, clock=clock)
    db.close()
    assert len(backups.list()) == 1
    clock.now = T0 + timedelta(days=1, minutes=1)
    db, backups, _ = open_with_backups(data_dir, clock=clock)
    db.close()
    assert len(backups.list()) == 2


def test_backup_before_a_schema_migration(data_dir):
    from jobdesk.db import migrations
    from jobdesk.db.database import sqlite_database

    # a version-1 database with data in it, as an older JobDesk left it
    old = sqlite_database(data_dir / DATABASE_FILE_NAME)
    old.connect()
    migrations.migrate(old, target=1)
    old.execute_sql("INSERT INTO company (name, name_key, match_key, website, industry, "
                    "location, notes, status, created_at, updated_at) VALUES ('Old Co', "
                    "'old co', 'old co', '', '', '', '', 'target', '2025-01-01T00:00:00Z', "
                    "'2025-01-01T00:00:00Z')")
    old.close()
    assert migrations.LATEST_VERSION > 1
    clock = FakeClock(T0)
    db, backups, _ = open_with_backups(data_dir, clock=clock, daily=False)
    db.close()
    (info,) = backups.list()
    assert info.reason == "before-migration"
    summary = BackupService.summarize(info.path)
    assert summary.schema_version == 1 and summary.counts["company"] == 1


def _infos(*stamps: tuple[datetime, str]) -> list[BackupInfo]:
    return [BackupInfo(Path(f"/b/{when:%Y%m%d%H%M}-{reason}"), when, reason, 1)
            for when, reason in stamps]


def test_rotation_keeps_daily_weekly_monthly_with_a_fixed_clock():
    now = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
    # one backup every day for a year, two on the newest day
    stamps = [(now - timedelta(days=d), "daily") for d in range(365)]
    stamps.append((now - timedelta(hours=2), "manual"))
    infos = _infos(*stamps)
    keep = select_to_keep(infos, RotationPolicy(7, 4, 6), now)
    kept = sorted((i for i in infos if i.path in keep), key=lambda i: i.created_at)
    days = [i.created_at.date() for i in kept]
    # the last 7 days (the newest of 30 June is the noon one, not the 10:00 one)
    assert all((now.date() - timedelta(days=d)) in days for d in range(7))
    assert (now - timedelta(hours=2)).date() == now.date()
    # a backup made earlier on the same day is kept (a manual one never removes the
    # start-up one); on older days only the newest of the day stays
    assert _infos((now - timedelta(hours=2), "manual"))[0].path in keep
    # the newest of each of the last 4 ISO weeks (Sundays, newest first) and 6 months
    # weekly: the newest of the 4 newest ISO weeks: Tue 30 June, Sun 28, 21 and 14 June
    for day in (30, 28, 21, 14):
        assert datetime(2026, 6, day, 12, 0, tzinfo=UTC) in [i.created_at for i in kept]
    assert datetime(2026, 6, 13, 12, 0, tzinfo=UTC) not in [i.created_at for i in kept]
    months = {(i.created_at.year, i.created_at.month) for i in kept}
    assert len(months) == 6
    assert datetime(2026, 1, 31, 12, 0, tzinfo=UTC) in [i.created_at for i in kept]
    # today's manual one, 2 more weeks, 5 more month-ends (June is in daily)
    assert len(kept) == 1 + 7 + 2 + 5


def test_rotation_keeps_recent_safety_copies_and_never_everything():
    now = T0
    infos = _infos((now - timedelta(days=400), "daily"),
                   (now - timedelta(hours=3), "before-restore"),
                   (now - timedelta(hours=1), "manual"))
    keep = select_to_keep(infos, RotationPolicy(1, 0, 0), now)
    assert {i.reason for i in infos if i.path in keep} == {"before-restore", "manual"}
    old = _infos((now - timedelta(days=400), "daily"))
    assert select_to_keep(old, RotationPolicy(1, 0, 0), now) == {old[0].path}


def test_rotation_on_disk_uses_the_policy_stored_in_the_database(data_dir):
    clock = FakeClock(T0)
    db, backups, _ = open_with_backups(data_dir, clock=clock, daily=False)
    assert backups.policy() == RotationPolicy(7, 4, 6)
    backups.set_policy(RotationPolicy(daily=2, weekly=0, monthly=0))
    for d in range(5):
        clock.now = T0 + timedelta(days=d)
        backups.create("daily")
    assert [b.created_at for b in backups.list()] == [T0 + timedelta(days=4),
                                                      T0 + timedelta(days=3)]
    with pytest.raises(ValueError, match="whole number"):
        backups.set_policy(RotationPolicy(daily=-1))
    with pytest.raises(ValueError, match="at least one"):
        backups.set_policy(RotationPolicy(0, 0, 0))
    db.close()


def test_restore_backs_up_the_current_state_then_replaces_it(data_dir):
    clock = FakeClock(T0)
    db, backups, _ = open_with_backups(data_dir, clock=clock, daily=False)
    services = Services.build(db, clock)
    services.companies.create(name="Before")
    first = backups.create()
    clock.now = T0 + timedelta(minutes=5)
    services.companies.create(name="After")
    result = backups.restore(first.path, close_database=db.close)
    assert db.is_closed()
    assert result.safety_copy is not None and result.safety_copy.reason == "before-restore"
    assert count(result.safety_copy.path, "company") == 2
    assert result.damaged_moved_to is None
    db, backups, _ = open_with_backups(data_dir, clock=clock, daily=False)
    names = [c.name for c in Services.build(db, clock).companies.list()]
    assert names == ["Before"]
    assert integrity_problems(data_dir / DATABASE_FILE_NAME) == []
    db.close()


def test_restore_refuses_a_bad_backup_and_changes_nothing(data_dir, tmp_path):
    db, backups, _ = open_with_backups(data_dir, clock=FakeClock(T0), daily=False)
    Services.build(db).companies.create(name="Keep me")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError, match="not a usable backup"):
        backups.restore(bad, close_database=db.close)
    assert not db.is_closed()
    assert backups.list() == []
    with pytest.raises(BackupError, match="does not exist"):
        backups.restore(tmp_path / "missing.sqlite3")
    db.close()


def test_back_up_now_keeps_the_start_up_backup_and_earlier_manual_ones_of_the_day(data_dir):
    """Real files: the start-up backup, then "Back up now" twice the same day; all three
    stay. The next day's start-up backup collapses that day to its newest."""
    clock = FakeClock(T0)
    db, backups, _ = open_with_backups(data_dir, clock=clock)
    (startup,) = backups.list()
    assert startup.reason == "daily"
    clock.now = T0 + timedelta(hours=2)
    first = backups.create()
    clock.now = T0 + timedelta(hours=3)
    second = backups.create()
    names = {b.path for b in backups.list()}
    assert names == {startup.path, first.path, second.path}
    assert all(p.exists() for p in names)
    db.close()
    clock.now = T0 + timedelta(days=1, hours=4)  # more than a day after the newest
    db, backups, _ = open_with_backups(data_dir, clock=clock)
    kept = {b.path for b in backups.list()}
    assert second.path in kept and startup.path not in kept and first.path not in kept
    assert len(kept) == 2
    db.close()
