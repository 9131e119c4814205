"""Icons on the toolbar, tabs and menus: the theme's where it has them, else our own bundled
set, which installs and bundles with the app and says it is ours to redistribute."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QPalette

from jobdesk.paths import resources_dir
from jobdesk.ui import icons

ROOT = Path(__file__).resolve().parents[2]


def test_every_icon_name_has_a_bundled_drawing_that_renders(qapp):
    names = set(icons.ICONS.values())
    assert names <= set(icons.bundled_names())
    for name in names:
        pixmap = icons.bundled_icon(name).pixmap(24)
        assert pixmap.width() == 24
        image = pixmap.toImage()
        assert any(image.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24))


def test_bundled_icons_take_the_theme_text_colour(qapp):
    text = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    image = icons.bundled_icon("edit-find").pixmap(32).toImage()
    solid = [image.pixelColor(x, y) for x in range(32) for y in range(32)
             if image.pixelColor(x, y).alpha() == 255]
    assert solid and all(abs(c.red() - text.red()) < 16 for c in solid)
    light = icons.bundled_icon("edit-find", "#f0f0f0").pixmap(32).toImage()
    assert any(light.pixelColor(x, y).red() > 200 for x in range(32) for y in range(32)
               if light.pixelColor(x, y).alpha() == 255)


def test_toolbar_tabs_and_menus_show_icons(window):
    from PySide6.QtWidgets import QToolBar

    toolbar = window.findChild(QToolBar, "records_toolbar")
    actions = [a for a in toolbar.actions() if not a.isSeparator()]
    assert actions and all(not a.icon().isNull() for a in actions)
    assert all(not window.tabs.tabIcon(i).isNull() for i in range(window.tabs.count()))
    for action in (window.compose_action, window.help.guide_action,
                   window.help.shortcuts_action, window.records.next_stage_action):
        assert not action.icon().isNull(), action.text()


def test_icons_are_licensed_installed_and_bundled():
    folder = resources_dir() / "icons"
    note = (folder / "README.md").read_text(encoding="utf-8")
    assert "MIT" in note and "drawn for this project" in note
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "data-files"]
    assert data_files["share/jobdesk/resources/icons/actions"] == [
        "resources/icons/actions/*.svg"]
    assert "resources/help/*.html" in data_files["share/jobdesk/resources/help"]
    assert "resources/icons/LICENSE" in data_files["share/jobdesk/resources/icons"]
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import bundle_filter
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    bundled = {(Path(src).relative_to(ROOT / "resources").as_posix(), dest)
               for src, dest in bundle_filter.resource_datas(ROOT)}
    assert ("icons/actions/edit-undo.svg", str(Path("resources/icons/actions"))) in bundled
    assert ("help/guide.html", str(Path("resources/help"))) in bundled
    assert ("icons/LICENSE", str(Path("resources/icons"))) in bundled


def test_undo_on_the_toolbar_keeps_its_size_whatever_it_undoes(qtbot, window):
    from PySide6.QtWidgets import QToolBar

    from jobdesk.domain.changes import Entity

    toolbar = window.findChild(QToolBar, "records_toolbar")
    button = toolbar.widgetForAction(window.records.undo_action)
    width = button.sizeHint().width()
    app = window.services.applications.list()[0]
    window.records.editor.set_field(Entity.APPLICATION, app.id, "salary_range", "90-100k")
    assert "Change Salary" in window.records.undo_action.text()
    assert button.sizeHint().width() == width
    assert "Change Salary" in button.toolTip()
