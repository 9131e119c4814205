"""What goes into the PyInstaller bundle; used by packaging/jobdesk.spec.

JobDesk is a Qt Widgets app using QtCore, QtGui, QtWidgets and QtSvg (the SVG icon), with QtNetwork
(QLocalServer) and QtDBus (Linux desktop services) linked in by Qt itself. PyInstaller's Qt hooks
collect every plugin of every module they see, and every Qt translation. This module drops what a
desktop Widgets app does not load, the system libraries every Linux desktop has, and then the
libraries only those dropped files needed; it also rewrites ICU's data library without the parts
Qt never reads, with ICU's own icupkg and genccode. Measured saving: docs/decisions.md,
"Packaging".
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
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

# Linux: libraries every desktop that can run the bundle already has, left to the system. The
# bundle needs glibc 2.35 anyway (Ubuntu 22.04, Debian 12, Fedora 36 and later), and these are
# on all of them: the AppImage project's excludelist (C++ runtime, zlib, GLib, X11, fontconfig,
# FreeType, expat, GL), libdbus-1 (D-Bus needs the system's daemon, which ships it) and OpenSSL 3
# (libssl/libcrypto, for Python's ssl and hashlib: the system's copy gets security updates and
# knows where its distribution keeps the CA certificates; a bundled Debian build looks in
# /usr/lib/ssl, which Fedora or Arch do not have, so TLS to the SMTP server would fail there).
# The libraries only these needed go too (libsystemd, libgcrypt, libpcre2, libpng...).
# README.md, "Building a stand-alone app", lists what the bundle needs from the system.
SYSTEM_LIBRARIES: list[str] = [
    "libstdc++.so.*", "libgcc_s.so.*", "libz.so.*", "libglib-2.0.so.*", "libgthread-2.0.so.*",
    "libX11.so.*", "libX11-xcb.so.*", "libxcb.so.*", "libXau.so.*", "libXdmcp.so.*",
    "libfontconfig.so.*", "libfreetype.so.*", "libexpat.so.*", "libgpg-error.so.*",
    "libuuid.so.*", "libcom_err.so.*", "libGL.so.*", "libEGL.so.*", "libGLX.so.*",
    "libOpenGL.so.*", "libGLdispatch.so.*", "libdrm.so.*", "libharfbuzz.so.*",
    "libdbus-1.so.*", "libssl.so.3", "libcrypto.so.3",
]

# Qt uses ICU for collation (QCollator), legacy text encodings (QStringConverter), locale-aware
# case mapping and time-zone display names (QTimeZone), nothing else: it imports only ucol_*,
# ucnv_*, ucal_* and u_strTo{Lower,Upper} from ICU. These trees of ICU's data are read only by the
# ICU APIs Qt never calls (break iteration, number and unit formatting, display names of
# languages, currencies and units, transliteration, spelled-out numbers); they are 14 of the
# 32 MB of libicudata. Kept: converters, collation, time zones, locale and supplemental data.
ICU_DROPPED_TREES: tuple[str, ...] = ("brkitr", "unit", "curr", "lang", "translit", "rbnf")

# JobDesk ships no translations (its own strings are English), so Qt's standard-dialog
# translations would only make its dialogs half-translated.
DROPPED_DATAS: list[str] = ["*/translations/*.qm"]

# The parts of resources/ the app reads at run time.
RESOURCE_PATTERNS: tuple[str, ...] = ("icons/*.svg", "icons/*.png", "icons/README.md",
                                      "icons/LICENSE", "icons/actions/*.svg", "help/*.html",
                                      "templates/**/*")


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
                    | None = None, system_libraries: Iterable[str] = ()):
    """Drop DROPPED_BINARIES and the ``system_libraries`` (file-name patterns; the spec passes
    SYSTEM_LIBRARIES on Linux), then every library that only they needed.

    ``get_imports(path)`` lists a binary's link-time dependencies as (name, resolved path);
    the spec passes PyInstaller's own ``bindepend.get_imports``.
    """
    system_libraries = tuple(system_libraries)

    def drop(entry) -> bool:
        dest = _dest(entry)
        return (_matches(dest, DROPPED_BINARIES)
                or _matches(dest.rsplit("/", 1)[-1], system_libraries))

    dropped = [b for b in binaries if drop(b)]
    kept = [b for b in binaries if not drop(b)]
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


def _elf_needed(path: str) -> set[str]:
    """The libraries an ELF file names itself (DT_NEEDED), read with objdump."""
    out = subprocess.run(["objdump", "-p", path], check=True, capture_output=True,
                         text=True).stdout
    return {parts[1] for parts in (line.split() for line in out.splitlines())
            if len(parts) == 2 and parts[0] == "NEEDED"}


def direct_imports(get_imports: Callable[[str], Iterable[tuple[str, str | None]]]):
    """PyInstaller's ``get_imports`` on Linux lists every library ``ldd`` loads (the whole
    tree); keep those the binary names itself, so a library reached only through a dropped one
    is found to be an orphan (libpcre2 through libglib, libsystemd through libdbus-1)."""
    def imports(path: str):
        needed = _elf_needed(path)
        return [(name, resolved) for name, resolved in get_imports(path) if name in needed]
    return imports


# ICU's own tools do the package work: icupkg lists and removes items, genccode writes the data
# back as an object file. Debian and Ubuntu ship them in icu-devtools (in /usr/sbin).
ICU_TOOLS = ("icupkg", "genccode")
ICU_TOOLS_MISSING = ("trimming ICU's data needs ICU's tools icupkg and genccode: install them "
                     "(Debian, Ubuntu: apt-get install icu-devtools; Fedora, Arch: package icu)")


def icu_tool(name: str) -> str | None:
    """Where an ICU tool is; Debian puts icupkg and genccode in /usr/sbin, not on a user's PATH."""
    return shutil.which(name) or shutil.which(name, path=os.pathsep.join(("/usr/sbin", "/sbin")))


def missing_icu_tools() -> str | None:
    """What to install before ICU's data can be trimmed, or None."""
    if not all(icu_tool(tool) for tool in ICU_TOOLS):
        return ICU_TOOLS_MISSING
    if not shutil.which("ld"):
        return "trimming ICU's data needs ld: install binutils (apt-get install binutils)"
    return None


def dropped_icu_items(names: Iterable[str], dropped_trees: Iterable[str] = ICU_DROPPED_TREES
                      ) -> list[str]:
    """The items (as ``icupkg -l`` names them: ``brkitr/char.brk``, ``de.res``) in the dropped
    trees."""
    dropped = set(dropped_trees)
    return [name for name in names if "/" in name and name.split("/", 1)[0] in dropped]


def _run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()}")
    return result.stdout


def _elf_symbol(path: Path, prefix: str) -> tuple[str, int, int]:
    """(name, file offset, size) of the exported data symbol ``<prefix>..._dat`` (read with
    objdump, which PyInstaller needs on Linux anyway)."""
    def objdump(flag: str) -> list[list[str]]:
        return [line.split() for line in _run("objdump", flag, str(path)).splitlines()]

    found = [p for p in objdump("-T") if p and p[-1].startswith(prefix) and p[-1].endswith("_dat")]
    if len(found) != 1:
        raise ValueError(f"{path.name} does not export one {prefix}*_dat symbol")
    name, address, size, section = found[0][-1], int(found[0][0], 16), int(found[0][-2], 16), \
        found[0][-3]
    for parts in objdump("-h"):
        if len(parts) >= 6 and parts[1] == section:
            vma, file_offset = int(parts[3], 16), int(parts[5], 16)
            return name, address - vma + file_offset, size
    raise ValueError(f"{path.name}: no section {section}")


def icu_data(library: Path, dest: Path) -> str:
    """Write the ICU common data (a ``.dat`` package) a ``libicudata.so.NN`` carries in its
    ``icudtNN_dat`` symbol to ``dest``; return the symbol's name."""
    name, offset, size = _elf_symbol(library, "icudt")
    with Path(library).open("rb") as fh:
        fh.seek(offset)
        dest.write_bytes(fh.read(size))
    return name


def icu_items(package: Path) -> list[str]:
    """The items of an ICU ``.dat`` package, listed by icupkg."""
    return _run(icu_tool("icupkg") or "icupkg", "--auto_toc_prefix", "-l", str(package)).split()


def trimmed_icu_library(library: Path, workdir: Path,
                        dropped_trees: Iterable[str] = ICU_DROPPED_TREES) -> Path:
    """A copy of ``libicudata.so.NN`` holding only the ICU data Qt can use (ICU_DROPPED_TREES
    removed by icupkg), written as an object by genccode and linked by ``ld`` under the same
    soname and symbol."""
    problem = missing_icu_tools()
    if problem:
        raise RuntimeError(problem)
    icupkg, genccode = (icu_tool(tool) or tool for tool in ICU_TOOLS)
    library = Path(library).resolve()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    full, trimmed, dropped = workdir / "full.dat", workdir / "trimmed.dat", workdir / "dropped.txt"
    symbol = icu_data(library, full)
    dropped.write_text("".join(f"{name}\n" for name in dropped_icu_items(icu_items(full),
                                                                         dropped_trees)))
    # --auto_toc_prefix: the items keep their icudtNNl/ prefix whatever the file is called
    _run(icupkg, "--auto_toc_prefix", "-w", "-r", str(dropped), str(full), str(trimmed))
    # -o: an ELF object, no assembler; -m: for the CPU and word size of the wheel's own library
    _run(genccode, "-q", "-o", "-m", str(library), "-e", symbol.removesuffix("_dat"),
         "-d", str(workdir), "-f", "icudata", str(trimmed))
    out = workdir / library.name
    _run("ld", "-shared", "-z", "noexecstack", "-soname", library.name, "-o", str(out),
         str(workdir / "icudata.o"))
    return out


def trim_icu(binaries, workdir: Path):
    """Replace the bundled libicudata (Linux PySide6 wheels ship ICU) by its trimmed copy."""
    result = []
    for entry in binaries:
        dest = _dest(entry)
        if fnmatch.fnmatch(dest.rsplit("/", 1)[-1], "libicudata.so.*"):
            trimmed = trimmed_icu_library(Path(entry[1]), Path(workdir) / "icu")
            entry = (entry[0], str(trimmed), *entry[2:])
        result.append(entry)
    return result


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
