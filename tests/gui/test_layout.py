"""The window uses its space: no empty detail pane, columns that fit, a remembered splitter,
every board stage on screen, and cards moved with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import InteractionKind, Stage
from jobdesk.ui.column_fit import sample_rows, share_out
from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.settings import UiSettings

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _window(qtbot, services, data_dir, page=None):
    window = MainWindow(services, UiSettings.in_dir(data_dir))
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    if page is not None:
        window.tabs.setCurrentWidget(page(window))
    return window


def _drag(qtbot, widget, start: QPoint, end: QPoint) -> None:
    """Press, move with the button held, release: what a hand on the mouse does."""
    left = Qt.MouseButton.LeftButton
    for kind, pos, buttons in ((QEvent.Type.MouseButtonPress, start, left),
                               (QEvent.Type.MouseMove, (start + end) / 2, left),
                               (QEvent.Type.MouseMove, end, left),
                               (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)):
        point = QPointF(pos)
        QApplication.sendEvent(widget, QMouseEvent(
            kind, point, widget.mapToGlobal(point), left, buttons,
            Qt.KeyboardModifier.NoModifier))
        qtbot.wait(10)


def test_empty_detail_pane_gives_the_table_its_width(qtbot, demo_services, data_dir):
    window = _window(qtbot, demo_services, data_dir, lambda w: w.views[Entity.APPLICATION])
    view = window.views[Entity.APPLICATION]
    assert window.records.details.isHidden()  # nothing selected: no empty pane
    qtbot.waitUntil(lambda: view._fitted)
    header = view.table.horizontalHeader()
    assert header.length() <= view.table.viewport().width()
    assert not view.table.horizontalScrollBar().isVisible()
    widths = [view.table.columnWidth(c) for c in range(view.model.columnCount())]
    assert min(widths) > 40 and len(set(widths)) > 3  # fitted to content, not equal shares
    # a row selected by a click: its details show beside the table
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(view.model.index(0, 1)).center())
    assert not window.records.details.isHidden()
    assert window.records.details.currentWidget() is window.records.details.application
    # the columns share out the narrower width: still no horizontal scrolling
    qtbot.waitUntil(lambda: header.length() <= view.table.viewport().width()
                    and not view.table.horizontalScrollBar().isVisible())


def test_detail_pane_width_survives_a_restart(qtbot, demo_services, data_dir):
    window = _window(qtbot, demo_services, data_dir, lambda w: w.views[Entity.APPLICATION])
    view = window.views[Entity.APPLICATION]
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(view.model.index(0, 1)).center())
    details = window.records.details
    before = details.width()
    handle = window.records.splitter.handle(1)
    middle = QPoint(handle.width() // 2, handle.height() // 2)
    _drag(qtbot, handle, middle, middle + QPoint(-150, 0))
    wider = details.width()
    assert wider >= before + 100
    window.close()

    again = _window(qtbot, demo_services, data_dir, lambda w: w.views[Entity.APPLICATION])
    view = again.views[Entity.APPLICATION]
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(view.model.index(0, 1)).center())
    assert abs(again.records.details.width() - wider) <= 2


def test_every_board_stage_is_visible_in_a_1440_wide_window(qtbot, demo_services, data_dir):
    window = _window(qtbot, demo_services, data_dir, lambda w: w.records.board)
    board = window.records.board
    qtbot.waitUntil(lambda: board.scroll.viewport().width() > 1000)
    viewport = board.scroll.viewport()
    for stage, holder in board.holders.items():
        left = holder.mapTo(viewport, QPoint(0, 0))
        right = holder.mapTo(viewport, QPoint(holder.width() - 1, 0))
        assert viewport.rect().contains(left) and viewport.rect().contains(right), stage
        assert holder.width() >= holder.minimumWidth()
    assert board.scroll.horizontalScrollBar().maximum() == 0
    # with a card's details open beside the board, still every stage
    view = board.views[Stage.INTERVIEWING]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(board.columns[Stage.INTERVIEWING].index(0)).center())
    assert not window.records.details.isHidden()
    qtbot.waitUntil(lambda: board.scroll.horizontalScrollBar().maximum() == 0)


def test_ctrl_shift_right_moves_the_selected_card_and_ctrl_z_moves_it_back(
        qtbot, demo_services, data_dir):
    s = demo_services
    window = _window(qtbot, s, data_dir, lambda w: w.records.board)
    board = window.records.board
    column = board.columns[Stage.APPLIED]
    view = board.views[Stage.APPLIED]
    app_id = column.ids()[0]
    app = s.applications.get(app_id)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(column.index(0)).center())
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    assert s.applications.get(app_id).stage == Stage.SCREENING
    assert app_id in board.columns[Stage.SCREENING].ids()
    entry = s.interactions.for_application(app_id)[0]
    assert entry.kind == InteractionKind.STAGE_CHANGE and entry.summary == "Applied → Screening"
    assert window.records.undo_action.text() == (
        f"&Undo Move {app.job_title} at {app.company_name} to Screening")
    # the card stays selected in its new column: a second press moves it on again
    assert board.selected_ids() == [app_id]
    qtbot.keyClick(board.views[Stage.SCREENING], Qt.Key.Key_Right, CTRL_SHIFT)
    assert s.applications.get(app_id).stage == Stage.INTERVIEWING
    qtbot.keyClick(board.views[Stage.INTERVIEWING], Qt.Key.Key_Left, CTRL_SHIFT)
    assert s.applications.get(app_id).stage == Stage.SCREENING
    for _ in range(3):
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier)
    assert s.applications.get(app_id).stage == Stage.APPLIED
    assert app_id in board.columns[Stage.APPLIED].ids()
    assert all(e.kind != InteractionKind.STAGE_CHANGE or e.id != entry.id
               for e in s.interactions.for_application(app_id))


def test_arrow_keys_move_the_selection_between_board_columns(qtbot, demo_services, data_dir):
    window = _window(qtbot, demo_services, data_dir, lambda w: w.records.board)
    board = window.records.board
    view = board.views[Stage.APPLIED]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(board.columns[Stage.APPLIED].index(0)).center())
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert board.views[Stage.SCREENING].hasFocus()
    assert board.selected_ids() == [board.columns[Stage.SCREENING].ids()[0]]
    qtbot.keyClick(board.views[Stage.SCREENING], Qt.Key.Key_Left)
    assert board.views[Stage.APPLIED].hasFocus()


def test_share_out_caps_the_widest_columns_first():
    assert share_out([100, 200, 600], [50, 50, 50], 2000) == [100, 200, 600]
    widths = share_out([100, 200, 600], [50, 50, 120], 600)
    assert sum(widths) <= 600 and widths[0] == 100 and widths[2] >= 120
    assert sample_rows(10) == list(range(10))
    assert sample_rows(100_000) == list(range(100))


def test_a_record_opened_before_the_window_shows_gets_the_pane_its_width(
        qtbot, demo_services, data_dir):
    """`jobdesk --view applications` selects a row before the window is shown: the pane
    opens at its remembered width, not squeezed to its minimum."""
    window = MainWindow(demo_services, UiSettings.in_dir(data_dir))
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.records.set_view("applications", select_first=True)
    window.show()
    qtbot.waitExposed(window)
    details = window.records.details
    assert not details.isHidden()
    assert details.width() >= window.settings.details_width() - 10


def test_columns_follow_a_wider_window_until_the_user_sets_them(qtbot, demo_services, data_dir):
    window = MainWindow(demo_services, UiSettings.in_dir(data_dir))
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    view = window.views[Entity.APPLICATION]
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view._fitted)
    company = view.table.columnWidth(0)
    window.resize(1600, 900)  # maximised on a larger screen
    qtbot.waitUntil(lambda: view.table.columnWidth(0) > company, timeout=3000)
    header = view.table.horizontalHeader()
    assert header.length() <= view.table.viewport().width()
    # a divider dragged by hand: the user's widths stay through the next resize
    divider = QPoint(header.sectionViewportPosition(1) + header.sectionSize(1) - 1,
                     header.height() // 2)
    _drag(qtbot, header.viewport(), divider, divider + QPoint(60, 0))
    mine = view.table.columnWidth(1)
    window.resize(1200, 800)
    qtbot.wait(300)
    assert view.table.columnWidth(1) == mine
