"""The command line, run as a real process: smoke test, demo, and files it must not touch."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jobdesk import __version__
from jobdesk.db.database import DATABASE_FILE_NAME
from jobdesk.db.migrations import LATEST_VERSION


def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    env.pop("JOBDESK_DATA_DIR", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "jobdesk", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_smoke_test_builds_the_window_and_stores_the_demo(tmp_path):
    data = tmp_path / "d"
    result = run("--data-dir", str(data), "--demo", "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "smoke test ok" in result.stdout
    with sqlite3.connect(data / DATABASE_FILE_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM company").fetchone()[0] == 25
        assert conn.execute("SELECT COUNT(*) FROM contact").fetchone()[0] == 60
        assert conn.execute("SELECT COUNT(*) FROM application").fetchone()[0] == 80
        stages = {r[0] for r in conn.execute("SELECT DISTINCT stage FROM application")}
        assert len(stages) == 9
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    # a second --demo leaves the existing data alone
    again = run("--data-dir", str(data), "--demo", "--smoke-test")
    assert again.returncode == 0
    assert "already has records" in again.stderr
    with sqlite3.connect(data / DATABASE_FILE_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM application").fetchone()[0] == 80


def test_data_dir_from_environment(tmp_path):
    data = tmp_path / "env-dir"
    result = run("--smoke-test", env_extra={"JOBDESK_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert (data / DATABASE_FILE_NAME).exists()


def test_database_url(tmp_path):
    target = tmp_path / "elsewhere.sqlite3"
    result = run("--data-dir", str(tmp_path / "d"), "--database", f"sqlite:///{target}",
                 "--demo", "--smoke-test")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT COUNT(*) FROM application").fetchone()[0] == 80


def test_version_and_help():
    assert run("--version").stdout.strip() == f"jobdesk {__version__}"
    help_text = run("--help").stdout
    for option in ("--data-dir", "--database", "--demo", "--smoke-test"):
        assert option in help_text


@pytest.mark.parametrize("content, reason", [
    (b"This is my resume, not a database\n" * 50, "not a JobDesk database"),
    (b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 200, "truncated"),
])
def test_damaged_database_is_refused_and_left_untouched(tmp_path, content, reason):
    data = tmp_path / "d"
    data.mkdir()
    db_file = data / DATABASE_FILE_NAME
    db_file.write_bytes(content)
    before = digest(db_file)
    result = run("--data-dir", str(data), "--smoke-test")
    assert result.returncode == 2
    assert reason in result.stderr
    assert digest(db_file) == before
    assert not (data / (DATABASE_FILE_NAME + "-wal")).exists()


def test_database_from_newer_version_is_refused(tmp_path):
    data = tmp_path / "d"
    assert run("--data-dir", str(data), "--smoke-test").returncode == 0
    db_file = data / DATABASE_FILE_NAME
    with sqlite3.connect(db_file) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    before = digest(db_file)
    result = run("--data-dir", str(data), "--smoke-test")
    assert result.returncode == 2
    assert "newer JobDesk" in result.stderr
    assert digest(db_file) == before


def test_unwritable_data_dir_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("--data-dir", str(blocker / "data"), "--smoke-test")
    assert result.returncode == 2
    assert "cannot create the data folder" in result.stderr
    assert blocker.read_text() == "not a folder"
