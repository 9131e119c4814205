"""Small document actions shared by the library and the documents panel: open with the
system's default program, and mime data for dragging documents out of JobDesk."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QDesktopServices

from jobdesk.domain.errors import JobDeskError
from jobdesk.services.container import Services
from jobdesk.services.document_files import DocumentFileError, copy_for_drag

_drag_dir: Path | None = None


def drag_folder() -> Path:
    """A per-run temporary folder for named copies handed to other programs."""
    global _drag_dir
    if _drag_dir is None:
        _drag_dir = Path(tempfile.mkdtemp(prefix="jobdesk-drag-"))
    return _drag_dir


def open_version(services: Services, version_id: int) -> str:
    """Open a stored version with the system's default program; return an error message
    (empty when it opened). The program gets a named copy, so it cannot change the stored
    file and shows the original file name."""
    try:
        info = services.documents.version_info(version_id)
        path = services.documents.path_of(version_id)
        if info.missing:
            raise DocumentFileError(info.original_name, "the stored copy is missing from the "
                                                        "data folder; use Replace version")
        copy = copy_for_drag(path, drag_folder() / f"v{version_id}", info.original_name)
    except (JobDeskError, OSError) as exc:
        return str(exc)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
        return f"No program is set up to open {info.original_name} ({info.mime_type})."
    return ""


def mime_for_versions(services: Services, version_ids: Iterable[int]) -> QMimeData | None:
    """File URLs of named copies (the original file names), for dragging out."""
    urls = []
    for version_id in version_ids:
        try:
            info = services.documents.version_info(version_id)
            if info.missing:
                continue
            copy = copy_for_drag(services.documents.path_of(version_id),
                                 drag_folder() / f"v{version_id}", info.original_name)
        except (JobDeskError, OSError):
            continue
        urls.append(QUrl.fromLocalFile(str(copy)))
    if not urls:
        return None
    mime = QMimeData()
    mime.setUrls(urls)
    mime.setText("\n".join(u.toLocalFile() for u in urls))
    return mime
