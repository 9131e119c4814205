"""Writes by another process reach the open window, and files handed to the running window
(``jobdesk FILE`` while it is open) open the attach flow. Real processes, real socket."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from jobdesk.domain.changes import Entity
from jobdesk.services.demo import load_demo
from jobdesk.ui.instance import InstanceGuard
from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.safety import SafetyController
from jobdesk.ui.settings import UiSettings


def _env() -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("JOBDESK_DATA_DIR", None)
    return env


@pytest.fixture
def running(qtbot, data_dir):
    """The window as `jobdesk` runs it: holding the data folder's lock and listening on its
    socket, files from a second launch handed to the window."""
    guard = InstanceGuard(data_dir)
    assert guard.try_lock()
    assert guard.listen()
    ctl = SafetyController(data_dir, lambda services: MainWindow(
        services, UiSettings.in_dir(data_dir)))
    services = ctl.open()
    load_demo(services)
    window = MainWindow(services, UiSettings.in_dir(data_dir))
    qtbot.addWidget(window)
    ctl.attach(window)
    guard.sig_files_received.connect(ctl.receive_files)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.views[Entity.APPLICATION])
    yield window
    window.close()
    guard.release()
    services.store.db.close()


def click_row(qtbot, window, row: int) -> int:
    view = window.views[Entity.APPLICATION]
    rect = view.table.visualRect(view.model.index(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return view.model.id_at(row)


def run_jobdesk(qtbot, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``python -m jobdesk`` while the window's event loop keeps running (the window
    must answer its socket while the other process waits)."""
    proc = subprocess.Popen([sys.executable, "-m", "jobdesk", "--data-dir", str(data_dir),
                             *args], env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)
    out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_attach_from_a_terminal_shows_in_the_open_window(qtbot, running, data_dir, tmp_path):
    window = running
    app_id = click_row(qtbot, window, 0)
    panel = window.documents_panel
    assert panel.application_id == app_id and panel.attached() == []
    cv = tmp_path / "cv-data-roles.pdf"
    cv.write_bytes(b"%PDF-1.4 a resume\n" * 100)

    # the command is allowed while the window holds the lock, and both can write
    result = run_jobdesk(qtbot, data_dir, "attach", str(cv), "--application", str(app_id))
    assert result.returncode == 0, result.stderr
    assert f"application #{app_id}" in result.stdout

    # within a few seconds, without a restart: the documents panel and the library show it
    qtbot.waitUntil(lambda: [a.original_name for a in panel.attached()]
                    == ["cv-data-roles.pdf"], timeout=6000)
    window.tabs.setCurrentWidget(window.library)
    (stored,) = window.services.documents.library()
    assert stored.application_ids == {app_id}
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1)
    assert stored.label in window.library.model.index(0, 0).data()

    # the window still writes after the other process did (no lock or stale snapshot)
    view = window.views[Entity.APPLICATION]
    window.tabs.setCurrentWidget(view)
    index = view.model.index(view.model.row_of(app_id), 1)  # the job title
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "Data Engineer (edited)")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.table.state() != view.table.State.EditingState)
    assert window.services.applications.get(app_id).job_title == "Data Engineer (edited)"


def test_other_processes_edits_reach_the_tables(qtbot, running, data_dir):
    """A rename and a new application written by another process show in the open tables."""
    window = running
    companies = window.models[Entity.COMPANY]
    applications = window.models[Entity.APPLICATION]
    first = window.services.companies.list()[0]
    before = applications.total_count()
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from jobdesk.cli import CommandContext\n"
        "s = CommandContext(Path(sys.argv[1]), None).open_services()\n"
        f"s.companies.update({first.id}, name='Renamed elsewhere')\n"
        f"s.applications.create(company_id={first.id}, job_title='Made in a terminal')\n"
        "s.store.db.close()\n")
    proc = subprocess.run([sys.executable, "-c", code, str(data_dir)], env=_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    qtbot.waitUntil(lambda: applications.total_count() == before + 1, timeout=6000)
    row = companies.row_of(first.id)
    qtbot.waitUntil(lambda: companies.index(row, 0).data() == "Renamed elsewhere")
    window.views[Entity.APPLICATION].search.setFocus()
    qtbot.keyClicks(window.views[Entity.APPLICATION].search, "made in a terminal")
    assert applications.rowCount() == 1
    assert applications.index(0, 0).data() == "Renamed elsewhere"


def test_a_file_handed_to_the_running_window_opens_the_attach_flow(qtbot, running, data_dir,
                                                                  tmp_path):
    window = running
    app_id = click_row(qtbot, window, 1)
    letter = tmp_path / "cover-letter.txt"
    letter.write_text("Dear hiring team,\n")
    result = run_jobdesk(qtbot, data_dir, str(letter))  # through the real instance socket
    assert result.returncode == 0, result.stderr
    assert "already runs" in result.stderr
    panel = window.documents_panel
    qtbot.waitUntil(lambda: [a.original_name for a in panel.attached()]
                    == ["cover-letter.txt"], timeout=10_000)
    links = window.services.documents.for_application(app_id)
    assert [d.original_name for d in links] == ["cover-letter.txt"]
    assert not any("Asked to open" in m for m in window.messages)


def test_a_handed_file_goes_to_the_action_selected_on_today(qtbot, running, data_dir,
                                                            tmp_path):
    """The page in front decides: with Today in front, the selected action's application
    gets the file, not a row still selected in the hidden Applications table."""
    from tests.gui.test_action_routing import click_proposal

    window = running
    hidden = click_row(qtbot, window, 1)
    window.tabs.setCurrentWidget(window.today_view)
    proposal = click_proposal(qtbot, window, lambda p: p.application_id not in (None, hidden))
    resume = tmp_path / "resume.txt"
    resume.write_text("Resume\n")
    result = run_jobdesk(qtbot, data_dir, str(resume))
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: [d.original_name for d in window.services.documents
                             .for_application(proposal.application_id)] == ["resume.txt"],
                    timeout=10_000)
    assert window.services.documents.for_application(hidden) == []


def test_a_handed_file_with_nothing_selected_offers_the_library(qtbot, running, data_dir,
                                                               tmp_path):
    window = running
    window.views[Entity.APPLICATION].table.clearSelection()
    sheet = tmp_path / "portfolio.pdf"
    sheet.write_bytes(b"%PDF portfolio")
    result = run_jobdesk(qtbot, data_dir, str(sheet))
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: window.handed_files.question is not None
                    and window.handed_files.question.isVisible(), timeout=10_000)
    box = window.handed_files.question
    assert "No application is selected" in box.text() and "portfolio.pdf" in box.text()
    keep = next(b for b in box.buttons()
                if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    assert keep.text() == "Keep in library"
    with qtbot.waitSignal(window.document_store.sig_batch_finished, timeout=10_000):
        qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    (stored,) = window.services.documents.library()
    assert stored.latest.original_name == "portfolio.pdf"
    assert stored.application_ids == frozenset()


def test_a_handed_invitation_goes_to_the_calendar_import(qtbot, running, data_dir):
    window = running
    app_id = click_row(qtbot, window, 2)
    invite = Path(__file__).resolve().parents[1] / "data" / "ics" / "interview_invite.ics"
    before = len(window.services.events.list())
    result = run_jobdesk(qtbot, data_dir, str(invite))
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: len(window.services.events.list()) == before + 1, timeout=10_000)
    new = max(window.services.events.list(), key=lambda e: e.id)
    assert new.application_id == app_id
    assert any("interview_invite.ics: 1 event added" in m for m in window.messages)
