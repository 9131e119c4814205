"""How JobDesk's secondary windows behave, in one place: Esc closes them, and they open
inside the screen of the main window (clamped to its available area, centred on their parent).

``WindowKeeper`` watches the main window's child windows as they are made, so a new window
(the composer, the outbox, a dialog added next year) gets this without code of its own. Dialogs
already close on Esc (``QDialog.reject``); for plain top-level widgets an Esc that no widget
inside took (a popup, an editor being cancelled) reaches the window, which closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QWidget


def fit_inside(rect: QRect, area: QRect) -> QRect:
    """``rect`` made no larger than ``area`` and moved so that it lies inside it."""
    width, height = min(rect.width(), area.width()), min(rect.height(), area.height())
    x = min(max(rect.x(), area.left()), area.left() + area.width() - width)
    y = min(max(rect.y(), area.top()), area.top() + area.height() - height)
    return QRect(x, y, width, height)


def place_inside_screen(window: QWidget, anchor: QWidget | None = None) -> None:
    """Resize and move ``window`` so that it lies inside the available area of the screen
    ``anchor`` (default: its parent's window) is on, centred on the anchor."""
    anchor = anchor or (window.parentWidget().window() if window.parentWidget() else None)
    screen = (anchor.screen() if anchor is not None else None) or window.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = max(0, frame.width() - window.width())
    extra_h = max(0, frame.height() - window.height())
    wanted = QRect(window.geometry())
    if anchor is not None and anchor.isVisible():
        wanted.moveCenter(anchor.frameGeometry().center())
    inner = QRect(area.left(), area.top(), area.width() - extra_w, area.height() - extra_h)
    placed = fit_inside(wanted, inner)
    if placed.size() != window.size():
        window.resize(placed.size())
    window.move(placed.topLeft())


class WindowKeeper(QObject):
    """Watches the main window for child windows as they are polished (just before they
    show) and then watches those windows only: the main window's children and its own
    stream of events never pass through Python for this (an application-wide filter cost
    about 5 µs on every event of the program)."""

    def __init__(self, main_window: QWidget):
        super().__init__(main_window)
        self.main_window = main_window
        self._watched: set[int] = set()
        self._placed: set[int] = set()
        main_window.installEventFilter(self)

    def detach(self) -> None:
        self.main_window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ChildPolished, QEvent.Type.ChildAdded):
            child = event.child()
            if isinstance(child, QWidget) and child.isWindow() and self._is_secondary(child):
                self._watch(child)
            return False
        if watched is self.main_window and kind == QEvent.Type.ApplicationPaletteChange:
            from jobdesk.ui.icons import decorate_window
            from jobdesk.ui.palette import retint

            # the desktop theme changed: tints and our icons follow its colours
            retint(self.main_window)
            decorate_window(self.main_window)
            return False
        if watched is self.main_window or not isinstance(watched, QWidget):
            return False
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape \
                and not event.modifiers() and not isinstance(watched, QDialog):
            # the Esc went up from the focused widget unhandled: close the window
            watched.close()
            return True
        if kind == QEvent.Type.Show and id(watched) not in self._placed:
            self._placed.add(id(watched))  # where it first opens; the user may move it after
            place_inside_screen(watched)
        return False

    def _watch(self, window: QWidget) -> None:
        key = id(window)
        if key in self._watched:
            return
        self._watched.add(key)
        window.installEventFilter(self)  # its Show, its Esc, and its own child windows

        def forget(*_args, key=key) -> None:
            self._watched.discard(key)
            self._placed.discard(key)
        window.destroyed.connect(forget)

    def _is_secondary(self, widget: QWidget) -> bool:
        if widget is self.main_window or isinstance(widget, (QMainWindow, QMenu)):
            return False
        kind = widget.windowType()
        if kind in (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen,
                    Qt.WindowType.Desktop):
            return False
        # only JobDesk's own windows: the ones that belong to the main window (directly, or
        # through another of its windows, like the template editor of a composer)
        parent = widget.parentWidget()
        while parent is not None:
            if parent.window() is self.main_window:
                return True
            parent = parent.window().parentWidget()
        return False
