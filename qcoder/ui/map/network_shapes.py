"""What the network painter draws, as plain shapes: a node with its label (and leader line), a
link merging both directions between two organisations."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from qcoder.analysis.collaboration_map import MapEdge, MapNode


@dataclass
class NodeShape:
    node: MapNode
    centre: QPointF
    radius: float
    label: QRectF = field(default_factory=QRectF)
    leader: tuple[QPointF, QPointF] | None = None


@dataclass
class LinkShape:
    """One drawn link: both directions between two organisations merged."""

    a: str
    b: str
    edges: list[MapEdge]
    path: QPainterPath = field(default_factory=QPainterPath)

    @property
    def weight(self) -> int:
        return sum(e.weight for e in self.edges)
