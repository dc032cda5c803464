"""Places the map's labels so that none covers another label, a node, the legend or the edge.

Each label tries positions around its node — 16 directions, on rings ever farther out — and
takes the first ring that has a free position (directions in the order a reader expects: right,
left, above, below, then the diagonals). A label set off from its node gets a leader line.
Only when no ring up to the farthest has room does it take the least-covered position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

DIRECTIONS = (0, 180, 270, 90, 315, 225, 45, 135, 337.5, 202.5, 292.5, 247.5, 22.5, 157.5, 67.5, 112.5)
"""Degrees, screen convention (90 is down): right, left, above, below, the diagonals, the rest."""
RINGS = (0.0, 0.7, 1.4, 2.2, 3.2, 4.5, 6.0, 8.0)
"""How far out, in label heights beyond the first gap, each ring of positions lies."""
LEADER_FROM = 1.2
"""Rings farther than this many label heights get a leader line."""


@dataclass(frozen=True)
class Placed:
    box: QRectF
    leader: tuple[QPointF, QPointF] | None
    """From the node's rim to the label, when the label sits apart."""


@dataclass(frozen=True)
class LabelRequest:
    key: str
    centre: QPointF
    radius: float
    width: float
    height: float


def place_labels(
    requests: list[LabelRequest], nodes: list[tuple[QPointF, float]], bounds: QRectF, reserved: list[QRectF],
    gap: float,
) -> dict[str, Placed]:
    """A box per request, avoiding every node circle in ``nodes``, the ``reserved`` boxes and
    each other, inside ``bounds``."""
    node_boxes = [QRectF(c.x() - r - 1, c.y() - r - 1, 2 * r + 2, 2 * r + 2) for c, r in nodes]
    taken: list[QRectF] = list(reserved)
    result: dict[str, Placed] = {}
    for request in requests:
        best: tuple[float, QRectF, float] | None = None
        for ring in RINGS:
            distance = request.radius + gap + ring * request.height
            for box in _around(request, distance):
                cost = _cost(box, taken, node_boxes, bounds)
                if best is None or cost < best[0]:
                    best = (cost, box, ring)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, box, ring = best
        taken.append(box)
        leader = _leader(request, box) if ring >= LEADER_FROM else None
        result[request.key] = Placed(box, leader)
    return result


def _around(request: LabelRequest, distance: float) -> list[QRectF]:
    c, w, h = request.centre, request.width, request.height
    boxes = []
    for degrees in DIRECTIONS:
        angle = math.radians(degrees)
        dx, dy = math.cos(angle), math.sin(angle)
        x, y = c.x() + dx * distance, c.y() + dy * distance
        left = x if dx > 0.35 else (x - w if dx < -0.35 else x - w / 2)
        top = y if dy > 0.35 else (y - h if dy < -0.35 else y - h / 2)
        boxes.append(QRectF(left, top, w, h))
    return boxes


def _cost(box: QRectF, taken: list[QRectF], node_boxes: list[QRectF], bounds: QRectF) -> float:
    cost = 0.0
    for other in taken:
        if box.intersects(other):
            cost += 3 * _area(box.intersected(other)) + 1
    for other in node_boxes:
        if box.intersects(other):
            cost += _area(box.intersected(other)) + 1
    if not bounds.contains(box):
        cost += 4 * box.width() * box.height()
    return cost


def _leader(request: LabelRequest, box: QRectF) -> tuple[QPointF, QPointF]:
    c = request.centre
    target = QPointF(min(max(c.x(), box.left()), box.right()), min(max(c.y(), box.top()), box.bottom()))
    dx, dy = target.x() - c.x(), target.y() - c.y()
    length = math.hypot(dx, dy) or 1.0
    rim = QPointF(c.x() + dx / length * request.radius, c.y() + dy / length * request.radius)
    return rim, target


def _area(rect: QRectF) -> float:
    return max(0.0, rect.width()) * max(0.0, rect.height()) if rect.isValid() else 0.0
