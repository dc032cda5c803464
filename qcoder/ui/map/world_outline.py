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
    """Equirectangular: longitude and latitude scaled linearly (one scale for both) into ``rect``.

    ``extent`` (west, east, south, north) is the part of the world shown; by default the whole
    latitude band of the figure. :meth:`fitted` chooses an extent around given positions.
    """

    def __init__(self, rect: QRectF, extent: tuple[float, float, float, float] | None = None) -> None:
        self.rect = rect
        self.west, self.east, self.south, self.north = extent or (-180.0, 180.0, SOUTH, NORTH)
        self.scale_x = rect.width() / (self.east - self.west)
        self.scale_y = rect.height() / (self.north - self.south)

    def point(self, lat: float, lon: float) -> QPointF:
        return QPointF(
            self.rect.left() + (lon - self.west) * self.scale_x,
            self.rect.top() + (self.north - lat) * self.scale_y,
        )

    def position(self, point: QPointF) -> tuple[float, float]:
        """(lat, lon) of a point of the figure (the inverse of :meth:`point`)."""
        return (self.north - (point.y() - self.rect.top()) / self.scale_y,
                self.west + (point.x() - self.rect.left()) / self.scale_x)

    def transform(self) -> QTransform:
        """From :func:`land_path` units (lon, -lat) to the figure."""
        return QTransform(self.scale_x, 0, 0, self.scale_y, self.rect.left() - self.west * self.scale_x,
                          self.rect.top() + self.north * self.scale_y)

    @staticmethod
    def aspect() -> float:
        return 360.0 / (NORTH - SOUTH)

    @staticmethod
    def fitted(positions: list[tuple[float, float]], aspect: float, margin: float = 0.08) -> tuple[float, float, float, float]:
        """The smallest extent of ``aspect`` (width / height in degrees) holding every (lat, lon),
        with ``margin`` of its size around them, within the world's band."""
        if not positions:
            return (-180.0, 180.0, SOUTH, NORTH)
        lats, lons = [p[0] for p in positions], [p[1] for p in positions]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        width, height = max(east - west, 20.0), max(north - south, 12.0)
        width, height = width * (1 + 2 * margin), height * (1 + 2 * margin)
        if width / height < aspect:
            width = height * aspect
        else:
            height = width / aspect
        width, height = min(width, 360.0), min(height, NORTH - SOUTH)
        centre_lon, centre_lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
        west = min(max(centre_lon - width / 2, -180.0), 180.0 - width)
        south = min(max(centre_lat - height / 2, SOUTH), NORTH - height)
        return (west, west + width, south, south + height)
