"""``jobdesk export --format ics`` and ``jobdesk import FILE.ics``, run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import icalendar

ROOT = Path(__file__).resolve().parents[3]
ICS = ROOT / "tests" / "data" / "ics"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("JOBDESK_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "jobdesk", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_import_then_export_from_the_command_line(tmp_path, services):
    company = services.companies.create(name="Brightlane Analytics")
    app = services.applications.create(company_id=company.id, job_title="Data Analyst")
    services.store.db.close()
    data_dir = tmp_path / "data"
    done = run(data_dir, "import", str(ICS / "several_events.ics"), "--application", str(app.id))
    assert done.returncode == 0, done.stderr
    assert "2 events added" in done.stdout
    out = tmp_path / "out.ics"
    done = run(data_dir, "export", "--format", "ics", "--output", str(out), "--application",
               str(app.id))
    assert done.returncode == 0, done.stderr
    assert "wrote 2 events" in done.stdout
    uids = {str(v["UID"]) for v in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert uids == {"loop-1@example.org", "loop-2@example.org"}
    again = run(data_dir, "export", "--format", "ics", "--output", str(out), "--application",
                str(app.id))
    assert again.returncode == 1
    assert "out.ics: already exists" in again.stderr


def test_import_errors_name_the_file_and_exit_nonzero(tmp_path):
    done = run(tmp_path / "data", "import", str(ICS / "not_a_calendar.ics"), "--application", "1")
    assert done.returncode == 1
    assert "not_a_calendar.ics: is not an iCalendar (.ics) file" in done.stderr
    assert "Traceback" not in done.stderr
    missing = run(tmp_path / "data", "import", str(tmp_path / "nope.ics"))
    assert missing.returncode == 1
    assert "nope.ics: cannot be read" in missing.stderr


def test_cli_never_imports_qt():
    code = ("import sys, jobdesk.cli.calendar_export, jobdesk.cli.calendar_import; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.stdout.strip() == "False"


def test_export_all_or_upcoming_with_the_windows_reminder_lead(tmp_path, services):
    from datetime import UTC, datetime

    company = services.companies.create(name="Helix Biolabs")
    app = services.applications.create(company_id=company.id, job_title="Data Analyst")
    past = services.events.create(application_id=app.id, kind="interview",
                                  title="Interview: Data Analyst",
                                  starts_at=datetime(2020, 5, 4, 9, tzinfo=UTC), timezone="UTC")
    later = services.events.create(application_id=app.id, kind="interview", title="Final",
                                   starts_at=datetime(2099, 5, 4, 9, tzinfo=UTC),
                                   timezone="UTC")
    services.store.db.close()
    data_dir = tmp_path / "data"
    (data_dir / "jobdesk.ini").write_text("[calendar]\nreminder_minutes=15\n")

    def export(*flags):
        out = tmp_path / f"out{'_'.join(flags) or '_default'}.ics"
        done = run(data_dir, "export", "--output", str(out), *flags)
        assert done.returncode == 0, done.stderr
        return icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"), done.stdout

    events, stdout = export()
    assert [str(v["UID"]) for v in events] == [later.uid] and "wrote 1 event to" in stdout
    events, _ = export("--upcoming")
    assert [str(v["UID"]) for v in events] == [later.uid]
    events, stdout = export("--all")
    assert {str(v["UID"]) for v in events} == {past.uid, later.uid} and "2 events" in stdout
    assert [a["TRIGGER"].to_ical() for v in events for a in v.walk("VALARM")] == [b"-PT15M"] * 2
    assert {str(v["SUMMARY"]) for v in events} == {
        "Interview: Data Analyst at Helix Biolabs", "Final: Data Analyst at Helix Biolabs"}
    events, _ = export("--all", "--reminder", "5")
    assert {a["TRIGGER"].to_ical() for v in events for a in v.walk("VALARM")} == {b"-PT5M"}
    both = run(data_dir, "export", "--output", str(tmp_path / "x.ics"), "--all", "--upcoming")
    assert both.returncode == 2 and "not allowed with" in both.stderr
