"""Where the lines of a document view lie, looked up once per block for many positions."""

from __future__ import annotations

from qcoder.ui.document.document_view import DocumentView


class LineGeometry:
    """Viewport y of the line holding a Qt position, with each block's geometry looked up once.

    Far cheaper than ``cursorRect`` for the hundreds of stripe ends a repaint needs.
    """

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.document = view.document()
        self.offset = view.contentOffset()
        self._blocks: dict[int, tuple[float, object, int]] = {}

    def _line(self, position: int) -> tuple[float, float]:
        block = self.document.findBlock(position)
        number = block.blockNumber()
        cached = self._blocks.get(number)
        if cached is None:
            top = self.view.blockBoundingGeometry(block).translated(self.offset).top()
            cached = self._blocks[number] = (top, block.layout(), block.position())
        top, layout, start = cached
        line = layout.lineForTextPosition(position - start)  # type: ignore[attr-defined]  # the cached block layout is a QTextLayout
        if not line.isValid():
            return top, top + 12
        return top + line.y(), top + line.y() + line.height()

    def top(self, position: int) -> int:
        return int(self._line(position)[0])

    def bottom(self, position: int) -> int:
        return int(self._line(position)[1])
