"""Help menu (last, shortcuts generated from the actions, user guide), the window title, and
Esc closing every secondary window, which opens inside the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from jobdesk.domain.changes import Entity
from jobdesk.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def _press_escape(qtbot, widget: QWidget) -> None:
    qtbot.waitUntil(widget.isVisible)
    widget.activateWindow()
    target = QApplication.focusWidget() if widget.isActiveWindow() else None
    qtbot.keyClick(target if target is not None and target.window() is widget else widget,
                   Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not widget.isVisible())


def test_help_is_the_last_menu_even_when_menus_are_added_later(window):
    bar = window.menuBar()
    assert bar.actions()[-1].menu() is window.help.menu
    bar.addMenu("&Later feature")
    assert bar.actions()[-1].menu() is window.help.menu
    titles = [a.text() for a in bar.actions()]
    assert titles.index("&Documents") < titles.index("&Help")


def test_keyboard_shortcuts_list_comes_from_the_actions_and_esc_closes_it(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Slash, CTRL)
    dialog = window.help.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    texts = dialog.texts()
    compose = window.compose_action.text().replace("&", "").rstrip("…")
    assert any(t.startswith("Ctrl+M  ") and compose in t for t in texts)
    assert any("Ctrl+Shift+Right" in t for t in texts)  # the board's move, listed as an action
    qtbot.keyClicks(dialog.search, "compose")
    assert all("ompose" in t for t in dialog.texts()) and dialog.texts()
    _press_escape(qtbot, dialog)


def test_user_guide_opens_from_help_and_esc_closes_it(qtbot, window):
    window.help.guide_action.trigger()
    guide = window.help.guide_dialog
    assert guide.isVisible()
    text = guide.browser.toPlainText()
    assert "Today" in text and "Ctrl+M" in text and "missing" not in text
    _press_escape(qtbot, guide)


def test_window_title_is_the_app_name_unless_another_folder_is_open(qtbot, demo_services,
                                                                    ui_settings):
    plain = MainWindow(demo_services, ui_settings)
    qtbot.addWidget(plain)
    assert plain.windowTitle() == "JobDesk"
    other = MainWindow(demo_services, ui_settings, location="/srv/shared/jobs")
    qtbot.addWidget(other)
    assert "/srv/shared/jobs" in other.windowTitle()


def test_title_names_only_a_folder_that_is_not_the_usual_one(tmp_path):
    """Run as a real process: the usual data folder (here under XDG_DATA_HOME) gives the bare
    name; --data-dir elsewhere names the folder."""
    from tests.gui.test_app_cli import run

    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    usual = run("--smoke-test", env_extra=env)
    assert usual.returncode == 0, usual.stderr
    assert "title 'JobDesk'" in usual.stdout
    other = tmp_path / "shared-jobs"
    named = run("--data-dir", str(other), "--smoke-test", env_extra=env)
    assert named.returncode == 0, named.stderr
    assert f"title 'JobDesk  ·  {other}'" in named.stdout


@pytest.fixture
def selected_application(qtbot, window):
    view = window.views[Entity.APPLICATION]
    window.tabs.setCurrentWidget(view)
    view.table.selectRow(0)
    view.table.setFocus()
    return view.model.id_at(0)


def test_esc_closes_the_composer_which_opens_inside_the_screen(qtbot, window,
                                                             selected_application):
    window.resize(1440, 900)
    qtbot.keyClick(window.views[Entity.APPLICATION].table, Qt.Key.Key_M, CTRL)
    composer = window.composer_window
    qtbot.waitUntil(composer.isVisible)
    area = window.screen().availableGeometry()
    assert area.contains(composer.frameGeometry())
    _press_escape(qtbot, composer)


def test_esc_closes_the_outbox_panel(qtbot, window):
    window.outbox_action.trigger()
    _press_escape(qtbot, window.outbox.panel)


def test_esc_closes_the_follow_up_rules(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)
    _press_escape(qtbot, window.followup_settings_dialog)


def test_esc_closes_the_log_entry_and_new_company_dialogs(qtbot, window, selected_application):
    qtbot.keyClick(window.views[Entity.APPLICATION].table, Qt.Key.Key_L, CTRL)
    _press_escape(qtbot, window.records.log_dialog)
    qtbot.keyClick(window.views[Entity.APPLICATION].table, Qt.Key.Key_N,
                   CTRL | Qt.KeyboardModifier.ShiftModifier)
    _press_escape(qtbot, window.records.company_dialog)


def test_esc_closes_the_event_dialog(qtbot, window, selected_application):
    qtbot.keyClick(window.views[Entity.APPLICATION].table, Qt.Key.Key_E,
                   CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.calendar_pane.dialogs[-1]
    _press_escape(qtbot, dialog)


def test_esc_closes_the_template_editor(qtbot, window, selected_application):
    qtbot.keyClick(window.views[Entity.APPLICATION].table, Qt.Key.Key_M, CTRL)
    composer = window.composer_window
    qtbot.waitUntil(composer.isVisible)
    qtbot.mouseClick(composer.edit_templates_button, Qt.MouseButton.LeftButton)
    editor = composer.template_editor
    _press_escape(qtbot, editor)
    assert composer.isVisible()  # Esc closed the editor only


def test_esc_closes_the_backups_dialog(qtbot, data_dir, window_factory):
    from jobdesk.services.demo import load_demo
    from jobdesk.ui.safety import SafetyController

    make_window = window_factory
    ctl = SafetyController(data_dir, make_window)
    services = ctl.open()
    load_demo(services)
    win = make_window(services)
    ctl.attach(win)
    win.show()
    dialog = ctl.show_backups()
    _press_escape(qtbot, dialog)
    services.store.db.close()


def test_fit_inside_keeps_a_window_on_a_small_screen():
    from PySide6.QtCore import QRect

    from jobdesk.ui.windows import fit_inside

    area = QRect(0, 0, 720, 450)  # 1440x900 at 2x scale
    placed = fit_inside(QRect(400, 300, 760, 640), area)
    assert area.contains(placed) and placed.size().width() == 720
