"""The ICU data the bundle keeps: the dropped trees gone (ICU's icupkg and genccode do the
package work), the library under the same soname and symbol, and Qt answering the same with the
trimmed library as with the full one."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_filter  # noqa: E402

CI_RUN = ROOT / ".ci" / "run"


def require_tools() -> None:
    """binutils are a build requirement everywhere; icu-devtools may be absent on a developer's
    machine, and then only because .ci/run installs it (so CI always runs these tests)."""
    if not all(shutil.which(t) for t in ("objdump", "ld")):
        pytest.fail("binutils (objdump, ld) are needed to build the bundle")
    if not all(bundle_filter.icu_tool(t) for t in bundle_filter.ICU_TOOLS):
        assert "icu-devtools" in CI_RUN.read_text(encoding="utf-8")
        pytest.skip(bundle_filter.ICU_TOOLS_MISSING)


def test_ci_and_readme_install_the_icu_tools():
    ci = CI_RUN.read_text(encoding="utf-8")
    assert 'qt_libs="$qt_libs icu-devtools"' in ci
    assert 'command -v "$tool"' in ci
    assert all(tool in ci for tool in bundle_filter.ICU_TOOLS)
    assert "apt-get install icu-devtools" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "apt-get install icu-devtools" in bundle_filter.ICU_TOOLS_MISSING


def test_dropped_items_are_those_in_the_dropped_trees():
    names = ["brkitr/char.brk", "coll/de.res", "de.res", "unit/de.res", "cnvalias.icu",
             "curr/supplementalData.res", "translit/root.res", "zone/de.res", "brkitr.res"]
    assert bundle_filter.dropped_icu_items(names) == [
        "brkitr/char.brk", "unit/de.res", "curr/supplementalData.res", "translit/root.res"]
    assert bundle_filter.dropped_icu_items(names, ("coll",)) == ["coll/de.res"]


def test_a_missing_icu_tool_stops_the_build_and_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(bundle_filter, "icu_tool", lambda name: None)
    library = tmp_path / "libicudata.so.73"
    library.write_bytes(b"")
    with pytest.raises(RuntimeError, match="apt-get install icu-devtools"):
        bundle_filter.trim_icu([("libicudata.so.73", str(library), "BINARY")], tmp_path)
    spec = importlib.util.spec_from_file_location("jobdesk_packaging_build",
                                                  ROOT / "packaging" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    if sys.platform.startswith("linux"):  # PyInstaller and objdump are test requirements
        assert build.check_tools() == bundle_filter.ICU_TOOLS_MISSING
        assert build.check_tools(lean=False) is None  # only the lean spec trims ICU


@pytest.fixture(scope="module")
def icu(tmp_path_factory) -> dict[str, Path]:
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux wheels ship ICU")
    require_tools()
    import PySide6

    tmp = tmp_path_factory.mktemp("icu")
    full = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return {"full": full, "trimmed": bundle_filter.trimmed_icu_library(full, tmp / "icu"),
            "tmp": tmp}


def test_trimmed_library_keeps_soname_symbol_and_every_other_item(icu):
    full, trimmed, tmp = icu["full"], icu["trimmed"], icu["tmp"]
    assert trimmed.name == full.name
    assert f"SONAME               {full.name}" in subprocess.run(
        ["objdump", "-p", str(trimmed)], capture_output=True, text=True, check=True).stdout
    symbol = bundle_filter.icu_data(full, tmp / "full-again.dat")
    assert bundle_filter.icu_data(trimmed, tmp / "trimmed-again.dat") == symbol
    assert symbol.startswith("icudt") and symbol.endswith("_dat")
    full_items = bundle_filter.icu_items(tmp / "full-again.dat")
    kept = bundle_filter.icu_items(tmp / "trimmed-again.dat")
    dropped = bundle_filter.dropped_icu_items(full_items)
    assert {name.split("/")[0] for name in dropped} == set(bundle_filter.ICU_DROPPED_TREES)
    assert kept == [name for name in full_items if name not in set(dropped)]
    assert trimmed.stat().st_size < 0.6 * full.stat().st_size


# Every ICU call Qt makes (QtCore imports only ucol_*, ucnv_*, ucal_* and case mapping)
PROBE = r"""
from PySide6.QtCore import QCollator, QLocale, QStringConverter, QStringDecoder, QTimeZone
words = ["zebra", "Äpfel", "apple", "Österreich", "ångström", "Zürich", "ıiİI", "中文", "日本"]
for loc in ["de_DE", "sv_SE", "tr_TR", "ja_JP", "zh_CN", "fr_FR"]:
    c = QCollator(QLocale(loc))
    print(loc, [c.compare(a, b) for a in words for b in words])
    print(loc, QLocale(loc).toUpper("istanbul straße"), QLocale(loc).toLower("İSTANBUL"))
T, N = QTimeZone.TimeType, QTimeZone.NameType
for zone in [b"Europe/Berlin", b"America/New_York", b"Asia/Kolkata", b"Australia/Lord_Howe"]:
    tz = QTimeZone(zone)
    print(zone, tz.isValid(), QTimeZone.isTimeZoneIdAvailable(zone))
    for loc in ["en_US", "de_DE", "ja_JP"]:
        print([tz.displayName(t, n, QLocale(loc)) for t in (T.StandardTime, T.DaylightTime,
               T.GenericTime) for n in (N.LongName, N.ShortName, N.DefaultName)])
for name in ["Shift_JIS", "windows-1252", "KOI8-R", "GB18030", "Big5", "EUC-KR"]:
    print(name, QStringDecoder(name).isValid())
print(len(QStringConverter.availableCodecs()))
"""


def test_qt_answers_the_same_with_the_trimmed_icu_data(icu):
    full, trimmed, tmp_path = icu["full"], icu["trimmed"], icu["tmp"]

    def probe(preload: Path | None) -> str:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if preload:  # the dynamic linker takes the preloaded soname for Qt's libicudata
            env["LD_PRELOAD"] = str(preload)
        result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                                timeout=120, env=env)
        assert result.returncode == 0, result.stderr
        assert not result.stderr  # e.g. "Could not create collator"
        return result.stdout

    expected = probe(None)
    assert "Mitteleuropäische Sommerzeit" in expected and "Shift_JIS True" in expected
    assert probe(trimmed) == expected
    # and the probe can tell: without the collation and zone trees the answers change
    crippled = bundle_filter.trimmed_icu_library(
        full, tmp_path / "crippled", (*bundle_filter.ICU_DROPPED_TREES, "coll", "zone"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LD_PRELOAD": str(crippled)}
    worse = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                           timeout=120, env=env)
    assert worse.stdout != expected
