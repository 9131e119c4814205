"""What goes into the PyInstaller bundle; used by packaging/jobdesk.spec.

JobDesk is a Qt Widgets app using QtCore, QtGui, QtWidgets and QtSvg (the SVG icon), with QtNetwork
(QLocalServer) and QtDBus (Linux desktop services) linked in by Qt itself. PyInstaller's Qt hooks
collect every plugin of every module they see, and every Qt translation. This module drops what a
desktop Widgets app does not load, and then the libraries only those dropped files needed.
Measured saving: docs/decisions.md, "Packaging".
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from pathlib import Path

# Python modules JobDesk never imports; some are pulled in by optional imports of libraries.
EXCLUDED_MODULES: list[str] = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data",
    "test", "distutils", "setuptools", "pip", "pkg_resources",
    "numpy", "PIL", "IPython",
    # Qt modules JobDesk does not use (PySide6-Essentials ships them all)
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickControls2", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest", "PySide6.QtOpenGLWidgets", "PySide6.QtPrintSupport",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml", "PySide6.QtConcurrent",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtSvgWidgets",
    "PySide6.QtStateMachine", "PySide6.QtNetworkAuth", "PySide6.QtWebSockets",
    "PySide6.QtHttpServer",
]

# Bundle paths (POSIX separators) of Qt plugins a desktop Widgets app never loads. The plugin
# folder is PySide6/Qt/plugins on Linux and macOS and PySide6/plugins on Windows.
DROPPED_BINARIES: list[str] = [
    # embedded/kiosk platforms, VNC, Vulkan display, the null "minimal" platforms
    "*/plugins/platforms/*eglfs*", "*/plugins/platforms/*linuxfb*",
    "*/plugins/platforms/*minimal*", "*/plugins/platforms/*vnc*",
    "*/plugins/platforms/*vkkhrdisplay*", "*/plugins/platforms/*direct2d*",
    "*/plugins/egldeviceintegrations/*", "*/plugins/generic/*",
    # QtNetwork's TLS backends and network-information plugins: mail uses Python's ssl
    "*/plugins/tls/*", "*/plugins/networkinformation/*",
    # the GTK3 theme plugin needs the system's GTK (never bundled; the portal theme stays)
    "*/plugins/platformthemes/*gtk3*",
    # image formats JobDesk does not show (PNG is built into QtGui; SVG and ICO stay)
    "*/plugins/imageformats/*tiff*", "*/plugins/imageformats/*webp*",
    "*/plugins/imageformats/*tga*", "*/plugins/imageformats/*wbmp*",
    "*/plugins/imageformats/*icns*", "*/plugins/imageformats/*jpeg*",
    "*/plugins/imageformats/*gif*", "*/plugins/imageformats/*pdf*",
    # OpenGL window integrations: JobDesk draws no OpenGL (Widgets windows are raster on
    # X11 and wl_shm on Wayland)
    "*/plugins/xcbglintegrations/*", "*/plugins/wayland-graphics-integration-client/*",
    # Wayland: keep the platform, xdg-shell and decorations; drop the shells desktops do not use
    "*/plugins/wayland-graphics-integration-server/*",
    "*/plugins/wayland-shell-integration/*fullscreen-shell*",
    "*/plugins/wayland-shell-integration/*ivi-shell*",
    "*/plugins/wayland-shell-integration/*wl-shell*",
    "*/plugins/wayland-shell-integration/*qt-shell*",
]

# JobDesk ships no translations (its own strings are English), so Qt's standard-dialog
# translations would only make its dialogs half-translated.
DROPPED_DATAS: list[str] = ["*/translations/*.qm"]

# The parts of resources/ the app reads at run time.
RESOURCE_PATTERNS: tuple[str, ...] = ("icons/*.svg", "icons/*.png", "templates/**/*")


def _dest(entry) -> str:
    return str(entry[0]).replace(os.sep, "/")


def _matches(dest: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(dest, p) for p in patterns)


def resource_datas(root: Path) -> list[tuple[str, str]]:
    """resources/ lands at <bundle>/resources, where jobdesk.paths.resources_dir() looks."""
    resources = root / "resources"
    datas = []
    for pattern in RESOURCE_PATTERNS:
        for path in sorted(resources.glob(pattern)):
            if path.is_file():
                rel = path.relative_to(resources).parent
                datas.append((str(path), str(Path("resources") / rel)))
    return datas


def filter_datas(datas):
    return [d for d in datas if not _matches(_dest(d), DROPPED_DATAS)]


def filter_binaries(binaries, get_imports: Callable[[str], Iterable[tuple[str, str | None]]]
                    | None = None):
    """Drop DROPPED_BINARIES, then every library that only they needed.

    ``get_imports(path)`` lists a binary's link-time dependencies as (name, resolved path);
    the spec passes PyInstaller's own ``bindepend.get_imports``.
    """
    dropped = [b for b in binaries if _matches(_dest(b), DROPPED_BINARIES)]
    kept = [b for b in binaries if not _matches(_dest(b), DROPPED_BINARIES)]
    if get_imports is None or not dropped:
        return kept

    by_source = {os.path.realpath(b[1]): b for b in kept}

    def closure(entries) -> set[str]:
        seen: set[str] = set()
        todo = [os.path.realpath(e[1]) for e in entries]
        while todo:
            source = todo.pop()
            for _name, resolved in get_imports(source):
                if not resolved:
                    continue
                real = os.path.realpath(resolved)
                if real in by_source and real not in seen:
                    seen.add(real)
                    todo.append(real)
        return seen

    candidates = closure(dropped)
    roots = [b for b in kept if os.path.realpath(b[1]) not in candidates]
    still_needed = closure(roots)
    orphans = candidates - still_needed
    return [b for b in kept if os.path.realpath(b[1]) not in orphans]


def size_of(path: Path) -> int:
    """Bytes in a file or a folder tree (symlinks not followed)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


WINDOWS_VERSION_TEMPLATE = """\
# UTF-8
# Windows version resource, generated from jobdesk.__version__ by packaging/jobdesk.spec
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={tuple4},
    prodvers={tuple4},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [StringStruct('CompanyName', {org!r}),
         StringStruct('FileDescription', {description!r}),
         StringStruct('FileVersion', {version!r}),
         StringStruct('InternalName', 'jobdesk'),
         StringStruct('LegalCopyright', {copyright!r}),
         StringStruct('OriginalFilename', 'jobdesk.exe'),
         StringStruct('ProductName', {app!r}),
         StringStruct('ProductVersion', {version!r})])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' -> (1, 2, 3, 0); pre-release suffixes ('1.2.0rc1') keep their leading digits."""
    numbers = []
    for part in version.split(".")[:4]:
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        numbers.append(int(digits or 0))
    return tuple([*numbers, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def windows_version_text(version: str, app_name: str, org_name: str) -> str:
    return WINDOWS_VERSION_TEMPLATE.format(
        tuple4=version_tuple(version), version=version, app=app_name, org=org_name,
        description=f"{app_name} job-search desk", copyright=f"MIT licence, {org_name}")


def write_windows_version_file(path: Path, version: str, app_name: str, org_name: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(windows_version_text(version, app_name, org_name), encoding="utf-8")
    return str(path)
