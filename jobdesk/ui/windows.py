"""How JobDesk's secondary windows behave, in one place: Esc closes them, and they open
inside the screen of the main window (clamped to its available area, centred on their parent).

``WindowKeeper`` watches the application's windows as they are shown, so a new window (the
composer, the outbox, a dialog added next year) gets this without code of its own. Dialogs
already close on Esc (``QDialog.reject``); for plain top-level widgets an Esc that no widget
inside took (a popup, an editor being cancelled) reaches the window, which closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QWidget


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
    """Installed on the QApplication by the main window; see the module docstring."""

    def __init__(self, main_window: QWidget):
        super().__init__(main_window)
        self.main_window = main_window
        self._placed: set[int] = set()
        QApplication.instance().installEventFilter(self)

    def detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape \
                and not event.modifiers() and isinstance(watched, QWidget) \
                and watched.isWindow() and not isinstance(watched, QDialog) \
                and self._is_secondary(watched):
            # the Esc went up from the focused widget unhandled: close the window
            watched.close()
            return True
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) \
                and watched.isWindow() and self._is_secondary(watched):
            key = id(watched)
            if key not in self._placed:  # where it first opens; the user may move it after
                self._placed.add(key)
                watched.destroyed.connect(lambda *_: self._placed.discard(key))
                place_inside_screen(watched)
        return False

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
