"""An inset for exported network figures: a dense region (Europe, say) magnified in a box.

:class:`InsetFigure` wraps a geographic :class:`NetworkPainter`: it picks the region (named,
given as west,east,south,north degrees, or ``auto`` — the densest), marks it on the world map,
puts the magnified copy in a band under the map (so it covers nothing), joined to the region by
two lines, and labels the region's organisations in the inset only, so the crowded labels leave
the main map.
It paints with any ``QPainter``, so PNG and SVG exports (text as text) get the same figure.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from qcoder.core.errors import QcoderError
from qcoder.ui.map import map_style as style
from qcoder.ui.map.network_painter import NetworkPainter
from qcoder.ui.map.network_shapes import NodeShape
from qcoder.ui.map.world_outline import Projection

Extent = tuple[float, float, float, float]
"""(west, east, south, north) in degrees."""

REGIONS: dict[str, Extent] = {
    "europe": (-11.0, 31.0, 35.0, 61.5),
    "north-america": (-125.0, -66.0, 24.0, 50.0),
    "east-asia": (100.0, 146.0, 18.0, 46.0),
}
AUTO = "auto"
DENSE_WINDOW = (40.0, 24.0)
"""Degrees (longitude, latitude) of the window in which ``auto`` counts organisations."""
DENSE_ENOUGH = 4
"""``auto`` draws no inset for a region of fewer organisations than this."""
INSET_HEIGHT = 0.8
"""The inset's height as a share of the map's."""
MARGIN = 18.0
"""Around the inset, in pixels at 1600 wide."""


def parse_inset(text: str) -> str | Extent:
    """``auto``, a region's name (see :data:`REGIONS`) or ``W,E,S,N`` degrees; else a clear error."""
    name = text.strip().lower()
    if name == AUTO or name in REGIONS:
        return name
    try:
        west, east, south, north = (float(part) for part in name.split(","))
    except ValueError:
        raise QcoderError(f"an inset is 'auto', one of {', '.join(REGIONS)} or WEST,EAST,SOUTH,NORTH degrees, "
                          f"not '{text}'") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise QcoderError(f"the inset {text} is not a region: west < east within ±180, south < north within ±90")
    return west, east, south, north


def densest_extent(positions: list[tuple[float, float]]) -> Extent | None:
    """The organisations' extent in the window of :data:`DENSE_WINDOW` that holds the most of them."""
    best: list[tuple[float, float]] = []
    for lat, lon in positions:
        inside = [(a, b) for a, b in positions
                  if abs(b - lon) <= DENSE_WINDOW[0] / 2 and abs(a - lat) <= DENSE_WINDOW[1] / 2]
        if len(inside) > len(best):
            best = inside
    if len(best) < DENSE_ENOUGH:
        return None
    lats, lons = [p[0] for p in best], [p[1] for p in best]
    width, height = max(max(lons) - min(lons), 6.0) * 1.1 + 5.0, max(max(lats) - min(lats), 4.0) * 1.1 + 4.0
    centre_lon, centre_lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    return centre_lon - width / 2, centre_lon + width / 2, centre_lat - height / 2, centre_lat + height / 2


class InsetPainter(NetworkPainter):
    """The magnified region: the main figure's nodes and links, no title or legend of its own."""

    def __init__(self, main: NetworkPainter, extent: Extent) -> None:
        super().__init__(main.network, "geographic", title="", places=main.places, fit=False)
        self.main, self.extent = main, extent

    def layout(self, rect: QRectF) -> None:
        self.rect, self.map_rect, self.unit = QRectF(rect), QRectF(rect), self.main.unit
        self.projection = Projection(rect, self.extent)
        self.nodes = {}
        for name, shape in self.main.nodes.items():
            lat, lon = self.main.places[name] if name in self.main.places else (shape.node.lat, shape.node.lon)
            assert lat is not None and lon is not None  # the geographic map holds only placed nodes
            self.nodes[name] = NodeShape(shape.node, self.projection.point(lat, lon), shape.radius)
        self._layout_links()
        self.min_weight, self.max_weight = self.main.min_weight, self.main.max_weight  # the legend's widths
        self._place_labels()

    def _legend_rect(self) -> QRectF:
        return QRectF()

    def _paint_header(self, painter: QPainter) -> None:
        pass

    def _paint_legend(self, painter: QPainter) -> None:
        pass


class InsetFigure:
    """A geographic network figure with an inset of ``region`` (see :func:`parse_inset`)."""

    def __init__(self, main: NetworkPainter, region: str | Extent = AUTO) -> None:
        if main.layout_name != "geographic":
            raise QcoderError("an inset magnifies part of the world map: use the geographic layout")
        self.main = main
        self.region = parse_inset(region) if isinstance(region, str) else region
        self.title = main.title
        self.rect = QRectF()
        self.inset: InsetPainter | None = None
        self.box = QRectF()
        self.region_rect = QRectF()

    def _strip(self, width: float) -> float:
        """The height of the band under the map that holds the inset."""
        return INSET_HEIGHT * width / Projection.aspect() + 2 * MARGIN * max(0.7, width / 1600.0)

    def preferred_height(self, width: float) -> float:
        return self.main.preferred_height(width) + self._strip(width)

    def extent(self) -> Extent | None:
        if isinstance(self.region, tuple):
            return self.region
        if self.region != AUTO:
            return REGIONS[self.region]
        return densest_extent([self.main.projection.position(s.centre) for s in self.main.nodes.values()])

    def layout(self, rect: QRectF) -> None:
        main = self.main
        self.rect = QRectF(rect)
        main.unlabelled, main.obstacles = set(), []
        strip = self._strip(rect.width())
        main.layout(QRectF(rect.left(), rect.top(), rect.width(), max(rect.height() - strip, rect.height() * 0.5)))
        extent = self.extent()
        self.inset, self.box, self.region_rect = None, QRectF(), QRectF()
        if extent is None:
            return
        west, east, south, north = extent
        self.region_rect = QRectF(main.projection.point(north, west), main.projection.point(south, east))
        self.box = self._place_box(extent, QRectF(rect.left(), main.rect.bottom(), rect.width(),
                                                  rect.bottom() - main.rect.bottom()))
        main.unlabelled = {name for name, s in main.nodes.items() if self.region_rect.contains(s.centre)}
        main.obstacles = [self.region_rect]
        main._place_labels()
        self.inset = InsetPainter(main, extent)
        self.inset.layout(self.box)

    def _place_box(self, extent: Extent, strip: QRectF) -> QRectF:
        """As large as the band under the map allows at the region's shape, under the region if it can."""
        margin = MARGIN * self.main.unit
        area = strip.adjusted(margin, margin, -margin, -margin)
        aspect = (extent[1] - extent[0]) / (extent[3] - extent[2])
        height = min(area.height(), area.width() / aspect)
        width = height * aspect
        left = min(max(self.region_rect.center().x() - width / 2, area.left()), area.right() - width)
        return QRectF(left, area.top(), width, height)

    def magnification(self) -> float:
        return self.box.width() / (self.region_rect.width() or 1)

    def paint(self, painter: QPainter, *, highlight: object = None) -> None:
        painter.fillRect(self.rect, QColor("#FFFFFF"))
        self.main.paint(painter, highlight=highlight)
        if self.inset is None:
            return
        u = self.main.unit
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QPen(style.TEXT, 1.4 * u)
        painter.setPen(frame)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.region_rect)
        near, far = _facing_corners(self.region_rect, self.box)
        painter.setPen(QPen(style.MUTED_TEXT, 0.9 * u, Qt.PenStyle.DashLine))
        for a, b in zip(near, far):
            painter.drawLine(a, b)
        painter.restore()
        self.inset.paint(painter, highlight=highlight)
        painter.save()
        painter.setPen(QPen(style.TEXT, 1.6 * u))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.box)
        font = self.main._label_font()
        painter.setFont(font)
        tag = f"Inset ×{self.magnification():.1f}"
        tag_box = QRectF(self.box.left(), self.box.top(), painter.fontMetrics().horizontalAdvance(tag) + 12 * u,
                         painter.fontMetrics().height() + 6 * u)
        painter.fillRect(tag_box, QColor(255, 255, 255, 225))
        painter.setPen(style.TEXT)
        painter.drawText(tag_box, Qt.AlignmentFlag.AlignCenter, tag)
        painter.restore()


def _facing_corners(region: QRectF, box: QRectF) -> tuple[list[QPointF], list[QPointF]]:
    """Two corners of the region and the matching two of the box, on the sides that face each other."""
    if box.left() >= region.right():
        return [region.topRight(), region.bottomRight()], [box.topLeft(), box.bottomLeft()]
    if box.right() <= region.left():
        return [region.topLeft(), region.bottomLeft()], [box.topRight(), box.bottomRight()]
    if box.top() >= region.bottom():
        return [region.bottomLeft(), region.bottomRight()], [box.topLeft(), box.topRight()]
    return [region.topLeft(), region.topRight()], [box.bottomLeft(), box.bottomRight()]
