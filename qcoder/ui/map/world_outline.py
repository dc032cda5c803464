"""The bundled Natural Earth land outline as one painter path in an equirectangular projection."""

from __future__ import annotations

import json
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QTransform

from qcoder.core.resources import resource

NORTH, SOUTH = 84.0, -58.0
"""The figure's latitude band: Antarctica and the far north carry no organisations."""


@lru_cache(maxsize=1)
def land_path() -> QPainterPath:
    """Land in (longitude, -latitude) units; each ring drawn again shifted by ±360°.

    The rings are unwrapped across the antimeridian (see ``resources/world/README.md``); the
    shifted copies fill what a ring pushes past ±180°, and the caller clips to the map.
    """
    data = json.loads(resource("world", "land-110m.json").read_text(encoding="utf-8"))
    path = QPainterPath()
    path.setFillRule(path.fillRule().WindingFill)
    for ring in data["rings"]:
        if len(ring) < 3:
            continue
        for shift in (-360.0, 0.0, 360.0):
            xs = [x + shift for x, _ in ring]
            if max(xs) < -180 or min(xs) > 180:
                continue
            path.moveTo(QPointF(ring[0][0] + shift, -ring[0][1]))
            for x, y in ring[1:]:
                path.lineTo(QPointF(x + shift, -y))
            path.closeSubpath()
    return path


class Projection:
    """Equirectangular: longitude and latitude scaled linearly into ``rect``."""

    def __init__(self, rect: QRectF) -> None:
        self.rect = rect
        self.scale_x = rect.width() / 360.0
        self.scale_y = rect.height() / (NORTH - SOUTH)

    def point(self, lat: float, lon: float) -> QPointF:
        return QPointF(
            self.rect.left() + (lon + 180.0) * self.scale_x,
            self.rect.top() + (NORTH - lat) * self.scale_y,
        )

    def transform(self) -> QTransform:
        """From :func:`land_path` units (lon, -lat) to the figure."""
        return QTransform(self.scale_x, 0, 0, self.scale_y, self.rect.left() + 180 * self.scale_x,
                          self.rect.top() + NORTH * self.scale_y)

    @staticmethod
    def aspect() -> float:
        return 360.0 / (NORTH - SOUTH)
