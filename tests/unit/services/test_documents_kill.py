"""SIGKILL a separate process while it stores a large file: after a restart no partial file is
visible and no row points at a missing file."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from jobdesk.services import document_files as files

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = r"""
import sys
from pathlib import Path
from jobdesk.db.database import DATABASE_FILE_NAME, open_database
from jobdesk.services.container import Services

data_dir, source, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
services = Services.build(open_database(path=data_dir / DATABASE_FILE_NAME), data_dir=data_dir)
company = services.companies.create(name="Acme")
app = services.applications.create(company_id=company.id, job_title="Analyst")

def progress(done, total):
    if mode == "copying" and done >= 8 * (1 << 20):
        print("copying", flush=True)
        sys.stdin.read()  # wait here until killed

stored = services.documents.ingest_job(source)(progress)
if mode == "placed":
    print("placed", flush=True)
    sys.stdin.read()
services.documents.attach(stored, app.id)
print("attached", flush=True)
sys.stdin.read()
"""


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("src") / "portfolio.pdf"
    block = os.urandom(1 << 20)
    with open(path, "wb") as fh:
        for i in range(40):
            fh.write(block[:-8] + i.to_bytes(8, "big"))
    return path


def run_and_kill(data_dir: Path, source: Path, mode: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir), str(source), mode],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = child.stdout.readline().strip()  # blocks until the child reached the point
        assert line == mode, child.stderr.read()
        child.send_signal(signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdin.close()
        child.stdout.close()
        child.stderr.close()


def restart(data_dir: Path):
    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.services.container import Services

    db = open_database(path=data_dir / DATABASE_FILE_NAME)
    services = Services.build(db, data_dir=data_dir)
    return db, services, services.documents.recover()


def visible_files(data_dir: Path) -> list[str]:
    return sorted(os.listdir(data_dir / "documents"))


@pytest.mark.parametrize("mode", ["copying", "placed", "attached"])
def test_kill_while_storing(tmp_path, big_file, mode):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    run_and_kill(data_dir, big_file, mode)
    if mode == "copying":  # the half-written temp file is there until the restart
        assert any(n.startswith(files.TEMP_PREFIX) for n in visible_files(data_dir))

    db, services, report = restart(data_dir)
    try:
        names = visible_files(data_dir)
        assert not any(n.startswith(files.TEMP_PREFIX) for n in names)
        assert report.missing == ()
        library = services.documents.library()
        # every row's file is there, complete
        for doc in library:
            for version in doc.versions:
                stored = data_dir / "documents" / version.sha256
                assert hashlib.sha256(stored.read_bytes()).hexdigest() == version.sha256
        expected = hashlib.sha256(big_file.read_bytes()).hexdigest()
        if mode == "copying":
            assert names == [] and library == [] and report.removed_temp_files == 1
        elif mode == "placed":  # the file is whole, the row was never written: reused later
            assert names == [expected] and library == [] and report.unreferenced == 1
            again = services.documents.ingest_job(big_file)()
            assert again.new is False
        else:
            assert names == [expected]
            assert [v.sha256 for v in library[0].versions] == [expected]
            assert len(services.documents.for_application(library[0].application_ids and
                                                          min(library[0].application_ids))) == 1
    finally:
        db.close()
