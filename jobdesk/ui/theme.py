"""Appearance: follow the desktop, or a light or dark look chosen in View ▸ Appearance.

Many Linux desktops (and every session without a platform theme) do not tell Qt programs that
the user prefers a dark look, so JobDesk offers it itself. The choice is kept in the data
folder's ``jobdesk.ini`` (``ui/theme``: ``system``, ``light`` or ``dark``) and applied before
the window is built, so nothing is drawn twice. Light and dark use the Fusion style, which
paints exactly the palette it is given; "system" puts back the style and palette the desktop
gave at start. Switching while JobDesk runs re-tints notices and icons through the usual
palette-change event (``jobdesk.ui.windows``).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu

THEMES = {"system": "Follow the &desktop", "light": "&Light", "dark": "&Dark"}
SETTING = "ui/theme"

_R = QPalette.ColorRole
_G = QPalette.ColorGroup

_DARK = {
    _R.Window: "#2d2d30", _R.WindowText: "#e8e8e8", _R.Base: "#1e1e1e",
    _R.AlternateBase: "#262628", _R.ToolTipBase: "#3c3c3f", _R.ToolTipText: "#f0f0f0",
    _R.PlaceholderText: "#9a9a9a", _R.Text: "#e8e8e8", _R.Button: "#3a3a3d",
    _R.ButtonText: "#e8e8e8", _R.BrightText: "#ff6b6b", _R.Light: "#505054",
    _R.Midlight: "#444447", _R.Mid: "#5a5a5e", _R.Dark: "#1a1a1c", _R.Shadow: "#000000",
    _R.Highlight: "#3d6fb4", _R.HighlightedText: "#ffffff", _R.Link: "#6cb4ff",
    _R.LinkVisited: "#b48cff",
}
_DARK_DISABLED = {_R.WindowText: "#7d7d7d", _R.Text: "#7d7d7d", _R.ButtonText: "#7d7d7d",
                  _R.Highlight: "#4a4a4d", _R.HighlightedText: "#a0a0a0"}

_system: tuple[str, QPalette] | None = None  # the desktop's style and palette, kept at start


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(_G.Disabled, role, QColor(colour))
    return palette


def normalised(name: object) -> str:
    text = str(name or "system").strip().lower()
    return text if text in THEMES else "system"


def apply_theme(app: QApplication, name: str) -> str:
    """Give ``app`` the look ``name`` (unknown names follow the desktop); returns the name."""
    global _system
    name = normalised(name)
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    if name == "system":
        style, palette = _system
        if app.style().name() != style:
            app.setStyle(style)
        app.setPalette(palette)
        return name
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")  # built into Qt: paints exactly the palette it is given
    app.setPalette(dark_palette() if name == "dark" else app.style().standardPalette())
    return name


class AppearanceMenu:
    """View ▸ Appearance: three exclusive choices, applied at once and remembered."""

    def __init__(self, view_menu: QMenu, settings) -> None:
        self.settings = settings
        self.menu = view_menu.addMenu("A&ppearance")
        self.menu.setObjectName("appearance_menu")
        self.group = QActionGroup(self.menu)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        current = normalised(settings.get(SETTING, "system"))
        for key, text in THEMES.items():
            action = QAction(text, self.menu, checkable=True)
            action.setObjectName(f"theme_{key}")
            action.setChecked(key == current)
            action.triggered.connect(lambda _=False, k=key: self.choose(k))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[key] = action

    def choose(self, name: str) -> None:
        app = QApplication.instance()
        name = apply_theme(app, name) if app is not None else normalised(name)
        self.actions[name].setChecked(True)
        self.settings.set(SETTING, name)
        self.settings.sync()
