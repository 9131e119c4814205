"""The .ico and .icns the spec gives Windows and macOS hold the rendered PNGs, size by size."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ICONS = ROOT / "resources" / "icons"
sys.path.insert(0, str(ROOT / "packaging"))

import render_icons  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    return struct.unpack(">II", data[16:24])


def test_pngs_match_their_names():
    for size in render_icons.SIZES:
        assert png_size((ICONS / f"jobdesk-{size}.png").read_bytes()) == (size, size)


def test_ico_holds_every_windows_size_as_png():
    data = (ICONS / "jobdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(render_icons.ICO_SIZES))
    seen = []
    for n in range(count):
        w, h, _colors, _r, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * n: 22 + 16 * n])
        image = data[offset: offset + length]
        assert len(image) == length
        size = w or 256
        assert png_size(image) == (size, size) and (w, h) == (w, w)
        assert (planes, bpp) == (1, 32)
        seen.append(size)
    assert seen == list(render_icons.ICO_SIZES)


def test_icns_elements_hold_pngs_of_their_declared_size():
    data = (ICONS / "jobdesk.icns").read_bytes()
    magic, total = struct.unpack(">4sI", data[:8])
    assert magic == b"icns" and total == len(data)
    offset, found = 8, {}
    while offset < total:
        kind, length = struct.unpack(">4sI", data[offset: offset + 8])
        found[kind.decode()] = png_size(data[offset + 8: offset + length])[0]
        offset += length
    assert offset == total
    assert found == dict(render_icons.ICNS_TYPES)


def test_committed_containers_are_up_to_date_with_the_pngs(tmp_path):
    for size in render_icons.SIZES:
        (tmp_path / f"jobdesk-{size}.png").write_bytes((ICONS / f"jobdesk-{size}.png").read_bytes())
    for made in render_icons.write_containers(tmp_path):
        assert made.read_bytes() == (ICONS / made.name).read_bytes(), (
            f"{made.name} is stale: run python packaging/render_icons.py")
