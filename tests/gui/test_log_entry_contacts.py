"""Broken item 7: a log entry says whom you spoke to, and the log shows it whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import InteractionKind

LONG = ("Call with the hiring manager about the team's roadmap, the on-call rotation, the "
        "migration from the old warehouse to the new lakehouse and when the next round is")


def _app_with_contacts(window):
    s = window.services
    view = window.views[Entity.APPLICATION]
    for row in range(view.model.rowCount()):
        app_id = view.model.id_at(row)
        app = s.applications.get(app_id)
        if any(c.name.isascii() for c in s.contacts.of_company(app.company_id)):
            return row, app
    raise AssertionError("the demo has an application at a company with contacts")


def test_ctrl_l_with_a_picked_and_a_new_contact_is_one_undo_step(qtbot, window,
                                                                   qtmodeltester):
    s = window.services
    row, app = _app_with_contacts(window)
    known = next(c for c in s.contacts.of_company(app.company_id) if c.name.isascii())
    view = window.views[Entity.APPLICATION]
    view.table.setFocus()
    view.table.selectRow(row)
    contacts_before = len(s.contacts.list())
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.records.log_dialog
    assert dialog is not None and dialog.isVisible()

    picker = dialog.contacts.name
    picker.setFocus()
    qtbot.keyClicks(picker, known.name)
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter in the name field adds the name, it does not save
    qtbot.keyClicks(picker, "Noor Haddad")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert [dialog.contacts.list.item(i).text() for i in range(dialog.contacts.list.count())
            ] == [known.name, "Noor Haddad (new)"]

    dialog.summary.setFocus()
    qtbot.keyClicks(dialog.summary, LONG)
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    [entry] = [e for e in s.interactions.for_application(app.id) if e.summary == LONG]
    new = next(c for c in s.contacts.list() if c.name == "Noor Haddad")
    assert new.company_id == app.company_id
    assert entry.contact_ids == (known.id, new.id) and entry.contact_id == known.id
    assert len(s.contacts.list()) == contacts_before + 1

    # the log shows the whole summary and the names
    log = window.records.details.application.log
    model = log.model
    qtmodeltester.check(model)
    r = next(i for i, e in enumerate(model.rows()) if e.id == entry.id)
    summary = model.data(model.index(r, model.SUMMARY))
    assert summary == LONG
    assert model.data(model.index(r, model.WHO)) == f"{known.name}, Noor Haddad"
    assert log.table.wordWrap()
    QApplication.processEvents()
    assert log.table.rowHeight(r) > log.table.fontMetrics().height() * 1.5  # wrapped

    # Ctrl+Z takes back the entry and the contact made for it, together
    window.records.editor.undo_stack.undo()
    assert entry.id not in {e.id for e in s.interactions.for_application(app.id)}
    assert "Noor Haddad" not in {c.name for c in s.contacts.list()}
    assert known.id in {c.id for c in s.contacts.list()}
    window.records.editor.undo_stack.redo()
    assert s.interactions.get(entry.id).archived_at is None
    assert s.contacts.get(new.id).archived_at is None


def test_ctrl_z_in_the_window_undoes_the_entry(qtbot, window):
    s = window.services
    row, app = _app_with_contacts(window)
    view = window.views[Entity.APPLICATION]
    view.table.setFocus()
    view.table.selectRow(row)
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.records.log_dialog
    dialog.summary.setFocus()
    qtbot.keyClicks(dialog.summary, "Short note")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    entry = next(e for e in s.interactions.for_application(app.id) if e.summary == "Short note")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert s.interactions.get(entry.id).archived_at is not None


def test_a_refused_entry_creates_no_contact(qtbot, window):
    s = window.services
    row, _app = _app_with_contacts(window)
    window.views[Entity.APPLICATION].table.selectRow(row)
    window.records.log_action.trigger()
    dialog = window.records.log_dialog
    qtbot.keyClicks(dialog.contacts.name, "Someone Brandnew")
    dialog.summary.setText("x" * 600)  # over the 500-character limit
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.error.isHidden()
    assert "Someone Brandnew" not in {c.name for c in s.contacts.list(archived=None)}


def test_log_a_call_from_today_defaults_the_kind_to_call(qtbot, window):
    from types import SimpleNamespace

    _row, app = _app_with_contacts(window)
    person = window.services.contacts.of_company(app.company_id)[0]
    proposal = SimpleNamespace(application_id=app.id, contact_id=person.id, company_id=None,
                               title="Check in")
    window.log_call_for(proposal)
    dialog = window.log_dialog
    assert dialog.kind.value() == InteractionKind.CALL.value
    assert [p.contact_id for p in dialog.contacts.picked] == [person.id]  # whom to call
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    entry = window.services.interactions.for_application(app.id)[0]
    assert entry.kind == InteractionKind.CALL and entry.contact_ids == (person.id,)
