"""Renders resources/icons/app.svg into resources/app.ico (16–256 px), the Windows program's icon
(build_installer.spec uses it on Windows; the installer's shortcuts and 「应用和功能」 show it).

    QT_QPA_PLATFORM=offscreen python scripts/windows/make_icon.py
"""

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data())))


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QPainter needs the application)
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg"))
    if not renderer.isValid():
        print("app.svg 无法读取", file=sys.stderr)
        return 1
    largest = render(renderer, SIZES[-1])
    largest.save(ROOT / "resources" / "app.ico", sizes=[(s, s) for s in SIZES],
                 append_images=[render(renderer, s) for s in SIZES[:-1]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
