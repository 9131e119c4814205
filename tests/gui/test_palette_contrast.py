"""Readable on a light and on a dark desktop theme: the real widgets are built under each
palette, and every tinted box and coloured text they show has WCAG contrast for text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from jobdesk.domain.changes import Entity
from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.palette import TEXT_CONTRAST, contrast, readable, shown_colours

R = QPalette.ColorRole


def _light() -> QPalette:
    palette = QPalette(QColor("#efefef"))
    palette.setColor(R.Base, QColor("#ffffff"))
    palette.setColor(R.Text, QColor("#000000"))
    palette.setColor(R.WindowText, QColor("#000000"))
    return palette


def _dark() -> QPalette:
    palette = QPalette(QColor("#353535"), QColor("#2b2b2b"))
    for role, colour in ((R.WindowText, "#e6e6e6"), (R.Base, "#1e1e1e"), (R.Text, "#e6e6e6"),
                         (R.ButtonText, "#e6e6e6"), (R.Mid, "#555555"),
                         (R.Highlight, "#3d6fb4"), (R.HighlightedText, "#ffffff")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def themed(request, qapp):
    before = QGuiApplication.palette()
    palette = _light() if request.param == "light" else _dark()
    QApplication.setPalette(palette)
    yield request.param, palette
    QApplication.setPalette(before)


def _toned(*roots: QWidget) -> list[QWidget]:
    found = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.property("tone"):
                found.append(widget)
    return found


def test_every_tinted_box_and_coloured_text_is_readable(qtbot, themed, demo_services,
                                                         ui_settings):
    name, _palette = themed
    window = MainWindow(demo_services, ui_settings)
    qtbot.addWidget(window)
    window.show()
    # the secondary windows with coloured messages, opened as a person would
    view = window.views[Entity.APPLICATION]
    window.tabs.setCurrentWidget(view)
    with_contact = next(a.application_id for a in demo_services.events.list()
                        if a.application_id and a.interviewer_ids)
    view.table.selectRow(view.model.row_of(with_contact))
    window.records.add_log_entry()
    window.compose_action.trigger()
    composer = window.composer_window
    qtbot.waitUntil(composer.send_button.isEnabled)
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)  # no SMTP server: error
    qtbot.waitUntil(composer.status_label.isVisible)
    assert composer.status_label.property("tone") == "error"
    window.open_followup_settings()
    window.calendar_pane.notification.show_message("Interview with Helix in 30 minutes")
    window.today_view._tell("3 notes were not sent")

    widgets = _toned(window, composer, window.records.log_dialog,
                     window.followup_settings_dialog)
    kinds = {w.property("tone") for w in widgets}
    assert {"error", "warning"} <= kinds
    names = {w.objectName() for w in widgets}
    assert {"error_bubble", "today_notice", "notification_bar", "log_entry_error"} <= names
    for widget in widgets:
        text, background = shown_colours(widget)
        assert contrast(text, background) >= TEXT_CONTRAST, (name, widget.objectName())
    # a box really paints the colour it claims (the style sheet reads the palette)
    notice = window.today_view.notice
    window.tabs.setCurrentWidget(window.today_view)
    qtbot.waitUntil(notice.isVisible)
    image = notice.grab().toImage()
    painted = image.pixelColor(image.width() // 2, 3)
    expected = shown_colours(notice)[1]
    assert abs(painted.red() - expected.red()) < 8 and abs(painted.green() - expected.green()) < 8
    window_colour = QGuiApplication.palette().color(R.Window)
    assert abs(painted.red() - window_colour.red()) + abs(painted.blue() - window_colour.blue()) \
        > 30  # tinted: it stands out from the window
    # on the dark theme the boxes are dark too (no pale yellow under light text)
    if name == "dark":
        assert all(shown_colours(w)[1].lightnessF() < 0.5 for w in widgets
                   if w.autoFillBackground())


def test_today_group_titles_are_readable_on_the_list(qtbot, themed, today):
    _name, palette = themed
    model = today.model
    base = palette.color(R.Base)
    for row in range(model.rowCount()):
        brush = model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole)
        assert contrast(brush.color(), base) >= TEXT_CONTRAST


def test_readable_moves_a_hue_just_far_enough():
    white, black = QColor("white"), QColor("black")
    orange = QColor("#E69F00")
    assert contrast(orange, white) < TEXT_CONTRAST
    assert contrast(readable(orange, white), white) >= TEXT_CONTRAST
    assert contrast(readable(orange, black), black) >= TEXT_CONTRAST
    assert readable(black, white) == black


def test_switching_the_theme_while_open_re_tints_boxes_and_icons(qtbot, demo_services,
                                                                  ui_settings, qapp):
    before = QGuiApplication.palette()
    QApplication.setPalette(_light())
    try:
        window = MainWindow(demo_services, ui_settings)
        qtbot.addWidget(window)
        window.show()
        notice = window.today_view.notice
        light_background = shown_colours(notice)[1]
        undo_light = window.records.undo_action.icon().pixmap(32).toImage()
        QApplication.setPalette(_dark())
        qtbot.waitUntil(lambda: shown_colours(notice)[1] != light_background)
        text, background = shown_colours(notice)
        assert background.lightnessF() < 0.5 and contrast(text, background) >= TEXT_CONTRAST
        undo_dark = window.records.undo_action.icon().pixmap(32).toImage()
        assert undo_dark != undo_light  # drawn in the dark theme's light text colour
    finally:
        QApplication.setPalette(before)
