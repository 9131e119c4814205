"""Headless recovery, as real processes: `jobdesk backup`, `jobdesk restore`, a damaged
database at start (truncated, garbage header), and the data folder's lock (stale after a real
kill; refused while held by Qt's QLockFile)."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jobdesk.db.backup import integrity_problems
from jobdesk.db.database import DATABASE_FILE_NAME
from jobdesk.services.instance_lock import LOCK_FILE_NAME, DataDirLock, DataDirLockedError


def jobdesk(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("JOBDESK_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "jobdesk", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def companies(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM company").fetchone()[0]


@pytest.fixture
def demo_dir(tmp_path) -> Path:
    data = tmp_path / "data"
    result = jobdesk("--data-dir", str(data), "--demo", "--smoke-test")
    assert result.returncode == 0, result.stderr
    return data


def test_backup_and_restore_commands(demo_dir, tmp_path):
    out = tmp_path / "mine.sqlite3"
    result = jobdesk("--data-dir", str(demo_dir), "backup", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "integrity check ok" in result.stdout and "25 company" in result.stdout
    assert integrity_problems(out) == [] and companies(out) == 25
    again = jobdesk("--data-dir", str(demo_dir), "backup", "--output", str(out))
    assert again.returncode == 1 and "already exists" in again.stderr

    with sqlite3.connect(demo_dir / DATABASE_FILE_NAME) as conn:
        conn.execute("INSERT INTO company (name, name_key, match_key, website, industry, "
                     "location, notes, status, created_at, updated_at) SELECT 'Later', 'later', "
                     "'later', '', '', '', '', status, created_at, updated_at FROM company "
                     "LIMIT 1")
    assert companies(demo_dir / DATABASE_FILE_NAME) == 26
    result = jobdesk("--data-dir", str(demo_dir), "restore", str(out))
    assert result.returncode == 0, result.stderr
    assert companies(demo_dir / DATABASE_FILE_NAME) == 25
    safety = [p for p in (demo_dir / "backups").iterdir() if "before-restore" in p.name]
    assert len(safety) == 1 and companies(safety[0]) == 26


@pytest.mark.parametrize("damage", ["truncated", "garbage header"])
def test_damaged_database_at_start_is_never_written_and_the_restore_command_is_offered(
        demo_dir, damage):
    db_path = demo_dir / DATABASE_FILE_NAME
    assert jobdesk("--data-dir", str(demo_dir), "backup").returncode == 0
    # the start-up backup of the day stays beside it; the newest is the one just made
    backups = list((demo_dir / "backups").iterdir())
    assert len(backups) == 2
    (good_backup,) = (p for p in backups if p.name.endswith("-manual.sqlite3"))
    data = db_path.read_bytes()
    if damage == "truncated":
        db_path.write_bytes(data[: len(data) // 2 + 100])
    else:
        db_path.write_bytes(b"\x00garbage!" * 11 + data[100:])
    before = digest(db_path)

    result = jobdesk("--data-dir", str(demo_dir), "--smoke-test")
    assert result.returncode == 2
    assert "failed its check at start" in result.stderr
    assert f"restore {good_backup}" in result.stderr
    assert digest(db_path) == before  # never opened for writing
    headless = jobdesk("--data-dir", str(demo_dir), "backup")
    assert headless.returncode == 2 and "jobdesk --data-dir" in headless.stderr
    assert digest(db_path) == before

    result = jobdesk("--data-dir", str(demo_dir), "restore", str(good_backup))
    assert result.returncode == 0, result.stderr
    (moved,) = (p for p in demo_dir.glob(f"{DATABASE_FILE_NAME}.damaged-*")
                if not p.name.endswith(("-wal", "-shm")))
    assert digest(moved) == before  # kept, not deleted
    assert "the damaged database was kept as" in result.stdout
    assert integrity_problems(db_path) == [] and companies(db_path) == 25
    assert jobdesk("--data-dir", str(demo_dir), "--smoke-test").returncode == 0


HOLD_PYTHON_LOCK = """
import sys, time
from jobdesk.services.instance_lock import DataDirLock
lock = DataDirLock(sys.argv[1]); lock.acquire(); print("locked", flush=True); time.sleep(600)
"""
HOLD_QT_LOCK = """
import sys, time
from PySide6.QtCore import QCoreApplication, QLockFile
app = QCoreApplication([])
lock = QLockFile(sys.argv[1] + "/jobdesk.lock"); lock.setStaleLockTime(0)
assert lock.tryLock(0); print("locked", flush=True); time.sleep(600)
"""


def hold_lock(code: str, data: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", code, str(data)], stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.parametrize("code", [HOLD_PYTHON_LOCK, HOLD_QT_LOCK], ids=["python", "qt"])
def test_restore_is_refused_while_locked_and_a_killed_holder_leaves_a_stale_lock(
        demo_dir, tmp_path, code):
    out = tmp_path / "b.sqlite3"
    assert jobdesk("--data-dir", str(demo_dir), "backup", "--output", str(out)).returncode == 0
    before = digest(demo_dir / DATABASE_FILE_NAME)
    holder = hold_lock(code, demo_dir)
    try:
        result = jobdesk("--data-dir", str(demo_dir), "restore", str(out))
        assert result.returncode == 2
        assert f"process {holder.pid}" in result.stderr and "Nothing was changed" in result.stderr
        assert digest(demo_dir / DATABASE_FILE_NAME) == before
        with pytest.raises(DataDirLockedError):
            DataDirLock(demo_dir).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert (demo_dir / LOCK_FILE_NAME).exists()  # left behind by the killed run
    result = jobdesk("--data-dir", str(demo_dir), "restore", str(out))
    assert result.returncode == 0, result.stderr
    assert not (demo_dir / LOCK_FILE_NAME).exists()
