"""``jobdesk attach`` on a real data folder."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from jobdesk.app import main


def seed(data_dir) -> int:
    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.services.container import Services

    db = open_database(path=data_dir / DATABASE_FILE_NAME)
    services = Services.build(db)
    company = services.companies.create(name="Acme")
    app_id = services.applications.create(company_id=company.id, job_title="Analyst").id
    db.close()
    return app_id


def test_attach_links_files_and_reports_bad_ones(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    app_id = seed(data)
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"resume")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    code = main(["--data-dir", str(data), "attach", str(cv), str(empty),
                 "--application", str(app_id), "--label", "Resume - data v3"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Stored “Resume - data v3” v1 and attached it to application" in out
    assert "empty.pdf: the file is empty" in err
    digest = hashlib.sha256(b"resume").hexdigest()
    assert (data / "documents" / digest).read_bytes() == b"resume"

    assert main(["--data-dir", str(data), "attach", str(cv), "--application",
                 str(app_id)]) == 0
    assert "was already attached" in capsys.readouterr().out


def test_attach_to_unknown_application(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    seed(data)
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"resume")
    assert main(["--data-dir", str(data), "attach", str(cv), "--application", "999"]) == 1
    assert "application #999 does not exist" in capsys.readouterr().err
    assert not (data / "documents").exists() or not any((data / "documents").iterdir())


def test_attach_runs_without_qt(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"resume")
    code = ("import sys, jobdesk.app as a; rc = a.main(sys.argv[1:]); "
            "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code, "--data-dir", str(data), "attach",
                             str(cv)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Stored “cv” v1 in the library." in result.stdout
