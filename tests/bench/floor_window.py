"""The bare floor for start-up figures: QApplication + QMainWindow + QTableView over the
application rows of a JobDesk file (stdlib sqlite3, joined with the company name), shown and
painted, then exit. Prints ``window shown at epoch=...`` like ``jobdesk --smoke-test``.

    python tests/bench/floor_window.py DATA_DIR
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

HEADERS = ("Company", "Job title", "Stage", "Applied", "Source")
QUERY = ("SELECT c.name, a.job_title, a.stage, a.applied_on, a.source FROM application a "
         "JOIN company c ON c.id = a.company_id WHERE a.archived_at IS NULL ORDER BY a.id")


class RowsModel(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.rows[index.row()][index.column()]
            return "" if value is None else str(value)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


def main() -> int:
    path = Path(sys.argv[1]) / "jobdesk.sqlite3"
    app = QApplication([sys.argv[0]])
    rows = []
    if path.exists():
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute(QUERY).fetchall()
        except sqlite3.OperationalError:  # an empty file: no tables yet
            rows = []
        conn.close()
    window = QMainWindow()
    view = QTableView()
    view.setModel(RowsModel(rows))
    window.setCentralWidget(view)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    view.viewport().repaint()
    print(f"floor ok: window shown at epoch={time.time():.4f}; {len(rows)} applications")
    return 0


if __name__ == "__main__":
    sys.exit(main())
