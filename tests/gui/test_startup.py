"""Start-up: what the first window does not use is not imported, the daily backup and the
database check run after the window is up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

LAZY_MODULES = ("icalendar", "jinja2", "keyring", "smtplib", "ssl", "email.message",
                "dateutil.rrule")


def test_the_first_window_on_an_empty_database_imports_no_mail_calendar_or_templates(tmp_path):
    script = textwrap.dedent(f"""
        import json, sys
        import jobdesk.app
        code = jobdesk.app.main(["--data-dir", {str(tmp_path / "data")!r}, "--smoke-test"])
        print(json.dumps({{"code": code,
                           "loaded": [m for m in {LAZY_MODULES!r} if m in sys.modules]}}))
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("JOBDESK_DATA_DIR", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"code": 0, "loaded": []}
