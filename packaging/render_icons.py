"""Render resources/icons/jobdesk.svg to the PNG sizes desktops and packagers want, and pack
them into jobdesk.ico (Windows) and jobdesk.icns (macOS) for the PyInstaller spec.

Run after editing the SVG:  python packaging/render_icons.py

Both container formats hold the PNGs unchanged (PNG-compressed ICO entries: Windows Vista and
later; PNG ICNS elements: macOS 10.7 and later), so no image library is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element type -> pixel size of the PNG it holds (the @2x types reuse the larger PNGs)
ICNS_TYPES = (("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256),
              ("ic09", 512), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512))


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (sizes up to 256)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns whose elements are the PNGs (types in ICNS_TYPES)."""
    body = b"".join(struct.pack(">4sI", kind.encode(), 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return struct.pack(">4sI", b"icns", 8 + len(body)) + body


def write_containers(icons: Path = ICONS) -> list[Path]:
    pngs = {size: (icons / f"jobdesk-{size}.png").read_bytes() for size in SIZES}
    ico = icons / "jobdesk.ico"
    ico.write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    icns = icons / "jobdesk.icns"
    icns.write_bytes(icns_bytes(pngs))
    return [ico, icns]


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - keeps Qt's font machinery alive
    renderer = QSvgRenderer(str(ICONS / "jobdesk.svg"))
    if not renderer.isValid():
        print("the SVG did not parse", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ICONS / f"jobdesk-{size}.png"
        image.save(str(out))
        print(out)
    for out in write_containers():
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
