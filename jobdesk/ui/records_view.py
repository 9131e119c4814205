"""A searchable table of one entity, with empty states that say what to do next."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.domain.text import plural
from jobdesk.ui.column_fit import fit_columns
from jobdesk.ui.table_model import RecordTableModel

SINGULAR = {"applications": "application", "companies": "company", "contacts": "contact"}


def count_text(count: int, noun: str) -> str:
    """'1 company', '2 companies' for a view's plural ``noun``."""
    return plural(count, SINGULAR.get(noun, noun), noun)


class EmptyState(QWidget):
    """A centred message with an optional action button."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.button = QPushButton()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(row)
        layout.addStretch(2)

    def show_message(self, title: str, body: str, button_text: str = "") -> None:
        self.title.setText(title)
        self.body.setText(body)
        self.button.setText(button_text)
        self.button.setVisible(bool(button_text))


class RecordsView(QWidget):
    """Search field + table over one ``RecordTableModel``.

    ``noun`` is the plural shown in messages ("applications"); ``empty_hint`` says how to add
    the first record.
    """

    sig_empty_action = Signal()  # the empty state's button (for example: load demo data)
    sig_activated = Signal(int)  # a record id was double-clicked or Enter pressed

    def __init__(self, model: RecordTableModel, noun: str, empty_hint: str,
                 empty_action: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.noun = noun
        self._empty_hint = empty_hint
        self._empty_action = empty_action

        self.search = QLineEdit(placeholderText=f"Search {noun}…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName(f"search_{noun}")
        self.search.textChanged.connect(self._on_search_text_changed)

        self.table = QTableView()
        self.table.setObjectName(f"table_{noun}")
        self.table.setModel(model)
        # no sort until the user picks one (Qt's default indicator would sort column 0 down)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        vheader = self.table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        for i, column in enumerate(model.columns):
            self.table.setColumnWidth(i, column.width)
        # widths fit the content once there is some and the view has its width (unless the
        # user's own layout was restored); header.sectionResized by hand keeps them after
        self._fitted = False
        self._user_widths = False  # a restored layout or a column the user resized
        self._fitting = False
        header.sectionResized.connect(self._on_section_resized)
        self._refit = QTimer(self, singleShot=True, interval=120)
        self._refit.timeout.connect(lambda: self.fit_columns(again=True))
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.empty = EmptyState()
        self.empty.button.clicked.connect(self._on_empty_button_clicked)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.stack, 1)

        model.sig_counts_changed.connect(self._on_model_counts_changed)
        self._on_model_counts_changed(model.visible_count(), model.total_count())

    # ---- state --------------------------------------------------------------------------
    def header_state(self) -> QByteArray:
        return self.table.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray | None) -> None:
        if state:
            self._fitted = self._user_widths = True  # the user's widths
            self.table.horizontalHeader().restoreState(state)
            header = self.table.horizontalHeader()
            if header.sortIndicatorSection() >= 0:
                self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:
            QTimer.singleShot(0, self.fit_columns)  # once the layout has given the width

    def fit_columns(self, *, again: bool = False) -> None:
        """Column widths fitted to the header and a sample of rows, within the view; with
        ``again``, once more for a new width (the detail pane opened or closed), unless the
        user has set widths of their own."""
        if (self._fitted and not again) or self._user_widths or not self.isVisible() \
                or self.model.rowCount() == 0:
            return
        self._fitted = True
        self._fitting = True
        try:
            fit_columns(self.table)
        finally:
            self._fitting = False

    def _on_section_resized(self, logical: int, *_args) -> None:
        header = self.table.horizontalHeader()
        if header.stretchLastSection() and logical == header.count() - 1:
            return  # the last column taking up a new width of the window, not a drag
        if not self._fitting and self._fitted:
            self._user_widths = True  # a drag on a header divider

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # a wider or narrower window (maximised, say): fitted columns share out the new width
        if self._fitted and not self._user_widths \
                and abs(event.size().width() - event.oldSize().width()) > 8:
            self._refit.start()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selection(self):
        """The selected rows (or the current one when none is selected)."""
        from jobdesk.ui.selection import Selection

        ids = self.selected_ids()
        if not ids:
            index = self.table.currentIndex()
            if index.isValid():
                ids = [self.model.id_at(index.row())]
        return Selection(self.model.entity, tuple(ids))

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(r) for r in rows]

    # ---- handlers -----------------------------------------------------------------------
    def _on_search_text_changed(self, text: str) -> None:
        self.model.set_filter(text)

    def _on_table_double_clicked(self, index) -> None:
        if index.isValid():
            self.sig_activated.emit(self.model.id_at(index.row()))

    def _on_empty_button_clicked(self) -> None:
        if self.model.total_count() == 0:
            self.sig_empty_action.emit()
        else:
            self.search.clear()

    def _on_model_counts_changed(self, visible: int, total: int) -> None:
        if total == 0:
            self.empty.show_message(f"No {self.noun} yet", self._empty_hint, self._empty_action)
            self.stack.setCurrentWidget(self.empty)
            self.search.setEnabled(False)
        elif visible == 0:
            self.empty.show_message(
                f"No {self.noun} match “{self.search.text().strip()}”",
                "Try fewer or shorter words, or clear the search to see "
                + ("the one in the list." if total == 1 else f"all {count_text(total, self.noun)}.")
                , "Clear search")
            self.stack.setCurrentWidget(self.empty)
            self.search.setEnabled(True)
        else:
            self.stack.setCurrentWidget(self.table)
            self.search.setEnabled(True)
            if not self._fitted and self.isVisible():
                QTimer.singleShot(0, self.fit_columns)
