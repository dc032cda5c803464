"""The bundled SVG icons, drawn in the palette's text colour so they suit light and dark themes."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication, QIcon, QPalette, QPixmap

from qcoder.core.resources import resource

RENDER_SIZE = 96  # rendered large once; Qt scales down crisply for any DPI


def icon(name: str) -> QIcon:
    colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return _icon(name, colour)


@lru_cache(maxsize=64)
def _icon(name: str, colour: str) -> QIcon:
    svg = resource("icons", f"{name}.svg")
    if not svg.is_file():
        return QIcon()
    data = svg.read_text(encoding="utf-8").replace("#COLOR", colour)
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(data.encode("utf-8")), "SVG")
    return QIcon(pixmap.scaled(RENDER_SIZE, RENDER_SIZE)) if not pixmap.isNull() else QIcon()
