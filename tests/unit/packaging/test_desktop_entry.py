"""jobdesk --install-desktop-entry: a .desktop file and hicolor icons under $XDG_DATA_HOME."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobdesk import desktop_entry
from jobdesk.paths import resource

ROOT = Path(__file__).resolve().parents[3]


def parse(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


def test_packaged_entry_is_the_generated_one():
    reference = ROOT / "packaging" / "linux" / "jobdesk.desktop"
    assert reference.read_text(encoding="utf-8") == desktop_entry.desktop_entry_text(["jobdesk"])
    entry = parse(reference)
    assert entry["Icon"] == "jobdesk"
    assert entry["StartupWMClass"] == "jobdesk" == desktop_entry.DESKTOP_FILE_NAME
    assert entry["Categories"] == "Office;"
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"


def test_install_writes_entry_and_every_icon_size(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    files = desktop_entry.install(command=["/opt/Job Desk/jobdesk"])
    entry = parse(tmp_path / "applications" / "jobdesk.desktop")
    assert entry["Exec"] == '"/opt/Job Desk/jobdesk"'
    assert entry["TryExec"] == '"/opt/Job Desk/jobdesk"'
    for size in desktop_entry.ICON_SIZES:
        icon = tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "jobdesk.png"
        assert icon.read_bytes() == resource("icons", f"jobdesk-{size}.png").read_bytes()
    assert (tmp_path / "icons/hicolor/scalable/apps/jobdesk.svg").is_file()
    assert len(files) == 2 + len(desktop_entry.ICON_SIZES)
    assert not list(tmp_path.rglob(".*.tmp"))

    # installing again replaces, uninstalling removes exactly those files
    desktop_entry.install(command=["jobdesk"])
    assert parse(tmp_path / "applications" / "jobdesk.desktop")["Exec"] == "jobdesk"
    removed = desktop_entry.uninstall()
    assert sorted(removed) == sorted(files)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@pytest.mark.parametrize("argument, quoted", [
    ("/usr/bin/jobdesk", "/usr/bin/jobdesk"),
    ("/home/a b/jobdesk", '"/home/a b/jobdesk"'),
    ("/x/100%/jobdesk", "/x/100%%/jobdesk"),
    ('/x/"q"$/jobdesk', '"/x/\\"q\\"\\$/jobdesk"'),
])
def test_exec_arguments_are_quoted_per_the_spec(argument, quoted):
    assert desktop_entry._quote(argument) == quoted


def test_relative_xdg_data_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert desktop_entry.data_home() == tmp_path / ".local" / "share"


def test_command_line_option_points_exec_at_the_running_program(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "jobdesk", "--install-desktop-entry"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    entry = parse(tmp_path / "applications" / "jobdesk.desktop")
    assert entry["Exec"] == f"{desktop_entry._quote(sys.executable)} -m jobdesk"
    assert "installed" in result.stdout


def test_unwritable_target_gives_a_clear_message(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert desktop_entry.run() == 2
    err = capsys.readouterr().err
    assert "could not write the desktop entry" in err and "XDG_DATA_HOME" in err
