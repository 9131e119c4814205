"""The ICU data the bundle keeps: the package format written back exactly, the dropped trees gone,
and Qt answering the same with the trimmed library as with the full one."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_filter  # noqa: E402


def package(names_and_sizes) -> bytes:
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + struct.pack("<HHBBBB", 20, 0, 0, 0, 2, 0)
    header += b"CmnD" + b"\0" * (32 - 16)
    items = [(name, bytes([n]) * size) for n, (name, size) in enumerate(names_and_sizes)]
    return bundle_filter.icu_package(header, items)


def test_package_round_trip_and_tree_filter():
    blob = package([("icudt73l/brkitr/char.brk", 48), ("icudt73l/coll/de.res", 20),
                    ("icudt73l/de.res", 16), ("icudt73l/unit/de.res", 7)])
    items = bundle_filter.icu_items(blob)
    assert [n for n, _ in items] == ["icudt73l/brkitr/char.brk", "icudt73l/coll/de.res",
                                     "icudt73l/de.res", "icudt73l/unit/de.res"]
    assert bundle_filter.icu_package(blob[:32], items) == blob
    kept = bundle_filter.trim_icu_items(items)
    assert [n for n, _ in kept] == ["icudt73l/coll/de.res", "icudt73l/de.res"]
    assert kept[0][1].startswith(b"\1" * 20) and len(kept[0][1]) % 16 == 0
    trimmed = bundle_filter.icu_package(blob[:32], kept)
    assert [n for n, _ in bundle_filter.icu_items(trimmed)] == [n for n, _ in kept]
    with pytest.raises(ValueError):
        bundle_filter.icu_items(b"\0" * 64)


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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux wheels ship ICU")
def test_qt_answers_the_same_with_the_trimmed_icu_data(tmp_path):
    if not all(shutil.which(t) for t in ("objdump", "as", "ld")):
        pytest.fail("binutils (objdump, as, ld) are needed to build the bundle")
    import PySide6

    full = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    trimmed = bundle_filter.trimmed_icu_library(full, tmp_path / "icu")
    assert trimmed.stat().st_size < 0.6 * full.stat().st_size

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
