"""Composer figures on the demo data: building a note's context from the records plus
rendering a template (what happens when the composer opens or the template changes), and one
live-preview render (what happens per keystroke in the template editor).

    PYTHONPATH=. python tests/bench/bench_composer.py
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from jobdesk.db.database import DATABASE_FILE_NAME, open_database
from jobdesk.services.composer import render
from jobdesk.services.container import Services
from jobdesk.services.demo import load_demo


def main() -> None:
    now = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(path=Path(tmp) / DATABASE_FILE_NAME)
        s = Services.build(db, clock=lambda: now)
        load_demo(s, today=now.date())
        templates = s.composer.templates()
        apps = s.applications.list()
        start = time.perf_counter()
        n = 0
        for template in templates:
            for app in apps:
                context = s.composer.context(application_id=app.id, kind=template.kind)
                s.composer.render(template, context)
                n += 1
        per_note = (time.perf_counter() - start) / n * 1000
        print(f"context + render: {per_note:.2f} ms per note ({n} notes)")

        context = s.composer.context(application_id=apps[0].id)
        body = templates[0].body
        start = time.perf_counter()
        for i in range(200):  # a new source each time, as while typing: no compile cache hit
            render(templates[0].subject, body + " " * i, context.values, s.composer.env)
        print(f"live preview (parse + compile + render): "
              f"{(time.perf_counter() - start) / 200 * 1000:.2f} ms per keystroke")
        db.close()


if __name__ == "__main__":
    main()
