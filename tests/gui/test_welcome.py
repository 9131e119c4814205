"""First run: an empty database offers demo data or an empty start, once per data folder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jobdesk import APP_NAME, ORG_NAME
from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.settings import UiSettings
from jobdesk.ui.welcome import SHOWN_KEY, WelcomeDialog, show_welcome_if_new


def make_window(qtbot, services, data_dir):
    settings = UiSettings.in_dir(data_dir)
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, settings


def test_start_with_demo_data_loads_it_and_is_remembered(qtbot, services, data_dir):
    window, settings = make_window(qtbot, services, data_dir)
    dialog = show_welcome_if_new(window, services, settings, window.load_demo)
    assert isinstance(dialog, WelcomeDialog)
    assert dialog.isVisible() and not dialog.isModal()
    text = " ".join(w.text() for w in dialog.findChildren(type(dialog.demo_button)))
    assert "demo data" in text and "empty" in text
    with qtbot.waitSignal(dialog.sig_chosen) as blocker:
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["demo"]
    assert not dialog.isVisible()
    assert services.counts()  # the demo is in the database...
    assert window.models[next(iter(window.models))].total_count() > 0  # ...and on screen
    assert settings.get(SHOWN_KEY) == 1
    # a fresh settings object over the same file: never shown again (database no longer empty
    # either, so check the flag on its own too)
    assert UiSettings.in_dir(data_dir).get(SHOWN_KEY) == 1


def test_start_empty_keeps_the_database_empty_and_never_asks_again(qtbot, services, data_dir):
    window, settings = make_window(qtbot, services, data_dir)
    dialog = show_welcome_if_new(window, services, settings, window.load_demo)
    with qtbot.waitSignal(dialog.sig_chosen) as blocker:
        qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["empty"]
    assert services.is_empty()
    assert show_welcome_if_new(window, services, UiSettings.in_dir(data_dir),
                               window.load_demo) is None


def test_escape_counts_as_start_empty(qtbot, services, data_dir):
    window, settings = make_window(qtbot, services, data_dir)
    dialog = show_welcome_if_new(window, services, settings, window.load_demo)
    with qtbot.waitSignal(dialog.sig_chosen) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == ["empty"]
    assert services.is_empty()
    assert settings.get(SHOWN_KEY) == 1


def test_welcome_text_points_at_today_calendar_and_drag_and_drop(qtbot):
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    from jobdesk.ui import welcome

    html = welcome.WELCOME_HTML
    for words in ("Today", "calendar", "Drag and drop"):
        assert words in html


def test_a_database_with_records_is_not_welcomed(qtbot, demo_services, data_dir):
    window, settings = make_window(qtbot, demo_services, data_dir)
    assert show_welcome_if_new(window, demo_services, settings, window.load_demo) is None


def test_smoke_test_sets_identity_and_never_welcomes(qapp, tmp_path):
    from jobdesk.app import main

    assert main(["--smoke-test", "--data-dir", str(tmp_path / "d")]) == 0
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, WelcomeDialog) and w.isVisible()]
    assert not UiSettings.in_dir(tmp_path / "d").get(SHOWN_KEY)
    # what the desktop shows: names, the .desktop file it belongs to, the icon
    assert qapp.applicationName() == APP_NAME
    assert qapp.organizationName() == ORG_NAME
    assert qapp.desktopFileName() == "jobdesk"
    assert not qapp.windowIcon().isNull()
    assert qapp.windowIcon().availableSizes() or not qapp.windowIcon().pixmap(64, 64).isNull()
