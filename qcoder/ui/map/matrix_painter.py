"""Paints a code matrix (stage × on-ramp by default) as a shaded table with counts."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from qcoder.analysis.code_matrix import CodeMatrix
from qcoder.ui.colours import readable_text_colour
from qcoder.ui.map import map_style as style

SHADE = QColor("#0D5CDF")


class MatrixPainter:
    def __init__(self, matrix: CodeMatrix, *, title: str | None = None) -> None:
        self.matrix = matrix
        self.title = title or f"{matrix.row_group} × {matrix.column_group}"
        self.rect = QRectF()
        self.unit = 1.0
        self.grid = QRectF()
        self.cell = (0.0, 0.0)

    def _label_font(self):
        font = style.font(9)
        font.setPixelSize(max(11, round(12 * self.unit)))
        return font

    def _geometry(self, width: float) -> tuple[float, float, float]:
        """(row label width, column label height, cell height) for a figure ``width`` wide."""
        self.unit = u = max(0.7, width / 1600.0)
        metrics = QFontMetricsF(self._label_font())
        row_label = min(width * 0.3, max((metrics.horizontalAdvance(n) for n in self.matrix.rows.names), default=60) + 30 * u)
        column_label = min(340 * u, max((metrics.horizontalAdvance(n) for n in self.matrix.columns.names), default=60) * 0.72 + 30 * u)
        return row_label, column_label, max(26.0, 34 * u)

    def preferred_height(self, width: float) -> float:
        _, column_label, cell_height = self._geometry(width)
        return 80 * self.unit + column_label + cell_height * max(1, len(self.matrix.rows.names)) + 48 * self.unit

    def layout(self, rect: QRectF) -> None:
        self.rect = QRectF(rect)
        row_label, column_label, cell_height = self._geometry(rect.width())
        u = self.unit
        columns = max(1, len(self.matrix.columns.names))
        left = rect.left() + 24 * u + row_label
        cell_width = max(22.0, min(90 * u, (rect.right() - 120 * u - left) / columns))
        # the slanted column labels run up to the right: narrower cells rather than labels cut at the edge
        metrics = QFontMetricsF(self._label_font())
        for c, name in enumerate(self.matrix.columns.names):
            room = rect.right() - 12 * u - left - metrics.horizontalAdvance(name) * 0.71
            if room > 0:
                cell_width = max(22.0, min(cell_width, room / (c + 0.5)))
        top = rect.top() + 80 * u + column_label
        self.grid = QRectF(left, top, cell_width * columns, cell_height * max(1, len(self.matrix.rows.names)))
        self.cell = (cell_width, cell_height)

    def whose(self) -> str:
        """Whose coding the cells count, when it is not every coder's."""
        matrix = self.matrix
        parts = [f"{matrix.coder}'s codings only"] if matrix.coder else []
        if matrix.consensus == "all":
            parts.append("passages coded by all coders (the coders' agreement)")
        elif matrix.consensus is not None:
            parts.append(f"passages coded by at least {matrix.consensus} coders (the coders' agreement)")
        return "".join(f" · {part}" for part in parts)

    def paint(self, painter: QPainter, *, highlight: object = None) -> None:
        u = self.unit
        matrix = self.matrix
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect, QColor("#FFFFFF"))
        title = style.font(12, bold=True)
        title.setPixelSize(round(22 * u))
        painter.setFont(title)
        painter.setPen(style.TEXT)
        painter.drawText(QPointF(self.rect.left() + 24 * u, self.rect.top() + 30 * u), self.title)
        font = self._label_font()
        painter.setFont(font)
        painter.setPen(style.MUTED_TEXT)
        measure = {
            "passages": "passages (distinct coded spans, once however many coders coded them)",
            "codings": "codings (one per coder and passage)",
        }.get(matrix.measure, "distinct organisations")
        painter.drawText(QPointF(self.rect.left() + 24 * u, self.rect.top() + 52 * u),
                         f"cell = {measure} of the column code coded together with the row code{self.whose()}")
        width, height = self.cell
        most = max(1, matrix.maximum())
        for c, name in enumerate(matrix.columns.names):
            x = self.grid.left() + (c + 0.5) * width
            painter.save()
            painter.translate(x, self.grid.top() - 8 * u)
            painter.rotate(-45)
            painter.setPen(style.TEXT)
            painter.drawText(QPointF(0, 0), name)
            painter.restore()
        for r, name in enumerate(matrix.rows.names):
            y = self.grid.top() + r * height
            painter.setPen(style.TEXT)
            painter.drawText(QRectF(self.rect.left() + 24 * u, y, self.grid.left() - self.rect.left() - 34 * u, height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            for c, column in enumerate(matrix.columns.names):
                value = matrix.value(name, column)
                cell = QRectF(self.grid.left() + c * width, y, width, height)
                shade = QColor(SHADE)
                shade.setAlphaF(0.08 + 0.85 * value / most if value else 0.0)
                painter.setPen(QPen(QColor("#FFFFFF"), 1.5 * u))
                painter.setBrush(shade if value else QColor("#F6F8FA"))
                painter.drawRect(cell)
                if highlight == (name, column):
                    painter.setPen(QPen(style.EDGE_HIGHLIGHT, 2.5 * u))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(cell.adjusted(1, 1, -1, -1))
                if value:
                    blended = _over_white(shade)
                    painter.setPen(readable_text_colour(blended))
                    painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(value))
        painter.restore()

    def cell_at(self, point: QPointF) -> tuple[str, str] | None:
        if not self.grid.contains(point):
            return None
        width, height = self.cell
        column = int((point.x() - self.grid.left()) // width)
        row = int((point.y() - self.grid.top()) // height)
        if 0 <= row < len(self.matrix.rows.names) and 0 <= column < len(self.matrix.columns.names):
            return self.matrix.rows.names[row], self.matrix.columns.names[column]
        return None


def _over_white(colour: QColor) -> QColor:
    alpha = colour.alphaF()
    return QColor.fromRgbF(*(1 - alpha + alpha * channel for channel in (colour.redF(), colour.greenF(), colour.blueF())))
