"""A widget that shows one map figure and reports what lies under the mouse.

It lays its painter out for its own size (the lifecycle board grows tall and sits in a scroll
area), highlights what is hovered, and emits ``hovered``/``picked`` with a key: a node name, a
(a, b) link, a (stage, item) board entry or a (row, column) matrix cell.

On the network it also zooms (wheel, ``+``/``-``), pans (drag the background, Shift+arrows),
fits (``0``, :meth:`fit`) and lets a node be dragged; ``node_moved`` then gives its new place.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from qcoder.ui.map.board_painter import BoardPainter
from qcoder.ui.map.matrix_painter import MatrixPainter
from qcoder.ui.map.network_painter import NetworkPainter

Figure = NetworkPainter | BoardPainter | MatrixPainter


class MapCanvas(QWidget):
    hovered = Signal(object)
    """A key (see the module doc) or ``None`` when the mouse leaves everything."""
    picked = Signal(object)
    activated = Signal(object)
    """A key double-clicked."""
    node_moved = Signal(str, object)
    """(organisation, place) after a node was dragged: see ``NetworkPainter.places``."""

    def __init__(self, parent: QWidget | None = None, *, grows: bool = False) -> None:
        super().__init__(parent)
        self.figure: Figure | None = None
        self.highlight: object = None
        self._grows = grows
        self._laid_out_for: tuple[float, float] | None = None
        self.zoom = 1.0
        self.offset = QPointF()
        self._dragging: str | None = None
        self._press = QPointF()
        self._panning_from: QPointF | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("Hover or click to list the quotes; ←/→ step through, Enter opens")
        self.setMinimumSize(480, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_figure(self, figure: Figure | None) -> None:
        self.figure = figure
        self._laid_out_for = None
        if isinstance(figure, NetworkPainter):
            figure.set_view(self.zoom, self.offset)
        if figure is not None and self._grows:
            self.setMinimumHeight(round(figure.preferred_height(max(self.width(), 480))))
        self._ensure_layout()  # laid out now, so what it shows can be asked before it is painted
        self.update()

    def event(self, event: QEvent) -> bool:
        """A figure may have a tip of its own for a place (the board: a stage's whole definition)."""
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip and isinstance(self.figure, BoardPainter):
            tip = self.figure.tip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
                return True
        return super().event(event)

    def sizeHint(self) -> QSize:
        return QSize(1100, 640)

    def _ensure_layout(self) -> None:
        if self.figure is None:
            return
        size = (float(self.width()), float(self.height()))
        if self._laid_out_for != size:
            if self._grows:
                wanted = round(self.figure.preferred_height(self.width()))
                if wanted != self.minimumHeight():
                    self.setMinimumHeight(wanted)
            self.figure.layout(QRectF(0, 0, *size))
            self._laid_out_for = size

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._ensure_layout()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if self.figure is None:
                painter.fillRect(self.rect(), Qt.GlobalColor.white)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing to show yet")
                return
            self._ensure_layout()
            self.figure.paint(painter, highlight=self.highlight)
        finally:
            painter.end()

    def key_at(self, point: QPointF) -> object:
        self._ensure_layout()
        figure = self.figure
        if isinstance(figure, NetworkPainter):
            node = figure.node_at(point)
            if node is not None:
                return node
            link = figure.link_at(point)
            return None if link is None else (link.a, link.b)
        if isinstance(figure, BoardPainter):
            found = figure.item_at(point)
            return None if found is None else (found[0], found[1].name)
        if isinstance(figure, MatrixPainter):
            return figure.cell_at(point)
        return None

    def keys(self) -> list[object]:
        """Everything that can be picked, in reading order (for the keyboard)."""
        self._ensure_layout()
        figure = self.figure
        if isinstance(figure, NetworkPainter):
            return [*sorted(figure.nodes), *((link.a, link.b) for link in sorted(figure.links, key=lambda link: (link.a, link.b)))]
        if isinstance(figure, BoardPainter):
            return [(box.stage, box.item.name) for box in figure.boxes]
        if isinstance(figure, MatrixPainter):
            matrix = figure.matrix
            return [(r, c) for r in matrix.rows.names for c in matrix.columns.names if matrix.value(r, c)]
        return []

    def step(self, offset: int) -> None:
        """Pick the next (or previous) key after the highlighted one."""
        keys = self.keys()
        if not keys:
            return
        position = keys.index(self.highlight) if self.highlight in keys else (-1 if offset > 0 else 0)
        self.highlight = keys[(position + offset) % len(keys)]
        self.update()
        self.picked.emit(self.highlight)

    # -- zoom, pan, drag (the network) ----------------------------------------------------

    def set_view(self, zoom: float, offset: QPointF) -> None:
        if not isinstance(self.figure, NetworkPainter):
            return
        self.figure.set_view(zoom, offset)
        self.zoom, self.offset = self.figure.zoom, QPointF(self.figure.offset)
        self._laid_out_for = None
        self._ensure_layout()
        self.update()

    def fit(self) -> None:
        """Back to the whole extent of the organisations."""
        self.set_view(1.0, QPointF())

    def zoom_by(self, factor: float, around: QPointF | None = None) -> None:
        """Zoom keeping the point ``around`` (default: the map's centre) where it is."""
        if not isinstance(self.figure, NetworkPainter):
            return
        centre = self.figure.map_rect.center()
        around = centre if around is None else around
        zoom = max(0.5, min(self.zoom * factor, 40.0))
        base = centre + (around - centre - self.offset) / self.zoom
        self.set_view(zoom, around - centre - (base - centre) * zoom)

    def pan_by(self, dx: float, dy: float) -> None:
        self.set_view(self.zoom, self.offset + QPointF(dx, dy))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not isinstance(self.figure, NetworkPainter):
            super().wheelEvent(event)
            return
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.25 ** steps, event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        network = isinstance(self.figure, NetworkPainter)
        shifted = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        pans = {Qt.Key.Key_Left: (60, 0), Qt.Key.Key_Right: (-60, 0), Qt.Key.Key_Up: (0, 60), Qt.Key.Key_Down: (0, -60)}
        if network and event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif network and event.key() == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif network and event.key() == Qt.Key.Key_0:
            self.fit()
        elif network and shifted and event.key() in pans:
            self.pan_by(*pans[event.key()])  # type: ignore[index]  # Qt.Key keys; event.key() is an int in the stubs
        elif event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.step(1)
        elif event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.step(-1)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.highlight is not None:
            self.activated.emit(self.highlight)
        else:
            super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging is not None and isinstance(self.figure, NetworkPainter) \
                and (event.position() - self._press).manhattanLength() > 3:
            self.figure.move_node(self._dragging, event.position())
            self.update()
            return
        if self._panning_from is not None:
            delta = event.position() - self._panning_from
            self._panning_from = event.position()
            self.pan_by(delta.x(), delta.y())
            return
        key = self.key_at(event.position())
        if key != self.highlight:
            self.highlight = key
            self.setCursor(Qt.CursorShape.PointingHandCursor if key is not None else Qt.CursorShape.ArrowCursor)
            self.update()
            self.hovered.emit(key)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            key = self.key_at(event.position())
            if key is not None:
                self.highlight = key
                self.update()
                self.picked.emit(key)
            if isinstance(self.figure, NetworkPainter):
                if isinstance(key, str):
                    self._dragging, self._press = key, event.position()
                elif key is None:
                    self._panning_from = event.position()
                    self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        name, self._dragging = self._dragging, None
        self._panning_from = None
        self.setCursor(Qt.CursorShape.ArrowCursor)
        if name is not None and isinstance(self.figure, NetworkPainter) \
                and (event.position() - self._press).manhattanLength() > 3:
            self.figure.release()
            self._laid_out_for = None
            self._ensure_layout()
            self.update()
            self.node_moved.emit(name, self.figure.places[name])

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        key = self.key_at(event.position())
        if key is not None:
            self.activated.emit(key)
