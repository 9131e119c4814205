"""Linux desktop integration: a freedesktop.org ``.desktop`` entry and hicolor icons.

``jobdesk --install-desktop-entry`` writes them under ``$XDG_DATA_HOME`` (``~/.local/share``) so
JobDesk shows up in the desktop's application menu with its icon, started by the program that ran
the command (the stand-alone bundle or the installed ``jobdesk`` script). Qt-free.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from jobdesk.paths import resource

DESKTOP_FILE_NAME = "jobdesk"  # matches QGuiApplication.setDesktopFileName in app.py
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

DESKTOP_ENTRY_TEMPLATE = """\
[Desktop Entry]
Type=Application
Version=1.5
Name=JobDesk
GenericName=Job Search Desk
Comment=Run your job search: companies, contacts, applications, interviews and follow-ups
Exec={exec_command}
TryExec={try_exec}
Icon=jobdesk
Terminal=false
Categories=Office;
Keywords=job;career;application;interview;recruiter;follow-up;
StartupNotify=true
StartupWMClass=jobdesk
"""


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    # the spec says a relative or empty value is ignored
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def _quote(argument: str) -> str:
    """Quote one Exec argument per the Desktop Entry spec ('%' doubled, specials quoted)."""
    argument = argument.replace("%", "%%")
    if argument and not any(c in argument for c in ' \t\n"\'\\><~|&;$*?#()`='):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def launch_command() -> list[str]:
    """The command that starts the JobDesk that is running now."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script and script.name in ("jobdesk", "jobdesk.exe") and script.exists():
        return [str(script.resolve())]
    return [sys.executable, "-m", "jobdesk"]


def desktop_entry_text(command: list[str]) -> str:
    return DESKTOP_ENTRY_TEMPLATE.format(
        exec_command=" ".join(_quote(a) for a in command), try_exec=_quote(command[0]))


def _write(path: Path, data: bytes) -> None:
    """Write via a temp file and os.replace: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def install(target: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Install the entry and icons under ``target`` (default: $XDG_DATA_HOME); return the files."""
    target = target or data_home()
    command = command or launch_command()
    written = []
    entry = target / "applications" / f"{DESKTOP_FILE_NAME}.desktop"
    _write(entry, desktop_entry_text(command).encode("utf-8"))
    written.append(entry)
    hicolor = target / "icons" / "hicolor"
    for size in ICON_SIZES:
        icon = hicolor / f"{size}x{size}" / "apps" / f"{DESKTOP_FILE_NAME}.png"
        _write(icon, resource("icons", f"jobdesk-{size}.png").read_bytes())
        written.append(icon)
    svg = hicolor / "scalable" / "apps" / f"{DESKTOP_FILE_NAME}.svg"
    _write(svg, resource("icons", "jobdesk.svg").read_bytes())
    written.append(svg)
    # desktops watch the theme folder's time stamp to notice new icons
    os.utime(hicolor)
    return written


def uninstall(target: Path | None = None) -> list[Path]:
    target = target or data_home()
    hicolor = target / "icons" / "hicolor"
    candidates = [target / "applications" / f"{DESKTOP_FILE_NAME}.desktop",
                  hicolor / "scalable" / "apps" / f"{DESKTOP_FILE_NAME}.svg"]
    candidates += [hicolor / f"{s}x{s}" / "apps" / f"{DESKTOP_FILE_NAME}.png" for s in ICON_SIZES]
    removed = []
    for path in candidates:
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def run(uninstalling: bool = False) -> int:
    """The ``--install-desktop-entry`` / ``--uninstall-desktop-entry`` options."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        print("jobdesk: desktop entries are for Linux and BSD desktops; on Windows and macOS "
              "use the installer or drag JobDesk.app to Applications", file=sys.stderr)
        return 1
    try:
        files = uninstall() if uninstalling else install()
    except OSError as exc:
        print(f"jobdesk: could not write the desktop entry: {exc}. Check that "
              f"{data_home()} is writable, or set XDG_DATA_HOME to a folder that is.",
              file=sys.stderr)
        return 2
    if uninstalling:
        print(f"removed {len(files)} files" if files else "no desktop entry was installed")
    else:
        print(f"installed {files[0]} (runs: {shlex.join(launch_command())}) "
              f"and {len(files) - 1} icons under {data_home() / 'icons' / 'hicolor'}")
    return 0
