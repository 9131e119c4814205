"""View ▸ Appearance: a dark or light look chosen in JobDesk itself (many desktops do not tell
Qt programs that the user prefers dark), applied at once and kept for the next start."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.palette import TEXT_CONTRAST, contrast, shown_colours
from jobdesk.ui.settings import UiSettings
from jobdesk.ui.theme import SETTING, apply_theme, dark_palette

R = QPalette.ColorRole


@pytest.fixture
def restore_look(qapp):
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    yield
    apply_theme(qapp, "system")
    qapp.setStyle(style)
    QApplication.setPalette(palette)


def _menu_action(window, name):
    """The Appearance entry as the View menu holds it (a click on it triggers it)."""
    [menu_action] = [a for a in window.view_menu.actions()
                     if a.menu() is not None and a.menu().objectName() == "appearance_menu"]
    [action] = [a for a in menu_action.menu().actions() if a.objectName() == f"theme_{name}"]
    assert action.isVisible() and action.isEnabled()
    return action


def test_dark_look_is_applied_at_once_and_kept_for_the_next_start(
        qtbot, restore_look, demo_services, data_dir):
    window = MainWindow(demo_services, UiSettings.in_dir(data_dir))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    light_window = QGuiApplication.palette().color(R.Window)
    assert _menu_action(window, "system").isChecked()

    _menu_action(window, "dark").trigger()
    shown = QGuiApplication.palette()
    assert shown.color(R.Window).lightnessF() < 0.3 < shown.color(R.WindowText).lightnessF()
    assert _menu_action(window, "dark").isChecked()
    assert not _menu_action(window, "system").isChecked()
    # what the window shows is readable on it: Today's notice is re-tinted dark
    window.tabs.setCurrentWidget(window.views[next(iter(window.views))])
    window.today_view._tell("3 notes were not sent")
    notice = window.today_view.notice
    qtbot.waitUntil(lambda: shown_colours(notice)[1].lightnessF() < 0.5)
    text, background = shown_colours(notice)
    assert contrast(text, background) >= TEXT_CONTRAST
    # kept in the data folder's settings, for the next start
    assert UiSettings.in_dir(data_dir).get(SETTING) == "dark"
    window.close()
    again = MainWindow(demo_services, UiSettings.in_dir(data_dir))
    qtbot.addWidget(again)
    assert _menu_action(again, "dark").isChecked()

    _menu_action(again, "system").trigger()
    assert QGuiApplication.palette().color(R.Window) == light_window
    assert UiSettings.in_dir(data_dir).get(SETTING) == "system"


def test_an_unknown_theme_in_the_settings_follows_the_desktop(qapp, restore_look):
    before = QGuiApplication.palette().color(R.Window)
    assert apply_theme(qapp, "purple") == "system"
    assert QGuiApplication.palette().color(R.Window) == before


def test_the_dark_palette_reads_well():
    palette = dark_palette()
    for fg, bg in ((R.WindowText, R.Window), (R.Text, R.Base), (R.ButtonText, R.Button),
                   (R.HighlightedText, R.Highlight), (R.ToolTipText, R.ToolTipBase)):
        assert contrast(palette.color(fg), palette.color(bg)) >= TEXT_CONTRAST, (fg, bg)
