"""Where things live: resources (source tree, installed prefix or frozen bundle) and data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "JOBDESK_DATA_DIR"


def resources_dir() -> Path:
    """The ``resources/`` folder, found the same way from source, installed and frozen."""
    candidates = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    candidates.append(Path(sys.prefix) / "share" / "jobdesk" / "resources")
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError(
        "JobDesk's resources folder is missing (looked in: "
        + ", ".join(str(c) for c in candidates) + "); reinstall JobDesk")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir_from(argument: str | None) -> Path | None:
    """``--data-dir`` wins, then ``JOBDESK_DATA_DIR``; None means the platform default."""
    value = argument or os.environ.get(DATA_DIR_ENV)
    return Path(value).expanduser().resolve() if value else None
