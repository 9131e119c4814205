"""Open the composer with a rendered thank-you for the demo's first interviewing application
(with an interview behind it), over the main window, on a fresh temporary database.

    /work/shared/tools/xshot docs/composer.png 6 -- python packaging/composer_screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from jobdesk.db.database import DATABASE_FILE_NAME, open_database
from jobdesk.domain.enums import EventKind, Stage
from jobdesk.services.base import utcnow
from jobdesk.services.container import Services
from jobdesk.services.demo import load_demo
from jobdesk.ui.composer import ComposerWindow
from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.settings import UiSettings


def main() -> int:
    app = QApplication(sys.argv[:1])
    data_dir = Path(tempfile.mkdtemp(prefix="jobdesk-shot-"))
    services = Services.build(open_database(path=data_dir / DATABASE_FILE_NAME))
    load_demo(services)
    window = MainWindow(services, UiSettings.in_dir(data_dir), location=str(data_dir))
    window.resize(1100, 700)
    window.show()
    now = utcnow()
    event = next(e for a in services.applications.list() if a.stage == Stage.INTERVIEWING
                 for e in services.events.for_application(a.id)
                 if e.kind == EventKind.INTERVIEW and e.starts_at <= now and e.interviewer_ids)
    composer = ComposerWindow(services, event_id=event.id, template_key="thank_you",
                              parent=window)
    composer.move(window.x() + 200, window.y() + 60)
    composer.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
