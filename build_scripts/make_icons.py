"""Render resources/icons/earchive.svg to the PNG and ICO files the installers need.

``python build_scripts/make_icons.py [OUT_DIR]`` writes, into OUT_DIR (default
``build/icons``):

* ``earchive.png`` (256 x 256): the Linux menu icon (.desktop, hicolor theme);
* ``earchive-<n>.png`` for n in :data:`SIZES`;
* ``earchive.ico``: the Windows executable and installer icon, one PNG-compressed
  image per size (the ICO format allows PNG entries since Windows Vista).

The files are generated at build time, never committed.  Qt's SVG renderer comes
from PySide6 (the ``gui`` extra); it runs offscreen, so no display is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

#: Repository root (this file lives in build_scripts/).
ROOT = Path(__file__).resolve().parents[1]
#: The one source of the application icon.
SVG = ROOT / "resources" / "icons" / "earchive.svg"
#: Sizes Windows picks from (taskbar, Explorer views, installer); 256 is also the Linux icon.
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    """The SVG rendered to a transparent ``size`` x ``size`` PNG; raises RuntimeError if it cannot be."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render_png.app = QGuiApplication([sys.argv[0]])  # kept alive for the following calls
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"cannot encode a {size}px PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding the given PNG images (ICONDIR, one ICONDIRENTRY each, then the data)."""
    count = len(pngs)
    header = struct.pack("<HHH", 0, 1, count)  # reserved, type 1 = icon, image count
    offset = 6 + 16 * count
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def make_icons(out_dir: Path) -> list[Path]:
    """Write the PNGs and the ICO into ``out_dir``; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = {size: render_png(size) for size in SIZES}
    written = []
    for size, png in pngs.items():
        path = out_dir / f"earchive-{size}.png"
        path.write_bytes(png)
        written.append(path)
    main_png = out_dir / "earchive.png"
    main_png.write_bytes(pngs[256])
    ico = out_dir / "earchive.ico"
    ico.write_bytes(ico_bytes(pngs))
    return [main_png, ico, *written]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    for file in make_icons(target):
        print(file)
