"""Icons for the toolbar, tabs and menus: the desktop's icon theme first (standard
freedesktop.org names), else JobDesk's own line drawings in ``resources/icons/actions``
(ours, MIT like the rest: see the README there), painted in the palette's text colour so
they read on light and dark themes alike.

``ICONS`` maps what the window shows to an icon name; ``icon(name)`` loads one (cached).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from jobdesk.paths import resource

# what the window shows -> icon name (a theme name; jobdesk-* names are ours only)
ICONS: dict[str, str] = {
    # pages (tabs)
    "Today": "go-jump-today", "Applications": "view-list-details",
    "Companies": "network-workgroup", "Contacts": "x-office-address-book",
    "Calendar": "x-office-calendar", "Board": "view-grid", "Archive": "package-x-generic",
    "Documents": "folder-documents",
    # actions
    "new_application": "document-new", "new_company": "jobdesk-company-new",
    "new_contact": "contact-new", "log": "document-edit", "archive": "package-x-generic",
    "undo": "edit-undo", "redo": "edit-redo", "find": "edit-find",
    "compose": "mail-message-new", "outbox": "mail-send", "new_event": "appointment-new",
    "attach": "mail-attachment", "next_stage": "go-next", "previous_stage": "go-previous",
    "guide": "help-contents", "shortcuts": "preferences-desktop-keyboard",
    "about": "help-about", "settings": "preferences-system", "quit": "application-exit",
    "backup": "document-save",
}


def bundled_names() -> list[str]:
    return sorted(p.stem for p in resource("icons", "actions").glob("*.svg"))


def bundled_icon(name: str, colour: str | None = None) -> QIcon:
    """Our drawing of ``name``, painted in ``colour`` (default: the palette's text colour)."""
    if colour is None:
        colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return _bundled(name, colour)


class _SvgEngine(QIconEngine):
    """Paints one of our drawings at the size asked for, when it is asked for (nothing is
    rendered at start-up), keeping each rendered size."""

    def __init__(self, renderer: QSvgRenderer):
        super().__init__()
        self._renderer = renderer
        self._pixmaps: dict[tuple[int, int, int], QPixmap] = {}

    def paint(self, painter: QPainter, rect: QRect, mode, state) -> None:
        self._renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode, state) -> QPixmap:
        key = (size.width(), size.height(), int(mode.value))
        cached = self._pixmaps.get(key)
        if cached is None:
            cached = QPixmap(size)
            cached.fill(Qt.GlobalColor.transparent)
            painter = QPainter(cached)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if mode == QIcon.Mode.Disabled:
                painter.setOpacity(0.45)
            self._renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
            painter.end()
            self._pixmaps[key] = cached
        return cached

    def actualSize(self, size: QSize, mode, state) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def clone(self) -> QIconEngine:
        engine = _SvgEngine(self._renderer)
        _ENGINES.append(engine)
        return engine


_ENGINES: list[_SvgEngine] = []  # Python keeps the engines the icons paint with alive


@cache
def _bundled(name: str, colour: str) -> QIcon:
    path = resource("icons", "actions", f"{name}.svg")
    if not path.is_file():
        return QIcon()
    data = path.read_bytes().replace(b"currentColor", colour.encode())
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        return QIcon()
    engine = _SvgEngine(renderer)
    _ENGINES.append(engine)
    return QIcon(engine)


def icon(key: str) -> QIcon:
    """The icon for ``key`` (a key of ``ICONS`` or an icon name): the theme's, else ours."""
    name = ICONS.get(key, key)
    if not name.startswith("jobdesk-") and QIcon.hasThemeIcon(name):
        return QIcon.fromTheme(name)
    return bundled_icon(name)


def set_icons(pairs) -> None:
    """``(action or None, key)`` pairs: give each action its icon (skipping missing ones)."""
    for action, key in pairs:
        if action is not None:
            action.setIcon(icon(key))


# window attribute -> icon key, for the actions the window and its features keep
ACTION_ICONS: tuple[tuple[str, str], ...] = (
    ("records.new_application_action", "new_application"),
    ("records.new_company_action", "new_company"), ("records.new_contact_action", "new_contact"),
    ("records.log_action", "log"), ("records.archive_action", "archive"),
    ("records.undo_action", "undo"), ("records.redo_action", "redo"),
    ("records.next_stage_action", "next_stage"),
    ("records.previous_stage_action", "previous_stage"),
    ("compose_action", "compose"), ("outbox_action", "outbox"),
    ("new_event_action", "new_event"), ("followup_settings_action", "settings"),
    ("help.guide_action", "guide"), ("help.shortcuts_action", "shortcuts"),
)
# menu entries found by their text (the window keeps no attribute for them)
TEXT_ICONS: dict[str, str] = {
    "&Find": "find", "&Quit": "quit", "&Mail settings…": "settings",
    "&Attach files to the selected application…": "attach",
    "&About JobDesk": "about",
}


def _attribute(obj, dotted: str):
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def decorate_window(window) -> None:
    """Icons on the main window's tabs, toolbar and menu actions (whatever of them exist)."""
    from PySide6.QtGui import QAction

    pages = {"today_view": "Today", "calendar_pane": "Calendar", "library": "Documents",
             "records.board": "Board", "records.archive": "Archive"}
    widgets = {id(_attribute(window, name)): key for name, key in pages.items()}
    for entity_view, key in zip(getattr(window, "views", {}).values(),
                                ("Applications", "Companies", "Contacts"), strict=False):
        widgets[id(entity_view)] = key
    tabs = window.tabs
    for index in range(tabs.count()):
        key = widgets.get(id(tabs.widget(index)))
        if key is not None:
            tabs.setTabIcon(index, icon(key))
    set_icons((_attribute(window, name), key) for name, key in ACTION_ICONS)
    for action in window.findChildren(QAction):
        key = TEXT_ICONS.get(action.text())
        if key is not None:
            action.setIcon(icon(key))
