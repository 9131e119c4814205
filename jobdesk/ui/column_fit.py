"""Column widths that fit their content, computed cheaply: the header text and a sample of
rows (never ``ResizeToContents``, which measures every row on every layout: 0.3 s at 100k).

The widths are then shared out so that the table fits the width it has: columns wider than
the others give way first (down to their header), so a long URL column does not push the
dates off screen.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QTableView

SAMPLE_ROWS = 100  # the rows at the top: the ones on screen first (already fetched)
CELL_PADDING = 18  # the view's cell margins and a little air
HEADER_PADDING = 28  # room for the sort indicator
MAX_CHARS = 40  # no column is made wider than this many average characters


def sample_rows(count: int, size: int = SAMPLE_ROWS) -> list[int]:
    """Up to ``size`` row numbers out of ``count``, from the top (rows spread over a large
    table would each be fetched from the database just to be measured)."""
    return list(range(min(count, size)))


def content_widths(table: QTableView) -> tuple[list[int], list[int]]:
    """(wanted width, header width) of each column of ``table``'s model."""
    model: QAbstractItemModel = table.model()
    cells = table.fontMetrics()
    header = table.horizontalHeader()
    heads = header.fontMetrics()
    cap = cells.averageCharWidth() * MAX_CHARS
    rows = sample_rows(model.rowCount())
    wanted, minimum = [], []
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        head = heads.horizontalAdvance(title) + HEADER_PADDING
        widest = 0
        for row in rows:
            text = model.data(model.index(row, column))
            if text:
                widest = max(widest, cells.horizontalAdvance(str(text)))
        minimum.append(head)
        wanted.append(max(head, min(widest + CELL_PADDING, cap)))
    return wanted, minimum


def share_out(wanted: list[int], minimum: list[int], available: int) -> list[int]:
    """``wanted`` widths, the widest capped at one common width so that the sum fits in
    ``available`` (no column below its ``minimum``); unchanged when they fit already."""
    if sum(wanted) <= available:
        return list(wanted)
    low, high = 0, max(wanted)
    while low < high:  # the largest cap that fits
        cap = (low + high + 1) // 2
        if sum(max(min(w, cap), m) for w, m in zip(wanted, minimum, strict=True)) <= available:
            low = cap
        else:
            high = cap - 1
    return [max(min(w, low), m) for w, m in zip(wanted, minimum, strict=True)]


def fit_columns(table: QTableView) -> list[int]:
    """Set ``table``'s column widths to fit their content in the width the view has."""
    wanted, minimum = content_widths(table)
    scroll = table.verticalScrollBar()
    available = table.viewport().width()
    if not scroll.isVisible():  # it will show once rows fill the view: keep room for it
        available -= scroll.sizeHint().width()
    widths = share_out(wanted, minimum, max(available - 2, 0))
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return widths
