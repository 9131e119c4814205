from __future__ import annotations

import pytest

from jobdesk.domain.changes import Entity


@pytest.fixture
def ui_settings(data_dir):
    from jobdesk.ui.settings import UiSettings

    return UiSettings.in_dir(data_dir)


@pytest.fixture
def window(qtbot, demo_services, ui_settings):
    from jobdesk.ui.main_window import MainWindow

    win = MainWindow(demo_services, ui_settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # the window opens on Today; most tests work with the Applications table
    win.tabs.setCurrentWidget(win.views[Entity.APPLICATION])
    return win


@pytest.fixture
def today(qtbot, clocked_services):
    """The Today view over the demo database on the fixed clock, in UTC."""
    from datetime import UTC

    from jobdesk.services.followups import FollowUpService
    from jobdesk.ui.today_view import TodayView
    from tests.conftest import FIXED_NOW

    view = TodayView(clocked_services, engine=FollowUpService(clocked_services, tz=UTC),
                     today=lambda: FIXED_NOW.date())
    qtbot.addWidget(view)
    view.show()
    return view


@pytest.fixture
def main(qtbot, clocked_services, ui_settings):
    """The whole window over the demo database on the fixed clock, opened on Today."""
    from datetime import UTC

    from jobdesk.ui.main_window import MainWindow
    from tests.conftest import FIXED_NOW

    window = MainWindow(clocked_services, ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.today_view
    view.today = lambda: FIXED_NOW.date()
    view.engine.tz = UTC
    view.refresh()
    return window


@pytest.fixture
def window_factory(qtbot, data_dir):
    """``make(services)`` builds a main window on ``data_dir``'s settings, as the safety
    controller does at start and after a restore; ``make.windows`` lists those built."""
    from jobdesk.ui.main_window import MainWindow
    from jobdesk.ui.settings import UiSettings

    def make(services):
        window = MainWindow(services, UiSettings.in_dir(data_dir))
        qtbot.addWidget(window)
        make.windows.append(window)
        return window

    make.windows = []
    return make
