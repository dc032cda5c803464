"""Where the lines of a document view lie, for the many stripe ends a margin paint needs.

Far cheaper than ``cursorRect``: the line that holds a position (its block, its y in the block and
its height) stays put while the view scrolls, so it is looked up once and kept until the text,
its width or its font change; only the blocks' tops in the viewport are found again after a
scroll, once per block.
"""

from __future__ import annotations

from PySide6.QtGui import QTextLayout

from qcoder.ui.document.document_view import DocumentView


class LineGeometry:
    """Viewport y of the top and bottom of the line holding a Qt position."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self._key: tuple[object, ...] = ()
        self._places: dict[int, tuple[int, float, float]] = {}
        """Qt position: (block number, the line's y in the block, its height)."""
        self._tops: dict[int, float] = {}
        self._view_key: tuple[object, ...] = ()
        view.document().contentsChange.connect(self.forget)

    def forget(self, *_change: object) -> None:
        """The text was laid out anew (its contents or formats changed): measure again."""
        self._places.clear()
        self._tops.clear()

    def check(self) -> None:
        """Forget the lines when the view's width or font changed, the blocks' tops when it scrolled."""
        view = self.view
        document = view.document()
        key = (view.viewport().width(), document.defaultFont().key(), document.documentLayout())
        if key != self._key:
            self._key = key
            self._places.clear()
        view_key = (key, view.firstVisibleBlock().blockNumber(), view.contentOffset().y())
        if view_key != self._view_key:
            self._view_key = view_key
            self._tops.clear()

    def _line(self, position: int) -> tuple[float, float]:
        place = self._places.get(position)
        if place is None:
            block = self.view.document().findBlock(position)
            layout: QTextLayout = block.layout()
            line = layout.lineForTextPosition(position - block.position())
            if not line.isValid():  # not laid out yet: measured again next time
                top = self._top(block.blockNumber())
                return top, top + 12
            place = self._places[position] = (block.blockNumber(), line.y(), line.height())
        number, y, height = place
        top = self._top(number)
        return top + y, top + y + height

    def _top(self, number: int) -> float:
        top = self._tops.get(number)
        if top is None:
            view = self.view
            block = view.document().findBlockByNumber(number)
            top = self._tops[number] = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
        return top

    def top(self, position: int) -> int:
        return int(self._line(position)[0])

    def bottom(self, position: int) -> int:
        return int(self._line(position)[1])
