"""What the spec keeps and drops, and the Windows version resource, without running PyInstaller."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from jobdesk import __version__

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_filter  # noqa: E402


def entry(dest: str) -> tuple[str, str, str]:
    return (dest, f"/src/{dest}", "BINARY")


def test_drops_unused_plugins_and_the_libraries_only_they_needed():
    binaries = [entry(d) for d in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
        "libtiff.so.6", "libshared.so.1",
    )]
    needs = {
        "/src/PySide6/Qt/plugins/platforms/libqxcb.so": ["PySide6/Qt/lib/libQt6XcbQpa.so.6"],
        "/src/PySide6/Qt/plugins/platforms/libqeglfs.so": [
            "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "libshared.so.1"],
        "/src/PySide6/Qt/plugins/imageformats/libqtiff.so": ["libtiff.so.6", "libmissing.so"],
        "/src/PySide6/Qt/lib/libQt6XcbQpa.so.6": ["libshared.so.1"],
    }

    def get_imports(path):
        return [(Path(d).name, None if "missing" in d else f"/src/{d}")
                for d in needs.get(path, [])]

    kept = {b[0] for b in bundle_filter.filter_binaries(binaries, get_imports)}
    assert kept == {
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libshared.so.1",  # the eglfs plugin needed it, but so does a kept library
    }


def test_windows_plugin_folder_is_matched_too():
    binaries = [entry("PySide6/plugins/platforms/qdirect2d.dll"),
                entry("PySide6/plugins/platforms/qwindows.dll")]
    assert [b[0] for b in bundle_filter.filter_binaries(binaries)] == [
        "PySide6/plugins/platforms/qwindows.dll"]


def test_translations_are_dropped_and_resources_kept():
    datas = [("PySide6/Qt/translations/qtbase_de.qm", "/x", "DATA"),
             ("resources/icons/jobdesk.svg", "/y", "DATA")]
    assert [d[0] for d in bundle_filter.filter_datas(datas)] == ["resources/icons/jobdesk.svg"]


def test_resource_datas_cover_the_icons_the_app_and_the_desktop_entry_read():
    datas = bundle_filter.resource_datas(ROOT)
    names = {Path(src).name for src, _dest in datas}
    assert {"jobdesk.svg", "jobdesk-16.png", "jobdesk-512.png"} <= names
    assert all(Path(dest).parts[0] == "resources" for _src, dest in datas)
    # the Windows and macOS icon containers are for the executables, not the running app
    assert not names & {"jobdesk.ico", "jobdesk.icns"}


@pytest.mark.parametrize("version, expected", [
    ("0.1.0", (0, 1, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)),
    ("2.0rc1", (2, 0, 0, 0)), ("3", (3, 0, 0, 0)),
])
def test_version_tuple(version, expected):
    assert bundle_filter.version_tuple(version) == expected


def test_windows_version_resource_names_the_version_and_parses(tmp_path):
    path = Path(bundle_filter.write_windows_version_file(
        tmp_path / "v.txt", __version__, "JobDesk", "JobDesk"))
    text = path.read_text(encoding="utf-8")

    # PyInstaller evaluates this file with its versioninfo classes; record the calls instead
    def record(name):
        return lambda *args, **kwargs: (name, args, kwargs)

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
             "StringStruct", "VarFileInfo", "VarStruct")
    info = eval(text, {n: record(n) for n in names})  # our own generated file
    assert info[0] == "VSVersionInfo"
    fixed = info[2]["ffi"]
    assert fixed[2]["filevers"] == bundle_filter.version_tuple(__version__)
    strings = dict(s[1] for s in info[2]["kids"][0][1][0][0][1][1])
    assert strings["ProductVersion"] == __version__
    assert strings["OriginalFilename"] == "jobdesk.exe"
    assert strings["ProductName"] == "JobDesk"


def test_spec_names_the_bundle_identifier_and_a_windowed_app():
    spec = (ROOT / "packaging" / "jobdesk.spec").read_text(encoding="utf-8")
    assert 'bundle_identifier="app.jobdesk.JobDesk"' in spec
    assert "console=False" in spec
    assert "jobdesk.ico" in spec and "jobdesk.icns" in spec


def test_note_templates_are_bundled_with_their_folders(tmp_path):
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "jobdesk.svg").write_text("<svg/>")
    nested = tmp_path / "resources" / "templates" / "follow-up"
    nested.mkdir(parents=True)
    (nested / "first.md.j2").write_text("Dear {{ contact.name }}")
    datas = bundle_filter.resource_datas(tmp_path)
    assert (str(nested / "first.md.j2"), str(Path("resources/templates/follow-up"))) in datas
    assert (str(tmp_path / "resources/icons/jobdesk.svg"), str(Path("resources/icons"))) in datas


def test_system_libraries_go_with_what_only_they_needed():
    binaries = [entry(d) for d in (
        "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6DBus.so.6",
        "libglib-2.0.so.0", "libpcre2-8.so.0", "libdbus-1.so.3", "libsystemd.so.0",
        "libzstd.so.1", "libssl.so.3", "libcrypto.so.3", "libsqlite3.so.0",
    )]
    needs = {  # direct dependencies, as direct_imports() reports them
        "/src/PySide6/Qt/lib/libQt6Core.so.6": ["libglib-2.0.so.0", "libzstd.so.1"],
        "/src/PySide6/Qt/lib/libQt6DBus.so.6": ["libdbus-1.so.3"],
        "/src/libglib-2.0.so.0": ["libpcre2-8.so.0"],
        "/src/libdbus-1.so.3": ["libsystemd.so.0"],
        "/src/libsystemd.so.0": ["libzstd.so.1"],
        "/src/libssl.so.3": ["libcrypto.so.3"],
    }

    def get_imports(path):
        return [(Path(d).name, f"/src/{d}") for d in needs.get(path, [])]

    kept = {b[0] for b in bundle_filter.filter_binaries(
        binaries, get_imports, bundle_filter.SYSTEM_LIBRARIES)}
    assert kept == {"PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6DBus.so.6",
                    "libzstd.so.1",  # Qt needs it itself, not only through libsystemd
                    "libsqlite3.so.0"}
    # without the list (Windows, macOS) nothing goes
    assert len(bundle_filter.filter_binaries(binaries, get_imports)) == len(binaries)


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("objdump"),
                    reason="ELF and binutils only")
def test_direct_imports_keep_what_the_binary_names_itself():
    import _ssl

    # ldd (PyInstaller's get_imports on Linux) lists the whole tree; zlib is not _ssl's own
    def ldd(path):
        return [("libssl.so.3", "/x/libssl.so.3"), ("libcrypto.so.3", "/x/libcrypto.so.3"),
                ("libz.so.1", "/x/libz.so.1")]

    names = {name for name, _ in bundle_filter.direct_imports(ldd)(_ssl.__file__)}
    assert names == {"libssl.so.3", "libcrypto.so.3"}
