"""Crash safety: a process making committed edits is killed with SIGKILL at random moments;
every edit it reported as committed must be there afterwards and the file must be intact."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jobdesk.db.backup import integrity_problems
from jobdesk.db.database import DATABASE_FILE_NAME, open_database

KILLS = 20
WRITER = Path(__file__).with_name("edit_loop.py")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_committed_edits_loses_nothing_reported(data_dir):
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    db_path = data_dir / DATABASE_FILE_NAME
    total_reported = 0
    for run in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(WRITER), str(data_dir), str(run)],
                                stdout=subprocess.PIPE, text=True, env=env)
        reported_ids: list[int] = []
        last_notes = None
        target = rng.randint(1, 60)  # edits to see reported before the kill is armed
        assert proc.stdout.readline().startswith("ready")
        while len(reported_ids) < target:
            line = proc.stdout.readline()
            assert line, "the writer stopped on its own"
            kind, value = line.split()
            if kind == "company":
                reported_ids.append(int(value))
            else:
                last_notes = value
        # the writer keeps committing while we decide: the kill lands at a random point of
        # its loop (inside a transaction, during a commit, between edits)
        time.sleep(rng.uniform(0, 0.02))
        proc.send_signal(signal.SIGKILL)
        # what it printed before it died was reported as committed too
        rest, _ = proc.communicate(timeout=30)
        for line in rest.splitlines():
            kind, value = line.split()
            if kind == "company":
                reported_ids.append(int(value))
            else:
                last_notes = value
        assert proc.returncode == -signal.SIGKILL
        total_reported += len(reported_ids)

        # restart: the safe open (read-only check first, then WAL recovery) must succeed
        db = open_database(path=db_path)
        db.close()
        assert integrity_problems(db_path) == []
        with sqlite3.connect(db_path) as conn:
            present = {r[0] for r in conn.execute("SELECT id FROM company")}
            notes = conn.execute("SELECT notes FROM company WHERE name = 'Anchor'").fetchone()[0]
        missing = set(reported_ids) - present
        assert not missing, f"run {run}: committed companies lost: {sorted(missing)}"
        if last_notes is not None:
            r, i = (int(x) for x in notes.split(":"))
            lr, li = (int(x) for x in last_notes.split(":"))
            assert (r, i) >= (lr, li), f"run {run}: notes went back from {last_notes} to {notes}"
    assert total_reported >= KILLS
