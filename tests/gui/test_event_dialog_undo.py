"""Broken item 8 (events): the end follows the start, saving says what was saved, creating,
editing and removing events are undoable, and a new interview offers "Interviewing"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Stage


def _select_application(window, stage: Stage):
    s = window.services
    view = window.views[Entity.APPLICATION]
    view.model.set_filter("")
    for row in range(view.model.rowCount()):
        app = s.applications.get(view.model.id_at(row))
        if app.stage == stage:
            view.table.setFocus()
            view.table.selectRow(row)
            return app
    raise AssertionError(f"the demo has an application at {stage}")


def _type_start(qtbot, dialog, text: str) -> None:
    """Type ``text`` (YYYY-MM-DD HH:MM) into the start as a person does."""
    from PySide6.QtWidgets import QDateTimeEdit

    edit = dialog.starts
    edit.setFocus()
    if isinstance(edit, QDateTimeEdit):  # sectioned: digits fill year, month, day, hour...
        edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
        qtbot.keyClicks(edit, "".join(ch for ch in text if ch.isdigit()))
    else:  # a typed date and a typed time: replace each text
        day, time = text.split(" ")
        for part, typed in ((edit.date_edit, day), (edit.time_edit, time)):
            part.setFocus()
            part.selectAll()
            qtbot.keyClicks(part, typed)
            qtbot.keyClick(part, Qt.Key.Key_Return)  # reads it; the dialog stays open


def _new_event_dialog(qtbot, window):
    qtbot.keyClick(window.views[Entity.APPLICATION].table, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.calendar_pane.dialogs[-1]
    assert dialog.isVisible()
    return dialog


def _local(dialog, value: datetime) -> datetime:
    return value.astimezone(ZoneInfo(dialog.zone)).replace(tzinfo=None)


def test_new_interview_end_follows_start_status_undo_and_stage_move(qtbot, window):
    s = window.services
    app = _select_application(window, Stage.APPLIED)
    dialog = _new_event_dialog(qtbot, window)
    assert dialog.application.currentData() == app.id
    assert dialog.kind.currentData() == "interview"
    assert not dialog.move_stage.isHidden() and dialog.move_stage.isChecked()

    _type_start(qtbot, dialog, "2026-12-02 14:00")
    assert dialog.starts.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-12-02 14:00"
    assert dialog.ends.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-12-02 15:00"
    qtbot.keyClicks(dialog.title, "Technical interview")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    [event] = [e for e in s.events.for_application(app.id) if e.title == "Technical interview"]
    assert _local(dialog, event.starts_at) == datetime(2026, 12, 2, 14, 0)
    assert _local(dialog, event.ends_at) == datetime(2026, 12, 2, 15, 0)
    assert s.applications.get(app.id).stage == Stage.INTERVIEWING
    message = window.statusBar().currentMessage()
    assert "Technical interview" in message and "2 Dec 2026, 14:00" in message
    assert app.company_name in message

    # one Ctrl+Z takes back the event and the stage move
    window.activateWindow()
    window.views[Entity.APPLICATION].table.setFocus()
    qtbot.keyClick(window.views[Entity.APPLICATION].table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    assert s.events.get(event.id).archived_at is not None
    assert s.applications.get(app.id).stage == Stage.APPLIED
    assert event.id not in window.calendar_pane.index.events
    window.records.editor.undo_stack.redo()
    assert s.events.get(event.id).archived_at is None
    assert s.applications.get(app.id).stage == Stage.INTERVIEWING


def test_unticking_the_offer_leaves_the_stage(qtbot, window):
    s = window.services
    app = _select_application(window, Stage.SCREENING)
    dialog = _new_event_dialog(qtbot, window)
    assert not dialog.move_stage.isHidden()
    qtbot.mouseClick(dialog.move_stage, Qt.MouseButton.LeftButton)
    assert not dialog.move_stage.isChecked()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert s.events.for_application(app.id)
    assert s.applications.get(app.id).stage == Stage.SCREENING


def test_no_offer_for_a_deadline_or_a_later_stage(qtbot, window):
    _select_application(window, Stage.OFFER)
    dialog = _new_event_dialog(qtbot, window)
    assert dialog.move_stage.isHidden()
    dialog.close()
    _select_application(window, Stage.APPLIED)
    dialog = _new_event_dialog(qtbot, window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("deadline"))
    assert dialog.move_stage.isHidden()
    dialog.close()


def test_editing_and_removing_an_event_are_undoable(qtbot, window):
    s = window.services
    pane = window.calendar_pane
    event = next(e for e in s.events.list() if not e.all_day)
    before = (event.starts_at, event.ends_at, event.title)
    dialog = pane.open_event_dialog(event_id=event.id)
    length = dialog.starts.dateTime().secsTo(dialog.ends.dateTime())
    _type_start(qtbot, dialog, "2026-12-02 14:00")
    assert dialog.starts.dateTime().secsTo(dialog.ends.dateTime()) == length
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Final round")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    moved = s.events.get(event.id)
    assert moved.title == "Final round"
    assert _local(dialog, moved.starts_at) == datetime(2026, 12, 2, 14, 0)
    assert "Final round" in window.statusBar().currentMessage()
    stack = window.records.editor.undo_stack
    assert stack.undoText() == f"Edit {moved.kind.label.lower()}"
    stack.undo()
    back = s.events.get(event.id)
    assert (back.starts_at, back.ends_at, back.title) == before

    # remove it from the agenda with Del, and bring it back with Ctrl+Z
    day = back.starts_at.astimezone(pane.calendar_service.zone).date()
    from jobdesk.ui.calendar_pane import qdate

    window.tabs.setCurrentWidget(pane)
    pane.calendar.setSelectedDate(qdate(day))
    row = next(i for i, it in enumerate(pane.agenda_model.items) if it.event_id == event.id)
    pane.agenda.setFocus()
    pane.agenda.selectRow(row)
    qtbot.keyClick(pane.agenda, Qt.Key.Key_Delete)
    assert s.events.get(event.id).archived_at is not None
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    qtbot.keyClick(pane.agenda, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert s.events.get(event.id).archived_at is None
