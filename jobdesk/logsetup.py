"""Logging to a rotating file in the data folder (``<data-dir>/logs/jobdesk.log``)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "jobdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5


def configure_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Add a rotating file handler to the root logger; return the log file (None when the
    folder cannot be written: logging then goes to stderr only)."""
    log_dir = Path(data_dir) / LOG_DIR_NAME
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path
