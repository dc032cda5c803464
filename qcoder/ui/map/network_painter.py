"""Paints the collaboration network: organisations on a world map (or force-directed), dashed links.

The painter lays the figure out for a rectangle (:meth:`NetworkPainter.layout`), paints it with
any ``QPainter`` — a widget, a ``QImage`` or a ``QSvgGenerator`` — and answers which node or
link lies under a point, so the window can list the quotes behind it.

The world map shows the organisations' extent (not the whole globe); the window can zoom and
pan it (:meth:`NetworkPainter.set_view`: node sizes and labels stay the same size) and drag a
node, whose place (``places``: lat/lon on the map, 0–1 of the area in the force layout) the
study keeps. Labels never cover one another or a node (:mod:`label_placer`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPathStroker, QPen, QTransform

from qcoder.analysis.collaboration_map import CollaborationMap, MapEdge
from qcoder.analysis.force_layout import force_layout
from qcoder.core.usecases.queries.organisations import MENTIONED_ONLY
from qcoder.core.wording import counted
from qcoder.ui.map import map_style as style
from qcoder.ui.map.label_placer import LabelRequest, place_labels
from qcoder.ui.map.network_legend import paint_legend
from qcoder.ui.map.network_shapes import LinkShape, NodeShape
from qcoder.ui.map.world_outline import Projection, land_path

LAYOUTS = ("geographic", "force")


class NetworkPainter:
    def __init__(
        self, network: CollaborationMap, layout: str = "geographic", *, title: str = "Collaboration network",
        places: dict[str, tuple[float, float]] | None = None, fit: bool = True,
    ) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}")
        self.network = network
        self.layout_name = layout
        self.title = title
        self.places = dict(places or {})
        """Where nodes were dragged: (lat, lon) on the world map, (x, y) from 0 to 1 in the force layout."""
        self.fit = fit
        self.zoom = 1.0
        self.offset = QPointF()
        self.projection = Projection(QRectF(0, 0, 360, 142))
        self._frozen: tuple[float, float, float, float] | None = None
        """The extent kept while a node is dragged, so that the map holds still under the mouse."""
        self._force_area = QRectF()
        self.nodes: dict[str, NodeShape] = {}
        self.links: list[LinkShape] = []
        self.unplaced: list[str] = []
        self.rect = QRectF()
        self.map_rect = QRectF()
        self.unit = 1.0
        self.max_weight = 1
        self.unlabelled: set[str] = set()
        """Nodes drawn without a label (an inset shows them larger)."""
        self.obstacles: list[QRectF] = []
        self._legend_corner = (False, True)  # (right, bottom): where the legend covers fewest nodes
        """More boxes labels must keep clear of (an inset)."""

    # -- layout -------------------------------------------------------------------------

    @staticmethod
    def preferred_height(width: float) -> float:
        return width / Projection.aspect() + 76 * max(0.7, width / 1600.0)

    def layout(self, rect: QRectF) -> None:
        self.rect = QRectF(rect)
        self.unit = max(0.7, rect.width() / 1600.0)
        header = 64 * self.unit
        available = QRectF(rect.left(), rect.top() + header, rect.width(), rect.height() - header)
        height = min(available.height(), available.width() / Projection.aspect())
        width = height * Projection.aspect()
        top = available.top() + max(0.0, (available.height() - height) / 2)
        self.map_rect = QRectF(available.left() + (available.width() - width) / 2, top, width, height)
        positions = {name: self._viewed(point) for name, point in self._base_positions().items()}
        degree = {n.name: n.mentions_made + n.mentions_received for n in self.network.nodes}
        # Sizes grow with the square root of the evidence, capped so that dense maps stay legible.
        node_scale = min(2.2, 13.0 / math.sqrt(max(degree.values(), default=1) or 1))
        self.nodes = {
            name: NodeShape(node, positions[name], (5.0 + node_scale * math.sqrt(degree[name])) * self.unit)
            for name, node in ((n.name, n) for n in self.network.nodes) if name in positions
        }
        self.unplaced = [n.name for n in self.network.nodes if n.name not in positions]
        self._legend_corner = min(((False, True), (True, True), (False, False), (True, False)), key=self._covered)
        self._layout_links()
        weights = [link.weight for link in self.links]
        self.min_weight, self.max_weight = min(weights, default=1), max(weights, default=1) or 1
        self._place_labels()

    def set_view(self, zoom: float, offset: QPointF) -> None:
        """Zoom about the map's centre and shift by ``offset`` pixels (laid out again by the caller)."""
        self.zoom, self.offset = max(0.5, min(zoom, 40.0)), QPointF(offset)

    def _viewed(self, point: QPointF) -> QPointF:
        centre = self.map_rect.center()
        return centre + (point - centre) * self.zoom + self.offset

    def _unviewed(self, point: QPointF) -> QPointF:
        centre = self.map_rect.center()
        return centre + (point - self.offset - centre) / self.zoom

    def _base_positions(self) -> dict[str, QPointF]:
        return self._geographic() if self.layout_name == "geographic" else self._force()

    def _geographic(self) -> dict[str, QPointF]:
        placed: dict[str, tuple[float, float]] = {}
        for n in self.network.nodes:
            if n.name in self.places:
                placed[n.name] = self.places[n.name]
            elif n.lat is not None and n.lon is not None:
                placed[n.name] = (n.lat, n.lon)
        extent = self._frozen or (
            Projection.fitted(list(placed.values()), Projection.aspect()) if self.fit else None
        )
        self.projection = Projection(self.map_rect, extent)
        return {name: self.projection.point(lat, lon) for name, (lat, lon) in placed.items()}

    def place_of(self, point: QPointF) -> tuple[float, float]:
        """What to keep for a node dropped at ``point``: (lat, lon), or (x, y) in the force area."""
        base = self._unviewed(point)
        if self.layout_name == "geographic":
            lat, lon = self.projection.position(base)
            return round(lat, 4), round(lon, 4)
        area = self._force_area
        return (round((base.x() - area.left()) / (area.width() or 1), 4),
                round((base.y() - area.top()) / (area.height() or 1), 4))

    def move_node(self, name: str, point: QPointF) -> None:
        """Put a node at ``point`` (while it is dragged) and lay the figure out again."""
        if self._frozen is None:
            p = self.projection
            self._frozen = (p.west, p.east, p.south, p.north)
        self.places[name] = self.place_of(point)
        self.layout(self.rect)

    def release(self) -> None:
        """The drag is over: fit the extent again (the caller lays the figure out)."""
        self._frozen = None

    def _force(self) -> dict[str, QPointF]:
        names = list(dict.fromkeys(n.name for n in self.network.nodes))
        if not names:
            return {}
        weights: dict[tuple[str, str], float] = {}
        for edge in self.network.edges:
            pair = (edge.source, edge.target) if edge.source <= edge.target else (edge.target, edge.source)
            weights[pair] = weights.get(pair, 0.0) + edge.weight
        raw = force_layout(names, weights, k=1.3 / math.sqrt(len(names)), iterations=200, seed=7)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        margin = 90 * self.unit
        legend = self._legend_rect()
        area = self.map_rect.adjusted(legend.width() + margin * 0.5, margin * 0.5, -margin * 2.2, -margin * 0.5)
        self._force_area = area
        relative = {name: ((x - min(xs)) / span_x, (y - min(ys)) / span_y) for name, (x, y) in raw.items()}
        relative.update({name: place for name, place in self.places.items() if name in relative})
        return {
            name: QPointF(area.left() + x * area.width(), area.top() + y * area.height())
            for name, (x, y) in relative.items()
        }

    def _layout_links(self) -> None:
        merged: dict[tuple[str, str], list[MapEdge]] = {}
        for edge in self.network.edges:
            if edge.source in self.nodes and edge.target in self.nodes:
                first, second = sorted((edge.source, edge.target))
                merged.setdefault((first, second), []).append(edge)
        self.links = []
        for (a, b), edges in sorted(merged.items()):
            link = LinkShape(a, b, edges)
            start, end = self.nodes[a].centre, self.nodes[b].centre
            middle = (start + end) / 2
            dx, dy = end.x() - start.x(), end.y() - start.y()
            bend = 0.14
            control = QPointF(middle.x() - dy * bend, middle.y() + dx * bend)
            link.path.moveTo(start)
            link.path.quadTo(control, end)
            self.links.append(link)
        self.links.sort(key=lambda link: link.weight)

    def _place_labels(self) -> None:
        font = self._label_font()
        font.setBold(True)  # measure as the widest way a label is drawn
        metrics = QFontMetricsF(font)
        visible = [s for s in self.nodes.values() if self.map_rect.contains(s.centre) and s.node.name not in self.unlabelled]
        pad = self._label_pad()
        requests = [
            LabelRequest(s.node.name, s.centre, s.radius, metrics.horizontalAdvance(s.node.name) + 4 + 2 * pad,
                         metrics.height() + 2 * pad)
            for s in sorted(visible, key=lambda s: (-s.radius, s.node.name))
        ]
        nodes = [(s.centre, s.radius) for s in self.nodes.values()]
        placed = place_labels(requests, nodes, self.map_rect.adjusted(2, 2, -2, -2),
                              [self._legend_rect(), *self.obstacles], 3 * self.unit)
        for shape in self.nodes.values():
            found = placed.get(shape.node.name)
            shape.label = found.box if found else QRectF()
            shape.leader = found.leader if found else None

    def _label_pad(self) -> float:
        """Room around a label's text for its white halo, so that two halos never meet."""
        return 2.0 * self.unit

    def label_baseline(self, shape: NodeShape) -> QPointF:
        """Where a label's text starts (its box holds the text and the halo around it)."""
        font = self._label_font()
        pad = self._label_pad()
        return QPointF(shape.label.left() + 2 + pad, shape.label.top() + pad + QFontMetricsF(font).ascent())

    # -- painting -----------------------------------------------------------------------

    def _label_font(self):
        result = style.font(9)
        result.setPixelSize(max(11, round(13 * self.unit)))
        return result

    def paint(self, painter: QPainter, *, highlight: object = None) -> None:
        """Paint the laid-out figure; ``highlight`` is a node name or a (a, b) link to stress."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect, style.OCEAN)
        if self.layout_name == "geographic":
            self._paint_world(painter)
        self._paint_header(painter)
        for link in self.links:
            self._paint_link(painter, link, highlight)
        painter.save()
        painter.setClipRect(self.map_rect)
        for shape in sorted(self.nodes.values(), key=lambda s: (s.node.category != MENTIONED_ONLY, s.radius)):
            self._paint_node(painter, shape, highlight)
        painter.restore()
        for shape in self.nodes.values():
            if not shape.label.isEmpty():
                self._paint_label(painter, shape)
        self._paint_legend(painter)
        painter.restore()

    def _paint_world(self, painter: QPainter) -> None:
        painter.save()
        painter.setClipRect(self.map_rect)
        centre = self.map_rect.center()
        view = QTransform.fromTranslate(-centre.x(), -centre.y()) * QTransform.fromScale(self.zoom, self.zoom) \
            * QTransform.fromTranslate(centre.x() + self.offset.x(), centre.y() + self.offset.y())
        painter.setTransform(self.projection.transform() * view, True)
        pen = QPen(style.COASTLINE, 0.6)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(style.LAND)
        painter.drawPath(land_path())
        painter.restore()
        painter.setPen(QPen(style.GRID, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.map_rect)

    def _paint_header(self, painter: QPainter) -> None:
        u = self.unit
        left = self.rect.left() + 24 * u
        title_font = style.font(12, bold=True)
        title_font.setPixelSize(round(22 * u))
        painter.setFont(title_font)
        painter.setPen(style.TEXT)
        painter.drawText(QPointF(left, self.rect.top() + 30 * u), self.title)
        sub = style.font(9)
        sub.setPixelSize(max(11, round(13 * u)))
        painter.setFont(sub)
        painter.setPen(style.MUTED_TEXT)
        painter.drawText(QPointF(left, self.rect.top() + 52 * u), self.subtitle())

    def subtitle(self) -> str:
        passages = sum(link.weight for link in self.links)
        parts = [
            counted(len(self.nodes), "organisation"), counted(len(self.links), "link"), counted(passages, "passage"),
            "a dashed link: one organisation mentions the other in a collaborative context; width = passages",
        ]
        filters = self.network.filters
        if filters.with_codes:
            parts.append("with " + " & ".join(filters.with_codes))
        if filters.coder:
            parts.append(f"coder {filters.coder}")
        for name, value in filters.attributes:
            parts.append(f"mentions by {name} = {value}")
        if filters.unit != "overlap":
            parts.append(f"coded together = same {filters.unit}")
        if self.unplaced and self.layout_name == "geographic":
            parts.append(f"{len(self.unplaced)} without a position (listed beside the map)")
        consensus = getattr(filters, "consensus", None)
        if consensus is not None:
            parts.append("passages coded by all coders" if consensus == "all" else f"passages coded by ≥ {consensus} coders")
        return " · ".join(parts)

    def link_width(self, weight: int) -> float:
        """From 1 to 7 pixels (at 1600 wide) across the data's range of passages per link."""
        span = self.max_weight - self.min_weight
        share = 0.5 if span <= 0 else (weight - self.min_weight) / span
        return (1.0 + 6.0 * max(0.0, min(1.0, share))) * self.unit

    def link_colour(self) -> QColor:
        """Fainter links when there are many, so that the nodes stay readable."""
        colour = QColor(style.EDGE)
        if len(self.links) > 80:
            colour.setAlpha(max(40, round(style.EDGE.alpha() * math.sqrt(80 / len(self.links)))))
        return colour

    def _paint_link(self, painter: QPainter, link: LinkShape, highlight: object) -> None:
        stressed = highlight == (link.a, link.b) or highlight in (link.a, link.b)
        pen = QPen(style.EDGE_HIGHLIGHT if stressed else self.link_colour(), self.link_width(link.weight))
        pen.setStyle(Qt.PenStyle.CustomDashLine)
        pen.setDashPattern([4.0, 2.6])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.save()
        painter.setClipRect(self.map_rect)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(link.path)
        painter.restore()

    def _paint_node(self, painter: QPainter, shape: NodeShape, highlight: object) -> None:
        category = shape.node.category
        outline = style.EDGE_HIGHLIGHT if highlight == shape.node.name else style.outline_for(category)
        painter.setPen(QPen(outline, (2.4 if highlight == shape.node.name else 1.4) * self.unit))
        painter.setBrush(QBrush(style.fill_for(category)))
        painter.drawEllipse(shape.centre, shape.radius, shape.radius)

    def _paint_label(self, painter: QPainter, shape: NodeShape) -> None:
        """Text with a white halo made of offset copies: it stays text in an SVG (small, editable)."""
        font = self._label_font()
        font.setBold(shape.node.category != MENTIONED_ONLY)
        if shape.leader is not None:
            painter.setPen(QPen(style.MUTED_TEXT, 0.8 * self.unit))
            painter.drawLine(*shape.leader)
        painter.setFont(font)
        baseline = self.label_baseline(shape)
        halo = 1.4 * self.unit
        painter.setPen(QColor(255, 255, 255, 235))
        for dx, dy in ((-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)):
            painter.drawText(baseline + QPointF(dx * halo, dy * halo), shape.node.name)
        painter.setPen(style.TEXT if shape.node.category != MENTIONED_ONLY else style.MUTED_TEXT)
        painter.drawText(baseline, shape.node.name)

    def _legend_rect(self) -> QRectF:
        """As wide as its longest label needs: the label font does not shrink below 11 px with the figure."""
        u = self.unit
        metrics = QFontMetricsF(self._label_font())
        widest = max(metrics.horizontalAdvance(text) for text in style.LEGEND_LABELS.values())
        width, height = max(300 * u, 34 * u + widest + 12 * u), 176 * u
        if self.rect.bottom() - self.map_rect.bottom() >= height + 12 * u:  # room under the map: no node covered
            return QRectF(self.map_rect.left() + 12 * u, self.map_rect.bottom() + 6 * u, width, height)
        right, bottom = self._legend_corner
        return QRectF(self.map_rect.right() - width - 12 * u if right else self.map_rect.left() + 12 * u,
                      self.map_rect.bottom() - height - 12 * u if bottom else self.map_rect.top() + 12 * u, width, height)

    def _covered(self, corner: tuple[bool, bool]) -> int:
        """How many nodes the legend would cover in ``corner`` of the map (South America's, on a world map)."""
        self._legend_corner = corner
        box = self._legend_rect()
        return sum(box.adjusted(-s.radius, -s.radius, s.radius, s.radius).contains(s.centre) for s in self.nodes.values())

    def _paint_legend(self, painter: QPainter) -> None:  # an inset paints none
        paint_legend(self, painter, self._legend_rect())

    # -- hit testing --------------------------------------------------------------------

    def node_at(self, point: QPointF) -> str | None:
        for name, shape in self.nodes.items():
            if not self.map_rect.contains(shape.centre):
                continue
            if (shape.centre - point).manhattanLength() <= shape.radius * 1.5 or shape.label.contains(point):
                return name
        return None

    def link_at(self, point: QPointF) -> LinkShape | None:
        stroker = QPainterPathStroker()
        for link in reversed(self.links):
            stroker.setWidth(max(8.0, self.link_width(link.weight) + 6))
            if stroker.createStroke(link.path).contains(point):
                return link
        return None
